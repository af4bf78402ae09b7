//! Counts for prefixes. A word typed in part ("pres") stands for the stems of its completions
//! (press, presid, ...), and the header's panel says how many hits of each item kind they have
//! together. For common stems, decoding and merging all their postings is most of a first
//! query's time, so for each such set of stems the build writes those counts in the term shard
//! of the typed prefix, and `search.js` (`previewed`) takes the hits from the preview of the
//! best-scored stem where it has enough of them.
//!
//! The sets are formed as `search.js` forms them (`resolve`): the stem of the prefix itself,
//! the stems of its [`MAX_COMPLETIONS`] shortest completions, and names one letter away. A set
//! the script forms otherwise is simply not found, and the script merges the postings itself:
//! the counts can only save work, never change a result.

use super::normalise::STOP_WORDS;
use super::shards::{Postings, planned_shard};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// A set of stems gets its counts written when it has at least this many postings: below it,
/// the script merges them in a few milliseconds.
pub(super) const MIN_POSTINGS: usize = 1_000;
/// How many completions of a prefix the script takes (`MAX_COMPLETIONS` in `search.js`).
const MAX_COMPLETIONS: usize = 40;

/// Per shard, the counts per item kind of each set of stems (space-separated, sorted) that a
/// prefix in that shard stands for, where the set has two stems or more and at least
/// [`MIN_POSTINGS`] postings.
pub(super) type Unions = BTreeMap<String, BTreeMap<String, [usize; 5]>>;

/// The [`Unions`] of a vocabulary (word forms to stems), its name vocabulary (name forms to
/// stems), the postings and the shard plan.
pub(super) fn unions<'p>(
    vocab: &BTreeMap<&str, &str>,
    names: &BTreeMap<&str, &str>,
    postings: &(dyn Fn(&str) -> &'p Postings + Sync),
    shards: &BTreeSet<String>,
) -> Unions {
    use rayon::prelude::*;
    // What a shard offers as completions: forms under their stem where the two differ, and
    // every stem under itself, in the order of their text.
    // Sorted vectors made in parallel rather than ordered sets made one insertion at a time
    // (the prefixes' set was a fifth of the step, on one thread, at 10,000 articles).
    let mut stems: Vec<&str> = vocab.values().copied().collect();
    stems.par_sort_unstable();
    stems.dedup();
    let mut keys: Vec<(&str, &str)> = (vocab.iter())
        .filter(|(w, st)| w != st)
        .map(|(w, st)| (*w, *st))
        .chain(stems.iter().map(|st| (*st, *st)))
        .collect();
    keys.par_sort_by(|a, b| a.0.cmp(b.0));
    // Postings before each key, to bound a prefix's cheaply.
    let mut before = Vec::with_capacity(keys.len() + 1);
    before.push(0);
    for (_, st) in &keys {
        before.push(before.last().unwrap() + postings(st).len());
    }
    let stop: HashSet<&str> = STOP_WORDS.iter().copied().collect();
    let near = NearNames::new(names);
    let mut prefixes: Vec<&str> = (keys.par_iter())
        .flat_map_iter(|(k, _)| {
            k.char_indices()
                .skip(2)
                .map(|(i, c)| &k[..i + c.len_utf8()])
        })
        .filter(|p| !stop.contains(p))
        .collect();
    prefixes.par_sort_unstable();
    prefixes.dedup();
    let found: Vec<(String, String, [usize; 5])> = prefixes
        .par_iter()
        .filter_map(|p| {
            let lo = keys.partition_point(|k| k.0 < *p);
            let hi = lo + keys[lo..].partition_point(|k| k.0.starts_with(p));
            let exact = match vocab.get(p) {
                Some(st) => Some(*st),
                None => stems.binary_search(p).is_ok().then_some(*p),
            };
            let bound = before[hi] - before[lo] + exact.map_or(0, |st| postings(st).len());
            if bound < MIN_POSTINGS {
                return None;
            }
            let shard = planned_shard(p, shards)?;
            let set = stems_of(p, exact, &keys[lo..hi], &near);
            let total: usize = set.iter().map(|st| postings(st).len()).sum();
            if set.len() < 2 || total < MIN_POSTINGS {
                return None;
            }
            let key = set.iter().copied().collect::<Vec<_>>().join(" ");
            Some((shard.to_string(), key, union_counts(&set, postings)))
        })
        .collect();
    let mut out = Unions::new();
    for (shard, key, counts) in found {
        out.entry(shard).or_default().insert(key, counts);
    }
    out
}

/// The name vocabulary (name forms to stems) by their first two and by their last two
/// characters. A name one edit from a word of four characters or more shares its first two
/// characters with it (the edit is past them) or its last two (the edit is before them), so
/// only those names need comparing: comparing every prefix with every name grew as the
/// vocabulary times the registry (36 s of a 100,000-article build).
struct NearNames<'a> {
    by_head: HashMap<[char; 2], Vec<(&'a str, &'a str)>>,
    by_tail: HashMap<[char; 2], Vec<(&'a str, &'a str)>>,
}

impl<'a> NearNames<'a> {
    fn new(names: &BTreeMap<&'a str, &'a str>) -> Self {
        let (mut by_head, mut by_tail) = (HashMap::new(), HashMap::new());
        for (&n, &st) in names {
            if let (Some(head), Some(tail)) = (ends(n.chars()), ends(n.chars().rev())) {
                by_head.entry(head).or_insert_with(Vec::new).push((n, st));
                by_tail.entry(tail).or_insert_with(Vec::new).push((n, st));
            }
        }
        NearNames { by_head, by_tail }
    }

