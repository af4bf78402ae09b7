//! What each page read from the site, recorded while its context was built.
//!
//! A live session must know which pages an edit changes. Instead of restating, beside the
//! page builders, what every page shows, the builders read the site through [`Views`]
//! (super::views::Views), which records a [`Dep`] for everything that can change when an
//! article is edited: the article itself, the back-reference lists of an entity (a person's
//! quotes, a date's events), and the orders of the lists. An edit then names the `Dep`s it
//! changed ([`article_effects`]), and exactly the pages that read one of them are rendered
//! again. Registry, template and configuration edits rebuild everything, so the fields of
//! registry entries (names, titles) are not recorded.
//!
//! A back-reference list or a date's neighbours that an edit touches often comes out the
//! same (an edited note leaves its article's people's lists as they were), so such a `Dep`
//! is taken with a hash of its value ([`Effects`]) before and after the edit, and it changed
//! only when the hashes differ. The value is what a reader takes from the `Dep` itself: the
//! entity's lists as [`refs`] gives them (ids in order, filtered and merged as the list pages
//! show them), a date's entries, a date's neighbours. The contents of the entries are the
//! articles' own data, which a reader records in the part it shows, each part valued the
//! same way: an article as a list entry ([`Dep::ArticleCard`]), what it names
//! ([`Dep::Names`]), one annotation ([`Dep::Ann`]), or the whole article ([`Dep::Article`],
//! its own page, always taken as changed). So an edited note re-renders the pages that show
//! that note, not every page that lists its article.

use super::pages::date;
use super::pages::lists::{lists_of, refs};
use super::views::Views;
use crate::date::PartialDate;
use crate::site::{AnnKind, AnnRef, ArticleId, DateEntry, EntityKind, Idx, Site, Speaker, Target};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

