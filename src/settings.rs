//! What Fidelio remembers between runs: language, recent files and the column mappings the owner
//! chose. Stored as JSON in the user's config folder; a missing or corrupt file gives defaults
//! and a warning, never a crash.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::analysis::period::Period;
use crate::i18n::Lang;
use crate::import::roles::Role;

/// Environment variable that moves the settings folder (tests, portable installs).
pub const CONFIG_DIR_ENV: &str = "FIDELIO_CONFIG_DIR";
const FILE_NAME: &str = "settings.json";
const MAX_RECENT: usize = 10;

/// Everything remembered between runs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The language chosen in settings; `None` follows the system locale.
    pub language: Option<Lang>,
    /// Most recent first.
    pub recent_files: Vec<PathBuf>,
    /// Column roles chosen by the owner, keyed by the file's header signature.
    pub mappings: BTreeMap<String, Vec<Role>>,
    /// Trend period last chosen on the NPS page.
    pub period: Period,
    /// How chart images are exported.
    pub images: ImageSettings,
    /// The largest file to read, in MB, as the owner set it; `None` for a third of the memory
    /// free when a file is read.
    pub max_file_mb: Option<u64>,
    /// The shop's currency (an ISO code) for amounts whose files do not say theirs; `None`:
    /// the euro in Italian, none in English; an empty code: never shown.
    pub currency: Option<String>,
    /// Values of a store or channel the owner counts as another.
    pub merges: Vec<crate::analysis::merge::Merge>,
    /// The goals the owner set.
    pub goals: Vec<crate::analysis::goals::Goal>,
    /// Workspace files opened or saved, most recent first.
    pub recent_workspaces: Vec<PathBuf>,
    /// The review cadence and the reviews saved (also in the workspace file).
    pub review: crate::analysis::review::ReviewLog,
}

/// Size, scale and background of exported chart images.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImageSettings {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Pixels per point (2 = text and lines drawn twice as large, crisp in print).
    pub scale: f32,
    /// Dark background instead of the light one made for print.
    pub dark: bool,
}

impl Default for ImageSettings {
    fn default() -> ImageSettings {
        ImageSettings {
            width: 1600,
            height: 900,
            scale: 2.0,
            dark: false,
        }
    }
}

impl Settings {
    /// The UI language: the chosen one, else the system's.
    pub fn language(&self) -> Lang {
        self.language.unwrap_or_else(Lang::from_system)
    }

    /// The currency amounts are shown in when their files do not say.
    pub fn currency(&self) -> Option<String> {
        match &self.currency {
            Some(code) if code.is_empty() => None,
            Some(code) => Some(code.clone()),
            // Italian shops sell in euros; an English-speaking one could be anywhere.
            None => (self.language() == Lang::It).then(|| "EUR".to_string()),
        }
    }

    /// Puts `path` at the top of the recent workspaces.
    pub fn remember_workspace(&mut self, path: &Path) {
        self.recent_workspaces.retain(|p| p != path);
        self.recent_workspaces.insert(0, path.to_path_buf());
        self.recent_workspaces.truncate(MAX_RECENT);
    }

    /// Puts `path` at the top of the recent files.
    pub fn remember_file(&mut self, path: &Path) {
        self.recent_files.retain(|p| p != path);
        self.recent_files.insert(0, path.to_path_buf());
        self.recent_files.truncate(MAX_RECENT);
    }

