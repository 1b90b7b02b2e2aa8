//! Reads numbers and dates out of cells the way the owner meant them. "1.234" is one thousand
//! in an Italian file and one point two in an American one, and 03/04/2026 is April or March
//! depending on who exported it; a single cell cannot say which. So the reading is decided once
//! per column, from every cell in it (`detect_number_style`, `detect_date_order`, or
//! `best_date_order` for a column already chosen as the date), and then applied to each cell
//! (`parse_number`, `parse_datetime`). Survey scores have one reader, `parse_score`, shared by
//! detection and validation.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use compact_str::CompactString;

use crate::import::table::{Cell, CellRef, HeadedTable};

/// Texts that exports and owners use for "no value".
const MISSING_MARKERS: [&str; 20] = [
    "na", "n/a", "n.a.", "n.a", "n/d", "n.d.", "nd", "null", "nil", "nan", "#n/a", "#null!",
    "#value!", "#div/0!", "#ref!", "#name?", "#num!", "-", "--", "?",
];

/// True when the cell holds no value: empty, whitespace, or a marker like `N/A`, `null`, `-`,
/// `—`, or an Excel error such as `#N/A`.
#[inline]
pub fn is_missing(cell: CellRef<'_>) -> bool {
    match cell {
        CellRef::Empty => true,
        CellRef::Text(text) => {
            // A value starting with a letter or digit that begins no marker is no marker,
            // trimmed or not: the common case, decided without trimming.
            if text.as_bytes().first().is_some_and(|b| {
                b.is_ascii_graphic() && !matches!(b, b'n' | b'N' | b'#' | b'-' | b'?')
            }) {
                return false;
            }
            let text = text.trim();
            // Every marker starts with one of these (0xE2 begins the dashes): this runs on
            // every cell of a file, most of which are values.
            if !text
                .as_bytes()
                .first()
                .is_none_or(|b| matches!(b, b'n' | b'N' | b'#' | b'-' | b'?' | 0xE2))
            {
                return false;
            }
            // The markers are ASCII, so comparing without lower-casing a copy finds the same.
            text.is_empty()
                || text.chars().all(|c| matches!(c, '-' | '–' | '—'))
                || (text.len() <= 7
                    && MISSING_MARKERS
                        .iter()
                        .any(|marker| marker.eq_ignore_ascii_case(text)))
        }
        _ => false,
    }
}

/// Which character separates the decimals in a column of numbers written as text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NumberStyle {
    /// `1,234.56`: point for decimals, comma (or space, apostrophe) for thousands.
    DecimalPoint,
    /// `1.234,56`: comma for decimals, point (or space, apostrophe) for thousands.
    DecimalComma,
}

/// Currency signs, local abbreviations and ISO codes that may stand before or after an amount,
/// with or without a space, in any ASCII case. A mark that another one begins or ends with
/// comes after it (`US$` before `$`, `KRW` before `kr`), so the longer is removed whole.
const CURRENCIES: [&str; 57] = [
    "euros", "euro", "EUR", "USD", "GBP", "CHF", "SEK", "DKK", "NOK", "ISK", "PLN", "CZK", "HUF",
    "RON", "BGN", "CAD", "AUD", "NZD", "JPY", "CNY", "RMB", "INR", "BRL", "MXN", "ZAR", "TRY",
    "RUB", "HKD", "SGD", "KRW", "ILS", "US$", "CA$", "AU$", "NZ$", "HK$", "R$", "C$", "A$", "S$",
    "$", "€", "£", "¥", "₹", "₽", "₺", "₩", "₪", "₴", "円", "SFr.", "Fr.", "kr.", "kr", "zł", "Kč",
];

/// Minus signs before or after an amount: ASCII, the typographic minus (U+2212) and the en dash
/// word processors put in its place.
const MINUS_SIGNS: [char; 3] = ['-', '−', '–'];

/// Characters that may group thousands in either style, besides the point or comma: spaces
/// (French typography uses the narrow no-break one, U+202F; others a thin or no-break space)
/// and the Swiss apostrophes.
fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\'' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '’')
}

/// The ISO code each currency mark stands for; marks several currencies share (`kr`, `¥`,
/// `Fr.`) stand for none, so a file in one of them says nothing it cannot be sure of.
const CURRENCY_CODES: [(&str, &str); 47] = [
    ("euros", "EUR"),
    ("euro", "EUR"),
    ("EUR", "EUR"),
    ("€", "EUR"),
    ("USD", "USD"),
    ("US$", "USD"),
    ("$", "USD"),
    ("GBP", "GBP"),
    ("£", "GBP"),
    ("CHF", "CHF"),
    ("SFr.", "CHF"),
    ("SEK", "SEK"),
    ("DKK", "DKK"),
    ("NOK", "NOK"),
    ("ISK", "ISK"),
    ("PLN", "PLN"),
    ("zł", "PLN"),
    ("CZK", "CZK"),
    ("Kč", "CZK"),
    ("HUF", "HUF"),
    ("RON", "RON"),
    ("BGN", "BGN"),
    ("CAD", "CAD"),
    ("CA$", "CAD"),
    ("C$", "CAD"),
    ("AUD", "AUD"),
    ("AU$", "AUD"),
    ("A$", "AUD"),
    ("NZD", "NZD"),
    ("NZ$", "NZD"),
    ("JPY", "JPY"),
    ("円", "JPY"),
    ("CNY", "CNY"),
    ("RMB", "CNY"),
    ("INR", "INR"),
    ("₹", "INR"),
    ("BRL", "BRL"),
    ("R$", "BRL"),
    ("MXN", "MXN"),
    ("ZAR", "ZAR"),
    ("TRY", "TRY"),
    ("₺", "TRY"),
    ("RUB", "RUB"),
    ("₽", "RUB"),
    ("HKD", "HKD"),
    ("HK$", "HKD"),
    ("SGD", "SGD"),
];

/// The currency `text` is written in, as an ISO code: from a mark before or after an amount
/// (`€ 12,50`, `12.50 USD`) or a currency column's cell (`EUR`, `euro`). `None` when it has no
/// mark, or one several currencies share.
pub fn currency_code(text: &str) -> Option<&'static str> {
    let text = text.trim();
    let stripped = strip_currency(text);
    if stripped.len() == text.len() {
        // A currency column's cell holds the mark alone, which strip_currency keeps whole.
        return CURRENCY_CODES
            .iter()
            .find(|(mark, _)| mark.eq_ignore_ascii_case(text))
            .map(|(_, code)| *code);
    }
    let start = text.find(stripped).unwrap_or(0);
    let marks = [text[..start].trim(), text[start + stripped.len()..].trim()];
    marks.iter().filter(|m| !m.is_empty()).find_map(|mark| {
        let mark = mark.trim_start_matches(MINUS_SIGNS).trim();
        CURRENCY_CODES
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(mark))
            .map(|(_, code)| *code)
    })
}

/// Removes one currency mark from the start and one from the end of `body`.
/// True when `text` carries a currency sign or code before or after its number (`€ 12`,
/// `12,50 EUR`, `US$5`): detection's evidence that a column holds money.
pub fn has_currency_mark(text: &str) -> bool {
    let text = text.trim();
    strip_currency(text).len() != text.len()
}

fn strip_currency(mut body: &str) -> &str {
    // Only a body that begins or ends with something other than a digit can carry a mark:
    // most amounts with a sign carry it on one side only.
    if !body.starts_with(|c: char| c.is_ascii_digit()) {
        for mark in CURRENCIES {
            if let Some(rest) = body
                .get(..mark.len())
                .filter(|head| head.eq_ignore_ascii_case(mark))
                .and_then(|_| body.get(mark.len()..))
            {
                body = rest;
                break;
            }
        }
    }
    if !body.ends_with(|c: char| c.is_ascii_digit()) {
        for mark in CURRENCIES {
            let Some(split) = body.len().checked_sub(mark.len()) else {
                continue;
            };
            if let Some(rest) = body
                .get(split..)
                .filter(|tail| tail.eq_ignore_ascii_case(mark))
                .and_then(|_| body.get(..split))
            {
                body = rest;
                break;
            }
        }
    }
    body
}

/// Removes currency marks, spaces and the sign around an amount: `-€ 1.234,50` gives
/// `(true, "1.234,50")`. A minus may stand before or after the amount or its currency (SAP and
/// accounting software write `12.00-`), and parentheses mean a negative amount, as accountants
/// write it; two signs are refused. Swiss and German prices written without cents (`12.-`,
/// `12,–`) keep their separator with nothing after it (`"12."`): it still says which separator
/// is the decimal one, and no other text gives a body ending in a separator.
fn strip_amount(text: &str) -> Option<(bool, &str)> {
    // Most amounts are plain (`12.50`, `-3`): nothing to strip, and this runs on every cell
    // of every money column.
    let plain = |body: &str| {
        body.starts_with(|c: char| c.is_ascii_digit())
            && body.ends_with(|c: char| c.is_ascii_digit())
            && body
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    };
    if plain(text) {
        return Some((false, text));
    }
    if let Some(rest) = text.strip_prefix('-')
        && plain(rest)
    {
        return Some((true, rest));
    }
    // No amount without a digit, and no currency mark is longer than five letters ("euros"):
    // product names and places, which detection asks about cell by cell, stop here.
    if !text.bytes().any(|b| b.is_ascii_digit())
        || text.chars().filter(|c| c.is_alphabetic()).count() > 6
    {
        return None;
    }
    let mut body = text.trim();
    let mut negative = false;
    let mut no_cents = false;
    // A second sign (`--5`, `-(5)`, `-5-`) makes the text no amount.
    let set_negative = |negative: &mut bool| (!std::mem::replace(negative, true)).then_some(());
    loop {
        let before = body.len();
        body = strip_currency(body.trim()).trim();
        if let Some(rest) = body.strip_prefix(MINUS_SIGNS) {
            set_negative(&mut negative)?;
            body = rest;
        } else if let Some(rest) = body.strip_prefix('+') {
            body = rest;
        }
        if let Some(inner) = body.strip_prefix('(').and_then(|b| b.strip_suffix(')')) {
            set_negative(&mut negative)?;
            body = inner;
        }
        if let Some(rest) = body.strip_suffix(['-', '–', '—'])
            && rest.ends_with(['.', ','])
            && !no_cents
        {
            no_cents = true;
            body = rest;
        } else if let Some(rest) = body.strip_suffix(MINUS_SIGNS)
            // `12.--` is no amount, and neither is a sign with nothing before it.
            && rest.ends_with(|c: char| !matches!(c, '.' | ',') && !MINUS_SIGNS.contains(&c))
        {
            set_negative(&mut negative)?;
            body = rest;
        }
        if body.len() == before {
            break;
        }
    }
    let digits = if no_cents {
        &body[..body.len() - 1]
    } else {
        body
    };
    let valid = digits.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == ',')
        && digits.ends_with(|c: char| c.is_ascii_digit())
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || is_group_space(c));
    valid.then_some((negative, body))
}

/// Decides the number style of a column from all its text cells. Cells with both separators
/// (`1.234,56`), a decimal part that is not three digits (`12,5`, `12.50`), repeated separators
/// (`1.234.567`) or a zero integer part (`0,500`) are evidence; `1.234` alone is ambiguous and
/// weighs nothing. Comma wins only with more evidence than point, so the default is
/// `DecimalPoint`.
pub fn detect_number_style<'a>(cells: impl Iterator<Item = CellRef<'a>>) -> NumberStyle {
    style_of_votes(separator_votes(cells))
}

/// [`detect_number_style`] of whole columns of a table, read on all cores.
pub fn columns_number_style(table: &HeadedTable, columns: &[usize]) -> NumberStyle {
    style_of_votes(columns_separator_votes(table, columns, 0..table.rows.len()))
}

/// The votes for decimal comma and decimal point of `columns` in `rows`, read on all cores:
/// [`columns_number_style`] before a style is chosen.
pub fn columns_separator_votes(
    table: &HeadedTable,
    columns: &[usize],
    rows: std::ops::Range<usize>,
) -> (usize, usize) {
    let first = rows.start;
    let votes = crate::parallel::map_ranges("number-style", rows.len(), |part| {
        let part = first + part.start..first + part.end;
        let mut votes = (0, 0);
        for &column in columns {
            let (comma, point) = separator_votes(table.column_range(column, part.clone()));
            votes = (votes.0 + comma, votes.1 + point);
        }
        votes
    });
    votes
        .into_iter()
        .fold((0, 0), |all, part| (all.0 + part.0, all.1 + part.1))
}

