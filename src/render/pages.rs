//! The pages of a site and the data each one's template receives.
//!
//! [`Page`] names every page the site has; [`Page::path`] is its file, [`Page::template`] its
//! Tera template and [`context`] the data handed to it. Every URL in a context is already
//! relative to the page that uses it, so templates just write `href="{{ x.url }}"` and the
//! site works from any sub-path of any host and from `file://`.

use super::markdown::{article_body, markdown};
use crate::date::{PartialDate, Precision};
use crate::site::{AnnKind, AnnRef, Site, Target, url};
use serde::Serialize;
use std::collections::HashMap;

/// One page of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Page {
    Home,
    Search,
    /// The articles index, page `n` (0-based) of `index_page_size` articles.
    Articles(usize),
    People,
    Issues,
    Outlets,
    /// The events index, page `n` (0-based).
    Events(usize),
    Dates,
    Article(usize),
    Person(usize),
    Issue(usize),
    Outlet(usize),
    Event(usize),
    Date(PartialDate),
}

impl Page {
    /// The output file, relative to the site root.
    pub fn path(&self, site: &Site) -> String {
        match self {
            Page::Home => "index.html".into(),
            Page::Search => "search.html".into(),
            Page::Articles(n) => paged("articles", *n),
            Page::People => "people/index.html".into(),
            Page::Issues => "issues/index.html".into(),
            Page::Outlets => "outlets/index.html".into(),
            Page::Events(n) => paged("events", *n),
            Page::Dates => "dates/index.html".into(),
            Page::Article(i) => url::article(&site.articles[*i].slug),
            Page::Person(i) => url::person(&site.people[*i].id),
            Page::Issue(i) => url::issue(&site.issues[*i].id),
            Page::Outlet(i) => url::outlet(&site.outlets[*i].id),
            Page::Event(i) => url::event(&site.events[*i].id),
            Page::Date(d) => url::date(d),
        }
    }

    /// The page at `path` (as [`Page::path`] gives it), if the site has one.
    pub fn from_path(site: &Site, path: &str) -> Option<Page> {
        let fixed = [
            Page::Home,
            Page::Search,
            Page::People,
            Page::Issues,
            Page::Outlets,
            Page::Dates,
        ];
        if let Some(p) = fixed.into_iter().find(|p| p.path(site) == path) {
            return (p != Page::Search || site.config.options.search).then_some(p);
        }
        let (dir, file) = path.split_once('/')?;
        let stem = file.strip_suffix(".html")?;
        let page_no = match stem {
            "index" => Some(0),
            s => s
                .strip_prefix("index-")
                .and_then(|n| n.parse::<usize>().ok())
                .filter(|n| *n >= 2)
                .map(|n| n - 1),
        };
        if let Some(n) = page_no {
            return match dir {
                "articles" if n < page_count(site.articles.len(), site) => Some(Page::Articles(n)),
                "events" if n < page_count(site.events.len(), site) => Some(Page::Events(n)),
                _ => None,
            };
        }
        match (dir, site.ids.get(stem)) {
            ("articles", _) => site.article_by_slug.get(stem).map(|&i| Page::Article(i)),
            ("people", Some(Target::Person(i))) => Some(Page::Person(*i)),
            ("issues", Some(Target::Issue(i))) => Some(Page::Issue(*i)),
            ("outlets", Some(Target::Outlet(i))) => Some(Page::Outlet(*i)),
            ("events", Some(Target::Event(i))) => Some(Page::Event(*i)),
            ("dates", _) => PartialDate::parse(stem)
                .ok()
                .filter(|d| site.dates.contains_key(d))
                .map(Page::Date),
            _ => None,
        }
    }

