//! The build date: what "today" is for expiry and for "upcoming" events.
//!
//! Precedence: `SOURCE_DATE_EPOCH` (reproducible-builds convention; seconds since 1970, read as China
//! time), then `--build-date YYYY-MM-DD`, then the system clock. Tests and CI pin it, so output never rots.

use engine::date::Date;

/// A build date that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildDateError {
    /// `SOURCE_DATE_EPOCH` is not a whole number of seconds.
    Epoch(String),
    /// `--build-date` is not a day of the calendar.
    Flag {
        /// As given.
        value: String,
        /// Why.
        cause: String,
    },
}

impl std::fmt::Display for BuildDateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildDateError::Epoch(s) => write!(f, "SOURCE_DATE_EPOCH must be a whole number of seconds, found `{s}`"),
            BuildDateError::Flag { cause, .. } => write!(f, "--build-date: {cause}"),
        }
    }
}

impl std::error::Error for BuildDateError {}

/// Resolves the build date from the environment value of `SOURCE_DATE_EPOCH`, a `--build-date` flag, and
/// the current Unix time.
pub fn resolve(source_date_epoch: Option<&str>, flag: Option<&str>, now_unix: i64) -> Result<Date, BuildDateError> {
    if let Some(s) = source_date_epoch.filter(|s| !s.trim().is_empty()) {
        let secs: i64 = s.trim().parse().map_err(|_| BuildDateError::Epoch(s.to_owned()))?;
        return Ok(Date::from_unix_china(secs));
    }
    if let Some(f) = flag {
        return Date::parse(f).map_err(|cause| BuildDateError::Flag { value: f.to_owned(), cause });
    }
    Ok(Date::from_unix_china(now_unix))
}

/// The build date for this process.
pub fn from_env(flag: Option<&str>) -> Result<Date, BuildDateError> {
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
        assert_eq!(resolve(Some("soon"), None, now), Err(BuildDateError::Epoch("soon".into())));
        assert!(resolve(None, Some("2027-13-01"), now).is_err());
    }
}
