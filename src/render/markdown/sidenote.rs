//! The sidenote of an annotation: what it says and where it links, placed after the block in
//! which its passage ends.

use super::{esc, markdown};
use crate::site::{AnnKind, Annotation, Site, url};
use std::fmt::Write;

fn link(href: &str, text: &str) -> String {
    format!("<a href=\"{}\">{}</a>", esc(href), esc(text))
}

/// The sidenote of one annotation: what it says and where it links.
pub fn sidenote(site: &Site, a: &Annotation, n: usize, root: &str) -> String {
    let anchor = esc(&a.anchor);
    let mut s = format!(
        "<aside class=\"sidenote sn-{}\" id=\"sn-{anchor}\"><a class=\"sn-num\" href=\"#ref-{anchor}\" aria-label=\"back to the passage\">{n}</a> ",
        a.kind.name()
    );
    match &a.kind {
        AnnKind::Quote {
            speaker,
            said,
            said_is_publication,
            issues,
            event,
            via,
            date_note,
        } => {
            let p = &site.people[*speaker];
            let _ = write!(
                s,
                "<span class=\"sn-kind\">Quote</span> {}",
                link(&format!("{root}{}", url::person(&p.id)), &p.name)
            );
            let when = link(&format!("{root}{}", url::date(said)), &said.to_string());
            if *said_is_publication {
                let _ = write!(s, ", reported {when}");
            } else {
                let _ = write!(s, ", said {when}");
            }
            if let Some(v) = via {
                let _ = write!(s, ", via {}", esc(v));
            }
            s.push('.');
            if let Some(e) = event {
                let e = &site.events[*e];
                let _ = write!(
                    s,
                    " At {}.",
                    link(&format!("{root}{}", url::event(&e.id)), &e.title)
                );
            }
            if !issues.is_empty() {
                let links: Vec<String> = issues
                    .iter()
                    .map(|&i| {
                        link(
                            &format!("{root}{}", url::issue(&site.issues[i].id)),
                            &site.issues[i].title,
                        )
                    })
                    .collect();
                let _ = write!(
                    s,
                    " <span class=\"sn-issues\">On {}.</span>",
                    links.join(", ")
                );
            }
            if let Some(d) = date_note {
                let _ = write!(s, " <span class=\"sn-datenote\">{}</span>", esc(d));
            }
        }
        AnnKind::Event {
            event,
            event_ref: _,
            reported_date,
            reported_status,
            date_note,
        } => {
            let e = &site.events[*event];
            let _ = write!(
                s,
                "<span class=\"sn-kind\">Event</span> {}, {} <span class=\"status status-{}\">{}</span>.",
                link(&format!("{root}{}", url::event(&e.id)), &e.title),
                link(
                    &format!("{root}{}", url::date(&e.date)),
                    &e.date.to_string()
                ),
                e.status.as_str(),
                e.status.as_str()
            );
            if let Some(rs) = reported_status.filter(|rs| *rs != e.status) {
                let _ = write!(
                    s,
                    " <span class=\"sn-discrepancy\">This article reports it as <strong>{}</strong>.</span>",
                    rs.as_str()
                );
            }
            if let Some(rd) = reported_date {
                let _ = write!(
                    s,
                    " <span class=\"sn-discrepancy\">This article dates it {}.</span>",
                    esc(&rd.to_string())
                );
            }
            if let Some(d) = date_note {
                let _ = write!(s, " <span class=\"sn-datenote\">{}</span>", esc(d));
            }
        }
        AnnKind::Note {
            kind,
            body,
            links,
            see,
        } => {
            let _ = write!(
                s,
                "<span class=\"sn-kind note-{}\">{}</span>",
                esc(kind.as_str()),
                esc(&capitalise(kind.as_str()))
            );
            s.push_str(&markdown(body, Some((site, links)), root));
            if !see.is_empty() {
                let links: Vec<String> = see
                    .iter()
                    .filter_map(|r| site.link_target(r))
                    .map(|(u, label)| link(&format!("{root}{u}"), &label))
                    .collect();
                let _ = write!(s, "<span class=\"sn-see\">See {}.</span>", links.join(", "));
            }
        }
        AnnKind::Mention(t) => {
            let _ = write!(
                s,
                "{}",
                link(
                    &format!("{root}{}", site.target_url(*t)),
                    site.target_label(*t)
                )
            );
        }
    }
    s.push_str("</aside>");
    s
}

/// The string with its first letter in upper case (a note kind as a label).
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
