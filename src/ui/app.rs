//! The app's state and its logic step: each frame it takes the settings read, applies the
//! commands pages sent, and polls the background work (`imports`, `analysis_tasks`, `exports`
//! own those tasks). Drawing lives in `pages`; nothing here draws.

use std::path::PathBuf;
use std::sync::Arc;

use crate::demo;
use crate::figures::{Figures, Scope, tenure_text};
use crate::i18n::Lang;
use crate::import::pipeline::{ImportOptions, header_signature};
use crate::pages::{Page as PageModel, PageId};
use crate::settings::{self, Settings};
use crate::ui::commands::{Command, CustomerList, Page, Source, source_of};
use crate::ui::platform::{fallback_folder, native_dialog_available};
use crate::ui::settings_io::{self, SettingsIo};
use crate::ui::state::{AnalysisOutcome, ExportOutcome, ImportJob, ImportOutcome};
pub use crate::ui::state::{
    CustomerCardView, CustomerSort, Level, LoyaltyPageState, Notice, NpsPageState,
};
use crate::ui::tasks::Running;
use crate::workspace::{SurveyCategory, Workspace};

/// Fidelio's whole state.
pub struct FidelioApp {
    /// Remembered between runs.
    pub settings: Settings,
    /// Reads and writes `settings` off the UI thread.
    pub(super) settings_io: SettingsIo,
    /// The page shown.
    pub page: Page,
    /// Loaded files.
    pub workspace: Workspace,
    /// Categories to compare NPS by.
    pub categories: Vec<SurveyCategory>,
    /// What every page's figures follow: dates, period, store, channel, lapse window, tenure
    /// buckets, engagement weights. Changed only by commands.
    pub scope: Scope,
    /// The date range's from and to fields as typed (shared by every page, like the range).
    pub date_text: (String, String),
    /// The figures of the last analysis (computed in the background, in the scope they
    /// carry; the next replaces them whole).
    pub figures: Figures,
    /// The files generation `figures` were computed from.
    pub(super) figures_generation: u64,
    /// The pages of `figures` as data, built with them in the background: the window draws
    /// their blocks and the report writes the same.
    pub pages: Vec<Arc<PageModel>>,
    /// The language `pages` are written in.
    pub(super) pages_lang: Lang,
    /// Review search text on the Engagement page.
    pub review_search: String,
    /// The NPS page's display choices.
    pub nps_page: NpsPageState,
    /// The Loyalty page's display choices.
    pub loyalty_page: LoyaltyPageState,
    /// The Goals page's form.
    pub goals_page: crate::ui::state::GoalsPageState,
    pub(super) card_task: Option<Running<(String, Result<CustomerCardView, String>)>>,
    /// File selected on the Data page.
    pub selected_file: usize,
    /// Messages for the owner.
    pub notices: Vec<Notice>,
    pub(super) import_task: Option<Running<ImportOutcome>>,
    pub(super) export_task: Option<Running<ExportOutcome>>,
    /// A rendered chart waiting to be put on the clipboard by the next frame.
    pub clipboard_image: Option<egui::ColorImage>,
    /// Text waiting to be put on the clipboard by the next frame.
    pub clipboard_text: Option<String>,
    /// Where the next save goes, instead of asking with a dialog (tests, automation).
    pub next_save_path: Option<PathBuf>,
    pub(super) import_queue: std::collections::VecDeque<ImportJob>,
    pub(super) analysis_task: Option<Running<AnalysisOutcome>>,
    pub(super) analysis_wanted: bool,
    /// Bumped whenever files or roles change, so a result computed from older files is dropped.
    pub(super) files_generation: u64,
    pub(super) next_file_id: u64,
    pub(super) pending: Vec<Command>,
    pub(super) repaint: Arc<dyn Fn() + Send + Sync>,
    /// Recent files and whether each is still there, checked when the list changes or the
    /// welcome page opens rather than every frame (a network drive can be slow to answer).
    pub recent: Vec<(PathBuf, bool)>,
    /// Recent workspace files (the last session's first, when there is one) and whether each
    /// is still there, checked as `recent`.
    pub recent_workspaces: Vec<(PathBuf, bool)>,
    /// False where the native open dialog cannot appear (no portal, no zenity; tests).
    pub native_dialog: bool,
    /// Where saves go when no dialog can ask: the Fidelio folder in the owner's Documents.
    pub fallback_folder: Option<PathBuf>,
    /// The workspace file opened or saved as; `None`: the last session's file.
    pub workspace_file: Option<PathBuf>,
    /// The workspace file before the last "Save as", to go back to when that one is refused.
    pub(super) workspace_file_before: Option<PathBuf>,
    /// The workspace as last saved or opened (to keep the day each file was first seen).
    pub(super) saved: Option<crate::workspace_file::SavedWorkspace>,
    /// Files of the opened workspace that were not found: kept in it until the owner clears
    /// the files, so a drive that is not plugged in does not make the workspace forget them.
    pub(super) missing_files: Vec<crate::workspace_file::SavedFile>,
    /// Something the workspace file keeps changed since it was last written.
    pub(super) workspace_dirty: bool,
    pub(super) workspace_writer: crate::ui::workspace_threads::WorkspaceWriter,
    /// A folder whose new exports are read.
    pub folder: Option<PathBuf>,
    pub(super) folder_watch: Option<crate::ui::workspace_threads::FolderWatch>,
    /// The review cadence and log.
    pub review: crate::analysis::review::ReviewLog,
    /// Actions marked done or not now (kept in the workspace).
    pub actions: crate::analysis::actions::ActionLog,
    /// Bumped whenever `actions` changes, so what is counted from the marks is counted again
    /// only then (comparing the marks each frame would read their lists every frame).
    pub actions_generation: u64,
    /// Message templates the owner edited (kept in the workspace).
    pub templates: crate::pages::actions::Templates,
    /// The Actions page's filter and template being edited.
    pub actions_page: crate::ui::state::ActionsPageState,
    /// The review being prepared or written.
    pub review_page: crate::ui::state::ReviewPageState,
    pub(super) review_task: Option<Running<crate::ui::state::ReviewOutcome>>,
    pub(super) suggest_task: Option<Running<crate::ui::state::SuggestOutcome>>,
    /// The Overview's changes against the period before.
    pub overview: crate::ui::state::OverviewState,
    pub(super) overview_task: Option<Running<crate::ui::state::OverviewOutcome>>,
    /// What followed the marks, being counted.
    pub(super) outcomes_task: Option<Running<crate::ui::state::OutcomesCache>>,
    /// The day it is, for reviews due and saved; `None`: the system's clock (tests fix it).
    pub today: Option<chrono::NaiveDate>,
    /// Open the workspace used last once the settings are read (the window started with no
    /// files): next month's Fidelio opens where this one left off.
    pub resume_last_workspace: bool,
}

