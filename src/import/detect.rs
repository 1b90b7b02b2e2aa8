//! Decides what a file holds (survey answers, orders, engagement) and the role of each column,
//! by evidence rather than by layout: every column is described by what its header says (the
//! words of [`crate::import::vocabulary`], in five languages) and by what its values are
//! (dates, money, 0-10 scores, 1-5 stars, emails, codes, short labels, free text). Each kind of
//! file states what it needs (orders: a date, an amount and a customer or order key; answers:
//! a 0-10 column; reviews: 1-5 stars...), and the kind whose needs the columns meet best wins.
//!
//! Known export layouts (Google Forms, Shopify, ...) are still recognised by name so the owner
//! sees that Fidelio understood their tool, but nothing depends on it: with recognition
//! switched off ([`DetectOptions::recognise_layouts`]) every file must give the same figures,
//! which the metamorphic tests check.
//!
//! When the columns almost meet a kind's needs (orders with no column named as an amount, say),
//! detection does not give up: it asks the owner one [`Question`] with the candidate columns.

use std::borrow::Cow;

use crate::import::roles::{FileKind, Role};
use crate::import::table::{CellRef, HeadedTable, Row};
use crate::import::values::{
    NumberStyle, ScoreValue, Serials, detect_date_order, detect_number_style, has_currency_mark,
    is_missing, parse_number, parse_score, parse_stars, unix_time,
};
pub use crate::import::vocabulary::normalize_header;
use crate::import::vocabulary::{Field, names, strength};

/// Choices that change how detection works; the defaults are what the app and CLI use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DetectOptions {
    /// Recognise known export layouts by name. Off in tests, to prove the evidence alone gives
    /// the same roles and figures.
    pub recognise_layouts: bool,
    /// The kind the owner said the file holds: detection then only finds its columns.
    pub kind: Option<FileKind>,
}

impl Default for DetectOptions {
    fn default() -> Self {
        DetectOptions {
            recognise_layouts: true,
            kind: None,
        }
    }
}

/// What a column's values mostly are, as said to the owner on the Data page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// Dates or date-times.
    Date,
    /// Amounts of money (currency signs, two decimals).
    Money,
    /// Whole numbers from 0 to 10.
    Score0To10,
    /// Whole numbers from 1 to 5.
    Stars1To5,
    /// Other numbers.
    Number,
    /// Email addresses.
    Email,
    /// Codes or ids (no spaces, with digits).
    Code,
    /// Short labels repeated across rows.
    Label,
    /// Free text of several words.
    Text,
}

/// Why a column got its role: what its values are, in what share of the filled rows, and
/// whether its header says so too.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Evidence {
    /// What the values mostly are.
    pub values: Option<ValueKind>,
    /// Share of the filled rows (0-100) holding that kind of value.
    pub percent: u8,
    /// The header names the role.
    pub header: bool,
}

/// A question detection asks the owner when the columns nearly make a kind of file: "Which
/// column is the amount paid?", with the columns that could be it.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    /// What the file would be once answered.
    pub kind: FileKind,
    /// The role asked for.
    pub role: Role,
    /// Columns that could hold it, the likeliest first.
    pub candidates: Vec<usize>,
}

/// What detection decided for one file.
#[derive(Clone, Debug, PartialEq)]
pub struct Detection {
    /// What the file holds.
    pub kind: FileKind,
    /// The export layout recognised by name, e.g. "Google Forms (Italian)".
    pub layout: Option<&'static str>,
    /// One role per column, in column order.
    pub roles: Vec<Role>,
    /// Why each column got its role, in column order.
    pub evidence: Vec<Evidence>,
    /// What to ask the owner when the file is not understood yet.
    pub question: Option<Question>,
}

fn is_recommend_question(h: &str) -> bool {
    names(Field::Recommend, h)
}

fn is_score_header(h: &str) -> bool {
    is_recommend_question(h) || names(Field::Score, h)
}

fn is_date_header(h: &str) -> bool {
    names(Field::Date, h)
}

/// Later-in-the-process dates (submitted, completed) describe the answer better than start dates.
fn date_header_preference(h: &str) -> u8 {
    if names(Field::LateStep, h) {
        3
    } else if names(Field::EarlyStep, h) {
        1
    } else {
        2
    }
}

fn is_store_header(h: &str) -> bool {
    // "Online shop score (0-10)" rates the shop; it does not name one.
    names(Field::Store, h) && !is_score_header(h)
}

fn is_name_header(h: &str) -> bool {
    names(Field::Name, h)
}

/// Columns that hold short labels but no category to compare NPS by: ids and codes, who
/// answered, where from, in which language, the answer itself or its NPS group, and survey
/// tools' bookkeeping.
fn is_not_a_category_header(h: &str) -> bool {
    names(Field::RowId, h)
        || is_name_header(h)
        || names(Field::CustomerId, h)
        || is_score_header(h)
        || h.split(' ').any(|w| w.len() > 2 && w.ends_with("id"))
        || names(Field::NotCategory, h)
}

/// At most this many columns are made "other category" automatically.
const MAX_AUTOMATIC_SEGMENTS: usize = 2;

/// A category with more values than this is too fine to compare NPS by.
const MAX_CATEGORY_VALUES: usize = 20;

/// A column whose values look like a category to compare NPS by: mostly filled with short
/// labels, at least two different ones, each used twice on average, and not too many.
fn looks_categorical(h: &str, p: &ColumnProfile, rows: usize) -> bool {
    !is_not_a_category_header(h)
        && !p.is_dates
        && p.emails == 0
        && mostly(p.filled, rows)
        && mostly(p.labels, p.filled)
        && (2..=MAX_CATEGORY_VALUES).contains(&p.distinct_labels)
        && p.distinct_labels * 2 <= p.filled
}

/// How a column's values look, summarised once so each rule can ask cheap questions.
#[derive(Debug, Default)]
struct ColumnProfile {
    filled: usize,
    integers_0_10: usize,
    /// Star ratings from 1 to 5 however written: `4`, `4.0`, `4,5`, `FOUR`, `★★★★☆`.
    stars: usize,
    /// Numbers of any kind (either decimal style, currency marks allowed).
    numbers: usize,
    /// Numbers written as money: a currency mark, or exactly two decimals.
    money: usize,
    max_integer: Option<i64>,
    /// Every value is a whole number, each larger than the one above: a running number.
    ascending_integers: bool,
    emails: usize,
    long_texts: usize,
    /// Texts of one to four words made of letters only: people's names, places, products.
    wordy: usize,
    /// Values without spaces that hold a digit: order numbers, codes, ids.
    codes: usize,
    /// Codes of three characters or more: an order number, not a small count or score.
    long_codes: usize,
    /// Short texts that could name a category: not numbers, dates, emails, addresses or links.
    labels: usize,
    /// Different labels, ignoring case (counted up to a little past [`MAX_CATEGORY_VALUES`]).
    distinct_labels: usize,
    /// A value differs from the one above it (runs of repeated values count once).
    changes: usize,
    /// Different values in all (counted up to [`PROFILE_ROWS`]).
    distinct: usize,
    /// Values that are the only filled cell of their row: a report's group headings.
    alone: usize,
    is_dates: bool,
}

impl ColumnProfile {
    fn numeric(&self) -> bool {
        self.filled > 0 && mostly(self.numbers, self.filled)
    }

    fn money_like(&self) -> bool {
        self.numeric() && self.money * 2 >= self.filled
    }

    /// Values that repeat only in runs (an order's lines) or not at all (one row per order).
    fn keys_in_runs(&self) -> bool {
        self.filled > 0 && self.distinct == self.changes
    }

    /// What the values mostly are, and in what share of the filled rows.
    fn kind(&self) -> Option<(ValueKind, usize)> {
        let share = |n: usize| n * 100 / self.filled.max(1);
        let candidates = [
            (self.is_dates, ValueKind::Date, self.filled),
            (
                mostly(self.emails, self.filled),
                ValueKind::Email,
                self.emails,
            ),
            (
                mostly(self.stars, self.filled) && !self.money_like(),
                ValueKind::Stars1To5,
                self.stars,
            ),
            (
                mostly(self.integers_0_10, self.filled),
                ValueKind::Score0To10,
                self.integers_0_10,
            ),
            (self.money_like(), ValueKind::Money, self.numbers),
            (self.numeric(), ValueKind::Number, self.numbers),
            (mostly(self.codes, self.filled), ValueKind::Code, self.codes),
            (
                mostly(self.long_texts, self.filled),
                ValueKind::Text,
                self.long_texts,
            ),
            (
                mostly(self.labels, self.filled),
                ValueKind::Label,
                self.labels,
            ),
        ];
        (self.filled > 0)
            .then(|| {
                candidates
                    .into_iter()
                    .find(|(fits, _, _)| *fits)
                    .map(|(_, kind, n)| (kind, share(n)))
            })
            .flatten()
    }
}

