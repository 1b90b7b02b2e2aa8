//! Values that mean the same, merged by the owner: the demo's Verona survey writes its channel
//! "In store", the Milano survey and the orders "negozio". Merged, they are one channel in the
//! NPS by channel, in the store and channel lists, in the summary the CLI prints and on the
//! Data page of the window; the answers are counted from the files here, without Fidelio.

use std::process::Command;

use fidelio::analysis::merge::Merge;
use fidelio::figures::{Scope, compute};

mod common;

fn in_store() -> Merge {
    Merge {
        column: "channel".to_string(),
        from: "In store".to_string(),
        into: "negozio".to_string(),
    }
}

/// Answers per channel, counted from the files here.
fn answers_by_channel() -> std::collections::BTreeMap<String, usize> {
    let mut counts = std::collections::BTreeMap::new();
    for answer in common::demo_answers() {
        *counts.entry(answer.channel).or_insert(0) += 1;
    }
    counts
}

fn channel_segments(scope: &Scope) -> Vec<(String, u32)> {
    let figures = compute(&common::demo_workspace(), scope).unwrap();
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
    let figures = compute(&common::demo_workspace(), &scope).unwrap();
    let channels: Vec<String> = figures
        .channels()
        .iter()
        .map(|c| c.to_lowercase())
        .collect();
    assert_eq!(channels, ["negozio", "online"]);
    let filtered = compute(
        &common::demo_workspace(),
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
    let summary = common::demo_summary(&["--merge", "channel:In store=negozio"]);
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
