//! Turns a headed table of orders, receipts or invoice lines into one row per order and one row
//! per refund: the two frames the loyalty analyses read (see `docs/frames.md` and the
//! "Orders and sales" definitions in metrics.md).
//!
//! Exports disagree on where an order's value lives: a total on the order's first line only
//! (Shopify), the same total repeated on every line (WooCommerce), one amount per line (Square,
//! SumUp, an accountant's register), or quantity × unit price (Online Retail). They disagree on
//! refunds too: negative lines, credit notes numbered `C…`, a "Refunded Amount", an "Adjusted
//! Order Total", a "Refund" event row. Each of these becomes the same order and refund rows, so
//! the analyses never need to know which tool the shop uses. Voided and cancelled orders are
//! left out, and every row not used is reported with its row number, column and reason.

use std::borrow::Cow;
use std::hash::BuildHasher;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use compact_str::CompactString;
use hashbrown::HashTable;
use polars::prelude::*;

use crate::i18n::Lang;
pub use crate::import::detect::detect_order_layout;
use crate::import::detect::{self, normalize_header};
use crate::import::problems::{ProblemReason, RowProblem};
use crate::import::roles::Role;
use crate::import::survey::epoch_days;
use crate::import::table::{CellRef, HeadedTable, Row};
use crate::import::values::{
    CellVote, DateOrder, DateVotes, NumberStyle, best_date_order, columns_separator_votes,
    date_vote_reading, detect_number_style, is_missing, number_and_evidence, parse_datetime,
    parse_number, parse_time_of_day, style_of_votes,
};
use crate::import::vocabulary::{self, Field};

// The orders and refunds frames' columns are named where the analysis reads them.
pub use crate::analysis::customer::{PRODUCT, QUANTITY};
pub use crate::analysis::sales::{
    AMOUNT, CHANNEL, CUSTOMER, CUSTOMER_NUMBER, DATE, GROSS, ORDER_ID, SOURCE_FILE, SOURCE_ROW,
    STORE,
};

/// Why a file of orders cannot be used at all.
#[derive(Clone, Debug, thiserror::Error, PartialEq)]
pub enum OrderError {
    /// No column has the date role.
    #[error("no column holds the order date; choose it on the Data page (or --map date=HEADER)")]
    NoDateColumn,
    /// No column holds money.
    #[error(
        "no column holds an amount: Fidelio looks for an order total (Total, Totale, Importo, Amount), a line amount (Net Sales, Line Total) or a quantity with a unit price (Quantity, Price); export the orders with one of these columns"
    )]
    NoAmountColumn,
}

impl OrderError {
    /// The reason in words, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (OrderError::NoDateColumn, Lang::It) => "nessuna colonna contiene la data dell'ordine; sceglila nella pagina Dati (o con --map date=INTESTAZIONE)".to_string(),
            (OrderError::NoAmountColumn, Lang::It) => "nessuna colonna contiene un importo: Fidelio cerca un totale dell'ordine (Totale, Importo, Total, Amount), un importo di riga (Net Sales, Totale riga) o una quantità con un prezzo unitario (Quantità, Prezzo); esporta gli ordini con una di queste colonne".to_string(),
        }
    }
}

/// The columns of an order export, as indexes into the headed table. Customer, date, store and
/// channel come from the column roles (so the owner's choices on the Data page count); the
/// columns only orders have come from their headers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OrderColumns {
    /// The export layout recognised by name (`detect::SHOPIFY`, ...).
    pub layout: Option<&'static str>,
    /// Order, invoice, document or receipt number.
    pub order_id: Option<usize>,
    /// When the order was placed.
    pub date: Option<usize>,
    /// Time of day in a column of its own (Square, SumUp), used to tell orders apart when the
    /// export has no order number.
    pub time: Option<usize>,
    /// Customer email.
    pub email: Option<usize>,
    /// Customer number.
    pub customer_id: Option<usize>,
    /// Customer phone.
    pub phone: Option<usize>,
    /// Customer name: the customer key only when the file has no email, id or phone column.
    pub name: Option<usize>,
    /// Store or location.
    pub store: Option<usize>,
    /// Sales channel.
    pub channel: Option<usize>,
    /// An amount that is either the order's total (on one line, or the same on every line) or,
    /// when an order's lines hold different values, each line's amount: decided from the data.
    pub total: Option<usize>,
    /// An amount named as a line's own (Net Sales, Line Total, SumUp's Price (Gross)).
    pub line_amount: Option<usize>,
    /// Quantity of a line.
    pub quantity: Option<usize>,
    /// Unit price of a line.
    pub unit_price: Option<usize>,
    /// Money refunded on the order (Shopify's Refunded Amount).
    pub refunded: Option<usize>,
    /// The order total after refunds (Etsy's Adjusted Order Total).
    pub adjusted_total: Option<usize>,
    /// Payment or order status (voided, cancelled, failed, refunded, ...).
    pub status: Option<usize>,
    /// When the order was cancelled; any value means cancelled.
    pub cancelled_at: Option<usize>,
    /// When the order was paid (eBay's Paid On Date): where some orders have one, an order
    /// without is not paid yet.
    pub paid_at: Option<usize>,
    /// Each payment's own number beside the order number (Toast's Payment Id): the rows are
    /// payments of the order, so their amounts add up.
    pub payment_id: Option<usize>,
    /// Whether a row is a sale or a refund (Square's Event Type, SumUp's Type, "Tipo documento").
    pub event_type: Option<usize>,
    /// What was sold.
    pub product: Option<usize>,
    /// The category of what was sold.
    pub category: Option<usize>,
}

impl OrderColumns {
    /// Reads the column roles (one per column; the first column of a role wins) and finds the
    /// columns that have no role of their own (refunded amount, adjusted total, cancellation
    /// date, row type, time of day) by their headers in the vocabulary, among the columns the
    /// roles leave unused.
    ///
    /// Once the roles name any order-only column (detection does), those columns come from the
    /// roles alone: a column the owner set to "not used" stays unused. Roles saved before
    /// order-only roles existed still find them by header.
    pub fn from_roles(roles: &[Role], headers: &[String]) -> OrderColumns {
        let first = |role: Role| roles.iter().position(|r| *r == role);
        let explicit = roles.iter().any(|r| r.is_order_only());
        let normalized: Vec<String> = headers.iter().map(|h| normalize_header(h)).collect();
        let mut taken: Vec<bool> = (0..headers.len())
            .map(|i| roles.get(i).is_some_and(|r| *r != Role::Ignore))
            .collect();
        let mut pick = |field: Field| -> Option<usize> {
            let found = vocabulary::best_column(
                field,
                &normalized,
                (0..normalized.len()).filter(|&i| !taken[i]),
            );
            if let Some(i) = found {
                taken[i] = true;
            }
            found
        };
        // An order-only field: its role's column, else (for roles without any order-only role)
        // the column its header names.
        let mut field = |role: Role, words: Field| {
            first(role).or_else(|| (!explicit).then(|| pick(words)).flatten())
        };
        let line_amount = field(Role::LineAmount, Field::LineAmount);
        let total = field(Role::OrderTotal, Field::Total);
        let quantity = field(Role::Quantity, Field::Quantity);
        let unit_price = field(Role::UnitPrice, Field::UnitPrice);
        let order_id = field(Role::OrderId, Field::OrderId);
        let status = field(Role::Status, Field::Status);
        let product = field(Role::Product, Field::Product);
        let category = field(Role::Category, Field::ProductCategory);
        // Fields without a role always come from headers.
        let refunded = pick(Field::Refunded);
        let adjusted_total = pick(Field::AdjustedTotal);
        let cancelled_at = pick(Field::CancelledAt);
        let paid_at = pick(Field::PaidAt);
        let payment_id = pick(Field::PaymentId);
        let event_type = pick(Field::TransactionType);
        let time = pick(Field::Time);
        OrderColumns {
            layout: detect_order_layout(headers),
            order_id,
            date: first(Role::Date),
            time,
            email: first(Role::Email),
            customer_id: first(Role::CustomerId),
            phone: first(Role::Phone),
            name: first(Role::Name),
            store: first(Role::Store),
            channel: first(Role::Channel),
            total,
            line_amount,
            quantity,
            unit_price,
            refunded,
            adjusted_total,
            status,
            cancelled_at,
            paid_at,
            payment_id,
            event_type,
            product,
            category,
        }
    }

    /// The columns holding amounts or quantities, each once.
    fn money(&self) -> impl Iterator<Item = usize> {
        let all = [
            self.total,
            self.line_amount,
            self.unit_price,
            self.quantity,
            self.refunded,
            self.adjusted_total,
        ];
        all.into_iter()
            .enumerate()
            .filter_map(move |(i, c)| c.filter(|c| !all[..i].contains(&Some(*c))))
    }

    /// Leaves out the header-found money columns (refunded amount, adjusted total) whose filled
    /// cells are not all amounts: SumUp's "Transaction refunded" says yes or no, not how much.
    fn with_checked_money(mut self, table: &HeadedTable) -> OrderColumns {
        let amounts_only = |column: usize| {
            let style = detect_number_style(table.column(column));
            table
                .column(column)
                .filter(|&cell| !is_missing(cell))
                .all(|cell| parse_number(cell, style).is_some())
        };
        self.refunded = self.refunded.filter(|&c| amounts_only(c));
        self.adjusted_total = self.adjusted_total.filter(|&c| amounts_only(c));
        self
    }
}

/// One order: its id, date, customer and gross value, where it was sold, and where it starts in
/// the file. A file can hold millions: an id of up to 24 bytes needs no allocation, and one
/// customer's or store's name is shared by all their orders instead of copied into each.
#[derive(Clone, Debug, PartialEq)]
pub struct Order {
    /// The id as written, or `customer|YYYY-MM-DD HH:MM:SS` when the export has none.
    pub order_id: CompactString,
    /// The order's date (UTC after any offset written in the export).
    pub date: NaiveDate,
    /// Normalised customer key.
    pub customer: Option<Name>,
    /// Gross value before refunds, > 0.
    pub gross: f64,
    /// Store or location.
    pub store: Option<Name>,
    /// Channel.
    pub channel: Option<Name>,
    /// 1-based data row of the order's first line.
    pub source_row: u32,
}

/// A name many orders share (a customer, a store, a channel): one allocation for all of them.
pub type Name = std::sync::Arc<str>;

/// One refund or return: money given back.
#[derive(Clone, Debug, PartialEq)]
pub struct Refund {
    /// The refunded order, when the file has it.
    pub order_id: Option<CompactString>,
    /// When refunded (the order's date when the export has no refund date).
    pub date: NaiveDate,
    /// Normalised customer key.
    pub customer: Option<Name>,
    /// Money given back, > 0.
    pub amount: f64,
    /// Store or location.
    pub store: Option<Name>,
    /// Channel.
    pub channel: Option<Name>,
    /// 1-based data row of the refund's first line.
    pub source_row: u32,
}

/// One line of a kept order, for what a customer bought. Kept small, as an export may have
/// millions: the order is an index, and what was sold is not copied but read from the table
/// when asked ([`OrderRows::product`]), as the table stays with the orders read from it.
#[derive(Clone, Debug, PartialEq)]
pub struct OrderLine {
    /// The order it belongs to: its index in [`OrderRows::orders`].
    pub order: u32,
    /// How many, when the export says; `NaN` when not (see [`OrderLine::quantity`]).
    quantity: f64,
    /// The line's own value (Shopify lines: quantity × price); `NaN` when the export has none.
    amount: f64,
    /// 1-based data row.
    pub source_row: u32,
}

impl OrderLine {
    /// A line of order `order` (its index in [`OrderRows::orders`]) at 1-based data row
    /// `source_row`.
    pub fn new(
        order: u32,
        quantity: Option<f64>,
        amount: Option<f64>,
        source_row: u32,
    ) -> OrderLine {
        // NaN stands for "none": no number read from a file is NaN, and an `Option<f64>`
        // would take 8 more bytes on each of millions of lines.
        OrderLine {
            order,
            quantity: quantity.unwrap_or(f64::NAN),
            amount: amount.unwrap_or(f64::NAN),
            source_row,
        }
    }

    /// How many, when the export says.
    pub fn quantity(&self) -> Option<f64> {
        Some(self.quantity).filter(|q| !q.is_nan())
    }

    /// The line's own value, when the export has one.
    pub fn amount(&self) -> Option<f64> {
        Some(self.amount).filter(|a| !a.is_nan())
    }
}

/// Names already seen while settling orders, so each is allocated once ([`Name`]).
#[derive(Default)]
struct Names(std::collections::HashSet<Name, PlRandomState>);

impl Names {
    fn get(&mut self, text: &str) -> Name {
        if let Some(name) = self.0.get(text) {
            return name.clone();
        }
        let name = Name::from(text);
        self.0.insert(name.clone());
        name
    }
}

/// The usable content of one order file.
#[derive(Clone, Debug, PartialEq)]
pub struct OrderRows {
    /// One entry per kept order, in order of first appearance.
    pub orders: Vec<Order>,
    /// One entry per refund event.
    pub refunds: Vec<Refund>,
    /// Lines of the kept orders.
    pub lines: Vec<OrderLine>,
    /// Data rows that fed an order or a refund.
    pub lines_used: usize,
    /// Of those, rows whose order or refund has no customer: they count in revenue, not in
    /// per-customer figures.
    pub lines_without_customer: usize,
    /// The date order the date column was read with.
    pub date_order: Option<DateOrder>,
    /// How amounts were read (decimal point or comma).
    pub number_style: NumberStyle,
    /// True when the `total` column turned out to hold each line's amount, not the order's.
    pub total_per_line: bool,
    /// True when the customer name was the customer key (no email, id or phone column).
    pub customer_from_name: bool,
    /// The column lines name their product in.
    pub product_column: Option<usize>,
    /// The column lines give their product's category in.
    pub category_column: Option<usize>,
    /// The column orders name their customer in, as written (`Emanuele Barone`).
    pub name_column: Option<usize>,
    /// The column orders give the customer's phone in.
    pub phone_column: Option<usize>,
    /// The currency the file's amounts are in, as an ISO code, when its cells or a currency
    /// column say so.
    pub currency: Option<&'static str>,
}

