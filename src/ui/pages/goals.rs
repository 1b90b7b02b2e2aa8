//! The Goals page: set a target for a figure over a month, quarter, half-year or year, and see
//! each goal's status, judged by the rules in docs/metrics.md. Goals are part of the scope, so
//! the cards, the charts, `summary.json` and the report show the same, and they are remembered.

use crate::analysis::goals::{Baseline, Direction, Goal, GoalKpi, GoalPeriod};
use crate::figures::{goals_day, measure};
use crate::pages::{figure_name, figure_value, goal_text, is_share, status_tone};
use crate::ui::FidelioApp;
use crate::ui::commands::Command;
use crate::ui::pages::widgets::{start_buttons, tone_color};

/// Draws the Goals page.
pub fn show(app: &mut FidelioApp, ui: &mut egui::Ui) {
    let lang = app.lang();
    ui.heading(lang.t("Goals", "Obiettivi"));
    ui.weak(lang.t(
        "A target for a figure over a month, quarter, half-year or year. While the period runs, Fidelio forecasts its end; when a figure measured on few answers cannot tell, it says so.",
        "Un obiettivo per un indicatore in un mese, trimestre, semestre o anno. Mentre il periodo è in corso, Fidelio ne prevede la fine; quando un valore misurato su poche risposte non permette di dirlo, lo dice.",
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
            let period = GoalPeriod::parse(&form.period);
            let ready = target.is_some() && period.is_some();
            if ui
                .add_enabled(
                    ready,
                    egui::Button::new(lang.t("Add goal", "Aggiungi obiettivo")),
                )
                .clicked()
                && let (Some(target), Some(period)) = (target, period)
            {
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
            if !form.period.trim().is_empty() && GoalPeriod::parse(&form.period).is_none() {
                ui.weak(lang.t(
                    "Write the period as 2026-12 (a month), 2026-Q4, 2026-H2 or 2026.",
                    "Scrivi il periodo come 2026-12 (un mese), 2026-Q4, 2026-H2 o 2026.",
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
            if ui.small_button(lang.t("Remove", "Rimuovi")).clicked() {
                commands.push(Command::RemoveGoal(index));
            }
        });
    }
    for command in commands {
        app.send(command);
    }
}
