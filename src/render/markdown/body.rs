//! The article body: highlights, mention links, sidenote markers and sidenotes, in two passes.
//!
//! Raw HTML may leave elements open or misnested, and an HTML parser (the sanitiser's, then
//! the browser's) repairs that by rules under which an element inserted where the Markdown had
//! no text can change what the text around it belongs to: a link inside a link closes the
//! outer one, and a marker placed after a misnested `</a>` makes the parser re-open formatting
//! elements that would otherwise have ended; and inside some raw elements (`<textarea>`,
//! `<title>` ...) a tag is read as text. So the first pass inserts no markup at all: the
//! places of highlights, mention links and markers are held by placeholder characters in the
//! text itself, which the parser treats like the text around them. The Markdown is then
//! rendered and, if it has raw HTML, sanitised, which gives a well-formed tree; the second pass
//! ([`super::place`]) reads that tree's serialisation, where every open `<a>` is known, and
//! puts the highlights, links, markers and sidenotes in.

use super::markup::Markup;
use super::place::{ESCAPE, LINK, LINK_END, MARK, MARK_END, REF, TERMINATOR};
use super::{esc, rewrite_tag, sanitizer};
use crate::anchor::{parser, plain_piece};
use crate::site::{AnnKind, Article, Site};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::fmt::Write;

/// The article body, with every annotation highlighted and every sidenote placed.
pub fn article_body(site: &Site, article: &Article, root: &str, markup: &Markup) -> String {
    Body::new(site, article, root, markup).render()
}

/// Writes `s` HTML-escaped, with the placeholder characters it may contain escaped too, so
/// that only the placeholders this module writes are read as such.
fn esc_text(s: &str) -> String {
    let escaped = esc(s);
    if !escaped.contains(|c| (LINK..=ESCAPE).contains(&c)) {
        return escaped;
    }
    escape_placeholders(&escaped)
}

fn escape_placeholders(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if (LINK..=ESCAPE).contains(&c) {
            out.push(ESCAPE);
            out.push(char::from(b'a' + (c as u32 - LINK as u32) as u8));
        } else {
            out.push(c);
        }
    }
    out
}

pub(super) struct Body<'s> {
    pub(super) site: &'s Site,
    pub(super) article: &'s Article,
    pub(super) root: &'s str,
    /// The annotation partials.
    pub(super) markup: &'s Markup<'s>,
    /// Sidenote number of each annotation that has one (quotes, events, notes).
    pub(super) numbers: Vec<Option<usize>>,
    /// The target of each mention link placeholder, by its number.
    pub(super) links: Vec<String>,
    /// The opening markup of each highlight placeholder, by its number, and whether it has
    /// an id (which selects the closing markup).
    pub(super) marks: Vec<(String, bool)>,
    /// The closing markup of a highlight with an id, then without.
    pub(super) mark_close: [String; 2],
    /// Whether the body went through the sanitiser (it had raw HTML beyond [`Nesting`]'s).
    pub(super) raw_html: bool,
    /// Whether it had raw HTML at all, and whether all of it nests as it should.
    had_html: bool,
    nesting: Nesting,
    out: Vec<Event<'s>>,
    image_depth: usize,
    /// Paragraphs met so far: each `<p>` gets the id `search::paragraph_id` gives it.
    paragraphs: usize,
}

