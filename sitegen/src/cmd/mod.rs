//! Subcommands (`build`, `check`, `serve`, `deploy`), one file each, and the shared argument parser.

mod build;
mod check;
mod deploy;
mod serve;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use engine::diag::Diagnostics;
use sitegen::load::builddate::BuildDateError;
use sitegen::serve::ServeError;

/// Parsed command line.
pub enum Args {
    /// `--help`.
    Help,
    /// `build`.
    Build(Common),
    /// `check`.
    Check(Common),
    /// `serve`.
    Serve(Common, u16),
    /// `deploy` (its `--out` is the built site).
    Deploy(Box<sitegen::deploy::Options>),
}

/// Options shared by the subcommands.
pub struct Common {
    /// `--content`.
    pub content: PathBuf,
    /// `--out`.
    pub out: PathBuf,
    /// `--base-url`.
    pub base_url: Option<String>,
    /// `--build-date`.
    pub build_date: Option<String>,
}

impl Args {
    /// Parses the arguments after the program name.
    pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Args, String> {
        use lexopt::prelude::*;
        let mut p = lexopt::Parser::from_args(args);
        let mut sub: Option<String> = None;
        let mut c = Common { content: "content".into(), out: "dist".into(), base_url: None, build_date: None };
        let mut port: u16 = 8000;
        // `deploy`'s options (Some when one was given: the other commands refuse them).
        let mut deploy: Option<DeployArgs> = None;
        let value = |p: &mut lexopt::Parser| -> Result<String, String> { p.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string()) };
        while let Some(arg) = p.next().map_err(|e| e.to_string())? {
            let d = || DeployArgs::default();
            match arg {
                Long("target") => deploy.get_or_insert_with(d).target = Some(value(&mut p)?),
                Long("endpoint") => deploy.get_or_insert_with(d).endpoint = Some(value(&mut p)?),
                Long("region") => deploy.get_or_insert_with(d).region = Some(value(&mut p)?),
                Long("path-style") => deploy.get_or_insert_with(d).path_style = Some(true),
                Long("virtual-hosted") => deploy.get_or_insert_with(d).path_style = Some(false),
                Long("dry-run") => deploy.get_or_insert_with(d).dry_run = true,
                Long("max-deletes") => {
                    deploy.get_or_insert_with(d).max_deletes = Some(value(&mut p)?.parse().map_err(|e| format!("--max-deletes: {e}"))?)
                }
                Long("concurrency") => {
                    deploy.get_or_insert_with(d).concurrency = Some(value(&mut p)?.parse().map_err(|e| format!("--concurrency: {e}"))?)
                }
                Long("changes") => deploy.get_or_insert_with(d).changes = Some(value(&mut p)?.into()),
                Short('h') | Long("help") => return Ok(Args::Help),
                Long("content") => c.content = p.value().map_err(|e| e.to_string())?.into(),
                Long("out") => c.out = p.value().map_err(|e| e.to_string())?.into(),
                Long("base-url") => c.base_url = Some(p.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?),
                Long("build-date") => c.build_date = Some(p.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?),
                Long("port") => port = p.value().map_err(|e| e.to_string())?.parse().map_err(|e| format!("--port: {e}"))?,
                Value(v) if sub.is_none() => sub = Some(v.string().map_err(|e| e.to_string())?),
                other => return Err(other.unexpected().to_string()),
            }
        }
        if sub.as_deref() == Some("deploy") {
            return deploy.unwrap_or_default().into_args(c.out);
        }
        if deploy.is_some() {
            return Err("--target, --endpoint, --region, --path-style, --virtual-hosted, --dry-run, --max-deletes, --concurrency and --changes are deploy's options".into());
        }
        match sub.as_deref() {
            Some("build") => Ok(Args::Build(c)),
            Some("check") => Ok(Args::Check(c)),
            Some("serve") => Ok(Args::Serve(c, port)),
            Some(other) => Err(format!("unknown command `{other}`")),
            None => Err("no command given".into()),
        }
    }
}

