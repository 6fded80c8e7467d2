//! Internal links: the `person:`, `org:`, `brief:` and `#anchor` schemes
//! recognised in Markdown, and the relative href (naming the file, so the
//! site reads the same from disk) each becomes.

use std::ops::Range;

/// What an internal link points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    Person(String),
    Org(String),
    Brief { slug: String, anchor: Option<String> },
    Anchor(String),
}

/// An internal link found in the Markdown, with its byte span in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    pub target: LinkTarget,
    pub span: Range<usize>,
}

/// Recognises our internal link schemes.
pub fn parse_internal(dest: &str) -> Option<LinkTarget> {
    if let Some(anchor) = dest.strip_prefix('#') {
        return Some(LinkTarget::Anchor(anchor.to_string()));
    }
    if let Some(id) = dest.strip_prefix("person:") {
        return Some(LinkTarget::Person(id.to_string()));
    }
    if let Some(id) = dest.strip_prefix("org:") {
        return Some(LinkTarget::Org(id.to_string()));
    }
    let rest = dest.strip_prefix("brief:")?;
    let (slug, anchor) = match rest.split_once('#') {
        Some((s, a)) => (s, Some(a.to_string())),
        None => (rest, None),
    };
    Some(LinkTarget::Brief { slug: slug.to_string(), anchor })
}

/// The relative href of an internal link from a page `to_root` deep.
pub fn internal_href(target: &LinkTarget, to_root: &str) -> String {
    match target {
        // `concat` sizes the string once: narratives link a lot.
        LinkTarget::Person(id) => [to_root, "people/", id, "/index.html"].concat(),
        LinkTarget::Org(id) => [to_root, "orgs/", id, "/index.html"].concat(),
        LinkTarget::Brief { slug, anchor: None } => [to_root, "briefs/", slug, "/index.html"].concat(),
        LinkTarget::Brief { slug, anchor: Some(a) } => [to_root, "briefs/", slug, "/index.html#", a].concat(),
        LinkTarget::Anchor(a) => ["#", a.as_str()].concat(),
    }
}
