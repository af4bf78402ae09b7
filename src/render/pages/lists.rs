//! Long lists, bounded. A person named in every article of a 100,000-article dossier would
//! otherwise get a page of megabytes. An entity page shows the newest `list_items` entries of
//! each of its lists and links to the whole list, which has pages of its own
//! (`people/zakharova/statements/`, `…/statements-2/`, …) of `list_page_size` entries
//! each, in the list's own order, so the pages together list everything.

use super::super::views::{ArticleV, EventV, LinkV, QuoteV, TimelineV, Views};
use super::{PagerV, numbered};
use crate::site::{AnnKind, AnnRef, ArticleId, EventId, Site, Target};
use serde::Serialize;
use std::ops::Range;

/// A list of an entity page that can be continued on pages of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ListKind {
    /// Articles that name a person, touch an issue, come from an outlet or mention an event.
    Articles,
    /// A person's statements, or the statements about an event.
    Statements,
    /// The events a person took part in.
    Events,
    /// An issue's events and statements, merged by date.
    Timeline,
    /// The passages of other outlets' articles that name an outlet.
    Cited,
    /// The articles' reports of an event.
    Reports,
    /// The passages that name an organisation or a place.
    Mentions,
}

impl ListKind {
    /// Its file name stem.
    pub fn slug(self) -> &'static str {
        match self {
            ListKind::Articles => "articles",
            ListKind::Statements => "statements",
            ListKind::Events => "events",
            ListKind::Timeline => "timeline",
            ListKind::Cited => "cited",
            ListKind::Reports => "reports",
            ListKind::Mentions => "mentions",
        }
    }

    /// True when the list runs from the oldest entry to the newest, so that an entity page
    /// shows its end. Article lists run newest first.
    fn oldest_first(self) -> bool {
        !matches!(self, ListKind::Articles)
    }

    /// The heading of its pages ("Statements of Maria Zakharova").
    fn heading(self, t: Target, name: &str) -> String {
        match (self, t) {
            (ListKind::Articles, Target::Person(_)) => format!("Articles that name {name}"),
            (ListKind::Articles, Target::Issue(_)) => format!("Articles on {name}"),
            (ListKind::Articles, Target::Outlet(_)) => format!("Articles from {name}"),
            (ListKind::Articles, Target::Event(_)) => format!("Articles that mention {name}"),
            (ListKind::Articles, _) => format!("Articles that name {name}"),
            (ListKind::Mentions, _) => format!("Passages that name {name}"),
            (ListKind::Statements, Target::Event(_)) => format!("Statements about {name}"),
            (ListKind::Statements, _) => format!("Statements of {name}"),
            (ListKind::Events, _) => format!("Events {name} took part in"),
            (ListKind::Timeline, _) => format!("Timeline of {name}"),
            (ListKind::Cited, _) => format!("{name} cited by other outlets"),
            (ListKind::Reports, _) => format!("Reports of {name}"),
        }
    }

    /// What one entry is called, singular and plural.
    fn noun(self) -> (&'static str, &'static str) {
        match self {
            ListKind::Articles => ("article", "articles"),
            ListKind::Statements => ("statement", "statements"),
            ListKind::Events => ("event", "events"),
            ListKind::Timeline => ("entry", "entries"),
            ListKind::Cited => ("citation", "citations"),
            ListKind::Reports => ("report", "reports"),
            ListKind::Mentions => ("passage", "passages"),
        }
    }
}

/// The lists of `t`'s page that can grow with the dossier.
pub fn lists_of(t: Target) -> &'static [ListKind] {
    match t {
        Target::Person(_) => &[ListKind::Statements, ListKind::Events, ListKind::Articles],
        Target::Issue(_) => &[ListKind::Timeline, ListKind::Articles],
        Target::Outlet(_) => &[ListKind::Articles, ListKind::Cited],
        Target::Event(_) => &[ListKind::Reports, ListKind::Statements, ListKind::Articles],
        Target::Organisation(_) => &[ListKind::Statements, ListKind::Mentions, ListKind::Articles],
        Target::Place(_) => &[ListKind::Mentions, ListKind::Articles],
    }
}

