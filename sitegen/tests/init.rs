//! `sitegen init` end to end, through the binary: the folder it writes passes `check` with no warning,
//! builds (with the search widget and its index), and its pages are the page types a portal has; a folder
//! that is not empty is refused with nothing written; bad `--district` values are usage problems.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn sitegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitegen")).args(args).env("SOURCE_DATE_EPOCH", "1795104000").output().expect("sitegen runs")
}

fn tmp(name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("quanyu-init-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&p);
    p
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

fn files(dir: &Path) -> Vec<String> {
    sitegen::load::source::list_files(dir).iter().map(|p| p.to_string_lossy().replace('\\', "/")).collect()
}

#[test]
fn init_writes_a_folder_that_checks_and_builds() {
    let base = tmp("ok");
    let content = base.join("portal");
    let out = base.join("dist");
    let c = content.to_str().unwrap();
    let o = sitegen(&["init", c, "--city", "广州", "--district", "huangpu=黄埔区", "--district", "nansha=南沙区"]);
    assert!(o.status.success(), "{}", text(&o));
    let written = files(&content);
    for want in [
        "site.toml",
        "index.md",
        "pages/about.md",
        "districts/huangpu/district.toml",
        "districts/huangpu/index.md",
        "districts/huangpu/policies/employment-subsidy.md",
        "districts/huangpu/stations.toml",
        "districts/huangpu/events.toml",
        "districts/huangpu/figures.toml",
        "districts/huangpu/vacancies/examples.json",
        "districts/huangpu/vacancies/examples.xlsx",
        "districts/nansha/district.toml",
    ] {
        assert!(written.iter().any(|w| w == want), "{want} missing from {written:?}");
    }
    let policy = fs::read_to_string(content.join("districts/nansha/policies/employment-subsidy.md")).unwrap();
    assert!(policy.contains("[eligibility]") && policy.contains("[[benefits]]") && policy.contains("districts = [\"nansha\"]"));

    let o = sitegen(&["check", "--content", c]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("ok: 2 districts, 8 open vacancies, 0 rejected record(s), 0 warning(s)"),
        "nothing rejected, no warning either: {}",
        text(&o)
    );

    let o = sitegen(&["build", "--content", c, "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(!text(&o).contains("no search widget"), "{}", text(&o));
    let built = files(&out);
    for want in [
        "index.html",
        "pages/about/index.html",
        "huangpu/index.html",
        "huangpu/jobs/index.html",
        "huangpu/jobs/huangpu-example-1/index.html",
        "huangpu/policies/employment-subsidy/index.html",
        "huangpu/stations/central/index.html",
        "nansha/events/index.html",
        "en/nansha/index.html",
        "zh-hk/huangpu/jobs/index.html",
    ] {
        assert!(built.iter().any(|w| w == want), "{want} missing from the build");
    }
    assert!(built.iter().any(|f| f.starts_with("search/index-")), "the build has a search index");
    let listing = fs::read_to_string(out.join("huangpu/jobs/index.html")).unwrap();
    assert!(listing.contains("data-quanyu-search") && listing.contains("/widget/v/boot."), "the listing starts the widget");
    assert!(listing.contains("电工") && listing.contains("社区保洁员"), "the JSON example vacancies are listed");
    assert!(listing.contains("仓库管理员") && listing.contains("社区食堂帮厨"), "the spreadsheet's rows are listed");
    assert!(built.iter().any(|w| w == "huangpu/jobs/huangpu-sheet-1/index.html"), "a row's 岗位编号 is its identifier");
    let event = fs::read_to_string(out.join("huangpu/events/index.html")).unwrap();
    assert!(event.contains("月度招聘会"), "the example event is upcoming");
    fs::remove_dir_all(&base).unwrap();
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let base = tmp("busy");
    fs::create_dir_all(&base).unwrap();
    fs::write(base.join("notes.txt"), "ours").unwrap();
    let o = sitegen(&["init", base.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("not empty"), "{}", text(&o));
    assert_eq!(files(&base), ["notes.txt"], "nothing written");
    fs::remove_dir_all(&base).unwrap();
}

#[test]
fn init_says_which_district_value_is_wrong() {
    let base = tmp("bad");
    let o = sitegen(&["init", base.to_str().unwrap(), "--district", "Futian=福田区"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("`Futian` is not a district slug"), "{}", text(&o));
    assert!(!base.exists(), "nothing written");
    let o = sitegen(&["init", base.to_str().unwrap(), "--district", "futian"]);
    assert!(text(&o).contains("district `futian` needs a name"), "{}", text(&o));
    assert!(!base.exists());
}

#[test]
fn every_subcommand_has_help_with_examples() {
    for sub in ["init", "build", "check", "serve"] {
        let o = sitegen(&[sub, "--help"]);
        assert!(o.status.success());
        assert!(text(&o).contains("Examples:") && text(&o).contains(&format!("sitegen {sub}")), "{sub}: {}", text(&o));
    }
    let o = sitegen(&["--help"]);
    assert!(text(&o).contains("Examples:") && text(&o).contains("init"));
    let o = sitegen(&["build", "--no-such-flag"]);
    assert_eq!(o.status.code(), Some(2), "usage errors exit with 2");
}
