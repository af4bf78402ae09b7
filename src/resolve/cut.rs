//! The diagnostics of quotes with cuts (see [`crate::anchor::cut_parts`]): a part not found
//! where it should be, and a quote cut without an ellipsis.

use super::fields::elide;
use super::selector::{Ctx, md_span};
use crate::anchor::{CutHint, MAX_CUT, NearMatch, word_differences};
use crate::diagnostics::Diagnostic;
use std::ops::Range;

/// What every cut diagnostic says about the syntax.
fn syntax_note() -> String {
    format!(
        "an ellipsis (`…`, `...`, `[…]`) in a quote marks a cut: the parts around it are \
         found in order, each at most {MAX_CUT} characters after the one before"
    )
}

/// The span of part `part` (1-based) inside the quote as written in the TOML, when the
/// source spells it out (no escapes); else the whole quote.
fn part_span(cx: &Ctx, part: usize) -> Range<usize> {
    let span = cx.sel.quote.span();
    let parts = crate::anchor::cut_parts(cx.sel.quote.get_ref()).unwrap_or_default();
    let raw = &cx.sources.text(cx.src)[span.clone()];
    match parts
        .get(part - 1)
        .and_then(|p| raw.find(p).map(|i| (i, p.len())))
    {
        Some((i, len)) => span.start + i..span.start + i + len,
        None => span,
    }
}

/// Part `part` of `parts` of a quote with cuts is not found after the part before it.
pub(super) fn part_missing(
    cx: &Ctx,
    (part, parts): (usize, usize),
    after: Option<Range<usize>>,
    nearest: Option<NearMatch>,
    farther: Option<(Range<usize>, usize)>,
) -> Diagnostic {
    let which = format!("part {part} of {parts}");
    if let Some((at, gap)) = farther {
        let prev = after.as_ref().expect("only a later part is farther");
        return Diagnostic::error(
            "cut-too-long",
            format!("{which} of the quote is {gap} characters after part {}", part - 1),
        )
        .at(cx.src, part_span(cx, part), format!("found at {}", cx.where_is(&at)))
        .related(cx.text_src, md_span(cx, &at), format!("part {part}, too far"))
        .note(format!("part {} ends at {}", part - 1, cx.where_is(&(prev.end - 1..prev.end))))
        .note(syntax_note())
        .hint("a cut leaves out an attribution or a clause, not paragraphs: annotate the parts as separate quotes");
    }
    let (label, msg) = match &after {
        Some(prev) => (
            format!("not within {MAX_CUT} characters after part {}", part - 1),
            format!("part {} found at {}", part - 1, cx.where_is(prev)),
        ),
        None => (
            format!("not in {}", cx.md_path),
            "the first part is not in the article".to_string(),
        ),
    };
    let mut d = Diagnostic::error(
        "orphan-quote",
        format!("quote not found in the article: {which} (after a cut) is not there"),
    )
    .at(cx.src, part_span(cx, part), label)
    .note(msg);
    if let Some(n) = nearest.filter(|n| n.similarity >= 0.5) {
        d = d
            .related(
                cx.text_src,
                md_span(cx, &n.plain),
                format!("closest to part {part}"),
            )
            .note(format!(
                "closest passage, {:.0}% similar, at {}: \u{201C}{}\u{201D}",
                n.similarity * 100.0,
                cx.where_is(&n.plain),
                elide(&n.text)
            ));
        let written = crate::anchor::cut_parts(cx.sel.quote.get_ref()).unwrap_or_default();
        for diff in word_differences(written.get(part - 1).unwrap_or(&""), &n.text) {
            d = d.note(diff);
        }
    }
    d.note(syntax_note()).hint(
        "copy each part exactly as the article reads; for an ellipsis that is the article's own, \
         quote it with the words around it",
    )
}

/// A quote not found as written, though the article has its beginning and end with other
/// words between: cut without an ellipsis.
pub(super) fn unmarked_cut(cx: &Ctx, d: Diagnostic, h: CutHint) -> Diagnostic {
    let between = crate::anchor::normalise(&cx.plain.plain[h.between.clone()]);
    d.related(cx.text_src, md_span(cx, &h.between), "left out of the quote")
        .note(format!(
            "the article has \u{201C}{}\u{201D} and \u{201C}{}\u{201D} with \u{201C}{}\u{201D} between, at {}",
            elide(&h.before),
            elide(&h.after),
            elide(&between),
            cx.where_is(&h.between)
        ))
        .note(syntax_note())
        .hint(format!(
            "mark the cut with an ellipsis: `quote = {}`",
            toml_string(&format!("{} … {}", elide(&h.before), elide(&h.after)))
        ))
}

/// `s` as a TOML string to copy: in `"…"`, or in `'…'` when it has a `"` or `\` (a
/// literal string needs no escapes), or escaped when it has a `'` too.
fn toml_string(s: &str) -> String {
    if !s.contains(['"', '\\']) {
        format!("\"{s}\"")
    } else if !s.contains('\'') {
        format!("'{s}'")
    } else {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

#[cfg(test)]
mod tests {
    /// The suggested quote is valid TOML that reads back as the text.
    #[test]
    fn a_suggested_quote_is_valid_toml() {
        for s in ["a … b", "said \"no\" … then", "it's \"x\" … y", "a\\b … c"] {
            let line = format!("quote = {}", super::toml_string(s));
            let t: toml::Table = toml::from_str(&line).unwrap_or_else(|e| panic!("{line}: {e}"));
            assert_eq!(t["quote"].as_str(), Some(s), "{line}");
        }
    }
}
