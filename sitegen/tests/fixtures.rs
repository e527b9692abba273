//! Fixture-site tests: a good site built end to end (snapshots of rendered main content, JSON-LD,
//! determinism, untrusted text, charts with their data tables), and an invalid site whose every problem
//! must be reported in one run (snapshot of the diagnostics) while the previous output stays untouched.
//! The sample content in `content/` is built too, for its charts.
//!
//! Snapshots live in `tests/snapshots/`; after an intended change, rerun with `UPDATE_SNAPSHOTS=1` and
//! review the diff.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::snapshot;
use engine::date::Date;
use sitegen::site::{Options, Site};

mod common;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn opts(name: &str) -> Options {
    Options { content: fixture(name), base_url: None, build_date: Date::parse("2026-11-20").unwrap(), strict: false }
}

fn tmp(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("quanyu-fixture-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&p);
    p
}

fn build_good(out: &Path) -> sitegen::site::Report {
    let (site, warnings) = Site::load(&opts("good")).unwrap_or_else(|d| panic!("good fixture has errors: {:?}", d.sorted()));
    assert!(warnings.warning_count() >= 1, "the expired vacancy is reported");
    site.build(out).unwrap()
}

fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("page has <main>");
    let end = html.find("</main>").expect("page has </main>") + "</main>".len();
    &html[start..end]
}

