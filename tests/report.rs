//! `fidelio report` on a machine without a display: the folder's contents, image sizes and
//! colours, tables, the HTML, and the refusal to write into a non-empty folder.

use std::path::Path;
use std::process::{Command, Output};

fn fidelio(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fidelio"))
        .args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("fidelio runs")
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/survey")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn report_writes_every_chart_table_summary_and_html_without_a_display() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    let out_text = out.display().to_string();
    let result = fidelio(&[
        "report",
        &fixture("google_forms_it.csv"),
        &fixture("problems.csv"),
        "--out",
        &out_text,
        "--lang",
        "en",
        "--size",
        "800x500",
        "--scale",
        "1.5",
    ]);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    for chart in ["nps_trend", "nps_groups", "nps_scores", "nps_by_store"] {
        let png = out.join("charts").join(format!("{chart}.png"));
        let image = image::open(&png)
            .unwrap_or_else(|e| panic!("{}: {e}", png.display()))
            .to_rgba8();
        assert_eq!(image.dimensions(), (800, 500), "{chart}");
        let first = image.get_pixel(0, 0);
        assert!(
            image.pixels().filter(|p| *p != first).count() > 800 * 500 / 50,
            "{chart} is nearly blank"
        );
    }
    // The score chart carries each group's colour (palette: detractor D95F02, promoter 1B9E77).
    let scores = image::open(out.join("charts/nps_scores.png"))
        .unwrap()
        .to_rgb8();
    for colour in [[0xd9, 0x5f, 0x02], [0x1b, 0x9e, 0x77], [0xb8, 0xb8, 0xb8]] {
        assert!(scores.pixels().any(|p| p.0 == colour), "{colour:?} missing");
    }
    for table in [
        "nps_by_period",
        "nps_by_store",
        "nps_comments",
        "nps_follow_up",
    ] {
        for ext in ["csv", "xlsx"] {
            assert!(
                out.join("tables").join(format!("{table}.{ext}")).is_file(),
                "{table}.{ext}"
            );
        }
    }
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    // 10 answers from google_forms_it.csv and 7 from problems.csv (hand counts in expected.json).
    assert_eq!(summary["nps"]["responses"], 17);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert_eq!(
        html.matches("src=\"data:image/png;base64,").count(),
        4,
        "images embedded"
    );
    assert!(html.contains("Net Promoter Score") && html.contains("Who to call back"));
    // The follow-up table names the file and row each detractor came from.
    let follow_up = std::fs::read_to_string(out.join("tables/nps_follow_up.csv")).unwrap();
    assert!(follow_up.contains("problems.csv"));
}

#[test]
fn report_refuses_a_folder_with_files_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keep.txt"), "mine").unwrap();
    let out = dir.path().display().to_string();
    let refused = fidelio(&["report", &fixture("typeform.csv"), "--out", &out]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("not empty"));
    assert!(!dir.path().join("report.html").exists());
    let forced = fidelio(&[
        "report",
        &fixture("typeform.csv"),
        "--out",
        &out,
        "--force",
        "--dark",
        "--lang",
        "it",
    ]);
    assert_eq!(
        forced.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&forced.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("keep.txt")).unwrap(),
        "mine"
    );
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.contains("lang=\"it\"") && html.contains("Chi richiamare"));
}

#[test]
fn a_forced_report_never_writes_over_an_input_in_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().display().to_string();
    let first = fidelio(&["report", &fixture("typeform.csv"), "--out", &out]);
    assert_eq!(first.status.code(), Some(0));
    // The owner keeps an answers file in the report folder, under a name the report writes.
    let answers = std::fs::read(fixture("typeform.csv")).unwrap();
    let input = dir.path().join("summary.json");
    std::fs::write(&input, &answers).unwrap();
    let input_text = input.display().to_string();
    let forced = fidelio(&[
        "report",
        &fixture("typeform.csv"),
        &input_text,
        "--out",
        &out,
        "--force",
    ]);
    let stderr = String::from_utf8_lossy(&forced.stderr);
    assert_eq!(forced.status.code(), Some(1), "{stderr}");
    assert!(
        stderr
            .contains("is one of the files being analysed; a report writes only files of its own"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&input).unwrap(), answers);
}

