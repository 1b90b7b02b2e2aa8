//! Cohorts by first purchase, exactly as defined in metrics.md ("Cohorts and retention"):
//! the retention matrix, cumulative revenue per customer (cohort LTV), and the repeat
//! purchase rate over time. These answer the owner's question "do customers come back?".
//!
//! Input is the `orders` and `refunds` frames of docs/frames.md; orders without a
//! customer belong to no cohort.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use polars::prelude::*;

use super::ledger::{CustomerId, Ledger};
use super::period::Period;
use super::sales::ratio;

/// Below this many customers a cohort's cells are flagged as small samples (metrics.md).
pub const SMALL_COHORT_CUSTOMERS: u32 = 30;

/// What a cohort cell shows: the share of the cohort who ordered in the period, or the
/// cohort's cumulative net revenue per customer (cohort LTV).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CohortMeasure {
    /// `Cohort::retention`.
    #[default]
    Retention,
    /// `Cohort::revenue_per_customer`.
    RevenuePerCustomer,
}

impl Cohort {
    /// The row's cells for `measure`.
    pub fn cells(&self, measure: CohortMeasure) -> &[f64] {
        match measure {
            CohortMeasure::Retention => &self.retention,
            CohortMeasure::RevenuePerCustomer => &self.revenue_per_customer,
        }
    }
}

/// One row of the retention matrix: the customers whose first order fell in one period.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Cohort {
    /// The period's label: `2026-W07`, `2026-02` or `2026-Q1`.
    pub cohort: String,
    /// The period's first day.
    #[serde(serialize_with = "serialize_date")]
    pub start: NaiveDate,
    /// Cohort size: customers whose first order is in this period.
    pub customers: u32,
    /// `retention[k]`: share of the cohort with at least one order in period c + k.
    /// `retention[0]` is 1.0. Periods after the as-of date's data are left out, so later
    /// cohorts have shorter rows.
    pub retention: Vec<f64>,
    /// `revenue_per_customer[k]`: the cohort's net revenue from period c to c + k, divided
    /// by the cohort size. Same length as `retention`.
    pub revenue_per_customer: Vec<f64>,
    /// True when the cohort has fewer than 30 customers: every cell is a small sample.
    pub small: bool,
}

/// The repeat purchase rate of one period.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PeriodRepeatRate {
    /// The period's label.
    pub period: String,
    /// The period's first day.
    #[serde(serialize_with = "serialize_date")]
    pub start: NaiveDate,
    /// Customers with at least one order in the period.
    pub customers: u32,
    /// Of those, customers with two or more orders in the period.
    pub repeat_customers: u32,
    /// `repeat_customers` / `customers`.
    pub rate: f64,
}

/// The cohort table as of `as_of`, oldest cohort first.
///
/// Only orders and refunds dated before `as_of` count (the default as-of date is the day
/// after the data, so that is all of them). The last period shown is the one holding the day
/// before `as_of`, the last day with data: with the default as-of date a period that begins
/// after the data ends is not shown as an empty "0 %" cell, it is not shown at all.
///
/// Revenue is orders' gross minus the cohort's customers' refunds, each in the period it is
/// dated in. A refund dated before its customer's first order (possible only when the order
/// itself was left out, e.g. voided) counts in period 0. Refunds of customers without orders
/// are in no cohort.
pub fn cohort_table(
    orders: &DataFrame,
    refunds: &DataFrame,
    period: Period,
    as_of: NaiveDate,
) -> PolarsResult<Vec<Cohort>> {
    Ok(cohort_table_of(
        &Ledger::read(orders, refunds)?,
        period,
        as_of,
    ))
}

