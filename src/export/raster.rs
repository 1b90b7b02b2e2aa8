//! A CPU renderer for egui's output: fills the tessellated triangles into an RGBA image. Chart
//! images are made with it, so exports need no window, no GPU and no display, and look the same
//! on every machine.

use std::collections::HashMap;

use egui::epaint::{ClippedPrimitive, Primitive, TextureId, Vertex};
use egui::{Color32, ColorImage, TexturesDelta};

/// Keeps the textures egui asks for (the font atlas, images) and paints meshes with them.
#[derive(Default)]
pub struct SoftwareRenderer {
    textures: HashMap<TextureId, ColorImage>,
}

impl SoftwareRenderer {
    /// Applies new and changed textures, then empties `delta` (egui checks every delta is
    /// applied); call before `paint` with each frame's delta.
    pub fn update_textures(&mut self, delta: &mut TexturesDelta) {
        for (id, deltas) in &delta.set {
            for image_delta in deltas {
                let egui::ImageData::Color(image) = &image_delta.image;
                match image_delta.pos {
                    None => {
                        self.textures.insert(*id, (**image).clone());
                    }
                    Some([x0, y0]) => {
                        let Some(target) = self.textures.get_mut(id) else {
                            continue;
                        };
                        let [w, h] = image.size;
                        for y in 0..h {
                            for x in 0..w {
                                let (tx, ty) = (x0 + x, y0 + y);
                                if tx < target.size[0] && ty < target.size[1] {
                                    target.pixels[ty * target.size[0] + tx] =
                                        image.pixels[y * w + x];
                                }
                            }
                        }
                    }
                }
            }
        }
        for id in &delta.free {
            self.textures.remove(id);
        }
        delta.clear();
    }

    /// Paints `primitives` (in points) onto a `size` pixel image filled with `background`.
    pub fn paint(
        &self,
        primitives: &[ClippedPrimitive],
        pixels_per_point: f32,
        size: [usize; 2],
        background: Color32,
    ) -> ColorImage {
        let mut image = ColorImage::filled(size, background);
        for primitive in primitives {
            let Primitive::Mesh(mesh) = &primitive.primitive else {
                continue;
            };
            let Some(texture) = self.textures.get(&mesh.texture_id) else {
                continue;
            };
            // The clip rect, in pixels and clamped to the image.
            let clip = primitive.clip_rect;
            let clip_x0 = (clip.min.x * pixels_per_point).floor().max(0.0) as usize;
            let clip_y0 = (clip.min.y * pixels_per_point).floor().max(0.0) as usize;
            let clip_x1 = ((clip.max.x * pixels_per_point).ceil().max(0.0) as usize).min(size[0]);
            let clip_y1 = ((clip.max.y * pixels_per_point).ceil().max(0.0) as usize).min(size[1]);
            if clip_x0 >= clip_x1 || clip_y0 >= clip_y1 {
                continue;
            }
            let bounds = [clip_x0, clip_y0, clip_x1, clip_y1];
            for triangle in mesh.indices.chunks_exact(3) {
                let vertex = |i: u32| mesh.vertices.get(i as usize);
                if let (Some(a), Some(b), Some(c)) = (
                    vertex(triangle[0]),
                    vertex(triangle[1]),
                    vertex(triangle[2]),
                ) {
                    fill_triangle(&mut image, texture, [a, b, c], pixels_per_point, bounds);
                }
            }
        }
        image
    }
}

