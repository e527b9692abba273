//! The `sitegen` command line: parses the arguments (clap) and hands over to one file per subcommand.

mod cmd;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // clap prints help, the version and usage errors itself (usage errors exit with status 2).
    cmd::run(cmd::Cli::parse())
}
