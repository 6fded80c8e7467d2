//! Markdown to HTML, with our options and link rules in one place.
//!
//! Bios are rendered once, when the model is built, into an HTML fragment
//! plus what validation and templates need: the headings (with stable
//! anchors) and the internal links (with their position in the file, so a
//! broken one can be reported at `path:line:col`). Narratives, the bulk of
//! a site's text, are rendered the same way, once, when their brief page
//! is; the [`Outline`] alone (headings and links, [`outline`]) and the
//! plain text alone ([`to_sections`]) are made by the same rules, so they
//! come out exactly as [`render`] makes them.
//!
//! Rules:
//! - tables, footnotes, strikethrough and `{#id}` heading attributes are on;
//! - every heading gets an id: its own `{#id}`, or one made from its text;
//! - a soft line break between two Chinese characters becomes nothing
//!   (Chinese has no spaces between words), elsewhere a space;
//! - raw HTML is shown as text, never passed through; control characters
//!   (NUL, escape...), which HTML forbids, become U+FFFD;
//! - `person:ID`, `org:ID`, `brief:SLUG#anchor` and `#anchor` links are
//!   internal and become relative links that name the file;
//! - the plain text of each section (split at headings) is what search
//!   indexes, so the index never re-parses HTML.
//!
//! Parts: `headings` (anchors), `links` (internal link schemes and their
//! hrefs), `plain` (the plain text by section); this file holds the options,
//! the passes over events and the Chinese soft-break rule.

mod headings;
mod links;
mod plain;

pub use headings::{Heading, RESERVED_IDS, anchor_from_text, is_page_id};
pub use links::{InternalLink, LinkTarget, Links, internal_href, parse_internal};
pub use plain::TextSection;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

use crate::diagnostic::is_wide;
use crate::wordscan::Wanted;
use headings::{HeadingReader, assign_heading_ids};
use plain::{current, plain_sections, push_spaced, separates, tidy};

/// A Markdown document rendered to an HTML fragment.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    pub links: Links,
    /// The plain text, split at headings: what search indexes.
    pub sections: Vec<TextSection>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// What validation needs of a document, without rendering it: its
/// headings (with their final anchors) and its internal links. Kept in the
/// model for every narrative, where the HTML and the plain text would cost
/// far more memory than they save time (they are made again at page time).
#[derive(Debug, Clone, Default)]
pub struct Outline {
    pub headings: Vec<Heading>,
    pub links: Links,
}

/// Renders `text` (found at byte `offset` of its file) for a page that is
/// `to_root` away from its language's root folder (e.g. `../../`): the
/// HTML, the outline and the plain text, in one pass.
pub fn render(text: &str, offset: usize, to_root: &str) -> Rendered {
    let mut links = Links::default();
    let (html, headings, sections) = html_headings_sections(text, offset, to_root, &mut links);
    Rendered { html, headings, links, sections }
}

/// [`render`]'s one pass over the events, its links collected into `links`.
fn html_headings_sections(
    text: &str,
    offset: usize,
    to_root: &str,
    links: &mut Links,
) -> (String, Vec<Heading>, Vec<TextSection>) {
    let mut events = events(text, offset, to_root, links);
    let headings = assign_heading_ids(&mut events);
    let events = join_chinese_soft_breaks(events);
    let sections = plain_sections(&events, &headings);
    (push_html(text.len(), events), headings, sections)
}

/// The headings and internal links of `text` (found at byte `offset`), as
/// [`render`] finds them, in one streaming pass that keeps no events.
pub fn outline(text: &str, offset: usize) -> Outline {
    let mut links = Links::default();
    let mut headings = Vec::new();
    let mut reader = HeadingReader::default();
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) if parse_internal(&dest_url).is_some() => {
                links.push(&dest_url, offset + range.start..offset + range.end);
            }
            Event::Start(Tag::Heading { level, id, .. }) => reader.start(level, id),
            // Only a heading's text is wanted: the rest is not cleaned.
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) if reader.is_open() => {
                reader.push(&without_controls(t));
            }
            Event::End(TagEnd::Heading(_)) => headings.extend(reader.end()),
            _ => {}
        }
    }
    Outline { headings, links }
}

