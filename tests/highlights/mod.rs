//! Shared by `tests/commonmark.rs` and `tests/highlight_property.rs`: Markdown documents made
//! into articles of a real temporary dossier, each twice (with generated annotations and
//! without), built through load, resolve and render; and the article bodies of the rendered
//! pages as normalised HTML trees, with or without the highlight markup.
#![allow(dead_code)]

use dossier::anchor::{ArticleText, Query, normalise};
use dossier::diagnostics::{Diagnostics, Severity};
use dossier::render::markdown::{Markup, article_body};
use dossier::render::{Page, SiteGlobal, render_page};
use scraper::{ElementRef, Html, Node, Selector};
use std::fmt::Write;
use std::path::Path;

/// One generated annotation: its TOML table name, quote, occurrence and the rest of its keys.
#[derive(Debug, Clone)]
pub struct Ann {
    pub table: &'static str,
    pub quote: String,
    pub occurrence: usize,
    pub rest: &'static str,
}

/// A kind of annotation: its TOML table and its keys besides the selector.
pub type Kind = (&'static str, &'static str);
pub const KIND_MENTION_PERSON: Kind = ("mention", "person = \"ada-lovelace\"");
pub const KIND_MENTION_ISSUE: Kind = ("mention", "issue = \"computing\"");
pub const KIND_QUOTE: Kind = ("quote", "speaker = \"ada-lovelace\"");
pub const KIND_NOTE: Kind = ("note", "kind = \"context\"\nbody = \"A *note*.\"");

