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

use crate::date::PartialDate;
use crate::site::{AnnKind, AnnRef, ArticleId, EntityKind, Idx, Site, Speaker, Target};
use std::collections::{HashMap, HashSet};

/// One thing a page can read that an article edit can change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dep<'a> {
    /// An article's own data: title, date, outlet, text, annotations, inline events.
    Article(&'a str),
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
    /// The disputed points, the passages they link to and whom they concern.
    Disputes,
    /// The disputed points that concern one entity (by kind and id).
    DisputesOf(EntityKind, &'a str),
}

/// A dependency as stored: a hash of the [`Dep`], so that recording costs no allocation. A
/// collision can only make a page render again needlessly.
pub type DepKey = u64;

impl Dep<'_> {
    pub fn key(&self) -> DepKey {
        use std::hash::{Hash, Hasher};
        let mut h = xxhash_rust::xxh3::Xxh3Default::new();
        self.hash(&mut h);
        h.finish()
    }
}

/// Pages (by output path) and the dependencies each read when it was last rendered.
#[derive(Default)]
pub struct DepIndex {
    readers: HashMap<DepKey, HashSet<u32>>,
    pages: Vec<String>,
    ids: HashMap<String, u32>,
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

    /// Forgets a page that no longer exists.
    pub fn remove(&mut self, path: &str) {
        if self.ids.contains_key(path) {
            self.set(path, Vec::new());
            self.ids.remove(path);
        }
    }

    /// The pages that read any of `deps`.
    pub fn readers(&self, deps: &HashSet<DepKey>) -> HashSet<&str> {
        deps.iter()
            .filter_map(|k| self.readers.get(k))
            .flatten()
            .filter_map(|&id| {
                let p = self.pages[id as usize].as_str();
                self.ids.contains_key(p).then_some(p)
            })
            .collect()
    }
}

/// The dependencies an edit of article `i` can change, in the site as it is: the article, its
/// neighbours, and every back-reference list it contributes to. Called before and after the
/// edit; the union is what changed.
pub fn article_effects(site: &Site, i: ArticleId, out: &mut HashSet<DepKey>) {
    let a = &site.articles[i];
    let mut add = |d: Dep| {
        out.insert(d.key());
    };
    add(Dep::Article(&a.slug));
    // A disputed point lives in an article, and concerns what the passages it links to are
    // about (in articles linked from others) and inline events (whose indexes move). The
    // entities it concerns read only their own points.
    let mut points = disputed_notes(site, i);
    for &from in site.linked_from.get(&a.slug).into_iter().flatten() {
        points.extend(disputed_notes(site, from));
    }
    if !points.is_empty() || !a.inline_events.is_empty() {
        add(Dep::Disputes);
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
    add(Dep::OutletRefs(&site.outlets[a.outlet].id));
    for &p in &a.people {
        add(Dep::PersonRefs(&site.people[p].id));
    }
    for &x in &a.issues {
        add(Dep::IssueRefs(&site.issues[x].id));
    }
    for &e in &a.events {
        add(Dep::EventRefs(&site.events[e].id));
    }
    let mut dates = vec![a.published];
    for ann in &a.annotations {
        match &ann.kind {
            AnnKind::Quote { said, speaker, .. } => {
                dates.push(*said);
                match speaker {
                    Speaker::Person(p) => add(Dep::PersonRefs(&site.people[*p].id)),
                    Speaker::Organisation(o) => add(Dep::NamedRefs(
                        EntityKind::Organisation,
                        &site.organisations[*o].id,
                    )),
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
            AnnKind::Mention(Target::Outlet(o)) => add(Dep::OutletRefs(&site.outlets[*o].id)),
            AnnKind::Mention(t @ (Target::Organisation(_) | Target::Place(_))) => {
                add(Dep::NamedRefs(t.kind(), site.target_id(*t)))
            }
            _ => {}
        }
    }
    for e in &a.inline_events {
        dates.extend(e.when.placements());
        for &p in &e.people {
            add(Dep::PersonRefs(&site.people[p].id));
        }
        for &x in &e.issues {
            add(Dep::IssueRefs(&site.issues[x].id));
        }
    }
    date_effects(site, dates, &mut add);
}

/// What changes with what falls on `dates`: those dates' pages, the months and years above
/// them, and the neighbours that link to them.
fn date_effects(site: &Site, dates: Vec<PartialDate>, add: &mut impl FnMut(Dep)) {
    for d in dates {
        for x in std::iter::once(d).chain(d.month_of()).chain(d.year_of()) {
            add(Dep::DateRefs(x));
            add(Dep::DateNeighbours(x));
            let same = |k: &&PartialDate| k.precision() == x.precision();
            if let Some(p) = site.dates.range(..x).rev().map(|(k, _)| k).find(same) {
                add(Dep::DateNeighbours(*p));
            }
            if let Some(n) = site.dates.range(x..).skip(1).map(|(k, _)| k).find(same) {
                add(Dep::DateNeighbours(*n));
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
