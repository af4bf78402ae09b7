//! The nearest-passage search for quotes not found in their article (`cargo bench --bench
//! nearest`). Prints the time of each case and the slowest single search: the orphan-quote
//! diagnostic must stay under 100 ms however long the quote or the article.

use dossier::anchor::{AnchorError, ArticleText, Query};
use std::time::{Duration, Instant};

/// Deterministic words (xorshift), so every run measures the same input.
struct Words(u64);

impl Words {
    const VOCAB: [&'static str; 48] = [
        "the",
        "minister",
        "said",
        "on",
        "monday",
        "that",
        "talks",
        "would",
        "resume",
        "after",
        "a",
        "pause",
        "of",
        "several",
        "weeks",
        "bridge",
        "harbour",
        "council",
        "closed",
        "traffic",
        "officials",
        "could",
        "meet",
        "very",
        "soon",
        "for",
        "another",
        "round",
        "aimed",
        "at",
        "restoring",
        "operations",
        "embassy",
        "spokesperson",
        "denied",
        "reports",
        "and",
        "added",
        "was",
        "not",
        "risk",
        "people",
        "lives",
        "engineers",
        "inspection",
        "cracks",
        "found",
        "deck",
    ];

    fn next(&mut self) -> &'static str {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        Self::VOCAB[(self.0 % Self::VOCAB.len() as u64) as usize]
    }

    /// About `bytes` bytes of sentences.
    fn text(&mut self, bytes: usize) -> String {
        let mut s = String::with_capacity(bytes + 16);
        let mut n = 0;
        while s.len() < bytes {
            s.push_str(self.next());
            n += 1;
            s.push_str(if n % 17 == 0 { ".\n\n" } else { " " });
        }
        s
    }
}

/// Runs one search and checks the quote was indeed not found.
fn search(article: &ArticleText, quote: &str) -> Duration {
    let t = Instant::now();
    let r = article.anchor(&Query {
        quote,
        ..Default::default()
    });
    let took = t.elapsed();
    assert!(
        matches!(r, Err(AnchorError::NotFound { .. })),
        "the quote was expected to be missing"
    );
    took
}

fn main() {
    // 1. A 100 KB quote missing from a 96 KB article.
    let article = ArticleText::new(&Words(7).text(96_000));
    let quote = Words(99).text(100_000);
    let one = search(&article, &quote);
    println!(
        "nearest: 100 KB quote, 96 KB article: {:.1} ms",
        one.as_secs_f64() * 1e3
    );

    // 2. 2,000 unfound 40-character quotes in a 200 KB article.
    let article = ArticleText::new(&Words(11).text(200_000));
    let mut words = Words(12345);
    let mut total = Duration::ZERO;
    let mut slowest = Duration::ZERO;
    for _ in 0..2000 {
        let mut q = words.text(40);
        q.truncate(40);
        q.push_str(" zq");
        let took = search(&article, &q);
        total += took;
        slowest = slowest.max(took);
    }
    println!(
        "nearest: 2,000 quotes of 40 characters, 200 KB article: {:.1} ms in all, slowest {:.1} ms",
        total.as_secs_f64() * 1e3,
        slowest.as_secs_f64() * 1e3
    );
    let worst = one.max(slowest);
    println!(
        "nearest: slowest single search {:.1} ms (bound: 100 ms)",
        worst.as_secs_f64() * 1e3
    );
}