    /// These saved settings with the changes `early` made to the defaults laid over them:
    /// what the owner changed while the saved settings were still being read wins, and the
    /// rest (recent files, column roles) is kept.
    pub fn with_changes_from(mut self, early: &Settings) -> Settings {
        let default = Settings::default();
        if early.language != default.language {
            self.language = early.language;
        }
        if early.period != default.period {
            self.period = early.period;
        }
        if early.images != default.images {
            self.images = early.images;
        }
        if early.max_file_mb != default.max_file_mb {
            self.max_file_mb = early.max_file_mb;
        }
        if early.currency != default.currency {
            self.currency = early.currency.clone();
        }
        for goal in &early.goals {
            if !self.goals.contains(goal) {
                self.goals.push(goal.clone());
            }
        }
        for merge in &early.merges {
            self.merges
                .retain(|m| m.column != merge.column || m.from != merge.from);
            self.merges.push(merge.clone());
        }
        for path in early.recent_files.iter().rev() {
            self.remember_file(path);
        }
        for path in early.recent_workspaces.iter().rev() {
            self.remember_workspace(path);
        }
        if early.review.cadence != default.review.cadence {
            self.review.cadence = early.review.cadence;
        }
        for entry in &early.review.log {
            if !self.review.log.contains(entry) {
                self.review.log.push(entry.clone());
            }
        }
        self.mappings.extend(early.mappings.clone());
        self
    }
}

/// The folder settings live in: `$FIDELIO_CONFIG_DIR`, else the platform's config folder
/// (`~/.config/fidelio` on Linux, `%APPDATA%\Fidelio\config` on Windows,
/// `~/Library/Application Support/Fidelio` on macOS).
pub fn config_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(CONFIG_DIR_ENV) {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "Fidelio").map(|d| d.config_dir().to_path_buf())
}

/// Where the settings file is, when there is a config folder at all.
pub fn settings_path() -> Option<PathBuf> {
    config_dir().map(|d| d.join(FILE_NAME))
}

/// Why the settings file was not used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SettingsWarning {
    /// The file exists but could not be read.
    Unreadable {
        /// The settings file.
        path: PathBuf,
        /// The system's reason.
        reason: String,
    },
    /// The file is not valid settings JSON.
    Damaged {
        /// The settings file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
}

impl SettingsWarning {
    /// The warning in words, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (SettingsWarning::Unreadable { path, reason }, Lang::En) => {
                format!(
                    "Settings file {} could not be read ({reason}); using defaults.",
                    path.display()
                )
            }
            (SettingsWarning::Unreadable { path, reason }, Lang::It) => format!(
                "Il file delle impostazioni {} non si può leggere ({reason}); uso le impostazioni predefinite.",
                path.display()
            ),
            (SettingsWarning::Damaged { path, reason }, Lang::En) => format!(
                "Settings file {} was damaged ({reason}); using defaults. It will be replaced on the next change.",
                path.display()
            ),
            (SettingsWarning::Damaged { path, reason }, Lang::It) => format!(
                "Il file delle impostazioni {} era danneggiato ({reason}); uso le impostazioni predefinite. Sarà sostituito alla prossima modifica.",
                path.display()
            ),
        }
    }
}

/// Settings read from `path`, with a warning for the owner when the file was unreadable.
pub fn load_from(path: &Path) -> (Settings, Option<SettingsWarning>) {
    match read_small_file(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Settings::default(), None),
        Err(e) => (
            Settings::default(),
            Some(SettingsWarning::Unreadable {
                path: path.to_path_buf(),
                reason: e.to_string(),
            }),
        ),
        Ok(bytes) => match serde_json::from_slice(&bytes) {
            Ok(settings) => (settings, None),
            Err(e) => (
                Settings::default(),
                Some(SettingsWarning::Damaged {
                    path: path.to_path_buf(),
                    reason: e.to_string(),
                }),
            ),
        },
    }
}

/// Settings files are a few kilobytes; anything far bigger is not one.
const MAX_SETTINGS_BYTES: u64 = 16 << 20;

/// The bytes of a small regular file. A pipe or a device in its place would make the read wait
/// or never end (and settings are read before the window appears), so only a regular file of
/// at most [`MAX_SETTINGS_BYTES`] is read.
fn read_small_file(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let metadata = std::fs::metadata(path)?;
    if !metadata.is_file() {
        return Err(std::io::Error::other("it is not a regular file"));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_SETTINGS_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_SETTINGS_BYTES {
        return Err(std::io::Error::other("it is too big to be a settings file"));
    }
    Ok(bytes)
}

/// Writes settings to `path` atomically ([`write_atomic`]).
pub fn save_to(path: &Path, settings: &Settings) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let json = serde_json::to_vec_pretty(settings).map_err(std::io::Error::other)?;
    write_atomic(path, &json)
}

