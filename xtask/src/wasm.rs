//! The widget's wasm build: `cargo rustc` for `wasm32-unknown-unknown`, then wasm-bindgen (as a library,
//! pinned to the widget's exact `wasm-bindgen` version) into `<target>/widget-dist/`, then copied into
//! `sitegen/widget-dist/`, the copy committed in the repository that `sitegen/build.rs` embeds — so that
//! `cargo install --path sitegen` (or `--git`) gives a `sitegen` with the widget and needs neither the wasm
//! target nor wasm-bindgen (issue 12; ARCHITECTURE.md says why). `cargo xtask test` fails when the
//! committed copy is not what the sources build (it updates it, to be committed). The build is
//! reproducible: the same toolchain (`rust-toolchain.toml`) and `Cargo.lock` give the same bytes on any
//! machine, the one machine-dependent path in the wasm (cargo's home, in panic locations of dependencies)
//! being remapped to `/cargo`.
//!
//! `cargo rustc --crate-type cdylib` rather than a `cdylib` in the widget's manifest: under `cargo build`
//! a `["cdylib", "rlib"]` crate silently loses `lto` (cargo issue 9672), and the widget stays a plain rlib
//! for its native tests. The `wasm-release` profile (root `Cargo.toml`) keeps the native builds fast.
//!
//! After wasm-bindgen, binaryen's `wasm-opt -Oz --converge` ([`WASM_OPT_ARGS`]; the npm package
//! `binaryen`, pinned in `xtask/wasm-opt/package-lock.json` and installed there by `npm ci` on first use:
//! Debian's binaryen 108 cannot read wasm-bindgen 0.2.130's output) rewrites each wasm, as `wasm-pack`
//! does by default: 1.0% smaller brotli for the search build (117,854 → 116,631 bytes, measured
//! 2026-12-05), what paid for the districts' result tables (issue 14 §4). Its output is deterministic
//! for the same version and input, so the committed copy stays reproducible.
//!
//! wasm-bindgen warns "the `target_features` custom section is missing, likely due to `strip = true`": the
//! profile inherits `strip = true` from `release`, and wasm-bindgen then infers reference types from the
//! module's `__externref_table_alloc` export instead (correctly). `strip = "debuginfo"` would silence it, for
//! ~0.2 KB more brotli (measured); the warning shows only when wasm-bindgen actually runs.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::util::{cargo, committed_widget_dir, run, target_dir, widget_dist_dir};

/// The wasm target.
const TARGET: &str = "wasm32-unknown-unknown";
/// The cargo profile of the wasm build.
const PROFILE: &str = "wasm-release";
/// The files wasm-bindgen writes for `--target web --out-name widget` (no typescript, no snippets), the
/// only ones the `sitegen` embedding carries. `widget` is the search widget listing pages load first;
/// `widget_full` is the same crate with the `profile` feature (issue 4), loaded when a citizen uses the
/// profile (see `widget/src/ui/app.rs`).
pub const WIDGET_FILES: [&str; 4] = ["widget.js", "widget_bg.wasm", "widget_full.js", "widget_full_bg.wasm"];

/// The two builds: (wasm-bindgen output name, cargo features, target folder below the target dir — the
/// full build has its own, so switching features never rebuilds either).
const VARIANTS: [(&str, &str, &str); 2] = [("widget", "", ""), ("widget_full", "profile", "widget-full")];

/// How `wasm-opt` is run on each wasm after wasm-bindgen (the features wasm-bindgen's output uses:
/// reference types for its externref table, bulk memory for `memory.fill`/`copy`).
const WASM_OPT_ARGS: [&str; 8] = [
    "-Oz",
    "--converge",
    "--enable-bulk-memory",
    "--enable-reference-types",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-multivalue",
];

/// The search build's budget (issue 14 §4): its JS and wasm, brotli-compressed as [`sizes`] measures
/// them, at most 120 KiB. What only some searches need goes into the full build (see
/// `widget/src/ui/app.rs`).
pub const SEARCH_BUDGET: u64 = 120 * 1024;

