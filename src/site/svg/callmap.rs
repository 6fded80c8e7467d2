//! The call map: people as nodes, calls as edges, each edge labelled with
//! the call's length and date; an arrow points away from the initiator
//! when the sources say who placed the call.
//!
//! Layout is deterministic: nodes are ordered by how many calls they take
//! part in (ties keep the input order) and set on a circle starting at the
//! top, the busiest first; two people go side by side. Several calls
//! between the same pair bend apart. Each edge label tries places along
//! its edge and beside it and takes the first that touches no node and no
//! other label; when none is free, it goes to a row under the map, naming
//! the pair. So labels never overlap, whatever the input.

use std::f64::consts::PI;

use super::text::{self, LINE};
use super::{Frame, Num, Rect, open, put, text_lines};

const NAME_SIZE: f64 = 15.0;
const LABEL_SIZE: f64 = 13.0;
const PAD: f64 = 6.0;
const MARGIN: f64 = 8.0;

/// A person (or organisation) on the map.
#[derive(Debug, Clone)]
pub struct Node {
    pub name: String,
}

/// A call between two nodes (indexes into [`CallMap::nodes`]).
#[derive(Debug, Clone)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    /// True when `from` is known to have placed the call.
    pub directed: bool,
    /// The length ("60–90 min"), when any account gives one.
    pub length: Option<String>,
    pub disputed: bool,
    /// The date as readers see it.
    pub date: Option<String>,
    /// "Trump – Putin": heads a label that had to leave its edge.
    pub pair: String,
}

#[derive(Debug, Clone)]
pub struct CallMap {
    pub id: String,
    pub title: String,
    pub desc: String,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// One edge's drawing: a quadratic curve from `a` through control `c` to `b`.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeShape {
    pub a: Point,
    pub c: Point,
    pub b: Point,
    /// The text lines of the label and where they sit (None: no label).
    pub label: Option<(Vec<String>, Rect)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub nodes: Vec<Rect>,
    pub edges: Vec<EdgeShape>,
    pub view: Rect,
}

impl Layout {
    /// Every box holding text: node names, then edge labels.
    pub fn text_boxes(&self) -> Vec<Rect> {
        let labels = self.edges.iter().filter_map(|e| e.label.as_ref().map(|(_, r)| *r));
        self.nodes.iter().copied().chain(labels).collect()
    }
}

fn degree_order(map: &CallMap) -> Vec<usize> {
    let mut degree = vec![0usize; map.nodes.len()];
    for e in &map.edges {
        degree[e.from] += 1;
        degree[e.to] += 1;
    }
    let mut order: Vec<usize> = (0..map.nodes.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(degree[i]), i));
    order
}

fn node_boxes(map: &CallMap) -> Vec<Rect> {
    let sizes: Vec<(f64, f64)> = map
        .nodes
        .iter()
        .map(|n| (text::width(&n.name, NAME_SIZE) * text::BOLD + 2.0 * PAD + 8.0, NAME_SIZE * LINE + 2.0 * PAD))
        .collect();
    let n = sizes.len();
    let widest = sizes.iter().map(|s| s.0).fold(0.0, f64::max);
    let mut boxes = vec![Rect { x: 0.0, y: 0.0, w: 0.0, h: 0.0 }; n];
    let order = degree_order(map);
    for (slot, &i) in order.iter().enumerate() {
        let (w, h) = sizes[i];
        let (cx, cy) = match n {
            1 => (0.0, 0.0),
            2 => ((slot as f64 - 0.5) * (widest + 150.0), 0.0),
            _ => {
                let radius = ((widest + 90.0) / (2.0 * (PI / n as f64).sin())).max(120.0);
                let angle = -PI / 2.0 + 2.0 * PI * slot as f64 / n as f64;
                (radius * angle.cos(), radius * angle.sin())
            }
        };
        boxes[i] = Rect::centered(cx, cy, w, h);
    }
    boxes
}

fn center(r: &Rect) -> Point {
    Point { x: r.x + r.w / 2.0, y: r.y + r.h / 2.0 }
}

