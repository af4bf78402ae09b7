//! `annotations.jsonld`: every annotation as a W3C Web Annotation (an AnnotationCollection),
//! so other annotation tools can import the dossier. Each targets its article page with a
//! TextQuoteSelector (exact, prefix, suffix) and a TextPositionSelector (code points of the
//! article's plain text, as `anchor` extracts it). Motivations: a mention is `identifying`, a
//! quote `identifying` its speaker (and `tagging` its issues), an event report `tagging`, a
//! note `commenting` (or `questioning` for a question).

use super::absolute;
use crate::site::{AnnKind, Annotation, Article, Site, url};
use rayon::prelude::*;
use serde_json::{Value, json};

/// Characters of context in `prefix` and `suffix`.
const CONTEXT: usize = 32;

/// The collection as JSON-LD.
pub fn jsonld(site: &Site) -> String {
    // Each annotation is made and printed on its own, in parallel by article.
    let items: Vec<Vec<String>> = site
        .articles
        .as_slice()
        .par_iter()
        .map(|a| items(site, a))
        .collect();
    assemble(site, &items.iter().map(Vec::as_slice).collect::<Vec<_>>())
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

/// The collection from the printed annotations of every article, in the site's order.
pub fn assemble(site: &Site, items: &[&[String]]) -> String {
    let link = |path: &str| absolute(site, path).unwrap_or_else(|| site.url_form(path));
    let items: Vec<&str> = items
        .iter()
        .flat_map(|v| v.iter())
        .map(|s| s.as_str())
        .collect();
    let v = json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": link("annotations.jsonld"),
        "type": "AnnotationCollection",
        "label": site.config.title,
        "total": items.len(),
        "first": {
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": super::list_slot("items"),
        },
    });
    super::splice_lists(&v, vec![("items", items)])
}

fn annotation(
    site: &Site,
    plain: &str,
    page: &str,
    x: &Annotation,
    link: &dyn Fn(&str) -> String,
) -> Value {
    let target = targets(plain, page, x);
    let entity = |path: String, purpose: &str| json!({"type": "SpecificResource", "source": link(&path), "purpose": purpose});
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
            (
                m,
                vec![
                    json!({"type": "TextualBody", "value": body, "format": "text/markdown", "purpose": m}),
                ],
            )
        }
    };
    json!({
        "id": format!("{page}#{}", x.anchor),
        "type": "Annotation",
        "motivation": motivation,
        "body": body,
        "target": target,
    })
}

/// The targets of an annotation: its passage; for a quote with cuts, one target per part
/// (the W3C model's multiple targets), as the page highlights each part and not the text
/// cut between them.
fn targets(plain: &str, page: &str, x: &Annotation) -> Value {
    if x.gaps.is_empty() {
        return part(plain, page, x.range.clone());
    }
    let mut from = x.range.start;
    let mut out = Vec::new();
    for gap in x.gaps.iter().chain([&(x.range.end..x.range.end)]) {
        out.push(part(plain, page, from..gap.start));
        from = gap.end;
    }
    Value::Array(out)
}

/// One target: a passage of the page, by quote and by position.
fn part(plain: &str, page: &str, r: std::ops::Range<usize>) -> Value {
    let before = &plain[..r.start];
    let exact = &plain[r.clone()];
    let after = &plain[r.end..];
    // The last CONTEXT characters before, and the first CONTEXT after (or all there are).
    let prefix_at = (before.char_indices().rev().nth(CONTEXT - 1)).map_or(0, |(i, _)| i);
    let suffix_to = (after.char_indices().nth(CONTEXT)).map_or(after.len(), |(i, _)| i);
    // Positions count code points; the text before is counted once.
    let start = before.chars().count();
    json!({
        "source": page,
        "selector": [
            {"type": "TextQuoteSelector", "exact": exact, "prefix": &before[prefix_at..], "suffix": &after[..suffix_to]},
            {"type": "TextPositionSelector", "start": start, "end": start + exact.chars().count()},
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_32_characters_each_side_and_positions_count_code_points() {
        let plain = format!("{}QUOTE{}", "\u{e9}".repeat(40), "\u{fc}".repeat(40));
        let at = plain.find("QUOTE").unwrap();
        let v = part(&plain, "p", at..at + 5);
        let (quote, pos) = (&v["selector"][0], &v["selector"][1]);
        assert_eq!(quote["exact"], "QUOTE");
        assert_eq!(quote["prefix"], "\u{e9}".repeat(CONTEXT));
        assert_eq!(quote["suffix"], "\u{fc}".repeat(CONTEXT));
        assert_eq!(
            (pos["start"].as_u64(), pos["end"].as_u64()),
            (Some(40), Some(45))
        );
        // Less context than that: all there is.
        let v = part("ab QUOTE c", "p", 3..8);
        assert_eq!(v["selector"][0]["prefix"], "ab ");
        assert_eq!(v["selector"][0]["suffix"], " c");
        assert_eq!(v["selector"][1]["start"], 3);
    }
}
