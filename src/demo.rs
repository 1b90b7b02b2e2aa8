//! The built-in demo shop: two stores' survey answers, orders, reviews and loyalty cards, embedded
//! in the binary so "Explore the demo shop" works wherever Fidelio is installed. The files are
//! made by `assets/demo/generate.py` and imported exactly like the owner's own exports.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::import::pipeline::Source;

/// Folder name the demo files appear under.
pub const DEMO_DIR: &str = "demo";

/// (file name, content) of every demo file, in the order they are imported.
pub const FILES: [(&str, &[u8]); 5] = [
    (
        "sondaggio_milano.csv",
        include_bytes!("../assets/demo/sondaggio_milano.csv"),
    ),
    (
        "survey_verona.csv",
        include_bytes!("../assets/demo/survey_verona.csv"),
    ),
    ("ordini.csv", include_bytes!("../assets/demo/ordini.csv")),
    (
        "recensioni.csv",
        include_bytes!("../assets/demo/recensioni.csv"),
    ),
    (
        "tessera_fedelta.csv",
        include_bytes!("../assets/demo/tessera_fedelta.csv"),
    ),
];

/// The demo files as import sources.
pub fn sources() -> Vec<Source> {
    FILES
        .iter()
        .map(|(name, bytes)| Source::Bytes {
            path: Path::new(DEMO_DIR).join(name),
            bytes: Arc::from(*bytes),
        })
        .collect()
}

/// The demo file's bytes, when `path` names one.
pub fn bytes_for(path: &Path) -> Option<Arc<[u8]>> {
    let name = path.strip_prefix(DEMO_DIR).ok()?;
    FILES
        .iter()
        .find(|(n, _)| Path::new(n) == name)
        .map(|(_, bytes)| Arc::from(*bytes))
}

/// Paths of the demo files as shown to the owner.
pub fn paths() -> Vec<PathBuf> {
    FILES
        .iter()
        .map(|(name, _)| Path::new(DEMO_DIR).join(name))
        .collect()
}
