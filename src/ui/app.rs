//! The app's state and its logic step: applying commands, starting background tasks and taking
//! their results. Drawing lives in `pages`; nothing here draws.

use std::path::PathBuf;
use std::sync::Arc;

use crate::analysis::customer::customer_card;
use crate::analysis::linked::answers_of;
use crate::charts::Chart;
use crate::demo;
use crate::export::image::{ImageOptions, chart_image, png_bytes};
use crate::export::report::{ReportOptions, write_report};
use crate::export::table::{csv_bytes, xlsx_bytes};
use crate::figures::{Figures, Scope, compute_reusing, tenure_text};
use crate::i18n::Lang;
use crate::import::pipeline::{ImportOptions, ImportedFile, file_name, header_signature};
use crate::import::roles::Role;
use crate::pages::table::Table;
use crate::pages::{Page as PageModel, PageId, engagement_tables, loyalty_tables, nps_tables};
use crate::settings::{self, Settings};
use crate::ui::commands::{Command, CustomerList, Page, Source, TableChoice, TableFormat};
use crate::ui::settings_io::{self, SettingsIo};
pub use crate::ui::state::{
    CustomerCardView, CustomerSort, Level, LoyaltyPageState, Notice, NpsPageState,
};
use crate::ui::tasks::{Poll, Running};
use crate::workspace::{SurveyCategory, Workspace};

/// Work for the import thread.
enum ImportJob {
    /// Read these files.
    Read(Vec<Source>, ImportOptions),
    /// Validate a loaded file again with other column roles.
    Remap(Box<ImportedFile>, Vec<Role>),
    /// Read a loaded file again (another sheet) in place of the file with this id.
    Reread(Source, ImportOptions, u64),
}

/// What an import job gives back.
struct ImportOutcome {
    files: Vec<ImportedFile>,
    /// The id of the file the result replaces (a remap or another sheet), if any.
    replaces: Option<u64>,
}

/// What an export gives back.
enum ExportOutcome {
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
type AnalysisOutcome = (u64, Result<(Figures, Vec<Arc<PageModel>>, Lang), String>);

/// Fidelio's whole state.
pub struct FidelioApp {
    /// Remembered between runs.
    pub settings: Settings,
    /// Reads and writes `settings` off the UI thread.
    settings_io: SettingsIo,
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
    figures_generation: u64,
    /// The pages of `figures` as data, built with them in the background: the window draws
    /// their blocks and the report writes the same.
    pub pages: Vec<Arc<PageModel>>,
    /// The language `pages` are written in.
    pages_lang: Lang,
    /// Review search text on the Engagement page.
    pub review_search: String,
    /// The NPS page's display choices.
    pub nps_page: NpsPageState,
    /// The Loyalty page's display choices.
    pub loyalty_page: LoyaltyPageState,
    card_task: Option<Running<(String, Result<CustomerCardView, String>)>>,
    /// File selected on the Data page.
    pub selected_file: usize,
    /// Messages for the owner.
    pub notices: Vec<Notice>,
    import_task: Option<Running<ImportOutcome>>,
    export_task: Option<Running<ExportOutcome>>,
    /// A rendered chart waiting to be put on the clipboard by the next frame.
    pub clipboard_image: Option<egui::ColorImage>,
    /// Where the next save goes, instead of asking with a dialog (tests, automation).
    pub next_save_path: Option<PathBuf>,
    import_queue: std::collections::VecDeque<ImportJob>,
    analysis_task: Option<Running<AnalysisOutcome>>,
    analysis_wanted: bool,
    /// Bumped whenever files or roles change, so a result computed from older files is dropped.
    files_generation: u64,
    next_file_id: u64,
    pending: Vec<Command>,
    repaint: Arc<dyn Fn() + Send + Sync>,
    /// Recent files and whether each is still there, checked when the list changes or the
    /// welcome page opens rather than every frame (a network drive can be slow to answer).
    pub recent: Vec<(PathBuf, bool)>,
    /// False where the native open dialog cannot appear (no portal, no zenity; tests).
    pub native_dialog: bool,
    /// Where saves go when no dialog can ask: the Fidelio folder in the owner's Documents.
    pub fallback_folder: Option<PathBuf>,
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

