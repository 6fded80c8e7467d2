//! Splitting a language's index into files loaded on demand: term shards
//! (consecutive ranges of the sorted terms) and document shards
//! (consecutive ranges of document numbers, never splitting a brief from
//! its sections). A table small enough stays in the manifest instead.
//!
//! Both splits are one greedy pass over items in order: a shard takes the
//! next item while it stays under the target size, or when it is empty (so
//! an item larger than the target gets a shard of its own). Every item is in
//! exactly one shard, the shards are in order, and the same index always
//! gives the same files.
//!
//! Both are also written as they are made ([`Writer`]), so a language's
//! documents and serialized copies of them are never held whole. Documents
//! come one at a time, each serialized once into its group; since the cut is
//! greedy and in order, a shard is complete as soon as the next group would
//! not fit, and is written then, once the documents are known to be too
//! many to stay in the manifest (until then the few complete shards wait).
//! Terms come sorted at the end, with their postings: each shard's members
//! are serialized straight into its file, and the manifest is written last.
//! A test holds the streamed files to the batch cut, byte for byte.

use std::io::Write as _;

use crate::content::model::Lang;
use crate::site::links;
use crate::site::search::{Doc, FORMAT_VERSION};

/// Target sizes and the sizes up to which a table stays in the manifest.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// A term shard's target size in bytes of JSON.
    pub term_shard: usize,
    /// A document shard's target size.
    pub doc_shard: usize,
    /// Terms stay in the manifest up to this size in all.
    pub inline_terms: usize,
    /// Documents stay in the manifest up to this size in all.
    pub inline_docs: usize,
}

/// What `brief build` uses. A query needs the manifest, one term shard per
/// term (more only for a short prefix such as `t`) and the document shards
/// of the results it shows (10 at a time, see `search.js`): about 1 MB at
/// most at 10,000 briefs. The shipped example stays one file per language.
pub const LIMITS: Limits =
    Limits { term_shard: 64 * 1024, doc_shard: 24 * 1024, inline_terms: 96 * 1024, inline_docs: 96 * 1024 };

/// The start of each shard, for items of the given sizes that may start a
/// shard only where `can_start` is true (the first item always starts one).
pub fn cut(items: impl IntoIterator<Item = (usize, bool)>, target: usize) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut size = 0;
    for (i, (item, can_start)) in items.into_iter().enumerate() {
        if i == 0 || (can_start && size > 0 && size + item > target) {
            starts.push(i);
            size = 0;
        }
        size += item;
    }
    starts
}

/// JSON is a JavaScript expression except for these two line separators in
/// older engines; escape them so every engine parses the file. `<` is
/// escaped too, so the script stays inert even if a page inlines it
/// (`</script>` or `<!--` in a title cannot end or hide the element).
fn js_safe(json: String) -> String {
    if json.contains(['\u{2028}', '\u{2029}', '<']) {
        json.replace('\u{2028}', "\\u2028").replace('\u{2029}', "\\u2029").replace('<', "\\u003c")
    } else {
        json
    }
}

/// Appends `doc`'s JSON to `out`, made [`js_safe`].
fn push_doc_json(out: &mut Vec<u8>, doc: &Doc) {
    let start = out.len();
    serde_json::to_writer(&mut *out, doc).expect("a doc serializes");
    if needs_js_escape(&out[start..]) {
        let json = String::from_utf8(out.split_off(start)).expect("JSON is UTF-8");
        out.extend_from_slice(js_safe(json).as_bytes());
    }
}

/// Whether [`js_safe`] changes `json`: `<` is one byte, U+2028 and U+2029
/// are E2 80 A8 and E2 80 A9. Looked for in blocks without stopping, so the
/// scan of a long body runs on whole words of bytes.
fn needs_js_escape(json: &[u8]) -> bool {
    const BLOCK: usize = 64;
    json.chunks(BLOCK).enumerate().any(|(n, block)| {
        block.iter().fold(false, |hit, b| hit | (*b == b'<') | (*b == 0xE2))
            && json[n * BLOCK..].iter().take(BLOCK).enumerate().any(|(i, b)| {
                let at = n * BLOCK + i;
                *b == b'<'
                    || (*b == 0xE2 && json.get(at + 1) == Some(&0x80) && matches!(json.get(at + 2), Some(0xA8 | 0xA9)))
            })
    })
}

/// Appends `s` as a JSON string.
fn push_json_str(out: &mut Vec<u8>, s: &str) {
    if needs_escape(s) {
        serde_json::to_writer(out, s).expect("a string serializes");
    } else {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    }
}

