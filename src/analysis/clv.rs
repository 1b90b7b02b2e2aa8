//! What each customer will likely do next: the BG/NBD model (Fader, Hardie and Lee 2005,
//! "Counting your customers the easy way") for whether they are still active and how many
//! purchases to expect, and the Gamma-Gamma model (Fader and Hardie 2013) for the value of
//! their purchases. Pure: purchase histories in, parameters and predictions out.
//!
//! Definitions (docs/metrics.md): a purchase is a day with at least one order; frequency `x` =
//! purchase days after the first; recency `t_x` and age `T` in weeks (days / 7) from the first
//! purchase day to the last one and to the last day counted; spend = the mean value of the
//! repeat purchase days.

use chrono::NaiveDate;

/// One customer's purchases, as the models read them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct History {
    /// Purchase days after the first.
    pub frequency: u32,
    /// Weeks from the first purchase day to the last.
    pub recency: f64,
    /// Weeks from the first purchase day to the last day counted.
    pub age: f64,
    /// Mean value of the repeat purchase days (none without one).
    pub spend: Option<f64>,
}

/// The histories of purchases `(customer, day, value)` up to `last_day` (later ones are left
/// out), one per customer in order of their first appearance in `purchases`. Several orders on
/// one day are one purchase of their summed value.
pub fn histories<K: std::hash::Hash + Eq + Clone>(
    purchases: &[(K, NaiveDate, f64)],
    last_day: NaiveDate,
) -> Vec<(K, History)> {
    // Per customer (by the place of their first purchase): their orders' days and values.
    let mut place: std::collections::HashMap<&K, usize> = std::collections::HashMap::new();
    let mut orders: Vec<(K, Vec<(NaiveDate, f64)>)> = Vec::new();
    for (customer, day, value) in purchases {
        if *day > last_day {
            continue;
        }
        let at = *place.entry(customer).or_insert_with(|| {
            orders.push((customer.clone(), Vec::new()));
            orders.len() - 1
        });
        orders[at].1.push((*day, *value));
    }
    orders
        .into_iter()
        .filter_map(|(customer, mut days)| {
            days.sort_by_key(|(day, _)| *day);
            // Orders of one day are one purchase of their summed value.
            let mut by_day: Vec<(NaiveDate, f64)> = Vec::with_capacity(days.len());
            for (day, value) in days {
                match by_day.last_mut() {
                    Some((last, sum)) if *last == day => *sum += value,
                    _ => by_day.push((day, value)),
                }
            }
            let first = by_day.first()?.0;
            let last = by_day.last()?.0;
            let weeks = |from: NaiveDate, to: NaiveDate| (to - from).num_days() as f64 / 7.0;
            let repeat: Vec<f64> = by_day.iter().skip(1).map(|(_, v)| *v).collect();
            let history = History {
                frequency: repeat.len() as u32,
                recency: weeks(first, last),
                age: weeks(first, last_day),
                spend: (!repeat.is_empty())
                    .then(|| repeat.iter().sum::<f64>() / repeat.len() as f64),
            };
            Some((customer, history))
        })
        .collect()
}

/// `(customer, day, gross)` of every order of an orders frame (docs/frames.md) that names a
/// customer, the customer by number into the names returned with them: refunds are in their
/// own frame, and are not purchases. Numbers, not keys, because a million orders' keys copied
/// and hashed twice (the fit and its hold-out check) cost most of a second.
#[allow(clippy::type_complexity)]
pub fn purchases(
    orders: &polars::prelude::DataFrame,
) -> polars::prelude::PolarsResult<(Vec<String>, Vec<(u32, NaiveDate, f64)>)> {
    use crate::analysis::sales::{CUSTOMER, DATE, GROSS};
    use polars::prelude::DataType;
    let customers = orders.column(CUSTOMER)?.cast(&DataType::String)?;
    let customers = customers.str()?;
    let dates = orders.column(DATE)?.cast(&DataType::Date)?;
    let dates = dates.date()?;
    let gross = orders.column(GROSS)?.cast(&DataType::Float64)?;
    let gross = gross.f64()?;
    let mut out = Vec::with_capacity(orders.height());
    let mut names: Vec<String> = Vec::new();
    let mut number: polars::prelude::PlHashMap<&str, u32> = Default::default();
    for i in 0..orders.height() {
        let day = dates.phys.get(i).and_then(NaiveDate::from_epoch_days);
        if let (Some(customer), Some(day), Some(value)) = (customers.get(i), day, gross.get(i)) {
            let n = *number.entry(customer).or_insert_with(|| {
                names.push(customer.to_string());
                (names.len() - 1) as u32
            });
            out.push((n, day, value));
        }
    }
    Ok((names, out))
}

