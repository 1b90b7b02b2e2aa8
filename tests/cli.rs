//! `fidelio summary` as a script would run it: the JSON keys, the figures, bad files and exit
//! codes. Expected figures come from the fixtures' hand counts and the demo's Python generator.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/survey")
        .join(name)
}

fn fidelio(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fidelio"))
        .args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("fidelio runs")
}

fn summary(args: &[&str]) -> (i32, Value, String) {
    let out = fidelio(&[&["summary"], args].concat());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let json = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    (
        out.status.code().unwrap(),
        json,
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn path(name: &str) -> String {
    fixture(name).display().to_string()
}

#[test]
fn summary_prints_every_documented_key() {
    let (code, json, stderr) = summary(&[&path("problems.csv")]);
    assert_eq!(code, 0, "{stderr}");
    let file = &json["files"][0];
    for key in [
        "path",
        "kind",
        "rows",
        "rows_used",
        "rows_skipped",
        "columns",
        "problems",
    ] {
        assert!(file.get(key).is_some(), "files[0] has no {key}: {file}");
    }
    assert!(file.get("error").is_none(), "error only on refused files");
    assert_eq!(file["kind"], "survey");
    assert_eq!(
        (
            file["rows"].as_u64(),
            file["rows_used"].as_u64(),
            file["rows_skipped"].as_u64()
        ),
        (Some(12), Some(7), Some(5))
    );
    assert_eq!(file["columns"]["score"], "Score");
    assert_eq!(file["problems"][0]["row"], 2);
    assert_eq!(file["problems"][0]["column"], "Score");
    assert!(
        file["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("blank")
    );
    assert_eq!(file["problems"][4]["row"], 8);
    assert_eq!(file["problems"][4]["column"], "Date");

    let nps = &json["nps"];
    for key in [
        "responses",
        "promoters",
        "passives",
        "detractors",
        "nps",
        "margin_of_error",
        "by_period",
        "by_segment",
    ] {
        assert!(nps.get(key).is_some(), "nps has no {key}: {nps}");
    }
    // Hand count: 3 promoters, 2 passives, 2 detractors of 7: NPS = 100 * (3 - 2) / 7.
    assert_eq!(nps["responses"], 7);
    assert!((nps["nps"].as_f64().unwrap() - 100.0 / 7.0).abs() < 1e-9);
    let period = &nps["by_period"][0];
    for key in ["period", "responses", "nps", "margin_of_error"] {
        assert!(period.get(key).is_some(), "by_period[0] has no {key}");
    }
    let by_store = nps["by_segment"]["Store"]
        .as_array()
        .expect("by_segment keyed by header");
    for key in ["value", "responses", "nps", "margin_of_error"] {
        assert!(
            by_store[0].get(key).is_some(),
            "by_segment entry has no {key}"
        );
    }
}

#[test]
fn the_demo_shop_matches_its_generator() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo");
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(demo.join("expected.json")).unwrap())
            .unwrap();
    let milano = demo.join("sondaggio_milano.csv").display().to_string();
    let verona = demo.join("survey_verona.csv").display().to_string();
    let (code, json, stderr) = summary(&[&milano, &verona]);
    assert_eq!(code, 0, "{stderr}");
    let overall = &expected["overall"];
    for key in ["responses", "promoters", "passives", "detractors"] {
        assert_eq!(json["nps"][key], overall[key], "{key}");
    }
    assert!(
        (json["nps"]["nps"].as_f64().unwrap() - overall["nps"].as_f64().unwrap()).abs() < 0.001
    );
    assert!(
        (json["nps"]["margin_of_error"].as_f64().unwrap() - overall["moe"].as_f64().unwrap()).abs()
            < 0.001
    );
    let months = json["nps"]["by_period"].as_array().unwrap();
    let expected_months = expected["by_month"].as_object().unwrap();
    assert_eq!(months.len(), expected_months.len());
    for month in months {
        let want = &expected_months[month["period"].as_str().unwrap()];
        assert_eq!(month["responses"], want["responses"], "{}", month["period"]);
        assert!((month["nps"].as_f64().unwrap() - want["nps"].as_f64().unwrap()).abs() < 0.001);
    }
    assert_eq!(json["files"][1]["rows_skipped"], 4);
    // The two files name the store column differently; the breakdown joins them.
    let stores = json["nps"]["by_segment"]["Negozio / Store"]
        .as_array()
        .expect("store breakdown");
    assert_eq!(stores.len(), 2);
    for store in stores {
        let want = &expected["by_store"][store["value"].as_str().unwrap()];
        assert_eq!(store["responses"], want["responses"]);
        assert!((store["nps"].as_f64().unwrap() - want["nps"].as_f64().unwrap()).abs() < 0.001);
        assert!(
            (store["margin_of_error"].as_f64().unwrap() - want["moe"].as_f64().unwrap()).abs()
                < 0.001
        );
    }
}

#[test]
fn periods_are_labelled_as_the_metrics_say() {
    let (_, week, _) = summary(&["--period", "week", &path("typeform.csv")]);
    let label = week["nps"]["by_period"][0]["period"].as_str().unwrap();
    assert!(label.len() == 8 && label.contains("-W"), "{label}");
    let (_, quarter, _) = summary(&["--period", "quarter", &path("typeform.csv")]);
    assert_eq!(quarter["nps"]["by_period"][0]["period"], "2026-Q1");
}

#[test]
fn a_refused_file_exits_1_names_the_file_and_the_others_are_still_analysed() {
    let good = path("google_forms_it.csv");
    for bad in [
        "empty.csv",
        "header_only.csv",
        "picture.csv",
        "not_a_spreadsheet.xlsx",
        "does_not_exist.csv",
    ] {
        let bad_path = path(bad);
        let (code, json, stderr) = summary(&[&bad_path, &good]);
        assert_eq!(code, 1, "{bad}");
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with(&format!("{bad_path}: "))),
            "{bad}: stderr was {stderr}"
        );
        assert!(
            json["files"][0]["error"]
                .as_str()
                .is_some_and(|e| !e.is_empty()),
            "{bad}"
        );
        assert_eq!(json["files"][1].get("error"), None);
        assert_eq!(
            json["nps"]["responses"], 10,
            "{bad}: the good file is still analysed"
        );
    }
}

