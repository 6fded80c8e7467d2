//! Internal links: the `person:`, `org:`, `brief:` and `#anchor` schemes
//! recognised in Markdown, and the relative href (naming the file, so the
//! site reads the same from disk) each becomes.

use std::ops::Range;

/// What an internal link points at, borrowed from the link's destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkTarget<'a> {
    Person(&'a str),
    Org(&'a str),
    Brief { slug: &'a str, anchor: Option<&'a str> },
    Anchor(&'a str),
}

/// An internal link found in the Markdown, with its byte span in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink<'a> {
    pub target: LinkTarget<'a>,
    pub span: Range<usize>,
}

/// A document's internal links, in order, kept compactly: the destinations
/// as written (`person:putin`, `brief:slug#anchor`, `#anchor`) one after the
/// other in one string, and per link where its destination ends there and
/// its span in the file. Narratives link a lot (about 800,000 links at
/// 10,000 briefs of the benchmark's corpus): as structs holding strings of
/// their own they took one or two allocations a link, this form two a
/// document. (When every narrative's links stayed in the model through a
/// build, it lowered that build's peak memory from 425 to 395 MiB.)
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Links {
    destinations: String,
    records: Vec<LinkRecord>,
}

/// Where a link's destination ends in [`Links::destinations`] (it starts
/// where the previous one ended), and the link's span in the file. Files
/// are at most 8 MiB (`content::read::MAX_FILE_BYTES`), so `u32` holds
/// every offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct LinkRecord {
    end: u32,
    span: (u32, u32),
}

impl Links {
    /// Adds an internal link: `destination` must be one [`parse_internal`]
    /// recognises.
    pub fn push(&mut self, destination: &str, span: Range<usize>) {
        debug_assert!(parse_internal(destination).is_some(), "{destination}");
        let offset = |n: usize| u32::try_from(n).expect("Markdown files are at most 8 MiB");
        self.destinations.push_str(destination);
        let end = offset(self.destinations.len());
        self.records.push(LinkRecord { end, span: (offset(span.start), offset(span.end)) });
    }

    /// The links, in document order.
    pub fn iter(&self) -> impl Iterator<Item = InternalLink<'_>> + '_ {
        let mut start = 0;
        self.records.iter().map(move |r| {
            let destination = &self.destinations[start..r.end as usize];
            start = r.end as usize;
            let target = parse_internal(destination).expect("only internal links are kept");
            InternalLink { target, span: r.span.0 as usize..r.span.1 as usize }
        })
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }
}

/// Recognises our internal link schemes.
pub fn parse_internal(dest: &str) -> Option<LinkTarget<'_>> {
    if let Some(anchor) = dest.strip_prefix('#') {
        return Some(LinkTarget::Anchor(anchor));
    }
    if let Some(id) = dest.strip_prefix("person:") {
        return Some(LinkTarget::Person(id));
    }
    if let Some(id) = dest.strip_prefix("org:") {
        return Some(LinkTarget::Org(id));
    }
    let rest = dest.strip_prefix("brief:")?;
    let (slug, anchor) = match rest.split_once('#') {
        Some((s, a)) => (s, Some(a)),
        None => (rest, None),
    };
    Some(LinkTarget::Brief { slug, anchor })
}

/// The relative href of an internal link from a page `to_root` deep.
pub fn internal_href(target: &LinkTarget<'_>, to_root: &str) -> String {
    match target {
        // `concat` sizes the string once: narratives link a lot.
        LinkTarget::Person(id) => [to_root, "people/", id, "/index.html"].concat(),
        LinkTarget::Org(id) => [to_root, "orgs/", id, "/index.html"].concat(),
        LinkTarget::Brief { slug, anchor: None } => [to_root, "briefs/", slug, "/index.html"].concat(),
        LinkTarget::Brief { slug, anchor: Some(a) } => [to_root, "briefs/", slug, "/index.html#", a].concat(),
        LinkTarget::Anchor(a) => ["#", a].concat(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_come_back_in_order_with_their_targets_and_spans() {
        let written = [
            ("person:putin", 3..20),
            ("org:un", 25..31),
            ("brief:2025-02-12-calls#call-1", 40..90),
            ("brief:2025-02-12-calls", 100..130),
            ("#背景", 7_000_000..7_000_010),
            ("person:", 200..201),
        ];
        let mut links = Links::default();
        assert!(links.is_empty());
        for (destination, span) in &written {
            links.push(destination, span.clone());
        }
        assert_eq!(links.len(), written.len());
        let got: Vec<InternalLink> = links.iter().collect();
        let expected: Vec<InternalLink> = written
            .iter()
            .map(|(d, span)| InternalLink { target: parse_internal(d).unwrap(), span: span.clone() })
            .collect();
        assert_eq!(got, expected);
        assert_eq!(got[2].target, LinkTarget::Brief { slug: "2025-02-12-calls", anchor: Some("call-1") });
        assert_eq!(got[4].target, LinkTarget::Anchor("背景"));
        assert_eq!(got[5].target, LinkTarget::Person(""));
    }
}
