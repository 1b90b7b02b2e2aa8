//! The NPS page's charts, built from the NPS analysis results.

use crate::analysis::nps::{NpsGroup, NpsSummary, PeriodNps, SegmentNps};
use crate::analysis::period::Period;
use crate::charts::{Annotation, Axis, Chart, ReferenceLine, Rgb, Series, SeriesKind, palette};
use crate::i18n::Lang;
use crate::workspace::NpsView;

fn nps_with_moe(lang: Lang, s: &NpsSummary) -> String {
    format!(
        "NPS {} ± {}",
        lang.signed(s.nps, 1),
        lang.number(s.margin_of_error, 1)
    )
}

fn summary_hover(lang: Lang, label: &str, s: &NpsSummary) -> String {
    let small = if s.responses < 30 {
        lang.t(" (small sample)", " (campione piccolo)")
    } else {
        ""
    };
    format!(
        "{label}\n{}\n{} {}{small}\n{} {} · {} {} · {} {}",
        nps_with_moe(lang, s),
        lang.count(s.responses),
        lang.t("responses", "risposte"),
        lang.count(s.promoters),
        lang.t("promoters", "promotori"),
        lang.count(s.passives),
        lang.t("passives", "passivi"),
        lang.count(s.detractors),
        lang.t("detractors", "detrattori"),
    )
}

/// A group's name with its scores, in the language.
pub fn group_label(lang: Lang, group: NpsGroup) -> &'static str {
    match group {
        NpsGroup::Detractor => lang.t("Detractors (0-6)", "Detrattori (0-6)"),
        NpsGroup::Passive => lang.t("Passives (7-8)", "Passivi (7-8)"),
        NpsGroup::Promoter => lang.t("Promoters (9-10)", "Promotori (9-10)"),
    }
}

/// The period's name in the language, for axis labels.
pub fn period_name(lang: Lang, period: Period) -> &'static str {
    match period {
        Period::Week => lang.t("Week", "Settimana"),
        Period::Month => lang.t("Month", "Mese"),
        Period::Quarter => lang.t("Quarter", "Trimestre"),
    }
}

/// NPS per period as a line, with its 95 % margin of error as a band.
pub fn trend_chart(lang: Lang, period: Period, points: &[PeriodNps], subtitle: &str) -> Chart {
    let starts: Vec<chrono::NaiveDate> = points.iter().map(|p| p.start).collect();
    let (categories, x) = crate::charts::period_axis(lang, period, &starts);
    let xy: Vec<[f64; 2]> = points
        .iter()
        .zip(&x)
        .map(|(p, x)| [*x, p.summary.nps])
        .collect();
    let hover: Vec<String> = points
        .iter()
        .map(|p| summary_hover(lang, &lang.period(&p.period), &p.summary))
        .collect();
    let lower = points
        .iter()
        .map(|p| (p.summary.nps - p.summary.margin_of_error).max(-100.0))
        .collect();
    let upper = points
        .iter()
        .map(|p| (p.summary.nps + p.summary.margin_of_error).min(100.0))
        .collect();
    Chart {
        id: "nps_trend",
        title: lang.t("NPS over time", "NPS nel tempo").to_string(),
        subtitle: subtitle.to_string(),
        x: Axis {
            label: period_name(lang, period).to_string(),
            categories,
            ..Axis::default()
        },
        y: Axis {
            label: "NPS".to_string(),
            range: Some((-100.0, 100.0)),
            ..Axis::default()
        },
        series: vec![
            Series {
                name: lang
                    .t("95 % margin of error", "margine di errore al 95 %")
                    .to_string(),
                color: palette::BAND,
                kind: SeriesKind::Band { lower, upper },
                points: xy.clone(),
                hover: hover.clone(),
            },
            Series {
                name: "NPS".to_string(),
                color: palette::MAIN,
                kind: SeriesKind::Line,
                points: xy,
                hover,
            },
        ],
        reference_lines: vec![ReferenceLine {
            // Unnamed: the zero line needs no legend entry.
            name: String::new(),
            value: 0.0,
            color: Rgb(0x80, 0x80, 0x80),
        }],
        // The number of responses under each point: a wide band is explained by a small n.
        annotations: points
            .iter()
            .zip(&x)
            .map(|(p, x)| Annotation {
                at: [*x, -90.0],
                text: format!("n={}", p.summary.responses),
            })
            .collect(),
    }
}

