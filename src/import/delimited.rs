//! Reads delimited text (CSV, TSV, semicolon files from Italian Excel) into a raw table. The
//! delimiter is not trusted to the extension: Italian Excel writes `;` in a `.csv`, other tools
//! write tabs or pipes. It is chosen by parsing the first records with each candidate and
//! keeping the one that splits them into the same number of fields, so commas inside quoted
//! text or decimal commas do not fool it.

use crate::import::table::{CellRef, RawTable, Rows};

/// The delimiters Fidelio tries, in the order ties are broken.
pub const CANDIDATE_DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// How many records detection looks at: enough to see past a title row or two.
const DETECTION_RECORDS: usize = 50;

/// Why delimited text could not be read.
#[derive(thiserror::Error, Debug)]
pub enum DelimitedError {
    /// The CSV parser gave up on the text.
    #[error(
        "the text could not be read as a table ({detail}); open it in a spreadsheet and save it again as CSV"
    )]
    Malformed {
        /// The parser's own description of the problem.
        detail: String,
    },
}

/// Picks the delimiter that splits the first records most consistently into more than one
/// field. Returns `None` when no candidate gives more than one field (a one-column file), so the
/// caller can fall back on what the extension suggests.
pub fn detect_delimiter(text: &str) -> Option<u8> {
    if let Some((delimiter, _)) = excel_separator_line(text) {
        return Some(delimiter);
    }
    let mut best: Option<(u8, (usize, bool, usize))> = None;
    for delimiter in CANDIDATE_DELIMITERS {
        let counts = first_field_counts(text, delimiter);
        let Some(typical) = most_common(&counts) else {
            continue;
        };
        if typical < 2 {
            continue;
        }
        let agreeing = counts.iter().filter(|&&n| n == typical).count();
        // The header is the record that most needs splitting right; among equally consistent
        // candidates, one that also splits the first record wins, then the one giving more fields.
        let first_agrees = counts.first() == Some(&typical);
        let score = (agreeing, first_agrees, typical);
        if best.is_none_or(|(_, best_score)| score > best_score) {
            best = Some((delimiter, score));
        }
    }
    best.map(|(delimiter, _)| delimiter)
        .or_else(|| aligned_by_spaces(text).then_some(SPACES))
}

/// The pseudo-delimiter of text whose columns are aligned with runs of spaces (CDNOW's
/// `00001 19970101  1   11.77`, some tills' reports): any run of blanks separates two cells.
pub const SPACES: u8 = b' ';

/// True when every line at the top of `text` splits on runs of blanks into the same number
/// (two or more) of fields: a table aligned with spaces, not sentences (whose word counts
/// differ line to line).
fn aligned_by_spaces(text: &str) -> bool {
    let counts: Vec<usize> = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .take(DETECTION_RECORDS)
        .map(|line| line.split_whitespace().count())
        .collect();
    counts.len() >= 3 && counts[0] >= 2 && counts.iter().all(|&n| n == counts[0])
}

/// True when the text holds nothing but delimiters, quotes and line breaks (`;;;` rows Excel
/// writes for a sheet with formatted but empty cells): an empty file, whatever its delimiter.
pub fn holds_no_values(text: &str) -> bool {
    let text = excel_separator_line(text).map_or(text, |(_, rest)| rest);
    text.chars().all(|c| {
        c.is_whitespace()
            || c == '"'
            || u8::try_from(c).is_ok_and(|b| CANDIDATE_DELIMITERS.contains(&b))
    })
}

/// Excel's `sep=;` first line, which names the delimiter: the delimiter and the text after it.
fn excel_separator_line(text: &str) -> Option<(u8, &str)> {
    let (line, rest) = text.split_once('\n').unwrap_or((text, ""));
    match line.trim_end_matches('\r').strip_prefix("sep=")?.as_bytes() {
        [delimiter] => Some((*delimiter, rest)),
        _ => None,
    }
}

/// Field counts of the first non-blank records, as the CSV parser splits them.
fn first_field_counts(text: &str, delimiter: u8) -> Vec<usize> {
    csv_reader(text, delimiter)
        .into_records()
        .map_while(Result::ok)
        .map(|record| {
            // Trailing empty fields (";;;" padding from Excel) say nothing about the layout.
            let filled_extent = (0..record.len())
                .rev()
                .find(|&i| !record[i].trim().is_empty())
                .map_or(0, |last| last + 1);
            (filled_extent, record.len())
        })
        .filter(|&(filled_extent, _)| filled_extent > 0)
        .map(|(_, fields)| fields)
        .take(DETECTION_RECORDS)
        .collect()
}

/// The most frequent value; ties go to the larger value.
fn most_common(values: &[usize]) -> Option<usize> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let mut best: Option<(usize, usize)> = None;
    for group in sorted.chunk_by(|a, b| a == b) {
        let candidate = (group.len(), group[0]);
        if best.is_none_or(|b| candidate >= b) {
            best = Some(candidate);
        }
    }
    best.map(|(_, value)| value)
}

fn csv_reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
}

/// Parses delimited text into rows of trimmed text cells. Rows keep their own lengths; quoted
/// fields may hold delimiters, line breaks and `""` escapes. Blank rows at the end are dropped.
/// The CSV parser skips lines with nothing at all on them; each becomes an empty row again, so
/// that a row keeps the number the owner sees in their editor (a quoted line break does not
/// start a row).
pub fn read_delimited(text: &str, delimiter: u8) -> Result<RawTable, DelimitedError> {
    read_delimited_text(text.to_owned(), 0, delimiter)
}