impl OrderRows {
    /// The category of what `line` sold, as written in `table`.
    pub fn category<'t>(&self, line: &OrderLine, table: &'t HeadedTable) -> Option<Cow<'t, str>> {
        let row = (line.source_row as usize).checked_sub(1)?;
        text_of(table.rows.get(row)?.get(self.category_column?)?)
    }

    /// What `line` sold, as written in `table`, the table these rows were read from.
    pub fn product<'t>(&self, line: &OrderLine, table: &'t HeadedTable) -> Option<Cow<'t, str>> {
        let row = (line.source_row as usize).checked_sub(1)?;
        text_of(table.rows.get(row)?.get(self.product_column?)?)
    }

    /// The cell of `column` on `order`'s first line, as written in `table`.
    pub fn order_text<'t>(
        &self,
        order: &Order,
        table: &'t HeadedTable,
        column: usize,
    ) -> Option<Cow<'t, str>> {
        let row = (order.source_row as usize).checked_sub(1)?;
        text_of(table.rows.get(row)?.get(column)?)
    }

    /// The customer's name on `order`'s first line, as written in `table`.
    pub fn customer_name<'t>(&self, order: &Order, table: &'t HeadedTable) -> Option<Cow<'t, str>> {
        let row = (order.source_row as usize).checked_sub(1)?;
        text_of(table.rows.get(row)?.get(self.name_column?)?)
    }

    /// True when nothing in the file was an order or a refund.
    pub fn is_empty(&self) -> bool {
        self.orders.is_empty() && self.refunds.is_empty()
    }
}

/// `roles` with the order-only columns found by header named by their role, so the Data page
/// shows them and the owner can change them like any other.
pub fn with_order_roles(roles: &[Role], headers: &[String]) -> Vec<Role> {
    let columns = OrderColumns::from_roles(roles, headers);
    let mut roles = roles.to_vec();
    for (column, role) in [
        (columns.order_id, Role::OrderId),
        (columns.total, Role::OrderTotal),
        (columns.line_amount, Role::LineAmount),
        (columns.quantity, Role::Quantity),
        (columns.unit_price, Role::UnitPrice),
        (columns.product, Role::Product),
        (columns.category, Role::Category),
        (columns.status, Role::Status),
    ] {
        if let Some(slot) = column.and_then(|c| roles.get_mut(c))
            && *slot == Role::Ignore
        {
            *slot = role;
        }
    }
    roles
}

/// A customer email as a key: trimmed and lower-cased.
pub fn normalise_email(text: &str) -> Option<String> {
    let email = text.trim().to_lowercase();
    (!email.is_empty()).then_some(email)
}

/// [`normalise_email`] of a cell's text, borrowing it when it is the key already.
fn email_key(text: Cow<'_, str>) -> Option<Cow<'_, str>> {
    let lower = |t: &str| !t.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii());
    match text {
        Cow::Borrowed(t) if lower(t.trim()) => {
            Some(t.trim()).filter(|t| !t.is_empty()).map(Cow::Borrowed)
        }
        text => normalise_email(&text).map(Cow::Owned),
    }
}

/// [`normalise_customer_id`] of a cell's text, borrowing it when it can.
fn customer_id_key(text: Cow<'_, str>) -> Option<Cow<'_, str>> {
    match text {
        Cow::Borrowed(t) => customer_id_part(t).map(Cow::Borrowed),
        text => normalise_customer_id(&text).map(Cow::Owned),
    }
}

/// [`normalise_phone`] of a cell's text, borrowing it when it is digits only.
fn phone_key(text: Cow<'_, str>) -> Option<Cow<'_, str>> {
    match text {
        Cow::Borrowed(t) if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) => {
            Some(Cow::Borrowed(t))
        }
        text => normalise_phone(&text).map(Cow::Owned),
    }
}

/// A customer number as a key: trimmed, and without the `.0` a spreadsheet adds to a whole
/// number (`12345.0` -> `12345`).
pub fn normalise_customer_id(text: &str) -> Option<String> {
    customer_id_part(text).map(str::to_string)
}

fn customer_id_part(text: &str) -> Option<&str> {
    let id = text.trim();
    let id = match id.split_once(['.', ',']) {
        Some((whole, zeros))
            if !whole.is_empty()
                && whole.bytes().all(|b| b.is_ascii_digit())
                && !zeros.is_empty()
                && zeros.bytes().all(|b| b == b'0') =>
        {
            whole
        }
        _ => id,
    };
    (!id.is_empty()).then_some(id)
}

/// A phone number as a key: its digits only.
pub fn normalise_phone(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    (!digits.is_empty()).then_some(digits)
}

/// A customer name as a key, for files that identify customers by name only: words separated
/// by single spaces, lower-cased.
pub fn normalise_name(text: &str) -> Option<String> {
    let name = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!name.is_empty()).then(|| name.to_lowercase())
}

/// The customer key of metrics.md: the email if present, else the customer id, else the phone's
/// digits. Survey answers and orders use the same key, so one customer is one customer across
/// every file.
pub fn customer_key(email: Option<&str>, id: Option<&str>, phone: Option<&str>) -> Option<String> {
    email
        .and_then(normalise_email)
        .or_else(|| id.and_then(normalise_customer_id))
        .or_else(|| phone.and_then(normalise_phone))
}

/// What a status says about the sale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum StatusMeaning {
    Voided,
    Cancelled,
    Failed,
    Pending,
    FullyRefunded,
    Other,
}

/// Reads a status cell with the vocabulary's status words, in any of its languages.
fn status_meaning(status: &str) -> StatusMeaning {
    let normalized = normalize_header(status);
    let says = |field: Field| vocabulary::names(field, &normalized);
    if says(Field::StatusVoided) {
        StatusMeaning::Voided
    } else if says(Field::StatusCancelled) {
        StatusMeaning::Cancelled
    } else if says(Field::StatusFailed) {
        StatusMeaning::Failed
    } else if says(Field::StatusRefunded) && !says(Field::StatusPartial) {
        StatusMeaning::FullyRefunded
    } else if says(Field::StatusPending) {
        StatusMeaning::Pending
    } else {
        StatusMeaning::Other
    }
}

/// Statuses some tools write as numbers: they mean something only once the tool is known, so
/// they are read only when its layout is recognised (with recognition off such a status says
/// nothing and the order counts). Each entry: layout, normalised header, code, meaning.
const CODED_STATUSES: &[(&str, &str, &str, StatusMeaning)] = &[
    // Shopware 5's order states (s_core_states): -1 cancelled, 4 cancelled/rejected.
    (detect::SHOPWARE5, "status", "-1", StatusMeaning::Cancelled),
    (detect::SHOPWARE5, "status", "4", StatusMeaning::Cancelled),
    // Its payment states: 17 open (unpaid), 35 process cancelled, 20 re-credited (refunded).
    (detect::SHOPWARE5, "cleared", "17", StatusMeaning::Pending),
    (detect::SHOPWARE5, "cleared", "35", StatusMeaning::Cancelled),
    (
        detect::SHOPWARE5,
        "cleared",
        "20",
        StatusMeaning::FullyRefunded,
    ),
];

/// True when `layout` writes statuses as codes Fidelio reads only for that layout.
pub fn layout_reads_codes(layout: &str) -> bool {
    CODED_STATUSES.iter().any(|(l, ..)| *l == layout)
}

/// Every status of one order's rows with what it means: the status column in words (or in
/// its layout's codes), then any other coded status column of the layout.
fn statuses(reader: &Reader, rows: &[usize]) -> Vec<(usize, String, StatusMeaning)> {
    let layout = reader.columns.layout;
    let coded = |header: &str, value: &str| {
        CODED_STATUSES
            .iter()
            .find(|(l, h, code, _)| Some(*l) == layout && *h == header && *code == value.trim())
            .map(|(.., meaning)| *meaning)
    };
    let mut found = Vec::new();
    let mut columns: Vec<usize> = reader.columns.status.into_iter().collect();
    if let Some(layout) = layout.filter(|l| layout_reads_codes(l)) {
        let normalized: Vec<String> = reader
            .table
            .headers
            .iter()
            .map(|h| normalize_header(h))
            .collect();
        // In the table's order, so which reason is told does not depend on column order.
        for (l, header, ..) in CODED_STATUSES {
            if *l == layout
                && let Some(i) = normalized.iter().position(|h| h == header)
                && !columns.contains(&i)
            {
                columns.push(i);
            }
        }
    }
    for c in columns {
        if let Some(text) = rows.iter().find_map(|&r| reader.text(r, Some(c))) {
            let header = normalize_header(reader.header(c));
            let meaning = coded(&header, &text).unwrap_or_else(|| reader.status_meaning(&text));
            found.push((c, text.into_owned(), meaning));
        }
    }
    found
}

/// A row type that gives money back: refund, return, credit note, chargeback.
fn is_refund_event(text: &str) -> bool {
    vocabulary::says(Field::RefundEvent, text)
}

/// A totals row under the data: a value says "Totale", "Total", "Totali", ... (any cell, not
/// only the first: columns can come in any order).
fn is_totals_row(row: Row<'_>) -> bool {
    row.iter().any(|cell| {
        let CellRef::Text(text) = cell else {
            return false;
        };
        let normalized = normalize_header(text);
        let first_word = normalized.split(' ').next().unwrap_or("");
        vocabulary::names(Field::TotalsRow, first_word)
            || vocabulary::names(Field::TotalsRow, &normalized)
    })
}

fn text_of(cell: CellRef<'_>) -> Option<Cow<'_, str>> {
    match cell {
        _ if is_missing(cell) => None,
        // Borrowed: an export has millions of these, and most are only looked at.
        CellRef::Text(text) => Some(Cow::Borrowed(text.trim())),
        other => Some(Cow::Owned(other.display().trim().to_string())),
    }
}

/// Reads cells of one table the way the whole column is written.
struct Reader<'a> {
    table: &'a HeadedTable,
    columns: &'a OrderColumns,
    /// Some row has a payment date, so a row without one is unpaid.
    some_paid: bool,
    /// In a report grouped by customer (QuickBooks' Sales by Customer Detail), the customer
    /// named on the heading row above each row.
    sections: Option<Vec<Option<&'a str>>>,
    /// Status and row-type words already read: a file has a handful of them on millions of
    /// rows, and reading one asks the vocabulary many times.
    /// (Shared by the threads that settle orders.)
    meanings: std::sync::RwLock<PlHashMap<String, StatusMeaning>>,
    kinds: std::sync::RwLock<PlHashMap<String, RowKind>>,
    date_order: Option<DateOrder>,
    style: NumberStyle,
    customer_from_name: bool,
    /// Every row's date and amounts, read once.
    parsed: Parsed,
}

/// The date and the amounts of every row, read once for the whole file and on all cores: an
/// order's figures ask for them several times (to group lines, to tell a per-line total, to
/// settle the order), and reading a date or an amount is most of the work of an import.
#[derive(Default)]
struct Parsed {
    /// Each row's date and time to the second ([`pack_time`]): 8 bytes a row, where an
    /// `Option<NaiveDateTime>` takes 16. Nothing reads an order's time finer than seconds.
    datetimes: Vec<i64>,
    /// Each money column's amounts by row, [`NO_AMOUNT`] or [`NOT_AN_AMOUNT`] where there is
    /// none.
    numbers: Vec<(usize, Vec<f64>)>,
}

/// The largest amount, quantity or line value an order row may hold: ten thousand billion in
/// any currency is beyond any shop's order, and a sum of millions of rows under it stays far
/// from where floating point overflows into infinity.
pub const MAX_AMOUNT: f64 = 1e13;

/// A row without a date that reads, in [`Parsed::datetimes`].
const NO_TIME: i64 = i64::MIN;

/// A date and time as seconds from 1970-01-01 00:00:00, or [`NO_TIME`].
fn pack_time(datetime: Option<NaiveDateTime>) -> i64 {
    datetime.map_or(NO_TIME, |d| d.and_utc().timestamp())
}

/// What [`pack_time`] packed.
fn unpack_time(packed: i64) -> Option<NaiveDateTime> {
    match packed {
        NO_TIME => None,
        seconds => chrono::DateTime::from_timestamp(seconds, 0).map(|d| d.naive_utc()),
    }
}

/// An empty cell, in [`Parsed::numbers`] (a NaN no amount can be: amounts are finite).
const NO_AMOUNT: f64 = f64::from_bits(0x7ff8_0000_0000_0a01);
/// A filled cell that is no amount.
const NOT_AN_AMOUNT: f64 = f64::from_bits(0x7ff8_0000_0000_0a02);

impl Parsed {
    /// Reads every row's date in `order` and its amounts in `style`, and counts the votes for
    /// the file's date order and decimal separator as it goes: one pass, row by row, since a
    /// row's cells lie together in the file's text. The caller reads again only when the whole
    /// file votes otherwise than the `order` and `style` it guessed from the first rows.
    fn read(
        table: &HeadedTable,
        columns: &OrderColumns,
        order: Option<DateOrder>,
        style: NumberStyle,
    ) -> (Parsed, Votes) {
        let rows = table.rows.len();
        let money: Vec<usize> = columns.money().collect();
        // Zeroes, which the system hands out untouched: every row's slot is written below, so
        // each page is first touched by the thread that reads its rows, on all cores at once.
        let mut datetimes = match columns.date {
            Some(_) => vec![0; rows],
            None => vec![NO_TIME; rows],
        };
        let mut numbers: Vec<Vec<f64>> = money.iter().map(|_| vec![0.0; rows]).collect();
        let ranges = crate::parallel::split_ranges(rows);
        let mut parts = Vec::with_capacity(ranges.len());
        let mut dates_left = &mut datetimes[..];
        let mut numbers_left: Vec<&mut [f64]> = numbers.iter_mut().map(|v| &mut v[..]).collect();
        for range in ranges {
            let (dates, rest) = std::mem::take(&mut dates_left).split_at_mut(range.len());
            dates_left = rest;
            let amounts: Vec<&mut [f64]> = numbers_left
                .iter_mut()
                .map(|left| {
                    let (amounts, rest) = std::mem::take(left).split_at_mut(range.len());
                    *left = rest;
                    amounts
                })
                .collect();
            parts.push((range, dates, amounts));
        }
        let votes = crate::parallel::run_each("row-values", parts, |(range, dates, amounts)| {
            read_rows(
                table,
                columns,
                &money,
                (order, style),
                range,
                dates,
                amounts,
            )
        })
        .into_iter()
        .fold(Votes::default(), Votes::with);
        let numbers = money.into_iter().zip(numbers).collect();
        (Parsed { datetimes, numbers }, votes)
    }

    /// The amount of `row` in `column`, as [`cell_number`] reads it; `None` when the column
    /// was not read.
    fn number(&self, row: usize, column: usize) -> Option<Result<Option<f64>, ()>> {
        let (_, values) = self.numbers.iter().find(|(c, _)| *c == column)?;
        let value = *values.get(row)?;
        Some(match value.to_bits() {
            bits if bits == NO_AMOUNT.to_bits() => Ok(None),
            bits if bits == NOT_AN_AMOUNT.to_bits() => Err(()),
            _ => Ok(Some(value)),
        })
    }
}

/// What the cells of an order file's date and money columns said while being read.
#[derive(Default)]
struct Votes {
    /// For the date order ([`best_date_order`](crate::import::values::best_date_order)).
    dates: DateVotes,
    /// For decimal comma and decimal point
    /// ([`detect_number_style`](crate::import::values::detect_number_style)).
    separators: (usize, usize),
}