/// One thing a page can read that an article edit can change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dep<'a> {
    /// An article's own data: title, date, outlet, text, annotations, inline events.
    Article(&'a str),
    /// An article as a list entry shows it: title, outlet, date, number of annotations.
    ArticleCard(&'a str),
    /// What an article names: its people, issues and events, and its mentions' passages.
    Names(&'a str),
    /// One annotation of an article, by position (with the article's text, which its passage
    /// and markup come from).
    Ann(&'a str, usize),
    /// Which articles come just before and after this one.
    Neighbours(&'a str),
    /// The order and number of all articles.
    ArticleList,
    /// The order and number of all events (inline events come and go with articles).
    EventList,
    /// A person's quotes, articles and events.
    PersonRefs(&'a str),
    IssueRefs(&'a str),
    OutletRefs(&'a str),
    /// An event's reports and mentions.
    EventRefs(&'a str),
    /// An organisation's or a place's mentions, quotes and articles.
    NamedRefs(EntityKind, &'a str),
    /// What falls on a date.
    DateRefs(PartialDate),
    /// Which dates of the same precision come just before and after this one.
    DateNeighbours(PartialDate),
    /// The set of dates that have something on them.
    DateList,
    /// Which disputed points there are, in order (each entry reads its own parts).
    Disputes,
    /// Which disputed points page `n` of their index lists, and how many pages there are.
    DisputesPage(usize),
    /// The disputed points that concern one entity (by kind and id).
    DisputesOf(EntityKind, &'a str),
}

/// A dependency as stored: a hash of the [`Dep`], so that recording costs no allocation. A
/// collision can only make a page render again needlessly.
pub type DepKey = u64;

impl Dep<'_> {
    pub fn key(&self) -> DepKey {
        let mut h = xxhash_rust::xxh3::Xxh3Default::new();
        self.hash(&mut h);
        h.finish()
    }
}

/// Pages (by output path) and the dependencies each read when it was last rendered.
#[derive(Default)]
pub struct DepIndex {
    // Fx: the keys are hashes already, and a page's edit updates thousands of entries.
    readers: FxHashMap<DepKey, FxHashSet<u32>>,
    pages: Vec<String>,
    ids: FxHashMap<String, u32>,
    read: Vec<Vec<DepKey>>,
}

impl DepIndex {
    /// Records that the page at `path` read `deps` (replacing what it read before).
    pub fn set(&mut self, path: &str, deps: Vec<DepKey>) {
        let id = match self.ids.get(path) {
            Some(&id) => id,
            None => {
                let id = self.pages.len() as u32;
                self.pages.push(path.to_string());
                self.ids.insert(path.to_string(), id);
                self.read.push(Vec::new());
                id
            }
        };
        for k in std::mem::take(&mut self.read[id as usize]) {
            if let Some(s) = self.readers.get_mut(&k) {
                s.remove(&id);
            }
        }
        for &k in &deps {
            self.readers.entry(k).or_default().insert(id);
        }
        self.read[id as usize] = deps;
    }

    /// Takes in what the pages just rendered read; forgets `removed` pages, and with
    /// `complete` (the whole site was rendered) every page not rendered.
    pub fn update(&mut self, deps: Vec<(String, Vec<DepKey>)>, removed: &[String], complete: bool) {
        if complete {
            *self = DepIndex::default();
        }
        for (path, d) in deps {
            self.set(&path, d);
        }
        for p in removed {
            self.remove(p);
        }
    }

    /// Forgets what a page that no longer exists read. Its path keeps its number, so that a
    /// page that comes and goes (a disputed point toggled in a preview) does not grow the
    /// index with every edit.
    pub fn remove(&mut self, path: &str) {
        if self.ids.contains_key(path) {
            self.set(path, Vec::new());
        }
    }

    /// The pages that read any of `deps`.
    pub fn readers(&self, deps: &HashSet<DepKey>) -> HashSet<&str> {
        deps.iter()
            .filter_map(|k| self.readers.get(k))
            .flatten()
            .map(|&id| self.pages[id as usize].as_str())
            .collect()
    }
}

/// What an edit can change: each [`DepKey`] with the hash of its value where it has one
/// (`None`: taken as changed whenever it is touched).
pub type Effects = HashMap<DepKey, Option<u64>>;

/// The dependencies an edit of article `i` can change, in the site as it is: the article, its
/// neighbours, and every back-reference list it contributes to, each with its value's hash
/// where it has one. Called before and after the edit; what is on one side only, or has
/// another hash, is what changed (see [`changed`]).
pub fn article_effects(site: &Site, i: ArticleId, out: &mut Effects) {
    let a = &site.articles[i];
    parts_effects(site, i, out);
    let mut add = |d: Dep| {
        out.insert(d.key(), None);
    };
    add(Dep::Article(&a.slug));
    // A disputed point lives in an article, and concerns what the passages it links to are
    // about (in articles linked from others) and inline events (whose indexes move). The
    // entities it concerns read only their own points.
    let mut points = disputed_notes(site, i);
    for &from in site.linked_from.get(&a.slug).into_iter().flatten() {
        points.extend(disputed_notes(site, from));
    }
    for r in points {
        for t in crate::disputes::concerns(site, r) {
            add(Dep::DisputesOf(t.kind(), site.target_id(t)));
        }
    }
    let i = i.index();
    for j in [i.checked_sub(1), Some(i), Some(i + 1)]
        .into_iter()
        .flatten()
    {
        if let Some(n) = site.articles.get(ArticleId::new(j)) {
            add(Dep::Neighbours(&n.slug));
        }
    }
    // The entities whose lists the article feeds, each valued once.
    let mut entities = vec![Target::Outlet(a.outlet)];
    entities.extend(a.people.iter().map(|&p| Target::Person(p)));
    entities.extend(a.issues.iter().map(|&x| Target::Issue(x)));
    entities.extend(a.events.iter().map(|&e| Target::Event(e)));
    let mut dates = vec![a.published];
    for ann in &a.annotations {
        match &ann.kind {
            AnnKind::Quote { said, speaker, .. } => {
                dates.push(*said);
                match speaker {
                    Speaker::Person(p) => entities.push(Target::Person(*p)),
                    Speaker::Organisation(o) => entities.push(Target::Organisation(*o)),
                    Speaker::Unnamed(_) => {}
                }
            }
            AnnKind::Event {
                event,
                reported_date,
                ..
            } => {
                dates.extend(site.events[*event].when.placements());
                dates.extend(reported_date.iter().flat_map(|d| d.placements()));
            }
            AnnKind::Mention(
                t @ (Target::Outlet(_) | Target::Organisation(_) | Target::Place(_)),
            ) => entities.push(*t),
            _ => {}
        }
    }
    for e in &a.inline_events {
        dates.extend(e.when.placements());
        entities.extend(e.people.iter().map(|&p| Target::Person(p)));
        entities.extend(e.issues.iter().map(|&x| Target::Issue(x)));
    }
    entities.sort_unstable();
    entities.dedup();
    for t in entities {
        let dep = match t {
            Target::Person(p) => Dep::PersonRefs(&site.people[p].id),
            Target::Issue(x) => Dep::IssueRefs(&site.issues[x].id),
            Target::Outlet(o) => Dep::OutletRefs(&site.outlets[o].id),
            Target::Event(e) => Dep::EventRefs(&site.events[e].id),
            Target::Organisation(_) | Target::Place(_) => {
                Dep::NamedRefs(t.kind(), site.target_id(t))
            }
        };
        out.insert(dep.key(), Some(lists_value(site, t)));
    }
    date_effects(site, dates, out);
}

/// The parts of article `i` that pages read apart from the whole ([`Dep::ArticleCard`],
/// [`Dep::Names`], each [`Dep::Ann`]), and the list of disputed points, each with its value:
/// an edit of one annotation re-renders the pages that show that annotation, not every page
/// that lists the article.
fn parts_effects(site: &Site, i: ArticleId, out: &mut Effects) {
    let a = &site.articles[i];
    let card = (&a.title, a.outlet, a.published, a.annotations.len());
    out.insert(Dep::ArticleCard(&a.slug).key(), Some(value(&card)));
    let mentions: Vec<(&Target, &str)> = (a.annotations.iter())
        .filter_map(|x| match &x.kind {
            AnnKind::Mention(t) => Some((t, x.passage.as_str())),
            _ => None,
        })
        .collect();
    let names = (&a.people, &a.issues, &a.events, mentions);
    out.insert(Dep::Names(&a.slug).key(), Some(value(&names)));
    // An annotation's value is all of it (as `Debug` prints it: every field, no map) and the
    // text around it, whose markup its rendered passage carries.
    let text = value(&a.text.as_ref());
    for (k, x) in a.annotations.iter().enumerate() {
        let ann = value(&(text, format!("{x:?}")));
        out.insert(Dep::Ann(&a.slug, k).key(), Some(ann));
    }
    // The order and membership of the points (their entries read their own parts), each
    // point named by its article's slug, not its place: an article that moves shifts the
    // places of others, and a page could then hold the same places for other notes.
    out.insert(
        Dep::Disputes.key(),
        Some(disputes_value(site, &site.disputes.all, 0)),
    );
    for n in 0..super::pages::page_count(site.disputes.all.len(), site) {
        let (page, pages) = super::views::disputes_page(site, n);
        out.insert(
            Dep::DisputesPage(n).key(),
            Some(disputes_value(site, page, pages)),
        );
    }
}

/// The hash of a list of disputed points (by article slug and annotation number) and a
/// number of pages.
fn disputes_value(site: &Site, points: &[AnnRef], pages: usize) -> u64 {
    let named: Vec<(&str, usize)> = (points.iter())
        .map(|r| (site.articles[r.article].slug.as_str(), r.ann))
        .collect();
    value(&(named, pages))
}

/// The dependencies that changed between the effects taken before and after an edit.
pub fn changed(before: Effects, after: &Effects) -> HashSet<DepKey> {
    let mut dirty: HashSet<DepKey> = after
        .iter()
        .filter(|(k, v)| v.is_none() || before.get(*k) != Some(*v))
        .map(|(k, _)| *k)
        .collect();
    dirty.extend(
        before
            .into_iter()
            .filter(|(k, v)| v.is_none() || !after.contains_key(k))
            .map(|(k, _)| k),
    );
    dirty
}

/// The hash of an entity's lists as its pages read them through [`refs`].
fn lists_value(site: &Site, t: Target) -> u64 {
    let v = Views::new(site, "", false);
    let lists: Vec<_> = lists_of(t).iter().map(|&k| refs(&v, t, k)).collect();
    value(&lists)
}

/// The hash of a `Dep`'s value.
fn value(x: &impl Hash) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3Default::new();
    x.hash(&mut h);
    h.finish()
}

/// What changes with what falls on `dates`: those dates' pages, the months and years above
/// them, and the neighbours that link to them. A date's page is valued by its entries and the
/// finer dates inside it (a month lists its days), its neighbours by [`date::neighbours`].
fn date_effects(site: &Site, dates: Vec<PartialDate>, out: &mut Effects) {
    let entries = |d: PartialDate| {
        let inside: Vec<(&PartialDate, &DateEntry)> = (site.dates.range(d..))
            .take_while(|(x, _)| x.within(&d))
            .collect();
        let own = site
            .dates
            .get(&d)
            .map(|e| (&e.published, &e.events, &e.quotes));
        let inside: Vec<_> = inside
            .iter()
            .map(|(x, e)| (*x, e.published.len(), e.events.len(), e.quotes.len()))
            .collect();
        value(&(own, inside))
    };
    for d in dates {
        for x in std::iter::once(d).chain(d.month_of()).chain(d.year_of()) {
            out.insert(Dep::DateRefs(x).key(), Some(entries(x)));
            let (before, after) = date::neighbours(site, x);
            out.insert(Dep::DateNeighbours(x).key(), Some(value(&(before, after))));
            for n in [before, after].into_iter().flatten() {
                let around = date::neighbours(site, n);
                out.insert(Dep::DateNeighbours(n).key(), Some(value(&around)));
            }
        }
    }
}

/// The disputed notes of article `i`.
fn disputed_notes(site: &Site, i: ArticleId) -> Vec<AnnRef> {
    site.articles[i]
        .annotations
        .iter()
        .enumerate()
        .filter(|(_, x)| matches!(&x.kind, AnnKind::Note { kind, .. } if kind.is_disputed()))
        .map(|(ann, _)| AnnRef { article: i, ann })
        .collect()
}
