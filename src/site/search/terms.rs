//! A language's term table for the index: each term gets a number the
//! first time it is met, so an occurrence costs one hash lookup and no
//! allocation; per number, the term's postings so far and what it was in
//! the document being indexed.

use std::collections::HashMap;

use crate::fxhash::Fx;
use crate::site::search::docs::TITLE;
use crate::site::search::postings::{Encoder, Posting};
use crate::site::search::tokenize::{HanTerm, Token, each_token};

/// What a term was in the current document.
#[derive(Clone, Copy, Default)]
struct Seen {
    /// The document number plus one (0: not seen yet).
    doc: u32,
    /// The best weight of the term there.
    weight: u32,
    /// Whether the term is in the displayed title.
    in_title: bool,
}

/// A language's terms, each given a number the first time it is met: a
/// word is looked up by its text (packed in a number when short), a Han
/// term by its [`HanTerm`] number, so each occurrence costs one hash lookup
/// and no allocation. Per number: the
/// postings so far and what the term was in the current document.
#[derive(Default)]
pub(super) struct Terms {
    /// Words of up to 8 bytes, packed in a number (see [`short_word`]).
    short: HashMap<u64, u32, Fx>,
    words: HashMap<String, u32, Fx>,
    han: HashMap<HanTerm, u32, Fx>,
    postings: Vec<Encoder>,
    seen: Vec<Seen>,
    /// The numbers of the current document's terms, each once.
    current: Vec<u32>,
}

impl Terms {
    fn number(&mut self, token: Token<'_>) -> u32 {
        let next = u32::try_from(self.postings.len()).expect("fewer than 4 billion terms");
        // Looked up first, inserted on a miss: `entry` would make room for
        // an insertion on every call, and most calls find the term.
        let n = match token {
            Token::Word(w) if w.len() <= 8 => {
                let key = short_word(w);
                match self.short.get(&key) {
                    Some(n) => *n,
                    None => *self.short.entry(key).or_insert(next),
                }
            }
            Token::Word(w) => match self.words.get(w) {
                Some(n) => *n,
                None => *self.words.entry(w.to_string()).or_insert(next),
            },
            Token::Han(h) => match self.han.get(&h) {
                Some(n) => *n,
                None => *self.han.entry(h).or_insert(next),
            },
        };
        if n == next {
            self.postings.push(Encoder::default());
            self.seen.push(Seen::default());
        }
        n
    }

    /// Notes every term of `text` in document `doc` with `weight`.
    pub(super) fn see(&mut self, text: &str, doc: u32, weight: u32, in_title: bool) {
        each_token(text, |token| {
            let n = self.number(token);
            let seen = &mut self.seen[n as usize];
            if seen.doc != doc + 1 {
                *seen = Seen { doc: doc + 1, weight, in_title };
                self.current.push(n);
            } else {
                seen.weight = seen.weight.max(weight);
                seen.in_title |= in_title;
            }
        });
    }

    /// Appends document `doc`'s postings: its best weight for each of its
    /// terms, with the title's length where the term is in the title.
    pub(super) fn post(&mut self, doc: u32, title_len: u32) {
        for n in self.current.drain(..) {
            let seen = self.seen[n as usize];
            let title_len = (seen.weight == TITLE && seen.in_title).then_some(title_len);
            self.postings[n as usize].push(Posting { doc, weight: seen.weight, title_len });
        }
    }

    /// Every term with its encoded postings, in no particular order.
    pub(super) fn finish(mut self) -> Vec<(String, String)> {
        let mut take = |n: u32| self.postings[n as usize].take_text();
        let mut out: Vec<(String, String)> = Vec::with_capacity(self.seen.len());
        for (key, n) in self.short {
            let bytes = key.to_le_bytes();
            let len = bytes.iter().position(|b| *b == 0).unwrap_or(8);
            out.push((std::str::from_utf8(&bytes[..len]).expect("a word").to_string(), take(n)));
        }
        for (word, n) in self.words {
            out.push((word, take(n)));
        }
        let mut buf = [0u8; 8];
        for (h, n) in self.han {
            out.push((h.text(&mut buf).to_string(), take(n)));
        }
        out
    }
}

/// A word of up to 8 bytes as one number, its bytes in order from the low
/// end and zeros after: a word has no zero byte (UTF-8 puts none in a
/// letter or digit), so different words are different numbers.
fn short_word(w: &str) -> u64 {
    // Byte by byte: a copy of a length only known here would be a call.
    w.bytes().rev().fold(0, |key, b| key << 8 | u64::from(b))
}