/// Shares of detractors, passives and promoters per period, stacked to 100 %.
pub fn groups_chart(lang: Lang, period: Period, points: &[PeriodNps], subtitle: &str) -> Chart {
    let starts: Vec<chrono::NaiveDate> = points.iter().map(|p| p.start).collect();
    let (categories, x) = crate::charts::period_axis(lang, period, &starts);
    let share = |count: u32, s: &NpsSummary| {
        if s.responses == 0 {
            0.0
        } else {
            100.0 * f64::from(count) / f64::from(s.responses)
        }
    };
    let group = |name: &str, color: Rgb, count: fn(&NpsSummary) -> u32, stacked_on: Vec<usize>| {
        let hover = points
            .iter()
            .map(|p| {
                format!(
                    "{}\n{name}: {} ({})\n{} {}",
                    lang.period(&p.period),
                    lang.count(count(&p.summary)),
                    lang.percent(share(count(&p.summary), &p.summary) / 100.0, 1),
                    lang.count(p.summary.responses),
                    lang.t("responses", "risposte"),
                )
            })
            .collect();
        Series {
            name: name.to_string(),
            color,
            kind: SeriesKind::Bars {
                stacked_on,
                horizontal: false,
            },
            points: points
                .iter()
                .zip(&x)
                .map(|(p, x)| [*x, share(count(&p.summary), &p.summary)])
                .collect(),
            hover,
        }
    };
    Chart {
        id: "nps_groups",
        title: lang
            .t(
                "Promoters, passives and detractors",
                "Promotori, passivi e detrattori",
            )
            .to_string(),
        subtitle: subtitle.to_string(),
        x: Axis {
            label: period_name(lang, period).to_string(),
            categories,
            ..Axis::default()
        },
        y: Axis {
            label: lang
                .t("Share of responses", "Quota di risposte")
                .to_string(),
            range: Some((0.0, 100.0)),
            unit: " %",
            ..Axis::default()
        },
        series: vec![
            group(
                lang.t("Detractors", "Detrattori"),
                palette::DETRACTOR,
                |s| s.detractors,
                vec![],
            ),
            group(
                lang.t("Passives", "Passivi"),
                palette::PASSIVE,
                |s| s.passives,
                vec![0],
            ),
            group(
                lang.t("Promoters", "Promotori"),
                palette::PROMOTER,
                |s| s.promoters,
                vec![0, 1],
            ),
        ],
        reference_lines: vec![],
        annotations: vec![],
    }
}

/// How many answered each score 0-10, coloured by group.
pub fn distribution_chart(lang: Lang, counts: &[u32; 11], subtitle: &str) -> Chart {
    let total: u32 = counts.iter().sum();
    let bars = |name: &str, color: Rgb, scores: std::ops::RangeInclusive<usize>| {
        let points: Vec<[f64; 2]> = scores
            .clone()
            .map(|s| [s as f64, f64::from(counts[s])])
            .collect();
        let hover = scores
            .map(|s| {
                let share = if total == 0 {
                    0.0
                } else {
                    f64::from(counts[s]) / f64::from(total)
                };
                format!(
                    "{} {s}: {} ({})",
                    lang.t("Score", "Voto"),
                    lang.count(counts[s]),
                    lang.percent(share, 1)
                )
            })
            .collect();
        Series {
            name: name.to_string(),
            color,
            kind: SeriesKind::Bars {
                stacked_on: vec![],
                horizontal: false,
            },
            points,
            hover,
        }
    };
    Chart {
        id: "nps_scores",
        title: lang.t("Scores from 0 to 10", "Voti da 0 a 10").to_string(),
        subtitle: subtitle.to_string(),
        x: Axis {
            label: lang.t("Score", "Voto").to_string(),
            categories: (0..=10).map(|s| s.to_string()).collect(),
            ..Axis::default()
        },
        y: Axis {
            label: lang.t("Responses", "Risposte").to_string(),
            ..Axis::default()
        },
        series: vec![
            bars(
                lang.t("Detractors", "Detrattori"),
                palette::DETRACTOR,
                0..=6,
            ),
            bars(lang.t("Passives", "Passivi"), palette::PASSIVE, 7..=8),
            bars(lang.t("Promoters", "Promotori"), palette::PROMOTER, 9..=10),
        ],
        reference_lines: vec![],
        annotations: vec![],
    }
}

