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
    /// Bigger than the limit (see [`FileLimit`]).
    #[error("it is {} and Fidelio reads files up to {}{}", size_text(*.size), size_text(.limit.bytes), .limit.why_en())]
    TooBig {
        /// The file's size (or what was read of it before the limit).
        size: u64,
        /// The limit it is over.
        limit: FileLimit,
    },
}

/// How big a file Fidelio reads, and why that big.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileLimit {
    /// The largest file read.
    pub bytes: u64,
    /// Free memory when the limit was set from it (a third of it); `None` when the owner set
    /// the limit, or the limit is [`MAX_FILE_BYTES`].
    pub free_memory: Option<u64>,
}

/// Reading a file takes about three times its size in memory: its text, the index of its
/// cells and the rows parsed from it (2.6 times for a 415 MB export of 5 million order lines).
const MEMORY_PER_BYTE_READ: u64 = 3;

impl FileLimit {
    /// The limit for this computer now, or the owner's (`requested`, in bytes; at most
    /// [`MAX_FILE_BYTES`]). Without one, a file may take a third of the free memory, so that
    /// reading it does not run the computer out of memory, and never more than
    /// [`MAX_FILE_BYTES`].
    pub fn new(requested: Option<u64>) -> FileLimit {
        if let Some(bytes) = requested {
            return FileLimit {
                bytes: bytes.min(MAX_FILE_BYTES),
                free_memory: None,
            };
        }
        match free_memory() {
            Some(free) if free / MEMORY_PER_BYTE_READ < MAX_FILE_BYTES => FileLimit {
                bytes: free / MEMORY_PER_BYTE_READ,
                free_memory: Some(free),
            },
            _ => FileLimit {
                bytes: MAX_FILE_BYTES,
                free_memory: None,
            },
        }
    }

    /// What the owner can do about it, in English (empty when nothing can be done).
    fn why_en(&self) -> String {
        match self.free_memory {
            Some(free) => format!(
                " on this computer now (a third of its {} of free memory); close other programs, or raise the limit (in Settings, or with --max-file-size)",
                size_text(free)
            ),
            None if self.bytes < MAX_FILE_BYTES => {
                " as set in Settings (or with --max-file-size); raise the limit to read it"
                    .to_string()
            }
            None => String::new(),
        }
    }

    /// The same in Italian.
    pub fn why_it(&self) -> String {
        match self.free_memory {
            Some(free) => format!(
                " su questo computer ora (un terzo dei suoi {} di memoria libera); chiudi altri programmi, o alza il limite (nelle Impostazioni, o con --max-file-size)",
                size_text(free)
            ),
            None if self.bytes < MAX_FILE_BYTES => {
                " come impostato nelle Impostazioni (o con --max-file-size); alza il limite per leggerlo".to_string()
            }
            None => String::new(),
        }
    }
}

/// The memory the system says it can give now without swapping, where it says.
fn free_memory() -> Option<u64> {
    if cfg!(target_os = "linux") {
        let info = std::fs::read_to_string("/proc/meminfo").ok()?;
        meminfo_available(&info)
    } else {
        None
    }
}

/// `MemAvailable` of a `/proc/meminfo`, in bytes.
fn meminfo_available(info: &str) -> Option<u64> {
    let line = info.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb.saturating_mul(1024))
}

/// A size as an owner reads it: "4.3 GB", "730 MB", "12 KB".
pub fn size_text(bytes: u64) -> String {
    match bytes {
        b if b >= 1_000_000_000 => format!("{:.1} GB", b as f64 / 1e9),
        // "1.5 MB over a limit of 1.0 MB", not "1 MB over 1 MB".
        b if b >= 10_000_000 => format!("{} MB", b / 1_000_000),
        b if b >= 1_000_000 => format!("{:.1} MB", b as f64 / 1e6),
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
/// import wait for a writer forever, `/dev/zero` never ends), and at most `limit` bytes of
/// them, even when the file grows while it is read.
pub fn read_file(path: &Path, limit: FileLimit) -> Result<Vec<u8>, FileReadError> {
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
    if size > limit.bytes {
        return Err(FileReadError::TooBig { size, limit });
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
        .take((limit.bytes + 1).saturating_sub(bytes.len() as u64))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit.bytes {
        return Err(FileReadError::TooBig {
            size: bytes.len() as u64,
            limit,
        });
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
        assert!(read_file(&path, FileLimit::new(None)).unwrap() == content);
    }

    #[test]
    fn a_small_file_and_an_empty_one_are_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("small.csv");
        std::fs::write(&path, "a;b\n1;2\n").unwrap();
        assert_eq!(
            read_file(&path, FileLimit::new(None)).unwrap(),
            b"a;b\n1;2\n"
        );
        std::fs::write(&path, "").unwrap();
        assert!(read_file(&path, FileLimit::new(None)).unwrap().is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_pipe_a_device_and_a_folder_are_refused_without_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("settings.csv");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            // Opening a pipe without a writer would block this test forever.
            assert!(matches!(
                read_file(&fifo, FileLimit::new(None)),
                Err(FileReadError::NotAFile(_))
            ));
        }
        assert!(matches!(
            read_file(Path::new("/dev/zero"), FileLimit::new(None)),
            Err(FileReadError::NotAFile("a pipe or a device"))
        ));
        let err = read_file(dir.path(), FileLimit::new(None)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "it is not a file saved on disk but a folder"
        );
    }

    #[test]
    fn sizes_read_as_an_owner_says_them() {
        assert_eq!(size_text(MAX_FILE_BYTES), "4.3 GB");
        assert_eq!(size_text(730_400_000), "730 MB");
        assert_eq!(size_text(1_500_000), "1.5 MB");
        assert_eq!(size_text(11_001), "12 KB");
    }

    #[test]
    fn a_file_over_the_limit_is_refused_saying_what_the_owner_can_do() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("orders.csv");
        std::fs::write(&path, vec![b'x'; 2_000]).unwrap();
        let set = FileLimit::new(Some(1_000));
        let err = read_file(&path, set).unwrap_err();
        assert_eq!(
            err.to_string(),
            "it is 2 KB and Fidelio reads files up to 1 KB as set in Settings (or with \
             --max-file-size); raise the limit to read it"
        );
        assert!(read_file(&path, FileLimit::new(Some(2_000))).is_ok());
        // A limit from free memory says so.
        let from_memory = FileLimit {
            bytes: 1_000,
            free_memory: Some(3_000),
        };
        let err = read_file(&path, from_memory).unwrap_err().to_string();
        assert!(err.contains("a third of its 3 KB of free memory"), "{err}");
        // The owner cannot ask past what the cell index can address.
        assert_eq!(FileLimit::new(Some(u64::MAX)).bytes, MAX_FILE_BYTES);
    }

    #[test]
    fn free_memory_is_read_from_proc_meminfo() {
        let info = "MemTotal:       32000000 kB\nMemFree:         1000000 kB\nMemAvailable:   23176932 kB\n";
        assert_eq!(meminfo_available(info), Some(23_176_932 * 1024));
        assert_eq!(meminfo_available("MemTotal: 1 kB\n"), None);
    }

    #[test]
    fn a_missing_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(read_file(&dir.path().join("none.csv"), FileLimit::new(None)).is_err());
    }
}