impl Votes {
    fn with(self, other: Votes) -> Votes {
        Votes {
            dates: self.dates.with(other.dates),
            separators: (
                self.separators.0 + other.separators.0,
                self.separators.1 + other.separators.1,
            ),
        }
    }
}

/// [`Parsed::read`] of one run of rows, into that run's part of each column.
fn read_rows(
    table: &HeadedTable,
    columns: &OrderColumns,
    money: &[usize],
    (order, style): (Option<DateOrder>, NumberStyle),
    rows: std::ops::Range<usize>,
    dates: &mut [i64],
    amounts: Vec<&mut [f64]>,
) -> Votes {
    let mut votes = Votes::default();
    let mut amounts = amounts;
    // An order's lines repeat its date and often its amounts: a text like the one above reads
    // and votes as that one did.
    let mut last_date: Option<(&str, CellVote, Option<NaiveDateTime>)> = None;
    let mut last_amounts: Vec<Option<(&str, f64, Option<NumberStyle>)>> = vec![None; money.len()];
    for (i, row) in rows.enumerate() {
        let cells = table.rows.row(row);
        if let Some(c) = columns.date {
            let cell = cells.get(c).unwrap_or_default();
            let (vote, reading) = match (cell, last_date) {
                (CellRef::Text(text), Some((before, vote, reading))) if before == text => {
                    (vote, reading)
                }
                _ => date_vote_reading(cell, order),
            };
            last_date = match cell {
                CellRef::Text(text) => Some((text, vote, reading)),
                _ => None,
            };
            votes.dates.count(vote);
            dates[i] = pack_time(reading.map(|d| with_time_column(table, columns, row, d)));
        }
        for ((&c, last), column) in money.iter().zip(&mut last_amounts).zip(&mut amounts) {
            let cell = cells.get(c).unwrap_or_default();
            let (value, evidence) = match (cell, *last) {
                (CellRef::Text(text), Some((before, value, evidence))) if before == text => {
                    (value, evidence)
                }
                _ => amount_and_evidence(cell, style),
            };
            *last = match cell {
                CellRef::Text(text) => Some((text, value, evidence)),
                _ => None,
            };
            match evidence {
                Some(NumberStyle::DecimalComma) => votes.separators.0 += 1,
                Some(NumberStyle::DecimalPoint) => votes.separators.1 += 1,
                None => {}
            }
            column[i] = value;
        }
    }
    votes
}

/// A cell's amount as [`Parsed::numbers`] holds it ([`cell_number`]), and its evidence for the
/// decimal separator.
fn amount_and_evidence(cell: CellRef<'_>, style: NumberStyle) -> (f64, Option<NumberStyle>) {
    let (number, evidence) = number_and_evidence(cell, style);
    let value = if is_missing(cell) {
        NO_AMOUNT
    } else {
        match number {
            Some(n) if n.is_finite() => n,
            _ => NOT_AN_AMOUNT,
        }
    };
    (value, evidence)
}

/// A cell's amount: `None` when it is empty, an error when it is filled with no finite amount.
fn cell_number(cell: CellRef<'_>, style: NumberStyle) -> Result<Option<f64>, ()> {
    if is_missing(cell) {
        return Ok(None);
    }
    match parse_number(cell, style) {
        Some(n) if n.is_finite() => Ok(Some(n)),
        _ => Err(()),
    }
}

/// A row's date and time: the date column, with the time column's time when the date holds
/// none.
fn row_datetime(
    table: &HeadedTable,
    columns: &OrderColumns,
    date_order: Option<DateOrder>,
    row: usize,
) -> Option<NaiveDateTime> {
    let cell = table.cell(row, columns.date?);
    let datetime = parse_datetime(cell, date_order?)?;
    Some(with_time_column(table, columns, row, datetime))
}

/// A row's date with the time column's time, when the date holds none.
fn with_time_column(
    table: &HeadedTable,
    columns: &OrderColumns,
    row: usize,
    datetime: NaiveDateTime,
) -> NaiveDateTime {
    let time = columns
        .time
        .filter(|_| datetime.time() == NaiveTime::MIN)
        .and_then(|t| parse_time_of_day(table.cell(row, t)));
    time.map_or(datetime, |t| datetime.date().and_time(t))
}

/// A cache's lock: a thread that panicked while holding it left nothing half-written that
/// matters (a cache only misses).
fn read_lock<T>(lock: &std::sync::RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn write_lock<T>(lock: &std::sync::RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    lock.write()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// What a row's type says (Square's Event Type, "Tipo documento").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RowKind {
    /// A pro-forma, draft or quote: no sale.
    NotPaid,
    /// Money moved to the shop's own bank: no sale, no refund.
    Transfer,
    /// Money given back: refund, return, credit note.
    Refund,
    /// A sale, or nothing the vocabulary knows.
    Other,
}

impl<'a> Reader<'a> {
    fn status_meaning(&self, text: &str) -> StatusMeaning {
        if let Some(meaning) = read_lock(&self.meanings).get(text) {
            return *meaning;
        }
        let meaning = status_meaning(text);
        write_lock(&self.meanings).insert(text.to_string(), meaning);
        meaning
    }

    fn row_kind(&self, text: &str) -> RowKind {
        if let Some(kind) = read_lock(&self.kinds).get(text) {
            return *kind;
        }
        let normalized = normalize_header(text);
        let kind = if vocabulary::names(Field::StatusPending, &normalized) {
            RowKind::NotPaid
        } else if vocabulary::names(Field::TransferEvent, &normalized) {
            RowKind::Transfer
        } else if is_refund_event(text) {
            RowKind::Refund
        } else {
            RowKind::Other
        };
        write_lock(&self.kinds).insert(text.to_string(), kind);
        kind
    }

    fn cell(&self, row: usize, column: usize) -> CellRef<'a> {
        self.table.rows.row(row).get(column).unwrap_or_default()
    }

    fn text(&self, row: usize, column: Option<usize>) -> Option<Cow<'a, str>> {
        column.and_then(|c| text_of(self.cell(row, c)))
    }

    fn header(&self, column: usize) -> &str {
        &self.table.headers[column]
    }

    /// A number in `column`: `None` when the cell is empty, a problem when it is not a number.
    fn number(&self, row: usize, column: Option<usize>) -> Result<Option<f64>, RowProblem> {
        let Some(c) = column else { return Ok(None) };
        let read = self
            .parsed
            .number(row, c)
            .unwrap_or_else(|| cell_number(self.cell(row, c), self.style));
        match read {
            Ok(Some(value)) if value.abs() > MAX_AMOUNT => Err(RowProblem::new(
                row + 1,
                self.header(c),
                ProblemReason::AmountTooLarge(self.cell(row, c).display()),
            )),
            Ok(value) => Ok(value),
            Err(()) => Err(RowProblem::new(
                row + 1,
                self.header(c),
                ProblemReason::NotAnAmount(self.cell(row, c).display()),
            )),
        }
    }

    /// The row's own customer key, by the order of metrics.md.
    fn customer(&self, row: usize) -> Option<Cow<'a, str>> {
        self.customer_of(&[row])
    }

    /// An order's customer: the first email on any of its lines, else the first id, else phone
    /// (the order-level fields of a line-item export are on its first line only). A key the
    /// cell already holds as it is (a lower-case email, a plain id) is not copied.
    fn customer_of(&self, rows: &[usize]) -> Option<Cow<'a, str>> {
        let first = |column: Option<usize>, key: fn(Cow<'a, str>) -> Option<Cow<'a, str>>| {
            rows.iter()
                .find_map(|&r| self.text(r, column).and_then(key))
        };
        first(self.columns.email, email_key)
            .or_else(|| first(self.columns.customer_id, customer_id_key))
            .or_else(|| first(self.columns.phone, phone_key))
            .or_else(|| {
                if !self.customer_from_name {
                    None
                } else if let Some(sections) = &self.sections {
                    rows.iter()
                        .find_map(|&r| sections.get(r).copied().flatten().and_then(normalise_name))
                        .map(Cow::Owned)
                } else {
                    first(self.columns.name, |t| normalise_name(&t).map(Cow::Owned))
                }
            })
    }

    /// The row's date and time: the date column, with the time column's time when the date
    /// holds none.
    fn datetime(&self, row: usize) -> Result<NaiveDateTime, RowProblem> {
        let Some(c) = self.columns.date else {
            return Err(RowProblem::new(row + 1, "", ProblemReason::BlankDate));
        };
        let read = match self.parsed.datetimes.get(row) {
            Some(&read) => unpack_time(read),
            None => row_datetime(self.table, self.columns, self.date_order, row),
        };
        read.ok_or_else(|| {
            let cell = self.cell(row, c);
            let reason = if is_missing(cell) {
                ProblemReason::BlankDate
            } else {
                ProblemReason::NotADate {
                    value: cell.display(),
                    expected: self.date_order,
                }
            };
            RowProblem::new(row + 1, self.header(c), reason)
        })
    }

    /// A line's own value: its line amount, else the per-line total, else quantity × unit price
    /// (a price without a quantity column is one unit).
    fn line_value(&self, row: usize, total_per_line: bool) -> Result<Option<f64>, RowProblem> {
        if let Some(value) = self.number(row, self.columns.line_amount)? {
            return Ok(Some(value));
        }
        if total_per_line && let Some(value) = self.number(row, self.columns.total)? {
            return Ok(Some(value));
        }
        let price = self.number(row, self.columns.unit_price)?;
        let quantity = match self.columns.quantity {
            Some(_) => self.number(row, self.columns.quantity)?,
            None => Some(1.0),
        };
        match price
            .zip(quantity)
            .map(|(price, quantity)| price * quantity)
        {
            Some(value) if value.abs() > MAX_AMOUNT => {
                let (c, q) = (self.columns.unit_price, self.columns.quantity);
                let written = |c: Option<usize>| c.map(|c| self.cell(row, c).display());
                Err(RowProblem::new(
                    row + 1,
                    c.map_or("", |c| self.header(c)),
                    ProblemReason::AmountTooLarge(format!(
                        "{} × {}",
                        written(q).unwrap_or_else(|| "1".into()),
                        written(c).unwrap_or_default()
                    )),
                ))
            }
            value => Ok(value),
        }
    }

    /// Every amount of one row; the first unreadable one is the row's problem.
    fn amounts(&self, row: usize, total_per_line: bool) -> Result<RowAmounts, RowProblem> {
        Ok(RowAmounts {
            line: self.line_value(row, total_per_line)?,
            total: if total_per_line {
                None
            } else {
                self.number(row, self.columns.total)?
            },
            refunded: self.number(row, self.columns.refunded)?,
            adjusted: self.number(row, self.columns.adjusted_total)?,
        })
    }

    /// The header a missing amount is reported under.
    fn amount_header(&self) -> &str {
        let c = self.columns;
        c.line_amount
            .or(c.unit_price)
            .or(c.total)
            .or(c.quantity)
            .map_or("", |i| self.header(i))
    }
}

/// The amounts one row holds.
struct RowAmounts {
    /// The line's own value.
    line: Option<f64>,
    /// The order's total, when the total column is order-level.
    total: Option<f64>,
    /// A refunded amount.
    refunded: Option<f64>,
    /// The total after refunds.
    adjusted: Option<f64>,
}

/// The date order of the date column. Where every date fits both day-first and month-first
/// (no day above 12), the file's money says whose convention it follows: dollars are written
/// month-first (Etsy, Square), euros and pounds day-first.
/// `detected` is the column's [`best_date_order`]: the chosen date column is read in its best
/// order, as for surveys, with no threshold.
fn column_date_order(
    table: &HeadedTable,
    columns: &OrderColumns,
    detected: Option<DateOrder>,
) -> Option<DateOrder> {
    let c = columns.date?;
    if let Some(hint) = date_order_hint(table, columns)
        && hint != detected?
    {
        // (filled cells, of which read in the hint's order)
        let counts = crate::parallel::map_ranges("date-hint", table.rows.len(), |rows| {
            table
                .column_range(c, rows)
                .filter(|&cell| !is_missing(cell))
                .fold((0usize, 0usize), |(filled, read), cell| {
                    (
                        filled + 1,
                        read + usize::from(parse_datetime(cell, hint).is_some()),
                    )
                })
        });
        let (filled, read) = counts
            .into_iter()
            .fold((0, 0), |all, part| (all.0 + part.0, all.1 + part.1));
        if filled > 0 && read == filled {
            return Some(hint);
        }
    }
    detected
}

/// Rows whose votes give the date order and number style an order file is first read in.
const GUESS_ROWS: usize = 20_000;

/// Rows looked at for the currency a file is in.
const CURRENCY_ROWS: usize = 2_000;

/// Month-first when the file's amounts (or its currency column) are mostly in dollars.
fn date_order_hint(table: &HeadedTable, columns: &OrderColumns) -> Option<DateOrder> {
    let normalized: Vec<String> = table.headers.iter().map(|h| normalize_header(h)).collect();
    let currency = normalized
        .iter()
        .position(|h| vocabulary::names(Field::Currency, h));
    let money = [
        columns.total,
        columns.line_amount,
        columns.unit_price,
        currency,
    ];
    let (mut dollars, mut others) = (0usize, 0usize);
    for cell in money
        .iter()
        .flatten()
        .flat_map(|&c| table.column(c).take(CURRENCY_ROWS))
    {
        if let CellRef::Text(text) = cell {
            if text.contains('$') || text.contains("USD") {
                dollars += 1;
            } else if text.contains(['€', '£']) || text.contains("EUR") || text.contains("GBP") {
                others += 1;
            }
        }
    }
    (dollars > others).then_some(DateOrder::Mdy)
}

/// Cells a column is sampled by to tell whether it holds currency codes.
const CODE_SAMPLE: usize = 50;

/// True when the column's first filled cells are all a currency's mark alone (`USD`, `€`):
/// a currency column, whatever its header (BigCommerce's "Order Currency Code").
fn holds_currency_codes(table: &HeadedTable, column: usize) -> bool {
    let mut seen = 0;
    for cell in table.column(column).take(CODE_SAMPLE) {
        match cell {
            CellRef::Text(text) if text.trim().is_empty() => continue,
            CellRef::Text(text)
                if !text.contains(|c: char| c.is_ascii_digit())
                    && crate::import::values::currency_code(text).is_some() =>
            {
                seen += 1
            }
            CellRef::Empty => continue,
            _ => return false,
        }
    }
    seen > 0
}

