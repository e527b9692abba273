//! The `sitegen` command line: parses arguments and hands over to one file per subcommand.

mod cmd;

use std::process::ExitCode;

const USAGE: &str = "\
sitegen: build Quanyu's employment portals from a content folder

USAGE:
    sitegen build [--content DIR] [--out DIR] [--base-url URL] [--build-date YYYY-MM-DD]
    sitegen check [--content DIR] [--build-date YYYY-MM-DD]
    sitegen serve [--content DIR] [--out DIR] [--port N] [--build-date YYYY-MM-DD]
    sitegen deploy [--out DIR] --target s3://BUCKET[/PREFIX] [--endpoint URL] [--region R]
                   [--path-style | --virtual-hosted] [--dry-run] [--max-deletes N] [--concurrency N]
                   [--changes FILE]

Defaults: --content content, --out dist, --port 8000. SOURCE_DATE_EPOCH, when set, fixes the build date.
deploy: credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN or ~/.aws/credentials;
--max-deletes 100, --concurrency 8 unless given (docs/deploy.md).";

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