fn read(out: &Path, rel: &str) -> String {
    fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn good_site_builds_every_page_type() {
    let out = tmp("good");
    let r = build_good(&out);
    let (site, _) = Site::load(&opts("good")).unwrap();
    assert_eq!(r.pages, site.page_count(), "the progress line's total is the pages the build writes");
    assert_eq!(r.vacancies, 3);
    assert_eq!(r.expired, 1);
    for rel in [
        "index.html",
        "pages/about/index.html",
        "demo/index.html",
        "demo/pages/guide/index.html",
        "demo/policies/index.html",
        "demo/policies/subsidy/index.html",
        "demo/stations/index.html",
        "demo/stations/central/index.html",
        "demo/events/index.html",
        "demo/events/live/index.html",
        "demo/events/calendar.ics",
        "demo/events/live/event.ics",
        "demo/events/past-fair/event.ics",
        "demo/events/street-day/event.ics",
        "demo/jobs/index.html",
        "demo/jobs/page/2/index.html",
        "demo/jobs/type/full-time/index.html",
        "demo/jobs/type/per-diem/index.html",
        "demo/jobs/type/intern/index.html",
        "demo/jobs/type/part-time/index.html",
        "demo/jobs/group/4050/index.html",
        "demo/jobs/group/graduate/index.html",
        "demo/jobs/demo-welder/index.html",
        "demo/feed.xml",
        "feed.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        sitegen::output::assets::icon_path().as_str(),
    ] {
        assert!(out.join(rel).is_file(), "{rel} missing");
    }
    assert!(!out.join("demo/jobs/demo-expired").exists(), "expired vacancies are left out");
    // Snapshots of the main content of one page of each type.
    for (rel, snap) in [
        ("index.html", "city_home.html"),
        ("demo/index.html", "district_home.html"),
        ("pages/about/index.html", "page.html"),
        ("demo/policies/subsidy/index.html", "policy.html"),
        ("demo/stations/central/index.html", "station.html"),
        ("demo/events/index.html", "events.html"),
        ("demo/events/live/index.html", "event.html"),
        ("demo/jobs/index.html", "jobs.html"),
        ("demo/jobs/demo-welder/index.html", "job.html"),
    ] {
        snapshot(snap, main_of(&read(&out, rel)));
    }
    // A listing page names no file of the index (any vacancy renames them all), nor fetches any before
    // the citizen reaches for its search box: the boot module reads widget/current.json then, and the
    // files the page asks it to fetch first are files of the index current.json names once its
    // generation is put back. The page draws the widget's search box itself.
    let current: serde_json::Value = serde_json::from_str(&read(&out, "widget/current.json")).unwrap();
    let generation = u64::from_str_radix(current["generation"].as_str().unwrap(), 16).unwrap();
    let manifest = current["index"].as_str().unwrap().trim_start_matches("../");
    assert!(out.join(manifest).is_file() && manifest.contains(&format!("{generation:016x}")), "{manifest}");
    for rel in ["demo/jobs/index.html", "demo/jobs/page/2/index.html", "demo/jobs/type/per-diem/index.html", "demo/jobs/group/4050/index.html"] {
        let html = read(&out, rel);
        assert!(!html.contains("current.json") && !html.contains(r#"rel="preload""#), "{rel}: fetches something of the widget before it starts");
        assert!(html.contains(r#"<form class="qy-search" role="search"><label for="qy-q">"#), "{rel}: no search box");
        assert!(!html.contains(&format!("{generation:016x}")) && !html.contains("/search/"), "{rel} names an index file");
        let first = html.split(r#"data-first=""#).nth(1).and_then(|s| s.split('"').next()).unwrap_or_else(|| panic!("{rel}: no data-first"));
        let names: Vec<&str> = first.split(' ').collect();
        assert!(names.iter().any(|n| n.starts_with("docs-")) && names.iter().any(|n| n.starts_with("facet-")), "{rel}: {first}");
        for name in names {
            let file = sitegen::formats::search_index::first_file(name, generation);
            assert!(out.join("search").join(&file).is_file(), "{rel}: {name} → search/{file} is no file of the index");
        }
    }
    // Calendar files whole (CRLF shown as LF; the line endings are checked in `calendar_files`).
    for (rel, snap) in [("demo/events/street-day/event.ics", "event.ics"), ("demo/events/calendar.ics", "calendar.ics")] {
        snapshot(snap, &read(&out, rel).replace("\r\n", "\n"));
    }
    fs::remove_dir_all(&out).unwrap();
}

#[test]
fn untrusted_text_cannot_run_script() {
    let out = tmp("xss");
    build_good(&out);
    let page = without_citizen_script(&without_display_script(&read(&out, "demo/jobs/demo-welder/index.html")));
    // The title's `</script><script>` is text everywhere: escaped in HTML, \u003c-escaped in JSON-LD.
    assert_eq!(page.matches("<script").count(), 1, "only the JSON-LD block is a script:\n{page}");
    assert!(page.contains("<li><strong>五险一金</strong></li>"), "allowed HTML formatting in descriptions is kept");
    assert!(page.contains("焊工 &lt;/script&gt;&lt;script&gt;alert("), "title escaped in HTML");
    let about = without_display_script(&read(&out, "pages/about/index.html"));
    assert!(!about.contains("<script") && !about.contains("alert(\"page\")"), "script in a page is removed with its content");
    fs::remove_dir_all(&out).unwrap();
}

/// The page without the one script every page carries, the display switch's (templates/parts/display.js),
/// which must be there exactly once, in `<head>`: what is left are the scripts content could bring in.
fn without_display_script(page: &str) -> String {
    const START: &str = "<script>(function(){var k=\"qy-display\"";
    assert_eq!(page.matches(START).count(), 1, "the display script, once:\n{page}");
    let start = page.find(START).unwrap();
    let end = start + page[start..].find("</script>").unwrap() + "</script>".len();
    assert!(start < page.find("</head>").unwrap(), "the display script is in <head>");
    format!("{}{}", &page[..start], &page[end..])
}

/// The page without its one external `citizen.js` module (saved jobs, read aloud: issue 14), which must
/// be in `<head>` and have no content.
fn without_citizen_script(page: &str) -> String {
    let tag = format!("<script type=\"module\" src=\"/{}\"></script>", sitegen::output::assets::citizen_js_path());
    assert_eq!(page.matches(&tag).count(), 1, "the citizen script, once:\n{page}");
    assert!(page.find(&tag).unwrap() < page.find("</head>").unwrap(), "the citizen script is in <head>");
    page.replacen(&tag, "", 1)
}

/// Extracts the JSON-LD object of a page.
fn jsonld(page: &str) -> serde_json::Value {
    let start = page.find("<script type=\"application/ld+json\">").unwrap() + "<script type=\"application/ld+json\">".len();
    let end = start + page[start..].find("</script>").unwrap();
    serde_json::from_str(&page[start..end]).unwrap()
}

#[test]
fn job_posting_json_ld_matches_the_visible_page() {
    let out = tmp("jsonld");
    build_good(&out);
    let page = read(&out, "demo/jobs/demo-welder/index.html");
    let j = jsonld(&page);
    assert_eq!(j["@type"], "JobPosting");
    assert_eq!(j["title"], "焊工 </script><script>alert('title')</script>");
    assert_eq!(j["datePosted"], "2026-11-10");
    assert_eq!(j["validThrough"], "2026-12-31");
    assert_eq!(j["employmentType"], serde_json::json!(["FULL_TIME", "PER_DIEM"]));
    assert_eq!(j["hiringOrganization"]["name"], "示范焊接有限公司 & Co");
    assert_eq!(j["jobLocation"]["address"]["addressCountry"], "CN");
    assert_eq!(j["baseSalary"]["value"]["minValue"], 6500.0);
    assert_eq!(j["url"], "https://jobs.test.example/demo/jobs/demo-welder/");
    // What the JSON-LD says is on the page for people too.
    for visible in ["示范焊接有限公司 &amp; Co", "6,500–9,500 元/月", "2026-11-10", "2026-12-31", "全职、零工", "中心街道", "焊工证"]
    {
        assert!(page.contains(visible), "{visible} not visible");
    }
    assert!(page.contains("<link rel=\"canonical\" href=\"https://jobs.test.example/demo/jobs/demo-welder/\">"));
    // A vacancy without a location still gets one (its district), as Google requires.
    let intern = jsonld(&read(&out, "demo/jobs/demo-intern/index.html"));
    assert_eq!(intern["jobLocation"]["address"]["addressLocality"], "示范区");
    assert_eq!(intern["baseSalary"]["value"]["value"], 150.0);
    assert!(read(&out, "demo/jobs/demo-intern/index.html").contains("约合每月 3,263 元/月"), "daily pay shows its monthly equivalent");
    fs::remove_dir_all(&out).unwrap();
}

/// The content lines of an iCalendar file, unfolded, after checking its physical lines: CRLF endings,
/// at most 75 octets each.
fn ics_lines(text: &str) -> Vec<String> {
    let body = text.strip_suffix("\r\n").expect("ends in CRLF");
    for line in body.split("\r\n") {
        assert!(!line.contains(['\r', '\n']), "bare CR or LF in {line:?}");
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    body.replace("\r\n ", "").split("\r\n").map(str::to_owned).collect()
}

fn prop<'a>(lines: &'a [String], name: &str) -> Vec<&'a str> {
    lines.iter().filter_map(|l| l.strip_prefix(name)).filter_map(|rest| rest.split_once(':').map(|(_, v)| v)).collect()
}

#[test]
fn events_listing_pages_and_employer_vacancies() {
    let out = tmp("events");
    let (site, warnings) = Site::load(&opts("good")).unwrap();
    let warned: Vec<String> = warnings.sorted().iter().map(|d| d.to_string()).collect();
    assert!(
        warned.iter().any(|w| w.contains("events.toml:11:22: warning: event `past-fair`: employer `过期公司` has no open vacancy in this district")),
        "{warned:?}"
    );
    site.build(&out).unwrap();
    // Upcoming soonest first, then past ones; the calendar is offered in the head and in the page.
    let list = read(&out, "demo/events/index.html");
    let at = |needle: &str| list.find(needle).unwrap_or_else(|| panic!("{needle} not in the listing"));
    assert!(at("/demo/events/live/") < at("/demo/events/street-day/") && at("/demo/events/street-day/") < at("往期活动"));
    assert!(at("往期活动") < at("/demo/events/past-fair/"));
    let calendar = "https://jobs.test.example/demo/events/calendar.ics";
    assert!(list.contains(&format!("<link rel=\"alternate\" type=\"text/calendar\" href=\"{calendar}\" title=\"示范区招聘活动\">")));
    assert!(list.contains(&format!("<a class=\"button\" href=\"{calendar}\">订阅日历</a>")) && !list.contains("webcal:"));
    // Each event page offers its own file and lists the open vacancies of the employers taking part.
    let live = read(&out, "demo/events/live/index.html");
    assert!(live.contains("<a class=\"button\" href=\"/demo/events/live/event.ics\" download>加入日历</a>"));
    let jobs = &live[live.find("参会单位在招岗位").unwrap()..];
    assert!(jobs.find("示范焊接有限公司 &amp; Co").unwrap() < jobs.find("/demo/jobs/demo-welder/").unwrap());
    assert!(jobs.find("示范软件公司").unwrap() < jobs.find("/demo/jobs/demo-intern/").unwrap());
    assert!(!jobs.contains("demo-cleaner"), "only the employers' own vacancies");
    let past = read(&out, "demo/events/past-fair/index.html");
    assert!(past.contains("/demo/jobs/demo-cleaner/") && !past.contains("demo-expired"), "expired vacancies are not linked");
    assert!(past.contains("<h3 class=\"h4\">过期公司</h3>\n<p class=\"muted\">该单位暂无在招岗位。</p>"));
    // A livestream is an online event.
    let j = jsonld(&live);
    assert_eq!(j["@type"], "Event");
    assert_eq!(j["eventAttendanceMode"], "https://schema.org/OnlineEventAttendanceMode");
    assert_eq!(j["location"], serde_json::json!({"@type": "VirtualLocation", "url": "https://live.test.example/1"}));
    let street = jsonld(&read(&out, "demo/events/street-day/index.html"));
    assert_eq!(street["eventAttendanceMode"], "https://schema.org/OfflineEventAttendanceMode");
    assert_eq!(street["location"]["address"]["streetAddress"], "示范区中心路2号, 一楼大厅; 东门进入");
    assert!(street["description"].as_str().unwrap().starts_with("上午岗位推荐, 下午政策宣讲"));
    assert_eq!(jsonld(&past)["location"]["geo"]["latitude"], 23.1, "held at a station: its coordinates");
    fs::remove_dir_all(&out).unwrap();
}

#[test]
fn calendar_files() {
    let out = tmp("ics");
    build_good(&out);
    // Each event's file: one VEVENT that says what the page says.
    let live = ics_lines(&read(&out, "demo/events/live/event.ics"));
    assert_eq!(prop(&live, "BEGIN"), ["VCALENDAR", "VTIMEZONE", "STANDARD", "VEVENT"]);
    assert_eq!(prop(&live, "UID"), ["demo.live@jobs.test.example"]);
    assert_eq!(prop(&live, "DTSTAMP"), ["20261120T000000Z"], "the build date, not the clock");
    assert_eq!(prop(&live, "DTSTART;TZID=Asia/Shanghai"), ["20261201T190000"]);
    assert_eq!(prop(&live, "SUMMARY"), ["直播带岗专场"]);
    assert_eq!(prop(&live, "URL"), ["https://jobs.test.example/demo/events/live/"]);
    assert_eq!(prop(&live, "CONFERENCE;VALUE=URI;FEATURE=VIDEO;LABEL=示范区就业直播间"), ["https://live.test.example/1"]);
    assert!(prop(&live, "LOCATION").is_empty() && prop(&live, "GEO").is_empty(), "a livestream has no place");
    let street = ics_lines(&read(&out, "demo/events/street-day/event.ics"));
    assert_eq!(prop(&street, "SUMMARY"), ["“一街一特色”中心街道就业服务日: 岗位推荐\\, 政策宣讲\\; 权益咨询 \\\\ 现场办理"]);
    assert_eq!(prop(&street, "DTSTART;TZID=Asia/Shanghai"), ["20261220T090000"], "written in UTC, shown in China time");
    assert_eq!(prop(&street, "LOCATION"), ["中心街道党群服务中心（示范区中心路2号\\, 一楼大厅\\; 东门进入）"]);
    let past = ics_lines(&read(&out, "demo/events/past-fair/event.ics"));
    assert_eq!(prop(&past, "GEO"), ["23.100000;113.300000"]);
    // The district calendar: every event within the window, named, with refresh hints.
    let cal = ics_lines(&read(&out, "demo/events/calendar.ics"));
    assert_eq!(prop(&cal, "UID"), ["demo.past-fair@jobs.test.example", "demo.live@jobs.test.example", "demo.street-day@jobs.test.example"]);
    assert_eq!(prop(&cal, "X-WR-CALNAME"), ["示范区招聘活动"]);
    assert_eq!(prop(&cal, "REFRESH-INTERVAL;VALUE=DURATION"), ["PT12H"]);
    for e in ["live", "past-fair", "street-day"] {
        let single = ics_lines(&read(&out, &format!("demo/events/{e}/event.ics")));
        let vevent =
            |l: &[String]| -> Vec<String> { l.iter().skip_while(|x| *x != "BEGIN:VEVENT").take_while(|x| *x != "END:VEVENT").cloned().collect() };
        let uid = format!("UID:demo.{e}@jobs.test.example");
        let in_cal: Vec<String> = cal.iter().skip_while(|x| **x != uid).take_while(|x| *x != "END:VEVENT").cloned().collect();
        assert_eq!(vevent(&single)[1..], in_cal[..], "{e}: the same VEVENT in both files");
    }
    // Months later the past fair has left the calendar (it stays on its page and in its own file).
    let later = tmp("ics-later");
    let (site, _) = Site::load(&Options { build_date: Date::parse("2027-03-01").unwrap(), ..opts("good") }).unwrap();
    site.build(&later).unwrap();
    let cal = ics_lines(&read(&later, "demo/events/calendar.ics"));
    assert_eq!(prop(&cal, "UID"), ["demo.live@jobs.test.example", "demo.street-day@jobs.test.example"]);
    assert_eq!(prop(&cal, "DTSTAMP"), ["20270301T000000Z", "20270301T000000Z"]);
    assert!(later.join("demo/events/past-fair/event.ics").is_file());
    fs::remove_dir_all(&out).unwrap();
    fs::remove_dir_all(&later).unwrap();
}

#[test]
fn same_input_gives_byte_identical_output() {
    let (a, b) = (tmp("det-a"), tmp("det-b"));
    build_good(&a);
    build_good(&b);
    let tree = |root: &Path| -> BTreeMap<String, Vec<u8>> {
        sitegen::load::source::list_files(root)
            .into_iter()
            .map(|rel| (rel.to_string_lossy().into_owned(), fs::read(root.join(&rel)).unwrap()))
            .collect()
    };
    let (ta, tb) = (tree(&a), tree(&b));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (k, v) in &ta {
        assert!(v == &tb[k], "{k} differs between two builds");
    }
    fs::remove_dir_all(&a).unwrap();
    fs::remove_dir_all(&b).unwrap();
}

#[test]
fn feeds_sitemap_and_robots() {
    let out = tmp("feeds");
    build_good(&out);
    let feed = read(&out, "demo/feed.xml");
    assert!(feed.starts_with("<?xml") && feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    assert_eq!(feed.matches("<entry>").count(), 3);
    // Newest first: the intern (11-12), the welder (11-10), the cleaner (11-01).
    let order: Vec<usize> = ["demo-intern", "demo-welder", "demo-cleaner"].iter().map(|id| feed.find(id).unwrap()).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{feed}");
    assert!(feed.contains("&lt;/script&gt;"), "XML-escaped title");
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://jobs.test.example/demo/jobs/demo-welder/</loc><lastmod>2026-11-10</lastmod>"));
    assert!(!sitemap.contains("404"));
    assert_eq!(read(&out, "robots.txt"), "User-agent: *\nAllow: /\n\nSitemap: https://jobs.test.example/sitemap.xml\n");
    fs::remove_dir_all(&out).unwrap();
}

#[test]
fn invalid_site_reports_every_problem_and_leaves_output_untouched() {
    let out = tmp("invalid");
    build_good(&out);
    let before = read(&out, "index.html");
    let diags = match Site::load(&opts("invalid")) {
        Ok(_) => panic!("the invalid fixture must not load"),
        Err(d) => d,
    };
    let root = fixture("invalid").to_string_lossy().into_owned();
    let text: String = diags.sorted().iter().map(|d| format!("{}\n", d.to_string().replace(&root, "invalid"))).collect();
    snapshot("invalid.txt", &text);
    // Each kind of bad input the foundation issue lists is among them.
    for needle in [
        "duplicate identifier `shared-id`",
        "is not a day of the calendar",
        "`title` must be a string",
        "unknown target group `graduates`",
        "missing required property `title`",
        "invalid JSON",
        "unknown field `centre`",
        "contains a <script> element",
        "missing front matter",
    ] {
        assert!(text.contains(needle), "missing: {needle}\n{text}");
    }
    // Its vacancy records are set aside (five: three objects of a.json, broken.json, the duplicate in
    // dup.json), but its team-written content has errors, so the whole load still fails.
    assert_eq!(diags.rejected_records(), 5);
    assert!(diags.has_errors());
    assert!(text.lines().filter(|l| l.contains("/vacancies/")).all(|l| l.contains(": rejected: ")), "{text}");
    assert!(text.lines().filter(|l| !l.contains("/vacancies/")).all(|l| !l.contains(": rejected: ")), "{text}");
    // --strict: the same problems, the rejected records as errors (as before records could be set aside).
    let Err(strict) = Site::load(&Options { strict: true, ..opts("invalid") }) else { panic!("the invalid fixture must not load") };
    let strict_text: String = strict.sorted().iter().map(|d| format!("{}\n", d.to_string().replace(&root, "invalid"))).collect();
    assert_eq!(strict_text, text.replace(": rejected: ", ": error: "));
    assert_eq!(strict.rejected_records(), 5, "still known as records, for the report");
    // A build is never attempted, and the previous output is intact.
    assert_eq!(read(&out, "index.html"), before);
    fs::remove_dir_all(&out).unwrap();
}

#[test]
fn broken_toml_is_reported_with_its_position() {
    let dir = tmp("broken-toml");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("site.toml"), "title = \"x\"\ndescription = \"y\"\nbase_url = https://x\n").unwrap();
    let Err(d) = Site::load(&Options { content: dir.clone(), base_url: None, build_date: Date::parse("2026-11-20").unwrap(), strict: false }) else {
        panic!()
    };
    let s: Vec<String> = d.sorted().iter().map(|d| d.to_string()).collect();
    assert_eq!(s.len(), 1, "{s:?}");
    assert!(s[0].contains("site.toml:3:12: error:"), "{s:?}");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn user_templates_override_built_in_ones_file_by_file() {
    let dir = tmp("override");
    copy_dir(&fixture("good"), &dir);
    fs::create_dir_all(dir.join("templates")).unwrap();
    fs::write(dir.join("templates/page.html"), "{% extends \"base.html\" %}{% block main %}<h1>OVERRIDDEN {{ page.title }}</h1>{% endblock main %}")
        .unwrap();
    let out = tmp("override-out");
    let (site, _) = Site::load(&Options {
        content: dir.clone(),
        base_url: Some("https://other.example/".into()),
        build_date: Date::parse("2026-11-20").unwrap(),
        strict: false,
    })
    .unwrap();
    site.build(&out).unwrap();
    assert!(read(&out, "pages/about/index.html").contains("<h1>OVERRIDDEN 关于</h1>"));
    assert!(read(&out, "demo/jobs/demo-welder/index.html").contains("岗位信息"), "other templates stay built in");
    assert!(read(&out, "index.html").contains("href=\"https://other.example/\""), "--base-url overrides site.toml");
    // A broken override is reported with its file name.
    fs::write(dir.join("templates/page.html"), "{% block main %}{{ unclosed {% endblock main %}").unwrap();
    let Err(d) = Site::load(&opts_for(&dir)) else { panic!("broken template accepted") };
    let errors: Vec<String> = d.sorted().iter().filter(|d| d.severity == engine::diag::Severity::Error).map(|d| d.to_string()).collect();
    assert!(errors.len() == 1 && errors[0].contains("templates/page.html: error: template error") && errors[0].contains("1:29"), "{errors:?}");
    fs::remove_dir_all(&dir).unwrap();
    fs::remove_dir_all(&out).unwrap();
}

fn opts_for(dir: &Path) -> Options {
    Options { content: dir.to_owned(), base_url: None, build_date: Date::parse("2026-11-20").unwrap(), strict: false }
}

fn copy_dir(from: &Path, to: &Path) {
    for rel in sitegen::load::source::list_files(from) {
        let dest = to.join(&rel);
        fs::create_dir_all(dest.parent().unwrap()).unwrap();
        fs::copy(from.join(&rel), dest).unwrap();
    }
}

/// Undoes the escaping of tera and of the chart writer, and drops white space (a label wrapped at a
/// space loses it between lines).
fn plain(html: &str) -> String {
    let mut s = html.to_owned();
    for (entity, c) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'"), ("&#x2F;", "/"), ("&amp;", "&")] {
        s = s.replace(entity, c);
    }
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The text between `start` and the next `end` after it.
fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let at = s.find(start)? + start.len();
    Some(&s[at..at + s[at..].find(end)?])
}

/// Text contents of every element of `class` (e.g. `<text class="k" …>…</text>`) in `s`, joined.
fn texts(s: &str, class: &str) -> String {
    s.split(&format!("<text class=\"{class}\"")).skip(1).filter_map(|t| between(t, ">", "</text>")).collect()
}

/// Checks every chart of `page`: an `<svg role="img">` whose `aria-labelledby` names its own non-empty
/// `<title>`, followed by a data table with a caption whose rows are the chart's labels and values, in
/// the chart's order. Element ids are unique on the page. Returns (chart id, rows) of each chart.
fn check_charts(page: &str, what: &str) -> Vec<(String, Vec<(String, String)>)> {
    let ids: Vec<&str> = page.split(" id=\"").skip(1).filter_map(|p| p.split('"').next()).collect();
    let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "{what}: duplicate element ids");
    let mut charts = Vec::new();
    let mut rest = page;
    while let Some(at) = rest.find("<svg") {
        let end = at + rest[at..].find("</svg>").unwrap_or_else(|| panic!("{what}: unclosed <svg>")) + "</svg>".len();
        let svg = &rest[at..end];
        let open = &svg[..svg.find('>').unwrap()];
        assert!(open.contains(" role=\"img\""), "{what}: a chart without role=img: {open}");
        let id = between(open, "aria-labelledby=\"", "\"").unwrap_or_else(|| panic!("{what}: a chart without aria-labelledby: {open}"));
        let title = between(svg, &format!("<title id=\"{id}\">"), "</title>").unwrap_or_else(|| panic!("{what}: no <title id={id}>"));
        assert!(!title.trim().is_empty(), "{what}: {id} has an empty name");
        let chart_rows: Vec<(String, String)> =
            svg.split("<g class=\"row\">").skip(1).map(|g| (plain(&texts(g, "k")), plain(&texts(g, "v")))).collect();
        // The data table comes right after the chart.
        let after = rest[end..].trim_start();
        assert!(after.starts_with("<table"), "{what}: {id} is not followed by its data table");
        let table = &after[..after.find("</table>").unwrap()];
        let caption = between(table, ">", "</caption>").filter(|_| table.contains("<caption")).unwrap_or_default();
        assert!(!plain(caption).is_empty(), "{what}: {id}'s table has no caption");
        let body = between(table, "<tbody>", "</tbody>").unwrap_or_else(|| panic!("{what}: {id}'s table has no body"));
        let table_rows: Vec<(String, String)> = body
            .split("<tr>")
            .skip(1)
            .map(|tr| {
                let label = between(tr, "<th scope=\"row\">", "</th>").unwrap_or_else(|| panic!("{what}: {id}: a row without a header: {tr}"));
                (plain(label), plain(between(tr, "<td class=\"n\">", "</td>").unwrap_or_default()))
            })
            .collect();
        assert!(!table_rows.is_empty(), "{what}: {id}'s table is empty");
        assert_eq!(chart_rows, table_rows, "{what}: {id}: the table does not say what the chart shows");
        charts.push((id.trim_end_matches("-t").to_owned(), table_rows));
        rest = &rest[end..];
    }
    charts
}

/// The rows of chart `id` as `label value`.
fn chart(charts: &[(String, Vec<(String, String)>)], id: &str) -> Vec<String> {
    let (_, rows) =
        charts.iter().find(|(i, _)| i == id).unwrap_or_else(|| panic!("no chart {id} in {:?}", charts.iter().map(|c| &c.0).collect::<Vec<_>>()));
    rows.iter().map(|(l, v)| format!("{l} {v}")).collect()
}

#[test]
fn charts_have_a_name_and_a_data_table_with_their_values() {
    let out = tmp("charts");
    build_good(&out);
    let home = check_charts(&read(&out, "demo/index.html"), "demo/index.html");
    let ids: Vec<&str> = home.iter().map(|c| c.0.as_str()).collect();
    assert_eq!(ids, ["fig-new-jobs", "fig-job-fairs", "fig-stations", "stats-type", "stats-salary"]);
    assert_eq!(chart(&home, "fig-new-jobs"), ["2025年1—9月 43,500", "2026年1—9月 45,210"]);
    assert_eq!(chart(&home, "fig-job-fairs"), ["2026年8月 3", "2026年9月 0", "2026年10月 5"], "dates read as periods; zero is shown");
    assert_eq!(chart(&home, "fig-stations"), ["基础驿站 21", "特色驿站（楼宇、商圈、园区） 5"]);
    assert_eq!(chart(&home, "stats-salary")[1], "3,000–5,000元 2", "two of three vacancies pay 3,000–5,000 a month");
    let page = read(&out, "demo/index.html");
    assert!(page.contains("<title id=\"fig-job-fairs-t\">招聘活动 &lt;b&gt;&amp;&lt;/b&gt; &quot;示范&quot;（单位：场）图表，数据见表格</title>"));
    assert!(!page.contains("<b>&"), "content never becomes markup");
    // Key figures (series of one value) are numbers, not charts.
    assert!(page.contains("<span class=\"figure-value\">9.04<small>万人</small></span> <span class=\"figure-label\">城镇新增就业（累计）</span>"));
    assert!(page.contains("<span class=\"figure-value\">98.09<small>%</small></span>"));
    let city = check_charts(&read(&out, "index.html"), "index.html");
    assert_eq!(city.iter().map(|c| c.0.as_str()).collect::<Vec<_>>(), ["cmp-jobs", "cmp-new-jobs", "stats-type", "stats-salary"]);
    assert_eq!(chart(&city, "cmp-new-jobs"), ["示范区 45,210"]);
    fs::remove_dir_all(&out).unwrap();
}

#[test]
fn sample_content_charts() {
    let out = tmp("sample");
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let (site, _) = Site::load(&opts_for(&content)).unwrap_or_else(|d| panic!("the sample content has errors: {:?}", d.sorted()));
    site.build(&out).unwrap();
    let city = check_charts(&read(&out, "index.html"), "index.html");
    assert_eq!(
        city.iter().map(|c| c.0.as_str()).collect::<Vec<_>>(),
        ["cmp-jobs", "cmp-job-fairs", "cmp-station-visits", "stats-type", "stats-salary", "stats-occupation"]
    );
    let total: u64 =
        chart(&city, "cmp-jobs").iter().map(|r| r.trim_start_matches(|c: char| !c.is_ascii_digit()).replace(',', "").parse::<u64>().unwrap()).sum();
    assert_eq!(total as usize, site.content.vacancy_count(), "the districts' open vacancies add up to the city's");
    assert_eq!(chart(&city, "cmp-job-fairs").len(), 5, "every district has the series");
    for d in &site.content.districts {
        let rel = format!("{}/index.html", d.slug);
        let charts = check_charts(&read(&out, &rel), &rel);
        assert!(charts.iter().any(|c| c.0 == "fig-job-fairs") && charts.iter().any(|c| c.0 == "stats-occupation"), "{rel}");
        assert!(chart(&charts, "stats-occupation").len() <= 10);
    }
    fs::remove_dir_all(&out).unwrap();
}

#[test]
fn districts_are_compared_at_their_latest_common_date() {
    let dir = tmp("compare");
    copy_dir(&fixture("good"), &dir);
    // A second district: the demo district's pages, without vacancies or events.
    let other = dir.join("districts/other");
    copy_dir(&dir.join("districts/demo"), &other);
    fs::remove_dir_all(other.join("vacancies")).unwrap();
    fs::remove_file(other.join("events.toml")).unwrap();
    fs::write(
        other.join("district.toml"),
        "name = \"另一区\"\ntagline = \"一\"\nfocus = \"另一区。\"\naccent = \"#8a2d1c\"\ncenter = { lat = 23.1, lon = 113.2 }\n",
    )
    .unwrap();
    let series = |id: &str, unit: &str, points: &str| {
        format!("[[series]]\nid = \"{id}\"\ntitle = \"{id}\"\nunit = \"{unit}\"\nsource = {{ name = \"另一区统计\" }}\npoints = [{points}]\n\n")
    };
    fs::write(
        other.join("figures.toml"),
        [
            series("new-jobs", "人", "{ date = \"2025-09\", period = \"2025年1—9月\", value = 12000 }, { date = \"2026-06\", value = 9000 }"),
            series("job-fairs", "次", "{ date = \"2026-10\", value = 2 }"),
            series("graduate-rate", "%", "{ date = \"2024\", value = 97.5 }"),
        ]
        .concat(),
    )
    .unwrap();
    let site_toml = read(&dir, "site.toml").replace("districts = [\"demo\"]", "districts = [\"demo\", \"other\"]");
    let with_compare = |list: &str| site_toml.replace("compare = [\"new-jobs\"]", &format!("compare = [{list}]"));
    fs::write(dir.join("site.toml"), with_compare("\"new-jobs\", \"job-fairs\", \"stations\", \"graduate-rate\", \"new-jobs\", \"new-job\""))
        .unwrap();
    let Err(d) = Site::load(&opts_for(&dir)) else { panic!("bad comparisons accepted") };
    let root = dir.to_string_lossy().into_owned();
    let errors: Vec<String> = d.sorted().iter().map(|d| d.to_string().replace(&root, "x")).filter(|d| d.contains("error")).collect();
    assert_eq!(
        errors,
        [
            "x/site.toml:7:24: error: `compare`: series `job-fairs` has the unit `场` in demo but `次` in other (compared values need one unit)",
            "x/site.toml:7:37: error: `compare`: series `stations` of demo is a breakdown (its points have labels); only time series can be compared",
            "x/site.toml:7:49: error: `compare`: the districts with series `graduate-rate` have no date in common (give each of them a point with the same date; the latest such date is compared)",
            "x/site.toml:7:66: error: `compare`: `new-jobs` is listed twice",
            "x/site.toml:7:78: error: `compare`: no district has a series `new-job` (did you mean `new-jobs`?)",
        ]
    );
    // new-jobs: demo has 2025-09 and 2026-09, other 2025-09 and 2026-06: 2025-09 is compared.
    fs::write(dir.join("site.toml"), with_compare("\"new-jobs\"")).unwrap();
    let out = tmp("compare-out");
    let (site, _) = Site::load(&opts_for(&dir)).unwrap();
    site.build(&out).unwrap();
    let page = read(&out, "index.html");
    let city = check_charts(&page, "index.html");
    assert_eq!(chart(&city, "cmp-jobs"), ["示范区 3", "另一区 0"]);
    assert_eq!(chart(&city, "cmp-new-jobs"), ["示范区 43,500", "另一区 12,000"]);
    assert!(page.contains("<p class=\"note\">统计期：2025年1—9月</p>"));
    assert!(page.contains("<p class=\"note\">来源：<a href=\"https://stats.test.example/new-jobs\">示范区人力资源和社会保障局</a></p>\n<p class=\"note\">来源：另一区统计</p>"));
    let other_home = check_charts(&read(&out, "other/index.html"), "other/index.html");
    assert!(other_home.iter().all(|c| !c.0.starts_with("stats-")), "no vacancies, no statistics");
    assert!(read(&out, "other/index.html").contains("目前没有在招岗位。"));
    fs::remove_dir_all(&dir).unwrap();
    fs::remove_dir_all(&out).unwrap();
}
