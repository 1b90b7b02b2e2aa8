//! Goals: a target for one figure over one period, and the rule that says how it is going —
//! met or missed once the period is over; on track, at risk or off track while it runs, from a
//! forecast for its end; and "cannot tell" when a figure measured on a sample is closer to
//! its target than its own margin of error. The rules are in docs/metrics.md ("Goals").
//!
//! Pure: the caller measures the figure in the goal's period and says which day it is.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The figures a goal can be set on, named as in `fidelio summary`'s JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalKpi {
    /// Net Promoter Score.
    Nps,
    /// Share of answers from promoters (0-1).
    PromoterShare,
    /// Share of answers from detractors (0-1).
    DetractorShare,
    /// Survey answers.
    Responses,
    /// Customers who ordered.
    Customers,
    /// Customers whose first order ever fell in the period.
    NewCustomers,
    /// Customers who had ordered before the period.
    ReturningCustomers,
    /// Orders.
    Orders,
    /// Net revenue.
    Revenue,
    /// Gross order value / orders.
    AverageOrderValue,
    /// Orders per customer.
    PurchaseFrequency,
    /// Customers with two or more orders / customers (0-1).
    RepeatPurchaseRate,
    /// Share of new customers who ordered again one period (the scope's: a month by default)
    /// after the one of their first order, over the cohorts that reached it (0-1).
    #[serde(rename = "retention_1")]
    Retention1,
    /// The same three periods after (0-1).
    #[serde(rename = "retention_3")]
    Retention3,
    /// Median days between consecutive orders of repeat customers.
    MedianDaysBetweenOrders,
    /// Customers past the lapse window at the period's end.
    LapsedCustomers,
    /// Mean review stars.
    MeanRating,
    /// Share of reviews with 4 or 5 stars (0-1).
    #[serde(rename = "share_4_5")]
    Share45,
    /// Buying customers who are loyalty-card members (0-1).
    MembershipRate,
    /// Points redeemed / points earned (0-1).
    RedemptionRate,
    /// Social interactions / reach (0-1).
    EngagementRate,
    /// The expected value over the next 12 months of detractors to call back and customers
    /// slipping away, at the period's end (docs/metrics.md, "Actions").
    RevenueAtRisk,
}

impl GoalKpi {
    /// Every figure a goal can be set on.
    pub const ALL: [GoalKpi; 22] = [
        GoalKpi::Nps,
        GoalKpi::PromoterShare,
        GoalKpi::DetractorShare,
        GoalKpi::Responses,
        GoalKpi::Customers,
        GoalKpi::NewCustomers,
        GoalKpi::ReturningCustomers,
        GoalKpi::Orders,
        GoalKpi::Revenue,
        GoalKpi::AverageOrderValue,
        GoalKpi::PurchaseFrequency,
        GoalKpi::RepeatPurchaseRate,
        GoalKpi::Retention1,
        GoalKpi::Retention3,
        GoalKpi::MedianDaysBetweenOrders,
        GoalKpi::LapsedCustomers,
        GoalKpi::MeanRating,
        GoalKpi::Share45,
        GoalKpi::MembershipRate,
        GoalKpi::RedemptionRate,
        GoalKpi::EngagementRate,
        GoalKpi::RevenueAtRisk,
    ];

