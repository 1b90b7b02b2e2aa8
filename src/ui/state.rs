//! The window's state that is not figures: notices, each page's own display choices, and the
//! customers table's rows. Both the app (which changes it through commands and exports what a
//! page shows) and the pages (which draw it) read it, so it sits below both.

use std::sync::Arc;

use crate::analysis::cohorts::CohortMeasure;
use crate::analysis::customer::CustomerCard;
use crate::analysis::linked::CustomerAnswer;
use crate::analysis::nps::NpsGroup;
use crate::analysis::rfm::{CustomerRfm, Segment};
use crate::ui::commands::CustomerList;
use crate::workspace::LoyaltyView;
use std::path::PathBuf;

use crate::figures::Figures;
use crate::i18n::Lang;
use crate::import::pipeline::{ImportOptions, ImportedFile};
use crate::import::roles::Role;
use crate::pages::Page as PageModel;
use crate::ui::commands::Source;

/// How serious a notice is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Something went as asked, worth knowing.
    Info,
    /// Something was not as expected, but work goes on.
    Warning,
    /// Something failed.
    Error,
}

/// A message shown at the top of the window until dismissed.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// How serious.
    pub level: Level,
    /// What happened and what to do, in the UI language.
    pub text: String,
}

/// The NPS page's own choices that need no new analysis.
#[derive(Clone, Debug, Default)]
pub struct NpsPageState {
    /// Index into the survey categories for the "NPS by" chart.
    pub category: usize,
    /// Comments shown: one group, or all.
    pub comment_group: Option<NpsGroup>,
    /// Comment search text.
    pub search: String,
    /// How many comments the list shows ("Show more" adds more).
    pub comments_shown: usize,
    /// Comments matching the group and search, cached between frames.
    pub matches: Option<(CommentQuery, Vec<usize>)>,
}

/// The Loyalty page's own choices that need no new analysis.
#[derive(Clone, Debug, Default)]
pub struct LoyaltyPageState {
    /// What the cohort matrix and curves show.
    pub measure: CohortMeasure,
    /// Cohorts drawn as curves, by label; `None`: the latest ones.
    pub curves: Option<Vec<String>>,
    /// Which customers the table lists.
    pub list: CustomerList,
    /// Customer search text.
    pub search: String,
    /// Column the customers table is sorted by, and whether descending.
    pub sort: (CustomerSort, bool),
    /// Lapse window as typed.
    pub lapse_text: String,
    /// Tenure bucket starts as typed ("0, 3, 6, 12, 36").
    pub tenure_text: String,
    /// The list just changed from a segment or bucket further up: the next frame brings the
    /// customers table into view, so the owner sees who is in what they clicked.
    pub reveal_list: bool,
    /// The customer whose card is open, and the card once computed.
    pub card: Option<(String, Option<Arc<CustomerCardView>>)>,
    /// The customers table's rows for a query, kept between frames: sorting and searching
    /// a hundred thousand customers every frame would make typing lag.
    pub rows: Option<(CustomerQuery, Arc<Vec<usize>>)>,
    /// The list shown beside a clicked segment or bucket, biggest spenders first, kept the same
    /// way.
    pub preview: Option<(CustomerQuery, Arc<Vec<usize>>)>,
}

/// What the customers table's rows depend on: the view, list, search and sort. The view is
/// held (not only its address) so a new view can never be mistaken for the old one.
pub type CustomerQuery = (Arc<LoyaltyView>, CustomerList, String, (CustomerSort, bool));

/// A column of the customers table to sort by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CustomerSort {
    /// Key, A to Z.
    Customer,
    /// First order date.
    FirstOrder,
    /// Last order date.
    LastOrder,
    /// Number of orders.
    Orders,
    /// Net revenue (the default, largest first).
    #[default]
    Revenue,
    /// Days since the last order.
    DaysSince,
    /// Segment, in the order of metrics.md's table.
    Segment,
}

