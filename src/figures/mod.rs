//! One scope, one set of figures: the only place the analyses are chained (survey answers →
//! NPS → Loyalty → Engagement). The window, `fidelio summary`, `fidelio report` and the
//! window's Export report all compute through [`compute`], so what one shows the others show.

pub mod actions;
pub mod predictions;
pub mod review;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use polars::prelude::{DataFrame, PolarsResult};
use serde::{Deserialize, Serialize};

use crate::analysis::engagement;
use crate::analysis::goals::{Goal, GoalKpi, Judged, Measured, judge, share_margin};
use crate::analysis::merge::{Merge, apply_merges};
use crate::analysis::period::Period;
use crate::workspace::{
    DEFAULT_TENURE_STARTS, EngagementFilter, EngagementView, LoyaltyFilter, LoyaltyView, NpsFilter,
    NpsView, Workspace, engagement_view, loyalty_view, nps_view,
};

/// Everything that selects figures. Serialisable, so the CLI, the window and a saved
/// workspace speak of the same thing; `summary.json` carries the scope it was computed in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Scope {
    /// First day counted.
    pub from: Option<NaiveDate>,
    /// Last day counted.
    pub to: Option<NaiveDate>,
    /// The day the figures are "as of": recency, lapse, tenure and the score's decay count
    /// to it, and nothing on or after it is counted. `None`: the day after the range, or after
    /// the data, whichever is first.
    pub as_of: Option<NaiveDate>,
    /// Trend and cohort period.
    pub period: Period,
    /// Only this store (ignoring case): orders, and answers that name a store.
    pub store: Option<String>,
    /// Only this channel, as `store`.
    pub channel: Option<String>,
    /// Lapse window in days; `None`: metrics.md's default for the data.
    pub lapse_window: Option<u32>,
    /// Where tenure buckets start, in months.
    pub tenure_starts: Vec<u32>,
    /// Engagement score weight per event type.
    pub weights: BTreeMap<String, f64>,
    /// Half-life of the score's time decay in days; `None`: no decay.
    pub half_life_days: Option<f64>,
    /// The shop's currency (an ISO code) for amounts whose files do not say theirs.
    pub currency: Option<String>,
    /// Values of a category the owner merged (`In store` counts as `negozio`).
    pub merges: Vec<Merge>,
    /// Targets the owner set, each judged in its own period (`evaluate_goals`).
    pub goals: Vec<Goal>,
    /// Weeks the customers' purchases and value are predicted over; 0: not predicted (the
    /// figures of a goal's or a review's period need no predictions).
    pub horizon_weeks: u32,
    /// Orders with both products a cross-sell pair needs; `None`: [`auto_min_baskets`] of the
    /// baskets; 0: no cross-sell.
    pub min_baskets: Option<u32>,
}

impl Default for Scope {
    fn default() -> Scope {
        Scope {
            from: None,
            to: None,
            as_of: None,
            period: Period::Month,
            store: None,
            channel: None,
            lapse_window: None,
            tenure_starts: DEFAULT_TENURE_STARTS.to_vec(),
            weights: engagement::default_weights(),
            half_life_days: None,
            currency: None,
            merges: Vec::new(),
            goals: Vec::new(),
            // A quarter.
            horizon_weeks: 13,
            min_baskets: None,
        }
    }
}

impl Scope {
    /// The last day counted: the range's end, or the day before the as-of date if earlier.
    pub fn last_day(&self) -> Option<NaiveDate> {
        let before_as_of = self.as_of.and_then(|d| d.pred_opt());
        match (self.to, before_as_of) {
            (Some(to), Some(last)) => Some(to.min(last)),
            (to, last) => to.or(last),
        }
    }

    /// What the NPS figures follow.
    pub fn nps_filter(&self) -> NpsFilter {
        NpsFilter {
            from: self.from,
            to: self.last_day(),
            period: self.period,
            store: self.store.clone(),
            channel: self.channel.clone(),
        }
    }