/// Fewer values than this in increasing order can still be a few scores that happen to rise.
const RUNNING_NUMBER_MIN_VALUES: usize = 6;

/// Rows a column's profile looks at. Roles are clear long before this; a 500,000-line export
/// would otherwise be profiled whole for every column. Parsing still decides the date order
/// from the whole column.
const PROFILE_ROWS: usize = 20_000;

/// Summarises one column's values. `header` is the column's normalized name: Unix times and
/// Excel serial numbers count as dates only under a header that names a date, since a column
/// of 10-digit numbers may as well be account numbers, and one of 5-digit numbers amounts.
fn profile(table: &HeadedTable, column: usize, header: &str) -> ColumnProfile {
    let mut p = ColumnProfile {
        ascending_integers: true,
        ..ColumnProfile::default()
    };
    let mut distinct_labels = std::collections::HashSet::new();
    // Borrowed from the table: this runs on up to PROFILE_ROWS cells of every column.
    let mut distinct: std::collections::HashSet<Cow<str>> = std::collections::HashSet::new();
    let mut previous: Option<i64> = None;
    let mut previous_text: Option<Cow<str>> = None;
    let mut unix_times = 0usize;
    // An order's lines repeat its date, customer and number: a text like the one above says
    // what that one said, without being read again.
    let mut last: Option<(&str, CellFacts)> = None;
    for cell in table.column(column).take(PROFILE_ROWS) {
        if is_missing(cell) {
            continue;
        }
        p.filled += 1;
        let repeat = match (cell, last) {
            (CellRef::Text(text), Some((before, facts))) if before == text => Some(facts),
            _ => None,
        };
        let facts = match repeat {
            Some(facts) => facts,
            None => {
                let (facts, label) = cell_facts(cell);
                let display: Cow<str> = match cell {
                    CellRef::Text(text) => Cow::Borrowed(text.trim()),
                    other => Cow::Owned(other.display()),
                };
                if previous_text.as_deref() != Some(display.as_ref()) {
                    p.changes += 1;
                }
                distinct.insert(display.clone());
                if let Some(label) = label
                    && distinct_labels.len() <= MAX_CATEGORY_VALUES
                {
                    distinct_labels.insert(label);
                }
                previous_text = Some(display);
                facts
            }
        };
        last = match cell {
            CellRef::Text(text) => Some((text, facts)),
            _ => None,
        };
        let whole = facts.whole;
        p.ascending_integers &= whole.is_some_and(|n| previous.is_none_or(|before| n > before));
        previous = whole;
        if let Some(n) = whole {
            if (0..=10).contains(&n) {
                p.integers_0_10 += 1;
            }
            p.max_integer = Some(p.max_integer.map_or(n, |m| m.max(n)));
        }
        let count = |yes: bool| usize::from(yes);
        p.stars += count(facts.stars);
        p.numbers += count(facts.number);
        p.money += count(facts.money);
        unix_times += count(facts.unix_time);
        p.emails += count(facts.email);
        p.long_texts += count(facts.long_text);
        p.wordy += count(facts.wordy);
        p.codes += count(facts.code);
        p.long_codes += count(facts.long_code);
        p.labels += count(facts.label);
    }
    p.distinct_labels = distinct_labels.len();
    p.distinct = distinct.len();
    p.ascending_integers &= p.filled >= RUNNING_NUMBER_MIN_VALUES;
    let unix_column = mostly(unix_times, p.filled);
    // Excel serial numbers (a date column saved as General) are dates only under a header that
    // names a date: elsewhere 46082 is as likely an amount or a code.
    let named_date = is_date_header(header);
    let serials = if named_date {
        Serials::AreDates
    } else {
        Serials::AreNumbers
    };
    p.is_dates = detect_date_order(table.column(column).take(PROFILE_ROWS), serials).is_some()
        && (!unix_column || named_date);
    p
}

/// What one filled cell says of its column, for [`profile`].
#[derive(Clone, Copy, Default)]
struct CellFacts {
    /// The whole number it holds.
    whole: Option<i64>,
    /// A star rating from 1 to 5, in halves.
    stars: bool,
    number: bool,
    money: bool,
    unix_time: bool,
    email: bool,
    long_text: bool,
    wordy: bool,
    code: bool,
    long_code: bool,
    label: bool,
}

/// What `cell` (filled) says of its column, and the label it is in lower case when it is one.
fn cell_facts(cell: CellRef<'_>) -> (CellFacts, Option<String>) {
    let mut facts = CellFacts {
        whole: parse_score(cell).and_then(ScoreValue::whole),
        ..CellFacts::default()
    };
    let number = parse_number(cell, NumberStyle::DecimalPoint)
        .or_else(|| parse_number(cell, NumberStyle::DecimalComma));
    // Stars written in words or signs (`FOUR`, `★★★★☆`) are read only where no number is.
    let stars = number.or_else(|| {
        matches!(cell, CellRef::Text(_))
            .then(|| parse_stars(cell, NumberStyle::DecimalPoint))
            .flatten()
    });
    facts.stars = stars.is_some_and(|n| (1.0..=5.0).contains(&n) && (n * 2.0).fract() == 0.0);
    facts.number = number.is_some();
    let display: Cow<str> = match cell {
        CellRef::Text(text) => Cow::Borrowed(text.trim()),
        other => Cow::Owned(other.display()),
    };
    if matches!(cell, CellRef::Number(n) if n.fract() != 0.0) {
        facts.money = true;
    } else if number.is_some() {
        let two_decimals = display
            .rsplit_once(['.', ','])
            .is_some_and(|(_, d)| d.len() == 2 && d.bytes().all(|b| b.is_ascii_digit()));
        facts.money = two_decimals || has_currency_mark(&display);
    }
    facts.unix_time = matches!(cell, CellRef::Text(text) if unix_time(text).is_some());
    let mut label = None;
    if let CellRef::Text(text) = cell {
        let text = text.trim();
        facts.email = text.contains('@') && text.contains('.') && !text.contains(' ');
        let words = text.split_whitespace().count();
        facts.long_text = words >= 4;
        facts.wordy = (1..4).contains(&words)
            && text
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, ' ' | '\'' | '-' | '.'));
        if text.len() <= 40
            && text.contains(|c: char| c.is_ascii_digit())
            && text
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '#' | '-' | '_' | '/' | '.'))
        {
            facts.code = true;
            facts.long_code = text.chars().count() >= 3;
        }
        if is_label(cell, text) {
            facts.label = true;
            label = Some(text.to_lowercase());
        }
    } else if let CellRef::Number(n) = cell
        && n.fract() == 0.0
    {
        facts.code = true;
        facts.long_code = n.abs() >= 100.0;
    }
    (facts, label)
}

/// A short text that could name a category ("Milano Brera", "Online", "Tè verde"): not a
/// number or score, not a date, not an email, an IP address or a link, fewer than four words.
fn is_label(cell: CellRef<'_>, text: &str) -> bool {
    let text = text.trim();
    let ip_address = text.split('.').count() == 4
        && text
            .split('.')
            .all(|part| (1..=3).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()));
    !text.is_empty()
        && text.split_whitespace().count() < 4
        && !text.contains('@')
        && !text.contains("://")
        && !ip_address
        && parse_score(cell).is_none()
        && parse_number(cell, NumberStyle::DecimalPoint).is_none()
        && parse_number(cell, NumberStyle::DecimalComma).is_none()
        && detect_date_order(std::iter::once(cell), Serials::AreNumbers).is_none()
}

fn mostly(part: usize, whole: usize) -> bool {
    whole > 0 && part * 10 >= whole * 8
}

/// Survey tools Fidelio recognises by their headers.
fn recognise_layout(normalized: &[String]) -> Option<&'static str> {
    let has = |name: &str| normalized.iter().any(|h| h == name);
    let has_prefix = |prefix: &str| normalized.iter().any(|h| h.starts_with(prefix));
    if has("informazioni cronologiche") {
        Some("Google Forms (Italian)")
    } else if has("timestamp") && normalized.first().is_some_and(|h| h == "timestamp") {
        Some("Google Forms (English)")
    } else if has("respondent id") && has("collector id") {
        Some("SurveyMonkey")
    } else if has("network id") || (has("#") && has_prefix("submit date")) {
        Some("Typeform")
    } else if has("start time") && has("completion time") {
        Some("Microsoft Forms")
    } else if has("response id") && has("recorded date") {
        Some("Qualtrics")
    } else if (has("submitdate") && has("lastpage") && has("startlanguage"))
        || (has("date submitted") && has("last page") && has("start language"))
    {
        Some("LimeSurvey")
    } else if has("submission id") && has("respondent id") && has("submitted at") {
        Some("Tally")
    } else {
        None
    }
}