/// Only the plain text sections of [`render`], in one streaming pass that
/// keeps no events (what the search index reads when it is built alone, as
/// `brief serve` does after a quick rebuild).
/// [`render`] makes them from its list of events instead; a property test
/// holds the two equal.
pub fn to_sections(text: &str) -> Vec<TextSection> {
    let mut sections = vec![TextSection::default()];
    let mut reader = HeadingReader::default();
    // A soft break after a wide character waits for the next event: it
    // vanishes when that starts with a wide character too.
    let (mut after_wide, mut waiting_break) = (false, false);
    for event in Parser::new_ext(text, options()).map(cleaned) {
        if std::mem::take(&mut waiting_break) && !first_char(&event).is_some_and(is_wide) && !reader.is_open() {
            push_spaced(current(&mut sections), " ");
        }
        match &event {
            Event::SoftBreak if after_wide => waiting_break = true,
            Event::Start(Tag::Heading { level, id, .. }) => {
                sections.push(TextSection::default());
                reader.start(*level, id.clone());
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(heading) = reader.end() {
                    let section = sections.last_mut().expect("a section was opened");
                    (section.id, section.heading) = (Some(heading.id), heading.text);
                }
            }
            Event::Text(t) | Event::Code(t) if reader.is_open() => reader.push(t),
            Event::Text(t) | Event::Code(t) => push_spaced(current(&mut sections), t),
            e if !reader.is_open() && separates(e) => push_spaced(current(&mut sections), " "),
            _ => {}
        }
        after_wide = last_char(&event).is_some_and(is_wide);
    }
    if waiting_break && !reader.is_open() {
        push_spaced(current(&mut sections), " ");
    }
    tidy(sections)
}

/// Parses `text` into events with our rules applied: internal links are
/// collected into `links` and rewritten to hrefs relative to `to_root`,
/// and the text is [`cleaned`].
fn events<'t>(text: &'t str, offset: usize, to_root: &str, links: &mut Links) -> Vec<Event<'t>> {
    // Prose makes about one event per 20 to 40 bytes (the example site's
    // narratives: 22; the benchmark's corpus: 37), so the list is seldom
    // grown and copied.
    let mut events: Vec<Event> = Vec::with_capacity(text.len() / 24);
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        let event = match event {
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest_url = match parse_internal(&dest_url).map(|target| internal_href(&target, to_root)) {
                    Some(href) => {
                        links.push(&dest_url, offset + range.start..offset + range.end);
                        CowStr::from(href)
                    }
                    None => dest_url,
                };
                Event::Start(Tag::Link { link_type, dest_url, title, id })
            }
            other => cleaned(other),
        };
        events.push(event);
    }
    events
}

/// Raw HTML shown as text, and control characters replaced in all text.
fn cleaned(event: Event) -> Event {
    match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(without_controls(raw)),
        Event::Text(text) => Event::Text(without_controls(text)),
        Event::Code(code) => Event::Code(without_controls(code)),
        other => other,
    }
}