    /// What the Loyalty figures follow.
    pub fn loyalty_filter(&self) -> LoyaltyFilter {
        LoyaltyFilter {
            from: self.from,
            to: self.last_day(),
            as_of: self.as_of,
            store: self.store.clone(),
            channel: self.channel.clone(),
            period: self.period,
            lapse_window: self.lapse_window,
            tenure_starts: self.tenure_starts.clone(),
            merges: self.merges.clone(),
        }
    }

    /// What the engagement figures follow.
    pub fn engagement_filter(&self) -> EngagementFilter {
        EngagementFilter {
            period: self.period,
            weights: self.weights.clone(),
            half_life_days: self.half_life_days,
            from: self.from,
            to: self.last_day(),
            as_of: self.as_of,
            merges: self.merges.clone(),
        }
    }
}

/// Every figure of a workspace in one scope. Parts are shared (`Arc`): a window keeps them
/// while it computes the next ones, and a part that a scope change leaves alone is reused.
#[derive(Clone, Debug, Default)]
pub struct Figures {
    /// The scope they were computed in.
    pub scope: Scope,
    /// All usable survey answers, appended (every date, store and channel).
    pub responses: Option<Arc<DataFrame>>,
    /// The NPS figures, with survey answers.
    pub nps: Option<Arc<NpsView>>,
    /// The Loyalty figures, with order files.
    pub loyalty: Option<Arc<LoyaltyView>>,
    /// The engagement figures, with engagement files.
    pub engagement: Option<Arc<EngagementView>>,
    /// The currency amounts are in: the order files' own, else the scope's.
    pub currency: Option<String>,
    /// The scope's goals, each judged in its own period.
    pub goals: Vec<GoalReport>,
    /// What each customer will likely do next, with orders.
    pub predictions: Option<Arc<predictions::Predictions>>,
    /// Products bought together, with order files that name products.
    pub cross_sell: Option<Arc<crate::analysis::baskets::CrossSell>>,
    /// What to do this week, with predictions.
    pub actions: Option<Arc<actions::ActionList>>,
    /// How often suggestions came true in the last weeks, against the popular products.
    pub suggestion_check: Option<Arc<actions::SuggestionCheck>>,
}

impl Figures {
    /// Every store the orders and answers name, for the store filter: spellings that differ
    /// only in case are one store, spelled as the orders spell it.
    pub fn stores(&self) -> Vec<String> {
        merge_names(
            self.loyalty.as_ref().map(|l| l.stores.as_slice()),
            self.nps.as_ref().map(|n| n.stores.as_slice()),
        )
    }

    /// Every channel the orders and answers name, as [`Figures::stores`].
    pub fn channels(&self) -> Vec<String> {
        merge_names(
            self.loyalty.as_ref().map(|l| l.channels.as_slice()),
            self.nps.as_ref().map(|n| n.channels.as_slice()),
        )
    }
}

fn merge_names(first: Option<&[String]>, second: Option<&[String]>) -> Vec<String> {
    let mut out: Vec<String> = first.unwrap_or_default().to_vec();
    for name in second.unwrap_or_default() {
        if !out.iter().any(|o| o.to_lowercase() == name.to_lowercase()) {
            out.push(name.clone());
        }
    }
    out.sort_by_key(|s| s.to_lowercase());
    out
}

/// Computes every figure of `workspace` in `scope`.
pub fn compute(workspace: &Workspace, scope: &Scope) -> PolarsResult<Figures> {
    compute_reusing(workspace, scope, None)
}