/// The currency most of the file's first amounts (and its currency column) are marked in.
fn file_currency(table: &HeadedTable, columns: &OrderColumns) -> Option<&'static str> {
    let currency = table
        .headers
        .iter()
        .position(|h| vocabulary::names(Field::Currency, &normalize_header(h)))
        .or_else(|| (0..table.headers.len()).find(|&c| holds_currency_codes(table, c)));
    let mut votes: Vec<(&'static str, usize)> = Vec::new();
    for cell in [
        columns.total,
        columns.line_amount,
        columns.unit_price,
        currency,
    ]
    .iter()
    .flatten()
    .flat_map(|&c| table.column(c).take(CURRENCY_ROWS))
    {
        if let CellRef::Text(text) = cell
            && let Some(code) = crate::import::values::currency_code(text)
        {
            match votes.iter_mut().find(|(c, _)| *c == code) {
                Some((_, n)) => *n += 1,
                None => votes.push((code, 1)),
            }
        }
    }
    // The first seen wins a tie: votes keep the order codes were met in.
    votes
        .iter()
        .fold(
            None,
            |best: Option<(&'static str, usize)>, &(code, n)| match best {
                Some((_, m)) if m >= n => best,
                _ => Some((code, n)),
            },
        )
        .map(|(code, _)| code)
}

/// The lines of one order (or one credit note) in the file.
struct Group<'a> {
    key: Cow<'a, str>,
    rows: &'a [usize],
}

/// The group number of a row in no group (an order file has fewer orders than rows).
const NO_GROUP: u32 = u32::MAX;

/// Every order's rows, in order of first appearance: one array for all of them, as a file
/// has a million orders and a vector each would be a million allocations.
struct Groups<'a> {
    keys: Vec<Cow<'a, str>>,
    /// The rows of group `g` are `rows[starts[g]..starts[g + 1]]`, in file order.
    rows: Vec<usize>,
    starts: Vec<usize>,
}

impl<'a> Groups<'a> {
    /// Groups from each row's group number ([`NO_GROUP`] for rows in none).
    fn new(keys: Vec<Cow<'a, str>>, group_of_row: &[u32]) -> Groups<'a> {
        let mut starts = vec![0usize; keys.len() + 1];
        for &g in group_of_row.iter().filter(|&&g| g != NO_GROUP) {
            starts[g as usize + 1] += 1;
        }
        for g in 0..keys.len() {
            starts[g + 1] += starts[g];
        }
        let mut next = starts.clone();
        let mut rows = vec![0usize; starts[keys.len()]];
        for (row, &g) in group_of_row.iter().enumerate() {
            if g != NO_GROUP {
                rows[next[g as usize]] = row;
                next[g as usize] += 1;
            }
        }
        Groups { keys, rows, starts }
    }

    /// Group `g`.
    fn group(&self, g: usize) -> Group<'_> {
        Group {
            key: Cow::Borrowed(self.keys[g].as_ref()),
            rows: &self.rows[self.starts[g]..self.starts[g + 1]],
        }
    }

    fn iter(&self) -> impl Iterator<Item = Group<'_>> {
        (0..self.keys.len()).map(|g| self.group(g))
    }
}

/// What one line did.
enum LineUse {
    Sold(f64),
    Refund(f64),
    Zero,
    NoValue,
}

/// Validates every row of an order table. Rows that are not part of a kept order or a refund
/// are left out and reported; the file as a whole is refused only when it has no date or no
/// amount column.
pub fn validate_orders(
    table: &HeadedTable,
    columns: &OrderColumns,
) -> Result<(OrderRows, Vec<RowProblem>), OrderError> {
    if columns.date.is_none() {
        return Err(OrderError::NoDateColumn);
    }
    if columns.total.is_none() && columns.line_amount.is_none() && columns.unit_price.is_none() {
        return Err(OrderError::NoAmountColumn);
    }
    let money_columns: Vec<usize> = columns.money().collect();
    let checked = columns.clone().with_checked_money(table);
    let columns = &checked;
    let some_paid = columns
        .paid_at
        .is_some_and(|c| table.column(c).any(|cell| !is_missing(cell)));
    let sections = columns.name.and_then(|c| section_labels(table, c));
    // The date order and the number style are the whole file's votes, but reading every
    // cell to vote and then again to parse was a third of an import: the rows are read in
    // what their first rows vote for, voting as they go, and read again only if the whole
    // file votes otherwise.
    let first_rows = 0..table.rows.len().min(GUESS_ROWS);
    let style_guess = style_of_votes(columns_separator_votes(
        table,
        &money_columns,
        first_rows.clone(),
    ));
    let order_guess = columns
        .date
        .and_then(|c| best_date_order(table.column_range(c, first_rows.clone())));
    let (mut parsed, votes) = Parsed::read(table, columns, order_guess, style_guess);
    // Money columns whose values are not all amounts vote without being read.
    let unread: Vec<usize> = money_columns
        .iter()
        .copied()
        .filter(|c| !parsed.numbers.iter().any(|(read, _)| read == c))
        .collect();
    let unread_votes = if unread.is_empty() {
        (0, 0)
    } else {
        columns_separator_votes(table, &unread, 0..table.rows.len())
    };
    let style = style_of_votes((
        votes.separators.0 + unread_votes.0,
        votes.separators.1 + unread_votes.1,
    ));
    let date_order = column_date_order(table, columns, votes.dates.best_order());
    if (date_order, style) != (order_guess, style_guess) {
        parsed = Parsed::read(table, columns, date_order, style).0;
    }
    let reader = Reader {
        table,
        columns,
        some_paid,
        sections,
        meanings: Default::default(),
        kinds: Default::default(),
        date_order,
        parsed,
        style,
        customer_from_name: columns.email.is_none()
            && columns.customer_id.is_none()
            && columns.phone.is_none()
            && columns.name.is_some(),
    };
    let mut problems = Vec::new();
    let groups = group_rows(&reader, &mut problems);
    let total_per_line = total_is_per_line(&reader, &groups);
    let groups = &groups;
    // Online Retail numbers invoices 489434 and credit notes C489449: a `C` before the digits
    // is a credit note only where other documents are plain digits.
    let plain_numeric_ids = columns.order_id.is_some()
        && groups
            .keys
            .iter()
            .any(|key| key.bytes().all(|b| b.is_ascii_digit()));
    // Each order is settled from its own rows alone: runs of orders go to separate threads.
    // Each run fills its own part of one vector of orders and one of lines, as long as its
    // groups and their rows (an order per group and a line per row at most), so that putting
    // the runs together moves results down in place: appending each run's own vectors held
    // half the lines twice (120 MB more on 5 million lines).
    let runs = crate::parallel::split_ranges(groups.keys.len());
    let placeholder = Order {
        order_id: CompactString::default(),
        date: NaiveDate::default(),
        customer: None,
        gross: 0.0,
        store: None,
        channel: None,
        source_row: 0,
    };
    let mut orders = crate::parallel::filled_vec("orders", groups.keys.len(), &placeholder);
    let mut lines = crate::parallel::filled_vec(
        "lines",
        groups.rows.len(),
        &OrderLine::new(0, None, None, 0),
    );
    let mut parts = Vec::with_capacity(runs.len());
    let (mut orders_left, mut lines_left) = (&mut orders[..], &mut lines[..]);
    for run in &runs {
        let line_count = groups.starts[run.end] - groups.starts[run.start];
        let (run_orders, rest) = std::mem::take(&mut orders_left).split_at_mut(run.len());
        orders_left = rest;
        let (run_lines, rest) = std::mem::take(&mut lines_left).split_at_mut(line_count);
        lines_left = rest;
        parts.push((run.clone(), Settled::new(run_orders, run_lines)));
    }
    let settled = crate::parallel::run_each("orders", parts, |(run, mut out)| {
        let mut problems = Vec::new();
        let mut names = Names::default();
        for g in run {
            let group = groups.group(g);
            let credit_note = plain_numeric_ids && is_credit_note_id(&group.key);
            settle_group(
                &reader,
                &group,
                credit_note,
                total_per_line,
                &mut out,
                &mut problems,
                &mut names,
            );
        }
        (out.finish(), problems)
    });
    let mut out = OrderRows {
        orders: Vec::new(),
        refunds: Vec::new(),
        lines: Vec::new(),
        lines_used: 0,
        lines_without_customer: 0,
        date_order: reader.date_order,
        number_style: style,
        total_per_line,
        customer_from_name: reader.customer_from_name,
        product_column: columns.product,
        category_column: columns.category,
        name_column: columns.name,
        phone_column: columns.phone,
        currency: file_currency(table, columns),
    };
    // Each run's results go right after the run's before, in file order.
    let (mut kept_orders, mut kept_lines) = (0usize, 0usize);
    // Places results that did not fit their run's room pushed the runs after them by.
    let (mut orders_shift, mut lines_shift) = (0usize, 0usize);
    for (run, (part, part_problems)) in runs.iter().zip(settled) {
        let first_order = kept_orders as u32;
        let from = run.start + orders_shift;
        for i in 0..part.orders {
            orders.swap(kept_orders, from + i);
            kept_orders += 1;
        }
        let more_orders = part.more_orders.len();
        orders.splice(kept_orders..kept_orders, part.more_orders);
        kept_orders += more_orders;
        orders_shift += more_orders;
        let from = groups.starts[run.start] + lines_shift;
        for i in 0..part.lines {
            lines.swap(kept_lines, from + i);
            lines[kept_lines].order += first_order;
            kept_lines += 1;
        }
        let more_lines = part.more_lines.len();
        lines_shift += more_lines;
        lines.splice(
            kept_lines..kept_lines,
            part.more_lines.into_iter().map(|line| OrderLine {
                order: line.order + first_order,
                ..line
            }),
        );
        kept_lines += more_lines;
        out.refunds.extend(part.refunds);
        out.lines_used += part.lines_used;
        out.lines_without_customer += part.lines_without_customer;
        problems.extend(part_problems);
    }
    orders.truncate(kept_orders);
    orders.shrink_to_fit();
    lines.truncate(kept_lines);
    lines.shrink_to_fit();
    out.orders = orders;
    out.lines = lines;
    problems.sort_by_key(|p| p.row);
    Ok((out, problems))
}

fn is_credit_note_id(id: &str) -> bool {
    id.strip_prefix(['C', 'c'])
        .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()))
}

/// True for a row whose only filled cell is in `column`: a heading over the rows below it.
fn is_heading_row(row: Row<'_>, column: usize) -> bool {
    row.get(column).is_some_and(|c| !is_missing(c))
        && row
            .iter()
            .enumerate()
            .all(|(i, cell)| i == column || is_missing(cell))
}

/// When every value of `column` stands alone on its row (a report's group headings, "Brooks
/// Café" above that customer's invoices), the heading in effect on each row; else `None`.
fn section_labels(table: &HeadedTable, column: usize) -> Option<Vec<Option<&str>>> {
    let mut headings = 0usize;
    let mut labels = Vec::with_capacity(table.rows.len());
    let mut current: Option<&str> = None;
    for row in table.rows.iter() {
        match row.get(column) {
            // A subtotal under a group ("Total for Brooks Café") is no heading, nor data.
            Some(CellRef::Text(_)) if is_totals_row(row) => {}
            Some(CellRef::Text(text)) if !is_missing(row.cell(column)) => {
                if !is_heading_row(row, column) {
                    return None;
                }
                headings += 1;
                current = Some(text.trim());
            }
            Some(cell) if !is_missing(cell) => return None,
            _ => {}
        }
        labels.push(current);
    }
    (headings >= 1).then_some(labels)
}

/// Puts every row in its order: by order number, a blank number continuing the order above;
/// without order numbers, one customer's lines at the same date and time. Runs of rows are
/// grouped on all cores, then their orders are joined by key, in order of first appearance.
fn group_rows<'a>(reader: &Reader<'a>, problems: &mut Vec<RowProblem>) -> Groups<'a> {
    // One hasher for every run, so a key's hash from its run serves the join as well.
    let hasher = PlRandomState::default();
    let ranges = crate::parallel::map_ranges("groups", reader.table.rows.len(), |rows| {
        group_range(reader, rows, &hasher)
    });
    let all_keys: usize = ranges.iter().map(|r| r.keys.len()).sum();
    let mut keys: Vec<Cow<'a, str>> = Vec::with_capacity(all_keys);
    // Group numbers by key hash: four bytes an entry, and no key hashed twice.
    let mut by_key: HashTable<u32> = HashTable::with_capacity(all_keys);
    let mut group_of_row: Vec<u32> = Vec::with_capacity(reader.table.rows.len());
    // The order the rows above continue, at the end of the ranges joined so far.
    let mut current: Option<u32> = None;
    for range in ranges {
        let global: Vec<u32> = range
            .keys
            .into_iter()
            .zip(range.hashes)
            .map(
                |(key, hash)| match by_key.find(hash, |&g| keys[g as usize] == key) {
                    Some(&g) => g,
                    None => {
                        let g = keys.len() as u32;
                        keys.push(key);
                        by_key.insert_unique(hash, g, |&g| hasher.hash_one(&keys[g as usize]));
                        g
                    }
                },
            )
            .collect();
        for (slot, g) in range.group_of_row.into_iter().enumerate() {
            group_of_row.push(match g {
                NO_GROUP => NO_GROUP,
                CONTINUES_ABOVE => match current {
                    Some(g) => g,
                    None => {
                        let c = reader.columns.order_id.unwrap_or(0);
                        problems.push(RowProblem::new(
                            range.start + slot + 1,
                            reader.header(c),
                            ProblemReason::BlankOrderId,
                        ));
                        NO_GROUP
                    }
                },
                g => global[g as usize],
            });
        }
        problems.extend(range.problems);
        if !range.untouched {
            current = range.current.map(|g| global[g]);
        }
    }
    Groups::new(keys, &group_of_row)
}

/// A row whose order number is blank at the top of a range: it continues whatever order the
/// rows above the range end with.
const CONTINUES_ABOVE: u32 = u32::MAX - 1;

/// The orders of one run of rows, numbered within the run.
struct RangeGroups<'a> {
    start: usize,
    keys: Vec<Cow<'a, str>>,
    /// Each key's hash.
    hashes: Vec<u64>,
    /// For each row of the run: its order's number in `keys`, [`NO_GROUP`] or
    /// [`CONTINUES_ABOVE`].
    group_of_row: Vec<u32>,
    problems: Vec<RowProblem>,
    /// The order the run's last rows belong to.
    current: Option<usize>,
    /// Nothing in the run started an order or broke one off (only blank order numbers, or
    /// rows left out without a break): the order above goes on through it.
    untouched: bool,
}