/// The style the votes (for decimal comma, for decimal point) choose: comma only with more.
pub fn style_of_votes((comma_votes, point_votes): (usize, usize)) -> NumberStyle {
    if comma_votes > point_votes {
        NumberStyle::DecimalComma
    } else {
        NumberStyle::DecimalPoint
    }
}

/// A cell's number in `style` ([`parse_number`]) and what the cell says about the decimal
/// separator ([`detect_number_style`]), from one reading of it: an import reads its money
/// columns once, in the style their first rows vote for, while the whole column votes.
pub fn number_and_evidence(
    cell: CellRef<'_>,
    style: NumberStyle,
) -> (Option<f64>, Option<NumberStyle>) {
    match cell {
        CellRef::Text(text) => match strip_amount(text) {
            Some((negative, body)) => (
                stripped_number(negative, body, style),
                separator_evidence(body),
            ),
            None => (None, None),
        },
        other => (parse_number(other, style), None),
    }
}

/// How many cells read as decimal comma and as decimal point.
fn separator_votes<'a>(cells: impl Iterator<Item = CellRef<'a>>) -> (usize, usize) {
    let (mut comma_votes, mut point_votes) = (0usize, 0usize);
    // An order's lines often repeat a value: a cell like the one above says the same.
    let mut previous: Option<(&str, Option<NumberStyle>)> = None;
    for cell in cells {
        let CellRef::Text(text) = cell else { continue };
        let evidence = match previous {
            Some((before, evidence)) if before == text => evidence,
            _ => strip_amount(text).and_then(|(_, body)| separator_evidence(body)),
        };
        previous = Some((text, evidence));
        match evidence {
            Some(NumberStyle::DecimalComma) => comma_votes += 1,
            Some(NumberStyle::DecimalPoint) => point_votes += 1,
            None => {}
        }
    }
    (comma_votes, point_votes)
}

/// What one amount says about the decimal separator, if anything.
fn separator_evidence(body: &str) -> Option<NumberStyle> {
    let Separators {
        last_comma,
        last_point,
        commas,
        points,
    } = separators(body);
    let says_decimal = |separator: usize, style: NumberStyle| {
        let decimals = body.len() - separator - 1;
        let integer_is_zero = body[..separator].trim_start_matches('0').is_empty();
        (decimals != 3 || integer_is_zero).then_some(style)
    };
    match (last_comma, last_point) {
        (Some(comma), Some(point)) if comma > point => Some(NumberStyle::DecimalComma),
        (Some(_), Some(_)) => Some(NumberStyle::DecimalPoint),
        (Some(_), None) if commas > 1 => Some(NumberStyle::DecimalPoint),
        (Some(comma), None) => says_decimal(comma, NumberStyle::DecimalComma),
        (None, Some(_)) if points > 1 => Some(NumberStyle::DecimalComma),
        (None, Some(point)) => says_decimal(point, NumberStyle::DecimalPoint),
        (None, None) => None,
    }
}

/// Where an amount's last comma and last point are, and how many of each it has.
#[derive(Debug, PartialEq)]
struct Separators {
    last_comma: Option<usize>,
    last_point: Option<usize>,
    commas: usize,
    points: usize,
}

fn separators(body: &str) -> Separators {
    // One look at each byte: this runs on every amount of a file, and four searches of a
    // short text cost more than reading it.
    let mut found = Separators {
        last_comma: None,
        last_point: None,
        commas: 0,
        points: 0,
    };
    for (at, byte) in body.bytes().enumerate() {
        match byte {
            b',' => (found.last_comma, found.commas) = (Some(at), found.commas + 1),
            b'.' => (found.last_point, found.points) = (Some(at), found.points + 1),
            _ => {}
        }
    }
    found
}

/// Reads a number in the column's style: thousands separators, currency marks before or after,
/// a leading minus or parentheses for negatives. A number cell is taken as it is. Text whose
/// separators do not fit the style (`12.5` in a decimal-comma column) is not a number.
pub fn parse_number(cell: CellRef<'_>, style: NumberStyle) -> Option<f64> {
    let text = match cell {
        // NaN or infinity would poison every total it is added to.
        CellRef::Number(n) => return n.is_finite().then_some(n),
        CellRef::Text(text) => text,
        _ => return None,
    };
    let (negative, body) = strip_amount(text)?;
    stripped_number(negative, body, style)
}

/// [`parse_number`] of an amount's body, its currency marks and sign taken off.
fn stripped_number(negative: bool, body: &str, style: NumberStyle) -> Option<f64> {
    let (decimal, group) = match style {
        NumberStyle::DecimalPoint => ('.', ','),
        NumberStyle::DecimalComma => (',', '.'),
    };
    if let Some(value) = plain_number(body, decimal as u8) {
        return Some(if negative { -value } else { value });
    }
    let (integer, fraction) = match body.split_once(decimal) {
        Some((integer, fraction)) => (integer, Some(fraction)),
        None => (body, None),
    };
    // An empty fraction is the `12.-` of a price without cents (see `strip_amount`).
    if fraction.is_some_and(|f| !f.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let is_group = |c: char| c == group || is_group_space(c);
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    let mut groups = integer.split(is_group);
    let first = groups.next().unwrap_or_default();
    let mut rest = groups.peekable();
    let grouped_right = if rest.peek().is_none() {
        digits(first)
    } else {
        (1..=3).contains(&first.len()) && digits(first) && rest.all(|g| g.len() == 3 && digits(g))
    };
    if !grouped_right || (integer.is_empty() && fraction.is_none()) {
        return None;
    }
    // Written out again as `-1234.5` and parsed, so rounding is the standard library's; the
    // text fits inline for any ordinary amount, so reading a column allocates nothing.
    let mut normalized = CompactString::default();
    if negative {
        normalized.push('-');
    }
    if integer.is_empty() {
        normalized.push('0');
    }
    integer
        .split(is_group)
        .for_each(|part| normalized.push_str(part));
    normalized.push('.');
    normalized.push_str(fraction.filter(|f| !f.is_empty()).unwrap_or("0"));
    // Four hundred digits parse as infinity, not as an error.
    normalized.parse().ok().filter(|n: &f64| n.is_finite())
}

/// The value of digits with at most one decimal mark and no grouping (`1234`, `28.50`,
/// `28,50`): most cells of a column, read without writing them out again. `None` for anything
/// else, which the general path reads.
fn plain_number(body: &str, decimal: u8) -> Option<f64> {
    let bytes = body.as_bytes();
    let mut mark = None;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'0'..=b'9' => {}
            _ if b == decimal && mark.is_none() => mark = Some(i),
            _ => return None,
        }
    }
    let value: f64 = match mark {
        None => body.parse().ok()?,
        // At least one digit on each side: `12.`, `.5` and `.` take the general path.
        Some(i) if i == 0 || i + 1 == bytes.len() => return None,
        Some(_) if decimal == b'.' => body.parse().ok()?,
        Some(i) => {
            let mut buffer = [0u8; 40];
            let copy = buffer.get_mut(..bytes.len())?;
            copy.copy_from_slice(bytes);
            copy[i] = b'.';
            std::str::from_utf8(copy).ok()?.parse().ok()?
        }
    };
    value.is_finite().then_some(value)
}

/// A survey answer read as a number, before its range is checked.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ScoreValue {
    /// A whole number however it was written: `9`, `9.0`, `9,00`, `9/10`, `10 - Extremely
    /// likely`, or a number cell holding 9.
    Whole(i64),
    /// A number with a fractional part (`9.5`, `9,5`): not an answer on a 0-10 scale.
    NotWhole(f64),
}

impl ScoreValue {
    /// The whole number, or `None` for a fraction.
    pub fn whole(self) -> Option<i64> {
        match self {
            ScoreValue::Whole(n) => Some(n),
            ScoreValue::NotWhole(_) => None,
        }
    }
}

/// Reads a score the way survey tools and spreadsheets write it. A whole number may carry a
/// zero decimal part in either style (pandas and Google Sheets write `9.0`, Italian Excel
/// `9,0`), an "out of ten" (`9/10`) and a label after it (`9 - Molto probabile`, `10 (Extremely
/// likely)`). `9.5` and `9,5` are numbers but not whole ones. Text that only starts with a
/// number (`5stelle`, dates like `03/11/2026`, times, ranges like `9-10`) is not a score.
/// This is the only score reader: detection and validation must agree on what a score is.
pub fn parse_score(cell: CellRef<'_>) -> Option<ScoreValue> {
    let text = match cell {
        CellRef::Number(n) if !n.is_finite() => return None,
        CellRef::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => {
            return Some(ScoreValue::Whole(n as i64));
        }
        CellRef::Number(n) => return Some(ScoreValue::NotWhole(n)),
        CellRef::Text(text) => text.trim(),
        _ => return None,
    };
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let digits_end = unsigned
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(unsigned.len());
    if digits_end == 0 || digits_end > 15 {
        return None;
    }
    let integer = &unsigned[..digits_end];
    let mut rest = &unsigned[digits_end..];
    let mut fraction = "";
    if let Some(after) = rest.strip_prefix(['.', ',']) {
        let end = after
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(after.len());
        if end > 0 {
            fraction = &after[..end];
            rest = &after[end..];
        }
    }
    if let Some(after) = rest.trim_start().strip_prefix('/') {
        // Only "out of ten": 03/11 is a date, 1/5 another scale.
        rest = after.trim_start().strip_prefix("10")?;
    }
    let mut next = rest.chars();
    let continues_number = match (next.next(), next.next()) {
        (None, _) => false,
        (Some(c), _) if c.is_alphanumeric() => true,
        (Some('.' | ',' | '/' | ':' | '-'), Some(after)) => after.is_ascii_digit(),
        _ => false,
    };
    if continues_number {
        return None;
    }
    let sign = if negative { -1 } else { 1 };
    if fraction.bytes().all(|b| b == b'0') {
        return Some(ScoreValue::Whole(sign * integer.parse::<i64>().ok()?));
    }
    let value: f64 = format!("{integer}.{fraction}").parse().ok()?;
    Some(ScoreValue::NotWhole(if negative { -value } else { value }))
}

/// The order of day, month and year in a column of dates written as text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateOrder {
    /// 31/12/2026, as written in Italy and most of Europe.
    Dmy,
    /// 12/31/2026, as written in the United States.
    Mdy,
    /// 2026-12-31, as ISO 8601 and most databases write it.
    Ymd,
}

/// A date read from text, with what it says about the column.
struct TextDate {
    datetime: NaiveDateTime,
    twelve_hour_clock: bool,
}

/// Whether numbers in the range of Excel's date serials (20000 to 80000, 1954 to 2119) count as
/// dates in a column. A sheet saved with its date column formatted as General holds 46082.39
/// for 2026-03-01 09:21, and a CSV written from it holds the same as text; but most columns of
/// such numbers are amounts or codes, so only a column named as a date reads them as dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Serials {
    /// Numbers are numbers: a column of plain numbers is never taken for dates.
    AreNumbers,
    /// The column's header names a date, or the owner chose it as the date column.
    AreDates,
}

/// How many of a column's cells each date order reads.
#[derive(Clone, Copy, Debug, Default)]
pub struct DateVotes {
    /// Non-missing cells.
    values: usize,
    /// Cells read in day-first, month-first and year-first order.
    read: [usize; 3],
    /// Some time was written with AM/PM.
    twelve_hour_clock: bool,
}

const DATE_ORDERS: [DateOrder; 3] = [DateOrder::Dmy, DateOrder::Mdy, DateOrder::Ymd];

/// What one cell says about the date orders.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CellVote {
    /// The cell is not missing.
    value: bool,
    /// Read in day-first, month-first and year-first order.
    read: [bool; 3],
    /// Its time was written with AM/PM.
    twelve_hour_clock: bool,
}

fn cell_vote(cell: CellRef<'_>, serials: Serials) -> CellVote {
    vote_reading(cell, serials, None).0
}