    /// Its name in the summary's JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            GoalKpi::Nps => "nps",
            GoalKpi::PromoterShare => "promoter_share",
            GoalKpi::DetractorShare => "detractor_share",
            GoalKpi::Responses => "responses",
            GoalKpi::Customers => "customers",
            GoalKpi::NewCustomers => "new_customers",
            GoalKpi::ReturningCustomers => "returning_customers",
            GoalKpi::Orders => "orders",
            GoalKpi::Revenue => "revenue",
            GoalKpi::AverageOrderValue => "average_order_value",
            GoalKpi::PurchaseFrequency => "purchase_frequency",
            GoalKpi::RepeatPurchaseRate => "repeat_purchase_rate",
            GoalKpi::Retention1 => "retention_1",
            GoalKpi::Retention3 => "retention_3",
            GoalKpi::MedianDaysBetweenOrders => "median_days_between_orders",
            GoalKpi::LapsedCustomers => "lapsed_customers",
            GoalKpi::MeanRating => "mean_rating",
            GoalKpi::Share45 => "share_4_5",
            GoalKpi::MembershipRate => "membership_rate",
            GoalKpi::RedemptionRate => "redemption_rate",
            GoalKpi::EngagementRate => "engagement_rate",
            GoalKpi::RevenueAtRisk => "revenue_at_risk",
        }
    }

    /// The figure named `name` (as [`GoalKpi::as_str`] writes it).
    pub fn parse(name: &str) -> Option<GoalKpi> {
        let name = name.trim().to_lowercase();
        GoalKpi::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// True for figures where less is better news: detractors, lapsed customers, days
    /// between orders.
    pub fn lower_is_better(self) -> bool {
        matches!(
            self,
            GoalKpi::DetractorShare
                | GoalKpi::LapsedCustomers
                | GoalKpi::MedianDaysBetweenOrders
                | GoalKpi::RevenueAtRisk
        )
    }

    /// True for figures shown as percentages (and typed as such): stored as fractions.
    pub fn is_share(self) -> bool {
        matches!(
            self,
            GoalKpi::PromoterShare
                | GoalKpi::DetractorShare
                | GoalKpi::RepeatPurchaseRate
                | GoalKpi::Retention1
                | GoalKpi::Retention3
                | GoalKpi::Share45
                | GoalKpi::MembershipRate
                | GoalKpi::RedemptionRate
                | GoalKpi::EngagementRate
        )
    }

    /// How a period's value grows: counts and sums add up day by day, so the end of a period
    /// in progress is forecast at the pace so far; rates, averages and states are forecast
    /// as they stand.
    pub fn accumulates(self) -> bool {
        matches!(
            self,
            GoalKpi::Responses
                | GoalKpi::Customers
                | GoalKpi::NewCustomers
                | GoalKpi::ReturningCustomers
                | GoalKpi::Orders
                | GoalKpi::Revenue
        )
    }
}

/// Which side of the target is good.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The figure should reach the target or pass it.
    AtLeast,
    /// The figure should stay at the target or under it.
    AtMost,
}

impl Direction {
    fn meets(self, value: f64, target: f64) -> bool {
        match self {
            Direction::AtLeast => value >= target,
            Direction::AtMost => value <= target,
        }
    }
}

/// The days a goal covers: a calendar month, quarter, half-year or year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalPeriod {
    /// As written: `2026-12`, `2026-Q4`, `2026-H2`, `2026`.
    pub label: String,
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
}

impl GoalPeriod {
    /// The period `label` names: `2026-12` (a month), `2026-Q4`, `2026-H2`, `2026`, or two
    /// days, `2026-12-07..2027-03-31` (also `07/12/2026..31/03/2027`), for a goal with an end
    /// date.
    pub fn parse(label: &str) -> Option<GoalPeriod> {
        let label = label.trim().to_uppercase();
        if let Some((first, last)) = label.split_once("..") {
            return GoalPeriod::between(day(first)?, day(last)?);
        }
        let (year, part) = match label.split_once('-') {
            Some((year, part)) => (year.parse::<i32>().ok()?, Some(part)),
            None => (label.parse::<i32>().ok()?, None),
        };
        if !(1900..=2200).contains(&year) {
            return None;
        }
        let (first_month, months) = match part {
            None => (1, 12),
            Some(part) if part.starts_with('Q') => {
                let q: u32 = part[1..].parse().ok().filter(|q| (1..=4).contains(q))?;
                (3 * q - 2, 3)
            }
            Some(part) if part.starts_with('H') => {
                let h: u32 = part[1..].parse().ok().filter(|h| (1..=2).contains(h))?;
                (6 * h - 5, 6)
            }
            Some(part) => (part.parse().ok().filter(|m| (1..=12).contains(m))?, 1),
        };
        let start = NaiveDate::from_ymd_opt(year, first_month, 1)?;
        let after = start.checked_add_months(chrono::Months::new(months))?;
        Some(GoalPeriod {
            label: label.to_string(),
            start,
            end: after.pred_opt()?,
        })
    }

    /// From `start` to `end` (inclusive), labelled `2026-12-07..2027-03-31`; `None` when the
    /// end comes first.
    pub fn between(start: NaiveDate, end: NaiveDate) -> Option<GoalPeriod> {
        (start <= end).then(|| GoalPeriod {
            label: format!("{}..{}", start.format("%Y-%m-%d"), end.format("%Y-%m-%d")),
            start,
            end,
        })
    }

    /// Its length in days.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }
}

/// A day as `2026-12-07` or `07/12/2026`.
fn day(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .ok()
}

