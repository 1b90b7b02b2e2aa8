//! Tables as data: what a page lists, typed (text, number, date), in the page's language. The
//! window shows them, the report writes them as CSV and XLSX (`export::table`), so a table
//! leaves Fidelio exactly as it was built.

use chrono::NaiveDate;

/// One cell of an exported table.
#[derive(Clone, Debug, PartialEq)]
pub enum TableCell {
    /// Nothing.
    Empty,
    /// Text, written as text (never as a formula).
    Text(String),
    /// A number.
    Number(f64),
    /// A calendar date.
    Date(NaiveDate),
}

impl From<&str> for TableCell {
    fn from(text: &str) -> TableCell {
        TableCell::Text(text.to_string())
    }
}

impl From<Option<&str>> for TableCell {
    fn from(text: Option<&str>) -> TableCell {
        text.map_or(TableCell::Empty, TableCell::from)
    }
}

impl From<f64> for TableCell {
    fn from(value: f64) -> TableCell {
        TableCell::Number(value)
    }
}

impl From<Option<NaiveDate>> for TableCell {
    fn from(date: Option<NaiveDate>) -> TableCell {
        date.map_or(TableCell::Empty, TableCell::Date)
    }
}

/// A table as it is exported: a name for its file, a title and typed rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// File name stem (`nps_comments`).
    pub id: &'static str,
    /// Title, in the UI language (also the XLSX sheet name, shortened).
    pub title: String,
    /// Column headers.
    pub columns: Vec<String>,
    /// Rows, each as long as `columns`.
    pub rows: Vec<Vec<TableCell>>,
}

/// Two decimals: money as it is written, without binary noise like 12.299999999999999.
pub fn money(value: f64) -> TableCell {
    // `+ 0.0` turns -0.0 into 0.0, which spreadsheets would otherwise show as "-0".
    TableCell::Number((value * 100.0).round() / 100.0 + 0.0)
}

/// A fraction as a percentage with three decimals: 0.123456 -> 12.346.
pub fn percent(fraction: f64) -> TableCell {
    TableCell::Number((fraction * 100_000.0).round() / 1000.0 + 0.0)
}

pub fn count(value: impl Into<f64>) -> TableCell {
    TableCell::Number(value.into())
}

pub fn columns(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}