/// Order exports Fidelio recognises by name, from their headers (any case, accents or
/// punctuation). Only a label for the owner: reading an export never depends on it.
pub fn detect_order_layout(headers: &[String]) -> Option<&'static str> {
    let normalized: Vec<String> = headers.iter().map(|h| normalize_header(h)).collect();
    recognise_order_layout(&normalized)
}

/// Shopify's orders export.
pub const SHOPIFY: &str = "Shopify orders";
/// WooCommerce orders (Advanced Order Export and the Analytics download).
pub const WOOCOMMERCE: &str = "WooCommerce orders";
/// Square's item sales report.
pub const SQUARE_ITEMS: &str = "Square item sales";
/// Square's transactions report.
pub const SQUARE_TRANSACTIONS: &str = "Square transactions";
/// SumUp's sales report.
pub const SUMUP: &str = "SumUp sales report";
/// Etsy's sold orders (one row per order).
pub const ETSY_ORDERS: &str = "Etsy sold orders";
/// Etsy's sold order items (one row per item).
pub const ETSY_ITEMS: &str = "Etsy sold order items";
/// The UCI Online Retail II invoice lines.
pub const ONLINE_RETAIL: &str = "Online Retail II (UCI)";
/// An Italian accountant's sales register: document number, date, customer, amount.
pub const ITALIAN_LEDGER: &str = "Italian accountant's sheet";
/// Shopware 5's order export (one row per position; statuses as numeric codes).
pub const SHOPWARE5: &str = "Shopware 5 orders";

fn recognise_order_layout(normalized: &[String]) -> Option<&'static str> {
    let has = |name: &str| normalized.iter().any(|h| h == name);
    let starts = |prefix: &str| normalized.iter().any(|h| h.starts_with(prefix));
    if has("financial status") && (has("lineitem quantity") || has("lineitem name")) {
        Some(SHOPIFY)
    } else if has("order total amount")
        || has("email billing")
        || (has("order #") && has("items sold") && has("net sales"))
    {
        Some(WOOCOMMERCE)
    } else if has("transaction id") && has("payment id") && has("total collected") {
        Some(SQUARE_TRANSACTIONS)
    } else if has("transaction id") && has("payment id") && has("net sales") && has("qty") {
        Some(SQUARE_ITEMS)
    } else if (has("receipt number") && has("price gross"))
        || (has("transaktionsnummer") && has("preis brutto"))
    {
        Some(SUMUP)
    } else if has("sale date") && has("order id") && has("item name") {
        Some(ETSY_ITEMS)
    } else if has("sale date")
        && has("order id")
        && (has("adjusted order total") || has("buyer user id"))
    {
        Some(ETSY_ORDERS)
    } else if has("invoice") && has("stock code") && has("invoice date") {
        Some(ONLINE_RETAIL)
    } else if (starts("n documento") || has("numero documento")) && starts("importo") {
        Some(ITALIAN_LEDGER)
    } else if has("order id") && has("order detail id") && has("cleared") && has("invoice amount") {
        Some(SHOPWARE5)
    } else {
        None
    }
}

/// How well a date column's name says "when the order was placed": later events (paid,
/// shipped, refunded, paid out, due) come last, then unnamed date columns.
fn order_date_preference(h: &str) -> u8 {
    if names(Field::OrderLaterStep, h) {
        0
    } else if names(Field::OrderPlaced, h) {
        3
    } else if is_date_header(h) {
        2
    } else {
        1
    }
}

/// The columns and their profiles, asked by every rule.
struct Columns<'a> {
    normalized: &'a [String],
    profiles: &'a [ColumnProfile],
}

impl Columns<'_> {
    fn len(&self) -> usize {
        self.normalized.len()
    }

    /// The free column whose header names `field` most strongly and whose values pass
    /// `values`; leftmost on a tie.
    fn best(
        &self,
        roles: &[Role],
        field: Field,
        values: impl Fn(&ColumnProfile) -> bool,
    ) -> Option<usize> {
        (0..self.len())
            .filter(|&i| roles[i] == Role::Ignore && values(&self.profiles[i]))
            .filter_map(|i| strength(field, &self.normalized[i]).map(|s| (s, self.tie_break(i))))
            .max()
            .map(|(_, (.., i))| i)
    }

    /// Gives `role` to the best free column for `field` whose values pass `values`.
    fn assign(
        &self,
        roles: &mut [Role],
        role: Role,
        field: Field,
        values: impl Fn(&ColumnProfile) -> bool,
    ) -> Option<usize> {
        if roles.contains(&role) {
            return None;
        }
        let found = self.best(roles, field, values)?;
        roles[found] = role;
        Some(found)
    }

    /// Gives an amount role to the free numeric column whose header names `field`: a header
    /// that is exactly a term first, then money-like values, then the strongest words.
    fn assign_amount(&self, roles: &mut [Role], role: Role, field: Field) {
        if roles.contains(&role) {
            return;
        }
        let found = (0..self.len())
            .filter(|&i| roles[i] == Role::Ignore && amount_like(&self.profiles[i]))
            .filter_map(|i| {
                strength(field, &self.normalized[i])
                    .map(|s| (s.exact, self.profiles[i].money_like(), s, self.tie_break(i)))
            })
            .max()
            .map(|(.., (_, _, i))| i);
        if let Some(i) = found {
            roles[i] = role;
        }
    }

    /// Between columns equally named, the fuller one, then by header, so that the order of
    /// the columns never decides (Amazon's fulfillment-, sales- and order-channel).
    fn tie_break(&self, i: usize) -> (usize, std::cmp::Reverse<&str>, usize) {
        (
            self.profiles[i].filled,
            std::cmp::Reverse(self.normalized[i].as_str()),
            i,
        )
    }

    /// Gives the email role to the column of customers' addresses: named so with mostly
    /// addresses, or mostly addresses whatever its name; with `skip_merchant`, not the shop's
    /// own account (SumUp's "Account").
    fn assign_email(&self, roles: &mut [Role], skip_merchant: bool) {
        let email = (0..self.len())
            .filter(|&i| roles[i] == Role::Ignore && !(skip_merchant && self.is_merchant(i)))
            .filter(|&i| {
                let p = &self.profiles[i];
                (names(Field::Email, &self.normalized[i]) && p.emails * 2 >= p.filled)
                    || mostly(p.emails, p.filled) && p.filled > 0
            })
            // The customers' addresses, not the shop's own one repeated on every row (PayPal's
            // recipient): more different values first.
            .max_by_key(|&i| {
                (
                    self.profiles[i].distinct > 1,
                    strength(Field::Email, &self.normalized[i]),
                    self.profiles[i].distinct,
                    self.tie_break(i),
                )
            });
        if let Some(i) = email {
            roles[i] = Role::Email;
        }
    }

    fn is_merchant(&self, i: usize) -> bool {
        names(Field::Merchant, &self.normalized[i])
    }
}

/// Values that can be a customer's name: mostly words of letters, or a column with few values
/// where detection cannot tell (a one-row file).
fn name_like(p: &ColumnProfile) -> bool {
    p.filled == 0 || mostly(p.wordy, p.filled)
}

/// Values that can be an amount.
fn amount_like(p: &ColumnProfile) -> bool {
    p.filled == 0 || p.numeric()
}

/// Values that can be an order number: some, and not dates, free text or emails (an empty
/// "Invoice ID" beside Stripe's payment ids numbers nothing).
fn order_key_like(p: &ColumnProfile) -> bool {
    p.filled > 0 && !p.is_dates && p.emails == 0 && p.long_texts * 2 < p.filled
}

