//! Products bought together in the demo shop, through `fidelio summary --min-baskets`, against
//! baskets counted here from `ordini.csv` without Fidelio.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

mod common;

/// Each order's products: documents not starting with R (returns), products trimmed.
fn baskets() -> BTreeMap<String, BTreeSet<String>> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo/ordini.csv"),
    )
    .unwrap();
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in text.lines().skip(1) {
        let cells: Vec<&str> = line.trim_end_matches('\r').split(';').collect();
        if cells[0].starts_with('R') || cells[4].trim().is_empty() {
            continue;
        }
        out.entry(cells[0].to_string())
            .or_default()
            .insert(cells[4].trim().to_string());
    }
    out
}

#[test]
fn pairs_have_the_confidence_and_lift_of_the_demo_s_baskets() {
    let summary = common::demo_summary(&["--min-baskets", "5"]);
    let cross = &summary["cross_sell"];
    let baskets = baskets();
    assert_eq!(cross["baskets"].as_u64(), Some(baskets.len() as u64));
    let with = |p: &str| baskets.values().filter(|b| b.contains(p)).count() as f64;
    let pairs = cross["pairs"].as_array().unwrap();
    assert!(!pairs.is_empty());
    let total = baskets.len() as f64;
    for pair in pairs {
        let (x, y) = (pair["if"].as_str().unwrap(), pair["then"].as_str().unwrap());
        let both = baskets
            .values()
            .filter(|b| b.contains(x) && b.contains(y))
            .count() as f64;
        assert!(both >= 5.0);
        assert_eq!(pair["baskets_both"].as_f64(), Some(both), "{x} {y}");
        let confidence = both / with(x);
        assert!((pair["confidence"].as_f64().unwrap() - confidence).abs() < 1e-12);
        let lift = confidence / (with(y) / total);
        assert!((pair["lift"].as_f64().unwrap() - lift).abs() < 1e-9);
    }
    // Highest lift first.
    let lifts: Vec<f64> = pairs.iter().map(|p| p["lift"].as_f64().unwrap()).collect();
    assert!(lifts.windows(2).all(|w| w[0] >= w[1]));
    // Every pair in five or more orders is there, both ways.
    let products: BTreeSet<&String> = baskets.values().flatten().collect();
    let mut expected = 0;
    for x in &products {
        for y in &products {
            if x != y
                && baskets
                    .values()
                    .filter(|b| b.contains(*x) && b.contains(*y))
                    .count()
                    >= 5
            {
                expected += 1;
            }
        }
    }
    assert_eq!(pairs.len(), expected);
    // The demo's 1,390 orders take the default minimum of 5 (docs/metrics.md); 0 counts none.
    assert_eq!(
        common::demo_summary(&[])["cross_sell"],
        summary["cross_sell"]
    );
    assert!(
        common::demo_summary(&["--min-baskets", "0"])
            .get("cross_sell")
            .is_none()
    );
}
