//! ISO 8601 dates and date-times, as vacancy files and front matter write them.
//!
//! Accepted forms: `2026-11-20`, `2026-11-20T09:30`, `2026-11-20T09:30:00`, with an optional fraction
//! and an optional offset `Z`/`+08:00`/`+0800`. A date-time without an offset is China time (+08:00), the
//! zone every portal is in. Arithmetic uses the proleptic Gregorian calendar (Howard Hinnant's
//! days-from-civil), so no time-zone database is needed and results are the same on every platform.

use std::fmt;

/// The offset used when a date-time has none, and for the "local" date of an instant: China time.
pub const CHINA_OFFSET_MINUTES: i32 = 8 * 60;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year (1–9999).
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day of month, 1–31.
    pub day: u32,
}

/// A date-time with its UTC offset, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateTime {
    /// The local date.
    pub date: Date,
    /// Seconds since local midnight.
    pub seconds: u32,
    /// Offset from UTC in minutes.
    pub offset_minutes: i32,
    /// True when only a date was written (no time of day).
    pub date_only: bool,
}

impl Date {
    /// Builds a date, checking the day exists.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        ((1..=9999).contains(&year) && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)).then_some(Date {
            year,
            month,
            day,
        })
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Result<Date, String> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(format!("`{s}` is not a date of the form YYYY-MM-DD"));
        }
        let y = digits(&s[0..4]).ok_or_else(|| format!("`{s}`: the year is not a number"))?;
        let m = digits(&s[5..7]).ok_or_else(|| format!("`{s}`: the month is not a number"))?;
        let d = digits(&s[8..10]).ok_or_else(|| format!("`{s}`: the day is not a number"))?;
        Date::new(y as i32, m, d).ok_or_else(|| format!("`{s}` is not a day of the calendar"))
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The date `n` days later (earlier when negative).
    pub fn add_days(self, n: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch() + n)
    }

    /// The China-time date of a Unix timestamp (e.g. `SOURCE_DATE_EPOCH`).
    pub fn from_unix_china(secs: i64) -> Date {
        Date::from_days_since_epoch((secs + i64::from(CHINA_OFFSET_MINUTES) * 60).div_euclid(86_400))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl DateTime {
    /// Parses a date or a date-time (see the module docs for the forms).
    pub fn parse(s: &str) -> Result<DateTime, String> {
        let s = s.trim();
        if s.len() < 10 || !s.is_char_boundary(10) {
            return Err(format!("`{s}` is not an ISO 8601 date (YYYY-MM-DD)"));
        }
        let (date_part, rest) = s.split_at(10);
        let date = Date::parse(date_part)?;
        if rest.is_empty() {
            return Ok(DateTime { date, seconds: 0, offset_minutes: CHINA_OFFSET_MINUTES, date_only: true });
        }
        let bad = || format!("`{s}` is not an ISO 8601 date-time (e.g. 2026-11-20T09:30:00+08:00)");
        let rest = rest.strip_prefix(['T', ' ']).ok_or_else(bad)?;
        let (time, offset) = match rest.find(['Z', 'z', '+', '-']) {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        let mut parts = time.splitn(3, ':');
        let h = parts.next().and_then(two_digits).ok_or_else(bad)?;
        let m = parts.next().and_then(two_digits).ok_or_else(bad)?;
        let sec = match parts.next() {
            None => 0,
            Some(sec) => {
                let whole = sec.split('.').next().unwrap_or("");
                let frac_ok = sec.split_once('.').is_none_or(|(_, f)| !f.is_empty() && f.bytes().all(|c| c.is_ascii_digit()));
                if !frac_ok {
                    return Err(bad());
                }
                two_digits(whole).ok_or_else(bad)?
            }
        };
        if h > 23 || m > 59 || sec > 60 {
            return Err(format!("`{s}`: the time of day is out of range"));
        }
        let offset_minutes = match offset {
            "" => CHINA_OFFSET_MINUTES,
            "Z" | "z" => 0,
            o if !o.is_ascii() => return Err(bad()),
            o => {
                let sign = if o.starts_with('-') { -1 } else { 1 };
                let o = &o[1..];
                let (oh, om) = match o.len() {
                    5 if o.as_bytes()[2] == b':' => (&o[0..2], &o[3..5]),
                    4 => (&o[0..2], &o[2..4]),
                    2 => (o, "00"),
                    _ => return Err(bad()),
                };
                let (oh, om) = (two_digits(oh).ok_or_else(bad)?, two_digits(om).ok_or_else(bad)?);
                if oh > 14 || om > 59 {
                    return Err(format!("`{s}`: the UTC offset is out of range"));
                }
                sign * (oh * 60 + om) as i32
            }
        };
        Ok(DateTime { date, seconds: h * 3600 + m * 60 + sec.min(59), offset_minutes, date_only: false })
    }

    /// Seconds since the Unix epoch.
    pub fn unix(self) -> i64 {
        self.date.days_since_epoch() * 86_400 + i64::from(self.seconds) - i64::from(self.offset_minutes) * 60
    }

    /// The date in China time. For a date written without a time, that date itself.
    pub fn china_date(self) -> Date {
        if self.date_only { self.date } else { Date::from_unix_china(self.unix()) }
    }

    /// The same instant in China time: the local date and the seconds since local midnight (a date
    /// alone: that date at midnight). China has kept UTC+8 all year since 1991, so this is exact.
    pub fn china_time(self) -> (Date, u32) {
        if self.date_only {
            return (self.date, 0);
        }
        let t = self.unix() + i64::from(CHINA_OFFSET_MINUTES) * 60;
        (Date::from_days_since_epoch(t.div_euclid(86_400)), t.rem_euclid(86_400) as u32)
    }

    /// The ISO 8601 form: `YYYY-MM-DD` for a date, else `YYYY-MM-DDTHH:MM:SS+HH:MM`.
    pub fn to_iso(self) -> String {
        if self.date_only {
            return self.date.to_string();
        }
        let o = self.offset_minutes.abs();
        let sign = if self.offset_minutes < 0 { '-' } else { '+' };
        format!("{}T{:02}:{:02}:{:02}{sign}{:02}:{:02}", self.date, self.seconds / 3600, self.seconds / 60 % 60, self.seconds % 60, o / 60, o % 60)
    }

    /// RFC 3339 in UTC (`2026-11-20T01:30:00Z`), as Atom feeds want it; a date alone is midnight China time.
    pub fn to_rfc3339_utc(self) -> String {
        let t = self.unix();
        let d = Date::from_days_since_epoch(t.div_euclid(86_400));
        let s = t.rem_euclid(86_400);
        format!("{d}T{:02}:{:02}:{:02}Z", s / 3600, s / 60 % 60, s % 60)
    }
}

fn digits(s: &str) -> Option<u32> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

fn two_digits(s: &str) -> Option<u32> {
    (s.len() == 2).then(|| digits(s)).flatten()
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_round_trip_over_centuries() {
        for days in (-800_000..800_000).step_by(997) {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
        assert_eq!(Date::new(1970, 1, 1).unwrap().days_since_epoch(), 0);
        assert_eq!(Date::new(2000, 3, 1).unwrap().days_since_epoch(), 11_017);
        assert_eq!(Date::new(2024, 2, 29).unwrap().add_days(1), Date::new(2024, 3, 1).unwrap());
    }

    #[test]
    fn parses_dates_and_rejects_non_dates() {
        assert_eq!(Date::parse("2026-11-20").unwrap(), Date { year: 2026, month: 11, day: 20 });
        for bad in ["2026-02-30", "2026-13-01", "20261120", "2026/11/20", "next week", "2026-1-05", "", "2026年11月20日", "2026-11-2日"] {
            assert!(DateTime::parse(bad).is_err(), "{bad} should be rejected");
        }
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2025-02-29").is_err());
    }

    #[test]
    fn parses_date_times_with_and_without_offsets() {
        let t = DateTime::parse("2026-11-20T09:30:00+08:00").unwrap();
        assert_eq!(t.to_iso(), "2026-11-20T09:30:00+08:00");
        assert_eq!(t.to_rfc3339_utc(), "2026-11-20T01:30:00Z");
        let z = DateTime::parse("2026-11-19T17:00:00Z").unwrap();
        assert_eq!(z.china_date(), Date::parse("2026-11-20").unwrap());
        assert_eq!(DateTime::parse("2026-11-20T09:30").unwrap().unix(), t.unix());
        assert_eq!(DateTime::parse("2026-11-20T09:30:00.250+0800").unwrap().unix(), t.unix());
        assert_eq!(DateTime::parse("2026-11-20T01:30:00-00:00").unwrap().unix(), t.unix());
        assert!(DateTime::parse("2026-11-20T25:00").is_err());
        assert!(DateTime::parse("2026-11-20T09:30+99:00").is_err());
        assert!(DateTime::parse("2026-11-20T09:30+1é1").is_err(), "not a panic");
        let d = DateTime::parse("2026-12-31").unwrap();
        assert!(d.date_only);
        assert_eq!(d.to_iso(), "2026-12-31");
        assert_eq!(d.china_date(), Date::parse("2026-12-31").unwrap());
    }

    #[test]
    fn china_time_of_other_offsets() {
        let z = DateTime::parse("2026-11-19T17:30:00Z").unwrap();
        assert_eq!(z.china_time(), (Date::parse("2026-11-20").unwrap(), 3600 + 1800));
        let local = DateTime::parse("2026-12-05T09:30:00+08:00").unwrap();
        assert_eq!(local.china_time(), (local.date, 9 * 3600 + 30 * 60));
        assert_eq!(DateTime::parse("2026-12-31").unwrap().china_time(), (Date::parse("2026-12-31").unwrap(), 0));
    }

    #[test]
    fn unix_china_date() {
        // 2026-11-19T16:00:00Z is midnight of the 20th in China.
        assert_eq!(Date::from_unix_china(1_763_568_000 + 365 * 86_400).to_string(), "2026-11-20");
        assert_eq!(Date::from_unix_china(1_763_568_000 + 365 * 86_400 - 1).to_string(), "2026-11-19");
    }
}
