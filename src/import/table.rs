//! The raw table every reader produces, whatever the file format: cells as the file holds them,
//! before any header, type or role is decided. Later steps only read it.
//!
//! A table stays in memory for as long as its file is open (the owner may change a column's
//! role and have it validated again), and a 5-million-line export is 35 million cells. So rows
//! share one buffer instead of being a vector each, and a text file's cells are not values of
//! their own: their texts sit one after another in one string, 4 bytes of offset a cell
//! ([`Rows`]). Readers see every cell as a borrowed [`CellRef`] whatever the storage.

use chrono::{NaiveDate, NaiveDateTime};
use compact_str::CompactString;

/// One cell as read from the file. Text files give only `Text` and `Empty`; spreadsheets also
/// give typed numbers and dates.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Cell {
    /// Nothing in the cell (or only whitespace).
    #[default]
    Empty,
    /// Text as written, trimmed of surrounding whitespace. Up to 24 bytes are kept inline.
    Text(CompactString),
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
        match trimmed(text) {
            "" => Cell::Empty,
            text => Cell::Text(CompactString::new(text)),
        }
    }

    /// The cell as readers see it, borrowed.
    pub fn view(&self) -> CellRef<'_> {
        match self {
            Cell::Empty => CellRef::Empty,
            Cell::Text(s) => CellRef::Text(s),
            Cell::Number(n) => CellRef::Number(*n),
            Cell::Bool(b) => CellRef::Bool(*b),
            Cell::Date(d) => CellRef::Date(*d),
            Cell::DateTime(dt) => CellRef::DateTime(*dt),
        }
    }

    /// True when the cell holds nothing usable.
    pub fn is_empty(&self) -> bool {
        self.view().is_empty()
    }

    /// The cell as the owner would read it in the file, for previews and error messages.
    pub fn display(&self) -> String {
        self.view().display()
    }
}

/// `text` without surrounding whitespace.
#[inline]
fn trimmed(text: &str) -> &str {
    // Most cells have nothing to trim: a look at both ends says so without the Unicode
    // whitespace test on every character.
    let plain = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_graphic());
    let bytes = text.as_bytes();
    if plain(bytes.first()) && plain(bytes.last()) {
        text
    } else {
        text.trim()
    }
}

/// One cell of a table, borrowed: what every reader of a table gets. A table need not hold
/// [`Cell`] values to hand these out (a text file's cells can all live in one buffer).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum CellRef<'a> {
    /// Nothing in the cell (or only whitespace).
    #[default]
    Empty,
    /// Text as written, trimmed of surrounding whitespace.
    Text(&'a str),
    /// A number stored as a number (spreadsheets only).
    Number(f64),
    /// A boolean stored as such (spreadsheets only).
    Bool(bool),
    /// A date cell without a time of day (spreadsheets only).
    Date(NaiveDate),
    /// A date cell with a time of day (spreadsheets only).
    DateTime(NaiveDateTime),
}

impl<'a> CellRef<'a> {
    /// True when the cell holds nothing usable.
    #[inline]
    pub fn is_empty(self) -> bool {
        match self {
            CellRef::Empty => true,
            CellRef::Text(s) => {
                !s.as_bytes().first().is_some_and(u8::is_ascii_graphic) && s.trim().is_empty()
            }
            _ => false,
        }
    }

    /// The cell as the owner would read it in the file, for previews and error messages.
    pub fn display(self) -> String {
        match self {
            CellRef::Empty => String::new(),
            CellRef::Text(s) => s.to_string(),
            CellRef::Number(n) => {
                if n.fract() == 0.0 && n.abs() < 1e15 {
                    format!("{}", n as i64)
                } else if n.abs() >= 1e15 {
                    // 1e200 written out is two hundred digits.
                    format!("{n:e}")
                } else {
                    format!("{n}")
                }
            }
            CellRef::Bool(b) => b.to_string(),
            CellRef::Date(d) => d.format("%Y-%m-%d").to_string(),
            CellRef::DateTime(dt) => dt.format("%Y-%m-%d %H:%M:%S").to_string(),
        }
    }

    /// An owned copy.
    pub fn to_cell(self) -> Cell {
        match self {
            CellRef::Empty => Cell::Empty,
            CellRef::Text(s) => Cell::Text(s.into()),
            CellRef::Number(n) => Cell::Number(n),
            CellRef::Bool(b) => Cell::Bool(b),
            CellRef::Date(d) => Cell::Date(d),
            CellRef::DateTime(dt) => Cell::DateTime(dt),
        }
    }
}

