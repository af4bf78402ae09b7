//! The second pass over an article body (see [`super::body`]): reads the serialisation of a
//! well-formed tree (pulldown-cmark's output for Markdown, ammonia's after sanitising), knows
//! at every point whether an `<a>` is open, and replaces the placeholders of the first pass:
//! a highlight becomes a `<mark>` around its piece of text, a mention becomes a link unless it
//! is inside a link, a marker follows its highlight or, inside a link, the link's end (a link
//! inside a link would close the outer one), and its sidenote follows the marker (as a span,
//! so it sits level with it in the margin) or, when the note holds block elements, the
//! top-level element in which its marker is. Inserting elements into a well-formed serialisation, at places
//! the text already held, leaves every other element where it was.

use super::body::Body;
use super::{esc, sanitizer, sidenote};

/// Placeholder characters (Unicode noncharacters, which no text should hold; any that
/// article text does hold are escaped as [`ESCAPE`] and a letter): a mention link's start
/// (with its number), its end, a marker (with its annotation's index), the end of a number,
/// a highlight's start (with its number) and its end.
pub(super) const LINK: char = '\u{FDD0}';
pub(super) const LINK_END: char = '\u{FDD1}';
pub(super) const REF: char = '\u{FDD2}';
pub(super) const TERMINATOR: char = '\u{FDD3}';
pub(super) const MARK: char = '\u{FDD4}';
pub(super) const MARK_END: char = '\u{FDD5}';
pub(super) const ESCAPE: char = '\u{FDD6}';

/// Elements with no end tag in a serialisation.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen",
];

/// A tag of the serialisation: its length, lower-case name, and whether it closes an element,
/// opens one that has content, or neither (comments, void elements).
struct TagInfo {
    len: usize,
    name: String,
    kind: TagKind,
}

#[derive(PartialEq)]
enum TagKind {
    Open,
    Close,
    Empty,
}

/// Reads the tag starting at `s[0] == '<'`; attribute values may hold `>` when quoted.
fn tag(s: &str) -> TagInfo {
    if s.starts_with("<!--") {
        let len = s.find("-->").map_or(s.len(), |e| e + 3);
        return TagInfo {
            len,
            name: String::new(),
            kind: TagKind::Empty,
        };
    }
    let bytes = s.as_bytes();
    let mut i = 1;
    let mut quote = None;
    while i < bytes.len() {
        match (quote, bytes[i]) {
            (None, b'>') => break,
            (None, q @ (b'"' | b'\'')) => quote = Some(q),
            (Some(q), b) if b == q => quote = None,
            _ => {}
        }
        i += 1;
    }
    let len = (i + 1).min(s.len());
    let inner = &s[1..len.saturating_sub(1).max(1)];
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let name: String = inner
        .chars()
        .take_while(|c| !c.is_ascii_whitespace() && *c != '/' && *c != '>')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let kind = if closing {
        TagKind::Close
    } else if inner.ends_with('/') || VOID.contains(&name.as_str()) {
        TagKind::Empty
    } else {
        TagKind::Open
    };
    TagInfo { len, name, kind }
}

/// Reads the decimal number after a placeholder, up to its terminator.
fn number(s: &str) -> Option<(usize, usize)> {
    let end = s.find(TERMINATOR)?;
    Some((s[..end].parse().ok()?, end + TERMINATOR.len_utf8()))
}

/// The state of the second pass.
struct Placer {
    out: String,
    depth: usize,
    /// Open `<a>` elements of the page (not the mention links this pass writes).
    links_open: usize,
    mention_open: bool,
    /// The highlight open: whether its markup had an id (which closing markup ends it).
    mark_open: Option<bool>,
    /// Markers waiting for the highlight or the link they are in to close.
    markers: Vec<usize>,
    /// Sidenotes with block elements waiting for the top-level element to close.
    asides: Vec<usize>,
}

