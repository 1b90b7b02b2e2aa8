//! The app's imports: the open dialog, the queue of files to read on the import thread,
//! and the files it gives back joining the workspace.

use crate::i18n::Lang;
use crate::import::pipeline::{ImportOptions, ImportedFile, file_name};
use crate::ui::app::{FidelioApp, stopped_text};
use crate::ui::commands::{Page, Source};
use crate::ui::state::Level;
use crate::ui::state::{ImportJob, ImportOutcome};
use crate::ui::tasks::{Poll, Running};

pub(super) fn no_dialog_text(lang: Lang) -> String {
    lang.t(
        "No file dialog is available on this system. Drag the files onto the Fidelio window, or start Fidelio with the files: fidelio FILE…",
        "Su questo sistema non è disponibile una finestra di selezione file. Trascina i file sulla finestra di Fidelio, oppure avvia Fidelio con i file: fidelio FILE…",
    )
    .to_string()
}

impl FidelioApp {
    pub(super) fn open_dialog(&mut self) {
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
                crate::import::read::OPENABLE,
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
    pub(super) fn start_import(&mut self, sources: Vec<Source>, options: ImportOptions) {
        if !sources.is_empty() {
            self.import_queue
                .push_back(ImportJob::Read(sources, options));
        }
    }

    pub(super) fn run_next_import(&mut self) {
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
            ImportJob::Workspace(path) => self.open_workspace_task(path, wake),
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
                        opened: None,
                    }
                })
            }
        };
        self.import_task = Some(task);
    }

    pub(super) fn read_files(
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
        // The window saves its workspace, which tells a changed file by its hash.
        options.stamp = true;
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
            ImportOutcome {
                files,
                replaces,
                opened: None,
            }
        })
    }

    pub(super) fn poll_import(&mut self) {
        let Some(task) = &mut self.import_task else {
            return;
        };
        match task.poll() {
            Poll::Pending => {}
            Poll::Done(ImportOutcome {
                files,
                opened: Some(opened),
                ..
            }) => {
                self.import_task = None;
                match opened {
                    Ok(opened) => self.take_opened(*opened, files),
                    Err(message) => self.notify(Level::Error, message),
                }
            }
            Poll::Done(ImportOutcome {
                files,
                replaces: None,
                ..
            }) => {
                self.import_task = None;
                self.add_files(files);
            }
            Poll::Done(ImportOutcome {
                files,
                replaces: Some(id),
                ..
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

    pub(super) fn add_files(&mut self, files: Vec<ImportedFile>) {
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
        // A missing file of the workspace dropped back in (or found in the watched folder) is
        // that file again, not one more.
        self.missing_files.retain(|m| {
            !files
                .iter()
                .any(|f| f.path == m.path || m.path.file_name() == f.path.file_name())
        });
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
}
