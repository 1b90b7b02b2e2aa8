//! The Start page once data is loaded: how the shop is doing in one screen — the goals and
//! their status, then each page's headline figures (with their change when a period is
//! compared), each section a click away from its page. Drawn from the page model, so it says
//! what the pages say.

use egui::RichText;

use crate::analysis::goals::GoalKpi;
use crate::pages::{Block, Kpi, PageId};
use crate::ui::FidelioApp;
use crate::ui::commands::{Command, Page};
use crate::ui::pages::widgets::kpi_row;

/// The figures each page shows here, in order.
fn headline(page: PageId) -> &'static [GoalKpi] {
    match page {
        PageId::Goals => &[],
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
        PageId::Goals => Page::Goals,
        PageId::Nps => Page::Nps,
        PageId::Loyalty => Page::Loyalty,
        PageId::Engagement => Page::Engagement,
    }
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