/// A cell's vote, and with an order its [`parse_datetime`] in that order, from the readings
/// the vote makes (a second parse only where the vote did not read the cell in that order).
fn vote_reading(
    cell: CellRef<'_>,
    serials: Serials,
    order: Option<DateOrder>,
) -> (CellVote, Option<NaiveDateTime>) {
    let parsed = || order.and_then(|order| parse_datetime(cell, order));
    if is_missing(cell) {
        return (CellVote::default(), parsed());
    }
    let every_order = CellVote {
        value: true,
        read: [true; 3],
        twelve_hour_clock: false,
    };
    if serials == Serials::AreDates && excel_serial(cell).is_some() {
        return (every_order, parsed());
    }
    match cell {
        CellRef::Date(_) | CellRef::DateTime(_) => (every_order, parsed()),
        CellRef::Text(text) => {
            // Year-first text (`20260312` too), dates with a month name and Unix times read
            // alike in every order, and they are the only text year-first order reads: one try
            // settles them.
            if let Some(date) = parse_text_datetime(text, DateOrder::Ymd) {
                let vote = CellVote {
                    twelve_hour_clock: date.twelve_hour_clock,
                    ..every_order
                };
                let reading = match order {
                    Some(DateOrder::Ymd) => Some(date.datetime),
                    _ => parsed(),
                };
                return (vote, reading);
            }
            let mut vote = CellVote {
                value: true,
                ..CellVote::default()
            };
            // The other orders differ only for dates written in numbers, which start with one:
            // names, products and notes are not parsed twice more.
            if !text.trim_start().starts_with(|c: char| c.is_ascii_digit()) {
                return (vote, parsed());
            }
            let mut reading = None;
            for (read, each) in vote.read.iter_mut().zip(DATE_ORDERS).take(2) {
                if let Some(date) = parse_text_datetime(text, each) {
                    *read = true;
                    vote.twelve_hour_clock |= date.twelve_hour_clock;
                    if order == Some(each) {
                        reading = Some(date.datetime);
                    }
                }
            }
            // Not read in the order asked: only an Excel serial is left, and it is not one.
            (
                vote,
                reading.or_else(|| order.and_then(|_| excel_serial(cell))),
            )
        }
        _ => (
            CellVote {
                value: true,
                ..CellVote::default()
            },
            parsed(),
        ),
    }
}

/// A cell's vote for the order of a date column ([`best_date_order`]), and its date read in
/// `order` ([`parse_datetime`]), from one reading: an import reads its date column once, in
/// the order its first rows vote for, while the whole column votes.
pub fn date_vote_reading(
    cell: CellRef<'_>,
    order: Option<DateOrder>,
) -> (CellVote, Option<NaiveDateTime>) {
    vote_reading(cell, Serials::AreDates, order)
}

fn date_votes<'a>(cells: impl Iterator<Item = CellRef<'a>>, serials: Serials) -> DateVotes {
    let mut votes = DateVotes {
        values: 0,
        read: [0; 3],
        twelve_hour_clock: false,
    };
    // An order's lines repeat its date: a cell like the one above is not parsed again.
    let mut previous: Option<(&str, CellVote)> = None;
    for cell in cells {
        let vote = match (cell, previous) {
            (CellRef::Text(text), Some((before, vote))) if before == text => vote,
            _ => cell_vote(cell, serials),
        };
        previous = match cell {
            CellRef::Text(text) => Some((text, vote)),
            _ => None,
        };
        votes.count(vote);
    }
    votes
}

impl DateVotes {
    /// Counts one more cell's vote.
    pub fn count(&mut self, vote: CellVote) {
        self.values += usize::from(vote.value);
        for (count, read) in self.read.iter_mut().zip(vote.read) {
            *count += usize::from(read);
        }
        self.twelve_hour_clock |= vote.twelve_hour_clock;
    }

    /// The votes of two parts of a column together.
    pub fn with(self, other: DateVotes) -> DateVotes {
        DateVotes {
            values: self.values + other.values,
            read: [0, 1, 2].map(|i| self.read[i] + other.read[i]),
            twelve_hour_clock: self.twelve_hour_clock || other.twelve_hour_clock,
        }
    }

    /// The order that reads the most cells, or `None` when no cell reads as a date.
    pub fn best_order(&self) -> Option<DateOrder> {
        let [dmy, mdy, ymd] = self.read;
        let best = dmy.max(mdy).max(ymd);
        if best == 0 {
            return None;
        }
        // Year-first cells read in every order, so Ymd is only as high as the others when
        // every date read is written year first.
        Some(if ymd == best {
            DateOrder::Ymd
        } else if dmy == mdy {
            if self.twelve_hour_clock {
                DateOrder::Mdy
            } else {
                DateOrder::Dmy
            }
        } else if dmy > mdy {
            DateOrder::Dmy
        } else {
            DateOrder::Mdy
        })
    }

    /// At least 80 % of the non-missing cells read in the best order.
    fn mostly_read(&self) -> bool {
        let best = self.read.into_iter().max().unwrap_or(0);
        best * 10 >= self.values * 8
    }
}

/// Decides whether a column holds dates and in which order, from all its cells. Each order is
/// tried on every text cell; the one that reads the most wins. When day-first and month-first
/// both read everything (no day above 12), month-first is chosen only if the times use AM/PM.
/// Spreadsheet date cells, dates with a month name, eight-digit dates (`20260312`) and Unix
/// time written as text ([`unix_time`]) count as read in any order, and so do Excel serial numbers when `serials` says so; other numbers and booleans
/// count as not read. Returns `None` when fewer than 80 % of the non-missing cells read as
/// dates: this decides whether a column is a date column at all.
pub fn detect_date_order<'a>(
    cells: impl Iterator<Item = CellRef<'a>>,
    serials: Serials,
) -> Option<DateOrder> {
    let votes = date_votes(cells, serials);
    votes.best_order().filter(|_| votes.mostly_read())
}

/// The order that reads the most cells of a column already chosen as the date column (by the
/// owner or by detection), however few: its good dates are read and only the cells that are
/// not dates are reported. Excel serial numbers count as dates. `None` when no cell reads as a
/// date in any order.
pub fn best_date_order<'a>(cells: impl Iterator<Item = CellRef<'a>>) -> Option<DateOrder> {
    date_votes(cells, Serials::AreDates).best_order()
}

/// [`best_date_order`] of a table's column, read on all cores.
pub fn column_best_date_order(table: &HeadedTable, column: usize) -> Option<DateOrder> {
    crate::parallel::map_ranges("date-order", table.rows.len(), |rows| {
        date_votes(table.column_range(column, rows), Serials::AreDates)
    })
    .into_iter()
    .reduce(DateVotes::with)?
    .best_order()
}

/// Reads a date and time in the column's order. Text may use `/`, `-` or `.` between the date
/// parts, 2-digit (20xx) or 4-digit years, and a time after a space or `T`: `10:15`,
/// `10:15:32`, `10.15.32`, fractional seconds, `AM`/`PM`, and a time zone (`Z`, `UTC`, `GMT+1`,
/// `+01:00`, `+0100`, `-05:00`). A time zone offset is applied, giving UTC, before the date is
/// taken (metrics.md). A date without a time is at 00:00:00. A year-first date (`2026-03-05`)
/// is read in any order, and so are a date with a month name in English, Italian, French,
/// Spanish or German (`Mar 12, 2026`, `12-mar-26`, `Tue, 12 Mar 2026 10:22:01 +0100`, `12.
/// März 2026`, `12 de marzo de 2026`), eight digits from 1990 to 2100 (`20260312`) and Unix
/// time written as text ([`unix_time`]). Spreadsheet date
/// cells are taken as they are, and Excel serial dates ([`excel_serial`]) as numbers or text;
/// callers should only ask for numbers in a column detected or chosen as dates.
pub fn parse_datetime(cell: CellRef<'_>, order: DateOrder) -> Option<NaiveDateTime> {
    match cell {
        CellRef::Text(text) => parse_text_datetime(text, order)
            .map(|date| date.datetime)
            .or_else(|| excel_serial(cell)),
        CellRef::Date(date) => Some(date.and_time(NaiveTime::MIN)),
        CellRef::DateTime(datetime) => Some(datetime),
        CellRef::Number(_) => excel_serial(cell),
        _ => None,
    }
}

/// An Excel serial date: days since 1899-12-30 (Excel's 1900 date system, right for every date
/// after February 1900), the fraction being the time of day. Read from a number cell or from
/// text a CSV was written with (`46082.39`, or `46082,39` from Italian Excel), and only between
/// 20000 and 80000 (1954 to 2119), so that small counts and long codes are never dates.
pub fn excel_serial(cell: CellRef<'_>) -> Option<NaiveDateTime> {
    let serial = match cell {
        CellRef::Number(n) => n,
        CellRef::Text(text) => {
            let text = text.trim();
            let (integer, fraction) = text.split_once(['.', ',']).unwrap_or((text, "0"));
            // Read in parts rather than through a formatted copy: no allocation per cell, and
            // a run of a hundred digits is refused before it can become infinity.
            if !all_digits(integer, 1..=9) || !all_digits(fraction, 1..=usize::MAX) {
                return None;
            }
            // Milliseconds of a day need 8 decimals at most; the rest cannot move the reading.
            let fraction = &fraction[..fraction.len().min(9)];
            let scale = 10f64.powi(fraction.len() as i32);
            f64::from(integer.parse::<u32>().ok()?)
                + f64::from(fraction.parse::<u32>().ok()?) / scale
        }
        _ => return None,
    };
    // Also refuses NaN and infinities, which no range contains.
    if !(20_000.0..=80_000.0).contains(&serial) {
        return None;
    }
    excel_serial_datetime(serial)
}

/// A time of day in a column of its own (Square's and SumUp's "Time", an Italian till's "Ora"):
/// `13:45:10`, `9.05`, `6:00 PM`, a spreadsheet date-time cell's time, or an Excel time
/// fraction (0.5 is noon). A time zone written after the time is ignored: without its date it
/// cannot move the day.
pub fn parse_time_of_day(cell: CellRef<'_>) -> Option<NaiveTime> {
    match cell {
        CellRef::Text(text) => parse_clock(text.trim()).map(|clock| clock.time),
        CellRef::DateTime(datetime) => Some(datetime.time()),
        CellRef::Number(fraction) if (0.0..1.0).contains(&fraction) => {
            let seconds = (fraction * 86_400.0).round() as u32;
            NaiveTime::from_num_seconds_from_midnight_opt(seconds.min(86_399), 0)
        }
        _ => None,
    }
}

/// Excel's 1900 date system counts days from 1899-12-30 for every date after February 1900.
/// Checked all the way: `as i64` saturates huge values, and chrono's unchecked constructors
/// panic on what saturation gives.
fn excel_serial_datetime(serial: f64) -> Option<NaiveDateTime> {
    if !serial.is_finite() {
        return None;
    }
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_time(NaiveTime::MIN);
    let milliseconds = (serial * 86_400_000.0).round() as i64;
    epoch.checked_add_signed(TimeDelta::try_milliseconds(milliseconds)?)
}

/// Unix time as NPS tools and their APIs write it (Delighted's `created_at`, webhook dumps): 10
/// digits of seconds or 13 of milliseconds since 1970-01-01 UTC. Only 2000-01-01 up to
/// 2033-05-18 (2,000,000,000 seconds) is read, which keeps out phone numbers (Italian mobiles
/// start with 3, US numbers with 2 followed by at least 01) and numbers with leading zeros.
pub fn unix_time(text: &str) -> Option<NaiveDateTime> {
    const FIRST_SECOND: i64 = 946_684_800; // 2000-01-01 00:00:00 UTC
    const END_SECOND: i64 = 2_000_000_000;
    let text = text.trim();
    if !text.bytes().all(|b| b.is_ascii_digit()) || text.starts_with('0') {
        return None;
    }
    let milliseconds: i64 = match text.len() {
        10 => text.parse::<i64>().ok()?.checked_mul(1000)?,
        13 => text.parse().ok()?,
        _ => return None,
    };
    if !(FIRST_SECOND * 1000..END_SECOND * 1000).contains(&milliseconds) {
        return None;
    }
    chrono::DateTime::from_timestamp_millis(milliseconds).map(|utc| utc.naive_utc())
}

