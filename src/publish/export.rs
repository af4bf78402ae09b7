//! `dossier.json`: the whole graph (articles with their mentions and event reports, people,
//! issues, outlets, events, quotes, notes), for other tools, paged by articles: `dossier.json`
//! holds everything but the articles past the first page (with their quotes and notes), which
//! `dossier/page-N.json` hold, so no file grows with the dossier past a few megabytes (one
//! file of 100,000 articles was 268 MB, over the 100 MB a file that GitHub Pages accepts).
//! Its JSON Schema is `dossier.schema.json`, written beside it; README documents the format.
//! References are by id (people, issues, events, outlets) or by article slug and annotation
//! id.

use crate::site::{AnnKind, Article, Site, Speaker, url};
use rayon::prelude::*;
use serde_json::{Value, json};
use std::borrow::Cow;

/// The format's version, bumped on incompatible changes.
pub const FORMAT: &str = "dossier-json/2";

/// Articles per page: a page of typical articles with their quotes and notes is a few
/// megabytes, and is printed on its own.
pub const PER_PAGE: usize = 1_000;

/// One article's share of the export, printed: its entry in `articles`, its quotes and its
/// notes. It depends on the article and on registry ids only, so a live session keeps it
/// (see [`super::cache::ExportCache`]) and prints again only the article edited.
#[derive(Clone, PartialEq)]
pub struct Parts {
    article: String,
    quotes: Vec<String>,
    notes: Vec<String>,
}

impl Parts {
    /// Article `a` of `site`, printed.
    pub fn of(site: &Site, a: &Article) -> Parts {
        Parts {
            article: super::item(&article(site, a)),
            quotes: quotes(site, a).iter().map(super::item).collect(),
            notes: notes(site, a).iter().map(super::item).collect(),
        }
    }
}

/// How many pages the export has: at least one, `dossier.json`.
pub fn pages(site: &Site) -> usize {
    site.articles.len().div_ceil(PER_PAGE).max(1)
}

/// The output path of page `n` (counted from 1).
pub fn page_path(n: usize) -> String {
    super::page_path("dossier.json", n)
}

/// Page `n` (counted from 1) as JSON (see [`super::splice_lists`] for the layout): the
/// first is `dossier.json`, with the site, the registries, the events and the list of the
/// other pages; every page holds its articles, in the site's order, with their quotes and
/// notes. `printed` gives an article's parts (a live session keeps them; see
/// [`super::cache::ExportCache`]).
pub fn page<'c>(
    site: &Site,
    n: usize,
    printed: impl Fn(&Article) -> Cow<'c, Parts> + Sync,
) -> String {
    let all = site.articles.as_slice();
    let from = ((n - 1) * PER_PAGE).min(all.len());
    let parts: Vec<Cow<Parts>> = all[from..(from + PER_PAGE).min(all.len())]
        .par_iter()
        .map(&printed)
        .collect();
    let mut v = if n == 1 {
        envelope(site)
    } else {
        json!({"format": FORMAT, "page": n})
    };
    v["articles"] = super::list_slot("articles");
    v["quotes"] = super::list_slot("quotes");
    v["notes"] = super::list_slot("notes");
    // The lists that grow with the articles are printed item by item (see `splice_lists`).
    let list = |f: fn(&Parts) -> &[String]| {
        parts
            .iter()
            .flat_map(|p| f(p))
            .map(|s| s.as_str())
            .collect()
    };
    super::splice_lists(
        &v,
        vec![
            (
                "articles",
                parts.iter().map(|p| p.article.as_str()).collect(),
            ),
            ("quotes", list(|p| &p.quotes)),
            ("notes", list(|p| &p.notes)),
        ],
    )
}

