//! Disputed points: the notes whose kind is one of [`NoteKind::DISPUTED`] (a contradiction, a
//! correction...), the passages each one sets against each other, and the entities each one
//! concerns.
//!
//! Computed whole from the site ([`Disputes::of`]) whenever the notes' links are (at the end of
//! `Site::reindex` and `Site::relink_from`): one pass over the annotations, so that a person's
//! page finds the disputed points about them by lookup, never by scanning every note.

use crate::ids::Idx;
use crate::site::{AnnKind, AnnRef, Link, LinkDest, NoteKind, Site, Target};
use std::collections::HashMap;

/// Every disputed point of a site, and for each entity the ones that concern it.
#[derive(Default, Debug, Clone, PartialEq)]
pub struct Disputes {
    /// Every disputed note, in article then reading order.
    pub all: Vec<AnnRef>,
    /// For each entity, the disputed notes that concern it, in the same order.
    pub by_target: HashMap<Target, Vec<AnnRef>>,
}

impl Disputes {
    /// The disputed points of `site`, as its notes' links stand.
    pub fn of(site: &Site) -> Disputes {
        let mut d = Disputes::default();
        for (ai, a) in site.articles.enumerate() {
            for (ni, ann) in a.annotations.iter().enumerate() {
                if let AnnKind::Note { kind, .. } = &ann.kind
                    && kind.is_disputed()
                {
                    let r = AnnRef {
                        article: ai,
                        ann: ni,
                    };
                    d.all.push(r);
                    for t in concerns(site, r) {
                        d.by_target.entry(t).or_default().push(r);
                    }
                }
            }
        }
        d
    }

    /// The disputed points that concern `t`.
    pub fn of_target(&self, t: Target) -> &[AnnRef] {
        self.by_target.get(&t).map_or(&[], Vec::as_slice)
    }
}

/// The kind of note `r` is, if it is a note.
pub fn note_kind(site: &Site, r: AnnRef) -> Option<NoteKind> {
    match &site.ann(r).kind {
        AnnKind::Note { kind, .. } => Some(*kind),
        _ => None,
    }
}

/// The internal links of note `r`: its body's, then its `see` list's.
fn note_links(site: &Site, r: AnnRef) -> Vec<&Link> {
    match &site.ann(r).kind {
        AnnKind::Note { links, see, .. } => links
            .iter()
            .filter_map(|l| match l {
                LinkDest::Internal(l) => Some(l),
                _ => None,
            })
            .chain(see.iter())
            .collect(),
        _ => Vec::new(),
    }
}

/// The annotation a link to a passage leads to.
fn linked_passage(site: &Site, l: &Link) -> Option<AnnRef> {
    let Link::Article {
        slug,
        anchor: Some(anchor),
    } = l
    else {
        return None;
    };
    let article = *site.article_by_slug.get(slug)?;
    let ann = site.articles[article]
        .annotations
        .iter()
        .position(|x| x.anchor == *anchor)?;
    Some(AnnRef { article, ann })
}

/// The passages note `r` sets against each other: its own first, then each passage it links
/// to, once each.
pub fn passages(site: &Site, r: AnnRef) -> Vec<AnnRef> {
    let mut out = vec![r];
    for p in note_links(site, r)
        .into_iter()
        .filter_map(|l| linked_passage(site, l))
    {
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

/// What one annotation is about: a quote's speaker, issues and event, a reported event, a
/// mention's entity.
fn targets_of(site: &Site, r: AnnRef, out: &mut Vec<Target>) {
    match &site.ann(r).kind {
        AnnKind::Quote {
            speaker,
            issues,
            event,
            ..
        } => {
            out.extend(speaker.target());
            out.extend(issues.iter().map(|&i| Target::Issue(i)));
            out.extend(event.map(Target::Event));
        }
        AnnKind::Event { event, .. } => out.push(Target::Event(*event)),
        AnnKind::Mention(t) => out.push(*t),
        AnnKind::Note { .. } => {}
    }
}

/// The entities note `r` concerns: those it links to, those of the passages it links to, and
/// those of the annotations on its own passage. Sorted, once each; outlets left out (an
/// outlet's page lists its articles, where the notes are).
pub fn concerns(site: &Site, r: AnnRef) -> Vec<Target> {
    let mut out = Vec::new();
    for l in note_links(site, r) {
        match l {
            Link::Entity(t) => out.push(*t),
            Link::InlineEvent(id) => out.extend(site.ids.get(id).copied()),
            Link::Article { .. } => {
                if let Some(p) = linked_passage(site, l) {
                    targets_of(site, p, &mut out);
                }
            }
            Link::Date(_) => {}
        }
    }
    let own = site.ann(r);
    for (ni, other) in site.articles[r.article].annotations.iter().enumerate() {
        if ni != r.ann && other.range.start < own.range.end && own.range.start < other.range.end {
            targets_of(
                site,
                AnnRef {
                    article: r.article,
                    ann: ni,
                },
                &mut out,
            );
        }
    }
    out.retain(|t| !matches!(t, Target::Outlet(_)));
    out.sort_by_key(|t| match *t {
        Target::Person(i) => (0, i.index()),
        Target::Issue(i) => (1, i.index()),
        Target::Event(i) => (2, i.index()),
        Target::Outlet(i) => (3, i.index()),
        Target::Organisation(i) => (4, i.index()),
        Target::Place(i) => (5, i.index()),
    });
    out.dedup();
    out
}
