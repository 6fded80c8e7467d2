//! The build as a whole: determinism, output folder safety, the command
//! line flags, and `check`'s output formats.

use std::fs;

use crate::support::{Site, brief, brief_in, entries, snapshot};

// ---------------------------------------------------------------- determinism

#[test]
fn building_twice_gives_identical_bytes() {
    let site = Site::example();
    let (one, two) = (site.path("out-one"), site.path("out-two"));
    site.build_with(&["--output", one.to_str().unwrap()]).success();
    site.build_with(&["--output", two.to_str().unwrap()]).success();
    let (one, two) = (snapshot(&one), snapshot(&two));
    assert!(one.len() > 40, "the example builds many files");
    let names = |s: &std::collections::BTreeMap<String, Vec<u8>>| s.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&one), names(&two), "same file lists");
    let differing: Vec<&String> =
        one.iter().filter(|(path, bytes)| two.get(*path) != Some(bytes)).map(|(p, _)| p).collect();
    assert!(differing.is_empty(), "files that differ between two builds: {differing:?}");
}

// ------------------------------------------------------------- output safety

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = Site::fixture("minimal");
    site.build().success();
    let before = snapshot(&site.public());
    assert!(before.contains_key(".brief-output"), "the output carries the marker");
    // Break one file: an unknown speaker.
    let yaml = "content/briefs/2025-02-12-alpha-beta-call/brief.yaml";
    site.write(yaml, site.read(yaml).replace("speaker: beta", "speaker: btea"));
    let run = site.build();
    run.failure();
    assert!(run.first_line().contains("error[unknown-person]"), "{}", run.stderr);
    assert!(run.last_line().ends_with("; the output folder was left as it was"), "{}", run.stderr);
    assert_eq!(snapshot(&site.public()), before, "the output is byte for byte the previous one");
    assert_eq!(entries(site.root()), ["content", "public", "themes"], "no staging or backup folder is left behind");
}

#[test]
fn a_rebuild_replaces_the_whole_output_and_leaves_nothing_behind() {
    let site = Site::fixture("minimal");
    site.build().success();
    site.write("public/stale.html", "from an older build");
    site.build().success();
    assert!(!site.path("public/stale.html").exists(), "files of earlier builds are gone");
    assert!(site.path("public/index.html").is_file());
    assert_eq!(entries(site.root()), ["content", "public", "themes"], "no staging or backup folder is left behind");
}

#[test]
fn the_output_may_not_be_the_sources() {
    let site = Site::fixture("minimal");
    let content_before = snapshot(&site.path("content"));
    let themes_before = snapshot(&site.path("themes"));
    // (The parent of the root is refused too, but a regression there would
    // move the system's temporary folder, so that case is left to the unit
    // tests of src/output/write.rs.)
    for output in [".", "content", "themes", "content/briefs", "themes/default/out"] {
        let target = site.path(output);
        let run = site.build_with(&["--output", target.to_str().unwrap()]);
        run.failure();
        assert!(run.first_line().starts_with("error: the output folder "), "--output {output}:\n{}", run.stderr);
        assert!(run.first_line().contains(" would overwrite "), "--output {output}:\n{}", run.stderr);
        assert!(run.stderr.contains("  = help: "), "--output {output} comes with help:\n{}", run.stderr);
    }
    assert_eq!(snapshot(&site.path("content")), content_before, "content/ is untouched");
    assert_eq!(snapshot(&site.path("themes")), themes_before, "themes/ is untouched");
    assert_eq!(entries(site.root()), ["content", "themes"], "nothing was written");
}

#[test]
fn a_foreign_non_empty_folder_is_refused_an_empty_one_accepted() {
    let site = Site::fixture("minimal");
    site.write("mine/notes.txt", "precious");
    let run = site.build_with(&["--output", site.path("mine").to_str().unwrap()]);
    run.failure();
    assert!(run.first_line().starts_with("error: the output folder "), "{}", run.stderr);
    assert!(run.first_line().ends_with(" is not empty and was not made by brief"), "{}", run.stderr);
    assert_eq!(entries(&site.path("mine")), ["notes.txt"]);
    assert_eq!(site.read("mine/notes.txt"), "precious");

    fs::create_dir(site.path("empty")).unwrap();
    site.build_with(&["--output", site.path("empty").to_str().unwrap()]).success();
    assert!(site.path("empty/index.html").is_file());
    // Once it carries the marker, brief may replace it again.
    site.build_with(&["--output", site.path("empty").to_str().unwrap()]).success();
}