impl<'s> Body<'s> {
    fn new(site: &'s Site, article: &'s Article, root: &'s str, markup: &'s Markup<'s>) -> Self {
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
            markup,
            numbers,
            links: Vec::new(),
            marks: Vec::new(),
            mark_close: [markup.highlight_close(true), markup.highlight_close(false)],
            raw_html: false,
            had_html: false,
            nesting: Nesting::default(),
            out: Vec::new(),
            image_depth: 0,
            paragraphs: 0,
        }
    }

    fn html(&mut self, s: String) {
        self.out.push(Event::InlineHtml(s.into()));
    }

    fn render(mut self) -> String {
        let mut pos = 0usize;
        for (event, _) in parser(&self.article.text) {
            self.nesting.see(&event);
            let piece_len = plain_piece(&event, self.image_depth > 0).map(str::len);
            match event {
                Event::Text(t) if self.image_depth == 0 => self.text(&t, pos, false),
                Event::Code(t) if self.image_depth == 0 => {
                    self.html("<code>".into());
                    self.text(&t, pos, true);
                    self.html("</code>".into());
                }
                Event::Start(Tag::Paragraph) => {
                    // Numbered as the search index numbers them, so a result links to it.
                    self.paragraphs += 1;
                    let id = crate::search::paragraph_id(self.paragraphs);
                    // pulldown-cmark starts a paragraph on a new line; only a list item's or
                    // a footnote's opening markup leaves the line unfinished.
                    let nl = match self.out.last() {
                        Some(Event::Start(Tag::Item | Tag::FootnoteDefinition(_))) => "\n",
                        _ => "",
                    };
                    self.out
                        .push(Event::Html(format!("{nl}<p id=\"{id}\">").into()));
                }
                Event::End(TagEnd::Paragraph) => self.out.push(Event::Html("</p>\n".into())),
                Event::Start(tag) => {
                    if let Tag::Image { .. } = tag {
                        self.image_depth += 1;
                    }
                    self.out
                        .push(Event::Start(rewrite_tag(None, self.root, tag)));
                }
                Event::End(tag) => {
                    if let TagEnd::Image = tag {
                        self.image_depth = self.image_depth.saturating_sub(1);
                    }
                    self.out.push(Event::End(tag));
                }
                Event::Html(h) => {
                    self.had_html = true;
                    self.out.push(Event::Html(raw(h)));
                }
                Event::InlineHtml(h) => {
                    self.had_html = true;
                    self.out.push(Event::InlineHtml(raw(h)));
                }
                e => self.out.push(e),
            }
            if let Some(len) = piece_len {
                pos += len;
            }
        }
        let mut html = String::with_capacity(self.article.text.len() * 2);
        pulldown_cmark::html::push_html(&mut html, std::mem::take(&mut self.out).into_iter());
        self.raw_html = self.had_html && !self.nesting.well_formed();
        if self.raw_html {
            html = sanitizer().clean(&html).to_string();
        }
        self.place(&html)
    }

    /// Emits a text event that starts at plain offset `start`, split at annotation boundaries.
    fn text(&mut self, t: &str, start: usize, in_code: bool) {
        let end = start + t.len();
        let anns = &self.article.annotations;
        // Cut points inside this text: every annotation start or end strictly inside it.
        let mut cuts: Vec<usize> = anns
            .iter()
            .flat_map(|a| a.boundaries())
            .filter(|&p| p > start && p < end && t.is_char_boundary(p - start))
            .collect();
        cuts.push(start);
        cuts.push(end);
        cuts.sort_unstable();
        cuts.dedup();
        for w in cuts.windows(2) {
            let (s, e) = (w[0], w[1]);
            let seg = &t[s - start..e - start];
            let active: Vec<usize> = (0..anns.len()).filter(|&i| anns[i].covers(s, e)).collect();
            if active.is_empty() {
                self.html(esc_text(seg));
                continue;
            }
            let open_markup = self.mark_open(&active, s);
            let mut open = format!("{MARK}{}{TERMINATOR}", self.marks.len());
            self.marks.push(open_markup);
            // The innermost mention (shortest passage) decides the link; whether the link can
            // be made (not inside another link) is known only in the second pass.
            let mention = active
                .iter()
                .filter_map(|&i| match anns[i].kind {
                    AnnKind::Mention(target) => Some((anns[i].range.len(), target)),
                    _ => None,
                })
                .min_by_key(|m| m.0)
                .filter(|_| !in_code);
            if let Some((_, target)) = mention {
                let _ = write!(open, "{LINK}{}{TERMINATOR}", self.links.len());
                self.links
                    .push(self.site.href(self.root, &self.site.target_url(target)));
            }
            open.push_str(&esc_text(seg));
            if mention.is_some() {
                open.push(LINK_END);
            }
            // Markers for sidenoted annotations ending here, placed after the highlight.
            let mut ending: Vec<usize> = active
                .iter()
                .copied()
                .filter(|&i| anns[i].range.end == e && self.numbers[i].is_some())
                .collect();
            ending.sort_by_key(|&i| self.numbers[i]);
            for i in ending {
                let _ = write!(open, "{REF}{i}{TERMINATOR}");
            }
            open.push(MARK_END);
            self.html(open);
        }
    }

    /// The opening `<mark>` of a highlighted piece starting at plain offset `s`, covered by
    /// the annotations `active`; with its anchor id, or empty anchors when several start here.
    /// Also says whether the markup has an id.
    fn mark_open(&self, active: &[usize], s: usize) -> (String, bool) {
        let anns = &self.article.annotations;
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
        let mut classes = String::from("hl");
        for kind in ["mention", "quote", "event", "note"] {
            if active.iter().any(|&i| anns[i].kind.name() == kind) {
                let _ = write!(classes, " hl-{kind}");
            }
        }
        if active.len() > 1 {
            classes.push_str(" hl-overlap");
        }
        let id = match starting.as_slice() {
            [one] => Some(anns[*one].anchor.as_str()),
            _ => None,
        };
        open.push_str(&self.markup.highlight_open(&classes, id));
        (open, id.is_some())
    }
}

