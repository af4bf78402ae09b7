//! Relationship maps drawn at build time as SVG: people, issues and events as a graph whose
//! links are the articles that name both ends.
//!
//! Two drawings, both without JavaScript and both deterministic (no randomness, no hash-map
//! order: every list is sorted on a total order before it is laid out; coordinates are
//! written with one decimal):
//!
//! - a **local map** on each person, issue, event and outlet page: the page's entity at the
//!   centre,
//!   and around it what the articles naming it also name (people, issues, events), plus what
//!   it is tied to directly (an event's people and issues, an issue's parent and children).
//!   The neighbours sit on two arcs, left and right, one row each, ordered by kind, then by
//!   weight, then by id; labels run outwards, horizontally, one row apart, so none overlaps
//!   another. At most [`MAX_NEIGHBOURS`] are drawn, the most linked, and the caption says how
//!   many more there are.
//! - an **overview** on the home page: the [`MAX_OVERVIEW`] people and issues named in the
//!   most articles, on one circle grouped by kind (a chord diagram), each pair joined by a
//!   curve as thick as the articles they share (each node's strongest link, and the
//!   strongest others up to [`EDGES_PER_NODE`] for each node). Labels are
//!   set along the radius, so they do not collide however many nodes the circle holds. A
//!   dossier of thousands of people is capped, not clustered: its caption says how many of
//!   how many are shown, and the rest are on their own pages.
//!
//! Everything is read through [`Views`], so a page's map is part of what it recorded reading
//! and a live session redraws it exactly when it would change. Node sizes grow with the
//! square root of their weight (the area with the count), clamped so small ones stay
//! clickable. Each node is a link to its page with the full name in its `<title>`; labels are
//! cut to fit the drawing. Colours and shapes come from classes (`static/dossier.css`), so the
//! dark scheme applies, and the kinds differ in shape too (circle, square, diamond).

use super::markdown::esc;
use super::views::Views;
use crate::site::{ArticleId, Target};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// Most neighbours a local map draws (the most linked).
pub const MAX_NEIGHBOURS: usize = 24;
/// Most people and issues the home page's map draws (those named in the most articles).
pub const MAX_OVERVIEW: usize = 40;
/// Most links the home page's map draws per node drawn (the strongest): enough to show who
/// goes with whom, few enough that the lines do not become a blur.
pub const EDGES_PER_NODE: usize = 3;

/// Longest label of a local map's neighbour, in characters (the full name is the tooltip).
const LOCAL_LABEL: usize = 20;
/// Longest label of the centre and of the overview's nodes.
const CENTRE_LABEL: usize = 30;
const OVERVIEW_LABEL: usize = 24;

/// A drawn map, with what its caption needs.
#[derive(Serialize)]
pub struct MapV {
    pub svg: String,
    /// How many entities the drawing shows (the centre not counted).
    pub shown: usize,
    /// How many it could show: every neighbour, or every person and issue of the dossier.
    pub total: usize,
    /// `total - shown`.
    pub more: usize,
    /// The home page's overview (rather than an entity's local map).
    pub overview: bool,
    /// A local map's centre: `person`, `issue`, `event` or `outlet` (`""` for the overview).
    pub centre: &'static str,
    /// The overview's links drawn, and how many pairs share an article.
    pub edges_shown: usize,
    pub edges_total: usize,
}

/// One node: an entity, the link to its page, and how much it figures.
struct Node {
    target: Target,
    label: String,
    url: String,
    weight: usize,
    /// What the weight counts, for the tooltip.
    note: String,
}

/// Kind order: people, issues, events (an outlet is drawn only at the centre of its own map).
fn kind_rank(t: Target) -> u8 {
    match t {
        Target::Person(_) => 0,
        Target::Issue(_) => 1,
        Target::Event(_) => 2,
        Target::Outlet(_) => 3,
        Target::Organisation(_) => 4,
        Target::Place(_) => 5,
    }
}

fn kind_name(t: Target) -> &'static str {
    t.kind().as_str()
}

fn node(v: &Views, t: Target, weight: usize, note: String) -> Node {
    let l = v.target(t);
    Node {
        target: t,
        label: l.title,
        url: l.url,
        weight,
        note,
    }
}

fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let cut: String = s.chars().take(n - 1).collect();
    format!("{}…", cut.trim_end())
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The local map of `centre`: what the `articles` naming it also name (people, issues,
/// events), each weighted by the articles it shares with the centre, and the entities
/// `linked` to it directly (at least weight 1). `None` when there is nothing around it.
pub fn local(
    v: &Views,
    centre: Target,
    articles: &[ArticleId],
    linked: &[Target],
    title: &str,
) -> Option<MapV> {
    let mut counts: rustc_hash::FxHashMap<Target, usize> = Default::default();
    let seen: BTreeSet<ArticleId> = articles.iter().copied().collect();
    for &a in &seen {
        let a = v.article_names(a);
        let named = a
            .people
            .iter()
            .map(|&p| Target::Person(p))
            .chain(a.issues.iter().map(|&i| Target::Issue(i)))
            .chain(a.events.iter().map(|&e| Target::Event(e)));
        // An article may refer to one event twice; it is still one shared article.
        let named: BTreeSet<Target> = named.filter(|&t| t != centre).collect();
        for t in named {
            *counts.entry(t).or_insert(0) += 1;
        }
    }
    for &t in linked {
        if t != centre {
            counts.entry(t).or_insert(0);
        }
    }
    if counts.is_empty() {
        return None;
    }
    let total = counts.len();
    let mut ranked: Vec<(Target, usize)> = counts.into_iter().collect();
    // The most linked (a direct link with no shared article weighs one); ties by kind, then
    // by id (a total order: ids are unique per kind). Selected, not sorted: the entity of a
    // big dossier's map can share articles with tens of thousands of others.
    if ranked.len() > MAX_NEIGHBOURS {
        ranked.select_nth_unstable_by(MAX_NEIGHBOURS - 1, |a, b| {
            b.1.max(1)
                .cmp(&a.1.max(1))
                .then(kind_rank(a.0).cmp(&kind_rank(b.0)))
                .then_with(|| v.site.target_id(a.0).cmp(v.site.target_id(b.0)))
        });
        ranked.truncate(MAX_NEIGHBOURS);
    }
    ranked.sort_by(|a, b| {
        kind_rank(a.0)
            .cmp(&kind_rank(b.0))
            .then(b.1.max(1).cmp(&a.1.max(1)))
            .then_with(|| v.site.target_id(a.0).cmp(v.site.target_id(b.0)))
    });
    let shown = ranked.len();
    let nodes: Vec<Node> = ranked
        .into_iter()
        .map(|(t, shared)| {
            let note = if shared == 0 {
                "linked directly".to_string()
            } else {
                format!("in {} with it", plural(shared, "article", "articles"))
            };
            node(v, t, shared.max(1), note)
        })
        .collect();
    let centre = node(v, centre, seen.len(), String::new());
    Some(MapV {
        svg: draw_local(&centre, &nodes, title),
        shown,
        total,
        more: total - shown,
        overview: false,
        centre: kind_name(centre.target),
        edges_shown: shown,
        edges_total: shown,
    })
}

const LOCAL_W: f64 = 640.0;
const ROW: f64 = 28.0;
/// How far the arcs' middle rows are from the centre.
const RX: f64 = 150.0;
/// Widest a character of a label is taken to be, at 11 px (most are about 6 px).
const CHAR_W: f64 = 6.5;
const PAD: f64 = 12.0;

/// Radius of a node of weight `w` when the heaviest weighs `max`: the area grows with the
/// weight, between 4 and `big`.
fn radius(w: usize, max: usize, big: f64) -> f64 {
    4.0 + (big - 4.0) * (w as f64 / max.max(1) as f64).sqrt()
}

/// The centre in the middle; the neighbours on two arcs (the first half on the left, top to
/// bottom), one row apart, their labels outwards.
fn draw_local(centre: &Node, nodes: &[Node], title: &str) -> String {
    let left = nodes.len().div_ceil(2).min(nodes.len());
    // One neighbour goes on the right, where its label reads on from its node.
    let (l, r) = if nodes.len() == 1 {
        (&nodes[..0], nodes)
    } else {
        nodes.split_at(left)
    };
    let rows = l.len().max(r.len()).max(3);
    let height = ROW * rows as f64 + 2.0 * PAD + 16.0;
    let (cx, cy) = (LOCAL_W / 2.0, (height - 16.0) / 2.0);
    let half = ROW * (rows as f64 - 1.0) / 2.0;
    let ry = half * 1.3 + ROW;
    let rx = RX;
    let max = nodes.iter().map(|n| n.weight).max().unwrap_or(1);
    let mut placed: Vec<(&Node, f64, f64, bool)> = Vec::new();
    for (side, list) in [(-1.0, l), (1.0, r)] {
        let top = cy - ROW * (list.len() as f64 - 1.0) / 2.0;
        for (j, n) in list.iter().enumerate() {
            let y = top + ROW * j as f64;
            let dy = (y - cy) / ry;
            let x = cx + side * rx * (1.0 - dy * dy).max(0.0).sqrt();
            placed.push((n, x, y, side < 0.0));
        }
    }
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="map-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {LOCAL_W} {height:.0}" width="{LOCAL_W}" height="{height:.0}" role="group" aria-label="{}">"#,
        esc(title)
    );
    s.push_str(r#"<g class="map-edges" aria-hidden="true">"#);
    for &(n, x, y, _) in &placed {
        let _ = write!(
            s,
            r#"<line class="map-edge" x1="{cx:.1}" y1="{cy:.1}" x2="{x:.1}" y2="{y:.1}" stroke-width="{:.1}"/>"#,
            0.8 + 3.2 * n.weight as f64 / max as f64
        );
    }
    s.push_str("</g>");
    for &(n, x, y, on_left) in &placed {
        let r = radius(n.weight, max, 11.0);
        let (lx, anchor) = if on_left {
            (x - r - 5.0, "end")
        } else {
            (x + r + 5.0, "start")
        };
        let tip = format!("{} ({}; {})", n.label, kind_name(n.target), n.note);
        draw_node(&mut s, n, &tip, x, y, r, "");
        let _ = write!(
            s,
            r#"<text class="map-label" x="{lx:.1}" y="{:.1}" text-anchor="{anchor}">{}</text></a>"#,
            y + 4.0,
            esc(&shorten(&n.label, LOCAL_LABEL))
        );
    }
    let r = 14.0;
    let tip = format!("{} ({})", centre.label, kind_name(centre.target));
    draw_node(&mut s, centre, &tip, cx, cy, r, " map-centre");
    let _ = write!(
        s,
        r#"<text class="map-label map-centre-label" x="{cx:.1}" y="{:.1}" text-anchor="middle">{}</text></a>"#,
        cy + r + 15.0,
        esc(&shorten(&centre.label, CENTRE_LABEL))
    );
    s.push_str("</svg>");
    s
}

/// Opens a node's link and draws its shape (the caller writes the label and closes the link).
fn draw_node(s: &mut String, n: &Node, tip: &str, x: f64, y: f64, r: f64, extra: &str) {
    let kind = kind_name(n.target);
    let _ = write!(
        s,
        r#"<a href="{}"><title>{}</title>"#,
        esc(&n.url),
        esc(tip)
    );
    let class = format!("map-node map-{kind}{extra}");
    match n.target {
        Target::Issue(_) => {
            let h = r * 0.9;
            let _ = write!(
                s,
                r#"<rect class="{class}" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="2"/>"#,
                x - h,
                y - h,
                2.0 * h,
                2.0 * h
            );
        }
        Target::Event(_) => {
            let d = r * 1.2;
            let _ = write!(
                s,
                r#"<polygon class="{class}" points="{:.1},{:.1} {:.1},{:.1} {:.1},{:.1} {:.1},{:.1}"/>"#,
                x,
                y - d,
                x + d,
                y,
                x,
                y + d,
                x - d,
                y
            );
        }
        _ => {
            let _ = write!(
                s,
                r#"<circle class="{class}" cx="{x:.1}" cy="{y:.1}" r="{r:.1}"/>"#
            );
        }
    }
}

/// The home page's map: the [`MAX_OVERVIEW`] people and issues named in the most articles,
/// joined by the articles they share. `None` when no person or issue is named anywhere.
pub fn overview(v: &Views, title: &str) -> Option<MapV> {
    let site = v.site;
    let mut all: Vec<(Target, &[ArticleId])> = Vec::new();
    for p in site.people.ids() {
        all.push((Target::Person(p), &v.person_refs(p).articles));
    }
    for i in site.issues.ids() {
        all.push((Target::Issue(i), &v.issue_refs(i).articles));
    }
    let total = all.len();
    all.retain(|(_, a)| !a.is_empty());
    all.sort_by(|a, b| {
        b.1.len()
            .cmp(&a.1.len())
            .then(kind_rank(a.0).cmp(&kind_rank(b.0)))
            .then_with(|| site.target_id(a.0).cmp(site.target_id(b.0)))
    });
    all.truncate(MAX_OVERVIEW);
    if all.is_empty() {
        return None;
    }
    // Grouped by kind around the circle, each group heaviest first.
    all.sort_by(|a, b| {
        kind_rank(a.0)
            .cmp(&kind_rank(b.0))
            .then(b.1.len().cmp(&a.1.len()))
            .then_with(|| site.target_id(a.0).cmp(site.target_id(b.0)))
    });
    // Shared articles of each pair: one bit per node for every article (at most 64 nodes).
    let mut by_article: BTreeMap<ArticleId, u64> = BTreeMap::new();
    for (k, (_, arts)) in all.iter().enumerate() {
        for &a in *arts {
            *by_article.entry(a).or_insert(0) |= 1 << k;
        }
    }
    let mut pairs: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for &mask in by_article.values() {
        let bits: Vec<usize> = (0..all.len()).filter(|k| mask & (1 << k) != 0).collect();
        for (x, &a) in bits.iter().enumerate() {
            for &b in &bits[x + 1..] {
                *pairs.entry((a, b)).or_insert(0) += 1;
            }
        }
    }
    let edges: Vec<((usize, usize), usize)> = pairs.into_iter().collect();
    let edges_total = edges.len();
    let edges = pick_edges(edges, all.len(), EDGES_PER_NODE * all.len());
    let nodes: Vec<Node> = all
        .iter()
        .map(|&(t, arts)| {
            let note = format!("named in {}", plural(arts.len(), "article", "articles"));
            node(v, t, arts.len(), note)
        })
        .collect();
    let shown = nodes.len();
    Some(MapV {
        svg: draw_overview(&nodes, &edges, title),
        shown,
        total,
        more: total - shown,
        overview: true,
        centre: "",
        edges_shown: edges.len(),
        edges_total,
    })
}

/// The links drawn, of `edges` (pairs of nodes `0..n` and their weights): each node's
/// strongest link (so no node that shares an article is left unlinked), then the strongest
/// of the rest, up to `cap` in all; strongest first, ties by pair.
fn pick_edges(
    mut edges: Vec<((usize, usize), usize)>,
    n: usize,
    cap: usize,
) -> Vec<((usize, usize), usize)> {
    edges.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut keep = vec![false; edges.len()];
    let mut linked = vec![false; n];
    for (k, &((a, b), _)) in edges.iter().enumerate() {
        if !linked[a] || !linked[b] {
            keep[k] = true;
            linked[a] = true;
            linked[b] = true;
        }
    }
    let mut room = cap.saturating_sub(keep.iter().filter(|&&k| k).count());
    for k in keep.iter_mut().filter(|k| !**k) {
        if room == 0 {
            break;
        }
        *k = true;
        room -= 1;
    }
    let mut kept = keep.iter();
    edges.retain(|_| kept.next() == Some(&true));
    edges
}

/// Nodes on a circle from the top, clockwise, a gap between the kinds; the links as curves
/// through the middle, the lightest drawn first.
fn draw_overview(nodes: &[Node], edges: &[((usize, usize), usize)], title: &str) -> String {
    let n = nodes.len();
    let groups = 1 + nodes
        .windows(2)
        .filter(|w| kind_rank(w[0].target) != kind_rank(w[1].target))
        .count();
    let slots = n + if groups > 1 { groups } else { 0 };
    let ring = (slots as f64 * 32.0 / std::f64::consts::TAU).max(140.0);
    let label_room = 8.0 + OVERVIEW_LABEL as f64 * CHAR_W;
    let half = ring + 14.0 + label_room + PAD;
    let size = 2.0 * half;
    let c = half;
    let max = nodes.iter().map(|n| n.weight).max().unwrap_or(1);
    let mut angle = Vec::with_capacity(n);
    let mut slot = 0usize;
    for (k, nd) in nodes.iter().enumerate() {
        if k > 0 && kind_rank(nodes[k - 1].target) != kind_rank(nd.target) {
            slot += 1;
        }
        // Half a gap before the first group, so the gaps are symmetric.
        let at = slot as f64 + if groups > 1 { 0.5 } else { 0.0 };
        angle.push(at / slots as f64 * std::f64::consts::TAU - std::f64::consts::FRAC_PI_2);
        slot += 1;
    }
    let pos = |k: usize, r: f64| (c + r * angle[k].cos(), c + r * angle[k].sin());
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="map-svg map-overview" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size:.0} {size:.0}" width="{size:.0}" height="{size:.0}" role="group" aria-label="{}">"#,
        esc(title)
    );
    s.push_str(r#"<g class="map-edges" aria-hidden="true">"#);
    let emax = edges.first().map_or(1, |e| e.1);
    for &((a, b), w) in edges.iter().rev() {
        let (x1, y1) = pos(a, ring);
        let (x2, y2) = pos(b, ring);
        // The curve bends towards the centre, less for neighbours on the circle.
        let (mx, my) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
        let (qx, qy) = (c + (mx - c) * 0.35, c + (my - c) * 0.35);
        let f = w as f64 / emax as f64;
        let _ = write!(
            s,
            r#"<path class="map-edge" d="M{x1:.1} {y1:.1}Q{qx:.1} {qy:.1} {x2:.1} {y2:.1}" stroke-width="{:.1}" stroke-opacity="{:.2}"/>"#,
            0.6 + 3.4 * f,
            0.2 + 0.6 * f
        );
    }
    s.push_str("</g>");
    for (k, nd) in nodes.iter().enumerate() {
        let (x, y) = pos(k, ring);
        let r = radius(nd.weight, max, 11.0);
        let tip = format!("{} ({}; {})", nd.label, kind_name(nd.target), nd.note);
        draw_node(&mut s, nd, &tip, x, y, r, "");
        // Along the radius, outwards; on the left half turned round to read left to right.
        let (lx, ly) = pos(k, ring + 16.0);
        let deg = angle[k].to_degrees();
        let (rot, anchor) = if angle[k].cos() < -1e-9 {
            (deg + 180.0, "end")
        } else {
            (deg, "start")
        };
        let _ = write!(
            s,
            r#"<text class="map-label" x="{lx:.1}" y="{ly:.1}" dy="4" text-anchor="{anchor}" transform="rotate({rot:.1} {lx:.1} {ly:.1})">{}</text></a>"#,
            esc(&shorten(&nd.label, OVERVIEW_LABEL))
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::{Idx, IssueId, PersonId};

    fn nodes(n: usize) -> Vec<Node> {
        (0..n)
            .map(|k| Node {
                target: if k % 3 == 0 {
                    Target::Issue(IssueId::new(k))
                } else {
                    Target::Person(PersonId::new(k))
                },
                label: format!("<n>&{k} with a name long enough to be cut short"),
                url: format!("people/{k}/"),
                weight: k + 1,
                note: String::new(),
            })
            .collect()
    }

    #[test]
    fn local_maps_escape_text_and_keep_labels_inside() {
        let ns = nodes(24);
        let centre = Node {
            target: Target::Person(PersonId::new(99)),
            label: "A \"centre\"".into(),
            url: "./".into(),
            weight: 3,
            note: String::new(),
        };
        let svg = draw_local(&centre, &ns, "Map of \"x\"");
        assert!(!svg.contains("<n>"));
        assert!(svg.contains("&lt;n&gt;&amp;5"));
        assert!(svg.contains("aria-label=\"Map of &quot;x&quot;\""));
        assert_eq!(svg.matches("<a href=").count(), 25);
        assert_eq!(svg.matches("<rect").count(), 8);
        // Labels end inside the drawing: a cut label is at most LOCAL_LABEL characters from
        // a node at most RX from the middle, 16 px from its edge at most.
        assert!(LOCAL_W / 2.0 - RX - 16.0 > LOCAL_LABEL as f64 * CHAR_W);
        assert_eq!(svg, draw_local(&centre, &ns, "Map of \"x\""));
    }

    #[test]
    fn every_node_keeps_its_strongest_link() {
        // Node 3's only link is the weakest; it is kept though the cap is reached before it.
        let edges = vec![((0, 1), 9), ((0, 2), 8), ((1, 2), 7), ((2, 3), 1)];
        let got = pick_edges(edges, 4, 3);
        assert_eq!(got, vec![((0, 1), 9), ((0, 2), 8), ((2, 3), 1)]);
        let edges = vec![((0, 1), 1), ((1, 2), 5), ((0, 2), 5)];
        assert_eq!(pick_edges(edges, 3, 1), vec![((0, 2), 5), ((1, 2), 5)]);
    }

    #[test]
    fn the_overview_draws_every_node_and_the_edges_given() {
        let ns = nodes(40);
        let edges = vec![((0, 1), 5), ((1, 2), 1)];
        let svg = draw_overview(&ns, &edges, "t");
        assert_eq!(svg.matches("<a href=").count(), 40);
        assert_eq!(svg.matches("<path").count(), 2);
        assert!(roxmltree::Document::parse(&svg).is_ok());
    }
}
