//! Import: turns the files an owner drops in into validated tables, never losing a row silently.

pub mod decode;
pub mod delimited;
pub mod header;
pub mod read;
pub mod spreadsheet;
pub mod table;
pub mod values;
