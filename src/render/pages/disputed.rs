//! Disputed points: a page per contradiction, correction or update note (the kinds in
//! [`crate::site::NoteKind::DISPUTED`]) with the passages it sets side by side, and an index of
//! them all with the events several outlets corroborate.

use super::super::deps::Dep;
use super::super::markdown::capitalise;
use super::super::markdown::markdown;
use super::super::views::{ArticleV, LinkV, Views};
use crate::disputes::{concerns, note_kind, passages};
use crate::site::{AnnKind, AnnRef, EventId, NoteKind, Target, url};
use serde::Serialize;

/// A disputed point as a list shows it: one link (the page), the kind, where it was noted.
#[derive(Serialize)]
pub struct DisputeV {
    pub url: String,
    pub kind: &'static str,
    pub label: String,
    /// The passage the note is on.
    pub passage: String,
    pub article: ArticleV,
    /// How many passages it sets against each other.
    pub passages: usize,
}

/// An update note as an event page shows it: the passages in order of publication.
#[derive(Serialize)]
pub struct UpdateV {
    /// The note's own page.
    pub url: String,
    steps: Vec<StepV>,
}

/// What one report said, in an update's sequence.
#[derive(Serialize)]
struct StepV {
    text: String,
    /// The passage on its article page.
    url: String,
    article: ArticleV,
}

/// One of the passages a disputed point sets side by side.
#[derive(Serialize)]
struct PassageV {
    text: String,
    /// The passage on its article page.
    url: String,
    article: ArticleV,
    /// What the passage is, when it is annotated as more than the note's place: "Quote of
    /// Maria Zakharova", "Report of Third round".
    what: Option<String>,
}

/// An entity a disputed point concerns.
#[derive(Serialize)]
struct ConcernV {
    url: String,
    title: String,
    kind: &'static str,
}

#[derive(Serialize)]
pub struct DisputedPage {
    title: String,
    dispute: DisputeV,
    /// The analyst's note, as HTML.
    body: String,
    passages: Vec<PassageV>,
    concerns: Vec<ConcernV>,
}

/// The title of a disputed point: its kind and the start of its passage.
pub fn dispute_title(label: &str, passage: &str) -> String {
    const MAX: usize = 70;
    let short = if passage.chars().count() > MAX {
        let cut: String = passage.chars().take(MAX).collect();
        format!("{}…", cut.trim_end())
    } else {
        passage.to_string()
    };
    format!("{label}: \u{201C}{short}\u{201D}")
}

impl Views<'_> {
    /// Disputed point `r` as a list entry.
    pub fn dispute(&self, r: AnnRef) -> DisputeV {
        let ann = self.ann(r);
        let kind = note_kind(self.site, r).map_or("note", |k| k.as_str());
        DisputeV {
            url: self.u(url::disputed(
                &self.site.articles[r.article].slug,
                &ann.anchor,
            )),
            kind,
            label: capitalise(kind),
            passage: ann.passage.clone(),
            article: self.article(r.article),
            passages: passages(self.site, r).len(),
        }
    }

    /// The update notes that concern `t`, each as its passages in order of publication: what
    /// was known when.
    pub fn updates_of(&self, t: Target) -> Vec<UpdateV> {
        self.read(Dep::DisputesOf(t.kind(), self.site.target_id(t)));
        let site = self.site;
        let updates = site.disputes.of_target(t).iter();
        updates
            .filter(|&&r| note_kind(site, r) == Some(NoteKind::Update))
            .map(|&r| {
                let mut steps = passages(site, r);
                // Stable: passages of one day keep the note's order (its own first).
                steps.sort_by(|a, b| {
                    let (a, b) = (self.article_card(a.article), self.article_card(b.article));
                    a.published.cmp(&b.published)
                });
                UpdateV {
                    url: self.u(url::disputed(
                        &site.articles[r.article].slug,
                        &self.ann(r).anchor,
                    )),
                    steps: steps
                        .into_iter()
                        .map(|p| StepV {
                            text: self.ann(p).passage.clone(),
                            url: self.u(site.ann_url(p)),
                            article: self.article(p.article),
                        })
                        .collect(),
                }
            })
            .collect()
    }

    /// The disputed points that concern `t`: the newest `list_items` (the index lists them
    /// all), and how many more there are.
    pub fn disputes_of(&self, t: Target) -> (Vec<DisputeV>, usize) {
        self.read(Dep::DisputesOf(t.kind(), self.site.target_id(t)));
        let all = self.site.disputes.of_target(t);
        let shown = all.len().min(self.site.config.options.list_items);
        let more = all.len() - shown;
        (all[more..].iter().map(|&r| self.dispute(r)).collect(), more)
    }
}

