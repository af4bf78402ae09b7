//! The search index: small scripts that `search.js` reads.
//!
//! They are scripts rather than JSON because a page opened from `file://` may load a script but
//! may not fetch a file, and the offline bundle must search with no server. The index is
//! sharded: one script for the entities (people, issues, events, outlets), and one per thousand
//! articles (their titles and quotes), chosen by a hash of the slug so that an edit rewrites
//! one shard, whatever the article's date.

use crate::site::{AnnKind, AnnRef, Site, url};
use serde::Serialize;

/// Articles per shard, on average.
const SHARD_SIZE: usize = 1000;

#[derive(Serialize)]
struct Entry<'a> {
    /// Kind: article, person, issue, event, outlet, quote.
    k: &'static str,
    /// Title shown in results.
    t: &'a str,
    /// Root-relative URL.
    u: String,
    /// Extra text searched and shown (aliases, role, passage, outlet and date).
    x: String,
}

/// How many article shards the site has.
pub fn shard_count(site: &Site) -> usize {
    site.articles.len().div_ceil(SHARD_SIZE).max(1)
}

/// The shard an article's entries are in.
pub fn shard_of(slug: &str, count: usize) -> usize {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in slug.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x100000001b3);
    }
    (h % count as u64) as usize
}

/// The path of the entities script.
pub const ENTITIES: &str = "search/entities.js";

/// The path of article shard `k`.
pub fn shard_path(k: usize) -> String {
    format!("search/articles-{k}.js")
}

/// Every search script, in the order the search page loads them.
pub fn paths(site: &Site) -> Vec<String> {
    std::iter::once(ENTITIES.to_string())
        .chain((0..shard_count(site)).map(shard_path))
        .collect()
}

fn script(entries: &[Entry]) -> String {
    let json = serde_json::to_string(entries).expect("plain data serializes");
    // `</` inside a script would end it early if this were ever inlined; escape it anyway.
    format!(
        "window.DOSSIER_SEARCH = (window.DOSSIER_SEARCH || []).concat({});\n",
        json.replace("</", "<\\/")
    )
}

/// The entities script.
pub fn entities_js(site: &Site) -> String {
    let mut entries: Vec<Entry> = Vec::new();
    for p in &site.people {
        let mut x = p.aliases.join(", ");
        if let Some(r) = &p.role {
            if !x.is_empty() {
                x.push_str(" · ");
            }
            x.push_str(r);
        }
        entries.push(Entry {
            k: "person",
            t: &p.name,
            u: url::person(&p.id),
            x,
        });
    }
    for i in &site.issues {
        entries.push(Entry {
            k: "issue",
            t: &i.title,
            u: url::issue(&i.id),
            x: String::new(),
        });
    }
    for e in &site.events {
        entries.push(Entry {
            k: "event",
            t: &e.title,
            u: url::event(&e.id),
            x: format!("{} · {}", e.date, e.status.as_str()),
        });
    }
    for o in &site.outlets {
        entries.push(Entry {
            k: "outlet",
            t: &o.name,
            u: url::outlet(&o.id),
            x: o.kind.clone().unwrap_or_default(),
        });
    }
    script(&entries)
}

/// Article shard `k` of `count`: the titles and quotes of its articles.
pub fn shard_js(site: &Site, k: usize, count: usize) -> String {
    let members: Vec<usize> = (0..site.articles.len())
        .filter(|&i| shard_of(&site.articles[i].slug, count) == k)
        .collect();
    shard_script(site, &members)
}

/// The script for the articles at `members` (indexes into `site.articles`).
fn shard_script(site: &Site, members: &[usize]) -> String {
    let mut entries: Vec<Entry> = Vec::new();
    for (ai, a) in members.iter().map(|&i| (i, &site.articles[i])) {
        entries.push(Entry {
            k: "article",
            t: &a.title,
            u: url::article(&a.slug),
            x: format!("{} · {}", site.outlets[a.outlet].name, a.published),
        });
        for (ni, ann) in a.annotations.iter().enumerate() {
            if let AnnKind::Quote { speaker, said, .. } = &ann.kind {
                entries.push(Entry {
                    k: "quote",
                    t: &ann.passage,
                    u: site.ann_url(AnnRef {
                        article: ai,
                        ann: ni,
                    }),
                    x: format!("{} · {}", site.people[*speaker].name, said),
                });
            }
        }
    }
    script(&entries)
}

/// Every search script with its content (articles are grouped by shard in one pass, and the
/// shards are built in parallel).
pub fn files(site: &Site) -> Vec<(String, String)> {
    use rayon::prelude::*;
    let count = shard_count(site);
    let mut members = vec![Vec::new(); count];
    for (i, a) in site.articles.iter().enumerate() {
        members[shard_of(&a.slug, count)].push(i);
    }
    let mut out = vec![(ENTITIES.to_string(), entities_js(site))];
    out.par_extend(
        members
            .par_iter()
            .enumerate()
            .map(|(k, m)| (shard_path(k), shard_script(site, m))),
    );
    out
}