    /// The template that renders it.
    pub fn template(&self) -> &'static str {
        match self {
            Page::Home => "home.html",
            Page::Search => "search.html",
            Page::Articles(_) => "articles.html",
            Page::People => "people.html",
            Page::Issues => "issues.html",
            Page::Outlets => "outlets.html",
            Page::Events(_) => "events.html",
            Page::Dates => "dates.html",
            Page::Article(_) => "article.html",
            Page::Person(_) => "person.html",
            Page::Issue(_) => "issue.html",
            Page::Outlet(_) => "outlet.html",
            Page::Event(_) => "event.html",
            Page::Date(_) => "date.html",
        }
    }

    /// The page kind, as counted in the build summary.
    pub fn kind(&self) -> &'static str {
        match self {
            Page::Home | Page::Search => "home",
            Page::Articles(_)
            | Page::People
            | Page::Issues
            | Page::Outlets
            | Page::Events(_)
            | Page::Dates => "index",
            Page::Article(_) => "article",
            Page::Person(_) => "person",
            Page::Issue(_) => "issue",
            Page::Outlet(_) => "outlet",
            Page::Event(_) => "event",
            Page::Date(_) => "date",
        }
    }

    /// The prefix that leads from this page back to the site root.
    pub fn root(&self) -> &'static str {
        match self {
            Page::Home | Page::Search => "",
            _ => "../",
        }
    }
}

/// `articles/index.html`, `articles/index-2.html`, ...
fn paged(dir: &str, n: usize) -> String {
    if n == 0 {
        format!("{dir}/index.html")
    } else {
        format!("{dir}/index-{}.html", n + 1)
    }
}

/// How many index pages a list of `len` items takes.
pub fn page_count(len: usize, site: &Site) -> usize {
    len.div_ceil(site.config.options.index_page_size.max(1))
        .max(1)
}

/// The articles index page that lists article `i` (the list is newest first).
pub fn articles_page_of(site: &Site, i: usize) -> Page {
    Page::Articles((site.articles.len() - 1 - i) / site.config.options.index_page_size.max(1))
}

/// Every page of the site, in a stable order.
pub fn all_pages(site: &Site) -> Vec<Page> {
    let mut pages = vec![
        Page::Home,
        Page::People,
        Page::Issues,
        Page::Outlets,
        Page::Dates,
    ];
    pages.extend((0..page_count(site.articles.len(), site)).map(Page::Articles));
    pages.extend((0..page_count(site.events.len(), site)).map(Page::Events));
    if site.config.options.search {
        pages.push(Page::Search);
    }
    pages.extend((0..site.articles.len()).map(Page::Article));
    pages.extend((0..site.people.len()).map(Page::Person));
    pages.extend((0..site.issues.len()).map(Page::Issue));
    pages.extend((0..site.outlets.len()).map(Page::Outlet));
    pages.extend((0..site.events.len()).map(Page::Event));
    pages.extend(site.dates.keys().map(|d| Page::Date(*d)));
    pages
}

// ---- Views: the shapes templates see. -------------------------------------------------------

#[derive(Serialize, Clone)]
pub struct LinkV {
    pub url: String,
    pub title: String,
}

#[derive(Serialize, Clone)]
pub struct CountedV {
    pub url: String,
    pub title: String,
    pub count: usize,
}

#[derive(Serialize, Clone)]
pub struct DateV {
    pub key: String,
    pub label: String,
    pub url: String,
    pub precision: Precision,
}

#[derive(Serialize)]
pub struct ArticleV {
    pub url: String,
    pub title: String,
    pub outlet: LinkV,
    pub published: DateV,
    pub annotations: usize,
}

#[derive(Serialize)]
pub struct QuoteV {
    pub text: String,
    /// The passage on its article page.
    pub url: String,
    pub speaker: LinkV,
    pub said: DateV,
    /// True when the date said is unknown and the publication date stands in.
    pub said_is_publication: bool,
    pub article: ArticleV,
    pub issues: Vec<LinkV>,
    pub via: Option<String>,
    pub date_note: Option<String>,
}

#[derive(Serialize)]
pub struct ReportV {
    pub article: ArticleV,
    pub passage: String,
    pub url: String,
    /// The status as this article reports it, when it differs from the dossier's.
    pub reported_status: Option<&'static str>,
    pub reported_date: Option<String>,
    pub date_note: Option<String>,
}