fn push_html(source_len: usize, events: Vec<Event>) -> String {
    let mut out = String::with_capacity(source_len * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    out
}

/// The bytes a control character starts with: C0 and DEL are single
/// bytes below 0x20 and 0x7F, C1 (U+0080 to U+009F) starts with 0xC2. (Tab
/// and line ends are below 0x20 too: text holding them gets the exact test.)
const MAY_START_CONTROL: Wanted<2> = Wanted { below: 0x20, equal: [0x7F, 0xC2] };

/// Replaces control characters (NUL, escape, bell...; not tab or line
/// ends), which HTML does not allow in text, with U+FFFD.
fn without_controls(text: CowStr) -> CowStr {
    let bad = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    // Text without the bytes control characters start with, nearly all
    // text, is passed on at once.
    if !MAY_START_CONTROL.any_in(text.as_bytes()) || !text.contains(bad) {
        return text;
    }
    CowStr::from(text.chars().map(|c| if bad(c) { '\u{FFFD}' } else { c }).collect::<String>())
}

/// Drops soft breaks that sit between two wide (CJK) characters.
fn join_chinese_soft_breaks(events: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    let mut iter = events.into_iter().peekable();
    while let Some(event) = iter.next() {
        if matches!(event, Event::SoftBreak) {
            let before = out.last().and_then(last_char);
            let after = iter.peek().and_then(first_char);
            if before.is_some_and(is_wide) && after.is_some_and(is_wide) {
                continue;
            }
        }
        out.push(event);
    }
    out
}

fn last_char(event: &Event) -> Option<char> {
    match event {
        Event::Text(t) | Event::Code(t) => t.chars().last(),
        _ => None,
    }
}

fn first_char(event: &Event) -> Option<char> {
    match event {
        Event::Text(t) | Event::Code(t) => t.chars().next(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_part_made_alone_equals_the_part_of_the_whole_render() {
        let text = "Intro [普京](person:putin)\n第一行\n第二行\n\n## 通话 {#call}\n\n| a | b |\n|---|---|\n| 1 | [x](brief:b#calls) |\n\n\
                    ## Sources\n\n## Sources\n\n- [NATO](org:nato) ~~old~~[^n]\n\n[^n]: A note <b>x</b>.\n\n```\ncode\0\n```\n";
        let whole = render(text, 7, "../../");
        assert_eq!(to_sections(text), whole.sections);
        let alone = outline(text, 7);
        assert_eq!(alone.headings, whole.headings);
        assert_eq!(alone.links, whole.links);
        assert_eq!(whole.links.len(), 3, "{:?}", whole.links);
        let headings = "# A <b>bold</b> `co\u{1}de` [link](person:x) *em*\n\n## main\n\nSetext\n------\n\n## A <b>bold</b> `co\u{1}de` [link](person:x) *em*\n\n> ## quoted {#q}\n\n- ## in a list\n";
        let whole = render(headings, 0, "");
        let alone = outline(headings, 0);
        assert_eq!(alone.headings, whole.headings);
        assert_eq!(alone.links, whole.links);
        assert_eq!(whole.headings.len(), 6, "{:?}", whole.headings);
    }

    #[test]
    fn control_characters_start_with_the_bytes_looked_for() {
        let controls = (0..=0x10FFFF).filter_map(char::from_u32).filter(|c| c.is_control());
        for c in controls.filter(|c| !matches!(c, '\t' | '\n' | '\r')) {
            let mut utf8 = [0; 4];
            assert!(MAY_START_CONTROL.is(c.encode_utf8(&mut utf8).as_bytes()[0]), "{:?}", c as u32);
            assert_eq!(without_controls(CowStr::from(format!("a{c}b"))).as_ref(), "a\u{FFFD}b");
        }
        assert_eq!(without_controls(CowStr::from("\t\n\r é 通")).as_ref(), "\t\n\r é 通");
    }

    #[test]
    fn soft_breaks_between_chinese_characters_vanish() {
        let r = render("第一行\n第二行\n\nEnglish\ntext", 0, "../../");
        assert!(r.html.contains("第一行第二行"), "{}", r.html);
        assert!(r.html.contains("English\ntext"), "{}", r.html);
    }

    #[test]
    fn headings_get_stable_unique_anchors() {
        let r = render("## 通话时长\n\n## Call length\n\n## Call length\n\n## Custom {#mine}\n\n## Sources\n", 0, "");
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["通话时长", "h-call-length", "h-call-length-2", "mine", "h-sources"]);
        assert!(r.html.contains("<h2 id=\"通话时长\">"), "{}", r.html);
    }

    #[test]
    fn internal_links_become_relative_file_links() {
        let text = "See [Putin](person:putin) and [NATO](org:nato), [the brief](brief:b#calls).";
        let r = render(text, 100, "../../");
        assert!(r.html.contains("href=\"../../people/putin/index.html\""));
        assert!(r.html.contains("href=\"../../orgs/nato/index.html\""));
        assert!(r.html.contains("href=\"../../briefs/b/index.html#calls\""));
        assert_eq!(r.links.len(), 3);
        assert_eq!(r.links.iter().next().unwrap().span.start, 100 + text.find("[Putin]").unwrap());
    }

    #[test]
    fn tables_footnotes_strikethrough_render() {
        let r = render("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ new[^n]\n\n[^n]: A note.\n", 0, "");
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains("footnote-definition"));
    }

    #[test]
    fn plain_text_is_kept_per_section() {
        let r = render("Intro *text*\nhere.\n\n## 通话\n\n第一\n第二[普京](person:putin)说。\n\n- a\n- b\n", 0, "");
        assert_eq!(r.sections.len(), 2, "{:?}", r.sections);
        assert_eq!(r.sections[0].id, None);
        assert_eq!(r.sections[0].text, "Intro text here.");
        assert_eq!(r.sections[1].id.as_deref(), Some("通话"));
        assert_eq!(r.sections[1].heading, "通话");
        assert_eq!(r.sections[1].text, "第一第二普京说。 a b");
    }

    #[test]
    fn control_characters_become_replacement_characters() {
        let r = render("a\0b \u{1b}[31m `c\u{7}`\n", 0, "");
        assert!(r.html.contains("a\u{FFFD}b \u{FFFD}[31m <code>c\u{FFFD}</code>"), "{:?}", r.html);
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let r = render("Hi <script>alert(1)</script>\n\n<div>x</div>\n", 0, "");
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"));
    }
}
