//! Reads one sheet of an Excel or LibreOffice workbook (`.xlsx`, `.xlsm`, `.xls`, `.ods`) into a
//! raw table. Spreadsheets already know which cells are numbers and dates, so those types are
//! kept; text stays text even when it looks like a number, because only a whole column can say
//! whether "1.234" means one thousand or one point two.

use std::io::Cursor;

use calamine::{Data, Range, Reader, open_workbook_auto_from_rs};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use crate::import::table::{Cell, CellRef, RawTable, Rows};

/// One sheet read from a workbook, with the names of all its sheets so the owner can pick
/// another.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetRead {
    /// Every sheet in the workbook, in workbook order.
    pub sheets: Vec<String>,
    /// The sheet that was read.
    pub sheet: String,
    /// Its cells. Row `i` of the table is row `i + 1` of the sheet.
    pub table: RawTable,
}

/// Why a workbook could not be read.
#[derive(thiserror::Error, Debug, Clone, PartialEq)]
pub enum SpreadsheetError {
    /// The bytes are a text file, not a workbook.
    #[error("this is not a spreadsheet but {looks_like} with a spreadsheet's name; {advice}")]
    NotASpreadsheet {
        /// What the bytes look like.
        looks_like: &'static str,
        /// What to do about it.
        advice: &'static str,
    },
    /// calamine could not open the workbook or read a sheet.
    #[error(
        "the spreadsheet could not be read ({detail}); it may be damaged or password-protected: open it in Excel or LibreOffice, save it again (or export it as CSV) and open the new file"
    )]
    Corrupt {
        /// calamine's own description of the problem.
        detail: String,
    },
    /// The sheet asked for is not in the workbook.
    #[error("there is no sheet named \"{wanted}\"; choose one of: {}", quoted_list(.sheets))]
    SheetNotFound {
        /// The name asked for.
        wanted: String,
        /// The sheets the workbook has.
        sheets: Vec<String>,
    },
    /// Every sheet is empty.
    #[error("no sheet has any data (sheets: {}); check that you exported the right file", quoted_list(.sheets))]
    NoSheetWithData {
        /// The sheets the workbook has.
        sheets: Vec<String>,
    },
}