/// As [`compute`], taking from `earlier` (figures of the same files) what the scope change
/// leaves as it was: the appended answers always, the NPS and Loyalty figures when their part
/// of the scope is the same. Moving an engagement weight then reads no order again.
pub fn compute_reusing(
    workspace: &Workspace,
    scope: &Scope,
    earlier: Option<&Figures>,
) -> PolarsResult<Figures> {
    // Figures of other merges count other values as one: nothing of them is reused.
    let earlier = earlier.filter(|e| e.scope.merges == scope.merges);
    let responses = match earlier.and_then(|e| e.responses.clone()) {
        Some(responses) => Some(responses),
        None => match workspace.responses()? {
            Some(answers) if !scope.merges.is_empty() => {
                Some(Arc::new(apply_merges(&answers, &scope.merges)?))
            }
            answers => answers.map(Arc::new),
        },
    };
    let nps_filter = scope.nps_filter();
    let nps = match (&responses, earlier) {
        (None, _) => None,
        (Some(_), Some(e)) if e.nps.is_some() && e.scope.nps_filter() == nps_filter => {
            e.nps.clone()
        }
        (Some(responses), _) => Some(Arc::new(nps_view(
            responses,
            &workspace.survey_categories(),
            nps_filter,
        )?)),
    };
    let loyalty_filter = scope.loyalty_filter();
    let has_orders = workspace.order_files().next().is_some();
    let loyalty = match earlier {
        // Figures without a Loyalty part are reused only when there is nothing to compute it
        // from (the window's first, empty figures must not stand for real ones).
        Some(e)
            if e.scope.loyalty_filter() == loyalty_filter
                && (e.loyalty.is_some() || !has_orders) =>
        {
            e.loyalty.clone()
        }
        _ => loyalty_view(workspace, responses.as_deref(), &loyalty_filter)?.map(Arc::new),
    };
    let engagement_filter = scope.engagement_filter();
    let same_inputs = |e: &Figures| {
        e.scope.engagement_filter() == engagement_filter
            && same_arc(&e.loyalty, &loyalty)
            && same_arc(&e.responses, &responses)
    };
    let engagement = match earlier {
        // A language change or a new page asks for the figures again: nothing to redo.
        Some(e) if e.engagement.is_some() && same_inputs(e) => e.engagement.clone(),
        _ => engagement_view(
            workspace,
            responses.as_deref(),
            loyalty.as_ref().map(|l| l.customers.as_slice()),
            &engagement_filter,
        )?
        .map(Arc::new),
    };
    let mut figures = Figures {
        scope: scope.clone(),
        responses,
        nps,
        loyalty,
        engagement,
        currency: workspace
            .currency()
            .map(str::to_string)
            .or_else(|| scope.currency.clone()),
        goals: Vec::new(),
        predictions: None,
        cross_sell: None,
        actions: None,
        suggestion_check: None,
    };
    figures.cross_sell = match (&figures.loyalty, earlier) {
        (None, _) => None,
        _ if scope.min_baskets == Some(0) => None,
        (Some(_), Some(e))
            if same_arc(&e.loyalty, &figures.loyalty)
                && e.scope.min_baskets == scope.min_baskets
                && e.cross_sell.is_some() =>
        {
            e.cross_sell.clone()
        }
        (Some(loyalty), _) => predictions::cross_sell(loyalty, scope.min_baskets)?.map(Arc::new),
    };
    figures.predictions = match (&figures.loyalty, earlier) {
        (None, _) => None,
        _ if scope.horizon_weeks == 0 => None,
        // Fitting the models is the slow part: only new orders or a new horizon redo it.
        (Some(_), Some(e))
            if same_arc(&e.loyalty, &figures.loyalty)
                && e.scope.horizon_weeks == scope.horizon_weeks
                && e.predictions.is_some() =>
        {
            e.predictions.clone()
        }
        (Some(loyalty), _) => predictions::predictions(loyalty, scope.horizon_weeks)?.map(Arc::new),
    };
    figures.suggestion_check = match earlier {
        Some(e)
            if same_arc(&e.cross_sell, &figures.cross_sell)
                && e.scope.horizon_weeks == scope.horizon_weeks =>
        {
            e.suggestion_check.clone()
        }
        _ => actions::suggestion_check(&figures)?.map(Arc::new),
    };
    figures.actions = match earlier {
        Some(e)
            if same_arc(&e.predictions, &figures.predictions)
                && same_arc(&e.cross_sell, &figures.cross_sell)
                && same_arc(&e.engagement, &figures.engagement)
                && same_arc(&e.responses, &figures.responses)
                && e.scope.nps_filter() == figures.scope.nps_filter()
                && e.actions.is_some() =>
        {
            e.actions.clone()
        }
        _ => actions::action_list(&figures)?.map(Arc::new),
    };
    figures.goals = match earlier {
        // Goals measure their own periods: only the files, merges, goals and as-of day change them.
        Some(e)
            if e.scope.goals == scope.goals
                && e.scope.as_of == scope.as_of
                && e.scope.lapse_window == scope.lapse_window
                && e.scope.horizon_weeks == scope.horizon_weeks
                && e.goals.len() == scope.goals.len() =>
        {
            e.goals.clone()
        }
        _ => evaluate_goals(workspace, &figures)?,
    };
    Ok(figures)
}

