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
//! text only and skip that cost.

use crate::anchor::{parser, plain_piece};
use crate::site::{AnnKind, Article, Site};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::fmt::Write;
use std::sync::OnceLock;

mod sidenote;
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

/// Whether a link destination is safe to emit: relative, fragment, or http(s)/mailto.
///
/// A destination has a scheme only as the URL standard parses one: after dropping tabs and
/// newlines anywhere and control characters and spaces at the ends (as browsers do), an ASCII
/// letter, then letters, digits, `+`, `-` or `.`, then `:`. Anything else before the first
/// colon (`/`, `?`, `#`, `)`, ...) makes the colon part of a relative path, as in `foo):`.
pub fn safe_url(dest: &str) -> bool {
    let url: String = dest
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    match url.split_once(':') {
        Some((scheme, _)) if is_scheme(scheme) => ["http", "https", "mailto"]
            .iter()
            .any(|s| s.eq_ignore_ascii_case(scheme)),
        _ => true,
    }
}

/// Whether `s` is a URL scheme: an ASCII letter, then letters, digits, `+`, `-` or `.`.
fn is_scheme(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Rewrites internal links (`person:ID`...) to page URLs and drops unsafe ones.
fn rewrite_link<'a>(site: Option<&Site>, root: &str, dest: CowStr<'a>) -> CowStr<'a> {
    if crate::resolve::LINK_SCHEMES
        .iter()
        .any(|s| dest.starts_with(s))
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

fn is_block(tag: &Tag) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

fn is_block_end(tag: &TagEnd) -> bool {
    !matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
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

/// The article body, with every annotation highlighted and every sidenote placed.
pub fn article_body(site: &Site, article: &Article, root: &str) -> String {
    Body::new(site, article, root).render()
}

/// Whether a raw `<a>` element is open after the HTML `html`, given whether one was open
/// before: the last `<a ...>` start tag opens one, the last `</a>` closes it; tags inside
/// comments do not count. (An HTML parser closes an open `a` when another starts, so a nested
/// `<a>` needs no depth.)
fn raw_link_open(html: &str, mut open: bool) -> bool {
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let (closing, name) = match rest.strip_prefix('/') {
            Some(n) => (true, n),
            None => (false, rest),
        };
        let mut chars = name.chars();
        if chars.next().is_some_and(|c| c.eq_ignore_ascii_case(&'a'))
            && chars
                .next()
                .is_none_or(|c| c.is_ascii_whitespace() || c == '>' || c == '/')
        {
            open = !closing;
        }
    }
    open
}

struct Body<'s> {
    site: &'s Site,
    article: &'s Article,
    root: &'s str,
    /// Sidenote number of each annotation that has one (quotes, events, notes).
    numbers: Vec<Option<usize>>,
    out: Vec<Event<'s>>,
    /// Sidenotes waiting for the current top-level block to close.
    pending_asides: Vec<usize>,
    /// Reference markers waiting for the current link to close (no nested links).
    pending_refs: Vec<usize>,
    raw_html: bool,
    block_depth: usize,
    link_depth: usize,
    image_depth: usize,
    /// A raw HTML `<a>` is open: inside it, as inside a Markdown link, a mention is not a
    /// link and markers wait, since a link inside a link would close the outer one.
    raw_link: bool,
}

impl<'s> Body<'s> {
    fn new(site: &'s Site, article: &'s Article, root: &'s str) -> Self {
        // Number sidenotes in the order their passages end, as a reader meets their markers.
        let mut order: Vec<usize> = (0..article.annotations.len())
            .filter(|&i| !matches!(article.annotations[i].kind, AnnKind::Mention(_)))
            .collect();
        order.sort_by_key(|&i| {
            (
                article.annotations[i].range.end,
                article.annotations[i].range.start,
            )
        });
        let mut numbers = vec![None; article.annotations.len()];
        for (n, i) in order.into_iter().enumerate() {
            numbers[i] = Some(n + 1);
        }
        Body {
            site,
            article,
            root,
            numbers,
            out: Vec::new(),
            pending_asides: Vec::new(),
            pending_refs: Vec::new(),
            raw_html: false,
            block_depth: 0,
            link_depth: 0,
            image_depth: 0,
            raw_link: false,
        }
    }

    fn html(&mut self, s: String) {
        self.out.push(Event::InlineHtml(s.into()));
    }

    fn in_link(&self) -> bool {
        self.link_depth > 0 || self.raw_link
    }

