//! The shapes templates see, and [`Views`], which builds them for one page.
//!
//! Every read of the site that an article edit can change goes through a `Views` method that
//! records it (see [`super::deps`]): a page's dependencies are what its builder actually read.

use super::deps::{Dep, DepKey};
use crate::date::{EventDate, PartialDate, Precision};
use crate::site::{
    AnnKind, AnnRef, ArticleId, DateEntry, Event, EventId, Issue, IssueId, Named, Outlet, OutletId,
    Person, PersonId, Site, Speaker, Table, Target, url,
};
use serde::Serialize;
use std::cell::RefCell;
/// How often each entity occurs on a page's lists (see [`Views::counted`]).
pub type Counts = rustc_hash::FxHashMap<Target, usize>;

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
    /// The date filed under (`datetime`, the date page's key): an event's anchor.
    pub key: String,
    /// As a reader says it, with its qualifier: "about 2 August 2008".
    pub label: String,
    pub url: String,
    pub precision: Precision,
    /// `about`, `between`, `by` or `after`, for an event's date that is not firm.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<&'static str>,
    /// A range's last date (its key).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
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

/// Builds views relative to one page, recording what it reads.
pub struct Views<'s> {
    pub site: &'s Site,
    pub root: &'s str,
    /// What the page read, when recording (a live session); `None` for a plain build.
    deps: Option<RefCell<Vec<DepKey>>>,
}

impl<'s> Views<'s> {
    pub fn new(site: &'s Site, root: &'s str, record: bool) -> Self {
        Views {
            site,
            root,
            deps: record.then(RefCell::default),
        }
    }

    /// What the page read (empty when not recording).
    pub fn into_deps(self) -> Vec<DepKey> {
        let mut d = self.deps.map(RefCell::into_inner).unwrap_or_default();
        d.sort_unstable();
        d.dedup();
        d
    }

    /// Records that the page shows `dep`.
    pub fn read(&self, dep: Dep) {
        if let Some(d) = &self.deps {
            d.borrow_mut().push(dep.key());
        }
    }

    /// A root-relative URL made relative to this page.
    pub fn u(&self, rel: String) -> String {
        self.site.href(self.root, &rel)
    }

