//! Pictures drawn at build time as inline SVG: the call map, the duration
//! bars and the timeline.
//!
//! Readers would rather look than read, and the pictures must work offline,
//! on paper and without JavaScript, so `brief` lays them out itself and
//! writes the SVG into the page. This module knows nothing of the content
//! model: the views hand it plain inputs already worded in the page's
//! language ([`callmap::CallMap`], [`bars::Bars`], [`timeline::Timeline`]),
//! and it returns markup. Colours come from the theme's CSS variables
//! through classes (`pic-*`); the only colour attributes are
//! `currentColor`/`none` fallbacks. Every picture has a `<title>` and a
//! `<desc>` (role="img", aria-labelledby); the page keeps a text
//! equivalent (lists and tables) next to it.
//!
//! Layouts are pure functions of their input (no hashing, no clock), and
//! coordinates are printed rounded to one decimal, so builds stay
//! byte-identical. Each layout returns the boxes of its text so tests can
//! prove that no two labels overlap.

pub mod bars;
pub mod callmap;
pub mod text;
pub mod timeline;

/// An axis-aligned box in picture units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn centered(cx: f64, cy: f64, w: f64, h: f64) -> Rect {
        Rect { x: cx - w / 2.0, y: cy - h / 2.0, w, h }
    }

    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }

    /// True when the two boxes share some area (touching edges do not count).
    pub fn intersects(&self, other: &Rect) -> bool {
        self.x < other.right() && other.x < self.right() && self.y < other.bottom() && other.y < self.bottom()
    }

    /// The box grown by `m` on every side.
    pub fn inflate(&self, m: f64) -> Rect {
        Rect { x: self.x - m, y: self.y - m, w: self.w + 2.0 * m, h: self.h + 2.0 * m }
    }

    /// The smallest box holding both.
    pub fn union(&self, other: &Rect) -> Rect {
        let x = self.x.min(other.x);
        let y = self.y.min(other.y);
        Rect { x, y, w: self.right().max(other.right()) - x, h: self.bottom().max(other.bottom()) - y }
    }
}

/// The first pair of boxes that overlap, if any (for tests and debugging).
pub fn first_overlap(boxes: &[Rect]) -> Option<(usize, usize)> {
    (0..boxes.len()).find_map(|i| ((i + 1)..boxes.len()).find(|&j| boxes[i].intersects(&boxes[j])).map(|j| (i, j)))
}

/// A coordinate as printed: rounded to one decimal, without `-0`, so the
/// same layout always prints the same bytes.
pub fn num(v: f64) -> String {
    Num(v).to_string()
}

/// [`num`] written straight into the output (`write!(out, "{}", Num(x))`).
#[derive(Debug, Clone, Copy)]
pub struct Num(pub f64);

impl Num {
    /// Hands the printed number to `write` in pieces: a sign, the whole
    /// part (itoa: no formatting machinery, no UTF-8 check), and a tenth
    /// when there is one. Every coordinate of every picture comes through
    /// here.
    fn each_piece<E>(self, mut write: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
        const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
        let tenths = (self.0 * 10.0).round() as i64;
        if tenths < 0 {
            write("-")?;
        }
        let abs = tenths.unsigned_abs();
        write(itoa::Buffer::new().format(abs / 10))?;
        match abs % 10 {
            0 => Ok(()),
            tenth => {
                write(".")?;
                write(DIGITS[tenth as usize])
            }
        }
    }
}

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.each_piece(|piece| f.write_str(piece))
    }
}

/// Text made safe for XML content and attribute values.
pub fn escape(text: &str) -> String {
    Esc(text).to_string()
}

/// [`escape`] written straight into the output (`write!(out, "{}", Esc(s))`).
#[derive(Debug, Clone, Copy)]
pub struct Esc<'a>(pub &'a str);

impl Esc<'_> {
    /// Hands the text to `write` in runs, entities in place of `&<>"'`.
    fn each_run<E>(self, mut write: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
        let text = self.0;
        let mut copied = 0;
        for (i, b) in text.bytes().enumerate() {
            let entity = match b {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&#39;",
                _ => continue,
            };
            write(&text[copied..i])?;
            write(entity)?;
            copied = i + 1;
        }
        write(&text[copied..])
    }
}

impl std::fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.each_run(|run| f.write_str(run))
    }
}

/// A piece of markup that `put!` appends: markup as it is, a [`Num`], or
/// text to escape ([`Esc`]).
pub trait Piece {
    fn put(self, out: &mut String);
}