#[test]
fn map_chooses_a_column_and_bad_arguments_exit_2() {
    // Mapping the star column as the score is refused (exit 1), not rescaled.
    let (code, json, _) = summary(&["--map", "score=Valutazione", &path("stars_1_5.csv")]);
    assert_eq!(code, 1);
    assert!(
        json["files"][0]["error"]
            .as_str()
            .unwrap()
            .contains("Valutazione")
    );
    // Moving the comment role shows in "columns".
    let (code, json, _) = summary(&["--map", "comment=Store", &path("problems.csv")]);
    assert_eq!(code, 0);
    assert_eq!(json["files"][0]["columns"]["comment"], "Store");

    // Headers match whatever their case; a header no file has is a bad argument.
    let (code, json, _) = summary(&["--map", "COMMENT= store ", &path("problems.csv")]);
    assert_eq!(
        (code, json["files"][0]["columns"]["comment"].as_str()),
        (0, Some("Store"))
    );
    let (code, json, stderr) = summary(&["--map", "score=Nope", &path("problems.csv")]);
    assert_eq!(code, 2);
    assert_eq!(json, Value::Null, "nothing on stdout");
    assert!(
        stderr.contains("no file has a column named 'Nope'"),
        "{stderr}"
    );

    for args in [
        vec!["summary"],
        vec!["summary", "--period", "year", "x.csv"],
        vec!["summary", "--map", "voto", "x.csv"],
        vec!["summary", "--map", "stars=Voto", "x.csv"],
        vec!["summary", "--bogus", "x.csv"],
        vec!["frobnicate", "--now"],
    ] {
        let out = fidelio(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty());
    }
}