/// The figure's value when the goal was set, to show how far it has come.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    /// The figure's value then.
    pub value: f64,
    /// The day it was set.
    pub date: NaiveDate,
}

/// A target for one figure, optionally of one store or channel, over one period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    /// Which figure.
    pub kpi: GoalKpi,
    /// Only this store's figure.
    #[serde(default)]
    pub store: Option<String>,
    /// Only this channel's figure.
    #[serde(default)]
    pub channel: Option<String>,
    /// The target, in the figure's unit (a rate as a fraction: 0.45 for 45 %).
    pub target: f64,
    /// Which side of the target is good.
    pub direction: Direction,
    /// The period it is for.
    pub period: GoalPeriod,
    /// The figure when the goal was set.
    #[serde(default)]
    pub baseline: Option<Baseline>,
}

impl Goal {
    /// A goal as scripts write it: `nps>=40@2026-Q4`, `repeat_purchase_rate>=0.45@2026-12`,
    /// `detractor_share<=0.2@2026`.
    pub fn parse(text: &str) -> Result<Goal, String> {
        let wrong = |why: &str| {
            format!(
                "'{text}' is not a goal ({why}): write the figure, >= or <=, the target, @ and the period, e.g. \"nps>=40@2026-Q4\""
            )
        };
        let (rule, period) = text.rsplit_once('@').ok_or_else(|| wrong("no @period"))?;
        let (kpi, direction, target) = if let Some((kpi, target)) = rule.split_once(">=") {
            (kpi, Direction::AtLeast, target)
        } else if let Some((kpi, target)) = rule.split_once("<=") {
            (kpi, Direction::AtMost, target)
        } else {
            return Err(wrong("no >= or <="));
        };
        let kpi = GoalKpi::parse(kpi).ok_or_else(|| {
            let names: Vec<&str> = GoalKpi::ALL.iter().map(|k| k.as_str()).collect();
            format!(
                "'{}' is not a figure a goal can be set on: {}",
                kpi.trim(),
                names.join(", ")
            )
        })?;
        let target: f64 = target
            .trim()
            .parse()
            .ok()
            .filter(|t: &f64| t.is_finite())
            .ok_or_else(|| wrong("the target is not a number"))?;
        let period = GoalPeriod::parse(period).ok_or_else(|| {
            wrong("the period is not 2026-12, 2026-Q4, 2026-H2, 2026 or 2026-12-07..2027-03-31")
        })?;
        Ok(Goal {
            kpi,
            store: None,
            channel: None,
            target,
            direction,
            period,
            baseline: None,
        })
    }
}

/// How a goal is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The period is over and the figure reached the target.
    Met,
    /// The period is over and it did not.
    Missed,
    /// In progress, and the forecast reaches the target.
    OnTrack,
    /// In progress, the forecast falls short by at most a tenth of the target.
    AtRisk,
    /// In progress, the forecast falls short by more.
    OffTrack,
    /// In progress, and the figure's 95 % margin of error covers the target: it could go
    /// either way.
    CannotTell,
    /// The period has not begun.
    NotStarted,
    /// No data for the figure in the period (no answers, no orders).
    NoData,
}

/// A share of the target a forecast may fall short by and still be "at risk", not "off track".
pub const AT_RISK_GAP: f64 = 0.10;

/// The figure measured in the goal's period, so far.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measured {
    /// Its value.
    pub value: f64,
    /// Its 95 % margin of error, for a figure measured on a sample (NPS, shares of answers,
    /// the repeat rate of few customers).
    pub margin: Option<f64>,
}

/// The 95 % margin of error of a share `p` of `n` (normal approximation).
pub fn share_margin(p: f64, n: u32) -> Option<f64> {
    (n > 0).then(|| 1.96 * (p * (1.0 - p) / f64::from(n)).sqrt())
}

/// A goal's status on `today` (the first day not yet counted): what the figure was or is,
/// its forecast for the period's end, and the status.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Judged {
    /// The figure so far, when there is data.
    pub actual: Option<f64>,
    /// Its forecast for the period's end (the actual value once it is over).
    pub forecast: Option<f64>,
    /// Its margin of error, for a sample-based figure.
    pub margin_of_error: Option<f64>,
    /// The share of the period's days gone by, from 0 to 1.
    pub elapsed: f64,
    /// How it is doing.
    pub status: Status,
}

