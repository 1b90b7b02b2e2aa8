//! The Start page once data is loaded: how the shop is doing in one screen — the review due,
//! the goals and their status, then each page's headline figures with the last period of the
//! review cadence beside the one before, and what changed most, each section a click away from
//! its page. Drawn from the page model, so it says what the pages say.

use egui::RichText;

use crate::analysis::goals::GoalKpi;
use crate::analysis::review::{Due, ReviewPeriod, ReviewRow, due};
use crate::i18n::Lang;
use crate::pages::{Block, Kpi, PageId, Tone, figure_name, figure_value};
use crate::ui::FidelioApp;
use crate::ui::commands::{Command, Page};
use crate::ui::pages::widgets::kpi_row;

/// The figures each page shows here, in order.
fn headline(page: PageId) -> &'static [GoalKpi] {
    match page {
        PageId::Goals | PageId::Review | PageId::Actions => &[],
        PageId::Nps => &[GoalKpi::Nps, GoalKpi::Responses, GoalKpi::DetractorShare],
        PageId::Loyalty => &[
            GoalKpi::Customers,
            GoalKpi::Orders,
            GoalKpi::Revenue,
            GoalKpi::RepeatPurchaseRate,
            GoalKpi::LapsedCustomers,
        ],
        PageId::Engagement => &[
            GoalKpi::MeanRating,
            GoalKpi::MembershipRate,
            GoalKpi::EngagementRate,
        ],
    }
}

/// Every figure the Overview shows, for its changes against the period before.
pub fn headline_figures() -> Vec<GoalKpi> {
    [PageId::Nps, PageId::Loyalty, PageId::Engagement]
        .into_iter()
        .flat_map(|page| headline(page).iter().copied())
        .collect()
}

/// `card` with a line of its figure in the period under review beside the one before.
fn with_change(
    lang: Lang,
    mut card: Kpi,
    rows: &[ReviewRow],
    period: &ReviewPeriod,
    currency: Option<&str>,
) -> Kpi {
    let Some(figure) = card.figure else {
        return card;
    };
    let Some(row) = rows.iter().find(|r| r.kpi == figure) else {
        return card;
    };
    let value = |v: Option<f64>| {
        v.map_or("–".to_string(), |v| {
            figure_value(lang, figure, v, currency)
        })
    };
    let tone = match (row.this, row.previous) {
        (Some(a), Some(b)) if a != b => {
            if (a > b) != figure.lower_is_better() {
                Tone::Good
            } else {
                Tone::Bad
            }
        }
        _ => Tone::Plain,
    };
    // The period's value and its change: "Oct 2026: 118 (+12)".
    let change = match (row.this, row.previous) {
        (Some(a), Some(b)) if figure == GoalKpi::Nps => format!(" ({})", lang.signed(a - b, 1)),
        // A share moves in points: 32.8 % against 23.8 % is "+9.0 pt", not "+9.0 %".
        (Some(a), Some(b)) if figure.is_share() => {
            format!(" ({} pt)", lang.signed((a - b) * 100.0, 1))
        }
        (Some(a), Some(b)) => {
            let text = figure_value(lang, figure, (a - b).abs(), currency);
            let sign = if a >= b { "+" } else { "-" };
            format!(" ({sign}{text})")
        }
        _ => String::new(),
    };
    card.lines.push((
        format!(
            "{}: {}{change}",
            lang.period(&period.label),
            value(row.this)
        ),
        tone,
    ));
    card
}

