//! Decides what a file holds (survey answers, orders, engagement) and the role of each column,
//! from header words in English and Italian and from the values themselves. Known export
//! layouts (Google Forms, Typeform, SurveyMonkey, ...) are recognised by name so the owner can
//! see that Fidelio understood their tool.

use crate::import::roles::{FileKind, Role};
use crate::import::table::{Cell, HeadedTable};
use crate::import::values::{
    NumberStyle, ScoreValue, Serials, detect_date_order, is_missing, parse_number, parse_score,
    unix_time,
};

/// What detection decided for one file.
#[derive(Clone, Debug, PartialEq)]
pub struct Detection {
    /// What the file holds.
    pub kind: FileKind,
    /// The export layout recognised by name, e.g. "Google Forms (Italian)".
    pub layout: Option<&'static str>,
    /// One role per column, in column order.
    pub roles: Vec<Role>,
}

/// Lower-cases, removes accents and turns punctuation into single spaces, so header words match
/// whatever the tool's spelling ("Perché?" -> "perche").
pub fn normalize_header(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    let mut last_space = true;
    for ch in crate::text::fold_for_search(header).chars() {
        if ch.is_alphanumeric() || ch == '#' || ch == '@' {
            out.push(ch);
            last_space = false;
        } else if !last_space {
            out.push(' ');
            last_space = true;
        }
    }
    out.trim_end().to_string()
}

fn has_word(normalized: &str, word: &str) -> bool {
    normalized.split(' ').any(|w| w == word)
}

fn has_any_word(normalized: &str, words: &[&str]) -> bool {
    words.iter().any(|w| has_word(normalized, w))
}

fn contains_any(normalized: &str, fragments: &[&str]) -> bool {
    fragments.iter().any(|f| normalized.contains(f))
}

/// The recommendation question, as the survey tools and owners phrase it.
fn is_recommend_question(h: &str) -> bool {
    contains_any(
        h,
        &[
            "recommend",
            "consiglier",
            "consigliar",
            "consigli ",
            "raccomand",
            "likely",
            "probabil",
            "net promoter",
        ],
    ) || has_any_word(h, &["nps"])
}

/// Columns a survey tool derives from the recommendation answer, such as Qualtrics' NPS group
/// (1 detractor, 2 passive, 3 promoter) or an "NPS category": their names repeat the question
/// or say NPS, but they are not the 0-10 answer.
fn is_derived_from_score(h: &str) -> bool {
    has_any_word(
        h,
        &[
            "group",
            "groups",
            "gruppo",
            "category",
            "categoria",
            "segment",
            "segmento",
            "classification",
            "classificazione",
        ],
    )
}

/// A header for a row number or record id ("id", "#", "N.", "Numero"): its values are whole
/// numbers that can look like 0-10 scores in a small file.
fn is_row_id_header(h: &str) -> bool {
    has_any_word(
        h,
        &[
            "id",
            "#",
            "n",
            "no",
            "nr",
            "num",
            "numero",
            "number",
            "progressivo",
        ],
    )
}

fn is_score_header(h: &str) -> bool {
    is_recommend_question(h)
        || has_any_word(
            h,
            &[
                "score",
                "voto",
                "punteggio",
                "valutazione",
                "rating",
                "punti nps",
            ],
        )
}

fn is_date_header(h: &str) -> bool {
    h == "timestamp"
        || h.contains("informazioni cronologiche")
        || has_any_word(
            h,
            &[
                "date",
                "data",
                "timestamp",
                "submitted",
                "submit",
                "time",
                "ora",
                "giorno",
                "created",
                "completion",
                "when",
                "quando",
                "invio",
            ],
        )
}

/// Later-in-the-process dates (submitted, completed) describe the answer better than start dates.
fn date_header_preference(h: &str) -> u8 {
    if contains_any(
        h,
        &[
            "submit",
            "invio",
            "complet",
            "end",
            "fine",
            "cronologic",
            "timestamp",
        ],
    ) {
        3
    } else if contains_any(h, &["start", "inizio", "creat"]) {
        1
    } else {
        2
    }
}

fn is_email_header(h: &str) -> bool {
    has_any_word(h, &["email", "mail", "e mail", "posta"]) || h.contains("e mail")
}

fn is_comment_header(h: &str) -> bool {
    has_any_word(
        h,
        &[
            "comment",
            "comments",
            "commento",
            "commenti",
            "perche",
            "why",
            "reason",
            "motivo",
            "motivazione",
            "feedback",
            "suggerimenti",
            "suggestions",
            "note",
            "notes",
            "osservazioni",
            "improve",
            "improvement",
            "migliorare",
            "miglioramento",
            "suggerimento",
            "suggestion",
        ],
    ) || contains_any(h, &["main reason", "tell us", "raccontaci", "dicci"])
}

