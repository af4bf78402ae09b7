//! The index pages: articles, people, issues, outlets, events, the chronology, search.

use super::super::views::{ArticleV, DateV, EventV, Views};
use super::{Order, PagerV, numbered, page_by_key, page_rows, pager};
use crate::date::Precision;
use crate::site::{EntityKind, EventId, IssueId, Target};
use serde::Serialize;

#[derive(Serialize)]
pub struct Search {
    title: &'static str,
    search_scripts: Vec<String>,
}

pub fn search(_: &Views) -> Search {
    Search {
        title: "Search",
        // The rest of the index is loaded per query, by search.js.
        search_scripts: vec![crate::search::INDEX.to_string()],
    }
}

#[derive(Serialize)]
pub struct Articles {
    title: String,
    articles: Vec<ArticleV>,
    total: usize,
    pager: Option<PagerV>,
}

/// Page `n` of the articles, newest first.
pub fn articles(v: &Views, n: usize) -> Articles {
    let all = v.article_list();
    let size = v.site.config.options.index_page_size.max(1);
    Articles {
        title: numbered("Articles", n),
        articles: all
            .ids()
            .rev()
            .skip(n * size)
            .take(size)
            .map(|i| v.article(i))
            .collect(),
        total: all.len(),
        pager: pager(v, "articles", n, all.len(), Order::NewestFirst),
    }
}

#[derive(Serialize)]
pub struct People {
    title: String,
    people: Vec<PersonRow>,
    total: usize,
    pager: Option<PagerV>,
}

#[derive(Serialize)]
struct PersonRow {
    url: String,
    name: String,
    role: Option<String>,
    quotes: usize,
    articles: usize,
}

/// Page `n` of the people, by name.
pub fn people(v: &Views, n: usize) -> People {
    let mut list: Vec<PersonRow> = v
        .site
        .people
        .ids()
        .map(|i| {
            let p = v.person_refs(i);
            PersonRow {
                url: v.person(i).url,
                name: p.name.clone(),
                role: p.role.clone(),
                quotes: p.quotes.len(),
                articles: p.articles.len(),
            }
        })
        .collect();
    list.sort_by(|a, b| a.name.cmp(&b.name));
    People {
        title: numbered("People", n),
        total: list.len(),
        pager: pager(v, "people", n, list.len(), Order::ByName),
        people: page_rows(v.site, list, n),
    }
}

#[derive(Serialize)]
pub struct Issues {
    title: String,
    issues: Vec<IssueRow>,
    total: usize,
    pager: Option<PagerV>,
}

/// One issue in the tree, with its depth below a root issue.
#[derive(Serialize)]
pub struct IssueRow {
    url: String,
    title: String,
    depth: usize,
    articles: usize,
    events: usize,
    quotes: usize,
}

/// Page `n` of the issue tree.
pub fn issues(v: &Views, n: usize) -> Issues {
    let tree = issue_tree(v);
    Issues {
        title: numbered("Issues", n),
        total: tree.len(),
        pager: pager(v, "issues", n, tree.len(), Order::ByName),
        issues: page_rows(v.site, tree, n),
    }
}

/// The issue tree, depth first, siblings by title.
pub fn issue_tree(v: &Views) -> Vec<IssueRow> {
    fn walk(v: &Views, i: IssueId, depth: usize, out: &mut Vec<IssueRow>) {
        let is = v.issue_refs(i);
        out.push(IssueRow {
            url: v.issue(i).url,
            title: is.title.clone(),
            depth,
            articles: is.articles.len(),
            events: is.events.len(),
            quotes: is.quotes.len(),
        });
        let mut kids = is.children.clone();
        kids.sort_by(|a, b| v.site.issues[*a].title.cmp(&v.site.issues[*b].title));
        for k in kids {
            walk(v, k, depth + 1, out);
        }
    }
    let site = v.site;
    let mut roots: Vec<IssueId> = site
        .issues
        .ids()
        .filter(|&i| site.issues[i].parent.is_none())
        .collect();
    roots.sort_by(|a, b| site.issues[*a].title.cmp(&site.issues[*b].title));
    let mut list = Vec::new();
    for r in roots {
        walk(v, r, 0, &mut list);
    }
    list
}

#[derive(Serialize)]
pub struct Outlets {
    title: String,
    outlets: Vec<OutletRow>,
    total: usize,
    pager: Option<PagerV>,
}

#[derive(Serialize)]
struct OutletRow {
    url: String,
    name: String,
    kind: Option<String>,
    country: Option<String>,
    articles: usize,
}

/// Page `n` of the outlets, by name.
pub fn outlets(v: &Views, n: usize) -> Outlets {
    let mut list: Vec<OutletRow> = v
        .site
        .outlets
        .ids()
        .map(|i| {
            let o = v.outlet_refs(i);
            OutletRow {
                url: v.target(crate::site::Target::Outlet(i)).url,
                name: o.name.clone(),
                kind: o.kind.clone(),
                country: o.country.clone(),
                articles: o.articles.len(),
            }
        })
        .collect();
    list.sort_by(|a, b| a.name.cmp(&b.name));
    Outlets {
        title: numbered("Outlets", n),
        total: list.len(),
        pager: pager(v, "outlets", n, list.len(), Order::ByName),
        outlets: page_rows(v.site, list, n),
    }
}

