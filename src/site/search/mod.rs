//! Search that works from disk: an index per language, built from the
//! model at build time, written as a classic script, read by `search.js`.
//!
//! Why a script and not JSON: a page opened from disk (`file://`) may not
//! `fetch` anything, and ES modules, workers and WASM are blocked or absent
//! there too. A classic `<script src>` works everywhere, under any sub-path.
//!
//! # The format (version 2)
//!
//! Each index file pushes one *part* onto a global queue, whatever the load
//! order: `(window.briefSearch = window.briefSearch || []).push({...})`.
//! Every part has `v` (this version) and `lang`. A language's *manifest*
//! (`assets/search-index.<lang>.js`, loaded by the search page) holds:
//!
//! - the documents, either inline as `docs` or split as `docShards`;
//! - the terms, either inline as `terms` or split as `termShards`;
//! - `dir`, when anything is split: the shards' folder from the output root
//!   (`assets/search/<lang>/`), holding `d<i>.js` and `t<i>.js`.
//!
//! `docs` are the results, in model order (newest brief first, then
//! people): `k` kind, `u` href relative to the language root (with its
//! `#anchor`), `t` title, `b` body text (for the snippet), optional `p` the
//! parent brief's doc number, `c` a context line, `d` a date.
//! `docShards` lists where each document shard starts, as gaps (the first
//! is 0): shard `i` pushes `{v, lang, docShard: i, docs}` with the documents
//! from its start to the next shard's. A shard never separates a brief from
//! its sections, so a result's parent is always in its shard.
//!
//! `terms` maps each term to its postings, encoded as text (see
//! [`postings`]: document gaps, weights, and the title's length where the
//! term is in the title). `termShards` lists the first term of each term
//! shard, in JavaScript's string order: shard `i` pushes
//! `{v, lang, termShard: i, terms}` with every term from its first term up
//! to the next shard's. A term is in the last shard whose first term is not
//! after it; the terms a word prefix matches are in a run of shards.
//!
//! So one query loads the manifest (a few KB to a few tens of KB), the term
//! shards its terms fall in, and the document shards of the results it
//! shows; sizes and the switch from inline to split are in [`shard`].
//!
//! Terms come from [`tokenize`]; weights rank title and name matches above
//! body matches ([`docs`]).

pub mod docs;
pub mod json;
pub mod postings;
pub mod shard;
mod terms;
pub mod tokenize;

use rayon::prelude::*;
use serde::Serialize;

use crate::content::markdown::TextSection;
use crate::content::model::Lang;
use crate::content::site::{Brief, Site};
use crate::diagnostic::Diagnostic;
use crate::site::links;

/// The search engine run in the browser (tokenizer, ranking, snippets).
pub const SEARCH_JS: &str = include_str!("search.js");

/// Bumped when the format changes, so an old engine never misreads an index.
pub const FORMAT_VERSION: u32 = 2;

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Doc {
    #[serde(rename = "k")]
    pub kind: &'static str,
    #[serde(rename = "u")]
    pub href: String,
    #[serde(rename = "t")]
    pub title: String,
    #[serde(rename = "b")]
    pub body: String,
    #[serde(rename = "p", skip_serializing_if = "Option::is_none")]
    pub parent: Option<u32>,
    #[serde(rename = "c", skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
    #[serde(rename = "d", skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// Why the index was not written.
#[derive(Debug)]
pub enum IndexFailure {
    /// A narrative, read again for its text, changed since it was loaded.
    Content(Diagnostic),
    /// The sink failed.
    Io(std::io::Error),
}

/// Writes the index of every language and the engine through `sink`, the
/// languages in parallel, each file as soon as it is made: document shards
/// while the documents are built, then term shards and the manifest. So a
/// large site's index is never held in memory whole, only its terms'
/// postings (tens of MB per language at 10,000 briefs). Returns how many
/// files. Each narrative is read for its text here; a build instead hands
/// the text its brief pages read to an [`IndexWriter`] per language.
pub fn write_search_files(
    site: &Site,
    sink: &(dyn Fn(String, Vec<u8>) -> std::io::Result<()> + Sync),
) -> Result<usize, IndexFailure> {
    let written = site
        .languages()
        .into_par_iter()
        .map(|lang| {
            let files = shard::Writer::new(lang, shard::LIMITS, sink);
            let (files, terms) = docs::build(site, lang, files).map_err(IndexFailure::Content)?;
            files.finish(terms).map_err(IndexFailure::Io)
        })
        .try_reduce(|| 0, |a, b| Ok(a + b))?;
    Ok(written + write_engine(sink).map_err(IndexFailure::Io)?)
}

/// Writes the engine (`search.js`), which every language's index shares.
pub fn write_engine(sink: &dyn Fn(String, Vec<u8>) -> std::io::Result<()>) -> std::io::Result<usize> {
    sink(links::SEARCH_SCRIPT.to_string(), SEARCH_JS.as_bytes().to_vec())?;
    Ok(1)
}

impl docs::DocSink for shard::Writer<'_> {
    fn take(&mut self, doc: Doc) -> bool {
        self.push_doc(&doc);
        !self.failed()
    }
}

/// One language's index written as its briefs come, in model order, each
/// with its narrative's text ([`Self::brief`]); files go to the sink as
/// they are made, the term shards and the manifest at [`Self::finish`].
/// The same site gives the same files as [`write_search_files`].
pub struct IndexWriter<'s> {
    docs: docs::Builder<'s, shard::Writer<'s>>,
}

impl<'s> IndexWriter<'s> {
    pub fn new(site: &'s Site, lang: Lang, sink: &'s (dyn Fn(String, Vec<u8>) -> std::io::Result<()> + Sync)) -> Self {
        IndexWriter { docs: docs::Builder::new(site, lang, shard::Writer::new(lang, shard::LIMITS, sink)) }
    }

    /// Whether the sink failed (nothing more will be written).
    pub fn failed(&self) -> bool {
        self.docs.stopped()
    }

    /// The next brief and the text of the narrative its page shows in this
    /// language (see [`docs::Builder::brief`]).
    pub fn brief(&mut self, brief: &Brief, sections: &[TextSection]) {
        self.docs.brief(brief, sections);
    }

    /// The people and organisations, the term shards and the manifest;
    /// how many files were written in all, or the sink's first error.
    pub fn finish(self) -> std::io::Result<usize> {
        let (files, terms) = self.docs.finish();
        files.finish(terms)
    }
}
