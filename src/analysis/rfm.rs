//! One row per customer with their value and RFM scores, the named segments, lapsed
//! customers and tenure buckets, exactly as defined in metrics.md ("Customer value and
//! lapse", "RFM segments"). This is what tells the owner who their champions are, who is
//! slipping away and who has already gone.
//!
//! Input is the `orders` and `refunds` frames of docs/frames.md; orders without a
//! customer are in no customer's row.

use std::cmp::Ordering;

use chrono::{Datelike, Months, NaiveDate};
use polars::prelude::*;

use super::ledger::Ledger;

/// The lapse window is never shorter than this many days (metrics.md).
pub const MINIMUM_LAPSE_WINDOW_DAYS: u32 = 30;

/// A named group of customers by recency and frequency score (the table in metrics.md).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    /// R 5, F 4-5.
    Champions,
    /// R 3-4, F 4-5.
    Loyal,
    /// R 4-5, F 2-3.
    PotentialLoyalists,
    /// R 5, F 1.
    NewCustomers,
    /// R 4, F 1.
    Promising,
    /// R 3, F 3.
    NeedsAttention,
    /// R 3, F 1-2.
    AboutToSleep,
    /// R 1-2, F 5.
    CantLoseThem,
    /// R 1-2, F 3-4.
    AtRisk,
    /// R 1-2, F 1-2.
    Hibernating,
}

impl Segment {
    /// Every segment in the order of the metrics.md table, the order summaries use.
    pub const ALL: [Segment; 10] = [
        Segment::Champions,
        Segment::Loyal,
        Segment::PotentialLoyalists,
        Segment::NewCustomers,
        Segment::Promising,
        Segment::NeedsAttention,
        Segment::AboutToSleep,
        Segment::CantLoseThem,
        Segment::AtRisk,
        Segment::Hibernating,
    ];

    /// The segment of a recency and a frequency score, or `None` when a score is not 1-5.
    ///
    /// The metrics.md table covers all 25 combinations, so every scored customer has one.
    pub fn from_scores(recency: u8, frequency: u8) -> Option<Segment> {
        Some(match (recency, frequency) {
            (5, 4..=5) => Segment::Champions,
            (3..=4, 4..=5) => Segment::Loyal,
            (4..=5, 2..=3) => Segment::PotentialLoyalists,
            (5, 1) => Segment::NewCustomers,
            (4, 1) => Segment::Promising,
            (3, 3) => Segment::NeedsAttention,
            (3, 1..=2) => Segment::AboutToSleep,
            (1..=2, 5) => Segment::CantLoseThem,
            (1..=2, 3..=4) => Segment::AtRisk,
            (1..=2, 1..=2) => Segment::Hibernating,
            _ => return None,
        })
    }

    /// The English name, as in the metrics.md table: "Can't lose them".
    pub fn name(self) -> &'static str {
        match self {
            Segment::Champions => "Champions",
            Segment::Loyal => "Loyal",
            Segment::PotentialLoyalists => "Potential loyalists",
            Segment::NewCustomers => "New customers",
            Segment::Promising => "Promising",
            Segment::NeedsAttention => "Needs attention",
            Segment::AboutToSleep => "About to sleep",
            Segment::CantLoseThem => "Can't lose them",
            Segment::AtRisk => "At risk",
            Segment::Hibernating => "Hibernating",
        }
    }

    /// The stable machine name: `champions`, `cant_lose_them`, ... (as in JSON).
    pub fn as_str(self) -> &'static str {
        match self {
            Segment::Champions => "champions",
            Segment::Loyal => "loyal",
            Segment::PotentialLoyalists => "potential_loyalists",
            Segment::NewCustomers => "new_customers",
            Segment::Promising => "promising",
            Segment::NeedsAttention => "needs_attention",
            Segment::AboutToSleep => "about_to_sleep",
            Segment::CantLoseThem => "cant_lose_them",
            Segment::AtRisk => "at_risk",
            Segment::Hibernating => "hibernating",
        }
    }
}

