//! The index writer and its readers together: documents made from the input (`quanyu_fuzz::texts`) are
//! built into an index (`engine::index::build`), and every file the writer makes must decode, with the
//! documents and columns it was given; then the rest of the input damages the files (bytes replaced,
//! truncated) and they are decoded again and searched as the widget would: errors, never a panic, and
//! no result outside the documents the manifest counts. The same input is also built twice more with
//! a store of kept terms (`engine::index::terms`, what sitegen's build cache keeps): once making every
//! document's terms, once reading them all back; both must give every file byte for byte.
#![no_main]

use engine::index::{Column, Columns, Manifest, ProfileData, Shard, decode_docs, decode_match, decode_salary};
use engine::search::{Request, Sort, run};
use libfuzzer_sys::fuzz_target;
use quanyu_fuzz::{Bytes, index_input, texts};

fuzz_target!(|data: &[u8]| {
    let mut b = Bytes(data);
    let t = texts(&mut b);
    let input = index_input(&t, &mut b);
    let n = input.docs.len();
    let Ok(built) = engine::index::build(input.clone()) else { return };
    let with = |store: &std::sync::Arc<Store>| engine::index::IndexInput {
        kept_terms: Some(engine::index::terms::TermStore(store.clone())),
        ..input.clone()
    };
    let first = std::sync::Arc::new(Store::default());
    let again = engine::index::build(with(&first)).expect("the same input builds with a store of terms");
    assert!(again.manifest == built.manifest && again.files == built.files, "terms made for the store: every file, byte for byte");
    let kept = std::mem::take(&mut *first.made.lock().unwrap());
    assert_eq!(kept.len(), n, "every document's terms made once");
    let second = std::sync::Arc::new(Store { kept, made: Default::default() });
    let read = engine::index::build(with(&second)).expect("the same input builds from kept terms");
    assert!(read.manifest == built.manifest && read.files == built.files, "terms read back: every file, byte for byte");
    assert!(second.made.lock().unwrap().is_empty(), "a document tokenized though its terms were kept");
    let manifest = Manifest::decode(&built.manifest.bytes).expect("the writer's manifest decodes");
    assert_eq!(manifest.doc_count as usize, n);
    let mut files: Vec<(String, Vec<u8>)> = built.files.iter().map(|f| (f.name.clone(), f.bytes.clone())).collect();
    let profile = ProfileData::decode(&find(&files, &manifest.profile_file())).expect("the writer's profile decodes");
    let docs: usize = (0..manifest.chunk_count()).map(|i| decode_docs(&find(&files, &manifest.chunk_file(i))).expect("a chunk decodes").len()).sum();
    assert_eq!(docs, n, "the chunks hold every document once");
    if let Some(fi) = manifest.facet("district") {
        let tables =
            (0..manifest.facets[fi].values.len()).map(|v| decode_docs(&find(&files, &manifest.table_file(v))).expect("a result table decodes"));
        assert!(tables.map(|t| t.len()).sum::<usize>() <= n, "a document in two districts' result tables");
    }
    for i in 0..manifest.facets.len() {
        assert_eq!(Column::decode(&find(&files, &manifest.column_file(i))).expect("a column decodes").len(), n);
    }
    assert_eq!(decode_salary(&find(&files, &manifest.salary_file())).expect("the salary column decodes").len(), n);
    for i in 0..manifest.shards.len() {
        Shard::decode(&find(&files, &manifest.shard_file(i))).expect("a shard decodes");
    }
    let matched: usize = (0..profile.districts.len())
        .map(|d| decode_match(&find(&files, &manifest.match_file(d)), &profile, 20_000).expect("a match file decodes").len())
        .sum();
    assert_eq!(matched, n, "the match files hold every document once");

    // Damage: (file, position, byte) triples and a truncation, from the rest of the input.
    let mut manifest_bytes = built.manifest.bytes.clone();
    while !b.rest().is_empty() {
        let (which, at, value, cut) = (usize::from(b.u8()), b.u32() as usize, b.u8(), b.u8());
        let k = which % (files.len() + 1);
        let bytes = if k == files.len() { &mut manifest_bytes } else { &mut files[k].1 };
        if bytes.is_empty() {
            continue;
        }
        let i = at % bytes.len();
        bytes[i] = value;
        if cut % 8 == 0 {
            bytes.truncate(i);
        }
    }
    let Ok(m) = Manifest::decode(&manifest_bytes) else { return };
    let mut columns = Columns::none(&m);
    for (i, c) in columns.facets.iter_mut().enumerate() {
        *c = files.iter().find(|f| f.0 == m.column_file(i)).and_then(|f| Column::decode(&f.1).ok());
    }
    columns.salary = files.iter().find(|f| f.0 == m.salary_file()).and_then(|f| decode_salary(&f.1).ok());
    let shards: Vec<Option<Shard>> =
        (0..m.shards.len()).map(|i| files.iter().find(|f| f.0 == m.shard_file(i)).and_then(|f| Shard::decode(&f.1).ok())).collect();
    for f in &files {
        let _ = decode_docs(&f.1);
        if let Ok(p) = ProfileData::decode(&f.1) {
            for g in &files {
                let _ = decode_match(&g.1, &p, 20_000);
            }
        }
        let _ = decode_match(&f.1, &profile, 20_000);
    }
    let text = t.titles.first().cloned().unwrap_or_default();
    for sort in [Sort::Relevance, Sort::Newest, Sort::Salary] {
        let req = Request { text: text.clone(), filters: m.facets.iter().map(|f| (0..f.values.len().min(3) as u16).collect()).collect(), sort };
        let out = run(&m, &columns, |i| shards.get(i).and_then(Option::as_ref), &req);
        assert!(out.docs.iter().all(|&d| d < m.doc_count), "a result past the documents");
    }
});

fn find(files: &[(String, Vec<u8>)], name: &str) -> Vec<u8> {
    files.iter().find(|f| f.0 == name).unwrap_or_else(|| panic!("the manifest names {name}, which the writer did not make")).1.clone()
}

/// Kept terms by position, and those a build made.
#[derive(Default)]
struct Store {
    kept: std::collections::HashMap<usize, Vec<u8>>,
    made: std::sync::Mutex<std::collections::HashMap<usize, Vec<u8>>>,
}

impl engine::index::terms::KeptTerms for Store {
    fn kept(&self, positions: &[u32], bytes: &mut Vec<u8>) -> Vec<Option<std::ops::Range<usize>>> {
        let mut one = |terms: &Vec<u8>| {
            bytes.extend_from_slice(terms);
            bytes.len() - terms.len()..bytes.len()
        };
        positions.iter().map(|&p| self.kept.get(&(p as usize)).map(&mut one)).collect()
    }

    fn made(&self, position: usize, terms: &[u8]) {
        self.made.lock().unwrap().insert(position, terms.to_vec());
    }
}
