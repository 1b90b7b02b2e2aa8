//! Metamorphic tests: Fidelio must read what a file holds, not how its tool lays it out. Every
//! fixture (surveys, orders, engagement, the demo shop) is imported once as it is and again after
//! a rewrite that changes nothing an owner would call data: headers in camelCase, snake_case or
//! upper case, headers in another language's words, columns shuffled, an unused column added,
//! known-layout recognition switched off. The figures read (every order, refund, answer,
//! review, member, event and post) must be the same.

use std::path::{Path, PathBuf};

use fidelio::import::detect::DetectOptions;
use fidelio::import::pipeline::{ImportOptions, ImportedFile, import_source};
use fidelio::import::read::{ReadSource, read_source};
use fidelio::import::table::{Cell, HeadedTable, Rows};
use fidelio::import::vocabulary::{Field, Language, VOCABULARY, normalize_header, strength};

fn fixture_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in [
        "tests/fixtures/survey",
        "tests/fixtures/orders",
        "tests/fixtures/engagement",
        "tests/fixtures/corpus",
        "tests/fixtures/questions",
        "tests/fixtures/public",
        "assets/demo",
    ] {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("csv" | "tsv" | "txt" | "xlsx" | "xls" | "ods")
                )
            })
            .collect();
        entries.sort();
        files.extend(entries);
    }
    files
}

