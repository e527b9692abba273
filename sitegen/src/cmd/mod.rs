//! Subcommands, one file each (`init`, `build`, `check`, `serve`), their arguments (clap's derive: help
//! with examples for each), what a failure is ([`Failure`]) and the exit status it gives.
//!
//! Exit status: 0 success; 1 the content has errors or the build failed (the previous output untouched);
//! 2 a usage error (clap's); 3 done, but vacancy records with errors were left out (`--strict` makes them
//! errors: status 1).

mod build;
mod check;
mod deploy;
mod import;
mod init;
mod progress;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use engine::diag::Diagnostics;
use sitegen::init::InitError;
use sitegen::load::builddate::BuildDateError;
use sitegen::serve::ServeError;

/// Quanyu's site generator: builds a city's employment portals (one per district) from a content folder.
#[derive(Parser)]
#[command(name = "sitegen", version, about, after_help = EXAMPLES, propagate_version = true)]
pub struct Cli {
    /// Print problems only: no progress line and no summary.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "\
Examples:
  sitegen init my-portal --city 广州 --district huangpu=黄埔区 --district nansha=南沙区
  sitegen check --content my-portal
  sitegen serve --content my-portal    # preview on http://127.0.0.1:8000/
  sitegen build --content my-portal --out dist

The content format: docs/content.md. SOURCE_DATE_EPOCH, when set, fixes the build date.";

/// The subcommands.
#[derive(Subcommand)]
pub enum Command {
    /// Start a content folder: site settings, pages, and per district a policy, a station, an event,
    /// figures and example vacancies, all commented. Refuses a folder that is not empty.
    #[command(after_help = "\
Examples:
  sitegen init                                   # ./content, one district: huangpu=黄埔区
  sitegen init my-portal --city 广州 --district huangpu=黄埔区 --district nansha=南沙区
  sitegen init shenzhen --city 深圳 --district futian=福田区")]
    Init(InitArgs),
    /// Check the content, then write the portals into the output folder (replaced only on success).
    #[command(after_help = "\
Examples:
  sitegen build                                  # ./content -> ./dist
  sitegen build --content my-portal --out /srv/www/portal --base-url https://jobs.example.gov.cn
  SOURCE_DATE_EPOCH=1795104000 sitegen build     # as of 2026-11-20: same input, same bytes")]
    Build(BuildArgs),
    /// Check everything (content, templates) and write nothing; every problem in one run.
    #[command(after_help = "\
Examples:
  sitegen check
  sitegen check --content my-portal --build-date 2026-12-01   # which vacancies will have expired by then")]
    Check(CheckArgs),
    /// Build, serve the output on 127.0.0.1, rebuild when the content changes and reload the pages open
    /// in a browser (a failed build's errors show over the page, the last good site stays served).
    #[command(after_help = "\
Examples:
  sitegen serve                                  # http://127.0.0.1:8000/
  sitegen serve --content my-portal --port 8080
  sitegen serve --bind 0.0.0.0                   # also reachable from phones on this network")]
    Serve(ServeArgs),
    /// Publish a built site to S3-compatible object storage (AWS S3, Alibaba OSS, Tencent COS, Huawei OBS,
    /// Cloudflare R2, MinIO/Ceph): only what changed, assets before the pages that use them, deletions
    /// last. Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (/ AWS_SESSION_TOKEN) or
    /// ~/.aws/credentials. See docs/deploy.md.
    #[command(after_help = "\
Examples:
  sitegen deploy --target s3://jobs-portal --region cn-north-1 --dry-run      # what would change
  sitegen deploy --target s3://jobs-portal --region cn-north-1 --changes changes.json
  sitegen deploy --out public --target s3://portal/gz --endpoint https://oss-cn-guangzhou.aliyuncs.com --virtual-hosted")]
    Deploy(DeployArgs),
    /// Read one vacancy file — a spreadsheet (.xlsx, .xls, .ods), CSV, an employer's saved career page
    /// or JSON — as a build reads it, and write its vacancies as JobPosting JSON.
    #[command(after_help = "\
Examples:
  sitegen import 街道岗位.xlsx --district huangpu --out content/districts/huangpu/vacancies/jiedao.json
  sitegen import careers.html --district tianhe            # JSON to standard output")]
    Import(ImportArgs),
}

/// Where the content is and what day the build is for.
#[derive(Args, Clone)]
pub struct Source {
    /// The content folder.
    #[arg(long, value_name = "DIR", default_value = "content")]
    pub content: PathBuf,
    /// The build date (YYYY-MM-DD): vacancies expire and events are upcoming relative to it. Default:
    /// SOURCE_DATE_EPOCH when set, else today (China time).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub build_date: Option<String>,
    /// Fail on a vacancy record with errors instead of leaving it out (for a team's own CI).
    #[arg(long)]
    pub strict: bool,
}

/// `init`'s arguments.
#[derive(Args)]
pub struct InitArgs {
    /// The folder to create (must not exist, or be empty).
    #[arg(value_name = "DIR", default_value = "content")]
    pub dir: PathBuf,
    /// The city's name as pages show it.
    #[arg(long, default_value = "广州")]
    pub city: String,
    /// A district, as `slug=name` (`huangpu=黄埔区`; Guangzhou's districts need no name). Repeat for
    /// more. Default: huangpu=黄埔区.
    #[arg(long = "district", value_name = "SLUG=NAME")]
    pub districts: Vec<String>,
    /// The day the examples are dated around (YYYY-MM-DD; default as for build).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub build_date: Option<String>,
}

/// `build`'s arguments.
#[derive(Args, Clone)]
pub struct BuildArgs {
    #[command(flatten)]
    pub source: Source,
    /// The output folder.
    #[arg(long, value_name = "DIR", default_value = "dist")]
    pub out: PathBuf,
    /// The URL the portals are published under (overrides `base_url` of site.toml).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Write what was published and every vacancy record left out (file, position, identifier, errors)
    /// as JSON.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// The build cache: pages rendered by earlier builds, carried over when nothing they are made of
    /// changed (default: `.<out>.cache` beside the output folder; safe to delete).
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Render every page; neither read nor write the build cache.
    #[arg(long, conflicts_with = "cache_dir")]
    pub no_cache: bool,
}

impl BuildArgs {
    /// The build cache's folder, unless `--no-cache`.
    pub fn cache(&self) -> Option<PathBuf> {
        (!self.no_cache).then(|| self.cache_dir.clone().unwrap_or_else(|| sitegen::output::cache::default_dir(&self.out)))
    }
}

/// `check`'s arguments.
#[derive(Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub source: Source,
    /// Write every vacancy record that would be left out (file, position, identifier, errors) as JSON.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
}

