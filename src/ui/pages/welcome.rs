//! The first page: open files, drop them in, reopen a recent one, or explore the demo shop;
//! once data is loaded, the overview.

use egui::{Color32, RichText, Stroke};

use crate::ui::FidelioApp;
use crate::ui::commands::{Command, Source};

/// Draws the welcome page.
pub fn show(app: &mut FidelioApp, ui: &mut egui::Ui) {
    if app.has_data() && !app.pages.is_empty() {
        crate::ui::pages::overview::show(app, ui);
        return;
    }
    let lang = app.lang();
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.add_space(12.0);
        ui.heading(RichText::new(lang.t("Welcome to Fidelio", "Benvenuto in Fidelio")).size(26.0));
        ui.label(lang.t(
            "How loyal are your customers? Bring in the spreadsheets your tools export — survey answers, orders from your till or webshop, reviews, loyalty cards, social posts — and within seconds see your Net Promoter Score, whether customers come back, and how engaged they are.",
            "Quanto sono fedeli i tuoi clienti? Porta i fogli di calcolo che esportano i tuoi strumenti — risposte ai sondaggi, ordini della cassa o del negozio online, recensioni, tessere fedeltà, post social — e in pochi secondi vedi il tuo Net Promoter Score, se i clienti tornano e quanto sono coinvolti.",
        ));
        ui.add_space(16.0);
        ui.horizontal(|ui| {
            if ui.button(RichText::new(lang.t("Open files…", "Apri file…")).size(16.0)).clicked() {
                app.send(Command::OpenDialog);
            }
            if ui.button(RichText::new(lang.t("Open a workspace…", "Apri un'area di lavoro…")).size(16.0)).clicked() {
                app.send(Command::OpenWorkspaceDialog);
            }
            if ui.button(RichText::new(lang.t("Explore the demo shop", "Esplora il negozio demo")).size(16.0)).clicked() {
                app.send(Command::LoadDemo);
            }
        });
        ui.add_space(12.0);
        let drop_zone = egui::Frame::new()
            .stroke(Stroke::new(2.0, Color32::from_rgb(0x9e, 0xc1, 0xe6)))
            .corner_radius(8.0)
            .inner_margin(28.0);
        drop_zone.show(ui, |ui| {
            ui.set_min_width(ui.available_width());
            ui.vertical_centered(|ui| {
                ui.label(RichText::new(lang.t("Drop files here", "Trascina qui i file")).size(18.0));
                ui.weak(lang.t(
                    "CSV, TSV, TXT, XLSX, XLS or ODS — several at once, from any tool: Fidelio reads what each column holds. The files are only read, never changed.",
                    "CSV, TSV, TXT, XLSX, XLS o ODS — anche più file insieme, da qualsiasi programma: Fidelio legge cosa contiene ogni colonna. I file vengono solo letti, mai modificati.",
                ));
            });
        });
        ui.add_space(16.0);
        if !app.recent_workspaces.is_empty() {
            ui.label(RichText::new(lang.t("Recent workspaces", "Aree di lavoro recenti")).strong());
            let mut open = None;
            for (index, (path, exists)) in app.recent_workspaces.iter().enumerate() {
                let name = crate::import::pipeline::file_name(path);
                let label = if index == 0 && name == crate::ui::workspace_threads::LAST_SESSION {
                    lang.t("The last session", "L'ultima sessione").to_string()
                } else {
                    path.display().to_string()
                };
                let response = ui.add_enabled(*exists, egui::Button::new(label).frame(false));
                if response.clicked() {
                    open = Some(path.clone());
                }
            }
            if let Some(path) = open {
                app.send(Command::OpenWorkspace(path));
            }
            ui.add_space(8.0);
        }
        ui.label(RichText::new(lang.t("Recent files", "File recenti")).strong());
        if app.recent.is_empty() {
            ui.weak(lang.t("No recent files yet.", "Ancora nessun file recente."));
        }
        let mut open = None;
        for (path, exists) in &app.recent {
            let exists = *exists;
            let label = path.display().to_string();
            let response = ui.add_enabled(exists, egui::Button::new(label).frame(false));
            let response = if exists {
                response
            } else {
                response.on_disabled_hover_text(lang.t("This file is no longer there.", "Questo file non c'è più."))
            };
            if response.clicked() {
                open = Some(path.clone());
            }
        }
        if let Some(path) = open {
            app.send(Command::Open(vec![Source::Path(path)]));
        }
    });
}