/// One customer's history and scores as of a date.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct CustomerRfm {
    /// The normalised customer key (email, id or phone digits).
    pub customer: String,
    /// Date of the first order.
    #[serde(serialize_with = "serialize_date")]
    pub first_order: NaiveDate,
    /// Date of the last order before the as-of date.
    #[serde(serialize_with = "serialize_date")]
    pub last_order: NaiveDate,
    /// Orders (Frequency).
    pub orders: u32,
    /// Gross order values, summed.
    pub gross: f64,
    /// Refunds and returns given back to the customer, summed (a positive number).
    pub refunds: f64,
    /// `gross - refunds` (Monetary; historic customer value).
    pub net_revenue: f64,
    /// Days from the last order to the as-of date (Recency); at least 1.
    pub days_since_last_order: i64,
    /// R score 1-5, 5 = most recent.
    pub recency_score: u8,
    /// F score 1-5, 5 = most orders.
    pub frequency_score: u8,
    /// M score 1-5, 5 = most net revenue.
    pub monetary_score: u8,
    /// Segment of the R and F scores.
    pub segment: Segment,
}

/// Customers and revenue of one segment.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SegmentSummary {
    /// The segment.
    pub segment: Segment,
    /// Customers in it.
    pub customers: u32,
    /// Their net revenue, summed.
    pub revenue: f64,
}

/// Customers and revenue of customers whose tenure is in `from_months..to_months`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct TenureBucket {
    /// Lowest tenure in the bucket, in whole months, included.
    pub from_months: u32,
    /// Tenure the bucket stops before; `None` for the last, open-ended bucket.
    pub to_months: Option<u32>,
    /// Customers whose tenure is in the bucket.
    pub customers: u32,
    /// Their net revenue, summed.
    pub revenue: f64,
}

impl TenureBucket {
    /// True when a tenure of `months` falls in this bucket.
    pub fn contains(&self, months: u32) -> bool {
        months >= self.from_months && self.to_months.is_none_or(|to| months < to)
    }
}

/// Every customer with an order before `as_of`, sorted by key, with their RFM scores.
///
/// Only orders and refunds dated before `as_of` count. Refunds count against the customer
/// they name (or the customer of the order they name); a customer with refunds but no order
/// is not a customer here.
///
/// Scores: for each of R, F and M, customers are ranked best first (fewest days since the
/// last order; most orders; most net revenue), equal values by customer key ascending, and
/// the customer at 0-based rank `i` of `n` gets `5 - floor(5 i / n)`. The ranked list is so
/// cut into five runs whose lengths differ by at most one (7 customers: 2, 1, 2, 1, 1), and
/// customers with equal values may get different scores, always the same way. With fewer
/// than five customers some scores go unused (two customers score 5 and 3).
pub fn customer_table(
    orders: &DataFrame,
    refunds: &DataFrame,
    as_of: NaiveDate,
) -> PolarsResult<Vec<CustomerRfm>> {
    Ok(customer_table_of(&Ledger::read(orders, refunds)?, as_of))
}

/// [`customer_table`] of orders and refunds already read.
pub(crate) fn customer_table_of(ledger: &Ledger, as_of: NaiveDate) -> Vec<CustomerRfm> {
    #[derive(Clone, Copy, Default)]
    struct Totals {
        first: Option<NaiveDate>,
        last: Option<NaiveDate>,
        orders: u32,
        gross: f64,
        refunds: f64,
    }
    let mut totals = vec![Totals::default(); ledger.keys.len()];
    for order in ledger.orders_before(as_of) {
        if let Some(customer) = order.customer {
            let row = &mut totals[customer as usize];
            row.first = Some(row.first.map_or(order.date, |d| d.min(order.date)));
            row.last = Some(row.last.map_or(order.date, |d| d.max(order.date)));
            row.orders += 1;
            row.gross += order.gross;
        }
    }
    for refund in ledger.refunds_before(as_of) {
        if let Some(customer) = refund.customer {
            totals[customer as usize].refunds += refund.amount;
        }
    }

    let mut customers: Vec<CustomerRfm> = ledger
        .keys
        .iter()
        .zip(totals)
        .filter_map(|(customer, totals)| {
            let (first_order, last_order) = (totals.first?, totals.last?);
            Some(CustomerRfm {
                customer: customer.clone(),
                first_order,
                last_order,
                orders: totals.orders,
                gross: totals.gross,
                refunds: totals.refunds,
                net_revenue: totals.gross - totals.refunds,
                days_since_last_order: (as_of - last_order).num_days(),
                recency_score: 0,
                frequency_score: 0,
                monetary_score: 0,
                segment: Segment::Hibernating,
            })
        })
        .collect();
    customers.sort_by(|a, b| a.customer.cmp(&b.customer));

    // Customers are sorted by key, so a stable sort on the value alone breaks ties by key.
    let recency = quintile_scores(&customers, |a, b| {
        a.days_since_last_order.cmp(&b.days_since_last_order)
    });
    let frequency = quintile_scores(&customers, |a, b| b.orders.cmp(&a.orders));
    let monetary = quintile_scores(&customers, |a, b| b.net_revenue.total_cmp(&a.net_revenue));
    for (index, customer) in customers.iter_mut().enumerate() {
        customer.recency_score = recency[index];
        customer.frequency_score = frequency[index];
        customer.monetary_score = monetary[index];
        customer.segment =
            Segment::from_scores(recency[index], frequency[index]).unwrap_or(Segment::Hibernating);
    }
    customers
}