pub fn disputed(v: &Views, r: AnnRef) -> DisputedPage {
    let site = v.site;
    // What the page shows is read through `v` (its article, the passages' articles, the
    // entities it concerns); the list of all points is not, so an edit elsewhere leaves it.
    let dispute = v.dispute(r);
    let ann = site.ann(r);
    let body = match &ann.kind {
        AnnKind::Note { body, links, .. } => markdown(body, Some((site, links)), v.root),
        _ => String::new(),
    };
    let passages = passages(site, r)
        .into_iter()
        .map(|p| {
            let x = v.ann(p);
            let what = match &x.kind {
                AnnKind::Quote { speaker, .. } => {
                    Some(format!("Quote of {}", site.speaker_label(speaker)))
                }
                AnnKind::Event { event, .. } => {
                    Some(format!("Report of {}", v.event_data(*event).title))
                }
                _ => None,
            };
            PassageV {
                text: x.passage.clone(),
                url: v.u(site.ann_url(p)),
                article: v.article(p.article),
                what,
            }
        })
        .collect();
    let concerns = concerns(site, r)
        .into_iter()
        .map(|t| {
            let l = v.target(t);
            ConcernV {
                url: l.url,
                title: l.title,
                kind: t.kind().as_str(),
            }
        })
        .collect();
    DisputedPage {
        title: dispute_title(&dispute.label, &dispute.passage),
        dispute,
        body,
        passages,
        concerns,
    }
}

/// An event reported by more than one outlet.
#[derive(Serialize)]
struct CorroboratedV {
    event: LinkV,
    outlets: Vec<String>,
    reports: usize,
}

#[derive(Serialize)]
pub struct DisputedIndex {
    title: String,
    disputes: Vec<DisputeV>,
    pager: Option<super::PagerV>,
    /// The events most outlets report (the first page only).
    corroborated: Vec<CorroboratedV>,
    /// How many more events are corroborated than `corroborated` lists.
    corroborated_more: usize,
}

/// Page `n` of the index: `index_page_size` disputed points, and on the first page the events
/// that several outlets report, most reported first.
pub fn index(v: &Views, n: usize) -> DisputedIndex {
    let (page, pages) = v.disputes_page(n);
    let disputes = page.iter().map(|&r| v.dispute(r)).collect();
    let mut corroborated: Vec<CorroboratedV> = if n > 0 {
        Vec::new()
    } else {
        v.event_list()
            .ids()
            .filter_map(|e| {
                let outlets = outlets_reporting(v, e);
                (outlets.len() > 1).then(|| CorroboratedV {
                    event: v.target(Target::Event(e)),
                    reports: v.event_refs(e).reports.len(),
                    outlets,
                })
            })
            .collect()
    };
    let limit = v.site.config.options.list_items;
    let corroborated_more = corroborated.len().saturating_sub(limit);
    if corroborated_more > 0 {
        corroborated.sort_by_key(|c| std::cmp::Reverse(c.outlets.len()));
        corroborated.truncate(limit);
    }
    DisputedIndex {
        title: super::numbered("Disputed points", n),
        disputes,
        pager: super::pager_of(v, "disputed", n, pages, super::Order::OldestFirst),
        corroborated,
        corroborated_more,
    }
}

/// The names of the outlets whose articles report event `e`, once each, in the order of
/// their first report.
pub fn outlets_reporting(v: &Views, e: EventId) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for r in &v.event_refs(e).reports {
        let name = &v.site.outlets[v.article_card(r.article).outlet].name;
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    names
}
