//! Embeds the built widget: its two builds (`widget.js`, `widget_bg.wasm`, and the build with the profile,
//! `widget_full.js`, `widget_full_bg.wasm`) from `widget-dist/` beside this file — the copy committed in
//! the repository, which `cargo xtask widget|dist|serve|test` keep current (and `cargo xtask test` checks
//! is what the widget's sources build) — or from `QUANYU_WIDGET_DIR` when set (a relative path is taken
//! from the workspace root). Writes `$OUT_DIR/widget_assets.rs`, an `Option<Widget>` expression included
//! by `src/output/widget_assets.rs`: `None` when the files are missing, and then every build says the site
//! has no search widget (with a cargo warning here too).
//!
//! Cargo reruns this script when the variable or any of the files changes.

use std::path::{Path, PathBuf};

const FILES: [&str; 4] = ["widget.js", "widget_bg.wasm", "widget_full.js", "widget_full_bg.wasm"];

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=QUANYU_WIDGET_DIR");
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let dir = match std::env::var_os("QUANYU_WIDGET_DIR").filter(|d| !d.is_empty()) {
        Some(d) => manifest.parent().unwrap_or(&manifest).join(d),
        None => manifest.join("widget-dist"),
    };
    println!("cargo:rerun-if-changed={}", utf8(&dir));
    let paths: Vec<PathBuf> = FILES.iter().map(|f| dir.join(f)).collect();
    let mut expr = String::from("None");
    if paths.iter().all(|p| p.is_file()) {
        for p in &paths {
            println!("cargo:rerun-if-changed={}", utf8(p));
        }
        // `{:?}` of a `str` is a valid Rust string literal.
        expr = format!(
            "Some(Widget {{ js: include_bytes!({:?}), wasm: include_bytes!({:?}), full_js: include_bytes!({:?}), full_wasm: include_bytes!({:?}) }})",
            utf8(&paths[0]),
            utf8(&paths[1]),
            utf8(&paths[2]),
            utf8(&paths[3])
        );
    } else {
        println!("cargo:warning={} lacks some of {FILES:?}: this sitegen will build sites without the search widget", dir.display());
    }
    let out = Path::new(&std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("widget_assets.rs");
    std::fs::write(&out, format!("{expr}\n")).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}

fn utf8(p: &Path) -> &str {
    p.to_str().unwrap_or_else(|| panic!("widget path {} is not UTF-8", p.display()))
}
