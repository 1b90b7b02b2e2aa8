//! The review of the demo shop, against figures counted here from its files without Fidelio:
//! the period under review beside the one before and the year before, the stores that moved
//! most, and a goal suggested from the history.

use chrono::{Datelike, NaiveDate};
use fidelio::analysis::goals::{Direction, Goal, GoalKpi, GoalPeriod, Status};
use fidelio::analysis::review::Cadence;
use fidelio::figures::review::{review_rows, suggest_target};
use fidelio::figures::{Scope, compute};

mod common;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn month(y: i32, m: u32) -> (NaiveDate, NaiveDate) {
    let start = day(y, m, 1);
    let end = start
        .checked_add_months(chrono::Months::new(1))
        .unwrap()
        .pred_opt()
        .unwrap();
    (start, end)
}

fn orders_in((from, to): (NaiveDate, NaiveDate), store: Option<&str>) -> f64 {
    common::demo_orders(from, to, store) as f64
}

#[test]
fn a_monthly_review_sets_each_goal_beside_the_month_before_and_the_year_before() {
    let workspace = common::demo_workspace();
    let scope = Scope {
        goals: vec![
            Goal::parse("orders>=400@2026-Q4").unwrap(),
            Goal::parse("nps>=40@2026-Q4").unwrap(),
        ],
        ..Scope::default()
    };
    let figures = compute(&workspace, &scope).unwrap();
    // Reviewed on Monday 7 December 2026: November is the month under review.
    let period = Cadence::Monthly.under_review(day(2026, 12, 7));
    assert_eq!(period.label, "2026-11");
    let rows = review_rows(&workspace, &figures, &period).unwrap();
    assert_eq!(rows.len(), 2);

    let orders = &rows[0];
    assert_eq!(orders.kpi, GoalKpi::Orders);
    assert_eq!(orders.this, Some(orders_in(month(2026, 11), None)));
    assert_eq!(orders.previous, Some(orders_in(month(2026, 10), None)));
    assert_eq!(orders.year_before, Some(orders_in(month(2025, 11), None)));
    assert_eq!(orders.target, Some((Direction::AtLeast, 400.0)));
    assert_eq!(
        orders.status,
        Some(("2026-Q4".to_string(), Status::OffTrack))
    );
    // What moved most: each store's orders, October to November, counted from the file; the
    // biggest change first.
    let mut by_store: Vec<(String, f64)> = common::demo_stores()
        .into_iter()
        .map(|store| {
            let change =
                orders_in(month(2026, 11), Some(&store)) - orders_in(month(2026, 10), Some(&store));
            (store, change)
        })
        .filter(|(_, change)| *change != 0.0)
        .collect();
    by_store.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
    let stores: Vec<(String, f64)> = orders
        .movers
        .iter()
        .filter(|m| m.column == "store")
        .map(|m| (m.value.clone(), m.change()))
        .collect();
    assert!(!stores.is_empty());
    assert_eq!(stores[0], by_store[0], "{by_store:?}");
    for mover in &orders.movers {
        let (start, end) = month(2026, 11);
        if mover.column == "store" {
            assert_eq!(
                mover.this,
                Some(common::demo_orders(start, end, Some(&mover.value)) as f64)
            );
        }
    }

    let nps = &rows[1];
    let nps_of = |(from, to): (NaiveDate, NaiveDate)| {
        let (p, d, n) = common::demo_nps_counts(from, to);
        100.0 * (p - d) / n
    };
    assert!((nps.this.unwrap() - nps_of(month(2026, 11))).abs() < 1e-9);
    assert!((nps.previous.unwrap() - nps_of(month(2026, 10))).abs() < 1e-9);
}

#[test]
fn without_goals_a_review_shows_the_headline_figures() {
    let workspace = common::demo_workspace();
    let figures = compute(&workspace, &Scope::default()).unwrap();
    let period = Cadence::Quarterly.under_review(day(2026, 11, 21));
    assert_eq!(period.label, "2026-Q3");
    let rows = review_rows(&workspace, &figures, &period).unwrap();
    let kpis: Vec<GoalKpi> = rows.iter().map(|r| r.kpi).collect();
    assert!(kpis.contains(&GoalKpi::Nps) && kpis.contains(&GoalKpi::Customers));
    let nps = rows.iter().find(|r| r.kpi == GoalKpi::Nps).unwrap();
    let (p, d, n) = common::demo_nps_counts(day(2026, 7, 1), day(2026, 9, 30));
    assert!((nps.this.unwrap() - 100.0 * (p - d) / n).abs() < 1e-9);
    // No goal, no status.
    assert!(rows.iter().all(|r| r.status.is_none()));
    // Long after the data (an old export reviewed today): no figure, not a row of zeros.
    let later = Cadence::Monthly.under_review(day(2030, 1, 15));
    assert_eq!(
        review_rows(&workspace, &figures, &later).unwrap(),
        Vec::new()
    );
    // The first month of the data has no month before it to compare with.
    let first = Cadence::Monthly.under_review(day(2025, 11, 3));
    assert_eq!(first.label, "2025-10");
    let rows = review_rows(&workspace, &figures, &first).unwrap();
    let customers = rows.iter().find(|r| r.kpi == GoalKpi::Customers).unwrap();
    assert!(customers.this.is_some());
    assert_eq!((customers.previous, customers.year_before), (None, None));
}