/// Where the ray from the box's centre towards `toward` leaves the box.
fn exit_point(r: &Rect, toward: Point) -> Point {
    let c = center(r);
    let (dx, dy) = (toward.x - c.x, toward.y - c.y);
    let tx = if dx.abs() > 1e-9 { (r.w / 2.0) / dx.abs() } else { f64::INFINITY };
    let ty = if dy.abs() > 1e-9 { (r.h / 2.0) / dy.abs() } else { f64::INFINITY };
    let t = tx.min(ty).min(1.0);
    Point { x: c.x + dx * t, y: c.y + dy * t }
}

fn on_curve(a: Point, c: Point, b: Point, t: f64) -> Point {
    let u = 1.0 - t;
    Point { x: u * u * a.x + 2.0 * u * t * c.x + t * t * b.x, y: u * u * a.y + 2.0 * u * t * c.y + t * t * b.y }
}

/// The curves, before labels: parallel calls between one pair bend apart.
fn curves(map: &CallMap, nodes: &[Rect]) -> Vec<(Point, Point, Point)> {
    map.edges
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let pair = |x: &Edge| (x.from.min(x.to), x.from.max(x.to));
            let siblings: Vec<usize> = (0..map.edges.len()).filter(|&j| pair(&map.edges[j]) == pair(e)).collect();
            let k = siblings.iter().position(|&j| j == i).unwrap_or(0) as f64;
            let bend = (k - (siblings.len() as f64 - 1.0) / 2.0) * 44.0;
            let (p, q) = (center(&nodes[e.from]), center(&nodes[e.to]));
            // Bend to the same side whichever way round the pair is written.
            let sign = if e.from <= e.to { 1.0 } else { -1.0 };
            let len = ((q.x - p.x).powi(2) + (q.y - p.y).powi(2)).sqrt().max(1.0);
            let normal = Point { x: -(q.y - p.y) / len * sign, y: (q.x - p.x) / len * sign };
            let mid = Point { x: (p.x + q.x) / 2.0, y: (p.y + q.y) / 2.0 };
            let c = Point { x: mid.x + normal.x * bend * 2.0, y: mid.y + normal.y * bend * 2.0 };
            (exit_point(&nodes[e.from], c), c, exit_point(&nodes[e.to], c))
        })
        .collect()
}

fn label_lines(e: &Edge) -> Vec<String> {
    e.length.iter().chain(e.date.iter()).cloned().collect()
}

fn label_size(lines: &[String]) -> (f64, f64) {
    (text::widest(lines, LABEL_SIZE) * text::BOLD + 2.0 * PAD, text::height(lines.len(), LABEL_SIZE) + PAD)
}

/// Tries places along and beside the curve; the first free one wins.
fn place_on_edge(curve: (Point, Point, Point), size: (f64, f64), taken: &[Rect]) -> Option<Rect> {
    let (a, c, b) = curve;
    for t in [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74] {
        let p = on_curve(a, c, b, t);
        for (dx, dy) in [(0.0, 0.0), (0.0, -1.0), (0.0, 1.0), (-1.0, 0.0), (1.0, 0.0)] {
            let r = Rect::centered(p.x + dx * (size.0 / 2.0 + 4.0), p.y + dy * (size.1 / 2.0 + 4.0), size.0, size.1);
            if !taken.iter().any(|o| o.inflate(3.0).intersects(&r)) {
                return Some(r);
            }
        }
    }
    None
}

/// Lays the map out; a pure function of its input.
pub fn layout(map: &CallMap) -> Layout {
    let nodes = node_boxes(map);
    let curves = curves(map, &nodes);
    let mut taken: Vec<Rect> = nodes.clone();
    let mut edges = Vec::with_capacity(map.edges.len());
    let mut spilled: Vec<(usize, Vec<String>)> = Vec::new();
    for (i, (e, &(a, c, b))) in map.edges.iter().zip(&curves).enumerate() {
        let lines = label_lines(e);
        let label = if lines.is_empty() {
            None
        } else if let Some(r) = place_on_edge((a, c, b), label_size(&lines), &taken) {
            taken.push(r);
            Some((lines, r))
        } else {
            spilled.push((i, lines));
            None
        };
        edges.push(EdgeShape { a, c, b, label });
    }
    let mut view =
        taken.iter().fold(nodes.first().copied().unwrap_or(Rect { x: 0.0, y: 0.0, w: 1.0, h: 1.0 }), |u, r| u.union(r));
    for &(a, c, b) in &curves {
        let mid = on_curve(a, c, b, 0.5);
        view = view.union(&Rect { x: mid.x, y: mid.y, w: 0.0, h: 0.0 });
    }
    spill(map, &mut edges, spilled, &mut view);
    Layout { nodes, edges, view: view.inflate(MARGIN) }
}

