//! Chart images: a chart description drawn by the same egui_plot code as the window, into an
//! off-screen egui pass, filled on the CPU. No window, GPU or display is needed.

use egui::{Color32, ColorImage, RawInput, Rect, ViewportId, Visuals};

use crate::charts::Chart;
use crate::charts::draw::{PlotHeight, draw_chart};
use crate::export::raster::SoftwareRenderer;

/// How a chart image is made.
#[derive(Clone, Debug, PartialEq)]
pub struct ImageOptions {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Pixels per point: text and lines are drawn this many times larger, so they stay crisp.
    pub scale: f32,
    /// Dark background instead of the light one made for print.
    pub dark: bool,
    /// A small line at the bottom: source files and export date.
    pub footer: String,
}

impl Default for ImageOptions {
    fn default() -> ImageOptions {
        ImageOptions {
            width: 1600,
            height: 900,
            scale: 2.0,
            dark: false,
            footer: String::new(),
        }
    }
}

/// Renders `chart` with its title, subtitle, legend, axes and footer.
pub fn chart_image(chart: &Chart, options: &ImageOptions) -> ColorImage {
    let scale = options.scale.clamp(0.5, 8.0);
    let (width, height) = (
        options.width.max(16) as usize,
        options.height.max(16) as usize,
    );
    let ctx = egui::Context::default();
    let visuals = if options.dark {
        Visuals::dark()
    } else {
        Visuals::light()
    };
    let background = visuals.panel_fill;
    ctx.set_visuals(visuals);
    let points = egui::vec2(width as f32 / scale, height as f32 / scale);
    let mut input = RawInput {
        screen_rect: Some(Rect::from_min_size(egui::Pos2::ZERO, points)),
        ..RawInput::default()
    };
    input
        .viewports
        .entry(ViewportId::ROOT)
        .or_default()
        .native_pixels_per_point = Some(scale);

    let mut renderer = SoftwareRenderer::default();
    let mut output = None;
    // egui lays out text and plot bounds over a couple of passes; the third one is settled.
    for _ in 0..3 {
        let mut full = ctx.run_ui(input.clone(), |ui| {
            egui::CentralPanel::default().show(ui, |ui| {
                let footer_height = if options.footer.is_empty() { 0.0 } else { 18.0 };
                draw_chart(ui, chart, PlotHeight::FillLeaving(footer_height));
                if !options.footer.is_empty() {
                    ui.add_space(4.0);
                    ui.weak(egui::RichText::new(&options.footer).small());
                }
            });
        });
        renderer.update_textures(&mut full.textures_delta);
        output = Some(full);
    }
    let Some(output) = output else {
        return ColorImage::filled([width, height], background);
    };
    let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
    renderer.paint(
        &primitives,
        output.pixels_per_point,
        [width, height],
        background,
    )
}

/// Encodes an image as PNG bytes.
pub fn png_bytes(image: &ColorImage) -> Result<Vec<u8>, image::ImageError> {
    let [w, h] = image.size;
    let mut rgba = Vec::with_capacity(w * h * 4);
    for pixel in &image.pixels {
        // PNG wants straight alpha; the chart background is opaque, so unmultiply is exact.
        rgba.extend_from_slice(&pixel.to_srgba_unmultiplied());
    }
    let mut bytes = Vec::new();
    image::write_buffer_with_format(
        &mut std::io::Cursor::new(&mut bytes),
        &rgba,
        w as u32,
        h as u32,
        image::ExtendedColorType::Rgba8,
        image::ImageFormat::Png,
    )?;
    Ok(bytes)
}

/// True when `color` appears in the image (exactly, or within `tolerance` per channel).
pub fn contains_color(image: &ColorImage, color: Color32, tolerance: u8) -> bool {
    image.pixels.iter().any(|p| {
        p.to_array()
            .iter()
            .zip(color.to_array())
            .take(3)
            .all(|(a, b)| a.abs_diff(b) <= tolerance)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::palette;
    use crate::i18n::Lang;

    #[test]
    fn a_chart_image_has_the_asked_size_is_not_blank_and_shows_every_series_colour() {
        let mut counts = [0u32; 11];
        counts[2] = 3;
        counts[7] = 5;
        counts[10] = 9;
        let chart =
            crate::charts::nps::distribution_chart(Lang::En, &counts, "2026 · 17 responses");
        let options = ImageOptions {
            width: 800,
            height: 450,
            footer: "survey.csv · 2026-11-22".into(),
            ..ImageOptions::default()
        };
        let image = chart_image(&chart, &options);
        assert_eq!(image.size, [800, 450]);
        let background = Visuals::light().panel_fill;
        let painted = image.pixels.iter().filter(|p| **p != background).count();
        assert!(painted > 800 * 450 / 20, "only {painted} pixels painted");
        for rgb in [palette::DETRACTOR, palette::PASSIVE, palette::PROMOTER] {
            assert!(
                contains_color(&image, Color32::from_rgb(rgb.0, rgb.1, rgb.2), 2),
                "{rgb:?} missing"
            );
        }
    }

    #[test]
    fn a_png_decodes_to_the_same_size() {
        let chart = crate::charts::nps::distribution_chart(Lang::It, &[1; 11], "");
        let image = chart_image(
            &chart,
            &ImageOptions {
                width: 320,
                height: 200,
                dark: true,
                ..ImageOptions::default()
            },
        );
        let png = png_bytes(&image).unwrap();
        let decoded = image::load_from_memory(&png).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (320, 200));
    }
}
