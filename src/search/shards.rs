//! Assembling the index: the vocabulary, its stems, the postings, and how they are cut into
//! term shards.

use super::normalise::STOP_WORDS;
use super::unions::Unions;
use super::{MAX_PREFIX, SHARD_LIMIT, Word, json, script};
use crate::site::Site;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;
use serde_json::value::RawValue;
use std::collections::{BTreeMap, BTreeSet};

/// Postings of one stem: (article, item code) pairs, in order. The item code is the item's
/// index times 8 plus its kind, so the script can group and rank before loading any article.
pub(super) type Postings = Vec<(u32, u32)>;

/// One term shard: word forms to stems (only where they differ), stems to postings, and the
/// entities with a key stem in this shard.
#[derive(Default, Serialize)]
pub(super) struct Shard<'a> {
    pub w: BTreeMap<&'a str, &'a str>,
    pub p: BTreeMap<&'a str, Listed<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub e: Vec<&'a EntityRow<'a>>,
    /// The stems of this shard that have a hit preview (see `previews`), each as `[hits per
    /// item kind, preview]`: all that the header's panel shows for a query standing for that
    /// stem alone, so such a query decodes no postings and loads no item script.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub h: BTreeMap<&'a str, ([usize; 5], &'a RawValue)>,
    /// The hits per item kind of each set of stems that a prefix in this shard stands for,
    /// where the set is large ([`super::unions`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub u: Option<&'a BTreeMap<String, [usize; 5]>>,
}

/// The number of `postings` of each item kind.
pub(super) fn kind_counts(postings: &Postings) -> [usize; 5] {
    let mut n = [0; 5];
    for &(_, c) in postings {
        n[(c & 7) as usize] += 1;
    }
    n
}

/// An entity as a shard lists it: `[kind, title, url, meta, keys, number]`. The keys are its
/// stems, space-separated; the number is its place in title order, which breaks ties between
/// entities and tells the script that two shards list the same one.
#[derive(Serialize)]
pub(super) struct EntityRow<'a>(&'static str, &'a str, &'a str, &'a str, String, usize);

/// The entities as shards list them, each with its key stems (sorted, unique). An entity is
/// listed in the shard of each of its key stems: a query finds it in the shards it loads for
/// its words anyway, so no script lists every entity (that would grow with the registries and
/// be loaded before any query).
pub(super) fn entity_rows<'a>(
    ents: &'a [(super::Entity, Vec<Word>)],
    stems: &'a HashMap<Word, Word>,
) -> Vec<(EntityRow<'a>, BTreeSet<&'a str>)> {
    ents.iter()
        .enumerate()
        .map(|(i, (e, words))| {
            let keys: BTreeSet<&str> = words.iter().map(|w| &*stems[&**w]).collect();
            let joined = keys.iter().copied().collect::<Vec<_>>().join(" ");
            (EntityRow(e.0, &e.1, &e.2, &e.3, joined, i), keys)
        })
        .collect()
}

/// A stem's postings as its shard gives them: written there, or (`0`) in a script of their
/// own, `search/p/STEM.js`, for a stem with a hit preview and many postings
/// ([`super::previews::kept_apart`]). A query standing for such a stem alone reads its counts
/// and its preview and never these postings, the largest part of a common word's shard, so
/// its shard stays small.
pub(super) enum Listed<'a> {
    Here(Delta<'a>),
    Apart,
}

impl Serialize for Listed<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Listed::Here(d) => d.serialize(s),
            Listed::Apart => s.serialize_u8(0),
        }
    }
}

/// Postings written flat, the article as the difference from the previous one (small numbers
/// make a small file): `darticle, code, darticle, code, ...`, each number in [`DIGITS`], as a
/// string. A string is read by the browser at once, where an array of numbers is parsed
/// number by number; `search.js` decodes a stem's postings only when a query uses them.
pub(super) struct Delta<'a>(pub &'a Postings);

/// The digits of posting numbers, 5 bits each, most significant first: the first 32 end a
/// number, the other 32 are followed by more digits. None needs escaping in JSON or a script.
pub const DIGITS: &[u8; 64] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";

/// Appends `n` in [`DIGITS`].
fn push_number(out: &mut String, n: u32) {
    let mut groups = [0u8; 7];
    let mut len = 0;
    let mut v = n;
    loop {
        groups[len] = (v & 31) as u8;
        len += 1;
        v >>= 5;
        if v == 0 {
            break;
        }
    }
    for i in (0..len).rev() {
        let more = if i > 0 { 32 } else { 0 };
        out.push(DIGITS[(groups[i] + more) as usize] as char);
    }
}