impl FidelioApp {
    /// An app with settings from the user's config folder (or `FIDELIO_CONFIG_DIR`).
    pub fn new(repaint: impl Fn() + Send + Sync + 'static) -> FidelioApp {
        FidelioApp::loading_settings(settings::settings_path(), repaint)
    }

    /// An app that starts with the default settings and takes those saved at `settings_path`
    /// when a background thread has read them.
    pub fn loading_settings(
        settings_path: Option<PathBuf>,
        repaint: impl Fn() + Send + Sync + 'static,
    ) -> FidelioApp {
        let repaint: Arc<dyn Fn() + Send + Sync> = Arc::new(repaint);
        let io = SettingsIo::new(settings_path, true, repaint.clone());
        FidelioApp::build(Settings::default(), io, repaint)
    }

    /// An app with the given settings, saved to `settings_path` when they change.
    pub fn with_settings(
        settings: Settings,
        settings_path: Option<PathBuf>,
        repaint: impl Fn() + Send + Sync + 'static,
    ) -> FidelioApp {
        let repaint: Arc<dyn Fn() + Send + Sync> = Arc::new(repaint);
        let io = SettingsIo::new(settings_path, false, repaint.clone());
        FidelioApp::build(settings, io, repaint)
    }

    pub(super) fn build(
        settings: Settings,
        settings_io: SettingsIo,
        repaint: Arc<dyn Fn() + Send + Sync>,
    ) -> FidelioApp {
        let scope = Scope {
            period: settings.period,
            currency: settings.currency(),
            merges: settings.merges.clone(),
            goals: settings.goals.clone(),
            ..Scope::default()
        };
        let mut app = FidelioApp {
            settings,
            settings_io,
            page: Page::Welcome,
            workspace: Workspace::default(),
            categories: Vec::new(),
            scope,
            date_text: (String::new(), String::new()),
            figures: Figures::default(),
            figures_generation: 0,
            pages: Vec::new(),
            pages_lang: Lang::default(),
            nps_page: NpsPageState::default(),
            loyalty_page: LoyaltyPageState::default(),
            goals_page: Default::default(),
            card_task: None,
            review_search: String::new(),
            selected_file: 0,
            notices: Vec::new(),
            import_task: None,
            export_task: None,
            clipboard_image: None,
            clipboard_text: None,
            next_save_path: None,
            import_queue: std::collections::VecDeque::new(),
            analysis_task: None,
            analysis_wanted: false,
            files_generation: 0,
            next_file_id: 1,
            pending: Vec::new(),
            repaint,
            native_dialog: native_dialog_available(),
            fallback_folder: fallback_folder(),
            recent: Vec::new(),
            recent_workspaces: Vec::new(),
            workspace_file: None,
            workspace_file_before: None,
            saved: None,
            missing_files: Vec::new(),
            workspace_dirty: false,
            workspace_writer: crate::ui::workspace_threads::WorkspaceWriter::new(),
            folder: None,
            folder_watch: None,
            review: Default::default(),
            actions: Default::default(),
            actions_generation: 0,
            templates: Default::default(),
            actions_page: Default::default(),
            review_page: Default::default(),
            review_task: None,
            suggest_task: None,
            overview: Default::default(),
            overview_task: None,
            outcomes_task: None,
            today: None,
            resume_last_workspace: false,
        };
        app.review = app.settings.review.clone();
        app.refresh_recent();
        app.loyalty_page.tenure_text = tenure_text(&app.scope.tenure_starts);
        // The most valuable customers first: that is who an owner looks for.
        app.loyalty_page.sort = (CustomerSort::Revenue, true);
        app
    }