/// Raw HTML with any placeholder characters in it escaped.
/// Phrasing elements that raw HTML may open and close without the sanitiser: all are in its
/// allow-list, take no attributes here, and cannot change how the parser reads what follows.
const SIMPLE: [&str; 9] = ["u", "s", "sub", "sup", "small", "b", "i", "em", "strong"];

/// Follows the elements of a body as the Markdown parser reports them, to tell whether its raw
/// HTML is only [`SIMPLE`] tags (and `<br>`) that open and close inside the one Markdown
/// element, in order. Such a body serialises as a well-formed tree already, the same tree the
/// sanitiser would give, so it is not parsed and written again (a third of articles copied
/// from the web carry a `<u>` or `<sup>`, and sanitising was 5% of `dossier check`).
#[derive(Default)]
struct Nesting {
    /// Elements open: a Markdown element (`None`) or a raw tag.
    open: Vec<Option<&'static str>>,
    /// Raw HTML was met that is not simple or does not nest.
    broken: bool,
}

impl Nesting {
    fn see(&mut self, e: &Event<'_>) {
        match e {
            Event::Start(_) => self.open.push(None),
            Event::End(_) => self.close(None),
            Event::InlineHtml(h) => match simple_tag(h) {
                Some(SimpleTag::Open(name)) => self.open.push(Some(name)),
                Some(SimpleTag::Close(name)) => self.close(Some(name)),
                Some(SimpleTag::Break) => {}
                None => self.broken = true,
            },
            Event::Html(_) => self.broken = true,
            _ => {}
        }
    }

    /// Closes the innermost element, which must be `element`.
    fn close(&mut self, element: Option<&'static str>) {
        if self.open.pop() != Some(element) {
            self.broken = true;
        }
    }

    fn well_formed(&self) -> bool {
        !self.broken && self.open.is_empty()
    }
}

enum SimpleTag {
    Open(&'static str),
    Close(&'static str),
    Break,
}

/// `<name>`, `</name>` for a name in [`SIMPLE`] (lower case, no attributes), or `<br>`.
fn simple_tag(h: &str) -> Option<SimpleTag> {
    if matches!(h, "<br>" | "<br/>" | "<br />") {
        return Some(SimpleTag::Break);
    }
    let inner = h.strip_prefix('<')?.strip_suffix('>')?;
    let (close, name) = match inner.strip_prefix('/') {
        Some(n) => (true, n),
        None => (false, inner),
    };
    let name = SIMPLE.into_iter().find(|s| *s == name)?;
    Some(if close {
        SimpleTag::Close(name)
    } else {
        SimpleTag::Open(name)
    })
}

fn raw(h: CowStr<'_>) -> CowStr<'_> {
    if h.contains(|c| (LINK..=ESCAPE).contains(&c)) {
        escape_placeholders(&h).into()
    } else {
        h
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nests(md: &str) -> bool {
        let mut n = Nesting::default();
        for (e, _) in parser(md) {
            n.see(&e);
        }
        n.well_formed()
    }

    const NESTED: [&str; 4] = [
        "a <u>b *c*</u> d<br>e <sup>1</sup> f",
        "**<u>b</u>** and <s>old</s> <small>*fine* print</small>",
        "- <b>item</b>\n- <i>two</i>\n\n> <em>quoted</em> <strong>!</strong>",
        "[a <u>link</u>](https://example.org) and `<u>code</u>`",
    ];

    #[test]
    fn only_simple_tags_that_nest_skip_the_sanitiser() {
        for md in NESTED {
            assert!(nests(md), "{md:?}");
        }
        for md in [
            "*a <u>b* c</u>",
            "a <u>b\n\nc</u>",
            "a <u class=\"x\">b</u>",
            "a <u>b",
            "a </u>b",
            "a <U>b</U>",
            "<div>\nblock\n</div>",
            "a <script>x</script>",
            "a <!-- comment -->",
        ] {
            assert!(!nests(md), "{md:?}");
        }
    }

    #[test]
    fn html_that_nests_is_the_tree_the_sanitiser_gives() {
        let tree = |html: &str| scraper::Html::parse_fragment(html).root_element().html();
        for md in NESTED {
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, parser(md).map(|(e, _)| e));
            let clean = sanitizer().clean(&html).to_string();
            assert_eq!(tree(&html), tree(&clean), "{md:?}");
        }
    }
}
