//! The `.fidelio` workspace file: everything that makes the owner's picture (the files with
//! their content hash and column roles, merged values, the Scope, goals, the review cadence and
//! log, a watched folder) as versioned JSON, so next month's Fidelio opens where this one left
//! off. `docs/workspace.md` documents the format.
//!
//! Writes are atomic (a temporary file beside it, then a rename), and a file this version cannot
//! read (damaged, or written by a newer Fidelio) is never written over without asking.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use crate::analysis::review::ReviewLog;
use crate::figures::Scope;
use crate::i18n::Lang;
use crate::import::pipeline::{
    FileStamp, ImportOptions, ImportedFile, Source, file_name, header_signature,
};
use crate::import::read::SourceFormat;
use crate::import::roles::Role;

/// What the file says it is, so another program's JSON is not taken for a workspace.
pub const FORMAT: &str = "fidelio-workspace";
/// The version this Fidelio writes and the newest it reads.
pub const VERSION: u32 = 1;
/// The file extension, without the dot.
pub const EXTENSION: &str = "fidelio";
/// A workspace is settings and a log, a few hundred KB after years of reviews: anything this
/// big is not one, and is not read into memory.
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// A saved workspace.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedWorkspace {
    /// Always [`FORMAT`].
    pub format: String,
    /// The format version it was written in.
    pub version: u32,
    /// The day it was saved.
    #[serde(default)]
    pub saved_on: Option<NaiveDate>,
    /// The files, in the order they were added.
    #[serde(default)]
    pub files: Vec<SavedFile>,
    /// Dates, period, store, channel, lapse window, tenure, weights, currency, merges, goals.
    #[serde(default)]
    pub scope: Scope,
    /// The review cadence and every saved review.
    #[serde(default)]
    pub review: ReviewLog,
    /// A folder whose exports are read when the workspace opens and while it is open.
    #[serde(default)]
    pub folder: Option<PathBuf>,
    /// Actions marked done or not now, and the lists they were on.
    #[serde(default)]
    pub actions: crate::analysis::actions::ActionLog,
    /// The message templates the owner edited, by action.
    #[serde(default)]
    pub templates: crate::analysis::actions::Templates,
}

/// One file of a workspace.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedFile {
    /// Where it was.
    pub path: PathBuf,
    /// Where it was from the workspace file's folder, when it was under it: a folder moved
    /// or copied whole still finds its files.
    #[serde(default)]
    pub relative: Option<PathBuf>,
    /// Its bytes' size and hash when last read.
    #[serde(default)]
    pub stamp: Option<FileStamp>,
    /// Data rows then.
    #[serde(default)]
    pub rows: usize,
    /// The day its content was first seen as it is.
    #[serde(default)]
    pub seen_on: Option<NaiveDate>,
    /// The sheet read, for a workbook.
    #[serde(default)]
    pub sheet: Option<String>,
    /// Its headers' signature: the roles apply while the headers are the same.
    #[serde(default)]
    pub headers: String,
    /// The role of each column.
    #[serde(default)]
    pub roles: Vec<Role>,
}

/// Why a workspace file could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenError {
    /// It could not be read: the reason.
    Unreadable(String),
    /// It is far too big to be a workspace.
    TooBig(u64),
    /// It is not JSON of a workspace, or it breaks off: where, and what.
    Damaged(String),
    /// It is another program's JSON.
    NotAWorkspace,
    /// A newer Fidelio wrote it: the version.
    Newer(u32),
}

