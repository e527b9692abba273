//! `sitegen deploy`: publish a built site to S3-compatible storage (`sitegen::deploy`, docs/deploy.md).
//! Progress and the summary go to stderr; a dry run's listing and the vacancy URLs to stdout.

use super::{DeployArgs, Failure};
use sitegen::deploy::{self, Options, Target};

/// Runs `deploy`.
pub fn run(a: &DeployArgs) -> Result<(), Failure> {
    let target = Target::parse(&a.target).map_err(|e| Failure::Usage(format!("--target: {e}")))?;
    let opts = Options {
        out: a.out.clone(),
        target,
        endpoint: a.endpoint.clone(),
        region: a.region.clone(),
        path_style: if a.path_style {
            Some(true)
        } else if a.virtual_hosted {
            Some(false)
        } else {
            None
        },
        dry_run: a.dry_run,
        max_deletes: a.max_deletes,
        concurrency: a.concurrency,
        changes: a.changes.clone(),
    };
    let env = |name: &str| std::env::var(name).ok();
    deploy::run(&opts, &env, &mut |line| eprintln!("{line}"), &mut |line| println!("{line}"))?;
    Ok(())
}
