//! The Goals page: set a target for a figure over a month, quarter, half-year or year, and see
//! each goal's status, judged by the rules in docs/metrics.md. Goals are part of the scope, so
//! the cards, the charts, `summary.json` and the report show the same, and they are remembered.

use crate::analysis::goals::{Baseline, Direction, Goal, GoalKpi, GoalPeriod};
use crate::analysis::review::{Cadence, Due, due};
use crate::figures::{goals_day, measure};
use crate::pages::{figure_name, figure_value, goal_text, is_share, status_tone};
use crate::ui::FidelioApp;
use crate::ui::commands::Command;
use crate::ui::pages::widgets::{start_buttons, tone_color};

/// The period typed in the form: `2026-Q4` and the like, or a single day, read as from
/// `today` to that day (a goal with an end date).
pub fn form_period(text: &str, today: chrono::NaiveDate) -> Option<GoalPeriod> {
    GoalPeriod::parse(text).or_else(|| {
        let text = text.trim();
        let day = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .or_else(|_| chrono::NaiveDate::parse_from_str(text, "%d/%m/%Y"))
            .ok()?;
        GoalPeriod::between(today, day)
    })
}

/// Draws the Goals page; it scrolls, as a review with its log grows longer than a screen.
pub fn show(app: &mut FidelioApp, ui: &mut egui::Ui) {
    egui::ScrollArea::vertical()
        .id_salt("goals_page")
        .auto_shrink([false, false])
        .show(ui, |ui| show_page(app, ui));
}

