//! Decoders against damaged files (issue 15 §2): every decoder the widget runs on bytes from the
//! network — [`Manifest`], [`Shard`], [`decode_docs`] (chunks and result tables), [`Column`], [`decode_salary`], [`ProfileData`],
//! [`decode_match`], [`Words`], [`Sounds`] — is given real encoded files (a built index of several chunks and shards),
//! truncated at every length, with bytes replaced and bits flipped, huge varints and lengths past the
//! end written in, and pieces of the file copied over others; each must return `Ok` or a
//! [`FormatError`], never panic (each decode runs under `catch_unwind`, so a panic is reported with the
//! file and the damage that caused it). Decoded output stays within a bound of the file's size
//! ([`super::MAX_EXPANSION`]). A small deterministic generator stands in for a property-testing crate:
//! the engine has no dependencies.

use std::panic::{AssertUnwindSafe, catch_unwind};

use super::profile::{ProfileData, decode_match};
use super::tests::sample;
use super::*;

use crate::test_rng::Rng;

fn varint(mut v: u64) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return out;
        }
        out.push(b | 0x80);
    }
}

/// A real index: the sample's documents repeated so there are several chunks, shards and districts.
fn files() -> (IndexFile, Vec<IndexFile>) {
    let mut input = sample();
    let base = input.docs.clone();
    for i in 0..40 {
        let mut d = base[i % base.len()].clone();
        d.view.id = format!("doc-{i}");
        d.view.title = format!("{}{i}", d.view.title);
        d.posted_days += i as i64;
        input.docs.push(d);
    }
    let built = build(input).unwrap();
    (built.manifest, built.files)
}

/// Decodes `bytes` as the kind of file `name` is; the match files need the (genuine) profile.
fn decode(name: &str, bytes: &[u8], profile: &ProfileData) -> Result<usize, FormatError> {
    let kind = name.split('-').next().unwrap();
    Ok(match kind {
        "index" => Manifest::decode(bytes).map(|m| m.facets.len() + m.shards.len())?,
        "terms" => Shard::decode(bytes).map(|s| s.terms.len())?,
        "docs" | "results" => decode_docs(bytes)?.len(),
        "facet" => Column::decode(bytes)?.len(),
        "salary" => decode_salary(bytes)?.len(),
        "profile" => ProfileData::decode(bytes).map(|p| p.skills.len())?,
        "match" => decode_match(bytes, profile, 20_000)?.len(),
        "words" => Words::decode(bytes)?.terms.len(),
        "sounds" => Sounds::decode(bytes).map(|s| s.syllables.len() + s.words.len())?,
        other => panic!("unknown file {other}"),
    })
}

/// Every way of damaging `bytes` this test tries, as (what, damaged bytes).
fn damages(bytes: &[u8], rng: &mut Rng) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for n in 0..bytes.len() {
        out.push((format!("truncated to {n}"), bytes[..n].to_vec()));
    }
    for i in 0..bytes.len() {
        for bit in 0..8 {
            let mut b = bytes.to_vec();
            b[i] ^= 1 << bit;
            out.push((format!("bit {bit} of byte {i} flipped"), b));
        }
        for v in [0x00, 0x7f, 0x80, 0xff] {
            let mut b = bytes.to_vec();
            b[i] = v;
            out.push((format!("byte {i} set to {v:#x}"), b));
        }
    }
    let huge: [(&str, Vec<u8>); 5] = [
        ("u64::MAX", varint(u64::MAX)),
        ("u32::MAX", varint(u64::from(u32::MAX))),
        ("past the end", varint(bytes.len() as u64 + 1)),
        ("i64::MIN", varint(1 << 63)),
        ("11-byte varint", vec![0xff; 11]),
    ];
    for i in 5..bytes.len() {
        for (what, v) in &huge {
            let mut replaced = bytes.to_vec();
            replaced.splice(i..(i + 1).min(bytes.len()), v.iter().copied());
            out.push((format!("{what} written at {i}"), replaced));
            let mut inserted = bytes.to_vec();
            inserted.splice(i..i, v.iter().copied());
            out.push((format!("{what} inserted at {i}"), inserted));
        }
    }
    for round in 0..200 {
        let mut b = bytes.to_vec();
        let n = 1 + rng.below(8);
        for _ in 0..n {
            let i = 5 + rng.below(b.len().saturating_sub(5));
            if i < b.len() {
                b[i] = rng.next() as u8;
            }
        }
        out.push((format!("random bytes, round {round}"), b));
        // A piece of the file copied over another place (repeated records, shared prefixes).
        let mut b = bytes.to_vec();
        let (from, to, len) = (rng.below(bytes.len()), 5 + rng.below(bytes.len().saturating_sub(5)), 1 + rng.below(64));
        let piece: Vec<u8> = bytes[from..(from + len).min(bytes.len())].to_vec();
        let end = (to + piece.len()).min(b.len());
        b.splice(to..end, piece);
        out.push((format!("piece {from}+{len} copied to {to}, round {round}"), b));
    }
    out
}

