//! Files that once crashed Fidelio, hung it or made it ask for gigabytes (issue 10), each in
//! `tests/fixtures/hostile/` (written by `make_hostile_fixtures.py`, which says what each one
//! is). Each must end as `fidelio summary` ends for any file: a figure or a clear message for
//! that file, valid JSON, the other files still read, within a few seconds. Expected figures
//! are counted by hand from the generator's rows.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

fn hostile(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(name)
        .display()
        .to_string()
}

fn good_survey() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/survey/google_forms_en.csv")
}

/// `fidelio summary FILES`: exit code and JSON, after checking it ended in time and printed
/// JSON at all.
fn summary(files: &[String]) -> (i32, Value) {
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_fidelio"))
        .arg("summary")
        .args(files)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("fidelio runs");
    // Generous for a debug build on a busy two-core machine (the million-column .ods alone
    // takes 25 s there, all the files at once 87 s); before the fixes the files took many
    // minutes or never ended.
    assert!(
        started.elapsed() < Duration::from_secs(180),
        "{files:?} took {:?}",
        started.elapsed()
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{files:?}: {stderr}");
    let json: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{files:?}: no JSON ({e}); stderr: {stderr}"));
    (out.status.code().expect("exited"), json)
}

fn only_file(json: &Value) -> &Value {
    let files = json["files"].as_array().expect("a files list");
    assert_eq!(files.len(), 1, "{json}");
    &files[0]
}

fn error_of(name: &str) -> String {
    let (code, json) = summary(&[hostile(name)]);
    assert_eq!(code, 1, "{name}: {json}");
    only_file(&json)["error"]
        .as_str()
        .unwrap_or_else(|| panic!("{name}: no error in {json}"))
        .to_string()
}

#[test]
fn a_cell_at_the_last_cell_of_a_sheet_is_refused_naming_its_row_and_column() {
    let error = error_of("corner_cell_xfd1048576.xlsx");
    assert!(
        error.starts_with("row 1048576 reaches column 16384"),
        "{error}"
    );
    assert!(error.contains("17,179,852,800 cells"), "{error}");
}

#[test]
fn a_cell_far_right_and_far_down_is_refused_before_the_grid_is_laid_out() {
    let error = error_of("far_cell_zz100000.xlsx");
    // ZZ is column 702; rows 2 to 100,000 are the data under the header.
    assert!(
        error.starts_with("row 100000 reaches column 702"),
        "{error}"
    );
}

#[test]
fn date_serials_outside_excels_calendar_are_rows_not_used_not_a_panic() {
    let (code, json) = summary(&[hostile("date_serial_out_of_range.xlsx")]);
    assert_eq!(code, 0, "{json}");
    let file = only_file(&json);
    assert_eq!(file["kind"], "orders");
    let rows: Vec<u64> = file["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["row"].as_u64().unwrap())
        .collect();
    assert_eq!(rows, vec![10, 11], "{file}");
    // 25.50 + 40.00 + 12.25 and six orders of 10.00.
    assert_eq!(json["sales"]["revenue"].as_f64(), Some(137.75));
    assert_eq!(json["sales"]["orders"].as_u64(), Some(9));
}

#[test]
fn overflowing_amounts_are_refused_per_row_and_the_rest_is_summed() {
    let (code, json) = summary(&[hostile("overflowing_amounts.xlsx")]);
    assert_eq!(code, 0, "{json}");
    let file = only_file(&json);
    let problems = file["problems"].as_array().unwrap();
    let rows: Vec<u64> = problems
        .iter()
        .map(|p| p["row"].as_u64().unwrap())
        .collect();
    assert_eq!(rows, vec![1, 2, 3], "{file}");
    for problem in problems {
        let message = problem["message"].as_str().unwrap();
        assert!(message.contains("too large for an amount"), "{message}");
        // A number two hundred digits long is shown the short way.
        assert!(message.len() < 120, "{message}");
    }
    // Only order 4 is left: 3 × 9.50.
    assert_eq!(json["sales"]["revenue"].as_f64(), Some(28.5));
    assert_eq!(json["sales"]["orders"].as_u64(), Some(1));
}

#[test]
fn an_ods_row_repeated_a_million_times_is_measured_before_it_is_laid_out() {
    let error = error_of("row_repeated_a_million_times.ods");
    // 1,000,001 rows (the header and the repeated row) by 201 columns (Data and 200 scores).
    assert!(
        error.starts_with("this sheet declares 201,000,201 cells"),
        "{error}"
    );
}

#[test]
fn a_header_cell_repeated_a_million_columns_reads_the_answers_under_it() {
    let (code, json) = summary(&[hostile("header_cell_repeated_a_million_columns.ods")]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(only_file(&json)["kind"], "survey");
    // Scores 9 and 3: one promoter, one detractor.
    assert_eq!(json["nps"]["responses"].as_u64(), Some(2));
    assert_eq!(json["nps"]["promoters"].as_u64(), Some(1));
    assert_eq!(json["nps"]["detractors"].as_u64(), Some(1));
}

#[test]
fn eight_thousand_columns_of_one_name_are_named_apart_quickly() {
    let (code, json) = summary(&[hostile("eight_thousand_columns_named_x.csv")]);
    assert_eq!(code, 0, "{json}");
    // Scores 9 and 4.
    assert_eq!(json["nps"]["responses"].as_u64(), Some(2));
    assert_eq!(json["nps"]["nps"].as_f64(), Some(0.0));
}

#[test]
fn damaged_excel_97_files_are_refused_as_damaged_spreadsheets() {
    for name in ["truncated.xls", "flipped_bytes.xls"] {
        let error = error_of(name);
        assert!(
            error.contains("could not be read") || error.contains("looks damaged"),
            "{name}: {error}"
        );
    }
}

#[test]
fn an_excel_97_file_whose_sectors_loop_is_refused_before_it_fills_memory() {
    // Found by tests/mutations.rs: calamine copied the looping chain until the process died.
    let error = error_of("sector_chain_loop.xls");
    assert!(
        error.contains("(a chain of sectors loops back on itself)"),
        "{error}"
    );
}

#[test]
fn an_excel_97_file_whose_sector_table_is_cut_mid_entry_is_refused_without_a_panic() {
    // Found by the xls fuzz target in its first minute: calamine asserted on the short table.
    let error = error_of("fat_cut_mid_entry.xls");
    assert!(
        error.contains("(a table of sectors is cut off in the middle of an entry)"),
        "{error}"
    );
}

/// The gigabytes in "this spreadsheet unpacks to 274.9 GB, ...".
fn unpacked_gb(error: &str) -> f64 {
    let rest = error
        .strip_prefix("this spreadsheet unpacks to ")
        .unwrap_or_else(|| panic!("{error}"));
    let (number, unit) = rest.split_once(' ').expect("a size");
    assert!(unit.starts_with("GB,"), "{error}");
    number.parse().expect("a number")
}

#[test]
fn an_excel_97_cell_at_row_and_column_65536_is_refused_before_the_grid_is_laid_out() {
    // Found by the xls fuzz target (an input that took over 2 GB): calamine lays an .xls
    // sheet out from its first cell (A1) to its last, here 65,536 x 65,536 cells.
    let error = error_of("cell_at_row_and_column_65536.xls");
    let grid = 65_536f64 * 65_536f64 * std::mem::size_of::<calamine::Data>() as f64 / 1e9;
    assert!(unpacked_gb(&error) >= grid, "{error}: under {grid} GB");
}

#[test]
fn an_excel_97_sheet_claiming_4_billion_rows_is_refused_before_room_is_reserved() {
    // Rows 0 to 4,294,967,294 by columns 0 to 6, as the Dimensions record now claims.
    let error = error_of("dimensions_claim_4_billion_rows.xls");
    let cells = 4_294_967_295f64 * 7.0;
    let reserved = cells * std::mem::size_of::<calamine::Cell<calamine::Data>>() as f64 / 1e9;
    assert!(
        unpacked_gb(&error) >= reserved,
        "{error}: under {reserved} GB"
    );
}

#[test]
fn an_excel_97_sheet_said_to_start_past_the_end_is_refused_without_a_panic() {
    // Found by the xls fuzz target: calamine sliced the workbook where the sheet was said to be.
    let error = error_of("sheet_starts_past_the_end.xls");
    assert!(
        error.contains("(a sheet starts past the end of the workbook)"),
        "{error}"
    );
}

#[test]
fn an_excel_97_row_of_numbers_ending_before_it_starts_is_refused_without_a_panic() {
    // Found by the xls fuzz target, 13 times in five minutes.
    let error = error_of("row_of_numbers_ending_before_it_starts.xls");
    assert!(
        error.contains("(a row of numbers ends before it starts)"),
        "{error}"
    );
}

#[test]
fn an_excel_97_directory_that_loops_behind_a_reserved_difat_end_is_refused() {
    // Found by the xls fuzz target: the check stopped at 0xFFFFFFFA, calamine went on and read
    // the looping directory until memory ran out.
    let error = error_of("directory_chain_loops_after_reserved_difat.xls");
    assert!(
        error.contains("(a chain of sectors loops back on itself)"),
        "{error}"
    );
}

#[test]
fn damaged_excel_97_records_are_refused_before_calamine_misreads_them() {
    // Found by the xls fuzz target: calamine read the count of merged cells, and a rich
    // string's count of runs, past the end of their records, and counted a row's columns
    // past 16 bits.
    for (name, what) in [
        (
            "merged_cells_cut_short.xls",
            "(a list of merged cells is cut short)",
        ),
        (
            "shared_string_cut_short.xls",
            "(a shared string is cut short)",
        ),
        // A sheet said to start inside another: blanking a formula in one changed the other.
        (
            "sheets_laid_over_one_another.xls",
            "(its sheets are laid over one another)",
        ),
        // Columns 0 to 65535: calamine counts them in 16 bits, which overflows.
        (
            "row_of_numbers_of_65536_columns.xls",
            "(a row of numbers does not match its length)",
        ),
    ] {
        let error = error_of(name);
        assert!(error.contains(what), "{name}: {error}");
    }
}

#[test]
fn excel_97_formulas_are_not_turned_back_into_text() {
    // Each Note formula asks for 510,000 spaces inserted one at a time: 8 s for three cells
    // in a release build before their tokens were blanked.
    let started = Instant::now();
    let (code, json) = summary(&[hostile("formula_of_half_a_million_spaces.xls")]);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(code, 0, "{json}");
    assert_eq!(only_file(&json)["kind"], "survey");
    // Scores 10, 9 and 3: (2 - 1) / 3.
    assert_eq!(json["nps"]["responses"].as_u64(), Some(3));
    assert_eq!(json["nps"]["promoters"].as_u64(), Some(2));
    assert_eq!(json["nps"]["detractors"].as_u64(), Some(1));
}

#[test]
fn a_workbook_that_says_it_unpacks_to_gigabytes_is_refused_before_unpacking() {
    let error = error_of("declares_4gb_unpacked.xlsx");
    assert!(
        error.starts_with("this spreadsheet unpacks to 4.3 GB, and Fidelio reads spreadsheets that unpack to up to 2.0 GB"),
        "{error}"
    );
}

#[test]
fn the_largest_file_read_can_be_set_and_a_bigger_one_is_refused_saying_so() {
    let dir = tempfile::tempdir().unwrap();
    // 1.5 MB of answers: the good survey, repeated.
    let survey = std::fs::read_to_string(good_survey()).unwrap();
    let (header, rows) = survey.split_once('\n').unwrap();
    let mut big = format!("{header}\n");
    while big.len() < 1_500_000 {
        big.push_str(rows);
    }
    let path = dir.path().join("answers.csv");
    std::fs::write(&path, &big).unwrap();
    let run = |mb: &str| {
        Command::new(env!("CARGO_BIN_EXE_fidelio"))
            .args(["summary", "--max-file-size", mb])
            .arg(&path)
            .output()
            .expect("fidelio runs")
    };
    let refused = run("1");
    assert_eq!(refused.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&refused.stdout).unwrap();
    let error = only_file(&json)["error"].as_str().unwrap().to_string();
    assert_eq!(
        error,
        "cannot be opened: it is 1.5 MB and Fidelio reads files up to 1.0 MB as set in Settings \
         (or with --max-file-size); raise the limit to read it"
    );
    assert_eq!(run("2").status.code(), Some(0));
}

#[test]
fn every_hostile_file_at_once_leaves_a_good_file_read() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    files.sort();
    files.push(good_survey().display().to_string());
    let (code, json) = summary(&files);
    assert_eq!(code, 1, "some files are refused");
    let entries = json["files"].as_array().unwrap();
    assert_eq!(entries.len(), files.len());
    let good = entries.last().unwrap();
    assert!(good["error"].is_null(), "{good}");
    assert_eq!(good["kind"], "survey");
    assert!(json["nps"]["responses"].as_u64().unwrap() > 0);
}

#[cfg(unix)]
#[test]
fn a_pipe_and_a_device_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("orders.csv");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let (code, json) = summary(&[
        fifo.display().to_string(),
        "/dev/zero".to_string(),
        good_survey().display().to_string(),
    ]);
    assert_eq!(code, 1);
    let files = json["files"].as_array().unwrap();
    for refused in &files[..2] {
        let error = refused["error"].as_str().unwrap();
        assert!(
            error.contains("not a file saved on disk but a pipe or a device"),
            "{error}"
        );
    }
    assert!(files[2]["error"].is_null());
}
