//! Settings: the language, the currency, chart images, the largest file, and where Fidelio
//! keeps what it remembers.

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
    ui.label(egui::RichText::new(lang.t("Currency", "Valuta")).strong());
    ui.weak(lang.t(
        "Amounts show the currency their export names (€, $, EUR…); this one is for exports that name none.",
        "Gli importi mostrano la valuta indicata dall'esportazione (€, $, EUR…); questa vale per le esportazioni che non ne indicano.",
    ));
    let currency = app.settings.currency.clone();
    ui.horizontal_wrapped(|ui| {
        let automatic = format!(
            "{} ({})",
            lang.t("By language", "Secondo la lingua"),
            lang.t("none", "euro")
        );
        if ui.radio(currency.is_none(), automatic).clicked() {
            app.send(Command::SetCurrency(None));
        }
        for code in ["EUR", "CHF", "GBP", "USD"] {
            if ui.radio(currency.as_deref() == Some(code), code).clicked() {
                app.send(Command::SetCurrency(Some(code.to_string())));
            }
        }
        if ui
            .radio(
                currency.as_deref() == Some(""),
                lang.t("No currency sign", "Nessun simbolo di valuta"),
            )
            .clicked()
        {
            app.send(Command::SetCurrency(Some(String::new())));
        }
    });
    ui.add_space(12.0);
    ui.label(egui::RichText::new(lang.t("Chart images", "Immagini dei grafici")).strong());
    let mut images = app.settings.images;
    ui.horizontal(|ui| {
        ui.label(lang.t("Size in pixels", "Dimensione in pixel"));
        ui.add(egui::DragValue::new(&mut images.width).range(100..=8000).speed(10));
        ui.label("×");
        ui.add(egui::DragValue::new(&mut images.height).range(100..=8000).speed(10));
        ui.separator();
        ui.label(lang.t("Scale", "Scala"));
        ui.add(
            egui::DragValue::new(&mut images.scale)
                .range(0.5..=8.0)
                .speed(0.1)
                .custom_formatter(move |v, _| lang.number(v, 1))
                .custom_parser(move |text| lang.parse_number(text)),
        )
            .on_hover_text(lang.t(
                "2 draws text and lines twice as large: crisp in print and on sharp screens.",
                "2 disegna testo e linee due volte più grandi: nitidi in stampa e sugli schermi ad alta risoluzione.",
            ));
        ui.separator();
        ui.checkbox(&mut images.dark, lang.t("Dark background", "Sfondo scuro"));
        if ui.small_button(lang.t("Defaults", "Predefiniti")).clicked() {
            images = crate::settings::ImageSettings::default();
        }
    });
    app.set_image_settings(images);
    ui.add_space(12.0);
    ui.label(
        egui::RichText::new(lang.t("Largest file to read", "File più grande da leggere")).strong(),
    );
    let set = app.settings.max_file_mb;
    ui.horizontal_wrapped(|ui| {
        let mut automatic = set.is_none();
        if ui
            .checkbox(
                &mut automatic,
                lang.t(
                    "Automatic: a third of the memory free when a file is read",
                    "Automatico: un terzo della memoria libera quando si legge un file",
                ),
            )
            .changed()
        {
            app.send(Command::SetMaxFileSize((!automatic).then_some(1000)));
        }
        if let Some(mut mb) = set {
            let max_mb = crate::import::file::MAX_FILE_BYTES / 1_000_000;
            if ui
                .add(
                    egui::DragValue::new(&mut mb)
                        .range(1..=max_mb)
                        .speed(10)
                        .suffix(" MB"),
                )
                .changed()
            {
                app.send(Command::SetMaxFileSize(Some(mb)));
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
    about(lang, ui);
}

/// The crates compiled into Fidelio and their licences (`dist/licences.py` writes the list).
pub const THIRD_PARTY: &str = include_str!("../../../dist/third-party-licences.txt");

/// The version, the licence and the third-party licences.
fn about(lang: crate::i18n::Lang, ui: &mut egui::Ui) {
    ui.add_space(12.0);
    ui.label(egui::RichText::new(lang.t("About Fidelio", "Informazioni su Fidelio")).strong());
    ui.label(format!(
        "Fidelio {} · {} {}",
        env!("CARGO_PKG_VERSION"),
        lang.t("licence", "licenza"),
        env!("CARGO_PKG_LICENSE")
    ));
    egui::CollapsingHeader::new(lang.t("Third-party licences", "Licenze di terze parti"))
        .id_salt("third_party")
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("third_party_scroll")
                .max_height(240.0)
                .show(ui, |ui| {
                    for line in THIRD_PARTY.lines() {
                        ui.weak(line);
                    }
                });
        });
}
