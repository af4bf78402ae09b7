//! Assembling the index: the vocabulary, its stems, the postings, and how they are cut into
//! term shards.

use super::normalise::{STOP_WORDS, stem};
use super::{
    ArticleIndex, INDEX, MAX_PREFIX, SHARD_LIMIT, article_index, article_js, article_path,
    entities, json, name_words, script, term_path,
};
use crate::site::{ArticleId, Idx, Site};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Postings of one stem: (article, item code) pairs, in order. The item code is the item's
/// index times 8 plus its kind, so the script can group and rank before loading any article.
type Postings = Vec<(u32, u32)>;

/// One term shard: word forms to stems (only where they differ), and stems to postings.
#[derive(Default, Serialize)]
struct Shard<'a> {
    w: BTreeMap<&'a str, &'a str>,
    p: BTreeMap<&'a str, Delta<'a>>,
}

/// Postings written flat, the article as the difference from the previous one (small numbers
/// make a small file): `[darticle, code, darticle, code, ...]`.
struct Delta<'a>(&'a Postings);

impl Serialize for Delta<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut prev = 0;
        let flat: Vec<u32> = self
            .0
            .iter()
            .flat_map(|&(a, c)| {
                let d = a - prev;
                prev = a;
                [d, c]
            })
            .collect();
        flat.serialize(s)
    }
}

/// Chooses the shard prefixes: two characters, and one more wherever a shard would exceed
/// [`SHARD_LIMIT`] (terms no longer than the prefix stay in the shorter shard).
fn plan(terms: &[(&str, usize)], len: usize, out: &mut BTreeSet<String>) {
    let mut groups: BTreeMap<String, Vec<(&str, usize)>> = BTreeMap::new();
    for &(t, c) in terms {
        groups
            .entry(t.chars().take(len).collect())
            .or_default()
            .push((t, c));
    }
    for (prefix, group) in groups {
        let cost: usize = group.iter().map(|x| x.1).sum();
        let longer: Vec<(&str, usize)> = group
            .iter()
            .filter(|(t, _)| t.chars().count() > len)
            .copied()
            .collect();
        if cost > SHARD_LIMIT && len < MAX_PREFIX && !longer.is_empty() {
            if longer.len() < group.len() {
                out.insert(prefix);
            }
            plan(&longer, len + 1, out);
        } else {
            out.insert(prefix);
        }
    }
}

/// The shard a term is in: the longest planned prefix of it (`search.js` looks up the same).
fn shard_of<'s>(term: &str, shards: &'s BTreeSet<String>) -> &'s str {
    (1..=MAX_PREFIX)
        .rev()
        .filter_map(|l| {
            let p: String = term.chars().take(l).collect();
            (p.chars().count() == l).then_some(p)
        })
        .find_map(|p| shards.get(&p))
        .map(String::as_str)
        .expect("every term's prefix is planned")
}

/// Word forms to stems, each stem's postings (in stem order), and the shard prefixes.
type Planned<'s> = (
    HashMap<&'s str, String>,
    Vec<(String, Postings)>,
    BTreeSet<String>,
);

/// The vocabulary's stems, the postings, and the shard prefixes. The words borrow from
/// `arts`, `ents` and `names`, which the caller keeps.
fn planned<'s>(
    arts: &'s [ArticleIndex],
    ents: &'s [(super::Entity, Vec<super::Word>)],
    names: &'s BTreeSet<String>,
) -> Planned<'s> {
    // Millions of words go through here at 10,000 articles: hash maps and stem numbers, not
    // ordered maps of strings; the order is restored once, on the few thousand stems.
    let mut vocab: HashSet<&str> = HashSet::new();
    for a in arts {
        vocab.extend(a.words.iter().flatten().map(|w| &**w));
    }
    vocab.extend(ents.iter().flat_map(|e| e.1.iter().map(|w| &**w)));
    vocab.extend(names.iter().map(String::as_str));
    let stems: HashMap<&str, String> = vocab.par_iter().map(|s| (*s, stem(s))).collect();
    let mut unique: Vec<&str> = stems.values().map(String::as_str).collect();
    unique.sort_unstable();
    unique.dedup();
    let number: HashMap<&str, u32> = unique
        .iter()
        .enumerate()
        .map(|(i, s)| (*s, i as u32))
        .collect();
    let of_word: HashMap<&str, u32> = stems
        .iter()
        .map(|(w, s)| (*w, number[s.as_str()]))
        .collect();
    let per_article: Vec<Vec<(u32, u32)>> = arts
        .par_iter()
        .map(|a| {
            let mut v = Vec::new();
            for (ii, (item, words)) in a.items.iter().zip(&a.words).enumerate() {
                let code = ii as u32 * 8 + item.0;
                v.extend(words.iter().map(|w| (of_word[&**w], code)));
            }
            v
        })
        .collect();
    let mut lists: Vec<Postings> = vec![Vec::new(); unique.len()];
    for (ai, v) in per_article.iter().enumerate() {
        for &(sid, code) in v {
            let list = &mut lists[sid as usize];
            if list.last() != Some(&(ai as u32, code)) {
                list.push((ai as u32, code));
            }
        }
    }
    let post: Vec<(String, Postings)> = unique.iter().map(|s| s.to_string()).zip(lists).collect();
    // Plan the shards on what each term costs in its shard.
    let mut cost: BTreeMap<String, usize> = BTreeMap::new();
    for (s, st) in &stems {
        if s != st {
            *cost.entry(s.to_string()).or_default() += s.len() + st.len() + 6;
        }
    }
    for (s, p) in &post {
        *cost.entry(s.clone()).or_default() += s.len() + 5 + p.len() * 6;
    }
    let terms: Vec<(&str, usize)> = cost.iter().map(|(t, c)| (t.as_str(), *c)).collect();
    let mut prefixes = BTreeSet::new();
    plan(&terms, 2, &mut prefixes);
    (stems, post, prefixes)
}