/// The length of `s` as a JSON string.
fn json_str_len(s: &str) -> usize {
    if needs_escape(s) { serde_json::to_string(s).expect("a string serializes").len() } else { s.len() + 2 }
}

/// Whether JSON escapes anything in `s` (terms, being letters and digits, never).
fn needs_escape(s: &str) -> bool {
    s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\')
}

/// The size of a term as a JSON object member, `"term":"postings"`.
fn term_member_len(term: &str, postings: &str) -> usize {
    json_str_len(term) + 3 + postings.len()
}

/// Appends a term as a JSON object member, `"term":"postings"`.
fn push_term_member(out: &mut Vec<u8>, term: &str, postings: &str) {
    push_json_str(out, term);
    out.extend_from_slice(b":\"");
    out.extend_from_slice(postings.as_bytes());
    out.push(b'"');
}

/// A classic script that pushes `json` onto `window.briefSearch`.
pub fn part_script(lang: Lang, what: &str, json: &str) -> String {
    String::from_utf8(script(lang, what, &[json.as_bytes()])).expect("UTF-8 in, UTF-8 out")
}

/// [`part_script`] of the JSON made of `pieces`, written into one buffer.
fn script(lang: Lang, what: &str, pieces: &[&[u8]]) -> Vec<u8> {
    let head = format!(
        "/* brief search index ({lang}, {what}), format {v}: generated by `brief build`, do not edit. */\n\
         (window.briefSearch = window.briefSearch || []).push(",
        lang = lang.code(),
        v = FORMAT_VERSION,
    );
    let tail = b");\n";
    let mut out = Vec::with_capacity(head.len() + pieces.iter().map(|p| p.len()).sum::<usize>() + tail.len());
    out.extend_from_slice(head.as_bytes());
    pieces.iter().for_each(|p| out.extend_from_slice(p));
    out.extend_from_slice(tail);
    out
}

/// Sorts terms in the order JavaScript compares strings (UTF-16 code
/// units), which differs from Rust's only for characters beyond U+FFFF.
fn sort_in_js_order(terms: &mut [(String, String)]) {
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    if terms.iter().any(|(t, _)| t.chars().any(|c| c > '\u{FFFF}')) {
        terms.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    }
}

/// Document shards cut as the documents come. The cut is [`cut`] over
/// groups (a brief and its sections; a person), a group's size known when
/// the next one starts: a shard is complete when the next group would take
/// it over the target. While all documents so far would still fit in the
/// manifest, complete shards are held; once they cannot, the held shards and
/// every later one are written at once, so at most one shard of documents
/// (or the manifest's worth) is ever in memory.
struct DocShards {
    target: usize,
    inline: usize,
    /// Documents so far, and their size: each one's JSON and a comma.
    count: usize,
    total: usize,
    /// The open group's documents, comma-separated, and its first document.
    group: Vec<u8>,
    group_first: usize,
    /// The open shard's complete groups, comma-separated, and its size.
    shard: Vec<u8>,
    shard_size: usize,
    /// Each shard's first document (the open shard's included).
    starts: Vec<usize>,
    /// Complete shards not handed over yet.
    held: Vec<Vec<u8>>,
}

impl DocShards {
    fn new(limits: Limits) -> Self {
        DocShards {
            target: limits.doc_shard,
            inline: limits.inline_docs,
            count: 0,
            total: 0,
            group: Vec::new(),
            group_first: 0,
            shard: Vec::new(),
            shard_size: 0,
            starts: Vec::new(),
            held: Vec::new(),
        }
    }

    /// Adds a document; a document without a parent starts a group. Returns
    /// the shards that are complete and can be written now, in order.
    fn push(&mut self, doc: &Doc) -> Vec<Vec<u8>> {
        let mut ready = Vec::new();
        if doc.parent.is_none() && !self.group.is_empty() {
            self.close_group(&mut ready);
        }
        if self.group.is_empty() {
            self.group_first = self.count;
        } else {
            self.group.push(b',');
        }
        let before = self.group.len();
        push_doc_json(&mut self.group, doc);
        self.total += self.group.len() - before + 1;
        self.count += 1;
        self.release(&mut ready);
        ready
    }