    fn build(
        settings: Settings,
        settings_io: SettingsIo,
        repaint: Arc<dyn Fn() + Send + Sync>,
    ) -> FidelioApp {
        let scope = Scope {
            period: settings.period,
            currency: settings.currency(),
            merges: settings.merges.clone(),
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
            card_task: None,
            review_search: String::new(),
            selected_file: 0,
            notices: Vec::new(),
            import_task: None,
            export_task: None,
            clipboard_image: None,
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
        };
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
        if self.analysis_wanted
            && self.analysis_task.is_none()
            && self.import_task.is_none()
            && self.import_queue.is_empty()
        {
            self.start_analysis();
        }
    }

    fn apply(&mut self, command: Command) {
        match command {
            Command::OpenDialog => self.open_dialog(),
            Command::SaveChartImage(chart) => self.save_chart(*chart),
            Command::CopyChartImage(chart) => self.copy_chart(*chart),
            Command::ExportTable(choice, format) => self.export_table(choice, format),
            Command::ExportReport => self.export_report(),
            Command::Open(sources) => self.start_import(sources, ImportOptions::default()),
            Command::LoadDemo => {
                self.start_import(demo::sources(), ImportOptions::default());
                self.page = Page::Nps;
            }
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
                self.loyalty_page.shown = 0;
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

    fn open_dialog(&mut self) {
        let lang = self.lang();
        if !self.native_dialog {
            self.notify(Level::Warning, no_dialog_text(lang));
            return;
        }
        let started = std::time::Instant::now();
        let picked = rfd::FileDialog::new()
            .set_title(lang.t("Open exports", "Apri esportazioni"))
            .add_filter(
                lang.t("Spreadsheets and CSV", "Fogli di calcolo e CSV"),
                &["csv", "tsv", "txt", "xlsx", "xlsm", "xls", "ods"],
            )
            .add_filter(lang.t("All files", "Tutti i file"), &["*"])
            .pick_files();
        match picked {
            Some(paths) => self.start_import(
                paths.into_iter().map(Source::Path).collect(),
                ImportOptions::default(),
            ),
            // A dialog that closed faster than a person can click never opened.
            None if started.elapsed() < std::time::Duration::from_millis(150) => {
                self.notify(Level::Warning, no_dialog_text(lang));
            }
            None => {}
        }
    }

    /// Queues files for import; imports run one after another so files dropped while another
    /// import runs are not lost.
    fn start_import(&mut self, sources: Vec<Source>, options: ImportOptions) {
        if !sources.is_empty() {
            self.import_queue
                .push_back(ImportJob::Read(sources, options));
        }
    }

    fn run_next_import(&mut self) {
        if self.import_task.is_some() {
            return;
        }
        let Some(job) = self.import_queue.pop_front() else {
            return;
        };
        let repaint = self.repaint.clone();
        let wake = move || repaint();
        let task = match job {
            ImportJob::Read(sources, options) => self.read_files(sources, options, wake, None),
            ImportJob::Reread(source, options, id) => {
                self.read_files(vec![source], options, wake, Some(id))
            }
            ImportJob::Remap(mut file, roles) => {
                let checking = self.lang().t("Checking", "Controllo di");
                let label = format!("{checking} {}", file.name);
                Running::spawn("fidelio-remap", wake, move |reporter| {
                    reporter.progress(0, 1, label);
                    let replaces = Some(file.id);
                    file.set_roles(roles);
                    ImportOutcome {
                        files: vec![*file],
                        replaces,
                    }
                })
            }
        };
        self.import_task = Some(task);
    }

    fn read_files(
        &mut self,
        sources: Vec<Source>,
        mut options: ImportOptions,
        wake: impl Fn() + Send + Clone + 'static,
        replaces: Option<u64>,
    ) -> Running<ImportOutcome> {
        for source in &sources {
            if let Source::Path(path) = source {
                self.settings.remember_file(path);
            }
        }
        self.refresh_recent();
        self.save_settings();
        options.mappings = self.settings.mappings.clone();
        options.max_file_bytes = self
            .settings
            .max_file_mb
            .map(|mb| mb.saturating_mul(1_000_000));
        let reading = self.lang().t("Reading", "Lettura di").to_string();
        Running::spawn("fidelio-import", wake, move |reporter| {
            let total = sources.len();
            let mut files = Vec::with_capacity(total);
            for (index, source) in sources.iter().enumerate() {
                let name = file_name(source.path());
                reporter.progress(
                    index,
                    total,
                    format!("{reading} {name} ({}/{total})", index + 1),
                );
                files.push(source.import(&options));
            }
            reporter.progress(total, total, "");
            ImportOutcome { files, replaces }
        })
    }

    fn poll_import(&mut self) {
        let Some(task) = &mut self.import_task else {
            return;
        };
        match task.poll() {
            Poll::Pending => {}
            Poll::Done(ImportOutcome {
                files,
                replaces: None,
            }) => {
                self.import_task = None;
                self.add_files(files);
            }
            Poll::Done(ImportOutcome {
                files,
                replaces: Some(id),
            }) => {
                self.import_task = None;
                // The file may have been removed while it was being checked: then drop the result.
                if let (Some(slot), Some(mut file)) = (
                    self.workspace.files.iter_mut().find(|f| f.id == id),
                    files.into_iter().next(),
                ) {
                    // A file read again keeps its id, so later remaps still find it.
                    file.id = id;
                    // Once the owner's answer makes the file readable, its old problem is gone.
                    let solved = file.error.is_none().then(|| format!("{}: ", file.name));
                    *slot = file;
                    if let Some(prefix) = solved {
                        self.notices.retain(|n| !n.text.starts_with(&prefix));
                    }
                    self.files_changed();
                }
            }
            Poll::Failed(doing) => {
                self.import_task = None;
                let text = stopped_text(self.lang(), &doing);
                self.notify(Level::Error, text);
            }
        }
    }

    fn add_files(&mut self, files: Vec<ImportedFile>) {
        let lang = self.lang();
        for file in &files {
            if let Some(error) = &file.error {
                self.notify(
                    Level::Error,
                    format!("{}: {}", file.name, error.message(lang)),
                );
            }
        }
        let first_new = self.workspace.files.len();
        for mut file in files {
            file.id = self.next_file_id;
            self.next_file_id += 1;
            self.workspace.files.push(file);
        }
        if first_new < self.workspace.files.len() {
            self.selected_file = first_new;
        }
        if self.page == Page::Welcome {
            self.page = if self.workspace.survey_files().next().is_some() {
                Page::Nps
            } else {
                Page::Data
            };
        }
        self.files_changed();
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
    fn files_changed(&mut self) {
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
            PageId::Nps => figures.nps.is_some(),
            PageId::Loyalty => figures.loyalty.is_some(),
            PageId::Engagement => figures.engagement.is_some(),
        });
        self.want_analysis();
    }

    /// The figures are to be computed again (in the background, reusing what the change
    /// leaves as it was).
    fn want_analysis(&mut self) {
        self.analysis_wanted = self.has_data();
    }

    fn start_analysis(&mut self) {
        self.analysis_wanted = false;
        if !self.has_data() {
            return;
        }
        let generation = self.files_generation;
        // Figures of other files tell nothing about these.
        let earlier = (self.figures_generation == generation).then(|| self.figures.clone());
        let workspace = self.workspace.clone();
        let scope = self.scope.clone();
        let repaint = self.repaint.clone();
        let lang = self.lang();
        self.analysis_task = Some(Running::spawn(
            "fidelio-analysis",
            move || repaint(),
            move |_| {
                let result = compute_reusing(&workspace, &scope, earlier.as_ref()).map(|figures| {
                    let pages = crate::pages::build(lang, &figures)
                        .into_iter()
                        .map(Arc::new)
                        .collect();
                    (figures, pages, lang)
                });
                (generation, result.map_err(|e| e.to_string()))
            },
        ));
    }

    /// The merges are the settings' (remembered) and the scope's (counted).
    fn merges_changed(&mut self) {
        self.scope.merges = self.settings.merges.clone();
        // A store or channel chosen in a filter may be one that no longer exists.
        self.scope.store = None;
        self.scope.channel = None;
        self.save_settings();
        self.want_analysis();
    }

    fn loyalty_filter_changed(&mut self) {
        let filter = &self.scope;
        self.loyalty_page.lapse_text = filter
            .lapse_window
            .map(|d| d.to_string())
            .unwrap_or_default();
        self.loyalty_page.tenure_text = tenure_text(&filter.tenure_starts);
        self.want_analysis();
    }

    /// Builds a customer's card in the background: on a large file finding their lines takes
    /// longer than a frame.
    fn open_customer(&mut self, key: String) {
        let Some(view) = self.figures.loyalty.clone() else {
            return;
        };
        let responses = self.figures.responses.clone();
        let repaint = self.repaint.clone();
        self.loyalty_page.card = Some((key.clone(), None));
        self.card_task = Some(Running::spawn(
            "fidelio-customer",
            move || repaint(),
            move |_| {
                let frames = &view.frames;
                let card = || -> polars::prelude::PolarsResult<CustomerCardView> {
                    Ok(CustomerCardView {
                        card: customer_card(
                            &frames.orders,
                            &frames.refunds,
                            frames.lines()?,
                            &key,
                        )?,
                        answers: match &responses {
                            Some(answers) if answers.height() > 0 => answers_of(answers, &key)?,
                            _ => Vec::new(),
                        },
                    })
                };
                let result = card().map_err(|e| e.to_string());
                (key, result)
            },
        ));
    }

    fn poll_card(&mut self) {
        let lang = self.lang();
        let Some(task) = &mut self.card_task else {
            return;
        };
        match task.poll() {
            Poll::Pending => {}
            Poll::Done((key, Ok(card))) => {
                self.card_task = None;
                if let Some((open, slot)) = &mut self.loyalty_page.card
                    && *open == key
                {
                    *slot = Some(Arc::new(card));
                }
            }
            Poll::Done((_, Err(message))) => {
                self.card_task = None;
                self.loyalty_page.card = None;
                let text = format!(
                    "{}: {message}",
                    lang.t(
                        "The customer card could not be made",
                        "Impossibile preparare la scheda cliente"
                    )
                );
                self.notify(Level::Error, text);
            }
            Poll::Failed(doing) => {
                self.card_task = None;
                self.loyalty_page.card = None;
                self.notify(Level::Error, stopped_text(lang, &doing));
            }
        }
    }

    fn poll_analysis(&mut self) {
        let Some(task) = &mut self.analysis_task else {
            return;
        };
        let outcome = task.poll();
        let lang = self.lang();
        match outcome {
            Poll::Pending => {}
            // Computed from files that have changed since: a newer analysis is already wanted.
            Poll::Done((generation, _)) if generation != self.files_generation => {
                self.analysis_task = None;
            }
            Poll::Done((generation, Ok((figures, pages, pages_lang)))) => {
                self.analysis_task = None;
                let same_nps = match (&self.figures.nps, &figures.nps) {
                    (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                    _ => false,
                };
                if !same_nps {
                    self.nps_page.matches = None;
                }
                self.figures = figures;
                self.figures_generation = generation;
                self.pages = pages;
                self.pages_lang = pages_lang;
            }
            Poll::Failed(doing) => {
                self.analysis_task = None;
                self.notify(Level::Error, stopped_text(lang, &doing));
            }
            Poll::Done((_, Err(message))) => {
                self.analysis_task = None;
                self.notify(
                    Level::Error,
                    format!(
                        "{}: {message}",
                        lang.t("Analysis failed", "Analisi non riuscita")
                    ),
                );
            }
        }
    }

    fn save_settings(&mut self) {
        if self.settings_io.loading() {
            // Saving now would replace the owner's saved settings with defaults plus this one
            // change; once they arrive, the change is laid over them and all is saved.
            return;
        }
        self.settings_io.save(&self.settings);
    }

    /// Takes the saved settings when they arrive, and says when a write failed.
    fn poll_settings(&mut self) {
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
                    if changed_early {
                        self.settings_io.save(&self.settings);
                    }
                    self.scope.period = self.settings.period;
                    self.scope.currency = self.settings.currency();
                    self.scope.merges = self.settings.merges.clone();
                    self.refresh_recent();
                    // Chart labels are built in the language: build them again.
                    if !self.workspace.files.is_empty() {
                        self.want_analysis();
                    }
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

    /// The line under exported charts: the files and today's date, as in a report.
    fn export_footer(&self) -> String {
        crate::export::footer(
            self.lang(),
            &self.workspace,
            chrono::Local::now().date_naive(),
        )
    }

    /// Asks where to save; `None` when the owner cancelled or no dialog exists (then said so).
    fn ask_save_path(
        &mut self,
        file_name: &str,
        filter: &str,
        extensions: &[&str],
    ) -> Option<PathBuf> {
        if let Some(path) = self.next_save_path.take() {
            return Some(path);
        }
        let lang = self.lang();
        if !self.native_dialog {
            let folder = self.fallback_folder_ready()?;
            return Some(free_name(&folder, file_name));
        }
        // The native dialog asks before replacing an existing file.
        rfd::FileDialog::new()
            .set_title(lang.t("Save as", "Salva come"))
            .set_file_name(file_name)
            .add_filter(filter, extensions)
            .save_file()
    }

    /// The fallback folder, created, with a notice saying saves go there; `None` (and a
    /// warning) when it cannot be made.
    fn fallback_folder_ready(&mut self) -> Option<PathBuf> {
        let lang = self.lang();
        let made = self
            .fallback_folder
            .clone()
            .filter(|folder| std::fs::create_dir_all(folder).is_ok());
        match &made {
            Some(folder) => self.notify(
                Level::Info,
                format!(
                    "{} {}",
                    lang.t(
                        "No file dialog is available on this system: saving into",
                        "Su questo sistema non c'è una finestra per scegliere dove salvare: salvo in",
                    ),
                    folder.display()
                ),
            ),
            None => self.notify(Level::Warning, no_save_dialog_text(lang)),
        }
        made
    }

    fn start_export(
        &mut self,
        label: String,
        work: impl FnOnce() -> ExportOutcome + Send + 'static,
    ) {
        if self.export_task.is_some() {
            let lang = self.lang();
            self.notify(
                Level::Info,
                lang.t(
                    "An export is still running; try again when it is done.",
                    "Un'esportazione è ancora in corso; riprova quando è finita.",
                ),
            );
            return;
        }
        let repaint = self.repaint.clone();
        self.export_task = Some(Running::spawn(
            "fidelio-export",
            move || repaint(),
            move |reporter| {
                reporter.progress(0, 1, label);
                work()
            },
        ));
    }

    fn image_options(&self) -> ImageOptions {
        let images = self.settings.images;
        ImageOptions {
            width: images.width.clamp(100, 8000),
            height: images.height.clamp(100, 8000),
            scale: images.scale.clamp(0.5, 8.0),
            dark: images.dark,
            footer: self.export_footer(),
        }
    }

    /// Changes how images are exported and remembers it.
    pub fn set_image_settings(&mut self, images: crate::settings::ImageSettings) {
        if self.settings.images != images {
            self.settings.images = images;
            self.save_settings();
        }
    }

    fn save_chart(&mut self, chart: Chart) {
        let Some(path) = self.ask_save_path(&format!("{}.png", chart.id), "PNG", &["png"]) else {
            return;
        };
        let lang = self.lang();
        let options = self.image_options();
        let label = format!(
            "{} {}",
            lang.t("Saving", "Salvataggio di"),
            file_name(&path)
        );
        self.start_export(label, move || {
            let written = png_bytes(&chart_image(&chart, &options))
                .map_err(|e| e.to_string())
                .and_then(|png| std::fs::write(&path, png).map_err(|e| e.to_string()));
            match written {
                Ok(()) => ExportOutcome::Saved(path),
                Err(reason) => ExportOutcome::Failed(not_saved_text(lang, &path, &reason)),
            }
        });
    }

    fn copy_chart(&mut self, chart: Chart) {
        let options = self.image_options();
        let label = self
            .lang()
            .t("Copying the chart", "Copia del grafico")
            .to_string();
        self.start_export(label, move || {
            ExportOutcome::Copied(chart_image(&chart, &options))
        });
    }

    fn export_table(&mut self, choice: TableChoice, format: TableFormat) {
        let lang = self.lang();
        let Some(table) = self.table(choice) else {
            return;
        };
        let extension = format.extension();
        let name = format!("{}.{extension}", table.id);
        let filter = match format {
            TableFormat::Csv => "CSV",
            TableFormat::Xlsx => "Excel",
        };
        let Some(path) = self.ask_save_path(&name, filter, &[extension]) else {
            return;
        };
        let label = format!(
            "{} {}",
            lang.t("Saving", "Salvataggio di"),
            file_name(&path)
        );
        self.start_export(label, move || {
            let bytes = match format {
                TableFormat::Csv => csv_bytes(&table, lang).map_err(|e| e.to_string()),
                TableFormat::Xlsx => xlsx_bytes(&table).map_err(|e| e.to_string()),
            };
            match bytes.and_then(|b| std::fs::write(&path, b).map_err(|e| e.to_string())) {
                Ok(()) => ExportOutcome::Saved(path),
                Err(reason) => ExportOutcome::Failed(not_saved_text(lang, &path, &reason)),
            }
        });
    }

    /// The table the owner asked for, as the page shows it; `None` before its figures exist.
    fn table(&self, choice: TableChoice) -> Option<Table> {
        let lang = self.lang();
        if let TableChoice::Comments | TableChoice::FollowUp = choice {
            let view = self.figures.nps.clone()?;
            return Some(match choice {
                TableChoice::Comments => nps_tables::comments_table(lang, &view),
                _ => nps_tables::follow_up_table(lang, &view),
            });
        }
        if let TableChoice::Engagement(id) = choice {
            let view = self.figures.engagement.clone()?;
            return engagement_tables::page_tables(lang, &view)
                .into_iter()
                .find(|t| t.id == id);
        }
        let view = self.figures.loyalty.clone()?;
        match choice {
            TableChoice::Customers => {
                let page = &self.loyalty_page;
                let rows =
                    crate::ui::state::customer_rows(&view, page.list, &page.search, page.sort);
                Some(loyalty_tables::customers_table(lang, &view, &rows))
            }
            TableChoice::Cohorts(measure) => {
                Some(loyalty_tables::cohort_table(lang, &view, measure))
            }
            TableChoice::Segments => Some(loyalty_tables::segments_table(lang, &view)),
            TableChoice::Tenure => Some(loyalty_tables::tenure_table(lang, &view)),
            TableChoice::Lapsed => Some(loyalty_tables::lapsed_table(lang, &view)),
            TableChoice::RepeatRate => Some(loyalty_tables::repeat_rate_table(lang, &view)),
            TableChoice::NpsBySegment => loyalty_tables::nps_by_segment_table(lang, &view),
            TableChoice::RepeatByNpsGroup => loyalty_tables::repeat_by_nps_group_table(lang, &view),
            TableChoice::Comments | TableChoice::FollowUp | TableChoice::Engagement(_) => None,
        }
    }

    fn export_report(&mut self) {
        let lang = self.lang();
        let chosen = match self.next_save_path.take() {
            Some(path) => Some(path),
            None if !self.native_dialog => self.fallback_folder_ready(),
            None => rfd::FileDialog::new()
                .set_title(lang.t("Folder for the report", "Cartella per il report"))
                .pick_folder(),
        };
        let Some(folder) = chosen else { return };
        // Never write over what is in the chosen folder: a non-empty one gets a new subfolder.
        let today = chrono::Local::now().date_naive();
        let dir = report_folder(&folder, lang, today);
        let workspace = self.workspace.clone();
        // The scope on screen: the report shows what the owner sees. Figures still being
        // computed for it are computed here, from those on screen.
        let scope = self.scope.clone();
        let earlier =
            (self.figures_generation == self.files_generation).then(|| self.figures.clone());
        let options = ReportOptions {
            lang,
            image: self.image_options(),
            force: false,
            made_on: today,
        };
        let label = lang
            .t("Writing the report", "Scrittura del report")
            .to_string();
        self.start_export(label, move || {
            let figures = match compute_reusing(&workspace, &scope, earlier.as_ref()) {
                Ok(figures) => figures,
                Err(error) => return ExportOutcome::Failed(error.to_string()),
            };
            match write_report(&dir, &workspace, &figures, &options, |_, _| {}) {
                Ok(files) => ExportOutcome::Report(dir, files.files.len()),
                Err(error) => ExportOutcome::Failed(error.message(lang)),
            }
        });
    }

    fn poll_export(&mut self) {
        let lang = self.lang();
        let Some(task) = &mut self.export_task else {
            return;
        };
        match task.poll() {
            Poll::Pending => {}
            Poll::Done(outcome) => {
                self.export_task = None;
                match outcome {
                    ExportOutcome::Saved(path) => {
                        self.notify(
                            Level::Info,
                            format!("{} {}", lang.t("Saved", "Salvato"), path.display()),
                        );
                    }
                    ExportOutcome::Report(dir, count) => self.notify(
                        Level::Info,
                        format!(
                            "{} {count} {} {}",
                            lang.t("Report written:", "Report scritto:"),
                            lang.t("files in", "file in"),
                            dir.display()
                        ),
                    ),
                    ExportOutcome::Copied(image) => {
                        self.clipboard_image = Some(image);
                        self.notify(
                            Level::Info,
                            lang.t(
                                "Chart copied: paste it into your document or message.",
                                "Grafico copiato: incollalo nel documento o nel messaggio.",
                            ),
                        );
                    }
                    ExportOutcome::Failed(text) => self.notify(Level::Error, text),
                }
            }
            Poll::Failed(doing) => {
                self.export_task = None;
                self.notify(Level::Error, stopped_text(lang, &doing));
            }
        }
    }

    fn refresh_recent(&mut self) {
        self.recent = self
            .settings
            .recent_files
            .iter()
            .map(|p| (p.clone(), p.exists()))
            .collect();
    }

    /// Where settings are stored, for the Settings page.
    pub fn settings_path(&self) -> Option<&std::path::Path> {
        self.settings_io.path()
    }
}

/// The source an imported file came from, to read it again (another sheet).
fn source_of(file: &ImportedFile) -> Source {
    match demo::bytes_for(&file.path) {
        Some(bytes) => Source::Bytes {
            path: file.path.clone(),
            bytes,
        },
        None => Source::Path(file.path.clone()),
    }
}

/// What the owner reads when background work died (a bug): what it was doing, that nothing is
/// lost, and what to do.
fn stopped_text(lang: Lang, doing: &str) -> String {
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

/// A folder for a new report: `folder` itself when empty, else a new dated subfolder in it.
fn report_folder(folder: &std::path::Path, lang: Lang, today: chrono::NaiveDate) -> PathBuf {
    let empty = std::fs::read_dir(folder).is_ok_and(|mut entries| entries.next().is_none());
    if empty {
        return folder.to_path_buf();
    }
    let base = format!(
        "{} {}",
        lang.t("Fidelio report", "Report Fidelio"),
        today.format("%Y-%m-%d")
    );
    let mut candidate = folder.join(&base);
    let mut n = 2;
    while candidate.exists() {
        candidate = folder.join(format!("{base} ({n})"));
        n += 1;
    }
    candidate
}

fn not_saved_text(lang: Lang, path: &std::path::Path, reason: &str) -> String {
    match lang {
        Lang::En => format!(
            "{} could not be saved: {reason}. Nothing else was changed; try another folder.",
            path.display()
        ),
        Lang::It => format!(
            "Impossibile salvare {}: {reason}. Nient'altro è stato modificato; prova un'altra cartella.",
            path.display()
        ),
    }
}

/// The Fidelio folder in the owner's Documents (else their home), where saves go when no
/// dialog can ask.
fn fallback_folder() -> Option<PathBuf> {
    let dirs = directories::UserDirs::new()?;
    let base = dirs
        .document_dir()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_else(|| dirs.home_dir().to_path_buf());
    Some(base.join("Fidelio"))
}

/// `name` in `folder`, or `name (2)`, `name (3)`… before the extension: never an existing file.
fn free_name(folder: &std::path::Path, name: &str) -> PathBuf {
    let path = folder.join(name);
    if !path.exists() {
        return path;
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) => (stem, format!(".{ext}")),
        None => (name, String::new()),
    };
    (2..)
        .map(|n| folder.join(format!("{stem} ({n}){ext}")))
        .find(|p| !p.exists())
        .unwrap_or(path)
}

fn no_save_dialog_text(lang: Lang) -> String {
    lang.t(
        "No file dialog is available on this system to choose where to save. From a terminal, `fidelio report FILE… --out FOLDER` writes every chart and table.",
        "Su questo sistema non è disponibile una finestra per scegliere dove salvare. Da un terminale, `fidelio report FILE… --out CARTELLA` scrive tutti i grafici e le tabelle.",
    )
    .to_string()
}

fn no_dialog_text(lang: Lang) -> String {
    lang.t(
        "No file dialog is available on this system. Drag the files onto the Fidelio window, or start Fidelio with the files: fidelio FILE…",
        "Su questo sistema non è disponibile una finestra di selezione file. Trascina i file sulla finestra di Fidelio, oppure avvia Fidelio con i file: fidelio FILE…",
    )
    .to_string()
}

/// Whether a native open dialog can appear at all. On Linux rfd needs the desktop portal (over
/// the session bus) or zenity; without either it returns at once as if cancelled.
fn native_dialog_available() -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    let has_bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some();
    let has_zenity = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join("zenity").is_file()));
    has_bus || has_zenity
}
