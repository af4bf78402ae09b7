//! The sidenote of an annotation as data for `partials/sidenote.html`: what it says and where
//! it links. The words and the markup are the template's, so a dossier can change them.

use super::markdown;
use super::markup::{NoteLink, SidenoteV};
use crate::site::{AnnKind, Annotation, Link, LinkDest, NoteKind, Site, url};
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
    let link_to = |rel: String, title: &str| link(site.href(root, &rel), title);
    let what = match &a.kind {
        AnnKind::Quote {
            speaker,
            said,
            said_is_publication,
            issues,
            event,
            via,
            date_note,
        } => NoteKindV::Quote {
            speaker: match site.speaker_url(speaker) {
                Some(u) => link_to(u, site.speaker_label(speaker)),
                None => link(String::new(), site.speaker_label(speaker)),
            },
            said: link_to(url::date(said), &said.to_string()),
            said_is_publication: *said_is_publication,
            via: via.as_deref(),
            event: event.map(|e| link_to(url::event(&site.events[e].id), &site.events[e].title)),
            issues: issues
                .iter()
                .map(|&i| link_to(url::issue(&site.issues[i].id), &site.issues[i].title))
                .collect(),
            date_note: date_note.as_deref(),
        },
        AnnKind::Event {
            event,
            reported_date,
            reported_status,
            date_note,
            ..
        } => {
            let e = &site.events[*event];
            NoteKindV::Event {
                event: link_to(url::event(&e.id), &e.title),
                date: link_to(url::date(&e.date), &e.when.to_string()),
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
            let (view, is_block) = note_view(site, *kind, body, links, see, root);
            block = is_block;
            view
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

/// A note's view, and whether its body holds blocks (so it cannot sit inside a paragraph).
fn note_view<'a>(
    site: &Site,
    kind: NoteKind,
    body: &str,
    links: &[LinkDest],
    see: &[Link],
    root: &str,
) -> (NoteKindV<'a>, bool) {
    let html = markdown(body, Some((site, links)), root);
    let block = !phrasing_only(&html);
    let body = if block {
        html
    } else {
        // Paragraphs become block-displayed spans, valid inside the paragraph.
        html.replace("<p>", "<span class=\"sn-p\">")
            .replace("</p>", "</span>")
    };
    let view = NoteKindV::Note {
        note_kind: kind.as_str(),
        note_label: capitalise(kind.as_str()),
        body,
        see: see
            .iter()
            .filter_map(|r| site.link_target(r))
            .map(|(u, label)| link(site.href(root, &u), label))
            .collect(),
    };
    (view, block)
}

/// The string with its first letter in upper case (a note kind as a label).
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