/// An error when the search build (`widget.js` + `widget_bg.wasm`) is over [`SEARCH_BUDGET`].
pub fn check_budget(sizes: &[FileSize]) -> Result<(), String> {
    let brotli: u64 = variant_files(sizes, "widget").iter().map(|s| s.brotli).sum();
    if brotli > SEARCH_BUDGET {
        return Err(format!(
            "the search build (widget.js + widget_bg.wasm) is {brotli} bytes brotli, {} over its budget of {SEARCH_BUDGET} bytes (120 KiB): \
             move what only some searches need into the full build (feature `profile`, loaded later), or measure what grew",
            brotli - SEARCH_BUDGET
        ));
    }
    Ok(())
}

/// Builds the widget and runs wasm-bindgen; returns the folder holding [`WIDGET_FILES`] and prints their
/// sizes; an error when the search build is over [`SEARCH_BUDGET`] (after updating the committed copy). wasm-bindgen (and the compression for the sizes, ~5 s) is skipped when neither its input nor its
/// outputs changed since its last run, and a file whose content did not change is not rewritten, so an
/// unchanged widget does not make cargo rebuild `sitegen`.
pub fn build_widget() -> Result<PathBuf, String> {
    build(false)
}

/// [`build_widget`] for `cargo xtask test`: an error when the committed copy in `sitegen/widget-dist/` was
/// not what the sources build (it is updated all the same, so the rest of the run tests the fresh one).
pub fn build_widget_checked() -> Result<PathBuf, String> {
    build(true)
}

fn build(check: bool) -> Result<PathBuf, String> {
    ensure_target()?;
    let start = Instant::now();
    let mut inputs = Vec::new();
    for (_, features, dir) in VARIANTS {
        let mut c = cargo();
        c.args(["rustc", "--quiet", "-p", "widget", "--lib", "--crate-type", "cdylib", "--target", TARGET, "--profile", PROFILE]);
        let mut target = target_dir();
        if !features.is_empty() {
            c.args(["--features", features]);
        }
        if !dir.is_empty() {
            target = target.join(dir);
            c.env("CARGO_TARGET_DIR", &target);
        }
        // Panic locations in dependencies name their files under cargo's home: the same bytes on any machine.
        // (With `--target`, these flags reach only the wasm crates, not build scripts or proc macros.)
        c.env("CARGO_ENCODED_RUSTFLAGS", format!("--remap-path-prefix={}=/cargo", cargo_home().display()));
        run(&mut c)?;
        inputs.push(target.join(TARGET).join(PROFILE).join("widget.wasm"));
    }
    let compiled = start.elapsed();
    let out = widget_dist_dir();
    let stamp_file = inputs[0].with_extension("wasm.bindgen-stamp");
    let start = Instant::now();
    let cached = std::fs::read_to_string(&stamp_file).ok().and_then(|s| {
        let (st, sz) = s.split_once("\nsizes\n")?;
        if Some(st) == stamp(&inputs, &out).as_deref() { parse_sizes(sz) } else { None }
    });
    let (ran, sizes) = match cached {
        Some(sizes) => ("wasm-bindgen skipped (unchanged)".to_owned(), sizes),
        None => {
            remove(&stamp_file)?;
            bindgen(&inputs, &out)?;
            let ran = format!("wasm-bindgen {:.1} s", start.elapsed().as_secs_f64());
            let sizes = sizes(&out)?;
            if let Some(st) = stamp(&inputs, &out) {
                let sz: String = sizes.iter().map(|s| format!("{} {} {} {}\n", s.name, s.raw, s.gzip, s.brotli)).collect();
                std::fs::write(&stamp_file, format!("{st}\nsizes\n{sz}")).map_err(|e| format!("{}: {e}", stamp_file.display()))?;
            }
            (ran, sizes)
        }
    };
    eprintln!("xtask: widget: cargo {:.1} s, {ran} -> {}", compiled.as_secs_f64(), out.display());
    print_sizes(&sizes);
    let committed = committed_widget_dir();
    let changed = copy_changed(&out, &committed)?;
    if !changed.is_empty() {
        let list = changed.join(", ");
        eprintln!("xtask: updated {} ({list}): commit it (`cargo install --path sitegen` embeds it)", committed.display());
        if check {
            return Err(format!("{} was not what the widget's sources build ({list} differed); updated now: commit it", committed.display()));
        }
    }
    check_budget(&sizes)?;
    Ok(out)
}

