//! Postings as compact text: each term's list of (document, weight) pairs
//! written as base-64 variable-length numbers in one JSON string.
//!
//! A posting is the number `gap * 4 + code`, where `gap` is the document
//! number minus the previous posting's (the first is the number itself) and
//! `code` says how the term occurs there:
//!
//! | code | weight | meaning |
//! |---|---|---|
//! | 0 | [`BODY`] | in the body |
//! | 1 | [`NAME`] | a name of someone the document is about |
//! | 2 | [`TITLE`] | as good as the title (an entity's own names) |
//! | 3 | [`TITLE`] | in the displayed title; *followed by* the title's length |
//!
//! The title's length (UTF-16 units of the lowercased title, JavaScript's
//! `length`) lets the browser rank "the query fills the title" without
//! loading the title itself.
//!
//! Numbers are written five bits at a time, low bits first, as characters of
//! [`ALPHABET`]; a character's sixth bit (value 32) says another follows.
//! Small gaps (the common case) take one character: a term found in 50,000
//! documents takes about 60 KB instead of the ~250 KB of a JSON array.

use crate::site::search::docs::{BODY, NAME, TITLE};

/// The 64 digits: none needs escaping in a JSON string.
pub const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// How a term occurs in one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    pub weight: u32,
    /// The length of the displayed title when the term is in it.
    pub title_len: Option<u32>,
}

/// Appends `n` as base-64 digits, low bits first.
fn push_number(out: &mut Vec<u8>, mut n: u64) {
    while n >= 32 {
        out.push(ALPHABET[(n & 31) as usize | 32]);
        n >>= 5;
    }
    out.push(ALPHABET[n as usize]);
}

fn code(p: &Posting) -> u64 {
    match (p.weight, p.title_len) {
        (TITLE, Some(_)) => 3,
        (TITLE, None) => 2,
        (NAME, _) => 1,
        (BODY, _) => 0,
        (w, _) => panic!("no code for weight {w}"),
    }
}

/// Appends postings to one term's list as they come, in document order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Encoder {
    /// The digits so far (ASCII; bytes, so a digit is one store).
    digits: Vec<u8>,
    last: Option<u32>,
}

impl Encoder {
    pub fn push(&mut self, p: Posting) {
        let gap = match self.last {
            Some(last) => {
                assert!(p.doc > last, "postings come in document order");
                p.doc - last
            }
            None => p.doc,
        };
        self.last = Some(p.doc);
        push_number(&mut self.digits, u64::from(gap) * 4 + code(&p));
        if let (TITLE, Some(len)) = (p.weight, p.title_len) {
            push_number(&mut self.digits, u64::from(len));
        }
    }

    /// The postings so far as text, leaving the encoder empty.
    pub fn take_text(&mut self) -> String {
        self.last = None;
        String::from_utf8(std::mem::take(&mut self.digits)).expect("base-64 digits are ASCII")
    }
}

/// Reads a term's postings back (what `search.js` does; for tests).
pub fn decode(text: &str) -> Vec<Posting> {
    let mut numbers = text.bytes().map(|b| ALPHABET.iter().position(|a| *a == b).expect("a base-64 digit") as u64);
    let mut next = || -> Option<u64> {
        let (mut n, mut shift) = (0u64, 0);
        loop {
            let d = numbers.next()?;
            n |= (d & 31) << shift;
            shift += 5;
            if d & 32 == 0 {
                return Some(n);
            }
        }
    };
    let mut out = Vec::new();
    let mut doc = 0u32;
    while let Some(n) = next() {
        doc += u32::try_from(n / 4).expect("a document number");
        let (weight, title_len) = match n % 4 {
            3 => (TITLE, Some(u32::try_from(next().expect("a title length")).expect("a length"))),
            2 => (TITLE, None),
            1 => (NAME, None),
            _ => (BODY, None),
        };
        out.push(Posting { doc, weight, title_len });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_round_trip_and_small_gaps_take_one_character() {
        let postings = [
            Posting { doc: 0, weight: TITLE, title_len: Some(7) },
            Posting { doc: 1, weight: BODY, title_len: None },
            Posting { doc: 5, weight: NAME, title_len: None },
            Posting { doc: 6, weight: TITLE, title_len: None },
            Posting { doc: 1_000_000, weight: TITLE, title_len: Some(300) },
        ];
        let mut e = Encoder::default();
        postings.iter().for_each(|p| e.push(*p));
        let text = e.take_text();
        assert_eq!(decode(&text), postings);
        let mut small = Encoder::default();
        (0..100).for_each(|doc| small.push(Posting { doc, weight: BODY, title_len: None }));
        assert_eq!(small.take_text().len(), 100);
        assert!(text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/'));
    }
}
