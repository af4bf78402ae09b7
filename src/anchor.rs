//! Quote anchoring: finding the exact passage an annotation quotes.
//!
//! The article's Markdown is reduced to its *plain text* (what a reader sees: emphasis, links
//! and line breaks gone). Matching happens on a *normalised* copy of that text, where every run
//! of whitespace is one space and typographic quotes are straight, so that a quote copied from
//! a PDF with hard line breaks, or typed with straight quotes, still anchors. A match maps back
//! to a byte range of the plain text, which the renderer maps onto Markdown events.
//!
//! Both the anchoring here and the renderer walk the Markdown with [`parser`] and advance the
//! plain-text offset with [`plain_piece`]; sharing those two functions is what keeps the
//! offsets in agreement.

use pulldown_cmark::{Event, Options, Parser, TagEnd};
use std::ops::Range;
use std::sync::OnceLock;

mod cut;
mod html_block;
mod source_syntax;
pub use cut::{Anchored, CutHint, MAX_CUT, cut_parts, word_differences};
use html_block::strip_tags;

/// The Markdown parser every stage uses, with the same options.
pub fn parser(md: &str) -> pulldown_cmark::OffsetIter<'_> {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_FOOTNOTES);
    Parser::new_ext(md, opts).into_offset_iter()
}

/// What an event adds to the plain text. Text and code add themselves; line breaks and block
/// ends add a newline (which normalises to a space), and so does a `<br>`. Text inside an image (alt text) adds
/// nothing, as the reader does not see it.
pub fn plain_piece<'e>(event: &'e Event<'_>, in_image: bool) -> Option<&'e str> {
    if in_image {
        return None;
    }
    match event {
        Event::Text(t) | Event::Code(t) => Some(t),
        Event::SoftBreak | Event::HardBreak => Some("\n"),
        Event::InlineHtml(h) if is_line_break(h) => Some("\n"),
        Event::End(
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::TableCell
            | TagEnd::BlockQuote(_)
            | TagEnd::CodeBlock,
        ) => Some("\n"),
        _ => None,
    }
}

/// Normalises a selector string the way article text is normalised, trimmed at both ends
/// (see [`crate::textnorm`] for what is folded).
///
/// ```
/// assert_eq!(dossier::anchor::normalise(" \u{201C}very\n soon\u{201D} "), "\"very soon\"");
/// assert_eq!(dossier::anchor::normalise("negoti\u{ad}ations \u{fb01}nal"), "negotiations final");
/// ```
pub fn normalise(s: &str) -> String {
    crate::textnorm::normalise(s)
}

/// Whether inline HTML is a line break (`<br>`, `<br/>`, `<BR />`), which reads as whitespace.
fn is_line_break(html: &str) -> bool {
    let tag = html.trim().to_ascii_lowercase();
    let inner = tag
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim_end_matches('/');
    inner.trim() == "br"
}