impl Piece for &str {
    fn put(self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for Num {
    fn put(self, out: &mut String) {
        let _ = self.each_piece(|piece| {
            out.push_str(piece);
            Ok::<(), std::convert::Infallible>(())
        });
    }
}

impl Piece for Esc<'_> {
    fn put(self, out: &mut String) {
        let _ = self.each_run(|run| {
            out.push_str(run);
            Ok::<(), ()>(())
        });
    }
}

/// Appends pieces of markup to a `String` in order, without the formatting
/// machinery `write!` goes through for each (pictures are written a lot:
/// several per brief page).
macro_rules! put {
    ($out:expr, $($piece:expr),+ $(,)?) => {{
        let out: &mut String = $out;
        $( $crate::site::svg::Piece::put($piece, out); )+
    }};
}
pub(crate) use put;

/// What every picture opens with: its id, class, size and accessible name.
pub struct Frame<'a> {
    /// Unique on the page; `-title` and `-desc` are appended for the labels.
    pub id: &'a str,
    pub class: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
    /// The picture's extent in picture units (its viewBox).
    pub view: Rect,
}

/// Writes `<svg ...><title/><desc/>`; the caller closes with `</svg>`.
pub fn open(out: &mut String, frame: &Frame) {
    let id = Esc(frame.id);
    let v = frame.view;
    let (class, title, desc) = (Esc(frame.class), Esc(frame.title), Esc(frame.desc));
    let (x, y, w, h) = (Num(v.x), Num(v.y), Num(v.w), Num(v.h));
    put!(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"pic ", class, "\" id=\"", id, "\" viewBox=\"");
    put!(out, x, " ", y, " ", w, " ", h, "\" width=\"", w, "\" height=\"", h, "\" role=\"img\" aria-labelledby=\"");
    put!(out, id, "-title ", id, "-desc\"><title id=\"", id, "-title\">", title, "</title><desc id=\"", id, "-desc\">");
    put!(out, desc, "</desc>");
}

/// A `<text>` element; `lines` are stacked `line_height` apart from the
/// first baseline `y`.
pub fn text_lines(out: &mut String, class: &str, x: f64, y: f64, size: f64, anchor: &str, lines: &[String]) {
    let (x, y, size_) = (Num(x), Num(y), Num(size));
    put!(
        out,
        "<text class=\"",
        class,
        "\" x=\"",
        x,
        "\" y=\"",
        y,
        "\" font-size=\"",
        size_,
        "\" text-anchor=\"",
        anchor,
        "\">"
    );
    let dy = Num(size * text::LINE);
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            put!(out, "<tspan x=\"", x, "\">", Esc(line), "</tspan>");
        } else {
            put!(out, "<tspan x=\"", x, "\" dy=\"", dy, "\">", Esc(line), "</tspan>");
        }
    }
    out.push_str("</text>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_appends_what_write_would() {
        let numbers = [0.0, 0.04, -0.04, 0.05, 1.25, -3.75, 12.0, 99.95, 1234.5, -0.5, 1e9];
        let texts = ["", "plain", "a & b", "<tag attr=\"x\">", "it's", "特朗普 & 普京"];
        let (mut by_put, mut by_write) = (String::new(), String::new());
        for (i, n) in numbers.iter().enumerate() {
            let text = texts[i % texts.len()];
            put!(&mut by_put, "<t x=\"", Num(*n), "\">", Esc(text), "</t>");
            by_write.push_str(&format!("<t x=\"{}\">{}</t>", Num(*n), Esc(text)));
        }
        assert_eq!(by_put, by_write);
    }

    #[test]
    fn numbers_print_the_same_way_every_time() {
        assert_eq!(num(0.04), "0");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.25), "12.3");
        assert_eq!(num(-3.46), "-3.5");
        assert_eq!(num(1.0 / 3.0), "0.3");
        assert_eq!(num(-120.0), "-120");
        assert_eq!(num(1234.56), "1234.6");
        assert_eq!(num(-0.06), "-0.1");
        assert_eq!(num(99.96), "100");
        assert_eq!(num(-9.96), "-10");
        assert_eq!(num(1e9 + 0.5), "1000000000.5");
    }

    #[test]
    fn escapes_markup_characters() {
        assert_eq!(escape("<a & \"b\" 'c'>"), "&lt;a &amp; &quot;b&quot; &#39;c&#39;&gt;");
    }

    #[test]
    fn boxes_that_touch_do_not_overlap() {
        let a = Rect { x: 0.0, y: 0.0, w: 10.0, h: 10.0 };
        let b = Rect { x: 10.0, y: 0.0, w: 10.0, h: 10.0 };
        let c = Rect { x: 9.0, y: 9.0, w: 5.0, h: 5.0 };
        assert!(!a.intersects(&b));
        assert!(a.intersects(&c) && b.intersects(&c));
        assert_eq!(first_overlap(&[a, b, c]), Some((0, 2)));
        assert_eq!(first_overlap(&[a, b]), None);
    }
}
