//! A narrative's Markdown, read and parsed when its page needs it, and
//! what other pages need of it.
//!
//! Narratives are most of a site's text, and holding each one's HTML and
//! plain text from loading until the end of the build would cost more
//! memory than everything else together. So the model keeps only where a
//! narrative is, its front matter and a fingerprint of its text, and the
//! file is read and parsed when its brief page is rendered: one read and
//! one parse ([`parse`]) make the page's HTML and headings, the plain text
//! the search index takes, and the links the build checks there (see
//! `content::validate`). The plain text alone ([`sections`]) serves
//! `brief serve`, which rebuilds the index apart from the pages.
//!
//! Other pages need two things of a narrative: the anchors of its headings
//! (links from other briefs point at them) and the people and organisations
//! it links to (their pages list the brief). Those are its [`CrossRefs`],
//! small, kept in the model and learned by the first parse: its page's,
//! normally, since brief pages render before the pages that list who
//! appears where; or, when something asks before that, a parse for them
//! alone ([`cross_refs`]). Both parses find the same (a property test holds
//! [`markdown::outline`] equal to the render's headings and links), so who
//! comes first never changes the result.
//!
//! The file must still be the one that was loaded: its length, modification
//! time and the start of its text that loading read (all of a short file;
//! see `content::read`) are compared, and one that changed since stops the
//! build with `changed-during-build`, so a page never shows front matter
//! other than the model's. The next build picks the change up.

use std::path::Path;

use crate::content::load::MARKDOWN_PAGE_TO_ROOT;
use crate::content::markdown::{self, Heading, LinkTarget, Links, Outline, Rendered, TextSection};
use crate::content::read::read_stamped;
use crate::content::site::Narrative;
use crate::content::source::SourceFile;
use crate::diagnostic::{Diagnostic, Severity};

/// What pages other than its own need of a narrative: its headings'
/// anchors, in order, and the people and organisations it links to,
/// sorted and distinct. Kept as one string of names and where each ends
/// (two allocations a narrative: the model holds one per narrative).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CrossRefs {
    names: String,
    ends: Vec<u32>,
    /// How many of the names are anchors (they come first).
    anchors: usize,
}

impl CrossRefs {
    /// The cross-references of a document with these headings and links.
    pub fn of(headings: &[Heading], links: &Links) -> Self {
        let mut mentions: Vec<&str> = links
            .iter()
            .filter_map(|l| match l.target {
                LinkTarget::Person(id) | LinkTarget::Org(id) => Some(id),
                _ => None,
            })
            .collect();
        mentions.sort_unstable();
        mentions.dedup();
        let mut refs = CrossRefs { anchors: headings.len(), ..CrossRefs::default() };
        for name in headings.iter().map(|h| h.id.as_str()).chain(mentions) {
            refs.names.push_str(name);
            refs.ends.push(u32::try_from(refs.names.len()).expect("Markdown files are at most 8 MiB"));
        }
        refs
    }

    fn names(&self) -> impl Iterator<Item = &str> {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let name = &self.names[start..end as usize];
            start = end as usize;
            name
        })
    }

    /// The anchors of the headings, in document order.
    pub fn anchors(&self) -> impl Iterator<Item = &str> {
        self.names().take(self.anchors)
    }

    /// The ids of the people and organisations linked, sorted, each once.
    pub fn mentions(&self) -> impl Iterator<Item = &str> {
        self.names().skip(self.anchors)
    }
}

/// The narrative's file, read again, as it was loaded.
pub fn read(root: &Path, narrative: &Narrative) -> Result<SourceFile, Diagnostic> {
    let (file, modified) = read_stamped(root, &root.join(&narrative.path))?;
    if !narrative.stamp.matches(&file.text, modified) || !file.text.is_char_boundary(narrative.body_start) {
        return Err(Diagnostic::at_path(
            Severity::Error,
            "changed-during-build",
            narrative.path.clone(),
            "the file changed while the site was being built",
        )
        .with_help("run the build again (the output was left as it was)"));
    }
    Ok(file)
}

/// The narrative parsed for its brief page, in one pass: the HTML (for a
/// page two folders below its language's root) and headings, the internal
/// links at their places in the file, and the plain text by section for
/// the search index. Records its cross-references. The file comes back
/// too, to place any problem of its links.
pub fn parse(root: &Path, narrative: &Narrative) -> Result<(SourceFile, Rendered), Diagnostic> {
    let file = read(root, narrative)?;
    let rendered = markdown::render(&file.text[narrative.body_start..], narrative.body_start, MARKDOWN_PAGE_TO_ROOT);
    learn(narrative, &rendered.headings, &rendered.links);
    Ok((file, rendered))
}

/// The narrative's headings and internal links alone (one parse that
/// renders nothing): for checking its links without rendering it. Records
/// its cross-references.
pub fn outline(root: &Path, narrative: &Narrative) -> Result<(SourceFile, Outline), Diagnostic> {
    let file = read(root, narrative)?;
    let outline = markdown::outline(&file.text[narrative.body_start..], narrative.body_start);
    learn(narrative, &outline.headings, &outline.links);
    Ok((file, outline))
}

fn learn(narrative: &Narrative, headings: &[Heading], links: &Links) {
    if narrative.refs.get().is_none() {
        // Another thread may have set them meanwhile, to the same value.
        let _ = narrative.refs.set(CrossRefs::of(headings, links));
    }
}

/// The narrative's cross-references: those its first parse recorded, or
/// else from a parse for them alone. `None` when the file can no longer be
/// read as it was loaded (its page reports that).
pub fn cross_refs<'n>(root: &Path, narrative: &'n Narrative) -> Option<&'n CrossRefs> {
    if let Some(refs) = narrative.refs.get() {
        return Some(refs);
    }
    outline(root, narrative).ok()?;
    narrative.refs.get()
}

/// The narrative's plain text by section, for the search index.
pub fn sections(root: &Path, narrative: &Narrative) -> Result<Vec<TextSection>, Diagnostic> {
    let file = read(root, narrative)?;
    Ok(markdown::to_sections(&file.text[narrative.body_start..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cross_refs_hold_the_anchors_in_order_and_each_mention_once() {
        let text = "# 背景 {#bg}\n\n[a](person:wang) [b](org:un) [c](person:putin) [d](brief:x#y) [e](#bg)\n\n\
                    ## Next\n\n[f](person:wang) [g](org:un)\n";
        let outline = markdown::outline(text, 0);
        let refs = CrossRefs::of(&outline.headings, &outline.links);
        assert_eq!(refs.anchors().collect::<Vec<_>>(), ["bg", "next"]);
        assert_eq!(refs.mentions().collect::<Vec<_>>(), ["putin", "un", "wang"]);
        let none = CrossRefs::of(&[], &Links::default());
        assert_eq!((none.anchors().count(), none.mentions().count()), (0, 0));
        // Equal when the anchors and the set of mentions are.
        let again = markdown::outline("# 背景 {#bg}\n## Next\n[x](org:un) [y](person:putin) [z](person:wang)\n", 0);
        assert_eq!(CrossRefs::of(&again.headings, &again.links), refs);
    }
}
