//! The pages of people, issues, outlets and events.

use super::super::map_svg::{self, MapV};
use super::super::timeline_svg::{self, Row};
use super::super::views::{ArticleV, CountedV, Counts, EventV, LinkV, QuoteV, TimelineV, Views};
use super::disputed::{DisputeV, UpdateV, outlets_reporting};
use super::lists::{self, Entries, ListKind, MoreV, PassageV};
use super::md;
use crate::site::{AnnKind, ArticleId, EventId, IssueId, OutletId, PersonId, Speaker, Target};
use serde::Serialize;
use std::collections::BTreeMap;

/// The lists of a page that show only their newest entries, each with the link to the whole.
type More = BTreeMap<ListKind, MoreV>;

/// The part of list `k` of `t` that its page shows, noting in `more` where the rest is, and
/// the list's whole length.
fn window(v: &Views, t: Target, k: ListKind, more: &mut More) -> (Entries, usize) {
    let (refs, len) = lists::part(v, t, k, |len| lists::shown(v.site, k, len));
    if let Some(m) = lists::more(v, t, k, len) {
        more.insert(k, m);
    }
    (lists::entries(v, &refs), len)
}

/// A ranked list cut to the page's bound: the first `list_items`, and how many were left out.
fn capped(v: &Views, counts: Counts) -> (Vec<CountedV>, usize) {
    v.counted(counts, v.site.config.options.list_items)
}

#[derive(Serialize)]
pub struct PersonPage<'s> {
    title: &'s str,
    person: PersonView<'s>,
    quotes: Vec<QuoteV>,
    articles: Vec<ArticleV>,
    issues: Vec<CountedV>,
    /// How many issues `issues` leaves out.
    issues_more: usize,
    co_people: Vec<CountedV>,
    co_people_more: usize,
    events: Vec<EventV>,
    /// Every form in which the articles' mentions name the person, with the articles using it.
    name_forms: Vec<NameFormV>,
    /// When each statement was made and each event happened, against when it was reported.
    timeline_svg: Option<String>,
    /// The person among what their articles also name.
    map: Option<MapV>,
    disputes: Vec<DisputeV>,
    /// How many more disputed points concern it than `disputes` shows.
    disputes_more: usize,
    more: More,
}

/// One way the sources write a person's name, and the articles that write it so.
#[derive(Serialize)]
struct NameFormV {
    form: String,
    articles: Vec<ArticleV>,
    /// How many more articles write it so (all are in the list of articles).
    more: usize,
}

/// The passages of the person's mentions, as the articles write them, each with its articles
/// in the person's article order.
fn name_forms(v: &Views<'_>, i: PersonId, articles: &[ArticleId]) -> Vec<NameFormV> {
    let mut forms: BTreeMap<&str, Vec<ArticleId>> = BTreeMap::new();
    for &a in articles {
        for x in &v.article_names(a).annotations {
            if matches!(x.kind, AnnKind::Mention(Target::Person(q)) if q == i) {
                let list = forms.entry(x.passage.as_str()).or_default();
                if list.last() != Some(&a) {
                    list.push(a);
                }
            }
        }
    }
    let n = v.site.config.options.list_items;
    forms
        .into_iter()
        .map(|(form, list)| NameFormV {
            form: form.to_string(),
            more: list.len().saturating_sub(n),
            articles: list.into_iter().take(n).map(|a| v.article(a)).collect(),
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
    let (disputes, disputes_more) = v.disputes_of(Target::Person(i));
    let p = v.person_refs(i);
    let mut issue_counts = Counts::default();
    for &q in &p.quotes {
        if let AnnKind::Quote { issues, .. } = &v.ann(q).kind {
            for &x in issues {
                *issue_counts.entry(Target::Issue(x)).or_insert(0) += 1;
            }
        }
    }
    let mut co = Counts::default();
    for &a in &p.articles {
        for &other in &v.article_names(a).people {
            if other != i {
                *co.entry(Target::Person(other)).or_insert(0) += 1;
            }
        }
    }
    let t = Target::Person(i);
    let mut more = More::new();
    let (quotes, n_quotes) = window(v, t, ListKind::Statements, &mut more);
    let (events, n_events) = window(v, t, ListKind::Events, &mut more);
    let (articles, _) = window(v, t, ListKind::Articles, &mut more);
    let (quotes, events) = (quotes.quotes, events.events);
    let mut rows: Vec<Row> = events.iter().filter_map(Row::event).collect();
    rows.extend(quotes.iter().filter_map(|q| Row::quote(q, false)));
    rows.sort_by_key(|r| r.happened);
    let (issues, issues_more) = capped(v, issue_counts);
    let (co_people, co_people_more) = capped(v, co);
    let linked: Vec<Target> = p.events.iter().map(|&e| Target::Event(e)).collect();
    let map = map_svg::local(
        v,
        t,
        &p.articles,
        &linked,
        &format!("Map of the people, issues and events linked to {}", p.name),
    );
    PersonPage {
        map,
        title: &p.name,
        person: PersonView {
            name: &p.name,
            aliases: &p.aliases,
            role: p.role.as_deref(),
            affiliation: p.affiliation.as_deref(),
            summary: md(v, &p.summary, &p.summary_links),
        },
        timeline_svg: timeline_svg::draw(
            &rows,
            n_quotes + n_events,
            &format!("Timeline of {}", p.name),
        ),
        quotes,
        articles: articles.articles,
        issues,
        issues_more,
        co_people,
        co_people_more,
        events,
        name_forms: name_forms(v, i, &p.articles),
        disputes,
        disputes_more,
        more,
    }
}

#[derive(Serialize)]
pub struct IssuePage<'s> {
    title: &'s str,
    issue: IssueView<'s>,
    timeline: Vec<TimelineV>,
    timeline_svg: Option<String>,
    /// The issue among what its articles also name.
    map: Option<MapV>,
    people: Vec<CountedV>,
    people_more: usize,
    articles: Vec<ArticleV>,
    disputes: Vec<DisputeV>,
    /// How many more disputed points concern it than `disputes` shows.
    disputes_more: usize,
    more: More,
}

#[derive(Serialize)]
struct IssueView<'s> {
    title: &'s str,
    summary: Option<String>,
    parent: Option<LinkV>,
    children: Vec<LinkV>,
}

