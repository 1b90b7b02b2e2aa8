//! Every page reads well from 1024×700 to 1920×1080, in both languages: the demo shop's pages
//! are drawn off-screen, and nothing may be cut by the window's right edge (a widget wider than
//! the window, KPI cards that do not wrap, a chart under the scroll bar). A wide table is fine
//! inside a horizontal scroll area: its shapes are clipped by the area, not by the window.
//! Each page's image at both sizes, in Italian, is kept in `tests/snapshots/pages/` (drawn by
//! Fidelio's own CPU renderer; `UPDATE_SNAPSHOTS=1` writes them) so a person can look.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::{Context, RawInput, Rect, ViewportId};
use fidelio::export::raster::SoftwareRenderer;
use fidelio::i18n::Lang;
use fidelio::settings::Settings;
use fidelio::ui::FidelioApp;
use fidelio::ui::commands::{Command, Page};

const SIZES: [(f32, f32); 2] = [(1024.0, 700.0), (1920.0, 1080.0)];
const PAGES: [(Page, &str); 8] = [
    (Page::Welcome, "welcome"),
    (Page::Data, "data"),
    (Page::Nps, "nps"),
    (Page::Loyalty, "loyalty"),
    (Page::Engagement, "engagement"),
    (Page::Goals, "goals"),
    (Page::Actions, "actions"),
    (Page::Settings, "settings"),
];

struct Window {
    ctx: Context,
    app: FidelioApp,
    input: RawInput,
    /// The settings folder, removed when the window goes.
    dir: PathBuf,
}

impl Drop for Window {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Window {
    fn new(lang: Lang, (width, height): (f32, f32)) -> Window {
        let settings = Settings {
            language: Some(lang),
            ..Settings::default()
        };
        // Settings in a folder of their own, as on an owner's computer: the workspace is saved
        // beside them, and the Overview says so.
        // Named, not random: the Settings page shows where the settings live, and the images
        // must be the same on every run.
        let dir = std::env::temp_dir().join(format!("fidelio-pages-{lang:?}-{width}x{height}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut app = FidelioApp::with_settings(settings, Some(dir.join("settings.json")), || {});
        // A fixed day: the Overview says which review is due, and the images must not change
        // with the month they are made in.
        app.today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7);
        let ctx = Context::default();
        // As the window draws it: the default dark theme; missing glyphs are a failure.
        ctx.set_missing_glyph_policy(egui::MissingGlyphPolicy::Panic);
        let mut input = RawInput {
            screen_rect: Some(Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(width, height),
            )),
            ..RawInput::default()
        };
        input
            .viewports
            .entry(ViewportId::ROOT)
            .or_default()
            .native_pixels_per_point = Some(1.0);
        Window {
            ctx,
            app,
            input,
            dir,
        }
    }

    fn frame(&mut self) -> egui::FullOutput {
        let app = &mut self.app;
        self.ctx.run_ui(self.input.clone(), |ui| {
            app.logic();
            fidelio::ui::draw(app, ui);
        })
    }