/// BUG: `--output` naming an existing regular file is not refused: the file
/// is moved to a hidden `.NAME.previous-PID`, the site is written in its
/// place, and the run then fails with "Not a directory" while leaving both
/// behind. It should be refused like a foreign folder, touching nothing.
#[test]
fn an_output_path_that_is_a_file_is_refused() {
    let site = Site::fixture("minimal");
    site.write("notes.txt", "precious");
    let run = site.build_with(&["--output", site.path("notes.txt").to_str().unwrap()]);
    run.failure();
    assert!(run.first_line().starts_with("error: the output folder "), "{}", run.stderr);
    assert!(site.path("notes.txt").is_file(), "the file is still a file");
    assert_eq!(site.read("notes.txt"), "precious");
    assert_eq!(entries(site.root()), ["content", "notes.txt", "themes"], "nothing else was written");
}

// ---------------------------------------------------------------- flags

#[test]
fn the_default_root_is_the_working_folder_and_the_default_output_public() {
    let site = Site::fixture("minimal");
    let run = brief_in(site.root(), &["build"]);
    run.success();
    assert!(site.path("public/index.html").is_file());
    assert!(run.stdout.starts_with("built 18 pages (22 files) into "), "{}", run.stdout);
}

#[test]
fn timings_list_every_stage_with_index_and_write_under_render() {
    let site = Site::fixture("minimal");
    let run = site.build_with(&["--timings"]);
    run.success();
    // A stage's line is indented by two spaces, a part of render by four.
    let names: Vec<String> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("  ") && l.contains(" s"))
        .map(|l| {
            let indent = l.len() - l.trim_start().len();
            format!("{}{}", " ".repeat(indent - 2), l.split_whitespace().next().unwrap_or(""))
        })
        .collect();
    assert_eq!(names, ["discover", "load", "validate", "theme", "render", "  index", "  write"], "{}", run.stdout);
    let seconds = |line: &str| line.split_whitespace().nth(1).and_then(|s| s.parse::<f64>().ok());
    for line in run.stdout.lines().filter(|l| l.starts_with("  ")) {
        assert!(seconds(line).is_some_and(|s| s >= 0.0), "a time in seconds: {line:?}");
    }
}

#[test]
fn output_flag_writes_elsewhere_creating_parents() {
    let site = Site::fixture("minimal");
    let elsewhere = tempfile::tempdir().unwrap();
    let out = elsewhere.path().join("deep/site");
    let run = site.build_with(&["--output", out.to_str().unwrap()]);
    run.success();
    assert!(run.stdout.contains(&format!(" into {} in ", out.display())), "{}", run.stdout);
    assert!(out.join("index.html").is_file() && out.join("en/index.html").is_file());
    assert!(out.join(".brief-output").is_file(), "the output carries the marker");
    assert!(!site.public().exists(), "nothing in the default place");
    assert_eq!(entries(out.parent().unwrap()), ["site"], "no staging folder left beside it");
}

#[test]
fn base_url_adds_canonical_links() {
    let site = Site::fixture("minimal");
    site.build_with(&["--base-url", "https://example.org/briefs/"]).success();
    let slug = "2025-02-12-alpha-beta-call";
    let cases = [
        ("index.html", "https://example.org/briefs/".to_string()),
        ("en/index.html", "https://example.org/briefs/en/".to_string()),
        ("people/alpha/index.html", "https://example.org/briefs/people/alpha/".to_string()),
        (&format!("briefs/{slug}/index.html") as &str, format!("https://example.org/briefs/briefs/{slug}/")),
        (&format!("en/briefs/{slug}/index.html"), format!("https://example.org/briefs/en/briefs/{slug}/")),
    ];
    for (page, url) in cases {
        let html = site.page(page);
        assert!(html.contains(&format!("<link rel=\"canonical\" href=\"{url}\">")), "{page} names {url}");
    }
    // Without a trailing slash the URLs are the same.
    site.build_with(&["--base-url", "https://example.org/briefs"]).success();
    assert!(site.page("en/index.html").contains("<link rel=\"canonical\" href=\"https://example.org/briefs/en/\">"));
}

#[test]
fn base_url_comes_from_site_yaml_and_the_flag_overrides_it() {
    let site = Site::fixture("minimal");
    site.append("content/site.yaml", "base_url: https://from-yaml.example/\n");
    site.build().success();
    assert!(site.page("index.html").contains("<link rel=\"canonical\" href=\"https://from-yaml.example/\">"));
    site.build_with(&["--base-url", "https://from-flag.example/"]).success();
    let home = site.page("index.html");
    assert!(home.contains("<link rel=\"canonical\" href=\"https://from-flag.example/\">"), "{home}");
    assert!(!home.contains("from-yaml"));
}

