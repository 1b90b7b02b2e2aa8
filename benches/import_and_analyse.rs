//! Times the whole orders pipeline on a real export: read, detect, validate, build the frames,
//! and compute the summary, cohorts and RFM segments. Run in a release build:
//!
//! `cargo bench --bench import_and_analyse -- ../shared/data/online_retail_II_2009_2010.csv`
//!
//! A plain timing harness (no statistics crate): each step runs once, as an owner would.

use std::path::PathBuf;
use std::time::Instant;

use fidelio::import::pipeline::{ImportOptions, import_path};
use fidelio::workspace::{LoyaltyFilter, Workspace, loyalty_view};

fn main() {
    let files: Vec<PathBuf> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .collect();
    if files.is_empty() {
        eprintln!(
            "give the order files to time, e.g. ../shared/data/online_retail_II_2009_2010.csv"
        );
        return;
    }
    let started = Instant::now();
    let imported: Vec<_> = files
        .iter()
        .map(|f| import_path(f, &ImportOptions::default()))
        .collect();
    let import_time = started.elapsed();
    for file in &imported {
        println!(
            "{}: {} rows, {} used, kind {}{}",
            file.name,
            file.rows(),
            file.rows_used(),
            file.kind.as_str(),
            file.error
                .as_ref()
                .map(|e| format!(", error: {e}"))
                .unwrap_or_default()
        );
    }
    let workspace = Workspace { files: imported };
    let analysis_started = Instant::now();
    let view = loyalty_view(&workspace, None, &LoyaltyFilter::default()).expect("analysis");
    let analysis_time = analysis_started.elapsed();
    if let Some(view) = view {
        println!(
            "orders {}, customers {}, net revenue {:.2}, cohorts {}",
            view.summary.orders,
            view.summary.customers,
            view.summary.revenue,
            view.cohorts.len()
        );
    }
    println!(
        "import (read, detect, validate): {:.3} s",
        import_time.as_secs_f64()
    );
    println!(
        "analysis (frames, summary, cohorts, RFM): {:.3} s",
        analysis_time.as_secs_f64()
    );
    println!("total: {:.3} s", started.elapsed().as_secs_f64());
}
