//! The goals as a page of their own: a card per goal with its status, and the table of every
//! goal's figures. The report opens with it, as a review starts from the goals.

use crate::analysis::goals::Direction;
use crate::figures::Figures;
use crate::i18n::Lang;
use crate::pages::table::{Table, TableCell};
use crate::pages::{
    Block, Kpi, Page, PageId, figure_name, figure_value, goal_text, status_text, status_tone,
};

/// Every goal with its figures, for export: the numbers stay numbers.
pub fn goals_table(lang: Lang, figures: &Figures) -> Table {
    let rows = figures
        .goals
        .iter()
        .map(|report| {
            let (goal, judged) = (&report.goal, &report.judged);
            let number = |v: Option<f64>| v.map_or(TableCell::Empty, TableCell::Number);
            vec![
                TableCell::from(figure_name(lang, goal.kpi)),
                TableCell::from(goal.store.as_deref()),
                TableCell::from(goal.channel.as_deref()),
                TableCell::from(match goal.direction {
                    Direction::AtLeast => lang.t("at least", "almeno"),
                    Direction::AtMost => lang.t("at most", "al massimo"),
                }),
                TableCell::Number(goal.target),
                TableCell::from(goal.period.label.as_str()),
                number(goal.baseline.as_ref().map(|b| b.value)),
                number(judged.actual),
                number(judged.forecast),
                number(judged.margin_of_error),
                TableCell::Number((judged.elapsed * 1000.0).round() / 1000.0),
                TableCell::from(status_text(lang, judged.status)),
            ]
        })
        .collect();
    Table {
        id: "goals",
        title: lang.t("Goals", "Obiettivi").to_string(),
        columns: [
            lang.t("Figure", "Indicatore"),
            lang.t("Store", "Negozio"),
            lang.t("Channel", "Canale"),
            lang.t("Direction", "Direzione"),
            lang.t("Target", "Obiettivo"),
            lang.t("Period", "Periodo"),
            lang.t("Baseline", "Valore di partenza"),
            lang.t("So far", "Finora"),
            lang.t("Forecast", "Previsione"),
            lang.t("Margin of error (95 %)", "Margine di errore (95 %)"),
            lang.t("Share of the period gone", "Quota del periodo trascorsa"),
            lang.t("Status", "Stato"),
        ]
        .map(String::from)
        .to_vec(),
        rows,
    }
}

/// The goals page, when there are goals.
pub fn page(lang: Lang, figures: &Figures) -> Option<Page> {
    if figures.goals.is_empty() {
        return None;
    }
    let currency = figures.currency.as_deref();
    let cards = figures
        .goals
        .iter()
        .map(|report| {
            let value = report.judged.actual.map_or("–".to_string(), |v| {
                figure_value(lang, report.goal.kpi, v, currency)
            });
            let mut card = Kpi::new(figure_name(lang, report.goal.kpi), value);
            card.lines.push((
                goal_text(lang, report, currency),
                status_tone(report.judged.status),
            ));
            card
        })
        .collect();
    Some(Page {
        id: PageId::Goals,
        title: lang.t("Goals", "Obiettivi").to_string(),
        subtitle: String::new(),
        blocks: vec![Block::Kpis(cards), Block::Table(goals_table(lang, figures))],
    })
}