fn is_store_header(h: &str) -> bool {
    (has_any_word(
        h,
        &[
            "store", "negozio", "shop", "sede", "filiale", "location", "branch",
        ],
    ) || h.contains("punto vendita")
        || h.contains("which store"))
        // "Online shop score (0-10)" rates the shop; it does not name one.
        && !is_score_header(h)
        // Qualtrics' "Location Latitude" is where the browser was, not a store.
        && !has_any_word(
            h,
            &[
                "latitude",
                "longitude",
                "latitudine",
                "longitudine",
                "coordinates",
                "coordinate",
                "gps",
            ],
        )
}

fn is_channel_header(h: &str) -> bool {
    has_any_word(h, &["channel", "canale", "source", "fonte", "collector"])
        && !h.contains("collector id")
}

fn is_phone_header(h: &str) -> bool {
    has_any_word(
        h,
        &["phone", "telefono", "cellulare", "tel", "mobile", "cell"],
    )
}

fn is_name_header(h: &str) -> bool {
    has_any_word(
        h,
        &[
            "name",
            "nome",
            "first",
            "cliente",
            "customer",
            "nominativo",
            "author",
            "autore",
        ],
    ) && !h.contains("id")
        && !h.contains("codice")
}

fn is_customer_id_header(h: &str) -> bool {
    h.contains("customer id")
        || h.contains("id cliente")
        || h.contains("codice cliente")
        || h.contains("client id")
        || h == "customer"
}

/// Columns that hold short labels but no category to compare NPS by: ids and codes, who
/// answered (names), where from (IP addresses), in which language, the answer itself or its
/// NPS group, and survey tools' bookkeeping (Qualtrics' Status, Finished, DistributionChannel,
/// UserLanguage; SurveyMonkey's Collector ID).
fn is_not_a_category_header(h: &str) -> bool {
    is_row_id_header(h)
        || is_name_header(h)
        || is_customer_id_header(h)
        || is_recommend_question(h)
        || is_score_header(h)
        || h.split(' ').any(|w| w.len() > 2 && w.ends_with("id"))
        || has_any_word(
            h,
            &[
                "ip",
                "ipaddress",
                "last",
                "lastname",
                "firstname",
                "cognome",
                "surname",
                "recipient",
                "status",
                "finished",
                "progress",
                "distributionchannel",
                "collector",
                "lastpage",
                "seed",
                "url",
                "link",
                "permalink",
            ],
        )
        || contains_any(
            h,
            &[
                "ip address",
                "language",
                "lingua",
                "response type",
                "external",
                "reference",
            ],
        )
        || h == "lang"
}

/// Header words that name a category, so such a column comes first among the candidates.
fn names_a_category(h: &str) -> bool {
    contains_any(
        h,
        &[
            "prodott",
            "product",
            "categor",
            "campagn",
            "campaign",
            "reparto",
            "department",
            "servizio",
            "service",
            "segment",
            "canale",
            "channel",
            "tipo",
            "type",
        ],
    )
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
    max_integer: Option<i64>,
    /// Every value is a whole number, each larger than the one above: a running number.
    ascending_integers: bool,
    emails: usize,
    long_texts: usize,
    /// Short texts that could name a category: not numbers, dates, emails, addresses or links.
    labels: usize,
    /// Different labels, ignoring case (counted up to a little past [`MAX_CATEGORY_VALUES`]).
    distinct_labels: usize,
    is_dates: bool,
}

/// Fewer values than this in increasing order can still be a few scores that happen to rise.
const RUNNING_NUMBER_MIN_VALUES: usize = 6;

/// Summarises one column's values. `header` is the column's normalized name: Unix times and
/// Excel serial numbers count as dates only under a header that names a date, since a column
/// of 10-digit numbers may as well be account numbers, and one of 5-digit numbers amounts.
/// Rows a column's profile looks at. Roles are clear long before this; a 500,000-line export
/// would otherwise be profiled whole for every column. Parsing still decides the date order
/// from the whole column.
const PROFILE_ROWS: usize = 20_000;