    /// Article `i`'s own data (recorded).
    pub fn article_data(&self, i: ArticleId) -> &'s crate::site::Article {
        let a = &self.site.articles[i];
        self.read(Dep::Article(&a.slug));
        a
    }

    /// Article `i` as a list entry shows it (recorded as [`Dep::ArticleCard`]): read only its
    /// slug, title, outlet, date and number of annotations.
    pub fn article_card(&self, i: ArticleId) -> &'s crate::site::Article {
        let a = &self.site.articles[i];
        self.read(Dep::ArticleCard(&a.slug));
        a
    }

    /// What article `i` names (recorded as [`Dep::Names`]): read only its `people`, `issues`
    /// and `events`, and its mentions.
    pub fn article_names(&self, i: ArticleId) -> &'s crate::site::Article {
        let a = &self.site.articles[i];
        self.read(Dep::Names(&a.slug));
        a
    }

    /// Annotation `r` (recorded as [`Dep::Ann`]).
    pub fn ann(&self, r: AnnRef) -> &'s crate::site::Annotation {
        let a = &self.site.articles[r.article];
        self.read(Dep::Ann(&a.slug, r.ann));
        &a.annotations[r.ann]
    }

    /// A person with their back-reference lists (recorded).
    pub fn person_refs(&self, i: PersonId) -> &'s Person {
        let p = &self.site.people[i];
        self.read(Dep::PersonRefs(&p.id));
        p
    }

    /// An issue with its back-reference lists (recorded).
    pub fn issue_refs(&self, i: IssueId) -> &'s Issue {
        let x = &self.site.issues[i];
        self.read(Dep::IssueRefs(&x.id));
        x
    }

    /// An outlet with its back-reference lists (recorded).
    pub fn outlet_refs(&self, i: OutletId) -> &'s Outlet {
        let o = &self.site.outlets[i];
        self.read(Dep::OutletRefs(&o.id));
        o
    }

    /// An organisation or a place with its mentions, quotes and articles (recorded).
    pub fn named_refs(&self, t: Target) -> &'s Named {
        let n = self.site.named(t);
        self.read(Dep::NamedRefs(t.kind(), &n.id));
        n
    }

    /// An event's own data (recorded: an inline event changes with its article).
    pub fn event_data(&self, i: EventId) -> &'s Event {
        let e = &self.site.events[i];
        if let Some(a) = e.defined_in {
            self.read(Dep::Article(&self.site.articles[a].slug));
        }
        e
    }

    /// An event with its reports and mentions (recorded).
    pub fn event_refs(&self, i: EventId) -> &'s Event {
        let e = self.event_data(i);
        self.read(Dep::EventRefs(&e.id));
        e
    }

    /// What falls on date `d` (recorded).
    pub fn date_entry(&self, d: &PartialDate) -> &'s DateEntry {
        self.read(Dep::DateRefs(*d));
        &self.site.dates[d]
    }

    /// Every date and what falls on it (recorded as a whole).
    pub fn all_dates(&self) -> &'s std::collections::BTreeMap<PartialDate, DateEntry> {
        self.read(Dep::DateList);
        for d in self.site.dates.keys() {
            self.read(Dep::DateRefs(*d));
        }
        &self.site.dates
    }

    /// All articles in order (recorded: the list's order and length).
    pub fn article_list(&self) -> &'s Table<ArticleId, crate::site::Article> {
        self.read(Dep::ArticleList);
        &self.site.articles
    }

    /// All events (recorded: the list's order and length).
    pub fn event_list(&self) -> &'s Table<EventId, Event> {
        self.read(Dep::EventList);
        &self.site.events
    }

    /// The disputed points (recorded).
    pub fn disputes(&self) -> &'s crate::disputes::Disputes {
        self.read(Dep::Disputes);
        &self.site.disputes
    }

    /// Page `n` of the disputed points, `index_page_size` to a page, and the number of pages
    /// (recorded as that page alone: a point that comes or goes re-renders the pages from
    /// its own on, not the ones before it).
    pub fn disputes_page(&self, n: usize) -> (&'s [crate::site::AnnRef], usize) {
        self.read(Dep::DisputesPage(n));
        disputes_page(self.site, n)
    }

    pub fn date(&self, d: &PartialDate) -> DateV {
        DateV {
            key: d.key(),
            label: d.to_string(),
            url: self.u(url::date(d)),
            precision: d.precision(),
            qualifier: None,
            until: None,
        }
    }

    /// An event's date: filed under its anchor, said with its qualifier.
    pub fn event_date(&self, d: &EventDate) -> DateV {
        DateV {
            label: d.to_string(),
            qualifier: d.qualifier(),
            until: d.until().map(|u| u.key()),
            ..self.date(&d.anchor())
        }
    }

    pub fn target(&self, t: Target) -> LinkV {
        if let Target::Event(e) = t {
            self.event_data(e);
        }
        LinkV {
            url: self.u(self.site.target_url(t)),
            title: self.site.target_label(t).to_string(),
        }
    }

    /// Who said it: a link to a person's or an organisation's page, or (no URL) an unnamed
    /// source as written.
    pub fn speaker(&self, s: &Speaker) -> LinkV {
        match s.target() {
            Some(t) => self.target(t),
            None => LinkV {
                url: String::new(),
                title: self.site.speaker_label(s).to_string(),
            },
        }
    }

    pub fn person(&self, i: PersonId) -> LinkV {
        self.target(Target::Person(i))
    }

    pub fn issue(&self, i: IssueId) -> LinkV {
        self.target(Target::Issue(i))
    }

    pub fn article(&self, i: ArticleId) -> ArticleV {
        let a = self.article_card(i);
        ArticleV {
            url: self.u(url::article(&a.slug)),
            title: a.title.clone(),
            outlet: self.target(Target::Outlet(a.outlet)),
            published: self.date(&a.published),
            annotations: a.annotations.len(),
        }
    }

    pub fn quote(&self, r: AnnRef) -> Option<QuoteV> {
        let ann = self.ann(r);
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
            speaker: self.speaker(speaker),
            said: self.date(said),
            said_is_publication: *said_is_publication,
            article: self.article(r.article),
            issues: issues.iter().map(|&i| self.issue(i)).collect(),
            via: via.clone(),
            date_note: date_note.clone(),
        })
    }

    pub fn event(&self, i: EventId, with_reports: bool) -> EventV {
        let e = if with_reports {
            self.event_refs(i)
        } else {
            self.event_data(i)
        };
        let reports = if with_reports {
            e.reports
                .iter()
                .map(|&r| {
                    let ann = self.ann(r);
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
                            reported_date.as_ref().map(ToString::to_string),
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
            date: self.event_date(&e.when),
            status: e.status.as_str(),
            place: e.place.clone(),
            people: e.people.iter().map(|&p| self.person(p)).collect(),
            issues: e.issues.iter().map(|&i| self.issue(i)).collect(),
            reports,
        }
    }

    /// The first `n` of `counts` (entities and how often they occur), the most frequent
    /// first, and how many it leaves out.
    pub fn counted(&self, counts: Counts, n: usize) -> (Vec<CountedV>, usize) {
        let left = counts.len().saturating_sub(n);
        // Only those that can be among the first `n` are made into views: a person in a
        // large share of a big dossier's articles shares them with thousands of others, and
        // making every one cost each such page as much as the registry.
        let least = match n {
            0 => usize::MAX,
            _ if left == 0 => 0,
            _ => {
                let mut c: Vec<usize> = counts.values().copied().collect();
                *c.select_nth_unstable_by(n - 1, |a, b| b.cmp(a)).1
            }
        };
        let mut v: Vec<CountedV> = counts
            .into_iter()
            .filter(|&(_, count)| count >= least)
            .map(|(t, count)| {
                let l = self.target(t);
                CountedV {
                    url: l.url,
                    title: l.title,
                    count,
                }
            })
            .collect();
        // Ties by title, then by URL: two entities may share a title, and the map has no order.
        v.sort_by(|a, b| (b.count, &a.title, &a.url).cmp(&(a.count, &b.title, &b.url)));
        v.truncate(n);
        (v, left)
    }
}

/// Page `n` of the disputed points and the number of pages (see [`Views::disputes_page`]).
pub fn disputes_page(site: &Site, n: usize) -> (&[crate::site::AnnRef], usize) {
    let all = &site.disputes.all;
    let size = site.config.options.index_page_size.max(1);
    let start = (n * size).min(all.len());
    let end = (start + size).min(all.len());
    (&all[start..end], super::pages::page_count(all.len(), site))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::{Idx, IssueId, PersonId};

    /// `counted` makes views only of the entities that can be shown; what it shows must be
    /// the first `n` of every entity ranked (most frequent first, then by title, then URL),
    /// ties at the cut included.
    #[test]
    fn the_counted_first_are_those_of_the_whole_ranking() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let p = crate::pipeline::prepare(root).unwrap_or_else(|r| panic!("{}", r.render_human()));
        let site = &p.site;
        let v = Views::new(site, "", false);
        // Few distinct counts, so that many entities tie at every cut.
        let people = (0..site.people.len()).map(|i| (Target::Person(PersonId::new(i)), i % 3));
        let issues = (0..site.issues.len()).map(|i| (Target::Issue(IssueId::new(i)), i % 2));
        let counts: Counts = people.chain(issues).collect();
        let mut whole: Vec<(usize, String, String)> = (counts.iter())
            .map(|(&t, &c)| {
                let l = v.target(t);
                (c, l.title, l.url)
            })
            .collect();
        whole.sort_by(|a, b| (b.0, &a.1, &a.2).cmp(&(a.0, &b.1, &b.2)));
        assert!(whole.len() > 10, "only {} entities", whole.len());
        for n in 0..=whole.len() + 1 {
            let (shown, left) = v.counted(counts.clone(), n);
            let shown: Vec<(usize, String, String)> = shown
                .into_iter()
                .map(|c| (c.count, c.title, c.url))
                .collect();
            let want = &whole[..n.min(whole.len())];
            assert_eq!(shown, want, "the first {n}");
            assert_eq!(left, whole.len() - want.len(), "left out of the first {n}");
        }
    }
}
