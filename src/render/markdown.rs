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
use crate::site::Site;
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
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
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

/// Rewrites internal links (`person:ID`...) to page URLs and drops unsafe ones.
fn rewrite_link<'a>(site: Option<&Site>, root: &str, dest: CowStr<'a>) -> CowStr<'a> {
    if crate::links::is_internal(&dest)
        && let Some(site) = site
    {
        return match site.resolve_link(&dest) {
            Ok((u, _)) => format!("{root}{u}").into(),
            Err(_) => "#".into(),
        };
    }
    if safe_url(&dest) { dest } else { "#".into() }
}

/// Rewrites the destination of a link (internal links resolved against `site`) or an image
/// (never internal); other tags pass as they are.
fn rewrite_tag<'a>(site: Option<&Site>, root: &str, tag: Tag<'a>) -> Tag<'a> {
    match tag {
        Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Link {
            link_type,
            dest_url: rewrite_link(site, root, dest_url),
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
            dest_url: rewrite_link(None, root, dest_url),
            title,
            id,
        },
        t => t,
    }
}

/// Renders a Markdown body with no annotations (a note, a summary). Internal links resolve
/// against `site`, relative to a page at `root`.
pub fn markdown(md: &str, site: Option<&Site>, root: &str) -> String {
    let mut raw = false;
    let events: Vec<Event> = parser(md)
        .map(|(e, _)| match e {
            Event::Start(tag) => Event::Start(rewrite_tag(site, root, tag)),
            e @ (Event::Html(_) | Event::InlineHtml(_)) => {
                raw = true;
                e
            }
            e => e,
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
pub fn markdown_inline(md: &str, site: Option<&Site>, root: &str) -> String {
    let html = markdown(md, site, root);
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
