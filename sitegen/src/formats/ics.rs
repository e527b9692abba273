//! iCalendar (RFC 5545) files: one per event (`/<d>/events/<id>/event.ics`, beside its page) and one
//! subscribable calendar per district (`/<d>/events/calendar.ics`).
//!
//! - **Lines**: every content line ends in CRLF and is folded at 75 octets, always between two UTF-8
//!   characters (a continuation line starts with a space, which counts toward its 75). TEXT values
//!   escape `\`, `;`, `,` and newlines ([`escape_text`]); other control characters are dropped.
//! - **Times**: local China time with `TZID=Asia/Shanghai` and one `VTIMEZONE` block with a single
//!   `STANDARD` rule at +08:00 (China has had no daylight saving time since 1991, so that block is exact
//!   for every date an event can have). Chosen over UTC so that the file says what the page says
//!   (`09:30`, not `01:30Z`) and calendar applications know the event's own zone rather than a bare
//!   instant; clients that know the IANA name use their own copy of it, the others the block.
//!   Content written with another offset is converted to China time.
//! - **Reproducible**: `DTSTAMP` is the build date at 00:00 UTC, never the clock; the same content and
//!   build date give the same bytes. `UID` is `<district>.<event id>@<host of base_url>` (event ids are
//!   unique within a district and cannot contain a dot), stable across builds, so a re-imported or
//!   re-fetched event updates the copy in a calendar instead of adding a second one.
//! - **Places**: an event on site has `LOCATION` (venue and address) and, when held at a station, `GEO`;
//!   a livestream has no physical location: its stream is a `CONFERENCE` (RFC 7986) and is named in the
//!   description too, for applications that ignore that property. `URL` is always the event's page.
//! - **Subscriptions**: the district calendar holds upcoming events and those that ended at most
//!   [`RECENT_DAYS`] before the build date, and carries its name (`NAME`, `X-WR-CALNAME`) and refresh
//!   hints (`REFRESH-INTERVAL`, `X-PUBLISHED-TTL`).

use engine::date::{Date, DateTime};

use crate::i18n::I18n;
use crate::model::SiteInfo;
use crate::model::{District, Event, EventKind};
use crate::urls;

/// The time zone of every event.
pub const TZID: &str = "Asia/Shanghai";
/// Identifies the program that wrote the file (RFC 5545 §3.7.3; no version, so output does not change
/// with the program's version).
pub const PRODID: &str = "-//Quanyu//sitegen//ZH";
/// Past events stay in a district calendar this many days after they end.
pub const RECENT_DAYS: i64 = 90;
/// How often subscribers should fetch a district calendar again.
pub const REFRESH: &str = "PT12H";
/// The longest physical line, in octets, without its CRLF.
const MAX_OCTETS: usize = 75;

/// One event as a calendar sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct VEvent {
    /// Globally unique, stable identifier.
    pub uid: String,
    /// Start.
    pub start: DateTime,
    /// End.
    pub end: DateTime,
    /// Title.
    pub summary: String,
    /// Plain text.
    pub description: String,
    /// Category labels (the kind of event).
    pub categories: Vec<String>,
    /// The physical place, as text (none for a livestream).
    pub location: Option<String>,
    /// Coordinates of the place (WGS 84).
    pub geo: Option<(f64, f64)>,
    /// The stream of an online event: (URL, label).
    pub conference: Option<(String, String)>,
    /// The event's page (absolute).
    pub url: String,
}

/// Calendar-level properties of a subscribable calendar.
#[derive(Debug, Clone, PartialEq)]
pub struct Feed {
    /// Name shown in calendar applications.
    pub name: String,
    /// One sentence on what the calendar holds.
    pub description: String,
    /// Absolute URL of the calendar file itself.
    pub source: String,
    /// Absolute URL of the page listing the events.
    pub url: String,
}

