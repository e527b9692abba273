//! Every URL the portals use, in one place (root-relative, with a trailing slash for pages).
//!
//! Vacancy pages live at `/<district>/jobs/<identifier>/`, so identifiers that would collide with the
//! listing paths are reserved ([`RESERVED_IDENTIFIERS`]).

/// Identifiers that cannot be used for vacancies because listings use those path segments.
pub const RESERVED_IDENTIFIERS: [&str; 3] = ["page", "type", "group"];

fn paged(base: String, page: usize) -> String {
    if page <= 1 { base } else { format!("{base}page/{page}/") }
}

/// City home.
pub fn home() -> String {
    "/".into()
}
/// The partner embed page (snippet builder).
pub const EMBED: &str = "/embed/";
/// The saved jobs and searches page ("我的收藏", issue 14 §2), drawn in the browser from its storage.
pub const SAVED: &str = "/saved/";
/// City page.
pub fn city_page(slug: &str) -> String {
    format!("/pages/{slug}/")
}
/// District home.
pub fn district(d: &str) -> String {
    format!("/{d}/")
}
/// District page.
pub fn district_page(d: &str, slug: &str) -> String {
    format!("/{d}/pages/{slug}/")
}
/// Policy list.
pub fn policies(d: &str) -> String {
    format!("/{d}/policies/")
}
/// Policy page.
pub fn policy(d: &str, slug: &str) -> String {
    format!("/{d}/policies/{slug}/")
}
/// Station list.
pub fn stations(d: &str) -> String {
    format!("/{d}/stations/")
}
/// Station page.
pub fn station(d: &str, id: &str) -> String {
    format!("/{d}/stations/{id}/")
}
/// Event list.
pub fn events(d: &str) -> String {
    format!("/{d}/events/")
}
/// Event page.
pub fn event(d: &str, id: &str) -> String {
    format!("/{d}/events/{id}/")
}
/// An event's iCalendar file, beside its page.
pub fn event_ics(d: &str, id: &str) -> String {
    format!("/{d}/events/{id}/event.ics")
}
/// A district's subscribable calendar of events (event ids cannot contain a dot, so no page collides).
pub fn events_calendar(d: &str) -> String {
    format!("/{d}/events/calendar.ics")
}
/// Vacancy listing, page `n`.
pub fn jobs(d: &str, n: usize) -> String {
    paged(format!("/{d}/jobs/"), n)
}
/// The district's vacancy listing with the widget filtered to one street or town (a station's page links
/// there: "vacancies around this station"). The static list behind it is the district's whole listing.
pub fn jobs_near(d: &str, locality: &str) -> String {
    format!("/{d}/jobs/?district={}&locality={}", engine::text::percent_encode(d), engine::text::percent_encode(locality))
}
/// Vacancy listing of one work type.
pub fn jobs_type(d: &str, type_slug: &str, n: usize) -> String {
    paged(format!("/{d}/jobs/type/{type_slug}/"), n)
}
/// Vacancy listing of one target group.
pub fn jobs_group(d: &str, group: &str, n: usize) -> String {
    paged(format!("/{d}/jobs/group/{group}/"), n)
}
/// Vacancy page.
pub fn job(d: &str, id: &str) -> String {
    format!("/{d}/jobs/{id}/")
}
/// The district and identifier of a vacancy page's URL (the inverse of [`job`]): `None` for every other
/// page, listings included (their segments after `jobs/` are reserved identifiers).
pub fn parse_job(url: &str) -> Option<(&str, &str)> {
    let mut parts = url.strip_prefix('/')?.strip_suffix('/')?.split('/');
    let (d, jobs, id) = (parts.next()?, parts.next()?, parts.next()?);
    let valid = jobs == "jobs" && parts.next().is_none() && !d.is_empty() && engine::text::is_valid_id(id);
    (valid && !RESERVED_IDENTIFIERS.contains(&id)).then_some((d, id))
}
/// District Atom feed.
pub fn feed(d: &str) -> String {
    format!("/{d}/feed.xml")
}

/// The output file for a URL path: `/a/b/` → `a/b/index.html`, `/x.xml` → `x.xml`.
pub fn file_for(url: &str) -> String {
    let p = url.trim_start_matches('/');
    if p.is_empty() || p.ends_with('/') { format!("{p}index.html") } else { p.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(jobs("huangpu", 1), "/huangpu/jobs/");
        assert_eq!(jobs("huangpu", 3), "/huangpu/jobs/page/3/");
        assert_eq!(jobs_type("liwan", "per-diem", 2), "/liwan/jobs/type/per-diem/page/2/");
        assert_eq!(file_for("/"), "index.html");
        assert_eq!(file_for("/huangpu/jobs/hp-1/"), "huangpu/jobs/hp-1/index.html");
        assert_eq!(file_for("/sitemap.xml"), "sitemap.xml");
        assert_eq!(file_for(&event_ics("liwan", "e1")), "liwan/events/e1/event.ics");
        assert_eq!(file_for(&events_calendar("liwan")), "liwan/events/calendar.ics");
        assert_eq!(parse_job(&job("liwan", "lw-7")), Some(("liwan", "lw-7")));
        for other in
            [jobs("liwan", 1), jobs("liwan", 2), jobs_type("liwan", "intern", 1), district("liwan"), event("liwan", "e1"), "/liwan/jobs/lw-7".into()]
        {
            assert_eq!(parse_job(&other), None, "{other}");
        }
    }
}
