//! Everything the owner can ask for, as values. Pages send commands; the app's logic step applies
//! them, so no page changes state directly and every action can be tested without a window.

use chrono::NaiveDate;

use crate::analysis::period::Period;
use crate::charts::Chart;
use crate::i18n::Lang;
pub use crate::import::pipeline::Source;
use crate::import::roles::Role;

/// The app's pages, in navigation order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Page {
    /// Open files, drop zone, recent files, demo.
    #[default]
    Welcome,
    /// Each file: kind, preview, roles, skipped rows.
    Data,
    /// Net Promoter Score.
    Nps,
    /// Cohort loyalty.
    Loyalty,
    /// Engagement: reviews, loyalty cards, social posts, scores.
    Engagement,
    /// Goals: targets and their status.
    Goals,
    /// What to do this week, per customer.
    Actions,
    /// Language and where settings live.
    Settings,
}

impl Page {
    /// Pages in the navigation bar.
    pub const NAV: [Page; 8] = [
        Page::Welcome,
        Page::Data,
        Page::Nps,
        Page::Loyalty,
        Page::Engagement,
        Page::Goals,
        Page::Actions,
        Page::Settings,
    ];

    /// The page's name in the navigation bar.
    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            Page::Welcome => lang.t("Start", "Inizio"),
            Page::Data => lang.t("Data", "Dati"),
            Page::Nps => "NPS",
            Page::Loyalty => lang.t("Loyalty", "Fedeltà"),
            Page::Engagement => lang.t("Engagement", "Coinvolgimento"),
            Page::Goals => lang.t("Goals", "Obiettivi"),
            Page::Actions => lang.t("Actions", "Azioni"),
            Page::Settings => lang.t("Settings", "Impostazioni"),
        }
    }
}

/// One thing the owner asked for.
#[derive(Clone, Debug)]
pub enum Command {
    /// Show the native open-file dialog.
    OpenDialog,
    /// Import these files (appended to what is loaded).
    Open(Vec<Source>),
    /// Load the built-in demo shop.
    LoadDemo,
    /// Go to a page.
    ShowPage(Page),
    /// Switch language; `None` follows the system.
    SetLanguage(Option<Lang>),
    /// The largest file to read, in MB; `None` for a third of the free memory.
    SetMaxFileSize(Option<u64>),
    /// Give a column a role.
    SetRole {
        /// Index of the file in the workspace.
        file: usize,
        /// Column index.
        column: usize,
        /// New role.
        role: Role,
    },
    /// Put back the roles detection chose for a file.
    ResetRoles(usize),
    /// Read another sheet of a spreadsheet.
    SetSheet {
        /// Index of the file in the workspace.
        file: usize,
        /// Sheet name.
        sheet: String,
    },
    /// Take a file out of the analysis.
    RemoveFile(usize),
    /// Take all files out.
    ClearFiles,
    /// Trend period.
    SetPeriod(Period),
    /// Date range every figure follows (inclusive; `None` = open end).
    SetDateRange(Option<NaiveDate>, Option<NaiveDate>),
    /// Loyalty figures of one store only (`None`: every store).
    SetStore(Option<String>),
    /// Loyalty figures of one channel only (`None`: every channel).
    SetChannel(Option<String>),
    /// Lapse window in days (`None`: the default of metrics.md).
    SetLapseWindow(Option<u32>),
    /// Where tenure buckets start, in months.
    SetTenureStarts(Vec<u32>),
    /// List these customers beside what was clicked, and in the customers table.
    ShowCustomers(CustomerList),
    /// Scroll the page to the customers table.
    RevealCustomers,
    /// The shop's currency for files that do not say theirs (`None`: by language; an empty
    /// code: never shown).
    SetCurrency(Option<String>),
    /// Count one value of a category as another, on every page (remembered).
    Merge(crate::analysis::merge::Merge),
    /// Undo a merge.
    Unmerge(crate::analysis::merge::Merge),
    /// Set a goal (remembered).
    AddGoal(crate::analysis::goals::Goal),
    /// Remove the goal at this place in the list.
    RemoveGoal(usize),
    /// Take the goal at this place back into the form, to change and add again.
    EditGoal(usize),
    /// Open the card of the customer with this key.
    OpenCustomer(String),
    /// Close the customer card.
    CloseCustomer,
    /// Weight of one event type in the engagement score.
    SetWeight(String, f64),
    /// Put the default weights back.
    ResetWeights,
    /// Half-life of the engagement score's time decay in days (`None`: no decay).
    SetHalfLife(Option<f64>),
    /// Forget the recent files.
    ClearRecent,
    /// Close a notice.
    DismissNotice(usize),
    /// Ask where to save this chart as PNG, then save it in the background.
    SaveChartImage(Box<Chart>),
    /// Render this chart and put the image on the clipboard.
    CopyChartImage(Box<Chart>),
    /// Ask where to save one of the NPS page's tables, then save it.
    ExportTable(TableChoice, TableFormat),
    /// Ask for a folder and write the whole report into it.
    ExportReport,
    /// Open a workspace file in place of what is loaded.
    OpenWorkspace(std::path::PathBuf),
    /// Ask for a workspace file to open.
    OpenWorkspaceDialog,
    /// Ask where to save the workspace; it is saved there from then on.
    SaveWorkspaceAs,
    /// Ask for a folder whose exports are read as they arrive.
    ChooseFolder,
    /// Watch this folder (`None`: none).
    SetFolder(Option<std::path::PathBuf>),
    /// How often the goals are reviewed.
    SetCadence(crate::analysis::review::Cadence),
    /// Compute the review of the last period that ended, in the background.
    PrepareReview,
    /// Save the review prepared, with its notes, to the log.
    SaveReview,
    /// Delete the review at this place in the log.
    DeleteReview(usize),
    /// Write the report pack opened by a saved review (by place in the log) or the one being
    /// prepared.
    ExportReview(Option<usize>),
    /// Suggest a target for the goal in the form from the shop's history, in the background.
    SuggestGoal,
    /// Mark a customer's action on this week's list done or not now (remembered).
    MarkAction {
        /// Customer key.
        customer: String,
        /// The action.
        kind: crate::analysis::actions::ActionKind,
        /// Done or not now.
        marked: crate::analysis::actions::Marked,
    },
    /// Take back a mark: the customer and action of the list of that day.
    UnmarkAction(String, crate::analysis::actions::ActionKind, NaiveDate),
    /// List only this action (`None`: every action).
    FilterActions(Option<crate::analysis::actions::ActionKind>),
    /// The message an action's template writes (`None`: the language's default).
    SetTemplate(crate::analysis::actions::ActionKind, Option<String>),
    /// Put the open list's email addresses on the clipboard.
    CopyAddresses,
    /// Predict over this many weeks (remembered in the workspace).
    SetHorizon(u32),
    /// Orders with both products a pair needs (`None`: the automatic minimum).
    SetMinBaskets(Option<u32>),
}

