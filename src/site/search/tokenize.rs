//! The search tokenizer: one rule for Chinese and English text, shared by
//! the index (here, at build time) and the query (in the browser: the same
//! rule is written out again in `search.js`, and tests hold both to it).
//!
//! Chinese has no spaces between words and a dictionary segmenter would be
//! large and still guess. So a run of Han characters is cut into
//! overlapping character bigrams (`特朗普` → `特朗`, `朗普`): any query of two
//! or more characters is then a set of bigrams that must all be present.
//! Other letters and digits form words, lowercased, matched by prefix
//! (`witk` finds `witkoff`).
//!
//! One-character queries: the index also keeps, for every Han run, its last
//! character on its own (`普`), so "every token that starts with 普" covers
//! every place the character occurs: followed by another Han character (a
//! bigram starting with it) or ending its run (the single character).

use std::sync::atomic::{AtomicU64, Ordering};

use crate::wordscan::ascii_word_end;

/// A term the index stores.
pub type Term = String;

/// A query term and how it matches the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryTerm {
    pub text: String,
    /// Match every index term that starts with `text`, not only `text`.
    pub prefix: bool,
}

/// True for CJK ideographs (the unified blocks, their extensions, the
/// compatibility block and 〇): the characters cut into bigrams.
pub fn is_han(c: char) -> bool {
    matches!(u32::from(c), 0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// A run of Han characters, or a lowercased word of other letters and digits.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Run {
    Han(Vec<char>),
    Word(String),
}

fn runs(text: &str) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    let mut open = false;
    for c in text.chars() {
        if is_han(c) {
            match out.last_mut() {
                Some(Run::Han(chars)) if open => chars.push(c),
                _ => out.push(Run::Han(vec![c])),
            }
            open = true;
        } else if c.is_alphanumeric() {
            match out.last_mut() {
                Some(Run::Word(w)) if open => w.extend(c.to_lowercase()),
                _ => out.push(Run::Word(c.to_lowercase().collect())),
            }
            open = true;
        } else {
            open = false;
        }
    }
    out
}

fn bigrams(chars: &[char]) -> impl Iterator<Item = String> + '_ {
    chars.windows(2).map(|w| w.iter().collect())
}

/// The terms of a text as the index stores them, in order, repeats kept:
/// Han bigrams plus each Han run's last character, and lowercase words.
pub fn index_terms(text: &str) -> Vec<Term> {
    let mut out = Vec::new();
    each_index_term(text, |t| out.push(t.to_string()));
    out
}

/// A term as the index builder meets it, before any string is made: a
/// lowercase word (borrowed from a buffer reused for every word) or a Han
/// term, one or two characters packed in a number (see [`HanTerm`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token<'t> {
    Word(&'t str),
    Han(HanTerm),
}

/// A Han bigram or a lone Han character as one number: the first
/// character in the high 32 bits (0 for a lone character), the last in the
/// low ones. Equal numbers are equal terms, so a map keyed by it never
/// hashes or compares a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct HanTerm(pub u64);

impl HanTerm {
    fn pair(first: char, second: char) -> Self {
        HanTerm(u64::from(u32::from(first)) << 32 | u64::from(u32::from(second)))
    }

    fn single(c: char) -> Self {
        HanTerm(u64::from(u32::from(c)))
    }

    /// Writes the term's text into `buf` and returns it.
    pub fn text(self, buf: &mut [u8; 8]) -> &str {
        let char_at = |bits: u64| char::from_u32(bits as u32).expect("a character");
        let last = char_at(self.0 & 0xFFFF_FFFF);
        let n = match self.0 >> 32 {
            0 => 0,
            first => char_at(first).encode_utf8(&mut buf[..]).len(),
        };
        let m = last.encode_utf8(&mut buf[n..]).len();
        std::str::from_utf8(&buf[..n + m]).expect("one or two characters")
    }
}

/// Calls `f` with each term of [`index_terms`], in the same order, without
/// allocating a string per term.
pub fn each_index_term(text: &str, mut f: impl FnMut(&str)) {
    let mut buf = [0u8; 8];
    each_token(text, |token: Token<'_>| match token {
        Token::Word(w) => f(w),
        Token::Han(h) => f(h.text(&mut buf)),
    });
}