#[derive(Serialize)]
pub struct EventV {
    pub url: String,
    pub title: String,
    pub date: DateV,
    pub status: &'static str,
    pub place: Option<String>,
    pub people: Vec<LinkV>,
    pub issues: Vec<LinkV>,
    pub reports: Vec<ReportV>,
}

#[derive(Serialize)]
pub struct TimelineV {
    pub date: DateV,
    pub event: Option<EventV>,
    pub quote: Option<QuoteV>,
}

/// Builds views relative to one page.
pub struct Views<'s> {
    pub site: &'s Site,
    pub root: &'static str,
}

impl<'s> Views<'s> {
    fn u(&self, rel: String) -> String {
        format!("{}{rel}", self.root)
    }

    pub fn date(&self, d: &PartialDate) -> DateV {
        DateV {
            key: d.key(),
            label: d.to_string(),
            url: self.u(url::date(d)),
            precision: d.precision(),
        }
    }

    pub fn target(&self, t: Target) -> LinkV {
        LinkV {
            url: self.u(self.site.target_url(t)),
            title: self.site.target_label(t).to_string(),
        }
    }

    pub fn person(&self, i: usize) -> LinkV {
        self.target(Target::Person(i))
    }

    pub fn issue(&self, i: usize) -> LinkV {
        self.target(Target::Issue(i))
    }

    pub fn article(&self, i: usize) -> ArticleV {
        let a = &self.site.articles[i];
        ArticleV {
            url: self.u(url::article(&a.slug)),
            title: a.title.clone(),
            outlet: self.target(Target::Outlet(a.outlet)),
            published: self.date(&a.published),
            annotations: a.annotations.len(),
        }
    }

    pub fn quote(&self, r: AnnRef) -> Option<QuoteV> {
        let ann = self.site.ann(r);
        let AnnKind::Quote {
            speaker,
            said,
            said_is_publication,
            issues,
            via,
            date_note,
            ..
        } = &ann.kind
        else {
            return None;
        };
        Some(QuoteV {
            text: ann.passage.clone(),
            url: self.u(self.site.ann_url(r)),
            speaker: self.person(*speaker),
            said: self.date(said),
            said_is_publication: *said_is_publication,
            article: self.article(r.article),
            issues: issues.iter().map(|&i| self.issue(i)).collect(),
            via: via.clone(),
            date_note: date_note.clone(),
        })
    }

    pub fn event(&self, i: usize, with_reports: bool) -> EventV {
        let e = &self.site.events[i];
        let reports = if with_reports {
            e.reports
                .iter()
                .map(|&r| {
                    let ann = self.site.ann(r);
                    let (rs, rd, note) = match &ann.kind {
                        AnnKind::Event {
                            reported_status,
                            reported_date,
                            date_note,
                            ..
                        } => (
                            reported_status
                                .filter(|s| *s != e.status)
                                .map(|s| s.as_str()),
                            reported_date.map(|d| d.to_string()),
                            date_note.clone(),
                        ),
                        _ => (None, None, None),
                    };
                    ReportV {
                        article: self.article(r.article),
                        passage: ann.passage.clone(),
                        url: self.u(self.site.ann_url(r)),
                        reported_status: rs,
                        reported_date: rd,
                        date_note: note,
                    }
                })
                .collect()
        } else {
            Vec::new()
        };
        EventV {
            url: self.u(url::event(&e.id)),
            title: e.title.clone(),
            date: self.date(&e.date),
            status: e.status.as_str(),
            place: e.place.clone(),
            people: e.people.iter().map(|&p| self.person(p)).collect(),
            issues: e.issues.iter().map(|&i| self.issue(i)).collect(),
            reports,
        }
    }

