//! The Start page once data is loaded: how the shop is doing in one screen — the goals and
//! their status, then each page's headline figures (with their change when a period is
//! compared), each section a click away from its page. Drawn from the page model, so it says
//! what the pages say.

use egui::RichText;

use crate::analysis::goals::GoalKpi;
use crate::analysis::review::{Due, due};
use crate::pages::{Block, Kpi, PageId};
use crate::ui::FidelioApp;
use crate::ui::commands::{Command, Page};
use crate::ui::pages::widgets::kpi_row;

/// The figures each page shows here, in order.
fn headline(page: PageId) -> &'static [GoalKpi] {
    match page {
        PageId::Goals | PageId::Review => &[],
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

fn window_page(page: PageId) -> Page {
    match page {
        PageId::Goals | PageId::Review => Page::Goals,
        PageId::Nps => Page::Nps,
        PageId::Loyalty => Page::Loyalty,
        PageId::Engagement => Page::Engagement,
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
                    period.label,
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
        let saved_to = match &app.workspace_file {
            Some(path) => crate::import::pipeline::file_name(path),
            None => lang.t("the last session", "l'ultima sessione").to_string(),
        };
        ui.weak(format!(
            "{} {saved_to}.",
            lang.t("Saved automatically as", "Salvato automaticamente come")
        ));
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
            workspace_line(app, ui, &mut commands);
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