    /// Ends the open group: into the open shard, or into a new one when it
    /// would take the open shard over the target.
    fn close_group(&mut self, ready: &mut Vec<Vec<u8>>) {
        let size = self.group.len() + 1;
        if self.shard_size > 0 && self.shard_size + size > self.target {
            self.held.push(std::mem::take(&mut self.shard));
            self.shard_size = 0;
            self.release(ready);
        }
        if self.shard_size == 0 {
            self.starts.push(self.group_first);
        } else {
            self.shard.push(b',');
        }
        self.shard.append(&mut self.group);
        self.shard_size += size;
    }

    /// Hands over the held shards once the documents cannot be inline.
    fn release(&mut self, ready: &mut Vec<Vec<u8>>) {
        if self.total > self.inline && !self.held.is_empty() {
            ready.append(&mut self.held);
        }
    }

    /// Ends the documents: inline in the manifest, or the last shards.
    fn finish(mut self) -> DocsEnd {
        let mut ready = Vec::new();
        if !self.group.is_empty() {
            self.close_group(&mut ready);
        }
        if self.total <= self.inline {
            let mut docs = Vec::with_capacity(self.total);
            for part in self.held.iter().chain([&self.shard]).filter(|p| !p.is_empty()) {
                if !docs.is_empty() {
                    docs.push(b',');
                }
                docs.extend_from_slice(part);
            }
            return DocsEnd::Inline(docs);
        }
        if self.shard_size > 0 {
            self.held.push(std::mem::take(&mut self.shard));
        }
        self.release(&mut ready);
        DocsEnd::Split { last: ready, starts: self.starts }
    }
}

/// How a language's documents end up.
enum DocsEnd {
    /// In the manifest: the contents of its `docs` array.
    Inline(Vec<u8>),
    /// In shards: the ones still to write, and where each shard starts.
    Split { last: Vec<Vec<u8>>, starts: Vec<usize> },
}

/// One language's index files, handed to a sink as they are made: document
/// shards while the documents come ([`Self::push_doc`]), then the term
/// shards and the manifest ([`Self::finish`]), at
/// [`links::search_shard_dir`] and [`links::search_index`].
pub struct Writer<'s> {
    lang: Lang,
    limits: Limits,
    dir: String,
    sink: &'s (dyn Fn(String, Vec<u8>) -> std::io::Result<()> + Sync),
    docs: DocShards,
    /// Document shards handed to the sink, and how many files in all.
    doc_shards: usize,
    files: usize,
    /// The sink's first error; nothing is written after it.
    error: Option<std::io::Error>,
}

impl<'s> Writer<'s> {
    pub fn new(lang: Lang, limits: Limits, sink: &'s (dyn Fn(String, Vec<u8>) -> std::io::Result<()> + Sync)) -> Self {
        let dir = links::search_shard_dir(lang);
        Writer { lang, limits, dir, sink, docs: DocShards::new(limits), doc_shards: 0, files: 0, error: None }
    }

    fn emit(&mut self, path: String, bytes: Vec<u8>) {
        if self.error.is_none() {
            match (self.sink)(path, bytes) {
                Ok(()) => self.files += 1,
                Err(e) => self.error = Some(e),
            }
        }
    }

    fn emit_doc_shards(&mut self, shards: Vec<Vec<u8>>) {
        for body in shards {
            let i = self.doc_shards;
            self.doc_shards += 1;
            let head =
                format!("{{\"v\":{FORMAT_VERSION},\"lang\":\"{}\",\"docShard\":{i},\"docs\":[", self.lang.code());
            let bytes = script(self.lang, &format!("documents {i}"), &[head.as_bytes(), &body, b"]}"]);
            self.emit(format!("{}d{i}.js", self.dir), bytes);
        }
    }

    /// Whether the sink failed (nothing more will be written).
    pub fn failed(&self) -> bool {
        self.error.is_some()
    }

    /// The next document, in document order.
    pub fn push_doc(&mut self, doc: &Doc) {
        let ready = self.docs.push(doc);
        self.emit_doc_shards(ready);
    }

