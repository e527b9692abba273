//! Embeds the built widget when `QUANYU_WIDGET_DIR` names a folder holding its two builds (`widget.js`,
//! `widget_bg.wasm`, and the build with the profile, `widget_full.js`, `widget_full_bg.wasm`)
//! (`cargo xtask dist|serve|test` build them into `<target>/widget-dist/` and set the variable on every cargo
//! run): writes `$OUT_DIR/widget_assets.rs`, an `Option<Widget>` expression included by
//! `src/widget_assets.rs`. Without the variable or the files, `sitegen` builds with no widget. A relative
//! `QUANYU_WIDGET_DIR` is taken from the workspace root.
//!
//! Cargo reruns this script when the variable changes or, when the folder exists, when anything in it does
//! (files appearing included). A missing folder is not watched: cargo would treat the missing path as
//! changed and rerun the script (and rebuild `sitegen`) on every build.

use std::path::{Path, PathBuf};

const FILES: [&str; 4] = ["widget.js", "widget_bg.wasm", "widget_full.js", "widget_full_bg.wasm"];

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=QUANYU_WIDGET_DIR");
    let dir = std::env::var_os("QUANYU_WIDGET_DIR").filter(|d| !d.is_empty()).map(|d| absolute(Path::new(&d)));
    let mut expr = String::from("None");
    if let Some(dir) = dir.filter(|d| d.is_dir()) {
        println!("cargo:rerun-if-changed={}", utf8(&dir));
        let paths: Vec<PathBuf> = FILES.iter().map(|f| dir.join(f)).collect();
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
        } else if paths.iter().any(|p| p.is_file()) {
            println!("cargo:warning=QUANYU_WIDGET_DIR={} holds only some of {FILES:?}: building without the widget", dir.display());
        }
    }
    let out = Path::new(&std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("widget_assets.rs");
    std::fs::write(&out, format!("{expr}\n")).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}

/// `p` made absolute; a relative path is taken from the workspace root (the folder above this package).
fn absolute(p: &Path) -> PathBuf {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(&manifest).join(p)
}

fn utf8(p: &Path) -> &str {
    p.to_str().unwrap_or_else(|| panic!("QUANYU_WIDGET_DIR: path {} is not UTF-8", p.display()))
}
