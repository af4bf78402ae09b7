//! The back-references: which lists each annotation feeds, rebuilt whole by
//! [`Site::reindex`] or patched in place by [`Site::replace_article`].

use crate::date::PartialDate;
use crate::site::*;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// A back-reference list an annotation belongs on. `slots` is the one place that says which
/// annotations feed which lists; `reindex` and the in-place patch both follow it.
#[derive(Clone, Copy)]
enum Slot {
    SpeakerQuotes(PersonId),
    IssueQuotes(IssueId),
    DateQuotes(PartialDate),
    EventReports(EventId),
    EventMentions(EventId),
    OutletMentions(OutletId),
    OrganisationQuotes(OrganisationId),
    OrganisationMentions(OrganisationId),
    PlaceMentions(PlaceId),
}

/// The lists of organisations and places. They are filled only by a whole reindex: an edit
/// of an article that names one reindexes (see `names_bodies`).
struct NamedLists<'a> {
    organisations: &'a mut Table<OrganisationId, Named>,
    places: &'a mut Table<PlaceId, Named>,
}

impl Slot {
    /// The list itself.
    fn list<'a>(
        self,
        people: &'a mut Table<PersonId, Person>,
        issues: &'a mut Table<IssueId, Issue>,
        events: &'a mut Table<EventId, Event>,
        outlets: &'a mut Table<OutletId, Outlet>,
        dates: &'a mut BTreeMap<PartialDate, DateEntry>,
    ) -> &'a mut Vec<AnnRef> {
        match self {
            Slot::SpeakerQuotes(p) => &mut people[p].quotes,
            Slot::IssueQuotes(i) => &mut issues[i].quotes,
            Slot::DateQuotes(d) => &mut dates.entry(d).or_default().quotes,
            Slot::EventReports(e) => &mut events[e].reports,
            Slot::EventMentions(e) => &mut events[e].mentions,
            Slot::OutletMentions(o) => &mut outlets[o].mentions,
            Slot::OrganisationQuotes(_)
            | Slot::OrganisationMentions(_)
            | Slot::PlaceMentions(_) => unreachable!("filled by `named_list`"),
        }
    }

    /// The list, when it is an organisation's or a place's.
    fn named_list<'a>(self, n: &'a mut NamedLists) -> Option<&'a mut Vec<AnnRef>> {
        match self {
            Slot::OrganisationQuotes(o) => Some(&mut n.organisations[o].quotes),
            Slot::OrganisationMentions(o) => Some(&mut n.organisations[o].mentions),
            Slot::PlaceMentions(p) => Some(&mut n.places[p].mentions),
            _ => None,
        }
    }

    /// People's and issues' quotes are kept in the order said; other lists in reading order.
    fn by_date(self) -> bool {
        matches!(
            self,
            Slot::SpeakerQuotes(_) | Slot::IssueQuotes(_) | Slot::OrganisationQuotes(_)
        )
    }
}

/// Calls `f` with each back-reference list an annotation of an article of outlet `own`
/// belongs on: an outlet's own articles naming it do not cite it. (A callback, not a vector:
/// one allocation per annotation showed in the profile of the first resolve.)
fn each_slot(kind: &AnnKind, own: OutletId, mut f: impl FnMut(Slot)) {
    match kind {
        AnnKind::Quote {
            speaker,
            said,
            issues,
            event,
            ..
        } => {
            match speaker {
                Speaker::Person(p) => f(Slot::SpeakerQuotes(*p)),
                Speaker::Organisation(o) => f(Slot::OrganisationQuotes(*o)),
                Speaker::Unnamed(_) => {}
            }
            f(Slot::DateQuotes(*said));
            issues.iter().for_each(|&i| f(Slot::IssueQuotes(i)));
            if let Some(e) = event {
                f(Slot::EventMentions(*e));
            }
        }
        AnnKind::Event { event, .. } => f(Slot::EventReports(*event)),
        AnnKind::Mention(Target::Event(e)) => f(Slot::EventMentions(*e)),
        AnnKind::Mention(Target::Outlet(o)) if *o != own => f(Slot::OutletMentions(*o)),
        AnnKind::Mention(Target::Organisation(o)) => f(Slot::OrganisationMentions(*o)),
        AnnKind::Mention(Target::Place(p)) => f(Slot::PlaceMentions(*p)),
        _ => {}
    }
}

/// When annotation `r` was said (a quote) or published (anything else): the order of the
/// lists kept in the order said.
fn date_of(articles: &Table<ArticleId, Article>, r: &AnnRef) -> PartialDate {
    match &articles[r.article].annotations[r.ann].kind {
        AnnKind::Quote { said, .. } => *said,
        _ => articles[r.article].published,
    }
}