/// Roles for a file of orders: the date it was placed, who bought (email, id, phone, name),
/// where (store, channel), and the order-only columns (order number, amounts, quantity, unit
/// price, product, status). An amount found only by its values, or an order number found only
/// by how its values repeat, is taken when no header names one.
fn order_roles(c: &Columns) -> Vec<Role> {
    let mut roles = vec![Role::Ignore; c.len()];
    let date = (0..c.len())
        .filter(|&i| c.profiles[i].is_dates)
        .max_by_key(|&i| {
            (
                order_date_preference(&c.normalized[i]),
                std::cmp::Reverse(i),
            )
        });
    if let Some(i) = date {
        roles[i] = Role::Date;
    }
    // Header-named order-only columns first: money columns are the most specific words. Among
    // headers that only contain an amount word, values written as money win ("Order Total"
    // over "Total Shipped", a count).
    c.assign_amount(&mut roles, Role::LineAmount, Field::LineAmount);
    c.assign_amount(&mut roles, Role::OrderTotal, Field::Total);
    c.assign(&mut roles, Role::Quantity, Field::Quantity, amount_like);
    c.assign(&mut roles, Role::UnitPrice, Field::UnitPrice, amount_like);
    c.assign(&mut roles, Role::OrderId, Field::OrderId, order_key_like);
    c.assign_email(&mut roles, true);
    c.assign(&mut roles, Role::CustomerId, Field::CustomerId, |_| true);
    // The phone actually written: an order's own "Phone" is often empty beside "Billing Phone".
    let phone = (0..c.len())
        .filter(|&i| roles[i] == Role::Ignore && !c.is_merchant(i))
        .filter_map(|i| {
            strength(Field::Phone, &c.normalized[i])
                .map(|s| (c.profiles[i].filled, s, std::cmp::Reverse(i)))
        })
        .max()
        .map(|(_, _, std::cmp::Reverse(i))| i);
    if let Some(i) = phone {
        roles[i] = Role::Phone;
    }
    c.assign(&mut roles, Role::Status, Field::Status, |p| !p.numeric());
    c.assign(&mut roles, Role::Product, Field::Product, |p| !p.numeric());
    c.assign(&mut roles, Role::Category, Field::ProductCategory, |p| {
        !p.numeric()
    });
    let name = (0..c.len())
        .filter(|&i| roles[i] == Role::Ignore && name_like(&c.profiles[i]))
        .filter(|&i| !names(Field::Merchant, &c.normalized[i]) && !is_item_name(&c.normalized[i]))
        .filter_map(|i| strength(Field::Name, &c.normalized[i]).map(|s| (s, std::cmp::Reverse(i))))
        .max()
        .map(|(_, std::cmp::Reverse(i))| i);
    if let Some(i) = name {
        roles[i] = Role::Name;
    }
    c.assign(&mut roles, Role::Store, Field::Store, |p| !p.numeric());
    c.assign(&mut roles, Role::Channel, Field::OrderChannel, |_| true);
    c.assign(&mut roles, Role::Channel, Field::OrderSource, |_| true);
    if !roles.contains(&Role::OrderId)
        && let Some(i) = order_number_by_values(c, &roles)
    {
        roles[i] = Role::OrderId;
    }
    // A report grouped by customer names each group on a row of its own ("Brooks Café" above
    // that customer's invoices): with no other customer column, those headings are the name.
    let keyed = roles
        .iter()
        .any(|r| matches!(r, Role::Email | Role::CustomerId | Role::Phone | Role::Name));
    if !keyed
        && let Some(i) = (0..c.len()).find(|&i| {
            let p = &c.profiles[i];
            roles[i] == Role::Ignore && p.alone >= 2 && p.alone * 2 >= p.filled
        })
    {
        roles[i] = Role::Name;
    }
    // Only money written as money (a currency mark, two decimals) is taken without asking:
    // a column of whole numbers may as well be scores, counts or codes.
    if !has_amount(&roles) {
        let money: Vec<usize> = amount_candidates(c, &roles)
            .into_iter()
            .filter(|&i| c.profiles[i].money_like())
            .collect();
        if let [only] = money.as_slice() {
            roles[*only] = Role::OrderTotal;
        }
    }
    roles
}

/// A name that belongs to what was sold, a price point, a device or a person on the shop's
/// side, not to the customer ("Item Name", "Device Name", "Staff Name").
fn is_item_name(h: &str) -> bool {
    names(Field::Product, h)
        || names(Field::UnitPrice, h)
        || names(Field::Store, h)
        || names(Field::Merchant, h)
}

fn has_amount(roles: &[Role]) -> bool {
    roles
        .iter()
        .any(|r| matches!(r, Role::OrderTotal | Role::LineAmount | Role::UnitPrice))
}

/// Columns nobody named whose values are money: the candidates for "which column is the
/// amount paid?", the likeliest (money-like, then most numbers) first.
fn amount_candidates(c: &Columns, roles: &[Role]) -> Vec<usize> {
    let mut found: Vec<usize> = (0..c.len())
        .filter(|&i| roles[i] == Role::Ignore)
        .filter(|&i| {
            let p = &c.profiles[i];
            p.numeric()
                && !p.is_dates
                && !p.ascending_integers
                && !names(Field::RowId, &c.normalized[i])
                && !names(Field::Phone, &c.normalized[i])
                // Stars and scores are numbers too, written 5,00 by some platforms.
                && !names(Field::Rating, &c.normalized[i])
                && !is_score_header(&c.normalized[i])
                && (p.money_like() || p.max_integer.is_none_or(|m| m > 10))
        })
        .collect();
    found.sort_by_key(|&i| {
        let p = &c.profiles[i];
        (!p.money_like(), std::cmp::Reverse(p.numbers), i)
    });
    found
}

/// A column whose values look like order numbers without a header saying so (Shopify's
/// "Name" holds `#1001`): codes that repeat only on consecutive lines, not money, not names.
fn order_number_by_values(c: &Columns, roles: &[Role]) -> Option<usize> {
    (0..c.len())
        .filter(|&i| roles[i] == Role::Ignore)
        .filter(|&i| {
            let p = &c.profiles[i];
            mostly(p.codes, p.filled)
                && mostly(p.long_codes, p.filled)
                && p.keys_in_runs()
                && p.distinct * 20 >= p.filled
                && !p.money_like()
                && !p.is_dates
                && !names(Field::Phone, &c.normalized[i])
                && !names(Field::CustomerId, &c.normalized[i])
                && !names(Field::Merchant, &c.normalized[i])
                && !names(Field::Card, &c.normalized[i])
        })
        // A column with one value says nothing about orders unless nothing else fits; then the
        // fullest, one named an id, fewer distinct values (an order's lines share its number, a
        // line id does not), then by name, so column order never decides.
        .min_by_key(|&i| {
            let p = &c.profiles[i];
            (
                p.distinct < 2,
                // Written on every line (Shopify's "Name") before only on an order's first.
                std::cmp::Reverse(p.filled),
                // A column its header calls an id or number, before codes named otherwise.
                !names(Field::RowId, &c.normalized[i]),
                p.distinct,
                &c.normalized[i],
            )
        })
}

/// How well each kind of file fits the columns, from what they need and what the columns have.
#[derive(Debug, Default)]
struct Fits {
    survey: u32,
    orders: u32,
    engagement: u32,
}

fn kind_fits(c: &Columns, roles: &[Role], score: Option<usize>, options: &DetectOptions) -> Fits {
    let has = |field: Field, values: &dyn Fn(&ColumnProfile) -> bool| {
        (0..c.len()).any(|i| names(field, &c.normalized[i]) && values(&c.profiles[i]))
    };
    let any_value = |_: &ColumnProfile| true;
    let countable = |p: &ColumnProfile| p.filled == 0 || p.numeric();
    let mut fits = Fits::default();
    let survey_layout = options.recognise_layouts && recognise_layout(c.normalized).is_some();
    let order_layout = options.recognise_layouts && recognise_order_layout(c.normalized).is_some();
    let dated = c.profiles.iter().any(|p| p.is_dates);

    if let Some(i) = score {
        let h = &c.normalized[i];
        fits.survey = if is_recommend_question(h) {
            100
        } else if survey_layout {
            90
        } else if is_score_header(h) {
            60
        } else if dated {
            30
        } else {
            0
        };
    }

    // Orders: a date, an amount (or quantity × price) and who bought or which order.
    let amount_named = roles.iter().enumerate().any(|(i, r)| {
        matches!(r, Role::OrderTotal | Role::LineAmount | Role::UnitPrice)
            && (names(Field::Total, &c.normalized[i])
                || names(Field::LineAmount, &c.normalized[i])
                || names(Field::UnitPrice, &c.normalized[i]))
    });
    let amount = has_amount(roles);
    let order_key = roles.contains(&Role::OrderId);
    let customer_key = roles
        .iter()
        .any(|r| matches!(r, Role::Email | Role::CustomerId | Role::Phone | Role::Name));
    let date = roles.contains(&Role::Date);
    if date && amount && (order_key || customer_key) {
        fits.orders = 20
            + if amount_named { 30 } else { 15 }
            + if order_key { 30 } else { 15 }
            + if roles.contains(&Role::Quantity) {
                5
            } else {
                0
            };
    }
    if order_layout {
        fits.orders = fits.orders.max(50) + 50;
    }

    // Engagement: stars, points or a card, events, or a post's reach and reactions.
    let stars = |p: &ColumnProfile| {
        p.filled == 0
            || mostly(p.stars, p.filled)
            || (p.numeric() && p.max_integer.is_none_or(|m| m <= 5))
    };
    let reviews = if has(Field::Rating, &|p| stars(p) && !is_score_like_survey(p)) {
        if c.normalized.iter().any(|h| names(Field::ReviewText, h)) {
            65
        } else {
            55
        }
    } else {
        0
    };
    let social = if has(Field::Reach, &countable)
        || has(Field::Interactions, &countable)
        || (has(Field::Likes, &countable) && has(Field::Shares, &countable))
    {
        60
    } else if has(Field::Likes, &countable) || has(Field::Shares, &countable) {
        40
    } else {
        0
    };
    let loyalty = if has(Field::PointsEarned, &countable) || has(Field::Card, &any_value) {
        50
    } else if has(Field::MemberSince, &any_value) {
        35
    } else {
        0
    };
    let events = if (0..c.len()).any(|i| {
        strength(Field::EventType, &c.normalized[i]).is_some_and(|s| s.words > 1 || !s.exact)
            || matches!(
                c.normalized[i].as_str(),
                "event" | "evento" | "azione" | "action"
            )
    }) {
        45
    } else if has(Field::EventType, &|p| !p.numeric()) && customer_key && date {
        20
    } else {
        0
    };
    fits.engagement = reviews.max(social).max(loyalty).max(events);
    fits
}

