//! Each content file's loader, through `sitegen`'s library as a build reads the folder
//! (`Content::load`): a copy of the good fixture with one file — `site.toml`, a `district.toml`, a
//! markdown page or policy (TOML front matter and markdown), `stations.toml` (opening hours),
//! `events.toml`, `figures.toml` or a vacancy file — replaced by the input's bytes. The input is
//! `kind\0bytes`, the kinds of `quanyu_fuzz::CONTENT_KINDS`. Any bytes: diagnostics, never a panic; and a
//! load without errors returns the content. A vacancy file is loaded twice more through a build cache
//! (the first load keeps its records, the second takes them from it: `load::records`): both give the
//! same vacancies and the same diagnostics as the load without one.
#![no_main]

use engine::date::Date;
use engine::diag::Diagnostics;
use engine::vacancy::Vacancy;
use libfuzzer_sys::fuzz_target;
use quanyu_fuzz::{CONTENT_KINDS, Scratch, split_kind};
use sitegen::load::LoadOptions;
use sitegen::model::Content;
use std::path::PathBuf;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static SCRATCH: OnceLock<Scratch> = OnceLock::new();
    let scratch = SCRATCH.get_or_init(|| Scratch::new("content"));
    let Some((kind, bytes)) = split_kind(data) else { return };
    let Some((_, rel)) = CONTENT_KINDS.iter().find(|(k, _)| *k == kind) else { return };
    let opts = |cache_dir: Option<PathBuf>| LoadOptions { build_date: Date::new(2026, 11, 20).expect("a date"), cache_dir };
    let cache = scratch.root.with_extension("cache");
    let loads = scratch.with(rel, bytes, |_| {
        let plain = Content::load(&scratch.root, opts(None));
        let cached = kind.starts_with("vacancies").then(|| {
            let _ = std::fs::remove_dir_all(&cache);
            [Content::load(&scratch.root, opts(Some(cache.clone()))), Content::load(&scratch.root, opts(Some(cache.clone())))]
        });
        (plain, cached)
    });
    let ((content, diags), cached) = loads;
    assert!(content.is_some() || diags.has_errors(), "no content and no error");
    let seen = |(content, diags): &(Option<Content>, Diagnostics)| {
        let vacancies: Vec<Vacancy> = content.iter().flat_map(|c| &c.districts).flat_map(|d| d.vacancies.clone()).collect();
        (vacancies, diags.sorted().iter().map(|d| d.to_string()).collect::<Vec<_>>())
    };
    let want = seen(&(content, diags));
    for (n, load) in cached.into_iter().flatten().enumerate() {
        assert_eq!(seen(&load), want, "load {} through the build cache differs from the load without one", n + 1);
    }
});