/// The words of a normalised text, as byte ranges (runs of letters and digits).
pub fn word_spans(norm: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in norm.char_indices().chain([(norm.len(), ' ')]) {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// How many times `needle` starts in `hay` before byte `before` (overlaps counted, as the
/// anchoring counts occurrences), plus one: the occurrence of the match at `before`.
fn occurrence(hay: &str, needle: &str, before: usize) -> usize {
    (0..before)
        .filter(|&i| hay.is_char_boundary(i) && hay[i..].starts_with(needle))
        .count()
        + 1
}

/// An annotation of kind `kind` on the passage `r` of the normalised plain text `norm`,
/// choosing its occurrence.
pub fn span_annotation(norm: &str, r: std::ops::Range<usize>, kind: Kind) -> Ann {
    let quote = norm[r.clone()].to_string();
    Ann {
        table: kind.0,
        occurrence: occurrence(norm, &quote, r.start),
        quote,
        rest: kind.1,
    }
}

/// The annotations generated for a Markdown text: a mention of the first word that occurs only
/// once; a quote of 2 to 4 words, crossing inline markup where some window of words does; and
/// an overlapping pair (a note on two words, a mention on the second and the next).
pub fn annotations(md: &str) -> Vec<Ann> {
    let text = ArticleText::new(md);
    let norm = normalise(&text.plain);
    let source = normalise(md);
    let ws = word_spans(&norm);
    let span = |first: usize, last: usize, kind| {
        span_annotation(&norm, ws[first].start..ws[last].end, kind)
    };
    let mut out = Vec::new();
    let unique = ws.iter().map(|w| &norm[w.clone()]).find(|w| {
        text.anchor(&Query {
            quote: w,
            ..Default::default()
        })
        .is_ok()
    });
    if let Some(w) = unique {
        out.push(Ann {
            table: KIND_MENTION_PERSON.0,
            quote: w.to_string(),
            occurrence: 1,
            rest: KIND_MENTION_PERSON.1,
        });
    }
    let windows = [3, 2, 4]
        .into_iter()
        .flat_map(|k| (0..ws.len().saturating_sub(k - 1)).map(move |i| (i, i + k - 1)));
    let crossing = windows
        .clone()
        .find(|&(a, b)| !source.contains(&norm[ws[a].start..ws[b].end]));
    if let Some((a, b)) = crossing.or_else(|| windows.clone().next()) {
        out.push(span(a, b, KIND_QUOTE));
    }
    if ws.len() >= 3 {
        let i = (ws.len() - 3) / 2;
        out.push(span(i, i + 1, KIND_NOTE));
        out.push(span(i + 1, i + 2, KIND_MENTION_ISSUE));
    }
    out
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The annotation file of an article.
pub fn annotation_file(title: &str, anns: &[Ann]) -> String {
    let mut t = format!(
        "title = {}\noutlet = \"example-gazette\"\npublished = \"2020-01-02\"\n",
        toml_string(title)
    );
    for a in anns {
        let _ = write!(
            t,
            "\n[[{}]]\nquote = {}\noccurrence = {}\n{}\n",
            a.table,
            toml_string(&a.quote),
            a.occurrence,
            a.rest
        );
    }
    t
}

/// A fresh dossier (`dossier init`'s registries, its example article removed) holding each
/// document twice: `SLUG` annotated, `SLUG-plain` not.
pub fn write_dossier(dir: &Path, docs: &[(String, String, Vec<Ann>)]) {
    dossier::init::init(dir).expect("dossier init");
    let articles = dir.join("content/articles");
    for ext in ["md", "toml"] {
        std::fs::remove_file(articles.join(format!("example.{ext}"))).unwrap();
    }
    for (slug, md, anns) in docs {
        for (name, anns) in [(slug.clone(), &anns[..]), (format!("{slug}-plain"), &[])] {
            std::fs::write(articles.join(format!("{name}.md")), md).unwrap();
            std::fs::write(
                articles.join(format!("{name}.toml")),
                annotation_file(&name, anns),
            )
            .unwrap();
        }
    }
}

/// A rendered article: its slug, the body's children and the anchors of its annotations.
pub struct Rendered {
    pub slug: String,
    pub body: Html,
    pub anchors: Vec<String>,
    pub sidenoted: usize,
}

/// How an article's body is taken from the build.
#[derive(Clone, Copy, PartialEq)]
pub enum From {
    /// From the article page, rendered with the built-in templates.
    Page,
    /// From the body renderer alone (faster: no templates).
    Body,
}

/// Loads and resolves the dossier at `root`, and renders every article's body, from its page
/// or from the body renderer; panics on any error diagnostic (every generated annotation must
/// anchor).
pub fn render_articles(root: &Path, from: From) -> Vec<Rendered> {
    let mut diags = Diagnostics::default();
    let dossier = dossier::load::load(root, &mut diags).expect("the dossier loads");
    let site = dossier::resolve::resolve(&dossier, &mut diags);
    let templates = (from == From::Page).then(|| {
        dossier::render::templates::load(&dossier, &SiteGlobal::new(&site), &mut diags)
            .expect("templates load")
    });
    let errors: Vec<String> = diags
        .items
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{}: {} ({:?})", d.code, d.message, d.location))
        .collect();
    assert!(errors.is_empty(), "errors:\n{}", errors.join("\n"));
    let body = Selector::parse("article > div.body").unwrap();
    site.articles
        .ids()
        .map(|i| {
            let a = &site.articles[i];
            let html = match &templates {
                Some(t) => {
                    let page = render_page(&site, t, Page::Article(i)).expect("page renders");
                    let doc = Html::parse_document(&page);
                    let mut bodies = doc.select(&body);
                    let b = bodies.next().expect("the page has an article body");
                    assert!(bodies.next().is_none(), "one article body");
                    b.inner_html()
                }
                None => article_body(&site, a, "../", &Markup::builtin()),
            };
            Rendered {
                slug: a.slug.clone(),
                body: Html::parse_fragment(&html),
                anchors: a.annotations.iter().map(|x| x.anchor.clone()).collect(),
                sidenoted: a
                    .annotations
                    .iter()
                    .filter(|x| x.kind.name() != "mention")
                    .count(),
            }
        })
        .collect()
}

/// A normalised HTML node: attributes sorted, adjacent text merged, whitespace collapsed
/// outside `<pre>` and dropped next to block boundaries (where it does not render).
#[derive(Debug, Clone, PartialEq)]
pub enum N {
    E(String, Vec<(String, String)>, Vec<N>),
    T(String),
    Comment(String),
}

/// What to do with an element of the highlight markup when it is removed.
enum Strip {
    /// Keep what it contains (a highlight, a mention's link).
    Unwrap,
    /// Remove it with its content (markers, sidenotes, extra anchors).
    Drop,
}

fn highlight_markup(e: &scraper::node::Element) -> Option<Strip> {
    let class = |c: &str| e.classes().any(|x| x == c);
    match e.name() {
        "mark" if class("hl") => Some(Strip::Unwrap),
        "a" if class("mention") => Some(Strip::Unwrap),
        "span" if class("anchor") => Some(Strip::Drop),
        "sup" if class("sn-ref") => Some(Strip::Drop),
        "aside" | "span" if class("sidenote") => Some(Strip::Drop),
        _ => None,
    }
}

const BLOCKS: &[&str] = &[
    "html",
    "body",
    "p",
    "div",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "hr",
    "aside",
    "section",
    "article",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
    "details",
    "summary",
    "header",
    "footer",
    "nav",
    "main",
    "address",
    "caption",
];

fn is_block(n: &N) -> bool {
    matches!(n, N::E(name, ..) if BLOCKS.contains(&name.as_str()))
}

fn convert(el: ElementRef, strip: bool, out: &mut Vec<N>) {
    for child in el.children() {
        match child.value() {
            Node::Text(t) => out.push(N::T(t.to_string())),
            Node::Comment(c) => out.push(N::Comment(c.to_string())),
            Node::Element(e) => {
                let child = ElementRef::wrap(child).expect("an element");
                match highlight_markup(e).filter(|_| strip) {
                    Some(Strip::Unwrap) => convert(child, strip, out),
                    Some(Strip::Drop) => {}
                    None => {
                        // A paragraph's id (P1, P2...) is the renderer's, like highlights.
                        let paragraph_id = |k: &str, v: &str| {
                            e.name() == "p"
                                && k == "id"
                                && v.strip_prefix('P')
                                    .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
                        };
                        let mut attrs: Vec<(String, String)> = e
                            .attrs()
                            .filter(|(k, v)| !paragraph_id(k, v))
                            .map(|(k, v)| (k.to_string(), v.to_string()))
                            .collect();
                        attrs.sort();
                        let mut kids = Vec::new();
                        convert(child, strip, &mut kids);
                        out.push(N::E(e.name().to_string(), attrs, kids));
                    }
                }
            }
            _ => {}
        }
    }
}

/// Each run of ASCII whitespace as one space.
fn collapse(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            c if c.is_ascii_whitespace() => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Normalises the children of an element named `parent` (recursively).
fn normalise_kids(kids: Vec<N>, parent: &str, in_pre: bool) -> Vec<N> {
    let mut merged: Vec<N> = Vec::new();
    for k in kids {
        match (merged.last_mut(), k) {
            (Some(N::T(a)), N::T(b)) => a.push_str(&b),
            (_, N::E(name, attrs, kids)) => {
                let pre = in_pre || name == "pre";
                let kids = normalise_kids(kids, &name, pre);
                merged.push(N::E(name, attrs, kids));
            }
            (_, k) => merged.push(k),
        }
    }
    if in_pre {
        return merged;
    }
    let block_parent = BLOCKS.contains(&parent);
    let n = merged.len();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let N::T(t) = &merged[i] else {
            out.push(merged[i].clone());
            continue;
        };
        let mut t = collapse(t);
        if (i == 0 && block_parent) || (i > 0 && is_block(&merged[i - 1])) {
            t = t.trim_start().to_string();
        }
        if (i + 1 == n && block_parent) || (i + 1 < n && is_block(&merged[i + 1])) {
            t = t.trim_end().to_string();
        }
        if !t.is_empty() {
            out.push(N::T(t));
        }
    }
    out
}

/// The normalised tree of a parsed fragment; `strip` removes the highlight markup first.
pub fn tree(html: &Html, strip: bool) -> Vec<N> {
    let mut kids = Vec::new();
    convert(html.root_element(), strip, &mut kids);
    normalise_kids(kids, "body", false)
}

/// The normalised tree of an HTML fragment (the spec's expected output).
pub fn fragment_tree(html: &str) -> Vec<N> {
    tree(&Html::parse_fragment(html), false)
}

/// Every `id` attribute in a parsed fragment.
pub fn ids(html: &Html) -> Vec<String> {
    let sel = Selector::parse("[id]").unwrap();
    html.select(&sel)
        .filter_map(|e| e.value().id().map(str::to_string))
        .collect()
}

/// How many elements match a CSS selector.
pub fn count(html: &Html, css: &str) -> usize {
    html.select(&Selector::parse(css).unwrap()).count()
}

/// A normalised tree written out, for failure messages.
pub fn show(nodes: &[N]) -> String {
    let mut s = String::new();
    for n in nodes {
        match n {
            N::T(t) => s.push_str(&format!("{t:?}")),
            N::Comment(c) => {
                let _ = write!(s, "<!--{c}-->");
            }
            N::E(name, attrs, kids) => {
                let _ = write!(s, "<{name}");
                for (k, v) in attrs {
                    let _ = write!(s, " {k}={v:?}");
                }
                let _ = write!(s, ">{}</{name}>", show(kids));
            }
        }
    }
    s
}

/// Checks the invariant on one rendered pair: the annotated body, highlights removed, is the
/// unannotated body; every annotation is highlighted (its anchor is an id) and every sidenote
/// has its marker and its aside. `Err` says what differs.
pub fn check_pair(annotated: &Rendered, plain: &Rendered) -> Result<(), String> {
    let (with, without) = (tree(&annotated.body, true), tree(&plain.body, false));
    if with != without {
        return Err(format!(
            "highlights change the rendering of {}:\n  with:    {}\n  without: {}",
            annotated.slug,
            show(&with),
            show(&without)
        ));
    }
    let ids = ids(&annotated.body);
    if let Some(a) = annotated.anchors.iter().find(|a| !ids.contains(a)) {
        return Err(format!("{}: no highlight has the id {a}", annotated.slug));
    }
    let (refs, asides) = (
        count(&annotated.body, "sup.sn-ref > a"),
        count(&annotated.body, ".sidenote"),
    );
    if refs != annotated.sidenoted || asides != annotated.sidenoted {
        return Err(format!(
            "{}: {} sidenoted annotations, {refs} markers, {asides} sidenotes",
            annotated.slug, annotated.sidenoted
        ));
    }
    Ok(())
}
