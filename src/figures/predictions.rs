//! Each customer's next steps from the shop's own orders: the purchase and spend models fitted
//! on the orders up to the last day counted (in the scope's store and channel), and, when the
//! data cannot carry a model, the customer's own rhythm. `docs/metrics.md` ("Predictions per
//! customer") has the rules.

use chrono::NaiveDate;
use polars::prelude::PolarsResult;

use crate::analysis::baskets::Baskets;
use crate::analysis::clv::{
    BgNbd, Fit, GammaGamma, History, fit_bg_nbd, fit_gamma_gamma, histories,
};
use crate::analysis::sales;
use crate::import::orders::OrderRows;
use crate::import::table::HeadedTable;
use crate::workspace::LoyaltyView;
use polars::prelude::{DataFrame, DataType, PlHashMap, PlHashSet};

/// Fewer repeat customers than this, and the models are not used: a fit on a handful of
/// customers says more about them than about the shop.
pub const MIN_REPEAT_CUSTOMERS: usize = 30;
/// Weeks in twelve months.
pub const YEAR_WEEKS: f64 = 365.25 / 7.0;

/// Why the models are not used, when they are not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotUsed {
    /// Too few customers have bought twice: how many have.
    TooFewRepeatCustomers(usize),
    /// The fit did not settle.
    NotConverged,
    /// A parameter ran to the edge of what is believable.
    AtEdge,
    /// No fit could be made (no finite likelihood).
    NoFit,
}

/// One customer's prediction.
#[derive(Clone, Debug, PartialEq)]
pub struct CustomerPrediction {
    /// Customer key.
    pub customer: String,
    /// Their purchases as the models read them.
    pub history: History,
    /// Probability they are still active; `None` for a one-time buyer (cannot be judged yet)
    /// or without a model.
    pub p_alive: Option<f64>,
    /// Purchases expected over the horizon (with a model).
    pub expected_orders: Option<f64>,
    /// Their value over the horizon (with both models).
    pub expected_value: Option<f64>,
    /// Their value over the next twelve months (with both models).
    pub value_12_months: Option<f64>,
}

impl CustomerPrediction {
    /// Days since their last purchase against their usual days between purchases (their own
    /// rhythm): above 1 they are late. `None` for a one-time buyer.
    pub fn overdue(&self) -> Option<f64> {
        let h = &self.history;
        (h.frequency > 0 && h.recency > 0.0)
            .then(|| (h.age - h.recency) / (h.recency / f64::from(h.frequency)))
    }
}

/// The predictions of a Loyalty view.
#[derive(Clone, Debug, PartialEq)]
pub struct Predictions {
    /// The last day counted.
    pub last_day: NaiveDate,
    /// Weeks predicted.
    pub horizon_weeks: u32,
    /// One per customer who bought up to the last day, most valuable first (expected value
    /// when there is one, else their history).
    pub customers: Vec<CustomerPrediction>,
    /// The purchase model's fit.
    pub purchase_model: Option<Fit<BgNbd>>,
    /// The spend model's fit.
    pub spend_model: Option<Fit<GammaGamma>>,
    /// Customers the spend model was fitted on (repeat customers with a positive spend).
    pub spend_customers: usize,
    /// Why the purchase model's predictions are not shown, when they are not.
    pub not_used: Option<NotUsed>,
    /// Why the spend model's are not, when they are not (and the purchase model's are).
    pub spend_not_used: Option<NotUsed>,
    /// How good the predictions are on this shop: the last weeks held out and predicted from
    /// the weeks before.
    pub holdout: Option<Holdout>,
}

/// The hold-out check: the model fitted on the purchases up to `calibration_end`, its
/// expected purchases over the weeks after against those made.
#[derive(Clone, Debug, PartialEq)]
pub struct Holdout {
    /// The last day of the weeks the model learnt from.
    pub calibration_end: NaiveDate,
    /// Weeks held out (to the last day counted).
    pub weeks: u32,
    /// Per number of repeat purchases before (0, 1, … , 7 meaning 7 or more): customers,
    /// purchases expected and purchases made in the weeks held out.
    pub by_frequency: Vec<HoldoutRow>,
}

/// One row of the hold-out check.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HoldoutRow {
    /// Repeat purchases before the weeks held out (the last row: this many or more).
    pub frequency: u32,
    /// Customers with that many.
    pub customers: usize,
    /// Purchases the model expected of them.
    pub expected: f64,
    /// Purchases they made.
    pub actual: usize,
}

impl Holdout {
    /// Purchases expected, all customers.
    pub fn expected(&self) -> f64 {
        self.by_frequency.iter().map(|r| r.expected).sum()
    }

    /// Purchases made, all customers.
    pub fn actual(&self) -> usize {
        self.by_frequency.iter().map(|r| r.actual).sum()
    }
}

