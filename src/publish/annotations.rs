//! `annotations.jsonld`: every annotation as a W3C Web Annotation (an AnnotationCollection,
//! paged: the first page embedded, the rest in `annotations/page-N.jsonld`), so other
//! annotation tools can import the dossier. Each targets its article page with a
//! TextQuoteSelector (exact, prefix, suffix) and a TextPositionSelector (code points of the
//! article's plain text, as `anchor` extracts it). Motivations: a mention is `identifying`, a
//! quote `identifying` its speaker (and `tagging` its issues), an event report `tagging`, a
//! note `commenting` (or `questioning` for a question).

use super::absolute;
use crate::site::{AnnKind, Annotation, Article, Site, url};
use serde::Serialize;
use serde_json::json;
use std::borrow::Cow;

/// Characters of context in `prefix` and `suffix`.
const CONTEXT: usize = 32;

/// Annotations per page of the collection. A page of typical annotations is a few megabytes,
/// so every file stays far below what static hosts accept (GitHub Pages refuses files over
/// 100 MB; one file of 100,000 articles' annotations was 682 MB), and each page is printed
/// on its own, so none is ever held whole with the others.
pub const PER_PAGE: usize = 5_000;

/// How many pages the annotations of `site` fill: at least one, since the collection
/// embeds its first page, empty or not.
pub fn pages(site: &Site) -> usize {
    pages_for(total(site))
}

/// How many pages `total` annotations fill.
fn pages_for(total: usize) -> usize {
    total.div_ceil(PER_PAGE).max(1)
}

/// How many annotations `site` has.
fn total(site: &Site) -> usize {
    site.articles.iter().map(|a| a.annotations.len()).sum()
}

/// The output path of page `n` (counted from 1): the first is embedded in the collection,
/// `annotations.jsonld`; the others are `annotations/page-N.jsonld`.
pub fn page_path(n: usize) -> String {
    super::page_path("annotations.jsonld", n)
}

/// Page `n` (counted from 1) as JSON-LD: for the first, the collection with that page
/// embedded (as W3C's protocol allows, so a small dossier's annotations are one file);
/// for the others, an `AnnotationPage` that is `partOf` it. Pages link to each other with
/// `next` and `prev`, and the collection names the `last`. `printed` gives an article's
/// annotations printed by [`items`] (a live session keeps them; see
/// [`super::cache::ExportCache`]).
pub fn page<'c>(site: &Site, n: usize, printed: impl Fn(&Article) -> Cow<'c, [String]>) -> String {
    let link = |path: &str| absolute(site, path).unwrap_or_else(|| site.url_form(path));
    let total = total(site);
    let count = pages_for(total);
    let start = (n - 1) * PER_PAGE;
    let end = (start + PER_PAGE).min(total);
    // The articles whose annotations overlap [start, end), each with the part that does.
    let mut parts: Vec<(Cow<'c, [String]>, std::ops::Range<usize>)> = Vec::new();
    let mut at = 0;
    for a in site.articles.iter() {
        let len = a.annotations.len();
        if at + len > start && at < end {
            let from = start.saturating_sub(at);
            parts.push((printed(a), from..(end - at).min(len)));
        }
        at += len;
        if at >= end {
            break;
        }
    }
    let items: Vec<&str> = parts
        .iter()
        .flat_map(|(v, r)| v[r.clone()].iter().map(String::as_str))
        .collect();
    let mut page = json!({
        "type": "AnnotationPage",
        "startIndex": start,
        "items": super::list_slot("items"),
    });
    if n > 1 {
        page["prev"] = link(&page_path(n - 1)).into();
    }
    if n < count {
        page["next"] = link(&page_path(n + 1)).into();
    }
    let collection = json!({
        "id": link(&page_path(1)),
        "type": "AnnotationCollection",
        "label": site.config.title,
        "total": total,
    });
    let mut doc = if n == 1 {
        let mut c = collection;
        c["first"] = page;
        if count > 1 {
            c["last"] = link(&page_path(count)).into();
        }
        c
    } else {
        page["id"] = link(&page_path(n)).into();
        page["partOf"] = collection;
        page
    };
    doc["@context"] = "http://www.w3.org/ns/anno.jsonld".into();
    super::splice_lists(&doc, vec![("items", items)])
}

/// The annotations of article `a`, printed. They depend on the article and on registry ids
/// only, so a live session keeps them (see [`super::cache::ExportCache`]).
pub fn items(site: &Site, a: &Article) -> Vec<String> {
    let link = |path: &str| absolute(site, path).unwrap_or_else(|| site.url_form(path));
    let plain = crate::anchor::plain_text(a.text.as_ref());
    let page = link(&url::article(&a.slug));
    a.annotations
        .iter()
        .map(|x| super::item(&annotation(site, &plain, &page, x, &link)))
        .collect()
}

/// A Web Annotation, as `annotations.jsonld` prints it. The fields of these types are in
/// the order of their names, the order that `serde_json`'s maps printed them in when the
/// items were `json!` values (a typed item allocates no map and no key to print).
#[derive(Serialize)]
struct Anno<'a> {
    body: Vec<Body<'a>>,
    id: String,
    motivation: &'static str,
    target: Targets<'a>,
    #[serde(rename = "type")]
    kind: &'static str,
}

