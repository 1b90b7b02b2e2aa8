//! Times the whole orders pipeline on a real export: read, detect, validate, build the frames,
//! and compute the summary, cohorts and RFM segments. Run in a release build:
//!
//! `cargo bench --bench import_and_analyse -- ../shared/data/online_retail_II_2009_2010.csv`
//!
//! A plain timing harness (no statistics crate): each step runs once, as an owner would.
//! `--phases` then reads each file a second time step by step, to show where the import time
//! goes. `--generate LINES PATH` writes a synthetic order export of that many lines instead,
//! for sizes no real test file has.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use fidelio::import::decode::decode_text;
use fidelio::import::delimited::{detect_delimiter, read_delimited};
use fidelio::import::detect::detect;
use fidelio::import::header::find_header;
use fidelio::import::orders::{OrderColumns, validate_orders};
use fidelio::import::pipeline::{ImportOptions, import_path};
use fidelio::import::spreadsheet::read_sheet;
use fidelio::import::table::HeadedTable;
use fidelio::workspace::{LoyaltyFilter, Workspace, loyalty_view};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(at) = args.iter().position(|a| a == "--generate") {
        let (Some(lines), Some(path)) = (
            args.get(at + 1)
                .and_then(|n| n.replace('_', "").parse().ok()),
            args.get(at + 2),
        ) else {
            eprintln!("usage: --generate LINES PATH, e.g. --generate 5000000 /tmp/orders_5m.csv");
            std::process::exit(2);
        };
        let started = Instant::now();
        if let Err(error) = generate_orders(lines, Path::new(path)) {
            eprintln!("{path}: {error}");
            std::process::exit(1);
        }
        println!(
            "wrote {lines} lines to {path} in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        return;
    }
    let phases = args.iter().any(|a| a == "--phases");
    let files: Vec<PathBuf> = args
        .iter()
        .filter(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .collect();
    if files.is_empty() {
        eprintln!(
            "give the order files to time, e.g. ../shared/data/online_retail_II_2009_2010.csv"
        );
        return;
    }
    let started = Instant::now();
    let imported: Vec<_> = files
        .iter()
        .map(|f| import_path(f, &ImportOptions::default()))
        .collect();
    let import_time = started.elapsed();
    for file in &imported {
        println!(
            "{}: {} rows, {} used, kind {}{}",
            file.name,
            file.rows(),
            file.rows_used(),
            file.kind.as_str(),
            file.error
                .as_ref()
                .map(|e| format!(", error: {e}"))
                .unwrap_or_default()
        );
    }
    let workspace = Workspace { files: imported };
    let analysis_started = Instant::now();
    let view = loyalty_view(&workspace, None, &LoyaltyFilter::default()).expect("analysis");
    let analysis_time = analysis_started.elapsed();
    if let Some(view) = &view {
        println!(
            "orders {}, customers {}, net revenue {:.2}, cohorts {}",
            view.summary.orders,
            view.summary.customers,
            view.summary.revenue,
            view.cohorts.len()
        );
        // The customer models and the pairs, each timed on its own (the summary computes
        // both by default; the peers compute neither).
        let clock = Instant::now();
        let predictions =
            fidelio::figures::predictions::predictions(view, 13).expect("predictions");
        let fits = clock.elapsed();
        if let Some(p) = &predictions {
            println!(
                "predictions: {} customers, purchase model {}, {:.3} s (both fits, every customer, the hold-out check)",
                p.customers.len(),
                if p.not_used.is_none() {
                    "used"
                } else {
                    "not used"
                },
                fits.as_secs_f64()
            );
        }
        // The spend model's fit on its own: a shop whose purchase model is not used (the
        // generated one never loses a customer) skips it in the predictions.
        if let Some(p) = &predictions {
            let histories: Vec<_> = p.customers.iter().map(|c| c.history).collect();
            let clock = Instant::now();
            let spend = fidelio::analysis::clv::fit_gamma_gamma(&histories);
            println!(
                "spend model alone: {}, {:.3} s",
                if spend.is_some() { "fitted" } else { "no fit" },
                clock.elapsed().as_secs_f64()
            );
        }
        let clock = Instant::now();
        let pairs = fidelio::figures::predictions::cross_sell(view, None).expect("pairs");
        if let Some(pairs) = &pairs {
            println!(
                "cross-sell: {} baskets, {} pairs in {} or more, {:.3} s",
                pairs.baskets,
                pairs.pairs.len(),
                pairs.min_baskets,
                clock.elapsed().as_secs_f64()
            );
        }
    }
    println!(
        "import (read, detect, validate): {:.3} s",
        import_time.as_secs_f64()
    );
    println!(
        "analysis (frames, summary, cohorts, RFM): {:.3} s",
        analysis_time.as_secs_f64()
    );
    println!("total: {:.3} s", started.elapsed().as_secs_f64());
    if let Some(peak) = peak_memory() {
        println!("peak memory (VmHWM): {peak}");
    }
    if phases {
        drop(workspace);
        for file in &files {
            time_phases(file);
        }
    }
}

/// Runs one file through the import's steps one at a time and prints each step's time.
fn time_phases(path: &Path) {
    println!("phases of {}:", path.display());
    let mut clock = Instant::now();
    let mut lap = |name: &str| {
        println!("  {name}: {:.3} s", clock.elapsed().as_secs_f64());
        clock = Instant::now();
    };
    let bytes = std::fs::read(path).expect("readable file");
    lap("read the file");
    let table: HeadedTable = if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
    {
        let decoded = decode_text(&bytes).expect("text");
        lap("decode");
        let delimiter = detect_delimiter(&decoded.text).unwrap_or(b',');
        lap("detect the delimiter");
        let raw = read_delimited(&decoded.text, delimiter).expect("delimited");
        lap("split into cells");
        let table = find_header(raw).expect("header");
        lap("find the header");
        table
    } else {
        let read = read_sheet(&bytes, None).expect("sheet");
        lap("unzip and read the sheet");
        let table = find_header(read.table).expect("header");
        lap("find the header");
        table
    };
    drop(bytes);
    let detection = detect(&table);
    lap("detect kind and roles");
    let columns = OrderColumns::from_roles(&detection.roles, &table.headers);
    let (rows, problems) = validate_orders(&table, &columns).expect("orders");
    lap("validate the orders");
    println!(
        "  ({} orders, {} refunds, {} rows not used)",
        rows.orders.len(),
        rows.refunds.len(),
        problems.len()
    );
}

/// The process's peak resident memory as the kernel reports it (Linux only).
fn peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(format!("{:.0} MB", kb / 1024.0))
}

