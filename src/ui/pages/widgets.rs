//! Pieces several pages share: a chart with its image buttons, table export buttons and the
//! date range every figure follows.

use chrono::NaiveDate;

use crate::charts::{self, draw::show_chart};
use crate::i18n::Lang;
use crate::ui::FidelioApp;
use crate::ui::commands::{Command, Page, TableChoice, TableFormat};

/// A chart with "Save image…" and "Copy image" under it.
pub fn chart_block(
    lang: Lang,
    ui: &mut egui::Ui,
    chart: &charts::Chart,
    height: f32,
    commands: &mut Vec<Command>,
) {
    show_chart(ui, chart, height);
    ui.horizontal(|ui| {
        if ui
            .small_button(lang.t("Save image…", "Salva immagine…"))
            .clicked()
        {
            commands.push(Command::SaveChartImage(Box::new(chart.clone())));
        }
        if ui
            .small_button(lang.t("Copy image", "Copia immagine"))
            .clicked()
        {
            commands.push(Command::CopyChartImage(Box::new(chart.clone())));
        }
    });
}

/// "Export CSV…" and "Export XLSX…" for one table.
pub fn table_buttons(
    lang: Lang,
    ui: &mut egui::Ui,
    choice: TableChoice,
    commands: &mut Vec<Command>,
) {
    if ui
        .small_button(lang.t("Export CSV…", "Esporta CSV…"))
        .clicked()
    {
        commands.push(Command::ExportTable(choice, TableFormat::Csv));
    }
    if ui
        .small_button(lang.t("Export XLSX…", "Esporta XLSX…"))
        .clicked()
    {
        commands.push(Command::ExportTable(choice, TableFormat::Xlsx));
    }
}

/// From and to fields, Apply, and quick ranges ending on the data's last day. The range is
/// shared by every page, so NPS and loyalty figures always cover the same dates.
pub fn date_range(app: &mut FidelioApp, ui: &mut egui::Ui, span: Option<(NaiveDate, NaiveDate)>) {
    let lang = app.lang();
    ui.label(lang.t("From", "Dal"));
    let hint = lang.t("yyyy-mm-dd", "gg/mm/aaaa");
    let from = ui.add(
        egui::TextEdit::singleline(&mut app.date_text.0)
            .hint_text(hint)
            .desired_width(90.0),
    );
    ui.label(lang.t("to", "al"));
    let to = ui.add(
        egui::TextEdit::singleline(&mut app.date_text.1)
            .hint_text(hint)
            .desired_width(90.0),
    );
    let entered =
        (from.lost_focus() || to.lost_focus()) && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if ui.button(lang.t("Apply", "Applica")).clicked() || entered {
        let parse = |text: &str| {
            if text.trim().is_empty() {
                Some(None)
            } else {
                lang.parse_date(text).map(Some)
            }
        };
        match (parse(&app.date_text.0), parse(&app.date_text.1)) {
            (Some(from), Some(to)) => app.send(Command::SetDateRange(from, to)),
            _ => app.notify(
                crate::ui::state::Level::Warning,
                lang.t(
                    "That is not a date: write it as yyyy-mm-dd.",
                    "Questa non è una data: scrivila come gg/mm/aaaa.",
                )
                .to_string(),
            ),
        }
    }
    if ui.button(lang.t("All dates", "Tutte le date")).clicked() {
        app.send(Command::SetDateRange(None, None));
    }
    if let Some((_, last)) = span {
        for (months, label) in [
            (12, lang.t("Last 12 months", "Ultimi 12 mesi")),
            (3, lang.t("Last 3 months", "Ultimi 3 mesi")),
        ] {
            if ui.button(label).clicked() {
                let from = last
                    .checked_sub_months(chrono::Months::new(months))
                    .map(|d| d + chrono::Duration::days(1));
                app.send(Command::SetDateRange(from, Some(last)));
            }
        }
    }
}

/// The store and channel drop-downs, when the orders or answers name more than one: they
/// select every figure of the NPS and Loyalty pages (the scope is one).
pub fn place_filters(app: &mut FidelioApp, ui: &mut egui::Ui) {
    let lang = app.lang();
    let (stores, channels) = (app.figures.stores(), app.figures.channels());
    let store = app.scope.store.clone();
    choice_box(
        ui,
        "store_filter",
        lang.t("All stores", "Tutti i negozi"),
        store.as_deref(),
        &stores,
        |store| app.send(Command::SetStore(store)),
    );
    let channel = app.scope.channel.clone();
    choice_box(
        ui,
        "channel_filter",
        lang.t("All channels", "Tutti i canali"),
        channel.as_deref(),
        &channels,
        |channel| app.send(Command::SetChannel(channel)),
    );
}

/// A drop-down of "all" plus `values`; calls `pick` with the new choice when it changes.
fn choice_box(
    ui: &mut egui::Ui,
    id: &str,
    all: &str,
    current: Option<&str>,
    values: &[String],
    mut pick: impl FnMut(Option<String>),
) {
    if values.is_empty() {
        return;
    }
    egui::ComboBox::from_id_salt(id)
        .selected_text(current.unwrap_or(all))
        .show_ui(ui, |ui| {
            if ui.selectable_label(current.is_none(), all).clicked() && current.is_some() {
                pick(None);
            }
            for value in values {
                let chosen = current.is_some_and(|c| c.eq_ignore_ascii_case(value));
                if ui.selectable_label(chosen, value).clicked() && !chosen {
                    pick(Some(value.clone()));
                }
            }
        });
}

/// What a page without its data offers: open files, the demo shop, and the Data page when files
/// are loaded (they may be there with the wrong roles).
pub fn start_buttons(app: &mut FidelioApp, ui: &mut egui::Ui) {
    let lang = app.lang();
    ui.horizontal(|ui| {
        if ui.button(lang.t("Open files…", "Apri file…")).clicked() {
            app.send(Command::OpenDialog);
        }
        if ui
            .button(lang.t("Explore the demo shop", "Esplora il negozio demo"))
            .clicked()
        {
            app.send(Command::LoadDemo);
        }
        if !app.workspace.files.is_empty()
            && ui
                .button(lang.t("Check the Data page", "Controlla la pagina Dati"))
                .clicked()
        {
            app.send(Command::ShowPage(Page::Data));
        }
    });
}
