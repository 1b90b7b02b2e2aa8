//! The window's workspace file: opened on the import thread (so its files are read like any
//! other, one job after another), saved after every change on the writer thread (a slow disk
//! never freezes the window), and a watched folder's new exports read as they arrive.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::import::pipeline::{ImportOptions, ImportedFile, Source};
use crate::ui::app::FidelioApp;
use crate::ui::commands::Page;
use crate::ui::state::{ImportJob, ImportOutcome, Level};
use crate::ui::tasks::Running;
use crate::ui::workspace_threads::{FolderWatch, LAST_SESSION, Opened, WriteEvent, open_job};
use crate::workspace_file::{self, SavedFile, SavedWorkspace};

impl FidelioApp {
    /// The file the workspace is saved to: the one opened or saved as, else the last session's.
    pub fn workspace_path(&self) -> Option<PathBuf> {
        self.workspace_file
            .clone()
            .or_else(|| self.last_session_path())
    }

    /// The demo shop's own workspace, beside the settings: the demo never goes into the
    /// owner's.
    pub fn demo_workspace_path(&self) -> Option<PathBuf> {
        self.settings_path()
            .and_then(Path::parent)
            .map(|d| d.join(crate::ui::workspace_threads::DEMO_WORKSPACE))
    }

    /// The last session's workspace: beside the settings (a window without a settings file,
    /// as in tests, has none).
    pub fn last_session_path(&self) -> Option<PathBuf> {
        self.settings_path()
            .and_then(Path::parent)
            .map(|d| d.join(LAST_SESSION))
    }

    /// Opens the workspace used last, when asked to at start and nothing was opened since:
    /// the newest of the last named workspace and the last session's.
    pub(super) fn resume(&mut self) {
        if !std::mem::take(&mut self.resume_last_workspace)
            || !self.workspace.files.is_empty()
            || !self.import_queue.is_empty()
            || self.import_task.is_some()
        {
            return;
        }
        let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
        let newest = [
            self.settings.recent_workspaces.first().cloned(),
            self.last_session_path(),
        ]
        .into_iter()
        .flatten()
        .filter_map(|p| modified(&p).map(|t| (t, p)))
        .max_by_key(|(t, _)| *t);
        if let Some((_, path)) = newest {
            self.open_workspace(path);
        }
    }

    /// Something the workspace file keeps changed: it is written at the end of the step.
    pub(super) fn workspace_changed(&mut self) {
        self.workspace_dirty = true;
    }

    /// Queues the workspace to be written, when it changed and nothing is being read into it.
    pub(super) fn save_workspace_if_changed(&mut self) {
        if !self.workspace_dirty
            || self.import_task.is_some()
            || !self.import_queue.is_empty()
            || self.workspace.files.is_empty() && self.workspace_file.is_none()
        {
            return;
        }
        self.workspace_dirty = false;
        let Some(path) = self.workspace_path() else {
            return;
        };
        let saved = SavedWorkspace::of(
            &self.workspace.files,
            &self.scope,
            &self.review,
            self.folder.clone(),
            self.today(),
            Some(&path),
            self.saved.as_ref(),
        );
        let mut saved = saved;
        saved.files.extend(self.missing_files.iter().cloned());
        saved.actions = self.actions.clone();
        saved.templates = self.templates.clone();
        let json = saved.to_json();
        self.saved = Some(saved);
        self.workspace_writer
            .write(path, json, self.repaint.clone());
    }

    /// Writes the workspace if it changed and waits, for at most three seconds, until it is on
    /// disk (the window closing); true when it is.
    pub fn flush_workspace(&mut self) -> bool {
        self.save_workspace_if_changed();
        self.workspace_writer
            .flush(std::time::Duration::from_secs(3))
    }