/// A small deterministic generator (SplitMix64), so the same command writes the same file.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// True with probability `percent` / 100.
    fn percent(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const FIRST_NAMES: [&str; 16] = [
    "anna", "luca", "giulia", "marco", "sara", "paolo", "chiara", "matteo", "elena", "davide",
    "james", "emma", "olivia", "noah", "sofia", "leo",
];
const LAST_NAMES: [&str; 12] = [
    "rossi", "bianchi", "ferrari", "esposito", "romano", "colombo", "smith", "brown", "jones",
    "martin", "ricci", "greco",
];
const DOMAINS: [&str; 6] = [
    "gmail.com",
    "libero.it",
    "outlook.com",
    "yahoo.it",
    "icloud.com",
    "example.org",
];
const ADJECTIVES: [&str; 12] = [
    "Ceramic",
    "Linen",
    "Vintage",
    "Small",
    "Large",
    "Blue",
    "Hand-made",
    "Organic",
    "Wooden",
    "Glass",
    "Red",
    "Scented",
];
const NOUNS: [&str; 25] = [
    "mug",
    "tea towel",
    "candle",
    "notebook",
    "vase",
    "tote bag",
    "coaster set",
    "bowl",
    "lamp",
    "cushion",
    "apron",
    "plate",
    "jar",
    "soap",
    "frame",
    "clock",
    "basket",
    "blanket",
    "teapot",
    "bookmark",
    "poster",
    "pen set",
    "scarf",
    "planter",
    "tray",
];
const STORES: [&str; 5] = ["Milano Brera", "Roma Centro", "Torino", "Bologna", "Online"];

/// Writes an order export of `lines` lines: order id, date, customer email, product, quantity,
/// unit price and store, one to eight lines per order, about 2 % of orders returned later under
/// a `C` credit-note number with negative quantities, about 1 % of lines refunded inside their
/// order, and about 8 % of orders without a customer email.
fn generate_orders(lines: usize, path: &Path) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    writeln!(
        out,
        "Order ID,Order Date,Customer Email,Product,Quantity,Unit Price,Store"
    )?;
    let mut random = Random(2026);
    // One customer per ~40 lines: most buy a few times, as in a real shop.
    let customers = (lines as u64 / 40).max(10);
    let products = (ADJECTIVES.len() * NOUNS.len()) as u64;
    // Three years of trading, starting on 2023-01-02 (day 19359 since 1970-01-01).
    let first_day = 19_359u64;
    let days = 3 * 365;
    let mut written = 0usize;
    let mut order_number = 1_000_000u64;
    while written < lines {
        order_number += 1;
        let progress = written as u64 * days / lines as u64;
        let day = first_day + progress;
        let seconds = 8 * 3600 + random.below(12 * 3600);
        let date = format_datetime(day, seconds);
        let customer = random.below(customers);
        let email = if random.percent(8) {
            String::new()
        } else {
            let first = FIRST_NAMES[(customer % 16) as usize];
            let last = LAST_NAMES[(customer / 16 % 12) as usize];
            let domain = DOMAINS[(customer % 6) as usize];
            format!("{first}.{last}{}@{domain}", customer / 192)
        };
        let store = STORES[(customer % STORES.len() as u64) as usize];
        let line_count = 1 + random.below(4) + random.below(5);
        let returned = random.percent(2);
        let mut order_lines = Vec::new();
        for _ in 0..line_count {
            let product = random.below(products);
            let name = format!(
                "{} {}",
                ADJECTIVES[(product % 12) as usize],
                NOUNS[(product / 12) as usize]
            );
            let cents = 150 + (product * 7919 % 60) * 50;
            let quantity = 1 + random.below(3) + random.below(3) * random.below(2);
            let quantity = if random.percent(1) {
                -(quantity as i64)
            } else {
                quantity as i64
            };
            order_lines.push((name, quantity, cents));
        }
        for (name, quantity, cents) in &order_lines {
            writeln!(
                out,
                "{order_number},{date},{email},{name},{quantity},{}.{:02},{store}",
                cents / 100,
                cents % 100
            )?;
            written += 1;
        }
        if returned && written < lines {
            let return_date = format_datetime(day + 3 + random.below(20), seconds);
            let (name, quantity, cents) = &order_lines[0];
            writeln!(
                out,
                "C{order_number},{return_date},{email},{name},{},{}.{:02},{store}",
                -quantity.abs(),
                cents / 100,
                cents % 100
            )?;
            written += 1;
        }
    }
    out.flush()
}

/// `YYYY-MM-DD HH:MM:SS` for a day counted from 1970-01-01 and seconds after midnight.
fn format_datetime(day: u64, seconds: u64) -> String {
    let date = chrono::NaiveDate::from_epoch_days(day as i32).expect("a date in range");
    format!(
        "{} {:02}:{:02}:{:02}",
        date.format("%Y-%m-%d"),
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}