    /// The UI language.
    pub fn lang(&self) -> Lang {
        self.settings.language()
    }

    /// The day it is.
    pub fn today(&self) -> chrono::NaiveDate {
        self.today
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }

    /// The page `id` as data, when its figures are there.
    pub fn page_model(&self, id: PageId) -> Option<Arc<PageModel>> {
        self.pages.iter().find(|p| p.id == id).cloned()
    }

    /// Asks for something; applied at the next logic step.
    pub fn send(&mut self, command: Command) {
        self.pending.push(command);
    }

    /// True while an import or analysis runs.
    pub fn is_busy(&self) -> bool {
        self.import_task.is_some()
            || self.settings_io.is_busy()
            || self.export_task.is_some()
            || !self.import_queue.is_empty()
            || self.analysis_task.is_some()
            || self.analysis_wanted
            || self.card_task.is_some()
            || self.review_task.is_some()
            || self.suggest_task.is_some()
            || self.overview_task.is_some()
            || self.outcomes_task.is_some()
    }

    /// What the background is doing, for the status bar: (done, total, label).
    pub fn progress(&self) -> Option<(usize, usize, String)> {
        if let Some(task) = &self.import_task {
            return Some(task.progress.clone());
        }
        if let Some(task) = &self.export_task {
            return Some(task.progress.clone());
        }
        if self.analysis_task.is_some() || self.analysis_wanted {
            return Some((
                0,
                0,
                self.lang().t("Analysing…", "Analisi in corso…").to_string(),
            ));
        }
        None
    }

    /// Adds a notice for the owner.
    pub fn notify(&mut self, level: Level, text: impl Into<String>) {
        let text = text.into();
        if !self.notices.iter().any(|n| n.text == text) {
            self.notices.push(Notice { level, text });
        }
    }

