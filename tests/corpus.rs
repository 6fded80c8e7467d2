//! The benchmark's corpus generator (`examples/corpus.rs`) keeps its word:
//! the same size gives the same bytes, every brief has the shape the
//! benchmark relies on (calls, some with disputed lengths, quotes, next
//! steps, reactions, timeline events, two narratives of about 1,000 words
//! with headings, a list, a table and links), and the site checks clean.

use std::path::{Path, PathBuf};

use brief::build::{Timings, check_site};
use brief::content::duration::DurationRange;
use brief::content::markdown::LinkTarget;
use brief::content::model::{EntityKind, Lang};

#[allow(dead_code)]
#[path = "../examples/corpus.rs"]
mod corpus;

#[path = "shared/files.rs"]
mod files;

fn tree(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    files::files_under(root, root)
}

#[test]
fn the_same_size_gives_the_same_bytes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (a, b, c) = (dir.path().join("a"), dir.path().join("b"), dir.path().join("c"));
    corpus::generate(&a, 40).expect("generate a");
    corpus::generate(&b, 40).expect("generate b");
    corpus::generate(&c, 41).expect("generate c");
    let (a, b, c) = (tree(&a), tree(&b), tree(&c));
    assert!(a.len() > 40 * 3, "{} files", a.len());
    assert!(a == b, "two 40-brief corpora differ");
    assert!(a != c, "a 41-brief corpus equals a 40-brief one");
}

/// Han characters, and words of other letters, in a narrative's prose.
fn han_and_words(text: &str) -> (usize, usize) {
    let han = text.chars().filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c)).count();
    let words = text.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| w.len() > 1).count();
    (han, words)
}

#[test]
fn every_brief_has_the_promised_shape_and_the_site_checks_clean() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    corpus::generate(&root, 60).expect("generate");

    let (checked, problems) = check_site(&root, None, &mut Timings::default(), &|_| false);
    assert!(problems.is_empty(), "the corpus has problems: {problems:#?}");
    let site = checked.expect("the corpus loads").0.site;
    let people = site.entities.values().filter(|e| e.kind == EntityKind::Person).count();
    let orgs = site.entities.values().filter(|e| e.kind == EntityKind::Org).count();
    assert_eq!((people, orgs), (200, 50));
    assert_eq!(site.briefs.len(), 60);

    let mut disputed = 0;
    for b in &site.briefs {
        let f = &b.file;
        assert!((2..=4).contains(&f.calls.len()), "{}: {} calls", b.slug, f.calls.len());
        assert!((3..=6).contains(&f.quotes.len()), "{}: {} quotes", b.slug, f.quotes.len());
        assert!(!f.next_steps.is_empty() && !f.reactions.is_empty() && !f.timeline.is_empty(), "{}", b.slug);
        disputed += f
            .calls
            .iter()
            .filter(|c| DurationRange::of(c.duration.iter().map(|d| d.value)).is_some_and(|r| r.disputed))
            .count();
        for lang in Lang::ALL {
            let narrative = b.narratives.get(lang).as_ref().unwrap_or_else(|| panic!("{}: no {lang:?}", b.slug));
            let outline = brief::content::narrative::outline(&root, narrative).expect("the narrative reads").1;
            assert!(outline.headings.len() >= 3, "{}: {} headings", narrative.path, outline.headings.len());
            assert!(outline.links.iter().any(|l| matches!(l.target, LinkTarget::Person(_))), "{}", narrative.path);
            assert!(outline.links.iter().any(|l| matches!(l.target, LinkTarget::Brief { .. })), "{}", narrative.path);
            let text = std::fs::read_to_string(root.join(&narrative.path)).expect("read the narrative");
            assert!(text.contains("\n- ") && text.contains("|---|"), "{}: no list or no table", narrative.path);
            // About 1,000 words, counting two Han characters as a word (the
            // generator's Chinese words are pairs), link targets included.
            let (han, words) = han_and_words(&text);
            let about = han / 2 + words;
            assert!(
                (900..=1400).contains(&about),
                "{}: about {about} words ({han} Han, {words} others)",
                narrative.path
            );
            assert!(han > 0 && words > 0, "{}: not mixed ({han} Han, {words} others)", narrative.path);
        }
    }
    // Some calls, not all, have accounts of their length that disagree.
    let calls: usize = site.briefs.iter().map(|b| b.file.calls.len()).sum();
    assert!(disputed * 10 >= calls && disputed < calls, "{disputed} of {calls} calls disputed");
}
