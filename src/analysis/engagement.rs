//! Engagement, as defined in metrics.md ("Engagement"): reviews, the loyalty programme, social
//! posts, and a score per customer from what they do beyond buying.
//!
//! Inputs are frames with the columns named below, built by the import step; customer keys
//! are the normalised keys every other file uses, so a reviewer, a card holder and a buyer
//! with the same email are one customer.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use polars::prelude::*;

use super::nps::{non_blank, text_column};
use super::period::Period;
use super::sales::ratio;

/// Reviews and events: when (`Date`, nullable).
pub const DATE: &str = "date";
/// Normalised customer key (`String`, nullable).
pub const CUSTOMER: &str = "customer";
/// Reviews: stars 1-5 in steps of 0.5 (`Float64`: half stars are kept).
pub const RATING: &str = "rating";
/// Reviews: store (`String`, nullable).
pub const STORE: &str = "store";
/// Reviews: what the reviewer wrote (`String`, nullable).
pub const TEXT: &str = "text";
/// Members: points earned (`Float64`, nullable).
pub const POINTS_EARNED: &str = "points_earned";
/// Members: points redeemed (`Float64`, nullable).
pub const POINTS_REDEEMED: &str = "points_redeemed";
/// Events: what the customer did (`String`: like, share, comment, review, referral, sign_up,
/// points_earned, points_redeemed).
pub const EVENT: &str = "event";
/// Events: how much (`Float64`, nullable, 1 when null): the points of a points event.
pub const VALUE: &str = "value";
/// Posts: post type (photo, video, status, link...) (`String`, nullable).
pub const POST_TYPE: &str = "post_type";
/// Posts: people reached (`Float64`, nullable).
pub const REACH: &str = "reach";
/// Posts: likes + comments + shares (`Float64`).
pub const INTERACTIONS: &str = "interactions";
/// Posts: true when `date` is only the first day of the post's month (`Boolean`, optional).
pub const MONTH_ONLY: &str = "month_only";
/// Members: the member's birth date (`Date`, optional; null where the file gives none).
pub const BIRTH_DATE: &str = "birth_date";

/// The event types a score weighs by default, with their weights: a referral brings a new
/// customer, a review is public and lasting, a like costs a tap.
/// Points weigh per point: 100 points earned count as much as a like, and redeeming them (the
/// customer came back to use them) twice as much.
pub const DEFAULT_WEIGHTS: [(&str, f64); 8] = [
    ("like", 1.0),
    ("comment", 2.0),
    ("share", 3.0),
    ("review", 5.0),
    ("sign_up", 5.0),
    ("referral", 10.0),
    ("points_earned", 0.01),
    ("points_redeemed", 0.02),
];

/// Review totals and their trend.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct ReviewSummary {
    /// Reviews with a rating.
    pub count: u32,
    /// Mean stars; 0 without reviews.
    pub mean_rating: f64,
    /// Share of reviews with 4 or 5 stars.
    pub share_4_5: f64,
    /// One entry per period with reviews, oldest first (undated reviews are in no period).
    pub by_period: Vec<ReviewPeriod>,
    /// One entry per store, most reviews first; reviews without a store are in none.
    pub by_store: Vec<ReviewPeriod>,
}

/// One review as the page lists it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ReviewRow {
    /// When, if written.
    pub date: Option<NaiveDate>,
    /// Stars 1-5 (half stars where the platform gives them).
    pub rating: f64,
    /// Store, if written.
    pub store: Option<String>,
    /// What the reviewer wrote.
    pub text: String,
}

/// One social post as the page lists it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PostRow {
    /// When, if known.
    pub date: Option<NaiveDate>,
    /// True when only the month is known (`date` is its first day).
    pub month_only: bool,
    /// Photo, video, status...
    pub post_type: Option<String>,
    /// People reached.
    pub reach: f64,
    /// Likes + comments + shares.
    pub interactions: f64,
    /// `interactions / reach`; 0 without reach.
    pub engagement_rate: f64,
}

/// Reviews of one period or one store.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ReviewPeriod {
    /// The period's label, or the store's name.
    pub period: String,
    /// Reviews in it.
    pub count: u32,
    /// Their mean stars.
    pub mean_rating: f64,
}

/// Totals of the loyalty programme.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct LoyaltySummary {
    /// Members (rows of the members file with a card or a customer).
    pub members: u32,
    /// Members who ordered / customers who ordered; `None` without order files.
    pub membership_rate: Option<f64>,
    /// Points earned, summed.
    pub points_earned: f64,
    /// Points redeemed, summed.
    pub points_redeemed: f64,
    /// `points_redeemed / points_earned`; 0 when nothing was earned.
    pub redemption_rate: f64,
}