/// One row of a table, borrowed.
#[derive(Clone, Copy)]
pub struct Row<'a> {
    cells: RowCells<'a>,
}

#[derive(Clone, Copy)]
enum RowCells<'a> {
    Cells(&'a [Cell]),
    /// The row's cells end at `ends` in `text`; the first starts at `start`, each other
    /// `gap` bytes after the one before it ends (see [`Store::Text`]).
    Text {
        text: &'a str,
        start: u32,
        ends: &'a [u32],
        gap: u32,
    },
}

impl<'a> Row<'a> {
    /// How many cells.
    #[inline]
    pub fn len(self) -> usize {
        match self.cells {
            RowCells::Cells(cells) => cells.len(),
            RowCells::Text { ends, .. } => ends.len(),
        }
    }

    /// True without cells.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// Cell `column`, if the row is that wide.
    #[inline]
    pub fn get(self, column: usize) -> Option<CellRef<'a>> {
        match self.cells {
            RowCells::Cells(cells) => cells.get(column).map(Cell::view),
            RowCells::Text {
                text,
                start,
                ends,
                gap,
            } => {
                let end = *ends.get(column)?;
                let start = column
                    .checked_sub(1)
                    .map_or(start, |before| ends[before] + gap);
                let cell = &text[start as usize..end as usize];
                Some(match if gap == 0 { cell } else { trimmed(cell) } {
                    "" => CellRef::Empty,
                    text => CellRef::Text(text),
                })
            }
        }
    }

    /// Whether cell `column` holds something ([`CellRef::is_empty`]): a look at its first
    /// byte where that says so, as this runs on every cell of a file to find its header.
    #[inline]
    pub fn is_filled(self, column: usize) -> bool {
        if let RowCells::Text {
            text,
            start,
            ends,
            gap,
        } = self.cells
            && let Some(&end) = ends.get(column)
        {
            let start = column
                .checked_sub(1)
                .map_or(start, |before| ends[before] + gap);
            if text
                .as_bytes()
                .get(start as usize..end as usize)
                .and_then(<[u8]>::first)
                .is_some_and(u8::is_ascii_graphic)
            {
                return true;
            }
        }
        !self.cell(column).is_empty()
    }

    /// Cell `column`; empty when the row is not that wide.
    #[inline]
    pub fn cell(self, column: usize) -> CellRef<'a> {
        self.get(column).unwrap_or_default()
    }

    /// The cells, left to right.
    #[inline]
    pub fn iter(self) -> impl DoubleEndedIterator<Item = CellRef<'a>> + ExactSizeIterator + Clone {
        (0..self.len()).map(move |column| self.cell(column))
    }

    /// The first cell, if any.
    pub fn first(self) -> Option<CellRef<'a>> {
        self.get(0)
    }

    /// An owned copy of the cells.
    pub fn to_cells(self) -> Vec<Cell> {
        self.iter().map(CellRef::to_cell).collect()
    }
}

