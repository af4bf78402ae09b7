//! The pages of a site and the data each one's template receives.
//!
//! [`Page`] names every page the site has; [`Page::path`] is its file, [`Page::template`] its
//! Tera template and [`context`] the data handed to it, built by one small builder per page
//! kind (the submodules), each returning a typed, serialisable view. Every URL in a context
//! is already relative to the page that uses it, so templates just write
//! `href="{{ x.url }}"` and the site works from any sub-path of any host and from `file://`.

mod article;
pub(crate) mod date;
mod disputed;
mod entity;
mod home;
mod index;
pub mod lists;
mod preview;
mod print;
pub use print::{PRINT_ARTICLES, PRINT_BYTES, PRINT_ENTRIES};

use super::deps::DepKey;
use super::views::{LinkV, Views};
use crate::date::PartialDate;
use crate::site::{
    AnnRef, ArticleId, EntityKind, EventId, Idx, IssueId, OutletId, PersonId, Site, Target, url,
};
use serde::Serialize;

/// One page of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Page {
    Home,
    Search,
    /// The articles index, page `n` (0-based) of `index_page_size` articles.
    Articles(usize),
    /// The people index, page `n` (0-based), by name.
    People(usize),
    /// The issue tree, page `n` (0-based).
    Issues(usize),
    /// The outlets index, page `n` (0-based), by name.
    Outlets(usize),
    /// The events index, page `n` (0-based).
    Events(usize),
    Dates,
    Article(ArticleId),
    Person(PersonId),
    Issue(IssueId),
    Outlet(OutletId),
    Event(EventId),
    /// An organisation's or a place's page.
    Named(Target),
    /// The index of the organisations or of the places (made only when there are some),
    /// page `n` (0-based), by name.
    NamedIndex(EntityKind, usize),
    Date(PartialDate),
    /// The index of disputed points, page `n` (0-based).
    Disputes(usize),
    /// A disputed point: a note whose kind is in `NoteKind::DISPUTED`.
    Disputed(AnnRef),
    /// Page `n` (0-based) of a long list of an entity page (see [`lists`]).
    List(Target, lists::ListKind, usize),
    /// The whole dossier on one printable page (see [`print`]).
    Print,
    /// `404.html`, served by static hosts for any missing path, so its links start at the
    /// site's path on the host (see [`crate::publish::base_path`]).
    NotFound,
}

impl Page {
    /// The output file, relative to the site root: the page's folder's `index.html`, except
    /// for the home page (`index.html`) and `404.html`, which hosts look for by that name.
    pub fn path(&self, site: &Site) -> String {
        url::page_file(&self.url(site))
    }

    /// The page's root-relative URL (`people/ID/`; `""` for the home page), as
    /// [`Site::href`] makes links to it.
    pub fn url(&self, site: &Site) -> String {
        match self {
            Page::Home => String::new(),
            Page::Search => "search/".into(),
            Page::Print => "print/".into(),
            Page::NotFound => "404.html".into(),
            Page::Articles(n) => paged("articles", *n),
            Page::People(n) => paged("people", *n),
            Page::Issues(n) => paged("issues", *n),
            Page::Outlets(n) => paged("outlets", *n),
            Page::Events(n) => paged("events", *n),
            Page::Dates => "dates/".into(),
            Page::Article(i) => url::article(&site.articles[*i].slug),
            Page::Person(i) => url::person(&site.people[*i].id),
            Page::Issue(i) => url::issue(&site.issues[*i].id),
            Page::Outlet(i) => url::outlet(&site.outlets[*i].id),
            Page::Event(i) => url::event(&site.events[*i].id),
            Page::Named(t) => site.target_url(*t),
            Page::NamedIndex(k, n) => paged(k.folder(), *n),
            Page::Date(d) => url::date(d),
            Page::Disputes(n) => paged("disputed", *n),
            Page::Disputed(r) => {
                let a = &site.articles[r.article];
                url::disputed(&a.slug, &a.annotations[r.ann].anchor)
            }
            Page::List(t, k, n) => lists::list_path(site, *t, *k, *n),
        }
    }

