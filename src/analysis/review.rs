//! The review: how often the owner looks back at the goals, which period a review covers, when
//! one is due, and what a saved review keeps (its figures and notes, so the log reads the same
//! after the files change). Pure: "today" is always given, never read from a clock.

use chrono::{Datelike, Duration, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::analysis::goals::{Direction, GoalKpi, Status};

/// How often the owner reviews the goals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    /// Every ISO week (Monday to Sunday).
    Weekly,
    /// Every calendar month: the least a shop should do is quarterly, and monthly keeps a
    /// campaign's effect in view.
    #[default]
    Monthly,
    /// Every calendar quarter.
    Quarterly,
}

impl Cadence {
    /// Every cadence, shortest first.
    pub const ALL: [Cadence; 3] = [Cadence::Weekly, Cadence::Monthly, Cadence::Quarterly];

    /// Its name, in `lang`.
    pub fn name(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            Cadence::Weekly => lang.t("Weekly", "Settimanale"),
            Cadence::Monthly => lang.t("Monthly", "Mensile"),
            Cadence::Quarterly => lang.t("Quarterly", "Trimestrale"),
        }
    }

    /// The period of this cadence that holds `day`.
    pub fn period_of(self, day: NaiveDate) -> ReviewPeriod {
        let start = match self {
            Cadence::Weekly => {
                day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
            }
            Cadence::Monthly => day.with_day(1).unwrap_or(day),
            Cadence::Quarterly => {
                let month = (day.month0() / 3) * 3 + 1;
                NaiveDate::from_ymd_opt(day.year(), month, 1).unwrap_or(day)
            }
        };
        let end = match self {
            Cadence::Weekly => start + Duration::days(6),
            Cadence::Monthly => start + Months::new(1) - Duration::days(1),
            Cadence::Quarterly => start + Months::new(3) - Duration::days(1),
        };
        let label = match self {
            Cadence::Weekly => {
                let week = start.iso_week();
                format!("{}-W{:02}", week.year(), week.week())
            }
            Cadence::Monthly => format!("{}-{:02}", start.year(), start.month()),
            Cadence::Quarterly => format!("{}-Q{}", start.year(), start.month0() / 3 + 1),
        };
        ReviewPeriod {
            cadence: self,
            label,
            start,
            end,
        }
    }

    /// The period a review held on `today` covers: the last one that has ended.
    pub fn under_review(self, today: NaiveDate) -> ReviewPeriod {
        self.period_of(self.period_of(today).start - Duration::days(1))
    }
}

/// One period of a cadence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewPeriod {
    /// The cadence it belongs to.
    pub cadence: Cadence,
    /// `2026-W48`, `2026-11`, `2026-Q3`: as in the summary's `by_period`.
    pub label: String,
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
}

impl ReviewPeriod {
    /// The period before.
    pub fn previous(&self) -> ReviewPeriod {
        self.cadence.period_of(self.start - Duration::days(1))
    }

    /// The same period a year before: the week 52 weeks earlier, the month or quarter twelve
    /// months earlier.
    pub fn year_before(&self) -> ReviewPeriod {
        match self.cadence {
            Cadence::Weekly => self.cadence.period_of(self.start - Duration::weeks(52)),
            _ => self.cadence.period_of(self.start - Months::new(12)),
        }
    }
}

/// Whether a review is due on a day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Due {
    /// The period under review has not been reviewed.
    Due(ReviewPeriod),
    /// It has: the last review's day.
    Done(NaiveDate),
}

/// Whether the period a review on `today` covers is in `log` already.
pub fn due(cadence: Cadence, log: &[ReviewEntry], today: NaiveDate) -> Due {
    let period = cadence.under_review(today);
    // A review of the same days under another cadence counts: a quarterly review in April
    // also covers the months of March when the owner moves to monthly.
    let done = log
        .iter()
        .filter(|entry| entry.period.start <= period.start && entry.period.end >= period.end)
        .map(|entry| entry.reviewed_on)
        .max();
    match done {
        Some(day) => Due::Done(day),
        None => Due::Due(period),
    }
}

/// A figure in a review: the period under review beside the one before and the same one a year
/// before, its goal when it has one, and what moved it most.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewRow {
    /// The figure.
    pub kpi: GoalKpi,
    /// Its store, when the goal is for one.
    #[serde(default)]
    pub store: Option<String>,
    /// Its channel, as `store`.
    #[serde(default)]
    pub channel: Option<String>,
    /// In the period under review.
    pub this: Option<f64>,
    /// In the period before.
    pub previous: Option<f64>,
    /// In the same period a year before.
    pub year_before: Option<f64>,
    /// The goal's target and direction, when the figure has a goal.
    #[serde(default)]
    pub target: Option<(Direction, f64)>,
    /// The goal's period (`2026-Q4`) and status on the review's day.
    #[serde(default)]
    pub status: Option<(String, Status)>,
    /// The stores and channels whose figure changed most from the period before, biggest
    /// change first.
    #[serde(default)]
    pub movers: Vec<Mover>,
}

/// A store's or channel's figure in two periods.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mover {
    /// `store` or `channel`.
    pub column: String,
    /// The store or channel.
    pub value: String,
    /// In the period before.
    pub previous: Option<f64>,
    /// In the period under review.
    pub this: Option<f64>,
}

impl Mover {
    /// How much it moved (0 when one side has no data: nothing to compare).
    pub fn change(&self) -> f64 {
        match (self.previous, self.this) {
            (Some(a), Some(b)) => b - a,
            _ => 0.0,
        }
    }
}