impl Serialize for Delta<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut prev = 0;
        let mut out = String::with_capacity(self.0.len() * 3);
        for &(a, c) in self.0 {
            push_number(&mut out, a - prev);
            push_number(&mut out, c);
            prev = a;
        }
        s.serialize_str(&out)
    }
}

/// Chooses the shard prefixes: two characters, and one more wherever a shard would exceed
/// [`SHARD_LIMIT`] (terms no longer than the prefix stay in the shorter shard).
pub(super) fn plan(terms: &[(&str, usize)], len: usize, out: &mut BTreeSet<String>) {
    debug_assert!(terms.is_sorted_by_key(|t| t.0), "terms come sorted");
    // Sorted, the terms sharing a prefix are next to one another.
    for group in terms.chunk_by(|a, b| prefix(a.0, len) == prefix(b.0, len)) {
        let cost: usize = group.iter().map(|x| x.1).sum();
        let longer: Vec<(&str, usize)> = group
            .iter()
            .filter(|(t, _)| prefix(t, len).len() < t.len())
            .copied()
            .collect();
        let name = prefix(group[0].0, len).to_string();
        if cost > SHARD_LIMIT && len < MAX_PREFIX && !longer.is_empty() {
            if longer.len() < group.len() {
                out.insert(name);
            }
            plan(&longer, len + 1, out);
        } else {
            out.insert(name);
        }
    }
}

/// The first `len` characters of `term` (all of it when it is shorter).
fn prefix(term: &str, len: usize) -> &str {
    term.char_indices()
        .nth(len)
        .map_or(term, |(i, _)| &term[..i])
}

/// The shard a term is in: the longest planned prefix of it (`search.js` looks up the same).
pub(super) fn shard_of<'s>(term: &str, shards: &'s BTreeSet<String>) -> &'s str {
    planned_shard(term, shards).expect("every term's prefix is planned")
}

/// The shard a term would be in, if any of its prefixes is planned.
pub(super) fn planned_shard<'s>(term: &str, shards: &'s BTreeSet<String>) -> Option<&'s str> {
    (1..=MAX_PREFIX)
        .rev()
        .filter_map(|l| {
            let p: String = term.chars().take(l).collect();
            (p.chars().count() == l).then_some(p)
        })
        .find_map(|p| shards.get(&p))
        .map(String::as_str)
}

/// The entities each shard lists (by their index in `rows`): those with a key stem in it, in
/// title order.
pub(super) fn listed<'p>(
    rows: &[(EntityRow<'_>, BTreeSet<&str>)],
    prefixes: &'p BTreeSet<String>,
) -> BTreeMap<&'p str, Vec<usize>> {
    let mut listed: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, (_, keys)) in rows.iter().enumerate() {
        let mut shards: Vec<&str> = keys.iter().map(|k| shard_of(k, prefixes)).collect();
        shards.dedup();
        for p in shards {
            listed.entry(p).or_default().push(i);
        }
    }
    listed
}

/// Everything the term shards' scripts are made of: the vocabulary and its postings, the
/// shard plan, the entities each shard lists, the prefix counts and the hit previews.
pub(super) struct ShardSource<'a> {
    /// Word forms to stems.
    pub vocab: &'a BTreeMap<&'a str, &'a str>,
    /// Every stem of the vocabulary.
    pub stems: &'a BTreeSet<&'a str>,
    /// Every term (form or stem) with what it costs its shard.
    pub cost: &'a BTreeMap<&'a str, usize>,
    pub prefixes: &'a BTreeSet<String>,
    pub postings: &'a (dyn Fn(&str) -> &'a Postings + Sync),
    /// The hit previews of the stems that have one (their postings kept apart when many).
    pub previewed: &'a HashMap<Word, Box<RawValue>>,
    pub rows: &'a [(EntityRow<'a>, BTreeSet<&'a str>)],
    pub listed: &'a BTreeMap<&'a str, Vec<usize>>,
    pub unions: &'a Unions,
}

impl ShardSource<'_> {
    /// The script of the shard of `prefix`.
    pub fn script(&self, prefix: &str) -> String {
        let mut s = Shard::default();
        for (t, _) in (self.cost.range(prefix..)).take_while(|(t, _)| t.starts_with(prefix)) {
            if shard_of(t, self.prefixes) != prefix {
                continue;
            }
            if let Some(st) = self.vocab.get(t).filter(|st| **st != *t) {
                s.w.insert(*t, *st);
            }
            if self.stems.contains(t) {
                let postings = (self.postings)(t);
                let apart =
                    self.previewed.contains_key(*t) && super::previews::kept_apart(postings);
                let listed = match apart {
                    true => Listed::Apart,
                    false => Listed::Here(Delta(postings)),
                };
                s.p.insert(*t, listed);
            }
        }
        s.u = self.unions.get(prefix);
        if let Some(v) = self.listed.get(prefix) {
            s.e = v.iter().map(|&i| &self.rows[i].0).collect();
        }
        s.h = (s.p.keys().copied())
            .filter_map(|st| {
                let preview: &RawValue = self.previewed.get(st)?;
                Some((st, (kind_counts((self.postings)(st)), preview)))
            })
            .collect();
        script("terms", &format!("{},{}", json(prefix), json(&s)))
    }

    /// What each shard holds besides its own words, by prefix: the entities it lists and its
    /// prefix counts, as JSON (edits elsewhere change them).
    pub fn beyond(&self) -> BTreeMap<String, String> {
        (self.prefixes.iter())
            .map(|p| {
                let rows: Vec<_> = (self.listed.get(&**p).into_iter().flatten())
                    .map(|&i| &self.rows[i].0)
                    .collect();
                (p.clone(), json(&(rows, self.unions.get(p))))
            })
            .collect()
    }
}

