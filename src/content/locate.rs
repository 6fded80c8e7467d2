//! Finding where a value sits in a YAML file, for diagnostics.
//!
//! The YAML parser reports positions for syntax and type errors, but the
//! typed model does not keep a position for every value. When validation
//! finds a bad reference (an unknown speaker id, say), it asks a
//! [`Locator`] for the place of that value under a given key.
//!
//! A value is looked for as a whole scalar: `putn` in `speaker: putn`,
//! `speaker: "putn"`, `- putn` or `[trump, putn]`, but not in
//! `zh: putn said` nor in the key `putn:`. Among those places, one under
//! the asked-for key (`speaker`, or the list's key for a list item) wins,
//! and each place is handed out once, so two bad uses of the same id point
//! at two different places, in file order.

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;

use crate::content::source::SourceFile;

/// Hands out the positions of values in one file (borrowed, or read
/// again for the purpose and owned).
pub struct Locator<'a> {
    pub file: Cow<'a, SourceFile>,
    handed_out: HashSet<usize>,
}

fn is_token_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

/// Every byte span where `value` occurs as a whole token.
pub fn token_spans(text: &str, value: &str) -> Vec<Range<usize>> {
    if value.is_empty() {
        return Vec::new();
    }
    text.match_indices(value)
        .filter(|(i, _)| {
            let before = text[..*i].chars().next_back();
            let after = text[i + value.len()..].chars().next();
            !before.is_some_and(is_token_char) && !after.is_some_and(is_token_char)
        })
        .map(|(i, _)| i..i + value.len())
        .collect()
}

/// Every byte span where `value` is a whole YAML scalar, plain or quoted:
/// after `key:`, `- `, `[`, `{` or `,`, and before the end of the line, a
/// comment, `,`, `]` or `}`.
pub fn scalar_spans(text: &str, value: &str) -> Vec<Range<usize>> {
    token_spans(text, value)
        .into_iter()
        .filter(|span| {
            let before = text[..span.start].trim_end_matches(['"', '\'']).trim_end_matches([' ', '\t']);
            let after = text[span.end..].trim_start_matches(['"', '\'']).trim_start_matches([' ', '\t']);
            let opens = before.is_empty()
                || before.ends_with(['[', '{', ',', ':', '\n'])
                || (before.ends_with('-') && !before[..before.len() - 1].ends_with(is_token_char));
            let closes = after.is_empty() || after.starts_with(['\n', '\r', ',', ']', '}', '#']);
            opens && closes
        })
        .collect()
}

/// The key a scalar at byte `at` belongs to: the last `key:` before it on
/// its line, or for a block list item (`- value`), the key above the list.
pub fn owning_key(text: &str, at: usize) -> Option<&str> {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    if let Some(key) = last_key(&text[line_start..at]) {
        return Some(key);
    }
    let indent = text[line_start..at].len() - text[line_start..at].trim_start().len();
    let mut end = line_start;
    while end > 0 {
        let start = text[..end - 1].rfind('\n').map_or(0, |i| i + 1);
        let line = text[start..end - 1].trim_end_matches('\r');
        end = start;
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let line_indent = line.len() - trimmed.len();
        if line_indent < indent || (line_indent == indent && !trimmed.starts_with('-')) {
            return last_key(line);
        }
    }
    None
}

/// The last `key:` (a plain word followed by a colon) in a line's text.
fn last_key(line: &str) -> Option<&str> {
    let bytes = line.as_bytes();
    let mut found = None;
    for (i, _) in line.match_indices(':') {
        let followed = bytes.get(i + 1).is_none_or(|b| matches!(b, b' ' | b'\t' | b'\r'));
        let start = line[..i].rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).map_or(0, |j| j + 1);
        if followed && start < i {
            found = Some(&line[start..i]);
        }
    }
    found
}

impl<'a> Locator<'a> {
    pub fn new(file: &'a SourceFile) -> Self {
        Locator { file: Cow::Borrowed(file), handed_out: HashSet::new() }
    }

    /// A locator of a file read for it.
    pub fn owned(file: SourceFile) -> Self {
        Locator { file: Cow::Owned(file), handed_out: HashSet::new() }
    }