#[derive(Serialize)]
pub struct NamedIndex {
    title: String,
    /// `organisation` or `place`.
    kind: &'static str,
    rows: Vec<NamedRow>,
    total: usize,
    pager: Option<PagerV>,
}

#[derive(Serialize)]
struct NamedRow {
    url: String,
    name: String,
    what: Option<String>,
    country: Option<String>,
    quotes: usize,
    articles: usize,
}

/// Page `n` of the organisations or of the places, by name.
pub fn named(v: &Views, kind: EntityKind, n: usize) -> NamedIndex {
    let targets: Vec<Target> = match kind {
        EntityKind::Place => v.site.places.ids().map(Target::Place).collect(),
        _ => v
            .site
            .organisations
            .ids()
            .map(Target::Organisation)
            .collect(),
    };
    let mut rows: Vec<NamedRow> = targets
        .into_iter()
        .map(|t| {
            let n = v.named_refs(t);
            NamedRow {
                url: v.target(t).url,
                name: n.name.clone(),
                what: n.kind.clone(),
                country: n.country.clone(),
                quotes: n.quotes.len(),
                articles: n.articles.len(),
            }
        })
        .collect();
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    let title = if kind == EntityKind::Place {
        "Places"
    } else {
        "Organisations"
    };
    NamedIndex {
        title: numbered(title, n),
        kind: kind.as_str(),
        total: rows.len(),
        pager: pager(v, kind.folder(), n, rows.len(), Order::ByName),
        rows: page_rows(v.site, rows, n),
    }
}

#[derive(Serialize)]
pub struct Events {
    title: String,
    events: Vec<EventV>,
    total: usize,
    pager: Option<PagerV>,
}

/// Page `n` of the events, by date.
pub fn events(v: &Views, n: usize) -> Events {
    let all = v.event_list();
    let size = v.site.config.options.index_page_size;
    let page = page_by_key(all.ids().collect(), n, size, |&e| (all[e].date, e));
    Events {
        title: numbered("Events", n),
        events: page.into_iter().map(|e| v.event(e, false)).collect(),
        total: all.len(),
        pager: pager(v, "events", n, all.len(), Order::OldestFirst),
    }
}

#[derive(Serialize)]
pub struct Chronology {
    title: &'static str,
    rows: Vec<Row>,
    months: Vec<MonthRow>,
}

#[derive(Serialize)]
struct Row {
    date: DateV,
    events: Vec<EventV>,
    statements: usize,
    published: Vec<ArticleV>,
}

#[derive(Serialize)]
struct MonthRow {
    date: DateV,
    events: usize,
    statements: usize,
    published: usize,
}

/// Every date with what falls on it; one row per month when there are too many dates.
pub fn chronology(v: &Views) -> Chronology {
    let dates = v.all_dates();
    let dated = dates.values().filter(|e| !e.is_empty()).count();
    let (rows, months) = if dated <= v.site.config.options.chronology_max_rows {
        // A date that only a range listed earlier covers has no row of its own.
        let rows = dates
            .iter()
            .filter(|(_, e)| !e.is_empty())
            .map(|(d, e)| Row {
                date: v.date(d),
                events: e
                    .events
                    .iter()
                    .filter(|&&x| first_placement(v, x) == *d)
                    .map(|&x| v.event(x, false))
                    .collect(),
                statements: e.quotes.len(),
                published: e.published.iter().map(|&a| v.article(a)).collect(),
            })
            .filter(|r| !(r.events.is_empty() && r.statements == 0 && r.published.is_empty()))
            .collect();
        (rows, Vec::new())
    } else {
        // A large chronology: one row per month (with what falls on its days), and the month
        // pages list the days.
        let mut months: Vec<MonthRow> = Vec::new();
        for (d, e) in dates {
            let month = if d.precision() == Precision::Year {
                *d
            } else {
                d.month_of().unwrap_or(*d)
            };
            if months.last().is_none_or(|m| m.date.key != month.key()) {
                months.push(MonthRow {
                    date: v.date(&month),
                    events: 0,
                    statements: 0,
                    published: 0,
                });
            }
            let m = months.last_mut().expect("just pushed");
            m.events += e
                .events
                .iter()
                .filter(|&&x| first_placement(v, x) == *d)
                .count();
            m.statements += e.quotes.len();
            m.published += e.published.len();
        }
        months.retain(|m| m.events + m.statements + m.published > 0);
        (Vec::new(), months)
    };
    Chronology {
        title: "Chronology",
        rows,
        months,
    }
}

/// The chronology lists a range once, at the first date page it is on (a date page lists
/// it on every day or month it covers).
fn first_placement(v: &Views, e: EventId) -> crate::date::PartialDate {
    v.event_data(e).when.placements()[0]
}

#[derive(Serialize)]
pub struct NotFound {
    title: &'static str,
}

/// The 404 page: says so and offers the way back.
pub fn not_found(_: &Views) -> NotFound {
    NotFound {
        title: "Page not found",
    }
}