/// What only the first page holds: the format, the site, the registries, the events and the
/// other pages.
fn envelope(site: &Site) -> Value {
    let c = &site.config;
    json!({
        "format": FORMAT,
        "site": {
            "title": c.title,
            "description": c.description,
            "language": c.language,
            "author": c.author,
            "base_url": c.base_url,
        },
        "people": site.people.iter().map(|p| json!({
            "id": p.id, "name": p.name, "aliases": p.aliases, "role": p.role,
            "affiliation": p.affiliation, "summary": p.summary, "page": site.url_form(&url::person(&p.id)),
        })).collect::<Vec<_>>(),
        "issues": site.issues.iter().map(|i| json!({
            "id": i.id, "title": i.title, "summary": i.summary,
            "parent": i.parent.map(|k| &site.issues[k].id),
            "page": site.url_form(&url::issue(&i.id)),
        })).collect::<Vec<_>>(),
        "outlets": site.outlets.iter().map(|o| json!({
            "id": o.id, "name": o.name, "country": o.country, "kind": o.kind, "url": o.url,
            "summary": o.summary, "page": site.url_form(&url::outlet(&o.id)),
        })).collect::<Vec<_>>(),
        "organisations": site.organisations.iter().map(|n| named(site, n, &url::organisation(&n.id))).collect::<Vec<_>>(),
        "places": site.places.iter().map(|n| named(site, n, &url::place(&n.id))).collect::<Vec<_>>(),
        "events": site.events.iter().map(|e| json!({
            "id": e.id, "title": e.title, "date": e.when.key(), "status": e.status.as_str(),
            "place": e.place,
            "people": e.people.iter().map(|&k| &site.people[k].id).collect::<Vec<_>>(),
            "issues": e.issues.iter().map(|&k| &site.issues[k].id).collect::<Vec<_>>(),
            "summary": e.summary,
            "defined_in": e.defined_in.map(|k| &site.articles[k].slug),
            "page": site.url_form(&url::event(&e.id)),
        })).collect::<Vec<_>>(),
        "pages": (2..=pages(site)).map(|k| site.url_form(&page_path(k))).collect::<Vec<_>>(),
    })
}

fn article(site: &Site, a: &Article) -> Value {
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
        "page": site.url_form(&url::article(&a.slug)),
    })
}

/// The quotes of article `a`, in order.
fn quotes(site: &Site, a: &Article) -> Vec<Value> {
    let mut out = Vec::new();
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
                "speaker": speaker.target().map(|t| site.target_id(t)),
                "unnamed": match speaker { Speaker::Unnamed(u) => Some(u), _ => None },
                "said": said.key(),
                "issues": issues.iter().map(|&k| &site.issues[k].id).collect::<Vec<_>>(),
                "event": event.map(|k| &site.events[k].id),
                "via": via, "date_note": date_note,
                "page": site.url_form(&format!("{}#{}", url::article(&a.slug), x.anchor)),
            }));
        }
    }
    out
}

/// The notes of article `a`, in order.
fn notes(site: &Site, a: &Article) -> Vec<Value> {
    let mut out = Vec::new();
    for x in &a.annotations {
        if let AnnKind::Note {
            kind, body, see, ..
        } = &x.kind
        {
            // Each `see` entry as the page it leads to, relative to the site root.
            let see: Vec<String> = see
                .iter()
                .filter_map(|l| site.link_target(l).map(|(u, _)| site.url_form(&u)))
                .collect();
            out.push(json!({
                "article": a.slug, "id": x.anchor, "passage": x.passage, "kind": kind.as_str(),
                "body": body, "see": see,
                "page": site.url_form(&format!("{}#{}", url::article(&a.slug), x.anchor)),
            }));
        }
    }
    out
}

/// An organisation or a place in `dossier.json`.
fn named(site: &Site, n: &crate::site::Named, page: &str) -> Value {
    json!({
        "id": n.id, "name": n.name, "aliases": n.aliases, "kind": n.kind,
        "country": n.country, "url": n.url, "summary": n.summary, "page": site.url_form(page),
    })
}