fn show_page(app: &mut FidelioApp, ui: &mut egui::Ui) {
    let lang = app.lang();
    ui.heading(lang.t("Goals", "Obiettivi"));
    ui.weak(lang.t(
        "A target for a figure over a month, quarter, half-year or year, or up to a day. While the period runs, Fidelio forecasts its end; when a figure measured on few answers cannot tell, it says so.",
        "Un obiettivo per un indicatore in un mese, trimestre, semestre o anno, o fino a un giorno. Mentre il periodo è in corso, Fidelio ne prevede la fine; quando un valore misurato su poche risposte non permette di dirlo, lo dice.",
    ));
    if !app.has_data() {
        start_buttons(app, ui);
        return;
    }
    let today = goals_day(&app.figures);
    let currency = app.figures.currency.clone();
    let mut commands = Vec::new();
    ui.add_space(8.0);
    egui::Frame::new()
        .inner_margin(10.0)
        .corner_radius(6.0)
        .fill(ui.visuals().faint_bg_color)
        .show(ui, |ui| {
            ui.strong(lang.t("New goal", "Nuovo obiettivo"));
            let form = &mut app.goals_page;
            ui.horizontal_wrapped(|ui| {
                egui::ComboBox::from_id_salt("goal_figure")
                    .selected_text(figure_name(lang, form.figure))
                    .show_ui(ui, |ui| {
                        for figure in GoalKpi::ALL {
                            ui.selectable_value(
                                &mut form.figure,
                                figure,
                                figure_name(lang, figure),
                            );
                        }
                    });
                ui.radio_value(
                    &mut form.direction,
                    Direction::AtLeast,
                    lang.t("at least", "almeno"),
                );
                ui.radio_value(
                    &mut form.direction,
                    Direction::AtMost,
                    lang.t("at most", "al massimo"),
                );
                ui.add(egui::TextEdit::singleline(&mut form.target).desired_width(70.0));
                if is_share(form.figure) {
                    ui.label("%");
                }
                ui.label(lang.t("in", "nel"));
                ui.add(
                    egui::TextEdit::singleline(&mut form.period)
                        .hint_text("2026-Q4")
                        .desired_width(80.0),
                );
            });
            if let Some(today) = today {
                let last_day = today.pred_opt().unwrap_or(today);
                ui.horizontal_wrapped(|ui| {
                    use chrono::Datelike;
                    let (y, m) = (last_day.year(), last_day.month());
                    for (name, label) in [
                        (lang.t("This month", "Questo mese"), format!("{y}-{m:02}")),
                        (
                            lang.t("This quarter", "Questo trimestre"),
                            format!("{y}-Q{}", (m - 1) / 3 + 1),
                        ),
                        (lang.t("This year", "Quest'anno"), format!("{y}")),
                        (lang.t("Next year", "L'anno prossimo"), format!("{}", y + 1)),
                    ] {
                        if ui.small_button(name).clicked() {
                            form.period = label;
                        }
                    }
                });
            }
            if let Some(value) = measure(form.figure, &app.figures) {
                ui.weak(format!(
                    "{} {}",
                    lang.t("Now, in the dates chosen:", "Ora, nelle date scelte:"),
                    figure_value(lang, form.figure, value.value, currency.as_deref())
                ));
            }
            let target = lang
                .parse_number(&form.target)
                .map(|t| if is_share(form.figure) { t / 100.0 } else { t });
            let period = today.and_then(|today| form_period(&form.period, today));
            let ready = target.is_some() && period.is_some();
            let mut add = false;
            ui.horizontal_wrapped(|ui| {
                add = ui
                    .add_enabled(
                        ready,
                        egui::Button::new(lang.t("Add goal", "Aggiungi obiettivo")),
                    )
                    .clicked();
                if ui
                    .add_enabled(
                        period.is_some(),
                        egui::Button::new(lang.t("Suggest from history", "Suggerisci dallo storico")),
                    )
                    .on_hover_text(lang.t(
                        "The figure in the last period as long as this one, plus the best change from one such period to the next in the year before.",
                        "Il valore nell'ultimo periodo lungo come questo, più il miglior cambiamento da un periodo così al successivo nell'anno prima.",
                    ))
                    .clicked()
                {
                    commands.push(Command::SuggestGoal);
                }
            });
            if let Some(text) = &form.suggestion {
                ui.weak(text);
            }
            if add && let (Some(target), Some(period)) = (target, period.clone()) {
                let baseline = measure(form.figure, &app.figures)
                    .zip(today)
                    .map(|(m, date)| Baseline {
                        value: m.value,
                        date,
                    });
                commands.push(Command::AddGoal(Goal {
                    kpi: form.figure,
                    store: app.scope.store.clone(),
                    channel: app.scope.channel.clone(),
                    target,
                    direction: form.direction,
                    period,
                    baseline,
                }));
            }
            if !form.period.trim().is_empty() && period.is_none() {
                ui.weak(lang.t(
                    "Write the period as 2026-12 (a month), 2026-Q4, 2026-H2, 2026, or the day it ends (31/03/2027).",
                    "Scrivi il periodo come 2026-12 (un mese), 2026-Q4, 2026-H2, 2026, o il giorno in cui finisce (31/03/2027).",
                ));
            }
        });
    ui.add_space(12.0);
    if app.figures.goals.is_empty() {
        ui.weak(lang.t("No goals yet.", "Ancora nessun obiettivo."));
    }
    for (index, report) in app.figures.goals.iter().enumerate() {
        ui.horizontal_wrapped(|ui| {
            ui.strong(figure_name(lang, report.goal.kpi));
            let text = goal_text(lang, report, currency.as_deref());
            match tone_color(status_tone(report.judged.status)) {
                Some(color) => ui.colored_label(color, text),
                None => ui.label(text),
            };
            if let Some(actual) = report.judged.actual {
                let over = matches!(
                    report.judged.status,
                    crate::analysis::goals::Status::Met | crate::analysis::goals::Status::Missed
                );
                ui.weak(format!(
                    "{} {}",
                    if over {
                        lang.t("it was", "è stato")
                    } else {
                        lang.t("so far", "finora")
                    },
                    figure_value(lang, report.goal.kpi, actual, currency.as_deref())
                ));
            }
            if ui
                .small_button(lang.t("Edit", "Modifica"))
                .on_hover_text(lang.t(
                    "Back into the form above: change it and add it again.",
                    "Torna nel modulo qui sopra: modificalo e aggiungilo di nuovo.",
                ))
                .clicked()
            {
                commands.push(Command::EditGoal(index));
            }
            if ui.small_button(lang.t("Remove", "Rimuovi")).clicked() {
                commands.push(Command::RemoveGoal(index));
            }
        });
    }
    ui.add_space(16.0);
    ui.separator();
    review_section(app, ui, &mut commands);
    for command in commands {
        app.send(command);
    }
}

