//! The NPS page: headline with margin of error, trend, groups per period, score distribution, NPS
//! by category, comments with frequent words, and the detractors to call back. Every figure
//! follows the date range.

use egui::{Color32, RichText};

use crate::analysis::nps::{CommentRow, FollowUp, NpsGroup};
use crate::analysis::period::Period;
use crate::charts;
use crate::charts::nps::group_label;
use crate::i18n::Lang;
use crate::pages::nps::method_text;
use crate::pages::{Block, PageId, Tone};
use crate::ui::FidelioApp;
use crate::ui::commands::{Command, TableChoice};
use crate::ui::pages::widgets::{
    chart_block, date_range, kpi_row, note, place_filters, start_buttons, table_buttons, tone_color,
};
use crate::workspace::NpsView;

const CHART_HEIGHT: f32 = 240.0;
/// Detractors listed on the page; the export has them all.
const FOLLOW_UP_ROWS: usize = 50;
/// Comments shown at first, and added by each "Show more".
const PAGE_ROWS: usize = 30;

fn group_color(group: NpsGroup) -> Color32 {
    let tone = match group {
        NpsGroup::Detractor => Tone::Detractor,
        NpsGroup::Passive => Tone::Passive,
        NpsGroup::Promoter => Tone::Promoter,
    };
    tone_color(tone).unwrap_or(Color32::GRAY)
}

/// Draws the NPS page.
pub fn show(app: &mut FidelioApp, ui: &mut egui::Ui) {
    let lang = app.lang();
    if !app.has_answers() {
        ui.heading("Net Promoter Score");
        ui.label(lang.t(
            "No survey answers loaded yet. Open a survey export (Google Forms, Typeform, SurveyMonkey, a till export…) or explore the demo shop.",
            "Nessuna risposta al sondaggio caricata. Apri un'esportazione del sondaggio (Google Moduli, Typeform, SurveyMonkey, la cassa…) oppure esplora il negozio demo.",
        ));
        start_buttons(app, ui);
        return;
    }
    controls(app, ui);
    let (Some(view), Some(page)) = (app.figures.nps.clone(), app.page_model(PageId::Nps)) else {
        ui.spinner();
        return;
    };
    egui::ScrollArea::vertical()
        .id_salt("nps_page")
        .show(ui, |ui| {
            ui.weak(&page.subtitle);
            for block in &page.blocks {
                match block {
                    Block::Kpis(kpis) => {
                        let cards = kpi_row(ui, kpis);
                        if let Some(card) = cards.into_iter().next() {
                            card.on_hover_text(method_text(lang));
                        }
                    }
                    Block::Note { text, warning } => note(ui, text, *warning),
                    _ => {}
                }
            }
            egui::CollapsingHeader::new(lang.t(
                "How these figures are computed",
                "Come sono calcolati questi valori",
            ))
            .show(ui, |ui| ui.label(method_text(lang)));
            ui.add_space(8.0);
            if view.figures.summary.responses == 0 {
                return;
            }
            let wide = ui.available_width() > 900.0;
            let mut commands = Vec::new();
            let (segment_charts, charts): (Vec<_>, Vec<_>) = page
                .charts()
                .cloned()
                .partition(|c| c.id.starts_with("nps_by_"));
            // Two charts a row on a wide window; the category chart sits beside the scores.
            let mut cells: Vec<Option<charts::Chart>> = charts.into_iter().map(Some).collect();
            cells.push(None);
            for pair in cells.chunks(if wide { 2 } else { 1 }) {
                ui.columns(pair.len(), |cols| {
                    for (col, cell) in cols.iter_mut().zip(pair) {
                        match cell {
                            Some(chart) => {
                                chart_block(lang, col, chart, CHART_HEIGHT, &mut commands)
                            }
                            None => {
                                segment_section(app, &view, &segment_charts, col, &mut commands)
                            }
                        }
                    }
                });
                ui.add_space(12.0);
            }
            for command in commands {
                app.send(command);
            }
            ui.add_space(16.0);
            comments_section(app, &view, ui);
            ui.add_space(16.0);
            let mut commands = Vec::new();
            follow_up_section(
                lang,
                &view.follow_up,
                view.unreachable_detractors,
                ui,
                &mut commands,
            );
            for command in commands {
                app.send(command);
            }
        });
}

fn controls(app: &mut FidelioApp, ui: &mut egui::Ui) {
    let lang = app.lang();
    ui.horizontal_wrapped(|ui| {
        ui.heading("Net Promoter Score");
        ui.separator();
        ui.label(lang.t("Trend by", "Andamento per"));
        for period in [Period::Week, Period::Month, Period::Quarter] {
            if ui
                .selectable_label(
                    app.scope.period == period,
                    charts::nps::period_name(lang, period),
                )
                .clicked()
            {
                app.send(Command::SetPeriod(period));
            }
        }
        ui.separator();
        let span = app.figures.nps.as_ref().and_then(|v| v.date_span);
        date_range(app, ui, span);
        ui.separator();
        place_filters(app, ui);
        ui.separator();
        if ui
            .button(lang.t("Export report…", "Esporta report…"))
            .clicked()
        {
            app.send(Command::ExportReport);
        }
    });
}

