//! Engagement charts: how the scores spread, reviews per period and the social engagement
//! rate per period, built from the engagement figures.

use crate::analysis::engagement::{CustomerEngagement, ReviewSummary, SocialSummary};
use crate::charts::{Annotation, Axis, Chart, Series, SeriesKind, palette};
use crate::i18n::Lang;

/// An event type's name in the language.
pub fn event_label(lang: Lang, event: &str) -> String {
    match event {
        "like" => lang.t("Like", "Mi piace").to_string(),
        "comment" => lang.t("Comment", "Commento").to_string(),
        "share" => lang.t("Share", "Condivisione").to_string(),
        "review" => lang.t("Review", "Recensione").to_string(),
        "sign_up" => lang
            .t("Loyalty card sign-up", "Iscrizione alla tessera")
            .to_string(),
        "referral" => lang.t("Referral", "Passaparola").to_string(),
        "points_earned" => lang.t("Points earned", "Punti accumulati").to_string(),
        "points_redeemed" => lang.t("Points redeemed", "Punti utilizzati").to_string(),
        other => other.replace('_', " "),
    }
}

/// A customer's events in words: "Review × 2, Points earned 1,224".
pub fn events_text(lang: Lang, events: &std::collections::BTreeMap<String, u32>) -> String {
    events
        .iter()
        .map(|(event, n)| {
            let label = event_label(lang, event);
            if event.starts_with("points_") {
                format!("{label} {}", lang.count(*n))
            } else {
                format!("{label} × {n}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Customers per tenth of the score (0-10, 10-20, ... 90-100; 100 is in the last bar).
pub fn score_bins(scores: &[CustomerEngagement]) -> [u32; 10] {
    let mut bins = [0u32; 10];
    for score in scores {
        let bin = ((score.score / 10.0).floor() as usize).min(9);
        bins[bin] += 1;
    }
    bins
}

fn bars(points: Vec<[f64; 2]>, hover: Vec<String>, name: String) -> Series {
    Series {
        name,
        color: palette::MAIN,
        kind: SeriesKind::Bars {
            stacked_on: vec![],
            horizontal: false,
        },
        points,
        hover,
    }
}

fn line(points: Vec<[f64; 2]>, hover: Vec<String>, name: String) -> Series {
    Series {
        name,
        color: palette::MAIN,
        kind: SeriesKind::Line,
        points,
        hover,
    }
}

/// How many customers have each score, in tenths.
pub fn score_distribution_chart(
    lang: Lang,
    scores: &[CustomerEngagement],
    subtitle: &str,
) -> Chart {
    let bins = score_bins(scores);
    let labels: Vec<String> = (0..10)
        .map(|i| format!("{}-{}", i * 10, i * 10 + 10))
        .collect();
    let most = bins.iter().copied().max().unwrap_or(0).max(1);
    Chart {
        id: "engagement_scores",
        title: lang
            .t(
                "How engaged customers are",
                "Quanto sono coinvolti i clienti",
            )
            .to_string(),
        subtitle: subtitle.to_string(),
        x: Axis {
            label: lang
                .t(
                    "Engagement score (100 = most engaged)",
                    "Punteggio di coinvolgimento (100 = il più coinvolto)",
                )
                .to_string(),
            categories: labels.clone(),
            ..Axis::default()
        },
        y: Axis {
            label: lang.t("Customers", "Clienti").to_string(),
            range: Some((0.0, f64::from(most) * 1.12)),
            ..Axis::default()
        },
        series: vec![bars(
            bins.iter()
                .enumerate()
                .map(|(i, n)| [i as f64, f64::from(*n)])
                .collect(),
            bins.iter()
                .zip(&labels)
                .map(|(n, label)| {
                    format!(
                        "{label}: {} {}",
                        lang.count(*n),
                        lang.t("customers", "clienti")
                    )
                })
                .collect(),
            lang.t("Customers", "Clienti").to_string(),
        )],
        reference_lines: vec![],
        annotations: bins
            .iter()
            .enumerate()
            .map(|(i, n)| Annotation {
                at: [i as f64, f64::from(*n) + f64::from(most) * 0.05],
                text: lang.count(*n),
            })
            .collect(),
    }
}

/// A line over periods: one point per `(label, value, hover)`.
fn period_line(
    lang: Lang,
    id: &'static str,
    title: &str,
    subtitle: &str,
    y: Axis,
    points: Vec<(String, f64, String)>,
) -> Chart {
    Chart {
        id,
        title: title.to_string(),
        subtitle: subtitle.to_string(),
        x: Axis {
            label: lang.t("Period", "Periodo").to_string(),
            categories: points.iter().map(|p| p.0.clone()).collect(),
            ..Axis::default()
        },
        series: vec![line(
            points
                .iter()
                .enumerate()
                .map(|(i, p)| [i as f64, p.1])
                .collect(),
            points.iter().map(|p| p.2.clone()).collect(),
            y.label.clone(),
        )],
        y,
        reference_lines: vec![],
        annotations: vec![],
    }
}

/// Mean stars per period, with the number of reviews under each point.
pub fn reviews_chart(lang: Lang, reviews: &ReviewSummary, subtitle: &str) -> Chart {
    let periods = &reviews.by_period;
    let mut chart = period_line(
        lang,
        "engagement_reviews",
        lang.t("Reviews: mean stars", "Recensioni: media delle stelle"),
        subtitle,
        Axis {
            label: lang.t("Mean stars", "Media stelle").to_string(),
            range: Some((0.0, 5.2)),
            ..Axis::default()
        },
        periods
            .iter()
            .map(|p| {
                let hover = format!(
                    "{}: {} ({} {})",
                    lang.period(&p.period),
                    lang.number(p.mean_rating, 2),
                    lang.count(p.count),
                    lang.t("reviews", "recensioni")
                );
                (lang.period(&p.period), p.mean_rating, hover)
            })
            .collect(),
    );
    chart.annotations = periods
        .iter()
        .enumerate()
        .map(|(i, p)| Annotation {
            at: [i as f64, 0.3],
            text: format!("n={}", p.count),
        })
        .collect();
    chart
}

/// Social engagement rate (interactions / reach) per period.
pub fn social_chart(lang: Lang, social: &SocialSummary, subtitle: &str) -> Chart {
    period_line(
        lang,
        "engagement_social",
        lang.t("Social engagement rate", "Tasso di coinvolgimento social"),
        subtitle,
        Axis {
            label: lang
                .t("Interactions / reach", "Interazioni / copertura")
                .to_string(),
            unit: " %",
            ..Axis::default()
        },
        social
            .by_period
            .iter()
            .map(|p| {
                let hover = format!(
                    "{}: {} ({} {}, {} {})",
                    lang.period(&p.period),
                    lang.percent(p.engagement_rate, 2),
                    lang.count(p.posts),
                    lang.t("posts", "post"),
                    lang.number(p.interactions, 0),
                    lang.t("interactions", "interazioni")
                );
                (lang.period(&p.period), 100.0 * p.engagement_rate, hover)
            })
            .collect(),
    )
}

/// The page's charts for a report: score distribution, and reviews and social when loaded.
pub fn page_charts(lang: Lang, view: &crate::workspace::EngagementView) -> Vec<Chart> {
    let subtitle = format!(
        "{} {}",
        lang.count(view.scores.len() as u64),
        lang.t("customers with events", "clienti con eventi")
    );
    let mut charts = vec![score_distribution_chart(lang, &view.scores, &subtitle)];
    if let Some(reviews) = &view.reviews {
        charts.push(reviews_chart(lang, reviews, ""));
    }
    if let Some(social) = &view.social {
        charts.push(social_chart(lang, social, ""));
    }
    charts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_fall_in_tenths_with_100_in_the_last() {
        let engaged = |score: f64| CustomerEngagement {
            customer: String::new(),
            raw: score,
            score,
            events: Default::default(),
        };
        let bins = score_bins(&[engaged(0.0), engaged(9.99), engaged(10.0), engaged(100.0)]);
        assert_eq!(bins, [2, 1, 0, 0, 0, 0, 0, 0, 0, 1]);
        let chart = score_distribution_chart(Lang::It, &[engaged(55.0)], "");
        assert_eq!(chart.series[0].points[5], [5.0, 1.0]);
        assert!(chart.title.starts_with("Quanto"));
    }

    #[test]
    fn trend_charts_plot_each_period_s_figure() {
        use crate::analysis::engagement::{ReviewPeriod, SocialGroup};
        let reviews = ReviewSummary {
            by_period: vec![ReviewPeriod {
                period: "2026-01".to_string(),
                count: 3,
                mean_rating: 4.5,
            }],
            ..ReviewSummary::default()
        };
        let chart = reviews_chart(Lang::En, &reviews, "");
        assert_eq!(chart.series[0].points, [[0.0, 4.5]]);
        assert_eq!(chart.annotations[0].text, "n=3");
        let social = SocialSummary {
            by_period: vec![SocialGroup {
                period: "2014-12".to_string(),
                posts: 2,
                interactions: 50.0,
                reach: 1000.0,
                engagement_rate: 0.05,
            }],
            ..SocialSummary::default()
        };
        let chart = social_chart(Lang::En, &social, "");
        assert_eq!(chart.series[0].points, [[0.0, 5.0]]);
        assert_eq!(chart.x.categories, ["Dec 2014"]);
    }
}
