//! Property tests: the front-matter splitter, YAML loading into the model
//! types and Markdown rendering never panic, whatever the input, and what
//! they return stays inside the input (spans, positions, frames).
//!
//! Inputs come from a small deterministic generator of our own rather than
//! `proptest`: the properties are "no panic, sane output", which needs no
//! shrinking to read, and a fixed-seed xorshift over a dictionary of nasty
//! fragments (fences, YAML indicators, anchors and aliases, CRLF, a BOM,
//! NUL and other controls, bidi marks, CJK, Markdown link schemes) reaches
//! the edge cases faster than uniform bytes, adds no dependency to build,
//! and runs the same cases on every machine. A failing case prints its seed
//! and its input. A few thousand cases take well under a few seconds.

use std::panic::{AssertUnwindSafe, catch_unwind};

use brief::content::markdown;
use brief::content::model::{BriefFile, EntityFile, NarrativeFrontMatter, SiteConfig};
use brief::content::source::{SourceFile, split_front_matter};
use brief::content::yaml;
use brief::diagnostic::Diagnostic;

/// xorshift64*: tiny, fast, and the same sequence everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const FRAGMENTS: &[&str] = &[
    "---\n",
    "---\r\n",
    "---",
    "\n",
    "\r\n",
    "\r",
    " ",
    "  ",
    "\t",
    ": ",
    ":",
    "- ",
    "-",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "'",
    "\"",
    "#",
    "&a ",
    "*a",
    "!!str ",
    "? ",
    "|\n",
    ">\n",
    "...\n",
    "\u{feff}",
    "\0",
    "\u{1b}[31m",
    "\u{202e}",
    "\u{200f}",
    "\u{7f}",
    "\u{85}",
    "\u{2028}",
    "普京",
    "通话时长",
    "zh: ",
    "en: ",
    "title: ",
    "summary: ",
    "date: ",
    "2025-02-12",
    "2025-02-30",
    "calls:\n",
    "  - id: ",
    "participants: [a, b]",
    "duration:\n",
    "value: ",
    "about 1h",
    "nearly 90m",
    "when: 2025-02/2025-03",
    "status: agreed",
    "sources:\n",
    "name: ",
    "aliases: ",
    "bio: ",
    "> ",
    "* ",
    "1. ",
    "```",
    "~~~",
    "| a | b |\n|---|---|\n",
    "[^1]",
    "[^1]: note\n",
    "[x](person:putin)",
    "[y](brief:b#x)",
    "[z](#a)",
    "](",
    "<script>",
    "</script>",
    "<!--",
    "{#id}",
    "## ",
    "# ",
    "**",
    "_",
    "`",
    "\\",
    "&amp;",
    "&#0;",
    "é",
    "😀",
    "\u{301}",
];

/// One input: a random run of fragments and random characters.
fn input(rng: &mut Rng) -> String {
    let mut text = String::new();
    for _ in 0..rng.below(60) {
        if rng.below(8) == 0 {
            let c = char::from_u32(rng.below(0x3_0000) as u32).unwrap_or('x');
            text.push(c);
        } else {
            text.push_str(FRAGMENTS[rng.below(FRAGMENTS.len())]);
        }
    }
    text
}

/// Runs `property` over `cases` inputs; a panic names the seed and input.
fn for_all(cases: u64, property: impl Fn(&str)) {
    for seed in 1..=cases {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let text = input(&mut rng);
        if catch_unwind(AssertUnwindSafe(|| property(&text))).is_err() {
            panic!("property failed for seed {seed}, input {text:?}");
        }
    }
}

fn file(text: &str) -> SourceFile {
    SourceFile { display_path: "p.yaml".into(), text: text.to_string() }
}

/// A diagnostic points inside its file and renders without panicking.
fn sane(d: &Diagnostic, f: &SourceFile) {
    let lines = f.text.split('\n').count();
    assert!(d.line <= lines, "line {} of {lines}: {d:?}", d.line);
    let frame = d.render_human();
    assert!(frame.starts_with("p.yaml"), "{frame}");
    assert!(!frame.contains(['\u{1b}', '\0', '\u{202e}']), "controls reach the terminal: {frame:?}");
}

#[test]
fn the_front_matter_splitter_returns_spans_of_its_input() {
    for_all(3000, |text| {
        let Ok(split) = split_front_matter(text) else { return };
        assert_eq!(split.body.end, text.len());
        assert!(text.is_char_boundary(split.body.start) && split.body.start <= text.len());
        if let Some(front) = split.front_matter {
            assert!(front.start <= front.end && front.end <= split.body.start);
            assert!(text.is_char_boundary(front.start) && text.is_char_boundary(front.end));
        }
    });
}

#[test]
fn yaml_loading_into_every_model_type_never_panics() {
    for_all(2000, |text| {
        let f = file(text);
        let all = 0..f.text.len();
        let errors = [
            yaml::parse::<BriefFile>(&f, all.clone()).err(),
            yaml::parse::<EntityFile>(&f, all.clone()).err(),
            yaml::parse::<SiteConfig>(&f, all.clone()).err(),
        ];
        for d in errors.iter().flatten() {
            sane(d, &f);
        }
        if let Ok(split) = split_front_matter(&f.text)
            && let Some(front) = split.front_matter
            && let Err(d) = yaml::parse::<NarrativeFrontMatter>(&f, front)
        {
            sane(&d, &f);
        }
    });
}

#[test]
fn markdown_rendering_never_panics_and_passes_no_raw_html() {
    for_all(2000, |text| {
        let offset = 7;
        let rendered = markdown::render(text, offset, "../../");
        assert!(!rendered.html.contains("<script"), "{}", rendered.html);
        assert!(!rendered.html.contains("<!--"), "{}", rendered.html);
        for link in rendered.links.iter() {
            assert!(link.span.start >= offset && link.span.end <= offset + text.len(), "{link:?}");
        }
        assert!(rendered.headings.iter().all(|h| !h.id.is_empty()));
        // A narrative's outline (its links checked, its cross-references)
        // and its plain text (the index, in `brief serve`) may be made
        // alone: each is the same as the whole render's.
        let outline = markdown::outline(text, offset);
        assert_eq!((outline.headings, outline.links), (rendered.headings, rendered.links));
        assert_eq!(markdown::to_sections(text), rendered.sections);
    });
}

#[test]
fn a_diagnostic_at_any_span_renders() {
    for_all(2000, |text| {
        let f = file(text);
        let mut rng = Rng(text.len() as u64 + 1);
        let start = rng.below(text.len() + 2);
        let end = start + rng.below(40);
        let d = Diagnostic::at_span(brief::diagnostic::Severity::Error, "x", &f, start..end, "m");
        sane(&d, &f);
    });
}
