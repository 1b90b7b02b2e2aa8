//! How good the customer predictions are on the shop's own orders, as a chart: the last weeks
//! held out and predicted from the weeks before, purchases made against those expected, per
//! number of earlier repeat purchases.

use crate::charts::{Axis, Chart, Series, SeriesKind, palette};
use crate::figures::predictions::Holdout;
use crate::i18n::Lang;

/// Purchases made (bars) and expected (line) in the weeks held out, per earlier repeat
/// purchases (0 to 6, then 7 or more).
pub fn holdout_chart(lang: Lang, holdout: &Holdout) -> Chart {
    let rows = &holdout.by_frequency;
    let last = rows.len().saturating_sub(1);
    let categories: Vec<String> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            if i == last {
                format!("{}+", r.frequency)
            } else {
                r.frequency.to_string()
            }
        })
        .collect();
    let hover = |i: usize| {
        let r = &rows[i];
        format!(
            "{}: {}\n{}: {}\n{}: {}",
            lang.t("Customers", "Clienti"),
            lang.count(r.customers as u64),
            lang.t("Purchases made", "Acquisti fatti"),
            lang.count(r.actual as u64),
            lang.t("Purchases expected", "Acquisti attesi"),
            lang.number(r.expected, 1)
        )
    };
    Chart {
        id: "predictions_holdout",
        title: lang
            .t(
                "How good the predictions are: the last weeks predicted from the weeks before",
                "Quanto sono buone le previsioni: le ultime settimane previste da quelle prima",
            )
            .to_string(),
        subtitle: match lang {
            Lang::En => format!(
                "Fitted on the purchases to {}, {} weeks held out: {} purchases expected, {} made",
                lang.date(holdout.calibration_end),
                holdout.weeks,
                lang.number(holdout.expected(), 0),
                lang.count(holdout.actual() as u64)
            ),
            Lang::It => format!(
                "Stimato sugli acquisti fino al {}, {} settimane escluse: {} acquisti attesi, {} fatti",
                lang.date(holdout.calibration_end),
                holdout.weeks,
                lang.number(holdout.expected(), 0),
                lang.count(holdout.actual() as u64)
            ),
        },
        x: Axis {
            label: lang
                .t("Repeat purchases before", "Acquisti ripetuti prima")
                .to_string(),
            categories,
            ..Axis::default()
        },
        y: Axis {
            label: lang
                .t(
                    "Purchases in the weeks held out",
                    "Acquisti nelle settimane escluse",
                )
                .to_string(),
            ..Axis::default()
        },
        series: vec![
            Series {
                name: lang.t("Made", "Fatti").to_string(),
                color: palette::BAND,
                kind: SeriesKind::Bars {
                    stacked_on: vec![],
                    horizontal: false,
                },
                points: rows
                    .iter()
                    .enumerate()
                    .map(|(i, r)| [i as f64, r.actual as f64])
                    .collect(),
                hover: (0..rows.len()).map(hover).collect(),
            },
            Series {
                name: lang.t("Expected", "Attesi").to_string(),
                color: palette::MAIN,
                kind: SeriesKind::Line,
                points: rows
                    .iter()
                    .enumerate()
                    .map(|(i, r)| [i as f64, r.expected])
                    .collect(),
                hover: (0..rows.len()).map(hover).collect(),
            },
        ],
        reference_lines: vec![],
        annotations: vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::predictions::HoldoutRow;

    #[test]
    fn the_hold_out_chart_sets_purchases_made_against_expected_per_earlier_purchases() {
        let row = |frequency, customers, expected, actual| HoldoutRow {
            frequency,
            customers,
            expected,
            actual,
        };
        let holdout = Holdout {
            calibration_end: chrono::NaiveDate::from_ymd_opt(1997, 9, 30).unwrap(),
            weeks: 39,
            by_frequency: vec![
                row(0, 1411, 132.4, 150),
                row(1, 439, 120.2, 130),
                row(7, 40, 80.0, 70),
            ],
        };
        let chart = holdout_chart(Lang::En, &holdout);
        assert_eq!(chart.x.categories, ["0", "1", "7+"]);
        assert_eq!(
            chart.series[0].points,
            [[0.0, 150.0], [1.0, 130.0], [2.0, 70.0]]
        );
        assert_eq!(chart.series[1].points[1], [1.0, 120.2]);
        assert_eq!(
            chart.subtitle,
            "Fitted on the purchases to 1997-09-30, 39 weeks held out: 333 purchases expected, 350 made"
        );
    }
}
