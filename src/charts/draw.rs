//! Draws a chart description with egui_plot, with exact figures on hover. The window and the
//! image export both draw through here, so an exported chart is the chart on screen.

use egui::Color32;
use egui_plot::{AxisHints, Bar, BarChart, FilledArea, HLine, Line, Plot, PlotPoints};

use crate::charts::{Axis as ChartAxis, Chart, Rgb, SeriesKind};

fn color(rgb: Rgb) -> Color32 {
    Color32::from_rgb(rgb.0, rgb.1, rgb.2)
}

/// How tall the plot is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PlotHeight {
    /// This many points.
    Fixed(f32),
    /// All the room left under the title and legend but this many points (an image's footer).
    FillLeaving(f32),
}

/// Draws `chart` with its title, subtitle and legend, the plot `height` points tall.
pub fn show_chart(ui: &mut egui::Ui, chart: &Chart, height: f32) {
    draw_chart(ui, chart, PlotHeight::Fixed(height));
}

/// Draws `chart` with its title, subtitle and legend, the plot as tall as `height` says.
pub fn draw_chart(ui: &mut egui::Ui, chart: &Chart, height: PlotHeight) {
    ui.label(egui::RichText::new(&chart.title).strong().size(16.0));
    if !chart.subtitle.is_empty() {
        ui.weak(&chart.subtitle);
    }
    legend(ui, chart);
    let height = match height {
        PlotHeight::Fixed(points) => points,
        PlotHeight::FillLeaving(reserve) => (ui.available_height() - reserve).max(60.0),
    };
    let weak_text = ui.visuals().weak_text_color();
    // Category labels (and the notes under them) are thinned to what fits the plot's width, at
    // about 7.5 points a character plus a gap.
    let longest = chart
        .x
        .categories
        .iter()
        .map(|c| c.chars().count())
        .max()
        .unwrap_or(0);
    let per_label = longest as f32 * 7.5 + 14.0;
    let label_step = category_step(
        chart.x.categories.len(),
        ui.available_width() - 70.0,
        per_label,
    );
    let hover_chart = chart.clone();
    let mut plot = Plot::new(chart.id)
        .height(height)
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_boxed_zoom(false)
        .custom_x_axes(vec![axis_hints(AxisHints::new_x(), &chart.x)])
        .custom_y_axes(vec![axis_hints(AxisHints::new_y(), &chart.y)])
        .label_formatter(move |position| hover_text(&hover_chart, position));
    if !chart.x.categories.is_empty() {
        let count = chart.x.categories.len();
        plot = plot
            .x_grid_spacer(move |input| category_spacer(input, count, label_step))
            .include_x(-0.6)
            .include_x(count as f64 - 0.4);
    }
    if !chart.y.categories.is_empty() {
        let count = chart.y.categories.len();
        plot = plot
            .y_grid_spacer(move |input| category_spacer(input, count, 1))
            .include_y(-0.6)
            .include_y(count as f64 - 0.4);
    }
    if let Some((min, max)) = chart.x.range {
        plot = plot.include_x(min).include_x(max);
    }
    if let Some((min, max)) = chart.y.range {
        plot = plot.include_y(min).include_y(max);
    }
    plot.show(ui, |plot_ui| {
        let mut bar_charts: Vec<BarChart> = Vec::new();
        let mut whiskers: Vec<Line> = Vec::new();
        for (index, series) in chart.series.iter().enumerate() {
            let name = series.name.clone();
            match &series.kind {
                SeriesKind::Line => {
                    // Broken where a period has no answers; the markers carry the hover.
                    for (run, range) in runs(&series.points).into_iter().enumerate() {
                        plot_ui.line(
                            Line::new(
                                name.clone(),
                                PlotPoints::from(series.points[range].to_vec()),
                            )
                            .color(color(series.color))
                            .width(2.5)
                            .allow_hover(false)
                            .id(("series", index, run)),
                        );
                    }
                    plot_ui.points(
                        egui_plot::Points::new(
                            series.name.clone(),
                            PlotPoints::from(series.points.clone()),
                        )
                        .color(color(series.color))
                        .radius(3.5)
                        .id(("points", index)),
                    );
                }
                SeriesKind::Band { lower, upper } => {
                    let xs: Vec<f64> = series.points.iter().map(|p| p[0]).collect();
                    for (run, range) in runs(&series.points).into_iter().enumerate() {
                        plot_ui.add(
                            FilledArea::new(
                                name.clone(),
                                &xs[range.clone()],
                                &lower[range.clone()],
                                &upper[range],
                            )
                            .fill_color(color(series.color).gamma_multiply(0.45))
                            .allow_hover(false)
                            .id(("series", index, run)),
                        );
                    }
                }
                SeriesKind::Bars {
                    stacked_on,
                    horizontal,
                } => {
                    let bars: Vec<Bar> = series
                        .points
                        .iter()
                        .map(|p| Bar::new(p[0], p[1]).width(0.7).fill(color(series.color)))
                        .collect();
                    let points = series.points.clone();
                    let hover = series.hover.clone();
                    // Bars have their own hover path in egui_plot: give it the exact figures too.
                    let formatter = move |bar: &Bar, _: &BarChart| {
                        points
                            .iter()
                            .position(|p| (p[0] - bar.argument).abs() < 1e-9)
                            .and_then(|i| hover.get(i).cloned())
                            .unwrap_or_default()
                    };
                    let mut bar_chart = BarChart::new(name, bars)
                        .color(color(series.color))
                        .element_formatter(Box::new(formatter))
                        .id(("series", index));
                    if *horizontal {
                        bar_chart = bar_chart.horizontal();
                    }
                    let below: Vec<&BarChart> = stacked_on
                        .iter()
                        .filter_map(|i| bar_charts.get(*i))
                        .collect();
                    if !below.is_empty() {
                        bar_chart = bar_chart.stack_on(&below);
                    }
                    bar_charts.push(bar_chart);
                }
                SeriesKind::Whiskers {
                    lower,
                    upper,
                    horizontal,
                } => {
                    for (i, p) in series.points.iter().enumerate() {
                        let (a, b) = (lower[i], upper[i]);
                        let segment: Vec<[f64; 2]> = if *horizontal {
                            vec![[a, p[0]], [b, p[0]]]
                        } else {
                            vec![[p[0], a], [p[0], b]]
                        };
                        whiskers.push(
                            Line::new(name.clone(), PlotPoints::from(segment))
                                .color(color(series.color))
                                .width(2.5)
                                .allow_hover(false)
                                .id(("whisker", index, i)),
                        );
                    }
                }
            }
        }
        for bar_chart in bar_charts {
            plot_ui.bar_chart(bar_chart);
        }
        let on_label = |x: f64| {
            chart.x.categories.is_empty() || (x.round() as usize).is_multiple_of(label_step)
        };
        for note in chart.annotations.iter().filter(|n| on_label(n.at[0])) {
            plot_ui.text(
                egui_plot::Text::new(
                    "",
                    egui_plot::PlotPoint::new(note.at[0], note.at[1]),
                    egui::RichText::new(&note.text).small(),
                )
                .color(weak_text),
            );
        }
        // Whiskers go over the bars they belong to.
        for whisker in whiskers {
            plot_ui.line(whisker);
        }
        for line in &chart.reference_lines {
            plot_ui.hline(
                HLine::new(line.name.clone(), line.value)
                    .color(color(line.color))
                    .width(1.0),
            );
        }
    });
}

