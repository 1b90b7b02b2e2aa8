//! Figures over other periods than the scope's: a review's period beside the one before and the
//! same one a year before, the stores and channels that moved most, and a goal's suggested
//! target from the shop's own history. Each period is computed through [`compute`] like the
//! window's figures, so a review's NPS is the NPS page's NPS for those days.

use chrono::{Months, NaiveDate};
use polars::prelude::PolarsResult;

use crate::analysis::goals::{Direction, GoalKpi, GoalPeriod};
use crate::analysis::review::{self, Mover, ReviewPeriod, ReviewRow, top_movers};
use crate::figures::{Figures, Scope, compute, measure, period_scope};
use crate::workspace::Workspace;

/// Stores or channels looked at for what moved most: a shop with more is one whose biggest
/// ones matter, and each costs two computations.
const MOVER_CANDIDATES: usize = 12;
/// Movers kept per figure.
const MOVERS_SHOWN: usize = 3;

/// Figures of one span of days, computed once however many rows ask for them.
struct Periods<'w> {
    workspace: &'w Workspace,
    base: Scope,
    computed: Vec<(Scope, Figures)>,
    /// The first and last day of the data: a span that starts before the first or after the
    /// last is not one the shop has figures for (a count would read 0).
    data_span: Option<(NaiveDate, NaiveDate)>,
}