/// The figures that changed most, relative to where they were, with who moved them.
fn changed_most(
    lang: Lang,
    rows: &[ReviewRow],
    period: &ReviewPeriod,
    currency: Option<&str>,
) -> Option<String> {
    // Ranked by the change relative to where the figure was; said as points for the NPS and
    // shares (an NPS from 2 to 10 is 8 points, not "+400 %").
    let mut changes: Vec<(f64, &ReviewRow)> = rows
        .iter()
        .filter_map(|row| match (row.this, row.previous) {
            (Some(a), Some(b)) if b.abs() > 0.0 && a != b => Some(((a - b) / b.abs(), row)),
            _ => None,
        })
        .collect();
    changes.sort_by(|a, b| b.0.abs().total_cmp(&a.0.abs()));
    let parts: Vec<String> = changes
        .iter()
        .take(2)
        .map(|(change, row)| {
            let movers = crate::pages::review::movers_text(
                lang,
                &ReviewRow {
                    movers: row.movers.iter().take(1).cloned().collect(),
                    ..(*row).clone()
                },
                currency,
            );
            let moved = if movers.is_empty() {
                String::new()
            } else {
                format!(" ({movers})")
            };
            let amount = match (row.this, row.previous) {
                (Some(a), Some(b)) if row.kpi == GoalKpi::Nps => {
                    format!("{} {}", lang.signed(a - b, 1), lang.t("points", "punti"))
                }
                (Some(a), Some(b)) if row.kpi.is_share() => {
                    format!(
                        "{} {}",
                        lang.signed((a - b) * 100.0, 1),
                        lang.t("points", "punti")
                    )
                }
                _ => format!("{} %", lang.signed(change * 100.0, 0)),
            };
            format!("{} {amount}{moved}", figure_name(lang, row.kpi))
        })
        .collect();
    (!parts.is_empty()).then(|| {
        format!(
            "{} {} {} {}: {}",
            lang.t("Changed most in", "È cambiato di più in"),
            lang.period(&period.label),
            lang.t("against", "rispetto a"),
            lang.period(&period.previous().label),
            parts.join("; ")
        )
    })
}

fn window_page(page: PageId) -> Page {
    match page {
        PageId::Goals | PageId::Review => Page::Goals,
        PageId::Nps => Page::Nps,
        PageId::Loyalty => Page::Loyalty,
        PageId::Engagement => Page::Engagement,
        PageId::Actions => Page::Actions,
    }
}

/// Whether a review is due, or when the last one was, with the way to it.
fn review_line(app: &FidelioApp, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    let lang = app.lang();
    let cadence = app.review.cadence;
    ui.horizontal_wrapped(|ui| match due(cadence, &app.review.log, app.today()) {
        Due::Due(period) => {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "{} {} ({}).",
                    lang.t("Review due:", "Revisione da fare:"),
                    lang.period(&period.label),
                    cadence.name(lang).to_lowercase()
                ),
            );
            if ui
                .button(lang.t("Review now", "Fai la revisione"))
                .clicked()
            {
                commands.push(Command::ShowPage(Page::Goals));
                commands.push(Command::PrepareReview);
            }
        }
        Due::Done(day) => {
            ui.weak(format!(
                "{} {} ({}).",
                lang.t("Last review:", "Ultima revisione:"),
                lang.date(day),
                cadence.name(lang).to_lowercase()
            ));
            if ui.small_button(lang.t("Reviews", "Revisioni")).clicked() {
                commands.push(Command::ShowPage(Page::Goals));
            }
        }
    });
}

/// Where the workspace is saved and which folder is watched.
fn workspace_line(app: &FidelioApp, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    let lang = app.lang();
    ui.horizontal_wrapped(|ui| {
        let last_session = app.last_session_path();
        let saved_to = match (&app.workspace_file, app.workspace_path()) {
            (Some(path), _) if Some(path) != last_session.as_ref() => {
                Some(crate::import::pipeline::file_name(path))
            }
            (_, Some(_)) => Some(lang.t("the last session", "ultima sessione").to_string()),
            (_, None) => None,
        };
        match saved_to {
            Some(name) => ui.weak(format!(
                "{} {name}.",
                lang.t("Saved automatically as", "Salvato automaticamente come")
            )),
            None => ui.weak(lang.t(
                "Not saved: this computer has no folder for Fidelio's settings.",
                "Non salvato: questo computer non ha una cartella per le impostazioni di Fidelio.",
            )),
        };
        if ui.small_button(lang.t("Save as…", "Salva come…")).clicked() {
            commands.push(Command::SaveWorkspaceAs);
        }
        match &app.folder {
            Some(folder) => {
                ui.weak(format!(
                    "{} {}",
                    lang.t("New exports are read from", "Le nuove esportazioni si leggono da"),
                    folder.display()
                ));
                if ui.small_button(lang.t("Stop", "Smetti")).clicked() {
                    commands.push(Command::SetFolder(None));
                }
            }
            None => {
                if ui
                    .small_button(lang.t("Watch a folder…", "Segui una cartella…"))
                    .on_hover_text(lang.t(
                        "Exports saved into this folder are read when Fidelio opens and while it runs.",
                        "Le esportazioni salvate in questa cartella vengono lette all'apertura di Fidelio e mentre è aperto.",
                    ))
                    .clicked()
                {
                    commands.push(Command::ChooseFolder);
                }
            }
        }
    });
}

