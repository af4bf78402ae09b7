//! `dossier.json`: the whole graph (articles with their mentions and event reports, people,
//! issues, outlets, events, quotes, notes), for other tools. Its JSON Schema is
//! `dossier.schema.json`, written beside it; README documents the format. References are by
//! id (people, issues, events, outlets) or by article slug and annotation id.

use crate::site::{AnnKind, Site, url};
use rayon::prelude::*;
use serde_json::{Value, json};

/// The format's version, bumped on incompatible changes.
pub const FORMAT: &str = "dossier-json/1";

/// The export as pretty JSON.
pub fn json(site: &Site) -> String {
    let c = &site.config;
    let v = json!({
        "format": FORMAT,
        "site": {
            "title": c.title,
            "description": c.description,
            "language": c.language,
            "author": c.author,
            "base_url": c.base_url,
        },
        "articles": super::list_slot("articles"),
        "people": site.people.iter().map(|p| json!({
            "id": p.id, "name": p.name, "aliases": p.aliases, "role": p.role,
            "affiliation": p.affiliation, "summary": p.summary, "page": url::person(&p.id),
        })).collect::<Vec<_>>(),
        "issues": site.issues.iter().map(|i| json!({
            "id": i.id, "title": i.title, "summary": i.summary,
            "parent": i.parent.map(|k| &site.issues[k].id),
            "page": url::issue(&i.id),
        })).collect::<Vec<_>>(),
        "outlets": site.outlets.iter().map(|o| json!({
            "id": o.id, "name": o.name, "country": o.country, "kind": o.kind, "url": o.url,
            "summary": o.summary, "page": url::outlet(&o.id),
        })).collect::<Vec<_>>(),
        "events": site.events.iter().map(|e| json!({
            "id": e.id, "title": e.title, "date": e.date.key(), "status": e.status.as_str(),
            "place": e.place,
            "people": e.people.iter().map(|&k| &site.people[k].id).collect::<Vec<_>>(),
            "issues": e.issues.iter().map(|&k| &site.issues[k].id).collect::<Vec<_>>(),
            "summary": e.summary,
            "defined_in": e.defined_in.map(|k| &site.articles[k].slug),
            "page": url::event(&e.id),
        })).collect::<Vec<_>>(),
        "quotes": super::list_slot("quotes"),
        "notes": super::list_slot("notes"),
    });
    // The lists that grow with the articles are printed item by item (see `splice_lists`).
    let articles = site
        .articles
        .as_slice()
        .par_iter()
        .map(|a| super::pretty(&article(site, a)))
        .collect();
    let print = |list: Vec<Value>| list.iter().map(super::pretty).collect();
    super::splice_lists(
        &v,
        vec![
            ("articles", articles),
            ("quotes", print(quotes(site))),
            ("notes", print(notes(site))),
        ],
    )
}

fn article(site: &Site, a: &crate::site::Article) -> Value {
    fn ids<I: Copy>(list: &[I], f: impl Fn(I) -> String) -> Vec<String> {
        list.iter().map(|&k| f(k)).collect()
    }
    let mut mentions = Vec::new();
    let mut reports = Vec::new();
    for x in &a.annotations {
        match &x.kind {
            AnnKind::Mention(t) => mentions.push(json!({
                "id": x.anchor, "passage": x.passage, "kind": t.kind().as_str(), "target": site.target_id(*t),
            })),
            AnnKind::Event { event, reported_date, reported_status, date_note, .. } => reports.push(json!({
                "id": x.anchor, "passage": x.passage, "event": site.events[*event].id,
                "reported_date": reported_date.map(|d| d.key()),
                "reported_status": reported_status.map(|s| s.as_str()),
                "date_note": date_note,
            })),
            _ => {}
        }
    }
    json!({
        "slug": a.slug,
        "title": a.title,
        "outlet": site.outlets[a.outlet].id,
        "published": a.published.key(),
        "published_time": a.published_time,
        "url": a.url,
        "byline": a.byline,
        "language": a.language,
        "issues": ids(&a.issues, |k| site.issues[k].id.clone()),
        "people": ids(&a.people, |k| site.people[k].id.clone()),
        "events": ids(&a.events, |k| site.events[k].id.clone()),
        "mentions": mentions,
        "event_reports": reports,
        "page": url::article(&a.slug),
    })
}

/// Every quote, in article order.
fn quotes(site: &Site) -> Vec<Value> {
    let mut out = Vec::new();
    for a in &site.articles {
        for x in &a.annotations {
            if let AnnKind::Quote {
                speaker,
                said,
                issues,
                event,
                via,
                date_note,
                ..
            } = &x.kind
            {
                out.push(json!({
                    "article": a.slug, "id": x.anchor, "text": x.passage,
                    "speaker": site.people[*speaker].id, "said": said.key(),
                    "issues": issues.iter().map(|&k| &site.issues[k].id).collect::<Vec<_>>(),
                    "event": event.map(|k| &site.events[k].id),
                    "via": via, "date_note": date_note,
                    "page": format!("{}#{}", url::article(&a.slug), x.anchor),
                }));
            }
        }
    }
    out
}

/// Every note, in article order.
fn notes(site: &Site) -> Vec<Value> {
    let mut out = Vec::new();
    for a in &site.articles {
        for x in &a.annotations {
            if let AnnKind::Note {
                kind, body, see, ..
            } = &x.kind
            {
                // Each `see` entry as the page it leads to, relative to the site root.
                let see: Vec<String> = see
                    .iter()
                    .filter_map(|l| site.link_target(l).map(|(u, _)| u))
                    .collect();
                out.push(json!({
                    "article": a.slug, "id": x.anchor, "passage": x.passage, "kind": kind.as_str(),
                    "body": body, "see": see,
                    "page": format!("{}#{}", url::article(&a.slug), x.anchor),
                }));
            }
        }
    }
    out
}
