//! Real `.xls` workbooks (from xlrd's test files, `tests/fixtures/xls/`, and our survey) read
//! the same after Fidelio blanks their formulas' tokens, and the memory `biff_check` expects
//! calamine to take covers what calamine builds. Both are checked against calamine itself,
//! reading the untouched file.

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xls};
use fidelio::import::biff_check::scan;
use fidelio::import::cfb_check::check;
use fidelio::import::spreadsheet::defuse_xls;

fn workbooks() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("xls"))
        .expect("fixtures")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "xls"))
        .collect();
    files.push(root.join("survey/survey.xls"));
    files.sort();
    assert!(files.len() >= 6, "{files:?}");
    files
}

/// Every sheet's name, values and formulas as calamine reads them from `bytes`.
fn sheets(bytes: &[u8]) -> Vec<(String, calamine::Range<Data>, calamine::Range<String>)> {
    let mut book = Xls::new(std::io::Cursor::new(bytes.to_vec())).expect("calamine opens it");
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let values = book.worksheet_range(&name).expect("values");
            let formulas = book.worksheet_formula(&name).expect("formulas");
            (name, values, formulas)
        })
        .collect()
}

#[test]
fn blanking_formulas_keeps_every_value_of_every_sheet() {
    let mut blanked = 0;
    for path in workbooks() {
        let bytes = std::fs::read(&path).expect("read");
        let workbook = check(&bytes).expect("sound").expect("has a workbook");
        let defused = defuse_xls(&bytes, &workbook).expect("within budget");
        let before = sheets(&bytes);
        let Some(defused) = defused else {
            assert!(
                before.iter().all(|(_, _, f)| f.used_cells().count() == 0),
                "{path:?} has formulas that were not found"
            );
            continue;
        };
        let after = sheets(&defused);
        assert_eq!(before.len(), after.len(), "{path:?}");
        for ((name, values, formulas), (name_after, values_after, formulas_after)) in
            before.iter().zip(&after)
        {
            assert_eq!(name, name_after, "{path:?}");
            assert_eq!(values, values_after, "{path:?} sheet {name}");
            // The same cells hold formulas, and none of them was turned back into text (an
            // empty token list gives calamine's note that it could not read it).
            let cells = |r: &calamine::Range<String>| {
                r.used_cells()
                    .map(|(row, col, _)| (row, col))
                    .collect::<Vec<_>>()
            };
            let written = formulas.cells().filter(|(_, _, f)| !f.is_empty()).count();
            blanked += written;
            assert!(
                formulas_after
                    .cells()
                    .all(|(_, _, f)| f.is_empty() || f.starts_with("Unrecognised formula")),
                "{path:?} sheet {name} still has formula text: {:?}",
                formulas_after
                    .used_cells()
                    .filter(|(_, _, f)| !f.is_empty())
                    .take(3)
                    .collect::<Vec<_>>()
            );
            assert_eq!(
                cells(formulas),
                cells(formulas_after),
                "{path:?} sheet {name}"
            );
        }
    }
    // The xlrd workbooks are full of formulas: the test saw some.
    assert!(blanked > 100, "only {blanked} formulas");
}

#[test]
fn the_memory_expected_covers_what_calamine_builds() {
    for path in workbooks() {
        let bytes = std::fs::read(&path).expect("read");
        let workbook = check(&bytes).expect("sound").expect("has a workbook");
        let expected = scan(&workbook.bytes).expect("scans").memory;
        let built: u64 = sheets(&bytes)
            .iter()
            .map(|(_, values, _)| {
                let (rows, cols) = values.get_size();
                let text: usize = values
                    .used_cells()
                    .map(|(_, _, v)| match v {
                        Data::String(s) => s.len(),
                        _ => 0,
                    })
                    .sum();
                (rows * cols * std::mem::size_of::<Data>() + text) as u64
            })
            .sum();
        eprintln!(
            "{path:?}: {} bytes, expected {expected}, built {built}",
            bytes.len()
        );
        assert!(
            expected >= built + bytes.len() as u64,
            "{path:?}: expected {expected} bytes, calamine builds {built}"
        );
        // An upper bound, not a scare: a real workbook is nowhere near the budget.
        assert!(
            expected < 100 * bytes.len() as u64 + 10 * built,
            "{path:?}: expected {expected} bytes for a file of {} bytes ({built} built)",
            bytes.len()
        );
    }
}
