//! Hit previews: for a stem whose first hits are spread over many item scripts, the items the
//! header's panel shows for it, written in the stem's term shard with its hit counts. A query
//! of one word standing for that stem alone (or standing for a set of stems whose best one
//! has one, see `unions`) then needs no item script and no postings: its shard is enough.
//! `search.js` still checks that every hit it shows was found, and loads the item script of
//! any that was not, so a preview can only save loads, never change a result.

use super::shards::{Delta, Postings};
use super::{ARTICLES_PER_SCRIPT, ArticleIndex, Item, encoded, json, script};
use crate::site::{ArticleId, Idx, Site, url};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// How many hits of each item kind (title, paragraph, quote, note, event report) the header's
/// panel shows. `search.js` reads it from the index, so the two cannot disagree.
pub const PANEL: [usize; 5] = [4, 6, 4, 4, 4];

/// A stem gets a preview when its panel hits fall in more item scripts than this...
const SCRIPTS_WITHOUT_PREVIEW: usize = 1;
/// ...or when it has this many postings at least: they are then kept out of its shard (see
/// [`super::shards::Listed`]), and the preview spares a query for it loading them.
const POSTINGS_WITHOUT_PREVIEW: usize = 1024;

/// A previewed stem's postings are kept apart, in `search/p/STEM.js`, when it has this many
/// at least; fewer are written in its shard beside its preview. A script of a few bytes per
/// rare word would cost a file (and a block on disk) each: on a 10,000-article corpus with
/// a large vocabulary, 19,000 of 24,000 such scripts held under 300 bytes.
const POSTINGS_APART: usize = 64;

/// Whether a previewed stem with `postings` has them in a script of their own.
pub(super) fn kept_apart(postings: &Postings) -> bool {
    postings.len() >= POSTINGS_APART
}

/// The path of the postings of `stem`, a stem with a preview (see [`super::shards::Listed`]).
pub fn postings_path(stem: &str) -> String {
    format!("search/p/{}.js", encoded(stem))
}

/// The script of the postings of `stem`, kept apart from its shard.
pub(super) fn postings_script(stem: &str, postings: &Postings) -> String {
    script(
        "postings",
        &format!("{},{}", json(stem), json(&Delta(postings))),
    )
}

/// The panel's hits for `postings` (a stem searched alone): for each kind, the first
/// [`PANEL`] in the order `search.js` ranks equal scores, newest article first and, within an
/// article, in item order. Returns (article, item index) pairs.
fn panel_hits(postings: &Postings) -> Vec<(u32, u32)> {
    let mut left = PANEL;
    let mut out = Vec::new();
    let mut end = postings.len();
    // Postings are in (article, item code) order: walk the articles from the newest.
    while end > 0 && left.iter().any(|&k| k > 0) {
        let a = postings[end - 1].0;
        let start = postings[..end].partition_point(|p| p.0 < a);
        for &(_, c) in &postings[start..end] {
            let kind = (c & 7) as usize;
            if left[kind] > 0 {
                left[kind] -= 1;
                out.push((a, c >> 3));
            }
        }
        end = start;
    }
    out
}

/// The hits a panel shows, as (article, item index) pairs.
pub(super) type Hits = Vec<(u32, u32)>;

/// The panel's hits of a stem with `postings` when it gets a preview: `None` when they fall
/// in one item script and its postings are few.
pub(super) fn previewed_hits(postings: &Postings) -> Option<Hits> {
    let hits = panel_hits(postings);
    let scripts: BTreeSet<u32> = hits
        .iter()
        .map(|h| h.0 / ARTICLES_PER_SCRIPT as u32)
        .collect();
    let few = scripts.len() <= SCRIPTS_WITHOUT_PREVIEW && postings.len() < POSTINGS_WITHOUT_PREVIEW;
    (!few).then_some(hits)
}

/// The items that previews with `hits` show, by (article, item index). Each article's items
/// are derived once, in parallel, and only those shown are kept.
pub(super) fn shown<'h>(
    site: &Site,
    hits: impl Iterator<Item = &'h [(u32, u32)]>,
) -> HashMap<(u32, u32), Item> {
    let mut wanted: BTreeMap<u32, BTreeSet<u32>> = BTreeMap::new();
    for &(a, i) in hits.flatten() {
        wanted.entry(a).or_default().insert(i);
    }
    wanted
        .into_par_iter()
        .flat_map_iter(|(a, want)| {
            let items = ArticleIndex::of(site, ArticleId::new(a as usize)).items;
            (items.into_iter().zip(0u32..))
                .filter(move |(_, i)| want.contains(i))
                .map(move |(item, i)| ((a, i), item))
        })
        .collect()
}

/// The preview of the panel's `hits` (as JSON: for each article, `[article, title, url,
/// [[item index, item], ...]]`), their items taken from `shown`.
pub(super) fn preview(
    site: &Site,
    shown: &HashMap<(u32, u32), Item>,
    hits: &[(u32, u32)],
) -> String {
    /// An article as a preview gives it: `[article, title, url, [[item index, item], ...]]`.
    #[derive(Serialize)]
    struct Doc<'a>(u32, &'a str, String, Vec<(u32, &'a Item)>);
    let mut docs: Vec<Doc> = Vec::new();
    for &(a, i) in hits {
        if docs.last().is_none_or(|d| d.0 != a) {
            let article = &site.articles[ArticleId::new(a as usize)];
            let u = site.url_form(&url::article(&article.slug));
            docs.push(Doc(a, &article.title, u, Vec::new()));
        }
        let item = &shown[&(a, i)];
        docs.last_mut().expect("pushed above").3.push((i, item));
    }
    json(&docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panel_hits_are_the_newest_articles_first_in_item_order() {
        // Article 1: a paragraph (item 2) and a quote (item 5); article 3: two paragraphs.
        let p: Postings = vec![(1, 2 * 8 + 1), (1, 5 * 8 + 2), (3, 8 + 1), (3, 4 * 8 + 1)];
        assert_eq!(panel_hits(&p), vec![(3, 1), (3, 4), (1, 2), (1, 5)]);
        // Seven paragraphs in one article: the panel shows six of them, the first six.
        let many: Postings = (0..7).map(|i| (0, i * 8 + 1)).collect();
        assert_eq!(panel_hits(&many).len(), PANEL[1]);
        assert_eq!(panel_hits(&many).last(), Some(&(0, 5)));
    }
}
