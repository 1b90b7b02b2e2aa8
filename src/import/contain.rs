//! The last line of defence at a file's boundary: a panic while one file is read (in a
//! dependency, or a bug of ours) ends that file with a message, and every other file goes on.
//!
//! The plan is that nothing panics: readers check sizes and ranges before they hand a value
//! to a library that would. This is for what that plan misses. The panic's own report goes
//! into the file's message instead of onto the terminal, where an owner would take it for a
//! crash of the whole program.

use std::cell::RefCell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, Once};

/// How many threads are inside [`contain`] right now: while any is, panics are recorded, not
/// printed (a file's worker threads panic on threads of their own).
static CONTAINING: AtomicUsize = AtomicUsize::new(0);
/// What the last panic on a thread outside a containment said (a worker thread's panic reaches
/// the containing thread only as "a scoped thread panicked").
static LAST_ELSEWHERE: Mutex<Option<String>> = Mutex::new(None);

thread_local! {
    static LAST_HERE: RefCell<Option<String>> = const { RefCell::new(None) };
    static INSIDE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `work`; a panic in it (or in a thread it started) comes back as `Err` with what the
/// panic said and where.
pub fn contain<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    let was_inside = INSIDE.with(|inside| inside.replace(true));
    CONTAINING.fetch_add(1, Ordering::SeqCst);
    LAST_HERE.with(|last| last.borrow_mut().take());
    let result = catch_unwind(AssertUnwindSafe(work));
    CONTAINING.fetch_sub(1, Ordering::SeqCst);
    INSIDE.with(|inside| inside.set(was_inside));
    result.map_err(|payload| {
        let here = LAST_HERE.with(|last| last.borrow_mut().take());
        // A worker's own words say more than the "a scoped thread panicked" it causes here.
        match here {
            Some(here) if !here.contains("scoped thread panicked") => here,
            here => LAST_ELSEWHERE
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .take()
                .or(here)
                .unwrap_or_else(|| payload_text(payload.as_ref())),
        }
    })
}

fn install_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if CONTAINING.load(Ordering::SeqCst) == 0 {
                return previous(info);
            }
            let text = match info.location() {
                Some(at) => format!(
                    "{} at {}:{}",
                    payload_text(info.payload()),
                    at.file(),
                    at.line()
                ),
                None => payload_text(info.payload()),
            };
            if INSIDE.with(std::cell::Cell::get) {
                LAST_HERE.with(|last| *last.borrow_mut() = Some(text));
            } else {
                *LAST_ELSEWHERE.lock().unwrap_or_else(|e| e.into_inner()) = Some(text);
            }
        }));
    });
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "an unexpected error".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_comes_back_as_its_message_and_work_that_ends_as_its_value() {
        assert_eq!(contain(|| 41 + 1), Ok(42));
        let caught = contain(|| -> u8 { panic!("sheet row {} is odd", 7) }).unwrap_err();
        assert!(caught.starts_with("sheet row 7 is odd at "), "{caught}");
        assert!(caught.contains("contain.rs"), "{caught}");
    }

    #[test]
    fn a_worker_threads_panic_is_reported_in_its_own_words() {
        let caught = contain(|| {
            std::thread::scope(|scope| {
                scope.spawn(|| panic!("worker saw a broken record"));
            })
        })
        .unwrap_err();
        assert!(caught.starts_with("worker saw a broken record"), "{caught}");
    }
}
