//! How wide a label will be, without a font at hand.
//!
//! Layout happens at build time, where no font is loaded, so widths are
//! estimated in ems: a Chinese character (and full-width punctuation) is
//! one em, Latin letters and digits about 0.55–0.6 em, narrow letters and
//! spaces less. The estimate leans wide, so a box sized from it holds the
//! text in the theme's system fonts. Wrapping breaks Latin text at spaces
//! and Chinese text between any two characters, keeping closing
//! punctuation on the line before.

use crate::diagnostic::is_wide;

/// Line height as a multiple of the font size.
pub const LINE: f64 = 1.3;

/// How much wider bold text runs than regular text.
pub const BOLD: f64 = 1.1;

/// The estimated advance of one character, in ems.
pub fn char_em(c: char) -> f64 {
    if is_wide(c) {
        return 1.0;
    }
    match c {
        ' ' | '\u{a0}' => 0.3,
        'i' | 'j' | 'l' | 'I' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | '‘' | '’' => 0.3,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '"' | '“' | '”' | '/' => 0.4,
        'm' | 'w' => 0.9,
        'M' | 'W' => 0.95,
        'A'..='Z' => 0.7,
        '—' | '…' => 1.0,
        _ => 0.6,
    }
}

/// The estimated width of `text` at `size` picture units per em.
pub fn width(text: &str, size: f64) -> f64 {
    text.chars().map(char_em).sum::<f64>() * size
}

/// The height of `lines` lines of text at `size`.
pub fn height(lines: usize, size: f64) -> f64 {
    lines as f64 * size * LINE
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '”'
            | '’'
            | '）'
            | '》'
            | '」'
            | ','
            | '.'
            | ';'
            | ':'
            | ')'
    )
}

/// Splits text into pieces that may not be broken: a Latin word with the
/// space before it, or one wide character, each with any closing
/// punctuation that follows.
fn pieces(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in text.chars() {
        let joins = match out.last() {
            None => false,
            Some(last) => {
                let prev = last.chars().last().unwrap_or(' ');
                is_closing(c) || (!is_wide(c) && c != ' ' && !is_wide(prev) && prev != ' ')
            }
        };
        if joins && let Some(last) = out.last_mut() {
            last.push(c);
        } else {
            out.push(c.to_string());
        }
    }
    out
}

/// Wraps `text` into lines no wider than `max` (a single piece wider than
/// `max` gets a line of its own), at most `max_lines`; text that does not
/// fit ends in an ellipsis.
pub fn wrap(text: &str, size: f64, max: f64, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for piece in pieces(text) {
        let candidate = format!("{line}{piece}");
        if line.is_empty() || width(candidate.trim(), size) <= max {
            line = candidate;
        } else {
            lines.push(line.trim().to_string());
            line = piece.trim_start().to_string();
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim().to_string());
    }
    if lines.len() > max_lines.max(1) {
        lines.truncate(max_lines.max(1));
        let last = lines.last_mut().expect("at least one line");
        while !last.is_empty() && width(&format!("{last}…"), size) > max {
            last.pop();
        }
        last.push('…');
    }
    lines
}

/// The width of the widest line.
pub fn widest(lines: &[String], size: f64) -> f64 {
    lines.iter().map(|l| width(l, size)).fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_characters_are_one_em_and_latin_about_half() {
        assert_eq!(width("特朗普", 10.0), 30.0);
        assert_eq!(width("，", 10.0), 10.0);
        let latin = width("negotiations", 10.0) / 12.0;
        assert!((4.5..=6.0).contains(&latin), "average Latin letter {latin}");
        assert!(width("Trump", 14.0) < width("特朗普与普京", 14.0));
        assert_eq!(width("60–90分钟", 10.0), 0.6 * 50.0 + 20.0);
    }

    #[test]
    fn wraps_latin_at_spaces_and_chinese_anywhere() {
        let lines = wrap("Trump and Putin speak by phone", 10.0, 100.0, 5);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| width(l, 10.0) <= 100.0), "{lines:?}");
        assert_eq!(lines.join(" "), "Trump and Putin speak by phone");
        let zh = wrap("特朗普与普京通电话，双方同意会晤", 10.0, 60.0, 5);
        assert_eq!(zh[0], "特朗普与普京");
        assert_eq!(zh[1], "通电话，双方");
        assert!(zh.iter().all(|l| width(l, 10.0) <= 60.0), "{zh:?}");
    }

    #[test]
    fn closing_punctuation_stays_on_its_line_and_overflow_ends_in_an_ellipsis() {
        let lines = wrap("一二三四五，六", 10.0, 50.0, 5);
        assert_eq!(lines, ["一二三四", "五，六"]);
        let cut = wrap("one two three four five six seven", 10.0, 60.0, 2);
        assert_eq!(cut.len(), 2);
        assert!(cut[1].ends_with('…') && width(&cut[1], 10.0) <= 60.0, "{cut:?}");
    }
}
