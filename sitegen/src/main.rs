//! The `sitegen` command line: parses the arguments (clap) and hands over to one file per subcommand.

mod cmd;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    fewer_malloc_arenas();
    // clap prints help, the version and usage errors itself (usage errors exit with status 2).
    cmd::run(cmd::Cli::parse())
}

/// glibc's malloc gives threads that allocate at once arenas of their own, up to eight per core, and
/// memory freed in one arena is reused only by it: the build's threads (loading, rendering, the index's
/// tokenizing) left about 60 MiB of a 100,000-vacancy build's peak (606 MiB) in such free space. One
/// arena per core keeps most of that for the threads' next allocations (docs/benchmarks.md). The one
/// `unsafe` of sitegen: a C call, with no pointer.
#[allow(unsafe_code)]
fn fewer_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get()).max(2);
        // SAFETY: mallopt only sets a tunable of glibc's allocator; it is called before any thread is
        // started. Its result (whether the value was taken) changes nothing either way.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, i32::try_from(cores).unwrap_or(i32::MAX));
        }
    }
}
