//! The default theme's pages write out the markup of the components they
//! use most (a component call costs far more than its markup; see the
//! header of `components.html`). Each copy sits between
//! `{# written out: <name args /> #}` and `{# end name #}`.
//!
//! These tests put the component call back in place of the copies of one
//! component at a time, as site templates, and check that every file of
//! the site comes out byte for byte the same: a copy and its component
//! cannot drift apart unnoticed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

#[allow(dead_code)]
#[path = "../examples/corpus.rs"]
mod corpus;

#[path = "shared/files.rs"]
mod files;

/// The page templates that hold written-out copies.
const PAGES: [&str; 2] = ["brief.html", "entity.html"];

/// Every component the default pages write out; a marker that disappears
/// (or a new one) fails the test instead of going unchecked.
const WRITTEN_OUT: [&str; 5] = ["call_card", "duration", "quote_card", "reaction_item", "step_row"];

const OPEN: &str = "{# written out: <";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn theme_template(name: &str) -> String {
    let path = repo().join("themes/default/templates").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// The names of the components written out in `template`.
fn components_written_out(template: &str) -> BTreeSet<String> {
    template
        .match_indices(OPEN)
        .map(|(at, _)| {
            let rest = &template[at + OPEN.len()..];
            rest[..rest.find([' ', '/']).expect("a component name")].to_string()
        })
        .collect()
}

/// `template` with each written-out copy of `component` replaced by the
/// call its marker names, and how many copies there were.
fn with_calls(template: &str, component: &str) -> (String, usize) {
    let open = format!("{OPEN}{component} ");
    let end = format!("{{# end {component} #}}");
    let mut out = String::new();
    let mut rest = template;
    let mut copies = 0;
    while let Some(at) = rest.find(&open) {
        out.push_str(&rest[..at]);
        let marker = &rest[at..];
        let marker_end = marker.find(" #}").expect("the marker closes") + " #}".len();
        let call = &marker["{# written out: ".len()..marker_end - " #}".len()];
        assert!(call.ends_with("/>"), "the marker names a call: {call}");
        let copy_end = marker.find(&end).unwrap_or_else(|| panic!("no `{end}` after `{call}`"));
        out.push_str(&format!("{{{{ {call} }}}}"));
        rest = &marker[copy_end + end.len()..];
        copies += 1;
    }
    out.push_str(rest);
    (out, copies)
}

fn build(root: &Path, output: &Path) {
    let run = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(["build", "--quiet", "--root"])
        .arg(root)
        .arg("--output")
        .arg(output)
        .env("NO_COLOR", "1")
        .output()
        .expect("run brief");
    assert!(run.status.success(), "build of {} failed:\n{}", root.display(), String::from_utf8_lossy(&run.stderr));
}

/// Builds `root` with the theme as it is, then once per written-out
/// component with site templates that call it instead; every build must
/// give the same files.
fn assert_copies_render_like_their_components(root: &Path) {
    let scratch = tempfile::tempdir().expect("temp dir");
    let expected_out = scratch.path().join("as-shipped");
    build(root, &expected_out);
    let expected = files::files_under(&expected_out, &expected_out);
    assert!(expected.len() > 10, "the site builds pages");

    let mut seen = BTreeSet::new();
    for template in PAGES {
        seen.extend(components_written_out(&theme_template(template)));
    }
    let listed: BTreeSet<String> = WRITTEN_OUT.iter().map(|s| s.to_string()).collect();
    assert_eq!(seen, listed, "the components written out in {PAGES:?}");

    let site_templates = root.join("templates");
    assert!(!site_templates.exists(), "the site has no templates of its own");
    for component in WRITTEN_OUT {
        std::fs::create_dir_all(&site_templates).expect("create templates/");
        let mut copies = 0;
        for template in PAGES {
            let (text, n) = with_calls(&theme_template(template), component);
            if n > 0 {
                std::fs::write(site_templates.join(template), text).expect("write a site template");
            }
            copies += n;
        }
        assert!(copies > 0, "no copy of {component}");
        let out = scratch.path().join(component);
        build(root, &out);
        std::fs::remove_dir_all(&site_templates).expect("remove templates/");
        let got = files::files_under(&out, &out);
        assert_same_files(&expected, &got, component);
    }
}

fn assert_same_files(expected: &[(PathBuf, Vec<u8>)], got: &[(PathBuf, Vec<u8>)], component: &str) {
    let names = |files: &[(PathBuf, Vec<u8>)]| files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(expected), names(got), "calling {component} changes which files are written");
    for ((path, want), (_, have)) in expected.iter().zip(got) {
        if want != have {
            let (want, have) = (String::from_utf8_lossy(want), String::from_utf8_lossy(have));
            let line = want.lines().zip(have.lines()).position(|(a, b)| a != b).unwrap_or(0);
            panic!(
                "{}: the written-out copy of {component} and the component differ from line {}:\n  copy:      {}\n  component: {}",
                path.display(),
                line + 1,
                want.lines().nth(line).unwrap_or(""),
                have.lines().nth(line).unwrap_or("")
            );
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for (relative, bytes) in files::files_under(from, from) {
        let target = to.join(relative);
        std::fs::create_dir_all(target.parent().expect("a parent")).expect("create folders");
        std::fs::write(&target, bytes).expect("copy a file");
    }
}

fn example_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    copy_dir(&repo().join("themes"), &dir.path().join("themes"));
    dir
}

/// Removes `en` from every map that also has `zh`, so the English pages
/// show the Chinese text as a fallback wherever the pages can.
fn drop_english(value: &mut serde_yaml::Value) {
    match value {
        serde_yaml::Value::Mapping(map) => {
            if map.contains_key("zh") {
                map.remove("en");
            }
            map.values_mut().for_each(drop_english);
        }
        serde_yaml::Value::Sequence(items) => items.iter_mut().for_each(drop_english),
        _ => {}
    }
}

#[test]
fn the_example_site_renders_the_same_with_the_components_called() {
    let site = example_site();
    assert_copies_render_like_their_components(site.path());
}

#[test]
fn fallback_texts_render_the_same_with_the_components_called() {
    let site = example_site();
    let briefs = site.path().join("content/briefs");
    for entry in std::fs::read_dir(&briefs).expect("read briefs/") {
        let folder = entry.expect("an entry").path();
        let yaml = folder.join("brief.yaml");
        let mut value: serde_yaml::Value =
            serde_yaml::from_str(&std::fs::read_to_string(&yaml).expect("read brief.yaml")).expect("parse brief.yaml");
        drop_english(&mut value);
        std::fs::write(&yaml, serde_yaml::to_string(&value).expect("write YAML")).expect("write brief.yaml");
        let _ = std::fs::remove_file(folder.join("en.md"));
    }
    assert_copies_render_like_their_components(site.path());
}

#[test]
fn a_generated_corpus_renders_the_same_with_the_components_called() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    corpus::generate(&root, 30).expect("generate a corpus");
    assert_copies_render_like_their_components(&root);
}

#[test]
fn a_copy_is_replaced_by_the_call_its_marker_names() {
    let template = "<ul>{% for s in steps %}{# written out: <step_row s={s} /> #}<li>{{ s.what }}</li>{# end step_row #}{% endfor %}</ul>";
    let (text, copies) = with_calls(template, "step_row");
    assert_eq!(copies, 1);
    assert_eq!(text, "<ul>{% for s in steps %}{{ <step_row s={s} /> }}{% endfor %}</ul>");
    assert_eq!(with_calls(template, "quote_card"), (template.to_string(), 0));
    assert_eq!(components_written_out(template), BTreeSet::from(["step_row".to_string()]));
}