    /// Writes the term shards and the manifest; returns how many files were
    /// written in all, or the sink's first error.
    pub fn finish(mut self, mut terms: Vec<(String, String)>) -> std::io::Result<usize> {
        let lang = self.lang;
        let mut manifest = format!("{{\"v\":{FORMAT_VERSION},\"lang\":\"{}\"", lang.code()).into_bytes();
        let mut sharded = false;

        // Documents: a shard starts only at a document without a parent, so
        // a result's brief is always in its shard.
        match std::mem::replace(&mut self.docs, DocShards::new(self.limits)).finish() {
            DocsEnd::Inline(docs) => {
                manifest.extend_from_slice(b",\"docs\":[");
                manifest.extend_from_slice(&docs);
                manifest.push(b']');
            }
            DocsEnd::Split { last, starts } => {
                sharded = true;
                self.emit_doc_shards(last);
                let gaps: Vec<String> =
                    starts.iter().scan(0, |last, s| Some((s - std::mem::replace(last, *s)).to_string())).collect();
                let _ = write!(manifest, ",\"docShards\":[{}]", gaps.join(","));
            }
        }

        // Terms: in JavaScript's order, so the browser finds a term's shard
        // by comparing it with each shard's first term. Each is serialized
        // once, into its shard, and dropped as its shard is written.
        sort_in_js_order(&mut terms);
        let sizes: Vec<usize> = terms.iter().map(|(t, p)| term_member_len(t, p) + 1).collect();
        let total: usize = sizes.iter().sum();
        if total <= self.limits.inline_terms {
            manifest.extend_from_slice(b",\"terms\":{");
            for (n, (t, p)) in terms.iter().enumerate() {
                if n > 0 {
                    manifest.push(b',');
                }
                push_term_member(&mut manifest, t, p);
            }
            manifest.push(b'}');
        } else {
            sharded = true;
            let starts = cut(sizes.iter().map(|s| (*s, true)), self.limits.term_shard);
            manifest.extend_from_slice(b",\"termShards\":[");
            for (n, s) in starts.iter().enumerate() {
                if n > 0 {
                    manifest.push(b',');
                }
                push_json_str(&mut manifest, &terms[*s].0);
            }
            manifest.push(b']');
            let mut terms = terms.into_iter();
            for (i, range) in ranges(&starts, sizes.len()).enumerate() {
                let mut body = Vec::with_capacity(sizes[range.clone()].iter().sum());
                for (n, (t, p)) in terms.by_ref().take(range.len()).enumerate() {
                    if n > 0 {
                        body.push(b',');
                    }
                    push_term_member(&mut body, &t, &p);
                }
                let head =
                    format!("{{\"v\":{FORMAT_VERSION},\"lang\":\"{}\",\"termShard\":{i},\"terms\":{{", lang.code());
                let bytes = script(lang, &format!("terms {i}"), &[head.as_bytes(), &body, b"}}"]);
                self.emit(format!("{}t{i}.js", self.dir), bytes);
            }
        }
        if sharded {
            manifest.extend_from_slice(b",\"dir\":");
            push_json_str(&mut manifest, &self.dir);
        }
        manifest.push(b'}');
        let manifest = script(lang, "manifest", &[&manifest]);
        self.emit(links::search_index(lang), manifest);
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.files),
        }
    }
}