/// Social posts: totals and their trend.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct SocialSummary {
    /// Posts.
    pub posts: u32,
    /// Reach, summed over posts.
    pub reach: f64,
    /// Interactions (likes + comments + shares), summed.
    pub interactions: f64,
    /// `interactions / reach` over all posts (a ratio of sums, so a post seen by many weighs
    /// more than one seen by few); 0 without reach.
    pub engagement_rate: f64,
    /// Per period, oldest first.
    pub by_period: Vec<SocialGroup>,
    /// Per post type, most interactions first.
    pub by_type: Vec<SocialGroup>,
}

/// Posts of one period or one type.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SocialGroup {
    /// The period's label or the post type.
    pub period: String,
    /// Posts.
    pub posts: u32,
    /// Interactions, summed.
    pub interactions: f64,
    /// Reach, summed.
    pub reach: f64,
    /// `interactions / reach`.
    pub engagement_rate: f64,
}

/// One customer's engagement.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct CustomerEngagement {
    /// Normalised customer key.
    pub customer: String,
    /// Weighted (and decayed) sum of their events.
    pub raw: f64,
    /// `100 * raw / the highest raw`, so the most engaged customer scores 100.
    pub score: f64,
    /// Events per type, undecayed (points events: their points).
    pub events: BTreeMap<String, u32>,
}

/// Review totals of the reviews dated in `from..=to` (open bounds unlimited; undated reviews
/// count only without bounds), trend by `period`.
pub fn review_summary(
    reviews: &DataFrame,
    period: Period,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> PolarsResult<ReviewSummary> {
    let ratings = reviews.column(RATING)?.cast(&DataType::Float64)?;
    let dates = reviews.column(DATE)?.cast(&DataType::Date)?;
    let mut summary = ReviewSummary::default();
    let (mut stars, mut high) = (0f64, 0u32);
    let mut periods: BTreeMap<NaiveDate, (u32, f64)> = BTreeMap::new();
    let stores = text_column(reviews, STORE)?;
    let mut by_store: HashMap<String, (String, u32, f64)> = HashMap::new();
    for ((rating, date), store) in ratings
        .f64()?
        .iter()
        .zip(dates.date()?.physical().iter())
        .zip(stores.iter())
    {
        let Some(rating) = rating.filter(|r| (1.0..=5.0).contains(r)) else {
            continue;
        };
        let date = date.and_then(NaiveDate::from_epoch_days);
        if !in_range(date, from, to) {
            continue;
        }
        summary.count += 1;
        stars += rating;
        high += u32::from(rating >= 4.0);
        if let Some(date) = date {
            let entry = periods.entry(period.start(date)).or_default();
            entry.0 += 1;
            entry.1 += rating;
        }
        // Stores merge ignoring case, as everywhere else.
        if let Some(store) = non_blank(store) {
            let entry = by_store
                .entry(store.to_lowercase())
                .or_insert_with(|| (store.to_string(), 0, 0.0));
            entry.1 += 1;
            entry.2 += rating;
        }
    }
    let mut stores: Vec<ReviewPeriod> = by_store
        .into_values()
        .map(|(name, count, stars)| ReviewPeriod {
            period: name,
            count,
            mean_rating: ratio(stars, count),
        })
        .collect();
    stores.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.period.cmp(&b.period)));
    summary.by_store = stores;
    summary.mean_rating = ratio(stars, summary.count);
    summary.share_4_5 = ratio(f64::from(high), summary.count);
    summary.by_period = periods
        .into_iter()
        .map(|(start, (count, stars))| ReviewPeriod {
            period: period.label(start),
            count,
            mean_rating: ratio(stars, count),
        })
        .collect();
    Ok(summary)
}

/// The reviews with text dated in `from..=to` (undated ones only without bounds), newest first.
pub fn reviews_with_text(
    reviews: &DataFrame,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> PolarsResult<Vec<ReviewRow>> {
    let ratings = reviews.column(RATING)?.cast(&DataType::Float64)?;
    let dates = reviews.column(DATE)?.cast(&DataType::Date)?;
    let stores = text_column(reviews, STORE)?;
    let texts = text_column(reviews, TEXT)?;
    let mut rows: Vec<ReviewRow> = Vec::new();
    for (((rating, date), store), text) in ratings
        .f64()?
        .iter()
        .zip(dates.date()?.physical().iter())
        .zip(stores.iter())
        .zip(texts.iter())
    {
        let (Some(rating), Some(text)) = (rating, non_blank(text)) else {
            continue;
        };
        let date = date.and_then(NaiveDate::from_epoch_days);
        if in_range(date, from, to) {
            rows.push(ReviewRow {
                date,
                rating,
                store: non_blank(store).map(str::to_string),
                text: text.to_string(),
            });
        }
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.date));
    Ok(rows)
}