#[test]
fn a_base_url_that_is_not_absolute_is_an_error() {
    let site = Site::fixture("minimal");
    let run = site.build_with(&["--base-url", "example.org"]);
    run.failure();
    assert!(
        run.stderr.contains("error[invalid-url]: base_url 'example.org' is not an absolute http(s) URL"),
        "{}",
        run.stderr
    );
    assert!(!site.public().exists());
}

// ---------------------------------------------------------------- command line

#[test]
fn help_and_version_exit_zero() {
    for args in [&["--help"][..], &["-h"], &["build", "--help"], &["check", "--help"], &["help"]] {
        let run = brief(args);
        run.success();
        assert!(run.stdout.contains("Usage: brief"), "brief {args:?}:\n{}", run.stdout);
    }
    let build = brief(&["build", "--help"]);
    for flag in ["--root", "--output", "--base-url"] {
        assert!(build.stdout.contains(flag), "build --help lists {flag}");
    }
    let check = brief(&["check", "--help"]);
    for flag in ["--root", "--format", "--deny-warnings"] {
        assert!(check.stdout.contains(flag), "check --help lists {flag}");
    }
    let version = brief(&["--version"]);
    version.success();
    assert_eq!(version.stdout.trim(), format!("brief {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn usage_errors_exit_two() {
    for args in [
        &["build", "--bogus"][..],
        &["--bogus"],
        &[],
        &["frobnicate"],
        &["check", "--format", "xml"],
        &["build", "--output"],
    ] {
        let run = brief(args);
        run.code(2);
        assert!(run.stderr.contains("Usage:") || run.stderr.contains("error:"), "brief {args:?}:\n{}", run.stderr);
        assert_eq!(run.stdout, "", "brief {args:?} prints usage errors on stderr");
    }
}

// ---------------------------------------------------------------- check

#[test]
fn check_writes_nothing() {
    let site = Site::fixture("minimal");
    let run = site.check();
    run.success();
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr.trim(), "0 errors, 0 warnings");
    assert_eq!(entries(site.root()), ["content", "themes"]);
}

#[test]
fn check_json_prints_one_object_per_line() {
    let mut lines = Vec::new();
    for fixture in ["missing-translation", "unknown-person", "missing-theme", "not-utf8"] {
        let run = Site::fixture(fixture).check_with(&["--format", "json"]);
        assert!(!run.stdout.trim().is_empty(), "{fixture} has diagnostics");
        lines.extend(run.stdout.lines().map(str::to_string));
    }
    let fields = ["path", "line", "column", "code", "severity", "message", "help"];
    for line in &lines {
        let value: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        let object = value.as_object().unwrap_or_else(|| panic!("not an object: {line}"));
        let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
        keys.sort_unstable();
        let mut expected = fields.to_vec();
        expected.sort_unstable();
        assert_eq!(keys, expected, "{line}");
        assert!(object["path"].is_string() && object["code"].is_string() && object["message"].is_string(), "{line}");
        assert!(object["line"].is_u64() && object["column"].is_u64(), "{line}");
        assert!(matches!(object["severity"].as_str(), Some("error" | "warning")), "{line}");
        assert!(object["help"].is_string() || object["help"].is_null(), "{line}");
    }
    let first: serde_json::Value = serde_json::from_str(&lines[0]).unwrap();
    assert_eq!(
        first,
        serde_json::json!({
            "path": "content/briefs/b/brief.yaml", "line": 2, "column": 7, "code": "missing-translation",
            "severity": "warning", "message": "title has no en text; pages show the zh text instead",
            "help": "add `en:` next to `zh:`"
        })
    );
    let unknown = Site::fixture("unknown-person").check_with(&["--format", "json"]);
    unknown.failure();
    let error: serde_json::Value = serde_json::from_str(unknown.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(
        error,
        serde_json::json!({
            "path": "content/briefs/b/brief.yaml", "line": 5, "column": 14, "code": "unknown-person",
            "severity": "error", "message": "speaker 'putn' is not in content/people", "help": "did you mean 'putin'?"
        })
    );
}

#[test]
fn deny_warnings_turns_warnings_into_failure() {
    let site = Site::fixture("missing-translation");
    let run = site.check();
    run.success();
    assert!(run.stderr.contains("warning[missing-translation]"), "{}", run.stderr);
    assert_eq!(run.last_line(), "0 errors, 2 warnings");
    site.check_with(&["--deny-warnings"]).failure();
    site.check_with(&["--deny-warnings", "--format", "json"]).failure();
    // A clean site passes either way.
    Site::fixture("minimal").check_with(&["--deny-warnings"]).success();
}
