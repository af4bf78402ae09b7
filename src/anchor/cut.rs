//! Quotes with cuts: `"We are ready … to engage"` where the article reads "We are ready,
//! said the minister, to engage".
//!
//! An ellipsis in a quote (`…`, `...`, or either in square brackets) marks a cut: the parts
//! around it are found in order, each as an ordinary quote is (same normalisation, same
//! Markdown-blind plain text), with at most [`MAX_CUT`] characters of article text between
//! one part and the next. The selector's prefix, suffix and occurrence then choose among the
//! whole spans, first part to last, exactly as they choose among an ordinary quote's
//! occurrences. A quote whose ellipsis is in the article itself is an ordinary quote: it is
//! tried as written first. An ellipsis at the start or end cuts nothing between parts and is
//! dropped.

use super::{AnchorError, ArticleText, Query, normalise};
use std::ops::Range;

/// The longest cut, in characters of (normalised) article text between two parts.
///
/// Why 300: what a quote is cut around is the reporter's attribution and asides ("said
/// Condoleezza Rice, the U.S. Secretary of State, speaking in Berlin on Tuesday", some 70
/// characters) or a clause the analyst leaves out, two sentences at most. Much longer and
/// the "parts" are separate statements, possibly a paragraph apart with other speakers
/// between: those should be separate quotes, and a bound this short keeps a common word as
/// the second part from matching somewhere unrelated further down the article.
pub const MAX_CUT: usize = 300;

/// A passage anchored with its cuts, as plain-text byte ranges.
#[derive(Debug, Clone, PartialEq)]
pub struct Anchored {
    /// From the first part's start to the last part's end.
    pub range: Range<usize>,
    /// The text left out between parts (empty for an ordinary quote).
    pub gaps: Vec<Range<usize>>,
}

/// A quote that is not in the article as written, though its beginning and end are, with
/// other words between: probably cut without an ellipsis.
#[derive(Debug, Clone, PartialEq)]
pub struct CutHint {
    /// The quote's two halves as the article has them.
    pub before: String,
    pub after: String,
    /// What the article has between them (plain range).
    pub between: Range<usize>,
}

