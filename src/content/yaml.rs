//! The one place that calls the YAML crate.
//!
//! `serde_yaml` is archived upstream; keeping every call to it in this file
//! means swapping it for another parser touches nothing else. Its errors
//! are turned into our diagnostics here, with positions in the editor's
//! file (front matter included) and a code that says what kind of mistake
//! it is.

use std::ops::Range;

use serde::de::DeserializeOwned;

use crate::content::source::SourceFile;
use crate::diagnostic::{Diagnostic, Severity, did_you_mean};

/// Deserializes the YAML found at `span` of `file`.
///
/// The parser is given the file from its start up to the end of the span,
/// with everything before the span blanked out, so line and column numbers
/// it reports are the file's own.
pub fn parse<T: DeserializeOwned>(file: &SourceFile, span: Range<usize>) -> Result<T, Diagnostic> {
    let text = if span.start == 0 {
        std::borrow::Cow::Borrowed(&file.text[..span.end])
    } else {
        // Same bytes and the same line breaks, so offsets and lines agree.
        let blanked: String = file.text[..span.start]
            .chars()
            .map(|c| if is_yaml_break(c) { c.to_string() } else { " ".repeat(c.len_utf8()) })
            .collect();
        std::borrow::Cow::Owned(blanked + &file.text[span.clone()])
    };
    if text.trim().is_empty() {
        return Err(Diagnostic::at_path(Severity::Error, "empty-file", &file.display_path, "the file is empty")
            .with_help("write the YAML fields this file needs, or delete it"));
    }
    serde_yaml::from_str(&text).map_err(|error| to_diagnostic(file, &text, &error))
}

fn to_diagnostic(file: &SourceFile, text: &str, error: &serde_yaml::Error) -> Diagnostic {
    let message = strip_location(&error.to_string());
    if message.starts_with("control characters are not allowed")
        && let Some(d) = control_character(file, text)
    {
        return d;
    }
    let (code, help) = classify(&message);
    let diagnostic = match error.location() {
        // A missing field is reported at the start of the mapping that lacks it.
        Some(location) if code == "missing-field" => {
            let at = file.position(yaml_offset(text, location.line(), location.column()));
            Diagnostic::at_line_col(Severity::Error, code, file, at.line, at.column, message)
        }
        Some(location) => {
            // serde_yaml counts lines as YAML does (a lone CR, NEL, U+2028
            // and U+2029 end lines too); go through the offset to the file's.
            let at = file.position(yaml_offset(text, location.line(), location.column()));
            let (line, column) = (at.line, at.column);
            match refine_position(file, text, line, column, &message) {
                Some((line, column, len)) => {
                    let mut d = Diagnostic::at_line_col(Severity::Error, code, file, line, column, message);
                    d.caret_len = len;
                    d
                }
                None => {
                    let mut d = Diagnostic::at_line_col(Severity::Error, code, file, line, column, message);
                    d.caret_len = caret_len_at(text, line, column);
                    d
                }
            }
        }
        None => Diagnostic::at_path(Severity::Error, code, &file.display_path, message.clone()),
    };
    match help {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic,
    }
}

/// Whether YAML ends a line at this character (`\r\n` counts once).
fn is_yaml_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// The byte offset of a 1-based line and character column as the YAML
/// parser counts them, clamped to the end of that line.
fn yaml_offset(text: &str, line: usize, column: usize) -> usize {
    let mut chars = text.char_indices().peekable();
    let mut current = 1;
    while current < line {
        match chars.next() {
            Some((_, '\r')) if matches!(chars.peek(), Some((_, '\n'))) => {}
            Some((_, c)) if is_yaml_break(c) => current += 1,
            Some(_) => {}
            None => return text.len(),
        }
    }
    let start = chars.peek().map_or(text.len(), |(i, _)| *i);
    let rest = &text[start..];
    let line_end = rest.find(is_yaml_break).unwrap_or(rest.len());
    rest[..line_end].char_indices().nth(column.saturating_sub(1)).map_or(start + line_end, |(i, _)| start + i)
}

