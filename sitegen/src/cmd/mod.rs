//! Subcommands (`build`, `check`, `serve`, `import`), one file each, and the shared argument parser.
//!
//! Exit status: 0 done; 1 failed (content errors, a bad build date, a build or server error: nothing
//! written); 2 a usage error (`main.rs`); 3 done, but vacancy records were set aside ([`Status`]).

mod build;
mod check;
mod import;
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
    /// `import FILE --district SLUG [--out FILE]`.
    Import(Common, import::Import),
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
    /// `--strict`: a vacancy record with errors fails the build instead of being set aside.
    pub strict: bool,
    /// `--report FILE`: where to write the JSON report of the records set aside.
    pub report: Option<PathBuf>,
}

impl Args {
    /// Parses the arguments after the program name.
    pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Args, String> {
        use lexopt::prelude::*;
        let mut p = lexopt::Parser::from_args(args);
        let mut sub: Option<String> = None;
        let mut c = Common { content: "content".into(), out: "dist".into(), base_url: None, build_date: None, strict: false, report: None };
        let mut port: u16 = 8000;
        let mut out: Option<PathBuf> = None;
        let mut import = import::Import { file: PathBuf::new(), district: String::new(), out: None };
        while let Some(arg) = p.next().map_err(|e| e.to_string())? {
            match arg {
                Short('h') | Long("help") => return Ok(Args::Help),
                Long("content") => c.content = p.value().map_err(|e| e.to_string())?.into(),
                Long("out") => out = Some(p.value().map_err(|e| e.to_string())?.into()),
                Long("district") => import.district = p.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?,
                Long("base-url") => c.base_url = Some(p.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?),
                Long("build-date") => c.build_date = Some(p.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?),
                Long("strict") => c.strict = true,
                Long("report") => c.report = Some(p.value().map_err(|e| e.to_string())?.into()),
                Long("port") => port = p.value().map_err(|e| e.to_string())?.parse().map_err(|e| format!("--port: {e}"))?,
                Value(v) if sub.is_none() => sub = Some(v.string().map_err(|e| e.to_string())?),
                Value(v) if sub.as_deref() == Some("import") && import.file.as_os_str().is_empty() => import.file = v.into(),
                other => return Err(other.unexpected().to_string()),
            }
        }
        if sub.as_deref() == Some("import") {
            if import.file.as_os_str().is_empty() || import.district.is_empty() {
                return Err("import needs a FILE and --district SLUG".into());
            }
            import.out = out;
            return Ok(Args::Import(c, import));
        }
        if let Some(out) = out {
            c.out = out;
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

/// How a subcommand that did its work ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Everything was read (exit status 0).
    Done,
    /// The portals were written (or `check` passed), but this many vacancy records were set aside
    /// (exit status 3).
    Rejected(usize),
}

impl Status {
    fn of(diags: &Diagnostics) -> Status {
        match diags.rejected_records() {
            0 => Status::Done,
            n => Status::Rejected(n),
        }
    }
}

/// Exit status of a build or check that set vacancy records aside.
pub const EXIT_REJECTED: u8 = 3;

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
    /// The `--report` file (or `import`'s `--out`) could not be written.
    Report(PathBuf, std::io::Error),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Content(what) => f.write_str(what.as_deref().unwrap_or("")),
            Failure::BuildDate(e) => e.fmt(f),
            Failure::Build(e) => e.fmt(f),
            Failure::Serve(e) => e.fmt(f),
            Failure::Report(path, e) => write!(f, "{}: cannot write: {e}", path.display()),
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
        Args::Help => Ok(Status::Done),
        Args::Build(c) => build::run(&c),
        Args::Check(c) => check::run(&c),
        Args::Serve(c, port) => serve::run(&c, port).map(|()| Status::Done),
        Args::Import(c, i) => import::run(&c, &i),
    };
    match result {
        Ok(Status::Done) => ExitCode::SUCCESS,
        Ok(Status::Rejected(_)) => ExitCode::from(EXIT_REJECTED),
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
        strict: c.strict,
    })
}

/// Writes the `--report` file, when one was asked for.
fn write_report(c: &Common, status: sitegen::formats::report::Status, diags: &Diagnostics) -> Result<(), Failure> {
    let Some(path) = &c.report else { return Ok(()) };
    let json = sitegen::formats::report::rejected(status, diags);
    let text = serde_json::to_string_pretty(&json).expect("JSON values always serialize") + "\n";
    std::fs::write(path, text).map_err(|e| Failure::Report(path.clone(), e))
}

/// Prints diagnostics to stderr, errors and warnings in file order, and a count line.
fn report(diags: &Diagnostics) {
    for d in diags.sorted() {
        eprintln!("{d}");
    }
    let records = diags.rejected_records();
    if diags.error_count() > 0 {
        eprintln!("{} error(s), {} warning(s)", diags.error_count(), diags.warning_count());
        if records > 0 && !diags.iter().any(|d| d.severity == engine::diag::Severity::Rejected) {
            eprintln!("{records} vacancy record(s) with errors (--strict: they fail the build)");
        }
    } else if records > 0 {
        eprintln!("{records} vacancy record(s) rejected: left out, the other vacancies are kept (--strict makes them errors)");
    }
}