/// The `n` posts with the most interactions, most first.
pub fn best_posts(posts: &DataFrame, n: usize) -> PolarsResult<Vec<PostRow>> {
    let dates = posts.column(DATE)?.cast(&DataType::Date)?;
    let reach = posts.column(REACH)?.cast(&DataType::Float64)?;
    let interactions = posts.column(INTERACTIONS)?.cast(&DataType::Float64)?;
    let types = text_column(posts, POST_TYPE)?;
    let month_only = match posts.column(MONTH_ONLY) {
        Ok(column) => column.cast(&DataType::Boolean)?,
        Err(_) => Column::full_null(MONTH_ONLY.into(), posts.height(), &DataType::Boolean),
    };
    let mut rows: Vec<PostRow> = dates
        .date()?
        .physical()
        .iter()
        .zip(reach.f64()?.iter())
        .zip(interactions.f64()?.iter())
        .zip(types.iter())
        .zip(month_only.bool()?.iter())
        .map(|((((date, reach), interactions), kind), month_only)| {
            let (reach, interactions) = (reach.unwrap_or(0.0), interactions.unwrap_or(0.0));
            PostRow {
                date: date.and_then(NaiveDate::from_epoch_days),
                month_only: month_only.unwrap_or(false),
                post_type: non_blank(kind).map(str::to_string),
                reach,
                interactions,
                engagement_rate: if reach > 0.0 {
                    interactions / reach
                } else {
                    0.0
                },
            }
        })
        .collect();
    rows.sort_by(|a, b| b.interactions.total_cmp(&a.interactions));
    rows.truncate(n);
    Ok(rows)
}

/// Totals of the loyalty programme. `ordering_customers` are the keys of customers who ordered,
/// when order files are loaded: membership rate = members among them / all of them.
pub fn loyalty_summary(
    members: &DataFrame,
    ordering_customers: Option<&[String]>,
) -> PolarsResult<LoyaltySummary> {
    let earned = members.column(POINTS_EARNED)?.cast(&DataType::Float64)?;
    let redeemed = members.column(POINTS_REDEEMED)?.cast(&DataType::Float64)?;
    let points_earned = earned.f64()?.sum().unwrap_or(0.0);
    let points_redeemed = redeemed.f64()?.sum().unwrap_or(0.0);
    let keys = text_column(members, CUSTOMER)?;
    let member_keys: std::collections::HashSet<&str> = keys.iter().filter_map(non_blank).collect();
    let membership_rate = ordering_customers.map(|customers| {
        let members_who_ordered = customers
            .iter()
            .filter(|c| member_keys.contains(c.as_str()))
            .count();
        ratio(members_who_ordered as f64, customers.len() as u32)
    });
    Ok(LoyaltySummary {
        members: members.height() as u32,
        membership_rate,
        points_earned,
        points_redeemed,
        redemption_rate: if points_earned > 0.0 {
            points_redeemed / points_earned
        } else {
            0.0
        },
    })
}