/// `ln Γ(x)`.
fn ln_gamma(x: f64) -> f64 {
    libm::lgamma(x)
}

/// `ln(e^a + e^b)` without overflow.
fn ln_add_exp(a: f64, b: f64) -> f64 {
    let high = a.max(b);
    if high == f64::NEG_INFINITY {
        return high;
    }
    high + ((a - high).exp() + (b - high).exp()).ln()
}

/// The BG/NBD parameters: purchase rates are gamma(r, α) across customers, the chance of
/// dropping out after each purchase is beta(a, b).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BgNbd {
    /// Shape of the purchase rates.
    pub r: f64,
    /// Scale of the purchase rates (in weeks).
    pub alpha: f64,
    /// First shape of the drop-out chance.
    pub a: f64,
    /// Second shape of the drop-out chance.
    pub b: f64,
}

/// How a fit ended.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fit<P> {
    /// The parameters found.
    pub params: P,
    /// The log-likelihood there.
    pub log_likelihood: f64,
    /// True when the search settled (the simplex shrank below its tolerance).
    pub converged: bool,
    /// True when a parameter ran to the edge of what is believable (below 1e-4 or above 1e4):
    /// the data do not pin the model down.
    pub at_edge: bool,
}

impl BgNbd {
    /// One customer's log-likelihood.
    pub fn log_likelihood(&self, h: &History) -> f64 {
        let BgNbd { r, alpha, a, b } = *self;
        let x = f64::from(h.frequency);
        let ln_a1 = ln_gamma(r + x) - ln_gamma(r) + r * alpha.ln();
        let ln_a2 = ln_gamma(a + b) + ln_gamma(b + x) - ln_gamma(b) - ln_gamma(a + b + x);
        let ln_a3 = -(r + x) * (alpha + h.age).ln();
        let ln_a4 = if h.frequency > 0 {
            a.ln() - (b + x - 1.0).ln() - (r + x) * (alpha + h.recency).ln()
        } else {
            f64::NEG_INFINITY
        };
        ln_a1 + ln_a2 + ln_add_exp(ln_a3, ln_a4)
    }

    /// The log-likelihood of customers grouped by frequency: `(x, [(tₓ, T)])`. The same sum
    /// as [`BgNbd::log_likelihood`] over each customer.
    fn log_likelihood_of_groups(&self, groups: &[(u32, Vec<(f64, f64)>)]) -> f64 {
        let BgNbd { r, alpha, a, b } = *self;
        let shared = ln_gamma(r) - r * alpha.ln() + ln_gamma(b) - ln_gamma(a + b);
        let mut total = 0.0;
        for (frequency, members) in groups {
            let x = f64::from(*frequency);
            let gammas = ln_gamma(r + x) + ln_gamma(b + x) - ln_gamma(a + b + x) - shared;
            let drop_out = (*frequency > 0).then(|| a.ln() - (b + x - 1.0).ln());
            for &(recency, age) in members {
                let ln_a3 = -(r + x) * (alpha + age).ln();
                let ln_a4 = match drop_out {
                    Some(d) => d - (r + x) * (alpha + recency).ln(),
                    None => f64::NEG_INFINITY,
                };
                total += gammas + ln_add_exp(ln_a3, ln_a4);
            }
        }
        total
    }