fn group_range<'a>(
    reader: &Reader<'a>,
    rows: std::ops::Range<usize>,
    hasher: &PlRandomState,
) -> RangeGroups<'a> {
    let columns = reader.columns;
    let mut problems = Vec::new();
    // Room for a key per row, the most there can be: room not taken is never touched, and
    // growing as keys come copied them over and over (a tenth of a second on 5M lines).
    let mut keys: Vec<Cow<'a, str>> = Vec::with_capacity(rows.len());
    let mut hashes: Vec<u64> = Vec::with_capacity(rows.len());
    let mut group_of_row: Vec<u32> = vec![NO_GROUP; rows.len()];
    // polars' hasher: SipHash was a tenth of the import time of a file with a million orders.
    let mut by_key: HashTable<u32> = HashTable::new();
    let mut current: Option<usize> = None;
    let mut untouched = true;
    let date_header = columns.date.map_or("", |c| reader.header(c));
    for index in rows.clone() {
        let row = reader.table.rows.row(index);
        let slot = index - rows.start;
        if row.iter().all(is_missing) {
            problems.push(RowProblem::new(
                index + 1,
                date_header,
                ProblemReason::EmptyRow,
            ));
            current = None;
            untouched = false;
            continue;
        }
        if reader.sections.is_some()
            && let Some(c) = columns.name
            && is_heading_row(row, c)
        {
            problems.push(RowProblem::new(
                index + 1,
                reader.header(c),
                ProblemReason::Heading,
            ));
            current = None;
            untouched = false;
            continue;
        }
        let date_missing = columns
            .date
            .is_none_or(|c| is_missing(reader.cell(index, c)));
        if date_missing && is_totals_row(row) {
            let column = row
                .iter()
                .position(|c| !is_missing(c))
                .map_or("", |c| reader.header(c));
            problems.push(RowProblem::new(index + 1, column, ProblemReason::TotalsRow));
            current = None;
            untouched = false;
            continue;
        }
        // Documents that are no sale at all: a pro-forma or draft, money moved to the bank.
        if let Some(kind) = reader.text(index, columns.event_type) {
            let reason = match reader.row_kind(&kind) {
                RowKind::NotPaid => Some(ProblemReason::UnpaidOrder(kind.into_owned())),
                RowKind::Transfer => Some(ProblemReason::Transfer(kind.into_owned())),
                RowKind::Refund | RowKind::Other => None,
            };
            if let Some(reason) = reason {
                let column = columns.event_type.map_or("", |c| reader.header(c));
                problems.push(RowProblem::new(index + 1, column, reason));
                continue;
            }
        }
        let key = match columns.order_id {
            Some(c) => match reader.text(index, Some(c)) {
                Some(id) => id,
                None => match current {
                    Some(g) => {
                        group_of_row[slot] = g as u32;
                        continue;
                    }
                    // Where the range starts, the order above is in the range before.
                    None if untouched => {
                        group_of_row[slot] = CONTINUES_ABOVE;
                        continue;
                    }
                    None => {
                        problems.push(RowProblem::new(
                            index + 1,
                            reader.header(c),
                            ProblemReason::BlankOrderId,
                        ));
                        continue;
                    }
                },
            },
            None => match reader.datetime(index) {
                Ok(datetime) => Cow::Owned(format!(
                    "{}|{}",
                    reader.customer(index).unwrap_or_default(),
                    datetime.format("%Y-%m-%d %H:%M:%S")
                )),
                Err(problem) => {
                    problems.push(problem);
                    continue;
                }
            },
        };
        // Most lines continue the order above: no need to look the key up.
        let g = match current.filter(|&g| keys[g] == key) {
            Some(g) => g,
            None => {
                let hash = hasher.hash_one(&key);
                match by_key.find(hash, |&g| keys[g as usize] == key) {
                    Some(&g) => g as usize,
                    None => {
                        let g = keys.len();
                        keys.push(key);
                        hashes.push(hash);
                        by_key.insert_unique(hash, g as u32, |&g| hashes[g as usize]);
                        g
                    }
                }
            }
        };
        group_of_row[slot] = g as u32;
        current = Some(g);
        untouched = false;
    }
    RangeGroups {
        start: rows.start,
        keys,
        hashes,
        group_of_row,
        problems,
        current,
        untouched,
    }
}

/// Whether the `total` column holds each line's amount: some order shows different positive
/// values on its lines. An order total sits on one line (Shopify) or repeats unchanged on each
/// (WooCommerce).
fn total_is_per_line(reader: &Reader, groups: &Groups) -> bool {
    let Some(column) = reader.columns.total else {
        return false;
    };
    // Rows that are payments of an order (each with its own payment number) and have no
    // line amount each carry their own amount, even when two payments happen to be equal.
    if let Some(payment) = reader.columns.payment_id
        && Some(payment) != reader.columns.order_id
        && reader.columns.line_amount.is_none()
    {
        let mut seen = PlHashSet::new();
        let mut filled = 0usize;
        for cell in reader.table.column(payment).filter(|&c| !is_missing(c)) {
            filled += 1;
            seen.insert(cell.display());
        }
        if filled > 0 && seen.len() == filled {
            return true;
        }
    }
    groups.iter().any(|group| {
        let mut values = group
            .rows
            .iter()
            .filter_map(|&r| reader.number(r, Some(column)).ok().flatten())
            .filter(|v| *v > 0.0);
        let Some(first) = values.next() else {
            return false;
        };
        values.any(|v| (v - first).abs() > 0.005)
    })
}

/// The order-level values of a group, each from the first line that has it.
struct GroupFacts {
    order_total: Option<f64>,
    refunded: Option<(usize, f64)>,
    adjusted: Option<f64>,
}

/// Room for one run's orders or lines, its part of the vector every run fills.
struct Slots<'s, T> {
    slots: &'s mut [T],
    len: usize,
    /// What did not fit. Never anything: a run has room for an order per group and a line
    /// per row; but a mistake there is no reason to lose an order.
    more: Vec<T>,
}

impl<'s, T> Slots<'s, T> {
    fn new(slots: &'s mut [T]) -> Slots<'s, T> {
        Slots {
            slots,
            len: 0,
            more: Vec::new(),
        }
    }

    fn push(&mut self, value: T) {
        match self.slots.get_mut(self.len) {
            Some(slot) => {
                *slot = value;
                self.len += 1;
            }
            None => self.more.push(value),
        }
    }

    fn len(&self) -> usize {
        self.len + self.more.len()
    }
}

/// What one run of groups settled, as it is filled.
struct Settled<'s> {
    orders: Slots<'s, Order>,
    lines: Slots<'s, OrderLine>,
    refunds: Vec<Refund>,
    lines_used: usize,
    lines_without_customer: usize,
    /// How each line of the group being settled is used, kept for the next group.
    uses: Vec<(usize, LineUse, Option<f64>)>,
}

/// What one run settled, once done: how many of its slots it filled, and the rest.
struct RunResult {
    orders: usize,
    more_orders: Vec<Order>,
    lines: usize,
    more_lines: Vec<OrderLine>,
    refunds: Vec<Refund>,
    lines_used: usize,
    lines_without_customer: usize,
}

impl<'s> Settled<'s> {
    fn new(orders: &'s mut [Order], lines: &'s mut [OrderLine]) -> Settled<'s> {
        Settled {
            orders: Slots::new(orders),
            lines: Slots::new(lines),
            refunds: Vec::new(),
            lines_used: 0,
            lines_without_customer: 0,
            uses: Vec::new(),
        }
    }

    fn finish(self) -> RunResult {
        RunResult {
            orders: self.orders.len,
            more_orders: self.orders.more,
            lines: self.lines.len,
            more_lines: self.lines.more,
            refunds: self.refunds,
            lines_used: self.lines_used,
            lines_without_customer: self.lines_without_customer,
        }
    }
}

/// Turns one group of lines into an order, refunds and row problems.
fn settle_group(
    reader: &Reader,
    group: &Group,
    credit_note: bool,
    total_per_line: bool,
    out: &mut Settled,
    problems: &mut Vec<RowProblem>,
    names: &mut Names,
) {
    let columns = reader.columns;
    let rows = group.rows;
    let order_datetime = match rows.iter().map(|&r| reader.datetime(r)).find(Result::is_ok) {
        Some(Ok(datetime)) => datetime,
        _ => {
            // No line has a date: each line is reported with the first line's reason.
            if let Err(first) = reader.datetime(rows[0]) {
                for &r in rows {
                    problems.push(RowProblem::new(r + 1, &first.column, first.reason.clone()));
                }
            }
            return;
        }
    };
    // Payments of one order can differ (a declined card, then cash): then each row's own
    // status counts, and only the failed ones are left out.
    let kept_rows;
    let rows = match payment_statuses_differ(reader, rows) {
        true => {
            kept_rows = rows
                .iter()
                .copied()
                .filter(
                    |&r| match exclusion(reader, &[r], &statuses(reader, &[r])) {
                        Some((column, reason)) => {
                            problems.push(RowProblem::new(r + 1, &column, reason));
                            false
                        }
                        None => true,
                    },
                )
                .collect::<Vec<usize>>();
            if kept_rows.is_empty() {
                return;
            }
            &kept_rows
        }
        false => rows,
    };
    // Read once: the exclusion and the full refund below both ask.
    let group_statuses = statuses(reader, rows);
    if let Some((column, reason)) = exclusion(reader, rows, &group_statuses) {
        for &r in rows {
            problems.push(RowProblem::new(r + 1, &column, reason.clone()));
        }
        return;
    }
    let customer = reader.customer_of(rows).map(|c| names.get(&c));
    let store = rows
        .iter()
        .find_map(|&r| reader.text(r, columns.store))
        .map(|t| names.get(&t));
    let channel = rows
        .iter()
        .find_map(|&r| reader.text(r, columns.channel))
        .map(|t| names.get(&t));

    let mut facts = GroupFacts {
        order_total: None,
        refunded: None,
        adjusted: None,
    };
    // The run's buffer, not one allocation per order.
    let mut uses = std::mem::take(&mut out.uses);
    uses.clear();
    for &r in rows {
        let RowAmounts {
            line,
            total,
            refunded,
            adjusted,
        } = match reader.amounts(r, total_per_line) {
            Ok(amounts) => amounts,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        if facts.refunded.is_none()
            && let Some(value) = refunded
        {
            facts.refunded = Some((r, value.abs()));
        }
        facts.adjusted = facts.adjusted.or(adjusted);
        let refund_row = credit_note
            || reader
                .text(r, columns.event_type)
                .is_some_and(|t| reader.row_kind(&t) == RowKind::Refund);
        let by_value = |value: Option<f64>| match value {
            Some(v) if v < 0.0 => LineUse::Refund(-v),
            Some(v) if v > 0.0 => LineUse::Sold(v),
            Some(_) => LineUse::Zero,
            None => LineUse::NoValue,
        };
        let usage = if refund_row {
            match total.or(line).map(f64::abs) {
                Some(v) if v > 0.0 => LineUse::Refund(v),
                Some(_) => LineUse::Zero,
                None => LineUse::NoValue,
            }
        } else {
            match total {
                Some(t) if t < 0.0 => LineUse::Refund(-t),
                Some(t) => {
                    if t > 0.0 && facts.order_total.is_none() {
                        facts.order_total = Some(t);
                    }
                    by_value(line)
                }
                None => by_value(line),
            }
        };
        uses.push((r, usage, line));
    }

    let sold: f64 = uses
        .iter()
        .map(|(_, usage, _)| match usage {
            LineUse::Sold(v) => *v,
            _ => 0.0,
        })
        .sum();
    let gross = facts.order_total.unwrap_or(sold);
    let is_order = !credit_note && gross > 0.0;
    let has_customer = customer.is_some();
    let template = RefundTemplate {
        order_id: is_order.then_some(group.key.as_ref()),
        customer: customer.as_ref(),
        store: store.as_ref(),
        channel: channel.as_ref(),
    };
    let mut used_rows = 0usize;
    let mut refund_events: Vec<Refund> = Vec::new();
    for (r, usage, line) in &uses {
        let r = *r;
        match usage {
            LineUse::Refund(amount) => {
                let date = reader.datetime(r).map_or(order_datetime, |d| d).date();
                add_refund(&mut refund_events, &template, date, *amount, r);
                used_rows += 1;
            }
            LineUse::NoValue if !(is_order && facts.order_total.is_some()) => {
                problems.push(RowProblem::new(
                    r + 1,
                    reader.amount_header(),
                    ProblemReason::BlankAmount,
                ));
            }
            LineUse::Sold(_) | LineUse::Zero | LineUse::NoValue if is_order => {
                used_rows += 1;
                out.lines.push(OrderLine::new(
                    out.orders.len() as u32,
                    reader.number(r, columns.quantity).ok().flatten(),
                    *line,
                    (r + 1) as u32,
                ));
            }
            _ => problems.push(RowProblem::new(
                r + 1,
                reader.amount_header(),
                ProblemReason::ZeroValue,
            )),
        }
    }
    if is_order {
        let order_date = order_datetime.date();
        let has_refund_lines = !refund_events.is_empty();
        if let Some((row, amount)) = facts.refunded
            && amount > 0.0
        {
            add_refund(&mut refund_events, &template, order_date, amount, row);
        }
        if let Some(adjusted) = facts.adjusted
            && adjusted + 0.005 < gross
        {
            add_refund(
                &mut refund_events,
                &template,
                order_date,
                gross - adjusted,
                rows[0],
            );
        }
        let fully_refunded = group_statuses
            .iter()
            .any(|(_, _, meaning)| *meaning == StatusMeaning::FullyRefunded);
        if fully_refunded
            && columns.refunded.is_none()
            && columns.adjusted_total.is_none()
            && !has_refund_lines
        {
            add_refund(&mut refund_events, &template, order_date, gross, rows[0]);
        }
        out.orders.push(Order {
            order_id: CompactString::from(group.key.as_ref()),
            date: order_date,
            customer,
            gross,
            store,
            channel,
            source_row: (rows[0] + 1) as u32,
        });
    }
    out.lines_used += used_rows;
    if !has_customer {
        out.lines_without_customer += used_rows;
    }
    out.refunds.extend(refund_events);
    out.uses = uses;
}

/// Adds `amount` to the group's refund on `date`, or starts one: one refund event per order and
/// day, however many lines were returned.
fn add_refund(
    events: &mut Vec<Refund>,
    template: &RefundTemplate,
    date: NaiveDate,
    amount: f64,
    row: usize,
) {
    match events.iter_mut().find(|e| e.date == date) {
        Some(event) => event.amount += amount,
        None => events.push(Refund {
            order_id: template.order_id.map(CompactString::from),
            date,
            customer: template.customer.cloned(),
            amount,
            store: template.store.cloned(),
            channel: template.channel.cloned(),
            source_row: (row + 1) as u32,
        }),
    }
}

/// What every refund of a group shares, borrowed: most orders have no refund, and a copy
/// per order would cost as much as the order itself.
struct RefundTemplate<'a> {
    order_id: Option<&'a str>,
    customer: Option<&'a Name>,
    store: Option<&'a Name>,
    channel: Option<&'a Name>,
}

