//! The window: navigation bar, notices, status bar with progress, and the page shown. Pages only
//! draw and send commands; `app` applies them.

mod action_tasks;
mod analysis_tasks;
pub mod app;
pub mod commands;
mod exports;
mod imports;
pub mod pages;
mod platform;
mod review_tasks;
pub mod settings_io;
pub mod state;
pub mod tasks;
pub mod workspace_io;
pub mod workspace_threads;

use std::path::PathBuf;
use std::sync::Arc;

use egui::{Color32, RichText};

use crate::import::roles::FileKind;
pub use app::FidelioApp;
use commands::{Command, Page, Source};
use state::Level;

/// Draws one frame of the whole app into `ui` (the window's root).
pub fn draw(app: &mut FidelioApp, ui: &mut egui::Ui) {
    let lang = app.lang();
    // Solid scroll bars, always drawn where there is more to see: egui's floating ones hide
    // until hovered, and an owner does not know a table has more columns.
    if ui.ctx().global_style().spacing.scroll.floating {
        ui.ctx()
            .all_styles_mut(|style| style.spacing.scroll = egui::style::ScrollStyle::solid());
    }
    take_dropped_files(app, ui.ctx());
    if let Some(image) = app.clipboard_image.take() {
        ui.ctx().copy_image(image);
    }
    if let Some(text) = app.clipboard_text.take() {
        ui.ctx().copy_text(text);
    }

    egui::Panel::top("navigation").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(
                RichText::new("Fidelio")
                    .strong()
                    .size(18.0)
                    .color(Color32::from_rgb(0x2b, 0x6c, 0xb0)),
            );
            ui.separator();
            for page in Page::NAV {
                if ui
                    .selectable_label(app.page == page, page.title(lang))
                    .clicked()
                {
                    app.send(Command::ShowPage(page));
                }
            }
        });
    });

    egui::Panel::bottom("status").show(ui, |ui| {
        ui.horizontal(|ui| match app.progress() {
            Some((done, total, label)) => {
                ui.spinner();
                if total > 0 {
                    ui.add(egui::ProgressBar::new(done as f32 / total as f32).desired_width(160.0));
                }
                ui.label(label);
            }
            None => {
                ui.weak(status_text(app));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.weak(lang.t(
                        "Your data stays on this computer.",
                        "I tuoi dati restano su questo computer.",
                    ));
                });
            }
        });
    });

    egui::CentralPanel::default().show(ui, |ui| {
        show_notices(app, ui);
        match app.page {
            Page::Welcome => pages::welcome::show(app, ui),
            Page::Data => pages::data::show(app, ui),
            Page::Nps => pages::nps::show(app, ui),
            Page::Loyalty => pages::loyalty::show(app, ui),
            Page::Engagement => pages::engagement::show(app, ui),
            Page::Goals => pages::goals::show(app, ui),
            Page::Actions => pages::actions::show(app, ui),
            Page::Settings => pages::settings::show(app, ui),
        }
    });

    if ui.ctx().input(|i| !i.raw.hovered_files.is_empty()) {
        let rect = ui.ctx().content_rect();
        let painter = ui.ctx().layer_painter(egui::LayerId::new(
            egui::Order::Foreground,
            egui::Id::unique("drop"),
        ));
        painter.rect_filled(rect, 0.0, Color32::from_black_alpha(160));
        painter.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            lang.t(
                "Drop the files to analyse them",
                "Rilascia i file per analizzarli",
            ),
            egui::FontId::proportional(26.0),
            Color32::WHITE,
        );
    }
}