/// [`read_delimited`] on `text[start..]`, keeping `text` itself as the table's cells when it
/// can (quote-free text): a big file is then held once, not once as read and again as cells.
pub fn read_delimited_text(
    text: String,
    start: usize,
    delimiter: u8,
) -> Result<RawTable, DelimitedError> {
    let body = text.get(start..).unwrap_or_default();
    if delimiter == SPACES {
        return Ok(read_aligned(body));
    }
    let body = excel_separator_line(body).map_or(body, |(_, rest)| rest);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(16));
    let parts = if body.len() >= PARALLEL_BYTES {
        threads
    } else {
        1
    };
    let starts = match is_cuttable(body, delimiter) && text.len() <= u32::MAX as usize {
        true => cut_points(body.as_bytes(), delimiter, parts),
        false => None,
    };
    let mut rows = match starts {
        Some(starts) => {
            let start = text.len() - body.len();
            cut_text(text, start, delimiter, &starts)?
        }
        None => read_parsed(body, delimiter)?,
    };
    while rows
        .last()
        .is_some_and(|row| row.iter().all(CellRef::is_empty))
    {
        rows.pop();
    }
    Ok(RawTable { rows })
}

/// Reads `text` with the CSV parser, in pieces at once when it is big.
fn read_parsed(text: &str, delimiter: u8) -> Result<Rows, DelimitedError> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(16));
    if threads > 1
        && text.len() >= PARALLEL_BYTES
        && let Some(rows) = read_in_parts(text, delimiter, threads)
    {
        return Ok(rows);
    }
    let mut rows = Rows::with_capacity_for(text);
    read_rows(text, delimiter, &mut rows)?;
    Ok(rows)
}

/// Reads the rows of `text` into `rows`, an empty row for each line with nothing on it, and
/// returns how many lines the text has after its last record (as [`read_records`]).
fn read_rows(text: &str, delimiter: u8, rows: &mut Rows) -> Result<u64, DelimitedError> {
    read_records(text, delimiter, |row| match row {
        Some(record) => rows.push_texts(record.iter()),
        None => rows.push([]),
    })
}

/// True for text Fidelio cuts into cells itself rather than with the CSV parser, when its
/// quotes are where a CSV writer puts them ([`cut_points`]): no carriage return but before a
/// line feed, no byte order mark (which the parser skips) and a delimiter that is one byte of
/// UTF-8. Most exports are such text; cutting it directly takes a fraction of the parser's
/// time, and the cells stay in the file's own text instead of a copy.
fn is_cuttable(text: &str, delimiter: u8) -> bool {
    let bytes = text.as_bytes();
    delimiter.is_ascii()
        && delimiter != b'"'
        && !text.starts_with('\u{feff}')
        && memchr::memchr_iter(b'\r', bytes).all(|at| bytes.get(at + 1) == Some(&b'\n'))
}

/// Where the cells of a [cuttable](is_cuttable) piece of text end, as [`Rows::from_text`] takes
/// them: offsets in the whole text.
#[derive(Default)]
struct Cuts {
    /// Where each cell ends.
    cell_ends: Vec<u32>,
    /// Where each row ends among the cells.
    row_ends: Vec<usize>,
    /// Where the first cell starts, when there is one.
    first_start: Option<u32>,
    /// Lines after the last record, as [`read_records`] counts them.
    trailing_lines: u64,
}

/// A piece of text to cut. Quoted fields are rewritten in place, so text with quotes is cut
/// from bytes lent mutably; text without any is cut where it lies, and stays a `String` that
/// need not be checked again for UTF-8.
enum Piece<'t> {
    Plain(&'t [u8]),
    Quoted(&'t mut [u8]),
}

impl Piece<'_> {
    fn bytes(&self) -> &[u8] {
        match self {
            Piece::Plain(bytes) => bytes,
            Piece::Quoted(bytes) => bytes,
        }
    }

    /// [`unquote`]; a plain piece has no quotes, and one would be read as any other byte.
    fn unquote(&mut self, open: usize) -> usize {
        match self {
            Piece::Plain(_) => open + 1,
            Piece::Quoted(bytes) => unquote(bytes, open),
        }
    }
}

/// Cuts `piece` (of [cuttable](is_cuttable) text, starting at a line, `offset` bytes into
/// the whole text) as the CSV parser reads it: a record per line that has anything on it
/// (quoted line breaks inside it), fields cut at every delimiter outside quotes, an empty row
/// for each line with nothing on it before a record. Quoted fields are rewritten in place
/// into their text between spaces ([`unquote`]). `cells` is room to reserve for cell ends.
fn cut_piece(mut piece: Piece<'_>, offset: usize, delimiter: u8, room: (usize, usize)) -> Cuts {
    let (cells, rows) = room;
    let mut cuts = Cuts {
        cell_ends: Vec::with_capacity(cells),
        row_ends: Vec::with_capacity(rows),
        ..Cuts::default()
    };
    let mut blank_lines = 0u64;
    let mut line_start = 0usize;
    let mut row_first = 0usize;
    let mut at = 0usize;
    // One scan finds delimiters, line feeds and quotes alike.
    while let Some(found) = memchr::memchr3(delimiter, b'\n', b'"', &piece.bytes()[at..]) {
        let i = at + found;
        at = i + 1;
        match piece.bytes()[i] {
            b'\n' => {
                let blank =
                    i == line_start || (i == line_start + 1 && piece.bytes()[line_start] == b'\r');
                let line = (line_start, i, row_first);
                end_line(&mut cuts, &mut blank_lines, blank, offset, line);
                line_start = i + 1;
                row_first = cuts.cell_ends.len();
            }
            b'"' => at = piece.unquote(i),
            _ => cuts.cell_ends.push((offset + i) as u32),
        }
    }
    // The text after the last line feed is a line only when it holds something.
    let len = piece.bytes().len();
    if line_start < len {
        let line = (line_start, len, row_first);
        end_line(&mut cuts, &mut blank_lines, false, offset, line);
    }
    cuts.trailing_lines = blank_lines;
    cuts
}

