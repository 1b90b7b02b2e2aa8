//! The workspace's threads: the writer that saves the workspace file (only the newest of
//! each path, never over a file this version cannot read), and the watch that lists a folder
//! for new exports. Below the app, which holds them, and `workspace_io`, which drives them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::time::Duration;

use crate::i18n::Lang;
use crate::workspace_file::{self, OpenError, SavedFile, SavedWorkspace};

/// The file the workspace is saved to until the owner names one.
pub const LAST_SESSION: &str = "last-session.fidelio";
/// The demo shop's workspace.
pub const DEMO_WORKSPACE: &str = "demo-shop.fidelio";

/// A workspace read from its file, with its files read again.
pub(crate) struct Opened {
    pub(crate) path: PathBuf,
    pub(crate) saved: SavedWorkspace,
    /// What changed in files since the save, in words.
    pub(crate) changes: Vec<String>,
    /// Files not found.
    pub(crate) missing: Vec<SavedFile>,
}

/// What the writer reports.
pub(crate) enum WriteEvent {
    /// Saved.
    Saved(PathBuf),
    /// Not written, to keep what is there: the path and why.
    Refused(PathBuf, OpenError),
    /// Writing failed.
    Failed(PathBuf, String),
}

/// The writer thread's end: the newest workspace to write, and what happened to writes.
pub(crate) struct WorkspaceWriter {
    to: Option<Sender<(PathBuf, String)>>,
    events: Option<Receiver<WriteEvent>>,
    /// Writes sent and not yet done.
    waiting: Arc<AtomicUsize>,
}

impl WorkspaceWriter {
    pub(crate) fn new() -> WorkspaceWriter {
        WorkspaceWriter {
            to: None,
            events: None,
            waiting: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// Waits at most `timeout` for every write sent so far; true when they are done.
    pub(crate) fn flush(&self, timeout: Duration) -> bool {
        let start = std::time::Instant::now();
        while self.waiting.load(Ordering::SeqCst) > 0 {
            if start.elapsed() > timeout {
                return false;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        true
    }

    /// Queues `json` for `path`; only the newest waiting write of each path is done.
    pub(crate) fn write(&mut self, path: PathBuf, json: String, wake: Arc<dyn Fn() + Send + Sync>) {
        if self.to.is_none() {
            let (to, from) = channel::<(PathBuf, String)>();
            let (events_to, events) = channel();
            let waiting = self.waiting.clone();
            let spawned = std::thread::Builder::new()
                .name("fidelio-workspace-save".to_string())
                .spawn(move || write_loop(from, events_to, wake, waiting));
            if spawned.is_err() {
                return;
            }
            self.to = Some(to);
            self.events = Some(events);
        }
        self.waiting.fetch_add(1, Ordering::SeqCst);
        if let Some(to) = &self.to
            && to.send((path, json)).is_err()
        {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            self.to = None;
        }
    }

    pub(crate) fn events(&mut self) -> Vec<WriteEvent> {
        let mut out = Vec::new();
        if let Some(events) = &self.events {
            while let Ok(event) = events.try_recv() {
                out.push(event);
            }
        }
        out
    }
}

fn write_loop(
    from: Receiver<(PathBuf, String)>,
    events: Sender<WriteEvent>,
    wake: Arc<dyn Fn() + Send + Sync>,
    waiting: Arc<AtomicUsize>,
) {
    while let Ok(first) = from.recv() {
        // Only the newest of each path: an owner dragging a slider sends many.
        let mut taken = 1;
        let mut newest: BTreeMap<PathBuf, String> = BTreeMap::new();
        newest.insert(first.0, first.1);
        while let Ok((path, json)) = from.try_recv() {
            taken += 1;
            newest.insert(path, json);
        }
        for (path, json) in newest {
            // Checked before every write, not once: another Fidelio (a newer one, synced from
            // another computer) may have written the file since.
            let event = match workspace_file::may_write(&path) {
                Err(error) => WriteEvent::Refused(path, error),
                Ok(()) => match workspace_file::write_atomic(&path, &json) {
                    Ok(()) => WriteEvent::Saved(path),
                    Err(error) => WriteEvent::Failed(path, error.to_string()),
                },
            };
            let _ = events.send(event);
            wake();
        }
        waiting.fetch_sub(taken, Ordering::SeqCst);
    }
}

/// A folder listed every two seconds: exports that appear in it (and stop growing) are sent.
/// Its thread stops once the watch is dropped (another folder, or none).
pub(crate) struct FolderWatch {
    /// The folder.
    pub(crate) folder: PathBuf,
    found: Receiver<PathBuf>,
    stop: Arc<AtomicBool>,
}

impl Drop for FolderWatch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

impl FolderWatch {
    /// Starts watching `folder`; every export already in it is sent at once.
    pub(crate) fn start(folder: PathBuf, wake: Arc<dyn Fn() + Send + Sync>) -> Option<FolderWatch> {
        let (to, found) = channel();
        let watched = folder.clone();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        std::thread::Builder::new()
            .name("fidelio-folder-watch".to_string())
            .spawn(move || watch_loop(&watched, &to, wake.as_ref(), &stopped))
            .ok()?;
        Some(FolderWatch {
            folder,
            found,
            stop,
        })
    }

    /// Exports found since the last look.
    pub(crate) fn found(&self) -> Vec<PathBuf> {
        let mut out = Vec::new();
        loop {
            match self.found.try_recv() {
                Ok(path) => out.push(path),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => return out,
            }
        }
    }
}

fn watch_loop(
    folder: &Path,
    to: &Sender<PathBuf>,
    wake: &(dyn Fn() + Send + Sync),
    stop: &AtomicBool,
) {
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).ok();
    let mut sent: BTreeSet<PathBuf> = BTreeSet::new();
    // Files seen growing at the last listing, with their size then.
    let mut growing: BTreeMap<PathBuf, Option<u64>> = BTreeMap::new();
    let mut first = true;
    loop {
        for path in workspace_file::readable_exports(folder) {
            if sent.contains(&path) {
                continue;
            }
            let now = size(&path);
            // Files there when the watch starts are complete; a new one is taken once its
            // size held for a listing (an export still being written keeps growing).
            let ready = first || growing.get(&path) == Some(&now);
            if ready {
                growing.remove(&path);
                sent.insert(path.clone());
                if to.send(path).is_err() {
                    return;
                }
                wake();
            } else {
                growing.insert(path, now);
            }
        }
        first = false;
        // Woken ten times a second to notice a stop; listed every two seconds.
        for _ in 0..20 {
            if stop.load(Ordering::SeqCst) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// Reads the workspace at `path` and its files, on the import thread.
pub(crate) fn open_job(path: &Path, lang: Lang) -> Result<Opened, String> {
    let saved = workspace_file::read(path).map_err(|e| e.message(lang, path))?;
    Ok(Opened {
        path: path.to_path_buf(),
        saved,
        changes: Vec::new(),
        missing: Vec::new(),
    })
}

/// True when `path` names a workspace file (by its extension).
pub fn is_workspace(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(workspace_file::EXTENSION))
}