impl<'w> Periods<'w> {
    /// The periods of `figures`' scope, whose data span (of all the data, before any filter)
    /// they carry.
    fn new(workspace: &'w Workspace, figures: &Figures) -> Periods<'w> {
        let scope = &figures.scope;
        let spans: Vec<(NaiveDate, NaiveDate)> = [
            figures.loyalty.as_ref().map(|l| l.date_span),
            figures.nps.as_ref().and_then(|n| n.date_span),
        ]
        .into_iter()
        .flatten()
        .collect();
        let data_span = spans
            .iter()
            .map(|s| s.0)
            .min()
            .zip(spans.iter().map(|s| s.1).max());
        Periods {
            workspace,
            base: Scope {
                goals: Vec::new(),
                store: None,
                channel: None,
                horizon_weeks: 0,
                min_baskets: Some(0),
                ..scope.clone()
            },
            computed: Vec::new(),
            data_span,
        }
    }

    /// `kpi` from `start` to `end`, of one store or channel (or all).
    fn measure(
        &mut self,
        kpi: GoalKpi,
        (start, end): (NaiveDate, NaiveDate),
        store: &Option<String>,
        channel: &Option<String>,
    ) -> PolarsResult<Option<f64>> {
        let Some(after) = end.succ_opt() else {
            return Ok(None);
        };
        if self
            .data_span
            .is_none_or(|(first, last)| start < first || start > last)
        {
            return Ok(None);
        }
        let scope = period_scope(&self.base, kpi, (start, end), after, (store, channel));
        let at = match self.computed.iter().position(|(s, _)| *s == scope) {
            Some(at) => at,
            None => {
                let figures = compute(self.workspace, &scope)?;
                self.computed.push((scope, figures));
                self.computed.len() - 1
            }
        };
        Ok(measure(kpi, &self.computed[at].1).map(|m| m.value))
    }
}

/// The rows of a review of `period`: each goal's figure (each figure once per store and
/// channel), or the headline figures when there is no goal, with the goal's status from
/// `figures` (judged on their goals day).
pub fn review_rows(
    workspace: &Workspace,
    figures: &Figures,
    period: &ReviewPeriod,
) -> PolarsResult<Vec<ReviewRow>> {
    let mut keys: Vec<FigureKey> = Vec::new();
    for report in &figures.goals {
        let goal = &report.goal;
        let key = (goal.kpi, goal.store.clone(), goal.channel.clone());
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    if keys.is_empty() {
        keys = review::HEADLINE.iter().map(|k| (*k, None, None)).collect();
    }
    period_rows(workspace, figures, period, &keys)
}

/// A figure of the whole shop or of one store or channel.
pub type FigureKey = (GoalKpi, Option<String>, Option<String>);

/// Each of `keys` in `period`, the period before and the same period a year before, with the
/// stores and channels that moved it most and its goal's status (when it has a goal).
pub fn period_rows(
    workspace: &Workspace,
    figures: &Figures,
    period: &ReviewPeriod,
    keys: &[FigureKey],
) -> PolarsResult<Vec<ReviewRow>> {
    let mut periods = Periods::new(workspace, figures);
    let this = (period.start, period.end);
    let previous = period.previous();
    let previous = (previous.start, previous.end);
    let year_before = period.year_before();
    let year_before = (year_before.start, year_before.end);
    let stores: Vec<String> = figures
        .stores()
        .into_iter()
        .take(MOVER_CANDIDATES)
        .collect();
    let channels: Vec<String> = figures
        .channels()
        .into_iter()
        .take(MOVER_CANDIDATES)
        .collect();
    let mut rows = Vec::with_capacity(keys.len());
    for (kpi, store, channel) in keys.iter().cloned() {
        let value_this = periods.measure(kpi, this, &store, &channel)?;
        let value_previous = periods.measure(kpi, previous, &store, &channel)?;
        let value_year = periods.measure(kpi, year_before, &store, &channel)?;
        // A figure with no data in either period has nothing to show: leave it out.
        if value_this.is_none() && value_previous.is_none() && value_year.is_none() {
            continue;
        }
        let mut movers = Vec::new();
        if store.is_none() && channel.is_none() {
            for (column, names) in [("store", &stores), ("channel", &channels)] {
                if names.len() < 2 {
                    continue;
                }
                for name in names {
                    let (s, c) = match column {
                        "store" => (Some(name.clone()), None),
                        _ => (None, Some(name.clone())),
                    };
                    movers.push(Mover {
                        column: column.to_string(),
                        value: name.clone(),
                        previous: periods.measure(kpi, previous, &s, &c)?,
                        this: periods.measure(kpi, this, &s, &c)?,
                    });
                }
            }
        }
        let goal = figures
            .goals
            .iter()
            .find(|r| r.goal.kpi == kpi && r.goal.store == store && r.goal.channel == channel);
        rows.push(ReviewRow {
            kpi,
            store,
            channel,
            this: value_this,
            previous: value_previous,
            year_before: value_year,
            target: goal.map(|r| (r.goal.direction, r.goal.target)),
            status: goal.map(|r| (r.goal.period.label.clone(), r.judged.status)),
            movers: top_movers(movers, MOVERS_SHOWN),
        });
    }
    Ok(rows)
}

/// A target suggested from the shop's own history.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    /// The suggested target.
    pub target: f64,
    /// The figure in the last complete period as long as the goal's.
    pub last: f64,
    /// That period's first and last day.
    pub last_period: (NaiveDate, NaiveDate),
    /// The best change from one such period to the next in the year before it (0 when none
    /// went the good way).
    pub best_change: f64,
}

/// `period` moved back `k` times its own length: by calendar months when it is whole months,
/// else by days.
fn shifted(period: &GoalPeriod, k: u32) -> Option<(NaiveDate, NaiveDate)> {
    let months = whole_months(period);
    match months {
        Some(m) => {
            let start = period.start.checked_sub_months(Months::new(m * k))?;
            let end = start.checked_add_months(Months::new(m))?.pred_opt()?;
            Some((start, end))
        }
        None => {
            let days = chrono::Duration::days(period.days() * i64::from(k));
            Some((period.start - days, period.end - days))
        }
    }
}

/// How many months `period` spans when it starts on a 1st and ends on a month's last day.
fn whole_months(period: &GoalPeriod) -> Option<u32> {
    use chrono::Datelike;
    let after = period.end.succ_opt()?;
    if period.start.day() != 1 || after.day() != 1 {
        return None;
    }
    let months = (after.year() - period.start.year()) * 12 + after.month() as i32
        - period.start.month() as i32;
    u32::try_from(months).ok().filter(|m| *m > 0)
}

/// A target for `kpi` over `period`: its value in the last complete period as long (ended
/// before `today`) plus the best change between consecutive such periods in the year before,
/// in the goal's direction, of the store and channel of `figures`' scope. `None` when the shop
/// has no data for the figure then.
pub fn suggest_target(
    workspace: &Workspace,
    figures: &Figures,
    kpi: GoalKpi,
    direction: Direction,
    period: &GoalPeriod,
    today: NaiveDate,
) -> PolarsResult<Option<Suggestion>> {
    let (store, channel) = (&figures.scope.store, &figures.scope.channel);
    let mut periods = Periods::new(workspace, figures);
    // The last period of the goal's length that has ended before today.
    let mut k = 1;
    let last = loop {
        let Some(span) = shifted(period, k) else {
            return Ok(None);
        };
        if span.1 < today {
            break span;
        }
        k += 1;
        if k > 60 {
            return Ok(None);
        }
    };
    let Some(last_value) = periods.measure(kpi, last, store, channel)? else {
        return Ok(None);
    };
    // Consecutive periods back to a year before the last one: 12 months, 4 quarters, 2
    // half-years, 1 year; a period of days, as many as fit in 365.
    let steps = match whole_months(period) {
        Some(months) => (12 / months).max(1),
        None => (365 / period.days().max(1)).clamp(1, 12) as u32,
    };
    let mut values = vec![Some(last_value)];
    for back in 1..=steps {
        let span = shifted(period, k + back);
        values.push(match span {
            Some(span) => periods.measure(kpi, span, store, channel)?,
            None => None,
        });
    }
    let best_change = values
        .windows(2)
        .filter_map(|pair| match (pair[0], pair[1]) {
            // Newest first: pair[0] followed pair[1].
            (Some(after), Some(before)) => Some(after - before),
            _ => None,
        })
        .map(|change| match direction {
            Direction::AtLeast => change,
            Direction::AtMost => -change,
        })
        .fold(0.0_f64, f64::max);
    let target = match direction {
        Direction::AtLeast => last_value + best_change,
        Direction::AtMost => last_value - best_change,
    };
    // A share cannot go past 0 or 1; a count not below 0.
    let target = if kpi.is_share() {
        target.clamp(0.0, 1.0)
    } else if kpi == GoalKpi::Nps {
        target.clamp(-100.0, 100.0)
    } else {
        target.max(0.0)
    };
    Ok(Some(Suggestion {
        target,
        last: last_value,
        last_period: last,
        best_change,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn calendar_periods_move_back_by_months_and_others_by_days() {
        let q4 = GoalPeriod::parse("2026-Q4").unwrap();
        assert_eq!(shifted(&q4, 1), Some((day(2026, 7, 1), day(2026, 9, 30))));
        assert_eq!(shifted(&q4, 4), Some((day(2025, 10, 1), day(2025, 12, 31))));
        let february = GoalPeriod::parse("2026-02").unwrap();
        assert_eq!(
            shifted(&february, 1),
            Some((day(2026, 1, 1), day(2026, 1, 31)))
        );
        let custom = GoalPeriod::parse("2026-12-07..2026-12-20").unwrap();
        assert_eq!(
            shifted(&custom, 1),
            Some((day(2026, 11, 23), day(2026, 12, 6)))
        );
    }
}