#[test]
fn an_other_category_is_compared_without_a_mapping() {
    // survey.xls's usable rows by product (expected.json, rows typed in make_survey_fixtures.py):
    // Caffè in grani 10, 9, 10; Tè verde 8, 7, 9, 10; Moka 4, 6.
    let (code, json, stderr) = summary(&[&path("survey.xls")]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(json["files"][0]["columns"]["segment"], "Prodotto");
    let products = json["nps"]["by_segment"]["Prodotto"]
        .as_array()
        .expect("NPS by product");
    let found = |value: &str| {
        products
            .iter()
            .find(|p| p["value"] == value)
            .map(|p| (p["responses"].as_u64().unwrap(), p["nps"].as_f64().unwrap()))
    };
    assert_eq!(found("Caffè in grani"), Some((3, 100.0)));
    assert_eq!(found("Tè verde"), Some((4, 50.0)));
    assert_eq!(found("Moka"), Some((2, -100.0)));
    assert_eq!(products.len(), 3);
}

#[test]
fn help_documents_the_summary_command() {
    let out = fidelio(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("summary"));
    let out = fidelio(&["summary", "--help"]);
    let help = String::from_utf8(out.stdout).unwrap();
    for word in ["--period", "--map", "ROLE=HEADER", "Exit status"] {
        assert!(help.contains(word), "summary --help lacks {word}");
    }
}

#[test]
fn no_input_makes_it_panic() {
    let dir = tempfile::tempdir().unwrap();
    let inputs: Vec<(&str, Vec<u8>)> = vec![
        (
            "random.csv",
            (0..4096u32)
                .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
                .collect(),
        ),
        ("only_quotes.csv", b"\"\"\"\n\"\"\"\"".to_vec()),
        ("ragged.csv", b"a,b,c\n1\n1,2,3,4,5\n,,\n".to_vec()),
        ("bom_only.csv", vec![0xEF, 0xBB, 0xBF]),
        ("utf16_odd.txt", vec![0xFF, 0xFE, 0x41]),
        ("zip.xlsx", b"PK\x03\x04garbage".to_vec()),
        (
            "huge_score.csv",
            b"Date,Score\n01/01/2026,99999999999999999999999\n".to_vec(),
        ),
        ("weird.ods", vec![0u8; 100]),
    ];
    for (name, bytes) in &inputs {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        let p = dir.path().join(name).display().to_string();
        let out = fidelio(&["summary", &p]);
        let code = out.status.code();
        assert!(
            matches!(code, Some(0) | Some(1)),
            "{name}: exit {code:?}, stderr {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !String::from_utf8_lossy(&out.stderr).contains("panicked"),
            "{name}"
        );
    }
}

#[test]
fn order_files_add_a_sales_object_with_the_independent_figures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The demo's orders, against the generator's own Python counts.
    let demo: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("assets/demo/expected.json")).unwrap(),
    )
    .unwrap();
    let want = &demo["ordini.csv"];
    let orders = root.join("assets/demo/ordini.csv").display().to_string();
    let (code, json, stderr) = summary(&[&orders]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(json["files"][0]["kind"], "orders");
    let sales = &json["sales"];
    for key in [
        "lines",
        "lines_without_customer",
        "customers",
        "orders",
        "revenue",
        "average_order_value",
        "purchase_frequency",
        "repeat_purchase_rate",
        "median_days_between_orders",
        "cohorts",
        "rfm_segments",
    ] {
        assert!(sales.get(key).is_some(), "sales has no {key}");
    }
    assert_eq!(sales["orders"], want["orders"]);
    assert_eq!(sales["customers"], want["customers"]);
    assert_eq!(sales["lines"], want["lines"]);
    assert!(
        (sales["revenue"].as_f64().unwrap() - want["net_revenue_eur"].as_f64().unwrap()).abs()
            < 0.005
    );
    let repeat = want["customers_with_2_or_more_orders"].as_f64().unwrap()
        / want["customers"].as_f64().unwrap();
    assert!((sales["repeat_purchase_rate"].as_f64().unwrap() - repeat).abs() < 1e-9);
    let aov = want["gross_eur"].as_f64().unwrap() / want["orders"].as_f64().unwrap();
    assert!((sales["average_order_value"].as_f64().unwrap() - aov).abs() < 1e-6);
    let cohorts = sales["cohorts"].as_array().unwrap();
    assert!(cohorts.iter().all(|c| c["retention"][0] == 1.0));
    let customers_in_cohorts: u64 = cohorts
        .iter()
        .map(|c| c["customers"].as_u64().unwrap())
        .sum();
    assert_eq!(customers_in_cohorts, want["customers"].as_u64().unwrap());
    let customers_in_segments: u64 = sales["rfm_segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["customers"].as_u64().unwrap())
        .sum();
    assert_eq!(customers_in_segments, want["customers"].as_u64().unwrap());

    // An excerpt of the public Online Retail II data, against a plain Python count.
    let fixtures: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("tests/fixtures/orders/expected.json")).unwrap(),
    )
    .unwrap();
    let want = &fixtures["online_retail_excerpt.csv"];
    let excerpt = root
        .join("tests/fixtures/orders/online_retail_excerpt.csv")
        .display()
        .to_string();
    let (code, json, _) = summary(&[&excerpt]);
    assert_eq!(code, 0);
    let sales = &json["sales"];
    assert_eq!(sales["orders"], want["orders"]);
    assert_eq!(sales["customers"], want["customers"]);
    assert_eq!(
        sales["lines_without_customer"],
        want["lines_without_customer"]
    );
    assert!(
        (sales["revenue"].as_f64().unwrap() - want["net_revenue"].as_f64().unwrap()).abs() < 0.005
    );
    assert_eq!(json["files"][0]["rows_used"], want["lines_used"]);
    assert_eq!(
        json["files"][0]["problems"][0]["row"],
        want["skipped"][0]["row"]
    );
}

