//! Each content file's loader, through `sitegen`'s library as a build reads the folder
//! (`Content::load`): a copy of the good fixture with one file — `site.toml`, a `district.toml`, a
//! markdown page or policy (TOML front matter and markdown), `stations.toml` (opening hours),
//! `events.toml`, `figures.toml` or a vacancy file — replaced by the input's bytes. The input is
//! `kind\0bytes`, the kinds of `quanyu_fuzz::CONTENT_KINDS`. Any bytes: diagnostics, never a panic; and a
//! load without errors returns the content.
#![no_main]

use engine::date::Date;
use libfuzzer_sys::fuzz_target;
use quanyu_fuzz::{CONTENT_KINDS, Scratch, split_kind};
use sitegen::load::LoadOptions;
use sitegen::model::Content;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static SCRATCH: OnceLock<Scratch> = OnceLock::new();
    let scratch = SCRATCH.get_or_init(|| Scratch::new("content"));
    let Some((kind, bytes)) = split_kind(data) else { return };
    let Some((_, rel)) = CONTENT_KINDS.iter().find(|(k, _)| *k == kind) else { return };
    let opts = LoadOptions { build_date: Date::new(2026, 11, 20).expect("a date") };
    let (content, diags) = scratch.with(rel, bytes, |_| Content::load(&scratch.root, opts));
    assert!(content.is_some() || diags.has_errors(), "no content and no error");
});
