//! The timeline picture: every dated event, call and next step on one
//! vertical axis, the `as_of` date drawn across it, past and upcoming told
//! apart, and next steps without a date listed under the axis's end.
//!
//! The axis runs downwards so it reads on a phone as well as on paper.
//! Items stack in date order, one label each (date on the left of the
//! axis, text on the right), and the space between two items grows with
//! the time between them (logarithmically, so 2008 and last week both fit);
//! gaps longer than a year are marked as breaks. Because every label
//! starts below the one before, labels cannot overlap.

use std::fmt::Write as _;

use super::text::{self, LINE};
use super::{Frame, Num, Rect, open, text_lines};
use crate::content::date::Date;

const WIDTH: f64 = 440.0;
const SIZE: f64 = 14.0;
const DATE_W: f64 = 118.0;
const AXIS_X: f64 = 132.0;
const TEXT_X: f64 = 148.0;
const MAX_LINES: usize = 4;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Event,
    Call,
    Step,
}

impl Kind {
    fn class(self) -> &'static str {
        match self {
            Kind::Event => "kind-event",
            Kind::Call => "kind-call",
            Kind::Step => "kind-step",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Item {
    pub start: Date,
    pub end: Date,
    /// The date as readers see it.
    pub date: String,
    pub text: String,
    pub kind: Kind,
    pub upcoming: bool,
}

#[derive(Debug, Clone)]
pub struct Timeline {
    pub id: String,
    pub title: String,
    pub desc: String,
    /// Items in date order.
    pub items: Vec<Item>,
    /// "As of 13 February 2025".
    pub as_of: String,
    /// Legend words for calls, events and next steps.
    pub legend: [String; 3],
    pub undated_title: String,
    pub undated: Vec<String>,
}

/// One piece of text and its box.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub lines: Vec<String>,
    pub rect: Rect,
}

/// Where everything goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub legend: Vec<Placed>,
    /// Per item: its date (None when it repeats the previous item's) and text.
    pub items: Vec<(Option<Placed>, Placed)>,
    /// Gaps of more than a year: the y where a break mark goes.
    pub breaks: Vec<f64>,
    pub as_of: Option<Placed>,
    pub undated: Vec<Placed>,
    pub height: f64,
}

impl Layout {
    pub fn text_boxes(&self) -> Vec<Rect> {
        let mut boxes: Vec<Rect> = self.legend.iter().map(|p| p.rect).collect();
        for (date, body) in &self.items {
            boxes.extend(date.iter().map(|p| p.rect));
            boxes.push(body.rect);
        }
        boxes.extend(self.as_of.iter().map(|p| p.rect));
        boxes.extend(self.undated.iter().map(|p| p.rect));
        boxes
    }
}

fn placed(lines: Vec<String>, x: f64, y: f64, size: f64) -> Placed {
    let rect = Rect { x, y, w: text::widest(&lines, size), h: text::height(lines.len(), size) };
    Placed { lines, rect }
}

/// Extra space for the time between two items.
fn gap_for(days: i64) -> f64 {
    if days <= 0 { 0.0 } else { (4.0 + 6.0 * (1.0 + days as f64).ln()).min(40.0) }
}

fn legend(t: &Timeline) -> (Vec<Placed>, f64) {
    let mut x = TEXT_X;
    let out = t
        .legend
        .iter()
        .map(|word| {
            let p = placed(vec![word.clone()], x + 16.0, 0.0, SIZE - 1.0);
            x = p.rect.right() + 18.0;
            p
        })
        .collect();
    (out, (SIZE - 1.0) * LINE + 14.0)
}

