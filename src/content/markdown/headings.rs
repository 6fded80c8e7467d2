//! Headings: the anchors a document's headings get (their own `{#id}`, or
//! one made from their text, unique within the document and clear of the
//! ids the page around the Markdown uses), read from a list of events or
//! from a stream.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

/// Ids used by the pages that embed Markdown (brief sections, the layout);
/// a heading that would get one of them is prefixed with `h-` instead.
pub const RESERVED_IDS: [&str; 10] = [
    "main",
    "at-a-glance",
    "calls",
    "quotes",
    "next-steps",
    "reactions",
    "background",
    "timeline",
    "narrative",
    "sources",
];

/// Whether an id belongs to the page that embeds the Markdown: a section,
/// a call (`call-…`), a source (`source-…`) or a section title (`…-title`).
pub fn is_page_id(id: &str) -> bool {
    RESERVED_IDS.contains(&id) || id.starts_with("call-") || id.starts_with("source-") || id.ends_with("-title")
}

/// A heading of a rendered document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// Gives every heading an id (its own, or one made from its text, made
/// unique within the document) and returns the headings in order.
pub(super) fn assign_heading_ids(events: &mut [Event]) -> Vec<Heading> {
    let mut headings = Vec::new();
    let mut ids = HeadingIds::default();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let (level, explicit) = (*level, id.as_ref().map(|s| s.to_string()));
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            let heading = ids.assign(level, explicit, text);
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(heading.id.clone()));
            }
            headings.push(heading);
            i = j;
        }
        i += 1;
    }
    headings
}

/// Reads headings from a stream of events: their text between start and
/// end, then their anchor ([`HeadingIds`]).
#[derive(Default)]
pub(super) struct HeadingReader {
    ids: HeadingIds,
    /// The heading being read: its level, its own id, its text so far.
    open: Option<(HeadingLevel, Option<String>, String)>,
}

impl HeadingReader {
    pub(super) fn is_open(&self) -> bool {
        self.open.is_some()
    }

    pub(super) fn start(&mut self, level: HeadingLevel, id: Option<CowStr>) {
        self.open = Some((level, id.map(|s| s.to_string()), String::new()));
    }

    /// Adds to the open heading's text.
    pub(super) fn push(&mut self, text: &str) {
        if let Some((_, _, heading)) = self.open.as_mut() {
            heading.push_str(text);
        }
    }

    /// The heading just closed, with its anchor.
    pub(super) fn end(&mut self) -> Option<Heading> {
        let (level, explicit, text) = self.open.take()?;
        Some(self.ids.assign(level, explicit, text))
    }
}

/// The anchors given so far in one document, to keep them unique.
#[derive(Default)]
struct HeadingIds {
    seen: HashMap<String, usize>,
}

impl HeadingIds {
    /// The heading's id: its own, or one made from its text; prefixed when
    /// the page uses it; numbered when the document already has it.
    fn assign(&mut self, level: HeadingLevel, explicit: Option<String>, text: String) -> Heading {
        let base = explicit.unwrap_or_else(|| anchor_from_text(&text));
        // Ids the page around the Markdown makes itself are taken.
        let base = if is_page_id(&base) { format!("h-{base}") } else { base };
        let count = self.seen.entry(base.clone()).or_insert(0);
        *count += 1;
        let id = if *count == 1 { base } else { format!("{base}-{count}") };
        Heading { level: heading_number(level), id, text }
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A stable anchor from heading text: lowercase letters and digits of any
/// script (Chinese kept as is), other runs turned into single hyphens.
pub fn anchor_from_text(text: &str) -> String {
    let mut anchor = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            anchor.push(c);
        } else if !anchor.is_empty() && !anchor.ends_with('-') {
            anchor.push('-');
        }
    }
    let trimmed = anchor.trim_end_matches('-');
    if trimmed.is_empty() { "section".to_string() } else { trimmed.to_string() }
}
