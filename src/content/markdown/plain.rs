//! Plain text by section: what the search index takes of a document.
//! Block ends and line breaks become spaces, runs of whitespace one space;
//! headings start sections.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::headings::Heading;
use crate::wordscan;

/// The plain text of a document from one heading to the next.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextSection {
    /// The heading's id; `None` for the text before the first heading.
    pub id: Option<String>,
    pub heading: String,
    pub text: String,
}

/// The text of each section, headings being where sections start. Block
/// ends and line breaks become spaces; runs of spaces are collapsed.
pub(super) fn plain_sections(events: &[Event], headings: &[Heading]) -> Vec<TextSection> {
    let mut sections = vec![TextSection::default()];
    let mut next_heading = headings.iter();
    let mut in_heading = false;
    for event in events {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                let heading = next_heading.next();
                sections.push(TextSection {
                    id: heading.map(|h| h.id.clone()),
                    heading: heading.map(|h| h.text.clone()).unwrap_or_default(),
                    text: String::new(),
                });
                in_heading = true;
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) | Event::Code(t) if !in_heading => push_spaced(current(&mut sections), t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) if !in_heading && separates(event) => {
                push_spaced(current(&mut sections), " ");
            }
            _ => {}
        }
    }
    tidy(sections)
}

/// Sections with their text trimmed, without the empty one before the
/// first heading.
pub(super) fn tidy(mut sections: Vec<TextSection>) -> Vec<TextSection> {
    for s in &mut sections {
        s.text = s.text.trim().to_string();
    }
    sections.retain(|s| s.id.is_some() || !s.text.is_empty());
    sections
}

/// True for what reads as a break between words: line breaks and the ends
/// of blocks (not the end of a link or an emphasis inside a sentence).
pub(super) fn separates(event: &Event) -> bool {
    match event {
        Event::SoftBreak | Event::HardBreak => true,
        Event::End(end) => {
            !matches!(end, TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image)
        }
        _ => false,
    }
}

pub(super) fn current(sections: &mut [TextSection]) -> &mut String {
    &mut sections.last_mut().expect("there is always a section").text
}

/// What a byte may start, for [`push_spaced`]: 0 nothing of note, 1 a
/// space, 2 other ASCII whitespace, 3 perhaps non-ASCII whitespace (the
/// lead bytes of U+0085 and U+00A0, U+1680, U+2000 to U+205F, U+3000).
const SPACE_CLASS: [u8; 256] = {
    let mut class = [0; 256];
    class[b' ' as usize] = 1;
    let mut b = b'\t';
    while b <= b'\r' {
        class[b as usize] = 2;
        b += 1;
    }
    class[0xC2] = 3;
    class[0xE1] = 3;
    class[0xE2] = 3;
    class[0xE3] = 3;
    class
};

/// The bytes of `word` that may start whitespace that is not a lone space,
/// for passing eight bytes at a time: every byte [`SPACE_CLASS`] marks but
/// a space. The lead bytes are tested as the range 0xC2 to 0xE3 (one test
/// instead of four); the others in it are rare in Chinese text and only
/// cost a look at their character.
fn may_start_other_space(word: u64) -> u64 {
    wordscan::below(word, 0x20) | wordscan::high_between(word, 0xC2, 0xE3)
}

/// Appends `text` with each run of whitespace as one space (none at the
/// start of `out`, none after a space already there).
///
/// Text is copied in runs: only whitespace other than a single `' '`
/// after a non-space breaks a run. So text and its lone spaces are passed
/// eight bytes at a time, up to the exact byte that may start other
/// whitespace or is a second space ([`wordscan::next_unless_doubled`]); that
/// one character is looked at and the fast pass resumes. Whitespace is
/// `char::is_whitespace`, found by bytes ([`SPACE_CLASS`], then
/// [`other_space_len`] for the few lead bytes non-ASCII whitespace shares
/// with Chinese punctuation: 。 and “ start as U+3000 and U+2000 do), so
/// no character is decoded.
pub(super) fn push_spaced(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    out.reserve(bytes.len());
    // Whether a space here would follow a space (or start `out`).
    let mut after_space = out.is_empty() || out.ends_with(' ');
    let (mut run, mut i) = (0, 0);
    while i < bytes.len() {
        if !after_space {
            let to = wordscan::next_unless_doubled(bytes, i, b' ', may_start_other_space);
            if to > i {
                // Passed: text and lone spaces, the last byte telling which.
                after_space = bytes[to - 1] == b' ';
                i = to;
            }
            if i == bytes.len() {
                break;
            }
        }
        // One character (or, for a lead byte that starts no whitespace,
        // one byte: the rest of its character starts none either).
        let space = match SPACE_CLASS[bytes[i] as usize] {
            0 => 0,
            1 if !after_space => {
                after_space = true;
                i += 1;
                continue;
            }
            1 | 2 => 1,
            _ => other_space_len(&bytes[i..]),
        };
        if space == 0 {
            after_space = false;
            i += 1;
            continue;
        }
        out.push_str(&text[run..i]);
        if !after_space {
            out.push(' ');
            after_space = true;
        }
        i += space;
        run = i;
    }
    out.push_str(&text[run..]);
}