/// Which customers the Loyalty page's customers table lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CustomerList {
    /// Everyone who ordered in the range.
    #[default]
    All,
    /// One RFM segment.
    Segment(crate::analysis::rfm::Segment),
    /// One tenure bucket, by index into the view's buckets.
    Tenure(usize),
    /// Customers past the lapse window.
    Lapsed,
}

/// A table the owner can export from the NPS or Loyalty page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableChoice {
    /// Every comment.
    Comments,
    /// Detractors to call back.
    FollowUp,
    /// The Loyalty page's customers table as listed (segment, bucket, search and sort).
    Customers,
    /// The cohort matrix, as retention or revenue per customer.
    Cohorts(crate::analysis::cohorts::CohortMeasure),
    /// Customers and revenue per RFM segment.
    Segments,
    /// Customers and revenue per tenure bucket.
    Tenure,
    /// Lapsed customers with their last order and value.
    Lapsed,
    /// Repeat purchase rate per period.
    RepeatRate,
    /// NPS per RFM segment.
    NpsBySegment,
    /// Repeat purchase rate per NPS group.
    RepeatByNpsGroup,
    /// One of the Engagement page's tables, by id (`engagement_scores`, ...).
    Engagement(&'static str),
    /// This week's list as the Actions page shows it, for mail merge.
    Actions,
}

/// A table file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableFormat {
    /// Comma (or, in Italian, semicolon) separated text.
    Csv,
    /// An Excel workbook.
    Xlsx,
}

impl TableFormat {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            TableFormat::Csv => "csv",
            TableFormat::Xlsx => "xlsx",
        }
    }
}

/// The source an imported file came from, to read it again (another sheet).
pub fn source_of(file: &crate::import::pipeline::ImportedFile) -> Source {
    match crate::demo::bytes_for(&file.path) {
        Some(bytes) => Source::Bytes {
            path: file.path.clone(),
            bytes,
        },
        None => Source::Path(file.path.clone()),
    }
}
