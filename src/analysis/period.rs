//! Calendar periods (ISO weeks, months, quarters) that trends are bucketed into.
//!
//! One place decides where a period starts and how it is labelled, so a trend chart, a table
//! and an export can never disagree about which week a Sunday belongs to.

use chrono::{Datelike, Days, NaiveDate};

/// The length of the buckets a trend is computed over. Month is the default (metrics.md).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// ISO 8601 week, Monday to Sunday, labelled with its ISO year (`2026-W07`).
    Week,
    /// Calendar month (`2026-02`).
    #[default]
    Month,
    /// Calendar quarter (`2026-Q1`).
    Quarter,
}

impl Period {
    /// Every period, shortest first, for pickers.
    pub const ALL: [Period; 3] = [Period::Week, Period::Month, Period::Quarter];

    /// The label of the period that contains `date`: `2026-W07`, `2026-02` or `2026-Q1`.
    ///
    /// Weeks carry the ISO week-numbering year, which differs from the calendar year around
    /// New Year: 2024-12-30 is in `2025-W01`.
    pub fn label(self, date: NaiveDate) -> String {
        match self {
            Period::Week => {
                let week = date.iso_week();
                format!("{:04}-W{:02}", week.year(), week.week())
            }
            Period::Month => format!("{:04}-{:02}", date.year(), date.month()),
            Period::Quarter => format!("{:04}-Q{}", date.year(), quarter_of(date)),
        }
    }

    /// The first day of the period that contains `date`: the Monday of its ISO week, the
    /// first of its month or the first of its quarter.
    pub fn start(self, date: NaiveDate) -> NaiveDate {
        match self {
            Period::Week => {
                let back = u64::from(date.weekday().num_days_from_monday());
                // Only fails within a week of chrono's minimum date; the date itself is then
                // the closest representable start.
                date.checked_sub_days(Days::new(back)).unwrap_or(date)
            }
            Period::Month => first_of_month(date.year(), date.month()).unwrap_or(date),
            Period::Quarter => {
                let first_month = (quarter_of(date) - 1) * 3 + 1;
                first_of_month(date.year(), first_month).unwrap_or(date)
            }
        }
    }

    /// The first day of the period after the one that contains `date`.
    ///
    /// Saturates at chrono's maximum date (year 262142), far beyond any real export.
    pub fn next_start(self, date: NaiveDate) -> NaiveDate {
        let start = self.start(date);
        let next = match self {
            Period::Week => start.checked_add_days(Days::new(7)),
            Period::Month => start.checked_add_months(chrono::Months::new(1)),
            Period::Quarter => start.checked_add_months(chrono::Months::new(3)),
        };
        next.unwrap_or(NaiveDate::MAX)
    }

    /// The stable machine name: `week`, `month` or `quarter` (as in settings and JSON).
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Week => "week",
            Period::Month => "month",
            Period::Quarter => "quarter",
        }
    }

    /// Reads a period written in English or Italian (`week`, `weekly`, `settimana`,
    /// `mese`, `mensile`, `trimestre`, ...), ignoring case and surrounding blanks.
    pub fn parse(text: &str) -> Option<Period> {
        match text.trim().to_lowercase().as_str() {
            "week" | "weeks" | "weekly" | "settimana" | "settimane" | "settimanale" => {
                Some(Period::Week)
            }
            "month" | "months" | "monthly" | "mese" | "mesi" | "mensile" => Some(Period::Month),
            "quarter" | "quarters" | "quarterly" | "trimestre" | "trimestri" | "trimestrale" => {
                Some(Period::Quarter)
            }
            _ => None,
        }
    }
}

/// Quarter number 1..=4 of a date.
fn quarter_of(date: NaiveDate) -> u32 {
    (date.month() - 1) / 3 + 1
}

fn first_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn week_labels_use_the_iso_year_around_new_year() {
        // 2026-01-01 is a Thursday, so its week (Mon 2025-12-29 .. Sun 2026-01-04) is W01.
        assert_eq!(Period::Week.label(date(2026, 1, 1)), "2026-W01");
        assert_eq!(Period::Week.label(date(2025, 12, 29)), "2026-W01");
        // 2026 starts on a Thursday, so it has 53 weeks; 2027-01-01 (a Friday) is in W53.
        assert_eq!(Period::Week.label(date(2027, 1, 1)), "2026-W53");
        assert_eq!(Period::Week.label(date(2027, 1, 3)), "2026-W53");
        assert_eq!(Period::Week.label(date(2027, 1, 4)), "2027-W01");
        // 2024-12-30 is a Monday whose week holds 2025-01-02 (Thursday).
        assert_eq!(Period::Week.label(date(2024, 12, 30)), "2025-W01");
        assert_eq!(Period::Week.label(date(2026, 2, 12)), "2026-W07");
    }

    #[test]
    fn month_and_quarter_labels() {
        assert_eq!(Period::Month.label(date(2026, 2, 28)), "2026-02");
        assert_eq!(Period::Quarter.label(date(2026, 3, 31)), "2026-Q1");
        assert_eq!(Period::Quarter.label(date(2026, 4, 1)), "2026-Q2");
        assert_eq!(Period::Quarter.label(date(2026, 12, 31)), "2026-Q4");
    }

    #[test]
    fn starts_are_monday_first_of_month_and_first_of_quarter() {
        // 2026-01-01 is a Thursday: its Monday is in the previous calendar year.
        assert_eq!(Period::Week.start(date(2026, 1, 1)), date(2025, 12, 29));
        assert_eq!(Period::Week.start(date(2026, 1, 4)), date(2025, 12, 29));
        assert_eq!(Period::Week.start(date(2026, 1, 5)), date(2026, 1, 5));
        assert_eq!(Period::Month.start(date(2026, 2, 17)), date(2026, 2, 1));
        assert_eq!(Period::Quarter.start(date(2026, 8, 17)), date(2026, 7, 1));
        assert_eq!(Period::Quarter.start(date(2026, 12, 31)), date(2026, 10, 1));
    }

    #[test]
    fn next_start_crosses_year_boundaries() {
        assert_eq!(
            Period::Week.next_start(date(2026, 12, 31)),
            date(2027, 1, 4)
        );
        assert_eq!(
            Period::Month.next_start(date(2026, 12, 5)),
            date(2027, 1, 1)
        );
        assert_eq!(
            Period::Month.next_start(date(2026, 1, 31)),
            date(2026, 2, 1)
        );
        assert_eq!(
            Period::Quarter.next_start(date(2026, 11, 30)),
            date(2027, 1, 1)
        );
        assert_eq!(
            Period::Quarter.next_start(date(2026, 2, 1)),
            date(2026, 4, 1)
        );
    }

    #[test]
    fn parse_reads_english_and_italian_and_round_trips_as_str() {
        assert_eq!(Period::parse(" Settimana "), Some(Period::Week));
        assert_eq!(Period::parse("MESE"), Some(Period::Month));
        assert_eq!(Period::parse("trimestrale"), Some(Period::Quarter));
        assert_eq!(Period::parse("quarterly"), Some(Period::Quarter));
        assert_eq!(Period::parse("anno"), None);
        assert_eq!(Period::parse(""), None);
        for period in Period::ALL {
            assert_eq!(Period::parse(period.as_str()), Some(period));
        }
        assert_eq!(Period::default(), Period::Month);
    }

    #[test]
    fn serializes_as_the_machine_name() {
        assert_eq!(
            serde_json::to_string(&Period::Quarter).unwrap(),
            "\"quarter\""
        );
        let week: Period = serde_json::from_str("\"week\"").unwrap();
        assert_eq!(week, Period::Week);
    }
}
