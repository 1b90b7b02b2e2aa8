//! The third-party licences shipped with every package (dist/third-party-licences.txt, written
//! by dist/licences.py) are those of the crates Cargo.lock builds: a dependency updated without
//! writing the list again fails here.

use std::collections::HashSet;
use std::path::Path;

#[test]
fn every_listed_crate_is_in_the_lock_file_with_its_version_and_every_direct_one_is_listed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).unwrap();
    let mut locked = HashSet::new();
    let mut name = None;
    for line in lock.lines() {
        if let Some(n) = line.strip_prefix("name = ") {
            name = Some(n.trim_matches('"').to_string());
        } else if let (Some(v), Some(n)) = (line.strip_prefix("version = "), name.take()) {
            locked.insert(format!("{n} {}", v.trim_matches('"')));
        }
    }
    let list = fidelio::ui::pages::settings::THIRD_PARTY;
    let listed: Vec<&str> = list
        .lines()
        .filter_map(|l| l.split_once(": ").map(|(crate_, _)| crate_))
        .filter(|c| c.split(' ').count() == 2)
        .collect();
    assert!(listed.len() > 100, "{}", listed.len());
    for entry in &listed {
        assert!(
            locked.contains(*entry),
            "{entry} is not in Cargo.lock: run dist/licences.py"
        );
    }
    // Every dependency Cargo.toml names for the app (not the dev ones) is among them.
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let deps = manifest
        .split("[dependencies]")
        .nth(1)
        .unwrap()
        .split("\n[")
        .next()
        .unwrap();
    for line in deps.lines() {
        let Some((dep, _)) = line.split_once(" = ") else {
            continue;
        };
        let dep = dep.trim();
        if dep.is_empty() || dep.starts_with('#') {
            continue;
        }
        assert!(
            listed.iter().any(|l| l.split(' ').next() == Some(dep)),
            "{dep} is not listed: run dist/licences.py"
        );
    }
}