impl std::fmt::Debug for Row<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq for Row<'_> {
    fn eq(&self, other: &Row<'_>) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

/// Rows of cells, one after another. Rows may have different lengths.
///
/// A text file's cells are all text: their texts sit one after another in one buffer, with
/// where each ends (4 bytes a cell, where a cell value of its own took 24 and a text longer
/// than 24 bytes an allocation more). Spreadsheets' numbers and dates keep their type: a
/// table that holds one keeps [`Cell`] values.
#[derive(Clone)]
pub struct Rows {
    store: Store,
    /// Where the first row starts among the cells: the cells of rows dropped from the top
    /// are left in front, rather than moving every cell of a big table.
    first: usize,
    /// Where each row ends among the cells.
    ends: Vec<usize>,
}

#[derive(Clone)]
enum Store {
    Cells(Vec<Cell>),
    /// Cells cut from one text. Either the cells' texts were copied one after another,
    /// trimmed (`gap` 0: each cell starts where the one before ends), or `text` is the file's
    /// own text left as it was read (`gap` 1: each cell starts one byte, its delimiter, after
    /// the one before, and is trimmed when read). The file's own text saves a copy of a big
    /// file: a row's last cell then ends at the line feed before the next row, so it takes
    /// in the `\r` of a CRLF line end and any blank lines between, which trimming removes.
    Text {
        text: String,
        /// Where the first cell starts in `text`.
        base: u32,
        /// Where each cell ends in `text`.
        ends: Vec<u32>,
        /// Bytes between a cell's end and the next one's start.
        gap: u32,
    },
}

impl Default for Rows {
    fn default() -> Rows {
        Rows {
            store: Store::Text {
                text: String::new(),
                base: 0,
                ends: Vec::new(),
                gap: 0,
            },
            first: 0,
            ends: Vec::new(),
        }
    }
}

impl Rows {
    /// No rows.
    pub fn new() -> Rows {
        Rows::default()
    }

    /// No rows, with room for the rows of `text`, one per line, as wide as its first lines:
    /// a big file's cells then go into one allocation, never copied to a bigger one. Room
    /// that the rows do not take is never touched, so it costs no memory; and it is never
    /// more cells than the text has bytes (each field but a row's last ends at a delimiter),
    /// however wide a first line claims to be.
    pub fn with_capacity_for(text: &str) -> Rows {
        let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
        let width = text
            .lines()
            .take(100)
            .map(|line| line.split([',', ';', '\t', '|']).count())
            .max()
            .unwrap_or(1);
        Rows {
            store: Store::Text {
                text: String::with_capacity(text.len()),
                base: 0,
                ends: Vec::with_capacity(lines.saturating_mul(width).min(text.len() + 1)),
                gap: 0,
            },
            first: 0,
            ends: Vec::with_capacity(lines),
        }
    }

    /// Rows cut from a file's own `text` without copying it: cell `i` is `text` from one byte
    /// after cell `i - 1` ends (cell 0 from `base`) up to `cell_ends[i]`, trimmed; row `r` ends
    /// before cell `row_ends[r]`. Every offset is at most `text.len()`, which fits 4 bytes.
    pub(crate) fn from_text(
        text: String,
        base: u32,
        cell_ends: Vec<u32>,
        row_ends: Vec<usize>,
    ) -> Rows {
        debug_assert!(text.len() <= u32::MAX as usize);
        Rows {
            store: Store::Text {
                text,
                base,
                ends: cell_ends,
                gap: 1,
            },
            first: 0,
            ends: row_ends,
        }
    }

    /// How many cells fit without a new allocation.
    #[cfg(test)]
    pub(crate) fn capacity(&self) -> usize {
        match &self.store {
            Store::Cells(cells) => cells.capacity(),
            Store::Text { ends, .. } => ends.capacity(),
        }
    }

    fn cell_count(&self) -> usize {
        match &self.store {
            Store::Cells(cells) => cells.len(),
            Store::Text { ends, .. } => ends.len(),
        }
    }

    /// The cells as [`Cell`] values, from now on.
    fn make_cells(&mut self) -> &mut Vec<Cell> {
        if let Store::Text {
            text,
            base,
            ends,
            gap,
        } = &self.store
        {
            let mut start = *base;
            let cells = ends
                .iter()
                .map(|&end| {
                    let cell = Cell::from_text(&text[start as usize..end as usize]);
                    start = end + gap;
                    cell
                })
                .collect();
            self.store = Store::Cells(cells);
        }
        match &mut self.store {
            Store::Cells(cells) => cells,
            Store::Text { .. } => unreachable!("the store was just made of cells"),
        }
    }

    /// Adds a row at the end.
    pub fn push(&mut self, row: impl IntoIterator<Item = Cell>) {
        for cell in row {
            self.push_cell(cell);
        }
        self.ends.push(self.cell_count());
    }

    /// Adds a row of text cells at the end (each trimmed, whitespace only being empty).
    pub fn push_texts<'t>(&mut self, row: impl IntoIterator<Item = &'t str>) {
        for field in row {
            self.push_text(field);
        }
        self.ends.push(self.cell_count());
    }

    fn push_text(&mut self, field: &str) {
        let field = trimmed(field);
        if !self.push_to_text(field) {
            self.make_cells().push(Cell::from_text(field));
        }
    }

    fn push_cell(&mut self, cell: Cell) {
        let pushed = match &cell {
            Cell::Empty => self.push_to_text(""),
            Cell::Text(s) => self.push_to_text(s),
            _ => false,
        };
        // A typed cell, a text past what 4-byte offsets reach, or a table of cells already.
        if !pushed {
            self.make_cells().push(cell);
        }
    }

    /// Adds a text cell to the text store; false when the table keeps [`Cell`] values or the
    /// text would end past what 4-byte offsets reach.
    fn push_to_text(&mut self, field: &str) -> bool {
        match &mut self.store {
            Store::Text {
                text, ends, gap: 0, ..
            } if text.len() + field.len() <= u32::MAX as usize => {
                text.push_str(field);
                ends.push(text.len() as u32);
                true
            }
            _ => false,
        }
    }

    /// Adds the rows of `other` after these.
    pub fn append(&mut self, other: Rows) {
        let offset = self.cell_count();
        match (&mut self.store, &other.store) {
            (
                Store::Text {
                    text, ends, gap: 0, ..
                },
                Store::Text {
                    text: more,
                    base,
                    ends: more_ends,
                    gap: 0,
                },
            ) if text.len() + more.len() <= u32::MAX as usize => {
                let skipped = other.first.checked_sub(1).map_or(*base, |i| more_ends[i]);
                let moved = text.len() as u32;
                text.push_str(&more[skipped as usize..]);
                ends.extend(
                    more_ends[other.first..]
                        .iter()
                        .map(|end| end - skipped + moved),
                );
                let first = other.first;
                self.ends
                    .extend(other.ends.iter().map(|end| end - first + offset));
            }
            _ => {
                let rows: Vec<Vec<Cell>> = other.iter().map(Row::to_cells).collect();
                for row in rows {
                    self.push(row);
                }
            }
        }
    }

    /// Removes the last row.
    pub fn pop(&mut self) {
        if self.ends.pop().is_some() {
            let end = self.ends.last().copied().unwrap_or(self.first);
            match &mut self.store {
                Store::Cells(cells) => cells.truncate(end),
                Store::Text {
                    text,
                    base,
                    ends,
                    gap,
                } => {
                    ends.truncate(end);
                    // The file's own text stays whole: other cells may still be cut from it.
                    if *gap == 0 {
                        text.truncate(ends.last().copied().unwrap_or(*base) as usize);
                    }
                }
            }
        }
    }

    /// Keeps the first `len` rows.
    pub fn truncate(&mut self, len: usize) {
        while self.len() > len {
            self.pop();
        }
    }

    /// How many rows.
    #[inline]
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True without rows.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// How many cells the rows hold in all.
    pub fn cell_total(&self) -> usize {
        self.cell_count() - self.first
    }

    /// The most cells [`Rows::into_padded`] may make: 4 bytes a text file's cell takes, 32 a
    /// spreadsheet's, either way at most 2 GB for a table.
    pub fn padded_cells_limit(&self) -> usize {
        match self.store {
            Store::Cells(_) => crate::import::spreadsheet::MAX_SHEET_CELLS,
            Store::Text { .. } => 500_000_000,
        }
    }

    fn bounds(&self, index: usize) -> (usize, usize) {
        let start = if index == 0 {
            self.first
        } else {
            self.ends[index - 1]
        };
        (start, self.ends[index])
    }

    /// Row `index`, if there is one.
    #[inline]
    pub fn get(&self, index: usize) -> Option<Row<'_>> {
        (index < self.len()).then(|| self.row(index))
    }

    /// Row `index`; panics when there is none, like indexing a slice.
    #[inline]
    pub fn row(&self, index: usize) -> Row<'_> {
        let (start, end) = self.bounds(index);
        Row {
            cells: match &self.store {
                Store::Cells(cells) => RowCells::Cells(&cells[start..end]),
                Store::Text {
                    text,
                    base,
                    ends,
                    gap,
                } => RowCells::Text {
                    text,
                    start: start
                        .checked_sub(1)
                        .map_or(*base, |before| ends[before] + gap),
                    ends: &ends[start..end],
                    gap: *gap,
                },
            },
        }
    }

    /// The last row.
    pub fn last(&self) -> Option<Row<'_>> {
        self.len().checked_sub(1).map(|last| self.row(last))
    }

    /// The rows, top to bottom.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = Row<'_>> + ExactSizeIterator + Clone {
        (0..self.len()).map(move |i| self.row(i))
    }

    /// The rows, top to bottom, to change their cells (tests and small tables: the cells are
    /// made [`Cell`] values first).
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut [Cell]> {
        let first = self.first;
        self.make_cells();
        let Store::Cells(cells) = &mut self.store else {
            unreachable!("the store was just made of cells")
        };
        let ends = &self.ends;
        let mut rest = &mut cells[first..];
        let mut start = first;
        ends.iter().map(move |&end| {
            let (row, after) = std::mem::take(&mut rest).split_at_mut(end - start);
            rest = after;
            start = end;
            row
        })
    }

    /// Rows `first..` only, each padded with empty cells or cut to `width`. When every kept
    /// row is `width` long (any export with one line per row) nothing moves, so a big file is
    /// never held twice.
    pub fn into_padded(self, first: usize, width: usize) -> Rows {
        let first = first.min(self.len());
        let offset = if first == 0 {
            self.first
        } else {
            self.ends[first - 1]
        };
        let kept = self.len() - first;
        if (first..self.len()).all(|i| {
            let (start, end) = self.bounds(i);
            end - start == width
        }) {
            let mut ends = self.ends;
            ends.drain(..first);
            return Rows {
                store: self.store,
                first: offset,
                ends,
            };
        }
        let mut padded = match &self.store {
            Store::Cells(cells) => Rows {
                store: Store::Cells(Vec::with_capacity(
                    kept.saturating_mul(width).min(cells.len() + kept),
                )),
                ..Rows::new()
            },
            Store::Text { text, .. } => Rows {
                store: Store::Text {
                    text: String::with_capacity(text.len()),
                    base: 0,
                    ends: Vec::with_capacity(kept.saturating_mul(width).min(text.len() + kept)),
                    gap: 0,
                },
                ..Rows::new()
            },
        };
        padded.ends.reserve(kept);
        for i in first..self.len() {
            let row = self.row(i);
            for column in 0..width {
                match row.cell(column) {
                    CellRef::Text(text) => padded.push_text(text),
                    cell => padded.push_cell(cell.to_cell()),
                }
            }
            padded.ends.push(padded.cell_count());
        }
        padded
    }
}