/// Totals of social posts, per period and per post type. Posts without a date count in the
/// totals and per type, not per period.
pub fn social_summary(posts: &DataFrame, period: Period) -> PolarsResult<SocialSummary> {
    let dates = posts.column(DATE)?.cast(&DataType::Date)?;
    let reach = posts.column(REACH)?.cast(&DataType::Float64)?;
    let interactions = posts.column(INTERACTIONS)?.cast(&DataType::Float64)?;
    let types = text_column(posts, POST_TYPE)?;
    let mut summary = SocialSummary::default();
    let mut periods: BTreeMap<NaiveDate, SocialGroup> = BTreeMap::new();
    let mut by_type: HashMap<String, SocialGroup> = HashMap::new();
    let empty = |label: String| SocialGroup {
        period: label,
        posts: 0,
        interactions: 0.0,
        reach: 0.0,
        engagement_rate: 0.0,
    };
    for (((date, reach), interactions), kind) in dates
        .date()?
        .physical()
        .iter()
        .zip(reach.f64()?.iter())
        .zip(interactions.f64()?.iter())
        .zip(types.iter())
    {
        let (reach, interactions) = (reach.unwrap_or(0.0), interactions.unwrap_or(0.0));
        summary.posts += 1;
        summary.reach += reach;
        summary.interactions += interactions;
        let mut groups: Vec<&mut SocialGroup> = Vec::new();
        if let Some(date) = date.and_then(NaiveDate::from_epoch_days) {
            let start = period.start(date);
            groups.push(
                periods
                    .entry(start)
                    .or_insert_with(|| empty(period.label(start))),
            );
        }
        let kind = non_blank(kind).unwrap_or("-").to_lowercase();
        groups.push(by_type.entry(kind.clone()).or_insert_with(|| empty(kind)));
        for group in groups {
            group.posts += 1;
            group.reach += reach;
            group.interactions += interactions;
        }
    }
    let rate = |interactions: f64, reach: f64| {
        if reach > 0.0 {
            interactions / reach
        } else {
            0.0
        }
    };
    summary.engagement_rate = rate(summary.interactions, summary.reach);
    let finish = |mut g: SocialGroup| {
        g.engagement_rate = rate(g.interactions, g.reach);
        g
    };
    summary.by_period = periods.into_values().map(finish).collect();
    let mut by_type: Vec<SocialGroup> = by_type.into_values().map(finish).collect();
    by_type.sort_by(|a, b| {
        b.interactions
            .total_cmp(&a.interactions)
            .then_with(|| a.period.cmp(&b.period))
    });
    summary.by_type = by_type;
    Ok(summary)
}

/// Each customer's engagement score from `events` dated in `from..=to` (undated events count
/// only without bounds).
///
/// An event weighs `weights[event]` times its value (1 without one; the points of a points
/// event); types without a weight weigh 0. With a half-life, an
/// event `d` days before `as_of` weighs `0.5^(d / half_life)` times as much, so what a customer
/// did last week counts more than what they did two years ago. Scores are scaled so the most
/// engaged customer has 100; customers are returned highest score first, then by key.
pub fn engagement_scores(
    events: &DataFrame,
    weights: &BTreeMap<String, f64>,
    half_life_days: Option<f64>,
    as_of: NaiveDate,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> PolarsResult<Vec<CustomerEngagement>> {
    let keys = text_column(events, CUSTOMER)?;
    let kinds = text_column(events, EVENT)?;
    let dates = events.column(DATE)?.cast(&DataType::Date)?;
    let values = match events.column(VALUE) {
        Ok(column) => column.cast(&DataType::Float64)?,
        Err(_) => Column::full_null(VALUE.into(), events.height(), &DataType::Float64),
    };
    let mut by_customer: HashMap<&str, (f64, BTreeMap<String, u32>)> = HashMap::new();
    for (((key, kind), date), value) in keys
        .iter()
        .zip(kinds.iter())
        .zip(dates.date()?.physical().iter())
        .zip(values.f64()?.iter())
    {
        let (Some(key), Some(kind)) = (non_blank(key), non_blank(kind)) else {
            continue;
        };
        let date = date.and_then(NaiveDate::from_epoch_days);
        if !in_range(date, from, to) {
            continue;
        }
        let weight = weights.get(kind).copied().unwrap_or(0.0);
        let decay = match (half_life_days, date) {
            (Some(half_life), Some(date)) if half_life > 0.0 => {
                let age = (as_of - date).num_days().max(0) as f64;
                0.5_f64.powf(age / half_life)
            }
            _ => 1.0,
        };
        let entry = by_customer.entry(key).or_default();
        entry.0 += weight * value.unwrap_or(1.0) * decay;
        // Points events count their points; every other event counts once.
        *entry.1.entry(kind.to_string()).or_default() += value.map_or(1, |v| v.round() as u32);
    }
    let top = by_customer
        .values()
        .map(|(raw, _)| *raw)
        .fold(0.0_f64, f64::max);
    let mut scores: Vec<CustomerEngagement> = by_customer
        .into_iter()
        .map(|(customer, (raw, events))| CustomerEngagement {
            customer: customer.to_string(),
            raw,
            score: if top > 0.0 { 100.0 * raw / top } else { 0.0 },
            events,
        })
        .collect();
    scores.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.customer.cmp(&b.customer))
    });
    Ok(scores)
}

/// The default weights as a map, for `engagement_scores`.
pub fn default_weights() -> BTreeMap<String, f64> {
    DEFAULT_WEIGHTS
        .iter()
        .map(|(kind, weight)| (kind.to_string(), *weight))
        .collect()
}