/// Whether an article mentions or quotes an organisation or a place, whose lists only a
/// whole reindex fills.
fn names_bodies(a: &Article) -> bool {
    a.annotations.iter().any(|x| {
        matches!(
            x.kind,
            AnnKind::Mention(Target::Organisation(_) | Target::Place(_))
                | AnnKind::Quote {
                    speaker: Speaker::Organisation(_),
                    ..
                }
        )
    })
}

impl Site {
    /// Puts `new` in place of the article with the same slug (or adds it), and brings every
    /// back-reference up to date. When the article keeps its place in the order and neither
    /// version defines inline events (the usual edit), only the lists it appears in are
    /// patched; otherwise the whole site is reindexed.
    pub fn replace_article(&mut self, slug: &str, new: Option<Article>) {
        let old = self.article_by_slug.get(slug).copied();
        let same_place = match (old, &new) {
            (Some(i), Some(n)) => {
                let a = &self.articles[i];
                a.published == n.published
                    && a.inline_events.is_empty()
                    && n.inline_events.is_empty()
                    && !names_bodies(a)
                    && !names_bodies(n)
            }
            _ => false,
        };
        if !same_place {
            if let Some(i) = old {
                self.articles.remove(i);
            }
            self.articles.extend(new);
            self.reindex();
            return;
        }
        let (i, mut new) = (old.expect("same place"), new.expect("same place"));
        self.unlink(i);
        new.events = new
            .event_refs
            .iter()
            .map(|r| match r {
                EventRef::Registry(e) => *e,
                EventRef::Inline(_) => unreachable!("no inline events on this path"),
            })
            .collect();
        for ann in &mut new.annotations {
            if let AnnKind::Event {
                event,
                event_ref: EventRef::Registry(e),
                ..
            } = &mut ann.kind
            {
                *event = *e;
            }
        }
        self.articles[i] = new;
        self.link(i);
    }

    /// The dates an article contributes to (publication and statements).
    fn article_dates(a: &Article) -> Vec<PartialDate> {
        let mut d = vec![a.published];
        for ann in &a.annotations {
            if let AnnKind::Quote { said, .. } = &ann.kind {
                d.push(*said);
            }
        }
        d
    }

    /// Outlets an article mentions (besides its own).
    fn mentioned_outlets(a: &Article) -> Vec<OutletId> {
        a.annotations
            .iter()
            .filter_map(|x| match x.kind {
                AnnKind::Mention(Target::Outlet(o)) => Some(o),
                _ => None,
            })
            .collect()
    }

    /// Removes article `i` from every back-reference list (its position stays taken).
    fn unlink(&mut self, i: ArticleId) {
        let a = &self.articles[i];
        let not_i = |r: &AnnRef| r.article != i;
        for &p in &a.people {
            self.people[p].articles.retain(|&x| x != i);
            self.people[p].quotes.retain(not_i);
        }
        for &x in &a.issues {
            self.issues[x].articles.retain(|&y| y != i);
            self.issues[x].quotes.retain(not_i);
        }
        for o in std::iter::once(a.outlet).chain(Self::mentioned_outlets(a)) {
            self.outlets[o].articles.retain(|&x| x != i);
            self.outlets[o].mentions.retain(not_i);
        }
        for &e in &a.events {
            self.events[e].reports.retain(not_i);
            self.events[e].mentions.retain(not_i);
        }
        for d in Self::article_dates(a) {
            if let Some(entry) = self.dates.get_mut(&d) {
                entry.published.retain(|&x| x != i);
                entry.quotes.retain(not_i);
            }
        }
        for t in &a.links_to {
            if let Some(v) = self.linked_from.get_mut(t) {
                v.retain(|&x| x != i);
            }
        }
        let dates = Self::article_dates(a);
        self.prune_dates(&dates);
    }

