//! Structured data for each brief page: schema.org JSON-LD, built from the
//! model with typed structs and serde_json (never by string templates).
//!
//! A brief is a `NewsArticle` whose `about` lists an `Event` per call and
//! whose `mentions` lists every person (`Person`) and organisation
//! (`Organization`) it names, with the name in the page's language and the
//! other script plus aliases as `alternateName`. Each key quote is a
//! `Quotation` in `hasPart`, `spokenByCharacter` its speaker. A call's
//! length is never one number: each account is a `Claim` (its words, its
//! author, the source it appeared in) attached to the event's `subjectOf`.
//!
//! The JSON sits in a `<script>` element, where `</script>` in any text
//! would end it early: [`script_json`] escapes `<`, `>` and `&` as it
//! writes. Every entity's node is written once per language ([`Agents`])
//! and copied into each brief that mentions it.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::Serialize;
use serde_json::value::RawValue;

use crate::content::model::{EntityKind, Lang, Quote, Text};
use crate::content::site::{Brief, Entity, Site};
use crate::fxhash::Fx;
use crate::site::format;
use crate::site::links::{self, PageAddress, absolute_url};
use crate::wordscan::Wanted;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Article<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    headline: &'a str,
    description: &'a str,
    date_published: String,
    in_language: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    main_entity_of_page: Option<String>,
    publisher: Named<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    about: Vec<CallEvent<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    mentions: Vec<&'a RawValue>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    has_part: Vec<Quotation<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    citation: Vec<Work<'a>>,
}

#[derive(Serialize)]
struct Named<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

/// A reference to a node described elsewhere in the graph.
#[derive(Serialize)]
struct Ref<'a> {
    #[serde(rename = "@id")]
    id: Cow<'a, str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Agent<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: String,
    name: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    alternate_name: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    job_title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CallEvent<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    attendee: Vec<Ref<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    organizer: Option<Ref<'a>>,
    /// Each account of the call's length, never folded into one figure.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    subject_of: Vec<Claim<'a>>,
}

#[derive(Serialize)]
struct Claim<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    /// The claimant's own words.
    text: &'a str,
    /// The machine reading, e.g. "at least 60 min".
    description: String,
    author: Ref<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    appearance: Option<Work<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Quotation<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    text: &'a str,
    in_language: &'static str,
    spoken_by_character: Ref<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    translation_of_work: Option<Box<Quotation<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    citation: Option<Work<'a>>,
}

#[derive(Serialize)]
struct Work<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

/// Every entity's node in one language, made once per build: a brief's
/// `mentions` copy their JSON and every reference to an entity their id.
pub struct Agents<'a> {
    by_id: HashMap<&'a str, AgentNode, Fx>,
}

/// An entity's node, written out: its `@id` and its JSON (escaped like
/// [`script_json`]'s).
struct AgentNode {
    id: String,
    json: Box<RawValue>,
}

impl<'a> Agents<'a> {
    pub fn new(site: &'a Site, lang: Lang) -> Self {
        let by_id = site
            .entities
            .values()
            .map(|e| {
                let agent = agent(site, lang, e);
                let json = RawValue::from_string(script_json(&agent)).expect("structured data is valid JSON");
                (e.id.as_str(), AgentNode { id: agent.id, json })
            })
            .collect();
        Agents { by_id }
    }
}

/// What every node builder needs.
struct Ctx<'a> {
    site: &'a Site,
    brief: &'a Brief,
    lang: Lang,
    agents: &'a Agents<'a>,
}

fn page_url(site: &Site, lang: Lang, path: &str) -> Option<String> {
    let base = site.config.base_url.as_deref()?;
    Some(absolute_url(base, &PageAddress::new(lang, path).output_path(site.config.default_language)))
}

/// An entity's node id: its page's absolute URL, or a fragment id.
fn entity_id(site: &Site, lang: Lang, id: &str) -> String {
    let kind = site.entities.get(id).map_or(EntityKind::Person, |e| e.kind);
    page_url(site, lang, &links::entity_path(kind, id))
        .map_or_else(|| format!("#entity-{id}"), |u| format!("{u}#entity"))
}

impl<'a> Ctx<'a> {
    fn page_url(&self, path: &str) -> Option<String> {
        page_url(self.site, self.lang, path)
    }

