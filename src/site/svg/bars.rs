//! Duration bars: how long a call lasted by each account, one bar per
//! claim, on a scale shared by all the calls of a brief.
//!
//! A claim's qualifier is drawn, not only written: "at least 60 min" runs
//! on as a dashed arrow, "nearly 90 min" fades just before its mark,
//! "about 60 min" carries a whisker either side. When the accounts
//! disagree, a band spans the range between the lowest and highest figure.

use super::text::{self, LINE};
use super::{Esc, Frame, Num, Rect, open, put};
use crate::content::duration::Qualifier;

const WIDTH: f64 = 380.0;
const SIZE: f64 = 13.0;
const BAR: f64 = 12.0;
const ROW: f64 = SIZE * LINE + BAR + 12.0;
const AXIS: f64 = 26.0;
const RIGHT: f64 = 20.0;

/// One account of the length.
#[derive(Debug, Clone)]
pub struct Claim {
    /// Who says so.
    pub who: String,
    /// Their figure as readers see it: "at least 60 min".
    pub reading: String,
    pub minutes: u32,
    pub qualifier: Qualifier,
}

#[derive(Debug, Clone)]
pub struct Bars {
    pub id: String,
    pub title: String,
    pub desc: String,
    pub claims: Vec<Claim>,
    /// The minutes at the right end of the scale (see [`scale_for`]).
    pub scale: u32,
    /// "min" / "分钟", after the last tick.
    pub unit: String,
}

/// A scale that holds `longest` minutes with room for an open-ended bar,
/// rounded up to a whole tick.
pub fn scale_for(longest: u32) -> u32 {
    let want = longest + longest.div_ceil(6).max(5);
    let step = tick_step(want);
    want.div_ceil(step) * step
}

fn tick_step(scale: u32) -> u32 {
    match scale {
        0..=60 => 15,
        61..=180 => 30,
        181..=480 => 60,
        _ => 120,
    }
}

fn x_of(minutes: f64, scale: u32) -> f64 {
    minutes / f64::from(scale.max(1)) * (WIDTH - RIGHT)
}

/// A row's text: "who · reading" on one line when it fits, otherwise the
/// name (wrapped) above the reading. The flag marks lines of the name.
fn row_lines(c: &Claim) -> Vec<(String, bool)> {
    let one = format!("{} · {}", c.who, c.reading);
    if text::width(&one, SIZE) * text::BOLD <= WIDTH {
        return vec![(one, true)];
    }
    let mut lines: Vec<(String, bool)> =
        text::wrap(&c.who, SIZE * text::BOLD, WIDTH, 3).into_iter().map(|l| (l, true)).collect();
    lines.push((c.reading.clone(), false));
    lines
}

/// The top of each row, and the y of the axis under the last.
fn row_tops(rows: &[Vec<(String, bool)>]) -> (Vec<f64>, f64) {
    let mut y = 0.0;
    let tops = rows
        .iter()
        .map(|lines| {
            let top = y;
            y += ROW + (lines.len() as f64 - 1.0) * SIZE * LINE;
            top
        })
        .collect();
    (tops, y)
}

/// Where the text of each row and each tick label sits.
pub fn text_boxes(bars: &Bars) -> Vec<Rect> {
    let rows: Vec<_> = bars.claims.iter().map(row_lines).collect();
    let (tops, axis_y) = row_tops(&rows);
    let mut boxes: Vec<Rect> = rows
        .iter()
        .zip(&tops)
        .map(|(lines, &y)| {
            let w = lines.iter().map(|(l, _)| text::width(l, SIZE) * text::BOLD).fold(0.0, f64::max);
            Rect { x: 0.0, y, w, h: text::height(lines.len(), SIZE) }
        })
        .collect();
    boxes.extend(tick_labels(bars, axis_y).into_iter().map(|(_, _, r)| r));
    boxes
}

/// Each tick: its minutes, its label and where the label sits under the
/// axis at `axis_y`.
fn tick_labels(bars: &Bars, axis_y: f64) -> Vec<(u32, String, Rect)> {
    ticks(bars)
        .into_iter()
        .map(|(m, label)| {
            let w = text::width(&label, SIZE - 2.0);
            let x = (x_of(f64::from(m), bars.scale) - w / 2.0).clamp(0.0, WIDTH - w);
            (m, label, Rect { x, y: axis_y + 8.0, w, h: (SIZE - 2.0) * LINE })
        })
        .collect()
}

