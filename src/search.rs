//! The search index: a small script (`search-index.js`) that `search.js` reads.
//!
//! It is a script rather than JSON because a page opened from `file://` may load a script but
//! may not fetch a file, and the offline bundle must search with no server.

use crate::site::{AnnKind, Site, url};
use serde::Serialize;

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

/// The `search-index.js` file for a site.
pub fn index_js(site: &Site) -> String {
    let mut entries: Vec<Entry> = Vec::new();
    for a in &site.articles {
        entries.push(Entry {
            k: "article",
            t: &a.title,
            u: url::article(&a.slug),
            x: format!("{} · {}", site.outlets[a.outlet].name, a.published),
        });
    }
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
    for (ai, a) in site.articles.iter().enumerate() {
        for (ni, ann) in a.annotations.iter().enumerate() {
            if let AnnKind::Quote { speaker, said, .. } = &ann.kind {
                entries.push(Entry {
                    k: "quote",
                    t: &ann.passage,
                    u: site.ann_url(crate::site::AnnRef {
                        article: ai,
                        ann: ni,
                    }),
                    x: format!("{} · {}", site.people[*speaker].name, said),
                });
            }
        }
    }
    let json = serde_json::to_string(&entries).expect("plain data serializes");
    // `</` inside a script would end it early if this were ever inlined; escape it anyway.
    format!("window.DOSSIER_SEARCH = {};\n", json.replace("</", "<\\/"))
}
