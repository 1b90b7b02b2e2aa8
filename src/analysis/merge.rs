//! Values the owner says mean the same: `negozio` and `In store` are one channel, `Brera` and
//! `Milano Brera` one store. A merge renames values of one category column before any figure
//! is computed, so it holds on every page, in every filter and in every export.

use polars::prelude::*;
use serde::{Deserialize, Serialize};

/// One value of a category counted as another.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Merge {
    /// The category's column in the frames (`store`, `channel`, or another survey category).
    pub column: String,
    /// The value merged away, as written (matched ignoring case and surrounding spaces).
    pub from: String,
    /// The value it counts as.
    pub into: String,
}

fn fold(text: &str) -> String {
    text.trim().to_lowercase()
}

/// `frame` with the merges of its columns applied; the frame itself when none applies.
pub fn apply_merges(frame: &DataFrame, merges: &[Merge]) -> PolarsResult<DataFrame> {
    let mut out: Option<DataFrame> = None;
    let names: Vec<String> = frame
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    for column in names.iter().map(String::as_str) {
        let mapping: Vec<(String, &str)> = merges
            .iter()
            .filter(|m| m.column == column)
            .map(|m| (fold(&m.from), m.into.as_str()))
            .collect();
        if mapping.is_empty() {
            continue;
        }
        let values = frame.column(column)?;
        let Ok(text) = values.str() else {
            continue;
        };
        let merged: StringChunked = text
            .iter()
            .map(|value| {
                value.map(|v| {
                    let folded = fold(v);
                    mapping
                        .iter()
                        .find(|(from, _)| *from == folded)
                        .map_or(v, |(_, into)| *into)
                        .to_string()
                })
            })
            .collect();
        let target = out.get_or_insert_with(|| frame.clone());
        target.with_column(merged.with_name(column.into()).into_column())?;
    }
    Ok(out.unwrap_or_else(|| frame.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn merge(column: &str, from: &str, into: &str) -> Merge {
        Merge {
            column: column.to_string(),
            from: from.to_string(),
            into: into.to_string(),
        }
    }

    #[test]
    fn merged_values_count_as_the_value_they_were_merged_into() {
        let frame = df!(
            "channel" => [Some("negozio"), Some("In store"), Some("online"), None, Some(" in STORE ")],
            "store" => ["Brera", "Brera", "Verona", "Verona", "Brera"],
        )
        .unwrap();
        let merged = apply_merges(
            &frame,
            &[
                merge("channel", "in store", "negozio"),
                merge("store", "Brera", "Milano Brera"),
                merge("segment", "x", "y"),
            ],
        )
        .unwrap();
        let channel: Vec<Option<&str>> = merged
            .column("channel")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(
            channel,
            [
                Some("negozio"),
                Some("negozio"),
                Some("online"),
                None,
                Some("negozio")
            ]
        );
        let store: Vec<Option<&str>> = merged
            .column("store")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(
            store,
            [
                Some("Milano Brera"),
                Some("Milano Brera"),
                Some("Verona"),
                Some("Verona"),
                Some("Milano Brera")
            ]
        );
    }

    #[test]
    fn no_merge_leaves_the_frame_as_it_is() {
        let frame = df!("channel" => ["a", "b"]).unwrap();
        assert_eq!(apply_merges(&frame, &[]).unwrap(), frame);
    }
}