pub fn issue<'s>(v: &Views<'s>, i: IssueId) -> IssuePage<'s> {
    let (disputes, disputes_more) = v.disputes_of(Target::Issue(i));
    let is = v.issue_refs(i);
    let mut people = Counts::default();
    for &q in &is.quotes {
        if let AnnKind::Quote {
            speaker: Speaker::Person(p),
            ..
        } = &v.ann(q).kind
        {
            *people.entry(Target::Person(*p)).or_insert(0) += 1;
        }
    }
    for &e in &is.events {
        for &p in &v.event_data(e).people {
            *people.entry(Target::Person(p)).or_insert(0) += 1;
        }
    }
    let t = Target::Issue(i);
    let mut more = More::new();
    let (timeline, n_rows) = window(v, t, ListKind::Timeline, &mut more);
    let (articles, _) = window(v, t, ListKind::Articles, &mut more);
    let timeline = timeline.timeline;
    let (people, people_more) = capped(v, people);
    let rows: Vec<Row> = timeline
        .iter()
        .filter_map(|t| match (&t.event, &t.quote) {
            (Some(e), _) => Row::event(e),
            (_, Some(q)) => Row::quote(q, true),
            _ => None,
        })
        .collect();
    let linked: Vec<Target> = is
        .parent
        .iter()
        .chain(&is.children)
        .map(|&x| Target::Issue(x))
        .chain(is.events.iter().map(|&e| Target::Event(e)))
        .collect();
    let map = map_svg::local(
        v,
        t,
        &is.articles,
        &linked,
        &format!(
            "Map of the people, issues and events linked to {}",
            is.title
        ),
    );
    IssuePage {
        map,
        title: &is.title,
        issue: IssueView {
            title: &is.title,
            summary: md(v, &is.summary, &is.summary_links),
            parent: is.parent.map(|p| v.issue(p)),
            children: is.children.iter().map(|&c| v.issue(c)).collect(),
        },
        timeline_svg: timeline_svg::draw(&rows, n_rows, &format!("Timeline of {}", is.title)),
        timeline,
        people,
        people_more,
        articles: articles.articles,
        disputes,
        disputes_more,
        more,
    }
}

#[derive(Serialize)]
pub struct OutletPage<'s> {
    title: &'s str,
    outlet: OutletView<'s>,
    articles: Vec<ArticleV>,
    cited: Vec<PassageV>,
    /// What the outlet's articles name.
    map: Option<MapV>,
    more: More,
}

#[derive(Serialize)]
struct OutletView<'s> {
    name: &'s str,
    country: Option<&'s str>,
    kind: Option<&'s str>,
    url: Option<&'s str>,
    summary: Option<String>,
}

pub fn outlet<'s>(v: &Views<'s>, i: OutletId) -> OutletPage<'s> {
    let o = v.outlet_refs(i);
    let t = Target::Outlet(i);
    let mut more = More::new();
    let (articles, _) = window(v, t, ListKind::Articles, &mut more);
    let (cited, _) = window(v, t, ListKind::Cited, &mut more);
    let map = map_svg::local(
        v,
        t,
        &o.articles,
        &[],
        &format!("Map of the people, issues and events {} reports on", o.name),
    );
    OutletPage {
        map,
        title: &o.name,
        outlet: OutletView {
            name: &o.name,
            country: o.country.as_deref(),
            kind: o.kind.as_deref(),
            url: o.url.as_deref().filter(|u| crate::links::safe_url(u)),
            summary: md(v, &o.summary, &o.summary_links),
        },
        articles: articles.articles,
        cited: cited.passages,
        more,
    }
}