    /// The probability the customer is still active at the end of their history.
    pub fn p_alive(&self, h: &History) -> f64 {
        if h.frequency == 0 {
            return 1.0;
        }
        let BgNbd { r, alpha, a, b } = *self;
        let x = f64::from(h.frequency);
        let ratio = ((alpha + h.age) / (alpha + h.recency)).powf(r + x);
        1.0 / (1.0 + a / (b + x - 1.0) * ratio)
    }

    /// Purchases expected in the next `t` weeks.
    pub fn expected_purchases(&self, h: &History, t: f64) -> f64 {
        let BgNbd { r, alpha, a, b } = *self;
        let x = f64::from(h.frequency);
        let big_t = h.age;
        let z = t / (alpha + big_t + t);
        let hyper = hyp2f1(r + x, b + x, a + b + x - 1.0, z);
        let numerator = (a + b + x - 1.0) / (a - 1.0)
            * (1.0 - ((alpha + big_t) / (alpha + big_t + t)).powf(r + x) * hyper);
        let denominator = if h.frequency > 0 {
            1.0 + a / (b + x - 1.0) * ((alpha + big_t) / (alpha + h.recency)).powf(r + x)
        } else {
            1.0
        };
        numerator / denominator
    }
}

/// Gauss's hypergeometric function ₂F₁(a, b; c; z) for 0 ≤ z < 1, by its series.
fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> f64 {
    let mut term = 1.0;
    let mut sum = 1.0;
    for n in 0..200_000 {
        let n = f64::from(n);
        term *= (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;
        sum += term;
        if term.abs() < 1e-15 * sum.abs() {
            break;
        }
    }
    sum
}

/// The Gamma-Gamma parameters: a customer's mean purchase value is gamma(p, ν) with ν itself
/// gamma(q, γ) across customers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GammaGamma {
    /// Shape of a purchase's value.
    pub p: f64,
    /// Shape of the spread across customers.
    pub q: f64,
    /// Scale of the spread across customers.
    pub gamma: f64,
}

impl GammaGamma {
    /// One repeat customer's log-likelihood (the terms that depend on the parameters).
    pub fn log_likelihood(&self, x: f64, spend: f64) -> f64 {
        let GammaGamma { p, q, gamma } = *self;
        ln_gamma(p * x + q) - ln_gamma(p * x) - ln_gamma(q)
            + q * gamma.ln()
            + (p * x - 1.0) * spend.ln()
            + p * x * x.ln()
            - (p * x + q) * (gamma + x * spend).ln()
    }

    /// The expected value of a purchase of a customer with these repeat purchases; the
    /// population's mean for a customer without one.
    pub fn expected_spend(&self, h: &History) -> f64 {
        let GammaGamma { p, q, gamma } = *self;
        match h.spend {
            Some(spend) if h.frequency > 0 => {
                let x = f64::from(h.frequency);
                (gamma + x * spend) * p / (p * x + q - 1.0)
            }
            _ => p * gamma / (q - 1.0),
        }
    }
}

/// Parameters believed: a fit that runs outside marks itself `at_edge`.
const EDGE: (f64, f64) = (1e-4, 1e4);

/// The search stays within e^±14 (about 1e-6 to 1e6): a parameter running away (no customer
/// ever drops out, say) then settles at the wall, marked `at_edge`, instead of wandering for
/// every iteration allowed.
fn within_search(v: &[f64]) -> bool {
    v.iter().all(|x| x.abs() <= 14.0)
}

/// Customers a fit reads at most: beyond, every k-th customer (in their order) stands for
/// the k around it. Twenty thousand pin four parameters down to their third decimal, and a
/// fit of a million would take most of a minute.
pub const FIT_SAMPLE: usize = 20_000;

/// At most [`FIT_SAMPLE`] of `histories`, evenly spread.
fn sample(histories: &[History]) -> Vec<History> {
    let step = histories.len().div_ceil(FIT_SAMPLE).max(1);
    histories.iter().step_by(step).copied().collect()
}