/// Rows of the hold-out check: 0 to 6 repeat purchases, then 7 or more.
const HOLDOUT_ROWS: u32 = 7;

/// The hold-out check of `purchases` up to `last_day`: `weeks` held out.
fn holdout(
    purchases: &[(u32, NaiveDate, f64)],
    last_day: NaiveDate,
    weeks: u32,
) -> Option<Holdout> {
    let calibration_end = last_day.checked_sub_days(chrono::Days::new(u64::from(weeks) * 7))?;
    let before = histories(purchases, calibration_end);
    let known: Vec<History> = before.iter().map(|(_, h)| *h).collect();
    let repeat = known.iter().filter(|h| h.frequency > 0).count();
    let fit = (repeat >= MIN_REPEAT_CUSTOMERS)
        .then(|| fit_bg_nbd(&known))
        .flatten()
        .filter(|f| judge_fit(&Some(*f), repeat).is_none())?;
    // Purchase days of each customer after the calibration, to the last day counted.
    let mut later: polars::prelude::PlHashMap<u32, std::collections::BTreeSet<NaiveDate>> =
        Default::default();
    for (customer, day, _) in purchases {
        if *day > calibration_end && *day <= last_day {
            later.entry(*customer).or_default().insert(*day);
        }
    }
    let mut rows: Vec<HoldoutRow> = (0..=HOLDOUT_ROWS)
        .map(|frequency| HoldoutRow {
            frequency,
            customers: 0,
            expected: 0.0,
            actual: 0,
        })
        .collect();
    for (customer, history) in &before {
        let row = &mut rows[history.frequency.min(HOLDOUT_ROWS) as usize];
        row.customers += 1;
        row.expected += fit.params.expected_purchases(history, f64::from(weeks));
        row.actual += later.get(customer).map_or(0, |d| d.len());
    }
    Some(Holdout {
        calibration_end,
        weeks,
        by_frequency: rows,
    })
}

impl Predictions {
    /// Purchases expected over the horizon, all customers.
    pub fn expected_orders(&self) -> Option<f64> {
        self.customers.iter().map(|c| c.expected_orders).sum()
    }

    /// Value expected over the horizon, all customers.
    pub fn expected_revenue(&self) -> Option<f64> {
        self.customers.iter().map(|c| c.expected_value).sum()
    }
}

/// Whether `fit` can be used on `repeat` repeat customers.
fn judge_fit<P>(fit: &Option<Fit<P>>, repeat: usize) -> Option<NotUsed> {
    match fit {
        _ if repeat < MIN_REPEAT_CUSTOMERS => Some(NotUsed::TooFewRepeatCustomers(repeat)),
        None => Some(NotUsed::NoFit),
        Some(f) if !f.converged => Some(NotUsed::NotConverged),
        Some(f) if f.at_edge => Some(NotUsed::AtEdge),
        Some(_) => None,
    }
}

/// The orders of `view`'s scope: its dates up to the last day counted, store, channel and
/// merges.
pub(crate) fn scope_orders(
    view: &LoyaltyView,
) -> PolarsResult<Option<(NaiveDate, polars::prelude::DataFrame)>> {
    let Some(last_day) = view.as_of.pred_opt() else {
        return Ok(None);
    };
    let filter = &view.filter;
    let orders = if filter.merges.is_empty() {
        view.frames.orders.clone()
    } else {
        crate::analysis::merge::apply_merges(&view.frames.orders, &filter.merges)?
    };
    let orders = sales::filter_orders(
        &orders,
        filter.from,
        Some(last_day),
        filter.store.as_deref(),
        filter.channel.as_deref(),
    )?;
    Ok(Some((last_day, orders)))
}

/// Products bought together in `view`'s orders, when their files name products.
pub fn cross_sell(
    view: &LoyaltyView,
    min_baskets: Option<u32>,
) -> PolarsResult<Option<crate::analysis::baskets::CrossSell>> {
    let Some((_, orders)) = scope_orders(view)? else {
        return Ok(None);
    };
    let files = view.frames.files();
    if files
        .iter()
        .all(|(_, rows, _)| rows.product_column.is_none())
    {
        return Ok(None);
    }
    let baskets = baskets_of_files(&files, &orders)?;
    let min =
        min_baskets.unwrap_or_else(|| crate::figures::auto_min_baskets(baskets.baskets.len()));
    let mut pairs = crate::analysis::baskets::cross_sell(&baskets, min);
    pairs.source = Some(std::sync::Arc::new(baskets));
    Ok(Some(pairs))
}