/// Ends a line, given as where it starts and ends in its piece and its first cell: a blank
/// one is counted, to become an empty row before the next record; any other ends a row.
fn end_line(
    cuts: &mut Cuts,
    blank_lines: &mut u64,
    blank: bool,
    offset: usize,
    (line_start, line_end, row_first): (usize, usize, usize),
) {
    if blank {
        // A blank line has no delimiter: no cell was cut in it.
        *blank_lines += 1;
        return;
    }
    let line_start = offset + line_start;
    match row_first.checked_sub(1) {
        // The row before ends where this one starts: blank lines between are its last
        // cell's trailing whitespace.
        Some(before) => cuts.cell_ends[before] = line_start as u32 - 1,
        None => cuts.first_start = Some(line_start as u32),
    }
    for _ in 0..std::mem::take(blank_lines) {
        cuts.row_ends.push(row_first);
    }
    cuts.cell_ends.push((offset + line_end) as u32);
    cuts.row_ends.push(cuts.cell_ends.len());
}

/// Rewrites the quoted field whose opening quote is at `open` into its text as the CSV parser
/// reads it (`""` read as `"`), moved to where the opening quote was, with spaces after it up
/// to where the closing quote was: trimmed, the cell reads as the parser's field trimmed.
/// Returns where the text goes on after the closing quote. Quotes are where a writer puts
/// them ([`cut_points`]); a field left open would run to the end of the piece.
fn unquote(piece: &mut [u8], open: usize) -> usize {
    // Where the closing quote is, and whether an escaped quote comes before it.
    let mut search = open + 1;
    let mut escaped = false;
    let close = loop {
        match memchr::memchr(b'"', &piece[search..]) {
            None => break piece.len(),
            Some(found) if piece.get(search + found + 1) == Some(&b'"') => {
                escaped = true;
                search += found + 2;
            }
            Some(found) => break search + found,
        }
    };
    let after = (close + 1).min(piece.len());
    if !escaped {
        piece[open] = b' ';
        if let Some(quote) = piece.get_mut(close) {
            *quote = b' ';
        }
        return after;
    }
    let (mut write, mut read) = (open, open + 1);
    while let Some(found) = memchr::memchr(b'"', &piece[read..close]) {
        // An escaped quote: the text up to and with its first quote moves; the second goes.
        let quote = read + found;
        piece.copy_within(read..=quote, write);
        write += quote + 1 - read;
        read = quote + 2;
    }
    piece.copy_within(read..close, write);
    write += close - read;
    piece[write..after].fill(b' ');
    after
}

/// Rows of the [cuttable](is_cuttable) `text[start..]`, cut in pieces at once at `starts`
/// (offsets in `text[start..]`, from [`cut_points`]); its cells stay in `text`, their quotes
/// rewritten in place.
fn cut_text(
    text: String,
    start: usize,
    delimiter: u8,
    starts: &[usize],
) -> Result<Rows, DelimitedError> {
    let len = text.len();
    let ends = starts.iter().skip(1).map(|&s| start + s).chain([len]);
    let ranges: Vec<std::ops::Range<usize>> = starts
        .iter()
        .map(|&s| start + s)
        .zip(ends)
        .map(|(from, to)| from..to)
        .collect();
    let width = first_lines_width(&text.as_bytes()[start..]);
    let lines: Vec<usize> = crate::parallel::run_each("lines", ranges.clone(), |range| {
        memchr::memchr_iter(b'\n', &text.as_bytes()[range]).count() + 1
    });
    let all_lines: usize = lines.iter().sum();
    // The first piece's cells get room for the whole text: the others are appended to them,
    // and room not taken is never touched. Never more cells than bytes: each field but a
    // row's last ends at a delimiter.
    let room = |i: usize, range: &std::ops::Range<usize>| match i {
        0 => (
            all_lines.saturating_mul(width).min(len - start + 1),
            all_lines,
        ),
        _ => (
            lines[i].saturating_mul(width).min(range.len() + 1),
            lines[i],
        ),
    };
    let cut_all = |pieces: Vec<(usize, Piece<'_>, (usize, usize))>| {
        crate::parallel::run_each("split", pieces, |(offset, piece, room)| {
            cut_piece(piece, offset, delimiter, room)
        })
    };
    let quoted = memchr::memchr(b'"', &text.as_bytes()[start..]).is_some();
    let (cut, text) = if quoted {
        let mut bytes = text.into_bytes();
        let mut pieces = Vec::with_capacity(ranges.len());
        let mut rest = &mut bytes[start..];
        for (i, range) in ranges.iter().enumerate() {
            let (piece, after) = std::mem::take(&mut rest).split_at_mut(range.len());
            rest = after;
            pieces.push((range.start, Piece::Quoted(piece), room(i, range)));
        }
        let cut = cut_all(pieces);
        // Rewriting quoted fields moves whole characters and writes spaces: the text is
        // UTF-8 as before. Were it not, the parser reads what is left.
        match String::from_utf8(bytes) {
            Ok(text) => (cut, text),
            Err(error) => {
                let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
                return read_parsed(text.get(start..).unwrap_or_default(), delimiter);
            }
        }
    } else {
        let bytes = text.as_bytes();
        let pieces = ranges
            .iter()
            .enumerate()
            .map(|(i, range)| {
                (
                    range.start,
                    Piece::Plain(&bytes[range.clone()]),
                    room(i, range),
                )
            })
            .collect();
        (cut_all(pieces), text)
    };
    let mut cut = cut.into_iter();
    let mut all = cut.next().unwrap_or_default();
    let mut rows_to_last_record = all.row_ends.len();
    let mut trailing = all.trailing_lines;
    for piece in cut {
        // Blank lines at the end of a piece are empty rows before the next one's first row;
        // rows end at the last record, as one reader's do.
        let Some(first_start) = piece.first_start else {
            trailing += piece.trailing_lines;
            continue;
        };
        let offset = all.cell_ends.len();
        for _ in 0..trailing {
            all.row_ends.push(offset);
        }
        match all.cell_ends.last_mut() {
            Some(last) => *last = first_start - 1,
            None => all.first_start = Some(first_start),
        }
        crate::parallel::extend_mapped("join", &mut all.cell_ends, &piece.cell_ends, |&end| end);
        crate::parallel::extend_mapped("join", &mut all.row_ends, &piece.row_ends, |end| {
            end + offset
        });
        rows_to_last_record = all.row_ends.len();
        trailing = piece.trailing_lines;
    }
    all.row_ends.truncate(rows_to_last_record);
    let base = all.first_start.unwrap_or(0);
    Ok(Rows::from_text(text, base, all.cell_ends, all.row_ends))
}

