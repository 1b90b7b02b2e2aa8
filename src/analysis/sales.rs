//! Shop and customer totals from order exports, exactly as defined in metrics.md ("Orders
//! and sales"): customers, new and returning customers, orders, gross and net revenue,
//! average order value, purchase frequency, repeat purchase rate and the median time
//! between orders, over a date range; plus the filters every loyalty figure applies and the
//! default as-of date.
//!
//! Input is the `orders` and `refunds` frames built by the import step (one row per order,
//! one row per refund event; columns named by the constants below, see
//! docs/frames.md). Rows without a customer count in shop totals, never in customer
//! figures.

use chrono::NaiveDate;
use polars::prelude::*;

use super::ledger::{CustomerId, Ledger};
use super::nps::text_column;

/// Order id (`orders`: String, never null; `refunds`: the order refunded, nullable).
pub const ORDER_ID: &str = "order_id";
/// Order or refund date: `Date`, never null.
pub const DATE: &str = "date";
/// Normalised customer key: `String`, null when the export names no customer.
pub const CUSTOMER: &str = "customer";
/// The customer key as a number, the same in both frames (`UInt32`, null where `customer` is
/// null or blank): the ledger reads customers by it without hashing their keys. Optional:
/// frames without it are read by key.
pub const CUSTOMER_NUMBER: &str = "customer_number";
/// Gross order value, before refunds (`orders`): `Float64`, > 0.
pub const GROSS: &str = "gross";
/// Money given back (`refunds`): `Float64`, > 0.
pub const AMOUNT: &str = "amount";
/// Store or location: `String`, nullable.
pub const STORE: &str = "store";
/// Channel (online, in store, ...): `String`, nullable.
pub const CHANNEL: &str = "channel";
/// File the row was imported from: `String`.
pub const SOURCE_FILE: &str = "source_file";
/// 1-based data row of the order's first line in its file: `UInt32`.
pub const SOURCE_ROW: &str = "source_row";

/// Totals of a date range. Rates are fractions (0.25, not 25 %); a rate or average with
/// nothing to divide by is 0, and callers show "no orders" rather than the figure.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct SalesSummary {
    /// Distinct customers with at least one order in the range.
    pub customers: u32,
    /// Orders dated in the range, with or without a customer.
    pub orders: u32,
    /// Of `orders`, those with no customer: in the totals, in no customer figure.
    pub orders_without_customer: u32,
    /// Net revenue: `gross` minus `refunds`.
    pub revenue: f64,
    /// Gross order values of the range's orders, summed.
    pub gross: f64,
    /// Refunds and returns dated in the range, summed (a positive number).
    pub refunds: f64,
    /// `gross` / `orders`.
    pub average_order_value: f64,
    /// Orders with a customer / `customers`.
    pub purchase_frequency: f64,
    /// Customers with two or more orders in the range.
    pub repeat_customers: u32,
    /// `repeat_customers` / `customers`.
    pub repeat_purchase_rate: f64,
    /// Median of the days between consecutive orders of repeat customers, all such gaps of
    /// all of them pooled; `None` when no customer ordered twice in the range.
    pub median_days_between_orders: Option<f64>,
    /// Customers whose first order ever is in the range.
    pub new_customers: u32,
    /// Customers who ordered in the range and had ordered before it.
    pub returning_customers: u32,
}