#[test]
fn a_suggested_target_is_last_month_plus_the_best_month_on_month_gain_of_the_year_before() {
    let workspace = common::demo_workspace();
    let december = GoalPeriod::parse("2026-12").unwrap();
    // Judged on 21/11/2026, the day after the demo's data: October is the last whole month.
    let today = day(2026, 11, 21);
    let figures = compute(&workspace, &Scope::default()).unwrap();
    let suggest = |kpi, direction, period: &GoalPeriod, today| {
        suggest_target(&workspace, &figures, kpi, direction, period, today).unwrap()
    };
    let suggestion = suggest(GoalKpi::Orders, Direction::AtLeast, &december, today).unwrap();
    assert_eq!(suggestion.last_period, month(2026, 10));
    // October 2025 to October 2026, month by month, counted from the file.
    let counts: Vec<f64> = (0..=12)
        .map(|back| {
            let start = day(2026, 10, 1)
                .checked_sub_months(chrono::Months::new(back))
                .unwrap();
            orders_in(month(start.year(), start.month()), None)
        })
        .collect();
    let best = counts
        .windows(2)
        .map(|w| w[0] - w[1])
        .fold(0.0_f64, f64::max);
    assert_eq!(suggestion.last, counts[0]);
    assert_eq!(suggestion.best_change, best);
    assert_eq!(suggestion.target, counts[0] + best);
    // At most: the best fall, taken off.
    let fewer = suggest(GoalKpi::Orders, Direction::AtMost, &december, today).unwrap();
    let best_fall = counts
        .windows(2)
        .map(|w| w[1] - w[0])
        .fold(0.0_f64, f64::max);
    assert_eq!(fewer.target, (counts[0] - best_fall).max(0.0));
    // No data in the periods: no suggestion rather than a made-up number, even for a figure
    // of the state of things (the loyalty programme's points).
    let none = suggest(
        GoalKpi::RedemptionRate,
        Direction::AtLeast,
        &GoalPeriod::parse("2030-01").unwrap(),
        day(2030, 2, 1),
    );
    assert_eq!(none, None);
}

#[test]
fn the_review_s_report_opens_with_the_review_its_notes_and_its_table() {
    use fidelio::analysis::review::ReviewEntry;
    use fidelio::export::image::ImageOptions;
    use fidelio::export::report::{ReportOptions, write_report};
    use fidelio::i18n::Lang;
    let workspace = common::demo_workspace();
    let scope = Scope {
        goals: vec![Goal::parse("orders>=400@2026-Q4").unwrap()],
        ..Scope::default()
    };
    let figures = compute(&workspace, &scope).unwrap();
    let period = Cadence::Monthly.under_review(day(2026, 11, 21));
    assert_eq!(period.label, "2026-10");
    let entry = ReviewEntry {
        reviewed_on: day(2026, 11, 23),
        period: period.clone(),
        rows: review_rows(&workspace, &figures, &period).unwrap(),
        notes: "Richiamare i clienti di Verona".to_string(),
        // What followed the win-backs, as the review was prepared.
        followed: vec![fidelio::analysis::actions::Outcome {
            kind: fidelio::analysis::actions::ActionKind::WinBack,
            contacted: 12,
            ordered: 4,
            similar: 40,
            similar_ordered: 4,
            waiting: 0,
        }],
    };
    let dir = tempfile::tempdir().unwrap();
    let options = ReportOptions {
        lang: Lang::It,
        image: ImageOptions {
            width: 320,
            height: 200,
            scale: 1.0,
            dark: false,
            footer: String::new(),
        },
        force: false,
        made_on: day(2026, 11, 23),
        review: Some(entry),
        actions: Default::default(),
    };
    let written = write_report(dir.path(), &workspace, &figures, &options, |_, _| {}).unwrap();
    assert!(
        written
            .files
            .contains(&std::path::PathBuf::from("tables/review.csv"))
    );
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    let review_at = html.find("Revisione di ott 2026 (mensile)").unwrap();
    let goals_at = html.find("<h2>Obiettivi</h2>").unwrap();
    assert!(review_at < goals_at, "the review comes first");
    assert!(html.contains("Richiamare i clienti di Verona"));
    assert!(html.contains(
        "Riconquista: di 12 clienti contattati, 4 hanno ordinato entro 30 giorni (33 %); di 40 clienti simili non contattati, 10 %"
    ));
    // October's orders and September's, as the file counts them, in the review's table.
    let csv = std::fs::read_to_string(dir.path().join("tables/review.csv")).unwrap();
    let row = csv.lines().nth(1).unwrap();
    let cells: Vec<&str> = row.split(';').collect();
    assert_eq!(cells[0], "Ordini");
    assert_eq!(cells[3], orders_in(month(2026, 10), None).to_string());
    assert_eq!(cells[4], orders_in(month(2026, 9), None).to_string());
}
