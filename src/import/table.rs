//! The raw table every reader produces, whatever the file format: cells as the file holds them,
//! before any header, type or role is decided. Later steps only read it.

use chrono::{NaiveDate, NaiveDateTime};

/// One cell as read from the file. Text files give only `Text` and `Empty`; spreadsheets also
/// give typed numbers and dates.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Nothing in the cell (or only whitespace).
    Empty,
    /// Text as written, trimmed of surrounding whitespace.
    Text(String),
    /// A number stored as a number (spreadsheets only).
    Number(f64),
    /// A boolean stored as such (spreadsheets only).
    Bool(bool),
    /// A date cell without a time of day (spreadsheets only).
    Date(NaiveDate),
    /// A date cell with a time of day (spreadsheets only).
    DateTime(NaiveDateTime),
}

impl Cell {
    /// A cell from text as a file holds it: trimmed, and `Empty` when only whitespace is left.
    pub fn from_text(text: &str) -> Cell {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(trimmed.to_string())
        }
    }

    /// True when the cell holds nothing usable.
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as the owner would read it in the file, for previews and error messages.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => {
                if n.fract() == 0.0 && n.abs() < 1e15 {
                    format!("{}", *n as i64)
                } else {
                    format!("{n}")
                }
            }
            Cell::Bool(b) => b.to_string(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::DateTime(dt) => dt.format("%Y-%m-%d %H:%M:%S").to_string(),
        }
    }
}

/// All rows of one sheet or text file, before the header row is found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawTable {
    /// Rows in file order; rows may have different lengths.
    pub rows: Vec<Vec<Cell>>,
}

/// A table whose header row has been found: the column names and the data rows below them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HeadedTable {
    /// One name per column, never empty (unnamed columns get "Column N").
    pub headers: Vec<String>,
    /// Data rows, each padded or cut to `headers.len()` cells. Row 1 in messages is `rows[0]`.
    pub rows: Vec<Vec<Cell>>,
    /// How many rows are above the data: titles, blank rows and the header row(s) together.
    pub skipped_above: usize,
}

impl HeadedTable {
    /// A table of text cells, as tests write them (blank strings become empty cells).
    pub fn from_text_rows(headers: &[&str], rows: &[&[&str]]) -> HeadedTable {
        HeadedTable {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: rows
                .iter()
                .map(|row| row.iter().map(|c| Cell::from_text(c)).collect())
                .collect(),
            skipped_above: 0,
        }
    }

    /// The cells of one column, top to bottom.
    pub fn column(&self, index: usize) -> impl Iterator<Item = &Cell> {
        self.rows
            .iter()
            .map(move |row| row.get(index).unwrap_or(&Cell::Empty))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cells_are_trimmed_and_whitespace_is_empty() {
        assert_eq!(Cell::from_text("  9 "), Cell::Text("9".to_string()));
        assert_eq!(Cell::from_text(" \t "), Cell::Empty);
        assert_eq!(Cell::from_text(""), Cell::Empty);
    }
}
