//! Reference images of every NPS and loyalty chart, rendered on the CPU from the demo shop. A change in how
//! charts look shows up here as a failing comparison; after checking the new images by eye,
//! `UPDATE_SNAPSHOTS=1 cargo test --test snapshots` writes them as the new baselines.
//! Baselines live in `tests/snapshots/cpu/` (one set per renderer; this is our CPU renderer).

use std::path::{Path, PathBuf};

use fidelio::charts::Chart;
use fidelio::charts::nps::{page_charts, subtitle};
use fidelio::export::image::{ImageOptions, chart_image, png_bytes};
use fidelio::figures::{Scope, compute};
use fidelio::i18n::Lang;
use fidelio::import::pipeline::ImportOptions;
use fidelio::pages::loyalty::subtitle as loyalty_report_subtitle;
use fidelio::workspace::Workspace;

fn baseline_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/cpu")
}

/// Share of pixels that differ by more than a few levels in any channel.
fn differing_share(a: &image::RgbaImage, b: &image::RgbaImage) -> f64 {
    let differing = a
        .pixels()
        .zip(b.pixels())
        .filter(|(p, q)| p.0.iter().zip(q.0).any(|(x, y)| x.abs_diff(y) > 8))
        .count();
    differing as f64 / f64::from(a.width() * a.height())
}

fn demo_workspace() -> Workspace {
    Workspace {
        files: fidelio::demo::sources()
            .iter()
            .map(|source| source.import(&ImportOptions::default()))
            .collect(),
    }
}

/// Compares each chart's image with `tests/snapshots/cpu/{name}.png` (or writes it, with
/// `UPDATE_SNAPSHOTS`), returning what differs.
fn compare_with_baselines(charts: &[(String, Chart)]) -> Vec<String> {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let options = ImageOptions {
        width: 800,
        height: 450,
        scale: 1.5,
        footer: "demo · 2026-11-22".into(),
        ..ImageOptions::default()
    };
    let mut failures = Vec::new();
    for (name, chart) in charts {
        let png = png_bytes(&chart_image(chart, &options)).unwrap();
        let path = baseline_dir().join(format!("{name}.png"));
        if update {
            std::fs::create_dir_all(baseline_dir()).unwrap();
            std::fs::write(&path, &png).unwrap();
            continue;
        }
        let new = image::load_from_memory(&png).unwrap().to_rgba8();
        let old = match image::open(&path) {
            Ok(old) => old.to_rgba8(),
            Err(error) => {
                failures.push(format!(
                    "{}: no baseline ({error}); run with UPDATE_SNAPSHOTS=1",
                    path.display()
                ));
                continue;
            }
        };
        if old.dimensions() != new.dimensions() {
            failures.push(format!(
                "{name}: size {:?} != {:?}",
                new.dimensions(),
                old.dimensions()
            ));
            continue;
        }
        let share = differing_share(&old, &new);
        if share > 0.001 {
            let fresh = std::env::temp_dir().join(format!("fidelio-snapshot-{name}.png"));
            std::fs::write(&fresh, &png).unwrap();
            failures.push(format!(
                "{name}: {:.2} % of pixels differ; new image at {}",
                share * 100.0,
                fresh.display()
            ));
        }
    }
    failures
}

#[test]
fn every_nps_chart_matches_its_reference_image() {
    let figures = compute(&demo_workspace(), &Scope::default()).unwrap();
    let view = figures.nps.expect("the demo shop has answers");
    let charts = page_charts(Lang::En, &view, &subtitle(Lang::En, &view));
    assert!(
        charts.len() >= 5,
        "trend, groups, scores, store and channel"
    );
    let named: Vec<(String, Chart)> = charts.into_iter().map(|c| (c.id.to_string(), c)).collect();
    let failures = compare_with_baselines(&named);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_loyalty_chart_matches_its_reference_image() {
    let figures = compute(&demo_workspace(), &Scope::default()).unwrap();
    let view = figures.loyalty.expect("the demo shop has orders");
    let mut named: Vec<(String, Chart)> = fidelio::charts::loyalty::page_charts(
        Lang::En,
        &view,
        &loyalty_report_subtitle(Lang::En, &view),
    )
    .into_iter()
    .map(|c| (c.id.to_string(), c))
    .collect();
    assert_eq!(
        named.len(),
        7,
        "curves of retention and revenue, repeat rate, segments, tenure and both survey links"
    );
    // Italian labels are the longest ("Si stanno allontanando"): they must fit too.
    for chart in fidelio::charts::loyalty::page_charts(
        Lang::It,
        &view,
        &loyalty_report_subtitle(Lang::It, &view),
    ) {
        if ["loyalty_segments", "loyalty_tenure", "loyalty_retention"].contains(&chart.id) {
            named.push((format!("{}_it", chart.id), chart));
        }
    }
    let failures = compare_with_baselines(&named);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