    /// Events and statements merged into one chronology.
    pub fn timeline(&self, events: &[usize], quotes: &[AnnRef]) -> Vec<TimelineV> {
        let mut items: Vec<(PartialDate, u8, TimelineV)> =
            Vec::with_capacity(events.len() + quotes.len());
        for &e in events {
            let d = self.site.events[e].date;
            items.push((
                d,
                0,
                TimelineV {
                    date: self.date(&d),
                    event: Some(self.event(e, true)),
                    quote: None,
                },
            ));
        }
        for &q in quotes {
            if let Some(qv) = self.quote(q) {
                let AnnKind::Quote { said, .. } = &self.site.ann(q).kind else {
                    continue;
                };
                items.push((
                    *said,
                    1,
                    TimelineV {
                        date: self.date(said),
                        event: None,
                        quote: Some(qv),
                    },
                ));
            }
        }
        items.sort_by_key(|a| (a.0, a.1));
        items.into_iter().map(|(_, _, t)| t).collect()
    }

    fn counted(&self, counts: HashMap<Target, usize>) -> Vec<CountedV> {
        let mut v: Vec<CountedV> = counts
            .into_iter()
            .map(|(t, count)| {
                let l = self.target(t);
                CountedV {
                    url: l.url,
                    title: l.title,
                    count,
                }
            })
            .collect();
        v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.title.cmp(&b.title)));
        v
    }
}