    /// Adds article `i` to every back-reference list, in the order `reindex` gives them.
    fn link(&mut self, i: ArticleId) {
        let Site {
            articles,
            people,
            issues,
            outlets,
            events,
            dates,
            linked_from,
            ..
        } = self;
        let a = &articles[i];
        // Article lists are newest first; annotation lists in reading order, except the
        // people's and issues' quotes, which are in the order said.
        let desc = |v: &mut Vec<ArticleId>| {
            let at = v.partition_point(|&x| x > i);
            v.insert(at, i);
        };
        let asc = |v: &mut Vec<AnnRef>, r: AnnRef| {
            let at = v.partition_point(|&x| x < r);
            v.insert(at, r);
        };
        let by_date = |v: &mut Vec<AnnRef>, r: AnnRef| {
            let key = (date_of(articles, &r), r);
            let at = v.partition_point(|x| (date_of(articles, x), *x) < key);
            v.insert(at, r);
        };
        for &p in &a.people {
            desc(&mut people[p].articles);
        }
        for &x in &a.issues {
            desc(&mut issues[x].articles);
        }
        desc(&mut outlets[a.outlet].articles);
        let entry = dates.entry(a.published).or_default();
        let at = entry.published.partition_point(|&x| x < i);
        entry.published.insert(at, i);
        for (ni, ann) in a.annotations.iter().enumerate() {
            let r = AnnRef {
                article: i,
                ann: ni,
            };
            each_slot(&ann.kind, a.outlet, |slot| {
                // An article naming an organisation or a place is never patched in place.
                let list = slot.list(people, issues, events, outlets, dates);
                if slot.by_date() {
                    by_date(list, r)
                } else {
                    asc(list, r)
                }
            });
        }
        for t in &a.links_to {
            let v = linked_from.entry(t.clone()).or_default();
            let at = v.partition_point(|&x| x < i);
            v.insert(at, i);
        }
        for d in Self::article_dates(a) {
            for up in std::iter::once(d).chain(d.month_of()).chain(d.year_of()) {
                dates.entry(up).or_default();
            }
        }
    }

    /// Drops date entries among `touched` (and above them) that nothing needs any more.
    fn prune_dates(&mut self, touched: &[PartialDate]) {
        let mut candidates: BTreeSet<PartialDate> = BTreeSet::new();
        for d in touched {
            candidates.extend(std::iter::once(*d).chain(d.month_of()).chain(d.year_of()));
        }
        for d in candidates.into_iter().rev() {
            let needed = self
                .dates
                .range(d..)
                .take_while(|(k, _)| k.within(&d))
                .any(|(_, e)| !e.is_empty());
            if !needed {
                self.dates.remove(&d);
            }
        }
    }

    /// Recomputes everything derived from the articles: their order, inline events, and every
    /// back-reference (a person's quotes, a date's events...). Linear in the number of
    /// annotations; a live session calls it after replacing one article.
    pub fn reindex(&mut self) {
        self.reindex_unlinked();
        self.relink_from();
    }

    /// [`Site::reindex`] but for the links between articles, for the first resolve, which
    /// applies the notes' links after it (and relinks then).
    pub(super) fn reindex_unlinked(&mut self) {
        self.clear_backrefs();
        self.articles
            .sort_by(|a, b| (a.published, &a.slug).cmp(&(b.published, &b.slug)));
        self.place_inline_events();
        self.index_ids();
        self.collect_backrefs();
        self.complete_dates();
        for i in self.issues.ids() {
            if let Some(p) = self.issues[i].parent {
                self.issues[p].children.push(i);
            }
        }
        self.sort_backrefs();
    }

    /// Empties every back-reference list and drops the inline events.
    fn clear_backrefs(&mut self) {
        self.events.truncate(self.registry_events);
        for p in self.people.iter_mut() {
            p.quotes.clear();
            p.articles.clear();
            p.events.clear();
        }
        for i in self.issues.iter_mut() {
            i.children.clear();
            i.articles.clear();
            i.quotes.clear();
            i.events.clear();
        }
        for o in self.outlets.iter_mut() {
            o.articles.clear();
            o.mentions.clear();
        }
        for e in self.events.iter_mut() {
            e.reports.clear();
            e.mentions.clear();
        }
        for n in self.organisations.iter_mut().chain(self.places.iter_mut()) {
            n.articles.clear();
            n.mentions.clear();
            n.quotes.clear();
        }
        // Date entries keep their place and their vectors' capacity: rebuilding the map on every
        // edit of a large dossier costs more than all the rest of the reindex.
        for e in self.dates.values_mut() {
            e.published.clear();
            e.events.clear();
            e.quotes.clear();
        }
    }

    /// Copies inline events into `events` after the registry's, in article order, and points
    /// every article's event references at their place there.
    fn place_inline_events(&mut self) {
        let Site {
            articles, events, ..
        } = self;
        for (ai, a) in articles.enumerate_mut() {
            let base = events.len();
            for e in &a.inline_events {
                let mut e = e.clone();
                e.defined_in = Some(ai);
                events.push(e);
            }
            let resolve = |r: EventRef| match r {
                EventRef::Registry(i) => i,
                EventRef::Inline(k) => EventId::new(base + k),
            };
            a.events = a.event_refs.iter().map(|&r| resolve(r)).collect();
            for ann in &mut a.annotations {
                if let AnnKind::Event {
                    event, event_ref, ..
                } = &mut ann.kind
                {
                    *event = resolve(*event_ref);
                }
            }
        }
    }

