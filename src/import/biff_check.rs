//! Measures what calamine will build from an `.xls` workbook stream before it is asked to, and
//! finds the formulas it would translate for nothing.
//!
//! calamine parses every sheet of an `.xls` when it opens the file, and lays each one out as a
//! dense grid from its first filled cell to its last: a few kilobytes with one cell at A1 and
//! one at column 60,000 of row 65,000 ask for gigabytes, and a failed memory request ends the
//! process. It also reserves room for as many cells as a sheet's Dimensions record claims, gives
//! every cell that points into the shared string table its own copy of the string, and turns
//! every formula back into text, some of it by inserting characters one at a time. Walking the
//! same records in the same order here, with the same rules for where calamine stops, gives an
//! upper bound of the memory it will take; the caller refuses a workbook over budget.
//!
//! Fidelio reads the value a formula last had, never its text, so the caller blanks each
//! formula's token list in its own copy of the file (the file on disk is not touched): a formula
//! of 64 KB of tokens can otherwise keep calamine busy for hours.
//!
//! Records and their layouts are Microsoft's [MS-XLS]; what calamine does with them is read from
//! calamine 0.38's `xls.rs`.

use std::mem::size_of;

use calamine::{Cell, Data};

/// A record's type and length take four bytes before its data.
const HEADER: usize = 4;
/// More CONTINUE records after one record than this and calamine's string reading, which takes
/// them one by one from the front of a list, slows to a crawl. A real shared string table of
/// 200 MB has about 25,000.
const MAX_CONTINUES: usize = 40_000;

/// What calamine will build from a workbook stream.
#[derive(Debug, Default, PartialEq)]
pub struct Scan {
    /// An upper bound of the bytes it will hold at once.
    pub memory: u64,
    /// Where, in the stream, each formula's two-byte token-list length lies.
    pub formula_lengths: Vec<usize>,
}

/// One record: where its data starts in the stream, its type, its data, and the data of the
/// CONTINUE records that follow it.
struct Record<'a> {
    at: usize,
    typ: u16,
    data: &'a [u8],
    continues: Vec<&'a [u8]>,
}

/// Records from `at` to the end of `stream`, as calamine's `RecordIter` splits them, ending
/// where calamine ends or stops with an error; an error where calamine would crawl.
struct Records<'a> {
    stream: &'a [u8],
    at: usize,
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<Record<'a>, &'static str>;

    fn next(&mut self) -> Option<Self::Item> {
        let rest = &self.stream[self.at..];
        if rest.len() < HEADER {
            // calamine stops here with an error of its own, or at the end.
            return None;
        }
        let typ = u16_at(rest, 0);
        let len = usize::from(u16_at(rest, 2));
        if rest.len() < HEADER + len {
            return None;
        }
        let record = Record {
            at: self.at + HEADER,
            typ,
            data: &rest[HEADER..HEADER + len],
            continues: Vec::new(),
        };
        self.at += HEADER + len;
        let mut record = record;
        while self.stream.len() - self.at > HEADER && u16_at(&self.stream[self.at..], 0) == 0x003C {
            let rest = &self.stream[self.at..];
            let len = usize::from(u16_at(rest, 2));
            if rest.len() < HEADER + len {
                return None;
            }
            record.continues.push(&rest[HEADER..HEADER + len]);
            self.at += HEADER + len;
            if record.continues.len() > MAX_CONTINUES {
                return Some(Err(
                    "a record is followed by more pieces than any real file has",
                ));
            }
        }
        Some(Ok(record))
    }
}

fn u16_at(bytes: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([bytes[at], bytes[at + 1]])
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().expect("four bytes"))
}

/// Text decoded from `n` bytes of an `.xls` string takes at most this many bytes in UTF-8 (a
/// byte of a legacy code page, or half a UTF-16 unit, becomes at most three, plus the NULs a
/// compressed string gains on the way).
fn text_bytes(n: usize) -> u64 {
    4 * n as u64
}

