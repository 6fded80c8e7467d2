//! What search finds: the model turned into result documents and weighted
//! terms, one index per language.
//!
//! Documents follow the page's sections so a result links to the exact
//! place: a brief (its title and summary), each call (`#call-<id>`), key
//! quote (`#quotes`), next step (`#next-steps`), reaction (`#reactions`),
//! narrative section (its heading's id), source (`#source-<id>`), and each
//! person and organisation page. Text is the page's language, falling back
//! to the other as the page does; names are indexed in both languages and
//! with every alias, so 威特科夫, Witkoff and Steven Witkoff find the same
//! person.
//!
//! How it is built, cheaply: each language's terms get a number the first
//! time they are met (a word looked up by its text, a Han term by the
//! number its characters pack into, so no string is made per occurrence;
//! see `terms.rs`).
//! A document records which texts to index and with what weight; when it is
//! complete they are tokenized, each term's best weight kept in a table
//! indexed by term number (stamped with the document, so nothing is cleared
//! between documents), its postings appended, and the document handed on
//! (to the shard writer, which writes it out; see [`Builder`]). Only the
//! terms' postings grow with the site.
//!
//! A narrative's sections come from the one read of the file its brief
//! page makes during a build ([`Builder::brief`], fed by `site::render`);
//! [`build`] reads them itself, for an index built alone.

use std::collections::BTreeMap;
use std::ops::Range;

use crate::content::markdown::TextSection;
use crate::content::model::{Call, Lang, Text};
use crate::content::narrative;
use crate::content::site::{Brief, Entity, Site};
use crate::diagnostic::Diagnostic;
use crate::site::format;
use crate::site::links;
use crate::site::search::Doc;
use crate::site::search::terms::Terms;

/// Weights: a match in a title ranks above one in a name, above the body.
pub const TITLE: u32 = 10;
pub const NAME: u32 = 8;
pub const BODY: u32 = 2;

/// Where a document's text to index is: its title, a part of its body, or
/// text of the model (names, a role). Texts are tokenized when the document
/// is complete, against the language's term table.
enum Source<'a> {
    Title,
    Body(Range<usize>),
    Text(&'a str),
}

/// A document being filled: its record and the texts to index, with weights.
struct DocTerms<'a> {
    doc: Doc,
    texts: Vec<(Source<'a>, u32)>,
}

impl<'a> DocTerms<'a> {
    fn new(kind: &'static str, href: String, title: &str, parent: Option<u32>) -> Self {
        DocTerms {
            doc: Doc { kind, href, title: title.to_string(), body: String::new(), parent, context: None, date: None },
            texts: vec![(Source::Title, TITLE)],
        }
    }

    fn index(&mut self, text: &'a str, weight: u32) {
        self.texts.push((Source::Text(text), weight));
    }

    /// Adds text to the body shown in snippets, and indexes it.
    fn body(mut self, parts: impl IntoIterator<Item = impl AsRef<str>>) -> Self {
        for part in parts {
            let part = part.as_ref().trim();
            if part.is_empty() {
                continue;
            }
            if !self.doc.body.is_empty() {
                self.doc.body.push(' ');
            }
            let start = self.doc.body.len();
            self.doc.body.push_str(part);
            self.texts.push((Source::Body(start..self.doc.body.len()), BODY));
        }
        self
    }

    /// Indexes names (not shown in the body: they are in the title or context).
    fn names(mut self, names: impl IntoIterator<Item = &'a str>) -> Self {
        for name in names {
            self.index(name, NAME);
        }
        self
    }
}

/// A language's index in memory: documents in model order, and each term's
/// encoded postings (see [`crate::site::search::postings`]). The build
/// streams instead ([`build`]); this is for tests and small tools.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Index {
    pub docs: Vec<Doc>,
    pub terms: BTreeMap<String, String>,
}

/// Takes a language's documents, one at a time, in model order.
pub trait DocSink {
    /// The next document; false when the rest is not wanted (a failed sink).
    fn take(&mut self, doc: Doc) -> bool;
}

impl DocSink for Vec<Doc> {
    fn take(&mut self, doc: Doc) -> bool {
        self.push(doc);
        true
    }
}

/// Builds a language's index one document at a time: each document goes
/// to `out` as soon as it is complete, its terms' postings are encoded then
/// (so only one document's terms are ever held apart from the postings).
struct Collector<D> {
    count: u32,
    terms: Terms,
    out: D,
    stopped: bool,
}

