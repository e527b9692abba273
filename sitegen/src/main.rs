//! The `sitegen` command line: parses arguments and hands over to one file per subcommand.

mod cmd;

use std::process::ExitCode;

const USAGE: &str = "\
sitegen: build Quanyu's employment portals from a content folder

USAGE:
    sitegen build [--content DIR] [--out DIR] [--base-url URL] [--build-date YYYY-MM-DD]
    sitegen check [--content DIR] [--build-date YYYY-MM-DD]
    sitegen serve [--content DIR] [--out DIR] [--bind ADDR] [--port N] [--build-date YYYY-MM-DD]

Defaults: --content content, --out dist, --bind 127.0.0.1, --port 8000. SOURCE_DATE_EPOCH, when set, fixes
the build date. `serve` builds, serves the output, rebuilds when the content changes and reloads the pages
open in a browser (a failed build's errors show over the page).";

fn main() -> ExitCode {
    match cmd::Args::parse(std::env::args_os().skip(1)) {
        Ok(cmd::Args::Help) => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Ok(args) => cmd::run(args),
        Err(e) => {
            eprintln!("sitegen: {e}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
