//! The summary of a workspace as one JSON object: what `fidelio summary` prints and what every
//! report folder carries as `summary.json`.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Value, json};

use crate::figures::Figures;
use crate::import::pipeline::ImportedFile;
use crate::import::problems::RowProblem;
use crate::workspace::{LoyaltyView, NpsFigures, Workspace};

/// One file's entry in the JSON.
#[derive(Debug, Serialize)]
struct FileEntry<'a> {
    path: String,
    kind: &'static str,
    rows: usize,
    rows_used: usize,
    rows_skipped: usize,
    columns: BTreeMap<&'static str, &'a str>,
    problems: &'a [RowProblem],
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

fn file_entry(file: &ImportedFile) -> FileEntry<'_> {
    let columns = file
        .roles
        .iter()
        .zip(file.headers())
        .filter(|(role, _)| **role != crate::import::roles::Role::Ignore)
        .map(|(role, header)| (role.as_str(), header.as_str()))
        .fold(BTreeMap::new(), |mut map, (role, header)| {
            map.entry(role).or_insert(header);
            map
        });
    FileEntry {
        path: file.path.display().to_string(),
        kind: file.kind.as_str(),
        rows: file.rows(),
        rows_used: file.rows_used(),
        rows_skipped: file.rows_skipped(),
        columns,
        problems: &file.problems,
        error: file.error.as_ref().map(ToString::to_string),
    }
}

fn nps_json(figures: &NpsFigures) -> Value {
    let s = &figures.summary;
    let by_period: Vec<Value> = figures
        .by_period
        .iter()
        .map(|p| {
            json!({"period": p.period, "responses": p.summary.responses, "nps": p.summary.nps,
                   "margin_of_error": p.summary.margin_of_error})
        })
        .collect();
    let mut by_segment = serde_json::Map::new();
    for (category, breakdown) in &figures.by_category {
        let values: Vec<Value> = breakdown
            .segments
            .iter()
            .map(|seg| {
                json!({"value": seg.value, "responses": seg.summary.responses,
                       "nps": seg.summary.nps, "margin_of_error": seg.summary.margin_of_error})
            })
            .collect();
        by_segment.insert(category.header.clone(), Value::Array(values));
    }
    json!({
        "responses": s.responses, "promoters": s.promoters, "passives": s.passives,
        "detractors": s.detractors, "nps": s.nps, "margin_of_error": s.margin_of_error,
        "by_period": by_period, "by_segment": by_segment,
    })
}

/// The summary object of an imported workspace's figures: the files, then each analysis the
/// files feed, in the figures' scope (which it carries, so a reader knows what was counted).
pub fn summary_json(workspace: &Workspace, figures: &Figures) -> Value {
    let files: Vec<FileEntry> = workspace.files.iter().map(file_entry).collect();
    let nps = figures
        .nps
        .as_ref()
        .map_or(Value::Null, |view| nps_json(&view.figures));
    let mut summary = json!({"scope": figures.scope, "files": files, "nps": nps});
    if let Some(view) = &figures.loyalty {
        summary["sales"] = sales_json(workspace, view);
    }
    if let Some(view) = &figures.engagement {
        summary["engagement"] = engagement_json(view);
    }
    if !figures.scope.goals.is_empty() {
        summary["goals"] = Value::Array(figures.goals.iter().map(goal_json).collect());
    }
    if let Some(predictions) = &figures.predictions {
        summary["predictions"] = predictions_json(predictions);
    }
    if let Some(cross) = &figures.cross_sell {
        let pairs: Vec<Value> = cross
            .pairs
            .iter()
            .map(|p| {
                json!({"if": &*p.if_product, "then": &*p.then_product, "baskets_both": p.baskets_both,
                       "confidence": p.confidence, "lift": p.lift})
            })
            .collect();
        let check = figures.suggestion_check.as_deref().map(|c| {
            json!({"calibration_end": c.calibration_end, "weeks": c.weeks,
                   "customers": c.customers, "suggestions": crate::figures::actions::CHECKED_SUGGESTIONS,
                   "cross_sell_hits": c.cross_sell_hits, "popular_hits": c.popular_hits})
        });
        let popular: Vec<Value> = cross
            .popular
            .iter()
            .take(10)
            .map(|(product, baskets)| json!({"product": product, "baskets": baskets}))
            .collect();
        summary["cross_sell"] = json!({"baskets": cross.baskets, "min_baskets": cross.min_baskets,
                                       "pairs": pairs, "popular": popular, "holdout": check});
    }
    summary
}