impl PartialEq for Rows {
    fn eq(&self, other: &Rows) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl std::fmt::Debug for Rows {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl FromIterator<Vec<Cell>> for Rows {
    fn from_iter<I: IntoIterator<Item = Vec<Cell>>>(rows: I) -> Rows {
        let mut all = Rows::new();
        for row in rows {
            all.push(row);
        }
        all
    }
}

impl PartialEq<Vec<Vec<Cell>>> for Rows {
    fn eq(&self, other: &Vec<Vec<Cell>>) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a == *b)
    }
}

impl PartialEq<Cell> for CellRef<'_> {
    fn eq(&self, other: &Cell) -> bool {
        *self == other.view()
    }
}

impl PartialEq<Vec<Cell>> for Row<'_> {
    fn eq(&self, other: &Vec<Cell>) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter().map(Cell::view))
    }
}

impl<'a> IntoIterator for Row<'a> {
    type Item = CellRef<'a>;
    type IntoIter = Box<dyn Iterator<Item = CellRef<'a>> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl<'a> IntoIterator for &'a Rows {
    type Item = Row<'a>;
    type IntoIter = Box<dyn Iterator<Item = Row<'a>> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

/// All rows of one sheet or text file, before the header row is found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawTable {
    /// Rows in file order; rows may have different lengths.
    pub rows: Rows,
}