/// Adds the wasm32 target when rustup has not (`rust-toolchain.toml` names it, but a rustup with
/// `RUSTUP_AUTO_INSTALL=0` does not install what the file names).
fn ensure_target() -> Result<(), String> {
    let Ok(out) = std::process::Command::new("rustup").args(["target", "list", "--installed"]).current_dir(crate::util::root()).output() else {
        return Ok(()); // no rustup: cargo will say what is missing
    };
    if String::from_utf8_lossy(&out.stdout).lines().any(|l| l.trim() == TARGET) {
        return Ok(());
    }
    run(std::process::Command::new("rustup").args(["target", "add", TARGET]).current_dir(crate::util::root()))
}

/// Cargo's home (`$CARGO_HOME`, else `~/.cargo`).
fn cargo_home() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cargo"))
}

/// Copies each of [`WIDGET_FILES`] from `from` into `to` where it differs; the names of those copied.
fn copy_changed(from: &Path, to: &Path) -> Result<Vec<&'static str>, String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    let mut changed = Vec::new();
    for f in WIDGET_FILES {
        let (src, dst) = (from.join(f), to.join(f));
        let bytes = std::fs::read(&src).map_err(|e| format!("{}: {e}", src.display()))?;
        if std::fs::read(&dst).ok().as_deref() != Some(bytes.as_slice()) {
            std::fs::write(&dst, &bytes).map_err(|e| format!("{}: {e}", dst.display()))?;
            changed.push(f);
        }
    }
    Ok(changed)
}

/// What wasm-bindgen's last run is remembered by: this file's wasm-bindgen options, and the length and
/// modification time of its input and outputs. `None` when a file is missing.
fn stamp(inputs: &[PathBuf], out: &Path) -> Option<String> {
    const OPTIONS: &str = "wasm-bindgen-cli-support 0.2.130 web omit_default_module_path=false no-names widget widget_full";
    let mut s = format!("{OPTIONS} wasm-opt {}", WASM_OPT_ARGS.join(" "));
    if let Ok(lock) = std::fs::read(wasm_opt_dir().join("package-lock.json")) {
        s.push_str(&format!(" lock {:016x}", fnv(&lock)));
    }
    for p in inputs.iter().cloned().chain(WIDGET_FILES.iter().map(|f| out.join(f))) {
        let m = std::fs::metadata(&p).ok()?;
        s.push_str(&format!("\n{} {} {:?}", p.display(), m.len(), m.modified().ok()?));
    }
    Some(s)
}

/// The sizes saved with the stamp: one `name raw gzip brotli` line per file of [`WIDGET_FILES`].
fn parse_sizes(text: &str) -> Option<Vec<FileSize>> {
    let sizes: Vec<FileSize> = text
        .lines()
        .map(|l| match l.split(' ').collect::<Vec<_>>()[..] {
            [name, raw, gzip, brotli] => {
                Some(FileSize { name: name.to_owned(), raw: raw.parse().ok()?, gzip: gzip.parse().ok()?, brotli: brotli.parse().ok()? })
            }
            _ => None,
        })
        .collect::<Option<_>>()?;
    sizes.iter().map(|s| s.name.as_str()).eq(WIDGET_FILES).then_some(sizes)
}

