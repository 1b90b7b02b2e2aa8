//! Reads one sheet of an Excel or LibreOffice workbook (`.xlsx`, `.xlsm`, `.xls`, `.ods`) into a
//! raw table. Spreadsheets already know which cells are numbers and dates, so those types are
//! kept; text stays text even when it looks like a number, because only a whole column can say
//! whether "1.234" means one thousand or one point two.

//!
//! A workbook is a few kilobytes that can describe billions of cells (one cell at XFD1048576,
//! a row repeated a million times), so sizes are checked before anything is laid out:
//! `.xlsx` cells are read one by one and only the filled ones kept, an `.ods` is measured
//! before the library expands it, and no sheet becomes a table of more than
//! [`MAX_SHEET_CELLS`] cells.

use std::io::{Cursor, Read, Seek};

use calamine::{Data, DataRef, Range, Reader, Sheets, open_workbook_auto_from_rs};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use crate::import::header::thousands;
use crate::import::table::{Cell, CellRef, RawTable, Rows};

/// The most cells a sheet may have laid out as a table: a full Excel sheet of 1,048,576 rows
/// is 24 columns of them. Each takes 32 bytes, so a sheet this big takes under a gigabyte.
pub const MAX_SHEET_CELLS: usize = 25_000_000;

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
    /// The sheet describes more cells than Fidelio reads.
    #[error(
        "this sheet declares {} cells, and Fidelio reads sheets up to {} cells; delete what lies far outside the data (or the empty rows and columns repeated to the sheet's end), or export the data again as CSV", thousands(*.cells), thousands(MAX_SHEET_CELLS as u64)
    )]
    TooManyCells {
        /// How many cells it declares.
        cells: u64,
    },
    /// The workbook unpacks to more than [`MAX_UNPACKED_BYTES`].
    #[error(
        "this spreadsheet unpacks to {}, and Fidelio reads spreadsheets that unpack to up to {}; export the data as CSV instead", crate::import::file::size_text(*.bytes), crate::import::file::size_text(MAX_UNPACKED_BYTES)
    )]
    TooBigUnpacked {
        /// What its parts say they unpack to.
        bytes: u64,
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
    let defused;
    let bytes = match crate::import::cfb_check::check(bytes).map_err(corrupt)? {
        Some(workbook) => {
            defused = defuse_xls(bytes, &workbook)?;
            defused.as_deref().unwrap_or(bytes)
        }
        None => bytes,
    };
    if let Some(unpacked) = zip_unpacked_size(bytes)
        && unpacked > MAX_UNPACKED_BYTES
    {
        return Err(SpreadsheetError::TooBigUnpacked { bytes: unpacked });
    }
    if let Some(cells) = ods_declared_cells(bytes)
        && cells > MAX_SHEET_CELLS as u64
    {
        return Err(SpreadsheetError::TooManyCells { cells });
    }
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|err| {
        not_a_spreadsheet(bytes).unwrap_or(SpreadsheetError::Corrupt {
            detail: err.to_string(),
        })
    })?;
    let sheets = workbook.sheet_names();

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
        return Ok(SheetRead {
            table: read_one_sheet(&mut workbook, &name)?,
            sheets,
            sheet: name,
        });
    }

    for name in &sheets {
        let table = read_one_sheet(&mut workbook, name)?;
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

/// Refuses an `.xls` whose workbook would take calamine more than [`MAX_UNPACKED_BYTES`], and
/// blanks its formulas' tokens in a copy of the bytes (Fidelio reads the values formulas last
/// had; calamine would spend time and memory turning the tokens back into text). `None` when
/// there is nothing to blank.
pub fn defuse_xls(
    bytes: &[u8],
    workbook: &crate::import::cfb_check::WorkbookStream,
) -> Result<Option<Vec<u8>>, SpreadsheetError> {
    let scan = crate::import::biff_check::scan(&workbook.bytes).map_err(corrupt)?;
    if scan.memory > MAX_UNPACKED_BYTES {
        return Err(SpreadsheetError::TooBigUnpacked { bytes: scan.memory });
    }
    if scan.formula_lengths.is_empty() {
        return Ok(None);
    }
    let mut copy = bytes.to_vec();
    for at in scan.formula_lengths {
        // The length may straddle two sectors, so each byte is placed on its own.
        for byte in [at, at + 1] {
            if let Some(offset) = workbook.file_offset(byte)
                && let Some(slot) = copy.get_mut(offset)
            {
                *slot = 0;
            }
        }
    }
    Ok(Some(copy))
}

fn corrupt(err: impl std::fmt::Display) -> SpreadsheetError {
    SpreadsheetError::Corrupt {
        detail: err.to_string(),
    }
}

/// The sheet `name` as a raw table. Excel's own formats are read cell by cell, keeping only
/// filled cells; the others come as the library's dense range, checked for size before it is
/// copied.
fn read_one_sheet<RS: Read + Seek>(
    workbook: &mut Sheets<RS>,
    name: &str,
) -> Result<RawTable, SpreadsheetError> {
    match workbook {
        Sheets::Xlsx(xlsx) => match xlsx.worksheet_cells_reader(name) {
            Ok(mut reader) => sparse_to_table(|| {
                Ok(reader
                    .next_cell()
                    .map_err(corrupt)?
                    .map(|c| (c.get_position(), data_ref_to_cell(c.get_value()))))
            }),
            // A chart sheet: no cells.
            Err(calamine::XlsxError::NotAWorksheet(_)) => Ok(RawTable::default()),
            Err(err) => Err(corrupt(err)),
        },
        Sheets::Xlsb(xlsb) => {
            let mut reader = xlsb.worksheet_cells_reader(name).map_err(corrupt)?;
            sparse_to_table(|| {
                Ok(reader
                    .next_cell()
                    .map_err(corrupt)?
                    .map(|c| (c.get_position(), data_ref_to_cell(c.get_value()))))
            })
        }
        _ => {
            let range = workbook.worksheet_range(name).map_err(corrupt)?;
            let (rows, columns) = range.get_size();
            let first_row = range.start().map_or(0, |(row, _)| row as u64);
            let cells = (rows as u64 + first_row).saturating_mul(columns as u64);
            if cells > MAX_SHEET_CELLS as u64 {
                return Err(SpreadsheetError::TooManyCells { cells });
            }
            Ok(range_to_table(&range))
        }
    }
}

/// A table from a sheet's cells as `next` hands them out (position and value, in any order):
/// only filled cells are kept, each row as wide as its own last filled cell, so a lone cell
/// far away costs one row, not a grid. As [`range_to_table`] does, rows keep the sheet's row
/// numbers and columns left of the leftmost filled cell are left out.
fn sparse_to_table(
    mut next: impl FnMut() -> Result<Option<((u32, u32), Cell)>, SpreadsheetError>,
) -> Result<RawTable, SpreadsheetError> {
    let mut cells: Vec<(u32, u32, Cell)> = Vec::new();
    while let Some(((row, column), cell)) = next()? {
        if cell.is_empty() {
            continue;
        }
        if cells.len() >= MAX_SHEET_CELLS {
            return Err(SpreadsheetError::TooManyCells {
                cells: cells.len() as u64 + 1,
            });
        }
        cells.push((row, column, cell));
    }
    // Sheets list their cells row by row, left to right; a stable sort only when one does not,
    // and of a cell given twice the last one counts, as the library's own range has it.
    if !cells.is_sorted_by_key(|&(row, column, _)| (row, column)) {
        cells.sort_by_key(|&(row, column, _)| (row, column));
    }
    cells.dedup_by(|later, earlier| {
        let same = (later.0, later.1) == (earlier.0, earlier.1);
        if same {
            std::mem::swap(later, earlier);
        }
        same
    });
    let Some(first_column) = cells.iter().map(|&(_, column, _)| column).min() else {
        return Ok(RawTable::default());
    };
    // Each row as wide as its last cell: the sum is what the table holds.
    let mut laid_out = 0u64;
    let mut previous_row = None;
    for &(row, column, _) in cells.iter().rev() {
        if previous_row != Some(row) {
            laid_out += u64::from(column - first_column) + 1;
            previous_row = Some(row);
        }
    }
    if laid_out > MAX_SHEET_CELLS as u64 {
        return Err(SpreadsheetError::TooManyCells { cells: laid_out });
    }
    let mut rows = Rows::new();
    let mut cells = cells.into_iter().peekable();
    while let Some(&(row, _, _)) = cells.peek() {
        while rows.len() < row as usize {
            rows.push([]);
        }
        let mut line = Vec::new();
        while let Some((_, column, cell)) = cells.next_if(|&(r, _, _)| r == row) {
            let at = (column - first_column) as usize;
            line.resize(at, Cell::Empty);
            line.push(cell);
        }
        rows.push(line);
    }
    Ok(RawTable { rows })
}

/// The most a workbook may unpack to. The sheets are read as they unpack, but the shared texts
/// of an `.xlsx` are loaded whole; Online Retail II's 525,461 lines unpack to 223 MB.
pub const MAX_UNPACKED_BYTES: u64 = 2_000_000_000;

/// What the parts of a ZIP workbook (`.xlsx`, `.ods`) say they unpack to, in all; `None` when
/// the bytes are no ZIP. The reader never unpacks a part to more than it says.
fn zip_unpacked_size(bytes: &[u8]) -> Option<u64> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut total = 0u64;
    for index in 0..zip.len() {
        if let Ok(part) = zip.by_index_raw(index) {
            total = total.saturating_add(part.size());
        }
    }
    Some(total)
}