/// Runs of points on consecutive categories: a line or band is drawn per run, so a period
/// without answers is a gap, not a straight line across it.
fn runs(points: &[[f64; 2]]) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let mut start = 0;
    for i in 1..=points.len() {
        if i == points.len() || points[i][0] - points[i - 1][0] > 1.0 + 1e-9 {
            if start < i {
                runs.push(start..i);
            }
            start = i;
        }
    }
    runs
}

/// The legend as a row above the plot, so it never hides a bar or a point.
fn legend(ui: &mut egui::Ui, chart: &Chart) {
    ui.horizontal_wrapped(|ui| {
        for series in chart.series.iter().filter(|s| !s.name.is_empty()) {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, color(series.color));
            ui.label(&series.name);
            ui.add_space(8.0);
        }
    });
}

/// An axis with the chart's title, tick labels (category names or numbers with their unit) at
/// full strength: egui_plot fades labels by spacing, which left category names unreadable.
fn axis_hints<'a>(hints: AxisHints<'a>, axis: &ChartAxis) -> AxisHints<'a> {
    let axis = axis.clone();
    let hints = hints.label(axis.label.clone());
    // Category axes space their own marks (see `category_spacer`); numeric ones keep egui_plot's.
    let hints = if axis.categories.is_empty() {
        hints
    } else {
        hints.label_spacing(0.0..=1.0)
    };
    hints.formatter(move |mark, _| match axis.tick_label(mark.value) {
        Some(label) => label,
        None => format!("{}{}", egui_plot::format_number(mark.value, 0), axis.unit),
    })
}

/// Every how many categories a label fits in `width` points, at `per_label` points a label.
fn category_step(categories: usize, width: f32, per_label: f32) -> usize {
    let fitting = (width / per_label).floor().max(1.0) as usize;
    categories.div_ceil(fitting).max(1)
}

/// Grid marks on whole categories only, every `step`-th one.
fn category_spacer(
    input: egui_plot::GridInput,
    categories: usize,
    step: usize,
) -> Vec<egui_plot::GridMark> {
    let (min, max) = input.bounds;
    let first = min.ceil().max(0.0) as usize;
    let last = (max.floor().max(0.0) as usize).min(categories.saturating_sub(1));
    (first..=last)
        .filter(|v| v % step == 0)
        .map(|v| egui_plot::GridMark {
            value: v as f64,
            step_size: step as f64,
        })
        .collect()
}

fn hover_text(chart: &Chart, position: &egui_plot::HoverPosition<'_>) -> Option<String> {
    match position {
        egui_plot::HoverPosition::NearDataPoint {
            plot_name, index, ..
        } => chart
            .series
            .iter()
            .find(|s| s.name == *plot_name)
            .and_then(|s| s.hover.get(*index).cloned()),
        egui_plot::HoverPosition::Elsewhere { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_break_where_a_period_has_no_answers() {
        let points = [[0.0, 10.0], [1.0, 20.0], [3.0, 5.0], [4.0, 0.0], [6.0, 1.0]];
        assert_eq!(runs(&points), vec![0..2, 2..4, 4..5]);
        assert_eq!(runs(&[]), Vec::<std::ops::Range<usize>>::new());
    }

    #[test]
    fn labels_thin_out_to_fit_the_width() {
        // 14 months in 980 points at 70 a label: all fit.
        assert_eq!(category_step(14, 980.0, 70.0), 1);
        // 60 weeks in 560 points: 8 labels fit, so every 8th week.
        assert_eq!(category_step(60, 560.0, 70.0), 8);
        assert_eq!(category_step(0, 100.0, 70.0), 1);
        assert_eq!(category_step(5, 10.0, 70.0), 5);
    }
}