/// A table whose header row has been found: the column names and the data rows below them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HeadedTable {
    /// One name per column, never empty (unnamed columns get "Column N").
    pub headers: Vec<String>,
    /// Data rows, each padded or cut to `headers.len()` cells. Row 1 in messages is `rows[0]`.
    pub rows: Rows,
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
    pub fn column(&self, index: usize) -> impl Iterator<Item = CellRef<'_>> {
        self.column_range(index, 0..self.rows.len())
    }

    /// The cells of one column in data rows `rows` (0-based).
    pub fn column_range(
        &self,
        index: usize,
        rows: std::ops::Range<usize>,
    ) -> impl Iterator<Item = CellRef<'_>> {
        rows.map(move |row| self.cell(row, index))
    }

    /// The cell at data row `row` (0-based) and `column`; empty outside the table.
    #[inline]
    pub fn cell(&self, row: usize, column: usize) -> CellRef<'_> {
        self.rows
            .get(row)
            .and_then(|cells| cells.get(column))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cells_are_trimmed_and_whitespace_is_empty() {
        assert_eq!(Cell::from_text("  9 "), Cell::Text("9".into()));
        assert_eq!(Cell::from_text(" \t "), Cell::Empty);
        assert_eq!(Cell::from_text(""), Cell::Empty);
    }

    #[test]
    fn a_cell_takes_24_bytes_so_big_files_fit_in_memory() {
        assert_eq!(std::mem::size_of::<Cell>(), 24);
    }

    #[test]
    fn text_rows_keep_their_cells_when_a_typed_cell_arrives_or_rows_are_appended() {
        let mut rows = Rows::new();
        rows.push_texts([" a ", "", "b"]);
        rows.push_texts(["ccc"]);
        rows.push([Cell::Number(2.5), Cell::from_text("d")]);
        assert_eq!(
            rows,
            vec![
                row(&["a", "", "b"]),
                row(&["ccc"]),
                vec![Cell::Number(2.5), Cell::from_text("d")]
            ]
        );
        // Rows dropped from the top of the appended table do not come along.
        let mut more = Rows::new();
        more.push_texts(["title"]);
        more.push_texts(["x", "y"]);
        more.push_texts(["z", ""]);
        let more = more.into_padded(1, 2);
        let mut all = Rows::new();
        all.push_texts(["1"]);
        all.append(more.clone());
        assert_eq!(all, vec![row(&["1"]), row(&["x", "y"]), row(&["z", ""])]);
        rows.append(more);
        assert_eq!(rows.len(), 5);
        assert_eq!(rows.row(4).to_cells(), row(&["z", ""]));
        all.pop();
        all.push_texts(["w"]);
        assert_eq!(all, vec![row(&["1"]), row(&["x", "y"]), row(&["w"])]);
    }

    #[test]
    fn a_cell_is_filled_exactly_when_it_is_not_empty_in_every_kind_of_rows() {
        let cells = ["a", "", " ", "\u{a0}", " x", "\u{a0}y", "-", "\t", "zz "];
        let mut lines = String::new();
        for i in 0..cells.len() {
            let line: Vec<&str> = (0..4).map(|k| cells[(i + k) % cells.len()]).collect();
            lines.push_str(&line.join(";"));
            lines.push_str("\r\n");
        }
        // The file's own text, cells copied one after another, and typed cells.
        let own = crate::import::delimited::read_delimited_text(lines.clone(), 0, b';')
            .unwrap()
            .rows;
        let mut copied = Rows::new();
        for line in lines.lines() {
            copied.push_texts(line.split(';'));
        }
        let mut typed = Rows::new();
        typed.push([Cell::Number(1.0), Cell::Empty, Cell::from_text(" q ")]);
        for rows in [own, copied, typed] {
            assert!(!rows.is_empty());
            for row in rows.iter() {
                for column in 0..row.len() + 1 {
                    assert_eq!(
                        row.is_filled(column),
                        !row.cell(column).is_empty(),
                        "{row:?}"
                    );
                }
            }
        }
    }

    fn row(values: &[&str]) -> Vec<Cell> {
        values.iter().map(|v| Cell::from_text(v)).collect()
    }

    #[test]
    fn rows_are_padded_or_cut_in_place_or_not() {
        let padded = |rows: Vec<Vec<Cell>>, first, width| {
            rows.into_iter().collect::<Rows>().into_padded(first, width)
        };
        // Title row skipped; every kept row shorter or equal.
        let rows = vec![
            row(&["Title"]),
            row(&["a", "b", "c"]),
            row(&["1"]),
            row(&["2", "3"]),
        ];
        assert_eq!(
            padded(rows, 1, 3),
            vec![
                row(&["a", "b", "c"]),
                row(&["1", "", ""]),
                row(&["2", "3", ""])
            ]
        );
        // Every kept row longer or equal.
        let rows = vec![
            row(&["x", "y", "z", "w"]),
            row(&["1", "2", "3"]),
            row(&["4", "5"]),
        ];
        assert_eq!(
            padded(rows, 0, 2),
            vec![row(&["x", "y"]), row(&["1", "2"]), row(&["4", "5"])]
        );
        // Mixed lengths.
        let rows = vec![row(&["1"]), row(&["2", "3", "4"]), row(&[])];
        assert_eq!(
            padded(rows, 0, 2),
            vec![row(&["1", ""]), row(&["2", "3"]), row(&["", ""])]
        );
        assert_eq!(padded(vec![row(&["1"])], 1, 2), Vec::<Vec<Cell>>::new());
    }
}
