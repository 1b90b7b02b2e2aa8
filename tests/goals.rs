//! Goals judged on the demo shop, against figures counted here from its files without
//! Fidelio: the demo's data end on 20/11/2026, so goals are judged on 21/11/2026, when 51 of
//! the fourth quarter's 92 days are gone.

use std::process::Command;

use chrono::NaiveDate;
use serde_json::Value;

mod common;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn orders(from: &str, to: &str, store: Option<&str>) -> usize {
    common::demo_orders(day(from), day(to), store)
}

fn answers(from: &str, to: &str) -> (f64, f64, f64) {
    common::demo_nps_counts(day(from), day(to))
}

fn summary(goals: &[&str]) -> Vec<Value> {
    let args: Vec<&str> = goals.iter().flat_map(|g| ["--goal", g]).collect();
    common::demo_summary(&args)["goals"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn goals_in_progress_and_ended_are_judged_on_the_shop_s_own_figures() {
    let goals = summary(&[
        "orders>=400@2026-Q4",
        "nps>=40@2026-Q4",
        "detractor_share<=0.5@2026-Q4",
        "orders>=1@2026-Q3",
        "responses>=1@2027",
    ]);
    let elapsed = 51.0 / 92.0;

    // Orders so far, at their pace to the quarter's end: short of 400 by more than a tenth.
    let so_far = orders("2026-10-01", "2026-11-20", None) as f64;
    assert_eq!(goals[0]["actual"].as_f64(), Some(so_far));
    let forecast = goals[0]["forecast"].as_f64().unwrap();
    assert!((forecast - so_far / elapsed).abs() < 1e-9, "{forecast}");
    assert!((goals[0]["elapsed"].as_f64().unwrap() - elapsed).abs() < 1e-12);
    let expected = if forecast >= 400.0 {
        "on_track"
    } else if 400.0 - forecast <= 40.0 {
        "at_risk"
    } else {
        "off_track"
    };
    assert_eq!(goals[0]["status"], expected);

    // NPS is forecast as it stands, with its margin; a target inside the margin cannot tell.
    let (p, d, n) = answers("2026-10-01", "2026-11-20");
    let nps = 100.0 * (p - d) / n;
    let margin = 196.0 * ((p / n + d / n - (p / n - d / n).powi(2)) / n).sqrt();
    assert!((goals[1]["actual"].as_f64().unwrap() - nps).abs() < 1e-9);
    assert!((goals[1]["margin_of_error"].as_f64().unwrap() - margin).abs() < 1e-9);
    let expected = if (nps - 40.0).abs() <= margin {
        "cannot_tell"
    } else if nps >= 40.0 {
        "on_track"
    } else if 40.0 - nps <= 4.0 {
        "at_risk"
    } else {
        "off_track"
    };
    assert_eq!(goals[1]["status"], expected);

    // A share, at most: well under half, on track.
    assert!((goals[2]["actual"].as_f64().unwrap() - d / n).abs() < 1e-12);
    assert_eq!(goals[2]["status"], "on_track");

    // The third quarter is over: met on its orders.
    assert_eq!(
        goals[3]["actual"].as_f64(),
        Some(orders("2026-07-01", "2026-09-30", None) as f64)
    );
    assert_eq!(goals[3]["status"], "met");
    // 2027 has not begun.
    assert_eq!(goals[4]["status"], "not_started");
    assert_eq!(goals[4]["actual"], Value::Null);
}

#[test]
fn a_goal_of_one_store_counts_that_store_only() {
    use fidelio::analysis::goals::{Goal, Status};
    use fidelio::figures::{Scope, compute, evaluate_goals};
    let workspace = common::demo_workspace();
    let mut goal = Goal::parse("orders>=1000000@2026-Q3").unwrap();
    goal.store = Some("Verona Centro".to_string());
    let scope = Scope {
        goals: vec![goal],
        ..Scope::default()
    };
    let figures = compute(&workspace, &scope).unwrap();
    let reports = evaluate_goals(&workspace, &figures).unwrap();
    let verona = orders("2026-07-01", "2026-09-30", Some("Verona Centro")) as f64;
    assert!(verona > 0.0 && verona < orders("2026-07-01", "2026-09-30", None) as f64);
    assert_eq!(reports[0].judged.actual, Some(verona));
    assert_eq!(reports[0].judged.status, Status::Missed);
}

#[test]
fn a_goal_written_wrong_says_how_to_write_one() {
    let out = Command::new(env!("CARGO_BIN_EXE_fidelio"))
        .args(["summary", "x.csv", "--goal", "loyalty>=1@2026"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("repeat_purchase_rate"));
}

#[test]
fn the_report_opens_with_the_goals_and_exports_their_table() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("report");
    let mut args = vec!["report".to_string()];
    args.extend(
        fidelio::demo::paths()
            .iter()
            .map(|p| p.display().to_string()),
    );
    for goal in ["orders>=400@2026-Q4", "repeat_purchase_rate>=0.3@2026-Q3"] {
        args.extend(["--goal".to_string(), goal.to_string()]);
    }
    args.extend(
        [
            "--out",
            &out_dir.display().to_string(),
            "--lang",
            "en",
            "--size",
            "400x300",
            "--scale",
            "1",
        ]
        .map(String::from),
    );
    let out = common::fidelio_in_assets(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(out_dir.join("report.html")).unwrap();
    let goals_at = html.find("<h2>Goals</h2>").expect("a goals section");
    assert!(goals_at < html.find("<h2>Net Promoter Score</h2>").unwrap());
    assert!(html.contains("Goal: at least 400 in Q4 2026 · off track"));
    let csv = std::fs::read_to_string(out_dir.join("tables/goals.csv")).unwrap();
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    let so_far = orders("2026-10-01", "2026-11-20", None);
    assert!(
        lines[1].starts_with("Orders,,,at least,400,2026-Q4,"),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains(&format!(",{so_far},")) && lines[1].ends_with(",off track"));
    assert!(lines[2].ends_with(",met"), "{}", lines[2]);
}

#[test]
fn a_retention_goal_is_a_line_on_the_retention_curves() {
    let workspace = common::demo_workspace();
    let scope = fidelio::figures::Scope {
        goals: vec![fidelio::analysis::goals::Goal::parse("retention_1>=0.25@2026-H2").unwrap()],
        ..fidelio::figures::Scope::default()
    };
    let figures = fidelio::figures::compute(&workspace, &scope).unwrap();
    let pages = fidelio::pages::build(fidelio::i18n::Lang::En, &figures);
    let curves = pages
        .iter()
        .flat_map(|p| p.charts())
        .find(|c| c.id == "loyalty_retention")
        .expect("the retention curves");
    // Drawn in percent, as the curves are.
    assert!(curves.reference_lines.iter().any(|l| l.value == 25.0));
}
