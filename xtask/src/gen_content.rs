//! `cargo xtask gen-content`: the deterministic sample-vacancy generator (placeholder, being written).

/// Runs the subcommand.
pub fn run(_args: &[String]) -> Result<(), String> {
    Err("not written yet".into())
}