/// The index ranges of shards that start at `starts`, over `len` items.
fn ranges(starts: &[usize], len: usize) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    starts.iter().enumerate().map(move |(i, s)| *s..starts.get(i + 1).copied().unwrap_or(len))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn rng(seed: u64) -> impl FnMut() -> usize {
        let mut x = seed;
        move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % 1000) as usize
        }
    }

    #[test]
    fn every_item_is_in_exactly_one_shard_within_the_bound() {
        for seed in 1..50u64 {
            let mut next = rng(seed);
            let items: Vec<(usize, bool)> =
                (0..500).map(|_| (1 + next() * next() / 200, !next().is_multiple_of(3))).collect();
            let target = 2000;
            let starts = cut(items.iter().copied(), target);
            assert_eq!(starts, cut(items.iter().copied(), target), "deterministic");
            assert_eq!(starts[0], 0);
            assert!(starts.windows(2).all(|w| w[0] < w[1]), "in order, none empty");
            let covered: Vec<usize> = ranges(&starts, items.len()).flatten().collect();
            assert_eq!(covered, (0..items.len()).collect::<Vec<_>>(), "each item once");
            for range in ranges(&starts, items.len()) {
                assert!(range.start == 0 || items[range.start].1, "a shard starts where it may");
                // A shard goes over the target only with items that could
                // not start one: each item that could was taken while the
                // shard stayed within the target.
                for j in range.clone().skip(1).filter(|j| items[*j].1) {
                    let size: usize = items[range.start..=j].iter().map(|i| i.0).sum();
                    assert!(size <= target, "{size} at {j} in {range:?}");
                }
                // And it is full: the next shard's first item did not fit.
                if range.end < items.len() {
                    let size: usize = items[range.start..=range.end].iter().map(|i| i.0).sum();
                    assert!(size > target);
                }
            }
        }
    }

    #[test]
    fn a_large_item_gets_a_shard_of_its_own() {
        let items = [(10, true), (5000, true), (10, true), (10, true)];
        assert_eq!(cut(items, 100), [0, 1, 2]);
        assert_eq!(cut([(10, true), (10, false), (10, true)], 15), [0, 2]);
        assert!(cut(std::iter::empty(), 100).is_empty());
    }

    #[test]
    fn terms_sort_as_javascript_compares_them() {
        let mut terms: Vec<(String, String)> =
            ["\u{F900}", "b", "\u{20000}", "a"].iter().map(|t| (t.to_string(), String::new())).collect();
        sort_in_js_order(&mut terms);
        let order: Vec<String> = terms.into_iter().map(|(t, _)| t).collect();
        assert_eq!(order, ["a", "b", "\u{20000}", "\u{F900}"]);
    }

    /// The files as they were made before streaming: every document and
    /// term serialized first, then cut with [`cut`] (the reference).
    fn batch_files(
        docs: &[Doc],
        terms: &BTreeMap<String, String>,
        lang: Lang,
        limits: Limits,
    ) -> Vec<(String, Vec<u8>)> {
        let dir = links::search_shard_dir(lang);
        let mut files = Vec::new();
        let mut manifest = format!("{{\"v\":{FORMAT_VERSION},\"lang\":\"{}\"", lang.code());
        let mut sharded = false;
        let group_starts: Vec<bool> = docs.iter().map(|d| d.parent.is_none()).collect();
        let docs: Vec<String> = docs.iter().map(|d| js_safe(serde_json::to_string(d).unwrap())).collect();
        let total: usize = docs.iter().map(|d| d.len() + 1).sum();
        if total <= limits.inline_docs {
            manifest += &format!(",\"docs\":[{}]", docs.join(","));
        } else {
            sharded = true;
            let mut groups: Vec<(usize, usize)> = Vec::new();
            for (n, (d, starts_group)) in docs.iter().zip(&group_starts).enumerate() {
                match groups.last_mut() {
                    Some(group) if !starts_group => group.1 += d.len() + 1,
                    _ => groups.push((n, d.len() + 1)),
                }
            }
            let starts: Vec<usize> =
                cut(groups.iter().map(|g| (g.1, true)), limits.doc_shard).into_iter().map(|g| groups[g].0).collect();
            let gaps: Vec<String> =
                starts.iter().scan(0, |last, s| Some((s - std::mem::replace(last, *s)).to_string())).collect();
            manifest += &format!(",\"docShards\":[{}]", gaps.join(","));
            for (i, range) in ranges(&starts, docs.len()).enumerate() {
                let json = format!(
                    "{{\"v\":{FORMAT_VERSION},\"lang\":\"{}\",\"docShard\":{i},\"docs\":[{}]}}",
                    lang.code(),
                    docs[range].join(",")
                );
                files.push((format!("{dir}d{i}.js"), part_script(lang, &format!("documents {i}"), &json).into_bytes()));
            }
        }
        let mut terms: Vec<(&String, &String)> = terms.iter().collect();
        if terms.iter().any(|(t, _)| t.chars().any(|c| c > '\u{FFFF}')) {
            terms.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
        }
        let member = |t: &str, p: &str| format!("{}:\"{p}\"", serde_json::to_string(t).unwrap());
        let members: Vec<String> = terms.iter().map(|(t, p)| member(t, p)).collect();
        let total: usize = members.iter().map(|m| m.len() + 1).sum();
        if total <= limits.inline_terms {
            manifest += &format!(",\"terms\":{{{}}}", members.join(","));
        } else {
            sharded = true;
            let starts = cut(members.iter().map(|m| (m.len() + 1, true)), limits.term_shard);
            let firsts: Vec<String> = starts.iter().map(|s| serde_json::to_string(terms[*s].0).unwrap()).collect();
            manifest += &format!(",\"termShards\":[{}]", firsts.join(","));
            for (i, range) in ranges(&starts, members.len()).enumerate() {
                let json = format!(
                    "{{\"v\":{FORMAT_VERSION},\"lang\":\"{}\",\"termShard\":{i},\"terms\":{{{}}}}}",
                    lang.code(),
                    members[range].join(",")
                );
                files.push((format!("{dir}t{i}.js"), part_script(lang, &format!("terms {i}"), &json).into_bytes()));
            }
        }
        if sharded {
            manifest += &format!(",\"dir\":{}", serde_json::to_string(&dir).unwrap());
        }
        manifest.push('}');
        files.push((links::search_index(lang), part_script(lang, "manifest", &manifest).into_bytes()));
        files
    }

    fn streamed_files(
        docs: &[Doc],
        terms: &BTreeMap<String, String>,
        lang: Lang,
        limits: Limits,
    ) -> Vec<(String, Vec<u8>)> {
        let files = std::sync::Mutex::new(Vec::new());
        let sink = |path: String, bytes: Vec<u8>| {
            files.lock().unwrap().push((path, bytes));
            Ok(())
        };
        let mut writer = Writer::new(lang, limits, &sink);
        docs.iter().for_each(|d| writer.push_doc(d));
        let n = writer.finish(terms.iter().map(|(t, p)| (t.clone(), p.clone())).collect()).unwrap();
        let mut files = files.into_inner().unwrap();
        assert_eq!(n, files.len());
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    }

    #[test]
    fn the_escape_scan_finds_what_js_safe_changes() {
        let mut next = rng(7);
        let pieces = ["a", "<", "\u{2028}", "\u{2029}", "\u{2027}", "—", "“", "特", " "];
        for _ in 0..3000 {
            let json: String = (0..next() % 200).map(|_| pieces[next() % pieces.len()]).collect();
            let changed = js_safe(json.clone()) != json;
            assert_eq!(needs_js_escape(json.as_bytes()), changed, "{json:?}");
        }
    }

    #[test]
    fn streamed_files_equal_the_batch_cut() {
        let (mut doc_shards, mut term_shards) = (0, 0);
        let words = ["a", "b1", "特朗", "\u{20000}x", "\u{FF21}", "zz", "é", "〇"];
        for seed in 1..60u64 {
            let mut next = rng(seed);
            let lang = if seed % 2 == 0 { Lang::En } else { Lang::Zh };
            let docs: Vec<Doc> = (0..next() % 120)
                .map(|n| Doc {
                    kind: "brief",
                    href: format!("briefs/{n}/index.html"),
                    title: "t<i>\u{2028}—".repeat(next() % 3),
                    body: "word ".repeat(next() * next() / 500),
                    parent: (!next().is_multiple_of(4)).then_some(0),
                    context: next().is_multiple_of(5).then(|| "c\u{2029}".to_string()),
                    date: None,
                })
                .collect();
            let terms: BTreeMap<String, String> = (0..next() % 400)
                .map(|n| (format!("{}{n}", words[n % words.len()]), "AB".repeat(next() % 40)))
                .collect();
            let scale = 1 + next() % 40;
            let limits = Limits {
                term_shard: 50 * scale,
                doc_shard: 100 * scale,
                inline_terms: next() * 20,
                inline_docs: next() * 200,
            };
            let mut batch = batch_files(&docs, &terms, lang, limits);
            batch.sort_by(|a, b| a.0.cmp(&b.0));
            let streamed = streamed_files(&docs, &terms, lang, limits);
            assert_eq!(batch.len(), streamed.len(), "seed {seed}");
            for (a, b) in batch.iter().zip(&streamed) {
                assert_eq!(a.0, b.0, "seed {seed}");
                assert!(a.1 == b.1, "seed {seed}: {} differs", a.0);
            }
            doc_shards += usize::from(streamed.iter().any(|f| f.0.ends_with("/d1.js")));
            term_shards += usize::from(streamed.iter().any(|f| f.0.ends_with("/t1.js")));
        }
        // Both ways, inline and split, are tried for both tables.
        assert!((5..55).contains(&doc_shards) && (5..55).contains(&term_shards), "{doc_shards} {term_shards}");
    }

    #[test]
    fn a_sink_error_is_returned_and_stops_the_writing() {
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let sink = |_: String, _: Vec<u8>| {
            calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Err(std::io::Error::other("disk full"))
        };
        let limits = Limits { term_shard: 10, doc_shard: 10, inline_terms: 0, inline_docs: 0 };
        let mut writer = Writer::new(Lang::En, limits, &sink);
        for n in 0..5 {
            let href = format!("people/{n}/index.html");
            writer.push_doc(&Doc {
                kind: "person",
                href,
                title: "x".into(),
                body: String::new(),
                parent: None,
                context: None,
                date: None,
            });
        }
        assert!(writer.finish(vec![("a".into(), "A".into()), ("b".into(), "B".into())]).is_err());
        assert_eq!(calls.load(std::sync::atomic::Ordering::Relaxed), 1);
    }
}