    /// Says what the writer could not do.
    pub(super) fn poll_workspace_writes(&mut self) {
        let lang = self.lang();
        for event in self.workspace_writer.events() {
            match event {
                WriteEvent::Saved(path) => {
                    if self.workspace_file.as_ref() == Some(&path) {
                        self.settings.remember_workspace(&path);
                        self.save_settings();
                    }
                }
                WriteEvent::Refused(path, error) => {
                    // A refused "Save as" goes back to where the workspace was saved before.
                    if self.workspace_file.as_ref() == Some(&path) {
                        self.workspace_file = self.workspace_file_before.take();
                        self.workspace_dirty = true;
                    }
                    let text = format!(
                        "{} {}",
                        error.message(lang, &path),
                        lang.t(
                            "The workspace was not saved: use “Save workspace as…” to choose another file.",
                            "L'area di lavoro non è stata salvata: usa “Salva area di lavoro come…” per scegliere un altro file.",
                        )
                    );
                    self.notify(Level::Warning, text);
                }
                WriteEvent::Failed(path, why) => {
                    let text = format!(
                        "{} {}: {why}",
                        lang.t(
                            "The workspace could not be saved to",
                            "Impossibile salvare l'area di lavoro in"
                        ),
                        path.display()
                    );
                    self.notify(Level::Warning, text);
                }
            }
        }
    }

    /// Opens the workspace at `path` in place of what is loaded (after imports queued before).
    pub(super) fn open_workspace(&mut self, path: PathBuf) {
        self.import_queue.push_back(ImportJob::Workspace(path));
    }

    /// The import thread's task for a workspace.
    pub(super) fn open_workspace_task(
        &mut self,
        path: PathBuf,
        wake: impl Fn() + Send + Clone + 'static,
    ) -> Running<ImportOutcome> {
        let lang = self.lang();
        let max = self
            .settings
            .max_file_mb
            .map(|mb| mb.saturating_mul(1_000_000));
        let reading = lang.t("Reading", "Lettura di").to_string();
        Running::spawn("fidelio-workspace-open", wake, move |reporter| {
            let opened = open_job(&path, lang).map(|mut opened| {
                let options = |file: &SavedFile| ImportOptions {
                    max_file_bytes: max,
                    ..SavedWorkspace::import_options(file)
                };
                let read = opened
                    .saved
                    .read_files(&path, lang, options, |done, total, name| {
                        reporter.progress(done, total, format!("{reading} {name}"));
                    });
                opened.changes = read.changes;
                opened.missing = read.missing;
                (opened, read.files)
            });
            match opened {
                Ok((opened, files)) => ImportOutcome {
                    files,
                    replaces: None,
                    opened: Some(Ok(Box::new(opened))),
                },
                Err(message) => ImportOutcome {
                    files: Vec::new(),
                    replaces: None,
                    opened: Some(Err(message)),
                },
            }
        })
    }

    /// A workspace read: it replaces what was loaded.
    pub(super) fn take_opened(&mut self, opened: Opened, files: Vec<ImportedFile>) {
        let lang = self.lang();
        let Opened {
            path,
            saved,
            changes,
            missing,
        } = opened;
        self.workspace.files.clear();
        self.review_page = Default::default();
        self.scope = crate::figures::Scope {
            as_of: None,
            // The window always predicts; a workspace from before predictions has no horizon.
            horizon_weeks: match saved.scope.horizon_weeks {
                0 => 13,
                weeks => weeks,
            },
            // A workspace from before the pairs had them off.
            min_baskets: match saved.scope.min_baskets {
                Some(0) => None,
                n => n,
            },
            ..saved.scope.clone()
        };
        self.settings.goals = saved.scope.goals.clone();
        self.settings.merges = saved.scope.merges.clone();
        self.settings.period = saved.scope.period;
        self.review = saved.review.clone();
        self.actions = saved.actions.clone();
        self.actions_generation += 1;
        self.templates = saved.templates.clone();
        self.settings.review = saved.review.clone();
        self.folder = saved.folder.clone();
        self.date_text = (
            saved.scope.from.map(|d| lang.date(d)).unwrap_or_default(),
            saved.scope.to.map(|d| lang.date(d)).unwrap_or_default(),
        );
        self.loyalty_filter_changed();
        self.workspace_file = Some(path.clone());
        self.saved = Some(saved);
        self.settings.remember_workspace(&path);
        self.save_settings();
        for change in changes {
            self.notify(Level::Info, change);
        }
        for file in &missing {
            self.notify(Level::Warning, workspace_file::missing_text(lang, file));
        }
        self.missing_files = missing;
        self.add_files(files);
        self.page = Page::Welcome;
        self.watch_folder();
        // Files read again may have changed: the saved stamps are brought up to date.
        self.workspace_changed();
    }