/// Lays the timeline out; a pure function of its input.
pub fn layout(t: &Timeline) -> Layout {
    let (legend, mut y) = legend(t);
    let mut items = Vec::with_capacity(t.items.len());
    let mut breaks = Vec::new();
    let mut as_of = None;
    let mut previous: Option<&Item> = None;
    for item in &t.items {
        if let Some(p) = previous {
            let days = item.start.day_number() - p.start.day_number();
            y += 6.0 + gap_for(days);
            if days > 365 {
                breaks.push(y - gap_for(days) / 2.0 - 3.0);
            }
        }
        if item.upcoming && as_of.is_none() {
            as_of = Some(placed(vec![t.as_of.clone()], TEXT_X, y + 8.0, SIZE - 1.0));
            y += 8.0 + (SIZE - 1.0) * LINE + 10.0;
        }
        let same_date = previous.is_some_and(|p| p.date == item.date);
        let date = (!same_date).then(|| {
            let lines = text::wrap(&item.date, SIZE - 1.0, DATE_W, 2);
            let w = text::widest(&lines, SIZE - 1.0);
            placed(lines, AXIS_X - 12.0 - w, y, SIZE - 1.0)
        });
        let body = placed(text::wrap(&item.text, SIZE, WIDTH - TEXT_X, MAX_LINES), TEXT_X, y, SIZE);
        y = body.rect.bottom().max(date.as_ref().map_or(0.0, |d| d.rect.bottom()));
        items.push((date, body));
        previous = Some(item);
    }
    if as_of.is_none() {
        y += 10.0;
        as_of = Some(placed(vec![t.as_of.clone()], TEXT_X, y + 8.0, SIZE - 1.0));
        y += 8.0 + (SIZE - 1.0) * LINE;
    }
    let mut undated = Vec::new();
    if !t.undated.is_empty() {
        y += 26.0;
        undated.push(placed(vec![t.undated_title.clone()], TEXT_X, y, SIZE));
        y += SIZE * LINE;
        for what in &t.undated {
            y += 6.0;
            let p = placed(text::wrap(what, SIZE, WIDTH - TEXT_X, MAX_LINES), TEXT_X, y, SIZE);
            y = p.rect.bottom();
            undated.push(p);
        }
    }
    Layout { legend, items, breaks, as_of, undated, height: y + 6.0 }
}

fn marker(out: &mut String, kind: Kind, upcoming: bool, cx: f64, cy: f64, tall: f64) {
    let state = if upcoming { "is-upcoming" } else { "is-past" };
    let class = format!("pic-mark {} {state}", kind.class());
    let _ = match kind {
        Kind::Call => write!(out, "<circle class=\"{class}\" cx=\"{}\" cy=\"{}\" r=\"6\"/>", Num(cx), Num(cy)),
        Kind::Event => write!(out, "<circle class=\"{class}\" cx=\"{}\" cy=\"{}\" r=\"4\"/>", Num(cx), Num(cy)),
        Kind::Step if tall > 0.0 => write!(
            out,
            "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"10\" height=\"{}\" rx=\"5\"/>",
            Num(cx - 5.0),
            Num(cy - 5.0),
            Num(tall + 10.0)
        ),
        Kind::Step => write!(out, "<path class=\"{class}\" d=\"M{} {}l6 6l-6 6l-6 -6Z\"/>", Num(cx), Num(cy - 6.0)),
    };
}

/// The timeline as inline SVG.
pub fn render(t: &Timeline) -> String {
    let l = layout(t);
    let view = Rect { x: 0.0, y: -4.0, w: WIDTH + 4.0, h: l.height + 8.0 };
    let mut out = String::with_capacity(8192);
    open(&mut out, &Frame { id: &t.id, class: "pic-timeline", title: &t.title, desc: &t.desc, view });
    let kinds = [Kind::Call, Kind::Event, Kind::Step];
    for (kind, p) in kinds.iter().zip(&l.legend) {
        marker(&mut out, *kind, false, p.rect.x - 10.0, p.rect.y + p.rect.h / 2.0, 0.0);
        text_lines(&mut out, "pic-legend", p.rect.x, p.rect.y + SIZE - 2.0, SIZE - 1.0, "start", &p.lines);
    }
    let top = l.items.first().map_or(0.0, |(_, b)| b.rect.y);
    let end = l.items.last().map_or(top, |(_, b)| b.rect.bottom());
    let _ = write!(
        out,
        "<path class=\"pic-axis\" d=\"M{x} {a}V{b}\" fill=\"none\" stroke=\"currentColor\"/>",
        x = Num(AXIS_X),
        a = Num(top),
        b = Num(end)
    );
    for y in &l.breaks {
        let _ = write!(
            out,
            "<path class=\"pic-break\" d=\"M{a} {y}l12 -5M{a} {y2}l12 -5\" fill=\"none\" stroke=\"currentColor\"/>",
            a = Num(AXIS_X - 6.0),
            y = Num(y + 3.0),
            y2 = Num(y + 8.0)
        );
    }
    if let Some(p) = &l.as_of {
        let _ = write!(
            out,
            "<path class=\"pic-as-of\" d=\"M0 {y}H{w}\" fill=\"none\" stroke=\"currentColor\"/>",
            y = Num(p.rect.y - 4.0),
            w = Num(WIDTH)
        );
        text_lines(&mut out, "pic-as-of-label", p.rect.x, p.rect.y + SIZE - 2.0, SIZE - 1.0, "start", &p.lines);
    }
    for (item, (date, body)) in t.items.iter().zip(&l.items) {
        let state = if item.upcoming { "is-upcoming" } else { "is-past" };
        let tall = if item.start != item.end { body.rect.h - SIZE } else { 0.0 };
        marker(&mut out, item.kind, item.upcoming, AXIS_X, body.rect.y + SIZE * 0.6, tall);
        if let Some(d) = date {
            let x = d.rect.right();
            text_lines(&mut out, &format!("pic-date {state}"), x, d.rect.y + SIZE - 2.0, SIZE - 1.0, "end", &d.lines);
        }
        let class = format!("pic-item {} {state}", item.kind.class());
        text_lines(&mut out, &class, body.rect.x, body.rect.y + SIZE - 1.0, SIZE, "start", &body.lines);
    }
    undated(&mut out, &l);
    out.push_str("</svg>");
    out
}