    /// Ids (with the inline events') and slugs.
    fn index_ids(&mut self) {
        self.ids = self.registry_ids.clone();
        for (i, e) in self.events.enumerate().skip(self.registry_events) {
            self.ids.entry(e.id.clone()).or_insert(Target::Event(i));
        }
        let articles = &self.articles;
        let in_place = self.article_by_slug.len() == articles.len()
            && articles
                .enumerate()
                .all(|(i, a)| self.article_by_slug.get(&a.slug) == Some(&i));
        if !in_place {
            self.article_by_slug = articles
                .enumerate()
                .map(|(i, a)| (a.slug.clone(), i))
                .collect();
        }
    }

    /// Recomputes which articles link to which (`linked_from`) from each one's `links_to`.
    pub fn relink_from(&mut self) {
        self.linked_from.clear();
        for (ai, a) in self.articles.enumerate() {
            for target in a.links_to.iter() {
                self.linked_from.entry(target.clone()).or_default().push(ai);
            }
        }
        self.disputes = crate::disputes::Disputes::of(self);
    }

    /// Fills every back-reference list, in article then reading order.
    fn collect_backrefs(&mut self) {
        let Site {
            articles,
            people,
            issues,
            outlets,
            events,
            dates,
            organisations,
            places,
            ..
        } = self;
        let mut named = NamedLists {
            organisations,
            places,
        };
        for (ai, a) in articles.enumerate() {
            outlets[a.outlet].articles.push(ai);
            dates.entry(a.published).or_default().published.push(ai);
            for &p in &a.people {
                people[p].articles.push(ai);
            }
            for &i in &a.issues {
                issues[i].articles.push(ai);
            }
            for (ni, ann) in a.annotations.iter().enumerate() {
                let r = AnnRef {
                    article: ai,
                    ann: ni,
                };
                each_slot(&ann.kind, a.outlet, |slot| {
                    match slot.named_list(&mut named) {
                        Some(list) => list.push(r),
                        None => slot.list(people, issues, events, outlets, dates).push(r),
                    }
                });
            }
        }
        for (ei, e) in events.enumerate() {
            for d in e.when.placements() {
                dates.entry(d).or_default().events.push(ei);
            }
            for &p in &e.people {
                people[p].events.push(ei);
            }
            for &i in &e.issues {
                issues[i].events.push(ei);
            }
        }
    }

    /// Every day has its month page and every month its year page, so navigation can go up;
    /// an entry that is neither dated itself nor above a dated one goes.
    fn complete_dates(&mut self) {
        let dates = &mut self.dates;
        let mut keep: BTreeSet<PartialDate> = BTreeSet::new();
        for (d, e) in dates.iter() {
            if !e.is_empty() {
                keep.insert(*d);
                keep.extend(d.month_of());
                keep.extend(d.year_of());
            }
        }
        dates.retain(|d, _| keep.contains(d));
        for d in keep {
            dates.entry(d).or_default();
        }
    }

    /// Puts each list in its order: quotes by date said, events by date, articles newest first.
    fn sort_backrefs(&mut self) {
        let Site {
            articles,
            people,
            issues,
            outlets,
            events,
            ..
        } = self;
        let articles = &*articles;
        let when = |r: &AnnRef| (date_of(articles, r), *r);
        let events = &*events;
        rayon::join(
            || {
                people.as_mut_slice().par_iter_mut().for_each(|p| {
                    p.quotes.sort_by_key(when);
                    p.articles.reverse();
                    p.events.sort_by_key(|&e| (events[e].date, e));
                })
            },
            || {
                issues.as_mut_slice().par_iter_mut().for_each(|i| {
                    i.quotes.sort_by_key(when);
                    i.events.sort_by_key(|&e| (events[e].date, e));
                    i.articles.reverse();
                })
            },
        );
        for o in outlets.iter_mut() {
            o.articles.reverse();
        }
        // An organisation's or a place's articles: those that mention or quote it, newest first.
        for n in self.organisations.iter_mut().chain(self.places.iter_mut()) {
            n.quotes.sort_by_key(when);
            let mut a: Vec<ArticleId> = n
                .mentions
                .iter()
                .chain(&n.quotes)
                .map(|r| r.article)
                .collect();
            a.sort_unstable_by(|x, y| y.cmp(x));
            a.dedup();
            n.articles = a;
        }
    }
}