/// Replaces `path` with `bytes` so that a crash or a power cut at any moment leaves either the
/// old file or the new one: the bytes go to a temporary file of a name no other writer uses,
/// reach the disk, and only then take the file's name; the folder is synced so the new name
/// itself survives.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy());
    let unique = format!(
        ".{name}.{}.{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    let temp = dir.join(unique);
    let written = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
        return written;
    }
    // Windows cannot open a folder to sync it; its rename is already durable enough there.
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_made_before_the_saved_settings_arrive_are_laid_over_them() {
        let saved = Settings {
            language: Some(Lang::It),
            recent_files: vec![PathBuf::from("a.csv"), PathBuf::from("b.csv")],
            mappings: BTreeMap::from([("old".to_string(), vec![Role::Score])]),
            ..Settings::default()
        };
        let early = Settings {
            language: Some(Lang::En),
            recent_files: vec![PathBuf::from("c.csv")],
            mappings: BTreeMap::from([("new".to_string(), vec![Role::Date])]),
            ..Settings::default()
        };
        let merged = saved.clone().with_changes_from(&early);
        assert_eq!(merged.language, Some(Lang::En));
        let recent: Vec<&str> = merged
            .recent_files
            .iter()
            .map(|p| p.to_str().unwrap())
            .collect();
        assert_eq!(recent, ["c.csv", "a.csv", "b.csv"]);
        assert_eq!(merged.mappings.len(), 2);
        // No early change: the saved settings as they are.
        assert_eq!(saved.clone().with_changes_from(&Settings::default()), saved);
    }

    #[test]
    fn corrupt_settings_give_defaults_and_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, b"{ not json").unwrap();
        let (settings, warning) = load_from(&path);
        assert_eq!(settings, Settings::default());
        let warning = warning.unwrap();
        assert!(matches!(warning, SettingsWarning::Damaged { .. }));
        assert!(warning.message(Lang::En).contains("damaged"));
        assert!(warning.message(Lang::It).contains("danneggiato"));
    }

    #[cfg(unix)]
    #[test]
    fn a_pipe_named_like_the_settings_gives_defaults_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        let made = std::process::Command::new("mkfifo").arg(&path).status();
        assert!(made.is_ok_and(|s| s.success()));
        let (settings, warning) = load_from(&path);
        assert_eq!(settings, Settings::default());
        assert!(matches!(warning, Some(SettingsWarning::Unreadable { .. })));
    }

    #[test]
    fn an_atomic_write_replaces_the_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, b"old").unwrap();
        write_atomic(&path, b"new").unwrap();
        write_atomic(&path, b"newer").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"newer");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("settings.json")]);
    }

    #[test]
    fn missing_settings_are_defaults_without_warning() {
        let dir = tempfile::tempdir().unwrap();
        let (settings, warning) = load_from(&dir.path().join("nope.json"));
        assert_eq!(settings, Settings::default());
        assert!(warning.is_none());
    }

    #[test]
    fn settings_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join(FILE_NAME);
        let mut settings = Settings {
            language: Some(Lang::It),
            ..Settings::default()
        };
        settings.remember_file(Path::new("/a.csv"));
        settings.remember_file(Path::new("/b.csv"));
        settings.remember_file(Path::new("/a.csv"));
        settings
            .mappings
            .insert("x".into(), vec![Role::Score, Role::Ignore]);
        save_to(&path, &settings).unwrap();
        let (loaded, warning) = load_from(&path);
        assert!(warning.is_none());
        assert_eq!(loaded, settings);
        assert_eq!(
            loaded.recent_files,
            vec![PathBuf::from("/a.csv"), PathBuf::from("/b.csv")]
        );
    }
}