fn parse_text_datetime(text: &str, order: DateOrder) -> Option<TextDate> {
    let text = text.trim();
    // Every date has a digit (its day or year): product names and places are not looked up in
    // the month-name tables, which detection would otherwise do for each of their cells.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(datetime) = unix_time(text) {
        return Some(TextDate {
            datetime,
            twelve_hour_clock: false,
        });
    }
    let date_end = text
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '/' | '-' | '.')))
        .unwrap_or(text.len());
    let (date, rest) = match parse_date(&text[..date_end], order) {
        Some(date) => (date, &text[date_end..]),
        // Only text with a word where the numbers stop can name a month (`12 Mar`, `Tue,`):
        // amounts, codes and numeric dates that fail are not looked up in the name tables.
        None if text[date_end..]
            .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '°'))
            .starts_with(char::is_alphabetic) =>
        {
            named_date(text)?
        }
        None => return None,
    };
    let rest = rest.trim_start_matches([',', ' ']);
    let rest = rest.strip_prefix(['T', 't']).unwrap_or(rest).trim();
    if rest.is_empty() {
        return Some(TextDate {
            datetime: date.and_time(NaiveTime::MIN),
            twelve_hour_clock: false,
        });
    }
    let clock = parse_clock(rest)?;
    let datetime = date
        .and_time(clock.time)
        .checked_sub_signed(TimeDelta::try_minutes(clock.offset_minutes)?)?;
    Some(TextDate {
        datetime,
        twelve_hour_clock: clock.twelve_hour_clock,
    })
}

fn all_digits(part: &str, lengths: std::ops::RangeInclusive<usize>) -> bool {
    lengths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())
}

fn parse_date(text: &str, order: DateOrder) -> Option<NaiveDate> {
    let Some(separator) = text.chars().find(|c| !c.is_ascii_digit()) else {
        return compact_date(text);
    };
    let mut parts = text.split(separator);
    let (Some(first), Some(second), Some(third), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let number = |part: &str| part.parse::<u32>().ok();
    if all_digits(first, 4..=4) {
        if !all_digits(second, 1..=2) || !all_digits(third, 1..=2) {
            return None;
        }
        let year = first.parse().ok()?;
        return NaiveDate::from_ymd_opt(year, number(second)?, number(third)?);
    }
    if order == DateOrder::Ymd
        || !all_digits(first, 1..=2)
        || !all_digits(second, 1..=2)
        || !(all_digits(third, 2..=2) || all_digits(third, 4..=4))
    {
        return None;
    }
    let year: i32 = third.parse().ok()?;
    let year = if third.len() == 2 { 2000 + year } else { year };
    let (day, month) = match order {
        DateOrder::Dmy => (first, second),
        _ => (second, first),
    };
    NaiveDate::from_ymd_opt(year, number(month)?, number(day)?)
}

/// A date written as eight digits, year first (`20260312`), as SAP, bank statements and many
/// databases export it. Like Unix time it is read in any order, and only in a plausible range,
/// 1990 to 2100, so that most codes fail; a column of 8-digit codes is still not a date column
/// because too few of its codes are valid dates to reach the share [`detect_date_order`]
/// asks for.
fn compact_date(text: &str) -> Option<NaiveDate> {
    if !all_digits(text, 8..=8) {
        return None;
    }
    let year = text[..4]
        .parse()
        .ok()
        .filter(|y| (1990..=2100).contains(y))?;
    NaiveDate::from_ymd_opt(year, text[4..6].parse().ok()?, text[6..].parse().ok()?)
}

/// Month names and abbreviations in English, Italian, French, Spanish and German, in lower case
/// and without accents (`märz` is found as `marz`, `déc.` as `dec`): a date with one of these is
/// read whatever the column's order. January is the first row.
const MONTH_NAMES: [&[&str]; 12] = [
    &[
        "january", "jan", "gennaio", "gen", "janvier", "janv", "enero", "ene", "januar", "janner",
        "jaenner",
    ],
    &[
        "february", "feb", "febbraio", "febr", "fevrier", "fevr", "fev", "febrero", "februar",
        "feber",
    ],
    &["march", "mar", "marzo", "mars", "marz", "maerz", "mrz"],
    &["april", "apr", "aprile", "avril", "avr", "abril", "abr"],
    &["may", "maggio", "mag", "mai", "mayo"],
    &["june", "jun", "giugno", "giu", "juin", "junio", "juni"],
    &[
        "july", "jul", "luglio", "lug", "juillet", "juil", "julio", "juli",
    ],
    &["august", "aug", "agosto", "ago", "aout", "aou"],
    &[
        "september",
        "sep",
        "sept",
        "settembre",
        "set",
        "sett",
        "septembre",
        "septiembre",
        "setiembre",
    ],
    &[
        "october", "oct", "ottobre", "ott", "octobre", "octubre", "oktober", "okt",
    ],
    &["november", "nov", "novembre", "noviembre"],
    &[
        "december",
        "dec",
        "dicembre",
        "dic",
        "decembre",
        "diciembre",
        "dezember",
        "dez",
    ],
];

/// Day names and abbreviations in the same languages and spelling as [`MONTH_NAMES`]. A date
/// may begin with one (`Tue, 12 Mar 2026`, `Montag, den 12. März 2026`); it says nothing the
/// date does not, so it is skipped without checking that it is the right day.
const WEEKDAY_NAMES: [&str; 66] = [
    "monday",
    "mon",
    "tuesday",
    "tue",
    "tues",
    "wednesday",
    "wed",
    "thursday",
    "thu",
    "thur",
    "thurs",
    "friday",
    "fri",
    "saturday",
    "sat",
    "sunday",
    "sun",
    "lunedi",
    "lun",
    "martedi",
    "mar",
    "mercoledi",
    "mer",
    "giovedi",
    "gio",
    "venerdi",
    "ven",
    "sabato",
    "sab",
    "domenica",
    "dom",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "jeu",
    "vendredi",
    "samedi",
    "sam",
    "dimanche",
    "dim",
    "lunes",
    "martes",
    "miercoles",
    "mie",
    "mier",
    "jueves",
    "jue",
    "viernes",
    "vie",
    "sabado",
    "domingo",
    "montag",
    "mo",
    "dienstag",
    "di",
    "mittwoch",
    "mi",
    "donnerstag",
    "do",
    "freitag",
    "fr",
    "samstag",
    "sa",
    "sonntag",
    "so",
];

/// Words between the parts of a date that carry nothing: Spanish `12 de marzo de 2026`, German
/// `Montag, den 12. März`.
const DATE_FILLERS: [&str; 3] = ["de", "del", "den"];

/// What may follow a day's number: `12th`, `1st`, French `1er`, Spanish `1º`, Italian `1°`.
const ORDINAL_SUFFIXES: [&str; 8] = ["st", "nd", "rd", "th", "er", "o", "º", "ª"];

/// A letter in lower case without its accent, as [`MONTH_NAMES`] spells it; `None` for what
/// no month or day name holds.
fn fold_letter(c: char) -> Option<u8> {
    if c.is_ascii_alphabetic() {
        return Some(c.to_ascii_lowercase() as u8);
    }
    Some(match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'À' | 'Á' | 'Â' | 'Ä' | 'Ã' => b'a',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => b'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => b'i',
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'Ò' | 'Ó' | 'Ô' | 'Ö' | 'Õ' => b'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => b'u',
        'ç' | 'Ç' => b'c',
        'ñ' | 'Ñ' => b'n',
        _ => return None,
    })
}

/// `word` spelled as `name` once folded: compared letter by letter, without a lower-cased copy.
fn word_is(word: &str, name: &str) -> bool {
    let mut name = name.bytes();
    word.chars()
        .all(|c| fold_letter(c).is_some_and(|b| name.next() == Some(b)))
        && name.next().is_none()
}

/// The month (1 to 12) a word names.
fn month_number(word: &str) -> Option<u32> {
    (1..)
        .zip(MONTH_NAMES)
        .find(|(_, names)| names.iter().any(|name| word_is(word, name)))
        .map(|(month, _)| month)
}

/// The words of a date with a month name: runs of digits or of letters, between spaces,
/// commas, points, dashes or slashes (`12-Mar-26`, `Mar. 12, 2026`, `12. März 2026`).
#[derive(Clone, Copy)]
struct DateWords<'a> {
    rest: &'a str,
}

impl<'a> DateWords<'a> {
    /// The next word, skipping [`DATE_FILLERS`]; `None` at the end or at anything else (a
    /// time's colon, a zone's plus), so the date stops there.
    fn next_word(&mut self) -> Option<&'a str> {
        loop {
            let start = self.rest.trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, ',' | '.' | '-' | '/')
            });
            let first = start.chars().next()?;
            let end = if first.is_ascii_digit() {
                start.find(|c: char| !c.is_ascii_digit())
            } else if first.is_alphabetic() {
                start.find(|c: char| !c.is_alphabetic())
            } else {
                return None;
            }
            .unwrap_or(start.len());
            let (word, rest) = start.split_at(end);
            self.rest = rest;
            if !DATE_FILLERS.iter().any(|filler| word_is(word, filler)) {
                return Some(word);
            }
        }
    }

    /// A day of the month, with its ordinal suffix if it has one.
    fn day(&mut self, word: &str) -> Option<u32> {
        if !all_digits(word, 1..=2) {
            return None;
        }
        let letters = self
            .rest
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(self.rest.len());
        let suffix = &self.rest[..letters];
        if ORDINAL_SUFFIXES
            .iter()
            .any(|s| s.eq_ignore_ascii_case(suffix))
        {
            self.rest = &self.rest[letters..];
        }
        self.rest = self.rest.strip_prefix('°').unwrap_or(self.rest);
        word.parse().ok()
    }

    /// A year of four digits, or two meaning 20xx as in numeric dates.
    fn year(&mut self) -> Option<i32> {
        let word = self.next_word()?;
        let year: i32 = word.parse().ok()?;
        if all_digits(word, 4..=4) {
            Some(year)
        } else if all_digits(word, 2..=2) {
            Some(2000 + year)
        } else {
            None
        }
    }
}

/// A date with a month name, in any of the orders people write one: `12 Mar 2026`,
/// `12-mar-26`, `Mar 12, 2026`, `March 12th 2026`, `2026-Mar-12`, `12. März 2026`, `12 de marzo
/// de 2026`, optionally after a day name. Returns the date and the text after it, where a
/// time may follow. The month's name makes the order of day and year unambiguous.
fn named_date(text: &str) -> Option<(NaiveDate, &str)> {
    let mut after_weekday = DateWords { rest: text };
    // `mar` is Tuesday in three languages and March in four: it is a day name only when a
    // whole date follows it.
    if after_weekday
        .next_word()
        .is_some_and(|word| WEEKDAY_NAMES.iter().any(|name| word_is(word, name)))
        && let Some(found) = named_date_parts(after_weekday)
    {
        return Some(found);
    }
    named_date_parts(DateWords { rest: text })
}

fn named_date_parts(mut words: DateWords<'_>) -> Option<(NaiveDate, &str)> {
    let first = words.next_word()?;
    let (year, month, day) = if let Some(month) = month_number(first) {
        let next = words.next_word()?;
        let day = words.day(next)?;
        (words.year()?, month, day)
    } else if all_digits(first, 4..=4) {
        let month = month_number(words.next_word()?)?;
        let next = words.next_word()?;
        (first.parse().ok()?, month, words.day(next)?)
    } else {
        let day = words.day(first)?;
        let month = month_number(words.next_word()?)?;
        (words.year()?, month, day)
    };
    // `Mar 12 10:22` has no year: its `10` is followed by the time's colon.
    if !words
        .rest
        .chars()
        .next()
        .is_none_or(|c| c.is_whitespace() || c == ',')
    {
        return None;
    }
    Some((NaiveDate::from_ymd_opt(year, month, day)?, words.rest))
}

/// A time of day as written after a date.
struct Clock {
    time: NaiveTime,
    /// Minutes east of UTC.
    offset_minutes: i64,
    twelve_hour_clock: bool,
}

