//! One scope, one set of figures: the window's Export report, `fidelio report` and `fidelio
//! summary` given the same non-default scope write the same figures, tables, charts and
//! subtitles, and those figures are the scope's (checked against the demo files read here).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;
use egui_kittest::Harness;
use fidelio::analysis::period::Period;
use fidelio::figures::{Scope, compute};
use fidelio::i18n::Lang;
use fidelio::pages::PageId;
use fidelio::settings::{ImageSettings, Settings};
use fidelio::ui::FidelioApp;
use fidelio::ui::commands::Command as UiCommand;
use serde_json::Value;

mod common;

const FROM: &str = "2026-01-01";
const TO: &str = "2026-03-31";
const STORE: &str = "Milano Brera";
const LAPSE_DAYS: u32 = 45;

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// The scope as command-line arguments; the window gets the same through its commands.
fn scope_args() -> Vec<String> {
    [
        "--from",
        FROM,
        "--to",
        TO,
        "--store",
        STORE,
        "--period",
        "quarter",
        "--lapse-days",
        &LAPSE_DAYS.to_string(),
        "--tenure",
        "0,2,4",
        "--weight",
        "review=8",
        "--half-life",
        "60",
    ]
    .iter()
    .map(ToString::to_string)
    .collect()
}

/// The demo files as the window names them (`demo/…`): the CLI runs from `assets/`.
fn demo_args() -> Vec<String> {
    fidelio::demo::paths()
        .iter()
        .map(|p| p.display().to_string())
        .collect()
}

fn fidelio(args: &[String]) -> std::process::Output {
    common::fidelio_in_assets(args)
}

/// Every file under `dir`, by path relative to it.
fn files_under(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).unwrap().to_path_buf();
                out.insert(relative, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// An XLSX's parts but the one that holds the time it was written (to the second).
fn xlsx_parts(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut parts = BTreeMap::new();
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        if name == "docProps/core.xml" {
            continue;
        }
        let mut content = Vec::new();
        std::io::Read::read_to_end(&mut part, &mut content).unwrap();
        parts.insert(name, content);
    }
    assert!(parts.len() > 3, "an XLSX has a sheet, styles, a workbook");
    parts
}

/// The window with the demo loaded, the scope set through its commands, and its Export
/// report written into `folder`; returns the pages the window draws.
fn window_report(folder: &Path) -> Vec<fidelio::pages::Page> {
    let settings = Settings {
        language: Some(Lang::En),
        images: ImageSettings {
            width: 400,
            height: 300,
            scale: 1.0,
            dark: false,
        },
        ..Settings::default()
    };
    let app = FidelioApp::with_settings(settings, None, || {});
    let mut harness = Harness::builder()
        .with_size([1400.0, 1000.0])
        .build_ui_state(
            |ui, app: &mut FidelioApp| {
                app.logic();
                fidelio::ui::draw(app, ui);
            },
            app,
        );
    let settle = |harness: &mut Harness<'static, FidelioApp>| {
        for _ in 0..12_000 {
            harness.step();
            if !harness.state().is_busy() {
                harness.run_steps(3);
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        panic!("the app stayed busy");
    };
    harness.state_mut().send(UiCommand::LoadDemo);
    settle(&mut harness);
    for command in [
        UiCommand::SetDateRange(Some(day(FROM)), Some(day(TO))),
        UiCommand::SetStore(Some(STORE.to_string())),
        UiCommand::SetPeriod(Period::Quarter),
        UiCommand::SetLapseWindow(Some(LAPSE_DAYS)),
        UiCommand::SetTenureStarts(vec![0, 2, 4]),
        UiCommand::SetWeight("review".to_string(), 8.0),
        UiCommand::SetHalfLife(Some(60.0)),
    ] {
        harness.state_mut().send(command);
    }
    settle(&mut harness);
    harness.state_mut().next_save_path = Some(folder.to_path_buf());
    harness.state_mut().send(UiCommand::ExportReport);
    settle(&mut harness);
    harness
        .state()
        .pages
        .iter()
        .map(|page| (**page).clone())
        .collect()
}

/// Orders and net revenue of the scope, read from `ordini.csv` without Fidelio: one order per
/// document not starting with `R` (returns), every line's total (returns negative) in revenue.
fn orders_in_scope() -> (usize, f64) {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo/ordini.csv"),
    )
    .unwrap();
    let (from, to) = (day(FROM), day(TO));
    let mut documents = std::collections::BTreeSet::new();
    let mut revenue = 0.0;
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.trim_end_matches('\r').split(';').collect();
        let date = NaiveDate::parse_from_str(cells[1], "%d/%m/%Y").unwrap();
        if cells[8] != STORE || date < from || date > to {
            continue;
        }
        revenue += cells[7]
            .replace('.', "")
            .replace(',', ".")
            .parse::<f64>()
            .unwrap();
        if !cells[0].starts_with('R') {
            documents.insert(cells[0].to_string());
        }
    }
    (documents.len(), revenue)
}

