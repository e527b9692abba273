//! `cargo xtask <command>`: build orchestration for Quanyu (dist, serve, test, benchmarks, sample content).
//!
//! Thin dispatcher: each subcommand lives in its own module.

mod gen_content;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("gen-content") => gen_content::run(&args[1..]),
        _ => Err(format!("usage: cargo xtask gen-content\n(unknown command {:?})", args.first())),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