    /// A reference to an entity's node.
    fn entity_ref(&self, id: &str) -> Ref<'a> {
        match self.agents.by_id.get(id) {
            Some(agent) => Ref { id: Cow::Borrowed(&agent.id) },
            None => Ref { id: Cow::Owned(entity_id(self.site, self.lang, id)) },
        }
    }

    fn text(&self, t: &'a Text) -> &'a str {
        t.get_or_other(self.lang)
    }

    fn source(&self, id: Option<&str>) -> Option<Work<'a>> {
        let s = self.brief.file.sources.iter().find(|s| Some(s.id.as_str()) == id)?;
        Some(Work { kind: "CreativeWork", name: self.text(&s.name), url: s.url.as_deref() })
    }
}

/// The brief's JSON-LD, ready to sit inside `<script type="application/ld+json">`.
/// `agents` are the site's entities in `lang` (see [`Agents`]).
pub fn brief_jsonld<'a>(site: &'a Site, brief: &'a Brief, lang: Lang, agents: &'a Agents<'a>) -> String {
    let cx = Ctx { site, brief, lang, agents };
    let b = &brief.file;
    let url = cx.page_url(&links::brief_path(&brief.slug));
    let article = Article {
        context: "https://schema.org",
        kind: "NewsArticle",
        headline: brief.title_in(lang),
        description: brief.summary_in(lang),
        date_published: b.date.to_string(),
        in_language: lang.html_tag(),
        main_entity_of_page: url.clone(),
        url,
        publisher: Named { kind: "Organization", name: site.config.title.get_or_other(lang) },
        about: b.calls.iter().map(|c| call_event(&cx, c)).collect(),
        mentions: mentioned(brief).into_iter().filter_map(|id| agents.by_id.get(id)).map(|a| &*a.json).collect(),
        has_part: b.quotes.iter().map(|q| quotation(&cx, q)).collect(),
        citation: b.sources.iter().filter_map(|s| cx.source(Some(&s.id))).collect(),
    };
    script_json(&article)
}

/// Serializes for a `<script>` element: `<`, `>` and `&` become `\u003c`,
/// `\u003e`, `\u0026` (they occur only inside JSON strings, where the escape
/// means the same), so no text can close the element or open a comment;
/// so do the line separators U+2028 and U+2029.
pub fn script_json<T: Serialize>(value: &T) -> String {
    // A brief's document runs to a few kilobytes.
    let mut out = Vec::with_capacity(8 * 1024);
    value
        .serialize(&mut serde_json::Serializer::with_formatter(&mut out, ScriptSafe))
        .expect("structured data always serializes");
    // Checked with simdutf8 and copied: several times faster than the
    // standard library's check on mostly-Chinese text (see `SourceFile::decode`).
    simdutf8::basic::from_utf8(&out).expect("JSON is UTF-8").to_owned()
}

/// Compact JSON whose strings are escaped for a `<script>` element as
/// they are written (see [`script_json`]).
struct ScriptSafe;

/// The bytes [`ScriptSafe`] may change, for skipping eight at a time.
const MAY_NEED_ESCAPE: Wanted<4> = Wanted { below: 0, equal: [b'<', b'>', b'&', 0xE2] };

impl serde_json::ser::Formatter for ScriptSafe {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let bytes = fragment.as_bytes();
        let (mut copied, mut i) = (0, 0);
        loop {
            i = MAY_NEED_ESCAPE.find(bytes, i, |b| MAY_NEED_ESCAPE.is(b));
            let Some(&b) = bytes.get(i) else { break };
            // U+2028 and U+2029 are E2 80 A8 and E2 80 A9 in UTF-8.
            let (escape, len) = match b {
                b'<' => ("\\u003c", 1),
                b'>' => ("\\u003e", 1),
                b'&' => ("\\u0026", 1),
                _ if bytes[i..].starts_with(&[0xE2, 0x80, 0xA8]) => ("\\u2028", 3),
                _ if bytes[i..].starts_with(&[0xE2, 0x80, 0xA9]) => ("\\u2029", 3),
                _ => {
                    i += 1;
                    continue;
                }
            };
            writer.write_all(&bytes[copied..i])?;
            writer.write_all(escape.as_bytes())?;
            i += len;
            copied = i;
        }
        writer.write_all(&bytes[copied..])
    }
}