/// YAML forbids control characters (NUL, escape...) anywhere in a file;
/// the parser names only a byte position, so point at the character itself.
fn control_character(file: &SourceFile, text: &str) -> Option<Diagnostic> {
    let (offset, c) = text.char_indices().find(|(_, c)| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{85}')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    })?;
    let position = file.position(offset);
    let message = format!("control character U+{:04X} is not allowed in YAML", u32::from(c));
    Some(
        Diagnostic::at_line_col(Severity::Error, "yaml-syntax", file, position.line, position.column, message)
            .with_help("delete it (it is invisible in most editors; it is shown here as \u{FFFD})"),
    )
}

/// Removes every " at line X column Y" that serde_yaml puts in its
/// messages: the diagnostic shows the position itself.
fn strip_location(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let digits = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let mut skip = digits(after);
        if let Some(col) = after[skip..].strip_prefix(" column ") {
            skip += " column ".len() + digits(col);
        }
        rest = &after[skip..];
    }
    out.push_str(rest);
    match out.find(" at position ") {
        Some(i) if out[i + " at position ".len()..].bytes().all(|b| b.is_ascii_digit()) => out.truncate(i),
        _ => {}
    }
    out
}

/// serde reports errors raised inside a value's own deserializer (a bad
/// date, duration or duplicate key) at the start of the enclosing mapping.
/// Moves such a diagnostic onto the value it quotes, found at or after the
/// reported place (for a duplicate key: its second occurrence).
fn refine_position(
    file: &SourceFile,
    text: &str,
    line: usize,
    column: usize,
    message: &str,
) -> Option<(usize, usize, usize)> {
    let quoted = |open: char, close: char| {
        let start = message.find(open)? + open.len_utf8();
        let end = start + message[start..].find(close)?;
        Some(&message[start..end])
    };
    let (needle, nth) = if let Some(rest) = message.find("duplicate field `").map(|i| &message[i..]) {
        (quoted_in(rest, '`')?, 1)
    } else if message.contains("invalid date '") || message.contains("invalid duration '") {
        (quoted('\'', '\'')?, 0)
    } else {
        return None;
    };
    let from = file.line_start(line)?
        + text.lines().nth(line - 1).map_or(0, |l| l.chars().take(column - 1).map(char::len_utf8).sum());
    let rest = &text[from..];
    // A date or duration is never the text of a translation: skip values of `zh:`/`en:`.
    let in_translation = |start: usize| {
        let line_start = rest[..start].rfind('\n').map_or(0, |i| i + 1);
        let before = rest[line_start..start].trim_end_matches(['"', '\'']).trim_end();
        before.ends_with("zh:") || before.ends_with("en:")
    };
    let spans: Vec<_> =
        crate::content::locate::token_spans(rest, needle).into_iter().filter(|r| !in_translation(r.start)).collect();
    let span = spans.get(nth).or(spans.first())?;
    let position = file.position(from + span.start);
    Some((position.line, position.column, needle.chars().count()))
}

fn quoted_in(text: &str, mark: char) -> Option<&str> {
    let start = text.find(mark)? + 1;
    let end = start + text[start..].find(mark)?;
    Some(&text[start..end])
}

/// Picks a diagnostic code and a hint from serde_yaml's message.
fn classify(message: &str) -> (&'static str, Option<String>) {
    // Nested errors carry a path prefix such as "calls[0].duration: ".
    let message =
        ["unknown field `", "unknown variant `", "missing field", "duplicate field", "invalid type", "invalid length"]
            .iter()
            .find_map(|k| message.find(k).map(|i| &message[i..]))
            .unwrap_or(message);
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        let help = match did_you_mean(field, expected.iter().copied()) {
            Some(s) => format!("did you mean '{s}'?"),
            None if expected.is_empty() => "remove this field".to_string(),
            None => format!("remove it; the fields allowed here are: {}", expected.join(", ")),
        };
        return ("unknown-field", Some(help));
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        return ("invalid-value", Some(format!("use one of: {}", expected.join(", "))));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or("");
        return (
            "missing-field",
            Some(format!("add `{field}:` to this mapping; see the content reference in README.md")),
        );
    }
    if message.contains("invalid date") || message.contains("expected a date") {
        return (
            "invalid-date",
            Some("write dates as YYYY-MM-DD (or YYYY-MM, YYYY where a partial date is allowed)".into()),
        );
    }
    if message.contains("invalid duration") || message.contains("expected a duration") {
        return (
            "invalid-duration",
            Some("write e.g. \"90m\", \"about 1h\", \"at least 60m\" or \"nearly 1h30m\"".into()),
        );
    }
    if message.starts_with("duplicate field") {
        return ("duplicate-key", Some("remove one of the two; each key may appear once in a mapping".into()));
    }
    if message.starts_with("invalid type") || message.starts_with("invalid length") {
        let help = if message.ends_with("expected struct Text") {
            "write a Text as a mapping of languages: {zh: ..., en: ...}"
        } else {
            "write the value in the shape the content reference in README.md gives for this field"
        };
        return ("wrong-type", Some(help.into()));
    }
    if message.contains("recursion limit") || message.contains("repetition limit") {
        return (
            "yaml-too-complex",
            Some("simplify the YAML: deep nesting and aliases that expand without bound are refused".into()),
        );
    }
    ("yaml-syntax", Some("check the indentation and quoting around this place".into()))
}