/// Why a Markdown event would be cut from the output, if it would: executable raw HTML
/// (`<script>`, event handlers, `javascript:`) or a link with an unsafe scheme. Harmless
/// formatting such as `<u>` passes.
pub fn unsafe_markup(event: &Event<'_>) -> Option<&'static str> {
    match event {
        Event::Html(h) | Event::InlineHtml(h) => {
            let l = h.to_ascii_lowercase();
            let handler = l
                .split(|c: char| c.is_whitespace() || c == '/')
                .any(|w| w.starts_with("on") && w.contains('='));
            if ["<script", "<iframe", "<object", "<embed", "<style", "<form"]
                .iter()
                .any(|t| l.contains(t))
            {
                Some("an executable or embedding HTML element")
            } else if handler {
                Some("an HTML event-handler attribute")
            } else if l.contains("javascript:")
                || l.contains("vbscript:")
                || l.contains("data:text/html")
            {
                Some("a script URL")
            } else {
                None
            }
        }
        Event::Start(
            pulldown_cmark::Tag::Link { dest_url, .. }
            | pulldown_cmark::Tag::Image { dest_url, .. },
        ) if !crate::links::safe_url(dest_url) && !crate::links::is_internal(dest_url) => {
            Some("a link with an unsafe URL scheme")
        }
        _ => None,
    }
}

/// A piece of plain text and where it came from in the Markdown source.
#[derive(Debug, Clone)]
struct Piece {
    plain: Range<usize>,
    source: Range<usize>,
}

/// An article's plain and normalised text, ready for matching.
pub struct ArticleText {
    pub plain: String,
    /// Markup the renderer will cut, with its source range and why.
    pub unsafe_markup: Vec<(Range<usize>, &'static str)>,
    pieces: Vec<Piece>,
    /// Each raw HTML block: its source range and its text, tags left out, normalised.
    html_blocks: Vec<(Range<usize>, String)>,
    norm: String,
    /// For each byte of `norm`: the plain range of the characters it came from.
    norm_to_plain: Vec<(u32, u32)>,
    /// `norm`'s characters and their byte offsets, for the nearest-passage search.
    norm_chars: OnceLock<(Vec<char>, Vec<usize>)>,
    near_index: OnceLock<crate::nearest::Index>,
}

/// What a selector asks for, in plain strings.
#[derive(Debug, Clone, Default)]
pub struct Query<'a> {
    pub quote: &'a str,
    pub prefix: Option<&'a str>,
    pub suffix: Option<&'a str>,
    /// 1-based.
    pub occurrence: Option<i64>,
}

/// The closest passage to a quote that was not found.
#[derive(Debug, Clone, PartialEq)]
pub struct NearMatch {
    pub plain: Range<usize>,
    pub text: String,
    /// 0.0 to 1.0: one minus the edit distance over the quote's length.
    pub similarity: f64,
}

/// Why a selector did not choose exactly one passage.
#[derive(Debug, Clone, PartialEq)]
pub enum AnchorError {
    Empty,
    NotFound {
        nearest: Option<NearMatch>,
    },
    /// Several passages match and nothing chooses among them.
    Ambiguous {
        at: Vec<Range<usize>>,
    },
    /// The quote is there, but no occurrence has this prefix (or suffix).
    ContextMismatch {
        which: &'static str,
        at: Vec<Range<usize>>,
    },
    OccurrenceOutOfRange {
        count: usize,
    },
    /// A quote with cuts whose part `part` (1-based, of `parts`) is not in the article within
    /// [`MAX_CUT`] characters after the part before it (see [`cut`]).
    CutPart {
        part: usize,
        parts: usize,
        /// Where the part before it was found (plain range); `None` for the first part.
        after: Option<Range<usize>>,
        /// The passage closest to the part: just after the part before, or anywhere for the
        /// first part.
        nearest: Option<NearMatch>,
        /// The part as written further on (plain range), and how many characters after
        /// the part before, when that is more than [`MAX_CUT`].
        farther: Option<(Range<usize>, usize)>,
    },
    /// The quote is not in the text but in a raw HTML block (its Markdown source range):
    /// such blocks are passed through as they are, so nothing in them can be highlighted.
    InHtmlBlock {
        source: Range<usize>,
    },
}

/// The length in bytes of the UTF-8 character whose first byte is `b`.
fn utf8_len(b: u8) -> usize {
    match b {
        0xf0.. => 4,
        0xe0.. => 3,
        0xc0.. => 2,
        _ => 1,
    }
}

/// The plain text of a Markdown article, as [`ArticleText::plain`] holds it, without the
/// normalised copy and map that matching needs (the annotation export counts positions in it).
pub fn plain_text(md: &str) -> String {
    let mut plain = String::with_capacity(md.len());
    let mut image_depth = 0usize;
    for (event, _) in parser(md) {
        match &event {
            Event::Start(pulldown_cmark::Tag::Image { .. }) => image_depth += 1,
            Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
            _ => {}
        }
        if let Some(s) = plain_piece(&event, image_depth > 0) {
            plain.push_str(s);
        }
    }
    plain
}

impl ArticleText {
    /// Extracts the plain text of a Markdown article.
    pub fn new(md: &str) -> Self {
        let mut plain = String::with_capacity(md.len());
        let mut pieces = Vec::new();
        let mut image_depth = 0usize;
        let mut unsafe_found = Vec::new();
        let mut html_blocks = Vec::new();
        for (event, source) in parser(md) {
            if let Some(why) = unsafe_markup(&event) {
                unsafe_found.push((source.clone(), why));
            }
            match &event {
                Event::Start(pulldown_cmark::Tag::HtmlBlock) => {
                    let end = source.start + md[source.clone()].trim_end().len();
                    html_blocks.push((source.start..end, String::new()));
                }
                Event::Html(h) => {
                    if let Some((_, text)) = html_blocks.last_mut() {
                        text.push_str(h);
                    }
                }
                Event::Start(pulldown_cmark::Tag::Image { .. }) => image_depth += 1,
                Event::End(TagEnd::Image) => image_depth = image_depth.saturating_sub(1),
                _ => {}
            }
            if let Some(s) = plain_piece(&event, image_depth > 0) {
                let start = plain.len();
                plain.push_str(s);
                if matches!(event, Event::Text(_) | Event::Code(_)) {
                    pieces.push(Piece {
                        plain: start..plain.len(),
                        source,
                    });
                }
            }
        }
        let mut norm = String::with_capacity(plain.len());
        let mut norm_to_plain = Vec::with_capacity(plain.len());
        crate::textnorm::normalise_into(&plain, &mut norm, &mut norm_to_plain);
        for (_, text) in &mut html_blocks {
            *text = normalise(&strip_tags(text));
        }
        ArticleText {
            plain,
            unsafe_markup: unsafe_found,
            pieces,
            html_blocks,
            norm,
            norm_to_plain,
            norm_chars: OnceLock::new(),
            near_index: OnceLock::new(),
        }
    }

    /// Maps a normalised byte range (on character boundaries) to the plain range.
    fn to_plain(&self, r: Range<usize>) -> Range<usize> {
        let start = self.norm_to_plain[r.start].0 as usize;
        let (last_start, last_len) = self.norm_to_plain[r.end - 1];
        start..(last_start + last_len) as usize
    }

    /// The Markdown source offset of a plain-text offset (for line:column in messages).
    pub fn source_offset(&self, plain: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.plain.end <= plain);
        match self.pieces.get(i) {
            Some(p) if p.plain.start <= plain => {
                (p.source.start + (plain - p.plain.start)).min(p.source.end.max(p.source.start))
            }
            Some(p) => p.source.start,
            None => self.pieces.last().map_or(0, |p| p.source.end),
        }
    }

    /// All normalised start offsets of `needle` (overlapping matches included).
    fn find_all(&self, needle: &str) -> Vec<usize> {
        let finder = memchr::memmem::Finder::new(needle);
        let hay = self.norm.as_bytes();
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(i) = finder.find(&hay[from..]) {
            out.push(from + i);
            // On to the next character: a match starts on a character boundary, so the next
            // one is after this one's UTF-8 length (its first byte tells).
            from += i + utf8_len(hay[from + i]);
        }
        out
    }

    /// Finds the one passage a selector points at.
    pub fn anchor(&self, q: &Query) -> Result<Range<usize>, AnchorError> {
        let quote = normalise(q.quote);
        if quote.is_empty() {
            return Err(AnchorError::Empty);
        }
        let all: Vec<Range<usize>> = self
            .find_all(&quote)
            .into_iter()
            .map(|s| s..s + quote.len())
            .collect();
        if all.is_empty() {
            // Copied from the Markdown source? Try it as the reader reads it.
            if let Some(read) = source_syntax::without_markdown(q.quote) {
                let found = self.anchor(&Query { quote: &read, ..*q });
                if !matches!(
                    found,
                    Err(AnchorError::NotFound { .. } | AnchorError::Empty)
                ) {
                    return found;
                }
            }
            if let Some((source, _)) = self.html_blocks.iter().find(|(_, t)| t.contains(&quote)) {
                return Err(AnchorError::InHtmlBlock {
                    source: source.clone(),
                });
            }
            return Err(AnchorError::NotFound {
                nearest: self.nearest(&quote, None),
            });
        }
        let pick = self.choose(q, all)?;
        Ok(self.to_plain(pick))
    }

    /// Chooses among the normalised ranges where a quote occurs by the selector's prefix,
    /// suffix and occurrence: the one passage, as a normalised range.
    fn choose(&self, q: &Query, all: Vec<Range<usize>>) -> Result<Range<usize>, AnchorError> {
        let mut chosen = all.clone();
        if let Some(prefix) = q.prefix.filter(|p| !normalise(p).is_empty()) {
            chosen = self.in_context(&chosen, prefix, |before, p| {
                self.norm[..before.start].trim_end().ends_with(p)
            });
            if chosen.is_empty() {
                return Err(AnchorError::ContextMismatch {
                    which: "prefix",
                    at: all.iter().map(|r| self.to_plain(r.clone())).collect(),
                });
            }
        }
        if let Some(suffix) = q.suffix.filter(|s| !normalise(s).is_empty()) {
            let before = chosen.clone();
            chosen = self.in_context(&before, suffix, |after, s| {
                self.norm[after.end..].trim_start().starts_with(s)
            });
            if chosen.is_empty() {
                return Err(AnchorError::ContextMismatch {
                    which: "suffix",
                    at: before.iter().map(|r| self.to_plain(r.clone())).collect(),
                });
            }
        }
        let pick = match q.occurrence {
            Some(n) => {
                if n < 1 || n as usize > chosen.len() {
                    return Err(AnchorError::OccurrenceOutOfRange {
                        count: chosen.len(),
                    });
                }
                chosen[n as usize - 1].clone()
            }
            None if chosen.len() > 1 => {
                return Err(AnchorError::Ambiguous {
                    at: chosen.iter().map(|r| self.to_plain(r.clone())).collect(),
                });
            }
            None => chosen[0].clone(),
        };
        Ok(pick)
    }

    /// The candidates whose context fits `context` (a prefix or suffix) as written, or else as
    /// the reader reads it, when it was copied with Markdown syntax from the source.
    fn in_context(
        &self,
        candidates: &[Range<usize>],
        context: &str,
        fits: impl Fn(&Range<usize>, &str) -> bool,
    ) -> Vec<Range<usize>> {
        let keep = |c: &str| -> Vec<Range<usize>> {
            let c = normalise(c);
            candidates.iter().filter(|r| fits(r, &c)).cloned().collect()
        };
        let kept = keep(context);
        match source_syntax::without_markdown(context) {
            Some(read) if kept.is_empty() => keep(&read),
            _ => kept,
        }
    }

    /// The passage with the smallest edit distance to `quote` (the passage may start
    /// anywhere), as Hypothesis re-anchors a drifted quote; in bounded time, see
    /// [`crate::nearest`].
    /// With `window` (a normalised byte range), only a passage inside it is looked for.
    fn nearest(&self, quote: &str, window: Option<Range<usize>>) -> Option<NearMatch> {
        let pat: Vec<char> = quote.chars().collect();
        let (chars, offsets) = self.norm_chars.get_or_init(|| {
            let n = self.norm.chars().count();
            let (mut chars, mut offsets) = (Vec::with_capacity(n), Vec::with_capacity(n));
            for (i, c) in self.norm.char_indices() {
                chars.push(c);
                offsets.push(i);
            }
            (chars, offsets)
        });
        let found = match window {
            None => crate::nearest::nearest(&pat, chars, &self.near_index)?,
            Some(w) => {
                // A window is small: its own index, if any, is built for this search only.
                let from = offsets.partition_point(|&o| o < w.start);
                let to = offsets.partition_point(|&o| o < w.end);
                let f = crate::nearest::nearest(&pat, &chars[from..to], &OnceLock::new())?;
                crate::nearest::Found {
                    start: f.start + from,
                    end: f.end + from,
                    ..f
                }
            }
        };
        let (mut s, mut e) = (found.start, found.end);
        // Show whole words.
        while s > 0 && chars[s - 1].is_alphanumeric() && chars[s].is_alphanumeric() {
            s -= 1;
        }
        while e < chars.len() && chars[e].is_alphanumeric() && chars[e - 1].is_alphanumeric() {
            e += 1;
        }
        let norm_range = offsets[s]..offsets.get(e).copied().unwrap_or(self.norm.len());
        let plain = self.to_plain(norm_range.clone());
        Some(NearMatch {
            text: self.norm[norm_range].to_string(),
            plain,
            similarity: 1.0 - found.distance as f64 / found.pattern_len as f64,
        })
    }
}

#[cfg(test)]
mod tests;