impl<D: DocSink> Collector<D> {
    fn next_number(&self) -> u32 {
        self.count
    }

    fn push(&mut self, d: DocTerms<'_>) {
        let doc = self.count;
        self.count = doc.checked_add(1).expect("fewer than 4 billion documents");
        for (source, weight) in &d.texts {
            let text = match source {
                Source::Title => d.doc.title.as_str(),
                Source::Body(range) => &d.doc.body[range.clone()],
                Source::Text(text) => text,
            };
            self.terms.see(text, doc, *weight, matches!(source, Source::Title));
        }
        self.terms.post(doc, title_len(&d.doc.title));
        self.stopped |= !self.out.take(d.doc);
    }
}

impl<'a, D: DocSink> Extend<DocTerms<'a>> for Collector<D> {
    fn extend<I: IntoIterator<Item = DocTerms<'a>>>(&mut self, iter: I) {
        iter.into_iter().for_each(|d| self.push(d));
    }
}

/// The title's length as the browser counts it: UTF-16 units of the
/// lowercased title (an ASCII title's bytes).
fn title_len(title: &str) -> u32 {
    let units = if title.is_ascii() { title.len() } else { title.to_lowercase().encode_utf16().count() };
    u32::try_from(units).unwrap_or(u32::MAX)
}

/// Text in `lang`, or the other language's (as pages show it).
fn pick(text: &Text, lang: Lang) -> &str {
    text.get_or_other(lang)
}

/// Every way an entity is named: both languages and each alias.
fn all_names<'a>(site: &'a Site, ids: &'a [String]) -> impl Iterator<Item = &'a str> + 'a {
    ids.iter().filter_map(|id| site.entities.get(id)).flat_map(|e| {
        Lang::ALL.iter().filter_map(|l| e.file.name.get(*l)).chain(e.file.aliases.iter().map(String::as_str))
    })
}

fn names_in(site: &Site, ids: &[String], lang: Lang) -> Vec<String> {
    ids.iter().filter_map(|id| site.entities.get(id)).map(|e| pick(&e.file.name, lang).to_string()).collect()
}

/// A language's index being built, brief by brief in model order: each
/// document goes to the sink as soon as it is complete. The narratives'
/// text comes from the caller ([`Self::brief`]), who read the file for its
/// page anyway (`site::render`), or read it for the index alone ([`build`]).
pub struct Builder<'s, D> {
    site: &'s Site,
    lang: Lang,
    docs: Collector<D>,
}

impl<'s, D: DocSink> Builder<'s, D> {
    pub fn new(site: &'s Site, lang: Lang, out: D) -> Self {
        Builder { site, lang, docs: Collector { count: 0, terms: Terms::default(), out, stopped: false } }
    }

    /// Whether the sink wants no more documents (it failed).
    pub fn stopped(&self) -> bool {
        self.docs.stopped
    }

    /// Adds the documents of `brief`, the next brief in model order;
    /// `sections` is the plain text of the narrative its page shows in this
    /// language ([`Brief::shown_narrative`]), empty when it has none.
    pub fn brief(&mut self, brief: &Brief, sections: &[TextSection]) {
        if !self.docs.stopped {
            brief_docs(self.site, brief, self.lang, sections, &mut self.docs);
        }
    }

    /// Adds the people and organisations (they follow every brief), and
    /// returns the sink and every term with its encoded postings, in no
    /// particular order (none when the sink failed).
    pub fn finish(mut self) -> (D, Vec<(String, String)>) {
        let (site, lang) = (self.site, self.lang);
        if !self.docs.stopped {
            self.docs.extend(site.entities.values().map(|e| entity_doc(site, e, lang)));
        }
        let terms = if self.docs.stopped { Vec::new() } else { self.docs.terms.finish() };
        (self.docs.out, terms)
    }
}