/// What [`each_token`] hands each token to: any `FnMut(Token)`, or a type
/// of its own whose method is inlined where the tokenizer finds a term.
/// (The tokenizer has ten such places; a closure called from all of them is
/// kept as a function of its own, and the index's per-term work, a few
/// dozen instructions, paid as much again to enter and leave it.)
pub trait TokenSink {
    fn token(&mut self, token: Token<'_>);
}

impl<F: FnMut(Token<'_>)> TokenSink for F {
    #[inline]
    fn token(&mut self, token: Token<'_>) {
        self(token);
    }
}

/// The terms of [`index_terms`] as [`Token`]s, in the same order (the index
/// builder's hot loop). ASCII, most of the text on an English page and much
/// of it on a Chinese one, needs no decoding: an ASCII character is never
/// Han, is alphanumeric exactly when `is_ascii_alphanumeric` says so, and
/// lowercases to one byte. A run of ASCII letters and digits is measured
/// eight bytes at a time ([`ascii_word_end`]); a lowercase ASCII word is
/// passed as the text's own slice, not copied.
pub fn each_token(text: &str, mut sink: impl TokenSink) {
    let mut han: Option<char> = None; // the open Han run's last character
    let mut word = String::new(); // the open word
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            if let Some(prev) = han.take() {
                sink.token(Token::Han(HanTerm::single(prev)));
            }
            if !b.is_ascii_alphanumeric() {
                i += 1;
                if !word.is_empty() {
                    sink.token(Token::Word(&word));
                    word.clear();
                }
                continue;
            }
            // A run of ASCII letters and digits: a whole word when the text
            // goes on with ASCII (or ends), given as it is when lowercase.
            let start = i;
            let has_upper;
            (i, has_upper) = ascii_word_end(bytes, start);
            let run = &text[start..i];
            let ends_word = bytes.get(i).is_none_or(u8::is_ascii);
            if ends_word && word.is_empty() && !has_upper {
                sink.token(Token::Word(run));
                continue;
            }
            let from = word.len();
            word.push_str(run);
            word[from..].make_ascii_lowercase();
            if ends_word {
                sink.token(Token::Word(&word));
                word.clear();
            }
            continue;
        }
        let (c, len) = decode_at(bytes, i, text);
        i += len;
        if is_han(c) {
            if !word.is_empty() {
                sink.token(Token::Word(&word));
                word.clear();
            }
            if let Some(prev) = han {
                sink.token(Token::Han(HanTerm::pair(prev, c)));
            }
            han = Some(c);
        } else if is_alphanumeric(c) {
            if let Some(prev) = han.take() {
                sink.token(Token::Han(HanTerm::single(prev)));
            }
            word.extend(c.to_lowercase());
        } else {
            if let Some(prev) = han.take() {
                sink.token(Token::Han(HanTerm::single(prev)));
            }
            if !word.is_empty() {
                sink.token(Token::Word(&word));
                word.clear();
            }
        }
    }
    if let Some(prev) = han {
        sink.token(Token::Han(HanTerm::single(prev)));
    }
    if !word.is_empty() {
        sink.token(Token::Word(&word));
    }
}

/// The character that starts at byte `i` of `text` (not ASCII) and its
/// length. Three-byte characters, every Han character of the main blocks
/// and most Chinese punctuation, are put together here directly; the rest
/// go through `chars`.
#[inline(always)]
fn decode_at(bytes: &[u8], i: usize, text: &str) -> (char, usize) {
    if let [lead @ 0xE0..=0xEF, b1, b2, ..] = bytes[i..] {
        let bits = u32::from(lead & 0x0F) << 12 | u32::from(b1 & 0x3F) << 6 | u32::from(b2 & 0x3F);
        // `text` is UTF-8, so the three bytes are one valid character.
        return (char::from_u32(bits).expect("a valid UTF-8 character"), 3);
    }
    let c = text[i..].chars().next().expect("a character starts here");
    (c, c.len_utf8())
}