/// The bytes each shared string takes once decoded (its reserved capacity included), in order,
/// as calamine's `parse_sst` reads them; `None` where calamine stops with an error, which ends
/// the whole workbook; an error where it would read past what is there, and panic.
fn shared_strings(record: &Record<'_>) -> Result<Option<Vec<u64>>, &'static str> {
    let cut = "a shared string is cut short";
    macro_rules! stop {
        ($e:expr) => {
            match $e {
                Some(v) => v,
                None => return Ok(None),
            }
        };
    }
    let mut pieces = record.continues.iter();
    let mut data = stop!(record.data.get(8..));
    let mut strings = Vec::new();
    loop {
        if data.is_empty() {
            match pieces.next() {
                Some(piece) => data = piece,
                None => return Ok(Some(strings)),
            }
            if data.is_empty() {
                strings.push(0);
                continue;
            }
        }
        if data.len() < 3 {
            return Ok(None);
        }
        let chars = usize::from(u16_at(data, 0));
        let flags = data[2];
        data = &data[3..];
        let mut runs = 0usize;
        if flags & 0x8 != 0 {
            runs = usize::from(u16_at(data.get(..2).ok_or(cut)?, 0));
            data = &data[2..];
        }
        let mut extra = 0usize;
        if flags & 0x4 != 0 {
            extra = u32_at(data.get(..4).ok_or(cut)?, 0) as i32 as isize as usize;
            data = &data[4..];
        }
        let (mut left, mut wide, mut read) = (chars, flags & 0x1 != 0, 0usize);
        while left > 0 {
            let width = if wide { 2 } else { 1 };
            let took = (data.len() / width).min(left);
            read += took * width;
            data = &data[took * width..];
            left -= took;
            if left > 0 {
                let piece = stop!(pieces.next());
                wide = *piece.first().ok_or(cut)? & 0x1 != 0;
                data = &piece[1..];
            }
        }
        for mut skip in [runs.saturating_mul(4), extra] {
            while skip > 0 {
                if data.is_empty() {
                    data = stop!(pieces.next());
                    continue;
                }
                let took = skip.min(data.len());
                data = &data[took..];
                skip -= took;
            }
        }
        strings.push(chars as u64 + text_bytes(read));
    }
}

/// What one sheet's records make calamine build.
#[derive(Default)]
struct Sheet {
    /// Cells pushed to its list, and the room reserved for them.
    cells: u64,
    reserved: u64,
    /// The decoded text the cells hold.
    text: u64,
    formulas: u64,
    /// First and last row and column of the cells and of the formulas.
    cell_bounds: Option<[u32; 4]>,
    formula_bounds: Option<[u32; 4]>,
}

fn widen(bounds: &mut Option<[u32; 4]>, row: u32, col: u32) {
    let b = bounds.get_or_insert([row, row, col, col]);
    b[0] = b[0].min(row);
    b[1] = b[1].max(row);
    b[2] = b[2].min(col);
    b[3] = b[3].max(col);
}

fn grid(bounds: Option<[u32; 4]>) -> u64 {
    bounds.map_or(0, |[r0, r1, c0, c1]| {
        u64::from(r1 - r0 + 1).saturating_mul(u64::from(c1 - c0 + 1))
    })
}

impl Sheet {
    fn cell(&mut self, row: u32, col: u32, text: u64) {
        self.cells += 1;
        self.text = self.text.saturating_add(text);
        widen(&mut self.cell_bounds, row, col);
    }

    /// The bytes it holds once read (grid and text), and those it holds only while being read
    /// (the list of cells, which doubles as it grows, and the formula list).
    fn memory(&self) -> (u64, u64) {
        let kept = grid(self.cell_bounds)
            .saturating_mul(size_of::<Data>() as u64)
            .saturating_add(self.text)
            .saturating_add(grid(self.formula_bounds).saturating_mul(size_of::<String>() as u64));
        let list = self.reserved.max(self.cells.saturating_mul(2));
        let passing = list
            .saturating_mul(size_of::<Cell<Data>>() as u64)
            .saturating_add(
                self.formulas
                    .saturating_mul(2 * size_of::<Cell<String>>() as u64),
            );
        (kept, passing)
    }
}

/// calamine's reading of a Dimensions record: the number of cells it reserves room for, or
/// `None` where it stops with an error. Its arithmetic wraps as calamine's does in a release
/// build (a debug build panics, which the import contains).
fn dimensions(data: &[u8]) -> Option<u64> {
    let (rf, rl, mut cf, cl) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0)),
            u32::from(u16_at(data, 2)),
            u32::from(u16_at(data, 4)),
            u32::from(u16_at(data, 6)),
        ),
        14 | 16 => (
            u32_at(data, 0),
            u32_at(data, 4),
            u32::from(u16_at(data, 8)),
            u32::from(u16_at(data, 10)),
        ),
        _ => return None,
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    let (start, end) = if rl >= 1 && cl >= 1 {
        ((rf, cf), (rl - 1, cl - 1))
    } else {
        ((rf, cf), (rf, cf))
    };
    let rows = end.0.wrapping_sub(start.0).wrapping_add(1) as u64;
    let cols = end.1.wrapping_sub(start.1).wrapping_add(1) as u64;
    Some(rows.saturating_mul(cols))
}