/// What an annotation says: the entity it identifies or tags, or the note's text.
#[derive(Serialize)]
#[serde(untagged)]
enum Body<'a> {
    Entity {
        purpose: &'static str,
        source: String,
        #[serde(rename = "type")]
        kind: &'static str,
    },
    Text {
        format: &'static str,
        purpose: &'static str,
        #[serde(rename = "type")]
        kind: &'static str,
        value: &'a str,
    },
}

/// One target, or one per part of a quote with cuts.
#[derive(Serialize)]
#[serde(untagged)]
enum Targets<'a> {
    One(Target<'a>),
    Parts(Vec<Target<'a>>),
}

#[derive(Serialize)]
struct Target<'a> {
    selector: (QuoteSelector<'a>, PositionSelector),
    source: &'a str,
}

#[derive(Serialize)]
struct QuoteSelector<'a> {
    exact: &'a str,
    prefix: &'a str,
    suffix: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct PositionSelector {
    end: usize,
    start: usize,
    #[serde(rename = "type")]
    kind: &'static str,
}

fn annotation<'a>(
    site: &Site,
    plain: &'a str,
    page: &'a str,
    x: &'a Annotation,
    link: &dyn Fn(&str) -> String,
) -> Anno<'a> {
    let target = targets(plain, page, x);
    let entity = |path: String, purpose| Body::Entity {
        purpose,
        source: link(&path),
        kind: "SpecificResource",
    };
    let (motivation, body) = match &x.kind {
        AnnKind::Mention(t) => (
            "identifying",
            vec![entity(site.target_url(*t), "identifying")],
        ),
        AnnKind::Quote {
            speaker, issues, ..
        } => {
            let mut body: Vec<_> = site
                .speaker_url(speaker)
                .map(|u| entity(u, "identifying"))
                .into_iter()
                .collect();
            body.extend(
                issues
                    .iter()
                    .map(|&k| entity(url::issue(&site.issues[k].id), "tagging")),
            );
            ("identifying", body)
        }
        AnnKind::Event { event, .. } => (
            "tagging",
            vec![entity(url::event(&site.events[*event].id), "tagging")],
        ),
        AnnKind::Note { kind, body, .. } => {
            let m = if *kind == crate::site::NoteKind::Question {
                "questioning"
            } else {
                "commenting"
            };
            let text = Body::Text {
                format: "text/markdown",
                purpose: m,
                kind: "TextualBody",
                value: body,
            };
            (m, vec![text])
        }
    };
    Anno {
        body,
        id: format!("{page}#{}", x.anchor),
        motivation,
        target,
        kind: "Annotation",
    }
}

/// The targets of an annotation: its passage; for a quote with cuts, one target per part
/// (the W3C model's multiple targets), as the page highlights each part and not the text
/// cut between them.
fn targets<'a>(plain: &'a str, page: &'a str, x: &Annotation) -> Targets<'a> {
    if x.gaps.is_empty() {
        return Targets::One(part(plain, page, x.range.clone()));
    }
    let mut from = x.range.start;
    let mut out = Vec::new();
    for gap in x.gaps.iter().chain([&(x.range.end..x.range.end)]) {
        out.push(part(plain, page, from..gap.start));
        from = gap.end;
    }
    Targets::Parts(out)
}

/// One target: a passage of the page, by quote and by position.
fn part<'a>(plain: &'a str, page: &'a str, r: std::ops::Range<usize>) -> Target<'a> {
    let before = &plain[..r.start];
    let exact = &plain[r.clone()];
    let after = &plain[r.end..];
    // The last CONTEXT characters before, and the first CONTEXT after (or all there are).
    let prefix_at = (before.char_indices().rev().nth(CONTEXT - 1)).map_or(0, |(i, _)| i);
    let suffix_to = (after.char_indices().nth(CONTEXT)).map_or(after.len(), |(i, _)| i);
    // Positions count code points; the text before is counted once.
    let start = before.chars().count();
    Target {
        selector: (
            QuoteSelector {
                exact,
                prefix: &before[prefix_at..],
                suffix: &after[..suffix_to],
                kind: "TextQuoteSelector",
            },
            PositionSelector {
                end: start + exact.chars().count(),
                start,
                kind: "TextPositionSelector",
            },
        ),
        source: page,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_32_characters_each_side_and_positions_count_code_points() {
        let plain = format!("{}QUOTE{}", "\u{e9}".repeat(40), "\u{fc}".repeat(40));
        let at = plain.find("QUOTE").unwrap();
        let v = serde_json::to_value(part(&plain, "p", at..at + 5)).unwrap();
        let (quote, pos) = (&v["selector"][0], &v["selector"][1]);
        assert_eq!(quote["exact"], "QUOTE");
        assert_eq!(quote["prefix"], "\u{e9}".repeat(CONTEXT));
        assert_eq!(quote["suffix"], "\u{fc}".repeat(CONTEXT));
        assert_eq!(
            (pos["start"].as_u64(), pos["end"].as_u64()),
            (Some(40), Some(45))
        );
        // Less context than that: all there is.
        let v = serde_json::to_value(part("ab QUOTE c", "p", 3..8)).unwrap();
        assert_eq!(v["selector"][0]["prefix"], "ab ");
        assert_eq!(v["selector"][0]["suffix"], " c");
        assert_eq!(v["selector"][1]["start"], 3);
    }
}
