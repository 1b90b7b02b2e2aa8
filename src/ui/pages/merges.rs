//! The Data page's "Same meaning" panel: the stores and channels the files name, and which
//! ones the owner counts as one (`In store` as `negozio`). A merge is part of the scope, so it
//! holds on every page and in every export, and it is remembered between runs.

use crate::analysis::merge::Merge;
use crate::analysis::sales::{CHANNEL, STORE};
use crate::i18n::Lang;
use crate::ui::FidelioApp;
use crate::ui::commands::Command;

/// Draws the panel: per category, each value with a "counts as" choice, and the merges made.
pub fn show(app: &mut FidelioApp, ui: &mut egui::Ui) {
    let lang = app.lang();
    let categories = [
        (STORE, lang.t("Stores", "Negozi"), app.figures.stores()),
        (
            CHANNEL,
            lang.t("Channels", "Canali"),
            app.figures.channels(),
        ),
    ];
    if categories.iter().all(|(_, _, values)| values.len() < 2) && app.scope.merges.is_empty() {
        return;
    }
    ui.separator();
    ui.strong(lang.t("Same meaning", "Stesso significato"));
    ui.weak(lang.t(
        "Values your files write differently but mean the same count as one everywhere.",
        "I valori scritti in modo diverso nei file ma con lo stesso significato contano come uno ovunque.",
    ));
    let mut commands = Vec::new();
    for (column, title, values) in &categories {
        let merged: Vec<&Merge> = app
            .scope
            .merges
            .iter()
            .filter(|m| m.column == *column)
            .collect();
        if values.len() < 2 && merged.is_empty() {
            continue;
        }
        ui.add_space(4.0);
        ui.label(*title);
        for merge in merged {
            ui.horizontal_wrapped(|ui| {
                // The UI font has no arrow glyph: words say it.
                ui.weak(format!("{} {} {}", merge.from, counts_as(lang), merge.into));
                if ui.small_button(lang.t("Undo", "Annulla")).clicked() {
                    commands.push(Command::Unmerge(merge.clone()));
                }
            });
        }
        for value in values {
            ui.horizontal_wrapped(|ui| {
                ui.label(value);
                egui::ComboBox::from_id_salt(("merge", *column, value.as_str()))
                    .selected_text(lang.t("is itself", "è sé stesso"))
                    .show_ui(ui, |ui| {
                        for other in values.iter().filter(|o| *o != value) {
                            let text = format!("{} {other}", counts_as(lang));
                            if ui.selectable_label(false, text).clicked() {
                                commands.push(Command::Merge(Merge {
                                    column: column.to_string(),
                                    from: value.clone(),
                                    into: other.clone(),
                                }));
                            }
                        }
                    });
            });
        }
    }
    for command in commands {
        app.send(command);
    }
}

fn counts_as(lang: Lang) -> &'static str {
    lang.t("counts as", "conta come")
}