/// Quartile 1-4 of each customer by score (4 = most engaged), by rank like the RFM scores:
/// customers sorted by score ascending, then key, and the one at 0-based rank `i` of `n` in
/// quartile `1 + floor(4 i / n)`.
pub fn engagement_quartiles(scores: &[CustomerEngagement]) -> HashMap<String, u8> {
    let mut ranked: Vec<&CustomerEngagement> = scores.iter().collect();
    ranked.sort_by(|a, b| {
        a.score
            .total_cmp(&b.score)
            .then_with(|| a.customer.cmp(&b.customer))
    });
    let n = ranked.len();
    ranked
        .into_iter()
        .enumerate()
        .map(|(i, c)| (c.customer.clone(), 1 + (4 * i / n) as u8))
        .collect()
}

/// Orders, revenue and repeat purchase of one group of buying customers.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct BuyerGroup {
    /// Customers in the group who ordered.
    pub customers: u32,
    /// Their orders / `customers`.
    pub orders_per_customer: f64,
    /// Their net revenue / `customers`.
    pub revenue_per_customer: f64,
    /// Share of them with two or more orders.
    pub repeat_rate: f64,
}

/// Buying customers split into card members and everyone else.
pub fn members_vs_non_members(
    members: &DataFrame,
    customers: &[super::rfm::CustomerRfm],
) -> PolarsResult<(BuyerGroup, BuyerGroup)> {
    let keys = text_column(members, CUSTOMER)?;
    let member_keys: std::collections::HashSet<&str> = keys.iter().filter_map(non_blank).collect();
    let group = |is_member: bool| {
        let mine: Vec<&super::rfm::CustomerRfm> = customers
            .iter()
            .filter(|c| member_keys.contains(c.customer.as_str()) == is_member)
            .collect();
        let n = mine.len() as u32;
        BuyerGroup {
            customers: n,
            orders_per_customer: ratio(mine.iter().map(|c| f64::from(c.orders)).sum(), n),
            revenue_per_customer: ratio(mine.iter().map(|c| c.net_revenue).sum(), n),
            repeat_rate: ratio(mine.iter().filter(|c| c.orders >= 2).count() as f64, n),
        }
    };
    Ok((group(true), group(false)))
}

/// NPS and repeat purchase of one engagement quartile.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct QuartileFigures {
    /// 1 (least engaged) to 4 (most).
    pub quartile: u8,
    /// Customers with a score in the quartile.
    pub customers: u32,
    /// NPS of their answers, when any answered.
    pub nps: Option<super::nps::NpsSummary>,
    /// Of them, customers who ordered.
    pub buyers: u32,
    /// Share of those buyers with two or more orders.
    pub repeat_rate: f64,
}

/// Per engagement quartile: the NPS of the survey answers of its customers (every answer
/// counts) and the repeat purchase rate of those who ordered. Customers are matched by key.
pub fn figures_by_quartile(
    scores: &[CustomerEngagement],
    responses: Option<&DataFrame>,
    customers: &[super::rfm::CustomerRfm],
) -> PolarsResult<Vec<QuartileFigures>> {
    let quartiles = engagement_quartiles(scores);
    let mut answers = [[0u32; 3]; 4];
    if let Some(responses) = responses {
        let keys = text_column(responses, super::nps::CUSTOMER)?;
        let scores = responses
            .column(super::nps::SCORE)?
            .cast(&DataType::Int32)?;
        for (key, score) in keys.iter().zip(scores.i32()?.iter()) {
            let (Some(key), Some(score)) = (non_blank(key), score) else {
                continue;
            };
            let (Some(q), Some(group)) =
                (quartiles.get(key), super::nps::NpsGroup::from_score(score))
            else {
                continue;
            };
            let slot = match group {
                super::nps::NpsGroup::Promoter => 0,
                super::nps::NpsGroup::Passive => 1,
                super::nps::NpsGroup::Detractor => 2,
            };
            answers[usize::from(*q - 1)][slot] += 1;
        }
    }
    let bought: HashMap<&str, u32> = customers
        .iter()
        .map(|c| (c.customer.as_str(), c.orders))
        .collect();
    let mut out: Vec<QuartileFigures> = (1..=4)
        .map(|quartile| QuartileFigures {
            quartile,
            customers: 0,
            nps: None,
            buyers: 0,
            repeat_rate: 0.0,
        })
        .collect();
    let mut repeaters = [0u32; 4];
    for (key, q) in &quartiles {
        let slot = usize::from(*q - 1);
        out[slot].customers += 1;
        if let Some(orders) = bought.get(key.as_str()) {
            out[slot].buyers += 1;
            repeaters[slot] += u32::from(*orders >= 2);
        }
    }
    for (slot, figures) in out.iter_mut().enumerate() {
        let [p, s, d] = answers[slot];
        figures.nps = (p + s + d > 0).then(|| super::nps::NpsSummary::from_counts(p, s, d));
        figures.repeat_rate = ratio(f64::from(repeaters[slot]), figures.buyers);
    }
    out.retain(|f| f.customers > 0);
    Ok(out)
}