/// The `predictions` object: the models' parameters (null when a model could not be used, with
/// why) and the customers' expected orders and value over the horizon.
fn predictions_json(p: &crate::figures::predictions::Predictions) -> Value {
    use crate::figures::predictions::NotUsed;
    let reason = |n: Option<NotUsed>| match n {
        None => Value::Null,
        Some(NotUsed::TooFewRepeatCustomers(n)) => json!({"too_few_repeat_customers": n}),
        Some(NotUsed::NotConverged) => json!("not_converged"),
        Some(NotUsed::AtEdge) => json!("at_edge"),
        Some(NotUsed::NoFit) => json!("no_fit"),
    };
    let purchase_model = p.purchase_model.map(|f| {
        json!({"r": f.params.r, "alpha": f.params.alpha, "a": f.params.a, "b": f.params.b,
               "log_likelihood": f.log_likelihood, "converged": f.converged,
               "at_edge": f.at_edge})
    });
    let spend_model = p.spend_model.map(|f| {
        json!({"p": f.params.p, "q": f.params.q, "gamma": f.params.gamma,
               "customers": p.spend_customers, "converged": f.converged})
    });
    json!({
        "as_of": p.last_day.succ_opt(),
        "time_unit": "week",
        "horizon_weeks": p.horizon_weeks,
        "customers": p.customers.len(),
        "one_time_buyers": p.customers.iter().filter(|c| c.history.frequency == 0).count(),
        "purchase_model": purchase_model,
        "purchase_model_not_used": reason(p.not_used),
        "spend_model": spend_model,
        "spend_model_not_used": reason(p.spend_not_used),
        "expected_orders": p.expected_orders(),
        "expected_revenue": p.expected_revenue(),
        "holdout": p.holdout.as_ref().map(|h| json!({
            "calibration_end": h.calibration_end,
            "weeks": h.weeks,
            "expected": h.expected(),
            "actual": h.actual(),
            "by_frequency": h.by_frequency.iter().map(|r| json!({
                "frequency": r.frequency, "customers": r.customers,
                "expected": r.expected, "actual": r.actual,
            })).collect::<Vec<Value>>(),
        })),
    })
}

/// One goal and how it is doing, as scripts read it.
fn goal_json(report: &crate::figures::GoalReport) -> Value {
    let (goal, judged) = (&report.goal, &report.judged);
    json!({
        "kpi": goal.kpi.as_str(),
        "store": goal.store,
        "channel": goal.channel,
        "target": goal.target,
        "direction": goal.direction,
        "period": goal.period.label,
        "baseline": goal.baseline,
        "actual": judged.actual,
        "forecast": judged.forecast,
        "margin_of_error": judged.margin_of_error,
        "elapsed": judged.elapsed,
        "status": judged.status,
    })
}

/// The `sales` object, when order files were given: shop totals, cohorts and RFM segments in
/// the scope (without one: all the orders, as of the day after the latest order or refund).
fn sales_json(workspace: &Workspace, view: &LoyaltyView) -> Value {
    let lines: usize = workspace
        .order_files()
        .filter_map(|f| f.orders.as_ref())
        .map(|o| o.lines_used)
        .sum();
    let s = &view.summary;
    let cohorts: Vec<Value> = view
        .cohorts
        .iter()
        .map(|c| {
            json!({"cohort": c.cohort, "customers": c.customers, "retention": c.retention,
                   "revenue_per_customer": c.revenue_per_customer})
        })
        .collect();
    let segments: Vec<Value> = view
        .segments
        .iter()
        .map(|s| json!({"segment": s.segment.as_str(), "customers": s.customers, "revenue": s.revenue + 0.0}))
        .collect();
    json!({
        "lines": lines,
        "lines_without_customer": view.lines_without_customer,
        "customers": s.customers,
        "orders": s.orders,
        "revenue": s.revenue,
        "average_order_value": s.average_order_value,
        "purchase_frequency": s.purchase_frequency,
        "repeat_purchase_rate": s.repeat_purchase_rate,
        "median_days_between_orders": s.median_days_between_orders,
        "cohorts": cohorts,
        "rfm_segments": segments,
    })
}

/// The `engagement` object: each section only when a file feeds it.
fn engagement_json(view: &crate::workspace::EngagementView) -> Value {
    let mut out = json!({
        "customers": view.scores.len(),
        "events": view.events,
        "score_weights": view.weights,
    });
    if let Some(r) = &view.reviews {
        let by_period: Vec<Value> = r
            .by_period
            .iter()
            .map(|p| json!({"period": p.period, "count": p.count, "mean_rating": p.mean_rating}))
            .collect();
        out["reviews"] = json!({"count": r.count, "mean_rating": r.mean_rating,
                                "share_4_5": r.share_4_5, "by_period": by_period});
    }
    if let Some(l) = &view.loyalty {
        out["loyalty"] = json!({"members": l.members, "membership_rate": l.membership_rate,
                                "points_earned": l.points_earned, "points_redeemed": l.points_redeemed,
                                "redemption_rate": l.redemption_rate});
    }
    if let Some(s) = &view.social {
        let by_period: Vec<Value> = s
            .by_period
            .iter()
            .map(|p| {
                json!({"period": p.period, "posts": p.posts, "interactions": p.interactions,
                            "engagement_rate": p.engagement_rate})
            })
            .collect();
        out["social"] = json!({"posts": s.posts, "reach": s.reach, "interactions": s.interactions,
                               "engagement_rate": s.engagement_rate, "by_period": by_period});
    }
    out
}