/// `char::is_alphanumeric` for the characters [`each_token`] decodes:
/// outside ASCII it searches Unicode's tables, and Chinese text repeats a
/// few punctuation marks (，。、“”：（）…) between its Han runs. So the answer
/// for characters of the Basic Multilingual Plane, where those marks and
/// nearly all text live, is kept in a table of bits (8 KB), filled 64
/// characters at a time when a text first meets one of them: a site's texts
/// touch a few dozen such blocks, and working out the whole plane up front
/// took ~24 M instructions, a quarter of a build of the example site. Other
/// characters are asked directly.
#[inline]
fn is_alphanumeric(c: char) -> bool {
    let (block, bit) = (c as usize / 64, c as usize % 64);
    let Some(filled) = BMP_FILLED.get(block / 64) else {
        return c.is_alphanumeric();
    };
    let bits = if filled.load(Ordering::Acquire) >> (block % 64) & 1 == 1 {
        BMP_BITS[block].load(Ordering::Relaxed)
    } else {
        fill_block(block)
    };
    bits >> bit & 1 == 1
}

/// One bit per character of the plane, for the blocks filled so far.
static BMP_BITS: [AtomicU64; 1024] = [const { AtomicU64::new(0) }; 1024];
/// One bit per block of 64 characters: set once its bits are in `BMP_BITS`.
static BMP_FILLED: [AtomicU64; 16] = [const { AtomicU64::new(0) }; 16];

/// Works out one block's bits of [`BMP_BITS`] and publishes them. Two
/// threads may fill the same block at once; they store the same bits.
#[cold]
fn fill_block(block: usize) -> u64 {
    let first = block as u32 * 64;
    let bits = (0..64)
        .filter(|i| char::from_u32(first + i).is_some_and(char::is_alphanumeric))
        .fold(0u64, |bits, i| bits | 1 << i);
    BMP_BITS[block].store(bits, Ordering::Relaxed);
    // Release: whoever sees the block's bit set sees its bits above.
    BMP_FILLED[block / 64].fetch_or(1 << (block % 64), Ordering::Release);
    bits
}

/// The old, run-based form of [`index_terms`], kept to test the streaming one.
#[cfg(test)]
fn index_terms_by_runs(text: &str) -> Vec<Term> {
    let mut out = Vec::new();
    for run in runs(text) {
        match run {
            Run::Han(chars) => {
                out.extend(bigrams(&chars));
                out.extend(chars.last().map(char::to_string));
            }
            Run::Word(w) => out.push(w),
        }
    }
    out
}