/// Sheet names as messages list them: `"Note", "Risposte"`.
pub(crate) fn quoted_list(names: &[String]) -> String {
    names
        .iter()
        .map(|name| format!("\"{name}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads the sheet named `sheet` (matched exactly, else ignoring case and surrounding spaces),
/// or when `sheet` is `None` the first sheet with any non-empty cell.
pub fn read_sheet(bytes: &[u8], sheet: Option<&str>) -> Result<SheetRead, SpreadsheetError> {
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|err| {
        not_a_spreadsheet(bytes).unwrap_or(SpreadsheetError::Corrupt {
            detail: err.to_string(),
        })
    })?;
    let sheets = workbook.sheet_names();
    let corrupt = |err: calamine::Error| SpreadsheetError::Corrupt {
        detail: err.to_string(),
    };

    if let Some(wanted) = sheet {
        let name = sheets
            .iter()
            .find(|name| name.as_str() == wanted)
            .or_else(|| {
                sheets
                    .iter()
                    .find(|name| name.trim().to_lowercase() == wanted.trim().to_lowercase())
            })
            .cloned()
            .ok_or_else(|| SpreadsheetError::SheetNotFound {
                wanted: wanted.to_string(),
                sheets: sheets.clone(),
            })?;
        let range = workbook.worksheet_range(&name).map_err(corrupt)?;
        return Ok(SheetRead {
            table: range_to_table(&range),
            sheets,
            sheet: name,
        });
    }

    for name in &sheets {
        let range = workbook.worksheet_range(name).map_err(corrupt)?;
        let table = range_to_table(&range);
        if table.rows.iter().flatten().any(|cell| !cell.is_empty()) {
            return Ok(SheetRead {
                table,
                sheet: name.clone(),
                sheets,
            });
        }
    }
    Err(SpreadsheetError::NoSheetWithData { sheets })
}

/// A workbook is a ZIP (`.xlsx`, `.ods`) or OLE (`.xls`) container; text given a spreadsheet
/// extension, often an HTML table a web tool calls "Excel export", gets a message of its own.
fn not_a_spreadsheet(bytes: &[u8]) -> Option<SpreadsheetError> {
    let container = bytes.starts_with(b"PK") || bytes.starts_with(b"\xD0\xCF\x11\xE0");
    if container || bytes.is_empty() {
        return None;
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with('<') {
        Some(SpreadsheetError::NotASpreadsheet {
            looks_like: "a web page (HTML)",
            advice: "open it in Excel or LibreOffice and save it as .xlsx or CSV, then open the new file",
        })
    } else if crate::import::decode::decode_text(bytes).is_ok() {
        Some(SpreadsheetError::NotASpreadsheet {
            looks_like: "a text file",
            advice: "rename it to .csv and open it again",
        })
    } else {
        None
    }
}

/// Copies a sheet's cells, with empty rows above the used range so that row numbers match the
/// sheet's. Columns left of the used range are not kept: they are empty.
fn range_to_table(range: &Range<Data>) -> RawTable {
    let Some((first_row, _)) = range.start() else {
        return RawTable::default();
    };
    let mut rows = Rows::new();
    for _ in 0..first_row {
        rows.push([]);
    }
    for row in range.rows() {
        rows.push(row.iter().map(data_to_cell));
    }
    while rows
        .last()
        .is_some_and(|row| row.iter().all(CellRef::is_empty))
    {
        rows.pop();
    }
    RawTable { rows }
}

/// Converts one calamine value. Times of day without a date and durations have no `Cell` of
/// their own, so they become text like "10:15:00" that the owner recognises.
fn data_to_cell(data: &Data) -> Cell {
    match data {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::Int(n) => Cell::Number(*n as f64),
        Data::Float(n) => Cell::Number(*n),
        Data::Bool(b) => Cell::Bool(*b),
        Data::String(text) => Cell::from_text(text),
        Data::DateTime(value) => {
            let serial = value.as_f64();
            if value.is_duration() || (0.0..1.0).contains(&serial) {
                let seconds = (serial * 86_400.0).round() as i64;
                Cell::Text(compact_str::format_compact!(
                    "{:02}:{:02}:{:02}",
                    seconds / 3600,
                    seconds / 60 % 60,
                    seconds % 60
                ))
            } else {
                value.as_datetime().map_or(Cell::Number(serial), date_cell)
            }
        }
        Data::DateTimeIso(text) => text
            .parse::<NaiveDateTime>()
            .map(date_cell)
            .or_else(|_| text.parse::<NaiveDate>().map(Cell::Date))
            .or_else(|_| {
                text.parse::<NaiveTime>()
                    .map(|t| Cell::Text(time_text(t).into()))
            })
            .unwrap_or_else(|_| Cell::from_text(text)),
        Data::DurationIso(text) => NaiveTime::parse_from_str(text, "PT%HH%MM%S%.fS")
            .map(|t| Cell::Text(time_text(t).into()))
            .unwrap_or_else(|_| Cell::from_text(text)),
    }
}

fn date_cell(datetime: NaiveDateTime) -> Cell {
    if datetime.time() == NaiveTime::MIN {
        Cell::Date(datetime.date())
    } else {
        Cell::DateTime(datetime)
    }
}

fn time_text(time: NaiveTime) -> String {
    format!(
        "{:02}:{:02}:{:02}",
        time.hour(),
        time.minute(),
        time.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

    /// A workbook with an empty first sheet "Note", a "Risposte" sheet with a header, a date
    /// cell, a date-time cell, a number, a number stored as text, a boolean and a time, and a
    /// third sheet "Altro".
    fn sample_workbook() -> Vec<u8> {
        let mut workbook = Workbook::new();
        let date_format = Format::new().set_num_format("dd/mm/yyyy");
        let datetime_format = Format::new().set_num_format("dd/mm/yyyy hh:mm:ss");
        let time_format = Format::new().set_num_format("hh:mm");
        workbook.add_worksheet().set_name("Note").unwrap();

        let answers = workbook.add_worksheet();
        answers.set_name("Risposte").unwrap();
        for (col, header) in ["Data", "Invio", "Voto", "Importo", "Iscritto", "Ora"]
            .into_iter()
            .enumerate()
        {
            answers.write_string(0, col as u16, header).unwrap();
        }
        let date = ExcelDateTime::from_ymd(2026, 3, 5).unwrap();
        let datetime = ExcelDateTime::from_ymd(2026, 3, 5)
            .unwrap()
            .and_hms(10, 15, 32)
            .unwrap();
        let time = ExcelDateTime::from_hms(10, 15, 0).unwrap();
        answers
            .write_datetime_with_format(1, 0, &date, &date_format)
            .unwrap();
        answers
            .write_datetime_with_format(1, 1, &datetime, &datetime_format)
            .unwrap();
        answers.write_number(1, 2, 9).unwrap();
        answers.write_string(1, 3, " 1.234,50 ").unwrap();
        answers.write_boolean(1, 4, true).unwrap();
        answers
            .write_datetime_with_format(1, 5, &time, &time_format)
            .unwrap();
        answers.write_string(2, 3, "   ").unwrap();

        workbook
            .add_worksheet()
            .set_name("Altro")
            .unwrap()
            .write_string(2, 1, "solo qui")
            .unwrap();
        workbook.save_to_buffer().unwrap()
    }

    #[test]
    fn first_sheet_with_data_is_chosen_and_cells_keep_their_types() {
        let read = read_sheet(&sample_workbook(), None).unwrap();
        assert_eq!(read.sheets, vec!["Note", "Risposte", "Altro"]);
        assert_eq!(read.sheet, "Risposte");
        let march_5 = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        assert_eq!(read.table.rows.row(1).cell(0), Cell::Date(march_5));
        assert_eq!(
            read.table.rows.row(1).cell(1),
            Cell::DateTime(march_5.and_hms_opt(10, 15, 32).unwrap())
        );
        assert_eq!(read.table.rows.row(1).cell(2), Cell::Number(9.0));
        // Numbers written as text stay text: the column decides later how to read them.
        assert_eq!(
            read.table.rows.row(1).cell(3),
            Cell::Text("1.234,50".into())
        );
        assert_eq!(read.table.rows.row(1).cell(4), Cell::Bool(true));
        assert_eq!(
            read.table.rows.row(1).cell(5),
            Cell::Text("10:15:00".into())
        );
        assert_eq!(read.table.rows.row(0).cell(0), Cell::Text("Data".into()));
        // Row 3 holds only blanks, so it is dropped as a trailing empty row.
        assert_eq!(read.table.rows.len(), 2);
    }

    #[test]
    fn a_named_sheet_is_chosen_and_rows_above_its_data_are_kept_empty() {
        let read = read_sheet(&sample_workbook(), Some("altro")).unwrap();
        assert_eq!(read.sheet, "Altro");
        // "solo qui" sits in B3: two empty rows above keep the sheet's row numbers.
        assert_eq!(
            read.table.rows,
            vec![vec![], vec![], vec![Cell::Text("solo qui".into())]]
        );
    }

    #[test]
    fn an_unknown_sheet_name_lists_the_sheets() {
        let err = read_sheet(&sample_workbook(), Some("Foglio1")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "there is no sheet named \"Foglio1\"; choose one of: \"Note\", \"Risposte\", \"Altro\""
        );
    }

    #[test]
    fn a_workbook_without_data_is_refused() {
        let mut workbook = Workbook::new();
        workbook.add_worksheet().set_name("Vuoto").unwrap();
        let bytes = workbook.save_to_buffer().unwrap();
        assert_eq!(
            read_sheet(&bytes, None).unwrap_err(),
            SpreadsheetError::NoSheetWithData {
                sheets: vec!["Vuoto".to_string()]
            }
        );
    }

    #[test]
    fn corrupt_bytes_are_refused() {
        let mut bytes = sample_workbook();
        bytes.truncate(bytes.len() / 2);
        assert!(matches!(
            read_sheet(&bytes, None),
            Err(SpreadsheetError::Corrupt { .. })
        ));
    }

    #[test]
    fn text_and_html_with_a_spreadsheet_name_are_told_apart() {
        let err = read_sheet(b"Nome;Voto\nAnna;9\n", None).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("this is not a spreadsheet but a text file"),
            "{err}"
        );
        let err = read_sheet(b"<html><table><tr><td>1</td></tr></table></html>", None).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("this is not a spreadsheet but a web page (HTML)"),
            "{err}"
        );
    }
}
