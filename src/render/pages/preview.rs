//! Hover previews of an article page: for each entity the page's annotations link to (a
//! mention, a quote's speaker, issues and event, a reported event), its role and the plain
//! text of its summary, written into the page by `partials/previews.html` (a `<template>`,
//! inert without JavaScript) and shown by `static/previews.js` on hover and keyboard focus.
//! The data is in the page itself, so previews work from `file://` (the bundle) with no
//! request; without JavaScript the links are plain links.

use super::super::views::Views;
use crate::model::Status;
use crate::site::{AnnKind, Article, Target};
use pulldown_cmark::{Event, Parser};
use serde::Serialize;
use std::collections::BTreeMap;

/// The longest summary a preview shows, in characters (the entity's page has the rest).
const SUMMARY_CHARS: usize = 280;

/// One entity's preview, keyed by the link to it exactly as the page writes it.
#[derive(Serialize)]
pub struct PreviewV {
    /// The link's `href` on this page.
    pub url: String,
    /// `person`, `issue`, `outlet` or `event`.
    pub kind: &'static str,
    pub title: String,
    /// A person's role and affiliation; an outlet's kind and country; an event's date and
    /// status (when not "happened").
    pub role: Option<String>,
    /// The summary as plain text, cut at [`SUMMARY_CHARS`].
    pub summary: Option<String>,
}

/// The previews of every entity article `a`'s annotations link to, in the order of their URLs.
pub fn previews(v: &Views, a: &Article) -> Vec<PreviewV> {
    let mut targets = Vec::new();
    for ann in &a.annotations {
        match &ann.kind {
            AnnKind::Mention(t) => targets.push(*t),
            AnnKind::Quote {
                speaker,
                issues,
                event,
                ..
            } => {
                targets.extend(speaker.target());
                targets.extend(issues.iter().map(|&i| Target::Issue(i)));
                targets.extend(event.map(Target::Event));
            }
            AnnKind::Event { event, .. } => targets.push(Target::Event(*event)),
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    for t in targets {
        let link = v.target(t);
        if out.contains_key(&link.url) {
            continue;
        }
        let p = preview(v, t, link.url.clone(), link.title);
        out.insert(link.url, p);
    }
    out.into_values().collect()
}

fn preview(v: &Views, t: Target, url: String, title: String) -> PreviewV {
    let site = v.site;
    let join = |parts: &[&Option<String>]| {
        let s: Vec<&str> = parts.iter().filter_map(|p| p.as_deref()).collect();
        (!s.is_empty()).then(|| s.join(", "))
    };
    let (kind, role, summary) = match t {
        Target::Person(i) => {
            let p = &site.people[i];
            ("person", join(&[&p.role, &p.affiliation]), &p.summary)
        }
        Target::Issue(i) => ("issue", Some("Issue".to_string()), &site.issues[i].summary),
        Target::Outlet(i) => {
            let o = &site.outlets[i];
            ("outlet", join(&[&o.kind, &o.country]), &o.summary)
        }
        Target::Organisation(i) => {
            let o = &site.organisations[i];
            ("organisation", join(&[&o.kind, &o.country]), &o.summary)
        }
        Target::Place(i) => {
            let p = &site.places[i];
            ("place", join(&[&p.kind, &p.country]), &p.summary)
        }
        Target::Event(i) => {
            let e = v.event_data(i);
            let mut role = format!("Event, {}", v.event_date(&e.when).label);
            if e.status != Status::Happened {
                role.push_str(&format!(" ({})", e.status.as_str()));
            }
            ("event", Some(role), &e.summary)
        }
    };
    PreviewV {
        url,
        kind,
        title,
        role,
        summary: summary.as_deref().map(plain).filter(|s| !s.is_empty()),
    }
}

/// The text of Markdown `md` as a reader sees it, on one line, cut at [`SUMMARY_CHARS`].
fn plain(md: &str) -> String {
    let mut s = String::new();
    for e in Parser::new(md) {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => s.push(' '),
            _ => {}
        }
    }
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match s.char_indices().nth(SUMMARY_CHARS) {
        Some((cut, _)) => format!("{}…", s[..cut].trim_end()),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn plain_drops_markup_and_cuts_long_text() {
        assert_eq!(plain("A *b* [c](people:x)\nd."), "A b c d.");
        let long = "word ".repeat(100);
        let p = plain(&long);
        assert!(p.ends_with('…') && p.chars().count() <= super::SUMMARY_CHARS + 1);
    }
}
