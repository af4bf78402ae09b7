//! The pages of people, issues, outlets and events.

use super::super::timeline_svg::{self, Row};
use super::super::views::{ArticleV, CountedV, EventV, LinkV, QuoteV, TimelineV, Views};
use super::disputed::{DisputeV, outlets_reporting};
use super::md;
use crate::site::{AnnKind, ArticleId, EventId, IssueId, OutletId, PersonId, Target};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

#[derive(Serialize)]
pub struct PersonPage<'s> {
    title: &'s str,
    person: PersonView<'s>,
    quotes: Vec<QuoteV>,
    articles: Vec<ArticleV>,
    issues: Vec<CountedV>,
    co_people: Vec<CountedV>,
    events: Vec<EventV>,
    /// Every form in which the articles' mentions name the person, with the articles using it.
    name_forms: Vec<NameFormV>,
    /// When each statement was made and each event happened, against when it was reported.
    timeline_svg: Option<String>,
    disputes: Vec<DisputeV>,
}

/// One way the sources write a person's name, and the articles that write it so.
#[derive(Serialize)]
struct NameFormV {
    form: String,
    articles: Vec<ArticleV>,
}

/// The passages of the person's mentions, as the articles write them, each with its articles
/// in the person's article order.
fn name_forms(v: &Views<'_>, i: PersonId, articles: &[ArticleId]) -> Vec<NameFormV> {
    let mut forms: BTreeMap<&str, Vec<ArticleId>> = BTreeMap::new();
    for &a in articles {
        for x in &v.article_data(a).annotations {
            if matches!(x.kind, AnnKind::Mention(Target::Person(q)) if q == i) {
                let list = forms.entry(x.passage.as_str()).or_default();
                if list.last() != Some(&a) {
                    list.push(a);
                }
            }
        }
    }
    forms
        .into_iter()
        .map(|(form, list)| NameFormV {
            form: form.to_string(),
            articles: list.into_iter().map(|a| v.article(a)).collect(),
        })
        .collect()
}

#[derive(Serialize)]
struct PersonView<'s> {
    name: &'s str,
    aliases: &'s [String],
    role: Option<&'s str>,
    affiliation: Option<&'s str>,
    summary: Option<String>,
}

pub fn person<'s>(v: &Views<'s>, i: PersonId) -> PersonPage<'s> {
    let p = v.person_refs(i);
    let mut issue_counts: HashMap<Target, usize> = HashMap::new();
    for &q in &p.quotes {
        v.article_data(q.article);
        if let AnnKind::Quote { issues, .. } = &v.site.ann(q).kind {
            for &x in issues {
                *issue_counts.entry(Target::Issue(x)).or_insert(0) += 1;
            }
        }
    }
    let mut co: HashMap<Target, usize> = HashMap::new();
    for &a in &p.articles {
        for &other in &v.article_data(a).people {
            if other != i {
                *co.entry(Target::Person(other)).or_insert(0) += 1;
            }
        }
    }
    let quotes: Vec<QuoteV> = p.quotes.iter().filter_map(|&q| v.quote(q)).collect();
    let events: Vec<EventV> = p.events.iter().map(|&e| v.event(e, true)).collect();
    let mut rows: Vec<Row> = events.iter().filter_map(Row::event).collect();
    rows.extend(quotes.iter().filter_map(|q| Row::quote(q, false)));
    rows.sort_by_key(|r| r.happened);
    PersonPage {
        title: &p.name,
        person: PersonView {
            name: &p.name,
            aliases: &p.aliases,
            role: p.role.as_deref(),
            affiliation: p.affiliation.as_deref(),
            summary: md(v, &p.summary, &p.summary_links),
        },
        timeline_svg: timeline_svg::draw(&rows, &format!("Timeline of {}", p.name)),
        quotes,
        articles: p.articles.iter().map(|&a| v.article(a)).collect(),
        issues: v.counted(issue_counts),
        co_people: v.counted(co),
        events,
        name_forms: name_forms(v, i, &p.articles),
        disputes: v.disputes_of(Target::Person(i)),
    }
}

#[derive(Serialize)]
pub struct IssuePage<'s> {
    title: &'s str,
    issue: IssueView<'s>,
    timeline: Vec<TimelineV>,
    timeline_svg: Option<String>,
    people: Vec<CountedV>,
    articles: Vec<ArticleV>,
    disputes: Vec<DisputeV>,
}

#[derive(Serialize)]
struct IssueView<'s> {
    title: &'s str,
    summary: Option<String>,
    parent: Option<LinkV>,
    children: Vec<LinkV>,
}

