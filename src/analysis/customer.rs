//! One customer's story ("one is one"): their orders with what was in them, their refunds and
//! the products they buy most, from the `orders`, `refunds` and `lines` frames.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use polars::prelude::*;

use super::nps::{non_blank, text_column};
use super::sales::{
    AMOUNT, CHANNEL, CUSTOMER, DATE, GROSS, ORDER_ID, SOURCE_FILE, SOURCE_ROW, STORE,
};

/// Product name in the order lines frame: `String`, nullable.
pub const PRODUCT: &str = "product";
/// Quantity in the order lines frame: `Float64`, nullable.
pub const QUANTITY: &str = "quantity";

/// One order on the card.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct CardOrder {
    /// Order date.
    pub date: NaiveDate,
    /// The order's id as exported.
    pub order_id: String,
    /// Gross order value.
    pub gross: f64,
    /// Store, if the export has one.
    pub store: Option<String>,
    /// Channel, if the export has one.
    pub channel: Option<String>,
    /// The products of the order's lines, in line order ("2 × Miele").
    pub products: Vec<(String, Option<f64>)>,
    /// File the order came from.
    pub source_file: String,
    /// 1-based data row of its first line.
    pub source_row: u32,
}

/// One refund on the card.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct CardRefund {
    /// When the money was given back.
    pub date: NaiveDate,
    /// The order refunded, when the export says.
    pub order_id: Option<String>,
    /// Money given back (> 0).
    pub amount: f64,
}

/// A product the customer bought.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ProductBought {
    /// Name as exported.
    pub product: String,
    /// Orders it was in.
    pub orders: u32,
    /// Units, summed over lines that give a quantity.
    pub quantity: f64,
}

/// Everything the card shows besides the customer-table row.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct CustomerCard {
    /// The normalised customer key.
    pub customer: String,
    /// Orders, oldest first.
    pub orders: Vec<CardOrder>,
    /// Refunds, oldest first.
    pub refunds: Vec<CardRefund>,
    /// Products, most orders first, then name.
    pub products: Vec<ProductBought>,
}

