//! Where survey answers and orders name the same customer (the normalised customer key of
//! metrics.md): the NPS of each RFM segment, the repeat purchase rate of promoters, passives
//! and detractors, and one customer's answers.
//!
//! Inputs are the answers frame (columns as in `nps`, with `customer`) and the customer table
//! of `rfm::customer_table`, both already limited to the range the owner chose.

use std::collections::HashMap;

use chrono::NaiveDate;
use polars::prelude::*;

use super::nps::{self, NpsGroup, NpsSummary, non_blank, text_column};
use super::rfm::{CustomerRfm, Segment};
use super::sales::ratio;

/// The NPS of the answers given by one segment's customers.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SegmentNps {
    /// The segment.
    pub segment: Segment,
    /// Customers of the segment with at least one answer.
    pub customers: u32,
    /// NPS of all their answers (a customer who answered twice counts twice, as in every NPS).
    pub nps: NpsSummary,
}

/// The repeat purchase rate of the customers in one NPS group.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct GroupRepeat {
    /// The group of the customer's latest answer.
    pub group: NpsGroup,
    /// Customers who answered and ordered.
    pub customers: u32,
    /// Of those, customers with two or more orders.
    pub repeat_customers: u32,
    /// `repeat_customers` / `customers`.
    pub rate: f64,
}

/// Survey and orders together: how many customers are in both and what they show.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct SurveyAndOrders {
    /// Customers with at least one answer and at least one order.
    pub customers: u32,
    /// NPS per RFM segment, in segment order; segments without answers are left out.
    pub by_segment: Vec<SegmentNps>,
    /// Repeat purchase rate per NPS group, detractors first; groups without customers are
    /// left out.
    pub by_group: Vec<GroupRepeat>,
}

/// One answer of one customer.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct CustomerAnswer {
    /// When it was given, if the survey has dates.
    pub date: Option<NaiveDate>,
    /// 0-10.
    pub score: i32,
    /// Why, if written.
    pub comment: Option<String>,
    /// File and 1-based data row it came from.
    pub source_file: String,
    /// 1-based data row.
    pub source_row: u32,
}

/// Links `responses` to `customers` by customer key.
///
/// NPS per segment counts every answer of the segment's customers. For the repeat rate a
/// customer belongs to the group of their latest answer (the latest dated one; without dates,
/// the last in file order), because that is what they think now.
pub fn survey_and_orders(
    responses: &DataFrame,
    customers: &[CustomerRfm],
) -> PolarsResult<SurveyAndOrders> {
    let by_key: HashMap<&str, &CustomerRfm> =
        customers.iter().map(|c| (c.customer.as_str(), c)).collect();
    let keys = text_column(responses, nps::CUSTOMER)?;
    let scores = responses.column(nps::SCORE)?.cast(&DataType::Int32)?;
    let dates = responses.column(nps::DATE)?.cast(&DataType::Date)?;

    // Per segment: [detractors, passives, promoters] and the customers who answered.
    let mut counts: HashMap<Segment, ([u32; 3], Vec<&str>)> = HashMap::new();
    // Per customer: (date or i32::MIN, row, group) of the latest answer.
    let mut latest: HashMap<&str, (i32, usize, NpsGroup)> = HashMap::new();
    for (row, ((key, score), date)) in keys
        .iter()
        .zip(scores.i32()?.iter())
        .zip(dates.date()?.physical().iter())
        .enumerate()
    {
        let (Some(key), Some(score)) = (non_blank(key), score) else {
            continue;
        };
        let (Some(customer), Some(group)) = (by_key.get(key), NpsGroup::from_score(score)) else {
            continue;
        };
        let (groups, answered) = counts.entry(customer.segment).or_default();
        groups[group_index(group)] += 1;
        answered.push(customer.customer.as_str());
        let when = (date.unwrap_or(i32::MIN), row, group);
        let entry = latest.entry(customer.customer.as_str()).or_insert(when);
        if (when.0, when.1) > (entry.0, entry.1) {
            *entry = when;
        }
    }

    let by_segment = Segment::ALL
        .iter()
        .filter_map(|segment| {
            let (groups, answered) = counts.get_mut(segment)?;
            answered.sort_unstable();
            answered.dedup();
            Some(SegmentNps {
                segment: *segment,
                customers: answered.len() as u32,
                nps: NpsSummary::from_counts(groups[2], groups[1], groups[0]),
            })
        })
        .collect();

    let mut groups = [(0u32, 0u32); 3];
    for (key, (_, _, group)) in &latest {
        let slot = &mut groups[group_index(*group)];
        slot.0 += 1;
        if by_key.get(key).is_some_and(|c| c.orders >= 2) {
            slot.1 += 1;
        }
    }
    let by_group = NpsGroup::ALL
        .iter()
        .filter_map(|&group| {
            let (customers, repeat_customers) = groups[group_index(group)];
            (customers > 0).then(|| GroupRepeat {
                group,
                customers,
                repeat_customers,
                rate: ratio(f64::from(repeat_customers), customers),
            })
        })
        .collect();
    Ok(SurveyAndOrders {
        customers: latest.len() as u32,
        by_segment,
        by_group,
    })
}

