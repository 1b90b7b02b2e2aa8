//! The Loyalty page's charts, built from the loyalty view: how cohorts keep buying, how often
//! customers come back within a period, who is in which RFM segment, how long customers have
//! been customers, and what the survey says per segment when answers name the customers.

use chrono::NaiveDate;

use crate::analysis::cohorts::{Cohort, CohortMeasure};
use crate::analysis::nps::{NpsGroup, SegmentNps as CategoryNps};
use crate::analysis::period::Period;
use crate::analysis::rfm::{CustomerRfm, Segment, TenureBucket};
use crate::charts::nps::{group_label, period_name, segment_chart};
use crate::charts::{Annotation, Axis, Chart, Rgb, Series, SeriesKind, palette};
use crate::i18n::Lang;
use crate::workspace::LoyaltyView;

/// How many cohort curves the report draws: more lines than this cannot be told apart.
pub const REPORT_CURVES: usize = 6;

/// Colours of the cohort curves, in turn: the Okabe-Ito set, which colour-blind readers tell
/// apart, without its yellow (unreadable on white paper).
const CURVE_COLORS: [Rgb; 6] = [
    Rgb(0x00, 0x72, 0xb2),
    Rgb(0xe6, 0x9f, 0x00),
    Rgb(0x00, 0x9e, 0x73),
    Rgb(0xcc, 0x79, 0xa7),
    Rgb(0xd5, 0x5e, 0x00),
    Rgb(0x56, 0xb4, 0xe9),
];

/// A segment's name in the language.
pub fn segment_name(lang: Lang, segment: Segment) -> &'static str {
    match segment {
        Segment::Champions => lang.t("Champions", "Campioni"),
        Segment::Loyal => lang.t("Loyal", "Fedeli"),
        Segment::PotentialLoyalists => lang.t("Potential loyalists", "Potenziali fedeli"),
        Segment::NewCustomers => lang.t("New customers", "Nuovi clienti"),
        Segment::Promising => lang.t("Promising", "Promettenti"),
        Segment::NeedsAttention => lang.t("Needs attention", "Da seguire"),
        Segment::AboutToSleep => lang.t("About to sleep", "Si stanno allontanando"),
        Segment::CantLoseThem => lang.t("Can't lose them", "Da non perdere"),
        Segment::AtRisk => lang.t("At risk", "A rischio"),
        Segment::Hibernating => lang.t("Hibernating", "Dormienti"),
    }
}

/// A customer's segment as the customers table and card show it: RFM scores rank customers
/// against each other, so a "Loyal" customer can be past the lapse window; then it says so
/// ("Loyal · lapsed") rather than leave the two pages of figures contradicting each other.
pub fn segment_text(lang: Lang, view: &LoyaltyView, customer: &CustomerRfm) -> String {
    let name = segment_name(lang, customer.segment);
    if customer.days_since_last_order > i64::from(view.lapse_window) {
        format!("{name} · {}", lang.t("lapsed", "perso"))
    } else {
        name.to_string()
    }
}

/// Why a customer is shown lapsed though their segment says otherwise.
pub fn lapsed_reason(lang: Lang, view: &LoyaltyView, customer: &CustomerRfm) -> Option<String> {
    (customer.days_since_last_order > i64::from(view.lapse_window)).then(|| {
        format!(
            "{} {} {} {} {}",
            lang.t("No order for", "Nessun ordine da"),
            lang.count(customer.days_since_last_order.max(0) as u64),
            lang.t(
                "days, more than the lapse window of",
                "giorni, più della finestra di abbandono di"
            ),
            lang.count(view.lapse_window),
            lang.t(
                "days. The segment ranks customers against each other by recency, frequency and value; lapsed says how long it has been.",
                "giorni. Il segmento confronta i clienti tra loro per recenza, frequenza e valore; perso dice quanto tempo è passato.",
            )
        )
    })
}

/// A tenure bucket in words: `0-3 months`, `1-3 years`, `3 years +` (`0-3 mesi`, `1-3 anni`,
/// `3 anni +`). Whole years are written as years once the bucket starts after the first year.
pub fn tenure_label(lang: Lang, bucket: &TenureBucket) -> String {
    let from = bucket.from_months;
    let in_years = from > 0
        && from.is_multiple_of(12)
        && bucket.to_months.is_none_or(|to| to.is_multiple_of(12));
    let (scale, one, many) = if in_years {
        (12, lang.t("year", "anno"), lang.t("years", "anni"))
    } else {
        (1, lang.t("month", "mese"), lang.t("months", "mesi"))
    };
    match bucket.to_months {
        Some(to) => format!("{}-{} {many}", from / scale, to / scale),
        None => {
            let unit = if from / scale == 1 { one } else { many };
            format!("{} {unit} +", from / scale)
        }
    }
}

/// "month", "week" or "quarter" in the language, lower case, for titles.
pub fn period_word(lang: Lang, period: Period) -> &'static str {
    match period {
        Period::Week => lang.t("week", "settimana"),
        Period::Month => lang.t("month", "mese"),
        Period::Quarter => lang.t("quarter", "trimestre"),
    }
}