/// `deploy`'s options as given.
#[derive(Default)]
struct DeployArgs {
    target: Option<String>,
    endpoint: Option<String>,
    region: Option<String>,
    path_style: Option<bool>,
    dry_run: bool,
    max_deletes: Option<usize>,
    concurrency: Option<usize>,
    changes: Option<PathBuf>,
}

impl DeployArgs {
    fn into_args(self, out: PathBuf) -> Result<Args, String> {
        let target = sitegen::deploy::Target::parse(&self.target.ok_or("deploy needs --target s3://BUCKET[/PREFIX]")?)?;
        let concurrency = self.concurrency.unwrap_or(sitegen::deploy::DEFAULT_CONCURRENCY);
        if !(1..=256).contains(&concurrency) {
            return Err("--concurrency: from 1 to 256".into());
        }
        Ok(Args::Deploy(Box::new(sitegen::deploy::Options {
            out,
            target,
            endpoint: self.endpoint,
            region: self.region,
            path_style: self.path_style,
            dry_run: self.dry_run,
            max_deletes: self.max_deletes.unwrap_or(sitegen::deploy::DEFAULT_MAX_DELETES),
            concurrency,
            changes: self.changes,
        })))
    }
}

/// Why a subcommand failed.
pub enum Failure {
    /// The content has errors, already printed as diagnostics; what that means for the output, if
    /// anything needs saying.
    Content(Option<String>),
    /// The build date cannot be used.
    BuildDate(BuildDateError),
    /// Rendering or writing the portals failed (the previous output is untouched).
    Build(sitegen::Error),
    /// The preview server could not start.
    Serve(ServeError),
    /// Publishing failed.
    Deploy(sitegen::deploy::DeployError),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Content(what) => f.write_str(what.as_deref().unwrap_or("")),
            Failure::BuildDate(e) => e.fmt(f),
            Failure::Build(e) => e.fmt(f),
            Failure::Serve(e) => e.fmt(f),
            Failure::Deploy(e) => e.fmt(f),
        }
    }
}

impl From<BuildDateError> for Failure {
    fn from(e: BuildDateError) -> Failure {
        Failure::BuildDate(e)
    }
}

impl From<sitegen::Error> for Failure {
    fn from(e: sitegen::Error) -> Failure {
        Failure::Build(e)
    }
}

impl From<ServeError> for Failure {
    fn from(e: ServeError) -> Failure {
        Failure::Serve(e)
    }
}

impl From<sitegen::deploy::DeployError> for Failure {
    fn from(e: sitegen::deploy::DeployError) -> Failure {
        Failure::Deploy(e)
    }
}

/// Runs a parsed command.
pub fn run(args: Args) -> ExitCode {
    let result = match args {
        Args::Help => Ok(()),
        Args::Build(c) => build::run(&c),
        Args::Check(c) => check::run(&c),
        Args::Serve(c, port) => serve::run(&c, port),
        Args::Deploy(opts) => deploy::run(&opts),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let message = e.to_string();
            if !message.is_empty() {
                eprintln!("sitegen: {message}");
            }
            ExitCode::FAILURE
        }
    }
}

/// Builds the site options from the command line (resolving the build date).
fn options(c: &Common) -> Result<sitegen::site::Options, Failure> {
    Ok(sitegen::site::Options {
        content: c.content.clone(),
        base_url: c.base_url.clone(),
        build_date: sitegen::load::builddate::from_env(c.build_date.as_deref())?,
    })
}

/// Prints diagnostics to stderr, errors and warnings in file order, and a count line.
fn report(diags: &Diagnostics) {
    for d in diags.sorted() {
        eprintln!("{d}");
    }
    if diags.error_count() > 0 {
        eprintln!("{} error(s), {} warning(s)", diags.error_count(), diags.warning_count());
    }
}