fn row_text(out: &mut String, c: &Claim, lines: &[(String, bool)], top: f64) {
    put!(out, "<text class=\"pic-row\" x=\"0\" y=\"", Num(top + SIZE), "\" font-size=\"", Num(SIZE), "\">");
    if let [(_, true)] = lines {
        put!(out, "<tspan class=\"pic-who\">", Esc(&c.who), "</tspan> · ", Esc(&c.reading));
    } else {
        for (i, (line, is_name)) in lines.iter().enumerate() {
            let class = if *is_name { " class=\"pic-who\"" } else { "" };
            out.push_str("<tspan x=\"0\"");
            if i > 0 {
                put!(out, " dy=\"", Num(SIZE * LINE), "\"");
            }
            put!(out, class, ">", Esc(line), "</tspan>");
        }
    }
    out.push_str("</text>");
}

fn ticks(bars: &Bars) -> Vec<(u32, String)> {
    let step = tick_step(bars.scale);
    let count = bars.scale / step;
    (0..=count)
        .map(|k| {
            let m = k * step;
            (m, if k == count { format!("{m} {}", bars.unit) } else { m.to_string() })
        })
        .collect()
}

fn bar(out: &mut String, c: &Claim, y: f64, scale: u32) {
    let m = f64::from(c.minutes);
    let end = x_of(m, scale);
    let rect = |out: &mut String, class: &str, x0: f64, x1: f64| {
        put!(out, "<rect class=\"", class, "\" x=\"", Num(x0), "\" y=\"", Num(y), "\" width=\"");
        put!(out, Num((x1 - x0).max(0.0)), "\" height=\"", Num(BAR), "\" rx=\"2\" fill=\"currentColor\"/>");
    };
    let mid = y + BAR / 2.0;
    match c.qualifier {
        Qualifier::Exact => rect(out, "pic-bar", 0.0, end),
        Qualifier::About => {
            rect(out, "pic-bar", 0.0, end);
            let (a, b) = (x_of(m * 0.92, scale), x_of(m * 1.08, scale));
            let (a, b, mid, t, u) = (Num(a), Num(b), Num(mid), Num(y - 2.0), Num(y + BAR + 2.0));
            put!(
                out,
                "<path class=\"pic-whisker\" d=\"M",
                a,
                " ",
                mid,
                "H",
                b,
                "M",
                a,
                " ",
                t,
                "V",
                u,
                "M",
                b,
                " ",
                t,
                "V",
                u
            );
            out.push_str("\" fill=\"none\" stroke=\"currentColor\"/>");
        }
        Qualifier::AtLeast => {
            rect(out, "pic-bar", 0.0, end);
            let tip = end + x_of(f64::from(scale) * 0.09, scale);
            let (e, t, tt, mid, a, b) = (Num(end), Num(tip), Num(tip + 7.0), Num(mid), Num(mid - 4.5), Num(mid + 4.5));
            put!(
                out,
                "<path class=\"pic-open\" d=\"M",
                e,
                " ",
                mid,
                "H",
                t,
                "\" fill=\"none\" stroke=\"currentColor\"/>"
            );
            put!(out, "<path class=\"pic-open-tip\" d=\"M", tt, " ", mid, "L", t, " ", a, "L", t, " ", b);
            out.push_str("Z\" fill=\"currentColor\"/>");
        }
        Qualifier::Nearly => {
            let soft = x_of(m * 0.9, scale);
            rect(out, "pic-bar", 0.0, soft);
            rect(out, "pic-bar pic-bar-soft", soft, end);
            let (x, t, u) = (Num(end), Num(y - 3.0), Num(y + BAR + 3.0));
            put!(out, "<path class=\"pic-end\" d=\"M", x, " ", t, "V", u, "\" fill=\"none\" stroke=\"currentColor\"/>");
        }
    }
}

