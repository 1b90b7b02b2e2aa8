//! What this machine offers the app: whether a native file dialog can open, and the Fidelio
//! folder in the owner's Documents where saves go when none can.

use std::path::PathBuf;

/// Whether a native open dialog can appear at all. On Linux rfd needs the desktop portal (over
/// the session bus) or zenity; without either it returns at once as if cancelled.
pub(crate) fn native_dialog_available() -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    let has_bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some();
    let has_zenity = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join("zenity").is_file()));
    has_bus || has_zenity
}

/// The Fidelio folder in the owner's Documents (else their home), where saves go when no
/// dialog can ask.
pub(crate) fn fallback_folder() -> Option<PathBuf> {
    let dirs = directories::UserDirs::new()?;
    let base = dirs
        .document_dir()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_else(|| dirs.home_dir().to_path_buf());
    Some(base.join("Fidelio"))
}

/// `name` in `folder`, or `name (2)`, `name (3)`… before the extension: never an existing file.
pub(crate) fn free_name(folder: &std::path::Path, name: &str) -> PathBuf {
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