/// The x axis of cohort curves: "Months since the first purchase".
fn periods_since_first_purchase(lang: Lang, period: Period) -> &'static str {
    match period {
        Period::Week => lang.t(
            "Weeks since the first purchase",
            "Settimane dal primo acquisto",
        ),
        Period::Month => lang.t("Months since the first purchase", "Mesi dal primo acquisto"),
        Period::Quarter => lang.t(
            "Quarters since the first purchase",
            "Trimestri dal primo acquisto",
        ),
    }
}

/// A cohort's legend name: its period and size, and a warning when it is a small sample.
pub fn cohort_label(lang: Lang, cohort: &Cohort) -> String {
    let customers = lang.count(cohort.customers);
    if cohort.small {
        format!(
            "{} (n={customers}, {})",
            lang.period(&cohort.cohort),
            lang.t("small sample", "campione piccolo")
        )
    } else {
        format!("{} (n={customers})", lang.period(&cohort.cohort))
    }
}

/// The chart id of the cohort curves of `measure`.
pub fn cohort_curves_id(measure: CohortMeasure) -> &'static str {
    match measure {
        CohortMeasure::Retention => "loyalty_retention",
        CohortMeasure::RevenuePerCustomer => "loyalty_revenue_per_customer",
    }
}

/// The cohorts drawn by default, as indexes into `view.cohorts`: the `REPORT_CURVES` with the
/// most history (the oldest: their curves run furthest) that are not small samples, or the
/// oldest when every cohort is small. The newest cohorts have a point or two, which says
/// nothing yet about whether customers come back.
pub fn default_curve_cohorts(view: &LoyaltyView) -> Vec<usize> {
    let large: Vec<usize> = (0..view.cohorts.len())
        .filter(|&i| !view.cohorts[i].small)
        .collect();
    let pool = if large.is_empty() {
        (0..view.cohorts.len()).collect()
    } else {
        large
    };
    pool.into_iter().take(REPORT_CURVES).collect()
}

/// One line per chosen cohort (indexes into `view.cohorts`): x = periods since the first
/// purchase (+0, +1, ...), y = retention in % or cumulative net revenue per customer.
pub fn cohort_curves(
    lang: Lang,
    view: &LoyaltyView,
    measure: CohortMeasure,
    chosen: &[usize],
    subtitle: &str,
) -> Chart {
    let period = view.filter.period;
    let cohorts: Vec<&Cohort> = chosen.iter().filter_map(|&i| view.cohorts.get(i)).collect();
    let width = cohorts
        .iter()
        .map(|c| c.cells(measure).len())
        .max()
        .unwrap_or(0);
    let highest = cohorts
        .iter()
        .flat_map(|c| c.cells(measure))
        .fold(0.0, |a: f64, b| a.max(*b));
    let (title, y) = match measure {
        CohortMeasure::Retention => (
            match lang {
                Lang::En => format!("Retention by first-purchase {}", period_word(lang, period)),
                Lang::It => format!(
                    "Fidelizzazione per {} del primo acquisto",
                    period_word(lang, period)
                ),
            },
            Axis {
                // Short: a long vertical label runs off an image 450 pixels high.
                label: lang
                    .t("Share of the cohort", "Quota della coorte")
                    .to_string(),
                range: Some((0.0, 100.0)),
                unit: " %",
                ..Axis::default()
            },
        ),
        CohortMeasure::RevenuePerCustomer => (
            match lang {
                Lang::En => format!(
                    "Cumulative revenue per customer by first-purchase {}",
                    period_word(lang, period)
                ),
                Lang::It => format!(
                    "Ricavi cumulati per cliente per {} del primo acquisto",
                    period_word(lang, period)
                ),
            },
            Axis {
                label: lang
                    .t("Net revenue per customer", "Ricavi netti per cliente")
                    .to_string(),
                // From zero, so the growth from the first purchase is seen at its true size.
                range: Some((0.0, highest.max(1.0))),
                ..Axis::default()
            },
        ),
    };
    let series = cohorts
        .iter()
        .enumerate()
        .map(|(i, cohort)| {
            let cells = cohort.cells(measure);
            let small = if cohort.small {
                lang.t(" (small sample)", " (campione piccolo)")
            } else {
                ""
            };
            let hover = cells
                .iter()
                .enumerate()
                .map(|(k, value)| {
                    let figure = match measure {
                        CohortMeasure::Retention => format!(
                            "{}: {}",
                            lang.t("Bought again", "Hanno ricomprato"),
                            lang.percent(*value, 1)
                        ),
                        CohortMeasure::RevenuePerCustomer => format!(
                            "{}: {}",
                            lang.t("Revenue per customer", "Ricavi per cliente"),
                            lang.number(*value, 2)
                        ),
                    };
                    format!(
                        "{} · +{k}\n{figure}\n{} {}{small}",
                        lang.period(&cohort.cohort),
                        lang.count(cohort.customers),
                        lang.t("customers", "clienti"),
                    )
                })
                .collect();
            let scale = match measure {
                CohortMeasure::Retention => 100.0,
                CohortMeasure::RevenuePerCustomer => 1.0,
            };
            Series {
                name: cohort_label(lang, cohort),
                color: CURVE_COLORS[i % CURVE_COLORS.len()],
                kind: SeriesKind::Line,
                points: cells
                    .iter()
                    .enumerate()
                    .map(|(k, value)| [k as f64, value * scale])
                    .collect(),
                hover,
            }
        })
        .collect();
    Chart {
        id: cohort_curves_id(measure),
        title,
        subtitle: subtitle.to_string(),
        x: Axis {
            label: periods_since_first_purchase(lang, period).to_string(),
            categories: (0..width).map(|k| format!("+{k}")).collect(),
            ..Axis::default()
        },
        y,
        series,
        reference_lines: vec![],
        annotations: vec![],
    }
}