impl OpenError {
    /// What the owner reads, naming the file.
    pub fn message(&self, lang: Lang, path: &Path) -> String {
        let name = file_name(path);
        match (self, lang) {
            (OpenError::Unreadable(why), Lang::En) => format!("{name}: could not be read ({why})."),
            (OpenError::Unreadable(why), Lang::It) => {
                format!("{name}: impossibile leggerlo ({why}).")
            }
            (OpenError::TooBig(size), Lang::En) => format!(
                "{name} is {}: too big to be a Fidelio workspace, so it was not read.",
                crate::import::file::size_text(*size)
            ),
            (OpenError::TooBig(size), Lang::It) => format!(
                "{name} pesa {}: troppo per essere un'area di lavoro di Fidelio, quindi non è stato letto.",
                crate::import::file::size_text(*size)
            ),
            (OpenError::Damaged(why), Lang::En) => format!(
                "{name} is damaged ({why}). It was left as it is, and Fidelio will not save over it; your files can be opened again."
            ),
            (OpenError::Damaged(why), Lang::It) => format!(
                "{name} è danneggiato ({why}). È stato lasciato com'è, e Fidelio non lo sovrascriverà; puoi riaprire i tuoi file."
            ),
            (OpenError::NotAWorkspace, Lang::En) => {
                format!("{name} is not a Fidelio workspace, so it was left as it is.")
            }
            (OpenError::NotAWorkspace, Lang::It) => {
                format!("{name} non è un'area di lavoro di Fidelio, quindi è stato lasciato com'è.")
            }
            (OpenError::Newer(version), Lang::En) => format!(
                "{name} was saved by a newer Fidelio (workspace version {version}; this one reads up to {VERSION}). Update Fidelio to open it; it was left as it is."
            ),
            (OpenError::Newer(version), Lang::It) => format!(
                "{name} è stato salvato da un Fidelio più recente (versione {version}; questo legge fino alla {VERSION}). Aggiorna Fidelio per aprirlo; è stato lasciato com'è."
            ),
        }
    }
}

impl SavedWorkspace {
    /// The workspace of `files` in `scope`, saved on `today`. A file whose bytes are as
    /// `previous` saved them keeps the day they were first seen.
    pub fn of(
        files: &[ImportedFile],
        scope: &Scope,
        review: &ReviewLog,
        folder: Option<PathBuf>,
        today: NaiveDate,
        at: Option<&Path>,
        previous: Option<&SavedWorkspace>,
    ) -> SavedWorkspace {
        let base = at.and_then(Path::parent);
        let earlier = |file: &ImportedFile| {
            previous.and_then(|p| p.files.iter().find(|s| s.path == file.path).cloned())
        };
        let files = files
            .iter()
            .filter_map(|file| {
                // A file that could not be read this time (open in a spreadsheet program, cut
                // short by a sync) keeps what was saved of it: its roles are not lost.
                if file.error.is_some() && file.table.is_none() {
                    return earlier(file);
                }
                Some(file).map(|file| {
                    let before = previous
                        .and_then(|p| p.files.iter().find(|s| s.path == file.path))
                        .filter(|s| s.stamp.is_some() && s.stamp == file.stamp);
                    SavedFile {
                        path: file.path.clone(),
                        relative: base
                            .and_then(|b| file.path.strip_prefix(b).ok())
                            .map(Path::to_path_buf),
                        stamp: file.stamp.clone(),
                        rows: file.rows(),
                        seen_on: Some(before.and_then(|b| b.seen_on).unwrap_or(today)),
                        sheet: match &file.format {
                            Some(SourceFormat::Spreadsheet { sheet, .. }) => Some(sheet.clone()),
                            _ => None,
                        },
                        headers: header_signature(file.headers()),
                        roles: file.roles.clone(),
                    }
                })
            })
            .collect();
        SavedWorkspace {
            format: FORMAT.to_string(),
            version: VERSION,
            saved_on: Some(today),
            files,
            scope: scope.clone(),
            review: review.clone(),
            folder,
            // The caller's to give: they are the window's, not the files'.
            actions: Default::default(),
            templates: Default::default(),
        }
    }

    /// The JSON written to disk.
    pub fn to_json(&self) -> String {
        // Every field is plain data: serialising cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// A workspace from its file's bytes.
    pub fn parse(bytes: &[u8]) -> Result<SavedWorkspace, OpenError> {
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| OpenError::Damaged(json_error_text(&e)))?;
        if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(OpenError::NotAWorkspace);
        }
        match value.get("version").and_then(|v| v.as_u64()) {
            Some(v) if v > u64::from(VERSION) => {
                return Err(OpenError::Newer(u32::try_from(v).unwrap_or(u32::MAX)));
            }
            Some(_) => {}
            None => return Err(OpenError::Damaged("no version".to_string())),
        }
        serde_json::from_value(value).map_err(|e| OpenError::Damaged(e.to_string()))
    }

    /// How to read `file` again: its sheet, and its roles while its headers are the same.
    pub fn import_options(file: &SavedFile) -> ImportOptions {
        let mut options = ImportOptions {
            sheet: file.sheet.clone(),
            stamp: true,
            ..ImportOptions::default()
        };
        if !file.roles.is_empty() {
            options
                .mappings
                .insert(file.headers.clone(), file.roles.clone());
        }
        options
    }

    /// Where each file is now, for a workspace saved at `at`: its path, else its place under
    /// the workspace's folder, else a file of its name beside the workspace or in the watched
    /// folder; `None` when it is nowhere.
    pub fn locate(&self, file: &SavedFile, at: &Path) -> Option<Source> {
        if let Some(bytes) = crate::demo::bytes_for(&file.path) {
            return Some(Source::Bytes {
                path: file.path.clone(),
                bytes,
            });
        }
        let base = at.parent().unwrap_or(Path::new("."));
        let name = file.path.file_name()?;
        let mut candidates = vec![file.path.clone()];
        if let Some(relative) = &file.relative {
            candidates.push(base.join(relative));
        }
        candidates.push(base.join(name));
        if let Some(folder) = &self.folder {
            candidates.push(folder.join(name));
        }
        candidates
            .into_iter()
            .find(|p| p.is_file())
            .map(Source::Path)
    }
}

