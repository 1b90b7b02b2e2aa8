//! Pages as data: what each page says — its headline figures, notes, matrices, charts and
//! tables — built once from the Figures in the owner's language. The window draws these
//! blocks and the report writes the same blocks, so what the owner sees is what is exported.
//!
//! A page here holds no widgets and no state: the window adds what is only on screen (the
//! filters, the clickable lists, the customer card) around the blocks.

pub mod engagement;
pub mod engagement_tables;
pub mod loyalty;
pub mod loyalty_tables;
pub mod nps;
pub mod nps_tables;
pub mod table;

use crate::charts::Chart;
use crate::figures::Figures;
use crate::i18n::Lang;
use table::Table;

/// How a line of a figure reads: good news, bad news, plain, or one of the NPS groups'
/// colours. The window and the report each map it to their colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Plain, weaker than the figure.
    Plain,
    /// Better than before.
    Good,
    /// Worse than before.
    Bad,
    /// Promoters' colour.
    Promoter,
    /// Passives' colour.
    Passive,
    /// Detractors' colour.
    Detractor,
}

/// One headline figure, as a card: title, the figure as written, then lines under it (a change
/// against the period before, a share, an explanation).
#[derive(Clone, Debug, PartialEq)]
pub struct Kpi {
    /// What the figure is ("Customers").
    pub title: String,
    /// The figure, written in the language ("1.234", "+41,2 ± 6,3").
    pub value: String,
    /// The page's main figure, drawn larger.
    pub main: bool,
    /// Lines under the figure, each with its tone.
    pub lines: Vec<(String, Tone)>,
}

impl Kpi {
    fn new(title: &str, value: String) -> Kpi {
        Kpi {
            title: title.to_string(),
            value,
            main: false,
            lines: Vec::new(),
        }
    }

    fn line(mut self, text: impl Into<String>, tone: Tone) -> Kpi {
        self.lines.push((text.into(), tone));
        self
    }
}

/// A matrix of figures shaded by strength: the retention of each cohort, period by period.
#[derive(Clone, Debug, PartialEq)]
pub struct Matrix {
    /// Which table exports the same figures (`cohort_retention`).
    pub table_id: &'static str,
    /// Title.
    pub title: String,
    /// How to read it.
    pub note: String,
    /// Column headers: the row label's, the row size's, then one per column.
    pub columns: Vec<String>,
    /// Rows, top to bottom.
    pub rows: Vec<MatrixRow>,
    /// Said of the cells still counting (the period in progress), when there are any.
    pub in_progress: Option<String>,
}

/// One matrix row: its label, its size, and a cell per column (none where the period is still
/// to come).
#[derive(Clone, Debug, PartialEq)]
pub struct MatrixRow {
    /// Row label ("ott 2025 *").
    pub label: String,
    /// Row size, written ("312").
    pub size: String,
    /// Cells, left to right.
    pub cells: Vec<MatrixCell>,
}

/// One matrix cell.
#[derive(Clone, Debug, PartialEq)]
pub struct MatrixCell {
    /// The figure as written ("41 %").
    pub text: String,
    /// How deep its shade is, from 0 to 1.
    pub strength: f64,
    /// Its period is not over: the figure can still grow.
    pub in_progress: bool,
}

/// What a page is made of, in the order it reads.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// A section's title.
    Heading(String),
    /// A row of headline figures that wraps.
    Kpis(Vec<Kpi>),
    /// A sentence: what the figures cover, a warning, how to read them.
    Note {
        /// The sentence.
        text: String,
        /// A warning, drawn so the owner sees it (a small sample).
        warning: bool,
    },
    /// A shaded matrix.
    Matrix(Matrix),
    /// A chart.
    Chart(Chart),
    /// A table.
    Table(Table),
}

/// Which page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageId {
    /// Net Promoter Score.
    Nps,
    /// Cohort loyalty.
    Loyalty,
    /// Engagement.
    Engagement,
}

/// One page as data.
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    /// Which page.
    pub id: PageId,
    /// Title, in the language.
    pub title: String,
    /// What the page covers: dates, store, channel, counts.
    pub subtitle: String,
    /// The page, top to bottom.
    pub blocks: Vec<Block>,
}

impl Page {
    /// The page's charts, in order.
    pub fn charts(&self) -> impl Iterator<Item = &Chart> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Chart(chart) => Some(chart),
            _ => None,
        })
    }

    /// The page's tables, in order.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(table) => Some(table),
            _ => None,
        })
    }

    /// The page's headline figures, in order.
    pub fn kpis(&self) -> impl Iterator<Item = &Kpi> {
        self.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Kpis(kpis) => Some(kpis),
                _ => None,
            })
            .flatten()
    }
}

fn note(text: impl Into<String>) -> Block {
    Block::Note {
        text: text.into(),
        warning: false,
    }
}

/// Every page the figures have, in the order the window lists them: NPS when there are survey
/// answers, Loyalty when there are orders, Engagement when there are engagement files.
pub fn build(lang: Lang, figures: &Figures) -> Vec<Page> {
    let mut pages = Vec::new();
    pages.extend(figures.nps.as_deref().map(|v| nps::page(lang, v)));
    let currency = figures.currency.as_deref();
    pages.extend(
        figures
            .loyalty
            .as_deref()
            .map(|v| loyalty::page(lang, v, currency)),
    );
    pages.extend(
        figures
            .engagement
            .as_deref()
            .map(|v| engagement::page(lang, v)),
    );
    pages
}