/// NPS of the scope's answers, from `sondaggio_milano.csv` (the only file of that store), read
/// with the csv crate: dates `dd/mm/yyyy hh.mm.ss` first, the score third, blank scores left out.
fn nps_in_scope() -> (usize, f64) {
    let mut reader = csv::Reader::from_path(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo/sondaggio_milano.csv"),
    )
    .unwrap();
    let (from, to) = (day(FROM), day(TO));
    let (mut n, mut promoters, mut detractors) = (0, 0, 0);
    for record in reader.records() {
        let record = record.unwrap();
        let date = record[0].split(' ').next().unwrap();
        let date = NaiveDate::parse_from_str(date, "%d/%m/%Y").unwrap();
        let Ok(score) = record[2].trim().parse::<u32>() else {
            continue;
        };
        if date < from || date > to {
            continue;
        }
        n += 1;
        promoters += usize::from(score >= 9);
        detractors += usize::from(score <= 6);
    }
    (n, 100.0 * (promoters as f64 - detractors as f64) / n as f64)
}

#[test]
fn the_window_the_report_and_the_summary_give_the_same_figures_in_one_scope() {
    let dir = tempfile::tempdir().unwrap();
    // A folder dialog gives a folder that exists; an empty one is written into.
    let from_window = dir.path().join("window");
    std::fs::create_dir(&from_window).unwrap();
    let window_pages = window_report(&from_window);

    let from_cli = dir.path().join("cli");
    let mut args: Vec<String> = vec!["report".into()];
    args.extend(demo_args());
    args.extend(scope_args());
    args.extend(
        [
            "--out",
            &from_cli.display().to_string(),
            "--lang",
            "en",
            "--size",
            "400x300",
            "--scale",
            "1",
        ]
        .map(String::from),
    );
    let report = fidelio(&args);
    assert_eq!(
        report.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&report.stderr)
    );

    let mut args: Vec<String> = vec!["summary".into()];
    args.extend(demo_args());
    args.extend(scope_args());
    let summary = fidelio(&args);
    assert_eq!(summary.status.code(), Some(0));
    let summary: Value = serde_json::from_slice(&summary.stdout).unwrap();

    // The same folder, byte for byte: summary, every chart (subtitles and footers drawn in),
    // every table as CSV and XLSX, and the HTML page.
    let window_files = files_under(&from_window);
    let cli_files = files_under(&from_cli);
    assert_eq!(
        window_files.keys().collect::<Vec<_>>(),
        cli_files.keys().collect::<Vec<_>>()
    );
    assert!(window_files.len() > 20, "{:?}", window_files.keys());
    for (path, bytes) in &window_files {
        if path.extension().is_some_and(|e| e == "xlsx") {
            assert_eq!(
                xlsx_parts(bytes),
                xlsx_parts(&cli_files[path]),
                "{}",
                path.display()
            );
        } else {
            assert!(cli_files[path] == *bytes, "{} differs", path.display());
        }
    }
    let written: Value = serde_json::from_slice(&window_files[Path::new("summary.json")]).unwrap();
    assert_eq!(written, summary);

    // And they are the scope's figures.
    assert_eq!(summary["scope"]["store"], STORE);
    assert_eq!(summary["scope"]["from"], FROM);
    assert_eq!(summary["scope"]["lapse_window"], LAPSE_DAYS);
    let (orders, revenue) = orders_in_scope();
    assert_eq!(summary["sales"]["orders"], orders);
    let got = summary["sales"]["revenue"].as_f64().unwrap();
    assert!((got - revenue).abs() < 0.005, "{got} against {revenue}");
    let (responses, nps) = nps_in_scope();
    assert_eq!(summary["nps"]["responses"], responses);
    let got = summary["nps"]["nps"].as_f64().unwrap();
    assert!((got - nps).abs() < 0.01, "{got} against {nps}");
    // Quarters: January to March is one.
    let periods: Vec<&str> = summary["nps"]["by_period"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["period"].as_str().unwrap())
        .collect();
    assert_eq!(periods, ["2026-Q1"]);
    let html = String::from_utf8_lossy(&window_files[Path::new("report.html")]).to_string();
    assert!(
        html.contains(&format!("2026-01-01 – 2026-03-31 · {STORE} · ")),
        "the loyalty subtitle names the scope's dates and store"
    );

    // The same scope built in-process is the one the CLI read, and the NPS charts' subtitle
    // (drawn into the images compared above) names its dates and store.
    let scope = Scope {
        from: Some(day(FROM)),
        to: Some(day(TO)),
        store: Some(STORE.to_string()),
        period: Period::Quarter,
        lapse_window: Some(LAPSE_DAYS),
        tenure_starts: vec![0, 2, 4],
        half_life_days: Some(60.0),
        weights: {
            let mut weights = Scope::default().weights;
            weights.insert("review".to_string(), 8.0);
            weights
        },
        ..Scope::default()
    };
    assert_eq!(summary["scope"], serde_json::to_value(&scope).unwrap());
    let workspace = common::demo_workspace();
    let figures = compute(&workspace, &scope).unwrap();
    assert_eq!(
        fidelio::charts::nps::subtitle(Lang::En, figures.nps.as_ref().unwrap()),
        format!("2026-01-01 – 2026-03-31 · {STORE} · {responses} responses")
    );

    // One page model: built here from the scope, it is the one the window drew, and the
    // report holds each of its blocks.
    let pages = fidelio::pages::build(Lang::En, &figures);
    let ids: Vec<_> = pages.iter().map(|p| p.id).collect();
    assert_eq!(ids, [PageId::Nps, PageId::Loyalty, PageId::Engagement]);
    assert!(pages == window_pages, "the window's pages are the scope's");
    for page in &pages {
        assert!(html.contains(&page.subtitle), "{}", page.subtitle);
        for kpi in page.kpis() {
            assert!(html.contains(&format!("<b>{}</b>", kpi.value)), "{kpi:?}");
        }
        for chart in page.charts() {
            let png = PathBuf::from("charts").join(format!("{}.png", chart.id));
            assert!(cli_files.contains_key(&png), "{}", png.display());
            assert!(html.contains(&chart.title), "{}", chart.title);
        }
        for table in page.tables() {
            let csv = PathBuf::from("tables").join(format!("{}.csv", table.id));
            assert!(
                cli_files[&csv] == fidelio::export::table::csv_bytes(table, Lang::En).unwrap(),
                "{} is the page's table",
                csv.display()
            );
        }
    }
    // The headline cards say the summary's figures, and those are the files' (checked above).
    let card = |page: PageId, title: &str| {
        pages
            .iter()
            .find(|p| p.id == page)
            .unwrap()
            .kpis()
            .find(|k| k.title == title)
            .unwrap_or_else(|| panic!("no card {title}"))
            .value
            .clone()
    };
    assert_eq!(
        card(PageId::Loyalty, "Orders"),
        Lang::En.count(orders as u64)
    );
    assert_eq!(
        card(PageId::Loyalty, "Customers"),
        Lang::En.count(summary["sales"]["customers"].as_u64().unwrap())
    );
    assert_eq!(
        card(PageId::Loyalty, "Net revenue"),
        Lang::En.number(revenue, 2)
    );
    assert_eq!(
        card(PageId::Nps, "Responses"),
        Lang::En.count(responses as u64)
    );
    assert!(
        card(PageId::Nps, "NPS").starts_with(&Lang::En.signed(nps, 1)),
        "{}",
        card(PageId::Nps, "NPS")
    );
}

