//! Settings are read and written on named threads, never on the UI thread: a config folder on a
//! network drive that does not answer, or a disk that takes a second to sync, must not keep the
//! window from appearing or freeze it when the owner changes the language.
//!
//! The window starts with the default settings and takes the saved ones when they arrive
//! (normally before the first frame is drawn). Writes go to one writer thread, which keeps
//! only the newest settings when several wait, so they reach the disk in order.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

use crate::settings::{self, Settings, SettingsWarning};
use crate::ui::tasks::{Poll, Running};

/// What happened to the settings since the last look.
pub enum Event {
    /// The saved settings, read; with a warning when the file could not be used.
    Loaded(Box<Settings>, Option<SettingsWarning>),
    /// Reading them stopped without a result.
    LoadFailed,
    /// A write failed: the file and why.
    SaveFailed(PathBuf, String),
}

/// The settings file's reader and writer.
pub struct SettingsIo {
    path: Option<PathBuf>,
    loading: Option<Running<(Settings, Option<SettingsWarning>)>>,
    writer: Option<Writer>,
    /// Writes that could not even be handed to the writer.
    failed: Vec<(PathBuf, String)>,
    wake: Arc<dyn Fn() + Send + Sync>,
}

struct Writer {
    to: Sender<(PathBuf, Settings)>,
    failures: Receiver<(PathBuf, String)>,
    /// Writes sent and not yet done.
    waiting: Arc<AtomicUsize>,
}

impl SettingsIo {
    /// Settings kept at `path`, read now in the background when `load`.
    pub fn new(path: Option<PathBuf>, load: bool, wake: Arc<dyn Fn() + Send + Sync>) -> Self {
        let loading = match (&path, load) {
            (Some(path), true) => {
                let path = path.clone();
                let wake_task = wake.clone();
                Some(Running::spawn(
                    "fidelio-settings-load",
                    move || wake_task(),
                    move |_| settings::load_from(&path),
                ))
            }
            _ => None,
        };
        SettingsIo {
            path,
            loading,
            writer: None,
            failed: Vec::new(),
            wake,
        }
    }

    /// Where the settings are kept.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// True until the saved settings have been read.
    pub fn loading(&self) -> bool {
        self.loading.is_some()
    }

    /// True while the saved settings are being read or written.
    pub fn is_busy(&self) -> bool {
        self.loading.is_some()
            || self
                .writer
                .as_ref()
                .is_some_and(|w| w.waiting.load(Ordering::SeqCst) > 0)
    }

    /// Writes `settings` in the background.
    pub fn save(&mut self, settings: &Settings) {
        let Some(path) = self.path.clone() else {
            return;
        };
        let writer = self.writer();
        writer.waiting.fetch_add(1, Ordering::SeqCst);
        if writer.to.send((path.clone(), settings.clone())).is_err() {
            writer.waiting.fetch_sub(1, Ordering::SeqCst);
            self.failed
                .push((path, "the settings writer is not running".to_string()));
        }
    }

    /// What happened since the last call.
    pub fn events(&mut self) -> Vec<Event> {
        let mut events: Vec<Event> = std::mem::take(&mut self.failed)
            .into_iter()
            .map(|(path, why)| Event::SaveFailed(path, why))
            .collect();
        if let Some(task) = &mut self.loading {
            match task.poll() {
                Poll::Pending => {}
                Poll::Done((settings, warning)) => {
                    events.push(Event::Loaded(Box::new(settings), warning));
                    self.loading = None;
                }
                Poll::Failed(_) => {
                    events.push(Event::LoadFailed);
                    self.loading = None;
                }
            }
        }
        if let Some(writer) = &self.writer {
            events.extend(
                writer
                    .failures
                    .try_iter()
                    .map(|(path, why)| Event::SaveFailed(path, why)),
            );
        }
        events
    }

    /// Waits for every write sent so far, for at most `limit` (a disk that hangs must not keep
    /// the window from closing); true when they are all done.
    pub fn flush(&self, limit: std::time::Duration) -> bool {
        let Some(writer) = &self.writer else {
            return true;
        };
        let started = std::time::Instant::now();
        while writer.waiting.load(Ordering::SeqCst) > 0 {
            if started.elapsed() > limit {
                return false;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        true
    }

    fn writer(&mut self) -> &Writer {
        let wake = self.wake.clone();
        self.writer.get_or_insert_with(|| spawn_writer(wake))
    }
}

fn spawn_writer(wake: Arc<dyn Fn() + Send + Sync>) -> Writer {
    let (to, jobs) = channel::<(PathBuf, Settings)>();
    let (report, failures) = channel();
    let waiting = Arc::new(AtomicUsize::new(0));
    let count = waiting.clone();
    let spawned = std::thread::Builder::new()
        .name("fidelio-settings-save".to_string())
        .spawn(move || {
            while let Ok(mut job) = jobs.recv() {
                // Only the newest of the settings waiting matters.
                let mut taken = 1;
                for newer in jobs.try_iter() {
                    job = newer;
                    taken += 1;
                }
                let (path, settings) = job;
                if let Err(why) = settings::save_to(&path, &settings) {
                    let _ = report.send((path, why.to_string()));
                }
                count.fetch_sub(taken, Ordering::SeqCst);
                wake();
            }
        });
    if let Err(error) = spawned {
        // The jobs' receiver went with the thread: every save will say it failed.
        eprintln!("fidelio: could not start the settings writer: {error}");
    }
    Writer {
        to,
        failures,
        waiting,
    }
}