/// The card of the customer whose key is `key`.
///
/// A refund belongs to the customer it names, or, when it names none, to the customer of the
/// order it names in the same file (as in every other figure). Lines belong to an order by file
/// and order id, so two files that both number an order `1001` never mix.
pub fn customer_card(
    orders: &DataFrame,
    refunds: &DataFrame,
    lines: &DataFrame,
    key: &str,
) -> PolarsResult<CustomerCard> {
    let customers = text_column(orders, CUSTOMER)?;
    let ids = text_column(orders, ORDER_ID)?;
    let files = text_column(orders, SOURCE_FILE)?;
    let stores = text_column(orders, STORE)?;
    let channels = text_column(orders, CHANNEL)?;
    let dates = orders.column(DATE)?.cast(&DataType::Date)?;
    let dates = dates.date()?;
    let gross = orders.column(GROSS)?.cast(&DataType::Float64)?;
    let gross = gross.f64()?;
    let rows = orders.column(SOURCE_ROW)?.cast(&DataType::UInt32)?;
    let rows = rows.u32()?;

    let mut card = CustomerCard {
        customer: key.to_string(),
        ..CustomerCard::default()
    };
    let mut index: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (row, customer) in customers.iter().enumerate() {
        if non_blank(customer) != Some(key) {
            continue;
        }
        let (Some(date), Some(order_id)) = (
            dates
                .physical()
                .get(row)
                .and_then(NaiveDate::from_epoch_days),
            ids.get(row),
        ) else {
            continue;
        };
        let source_file = files.get(row).unwrap_or_default().to_string();
        index.insert(
            (source_file.clone(), order_id.to_string()),
            card.orders.len(),
        );
        card.orders.push(CardOrder {
            date,
            order_id: order_id.to_string(),
            gross: gross.get(row).unwrap_or_default(),
            store: non_blank(stores.get(row)).map(str::to_string),
            channel: non_blank(channels.get(row)).map(str::to_string),
            products: Vec::new(),
            source_file,
            source_row: rows.get(row).unwrap_or_default(),
        });
    }

    let refund_customers = text_column(refunds, CUSTOMER)?;
    let refund_ids = text_column(refunds, ORDER_ID)?;
    let refund_files = text_column(refunds, SOURCE_FILE)?;
    let refund_dates = refunds.column(DATE)?.cast(&DataType::Date)?;
    let refund_amounts = refunds.column(AMOUNT)?.cast(&DataType::Float64)?;
    for (row, customer) in refund_customers.iter().enumerate() {
        let order_id = non_blank(refund_ids.get(row));
        let mine = match non_blank(customer) {
            Some(customer) => customer == key,
            None => order_id.is_some_and(|id| {
                let file = refund_files.get(row).unwrap_or_default();
                index.contains_key(&(file.to_string(), id.to_string()))
            }),
        };
        let date = refund_dates
            .date()?
            .physical()
            .get(row)
            .and_then(NaiveDate::from_epoch_days);
        if let (true, Some(date)) = (mine, date) {
            card.refunds.push(CardRefund {
                date,
                order_id: order_id.map(str::to_string),
                amount: refund_amounts.f64()?.get(row).unwrap_or_default(),
            });
        }
    }

    let line_ids = text_column(lines, ORDER_ID)?;
    let line_files = text_column(lines, SOURCE_FILE)?;
    let line_products = text_column(lines, PRODUCT)?;
    let quantities = lines.column(QUANTITY)?.cast(&DataType::Float64)?;
    let quantities = quantities.f64()?;
    let mut products: BTreeMap<String, (HashSet<usize>, f64)> = BTreeMap::new();
    for (row, (order_id, file)) in line_ids.iter().zip(line_files.iter()).enumerate() {
        let (Some(order_id), Some(file)) = (order_id, file) else {
            continue;
        };
        let Some(&order) = index.get(&(file.to_string(), order_id.to_string())) else {
            continue;
        };
        let Some(product) = non_blank(line_products.get(row)) else {
            continue;
        };
        let quantity = quantities.get(row);
        card.orders[order]
            .products
            .push((product.to_string(), quantity));
        let entry = products.entry(product.to_string()).or_default();
        entry.0.insert(order);
        entry.1 += quantity.unwrap_or(0.0);
    }
    card.products = products
        .into_iter()
        .map(|(product, (orders, quantity))| ProductBought {
            product,
            orders: orders.len() as u32,
            quantity,
        })
        .collect();
    card.products.sort_by(|a, b| {
        b.orders
            .cmp(&a.orders)
            .then_with(|| a.product.cmp(&b.product))
    });
    card.orders.sort_by(|a, b| {
        (a.date, &a.source_file, a.source_row).cmp(&(b.date, &b.source_file, b.source_row))
    });
    card.refunds.sort_by_key(|r| r.date);
    Ok(card)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: &str) -> i32 {
        NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .unwrap()
            .to_epoch_days()
    }

    fn date_column(name: &str, days: Vec<i32>) -> Column {
        Column::new(name.into(), days)
            .cast(&DataType::Date)
            .unwrap()
    }

    #[test]
    fn the_card_holds_the_customers_orders_lines_and_refunds_only() {
        let orders = DataFrame::new_infer_height(vec![
            Column::new(ORDER_ID.into(), ["1001", "1002", "1001", "7"]),
            date_column(
                DATE,
                vec![
                    day("2026-03-01"),
                    day("2026-01-10"),
                    day("2026-02-01"),
                    day("2026-02-05"),
                ],
            ),
            Column::new(
                CUSTOMER.into(),
                [
                    Some("a@x.it"),
                    Some("a@x.it"),
                    Some("b@x.it"),
                    Some("a@x.it"),
                ],
            ),
            Column::new(GROSS.into(), [30.0, 12.5, 99.0, 8.0]),
            Column::new(STORE.into(), [Some("Milano"), None, Some("Milano"), None]),
            Column::new(CHANNEL.into(), [None::<&str>, None, None, Some("online")]),
            Column::new(
                SOURCE_FILE.into(),
                ["shop.csv", "shop.csv", "till.csv", "till.csv"],
            ),
            Column::new(SOURCE_ROW.into(), [4u32, 1, 1, 3]),
        ])
        .unwrap();
        // The refund of "1001" in shop.csv names no customer: it is a's. The one of "1001"
        // in till.csv is b's order, not a's.
        let refunds = DataFrame::new_infer_height(vec![
            Column::new(ORDER_ID.into(), [Some("1001"), Some("1001")]),
            date_column(DATE, vec![day("2026-03-05"), day("2026-03-06")]),
            Column::new(CUSTOMER.into(), [None::<&str>, None]),
            Column::new(AMOUNT.into(), [5.0, 9.0]),
            Column::new(SOURCE_FILE.into(), ["shop.csv", "till.csv"]),
        ])
        .unwrap();
        let lines = DataFrame::new_infer_height(vec![
            Column::new(ORDER_ID.into(), ["1001", "1001", "1002", "1001", "7"]),
            Column::new(
                PRODUCT.into(),
                [
                    Some("Miele"),
                    Some("Caffè"),
                    Some("Miele"),
                    Some("Vino"),
                    None,
                ],
            ),
            Column::new(
                QUANTITY.into(),
                [Some(2.0), Some(1.0), Some(1.0), Some(6.0), Some(1.0)],
            ),
            Column::new(
                SOURCE_FILE.into(),
                ["shop.csv", "shop.csv", "shop.csv", "till.csv", "till.csv"],
            ),
        ])
        .unwrap();
        let card = customer_card(&orders, &refunds, &lines, "a@x.it").unwrap();
        let ids: Vec<&str> = card.orders.iter().map(|o| o.order_id.as_str()).collect();
        assert_eq!(ids, ["1002", "7", "1001"]);
        assert_eq!(
            card.orders[2].products,
            [
                ("Miele".to_string(), Some(2.0)),
                ("Caffè".to_string(), Some(1.0))
            ]
        );
        assert_eq!(card.orders[1].channel.as_deref(), Some("online"));
        assert_eq!(card.refunds.len(), 1);
        assert_eq!(card.refunds[0].amount, 5.0);
        let products: Vec<(&str, u32, f64)> = card
            .products
            .iter()
            .map(|p| (p.product.as_str(), p.orders, p.quantity))
            .collect();
        assert_eq!(products, [("Miele", 2, 3.0), ("Caffè", 1, 1.0)]);
    }
}