/// Labels with no room on their edge go in rows under the map, led by the pair.
fn spill(map: &CallMap, edges: &mut [EdgeShape], spilled: Vec<(usize, Vec<String>)>, view: &mut Rect) {
    let (left, right) = (view.x, view.right().max(view.x + 260.0));
    let (mut x, mut y, mut row_h) = (left, view.bottom() + 16.0, 0.0f64);
    for (i, lines) in spilled {
        let mut lines = lines;
        lines.insert(0, map.edges[i].pair.clone());
        let (w, h) = label_size(&lines);
        if x > left && x + w > right {
            x = left;
            y += row_h + 8.0;
            row_h = 0.0;
        }
        let r = Rect { x, y, w, h };
        x += w + 8.0;
        row_h = row_h.max(h);
        *view = view.union(&r);
        edges[i].label = Some((lines, r));
    }
}

fn arrow(out: &mut String, c: Point, b: Point) {
    let len = ((b.x - c.x).powi(2) + (b.y - c.y).powi(2)).sqrt().max(1.0);
    let (ux, uy) = ((b.x - c.x) / len, (b.y - c.y) / len);
    let (bx, by) = (b.x - ux * 11.0, b.y - uy * 11.0);
    put!(
        out,
        "<path class=\"pic-arrow\" d=\"M",
        Num(b.x),
        " ",
        Num(b.y),
        "L",
        Num(bx - uy * 5.5),
        " ",
        Num(by + ux * 5.5)
    );
    put!(out, "L", Num(bx + uy * 5.5), " ", Num(by - ux * 5.5), "Z\" fill=\"currentColor\"/>");
}