/// The repeat purchase rate per period (customers who ordered twice or more in the period,
/// of those who ordered in it), with each period's customers under its point.
pub fn repeat_rate_chart(lang: Lang, view: &LoyaltyView, subtitle: &str) -> Chart {
    let period = view.filter.period;
    let points = &view.repeat_by_period;
    let starts: Vec<NaiveDate> = points.iter().map(|p| p.start).collect();
    let (categories, x) = crate::charts::period_axis(lang, period, &starts);
    let hover = points
        .iter()
        .map(|p| {
            let small = if p.customers < 30 {
                lang.t(" (small sample)", " (campione piccolo)")
            } else {
                ""
            };
            format!(
                "{}\n{}: {}\n{} {} {} {} {}{small}",
                lang.period(&p.period),
                lang.t("Repeat within the period", "Riacquisto nel periodo"),
                lang.percent(p.rate, 1),
                lang.count(p.repeat_customers),
                lang.t("of", "su"),
                lang.count(p.customers),
                lang.t("customers", "clienti"),
                lang.t("ordered twice or more", "hanno ordinato più volte"),
            )
        })
        .collect();
    let highest = points.iter().map(|p| p.rate * 100.0).fold(0.0, f64::max);
    // The customers' count goes under the line, below the lowest point.
    let note_at = -highest.max(10.0) * 0.08;
    Chart {
        id: "loyalty_repeat_rate",
        // Not "repeat purchase rate": that KPI counts customers who ordered twice in all the
        // dates (42 % on the demo); within one month far fewer do (5-21 %).
        title: lang
            .t(
                "Customers who ordered twice or more within each period",
                "Clienti che hanno ordinato più volte nello stesso periodo",
            )
            .to_string(),
        subtitle: subtitle.to_string(),
        x: Axis {
            label: period_name(lang, period).to_string(),
            categories,
            ..Axis::default()
        },
        y: Axis {
            label: lang.t("Share of customers", "Quota di clienti").to_string(),
            range: Some((note_at * 1.6, 0.0)),
            unit: " %",
            ..Axis::default()
        },
        series: vec![Series {
            name: lang
                .t("Repeat within the period", "Riacquisto nel periodo")
                .to_string(),
            color: palette::MAIN,
            kind: SeriesKind::Line,
            points: points
                .iter()
                .zip(&x)
                .map(|(p, x)| [*x, p.rate * 100.0])
                .collect(),
            hover,
        }],
        reference_lines: vec![],
        annotations: points
            .iter()
            .zip(&x)
            .map(|(p, x)| Annotation {
                at: [*x, note_at],
                text: format!("n={}", p.customers),
            })
            .collect(),
    }
}

fn share(part: f64, whole: f64) -> f64 {
    if whole == 0.0 { 0.0 } else { part / whole }
}

