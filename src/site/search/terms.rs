//! A language's term table for the index: each term gets a number the
//! first time it is met, so an occurrence costs one hash lookup and no
//! allocation; per number, the term's postings so far and what it was in
//! the document being indexed.

use std::collections::HashMap;

use crate::fxhash::Fx;
use crate::site::search::docs::TITLE;
use crate::site::search::postings::{Encoder, Posting};
use crate::site::search::tokenize::{HanTerm, Token, TokenSink, each_token};

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
    /// Words of up to 16 bytes, packed in a number (see [`short_word`]).
    short: HashMap<u128, u32, Fx>,
    words: HashMap<String, u32, Fx>,
    han: HashMap<HanTerm, u32, Fx>,
    postings: Vec<Encoder>,
    seen: Vec<Seen>,
    /// The numbers of the current document's terms, each once.
    current: Vec<u32>,
    /// The last number found for a short word or a Han term, in front of
    /// their maps (see [`Recent`]).
    recent_short: Recent<u128>,
    recent_han: Recent<HanTerm>,
}

/// Recently looked-up keys and their numbers, one per slot, the slot picked
/// by the key's hash: a hit costs one multiplication and one comparison
/// where the map costs a probe. Prose repeats its words, so most lookups
/// hit. The default key marks an empty slot (no short word or Han term
/// is 0).
struct Recent<K>(Box<[(K, u32)]>);

impl<K: Copy + Default> Default for Recent<K> {
    fn default() -> Self {
        Recent(vec![(K::default(), 0); 1 << RECENT_BITS].into_boxed_slice())
    }
}

const RECENT_BITS: u32 = 12;

/// The slot of a key whose bits are mixed into `mix`.
fn recent_slot(mix: u64) -> usize {
    (mix.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - RECENT_BITS)) as usize
}

impl<K: Copy + Eq> Recent<K> {
    /// The number remembered for `key` (in the slot of `mix`), or the
    /// map's (remembered then).
    #[inline]
    fn number(&mut self, key: K, mix: u64, map: impl FnOnce() -> u32) -> u32 {
        let slot = &mut self.0[recent_slot(mix)];
        if slot.0 != key {
            *slot = (key, map());
        }
        slot.1
    }
}

impl Terms {
    /// The term's number. Inlined where the tokenizer finds a term (see
    /// [`Seeing`]); a miss in the recent keys goes to the maps, out of line.
    #[inline(always)]
    fn number(&mut self, token: Token<'_>) -> u32 {
        let next = u32::try_from(self.postings.len()).expect("fewer than 4 billion terms");
        let n = match token {
            Token::Word(w) if w.len() <= 16 => {
                let (key, short) = (short_word(w), &mut self.short);
                let mix = key as u64 ^ (key >> 64) as u64;
                self.recent_short.number(key, mix, || find_or_add(short, key, next))
            }
            Token::Word(w) => long_word(&mut self.words, w, next),
            Token::Han(h) => {
                let han = &mut self.han;
                self.recent_han.number(h, h.0, || find_or_add(han, h, next))
            }
        };
        if n == next {
            self.add();
        }
        n
    }

    /// Room for a new term's postings and what it was in a document.
    #[cold]
    #[inline(never)]
    fn add(&mut self) {
        self.postings.push(Encoder::default());
        self.seen.push(Seen::default());
    }

    /// Notes every term of `text` in document `doc` with `weight`.
    pub(super) fn see(&mut self, text: &str, doc: u32, weight: u32, in_title: bool) {
        each_token(text, Seeing { terms: self, doc, weight, in_title });
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
            let len = bytes.iter().position(|b| *b == 0).unwrap_or(16);
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

/// A text's terms being noted in document `doc` (see [`Terms::see`]).
struct Seeing<'t> {
    terms: &'t mut Terms,
    doc: u32,
    weight: u32,
    in_title: bool,
}

impl TokenSink for Seeing<'_> {
    /// Inlined into each place the tokenizer finds a term.
    #[inline(always)]
    fn token(&mut self, token: Token<'_>) {
        let n = self.terms.number(token);
        let seen = &mut self.terms.seen[n as usize];
        if seen.doc != self.doc + 1 {
            *seen = Seen { doc: self.doc + 1, weight: self.weight, in_title: self.in_title };
            self.terms.current.push(n);
        } else {
            seen.weight = seen.weight.max(self.weight);
            seen.in_title |= self.in_title;
        }
    }
}