/// The parts of a quote with cuts, as written (trimmed, empty ones dropped), or `None` when
/// the quote has no ellipsis between two parts.
///
/// ```
/// use dossier::anchor::cut_parts;
/// assert_eq!(cut_parts("We are ready … to engage"), Some(vec!["We are ready", "to engage"]));
/// assert_eq!(cut_parts("a [...] b ... c"), Some(vec!["a", "b", "c"]));
/// assert_eq!(cut_parts("… to engage"), None);
/// ```
pub fn cut_parts(quote: &str) -> Option<Vec<&str>> {
    let mut parts = Vec::new();
    let mut from = 0;
    let bytes = quote.as_bytes();
    let mut i = 0;
    while i < quote.len() {
        let len = if quote[i..].starts_with('\u{2026}') {
            '\u{2026}'.len_utf8()
        } else if quote[i..].starts_with("...") {
            // Four dots are an ellipsis and a full stop: both go.
            bytes[i..].iter().take_while(|&&b| b == b'.').count()
        } else {
            i += quote[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        // `[…]`: the brackets are the cut's too.
        let (start, end) = match (quote[..i].trim_end().strip_suffix('['), &quote[i + len..]) {
            (Some(before), after) if after.trim_start().starts_with(']') => {
                let close = quote.len() - after.trim_start().len() + 1;
                (before.len(), close)
            }
            _ => (i, i + len),
        };
        parts.push(&quote[from..start]);
        from = end;
        i = end;
    }
    parts.push(&quote[from..]);
    let parts: Vec<&str> = parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !normalise(p).is_empty())
        .collect();
    (parts.len() > 1).then_some(parts)
}

/// How far a search for a quote's parts got, for the diagnostic when it fails.
#[derive(Default)]
struct Reach {
    /// The first part not found in place (0-based).
    part: usize,
    /// Where the part before it ends (normalised), on the first chain that got that far.
    prev_end: usize,
    /// The part before it (normalised range).
    prev: Option<Range<usize>>,
}

impl ArticleText {
    /// Finds the one passage a selector points at, cuts included: an ordinary quote gives no
    /// gaps; a quote with cuts (see the module documentation) one gap per cut.
    pub fn anchor_cut(&self, q: &Query) -> Result<Anchored, AnchorError> {
        let whole = |range| Anchored {
            range,
            gaps: Vec::new(),
        };
        let parts = match cut_parts(q.quote) {
            Some(parts) if self.find_all(&normalise(q.quote)).is_empty() => parts,
            // No cut, or the ellipsis is the article's own.
            _ => return self.anchor(&trim_ellipses(q)).map(whole),
        };
        let norm: Vec<String> = parts.iter().map(|p| normalise(p)).collect();
        let mut reach = Reach::default();
        let chains = self.chains(&norm, &mut reach);
        if chains.is_empty() {
            return Err(self.part_missing(&norm, reach));
        }
        let span = |c: &Vec<Range<usize>>| c[0].start..c[c.len() - 1].end;
        let mut spans: Vec<Range<usize>> = chains.iter().map(span).collect();
        spans.dedup();
        let pick = self.choose(q, spans)?;
        let chain = chains.iter().find(|c| span(c) == pick).expect("chosen");
        let plain: Vec<Range<usize>> = chain.iter().map(|r| self.to_plain(r.clone())).collect();
        Ok(Anchored {
            range: plain[0].start..plain[plain.len() - 1].end,
            gaps: plain.windows(2).map(|w| w[0].end..w[1].start).collect(),
        })
    }

    /// Every way to find `parts` in order: one chain of normalised ranges for each place the
    /// first part occurs from which the others can be reached.
    fn chains(&self, parts: &[String], reach: &mut Reach) -> Vec<Vec<Range<usize>>> {
        let mut out = Vec::new();
        for s in self.find_all(&parts[0]) {
            let mut chain = Vec::with_capacity(parts.len());
            chain.push(s..s + parts[0].len());
            if self.chain(parts, &mut chain, reach) {
                out.push(chain);
            }
        }
        out
    }

    /// Extends `chain` (the parts found so far) with the remaining parts, each within
    /// [`MAX_CUT`] characters of the one before, trying later occurrences when an earlier one
    /// leaves the next part out of reach. Records in `reach` the furthest it got.
    fn chain(&self, parts: &[String], chain: &mut Vec<Range<usize>>, reach: &mut Reach) -> bool {
        let k = chain.len();
        if k == parts.len() {
            return true;
        }
        let prev = chain[k - 1].clone();
        if k > reach.part {
            *reach = Reach {
                part: k,
                prev_end: prev.end,
                prev: Some(prev.clone()),
            };
        }
        let mut from = prev.end;
        while let Some(i) = self.norm[from..].find(parts[k].as_str()) {
            let start = from + i;
            if self.norm[prev.end..start].chars().count() > MAX_CUT {
                break;
            }
            chain.push(start..start + parts[k].len());
            if self.chain(parts, chain, reach) {
                return true;
            }
            chain.pop();
            from = start + parts[k].chars().next().map_or(1, char::len_utf8);
        }
        false
    }

    /// The error for a quote with cuts whose part `reach.part` is not where it should be.
    fn part_missing(&self, parts: &[String], reach: Reach) -> AnchorError {
        let part = &parts[reach.part];
        let (nearest, farther) = match &reach.prev {
            None => (self.nearest(part, None), None),
            Some(_) => {
                // The closest passage where the part should be: just after the part before.
                let room = MAX_CUT + 2 * part.chars().count();
                let end = self.norm[reach.prev_end..]
                    .char_indices()
                    .nth(room)
                    .map_or(self.norm.len(), |(i, _)| reach.prev_end + i);
                let farther = self.norm[reach.prev_end..].find(part.as_str()).map(|i| {
                    let start = reach.prev_end + i;
                    let gap = self.norm[reach.prev_end..start].chars().count();
                    (self.to_plain(start..start + part.len()), gap)
                });
                (self.nearest(part, Some(reach.prev_end..end)), farther)
            }
        };
        AnchorError::CutPart {
            part: reach.part + 1,
            parts: parts.len(),
            after: reach.prev.map(|r| self.to_plain(r)),
            nearest,
            farther,
        }
    }

    /// For a quote not found as written: whether the article has its beginning and its end
    /// with other words between (at most [`MAX_CUT`] characters), as when the analyst left
    /// out the attribution without marking the cut. Each half is at least two words.
    pub fn cut_hint(&self, quote: &str) -> Option<CutHint> {
        let quote = normalise(quote);
        let words: Vec<&str> = quote.split(' ').collect();
        let mut reach = Reach::default();
        for i in 2..words.len().saturating_sub(1) {
            let halves = [words[..i].join(" "), words[i..].join(" ")];
            for chain in self.chains(&halves, &mut reach) {
                let gap = chain[0].end..chain[1].start;
                if self.norm[gap.clone()].chars().any(char::is_alphanumeric) {
                    let [before, after] = halves;
                    return Some(CutHint {
                        before,
                        after,
                        between: self.to_plain(gap),
                    });
                }
            }
        }
        None
    }
}

/// The query with an ellipsis at the quote's start or end dropped: it cuts nothing between
/// parts (the quote starts or ends mid-sentence), so the rest is an ordinary quote. Kept
/// when the whole quote, ellipsis included, is the article's text.
fn trim_ellipses<'a>(q: &Query<'a>) -> Query<'a> {
    let t = q.quote.trim();
    let mut quote = t;
    for e in ["[\u{2026}]", "[...]", "\u{2026}", "..."] {
        // `strip_*` compares bytes; `trim_*_matches` would build a string searcher for every
        // quote and marker (a visible share of `check`).
        while let Some(rest) = quote.strip_prefix(e) {
            quote = rest;
        }
        while let Some(rest) = quote.strip_suffix(e) {
            quote = rest;
        }
        quote = quote.trim();
    }
    if quote.is_empty() || quote == t {
        return q.clone();
    }
    Query { quote, ..q.clone() }
}

