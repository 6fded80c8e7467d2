//! A narrative's Markdown, read again when a page or the index needs it.
//!
//! Narratives are most of a site's text, and holding each one's HTML and
//! plain text from loading until the end of the build would cost more
//! memory than everything else together. So the model keeps only what
//! validation needs (the [`Outline`](crate::content::markdown::Outline)),
//! and the file is read again when its brief page is rendered: one read
//! and one parse make both the page's HTML and the plain text the search
//! index takes ([`html_and_sections`]; the render hands the text on, see
//! `site::render`). Each part alone ([`html`], [`sections`]) serves
//! `brief serve`, which re-renders a brief's pages and rebuilds the index
//! apart.
//!
//! The file must still be the one that was validated: its text is compared
//! by fingerprint, and one that changed since it was loaded stops the build
//! with `changed-during-build`, so text that was never checked is never
//! published. The next build picks the change up.

use std::path::Path;

use crate::content::load::{MARKDOWN_PAGE_TO_ROOT, read_source};
use crate::content::markdown::{self, TextSection};
use crate::content::site::Narrative;
use crate::diagnostic::{Diagnostic, Severity};
use crate::fxhash::hash_bytes;

/// A fingerprint of a file's text, to tell whether it changed.
pub fn fingerprint(text: &str) -> u64 {
    hash_bytes(text.as_bytes())
}

/// Calls `f` with the narrative's Markdown body as it was validated.
fn with_body<T>(root: &Path, narrative: &Narrative, f: impl FnOnce(&str) -> T) -> Result<T, Diagnostic> {
    let file = read_source(root, &root.join(&narrative.path))?;
    if file.text.len() != narrative.len
        || fingerprint(&file.text) != narrative.fingerprint
        || !file.text.is_char_boundary(narrative.body_start)
    {
        return Err(Diagnostic::at_path(
            Severity::Error,
            "changed-during-build",
            narrative.path.clone(),
            "the file changed while the site was being built",
        )
        .with_help("run the build again (the output was left as it was)"));
    }
    Ok(f(&file.text[narrative.body_start..]))
}

/// The narrative's HTML fragment, for a brief page, and its plain text by
/// section, for the search index: one read, one parse.
pub fn html_and_sections(root: &Path, narrative: &Narrative) -> Result<(String, Vec<TextSection>), Diagnostic> {
    with_body(root, narrative, |body| markdown::to_html_and_sections(body, MARKDOWN_PAGE_TO_ROOT))
}

/// The narrative's HTML fragment, for a brief page.
pub fn html(root: &Path, narrative: &Narrative) -> Result<String, Diagnostic> {
    with_body(root, narrative, |body| markdown::to_html(body, MARKDOWN_PAGE_TO_ROOT))
}

/// The narrative's plain text by section, for the search index.
pub fn sections(root: &Path, narrative: &Narrative) -> Result<Vec<TextSection>, Diagnostic> {
    with_body(root, narrative, markdown::to_sections)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_tells_texts_apart() {
        let texts = ["", "a", "b", "ab", "ba", "12345678", "123456789", "通话", "通话\n", "\0"];
        let prints: std::collections::HashSet<u64> = texts.iter().map(|t| fingerprint(t)).collect();
        assert_eq!(prints.len(), texts.len());
        assert_eq!(fingerprint("same text"), fingerprint("same text"));
    }
}
