//! Any text through delimiter detection and splitting into cells, on one core and (for long
//! text) in parts: an error or a table, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    use fidelio::import::delimited::{detect_delimiter, read_delimited};
    let delimiter = detect_delimiter(text).unwrap_or(b',');
    let _ = read_delimited(text, delimiter);
    let _ = read_delimited(text, b';');
});