/// Builds the index of one language, reading each narrative for its text:
/// hands each document to `out`, in model order, as soon as it is complete,
/// and returns `out` and every term with its encoded postings, in no
/// particular order. When `out` answers false (its sink failed), the rest
/// is skipped and the terms are incomplete. Fails only when a narrative,
/// read again for its text, changed since it was loaded (see
/// `content::narrative`).
pub fn build<D: DocSink>(site: &Site, lang: Lang, out: D) -> Result<(D, Vec<(String, String)>), Diagnostic> {
    let mut builder = Builder::new(site, lang, out);
    for brief in &site.briefs {
        if builder.stopped() {
            break;
        }
        let sections = match brief.shown_narrative(lang) {
            Some((narrative, _)) => narrative::sections(&site.root, narrative)?,
            None => Vec::new(),
        };
        builder.brief(brief, &sections);
    }
    Ok(builder.finish())
}

/// The index of one language, in memory.
pub fn build_index(site: &Site, lang: Lang) -> Result<Index, Diagnostic> {
    let (docs, terms) = build(site, lang, Vec::new())?;
    Ok(Index { docs, terms: terms.into_iter().collect() })
}

fn brief_docs<D: DocSink>(site: &Site, brief: &Brief, lang: Lang, sections: &[TextSection], docs: &mut Collector<D>) {
    let b = &brief.file;
    let path = links::brief_path(&brief.slug);
    let at = |anchor: &str| links::anchored(&path, anchor);
    let parent = Some(docs.next_number());
    let mut top = DocTerms::new("brief", path.clone(), brief.title_in(lang), None)
        .body([brief.summary_in(lang)])
        .body(b.highlights.iter().chain(&b.background).map(|f| pick(&f.text, lang)));
    top.doc.date = Some(format::date(b.date, lang));
    docs.push(top);
    docs.extend(b.calls.iter().map(|c| call_doc(site, c, lang, at(&format!("call-{}", c.id)), parent)));
    for q in &b.quotes {
        let speaker = std::slice::from_ref(&q.speaker);
        let other = q.text.get(lang.other()).filter(|_| q.text.get(lang).is_some());
        docs.push(
            DocTerms::new("quote", at("quotes"), &names_in(site, speaker, lang).concat(), parent)
                .names(all_names(site, speaker))
                .body([pick(&q.text, lang), other.unwrap_or(""), pick(&q.context, lang)]),
        );
    }
    for s in &b.next_steps {
        let when = s.when.map(|w| format::when(w, lang)).unwrap_or_default();
        let who = names_in(site, &s.who, lang);
        docs.push(
            DocTerms::new("step", at("next-steps"), pick(&s.what, lang), parent).names(all_names(site, &s.who)).body([
                when.as_str(),
                pick(&s.when_said, lang),
                &format::join_names(&who.iter().map(String::as_str).collect::<Vec<_>>(), lang),
            ]),
        );
    }
    for r in &b.reactions {
        let who = std::slice::from_ref(&r.who);
        docs.push(
            DocTerms::new("reaction", at("reactions"), &names_in(site, who, lang).concat(), parent)
                .names(all_names(site, who))
                .body([pick(&r.bloc, lang), pick(&r.summary, lang), pick(&r.quote, lang)]),
        );
    }
    narrative_docs(brief, lang, sections, &path, parent, docs);
    for s in &b.sources {
        docs.push(
            DocTerms::new("source", at(&format!("source-{}", s.id)), pick(&s.name, lang), parent)
                .body([pick(&s.note, lang)]),
        );
    }
}

fn call_doc<'a>(site: &'a Site, c: &'a Call, lang: Lang, href: String, parent: Option<u32>) -> DocTerms<'a> {
    let names = names_in(site, &c.participants, lang);
    let title = format::join_names(&names.iter().map(String::as_str).collect::<Vec<_>>(), lang);
    let said = c.duration.iter().map(|d| pick(&d.said, lang));
    let facts = c.topics.iter().chain(&c.outcomes).map(|f| pick(&f.text, lang));
    DocTerms::new("call", href, &title, parent)
        .names(all_names(site, &c.participants))
        .body([pick(&c.summary, lang)])
        .body(said)
        .body(facts)
}

/// One document per section of the narrative the page shows.
fn narrative_docs<D: DocSink>(
    brief: &Brief,
    lang: Lang,
    sections: &[TextSection],
    path: &str,
    parent: Option<u32>,
    docs: &mut Collector<D>,
) {
    for section in sections {
        let (anchor, title) = match &section.id {
            Some(id) => (id.as_str(), section.heading.as_str()),
            None => ("narrative", brief.title_in(lang)),
        };
        if section.text.is_empty() && section.id.is_none() {
            continue;
        }
        docs.push(DocTerms::new("narrative", links::anchored(path, anchor), title, parent).body([&section.text]));
    }
}