/// The stores and channels that moved most, at most `keep`, biggest absolute change first;
/// those that did not move are left out.
pub fn top_movers(mut movers: Vec<Mover>, keep: usize) -> Vec<Mover> {
    movers.retain(|m| m.change() != 0.0 && m.change().is_finite());
    movers.sort_by(|a, b| {
        b.change()
            .abs()
            .total_cmp(&a.change().abs())
            .then_with(|| a.value.cmp(&b.value))
    });
    movers.truncate(keep);
    movers
}

/// A saved review: its day, the period it covered, the figures as they were and the owner's
/// notes and decisions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewEntry {
    /// The day it was saved.
    pub reviewed_on: NaiveDate,
    /// The period it covered.
    pub period: ReviewPeriod,
    /// The figures.
    pub rows: Vec<ReviewRow>,
    /// What the owner wrote.
    #[serde(default)]
    pub notes: String,
    /// What followed the actions marked done, as it stood when the review was prepared.
    #[serde(default)]
    pub followed: Vec<crate::analysis::actions::Outcome>,
}

/// How often the goals are reviewed, and the reviews saved.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewLog {
    /// How often.
    pub cadence: Cadence,
    /// Oldest first.
    pub log: Vec<ReviewEntry>,
}

/// The figures a review shows when no goal is set: the headline of each page.
pub const HEADLINE: [GoalKpi; 6] = [
    GoalKpi::Nps,
    GoalKpi::Customers,
    GoalKpi::RepeatPurchaseRate,
    GoalKpi::Revenue,
    GoalKpi::LapsedCustomers,
    GoalKpi::MeanRating,
];

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn entry(reviewed_on: NaiveDate, period: ReviewPeriod) -> ReviewEntry {
        ReviewEntry {
            reviewed_on,
            period,
            rows: Vec::new(),
            notes: String::new(),
            followed: Vec::new(),
        }
    }

    #[test]
    fn a_review_covers_the_last_period_that_has_ended() {
        // Monday 7 December 2026.
        let today = day(2026, 12, 7);
        let month = Cadence::Monthly.under_review(today);
        assert_eq!(
            (month.label.as_str(), month.start, month.end),
            ("2026-11", day(2026, 11, 1), day(2026, 11, 30))
        );
        let week = Cadence::Weekly.under_review(today);
        assert_eq!(
            (week.label.as_str(), week.start, week.end),
            ("2026-W49", day(2026, 11, 30), day(2026, 12, 6))
        );
        let quarter = Cadence::Quarterly.under_review(today);
        assert_eq!(
            (quarter.label.as_str(), quarter.start, quarter.end),
            ("2026-Q3", day(2026, 7, 1), day(2026, 9, 30))
        );
        assert_eq!(month.previous().label, "2026-10");
        assert_eq!(month.year_before().label, "2025-11");
        assert_eq!(quarter.previous().label, "2026-Q2");
        assert_eq!(quarter.year_before().label, "2025-Q3");
        // 30 Nov 2026 less 52 weeks is Monday 1 Dec 2025, week 49 of 2025.
        assert_eq!(week.year_before().start, day(2025, 12, 1));
        assert_eq!(week.year_before().label, "2025-W49");
        // January's previous month is December of the year before.
        let january = Cadence::Monthly.period_of(day(2027, 1, 15));
        assert_eq!(january.previous().label, "2026-12");
        assert_eq!(january.previous().end, day(2026, 12, 31));
    }

    #[test]
    fn a_review_is_due_until_its_period_is_in_the_log() {
        let today = day(2026, 12, 7);
        let november = Cadence::Monthly.under_review(today);
        assert_eq!(
            due(Cadence::Monthly, &[], today),
            Due::Due(november.clone())
        );
        // October's review does not cover November.
        let log = vec![entry(day(2026, 11, 3), november.previous())];
        assert_eq!(
            due(Cadence::Monthly, &log, today),
            Due::Due(november.clone())
        );
        let log = vec![entry(day(2026, 12, 2), november.clone())];
        assert_eq!(
            due(Cadence::Monthly, &log, today),
            Due::Done(day(2026, 12, 2))
        );
        // Next month it is due again.
        assert!(matches!(
            due(Cadence::Monthly, &log, day(2027, 1, 1)),
            Due::Due(p) if p.label == "2026-12"
        ));
        // A quarterly review of Q3 covers the quarterly cadence, not November.
        let log = vec![entry(
            day(2026, 10, 5),
            Cadence::Quarterly.period_of(day(2026, 8, 1)),
        )];
        assert_eq!(
            due(Cadence::Quarterly, &log, today),
            Due::Done(day(2026, 10, 5))
        );
        assert!(matches!(due(Cadence::Monthly, &log, today), Due::Due(_)));
    }

    #[test]
    fn movers_are_the_biggest_changes_either_way_and_no_data_is_no_change() {
        let mover = |value: &str, previous: Option<f64>, this: Option<f64>| Mover {
            column: "store".to_string(),
            value: value.to_string(),
            previous,
            this,
        };
        let movers = top_movers(
            vec![
                mover("Brera", Some(40.0), Some(45.0)),
                mover("Verona", Some(30.0), Some(18.0)),
                mover("Online", None, Some(90.0)),
                mover("Padova", Some(20.0), Some(20.0)),
                mover("Torino", Some(10.0), Some(11.0)),
            ],
            2,
        );
        let names: Vec<&str> = movers.iter().map(|m| m.value.as_str()).collect();
        assert_eq!(names, ["Verona", "Brera"]);
    }
}
