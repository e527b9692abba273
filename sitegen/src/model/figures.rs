//! Figures as loaded from `figures.toml` ([`crate::load::figures`]): series of dated [`Amount`]s with their
//! sources, and the comparisons across districts that `site.toml`'s `compare` asks for.
//!
//! A series is either a **time series** (its points have dates only, in order: drawn as columns) or a
//! **breakdown** (every point also has a `label`: drawn as bars in the order written). A series of one
//! point is a key figure, shown as a number.

use engine::date::Date;

/// A non-negative quantity with at most two decimal places, held as whole hundredths (so charts never
/// print a float).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Amount(u64);

impl Amount {
    /// The largest value accepted: 10^12 (a trillion).
    pub const MAX: f64 = 1e12;

    /// A whole number.
    pub const fn whole(n: u64) -> Amount {
        Amount(n * 100)
    }

    /// A value in hundredths (`9809` is 98.09).
    pub const fn from_hundredths(h: u64) -> Amount {
        Amount(h)
    }

    /// The value in hundredths.
    pub const fn hundredths(self) -> u64 {
        self.0
    }

    /// Converts a number from a data file. `Err` says why it is not an amount: negative, not finite, too
    /// large, or with more than two decimals.
    pub fn from_f64(v: f64) -> Result<Amount, &'static str> {
        if !v.is_finite() {
            return Err("is not a finite number");
        }
        if v < 0.0 {
            return Err("is negative (figures are counts, amounts or rates, never below zero)");
        }
        if v > Self::MAX {
            return Err("is larger than 10^12");
        }
        let x = v * 100.0;
        let r = x.round();
        // Tolerates the representation error of decimals such as 98.09 (9809.000000000002).
        if (x - r).abs() > 1e-6_f64.max(x * 4.0 * f64::EPSILON) {
            return Err("has more than two decimals");
        }
        Ok(Amount(r as u64))
    }

    /// How many decimals the value needs (0, 1 or 2).
    pub const fn decimals(self) -> u8 {
        if self.0.is_multiple_of(100) {
            0
        } else if self.0.is_multiple_of(10) {
            1
        } else {
            2
        }
    }

    /// The value with thousands separators and exactly `decimals` decimals (at most 2; never fewer than
    /// the value needs): `90,400`, `98.09`, `98.10`.
    pub fn format(self, decimals: u8) -> String {
        let decimals = decimals.clamp(self.decimals(), 2);
        let mut out = group_digits(self.0 / 100);
        let frac = self.0 % 100;
        match decimals {
            1 => out.push_str(&format!(".{}", frac / 10)),
            2 => out.push_str(&format!(".{frac:02}")),
            _ => {}
        }
        out
    }

    /// The decimals a list of values needs so that all are printed alike.
    pub fn common_decimals(values: impl IntoIterator<Item = Amount>) -> u8 {
        values.into_iter().map(Amount::decimals).max().unwrap_or(0)
    }
}

/// `1234567` → `1,234,567`.
fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// One series of a district.
#[derive(Debug, Clone)]
pub struct Series {
    /// `[a-z0-9-]{1,64}`, unique in the district; the same id in several districts is the same measure
    /// (what `compare` compares).
    pub id: String,
    /// What is counted, e.g. 城镇新增就业.
    pub title: String,
    /// Unit of every value, e.g. 人, 场, %.
    pub unit: String,
    /// Optional remark shown with the series.
    pub note: Option<String>,
    /// Where the values come from.
    pub source: SourceRef,
    /// The values: dates in order (a time series) or categories as written (a breakdown).
    pub points: Vec<Point>,
    /// True when every point has a `label` (a breakdown).
    pub breakdown: bool,
}

/// Where a series comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRef {
    /// Publisher or publication.
    pub name: String,
    /// Link to it (http or https).
    pub url: Option<String>,
    /// Remark, e.g. how a value was derived, or that the series is illustrative.
    pub note: Option<String>,
}

