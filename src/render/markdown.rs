//! Markdown to HTML: article bodies with their annotations inline, and note or summary bodies.
//!
//! The article text is never modified: highlights are produced by splitting the Markdown's
//! text events at annotation boundaries and wrapping each piece in `<mark>`, so a passage may
//! span emphasis, links and line breaks, and annotations may overlap. Sidenotes (quotes,
//! events, notes) are numbered in reading order and placed after the top-level block in which
//! their passage ends, so they can float into the margin on wide screens and read inline on
//! narrow ones, with no JavaScript.
//!
//! Raw HTML in the Markdown is the only way markup could reach the page unescaped, so any
//! document containing it goes through ammonia; documents without it are built from escaped
//! text only and skip that cost. Highlights never change how the Markdown renders: see
//! [`body`] for how links, markers and sidenotes are kept out of the HTML parser's repairs.

use crate::anchor::parser;
use crate::site::{LinkDest, Site};
use pulldown_cmark::{CowStr, Event, Tag};
use std::sync::OnceLock;

mod body;
pub mod markup;
mod place;
mod sidenote;
use crate::links::safe_url;
pub use body::article_body;
pub use markup::Markup;
pub use sidenote::{capitalise, sidenote};

/// HTML-escapes text for element content and attribute values.
pub fn esc(s: &str) -> String {
    escape_bytes(s, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    })
}

/// `s` with each ASCII byte for which `escape` gives a replacement replaced. The runs between
/// them are copied whole; an ASCII byte never falls inside a multi-byte character.
pub(crate) fn escape_bytes(s: &str, escape: impl Fn(u8) -> Option<&'static str>) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        if let Some(r) = escape(b) {
            out.push_str(&s[from..i]);
            out.push_str(r);
            from = i + 1;
        }
    }
    out.push_str(&s[from..]);
    out
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static S: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    S.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_tags([
            "mark",
            "aside",
            "u",
            "s",
            "span",
            "sup",
            "sub",
            "small",
            "figure",
            "figcaption",
        ])
        .add_generic_attributes(["class", "id", "title", "aria-label", "lang"])
        .link_rel(None)
        .url_schemes(["http", "https", "mailto"].into_iter().collect());
        b
    })
}

/// Drops unsafe link destinations.
fn rewrite_link(dest: CowStr<'_>) -> CowStr<'_> {
    if safe_url(&dest) { dest } else { "#".into() }
}

/// A link's destination: the page resolve found for it (`None`: leave the text unlinked, the
/// link led nowhere), or the destination as written when it is not internal.
fn link_dest<'a>(
    resolved: Option<(&Site, &LinkDest)>,
    root: &str,
    dest: CowStr<'a>,
) -> Option<CowStr<'a>> {
    match resolved {
        Some((site, LinkDest::Internal(l))) => {
            site.link_target(l).map(|(u, _)| site.href(root, &u).into())
        }
        Some((_, LinkDest::Broken)) => None,
        Some((_, LinkDest::AsWritten)) | None => Some(rewrite_link(dest)),
    }
}

/// Rewrites the destination of a link (to the page resolve found for it) or an image
/// (never internal); other tags pass as they are. `None`: the link is left out.
fn resolve_tag<'a>(
    resolved: Option<(&Site, &LinkDest)>,
    root: &str,
    tag: Tag<'a>,
) -> Option<Tag<'a>> {
    Some(match tag {
        Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Link {
            link_type,
            dest_url: link_dest(resolved, root, dest_url)?,
            title,
            id,
        },
        Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Image {
            link_type,
            dest_url: rewrite_link(dest_url),
            title,
            id,
        },
        t => t,
    })
}

/// Rewrites a tag of an article body, whose links are kept as written (when safe): the
/// article is the source's text, not the dossier's, so it has no internal links.
fn rewrite_tag<'a>(_site: Option<&Site>, root: &str, tag: Tag<'a>) -> Tag<'a> {
    resolve_tag(None, root, tag).expect("a link kept as written is never left out")
}

/// Renders a Markdown body with no annotations (a note, a summary). `links` says what each of
/// its links leads to, in reading order (as resolve found them), relative to a page at `root`.
pub fn markdown(md: &str, links: Option<(&Site, &[LinkDest])>, root: &str) -> String {
    let mut raw = false;
    let mut nth = 0;
    let mut unlinked = false;
    let events: Vec<Event> = parser(md)
        .filter_map(|(e, _)| match e {
            Event::Start(tag) => {
                let resolved = match (&tag, links) {
                    (Tag::Link { .. }, Some((site, l))) => {
                        nth += 1;
                        l.get(nth - 1).map(|d| (site, d))
                    }
                    _ => None,
                };
                let t = resolve_tag(resolved, root, tag);
                unlinked = t.is_none();
                t.map(Event::Start)
            }
            // Links do not nest: the end of an unlinked link is the next link end.
            Event::End(pulldown_cmark::TagEnd::Link) if unlinked => {
                unlinked = false;
                None
            }
            e @ (Event::Html(_) | Event::InlineHtml(_)) => {
                raw = true;
                Some(e)
            }
            e => Some(e),
        })
        .collect();
    let mut out = String::with_capacity(md.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out, events.into_iter());
    if raw {
        sanitizer().clean(&out).to_string()
    } else {
        out
    }
}

/// Renders one line of Markdown without the surrounding paragraph (for titles in lists).
pub fn markdown_inline(md: &str, links: Option<(&Site, &[LinkDest])>, root: &str) -> String {
    let html = markdown(md, links, root);
    let t = html.trim();
    match t.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")) {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_special_characters_and_keeps_the_rest() {
        assert_eq!(
            esc("\"Caf\u{e9}\" <b>&'x'</b>\u{2014}ok"),
            "&quot;Caf\u{e9}&quot; &lt;b&gt;&amp;&#39;x&#39;&lt;/b&gt;\u{2014}ok"
        );
        assert_eq!(esc(""), "");
        assert_eq!(esc("&"), "&amp;");
    }

    #[test]
    fn sanitizes_raw_html_and_unsafe_links() {
        let html = markdown(
            "Hi <u>there</u> <script>alert(1)</script> <b onclick=\"x()\">b</b> [x](javascript:alert(1)) <a href=\"javascript:y()\">y</a>",
            None,
            "",
        );
        assert!(html.contains("<u>there</u>"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(!html.to_lowercase().contains("javascript:"), "{html}");
    }
}