/// The minimum of orders with both products when the owner sets none: 5, or one order in a
/// thousand when there are more than 5,000 (five orders of a million are chance, and their
/// pairs would fill the summary: 638,788 pairs in Online Retail II's 20,951 orders at 5).
pub fn auto_min_baskets(baskets: usize) -> u32 {
    (baskets.div_ceil(1000) as u32).max(5)
}

/// A goal with how it is doing.
#[derive(Clone, Debug, PartialEq)]
pub struct GoalReport {
    /// The goal.
    pub goal: Goal,
    /// Its figure so far, forecast and status.
    pub judged: Judged,
}

/// The day goals are judged on: the scope's as-of date, else the day after the latest data
/// (an export a week old says nothing of the week since, so that week is not counted as
/// gone by).
pub fn goals_day(figures: &Figures) -> Option<NaiveDate> {
    if let Some(as_of) = figures.scope.as_of {
        return Some(as_of);
    }
    let last = [
        figures.loyalty.as_ref().map(|l| l.date_span.1),
        figures.nps.as_ref().and_then(|n| n.date_span).map(|s| s.1),
    ]
    .into_iter()
    .flatten()
    .max()?;
    last.succ_opt()
}

/// `kpi` in `figures`, when they have data for it.
pub fn measure(kpi: GoalKpi, figures: &Figures) -> Option<Measured> {
    let plain = |value: f64| {
        Some(Measured {
            value,
            margin: None,
        })
    };
    let nps = figures.nps.as_ref().map(|n| &n.figures.summary);
    let sales = figures.loyalty.as_ref().map(|l| &l.summary);
    let engagement = figures.engagement.as_deref();
    let share = |count: u32, of: u32| {
        (of > 0).then(|| {
            let p = f64::from(count) / f64::from(of);
            Measured {
                value: p,
                margin: share_margin(p, of),
            }
        })
    };
    match kpi {
        GoalKpi::Nps => nps.filter(|s| s.responses > 0).map(|s| Measured {
            value: s.nps,
            margin: Some(s.margin_of_error),
        }),
        GoalKpi::PromoterShare => nps.and_then(|s| share(s.promoters, s.responses)),
        GoalKpi::DetractorShare => nps.and_then(|s| share(s.detractors, s.responses)),
        GoalKpi::Responses => nps.and_then(|s| plain(f64::from(s.responses))),
        GoalKpi::Customers => sales.and_then(|s| plain(f64::from(s.customers))),
        GoalKpi::NewCustomers => sales.and_then(|s| plain(f64::from(s.new_customers))),
        GoalKpi::ReturningCustomers => sales.and_then(|s| plain(f64::from(s.returning_customers))),
        GoalKpi::Orders => sales.and_then(|s| plain(f64::from(s.orders))),
        GoalKpi::Revenue => sales.and_then(|s| plain(s.revenue)),
        GoalKpi::AverageOrderValue => sales
            .filter(|s| s.orders > 0)
            .and_then(|s| plain(s.average_order_value)),
        GoalKpi::PurchaseFrequency => sales
            .filter(|s| s.customers > 0)
            .and_then(|s| plain(s.purchase_frequency)),
        GoalKpi::RepeatPurchaseRate => sales.and_then(|s| share(s.repeat_customers, s.customers)),
        GoalKpi::Retention1 => figures
            .loyalty
            .as_ref()
            .and_then(|l| retention(&l.cohorts, 1, figures.scope.period, l.as_of)),
        GoalKpi::Retention3 => figures
            .loyalty
            .as_ref()
            .and_then(|l| retention(&l.cohorts, 3, figures.scope.period, l.as_of)),
        GoalKpi::MedianDaysBetweenOrders => sales
            .and_then(|s| s.median_days_between_orders)
            .and_then(plain),
        GoalKpi::LapsedCustomers => figures
            .loyalty
            .as_ref()
            .and_then(|l| plain(l.lapsed.len() as f64)),
        GoalKpi::MeanRating => engagement
            .and_then(|e| e.reviews.as_ref())
            .filter(|r| r.count > 0)
            .and_then(|r| plain(r.mean_rating)),
        GoalKpi::Share45 => engagement
            .and_then(|e| e.reviews.as_ref())
            .filter(|r| r.count > 0)
            .map(|r| Measured {
                value: r.share_4_5,
                margin: share_margin(r.share_4_5, r.count),
            }),
        GoalKpi::MembershipRate => engagement
            .and_then(|e| e.loyalty.as_ref())
            .and_then(|l| l.membership_rate)
            .and_then(plain),
        GoalKpi::RedemptionRate => engagement
            .and_then(|e| e.loyalty.as_ref())
            .filter(|l| l.points_earned > 0.0)
            .and_then(|l| plain(l.redemption_rate)),
        GoalKpi::RevenueAtRisk => figures
            .actions
            .as_ref()
            .and_then(|a| plain(a.revenue_at_risk())),
        GoalKpi::EngagementRate => engagement
            .and_then(|e| e.social.as_ref())
            .filter(|s| s.reach > 0.0)
            .and_then(|s| plain(s.engagement_rate)),
    }
}

