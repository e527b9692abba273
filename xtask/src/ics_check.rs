//! The calendar check of `cargo xtask test`: every `.ics` file of the built sample portals and of the good
//! fixture site, parsed by Python's `icalendar` (an RFC 5545 parser independent of sitegen's writer) and
//! compared with the JSON-LD of the event pages (`tests/ics/check_ics.py` says what is checked).
//!
//! Python's `icalendar` rather than a Rust crate: it is the most used and best kept iCalendar parser, it
//! decodes every value (TEXT unescaping, `TZID` zones, durations) and records what it cannot parse on
//! each component; the Rust parsers are lenient (`ical` trims the whitespace of folded lines and stops
//! silently at invalid UTF-8), and the one that decodes values (`icalendar`) would add chrono, nom and
//! uuid to every `cargo test`. The pinned packages (`tests/ics/requirements.txt`) are installed once into
//! a virtual environment under `target/ics-venv` (CPython 3 with pip is on every machine of this kind).

use std::path::{Path, PathBuf};
use std::process::Command;

use engine::date::Date;

use crate::util::{self, run, source_date_epoch};

/// Checks the calendars of the sample build in `dist` (built for `SOURCE_DATE_EPOCH`) and of the good
/// fixture site, which it builds into `target/ics-check/` first.
pub fn run_check(dist: &Path) -> Result<(), String> {
    let python = venv_python()?;
    let epoch: i64 = source_date_epoch().parse().map_err(|_| "SOURCE_DATE_EPOCH is not a number".to_owned())?;
    let build_date = Date::from_unix_china(epoch).to_string();
    let root = util::root();
    let fixture = util::target_dir().join("ics-check/fixture");
    let sitegen = util::build_sitegen("dev")?;
    let content = root.join("sitegen/tests/fixtures/good");
    run(Command::new(&sitegen).env("SOURCE_DATE_EPOCH", source_date_epoch()).arg("build").arg("--content").arg(&content).arg("--out").arg(&fixture))?;
    run(Command::new(&python).arg(root.join("tests/ics/check_ics.py")).args(["--build-date", &build_date]).arg(dist).arg(&fixture))
}

/// The virtual environment's Python, creating the environment and installing the pinned packages when
/// they are not there yet.
fn venv_python() -> Result<PathBuf, String> {
    let venv = util::target_dir().join("ics-venv");
    let python = venv.join("bin/python");
    let requirements = util::root().join("tests/ics/requirements.txt");
    let pinned = std::fs::read_to_string(&requirements).map_err(|e| format!("{}: {e}", requirements.display()))?;
    let marker = venv.join("quanyu-requirements.txt");
    if python.is_file() && std::fs::read_to_string(&marker).is_ok_and(|m| m == pinned) {
        return Ok(python);
    }
    if !python.is_file() {
        run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    }
    run(Command::new(&python)
        .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--only-binary", ":all:", "-r"])
        .arg(&requirements))?;
    std::fs::write(&marker, pinned).map_err(|e| format!("{}: {e}", marker.display()))?;
    Ok(python)
}