/// A column that a survey would read as 0-10 answers reaching above 5, not 1-5 stars.
fn is_score_like_survey(p: &ColumnProfile) -> bool {
    p.numeric() && mostly(p.integers_0_10, p.filled) && p.max_integer.is_some_and(|m| m > 5)
}

/// Decides the file kind and a role for every column, recognising known layouts by name.
pub fn detect(table: &HeadedTable) -> Detection {
    detect_with(table, &DetectOptions::default())
}

/// Decides the file kind and a role for every column.
pub fn detect_with(table: &HeadedTable, options: &DetectOptions) -> Detection {
    let normalized: Vec<String> = table.headers.iter().map(|h| normalize_header(h)).collect();
    let mut profiles: Vec<ColumnProfile> = (0..table.headers.len())
        .map(|i| profile(table, i, &normalized[i]))
        .collect();
    for row in table.rows.iter().take(PROFILE_ROWS) {
        let mut filled = row.iter().enumerate().filter(|&(_, c)| !is_missing(c));
        if let (Some((only, _)), None) = (filled.next(), filled.next())
            && let Some(p) = profiles.get_mut(only)
        {
            p.alone += 1;
        }
    }
    let columns = Columns {
        normalized: &normalized,
        profiles: &profiles,
    };
    let layout = options
        .recognise_layouts
        .then(|| recognise_layout(&normalized))
        .flatten();
    let score = pick_score_column(&normalized, &profiles);
    // The roles the columns would have as orders: asked by the fit, the question and the
    // roles of an order file alike, so found once.
    let as_orders = with_sale_before_tips(table, &normalized, order_roles(&columns));
    let fits = kind_fits(&columns, &as_orders, score, options);
    let best = fits.survey.max(fits.orders).max(fits.engagement);
    let kind = if let Some(kind) = options.kind {
        kind
    } else if best == 0 {
        FileKind::Unknown
    } else if fits.survey == best {
        FileKind::Survey
    } else if fits.orders == best {
        FileKind::Orders
    } else {
        FileKind::Engagement
    };
    let (roles, layout, question) = match kind {
        FileKind::Orders => {
            let question = ask(&columns, &as_orders);
            let roles = as_orders;
            (
                roles,
                options
                    .recognise_layouts
                    .then(|| recognise_order_layout(&normalized))
                    .flatten(),
                question,
            )
        }
        FileKind::Survey => (
            survey_roles(&columns, score, table.rows.len()),
            layout,
            None,
        ),
        FileKind::Engagement => {
            let mut roles = survey_roles(&columns, score, table.rows.len());
            for role in roles.iter_mut().filter(|r| **r == Role::Score) {
                *role = Role::Ignore;
            }
            (roles, layout, None)
        }
        FileKind::Unknown => {
            let roles = survey_roles(&columns, None, table.rows.len());
            (roles, layout, ask(&columns, &as_orders))
        }
    };
    let evidence = (0..normalized.len())
        .map(|i| evidence_for(&columns, i, roles[i]))
        .collect();
    Detection {
        kind,
        layout,
        roles,
        evidence,
        question,
    }
}

/// The order roles with the sale's own amount as the total where a tip column shows the
/// total holds the tips (Toast's Amount + Tip = Total): tips are the staff's, not revenue. Read
/// from the values, so the Data page shows the column that is counted.
fn with_sale_before_tips(
    table: &HeadedTable,
    normalized: &[String],
    mut roles: Vec<Role>,
) -> Vec<Role> {
    let total = roles.iter().position(|r| *r == Role::OrderTotal);
    // Every tip column (Tip, Gratuity) is tried: one that is always zero shows nothing.
    let found = total.and_then(|total| {
        (0..normalized.len())
            .filter(|&i| roles[i] == Role::Ignore && names(Field::Tip, &normalized[i]))
            .find_map(|tip| amount_before_tips(table, normalized, total, tip))
            .map(|amount| (total, amount))
    });
    if let Some((total, amount)) = found
        && roles[amount] == Role::Ignore
    {
        roles[total] = Role::Ignore;
        roles[amount] = Role::OrderTotal;
    }
    roles
}

/// Rows looked at to tell whether a total holds the tips.
const TIP_ROWS: usize = 2_000;

/// The amount column that, with the tip, makes the total on most rows (Toast's Amount + Tip =
/// Total): that amount is the sale; the tip is the staff's.
fn amount_before_tips(
    table: &HeadedTable,
    normalized: &[String],
    total: usize,
    tip: usize,
) -> Option<usize> {
    let style = detect_number_style(table.column(total).take(TIP_ROWS));
    let number = |row: Row<'_>, c: usize| row.get(c).and_then(|cell| parse_number(cell, style));
    (0..normalized.len())
        .filter(|&c| c != total && c != tip && names(Field::Total, &normalized[c]))
        .find(|&c| {
            let (mut rows, mut fits) = (0usize, 0usize);
            for row in table.rows.iter().take(TIP_ROWS) {
                if let (Some(t), Some(a)) = (number(row, total), number(row, c)) {
                    rows += 1;
                    let tip = number(row, tip).unwrap_or(0.0);
                    fits += usize::from((a + tip - t).abs() < 0.005 && tip != 0.0 || a == t);
                }
            }
            let tipped = table
                .rows
                .iter()
                .take(TIP_ROWS)
                .any(|row| number(row, tip).is_some_and(|t| t != 0.0));
            tipped && rows > 0 && fits * 10 >= rows * 8
        })
}
/// The question for a file no kind fits yet: with a date and someone or some order to count,
/// only the amount is missing, and the owner can say which column it is.
fn ask(c: &Columns, order_roles: &[Role]) -> Option<Question> {
    let dated = order_roles.contains(&Role::Date);
    let keyed = order_roles.iter().any(|r| {
        matches!(
            r,
            Role::OrderId | Role::Email | Role::CustomerId | Role::Phone | Role::Name
        )
    });
    if dated && keyed && !has_amount(order_roles) {
        let candidates = amount_candidates(c, order_roles);
        if !candidates.is_empty() {
            return Some(Question {
                kind: FileKind::Orders,
                role: Role::OrderTotal,
                candidates,
            });
        }
    }
    // Whole numbers 0-10 that no header calls a score: maybe the answers of a survey.
    let scores: Vec<usize> = (0..c.len())
        .filter(|&i| {
            let p = &c.profiles[i];
            is_score_like_survey(p)
                && !p.ascending_integers
                && !names(Field::RowId, &c.normalized[i])
        })
        .collect();
    (!scores.is_empty()).then_some(Question {
        kind: FileKind::Survey,
        role: Role::Score,
        candidates: scores,
    })
}