    /// The stems of the names one edit from `p` (of four characters or more).
    fn stems(&self, p: &str) -> Vec<&'a str> {
        let head = ends(p.chars()).and_then(|k| self.by_head.get(&k));
        let tail = ends(p.chars().rev()).and_then(|k| self.by_tail.get(&k));
        (head.into_iter().flatten())
            .chain(tail.into_iter().flatten())
            .filter(|(n, _)| one_edit(p, n))
            .map(|(_, st)| *st)
            .collect()
    }
}

/// The first two characters of `chars` (the last two, reversed, of a reversed iterator).
fn ends(mut chars: impl Iterator<Item = char>) -> Option<[char; 2]> {
    Some([chars.next()?, chars.next()?])
}

/// The stems `search.js` lets prefix `p` stand for: `exact` (the stem of `p` itself), those of
/// the shortest completions among `range` (the keys starting with `p`), and the names one
/// letter away.
fn stems_of<'a>(
    p: &str,
    exact: Option<&'a str>,
    range: &[(&'a str, &'a str)],
    names: &NearNames<'a>,
) -> BTreeSet<&'a str> {
    let mut set: BTreeSet<&str> = exact.into_iter().collect();
    let mut completions: Vec<&(&str, &str)> = range.iter().filter(|k| k.0 != p).collect();
    // As the script sorts them: by length in UTF-16 units, then by text.
    completions.sort_by_key(|k| (k.0.encode_utf16().count(), k.0));
    set.extend(completions.iter().take(MAX_COMPLETIONS).map(|k| k.1));
    if p.chars().count() >= 4 {
        set.extend(names.stems(p));
    }
    set
}

/// How many distinct items of each kind the postings of `set` hold together.
fn union_counts<'p>(set: &BTreeSet<&str>, postings: &dyn Fn(&str) -> &'p Postings) -> [usize; 5] {
    let mut all: Vec<(u32, u32)> = set.iter().flat_map(|st| postings(st)).copied().collect();
    all.sort_unstable();
    all.dedup();
    let mut n = [0; 5];
    for (_, c) in all {
        n[(c & 7) as usize] += 1;
    }
    n
}

/// Whether `a` and `b` are one insertion, deletion or substitution apart (`oneEdit` in
/// `search.js`).
fn one_edit(a: &str, b: &str) -> bool {
    if a == b {
        return false;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let (mut i, mut j, mut edits) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            i += 1;
            j += 1;
            continue;
        }
        edits += 1;
        if edits > 1 {
            return false;
        }
        match a.len().cmp(&b.len()) {
            std::cmp::Ordering::Greater => i += 1,
            std::cmp::Ordering::Less => j += 1,
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
            }
        }
    }
    edits + (a.len() - i) + (b.len() - j) <= 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prefix_counts_the_items_of_its_stems_once_each() {
        let vocab: BTreeMap<&str, &str> = [
            ("press", "press"),
            ("pressed", "press"),
            ("president", "presid"),
            ("presidents", "presid"),
            ("other", "other"),
        ]
        .into();
        // Items (article, index * 8 + kind): press in 0/8 and 1/9, presid in 1/9 and 2/16.
        let mut post: BTreeMap<&str, Postings> = BTreeMap::new();
        let many = |extra: &[(u32, u32)]| -> Postings {
            let mut v: Postings = (10..10 + MIN_POSTINGS as u32).map(|a| (a, 1)).collect();
            v.extend_from_slice(extra);
            v.sort_unstable();
            v
        };
        post.insert("press", many(&[(0, 8), (1, 9)]));
        post.insert("presid", many(&[(1, 9), (2, 16)]));
        post.insert("other", vec![(3, 8)]);
        let empty = Postings::new();
        let postings = |st: &str| post.get(st).unwrap_or(&empty);
        let shards: BTreeSet<String> = ["pr", "pres", "ot"].map(String::from).into();
        let u = unions(&vocab, &BTreeMap::new(), &postings, &shards);
        // "pre" (in shard "pr") and "pres" stand for both stems; "presi" and longer, and
        // "press" and longer, for one.
        let both = [2, 1 + MIN_POSTINGS, 0, 0, 0];
        assert_eq!(
            u["pres"],
            [("presid press".to_string(), both)].into(),
            "{u:?}"
        );
        assert_eq!(
            u["pr"],
            [("presid press".to_string(), both)].into(),
            "{u:?}"
        );
        assert!(!u.contains_key("ot"), "one stem, few postings: {u:?}");
        assert!(one_edit("eriksem", "eriksen") && !one_edit("eriksen", "eriksen"));
        assert!(one_edit("lavrov", "lavrovv") && !one_edit("lavrov", "lavorv"));
    }

    proptest::proptest! {
        /// The names compared (those sharing the first or the last two characters) hold
        /// every name one edit away.
        #[test]
        fn near_names_are_those_one_edit_away(
            p in "[abé]{4,7}",
            names in proptest::collection::vec("[abé]{1,8}", 0..40),
        ) {
            let names: BTreeMap<&str, &str> = names.iter().map(|n| (n.as_str(), n.as_str())).collect();
            let near: BTreeSet<&str> = NearNames::new(&names).stems(&p).into_iter().collect();
            let all: BTreeSet<&str> = names.keys().copied().filter(|n| one_edit(&p, n)).collect();
            proptest::prop_assert_eq!(near, all);
        }
    }
}