    /// The template that renders it.
    pub fn template(&self) -> &'static str {
        match self {
            Page::Home => "home.html",
            Page::Search => "search.html",
            Page::Print => "print.html",
            Page::NotFound => "404.html",
            Page::Articles(_) => "articles.html",
            Page::People(_) => "people.html",
            Page::Issues(_) => "issues.html",
            Page::Outlets(_) => "outlets.html",
            Page::Events(_) => "events.html",
            Page::Dates => "dates.html",
            Page::Article(_) => "article.html",
            Page::Person(_) => "person.html",
            Page::Issue(_) => "issue.html",
            Page::Outlet(_) => "outlet.html",
            Page::Event(_) => "event.html",
            Page::Named(_) => "named.html",
            Page::NamedIndex(..) => "named_index.html",
            Page::Date(_) => "date.html",
            Page::Disputes(_) => "disputes.html",
            Page::Disputed(_) => "disputed.html",
            Page::List(..) => "list.html",
        }
    }

    /// The page kind, as counted in the build summary.
    pub fn kind(&self) -> &'static str {
        match self {
            Page::Home | Page::Search | Page::NotFound => "home",
            Page::Articles(_)
            | Page::People(_)
            | Page::Issues(_)
            | Page::Outlets(_)
            | Page::Events(_)
            | Page::Dates
            | Page::Print
            | Page::NamedIndex(..)
            | Page::Disputes(_) => "index",
            Page::Article(_) => "article",
            Page::Person(_) => "person",
            Page::Issue(_) => "issue",
            Page::Outlet(_) => "outlet",
            Page::Event(_) => "event",
            Page::Named(Target::Place(_)) => "place",
            Page::Named(_) => "organisation",
            Page::Date(_) => "date",
            Page::Disputed(_) => "disputed",
            Page::List(..) => "list",
        }
    }

    /// The prefix that leads from this page back to the site root: one `../` per folder
    /// of its file (the 404 page's links start at the host's root instead, see
    /// [`context`]).
    pub fn root(&self) -> &'static str {
        match self {
            Page::Home => "",
            Page::NotFound => "/",
            Page::Search | Page::Print | Page::Dates => "../",
            // The first page of an index is its folder; the others are folders inside it.
            Page::Disputes(0)
            | Page::Articles(0)
            | Page::Events(0)
            | Page::People(0)
            | Page::Issues(0)
            | Page::Outlets(0)
            | Page::NamedIndex(_, 0) => "../",
            Page::Disputed(_) | Page::List(..) => "../../../",
            _ => "../../",
        }
    }
}

/// `articles/`, `articles/index-2/`, ...
fn paged(dir: &str, n: usize) -> String {
    if n == 0 {
        format!("{dir}/")
    } else {
        format!("{dir}/index-{}/", n + 1)
    }
}

/// How many index pages a list of `len` items takes.
pub fn page_count(len: usize, site: &Site) -> usize {
    len.div_ceil(site.config.options.index_page_size.max(1))
        .max(1)
}

/// The articles index page that lists article `i` (the list is newest first).
pub fn articles_page_of(site: &Site, i: ArticleId) -> Page {
    Page::Articles(
        (site.articles.len() - 1 - i.index()) / site.config.options.index_page_size.max(1),
    )
}

/// Every page of the site, in a stable order.
pub fn all_pages(site: &Site) -> Vec<Page> {
    let mut pages = vec![Page::Home, Page::Dates];
    pages.extend((0..page_count(site.people.len(), site)).map(Page::People));
    pages.extend((0..page_count(site.issues.len(), site)).map(Page::Issues));
    pages.extend((0..page_count(site.outlets.len(), site)).map(Page::Outlets));
    pages.extend((0..page_count(site.articles.len(), site)).map(Page::Articles));
    pages.extend((0..page_count(site.events.len(), site)).map(Page::Events));
    if site.config.options.search {
        pages.push(Page::Search);
    }
    pages.push(Page::Print);
    pages.push(Page::NotFound);
    pages.extend(site.articles.ids().map(Page::Article));
    pages.extend(site.people.ids().map(Page::Person));
    pages.extend(site.issues.ids().map(Page::Issue));
    pages.extend(site.outlets.ids().map(Page::Outlet));
    pages.extend(site.events.ids().map(Page::Event));
    pages.extend(named_entities(site).map(Page::Named));
    for (k, len) in named_indexes(site) {
        pages.extend((0..page_count(len, site)).map(|n| Page::NamedIndex(k, n)));
    }
    pages.extend(site.dates.keys().map(|d| Page::Date(*d)));
    pages.extend((0..page_count(site.disputes.all.len(), site)).map(Page::Disputes));
    pages.extend(site.disputes.all.iter().map(|&r| Page::Disputed(r)));
    for t in list_owners(site) {
        for &k in lists::lists_of(t) {
            pages.extend((0..lists::list_pages(site, t, k)).map(|n| Page::List(t, k, n)));
        }
    }
    pages
}

/// Every entity whose page has lists ([`lists::lists_of`]).
pub(crate) fn list_owners(site: &Site) -> impl Iterator<Item = Target> + '_ {
    (site.people.ids().map(Target::Person))
        .chain(site.issues.ids().map(Target::Issue))
        .chain(site.outlets.ids().map(Target::Outlet))
        .chain(site.events.ids().map(Target::Event))
        .chain(named_entities(site))
}

