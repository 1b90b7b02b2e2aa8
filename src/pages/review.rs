//! A review as a page: each figure in the period under review beside the one before and the
//! same one a year before, its goal and status, what moved it most, and the owner's notes. The
//! Goals page shows it, the review log shows saved ones, and the review's report opens with it.

use crate::analysis::goals::Direction;
use crate::analysis::review::{Mover, ReviewEntry, ReviewRow};
use crate::i18n::Lang;
use crate::pages::table::{Table, TableCell};
use crate::pages::{Block, Page, PageId, figure_name, figure_value, status_text};

/// "Review of 2026-11 (monthly)".
pub fn title(lang: Lang, entry: &ReviewEntry) -> String {
    format!(
        "{} {} ({})",
        lang.t("Review of", "Revisione di"),
        lang.period(&entry.period.label),
        entry.period.cadence.name(lang).to_lowercase()
    )
}

/// The stores and channels that moved most, in words: "Store Brera: 40.0 to 45.0".
pub fn movers_text(lang: Lang, row: &ReviewRow, currency: Option<&str>) -> String {
    row.movers
        .iter()
        .map(|m| mover_text(lang, row, m, currency))
        .collect::<Vec<_>>()
        .join("; ")
}

fn mover_text(lang: Lang, row: &ReviewRow, mover: &Mover, currency: Option<&str>) -> String {
    let what = match mover.column.as_str() {
        "store" => lang.t("Store", "Negozio"),
        _ => lang.t("Channel", "Canale"),
    };
    let value = |v: Option<f64>| {
        v.map_or("–".to_string(), |v| {
            figure_value(lang, row.kpi, v, currency)
        })
    };
    match lang {
        Lang::En => format!(
            "{what} {}: {} to {}",
            mover.value,
            value(mover.previous),
            value(mover.this)
        ),
        Lang::It => format!(
            "{what} {}: da {} a {}",
            mover.value,
            value(mover.previous),
            value(mover.this)
        ),
    }
}

/// The review's rows as a table: numbers stay numbers.
pub fn review_table(lang: Lang, entry: &ReviewEntry, currency: Option<&str>) -> Table {
    let number = |v: Option<f64>| v.map_or(TableCell::Empty, TableCell::Number);
    let rows = entry
        .rows
        .iter()
        .map(|row| {
            let change = match (row.this, row.previous) {
                (Some(a), Some(b)) => Some(a - b),
                _ => None,
            };
            vec![
                TableCell::from(figure_name(lang, row.kpi)),
                TableCell::from(row.store.as_deref()),
                TableCell::from(row.channel.as_deref()),
                number(row.this),
                number(row.previous),
                number(change),
                number(row.year_before),
                TableCell::from(row.target.map(|(direction, _)| match direction {
                    Direction::AtLeast => lang.t("at least", "almeno"),
                    Direction::AtMost => lang.t("at most", "al massimo"),
                })),
                number(row.target.map(|(_, t)| t)),
                TableCell::from(row.status.as_ref().map(|(period, _)| period.as_str())),
                TableCell::from(row.status.as_ref().map(|(_, s)| status_text(lang, *s))),
                TableCell::Text(movers_text(lang, row, currency)),
            ]
        })
        .collect();
    let this = lang.period(&entry.period.label);
    let previous = lang.period(&entry.period.previous().label);
    let year = lang.period(&entry.period.year_before().label);
    Table {
        id: "review",
        title: title(lang, entry),
        columns: vec![
            lang.t("Figure", "Indicatore").to_string(),
            lang.t("Store", "Negozio").to_string(),
            lang.t("Channel", "Canale").to_string(),
            this,
            previous,
            lang.t("Change", "Variazione").to_string(),
            year,
            lang.t("Direction", "Direzione").to_string(),
            lang.t("Target", "Obiettivo").to_string(),
            lang.t("Goal period", "Periodo dell'obiettivo").to_string(),
            lang.t("Status", "Stato").to_string(),
            lang.t("Moved most", "Ha inciso di più").to_string(),
        ],
        rows,
    }
}

/// The review page.
pub fn page(lang: Lang, entry: &ReviewEntry, currency: Option<&str>) -> Page {
    let mut blocks = Vec::new();
    if !entry.notes.trim().is_empty() {
        blocks.push(Block::Heading(
            lang.t("Notes and decisions", "Note e decisioni")
                .to_string(),
        ));
        blocks.push(Block::Note {
            text: entry.notes.trim().to_string(),
            warning: false,
        });
    }
    blocks.push(Block::Table(review_table(lang, entry, currency)));
    if !entry.followed.is_empty() {
        blocks.push(Block::Heading(
            lang.t("What followed the actions", "Cosa è seguito alle azioni")
                .to_string(),
        ));
        for outcome in &entry.followed {
            blocks.push(Block::Note {
                text: crate::pages::actions::outcome_text(lang, outcome),
                warning: false,
            });
        }
    }
    Page {
        id: PageId::Review,
        title: title(lang, entry),
        subtitle: format!(
            "{} {} · {} {}",
            lang.t("Reviewed on", "Revisione del"),
            lang.date(entry.reviewed_on),
            lang.t("from", "dal"),
            format_args!(
                "{} {} {}",
                lang.date(entry.period.start),
                lang.t("to", "al"),
                lang.date(entry.period.end)
            )
        ),
        blocks,
    }
}