/// Entities with the surface forms of their keys.
type Entities = Vec<(super::Entity, Vec<super::Word>)>;

/// Every article's items and words, the entities with theirs, and the name vocabulary.
fn analyse(site: &Site) -> (Vec<ArticleIndex>, Entities, BTreeSet<String>) {
    let arts: Vec<ArticleIndex> = (0..site.articles.len())
        .into_par_iter()
        .map(|i| article_index(site, ArticleId::new(i)))
        .collect();
    (arts, entities(site), name_words(site))
}

/// Every search script's path, in the order of [`files`] (without writing any of them).
pub fn paths(site: &Site) -> Vec<String> {
    let (arts, ents, names) = analyse(site);
    let (_, _, prefixes) = planned(&arts, &ents, &names);
    std::iter::once(INDEX.to_string())
        .chain(prefixes.iter().map(|p| term_path(p)))
        .chain((0..arts.len()).map(article_path))
        .collect()
}

/// Every search script with its content, in a fixed order: the index, the term shards, the
/// article scripts. Pure and deterministic (same site, same bytes).
pub fn files(site: &Site) -> Vec<(String, String)> {
    let t = std::time::Instant::now();
    let (arts, ents, names) = analyse(site);
    let (stems, post, prefixes) = planned(&arts, &ents, &names);
    let mut shards: BTreeMap<&str, Shard> = prefixes
        .iter()
        .map(|p| (p.as_str(), Shard::default()))
        .collect();
    for (s, st) in &stems {
        if s != st {
            let k = shard_of(s, &prefixes);
            shards.get_mut(k).expect("planned").w.insert(s, st);
        }
    }
    for (s, p) in &post {
        let k = shard_of(s, &prefixes);
        shards.get_mut(k).expect("planned").p.insert(s, Delta(p));
    }
    let mut out = vec![(
        INDEX.to_string(),
        index_js(site, &prefixes, &ents, &names, &stems),
    )];
    out.extend(shards.iter().map(|(prefix, shard)| {
        (
            term_path(prefix),
            script("terms", &format!("{},{}", json(prefix), json(shard))),
        )
    }));
    out.par_extend(arts.par_iter().enumerate().map(|(i, a)| {
        let ai = ArticleId::new(i);
        (article_path(i), article_js(site, ai, &a.items))
    }));
    crate::pipeline::timing("search index", t);
    out
}

/// `search/index.js`: shards, stop words, entities and the name vocabulary.
fn index_js(
    site: &Site,
    prefixes: &BTreeSet<String>,
    ents: &[(super::Entity, Vec<super::Word>)],
    names: &BTreeSet<String>,
    stems: &HashMap<&str, String>,
) -> String {
    #[derive(Serialize)]
    struct Index<'a> {
        articles: usize,
        shards: &'a BTreeSet<String>,
        stop: &'a [&'a str],
        e: Vec<super::Entity>,
        n: BTreeMap<&'a str, &'a str>,
    }
    let e = ents
        .iter()
        .map(|(e, words)| {
            let keys: BTreeSet<&str> = words.iter().map(|w| stems[&**w].as_str()).collect();
            super::Entity(
                e.0,
                e.1.clone(),
                e.2.clone(),
                e.3.clone(),
                keys.into_iter().collect::<Vec<_>>().join(" "),
            )
        })
        .collect();
    let n = names
        .iter()
        .map(|w| (w.as_str(), stems[w.as_str()].as_str()))
        .collect();
    let index = Index {
        articles: site.articles.len(),
        shards: prefixes,
        stop: STOP_WORDS,
        e,
        n,
    };
    script("index", &json(&index))
}