/// A customer card: orders, refunds and products, and the customer's survey answers.
#[derive(Clone, Debug)]
pub struct CustomerCardView {
    /// Orders, refunds and products.
    pub card: CustomerCard,
    /// Their answers, oldest first.
    pub answers: Vec<CustomerAnswer>,
    /// Up to three products that go with what they bought.
    pub suggestions: Vec<crate::analysis::actions::Suggestion>,
}

/// What the comment list was filtered by: group, search text and the number of comments.
pub type CommentQuery = (Option<NpsGroup>, String, usize);

/// The rows of the customers table: the chosen list, matching the search, sorted.
pub fn customer_rows(
    view: &LoyaltyView,
    list: CustomerList,
    search: &str,
    sort: (CustomerSort, bool),
) -> Vec<usize> {
    let in_list: Vec<usize> = match list {
        CustomerList::All => (0..view.customers.len()).collect(),
        CustomerList::Segment(segment) => view
            .customers
            .iter()
            .enumerate()
            .filter(|(_, c)| c.segment == segment)
            .map(|(i, _)| i)
            .collect(),
        CustomerList::Tenure(index) => view
            .tenure
            .get(index)
            .map(|bucket| view.customers_in_tenure(bucket))
            .unwrap_or_default(),
        CustomerList::Lapsed => view.lapsed.clone(),
    };
    let needle = crate::text::fold_for_search(search.trim());
    let mut rows: Vec<usize> = in_list
        .into_iter()
        .filter(|&i| {
            needle.is_empty()
                || crate::text::fold_for_search(&view.customers[i].customer).contains(&needle)
                || view
                    .names
                    .get(&view.customers[i].customer)
                    .is_some_and(|name| crate::text::fold_for_search(name).contains(&needle))
        })
        .collect();
    let (column, descending) = sort;
    let segment_rank = |c: &CustomerRfm| Segment::ALL.iter().position(|s| *s == c.segment);
    rows.sort_by(|&a, &b| {
        let (a, b) = (&view.customers[a], &view.customers[b]);
        let order = match column {
            CustomerSort::Customer => a.customer.cmp(&b.customer),
            CustomerSort::FirstOrder => a.first_order.cmp(&b.first_order),
            CustomerSort::LastOrder => a.last_order.cmp(&b.last_order),
            CustomerSort::Orders => a.orders.cmp(&b.orders),
            CustomerSort::Revenue => a.net_revenue.total_cmp(&b.net_revenue),
            CustomerSort::DaysSince => a.days_since_last_order.cmp(&b.days_since_last_order),
            CustomerSort::Segment => segment_rank(a).cmp(&segment_rank(b)),
        };
        let order = if descending { order.reverse() } else { order };
        order.then_with(|| a.customer.cmp(&b.customer))
    });
    rows
}

/// Work for the import thread.
pub(crate) enum ImportJob {
    /// Read these files.
    Read(Vec<Source>, ImportOptions),
    /// Validate a loaded file again with other column roles.
    Remap(Box<ImportedFile>, Vec<Role>),
    /// Read a loaded file again (another sheet) in place of the file with this id.
    Reread(Source, ImportOptions, u64),
    /// Open the workspace file at this path (its files in place of those loaded).
    Workspace(PathBuf),
}

/// What an import job gives back.
pub(crate) struct ImportOutcome {
    pub(crate) files: Vec<ImportedFile>,
    /// The id of the file the result replaces (a remap or another sheet), if any.
    pub(crate) replaces: Option<u64>,
    /// A workspace opened (its files are `files`), or why it could not be.
    pub(crate) opened: Option<Result<Box<crate::ui::workspace_threads::Opened>, String>>,
}

/// What an export gives back.
pub(crate) enum ExportOutcome {
    /// A file was written.
    Saved(PathBuf),
    /// A report folder was written with this many files.
    Report(PathBuf, usize),
    /// A chart image is ready for the clipboard.
    Copied(egui::ColorImage),
    /// Writing failed; the message is in the UI language.
    Failed(String),
}