/// The baskets of the orders the scope kept (`orders`, docs/frames.md), read straight
/// from each order file's rows: on a million orders, keying lines by their order's id
/// text cost seconds.
pub fn baskets_of_files(
    files: &[(&str, &OrderRows, &HeadedTable)],
    orders: &DataFrame,
) -> PolarsResult<Baskets> {
    let names: Vec<&str> = files.iter().map(|f| f.0).collect();
    let in_file = orders.column(sales::SOURCE_FILE)?.cast(&DataType::String)?;
    let rows = orders.column(sales::SOURCE_ROW)?.cast(&DataType::UInt32)?;
    let kept: PlHashSet<(usize, u32)> = in_file
        .str()?
        .iter()
        .zip(rows.u32()?.iter())
        .filter_map(|(file, row)| {
            let file = file?;
            Some((names.iter().position(|n| *n == file)?, row?))
        })
        .collect();
    let mut out = Baskets::default();
    let mut number = PlHashMap::default();
    for (f, (_, rows, table)) in files.iter().enumerate() {
        if rows.product_column.is_none() {
            continue;
        }
        let mut place: Vec<Option<u32>> = Vec::with_capacity(rows.orders.len());
        for order in &rows.orders {
            if kept.contains(&(f, order.source_row)) {
                place.push(Some(out.baskets.len() as u32));
                out.baskets.push(Vec::new());
                out.customers.push(order.customer.clone());
                out.days.push(order.date);
            } else {
                place.push(None);
            }
        }
        for line in &rows.lines {
            let Some(Some(basket)) = place.get(line.order as usize) else {
                continue;
            };
            if let Some(product) = rows.product(line, table)
                && let Some(n) = out.add(&mut number, *basket as usize, &product)
            {
                let unit_price = line.amount().map(|value| match line.quantity() {
                    Some(q) if q > 0.0 => value / q,
                    _ => value,
                });
                out.note_line(n, rows.category(line, table).as_deref(), unit_price);
            }
        }
    }
    out.drop_empty();
    Ok(out)
}