/// Every organisation and place.
fn named_entities(site: &Site) -> impl Iterator<Item = Target> + '_ {
    (site.organisations.ids().map(Target::Organisation)).chain(site.places.ids().map(Target::Place))
}

/// The indexes of organisations and places, for the registries that have entries.
/// The kinds of named entities that have an index (those the dossier has), with how many.
fn named_indexes(site: &Site) -> impl Iterator<Item = (EntityKind, usize)> {
    [
        (EntityKind::Organisation, site.organisations.len()),
        (EntityKind::Place, site.places.len()),
    ]
    .into_iter()
    .filter(|&(_, n)| n > 0)
}

/// The per-page data for `page`'s template, and (when `record`) what the page read. The
/// site-wide data (`site`) is a global context.
pub fn context(
    site: &Site,
    page: Page,
    record: bool,
    markup: &crate::render::markdown::Markup,
) -> (tera::Context, Vec<DepKey>) {
    let root = match page {
        Page::NotFound => crate::publish::base_path(site),
        _ => page.root().to_string(),
    };
    let root = root.as_str();
    let v = Views::new(site, root, record);
    let mut ctx = match page {
        Page::Home => view(home::home(&v)),
        Page::Search => view(index::search(&v)),
        Page::NotFound => view(index::not_found(&v)),
        Page::Articles(n) => view(index::articles(&v, n)),
        Page::People(n) => view(index::people(&v, n)),
        Page::Issues(n) => view(index::issues(&v, n)),
        Page::Outlets(n) => view(index::outlets(&v, n)),
        Page::Events(n) => view(index::events(&v, n)),
        Page::Dates => view(index::chronology(&v)),
        Page::Article(i) => view(article::article(&v, i, markup)),
        Page::Print => view(print::print(&v, markup)),
        Page::Person(i) => view(entity::person(&v, i)),
        Page::Issue(i) => view(entity::issue(&v, i)),
        Page::Outlet(i) => view(entity::outlet(&v, i)),
        Page::Event(i) => view(entity::event(&v, i)),
        Page::Named(t) => view(entity::named(&v, t)),
        Page::NamedIndex(k, n) => view(index::named(&v, k, n)),
        Page::Date(d) => view(date::date(&v, d)),
        Page::Disputes(n) => view(disputed::index(&v, n)),
        Page::List(t, k, n) => view(lists::list_page(&v, t, k, n)),
        Page::Disputed(r) => view(disputed::disputed(&v, r)),
    };
    ctx.insert("root", root);
    ctx.insert("page_kind", page.kind());
    let meta = crate::publish::head::meta(site, page, root);
    ctx.insert("canonical", &meta.canonical);
    ctx.insert("meta", &meta);
    ctx.insert("nav", &nav(site, root));
    ctx.insert("urls", &urls(site, root));
    (ctx, v.into_deps())
}

/// A page builder's view as the template's top-level variables.
fn view(v: impl Serialize) -> tera::Context {
    tera::Context::from_serialize(&v).expect("page views serialize to a map")
}

/// Markdown of an optional field, with links relative to the page.
/// A registry summary, its links as resolve found them.
fn md(v: &Views, s: &Option<String>, links: &[crate::site::LinkDest]) -> Option<String> {
    s.as_deref()
        .map(|s| super::markdown::markdown(s, Some((v.site, links)), v.root))
}

/// Links between the pages of a paginated index; `None` when it fits on one page.
#[derive(Serialize)]
struct PagerV {
    current: usize,
    pages: Vec<LinkV>,
    prev: Option<String>,
    next: Option<String>,
    /// What the previous and the next page hold, as the links say it ("Newer", "Older").
    prev_label: &'static str,
    next_label: &'static str,
}

/// The order of a paginated list, which names its previous and next pages.
#[derive(Clone, Copy)]
enum Order {
    NewestFirst,
    OldestFirst,
    ByName,
}

impl PagerV {
    /// The links of page `n` of `count` pages of a list in `order`, page `k` being at
    /// `url(k)`.
    fn new(n: usize, count: usize, order: Order, url: impl Fn(usize) -> String) -> PagerV {
        let (prev_label, next_label) = match order {
            Order::NewestFirst => ("Newer", "Older"),
            Order::OldestFirst => ("Earlier", "Later"),
            Order::ByName => ("Previous", "Next"),
        };
        PagerV {
            prev_label,
            next_label,
            current: n + 1,
            pages: (0..count)
                .map(|k| LinkV {
                    url: url(k),
                    title: (k + 1).to_string(),
                })
                .collect(),
            prev: n.checked_sub(1).map(&url),
            next: (n + 1 < count).then(|| url(n + 1)),
        }
    }
}

