//! What several test files need from the demo shop: its files imported as the window does,
//! `fidelio` run beside them, and its survey answers read without Fidelio.
// Each test file uses some of these.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

use chrono::NaiveDate;

/// The demo files, imported as the window imports them.
pub fn demo_workspace() -> fidelio::workspace::Workspace {
    fidelio::workspace::Workspace {
        files: fidelio::demo::sources()
            .into_iter()
            .map(|source| match source {
                fidelio::import::pipeline::Source::Bytes { path, bytes } => {
                    fidelio::import::pipeline::import_bytes(&path, &bytes, &Default::default())
                }
                other => panic!("the demo is embedded, not {other:?}"),
            })
            .collect(),
    }
}

/// `fidelio` with `args`, run from `assets/` so the demo files are `demo/…`.
pub fn fidelio_in_assets(args: &[String]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fidelio"))
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("fidelio runs")
}

/// `fidelio summary` of the demo files with `extra` arguments, as JSON.
pub fn demo_summary(extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["summary".to_string()];
    args.extend(
        fidelio::demo::paths()
            .iter()
            .map(|p| p.display().to_string()),
    );
    args.extend(extra.iter().map(ToString::to_string));
    let out = fidelio_in_assets(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// One survey answer of the demo: its day, its score and its channel (lower case).
pub struct Answer {
    pub date: NaiveDate,
    pub score: u32,
    pub channel: String,
}

/// Every answer of both demo surveys with a score from 0 to 10 and a readable date, read with
/// the csv crate: the Milano export (`,`, channel last) and the Verona one (`;`, Windows-1252,
/// two lines above its header, channel last). Fidelio leaves the others out too, and says so
/// on the Data page.
pub fn demo_answers() -> Vec<Answer> {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo");
    let mut answers = Vec::new();
    for (file, delimiter, skip, score_at) in [
        ("sondaggio_milano.csv", b',', 0, 2),
        ("survey_verona.csv", b';', 2, 3),
    ] {
        // Scores, dates and channels are ASCII in either encoding.
        let text = String::from_utf8_lossy(&std::fs::read(demo.join(file)).unwrap()).to_string();
        let body: String = text.lines().skip(skip).map(|l| format!("{l}\n")).collect();
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .from_reader(body.as_bytes());
        for record in reader.records() {
            let record = record.unwrap();
            let Ok(score) = record[score_at].trim().parse::<u32>() else {
                continue;
            };
            let day = record[0].get(..10).unwrap_or_default();
            let Ok(date) = NaiveDate::parse_from_str(day, "%d/%m/%Y") else {
                continue;
            };
            if score > 10 {
                continue;
            }
            answers.push(Answer {
                date,
                score,
                channel: record[record.len() - 1].trim().to_lowercase(),
            });
        }
    }
    answers
}

/// Orders (documents not starting with R) of the demo's `ordini.csv` from `from` to `to`
/// (inclusive), of one store or all, read without Fidelio.
pub fn demo_orders(from: NaiveDate, to: NaiveDate, store: Option<&str>) -> usize {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo/ordini.csv"),
    )
    .unwrap();
    let mut documents = std::collections::BTreeSet::new();
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.trim_end_matches('\r').split(';').collect();
        let date = NaiveDate::parse_from_str(cells[1], "%d/%m/%Y").unwrap();
        if date < from || date > to || store.is_some_and(|s| cells[8] != s) {
            continue;
        }
        if !cells[0].starts_with('R') {
            documents.insert(cells[0].to_string());
        }
    }
    documents.len()
}

/// Promoters, detractors and answers of both demo surveys from `from` to `to`.
pub fn demo_nps_counts(from: NaiveDate, to: NaiveDate) -> (f64, f64, f64) {
    let (mut n, mut p, mut d) = (0.0, 0.0, 0.0);
    for answer in demo_answers() {
        if answer.date < from || answer.date > to {
            continue;
        }
        n += 1.0;
        p += f64::from(u8::from(answer.score >= 9));
        d += f64::from(u8::from(answer.score <= 6));
    }
    (p, d, n)
}

/// The stores of the demo's orders, as its `ordini.csv` spells them.
pub fn demo_stores() -> Vec<String> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo/ordini.csv"),
    )
    .unwrap();
    let stores: std::collections::BTreeSet<String> = text
        .lines()
        .skip(1)
        .map(|l| {
            l.trim_end_matches('\r')
                .split(';')
                .nth(8)
                .unwrap()
                .to_string()
        })
        .collect();
    stores.into_iter().collect()
}
