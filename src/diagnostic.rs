//! Diagnostics: what is wrong with the input, where, and how to fix it.
//!
//! Problems in content and themes are values, not panics or early returns:
//! every stage collects them and the run reports them all together, sorted
//! by file and line, in the style of rustc and ruff:
//!
//! ```text
//! content/briefs/x/brief.yaml:12:5: error[unknown-person]: speaker 'putn' is not in the registry
//!    |
//! 12 |   - speaker: putn
//!    |              ^^^^
//!    = help: did you mean 'putin'?
//! ```

pub mod frame;

use std::fmt::Write as _;
use std::ops::Range;

use serde::Serialize;

use crate::content::source::SourceFile;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub path: String,
    /// 1-based; 0 when the problem concerns a whole file or folder.
    pub line: usize,
    /// 1-based, counted in characters; 0 with `line`.
    pub column: usize,
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// The offending line, for the code frame.
    #[serde(skip)]
    pub source_line: Option<String>,
    /// How many characters the caret underlines.
    #[serde(skip)]
    pub caret_len: usize,
}

impl Diagnostic {
    /// A problem with a whole file or folder, without a position.
    pub fn at_path(
        severity: Severity,
        code: &'static str,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            path: path.into(),
            line: 0,
            column: 0,
            code,
            severity,
            message: message.into(),
            help: None,
            source_line: None,
            caret_len: 0,
        }
    }

    /// A problem at a byte range of a source file.
    pub fn at_span(
        severity: Severity,
        code: &'static str,
        file: &SourceFile,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        let start = file.position(span.start);
        let line = file.line_text(start.line).map(str::to_string);
        let end = span.end.min(file.text.len()).max(span.start);
        let caret_len =
            file.text.get(span.start..end).map_or(1, |s| s.lines().next().unwrap_or("").chars().count().max(1));
        Diagnostic {
            path: file.display_path.clone(),
            line: start.line,
            column: start.column,
            code,
            severity,
            message: message.into(),
            help: None,
            source_line: line,
            caret_len,
        }
    }

    /// A problem at a 1-based line and column of a source file.
    pub fn at_line_col(
        severity: Severity,
        code: &'static str,
        file: &SourceFile,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        let source_line = file.line_text(line).map(str::to_string);
        Diagnostic {
            path: file.display_path.clone(),
            line,
            column,
            code,
            severity,
            message: message.into(),
            help: None,
            source_line,
            caret_len: 1,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The first line: `path:line:col: severity[code]: message`.
    pub fn headline(&self) -> String {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let place =
            if self.line == 0 { self.path.clone() } else { format!("{}:{}:{}", self.path, self.line, self.column) };
        format!("{place}: {severity}[{}]: {}", self.code, self.message)
    }

    /// The full human form: headline, code frame with a caret, help.
    /// Control characters from the input are shown as `�` (see [`frame`]).
    pub fn render_human(&self) -> String {
        let mut out = frame::printable(&self.headline());
        out.push('\n');
        if let Some(line) = &self.source_line {
            for frame_line in frame::render(self.line, line, self.column, self.caret_len) {
                out.push_str(&frame_line);
                out.push('\n');
            }
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "  = help: {}", frame::printable(help));
        }
        out
    }
}

/// Whether a character takes two columns in a terminal (CJK and friends).
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 | 0x20000..=0x2FFFD | 0x30000..=0x3FFFD)
}

/// Sorts diagnostics by file, line and column, errors before warnings at
/// the same place, and drops exact duplicates.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.column, a.severity, a.code, &a.message)
            .cmp(&(&b.path, b.line, b.column, b.severity, b.code, &b.message))
    });
    diagnostics.dedup();
}

/// The closing count line, e.g. `2 errors, 1 warning`.
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!("{}, {}", plural(errors, "error"), plural(warnings, "warning"))
}

/// Suggests the closest candidate to a misspelt name, if one is close enough.
pub fn did_you_mean<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (wrong.chars().count() / 3).max(1);
    candidates.into_iter().map(|c| (edit_distance(wrong, c), c)).filter(|(d, _)| *d <= limit).min().map(|(_, c)| c)
}

/// Edit distance counting a swap of two neighbours as one edit (`btea` is
/// one typo away from `beta`): optimal string alignment.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut rows = vec![(0..=b.len()).collect::<Vec<usize>>()];
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let substitute = rows[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]);
            row[j] = substitute.min(rows[i - 1][j] + 1).min(row[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(rows[i - 2][j - 2] + 1);
            }
        }
        rows.push(row);
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        assert_eq!(did_you_mean("putn", ["putin", "trump"]), Some("putin"));
        assert_eq!(did_you_mean("xyz", ["putin", "trump"]), None);
        assert_eq!(did_you_mean("btea", ["alpha", "beta"]), Some("beta"), "a swap is one typo");
    }

    #[test]
    fn caret_sits_under_the_value_after_chinese_text() {
        let file = SourceFile { display_path: "a.yaml".into(), text: "text: {zh: 普京, by: putn}\n".into() };
        let start = file.text.find("putn").unwrap();
        let d = Diagnostic::at_span(
            Severity::Error,
            "unknown-person",
            &file,
            start..start + 4,
            "speaker 'putn' is not in the registry",
        );
        assert_eq!((d.line, d.column), (1, 20));
        let frame = d.render_human();
        let lines: Vec<&str> = frame.lines().collect();
        assert_eq!(lines[0], "a.yaml:1:20: error[unknown-person]: speaker 'putn' is not in the registry");
        assert_eq!(lines[2], "1 | text: {zh: 普京, by: putn}");
        // Two wide characters take four terminal columns.
        assert_eq!(lines[3], format!("  | {}^^^^", " ".repeat(21)));
    }

    #[test]
    fn summary_counts_errors_and_warnings() {
        let e = Diagnostic::at_path(Severity::Error, "x", "p", "m");
        let w = Diagnostic::at_path(Severity::Warning, "y", "p", "m");
        assert_eq!(summary(&[e.clone(), e, w]), "2 errors, 1 warning");
    }
}