/// Fills one triangle, sampling pixel centres; egui's feathered edges give the anti-aliasing.
fn fill_triangle(
    image: &mut ColorImage,
    texture: &ColorImage,
    vertices: [&Vertex; 3],
    pixels_per_point: f32,
    [clip_x0, clip_y0, clip_x1, clip_y1]: [usize; 4],
) {
    let p = vertices.map(|v| (v.pos.x * pixels_per_point, v.pos.y * pixels_per_point));
    let area = (p[1].0 - p[0].0) * (p[2].1 - p[0].1) - (p[2].0 - p[0].0) * (p[1].1 - p[0].1);
    if area.abs() < 1e-9 {
        return;
    }
    let min_x = p
        .iter()
        .map(|v| v.0)
        .fold(f32::INFINITY, f32::min)
        .floor()
        .max(clip_x0 as f32) as usize;
    let max_x = p
        .iter()
        .map(|v| v.0)
        .fold(f32::NEG_INFINITY, f32::max)
        .ceil()
        .min(clip_x1 as f32) as usize;
    let min_y = p
        .iter()
        .map(|v| v.1)
        .fold(f32::INFINITY, f32::min)
        .floor()
        .max(clip_y0 as f32) as usize;
    let max_y = p
        .iter()
        .map(|v| v.1)
        .fold(f32::NEG_INFINITY, f32::max)
        .ceil()
        .min(clip_y1 as f32) as usize;
    // One texel of the atlas is white: meshes without a texture sample it and keep their colour.
    let uniform_uv = vertices[0].uv == vertices[1].uv && vertices[1].uv == vertices[2].uv;
    let flat_texel = uniform_uv.then(|| sample(texture, vertices[0].uv.x, vertices[0].uv.y));
    let colors = vertices.map(|v| v.color.to_array().map(f32::from));
    let width = image.size[0];
    for y in min_y..max_y {
        let py = y as f32 + 0.5;
        for x in min_x..max_x {
            let px = x as f32 + 0.5;
            let w0 = ((p[1].0 - px) * (p[2].1 - py) - (p[2].0 - px) * (p[1].1 - py)) / area;
            let w1 = ((p[2].0 - px) * (p[0].1 - py) - (p[0].0 - px) * (p[2].1 - py)) / area;
            let w2 = 1.0 - w0 - w1;
            if w0 < 0.0 || w1 < 0.0 || w2 < 0.0 {
                continue;
            }
            let texel = match flat_texel {
                Some(texel) => texel,
                None => {
                    let u = w0 * vertices[0].uv.x + w1 * vertices[1].uv.x + w2 * vertices[2].uv.x;
                    let v = w0 * vertices[0].uv.y + w1 * vertices[1].uv.y + w2 * vertices[2].uv.y;
                    sample(texture, u, v)
                }
            };
            // Vertex colour times texel, both premultiplied, then "over" the image.
            let mut src = [0.0f32; 4];
            for (channel, value) in src.iter_mut().enumerate() {
                let vertex =
                    w0 * colors[0][channel] + w1 * colors[1][channel] + w2 * colors[2][channel];
                *value = vertex * texel[channel] / 255.0;
            }
            let dst = &mut image.pixels[y * width + x];
            let keep = 1.0 - src[3] / 255.0;
            let [r, g, b, a] = dst.to_array().map(f32::from);
            *dst = Color32::from_rgba_premultiplied(
                (src[0] + r * keep).round().clamp(0.0, 255.0) as u8,
                (src[1] + g * keep).round().clamp(0.0, 255.0) as u8,
                (src[2] + b * keep).round().clamp(0.0, 255.0) as u8,
                (src[3] + a * keep).round().clamp(0.0, 255.0) as u8,
            );
        }
    }
}

/// Bilinear sample at normalised (u, v), premultiplied RGBA as floats.
fn sample(texture: &ColorImage, u: f32, v: f32) -> [f32; 4] {
    let [w, h] = texture.size;
    if w == 0 || h == 0 {
        return [255.0; 4];
    }
    let x = (u * w as f32 - 0.5).clamp(0.0, (w - 1) as f32);
    let y = (v * h as f32 - 0.5).clamp(0.0, (h - 1) as f32);
    let (x0, y0) = (x.floor() as usize, y.floor() as usize);
    let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
    let (fx, fy) = (x - x0 as f32, y - y0 as f32);
    let at = |x: usize, y: usize| texture.pixels[y * w + x].to_array().map(f32::from);
    let (a, b, c, d) = (at(x0, y0), at(x1, y0), at(x0, y1), at(x1, y1));
    std::array::from_fn(|i| {
        let top = a[i] + (b[i] - a[i]) * fx;
        let bottom = c[i] + (d[i] - c[i]) * fx;
        top + (bottom - top) * fy
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::epaint::{Mesh, WHITE_UV};
    use egui::{Pos2, Rect};

    fn white_texture() -> SoftwareRenderer {
        let mut renderer = SoftwareRenderer::default();
        renderer.textures.insert(
            TextureId::default(),
            ColorImage::filled([1, 1], Color32::WHITE),
        );
        renderer
    }

    #[test]
    fn a_red_rectangle_fills_exactly_its_pixels_at_two_x() {
        let mut mesh = Mesh::default();
        mesh.add_colored_rect(
            Rect::from_min_max(Pos2::new(1.0, 1.0), Pos2::new(3.0, 2.0)),
            Color32::RED,
        );
        let primitive = ClippedPrimitive {
            clip_rect: Rect::EVERYTHING,
            primitive: Primitive::Mesh(mesh),
        };
        let image = white_texture().paint(&[primitive], 2.0, [10, 6], Color32::WHITE);
        // Points (1,1)-(3,2) at 2x are pixels x 2..6, y 2..4.
        for y in 0..6 {
            for x in 0..10 {
                let inside = (2..6).contains(&x) && (2..4).contains(&y);
                let want = if inside { Color32::RED } else { Color32::WHITE };
                assert_eq!(image.pixels[y * 10 + x], want, "pixel {x},{y}");
            }
        }
    }

    #[test]
    fn the_clip_rect_cuts_and_half_transparent_colours_blend() {
        let mut mesh = Mesh::default();
        let half_black = Color32::from_black_alpha(128);
        mesh.add_colored_rect(
            Rect::from_min_max(Pos2::ZERO, Pos2::new(4.0, 4.0)),
            half_black,
        );
        assert_eq!(mesh.vertices[0].uv, WHITE_UV);
        let clip = Rect::from_min_max(Pos2::ZERO, Pos2::new(2.0, 4.0));
        let primitive = ClippedPrimitive {
            clip_rect: clip,
            primitive: Primitive::Mesh(mesh),
        };
        let image = white_texture().paint(&[primitive], 1.0, [4, 4], Color32::WHITE);
        // 50 % black over white is mid grey (127), only left of the clip.
        assert_eq!(image.pixels[0], Color32::from_rgb(127, 127, 127));
        assert_eq!(image.pixels[3], Color32::WHITE);
    }
}
