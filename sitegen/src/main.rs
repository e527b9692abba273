//! The `sitegen` command line: parses arguments and hands over to one file per subcommand.

mod cmd;

use std::process::ExitCode;

const USAGE: &str = "\
sitegen: build Quanyu's employment portals from a content folder

USAGE:
    sitegen build [--content DIR] [--out DIR] [--base-url URL] [--build-date YYYY-MM-DD] [--strict] [--report FILE]
    sitegen check [--content DIR] [--build-date YYYY-MM-DD] [--strict] [--report FILE]
    sitegen serve [--content DIR] [--out DIR] [--port N] [--build-date YYYY-MM-DD] [--strict]
    sitegen import FILE --district SLUG [--content DIR] [--out FILE] [--strict]

Defaults: --content content, --out dist, --port 8000. SOURCE_DATE_EPOCH, when set, fixes the build date.
A vacancy record with errors is left out and reported; --strict makes it an error. --report FILE writes
the records left out as JSON. import reads one vacancy file (.xlsx, .xls, .ods, .csv, .html, .json) as a
build of that district would and writes its vacancies as JobPosting JSON (to --out, else standard output).
Exit status: 0 done, 1 failed (nothing written), 2 usage error, 3 done but vacancy records were left out.";

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