fn show_notices(app: &mut FidelioApp, ui: &mut egui::Ui) {
    let mut dismiss = None;
    for (index, notice) in app.notices.iter().enumerate() {
        let lang = app.lang();
        // Words, not symbols: egui's bundled fonts have no warning or stop glyphs.
        let (fill, title) = match notice.level {
            Level::Info => (Color32::from_rgb(0xe3, 0xf0, 0xfb), lang.t("Note", "Nota")),
            Level::Warning => (
                Color32::from_rgb(0xfd, 0xf3, 0xd7),
                lang.t("Warning", "Attenzione"),
            ),
            Level::Error => (
                Color32::from_rgb(0xfb, 0xe2, 0xe0),
                lang.t("Problem", "Problema"),
            ),
        };
        egui::Frame::new()
            .fill(fill)
            .inner_margin(6.0)
            .corner_radius(4.0)
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(title).strong().color(Color32::BLACK));
                    ui.label(RichText::new(&notice.text).color(Color32::BLACK));
                    if ui
                        .small_button("×")
                        .on_hover_text(app.lang().t("Dismiss", "Chiudi"))
                        .clicked()
                    {
                        dismiss = Some(index);
                    }
                });
            });
    }
    if let Some(index) = dismiss {
        app.send(Command::DismissNotice(index));
    }
}

fn take_dropped_files(app: &mut FidelioApp, ctx: &egui::Context) {
    let dropped = ctx.input(|i| i.raw.dropped_files.clone());
    let sources: Vec<Source> = dropped
        .into_iter()
        .map(|file| Source::Path(file.path().to_path_buf()))
        .collect();
    if !sources.is_empty() {
        app.send(Command::Open(sources));
    }
}

/// eframe's view of the app.
pub struct FidelioWindow {
    /// The app.
    pub app: FidelioApp,
}

impl eframe::App for FidelioWindow {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.app.logic();
        if self.app.is_busy() {
            // Keep the spinner moving; tasks also wake the UI when they report.
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        draw(&mut self.app, ui);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        // A change made just before closing is still on its way to the disk.
        if !self.app.flush_settings() {
            eprintln!("fidelio: the last settings change may not have been saved");
        }
        if !self.app.flush_workspace() {
            eprintln!("fidelio: the last workspace change may not have been saved");
        }
    }
}

/// The app icon, decoded from `assets/icon.png`.
pub fn icon() -> Option<egui::IconData> {
    let image = image::load_from_memory(include_bytes!("../../assets/icon.png"))
        .ok()?
        .into_rgba8();
    let (width, height) = image.dimensions();
    Some(egui::IconData {
        rgba: image.into_raw(),
        width,
        height,
    })
}

/// Opens the window, with `files` loaded, and runs until it is closed.
pub fn run(files: Vec<PathBuf>) -> anyhow::Result<()> {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Fidelio")
        .with_inner_size([1200.0, 820.0])
        .with_min_inner_size([720.0, 480.0])
        .with_drag_and_drop(true)
        .with_app_id("fidelio");
    if let Some(icon) = icon() {
        viewport = viewport.with_icon(Arc::new(icon));
    }
    let options = eframe::NativeOptions {
        viewport,
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_native(
        "Fidelio",
        options,
        Box::new(move |cc| {
            let ctx = cc.egui_ctx.clone();
            let mut app = FidelioApp::new(move || ctx.request_repaint());
            // Started with no files (a double-click on the app): where the owner left off.
            app.resume_last_workspace = files.is_empty();
            if !files.is_empty() {
                app.send(Command::Open(files.into_iter().map(Source::Path).collect()));
            }
            Ok(Box::new(FidelioWindow { app }))
        }),
    )
    .map_err(|e| anyhow::anyhow!("the window could not be opened: {e}"))
}

/// "5 files · 1,268 survey answers · 2,944 order lines · 1,301 engagement rows": what is
/// loaded, each kind only when there is some.
fn status_text(app: &FidelioApp) -> String {
    let lang = app.lang();
    let files = app.workspace.files.len();
    let mut parts = vec![format!(
        "{} {}",
        lang.count(files as u64),
        lang.t("files", "file")
    )];
    let count = |kind: FileKind| -> usize {
        app.workspace
            .files
            .iter()
            .filter(|f| f.kind == kind && f.error.is_none())
            .map(|f| f.rows_used())
            .sum()
    };
    for (kind, en, it) in [
        (FileKind::Survey, "survey answers", "risposte al sondaggio"),
        (FileKind::Orders, "order lines", "righe d'ordine"),
        (
            FileKind::Engagement,
            "engagement rows",
            "righe di coinvolgimento",
        ),
    ] {
        let n = count(kind);
        if n > 0 {
            parts.push(format!("{} {}", lang.count(n as u64), lang.t(en, it)));
        }
    }
    parts.join(" · ")
}