    fn render(mut self) -> String {
        let mut pos = 0usize;
        for (event, _) in parser(&self.article.text) {
            let piece_len = plain_piece(&event, self.image_depth > 0).map(str::len);
            match event {
                Event::Text(t) if self.image_depth == 0 => {
                    self.text(&t, pos, false);
                }
                Event::Code(t) if self.image_depth == 0 => {
                    self.html("<code>".into());
                    self.text(&t, pos, true);
                    self.html("</code>".into());
                }
                Event::Start(tag) => {
                    match &tag {
                        Tag::Link { .. } => self.link_depth += 1,
                        Tag::Image { .. } => self.image_depth += 1,
                        t if is_block(t) => self.block_depth += 1,
                        _ => {}
                    }
                    self.out
                        .push(Event::Start(rewrite_tag(None, self.root, tag)));
                }
                Event::End(tag) => self.end(tag),
                e @ (Event::Html(_) | Event::InlineHtml(_)) => {
                    self.raw_html = true;
                    if let Event::Html(h) | Event::InlineHtml(h) = &e
                        && self.image_depth == 0
                    {
                        self.raw_link = raw_link_open(h, self.raw_link);
                    }
                    self.out.push(e);
                    self.flush_refs();
                }
                e => self.out.push(e),
            }
            if let Some(len) = piece_len {
                pos += len;
            }
        }
        self.raw_link = false;
        self.flush_refs();
        self.flush_asides();
        let mut html = String::with_capacity(self.article.text.len() * 2);
        let raw = self.raw_html;
        pulldown_cmark::html::push_html(&mut html, self.out.into_iter());
        if raw {
            sanitizer().clean(&html).to_string()
        } else {
            html
        }
    }

    fn end(&mut self, tag: TagEnd) {
        if self.raw_link && is_block_end(&tag) {
            // A raw `<a>` left open ends with its block, with or without highlights: an HTML
            // parser would carry it on into the next blocks, and into the sidenotes.
            self.html("</a>".into());
            self.raw_link = false;
            self.flush_refs();
        }
        self.out.push(Event::End(tag));
        match tag {
            TagEnd::Link => {
                self.link_depth = self.link_depth.saturating_sub(1);
                self.flush_refs();
            }
            TagEnd::Image => self.image_depth = self.image_depth.saturating_sub(1),
            t if is_block_end(&t) => {
                self.block_depth = self.block_depth.saturating_sub(1);
                if self.block_depth == 0 {
                    self.flush_asides();
                }
            }
            _ => {}
        }
    }

    /// Emits the markers held back by a link, once no link is open.
    fn flush_refs(&mut self) {
        if !self.in_link() {
            for i in std::mem::take(&mut self.pending_refs) {
                self.marker(i);
            }
        }
    }

    /// Emits a text event that starts at plain offset `start`, split at annotation boundaries.
    fn text(&mut self, t: &str, start: usize, in_code: bool) {
        let in_link = self.in_link();
        let end = start + t.len();
        let anns = &self.article.annotations;
        // Cut points inside this text: every annotation start or end strictly inside it.
        let mut cuts: Vec<usize> = anns
            .iter()
            .flat_map(|a| [a.range.start, a.range.end])
            .filter(|&p| p > start && p < end && t.is_char_boundary(p - start))
            .collect();
        cuts.push(start);
        cuts.push(end);
        cuts.sort_unstable();
        cuts.dedup();
        for w in cuts.windows(2) {
            let (s, e) = (w[0], w[1]);
            let seg = &t[s - start..e - start];
            let active: Vec<usize> = (0..anns.len())
                .filter(|&i| anns[i].range.start <= s && anns[i].range.end >= e)
                .collect();
            if active.is_empty() {
                self.html(esc(seg));
                continue;
            }
            let starting: Vec<usize> = active
                .iter()
                .copied()
                .filter(|&i| anns[i].range.start == s)
                .collect();
            let mut open = String::new();
            if starting.len() > 1 {
                for &i in &starting {
                    let _ = write!(
                        open,
                        "<span class=\"anchor\" id=\"{}\"></span>",
                        esc(&anns[i].anchor)
                    );
                }
            }
            // The innermost mention (shortest passage) decides the link, unless inside a link.
            let mention = active
                .iter()
                .copied()
                .filter(|&i| matches!(anns[i].kind, AnnKind::Mention(_)))
                .min_by_key(|&i| anns[i].range.len());
            let mut classes = String::from("hl");
            for kind in ["mention", "quote", "event", "note"] {
                if active.iter().any(|&i| anns[i].kind.name() == kind) {
                    let _ = write!(classes, " hl-{kind}");
                }
            }
            if active.len() > 1 {
                classes.push_str(" hl-overlap");
            }
            let id_attr = match starting.as_slice() {
                [one] => format!(" id=\"{}\"", esc(&anns[*one].anchor)),
                _ => String::new(),
            };
            let link = match mention.map(|i| &anns[i].kind) {
                Some(AnnKind::Mention(target)) if !in_link && !in_code => {
                    Some(format!("{}{}", self.root, self.site.target_url(*target)))
                }
                _ => None,
            };
            let _ = write!(open, "<mark class=\"{classes}\"{id_attr}>");
            if let Some(href) = &link {
                let _ = write!(open, "<a class=\"mention\" href=\"{}\">", esc(href));
            }
            open.push_str(&esc(seg));
            if link.is_some() {
                open.push_str("</a>");
            }
            open.push_str("</mark>");
            self.html(open);
            // Markers for sidenoted annotations ending here.
            let mut ending: Vec<usize> = active
                .iter()
                .copied()
                .filter(|&i| anns[i].range.end == e && self.numbers[i].is_some())
                .collect();
            ending.sort_by_key(|&i| self.numbers[i]);
            for i in ending {
                if in_link {
                    self.pending_refs.push(i);
                } else {
                    self.marker(i);
                }
            }
        }
    }