/// Customers per RFM segment as horizontal bars, in the order of the metrics.md table
/// (Champions on top), with the segment's revenue on hover.
pub fn segments_chart(lang: Lang, view: &LoyaltyView, subtitle: &str) -> Chart {
    let segments = &view.segments;
    let n = segments.len();
    let customers: f64 = segments.iter().map(|s| f64::from(s.customers)).sum();
    let revenue: f64 = segments.iter().map(|s| s.revenue).sum();
    // Horizontal bars count from the bottom: reverse so the first segment is drawn on top.
    let position = |i: usize| (n - 1 - i) as f64;
    let mut categories = vec![String::new(); n];
    for (i, s) in segments.iter().enumerate() {
        categories[n - 1 - i] = segment_name(lang, s.segment).to_string();
    }
    let most = segments
        .iter()
        .map(|s| f64::from(s.customers))
        .fold(1.0, f64::max);
    Chart {
        id: "loyalty_segments",
        title: lang.t("RFM segments", "Segmenti RFM").to_string(),
        subtitle: subtitle.to_string(),
        x: Axis {
            label: lang.t("Customers", "Clienti").to_string(),
            // Room right of the longest bar for its count.
            range: Some((0.0, most * 1.15)),
            ..Axis::default()
        },
        y: Axis {
            label: lang.t("Segment", "Segmento").to_string(),
            categories,
            ..Axis::default()
        },
        series: vec![Series {
            name: lang.t("Customers", "Clienti").to_string(),
            color: palette::MAIN,
            kind: SeriesKind::Bars {
                stacked_on: vec![],
                horizontal: true,
            },
            points: segments
                .iter()
                .enumerate()
                .map(|(i, s)| [position(i), f64::from(s.customers)])
                .collect(),
            hover: segments
                .iter()
                .map(|s| {
                    format!(
                        "{}\n{} {} ({})\n{}: {} ({})",
                        segment_name(lang, s.segment),
                        lang.count(s.customers),
                        lang.t("customers", "clienti"),
                        lang.percent(share(f64::from(s.customers), customers), 1),
                        lang.t("Net revenue", "Ricavi netti"),
                        lang.number(s.revenue + 0.0, 2),
                        lang.percent(share(s.revenue, revenue), 1),
                    )
                })
                .collect(),
        }],
        reference_lines: vec![],
        // Each bar's count written beside it: an image has no hover, and few axis labels.
        annotations: segments
            .iter()
            .enumerate()
            .map(|(i, s)| Annotation {
                at: [f64::from(s.customers) + most * 0.05, position(i)],
                text: lang.count(s.customers),
            })
            .collect(),
    }
}

/// Customers per tenure bucket (time since their first order), shortest tenure first.
pub fn tenure_chart(lang: Lang, view: &LoyaltyView, subtitle: &str) -> Chart {
    let buckets = &view.tenure;
    let customers: f64 = buckets.iter().map(|b| f64::from(b.customers)).sum();
    let most = buckets
        .iter()
        .map(|b| f64::from(b.customers))
        .fold(1.0, f64::max);
    Chart {
        id: "loyalty_tenure",
        title: lang
            .t(
                "How long they have been customers",
                "Da quanto sono clienti",
            )
            .to_string(),
        subtitle: subtitle.to_string(),
        x: Axis {
            label: lang
                .t("Time since the first order", "Tempo dal primo ordine")
                .to_string(),
            categories: buckets.iter().map(|b| tenure_label(lang, b)).collect(),
            ..Axis::default()
        },
        y: Axis {
            label: lang.t("Customers", "Clienti").to_string(),
            // Room above the tallest bar for its count.
            range: Some((0.0, most * 1.12)),
            ..Axis::default()
        },
        series: vec![Series {
            name: lang.t("Customers", "Clienti").to_string(),
            color: palette::MAIN,
            kind: SeriesKind::Bars {
                stacked_on: vec![],
                horizontal: false,
            },
            points: buckets
                .iter()
                .enumerate()
                .map(|(i, b)| [i as f64, f64::from(b.customers)])
                .collect(),
            hover: buckets
                .iter()
                .map(|b| {
                    format!(
                        "{}\n{} {} ({})\n{}: {}",
                        tenure_label(lang, b),
                        lang.count(b.customers),
                        lang.t("customers", "clienti"),
                        lang.percent(share(f64::from(b.customers), customers), 1),
                        lang.t("Net revenue", "Ricavi netti"),
                        lang.number(b.revenue + 0.0, 2),
                    )
                })
                .collect(),
        }],
        reference_lines: vec![],
        // Each bar's count written above it: an image has no hover, and few axis labels.
        annotations: buckets
            .iter()
            .enumerate()
            .map(|(i, b)| Annotation {
                at: [i as f64, f64::from(b.customers) + most * 0.05],
                text: lang.count(b.customers),
            })
            .collect(),
    }
}

/// NPS per RFM segment of the customers who answered the survey, drawn like the NPS page's
/// store and channel charts; `None` without linked answers.
pub fn nps_by_segment_chart(lang: Lang, view: &LoyaltyView, subtitle: &str) -> Option<Chart> {
    let survey = view.survey.as_ref()?;
    let segments: Vec<CategoryNps> = survey
        .by_segment
        .iter()
        .map(|s| CategoryNps {
            value: segment_name(lang, s.segment).to_string(),
            summary: s.nps,
        })
        .collect();
    let mut chart = segment_chart(
        lang,
        lang.t("RFM segment", "Segmento RFM"),
        &segments,
        subtitle,
    );
    chart.id = "loyalty_nps_by_segment";
    chart.title = lang
        .t("NPS by RFM segment", "NPS per segmento RFM")
        .to_string();
    // The answers are counted per customer too: one customer may have answered twice.
    for series in &mut chart.series {
        for (hover, s) in series.hover.iter_mut().zip(&survey.by_segment) {
            hover.push_str(&format!(
                "\n{} {}",
                lang.count(s.customers),
                lang.t("customers answered", "clienti hanno risposto")
            ));
        }
    }
    Some(chart)
}

fn group_color(group: NpsGroup) -> Rgb {
    match group {
        NpsGroup::Detractor => palette::DETRACTOR,
        NpsGroup::Passive => palette::PASSIVE,
        NpsGroup::Promoter => palette::PROMOTER,
    }
}

