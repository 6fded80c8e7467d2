//! `brief serve`'s quick rebuild after narrative edits: the files it makes,
//! merged into the last build's, must be exactly what a full build of the
//! edited site makes; edits it cannot handle alone must say so; and an edit
//! with an error must keep being reported until it is fixed.

use std::collections::BTreeMap;
use std::path::PathBuf;

use brief::build::{Prepared, Quick, Timings, check, check_site, recheck_narratives, reindex};
use brief::diagnostic::Diagnostic;
use brief::site::render::OutputFile;

use crate::support::Site;

type Files = BTreeMap<String, Vec<u8>>;

fn contents(files: Vec<OutputFile>) -> Files {
    files
        .into_iter()
        .map(|f| match f {
            OutputFile::Page { path, bytes } | OutputFile::Data { path, bytes } => (path, bytes),
            OutputFile::Copy { path, from } => (path, std::fs::read(from).expect("a copied file")),
        })
        .collect()
}

/// The example site, built in full: its model, files and diagnostics.
fn built(site: &Site) -> (Prepared, Files, Vec<Diagnostic>) {
    built_at(site, None)
}

/// Like [`built`], with a base URL (feeds, sitemap, canonical links).
fn built_at(site: &Site, base_url: Option<&str>) -> (Prepared, Files, Vec<Diagnostic>) {
    let (checked, diagnostics) = check_site(site.root(), base_url, &mut Timings::default(), &|_| true);
    let (prepared, files) = checked.expect("the example builds");
    (prepared, contents(files), diagnostics)
}

fn full(site: &Site) -> Files {
    full_at(site, None)
}

fn full_at(site: &Site, base_url: Option<&str>) -> Files {
    contents(check(site.root(), base_url).0.expect("the edited site builds"))
}

const NARRATIVE: &str = "content/briefs/2025-02-12-trump-putin-zelensky-calls/zh.md";

fn edit(site: &Site, from: &str, to: &str) -> Vec<PathBuf> {
    let text = site.read(NARRATIVE);
    assert!(text.contains(from), "the narrative has {from:?}");
    site.write(NARRATIVE, text.replacen(from, to, 1));
    vec![site.path(NARRATIVE)]
}

#[test]
fn a_text_edit_makes_only_its_pages_and_the_index_exactly_as_a_full_build() {
    for base_url in [None, Some("https://example.org/brief/")] {
        text_edit_equals_a_full_build(base_url);
    }
}

fn text_edit_equals_a_full_build(base_url: Option<&str>) {
    let site = Site::example();
    let (mut prepared, mut served, diagnostics) = built_at(&site, base_url);
    let changed = edit(&site, "特朗普", "美国总统特朗普");
    let Quick::Rendered(files, now) = recheck_narratives(&mut prepared, &changed, &diagnostics) else {
        panic!("a text edit is quick")
    };
    assert_eq!(now, diagnostics, "the same warnings as before");
    let made: Vec<&str> = files.iter().map(OutputFile::path).collect();
    assert!(made.contains(&"briefs/2025-02-12-trump-putin-zelensky-calls/index.html"), "{made:?}");
    assert!(made.iter().all(|p| p.contains("2025-02-12-trump-putin-zelensky-calls/")), "{made:?}");
    served.extend(contents(files));
    assert!(served != full_at(&site, base_url), "the search index is not made yet");
    assert!(reindex(&prepared, &|| true).is_none(), "a new edit stops the index");
    served.extend(contents(reindex(&prepared, &|| false).expect("not stopped").expect("the index")));
    assert!(served == full_at(&site, base_url), "the quick result equals a full build");
}

/// What other pages read of a narrative (its headings' anchors, whom it
/// links to) is recorded by its render; a narrative a quick rebuild put in
/// the model has it recorded too, so the next text edit is quick again.
#[test]
fn a_second_text_edit_is_quick_too() {
    let site = Site::example();
    let (mut prepared, _, diagnostics) = built(&site);
    let changed = edit(&site, "特朗普", "美国总统特朗普");
    let Quick::Rendered(_, now) = recheck_narratives(&mut prepared, &changed, &diagnostics) else {
        panic!("the first edit is quick")
    };
    let changed = edit(&site, "美国总统特朗普", "特朗普总统");
    assert!(
        matches!(recheck_narratives(&mut prepared, &changed, &now), Quick::Rendered(..)),
        "the second edit is quick"
    );
}

#[test]
fn edits_that_reach_other_pages_need_a_full_rebuild() {
    for (from, to) in [
        ("\n## ", "\n## 新的标题\n\n## "),       // a heading: other briefs may link to it
        ("特朗普", "[特朗普](person:zelensky)"), // a new person linked: their page lists the brief
    ] {
        let site = Site::example();
        let (mut prepared, _, diagnostics) = built(&site);
        let changed = edit(&site, from, to);
        assert!(matches!(recheck_narratives(&mut prepared, &changed, &diagnostics), Quick::NotApplicable), "{to}");
    }
    let site = Site::example();
    let (mut prepared, _, diagnostics) = built(&site);
    let yaml = vec![site.path("content/briefs/2025-02-12-trump-putin-zelensky-calls/brief.yaml")];
    assert!(matches!(recheck_narratives(&mut prepared, &yaml, &diagnostics), Quick::NotApplicable));
}

#[test]
fn an_error_is_reported_until_it_is_fixed_even_when_another_file_is_saved() {
    let site = Site::example();
    let (mut prepared, mut served, diagnostics) = built(&site);
    let broken = edit(&site, "\n## 通话多久", "\n见[此处](brief:no-such-brief)。\n\n## 通话多久");
    let Quick::Failed(now) = recheck_narratives(&mut prepared, &broken, &diagnostics) else { panic!("an error") };
    let errors: Vec<(&str, &str)> = now.iter().filter(|d| d.is_error()).map(|d| (d.code, d.path.as_str())).collect();
    assert_eq!(errors, [("unknown-brief", NARRATIVE)]);
    // Saving another narrative does not make the error go away.
    let other = "content/briefs/2025-02-12-hegseth-nato-remarks/en.md";
    site.append(other, "\nOne more sentence.\n");
    let Quick::Failed(again) = recheck_narratives(&mut prepared, &[site.path(other)], &now) else {
        panic!("still an error")
    };
    assert_eq!(again.iter().filter(|d| d.is_error()).count(), 1);
    // Fixing it rebuilds both, as a full build would.
    let fixed = edit(&site, "[此处](brief:no-such-brief)", "上文");
    let Quick::Rendered(files, _) = recheck_narratives(&mut prepared, &fixed, &again) else { panic!("fixed") };
    served.extend(contents(files));
    served.extend(contents(reindex(&prepared, &|| false).expect("not stopped").expect("the index")));
    assert!(served == full(&site), "the quick result equals a full build");
}
