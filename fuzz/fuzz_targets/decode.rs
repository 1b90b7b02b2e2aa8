//! Any bytes through text decoding (encoding sniffing, BOMs, UTF-16, Windows-1252): an error
//! or text, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = fidelio::import::decode::decode_text(bytes);
    let _ = fidelio::import::decode::decode_owned(bytes.into());
});