/// Why a whole order is left out, if it is: a cancellation date, or a voided, cancelled or
/// failed status. Gives the column and the reason.
/// The rows of one order are payments with statuses of their own (one payment number each,
/// and the statuses differ).
fn payment_statuses_differ(reader: &Reader, rows: &[usize]) -> bool {
    let (Some(status), Some(payment)) = (reader.columns.status, reader.columns.payment_id) else {
        return false;
    };
    if Some(payment) == reader.columns.order_id || rows.len() < 2 {
        return false;
    }
    let mut statuses = rows.iter().filter_map(|&r| reader.text(r, Some(status)));
    let first = statuses.next();
    statuses.any(|s| Some(&s) != first.as_ref())
}

/// Why the order of `rows` is no sale, if it is not; `statuses` are the rows' [`statuses`].
fn exclusion(
    reader: &Reader,
    rows: &[usize],
    statuses: &[(usize, String, StatusMeaning)],
) -> Option<(String, ProblemReason)> {
    let columns = reader.columns;
    if let Some(c) = columns.cancelled_at
        && let Some(when) = rows.iter().find_map(|&r| reader.text(r, Some(c)))
    {
        return Some((
            reader.header(c).to_string(),
            ProblemReason::CancelledOrder(when.into_owned()),
        ));
    }
    for (c, status, meaning) in statuses {
        let (c, status) = (*c, status.clone());
        let reason = match meaning {
            StatusMeaning::Voided => Some(ProblemReason::VoidedOrder(status)),
            StatusMeaning::Cancelled => Some(ProblemReason::CancelledOrder(status)),
            StatusMeaning::Failed => Some(ProblemReason::FailedPayment(status)),
            StatusMeaning::Pending => Some(ProblemReason::UnpaidOrder(status)),
            StatusMeaning::FullyRefunded | StatusMeaning::Other => None,
        };
        if let Some(reason) = reason {
            return Some((reader.header(c).to_string(), reason));
        }
    }
    // The status said nothing against the sale: a file that dates payments still does.
    if let Some(c) = columns.paid_at
        && reader.some_paid
        && rows.iter().all(|&r| reader.text(r, Some(c)).is_none())
    {
        return Some((reader.header(c).to_string(), ProblemReason::NoPaymentDate));
    }
    None
}

/// What the orders and refunds frames share: one dated money event with its customer.
struct MoneyEvent<'a> {
    file: &'a str,
    order_id: Option<&'a str>,
    date: NaiveDate,
    customer: Option<&'a str>,
    customer_number: Option<u32>,
    value: f64,
    store: Option<&'a str>,
    channel: Option<&'a str>,
    source_row: u32,
}

/// Events from which the frames are built at once, in two halves of their columns: a shop's
/// million orders keep one core busy for half a second turning them into columns.
const PARALLEL_FRAME_ROWS: usize = 65_536;

/// One frame of `len` money events, the value in column `value_column` (`gross` or `amount`).
/// `events` gives the events afresh each time it is called, once for each half of the columns.
fn money_frame<'a, I>(
    value_column: &str,
    len: usize,
    events: impl Fn() -> I + Sync,
) -> PolarsResult<DataFrame>
where
    I: Iterator<Item = MoneyEvent<'a>>,
{
    let half = |half: u8| -> PolarsResult<Vec<Column>> {
        if half == 0 {
            let (mut order_id, mut date, mut customer, mut customer_number) = (
                Vec::with_capacity(len),
                Vec::with_capacity(len),
                Vec::with_capacity(len),
                Vec::with_capacity(len),
            );
            for event in events() {
                order_id.push(event.order_id);
                date.push(epoch_days(event.date));
                customer.push(event.customer);
                customer_number.push(event.customer_number);
            }
            Ok(vec![
                Column::new(ORDER_ID.into(), order_id),
                Column::new(DATE.into(), date).cast(&DataType::Date)?,
                Column::new(CUSTOMER.into(), customer),
                Column::new(CUSTOMER_NUMBER.into(), customer_number),
            ])
        } else {
            let (mut value, mut store, mut channel, mut source_file, mut source_row) = (
                Vec::with_capacity(len),
                Vec::with_capacity(len),
                Vec::with_capacity(len),
                Vec::with_capacity(len),
                Vec::with_capacity(len),
            );
            for event in events() {
                value.push(event.value);
                store.push(event.store);
                channel.push(event.channel);
                source_file.push(event.file);
                source_row.push(event.source_row);
            }
            Ok(vec![
                Column::new(value_column.into(), value),
                Column::new(STORE.into(), store),
                Column::new(CHANNEL.into(), channel),
                Column::new(SOURCE_FILE.into(), source_file),
                Column::new(SOURCE_ROW.into(), source_row),
            ])
        }
    };
    let halves = match len >= PARALLEL_FRAME_ROWS {
        true => crate::parallel::run_each("frames", vec![0u8, 1], half),
        false => vec![half(0), half(1)],
    };
    let mut columns = Vec::with_capacity(9);
    for half in halves {
        columns.extend(half?);
    }
    DataFrame::new_infer_height(columns)
}

/// Numbers customers for [`CUSTOMER_NUMBER`]: by the shared name first (a customer's orders
/// in one file share one [`Name`], so most lookups hash a pointer, not a text), then by the
/// key as the analysis reads it, trimmed.
#[derive(Default)]
struct CustomerNumbers<'a> {
    by_name: PlHashMap<usize, Option<u32>>,
    by_key: PlHashMap<&'a str, u32>,
}

impl<'a> CustomerNumbers<'a> {
    fn number(&mut self, customer: Option<&'a Name>) -> Option<u32> {
        let name = customer?;
        let by_key = &mut self.by_key;
        *self
            .by_name
            .entry(name.as_ptr() as usize)
            .or_insert_with(|| {
                let key = crate::analysis::nps::non_blank(Some(name))?;
                let next = by_key.len() as u32;
                Some(*by_key.entry(key).or_insert(next))
            })
    }
}

/// Builds the `orders` and `refunds` frames of docs/frames.md from several files' rows.
/// Customers are keyed the same way in every file, so one customer in two files is one customer.
pub fn orders_frames(files: &[(&str, &OrderRows)]) -> PolarsResult<(DataFrame, DataFrame)> {
    let mut numbers = CustomerNumbers::default();
    let order_numbers: Vec<Option<u32>> = files
        .iter()
        .flat_map(|(_, rows)| &rows.orders)
        .map(|o| numbers.number(o.customer.as_ref()))
        .collect();
    let refund_numbers: Vec<Option<u32>> = files
        .iter()
        .flat_map(|(_, rows)| &rows.refunds)
        .map(|r| numbers.number(r.customer.as_ref()))
        .collect();
    let orders = money_frame(GROSS, order_numbers.len(), || {
        files
            .iter()
            .flat_map(|(file, rows)| rows.orders.iter().map(move |o| (*file, o)))
            .zip(order_numbers.iter().copied())
            .map(|((file, o), customer_number)| MoneyEvent {
                file,
                order_id: Some(o.order_id.as_str()),
                date: o.date,
                customer: o.customer.as_deref(),
                customer_number,
                value: o.gross,
                store: o.store.as_deref(),
                channel: o.channel.as_deref(),
                source_row: o.source_row,
            })
    })?;
    let refunds = money_frame(AMOUNT, refund_numbers.len(), || {
        files
            .iter()
            .flat_map(|(file, rows)| rows.refunds.iter().map(move |r| (*file, r)))
            .zip(refund_numbers.iter().copied())
            .map(|((file, r), customer_number)| MoneyEvent {
                file,
                order_id: r.order_id.as_deref(),
                date: r.date,
                customer: r.customer.as_deref(),
                customer_number,
                value: r.amount,
                store: r.store.as_deref(),
                channel: r.channel.as_deref(),
                source_row: r.source_row,
            })
    })?;
    Ok((orders, refunds))
}