/// The entries of one list, by reference, in the list's order.
#[derive(Hash)]
pub enum Refs {
    Articles(Vec<ArticleId>),
    Quotes(Vec<AnnRef>),
    Events(Vec<EventId>),
    /// Events and statements, merged by date.
    Timeline(Vec<TimelineRef>),
    /// Annotations shown as the passage and its article (citations, reports).
    Passages(Vec<AnnRef>),
}

/// An entry of a merged timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimelineRef {
    Event(EventId),
    Quote(AnnRef),
}

impl Refs {
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn len(&self) -> usize {
        match self {
            Refs::Articles(v) => v.len(),
            Refs::Quotes(v) | Refs::Passages(v) => v.len(),
            Refs::Events(v) => v.len(),
            Refs::Timeline(v) => v.len(),
        }
    }
}

/// List `k` of `t`, read through `v` (so the page that shows it depends on it).
pub fn refs(v: &Views, t: Target, k: ListKind) -> Refs {
    held(v, t, k).whole(v.site)
}

/// Part of list `k` of `t`: the entries that `range` picks from the list's length, and that
/// length. A list's pages each take their part without making the whole list, so that the
/// pages of a long list cost as the list, not as its square.
pub fn part(
    v: &Views,
    t: Target,
    k: ListKind,
    range: impl FnOnce(usize) -> Range<usize>,
) -> (Refs, usize) {
    let held = held(v, t, k);
    let len = held.len(v.site);
    (held.part(v.site, range(len)), len)
}

