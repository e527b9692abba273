//! Subcommands (`build`, `check`, `serve`), one file each, and the shared argument parser.

mod build;
mod check;
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
    Serve(Common, Listen),
}

/// Where `serve` listens: `--bind` (default 127.0.0.1) and `--port` (default 8000; 0 picks a free one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Listen {
    /// `--bind`.
    pub bind: std::net::IpAddr,
    /// `--port`.
    pub port: u16,
}

/// Parses `--bind`: an IPv4 or IPv6 address (`[::1]` too) or `localhost`.
fn parse_bind(s: &str) -> Result<std::net::IpAddr, String> {
    if s.eq_ignore_ascii_case("localhost") {
        return Ok(std::net::Ipv4Addr::LOCALHOST.into());
    }
    let bare = s.strip_prefix('[').and_then(|s| s.strip_suffix(']')).unwrap_or(s);
    bare.parse().map_err(|_| format!("--bind: `{s}` is not an IP address (e.g. 127.0.0.1, 0.0.0.0, ::1)"))
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
        let mut listen = Listen { bind: std::net::Ipv4Addr::LOCALHOST.into(), port: 8000 };
        while let Some(arg) = p.next().map_err(|e| e.to_string())? {
            match arg {
                Short('h') | Long("help") => return Ok(Args::Help),
                Long("content") => c.content = p.value().map_err(|e| e.to_string())?.into(),
                Long("out") => c.out = p.value().map_err(|e| e.to_string())?.into(),
                Long("base-url") => c.base_url = Some(p.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?),
                Long("build-date") => c.build_date = Some(p.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?),
                Long("port") => listen.port = p.value().map_err(|e| e.to_string())?.parse().map_err(|e| format!("--port: {e}"))?,
                Long("bind") => listen.bind = parse_bind(&p.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?)?,
                Value(v) if sub.is_none() => sub = Some(v.string().map_err(|e| e.to_string())?),
                other => return Err(other.unexpected().to_string()),
            }
        }
        match sub.as_deref() {
            Some("build") => Ok(Args::Build(c)),
            Some("check") => Ok(Args::Check(c)),
            Some("serve") => Ok(Args::Serve(c, listen)),
            Some(other) => Err(format!("unknown command `{other}`")),
            None => Err("no command given".into()),
        }
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
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Content(what) => f.write_str(what.as_deref().unwrap_or("")),
            Failure::BuildDate(e) => e.fmt(f),
            Failure::Build(e) => e.fmt(f),
            Failure::Serve(e) => e.fmt(f),
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

/// Runs a parsed command.
pub fn run(args: Args) -> ExitCode {
    let result = match args {
        Args::Help => Ok(()),
        Args::Build(c) => build::run(&c),
        Args::Check(c) => check::run(&c),
        Args::Serve(c, listen) => serve::run(&c, listen),
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