#[test]
fn decoders_return_errors_never_panic_on_damaged_files() {
    let (manifest, files) = files();
    let m = Manifest::decode(&manifest.bytes).unwrap();
    let profile = ProfileData::decode(&files.iter().find(|f| f.name == m.profile_file()).unwrap().bytes).unwrap();
    let mut all = vec![manifest];
    all.extend(files);
    for kind in ["index", "terms", "docs", "facet", "salary", "profile", "match", "words"] {
        assert!(all.iter().any(|f| f.name.starts_with(kind)), "no {kind} file in the sample");
    }
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut tried, mut refused, mut panics) = (0usize, 0usize, Vec::new());
    for f in &all {
        assert!(decode(&f.name, &f.bytes, &profile).is_ok(), "{} decodes undamaged", f.name);
        for (what, bytes) in damages(&f.bytes, &mut rng) {
            tried += 1;
            match catch_unwind(AssertUnwindSafe(|| decode(&f.name, &bytes, &profile))) {
                Ok(Ok(_)) => {}
                Ok(Err(_)) => refused += 1,
                Err(p) => {
                    let msg = p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default();
                    panics.push(format!("{}: {what}: {msg}", f.name));
                }
            }
        }
    }
    std::panic::set_hook(hook);
    eprintln!("{tried} damaged files decoded: {refused} refused with an error, {} accepted, {} panics", tried - refused - panics.len(), panics.len());
    assert!(panics.is_empty(), "{} panics, first ones:\n{}", panics.len(), panics.iter().take(20).cloned().collect::<Vec<_>>().join("\n"));
    assert!(refused > tried / 2, "most damage is noticed ({refused} of {tried})");
}

/// A file of `kind` with `body` after the header.
fn file(kind: u8, body: &[u8]) -> Vec<u8> {
    let mut b = MAGIC.to_vec();
    b.push(kind);
    b.extend(varint(u64::from(FORMAT_VERSION)));
    b.extend_from_slice(body);
    b
}

#[test]
fn lengths_read_from_a_file_cannot_make_it_expand() {
    // A shard whose first term is 60,000 bytes and whose 100,000 further terms each repeat all of it
    // (front coding: shared = 60,000, no suffix, no postings): 0.6 MB asking for 6 GB of terms.
    let mut body = varint(100_001);
    body.extend(varint(0));
    body.extend(varint(60_000));
    body.extend(std::iter::repeat_n(b'a', 60_000));
    body.extend(varint(0));
    for _ in 0..100_000 {
        body.extend(varint(60_000));
        body.extend(varint(0));
        body.extend(varint(0));
    }
    let t = std::time::Instant::now();
    let e = Shard::decode(&file(KIND_TERMS, &body)).unwrap_err();
    assert!(e.0.contains("times its size"), "{e}");
    assert!(t.elapsed() < std::time::Duration::from_secs(2));
    // The manifest's shard list, the same way.
    let m = Manifest { doc_count: 1, docs_per_chunk: 16, shards: vec!["a".repeat(60_000)], ..Manifest::default() };
    let mut bytes = m.encode().bytes;
    let shards_at = bytes.len() - (varint(1).len() + 1 + varint(60_000).len() + 60_000);
    bytes.truncate(shards_at);
    bytes.extend(varint(100_001));
    bytes.extend(varint(0));
    bytes.extend(varint(60_000));
    bytes.extend(std::iter::repeat_n(b'a', 60_000));
    for _ in 0..100_000 {
        bytes.extend(varint(60_000));
        bytes.extend(varint(0));
    }
    assert!(Manifest::decode(&bytes).unwrap_err().0.contains("times its size"));
    // A match file naming one long skill 300,000 times (and every group of 32 long ones).
    let profile = ProfileData { skills: vec![("技".repeat(20_000), 1)], groups: vec!["群".repeat(1000); 32], ..ProfileData::default() };
    let mut body = varint(1);
    body.extend(varint(0)); // document
    body.extend(varint(300_000));
    body.extend(std::iter::repeat_n(0u8, 300_000));
    body.extend([0, 0, 0, 0, 0, 0, 0, 0]);
    let e = decode_match(&file(super::profile::KIND_MATCH, &body), &profile, 0).unwrap_err();
    assert!(e.0.contains("times its size"), "{e}");
    let mut body = varint(20_000);
    for i in 0..20_000 {
        body.extend(varint(u64::from(i > 0))); // document
        body.extend([0, 0, 0, 0, 0, 0, 0]);
        body.extend(varint(u64::from(u32::MAX))); // every group
        body.push(0);
    }
    let e = decode_match(&file(super::profile::KIND_MATCH, &body), &profile, 0).unwrap_err();
    assert!(e.0.contains("times its size"), "{e}");
    // A manifest for more documents than any index may have (the reader allocates per document).
    let m = Manifest { doc_count: MAX_DOCS + 1, docs_per_chunk: 16, ..Manifest::default() };
    assert!(Manifest::decode(&m.encode().bytes).unwrap_err().0.contains("more than"));
    let ok = Manifest { doc_count: MAX_DOCS, docs_per_chunk: 16, ..Manifest::default() };
    assert!(Manifest::decode(&ok.encode().bytes).is_ok());
}

#[test]
fn search_runs_on_columns_that_disagree_with_the_manifest() {
    // Each file decodes on its own; a damaged column can be shorter than the manifest's count or name
    // values it does not have. The search then treats the missing values as none.
    let (manifest, files) = files();
    let m = Manifest::decode(&manifest.bytes).unwrap();
    let columns = Columns { facets: vec![Some(Column::Single(vec![5, 0])), Some(Column::Multi(vec![u32::MAX]))], salary: Some(vec![1]) };
    let shards: Vec<Shard> =
        (0..m.shards.len()).map(|i| Shard::decode(&files.iter().find(|f| f.name == m.shard_file(i)).unwrap().bytes).unwrap()).collect();
    for sort in [crate::search::Sort::Relevance, crate::search::Sort::Newest, crate::search::Sort::Salary] {
        let req = crate::search::Request { text: "焊工".into(), filters: vec![vec![0, 9], vec![1, 40]], sort };
        let out = crate::search::run(&m, &columns, |i| shards.get(i), &req);
        assert!(out.docs.len() <= m.doc_count as usize);
    }
}