fn read(path: &Path) -> Option<ReadSource> {
    let bytes = std::fs::read(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    read_source(&name, &bytes, None).ok()
}

/// Everything a file contributes to the figures, as text to compare. Column names are left
/// out (they are what the rewrites change); category values stay in.
fn figures(file: &ImportedFile) -> String {
    let mut out = format!(
        "kind {:?}, error {}, used {}, problems {:?}\n",
        file.kind,
        file.error.is_some(),
        file.rows_used(),
        file.problems
            .iter()
            .map(|p| (p.row, p.reason.clone()))
            .collect::<Vec<_>>()
    );
    if let Some(orders) = &file.orders {
        out.push_str(&format!(
            "orders {:?}\nrefunds {:?}\nwithout customer {}\ncurrency {:?}\n",
            orders.orders, orders.refunds, orders.lines_without_customer, orders.currency
        ));
    }
    if let Some(survey) = &file.survey {
        let stores = survey.categories.get("store");
        let channels = survey.categories.get("channel");
        out.push_str(&format!(
            "scores {:?}\ndates {:?}\ncustomers {:?}\ncomments {:?}\nstores {:?}\nchannels {:?}\n",
            survey.score, survey.date, survey.customer, survey.comment, stores, channels
        ));
    }
    if let Some(engagement) = &file.engagement {
        out.push_str(&format!(
            "reviews {:?}\nmembers {:?}\nevents {:?}\nposts {:?}\n",
            engagement.reviews, engagement.members, engagement.events, engagement.posts
        ));
    }
    out
}

fn import(path: &Path, source: ReadSource, options: &ImportOptions) -> ImportedFile {
    import_source(path, source, options)
}

fn with_headers(source: &ReadSource, rewrite: impl Fn(&str) -> String) -> ReadSource {
    let mut table = source.table.clone();
    table.headers = table.headers.iter().map(|h| rewrite(h)).collect();
    ReadSource {
        format: source.format.clone(),
        table,
    }
}

fn camel_case(header: &str) -> String {
    normalize_header(header)
        .split(' ')
        .enumerate()
        .map(|(i, word)| {
            if i == 0 {
                word.to_string()
            } else {
                let mut chars = word.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default()
            }
        })
        .collect()
}

fn snake_case(header: &str) -> String {
    normalize_header(header).replace(' ', "_")
}

/// Fields that name a column's meaning (not bookkeeping words or cell words).
const COLUMN_FIELDS: [Field; 38] = [
    Field::Date,
    Field::Email,
    Field::Comment,
    Field::Store,
    Field::Phone,
    Field::Name,
    Field::CustomerId,
    Field::OrderId,
    Field::LineAmount,
    Field::Total,
    Field::Quantity,
    Field::UnitPrice,
    Field::Refunded,
    Field::Status,
    Field::Product,
    Field::Rating,
    Field::Card,
    Field::MemberSince,
    Field::PointsEarned,
    Field::PointsRedeemed,
    Field::EventType,
    Field::Reach,
    Field::Likes,
    Field::Shares,
    Field::Interactions,
    Field::OrderChannel,
    Field::Score,
    Field::Recommend,
    Field::PostType,
    Field::Comments,
    Field::ReviewText,
    Field::TransactionType,
    Field::EventValue,
    Field::PostMonth,
    Field::Time,
    Field::CancelledAt,
    Field::AdjustedTotal,
    Field::Channel,
];

/// The one column field a header is exactly a term of, if it is exactly one.
fn field_of_header(header: &str) -> Option<Field> {
    let normalized = normalize_header(header);
    let fields: Vec<Field> = COLUMN_FIELDS
        .into_iter()
        .filter(|field| strength(*field, &normalized).is_some_and(|s| s.exact))
        .collect();
    match fields.as_slice() {
        [only] => Some(*only),
        _ => None,
    }
}

/// The header as a tool in `language` would write it: a header that is exactly the term of
/// one column field is replaced by that field's usual term in `language`; other headers stay.
fn translated(header: &str, language: Language) -> String {
    match field_of_header(header).and_then(|f| fidelio::import::vocabulary::term_in(f, language)) {
        Some(term) => term.to_string(),
        None => header.to_string(),
    }
}

/// The table with every header a vocabulary term translated into `language`; a translation
/// that would give two columns the same name is not made (no tool writes two equal headers).
fn translated_headers(source: &ReadSource, language: Language) -> ReadSource {
    let mut seen = std::collections::HashSet::new();
    let mut renamed = Vec::new();
    let fields: Vec<Option<Field>> = source
        .table
        .headers
        .iter()
        .map(|h| field_of_header(h))
        .collect();
    for (i, header) in source.table.headers.iter().enumerate() {
        // Two columns of one field (gross and net sales) would both get the field's one word:
        // such headers keep their own.
        let shared = fields[i].is_some() && fields.iter().filter(|f| **f == fields[i]).count() > 1;
        let new = if shared {
            header.clone()
        } else {
            translated(header, language)
        };
        let name = if seen.insert(normalize_header(&new)) {
            new
        } else {
            header.clone()
        };
        seen.insert(normalize_header(&name));
        renamed.push(name);
    }
    with_headers(source, |h| {
        let i = source
            .table
            .headers
            .iter()
            .position(|x| x == h)
            .unwrap_or(0);
        renamed[i].clone()
    })
}

/// The table with its columns in another order (reversed, then rotated by one).
fn shuffled(source: &ReadSource) -> ReadSource {
    let width = source.table.headers.len();
    let order: Vec<usize> = (0..width).rev().cycle().skip(1).take(width).collect();
    let table = &source.table;
    let mut rows = Rows::new();
    for row in table.rows.iter() {
        rows.push(order.iter().map(|&i| row.cell(i).to_cell()));
    }
    ReadSource {
        format: source.format.clone(),
        table: HeadedTable {
            headers: order.iter().map(|&i| table.headers[i].clone()).collect(),
            rows,
            ..table.clone()
        },
    }
}

/// The table with a column nobody uses added in the middle.
fn with_unused_column(source: &ReadSource) -> ReadSource {
    let table = &source.table;
    let at = table.headers.len() / 2;
    let mut headers = table.headers.clone();
    headers.insert(at, "Colonna interna".to_string());
    let mut rows = Rows::new();
    for row in table.rows.iter() {
        let mut cells = row.to_cells();
        // Blank rows and a report's heading rows (one cell: "Brooks Café" above its lines)
        // stay as they are: a tool writes no column's value on a line it keeps for a title.
        let value = if row.iter().filter(|c| !c.is_empty()).count() < 2 {
            Cell::Empty
        } else {
            Cell::from_text("interno")
        };
        cells.insert(at.min(cells.len()), value);
        rows.push(cells);
    }
    ReadSource {
        format: source.format.clone(),
        table: HeadedTable {
            headers,
            rows,
            ..table.clone()
        },
    }
}

fn check(name: &str, rewrite: &str, expected: &str, got: &str, failures: &mut Vec<String>) {
    if expected != got {
        let first_difference = expected
            .lines()
            .zip(got.lines())
            .find(|(a, b)| a != b)
            .map(|(a, b)| format!("\n    before: {a:.300}\n    after:  {b:.300}"))
            .unwrap_or_default();
        failures.push(format!("{name}, {rewrite}:{first_difference}"));
    }
}

fn no_layouts() -> ImportOptions {
    ImportOptions {
        detect: DetectOptions {
            recognise_layouts: false,
            ..DetectOptions::default()
        },
        ..ImportOptions::default()
    }
}

#[test]
fn figures_do_not_depend_on_header_spelling_column_order_extra_columns_or_layout_names() {
    let options = ImportOptions::default();
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in fixture_files() {
        let Some(source) = read(&path) else { continue };
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let original = import(&path, source.clone(), &options);
        if original.error.is_some() && original.table.is_none() {
            continue;
        }
        checked += 1;
        let expected = figures(&original);
        let rewrites: Vec<(&str, ReadSource, &ImportOptions)> = vec![
            (
                "camelCase headers",
                with_headers(&source, camel_case),
                &options,
            ),
            (
                "snake_case headers",
                with_headers(&source, snake_case),
                &options,
            ),
            (
                // The header's words in capitals ("ORDER ID"): capitals of a camelCase header
                // ("ORDERID") would be one word no tool writes.
                "upper-case headers",
                with_headers(&source, |h| normalize_header(h).to_uppercase()),
                &options,
            ),
            ("columns shuffled", shuffled(&source), &options),
            (
                "an unused column added",
                with_unused_column(&source),
                &options,
            ),
        ];
        for (rewrite, changed, options) in rewrites {
            let got = figures(&import(&path, changed, options));
            check(&name, rewrite, &expected, &got, &mut failures);
        }
        // Statuses written as numbers (Shopware's 4 = cancelled) mean something only for the
        // tool that writes them: such a file is the one case where the layout's name matters.
        if original
            .layout
            .is_some_and(fidelio::import::orders::layout_reads_codes)
        {
            continue;
        }
        let off = no_layouts();
        let got = figures(&import(&path, source.clone(), &off));
        check(
            &name,
            "layout recognition off",
            &expected,
            &got,
            &mut failures,
        );
        let got = figures(&import(&path, shuffled(&source), &off));
        check(
            &name,
            "layout recognition off and columns shuffled",
            &expected,
            &got,
            &mut failures,
        );
    }
    assert!(checked >= 60, "only {checked} fixtures were read");
    assert!(
        failures.is_empty(),
        "{} rewrites changed the figures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn figures_do_not_depend_on_the_language_of_the_headers() {
    let options = no_layouts();
    let mut failures = Vec::new();
    for path in fixture_files() {
        let Some(source) = read(&path) else { continue };
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let original = import(&path, source.clone(), &options);
        if original.table.is_none() {
            continue;
        }
        let expected = figures(&original);
        for language in [
            Language::En,
            Language::It,
            Language::Fr,
            Language::Es,
            Language::De,
        ] {
            let changed = translated_headers(&source, language);
            let renamed: Vec<String> = source
                .table
                .headers
                .iter()
                .zip(&changed.table.headers)
                .filter(|(a, b)| a != b)
                .map(|(a, b)| format!("{a} -> {b}"))
                .collect();
            let got = figures(&import(&path, changed, &options));
            check(
                &name,
                &format!("headers in {language:?} ({})", renamed.join(", ")),
                &expected,
                &got,
                &mut failures,
            );
        }
    }
    assert!(
        failures.is_empty(),
        "{} translations changed the figures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn translating_a_header_uses_the_vocabulary() {
    assert_eq!(translated("Order ID", Language::It), "id ordine");
    assert_eq!(translated("Prezzo unitario", Language::De), "einzelpreis");
    assert_eq!(
        translated("Valutazione", Language::En),
        "Valutazione",
        "a rating or a score"
    );
    assert_eq!(
        translated("Not a known header", Language::Fr),
        "Not a known header"
    );
}

/// A small deterministic random source, so the mutation test below is the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() as usize) % items.len()]
    }
}

#[test]
fn random_tables_of_known_words_and_odd_values_never_break_detection() {
    // Headers from the vocabulary itself and values of every shape detection reads, mixed at
    // random: whatever Fidelio makes of them, it must not panic, and what it reports must hold
    // together.
    let mut headers: Vec<&str> = VOCABULARY
        .iter()
        .flat_map(|t| [t.en, t.it, t.fr, t.es, t.de])
        .flatten()
        .map(|t| t.trim_start_matches('=').trim_end_matches('*'))
        .collect();
    headers.extend(["", "#", "Column 1", "x", "ID", "Name", "Total", "Data"]);
    let values = [
        "",
        " ",
        "-",
        "N/A",
        "0",
        "1",
        "5",
        "9",
        "10",
        "11",
        "-1",
        "4.0",
        "4,5",
        "FOUR",
        "★★★☆☆",
        "12.50",
        "1.234,56",
        "€ 1.234,56",
        "$1,234.56",
        "(12.00)",
        "12-",
        "CHF 12.-",
        "1e400",
        "99999999999999999999999",
        "NaN",
        "inf",
        "02/03/2026",
        "2026-03-12T10:22:01.000Z",
        "12 mar 2026",
        "Mar-02-26",
        "20260312",
        "46082",
        "1700000000",
        "anna@example.com",
        "ANNA@EXAMPLE.COM ",
        "+39 333 1234567",
        "#1001",
        "ch_3PxFid0Lm2",
        "Milano",
        "Online",
        "Paid",
        "Refunded",
        "Cancelled",
        "pending",
        "Nota di credito",
        "Totale",
        "a b c d e",
        "\u{0}",
        "\u{feff}",
        "—",
        "💥",
        "1/2026",
        "TS-1001",
    ];
    let mut random = Lcg(20261201);
    let path = Path::new("random.csv");
    for round in 0..400 {
        let width = 1 + (random.next() as usize) % 12;
        let height = (random.next() as usize) % 25;
        let table_headers: Vec<String> = (0..width)
            .map(|_| random.pick(&headers).to_string())
            .collect();
        let mut rows = Rows::new();
        for _ in 0..height {
            let row: Vec<Cell> = (0..width)
                .map(|_| Cell::from_text(random.pick(&values)))
                .collect();
            rows.push(row);
        }
        let source = ReadSource {
            format: fidelio::import::read::SourceFormat::Delimited {
                encoding: "UTF-8",
                delimiter: b',',
            },
            table: HeadedTable {
                headers: table_headers,
                rows,
                skipped_above: 1,
            },
        };
        for options in [ImportOptions::default(), no_layouts()] {
            let file = import(path, source.clone(), &options);
            assert_eq!(file.roles.len(), width, "round {round}");
            assert!(file.rows_used() <= file.rows(), "round {round}");
            if let Some(question) = &file.question {
                assert!(
                    question.candidates.iter().all(|&c| c < width),
                    "round {round}"
                );
            }
            if file.error.is_none() {
                assert!(
                    file.rows_used() > 0,
                    "round {round}: used nothing without an error"
                );
            }
        }
    }
}