/// The repeat purchase rate of detractors, passives and promoters (by each customer's latest
/// answer): do happier customers come back more? `None` without linked answers.
pub fn repeat_by_nps_group_chart(lang: Lang, view: &LoyaltyView, subtitle: &str) -> Option<Chart> {
    let survey = view.survey.as_ref()?;
    let groups = &survey.by_group;
    let series = groups
        .iter()
        .enumerate()
        .map(|(i, g)| Series {
            name: group_label(lang, g.group).to_string(),
            color: group_color(g.group),
            kind: SeriesKind::Bars {
                stacked_on: vec![],
                horizontal: false,
            },
            points: vec![[i as f64, g.rate * 100.0]],
            hover: vec![format!(
                "{}\n{}: {}\n{} {} {} {}",
                group_label(lang, g.group),
                lang.t("Repeat purchase rate", "Tasso di riacquisto"),
                lang.percent(g.rate, 1),
                lang.count(g.repeat_customers),
                lang.t("of", "su"),
                lang.count(g.customers),
                lang.t(
                    "customers ordered twice or more",
                    "clienti hanno ordinato più volte"
                ),
            )],
        })
        .collect();
    Some(Chart {
        id: "loyalty_repeat_by_nps_group",
        title: lang
            .t("Repeat purchase by NPS group", "Riacquisto per gruppo NPS")
            .to_string(),
        subtitle: subtitle.to_string(),
        x: Axis {
            label: lang
                .t(
                    "Latest answer of the customer",
                    "Ultima risposta del cliente",
                )
                .to_string(),
            categories: groups
                .iter()
                .map(|g| group_label(lang, g.group).to_string())
                .collect(),
            ..Axis::default()
        },
        y: Axis {
            label: lang.t("Share of customers", "Quota di clienti").to_string(),
            range: Some((0.0, 100.0)),
            unit: " %",
            ..Axis::default()
        },
        series,
        reference_lines: vec![],
        // How many customers each bar stands on: few answers link to orders in a small shop.
        annotations: groups
            .iter()
            .enumerate()
            .map(|(i, g)| Annotation {
                at: [i as f64, g.rate * 100.0 + 4.0],
                text: format!("n={}", g.customers),
            })
            .collect(),
    })
}

