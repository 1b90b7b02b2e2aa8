//! Pages as data: what each page says — its headline figures, notes, matrices, charts and
//! tables — built once from the Figures in the owner's language. The window draws these
//! blocks and the report writes the same blocks, so what the owner sees is what is exported.
//!
//! A page here holds no widgets and no state: the window adds what is only on screen (the
//! filters, the clickable lists, the customer card) around the blocks.

pub mod actions;
pub mod engagement;
pub mod engagement_tables;
pub mod goals;
pub mod loyalty;
pub mod loyalty_tables;
pub mod nps;
pub mod nps_tables;
pub mod review;
pub mod table;

use crate::analysis::goals::{Direction, GoalKpi, Status};
use crate::charts::{Chart, ReferenceLine, Rgb};
use crate::figures::{Figures, GoalReport};
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
    /// The figure a goal can be set on, when the card shows one.
    pub figure: Option<GoalKpi>,
}

impl Kpi {
    fn new(title: &str, value: String) -> Kpi {
        Kpi {
            title: title.to_string(),
            value,
            main: false,
            lines: Vec::new(),
            figure: None,
        }
    }

    fn of(mut self, figure: GoalKpi) -> Kpi {
        self.figure = Some(figure);
        self
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
    /// The goals and how each is doing.
    Goals,
    /// Net Promoter Score.
    Nps,
    /// Cohort loyalty.
    Loyalty,
    /// Engagement.
    Engagement,
    /// A review of the goals (in the review's report, first).
    Review,
    /// What to do this week (in the report, last).
    Actions,
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

/// A figure's name, as its card names it.
pub fn figure_name(lang: Lang, figure: GoalKpi) -> &'static str {
    match figure {
        GoalKpi::Nps => "NPS",
        GoalKpi::PromoterShare => lang.t("Share of promoters", "Quota di promotori"),
        GoalKpi::DetractorShare => lang.t("Share of detractors", "Quota di detrattori"),
        GoalKpi::Responses => lang.t("Responses", "Risposte"),
        GoalKpi::Customers => lang.t("Customers", "Clienti"),
        GoalKpi::NewCustomers => lang.t("New customers", "Nuovi clienti"),
        GoalKpi::ReturningCustomers => lang.t("Returning customers", "Clienti di ritorno"),
        GoalKpi::Orders => lang.t("Orders", "Ordini"),
        GoalKpi::Revenue => lang.t("Net revenue", "Ricavi netti"),
        GoalKpi::AverageOrderValue => lang.t("Average order", "Scontrino medio"),
        GoalKpi::PurchaseFrequency => lang.t("Orders per customer", "Ordini per cliente"),
        GoalKpi::RepeatPurchaseRate => lang.t("Repeat purchase rate", "Tasso di riacquisto"),
        GoalKpi::Retention1 => lang.t(
            "New customers back after 1 period",
            "Nuovi clienti tornati dopo 1 periodo",
        ),
        GoalKpi::Retention3 => lang.t(
            "New customers back after 3 periods",
            "Nuovi clienti tornati dopo 3 periodi",
        ),
        GoalKpi::MedianDaysBetweenOrders => lang.t("Days between orders", "Giorni tra due ordini"),
        GoalKpi::LapsedCustomers => lang.t("Lapsed customers", "Clienti persi"),
        GoalKpi::MeanRating => lang.t("Mean stars", "Media stelle"),
        GoalKpi::Share45 => lang.t("With 4-5 stars", "Con 4-5 stelle"),
        GoalKpi::MembershipRate => lang.t("Membership rate", "Tasso di adesione"),
        GoalKpi::RedemptionRate => lang.t("Redemption rate", "Tasso di utilizzo"),
        GoalKpi::EngagementRate => lang.t("Engagement rate", "Tasso di coinvolgimento"),
        GoalKpi::RevenueAtRisk => lang.t("Revenue at risk", "Ricavi a rischio"),
    }
}

/// True for figures shown as percentages (and typed as such): stored as fractions.
pub fn is_share(figure: GoalKpi) -> bool {
    figure.is_share()
}

/// A goal's status in words.
pub fn status_text(lang: Lang, status: Status) -> &'static str {
    match status {
        Status::Met => lang.t("met", "raggiunto"),
        Status::Missed => lang.t("missed", "mancato"),
        Status::OnTrack => lang.t("on track", "in linea"),
        Status::AtRisk => lang.t("at risk", "a rischio"),
        Status::OffTrack => lang.t("off track", "fuori strada"),
        Status::CannotTell => lang.t("cannot tell yet", "non si può ancora dire"),
        Status::NotStarted => lang.t("not started", "non ancora iniziato"),
        Status::NoData => lang.t("no data", "nessun dato"),
    }
}

