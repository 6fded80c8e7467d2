//! The code frame under a diagnostic's headline: the offending line with a
//! caret under the value, made safe and readable in a terminal.
//!
//! ```text
//!   |
//! 5 |   - speaker: putn
//!   |              ^^^^
//! ```
//!
//! Three things can go wrong when echoing an editor's line back:
//!
//! - **width**: a CJK character takes two terminal columns, so the padding
//!   before the caret is counted in columns, not characters;
//! - **length**: a minified or generated file can hold a line of megabytes;
//!   only a window of about [`WINDOW`] columns around the caret is shown,
//!   with `…` where the line was cut;
//! - **control characters**: an escape sequence, a NUL or a right-to-left
//!   override in the file must not restyle or reorder the terminal, so each
//!   is shown as `�` (one character for one, so the caret stays in place).
//!   Headlines and help lines go through the same filter.

use crate::diagnostic::is_wide;

/// How many terminal columns of a long line are shown around the caret.
pub const WINDOW: usize = 100;

/// How many columns of context are kept before the caret in a long line.
const BEFORE: usize = 40;

/// Whether a character would change how the terminal shows what follows:
/// C0/C1 controls (tab aside) and the Unicode bidirectional controls.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A line of text made safe to print: tabs become spaces, line breaks and
/// other controls become `�`.
pub fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c == '\t' {
                ' '
            } else if is_unsafe(c) {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

fn width(c: char) -> usize {
    if is_wide(c) { 2 } else { 1 }
}

/// The lines of the frame: the gutter, the source line (cut to a window
/// around the caret when long) and the caret line.
pub fn render(number: usize, line: &str, column: usize, caret_len: usize) -> [String; 3] {
    let chars: Vec<char> = printable(line).chars().collect();
    let at = column.saturating_sub(1).min(chars.len());
    let (from, to) = window(&chars, at);
    let caret_end = (at + caret_len.max(1)).min(to.max(at + 1));
    let mut shown: String = chars[from..to].iter().collect();
    let mut pad: usize = chars[from..at].iter().map(|c| width(*c)).sum();
    if from > 0 {
        shown.insert(0, '…');
        pad += 1;
    }
    if to < chars.len() {
        shown.push('…');
    }
    let carets: usize = chars[at.min(to)..caret_end.min(to)].iter().map(|c| width(*c)).sum::<usize>().max(1);
    let number = number.to_string();
    let gutter = " ".repeat(number.len());
    [
        format!("{gutter} |"),
        format!("{number} | {shown}"),
        format!("{gutter} | {}{}", " ".repeat(pad), "^".repeat(carets)),
    ]
}

/// The range of characters to show: the whole line when it fits, else
/// about [`BEFORE`] columns before the caret and the rest of [`WINDOW`].
fn window(chars: &[char], at: usize) -> (usize, usize) {
    let total: usize = chars.iter().map(|c| width(*c)).sum();
    if total <= WINDOW + 20 {
        return (0, chars.len());
    }
    let mut from = at;
    let mut used = 0;
    while from > 0 && used + width(chars[from - 1]) <= BEFORE {
        from -= 1;
        used += width(chars[from]);
    }
    let mut to = from;
    let mut used = 0;
    while to < chars.len() && used + width(chars[to]) <= WINDOW {
        used += width(chars[to]);
        to += 1;
    }
    (from, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_are_shown_whole() {
        let [_, line, caret] = render(3, "  - speaker: putn", 14, 4);
        assert_eq!(line, "3 |   - speaker: putn");
        assert_eq!(caret, "  |              ^^^^");
    }

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        let text = format!("{}needle{}", "a".repeat(5000), "b".repeat(5000));
        let [_, line, caret] = render(1, &text, 5001, 6);
        assert!(line.chars().count() < WINDOW + 10, "{line}");
        assert!(line.starts_with("1 | …a") && line.ends_with("b…"), "{line}");
        let under = caret.find('^').unwrap();
        assert_eq!(&line[line.char_indices().nth(under).unwrap().0..][..6], "needle");
        assert!(caret.ends_with("^^^^^^"));
    }

    #[test]
    fn a_caret_longer_than_the_window_is_cut_too() {
        let text = "[".repeat(20_000);
        let [_, line, caret] = render(1, &text, 7, 20_000);
        assert!(line.len() < 200 && caret.len() < 200, "{line}\n{caret}");
    }

    #[test]
    fn control_and_bidi_characters_cannot_reach_the_terminal() {
        let [_, line, caret] = render(1, "a\u{1b}[31m\u{202e}b\0c: bad", 11, 3);
        assert_eq!(line, "1 | a\u{FFFD}[31m\u{FFFD}b\u{FFFD}c: bad");
        assert_eq!(caret, format!("  | {}^^^", " ".repeat(10)));
    }

    #[test]
    fn a_column_past_the_end_still_gets_a_caret() {
        let [_, line, caret] = render(2, "abc", 9, 1);
        assert_eq!(line, "2 | abc");
        assert_eq!(caret, "  |    ^");
    }
}