/// What an analysis gives back, tagged with the files generation it was computed from.
/// The files generation, and the figures with their pages in a language (or why not).
pub(crate) type AnalysisOutcome = (u64, Result<(Figures, Vec<Arc<PageModel>>, Lang), String>);

/// The Goals page's form for a new goal, as typed.
#[derive(Clone, Debug)]
pub struct GoalsPageState {
    /// The figure.
    pub figure: crate::analysis::goals::GoalKpi,
    /// At least or at most.
    pub direction: crate::analysis::goals::Direction,
    /// The target as typed (a share in percent).
    pub target: String,
    /// The period as typed (`2026-Q4`).
    pub period: String,
    /// The last suggestion, explained (`None` until asked).
    pub suggestion: Option<String>,
}

impl Default for GoalsPageState {
    fn default() -> GoalsPageState {
        GoalsPageState {
            figure: crate::analysis::goals::GoalKpi::Nps,
            direction: crate::analysis::goals::Direction::AtLeast,
            target: String::new(),
            period: String::new(),
            suggestion: None,
        }
    }
}

/// The Actions page: which action it lists, and the template being edited.
#[derive(Clone, Debug, Default)]
pub struct ActionsPageState {
    /// Only this action (`None`: every action).
    pub kind: Option<crate::analysis::actions::ActionKind>,
    /// Only customers of this segment.
    pub segment: Option<crate::analysis::rfm::Segment>,
    /// The template open in the editor, as typed.
    pub template: Option<(crate::analysis::actions::ActionKind, String)>,
    /// What followed, with the marks and the orders it was counted from: counting reads every
    /// order, so it is not done again each frame.
    pub outcomes: Option<OutcomesCache>,
}

/// What followed the marks, for the marks and orders it was counted from.
#[derive(Clone, Debug)]
pub struct OutcomesCache {
    /// The marks' generation ([`crate::ui::FidelioApp::actions_generation`]).
    pub generation: u64,
    /// The orders' figures.
    pub loyalty: Option<std::sync::Arc<crate::workspace::LoyaltyView>>,
    /// What followed.
    pub outcomes: Vec<crate::analysis::actions::Outcome>,
}

/// The review being prepared: its figures once computed, and the notes as typed.
#[derive(Clone, Debug, Default)]
pub struct ReviewPageState {
    /// The review of the last period that ended, with the notes typed so far.
    pub draft: Option<crate::analysis::review::ReviewEntry>,
    /// The saved review shown, by place in the log.
    pub shown: Option<usize>,
}

/// What preparing a review gives back: the files generation it was computed from, and the
/// review (or why not, in the UI language).
pub(crate) type ReviewOutcome = (u64, Result<crate::analysis::review::ReviewEntry, String>);

/// What a goal suggestion gives back: the figure and period it is for, and the suggestion
/// (`None`: no history for it).
pub(crate) type SuggestOutcome = (
    crate::analysis::goals::GoalKpi,
    String,
    Result<Option<crate::figures::review::Suggestion>, String>,
);

/// The Overview's changes: each headline figure in the last period of the review cadence
/// that ended beside the one before, computed in the background for the scope and files they
/// carry.
#[derive(Clone, Debug, Default)]
pub struct OverviewState {
    /// What they were computed for: the files generation, the scope and the period.
    pub key: Option<(
        u64,
        crate::figures::Scope,
        crate::analysis::review::ReviewPeriod,
    )>,
    /// The figures, once computed.
    pub rows: Vec<crate::analysis::review::ReviewRow>,
}

/// What computing the Overview's changes gives back: its key and the rows (or why not).
pub(crate) type OverviewOutcome = (
    (
        u64,
        crate::figures::Scope,
        crate::analysis::review::ReviewPeriod,
    ),
    Result<Vec<crate::analysis::review::ReviewRow>, String>,
);