/// A whole iCalendar object: `feed` properties when it is a subscribable calendar, then the time zone,
/// then `events` in the order given. `stamp` (the build date) becomes every `DTSTAMP`.
pub fn calendar(feed: Option<&Feed>, events: &[VEvent], stamp: Date) -> String {
    let mut w = Writer::default();
    w.prop("BEGIN", &[], "VCALENDAR");
    w.prop("VERSION", &[], "2.0");
    w.prop("PRODID", &[], PRODID);
    w.prop("CALSCALE", &[], "GREGORIAN");
    w.prop("METHOD", &[], "PUBLISH");
    if let Some(f) = feed {
        w.text("NAME", &f.name);
        w.text("X-WR-CALNAME", &f.name);
        w.text("DESCRIPTION", &f.description);
        w.text("X-WR-CALDESC", &f.description);
        w.prop("X-WR-TIMEZONE", &[], TZID);
        w.uri("URL", &[], &f.url);
        w.uri("SOURCE", &[("VALUE", "URI")], &f.source);
        w.prop("REFRESH-INTERVAL", &[("VALUE", "DURATION")], REFRESH);
        w.prop("X-PUBLISHED-TTL", &[], REFRESH);
    }
    // The zone is written even when no event uses it: a calendar must hold at least one component.
    w.prop("BEGIN", &[], "VTIMEZONE");
    w.prop("TZID", &[], TZID);
    w.prop("X-LIC-LOCATION", &[], TZID);
    w.prop("BEGIN", &[], "STANDARD");
    w.prop("DTSTART", &[], "19700101T000000");
    w.prop("TZOFFSETFROM", &[], "+0800");
    w.prop("TZOFFSETTO", &[], "+0800");
    w.prop("TZNAME", &[], "CST");
    w.prop("END", &[], "STANDARD");
    w.prop("END", &[], "VTIMEZONE");
    let dtstamp = format!("{:04}{:02}{:02}T000000Z", stamp.year, stamp.month, stamp.day);
    for e in events {
        w.prop("BEGIN", &[], "VEVENT");
        w.text("UID", &e.uid);
        w.prop("DTSTAMP", &[], &dtstamp);
        w.prop("DTSTART", &[("TZID", TZID)], &local_time(e.start));
        w.prop("DTEND", &[("TZID", TZID)], &local_time(e.end));
        w.text("SUMMARY", &e.summary);
        if let Some(l) = &e.location {
            w.text("LOCATION", l);
        }
        if let Some((lat, lon)) = e.geo {
            w.prop("GEO", &[], &format!("{lat:.6};{lon:.6}"));
        }
        if let Some((url, label)) = &e.conference {
            w.uri("CONFERENCE", &[("VALUE", "URI"), ("FEATURE", "VIDEO"), ("LABEL", label)], url);
        }
        if !e.categories.is_empty() {
            let cats: Vec<String> = e.categories.iter().map(|c| escape_text(c)).collect();
            w.prop("CATEGORIES", &[], &cats.join(","));
        }
        if !e.description.is_empty() {
            w.text("DESCRIPTION", &e.description);
        }
        w.uri("URL", &[], &e.url);
        w.prop("STATUS", &[], "CONFIRMED");
        w.prop("END", &[], "VEVENT");
    }
    w.prop("END", &[], "VCALENDAR");
    w.out
}

/// `20261205T093000`: the China-time form of `DTSTART;TZID=Asia/Shanghai`.
fn local_time(t: DateTime) -> String {
    let (d, s) = t.china_time();
    format!("{:04}{:02}{:02}T{:02}{:02}{:02}", d.year, d.month, d.day, s / 3600, s / 60 % 60, s % 60)
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): `\` `;` `,` and newlines (LF, CR or CRLF) are escaped;
/// other control characters, which TEXT cannot hold, and the non-characters (U+FFFE, U+FFFF, …: the
/// rule of every output, `text::escape::is_forbidden`) are dropped (a tab is kept).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\t' => out.push('\t'),
            c if c.is_control() || crate::text::escape::is_forbidden(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value: control characters dropped, `"` (which no parameter value can hold) turned into
/// `'`, and quoted when it holds `:`, `;` or `,`.
fn param_value(v: &str) -> String {
    let clean: String =
        v.chars().filter(|&c| !c.is_control() && !crate::text::escape::is_forbidden(c)).map(|c| if c == '"' { '\'' } else { c }).collect();
    if clean.contains([':', ';', ',']) { format!("\"{clean}\"") } else { clean }
}