/// Every entity the brief names, in order of first mention.
fn mentioned(brief: &Brief) -> Vec<&str> {
    let b = &brief.file;
    let mut ids: Vec<&str> = Vec::new();
    let calls = b.calls.iter().flat_map(|c| {
        let claims = c.duration.iter().map(|d| &d.by);
        let facts = c.topics.iter().chain(&c.outcomes).filter_map(|f| f.by.as_ref());
        c.participants.iter().chain(claims).chain(facts)
    });
    let quotes = b.quotes.iter().map(|q| &q.speaker);
    let steps = b.next_steps.iter().flat_map(|s| &s.who);
    let reactions = b.reactions.iter().map(|r| &r.who);
    let facts = b.highlights.iter().chain(&b.background).filter_map(|f| f.by.as_ref());
    let events = b.timeline.iter().flat_map(|e| &e.who);
    for id in calls.chain(quotes).chain(steps).chain(reactions).chain(facts).chain(events) {
        if !ids.contains(&id.as_str()) {
            ids.push(id);
        }
    }
    ids
}

fn agent<'a>(site: &Site, lang: Lang, e: &'a Entity) -> Agent<'a> {
    let name = e.file.name.get_or_other(lang);
    let mut alternate: Vec<&str> =
        Lang::ALL.iter().filter_map(|l| e.file.name.get(*l)).filter(|n| *n != name).collect();
    alternate.extend(e.file.aliases.iter().map(String::as_str));
    Agent {
        kind: if e.kind == EntityKind::Person { "Person" } else { "Organization" },
        id: entity_id(site, lang, &e.id),
        name,
        alternate_name: alternate,
        job_title: e.file.role.get(lang).or_else(|| e.file.role.get(lang.other())),
        url: page_url(site, lang, &links::entity_path(e.kind, &e.id)),
    }
}

fn call_event<'a>(cx: &Ctx<'a>, c: &'a crate::content::model::Call) -> CallEvent<'a> {
    let names: Vec<&str> =
        c.participants.iter().filter_map(|p| cx.site.entities.get(p)).map(|e| cx.text(&e.file.name)).collect();
    let anchor = format!("call-{}", c.id);
    let page = links::anchored(&links::brief_path(&cx.brief.slug), &anchor);
    CallEvent {
        kind: "Event",
        id: cx.page_url(&page).unwrap_or_else(|| format!("#{anchor}")),
        name: format::join_names(&names, cx.lang),
        start_date: c.date.map(|d| d.to_string()),
        description: c.summary.get(cx.lang).or_else(|| c.summary.get(cx.lang.other())),
        attendee: c.participants.iter().map(|p| cx.entity_ref(p)).collect(),
        organizer: c.initiated_by.as_deref().map(|p| cx.entity_ref(p)),
        subject_of: c
            .duration
            .iter()
            .map(|d| Claim {
                kind: "Claim",
                text: cx.text(&d.said),
                description: format::duration_value(d.value, cx.lang),
                author: cx.entity_ref(&d.by),
                appearance: cx.source(d.source.as_deref()),
            })
            .collect(),
    }
}

fn quotation<'a>(cx: &Ctx<'a>, q: &'a Quote) -> Quotation<'a> {
    let shown = if q.text.get(cx.lang).is_some() { cx.lang } else { cx.lang.other() };
    let original = q.original.filter(|o| *o != shown).and_then(|o| q.text.get(o).map(|t| (o, t)));
    let speaker = || cx.entity_ref(&q.speaker);
    Quotation {
        kind: "Quotation",
        text: q.text.get_or_other(cx.lang),
        in_language: shown.html_tag(),
        spoken_by_character: speaker(),
        translation_of_work: original.map(|(o, text)| {
            Box::new(Quotation {
                kind: "Quotation",
                text,
                in_language: o.html_tag(),
                spoken_by_character: speaker(),
                translation_of_work: None,
                citation: None,
            })
        }),
        citation: cx.source(q.source.as_deref()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Probe<'a> {
        headline: &'a str,
    }

    #[test]
    fn script_json_cannot_close_its_element() {
        let out = script_json(&Probe { headline: "</script><script>alert(1)</script> & <!--" });
        assert!(!out.contains('<') && !out.contains('>') && !out.contains('&'), "{out}");
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back["headline"], "</script><script>alert(1)</script> & <!--");
        let out = script_json(&Probe { headline: "a\u{2028}b\u{2029}c – d" });
        assert_eq!(out, r#"{"headline":"a\u2028b\u2029c – d"}"#);
    }
}
