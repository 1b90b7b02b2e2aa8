//! Pieces several pages share: the page model's blocks (headline cards, notes, matrices), a
//! chart with its image buttons, table export buttons and the date range every figure follows.

use chrono::NaiveDate;
use egui::{Color32, RichText};

use crate::charts::{self, draw::show_chart, palette};
use crate::i18n::Lang;
use crate::pages::{Kpi, Matrix, Tone};
use crate::ui::FidelioApp;
use crate::ui::commands::{Command, Page, TableChoice, TableFormat};

/// A tone's colour on screen (`None`: the weak text colour).
pub fn tone_color(tone: Tone) -> Option<Color32> {
    let rgb = match tone {
        Tone::Plain => return None,
        Tone::Good | Tone::Promoter => palette::PROMOTER,
        Tone::Bad | Tone::Detractor => palette::DETRACTOR,
        // Passives' chart grey is too pale for text, so text uses a darker grey.
        Tone::Passive => charts::Rgb(0x80, 0x80, 0x80),
    };
    Some(Color32::from_rgb(rgb.0, rgb.1, rgb.2))
}

/// The narrowest a headline card may be: its title and value on one line each.
const KPI_CARD_MIN_WIDTH: f32 = 170.0;

/// A row of headline cards that wraps; returns each card's response (for hover texts).
pub fn kpi_row(ui: &mut egui::Ui, kpis: &[Kpi]) -> Vec<egui::Response> {
    ui.horizontal_wrapped(|ui| {
        kpis.iter()
            .map(|kpi| {
                // A card is a frame, which a wrapping row squeezes into whatever is left
                // instead of moving it down: with too little room the title broke letter by
                // letter.
                if ui.available_size_before_wrap().x < KPI_CARD_MIN_WIDTH {
                    ui.end_row();
                }
                kpi_card(ui, kpi)
            })
            .collect()
    })
    .inner
}

fn kpi_card(ui: &mut egui::Ui, kpi: &Kpi) -> egui::Response {
    egui::Frame::new()
        .inner_margin(10.0)
        .corner_radius(6.0)
        .fill(ui.visuals().faint_bg_color)
        .show(ui, |ui| {
            ui.vertical(|ui| {
                ui.label(RichText::new(&kpi.title).strong());
                let value = RichText::new(&kpi.value);
                ui.label(if kpi.main {
                    value.size(30.0).strong()
                } else {
                    value.size(22.0)
                });
                for (text, tone) in &kpi.lines {
                    match tone_color(*tone) {
                        Some(color) => ui.label(RichText::new(text).color(color)),
                        None => ui.weak(text),
                    };
                }
            });
        })
        .response
}

/// A page's note: weak, or in the warning colour.
pub fn note(ui: &mut egui::Ui, text: &str, warning: bool) {
    if warning {
        ui.label(RichText::new(text).color(Color32::from_rgb(0xb3, 0x6b, 0x00)));
    } else {
        ui.weak(text);
    }
}

/// A shaded matrix in a sideways scroll: deeper blue for a stronger cell; a cell still
/// counting is marked "…" and says why when hovered.
pub fn matrix(ui: &mut egui::Ui, matrix: &Matrix, id: &str) {
    if let Some(text) = &matrix.in_progress {
        ui.weak(format!("… {text}"));
    }
    egui::ScrollArea::horizontal().id_salt(id).show(ui, |ui| {
        egui::Grid::new((id, "grid"))
            .spacing([6.0, 2.0])
            .show(ui, |ui| {
                for column in &matrix.columns {
                    ui.strong(column);
                }
                ui.end_row();
                for row in &matrix.rows {
                    ui.label(&row.label);
                    ui.label(&row.size);
                    for cell in &row.cells {
                        let text = if cell.in_progress {
                            format!("{}…", cell.text)
                        } else {
                            cell.text.clone()
                        };
                        let shown = matrix_cell(ui, &text, cell.strength as f32);
                        if cell.in_progress
                            && let Some(why) = &matrix.in_progress
                        {
                            shown.on_hover_text(why);
                        }
                    }
                    ui.end_row();
                }
            });
    });
}

/// One matrix cell: deeper blue for a higher value; the text stays readable on both ends.
fn matrix_cell(ui: &mut egui::Ui, text: &str, strength: f32) -> egui::Response {
    let fill = Color32::from_rgb(0x2b, 0x6c, 0xb0).gamma_multiply(0.15 + 0.85 * strength);
    let color = if strength > 0.45 {
        Color32::WHITE
    } else {
        ui.visuals().text_color()
    };
    ui.label(
        RichText::new(format!(" {text:>6} "))
            .monospace()
            .color(color)
            .background_color(fill),
    )
}

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
