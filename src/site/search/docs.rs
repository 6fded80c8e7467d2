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

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use crate::content::model::{Call, Lang, Text};
use crate::content::narrative;
use crate::content::site::{Brief, Entity, Site};
use crate::diagnostic::Diagnostic;
use crate::site::format;
use crate::site::links;
use crate::site::search::Doc;
use crate::site::search::postings::{Encoder, Posting};
use crate::site::search::tokenize::{each_index_term, index_terms};

/// Weights: a match in a title ranks above one in a name, above the body.
pub const TITLE: u32 = 10;
pub const NAME: u32 = 8;
pub const BODY: u32 = 2;

/// A small, fast, deterministic hash for term maps (FxHash, as in rustc):
/// the builder looks a term up once per occurrence, so SipHash's cost
/// shows. Maps are only looked up, never iterated into the output unsorted.
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        for b in chunks.remainder() {
            self.add(u64::from(*b));
        }
    }

    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type Fx = BuildHasherDefault<FxHasher>;

/// A document being filled: its record and the best weight of each term.
struct DocTerms {
    doc: Doc,
    terms: HashMap<String, u32, Fx>,
    /// The terms of the displayed title.
    in_title: HashSet<String, Fx>,
}

impl DocTerms {
    fn new(kind: &'static str, href: String, title: &str, parent: Option<u32>) -> Self {
        let mut d = DocTerms {
            doc: Doc { kind, href, title: title.to_string(), body: String::new(), parent, context: None, date: None },
            terms: HashMap::default(),
            in_title: index_terms(title).into_iter().collect(),
        };
        d.index(title, TITLE);
        d
    }

    fn index(&mut self, text: &str, weight: u32) {
        let terms = &mut self.terms;
        each_index_term(text, |term| match terms.get_mut(term) {
            Some(best) => *best = (*best).max(weight),
            None => {
                terms.insert(term.to_string(), weight);
            }
        });
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
            self.doc.body.push_str(part);
            self.index(part, BODY);
        }
        self
    }

    /// Indexes names (not shown in the body: they are in the title or context).
    fn names<'a>(mut self, names: impl IntoIterator<Item = &'a str>) -> Self {
        for name in names {
            self.index(name, NAME);
        }
        self
    }
}

/// A language's index as it is built: documents in model order, and each
/// term's postings encoded as soon as its document is complete (so only
/// one document's terms are ever held apart from the postings).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Index {
    pub docs: Vec<Doc>,
    /// Term → encoded postings (see [`crate::site::search::postings`]).
    pub terms: BTreeMap<String, String>,
}

/// Builds an [`Index`], one document at a time.
#[derive(Default)]
struct Collector {
    docs: Vec<Doc>,
    terms: HashMap<String, Encoder, Fx>,
}

impl Collector {
    fn next_number(&self) -> u32 {
        u32::try_from(self.docs.len()).expect("fewer than 4 billion documents")
    }

    fn push(&mut self, d: DocTerms) {
        let doc = self.next_number();
        let title_len = u32::try_from(d.doc.title.to_lowercase().encode_utf16().count()).unwrap_or(u32::MAX);
        for (term, weight) in d.terms {
            let title_len = (weight == TITLE && d.in_title.contains(&term)).then_some(title_len);
            let posting = Posting { doc, weight, title_len };
            match self.terms.get_mut(&term) {
                Some(encoder) => encoder.push(posting),
                None => self.terms.entry(term).or_default().push(posting),
            }
        }
        self.docs.push(d.doc);
    }

    fn finish(self) -> Index {
        Index { docs: self.docs, terms: self.terms.into_iter().map(|(term, e)| (term, e.text)).collect() }
    }
}

impl Extend<DocTerms> for Collector {
    fn extend<I: IntoIterator<Item = DocTerms>>(&mut self, iter: I) {
        iter.into_iter().for_each(|d| self.push(d));
    }
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

/// The index of one language. Fails only when a narrative, read again for
/// its text, changed since it was loaded (see `content::narrative`).
pub fn build_index(site: &Site, lang: Lang) -> Result<Index, Diagnostic> {
    let mut docs = Collector::default();
    for brief in &site.briefs {
        brief_docs(site, brief, lang, &mut docs)?;
    }
    docs.extend(site.entities.values().map(|e| entity_doc(site, e, lang)));
    Ok(docs.finish())
}

fn brief_docs(site: &Site, brief: &Brief, lang: Lang, docs: &mut Collector) -> Result<(), Diagnostic> {
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
    narrative_docs(site, brief, lang, &path, parent, docs)?;
    for s in &b.sources {
        docs.push(
            DocTerms::new("source", at(&format!("source-{}", s.id)), pick(&s.name, lang), parent)
                .body([pick(&s.note, lang)]),
        );
    }
    Ok(())
}

fn call_doc(site: &Site, c: &Call, lang: Lang, href: String, parent: Option<u32>) -> DocTerms {
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

/// One document per narrative section, in the language the page shows.
fn narrative_docs(
    site: &Site,
    brief: &Brief,
    lang: Lang,
    path: &str,
    parent: Option<u32>,
    docs: &mut Collector,
) -> Result<(), Diagnostic> {
    let Some((narrative, _)) = brief.shown_narrative(lang) else { return Ok(()) };
    for section in &narrative::sections(&site.root, narrative)? {
        let (anchor, title) = match &section.id {
            Some(id) => (id.as_str(), section.heading.as_str()),
            None => ("narrative", brief.title_in(lang)),
        };
        if section.text.is_empty() && section.id.is_none() {
            continue;
        }
        docs.push(DocTerms::new("narrative", links::anchored(path, anchor), title, parent).body([&section.text]));
    }
    Ok(())
}

fn entity_doc(site: &Site, e: &Entity, lang: Lang) -> DocTerms {
    let f = &e.file;
    let kind = match e.kind {
        crate::content::model::EntityKind::Person => "person",
        crate::content::model::EntityKind::Org => "org",
    };
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

    fn example() -> Site {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (inventory, _) = crate::content::discover::discover(root);
        crate::content::load::load(root, &inventory).0.expect("the example site loads")
    }

    fn find<'a>(index: &'a Index, term: &str) -> Vec<(&'a Doc, u32)> {
        let postings = index.terms.get(term).map(|t| decode(t)).unwrap_or_default();
        postings.into_iter().map(|p| (&index.docs[p.doc as usize], p.weight)).collect()
    }

    #[test]
    fn names_are_found_in_both_languages_and_by_alias() {
        let site = example();
        let zh = build_index(&site, Lang::Zh).unwrap();
        let person = |term: &str| find(&zh, term).into_iter().any(|(d, _)| d.href == "people/witkoff/index.html");
        assert!(person("威特") && person("witkoff") && person("steven"));
        let en = build_index(&site, Lang::En).unwrap();
        let title = |term: &str| find(&en, term).into_iter().any(|(d, w)| d.title == "Steve Witkoff" && w == TITLE);
        assert!(title("witkoff") && title("威特"), "the person's own names rank as its title");
    }

    #[test]
    fn results_link_to_the_exact_section_and_rank_titles_first() {
        let site = example();
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
        let site = example();
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
        let site = example();
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