/// NPS per value of one category (store, channel, ...), best at the top, with margins of error.
pub fn segment_chart(lang: Lang, category: &str, segments: &[SegmentNps], subtitle: &str) -> Chart {
    let n = segments.len();
    // Horizontal bars count from the bottom: reverse so the best value is drawn on top.
    let position = |i: usize| (n - 1 - i) as f64;
    let mut categories = vec![String::new(); n];
    for (i, seg) in segments.iter().enumerate() {
        // Each bar says how many answers it stands on, and flags a small sample in words.
        let responses = lang.count(seg.summary.responses);
        categories[n - 1 - i] = if seg.summary.is_small_sample() {
            format!(
                "{} (n={responses}, {})",
                seg.value,
                lang.t("small sample", "campione piccolo")
            )
        } else {
            format!("{} (n={responses})", seg.value)
        };
    }
    let hover: Vec<String> = segments
        .iter()
        .map(|s| summary_hover(lang, &s.value, &s.summary))
        .collect();
    Chart {
        id: "nps_by_segment",
        title: format!("{} {category}", lang.t("NPS by", "NPS per")),
        subtitle: subtitle.to_string(),
        x: Axis {
            label: "NPS".to_string(),
            range: Some((-100.0, 100.0)),
            ..Axis::default()
        },
        y: Axis {
            label: category.to_string(),
            categories,
            ..Axis::default()
        },
        series: vec![
            Series {
                name: "NPS".to_string(),
                color: palette::MAIN,
                kind: SeriesKind::Bars {
                    stacked_on: vec![],
                    horizontal: true,
                },
                points: segments
                    .iter()
                    .enumerate()
                    .map(|(i, s)| [position(i), s.summary.nps])
                    .collect(),
                hover: hover.clone(),
            },
            Series {
                name: lang
                    .t("95 % margin of error", "margine di errore al 95 %")
                    .to_string(),
                // Amber reads on the blue bar and on light and dark backgrounds alike.
                color: Rgb(0xe0, 0x8e, 0x0b),
                kind: SeriesKind::Whiskers {
                    lower: segments
                        .iter()
                        .map(|s| (s.summary.nps - s.summary.margin_of_error).max(-100.0))
                        .collect(),
                    upper: segments
                        .iter()
                        .map(|s| (s.summary.nps + s.summary.margin_of_error).min(100.0))
                        .collect(),
                    horizontal: true,
                },
                points: segments
                    .iter()
                    .enumerate()
                    .map(|(i, s)| [position(i), s.summary.nps])
                    .collect(),
                hover,
            },
        ],
        reference_lines: vec![],
        annotations: vec![],
    }
}

/// The NPS charts' subtitle, on screen and in exports: the days counted (the filter's, else
/// the answers' first and last), the store and channel when one is chosen, and the answers.
pub fn subtitle(lang: Lang, view: &NpsView) -> String {
    let span = view.date_span;
    let from = view.filter.from.or(span.map(|s| s.0));
    let to = match (view.filter.to, span) {
        (Some(to), Some((_, last))) => Some(to.min(last)),
        (to, span) => to.or(span.map(|s| s.1)),
    };
    let mut parts = Vec::new();
    if let (Some(from), Some(to)) = (from, to) {
        parts.push(format!("{} – {}", lang.date(from), lang.date(to)));
    }
    parts.extend(view.filter.store.clone());
    parts.extend(view.filter.channel.clone());
    parts.push(format!(
        "{} {}",
        lang.count(view.figures.summary.responses),
        lang.t("responses", "risposte")
    ));
    parts.join(" · ")
}

/// Every chart of the NPS page, in page order: trend and groups (when answers have dates),
/// scores, and NPS by each category. The window shows them and the report exports them.
pub fn page_charts(lang: Lang, view: &NpsView, subtitle: &str) -> Vec<Chart> {
    let period = view.filter.period;
    let mut charts = Vec::new();
    if !view.figures.by_period.is_empty() {
        charts.push(trend_chart(lang, period, &view.figures.by_period, subtitle));
        charts.push(groups_chart(
            lang,
            period,
            &view.figures.by_period,
            subtitle,
        ));
    }
    charts.push(distribution_chart(lang, &view.distribution, subtitle));
    for (category, breakdown) in &view.figures.by_category {
        let mut chart = segment_chart(lang, &category.name(lang), &breakdown.segments, subtitle);
        chart.id = segment_chart_id(category.role);
        charts.push(chart);
    }
    charts
}