/// Appends one content line to `out`, folded so that no physical line exceeds 75 octets: a line is
/// broken before the character that would cross the limit (never inside a UTF-8 sequence), the next
/// line starts with a space, and every physical line ends in CRLF.
pub fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > MAX_OCTETS {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

/// Builds content lines.
#[derive(Default)]
struct Writer {
    out: String,
}

impl Writer {
    /// `NAME;K=V:value` with `value` written as it is (it must already be valid for the property).
    fn prop(&mut self, name: &str, params: &[(&str, &str)], value: &str) {
        let mut line = String::with_capacity(name.len() + value.len() + 16);
        line.push_str(name);
        for (k, v) in params {
            line.push(';');
            line.push_str(k);
            line.push('=');
            line.push_str(&param_value(v));
        }
        line.push(':');
        line.push_str(value);
        fold(&line, &mut self.out);
    }

    /// A TEXT property.
    fn text(&mut self, name: &str, value: &str) {
        self.prop(name, &[], &escape_text(value));
    }

    /// A URI property (control characters and spaces, which no URI holds, are dropped).
    fn uri(&mut self, name: &str, params: &[(&str, &str)], url: &str) {
        let clean: String = url.chars().filter(|c| !c.is_control() && !c.is_whitespace()).collect();
        self.prop(name, params, &clean);
    }
}

/// The host of a base URL (`https://jiuye.gz.example:8443/portal` → `jiuye.gz.example`).
fn host(base_url: &str) -> &str {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    authority.split(':').next().unwrap_or(authority)
}

/// The `UID` of an event: `<district>.<event id>@<host>`.
pub fn uid(e: &Event, d: &District, site: &SiteInfo) -> String {
    format!("{}.{}@{}", d.slug, e.id, host(&site.base_url))
}

/// An event of district `d` as a calendar sees it.
pub fn vevent(e: &Event, d: &District, site: &SiteInfo, t: &I18n) -> VEvent {
    let online = e.kind == EventKind::Livestream;
    let station = e.station.as_ref().and_then(|id| d.stations.iter().find(|s| &s.id == id));
    let page = site.absolute(&urls::event(&d.slug, &e.id));
    let mut lines: Vec<String> = Vec::new();
    let location = (!online).then(|| match e.address.as_deref().or(station.map(|s| s.address.as_str())) {
        Some(a) if a != e.venue => format!("{}（{a}）", e.venue),
        _ => e.venue.clone(),
    });
    match (&e.online_url, &location) {
        (Some(url), _) if online => lines.push(format!("{}：{url}（{}）", t.get("event_online"), e.venue)),
        (_, Some(l)) => lines.push(format!("{}：{l}", t.get("event_venue"))),
        _ => {}
    }
    lines.push(format!("{}：{}", t.get("event_organizer"), e.organizer));
    if !e.employers.is_empty() {
        lines.push(format!("{}：{}", t.get("event_employers"), e.employers.join("、")));
    }
    let mut description = lines.join("\n");
    if !e.text.is_empty() {
        description.push_str("\n\n");
        description.push_str(&e.text);
    }
    description.push_str(&format!("\n\n{}：{page}", t.get("event_page_link")));
    VEvent {
        uid: uid(e, d, site),
        start: e.start,
        end: e.end,
        summary: e.title.clone(),
        description,
        categories: vec![t.get(&format!("event_{}", e.kind.key())).to_owned()],
        location,
        geo: if online { None } else { station.map(|s| (s.lat, s.lon)) },
        conference: if online { e.online_url.clone().map(|u| (u, e.venue.clone())) } else { None },
        url: page,
    }
}

/// The `.ics` file of one event.
pub fn event_file(e: &Event, d: &District, site: &SiteInfo, t: &I18n, build_date: Date) -> String {
    calendar(None, &[vevent(e, d, site, t)], build_date)
}

/// True when `e` belongs in the district calendar: not ended more than [`RECENT_DAYS`] before the build
/// date.
pub fn in_district_calendar(e: &Event, build_date: Date) -> bool {
    e.end.china_date() >= build_date.add_days(-RECENT_DAYS)
}

/// A district's subscribable calendar: its upcoming and recent events, by start.
pub fn district_calendar(d: &District, name: &str, site: &SiteInfo, t: &I18n, build_date: Date) -> String {
    let feed = Feed {
        name: t.fmt("events_in", &[name]),
        description: t.fmt("calendar_description", &[name, &site.title]),
        source: site.absolute(&urls::events_calendar(&d.slug)),
        url: site.absolute(&urls::events(&d.slug)),
    };
    let events: Vec<VEvent> = d.events.iter().filter(|e| in_district_calendar(e, build_date)).map(|e| vevent(e, d, site, t)).collect();
    calendar(Some(&feed), &events, build_date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn sample() -> VEvent {
        VEvent {
            uid: "demo.fair@jobs.test.example".into(),
            start: DateTime::parse("2026-12-05T09:30:00+08:00").unwrap(),
            end: DateTime::parse("2026-12-05T16:00:00+08:00").unwrap(),
            summary: "招聘会; A, B \\ C".into(),
            description: "第一行\n第二行".into(),
            categories: vec!["招聘会".into()],
            location: Some("中心就业驿站（示范区中心路1号）".into()),
            geo: Some((23.1, 113.3)),
            conference: None,
            url: "https://jobs.test.example/demo/events/fair/".into(),
        }
    }

    /// Undoes folding (RFC 5545 §3.1): a CRLF followed by a space or tab is removed.
    fn unfold(text: &str) -> Vec<String> {
        text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n").filter(|l| !l.is_empty()).map(str::to_owned).collect()
    }

    fn physical_lines(text: &str) -> Vec<&str> {
        assert!(text.ends_with("\r\n"), "the last line ends in CRLF");
        assert!(!text.replace("\r\n", "").contains(['\r', '\n']), "no bare CR or LF");
        text.strip_suffix("\r\n").unwrap().split("\r\n").collect()
    }

    #[test]
    fn text_values_are_escaped() {
        assert_eq!(escape_text("a\\b;c,d\ne\r\nf\rg"), "a\\\\b\\;c\\,d\\ne\\nf\\ng");
        assert_eq!(escape_text("冒号:不转义\t制表符保留\u{7}响铃去掉"), "冒号:不转义\t制表符保留响铃去掉");
        assert_eq!(escape_text("非字符\u{fffe}\u{ffff}\u{fdd0}\u{0}\u{85}去掉"), "非字符去掉");
        assert_eq!(param_value("直播\u{fffe}间\u{1b}"), "直播间");
        assert_eq!(param_value("直播间"), "直播间");
        assert_eq!(param_value("A:B \"C\""), "\"A:B 'C'\"");
    }

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        for text in ["a".repeat(200), "招".repeat(100), "ab招聘会😀".repeat(30), format!("x{}", "é".repeat(80))] {
            let mut out = String::new();
            let line = format!("SUMMARY:{text}");
            fold(&line, &mut out);
            let lines = physical_lines(&out);
            assert!(lines.len() > 1, "{text} is folded");
            for (i, l) in lines.iter().enumerate() {
                assert!(l.len() <= 75, "line {i} has {} octets", l.len());
                assert_eq!(i > 0, l.starts_with(' '), "continuation lines start with one space");
            }
            // Lines are filled: a break comes only where the next character would not fit.
            for w in lines.windows(2) {
                let next = w[1][1..].chars().next().unwrap();
                assert!(w[0].len() + next.len_utf8() > 75, "line broken early: {:?}", w[0]);
            }
            assert_eq!(unfold(&out), [line]);
        }
        // Exactly 75 octets is not folded; 76 is.
        let mut out = String::new();
        fold(&"a".repeat(75), &mut out);
        assert_eq!(out, format!("{}\r\n", "a".repeat(75)));
        out.clear();
        fold(&"a".repeat(76), &mut out);
        assert_eq!(out, format!("{}\r\n a\r\n", "a".repeat(75)));
    }

    #[test]
    fn an_event_file_has_every_part_in_order() {
        let text = calendar(None, &[sample()], day("2026-11-20"));
        let lines = unfold(&text);
        let expected = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Quanyu//sitegen//ZH",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "BEGIN:VTIMEZONE",
            "TZID:Asia/Shanghai",
            "X-LIC-LOCATION:Asia/Shanghai",
            "BEGIN:STANDARD",
            "DTSTART:19700101T000000",
            "TZOFFSETFROM:+0800",
            "TZOFFSETTO:+0800",
            "TZNAME:CST",
            "END:STANDARD",
            "END:VTIMEZONE",
            "BEGIN:VEVENT",
            "UID:demo.fair@jobs.test.example",
            "DTSTAMP:20261120T000000Z",
            "DTSTART;TZID=Asia/Shanghai:20261205T093000",
            "DTEND;TZID=Asia/Shanghai:20261205T160000",
            "SUMMARY:招聘会\\; A\\, B \\\\ C",
            "LOCATION:中心就业驿站（示范区中心路1号）",
            "GEO:23.100000;113.300000",
            "CATEGORIES:招聘会",
            "DESCRIPTION:第一行\\n第二行",
            "URL:https://jobs.test.example/demo/events/fair/",
            "STATUS:CONFIRMED",
            "END:VEVENT",
            "END:VCALENDAR",
        ];
        assert_eq!(lines, expected);
        physical_lines(&text);
    }

    #[test]
    fn same_input_same_bytes_and_only_the_stamp_follows_the_build_date() {
        let events = [sample(), VEvent { uid: "demo.b@x".into(), ..sample() }];
        let a = calendar(None, &events, day("2026-11-20"));
        assert_eq!(a, calendar(None, &events, day("2026-11-20")));
        let b = calendar(None, &events, day("2027-01-02"));
        assert_eq!(a.replace("DTSTAMP:20261120T000000Z", "DTSTAMP:20270102T000000Z"), b);
    }

    #[test]
    fn livestreams_have_a_stream_and_no_place() {
        let live =
            VEvent {
                location: None, geo: None, conference: Some(("https://live.test.example/1".into(), "示范区就业直播间".into())), ..sample()
            };
        let lines = unfold(&calendar(None, &[live], day("2026-11-20")));
        assert!(lines.contains(&"CONFERENCE;VALUE=URI;FEATURE=VIDEO;LABEL=示范区就业直播间:https://live.test.example/1".to_owned()), "{lines:?}");
        assert!(!lines.iter().any(|l| l.starts_with("LOCATION") || l.starts_with("GEO")), "{lines:?}");
    }

    #[test]
    fn subscribable_calendars_name_themselves_and_other_offsets_become_china_time() {
        let feed = Feed {
            name: "示范区招聘活动".into(),
            description: "示范区的招聘活动".into(),
            source: "https://jobs.test.example/demo/events/calendar.ics".into(),
            url: "https://jobs.test.example/demo/events/".into(),
        };
        let utc = VEvent { start: DateTime::parse("2026-12-04T23:30:00Z").unwrap(), ..sample() };
        let lines = unfold(&calendar(Some(&feed), &[utc], day("2026-11-20")));
        for l in [
            "NAME:示范区招聘活动",
            "X-WR-CALNAME:示范区招聘活动",
            "X-WR-TIMEZONE:Asia/Shanghai",
            "SOURCE;VALUE=URI:https://jobs.test.example/demo/events/calendar.ics",
            "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
            "X-PUBLISHED-TTL:PT12H",
            "DTSTART;TZID=Asia/Shanghai:20261205T073000",
        ] {
            assert!(lines.contains(&l.to_owned()), "{l} missing: {lines:?}");
        }
        // Without events a calendar still holds a component (the time zone).
        let empty = unfold(&calendar(Some(&feed), &[], day("2026-11-20")));
        assert!(empty.contains(&"BEGIN:VTIMEZONE".to_owned()) && !empty.contains(&"BEGIN:VEVENT".to_owned()));
    }

    #[test]
    fn hosts_of_base_urls() {
        assert_eq!(host("https://jiuye.gz.example"), "jiuye.gz.example");
        assert_eq!(host("https://user@jiuye.gz.example:8443/portal/"), "jiuye.gz.example");
        assert_eq!(host("http://127.0.0.1:8000"), "127.0.0.1");
    }
}
