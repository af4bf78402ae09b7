//! The home page: the story in brief, what happened most recently, who figures most, the
//! issues as a tree.

use super::super::map_svg::{self, MapV};
use super::super::markdown::markdown;
use super::super::views::{ArticleV, EventV, Views};
use super::disputed::DisputeV;
use super::index::{IssueRow, issue_tree};
use crate::date::Precision;
use serde::Serialize;

#[derive(Serialize)]
pub struct Home<'s> {
    title: &'s str,
    stats: Stats,
    latest: Vec<ArticleV>,
    people: Vec<RankedPerson>,
    issues: Vec<IssueRow>,
    recent_events: Vec<EventV>,
    /// The analyst's "story so far" (`content/index.md`) as HTML, when there is one.
    story: Option<String>,
    /// The most recently reported disputed points, newest first.
    disputes: Vec<DisputeV>,
    /// How many disputed points there are in all.
    disputes_total: usize,
    /// The people and issues named in the most articles, and the articles they share.
    map: Option<MapV>,
}

#[derive(Serialize)]
struct Stats {
    articles: usize,
    people: usize,
    issues: usize,
    outlets: usize,
    events: usize,
    quotes: usize,
}

/// A person as the home page ranks them: by how much they figure in the dossier.
#[derive(Serialize)]
struct RankedPerson {
    url: String,
    title: String,
    role: Option<String>,
    articles: usize,
    quotes: usize,
}

/// How many people the home page lists.
const TOP_PEOPLE: usize = 12;
/// How many of the latest articles the home page lists.
const LATEST_ARTICLES: usize = 10;
/// How many disputed points the home page lists.
const HOME_DISPUTES: usize = 6;

pub fn home<'s>(v: &Views<'s>) -> Home<'s> {
    let site = v.site;
    let articles = v.article_list();
    let mut people: Vec<RankedPerson> = site
        .people
        .ids()
        .map(|p| {
            let refs = v.person_refs(p);
            RankedPerson {
                url: v.person(p).url,
                title: refs.name.clone(),
                role: refs.role.clone(),
                articles: refs.articles.len(),
                quotes: refs.quotes.len(),
            }
        })
        .collect();
    let quotes = people.iter().map(|p| p.quotes).sum();
    // Most articles first, then most quoted, then by name: a stable order for equal weight.
    people.sort_by(|a, b| {
        (b.articles, b.quotes)
            .cmp(&(a.articles, a.quotes))
            .then_with(|| a.title.cmp(&b.title))
    });
    people.retain(|p| p.articles + p.quotes > 0);
    people.truncate(TOP_PEOPLE);
    let latest: Vec<ArticleV> = articles
        .ids()
        .rev()
        .take(LATEST_ARTICLES)
        .map(|i| v.article(i))
        .collect();
    let dates = v.all_dates();
    // The newest days with events first, and within a day the events in their own order.
    let recent_events: Vec<EventV> = dates
        .iter()
        .rev()
        .filter(|(d, e)| d.precision() == Precision::Day && !e.events.is_empty())
        .take(site.config.options.home_timeline_items)
        .flat_map(|(_, e)| e.events.iter().map(|&e| v.event(e, false)))
        .collect();
    let all_disputes = &v.disputes().all;
    // Disputed points are in article order: the newest reports' points first.
    let disputes = all_disputes
        .iter()
        .rev()
        .take(HOME_DISPUTES)
        .map(|&r| v.dispute(r))
        .collect();
    let story = site
        .story
        .as_ref()
        .map(|s| markdown(&s.markdown, Some((site, &s.links)), v.root));
    Home {
        map: map_svg::overview(v, "Map of the people and issues named in the most articles"),
        story,
        disputes,
        disputes_total: all_disputes.len(),
        title: &site.config.title,
        stats: Stats {
            articles: articles.len(),
            people: site.people.len(),
            issues: site.issues.len(),
            outlets: site.outlets.len(),
            events: v.event_list().len(),
            quotes,
        },
        latest,
        people,
        issues: issue_tree(v),
        recent_events,
    }
}