fn undated(out: &mut String, l: &Layout) {
    let Some((head, rest)) = l.undated.split_first() else { return };
    let _ = write!(
        out,
        "<path class=\"pic-axis pic-axis-open\" d=\"M{x} {a}V{b}\" fill=\"none\" stroke=\"currentColor\"/>",
        x = Num(AXIS_X),
        a = Num(head.rect.y - 20.0),
        b = Num(rest.last().map_or(head.rect.bottom(), |p| p.rect.bottom()))
    );
    text_lines(out, "pic-undated-title", head.rect.x, head.rect.y + SIZE - 1.0, SIZE, "start", &head.lines);
    for p in rest {
        marker(out, Kind::Step, true, AXIS_X, p.rect.y + SIZE * 0.6, 0.0);
        text_lines(out, "pic-item kind-step is-undated", p.rect.x, p.rect.y + SIZE - 1.0, SIZE, "start", &p.lines);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::svg::first_overlap;

    fn item(date: &str, text: &str, kind: Kind, upcoming: bool) -> Item {
        let d = Date::parse(date).unwrap();
        Item { start: d, end: d, date: date.into(), text: text.into(), kind, upcoming }
    }

    fn example(items: Vec<Item>) -> Timeline {
        Timeline {
            id: "t".into(),
            title: "Timeline".into(),
            desc: "d".into(),
            items,
            as_of: "As of 13 February 2025".into(),
            legend: ["Call".into(), "Event".into(), "Next step".into()],
            undated_title: "Not set".into(),
            undated: vec!["Trump and Putin meet, perhaps in Saudi Arabia".into()],
        }
    }

    fn items() -> Vec<Item> {
        vec![
            item("2008-04-03", "NATO summit in Bucharest says Ukraine will become a member", Kind::Event, false),
            item("2025-02-12", "特朗普和普京通话", Kind::Call, false),
            item("2025-02-12", "Trump and Zelensky speak by phone", Kind::Call, false),
            item("2025-02-14", "Munich Security Conference opens", Kind::Step, true),
        ]
    }

    #[test]
    fn labels_never_overlap_even_when_many_share_a_day() {
        let mut many = items();
        for i in 0..30 {
            let long = "A long account of what happened on the day, told at length ".repeat(i % 4 + 1);
            many.push(item("2025-02-20", &long, Kind::Event, true));
        }
        for t in [example(items()), example(many)] {
            let l = layout(&t);
            assert_eq!(first_overlap(&l.text_boxes()), None);
            assert!(l.text_boxes().iter().all(|b| b.x >= 0.0 && b.right() <= WIDTH + 0.5 && b.bottom() <= l.height));
        }
    }

    #[test]
    fn as_of_sits_between_past_and_upcoming_and_long_gaps_break() {
        let l = layout(&example(items()));
        let as_of = l.as_of.as_ref().unwrap().rect;
        assert!(l.items[2].1.rect.bottom() < as_of.y && as_of.bottom() < l.items[3].1.rect.y);
        assert_eq!(l.breaks.len(), 1);
        assert!(l.items[2].0.is_none(), "a repeated date is shown once");
        let svg = render(&example(items()));
        assert_eq!(svg, render(&example(items())));
        assert!(svg.contains("pic-item kind-step is-upcoming") && svg.contains("is-undated"));
    }
}
