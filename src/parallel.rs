//! Row loops spread over the machine's cores, for the steps of an import whose rows are
//! independent: splitting a big file into cells, reading its dates and amounts.
//!
//! A shop's 5-million-line export read on one core keeps the owner waiting for seconds while
//! the other cores idle. Scoped threads (named, like every thread of the app) borrow the table
//! directly, so nothing is copied to hand work out; small inputs stay on the calling thread,
//! where starting threads would cost more than it saves.

use std::ops::Range;
use std::thread;

/// Below this many items a loop runs on the calling thread.
const MIN_PER_THREAD: usize = 32_768;

/// How many threads a loop over `len` items uses.
fn threads_for(len: usize) -> usize {
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    cores.min(len / MIN_PER_THREAD).clamp(1, 16)
}

/// `len` items cut into `parts` contiguous ranges of nearly equal size.
fn ranges(len: usize, parts: usize) -> Vec<Range<usize>> {
    let parts = parts.max(1);
    (0..parts)
        .map(|i| (len * i / parts)..(len * (i + 1) / parts))
        .collect()
}

/// Runs `work` on contiguous ranges covering `0..len` and returns the results in range order.
/// With one core, or few items, it is one call on the whole range.
pub fn map_ranges<R: Send>(
    name: &str,
    len: usize,
    work: impl Fn(Range<usize>) -> R + Sync,
) -> Vec<R> {
    let parts = threads_for(len);
    if parts == 1 {
        return vec![work(0..len)];
    }
    let work = &work;
    thread::scope(|scope| {
        let handles: Vec<_> = ranges(len, parts)
            .into_iter()
            .enumerate()
            .map(|(i, range)| {
                let run = range.clone();
                thread::Builder::new()
                    .name(format!("fidelio-{name}-{i}"))
                    .spawn_scoped(scope, move || work(run))
                    .map_err(|_| range)
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| match handle {
                Ok(handle) => match handle.join() {
                    Ok(result) => result,
                    Err(panic) => std::panic::resume_unwind(panic),
                },
                // No thread could be started: the range is done here instead.
                Err(range) => work(range),
            })
            .collect()
    })
}

/// The contiguous ranges covering `0..len` that [`map_ranges`] would give each thread: for
/// loops that cut their outputs along the same lines before [`run_each`].
pub fn split_ranges(len: usize) -> Vec<Range<usize>> {
    ranges(len, threads_for(len))
}

/// Runs `work` on each of `parts` (each on a thread of its own when there are several) and
/// returns the results in the parts' order. A part whose thread could not be started is
/// worked on here.
pub fn run_each<P: Send, R: Send>(
    name: &str,
    parts: Vec<P>,
    work: impl Fn(P) -> R + Sync,
) -> Vec<R> {
    if parts.len() <= 1 {
        return parts.into_iter().map(work).collect();
    }
    let work = &work;
    let parts: Vec<std::sync::Mutex<Option<P>>> = parts
        .into_iter()
        .map(|part| std::sync::Mutex::new(Some(part)))
        .collect();
    let done: Vec<Option<R>> = thread::scope(|scope| {
        let handles: Vec<_> = parts
            .iter()
            .enumerate()
            .map(|(i, part)| {
                thread::Builder::new()
                    .name(format!("fidelio-{name}-{i}"))
                    .spawn_scoped(scope, move || take_part(part).map(work))
                    .ok()
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| match handle?.join() {
                Ok(result) => result,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    done.into_iter()
        .zip(&parts)
        .filter_map(|(result, part)| result.or_else(|| take_part(part).map(work)))
        .collect()
}

/// Runs `first` here and `second` on a thread of its own at once, and returns both results:
/// for two steps that need each other's results no more than the other's. With one core, or
/// when no thread could be started, `second` runs here after `first`.
pub fn join<A, B: Send>(
    name: &str,
    first: impl FnOnce() -> A,
    second: impl FnOnce() -> B + Send,
) -> (A, B) {
    if thread::available_parallelism().map_or(1, |n| n.get()) == 1 {
        return (first(), second());
    }
    // Held here, not moved into the thread: a thread that cannot start drops what it was
    // given, and `second` must then still run here.
    let second = std::sync::Mutex::new(Some(second));
    let (a, b) = thread::scope(|scope| {
        let handle = thread::Builder::new()
            .name(format!("fidelio-{name}"))
            .spawn_scoped(scope, || take_part(&second).map(|second| second()));
        let a = first();
        let b = match handle.map(|handle| handle.join()) {
            Ok(Ok(b)) => b,
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            Err(_) => None,
        };
        (a, b)
    });
    match b {
        Some(b) => (a, b),
        None => {
            let second = take_part(&second).expect("work not taken by a thread stays here");
            (a, second())
        }
    }
}

fn take_part<P>(part: &std::sync::Mutex<Option<P>>) -> Option<P> {
    part.lock().unwrap_or_else(|e| e.into_inner()).take()
}

/// `len` copies of `value`, written on all cores: the system clears a big vector's fresh
/// pages for the thread that first writes them, and on one thread that alone took a quarter
/// of a second for the orders and lines of a 5-million-line file.
pub fn filled_vec<T: Clone + Send + Sync>(name: &str, len: usize, value: &T) -> Vec<T> {
    let mut out = Vec::new();
    push_on_all_cores(name, &mut out, len, |_| value.clone());
    out
}

/// Appends `map` of each item of `from` to `out`, on all cores, for the same reason as
/// [`filled_vec`]: the pages the new items take are cleared on several threads at once.
pub fn extend_mapped<S: Sync, T: Send>(
    name: &str,
    out: &mut Vec<T>,
    from: &[S],
    map: impl Fn(&S) -> T + Sync,
) {
    push_on_all_cores(name, out, from.len(), |i| map(&from[i]));
}

/// Appends `item(i)` for `i` in `0..count` to `out`, each written in place by the thread
/// that fills its part.
fn push_on_all_cores<T: Send>(
    name: &str,
    out: &mut Vec<T>,
    count: usize,
    item: impl Fn(usize) -> T + Sync,
) {
    out.reserve(count);
    let len = out.len();
    fill_chunks(
        name,
        &mut out.spare_capacity_mut()[..count],
        |start, slots| {
            for (i, slot) in slots.iter_mut().enumerate() {
                slot.write(item(start + i));
            }
        },
    );
    // SAFETY: `fill_chunks` returns only once every part of the `count` slots after the first
    // `len` was filled, each slot of it written above (a part whose thread did not start is
    // filled on this thread; a panic in any part goes on up from `fill_chunks`, and `out`
    // keeps its length).
    unsafe { out.set_len(len + count) };
}

/// Fills `out[i]` with `value(i)` for every index, on all cores.
pub fn fill<T: Send>(name: &str, out: &mut [T], value: impl Fn(usize) -> T + Sync) {
    fill_chunks(name, out, |start, slots| {
        for (i, slot) in slots.iter_mut().enumerate() {
            *slot = value(start + i);
        }
    });
}

/// Calls `fill_part(start, part)` on contiguous parts of `out` covering it, on all cores;
/// `start` is the index of the part's first item. For loops where an item can reuse the work
/// of the one before it.
pub fn fill_chunks<T: Send>(name: &str, out: &mut [T], fill_part: impl Fn(usize, &mut [T]) + Sync) {
    let parts = threads_for(out.len());
    if parts == 1 {
        fill_part(0, out);
        return;
    }
    let chunk = out.len().div_ceil(parts);
    // Each part is taken by the thread that fills it; a part whose thread could not be
    // started is still there afterwards, and filled here.
    let parts: Vec<Part<T>> = out
        .chunks_mut(chunk)
        .enumerate()
        .map(|(i, slots)| std::sync::Mutex::new(Some((i * chunk, slots))))
        .collect();
    let fill_part = &fill_part;
    thread::scope(|scope| {
        for (i, part) in parts.iter().enumerate() {
            let fill = move || {
                if let Some((start, slots)) = take(part) {
                    fill_part(start, slots);
                }
            };
            let _ = thread::Builder::new()
                .name(format!("fidelio-{name}-{i}"))
                .spawn_scoped(scope, fill);
        }
    });
    for part in &parts {
        if let Some((start, slots)) = take(part) {
            fill_part(start, slots);
        }
    }
}

/// A part of a slice to fill, and where it starts; taken by whoever fills it.
type Part<'a, T> = std::sync::Mutex<Option<(usize, &'a mut [T])>>;

fn take<'a, T>(part: &Part<'a, T>) -> Option<(usize, &'a mut [T])> {
    part.lock().unwrap_or_else(|e| e.into_inner()).take()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_cover_every_item_once_in_order() {
        for (len, parts) in [(0, 1), (1, 4), (10, 3), (100_001, 7)] {
            let ranges = ranges(len, parts);
            let items: Vec<usize> = ranges.into_iter().flatten().collect();
            assert_eq!(items, (0..len).collect::<Vec<_>>(), "{len} in {parts}");
        }
    }

    #[test]
    fn results_come_back_in_range_order_for_big_inputs() {
        let len = 200_000;
        let sums = map_ranges("test", len, |range| range.map(|i| i as u64).sum::<u64>());
        assert_eq!(sums.iter().sum::<u64>(), (len as u64 - 1) * len as u64 / 2);
        let firsts = map_ranges("test", len, |range| range.start);
        assert!(firsts.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn each_part_is_worked_on_once_and_comes_back_in_order() {
        let parts: Vec<Vec<u32>> = (0..5).map(|i| vec![i; 3]).collect();
        let sums = run_each("test", parts, |part| part.iter().sum::<u32>());
        assert_eq!(sums, vec![0, 3, 6, 9, 12]);
        assert_eq!(run_each("test", Vec::<u8>::new(), |b| b), Vec::<u8>::new());
    }

    #[test]
    fn join_gives_both_results_and_runs_the_second_on_a_named_thread() {
        let (a, (b, name)) = join(
            "test",
            || (1..=100u64).sum::<u64>(),
            || {
                let name = thread::current().name().map(str::to_string);
                ((1..=10u64).product::<u64>(), name)
            },
        );
        assert_eq!((a, b), (5050, 3_628_800));
        if thread::available_parallelism().map_or(1, |n| n.get()) > 1 {
            assert_eq!(name.as_deref(), Some("fidelio-test"));
        }
    }

    #[test]
    fn a_panic_in_joined_work_reaches_the_caller() {
        let caught = std::panic::catch_unwind(|| join("test", || 1, || panic!("second failed")));
        assert!(caught.is_err());
    }

    #[test]
    fn a_filled_vector_holds_its_value_in_every_slot() {
        for len in [0, 1, 200_001] {
            let out = filled_vec("test", len, &String::from("placeholder"));
            assert_eq!(out.len(), len);
            assert!(out.iter().all(|s| s == "placeholder"));
        }
    }

    #[test]
    fn extending_on_all_cores_appends_every_item_in_order() {
        for len in [0, 3, 150_001] {
            let mut out = vec![7u64, 8];
            let from: Vec<u32> = (0..len).collect();
            extend_mapped("test", &mut out, &from, |&i| u64::from(i) * 2);
            let expected: Vec<u64> = [7, 8]
                .into_iter()
                .chain((0..len).map(|i| u64::from(i) * 2))
                .collect();
            assert_eq!(out, expected);
        }
    }

    #[test]
    fn fill_sets_every_slot_from_its_own_index() {
        let mut out = vec![0usize; 150_001];
        fill("test", &mut out, |i| i * 3);
        assert!(out.iter().enumerate().all(|(i, v)| *v == i * 3));
    }
}
