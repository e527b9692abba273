//! The content folder's bounds (issue 15 §3, §4), on copies of the good fixture: links that lead out of
//! it are errors naming the file and nothing they point at reaches the output; dangling links (errors)
//! and folders (warnings) among vacancy files are reported; files over their size limit, invalid UTF-8 and TOML nested
//! too deep are errors with a position where there is one; characters XML forbids in any field never
//! reach an output file (feeds, sitemap, calendars, HTML).

use std::fs;
use std::path::{Path, PathBuf};

use engine::date::Date;
use engine::diag::Severity;
use sitegen::site::{Options, Site};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good")
}

fn copy_of_fixture(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("quanyu-bounds-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    for rel in sitegen::load::source::list_files(&fixture()) {
        let dest = dir.join(&rel);
        fs::create_dir_all(dest.parent().unwrap()).unwrap();
        fs::copy(fixture().join(&rel), dest).unwrap();
    }
    dir
}

fn opts(dir: &Path) -> Options {
    Options { content: dir.to_owned(), base_url: None, build_date: Date::parse("2026-11-20").unwrap(), strict: true }
}

/// The errors of loading `dir`, with the folder's path replaced by `content`.
fn errors(dir: &Path) -> Vec<String> {
    match Site::load(&opts(dir)) {
        Ok(_) => Vec::new(),
        Err(d) => d
            .sorted()
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.to_string().replace(&dir.to_string_lossy().into_owned(), "content"))
            .collect(),
    }
}

#[cfg(unix)]
#[test]
fn links_out_of_the_content_folder_are_errors_and_never_published() {
    use std::os::unix::fs::symlink;
    let outside = std::env::temp_dir().join(format!("quanyu-bounds-secret-{}", std::process::id()));
    fs::create_dir_all(&outside).unwrap();
    fs::write(outside.join("secret.txt"), "SECRET-OUTSIDE").unwrap();
    fs::write(outside.join("page.html"), "{% extends \"base.html\" %}{% block main %}SECRET-TEMPLATE{% endblock main %}").unwrap();

    let dir = copy_of_fixture("links");
    fs::create_dir_all(dir.join("static/sub")).unwrap();
    fs::create_dir_all(dir.join("templates")).unwrap();
    fs::write(dir.join("static/real.txt"), "inside").unwrap();
    symlink(outside.join("secret.txt"), dir.join("static/secret.txt")).unwrap();
    symlink(&outside, dir.join("static/sub/whole-folder")).unwrap();
    symlink(dir.join("static/real.txt"), dir.join("static/alias.txt")).unwrap();
    symlink(outside.join("page.html"), dir.join("templates/page.html")).unwrap();
    symlink(outside.join("secret.txt"), dir.join("districts/demo/vacancies/x.json")).unwrap();
    symlink(dir.join("nowhere.json"), dir.join("districts/demo/vacancies/dangling.json")).unwrap();
    fs::create_dir_all(dir.join("districts/demo/vacancies/more.json")).unwrap();
    symlink(outside.join("secret.txt"), dir.join("pages/leak.md")).unwrap();

    let errs = errors(&dir);
    let expect = [
        "content/static/secret.txt: error: links outside the content folder",
        "content/static/sub/whole-folder: error: links outside the content folder",
        "content/templates/page.html: error: links outside the content folder",
        "content/districts/demo/vacancies/x.json: error: links outside the content folder",
        "content/districts/demo/vacancies/dangling.json: error: a link to a file that does not exist",
        "content/pages/leak.md: error: links outside the content folder",
    ];
    for e in expect {
        assert!(errs.iter().any(|x| x.starts_with(e)), "missing {e:?} in {errs:#?}");
    }
    assert_eq!(errs.len(), expect.len(), "{errs:#?}");
    // A folder among the vacancy files is not an error, but it is said.
    let warnings = Site::load(&opts(&dir)).err().unwrap();
    let folder = "districts/demo/vacancies/more.json: warning: a folder here is not read";
    assert!(warnings.sorted().iter().any(|w| w.to_string().contains(folder)), "no warning for the folder");

    // Without the links that leave the folder, it builds; the link inside it is published, and nothing
    // from outside is.
    for l in ["static/secret.txt", "static/sub/whole-folder", "templates/page.html", "districts/demo/vacancies/x.json", "pages/leak.md"] {
        fs::remove_file(dir.join(l)).unwrap();
    }
    fs::remove_file(dir.join("districts/demo/vacancies/dangling.json")).unwrap();
    fs::remove_dir(dir.join("districts/demo/vacancies/more.json")).unwrap();
    let out = dir.with_extension("out");
    let (site, _) = Site::load(&opts(&dir)).unwrap_or_else(|d| panic!("{:?}", d.sorted()));
    site.build(&out).unwrap();
    assert_eq!(fs::read_to_string(out.join("alias.txt")).unwrap(), "inside");
    for rel in sitegen::load::source::list_files(&out) {
        let bytes = fs::read(out.join(&rel)).unwrap();
        assert!(!bytes.windows(6).any(|w| w == b"SECRET"), "{} holds text from outside the content folder", rel.display());
    }
    for d in [&dir, &out, &outside] {
        fs::remove_dir_all(d).unwrap();
    }
}

