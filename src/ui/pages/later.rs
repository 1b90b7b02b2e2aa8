//! Pages whose analyses arrive with later work (Loyalty, Engagement, Goals): they say what they
//! will show and which loaded files will feed them, so the navigation is complete from day one.

use crate::import::roles::FileKind;
use crate::ui::FidelioApp;
use crate::ui::commands::Page;

/// Draws a page that is not built yet.
pub fn show(app: &mut FidelioApp, ui: &mut egui::Ui) {
    let lang = app.lang();
    let (what, kind) = match app.page {
        Page::Loyalty => (
            lang.t(
                "Retention by first-purchase month, repeat purchase, customer value and RFM segments, from your order exports.",
                "Fidelizzazione per mese del primo acquisto, riacquisto, valore del cliente e segmenti RFM, dalle esportazioni degli ordini.",
            ),
            Some(FileKind::Orders),
        ),
        Page::Engagement => (
            lang.t(
                "Reviews, social interactions and the loyalty programme, with an engagement score per customer.",
                "Recensioni, interazioni social e programma fedeltà, con un punteggio di coinvolgimento per cliente.",
            ),
            Some(FileKind::Engagement),
        ),
        _ => (
            lang.t(
                "Targets for each figure, reviewed monthly or quarterly and drawn on every chart.",
                "Obiettivi per ogni indicatore, rivisti ogni mese o trimestre e disegnati su ogni grafico.",
            ),
            None,
        ),
    };
    ui.heading(app.page.title(lang));
    ui.label(what);
    ui.add_space(8.0);
    ui.weak(lang.t(
        "This page is coming in a next version of Fidelio.",
        "Questa pagina arriverà in una prossima versione di Fidelio.",
    ));
    if let Some(kind) = kind {
        let files: Vec<&str> = app
            .workspace
            .files
            .iter()
            .filter(|f| f.kind == kind)
            .map(|f| f.name.as_str())
            .collect();
        if !files.is_empty() {
            ui.add_space(8.0);
            ui.label(format!(
                "{} {}",
                lang.t(
                    "Files already loaded for it:",
                    "File già caricati per questa pagina:"
                ),
                files.join(", ")
            ));
        }
    }
}