/// How many cells the biggest sheet of an `.ods` declares once its repeated rows and columns
/// are laid out, as the library would lay them out; `None` when the bytes are no `.ods`.
/// Measured from the XML before the library reads it: a kilobyte-long file can repeat a
/// filled row a million times, and the library would fill them all in.
fn ods_declared_cells(bytes: &[u8]) -> Option<u64> {
    use quick_xml::events::Event;
    /// No real sheet's XML comes near this; a file that unpacks to more is a bomb.
    const MAX_CONTENT_BYTES: u64 = 1 << 30;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut mimetype = String::new();
    zip.by_name("mimetype")
        .ok()?
        .take(100)
        .read_to_string(&mut mimetype)
        .ok()?;
    if !mimetype.starts_with("application/vnd.oasis.opendocument.spreadsheet") {
        return None;
    }
    let content = zip.by_name("content.xml").ok()?;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(
        content.take(MAX_CONTENT_BYTES + 1),
    ));
    let repeats = |e: &quick_xml::events::BytesStart, name: &str| -> u64 {
        e.try_get_attribute(name)
            .ok()
            .flatten()
            .and_then(|a| a.value.trim().parse().ok())
            .unwrap_or(1)
    };
    let (mut biggest, mut rows, mut width) = (0u64, 0u64, 0u64);
    // In the current row: columns so far, and the end of the last filled cell.
    let (mut row_repeats, mut column, mut row_width) = (1u64, 0u64, 0u64);
    let mut rows_to_last_filled = 0u64;
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf).ok()?;
        match &event {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "table:table" => (rows, width, rows_to_last_filled) = (0, 0, 0),
                "table:table-row" => {
                    // The library caps rows at Excel's 1,048,576 and columns at 16,384.
                    row_repeats = repeats(e, "table:number-rows-repeated").min(1 << 20);
                    (column, row_width) = (0, 0);
                    if matches!(event, Event::Empty(_)) {
                        rows = rows.saturating_add(row_repeats).min(1 << 20);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let span = repeats(e, "table:number-columns-repeated").min(1 << 14);
                    column = (column + span).min(1 << 14);
                    let filled = matches!(event, Event::Start(_))
                        || e.try_get_attribute("office:value-type")
                            .ok()
                            .flatten()
                            .is_some();
                    if filled {
                        row_width = column;
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                "table:table-row" => {
                    rows = rows.saturating_add(row_repeats).min(1 << 20);
                    if row_width > 0 {
                        rows_to_last_filled = rows;
                        width = width.max(row_width);
                    }
                }
                "table:table" => {
                    biggest = biggest.max(rows_to_last_filled.saturating_mul(width));
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        if reader.buffer_position() > MAX_CONTENT_BYTES {
            return Some(u64::MAX);
        }
        buf.clear();
    }
    Some(biggest)
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

/// Converts one calamine value ([`data_ref_to_cell`]).
fn data_to_cell(data: &Data) -> Cell {
    let borrowed = match data {
        Data::Empty | Data::Error(_) => return Cell::Empty,
        Data::Int(n) => DataRef::Int(*n),
        Data::Float(n) => DataRef::Float(*n),
        Data::Bool(b) => DataRef::Bool(*b),
        Data::String(text) => DataRef::SharedString(text),
        Data::DateTime(value) => DataRef::DateTime(*value),
        Data::DateTimeIso(text) => DataRef::DateTimeIso(text.clone()),
        Data::DurationIso(text) => DataRef::DurationIso(text.clone()),
    };
    data_ref_to_cell(&borrowed)
}

/// Excel's dates run from serial 1 (1900-01-01) to 2958465 (9999-12-31); outside that a
/// date-formatted cell is a plain number (and chrono would panic on a serial far out).
const DATE_SERIALS: std::ops::Range<f64> = 0.0..2_958_466.0;

/// Converts one calamine value. Times of day without a date and durations have no `Cell` of
/// their own, so they become text like "10:15:00" that the owner recognises.
fn data_ref_to_cell(data: &DataRef<'_>) -> Cell {
    match data {
        DataRef::Empty | DataRef::Error(_) => Cell::Empty,
        DataRef::Int(n) => Cell::Number(*n as f64),
        DataRef::Float(n) => Cell::Number(*n),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::String(text) => Cell::from_text(text),
        DataRef::SharedString(text) => Cell::from_text(text),
        DataRef::DateTime(value) => {
            let serial = value.as_f64();
            if !serial.is_finite() || (!value.is_duration() && !DATE_SERIALS.contains(&serial)) {
                Cell::Number(serial)
            } else if value.is_duration() || (0.0..1.0).contains(&serial) {
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
        DataRef::DateTimeIso(text) => text
            .parse::<NaiveDateTime>()
            .map(date_cell)
            .or_else(|_| text.parse::<NaiveDate>().map(Cell::Date))
            .or_else(|_| {
                text.parse::<NaiveTime>()
                    .map(|t| Cell::Text(time_text(t).into()))
            })
            .unwrap_or_else(|_| Cell::from_text(text)),
        DataRef::DurationIso(text) => NaiveTime::parse_from_str(text, "PT%HH%MM%S%.fS")
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
