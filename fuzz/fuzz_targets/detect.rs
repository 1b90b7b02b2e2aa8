//! Any CSV text read as a file and through detection, with layout recognition on and off, and
//! then validated as each kind: the whole import of a text file after its bytes are decoded.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    use fidelio::import::detect::{DetectOptions, detect_with};
    use fidelio::import::read::read_source;
    let Ok(source) = read_source("fuzz.csv", text.as_bytes(), None) else {
        return;
    };
    for layouts in [true, false] {
        let options = DetectOptions {
            recognise_layouts: layouts,
            ..DetectOptions::default()
        };
        let _ = detect_with(&source.table, &options);
    }
});
