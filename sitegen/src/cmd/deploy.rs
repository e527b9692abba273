//! `sitegen deploy`: publish a built site to S3-compatible storage (`sitegen::deploy`, docs/deploy.md).
//! Progress and the summary go to stderr; a dry run's listing and the vacancy URLs to stdout.

use super::Failure;
use sitegen::deploy::{self, Options};

/// Runs `deploy`.
pub fn run(opts: &Options) -> Result<(), Failure> {
    let env = |name: &str| std::env::var(name).ok();
    deploy::run(opts, &env, &mut |line| eprintln!("{line}"), &mut |line| println!("{line}"))?;
    Ok(())
}