/// List `k` of `t` as the site holds it: a back-reference list, or those it is made from.
/// Borrowed, so that the output plan counts every entity's lists without copying the
/// back-reference lists.
enum Held<'s> {
    Articles(&'s [ArticleId]),
    Quotes(&'s [AnnRef]),
    Events(&'s [EventId]),
    Passages(&'s [AnnRef]),
    /// An issue's events and statements, to merge by date.
    Timeline(&'s [EventId], &'s [AnnRef]),
    /// An event's mentions, whose quotes are its statements.
    EventQuotes(&'s [AnnRef]),
    /// An event's mentions, whose articles (once each) are its articles.
    EventArticles(&'s [AnnRef]),
}

fn held<'s>(v: &Views<'s>, t: Target, k: ListKind) -> Held<'s> {
    match (t, k) {
        (Target::Person(i), ListKind::Statements) => Held::Quotes(&v.person_refs(i).quotes),
        (Target::Person(i), ListKind::Events) => Held::Events(&v.person_refs(i).events),
        (Target::Person(i), _) => Held::Articles(&v.person_refs(i).articles),
        (Target::Issue(i), ListKind::Timeline) => {
            let is = v.issue_refs(i);
            Held::Timeline(&is.events, &is.quotes)
        }
        (Target::Issue(i), _) => Held::Articles(&v.issue_refs(i).articles),
        (Target::Outlet(i), ListKind::Cited) => Held::Passages(&v.outlet_refs(i).mentions),
        (Target::Outlet(i), _) => Held::Articles(&v.outlet_refs(i).articles),
        (Target::Organisation(_) | Target::Place(_), k) => {
            let n = v.named_refs(t);
            match k {
                ListKind::Statements => Held::Quotes(&n.quotes),
                ListKind::Mentions => Held::Passages(&n.mentions),
                _ => Held::Articles(&n.articles),
            }
        }
        (Target::Event(i), ListKind::Reports) => Held::Passages(&v.event_refs(i).reports),
        (Target::Event(i), ListKind::Statements) => Held::EventQuotes(&v.event_refs(i).mentions),
        (Target::Event(i), _) => Held::EventArticles(&v.event_refs(i).mentions),
    }
}

impl Held<'_> {
    /// The whole list.
    fn whole(&self, site: &Site) -> Refs {
        match *self {
            Held::Timeline(events, quotes) => Refs::Timeline(timeline(
                site,
                events,
                quotes,
                0..events.len() + quotes.len(),
            )),
            Held::EventQuotes(m) => {
                Refs::Quotes(m.iter().filter(|r| is_quote(site, r)).copied().collect())
            }
            Held::EventArticles(m) => Refs::Articles(articles_of(m)),
            _ => self.part(site, 0..self.len(site)),
        }
    }

    /// Entries `range` of the list.
    fn part(&self, site: &Site, range: Range<usize>) -> Refs {
        match *self {
            Held::Articles(a) => Refs::Articles(a[range].to_vec()),
            Held::Quotes(q) => Refs::Quotes(q[range].to_vec()),
            Held::Events(e) => Refs::Events(e[range].to_vec()),
            Held::Passages(p) => Refs::Passages(p[range].to_vec()),
            Held::Timeline(events, quotes) => Refs::Timeline(timeline(site, events, quotes, range)),
            Held::EventQuotes(m) => {
                let quotes = m.iter().filter(|r| is_quote(site, r)).copied();
                Refs::Quotes(quotes.skip(range.start).take(range.len()).collect())
            }
            Held::EventArticles(m) => Refs::Articles(articles_of(m)[range].to_vec()),
        }
    }

    /// The list's length, as [`Self::to_refs`] would make it, without making it.
    fn len(&self, site: &Site) -> usize {
        match *self {
            Held::Articles(a) => a.len(),
            Held::Quotes(q) | Held::Passages(q) => q.len(),
            Held::Events(e) => e.len(),
            Held::Timeline(events, quotes) => events.len() + quotes.len(),
            Held::EventQuotes(m) => m.iter().filter(|r| is_quote(site, r)).count(),
            Held::EventArticles(m) => articles_of(m).len(),
        }
    }
}

fn is_quote(site: &Site, r: &AnnRef) -> bool {
    matches!(site.ann(*r).kind, AnnKind::Quote { .. })
}

/// The articles of `mentions`, once each, in their order.
fn articles_of(mentions: &[AnnRef]) -> Vec<ArticleId> {
    let mut arts: Vec<ArticleId> = mentions.iter().map(|r| r.article).collect();
    arts.sort_unstable();
    arts.dedup();
    arts
}

/// Entries `range` of the chronology that merges an issue's events and statements (events
/// first on a date). Both lists are kept in date order (`resolve::backrefs`): a binary search
/// finds how many events come before the range, then the merge runs over the range alone.
/// Every page of a long timeline takes its part, so making the whole merge for each page
/// made the pages of an issue with 30,000 statements cost as the square of their number.
fn timeline(
    site: &Site,
    events: &[EventId],
    quotes: &[AnnRef],
    range: Range<usize>,
) -> Vec<TimelineRef> {
    let said_at = |j: usize| said(site, quotes[j]);
    let date = |i: usize| site.events[events[i]].date;
    let (start, end) = (range.start, range.end.min(events.len() + quotes.len()));
    // With `i` of the first `start` entries events, the statement before the rest must be
    // said before the event after it; the least `i` where that holds is the merge's.
    let quote_before_event = |i: usize| {
        let j = start - i;
        j == 0 || i == events.len() || said_at(j - 1) < date(i)
    };
    let (mut lo, mut hi) = (start.saturating_sub(quotes.len()), start.min(events.len()));
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if quote_before_event(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    let (mut i, mut j) = (lo, start - lo);
    let mut out = Vec::with_capacity(end.saturating_sub(start));
    for _ in start..end {
        if i == events.len() || (j < quotes.len() && said_at(j) < date(i)) {
            out.push(TimelineRef::Quote(quotes[j]));
            j += 1;
        } else {
            out.push(TimelineRef::Event(events[i]));
            i += 1;
        }
    }
    out
}

/// When statement `q` was said, the date that orders an issue's statements (an issue lists
/// only quotes; `resolve::backrefs` sorts any other annotation by its article's date).
fn said(site: &Site, q: AnnRef) -> crate::date::PartialDate {
    match &site.ann(q).kind {
        AnnKind::Quote { said, .. } => *said,
        _ => site.articles[q.article].published,
    }
}

/// The part of list `k` (of `len` entries) that an entity page shows: the newest
/// `list_items`.
pub fn shown(site: &Site, k: ListKind, len: usize) -> Range<usize> {
    let n = site.config.options.list_items.min(len);
    if k.oldest_first() { len - n..len } else { 0..n }
}

/// How much of a list an entity page shows, and where the whole list is.
#[derive(Serialize)]
pub struct MoreV {
    shown: usize,
    total: usize,
    /// "statements", for "the 50 most recent of 1,234 statements".
    noun: &'static str,
    url: String,
}

/// The link to the whole of list `k` of `t` when its page shows only part of it.
pub fn more(v: &Views, t: Target, k: ListKind, len: usize) -> Option<MoreV> {
    let shown = shown(v.site, k, len).len();
    (shown < len).then(|| MoreV {
        shown,
        total: len,
        noun: k.noun().1,
        url: v.u(list_path(v.site, t, k, 0)),
    })
}

/// The root-relative URL of page `n` (0-based) of list `k` of `t`, a folder in the entity's
/// own: `people/zakharova/statements/`, then `statements-2/`…
pub fn list_path(site: &Site, t: Target, k: ListKind, n: usize) -> String {
    let dir = site.target_url(t);
    match n {
        0 => format!("{dir}{}/", k.slug()),
        n => format!("{dir}{}-{}/", k.slug(), n + 1),
    }
}

/// How many pages list `k` of `t` has (0 when its entity page shows all of it).
pub fn list_pages(site: &Site, t: Target, k: ListKind) -> usize {
    let len = len_of(site, t, k);
    if shown(site, k, len).len() == len {
        return 0;
    }
    len.div_ceil(site.config.options.list_page_size.max(1))
}

/// The length of list `k` of `t`, without recording (for the output plan).
fn len_of(site: &Site, t: Target, k: ListKind) -> usize {
    held(&Views::new(site, "", false), t, k).len(site)
}

/// One page of an entity's list.
#[derive(Serialize)]
pub struct ListPage {
    title: String,
    list: ListKind,
    owner: LinkV,
    /// The owner's kind ("person"), for the kicker.
    kind: &'static str,
    total: usize,
    /// The entries of this page, in the field of the list's kind.
    #[serde(flatten)]
    entries: Entries,
    pager: Option<PagerV>,
}

/// A passage of an article, as a list shows it (a citation, a report).
#[derive(Serialize)]
pub struct PassageV {
    pub passage: String,
    pub url: String,
    pub article: ArticleV,
}

/// Views of some entries of a list: the field of the list's kind is filled.
#[derive(Default, Serialize)]
pub struct Entries {
    pub articles: Vec<ArticleV>,
    pub quotes: Vec<QuoteV>,
    pub events: Vec<EventV>,
    pub timeline: Vec<TimelineV>,
    pub passages: Vec<PassageV>,
}

/// The views of the entries of `refs` in `range`.
pub fn entries(v: &Views, refs: &Refs) -> Entries {
    let mut out = Entries::default();
    match refs {
        Refs::Articles(l) => out.articles = l.iter().map(|&a| v.article(a)).collect(),
        Refs::Quotes(l) => out.quotes = l.iter().filter_map(|&q| v.quote(q)).collect(),
        Refs::Events(l) => out.events = l.iter().map(|&e| v.event(e, true)).collect(),
        Refs::Timeline(l) => out.timeline = l.iter().map(|&t| v.timeline_entry(t)).collect(),
        Refs::Passages(l) => out.passages = l.iter().map(|&r| v.passage(r)).collect(),
    }
    out
}

/// Page `n` of list `k` of `t`.
pub fn list_page(v: &Views, t: Target, k: ListKind, n: usize) -> ListPage {
    let site = v.site;
    let size = site.config.options.list_page_size.max(1);
    let (refs, total) = part(v, t, k, |len| {
        let start = (n * size).min(len);
        start..(start + size).min(len)
    });
    let entries = entries(v, &refs);
    let owner = v.target(t);
    let count = total.div_ceil(size);
    let url = |page: usize| v.u(list_path(site, t, k, page));
    ListPage {
        title: numbered(&k.heading(t, &owner.title), n),
        list: k,
        owner,
        kind: t.kind().as_str(),
        total,
        entries,
        pager: (count > 1).then(|| PagerV::new(n, count, super::Order::NewestFirst, url)),
    }
}

impl Views<'_> {
    /// An annotation as a passage of its article.
    pub fn passage(&self, r: AnnRef) -> PassageV {
        PassageV {
            article: self.article(r.article),
            passage: self.ann(r).passage.clone(),
            url: self.u(self.site.ann_url(r)),
        }
    }

    /// One entry of a merged timeline.
    pub fn timeline_entry(&self, t: TimelineRef) -> TimelineV {
        match t {
            TimelineRef::Event(e) => {
                let d = self.site.events[e].when;
                TimelineV {
                    date: self.event_date(&d),
                    event: Some(self.event(e, true)),
                    quote: None,
                }
            }
            TimelineRef::Quote(q) => {
                // `quote` reads the annotation, so the page depends on when it was said.
                let quote = self.quote(q);
                TimelineV {
                    date: self.date(&said(self.site, q)),
                    event: None,
                    quote,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plan counts a list's pages by [`Held::len`]; the pages show [`refs`]: the two
    /// must agree on every list of every entity, or a page would be planned and not filled
    /// (or filled and not planned).
    /// The seed dossier and both fixtures, prepared.
    fn dossiers() -> Vec<(std::path::PathBuf, crate::pipeline::Prepared)> {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        [
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")),
            fixtures.join("harbour"),
            fixtures.join("reservoir"),
        ]
        .into_iter()
        .map(|root| {
            let p =
                crate::pipeline::prepare(&root).unwrap_or_else(|r| panic!("{}", r.render_human()));
            (root, p)
        })
        .collect()
    }

    /// The merged timeline is the events and statements sorted by date, events first on a
    /// date (a stable sort of the two lists one after the other).
    #[test]
    fn a_timeline_merges_as_a_stable_sort_by_date_would() {
        let mut ties = 0;
        for (_, p) in dossiers() {
            let site = &p.site;
            for issue in site.issues.iter() {
                let mut sorted: Vec<(crate::date::PartialDate, u8, TimelineRef)> = (issue.events)
                    .iter()
                    .map(|&e| (site.events[e].date, 0, TimelineRef::Event(e)))
                    .collect();
                for &q in &issue.quotes {
                    if let AnnKind::Quote { said, .. } = &site.ann(q).kind {
                        ties += usize::from(sorted.iter().any(|x| x.1 == 0 && x.0 == *said));
                        sorted.push((*said, 1, TimelineRef::Quote(q)));
                    }
                }
                sorted.sort_by_key(|a| (a.0, a.1));
                let want: Vec<TimelineRef> = sorted.into_iter().map(|x| x.2).collect();
                let (events, quotes) = (&issue.events, &issue.quotes);
                // The whole, and its pages in every size up to the whole's length: each
                // page merged from where the binary search puts its start.
                for size in 1..=want.len().max(1) {
                    let pages: Vec<TimelineRef> = (0..want.len().div_ceil(size))
                        .flat_map(|n| timeline(site, events, quotes, n * size..(n + 1) * size))
                        .collect();
                    assert_eq!(pages, want, "{} in pages of {size}", issue.id);
                }
            }
        }
        assert!(
            ties > 0,
            "no statement on the date of an event of its issue"
        );
    }

    #[test]
    fn a_list_is_as_long_as_the_plan_counts_it() {
        let mut checked = 0;
        for (root, p) in dossiers() {
            let site = &p.site;
            let v = Views::new(site, "", false);
            for t in super::super::list_owners(site) {
                for &k in lists_of(t) {
                    let (made, counted) = (refs(&v, t, k).len(), len_of(site, t, k));
                    assert_eq!(made, counted, "{t:?} {k:?} in {}", root.display());
                    checked += usize::from(made > 0);
                }
            }
        }
        assert!(checked > 50, "only {checked} lists had entries");
    }
}
