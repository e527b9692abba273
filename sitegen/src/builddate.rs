//! The build date: what "today" is for expiry and for "upcoming" events.
//!
//! Precedence: `SOURCE_DATE_EPOCH` (reproducible-builds convention; seconds since 1970, read as China
//! time), then `--build-date YYYY-MM-DD`, then the system clock. Tests and CI pin it, so output never rots.

use engine::date::Date;

/// Resolves the build date from the environment value of `SOURCE_DATE_EPOCH`, a `--build-date` flag, and
/// the current Unix time.
pub fn resolve(source_date_epoch: Option<&str>, flag: Option<&str>, now_unix: i64) -> Result<Date, String> {
    if let Some(s) = source_date_epoch.filter(|s| !s.trim().is_empty()) {
        let secs: i64 = s.trim().parse().map_err(|_| format!("SOURCE_DATE_EPOCH must be a whole number of seconds, found `{s}`"))?;
        return Ok(Date::from_unix_china(secs));
    }
    if let Some(f) = flag {
        return Date::parse(f).map_err(|e| format!("--build-date: {e}"));
    }
    Ok(Date::from_unix_china(now_unix))
}

/// The build date for this process.
pub fn from_env(flag: Option<&str>) -> Result<Date, String> {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    resolve(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref(), flag, now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence() {
        let now = 1_795_104_000; // 2026-11-20 00:00 China time
        assert_eq!(resolve(None, None, now).unwrap().to_string(), "2026-11-20");
        assert_eq!(resolve(None, Some("2027-01-02"), now).unwrap().to_string(), "2027-01-02");
        assert_eq!(resolve(Some("0"), Some("2027-01-02"), now).unwrap().to_string(), "1970-01-01");
        assert!(resolve(Some("soon"), None, now).is_err());
        assert!(resolve(None, Some("2027-13-01"), now).is_err());
    }
}