/// The predictions of `view`'s customers over `horizon_weeks`.
pub fn predictions(view: &LoyaltyView, horizon_weeks: u32) -> PolarsResult<Option<Predictions>> {
    let Some((last_day, orders)) = scope_orders(view)? else {
        return Ok(None);
    };
    let (names, purchases) = crate::analysis::clv::purchases(&orders)?;
    if purchases.is_empty() {
        return Ok(None);
    }
    let histories = histories(&purchases, last_day);
    let all: Vec<History> = histories.iter().map(|(_, h)| *h).collect();
    let repeat = all.iter().filter(|h| h.frequency > 0).count();
    // Fitting takes a few thousand likelihood passes: not worth it when it would not be used.
    let purchase_model = if repeat >= MIN_REPEAT_CUSTOMERS {
        fit_bg_nbd(&all)
    } else {
        None
    };
    let not_used = judge_fit(&purchase_model, repeat);
    let spend_customers = all
        .iter()
        .filter(|h| h.frequency > 0 && h.spend.is_some_and(|s| s > 0.0))
        .count();
    let spend_model = if not_used.is_none() && spend_customers >= MIN_REPEAT_CUSTOMERS {
        fit_gamma_gamma(&all)
    } else {
        None
    };
    // The mean spend p γ / (q − 1) exists only for q > 1.
    let spend_not_used = judge_fit(&spend_model, spend_customers).or_else(|| {
        spend_model
            .filter(|f| f.params.q <= 1.0)
            .map(|_| NotUsed::AtEdge)
    });
    let model = purchase_model
        .filter(|_| not_used.is_none())
        .map(|f| f.params);
    let spend = spend_model
        .filter(|_| spend_not_used.is_none())
        .map(|f| f.params);
    let horizon = f64::from(horizon_weeks);
    let mut customers: Vec<CustomerPrediction> = histories
        .into_iter()
        .map(|(customer, history)| {
            // Never a NaN or an infinity on a page: parameters near a singularity of the
            // formulas (a = 1, a ₂F₁ whose c reaches 0) give no figure instead.
            let finite = |v: f64| v.is_finite().then_some(v);
            let expected_orders =
                model.and_then(|m| finite(m.expected_purchases(&history, horizon)));
            let per_purchase = spend.and_then(|s| finite(s.expected_spend(&history)));
            let value_of = |weeks: f64| {
                model
                    .zip(per_purchase)
                    .and_then(|(m, value)| finite(m.expected_purchases(&history, weeks) * value))
            };
            CustomerPrediction {
                customer: names[customer as usize].clone(),
                p_alive: model
                    .filter(|_| history.frequency > 0)
                    .and_then(|m| finite(m.p_alive(&history))),
                expected_orders,
                expected_value: value_of(horizon),
                value_12_months: value_of(YEAR_WEEKS),
                history,
            }
        })
        .collect();
    customers.sort_by(|a, b| {
        let key = |c: &CustomerPrediction| {
            c.value_12_months
                .unwrap_or(c.history.spend.unwrap_or(0.0) * f64::from(c.history.frequency))
        };
        key(b)
            .total_cmp(&key(a))
            .then_with(|| a.customer.cmp(&b.customer))
    });
    let holdout = holdout(&purchases, last_day, horizon_weeks);
    Ok(Some(Predictions {
        holdout,
        last_day,
        horizon_weeks,
        customers,
        purchase_model,
        spend_model,
        spend_customers,
        not_used,
        spend_not_used: if not_used.is_none() {
            spend_not_used
        } else {
            None
        },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::{Scope, compute};
    use crate::import::pipeline::{ImportOptions, import_bytes};
    use crate::workspace::Workspace;

    #[test]
    fn a_shop_where_nobody_ever_stops_buying_gets_no_model_and_no_absurd_figure() {
        // 40 customers, each buying every week from their own first day to the last day
        // counted: nothing in the data says anyone drops out, so the drop-out rate runs to the
        // edge of the search.
        let mut csv = String::from("Order,Date,Email,Total\n");
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let last = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
        let mut order = 0;
        for c in 0..40u64 {
            let mut day = start + chrono::Days::new(c % 7);
            while day <= last {
                order += 1;
                csv.push_str(&format!("{order},{day},c{c}@x.it,{}\n", 10 + c));
                day = day + chrono::Days::new(7);
            }
        }
        let file = import_bytes(
            std::path::Path::new("orders.csv"),
            csv.as_bytes(),
            &ImportOptions::default(),
        );
        let scope = Scope {
            as_of: last.succ_opt(),
            horizon_weeks: 13,
            ..Scope::default()
        };
        let figures = compute(&Workspace { files: vec![file] }, &scope).unwrap();
        let p = figures.predictions.unwrap();
        let fit = p.purchase_model.unwrap();
        assert!(fit.at_edge, "{fit:?}");
        assert_eq!(p.not_used, Some(NotUsed::AtEdge));
        assert_eq!((p.expected_orders(), p.expected_revenue()), (None, None));
        for c in &p.customers {
            assert_eq!(
                (c.p_alive, c.expected_orders, c.value_12_months),
                (None, None, None)
            );
            // Each customer's own rhythm instead: at most a week since their last purchase,
            // against a usual week.
            let overdue = c.overdue().unwrap();
            assert!(overdue.is_finite() && overdue < 1.0, "{overdue}");
        }
        // Nobody slipping away, so no one to win back.
        let list = figures.actions.unwrap();
        assert!(list.customers.iter().all(|c| {
            c.actions
                .iter()
                .all(|a| a.kind != crate::analysis::actions::ActionKind::WinBack)
        }));
    }

    #[test]
    fn a_small_shop_gets_its_customers_own_rhythm_and_no_made_up_model() {
        // a: 1, 15 and 29 January (every 14 days), then nothing until the last day counted,
        // 26 February: 28 days since, twice the usual 14. b bought once.
        let csv = "Order,Date,Email,Total\n\
                   1,2026-01-01,a@x.it,10\n2,2026-01-15,a@x.it,30\n\
                   3,2026-01-29,a@x.it,50\n4,2026-01-08,b@x.it,5\n";
        let file = import_bytes(
            std::path::Path::new("orders.csv"),
            csv.as_bytes(),
            &ImportOptions::default(),
        );
        let workspace = Workspace { files: vec![file] };
        let scope = Scope {
            as_of: NaiveDate::from_ymd_opt(2026, 2, 27),
            horizon_weeks: 13,
            ..Scope::default()
        };
        let figures = compute(&workspace, &scope).unwrap();
        let p = figures.predictions.unwrap();
        assert_eq!(p.not_used, Some(NotUsed::TooFewRepeatCustomers(1)));
        assert_eq!(p.purchase_model, None);
        assert_eq!(p.expected_orders(), None);
        let a = p.customers.iter().find(|c| c.customer == "a@x.it").unwrap();
        assert_eq!(a.history.frequency, 2);
        assert_eq!(a.history.spend, Some(40.0));
        assert_eq!(a.p_alive, None);
        assert!((a.overdue().unwrap() - 2.0).abs() < 1e-12);
        // A one-time buyer cannot be judged yet: no rhythm, no probability.
        let b = p.customers.iter().find(|c| c.customer == "b@x.it").unwrap();
        assert_eq!((b.overdue(), b.p_alive), (None, None));
        // Figures of other periods (goals, reviews) fit nothing.
        let goal_scope = Scope {
            horizon_weeks: 0,
            ..scope
        };
        assert!(
            compute(&workspace, &goal_scope)
                .unwrap()
                .predictions
                .is_none()
        );
    }
}