/// Chart and table ids are file names in exports: one per kind of category.
pub fn segment_chart_id(role: crate::import::roles::Role) -> &'static str {
    match role {
        crate::import::roles::Role::Store => "nps_by_store",
        crate::import::roles::Role::Channel => "nps_by_channel",
        _ => "nps_by_category",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(p: u32, pa: u32, d: u32) -> NpsSummary {
        NpsSummary::from_counts(p, pa, d)
    }

    #[test]
    fn segment_chart_puts_the_best_value_on_top() {
        let segments = vec![
            SegmentNps {
                value: "Milano".into(),
                summary: summary(8, 1, 1),
            },
            SegmentNps {
                value: "Verona".into(),
                summary: summary(2, 1, 7),
            },
        ];
        let chart = segment_chart(Lang::En, "Store", &segments, "");
        assert_eq!(
            chart.y.categories,
            vec![
                "Verona (n=10, small sample)".to_string(),
                "Milano (n=10, small sample)".to_string()
            ]
        );
        // Milano: 80 % - 10 % = +70, drawn at the top (index 1).
        assert_eq!(chart.series[0].points[0], [1.0, 70.0]);
        assert_eq!(
            chart.y.tick_label(1.0).as_deref(),
            Some("Milano (n=10, small sample)")
        );
    }

    #[test]
    fn group_shares_stack_to_one_hundred() {
        let points = vec![PeriodNps {
            period: "2026-01".into(),
            start: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            summary: summary(5, 3, 2),
        }];
        let chart = groups_chart(Lang::It, Period::Month, &points, "");
        let total: f64 = chart.series.iter().map(|s| s.points[0][1]).sum();
        assert!((total - 100.0).abs() < 1e-9);
        assert_eq!(chart.series[0].points[0][1], 20.0);
        assert!(chart.series[2].hover[0].contains("50,0 %"));
    }

    #[test]
    fn distribution_colours_scores_by_group() {
        let mut counts = [0u32; 11];
        counts[3] = 2;
        counts[8] = 1;
        counts[10] = 4;
        let chart = distribution_chart(Lang::En, &counts, "");
        assert_eq!(chart.series[0].color, palette::DETRACTOR);
        assert_eq!(chart.series[0].points.len(), 7);
        assert_eq!(chart.series[2].points, vec![[9.0, 0.0], [10.0, 4.0]]);
        assert!(chart.series[2].hover[1].contains("57.1 %"));
    }

    #[test]
    fn the_trend_shows_each_point_s_responses_and_band() {
        let points = vec![
            PeriodNps {
                period: "2026-01".into(),
                start: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                summary: summary(5, 3, 2),
            },
            PeriodNps {
                period: "2026-02".into(),
                start: chrono::NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
                summary: summary(1, 0, 0),
            },
        ];
        let chart = trend_chart(Lang::En, Period::Month, &points, "");
        let texts: Vec<&str> = chart.annotations.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(texts, vec!["n=10", "n=1"]);
        // 5/3/2: NPS 30, MoE 1.96 * 100 * sqrt((0.7 - 0.09) / 10) = 48.41; the band is clamped
        // to the scale: 30 + 48.41 = 78.41 and 30 - 48.41 = -18.41.
        let SeriesKind::Band { lower, upper } = &chart.series[0].kind else {
            panic!("no band")
        };
        assert!((upper[0] - 78.408).abs() < 0.01 && (lower[0] + 18.408).abs() < 0.01);
        // One promoter out of one: +100 with a margin of 0, and the band stays within 100.
        assert_eq!((lower[1], upper[1]), (100.0, 100.0));
        assert_eq!(chart.x.categories, vec!["Jan 2026", "Feb 2026"]);
    }

    #[test]
    fn months_without_answers_stay_on_the_axis_as_gaps() {
        let month = |m: u32, summary| PeriodNps {
            period: format!("2026-{m:02}"),
            start: chrono::NaiveDate::from_ymd_opt(2026, m, 1).unwrap(),
            summary,
        };
        let points = vec![month(1, summary(1, 0, 0)), month(4, summary(0, 0, 1))];
        let chart = trend_chart(Lang::En, Period::Month, &points, "");
        assert_eq!(
            chart.x.categories,
            vec!["Jan 2026", "Feb 2026", "Mar 2026", "Apr 2026"]
        );
        assert_eq!(chart.series[1].points, vec![[0.0, 100.0], [3.0, -100.0]]);
        let groups = groups_chart(Lang::En, Period::Month, &points, "");
        assert_eq!(groups.series[0].points, vec![[0.0, 0.0], [3.0, 100.0]]);
    }
}