/// Every answer of the customer with key `key`, oldest first (undated answers last, in file
/// order).
pub fn answers_of(responses: &DataFrame, key: &str) -> PolarsResult<Vec<CustomerAnswer>> {
    let keys = text_column(responses, nps::CUSTOMER)?;
    let scores = responses.column(nps::SCORE)?.cast(&DataType::Int32)?;
    let dates = responses.column(nps::DATE)?.cast(&DataType::Date)?;
    let comments = text_column(responses, nps::COMMENT)?;
    let files = text_column(responses, nps::SOURCE_FILE)?;
    let rows = responses.column(nps::SOURCE_ROW)?.cast(&DataType::UInt32)?;
    let rows = rows.u32()?;
    let scores = scores.i32()?;
    let dates = dates.date()?;
    let mut answers = Vec::new();
    for (index, k) in keys.iter().enumerate() {
        if non_blank(k) != Some(key) {
            continue;
        }
        let Some(score) = scores.get(index) else {
            continue;
        };
        answers.push(CustomerAnswer {
            date: dates
                .physical()
                .get(index)
                .and_then(NaiveDate::from_epoch_days),
            score,
            comment: non_blank(comments.get(index)).map(str::to_string),
            source_file: files.get(index).unwrap_or_default().to_string(),
            source_row: rows.get(index).unwrap_or_default(),
        });
    }
    answers.sort_by_key(|a| (a.date.is_none(), a.date));
    Ok(answers)
}