    /// The non-UI part of a frame: applies commands, polls tasks, starts analyses.
    pub fn logic(&mut self) {
        self.poll_settings();
        for command in std::mem::take(&mut self.pending) {
            self.apply(command);
        }
        self.poll_import();
        self.run_next_import();
        self.poll_analysis();
        self.poll_card();
        // Settings read in the background can bring another language than the pages'.
        if self.pages_lang != self.lang() && !self.pages.is_empty() {
            self.want_analysis();
        }
        self.poll_export();
        self.poll_review();
        self.refresh_overview();
        self.refresh_outcomes();
        self.poll_folder();
        self.poll_workspace_writes();
        self.save_workspace_if_changed();
        if self.analysis_wanted
            && self.analysis_task.is_none()
            && self.import_task.is_none()
            && self.import_queue.is_empty()
        {
            self.start_analysis();
        }
    }

    pub(super) fn apply(&mut self, command: Command) {
        match command {
            Command::OpenDialog => self.open_dialog(),
            Command::SaveChartImage(chart) => self.save_chart(*chart),
            Command::CopyChartImage(chart) => self.copy_chart(*chart),
            Command::ExportTable(choice, format) => self.export_table(choice, format),
            Command::ExportReport => self.export_report(None),
            Command::Open(sources) => {
                // A workspace dropped, double-clicked or named on the command line opens as one.
                let (workspaces, exports): (Vec<Source>, Vec<Source>) =
                    sources.into_iter().partition(|s| {
                        matches!(s, Source::Path(p) if crate::ui::workspace_threads::is_workspace(p))
                    });
                for workspace in workspaces {
                    self.open_workspace(workspace.path().to_path_buf());
                }
                self.start_import(exports, ImportOptions::default());
            }
            Command::LoadDemo => {
                // The demo shop is not the owner's: it has a workspace file of its own, so it
                // never goes into theirs (nor into the last session they resume).
                let demo_file = self.demo_workspace_path();
                if self.workspace_file != demo_file {
                    self.workspace.files.clear();
                    self.missing_files.clear();
                    self.saved = None;
                    self.review_page = Default::default();
                    self.set_folder(None);
                    self.workspace_file = demo_file;
                    self.files_changed();
                }
                self.start_import(demo::sources(), ImportOptions::default());
                self.page = Page::Nps;
            }
            Command::OpenWorkspace(path) => self.open_workspace(path),
            Command::OpenWorkspaceDialog => self.open_workspace_dialog(),
            Command::SaveWorkspaceAs => self.save_workspace_as(),
            Command::ChooseFolder => self.choose_folder(),
            Command::SetFolder(folder) => self.set_folder(folder),
            Command::SetCadence(cadence) => {
                self.review.cadence = cadence;
                self.review_page.draft = None;
                self.review_changed();
            }
            Command::MarkAction {
                customer,
                kind,
                marked,
            } => self.mark_action(customer, kind, marked),
            Command::UnmarkAction(customer, kind, day) => {
                self.actions.unmark(&customer, kind, day);
                self.actions_generation += 1;
                self.workspace_changed();
            }
            Command::FilterActions(kind) => self.actions_page.kind = kind,
            Command::SetTemplate(kind, text) => {
                match text {
                    Some(text) => self.templates.insert(kind, text),
                    None => self.templates.remove(&kind),
                };
                self.workspace_changed();
            }
            Command::CopyAddresses => self.copy_addresses(),
            Command::PrepareReview => self.prepare_review(),
            Command::SaveReview => self.save_review(),
            Command::DeleteReview(index) => {
                if index < self.review.log.len() {
                    self.review.log.remove(index);
                    self.review_changed();
                }
            }
            Command::ExportReview(index) => {
                let entry = match index {
                    Some(index) => self.review.log.get(index).cloned(),
                    None => self.review_page.draft.clone(),
                };
                self.export_report(entry);
            }
            Command::SuggestGoal => self.suggest_goal(),
            Command::ShowPage(page) => {
                if page == Page::Welcome {
                    self.refresh_recent();
                }
                self.page = page;
            }
            Command::SetLanguage(lang) => {
                self.settings.language = lang;
                self.scope.currency = self.settings.currency();
                self.save_settings();
                // Chart labels are built in the language: build them again.
                self.want_analysis();
            }
            Command::SetRole { file, column, role } => {
                if let Some(f) = self.workspace.files.get(file).cloned() {
                    let roles = f.roles_with(column, role);
                    self.settings
                        .mappings
                        .insert(header_signature(f.headers()), roles.clone());
                    self.save_settings();
                    self.import_queue
                        .push_back(ImportJob::Remap(Box::new(f), roles));
                }
            }
            Command::ResetRoles(file) => {
                if let Some(f) = self.workspace.files.get(file).cloned() {
                    self.settings
                        .mappings
                        .remove(&header_signature(f.headers()));
                    self.save_settings();
                    let roles = f.detected_roles.clone();
                    self.import_queue
                        .push_back(ImportJob::Remap(Box::new(f), roles));
                }
            }
            Command::SetSheet { file, sheet } => {
                if let Some(old) = self.workspace.files.get(file) {
                    let options = ImportOptions {
                        sheet: Some(sheet),
                        ..ImportOptions::default()
                    };
                    let job = ImportJob::Reread(source_of(old), options, old.id);
                    self.import_queue.push_back(job);
                }
            }
            Command::RemoveFile(file) => {
                if file < self.workspace.files.len() {
                    self.workspace.files.remove(file);
                    self.selected_file = self
                        .selected_file
                        .min(self.workspace.files.len().saturating_sub(1));
                    self.files_changed();
                }
            }
            Command::ClearFiles => {
                self.workspace.files.clear();
                self.missing_files.clear();
                self.review_page.draft = None;
                self.selected_file = 0;
                self.files_changed();
            }
            Command::SetPeriod(period) => {
                self.scope.period = period;
                self.settings.period = period;
                self.save_settings();
                self.want_analysis();
            }
            Command::SetDateRange(from, to) => {
                self.scope.from = from;
                self.scope.to = to;
                let lang = self.lang();
                self.date_text = (
                    from.map(|d| lang.date(d)).unwrap_or_default(),
                    to.map(|d| lang.date(d)).unwrap_or_default(),
                );
                self.want_analysis();
            }
            Command::SetStore(store) => {
                self.scope.store = store;
                self.loyalty_filter_changed();
            }
            Command::SetChannel(channel) => {
                self.scope.channel = channel;
                self.loyalty_filter_changed();
            }
            Command::SetLapseWindow(days) => {
                self.scope.lapse_window = days;
                self.loyalty_filter_changed();
            }
            Command::SetTenureStarts(starts) => {
                self.scope.tenure_starts = starts;
                self.loyalty_page.list = CustomerList::All;
                self.loyalty_filter_changed();
            }
            Command::ShowCustomers(list) => {
                self.loyalty_page.list = list;
            }
            Command::RevealCustomers => self.loyalty_page.reveal_list = true,
            Command::Merge(merge) => {
                let folded = |text: &str| text.trim().to_lowercase();
                let merges = &mut self.settings.merges;
                merges.retain(|m| {
                    !(m.column == merge.column && folded(&m.from) == folded(&merge.from))
                });
                // What was merged into the value merged away now goes where it goes: no chains.
                for m in merges.iter_mut() {
                    if m.column == merge.column && folded(&m.into) == folded(&merge.from) {
                        m.into = merge.into.clone();
                    }
                }
                merges.push(merge);
                self.merges_changed();
            }
            Command::AddGoal(goal) => {
                self.settings.goals.push(goal);
                self.goals_changed();
            }
            Command::EditGoal(index) => {
                if index < self.settings.goals.len() {
                    let goal = self.settings.goals.remove(index);
                    let lang = self.lang();
                    let shown = if goal.kpi.is_share() {
                        goal.target * 100.0
                    } else {
                        goal.target
                    };
                    self.goals_page = crate::ui::state::GoalsPageState {
                        figure: goal.kpi,
                        direction: goal.direction,
                        target: lang.number(shown, if shown.fract() == 0.0 { 0 } else { 2 }),
                        period: goal.period.label.clone(),
                        suggestion: None,
                    };
                    // A goal is of a store and a channel: the form is added back under the
                    // filters on screen, so they become the goal's, not the other way round.
                    if (&goal.store, &goal.channel) != (&self.scope.store, &self.scope.channel) {
                        self.scope.store = goal.store.clone();
                        self.scope.channel = goal.channel.clone();
                        self.loyalty_filter_changed();
                    }
                    self.goals_changed();
                }
            }
            Command::RemoveGoal(index) => {
                if index < self.settings.goals.len() {
                    self.settings.goals.remove(index);
                }
                self.goals_changed();
            }
            Command::Unmerge(merge) => {
                self.settings.merges.retain(|m| *m != merge);
                self.merges_changed();
            }
            Command::SetCurrency(code) => {
                self.settings.currency = code;
                self.scope.currency = self.settings.currency();
                self.save_settings();
                self.want_analysis();
            }
            Command::OpenCustomer(key) => self.open_customer(key),
            Command::SetWeight(event, weight) => {
                self.scope.weights.insert(event, weight.max(0.0));
                self.want_analysis();
            }
            Command::ResetWeights => {
                self.scope.weights = crate::analysis::engagement::default_weights();
                self.want_analysis();
            }
            Command::SetMinBaskets(n) => {
                self.scope.min_baskets = n.filter(|n| *n > 0);
                self.want_analysis();
                self.workspace_changed();
            }
            Command::SetHorizon(weeks) => {
                self.scope.horizon_weeks = weeks.clamp(1, 520);
                self.want_analysis();
                self.workspace_changed();
            }
            Command::SetHalfLife(days) => {
                self.scope.half_life_days = days.filter(|d| *d > 0.0);
                self.want_analysis();
            }
            Command::CloseCustomer => {
                self.loyalty_page.card = None;
                self.card_task = None;
            }
            Command::SetMaxFileSize(mb) => {
                if self.settings.max_file_mb != mb {
                    self.settings.max_file_mb = mb;
                    self.save_settings();
                }
            }
            Command::ClearRecent => {
                self.settings.recent_files.clear();
                self.refresh_recent();
                self.save_settings();
            }
            Command::DismissNotice(index) => {
                if index < self.notices.len() {
                    self.notices.remove(index);
                }
            }
        }
    }

