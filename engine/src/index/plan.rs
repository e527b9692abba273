//! The documents of an index's input hashed on the input's threads (for [`super::generation`]).
//!
//! Its own file, with `generation` in `mod.rs` keeping its lines, on purpose: the search build's wasm
//! embeds `mod.rs`'s panic locations (file and line), and a writer-only engine change once moved the
//! search build over its size budget (docs/benchmarks.md, "Where a full build's wall time went"): check
//! `cargo xtask widget` after any engine change.

use super::IndexInput;

/// `hash` of every position `0..input.doc_count()`, summed (wrapping), on `input.threads` threads.
pub(super) fn sum_over(input: &IndexInput<'_>, hash: impl Fn(usize) -> u64 + Sync) -> u64 {
    let count = input.doc_count();
    let threads = input.threads.clamp(1, 64).min(count.max(1));
    let sum = |range: std::ops::Range<usize>| range.fold(0u64, |sum, p| sum.wrapping_add(hash(p)));
    if threads == 1 {
        return sum(0..count);
    }
    let per = count.div_ceil(threads);
    std::thread::scope(|scope| {
        let sum = &sum;
        let handles: Vec<_> = (0..threads).map(|t| scope.spawn(move || sum(t * per..((t + 1) * per).min(count)))).collect();
        handles.into_iter().map(|h| h.join().expect("an index thread panicked")).fold(0, u64::wrapping_add)
    })
}