/// Fits the BG/NBD model to `histories` by maximum likelihood.
pub fn fit_bg_nbd(histories: &[History]) -> Option<Fit<BgNbd>> {
    if histories.is_empty() {
        return None;
    }
    let histories = &sample(histories);
    // Customers of one frequency share the likelihood's Γ terms: computed once per frequency
    // and step, not once per customer (a fit takes thousands of steps).
    let mut by_frequency: std::collections::BTreeMap<u32, Vec<(f64, f64)>> = Default::default();
    for h in histories {
        by_frequency
            .entry(h.frequency)
            .or_default()
            .push((h.recency, h.age));
    }
    let groups: Vec<(u32, Vec<(f64, f64)>)> = by_frequency.into_iter().collect();
    let of = |v: &[f64]| BgNbd {
        r: v[0].exp(),
        alpha: v[1].exp(),
        a: v[2].exp(),
        b: v[3].exp(),
    };
    maximise(&[0.0; 4], |v| of(v).log_likelihood_of_groups(&groups), of)
}

/// Fits the Gamma-Gamma model to the repeat customers of `histories`.
pub fn fit_gamma_gamma(histories: &[History]) -> Option<Fit<GammaGamma>> {
    let repeat: Vec<(f64, f64)> = sample(histories)
        .iter()
        .filter(|h| h.frequency > 0)
        .filter_map(|h| {
            h.spend
                .filter(|s| *s > 0.0)
                .map(|s| (f64::from(h.frequency), s))
        })
        .collect();
    if repeat.is_empty() {
        return None;
    }
    let of = |v: &[f64]| GammaGamma {
        p: v[0].exp(),
        q: v[1].exp(),
        gamma: v[2].exp(),
    };
    maximise(
        &[0.0; 3],
        |v| {
            let params = of(v);
            repeat
                .iter()
                .map(|(x, m)| params.log_likelihood(*x, *m))
                .sum()
        },
        of,
    )
}

/// The parameters (searched as logarithms from `start`, inside the wall of [`within_search`])
/// that maximise `log_likelihood`, made by `of`; `None` when no finite likelihood was found.
fn maximise<P>(
    start: &[f64],
    log_likelihood: impl Fn(&[f64]) -> f64,
    of: impl Fn(&[f64]) -> P,
) -> Option<Fit<P>> {
    let minus_ll = |v: &[f64]| {
        let ll = if within_search(v) {
            log_likelihood(v)
        } else {
            f64::NAN
        };
        if ll.is_finite() { -ll } else { f64::INFINITY }
    };
    let (best, value, converged) = nelder_mead(&minus_ll, start);
    let at_edge = best
        .iter()
        .map(|v| v.exp())
        .any(|p| p < EDGE.0 || p > EDGE.1);
    value.is_finite().then(|| Fit {
        params: of(&best),
        log_likelihood: -value,
        converged,
        at_edge,
    })
}

