//! The one way sitegen spreads work over cores: a shared counter hands out items in order to
//! `SITEGEN_THREADS` threads (default one per core), so big items first and many small items after keep
//! every core busy. Used by the vacancy loader and the render phase; `sitegen deploy` runs its requests
//! through [`each_until_error`] on as many threads as `--concurrency` says (they wait on the network).

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// How many worker threads: `SITEGEN_THREADS` when set (≥ 1), else one per core.
pub fn worker_threads() -> usize {
    std::env::var("SITEGEN_THREADS")
        .ok()
        .and_then(|s| s.trim().parse::<usize>().ok())
        .filter(|&n| n >= 1)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// `f` applied to every item, results in the items' order.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let threads = worker_threads().min(items.len().max(1));
    let mut done: Vec<(usize, R)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { return out };
                        out.push((i, f(item)));
                    }
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// `f` on every item; the first error (in item order) when any fails.
pub fn each<T: Sync, E: Send>(items: &[T], f: impl Fn(&T) -> Result<(), E> + Sync) -> Result<(), E> {
    map(items, f).into_iter().collect()
}

/// `f` on every item over `threads` threads (for work that waits, such as requests, more threads than
/// cores), handing out no item once one has failed: the first error in item order among those that ran.
/// Items already started finish.
pub fn each_until_error<T: Sync, E: Send>(items: &[T], threads: usize, f: impl Fn(&T) -> Result<(), E> + Sync) -> Result<(), E> {
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let first: Mutex<Option<(usize, E)>> = Mutex::new(None);
    std::thread::scope(|s| {
        for _ in 0..threads.clamp(1, items.len().max(1)) {
            s.spawn(|| {
                while !failed.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { return };
                    if let Err(e) = f(item) {
                        failed.store(true, Ordering::Relaxed);
                        let mut first = first.lock().unwrap_or_else(|e| e.into_inner());
                        if first.as_ref().is_none_or(|(j, _)| i < *j) {
                            *first = Some((i, e));
                        }
                    }
                }
            });
        }
    });
    match first.into_inner().unwrap_or_else(|e| e.into_inner()) {
        Some((_, e)) => Err(e),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_keeps_order_and_each_reports_errors() {
        let items: Vec<u32> = (0..1000).collect();
        assert_eq!(map(&items, |x| x * 2), items.iter().map(|x| x * 2).collect::<Vec<_>>());
        assert!(map(&Vec::<u32>::new(), |x| *x).is_empty());
        assert_eq!(each(&items, |&x| if x % 400 == 399 { Err(format!("bad {x}")) } else { Ok(()) }), Err("bad 399".to_owned()));
        assert_eq!(each(&items, |_| Ok::<(), String>(())), Ok(()));
    }

    #[test]
    fn each_until_error_stops_handing_out_items() {
        let items: Vec<u32> = (0..10_000).collect();
        let ran = AtomicUsize::new(0);
        let r = each_until_error(&items, 4, |&x| {
            ran.fetch_add(1, Ordering::Relaxed);
            if x == 10 { Err(x) } else { Ok(()) }
        });
        assert_eq!(r, Err(10));
        assert!(ran.load(Ordering::Relaxed) < 100, "stopped soon after the failure");
        assert_eq!(each_until_error(&items, 3, |_| Ok::<(), ()>(())), Ok(()));
        assert_eq!(each_until_error(&Vec::<u32>::new(), 8, |_| Err(())), Ok(()));
    }
}