/// The per-page data for `page`'s template. The site-wide data (`site`) is a global context.
pub fn context(site: &Site, page: Page) -> tera::Context {
    let root = page.root();
    let v = Views { site, root };
    let mut ctx = tera::Context::new();
    ctx.insert("root", root);
    ctx.insert("page_kind", page.kind());
    let path = page.path(site);
    let canonical = if site.config.base_url.is_empty() {
        None
    } else {
        Some(format!(
            "{}/{}",
            site.config.base_url.trim_end_matches('/'),
            path.trim_end_matches("index.html")
        ))
    };
    ctx.insert("canonical", &canonical);
    ctx.insert("nav", &nav(site, root));
    let md = |s: &Option<String>| s.as_deref().map(|s| markdown(s, Some(site), root));
    match page {
        Page::Home => {
            let mut people: Vec<usize> = (0..site.people.len()).collect();
            people.sort_by_key(|&p| {
                std::cmp::Reverse(site.people[p].quotes.len() + site.people[p].articles.len())
            });
            let top: Vec<CountedV> = people
                .iter()
                .take(12)
                .map(|&p| CountedV {
                    url: v.person(p).url,
                    title: site.people[p].name.clone(),
                    count: site.people[p].quotes.len(),
                })
                .collect();
            let latest: Vec<ArticleV> = (0..site.articles.len())
                .rev()
                .take(10)
                .map(|i| v.article(i))
                .collect();
            let issues: Vec<CountedV> = (0..site.issues.len())
                .filter(|&i| site.issues[i].parent.is_none())
                .map(|i| CountedV {
                    url: v.issue(i).url,
                    title: site.issues[i].title.clone(),
                    count: site.issues[i].articles.len(),
                })
                .collect();
            let days: Vec<&PartialDate> = site
                .dates
                .iter()
                .filter(|(d, e)| d.precision() == Precision::Day && !e.events.is_empty())
                .map(|(d, _)| d)
                .collect();
            let recent: Vec<EventV> = days
                .iter()
                .rev()
                .take(site.config.options.home_timeline_items)
                .rev()
                .flat_map(|d| site.dates[*d].events.iter().map(|&e| v.event(e, false)))
                .collect();
            ctx.insert("stats", &stats(site));
            ctx.insert("latest", &latest);
            ctx.insert("people", &top);
            ctx.insert("issues", &issues);
            ctx.insert("recent_events", &recent);
            ctx.insert("title", &site.config.title);
        }
        Page::Search => {
            ctx.insert("title", "Search");
            // The rest of the index is loaded per query, by search.js.
            ctx.insert("search_scripts", &[crate::search::INDEX]);
        }
        Page::Articles(n) => {
            let size = site.config.options.index_page_size.max(1);
            let list: Vec<ArticleV> = (0..site.articles.len())
                .rev()
                .skip(n * size)
                .take(size)
                .map(|i| v.article(i))
                .collect();
            ctx.insert("articles", &list);
            ctx.insert("total", &site.articles.len());
            ctx.insert(
                "pager",
                &pager(site, "articles", n, site.articles.len(), root),
            );
            ctx.insert(
                "title",
                &if n == 0 {
                    "Articles".to_string()
                } else {
                    format!("Articles, page {}", n + 1)
                },
            );
        }
        Page::People => {
            #[derive(Serialize)]
            struct P {
                url: String,
                name: String,
                role: Option<String>,
                quotes: usize,
                articles: usize,
            }
            let mut list: Vec<P> = site
                .people
                .iter()
                .enumerate()
                .map(|(i, p)| P {
                    url: v.person(i).url,
                    name: p.name.clone(),
                    role: p.role.clone(),
                    quotes: p.quotes.len(),
                    articles: p.articles.len(),
                })
                .collect();
            list.sort_by(|a, b| a.name.cmp(&b.name));
            ctx.insert("people", &list);
            ctx.insert("title", "People");
        }
        Page::Issues => {
            #[derive(Serialize)]
            struct I {
                url: String,
                title: String,
                depth: usize,
                articles: usize,
                events: usize,
                quotes: usize,
            }
            fn walk(site: &Site, v: &Views, i: usize, depth: usize, out: &mut Vec<I>) {
                let is = &site.issues[i];
                out.push(I {
                    url: v.issue(i).url,
                    title: is.title.clone(),
                    depth,
                    articles: is.articles.len(),
                    events: is.events.len(),
                    quotes: is.quotes.len(),
                });
                let mut kids = is.children.clone();
                kids.sort_by(|a, b| site.issues[*a].title.cmp(&site.issues[*b].title));
                for k in kids {
                    walk(site, v, k, depth + 1, out);
                }
            }
            let mut roots: Vec<usize> = (0..site.issues.len())
                .filter(|&i| site.issues[i].parent.is_none())
                .collect();
            roots.sort_by(|a, b| site.issues[*a].title.cmp(&site.issues[*b].title));
            let mut list = Vec::new();
            for r in roots {
                walk(site, &v, r, 0, &mut list);
            }
            ctx.insert("issues", &list);
            ctx.insert("title", "Issues");
        }
        Page::Outlets => {
            #[derive(Serialize)]
            struct O {
                url: String,
                name: String,
                kind: Option<String>,
                country: Option<String>,
                articles: usize,
            }
            let mut list: Vec<O> = site
                .outlets
                .iter()
                .enumerate()
                .map(|(i, o)| O {
                    url: v.target(Target::Outlet(i)).url,
                    name: o.name.clone(),
                    kind: o.kind.clone(),
                    country: o.country.clone(),
                    articles: o.articles.len(),
                })
                .collect();
            list.sort_by(|a, b| a.name.cmp(&b.name));
            ctx.insert("outlets", &list);
            ctx.insert("title", "Outlets");
        }
        Page::Events(n) => {
            let size = site.config.options.index_page_size.max(1);
            let mut idx: Vec<usize> = (0..site.events.len()).collect();
            idx.sort_by_key(|&e| (site.events[e].date, e));
            let list: Vec<EventV> = idx
                .into_iter()
                .skip(n * size)
                .take(size)
                .map(|e| v.event(e, false))
                .collect();
            ctx.insert("events", &list);
            ctx.insert("total", &site.events.len());
            ctx.insert("pager", &pager(site, "events", n, site.events.len(), root));
            ctx.insert(
                "title",
                &if n == 0 {
                    "Events".to_string()
                } else {
                    format!("Events, page {}", n + 1)
                },
            );
        }
        Page::Dates => {
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
            let dated = site.dates.values().filter(|e| !e.is_empty()).count();
            if dated <= site.config.options.chronology_max_rows {
                let rows: Vec<Row> = site
                    .dates
                    .iter()
                    .filter(|(_, e)| !e.is_empty())
                    .map(|(d, e)| Row {
                        date: v.date(d),
                        events: e.events.iter().map(|&x| v.event(x, false)).collect(),
                        statements: e.quotes.len(),
                        published: e.published.iter().map(|&a| v.article(a)).collect(),
                    })
                    .collect();
                ctx.insert("rows", &rows);
                ctx.insert("months", &Vec::<MonthRow>::new());
            } else {
                // A large chronology: one row per month (with what falls on its days), and the
                // month pages list the days.
                let mut months: Vec<MonthRow> = Vec::new();
                for (d, e) in &site.dates {
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
                    m.events += e.events.len();
                    m.statements += e.quotes.len();
                    m.published += e.published.len();
                }
                months.retain(|m| m.events + m.statements + m.published > 0);
                ctx.insert("rows", &Vec::<Row>::new());
                ctx.insert("months", &months);
            }
            ctx.insert("title", "Chronology");
        }
        Page::Article(i) => {
            let a = &site.articles[i];
            #[derive(Serialize)]
            struct A<'a> {
                title: &'a str,
                outlet: LinkV,
                published: DateV,
                published_time: Option<&'a str>,
                url: Option<&'a str>,
                byline: Option<&'a str>,
                language: Option<&'a str>,
                issues: Vec<LinkV>,
                people: Vec<LinkV>,
                events: Vec<EventV>,
                trimmed: &'a [crate::model::Trimmed],
                body: String,
                /// (kind, how many), in a fixed order.
                counts: Vec<(&'static str, usize)>,
            }
            let counts: Vec<(&'static str, usize)> = ["mention", "quote", "event", "note"]
                .into_iter()
                .map(|k| {
                    (
                        k,
                        a.annotations.iter().filter(|x| x.kind.name() == k).count(),
                    )
                })
                .filter(|(_, n)| *n > 0)
                .collect();
            let view = A {
                title: &a.title,
                outlet: v.target(Target::Outlet(a.outlet)),
                published: v.date(&a.published),
                published_time: a.published_time.as_deref(),
                url: a.url.as_deref().filter(|u| super::markdown::safe_url(u)),
                byline: a.byline.as_deref(),
                language: a.language.as_deref(),
                issues: a.issues.iter().map(|&x| v.issue(x)).collect(),
                people: a.people.iter().map(|&x| v.person(x)).collect(),
                events: a.events.iter().map(|&x| v.event(x, false)).collect(),
                trimmed: &a.trimmed,
                body: article_body(site, a, root),
                counts,
            };
            ctx.insert("title", &a.title);
            ctx.insert("article", &view);
            ctx.insert("prev", &i.checked_sub(1).map(|p| v.article(p)));
            ctx.insert(
                "next",
                &(i + 1 < site.articles.len()).then(|| v.article(i + 1)),
            );
        }
        Page::Person(i) => {
            let p = &site.people[i];
            let mut issue_counts: HashMap<Target, usize> = HashMap::new();
            for q in &p.quotes {
                if let AnnKind::Quote { issues, .. } = &site.ann(*q).kind {
                    for &x in issues {
                        *issue_counts.entry(Target::Issue(x)).or_insert(0) += 1;
                    }
                }
            }
            let mut co: HashMap<Target, usize> = HashMap::new();
            for &a in &p.articles {
                for &other in &site.articles[a].people {
                    if other != i {
                        *co.entry(Target::Person(other)).or_insert(0) += 1;
                    }
                }
            }
            #[derive(Serialize)]
            struct P<'a> {
                name: &'a str,
                aliases: &'a [String],
                role: Option<&'a str>,
                affiliation: Option<&'a str>,
                summary: Option<String>,
            }
            ctx.insert("title", &p.name);
            ctx.insert(
                "person",
                &P {
                    name: &p.name,
                    aliases: &p.aliases,
                    role: p.role.as_deref(),
                    affiliation: p.affiliation.as_deref(),
                    summary: md(&p.summary),
                },
            );
            ctx.insert(
                "quotes",
                &p.quotes
                    .iter()
                    .filter_map(|&q| v.quote(q))
                    .collect::<Vec<_>>(),
            );
            ctx.insert(
                "articles",
                &p.articles.iter().map(|&a| v.article(a)).collect::<Vec<_>>(),
            );
            ctx.insert("issues", &v.counted(issue_counts));
            ctx.insert("co_people", &v.counted(co));
            ctx.insert(
                "events",
                &p.events
                    .iter()
                    .map(|&e| v.event(e, false))
                    .collect::<Vec<_>>(),
            );
        }
        Page::Issue(i) => {
            let is = &site.issues[i];
            let mut people: HashMap<Target, usize> = HashMap::new();
            for q in &is.quotes {
                if let AnnKind::Quote { speaker, .. } = &site.ann(*q).kind {
                    *people.entry(Target::Person(*speaker)).or_insert(0) += 1;
                }
            }
            for &e in &is.events {
                for &p in &site.events[e].people {
                    *people.entry(Target::Person(p)).or_insert(0) += 1;
                }
            }
            #[derive(Serialize)]
            struct I<'a> {
                title: &'a str,
                summary: Option<String>,
                parent: Option<LinkV>,
                children: Vec<LinkV>,
            }
            ctx.insert("title", &is.title);
            ctx.insert(
                "issue",
                &I {
                    title: &is.title,
                    summary: md(&is.summary),
                    parent: is.parent.map(|p| v.issue(p)),
                    children: is.children.iter().map(|&c| v.issue(c)).collect(),
                },
            );
            ctx.insert("timeline", &v.timeline(&is.events, &is.quotes));
            ctx.insert("people", &v.counted(people));
            ctx.insert(
                "articles",
                &is.articles
                    .iter()
                    .map(|&a| v.article(a))
                    .collect::<Vec<_>>(),
            );
        }
        Page::Outlet(i) => {
            let o = &site.outlets[i];
            #[derive(Serialize)]
            struct O<'a> {
                name: &'a str,
                country: Option<&'a str>,
                kind: Option<&'a str>,
                url: Option<&'a str>,
                summary: Option<String>,
            }
            ctx.insert("title", &o.name);
            ctx.insert(
                "outlet",
                &O {
                    name: &o.name,
                    country: o.country.as_deref(),
                    kind: o.kind.as_deref(),
                    url: o.url.as_deref().filter(|u| super::markdown::safe_url(u)),
                    summary: md(&o.summary),
                },
            );
            ctx.insert(
                "articles",
                &o.articles.iter().map(|&a| v.article(a)).collect::<Vec<_>>(),
            );
            #[derive(Serialize)]
            struct Cite {
                passage: String,
                url: String,
                article: ArticleV,
            }
            let cited: Vec<Cite> = o
                .mentions
                .iter()
                .map(|&r| Cite {
                    passage: site.ann(r).passage.clone(),
                    url: v.u(site.ann_url(r)),
                    article: v.article(r.article),
                })
                .collect();
            ctx.insert("cited", &cited);
        }
        Page::Event(i) => {
            let e = &site.events[i];
            ctx.insert("title", &e.title);
            ctx.insert("event", &v.event(i, true));
            ctx.insert("summary", &md(&e.summary));
            ctx.insert("defined_in", &e.defined_in.map(|a| v.article(a)));
            let mentions: Vec<QuoteV> = e.mentions.iter().filter_map(|&q| v.quote(q)).collect();
            ctx.insert("statements", &mentions);
            let mentioned: Vec<ArticleV> = {
                let mut arts: Vec<usize> = e.mentions.iter().map(|r| r.article).collect();
                arts.sort_unstable();
                arts.dedup();
                arts.into_iter().map(|a| v.article(a)).collect()
            };
            ctx.insert("mentioned_in", &mentioned);
        }
        Page::Date(d) => {
            let entry = &site.dates[&d];
            ctx.insert("title", &d.to_string());
            ctx.insert("date", &v.date(&d));
            ctx.insert("up", &d.month_of().or(d.year_of()).map(|u| v.date(&u)));
            // The finer dates inside this month or year that have pages.
            #[derive(Serialize)]
            struct ChildV {
                url: String,
                title: String,
                /// Events and statements dated within it.
                happened: usize,
                /// Articles published within it.
                reported: usize,
            }
            let children: Vec<ChildV> = site
                .dates
                .range(d..)
                .skip(1)
                .take_while(|(c, _)| c.within(&d))
                .filter(|(c, _)| c.precision() as u8 == d.precision() as u8 + 1)
                .map(|(c, _)| {
                    let within = || {
                        site.dates
                            .range(*c..)
                            .take_while(|(x, _)| x.within(c))
                            .map(|(_, e)| e)
                    };
                    ChildV {
                        url: v.date(c).url,
                        title: c.to_string(),
                        happened: within().map(|e| e.events.len() + e.quotes.len()).sum(),
                        reported: within().map(|e| e.published.len()).sum(),
                    }
                })
                .collect();
            ctx.insert("children", &children);
            let same =
                |x: &&PartialDate| x.precision() == d.precision() && !site.dates[*x].is_empty();
            ctx.insert(
                "prev",
                &site
                    .dates
                    .range(..d)
                    .rev()
                    .map(|(k, _)| k)
                    .find(same)
                    .map(|p| v.date(p)),
            );
            ctx.insert(
                "next",
                &site
                    .dates
                    .range(d..)
                    .skip(1)
                    .map(|(k, _)| k)
                    .find(same)
                    .map(|p| v.date(p)),
            );
            ctx.insert(
                "published",
                &entry
                    .published
                    .iter()
                    .map(|&a| v.article(a))
                    .collect::<Vec<_>>(),
            );
            ctx.insert(
                "events",
                &entry
                    .events
                    .iter()
                    .map(|&e| v.event(e, true))
                    .collect::<Vec<_>>(),
            );
            ctx.insert(
                "quotes",
                &entry
                    .quotes
                    .iter()
                    .filter_map(|&q| v.quote(q))
                    .collect::<Vec<_>>(),
            );
        }
    }
    ctx
}