/// A workspace's files read again.
pub struct ReadAgain {
    /// The files found, read.
    pub files: Vec<ImportedFile>,
    /// What changed since the save (moved, rows added or gone), in words.
    pub changes: Vec<String>,
    /// The files not found.
    pub missing: Vec<SavedFile>,
}

impl SavedWorkspace {
    /// Reads the files of this workspace, saved at `at`, each with `options` (its saved sheet
    /// and roles, and what the caller adds); `progress` hears (done, total, file name).
    pub fn read_files(
        &self,
        at: &Path,
        lang: Lang,
        options: impl Fn(&SavedFile) -> ImportOptions,
        mut progress: impl FnMut(usize, usize, &str),
    ) -> ReadAgain {
        let total = self.files.len();
        let mut out = ReadAgain {
            files: Vec::with_capacity(total),
            changes: Vec::new(),
            missing: Vec::new(),
        };
        for (index, file) in self.files.iter().enumerate() {
            let Some(source) = self.locate(file, at) else {
                out.missing.push(file.clone());
                continue;
            };
            progress(index, total, &file_name(source.path()));
            let imported = source.import(&options(file));
            if let Source::Path(found) = &source
                && *found != file.path
            {
                out.changes.push(moved_text(lang, file, found));
            }
            out.changes.extend(change_text(lang, file, &imported));
            out.files.push(imported);
        }
        out
    }
}

fn moved_text(lang: Lang, file: &SavedFile, found: &Path) -> String {
    match lang {
        Lang::En => format!(
            "{} was not where it was saved; it was found at {}.",
            file.path.display(),
            found.display()
        ),
        Lang::It => format!(
            "{} non era dove era stato salvato; è stato trovato in {}.",
            file.path.display(),
            found.display()
        ),
    }
}

/// The JSON error in words: line and column.
fn json_error_text(error: &serde_json::Error) -> String {
    if error.is_eof() {
        format!("it breaks off at line {}", error.line())
    } else {
        format!(
            "line {}, column {}: {}",
            error.line(),
            error.column(),
            error
        )
    }
}

/// Reads the workspace at `path`.
pub fn read(path: &Path) -> Result<SavedWorkspace, OpenError> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| OpenError::Unreadable(e.to_string()))?;
    let size = file
        .metadata()
        .map_err(|e| OpenError::Unreadable(e.to_string()))?
        .len();
    if size > MAX_BYTES {
        return Err(OpenError::TooBig(size));
    }
    let mut bytes = Vec::new();
    // take: a file that grows while it is read stops at the limit too.
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| OpenError::Unreadable(e.to_string()))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(OpenError::TooBig(bytes.len() as u64));
    }
    SavedWorkspace::parse(&bytes)
}

/// Whether `path` may be written: nothing there, or a workspace this version reads. A damaged
/// file, another program's or a newer Fidelio's is the owner's to decide about.
pub fn may_write(path: &Path) -> Result<(), OpenError> {
    if !path.exists() {
        return Ok(());
    }
    match read(path) {
        Ok(_) => Ok(()),
        Err(OpenError::Unreadable(_)) if !path.is_file() => {
            Err(OpenError::Unreadable("not a file".to_string()))
        }
        Err(error) => Err(error),
    }
}