/// How many fields the widest of the first lines of `text` has, by any candidate delimiter.
fn first_lines_width(text: &[u8]) -> usize {
    let head = &text[..text.len().min(64 << 10)];
    head.split(|&b| b == b'\n')
        .take(100)
        .map(|line| {
            line.iter()
                .filter(|b| matches!(b, b',' | b';' | b'\t' | b'|'))
                .count()
                + 1
        })
        .max()
        .unwrap_or(1)
}

/// Reads the records of `text`, calling `row` with each record, and with `None` for each
/// line with nothing on it (which the CSV parser skips), so that rows keep the numbers of the
/// lines they start on. Returns how many lines the text has after its last record.
fn read_records(
    text: &str,
    delimiter: u8,
    mut row: impl FnMut(Option<&csv::StringRecord>),
) -> Result<u64, DelimitedError> {
    let mut reader = csv_reader(text, delimiter);
    let mut record = csv::StringRecord::new();
    // The line after the last record read: where the next one would start without blank lines.
    let mut next_line = 1u64;
    loop {
        let more = reader
            .read_record(&mut record)
            .map_err(|err| DelimitedError::Malformed {
                detail: err.to_string(),
            })?;
        if !more {
            break;
        }
        let last_line = record_last_line(text, reader.position());
        // The fields one after another, without delimiters or quotes: one scan for all.
        let line_breaks_inside = record
            .as_byte_record()
            .as_slice()
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        let first_line = last_line.saturating_sub(line_breaks_inside);
        for _ in 0..first_line.saturating_sub(next_line) {
            row(None);
        }
        row(Some(&record));
        next_line = last_line + 1;
    }
    // Lines are counted by their `\n`: the text's lines after the last record's.
    let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count() as u64;
    Ok((lines + 1).saturating_sub(next_line))
}

/// Texts shorter than this are read by one thread.
const PARALLEL_BYTES: usize = 4 << 20;