/// Draws the overview.
/// Customers on the Overview's short list of what to do.
const OVERVIEW_ACTIONS: usize = 5;

/// The five most valuable open actions, with the way to the whole list.
fn actions_list(app: &FidelioApp, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    use crate::pages::actions::{kind_name, reason_text};
    let lang = app.lang();
    let Some(list) = app.figures.actions.as_ref() else {
        return;
    };
    let open: Vec<_> = list.open(&app.actions, None).collect();
    ui.add_space(10.0);
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(lang.t("What to do this week", "Cosa fare questa settimana"))
                .strong()
                .size(18.0),
        );
        let all = match lang {
            crate::i18n::Lang::En => format!("All {}", open.len()),
            crate::i18n::Lang::It => format!("Tutte le {}", open.len()),
        };
        if ui.small_button(all).clicked() {
            commands.push(Command::ShowPage(Page::Actions));
        }
    });
    let currency = app.figures.currency.as_deref();
    for (row, action) in open.iter().take(OVERVIEW_ACTIONS) {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(row.name.as_deref().unwrap_or(&row.customer)).strong());
            ui.label(kind_name(lang, action.kind));
            ui.label(lang.money(row.value_at_stake, currency));
            ui.weak(reason_text(lang, &action.reason, currency));
        });
    }
}

pub fn show(app: &mut FidelioApp, ui: &mut egui::Ui) {
    let lang = app.lang();
    let pages = app.pages.clone();
    let mut commands = Vec::new();
    egui::ScrollArea::vertical()
        .id_salt("overview")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.heading(lang.t("Overview", "Panoramica"));
                if ui.button(lang.t("Add files…", "Aggiungi file…")).clicked() {
                    commands.push(Command::OpenDialog);
                }
            });
            review_line(app, ui, &mut commands);
            let period = app.overview.key.as_ref().map(|k| k.2.clone());
            let rows = app.overview.rows.clone();
            let currency = app.figures.currency.clone();
            if let Some(period) = &period
                && let Some(text) = changed_most(lang, &rows, period, currency.as_deref())
            {
                ui.label(text);
            }
            workspace_line(app, ui, &mut commands);
            actions_list(app, ui, &mut commands);
            if !pages.iter().any(|p| p.id == PageId::Goals) {
                ui.horizontal_wrapped(|ui| {
                    ui.weak(lang.t(
                        "No goals yet: set a target for any figure to see here whether it is on track.",
                        "Ancora nessun obiettivo: fissane uno per qualsiasi indicatore per vedere qui se è in linea.",
                    ));
                    if ui.small_button(lang.t("Set a goal", "Fissa un obiettivo")).clicked() {
                        commands.push(Command::ShowPage(Page::Goals));
                    }
                });
            }
            for page in pages.iter() {
                ui.add_space(10.0);
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(&page.title).strong().size(18.0));
                    if ui.small_button(lang.t("Open", "Apri")).clicked() {
                        commands.push(Command::ShowPage(window_page(page.id)));
                    }
                });
                if !page.subtitle.is_empty() {
                    ui.weak(&page.subtitle);
                }
                let cards: Vec<Kpi> = if page.id == PageId::Goals {
                    page.kpis().cloned().collect()
                } else {
                    headline(page.id)
                        .iter()
                        .filter_map(|figure| page.kpis().find(|k| k.figure == Some(*figure)))
                        .cloned()
                        .map(|card| match &period {
                            Some(period) => {
                                with_change(lang, card, &rows, period, currency.as_deref())
                            }
                            None => card,
                        })
                        .collect()
                };
                kpi_row(ui, &cards);
                for block in &page.blocks {
                    if let Block::Note {
                        text,
                        warning: true,
                    } = block
                    {
                        crate::ui::pages::widgets::note(ui, text, true);
                    }
                }
            }
        });
    for command in commands {
        app.send(command);
    }
}