/// The lines of every kept order (`order_id`, `product`, `quantity`, `amount`, `source_file`,
/// `source_row`), for what a customer bought. `amount` is the line's own value when the export
/// has one; an order's gross value is in the `orders` frame.
pub fn order_lines_frame(files: &[(&str, &OrderRows, &HeadedTable)]) -> PolarsResult<DataFrame> {
    let mut order_id = Vec::new();
    let mut product = Vec::new();
    let mut quantity = Vec::new();
    let mut amount = Vec::new();
    let mut source_file = Vec::new();
    let mut source_row = Vec::new();
    for (file, rows, table) in files {
        for line in &rows.lines {
            order_id.push(rows.orders[line.order as usize].order_id.as_str());
            product.push(rows.product(line, table));
            quantity.push(line.quantity());
            amount.push(line.amount());
            source_file.push(*file);
            source_row.push(line.source_row);
        }
    }
    DataFrame::new_infer_height(vec![
        Column::new(ORDER_ID.into(), order_id),
        Column::new(PRODUCT.into(), product),
        Column::new(QUANTITY.into(), quantity),
        Column::new(AMOUNT.into(), amount),
        Column::new(SOURCE_FILE.into(), source_file),
        Column::new(SOURCE_ROW.into(), source_row),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::table::Cell;

    fn table(headers: &[&str], rows: &[&[&str]]) -> HeadedTable {
        HeadedTable {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: rows
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|c| {
                            if c.is_empty() {
                                Cell::Empty
                            } else {
                                Cell::Text((*c).into())
                            }
                        })
                        .collect()
                })
                .collect(),
            skipped_above: 0,
        }
    }

    /// Validates `t` with the given roles for the shared columns.
    fn validate(t: &HeadedTable, roles: &[Role]) -> (OrderRows, Vec<RowProblem>) {
        validate_orders(t, &OrderColumns::from_roles(roles, &t.headers)).unwrap()
    }

    #[test]
    fn customers_read_by_number_are_the_customers_read_by_key() {
        let day = |d| NaiveDate::from_ymd_opt(2024, 3, d).unwrap();
        let name = |text: &str| Some(Name::from(text));
        let order = |id: &str, d, customer: Option<Name>, gross| Order {
            order_id: id.into(),
            date: day(d),
            customer,
            gross,
            store: None,
            channel: None,
            source_row: d,
        };
        let refund = |order_id: Option<&str>, customer: Option<Name>| Refund {
            order_id: order_id.map(CompactString::from),
            date: day(9),
            customer,
            amount: 5.0,
            store: None,
            channel: None,
            source_row: 9,
        };
        let rows = |orders, refunds| OrderRows {
            orders,
            refunds,
            lines: Vec::new(),
            lines_used: 0,
            lines_without_customer: 0,
            date_order: None,
            number_style: NumberStyle::DecimalPoint,
            total_per_line: false,
            customer_from_name: false,
            product_column: None,
            category_column: None,
            name_column: None,
            phone_column: None,
            currency: None,
        };
        // Anna in two files (two copies of her name, one with spaces round it), Bruno once,
        // an order without a customer, and refunds by customer and by order id only.
        let first = rows(
            vec![
                order("1", 1, name("anna@example.com"), 10.0),
                order("2", 2, name("bruno@example.com"), 20.0),
                order("3", 3, None, 30.0),
            ],
            vec![refund(Some("2"), None)],
        );
        let second = rows(
            vec![order("4", 4, name(" anna@example.com "), 40.0)],
            vec![
                refund(None, name("anna@example.com")),
                refund(Some("3"), None),
            ],
        );
        let (orders, refunds) = orders_frames(&[("a.csv", &first), ("b.csv", &second)]).unwrap();
        let numbered = crate::analysis::ledger::Ledger::read(&orders, &refunds).unwrap();
        let by_key = crate::analysis::ledger::Ledger::read(
            &orders.drop(CUSTOMER_NUMBER).unwrap(),
            &refunds.drop(CUSTOMER_NUMBER).unwrap(),
        )
        .unwrap();
        assert_eq!(numbered.keys, ["anna@example.com", "bruno@example.com"]);
        let customers = |ledger: &crate::analysis::ledger::Ledger| {
            let orders: Vec<_> = ledger.orders.iter().map(|o| o.customer).collect();
            let refunds: Vec<_> = ledger.refunds.iter().map(|r| r.customer).collect();
            (orders, refunds)
        };
        assert_eq!(
            customers(&numbered),
            (
                vec![Some(0), Some(1), None, Some(0)],
                vec![Some(1), Some(0), None]
            )
        );
        assert_eq!(numbered.keys, by_key.keys);
        assert_eq!(numbered.orders, by_key.orders);
        assert_eq!(numbered.refunds, by_key.refunds);
        // Orders and refunds numbered apart: refunds framed alone number Bruno 0, which in
        // the orders is Anna. The number must not make his refund hers.
        let only_bruno = rows(Vec::new(), vec![refund(None, name("bruno@example.com"))]);
        let (_, apart) = orders_frames(&[("c.csv", &only_bruno)]).unwrap();
        let mixed = crate::analysis::ledger::Ledger::read(&orders, &apart).unwrap();
        assert_eq!(
            mixed.refunds.iter().map(|r| r.customer).collect::<Vec<_>>(),
            vec![Some(1)],
            "Bruno is customer 1 of the orders, whatever his number in the other frames"
        );
    }

    #[test]
    fn orders_of_one_customer_and_store_share_one_copy_of_each_name() {
        let t = table(
            &["Order", "Date", "Email", "Total", "Store"],
            &[
                &["1", "2024-03-01", "Anna@Example.com", "10", "Roma"],
                &["2", "2024-03-02", "bruno@example.com", "20", "Roma"],
                &["3", "2024-03-03", "anna@example.com", "30", "Milano"],
            ],
        );
        let (rows, _) = validate(
            &t,
            &[
                Role::OrderId,
                Role::Date,
                Role::Email,
                Role::OrderTotal,
                Role::Store,
            ],
        );
        let [a, b, c] = &rows.orders[..] else {
            panic!("{:?}", rows.orders)
        };
        let (anna, anna_again) = (a.customer.as_ref().unwrap(), c.customer.as_ref().unwrap());
        assert_eq!(&**anna, "anna@example.com");
        assert!(Name::ptr_eq(anna, anna_again));
        assert!(Name::ptr_eq(
            a.store.as_ref().unwrap(),
            b.store.as_ref().unwrap()
        ));
        assert_eq!(c.store.as_deref(), Some("Milano"));
    }

    #[test]
    fn a_run_keeps_what_does_not_fit_its_room() {
        let mut room = [0u8; 2];
        let mut slots = Slots::new(&mut room);
        for value in 1..=4 {
            slots.push(value);
        }
        assert_eq!(slots.len(), 4);
        assert_eq!(slots.more, vec![3, 4]);
        assert_eq!(room, [1, 2]);
    }

    fn reasons(problems: &[RowProblem]) -> Vec<(usize, ProblemReason)> {
        problems.iter().map(|p| (p.row, p.reason.clone())).collect()
    }

    /// Money to the cent, so 12 x 2.95 compares equal to 35.40.
    fn cents(value: f64) -> f64 {
        (value * 100.0).round() / 100.0
    }

    fn grosses(rows: &OrderRows) -> Vec<(&str, f64)> {
        rows.orders
            .iter()
            .map(|o| (o.order_id.as_str(), cents(o.gross)))
            .collect()
    }

    fn refunds(rows: &OrderRows) -> Vec<(Option<&str>, f64)> {
        rows.refunds
            .iter()
            .map(|r| (r.order_id.as_deref(), cents(r.amount)))
            .collect()
    }

    #[test]
    fn customer_keys_are_normalised_as_metrics_md_says() {
        assert_eq!(
            normalise_email("  Anna.Rossi@Example.COM "),
            Some("anna.rossi@example.com".into())
        );
        assert_eq!(normalise_email("   "), None);
        assert_eq!(normalise_customer_id(" 12345.0 "), Some("12345".into()));
        assert_eq!(normalise_customer_id("12345,00"), Some("12345".into()));
        assert_eq!(normalise_customer_id("12345.5"), Some("12345.5".into()));
        assert_eq!(normalise_customer_id("CUST-7.0"), Some("CUST-7.0".into()));
        assert_eq!(normalise_customer_id(" 007 "), Some("007".into()));
        assert_eq!(
            normalise_phone("+39 347 123-4567"),
            Some("393471234567".into())
        );
        assert_eq!(normalise_phone("n/d"), None);
        assert_eq!(
            normalise_name("  Bianchi   LAURA "),
            Some("bianchi laura".into())
        );
        // Email first, then id, then phone.
        assert_eq!(
            customer_key(Some(" A@B.it"), Some("1"), Some("333")),
            Some("a@b.it".into())
        );
        assert_eq!(
            customer_key(Some(" "), Some("1.0"), Some("333")),
            Some("1".into())
        );
        assert_eq!(
            customer_key(None, None, Some("+39 333")),
            Some("39333".into())
        );
        assert_eq!(customer_key(None, None, None), None);
    }

    #[test]
    fn order_fields_on_the_first_line_only_belong_to_the_whole_order() {
        // Shopify: 2 x 12.00 + 20.00 + 8.00 shipping = 52.00, written once as the Total.
        let t = table(
            &[
                "Name",
                "Email",
                "Financial Status",
                "Created at",
                "Total",
                "Lineitem quantity",
                "Lineitem name",
                "Lineitem price",
            ],
            &[
                &[
                    "#1001",
                    "a@b.it",
                    "paid",
                    "2024-02-10 10:15:00",
                    "52.00",
                    "2",
                    "Tè",
                    "12.00",
                ],
                &["#1001", "", "", "", "", "1", "Teiera", "20.00"],
            ],
        );
        // Detection gives "Name" the order number's role: its values repeat on an order's lines.
        let roles = crate::import::detect::detect(&t).roles;
        assert_eq!(roles[0], Role::OrderId);
        let (rows, problems) = validate(&t, &roles);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(grosses(&rows), vec![("#1001", 52.0)]);
        assert_eq!(rows.orders[0].customer.as_deref(), Some("a@b.it"));
        assert_eq!((rows.lines_used, rows.lines_without_customer), (2, 0));
        assert_eq!(rows.lines.len(), 2);
        assert_eq!(rows.lines[1].amount(), Some(20.0));
        assert_eq!(rows.product(&rows.lines[1], &t).as_deref(), Some("Teiera"));
        assert!(!rows.total_per_line);
    }

    #[test]
    fn a_total_repeated_on_every_line_is_the_order_and_differing_ones_are_lines() {
        let roles = [Role::Ignore, Role::Date, Role::Ignore];
        let repeated = table(
            &["Order Number", "Order Date", "Order Total Amount"],
            &[&["7", "2024-04-02", "35.40"], &["7", "2024-04-02", "35.40"]],
        );
        let (rows, _) = validate(&repeated, &roles);
        assert_eq!(grosses(&rows), vec![("7", 35.40)]);
        // As in the demo's ordini.csv: Totale is each line's 19,80 and 15,60.
        let per_line = table(
            &["N. documento", "Data", "Totale"],
            &[
                &["MB-1", "01/10/2025", "19,80"],
                &["MB-1", "01/10/2025", "15,60"],
                &["MB-2", "01/10/2025", "11,70"],
            ],
        );
        let (rows, _) = validate(&per_line, &roles);
        assert!(rows.total_per_line);
        assert_eq!(rows.orders.len(), 2);
        assert!((rows.orders[0].gross - 35.40).abs() < 1e-9);
        assert!((rows.orders[1].gross - 11.70).abs() < 1e-9);
    }

    #[test]
    fn quantity_times_unit_price_and_a_price_alone() {
        let t = table(
            &["Invoice", "InvoiceDate", "Quantity", "Price"],
            &[
                &["1", "2009-12-01 07:45:00", "12", "6.95"],
                &["1", "2009-12-01 07:45:00", "3", "2.10"],
            ],
        );
        let roles = [Role::Ignore, Role::Date, Role::Ignore, Role::Ignore];
        let (rows, _) = validate(&t, &roles);
        // 12 x 6.95 + 3 x 2.10 = 83.40 + 6.30 = 89.70
        assert!((rows.orders[0].gross - 89.70).abs() < 1e-9);
        let no_quantity = table(
            &["Ordine", "Data", "Prezzo"],
            &[&["5", "01/02/2025", "4,50"], &["5", "01/02/2025", "2,00"]],
        );
        let (rows, _) = validate(&no_quantity, &[Role::Ignore, Role::Date, Role::Ignore]);
        assert_eq!(grosses(&rows), vec![("5", 6.5)]);
    }

    #[test]
    fn c_invoices_are_credit_notes_only_beside_plain_numbers() {
        let roles = [
            Role::Ignore,
            Role::Date,
            Role::CustomerId,
            Role::Ignore,
            Role::Ignore,
        ];
        let headers = ["Invoice", "InvoiceDate", "Customer ID", "Quantity", "Price"];
        let t = table(
            &headers,
            &[
                &["489450", "2009-12-01 10:36", "16321.0", "12", "2.95"],
                &["C489449", "2009-12-02 10:33", "16321", "-12", "2.95"],
                &["C489451", "2009-12-02 11:00", "16321", "-2", "1.00"],
                &["C489451", "2009-12-02 11:00", "16321", "-1", "1.50"],
            ],
        );
        let (rows, problems) = validate(&t, &roles);
        assert!(problems.is_empty());
        assert_eq!(grosses(&rows), vec![("489450", 35.4)]);
        // One refund per credit note, the refunded invoice unknown.
        assert_eq!(refunds(&rows), vec![(None, 35.4), (None, 3.5)]);
        assert_eq!(rows.refunds[0].customer.as_deref(), Some("16321"));
        assert_eq!(
            rows.refunds[0].date,
            NaiveDate::from_ymd_opt(2009, 12, 2).unwrap()
        );
        // Where no order number is plain digits, C12 is just an order.
        let t = table(
            &headers,
            &[
                &["A-7", "2009-12-01 10:36", "1", "1", "5.00"],
                &["C12", "2009-12-01 11:00", "2", "2", "5.00"],
            ],
        );
        let (rows, _) = validate(&t, &roles);
        assert_eq!(grosses(&rows), vec![("A-7", 5.0), ("C12", 10.0)]);
        assert!(rows.refunds.is_empty());
    }

    #[test]
    fn a_negative_line_in_an_order_is_a_refund_of_that_order_on_its_own_date() {
        let t = table(
            &["Transaction ID", "Date", "Qty", "Net Sales", "Event Type"],
            &[
                &["T3", "2024-05-04", "1", "$16.00", "Payment"],
                &["T3", "2024-05-04", "1", "$12.00", "Payment"],
                &["T3", "2024-05-06", "-1", "($12.00)", "Refund"],
                // A refund written as a positive number: the event type says what it is.
                &["T4", "2024-05-07", "1", "$5.00", "Payment"],
                &["T4", "2024-05-08", "1", "$5.00", "Refund"],
            ],
        );
        let roles = [
            Role::Ignore,
            Role::Date,
            Role::Ignore,
            Role::Ignore,
            Role::Ignore,
        ];
        let (rows, problems) = validate(&t, &roles);
        assert!(problems.is_empty());
        assert_eq!(grosses(&rows), vec![("T3", 28.0), ("T4", 5.0)]);
        assert_eq!(refunds(&rows), vec![(Some("T3"), 12.0), (Some("T4"), 5.0)]);
        assert_eq!(
            rows.refunds[0].date,
            NaiveDate::from_ymd_opt(2024, 5, 6).unwrap()
        );
        assert_eq!(rows.refunds[0].source_row, 3);
    }

    #[test]
    fn voided_cancelled_and_failed_orders_are_left_out_with_their_status() {
        let t = table(
            &["Order", "Data", "Stato", "Totale"],
            &[
                &["1", "01/02/2025", "voided", "10,00"],
                &["1", "", "", ""],
                &["2", "01/02/2025", "wc-cancelled", "10,00"],
                &["3", "01/02/2025", "Annullato", "10,00"],
                &["4", "01/02/2025", "Failed", "10,00"],
                &["5", "01/02/2025", "partially_refunded", "10,00"],
                &["6", "01/02/2025", "Rimborsato", "8,00"],
            ],
        );
        let roles = [Role::Ignore, Role::Date, Role::Ignore, Role::Ignore];
        let (rows, problems) = validate(&t, &roles);
        assert_eq!(
            reasons(&problems),
            vec![
                (1, ProblemReason::VoidedOrder("voided".into())),
                (2, ProblemReason::VoidedOrder("voided".into())),
                (3, ProblemReason::CancelledOrder("wc-cancelled".into())),
                (4, ProblemReason::CancelledOrder("Annullato".into())),
                (5, ProblemReason::FailedPayment("Failed".into())),
            ]
        );
        assert_eq!(problems[0].column, "Stato");
        assert_eq!(grosses(&rows), vec![("5", 10.0), ("6", 8.0)]);
        // "Refunded" with no refunded amount anywhere: the whole order came back.
        assert_eq!(refunds(&rows), vec![(Some("6"), 8.0)]);
    }

    #[test]
    fn a_cancellation_date_cancels_whatever_the_status() {
        let t = table(
            &[
                "Order",
                "Created at",
                "Total",
                "Cancelled at",
                "Financial Status",
            ],
            &[&["#9", "2024-03-02", "40.00", "2024-03-03", "refunded"]],
        );
        let roles = [
            Role::Ignore,
            Role::Date,
            Role::Ignore,
            Role::Ignore,
            Role::Ignore,
        ];
        let (rows, problems) = validate(&t, &roles);
        assert!(rows.is_empty());
        assert_eq!(
            reasons(&problems),
            vec![(1, ProblemReason::CancelledOrder("2024-03-03".into()))]
        );
        assert_eq!(problems[0].column, "Cancelled at");
    }

    #[test]
    fn refunded_amounts_and_adjusted_totals_become_refunds() {
        let t = table(
            &[
                "Order ID",
                "Sale Date",
                "Order Total",
                "Adjusted Order Total",
            ],
            &[
                &["1", "03/15/24", "18.00", "8.00"],
                &["2", "03/16/24", "42.00", "0.00"],
                &["3", "03/17/24", "10.00", ""],
                &["4", "03/18/24", "10.00", "10.00"],
            ],
        );
        let roles = [Role::Ignore, Role::Date, Role::Ignore, Role::Ignore];
        let (rows, _) = validate(&t, &roles);
        assert_eq!(rows.orders.len(), 4);
        assert_eq!(refunds(&rows), vec![(Some("1"), 10.0), (Some("2"), 42.0)]);
        let t = table(
            &["Order", "Created at", "Total", "Refunded Amount"],
            &[
                &["#2", "2024-02-12", "35.00", "10.00"],
                &["#3", "2024-02-13", "5.00", "0.00"],
            ],
        );
        let (rows, _) = validate(&t, &[Role::Ignore, Role::Date, Role::Ignore, Role::Ignore]);
        assert_eq!(refunds(&rows), vec![(Some("#2"), 10.0)]);
    }

    #[test]
    fn without_order_numbers_one_customers_lines_at_one_time_are_one_order() {
        let t = table(
            &["Date", "Time", "Email", "Item", "Qty", "Price"],
            &[
                &["2024-05-03", "08:15:22", "a@b.it", "Latte", "1", "4.50"],
                &[
                    "2024-05-03",
                    "08:15:22",
                    "A@B.it ",
                    "Croissant",
                    "2",
                    "3.00",
                ],
                &["2024-05-03", "09:00:00", "a@b.it", "Latte", "1", "4.50"],
                &["2024-05-03", "09:00:00", "", "Latte", "1", "4.50"],
            ],
        );
        let roles = [
            Role::Date,
            Role::Ignore,
            Role::Email,
            Role::Ignore,
            Role::Ignore,
            Role::Ignore,
        ];
        let (rows, problems) = validate(&t, &roles);
        assert!(problems.is_empty());
        assert_eq!(
            grosses(&rows),
            vec![
                ("a@b.it|2024-05-03 08:15:22", 10.5),
                ("a@b.it|2024-05-03 09:00:00", 4.5),
                ("|2024-05-03 09:00:00", 4.5),
            ]
        );
        assert_eq!((rows.lines_used, rows.lines_without_customer), (4, 1));
    }

    /// A file long enough to be grouped in runs on separate threads (when the machine has
    /// them): every tenth row starts an order, the others continue it with a blank number;
    /// `blank` rows have a blank number too and `empty` rows nothing at all.
    fn long_document_table(blank: std::ops::RangeInclusive<usize>, empty: &[usize]) -> HeadedTable {
        // The lines of an order differ, so each amount is its line's own.
        let amount = |i: usize| format!("{},00", i % 10 + 1);
        let rows: Vec<[String; 3]> = (0..70_000)
            .map(|i| match i {
                _ if empty.contains(&i) => [String::new(), String::new(), String::new()],
                _ if i % 10 == 0 && !blank.contains(&i) => {
                    [format!("FT {i}"), "21/02/2025".to_string(), amount(i)]
                }
                _ => [String::new(), String::new(), amount(i)],
            })
            .collect();
        HeadedTable {
            headers: ["N. documento", "Data", "Importo"]
                .map(String::from)
                .to_vec(),
            rows: rows
                .iter()
                .map(|row| row.iter().map(|c| Cell::from_text(c)).collect())
                .collect(),
            skipped_above: 0,
        }
    }

    #[test]
    fn a_packed_time_is_the_time_to_the_second() {
        let at = |y, m, d, h, min, s, nanos| {
            NaiveDate::from_ymd_opt(y, m, d)
                .unwrap()
                .and_hms_nano_opt(h, min, s, nanos)
                .unwrap()
        };
        for (written, read) in [
            (at(2026, 3, 12, 10, 22, 1, 0), at(2026, 3, 12, 10, 22, 1, 0)),
            (at(1899, 12, 30, 0, 0, 0, 0), at(1899, 12, 30, 0, 0, 0, 0)),
            (
                at(2026, 3, 12, 23, 59, 59, 999_000_000),
                at(2026, 3, 12, 23, 59, 59, 0),
            ),
        ] {
            assert_eq!(unpack_time(pack_time(Some(written))), Some(read));
        }
        assert_eq!(unpack_time(pack_time(None)), None);
        let far = NaiveDate::MIN.and_time(NaiveTime::MIN);
        assert_eq!(unpack_time(pack_time(Some(far))), Some(far));
    }

    #[test]
    fn orders_settled_in_runs_at_once_keep_file_order_and_their_lines() {
        // 70,000 orders of two lines each (enough groups for a run per core), every seventh
        // of no value: it is left out, so each run keeps fewer orders than it has room for,
        // and runs after it must move down to follow it.
        let n = 70_000usize;
        let mut cells = Vec::with_capacity(2 * n);
        for i in 0..n {
            let value = |line: usize| match i % 7 {
                3 => "0".to_string(),
                _ => format!("{}.{line}0", i % 10 + 1),
            };
            for line in 0..2 {
                cells.push(vec![
                    Cell::from_text(&format!("A{i}")),
                    Cell::from_text(&format!("2025-01-{:02}", i % 28 + 1)),
                    Cell::from_text(&format!("c{}@x.it", i % 500)),
                    Cell::from_text(&value(line)),
                ]);
            }
        }
        let t = HeadedTable {
            headers: ["Id", "Data", "Email", "Importo"]
                .map(String::from)
                .to_vec(),
            rows: cells.into_iter().collect(),
            skipped_above: 0,
        };
        let roles = [Role::OrderId, Role::Date, Role::Email, Role::LineAmount];
        let (rows, problems) = validate(&t, &roles);
        let kept: Vec<usize> = (0..n).filter(|i| i % 7 != 3).collect();
        assert_eq!(problems.len(), 2 * (n - kept.len()));
        assert_eq!(rows.orders.len(), kept.len());
        assert_eq!(rows.lines.len(), 2 * kept.len());
        for (order, &i) in rows.orders.iter().zip(&kept) {
            assert_eq!(order.order_id, format!("A{i}"));
            assert_eq!(order.source_row as usize, 2 * i + 1);
            // (i % 10 + 1) + 0.00 and + 0.10.
            let gross = 2.0 * (i % 10 + 1) as f64 + 0.1;
            assert!((order.gross - gross).abs() < 1e-9, "{i}: {}", order.gross);
        }
        for (k, line) in rows.lines.iter().enumerate() {
            let order = &rows.orders[line.order as usize];
            assert_eq!(line.source_row, order.source_row + (k % 2) as u32);
        }
        // The frames are built in two halves of their columns at once: each column must
        // still be the orders' own.
        let (frame, _) = orders_frames(&[("f.csv", &rows)]).unwrap();
        assert_eq!(frame.height(), kept.len());
        let source_rows: Vec<u32> = frame
            .column(SOURCE_ROW)
            .unwrap()
            .u32()
            .unwrap()
            .into_no_null_iter()
            .collect();
        let expected: Vec<u32> = kept.iter().map(|&i| 2 * i as u32 + 1).collect();
        assert_eq!(source_rows, expected);
        let ids = frame.column(ORDER_ID).unwrap().str().unwrap().clone();
        assert_eq!(ids.get(1), Some("A1"));
        assert_eq!(ids.get(3), Some("A4"));
        let gross: f64 = frame.column(GROSS).unwrap().f64().unwrap().sum().unwrap();
        let expected: f64 = kept.iter().map(|&i| 2.0 * (i % 10 + 1) as f64 + 0.1).sum();
        assert!((gross - expected).abs() < 1e-6);
    }

    #[test]
    fn an_order_whose_lines_straddle_two_threads_runs_is_one_order() {
        // Rows 34,990 to 35,010 (0-based) continue the order of row 34,980, across the middle
        // of the file where a second thread's run starts.
        let t = long_document_table(34_990..=35_010, &[]);
        let (rows, problems) = validate(&t, &[Role::Ignore, Role::Date, Role::Ignore]);
        assert!(
            problems.is_empty(),
            "{:?}",
            &problems[..problems.len().min(3)]
        );
        assert_eq!(rows.orders.len(), 7_000 - 3);
        let long = rows
            .orders
            .iter()
            .find(|o| o.order_id == "FT 34980")
            .unwrap();
        let index = rows.orders.iter().position(|o| o.order_id == long.order_id);
        let lines = rows
            .lines
            .iter()
            .filter(|l| Some(l.order as usize) == index);
        assert_eq!(lines.count(), 40);
        // 40 lines of 1 to 10.
        assert!((long.gross - 220.0).abs() < 1e-9, "{}", long.gross);
        assert_eq!(rows.lines_used, 70_000);
        // Orders in the order of the file, each line pointing at its own.
        assert!(
            rows.orders
                .windows(2)
                .all(|w| w[0].source_row < w[1].source_row)
        );
        assert!(rows.lines.iter().all(|l| {
            let order = &rows.orders[l.order as usize];
            order.source_row <= l.source_row && l.source_row < order.source_row + 40
        }));
    }

    #[test]
    fn a_blank_number_after_an_empty_row_is_reported_across_threads_runs_too() {
        // Row 34,999 is empty and ends the first run; the blank numbers after it have no
        // order above.
        let t = long_document_table(35_000..=35_009, &[34_999]);
        let (rows, problems) = validate(&t, &[Role::Ignore, Role::Date, Role::Ignore]);
        let mut expected = vec![(35_000, ProblemReason::EmptyRow)];
        expected.extend((35_001..=35_010).map(|row| (row, ProblemReason::BlankOrderId)));
        assert_eq!(reasons(&problems), expected);
        assert_eq!(rows.orders.len(), 7_000 - 1);
        assert_eq!(rows.lines_used, 70_000 - 11);
    }

    #[test]
    fn blank_order_numbers_continue_the_order_above_or_are_reported() {
        let t = table(
            &["N. documento", "Data", "Importo"],
            &[
                &["", "", "€ 5,00"],
                &["FT 4", "21/02/2025", "€ 1.500,00"],
                &["", "", "€ 550,00"],
                &["", "", ""],
                &["", "", "€ 7,00"],
                &["Totale", "", "€ 2.050,00"],
            ],
        );
        let (rows, problems) = validate(&t, &[Role::Ignore, Role::Date, Role::Ignore]);
        assert_eq!(grosses(&rows), vec![("FT 4", 2050.0)]);
        assert_eq!(
            reasons(&problems),
            vec![
                (1, ProblemReason::BlankOrderId),
                (4, ProblemReason::EmptyRow),
                (5, ProblemReason::BlankOrderId),
                (6, ProblemReason::TotalsRow),
            ]
        );
        assert_eq!(rows.number_style, NumberStyle::DecimalComma);
    }

    #[test]
    fn unreadable_amounts_dates_and_worthless_orders_are_reported() {
        let t = table(
            &["Order", "Date", "Quantity", "Price"],
            &[
                &["1", "2024-01-01", "2", "abc"],
                &["2", "ieri", "1", "3.00"],
                &["3", "2024-01-02", "-96", "0.0"],
                &["4", "2024-01-03", "", "3.00"],
                &["5", "2024-01-03", "1", "2.00"],
            ],
        );
        let roles = [Role::Ignore, Role::Date, Role::Ignore, Role::Ignore];
        let (rows, problems) = validate(&t, &roles);
        assert_eq!(grosses(&rows), vec![("5", 2.0)]);
        assert_eq!(
            reasons(&problems),
            vec![
                (1, ProblemReason::NotAnAmount("abc".into())),
                (
                    2,
                    ProblemReason::NotADate {
                        value: "ieri".into(),
                        expected: Some(DateOrder::Ymd)
                    }
                ),
                (3, ProblemReason::ZeroValue),
                (4, ProblemReason::BlankAmount),
            ]
        );
        assert_eq!(problems[0].column, "Price");
        assert_eq!(problems[1].column, "Date");
    }

    #[test]
    fn names_are_the_customer_only_when_nothing_else_identifies_them() {
        let headers = ["N. documento", "Data", "Cliente", "Importo"];
        let t = table(
            &headers,
            &[
                &["1", "08/01/2025", "Rossi Mario", "10,00"],
                &["2", "03/02/2025", "ROSSI  MARIO", "20,00"],
            ],
        );
        let roles = [Role::Ignore, Role::Date, Role::Name, Role::Ignore];
        let (rows, _) = validate(&t, &roles);
        assert!(rows.customer_from_name);
        assert_eq!(rows.orders[1].customer.as_deref(), Some("rossi mario"));
        // With an email column, a row without email has no customer, whatever its name.
        let t = table(
            &["N. documento", "Data", "Cliente", "Email", "Importo"],
            &[&["1", "08/01/2025", "Rossi Mario", "", "10,00"]],
        );
        let roles = [
            Role::Ignore,
            Role::Date,
            Role::Name,
            Role::Email,
            Role::Ignore,
        ];
        let (rows, _) = validate(&t, &roles);
        assert!(!rows.customer_from_name);
        assert_eq!(rows.orders[0].customer, None);
        assert_eq!(rows.lines_without_customer, 1);
    }

    #[test]
    fn a_file_without_date_or_amount_is_refused_in_both_languages() {
        let t = table(&["Order", "Total"], &[&["1", "5.00"]]);
        let error = validate_orders(
            &t,
            &OrderColumns::from_roles(&[Role::Ignore; 2], &t.headers),
        )
        .unwrap_err();
        assert_eq!(error, OrderError::NoDateColumn);
        assert!(error.message(Lang::It).contains("data dell'ordine"));
        let t = table(&["Order", "Date", "Note"], &[&["1", "2024-01-01", "x"]]);
        let error = validate_orders(
            &t,
            &OrderColumns::from_roles(&[Role::Ignore, Role::Date, Role::Ignore], &t.headers),
        )
        .unwrap_err();
        assert_eq!(error, OrderError::NoAmountColumn);
        assert!(
            error
                .message(Lang::It)
                .contains("nessuna colonna contiene un importo")
        );
    }

    #[test]
    fn statuses_and_event_types_in_english_and_italian() {
        assert_eq!(status_meaning("voided"), StatusMeaning::Voided);
        assert_eq!(status_meaning("Stornato"), StatusMeaning::Voided);
        assert_eq!(status_meaning("Canceled"), StatusMeaning::Cancelled);
        assert_eq!(status_meaning("annullata"), StatusMeaning::Cancelled);
        assert_eq!(status_meaning("payment_failed"), StatusMeaning::Failed);
        assert_eq!(status_meaning("refunded"), StatusMeaning::FullyRefunded);
        assert_eq!(status_meaning("partially_refunded"), StatusMeaning::Other);
        assert_eq!(status_meaning("paid"), StatusMeaning::Other);
        for refund in [
            "Refund",
            "Reso",
            "Nota di credito",
            "Erstattung",
            "credit note",
        ] {
            assert!(is_refund_event(refund), "{refund}");
        }
        for sale in ["Payment", "Sales", "Fattura", "Verkauf", "Presorted"] {
            assert!(!is_refund_event(sale), "{sale}");
        }
    }

    #[test]
    fn dollar_files_write_ambiguous_dates_month_first() {
        // Etsy writes 03/04/24 for March 4th: no day above 12 says so, the dollars do.
        let t = table(
            &[
                "Sale Date",
                "Order ID",
                "Buyer User ID",
                "Currency",
                "Order Total",
            ],
            &[&["03/04/24", "1", "9", "USD", "5.00"]],
        );
        let columns = OrderColumns::from_roles(
            &[
                Role::Date,
                Role::Ignore,
                Role::CustomerId,
                Role::Ignore,
                Role::Ignore,
            ],
            &t.headers,
        );
        let (rows, _) = validate_orders(&t, &columns).unwrap();
        assert_eq!(
            rows.orders[0].date,
            NaiveDate::from_ymd_opt(2024, 3, 4).unwrap()
        );
        assert_eq!(rows.date_order, Some(DateOrder::Mdy));
        // The same sheet in euros is day-first, as Europe writes it.
        let mut euros = t.clone();
        euros.rows.iter_mut().next().unwrap()[3] = Cell::from_text("EUR");
        let (rows, _) = validate_orders(&euros, &columns).unwrap();
        assert_eq!(
            rows.orders[0].date,
            NaiveDate::from_ymd_opt(2024, 4, 3).unwrap()
        );
    }

    #[test]
    fn the_whole_file_decides_date_order_and_decimals_not_its_first_rows() {
        // 20,000 orders whose dates read either way and whose amounts have no decimals, then
        // 30 that settle it: 13/02/2024 reads only day-first and 2,50 only with a decimal
        // comma, so every order is read day-first and "1.000" is a thousand.
        let mut rows: Vec<[String; 3]> = (0..GUESS_ROWS)
            .map(|i| {
                [
                    format!("{i}"),
                    "05/02/2024".to_string(),
                    "1.000".to_string(),
                ]
            })
            .collect();
        for i in 0..30 {
            rows.push([format!("x{i}"), "13/02/2024".into(), "2,50".into()]);
        }
        let rows: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        let t = table(&["Order", "Date", "Total"], &rows);
        let (read, problems) = validate(&t, &[Role::OrderId, Role::Date, Role::OrderTotal]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(read.date_order, Some(DateOrder::Dmy));
        assert_eq!(read.number_style, NumberStyle::DecimalComma);
        assert_eq!(read.orders.len(), GUESS_ROWS + 30);
        assert_eq!(
            read.orders[0].date,
            NaiveDate::from_ymd_opt(2024, 2, 5).unwrap()
        );
        assert_eq!(read.orders[0].gross, 1000.0);
        let last = read.orders.last().unwrap();
        assert_eq!(last.date, NaiveDate::from_ymd_opt(2024, 2, 13).unwrap());
        assert_eq!(last.gross, 2.5);
        // The other way round: month-first dates after the ambiguous ones, amounts with a
        // decimal point.
        let month_first: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| match r[1] {
                "13/02/2024" => vec![r[0], "02/13/2024", "2.50"],
                _ => vec![r[0], r[1], "1,000"],
            })
            .collect();
        let month_first: Vec<&[&str]> = month_first.iter().map(Vec::as_slice).collect();
        let t = table(&["Order", "Date", "Total"], &month_first);
        let (read, problems) = validate(&t, &[Role::OrderId, Role::Date, Role::OrderTotal]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(read.date_order, Some(DateOrder::Mdy));
        assert_eq!(read.number_style, NumberStyle::DecimalPoint);
        assert_eq!(
            read.orders[0].date,
            NaiveDate::from_ymd_opt(2024, 5, 2).unwrap()
        );
        assert_eq!(read.orders[0].gross, 1000.0);
        assert_eq!(read.orders.last().unwrap().gross, 2.5);
    }
}
