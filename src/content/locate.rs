//! Finding where a value sits in a YAML file, for diagnostics.
//!
//! The YAML parser reports positions for syntax and type errors, but the
//! typed model does not keep a position for every value. When validation
//! finds a bad reference (an unknown speaker id, say), it asks a
//! [`Locator`] for the place of that value: the next occurrence of it as a
//! whole token in the file, counting occurrences already handed out, so two
//! bad uses of the same id point at two different places.

use std::collections::HashMap;
use std::ops::Range;

use crate::content::source::SourceFile;

/// Hands out the positions of values in one file, in file order.
pub struct Locator<'a> {
    pub file: &'a SourceFile,
    handed_out: HashMap<String, usize>,
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

impl<'a> Locator<'a> {
    pub fn new(file: &'a SourceFile) -> Self {
        Locator { file, handed_out: HashMap::new() }
    }

    /// The span of the next unreported occurrence of `value` as a token,
    /// or of its last occurrence once all have been handed out.
    pub fn value(&mut self, value: &str) -> Option<Range<usize>> {
        let spans = token_spans(&self.file.text, value);
        let n = self.handed_out.entry(value.to_string()).or_insert(0);
        let span = spans.get(*n).or(spans.last()).cloned();
        *n += 1;
        span
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

    #[test]
    fn finds_whole_tokens_in_order() {
        let file = SourceFile { display_path: "b.yaml".into(), text: "a: [putin, putin-x]\nb: putin\n".into() };
        let mut loc = Locator::new(&file);
        assert_eq!(loc.value("putin"), Some(4..9));
        assert_eq!(loc.value("putin"), Some(23..28));
        assert_eq!(loc.key("b"), Some(20..21));
    }
}