fn profile(table: &HeadedTable, column: usize, header: &str) -> ColumnProfile {
    let mut p = ColumnProfile {
        ascending_integers: true,
        ..ColumnProfile::default()
    };
    let mut distinct_labels = std::collections::HashSet::new();
    let mut previous: Option<i64> = None;
    let mut unix_times = 0usize;
    for cell in table.column(column).take(PROFILE_ROWS) {
        if is_missing(cell) {
            continue;
        }
        p.filled += 1;
        let whole = parse_score(cell).and_then(ScoreValue::whole);
        p.ascending_integers &= whole.is_some_and(|n| previous.is_none_or(|before| n > before));
        previous = whole;
        if let Some(n) = whole {
            if (0..=10).contains(&n) {
                p.integers_0_10 += 1;
            }
            p.max_integer = Some(p.max_integer.map_or(n, |m| m.max(n)));
        }
        if matches!(cell, Cell::Text(text) if unix_time(text).is_some()) {
            unix_times += 1;
        }
        if let Cell::Text(text) = cell {
            if text.contains('@') && text.contains('.') && !text.contains(' ') {
                p.emails += 1;
            }
            if text.split_whitespace().count() >= 4 {
                p.long_texts += 1;
            }
            if is_label(cell, text) {
                p.labels += 1;
                if distinct_labels.len() <= MAX_CATEGORY_VALUES {
                    distinct_labels.insert(text.trim().to_lowercase());
                }
            }
        }
    }
    p.distinct_labels = distinct_labels.len();
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

/// A short text that could name a category ("Milano Brera", "Online", "Tè verde"): not a
/// number or score, not a date, not an email, an IP address or a link, fewer than four words.
fn is_label(cell: &Cell, text: &str) -> bool {
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
    } else if (has("response id") && has("recorded date"))
        || (has("responseid") && has("recordeddate"))
    {
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
/// punctuation). Used to name the layout to the owner and, where a tool's columns say less than
/// its name (Shopify's "Name" is the order number), to read them as that tool means them.
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
    } else if has("invoice") && has("stockcode") && has("invoicedate") {
        Some(ONLINE_RETAIL)
    } else if (starts("n documento") || has("numero documento")) && starts("importo") {
        Some(ITALIAN_LEDGER)
    } else {
        None
    }
}

/// How well a date column's name says "when the order was placed": later events (paid,
/// shipped, refunded, paid out, due) come last, then unnamed date columns.
fn order_date_preference(h: &str) -> u8 {
    if contains_any(
        h,
        &[
            "paid",
            "fulfil",
            "ship",
            "cancel",
            "refund",
            "deposit",
            "payout",
            "due",
            "scadenza",
            "spedi",
            "consegna",
            "pagamento",
            "delivery",
            "updated",
            "modified",
            "posted",
            "nascita",
            "birth",
            "iscri",
        ],
    ) {
        0
    } else if h == "date"
        || h == "data"
        || h == "datum"
        || contains_any(
            h,
            &[
                "created",
                "order date",
                "sale date",
                "invoicedate",
                "invoice date",
                "data documento",
                "data ordine",
                "data vendita",
                "data fattura",
                "data e ora",
                "purchase",
                "acquisto",
            ],
        )
    {
        3
    } else if is_date_header(h) {
        2
    } else {
        1
    }
}

/// Columns holding the shop's own account or staff, not the customer (SumUp's "Account" is the
/// merchant's login email).
fn is_merchant_header(h: &str) -> bool {
    has_any_word(
        h,
        &[
            "account",
            "merchant",
            "seller",
            "staff",
            "employee",
            "venditore",
            "operatore",
            "cassiere",
            "shop",
            "store",
        ],
    )
}

fn is_order_customer_id_header(h: &str) -> bool {
    is_customer_id_header(h)
        || contains_any(
            h,
            &[
                "buyer user id",
                "buyer id",
                "customer number",
                "numero cliente",
                "client number",
                "cod cliente",
            ],
        )
}

/// A customer's name in an order export: not an item, price point, device or staff name.
fn is_order_customer_name_header(h: &str, shopify: bool) -> bool {
    is_name_header(h)
        && !(shopify && h == "name")
        && !has_any_word(
            h,
            &[
                "item", "items", "product", "prodotto", "articolo", "lineitem", "price", "point",
                "device", "staff", "employee", "discount", "tax", "shipping", "payment", "store",
                "shop", "negozio", "location", "account", "variant", "vendor", "coupon", "sconto",
                "type", "tipo",
            ],
        )
}

fn is_order_channel_header(h: &str) -> bool {
    has_any_word(h, &["channel", "canale", "kanal"])
}

fn is_order_source_header(h: &str) -> bool {
    h == "source" || h == "fonte" || h == "order type" || h == "origine"
}

