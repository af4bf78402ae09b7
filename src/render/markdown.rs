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
use crate::site::{AnnKind, Annotation, Article, Site, url};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::fmt::Write;
use std::sync::OnceLock;

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
pub fn safe_url(dest: &str) -> bool {
    let lower = dest.trim().to_ascii_lowercase();
    match lower.find(':') {
        None => true,
        Some(colon) => {
            // A colon after a slash, `?` or `#` is part of a path, not a scheme.
            let before = &lower[..colon];
            before.contains(['/', '?', '#']) || ["http", "https", "mailto"].contains(&before)
        }
    }
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
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: rewrite_link(site, root, dest_url),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: rewrite_link(None, root, dest_url),
                title,
                id,
            }),
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
        }
    }

    fn html(&mut self, s: String) {
        self.out.push(Event::InlineHtml(s.into()));
    }

    fn render(mut self) -> String {
        let mut pos = 0usize;
        let mut block_depth = 0usize;
        let mut link_depth = 0usize;
        let mut image_depth = 0usize;
        for (event, _) in parser(&self.article.text) {
            let piece_len = plain_piece(&event, image_depth > 0).map(str::len);
            match event {
                Event::Text(t) if image_depth == 0 => {
                    self.text(&t, pos, link_depth > 0, false);
                }
                Event::Code(t) if image_depth == 0 => {
                    self.html("<code>".into());
                    self.text(&t, pos, link_depth > 0, true);
                    self.html("</code>".into());
                }
                Event::Start(tag) => {
                    match &tag {
                        Tag::Link { .. } => link_depth += 1,
                        Tag::Image { .. } => image_depth += 1,
                        t if is_block(t) => block_depth += 1,
                        _ => {}
                    }
                    let tag = match tag {
                        Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            id,
                        } => Tag::Link {
                            link_type,
                            dest_url: rewrite_link(None, self.root, dest_url),
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
                            dest_url: rewrite_link(None, self.root, dest_url),
                            title,
                            id,
                        },
                        t => t,
                    };
                    self.out.push(Event::Start(tag));
                }
                Event::End(tag) => {
                    self.out.push(Event::End(tag));
                    match tag {
                        TagEnd::Link => {
                            link_depth = link_depth.saturating_sub(1);
                            if link_depth == 0 {
                                for i in std::mem::take(&mut self.pending_refs) {
                                    self.marker(i);
                                }
                            }
                        }
                        TagEnd::Image => image_depth = image_depth.saturating_sub(1),
                        t if is_block_end(&t) => {
                            block_depth = block_depth.saturating_sub(1);
                            if block_depth == 0 {
                                self.flush_asides();
                            }
                        }
                        _ => {}
                    }
                }
                e @ (Event::Html(_) | Event::InlineHtml(_)) => {
                    self.raw_html = true;
                    self.out.push(e);
                }
                e => self.out.push(e),
            }
            if let Some(len) = piece_len {
                pos += len;
            }
        }
        for i in std::mem::take(&mut self.pending_refs) {
            self.marker(i);
        }
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

    /// Emits a text event that starts at plain offset `start`, split at annotation boundaries.
    fn text(&mut self, t: &str, start: usize, in_link: bool, in_code: bool) {
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

fn link(href: &str, text: &str) -> String {
    format!("<a href=\"{}\">{}</a>", esc(href), esc(text))
}

/// The sidenote of one annotation: what it says and where it links.
pub fn sidenote(site: &Site, a: &Annotation, n: usize, root: &str) -> String {
    let anchor = esc(&a.anchor);
    let mut s = format!(
        "<aside class=\"sidenote sn-{}\" id=\"sn-{anchor}\"><a class=\"sn-num\" href=\"#ref-{anchor}\" aria-label=\"back to the passage\">{n}</a> ",
        a.kind.name()
    );
    match &a.kind {
        AnnKind::Quote {
            speaker,
            said,
            said_is_publication,
            issues,
            event,
            via,
            date_note,
        } => {
            let p = &site.people[*speaker];
            let _ = write!(
                s,
                "<span class=\"sn-kind\">Quote</span> {}",
                link(&format!("{root}{}", url::person(&p.id)), &p.name)
            );
            let when = link(&format!("{root}{}", url::date(said)), &said.to_string());
            if *said_is_publication {
                let _ = write!(s, ", reported {when}");
            } else {
                let _ = write!(s, ", said {when}");
            }
            if let Some(v) = via {
                let _ = write!(s, ", via {}", esc(v));
            }
            s.push('.');
            if let Some(e) = event {
                let e = &site.events[*e];
                let _ = write!(
                    s,
                    " At {}.",
                    link(&format!("{root}{}", url::event(&e.id)), &e.title)
                );
            }
            if !issues.is_empty() {
                let links: Vec<String> = issues
                    .iter()
                    .map(|&i| {
                        link(
                            &format!("{root}{}", url::issue(&site.issues[i].id)),
                            &site.issues[i].title,
                        )
                    })
                    .collect();
                let _ = write!(
                    s,
                    " <span class=\"sn-issues\">On {}.</span>",
                    links.join(", ")
                );
            }
            if let Some(d) = date_note {
                let _ = write!(s, " <span class=\"sn-datenote\">{}</span>", esc(d));
            }
        }
        AnnKind::Event {
            event,
            event_ref: _,
            reported_date,
            reported_status,
            date_note,
        } => {
            let e = &site.events[*event];
            let _ = write!(
                s,
                "<span class=\"sn-kind\">Event</span> {}, {} <span class=\"status status-{}\">{}</span>.",
                link(&format!("{root}{}", url::event(&e.id)), &e.title),
                link(
                    &format!("{root}{}", url::date(&e.date)),
                    &e.date.to_string()
                ),
                e.status.as_str(),
                e.status.as_str()
            );
            if let Some(rs) = reported_status.filter(|rs| *rs != e.status) {
                let _ = write!(
                    s,
                    " <span class=\"sn-discrepancy\">This article reports it as <strong>{}</strong>.</span>",
                    rs.as_str()
                );
            }
            if let Some(rd) = reported_date {
                let _ = write!(
                    s,
                    " <span class=\"sn-discrepancy\">This article dates it {}.</span>",
                    esc(&rd.to_string())
                );
            }
            if let Some(d) = date_note {
                let _ = write!(s, " <span class=\"sn-datenote\">{}</span>", esc(d));
            }
        }
        AnnKind::Note { kind, body, see } => {
            let _ = write!(
                s,
                "<span class=\"sn-kind note-{}\">{}</span>",
                esc(kind),
                esc(&capitalise(kind))
            );
            s.push_str(&markdown(body, Some(site), root));
            if !see.is_empty() {
                let links: Vec<String> = see
                    .iter()
                    .filter_map(|r| site.resolve_link(r).ok())
                    .map(|(u, label)| link(&format!("{root}{u}"), &label))
                    .collect();
                let _ = write!(s, "<span class=\"sn-see\">See {}.</span>", links.join(", "));
            }
        }
        AnnKind::Mention(t) => {
            let _ = write!(
                s,
                "{}",
                link(
                    &format!("{root}{}", site.target_url(*t)),
                    site.target_label(*t)
                )
            );
        }
    }
    s.push_str("</aside>");
    s
}

pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
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
}