/// [`cohort_table`] of orders and refunds already read.
pub(crate) fn cohort_table_of(ledger: &Ledger, period: Period, as_of: NaiveDate) -> Vec<Cohort> {
    let Some(last_day) = as_of.pred_opt() else {
        return Vec::new();
    };
    let last = period_index(period, last_day);

    let mut first_order: Vec<Option<NaiveDate>> = vec![None; ledger.keys.len()];
    for order in ledger.orders_before(as_of) {
        if let Some(customer) = order.customer {
            let first = &mut first_order[customer as usize];
            *first = Some(first.map_or(order.date, |first| first.min(order.date)));
        }
    }
    let cohort_of: Vec<Option<i64>> = first_order
        .iter()
        .map(|first| first.map(|date| period_index(period, date)))
        .collect();

    struct Row {
        first_day: NaiveDate,
        customers: u32,
        active: Vec<u32>,
        revenue: Vec<f64>,
    }
    let mut rows: BTreeMap<i64, Row> = BTreeMap::new();
    for (first, cohort) in first_order.iter().zip(&cohort_of) {
        let (Some(first), Some(cohort)) = (first, cohort) else {
            continue;
        };
        // first < as_of, so cohort <= last and the row has at least one cell.
        let cells = usize::try_from(last - cohort + 1).unwrap_or(0);
        let row = rows.entry(*cohort).or_insert_with(|| Row {
            first_day: *first,
            customers: 0,
            active: vec![0; cells],
            revenue: vec![0.0; cells],
        });
        row.customers += 1;
    }

    let offset = |customer: CustomerId, date: NaiveDate| -> Option<(i64, usize)> {
        let cohort = cohort_of[customer as usize]?;
        let k = usize::try_from(period_index(period, date) - cohort).unwrap_or(0);
        Some((cohort, k))
    };
    let mut activity: Vec<(CustomerId, i64)> = Vec::new();
    for order in ledger.orders_before(as_of) {
        let Some(customer) = order.customer else {
            continue;
        };
        if let Some((cohort, k)) = offset(customer, order.date)
            && let Some(cell) = rows.get_mut(&cohort).and_then(|row| row.revenue.get_mut(k))
        {
            *cell += order.gross;
            activity.push((customer, period_index(period, order.date)));
        }
    }
    for refund in ledger.refunds_before(as_of) {
        if let Some((cohort, k)) = refund.customer.and_then(|c| offset(c, refund.date))
            && let Some(cell) = rows.get_mut(&cohort).and_then(|row| row.revenue.get_mut(k))
        {
            *cell -= refund.amount;
        }
    }
    // A customer counts once per period however many orders they placed in it.
    activity.sort_unstable();
    activity.dedup();
    for (customer, index) in activity {
        if let Some((cohort, k)) = cohort_of[customer as usize].map(|c| (c, index - c))
            && let Some(row) = rows.get_mut(&cohort)
            && let Some(cell) = usize::try_from(k).ok().and_then(|k| row.active.get_mut(k))
        {
            *cell += 1;
        }
    }

    rows.into_values()
        .map(|row| {
            let size = row.customers;
            let mut cumulative = 0.0;
            Cohort {
                cohort: period.label(row.first_day),
                start: period.start(row.first_day),
                customers: size,
                retention: row
                    .active
                    .iter()
                    .map(|&active| ratio(f64::from(active), size))
                    .collect(),
                revenue_per_customer: row
                    .revenue
                    .iter()
                    .map(|&revenue| {
                        cumulative += revenue;
                        ratio(cumulative, size)
                    })
                    .collect(),
                small: size < SMALL_COHORT_CUSTOMERS,
            }
        })
        .collect()
}

/// The repeat purchase rate of each period, oldest first: of the customers who ordered in
/// the period, the share who ordered at least twice in that same period.
///
/// This is metrics.md's repeat purchase rate with each period as the selected range, so the
/// trend and the KPI of a one-period range agree. Orders dated on or after `as_of` and
/// orders without a customer are left out; periods without customers are absent, not 0.
pub fn repeat_rate_by_period(
    orders: &DataFrame,
    period: Period,
    as_of: NaiveDate,
) -> PolarsResult<Vec<PeriodRepeatRate>> {
    Ok(repeat_rate_by_period_of(
        &Ledger::read_orders(orders)?,
        period,
        as_of,
    ))
}

/// [`repeat_rate_by_period`] of orders already read.
pub(crate) fn repeat_rate_by_period_of(
    ledger: &Ledger,
    period: Period,
    as_of: NaiveDate,
) -> Vec<PeriodRepeatRate> {
    let mut orders_in_period: Vec<(i64, CustomerId, NaiveDate)> = ledger
        .orders_before(as_of)
        .filter_map(|order| {
            let customer = order.customer?;
            Some((period_index(period, order.date), customer, order.date))
        })
        .collect();
    orders_in_period.sort_unstable();
    let mut trend = Vec::new();
    for period_run in orders_in_period.chunk_by(|a, b| a.0 == b.0) {
        let mut customers = 0;
        let mut repeat_customers = 0;
        for customer_run in period_run.chunk_by(|a, b| a.1 == b.1) {
            customers += 1;
            if customer_run.len() >= 2 {
                repeat_customers += 1;
            }
        }
        let any_day = period_run[0].2;
        trend.push(PeriodRepeatRate {
            period: period.label(any_day),
            start: period.start(any_day),
            customers,
            repeat_customers,
            rate: ratio(f64::from(repeat_customers), customers),
        });
    }
    trend
}