/// Runs wasm-bindgen on each variant's `inputs` into a staging folder, then moves the changed files into
/// `out` and deletes everything else there.
fn bindgen(inputs: &[PathBuf], out: &Path) -> Result<(), String> {
    let stage = out.with_extension("tmp");
    remove(&stage)?;
    for (input, (name, _, _)) in inputs.iter().zip(VARIANTS) {
        wasm_bindgen_cli_support::Bindgen::new()
            .input_path(input)
            .web(true)
            .map_err(|e| format!("wasm-bindgen: {e:#}"))?
            .typescript(false)
            // The library's default (true) leaves `init()` without the `new URL('widget_bg.wasm', import.meta.url)`
            // fallback the CLI emits; without it `init()` fails with "Argument 0 must be a buffer source".
            .omit_default_module_path(false)
            // With `strip = true` (the profile's), what is left of the name section is wasm-bindgen's own shims:
            // 4 KB raw for nothing a user needs.
            .remove_name_section(true)
            .remove_producers_section(true)
            .out_name(name)
            .generate(&stage)
            .map_err(|e| format!("wasm-bindgen on {}: {e:#}", input.display()))?;
    }
    let opt = wasm_opt()?;
    for (name, _, _) in VARIANTS {
        let wasm = stage.join(format!("{name}_bg.wasm"));
        let mut c = std::process::Command::new("node");
        c.arg(&opt).args(WASM_OPT_ARGS).arg(&wasm).arg("-o").arg(&wasm);
        run(&mut c).map_err(|e| format!("wasm-opt on {}: {e}", wasm.display()))?;
    }
    let mut written: Vec<String> = read_dir(&stage)?.iter().map(|p| p.file_name().unwrap_or_default().to_string_lossy().into_owned()).collect();
    written.sort();
    let mut expected = WIDGET_FILES.to_vec();
    expected.sort();
    if written != expected {
        return Err(format!(
            "wasm-bindgen wrote {written:?} into {}, but only {WIDGET_FILES:?} are embedded (inline_js or JS snippets?)",
            stage.display()
        ));
    }
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    for stale in read_dir(out)? {
        if !WIDGET_FILES.iter().any(|f| stale.file_name().is_some_and(|n| n == *f)) {
            remove(&stale)?;
        }
    }
    for f in WIDGET_FILES {
        let (new, old) = (stage.join(f), out.join(f));
        let bytes = std::fs::read(&new).map_err(|e| format!("{}: {e}", new.display()))?;
        if std::fs::read(&old).ok().as_deref() != Some(bytes.as_slice()) {
            std::fs::rename(&new, &old).map_err(|e| format!("{} -> {}: {e}", new.display(), old.display()))?;
        }
    }
    remove(&stage)
}

/// Where the `binaryen` npm package is installed (`xtask/wasm-opt/`).
fn wasm_opt_dir() -> PathBuf {
    crate::util::root().join("xtask/wasm-opt")
}

/// The `wasm-opt` script of the `binaryen` npm package (run with `node`), installed by `npm ci` when
/// missing or older than its lock file.
fn wasm_opt() -> Result<PathBuf, String> {
    let dir = wasm_opt_dir();
    if crate::browser::needs_npm_ci(&dir) {
        run(std::process::Command::new("npm").current_dir(&dir).args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"]))
            .map_err(|e| format!("{e} (installing binaryen's wasm-opt for the widget build needs node and npm)"))?;
    }
    Ok(dir.join("node_modules/binaryen/bin/wasm-opt"))
}

/// 64-bit FNV-1a, for the stamp.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}

fn read_dir(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    entries.map(|e| e.map(|e| e.path()).map_err(|e| format!("{}: {e}", dir.display()))).collect()
}

/// Deletes a file or folder; a missing one is fine.
fn remove(p: &Path) -> Result<(), String> {
    let r = if p.is_dir() { std::fs::remove_dir_all(p) } else { std::fs::remove_file(p) };
    match r {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(format!("cannot delete {}: {e}", p.display())),
        _ => Ok(()),
    }
}

/// The size of one file as stored and as a web server would send it compressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSize {
    /// File name.
    pub name: String,
    /// Bytes on disk.
    pub raw: u64,
    /// Bytes gzip-compressed at level 9.
    pub gzip: u64,
    /// Bytes brotli-compressed at quality 11, window 22 (the `brotli` CLI's defaults, what a CDN serves).
    pub brotli: u64,
}

/// The sizes of [`WIDGET_FILES`] in `dir` (a [`build_widget`] output), in that order.
pub fn sizes(dir: &Path) -> Result<Vec<FileSize>, String> {
    WIDGET_FILES
        .iter()
        .map(|name| {
            let p = dir.join(name);
            let bytes = std::fs::read(&p).map_err(|e| format!("{}: {e}", p.display()))?;
            Ok(FileSize { name: (*name).to_owned(), raw: len(bytes.len()), gzip: gzip_len(&bytes)?, brotli: brotli_len(&bytes)? })
        })
        .collect()
}