/// The share of the customers of the cohorts whose period `k` has ended by `as_of` who ordered
/// in it: each cohort weighted by its size (a cohort of 3 does not count as much as one of
/// 300). A period still running would read low, as its customers have not all come yet.
fn retention(
    cohorts: &[crate::analysis::cohorts::Cohort],
    k: usize,
    period: Period,
    as_of: NaiveDate,
) -> Option<Measured> {
    let ended = |c: &&crate::analysis::cohorts::Cohort| {
        let after = (0..=k).fold(c.start, |day, _| period.next_start(day));
        c.retention.len() > k && after <= as_of
    };
    let reached: Vec<_> = cohorts.iter().filter(ended).collect();
    let customers: u32 = reached.iter().map(|c| c.customers).sum();
    (customers > 0).then(|| {
        let back: f64 = reached
            .iter()
            .map(|c| f64::from(c.customers) * c.retention[k])
            .sum();
        let p = back / f64::from(customers);
        Measured {
            value: p,
            margin: share_margin(p, customers),
        }
    })
}

/// The scope `kpi` is measured in over the days `start` to `end`, as of `as_of`, of one store
/// or channel (or all): the period's orders and answers; for lapsed customers, a state at the
/// period's end, every order up to it (a customer lapses by not ordering, so one who ordered in
/// the period is never lapsed in it).
pub fn period_scope(
    base: &Scope,
    kpi: GoalKpi,
    (start, end): (NaiveDate, NaiveDate),
    as_of: NaiveDate,
    (store, channel): (&Option<String>, &Option<String>),
) -> Scope {
    Scope {
        from: (!kpi_is_state(kpi)).then_some(start),
        to: Some(end),
        as_of: Some(as_of),
        store: store.clone(),
        channel: channel.clone(),
        goals: Vec::new(),
        // Revenue at risk is the value of the customers on the period's list: it needs their
        // predictions (not the pairs: a cross-sell is no risk).
        horizon_weeks: if kpi == GoalKpi::RevenueAtRisk {
            base.horizon_weeks.max(13)
        } else {
            0
        },
        min_baskets: Some(0),
        ..base.clone()
    }
}

/// Figures that are a state at the period's end, counted from every order up to it.
fn kpi_is_state(kpi: GoalKpi) -> bool {
    matches!(kpi, GoalKpi::LapsedCustomers | GoalKpi::RevenueAtRisk)
}

