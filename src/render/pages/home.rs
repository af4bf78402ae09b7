//! The home page.

use super::super::views::{ArticleV, CountedV, EventV, Views};
use crate::date::Precision;
use serde::Serialize;

#[derive(Serialize)]
pub struct Home<'s> {
    title: &'s str,
    stats: Stats,
    latest: Vec<ArticleV>,
    people: Vec<CountedV>,
    issues: Vec<CountedV>,
    recent_events: Vec<EventV>,
}

#[derive(Serialize)]
struct Stats {
    articles: usize,
    people: usize,
    issues: usize,
    outlets: usize,
    events: usize,
    quotes: usize,
    annotations: usize,
}

pub fn home<'s>(v: &Views<'s>) -> Home<'s> {
    let site = v.site;
    let articles = v.article_list();
    let people_refs: Vec<_> = (0..site.people.len()).map(|p| v.person_refs(p)).collect();
    let mut people: Vec<usize> = (0..site.people.len()).collect();
    people.sort_by_key(|&p| {
        std::cmp::Reverse(people_refs[p].quotes.len() + people_refs[p].articles.len())
    });
    let top: Vec<CountedV> = people
        .iter()
        .take(12)
        .map(|&p| CountedV {
            url: v.person(p).url,
            title: site.people[p].name.clone(),
            count: people_refs[p].quotes.len(),
        })
        .collect();
    let latest: Vec<ArticleV> = (0..articles.len())
        .rev()
        .take(10)
        .map(|i| v.article(i))
        .collect();
    let issues: Vec<CountedV> = (0..site.issues.len())
        .filter(|&i| site.issues[i].parent.is_none())
        .map(|i| CountedV {
            url: v.issue(i).url,
            title: site.issues[i].title.clone(),
            count: v.issue_refs(i).articles.len(),
        })
        .collect();
    let dates = v.all_dates();
    let days: Vec<_> = dates
        .iter()
        .filter(|(d, e)| d.precision() == Precision::Day && !e.events.is_empty())
        .map(|(d, _)| d)
        .collect();
    let recent_events: Vec<EventV> = days
        .iter()
        .rev()
        .take(site.config.options.home_timeline_items)
        .rev()
        .flat_map(|d| dates[*d].events.iter().map(|&e| v.event(e, false)))
        .collect();
    let annotations = (0..articles.len())
        .map(|i| v.article_data(i).annotations.len())
        .sum();
    Home {
        title: &site.config.title,
        stats: Stats {
            articles: articles.len(),
            people: site.people.len(),
            issues: site.issues.len(),
            outlets: site.outlets.len(),
            events: v.event_list().len(),
            quotes: people_refs.iter().map(|p| p.quotes.len()).sum(),
            annotations,
        },
        latest,
        people: top,
        issues,
        recent_events,
    }
}