/// Customers and net revenue per segment, every segment in the metrics.md table order,
/// empty ones included (so charts and exports always have the same ten rows).
pub fn rfm_segments(customers: &[CustomerRfm]) -> Vec<SegmentSummary> {
    Segment::ALL
        .iter()
        .map(|&segment| {
            let members = customers.iter().filter(|c| c.segment == segment);
            SegmentSummary {
                segment,
                customers: members.clone().count() as u32,
                revenue: members.map(|c| c.net_revenue).sum(),
            }
        })
        .collect()
}

/// The default lapse window in whole days: 3 x the median days between orders, at least 30;
/// 30 when no customer has ordered twice.
///
/// Rounded down, which changes nothing: days since the last order are whole, and "more
/// than 37.5 days" is "more than 37 days".
pub fn lapse_window(median_days_between_orders: Option<f64>) -> u32 {
    let window = median_days_between_orders.map_or(0.0, |median| (3.0 * median).floor());
    // `as` saturates; a NaN median (never produced here) gives the floor.
    (window as u32).max(MINIMUM_LAPSE_WINDOW_DAYS)
}

/// The indexes into `customers` of those with no order for longer than `window_days` before
/// the as-of date, the most valuable first (net revenue descending, then key): those are
/// worth a call first.
pub fn lapsed_customers(customers: &[CustomerRfm], window_days: u32) -> Vec<usize> {
    let mut lapsed: Vec<usize> = (0..customers.len())
        .filter(|&i| customers[i].days_since_last_order > i64::from(window_days))
        .collect();
    lapsed.sort_by(|&a, &b| {
        let (a, b) = (&customers[a], &customers[b]);
        b.net_revenue
            .total_cmp(&a.net_revenue)
            .then_with(|| a.customer.cmp(&b.customer))
    });
    lapsed
}

/// Whole months from the first order to the as-of date: the most months that can be added
/// to the first order's date without passing `as_of` (Jan 31 + 1 month is Feb 28).
pub fn tenure_months(first_order: NaiveDate, as_of: NaiveDate) -> u32 {
    let months = (as_of.year() - first_order.year()) * 12 + as_of.month() as i32
        - first_order.month() as i32;
    let mut months = u32::try_from(months).unwrap_or(0);
    while months > 0
        && first_order
            .checked_add_months(Months::new(months))
            .is_none_or(|date| date > as_of)
    {
        months -= 1;
    }
    months
}

/// Customers and net revenue per tenure bucket.
///
/// `boundaries_months` are where buckets start, e.g. `[0, 3, 6, 12, 36]` for 0-3, 3-6,
/// 6-12, 12-36 months and 36 or more. They are sorted and deduplicated; 0 is added when
/// missing, and the last bucket is open-ended, so every customer is in exactly one bucket.
pub fn tenure_buckets(
    customers: &[CustomerRfm],
    as_of: NaiveDate,
    boundaries_months: &[u32],
) -> Vec<TenureBucket> {
    let mut starts: Vec<u32> = boundaries_months.to_vec();
    starts.push(0);
    starts.sort_unstable();
    starts.dedup();
    let mut buckets: Vec<TenureBucket> = starts
        .iter()
        .enumerate()
        .map(|(index, &from_months)| TenureBucket {
            from_months,
            to_months: starts.get(index + 1).copied(),
            customers: 0,
            revenue: 0.0,
        })
        .collect();
    for customer in customers {
        let months = tenure_months(customer.first_order, as_of);
        if let Some(bucket) = buckets.iter_mut().find(|b| b.contains(months)) {
            bucket.customers += 1;
            bucket.revenue += customer.net_revenue;
        }
    }
    buckets
}