    /// True when there is anything to analyse: survey answers, orders or engagement files.
    pub fn has_data(&self) -> bool {
        self.has_answers()
            || self.workspace.order_files().next().is_some()
            || self.workspace.engagement_files().next().is_some()
    }

    /// True when some survey file has usable answers.
    pub fn has_answers(&self) -> bool {
        self.workspace
            .survey_files()
            .any(|f| f.survey.as_ref().is_some_and(|s| !s.is_empty()))
    }

    /// How many usable answers all survey files hold.
    pub fn answer_count(&self) -> usize {
        self.workspace
            .survey_files()
            .filter_map(|f| f.survey.as_ref())
            .map(|s| s.len())
            .sum()
    }

    /// The loaded files or their roles changed: the answers are appended again and analysed,
    /// both in the background.
    pub(super) fn files_changed(&mut self) {
        self.files_generation += 1;
        self.categories = self.workspace.survey_categories();
        if self.nps_page.category >= self.categories.len() {
            self.nps_page.category = 0;
        }
        // Figures of files no longer loaded go at once; the rest stay until the new ones come.
        if !self.has_answers() {
            self.figures.nps = None;
        }
        if self.workspace.order_files().next().is_none() {
            self.figures.loyalty = None;
        }
        if self.workspace.engagement_files().next().is_none() {
            self.figures.engagement = None;
        }
        let figures = &self.figures;
        self.pages.retain(|page| match page.id {
            PageId::Goals | PageId::Review => {
                self.workspace.files.iter().any(|f| f.error.is_none())
            }
            PageId::Nps => figures.nps.is_some(),
            PageId::Loyalty => figures.loyalty.is_some(),
            PageId::Engagement => figures.engagement.is_some(),
            PageId::Actions => figures.actions.is_some(),
        });
        self.want_analysis();
    }