/// `import`'s arguments.
#[derive(Args)]
pub struct ImportArgs {
    /// The file to read.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The district whose vacancies they are (and whose `[import]` headings apply).
    #[arg(long, value_name = "SLUG")]
    pub district: String,
    /// The content folder (for site.toml's target groups and the district's settings).
    #[arg(long, value_name = "DIR", default_value = "content")]
    pub content: PathBuf,
    /// Where to write the JSON (default: standard output).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Write nothing when a record has errors.
    #[arg(long)]
    pub strict: bool,
}

/// How a subcommand that succeeded ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Everything was used.
    Done,
    /// Done, but this many vacancy records with errors were left out (exit status [`EXIT_REJECTED`]).
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

/// The exit status of "done, but records were left out".
pub const EXIT_REJECTED: u8 = 3;

/// `serve`'s arguments.
#[derive(Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub build: BuildArgs,
    /// The address to listen on: 127.0.0.1 (this computer only) unless given, e.g. 0.0.0.0 to let phones
    /// on the office network preview (IPv6 as ::1 or [::1]; `localhost`).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1", value_parser = parse_bind)]
    pub bind: std::net::IpAddr,
    /// The port to serve on (0 picks a free one).
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
}

/// Parses `--bind`: an IPv4 or IPv6 address (`[::1]` too) or `localhost`.
fn parse_bind(s: &str) -> Result<std::net::IpAddr, String> {
    if s.eq_ignore_ascii_case("localhost") {
        return Ok(std::net::Ipv4Addr::LOCALHOST.into());
    }
    let bare = s.strip_prefix('[').and_then(|s| s.strip_suffix(']')).unwrap_or(s);
    bare.parse().map_err(|_| format!("`{s}` is not an IP address (e.g. 127.0.0.1, 0.0.0.0, ::1)"))
}

