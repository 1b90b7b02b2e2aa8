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

/// The whole content of the file at `path`.
pub fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut file = File::open(path)?;
    let size = file.metadata()?.len();
    let Ok(len) = usize::try_from(size) else {
        return std::fs::read(path);
    };
    if size < PARTS_FROM_BYTES || cfg!(not(any(unix, windows))) {
        let mut bytes = Vec::with_capacity(len);
        file.read_to_end(&mut bytes)?;
        return Ok(bytes);
    }
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
        if error.kind() == std::io::ErrorKind::UnexpectedEof {
            return std::fs::read(path);
        }
        return Err(error);
    }
    // Or longer: what was added is read too, as one read to the end would.
    use std::io::Seek;
    file.seek(std::io::SeekFrom::Start(size))?;
    file.read_to_end(&mut bytes)?;
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

    #[test]
    fn a_missing_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(read_file(&dir.path().join("none.csv")).is_err());
    }
}
