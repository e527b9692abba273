//! The `sitegen` command line: parses the arguments (clap) and hands over to one file per subcommand.

mod cmd;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc, not the system's allocator: a build allocates from four threads at once (loading, two
/// rendering pages, the index's tokenizing), and glibc's malloc either locks arenas they share (a
/// 100,000-vacancy build spent about 15% of its CPU in its futex locks) or, given an arena per thread,
/// keeps freed memory a thread cannot reuse. docs/ARCHITECTURE.md, "Choices"; docs/benchmarks.md.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // clap prints help, the version and usage errors itself (usage errors exit with status 2).
    cmd::run(cmd::Cli::parse())
}