/// The field whose words a role's header would use, to say whether the header agrees.
fn field_of(role: Role) -> Option<Field> {
    Some(match role {
        Role::Date => Field::Date,
        Role::Score => Field::Recommend,
        Role::Comment => Field::Comment,
        Role::Email => Field::Email,
        Role::Name => Field::Name,
        Role::Phone => Field::Phone,
        Role::CustomerId => Field::CustomerId,
        Role::Store => Field::Store,
        Role::Channel => Field::Channel,
        Role::OrderId => Field::OrderId,
        Role::OrderTotal => Field::Total,
        Role::LineAmount => Field::LineAmount,
        Role::Quantity => Field::Quantity,
        Role::UnitPrice => Field::UnitPrice,
        Role::Product => Field::Product,
        Role::Category => Field::ProductCategory,
        Role::Status => Field::Status,
        Role::Rating => Field::Rating,
        Role::PointsEarned => Field::PointsEarned,
        Role::PointsRedeemed => Field::PointsRedeemed,
        Role::EventType => Field::EventType,
        Role::Reach => Field::Reach,
        Role::Likes => Field::Likes,
        Role::Comments => Field::Comments,
        Role::Shares => Field::Shares,
        Role::Interactions => Field::Interactions,
        Role::PostType => Field::PostType,
        Role::Ignore | Role::Segment => return None,
    })
}

/// What the values of a column are and whether its header names `role`.
fn evidence_for(c: &Columns, i: usize, role: Role) -> Evidence {
    let h = &c.normalized[i];
    let header = field_of(role).is_some_and(|field| {
        names(field, h)
            || (role == Role::Score && is_score_header(h))
            || (role == Role::Channel && names(Field::OrderSource, h))
            || (role == Role::Channel && names(Field::OrderChannel, h))
            || (role == Role::Date && names(Field::OrderPlaced, h))
    });
    let p = &c.profiles[i];
    // Small whole numbers are scores or stars only for those roles; a quantity of 2 is a
    // number.
    let kind = match p.kind() {
        Some((ValueKind::Score0To10 | ValueKind::Stars1To5, _))
            if !matches!(role, Role::Score | Role::Rating) =>
        {
            Some((ValueKind::Number, p.numbers * 100 / p.filled.max(1)))
        }
        other => other,
    };
    let (values, percent) = kind.map_or((None, 0), |(kind, share)| {
        (Some(kind), share.min(100) as u8)
    });
    Evidence {
        values,
        percent,
        header,
    }
}

/// Roles for survey answers (and, without the score, for engagement files): the date, who
/// answered, the comment, store, channel and up to two other categories.
fn survey_roles(c: &Columns, score: Option<usize>, rows: usize) -> Vec<Role> {
    let mut roles = vec![Role::Ignore; c.len()];
    if let Some(i) = score {
        roles[i] = Role::Score;
    }
    // Dates: a header that says date and values that parse, the latest-in-process first.
    let date = (0..roles.len())
        .filter(|&i| roles[i] == Role::Ignore && c.profiles[i].is_dates)
        .max_by_key(|&i| {
            let h = &c.normalized[i];
            (
                is_date_header(h),
                date_header_preference(h),
                std::cmp::Reverse(i),
            )
        });
    if let Some(i) = date {
        roles[i] = Role::Date;
    }
    c.assign_email(&mut roles, false);
    c.assign(&mut roles, Role::Comment, Field::Comment, |p| {
        !p.numeric() || p.filled == 0
    });
    let store = (0..c.len())
        .filter(|&i| roles[i] == Role::Ignore && is_store_header(&c.normalized[i]))
        .max_by_key(|&i| {
            (
                strength(Field::Store, &c.normalized[i]),
                std::cmp::Reverse(i),
            )
        });
    if let Some(i) = store {
        roles[i] = Role::Store;
    }
    c.assign(&mut roles, Role::Channel, Field::Channel, |_| true);
    c.assign(&mut roles, Role::Phone, Field::Phone, |_| true);
    c.assign(&mut roles, Role::CustomerId, Field::CustomerId, |_| true);
    c.assign(&mut roles, Role::Name, Field::Name, |_| true);
    // A free-text column nobody named: the longest texts are most likely the comment.
    if !roles.contains(&Role::Comment)
        && let Some(i) = (0..roles.len())
            .filter(|&i| {
                roles[i] == Role::Ignore && c.profiles[i].long_texts * 3 >= c.profiles[i].filled
            })
            .filter(|&i| c.profiles[i].long_texts > 0)
            .max_by_key(|&i| (c.profiles[i].long_texts, std::cmp::Reverse(i)))
    {
        roles[i] = Role::Comment;
    }

    // Other categories: NPS by any categorical column, without the owner mapping it first.
    let mut segments: Vec<usize> = (0..roles.len())
        .filter(|&i| {
            roles[i] == Role::Ignore && looks_categorical(&c.normalized[i], &c.profiles[i], rows)
        })
        .collect();
    segments.sort_by_key(|&i| (!names(Field::NamesCategory, &c.normalized[i]), i));
    for i in segments.into_iter().take(MAX_AUTOMATIC_SEGMENTS) {
        roles[i] = Role::Segment;
    }
    roles
}