/// Judges `goal` given its figure `measured` from the period's start to the day before
/// `today`.
pub fn judge(goal: &Goal, measured: Option<Measured>, today: NaiveDate) -> Judged {
    let period = &goal.period;
    let gone = (today - period.start).num_days().clamp(0, period.days());
    let elapsed = gone as f64 / period.days() as f64;
    let judged = |actual, forecast, margin, status| Judged {
        actual,
        forecast,
        margin_of_error: margin,
        elapsed,
        status,
    };
    if gone == 0 {
        return judged(None, None, None, Status::NotStarted);
    }
    let Some(Measured { value, margin }) = measured else {
        return judged(None, None, None, Status::NoData);
    };
    let (target, direction) = (goal.target, goal.direction);
    if today > period.end {
        let status = if direction.meets(value, target) {
            Status::Met
        } else {
            Status::Missed
        };
        return judged(Some(value), Some(value), margin, status);
    }
    let forecast = if goal.kpi.accumulates() {
        value / elapsed
    } else {
        value
    };
    let status = if margin.is_some_and(|m| (forecast - target).abs() <= m) {
        Status::CannotTell
    } else if direction.meets(forecast, target) {
        Status::OnTrack
    } else if (forecast - target).abs() <= AT_RISK_GAP * target.abs() {
        Status::AtRisk
    } else {
        Status::OffTrack
    };
    judged(Some(value), Some(forecast), margin, status)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn goal(text: &str) -> Goal {
        Goal::parse(text).unwrap()
    }

    #[test]
    fn periods_are_months_quarters_halves_and_years() {
        let p = GoalPeriod::parse("2026-Q4").unwrap();
        assert_eq!(
            (p.start, p.end, p.days()),
            (day(2026, 10, 1), day(2026, 12, 31), 92)
        );
        let p = GoalPeriod::parse("2026-02").unwrap();
        assert_eq!((p.start, p.end), (day(2026, 2, 1), day(2026, 2, 28)));
        let p = GoalPeriod::parse("2026-h1").unwrap();
        assert_eq!((p.start, p.end), (day(2026, 1, 1), day(2026, 6, 30)));
        let p = GoalPeriod::parse("2026").unwrap();
        assert_eq!(
            (p.start, p.end, p.days()),
            (day(2026, 1, 1), day(2026, 12, 31), 365)
        );
        // An end date: 7 December to 31 March is 25 + 31 + 28 + 31 days.
        let p = GoalPeriod::parse("07/12/2026..2027-03-31").unwrap();
        assert_eq!(
            (p.start, p.end, p.days(), p.label.as_str()),
            (
                day(2026, 12, 7),
                day(2027, 3, 31),
                115,
                "2026-12-07..2027-03-31"
            )
        );
        for bad in [
            "2026-Q5",
            "2026-13",
            "26",
            "2026-H3",
            "x",
            "2026-Qx",
            "2027-03-31..2026-12-07",
            "2026-12-07..",
        ] {
            assert_eq!(GoalPeriod::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn goals_parse_as_scripts_write_them() {
        let g = goal("repeat_purchase_rate>=0.45@2026-12");
        assert_eq!(g.kpi, GoalKpi::RepeatPurchaseRate);
        assert_eq!((g.direction, g.target), (Direction::AtLeast, 0.45));
        let g = goal(" detractor_share <= 0.2 @2026");
        assert_eq!(
            (g.kpi, g.direction, g.target),
            (GoalKpi::DetractorShare, Direction::AtMost, 0.2)
        );
        assert!(
            Goal::parse("nps=40@2026")
                .unwrap_err()
                .contains("e.g. \"nps>=40@2026-Q4\"")
        );
        assert!(
            Goal::parse("loyalty>=1@2026")
                .unwrap_err()
                .contains("repeat_purchase_rate")
        );
        assert!(Goal::parse("nps>=inf@2026").is_err());
        assert!(Goal::parse("nps>=40").is_err());
    }

    // Each case worked by hand. 2026-Q4 has 92 days; on 2026-11-16, 46 days (half) are gone.

    #[test]
    fn a_count_in_progress_is_forecast_at_its_pace() {
        let g = goal("orders>=1000@2026-Q4");
        let mid = day(2026, 11, 16);
        // 520 orders in half the quarter: 1,040 at this pace, on track.
        let j = judge(
            &g,
            Some(Measured {
                value: 520.0,
                margin: None,
            }),
            mid,
        );
        assert_eq!(
            (j.elapsed, j.forecast, j.status),
            (0.5, Some(1040.0), Status::OnTrack)
        );
        // 460: 920, short by 8 % of the target, at risk.
        let j = judge(
            &g,
            Some(Measured {
                value: 460.0,
                margin: None,
            }),
            mid,
        );
        assert_eq!((j.forecast, j.status), (Some(920.0), Status::AtRisk));
        // 400: 800, short by 20 %, off track.
        let j = judge(
            &g,
            Some(Measured {
                value: 400.0,
                margin: None,
            }),
            mid,
        );
        assert_eq!(j.status, Status::OffTrack);
    }

    #[test]
    fn an_at_most_goal_is_good_below_its_target() {
        let g = goal("detractor_share<=0.20@2026-Q4");
        let mid = day(2026, 11, 16);
        // A share is forecast as it stands: 0.12 with a margin of 0.05 is under 0.20 clearly.
        let j = judge(
            &g,
            Some(Measured {
                value: 0.12,
                margin: Some(0.05),
            }),
            mid,
        );
        assert_eq!((j.forecast, j.status), (Some(0.12), Status::OnTrack));
        // 0.21 ± 0.005: above the target by 0.01, more than the margin, within a tenth: at risk.
        let j = judge(
            &g,
            Some(Measured {
                value: 0.21,
                margin: Some(0.005),
            }),
            mid,
        );
        assert_eq!(j.status, Status::AtRisk);
        // 0.30: off track.
        let j = judge(
            &g,
            Some(Measured {
                value: 0.30,
                margin: Some(0.02),
            }),
            mid,
        );
        assert_eq!(j.status, Status::OffTrack);
    }

    #[test]
    fn an_nps_within_its_margin_of_the_target_cannot_tell() {
        let g = goal("nps>=40@2026-Q4");
        let mid = day(2026, 11, 16);
        // +36 ± 6.3: the target 40 is inside 29.7-42.3, so it could go either way.
        let j = judge(
            &g,
            Some(Measured {
                value: 36.0,
                margin: Some(6.3),
            }),
            mid,
        );
        assert_eq!(j.status, Status::CannotTell);
        // +48 ± 6.3: clear of it, on track.
        let j = judge(
            &g,
            Some(Measured {
                value: 48.0,
                margin: Some(6.3),
            }),
            mid,
        );
        assert_eq!(j.status, Status::OnTrack);
        // +20 ± 6.3: 20 below, half the target: off track.
        let j = judge(
            &g,
            Some(Measured {
                value: 20.0,
                margin: Some(6.3),
            }),
            mid,
        );
        assert_eq!(j.status, Status::OffTrack);
    }

    #[test]
    fn an_ended_period_is_met_or_missed_on_its_value() {
        let g = goal("revenue>=50000@2026-Q3");
        let after = day(2026, 10, 1);
        let j = judge(
            &g,
            Some(Measured {
                value: 50000.0,
                margin: None,
            }),
            after,
        );
        assert_eq!(
            (j.elapsed, j.forecast, j.status),
            (1.0, Some(50000.0), Status::Met)
        );
        let j = judge(
            &g,
            Some(Measured {
                value: 49999.99,
                margin: None,
            }),
            after,
        );
        assert_eq!(j.status, Status::Missed);
        // A sum is not forecast at a pace once the period is over.
        let g = goal("nps>=40@2026-Q3");
        let j = judge(
            &g,
            Some(Measured {
                value: 39.0,
                margin: Some(8.0),
            }),
            day(2027, 1, 5),
        );
        assert_eq!(j.status, Status::Missed);
    }

    #[test]
    fn a_period_not_begun_or_without_data_says_so() {
        let g = goal("orders>=10@2027-01");
        let j = judge(
            &g,
            Some(Measured {
                value: 5.0,
                margin: None,
            }),
            day(2026, 12, 31),
        );
        assert_eq!((j.status, j.actual), (Status::NotStarted, None));
        let j = judge(&g, None, day(2027, 1, 10));
        assert_eq!(j.status, Status::NoData);
    }

    #[test]
    fn the_share_margin_is_the_normal_approximation() {
        // 0.5 of 100: 1.96 × √(0.25 / 100) = 0.098.
        assert!((share_margin(0.5, 100).unwrap() - 0.098).abs() < 1e-12);
        assert_eq!(share_margin(0.5, 0), None);
    }
}