/// Writes `text` to `path` atomically: to a temporary file in the same folder, flushed to the
/// disk, then renamed over `path`. A crash or a full disk leaves the old file whole.
pub fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(folder) = folder {
        std::fs::create_dir_all(folder)?;
    }
    let temporary = path.with_file_name(format!(".{}.{}.tmp", file_name(path), std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

/// What changed in a file since the workspace was saved, in words: "ordini.csv: 214 new rows
/// since 12/11/2026"; `None` when its bytes are the same (or there is nothing to compare).
pub fn change_text(lang: Lang, saved: &SavedFile, now: &ImportedFile) -> Option<String> {
    let (before, after) = (saved.stamp.as_ref()?, now.stamp.as_ref()?);
    if before == after {
        return None;
    }
    let name = &now.name;
    let Some(since) = saved.seen_on.map(|d| lang.date(d)) else {
        return Some(match lang {
            Lang::En => format!("{name}: changed since the workspace was saved"),
            Lang::It => format!("{name}: modificato dal salvataggio dell'area di lavoro"),
        });
    };
    let rows = now.rows();
    Some(match (rows.cmp(&saved.rows), lang) {
        (std::cmp::Ordering::Greater, Lang::En) => format!(
            "{name}: {} new rows since {since}",
            lang.count((rows - saved.rows) as u64)
        ),
        (std::cmp::Ordering::Greater, Lang::It) => format!(
            "{name}: {} righe nuove dal {since}",
            lang.count((rows - saved.rows) as u64)
        ),
        (std::cmp::Ordering::Less, Lang::En) => format!(
            "{name}: {} rows fewer than on {since}",
            lang.count((saved.rows - rows) as u64)
        ),
        (std::cmp::Ordering::Less, Lang::It) => format!(
            "{name}: {} righe in meno rispetto al {since}",
            lang.count((saved.rows - rows) as u64)
        ),
        (std::cmp::Ordering::Equal, Lang::En) => {
            format!("{name}: changed since {since}, with as many rows")
        }
        (std::cmp::Ordering::Equal, Lang::It) => {
            format!("{name}: modificato dal {since}, con le stesse righe")
        }
    })
}

/// The message for a file of the workspace that is nowhere to be found.
pub fn missing_text(lang: Lang, file: &SavedFile) -> String {
    let shown = file.path.display();
    match lang {
        Lang::En => format!(
            "{shown} is missing: it was moved, renamed or deleted. The other files are open; drop it on the window to read it again."
        ),
        Lang::It => format!(
            "{shown} non si trova: è stato spostato, rinominato o eliminato. Gli altri file sono aperti; trascinalo sulla finestra per leggerlo di nuovo."
        ),
    }
}

/// Exports in `folder` Fidelio can read, by name: what a watched folder adds.
pub fn readable_exports(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter(|p| {
            // Hidden and temporary files are a program still writing, or the system's own.
            !file_name(p).starts_with('.') && !file_name(p).starts_with("~$")
        })
        .filter(|p| {
            p.extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .is_some_and(|e| crate::import::read::OPENABLE.contains(&e.as_str()))
        })
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::review::Cadence;

    #[test]
    fn another_programs_json_a_newer_version_and_broken_json_are_told_apart() {
        assert_eq!(
            SavedWorkspace::parse(br#"{"name": "x"}"#),
            Err(OpenError::NotAWorkspace)
        );
        assert_eq!(
            SavedWorkspace::parse(br#"{"format": "fidelio-workspace", "version": 7}"#),
            Err(OpenError::Newer(7))
        );
        assert!(matches!(
            SavedWorkspace::parse(br#"{"format": "fidelio-workspace", "version": 1, "files": ["#),
            Err(OpenError::Damaged(why)) if why.contains("breaks off")
        ));
        assert!(matches!(
            SavedWorkspace::parse(br#"{"format": "fidelio-workspace", "version": 1, "files": 3}"#),
            Err(OpenError::Damaged(_))
        ));
        assert!(matches!(
            SavedWorkspace::parse(b"\xff\xfe garbage"),
            Err(OpenError::Damaged(_))
        ));
        // The least a workspace can be: everything else takes its default.
        let least =
            SavedWorkspace::parse(br#"{"format": "fidelio-workspace", "version": 1}"#).unwrap();
        assert_eq!(least.scope, Scope::default());
        assert_eq!(least.review.cadence, Cadence::Monthly);
    }
}