pub fn issue<'s>(v: &Views<'s>, i: IssueId) -> IssuePage<'s> {
    let is = v.issue_refs(i);
    let mut people: HashMap<Target, usize> = HashMap::new();
    for &q in &is.quotes {
        v.article_data(q.article);
        if let AnnKind::Quote { speaker, .. } = &v.site.ann(q).kind {
            *people.entry(Target::Person(*speaker)).or_insert(0) += 1;
        }
    }
    for &e in &is.events {
        for &p in &v.event_data(e).people {
            *people.entry(Target::Person(p)).or_insert(0) += 1;
        }
    }
    let timeline = v.timeline(&is.events, &is.quotes);
    let rows: Vec<Row> = timeline
        .iter()
        .filter_map(|t| match (&t.event, &t.quote) {
            (Some(e), _) => Row::event(e),
            (_, Some(q)) => Row::quote(q, true),
            _ => None,
        })
        .collect();
    IssuePage {
        title: &is.title,
        issue: IssueView {
            title: &is.title,
            summary: md(v, &is.summary, &is.summary_links),
            parent: is.parent.map(|p| v.issue(p)),
            children: is.children.iter().map(|&c| v.issue(c)).collect(),
        },
        timeline_svg: timeline_svg::draw(&rows, &format!("Timeline of {}", is.title)),
        timeline,
        people: v.counted(people),
        articles: is.articles.iter().map(|&a| v.article(a)).collect(),
        disputes: v.disputes_of(Target::Issue(i)),
    }
}

#[derive(Serialize)]
pub struct OutletPage<'s> {
    title: &'s str,
    outlet: OutletView<'s>,
    articles: Vec<ArticleV>,
    cited: Vec<Cite>,
}

#[derive(Serialize)]
struct OutletView<'s> {
    name: &'s str,
    country: Option<&'s str>,
    kind: Option<&'s str>,
    url: Option<&'s str>,
    summary: Option<String>,
}

/// A passage of another outlet's article that names this outlet.
#[derive(Serialize)]
struct Cite {
    passage: String,
    url: String,
    article: ArticleV,
}

pub fn outlet<'s>(v: &Views<'s>, i: OutletId) -> OutletPage<'s> {
    let o = v.outlet_refs(i);
    OutletPage {
        title: &o.name,
        outlet: OutletView {
            name: &o.name,
            country: o.country.as_deref(),
            kind: o.kind.as_deref(),
            url: o.url.as_deref().filter(|u| crate::links::safe_url(u)),
            summary: md(v, &o.summary, &o.summary_links),
        },
        articles: o.articles.iter().map(|&a| v.article(a)).collect(),
        cited: o
            .mentions
            .iter()
            .map(|&r| Cite {
                article: v.article(r.article),
                passage: v.site.ann(r).passage.clone(),
                url: v.u(v.site.ann_url(r)),
            })
            .collect(),
    }
}

#[derive(Serialize)]
pub struct EventPage<'s> {
    title: &'s str,
    event: EventV,
    summary: Option<String>,
    defined_in: Option<ArticleV>,
    statements: Vec<QuoteV>,
    mentioned_in: Vec<ArticleV>,
    timeline_svg: Option<String>,
    disputes: Vec<DisputeV>,
    /// The outlets that report it, when more than one does.
    corroborated_by: Vec<String>,
}

pub fn event<'s>(v: &Views<'s>, i: EventId) -> EventPage<'s> {
    let e = v.event_refs(i);
    let mut arts: Vec<ArticleId> = e.mentions.iter().map(|r| r.article).collect();
    arts.sort_unstable();
    arts.dedup();
    let event = v.event(i, true);
    let statements: Vec<QuoteV> = e.mentions.iter().filter_map(|&q| v.quote(q)).collect();
    let mut rows: Vec<Row> = Row::event(&event).into_iter().collect();
    rows.extend(statements.iter().filter_map(|q| Row::quote(q, true)));
    rows.sort_by_key(|r| r.happened);
    EventPage {
        title: &e.title,
        timeline_svg: timeline_svg::draw(&rows, &format!("Timeline of {}", e.title)),
        event,
        summary: md(v, &e.summary, &e.summary_links),
        defined_in: e.defined_in.map(|a| v.article(a)),
        statements,
        mentioned_in: arts.into_iter().map(|a| v.article(a)).collect(),
        disputes: v.disputes_of(Target::Event(i)),
        corroborated_by: Some(outlets_reporting(v, i))
            .filter(|o| o.len() > 1)
            .unwrap_or_default(),
    }
}
