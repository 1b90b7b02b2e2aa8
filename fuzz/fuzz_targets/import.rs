//! Any bytes through the whole import as the window and the CLI run it, under each file name
//! a reader is chosen by: always an imported file (maybe refused), never a panic. The import
//! contains a panic by refusing the file as damaged; that is still a bug to find, so a file
//! refused that way fails here.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    use fidelio::import::pipeline::{ImportOptions, import_source};
    use fidelio::import::read::read_source;
    for name in ["fuzz.csv", "fuzz.xlsx"] {
        if let Ok(source) = read_source(name, bytes, None) {
            let file = import_source(std::path::Path::new(name), source, &ImportOptions::default());
            assert!(
                !matches!(file.error, Some(fidelio::import::pipeline::FileError::Damaged(_))),
                "the import panicked: {:?}",
                file.error
            );
        }
    }
});