/// The totals of the orders and refunds dated from `from` to `to`, both days included
/// (an open bound is unlimited).
///
/// Pass the frames already filtered by store and channel but *not* by date: whether a
/// customer is new or returning depends on their orders before `from`. Under a store filter
/// "new" therefore means new to that store.
///
/// Refunds count on the day they were made, whichever day the order was. Time between
/// orders uses only the range's orders; two orders of a customer on the same day are a gap
/// of 0 days (metrics.md counts orders, not visit days).
pub fn sales_summary(
    orders: &DataFrame,
    refunds: &DataFrame,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> PolarsResult<SalesSummary> {
    Ok(sales_summary_of(&Ledger::read(orders, refunds)?, from, to))
}

/// [`sales_summary`] of orders and refunds already read.
pub(crate) fn sales_summary_of(
    ledger: &Ledger,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> SalesSummary {
    let in_range =
        |date: NaiveDate| from.is_none_or(|from| date >= from) && to.is_none_or(|to| date <= to);

    let mut summary = SalesSummary::default();
    let mut first_order: Vec<Option<NaiveDate>> = vec![None; ledger.keys.len()];
    let mut customer_orders: Vec<(CustomerId, NaiveDate)> = Vec::new();
    for order in &ledger.orders {
        if let Some(customer) = order.customer {
            let first = &mut first_order[customer as usize];
            *first = Some(first.map_or(order.date, |first| first.min(order.date)));
        }
        if !in_range(order.date) {
            continue;
        }
        summary.orders += 1;
        summary.gross += order.gross;
        match order.customer {
            Some(customer) => customer_orders.push((customer, order.date)),
            None => summary.orders_without_customer += 1,
        }
    }
    summary.refunds = ledger
        .refunds
        .iter()
        .filter(|refund| in_range(refund.date))
        .map(|refund| refund.amount)
        .sum();
    summary.revenue = summary.gross - summary.refunds;

    // Sorted by customer then date, each customer's orders are a run and consecutive
    // entries of a run are consecutive orders.
    customer_orders.sort_unstable();
    let mut gaps: Vec<i64> = Vec::new();
    for run in customer_orders.chunk_by(|a, b| a.0 == b.0) {
        let customer = run[0].0 as usize;
        summary.customers += 1;
        if run.len() >= 2 {
            summary.repeat_customers += 1;
            gaps.extend(
                run.windows(2)
                    .map(|pair| (pair[1].1 - pair[0].1).num_days()),
            );
        }
        let is_new = first_order[customer].is_some_and(in_range);
        if is_new {
            summary.new_customers += 1;
        } else {
            summary.returning_customers += 1;
        }
    }
    let identified_orders = summary.orders - summary.orders_without_customer;
    summary.average_order_value = ratio(summary.gross, summary.orders);
    summary.purchase_frequency = ratio(f64::from(identified_orders), summary.customers);
    summary.repeat_purchase_rate = ratio(f64::from(summary.repeat_customers), summary.customers);
    summary.median_days_between_orders = median(&mut gaps);
    summary
}

/// The rows of an `orders` or `refunds` frame dated from `from` to `to` (both included) and
/// with the given store and channel.
///
/// Store and channel match ignoring case and surrounding blanks ("Milano " is "milano"); a
/// row without a store is left out when a store is asked for. `None` or a blank value
/// means no filter. A `from` after `to` gives an empty frame.
pub fn filter_orders(
    frame: &DataFrame,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    store: Option<&str>,
    channel: Option<&str>,
) -> PolarsResult<DataFrame> {
    let mut keep = vec![true; frame.height()];
    if from.is_some() || to.is_some() {
        let dates = frame.column(DATE)?.cast(&DataType::Date)?;
        let from = from.map(|date| date.to_epoch_days());
        let to = to.map(|date| date.to_epoch_days());
        for (keep, days) in keep.iter_mut().zip(dates.date()?.physical().iter()) {
            *keep &= days.is_some_and(|days| {
                from.is_none_or(|from| days >= from) && to.is_none_or(|to| days <= to)
            });
        }
    }
    for (column, wanted) in [(STORE, store), (CHANNEL, channel)] {
        let Some(wanted) = wanted.map(str::trim).filter(|w| !w.is_empty()) else {
            continue;
        };
        let wanted = wanted.to_lowercase();
        let values = text_column(frame, column)?;
        for (keep, value) in keep.iter_mut().zip(values.iter()) {
            *keep &= value.is_some_and(|value| same_ignoring_case(value.trim(), &wanted));
        }
    }
    frame.filter(&BooleanChunked::from_slice("keep".into(), &keep))
}

/// The default as-of date (metrics.md): the day after the latest order or refund date;
/// `None` when both frames are empty.
pub fn default_as_of(orders: &DataFrame, refunds: &DataFrame) -> PolarsResult<Option<NaiveDate>> {
    let mut latest: Option<i32> = None;
    for frame in [orders, refunds] {
        let dates = frame.column(DATE)?.cast(&DataType::Date)?;
        let frame_latest = dates.date()?.physical().max();
        latest = latest.max(frame_latest);
    }
    Ok(latest
        .and_then(NaiveDate::from_epoch_days)
        .and_then(|date| date.succ_opt()))
}

/// `numerator / denominator`, or 0 when there is nothing to divide by.
pub(crate) fn ratio(numerator: f64, denominator: u32) -> f64 {
    if denominator == 0 {
        0.0
    } else {
        numerator / f64::from(denominator)
    }
}

/// The median of whole-day gaps (the mean of the middle two for an even count).
fn median(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let middle = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        values[middle] as f64
    } else {
        (values[middle - 1] + values[middle]) as f64 / 2.0
    })
}

