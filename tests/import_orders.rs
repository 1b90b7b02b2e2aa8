//! Every order fixture through reading, detection and order validation, against the figures
//! written down when the fixture was made (tests/fixtures/orders/expected.json: counted by hand
//! from the typed rows, and for the Online Retail excerpt by a separate plain-Python count,
//! never by Fidelio).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use fidelio::import::detect::detect;
use fidelio::import::orders::{
    self, OrderColumns, OrderRows, detect_order_layout, orders_frames, validate_orders,
};
use fidelio::import::problems::RowProblem;
use fidelio::import::read::read_source;
use fidelio::import::roles::FileKind;
use fidelio::import::table::HeadedTable;
use polars::prelude::*;
use serde_json::Value;

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/orders")
}

fn expected() -> serde_json::Map<String, Value> {
    let text = std::fs::read_to_string(fixture_dir().join("expected.json")).unwrap();
    serde_json::from_str::<Value>(&text)
        .unwrap()
        .as_object()
        .unwrap()
        .clone()
}

struct Imported {
    table: HeadedTable,
    kind: FileKind,
    layout: Option<&'static str>,
    columns: OrderColumns,
    rows: OrderRows,
    problems: Vec<RowProblem>,
}

/// Reads a fixture the way the import pipeline does, then validates it as orders.
fn import(name: &str) -> Imported {
    let bytes = std::fs::read(fixture_dir().join(name)).unwrap();
    let source = read_source(name, &bytes, None).unwrap();
    let detection = detect(&source.table);
    let columns = OrderColumns::from_roles(&detection.roles, &source.table.headers);
    let (rows, problems) =
        validate_orders(&source.table, &columns).unwrap_or_else(|e| panic!("{name}: refused: {e}"));
    Imported {
        table: source.table,
        kind: detection.kind,
        layout: detection.layout,
        columns,
        rows,
        problems,
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

fn column_index(columns: &OrderColumns, field: &str) -> Option<usize> {
    match field {
        "order_id" => columns.order_id,
        "date" => columns.date,
        "email" => columns.email,
        "customer_id" => columns.customer_id,
        "phone" => columns.phone,
        "name" => columns.name,
        "store" => columns.store,
        "channel" => columns.channel,
        "total" => columns.total,
        "line_amount" => columns.line_amount,
        "quantity" => columns.quantity,
        "unit_price" => columns.unit_price,
        "refunded" => columns.refunded,
        "adjusted_total" => columns.adjusted_total,
        "status" => columns.status,
        "event_type" => columns.event_type,
        other => panic!("unknown field {other} in expected.json"),
    }
}

fn date_of(frame: &DataFrame, row: usize) -> String {
    let days = frame
        .column(orders::DATE)
        .unwrap()
        .date()
        .unwrap()
        .physical()
        .get(row)
        .unwrap();
    let date = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + chrono::Duration::days(days.into());
    date.format("%Y-%m-%d").to_string()
}

fn opt_str(frame: &DataFrame, column: &str, row: usize) -> Option<String> {
    frame
        .column(column)
        .unwrap()
        .str()
        .unwrap()
        .get(row)
        .map(str::to_string)
}

fn check_file(name: &str, want: &Value) {
    let file = import(name);
    assert_eq!(file.kind, FileKind::Orders, "{name}: kind");
    assert_eq!(file.layout, want["layout"].as_str(), "{name}: layout");
    assert_eq!(
        detect_order_layout(&file.table.headers),
        want["layout"].as_str(),
        "{name}: layout from the headers alone"
    );
    assert_eq!(
        file.table.rows.len() as u64,
        want["rows"].as_u64().unwrap(),
        "{name}: rows"
    );
    for (field, header) in want["columns"].as_object().unwrap() {
        let found = column_index(&file.columns, field).map(|i| file.table.headers[i].as_str());
        assert_eq!(found, header.as_str(), "{name}: column for {field}");
    }

    let skipped: Vec<(u64, String, String)> = want["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["row"].as_u64().unwrap(),
                s["column"].as_str().unwrap().to_string(),
                s["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let found: Vec<(u64, String, String)> = file
        .problems
        .iter()
        .map(|p| {
            (
                p.row as u64,
                p.column.clone(),
                p.reason.message(fidelio::i18n::Lang::En),
            )
        })
        .collect();
    assert_eq!(found, skipped, "{name}: rows not used");
    assert_eq!(
        file.rows.lines_used as u64,
        want["lines_used"].as_u64().unwrap(),
        "{name}: lines used"
    );
    assert_eq!(
        (file.rows.lines_used + file.problems.len()) as u64,
        want["rows"].as_u64().unwrap(),
        "{name}: every row is used or reported"
    );
    assert_eq!(
        file.rows.lines_without_customer as u64,
        want["lines_without_customer"].as_u64().unwrap(),
        "{name}: lines without a customer"
    );

    let (orders, refunds) = orders_frames(&[(name, &file.rows)]).unwrap();
    assert_eq!(
        orders.height() as u64,
        want["orders"].as_u64().unwrap(),
        "{name}: orders"
    );
    let customers: BTreeSet<String> = (0..orders.height())
        .filter_map(|i| opt_str(&orders, orders::CUSTOMER, i))
        .collect();
    assert_eq!(
        customers.len() as u64,
        want["customers"].as_u64().unwrap(),
        "{name}: customers"
    );
    let gross: f64 = orders
        .column(orders::GROSS)
        .unwrap()
        .f64()
        .unwrap()
        .sum()
        .unwrap_or(0.0);
    let refunded: f64 = refunds
        .column(orders::AMOUNT)
        .unwrap()
        .f64()
        .unwrap()
        .sum()
        .unwrap_or(0.0);
    assert!(
        close(gross, want["gross"].as_f64().unwrap()),
        "{name}: gross {gross}"
    );
    assert!(
        close(refunded, want["refunded"].as_f64().unwrap()),
        "{name}: refunded {refunded}"
    );
    assert!(
        close(gross - refunded, want["net_revenue"].as_f64().unwrap()),
        "{name}: net revenue {}",
        gross - refunded
    );

    let order_list = want["order_list"].as_array().unwrap();
    assert_eq!(orders.height(), order_list.len(), "{name}: order list");
    let gross_column = orders.column(orders::GROSS).unwrap().f64().unwrap();
    let rows_column = orders.column(orders::SOURCE_ROW).unwrap().u32().unwrap();
    for (i, order) in order_list.iter().enumerate() {
        let order = order.as_array().unwrap();
        assert_eq!(
            opt_str(&orders, orders::ORDER_ID, i).as_deref(),
            order[0].as_str(),
            "{name}: order {i} id"
        );
        assert_eq!(
            date_of(&orders, i),
            order[1].as_str().unwrap(),
            "{name}: order {i} date"
        );
        assert_eq!(
            opt_str(&orders, orders::CUSTOMER, i).as_deref(),
            order[2].as_str(),
            "{name}: order {i} customer"
        );
        let value = gross_column.get(i).unwrap();
        assert!(
            close(value, order[3].as_f64().unwrap()),
            "{name}: order {i} gross {value}"
        );
        assert_eq!(
            opt_str(&orders, orders::STORE, i).as_deref(),
            order[4].as_str(),
            "{name}: order {i} store"
        );
        assert_eq!(
            opt_str(&orders, orders::CHANNEL, i).as_deref(),
            order[5].as_str(),
            "{name}: order {i} channel"
        );
        assert_eq!(
            rows_column.get(i).map(u64::from),
            order[6].as_u64(),
            "{name}: order {i} first row"
        );
    }

    let refund_list = want["refund_list"].as_array().unwrap();
    assert_eq!(refunds.height(), refund_list.len(), "{name}: refund list");
    let amount_column = refunds.column(orders::AMOUNT).unwrap().f64().unwrap();
    let rows_column = refunds.column(orders::SOURCE_ROW).unwrap().u32().unwrap();
    for (i, refund) in refund_list.iter().enumerate() {
        let refund = refund.as_array().unwrap();
        assert_eq!(
            opt_str(&refunds, orders::ORDER_ID, i).as_deref(),
            refund[0].as_str(),
            "{name}: refund {i} order"
        );
        assert_eq!(
            date_of(&refunds, i),
            refund[1].as_str().unwrap(),
            "{name}: refund {i} date"
        );
        assert_eq!(
            opt_str(&refunds, orders::CUSTOMER, i).as_deref(),
            refund[2].as_str(),
            "{name}: refund {i} customer"
        );
        let value = amount_column.get(i).unwrap();
        assert!(
            close(value, refund[3].as_f64().unwrap()),
            "{name}: refund {i} amount {value}"
        );
        assert_eq!(
            rows_column.get(i).map(u64::from),
            refund[4].as_u64(),
            "{name}: refund {i} row"
        );
    }
}

fn check(name: &str) {
    let all = expected();
    let want = all
        .get(name)
        .unwrap_or_else(|| panic!("{name} is not in expected.json"));
    check_file(name, want);
}

#[test]
fn shopify_line_items_take_the_order_total_and_refunded_amount() {
    check("shopify_orders.csv");
}

#[test]
fn woocommerce_totals_repeated_on_every_line_are_counted_once() {
    check("woocommerce_orders.csv");
}

#[test]
fn square_item_sales_read_dollars_and_refund_rows() {
    check("square_item_sales.csv");
}

#[test]
fn square_transactions_take_total_collected_and_refund_events() {
    check("square_transactions.csv");
}

#[test]
fn sumup_sales_report_has_no_customers_and_the_merchant_account_is_not_one() {
    check("sumup_sales_report.csv");
}

#[test]
fn etsy_adjusted_totals_are_refunds() {
    check("etsy_sold_orders.csv");
}

#[test]
fn italian_accountants_register_in_windows_1252_with_decimal_commas() {
    check("registro_vendite.csv");
}

#[test]
fn a_till_without_order_numbers_groups_a_customers_lines_at_one_time() {
    check("cassa_senza_numero.csv");
}

#[test]
fn online_retail_excerpt_matches_the_independent_count() {
    check("online_retail_excerpt.csv");
}

#[test]
fn every_fixture_in_expected_json_is_checked_by_a_test() {
    let names: BTreeSet<String> = expected().keys().cloned().collect();
    let on_disk: BTreeSet<String> = std::fs::read_dir(fixture_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".csv"))
        .collect();
    assert_eq!(names, on_disk);
}

#[test]
fn one_customer_across_two_files_is_one_customer() {
    // Anna orders on Shopify as anna.rossi@example.com and " Anna.Rossi@Example.com ", and on
    // WooCommerce as ANNA.ROSSI@example.com. Shopify's customers: anna, marco and a phone;
    // WooCommerce's: sara, paolo and anna. Together 5, not 6.
    let shopify = import("shopify_orders.csv");
    let woo = import("woocommerce_orders.csv");
    let (orders, refunds) = orders_frames(&[
        ("shopify_orders.csv", &shopify.rows),
        ("woocommerce_orders.csv", &woo.rows),
    ])
    .unwrap();
    assert_eq!(orders.height(), 6 + 5);
    assert_eq!(refunds.height(), 2 + 2);
    let customers = orders
        .column(orders::CUSTOMER)
        .unwrap()
        .drop_nulls()
        .n_unique()
        .unwrap();
    assert_eq!(customers, 5);
    let anna = (0..orders.height())
        .filter(|&i| {
            opt_str(&orders, orders::CUSTOMER, i).as_deref() == Some("anna.rossi@example.com")
        })
        .count();
    assert_eq!(anna, 3, "#1001 and #1004 on Shopify, 2105 on WooCommerce");
    // One number a customer, across both files.
    let numbers = orders
        .column(orders::CUSTOMER_NUMBER)
        .unwrap()
        .u32()
        .unwrap();
    let anna_numbers: std::collections::BTreeSet<Option<u32>> = (0..orders.height())
        .filter(|&i| {
            opt_str(&orders, orders::CUSTOMER, i).as_deref() == Some("anna.rossi@example.com")
        })
        .map(|i| numbers.get(i))
        .collect();
    assert_eq!(anna_numbers.len(), 1);
    assert_eq!(numbers.drop_nulls().n_unique().unwrap(), 5);
    let files = orders.column(orders::SOURCE_FILE).unwrap().str().unwrap();
    assert_eq!(files.get(0), Some("shopify_orders.csv"));
    assert_eq!(files.get(6), Some("woocommerce_orders.csv"));
}

#[test]
fn frames_have_the_interface_dtypes() {
    let file = import("square_item_sales.csv");
    let (orders, refunds) = orders_frames(&[("square_item_sales.csv", &file.rows)]).unwrap();
    let dtypes = |frame: &DataFrame| -> Vec<(String, DataType)> {
        frame
            .columns()
            .iter()
            .map(|c| (c.name().to_string(), c.dtype().clone()))
            .collect()
    };
    let text = DataType::String;
    assert_eq!(
        dtypes(&orders),
        vec![
            ("order_id".to_string(), text.clone()),
            ("date".to_string(), DataType::Date),
            ("customer".to_string(), text.clone()),
            ("customer_number".to_string(), DataType::UInt32),
            ("gross".to_string(), DataType::Float64),
            ("store".to_string(), text.clone()),
            ("channel".to_string(), text.clone()),
            ("source_file".to_string(), text.clone()),
            ("source_row".to_string(), DataType::UInt32),
        ]
    );
    assert_eq!(
        dtypes(&refunds),
        vec![
            ("order_id".to_string(), text.clone()),
            ("date".to_string(), DataType::Date),
            ("customer".to_string(), text.clone()),
            ("customer_number".to_string(), DataType::UInt32),
            ("amount".to_string(), DataType::Float64),
            ("store".to_string(), text.clone()),
            ("channel".to_string(), text.clone()),
            ("source_file".to_string(), text.clone()),
            ("source_row".to_string(), DataType::UInt32),
        ]
    );
    assert_eq!(orders.column(orders::ORDER_ID).unwrap().null_count(), 0);
    assert_eq!(orders.column(orders::DATE).unwrap().null_count(), 0);
    // Empty inputs give empty frames with the same columns.
    let (orders, refunds) = orders_frames(&[]).unwrap();
    assert_eq!((orders.height(), orders.width()), (0, 9));
    assert_eq!((refunds.height(), refunds.width()), (0, 9));
}

/// The demo shop's order file, imported the way the app does.
fn demo_orders() -> fidelio::import::pipeline::ImportedFile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo/ordini.csv");
    fidelio::import::pipeline::import_path(&path, &Default::default())
}

fn net_revenue(file: &fidelio::import::pipeline::ImportedFile) -> f64 {
    let rows = file.orders.as_ref().expect("orders");
    let gross: f64 = rows.orders.iter().map(|o| o.gross).sum();
    let refunds: f64 = rows.refunds.iter().map(|r| r.amount).sum();
    gross - refunds
}

#[test]
fn order_columns_have_roles_the_owner_can_change() {
    use fidelio::import::roles::Role;
    let demo: Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo/expected.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let want = &demo["ordini.csv"];
    let mut file = demo_orders();
    assert_eq!(file.header_for(Role::OrderId), Some("N. documento"));
    assert_eq!(file.header_for(Role::Product), Some("Prodotto"));
    assert_eq!(file.header_for(Role::Quantity), Some("Quantità"));
    assert_eq!(file.header_for(Role::UnitPrice), Some("Prezzo unitario"));
    assert_eq!(
        file.orders.as_ref().unwrap().orders.len() as u64,
        want["orders"].as_u64().unwrap()
    );

    // Without the total column, each line is quantity × unit price: the same money, as the
    // generator wrote Totale = Quantità × Prezzo unitario.
    let total = file.headers().iter().position(|h| h == "Totale").unwrap();
    assert_ne!(file.roles[total], Role::Ignore);
    file.set_role(total, Role::Ignore);
    assert!(file.error.is_none(), "{:?}", file.error);
    assert!(close(
        net_revenue(&file),
        want["net_revenue_eur"].as_f64().unwrap()
    ));

    // Without order numbers, one customer's lines on one day are one order: fewer orders than
    // documents, since a customer can buy twice a day in two stores only rarely, and walk-in
    // sales without a customer cannot be told apart.
    let id = file
        .headers()
        .iter()
        .position(|h| h == "N. documento")
        .unwrap();
    file.set_role(id, Role::Ignore);
    assert_eq!(file.header_for(Role::OrderId), None);
    let orders = file.orders.as_ref().map_or(0, |o| o.orders.len() as u64);
    assert!(
        orders < want["orders"].as_u64().unwrap(),
        "{orders} orders without order numbers"
    );
}

/// The currency of each file, as its amounts or currency column say: Etsy and BigCommerce
/// export in dollars, Shopify, SumUp and PayPal (a German export, "Währung") in euros; the
/// Online Retail excerpt (a UK shop) and Toast write bare numbers, so they say nothing.
#[test]
fn a_file_s_currency_comes_from_its_marks_or_its_currency_column() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for (file, currency) in [
        ("orders/etsy_sold_orders.csv", Some("USD")),
        ("corpus/bigcommerce_orders.csv", Some("USD")),
        ("orders/shopify_orders.csv", Some("EUR")),
        ("orders/sumup_sales_report.csv", Some("EUR")),
        ("corpus/paypal_aktivitaeten.csv", Some("EUR")),
        ("orders/online_retail_excerpt.csv", None),
        ("corpus/toast_payment_details.csv", None),
    ] {
        let imported =
            fidelio::import::pipeline::import_path(&root.join(file), &Default::default());
        let orders = imported
            .orders
            .unwrap_or_else(|| panic!("{file} holds orders: {:?}", imported.error));
        assert_eq!(orders.currency, currency, "{file}");
    }
}

/// Amounts on the Loyalty cards carry the file's currency; a file that names none takes the
/// scope's (the Settings page's), and one that names its own keeps it.
#[test]
fn the_cards_write_money_in_the_file_s_currency_else_the_shop_s() {
    use fidelio::figures::{Scope, compute};
    use fidelio::i18n::Lang;
    use fidelio::pages::PageId;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let revenue_card = |file: &str, currency: Option<&str>| {
        let workspace = fidelio::workspace::Workspace {
            files: vec![fidelio::import::pipeline::import_path(
                &root.join(file),
                &Default::default(),
            )],
        };
        let scope = Scope {
            currency: currency.map(str::to_string),
            ..Scope::default()
        };
        let figures = compute(&workspace, &scope).unwrap();
        let pages = fidelio::pages::build(Lang::It, &figures);
        let loyalty = pages.iter().find(|p| p.id == PageId::Loyalty).unwrap();
        loyalty
            .kpis()
            .find(|k| k.title == "Ricavi netti")
            .unwrap()
            .value
            .clone()
    };
    assert!(revenue_card("orders/etsy_sold_orders.csv", Some("EUR")).ends_with(" $"));
    assert!(revenue_card("orders/online_retail_excerpt.csv", Some("GBP")).ends_with(" £"));
    assert!(revenue_card("orders/online_retail_excerpt.csv", Some("CHF")).ends_with(" CHF"));
    let bare = revenue_card("orders/online_retail_excerpt.csv", None);
    assert!(bare.ends_with(|c: char| c.is_ascii_digit()), "{bare}");
}
