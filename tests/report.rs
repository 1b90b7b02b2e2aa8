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