/// The words where a quote and the passage closest to it differ, each difference said once:
/// `“to engage” where the article has “to negotiate”`. At most three, in reading order.
pub fn word_differences(quote: &str, passage: &str) -> Vec<String> {
    let (q, p) = (normalise(quote), normalise(passage));
    let (q, p): (Vec<&str>, Vec<&str>) = (q.split(' ').collect(), p.split(' ').collect());
    if q.len() * p.len() > 40_000 {
        return Vec::new();
    }
    // Longest common subsequence of words, then the runs between common words.
    let mut lcs = vec![vec![0u16; p.len() + 1]; q.len() + 1];
    for i in (0..q.len()).rev() {
        for j in (0..p.len()).rev() {
            lcs[i][j] = if q[i] == p[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    let mut hunk = |qs: &[&str], ps: &[&str]| match (qs.is_empty(), ps.is_empty()) {
        (true, true) => {}
        (false, true) => out.push(format!(
            "the quote has \u{201C}{}\u{201D}, the article does not",
            qs.join(" ")
        )),
        (true, false) => out.push(format!(
            "the article has \u{201C}{}\u{201D} here, the quote does not",
            ps.join(" ")
        )),
        _ => out.push(format!(
            "the quote has \u{201C}{}\u{201D} where the article has \u{201C}{}\u{201D}",
            qs.join(" "),
            ps.join(" ")
        )),
    };
    while i < q.len() || j < p.len() {
        let (si, sj) = (i, j);
        while i < q.len() && j < p.len() && q[i] != p[j] {
            if lcs[i + 1][j] >= lcs[i][j + 1] {
                i += 1;
            } else {
                j += 1;
            }
        }
        if i == q.len() || j == p.len() {
            (i, j) = (q.len(), p.len());
        }
        hunk(&q[si..i], &p[sj..j]);
        while i < q.len() && j < p.len() && q[i] == p[j] {
            i += 1;
            j += 1;
        }
    }
    out.truncate(3);
    out
}
