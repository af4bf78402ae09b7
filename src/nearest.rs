//! The passage nearest to a quote that was not found, in bounded time.
//!
//! Sellers' algorithm (edit distance where the passage may start anywhere) is exact but costs
//! the quote's length times the article's: a 100 KB quote against a 96 KB article took 46 s.
//! So the exact search runs only when that product is small (every quote of an ordinary
//! article); otherwise the quote's first [`MAX_PATTERN`] characters vote, through the
//! character 4-grams they share with the article, for the places where the passage may
//! start, and Sellers runs on a few windows around the best-voted places only.

use std::sync::OnceLock;

/// Above this many cells (quote length × article length), candidate windows replace the
/// exact search. About 5 ms of work.
const EXACT_BUDGET: usize = 4_000_000;
/// Only this many characters of a long quote take part in the search.
pub const MAX_PATTERN: usize = 400;
/// The length of the character n-grams that vote.
const Q: usize = 4;
/// How many candidate windows get the exact search.
const WINDOWS: usize = 4;
/// Articles longer than this (in characters) are scanned for each search, not indexed.
const INDEX_LIMIT: usize = 1 << 20;
/// An n-gram found more often than this in the article says little about where the quote is.
const MAX_POSTINGS: usize = 4000;

/// Where each 4-gram of the article occurs; built on the first search that needs it.
pub struct Index {
    /// (4-gram, start position), sorted: one allocation, and a gram's places are adjacent.
    grams: Vec<(u128, u32)>,
}

fn gram(c: &[char]) -> u128 {
    c.iter().fold(0u128, |k, &c| (k << 32) | c as u128)
}

impl Index {
    /// Indexes every 4-gram of `text`.
    pub fn new(text: &[char]) -> Self {
        let mut grams: Vec<(u128, u32)> = text
            .windows(Q)
            .enumerate()
            .map(|(i, w)| (gram(w), i as u32))
            .collect();
        grams.sort_unstable();
        Index { grams }
    }

    /// The places where `g` occurs, in order.
    fn get(&self, g: u128) -> &[(u128, u32)] {
        let from = self.grams.partition_point(|e| e.0 < g);
        let to = from + self.grams[from..].partition_point(|e| e.0 == g);
        &self.grams[from..to]
    }
}

/// A passage: its edit distance to the pattern, and its start and end in the text (chars).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub distance: usize,
    pub start: usize,
    pub end: usize,
    /// How many characters of the quote were compared (at most [`MAX_PATTERN`]).
    pub pattern_len: usize,
}

/// The passage of `text` closest to `pat`. `index` is built from `text` only if needed.
pub fn nearest(pat: &[char], text: &[char], index: &OnceLock<Index>) -> Option<Found> {
    let pat = &pat[..pat.len().min(MAX_PATTERN)];
    if pat.len() < Q || pat.len().saturating_mul(text.len()) <= EXACT_BUDGET {
        return sellers(pat, text);
    }
    windows(pat, text, index)
        .into_iter()
        .filter_map(|(from, to)| {
            sellers(pat, &text[from..to]).map(|f| Found {
                start: f.start + from,
                end: f.end + from,
                ..f
            })
        })
        .min_by_key(|f| (f.distance, f.start))
}

/// Votes from the article's index: for each 4-gram of the quote, every place it occurs.
fn votes_indexed(pat: &[char], index: &Index, votes: &mut [u32], width: usize) {
    let m = pat.len();
    for (i, w) in pat.windows(Q).enumerate() {
        let at = index.get(gram(w));
        if at.len() <= MAX_POSTINGS {
            for &(_, p) in at {
                votes[(p as usize + m - i) / width] += 1;
            }
        }
    }
}

/// Votes by one pass over an article too large to index (an index of a 5 MB article would
/// take longer to build than the search may take): the quote's 4-grams go into a small hash
/// table with 2^16 slots, so most positions of the article cost one multiplication and one
/// bit test.
fn votes_scanned(pat: &[char], text: &[char], votes: &mut [u32], width: usize) {
    let m = pat.len();
    let slot =
        |g: u128| (g.wrapping_mul(0x9E37_79B9_7F4A_7C15_F39C_C060_5CED_C835) >> 112) as usize;
    let mut slots: Vec<Vec<(u128, usize)>> = vec![Vec::new(); 1 << 16];
    // One bit per slot (8 KB, in the first-level cache) says whether the slot is empty.
    let mut used = [0u64; 1 << 10];
    for (i, w) in pat.windows(Q).enumerate() {
        let (g, s) = (gram(w), slot(gram(w)));
        slots[s].push((g, i));
        used[s >> 6] |= 1 << (s & 63);
    }
    for (p, w) in text.windows(Q).enumerate() {
        let (g, s) = (gram(w), slot(gram(w)));
        if used[s >> 6] & (1 << (s & 63)) == 0 {
            continue;
        }
        for &(_, i) in slots[s].iter().filter(|(h, _)| *h == g) {
            votes[(p + m - i) / width] += 1;
        }
    }
}