/// The review: cadence, the review of the last period that ended (figures, notes, save,
/// export), and the log.
fn review_section(app: &mut FidelioApp, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
    let lang = app.lang();
    let currency = app.figures.currency.clone();
    ui.heading(lang.t("Review", "Revisione"));
    ui.horizontal_wrapped(|ui| {
        ui.label(lang.t("Review the goals", "Rivedi gli obiettivi"));
        for cadence in Cadence::ALL {
            if ui
                .selectable_label(app.review.cadence == cadence, cadence.name(lang))
                .clicked()
                && app.review.cadence != cadence
            {
                commands.push(Command::SetCadence(cadence));
            }
        }
    });
    let under_review = app.review.cadence.under_review(app.today());
    match due(app.review.cadence, &app.review.log, app.today()) {
        Due::Due(period) => {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "{} {} ({} – {}) {}",
                    lang.t("The review of", "La revisione di"),
                    lang.period(&period.label),
                    lang.date(period.start),
                    lang.date(period.end),
                    lang.t("is due.", "è da fare.")
                ),
            );
        }
        Due::Done(day) => {
            ui.weak(format!(
                "{} {} {} {}.",
                lang.t("The review of", "La revisione di"),
                lang.period(&under_review.label),
                lang.t("was saved on", "è stata salvata il"),
                lang.date(day)
            ));
        }
    }
    let busy = app.review_task.is_some();
    ui.horizontal_wrapped(|ui| {
        let label = format!(
            "{} {}",
            lang.t("Prepare the review of", "Prepara la revisione di"),
            lang.period(&under_review.label)
        );
        if ui.add_enabled(!busy, egui::Button::new(label)).clicked() {
            commands.push(Command::PrepareReview);
        }
        if busy {
            ui.spinner();
        }
    });
    let data_day = goals_day(&app.figures);
    if let Some(draft) = &mut app.review_page.draft {
        ui.add_space(6.0);
        // The exports stop before the period's end: its counts are short, and say so.
        if let Some(day) = data_day
            && day <= draft.period.end
        {
            let last = day.pred_opt().unwrap_or(day);
            let label = lang.period(&draft.period.label);
            crate::ui::pages::widgets::note(
                ui,
                &match (lang, day <= draft.period.start) {
                    (crate::i18n::Lang::En, true) => format!(
                        "The data end on {}, before {label} began: there are no figures for it yet. Add the latest exports first.",
                        lang.date(last)
                    ),
                    (crate::i18n::Lang::It, true) => format!(
                        "I dati finiscono il {}, prima dell'inizio di {label}: non ci sono ancora valori. Aggiungi prima le esportazioni più recenti.",
                        lang.date(last)
                    ),
                    (crate::i18n::Lang::En, false) => format!(
                        "The data end on {}: {} is counted only up to that day. Add the latest exports before deciding on counts and sums.",
                        lang.date(last),
                        lang.period(&draft.period.label)
                    ),
                    (crate::i18n::Lang::It, false) => format!(
                        "I dati finiscono il {}: {} è contato solo fino a quel giorno. Aggiungi le esportazioni più recenti prima di decidere su conteggi e somme.",
                        lang.date(last),
                        lang.period(&draft.period.label)
                    ),
                },
                true,
            );
        }
        review_grid(ui, lang, draft, currency.as_deref(), "review_draft");
        if !draft.followed.is_empty() {
            ui.strong(lang.t("What followed the actions", "Cosa è seguito alle azioni"));
            for outcome in &draft.followed {
                ui.label(crate::pages::actions::outcome_text(lang, outcome));
            }
        }
        ui.label(lang.t("Notes and decisions", "Note e decisioni"));
        ui.add(
            egui::TextEdit::multiline(&mut draft.notes)
                .desired_rows(3)
                .desired_width(f32::INFINITY)
                .hint_text(lang.t(
                    "What you saw, what you decided, who does what by when.",
                    "Cosa hai visto, cosa hai deciso, chi fa cosa entro quando.",
                )),
        );
        ui.horizontal_wrapped(|ui| {
            if ui
                .button(lang.t("Save review", "Salva revisione"))
                .clicked()
            {
                commands.push(Command::SaveReview);
            }
            if ui
                .button(lang.t("Export review report…", "Esporta report della revisione…"))
                .clicked()
            {
                commands.push(Command::ExportReview(None));
            }
        });
    }
    ui.add_space(10.0);
    ui.strong(lang.t("Review log", "Registro delle revisioni"));
    if app.review.log.is_empty() {
        ui.weak(lang.t("No review saved yet.", "Ancora nessuna revisione salvata."));
    }
    let shown = app.review_page.shown;
    for (index, entry) in app.review.log.iter().enumerate().rev() {
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "{} · {} {}",
                crate::pages::review::title(lang, entry),
                lang.t("saved on", "salvata il"),
                lang.date(entry.reviewed_on)
            ));
            let open = shown == Some(index);
            if ui
                .small_button(if open {
                    lang.t("Hide", "Nascondi")
                } else {
                    lang.t("Show", "Mostra")
                })
                .clicked()
            {
                app.review_page.shown = if open { None } else { Some(index) };
            }
            if ui.small_button(lang.t("Export…", "Esporta…")).clicked() {
                commands.push(Command::ExportReview(Some(index)));
            }
            if ui.small_button(lang.t("Delete", "Elimina")).clicked() {
                commands.push(Command::DeleteReview(index));
            }
        });
        if shown == Some(index) {
            let mut entry = entry.clone();
            review_grid(ui, lang, &mut entry, currency.as_deref(), "review_log");
            if !entry.notes.trim().is_empty() {
                ui.label(entry.notes.trim());
            }
        }
    }
}

