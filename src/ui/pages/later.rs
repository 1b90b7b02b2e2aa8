//! The Goals page, whose analysis arrives with later work: it says what it will show, so the
//! navigation is complete from day one.

use crate::ui::FidelioApp;

/// Draws the page that is not built yet.
pub fn show(app: &mut FidelioApp, ui: &mut egui::Ui) {
    let lang = app.lang();
    ui.heading(app.page.title(lang));
    ui.label(lang.t(
        "Targets for each figure, reviewed monthly or quarterly and drawn on every chart.",
        "Obiettivi per ogni indicatore, rivisti ogni mese o trimestre e disegnati su ogni grafico.",
    ));
    ui.add_space(8.0);
    ui.weak(lang.t(
        "This page is coming in a next version of Fidelio.",
        "Questa pagina arriverà in una prossima versione di Fidelio.",
    ));
}