/// The candidate windows (start, end) around the best-voted bands of diagonals.
fn windows(pat: &[char], text: &[char], index: &OnceLock<Index>) -> Vec<(usize, usize)> {
    let (m, n) = (pat.len(), text.len());
    let width = m.max(16);
    // Votes per band of diagonals (text position minus quote position, shifted by `m` so
    // that it is never negative), `width` diagonals to a band.
    let mut votes = vec![0u32; (n + m) / width + 2];
    if n <= INDEX_LIMIT {
        votes_indexed(
            pat,
            index.get_or_init(|| Index::new(text)),
            &mut votes,
            width,
        );
    } else {
        votes_scanned(pat, text, &mut votes, width);
    }
    let mut best: Vec<(usize, u32)> = votes
        .into_iter()
        .enumerate()
        .filter(|(_, v)| *v > 0)
        .collect();
    best.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    best.truncate(WINDOWS);
    best.into_iter()
        .map(|(band, _)| {
            // The passage starts near diagonal `band * width - m`; it may be longer than the
            // quote (insertions), so the window reaches half a quote further each way.
            let from = (band * width).saturating_sub(m + m / 2);
            let to = ((band + 1) * width + m / 2).min(n);
            (from, to)
        })
        .filter(|(a, b)| a < b)
        .collect()
}

/// Sellers' algorithm: the substring of `text` with the smallest edit distance to `pat`.
/// Among alignments of equal cost the one starting earliest wins, so the passage shown is
/// not cut short at its start; among equal distances, the first to end wins.
fn sellers(pat: &[char], text: &[char]) -> Option<Found> {
    let m = pat.len();
    if m == 0 || text.is_empty() {
        return None;
    }
    // prev[i] = best distance of pat[..i] ending at the previous text position;
    // prev_start[i] = where in the text that alignment begins.
    let mut prev: Vec<usize> = (0..=m).collect();
    let mut prev_start: Vec<usize> = vec![0; m + 1];
    let mut cur = vec![0usize; m + 1];
    let mut cur_start = vec![0usize; m + 1];
    let mut best = (usize::MAX, 0usize, 0usize);
    for (j, &tc) in text.iter().enumerate() {
        cur[0] = 0;
        cur_start[0] = j + 1;
        for i in 1..=m {
            let sub = (
                prev[i - 1] + usize::from(pat[i - 1] != tc),
                if i == 1 { j } else { prev_start[i - 1] },
            );
            let del = (prev[i] + 1, prev_start[i]);
            let ins = (cur[i - 1] + 1, cur_start[i - 1]);
            (cur[i], cur_start[i]) = sub.min(del).min(ins);
        }
        if cur[m] < best.0 {
            best = (cur[m], cur_start[m], j + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
        std::mem::swap(&mut prev_start, &mut cur_start);
    }
    let (distance, start, end) = best;
    (start < end).then_some(Found {
        distance,
        start,
        end,
        pattern_len: m,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn windows_find_what_the_exact_search_finds() {
        // A long article, so that the windowed search runs, with one passage close to the quote.
        let filler: String = (0..10_000).map(|i| format!("word{} ", i % 97)).collect();
        let text = chars(&format!(
            "{filler}the third round of bilateral consultations on irritants {filler}"
        ));
        let pat = chars("third round of bilateral consultation on iritants");
        let exact = sellers(&pat, &text).unwrap();
        let fast = nearest(&pat, &text, &OnceLock::new()).unwrap();
        assert!(pat.len() * text.len() > EXACT_BUDGET);
        assert_eq!(fast, exact);
        let shown: String = text[fast.start..fast.end].iter().collect();
        assert_eq!(shown, "third round of bilateral consultations on irritants");
    }

    #[test]
    fn a_scan_of_a_huge_article_finds_the_passage() {
        let filler = "lorem ipsum dolor sit amet ".repeat(45_000);
        let text = chars(&format!(
            "{filler}the Old Harbour Bridge closed on Monday {filler}"
        ));
        assert!(text.len() > INDEX_LIMIT);
        let pat = chars("the Old Harbor Bridge closed on monday");
        let index = OnceLock::new();
        let f = nearest(&pat, &text, &index).unwrap();
        let shown: String = text[f.start..f.end].iter().collect();
        assert_eq!(shown, "the Old Harbour Bridge closed on Monday");
        assert_eq!(f.distance, 2);
        assert!(
            index.get().is_none(),
            "a huge article is scanned, not indexed"
        );
    }

    #[test]
    fn a_quote_sharing_nothing_finds_nothing() {
        let text = chars(&"abcdefgh ".repeat(100_000));
        assert_eq!(
            nearest(&chars("zzzz yyyy xxxx"), &text, &OnceLock::new()),
            None
        );
    }
}