/// The score column: the recommendation question if present, else a column named like a score,
/// else a column whose values are all whole numbers 0-10 reaching above 5 (so 1-5 stars are not
/// taken for an NPS scale) and that is not a row number.
///
/// Several columns may be named so: Qualtrics adds an NPS group (1-3) beside the answer, under
/// the same question text. A column named as a group comes last; then the question before a
/// mere score name, values 0-10 before other values, a scale reaching above 5 before a shorter
/// one, and the leftmost column.
fn pick_score_column(normalized: &[String], profiles: &[ColumnProfile]) -> Option<usize> {
    let numeric = |p: &ColumnProfile| p.filled > 0 && mostly(p.integers_0_10, p.filled);
    let recommend = |i: usize| is_recommend_question(&normalized[i]) && profiles[i].filled > 0;
    (0..normalized.len())
        .filter(|&i| {
            recommend(i) || is_score_header(&normalized[i]) && profiles[i].max_integer.is_some()
        })
        .max_by_key(|&i| {
            (
                !names(Field::DerivedFromScore, &normalized[i]),
                recommend(i),
                numeric(&profiles[i]),
                profiles[i].max_integer.is_some_and(|m| m > 5),
                std::cmp::Reverse(i),
            )
        })
        .or_else(|| {
            (0..normalized.len()).find(|&i| {
                numeric(&profiles[i])
                    && profiles[i].max_integer.is_some_and(|m| m > 5)
                    && !profiles[i].is_dates
                    && !profiles[i].ascending_integers
                    && !names(Field::RowId, &normalized[i])
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::table::Cell;

    fn table(headers: &[&str], rows: &[&[&str]]) -> HeadedTable {
        HeadedTable::from_text_rows(headers, rows)
    }

    #[test]
    fn a_column_scoring_the_shop_is_not_the_store() {
        let t = table(
            &[
                "Date",
                "How likely are you to recommend us?",
                "Online shop score (0-10)",
                "Comment",
            ],
            &[
                &["01/03/2026", "10", "3", "Great staff"],
                &["02/03/2026", "9", "4", "Slow website"],
            ],
        );
        let d = detect(&t);
        assert_eq!(d.roles[2], Role::Ignore);
        assert_eq!(d.roles[1], Role::Score);
    }

    #[test]
    fn normalize_header_drops_accents_case_and_punctuation() {
        assert_eq!(normalize_header("  Perché?  "), "perche");
        assert_eq!(normalize_header("E-mail address"), "e mail address");
        assert_eq!(normalize_header("Submit Date (UTC)"), "submit date utc");
    }

    #[test]
    fn italian_google_forms_columns_get_their_roles() {
        let t = table(
            &[
                "Informazioni cronologiche",
                "Indirizzo email",
                "Quanto è probabile che consiglieresti il negozio a un amico?",
                "Perché?",
                "Punto vendita",
            ],
            &[
                &[
                    "03/11/2026 10.15.32",
                    "anna@example.it",
                    "9",
                    "Personale molto gentile e preparato",
                    "Milano",
                ],
                &[
                    "04/11/2026 11.00.01",
                    "",
                    "3",
                    "Attesa troppo lunga alla cassa",
                    "Verona",
                ],
            ],
        );
        let d = detect(&t);
        assert_eq!(d.kind, FileKind::Survey);
        assert_eq!(d.layout, Some("Google Forms (Italian)"));
        assert_eq!(
            d.roles,
            vec![
                Role::Date,
                Role::Email,
                Role::Score,
                Role::Comment,
                Role::Store
            ]
        );
    }

    #[test]
    fn unnamed_tool_with_plain_headers_is_a_survey() {
        let t = table(
            &[
                "Data di invio",
                "Nome",
                "E-mail",
                "Da 0 a 10 quanto ci consiglieresti?",
                "Commenti",
                "Sede",
            ],
            &[&[
                "2026-03-14 09:05:11",
                "Luca",
                "luca@x.it",
                "10",
                "Ottimo",
                "Padova",
            ]],
        );
        let d = detect(&t);
        assert_eq!(d.kind, FileKind::Survey);
        assert_eq!(
            d.roles,
            vec![
                Role::Date,
                Role::Name,
                Role::Email,
                Role::Score,
                Role::Comment,
                Role::Store
            ]
        );
    }

    #[test]
    fn star_ratings_are_not_taken_for_a_recommendation_score() {
        let rows: Vec<[&str; 2]> = (0..20)
            .map(|i| ["01/02/2026", ["1", "3", "5", "4"][i % 4]])
            .collect();
        let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
        let t = table(&["Data", "Stelle"], &rows);
        let d = detect(&t);
        assert_eq!(d.kind, FileKind::Engagement);
        assert!(!d.roles.contains(&Role::Score));
    }

    /// Twelve rows of (score, NPS group) as Qualtrics exports them.
    const QUALTRICS_SCORES: [(&str, &str); 12] = [
        ("10", "3"),
        ("9", "3"),
        ("6", "1"),
        ("8", "2"),
        ("", ""),
        ("10", "3"),
        ("3", "1"),
        ("7", "2"),
        ("9", "3"),
        ("0", "1"),
        ("10", "3"),
        ("8", "2"),
    ];

    fn qualtrics_table(group_header: &str, score_header: &str) -> HeadedTable {
        let rows: Vec<[&str; 3]> = QUALTRICS_SCORES
            .iter()
            .map(|&(score, group)| ["2026-03-02 09:14:05", group, score])
            .collect();
        let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
        table(&["End Date", group_header, score_header], &rows)
    }

    #[test]
    fn the_nps_group_column_does_not_win_over_the_score_column() {
        let question = "How likely are you to recommend us to a friend or colleague?";
        // Named apart by their Qualtrics tags.
        let t = qualtrics_table(
            &format!("{question} (Q1_NPS_GROUP)"),
            &format!("{question} (Q1)"),
        );
        let d = detect(&t);
        assert_eq!(d.roles, vec![Role::Date, Role::Ignore, Role::Score]);
        assert_eq!(d.kind, FileKind::Survey);
        // Named alike: the values (1-3 against 0-10) still tell them apart.
        let t = qualtrics_table(question, &format!("{question} (2)"));
        assert_eq!(
            detect(&t).roles,
            vec![Role::Date, Role::Ignore, Role::Score]
        );
        // A column named as the NPS group loses even when it comes first and the answers
        // (all detractors here) do not reach above its values.
        let t = table(
            &["NPS group", "NPS"],
            &[&["1", "3"], &["1", "5"], &["1", "0"]],
        );
        assert_eq!(detect(&t).roles, vec![Role::Ignore, Role::Score]);
    }

    #[test]
    fn a_running_number_is_not_a_score_when_no_header_names_one() {
        // LimeSurvey with question codes: id 1-12 is ten-twelfths 0-10, G01Q01 is the score.
        let scores = ["9", "10", "6", "8", "10", "7", "", "2", "9", "10", "5", "9"];
        let ids: Vec<String> = (1..=12).map(|i| i.to_string()).collect();
        let rows: Vec<[&str; 4]> = (0..12)
            .map(|i| ["2026-03-02 10:14:51", ids[i].as_str(), "2", scores[i]])
            .collect();
        let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
        let t = table(&["submitdate", "Column 2", "lastpage", "G01Q01"], &rows);
        let d = detect(&t);
        assert_eq!(d.kind, FileKind::Survey);
        assert_eq!(
            d.roles,
            vec![Role::Date, Role::Ignore, Role::Ignore, Role::Score]
        );
        // A header saying "id" is enough, even for too few rows to call them a running number.
        let t = table(
            &["id", "submitdate", "G01Q01"],
            &[
                &["7", "2026-03-02", "9"],
                &["8", "2026-03-02", "3"],
                &["9", "2026-03-03", "10"],
            ],
        );
        assert_eq!(
            detect(&t).roles,
            vec![Role::Ignore, Role::Date, Role::Score]
        );
    }

    #[test]
    fn unix_times_are_the_date_only_under_a_date_header() {
        let t = table(
            &[
                "Response ID",
                "Created At",
                "Updated At",
                "Account",
                "Score",
            ],
            &[
                &["381204417", "1777882522", "1777889739", "1000023456", "10"],
                &["381209935", "1777923605", "1777930822", "1000023457", "6"],
            ],
        );
        let d = detect(&t);
        assert_eq!(
            d.roles,
            vec![
                Role::Ignore,
                Role::Date,
                Role::Ignore,
                Role::Ignore,
                Role::Score
            ]
        );
        // 10-digit account numbers without a date header are not dates, even alone.
        let t = table(
            &["Account", "Voto"],
            &[&["1000023456", "9"], &["1000023457", "7"]],
        );
        assert_eq!(detect(&t).roles, vec![Role::Ignore, Role::Score]);
    }

    #[test]
    fn excel_serial_numbers_are_the_date_only_under_a_date_header() {
        let t = table(
            &["Importo", "Data", "Voto"],
            &[
                &["46082.39", "46082.39", "9"],
                &["46086", "46086", "4"],
                &["46090.5", "46090.5", "10"],
            ],
        );
        let d = detect(&t);
        assert_eq!(d.roles, vec![Role::Ignore, Role::Date, Role::Score]);
        let mut numbers = t.clone();
        for row in numbers.rows.iter_mut() {
            for cell in row.iter_mut().take(2) {
                *cell = Cell::Number(cell.display().parse().unwrap());
            }
        }
        assert_eq!(
            detect(&numbers).roles,
            vec![Role::Ignore, Role::Date, Role::Score]
        );
    }

    #[test]
    fn a_separate_time_column_is_not_the_date() {
        let t = table(
            &["Ora", "Data", "Voto", "Note", "Punto vendita"],
            &[
                &["18:42:10", "20/03/2026", "10", "", "Milano Brera"],
                &[
                    "11:05:33",
                    "20/03/2026",
                    "9",
                    "Gentilissimi",
                    "Verona Centro",
                ],
                &["09:58:47", "19/03/2026", "", "", "Verona Centro"],
            ],
        );
        let d = detect(&t);
        assert_eq!(d.kind, FileKind::Survey);
        assert_eq!(
            d.roles,
            vec![
                Role::Ignore,
                Role::Date,
                Role::Score,
                Role::Comment,
                Role::Store
            ]
        );
    }

    #[test]
    fn browser_coordinates_are_not_a_store() {
        let t = table(
            &[
                "Location Latitude",
                "Location Longitude",
                "How likely are you to recommend us?",
                "Location",
            ],
            &[&["39.7392", "-104.9903", "9", "Milano Brera"]],
        );
        assert_eq!(
            detect(&t).roles,
            vec![Role::Ignore, Role::Ignore, Role::Score, Role::Store]
        );
    }

    #[test]
    fn what_could_we_improve_is_the_comment() {
        for header in ["Cosa possiamo migliorare?", "What could we improve?"] {
            let t = table(&["Voto", header], &[&["9", "Niente"], &["4", "Prezzi"]]);
            assert_eq!(
                detect(&t).roles,
                vec![Role::Score, Role::Comment],
                "{header}"
            );
        }
    }

    #[test]
    fn qualtrics_limesurvey_and_tally_are_recognised_by_their_columns() {
        let cases: [(&[&str], &str); 4] = [
            (
                &[
                    "Start Date",
                    "End Date",
                    "Recorded Date",
                    "Response ID",
                    "Q1",
                ],
                "Qualtrics",
            ),
            (
                &[
                    "id",
                    "submitdate",
                    "lastpage",
                    "startlanguage",
                    "seed",
                    "NPS",
                ],
                "LimeSurvey",
            ),
            (
                &[
                    "Response ID",
                    "Date submitted",
                    "Last page",
                    "Start language",
                    "NPS",
                ],
                "LimeSurvey",
            ),
            (
                &["Submission ID", "Respondent ID", "Submitted at", "Voto"],
                "Tally",
            ),
        ];
        for (headers, layout) in cases {
            let row: Vec<&str> = headers.iter().map(|_| "9").collect();
            let t = table(headers, &[row.as_slice()]);
            assert_eq!(detect(&t).layout, Some(layout), "{headers:?}");
        }
    }

    #[test]
    fn categorical_columns_nobody_named_become_other_categories_at_most_two() {
        let rows: Vec<[String; 9]> = (0..8)
            .map(|i| {
                [
                    format!("0{}/03/2026", i + 1),
                    ["9", "10", "6", "8"][i % 4].to_string(),
                    ["rosso", "blu"][i % 2].to_string(),
                    ["Tè verde", "Caffè", "Moka"][i % 3].to_string(),
                    ["Natale", "Estate"][i / 4].to_string(),
                    ["it", "en"][i % 2].to_string(),
                    format!("93.45.112.{}", i % 2),
                    ["Rossi", "Bianchi"][i % 2].to_string(),
                    ["A", "B"][i % 2].to_string(),
                ]
            })
            .collect();
        let rows: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        let t = table(
            &[
                "Data",
                "Voto",
                "Colore",
                "Prodotto",
                "Campagna",
                "startlanguage",
                "IPAddress",
                "Cognome",
                "Codice ID",
            ],
            &rows,
        );
        let d = detect(&t);
        assert_eq!(
            d.roles,
            vec![
                Role::Date,
                Role::Score,
                Role::Ignore,
                Role::Segment,
                Role::Segment,
                Role::Ignore,
                Role::Ignore,
                Role::Ignore,
                Role::Ignore,
            ]
        );
        // Without the named categories, the unnamed one is taken.
        let fewer = table(
            &["Data", "Voto", "Colore"],
            &rows.iter().map(|r| &r[..3]).collect::<Vec<&[&str]>>(),
        );
        assert_eq!(
            detect(&fewer).roles,
            vec![Role::Date, Role::Score, Role::Segment]
        );
    }

    #[test]
    fn numbers_free_text_and_one_value_per_row_are_not_categories() {
        let t = table(
            &["Voto", "Importo", "Perché", "Codice", "Nota", "Unico"],
            &[
                &["9", "12,50", "Molto gentili e veloci", "X1", "", "uno"],
                &["7", "8,00", "Un po' cari ma buoni", "X2", "", "uno"],
                &["3", "12,50", "Attesa troppo lunga oggi", "X3", "sì", "uno"],
                &["10", "8,00", "Tutto perfetto come sempre", "X4", "", "uno"],
            ],
        );
        assert_eq!(
            detect(&t).roles,
            vec![
                Role::Score,
                Role::Ignore,
                Role::Comment,
                Role::Ignore,
                Role::Ignore,
                Role::Ignore
            ]
        );
    }

    #[test]
    fn order_exports_are_recognised_by_name_and_are_orders() {
        let cases: [(&[&str], &str); 9] = [
            (
                &[
                    "Name",
                    "Email",
                    "Financial Status",
                    "Total",
                    "Created at",
                    "Lineitem quantity",
                    "Lineitem name",
                ],
                SHOPIFY,
            ),
            (
                &[
                    "Order Number",
                    "Order Status",
                    "Order Date",
                    "Email (Billing)",
                    "Order Total Amount",
                ],
                WOOCOMMERCE,
            ),
            (
                &[
                    "Date",
                    "Item",
                    "Qty",
                    "Net Sales",
                    "Transaction ID",
                    "Payment ID",
                    "Card Brand",
                ],
                SQUARE_ITEMS,
            ),
            (
                &[
                    "Date",
                    "Gross Sales",
                    "Total Collected",
                    "Card",
                    "Transaction ID",
                    "Payment ID",
                ],
                SQUARE_TRANSACTIONS,
            ),
            (
                &[
                    "Account",
                    "Date",
                    "Transaction ID",
                    "Receipt Number",
                    "Quantity",
                    "Price (Gross)",
                ],
                SUMUP,
            ),
            (
                &[
                    "Sale Date",
                    "Order ID",
                    "Buyer User ID",
                    "Order Total",
                    "Card Processing Fees",
                    "Adjusted Order Total",
                ],
                ETSY_ORDERS,
            ),
            (
                &[
                    "Sale Date",
                    "Item Name",
                    "Quantity",
                    "Price",
                    "Transaction ID",
                    "Order ID",
                ],
                ETSY_ITEMS,
            ),
            (
                &[
                    "Invoice",
                    "StockCode",
                    "Description",
                    "Quantity",
                    "InvoiceDate",
                    "Price",
                    "Customer ID",
                    "Country",
                ],
                ONLINE_RETAIL,
            ),
            (
                &["N. documento", "Data", "Cliente", "Importo (€)"],
                ITALIAN_LEDGER,
            ),
        ];
        for (headers, layout) in cases {
            let row: Vec<&str> = headers.iter().map(|_| "1").collect();
            let t = table(headers, &[row.as_slice()]);
            let d = detect(&t);
            assert_eq!(d.kind, FileKind::Orders, "{layout}");
            assert_eq!(d.layout, Some(layout), "{headers:?}");
            let owned: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
            assert_eq!(detect_order_layout(&owned), Some(layout));
        }
        // A survey is no order export.
        let survey: Vec<String> = ["Timestamp", "Score", "Email"]
            .iter()
            .map(|h| h.to_string())
            .collect();
        assert_eq!(detect_order_layout(&survey), None);
    }

    #[test]
    fn order_roles_take_the_order_date_and_the_customer_not_the_shop() {
        // Shopify: Created at, not Paid at; "Name" is the order number (its values are codes
        // repeated on an order's lines), Billing Name the customer.
        let t = table(
            &[
                "Name",
                "Email",
                "Financial Status",
                "Paid at",
                "Created at",
                "Lineitem quantity",
                "Lineitem name",
                "Billing Name",
                "Billing Phone",
                "Location",
                "Source",
            ],
            &[&[
                "#1001",
                "a@b.it",
                "paid",
                "2024-02-10 10:16:00 +0100",
                "2024-02-10 10:15:00 +0100",
                "2",
                "Tè verde",
                "Anna Rossi",
                "+39 347 123 4567",
                "Milano",
                "web",
            ]],
        );
        assert_eq!(
            detect(&t).roles,
            vec![
                Role::OrderId,
                Role::Email,
                Role::Status,
                Role::Ignore,
                Role::Date,
                Role::Quantity,
                Role::Product,
                Role::Name,
                Role::Phone,
                Role::Store,
                Role::Channel
            ]
        );
        // SumUp: "Account" is the shop's own login, full of one email.
        let t = table(
            &[
                "Account",
                "Date",
                "Time",
                "Type",
                "Transaction ID",
                "Receipt Number",
                "Quantity",
                "Price (Gross)",
            ],
            &[&[
                "cassa@bar.it",
                "03.06.24",
                "08:05",
                "Sales",
                "TX1",
                "S1",
                "2",
                "3.00",
            ]],
        );
        let d = detect(&t);
        assert_eq!(d.layout, Some(SUMUP));
        assert_eq!(d.roles[0], Role::Ignore);
        assert_eq!(d.roles[1], Role::Date);
        // Square: the customer's name, not the price point's or the device's; "Channel" before
        // "Source".
        let t = table(
            &[
                "Date",
                "Price Point Name",
                "Device Name",
                "Transaction ID",
                "Payment ID",
                "Net Sales",
                "Qty",
                "Source",
                "Customer ID",
                "Customer Name",
                "Location",
                "Channel",
            ],
            &[&[
                "2024-05-03",
                "Regular",
                "Counter iPad",
                "T1",
                "P1",
                "$4.50",
                "1",
                "Point of Sale",
                "CUST-1",
                "Lena Park",
                "Main Street",
                "Point of Sale",
            ]],
        );
        assert_eq!(
            detect(&t).roles,
            vec![
                Role::Date,
                Role::Ignore,
                Role::Ignore,
                Role::OrderId,
                Role::Ignore,
                Role::LineAmount,
                Role::Quantity,
                Role::Ignore,
                Role::CustomerId,
                Role::Name,
                Role::Store,
                Role::Channel
            ]
        );
    }

    #[test]
    fn unnamed_answers_without_dates_are_asked_for_not_refused() {
        // Nothing says survey (no question, no date): Fidelio asks which column is the 0-10
        // answer, offering only the column that could be one.
        let t = table(
            &["Cliente", "Valore", "Codice"],
            &[
                &["Anna", "9", "A-100"],
                &["Bruno", "4", "A-101"],
                &["Carla", "10", "A-102"],
                &["Dario", "7", "A-103"],
            ],
        );
        let d = detect(&t);
        assert_eq!(d.kind, FileKind::Unknown);
        let question = d.question.unwrap();
        assert_eq!(
            (question.kind, question.role),
            (FileKind::Survey, Role::Score)
        );
        assert_eq!(question.candidates, vec![1]);
    }

    #[test]
    fn order_lines_are_orders() {
        let t = table(
            &[
                "N. documento",
                "Data",
                "Email cliente",
                "Prodotto",
                "Quantità",
                "Totale",
            ],
            &[&["F-1", "01/02/2026", "a@b.it", "Tè verde", "2", "12,50"]],
        );
        assert_eq!(detect(&t).kind, FileKind::Orders);
    }
}
