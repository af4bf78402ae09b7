//! The sidenote of an annotation as data for `partials/sidenote.html`: what it says and where
//! it links. The words and the markup are the template's, so a dossier can change them.

use super::markdown;
use super::markup::{NoteLink, SidenoteV};
use crate::site::{AnnKind, Annotation, Site, url};
use serde::Serialize;

/// What a note says, by kind (flattened into the `note` the partial receives).
#[derive(Serialize)]
#[serde(untagged)]
pub enum NoteKindV<'a> {
    Quote {
        speaker: NoteLink,
        /// The date it was said, or the publication date when that is all that is known.
        said: NoteLink,
        said_is_publication: bool,
        via: Option<&'a str>,
        event: Option<NoteLink>,
        issues: Vec<NoteLink>,
        date_note: Option<&'a str>,
    },
    Event {
        event: NoteLink,
        date: NoteLink,
        status: &'static str,
        /// The status this article reports, when it differs from the event's.
        reported_status: Option<&'static str>,
        reported_date: Option<String>,
        date_note: Option<&'a str>,
    },
    Note {
        note_kind: &'a str,
        /// The kind with a capital, as a label.
        note_label: String,
        /// The body as HTML.
        body: String,
        see: Vec<NoteLink>,
    },
}

fn link(url: String, title: impl Into<String>) -> NoteLink {
    NoteLink {
        url,
        title: title.into(),
    }
}

/// Whether rendered note HTML holds only paragraphs of phrasing content, which can become
/// spans inside the paragraph that holds the marker.
fn phrasing_only(html: &str) -> bool {
    const BLOCKS: [&str; 14] = [
        "<ul",
        "<ol",
        "<li",
        "<blockquote",
        "<pre",
        "<h1",
        "<h2",
        "<h3",
        "<h4",
        "<h5",
        "<h6",
        "<hr",
        "<table",
        "<div",
    ];
    !BLOCKS.iter().any(|b| html.contains(b))
}

/// The note partial's view of annotation `a` (numbered `n`); `None` for mentions, which have
/// no sidenote.
pub fn sidenote<'a>(
    site: &'a Site,
    a: &'a Annotation,
    n: usize,
    root: &str,
) -> Option<SidenoteV<'a>> {
    let mut block = false;
    let what = match &a.kind {
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
            NoteKindV::Quote {
                speaker: link(format!("{root}{}", url::person(&p.id)), &p.name),
                said: link(format!("{root}{}", url::date(said)), said.to_string()),
                said_is_publication: *said_is_publication,
                via: via.as_deref(),
                event: event.map(|e| {
                    let e = &site.events[e];
                    link(format!("{root}{}", url::event(&e.id)), &e.title)
                }),
                issues: issues
                    .iter()
                    .map(|&i| {
                        let i = &site.issues[i];
                        link(format!("{root}{}", url::issue(&i.id)), &i.title)
                    })
                    .collect(),
                date_note: date_note.as_deref(),
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
            NoteKindV::Event {
                event: link(format!("{root}{}", url::event(&e.id)), &e.title),
                date: link(format!("{root}{}", url::date(&e.date)), e.date.to_string()),
                status: e.status.as_str(),
                reported_status: reported_status
                    .filter(|rs| *rs != e.status)
                    .map(|rs| rs.as_str()),
                reported_date: reported_date.as_ref().map(ToString::to_string),
                date_note: date_note.as_deref(),
            }
        }
        AnnKind::Note {
            kind,
            body,
            links,
            see,
        } => {
            let html = markdown(body, Some((site, links)), root);
            block = !phrasing_only(&html);
            let body = if block {
                html
            } else {
                // Paragraphs become block-displayed spans, valid inside the paragraph.
                html.replace("<p>", "<span class=\"sn-p\">")
                    .replace("</p>", "</span>")
            };
            NoteKindV::Note {
                note_kind: kind.as_str(),
                note_label: capitalise(kind.as_str()),
                body,
                see: see
                    .iter()
                    .filter_map(|r| site.link_target(r))
                    .map(|(u, label)| link(format!("{root}{u}"), label))
                    .collect(),
            }
        }
        AnnKind::Mention(_) => return None,
    };
    Some(SidenoteV {
        kind: a.kind.name(),
        number: n,
        anchor: &a.anchor,
        block,
        what,
    })
}

/// The string with its first letter in upper case (a note kind as a label).
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