    /// Frames until the background work is done and the layout has settled.
    fn settle(&mut self, renderer: &mut SoftwareRenderer) -> egui::FullOutput {
        let started = Instant::now();
        loop {
            let mut output = self.frame();
            renderer.update_textures(&mut output.textures_delta);
            if !self.app.is_busy() {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(300),
                "the app stayed busy"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        let mut last = None;
        for _ in 0..3 {
            let mut output = self.frame();
            renderer.update_textures(&mut output.textures_delta);
            last = Some(output);
        }
        last.unwrap()
    }
}

/// Shapes the window's right edge cuts: they reach past it, and nothing narrower (a scroll
/// area) clips them first.
fn cut_at_the_right_edge(output: &egui::FullOutput, width: f32) -> Vec<String> {
    output
        .shapes
        .iter()
        .filter(|clipped| {
            let bounds = clipped.shape.visual_bounding_rect();
            bounds.is_positive()
                && bounds.max.x > width + 1.0
                && bounds.min.x < width
                && clipped.clip_rect.max.x >= width - 0.5
        })
        .map(|clipped| {
            let bounds = clipped.shape.visual_bounding_rect();
            let text = match &clipped.shape {
                egui::Shape::Text(text) => format!(" '{}'", text.galley.text()),
                _ => String::new(),
            };
            format!(
                "{:?} from x {:.0} to {:.0}, y {:.0} to {:.0}{text}",
                clipped.shape_kind(),
                bounds.min.x,
                bounds.max.x,
                bounds.min.y,
                bounds.max.y
            )
        })
        .collect()
}

trait ShapeKind {
    fn shape_kind(&self) -> &'static str;
}

impl ShapeKind for egui::epaint::ClippedShape {
    fn shape_kind(&self) -> &'static str {
        match self.shape {
            egui::Shape::Text(_) => "text",
            egui::Shape::Rect(_) => "rect",
            egui::Shape::Mesh(_) => "mesh",
            egui::Shape::Path(_) => "path",
            egui::Shape::LineSegment { .. } => "line",
            _ => "shape",
        }
    }
}

/// Why `png` is not the image at `path` (more than 0.2 % of pixels off by more than a few
/// levels), or `None`.
fn differs_from(path: &Path, png: &[u8]) -> Option<String> {
    let new = image::load_from_memory(png).unwrap().to_rgba8();
    let old = match image::open(path) {
        Ok(old) => old.to_rgba8(),
        Err(error) => {
            return Some(format!(
                "no baseline ({error}); run with UPDATE_SNAPSHOTS=1"
            ));
        }
    };
    if old.dimensions() != new.dimensions() {
        return Some(format!(
            "size {:?} != {:?}",
            new.dimensions(),
            old.dimensions()
        ));
    }
    let differing = old
        .pixels()
        .zip(new.pixels())
        .filter(|(p, q)| p.0.iter().zip(q.0).any(|(x, y)| x.abs_diff(y) > 8))
        .count();
    let share = differing as f64 / f64::from(old.width() * old.height());
    (share > 0.002).then(|| format!("{:.2} % of pixels differ", share * 100.0))
}

fn snapshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/pages")
}

#[test]
fn no_page_is_cut_by_the_window_s_right_edge_at_either_size_in_either_language() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut failures = Vec::new();
    for lang in [Lang::It, Lang::En] {
        for size in SIZES {
            let mut window = Window::new(lang, size);
            let mut renderer = SoftwareRenderer::default();
            window.app.send(Command::LoadDemo);
            window.settle(&mut renderer);
            for (page, name) in PAGES {
                window.app.send(Command::ShowPage(page));
                let output = window.settle(&mut renderer);
                for cut in cut_at_the_right_edge(&output, size.0) {
                    failures.push(format!(
                        "{name} at {}×{} in {lang:?}: {cut}",
                        size.0, size.1
                    ));
                }
                // Every page in Italian; the Overview, which must fit one screen, in both.
                if lang == Lang::It || page == Page::Welcome {
                    let primitives = window
                        .ctx
                        .tessellate(output.shapes, output.pixels_per_point);
                    let image = renderer.paint(
                        &primitives,
                        output.pixels_per_point,
                        [size.0 as usize, size.1 as usize],
                        window.ctx.global_style().visuals.panel_fill,
                    );
                    let png = fidelio::export::image::png_bytes(&image).unwrap();
                    let tag = if lang == Lang::It { "" } else { "_en" };
                    let file = format!("{name}{tag}_{}x{}.png", size.0, size.1);
                    let path = snapshot_dir().join(&file);
                    if update {
                        std::fs::create_dir_all(snapshot_dir()).unwrap();
                        std::fs::write(path, png).unwrap();
                    } else if let Some(problem) = differs_from(&path, &png) {
                        let fresh = std::env::temp_dir().join(format!("fidelio-page-{file}"));
                        std::fs::write(&fresh, &png).unwrap();
                        failures.push(format!(
                            "{file}: {problem}; new image at {}",
                            fresh.display()
                        ));
                    }
                }
            }
        }
    }
    failures.dedup();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_check_sees_a_label_wider_than_the_window() {
    // The check itself, on a page made to fail: a row of buttons that does not wrap, past the
    // edge, as the KPI cards once were.
    let ctx = Context::default();
    let input = RawInput {
        screen_rect: Some(Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(300.0, 200.0),
        )),
        ..RawInput::default()
    };
    let row = |ui: &mut egui::Ui| {
        ui.horizontal(|ui| {
            for n in 0..12 {
                let _ = ui.button(format!("card {n}"));
            }
        });
    };
    let mut output = ctx.run_ui(input, |ui| {
        egui::CentralPanel::default().show(ui, row);
    });
    output.textures_delta.clear();
    assert!(!cut_at_the_right_edge(&output, 300.0).is_empty());
    // The same label inside a horizontal scroll area is not cut by the window.
    let ctx = Context::default();
    let input = RawInput {
        screen_rect: Some(Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(300.0, 200.0),
        )),
        ..RawInput::default()
    };
    let mut output = ctx.run_ui(input, |ui| {
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::horizontal().show(ui, row);
        });
    });
    output.textures_delta.clear();
    assert!(cut_at_the_right_edge(&output, 300.0).is_empty());
}