/// Links between the pages of a paginated index; `None` when it fits on one page.
#[derive(Serialize)]
struct PagerV {
    current: usize,
    pages: Vec<LinkV>,
    prev: Option<String>,
    next: Option<String>,
}

fn pager(site: &Site, dir: &str, n: usize, len: usize, root: &str) -> Option<PagerV> {
    let count = page_count(len, site);
    if count < 2 {
        return None;
    }
    let url = |k: usize| format!("{root}{}", paged(dir, k));
    Some(PagerV {
        current: n + 1,
        pages: (0..count)
            .map(|k| LinkV {
                url: url(k),
                title: (k + 1).to_string(),
            })
            .collect(),
        prev: n.checked_sub(1).map(url),
        next: (n + 1 < count).then(|| url(n + 1)),
    })
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

fn stats(site: &Site) -> Stats {
    Stats {
        articles: site.articles.len(),
        people: site.people.len(),
        issues: site.issues.len(),
        outlets: site.outlets.len(),
        events: site.events.len(),
        quotes: site.people.iter().map(|p| p.quotes.len()).sum(),
        annotations: site.articles.iter().map(|a| a.annotations.len()).sum(),
    }
}

fn nav(site: &Site, root: &str) -> Vec<LinkV> {
    let mut items = vec![
        ("index.html", "Home"),
        ("articles/index.html", "Articles"),
        ("people/index.html", "People"),
        ("issues/index.html", "Issues"),
        ("events/index.html", "Events"),
        ("dates/index.html", "Chronology"),
        ("outlets/index.html", "Outlets"),
    ];
    if site.config.options.search {
        items.push(("search.html", "Search"));
    }
    items
        .into_iter()
        .map(|(u, t)| LinkV {
            url: format!("{root}{u}"),
            title: t.to_string(),
        })
        .collect()
}