fn segment_section(
    app: &mut FidelioApp,
    view: &NpsView,
    segment_charts: &[charts::Chart],
    ui: &mut egui::Ui,
    commands: &mut Vec<Command>,
) {
    let lang = app.lang();
    if view.figures.by_category.is_empty() || segment_charts.is_empty() {
        ui.label(
            RichText::new(lang.t("NPS by store or channel", "NPS per negozio o canale"))
                .strong()
                .size(16.0),
        );
        ui.weak(lang.t(
            "No store, channel or other category column: give a column one of these roles on the Data page to compare.",
            "Nessuna colonna negozio, canale o altra categoria: assegna uno di questi ruoli a una colonna nella pagina Dati per confrontare.",
        ));
        return;
    }
    let index = app
        .nps_page
        .category
        .min(view.figures.by_category.len() - 1)
        .min(segment_charts.len() - 1);
    ui.horizontal(|ui| {
        ui.label(lang.t("Compare by", "Confronta per"));
        egui::ComboBox::from_id_salt("nps_category")
            .selected_text(view.figures.by_category[index].0.name(lang))
            .show_ui(ui, |ui| {
                for (i, (category, _)) in view.figures.by_category.iter().enumerate() {
                    ui.selectable_value(&mut app.nps_page.category, i, category.name(lang));
                }
            });
    });
    let breakdown = &view.figures.by_category[index].1;
    let height = CHART_HEIGHT.max(40.0 + 28.0 * breakdown.segments.len() as f32);
    chart_block(lang, ui, &segment_charts[index], height, commands);
    if breakdown.without_value > 0 {
        ui.weak(format!(
            "{} {}",
            lang.count(breakdown.without_value),
            lang.t(
                "answers have no value in this column and are not in this chart.",
                "risposte non hanno un valore in questa colonna e non sono nel grafico."
            )
        ));
    }
}

fn comments_section(app: &mut FidelioApp, view: &NpsView, ui: &mut egui::Ui) {
    let lang = app.lang();
    let mut commands = Vec::new();
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(lang.t("What customers wrote", "Cosa hanno scritto i clienti"))
                .strong()
                .size(18.0),
        );
        table_buttons(lang, ui, TableChoice::Comments, &mut commands);
    });
    for command in commands {
        app.send(command);
    }
    ui.horizontal_wrapped(|ui| {
        ui.selectable_value(
            &mut app.nps_page.comment_group,
            None,
            lang.t("All", "Tutti"),
        );
        for group in [NpsGroup::Detractor, NpsGroup::Passive, NpsGroup::Promoter] {
            ui.selectable_value(
                &mut app.nps_page.comment_group,
                Some(group),
                group_label(lang, group),
            );
        }
        ui.separator();
        ui.label(lang.t("Search", "Cerca"));
        ui.add(egui::TextEdit::singleline(&mut app.nps_page.search).desired_width(200.0));
    });
    let wanted = app.nps_page.comment_group;
    let shown: Vec<&CommentRow> = matching_comments(app, view)
        .iter()
        .map(|&i| &view.comments[i])
        .collect();
    ui.weak(format!(
        "{} {}",
        lang.count(shown.len() as u64),
        lang.t("comments", "commenti")
    ));
    let limit = app.nps_page.comments_shown.max(PAGE_ROWS);
    let mut show_more = false;
    ui.columns(2, |cols| {
        // No inner scroll area: the page scrolls, and "Show more" extends the list.
        let ui = &mut cols[0];
        for comment in shown.iter().take(limit) {
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(comment.score.to_string())
                        .strong()
                        .color(group_color(comment.group)),
                );
                if let Some(date) = comment.date {
                    ui.weak(lang.date(date));
                }
                ui.label(&comment.comment);
            });
            ui.separator();
        }
        if shown.len() > limit {
            show_more = ui
                .button(format!(
                    "{} ({} {})",
                    lang.t("Show more", "Mostra altri"),
                    lang.count((shown.len() - limit) as u64),
                    lang.t("more", "in più")
                ))
                .clicked();
        }
        let ui = &mut cols[1];
        ui.label(
            RichText::new(lang.t(
                "Most frequent words and phrases",
                "Parole e frasi più frequenti",
            ))
            .strong(),
        );
        for (group, terms) in &view.terms {
            if wanted.is_some_and(|g| g != *group) {
                continue;
            }
            ui.label(RichText::new(group_label(lang, *group)).color(group_color(*group)));
            let words: Vec<String> = terms
                .words
                .iter()
                .take(10)
                .map(|t| format!("{} ({})", t.term, t.count))
                .collect();
            let phrases: Vec<String> = terms
                .phrases
                .iter()
                .take(6)
                .map(|t| format!("\"{}\" ({})", t.term, t.count))
                .collect();
            if words.is_empty() {
                ui.weak(lang.t("No comments.", "Nessun commento."));
            } else {
                ui.label(words.join(", "));
            }
            if !phrases.is_empty() {
                ui.weak(phrases.join(", "));
            }
            ui.add_space(4.0);
        }
    });
    if show_more {
        app.nps_page.comments_shown = limit + PAGE_ROWS;
    }
}