/// Roles for a file of orders: the date the order was placed, the customer's email, id, phone
/// and name, the store and the channel. Order-only columns (order number, amounts, status) are
/// read by `orders::OrderColumns`.
fn order_roles(normalized: &[String], profiles: &[ColumnProfile], shopify: bool) -> Vec<Role> {
    let mut roles = vec![Role::Ignore; normalized.len()];
    let date = (0..roles.len())
        .filter(|&i| profiles[i].is_dates)
        .max_by_key(|&i| (order_date_preference(&normalized[i]), std::cmp::Reverse(i)));
    if let Some(i) = date {
        roles[i] = Role::Date;
    }
    assign(&mut roles, normalized, profiles, Role::Email, |h, p| {
        !is_merchant_header(h)
            && ((is_email_header(h) && p.emails * 2 >= p.filled)
                || mostly(p.emails, p.filled) && p.filled > 0)
    });
    assign(
        &mut roles,
        normalized,
        profiles,
        Role::CustomerId,
        |h, _| is_order_customer_id_header(h),
    );
    assign(&mut roles, normalized, profiles, Role::Phone, |h, _| {
        is_phone_header(h) && !is_merchant_header(h)
    });
    assign(&mut roles, normalized, profiles, Role::Name, |h, _| {
        is_order_customer_name_header(h, shopify)
    });
    assign(&mut roles, normalized, profiles, Role::Store, |h, _| {
        is_store_header(h)
    });
    assign(&mut roles, normalized, profiles, Role::Channel, |h, _| {
        is_order_channel_header(h)
    });
    assign(&mut roles, normalized, profiles, Role::Channel, |h, _| {
        is_order_source_header(h)
    });
    roles
}

/// Decides the file kind and a role for every column.
pub fn detect(table: &HeadedTable) -> Detection {
    let normalized: Vec<String> = table.headers.iter().map(|h| normalize_header(h)).collect();
    let profiles: Vec<ColumnProfile> = (0..table.headers.len())
        .map(|i| profile(table, i, &normalized[i]))
        .collect();
    let mut roles = vec![Role::Ignore; table.headers.len()];
    let layout = recognise_layout(&normalized);

    let score = pick_score_column(&normalized, &profiles);
    if let Some(i) = score {
        roles[i] = Role::Score;
    }

    // Dates: a header that says date and values that parse, the latest-in-process first.
    let date = (0..roles.len())
        .filter(|&i| roles[i] == Role::Ignore && profiles[i].is_dates)
        .max_by_key(|&i| {
            let named = is_date_header(&normalized[i]);
            (
                named,
                date_header_preference(&normalized[i]),
                std::cmp::Reverse(i),
            )
        });
    if let Some(i) = date {
        roles[i] = Role::Date;
    }

    assign(&mut roles, &normalized, &profiles, Role::Email, |h, p| {
        (is_email_header(h) && p.emails * 2 >= p.filled)
            || mostly(p.emails, p.filled) && p.filled > 0
    });
    assign(&mut roles, &normalized, &profiles, Role::Comment, |h, _| {
        is_comment_header(h)
    });
    assign(&mut roles, &normalized, &profiles, Role::Store, |h, _| {
        is_store_header(h)
    });
    assign(&mut roles, &normalized, &profiles, Role::Channel, |h, _| {
        is_channel_header(h)
    });
    assign(&mut roles, &normalized, &profiles, Role::Phone, |h, _| {
        is_phone_header(h)
    });
    assign(
        &mut roles,
        &normalized,
        &profiles,
        Role::CustomerId,
        |h, _| is_customer_id_header(h),
    );
    assign(&mut roles, &normalized, &profiles, Role::Name, |h, _| {
        is_name_header(h)
    });
    // A free-text column nobody named: the longest texts are most likely the comment.
    if !roles.contains(&Role::Comment)
        && let Some(i) = (0..roles.len())
            .filter(|&i| {
                roles[i] == Role::Ignore && profiles[i].long_texts * 3 >= profiles[i].filled
            })
            .filter(|&i| profiles[i].long_texts > 0)
            .max_by_key(|&i| profiles[i].long_texts)
    {
        roles[i] = Role::Comment;
    }

    // Other categories: NPS by any categorical column, without the owner mapping it first.
    let mut segments: Vec<usize> = (0..roles.len())
        .filter(|&i| {
            roles[i] == Role::Ignore
                && looks_categorical(&normalized[i], &profiles[i], table.rows.len())
        })
        .collect();
    segments.sort_by_key(|&i| (!names_a_category(&normalized[i]), i));
    for i in segments.into_iter().take(MAX_AUTOMATIC_SEGMENTS) {
        roles[i] = Role::Segment;
    }

    let order_layout = recognise_order_layout(&normalized);
    let kind = detect_kind(
        &normalized,
        &profiles,
        score,
        layout.is_some(),
        order_layout.is_some(),
    );
    if kind == FileKind::Orders {
        return Detection {
            kind,
            layout: order_layout,
            roles: order_roles(&normalized, &profiles, order_layout == Some(SHOPIFY)),
        };
    }
    if kind != FileKind::Survey
        && let Some(i) = score
    {
        roles[i] = Role::Ignore;
    }
    Detection {
        kind,
        layout,
        roles,
    }
}

