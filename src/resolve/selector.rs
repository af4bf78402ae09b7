//! Anchoring one selector in its article, each way it can fail turned into a diagnostic.

use super::fields::elide;
use crate::anchor::{AnchorError, Anchored, ArticleText, NearMatch, Query};
use crate::diagnostics::{Diagnostic, Diagnostics, SourceId, Sources};
use crate::model::Selector;
use std::ops::Range;

/// Where a selector is anchored: its article, and the file it is written in.
pub(super) struct Ctx<'a> {
    pub(super) plain: &'a ArticleText,
    pub(super) sel: &'a Selector,
    pub(super) src: SourceId,
    pub(super) text_src: SourceId,
    pub(super) sources: &'a Sources,
    pub(super) md_path: String,
}

impl Ctx<'_> {
    /// `file:line:column` of a plain-text range's start in the Markdown.
    pub(super) fn where_is(&self, r: &Range<usize>) -> String {
        let (l, c) = self
            .sources
            .line_col(self.text_src, self.plain.source_offset(r.start));
        format!("{}:{l}:{c}", self.md_path)
    }

    fn places(&self, at: &[Range<usize>]) -> String {
        let places: Vec<String> = at.iter().map(|r| self.where_is(r)).collect();
        places.join(", ")
    }
}

/// Anchors one selector (cuts included), turning each way it can fail into a diagnostic.
pub(super) fn anchor_selector(
    plain: &ArticleText,
    sel: &Selector,
    src: SourceId,
    text_src: SourceId,
    sources: &Sources,
    diags: &mut Diagnostics,
) -> Option<Anchored> {
    let q = Query {
        quote: sel.quote.get_ref(),
        prefix: sel.prefix.as_ref().map(|p| p.get_ref().as_str()),
        suffix: sel.suffix.as_ref().map(|s| s.get_ref().as_str()),
        occurrence: sel.occurrence.as_ref().map(|o| *o.get_ref()),
    };
    let err = match plain.anchor_cut(&q) {
        Ok(r) => return Some(r),
        Err(e) => e,
    };
    let cx = Ctx {
        plain,
        sel,
        src,
        text_src,
        sources,
        md_path: sources.path(text_src).display().to_string(),
    };
    let span = sel.quote.span();
    diags.push(match err {
        AnchorError::Empty => Diagnostic::error("empty-quote", "the quote is empty")
            .at(src, span, "nothing to anchor")
            .hint("copy the passage from the article"),
        AnchorError::NotFound { nearest } => orphan(&cx, &q, nearest),
        AnchorError::CutPart {
            part,
            parts,
            after,
            nearest,
            farther,
        } => super::cut::part_missing(&cx, (part, parts), after, nearest, farther),
        AnchorError::InHtmlBlock { source } => in_html_block(&cx, source),
        AnchorError::Ambiguous { at } => Diagnostic::error(
            "ambiguous-quote",
            format!("the quote occurs {} times in the article", at.len()),
        )
        .at(src, span, "which one?")
        .note(format!("found at {}", cx.places(&at)))
        .hint("add `prefix` or `suffix` (the text just before or after), or `occurrence = N`"),
        AnchorError::ContextMismatch { which, at } => context_mismatch(&cx, which, &at),
        AnchorError::OccurrenceOutOfRange { count } => {
            let o = sel
                .occurrence
                .as_ref()
                .expect("only occurrence fails this way");
            Diagnostic::error(
                "occurrence-out-of-range",
                format!(
                    "occurrence {} asked for, but the quote occurs {count} time{}",
                    o.get_ref(),
                    if count == 1 { "" } else { "s" }
                ),
            )
            .at(src, o.span(), format!("must be between 1 and {count}"))
            .hint("occurrences are counted from 1, in reading order")
        }
    });
    None
}

/// A quote not in the article: the closest passage, and the look-alike characters that differ.
fn orphan(cx: &Ctx, q: &Query, nearest: Option<NearMatch>) -> Diagnostic {
    let md_path = &cx.md_path;
    let d = Diagnostic::error("orphan-quote", "quote not found in the article").at(
        cx.src,
        cx.sel.quote.span(),
        format!("not in {md_path}"),
    );
    if let Some(h) = cx.plain.cut_hint(q.quote) {
        return super::cut::unmarked_cut(cx, d, h);
    }
    let n = match nearest {
        Some(n) if n.similarity >= 0.5 => n,
        _ => {
            return d
                .hint("nothing in the article is close: is this annotation in the right file?");
        }
    };
    let start = cx.plain.source_offset(n.plain.start);
    let end = cx.plain.source_offset(n.plain.end.saturating_sub(1)) + 1;
    let mut d = d
        .related(cx.text_src, start..end.max(start), format!("closest passage ({:.0}% similar)", n.similarity * 100.0))
        .note(format!("closest passage, {:.0}% similar, at {}: \u{201C}{}\u{201D}", n.similarity * 100.0, cx.where_is(&n.plain), elide(&n.text)))
        .hint("copy the passage exactly as the article reads (line breaks and curly quotes do not matter)");
    let lookalikes = crate::textnorm::differences(q.quote, &cx.plain.plain[n.plain.clone()]);
    if lookalikes.is_empty() {
        // Otherwise the words differ by those characters, already named.
        for diff in crate::anchor::word_differences(q.quote, &n.text) {
            d = d.note(diff);
        }
    }
    for diff in lookalikes {
        d = d.note(format!("{diff}, which looks the same but does not match"));
    }
    d
}

/// The related span (in the Markdown) of a plain-text range.
pub(super) fn md_span(cx: &Ctx, r: &Range<usize>) -> Range<usize> {
    let start = cx.plain.source_offset(r.start);
    let end = cx.plain.source_offset(r.end.saturating_sub(1)) + 1;
    start..end.max(start)
}

/// A quote inside a raw HTML block, which the page cannot highlight.
fn in_html_block(cx: &Ctx, source: Range<usize>) -> Diagnostic {
    let md_path = &cx.md_path;
    let (l, c) = cx.sources.line_col(cx.text_src, source.start);
    Diagnostic::error(
        "quote-in-html-block",
        "the quote is inside a raw HTML block, which cannot be annotated",
    )
    .at(
        cx.src,
        cx.sel.quote.span(),
        format!("in the HTML block at {md_path}:{l}:{c}"),
    )
    .related(cx.text_src, source, "this HTML block")
    .note(format!(
        "raw HTML blocks (<div>, <table>, <pre>, comments ...) go to the page as \
         they are, sanitised: highlighting a passage inside one would mean rewriting \
         its HTML, which could change how it renders (the HTML block at \
         {md_path}:{l}:{c})"
    ))
    .hint("quote a passage outside the HTML block, or write the passage as Markdown")
}

/// The quote occurs, but never with the given prefix or suffix.
fn context_mismatch(cx: &Ctx, which: &str, at: &[Range<usize>]) -> Diagnostic {
    let ctx = if which == "prefix" {
        cx.sel.prefix.as_ref()
    } else {
        cx.sel.suffix.as_ref()
    };
    let d = Diagnostic::error(
        "context-mismatch",
        format!("no occurrence of the quote has this {which}"),
    );
    let where_ = if which == "prefix" {
        "just before"
    } else {
        "just after"
    };
    let d = match ctx {
        Some(c) => d.at(cx.src, c.span(), format!("not found {where_} the quote")),
        None => d.at(cx.src, cx.sel.quote.span(), "here"),
    };
    d.note(format!("the quote itself occurs at {}", cx.places(at)))
        .hint(format!(
            "copy the {which} from the article text next to the passage"
        ))
}