/// Each goal of `figures`' scope, measured in its own period (and store or channel) and
/// judged on [`goals_day`].
pub fn evaluate_goals(workspace: &Workspace, figures: &Figures) -> PolarsResult<Vec<GoalReport>> {
    let scope = &figures.scope;
    let Some(today) = goals_day(figures) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::with_capacity(scope.goals.len());
    // Goals of the same period and place share one computation of its figures.
    let mut computed: Vec<(Scope, Figures)> = Vec::new();
    for goal in &scope.goals {
        // The figure so far: nothing on or after the day goals are judged on.
        let in_period = period_scope(
            scope,
            goal.kpi,
            (goal.period.start, goal.period.end),
            today.min(goal.period.end.succ_opt().unwrap_or(today)),
            (&goal.store, &goal.channel),
        );
        let measured = if today <= goal.period.start {
            None
        } else {
            let at = match computed.iter().position(|(s, _)| *s == in_period) {
                Some(at) => at,
                None => {
                    computed.push((in_period.clone(), compute(workspace, &in_period)?));
                    computed.len() - 1
                }
            };
            measure(goal.kpi, &computed[at].1)
        };
        out.push(GoalReport {
            goal: goal.clone(),
            judged: judge(goal, measured, today),
        });
    }
    Ok(out)
}

/// Both the same figures (or both none).
fn same_arc<T>(a: &Option<Arc<T>>, b: &Option<Arc<T>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => Arc::ptr_eq(a, b),
        (None, None) => true,
        _ => false,
    }
}

