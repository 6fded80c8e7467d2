//! A source file as read from disk, and positions within it.
//!
//! Every diagnostic points at `path:line:col` of the file the editor has
//! open, so positions are always computed against the whole file: the
//! front matter of a Markdown file is a byte span of the file, never a
//! separate string with its own line numbers. Columns count characters,
//! not bytes, so Chinese text earlier on a line does not shift a caret.

use std::ops::Range;

/// One content or theme file, decoded as UTF-8 (a byte-order mark removed).
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as shown to the user: relative to the site root, `/`-separated.
    pub display_path: String,
    pub text: String,
}

/// A position in a file: 1-based line and 1-based character column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// A Markdown file split into its optional YAML front matter and its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The YAML between the fences, as a byte range of the file.
    pub front_matter: Option<Range<usize>>,
    /// The Markdown after the closing fence, as a byte range of the file.
    pub body: Range<usize>,
}

/// Why a front-matter block could not be split off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnclosedFrontMatter {
    /// Byte offset of the opening `---`.
    pub opening: usize,
}

impl SourceFile {
    /// Decodes bytes as UTF-8, dropping a leading byte-order mark.
    /// On failure, returns the byte offset of the first invalid byte and
    /// the bytes.
    pub fn decode(display_path: String, bytes: Vec<u8>) -> Result<SourceFile, (usize, Vec<u8>)> {
        // simdutf8 checks a mostly-Chinese text many times faster than the
        // standard library (a build reads every file, narratives twice);
        // the copy it costs to stay in safe code is cheaper still. The
        // standard library finds where a bad file goes wrong.
        let mut text = match simdutf8::basic::from_utf8(&bytes) {
            Ok(valid) => valid.to_owned(),
            Err(_) => String::from_utf8(bytes).map_err(|e| (e.utf8_error().valid_up_to(), e.into_bytes()))?,
        };
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        Ok(SourceFile { display_path, text })
    }

    /// The line and character column of a byte offset (clamped to the text).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &self.text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Position { line: before.matches('\n').count() + 1, column: before[line_start..].chars().count() + 1 }
    }

    /// The byte offset where a 1-based line starts, if the line exists.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        if line == 1 {
            return Some(0);
        }
        self.text.match_indices('\n').nth(line.checked_sub(2)?).map(|(i, _)| i + 1)
    }

    /// The text of a 1-based line without its line ending.
    pub fn line_text(&self, line: usize) -> Option<&str> {
        let start = self.line_start(line)?;
        let rest = &self.text[start..];
        let end = rest.find('\n').unwrap_or(rest.len());
        Some(rest[..end].trim_end_matches('\r'))
    }
}

/// Splits optional `---` fenced YAML front matter off a Markdown text.
pub fn split_front_matter(text: &str) -> Result<Split, UnclosedFrontMatter> {
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != "---" {
        return Ok(Split { front_matter: None, body: 0..text.len() });
    }
    let mut offset = first_line_end;
    while offset < text.len() {
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i + 1);
        if text[offset..line_end].trim_end() == "---" {
            return Ok(Split { front_matter: Some(first_line_end..offset), body: line_end..text.len() });
        }
        offset = line_end;
    }
    Err(UnclosedFrontMatter { opening: 0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile { display_path: "x".into(), text: text.into() }
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let f = file("title: 普京说\nspeaker: putn\n");
        let offset = f.text.find("putn").unwrap();
        assert_eq!(f.position(offset), Position { line: 2, column: 10 });
        let after_han = f.text.find('说').unwrap();
        assert_eq!(f.position(after_han), Position { line: 1, column: 10 });
    }

    #[test]
    fn line_text_drops_crlf() {
        let f = file("a: 1\r\nb: 2\r\n");
        assert_eq!(f.line_text(2), Some("b: 2"));
        assert_eq!(f.line_text(9), None);
    }

    #[test]
    fn decode_strips_bom_and_reports_bad_bytes() {
        let ok = SourceFile::decode("x".into(), b"\xEF\xBB\xBFa: 1".to_vec()).unwrap();
        assert_eq!(ok.text, "a: 1");
        assert_eq!(SourceFile::decode("x".into(), b"ab\xFFc".to_vec()).unwrap_err(), (2, b"ab\xFFc".to_vec()));
    }

    #[test]
    fn splits_front_matter_into_file_spans() {
        let text = "---\ntitle: T\n---\n# Body\n";
        let split = split_front_matter(text).unwrap();
        assert_eq!(&text[split.front_matter.clone().unwrap()], "title: T\n");
        assert_eq!(&text[split.body], "# Body\n");
    }

    #[test]
    fn no_front_matter_means_all_body() {
        let split = split_front_matter("Hello\n---\n").unwrap();
        assert_eq!(split, Split { front_matter: None, body: 0..10 });
    }

    #[test]
    fn crlf_fences_are_accepted() {
        let text = "---\r\ntitle: T\r\n---\r\nBody";
        let split = split_front_matter(text).unwrap();
        assert_eq!(&text[split.body], "Body");
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        assert_eq!(split_front_matter("---\ntitle: T\n"), Err(UnclosedFrontMatter { opening: 0 }));
    }
}