    /// The span of `value` where it next occurs under `key` (else anywhere
    /// as a scalar, else as a token), each place handed out once; once all
    /// are, the last one.
    pub fn value(&mut self, key: &str, value: &str) -> Option<Range<usize>> {
        let text = &self.file.text;
        let mut spans = scalar_spans(text, value);
        if spans.is_empty() {
            spans = token_spans(text, value);
        }
        let fresh = |s: &&Range<usize>| !self.handed_out.contains(&s.start);
        let under_key = |s: &&Range<usize>| owning_key(text, s.start) == Some(key);
        let span = spans
            .iter()
            .filter(fresh)
            .find(under_key)
            .or_else(|| spans.iter().find(fresh))
            .or_else(|| spans.iter().rev().find(under_key))
            .or(spans.last())
            .cloned()?;
        self.handed_out.insert(span.start);
        Some(span)
    }

    /// The span of the first occurrence of some text (not token-bounded),
    /// used to point at a translation that exists when another is missing.
    pub fn text(&self, text: &str) -> Option<Range<usize>> {
        let needle = text.lines().next().unwrap_or(text).trim();
        if needle.is_empty() {
            return None;
        }
        self.file.text.find(needle).map(|i| i..i + needle.len())
    }

    /// The span of the first `key:` in the file.
    pub fn key(&self, key: &str) -> Option<Range<usize>> {
        token_spans(&self.file.text, key).into_iter().find(|r| self.file.text[r.end..].starts_with(':'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile { display_path: "b.yaml".into(), text: text.into() }
    }

    /// The 1-based line and column where the locator puts `value` under `key`.
    fn at(loc: &mut Locator, key: &str, value: &str) -> (usize, usize) {
        let span = loc.value(key, value).expect("found");
        assert_eq!(&loc.file.text[span.clone()], value);
        let p = loc.file.position(span.start);
        (p.line, p.column)
    }

    #[test]
    fn finds_whole_tokens_in_order() {
        let f = file("a: [putin, putin-x]\nb: putin\n");
        let mut loc = Locator::new(&f);
        assert_eq!(loc.value("a", "putin"), Some(4..9));
        assert_eq!(loc.value("b", "putin"), Some(23..28));
        assert_eq!(loc.key("b"), Some(20..21));
    }

    #[test]
    fn the_same_id_twice_points_at_both_places() {
        let f = file("quotes:\n  - speaker: putn\n  - speaker: putn\n");
        let mut loc = Locator::new(&f);
        assert_eq!(at(&mut loc, "speaker", "putn"), (2, 14));
        assert_eq!(at(&mut loc, "speaker", "putn"), (3, 14));
    }

    #[test]
    fn flow_lists_quotes_and_block_lists() {
        let f = file(
            "participants: [trump, putn]\nspeaker: \"putn\"\nby: 'putn'\nwho:\n  - trump\n  - putn\nwho2:\n- putn\n",
        );
        let mut loc = Locator::new(&f);
        assert_eq!(at(&mut loc, "who", "putn"), (6, 5));
        assert_eq!(at(&mut loc, "by", "putn"), (3, 6));
        assert_eq!(at(&mut loc, "speaker", "putn"), (2, 11));
        assert_eq!(at(&mut loc, "participants", "putn"), (1, 23));
        assert_eq!(at(&mut loc, "who2", "putn"), (8, 3));
    }

    #[test]
    fn prose_and_keys_are_not_values() {
        let f = file("text: {en: putn said so, zh: 普京说}\nputn: 1\nsummary: putn\ncontext: |\n  putn\nby: putn\n");
        let mut loc = Locator::new(&f);
        assert_eq!(at(&mut loc, "by", "putn"), (6, 5));
        assert_eq!(at(&mut loc, "by", "putn"), (3, 10), "the next scalar once the one under the key is used");
    }

    #[test]
    fn chinese_text_earlier_on_the_line_and_crlf_do_not_shift_the_place() {
        let f = file("title: {zh: 特朗普与普京, en: x}\r\nquotes:\r\n  - {text: {zh: 普京说}, speaker: putn}\r\n");
        let mut loc = Locator::new(&f);
        assert_eq!(at(&mut loc, "speaker", "putn"), (3, 32));
        assert_eq!(owning_key(&f.text, f.text.find("putn").unwrap()), Some("speaker"));
    }

    #[test]
    fn keys_of_block_list_items_are_found_above() {
        let text = "calls:\n  - id: a\n    participants:\n      - trump\n\n      # note\n      - putn\n";
        assert_eq!(owning_key(text, text.find("putn").unwrap()), Some("participants"));
        assert_eq!(owning_key(text, text.find("trump").unwrap()), Some("participants"));
        assert_eq!(owning_key(text, text.find(" a\n").unwrap() + 1), Some("id"));
    }
}