/// Prints `sizes` as a table (KiB) with a total line and the exact brotli total (the widget's budget is
/// JS + WASM ≤ 120 KB brotli).
pub fn print_sizes(sizes: &[FileSize]) {
    let kib = |b: u64| format!("{:.1} KiB", b as f64 / 1024.0);
    eprintln!("{:<20} {:>11} {:>11} {:>11}", "", "raw", "gzip", "brotli");
    for s in sizes {
        eprintln!("{:<20} {:>11} {:>11} {:>11}", s.name, kib(s.raw), kib(s.gzip), kib(s.brotli));
    }
    for (label, variant) in [("search (first load)", "widget"), ("with the profile", "widget_full")] {
        let of = variant_files(sizes, variant);
        let sum = |f: fn(&FileSize) -> u64| of.iter().map(|s| f(s)).sum::<u64>();
        eprintln!(
            "{:<20} {:>11} {:>11} {:>11} ({} bytes brotli)",
            label,
            kib(sum(|s| s.raw)),
            kib(sum(|s| s.gzip)),
            kib(sum(|s| s.brotli)),
            sum(|s| s.brotli)
        );
    }
}

/// The JS and wasm of one variant (`widget` or `widget_full`).
pub fn variant_files<'a>(sizes: &'a [FileSize], variant: &str) -> Vec<&'a FileSize> {
    sizes.iter().filter(|s| s.name == format!("{variant}.js") || s.name == format!("{variant}_bg.wasm")).collect()
}

fn len(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

fn gzip_len(bytes: &[u8]) -> Result<u64, String> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).map_err(|e| format!("gzip: {e}"))?;
    Ok(len(enc.finish().map_err(|e| format!("gzip: {e}"))?.len()))
}

fn brotli_len(bytes: &[u8]) -> Result<u64, String> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        w.write_all(bytes).map_err(|e| format!("brotli: {e}"))?;
    }
    Ok(len(out.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_sizes_are_smaller_for_repetitive_input() {
        let bytes = b"widget ".repeat(1000);
        let (g, b) = (gzip_len(&bytes).unwrap(), brotli_len(&bytes).unwrap());
        assert!(g > 0 && g < 200 && b > 0 && b < 100, "gzip {g}, brotli {b}");
    }

    /// wasm-bindgen refuses a module built by another version of the `wasm-bindgen` crate.
    #[test]
    fn bindgen_library_matches_the_widgets_wasm_bindgen() {
        let lock = std::fs::read_to_string(crate::util::root().join("Cargo.lock")).unwrap();
        let version = |name: &str| {
            let at = lock.find(&format!("name = \"{name}\"\nversion = \"")).unwrap_or_else(|| panic!("{name} not in Cargo.lock"));
            lock[at..].lines().nth(1).unwrap().to_owned()
        };
        assert_eq!(version("wasm-bindgen"), version("wasm-bindgen-cli-support"));
    }

    #[test]
    fn sizes_reads_every_file() {
        let dir = std::env::temp_dir().join(format!("xtask-wasm-sizes-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (name, bytes) in WIDGET_FILES.iter().zip([&b"export default 1;"[..], b"\0asm\x01\0\0\0", b"export {};", b"\0asm"]) {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
        let s = sizes(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            s.iter().map(|s| (s.name.as_str(), s.raw)).collect::<Vec<_>>(),
            [("widget.js", 17), ("widget_bg.wasm", 8), ("widget_full.js", 10), ("widget_full_bg.wasm", 4)]
        );
        assert_eq!(variant_files(&s, "widget_full").len(), 2);
    }

    #[test]
    fn the_search_build_over_its_budget_is_an_error_and_the_full_build_has_none() {
        let size = |name: &str, brotli: u64| FileSize { name: name.into(), raw: 4 * brotli, gzip: 2 * brotli, brotli };
        let at = |js: u64, wasm: u64| {
            [size("widget.js", js), size("widget_bg.wasm", wasm), size("widget_full.js", 9_000), size("widget_full_bg.wasm", 200_000)]
        };
        assert_eq!(check_budget(&at(6_000, SEARCH_BUDGET - 6_000)), Ok(()), "exactly the budget");
        let over = check_budget(&at(6_001, SEARCH_BUDGET - 6_000)).unwrap_err();
        assert!(over.contains("122881 bytes brotli, 1 over its budget of 122880"), "{over}");
    }
}
