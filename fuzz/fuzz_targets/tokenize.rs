//! What a citizen types, as the widget gets it: a JS string is UTF-16 and may hold lone surrogates, which
//! wasm-bindgen turns into U+FFFD on the way to a Rust `String` — `String::from_utf16_lossy` does the same.
//! The input's bytes are taken as little-endian u16s (so any surrogate sequence occurs) and the text goes
//! through the tokenizer (`engine::tokenize`: normalize, index and query terms), the search's terms and
//! plan, a whole search on a small real index (`quanyu_fuzz::sample`), and the widget's URL state (the
//! query string is a JS string too): parsed, printed and parsed again to the same search.
#![no_main]

use engine::search::{Request, Sort, plan, run};
use engine::tokenize::{index_terms, normalize, query_terms};
use libfuzzer_sys::fuzz_target;
use widget::state::SearchState;

fuzz_target!(|data: &[u8]| {
    let units: Vec<u16> = data.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
    let text = String::from_utf16_lossy(&units);
    let _ = normalize(&text);
    for t in index_terms(&text).iter().chain(&query_terms(&text)) {
        assert!(!t.is_empty(), "an empty term from {text:?}");
    }
    let sample = quanyu_fuzz::sample();
    let shards = plan(&sample.manifest, &text);
    assert!(shards.iter().all(|&s| s < sample.shards.len()), "plan names a shard the manifest lacks");
    let sort = [Sort::Relevance, Sort::Newest, Sort::Salary][usize::from(data.first().copied().unwrap_or(0) % 3)];
    let filters =
        sample.manifest.facets.iter().map(|f| (0..f.values.len() as u16).filter(|v| data.len() % (usize::from(*v) + 2) == 0).collect()).collect();
    let req = Request { text: text.clone(), filters, sort };
    let out = run(&sample.manifest, &sample.columns, |i| sample.shards.get(i), &req);
    assert!(out.docs.iter().all(|&d| d < sample.manifest.doc_count), "a result past the documents");

    let defaults = SearchState::defaults("district=tianhe");
    let state = SearchState::from_url(&text, &defaults);
    let again = SearchState::from_url(&state.to_query(&defaults), &defaults);
    assert!(again.same_search(&state), "{text:?}: {state:?} printed as {:?} reads back as {again:?}", state.to_query(&defaults));
});