#[test]
fn a_survey_alone_has_no_sales_object() {
    let (_, json, _) = summary(&[&path("typeform.csv")]);
    assert!(json.get("sales").is_none());
}

fn close(a: &Value, b: f64) -> bool {
    a.as_f64().is_some_and(|a| (a - b).abs() < 1e-6)
}

#[test]
fn engagement_files_add_an_engagement_object_with_the_generator_s_figures() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo");
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(demo.join("expected.json")).unwrap())
            .unwrap();
    let file = |name: &str| demo.join(name).display().to_string();
    let (code, json, stderr) = summary(&[
        &file("recensioni.csv"),
        &file("tessera_fedelta.csv"),
        &file("ordini.csv"),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let engagement = &json["engagement"];
    let reviews = &expected["recensioni.csv"];
    assert_eq!(engagement["reviews"]["count"], reviews["reviews"]);
    // The generator rounds to 4 decimals.
    let mean = engagement["reviews"]["mean_rating"].as_f64().unwrap();
    assert!((mean - reviews["mean_stars"].as_f64().unwrap()).abs() < 1e-4);
    let share = engagement["reviews"]["share_4_5"].as_f64().unwrap();
    assert!((share - reviews["share_4_5"].as_f64().unwrap()).abs() < 1e-4);
    let by_period: u64 = engagement["reviews"]["by_period"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["count"].as_u64().unwrap())
        .sum();
    assert_eq!(by_period, reviews["reviews"].as_u64().unwrap());

    let cards = &expected["tessera_fedelta.csv"];
    let loyalty = &engagement["loyalty"];
    assert_eq!(loyalty["members"], cards["members"]);
    assert!(close(
        &loyalty["points_earned"],
        cards["points_earned"].as_f64().unwrap()
    ));
    assert!(close(
        &loyalty["points_redeemed"],
        cards["points_redeemed"].as_f64().unwrap()
    ));
    let membership = cards["members_who_ordered"].as_f64().unwrap()
        / cards["customers_who_ordered"].as_f64().unwrap();
    assert!(close(&loyalty["membership_rate"], membership));
    assert!(
        engagement.get("social").is_none(),
        "no posts file was given"
    );
    assert_eq!(engagement["score_weights"]["review"], 5.0);

    // Without order files there is nothing to compare members with.
    let (_, json, _) = summary(&[&file("tessera_fedelta.csv")]);
    assert!(json["engagement"]["loyalty"]["membership_rate"].is_null());
    assert!(json["engagement"].get("reviews").is_none());
}

#[test]
fn facebook_posts_match_sums_counted_independently() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/engagement");
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let name = "facebook_page_posts_2014_excerpt.csv";
    let want = &expected[name];
    let (code, json, stderr) = summary(&[&dir.join(name).display().to_string()]);
    assert_eq!(code, 0, "{stderr}");
    let social = &json["engagement"]["social"];
    assert_eq!(social["posts"], want["posts"]);
    for key in ["reach", "interactions", "engagement_rate"] {
        assert!(close(&social[key], want[key].as_f64().unwrap()), "{key}");
    }
    let got = social["by_period"].as_array().unwrap();
    let wanted = want["by_period"].as_array().unwrap();
    assert_eq!(got.len(), wanted.len());
    for (g, w) in got.iter().zip(wanted) {
        assert_eq!(g["period"], w["period"]);
        assert_eq!(g["posts"], w["posts"]);
        assert!(close(
            &g["interactions"],
            w["interactions"].as_f64().unwrap()
        ));
        assert!(close(
            &g["engagement_rate"],
            w["engagement_rate"].as_f64().unwrap()
        ));
    }
}