/// Indexes of the comments matching the group and search, recomputed only when those change so
/// typing stays fast with thousands of comments.
fn matching_comments<'a>(app: &'a mut FidelioApp, view: &NpsView) -> &'a [usize] {
    let key = (
        app.nps_page.comment_group,
        app.nps_page.search.clone(),
        view.comments.len(),
    );
    let stale = app.nps_page.matches.as_ref().is_none_or(|(k, _)| *k != key);
    if stale {
        let needle = crate::text::fold_for_search(app.nps_page.search.trim());
        let indexes = view
            .comments
            .iter()
            .enumerate()
            .filter(|(_, c)| key.0.is_none_or(|g| c.group == g))
            .filter(|(i, _)| needle.is_empty() || view.comment_keys[*i].contains(&needle))
            .map(|(i, _)| i)
            .collect();
        app.nps_page.matches = Some((key, indexes));
        // A new search starts again from the first page of comments.
        app.nps_page.comments_shown = PAGE_ROWS;
    }
    app.nps_page
        .matches
        .as_ref()
        .map_or(&[], |(_, m)| m.as_slice())
}

fn follow_up_section(
    lang: Lang,
    rows: &[FollowUp],
    unreachable: usize,
    ui: &mut egui::Ui,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(lang.t("Who to call back", "Chi richiamare"))
                .strong()
                .size(18.0),
        );
        if !rows.is_empty() {
            table_buttons(lang, ui, TableChoice::FollowUp, commands);
        }
    });
    ui.weak(lang.t(
        "Detractors, newest first, with how to reach them.",
        "Detrattori, dal più recente, con i loro contatti.",
    ));
    if rows.is_empty() && unreachable == 0 {
        ui.label(lang.t(
            "No detractors in the chosen dates.",
            "Nessun detrattore nelle date scelte.",
        ));
        return;
    }
    if unreachable > 0 {
        let text = if rows.is_empty() {
            format!(
                "{} {}",
                lang.count(unreachable as u64),
                lang.t(
                    "detractors in the chosen dates, and none left an email, name or phone: there is no one to call back. What they wrote is in the comments above.",
                    "detrattori nelle date scelte, e nessuno ha lasciato email, nome o telefono: non c'è nessuno da richiamare. Quello che hanno scritto è nei commenti qui sopra.",
                )
            )
        } else {
            format!(
                "{} {}",
                lang.count(unreachable as u64),
                lang.t(
                    "more detractors left no email, name or phone; what they wrote is in the comments above.",
                    "altri detrattori non hanno lasciato email, nome o telefono; quello che hanno scritto è nei commenti qui sopra.",
                )
            )
        };
        ui.label(text);
        if rows.is_empty() {
            return;
        }
    }
    if rows.len() > FOLLOW_UP_ROWS {
        ui.weak(format!(
            "{} {} {} {} {}",
            lang.t("The newest", "I più recenti"),
            lang.count(FOLLOW_UP_ROWS as u64),
            lang.t("of", "di"),
            lang.count(rows.len() as u64),
            lang.t(
                "are shown; export the list to have them all.",
                "sono mostrati; esporta l'elenco per averli tutti.",
            )
        ));
    }
    // Only sideways: long comments make the table wider than a small window, and a vertical
    // scroll area of its own inside the page clipped its rows.
    egui::ScrollArea::horizontal()
        .id_salt("follow_up")
        .show(ui, |ui| {
            egui::Grid::new("follow_up_grid")
                .striped(true)
                .num_columns(6)
                .show(ui, |ui| {
                    for title in [
                        lang.t("Date", "Data"),
                        lang.t("Score", "Voto"),
                        lang.t("Name", "Nome"),
                        "Email",
                        lang.t("Phone", "Telefono"),
                        lang.t("Comment", "Commento"),
                    ] {
                        ui.strong(title);
                    }
                    ui.end_row();
                    for row in rows.iter().take(FOLLOW_UP_ROWS) {
                        ui.label(row.date.map(|d| lang.date(d)).unwrap_or_default());
                        ui.label(row.score.to_string());
                        ui.label(row.name.clone().unwrap_or_default());
                        ui.label(row.email.clone().unwrap_or_default());
                        ui.label(row.phone.clone().unwrap_or_default());
                        ui.label(row.comment.clone().unwrap_or_default());
                        ui.end_row();
                    }
                });
        });
}