/// Tenure bucket starts as the owner types them: "0, 3, 6, 12, 36".
pub fn tenure_text(starts: &[u32]) -> String {
    starts
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads tenure bucket starts typed as whole months separated by commas, semicolons or
/// spaces; `None` when something is not a whole number.
pub fn parse_tenure_starts(text: &str) -> Option<Vec<u32>> {
    let mut starts = text
        .split([',', ';', ' ', '-'])
        .filter(|part| !part.trim().is_empty())
        .map(|part| part.trim().parse::<u32>().ok())
        .collect::<Option<Vec<u32>>>()?;
    starts.push(0);
    starts.sort_unstable();
    starts.dedup();
    Some(starts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reusing_takes_what_the_scope_change_leaves_and_never_empty_figures_for_real_ones() {
        use crate::import::pipeline::{ImportOptions, import_bytes};
        let csv = "Order,Date,Email,Total\n1,2026-01-05,a@x.it,10\n2,2026-02-05,a@x.it,20\n";
        let file = import_bytes(
            std::path::Path::new("orders.csv"),
            csv.as_bytes(),
            &ImportOptions::default(),
        );
        let workspace = Workspace { files: vec![file] };
        let scope = Scope::default();
        // Empty figures in the same scope (a window before its first analysis).
        let empty = Figures {
            scope: scope.clone(),
            ..Figures::default()
        };
        let first = compute_reusing(&workspace, &scope, Some(&empty)).unwrap();
        let loyalty = first
            .loyalty
            .clone()
            .expect("computed, not taken from the empty ones");
        // A weight moves: the Loyalty figures are the same ones, not read again.
        let weighted = Scope {
            half_life_days: Some(30.0),
            ..scope.clone()
        };
        let second = compute_reusing(&workspace, &weighted, Some(&first)).unwrap();
        assert!(Arc::ptr_eq(&loyalty, second.loyalty.as_ref().unwrap()));
        // The lapse window moves: they are computed again.
        let lapse = Scope {
            lapse_window: Some(40),
            ..scope
        };
        let third = compute_reusing(&workspace, &lapse, Some(&second)).unwrap();
        assert!(!Arc::ptr_eq(&loyalty, third.loyalty.as_ref().unwrap()));
        assert_eq!(third.loyalty.unwrap().lapse_window, 40);
    }

    #[test]
    fn retention_goals_weigh_each_cohort_that_reached_the_period_by_its_size() {
        use crate::import::pipeline::{ImportOptions, import_bytes};
        // January's cohort: a and b, a back in February. February's: c, back in March.
        // March's: d, with no April yet.
        let csv = "Order,Date,Email,Total\n\
                   1,2026-01-05,a@x.it,10\n2,2026-01-09,b@x.it,10\n\
                   3,2026-02-03,a@x.it,10\n4,2026-02-10,c@x.it,10\n\
                   5,2026-03-02,c@x.it,10\n6,2026-03-20,d@x.it,10\n";
        let file = import_bytes(
            std::path::Path::new("orders.csv"),
            csv.as_bytes(),
            &ImportOptions::default(),
        );
        let workspace = Workspace { files: vec![file] };
        // Counted to 1 April, when March has ended: (2 × 1/2 + 1 × 1) / 3.
        let to_april = Scope {
            as_of: NaiveDate::from_ymd_opt(2026, 4, 1),
            ..Scope::default()
        };
        let figures = compute(&workspace, &to_april).unwrap();
        let one = measure(GoalKpi::Retention1, &figures).unwrap();
        assert!((one.value - 2.0 / 3.0).abs() < 1e-12, "{}", one.value);
        assert_eq!(one.margin, share_margin(2.0 / 3.0, 3));
        assert_eq!(measure(GoalKpi::Retention3, &figures), None);
        // Counted to the day after the data (21 March), March is still running: February's
        // cohort is left out rather than read as half back.
        let default = compute(&workspace, &Scope::default()).unwrap();
        let one = measure(GoalKpi::Retention1, &default).unwrap();
        assert!((one.value - 0.5).abs() < 1e-12, "{}", one.value);

        // Lapsed at March's end with a 40-day window: a (last order 3 Feb, 57 days before
        // 1 April) and b (9 Jan, 82 days); c and d ordered in March. The goal counts every
        // order up to the period's end, not only March's.
        let scope = Scope {
            lapse_window: Some(40),
            as_of: NaiveDate::from_ymd_opt(2026, 4, 1),
            goals: vec![Goal::parse("lapsed_customers<=1@2026-03").unwrap()],
            ..Scope::default()
        };
        let figures = compute(&workspace, &scope).unwrap();
        assert_eq!(figures.goals[0].judged.actual, Some(2.0));
        assert_eq!(
            figures.goals[0].judged.status,
            crate::analysis::goals::Status::Missed
        );
    }

    #[test]
    fn the_last_day_is_the_range_end_or_the_day_before_the_as_of_date_whichever_is_first() {
        let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
        let scope = |to: Option<&str>, as_of: Option<&str>| Scope {
            to: to.map(day),
            as_of: as_of.map(day),
            ..Scope::default()
        };
        assert_eq!(scope(None, None).last_day(), None);
        assert_eq!(
            scope(Some("2026-03-31"), None).last_day(),
            Some(day("2026-03-31"))
        );
        assert_eq!(
            scope(None, Some("2026-04-01")).last_day(),
            Some(day("2026-03-31"))
        );
        assert_eq!(
            scope(Some("2026-03-31"), Some("2026-03-10")).last_day(),
            Some(day("2026-03-09"))
        );
        assert_eq!(
            scope(Some("2026-03-31"), Some("2026-06-01")).last_day(),
            Some(day("2026-03-31"))
        );
    }

    #[test]
    fn stores_of_orders_and_answers_are_one_list_ignoring_case() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let orders = names(&["Milano Brera", "Verona Centro"]);
        let answers = names(&["milano brera", "Online", "Bologna"]);
        assert_eq!(
            merge_names(Some(&orders), Some(&answers)),
            names(&["Bologna", "Milano Brera", "Online", "Verona Centro"])
        );
        assert_eq!(merge_names(None, None), Vec::<String>::new());
    }

    #[test]
    fn a_scope_reads_back_what_it_wrote_and_a_partial_one_takes_the_defaults() {
        let scope = Scope {
            store: Some("Milano".to_string()),
            lapse_window: Some(45),
            ..Scope::default()
        };
        let json = serde_json::to_string(&scope).unwrap();
        assert_eq!(serde_json::from_str::<Scope>(&json).unwrap(), scope);
        let partial: Scope =
            serde_json::from_str(r#"{"store": "Milano", "lapse_window": 45}"#).unwrap();
        assert_eq!(partial, scope);
    }
}