/// `value` equals the already lower-cased `wanted`, ignoring case, without allocating.
fn same_ignoring_case(value: &str, wanted_lower: &str) -> bool {
    value
        .chars()
        .flat_map(char::to_lowercase)
        .eq(wanted_lower.chars())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    pub(crate) fn close(actual: f64, expected: f64) -> bool {
        (actual - expected).abs() <= 1e-9
    }

    /// An orders frame from (order id, date, customer, gross); store and channel null.
    pub(crate) fn orders_frame(rows: &[(&str, NaiveDate, Option<&str>, f64)]) -> DataFrame {
        let n = rows.len();
        df!(
            ORDER_ID => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            DATE => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
            CUSTOMER => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
            GROSS => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
            STORE => vec![None::<&str>; n],
            CHANNEL => vec![None::<&str>; n],
            SOURCE_FILE => vec!["orders.csv"; n],
            SOURCE_ROW => (1..=n as u32).collect::<Vec<_>>(),
        )
        .unwrap()
    }

    /// A refunds frame from (order id, date, customer, amount).
    pub(crate) fn refunds_frame(
        rows: &[(Option<&str>, NaiveDate, Option<&str>, f64)],
    ) -> DataFrame {
        let n = rows.len();
        df!(
            ORDER_ID => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            DATE => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
            CUSTOMER => rows.iter().map(|r| r.2).collect::<Vec<_>>(),
            AMOUNT => rows.iter().map(|r| r.3).collect::<Vec<_>>(),
            STORE => vec![None::<&str>; n],
            CHANNEL => vec![None::<&str>; n],
            SOURCE_FILE => vec!["orders.csv"; n],
            SOURCE_ROW => (1..=n as u32).collect::<Vec<_>>(),
        )
        .unwrap()
    }

    /// Seven customers of the public Online Retail II data (2009-12 to 2010-12), their
    /// invoices summed to orders (`o`) and credit notes to refunds (`r`, amount made
    /// positive), and two invoices without a customer. Note three credit notes dated before
    /// the customer's first order in the data (13091, 12907, 14627).
    pub(crate) const RETAIL_EXCERPT: &str = "\
kind,id,date,customer,amount
o,489597,2009-12-01,,5097.82
o,536544,2010-12-01,,5521.14
r,C499008,2010-02-24,12907,68.55
o,517866,2010-08-02,12907,328.43
o,531729,2010-11-09,12907,180.48
r,C490807,2009-12-08,13091,1213.02
r,C490946,2009-12-08,13091,1213.02
o,491176,2009-12-10,13091,1213.02
o,491193,2009-12-10,13091,762.98
o,512539,2010-06-16,13567,415.89
r,C520167,2010-08-24,13567,5.10
o,520186,2010-08-24,13567,190.59
o,520188,2010-08-24,13567,84.51
o,525854,2010-10-07,13567,392.70
r,C491618,2009-12-11,14627,34.50
o,535342,2010-11-25,14627,462.75
o,491210,2009-12-10,15367,785.62
o,499784,2010-03-02,15367,426.00
o,503670,2010-04-06,15367,128.70
o,503672,2010-04-06,15367,158.25
r,C503998,2010-04-09,15367,65.70
o,505998,2010-04-27,15367,550.30
o,521663,2010-09-07,15367,564.47
o,527412,2010-10-17,15367,590.40
o,494665,2010-01-17,16434,488.68
r,C496229,2010-01-29,16434,14.70
o,496230,2010-01-29,16434,10.50
o,503516,2010-04-01,16434,162.10
o,521378,2010-09-05,16434,246.96
o,522973,2010-09-19,16434,311.25
o,524163,2010-09-27,17524,128.04
r,C524168,2010-09-27,17524,30.24
o,524172,2010-09-27,17524,266.10
";

    /// The excerpt as `orders` and `refunds` frames.
    pub(crate) fn retail_excerpt() -> (DataFrame, DataFrame) {
        let mut orders = Vec::new();
        let mut refunds = Vec::new();
        for line in RETAIL_EXCERPT.lines().skip(1) {
            let fields: Vec<&str> = line.split(',').collect();
            let day = NaiveDate::parse_from_str(fields[2], "%Y-%m-%d").unwrap();
            let customer = Some(fields[3]).filter(|c| !c.is_empty());
            let amount: f64 = fields[4].parse().unwrap();
            match fields[0] {
                "o" => orders.push((fields[1], day, customer, amount)),
                _ => refunds.push((Some(fields[1]), day, customer, amount)),
            }
        }
        (orders_frame(&orders), refunds_frame(&refunds))
    }

    /// Five customers, nine orders (one without a customer), two refunds (one naming only
    /// its order). Shared with the cohort and RFM tests.
    pub(crate) fn shop() -> (DataFrame, DataFrame) {
        let orders = orders_frame(&[
            ("o1", date(2025, 12, 20), Some("a"), 100.0),
            ("o2", date(2026, 1, 5), Some("a"), 50.0),
            ("o3", date(2026, 1, 20), Some("a"), 30.0),
            ("o4", date(2026, 1, 10), Some("b"), 80.0),
            ("o5", date(2026, 2, 3), Some("b"), 40.0),
            ("o6", date(2026, 1, 15), Some("c"), 60.0),
            ("o7", date(2026, 1, 31), Some("d"), 25.0),
            ("o8", date(2026, 2, 10), Some("e"), 35.0),
            ("o9", date(2026, 1, 25), None, 20.0),
        ]);
        let refunds = refunds_frame(&[
            (Some("o3"), date(2026, 1, 22), Some("a"), 10.0),
            // No customer on the refund: it is c's through order o6.
            (Some("o6"), date(2026, 2, 5), None, 15.0),
        ]);
        (orders, refunds)
    }

    #[test]
    fn summary_of_the_whole_history() {
        let (orders, refunds) = shop();
        let summary = sales_summary(&orders, &refunds, None, None).unwrap();
        assert_eq!(summary.orders, 9);
        assert_eq!(summary.orders_without_customer, 1);
        assert_eq!(summary.customers, 5);
        // 100 + 50 + 30 + 80 + 40 + 60 + 25 + 35 + 20 = 440; refunds 10 + 15 = 25.
        assert!(close(summary.gross, 440.0));
        assert!(close(summary.refunds, 25.0));
        assert!(close(summary.revenue, 415.0));
        // AOV = 440 / 9 orders; frequency = 8 orders with a customer / 5 customers.
        assert!(close(summary.average_order_value, 440.0 / 9.0));
        assert!(close(summary.purchase_frequency, 1.6));
        // a (3 orders) and b (2) ordered again: 2 / 5.
        assert_eq!(summary.repeat_customers, 2);
        assert!(close(summary.repeat_purchase_rate, 0.4));
        // Gaps: a 12-20 -> 01-05 = 16, 01-05 -> 01-20 = 15; b 01-10 -> 02-03 = 24.
        // Pooled [15, 16, 24]: median 16.
        assert_eq!(summary.median_days_between_orders, Some(16.0));
        // Without a start every customer's first order is in the range.
        assert_eq!((summary.new_customers, summary.returning_customers), (5, 0));
    }

    #[test]
    fn summary_of_a_retail_excerpt_matches_an_independent_computation() {
        // Expected figures from plain python3 on the same CSV (saved as excerpt.csv):
        // python3 -c "import csv,statistics as st;R=list(csv.DictReader(open('excerpt.csv')));
        //   O=[r for r in R if r['kind']=='o'];F=[r for r in R if r['kind']=='r'];
        //   g=sum(float(r['amount']) for r in O);rf=sum(float(r['amount']) for r in F);C={};
        //   [C.setdefault(r['customer'],[]).append(r['date']) for r in O if r['customer']];
        //   import datetime as d;D=d.date.fromisoformat;
        //   gaps=[(D(b)-D(a)).days for v in C.values() for a,b in zip(sorted(v),sorted(v)[1:])];
        //   print(len(O),len(C),g,rf,g-rf,g/len(O),sum(map(len,C.values()))/len(C),
        //   sum(len(v)>1 for v in C.values())/len(C),st.median(gaps))"
        // -> 25 7 19467.68 2644.83 16822.85 778.7072 3.2857142857142856 0.8571428571428571 37.5
        let (orders, refunds) = retail_excerpt();
        let near = |actual: f64, expected: f64| (actual - expected).abs() < 1e-6;
        let all = sales_summary(&orders, &refunds, None, None).unwrap();
        assert_eq!(
            (all.orders, all.customers, all.orders_without_customer),
            (25, 7, 2)
        );
        assert!(near(all.gross, 19467.68), "{}", all.gross);
        assert!(near(all.refunds, 2644.83), "{}", all.refunds);
        assert!(near(all.revenue, 16822.85), "{}", all.revenue);
        assert!(near(all.average_order_value, 778.7072));
        assert!(near(all.purchase_frequency, 23.0 / 7.0));
        assert!(near(all.repeat_purchase_rate, 6.0 / 7.0));
        assert_eq!(all.median_days_between_orders, Some(37.5));

        // The same script with O and F limited to '2010-04-01' <= date <= '2010-09-30', and
        // first orders taken over all of R:
        // -> 13 orders, 5 customers, gross 3535.59, refunds 101.04, net 3434.55, 4 repeat
        //    customers, gaps [0, 0, 0, 14, 21, 69, 133, 157] median 17.5, 3 new, 2 returning.
        let range = sales_summary(
            &orders,
            &refunds,
            Some(date(2010, 4, 1)),
            Some(date(2010, 9, 30)),
        )
        .unwrap();
        assert_eq!(
            (range.orders, range.customers, range.repeat_customers),
            (13, 5, 4)
        );
        assert!(near(range.gross, 3535.59), "{}", range.gross);
        assert!(near(range.refunds, 101.04), "{}", range.refunds);
        assert!(near(range.revenue, 3434.55), "{}", range.revenue);
        assert_eq!(range.median_days_between_orders, Some(17.5));
        assert_eq!((range.new_customers, range.returning_customers), (3, 2));
    }

    #[test]
    fn summary_of_january_splits_new_and_returning() {
        let (orders, refunds) = shop();
        let summary = sales_summary(
            &orders,
            &refunds,
            Some(date(2026, 1, 1)),
            Some(date(2026, 1, 31)),
        )
        .unwrap();
        // o2, o3 (a), o4 (b), o6 (c), o7 (d, on the last day), o9 (no customer).
        assert_eq!(summary.orders, 6);
        assert_eq!(summary.orders_without_customer, 1);
        // 50 + 30 + 80 + 60 + 25 + 20 = 265; only the 01-22 refund (10) is in January.
        assert!(close(summary.gross, 265.0));
        assert!(close(summary.refunds, 10.0));
        assert!(close(summary.revenue, 255.0));
        assert!(close(summary.average_order_value, 265.0 / 6.0));
        // a, b, c, d with 5 orders between them.
        assert_eq!(summary.customers, 4);
        assert!(close(summary.purchase_frequency, 1.25));
        // Only a ordered twice in January; its gap 01-05 -> 01-20 is 15 days. December's
        // order is outside the range, so the 16-day gap is not counted.
        assert_eq!(summary.repeat_customers, 1);
        assert!(close(summary.repeat_purchase_rate, 0.25));
        assert_eq!(summary.median_days_between_orders, Some(15.0));
        // b, c, d first ordered in January; a had ordered in December.
        assert_eq!((summary.new_customers, summary.returning_customers), (3, 1));
    }

    #[test]
    fn summary_from_february_on() {
        let (orders, refunds) = shop();
        let summary = sales_summary(&orders, &refunds, Some(date(2026, 2, 1)), None).unwrap();
        // o5 (b, 40) and o8 (e, 35); the 02-05 refund of 15.
        assert_eq!((summary.orders, summary.customers), (2, 2));
        assert!(close(summary.revenue, 60.0));
        assert_eq!(summary.repeat_customers, 0);
        assert_eq!(summary.median_days_between_orders, None);
        // e is new; b first ordered in January.
        assert_eq!((summary.new_customers, summary.returning_customers), (1, 1));
    }

    #[test]
    fn summary_of_an_empty_range_is_zero() {
        let (orders, refunds) = shop();
        let summary = sales_summary(
            &orders,
            &refunds,
            Some(date(2027, 1, 1)),
            Some(date(2027, 1, 31)),
        )
        .unwrap();
        assert_eq!(summary, SalesSummary::default());
    }

    #[test]
    fn median_gap_pools_every_gap_and_counts_same_day_orders_as_zero() {
        let orders = orders_frame(&[
            // x: 0 days (two orders on 03-01), then 10 days.
            ("x1", date(2026, 3, 1), Some("x"), 10.0),
            ("x2", date(2026, 3, 1), Some("x"), 10.0),
            ("x3", date(2026, 3, 11), Some("x"), 10.0),
            // y: 3 days, 30 days (listed out of date order on purpose).
            ("y3", date(2026, 4, 3), Some("y"), 10.0),
            ("y1", date(2026, 3, 1), Some("y"), 10.0),
            ("y2", date(2026, 3, 4), Some("y"), 10.0),
            // z ordered once: no gap.
            ("z1", date(2026, 3, 5), Some("z"), 10.0),
        ]);
        let summary = sales_summary(&orders, &refunds_frame(&[]), None, None).unwrap();
        // Pooled [0, 3, 10, 30]: median (3 + 10) / 2 = 6.5.
        assert_eq!(summary.median_days_between_orders, Some(6.5));
        assert!(close(summary.repeat_purchase_rate, 2.0 / 3.0));
    }

    #[test]
    fn a_refund_without_customer_or_known_order_counts_only_in_revenue() {
        let orders = orders_frame(&[("o1", date(2026, 3, 1), Some("x"), 50.0)]);
        let refunds = refunds_frame(&[
            (Some("unknown"), date(2026, 3, 2), None, 5.0),
            (None, date(2026, 3, 3), None, 7.0),
        ]);
        let summary = sales_summary(&orders, &refunds, None, None).unwrap();
        // 50 - 5 - 7 = 38, one customer either way.
        assert!(close(summary.revenue, 38.0));
        assert_eq!(summary.customers, 1);
    }

    #[test]
    fn filters_match_dates_inclusively_and_store_and_channel_ignoring_case() {
        let (mut orders, _) = shop();
        orders
            .with_column(Column::new(
                STORE.into(),
                [
                    Some("Milano"),
                    Some(" milano "),
                    Some("Roma"),
                    None,
                    Some("MILANO"),
                    Some("Roma"),
                    Some("Milano"),
                    Some("Milano"),
                    Some("Milano"),
                ],
            ))
            .unwrap();
        orders
            .with_column(Column::new(
                CHANNEL.into(),
                [
                    "online", "negozio", "online", "online", "Online", "online", "online",
                    "negozio", "online",
                ],
            ))
            .unwrap();
        let ids = |frame: &DataFrame| -> Vec<String> {
            let column = frame.column(ORDER_ID).unwrap().str().unwrap();
            column.iter().map(|id| id.unwrap().to_owned()).collect()
        };
        let milano = filter_orders(&orders, None, None, Some("milano"), None).unwrap();
        assert_eq!(ids(&milano), ["o1", "o2", "o5", "o7", "o8", "o9"]);
        let milano_online =
            filter_orders(&orders, None, None, Some("Milano"), Some(" ONLINE")).unwrap();
        assert_eq!(ids(&milano_online), ["o1", "o5", "o7", "o9"]);
        // Both bounds included: o7 is on 01-31, o4 on 01-10.
        let january = filter_orders(
            &orders,
            Some(date(2026, 1, 10)),
            Some(date(2026, 1, 31)),
            None,
            Some(""),
        )
        .unwrap();
        assert_eq!(ids(&january), ["o3", "o4", "o6", "o7", "o9"]);
        let reversed = filter_orders(
            &orders,
            Some(date(2026, 2, 1)),
            Some(date(2026, 1, 1)),
            None,
            None,
        );
        assert_eq!(reversed.unwrap().height(), 0);
        assert_eq!(
            filter_orders(&orders, None, None, None, None)
                .unwrap()
                .height(),
            9
        );
    }

    #[test]
    fn filters_apply_to_refunds_too() {
        let (_, refunds) = shop();
        let february = filter_orders(&refunds, Some(date(2026, 2, 1)), None, None, None).unwrap();
        assert_eq!(february.height(), 1);
        // Refunds have no store here: asking for one leaves none.
        let in_store = filter_orders(&refunds, None, None, Some("Roma"), None).unwrap();
        assert_eq!(in_store.height(), 0);
    }

    #[test]
    fn as_of_is_the_day_after_the_latest_order_or_refund() {
        let (orders, refunds) = shop();
        // Latest order 2026-02-10, latest refund 2026-02-05.
        assert_eq!(
            default_as_of(&orders, &refunds).unwrap(),
            Some(date(2026, 2, 11))
        );
        let late_refund = refunds_frame(&[(None, date(2026, 3, 31), None, 1.0)]);
        assert_eq!(
            default_as_of(&orders, &late_refund).unwrap(),
            Some(date(2026, 4, 1))
        );
        let none = default_as_of(&orders_frame(&[]), &refunds_frame(&[])).unwrap();
        assert_eq!(none, None);
    }
}