/// Minimises `f` from `start` with the Nelder-Mead simplex; the best point, its value, and
/// whether the simplex settled within the iterations allowed.
fn nelder_mead(f: &dyn Fn(&[f64]) -> f64, start: &[f64]) -> (Vec<f64>, f64, bool) {
    let n = start.len();
    let mut simplex: Vec<Vec<f64>> = vec![start.to_vec()];
    for i in 0..n {
        let mut point = start.to_vec();
        point[i] += 0.5;
        simplex.push(point);
    }
    let mut values: Vec<f64> = simplex.iter().map(|p| f(p)).collect();
    let mut converged = false;
    for _ in 0..20_000 {
        // Sort best first.
        let mut order: Vec<usize> = (0..=n).collect();
        order.sort_by(|&i, &j| values[i].total_cmp(&values[j]));
        simplex = order.iter().map(|&i| simplex[i].clone()).collect();
        values = order.iter().map(|&i| values[i]).collect();
        let spread = (values[n] - values[0]).abs();
        let size = simplex[1..]
            .iter()
            .flat_map(|p| p.iter().zip(&simplex[0]).map(|(a, b)| (a - b).abs()))
            .fold(0.0_f64, f64::max);
        if spread <= 1e-10 * (1.0 + values[0].abs()) && size < 1e-8 {
            converged = true;
            break;
        }
        let centroid: Vec<f64> = (0..n)
            .map(|d| simplex[..n].iter().map(|p| p[d]).sum::<f64>() / n as f64)
            .collect();
        let towards = |t: f64| -> Vec<f64> {
            centroid
                .iter()
                .zip(&simplex[n])
                .map(|(c, w)| c + t * (w - c))
                .collect()
        };
        let reflected = towards(-1.0);
        let fr = f(&reflected);
        if fr < values[0] {
            let expanded = towards(-2.0);
            let fe = f(&expanded);
            if fe < fr {
                simplex[n] = expanded;
                values[n] = fe;
            } else {
                simplex[n] = reflected;
                values[n] = fr;
            }
        } else if fr < values[n - 1] {
            simplex[n] = reflected;
            values[n] = fr;
        } else {
            let (contracted, fc) = if fr < values[n] {
                let c = towards(-0.5);
                let fc = f(&c);
                (c, fc)
            } else {
                let c = towards(0.5);
                let fc = f(&c);
                (c, fc)
            };
            if fc < values[n].min(fr) {
                simplex[n] = contracted;
                values[n] = fc;
            } else {
                // Shrink towards the best point.
                for i in 1..=n {
                    let point: Vec<f64> = simplex[i]
                        .iter()
                        .zip(&simplex[0])
                        .map(|(p, b)| b + 0.5 * (p - b))
                        .collect();
                    values[i] = f(&point);
                    simplex[i] = point;
                }
            }
        }
    }
    let best = (0..=n)
        .min_by(|&i, &j| values[i].total_cmp(&values[j]))
        .unwrap_or(0);
    (simplex[best].clone(), values[best], converged)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_history_counts_purchase_days_in_weeks_and_repeat_spend() {
        let purchases = vec![
            ("a", day(2026, 1, 1), 10.0),
            // Two orders on one day: one purchase of 30.
            ("a", day(2026, 1, 15), 20.0),
            ("a", day(2026, 1, 15), 10.0),
            ("b", day(2026, 1, 8), 5.0),
            ("a", day(2026, 1, 29), 50.0),
            // After the last day counted.
            ("a", day(2026, 3, 1), 99.0),
        ];
        let out = histories(&purchases, day(2026, 2, 26));
        assert_eq!(out[0].0, "a");
        assert_eq!(
            out[0].1,
            History {
                frequency: 2,
                recency: 4.0,
                age: 8.0,
                spend: Some(40.0),
            }
        );
        assert_eq!(
            out[1].1,
            History {
                frequency: 0,
                recency: 0.0,
                age: 7.0,
                spend: None,
            }
        );
    }

    #[test]
    fn the_grouped_likelihood_is_the_sum_of_each_customer_s() {
        let model = BgNbd {
            r: 0.5,
            alpha: 3.0,
            a: 0.8,
            b: 2.0,
        };
        let customers = [
            (0, 0.0, 10.0),
            (2, 4.0, 12.0),
            (2, 7.5, 9.0),
            (5, 20.0, 21.0),
        ];
        let histories: Vec<History> = customers
            .iter()
            .map(|&(frequency, recency, age)| History {
                frequency,
                recency,
                age,
                spend: None,
            })
            .collect();
        let each: f64 = histories.iter().map(|h| model.log_likelihood(h)).sum();
        let groups = vec![
            (0, vec![(0.0, 10.0)]),
            (2, vec![(4.0, 12.0), (7.5, 9.0)]),
            (5, vec![(20.0, 21.0)]),
        ];
        assert!((model.log_likelihood_of_groups(&groups) - each).abs() < 1e-9);
    }

    #[test]
    fn the_likelihood_of_three_customers_is_counted_by_hand() {
        let (r, alpha, a, b) = (0.5_f64, 3.0_f64, 0.8_f64, 2.0_f64);
        let model = BgNbd { r, alpha, a, b };
        let history = |frequency, recency, age| History {
            frequency,
            recency,
            age,
            spend: None,
        };
        // No repeat purchase in 10 weeks: (α / (α + T))^r.
        let none = r * (alpha / (alpha + 10.0)).ln();
        // One repeat purchase (x = 1): with B(a, b + 1) / B(a, b) = b / (a + b) and
        // B(a + 1, b) / B(a, b) = a / (a + b), and Γ(r + 1) / Γ(r) = r,
        // b/(a+b) · r α^r / (α + T)^(r+1) + a/(a+b) · r α^r / (α + tₓ)^(r+1).
        let one = |recency: f64, age: f64| {
            let tail = |t: f64| r * alpha.powf(r) / (alpha + t).powf(r + 1.0);
            (b / (a + b) * tail(age) + a / (a + b) * tail(recency)).ln()
        };
        let by_hand = none + one(4.0, 12.0) + one(7.5, 9.0);
        let counted: f64 = [
            history(0, 0.0, 10.0),
            history(1, 4.0, 12.0),
            history(1, 7.5, 9.0),
        ]
        .iter()
        .map(|h| model.log_likelihood(h))
        .sum();
        assert!((counted - by_hand).abs() < 1e-12, "{counted} {by_hand}");
    }

    #[test]
    fn expected_spend_is_counted_by_hand() {
        let model = GammaGamma {
            p: 6.25,
            q: 3.74,
            gamma: 15.44,
        };
        let repeat = History {
            frequency: 2,
            recency: 10.0,
            age: 20.0,
            spend: Some(30.0),
        };
        // (γ + x m) p / (p x + q − 1) = 75.44 × 6.25 / 15.24 = 471.5 / 15.24.
        assert!((model.expected_spend(&repeat) - 471.5 / 15.24).abs() < 1e-12);
        // Without a repeat purchase, the mean p γ / (q − 1) = 96.5 / 2.74.
        let once = History {
            frequency: 0,
            recency: 0.0,
            age: 20.0,
            spend: None,
        };
        assert!((model.expected_spend(&once) - 96.5 / 2.74).abs() < 1e-12);
    }

    #[test]
    fn the_hypergeometric_series_meets_closed_forms() {
        // ₂F₁(1, 1; 2; z) = −ln(1 − z) / z.
        let z: f64 = 0.6;
        assert!((hyp2f1(1.0, 1.0, 2.0, z) - (-(1.0 - z).ln() / z)).abs() < 1e-12);
        // ₂F₁(a, b; b; z) = (1 − z)^(−a).
        assert!((hyp2f1(2.5, 3.0, 3.0, 0.3) - 0.7_f64.powf(-2.5)).abs() < 1e-12);
    }

    #[test]
    fn a_customer_without_repeat_purchases_is_certainly_active_in_the_model() {
        let model = BgNbd {
            r: 0.243,
            alpha: 4.414,
            a: 0.793,
            b: 2.426,
        };
        let once = History {
            frequency: 0,
            recency: 0.0,
            age: 30.0,
            spend: None,
        };
        assert_eq!(model.p_alive(&once), 1.0);
        // By hand: a/(b + x − 1) = 0.793 / 3.426, ((α + T)/(α + t_x))^(r + x) with x = 2,
        // t_x = 10, T = 38.86.
        let h = History {
            frequency: 2,
            recency: 10.0,
            age: 38.86,
            spend: Some(20.0),
        };
        let ratio = ((4.414_f64 + 38.86) / (4.414 + 10.0)).powf(2.243);
        let expected = 1.0 / (1.0 + 0.793 / 3.426 * ratio);
        assert!((model.p_alive(&h) - expected).abs() < 1e-12);
    }
}