/// A number for the period holding `date` such that consecutive periods differ by one, so
/// "period c + k" is plain arithmetic across year boundaries.
fn period_index(period: Period, date: NaiveDate) -> i64 {
    match period {
        // Every Monday is the same weekday, so Monday's day number divides evenly into weeks.
        Period::Week => i64::from(period.start(date).to_epoch_days()).div_euclid(7),
        Period::Month => i64::from(date.year()) * 12 + i64::from(date.month0()),
        Period::Quarter => i64::from(date.year()) * 4 + i64::from(date.month0() / 3),
    }
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
    use crate::analysis::sales::tests::{
        close, date, orders_frame, refunds_frame, retail_excerpt, shop,
    };

    fn all_close(actual: &[f64], expected: &[f64]) -> bool {
        actual.len() == expected.len() && actual.iter().zip(expected).all(|(a, e)| close(*a, *e))
    }

    #[test]
    fn period_indexes_are_consecutive_across_years() {
        for period in Period::ALL {
            let mut day = date(2024, 11, 1);
            while day < date(2027, 3, 1) {
                let next = period.next_start(day);
                assert_eq!(
                    period_index(period, next),
                    period_index(period, day) + 1,
                    "{period:?} {day}"
                );
                day = next;
            }
        }
        // ISO weeks: Wed 2025-12-31 and Sun 2026-01-04 are one week, Mon 2026-01-05 the next.
        let week = |d| period_index(Period::Week, d);
        assert_eq!(week(date(2025, 12, 31)), week(date(2026, 1, 4)));
        assert_eq!(week(date(2026, 1, 5)), week(date(2026, 1, 4)) + 1);
    }

    #[test]
    fn monthly_cohorts_across_the_year_boundary() {
        let (orders, refunds) = shop();
        // Default as-of: the day after 2026-02-10; February is the last period.
        let table = cohort_table(&orders, &refunds, Period::Month, date(2026, 2, 11)).unwrap();
        let labels: Vec<&str> = table.iter().map(|c| c.cohort.as_str()).collect();
        assert_eq!(labels, ["2025-12", "2026-01", "2026-02"]);

        // 2025-12: a alone. January: a ordered; February: no order.
        let december = &table[0];
        assert_eq!((december.start, december.customers), (date(2025, 12, 1), 1));
        assert!(all_close(&december.retention, &[1.0, 1.0, 0.0]));
        // Revenue: Dec 100; Jan 50 + 30 - 10 (refund 01-22) = 70; Feb 0.
        // Cumulative 100, 170, 170.
        assert!(all_close(
            &december.revenue_per_customer,
            &[100.0, 170.0, 170.0]
        ));

        // 2026-01: b, c, d (the order without a customer is in no cohort). February: b.
        let january = &table[1];
        assert_eq!(january.customers, 3);
        assert!(all_close(&january.retention, &[1.0, 1.0 / 3.0]));
        // Jan 80 + 60 + 25 = 165; Feb 40 (b) - 15 (c's refund through order o6) = 25.
        // Cumulative 165 / 3 = 55 and 190 / 3.
        assert!(all_close(
            &january.revenue_per_customer,
            &[55.0, 190.0 / 3.0]
        ));

        // 2026-02: e, 35.
        assert_eq!(table[2].customers, 1);
        assert!(all_close(&table[2].retention, &[1.0]));
        assert!(all_close(&table[2].revenue_per_customer, &[35.0]));
        assert!(table.iter().all(|c| c.small));
    }

    #[test]
    fn cohorts_of_a_retail_excerpt_match_an_independent_computation() {
        // Expected rows from plain python3 on the excerpt CSV (see sales.rs), with months
        // numbered y*12+m-1, the last one 2010-12, and a refund before its customer's cohort
        // counted in period 0:
        // python3 -c "import csv;R=list(csv.DictReader(open('excerpt.csv')));
        //   m=lambda s:int(s[:4])*12+int(s[5:7])-1;last=m('2010-12-01');first={};
        //   [first.__setitem__(r['customer'],min(first.get(r['customer'],'9'),r['date']))
        //    for r in R if r['kind']=='o' and r['customer']];coh={};
        //   [coh.setdefault(m(f),[]).append(c) for c,f in first.items()]
        //   for c0,cs in sorted(coh.items()):
        //     n=len(cs);k=last-c0+1;act=[len({r['customer'] for r in R if r['kind']=='o'
        //       and r['customer'] in cs and m(r['date'])-c0==j}) for j in range(k)];rev=[0.0]*k
        //     for r in R:
        //       if r['customer'] in cs: rev[max(m(r['date'])-c0,0)]+=float(r['amount'])*(1
        //         if r['kind']=='o' else -1)
        //     print(c0,n,[x/n for x in act],[sum(rev[:j+1])/n for j in range(k)])"
        let (orders, refunds) = retail_excerpt();
        let table = cohort_table(&orders, &refunds, Period::Month, date(2010, 12, 2)).unwrap();
        let expected: [(&str, u32, &[f64], &[f64]); 6] = [
            (
                "2009-12",
                2,
                &[
                    1.0, 0.0, 0.0, 0.5, 0.5, 0.0, 0.0, 0.0, 0.0, 0.5, 0.5, 0.0, 0.0,
                ],
                &[
                    167.79, 167.79, 167.79, 380.79, 766.565, 766.565, 766.565, 766.565, 766.565,
                    1048.8, 1344.0, 1344.0, 1344.0,
                ],
            ),
            (
                "2010-01",
                1,
                &[1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0],
                &[
                    484.48, 484.48, 484.48, 646.58, 646.58, 646.58, 646.58, 646.58, 1204.79,
                    1204.79, 1204.79, 1204.79,
                ],
            ),
            (
                "2010-06",
                1,
                &[1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0],
                &[415.89, 415.89, 685.89, 685.89, 1078.59, 1078.59, 1078.59],
            ),
            (
                "2010-08",
                1,
                &[1.0, 0.0, 0.0, 1.0, 0.0],
                &[259.88, 259.88, 259.88, 440.36, 440.36],
            ),
            (
                "2010-09",
                1,
                &[1.0, 0.0, 0.0, 0.0],
                &[363.9, 363.9, 363.9, 363.9],
            ),
            ("2010-11", 1, &[1.0, 0.0], &[428.25, 428.25]),
        ];
        assert_eq!(table.len(), expected.len());
        for (row, (label, customers, retention, revenue)) in table.iter().zip(expected) {
            assert_eq!((row.cohort.as_str(), row.customers), (label, customers));
            assert!(all_close(&row.retention, retention), "{label}");
            let near = row.revenue_per_customer.len() == revenue.len()
                && row
                    .revenue_per_customer
                    .iter()
                    .zip(revenue)
                    .all(|(a, e)| (a - e).abs() < 1e-6);
            assert!(near, "{label}: {:?}", row.revenue_per_customer);
        }
    }

    #[test]
    fn periods_after_the_as_of_date_are_left_out() {
        let (orders, refunds) = shop();
        // As of 2026-02-01 the last day with data is 01-31: February is the future. Its
        // orders (o5, o8) and refund do not count, so e has no cohort yet.
        let table = cohort_table(&orders, &refunds, Period::Month, date(2026, 2, 1)).unwrap();
        assert_eq!(table.len(), 2);
        assert!(all_close(&table[0].retention, &[1.0, 1.0]));
        assert!(all_close(&table[0].revenue_per_customer, &[100.0, 170.0]));
        assert!(all_close(&table[1].retention, &[1.0]));
        assert!(all_close(&table[1].revenue_per_customer, &[55.0]));

        // As of mid-March, March has begun: an empty March cell is a real 0, not the future.
        let table = cohort_table(&orders, &refunds, Period::Month, date(2026, 3, 15)).unwrap();
        assert!(all_close(&table[0].retention, &[1.0, 1.0, 0.0, 0.0]));
        assert!(all_close(&table[2].retention, &[1.0, 0.0]));
        assert!(all_close(&table[2].revenue_per_customer, &[35.0, 35.0]));
    }

    #[test]
    fn weekly_cohorts_use_iso_weeks_across_new_year() {
        let orders = orders_frame(&[
            // x: Wed 2025-12-31 (2026-W01, from Mon 2025-12-29), again Tue 2026-01-06 (W02).
            ("x1", date(2025, 12, 31), Some("x"), 10.0),
            ("x2", date(2026, 1, 6), Some("x"), 20.0),
            // y: first order Mon 2026-01-05 (W02), twice in the same week.
            ("y1", date(2026, 1, 5), Some("y"), 5.0),
            ("y2", date(2026, 1, 9), Some("y"), 5.0),
            // z: Sun 2026-01-04, still W01.
            ("z1", date(2026, 1, 4), Some("z"), 30.0),
        ]);
        // As of Tue 2026-01-13: the last data day, Mon 01-12, opens W03.
        let table = cohort_table(
            &orders,
            &refunds_frame(&[]),
            Period::Week,
            date(2026, 1, 13),
        )
        .unwrap();
        assert_eq!(table.len(), 2);
        assert_eq!(
            (table[0].cohort.as_str(), table[0].start, table[0].customers),
            ("2026-W01", date(2025, 12, 29), 2)
        );
        // W01: x, z; W02: x only; W03: nobody.
        assert!(all_close(&table[0].retention, &[1.0, 0.5, 0.0]));
        // (10 + 30) / 2 = 20, then + 20 / 2 = 30, then 30.
        assert!(all_close(
            &table[0].revenue_per_customer,
            &[20.0, 30.0, 30.0]
        ));
        // y's two orders in W02 count once.
        assert_eq!(table[1].cohort, "2026-W02");
        assert!(all_close(&table[1].retention, &[1.0, 0.0]));
        assert!(all_close(&table[1].revenue_per_customer, &[10.0, 10.0]));
    }

    #[test]
    fn a_cohort_of_thirty_is_not_small() {
        let keys: Vec<String> = (0..30).map(|i| format!("c{i:02}")).collect();
        let rows: Vec<(&str, NaiveDate, Option<&str>, f64)> = keys
            .iter()
            .map(|key| (key.as_str(), date(2026, 1, 2), Some(key.as_str()), 1.0))
            .collect();
        let mut orders = orders_frame(&rows);
        // One more customer in February: a cohort of one.
        let late = orders_frame(&[("late", date(2026, 2, 2), Some("late"), 1.0)]);
        orders.vstack_mut(&late).unwrap();
        let table = cohort_table(
            &orders,
            &refunds_frame(&[]),
            Period::Quarter,
            date(2026, 2, 3),
        )
        .unwrap();
        // Both in 2026-Q1: 31 customers.
        assert_eq!(table.len(), 1);
        assert_eq!(
            (table[0].cohort.as_str(), table[0].customers),
            ("2026-Q1", 31)
        );
        assert!(!table[0].small);
        let table = cohort_table(
            &orders,
            &refunds_frame(&[]),
            Period::Month,
            date(2026, 2, 3),
        )
        .unwrap();
        assert_eq!((table[0].customers, table[0].small), (30, false));
        assert_eq!((table[1].customers, table[1].small), (1, true));
    }

    #[test]
    fn repeat_rate_per_period() {
        let (orders, _) = shop();
        let trend = repeat_rate_by_period(&orders, Period::Month, date(2026, 2, 11)).unwrap();
        let found: Vec<(&str, u32, u32)> = trend
            .iter()
            .map(|p| (p.period.as_str(), p.customers, p.repeat_customers))
            .collect();
        // Dec: a once. Jan: a twice, b, c, d once (the order without customer left out).
        // Feb: b, e once.
        assert_eq!(
            found,
            [("2025-12", 1, 0), ("2026-01", 4, 1), ("2026-02", 2, 0)]
        );
        assert!(close(trend[1].rate, 0.25));
        assert_eq!(trend[1].start, date(2026, 1, 1));
        // As of 2026-02-01 February's orders are not yet counted.
        let trend = repeat_rate_by_period(&orders, Period::Month, date(2026, 2, 1)).unwrap();
        assert_eq!(trend.len(), 2);
    }
}