fn group_index(group: NpsGroup) -> usize {
    match group {
        NpsGroup::Detractor => 0,
        NpsGroup::Passive => 1,
        NpsGroup::Promoter => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn customer(key: &str, orders: u32, segment: Segment) -> CustomerRfm {
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        CustomerRfm {
            customer: key.to_string(),
            first_order: day,
            last_order: day,
            orders,
            gross: 10.0,
            refunds: 0.0,
            net_revenue: 10.0,
            days_since_last_order: 1,
            recency_score: 5,
            frequency_score: 5,
            monetary_score: 5,
            segment,
        }
    }

    fn answers(rows: &[(Option<&str>, i32, Option<&str>)]) -> DataFrame {
        let n = rows.len();
        let dates: Vec<Option<i32>> = rows
            .iter()
            .map(|r| {
                r.2.map(|d| {
                    NaiveDate::parse_from_str(d, "%Y-%m-%d")
                        .unwrap()
                        .to_epoch_days()
                })
            })
            .collect();
        df!(
            nps::CUSTOMER => rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            nps::SCORE => rows.iter().map(|r| r.1).collect::<Vec<_>>(),
            nps::DATE => Column::new("d".into(), dates).cast(&DataType::Date).unwrap().take_materialized_series(),
            nps::COMMENT => vec![Some("ok"); n],
            nps::SOURCE_FILE => vec!["s.csv"; n],
            nps::SOURCE_ROW => (1..=n as u32).collect::<Vec<_>>(),
        )
        .unwrap()
    }

    #[test]
    fn nps_per_segment_counts_every_answer_of_the_segment() {
        let customers = [
            customer("a@x.it", 5, Segment::Champions),
            customer("b@x.it", 1, Segment::Champions),
            customer("c@x.it", 1, Segment::Hibernating),
        ];
        // Champions: a answers 10 and 9, b answers 3 -> 2 promoters, 1 detractor: +33.3.
        // Hibernating: c answers 7 -> 1 passive: 0. The unknown customer and the answer
        // without a key are in no segment.
        let frame = answers(&[
            (Some("a@x.it"), 10, Some("2026-01-02")),
            (Some("a@x.it"), 9, Some("2026-02-02")),
            (Some("b@x.it"), 3, None),
            (Some("c@x.it"), 7, Some("2026-01-05")),
            (Some("z@x.it"), 0, Some("2026-01-05")),
            (None, 10, Some("2026-01-05")),
        ]);
        let linked = survey_and_orders(&frame, &customers).unwrap();
        assert_eq!(linked.customers, 3);
        assert_eq!(linked.by_segment.len(), 2);
        let champions = &linked.by_segment[0];
        assert_eq!(champions.segment, Segment::Champions);
        assert_eq!(champions.customers, 2);
        assert_eq!(
            (
                champions.nps.promoters,
                champions.nps.passives,
                champions.nps.detractors
            ),
            (2, 0, 1)
        );
        assert!((champions.nps.nps - 100.0 / 3.0).abs() < 1e-9);
        assert_eq!(linked.by_segment[1].segment, Segment::Hibernating);
        assert_eq!(linked.by_segment[1].nps.passives, 1);
    }

    #[test]
    fn repeat_rate_per_group_uses_each_customers_latest_answer() {
        let customers = [
            customer("a@x.it", 3, Segment::Loyal),
            customer("b@x.it", 1, Segment::Promising),
            customer("c@x.it", 2, Segment::Loyal),
            customer("d@x.it", 1, Segment::Hibernating),
        ];
        // a: 2 then 10 -> promoter (latest). b: 9 -> promoter. c: 10 on Mar 1, undated 4
        // -> promoter (a dated answer beats an undated one). d: 5 -> detractor.
        // Promoters a, b, c: 2 of 3 repeat. Detractors d: 0 of 1.
        let frame = answers(&[
            (Some("a@x.it"), 2, Some("2026-01-01")),
            (Some("a@x.it"), 10, Some("2026-02-01")),
            (Some("b@x.it"), 9, Some("2026-01-01")),
            (Some("c@x.it"), 10, Some("2026-03-01")),
            (Some("c@x.it"), 4, None),
            (Some("d@x.it"), 5, Some("2026-01-01")),
        ]);
        let linked = survey_and_orders(&frame, &customers).unwrap();
        let groups: Vec<(NpsGroup, u32, u32)> = linked
            .by_group
            .iter()
            .map(|g| (g.group, g.customers, g.repeat_customers))
            .collect();
        assert_eq!(
            groups,
            [(NpsGroup::Detractor, 1, 0), (NpsGroup::Promoter, 3, 2)]
        );
        assert!((linked.by_group[1].rate - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn a_customers_answers_come_oldest_first() {
        let frame = answers(&[
            (Some("a@x.it"), 4, None),
            (Some("a@x.it"), 10, Some("2026-02-01")),
            (Some("b@x.it"), 9, Some("2026-01-01")),
            (Some("a@x.it"), 8, Some("2026-01-01")),
        ]);
        let found = answers_of(&frame, "a@x.it").unwrap();
        let scores: Vec<i32> = found.iter().map(|a| a.score).collect();
        assert_eq!(scores, [8, 10, 4]);
        assert_eq!(found[0].source_row, 4);
    }
}