    /// Starts (or stops) watching the workspace's folder.
    pub(super) fn watch_folder(&mut self) {
        if self.folder_watch.as_ref().map(|w| &w.folder) == self.folder.as_ref() {
            return;
        }
        self.folder_watch = self
            .folder
            .clone()
            .and_then(|folder| FolderWatch::start(folder, self.repaint.clone()));
    }

    /// Reads the exports the watched folder gained that are not loaded yet.
    pub(super) fn poll_folder(&mut self) {
        let Some(watch) = &self.folder_watch else {
            return;
        };
        let loaded: BTreeSet<&Path> = self
            .workspace
            .files
            .iter()
            .map(|f| f.path.as_path())
            .collect();
        let new: Vec<Source> = watch
            .found()
            .into_iter()
            .filter(|p| !loaded.contains(p.as_path()))
            .map(Source::Path)
            .collect();
        if !new.is_empty() {
            self.start_import(new, ImportOptions::default());
        }
    }

    /// Asks where to save the workspace, then saves it there from now on.
    pub(super) fn save_workspace_as(&mut self) {
        let lang = self.lang();
        let chosen = match self.next_save_path.take() {
            Some(path) => Some(path),
            None if !self.native_dialog => self
                .fallback_folder_ready()
                .map(|folder| folder.join(lang.t("My shop.fidelio", "Il mio negozio.fidelio"))),
            None => rfd::FileDialog::new()
                .set_title(lang.t("Save workspace as", "Salva area di lavoro come"))
                .add_filter("Fidelio", &[workspace_file::EXTENSION])
                .set_file_name(lang.t("My shop.fidelio", "Il mio negozio.fidelio"))
                .save_file(),
        };
        let Some(mut path) = chosen else { return };
        if path.extension().is_none() {
            path.set_extension(workspace_file::EXTENSION);
        }
        self.workspace_file_before = self.workspace_file.replace(path);
        self.workspace_dirty = true;
        self.save_workspace_if_changed();
    }

    /// Asks for a workspace file to open.
    pub(super) fn open_workspace_dialog(&mut self) {
        let lang = self.lang();
        if !self.native_dialog {
            self.notify(Level::Warning, crate::ui::imports::no_dialog_text(lang));
            return;
        }
        if let Some(path) = rfd::FileDialog::new()
            .set_title(lang.t("Open workspace", "Apri area di lavoro"))
            .add_filter("Fidelio", &[workspace_file::EXTENSION])
            .pick_file()
        {
            self.open_workspace(path);
        }
    }

    /// Asks for the folder to watch.
    pub(super) fn choose_folder(&mut self) {
        let lang = self.lang();
        let chosen = match self.next_save_path.take() {
            Some(path) => Some(path),
            None if !self.native_dialog => {
                self.notify(Level::Warning, crate::ui::imports::no_dialog_text(lang));
                None
            }
            None => rfd::FileDialog::new()
                .set_title(lang.t("Folder of your exports", "Cartella delle tue esportazioni"))
                .pick_folder(),
        };
        if let Some(folder) = chosen {
            self.set_folder(Some(folder));
        }
    }

    /// Watches `folder` (or none) from now on.
    pub(super) fn set_folder(&mut self, folder: Option<PathBuf>) {
        self.folder = folder;
        self.watch_folder();
        self.workspace_changed();
    }
}