/// `deploy`'s arguments.
#[derive(Args)]
pub struct DeployArgs {
    /// The built site to publish.
    #[arg(long, value_name = "DIR", default_value = "dist")]
    pub out: PathBuf,
    /// Where: the bucket, and a folder in it if the portals live under one.
    #[arg(long, value_name = "s3://BUCKET[/PREFIX]")]
    pub target: String,
    /// The storage's endpoint (default: AWS S3 of --region).
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
    /// The region (default: AWS_REGION, else us-east-1).
    #[arg(long, value_name = "R")]
    pub region: Option<String>,
    /// Address the bucket in the path (https://host/bucket/key): MinIO, Ceph, most self-hosted storage.
    #[arg(long, conflicts_with = "virtual_hosted")]
    pub path_style: bool,
    /// Address the bucket in the host name (https://bucket.host/key): AWS, Alibaba OSS, Tencent COS.
    #[arg(long)]
    pub virtual_hosted: bool,
    /// List what would be uploaded (and why) and deleted; touch nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Delete no more than N objects; beyond that the deletions are skipped with a message.
    #[arg(long, value_name = "N", default_value_t = sitegen::deploy::DEFAULT_MAX_DELETES)]
    pub max_deletes: usize,
    /// Uploads at a time (1–256).
    #[arg(long, value_name = "N", default_value_t = sitegen::deploy::DEFAULT_CONCURRENCY, value_parser = parse_concurrency)]
    pub concurrency: usize,
    /// Write the vacancy pages added, changed and removed as JSON (for search engines' indexing APIs).
    #[arg(long, value_name = "FILE")]
    pub changes: Option<PathBuf>,
}

fn parse_concurrency(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if (1..=256).contains(&n) => Ok(n),
        _ => Err(format!("`{s}`: from 1 to 256")),
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
    /// `init` wrote nothing (or stopped).
    Init(InitError),
    /// A report or output file could not be written.
    Report(PathBuf, std::io::Error),
    /// An argument is unusable (exit status 2, like clap's usage errors).
    Usage(String),
    /// The deploy stopped (what was uploaded stays; nothing was deleted unless said).
    Deploy(sitegen::deploy::DeployError),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Content(what) => f.write_str(what.as_deref().unwrap_or("")),
            Failure::BuildDate(e) => e.fmt(f),
            Failure::Build(e) => e.fmt(f),
            Failure::Serve(e) => e.fmt(f),
            Failure::Init(e) => e.fmt(f),
            Failure::Deploy(e) => e.fmt(f),
            Failure::Usage(e) => e.fmt(f),
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

impl From<sitegen::deploy::DeployError> for Failure {
    fn from(e: sitegen::deploy::DeployError) -> Failure {
        Failure::Deploy(e)
    }
}

impl From<InitError> for Failure {
    fn from(e: InitError) -> Failure {
        Failure::Init(e)
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    let quiet = cli.quiet;
    let done = |r: Result<(), Failure>| r.map(|()| Status::Done);
    let result = match &cli.command {
        Command::Init(a) => done(init::run(a, quiet)),
        Command::Build(a) => build::run(a, quiet),
        Command::Check(a) => check::run(a, quiet),
        Command::Serve(a) => done(serve::run(a, quiet)),
        Command::Deploy(a) => done(deploy::run(a)),
        Command::Import(a) => import::run(a, quiet),
    };
    match result {
        Ok(Status::Done) => ExitCode::SUCCESS,
        Ok(Status::Rejected(_)) => ExitCode::from(EXIT_REJECTED),
        Err(e) => {
            let message = e.to_string();
            if !message.is_empty() {
                eprintln!("sitegen: {message}");
            }
            if matches!(e, Failure::Usage(_)) { ExitCode::from(2) } else { ExitCode::FAILURE }
        }
    }
}

/// The site options of a build or check (resolving the build date).
fn options(source: &Source, base_url: Option<&str>) -> Result<sitegen::site::Options, Failure> {
    Ok(sitegen::site::Options {
        content: source.content.clone(),
        base_url: base_url.map(str::to_owned),
        build_date: sitegen::load::builddate::from_env(source.build_date.as_deref())?,
        strict: source.strict,
    })
}

/// Writes `--report` when asked for.
fn write_report(path: Option<&std::path::Path>, status: sitegen::formats::report::Status, diags: &Diagnostics) -> Result<(), Failure> {
    let Some(path) = path else { return Ok(()) };
    let json = sitegen::formats::report::rejected(status, diags);
    let text = serde_json::to_string_pretty(&json).expect("JSON values always serialize") + "\n";
    std::fs::write(path, text).map_err(|e| Failure::Report(path.to_owned(), e))
}

/// Prints diagnostics to stderr, errors, rejected records and warnings in file order, and count lines.
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