/// Reads `10:15`, `10:15:32.250`, `10.15.32`, each optionally followed by `AM`/`PM` and a time
/// zone.
fn parse_clock(text: &str) -> Option<Clock> {
    let (hour, rest) = take_digits(text, 1, 2)?;
    let separator = rest.chars().next().filter(|c| matches!(c, ':' | '.'))?;
    let (minute, mut rest) = take_digits(&rest[1..], 2, 2)?;
    let mut second = 0;
    let mut nanosecond = 0;
    if let Some(after) = rest.strip_prefix(separator)
        && let Some((seconds, after)) = take_digits(after, 2, 2)
    {
        second = seconds;
        rest = after;
        if let Some(after) = rest.strip_prefix(['.', ','])
            && let Some(end) = after
                .find(|c: char| !c.is_ascii_digit())
                .or(Some(after.len()))
                .filter(|&end| end > 0)
        {
            let fraction = &after[..end.min(9)];
            nanosecond = fraction.parse::<u32>().ok()? * 10u32.pow(9 - fraction.len() as u32);
            rest = &after[end..];
        }
    }
    let rest = rest.trim_start();
    let lower = rest.to_ascii_lowercase();
    let meridiem = ["am", "a.m.", "pm", "p.m."]
        .into_iter()
        .find(|marker| lower.starts_with(marker));
    let (hour, rest) = match meridiem {
        Some(marker) => {
            if !(1..=12).contains(&hour) {
                return None;
            }
            let afternoon = marker.starts_with('p');
            (
                hour % 12 + if afternoon { 12 } else { 0 },
                &rest[marker.len()..],
            )
        }
        None => (hour, rest),
    };
    Some(Clock {
        time: NaiveTime::from_hms_nano_opt(hour, minute, second, nanosecond)?,
        offset_minutes: parse_zone(rest.trim())?,
        twelve_hour_clock: meridiem.is_some(),
    })
}

/// Reads between `min` and `max` leading ASCII digits.
fn take_digits(text: &str, min: usize, max: usize) -> Option<(u32, &str)> {
    let end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    if end < min || end > max {
        return None;
    }
    Some((text[..end].parse().ok()?, &text[end..]))
}

/// A time zone as minutes east of UTC: nothing, `Z`, `UTC`, `GMT`, optionally followed by an
/// offset, or an offset alone: `+01:00`, `+0100`, `+01`, `+1`, `-05:00`.
fn parse_zone(text: &str) -> Option<i64> {
    let lower = text.to_ascii_lowercase();
    let offset = ["utc", "gmt", "z"]
        .into_iter()
        .find_map(|name| lower.strip_prefix(name))
        .unwrap_or(&lower)
        .trim();
    if offset.is_empty() {
        return Some(0);
    }
    let (sign, digits) = if let Some(rest) = offset.strip_prefix('+') {
        (1, rest)
    } else if let Some(rest) = offset.strip_prefix(['-', '−']) {
        (-1, rest)
    } else {
        return None;
    };
    let (hours, minutes) = match digits.split_once(':') {
        Some((hours, minutes)) if all_digits(hours, 1..=2) && all_digits(minutes, 2..=2) => {
            (hours, minutes)
        }
        None if all_digits(digits, 1..=2) => (digits, "0"),
        None if all_digits(digits, 4..=4) => digits.split_at(2),
        _ => return None,
    };
    let (hours, minutes): (i64, i64) = (hours.parse().ok()?, minutes.parse().ok()?);
    (hours <= 14 && minutes < 60).then_some(sign * (hours * 60 + minutes))
}