/// The length of the whitespace character `bytes` starts with, 0 if none,
/// for a lead byte of class 3: the non-ASCII characters for which
/// `char::is_whitespace` holds are U+0085, U+00A0, U+1680, U+2000 to
/// U+200A, U+2028, U+2029, U+202F, U+205F and U+3000.
fn other_space_len(bytes: &[u8]) -> usize {
    match bytes {
        [0xC2, 0x85 | 0xA0, ..] => 2,
        [0xE1, 0x9A, 0x80, ..]
        | [0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF, ..]
        | [0xE2, 0x81, 0x9F, ..]
        | [0xE3, 0x80, 0x80, ..] => 3,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_runs_become_one_space() {
        for (before, text, after) in [
            ("", "  a \t b\n", "a b "),
            ("x", " a", "x a"),
            ("x ", " a  ", "x a "),
            ("", "通话\u{3000}时长", "通话 时长"),
            ("", "", ""),
            ("x", "", "x"),
        ] {
            let mut out = before.to_string();
            push_spaced(&mut out, text);
            assert_eq!(out, after, "{before:?} + {text:?}");
        }
    }

    #[test]
    fn the_space_filter_passes_every_byte_other_whitespace_starts_with() {
        for b in 0..=255u8 {
            if SPACE_CLASS[b as usize] > 1 {
                let word = u64::from_le_bytes([b, b'a', b'a', b'a', b'a', b'a', b'a', b'a']);
                assert_ne!(may_start_other_space(word) & 0x80, 0, "{b:#x}");
            }
        }
    }

    /// What `push_spaced` does, by characters.
    fn by_chars(out: &mut String, text: &str) {
        for (i, word) in text.split(char::is_whitespace).enumerate() {
            if i > 0 && !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            out.push_str(word);
        }
    }

    #[test]
    fn spaces_collapse_as_by_characters_in_generated_text() {
        // Runs of spaces that straddle the eight-byte blocks, other
        // whitespace, and characters whose lead bytes may start whitespace.
        let palette = "   aa b\t\n通。、“\u{3000}\u{a0}\u{2028}\u{85}é!";
        for text in crate::testgen::texts(palette, 0x2545_F491_4F6C_DD1D, 5000, 48) {
            for before in ["", "x", "x "] {
                let (mut fast, mut slow) = (before.to_string(), before.to_string());
                push_spaced(&mut fast, &text);
                by_chars(&mut slow, &text);
                assert_eq!(fast, slow, "{before:?} + {text:?}");
            }
        }
    }

    #[test]
    fn whitespace_is_found_as_char_is_whitespace_finds_it() {
        let every_char = (0..=0x10FFFF).filter_map(char::from_u32);
        for c in every_char.filter(|c| (*c as u32) < 0x3100 || c.is_whitespace() || (*c as u32).is_multiple_of(97)) {
            let texts =
                [format!("a{c}b"), format!("{c}{c}x {c}"), format!(" {c}a  b{c} "), format!("通{c}\u{3000}话{c}")];
            for (before, text) in ["", "x", "x "].into_iter().flat_map(|b| texts.iter().map(move |t| (b, t))) {
                let (mut fast, mut slow) = (before.to_string(), before.to_string());
                push_spaced(&mut fast, text);
                by_chars(&mut slow, text);
                assert_eq!(fast, slow, "{before:?} + {text:?}");
            }
        }
    }
}