    /// The goals are the settings' (remembered) and the scope's (judged).
    pub(super) fn goals_changed(&mut self) {
        self.scope.goals = self.settings.goals.clone();
        self.save_settings();
        self.want_analysis();
    }

    /// The merges are the settings' (remembered) and the scope's (counted).
    pub(super) fn merges_changed(&mut self) {
        self.scope.merges = self.settings.merges.clone();
        // A store or channel chosen in a filter may be one that no longer exists.
        self.scope.store = None;
        self.scope.channel = None;
        self.save_settings();
        self.want_analysis();
    }

    pub(super) fn loyalty_filter_changed(&mut self) {
        let filter = &self.scope;
        self.loyalty_page.lapse_text = filter
            .lapse_window
            .map(|d| d.to_string())
            .unwrap_or_default();
        self.loyalty_page.tenure_text = tenure_text(&filter.tenure_starts);
        self.want_analysis();
    }

    pub(super) fn save_settings(&mut self) {
        if self.settings_io.loading() {
            // Saving now would replace the owner's saved settings with defaults plus this one
            // change; once they arrive, the change is laid over them and all is saved.
            return;
        }
        self.settings_io.save(&self.settings);
    }

    /// Takes the saved settings when they arrive, and says when a write failed.
    pub(super) fn poll_settings(&mut self) {
        for event in self.settings_io.events() {
            match event {
                settings_io::Event::Loaded(saved, warning) => {
                    if let Some(warning) = warning {
                        let text = warning.message(saved.language());
                        self.notify(Level::Warning, text);
                    }
                    // Settings still at the defaults were not changed while loading.
                    let early = std::mem::take(&mut self.settings);
                    let changed_early = early != Settings::default();
                    self.settings = saved.with_changes_from(&early);
                    if self.saved.is_some() {
                        // A workspace opened before the settings arrived: its goals, merges and
                        // reviews are the picture, not those the settings remember.
                        self.settings.goals = self.scope.goals.clone();
                        self.settings.merges = self.scope.merges.clone();
                        self.settings.review = self.review.clone();
                    }
                    self.review = self.settings.review.clone();
                    if changed_early {
                        self.settings_io.save(&self.settings);
                    }
                    self.scope.period = self.settings.period;
                    self.scope.currency = self.settings.currency();
                    self.scope.merges = self.settings.merges.clone();
                    self.scope.goals = self.settings.goals.clone();
                    self.refresh_recent();
                    // Chart labels are built in the language: build them again.
                    if !self.workspace.files.is_empty() {
                        self.want_analysis();
                    }
                    self.resume();
                }
                settings_io::Event::LoadFailed => self.notify(
                    Level::Warning,
                    self.lang().t(
                        "The saved settings could not be read; the defaults are used.",
                        "Impossibile leggere le impostazioni salvate; si usano quelle predefinite.",
                    ),
                ),
                settings_io::Event::SaveFailed(path, error) => {
                    let text = format!(
                        "{} {}: {error}",
                        self.lang().t(
                            "Settings could not be saved to",
                            "Impossibile salvare le impostazioni in"
                        ),
                        path.display()
                    );
                    self.notify(Level::Warning, text);
                }
            }
        }
    }