/// Scores 1-5 for each customer: rank by `better` (best first; ties keep the input order),
/// then `5 - floor(5 rank / n)`.
fn quintile_scores(
    customers: &[CustomerRfm],
    better: impl Fn(&CustomerRfm, &CustomerRfm) -> Ordering,
) -> Vec<u8> {
    let n = customers.len();
    let mut ranked: Vec<usize> = (0..n).collect();
    ranked.sort_by(|&a, &b| better(&customers[a], &customers[b]).then(a.cmp(&b)));
    let mut scores = vec![0u8; n];
    for (rank, &index) in ranked.iter().enumerate() {
        scores[index] = score_of_rank(rank, n);
    }
    scores
}

/// The score of 0-based rank `rank` among `n` ranked best first.
fn score_of_rank(rank: usize, n: usize) -> u8 {
    // rank < n, so the quotient is 0..=4.
    5 - (rank * 5 / n.max(1)).min(4) as u8
}

fn serialize_date<S: serde::Serializer>(
    date: &NaiveDate,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::sales::tests::{close, date, orders_frame, refunds_frame, shop};

    fn find<'a>(customers: &'a [CustomerRfm], key: &str) -> &'a CustomerRfm {
        customers.iter().find(|c| c.customer == key).unwrap()
    }

    #[test]
    fn customer_table_of_the_shop() {
        let (orders, refunds) = shop();
        let customers = customer_table(&orders, &refunds, date(2026, 2, 11)).unwrap();
        let keys: Vec<&str> = customers.iter().map(|c| c.customer.as_str()).collect();
        assert_eq!(keys, ["a", "b", "c", "d", "e"]);

        let a = find(&customers, "a");
        assert_eq!(
            (a.first_order, a.last_order),
            (date(2025, 12, 20), date(2026, 1, 20))
        );
        // 100 + 50 + 30 = 180, refund 10.
        assert_eq!(a.orders, 3);
        assert!(close(a.gross, 180.0) && close(a.refunds, 10.0) && close(a.net_revenue, 170.0));
        // 2026-01-20 -> 2026-02-11: 11 + 11 = 22 days.
        assert_eq!(a.days_since_last_order, 22);
        // c's refund names only order o6.
        let c = find(&customers, "c");
        assert!(close(c.net_revenue, 45.0));

        // Five customers: rank i scores 5 - i.
        // R (days asc): e 1, b 8, d 11, a 22, c 27.
        // F (orders desc, key asc): a 3, b 2, then c, d, e with 1 each.
        // M (net desc): a 170, b 120, c 45, e 35, d 25.
        let scores: Vec<(&str, u8, u8, u8, Segment)> = customers
            .iter()
            .map(|c| {
                (
                    c.customer.as_str(),
                    c.recency_score,
                    c.frequency_score,
                    c.monetary_score,
                    c.segment,
                )
            })
            .collect();
        assert_eq!(
            scores,
            [
                ("a", 2, 5, 5, Segment::CantLoseThem),
                ("b", 4, 4, 4, Segment::Loyal),
                ("c", 1, 3, 3, Segment::AtRisk),
                ("d", 3, 2, 1, Segment::AboutToSleep),
                ("e", 5, 1, 2, Segment::NewCustomers),
            ]
        );
    }

    #[test]
    fn as_of_leaves_later_orders_out() {
        let (orders, refunds) = shop();
        // As of 2026-01-21: e (02-10) and d (01-31) have not ordered yet; a's 01-22 refund
        // and b's 02-03 order are later too.
        let customers = customer_table(&orders, &refunds, date(2026, 1, 21)).unwrap();
        let keys: Vec<&str> = customers.iter().map(|c| c.customer.as_str()).collect();
        assert_eq!(keys, ["a", "b", "c"]);
        let a = find(&customers, "a");
        assert!(close(a.net_revenue, 180.0));
        assert_eq!(a.days_since_last_order, 1);
        assert_eq!(find(&customers, "b").orders, 1);
    }

    #[test]
    fn quintiles_break_ties_by_key() {
        // Orders per customer: k2 3, k7 3, k4 2, and 1 each for k1, k3, k5, k6.
        let mut rows = Vec::new();
        for (key, count) in [
            ("k1", 1),
            ("k2", 3),
            ("k3", 1),
            ("k4", 2),
            ("k5", 1),
            ("k6", 1),
            ("k7", 3),
        ] {
            for day in 1..=count {
                rows.push((key, date(2026, 3, day), Some(key), 10.0));
            }
        }
        let customers =
            customer_table(&orders_frame(&rows), &refunds_frame(&[]), date(2026, 4, 1)).unwrap();
        // Ranked best first: k2, k7 (3), k4 (2), k1, k3, k5, k6 (1). With n = 7 rank i
        // scores 5 - floor(5 i / 7): ranks 0..6 -> 5, 5, 4, 3, 3, 2, 1.
        let frequency: Vec<(&str, u8)> = customers
            .iter()
            .map(|c| (c.customer.as_str(), c.frequency_score))
            .collect();
        assert_eq!(
            frequency,
            [
                ("k1", 3),
                ("k2", 5),
                ("k3", 3),
                ("k4", 4),
                ("k5", 2),
                ("k6", 1),
                ("k7", 5)
            ]
        );
        // Recency: last orders k2, k7 on 03-03 (29 days), k4 03-02 (30), the rest 03-01
        // (31): the same ranking, so the same scores.
        assert!(
            customers
                .iter()
                .all(|c| c.recency_score == c.frequency_score)
        );
        // Monetary: 30, 30, 20, then 10 each: the same again.
        assert!(
            customers
                .iter()
                .all(|c| c.monetary_score == c.frequency_score)
        );
    }

    #[test]
    fn quintile_run_lengths() {
        let runs = |n: usize| -> Vec<u8> { (0..n).map(|rank| score_of_rank(rank, n)).collect() };
        assert_eq!(runs(1), [5]);
        assert_eq!(runs(2), [5, 3]);
        assert_eq!(runs(3), [5, 4, 2]);
        assert_eq!(runs(5), [5, 4, 3, 2, 1]);
        assert_eq!(runs(7), [5, 5, 4, 3, 3, 2, 1]);
        assert_eq!(runs(10), [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
        // 12 = 3 + 2 + 3 + 2 + 2.
        assert_eq!(runs(12), [5, 5, 5, 4, 4, 3, 3, 3, 2, 2, 1, 1]);
    }

    #[test]
    fn every_row_of_the_segment_table() {
        use Segment::*;
        // (R scores, F scores, segment), as in metrics.md.
        let table: [(&[u8], &[u8], Segment); 10] = [
            (&[5], &[4, 5], Champions),
            (&[3, 4], &[4, 5], Loyal),
            (&[4, 5], &[2, 3], PotentialLoyalists),
            (&[5], &[1], NewCustomers),
            (&[4], &[1], Promising),
            (&[3], &[3], NeedsAttention),
            (&[3], &[1, 2], AboutToSleep),
            (&[1, 2], &[5], CantLoseThem),
            (&[1, 2], &[3, 4], AtRisk),
            (&[1, 2], &[1, 2], Hibernating),
        ];
        let mut covered = 0;
        for (recencies, frequencies, segment) in table {
            for &r in recencies {
                for &f in frequencies {
                    assert_eq!(Segment::from_scores(r, f), Some(segment), "R {r} F {f}");
                    covered += 1;
                }
            }
        }
        // The table covers every one of the 25 combinations exactly once.
        assert_eq!(covered, 25);
        assert_eq!(Segment::from_scores(0, 3), None);
        assert_eq!(Segment::from_scores(3, 6), None);
        assert_eq!(CantLoseThem.name(), "Can't lose them");
        assert_eq!(
            serde_json::to_string(&PotentialLoyalists).unwrap(),
            "\"potential_loyalists\""
        );
        for segment in Segment::ALL {
            let json = serde_json::to_string(&segment).unwrap();
            assert_eq!(json, format!("\"{}\"", segment.as_str()));
        }
    }

    #[test]
    fn segment_summary_has_every_segment_in_table_order() {
        let (orders, refunds) = shop();
        let customers = customer_table(&orders, &refunds, date(2026, 2, 11)).unwrap();
        let summary = rfm_segments(&customers);
        let found: Vec<(Segment, u32, f64)> = summary
            .iter()
            .map(|s| (s.segment, s.customers, s.revenue))
            .collect();
        // b Loyal 120, e New 35, d About to sleep 25, a Can't lose 170, c At risk 45.
        assert_eq!(
            found,
            [
                (Segment::Champions, 0, 0.0),
                (Segment::Loyal, 1, 120.0),
                (Segment::PotentialLoyalists, 0, 0.0),
                (Segment::NewCustomers, 1, 35.0),
                (Segment::Promising, 0, 0.0),
                (Segment::NeedsAttention, 0, 0.0),
                (Segment::AboutToSleep, 1, 25.0),
                (Segment::CantLoseThem, 1, 170.0),
                (Segment::AtRisk, 1, 45.0),
                (Segment::Hibernating, 0, 0.0),
            ]
        );
    }

    #[test]
    fn lapse_window_is_three_medians_with_a_thirty_day_floor() {
        // Median 6 days: 3 x 6 = 18 < 30, so 30.
        assert_eq!(lapse_window(Some(6.0)), 30);
        assert_eq!(lapse_window(Some(10.0)), 30);
        assert_eq!(lapse_window(Some(11.0)), 33);
        // 3 x 12.5 = 37.5: more than 37.5 days is more than 37.
        assert_eq!(lapse_window(Some(12.5)), 37);
        assert_eq!(lapse_window(None), 30);
    }

    #[test]
    fn lapsed_customers_are_past_the_window_most_valuable_first() {
        let (orders, refunds) = shop();
        let customers = customer_table(&orders, &refunds, date(2026, 3, 15)).unwrap();
        // Days since last order on 2026-03-15: a 54 (01-20), b 40 (02-03), c 59 (01-15),
        // d 43 (01-31), e 33 (02-10).
        let keys = |window| -> Vec<&str> {
            lapsed_customers(&customers, window)
                .into_iter()
                .map(|i| customers[i].customer.as_str())
                .collect()
        };
        // Window 40: "longer than" leaves b (exactly 40) out. By value: a 170, c 45, d 25.
        assert_eq!(keys(40), ["a", "c", "d"]);
        assert_eq!(keys(30), ["a", "b", "c", "e", "d"]);
        assert!(keys(59).is_empty());
    }

    #[test]
    fn tenure_counts_whole_calendar_months() {
        assert_eq!(tenure_months(date(2026, 1, 15), date(2026, 4, 15)), 3);
        assert_eq!(tenure_months(date(2026, 1, 15), date(2026, 4, 14)), 2);
        // Jan 31 + 1 month is Feb 28.
        assert_eq!(tenure_months(date(2026, 1, 31), date(2026, 2, 28)), 1);
        assert_eq!(tenure_months(date(2026, 1, 31), date(2026, 2, 27)), 0);
        assert_eq!(tenure_months(date(2025, 12, 20), date(2026, 2, 11)), 1);
        assert_eq!(tenure_months(date(2023, 2, 11), date(2026, 2, 11)), 36);
    }

    #[test]
    fn tenure_buckets_add_up_to_every_customer() {
        let (orders, refunds) = shop();
        let as_of = date(2026, 5, 1);
        let customers = customer_table(&orders, &refunds, as_of).unwrap();
        // Tenure on 2026-05-01: a 4 months (12-20), b 3 (01-10), c 3 (01-15), d 3 (01-31 +
        // 3 months = 04-30), e 2 (02-10).
        let buckets = tenure_buckets(&customers, as_of, &[12, 3, 6, 3]);
        let found: Vec<(u32, Option<u32>, u32, f64)> = buckets
            .iter()
            .map(|b| (b.from_months, b.to_months, b.customers, b.revenue))
            .collect();
        // Boundaries become 0, 3, 6, 12: 0-3 e (35); 3-6 a, b, c, d (170+120+45+25 = 360).
        assert_eq!(
            found,
            [
                (0, Some(3), 1, 35.0),
                (3, Some(6), 4, 360.0),
                (6, Some(12), 0, 0.0),
                (12, None, 0, 0.0),
            ]
        );
        assert!(buckets[3].contains(400));
        assert!(!buckets[0].contains(3));
    }
}