/// The map as inline SVG.
pub fn render(map: &CallMap) -> String {
    let layout = layout(map);
    let mut out = String::with_capacity(4096);
    open(&mut out, &Frame { id: &map.id, class: "pic-callmap", title: &map.title, desc: &map.desc, view: layout.view });
    out.push_str("<g class=\"pic-edges\">");
    for (e, shape) in map.edges.iter().zip(&layout.edges) {
        let (a, c, b) = (shape.a, shape.c, shape.b);
        let class = if e.disputed { "pic-edge is-disputed" } else { "pic-edge" };
        put!(&mut out, "<path class=\"", class, "\" d=\"M", Num(a.x), " ", Num(a.y), "Q", Num(c.x), " ", Num(c.y));
        put!(&mut out, " ", Num(b.x), " ", Num(b.y), "\" fill=\"none\" stroke=\"currentColor\"/>");
        if e.directed {
            arrow(&mut out, c, b);
        }
    }
    out.push_str("</g><g class=\"pic-nodes\">");
    for (n, r) in map.nodes.iter().zip(&layout.nodes) {
        put!(&mut out, "<g class=\"pic-node\"><rect x=\"", Num(r.x), "\" y=\"", Num(r.y), "\" width=\"", Num(r.w));
        put!(
            &mut out,
            "\" height=\"",
            Num(r.h),
            "\" rx=\"",
            Num(r.h / 2.0),
            "\" fill=\"none\" stroke=\"currentColor\"/>"
        );
        let baseline = r.y + r.h / 2.0 + NAME_SIZE * 0.35;
        text_lines(&mut out, "pic-name", r.x + r.w / 2.0, baseline, NAME_SIZE, "middle", std::slice::from_ref(&n.name));
        out.push_str("</g>");
    }
    out.push_str("</g><g class=\"pic-labels\">");
    for (e, shape) in map.edges.iter().zip(&layout.edges) {
        let Some((lines, r)) = &shape.label else { continue };
        let class = if e.disputed { "pic-label is-disputed" } else { "pic-label" };
        put!(&mut out, "<g class=\"", class, "\"><rect x=\"", Num(r.x), "\" y=\"", Num(r.y), "\" width=\"", Num(r.w));
        put!(&mut out, "\" height=\"", Num(r.h), "\" rx=\"4\" fill=\"none\"/>");
        let first = r.y + PAD / 2.0 + LABEL_SIZE * 0.95;
        text_lines(&mut out, "pic-label-text", r.x + r.w / 2.0, first, LABEL_SIZE, "middle", lines);
        out.push_str("</g>");
    }
    out.push_str("</g></svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::svg::first_overlap;

    fn edge(from: usize, to: usize, length: &str, date: &str) -> Edge {
        Edge {
            from,
            to,
            directed: from == 0,
            length: Some(length.to_string()),
            disputed: length.contains('–'),
            date: Some(date.to_string()),
            pair: format!("{from} – {to}"),
        }
    }

    fn example() -> CallMap {
        CallMap {
            id: "m".into(),
            title: "谁与谁通话".into(),
            desc: "d".into(),
            nodes: ["特朗普", "普京", "泽连斯基"].iter().map(|n| Node { name: n.to_string() }).collect(),
            edges: vec![edge(0, 1, "60–90分钟", "2025年2月12日"), edge(0, 2, "60分钟", "2025年2月12日")],
        }
    }

    /// Twelve people, every pair of the first six called, some twice.
    fn dense() -> CallMap {
        let names = [
            "Donald Trump",
            "Vladimir Putin",
            "Volodymyr Zelensky",
            "乌克兰总统办公室",
            "Emmanuel Macron",
            "Keir Starmer",
            "Olaf Scholz",
            "Recep Tayyip Erdoğan",
            "习近平",
            "Mohammed bin Salman",
            "Ursula von der Leyen",
            "Mark Rutte",
        ];
        let mut edges = Vec::new();
        for a in 0..6 {
            for b in (a + 1)..6 {
                edges.push(edge(a, b, "at least 60–90 min", "12 February 2025"));
            }
        }
        for k in 6..12 {
            edges.push(edge(0, k, "about 45 min", "13 February 2025"));
            edges.push(edge(k, 0, "20 min", "2025年3月1日"));
        }
        CallMap {
            id: "dense".into(),
            title: "t".into(),
            desc: "d".into(),
            nodes: names.iter().map(|n| Node { name: n.to_string() }).collect(),
            edges,
        }
    }

    #[test]
    fn the_same_input_draws_the_same_picture() {
        assert_eq!(render(&example()), render(&example()));
        assert_eq!(layout(&dense()), layout(&dense()));
    }

    #[test]
    fn no_two_labels_overlap_in_the_example() {
        let l = layout(&example());
        assert_eq!(first_overlap(&l.text_boxes()), None);
        assert_eq!(l.text_boxes().len(), 5);
    }

    #[test]
    fn no_two_labels_overlap_in_a_dense_map() {
        let l = layout(&dense());
        let boxes = l.text_boxes();
        assert_eq!(boxes.len(), 12 + 27, "every node and every call is labelled");
        assert_eq!(first_overlap(&boxes), None);
        assert!(boxes.iter().all(|b| b.x >= l.view.x && b.right() <= l.view.right() && b.bottom() <= l.view.bottom()));
    }

    #[test]
    fn the_busiest_person_is_on_top_and_arrows_leave_the_initiator() {
        let l = layout(&example());
        assert!(l.nodes[0].y < l.nodes[1].y && l.nodes[0].y < l.nodes[2].y);
        let svg = render(&example());
        assert_eq!(svg.matches("class=\"pic-arrow\"").count(), 2);
        assert!(svg.contains("class=\"pic-edge is-disputed\""));
        assert!(svg.contains("<title id=\"m-title\">谁与谁通话</title>"));
    }
}