    /// Waits, for at most three seconds, until every settings change so far is on disk (the
    /// window closing); true when they all are.
    pub fn flush_settings(&self) -> bool {
        self.settings_io.flush(std::time::Duration::from_secs(3))
    }

    pub(super) fn refresh_recent(&mut self) {
        self.recent = self
            .settings
            .recent_files
            .iter()
            .map(|p| (p.clone(), p.exists()))
            .collect();
        let last = self.last_session_path().filter(|p| p.is_file());
        self.recent_workspaces = last
            .into_iter()
            .chain(self.settings.recent_workspaces.iter().cloned())
            .map(|p| {
                let exists = p.is_file();
                (p, exists)
            })
            .collect();
    }

    /// Where settings are stored, for the Settings page.
    pub fn settings_path(&self) -> Option<&std::path::Path> {
        self.settings_io.path()
    }
}

/// What the owner reads when background work died (a bug): what it was doing, that nothing is
/// lost, and what to do.
pub(super) fn stopped_text(lang: Lang, doing: &str) -> String {
    let doing = if doing.is_empty() {
        lang.t("starting", "all'avvio")
    } else {
        doing
    };
    match lang {
        Lang::En => format!(
            "The work stopped unexpectedly ({doing}). Fidelio goes on with what was already loaded; try again, and if it happens again please tell us which file it was."
        ),
        Lang::It => format!(
            "Il lavoro si è interrotto inaspettatamente ({doing}). Fidelio continua con quanto già caricato; riprova, e se succede di nuovo segnalaci quale file era."
        ),
    }
}
