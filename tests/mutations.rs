//! Deterministic mutation test (issue 10): every fixture, damaged many ways with a fixed seed
//! (bytes flipped, cut, repeated, replaced by delimiters, quotes, line ends and huge numbers),
//! through the whole import. Every run must end with figures or a message for the file, never
//! a panic (the import turns one into "this file looks damaged", which fails here), within a
//! time and a memory bound. The fuzz targets in `fuzz/` search the same space for hours; this
//! keeps what they found from coming back, in seconds.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use fidelio::import::pipeline::{FileError, ImportOptions, import_bytes};

/// Counts the bytes held, to bound what one import may take. This file has one test, so no
/// other test's allocations are counted.
struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl std::alloc::GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        let held = HELD.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(held, Ordering::Relaxed);
        // SAFETY: the layout is the caller's, passed on unchanged.
        unsafe { std::alloc::System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` was allocated by `alloc` above with this layout.
        unsafe { std::alloc::System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// xorshift64*: the same mutations on every machine and every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const INSERTS: [&[u8]; 12] = [
    b"\"",
    b",",
    b";",
    b"\n",
    b"\r\n",
    b"\0",
    b"1e308",
    b"-1.7976931348623157e308",
    b"99999999999999999999999999",
    b"\xff\xfe",
    b"31/02/2026",
    b"\"\"\"\n\"",
];

/// One damaged copy of `bytes`.
fn mutate(bytes: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(6) {
            0 if !out.is_empty() => {
                let at = at.min(out.len() - 1);
                out[at] ^= 1 << rng.below(8);
            }
            1 => out.truncate(at),
            2 => {
                let end = (at + rng.below(64)).min(out.len());
                out.drain(at..end);
            }
            3 => {
                let end = (at + rng.below(256)).min(out.len());
                let copy = out[at..end].to_vec();
                for _ in 0..1 + rng.below(8) {
                    out.splice(at..at, copy.iter().copied());
                }
            }
            4 => {
                let insert = INSERTS[rng.below(INSERTS.len())];
                out.splice(at..at, insert.iter().copied());
            }
            _ if !out.is_empty() => {
                let at = at.min(out.len() - 1);
                out[at] = rng.next() as u8;
            }
            _ => out.push(b'x'),
        }
    }
    out
}

fn fixtures() -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                // The hostile files have tests of their own, and are slow by design.
                if !path.ends_with("hostile") {
                    folders.push(path);
                }
                continue;
            }
            let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            let readable = ["csv", "tsv", "txt", "xlsx", "xls", "ods"].contains(&extension);
            if readable && std::fs::metadata(&path).unwrap().len() < 200_000 {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

#[test]
fn damaged_copies_of_every_fixture_end_with_figures_or_a_message() {
    let files = fixtures();
    assert!(files.len() > 60, "only {} fixtures found", files.len());
    let mut rng = Rng(0x5eed_f1de_110c_0001);
    let (mut runs, mut refused, mut contained) = (0usize, 0usize, 0usize);
    let started = Instant::now();
    for path in &files {
        let original = std::fs::read(path).unwrap();
        // Small files get more copies: they are quick, and most fixtures are small.
        let copies = if original.len() < 20_000 { 16 } else { 4 };
        for copy in 0..copies {
            let damaged = mutate(&original, &mut rng);
            PEAK.store(HELD.load(Ordering::Relaxed), Ordering::Relaxed);
            let before = PEAK.load(Ordering::Relaxed);
            // To find the copy that aborts the process (an abort ends the test without a word):
            // MUTATION_TRACE=1 names each copy and keeps it in the temporary folder.
            if std::env::var_os("MUTATION_TRACE").is_some() {
                eprintln!("{} copy {copy}", path.display());
                std::fs::write(std::env::temp_dir().join("fidelio_mutation"), &damaged).unwrap();
            }
            let one = Instant::now();
            let file = import_bytes(path, &damaged, &ImportOptions::default());
            let took = one.elapsed();
            let grew = PEAK.load(Ordering::Relaxed) - before;
            let what = format!("{} copy {copy} ({} bytes)", path.display(), damaged.len());
            // calamine's Excel 97 reader panics on some damaged files, and only Fidelio's
            // containment stands between that and a crash: those count as refused. A panic
            // anywhere else is a bug of ours.
            if let Some(FileError::Damaged(detail)) = &file.error {
                assert!(
                    detail.contains("/calamine-"),
                    "{what}: the import panicked: {detail}"
                );
                contained += 1;
            }
            assert!(took < Duration::from_secs(10), "{what} took {took:?}");
            // A damaged copy of a file under 200 KB has no reason to need more.
            assert!(grew < 256 << 20, "{what} took {} MB", grew >> 20);
            assert_eq!(
                file.rows_used() + file.rows_skipped(),
                file.rows(),
                "{what}: rows used and not used do not add up"
            );
            runs += 1;
            refused += usize::from(file.error.is_some());
        }
    }
    // Most damage leaves a readable file: the test must mostly exercise reading, not refusing.
    assert!(refused * 2 < runs, "{refused} of {runs} copies refused");
    eprintln!(
        "{runs} damaged copies of {} fixtures, {refused} refused ({contained} by a contained panic in calamine), in {:?}",
        files.len(),
        started.elapsed()
    );
}