/// `search/index.js`: shards, stop words and the name vocabulary.
pub(super) fn index_js(
    site: &Site,
    prefixes: &BTreeSet<String>,
    names: &BTreeSet<String>,
    stems: &HashMap<Word, Word>,
) -> String {
    #[derive(Serialize)]
    struct Index<'a> {
        articles: usize,
        /// Articles to an item script (`search/a/K.js`).
        per: usize,
        shards: &'a BTreeSet<String>,
        stop: &'a [&'a str],
        n: BTreeMap<&'a str, &'a str>,
        /// Hits of each item kind the header's panel shows.
        panel: [usize; 5],
    }
    let n = names
        .iter()
        .map(|w| (w.as_str(), &*stems[w.as_str()]))
        .collect();
    let index = Index {
        articles: site.articles.len(),
        per: super::ARTICLES_PER_SCRIPT,
        shards: prefixes,
        stop: STOP_WORDS,
        n,
        panel: super::PANEL,
    };
    script("index", &json(&index))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The decoding `search.js` does.
    fn decode(s: &str) -> Vec<u32> {
        let mut out = Vec::new();
        let mut v = 0;
        for b in s.bytes() {
            let d = DIGITS.iter().position(|&x| x == b).unwrap() as u32;
            if d >= 32 {
                v = v * 32 + d - 32;
            } else {
                out.push(v * 32 + d);
                v = 0;
            }
        }
        out
    }

    #[test]
    fn postings_are_written_as_digits_that_decode_to_them() {
        let p: Postings = vec![(0, 9), (0, 31), (3, 32), (40, 1023), (70_000, 1 << 20)];
        let js = serde_json::to_string(&Delta(&p)).unwrap();
        // Small numbers take one digit, and nothing is escaped.
        assert!(js.starts_with("\"090v3x0"), "{js}");
        assert!(!js[1..js.len() - 1].contains(['"', '\\']));
        let flat = decode(js.trim_matches('"'));
        assert_eq!(
            flat,
            vec![0, 9, 0, 31, 3, 32, 37, 1023, 69_960, 1 << 20],
            "{js}"
        );
    }

    proptest::proptest! {
        /// Every term lies in a planned shard; a shard over the limit is one that cannot be
        /// split (its prefix is as long as prefixes go, or none of its terms is longer); a
        /// prefix longer than two characters is planned only where the shorter one was over.
        #[test]
        fn the_plan_puts_every_term_in_a_shard_within_the_limit(
            terms in proptest::collection::btree_map("[abé]{1,6}", 0..12_000usize, 0..60),
        ) {
            let terms: Vec<(&str, usize)> = terms.iter().map(|(t, c)| (t.as_str(), *c)).collect();
            let mut out = BTreeSet::new();
            plan(&terms, 2, &mut out);
            let mut load: BTreeMap<&str, (usize, bool)> = BTreeMap::new();
            for &(t, c) in &terms {
                let shard = planned_shard(t, &out);
                proptest::prop_assert!(shard.is_some(), "{t} in no shard of {out:?}");
                let shard = shard.unwrap();
                let e = load.entry(shard).or_default();
                e.0 += c;
                e.1 |= t.chars().count() > shard.chars().count();
            }
            for (shard, (cost, longer)) in &load {
                let full = shard.chars().count() == MAX_PREFIX;
                proptest::prop_assert!(*cost <= SHARD_LIMIT || full || !longer, "{shard}: {cost}");
            }
            let over = |p: &str| -> bool {
                let sum: usize = terms.iter().filter(|t| t.0.starts_with(p)).map(|t| t.1).sum();
                sum > SHARD_LIMIT
            };
            for p in &out {
                let n = p.chars().count();
                if n > 2 {
                    let up: String = p.chars().take(n - 1).collect();
                    proptest::prop_assert!(over(&up), "{p} planned, {up} under the limit");
                }
            }
        }
    }
}
