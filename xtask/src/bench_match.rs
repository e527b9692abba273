//! `cargo xtask bench-match`: the matching quality benchmark (issue 4). Runs the gold-set test
//! (`sitegen/tests/gold.rs`: profiles with graded labels over the sample vacancies) and prints its table:
//! nDCG@10 per profile for the matcher and for the newest-first listing, and the mean. The same test,
//! run by `cargo xtask test`, fails below its floors; this command only reports.

use crate::util::{cargo, flags};

/// Runs the subcommand.
pub fn run(args: &[String]) -> Result<(), String> {
    flags(args, &[])?;
    let out = cargo()
        .args(["test", "--quiet", "-p", "sitegen", "--test", "gold", "matching_beats", "--", "--nocapture"])
        .output()
        .map_err(|e| format!("cannot run cargo test: {e}"))?;
    let text = String::from_utf8_lossy(&out.stderr);
    let table: Vec<&str> = text.lines().skip_while(|l| !l.starts_with("profile ")).take_while(|l| !l.trim().is_empty()).collect();
    if table.is_empty() || !out.status.success() {
        return Err(format!("the gold-set test failed or printed no table:\n{text}{}", String::from_utf8_lossy(&out.stdout)));
    }
    println!("matching gold set (sitegen/tests/gold/matching.toml), nDCG@10:");
    for l in table {
        println!("{l}");
    }
    Ok(())
}
