//! Any bytes read as an `.xls` workbook (the reader goes by content, so mutations of the
//! `.xls` seeds reach the other formats too): an error or a sheet within the size limits.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(read) = fidelio::import::spreadsheet::read_sheet(bytes, None) {
        let _ = fidelio::import::header::find_header(read.table);
    }
});
