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