/// Every chart of the Loyalty page for the report, in page order: retention and revenue
/// curves of the cohorts `default_curve_cohorts` picks, repeat rate, segments, tenure, and the
/// survey links when answers name customers.
pub fn page_charts(lang: Lang, view: &LoyaltyView, subtitle: &str) -> Vec<Chart> {
    let mut charts = Vec::new();
    if !view.cohorts.is_empty() {
        let chosen = default_curve_cohorts(view);
        for measure in [CohortMeasure::Retention, CohortMeasure::RevenuePerCustomer] {
            charts.push(cohort_curves(lang, view, measure, &chosen, subtitle));
        }
    }
    if !view.repeat_by_period.is_empty() {
        charts.push(repeat_rate_chart(lang, view, subtitle));
    }
    charts.push(segments_chart(lang, view, subtitle));
    charts.push(tenure_chart(lang, view, subtitle));
    charts.extend(nps_by_segment_chart(lang, view, subtitle));
    charts.extend(repeat_by_nps_group_chart(lang, view, subtitle));
    charts
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::Arc;

    use polars::prelude::DataFrame;

    use super::*;
    use crate::analysis::cohorts::{cohort_table, repeat_rate_by_period};
    use crate::analysis::linked::{GroupRepeat, SegmentNps, SurveyAndOrders};
    use crate::analysis::nps::NpsSummary;
    use crate::analysis::rfm::{customer_table, rfm_segments, tenure_buckets};
    use crate::analysis::sales::sales_summary;
    use crate::analysis::sales::tests::{close, date, shop};
    use crate::workspace::{LoyaltyFilter, OrderFrames};

    /// The loyalty view of the hand-checked shop of `analysis::sales::tests` as of 2026-02-11
    /// (the day after its last order), by month, with a 20-day lapse window, tenure buckets
    /// 0-1 month and 1 month +, and two linked survey answers.
    ///
    /// Figures, worked out by hand in the analysis tests:
    /// - cohorts 2025-12 (a): retention 1, 1, 0; revenue per customer 100, 170, 170.
    ///   2026-01 (b, c, d): retention 1, 1/3; revenue 55, 190/3. 2026-02 (e): 1; 35.
    /// - repeat rate: December 0 of 1, January 1 of 4 (a), February 0 of 2.
    /// - customers by net revenue: a 170 (3 orders, last 01-20, 22 days), b 120, c 45
    ///   (27 days), e 35, d 25; segments a Can't lose them, b Loyal, c At risk, d About to
    ///   sleep, e New customers. Lapsed after 20 days: a and c.
    /// - tenure: a and b 1 month (290), c, d and e 0 months (105).
    pub(crate) fn shop_view() -> LoyaltyView {
        let (orders, refunds) = shop();
        let as_of = date(2026, 2, 11);
        let filter = LoyaltyFilter {
            lapse_window: Some(20),
            tenure_starts: vec![0, 1],
            ..LoyaltyFilter::default()
        };
        let mut customers = customer_table(&orders, &refunds, as_of).unwrap();
        customers.sort_by(|a, b| b.net_revenue.total_cmp(&a.net_revenue));
        let lapsed = customers
            .iter()
            .enumerate()
            .filter(|(_, c)| c.days_since_last_order > 20)
            .map(|(i, _)| i)
            .collect();
        LoyaltyView {
            summary: sales_summary(&orders, &refunds, None, None).unwrap(),
            previous: None,
            as_of,
            date_span: (date(2025, 12, 20), date(2026, 2, 10)),
            stores: vec![],
            channels: vec![],
            cohorts: cohort_table(&orders, &refunds, filter.period, as_of).unwrap(),
            repeat_by_period: repeat_rate_by_period(&orders, filter.period, as_of).unwrap(),
            segments: rfm_segments(&customers),
            tenure: tenure_buckets(&customers, as_of, &filter.tenure_starts),
            names: std::collections::HashMap::new(),
            phones: std::collections::HashMap::new(),
            lapse_window: 20,
            default_lapse_window: 48,
            lapsed,
            customers,
            lines_without_customer: 1,
            survey: None,
            filter,
            frames: Arc::new(OrderFrames::new(
                DataFrame::empty(),
                DataFrame::empty(),
                Vec::new(),
            )),
        }
    }

    /// `shop_view` with survey links: a (Can't lose them) answered 3 and 5, b (Loyal) 10.
    pub(crate) fn shop_view_with_survey() -> LoyaltyView {
        let mut view = shop_view();
        view.survey = Some(SurveyAndOrders {
            customers: 2,
            by_segment: vec![
                SegmentNps {
                    segment: Segment::Loyal,
                    customers: 1,
                    nps: NpsSummary::from_counts(1, 0, 0),
                },
                SegmentNps {
                    segment: Segment::CantLoseThem,
                    customers: 1,
                    nps: NpsSummary::from_counts(0, 0, 2),
                },
            ],
            by_group: vec![
                GroupRepeat {
                    group: NpsGroup::Detractor,
                    customers: 1,
                    repeat_customers: 1,
                    rate: 1.0,
                },
                GroupRepeat {
                    group: NpsGroup::Promoter,
                    customers: 1,
                    repeat_customers: 1,
                    rate: 1.0,
                },
            ],
        });
        view
    }

    fn ys(series: &Series) -> Vec<f64> {
        series.points.iter().map(|p| p[1]).collect()
    }

    fn all_close(actual: &[f64], expected: &[f64]) -> bool {
        actual.len() == expected.len() && actual.iter().zip(expected).all(|(a, e)| close(*a, *e))
    }

    #[test]
    fn retention_curves_are_the_cohorts_retention_in_percent() {
        let view = shop_view();
        let chart = cohort_curves(Lang::En, &view, CohortMeasure::Retention, &[0, 1], "sub");
        assert_eq!(chart.id, "loyalty_retention");
        assert_eq!(chart.title, "Retention by first-purchase month");
        assert_eq!(chart.subtitle, "sub");
        assert_eq!(chart.x.categories, vec!["+0", "+1", "+2"]);
        assert_eq!(chart.series.len(), 2);
        assert!(all_close(&ys(&chart.series[0]), &[100.0, 100.0, 0.0]));
        assert!(all_close(&ys(&chart.series[1]), &[100.0, 100.0 / 3.0]));
        assert_eq!(chart.series[0].points[2][0], 2.0);
        assert_eq!(chart.series[1].name, "Jan 2026 (n=3, small sample)");
        assert!(
            chart.series[1].hover[1].contains("33.3 %"),
            "{:?}",
            chart.series[1].hover
        );
        assert_ne!(chart.series[0].color, chart.series[1].color);
        assert_eq!(chart.y.unit, " %");

        let italian = cohort_curves(Lang::It, &view, CohortMeasure::Retention, &[1], "");
        assert_eq!(italian.title, "Fidelizzazione per mese del primo acquisto");
        assert_eq!(italian.series[0].name, "gen 2026 (n=3, campione piccolo)");
        assert!(italian.series[0].hover[1].contains("33,3 %"));
        assert_eq!(italian.x.label, "Mesi dal primo acquisto");
    }

    #[test]
    fn revenue_curves_are_the_cumulative_revenue_per_customer() {
        let view = shop_view();
        let chart = cohort_curves(
            Lang::En,
            &view,
            CohortMeasure::RevenuePerCustomer,
            &[0, 1, 2],
            "",
        );
        assert_eq!(chart.id, "loyalty_revenue_per_customer");
        assert!(all_close(&ys(&chart.series[0]), &[100.0, 170.0, 170.0]));
        assert!(all_close(&ys(&chart.series[1]), &[55.0, 190.0 / 3.0]));
        assert!(all_close(&ys(&chart.series[2]), &[35.0]));
        assert!(chart.series[1].hover[1].contains("63.33"));
        // The axis starts at zero and reaches the highest value.
        assert_eq!(chart.y.range, Some((0.0, 170.0)));
        let italian = cohort_curves(Lang::It, &view, CohortMeasure::RevenuePerCustomer, &[1], "");
        assert!(italian.series[0].hover[1].contains("63,33"));
    }

    #[test]
    fn a_customer_past_the_lapse_window_is_said_lapsed_whatever_their_segment() {
        let view = shop_view();
        for c in &view.customers {
            let text = segment_text(Lang::En, &view, c);
            let lapsed = c.days_since_last_order > 20;
            assert_eq!(
                text.ends_with(" · lapsed"),
                lapsed,
                "{}: {text}",
                c.customer
            );
            assert!(text.starts_with(segment_name(Lang::En, c.segment)));
            assert_eq!(lapsed_reason(Lang::It, &view, c).is_some(), lapsed);
        }
        assert!(view.customers.iter().any(|c| c.days_since_last_order > 20));
        assert!(view.customers.iter().any(|c| c.days_since_last_order <= 20));
    }

    #[test]
    fn the_cohorts_with_the_most_history_that_are_not_small_are_drawn_by_default() {
        let mut view = shop_view();
        // Every cohort of the shop is small: the oldest ones, up to six.
        assert_eq!(default_curve_cohorts(&view), vec![0, 1, 2]);
        let template = view.cohorts[0].clone();
        view.cohorts = (0..9)
            .map(|i| Cohort {
                cohort: format!("c{i}"),
                small: i == 8 || i == 1,
                ..template.clone()
            })
            .collect();
        assert_eq!(default_curve_cohorts(&view), vec![0, 2, 3, 4, 5, 6]);
        for cohort in &mut view.cohorts {
            cohort.small = true;
        }
        assert_eq!(default_curve_cohorts(&view), vec![0, 1, 2, 3, 4, 5]);
        view.cohorts.clear();
        assert!(default_curve_cohorts(&view).is_empty());
    }

    #[test]
    fn repeat_rate_per_period_with_customers_under_each_point() {
        let mut view = shop_view();
        let chart = repeat_rate_chart(Lang::En, &view, "");
        assert_eq!(chart.x.categories, vec!["Dec 2025", "Jan 2026", "Feb 2026"]);
        let italian = repeat_rate_chart(Lang::It, &view, "");
        assert_eq!(
            italian.x.categories,
            vec!["dic 2025", "gen 2026", "feb 2026"]
        );
        assert_eq!(
            chart.series[0].points,
            vec![[0.0, 0.0], [1.0, 25.0], [2.0, 0.0]]
        );
        let notes: Vec<&str> = chart.annotations.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(notes, vec!["n=1", "n=4", "n=2"]);
        assert!(chart.series[0].hover[1].contains("1 of 4 customers"));
        let italian = repeat_rate_chart(Lang::It, &view, "");
        assert!(italian.series[0].hover[1].contains("1 su 4 clienti"));
        assert!(italian.series[0].hover[1].contains("25,0 %"));
        // A month without customers stays on the axis as a gap.
        view.repeat_by_period.remove(1);
        let gapped = repeat_rate_chart(Lang::En, &view, "");
        assert_eq!(gapped.x.categories.len(), 3);
        assert_eq!(gapped.series[0].points, vec![[0.0, 0.0], [2.0, 0.0]]);
    }

    #[test]
    fn segments_in_table_order_champions_on_top() {
        let view = shop_view();
        let chart = segments_chart(Lang::En, &view, "");
        assert_eq!(chart.y.categories.len(), 10);
        assert_eq!(chart.y.categories[9], "Champions");
        assert_eq!(chart.y.categories[0], "Hibernating");
        let bar = |name: &str| {
            let at = chart.y.categories.iter().position(|c| c == name).unwrap() as f64;
            let i = chart.series[0]
                .points
                .iter()
                .position(|p| p[0] == at)
                .unwrap();
            (
                chart.series[0].points[i][1],
                chart.series[0].hover[i].clone(),
            )
        };
        let (customers, hover) = bar("Can't lose them");
        assert_eq!(customers, 1.0);
        // a: 170 of 395 net revenue, 1 of 5 customers.
        assert!(hover.contains("170.00 (43.0 %)"), "{hover}");
        assert!(hover.contains("1 customers (20.0 %)"), "{hover}");
        assert_eq!(bar("Champions").0, 0.0);
        let total: f64 = ys(&chart.series[0]).iter().sum();
        assert_eq!(total, 5.0);
        // Each bar's count is written beside it, for images.
        let notes: Vec<&str> = chart.annotations.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(
            notes,
            vec!["0", "1", "0", "1", "0", "0", "1", "1", "1", "0"]
        );
        assert!(
            chart
                .annotations
                .iter()
                .zip(&chart.series[0].points)
                .all(|(a, p)| a.at[1] == p[0] && a.at[0] > p[1])
        );
        let italian = segments_chart(Lang::It, &view, "");
        assert_eq!(italian.y.categories[9], "Campioni");
        assert_eq!(italian.title, "Segmenti RFM");
    }

    #[test]
    fn tenure_buckets_in_words() {
        let bucket = |from_months, to_months| TenureBucket {
            from_months,
            to_months,
            customers: 0,
            revenue: 0.0,
        };
        let cases = [
            (bucket(0, Some(3)), "0-3 months", "0-3 mesi"),
            (bucket(6, Some(12)), "6-12 months", "6-12 mesi"),
            (bucket(12, Some(36)), "1-3 years", "1-3 anni"),
            (bucket(36, None), "3 years +", "3 anni +"),
            (bucket(12, None), "1 year +", "1 anno +"),
            (bucket(1, None), "1 month +", "1 mese +"),
            (bucket(12, Some(18)), "12-18 months", "12-18 mesi"),
        ];
        for (b, en, it) in cases {
            assert_eq!(tenure_label(Lang::En, &b), en);
            assert_eq!(tenure_label(Lang::It, &b), it);
        }
    }

    #[test]
    fn tenure_chart_counts_customers_per_bucket() {
        let view = shop_view();
        let chart = tenure_chart(Lang::En, &view, "");
        assert_eq!(chart.x.categories, vec!["0-1 months", "1 month +"]);
        assert_eq!(chart.series[0].points, vec![[0.0, 3.0], [1.0, 2.0]]);
        let notes: Vec<&str> = chart.annotations.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(notes, vec!["3", "2"]);
        // c 45 + d 25 + e 35 = 105; a 170 + b 120 = 290.
        assert!(chart.series[0].hover[0].contains("105.00"));
        assert!(chart.series[0].hover[1].contains("290.00"));
        assert!(chart.series[0].hover[1].contains("40.0 %"));
        let italian = tenure_chart(Lang::It, &view, "");
        assert_eq!(italian.x.categories, vec!["0-1 mesi", "1 mese +"]);
    }

    #[test]
    fn survey_charts_only_with_linked_answers() {
        let view = shop_view();
        assert!(nps_by_segment_chart(Lang::En, &view, "").is_none());
        assert!(repeat_by_nps_group_chart(Lang::En, &view, "").is_none());

        let view = shop_view_with_survey();
        let nps = nps_by_segment_chart(Lang::En, &view, "").unwrap();
        assert_eq!(nps.id, "loyalty_nps_by_segment");
        // Loyal first in table order, so on top: one promoter, +100; Can't lose them: -100.
        assert_eq!(
            nps.y.categories,
            vec![
                "Can't lose them (n=2, small sample)",
                "Loyal (n=1, small sample)"
            ]
        );
        assert_eq!(nps.series[0].points, vec![[1.0, 100.0], [0.0, -100.0]]);
        assert!(nps.series[0].hover[1].contains("1 customers answered"));
        let italian = nps_by_segment_chart(Lang::It, &view, "").unwrap();
        assert_eq!(italian.title, "NPS per segmento RFM");
        assert!(italian.y.categories[1].starts_with("Fedeli"));

        let repeat = repeat_by_nps_group_chart(Lang::En, &view, "").unwrap();
        assert_eq!(
            repeat.x.categories,
            vec!["Detractors (0-6)", "Promoters (9-10)"]
        );
        assert_eq!(repeat.series[0].points, vec![[0.0, 100.0]]);
        assert_eq!(repeat.series[0].color, palette::DETRACTOR);
        assert_eq!(repeat.series[1].points, vec![[1.0, 100.0]]);
        assert_eq!(repeat.series[1].color, palette::PROMOTER);
        let italian = repeat_by_nps_group_chart(Lang::It, &view, "").unwrap();
        assert!(italian.series[0].hover[0].contains("1 su 1 clienti"));
    }

    #[test]
    fn segment_names_in_both_languages() {
        for segment in Segment::ALL {
            // English names are those of metrics.md, as the analysis spells them.
            assert_eq!(segment_name(Lang::En, segment), segment.name());
            assert!(!segment_name(Lang::It, segment).is_empty());
        }
        assert_eq!(segment_name(Lang::It, Segment::AtRisk), "A rischio");
    }

    #[test]
    fn page_charts_have_stable_ids() {
        let ids = |view: &LoyaltyView| -> Vec<&'static str> {
            page_charts(Lang::En, view, "")
                .iter()
                .map(|c| c.id)
                .collect()
        };
        assert_eq!(
            ids(&shop_view()),
            vec![
                "loyalty_retention",
                "loyalty_revenue_per_customer",
                "loyalty_repeat_rate",
                "loyalty_segments",
                "loyalty_tenure",
            ]
        );
        assert_eq!(ids(&shop_view_with_survey()).len(), 7);
        assert!(ids(&shop_view_with_survey()).contains(&"loyalty_repeat_by_nps_group"));
    }
}
