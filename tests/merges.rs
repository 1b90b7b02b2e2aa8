//! Values that mean the same, merged by the owner: the demo's Verona survey writes its channel
//! "In store", the Milano survey and the orders "negozio". Merged, they are one channel in the
//! NPS by channel, in the store and channel lists, in the summary the CLI prints and on the
//! Data page of the window; the answers are counted from the files here, without Fidelio.

use std::path::Path;
use std::process::Command;

use fidelio::analysis::merge::Merge;
use fidelio::figures::{Scope, compute};
use fidelio::workspace::Workspace;
use serde_json::Value;

fn demo() -> Workspace {
    Workspace {
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

fn in_store() -> Merge {
    Merge {
        column: "channel".to_string(),
        from: "In store".to_string(),
        into: "negozio".to_string(),
    }
}

/// Answers with a score from 0 to 10 per channel, read with the csv crate: the Milano export
/// (`,`, channel last) and the Verona one (`;`, two lines above its header, channel last);
/// answers without a readable date are left out, as Fidelio leaves them out.
fn answers_by_channel() -> std::collections::BTreeMap<String, usize> {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo");
    let mut counts = std::collections::BTreeMap::new();
    for (file, delimiter, skip, score_at) in [
        ("sondaggio_milano.csv", b',', 0, 2),
        ("survey_verona.csv", b';', 2, 3),
    ] {
        // Verona's export is Windows-1252; scores and channels are ASCII either way.
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
            // Fidelio refuses an answer on the 0-10 scale with an unreadable date (the demo's
            // '??/??'), and says so on the Data page.
            let day = record[0].get(..10).unwrap_or_default();
            if score > 10 || chrono::NaiveDate::parse_from_str(day, "%d/%m/%Y").is_err() {
                continue;
            }
            let channel = record[record.len() - 1].trim().to_lowercase();
            *counts.entry(channel).or_insert(0) += 1;
        }
    }
    counts
}

fn channel_segments(scope: &Scope) -> Vec<(String, u32)> {
    let figures = compute(&demo(), scope).unwrap();
    let nps = figures.nps.unwrap();
    let (_, breakdown) = nps
        .figures
        .by_category
        .iter()
        .find(|(c, _)| c.column == "channel")
        .expect("the demo answers name a channel");
    breakdown
        .segments
        .iter()
        .map(|s| (s.value.to_lowercase(), s.summary.responses))
        .collect()
}

#[test]
fn merged_channels_are_one_channel_in_every_figure() {
    let counted = answers_by_channel();
    let before = channel_segments(&Scope::default());
    assert!(before.iter().any(|(v, _)| v == "in store"), "{before:?}");

    let scope = Scope {
        merges: vec![in_store()],
        ..Scope::default()
    };
    let after = channel_segments(&scope);
    assert!(!after.iter().any(|(v, _)| v == "in store"), "{after:?}");
    let negozio = after.iter().find(|(v, _)| v == "negozio").unwrap().1 as usize;
    assert_eq!(negozio, counted["negozio"] + counted["in store"]);
    let online = after.iter().find(|(v, _)| v == "online").unwrap().1 as usize;
    assert_eq!(online, counted["online"]);

    // The channel filter and the lists the window offers know one channel, not two.
    let figures = compute(&demo(), &scope).unwrap();
    let channels: Vec<String> = figures
        .channels()
        .iter()
        .map(|c| c.to_lowercase())
        .collect();
    assert_eq!(channels, ["negozio", "online"]);
    let filtered = compute(
        &demo(),
        &Scope {
            channel: Some("negozio".to_string()),
            ..scope.clone()
        },
    )
    .unwrap();
    assert_eq!(
        filtered.nps.unwrap().figures.summary.responses as usize,
        negozio
    );

    // The CLI's --merge gives the same segments.
    let mut args = vec!["summary".to_string()];
    args.extend(
        fidelio::demo::paths()
            .iter()
            .map(|p| p.display().to_string()),
    );
    args.extend([
        "--merge".to_string(),
        "channel:In store=negozio".to_string(),
    ]);
    let out = Command::new(env!("CARGO_BIN_EXE_fidelio"))
        .args(&args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    let segments = summary["nps"]["by_segment"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(header, _)| header.to_lowercase().contains("canale"))
        .map(|(_, values)| values.as_array().unwrap().clone())
        .unwrap();
    let from_cli: Vec<(String, u32)> = segments
        .iter()
        .map(|s| {
            (
                s["value"].as_str().unwrap().to_lowercase(),
                s["responses"].as_u64().unwrap() as u32,
            )
        })
        .collect();
    assert_eq!(from_cli, after);
    assert_eq!(summary["scope"]["merges"][0]["from"], "In store");
}

#[test]
fn a_bad_merge_argument_says_how_to_write_one() {
    let out = Command::new(env!("CARGO_BIN_EXE_fidelio"))
        .args(["summary", "x.csv", "--merge", "In store"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("channel:In store=negozio"));
}
