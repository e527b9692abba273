//! The `sitegen` binary's exit status and `--report` file: 0 done, 1 failed (nothing written), 2 usage
//! error, 3 done but vacancy records were set aside; `--strict` makes a rejected record fatal.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn tmp(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("quanyu-cli-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&p);
    p
}

fn copy_dir(from: &Path, to: &Path) {
    for rel in sitegen::load::source::list_files(from) {
        let dest = to.join(&rel);
        fs::create_dir_all(dest.parent().unwrap()).unwrap();
        fs::copy(from.join(&rel), dest).unwrap();
    }
}

fn sitegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitegen"))
        .args(args)
        .args(["--build-date", "2026-11-20"])
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("sitegen runs")
}

fn status(o: &Output) -> i32 {
    o.status.code().expect("exited")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The good fixture with one more vacancy file: one good record, one whose `validThrough` is before its
/// `datePosted`, and one that repeats an identifier of a.json.
fn good_with_a_bad_record(dir: &Path) {
    copy_dir(&fixture("good"), dir);
    fs::write(
        dir.join("districts/demo/vacancies/c.json"),
        r#"[
  {"identifier": "demo-porter", "title": "搬运工", "description": "仓库搬运。", "datePosted": "2026-11-05", "hiringOrganization": {"name": "示范物流"}},
  {"identifier": "demo-late", "title": "仓管员", "description": "仓库管理。", "datePosted": "2026-11-05", "validThrough": "2026-11-01", "hiringOrganization": {"name": "示范物流"}},
  {"identifier": "demo-welder", "title": "焊工", "description": "又一个。", "datePosted": "2026-11-05", "hiringOrganization": {"name": "示范物流"}}
]
"#,
    )
    .unwrap();
}

#[test]
fn a_bad_record_is_left_out_reported_and_signalled_by_status_3() {
    let (content, out) = (tmp("content"), tmp("out"));
    good_with_a_bad_record(&content);
    let report = content.with_extension("report.json");
    let c = content.to_str().unwrap();
    let o = sitegen(&["build", "--content", c, "--out", out.to_str().unwrap(), "--report", report.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(status(&o), 3, "{err}");
    assert!(err.contains("c.json:3:115: rejected: `validThrough` 2026-11-01 is before `datePosted` 2026-11-05"), "{err}");
    assert!(err.contains("c.json:4:3: rejected: duplicate identifier `demo-welder` (first used at "), "{err}");
    assert!(err.contains("2 vacancy record(s) rejected"), "{err}");
    assert!(err.contains("(4 vacancies, 1 expired left out, 2 rejected)"), "{err}");
    // Every valid vacancy is published, the rejected ones are not, and the first demo-welder is kept.
    assert!(out.join("demo/jobs/demo-porter/index.html").is_file());
    assert!(!out.join("demo/jobs/demo-late").exists());
    assert!(fs::read_to_string(out.join("demo/jobs/demo-welder/index.html")).unwrap().contains("示范焊接有限公司"));
    let r: serde_json::Value = serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    let file = format!("{c}/districts/demo/vacancies/c.json");
    assert_eq!(
        r,
        serde_json::json!({"status": "published", "published": 4, "rejected": [
            {"file": file, "position": "3:3", "identifier": "demo-late", "errors": [
                {"position": "3:115", "message": "`validThrough` 2026-11-01 is before `datePosted` 2026-11-05", "hint": null}]},
            {"file": file, "position": "4:3", "identifier": "demo-welder", "errors": [
                {"position": "4:3", "message": "duplicate identifier `demo-welder`",
                 "hint": format!("first used at {c}/districts/demo/vacancies/a.json:2:3; identifiers must be unique in the city, the first one is kept")}]},
        ]})
    );
    // `check` says the same, with the same status, and writes nothing.
    let o = sitegen(&["check", "--content", c, "--report", report.to_str().unwrap()]);
    assert_eq!(status(&o), 3, "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!((r["status"].as_str(), r["published"].as_u64(), r["rejected"].as_array().map(Vec::len)), (Some("checked"), Some(4), Some(2)));

    // --strict: the rejected records are errors, the build fails, the previous output stays.
    fs::write(out.join("marker"), "previous build").unwrap();
    let o = sitegen(&["build", "--strict", "--content", c, "--out", out.to_str().unwrap(), "--report", report.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(status(&o), 1, "{err}");
    assert!(err.contains("c.json:3:115: error: `validThrough`") && err.contains("build failed;"), "{err}");
    assert_eq!(fs::read_to_string(out.join("marker")).unwrap(), "previous build", "output untouched");
    let r: serde_json::Value = serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!((r["status"].as_str(), r["published"].is_null(), r["rejected"].as_array().map(Vec::len)), (Some("failed"), true, Some(2)));
    assert_eq!(status(&sitegen(&["check", "--strict", "--content", c])), 1);

    // Without the bad records: 0, and the build replaces the output.
    fs::remove_file(content.join("districts/demo/vacancies/c.json")).unwrap();
    let o = sitegen(&["build", "--content", c, "--out", out.to_str().unwrap(), "--report", report.to_str().unwrap()]);
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    assert!(!out.join("marker").exists(), "a successful build replaces the output");
    let r: serde_json::Value = serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(r, serde_json::json!({"status": "published", "published": 3, "rejected": []}));
    for p in [&content, &out] {
        fs::remove_dir_all(p).unwrap();
    }
    fs::remove_file(report).unwrap();
}

#[test]
fn broken_team_content_fails_with_1_and_usage_errors_are_2() {
    let out = tmp("invalid-out");
    let o = sitegen(&["build", "--content", fixture("invalid").to_str().unwrap(), "--out", out.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(status(&o), 1, "{err}");
    assert!(err.contains("error: unknown field `centre`") && err.contains("rejected: invalid JSON"), "{err}");
    assert!(!out.exists(), "nothing written");
    assert_eq!(status(&sitegen(&["build", "--no-such-flag"])), 2);
    assert_eq!(status(&sitegen(&["publish"])), 2);
    assert_eq!(status(&sitegen(&["check", "--content", fixture("good").to_str().unwrap()])), 0);
}