/// The pager of page `n` of the index in folder `dir` listing `len` items in `order`.
fn pager(v: &Views, dir: &str, n: usize, len: usize, order: Order) -> Option<PagerV> {
    pager_of(v, dir, n, page_count(len, v.site), order)
}

/// [`pager`] of an index of `count` pages.
fn pager_of(v: &Views, dir: &str, n: usize, count: usize, order: Order) -> Option<PagerV> {
    (count > 1).then(|| PagerV::new(n, count, order, |k| v.u(paged(dir, k))))
}

/// The rows of page `n` of an index (`index_page_size` to a page).
fn page_rows<T>(site: &Site, rows: Vec<T>, n: usize) -> Vec<T> {
    let size = site.config.options.index_page_size.max(1);
    rows.into_iter().skip(n * size).take(size).collect()
}

/// Page `n` of an index of `ids`, `size` to a page, in the order of `key` (which tells any two
/// apart): the page's ids are selected, then only they are sorted. Sorting all the ids for
/// each page made an index's pages cost as the square of its length (at 100,000 articles,
/// the events index took 26 times its time at 10,000).
fn page_by_key<T, K: Ord>(mut ids: Vec<T>, n: usize, size: usize, key: impl Fn(&T) -> K) -> Vec<T> {
    let size = size.max(1);
    let from = n.saturating_mul(size);
    if from >= ids.len() {
        return Vec::new();
    }
    // Those before the page, then those on it.
    ids.select_nth_unstable_by_key(from, &key);
    let mut page = ids.split_off(from);
    if size < page.len() {
        page.select_nth_unstable_by_key(size, &key);
        page.truncate(size);
    }
    page.sort_unstable_by_key(key);
    page
}

fn nav(site: &Site, root: &str) -> Vec<LinkV> {
    let mut items = vec![
        (Page::Home, "Home"),
        (Page::Articles(0), "Articles"),
        (Page::People(0), "People"),
        (Page::Issues(0), "Issues"),
        (Page::Events(0), "Events"),
        (Page::Dates, "Chronology"),
        (Page::Outlets(0), "Outlets"),
    ];
    for (k, _) in named_indexes(site) {
        items.push((
            Page::NamedIndex(k, 0),
            match k {
                EntityKind::Place => "Places",
                _ => "Organisations",
            },
        ));
    }
    items.push((Page::Disputes(0), "Disputed"));
    if site.config.options.search {
        items.push((Page::Search, "Search"));
    }
    items
        .into_iter()
        .map(|(p, t)| LinkV {
            url: site.href(root, &p.url(site)),
            title: t.to_string(),
        })
        .collect()
}

/// Links to the fixed pages, for templates (`{{ urls.people }}`), relative to the page and
/// in the site's URL style, so a template never spells a page's file name.
#[derive(Serialize)]
struct UrlsV {
    home: String,
    articles: String,
    people: String,
    issues: String,
    events: String,
    dates: String,
    outlets: String,
    disputed: String,
    search: String,
    print: String,
}

fn urls(site: &Site, root: &str) -> UrlsV {
    let href = |p: Page| site.href(root, &p.url(site));
    UrlsV {
        home: href(Page::Home),
        articles: href(Page::Articles(0)),
        people: href(Page::People(0)),
        issues: href(Page::Issues(0)),
        events: href(Page::Events(0)),
        dates: href(Page::Dates),
        outlets: href(Page::Outlets(0)),
        disputed: href(Page::Disputes(0)),
        search: href(Page::Search),
        print: href(Page::Print),
    }
}

/// A page title with its page number after the first: "Articles", "Articles, page 2".
fn numbered(title: &str, n: usize) -> String {
    if n == 0 {
        title.to_string()
    } else {
        format!("{title}, page {}", n + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::page_by_key;

    proptest::proptest! {
        /// The pages, one after the other, are the whole list sorted, for every page size.
        #[test]
        fn pages_by_key_are_the_sorted_list_cut(keys in proptest::collection::vec(0u8..6, 0..40)) {
            let ids: Vec<usize> = (0..keys.len()).collect();
            let key = |&i: &usize| (keys[i], i);
            let mut sorted = ids.clone();
            sorted.sort_by_key(key);
            for size in 1..=keys.len().max(1) {
                let pages = keys.len().div_ceil(size) + 1;
                let cut: Vec<usize> = (0..pages)
                    .flat_map(|n| page_by_key(ids.clone(), n, size, key))
                    .collect();
                proptest::prop_assert_eq!(&cut, &sorted, "pages of {}", size);
            }
        }
    }
}