/// One value of a series.
#[derive(Debug, Clone)]
pub struct Point {
    /// When: the end of the period the value covers, or the day it was counted.
    pub date: PointDate,
    /// How to name the period when the date alone does not say it (2025年1—9月, 2024年以来).
    pub period: Option<String>,
    /// The category (breakdowns only).
    pub label: Option<String>,
    /// The value.
    pub value: Amount,
    /// Remark on this value.
    pub note: Option<String>,
}

/// A year, a month or a day: `2025`, `2025-09`, `2025-09-30`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PointDate {
    /// Year.
    pub year: i32,
    /// Month (1–12), if given.
    pub month: Option<u32>,
    /// Day of the month, if given (then the month is too).
    pub day: Option<u32>,
}

impl PointDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub(crate) fn parse(s: &str) -> Result<PointDate, String> {
        let bad = || format!("`{s}` is not a date of the form 2025, 2025-09 or 2025-09-30");
        let parts: Vec<&str> = s.split('-').collect();
        let num = |p: &str, len: usize| (p.len() == len && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse::<u32>().ok()).flatten();
        let year = parts.first().and_then(|p| num(p, 4)).filter(|&y| y >= 1).ok_or_else(bad)? as i32;
        match parts[..] {
            [_] => Ok(PointDate { year, month: None, day: None }),
            [_, m] => match num(m, 2) {
                Some(month @ 1..=12) => Ok(PointDate { year, month: Some(month), day: None }),
                _ => Err(bad()),
            },
            [..] => {
                let d = Date::parse(s)?;
                Ok(PointDate { year: d.year, month: Some(d.month), day: Some(d.day) })
            }
        }
    }

    /// Sort key: the end of the period (a year after its months, a month after its days).
    pub fn key(self) -> (i32, u32, u32) {
        (self.year, self.month.unwrap_or(13), self.day.unwrap_or(32))
    }

    /// The first day of the period.
    pub fn start(self) -> Date {
        Date::new(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1)).unwrap_or(Date { year: self.year, month: 1, day: 1 })
    }
}

impl std::fmt::Display for PointDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

/// A measure compared across districts on the city home.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// The series id.
    pub id: String,
    /// Its title (as the first district in site order writes it).
    pub title: String,
    /// Its unit (the same in every district).
    pub unit: String,
    /// The date compared: the latest one every district with the series has.
    pub date: PointDate,
    /// One entry per district with the series, in site order.
    pub entries: Vec<CompareEntry>,
}

/// A district's value in a [`Comparison`].
#[derive(Debug, Clone)]
pub struct CompareEntry {
    /// District slug.
    pub district: String,
    /// Its point at the compared date.
    pub point: Point,
    /// Its source.
    pub source: SourceRef,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_exact_and_printed_alike() {
        assert_eq!(Amount::from_f64(98.09), Ok(Amount::from_hundredths(9809)));
        assert_eq!(Amount::from_f64(90400.0), Ok(Amount::whole(90400)));
        assert_eq!(Amount::from_f64(0.1 + 0.2).map(|a| a.hundredths()), Ok(30));
        assert!(Amount::from_f64(1.005).is_err(), "three decimals");
        assert!(Amount::from_f64(-1.0).is_err());
        assert!(Amount::from_f64(f64::NAN).is_err());
        assert!(Amount::from_f64(2e12).is_err());
        assert_eq!(Amount::from_f64(1e12).unwrap().format(0), "1,000,000,000,000");
        assert_eq!(Amount::whole(4_500_000).format(0), "4,500,000");
        assert_eq!(Amount::from_hundredths(9810).format(2), "98.10");
        assert_eq!(Amount::from_hundredths(9810).format(0), "98.1", "never fewer decimals than the value has");
        assert_eq!(Amount::from_hundredths(5).format(2), "0.05");
        assert_eq!(Amount::whole(0).format(1), "0.0");
        assert_eq!(Amount::common_decimals([Amount::whole(3), Amount::from_hundredths(250)]), 1);
    }
}