/// The number of `key` in `map`, given `next` if it is new. Looked up
/// first, inserted on a miss: `entry` would make room for an insertion on
/// every call, and most calls find the term.
#[inline(never)]
fn find_or_add<K: std::hash::Hash + Eq>(map: &mut HashMap<K, u32, Fx>, key: K, next: u32) -> u32 {
    match map.get(&key) {
        Some(n) => *n,
        None => *map.entry(key).or_insert(next),
    }
}

/// The number of a word longer than 16 bytes, given `next` if it is new:
/// looked up first, as in [`find_or_add`], so it is copied only when new.
#[inline(never)]
fn long_word(words: &mut HashMap<String, u32, Fx>, w: &str, next: u32) -> u32 {
    match words.get(w) {
        Some(n) => *n,
        None => *words.entry(w.to_string()).or_insert(next),
    }
}

/// A word of up to 16 bytes as one number, its bytes in order from the
/// low end and zeros after: a word has no zero byte (UTF-8 puts none in a
/// letter or digit), so different words are different numbers. (Most
/// English words fit: "negotiations" is 12 bytes.)
fn short_word(w: &str) -> u128 {
    let b = w.as_bytes();
    if b.len() <= 8 {
        // Byte by byte: a copy of a length only known here would be a call.
        return u128::from(b.iter().rev().fold(0u64, |key, &x| key << 8 | u64::from(x)));
    }
    // Two loads of eight: the first bytes, and the last eight moved down
    // past the bytes the first load has.
    let low = u64::from_le_bytes(b[..8].try_into().expect("eight bytes"));
    let high = u64::from_le_bytes(b[b.len() - 8..].try_into().expect("eight bytes")) >> (8 * (16 - b.len()));
    u128::from(high) << 64 | u128::from(low)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_sharing_a_slot_keep_their_own_numbers() {
        let first = short_word("ab") as u64;
        let second = (1..).map(|k| first + k).find(|k| recent_slot(*k) == recent_slot(first)).expect("a key");
        let mut recent = Recent::<u64>::default();
        let mut asked = 0;
        for (key, n) in [(first, 7), (first, 7), (second, 9), (first, 7), (second, 9)] {
            let found = recent.number(key, key, || {
                asked += 1;
                n
            });
            assert_eq!(found, n);
        }
        assert_eq!(asked, 4, "a repeat in place is not asked again; a displaced key is");
    }

    #[test]
    fn words_of_up_to_sixteen_bytes_are_distinct_numbers_that_give_the_word_back() {
        let letters = "abcdefghijklmnopq";
        let mut words = std::collections::BTreeSet::new();
        for len in 1..=16 {
            for start in 0..=letters.len() - len {
                words.insert(letters[start..start + len].to_string());
            }
            words.insert("9".repeat(len));
            if len >= 2 {
                words.insert(format!("{}é", &letters[..len - 2]));
            }
        }
        let mut keys = std::collections::HashSet::new();
        for word in &words {
            let key = short_word(word);
            let bytes = key.to_le_bytes();
            let end = bytes.iter().position(|b| *b == 0).unwrap_or(16);
            assert_eq!(&bytes[..end], word.as_bytes(), "{word} comes back");
            keys.insert(key);
        }
        assert_eq!(keys.len(), words.len(), "different words, different numbers");
    }

    #[test]
    fn numbers_follow_first_sight_through_the_recent_keys() {
        let mut terms = Terms::default();
        let text = "特朗普 call call CALL Trump 特朗普 witkoff-negotiations 朗普";
        terms.see(text, 0, 1, false);
        let mut numbers = Vec::new();
        each_token(text, |token: Token<'_>| numbers.push(terms.number(token)));
        // 特朗 朗普 普, call (three times), trump, again, witkoff, negotiations (a long word), 朗普 普.
        assert_eq!(numbers, [0, 1, 2, 3, 3, 3, 4, 0, 1, 2, 5, 6, 1, 2]);
    }
}
