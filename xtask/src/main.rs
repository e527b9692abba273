//! `cargo xtask <command>`: build orchestration for Quanyu.
//!
//! Thin dispatcher; each subcommand lives in its own module:
//! `dist` ([`dist`]), `serve` ([`serve`]), `test` ([`test`]), `bench-build` ([`bench_build`]),
//! `bench-search` ([`bench_search`]), `bench-match` ([`bench_match`]), `bench-reload` ([`bench_reload`]), `bench-startup` ([`bench_startup`]), `gen-content` ([`gen_content`]), `gen-fold-table`
//! ([`gen_fold_table`]) and `gen-hk-table` ([`gen_hk_table`]); `widget` ([`wasm`]) builds the widget to wasm, as `dist`, `serve` and `test` do
//! first; `browser` ([`browser`]) runs the browser tests on a built site; `fuzz` ([`fuzz`]) runs the cargo-fuzz targets of `fuzz/`; [`ics_check`] checks calendar
//! files for `test`. [`util`] holds the shared helpers.

mod bench_build;
mod bench_match;
mod bench_reload;
mod bench_search;
mod bench_startup;
mod browser;
mod dist;
mod fuzz;
mod gen_content;
mod gen_fold_table;
mod gen_hk_table;
mod ics_check;
#[cfg(test)]
mod incremental_tests;
mod s3_server;
mod serve;
mod test;
mod util;
mod wasm;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command>
    dist                  build everything and write the sample portals into dist/
    serve [--port N]      dist, then serve dist/ on 127.0.0.1 with live reload (rebuild on change)
    test [--skip audit]   every test: fmt, clippy, unit/fixture tests, wasm32 builds, sample site, site audit
    widget                build only the widget to wasm (target/widget-dist/) and print its sizes
    browser [--dist DIR] [--sitegen BIN]
                          run the browser tests (tests/browser/, Chromium) on a built site (default dist/)
                          and the live-preview tests with BIN (default: the release sitegen)
    fuzz [--seconds N] [--target NAME[,NAME…]]
                          run the fuzz targets (fuzz/, nightly + cargo-fuzz, installed when missing)
                          N seconds each (default 60); prints runs, exec/s, corpus; fails on a crash
    bench-build [--sizes 10000,100000] [--runs 3]
                          build-time benchmark against Hugo (when installed); prints a table
    bench-search [--sizes 10000,100000] [--runs 5] [--passes 2] [--http1] [--keep]
                          search benchmark in Chromium (index size, bytes and time to first results,
                          time per keystroke); prints a table
    bench-match           matching quality on the gold set: nDCG@10 per profile against the listing
    bench-reload [--sizes sample,100000] [--runs 5]
                          live-preview benchmark: save a page, time until Chromium shows it reloaded
    bench-startup [--site DIR | --sizes sample,10000] [--runs 5] [--pages P,…]
                          listing pages' start-up on a phone: Lighthouse mobile (TBT, FCP, LCP, TTI,
                          long tasks) on each listing, --runs times; prints a table per page
    gen-content [--per-district N] [--seed S] [--out DIR] [--anchor YYYY-MM-DD]
                          regenerate the sample vacancies
    gen-fold-table --opencc DIR
                          regenerate engine/src/fold_table.rs from OpenCC's dictionaries
    gen-hk-table --opencc DIR
                          regenerate sitegen/data/s2hk.txt (zh-CN -> zh-HK) from OpenCC's dictionaries";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = args.get(1..).unwrap_or(&[]);
    let result = match args.first().map(String::as_str) {
        Some("dist") => dist::run_dist(rest),
        Some("serve") => serve::run_serve(rest),
        Some("test") => test::run_test(rest),
        Some("widget") => util::flags(rest, &[]).and_then(|_| wasm::build_widget()).map(|_| ()),
        Some("browser") => browser::run_cli(rest),
        Some("fuzz") => fuzz::run_cli(rest),
        Some("bench-build") => bench_build::run(rest),
        Some("bench-search") => bench_search::run(rest),
        Some("bench-match") => bench_match::run(rest),
        Some("bench-reload") => bench_reload::run(rest),
        Some("bench-startup") => bench_startup::run(rest),
        Some("gen-content") => gen_content::run(rest),
        Some("gen-fold-table") => gen_fold_table::run(rest),
        Some("gen-hk-table") => gen_hk_table::run(rest),
        Some("-h" | "--help") | None => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