/// The bars as inline SVG.
pub fn render(bars: &Bars) -> String {
    let rows: Vec<_> = bars.claims.iter().map(row_lines).collect();
    let (tops, axis_y) = row_tops(&rows);
    let view = Rect { x: -2.0, y: -2.0, w: WIDTH + 4.0, h: axis_y + AXIS + 4.0 };
    let mut out = String::with_capacity(2048);
    open(&mut out, &Frame { id: &bars.id, class: "pic-bars", title: &bars.title, desc: &bars.desc, view });
    let (low, high) = bars.claims.iter().fold((u32::MAX, 0), |(l, h), c| (l.min(c.minutes), h.max(c.minutes)));
    if high > low {
        let (a, b) = (x_of(f64::from(low), bars.scale), x_of(f64::from(high), bars.scale));
        put!(&mut out, "<rect class=\"pic-range\" x=\"", Num(a), "\" y=\"0\" width=\"", Num(b - a), "\" height=\"");
        put!(&mut out, Num(axis_y), "\" fill=\"none\"/>");
    }
    for ((c, lines), &top) in bars.claims.iter().zip(&rows).zip(&tops) {
        row_text(&mut out, c, lines, top);
        bar(&mut out, c, top + lines.len() as f64 * SIZE * LINE + 2.0, bars.scale);
    }
    put!(&mut out, "<path class=\"pic-axis\" d=\"M0 ", Num(axis_y), "H", Num(WIDTH - RIGHT));
    out.push_str("\" fill=\"none\" stroke=\"currentColor\"/>");
    for (m, label, r) in &tick_labels(bars, axis_y) {
        let x = x_of(f64::from(*m), bars.scale);
        put!(&mut out, "<path class=\"pic-tick\" d=\"M", Num(x), " ", Num(axis_y), "V", Num(axis_y + 5.0));
        put!(&mut out, "\" fill=\"none\" stroke=\"currentColor\"/><text class=\"pic-tick-label\" x=\"", Num(r.x));
        put!(
            &mut out,
            "\" y=\"",
            Num(r.y + SIZE - 2.0),
            "\" font-size=\"",
            Num(SIZE - 2.0),
            "\">",
            Esc(label),
            "</text>"
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::svg::first_overlap;

    fn claim(who: &str, minutes: u32, qualifier: Qualifier) -> Claim {
        Claim { who: who.into(), reading: format!("{minutes} min"), minutes, qualifier }
    }

    fn example() -> Bars {
        Bars {
            id: "b".into(),
            title: "Length".into(),
            desc: "d".into(),
            claims: vec![claim("Trump", 60, Qualifier::AtLeast), claim("Peskov", 90, Qualifier::Nearly)],
            scale: scale_for(90),
            unit: "min".into(),
        }
    }

    #[test]
    fn scales_leave_room_for_open_ended_bars_and_end_on_a_tick() {
        assert_eq!(scale_for(90), 120);
        assert_eq!(scale_for(60), 90);
        assert_eq!(scale_for(30), 45);
        assert_eq!(scale_for(600), 720);
    }

    #[test]
    fn each_claim_gets_a_bar_drawn_by_its_qualifier() {
        let svg = render(&example());
        assert_eq!(svg.matches("class=\"pic-open\"").count(), 1, "at least: an open end");
        assert_eq!(svg.matches("pic-bar-soft").count(), 1, "nearly: a soft end");
        assert!(svg.contains("class=\"pic-range\""), "disputed: a range band");
        assert!(svg.contains("120 min</text>"));
        assert_eq!(first_overlap(&text_boxes(&example())), None);
    }

    #[test]
    fn long_names_wrap_above_their_reading_inside_the_picture() {
        let mut long = example();
        long.claims.push(claim("Office of the President of Ukraine and its spokespeople", 60, Qualifier::About));
        let boxes = text_boxes(&long);
        assert_eq!(first_overlap(&boxes), None);
        assert!(boxes.iter().all(|b| b.right() <= WIDTH + 0.5), "{boxes:?}");
        assert!(boxes[2].h > boxes[0].h);
    }

    #[test]
    fn bars_share_the_scale_they_are_given() {
        let mut short = example();
        short.claims = vec![claim("A", 60, Qualifier::Exact)];
        let wide = render(&short);
        short.scale = 240;
        let narrow = render(&short);
        assert!(wide.contains(&format!("width=\"{}\"", Num(x_of(60.0, 120)))));
        assert!(narrow.contains(&format!("width=\"{}\"", Num(x_of(60.0, 240)))));
        assert!(!render(&short).contains("pic-range"));
    }
}
