//! The pictures and the export, checked on the built example site: every
//! inline SVG is well-formed XML with a title and a description it points
//! to, and an exported brief refers to no other file.

use std::path::{Path, PathBuf};
use std::process::Command;

const MAIN: &str = "2025-02-12-trump-putin-zelensky-calls";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn brief(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_brief")).args(args).output().expect("run brief")
}

fn build_example(out: &Path) {
    let root = repo();
    let status = brief(&["build", "--root", root.to_str().unwrap(), "--output", out.to_str().unwrap()]);
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
}

/// Every `<svg ...>...</svg>` in a page.
fn svgs(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let end = rest[start..].find("</svg>").expect("closed svg") + start + "</svg>".len();
        out.push(&rest[start..end]);
        rest = &rest[end..];
    }
    out
}

/// Checks one picture; returns its id.
fn check_svg(svg: &str, page: &Path) -> String {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{}: SVG is not XML: {e}", page.display()));
    let root = doc.root_element();
    assert_eq!(root.attribute("role"), Some("img"), "{}", page.display());
    let id = root.attribute("id").expect("svg id").to_string();
    let labelled = root.attribute("aria-labelledby").expect("aria-labelledby");
    assert_eq!(labelled, format!("{id}-title {id}-desc"));
    let first = root.children().find(|n| n.is_element()).expect("a child");
    assert_eq!(first.tag_name().name(), "title", "{}: <title> comes first", page.display());
    assert!(!first.text().unwrap_or("").trim().is_empty(), "{}: empty title", page.display());
    let desc = root.children().filter(|n| n.is_element()).nth(1).expect("desc");
    assert_eq!((desc.tag_name().name(), desc.attribute("id")), ("desc", Some(format!("{id}-desc").as_str())));
    for node in root.descendants().filter(|n| n.is_element()) {
        for a in ["fill", "stroke"] {
            if let Some(v) = node.attribute(a) {
                assert!(v == "none" || v == "currentColor", "{}: hard-coded colour {a}={v}", page.display());
            }
        }
    }
    id
}

#[test]
fn every_picture_is_well_formed_with_a_title_and_ids_are_unique_per_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_example(&out);
    let mut count = 0;
    for entry in walkdir::WalkDir::new(&out).into_iter().filter_map(Result::ok) {
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        let mut ids: Vec<String> = svgs(&html).iter().map(|s| check_svg(s, entry.path())).collect();
        count += ids.len();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n, "{}: two pictures share an id", entry.path().display());
    }
    let brief_page = std::fs::read_to_string(out.join(format!("en/briefs/{MAIN}/index.html"))).unwrap();
    assert_eq!(svgs(&brief_page).len(), 3, "call map and one bar chart per call");
    assert!(brief_page.contains("60–90 min"));
    let timeline = std::fs::read_to_string(out.join("timeline/index.html")).unwrap();
    assert!(timeline.contains("class=\"pic pic-timeline\"") && timeline.contains("pic-as-of"));
    assert!(count >= 2 * (3 + 1 + 1), "pictures found: {count}");
}

/// Every `src=`/`href=` value and every CSS `url(...)` that leads outside the file.
fn outside_references(html: &str, base_url: Option<&str>) -> Vec<String> {
    let mut found = Vec::new();
    for key in ["src=\"", "href=\"", "action=\"", "url("] {
        for (i, _) in html.match_indices(key) {
            let value: String = html[i + key.len()..].chars().take_while(|c| !matches!(c, '"' | ')')).collect();
            let value = value.trim_matches(['\'', '"', ' ']);
            let inside = value.starts_with('#') || value.starts_with("data:");
            let own_site = base_url.is_some_and(|b| value.starts_with(b));
            if !inside && !own_site {
                found.push(format!("{key}{value}"));
            }
        }
    }
    found
}

#[test]
fn an_exported_brief_refers_to_no_other_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = repo();
    for (lang, base) in [("zh", None), ("en", None), ("en", Some("https://briefs.example.org/"))] {
        let file = dir.path().join(format!("{lang}-{}.html", base.is_some()));
        let mut args = vec!["export", MAIN, "--lang", lang, "--root", root.to_str().unwrap()];
        args.extend(["--output", file.to_str().unwrap()]);
        if let Some(b) = base {
            args.extend(["--base-url", b]);
        }
        let run = brief(&args);
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        let html = std::fs::read_to_string(&file).unwrap();
        assert_eq!(outside_references(&html, base), Vec::<String>::new(), "{lang} base={base:?}");
        assert!(html.contains("<style>") && html.contains("--accent"), "the stylesheet is inlined");
        assert_eq!(svgs(&html).len(), 3, "the pictures are inline");
        if base.is_some() {
            assert!(html.contains("href=\"https://briefs.example.org/en/people/trump/\""));
        }
    }
    // The checker itself must be able to fail.
    assert_eq!(outside_references("<a href=\"../x/index.html\">", None), ["href=\"../x/index.html"]);
    assert_eq!(outside_references("a{b:url(x.png)}", None), ["url(x.png"]);
}

#[test]
fn exporting_an_unknown_brief_suggests_the_nearest_slug() {
    let dir = tempfile::tempdir().unwrap();
    let root = repo();
    let file = dir.path().join("x.html");
    let run = brief(&[
        "export",
        "2025-02-12-trump-putin-zelenski-calls",
        "--root",
        root.to_str().unwrap(),
        "--output",
        file.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("error[unknown-brief]") && stderr.contains(&format!("did you mean '{MAIN}'")), "{stderr}");
    assert!(!file.exists());
    assert_eq!(brief(&["export", MAIN, "--lang", "fr", "--output", "x.html"]).status.code(), Some(2));
}