/// Stars as review platforms write them: a number (`4`, `4.0`, `4,5`, `4/5`), a word of
/// Google's API (`FOUR`), or star characters (`★★★★☆`).
pub fn parse_stars(cell: CellRef<'_>, style: NumberStyle) -> Option<f64> {
    if let Some(n) = parse_number(cell, style) {
        return Some(n);
    }
    let CellRef::Text(text) = cell else {
        return None;
    };
    let text = text.trim();
    if let Some((stars, out_of)) = text.split_once('/')
        && out_of.trim() == "5"
    {
        return parse_number(Cell::from_text(stars).view(), style);
    }
    let filled = text.chars().filter(|c| *c == '★').count();
    if filled > 0 && text.chars().all(|c| matches!(c, '★' | '☆' | ' ')) {
        return Some(filled as f64);
    }
    let words = ["one", "two", "three", "four", "five"];
    let word = text.to_lowercase();
    let word = word.trim_end_matches(" stars").trim_end_matches(" star");
    words
        .iter()
        .position(|w| *w == word)
        .map(|i| (i + 1) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_found_in_one_pass_are_what_searching_finds() {
        let searched = |body: &str| Separators {
            last_comma: body.rfind(','),
            last_point: body.rfind('.'),
            commas: body.matches(',').count(),
            points: body.matches('.').count(),
        };
        let alphabet = ['0', '1', '5', ',', '.', '€', ' ', '\''];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..50_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 10) as usize;
            let body: String = (0..len)
                .map(|k| alphabet[((seed >> (4 + 3 * k)) % alphabet.len() as u64) as usize])
                .collect();
            assert_eq!(separators(&body), searched(&body), "{body:?}");
        }
    }
    use chrono::Datelike;

    fn text(value: &str) -> Cell {
        Cell::Text(value.into())
    }

    fn texts(values: &[&str]) -> Vec<Cell> {
        values.iter().map(|v| text(v)).collect()
    }

    #[test]
    fn a_vote_read_along_with_its_date_is_the_vote_and_the_date_read_alone() {
        let cells: Vec<Cell> = [
            "05/02/2024",
            "13/02/2024",
            "02/13/2024",
            "2024-02-13 10:22:01",
            "12/03/26 10:15 PM",
            "Mar 12, 2026 10:22:01 AM",
            "12-mar-26",
            "20260312",
            "46082.39",
            "46082,39",
            "1700000000",
            "31/02/2024",
            "Roma Centro",
            "",
            "n/a",
            "-",
            " 05/02/2024 ",
        ]
        .iter()
        .map(|t| Cell::from_text(t))
        .chain([
            Cell::Number(46082.5),
            Cell::Number(12.0),
            Cell::Date(NaiveDate::from_ymd_opt(2024, 2, 5).unwrap()),
            Cell::Empty,
        ])
        .collect();
        for cell in &cells {
            let cell = cell.view();
            assert_eq!(
                date_vote_reading(cell, None),
                (cell_vote(cell, Serials::AreDates), None),
                "{cell:?}"
            );
            for order in DATE_ORDERS {
                assert_eq!(
                    date_vote_reading(cell, Some(order)),
                    (
                        cell_vote(cell, Serials::AreDates),
                        parse_datetime(cell, order)
                    ),
                    "{cell:?} in {order:?}"
                );
            }
        }
    }

    #[test]
    fn an_amount_read_along_with_its_evidence_is_the_amount_and_the_evidence_read_alone() {
        let cells: Vec<Cell> = [
            "1.000",
            "1,000",
            "2,50",
            "2.50",
            "1.234,56",
            "$1,234.56",
            "€ 1.234,56",
            "(12.00)",
            "12-",
            "CHF 12.-",
            "0,500",
            "1 234,56 €",
            "abc",
            "",
            "--5",
            "1.2.3",
        ]
        .iter()
        .map(|t| Cell::from_text(t))
        .chain([Cell::Number(3.5), Cell::Empty])
        .collect();
        for cell in &cells {
            let cell = cell.view();
            let evidence = match cell {
                CellRef::Text(_) => separator_votes(std::iter::once(cell)),
                _ => (0, 0),
            };
            for style in [NumberStyle::DecimalPoint, NumberStyle::DecimalComma] {
                let (number, said) = number_and_evidence(cell, style);
                assert_eq!(number, parse_number(cell, style), "{cell:?} in {style:?}");
                let said = match said {
                    Some(NumberStyle::DecimalComma) => (1, 0),
                    Some(NumberStyle::DecimalPoint) => (0, 1),
                    None => (0, 0),
                };
                assert_eq!(said, evidence, "{cell:?}");
            }
        }
    }

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .unwrap()
            .and_hms_opt(h, mi, s)
            .unwrap()
    }

    #[test]
    fn missing_markers_are_missing_and_values_are_not() {
        for marker in [
            "", "  ", "NA", "N/A", "n/a", "null", "-", "—", "#N/A", "n.d.",
        ] {
            assert!(is_missing(text(marker).view()), "{marker:?}");
        }
        assert!(is_missing(CellRef::Empty));
        for value in ["0", "Nadia", "none of them", "-5"] {
            assert!(!is_missing(text(value).view()), "{value:?}");
        }
        assert!(!is_missing(Cell::Number(0.0).view()));
        assert!(!is_missing(Cell::Bool(false).view()));
    }

    #[test]
    fn decimal_comma_column_reads_thousands_points() {
        let column = texts(&["1.234,56", "12,5", "1.234", "7"]);
        let style = detect_number_style(column.iter().map(Cell::view));
        assert_eq!(style, NumberStyle::DecimalComma);
        let values: Vec<Option<f64>> = column
            .iter()
            .map(|c| parse_number(c.view(), style))
            .collect();
        assert_eq!(
            values,
            vec![Some(1234.56), Some(12.5), Some(1234.0), Some(7.0)]
        );
    }

    #[test]
    fn decimal_point_column_reads_thousands_commas() {
        let column = texts(&["1,234.56", "12.5", "1,234", "1,000,000"]);
        let style = detect_number_style(column.iter().map(Cell::view));
        assert_eq!(style, NumberStyle::DecimalPoint);
        let values: Vec<Option<f64>> = column
            .iter()
            .map(|c| parse_number(c.view(), style))
            .collect();
        assert_eq!(
            values,
            vec![Some(1234.56), Some(12.5), Some(1234.0), Some(1_000_000.0)]
        );
    }

    #[test]
    fn ambiguous_thousands_alone_default_to_decimal_point() {
        let column = texts(&["1.234", "5.678"]);
        assert_eq!(
            detect_number_style(column.iter().map(Cell::view)),
            NumberStyle::DecimalPoint
        );
        // One cell with a two-digit decimal part settles the whole column.
        let column = texts(&["1.234", "5.678", "3,50"]);
        assert_eq!(
            detect_number_style(column.iter().map(Cell::view)),
            NumberStyle::DecimalComma
        );
        // Repeated points can only group thousands.
        let column = texts(&["1.234.567"]);
        assert_eq!(
            detect_number_style(column.iter().map(Cell::view)),
            NumberStyle::DecimalComma
        );
        // A zero before the separator cannot be a thousands group.
        let column = texts(&["0,500"]);
        assert_eq!(
            detect_number_style(column.iter().map(Cell::view)),
            NumberStyle::DecimalComma
        );
    }

    #[test]
    fn a_currency_mark_names_its_currency_and_a_shared_one_names_none() {
        for (text, code) in [
            ("€ 1.234,56", Some("EUR")),
            ("12,50 EUR", Some("EUR")),
            ("-12.50 USD", Some("USD")),
            ("US$5", Some("USD")),
            ("£3.20", Some("GBP")),
            ("CHF 7.00", Some("CHF")),
            ("EUR", Some("EUR")),
            ("usd", Some("USD")),
            ("euro", Some("EUR")),
            ("12 kr", None),
            ("¥500", None),
            ("12,50", None),
            ("Milano", None),
            ("", None),
        ] {
            assert_eq!(currency_code(text), code, "{text}");
        }
    }

    #[test]
    fn currency_marks_signs_and_spaces_are_handled() {
        let comma = NumberStyle::DecimalComma;
        let point = NumberStyle::DecimalPoint;
        assert_eq!(parse_number(text("€ 1.234,50").view(), comma), Some(1234.5));
        assert_eq!(parse_number(text("1.234,50 €").view(), comma), Some(1234.5));
        assert_eq!(parse_number(text("EUR 12,00").view(), comma), Some(12.0));
        assert_eq!(parse_number(text("12,00 eur").view(), comma), Some(12.0));
        assert_eq!(parse_number(text("-€ 3,20").view(), comma), Some(-3.2));
        assert_eq!(parse_number(text("€ -3,20").view(), comma), Some(-3.2));
        assert_eq!(parse_number(text("(3,20)").view(), comma), Some(-3.2));
        assert_eq!(parse_number(text("1 234,50").view(), comma), Some(1234.5));
        assert_eq!(parse_number(text("$1,234.50").view(), point), Some(1234.5));
        assert_eq!(parse_number(text("£ 99.99").view(), point), Some(99.99));
        assert_eq!(parse_number(text("  42  ").view(), point), Some(42.0));
        assert_eq!(
            parse_number(text("1,234.50 USD").view(), point),
            Some(1234.5)
        );
        assert_eq!(parse_number(Cell::Number(7.25).view(), comma), Some(7.25));
    }

    #[test]
    fn plain_digits_read_like_any_other_amount() {
        let comma = NumberStyle::DecimalComma;
        let point = NumberStyle::DecimalPoint;
        let read = |t: &str, style| parse_number(text(t).view(), style);
        assert_eq!(read("28.50", point), Some(28.5));
        assert_eq!(read("28,50", comma), Some(28.5));
        assert_eq!(read("0028,50", comma), Some(28.5));
        assert_eq!(read("1234", comma), Some(1234.0));
        assert_eq!(read("-3,20", comma), Some(-3.2));
        assert_eq!(read("3,20-", comma), Some(-3.2));
        assert_eq!(read(",5", comma), Some(0.5));
        assert_eq!(read("12.-", point), Some(12.0));
        assert_eq!(read("12.5.1", point), None);
        assert_eq!(read("12,5,1", comma), None);
        // Longer than the copy a decimal comma is rewritten in: read all the same.
        let long = format!("{},5", "1".repeat(45));
        assert_eq!(
            read(&long, comma),
            Some(format!("{}.5", "1".repeat(45)).parse().unwrap())
        );
        assert_eq!(read(&"9".repeat(400), point), None);
    }

    #[test]
    fn text_that_is_not_a_number_in_the_column_style_is_refused() {
        let comma = NumberStyle::DecimalComma;
        let point = NumberStyle::DecimalPoint;
        assert_eq!(parse_number(text("12.5").view(), comma), None);
        assert_eq!(parse_number(text("12,5").view(), point), None);
        assert_eq!(parse_number(text("1,23,4").view(), point), None);
        assert_eq!(parse_number(text("dodici").view(), point), None);
        assert_eq!(parse_number(text("12 abc").view(), point), None);
        assert_eq!(parse_number(text("€").view(), point), None);
        assert_eq!(parse_number(text("--5").view(), point), None);
        assert_eq!(parse_number(CellRef::Empty, point), None);
        assert_eq!(parse_number(Cell::Bool(true).view(), point), None);
    }

    #[test]
    fn currency_signs_and_codes_before_or_after_with_or_without_space() {
        let comma = NumberStyle::DecimalComma;
        let point = NumberStyle::DecimalPoint;
        for (written, expected) in [
            ("$1,234.56", 1234.56),
            ("US$ 5", 5.0),
            ("US$5", 5.0),
            ("£3.20", 3.2),
            ("¥1,000", 1000.0),
            ("JPY 1,500", 1500.0),
            ("₹ 250.75", 250.75),
            ("CAD 19.99", 19.99),
            ("19.99 CAD", 19.99),
            ("19.99CAD", 19.99),
            ("C$3", 3.0),
            ("A$ 12.50", 12.5),
            ("AUD 5", 5.0),
            ("5 usd", 5.0),
            ("Fr. 12.50", 12.5),
            ("SFr. 12.50", 12.5),
            ("12.50 Fr.", 12.5),
        ] {
            assert_eq!(
                parse_number(text(written).view(), point),
                Some(expected),
                "{written}"
            );
        }
        for (written, expected) in [
            ("€ 1.234,56", 1234.56),
            ("€1.234,56", 1234.56),
            ("1.234,56 EUR", 1234.56),
            ("1.234,56EUR", 1234.56),
            ("EUR 12,50", 12.5),
            ("EUR12,50", 12.5),
            ("12,50 euro", 12.5),
            ("R$ 1.234,56", 1234.56),
            ("kr 99,50", 99.5),
            ("99,50 kr", 99.5),
            ("99,50 kr.", 99.5),
            ("12,50 zł", 12.5),
            ("SEK 1 234,00", 1234.0),
            ("DKK 10,00", 10.0),
            ("NOK 10,50", 10.5),
            ("PLN 5,99", 5.99),
            ("CHF 5,20", 5.2),
        ] {
            assert_eq!(
                parse_number(text(written).view(), comma),
                Some(expected),
                "{written}"
            );
        }
    }

    #[test]
    fn prices_without_cents_written_with_a_dash() {
        let comma = NumberStyle::DecimalComma;
        let point = NumberStyle::DecimalPoint;
        // Swiss `12.-`, German and Austrian `12,-`: the dash stands for 00 cents.
        for written in ["CHF 12.-", "CHF 12.–", "12.-", "Fr. 12.—"] {
            assert_eq!(
                parse_number(text(written).view(), point),
                Some(12.0),
                "{written}"
            );
        }
        assert_eq!(
            parse_number(text("Fr. 1'250.-").view(), point),
            Some(1250.0)
        );
        assert_eq!(parse_number(text("1,250.-").view(), point), Some(1250.0));
        for written in ["12,- €", "12,-€", "€ 12,-", "12,–"] {
            assert_eq!(
                parse_number(text(written).view(), comma),
                Some(12.0),
                "{written}"
            );
        }
        assert_eq!(
            parse_number(text("1.250,- EUR").view(), comma),
            Some(1250.0)
        );
        // The separator before the dash is a decimal one: in the other style it is not a
        // number, like `12.50` in a decimal-comma column.
        assert_eq!(parse_number(text("12.-").view(), comma), None);
        assert_eq!(parse_number(text("12,-").view(), point), None);
        // And it is evidence for the column's style.
        let swiss = texts(&["CHF 12.-", "CHF 1'250.-", "1.250"]);
        assert_eq!(
            detect_number_style(swiss.iter().map(Cell::view)),
            NumberStyle::DecimalPoint
        );
        let german = texts(&["12,- €", "1.250 €"]);
        let style = detect_number_style(german.iter().map(Cell::view));
        assert_eq!(style, NumberStyle::DecimalComma);
        assert_eq!(parse_number(german[1].view(), style), Some(1250.0));
        for written in [".-", "12.--", "-.-", "12..-"] {
            assert_eq!(parse_number(text(written).view(), point), None, "{written}");
            assert_eq!(parse_number(text(written).view(), comma), None, "{written}");
        }
    }

    #[test]
    fn thousands_marks_in_every_style() {
        let comma = NumberStyle::DecimalComma;
        let point = NumberStyle::DecimalPoint;
        for written in [
            "1'234.50",
            "1’234.50",
            "1 234.50",
            "1,234.50",
            "CHF 1'234.50",
        ] {
            assert_eq!(
                parse_number(text(written).view(), point),
                Some(1234.5),
                "{written}"
            );
        }
        // Plain, no-break (U+00A0), narrow no-break (U+202F) and thin (U+2009) spaces.
        for written in [
            "1 234,56",
            "1\u{a0}234,56",
            "1\u{202f}234,56",
            "1\u{2009}234,56",
            "1\u{202f}234,56\u{a0}€",
            "1 234,56 €",
            "1.234,56",
            "1'234,56",
        ] {
            assert_eq!(
                parse_number(text(written).view(), comma),
                Some(1234.56),
                "{written:?}"
            );
        }
        assert_eq!(
            parse_number(text("1\u{202f}234\u{202f}567,8").view(), comma),
            Some(1_234_567.8)
        );
        let french = texts(&["1\u{202f}234,56 €", "12\u{a0}€", "3 500"]);
        assert_eq!(
            detect_number_style(french.iter().map(Cell::view)),
            NumberStyle::DecimalComma
        );
    }

    #[test]
    fn negatives_in_every_notation() {
        let point = NumberStyle::DecimalPoint;
        for written in [
            "-12",
            "−12",
            "–12",
            "12-",
            "12−",
            "12.00-",
            "(12.00)",
            "(12)",
            "-€12",
            "€-12",
            "€12-",
            "- 12",
            "12 -",
            "- € 12",
            "(€ 12.00)",
            "€ (12.00)",
            "12.00 USD-",
            "-12 USD",
            "USD -12",
        ] {
            assert_eq!(
                parse_number(text(written).view(), point),
                Some(-12.0),
                "{written}"
            );
        }
        let comma = NumberStyle::DecimalComma;
        assert_eq!(parse_number(text("1.234,50-").view(), comma), Some(-1234.5));
        assert_eq!(
            parse_number(text("1.234,50 €-").view(), comma),
            Some(-1234.5)
        );
        // Two signs are no amount.
        for written in ["--12", "-12-", "(-12)", "-(12)", "(12)-", "−-12", "12--"] {
            assert_eq!(parse_number(text(written).view(), point), None, "{written}");
        }
        assert_eq!(parse_number(text("+12").view(), point), Some(12.0));
    }

    #[test]
    fn texts_that_only_look_like_amounts_are_not_numbers() {
        for written in [
            "12-03-2026",
            "2026-03-12",
            "1.2.3",
            "1,2,3",
            "abc",
            "",
            "--",
            "-",
            "12 apples",
            "12 ft",
            "+39 333 1234567",
            "+39 02 1234 5678",
            "333-1234567",
            "€",
            "EUR",
            "12 € 50",
            "1 2",
        ] {
            for style in [NumberStyle::DecimalPoint, NumberStyle::DecimalComma] {
                assert_eq!(
                    parse_number(text(written).view(), style),
                    None,
                    "{written} {style:?}"
                );
            }
        }
    }

    #[test]
    fn a_longer_currency_mark_comes_before_any_it_begins_or_ends_with() {
        for (i, earlier) in CURRENCIES.iter().enumerate() {
            let earlier = earlier.to_lowercase();
            for later in &CURRENCIES[i + 1..] {
                let later = later.to_lowercase();
                assert!(
                    !later.starts_with(&earlier) && !later.ends_with(&earlier),
                    "{later} must come before {earlier}"
                );
            }
        }
    }

    #[test]
    fn whole_scores_are_read_in_either_decimal_style_and_with_labels() {
        let whole = |n| Some(ScoreValue::Whole(n));
        for (written, expected) in [
            ("9", whole(9)),
            (" 9 ", whole(9)),
            ("9.0", whole(9)),
            ("10.0", whole(10)),
            ("9,0", whole(9)),
            ("9,00", whole(9)),
            ("9/10", whole(9)),
            ("10 / 10", whole(10)),
            ("10 - Extremely likely", whole(10)),
            ("9 (Molto probabile)", whole(9)),
            ("10 (Extremely likely)", whole(10)),
            ("0 = Per niente", whole(0)),
            ("9.0 - Molto probabile", whole(9)),
            ("-1", whole(-1)),
            ("11", whole(11)),
        ] {
            assert_eq!(parse_score(text(written).view()), expected, "{written:?}");
        }
        assert_eq!(parse_score(Cell::Number(9.0).view()), whole(9));
    }

    #[test]
    fn fractions_are_numbers_but_not_whole_scores() {
        assert_eq!(
            parse_score(text("9.5").view()),
            Some(ScoreValue::NotWhole(9.5))
        );
        assert_eq!(
            parse_score(text("9,5").view()),
            Some(ScoreValue::NotWhole(9.5))
        );
        assert_eq!(
            parse_score(text("9,50").view()),
            Some(ScoreValue::NotWhole(9.5))
        );
        assert_eq!(
            parse_score(Cell::Number(9.5).view()),
            Some(ScoreValue::NotWhole(9.5))
        );
    }

    #[test]
    fn text_that_only_starts_with_a_number_is_not_a_score() {
        for written in [
            "03/11/2026",
            "10/10/2026",
            "9/100",
            "3/5",
            "10:15",
            "9-10",
            "5stelle",
            "molto",
            "",
            "9.0.1",
        ] {
            assert_eq!(parse_score(text(written).view()), None, "{written:?}");
        }
        assert_eq!(parse_score(Cell::Bool(true).view()), None);
        assert_eq!(parse_score(Cell::Number(f64::NAN).view()), None);
    }

    #[test]
    fn one_day_above_twelve_makes_the_whole_column_day_first() {
        let column = texts(&["05/03/2026", "13/02/2026", "01/04/2026"]);
        assert_eq!(
            detect_date_order(column.iter().map(Cell::view), Serials::AreNumbers),
            Some(DateOrder::Dmy)
        );
        assert_eq!(
            parse_datetime(column[0].view(), DateOrder::Dmy),
            Some(at(2026, 3, 5, 0, 0, 0))
        );
    }

    #[test]
    fn one_day_above_twelve_in_second_place_makes_the_column_month_first() {
        let column = texts(&["05/03/2026", "02/13/2026", "01/04/2026"]);
        assert_eq!(
            detect_date_order(column.iter().map(Cell::view), Serials::AreNumbers),
            Some(DateOrder::Mdy)
        );
        assert_eq!(
            parse_datetime(column[0].view(), DateOrder::Mdy),
            Some(at(2026, 5, 3, 0, 0, 0))
        );
    }

    #[test]
    fn ambiguous_days_are_day_first_unless_times_use_am_pm() {
        let column = texts(&["05/03/2026 10:15", "01/04/2026 18:00"]);
        assert_eq!(
            detect_date_order(column.iter().map(Cell::view), Serials::AreNumbers),
            Some(DateOrder::Dmy)
        );
        let column = texts(&["5/3/2026 10:15:32 AM", "1/4/2026 6:00:00 PM"]);
        assert_eq!(
            detect_date_order(column.iter().map(Cell::view), Serials::AreNumbers),
            Some(DateOrder::Mdy)
        );
        assert_eq!(
            parse_datetime(column[1].view(), DateOrder::Mdy),
            Some(at(2026, 1, 4, 18, 0, 0))
        );
    }

    #[test]
    fn twelve_am_is_midnight_and_twelve_pm_is_noon() {
        assert_eq!(
            parse_datetime(text("3/5/2026 12:30 AM").view(), DateOrder::Mdy),
            Some(at(2026, 3, 5, 0, 30, 0))
        );
        assert_eq!(
            parse_datetime(text("3/5/2026 12:30 PM").view(), DateOrder::Mdy),
            Some(at(2026, 3, 5, 12, 30, 0))
        );
        assert_eq!(
            parse_datetime(text("3/5/2026 13:30 PM").view(), DateOrder::Mdy),
            None
        );
    }

    #[test]
    fn italian_google_forms_times_use_points() {
        assert_eq!(
            parse_datetime(text("03/11/2026 10.15.32").view(), DateOrder::Dmy),
            Some(at(2026, 11, 3, 10, 15, 32))
        );
    }

    #[test]
    fn separators_two_digit_years_and_fractional_seconds() {
        let expected = Some(at(2026, 3, 5, 0, 0, 0));
        for written in [
            "05-03-2026",
            "05.03.2026",
            "5/3/26",
            "2026-03-05",
            "2026/3/5",
        ] {
            assert_eq!(
                parse_datetime(text(written).view(), DateOrder::Dmy),
                expected,
                "{written}"
            );
        }
        let precise =
            parse_datetime(text("2026-03-05 10:15:32.250").view(), DateOrder::Ymd).unwrap();
        assert_eq!(
            precise,
            at(2026, 3, 5, 10, 15, 32) + TimeDelta::milliseconds(250)
        );
        assert_eq!(
            parse_datetime(text("05/03/2026").view(), DateOrder::Ymd),
            None
        );
        assert_eq!(
            parse_datetime(text("31/02/2026").view(), DateOrder::Dmy),
            None
        );
        assert_eq!(
            parse_datetime(text("05/03/2026 25:00").view(), DateOrder::Dmy),
            None
        );
    }

    #[test]
    fn iso_dates_are_year_first_and_utc_z_is_kept() {
        let column = texts(&["2026-03-05T10:15:32Z", "2026-03-06T08:00:00Z"]);
        assert_eq!(
            detect_date_order(column.iter().map(Cell::view), Serials::AreNumbers),
            Some(DateOrder::Ymd)
        );
        assert_eq!(
            parse_datetime(column[0].view(), DateOrder::Ymd),
            Some(at(2026, 3, 5, 10, 15, 32))
        );
    }

    #[test]
    fn time_zone_offsets_are_applied_to_get_utc() {
        let cases = [
            ("2026-03-05 10:15:00 +02:00", at(2026, 3, 5, 8, 15, 0)),
            ("2026-03-05T10:15:00+0200", at(2026, 3, 5, 8, 15, 0)),
            ("2026-03-05 10:15 UTC", at(2026, 3, 5, 10, 15, 0)),
            ("2026-03-05 10:15 GMT+1", at(2026, 3, 5, 9, 15, 0)),
            ("2026-03-05 22:30:00 -05:00", at(2026, 3, 6, 3, 30, 0)),
            ("05/03/2026 00:30 +01:00", at(2026, 3, 4, 23, 30, 0)),
        ];
        for (written, expected) in cases {
            assert_eq!(
                parse_datetime(text(written).view(), DateOrder::Dmy),
                Some(expected),
                "{written}"
            );
        }
        assert_eq!(
            parse_datetime(text("2026-03-05 10:15 CET").view(), DateOrder::Ymd),
            None
        );
    }

    #[test]
    fn iso_forms_with_fractions_and_slashes() {
        assert_eq!(
            parse_datetime(text("2026-03-12T10:22:01.000Z").view(), DateOrder::Dmy),
            Some(at(2026, 3, 12, 10, 22, 1))
        );
        assert_eq!(
            parse_datetime(text("2026-03-12 10:22:01.123456").view(), DateOrder::Mdy),
            Some(at(2026, 3, 12, 10, 22, 1) + TimeDelta::microseconds(123_456))
        );
        for order in DATE_ORDERS {
            assert_eq!(
                parse_datetime(text("2026/03/12").view(), order),
                Some(at(2026, 3, 12, 0, 0, 0))
            );
        }
    }

    #[test]
    fn dates_with_a_month_name_in_any_order_and_language() {
        let march_12 = Some(at(2026, 3, 12, 0, 0, 0));
        for written in [
            "March 12, 2026",
            "Mar 12, 2026",
            "Mar. 12 2026",
            "March 12th, 2026",
            "12 Mar 2026",
            "12 mar 2026",
            "12 MAR 2026",
            "12Mar2026",
            "12 marzo 2026",
            "12-Mar-26",
            "12-mar-2026",
            "12/mar/2026",
            "12. März 2026",
            "12. Mär. 2026",
            "12 Mrz 2026",
            "12. maerz 2026",
            "12 mars 2026",
            "12 de marzo de 2026",
            "12 de marzo del 2026",
            "2026-Mar-12",
            // Day names are skipped, right or wrong (12 March 2026 is a Thursday).
            "Thu, 12 Mar 2026",
            "Thursday, March 12, 2026",
            "giovedì 12 marzo 2026",
            "gio 12 mar 2026",
            "mar 12 mar 2026",
            "jeudi 12 mars 2026",
            "jeu. 12 mars 2026",
            "jueves, 12 de marzo de 2026",
            "Donnerstag, den 12. März 2026",
            "Do., 12. März 2026",
            "lun. 12 mars 2026",
        ] {
            for order in DATE_ORDERS {
                assert_eq!(
                    parse_datetime(text(written).view(), order),
                    march_12,
                    "{written}"
                );
            }
        }
        let march_1 = Some(at(2026, 3, 1, 0, 0, 0));
        for written in [
            "1st Mar 2026",
            "1er mars 2026",
            "1º de marzo de 2026",
            "1° marzo 2026",
        ] {
            assert_eq!(
                parse_datetime(text(written).view(), DateOrder::Dmy),
                march_1,
                "{written}"
            );
        }
    }

    #[test]
    fn month_names_and_abbreviations_in_five_languages() {
        for (written, month) in [
            ("12 gen 2026", 1),
            ("12 ene 2026", 1),
            ("12 janv. 2026", 1),
            ("12 Jänner 2026", 1),
            ("12 Feb 2026", 2),
            ("12 févr. 2026", 2),
            ("12 fevrier 2026", 2),
            ("12 FÉVRIER 2026", 2),
            ("12 mär 2026", 3),
            ("12 märz 2026", 3),
            ("12 avr. 2026", 4),
            ("12 abr 2026", 4),
            ("12 aprile 2026", 4),
            ("12 mag 2026", 5),
            ("12 mai 2026", 5),
            ("12 may 2026", 5),
            ("12 mayo 2026", 5),
            ("12 giu 2026", 6),
            ("12 juin 2026", 6),
            ("12 Juni 2026", 6),
            ("12 lug 2026", 7),
            ("12 juil. 2026", 7),
            ("12 julio 2026", 7),
            ("12 ago 2026", 8),
            ("12 aoû 2026", 8),
            ("12 août 2026", 8),
            ("12 sept 2026", 9),
            ("12 Sept. 2026", 9),
            ("12 set 2026", 9),
            ("12 septiembre 2026", 9),
            ("12 okt 2026", 10),
            ("12 ott 2026", 10),
            ("12 oct. 2026", 10),
            ("12 nov 2026", 11),
            ("12 dic 2026", 12),
            ("12 dez 2026", 12),
            ("12 déc. 2026", 12),
            ("12 DÉC 2026", 12),
            ("12 Dezember 2026", 12),
        ] {
            assert_eq!(
                parse_datetime(text(written).view(), DateOrder::Dmy),
                Some(at(2026, month, 12, 0, 0, 0)),
                "{written}"
            );
        }
    }

    #[test]
    fn a_month_name_each_month_in_one_row_only() {
        for (i, names) in MONTH_NAMES.iter().enumerate() {
            for name in *names {
                assert_eq!(month_number(name), Some(i as u32 + 1), "{name}");
                assert!(name.bytes().all(|b| b.is_ascii_lowercase()), "{name}");
            }
        }
    }

    #[test]
    fn dates_with_a_month_name_and_a_time() {
        assert_eq!(
            parse_datetime(text("Mar 12, 2026 10:22:01 AM").view(), DateOrder::Dmy),
            Some(at(2026, 3, 12, 10, 22, 1))
        );
        assert_eq!(
            parse_datetime(text("12-Mar-26 10:22:01 PM").view(), DateOrder::Ymd),
            Some(at(2026, 3, 12, 22, 22, 1))
        );
        assert_eq!(
            parse_datetime(text("12 mar 2026, 10.22").view(), DateOrder::Dmy),
            Some(at(2026, 3, 12, 10, 22, 0))
        );
        // RFC 2822, as mail and RSS write it: +0100 is an hour ahead of UTC.
        assert_eq!(
            parse_datetime(
                text("Tue, 12 Mar 2026 10:22:01 +0100").view(),
                DateOrder::Mdy
            ),
            Some(at(2026, 3, 12, 9, 22, 1))
        );
        assert_eq!(
            parse_datetime(text("12 Mar 2026 00:30 +01:00").view(), DateOrder::Dmy),
            Some(at(2026, 3, 11, 23, 30, 0))
        );
    }

    #[test]
    fn month_names_without_a_whole_date_are_not_dates() {
        for written in [
            "Mar 2026",
            "marzo 2026",
            "12 Mar",
            "Mar 12",
            "Mar 12 10:22",
            "12 jui 2026",
            "12 apples 2026",
            "Marzo",
            "Tue",
            "Tue, 2026",
            "32 Mar 2026",
            "31 Feb 2026",
            "12 Mar 2026 foo",
            "12 Mar 202",
            "Mario Rossi",
            "mar 12 ven",
        ] {
            for order in DATE_ORDERS {
                assert_eq!(
                    parse_datetime(text(written).view(), order),
                    None,
                    "{written}"
                );
            }
        }
    }

    #[test]
    fn a_column_of_month_name_dates_is_a_date_column() {
        let column = texts(&["12 Mar 2026", "13 mar 2026", "1 Apr 2026", ""]);
        let order = detect_date_order(column.iter().map(Cell::view), Serials::AreNumbers);
        assert!(order.is_some());
        let read: Vec<_> = column[..3]
            .iter()
            .map(|cell| parse_datetime(cell.view(), order.unwrap()))
            .collect();
        assert_eq!(
            read,
            vec![
                Some(at(2026, 3, 12, 0, 0, 0)),
                Some(at(2026, 3, 13, 0, 0, 0)),
                Some(at(2026, 4, 1, 0, 0, 0))
            ]
        );
        // Beside numeric dates they vote for no order, so the numbers still decide it.
        let mixed = texts(&["12 Mar 2026", "05/03/2026", "06/03/2026"]);
        assert_eq!(
            detect_date_order(mixed.iter().map(Cell::view), Serials::AreNumbers),
            Some(DateOrder::Dmy)
        );
        let mixed = texts(&["12 Mar 2026", "03/13/2026"]);
        assert_eq!(
            detect_date_order(mixed.iter().map(Cell::view), Serials::AreNumbers),
            Some(DateOrder::Mdy)
        );
        // An AM/PM time still says month first for the ambiguous ones.
        let mixed = texts(&["Mar 12, 2026 10:22:01 AM", "5/3/2026 10:15:32 AM"]);
        assert_eq!(
            detect_date_order(mixed.iter().map(Cell::view), Serials::AreNumbers),
            Some(DateOrder::Mdy)
        );
        let months = texts(&["Mar 2026", "Apr 2026", "May 2026"]);
        assert_eq!(
            detect_date_order(months.iter().map(Cell::view), Serials::AreNumbers),
            None
        );
    }

    #[test]
    fn a_column_that_is_mostly_not_dates_is_not_dates() {
        let column = texts(&["05/03/2026", "domani", "ieri", "9"]);
        assert_eq!(
            detect_date_order(column.iter().map(Cell::view), Serials::AreNumbers),
            None
        );
        let scores = texts(&["9", "10", "7.5", "1.234"]);
        assert_eq!(
            detect_date_order(scores.iter().map(Cell::view), Serials::AreNumbers),
            None
        );
        // Missing values do not count against a date column.
        let column = texts(&["05/03/2026", "", "N/A", "06/03/2026"]);
        assert_eq!(
            detect_date_order(column.iter().map(Cell::view), Serials::AreNumbers),
            Some(DateOrder::Dmy)
        );
    }

    #[test]
    fn spreadsheet_dates_count_and_serial_numbers_only_when_the_column_is_named_a_date() {
        let march_5 = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        let column = [Cell::Date(march_5), Cell::DateTime(at(2026, 3, 6, 9, 0, 0))];
        assert!(detect_date_order(column.iter().map(Cell::view), Serials::AreNumbers).is_some());
        let serials = [Cell::Number(46086.0), text("46087.25"), text("46088,5")];
        assert_eq!(
            detect_date_order(serials.iter().map(Cell::view), Serials::AreNumbers),
            None
        );
        assert!(detect_date_order(serials.iter().map(Cell::view), Serials::AreDates).is_some());
        // Amounts outside the serial range stay numbers even in a date column.
        let amounts = [Cell::Number(12.5), text("1999")];
        assert_eq!(
            detect_date_order(amounts.iter().map(Cell::view), Serials::AreDates),
            None
        );
        assert_eq!(
            parse_datetime(Cell::Date(march_5).view(), DateOrder::Dmy),
            Some(at(2026, 3, 5, 0, 0, 0))
        );
    }

    #[test]
    fn best_date_order_reads_a_chosen_column_however_few_dates_it_has() {
        let column = texts(&["05/03/2026", "domani", "ieri", "13/03/2026", "9"]);
        assert_eq!(
            detect_date_order(column.iter().map(Cell::view), Serials::AreNumbers),
            None
        );
        assert_eq!(
            best_date_order(column.iter().map(Cell::view)),
            Some(DateOrder::Dmy)
        );
        let month_first = texts(&["03/13/2026", "domani", "ieri"]);
        assert_eq!(
            best_date_order(month_first.iter().map(Cell::view)),
            Some(DateOrder::Mdy)
        );
        let serials = [Cell::Number(46086.0), text("domani"), text("ieri")];
        assert!(best_date_order(serials.iter().map(Cell::view)).is_some());
        assert_eq!(
            best_date_order(texts(&["domani", ""]).iter().map(Cell::view)),
            None
        );
    }

    #[test]
    fn unix_seconds_and_milliseconds_are_utc_date_times() {
        // 1777882522 s after 1970-01-01 UTC is 2026-05-04 08:15:22 UTC.
        let column = texts(&["1777882522", "1778025310", ""]);
        assert!(detect_date_order(column.iter().map(Cell::view), Serials::AreNumbers).is_some());
        assert_eq!(
            parse_datetime(column[0].view(), DateOrder::Ymd),
            Some(at(2026, 5, 4, 8, 15, 22))
        );
        assert_eq!(
            parse_datetime(column[1].view(), DateOrder::Dmy),
            Some(at(2026, 5, 5, 23, 55, 10))
        );
        assert_eq!(
            parse_datetime(text("1777882522250").view(), DateOrder::Ymd),
            Some(at(2026, 5, 4, 8, 15, 22) + TimeDelta::milliseconds(250))
        );
    }

    #[test]
    fn eight_digit_dates_only_in_a_column_of_them() {
        let column = texts(&[
            "20260312", "20260313", "20251231", "", "19900101", "21001231",
        ]);
        let order = detect_date_order(column.iter().map(Cell::view), Serials::AreNumbers);
        assert_eq!(order, Some(DateOrder::Ymd));
        assert_eq!(
            parse_datetime(column[0].view(), DateOrder::Dmy),
            Some(at(2026, 3, 12, 0, 0, 0))
        );
        assert_eq!(
            parse_datetime(text("20260312 10:22:01").view(), DateOrder::Mdy),
            Some(at(2026, 3, 12, 10, 22, 1))
        );
        // Beside day-first dates they vote for no order.
        let mixed = texts(&["20260312", "13/03/2026"]);
        assert_eq!(
            detect_date_order(mixed.iter().map(Cell::view), Serials::AreNumbers),
            Some(DateOrder::Dmy)
        );
        for code in [
            "19891231", // before 1990
            "21010101", // after 2100
            "20261301", // month 13
            "20260230", // 30 February
            "20260300", // day 0
            "12345678",
            "96385074", // an EAN-8 barcode
            "2026031",  // 7 digits
            "202603120",
        ] {
            assert_eq!(
                parse_datetime(text(code).view(), DateOrder::Ymd),
                None,
                "{code}"
            );
        }
        // Codes and barcodes: a few happen to be valid dates, far from the share of a date
        // column.
        let codes = texts(&[
            "96385074", "20260312", "40123455", "12345670", "73513537", "20241105", "55123457",
            "80052760", "31415926", "27182818",
        ]);
        assert_eq!(
            detect_date_order(codes.iter().map(Cell::view), Serials::AreNumbers),
            None
        );
        // A number cell is an amount or a code: only text is read this way.
        assert_eq!(
            parse_datetime(Cell::Number(20_260_312.0).view(), DateOrder::Ymd),
            None
        );
    }

    #[test]
    fn phone_and_account_numbers_are_not_unix_time() {
        for number in [
            "3471234567",   // Italian mobile: 2079
            "2125551234",   // New York number: 2037
            "0212345678",   // Milan landline, leading zero
            "583920174",    // 9 digits
            "123456789012", // 12 digits
            "946684799",    // one second before 2000, 9 digits anyway
        ] {
            assert_eq!(unix_time(number), None, "{number}");
        }
        assert_eq!(unix_time("0946684800"), None);
        assert!(unix_time("946684800").is_none());
        assert!(unix_time("1999999999").is_some());
        assert!(unix_time("2000000000").is_none());
        let phones = texts(&["3471234567", "3389876543"]);
        assert_eq!(
            detect_date_order(phones.iter().map(Cell::view), Serials::AreNumbers),
            None
        );
    }

    #[test]
    fn times_of_day_in_their_own_column() {
        let time = |h, m, s| NaiveTime::from_hms_opt(h, m, s);
        assert_eq!(parse_time_of_day(text("13:45:10").view()), time(13, 45, 10));
        assert_eq!(parse_time_of_day(text(" 9.05 ").view()), time(9, 5, 0));
        assert_eq!(parse_time_of_day(text("6:00 PM").view()), time(18, 0, 0));
        assert_eq!(parse_time_of_day(Cell::Number(0.75).view()), time(18, 0, 0));
        assert_eq!(
            parse_time_of_day(Cell::DateTime(at(2026, 3, 5, 7, 30, 0)).view()),
            time(7, 30, 0)
        );
        assert_eq!(parse_time_of_day(text("25:00").view()), None);
        assert_eq!(parse_time_of_day(text("mattina").view()), None);
        assert_eq!(parse_time_of_day(Cell::Number(3.0).view()), None);
    }

    #[test]
    fn excel_serial_numbers_are_read_only_in_the_serial_range() {
        // 46086 days after 1899-12-30 is 2026-03-05; .5 is noon, .25 six in the morning.
        assert_eq!(
            parse_datetime(Cell::Number(46086.5).view(), DateOrder::Dmy),
            Some(at(2026, 3, 5, 12, 0, 0))
        );
        // As a CSV written from the sheet holds them, in either decimal style.
        assert_eq!(
            parse_datetime(text("46086.25").view(), DateOrder::Dmy),
            Some(at(2026, 3, 5, 6, 0, 0))
        );
        assert_eq!(
            parse_datetime(text("46086,5").view(), DateOrder::Ymd),
            Some(at(2026, 3, 5, 12, 0, 0))
        );
        assert_eq!(
            parse_datetime(text("46086").view(), DateOrder::Dmy),
            Some(at(2026, 3, 5, 0, 0, 0))
        );
        assert_eq!(parse_datetime(text("4608.6").view(), DateOrder::Dmy), None);
        assert_eq!(
            parse_datetime(text("46086.5 €").view(), DateOrder::Dmy),
            None
        );
        assert_eq!(
            parse_datetime(Cell::Number(9.0).view(), DateOrder::Dmy),
            None
        );
        assert_eq!(
            parse_datetime(Cell::Number(123_456.0).view(), DateOrder::Dmy),
            None
        );
    }

    #[test]
    fn hostile_numbers_give_none_and_never_panic() {
        let huge = [
            f64::MAX,
            -1e300,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN,
        ];
        for n in huge {
            let cell = Cell::Number(n);
            assert_eq!(excel_serial(cell.view()), None, "{n}");
            assert_eq!(parse_datetime(cell.view(), DateOrder::Dmy), None, "{n}");
            assert_eq!(parse_time_of_day(cell.view()), None, "{n}");
            // Written out in full (309 digits for f64::MAX) or as Rust prints it.
            for written in [format!("{n}"), format!("{n:e}"), format!("{n:.3}")] {
                let cell = text(&written);
                assert_eq!(excel_serial(cell.view()), None, "{written}");
                assert_eq!(
                    parse_datetime(cell.view(), DateOrder::Ymd),
                    None,
                    "{written}"
                );
                assert_eq!(parse_time_of_day(cell.view()), None, "{written}");
            }
        }
        // The serial path's own arithmetic, below the range check, is checked too.
        for n in huge {
            assert_eq!(excel_serial_datetime(n), None, "{n}");
        }
        // Digits past i64 in a Unix-time-shaped or serial-shaped text.
        for written in [
            "99999999999999999999",
            "9999999999999",
            "99999999999.5",
            "46086.99999999999999",
        ] {
            let cell = text(written);
            assert!(parse_datetime(cell.view(), DateOrder::Ymd).is_none_or(|d| d.year() < 2200));
        }
        // A number too long for f64 is not infinity.
        let long = format!("1{}", "0".repeat(400));
        assert_eq!(
            parse_number(text(&long).view(), NumberStyle::DecimalPoint),
            None
        );
        assert_eq!(
            parse_number(Cell::Number(f64::NAN).view(), NumberStyle::DecimalPoint),
            None
        );
        assert_eq!(
            parse_number(
                Cell::Number(f64::INFINITY).view(),
                NumberStyle::DecimalComma
            ),
            None
        );
        assert_eq!(
            parse_number(
                text(&format!("{}", f64::MAX)).view(),
                NumberStyle::DecimalPoint
            ),
            Some(f64::MAX)
        );
    }
}