#[test]
fn too_large_files_are_errors_before_they_are_read() {
    let dir = copy_of_fixture("sizes");
    // Sparse files: the size is what counts, nothing is read.
    let big = fs::File::create(dir.join("districts/demo/vacancies/huge.json")).unwrap();
    big.set_len(sitegen::load::source::MAX_VACANCY_FILE + 1).unwrap();
    let toml = fs::File::create(dir.join("districts/demo/figures.toml")).unwrap();
    toml.set_len(sitegen::load::source::MAX_TEXT_FILE + 1).unwrap();
    let errs = errors(&dir);
    assert!(errs.iter().any(|e| e == "content/districts/demo/vacancies/huge.json: error: the file is 256.0 MB, more than the 256.0 MB a file of this kind may be (split it into several files)"), "{errs:#?}");
    assert!(errs.iter().any(|e| e.starts_with("content/districts/demo/figures.toml: error: the file is 2.0 MB, more than the 2.0 MB")), "{errs:#?}");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn invalid_utf8_and_deep_toml_are_errors_at_their_position() {
    let dir = copy_of_fixture("positions");
    fs::write(dir.join("districts/demo/vacancies/latin1.json"), b"[\n  {\"identifier\": \"x\",\n   \"title\": \"caf\xe9\"}\n]\n").unwrap();
    fs::write(dir.join("pages/gbk.md"), b"+++\ntitle = \"t\"\n+++\n\xd6\xd0\xce\xc4\n").unwrap();
    let deep = format!("[[stations]]\nid = \"x\"\nservices = {}\"a\"{}\n", "[".repeat(200), "]".repeat(200));
    fs::write(dir.join("districts/demo/stations.toml"), deep).unwrap();
    let errs = errors(&dir);
    for e in [
        "content/districts/demo/vacancies/latin1.json:3:17: error: invalid UTF-8 (byte 0xe9) (save the file as UTF-8)",
        "content/pages/gbk.md:4:1: error: invalid UTF-8 (byte 0xd6) (save the file as UTF-8)",
    ] {
        assert!(errs.iter().any(|x| x == e), "missing {e:?} in {errs:#?}");
    }
    assert!(errs.iter().any(|e| e.starts_with("content/districts/demo/stations.toml:3:") && e.contains("recursion")), "{errs:#?}");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn titles_and_names_have_lengths() {
    let dir = copy_of_fixture("titles");
    let long = "名".repeat(201);
    let site = fs::read_to_string(dir.join("site.toml")).unwrap();
    fs::write(dir.join("site.toml"), site.replacen("title = { zh-CN = \"测试城市就业门户\"", &format!("title = {{ zh-CN = \"{long}\""), 1)).unwrap();
    fs::write(dir.join("pages/long.md"), format!("+++\ntitle = \"{long}\"\n+++\n正文\n")).unwrap();
    let events = fs::read_to_string(dir.join("districts/demo/events.toml")).unwrap();
    fs::write(dir.join("districts/demo/events.toml"), events.replacen("title = \"秋季招聘会\"", &format!("title = \"{long}\""), 1)).unwrap();
    let stations = fs::read_to_string(dir.join("districts/demo/stations.toml")).unwrap();
    fs::write(dir.join("districts/demo/stations.toml"), stations.replacen("name = \"中心就业驿站\"", &format!("name = \"{long}\""), 1)).unwrap();
    let errs = errors(&dir);
    for e in [
        "content/site.toml: error: `title`: the text is 201 characters long, more than 200",
        "content/pages/long.md: error: `title` is 201 characters long, more than 200",
        "content/districts/demo/events.toml:2:6: error: event `past-fair`: `title` is 201 characters long, more than 200",
        "content/districts/demo/stations.toml:2:6: error: station `central`: `name` is 201 characters long, more than 200",
    ] {
        assert!(errs.iter().any(|x| x.starts_with(e)), "missing {e:?} in {errs:#?}");
    }
    fs::remove_dir_all(&dir).unwrap();
}

/// Characters no output may carry: C0 controls but tab, LF, CR; DEL and C1; the non-characters.
fn forbidden(c: char) -> bool {
    let u = c as u32;
    (u < 0x20 && !matches!(c, '\t' | '\n' | '\r')) || (0x7f..=0x9f).contains(&u) || (0xfdd0..=0xfdef).contains(&u) || u & 0xfffe == 0xfffe
}

#[test]
fn characters_xml_forbids_never_reach_an_output_file() {
    let dir = copy_of_fixture("chars");
    let bad = "\\u0000\\u0001\\u001b\\u007f\\u0085\\ufffe\\uffff\\ufdd0";
    fs::write(
        dir.join("districts/demo/vacancies/c.json"),
        format!(
            "[{{\"identifier\": \"bad-chars\", \"title\": \"焊工{bad}甲\", \"description\": \"描述{bad}乙\\n\\n- 项{bad}\", \"datePosted\": \"2026-11-15\", \
             \"hiringOrganization\": {{\"name\": \"公司{bad}丙\"}}, \"jobLocation\": {{\"address\": {{\"streetAddress\": \"路{bad}丁\", \"addressLocality\": \"中心街道\"}}}}, \
             \"skills\": [\"技{bad}能\"], \"workHours\": \"九{bad}点\"}}]"
        ),
    )
    .unwrap();
    let mut events = fs::read_to_string(dir.join("districts/demo/events.toml")).unwrap();
    events.push_str(&format!(
        "\n[[events]]\nid = \"bad-chars\"\ntitle = \"活{bad}动\"\nkind = \"job-fair\"\nstart = \"2026-12-03T09:00:00+08:00\"\nend = \"2026-12-03T10:00:00+08:00\"\n\
         venue = \"场{bad}地\"\nstation = \"central\"\norganizer = \"主{bad}办\"\ndescription = \"说{bad}明\"\n"
    ));
    fs::write(dir.join("districts/demo/events.toml"), events).unwrap();
    fs::write(dir.join("pages/bad.md"), format!("+++\ntitle = \"页{bad}面\"\ndescription = \"描{bad}述\"\n+++\n正文\u{0}\u{fffe}内容\n")).unwrap();
    let out = dir.with_extension("out");
    let (site, _) = Site::load(&opts(&dir)).unwrap_or_else(|d| panic!("{:?}", d.sorted().iter().map(|d| d.to_string()).collect::<Vec<_>>()));
    site.build(&out).unwrap();
    let mut checked = 0;
    for rel in sitegen::load::source::list_files(&out) {
        let Ok(text) = fs::read_to_string(out.join(&rel)) else { continue };
        if let Some(c) = text.chars().find(|&c| forbidden(c)) {
            panic!("{}: U+{:04X}", rel.display(), c as u32);
        }
        checked += 1;
    }
    assert!(checked > 50);
    // What is left of the text is there: HTML, the feed, the calendar.
    assert!(fs::read_to_string(out.join("demo/jobs/bad-chars/index.html")).unwrap().contains("<title>焊工甲"));
    assert!(fs::read_to_string(out.join("demo/feed.xml")).unwrap().contains("焊工甲 · 公司丙"));
    assert!(fs::read_to_string(out.join("demo/events/bad-chars/event.ics")).unwrap().contains("SUMMARY:活动"));
    assert!(fs::read_to_string(out.join("pages/bad/index.html")).unwrap().contains("正文内容"));
    fs::remove_dir_all(&dir).unwrap();
    fs::remove_dir_all(&out).unwrap();
}
