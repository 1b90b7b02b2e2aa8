//! Charts as data: a small description (series, axes, labels) built from an analysis result.
//! The on-screen egui_plot view draws from it, and so will image export, so what is exported is
//! what is seen.

pub mod draw;
pub mod engagement;
pub mod loyalty;
pub mod nps;
pub mod predictions;

/// An sRGB colour, independent of any drawing library.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// Every period from the first of `starts` to the last, so a period without data shows as a
/// gap rather than being closed up, labelled in the language; and each start's position on
/// that axis.
pub fn period_axis(
    lang: crate::i18n::Lang,
    period: crate::analysis::period::Period,
    starts: &[chrono::NaiveDate],
) -> (Vec<String>, Vec<f64>) {
    let (Some(&first), Some(&last)) = (starts.iter().min(), starts.iter().max()) else {
        return (Vec::new(), Vec::new());
    };
    let mut all = Vec::new();
    let mut start = period.start(first);
    while start <= last {
        all.push(start);
        start = period.next_start(start);
    }
    let positions = starts
        .iter()
        .map(|s| all.iter().position(|a| a == s).unwrap_or_default() as f64)
        .collect();
    (
        all.into_iter()
            .map(|s| lang.period(&period.label(s)))
            .collect(),
        positions,
    )
}

/// The palette every chart uses, chosen to stay distinct for colour-blind readers and in print.
pub mod palette {
    use super::Rgb;
    /// Promoters.
    pub const PROMOTER: Rgb = Rgb(0x1b, 0x9e, 0x77);
    /// Passives.
    pub const PASSIVE: Rgb = Rgb(0xb8, 0xb8, 0xb8);
    /// Detractors.
    pub const DETRACTOR: Rgb = Rgb(0xd9, 0x5f, 0x02);
    /// The main line of a chart.
    pub const MAIN: Rgb = Rgb(0x2b, 0x6c, 0xb0);
    /// Margin-of-error bands and whiskers.
    pub const BAND: Rgb = Rgb(0x9e, 0xc1, 0xe6);
}

/// How a series is drawn.
#[derive(Clone, Debug, PartialEq)]
pub enum SeriesKind {
    /// A line through the points, with markers.
    Line,
    /// A filled band between `lower` and `upper` at the points' x (the points' y is the middle).
    Band {
        /// Lower edge, one per point.
        lower: Vec<f64>,
        /// Upper edge, one per point.
        upper: Vec<f64>,
    },
    /// Bars at the points' x with the points' y as height, stacked on the earlier bar series
    /// named in `stacked_on` (by index into the chart's series).
    Bars {
        /// Series this one is stacked on.
        stacked_on: Vec<usize>,
        /// Horizontal bars (category on the y axis).
        horizontal: bool,
    },
    /// Error whiskers from `lower` to `upper` at each point.
    Whiskers {
        /// Lower ends.
        lower: Vec<f64>,
        /// Upper ends.
        upper: Vec<f64>,
        /// Whiskers run along x (for horizontal bars).
        horizontal: bool,
    },
}

/// One series of a chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// Name in the legend.
    pub name: String,
    /// Colour.
    pub color: Rgb,
    /// How it is drawn.
    pub kind: SeriesKind,
    /// (x, y) points. For category axes x (or y, for horizontal bars) is the category index.
    pub points: Vec<[f64; 2]>,
    /// Exact figures to show when hovering each point, one per point.
    pub hover: Vec<String>,
}

/// An axis: its label and, for category axes, the category names at 0, 1, 2, ...
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Axis {
    /// Axis title.
    pub label: String,
    /// Category names, when the axis is categorical.
    pub categories: Vec<String>,
    /// Fixed range, when the axis should not follow the data (e.g. NPS from -100 to 100).
    pub range: Option<(f64, f64)>,
    /// Unit suffix for tick labels (e.g. " %").
    pub unit: &'static str,
}

impl Axis {
    /// The tick label at `value`: the category name on category axes.
    pub fn tick_label(&self, value: f64) -> Option<String> {
        if self.categories.is_empty() {
            return None;
        }
        let index = value.round();
        if (value - index).abs() > 1e-6 || index < 0.0 {
            return Some(String::new());
        }
        Some(
            self.categories
                .get(index as usize)
                .cloned()
                .unwrap_or_default(),
        )
    }
}

/// A horizontal target line (goals arrive with a later issue; NPS zero line uses it now).
#[derive(Clone, Debug, PartialEq)]
pub struct ReferenceLine {
    /// Label in the legend.
    pub name: String,
    /// Value on the y axis.
    pub value: f64,
    /// Colour.
    pub color: Rgb,
}

/// A short text placed in the plot, e.g. the number of responses under each trend point.
#[derive(Clone, Debug, PartialEq)]
pub struct Annotation {
    /// Where (plot coordinates).
    pub at: [f64; 2],
    /// What it says.
    pub text: String,
}

/// Everything needed to draw one chart on screen or into an image.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// Stable identifier (file names of exported images, widget ids).
    pub id: &'static str,
    /// Title.
    pub title: String,
    /// What the chart counts: period, filters, number of responses.
    pub subtitle: String,
    /// Horizontal axis.
    pub x: Axis,
    /// Vertical axis.
    pub y: Axis,
    /// Series, drawn in order.
    pub series: Vec<Series>,
    /// Reference lines.
    pub reference_lines: Vec<ReferenceLine>,
    /// Texts placed in the plot.
    pub annotations: Vec<Annotation>,
}