#[test]
fn a_file_fidelio_cannot_place_asks_and_map_or_kind_settle_it() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/questions/which_amount.csv")
        .display()
        .to_string();
    // Two unnamed money columns: the file is not refused for being unknown, it asks.
    let (code, json, stderr) = summary(&[&file]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("which column is the amount paid?"),
        "{stderr}"
    );
    assert!(stderr.contains("--map order_total=HEADER"), "{stderr}");
    assert_eq!(json["files"][0]["kind"], "unknown");
    // The answer, as --map: an order total makes it an order export. Hand count
    // (tests/fixtures/questions/README.md): 4 orders, 3 customers, 57.00.
    let (code, json, stderr) = summary(&["--map", "order_total=Pagato", &file]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(json["files"][0]["kind"], "orders");
    assert_eq!(json["sales"]["orders"], 4);
    assert_eq!(json["sales"]["customers"], 3);
    assert_eq!(json["sales"]["revenue"], 57.0);
    // --kind settles the kind; the amount is still the one question left.
    let (code, json, stderr) = summary(&["--kind", "orders", &file]);
    assert_eq!(code, 1);
    assert_eq!(json["files"][0]["kind"], "orders");
    assert!(
        stderr.contains("which column is the amount paid?"),
        "{stderr}"
    );
    // --kind takes the five words of the issue and refuses others.
    let (code, _, stderr) = summary(&["--kind", "bananas", &file]);
    assert_eq!(code, 2);
    assert!(stderr.contains("not a kind"), "{stderr}");
    let (code, json, _) = summary(&["--kind", "reviews", &path("stars_1_5.csv")]);
    assert_eq!(code, 0);
    assert_eq!(json["engagement"]["reviews"]["count"], 30);
}

#[test]
fn cdnow_transactions_aligned_with_spaces_give_the_python_count() {
    // tests/fixtures/public/README.md: 193 customer-days, 48 customers, 7024.85, counted in
    // plain Python from the public CDNOW data.
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/public/cdnow_excerpt.txt")
        .display()
        .to_string();
    let (code, json, stderr) = summary(&[&file]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(json["files"][0]["kind"], "orders");
    assert_eq!(json["sales"]["orders"], 193);
    assert_eq!(json["sales"]["customers"], 48);
    assert!((json["sales"]["revenue"].as_f64().unwrap() - 7024.85).abs() < 0.005);
}

/// Two shops' exports often share a name (`orders_export_1.csv`). Their order ids overlap, and
/// an order is its file and its id: the figures must be those of the same files named apart.
#[test]
fn two_order_files_with_the_same_name_are_two_files() {
    let dir = tempfile::tempdir().unwrap();
    let header = "Order ID,Date,Customer Email,Product,Quantity,Total\n";
    let first = "1001,2026-01-05,anna@example.com,Tea,1,10.00\n\
                 1001,2026-01-05,anna@example.com,Cup,1,5.00\n\
                 1002,2026-02-05,anna@example.com,Tea,1,10.00\n\
                 1003,2026-03-01,bruno@example.com,Cup,2,10.00\n";
    let second = "1001,2026-01-07,carla@example.com,Mug,1,8.00\n\
                  1002,2026-02-09,dario@example.com,Tea,1,10.00\n\
                  1003,2026-03-03,carla@example.com,Mug,1,8.00\n";
    let write = |relative: &str, body: &str| {
        let path = dir.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, format!("{header}{body}")).unwrap();
        path.display().to_string()
    };
    let same = [
        write("milano/orders.csv", first),
        write("verona/orders.csv", second),
    ];
    let apart = [
        write("named/orders_milano.csv", first),
        write("named/orders_verona.csv", second),
    ];
    let (code, mut together, _) = summary(&[&same[0], &same[1]]);
    assert_eq!(code, 0);
    let (_, mut separate, _) = summary(&[&apart[0], &apart[1]]);
    // Six orders in all (1001 to 1003 in each file), each a basket of its own.
    assert_eq!(together["cross_sell"]["baskets"], 6);
    together.as_object_mut().unwrap().remove("files");
    separate.as_object_mut().unwrap().remove("files");
    assert_eq!(together, separate);
}