/// Walks the workbook stream as calamine's `parse_workbook` does. An error means the stream
/// would make calamine work without end; a stream calamine merely refuses passes, with what it
/// builds before it gives up.
pub fn scan(stream: &[u8]) -> Result<Scan, &'static str> {
    let mut scan = Scan::default();
    let mut sheets = Vec::new();
    let mut strings: Vec<u64> = Vec::new();
    let mut globals = Records { stream, at: 0 };
    for record in globals.by_ref() {
        let record = record?;
        let len = record.data.len();
        // Records calamine reads fields of without checking that they are there.
        let short = match record.typ {
            0x0809 | 0x0042 | 0x002F | 0x0022 | 0x0017 => len < 2,
            0x0085 => len < 6,
            0x0018 => len < 14 || usize::from(u16_at(record.data, 4)) > len,
            _ => false,
        };
        if short {
            return Err("a record of the workbook is cut short");
        }
        match record.typ {
            0x0085 => sheets.push(u32_at(record.data, 0) as usize),
            0x00FC => match shared_strings(&record)? {
                Some(found) => strings = found,
                None => return Ok(scan),
            },
            0x000A => break,
            _ => {}
        }
    }
    let string_memory = strings.iter().fold(0u64, |sum, s| {
        sum.saturating_add(*s + size_of::<String>() as u64)
    });
    // calamine holds the file, its mini stream and the workbook stream while it reads.
    let mut kept = string_memory.saturating_add(3 * stream.len() as u64);
    let (mut largest_kept, mut largest_passing) = (0u64, 0u64);
    // Sheets may share records; more reading than this is a file built to make calamine loop.
    let mut budget = stream.len().saturating_mul(8).saturating_add(1 << 24);
    // Where each part of the stream was read from, start to end: the workbook's own records
    // first. Blanking a formula changes bytes of the record that holds it; were another sheet
    // read across the same bytes, split into other records, the change could turn into new
    // records there (found by the xls fuzz target), so parts may not overlap.
    let mut read = std::collections::BTreeMap::from([(0usize, globals.at)]);
    for start in sheets {
        if start > stream.len() {
            // calamine would slice the stream there, and panic.
            return Err("a sheet starts past the end of the workbook");
        }
        let mut sheet = Sheet::default();
        let (mut formula_at, mut nested, mut seen_bof) = ((0u32, 0u32), 0usize, false);
        let mut failed = false;
        let mut records = Records { stream, at: start };
        for record in records.by_ref() {
            let record = record?;
            budget = budget
                .checked_sub(HEADER + record.data.len())
                .ok_or("its sheets are laid over one another")?;
            let data = record.data;
            if nested > 0 {
                match record.typ {
                    0x0809 => nested += 1,
                    0x000A => nested -= 1,
                    _ => {}
                }
                continue;
            }
            let at = |d: &[u8]| (u32::from(u16_at(d, 0)), u32::from(u16_at(d, 2)));
            match record.typ {
                0x0809 if seen_bof => nested += 1,
                0x0809 => seen_bof = true,
                0x0200 => match dimensions(data) {
                    Some(cells) => {
                        sheet.reserved = sheet.reserved.max(sheet.cells.saturating_add(cells))
                    }
                    None => failed = true,
                },
                // Number, bool or error, RK: a value of a few bytes.
                0x0203 | 0x0205 | 0x027E if data.len() >= 8 => {
                    let (row, col) = at(data);
                    sheet.cell(row, col, 0);
                }
                // Label, rich string: text in the record.
                0x0204 | 0x00D6 if data.len() >= 8 => {
                    let (row, col) = at(data);
                    let chars = u64::from(u16_at(data, 6));
                    sheet.cell(row, col, chars + 2 * text_bytes(data.len()));
                }
                // The text a formula gave, in the record after it.
                0x0207 => {
                    let chars = data.get(..2).map_or(0, |d| u64::from(u16_at(d, 0)));
                    sheet.cell(
                        formula_at.0,
                        formula_at.1,
                        chars + 2 * text_bytes(data.len()),
                    );
                }
                // A cell showing a shared string gets its own copy.
                0x00FD if data.len() >= 10 => {
                    if let Some(&text) = strings.get(u32_at(data, 6) as usize) {
                        let (row, col) = at(data);
                        sheet.cell(row, col, text);
                    }
                }
                // Several RK numbers in one row.
                0x00BD if data.len() >= 6 => {
                    let (row, first) = at(data);
                    let last = u32::from(u16_at(data, data.len() - 2));
                    if last < first {
                        // calamine's count of its cells would go below zero.
                        return Err("a row of numbers ends before it starts");
                    }
                    if 6 + 6 * (last - first + 1) as usize != data.len() {
                        // calamine counts its columns in 16 bits, where 0 to 65535 overflows.
                        return Err("a row of numbers does not match its length");
                    }
                    let count = (data.len() - 6) / 6;
                    for col in first..first + count as u32 {
                        sheet.cell(row, col, 0);
                    }
                }
                0x0006 if data.len() >= 22 => {
                    let (row, col) = at(data);
                    formula_at = (row, col);
                    sheet.cell(row, col, 0);
                    sheet.formulas += 1;
                    widen(&mut sheet.formula_bounds, row, col);
                    // What is left of the formula after its tokens are blanked: an empty
                    // text, or calamine's note that it could not read it.
                    sheet.text = sheet.text.saturating_add(256);
                    scan.formula_lengths.push(record.at + 20);
                }
                // calamine reads the token list's length without checking it is there.
                0x0006 if data.len() >= 20 => return Err("a formula is cut short"),
                // Merged cells: a count, then eight bytes each, read without checking.
                0x00E5 if data.len() < 2 || 2 + 8 * usize::from(u16_at(data, 0)) > data.len() => {
                    return Err("a list of merged cells is cut short");
                }
                0x0203 | 0x0205 | 0x027E | 0x0204 | 0x00D6 | 0x00FD | 0x00BD | 0x0006 => {
                    failed = true
                }
                0x000A => break,
                _ => {}
            }
            if failed {
                break;
            }
        }
        let end = records.at.max(start + 1);
        let before = read.range(..end).next_back();
        if before.is_some_and(|(_, &before_end)| before_end > start) {
            return Err("its sheets are laid over one another");
        }
        read.insert(start, end);
        let (sheet_kept, passing) = sheet.memory();
        kept = kept.saturating_add(sheet_kept);
        largest_kept = largest_kept.max(sheet_kept);
        largest_passing = largest_passing.max(passing);
        if failed {
            break;
        }
    }
    // The sheet Fidelio reads is copied out of calamine once more.
    scan.memory = kept
        .saturating_add(largest_passing)
        .saturating_add(largest_kept);
    Ok(scan)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record<'a>(data: &'a [u8], continues: &[&'a [u8]]) -> Record<'a> {
        Record {
            at: 0,
            typ: 0x00FC,
            data,
            continues: continues.to_vec(),
        }
    }

    #[test]
    fn a_shared_string_split_across_pieces_is_measured_whole() {
        // Header, then "abcde" (5 characters, one byte each) of which "de" moved to the next
        // piece, which starts with its own flags byte (two bytes a character), then "xy".
        let first = [&[0u8; 8][..], &[5, 0, 0], b"abc"].concat();
        let second = [&[1u8][..], &[b'd', 0, b'e', 0], &[2, 0, 0], b"xy"].concat();
        let strings = shared_strings(&record(&first, &[&second]))
            .expect("sound")
            .expect("read");
        // Five characters reserved, seven bytes read; two and two.
        assert_eq!(strings, vec![5 + text_bytes(7), 2 + text_bytes(2)]);
        // Cut before "de": calamine stops with an error, and so does the reading here.
        assert_eq!(shared_strings(&record(&first, &[])), Ok(None));
        // Rich text whose count of runs is cut off: calamine would read past the record.
        let cut = [&[0u8; 8][..], &[1, 0, 0x8], &[7]].concat();
        assert_eq!(
            shared_strings(&record(&cut, &[])),
            Err("a shared string is cut short")
        );
    }

    #[test]
    fn dimensions_wrap_as_calamine_computes_them() {
        // BIFF8: first row 0, last row + 1 = 11, columns 0 to 7.
        let sound = [0, 0, 0, 0, 11, 0, 0, 0, 0, 0, 7, 0, 0, 0];
        assert_eq!(dimensions(&sound), Some(11 * 7));
        // A first row past the last one wraps to nearly 2^32 rows.
        let wrapped = [20, 0, 0, 0, 11, 0, 0, 0, 0, 0, 7, 0, 0, 0];
        assert_eq!(dimensions(&wrapped), Some((u64::from(u32::MAX) - 8) * 7));
        assert_eq!(dimensions(&[0; 12]), None);
    }
}