impl Body<'_> {
    pub(super) fn place(&self, html: &str) -> String {
        let mut p = Placer {
            out: String::with_capacity(html.len() + html.len() / 2),
            depth: 0,
            links_open: 0,
            mention_open: false,
            mark_open: None,
            markers: Vec::new(),
            asides: Vec::new(),
        };
        let mut rest = html;
        while let Some(c) = rest.chars().next() {
            let mut used = c.len_utf8();
            match c {
                '<' => {
                    let t = tag(rest);
                    used = t.len;
                    p.out.push_str(&unescape(&rest[..t.len]));
                    rest = &rest[used..];
                    if self.after_tag(&mut p, &t) {
                        rest = self.flush_asides(&mut p, rest);
                    }
                    continue;
                }
                LINK..=ESCAPE => used += self.placeholder(&mut p, c, &rest[c.len_utf8()..]),
                _ => {
                    // A run of text, copied as it is.
                    used = rest
                        .find(|c: char| c == '<' || (LINK..=ESCAPE).contains(&c))
                        .unwrap_or(rest.len());
                    p.out.push_str(&rest[..used]);
                }
            }
            rest = &rest[used..];
        }
        self.flush_markers(&mut p);
        self.flush_asides(&mut p, "");
        p.out
    }

    /// Replaces the placeholder `c`, followed by `after`; returns how much of `after` it used.
    fn placeholder(&self, p: &mut Placer, c: char, after: &str) -> usize {
        let mut used = 0;
        match c {
            LINK => {
                if let Some((k, n)) = number(after) {
                    used = n;
                    // Only this module's placeholders reach here (text ones are escaped),
                    // but a number out of range is skipped rather than trusted.
                    if let Some(href) = self.links.get(k).filter(|_| p.links_open == 0) {
                        p.out
                            .push_str(&format!("<a class=\"mention\" href=\"{}\">", esc(href)));
                        p.mention_open = true;
                    }
                }
            }
            LINK_END if std::mem::take(&mut p.mention_open) => p.out.push_str("</a>"),
            REF => {
                if let Some((i, n)) = number(after) {
                    used = n;
                    if self.numbers.get(i).is_some_and(Option::is_some) {
                        p.markers.push(i);
                    }
                }
            }
            MARK => {
                if let Some((k, n)) = number(after) {
                    used = n;
                    if let Some((open, with_id)) = self.marks.get(k) {
                        p.out.push_str(open);
                        p.mark_open = Some(*with_id);
                    }
                }
            }
            MARK_END => {
                if let Some(with_id) = p.mark_open.take() {
                    p.out.push_str(&self.mark_close[usize::from(!with_id)]);
                    self.flush_markers(p);
                }
            }
            ESCAPE => {
                let letter = after.chars().next().unwrap_or('a');
                used = letter.len_utf8();
                p.out.push(escaped(letter));
            }
            _ => {}
        }
        used
    }

    /// Follows one tag; true when it closed a top-level element.
    fn after_tag(&self, p: &mut Placer, t: &TagInfo) -> bool {
        match t.kind {
            TagKind::Open => {
                p.depth += 1;
                if t.name == "a" {
                    p.links_open += 1;
                }
                false
            }
            TagKind::Close => {
                p.depth = p.depth.saturating_sub(1);
                if t.name == "a" {
                    p.links_open = p.links_open.saturating_sub(1);
                }
                if t.name == "a" {
                    self.flush_markers(p);
                }
                p.depth == 0
            }
            TagKind::Empty => false,
        }
    }

    /// Writes the waiting markers, each followed by its sidenote (or, for a note with block
    /// elements, with the note kept for the end of the top-level element).
    fn flush_markers(&self, p: &mut Placer) {
        if p.links_open > 0 {
            return;
        }
        for i in std::mem::take(&mut p.markers) {
            let a = &self.article.annotations[i];
            let n = self.numbers[i].expect("sidenoted annotations are numbered");
            self.markup.marker(&mut p.out, a.kind.name(), &a.anchor, n);
            match sidenote(self.site, a, n, self.root) {
                Some(note) if !note.block => self.write_note(p, &note),
                Some(_) => p.asides.push(i),
                None => {}
            }
        }
    }

    /// Writes one sidenote through its partial (sanitised as the body is, if it had raw HTML).
    fn write_note(&self, p: &mut Placer, note: &super::markup::SidenoteV) {
        if self.raw_html {
            let mut html = String::new();
            self.markup.sidenote(&mut html, note);
            p.out.push_str(&sanitizer().clean(&html).to_string());
        } else {
            self.markup.sidenote(&mut p.out, note);
        }
    }

    /// Writes the waiting sidenotes after the top-level element that just closed (and its
    /// line break), before `rest`; returns what is left of `rest`.
    ///
    /// A line break is added after the sidenotes only where one followed the element: the
    /// element may be inline (an HTML parser lifts a misnested `<a>` to the top level), and
    /// a line break between two inline elements is a space that was not in the text.
    fn flush_asides<'r>(&self, p: &mut Placer, rest: &'r str) -> &'r str {
        if p.asides.is_empty() {
            return rest;
        }
        let (rest, line_break) = match rest.strip_prefix('\n') {
            Some(r) => {
                p.out.push('\n');
                (r, true)
            }
            None => (rest, false),
        };
        for i in std::mem::take(&mut p.asides) {
            let a = &self.article.annotations[i];
            if let Some(note) = sidenote(self.site, a, self.numbers[i].unwrap_or(0), self.root) {
                self.write_note(p, &note);
            }
        }
        if line_break && !rest.is_empty() {
            p.out.push('\n');
        }
        rest
    }
}

/// The placeholder character escaped as [`ESCAPE`] and `letter`.
fn escaped(letter: char) -> char {
    let offset = u32::from(letter).saturating_sub(u32::from('a'));
    char::from_u32(LINK as u32 + offset).unwrap_or(LINK)
}

/// Restores placeholder characters the first pass escaped (in text or in raw HTML).
fn unescape(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(ESCAPE) {
        return s.into();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == ESCAPE {
            out.push(escaped(chars.next().unwrap_or('a')));
        } else {
            out.push(c);
        }
    }
    out.into()
}