/// Reads `text` in `parts` pieces at once, each into rows of its own appended to the first
/// piece's, when the text can be cut into pieces that read the same alone as together; `None`
/// when it cannot (then one reader reads it all).
///
/// A piece starts at a line that no quoted field spans. Quotes are followed through the whole
/// text to know that; where a quote is not where a CSV writer puts one (`5" screen`, a space
/// before an opening quote), the parser's reading of it could differ from that count, so such
/// a text is not cut at all.
fn read_in_parts(text: &str, delimiter: u8, parts: usize) -> Option<Rows> {
    let starts = piece_starts(text.as_bytes(), delimiter, parts)?;
    let pieces: Vec<&str> = starts
        .iter()
        .zip(starts.iter().skip(1).chain([&text.len()]))
        .map(|(&start, &end)| &text[start..end])
        .collect();
    /// What one piece read: its rows, and the lines after its last record.
    struct Piece {
        rows: Rows,
        trailing_lines: u64,
    }
    let read = std::thread::scope(|scope| {
        let handles: Vec<_> = pieces
            .iter()
            .enumerate()
            .map(|(i, piece)| {
                std::thread::Builder::new()
                    .name(format!("fidelio-split-{i}"))
                    .spawn_scoped(scope, move || {
                        // The first piece's rows get room for the whole text: the others are
                        // appended to them, and room not taken is never touched.
                        let mut rows = Rows::with_capacity_for(if i == 0 { text } else { piece });
                        let trailing_lines = read_rows(piece, delimiter, &mut rows).ok()?;
                        Some(Piece {
                            rows,
                            trailing_lines,
                        })
                    })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.ok()?.join().ok().flatten())
            .collect::<Option<Vec<Piece>>>()
    })?;
    // Blank lines at the end of a piece are empty rows before the next one's first row;
    // rows end at the last record, as one reader's do.
    let last = read.len() - 1;
    let mut pieces = read.into_iter().enumerate();
    let (_, first) = pieces.next()?;
    let mut rows = first.rows;
    let mut rows_to_last_record = rows.len();
    let mut trailing = first.trailing_lines;
    for (i, piece) in pieces {
        for _ in 0..trailing {
            rows.push([]);
        }
        if !piece.rows.is_empty() {
            rows.append(piece.rows);
            rows_to_last_record = rows.len();
        }
        trailing = if i < last { piece.trailing_lines } else { 0 };
    }
    rows.truncate(rows_to_last_record);
    Some(rows)
}

/// Where pieces of `text` start, when it can be cut in more than one: see [`cut_points`].
fn piece_starts(text: &[u8], delimiter: u8, parts: usize) -> Option<Vec<usize>> {
    cut_points(text, delimiter, parts).filter(|starts| starts.len() > 1)
}

/// Where up to `parts` pieces of `text` start: the first byte, then for each equal share of
/// the text the first line start after it that is outside quoted fields. `None` when a quote
/// is not where a CSV writer puts one (at a field's start, closed before a delimiter or a
/// line end, `""` inside), or a quoted field is left open.
fn cut_points(text: &[u8], delimiter: u8, parts: usize) -> Option<Vec<usize>> {
    let len = text.len();
    let mut starts = vec![0];
    let mut targets = (1..parts).map(|k| len / parts * k).peekable();
    let starts_field =
        |i: usize| i == 0 || matches!(text[i - 1], b'\n' | b'\r') || text[i - 1] == delimiter;
    let ends_field =
        |i: usize| i >= len || matches!(text[i], b'\n' | b'\r') || text[i] == delimiter;
    let (mut quoted, mut at) = (false, 0usize);
    loop {
        let quote = memchr::memchr(b'"', &text[at..]).map_or(len, |q| at + q);
        // From `at` to the quote the state does not change; outside quotes, the first line
        // feed after a share's end starts a piece.
        while !quoted && let Some(&target) = targets.peek() {
            let from = target.max(at);
            let Some(line_feed) = memchr::memchr(b'\n', &text[from.min(quote)..quote]) else {
                break;
            };
            let start = from + line_feed + 1;
            if start < len && start > *starts.last().unwrap_or(&0) {
                starts.push(start);
            }
            targets.next();
        }
        if quote >= len {
            break;
        }
        if !quoted {
            if !starts_field(quote) {
                return None;
            }
            quoted = true;
            at = quote + 1;
        } else if text.get(quote + 1) == Some(&b'"') {
            at = quote + 2;
        } else if ends_field(quote + 1) {
            quoted = false;
            at = quote + 1;
        } else {
            return None;
        }
    }
    (!quoted).then_some(starts)
}

/// Rows of a space-aligned table: one per line (blank lines stay empty rows), cells split on
/// runs of blanks; there is no quoting in such files.
fn read_aligned(text: &str) -> RawTable {
    let mut rows = Rows::new();
    for line in text.lines() {
        rows.push_texts(line.split_whitespace());
    }
    while rows
        .last()
        .is_some_and(|row| row.iter().all(CellRef::is_empty))
    {
        rows.pop();
    }
    RawTable { rows }
}

/// The line a record ends on, from the reader's position after it. The reader counts a line at
/// each `\n` it has consumed; it has consumed the record's own `\n` (LF files) but not yet the
/// `\n` of a CRLF, and none at the end of a file without a final line break.
fn record_last_line(text: &str, after: &csv::Position) -> u64 {
    let consumed = usize::try_from(after.byte()).unwrap_or(usize::MAX);
    let ended_by_line_feed = text
        .as_bytes()
        .get(..consumed)
        .is_some_and(|bytes| bytes.ends_with(b"\n"));
    after.line().saturating_sub(u64::from(ended_by_line_feed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::table::Cell;

    fn text_cell(value: &str) -> Cell {
        Cell::from_text(value)
    }

    fn text(value: &str) -> Cell {
        Cell::Text(value.into())
    }

    /// Every row of `rows` as its cells.
    fn all_cells(rows: &Rows) -> Vec<Vec<Cell>> {
        (0..rows.len()).map(|i| rows.row(i).to_cells()).collect()
    }

    #[test]
    fn plain_text_is_cut_as_the_csv_parser_cuts_it() {
        // Texts of short fields, delimiters, blank and space-only lines, CRLF and LF endings,
        // with or without a line end at the end: the direct cut must give the parser's rows
        // and the same count of lines after the last record.
        let pieces = ["a", "bb", " c ", ",", ";", "\n", "\r\n", "\n\n", "", " "];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3000 {
            let mut text = String::new();
            // A new length each round: a length of 0 must not leave the seed as it was.
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            for _ in 0..(seed >> 60) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            assert!(is_cuttable(&text, b','), "{text:?}");
            let mut bytes = text.clone().into_bytes();
            let cuts = cut_piece(Piece::Quoted(&mut bytes), 0, b',', (0, 0));
            if !text.contains('"') {
                // Cut where it lies, text without quotes is cut the same.
                let lying = cut_piece(Piece::Plain(text.as_bytes()), 0, b',', (0, 0));
                assert_eq!(
                    (lying.cell_ends, lying.row_ends, lying.first_start),
                    (
                        cuts.cell_ends.clone(),
                        cuts.row_ends.clone(),
                        cuts.first_start
                    ),
                    "{text:?}"
                );
                assert_eq!(lying.trailing_lines, cuts.trailing_lines);
            }
            let plain_trailing = cuts.trailing_lines;
            let plain = Rows::from_text(
                String::from_utf8(bytes).unwrap(),
                cuts.first_start.unwrap_or(0),
                cuts.cell_ends,
                cuts.row_ends,
            );
            let mut parsed = Rows::default();
            let parsed_trailing = read_records(&text, b',', |row| match row {
                Some(record) => parsed.push_texts(record.iter()),
                None => parsed.push([]),
            })
            .unwrap();
            assert_eq!(all_cells(&plain), all_cells(&parsed), "{text:?}");
            assert_eq!(plain_trailing, parsed_trailing, "{text:?}");
        }
    }

    #[test]
    fn plain_text_cut_in_pieces_reads_as_one_parser_reads_it() {
        // Quote-free texts of short fields, blank lines and CRLF, cut in 2 to 5 pieces at
        // once and their cells left in the text: the rows must be the parser's, and so must a
        // row's number after blank lines where a piece ends.
        let pieces = ["a", "bb", " c ", ",", "\n", "\r\n", "\n\n", "\r\n\r\n", " "];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut cut = 0;
        for round in 0..3000 {
            let mut text = String::from("x,y\n");
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            for _ in 0..(seed >> 58) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            let parts = 2 + round % 4;
            cut += usize::from(piece_starts(text.as_bytes(), b',', parts).is_some());
            let starts = cut_points(text.as_bytes(), b',', parts).unwrap();
            let rows = cut_text(text.clone(), 0, b',', &starts).unwrap();
            assert_eq!(rows, read_alone(&text, b','), "{text:?} in {parts}");
        }
        assert!(cut > 1000, "only {cut} texts were cut");
    }

    #[test]
    fn quoted_text_cut_directly_reads_as_the_parser_reads_it() {
        // Quoted fields as writers write them (delimiters, line breaks, escaped quotes and
        // spaces inside, empty ones), among plain fields, blank lines and CRLF, cut in 1 to
        // 4 pieces: rows and their numbers must be the parser's.
        let pieces = [
            "a",
            " b ",
            ",",
            "\n",
            "\r\n",
            "\n\n",
            "\"q\"",
            "\"x,y\"",
            "\"7\"\" tv\"",
            "\"l\nm\"",
            "\"\"",
            "\" s \"",
            "\"\"\"\"",
            "\"è, \"\"ü\"\"\"",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let (mut cut, mut quoted) = (0, 0);
        for round in 0..4000 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let mut text = String::new();
            let mut field_start = true;
            for k in 0..(seed >> 59) {
                let mut z = seed ^ (k.wrapping_mul(0x9e37_79b9_7f4a_7c15));
                z ^= z >> 29;
                z = z.wrapping_mul(0xbf58_476d_1ce4_e5b9);
                z ^= z >> 32;
                let piece = pieces[(z % pieces.len() as u64) as usize];
                // A quote opens only a field, as writers put it; a field goes on only
                // after a delimiter or a line end once it was quoted.
                if piece.starts_with('"') && !field_start {
                    continue;
                }
                text.push_str(piece);
                field_start = piece.starts_with('"') || piece.ends_with([',', '\n']);
                if piece.starts_with('"') {
                    // A quoted field ends at a delimiter or a line end (LF or CRLF).
                    text.push_str([",", "\n", "\r\n"][(z >> 40) as usize % 3]);
                    field_start = true;
                }
            }
            let parts = 1 + round % 4;
            assert!(is_cuttable(&text, b','), "{text:?}");
            let Some(starts) = cut_points(text.as_bytes(), b',', parts) else {
                continue;
            };
            cut += 1;
            quoted += usize::from(text.contains('"'));
            let rows = cut_text(text.clone(), 0, b',', &starts).unwrap();
            assert_eq!(rows, read_alone(&text, b','), "{text:?} in {parts}");
        }
        assert!(
            cut > 3000 && quoted > 2000,
            "{cut} texts cut, {quoted} with quotes"
        );
    }

    #[test]
    fn a_byte_order_mark_and_an_excel_separator_line_stay_out_of_the_cells() {
        let text = "\u{feff}sep=;\nNome;Voto\r\nAnna; 9 \r\n\r\nLuca;7";
        let start = '\u{feff}'.len_utf8();
        let table = read_delimited_text(text.to_string(), start, b';').unwrap();
        assert_eq!(
            all_cells(&table.rows),
            vec![
                vec![text_cell("Nome"), text_cell("Voto")],
                vec![text_cell("Anna"), text_cell("9")],
                vec![],
                vec![text_cell("Luca"), text_cell("7")],
            ]
        );
    }

    #[test]
    fn lone_carriage_returns_byte_order_marks_and_stray_quotes_go_to_the_parser() {
        assert!(is_cuttable("a,b\r\nc,d", b','));
        assert!(is_cuttable("a,\"b\"\nc,d", b','));
        assert!(!is_cuttable("a,b\rc,d", b','));
        assert!(!is_cuttable("a,b\r", b','));
        assert!(!is_cuttable("\u{feff}a,b", b','));
        assert!(!is_cuttable("a\u{a7}b", 0xa7));
        // A quote where no writer puts one, or one left open: the parser reads it.
        assert_eq!(cut_points(b"a,5\" tv\n", b',', 1), None);
        assert_eq!(cut_points(b"a,\"open\n", b',', 1), None);
        assert_eq!(cut_points(b"a,\"b\"c\n", b',', 1), None);
    }

    #[test]
    fn each_delimiter_is_detected() {
        assert_eq!(detect_delimiter("a,b,c\n1,2,3\n4,5,6\n"), Some(b','));
        assert_eq!(detect_delimiter("a;b;c\n1;2;3\n4;5;6\n"), Some(b';'));
        assert_eq!(detect_delimiter("a\tb\tc\n1\t2\t3\n"), Some(b'\t'));
        assert_eq!(detect_delimiter("a|b|c\n1|2|3\n"), Some(b'|'));
    }

    #[test]
    fn decimal_commas_do_not_make_a_semicolon_file_comma_separated() {
        // With ',' the data rows split into 3 fields but the header into 1: inconsistent.
        let text = "Nome;Importo\nAnna;12,50\nLuca;3,00\nSara;7,25\n";
        assert_eq!(detect_delimiter(text), Some(b';'));
    }

    #[test]
    fn commas_inside_quoted_text_do_not_count() {
        // Counting raw characters would see more commas than semicolons.
        let text = "Nome;Commento\nAnna;\"buono, veloce, gentile\"\nLuca;\"caro, lento\"\n";
        assert_eq!(detect_delimiter(text), Some(b';'));
    }

    #[test]
    fn a_title_row_does_not_change_the_delimiter() {
        let text = "Report vendite 2026\n\nData;Cliente;Totale\n01/02/2026;Anna;12,5\n";
        assert_eq!(detect_delimiter(text), Some(b';'));
    }

    #[test]
    fn excel_sep_line_names_the_delimiter_and_is_not_a_row() {
        let input = "sep=;\r\nNome,cognome;Voto\r\nAnna,Rossi;9\r\n";
        assert_eq!(detect_delimiter(input), Some(b';'));
        let table = read_delimited(input, b';').unwrap();
        assert_eq!(table.rows.row(0), vec![text("Nome,cognome"), text("Voto")]);
        assert_eq!(table.rows.len(), 2);
    }

    #[test]
    fn delimiters_alone_hold_no_values() {
        for input in [
            ";;;\n;;;\n",
            ",,\r\n,,\r\n",
            "\t\t\n",
            "|\n",
            "\"\";\"\"\n",
            "sep=;\n;;\n",
            "",
        ] {
            assert!(holds_no_values(input), "{input:?}");
        }
        for input in [";;x\n", "a\n", "sep=;\n0;;\n"] {
            assert!(!holds_no_values(input), "{input:?}");
        }
    }

    #[test]
    fn columns_aligned_with_spaces_are_read_but_sentences_are_not() {
        // CDNOW's transactions, as the lifetimes package ships them.
        let text = " customer_id  date number_of_cds  dollar_value\r\n 00001 19970101  1   11.77\r\n 00002 19970112  1   12.00\r\n 00002 19970112  5   77.00\r\n";
        assert_eq!(detect_delimiter(text), Some(SPACES));
        let raw = read_delimited(text, SPACES).unwrap();
        assert_eq!(raw.rows.len(), 4);
        assert_eq!(
            raw.rows.row(1),
            vec![
                text_cell("00001"),
                text_cell("19970101"),
                text_cell("1"),
                text_cell("11.77")
            ]
        );
        let prose = "Great coffee and staff\nSlow on Sunday\nI will come back next week for sure\n";
        assert_eq!(detect_delimiter(prose), None);
    }

    #[test]
    fn a_single_column_is_unsure() {
        assert_eq!(detect_delimiter("Email\na@b.it\nc@d.it\n"), None);
    }

    #[test]
    fn quoted_fields_keep_line_breaks_delimiters_and_escaped_quotes() {
        let table = read_delimited(
            "Nome;Commento\nAnna;\"prima riga\nseconda; riga\"\nLuca;\"detto \"\"ottimo\"\"\"\n",
            b';',
        )
        .unwrap();
        assert_eq!(
            table.rows,
            vec![
                vec![text("Nome"), text("Commento")],
                vec![text("Anna"), text("prima riga\nseconda; riga")],
                vec![text("Luca"), text("detto \"ottimo\"")],
            ]
        );
    }

    #[test]
    fn cells_are_trimmed_blank_cells_are_empty_and_rows_keep_their_lengths() {
        let table = read_delimited("a, b ,c\n  ,x\n", b',').unwrap();
        assert_eq!(
            table.rows,
            vec![
                vec![text("a"), text("b"), text("c")],
                vec![Cell::Empty, text("x")],
            ]
        );
    }

    #[test]
    fn blank_trailing_rows_are_dropped() {
        let table = read_delimited("a;b\n1;2\n;\n ; \n", b';').unwrap();
        assert_eq!(
            table.rows,
            vec![vec![text("a"), text("b")], vec![text("1"), text("2")]]
        );
    }

    #[test]
    fn a_blank_line_between_records_stays_an_empty_row() {
        for input in [
            "a;b\n1;2\n\n3;4\n\n\n5;6\n",
            "a;b\r\n1;2\r\n\r\n3;4\r\n\r\n\r\n5;6",
        ] {
            let table = read_delimited(input, b';').unwrap();
            assert_eq!(
                table.rows,
                vec![
                    vec![text("a"), text("b")],
                    vec![text("1"), text("2")],
                    vec![],
                    vec![text("3"), text("4")],
                    vec![],
                    vec![],
                    vec![text("5"), text("6")],
                ],
                "{input:?}"
            );
        }
    }

    #[test]
    fn a_quoted_line_break_is_not_a_blank_line() {
        for input in [
            "a;b\n\"uno\ndue\n\ntre\";2\n\n3;4\n",
            "a;b\r\n\"uno\r\ndue\r\n\r\ntre\";2\r\n\r\n3;4\r\n",
        ] {
            let table = read_delimited(input, b';').unwrap();
            assert_eq!(table.rows.len(), 4, "{input:?}: {:?}", table.rows);
            assert_eq!(table.rows.row(2), Vec::<Cell>::new(), "{input:?}");
            assert_eq!(table.rows.row(3), vec![text("3"), text("4")], "{input:?}");
        }
    }

    #[test]
    fn blank_lines_above_the_header_are_empty_rows_above_it() {
        let table = read_delimited("\n\nTitolo\n\na;b\n1;2", b';').unwrap();
        assert_eq!(
            table.rows,
            vec![
                vec![],
                vec![],
                vec![text("Titolo")],
                vec![],
                vec![text("a"), text("b")],
                vec![text("1"), text("2")],
            ]
        );
    }

    #[test]
    fn crlf_line_endings_are_read() {
        let table = read_delimited("a\tb\r\n1\t2\r\n", b'\t').unwrap();
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows.row(1), vec![text("1"), text("2")]);
    }

    /// The rows one reader reads from `text`.
    fn read_alone(text: &str, delimiter: u8) -> Rows {
        let mut rows = Rows::new();
        read_records(text, delimiter, |row| match row {
            Some(record) => rows.push(record.iter().map(Cell::from_text)),
            None => rows.push([]),
        })
        .unwrap();
        rows
    }

    #[test]
    fn pieces_read_at_once_give_the_rows_one_reader_gives() {
        let texts = [
            // Blank lines inside and between pieces, CRLF, a quoted line break, escapes.
            "id;nome;nota\n1;Anna;ok\n\n2;Luca;\"due\nrighe\"\r\n3;Sara;\"detto \"\"sì\"\"\"\n\n\n4;Ugo;x\n5;Eva;y\n",
            "a,b\n1,2\n3,4\n5,6\n7,8\n9,10\n11,12\n13,14\n15,16\n",
            "a,b\n\"x\n\n\n\n\n\n\n\ny\",1\n2,3\n",
            // Rows shorter than the first ones.
            "a,b,c\n1\n2,3\n\n4,5,6\n7\n",
        ];
        for text in texts {
            for parts in 2..6 {
                let alone = read_alone(text, if text.contains(';') { b';' } else { b',' });
                let delimiter = if text.contains(';') { b';' } else { b',' };
                if let Some(pieces) = read_in_parts(text, delimiter, parts) {
                    assert_eq!(pieces, alone, "{text:?} in {parts} pieces");
                }
            }
        }
        // Every line its own record: some cut is always possible, and must agree.
        let long: String = (0..1000).map(|i| format!("{i},x{i}\n")).collect();
        let pieces = read_in_parts(&long, b',', 4).expect("cut into pieces");
        assert_eq!(pieces, read_alone(&long, b','));
        assert_eq!(pieces.len(), 1000);
    }

    #[test]
    fn a_text_is_cut_only_outside_quoted_fields() {
        let text = b"a,b\n\"1\n2\n3\n4\",x\n5,6\n";
        for parts in 2..8 {
            if let Some(starts) = piece_starts(text, b',', parts) {
                for start in starts.into_iter().skip(1) {
                    // Line 2 (the quoted field's) and line 6 start outside quotes.
                    assert!(start == 4 || start == 16, "{start} in {parts}");
                }
            }
        }
    }

    #[test]
    fn quotes_a_csv_writer_would_not_write_leave_the_text_whole() {
        // A quote inside an unquoted field, and a space before an opening quote: the parser
        // reads them as text, so counting them as quotes could cut inside a field.
        assert_eq!(
            piece_starts(b"a,b\n5\" screen,x\n1,2\n3,4\n", b',', 2),
            None
        );
        assert_eq!(piece_starts(b"a,b\n1, \"x\n\",y\n3,4\n", b',', 2), None);
    }

    #[test]
    fn a_row_wider_than_the_first_lines_reads_as_one_reader_reads_it() {
        let text = format!("a\n{}3,4,5,6\n7\n", "1\n".repeat(150));
        let rows = read_in_parts(&text, b',', 2).expect("read in pieces");
        assert_eq!(rows, read_alone(&text, b','));
        assert_eq!(rows.row(151).len(), 4);
    }

    #[test]
    fn random_texts_cut_into_pieces_read_as_one_reader_reads_them() {
        // Texts of the characters that decide how CSV splits: wherever the text is cut, the
        // rows must be those of one reader (or the text is not cut).
        let alphabet = b"ab,,;\"\"\n\n\r ";
        let mut state = 2026u64;
        let mut next = || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        let mut cut = 0;
        for _ in 0..6000 {
            let len = (next() % 80) as usize;
            let text: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize] as char)
                .collect();
            let parts = 2 + (next() % 4) as usize;
            if let Some(pieces) = read_in_parts(&text, b',', parts) {
                cut += 1;
                assert_eq!(pieces, read_alone(&text, b','), "{text:?} in {parts}");
            }
        }
        assert!(cut > 100, "only {cut} texts were cut");
    }

    #[test]
    fn a_first_line_of_many_fields_reserves_no_more_cells_than_the_text_has_bytes() {
        // 10,000 commas on the first line, then short lines: room by the first line's width
        // would be 10,001 cells for each of 100,000 lines (24 GB).
        let text = format!("{}\n{}", ",".repeat(10_000), "a,b\n".repeat(100_000));
        let rows = read_in_parts(&text, b',', 2).expect("read in pieces");
        assert_eq!(rows, read_alone(&text, b','));
        assert!(Rows::with_capacity_for(&text).capacity() <= text.len() + 1);
    }
}