fn in_range(date: Option<NaiveDate>, from: Option<NaiveDate>, to: Option<NaiveDate>) -> bool {
    match date {
        Some(date) => from.is_none_or(|f| date >= f) && to.is_none_or(|t| date <= t),
        None => from.is_none() && to.is_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn dates(values: &[Option<&str>]) -> Column {
        let days: Vec<Option<i32>> = values
            .iter()
            .map(|d| d.map(|d| day(d).to_epoch_days()))
            .collect();
        Column::new(DATE.into(), days)
            .cast(&DataType::Date)
            .unwrap()
    }

    #[test]
    fn reviews_count_mean_share_and_trend() {
        let reviews = DataFrame::new_infer_height(vec![
            dates(&[
                Some("2026-01-03"),
                Some("2026-01-20"),
                Some("2026-02-01"),
                None,
                Some("2026-02-02"),
            ]),
            Column::new(RATING.into(), [Some(5), Some(3), Some(4), Some(1), Some(9)]),
            Column::new(
                STORE.into(),
                [
                    Some("Milano"),
                    Some("milano "),
                    Some("Verona"),
                    None,
                    Some("Verona"),
                ],
            ),
            Column::new(
                TEXT.into(),
                [
                    Some("Ottimo caffè"),
                    None,
                    Some("Caffe buono"),
                    Some("No"),
                    Some(" "),
                ],
            ),
        ])
        .unwrap();
        // The 9 is no rating. 5, 3, 4, 1: mean 13/4, two of four with 4-5 stars.
        let all = review_summary(&reviews, Period::Month, None, None).unwrap();
        assert_eq!(all.count, 4);
        assert_eq!(all.mean_rating, 3.25);
        assert_eq!(all.share_4_5, 0.5);
        let periods: Vec<(&str, u32, f64)> = all
            .by_period
            .iter()
            .map(|p| (p.period.as_str(), p.count, p.mean_rating))
            .collect();
        assert_eq!(periods, [("2026-01", 2, 4.0), ("2026-02", 1, 4.0)]);
        // With a range the undated review is out.
        let january = review_summary(
            &reviews,
            Period::Month,
            Some(day("2026-01-01")),
            Some(day("2026-01-31")),
        )
        .unwrap();
        assert_eq!((january.count, january.mean_rating), (2, 4.0));
        // Milano (both spellings): 5 and 3. Verona: 4 (the 9 is no rating).
        let stores: Vec<(&str, u32, f64)> = all
            .by_store
            .iter()
            .map(|s| (s.period.as_str(), s.count, s.mean_rating))
            .collect();
        assert_eq!(stores, [("Milano", 2, 4.0), ("Verona", 1, 4.0)]);
        // Reviews with text, newest first; the undated one last.
        let texts: Vec<String> = reviews_with_text(&reviews, None, None)
            .unwrap()
            .into_iter()
            .map(|r| r.text)
            .collect();
        assert_eq!(texts, ["Caffe buono", "Ottimo caffè", "No"]);
    }

    #[test]
    fn membership_and_redemption_rates() {
        let members = DataFrame::new_infer_height(vec![
            Column::new(CUSTOMER.into(), [Some("a@x.it"), Some("b@x.it"), None]),
            Column::new(POINTS_EARNED.into(), [Some(100.0), Some(300.0), None]),
            Column::new(POINTS_REDEEMED.into(), [Some(50.0), None, Some(50.0)]),
        ])
        .unwrap();
        let buyers = [
            "a@x.it".to_string(),
            "c@x.it".to_string(),
            "d@x.it".to_string(),
        ];
        let summary = loyalty_summary(&members, Some(&buyers)).unwrap();
        // a is the one member among three buyers; 100 of 400 points redeemed.
        assert_eq!(summary.members, 3);
        assert_eq!(summary.membership_rate, Some(1.0 / 3.0));
        assert_eq!(summary.redemption_rate, 0.25);
        assert_eq!(
            loyalty_summary(&members, None).unwrap().membership_rate,
            None
        );
    }

    #[test]
    fn engagement_rate_is_interactions_over_reach_summed() {
        let posts = DataFrame::new_infer_height(vec![
            dates(&[
                Some("2014-12-01"),
                Some("2014-12-01"),
                Some("2014-11-01"),
                None,
            ]),
            Column::new(
                POST_TYPE.into(),
                [Some("Photo"), Some("Status"), Some("photo"), Some("Link")],
            ),
            Column::new(
                REACH.into(),
                [Some(1000.0), Some(3000.0), Some(1000.0), None],
            ),
            Column::new(
                INTERACTIONS.into(),
                [Some(100.0), Some(60.0), Some(40.0), Some(5.0)],
            ),
        ])
        .unwrap();
        let social = social_summary(&posts, Period::Month).unwrap();
        assert_eq!(social.posts, 4);
        assert_eq!(social.interactions, 205.0);
        assert_eq!(social.engagement_rate, 205.0 / 5000.0);
        let periods: Vec<(&str, u32, f64)> = social
            .by_period
            .iter()
            .map(|p| (p.period.as_str(), p.posts, p.engagement_rate))
            .collect();
        assert_eq!(
            periods,
            [("2014-11", 1, 0.04), ("2014-12", 2, 160.0 / 4000.0)]
        );
        let best = best_posts(&posts, 2).unwrap();
        assert_eq!(best.len(), 2);
        assert_eq!(
            (best[0].interactions, best[0].engagement_rate),
            (100.0, 0.1)
        );
        assert_eq!(best[1].post_type.as_deref(), Some("Status"));
        // "Photo" and "photo" are one type; a post without reach has a rate of 0.
        assert_eq!(social.by_type[0].period, "photo");
        assert_eq!(social.by_type[0].posts, 2);
        assert_eq!(social.by_type.last().unwrap().engagement_rate, 0.0);
    }

    #[test]
    fn scores_weigh_decay_and_scale_to_the_top_customer() {
        let events = DataFrame::new_infer_height(vec![
            Column::new(
                CUSTOMER.into(),
                [Some("a"), Some("a"), Some("b"), Some("b"), Some("c"), None],
            ),
            Column::new(
                EVENT.into(),
                [
                    Some("review"),
                    Some("like"),
                    Some("share"),
                    Some("referral"),
                    Some("wave"),
                    Some("like"),
                ],
            ),
            dates(&[
                Some("2026-03-01"),
                Some("2026-03-01"),
                Some("2026-01-30"),
                Some("2026-01-30"),
                Some("2026-03-01"),
                Some("2026-03-01"),
            ]),
        ])
        .unwrap();
        let weights = default_weights();
        let as_of = day("2026-03-01");
        // Without decay: a = 5 + 1 = 6, b = 3 + 10 = 13, c = 0 (an unknown type).
        let scores = engagement_scores(&events, &weights, None, as_of, None, None).unwrap();
        let got: Vec<(&str, f64)> = scores
            .iter()
            .map(|s| (s.customer.as_str(), s.raw))
            .collect();
        assert_eq!(got, [("b", 13.0), ("a", 6.0), ("c", 0.0)]);
        assert_eq!(scores[0].score, 100.0);
        assert!((scores[1].score - 600.0 / 13.0).abs() < 1e-9);
        assert_eq!(scores[1].events["like"], 1);
        // A 30-day half-life: b's events are 30 days old and weigh half, 6.5, still above a's 6.
        let decayed = engagement_scores(&events, &weights, Some(30.0), as_of, None, None).unwrap();
        assert_eq!(decayed[0].customer, "b");
        assert!((decayed[0].raw - 6.5).abs() < 1e-9);
        // With a 10-day half-life b weighs 13 / 8 = 1.625 and a leads.
        let decayed = engagement_scores(&events, &weights, Some(10.0), as_of, None, None).unwrap();
        assert_eq!(decayed[0].customer, "a");
        assert!((decayed[1].raw - 1.625).abs() < 1e-9);
    }

    #[test]
    fn points_weigh_per_point() {
        let events = DataFrame::new_infer_height(vec![
            Column::new(CUSTOMER.into(), [Some("a"), Some("a"), Some("b")]),
            Column::new(
                EVENT.into(),
                [Some("points_earned"), Some("points_redeemed"), Some("like")],
            ),
            dates(&[None, None, None]),
            Column::new(VALUE.into(), [Some(300.0), Some(100.0), None]),
        ])
        .unwrap();
        // a: 300 x 0.01 + 100 x 0.02 = 5; b: one like = 1.
        let scores = engagement_scores(
            &events,
            &default_weights(),
            None,
            day("2026-01-01"),
            None,
            None,
        )
        .unwrap();
        assert!((scores[0].raw - 5.0).abs() < 1e-12);
        assert_eq!(scores[0].events["points_earned"], 300);
        assert_eq!((scores[1].customer.as_str(), scores[1].raw), ("b", 1.0));
    }

    #[test]
    fn quartiles_split_customers_by_rank() {
        let customer = |key: &str, score: f64| CustomerEngagement {
            customer: key.to_string(),
            raw: score,
            score,
            events: BTreeMap::new(),
        };
        let scores: Vec<CustomerEngagement> = (0..8)
            .map(|i| customer(&format!("c{i}"), f64::from(i)))
            .collect();
        let quartiles = engagement_quartiles(&scores);
        assert_eq!(quartiles["c0"], 1);
        assert_eq!(quartiles["c1"], 1);
        assert_eq!(quartiles["c2"], 2);
        assert_eq!(quartiles["c7"], 4);
    }

    fn buyer(key: &str, orders: u32, net_revenue: f64) -> crate::analysis::rfm::CustomerRfm {
        let day = day("2026-01-01");
        crate::analysis::rfm::CustomerRfm {
            customer: key.to_string(),
            first_order: day,
            last_order: day,
            orders,
            gross: net_revenue,
            refunds: 0.0,
            net_revenue,
            days_since_last_order: 1,
            recency_score: 3,
            frequency_score: 3,
            monetary_score: 3,
            segment: crate::analysis::rfm::Segment::NeedsAttention,
        }
    }

    #[test]
    fn members_are_compared_with_other_buyers() {
        let members = DataFrame::new_infer_height(vec![Column::new(
            CUSTOMER.into(),
            [Some("a"), Some("b"), Some("z")],
        )])
        .unwrap();
        let buyers = [
            buyer("a", 3, 90.0),
            buyer("b", 1, 30.0),
            buyer("c", 1, 10.0),
            buyer("d", 2, 50.0),
        ];
        let (members, others) = members_vs_non_members(&members, &buyers).unwrap();
        // Members a, b: 4 orders, 120 revenue, 1 of 2 repeat. Others c, d: 3, 60, 1 of 2.
        assert_eq!(members.customers, 2);
        assert_eq!(members.orders_per_customer, 2.0);
        assert_eq!(members.revenue_per_customer, 60.0);
        assert_eq!(members.repeat_rate, 0.5);
        assert_eq!(
            (
                others.customers,
                others.orders_per_customer,
                others.revenue_per_customer
            ),
            (2, 1.5, 30.0)
        );
    }

    #[test]
    fn nps_and_repeat_rate_per_engagement_quartile() {
        let engaged = |key: &str, score: f64| CustomerEngagement {
            customer: key.to_string(),
            raw: score,
            score,
            events: BTreeMap::new(),
        };
        // Four customers, one per quartile: d least engaged, a most.
        let scores = [
            engaged("a", 100.0),
            engaged("b", 50.0),
            engaged("c", 20.0),
            engaged("d", 5.0),
        ];
        let answers = DataFrame::new_infer_height(vec![
            Column::new(
                super::super::nps::CUSTOMER.into(),
                [Some("a"), Some("a"), Some("d"), None],
            ),
            Column::new(super::super::nps::SCORE.into(), [10, 6, 3, 10]),
        ])
        .unwrap();
        let buyers = [
            buyer("a", 2, 10.0),
            buyer("d", 1, 10.0),
            buyer("x", 5, 10.0),
        ];
        let figures = figures_by_quartile(&scores, Some(&answers), &buyers).unwrap();
        assert_eq!(figures.len(), 4);
        let top = &figures[3];
        assert_eq!((top.quartile, top.customers, top.buyers), (4, 1, 1));
        // a: one promoter, one detractor: NPS 0; and a bought twice.
        assert_eq!(top.nps.unwrap().nps, 0.0);
        assert_eq!(top.repeat_rate, 1.0);
        let bottom = &figures[0];
        assert_eq!(bottom.nps.unwrap().detractors, 1);
        assert_eq!(bottom.repeat_rate, 0.0);
        assert!(figures[1].nps.is_none());
    }
}
