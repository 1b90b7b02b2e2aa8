//! Reading a file's bytes from disk, the first step of every import; files are only ever
//! opened for reading.
//!
//! A big export is read on all cores at once: most of the time of reading a file that is in
//! the system's cache goes to the system handing out and clearing fresh memory for it, and
//! that work is spread over the cores only when several threads each read their own part.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Below this size a file is read by one thread: starting threads would cost more.
const PARTS_FROM_BYTES: u64 = 8 << 20;

/// The biggest file Fidelio reads: a text file's cells are found by 4-byte offsets into its
/// text, and reading one this big already takes about three times its size in memory.
pub const MAX_FILE_BYTES: u64 = u32::MAX as u64;

/// Why a file's bytes could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FileReadError {
    /// The system refused (missing file, no permission, a disk error).
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A folder, a pipe, a device: reading one would wait forever or never end.
    #[error("it is not a file saved on disk but {0}")]
    NotAFile(&'static str),
    /// Bigger than [`MAX_FILE_BYTES`].
    #[error("it is {} and Fidelio reads files up to {}", size_text(*.0), size_text(MAX_FILE_BYTES))]
    TooBig(u64),
}

/// A size as an owner reads it: "4.3 GB", "730 MB", "12 KB".
pub fn size_text(bytes: u64) -> String {
    match bytes {
        b if b >= 1_000_000_000 => format!("{:.1} GB", b as f64 / 1e9),
        b if b >= 1_000_000 => format!("{} MB", b / 1_000_000),
        b => format!("{} KB", b.div_ceil(1000)),
    }
}

/// What a path that is not a regular file is, in words.
fn not_a_file(metadata: &std::fs::Metadata) -> Option<&'static str> {
    let kind = metadata.file_type();
    if kind.is_file() {
        None
    } else if kind.is_dir() {
        Some("a folder")
    } else {
        Some("a pipe or a device")
    }
}

/// The whole content of the file at `path`. Only regular files are read (a pipe would make the
/// import wait for a writer forever, `/dev/zero` never ends), and at most [`MAX_FILE_BYTES`]
/// of them, even when the file grows while it is read.
pub fn read_file(path: &Path) -> Result<Vec<u8>, FileReadError> {
    // Checked before opening: opening a pipe waits until something writes to it.
    if let Some(what) = not_a_file(&std::fs::metadata(path)?) {
        return Err(FileReadError::NotAFile(what));
    }
    let mut file = File::open(path)?;
    let metadata = file.metadata()?;
    // What was opened may not be what was looked at a moment before.
    if let Some(what) = not_a_file(&metadata) {
        return Err(FileReadError::NotAFile(what));
    }
    let size = metadata.len();
    if size > MAX_FILE_BYTES {
        return Err(FileReadError::TooBig(size));
    }
    let len = size as usize;
    let mut bytes = if size < PARTS_FROM_BYTES || cfg!(not(any(unix, windows))) {
        Vec::with_capacity(len)
    } else {
        // Zeroed memory comes from the system untouched: each page is cleared once, by the
        // thread that reads into it.
        let mut bytes = vec![0u8; len];
        let failed = std::sync::Mutex::new(None);
        crate::parallel::fill_chunks("read", &mut bytes, |start, part| {
            if let Err(error) = read_at(&file, part, start as u64) {
                *failed.lock().unwrap_or_else(|e| e.into_inner()) = Some(error);
            }
        });
        if let Some(error) = failed.into_inner().unwrap_or_else(|e| e.into_inner()) {
            // The file got shorter while being read: read what it holds now.
            if error.kind() != std::io::ErrorKind::UnexpectedEof {
                return Err(error.into());
            }
            bytes.clear();
        }
        bytes
    };
    // The rest (a small file whole; what a big file got since it was measured), never more
    // than the limit: one byte past it says the file is too big.
    use std::io::Seek;
    file.seek(std::io::SeekFrom::Start(bytes.len() as u64))?;
    (&mut file)
        .take(MAX_FILE_BYTES + 1 - bytes.len() as u64)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(FileReadError::TooBig(bytes.len() as u64));
    }
    Ok(bytes)
}

#[cfg(unix)]
fn read_at(file: &File, part: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, part, offset)
}

#[cfg(windows)]
fn read_at(file: &File, mut part: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !part.is_empty() {
        match file.seek_read(part, offset) {
            Ok(0) => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            Ok(read) => {
                part = &mut part[read..];
                offset += read as u64;
            }
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

#[cfg(not(any(unix, windows)))]
fn read_at(_: &File, _: &mut [u8], _: u64) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_big_file_read_in_parts_is_the_file_byte_for_byte() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.csv");
        // Not a multiple of any part size, and different at every offset.
        let len = PARTS_FROM_BYTES as usize * 3 + 12_345;
        let content: Vec<u8> = (0..len).map(|i| (i * 7 + i / 251) as u8).collect();
        std::fs::write(&path, &content).unwrap();
        assert!(read_file(&path).unwrap() == content);
    }

    #[test]
    fn a_small_file_and_an_empty_one_are_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("small.csv");
        std::fs::write(&path, "a;b\n1;2\n").unwrap();
        assert_eq!(read_file(&path).unwrap(), b"a;b\n1;2\n");
        std::fs::write(&path, "").unwrap();
        assert!(read_file(&path).unwrap().is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_pipe_a_device_and_a_folder_are_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("settings.csv");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            // Opening a pipe without a writer would block this test forever.
            assert!(matches!(read_file(&fifo), Err(FileReadError::NotAFile(_))));
        }
        assert!(matches!(
            read_file(Path::new("/dev/zero")),
            Err(FileReadError::NotAFile("a pipe or a device"))
        ));
        let err = read_file(dir.path()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "it is not a file saved on disk but a folder"
        );
    }

    #[test]
    fn sizes_read_as_an_owner_says_them() {
        assert_eq!(size_text(MAX_FILE_BYTES), "4.3 GB");
        assert_eq!(size_text(730_400_000), "730 MB");
        assert_eq!(size_text(11_001), "12 KB");
    }

    #[test]
    fn a_missing_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(read_file(&dir.path().join("none.csv")).is_err());
    }
}