#[derive(Serialize)]
pub struct NamedPage<'s> {
    title: &'s str,
    named: NamedView<'s>,
    /// An organisation's statements, in the order said (a place has none).
    quotes: Vec<QuoteV>,
    /// The passages that name it.
    mentions: Vec<PassageV>,
    articles: Vec<ArticleV>,
    timeline_svg: Option<String>,
    /// What the articles that name it also name.
    map: Option<MapV>,
    disputes: Vec<DisputeV>,
    disputes_more: usize,
    more: More,
}

#[derive(Serialize)]
struct NamedView<'s> {
    /// `organisation` or `place`.
    kind: &'static str,
    name: &'s str,
    aliases: &'s [String],
    /// What it is ("intergovernmental body", "city").
    what: Option<&'s str>,
    country: Option<&'s str>,
    url: Option<&'s str>,
    summary: Option<String>,
}

/// An organisation's or a place's page: what it is, what it said (an organisation), the
/// passages that name it and the articles they are in.
pub fn named<'s>(v: &Views<'s>, t: Target) -> NamedPage<'s> {
    let (disputes, disputes_more) = v.disputes_of(t);
    let n = v.named_refs(t);
    let mut more = More::new();
    let (quotes, n_quotes) = if lists::lists_of(t).contains(&ListKind::Statements) {
        window(v, t, ListKind::Statements, &mut more)
    } else {
        (Default::default(), 0)
    };
    let (mentions, _) = window(v, t, ListKind::Mentions, &mut more);
    let (articles, _) = window(v, t, ListKind::Articles, &mut more);
    let quotes = quotes.quotes;
    let rows: Vec<Row> = quotes.iter().filter_map(|q| Row::quote(q, false)).collect();
    NamedPage {
        title: &n.name,
        named: NamedView {
            kind: t.kind().as_str(),
            name: &n.name,
            aliases: &n.aliases,
            what: n.kind.as_deref(),
            country: n.country.as_deref(),
            url: n.url.as_deref().filter(|u| crate::links::safe_url(u)),
            summary: md(v, &n.summary, &n.summary_links),
        },
        timeline_svg: timeline_svg::draw(&rows, n_quotes, &format!("Timeline of {}", n.name)),
        map: map_svg::local(
            v,
            t,
            &n.articles,
            &[],
            &format!("Map of the people, issues and events named with {}", n.name),
        ),
        quotes,
        mentions: mentions.passages,
        articles: articles.articles,
        disputes,
        disputes_more,
        more,
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
    /// The event among what the articles reporting or mentioning it also name.
    map: Option<MapV>,
    disputes: Vec<DisputeV>,
    /// How many more disputed points concern it than `disputes` shows.
    disputes_more: usize,
    /// The update notes about it, each the sequence of what was known when.
    updates: Vec<UpdateV>,
    /// The outlets that report it, when more than one does.
    corroborated_by: Vec<String>,
    more: More,
}

pub fn event<'s>(v: &Views<'s>, i: EventId) -> EventPage<'s> {
    let (disputes, disputes_more) = v.disputes_of(Target::Event(i));
    let e = v.event_refs(i);
    let t = Target::Event(i);
    let mut more = More::new();
    let (statements, n_statements) = window(v, t, ListKind::Statements, &mut more);
    let (mentioned_in, _) = window(v, t, ListKind::Articles, &mut more);
    let statements = statements.quotes;
    // The page lists the newest reports; the timeline draws the event with every report date.
    let mut event = v.event(i, true);
    let rows_event = Row::event(&event);
    let reports = lists::shown(v.site, ListKind::Reports, event.reports.len());
    if let Some(m) = lists::more(v, t, ListKind::Reports, event.reports.len()) {
        more.insert(ListKind::Reports, m);
    }
    event.reports = event.reports.drain(reports).collect();
    let mut rows: Vec<Row> = rows_event.into_iter().collect();
    rows.extend(statements.iter().filter_map(|q| Row::quote(q, true)));
    rows.sort_by_key(|r| r.happened);
    let articles: Vec<ArticleId> = e
        .reports
        .iter()
        .chain(&e.mentions)
        .map(|r| r.article)
        .collect();
    let linked: Vec<Target> = e
        .people
        .iter()
        .map(|&p| Target::Person(p))
        .chain(e.issues.iter().map(|&x| Target::Issue(x)))
        .collect();
    let map = map_svg::local(
        v,
        t,
        &articles,
        &linked,
        &format!("Map of the people, issues and events linked to {}", e.title),
    );
    EventPage {
        map,
        title: &e.title,
        timeline_svg: timeline_svg::draw(
            &rows,
            n_statements + 1,
            &format!("Timeline of {}", e.title),
        ),
        event,
        summary: md(v, &e.summary, &e.summary_links),
        defined_in: e.defined_in.map(|a| v.article(a)),
        statements,
        mentioned_in: mentioned_in.articles,
        disputes,
        disputes_more,
        updates: v.updates_of(t),
        corroborated_by: Some(outlets_reporting(v, i))
            .filter(|o| o.len() > 1)
            .unwrap_or_default(),
        more,
    }
}