/// The terms of a query: Han bigrams (exact), a lone Han character and
/// words (by prefix). Repeats are dropped; order is kept.
pub fn query_terms(text: &str) -> Vec<QueryTerm> {
    let mut out: Vec<QueryTerm> = Vec::new();
    for run in runs(text) {
        let terms: Vec<QueryTerm> = match run {
            Run::Han(chars) if chars.len() == 1 => vec![QueryTerm { text: chars[0].to_string(), prefix: true }],
            Run::Han(chars) => bigrams(&chars).map(|text| QueryTerm { text, prefix: false }).collect(),
            Run::Word(text) => vec![QueryTerm { text, prefix: true }],
        };
        for term in terms {
            if !out.contains(&term) {
                out.push(term);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str, prefix: bool) -> QueryTerm {
        QueryTerm { text: text.to_string(), prefix }
    }

    #[test]
    fn han_runs_become_overlapping_bigrams_plus_the_last_character() {
        assert_eq!(index_terms("特朗普"), ["特朗", "朗普", "普"]);
        assert_eq!(index_terms("普京，泽连斯基"), ["普京", "京", "泽连", "连斯", "斯基", "基"]);
    }

    #[test]
    fn a_lone_han_character_is_its_own_term() {
        assert_eq!(index_terms("2025年2月"), ["2025", "年", "2", "月"]);
        assert_eq!(query_terms("京"), [q("京", true)]);
    }

    #[test]
    fn queries_use_bigrams_without_the_trailing_character() {
        assert_eq!(query_terms("威特科夫"), [q("威特", false), q("特科", false), q("科夫", false)]);
        // A query's terms are always found among the index terms of the same text.
        let indexed = index_terms("威特科夫");
        assert!(query_terms("威特科夫").iter().all(|t| indexed.contains(&t.text)));
    }

    #[test]
    fn latin_words_are_lowercase_prefixes() {
        assert_eq!(index_terms("Trump's call, NATO-led (2025)"), ["trump", "s", "call", "nato", "led", "2025"]);
        assert_eq!(query_terms("Witk  witk"), [q("witk", true)]);
        assert_eq!(index_terms("Zelenskyy Ünal"), ["zelenskyy", "ünal"]);
    }

    #[test]
    fn mixed_text_splits_at_script_changes() {
        assert_eq!(index_terms("特朗普Trump说"), ["特朗", "朗普", "普", "trump", "说"]);
        assert_eq!(query_terms("普京 Putin"), [q("普京", false), q("putin", true)]);
        assert!(query_terms(" ，。!? ").is_empty());
    }

    #[test]
    fn one_character_queries_reach_every_occurrence_by_prefix() {
        // 京 occurs at the end of 普京 and inside 北京城: both are found by prefix.
        let indexed = index_terms("普京 北京城");
        assert!(indexed.iter().filter(|t| t.starts_with('京')).count() >= 2, "{indexed:?}");
    }

    #[test]
    fn streaming_terms_match_the_runs() {
        for text in [
            "特朗普先后与普京、泽连斯基通电话",
            "特朗普Trump说",
            "a特b朗c 普京Putin。京",
            "ΣΊΣΥΦΟΣ Zelenskyy Ünal ＡＢＣ１２ 𠀀𠀁 〇 🙂 İstanbul",
            "",
            "  ，。!?  ",
            "Ab1 c特D 朗e. 普,F 𠀀g ÀÉ x",
            "end特",
            "end word",
        ] {
            assert_eq!(index_terms(text), index_terms_by_runs(text), "{text:?}");
        }
    }

    #[test]
    fn streaming_terms_match_the_runs_on_generated_text() {
        // ASCII next to Han, other scripts, case changes and punctuation.
        let palette = "aZ09 .,'-特朗普京〇𠀀ÀéΣİẞ。、🙂\u{2028}ＡＢ１\n";
        for text in crate::testgen::texts(palette, 0x9E37_79B9_7F4A_7C15, 2000, 24) {
            assert_eq!(index_terms(&text), index_terms_by_runs(&text), "{text:?}");
        }
    }

    #[test]
    fn the_alphanumeric_table_agrees_with_unicode() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn the_alphanumeric_table_fills_alike_from_threads_at_once() {
        let threads: Vec<_> = (0..4u32)
            .map(|t| {
                std::thread::spawn(move || {
                    // Each thread walks the plane from another start.
                    (0..0x10000u32)
                        .filter_map(|i| char::from_u32((i + t * 0x4000) % 0x10000))
                        .all(|c| is_alphanumeric(c) == c.is_alphanumeric())
                })
            })
            .collect();
        assert!(threads.into_iter().all(|t| t.join().expect("thread")));
    }

    #[test]
    fn han_terms_are_one_number_each() {
        let mut buf = [0u8; 8];
        assert_eq!(HanTerm::pair('特', '朗').text(&mut buf), "特朗");
        assert_eq!(HanTerm::single('普').text(&mut buf), "普");
        assert_eq!(HanTerm::pair('\u{20000}', '〇').text(&mut buf), "\u{20000}〇");
        assert_ne!(HanTerm::pair('特', '朗'), HanTerm::pair('朗', '特'));
        assert_ne!(HanTerm::single('特'), HanTerm::pair('特', '特'));
    }

    #[test]
    fn han_ranges() {
        assert!(is_han('中') && is_han('〇') && is_han('\u{20000}'));
        assert!(!is_han('a') && !is_han('。') && !is_han('ア'));
    }
}