fn entity_doc<'a>(site: &'a Site, e: &'a Entity, lang: Lang) -> DocTerms<'a> {
    let f = &e.file;
    let kind = e.kind.name();
    let bio: Vec<&str> = e
        .bio
        .get(lang)
        .as_ref()
        .or(e.bio.get(lang.other()).as_ref())
        .map_or_else(Vec::new, |r| r.sections.iter().map(|s| s.text.as_str()).collect());
    let mut d = DocTerms::new(kind, links::entity_path(e.kind, &e.id), pick(&f.name, lang), None);
    // The entity's own names, in either language or an alias, are as good
    // as its title: its page ranks above the places that mention it.
    for name in all_names(site, std::slice::from_ref(&e.id)) {
        d.index(name, TITLE);
    }
    let mut d = d.body([pick(&f.country, lang), pick(&f.note, lang)]).body(bio);
    let role = pick(&f.role, lang);
    if !role.is_empty() {
        d.index(role, BODY);
        d.doc.context = Some(role.to_string());
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::search::postings::decode;

    fn find<'a>(index: &'a Index, term: &str) -> Vec<(&'a Doc, u32)> {
        let postings = index.terms.get(term).map(|t| decode(t)).unwrap_or_default();
        postings.into_iter().map(|p| (&index.docs[p.doc as usize], p.weight)).collect()
    }

    #[test]
    fn names_are_found_in_both_languages_and_by_alias() {
        let site = crate::testsites::example_site();
        let zh = build_index(&site, Lang::Zh).unwrap();
        let person = |term: &str| find(&zh, term).into_iter().any(|(d, _)| d.href == "people/witkoff/index.html");
        assert!(person("威特") && person("witkoff") && person("steven"));
        let en = build_index(&site, Lang::En).unwrap();
        let title = |term: &str| find(&en, term).into_iter().any(|(d, w)| d.title == "Steve Witkoff" && w == TITLE);
        assert!(title("witkoff") && title("威特"), "the person's own names rank as its title");
    }

    #[test]
    fn results_link_to_the_exact_section_and_rank_titles_first() {
        let site = crate::testsites::example_site();
        let zh = build_index(&site, Lang::Zh).unwrap();
        let kinds: Vec<&str> = zh.docs.iter().map(|d| d.kind).collect();
        for kind in ["brief", "call", "quote", "step", "reaction", "narrative", "source", "person", "org"] {
            assert!(kinds.contains(&kind), "no {kind} document");
        }
        assert!(zh.docs.iter().any(|d| d.href.ends_with("#call-trump-putin")));
        assert!(zh.docs.iter().filter(|d| d.kind == "narrative").all(|d| d.href.contains("#")));
        let putin = find(&zh, "普京");
        let best = putin.iter().map(|(_, w)| *w).max();
        assert_eq!(best, Some(TITLE));
        assert!(putin.iter().any(|(_, w)| *w == BODY));
    }

    #[test]
    fn postings_are_sorted_and_deterministic() {
        let site = crate::testsites::example_site();
        let a = build_index(&site, Lang::En).unwrap();
        assert_eq!(a, build_index(&site, Lang::En).unwrap());
        for postings in a.terms.values() {
            let postings = decode(postings);
            assert!(postings.windows(2).all(|p| p[0].doc < p[1].doc));
            assert!(postings.iter().all(|p| [TITLE, NAME, BODY].contains(&p.weight)));
        }
    }

    #[test]
    fn title_postings_carry_the_title_length() {
        let site = crate::testsites::example_site();
        let en = build_index(&site, Lang::En).unwrap();
        let witkoff = |term: &str| {
            let postings = decode(&en.terms[term]);
            let n = en.docs.iter().position(|d| d.href == "people/witkoff/index.html").unwrap() as u32;
            postings.into_iter().find(|p| p.doc == n).unwrap()
        };
        // "Steve Witkoff" is the displayed title; 威特科夫 ranks as one but is not in it.
        assert_eq!(witkoff("witkoff").title_len, Some(13));
        assert_eq!(witkoff("威特").weight, TITLE);
        assert_eq!(witkoff("威特").title_len, None);
    }
}