/// A review's figures side by side.
fn review_grid(
    ui: &mut egui::Ui,
    lang: crate::i18n::Lang,
    entry: &mut crate::analysis::review::ReviewEntry,
    currency: Option<&str>,
    id: &str,
) {
    if entry.rows.is_empty() {
        ui.weak(lang.t(
            "No figure has data in these periods.",
            "Nessun indicatore ha dati in questi periodi.",
        ));
        return;
    }
    egui::ScrollArea::horizontal().id_salt(id).show(ui, |ui| {
        egui::Grid::new(id)
            .striped(true)
            .spacing([14.0, 4.0])
            .show(ui, |ui| {
                for header in [
                    lang.t("Figure", "Indicatore").to_string(),
                    lang.period(&entry.period.label),
                    lang.period(&entry.period.previous().label),
                    lang.period(&entry.period.year_before().label),
                    lang.t("Goal", "Obiettivo").to_string(),
                    lang.t("Moved most", "Ha inciso di più").to_string(),
                ] {
                    ui.strong(header);
                }
                ui.end_row();
                for row in &entry.rows {
                    let value = |v: Option<f64>| {
                        v.map_or("–".to_string(), |v| {
                            figure_value(lang, row.kpi, v, currency)
                        })
                    };
                    let mut name = figure_name(lang, row.kpi).to_string();
                    for place in [&row.store, &row.channel].into_iter().flatten() {
                        name = format!("{name} · {place}");
                    }
                    ui.label(name);
                    ui.label(egui::RichText::new(value(row.this)).strong());
                    ui.label(value(row.previous));
                    ui.label(value(row.year_before));
                    match (&row.target, &row.status) {
                        (Some((direction, target)), Some((period, status))) => {
                            let text = format!(
                                "{} {} ({period}): {}",
                                match direction {
                                    Direction::AtLeast => lang.t("at least", "almeno"),
                                    Direction::AtMost => lang.t("at most", "al massimo"),
                                },
                                figure_value(lang, row.kpi, *target, currency),
                                crate::pages::status_text(lang, *status)
                            );
                            match tone_color(status_tone(*status)) {
                                Some(color) => ui.colored_label(color, text),
                                None => ui.label(text),
                            };
                        }
                        _ => {
                            ui.weak("–");
                        }
                    }
                    ui.label(crate::pages::review::movers_text(lang, row, currency));
                    ui.end_row();
                }
            });
    });
}
