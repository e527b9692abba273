//! Opening hours in the schema.org `openingHours` form: `Mo-Fr 09:00-12:00,14:00-17:30`, `Sa 09:00-12:00`.
//!
//! Stations carry them; the site shows them as a table and the widget (later) answers "open now".

use std::fmt;

/// Day names in schema.org order, Monday first.
pub const DAYS: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];

/// One rule: a set of weekdays and the time ranges they are open (minutes since midnight).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// `days[i]` is true when weekday `i` (0 = Monday) is covered.
    pub days: [bool; 7],
    /// Open intervals, `(from, to)` in minutes since midnight, `from < to`.
    pub ranges: Vec<(u16, u16)>,
}

/// Parses one rule such as `Mo-Fr 09:00-12:00,14:00-17:30` or `Mo,We,Sa 10:00-16:00`.
pub fn parse_rule(s: &str) -> Result<Rule, String> {
    let (days_s, times_s) = s.trim().split_once(' ').ok_or_else(|| format!("`{s}` is not of the form `Mo-Fr 09:00-17:30`"))?;
    let mut days = [false; 7];
    for part in days_s.split(',') {
        let day = |d: &str| DAYS.iter().position(|x| *x == d).ok_or_else(|| format!("`{d}` is not a day (Mo Tu We Th Fr Sa Su)"));
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (day(a)?, day(b)?);
                let mut i = a;
                loop {
                    days[i] = true;
                    if i == b {
                        break;
                    }
                    i = (i + 1) % 7;
                }
            }
            None => days[day(part)?] = true,
        }
    }
    let mut ranges = Vec::new();
    for r in times_s.trim().split(',') {
        let (a, b) = r.split_once('-').ok_or_else(|| format!("`{r}` is not a time range like 09:00-17:30"))?;
        let (a, b) = (minutes(a)?, minutes(b)?);
        if a >= b {
            return Err(format!("`{r}`: the range ends before it starts"));
        }
        ranges.push((a, b));
    }
    Ok(Rule { days, ranges })
}

fn minutes(t: &str) -> Result<u16, String> {
    let bad = || format!("`{t}` is not a time like 09:00");
    let (h, m) = t.trim().split_once(':').ok_or_else(bad)?;
    let (h, m): (u16, u16) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 24 || m > 59 || (h == 24 && m > 0) || t.trim().len() != 5 {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

impl Rule {
    /// True when the rule covers weekday `day` (0 = Monday) at `minute` since midnight.
    pub fn is_open(&self, day: usize, minute: u16) -> bool {
        self.days[day % 7] && self.ranges.iter().any(|&(a, b)| (a..b).contains(&minute))
    }

    /// The times as written, `09:00-12:00, 14:00-17:30`.
    pub fn times(&self) -> String {
        let f = |m: u16| format!("{:02}:{:02}", m / 60, m % 60);
        self.ranges.iter().map(|&(a, b)| format!("{}–{}", f(a), f(b))).collect::<Vec<_>>().join(", ")
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days: Vec<&str> = DAYS.iter().zip(self.days).filter(|(_, on)| *on).map(|(d, _)| *d).collect();
        write!(f, "{} {}", days.join(","), self.times().replace('–', "-").replace(", ", ","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_schema_org_opening_hours() {
        let r = parse_rule("Mo-Fr 09:00-12:00,14:00-17:30").unwrap();
        assert_eq!(r.days, [true, true, true, true, true, false, false]);
        assert_eq!(r.ranges, [(540, 720), (840, 1050)]);
        assert!(r.is_open(0, 600) && !r.is_open(0, 780) && !r.is_open(5, 600));
        assert_eq!(r.times(), "09:00–12:00, 14:00–17:30");
        let w = parse_rule("Sa-Mo 10:00-16:00").unwrap();
        assert_eq!(w.days, [true, false, false, false, false, true, true]);
        assert_eq!(parse_rule("Mo,We 08:30-24:00").unwrap().to_string(), "Mo,We 08:30-24:00");
        for bad in ["Mon-Fri 09:00-17:00", "Mo-Fr", "Mo-Fr 9-17", "Mo 17:00-09:00", "Mo 25:00-26:00"] {
            assert!(parse_rule(bad).is_err(), "{bad}");
        }
    }
}