#[cfg(unix)]
#[test]
fn a_forced_report_never_writes_through_a_link_in_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("precious.txt");
    std::fs::write(&target, "keep me").unwrap();
    std::os::unix::fs::symlink(&target, dir.path().join("report.html")).unwrap();
    let charts = elsewhere.path().join("charts");
    std::fs::create_dir(&charts).unwrap();
    let out = dir.path().display().to_string();
    let forced = fidelio(&["report", &fixture("typeform.csv"), "--out", &out, "--force"]);
    let stderr = String::from_utf8_lossy(&forced.stderr);
    assert_eq!(forced.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("report.html is a link"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    // report.html is written last, but its place was checked first: nothing was written.
    assert!(!dir.path().join("summary.json").exists());
    assert_eq!(
        std::fs::read_dir(dir.path().join("charts"))
            .unwrap()
            .count(),
        0
    );
    // A linked charts folder is refused before anything is written into it.
    std::fs::remove_file(dir.path().join("report.html")).unwrap();
    std::fs::remove_dir_all(dir.path().join("charts")).unwrap();
    std::os::unix::fs::symlink(&charts, dir.path().join("charts")).unwrap();
    let forced = fidelio(&["report", &fixture("typeform.csv"), "--out", &out, "--force"]);
    let stderr = String::from_utf8_lossy(&forced.stderr);
    assert_eq!(forced.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("charts is a link"), "{stderr}");
    assert_eq!(std::fs::read_dir(&charts).unwrap().count(), 0);
}

#[test]
fn report_arguments_are_checked() {
    for args in [
        vec!["report", "x.csv"],
        vec!["report", "x.csv", "--out", "/tmp/x", "--size", "big"],
        vec!["report", "x.csv", "--out", "/tmp/x", "--scale", "0"],
        vec!["report", "x.csv", "--out", "/tmp/x", "--lang", "de"],
    ] {
        assert_eq!(fidelio(&args).status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn a_refused_file_still_gives_a_report_of_the_others_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r").display().to_string();
    let result = fidelio(&[
        "report",
        &fixture("picture.csv"),
        &fixture("typeform.csv"),
        "--out",
        &out,
    ]);
    assert_eq!(result.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&result.stderr).contains("picture.csv: "));
    assert!(dir.path().join("r/charts/nps_scores.png").is_file());
}

fn demo(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/demo")
        .join(name)
        .display()
        .to_string()
}

/// The figures `assets/demo/generate.py` counted from the files it wrote, not by Fidelio.
fn demo_expected() -> serde_json::Value {
    let text = std::fs::read_to_string(demo("expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A report table's CSV as header and rows (the BOM dropped).
fn csv_table(path: &Path, delimiter: u8) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// The numbers of one column of a CSV table, by header.
fn csv_numbers(table: &(Vec<String>, Vec<Vec<String>>), column: &str) -> Vec<f64> {
    let at = table
        .0
        .iter()
        .position(|c| c == column)
        .unwrap_or_else(|| panic!("no column {column} in {:?}", table.0));
    table
        .1
        .iter()
        .map(|row| {
            row[at]
                .replace(',', ".")
                .parse::<f64>()
                .unwrap_or_else(|e| panic!("{column}: {:?}: {e}", row[at]))
        })
        .collect()
}

fn assert_chart_png(dir: &Path, chart: &str, size: (u32, u32)) {
    let png = dir.join("charts").join(format!("{chart}.png"));
    let image = image::open(&png)
        .unwrap_or_else(|e| panic!("{}: {e}", png.display()))
        .to_rgba8();
    assert_eq!(image.dimensions(), size, "{chart}");
    let first = image.get_pixel(0, 0);
    assert!(
        image.pixels().filter(|p| *p != first).count() as u32 > size.0 * size.1 / 50,
        "{chart} is nearly blank"
    );
}

#[test]
fn the_demo_shop_report_has_the_loyalty_charts_tables_and_section() {
    let dir = tempfile::tempdir().unwrap();
    let out = demo_report(
        dir.path(),
        &["sondaggio_milano.csv", "survey_verona.csv", "ordini.csv"],
        &["--lang", "en", "--size", "800x450", "--scale", "1"],
    );
    let expected = demo_expected();
    let sales = &expected["ordini.csv"];
    let customers = sales["customers"].as_f64().unwrap();

    let loyalty_charts = [
        "loyalty_retention",
        "loyalty_revenue_per_customer",
        "loyalty_repeat_rate",
        "loyalty_segments",
        "loyalty_tenure",
        "loyalty_nps_by_segment",
        "loyalty_repeat_by_nps_group",
    ];
    for chart in loyalty_charts.iter().chain(&["nps_trend", "nps_scores"]) {
        assert_chart_png(&out, chart, (800, 450));
    }
    for table in [
        "loyalty_customers",
        "loyalty_cohort_retention",
        "loyalty_cohort_revenue",
        "loyalty_segments",
        "loyalty_tenure",
        "loyalty_lapsed",
        "loyalty_repeat_rate",
        "loyalty_nps_by_segment",
        "loyalty_repeat_by_nps_group",
        "nps_by_period",
    ] {
        for ext in ["csv", "xlsx"] {
            assert!(
                out.join("tables").join(format!("{table}.{ext}")).is_file(),
                "{table}.{ext}"
            );
        }
    }

    // One row per customer; their orders are the orders that carry an email.
    let table = csv_table(&out.join("tables/loyalty_customers.csv"), b',');
    assert_eq!(table.1.len() as f64, customers);
    let orders = csv_numbers(&table, "Orders");
    assert_eq!(
        orders.iter().sum::<f64>(),
        sales["orders"].as_f64().unwrap() - sales["orders_without_email"].as_f64().unwrap()
    );
    assert_eq!(
        orders.iter().filter(|n| **n >= 2.0).count() as f64,
        sales["customers_with_2_or_more_orders"].as_f64().unwrap()
    );
    // Every customer is in exactly one segment, one tenure bucket and one cohort.
    for (file, column) in [
        ("loyalty_segments.csv", "Customers"),
        ("loyalty_tenure.csv", "Customers"),
        ("loyalty_cohort_retention.csv", "Customers"),
        ("loyalty_cohort_revenue.csv", "Customers"),
    ] {
        let table = csv_table(&out.join("tables").join(file), b',');
        assert_eq!(
            csv_numbers(&table, column).iter().sum::<f64>(),
            customers,
            "{file}"
        );
    }
    // Period 0 of every cohort is its first purchase: 100 %.
    let retention = csv_table(&out.join("tables/loyalty_cohort_retention.csv"), b',');
    assert!(
        csv_numbers(&retention, "Month +0")
            .iter()
            .all(|v| *v == 100.0)
    );
    // Each survey respondent who also ordered is in one NPS group by their latest answer.
    let groups = csv_table(&out.join("tables/loyalty_repeat_by_nps_group.csv"), b',');
    assert_eq!(
        csv_numbers(&groups, "Customers").iter().sum::<f64>(),
        expected["survey_emails_also_in_orders"].as_f64().unwrap()
    );

    // XLSX keeps numbers numbers and dates dates.
    {
        use calamine::{Data, Reader, Xlsx};
        let mut workbook: Xlsx<_> =
            calamine::open_workbook(out.join("tables/loyalty_customers.xlsx")).unwrap();
        let sheet = workbook.sheet_names()[0].clone();
        let range = workbook.worksheet_range(&sheet).unwrap();
        assert_eq!(range.height() as f64, customers + 1.0);
        let at = |title: &str| {
            (0..range.width())
                .find(|&c| range.get((0, c)) == Some(&Data::String(title.to_string())))
                .unwrap_or_else(|| panic!("no column {title}"))
        };
        // The demo's orders name their customers (Cliente): a name column beside the key.
        assert_eq!(at("Name"), 1);
        assert!(matches!(
            range.get((1, at("First order"))),
            Some(Data::DateTime(_))
        ));
        assert!(matches!(range.get((1, at("Orders"))), Some(Data::Float(_))));
    }

    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("<h2>Loyalty</h2>") && html.contains("Net Promoter Score"));
    // KPI tiles: net revenue and customers as the generator counted them.
    let revenue = fidelio::i18n::Lang::En.number(sales["net_revenue_eur"].as_f64().unwrap(), 2);
    assert!(html.contains(&format!("<b>{revenue}</b>")), "{revenue}");
    assert!(html.contains(&format!("<b>{customers}</b>")));
    // The retention matrix, its cells coloured by value.
    assert!(html.contains("<table class=\"matrix\">"));
    assert!(html.contains("style=\"background:rgba(43,108,176,1.00);color:#fff\">100 %</td>"));
    let charts = std::fs::read_dir(out.join("charts")).unwrap().count();
    assert_eq!(
        html.matches("src=\"data:image/png;base64,").count(),
        charts,
        "every chart embedded"
    );
}

#[test]
fn an_orders_only_report_has_the_loyalty_section_and_no_survey() {
    let dir = tempfile::tempdir().unwrap();
    let out = demo_report(
        dir.path(),
        &["ordini.csv"],
        &["--lang", "it", "--size", "640x360", "--scale", "1"],
    );
    for chart in ["loyalty_retention", "loyalty_segments", "loyalty_tenure"] {
        assert_chart_png(&out, chart, (640, 360));
    }
    let charts: Vec<String> = std::fs::read_dir(out.join("charts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        charts.iter().all(|c| c.starts_with("loyalty_")),
        "no NPS chart without answers: {charts:?}"
    );
    assert!(!charts.contains(&"loyalty_nps_by_segment.png".to_string()));
    // Italian tables: `;` and the generator's customer count.
    let table = csv_table(&out.join("tables/loyalty_customers.csv"), b';');
    assert_eq!(table.0[0], "Cliente");
    assert_eq!(
        table.1.len() as u64,
        demo_expected()["ordini.csv"]["customers"].as_u64().unwrap()
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("lang=\"it\""));
    assert!(html.contains("Nessuna risposta al sondaggio.") && html.contains("<h2>Fedeltà</h2>"));
    assert!(html.contains("Tasso di riacquisto"));
}

/// Writes a report of demo files into `dir/report` and checks it succeeded.
fn demo_report(dir: &Path, files: &[&str], options: &[&str]) -> std::path::PathBuf {
    let out = dir.join("report");
    let paths: Vec<String> = files.iter().map(|f| demo(f)).collect();
    let out_text = out.display().to_string();
    let mut args: Vec<&str> = vec!["report"];
    args.extend(paths.iter().map(String::as_str));
    args.extend(["--out", out_text.as_str()]);
    args.extend(options);
    let result = fidelio(&args);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    out
}

#[test]
fn engagement_files_add_the_engagement_section_charts_and_tables() {
    let dir = tempfile::tempdir().unwrap();
    let out = demo_report(
        dir.path(),
        &["recensioni.csv", "tessera_fedelta.csv"],
        &["--lang", "en", "--size", "800x450", "--scale", "1"],
    );
    for chart in ["engagement_scores", "engagement_reviews"] {
        assert_chart_png(&out, chart, (800, 450));
    }
    // The reviews per period add up to the generator's count of reviews.
    let expected = demo_expected();
    let table = csv_table(&out.join("tables/engagement_reviews_by_period.csv"), b',');
    let total: f64 = csv_numbers(&table, "Reviews").iter().sum();
    assert_eq!(
        total,
        expected["recensioni.csv"]["reviews"].as_f64().unwrap()
    );
    assert!(out.join("tables/engagement_scores.xlsx").exists());
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("<h2>Engagement</h2>"));
    assert!(html.contains("No orders loaded."));
}