/// Gives `role` to the first still-unassigned column that matches.
fn assign(
    roles: &mut [Role],
    normalized: &[String],
    profiles: &[ColumnProfile],
    role: Role,
    matches: impl Fn(&str, &ColumnProfile) -> bool,
) {
    if roles.contains(&role) {
        return;
    }
    if let Some(i) = (0..roles.len())
        .find(|&i| roles[i] == Role::Ignore && matches(&normalized[i], &profiles[i]))
    {
        roles[i] = role;
    }
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
                !is_derived_from_score(&normalized[i]),
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
                    && !is_row_id_header(&normalized[i])
            })
        })
}

fn detect_kind(
    normalized: &[String],
    profiles: &[ColumnProfile],
    score: Option<usize>,
    known_survey_layout: bool,
    known_order_layout: bool,
) -> FileKind {
    let any = |test: &dyn Fn(&str) -> bool| normalized.iter().any(|h| test(h));
    let recommend = score.is_some_and(|i| is_recommend_question(&normalized[i]));
    if recommend || known_survey_layout && score.is_some() {
        return FileKind::Survey;
    }
    // Before the engagement words: Etsy's "Card Processing Fees" and Square's "Card Brand" are
    // payment cards, not loyalty cards.
    if known_order_layout {
        return FileKind::Orders;
    }
    let reviews = any(&|h| {
        has_any_word(
            h,
            &[
                "stelle",
                "stars",
                "recensione",
                "review",
                "recensioni",
                "reviews",
            ],
        )
    });
    let loyalty = any(&|h| {
        has_any_word(h, &["tessera", "card", "tier", "livello"])
            || contains_any(
                h,
                &[
                    "punti accumulati",
                    "points earned",
                    "iscritto dal",
                    "member since",
                ],
            )
    });
    let social = any(&|h| {
        contains_any(
            h,
            &[
                "reach",
                "interactions",
                "impressions",
                "copertura",
                "raggiunti",
                "mi piace",
                "condivisioni",
                "interazioni",
            ],
        ) || has_any_word(h, &["likes", "shares", "like", "share"])
    });
    // A list of what customers did: an event column ("Evento", "Event type", "Azione").
    let events = any(&|h| {
        has_any_word(
            h,
            &["evento", "event", "eventi", "events", "azione", "action"],
        )
    });
    if reviews || loyalty || social || events {
        return FileKind::Engagement;
    }
    let order_id = any(&|h| {
        has_any_word(
            h,
            &[
                "invoice",
                "order",
                "ordine",
                "fattura",
                "documento",
                "receipt",
                "scontrino",
                "transaction",
            ],
        ) || h.starts_with("n documento")
            || h.contains("order id")
    });
    let money = any(&|h| {
        has_any_word(
            h,
            &[
                "total", "totale", "amount", "importo", "price", "prezzo", "quantity", "quantita",
                "subtotal", "net", "gross",
            ],
        )
    });
    let quantity = any(&|h| has_any_word(h, &["quantity", "quantita", "qty"]));
    if money && (order_id || quantity) {
        return FileKind::Orders;
    }
    if let Some(i) = score {
        // A column named like a score, or a plain 0-10 column beside a date: answers to a
        // survey Fidelio has not seen before.
        if profiles.iter().any(|p| p.is_dates) || is_score_header(&normalized[i]) {
            return FileKind::Survey;
        }
    }
    FileKind::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;

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
        for row in &mut numbers.rows {
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
        // Shopify: Created at, not Paid at; "Name" is the order number, Billing Name the customer.
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
                Role::Ignore,
                Role::Email,
                Role::Ignore,
                Role::Ignore,
                Role::Date,
                Role::Ignore,
                Role::Ignore,
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
                Role::Ignore,
                Role::Ignore,
                Role::Ignore,
                Role::Ignore,
                Role::Ignore,
                Role::CustomerId,
                Role::Name,
                Role::Store,
                Role::Channel
            ]
        );
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
