//! The import corpus (tests/fixtures/corpus/): exports of tools Fidelio has no fixture or rule
//! for, each run through `fidelio summary FILE` as a user would and compared with the figures in
//! tests/fixtures/corpus/expected.json. Those figures were counted by make_corpus.py from the
//! files on disk with Python's csv module, never by Fidelio: when a file fails, detection is
//! wrong, not the expectation.
//!
//! Every file is checked and every mismatch collected, so one failing run lists the whole state
//! of detection: `file: field expected X got Y`, with the columns Fidelio chose for that file.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// Files of the corpus folder that are not exports.
const NOT_EXPORTS: [&str; 3] = ["make_corpus.py", "README.md", "expected.json"];

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus")
}

fn expected() -> serde_json::Map<String, Value> {
    let path = corpus_dir().join("expected.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(map)) => map,
        other => panic!("expected.json is not a JSON object: {other:?}"),
    }
}

/// `fidelio summary FILE`: its JSON (Null when it printed none) and the first line of stderr.
fn summary(path: &Path) -> (Value, Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_fidelio"))
        .arg("summary")
        .arg(path)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("fidelio runs");
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let first_line = stderr.lines().next().unwrap_or("").trim().to_string();
    (json, out.status.code(), first_line)
}

/// A value as the report shows it: numbers and strings plainly, a missing one as "nothing".
fn shown(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "nothing".to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    }
}

/// The value at a dotted path of the summary, e.g. `sales.orders`.
fn at<'a>(json: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.')
        .try_fold(json, |v, key| v.get(key))
        .filter(|v| !v.is_null())
}

/// The mismatches of one file, each as `file: field expected X got Y`.
fn check(name: &str, want: &Value) -> Vec<String> {
    let (json, code, stderr) = summary(&corpus_dir().join(name));
    if json.is_null() {
        let code = code.map_or("killed".to_string(), |c| c.to_string());
        return vec![format!(
            "{name}: no summary printed (exit {code}): {stderr}"
        )];
    }
    let file = &json["files"][0];
    let mut out = Vec::new();
    if let Some(error) = file.get("error") {
        out.push(format!("{name}: refused: {}", shown(Some(error))));
    }
    let kind = want["kind"].as_str().expect("expected kind");
    let got_kind = shown(file.get("kind"));
    if got_kind != kind {
        out.push(format!("{name}: kind expected {kind} got {got_kind}"));
    }
    let exact = |out: &mut Vec<String>, field: &str, key: &str| {
        let expected = &want[key];
        let got = at(&json, field);
        if got.and_then(Value::as_f64) != expected.as_f64() {
            out.push(format!(
                "{name}: {field} expected {expected} got {}",
                shown(got)
            ));
        }
    };
    let close = |out: &mut Vec<String>, field: &str, key: &str, tolerance: f64| {
        let expected = want[key].as_f64().expect("expected number");
        let got = at(&json, field);
        match got.and_then(Value::as_f64) {
            Some(v) if (v - expected).abs() <= tolerance => {}
            _ => out.push(format!(
                "{name}: {field} expected {expected} got {}",
                shown(got)
            )),
        }
    };
    match kind {
        "orders" => {
            exact(&mut out, "sales.orders", "orders");
            exact(&mut out, "sales.customers", "customers");
            close(&mut out, "sales.revenue", "revenue", 0.005);
        }
        "survey" => {
            for key in ["responses", "promoters", "passives", "detractors"] {
                exact(&mut out, &format!("nps.{key}"), key);
            }
        }
        "engagement" => {
            exact(&mut out, "engagement.reviews.count", "reviews");
            close(
                &mut out,
                "engagement.reviews.mean_rating",
                "mean_rating",
                1e-4,
            );
        }
        other => panic!("{name}: unknown kind {other} in expected.json"),
    }
    if !out.is_empty() {
        let rows = format!(
            "rows {} used {} skipped {}",
            shown(file.get("rows")),
            shown(file.get("rows_used")),
            shown(file.get("rows_skipped"))
        );
        out.push(format!(
            "{name}:   ({rows}; columns {})",
            shown(file.get("columns"))
        ));
    }
    out
}

#[test]
fn every_corpus_file_gives_its_expected_figures() {
    let expected = expected();
    let mut failing = 0;
    let mut report = Vec::new();
    for (name, want) in &expected {
        let problems = check(name, want);
        if !problems.is_empty() {
            failing += 1;
            report.extend(problems);
        }
    }
    assert!(
        report.is_empty(),
        "{failing} of {} corpus files do not give their expected figures \
         (tests/fixtures/corpus/expected.json, counted by make_corpus.py):\n{}",
        expected.len(),
        report.join("\n")
    );
}

#[test]
fn every_corpus_file_has_expected_figures() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !NOT_EXPORTS.contains(&name.as_str()) && !name.starts_with('.'))
        .collect();
    let listed: BTreeSet<String> = expected().keys().cloned().collect();
    let unlisted: Vec<_> = on_disk.difference(&listed).collect();
    let missing: Vec<_> = listed.difference(&on_disk).collect();
    assert!(
        unlisted.is_empty() && missing.is_empty(),
        "files without an entry in expected.json: {unlisted:?}; \
         entries without a file: {missing:?} (regenerate with \
         python3 tests/fixtures/corpus/make_corpus.py)"
    );
    assert!(on_disk.len() >= 25, "only {} corpus files", on_disk.len());
}
