//! Import: turns the files an owner drops in into validated tables, never losing a row silently.
//!
//! The pipeline runs one way: bytes (`file`) -> text or cells (`decode`, `spreadsheet`) -> raw table
//! (`delimited`) -> headed table (`header`) -> kind and column roles (`detect`) -> validated
//! rows plus row problems (`survey` for answers, `orders` for orders and refunds, `engagement`
//! for reviews, loyalty cards, events and social posts). `read` picks the reader; `pipeline` runs a file through
//! all of it, and `contain` keeps a panic in one file from ending the others;
//! `cfb_check` vets an `.xls` container before calamine walks it, and `biff_check` measures the
//! workbook inside.

pub mod biff_check;
pub mod cfb_check;
pub mod contain;
pub mod decode;
pub mod delimited;
pub mod detect;
pub mod engagement;
pub mod file;
pub mod header;
pub mod orders;
pub mod pipeline;
pub mod problems;
pub mod read;
pub mod roles;
pub mod spreadsheet;
pub mod survey;
pub mod table;
pub mod values;
pub mod vocabulary;