/// A goal's status as good or bad news; plain when it cannot be told.
pub fn status_tone(status: Status) -> Tone {
    match status {
        Status::Met | Status::OnTrack => Tone::Good,
        Status::Missed | Status::OffTrack | Status::AtRisk => Tone::Bad,
        Status::CannotTell | Status::NotStarted | Status::NoData => Tone::Plain,
    }
}

/// A value of `figure` written as its card writes it: shares as percentages, NPS signed,
/// money in `currency`.
pub fn figure_value(lang: Lang, figure: GoalKpi, value: f64, currency: Option<&str>) -> String {
    match figure {
        GoalKpi::Nps => lang.signed(value, 1),
        // Social engagement is a few percent: one more decimal tells months apart.
        GoalKpi::EngagementRate => lang.percent(value, 2),
        share if share.is_share() => lang.percent(value, 1),
        GoalKpi::Revenue | GoalKpi::AverageOrderValue | GoalKpi::RevenueAtRisk => {
            lang.money(value, currency)
        }
        GoalKpi::PurchaseFrequency | GoalKpi::MeanRating => lang.number(value, 2),
        _ => lang.number(value, 0),
    }
}

/// "Goal: at least 400 in 2026-Q4 · off track (forecast 332)".
pub fn goal_text(lang: Lang, report: &GoalReport, currency: Option<&str>) -> String {
    let goal = &report.goal;
    let direction = match goal.direction {
        Direction::AtLeast => lang.t("at least", "almeno"),
        Direction::AtMost => lang.t("at most", "al massimo"),
    };
    let mut text = format!(
        "{} {direction} {} {} {}",
        lang.t("Goal:", "Obiettivo:"),
        figure_value(lang, goal.kpi, goal.target, currency),
        lang.t("in", "nel"),
        lang.period(&goal.period.label)
    );
    for place in [&goal.store, &goal.channel].into_iter().flatten() {
        text.push_str(" · ");
        text.push_str(place);
    }
    text.push_str(" · ");
    text.push_str(status_text(lang, report.judged.status));
    let in_progress = matches!(
        report.judged.status,
        Status::OnTrack | Status::AtRisk | Status::OffTrack | Status::CannotTell
    );
    if let (true, Some(forecast)) = (in_progress, report.judged.forecast) {
        text.push_str(&format!(
            " ({} {})",
            lang.t("forecast", "previsione"),
            figure_value(lang, goal.kpi, forecast, currency)
        ));
    }
    text
}

/// The charts that draw `figure` on their vertical axis, in the axis's unit: goals on them
/// are drawn as lines.
fn charts_of(figure: GoalKpi) -> Option<(&'static str, f64)> {
    match figure {
        GoalKpi::Nps => Some(("nps_trend", 1.0)),
        GoalKpi::MeanRating => Some(("engagement_reviews", 1.0)),
        GoalKpi::EngagementRate => Some(("engagement_social", 100.0)),
        // Every cohort's point one (or three) periods on should clear the line.
        GoalKpi::Retention1 | GoalKpi::Retention3 => Some(("loyalty_retention", 100.0)),
        _ => None,
    }
}

/// The goal colour: dark enough on white and on black, apart from the series' blues.
const GOAL: Rgb = Rgb(0x8e, 0x44, 0xad);

/// Puts each goal on its card, and on the charts of its figure as a line.
fn add_goals(lang: Lang, figures: &Figures, pages: &mut [Page]) {
    let currency = figures.currency.as_deref();
    for report in &figures.goals {
        let kpi = report.goal.kpi;
        for page in pages.iter_mut() {
            for block in &mut page.blocks {
                match block {
                    Block::Kpis(cards) => {
                        for card in cards.iter_mut().filter(|c| c.figure == Some(kpi)) {
                            card.lines.push((
                                goal_text(lang, report, currency),
                                status_tone(report.judged.status),
                            ));
                        }
                    }
                    Block::Chart(chart) => {
                        if let Some((id, scale)) = charts_of(kpi)
                            && chart.id == id
                            && report.goal.store.is_none()
                            && report.goal.channel.is_none()
                        {
                            chart.reference_lines.push(ReferenceLine {
                                name: format!(
                                    "{} {}",
                                    lang.t("Goal", "Obiettivo"),
                                    lang.period(&report.goal.period.label)
                                ),
                                value: report.goal.target * scale,
                                color: GOAL,
                            });
                        }
                    }
                    _ => {}
                }
            }
        }
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
    add_goals(lang, figures, &mut pages);
    // First: a review starts from the goals.
    if let Some(page) = goals::page(lang, figures) {
        pages.insert(0, page);
    }
    pages
}