fn caret_len_at(text: &str, line: usize, column: usize) -> usize {
    let Some(line_text) = text.lines().nth(line - 1) else { return 1 };
    let rest: String = line_text.chars().skip(column - 1).collect();
    let token = rest.split([' ', ',', '}', ']', '\r']).next().unwrap_or("").trim_end_matches(':');
    token.chars().count().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::Text;

    fn file(text: &str) -> SourceFile {
        SourceFile { display_path: "t.yaml".into(), text: text.into() }
    }

    #[test]
    fn unknown_fields_get_a_suggestion_and_the_file_position() {
        let f = file("zh: 你好\nenn: hello\n");
        let err = parse::<Text>(&f, 0..f.text.len()).unwrap_err();
        assert_eq!((err.code, err.line, err.column), ("unknown-field", 2, 1));
        assert_eq!(err.help.as_deref(), Some("did you mean 'en'?"));
        assert_eq!(err.caret_len, 3);
    }

    #[test]
    fn front_matter_lines_are_counted_from_the_file() {
        let f = file("---\nzh: 你好\nfr: salut\n---\nbody\n");
        let err = parse::<Text>(&f, 4..f.text.find("---\nbody").unwrap()).unwrap_err();
        assert_eq!((err.line, err.column), (3, 1));
    }

    #[test]
    fn control_characters_are_pointed_at() {
        let f = file("zh: 普京\nen: a\u{1b}[31mb\n");
        let err = parse::<Text>(&f, 0..f.text.len()).unwrap_err();
        assert_eq!((err.code, err.line, err.column), ("yaml-syntax", 2, 6));
        assert_eq!(err.message, "control character U+001B is not allowed in YAML");
        let nul = file("zh: a\0b\n");
        assert_eq!(
            parse::<Text>(&nul, 0..nul.text.len()).unwrap_err().message,
            "control character U+0000 is not allowed in YAML"
        );
    }

    #[test]
    fn alias_bombs_and_deep_nesting_end_quickly_with_a_diagnostic() {
        let mut bomb = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (prev, name) in
            ["a", "b", "c", "d", "e", "f", "g", "h"].iter().zip(["b", "c", "d", "e", "f", "g", "h", "i"])
        {
            bomb.push_str(&format!("{name}: &{name} [{}]\n", vec![format!("*{prev}"); 9].join(", ")));
        }
        bomb.push_str("j: *i\n");
        let bomb = file(&bomb);
        // Typed as our model, the first alias is the wrong type; typed as
        // anything at all, expansion stops at the parser's limit.
        let err = parse::<std::collections::BTreeMap<String, Vec<String>>>(&bomb, 0..bomb.text.len()).unwrap_err();
        assert_eq!(err.code, "wrong-type", "{err:?}");
        let err = parse::<serde_yaml::Value>(&bomb, 0..bomb.text.len()).unwrap_err();
        assert_eq!(err.code, "yaml-too-complex", "{err:?}");
        let deep = file(&format!("zh: {}{}\n", "[".repeat(10_000), "]".repeat(10_000)));
        let err = parse::<serde_yaml::Value>(&deep, 0..deep.text.len()).unwrap_err();
        assert_eq!(err.code, "yaml-too-complex", "{err:?}");
    }

    #[test]
    fn lines_ended_by_cr_nel_or_line_separators_are_mapped_to_the_file() {
        for text in ["zh: x\u{85}fr: y\n", "zh: x\u{2028}fr: y\n", "zh: x\rfr: y\r", "zh: x\r\nfr: y\r\n"] {
            let f = file(text);
            let err = parse::<Text>(&f, 0..f.text.len()).unwrap_err();
            let fr = f.position(f.text.find("fr").unwrap());
            assert_eq!((err.code, err.line, err.column), ("unknown-field", fr.line, fr.column), "{text:?}");
        }
    }

    #[test]
    fn empty_input_is_its_own_error() {
        let f = file("  \n");
        assert_eq!(parse::<Text>(&f, 0..f.text.len()).unwrap_err().code, "empty-file");
    }
}
