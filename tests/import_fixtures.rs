//! Every survey fixture through the whole import and NPS pipeline, against the figures written
//! down when the fixture was made (tests/fixtures/survey/expected.json, counted by hand and
//! checked by a separate Python script, never by Fidelio).

use std::path::{Path, PathBuf};

use fidelio::analysis::nps;
use fidelio::import::pipeline::{FileError, ImportOptions, ImportedFile, import_path};
use fidelio::import::roles::{FileKind, Role};
use fidelio::import::survey::SurveyError;
use fidelio::workspace::Workspace;
use serde_json::Value;

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/survey")
}

fn expected() -> serde_json::Map<String, Value> {
    let text = std::fs::read_to_string(fixture_dir().join("expected.json")).unwrap();
    serde_json::from_str::<Value>(&text)
        .unwrap()
        .as_object()
        .unwrap()
        .clone()
}

fn import(name: &str) -> ImportedFile {
    import_path(&fixture_dir().join(name), &ImportOptions::default())
}

fn role_named(name: &str) -> Role {
    Role::parse(name).unwrap_or_else(|| panic!("unknown role {name} in expected.json"))
}

fn check_survey(name: &str, want: &Value) {
    let file = import(name);
    assert!(file.error.is_none(), "{name}: refused: {:?}", file.error);
    assert_eq!(file.kind, FileKind::Survey, "{name}: kind");
    assert_eq!(
        file.rows() as u64,
        want["rows"].as_u64().unwrap(),
        "{name}: rows"
    );
    assert_eq!(
        file.rows_used() as u64,
        want["responses"].as_u64().unwrap(),
        "{name}: responses"
    );

    let skipped: Vec<u64> = want["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["row"].as_u64().unwrap())
        .collect();
    let problem_rows: Vec<u64> = file.problems.iter().map(|p| p.row as u64).collect();
    assert_eq!(problem_rows, skipped, "{name}: skipped rows");

    for (role, header) in want["columns"].as_object().unwrap() {
        assert_eq!(
            file.header_for(role_named(role)),
            header.as_str(),
            "{name}: column for role {role}"
        );
    }

    let workspace = Workspace { files: vec![file] };
    let responses = workspace.responses().unwrap().unwrap();
    let summary = nps::nps_summary(&responses).unwrap();
    assert_eq!(
        u64::from(summary.promoters),
        want["promoters"].as_u64().unwrap(),
        "{name}: promoters"
    );
    assert_eq!(
        u64::from(summary.passives),
        want["passives"].as_u64().unwrap(),
        "{name}: passives"
    );
    assert_eq!(
        u64::from(summary.detractors),
        want["detractors"].as_u64().unwrap(),
        "{name}: detractors"
    );
    let nps_want = want["nps"].as_f64().unwrap();
    assert!(
        (summary.nps - nps_want).abs() < 0.001,
        "{name}: NPS {} != {nps_want}",
        summary.nps
    );
    if let Some(moe) = want.get("moe").and_then(Value::as_f64) {
        assert!(
            (summary.margin_of_error - moe).abs() < 0.001,
            "{name}: MoE {} != {moe}",
            summary.margin_of_error
        );
    }

    // The first data row's date, after any time zone offset, is the fixture's first date.
    let first_date = want["first_date"].as_str().unwrap();
    let survey = workspace.files[0].survey.as_ref().unwrap();
    let first_used_is_row_1 = survey.source_row.first() == Some(&1);
    if first_used_is_row_1 {
        assert_eq!(
            survey.date[0].map(|d| d.to_string()).as_deref(),
            Some(first_date),
            "{name}: first date"
        );
    }
}

#[test]
fn every_readable_survey_fixture_gives_the_hand_counted_figures() {
    let all = expected();
    let mut checked = 0;
    for (name, want) in &all {
        if want["kind"] == "survey" {
            check_survey(name, want);
            checked += 1;
        }
    }
    assert!(checked >= 23, "only {checked} survey fixtures checked");
}

#[test]
fn files_that_cannot_be_read_are_refused_with_a_reason() {
    let all = expected();
    for (name, want) in &all {
        if want["kind"] != "error" {
            continue;
        }
        let file = import(name);
        let error = file
            .error
            .as_ref()
            .unwrap_or_else(|| panic!("{name} was not refused"));
        assert!(matches!(error, FileError::Read(_)), "{name}: {error:?}");
        assert_eq!(file.rows_used(), 0);
        assert!(!error.to_string().is_empty());
    }
}

#[test]
fn refused_file_messages_say_why() {
    let message = |name: &str| {
        import(name)
            .error
            .map(|e| e.to_string())
            .unwrap_or_default()
    };
    assert!(
        message("empty.csv").contains("empty"),
        "{}",
        message("empty.csv")
    );
    assert!(
        message("header_only.csv").contains("no data rows"),
        "{}",
        message("header_only.csv")
    );
    assert!(
        message("picture.csv").contains("not a text file"),
        "{}",
        message("picture.csv")
    );
    assert!(!message("not_a_spreadsheet.xlsx").is_empty());
}

#[test]
fn a_star_rating_is_read_as_reviews_and_refused_as_an_nps_score() {
    // Stars with a comment and a store are reviews: 30 of them, 120 stars in all (EXPECTED.md's
    // hand count: 2 ones, 2 twos, 4 threes, 8 fours, 14 fives), never an NPS.
    let detected = import("stars_1_5.csv");
    assert_eq!(detected.kind, fidelio::import::roles::FileKind::Engagement);
    let reviews = &detected.engagement.as_ref().unwrap().reviews;
    assert_eq!(reviews.len(), 30);
    assert_eq!(reviews.iter().map(|r| r.rating).sum::<f64>(), 120.0);
    assert!(detected.survey.is_none());
    // Mapped by hand as the score, the file is refused with a message naming the column and
    // its scale, and nothing is rescaled.
    let options = ImportOptions {
        overrides: vec![(Role::Score, "Valutazione".into())],
        ..ImportOptions::default()
    };
    let file = import_path(&fixture_dir().join("stars_1_5.csv"), &options);
    match &file.error {
        Some(FileError::Survey(SurveyError::NotZeroToTen { column, min, max })) => {
            assert_eq!((column.as_str(), *min, *max), ("Valutazione", 1, 5));
        }
        other => panic!("expected a 0-10 refusal, got {other:?}"),
    }
    assert_eq!(file.rows_used(), 0);
    assert!(file.error.unwrap().to_string().contains("not a 0-10"));
}

#[test]
fn the_spreadsheet_reads_the_first_sheet_with_data_and_another_on_request() {
    let file = import("survey.xlsx");
    match &file.format {
        Some(fidelio::import::read::SourceFormat::Spreadsheet { sheets, sheet }) => {
            assert_eq!(sheets, &["Note", "Risposte", "Altro"]);
            assert_eq!(sheet, "Risposte");
        }
        other => panic!("not read as a spreadsheet: {other:?}"),
    }
    let options = ImportOptions {
        sheet: Some("Altro".into()),
        ..ImportOptions::default()
    };
    let other = import_path(&fixture_dir().join("survey.xlsx"), &options);
    assert_ne!(other.kind, FileKind::Survey);
}

#[test]
fn the_xls_and_tsv_fixtures_go_through_their_own_readers() {
    use fidelio::import::read::SourceFormat;
    match &import("survey.xls").format {
        Some(SourceFormat::Spreadsheet { sheets, sheet }) => {
            assert_eq!(
                (sheets.as_slice(), sheet.as_str()),
                (&["Risposte".to_string()][..], "Risposte")
            );
        }
        other => panic!("survey.xls not read as a spreadsheet: {other:?}"),
    }
    match &import("pandas_export.tsv").format {
        Some(SourceFormat::Delimited {
            encoding,
            delimiter,
        }) => {
            assert_eq!((*encoding, *delimiter), ("UTF-8", b'\t'));
        }
        other => panic!("pandas_export.tsv not read as delimited text: {other:?}"),
    }
}

#[test]
fn source_files_are_never_written() {
    let dir = fixture_dir();
    let before: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.path(),
                std::fs::read(e.path()).unwrap(),
                e.metadata().unwrap().modified().unwrap(),
            )
        })
        .collect();
    for (path, _, _) in &before {
        let _ = import_path(path, &ImportOptions::default());
    }
    for (path, bytes, modified) in before {
        assert_eq!(
            std::fs::read(&path).unwrap(),
            bytes,
            "{} changed",
            path.display()
        );
        assert_eq!(
            std::fs::metadata(&path).unwrap().modified().unwrap(),
            modified
        );
    }
}
