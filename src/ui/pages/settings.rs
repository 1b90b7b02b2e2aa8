//! Settings: the language, and where Fidelio keeps what it remembers.

use crate::i18n::Lang;
use crate::ui::FidelioApp;
use crate::ui::commands::Command;

/// Draws the settings page.
pub fn show(app: &mut FidelioApp, ui: &mut egui::Ui) {
    let lang = app.lang();
    ui.heading(lang.t("Settings", "Impostazioni"));
    ui.add_space(8.0);
    ui.label(egui::RichText::new(lang.t("Language", "Lingua")).strong());
    let chosen = app.settings.language;
    ui.horizontal(|ui| {
        let system = format!(
            "{} ({})",
            lang.t("System", "Sistema"),
            Lang::from_system().native_name()
        );
        if ui.radio(chosen.is_none(), system).clicked() {
            app.send(Command::SetLanguage(None));
        }
        for option in Lang::ALL {
            if ui
                .radio(chosen == Some(option), option.native_name())
                .clicked()
            {
                app.send(Command::SetLanguage(Some(option)));
            }
        }
    });
    ui.add_space(12.0);
    ui.label(
        egui::RichText::new(lang.t("Where settings live", "Dove sono salvate le impostazioni"))
            .strong(),
    );
    match app.settings_path() {
        Some(path) => {
            ui.monospace(path.display().to_string());
        }
        None => {
            ui.weak(lang.t("No settings folder on this system: nothing is remembered.", "Nessuna cartella per le impostazioni su questo sistema: non viene ricordato nulla."));
        }
    }
    ui.weak(lang.t(
        "Fidelio remembers the language, recent files and the column roles you chose. Your data never leaves this computer: Fidelio makes no network connections.",
        "Fidelio ricorda la lingua, i file recenti e i ruoli delle colonne che hai scelto. I tuoi dati non lasciano mai questo computer: Fidelio non si collega alla rete.",
    ));
    ui.add_space(8.0);
    if ui
        .button(lang.t("Forget recent files", "Dimentica i file recenti"))
        .clicked()
    {
        app.send(Command::ClearRecent);
    }
}