    fn marker(&mut self, i: usize) {
        let a = &self.article.annotations[i];
        let n = self.numbers[i].expect("sidenoted annotations are numbered");
        let anchor = esc(&a.anchor);
        self.html(format!(
            "<sup class=\"sn-ref\"><a href=\"#sn-{anchor}\" id=\"ref-{anchor}\" aria-label=\"{} {n}\">{n}</a></sup>",
            a.kind.name()
        ));
        self.pending_asides.push(i);
    }

    fn flush_asides(&mut self) {
        for i in std::mem::take(&mut self.pending_asides) {
            let html = sidenote(
                self.site,
                &self.article.annotations[i],
                self.numbers[i].unwrap_or(0),
                self.root,
            );
            self.out.push(Event::Html(html.into()));
        }
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

    #[test]
    fn url_safety() {
        assert!(safe_url("https://x.org/a:b"));
        assert!(safe_url("../people/x.html"));
        assert!(safe_url("#frag"));
        assert!(safe_url("mailto:a@b.c"));
        assert!(!safe_url("javascript:alert(1)"));
        assert!(!safe_url(" JavaScript:alert(1)"));
        assert!(!safe_url("data:text/html,x"));
    }

    #[test]
    fn a_scheme_is_what_the_url_standard_parses_as_one() {
        // A colon after anything but scheme characters is part of a relative path.
        for relative in [
            "foo):",
            "foo%20bar:baz",
            "./a:b",
            "a/b:c",
            "?q=a:b",
            "#x:y",
            "1abc:x",
            ":x",
            "",
            "\u{e9}t\u{e9}:x",
        ] {
            assert!(safe_url(relative), "{relative:?} is relative");
        }
        for allowed in ["HTTPS://x.org", "mailto:a@b.c", "http:x", "\u{1}http://x"] {
            assert!(safe_url(allowed), "{allowed:?} is allowed");
        }
        // Browsers drop tabs and newlines inside and controls or spaces at the ends first.
        for dropped in [
            "javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:x",
            "\u{0}javascript:x",
            " \u{1f}JavaScript:x",
            "a+b.c-d:x",
            "c:/windows",
            "vbscript:x",
        ] {
            assert!(
                !safe_url(dropped),
                "{dropped:?} has a scheme that is dropped"
            );
        }
    }

    #[test]
    fn raw_links_open_and_close_like_an_html_parser_sees_them() {
        assert!(raw_link_open("<a href=\"x\">", false));
        assert!(raw_link_open("<A\nhref=x>", false));
        assert!(raw_link_open("<a>", false));
        assert!(!raw_link_open("</a>", true));
        assert!(!raw_link_open("</A >", true));
        assert!(!raw_link_open("<abbr>", false));
        assert!(raw_link_open("<abbr>", true));
        assert!(!raw_link_open("<!-- <a href=x> -->", false));
        assert!(!raw_link_open("<a href=x>text</a>", false));
        assert!(raw_link_open("</a><a href=y>", true));
    }
}
