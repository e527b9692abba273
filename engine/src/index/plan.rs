//! The documents of an index's input hashed on the input's threads, or summed from the hashes a caller
//! kept ([`super::IndexInput::doc_hashes`]), for [`super::generation`].
//!
//! Its own file, with `generation` in `mod.rs` keeping its lines, on purpose: the search build's wasm
//! embeds `mod.rs`'s panic locations (file and line), and a writer-only engine change once moved the
//! search build over its size budget (docs/benchmarks.md, "Where a full build's wall time went"): check
//! `cargo xtask widget` after any engine change.

use super::{FnvHasher, IndexInput, JobFeatures, each_alias};

/// The hash [`super::generation`] takes of the document at `position` of `input` (made now if it is a
/// made one, with its aliases): every field the index stores or tokenizes. A caller that keeps these
/// between builds (keyed by everything the document is made from) hands them back as
/// [`IndexInput::doc_hashes`].
pub fn doc_hash(input: &IndexInput<'_>, position: usize) -> u64 {
    let put = |h: &mut FnvHasher, s: &[u8]| {
        std::hash::Hasher::write(h, &(s.len() as u64).to_le_bytes());
        std::hash::Hasher::write(h, s);
    };
    let d = input.doc(position);
    let mut dh = FnvHasher::default();
    let v = &d.view;
    for s in [&v.id, &v.url, &v.title, &v.employer, &v.district, &v.locality, &v.date] {
        put(&mut dh, s.as_bytes());
    }
    put(&mut dh, d.title.as_bytes());
    d.body.iter().for_each(|b| put(&mut dh, b.as_bytes()));
    if let Some((min, max, unit)) = &v.salary {
        put(&mut dh, &[u64::from(*min).to_le_bytes(), u64::from(*max).to_le_bytes()].concat());
        put(&mut dh, unit.as_bytes());
    }
    v.work_types.iter().for_each(|t| put(&mut dh, t.as_bytes()));
    put(&mut dh, &d.posted_days.to_le_bytes());
    put(&mut dh, &d.salary_max_monthly.to_le_bytes());
    for (i, keys) in d.facets.iter().enumerate() {
        put(&mut dh, &(i as u64).to_le_bytes());
        keys.iter().for_each(|k| put(&mut dh, k.as_bytes()));
    }
    put(&mut dh, format!("{:?}", JobFeatures { age_days: 0, ..d.features.clone() }).as_bytes());
    each_alias(&d.aliases, position, input.made_aliases.as_ref(), |a| put(&mut dh, a.as_bytes()));
    std::hash::Hasher::finish(&dh)
}

/// The sum (wrapping) of every document's [`doc_hash`]: the caller's, or hashed on the input's threads.
pub(super) fn doc_sum(input: &IndexInput<'_>) -> u64 {
    match &input.doc_hashes {
        Some(kept) => {
            assert_eq!(kept.len(), input.doc_count(), "one kept hash per document");
            kept.iter().fold(0u64, |sum, h| sum.wrapping_add(*h))
        }
        None => sum_over(input, |position| doc_hash(input, position)),
    }
}

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
