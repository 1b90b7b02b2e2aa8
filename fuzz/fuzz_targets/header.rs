//! Any text as a `;` or `,` table through header finding (titles, SurveyMonkey and Qualtrics
//! header rows, padding, unique names).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    use fidelio::import::delimited::{detect_delimiter, read_delimited};
    let delimiter = detect_delimiter(text).unwrap_or(b',');
    if let Ok(raw) = read_delimited(text, delimiter) {
        let _ = fidelio::import::header::find_header(raw);
    }
});
