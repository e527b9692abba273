//! Subcommands (`build`, `check`, `serve`), one file each, and the shared argument parser.

mod build;
mod check;
mod serve;

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use engine::diag::Diagnostics;

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
        while let Some(arg) = p.next().map_err(|e| e.to_string())? {
            match arg {
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
        match sub.as_deref() {
            Some("build") => Ok(Args::Build(c)),
            Some("check") => Ok(Args::Check(c)),
            Some("serve") => Ok(Args::Serve(c, port)),
            Some(other) => Err(format!("unknown command `{other}`")),
            None => Err("no command given".into()),
        }
    }
}

/// Runs a parsed command.
pub fn run(args: Args) -> ExitCode {
    let result = match args {
        Args::Help => Ok(()),
        Args::Build(c) => build::run(&c),
        Args::Check(c) => check::run(&c),
        Args::Serve(c, port) => serve::run(&c, port),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("sitegen: {e}");
            }
            ExitCode::FAILURE
        }
    }
}

/// Builds the site options from the command line (resolving the build date).
fn options(c: &Common) -> Result<sitegen::site::Options, String> {
    Ok(sitegen::site::Options {
        content: c.content.clone(),
        base_url: c.base_url.clone(),
        build_date: sitegen::builddate::from_env(c.build_date.as_deref())?,
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