#[test]
fn an_as_of_date_ends_the_range_and_counts_recency_to_it() {
    let mut args: Vec<String> = vec!["summary".into()];
    args.extend(demo_args());
    let all = fidelio(&args);
    let all: Value = serde_json::from_slice(&all.stdout).unwrap();
    args.extend(["--as-of".to_string(), "2026-01-01".to_string()]);
    let to_new_year = fidelio(&args);
    let to_new_year: Value = serde_json::from_slice(&to_new_year.stdout).unwrap();
    let mut args: Vec<String> = vec!["summary".into()];
    args.extend(demo_args());
    args.extend(["--to".to_string(), "2025-12-31".to_string()]);
    let to_december: Value = serde_json::from_slice(&fidelio(&args).stdout).unwrap();
    // As of 1 January counts what --to 31 December counts, and fewer orders than all.
    assert_eq!(to_new_year["sales"], to_december["sales"]);
    assert_eq!(to_new_year["nps"], to_december["nps"]);
    assert!(
        to_new_year["sales"]["orders"].as_u64().unwrap() < all["sales"]["orders"].as_u64().unwrap()
    );
}

#[test]
fn a_bad_scope_argument_exits_2_and_says_what_to_write() {
    for (flag, value, says) in [
        ("--from", "31/02/2026", "is not a date"),
        ("--as-of", "yesterday", "is not a date"),
        ("--tenure", "0,three", "is not a list of months"),
        ("--weight", "review", "is not EVENT=WEIGHT"),
        ("--half-life", "0", "is not a half-life"),
        ("--lapse-days", "0", "0"),
    ] {
        let mut args: Vec<String> = vec!["summary".into()];
        args.extend(demo_args());
        args.extend([flag.to_string(), value.to_string()]);
        let out = fidelio(&args);
        assert_eq!(out.status.code(), Some(2), "{flag} {value}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{flag} {value}: {stderr}");
    }
}
