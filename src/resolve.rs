//! Stage 2, **resolve**: anchor every quote, link every id, validate, and build the indexes.
//!
//! Input is the loaded [`Dossier`]; output is the [`Site`] graph that render reads. Articles
//! are anchored in parallel, each independently of the others; the cross-references (a person's
//! quotes, a date's events) are then built in one sequential pass that is linear in the number
//! of annotations.

use crate::anchor::{AnchorError, ArticleText, Query};
use crate::date::PartialDate;
use crate::diagnostics::{Diagnostic, Diagnostics, Location, SourceId, Sources, did_you_mean};
use crate::load::{ArticleIn, Dossier, Entry, date_text, valid_slug};
use crate::model::*;
use crate::site::*;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use toml::Spanned;

/// Id lookups shared by every article while anchoring.
struct Registry {
    ids: HashMap<String, Target>,
    /// Slugified names, aliases and their words, to suggest an id from a name variant.
    by_name: HashMap<String, String>,
    /// Ids of registry entries that could not be read (already reported): references to
    /// them resolve to nothing, silently, instead of cascading into "unknown id" errors.
    unusable: BTreeSet<String>,
}

impl Registry {
    /// Resolves an id that must be of `want` kind, or explains why not.
    fn lookup(&self, want: &'static str, id: &SStr, src: SourceId) -> Result<Target, Diagnostic> {
        let key = id.get_ref();
        match self.ids.get(key.as_str()) {
            Some(&t) if kind_name(t) == want => Ok(t),
            Some(&t) => Err(Diagnostic::error(
                "wrong-kind",
                format!("`{key}` is a {}, not a {want}", kind_name(t)),
            )
            .at(src, id.span(), format!("expected a {want} id"))
            .hint(format!(
                "use the `{}` field for a {}",
                kind_name(t),
                kind_name(t)
            ))),
            None => {
                let same_kind = self
                    .ids
                    .iter()
                    .filter(|(_, t)| kind_name(**t) == want)
                    .map(|(k, _)| k.as_str());
                let hint = self
                    .by_name
                    .get(&slugify(key))
                    .filter(|id| {
                        self.ids
                            .get(id.as_str())
                            .is_some_and(|t| kind_name(*t) == want)
                    })
                    .map(|id| format!("`{key}` is a name variant of `{id}`: did you mean `{id}`?"))
                    .or_else(|| {
                        did_you_mean(key, same_kind).map(|s| format!("did you mean `{s}`?"))
                    })
                    .unwrap_or_else(|| format!("add `[{key}]` to {}", registry_file(want)));
                Err(
                    Diagnostic::error("unknown-id", format!("unknown {want} `{key}`"))
                        .at(src, id.span(), format!("no {want} has this id"))
                        .hint(hint),
                )
            }
        }
    }

    fn index(
        &self,
        want: &'static str,
        id: &SStr,
        src: SourceId,
        diags: &mut Diagnostics,
    ) -> Option<usize> {
        if self.unusable.contains(id.get_ref()) {
            return None;
        }
        match self.lookup(want, id, src) {
            Ok(Target::Person(i) | Target::Issue(i) | Target::Event(i) | Target::Outlet(i)) => {
                Some(i)
            }
            Err(d) => {
                diags.push(d);
                None
            }
        }
    }

    fn indexes(
        &self,
        want: &'static str,
        ids: &[SStr],
        src: SourceId,
        diags: &mut Diagnostics,
    ) -> Vec<usize> {
        ids.iter()
            .filter_map(|id| self.index(want, id, src, diags))
            .collect()
    }
}

fn registry_file(kind: &str) -> &'static str {
    match kind {
        "person" => crate::load::PEOPLE_FILE,
        "issue" => crate::load::ISSUES_FILE,
        "event" => crate::load::EVENTS_FILE,
        _ => crate::load::OUTLETS_FILE,
    }
}

/// Folds the Latin letters with diacritics that transliterations drop (`Inès` → `Ines`).
fn fold_diacritic(c: char) -> char {
    const FROM: &str = "àáâãäåāăąçćčďđèéêëēėęěìíîïīįıñńňòóôõöøōőùúûüūůűųýÿžźżšśşřŕľĺłťţğ";
    const TO: &str = "aaaaaaaaacccddeeeeeeeeiiiiiiinnnoooooooouuuuuuuuyyzzzsssrrlllttg";
    FROM.chars()
        .position(|f| f == c)
        .and_then(|i| TO.chars().nth(i))
        .unwrap_or(c)
}

/// `Alexander Darchiyev` → `alexander-darchiyev`; `Inès Okafor` → `ines-okafor`.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase).map(fold_diacritic) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Parses a date field, reporting a malformed or impossible date at its span.
fn parse_date(
    v: &Spanned<toml::Value>,
    src: SourceId,
    diags: &mut Diagnostics,
) -> Option<PartialDate> {
    let Some(text) = date_text(v) else {
        diags.push(
            Diagnostic::error("bad-date", "a date must be a string such as \"2025-06-16\"")
                .at(src, v.span(), "not a date")
                .hint("write dates as \"YYYY-MM-DD\", \"YYYY-MM\" or \"YYYY\""),
        );
        return None;
    };
    match PartialDate::parse(&text) {
        Ok(d) => Some(d),
        Err(e) => {
            diags.push(
                Diagnostic::error("bad-date", e.message)
                    .at(src, v.span(), "invalid date")
                    .hint(e.hint),
            );
            None
        }
    }
}

/// Parses `published`: a (partial) date, or an RFC 3339 date-time whose local date is used.
fn parse_published(
    v: &Spanned<toml::Value>,
    src: SourceId,
    diags: &mut Diagnostics,
) -> Option<(PartialDate, Option<String>)> {
    if let Some(text) = date_text(v)
        && text.contains('T')
    {
        return match chrono::DateTime::parse_from_rfc3339(&text) {
            Ok(dt) => {
                use chrono::Datelike;
                let d = PartialDate::ymd(dt.year(), dt.month() as u8, dt.day() as u8);
                Some((d, Some(dt.format("%H:%M (UTC%:z)").to_string())))
            }
            Err(e) => {
                diags.push(
                    Diagnostic::error(
                        "bad-date",
                        format!("`{text}` is not a valid date-time: {e}"),
                    )
                    .at(src, v.span(), "invalid date-time")
                    .hint("write a date-time as 2025-04-08T22:47:00+10:00, with its UTC offset"),
                );
                None
            }
        };
    }
    parse_date(v, src, diags).map(|d| (d, None))
}

/// A short stable hash (FNV-1a), for anchor ids derived from an annotation's content.
fn short_hash(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    format!("{:06x}", h & 0xff_ffff)
}

/// Resolves a loaded dossier. Diagnostics go to `diags`; the site is returned even when there
/// are errors (what could not be resolved is left out), so `check` can report everything.
pub fn resolve(dossier: &Dossier, diags: &mut Diagnostics) -> Site {
    let (resolver, mut site) = Resolver::new(dossier, diags);
    // Parse and anchor every article independently, in parallel; each parsed annotation file
    // is dropped as soon as its article is resolved, keeping only its notes' links.
    let resolved: Vec<(Option<Article>, Option<NoteLinks>, Diagnostics)> = dossier
        .articles
        .par_iter()
        .map(|files| {
            let mut d = Diagnostics::default();
            let Some(ain) = files.parse(&dossier.sources, &mut d) else {
                return (None, None, d);
            };
            let r = resolver.article(&ain, &dossier.sources, &site, &mut d);
            let links = NoteLinks::of(&ain, &dossier.sources, &mut d);
            (r, links, d)
        })
        .collect();
    let mut links = Vec::new();
    for (r, l, d) in resolved {
        diags.extend(d);
        site.articles.extend(r);
        links.extend(l);
    }
    site.reindex();
    warn_unreported(&site, dossier, diags);
    for l in &links {
        l.check(&site, &dossier.unusable_ids, diags);
    }
    crate::validate::check_summary_links(dossier, &site, diags);
    site
}

/// The internal links an article's notes make, with where they are written: all that the
/// site-wide link check needs of a parsed annotation file.
pub struct NoteLinks {
    slug: String,
    source: SourceId,
    links: Vec<(String, Range<usize>, &'static str)>,
}

impl NoteLinks {
    /// Collects the links of `a`'s notes (and warns, at once, of unsafe markup in them).
    fn of(a: &ArticleIn, sources: &Sources, diags: &mut Diagnostics) -> Option<NoteLinks> {
        let src = a.notes_source?;
        let mut links = Vec::new();
        for n in &a.notes {
            let body = n.body.get_ref();
            if crate::anchor::parser(body).any(|(e, _)| crate::anchor::unsafe_markup(&e).is_some())
            {
                diags.push(
                    Diagnostic::warning("unsafe-html", "the note contains executable HTML or an unsafe link, which is removed from the output")
                        .at(src, n.body.span(), "in this note")
                        .hint("write notes in Markdown; harmless formatting such as <u> is kept"),
                );
            }
            for s in &n.see {
                links.push((s.get_ref().clone(), s.span(), "in `see`"));
            }
            for dest in internal_links(body) {
                // The body is a TOML string, so its offsets are not the file's (escapes):
                // find the link's text within the body's span.
                let span = n.body.span();
                let text = &sources.text(src)[span.clone()];
                let at = text.find(&dest).map_or(span.clone(), |s| {
                    span.start + s..span.start + s + dest.len()
                });
                links.push((dest, at, "link in the note body"));
            }
        }
        Some(NoteLinks {
            slug: a.slug.clone(),
            source: src,
            links,
        })
    }

    /// Reports every link that does not resolve against the whole site, except links to
    /// registry entries that could not be read (`unusable`, already reported).
    fn check(&self, site: &Site, unusable: &[String], diags: &mut Diagnostics) {
        if !site.article_by_slug.contains_key(&self.slug) {
            return;
        }
        for (link, span, label) in &self.links {
            let id = link.split_once(':').map_or(link.as_str(), |(_, id)| id);
            if unusable.iter().any(|u| u == id) {
                continue;
            }
            if let Err(e) = site.resolve_link(link) {
                diags.push(
                    Diagnostic::error("bad-link", e)
                        .at(self.source, span.clone(), *label)
                        .hint(LINK_HINT),
                );
            }
        }
    }
}

/// What resolving an article needs besides the article: the id registry. Kept by a live
/// session so that an edited article can be resolved again on its own.
pub struct Resolver {
    registry: Registry,
}

impl Resolver {
    /// Resolves the registries and returns a site with no articles yet.
    pub fn new(dossier: &Dossier, diags: &mut Diagnostics) -> (Resolver, Site) {
        crate::validate::check_config(dossier, diags);
        crate::validate::check_registries(dossier, diags);
        let registry = build_registry(dossier, diags);
        let people = dossier
            .people
            .iter()
            .map(|e| Person {
                id: e.id.clone(),
                name: e.value.name.clone(),
                aliases: e
                    .value
                    .aliases
                    .iter()
                    .map(|a| a.get_ref().clone())
                    .collect(),
                role: e.value.role.clone(),
                affiliation: e.value.affiliation.clone(),
                summary: e.value.summary.clone(),
                quotes: vec![],
                articles: vec![],
                events: vec![],
            })
            .collect();
        let issues: Vec<Issue> = dossier
            .issues
            .iter()
            .map(|e| Issue {
                id: e.id.clone(),
                title: e.value.title.clone(),
                summary: e.value.summary.clone(),
                parent: e
                    .value
                    .parent
                    .as_ref()
                    .and_then(|p| registry.index("issue", p, e.source, diags)),
                children: vec![],
                articles: vec![],
                quotes: vec![],
                events: vec![],
            })
            .collect();
        check_issue_cycles(dossier, &issues, diags);
        let outlets = dossier
            .outlets
            .iter()
            .map(|e| Outlet {
                id: e.id.clone(),
                name: e.value.name.clone(),
                country: e.value.country.clone(),
                kind: e.value.kind.clone(),
                url: e.value.url.clone(),
                summary: e.value.summary.clone(),
                articles: vec![],
                mentions: vec![],
            })
            .collect();
        let events: Vec<Event> = dossier
            .events
            .iter()
            .map(|e| event_from(&e.value, e.id.clone(), None, e.source, &registry, diags))
            .collect();
        let site = Site {
            config: dossier.config.clone(),
            articles: Vec::new(),
            people,
            issues,
            outlets,
            registry_events: events.len(),
            events,
            dates: BTreeMap::new(),
            registry_ids: registry.ids.clone(),
            ids: registry.ids.clone(),
            article_by_slug: HashMap::new(),
            linked_from: HashMap::new(),
        };
        (Resolver { registry }, site)
    }

    /// Anchors and resolves one article against the registries of `site`.
    pub fn article(
        &self,
        a: &ArticleIn,
        sources: &Sources,
        site: &Site,
        diags: &mut Diagnostics,
    ) -> Option<Article> {
        resolve_article(
            a,
            sources,
            &self.registry,
            &site.events[..site.registry_events],
            diags,
        )
    }
}

/// Checks one re-resolved article's links and notes (for a live session's edits).
pub fn check_article_links(
    dossier: &Dossier,
    site: &Site,
    article: &ArticleIn,
    diags: &mut Diagnostics,
) {
    if let Some(links) = NoteLinks::of(article, &dossier.sources, diags) {
        links.check(site, &dossier.unusable_ids, diags);
    }
}

/// A back-reference list an annotation belongs on. `slots` is the one place that says which
/// annotations feed which lists; `reindex` and the in-place patch both follow it.
#[derive(Clone, Copy)]
enum Slot {
    SpeakerQuotes(usize),
    IssueQuotes(usize),
    DateQuotes(PartialDate),
    EventReports(usize),
    EventMentions(usize),
    OutletMentions(usize),
}

impl Slot {
    /// The list itself.
    fn list<'a>(
        self,
        people: &'a mut [Person],
        issues: &'a mut [Issue],
        events: &'a mut [Event],
        outlets: &'a mut [Outlet],
        dates: &'a mut BTreeMap<PartialDate, DateEntry>,
    ) -> &'a mut Vec<AnnRef> {
        match self {
            Slot::SpeakerQuotes(p) => &mut people[p].quotes,
            Slot::IssueQuotes(i) => &mut issues[i].quotes,
            Slot::DateQuotes(d) => &mut dates.entry(d).or_default().quotes,
            Slot::EventReports(e) => &mut events[e].reports,
            Slot::EventMentions(e) => &mut events[e].mentions,
            Slot::OutletMentions(o) => &mut outlets[o].mentions,
        }
    }

    /// People's and issues' quotes are kept in the order said; other lists in reading order.
    fn by_date(self) -> bool {
        matches!(self, Slot::SpeakerQuotes(_) | Slot::IssueQuotes(_))
    }
}

/// The back-reference lists an annotation belongs on.
fn slots(kind: &AnnKind) -> Vec<Slot> {
    match kind {
        AnnKind::Quote {
            speaker,
            said,
            issues,
            event,
            ..
        } => std::iter::once(Slot::SpeakerQuotes(*speaker))
            .chain(std::iter::once(Slot::DateQuotes(*said)))
            .chain(issues.iter().map(|&i| Slot::IssueQuotes(i)))
            .chain(event.map(Slot::EventMentions))
            .collect(),
        AnnKind::Event { event, .. } => vec![Slot::EventReports(*event)],
        AnnKind::Mention(Target::Event(e)) => vec![Slot::EventMentions(*e)],
        AnnKind::Mention(Target::Outlet(o)) => vec![Slot::OutletMentions(*o)],
        _ => vec![],
    }
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
    fn mentioned_outlets(a: &Article) -> Vec<usize> {
        a.annotations
            .iter()
            .filter_map(|x| match x.kind {
                AnnKind::Mention(Target::Outlet(o)) => Some(o),
                _ => None,
            })
            .collect()
    }

    /// Removes article `i` from every back-reference list (its position stays taken).
    fn unlink(&mut self, i: usize) {
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
    fn link(&mut self, i: usize) {
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
        let desc = |v: &mut Vec<usize>| {
            let at = v.partition_point(|&x| x > i);
            v.insert(at, i);
        };
        let asc = |v: &mut Vec<AnnRef>, r: AnnRef| {
            let at = v.partition_point(|&x| x < r);
            v.insert(at, r);
        };
        let date_of = |r: &AnnRef| match &articles[r.article].annotations[r.ann].kind {
            AnnKind::Quote { said, .. } => *said,
            _ => articles[r.article].published,
        };
        let by_date = |v: &mut Vec<AnnRef>, r: AnnRef| {
            let key = (date_of(&r), r);
            let at = v.partition_point(|x| (date_of(x), *x) < key);
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
            for slot in slots(&ann.kind) {
                let list = slot.list(people, issues, events, outlets, dates);
                if slot.by_date() {
                    by_date(list, r)
                } else {
                    asc(list, r)
                }
            }
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
        let Site {
            articles,
            people,
            issues,
            outlets,
            events,
            dates,
            ..
        } = self;
        events.truncate(self.registry_events);
        for p in people.iter_mut() {
            p.quotes.clear();
            p.articles.clear();
            p.events.clear();
        }
        for i in issues.iter_mut() {
            i.children.clear();
            i.articles.clear();
            i.quotes.clear();
            i.events.clear();
        }
        for o in outlets.iter_mut() {
            o.articles.clear();
            o.mentions.clear();
        }
        for e in events.iter_mut() {
            e.reports.clear();
            e.mentions.clear();
        }
        // Date entries keep their place and their vectors' capacity: rebuilding the map on every
        // edit of a large dossier costs more than all the rest of the reindex.
        for e in dates.values_mut() {
            e.published.clear();
            e.events.clear();
            e.quotes.clear();
        }
        articles.sort_by(|a, b| (a.published, &a.slug).cmp(&(b.published, &b.slug)));
        // Inline events follow the registry's, in article order.
        for (ai, a) in articles.iter_mut().enumerate() {
            let base = events.len();
            for e in &a.inline_events {
                let mut e = e.clone();
                e.defined_in = Some(ai);
                events.push(e);
            }
            let resolve = |r: EventRef| match r {
                EventRef::Registry(i) => i,
                EventRef::Inline(k) => base + k,
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
        self.ids = self.registry_ids.clone();
        for (i, e) in events.iter().enumerate().skip(self.registry_events) {
            self.ids.entry(e.id.clone()).or_insert(Target::Event(i));
        }
        let in_place = self.article_by_slug.len() == articles.len()
            && articles
                .iter()
                .enumerate()
                .all(|(i, a)| self.article_by_slug.get(&a.slug) == Some(&i));
        if !in_place {
            self.article_by_slug = articles
                .iter()
                .enumerate()
                .map(|(i, a)| (a.slug.clone(), i))
                .collect();
        }
        self.linked_from.clear();
        for (ai, a) in articles.iter().enumerate() {
            for target in a.links_to.iter() {
                self.linked_from.entry(target.clone()).or_default().push(ai);
            }
        }

        for (ai, a) in articles.iter().enumerate() {
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
                for slot in slots(&ann.kind) {
                    slot.list(people, issues, events, outlets, dates).push(r);
                }
            }
        }
        for (ei, e) in events.iter().enumerate() {
            dates.entry(e.date).or_default().events.push(ei);
            for &p in &e.people {
                people[p].events.push(ei);
            }
            for &i in &e.issues {
                issues[i].events.push(ei);
            }
        }
        // Every day has its month page and every month its year page, so navigation can go up;
        // an entry that is neither dated itself nor above a dated one goes.
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
        for i in 0..issues.len() {
            if let Some(p) = issues[i].parent {
                issues[p].children.push(i);
            }
        }
        let date_of = |r: &AnnRef| match &articles[r.article].annotations[r.ann].kind {
            AnnKind::Quote { said, .. } => *said,
            _ => articles[r.article].published,
        };
        let events = &*events;
        rayon::join(
            || {
                people.par_iter_mut().for_each(|p| {
                    p.quotes.sort_by_key(|r| (date_of(r), *r));
                    p.articles.reverse();
                    p.events.sort_by_key(|&e| (events[e].date, e));
                })
            },
            || {
                issues.par_iter_mut().for_each(|i| {
                    i.quotes.sort_by_key(|r| (date_of(r), *r));
                    i.events.sort_by_key(|&e| (events[e].date, e));
                    i.articles.reverse();
                })
            },
        );
        for o in outlets.iter_mut() {
            o.articles.reverse();
        }
    }
}

fn build_registry(dossier: &Dossier, diags: &mut Diagnostics) -> Registry {
    let mut ids: HashMap<String, Target> = HashMap::new();
    let mut first: HashMap<String, (SourceId, Range<usize>)> = HashMap::new();
    fn add<T>(
        entries: &[Entry<T>],
        kind: fn(usize) -> Target,
        ids: &mut HashMap<String, Target>,
        first: &mut HashMap<String, (SourceId, Range<usize>)>,
        diags: &mut Diagnostics,
    ) {
        for (i, e) in entries.iter().enumerate() {
            if !valid_slug(&e.id) {
                diags.push(
                    Diagnostic::error("bad-id", format!("`{}` cannot be used as an id", e.id))
                        .at(e.source, e.id_span.clone(), "ids become file names")
                        .hint(format!(
                            "use lowercase letters, digits, `-` and `_`, for example `{}`",
                            slugify(&e.id)
                        )),
                );
            }
            if crate::load::reserved_slug(&e.id) {
                diags.push(
                    Diagnostic::error(
                        "reserved-name",
                        format!("`{}` is the name of an index page", e.id),
                    )
                    .at(e.source, e.id_span.clone(), "reserved")
                    .hint("choose another id"),
                );
            }
            if let Some((src, span)) = first.get(&e.id) {
                diags.push(
                    Diagnostic::error(
                        "duplicate-id",
                        format!("the id `{}` is defined twice", e.id),
                    )
                    .at(e.source, e.id_span.clone(), "defined again here")
                    .related(*src, span.clone(), "first defined here")
                    .hint(
                        "ids are shared by people, issues, events and outlets: rename one of them",
                    ),
                );
                continue;
            }
            first.insert(e.id.clone(), (e.source, e.id_span.clone()));
            ids.insert(e.id.clone(), kind(i));
        }
    }
    add(&dossier.people, Target::Person, &mut ids, &mut first, diags);
    add(&dossier.issues, Target::Issue, &mut ids, &mut first, diags);
    add(&dossier.events, Target::Event, &mut ids, &mut first, diags);
    add(
        &dossier.outlets,
        Target::Outlet,
        &mut ids,
        &mut first,
        diags,
    );

    // Names and aliases: an alias may belong to one person only.
    let mut alias_owner: HashMap<String, (usize, SourceId, Range<usize>)> = HashMap::new();
    let mut by_name: HashMap<String, String> = HashMap::new();
    for (i, p) in dossier.people.iter().enumerate() {
        let name_key = slugify(&p.value.name);
        alias_owner
            .entry(name_key.clone())
            .or_insert((i, p.source, p.id_span.clone()));
        for a in &p.value.aliases {
            let key = slugify(a.get_ref());
            match alias_owner.get(&key) {
                Some((owner, src, span)) if *owner != i => diags.push(
                    Diagnostic::error(
                        "duplicate-alias",
                        format!("the name `{}` is given to two people", a.get_ref()),
                    )
                    .at(p.source, a.span(), format!("alias of `{}`", p.id))
                    .related(
                        *src,
                        span.clone(),
                        format!("already a name of `{}`", dossier.people[*owner].id),
                    )
                    .hint("a name variant must identify one person; remove it from one of them"),
                ),
                _ => {
                    alias_owner.insert(key, (i, p.source, a.span()));
                }
            }
        }
        // Full names, aliases, and each word of them (surnames are what analysts type).
        let names = std::iter::once(p.value.name.clone())
            .chain(p.value.aliases.iter().map(|a| a.get_ref().clone()));
        for n in names {
            let s = slugify(&n);
            for w in s.split('-').filter(|w| w.len() > 3) {
                by_name.entry(w.to_string()).or_insert_with(|| p.id.clone());
            }
            by_name.insert(s, p.id.clone());
        }
    }
    let unusable = dossier
        .unusable_ids
        .iter()
        .filter(|id| !ids.contains_key(*id))
        .cloned()
        .collect();
    Registry {
        ids,
        by_name,
        unusable,
    }
}

fn check_issue_cycles(dossier: &Dossier, issues: &[Issue], diags: &mut Diagnostics) {
    for (start, e) in dossier.issues.iter().enumerate() {
        let mut seen = BTreeSet::new();
        let mut at = Some(start);
        while let Some(i) = at {
            if !seen.insert(i) {
                if i == start {
                    diags.push(
                        Diagnostic::error(
                            "issue-cycle",
                            format!("issue `{}` is its own ancestor", e.id),
                        )
                        .at(e.source, e.id_span.clone(), "its parents lead back here")
                        .hint("remove one `parent` to break the cycle"),
                    );
                }
                break;
            }
            at = issues[i].parent;
        }
    }
}

fn event_from(
    e: &EventIn,
    id: String,
    defined_in: Option<usize>,
    src: SourceId,
    reg: &Registry,
    diags: &mut Diagnostics,
) -> Event {
    Event {
        id,
        title: e.title.clone(),
        date: parse_date(&e.date, src, diags).unwrap_or(PartialDate {
            year: 0,
            month: None,
            day: None,
        }),
        status: e.status.as_ref().map_or(Status::Happened, |s| *s.get_ref()),
        place: e.place.clone(),
        people: reg.indexes("person", &e.people, src, diags),
        issues: reg.indexes("issue", &e.issues, src, diags),
        summary: e.summary.clone(),
        defined_in,
        origin: None,
        reports: vec![],
        mentions: vec![],
    }
}

/// Anchors one article's annotations and resolves their ids. Returns `None` when the article
/// cannot be part of the site (no annotation file, or unusable metadata).
fn resolve_article(
    a: &ArticleIn,
    sources: &Sources,
    reg: &Registry,
    events: &[Event],
    diags: &mut Diagnostics,
) -> Option<Article> {
    let meta = a.meta.as_ref()?;
    let src = a.notes_source?;
    crate::validate::check_article_meta(meta, src, sources, diags);
    let outlet = reg.index("outlet", &meta.outlet, src, diags);
    let published = parse_published(&meta.published, src, diags);
    let mut issues: BTreeSet<usize> = reg
        .indexes("issue", &meta.issues, src, diags)
        .into_iter()
        .collect();
    let text = sources.text(a.text_source);
    let plain = ArticleText::new(text);
    for (range, why) in &plain.unsafe_markup {
        diags.push(
            Diagnostic::warning("unsafe-html", format!("the article contains {why}, which is removed from the output"))
                .at(a.text_source, range.clone(), "removed when rendered")
                .hint("the source text is kept as it is; only the page leaves it out. Harmless formatting such as <u> or <em> is kept"),
        );
    }

    let mut annotations: Vec<Annotation> = Vec::new();
    let mut inline_events: Vec<Event> = Vec::new();
    let mut people: BTreeSet<usize> = BTreeSet::new();
    let mut ev_set: BTreeSet<EventRef> = BTreeSet::new();
    let mut anchors: HashMap<String, Range<usize>> = HashMap::new();

    // Each annotation: anchor its passage, then build its kind.
    let mut place = |sel: Selector,
                     explicit: Option<&SStr>,
                     kind_letter: &str,
                     target: &str,
                     diags: &mut Diagnostics|
     -> Option<(String, Range<usize>, String)> {
        let range = anchor_selector(&plain, &sel, src, a.text_source, sources, diags)?;
        let anchor = match explicit {
            Some(id) => {
                if !valid_slug(id.get_ref()) {
                    diags.push(
                        Diagnostic::error(
                            "bad-id",
                            format!("`{}` cannot be an anchor id", id.get_ref()),
                        )
                        .at(src, id.span(), "here")
                        .hint("use lowercase letters, digits, `-` and `_`"),
                    );
                }
                if crate::validate::page_element_id(id.get_ref()) {
                    diags.push(
                        Diagnostic::error(
                            "reserved-id",
                            format!("`{}` is an id the page itself uses", id.get_ref()),
                        )
                        .at(src, id.span(), "taken by the page")
                        .hint("choose another id; `main`, `search`, `q`, `statements` and ids starting with `h-`, `sn-` or `ref-` are the page's own"),
                    );
                }
                if let Some(prev) = anchors.get(id.get_ref()) {
                    diags.push(
                        Diagnostic::error(
                            "duplicate-id",
                            format!(
                                "the annotation id `{}` is used twice in this file",
                                id.get_ref()
                            ),
                        )
                        .at(src, id.span(), "used again here")
                        .related(src, prev.clone(), "first used here")
                        .hint("annotation ids must be unique within their article"),
                    );
                }
                anchors.insert(id.get_ref().clone(), id.span());
                id.get_ref().clone()
            }
            None => {
                let base = format!(
                    "{kind_letter}-{}",
                    short_hash(&[
                        kind_letter,
                        sel.quote.get_ref(),
                        sel.prefix.as_ref().map_or("", |p| p.get_ref()),
                        sel.suffix.as_ref().map_or("", |p| p.get_ref()),
                        target
                    ])
                );
                let mut id = base.clone();
                let mut n = 2;
                while anchors.contains_key(&id) {
                    id = format!("{base}-{n}");
                    n += 1;
                }
                anchors.insert(id.clone(), sel.quote.span());
                id
            }
        };
        let passage = crate::anchor::normalise(&plain.plain[range.clone()]);
        Some((anchor, range, passage))
    };

    for m in &a.mentions {
        let targets: Vec<(&'static str, &SStr)> = [
            ("person", &m.person),
            ("issue", &m.issue),
            ("event", &m.event),
            ("outlet", &m.outlet),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| (k, v)))
        .collect();
        let target = match targets.as_slice() {
            [(_, id)] if reg.unusable.contains(id.get_ref()) => None,
            [(k, id)] => reg.lookup(k, id, src).map_err(|d| diags.push(d)).ok(),
            [] => {
                diags.push(
                    Diagnostic::error("mention-without-target", "this mention names nobody")
                        .at(src, m.quote.span(), "whom does this passage name?")
                        .hint("add one of `person = \"id\"`, `issue = \"id\"`, `event = \"id\"` or `outlet = \"id\"`"),
                );
                None
            }
            [_, (k, id), ..] => {
                diags.push(
                    Diagnostic::error("mention-two-targets", "a mention names exactly one entity")
                        .at(src, id.span(), format!("second target (`{k}`)"))
                        .hint("split it into two [[mention]] entries with the same quote"),
                );
                None
            }
        };
        let tkey = targets
            .first()
            .map_or(String::new(), |(k, v)| format!("{k}:{}", v.get_ref()));
        let placed = place(m.selector(), m.id.as_ref(), "m", &tkey, diags);
        if let (Some(t), Some((anchor, range, passage))) = (target, placed) {
            match t {
                Target::Person(p) => {
                    people.insert(p);
                }
                Target::Issue(i) => {
                    issues.insert(i);
                }
                Target::Event(e) => {
                    ev_set.insert(EventRef::Registry(e));
                }
                Target::Outlet(_) => {}
            }
            annotations.push(Annotation {
                anchor,
                range,
                passage,
                kind: AnnKind::Mention(t),
            });
        }
    }

    for q in &a.quotes {
        let speaker = match &q.speaker {
            Some(s) => reg.index("person", s, src, diags),
            None => {
                diags.push(
                    Diagnostic::error("missing-field", "missing required field `speaker`")
                        .at(src, q.quote.span(), "who said this?")
                        .hint("add `speaker = \"person-id\"`"),
                );
                None
            }
        };
        let said = q.said.as_ref().map(|s| parse_date(s, src, diags));
        let qi = reg.indexes("issue", &q.issues, src, diags);
        let event = q
            .event
            .as_ref()
            .and_then(|e| reg.index("event", e, src, diags));
        if let (Some(published), Some(said)) = (&published, said.flatten())
            && said.certainly_after(&published.0)
        {
            let span = q.said.as_ref().map_or(q.quote.span(), |s| s.span());
            diags.push(
                Diagnostic::warning(
                    "date-after-publication",
                    format!(
                        "said on {said}, after the article was published ({})",
                        published.0
                    ),
                )
                .at(src, span, "later than publication")
                .hint("a statement is reported after it is made: check the date"),
            );
        }
        let placed = place(
            q.selector(),
            q.id.as_ref(),
            "q",
            q.speaker.as_ref().map_or("", |s| s.get_ref()),
            diags,
        );
        let (Some(speaker), Some((anchor, range, passage)), Some(published)) =
            (speaker, placed, &published)
        else {
            continue;
        };
        let Some(said_date) = (match said {
            Some(Some(d)) => Some(d),
            Some(None) => None,
            None => Some(published.0),
        }) else {
            continue;
        };
        people.insert(speaker);
        issues.extend(qi.iter().copied());
        if let Some(e) = event {
            ev_set.insert(EventRef::Registry(e));
        }
        annotations.push(Annotation {
            anchor,
            range,
            passage,
            kind: AnnKind::Quote {
                speaker,
                said: said_date,
                said_is_publication: q.said.is_none(),
                issues: qi,
                event,
                via: q.via.clone(),
                date_note: q.date_note.clone(),
            },
        });
    }

    for e in &a.events {
        let reported_date = e.date.as_ref().and_then(|d| parse_date(d, src, diags));
        let (event_ref, status) = match &e.event {
            Some(id) => {
                let Some(i) = reg.index("event", id, src, diags) else {
                    continue;
                };
                for (what, present) in [("title", e.title.is_some()), ("place", e.place.is_some())]
                {
                    if present {
                        diags.push(
                            Diagnostic::warning("ignored-field", format!("`{what}` is ignored on an event annotation that names a registry event"))
                                .at(src, id.span(), "the registry entry defines the event")
                                .hint(format!("set `{what}` in {} instead", crate::load::EVENTS_FILE)),
                        );
                    }
                }
                (
                    EventRef::Registry(i),
                    e.status
                        .as_ref()
                        .map(|s| *s.get_ref())
                        .unwrap_or(events[i].status),
                )
            }
            None => {
                let (Some(title), Some(date)) = (&e.title, &e.date) else {
                    diags.push(
                        Diagnostic::error("incomplete-event", "an event annotation needs either `event = \"id\"` or both `title` and `date`")
                            .at(src, e.quote.span(), "which event is this?")
                            .hint(format!("name an event from {}, or define it here with title and date", crate::load::EVENTS_FILE)),
                    );
                    continue;
                };
                let def = EventIn {
                    title: title.clone(),
                    date: date.clone(),
                    status: e.status.clone(),
                    place: e.place.clone(),
                    people: e.people.clone(),
                    issues: e.issues.clone(),
                    summary: None,
                };
                let k = inline_events.len();
                let id = format!("{}-{}", a.slug, slugify(title));
                let here = Location {
                    source: src,
                    span: e.quote.span(),
                };
                // The page id comes from the title; two titles that differ only in case or
                // punctuation would share one page.
                if let Some(first) = inline_events.iter().find(|x| x.id == id) {
                    let at = first.origin.clone().expect("inline events have an origin");
                    diags.push(
                        Diagnostic::error(
                            "duplicate-inline-event",
                            format!("two inline events in this article get the page id `{id}`: \"{}\" and \"{title}\"", first.title),
                        )
                        .at(src, here.span, "this event's title")
                        .related(at.source, at.span, "the first event with that id")
                        .hint("if they are the same event, report it once in events.toml and refer to it with `event = \"id\"`; otherwise give them titles that differ in words"),
                    );
                    continue;
                }
                // `defined_in` is set by `Site::reindex`, once the article has its place.
                let mut ev = event_from(&def, id, None, src, reg, diags);
                ev.origin = Some(here);
                let status = ev.status;
                inline_events.push(ev);
                (EventRef::Inline(k), status)
            }
        };
        let def = match event_ref {
            EventRef::Registry(i) => &events[i],
            EventRef::Inline(k) => &inline_events[k],
        };
        let (event_date, def_people, def_issues) =
            (def.date, def.people.clone(), def.issues.clone());
        let happened_date = reported_date.unwrap_or(event_date);
        if let Some(published) = &published
            && status == Status::Happened
            && happened_date.certainly_after(&published.0)
        {
            let span = e.date.as_ref().map_or(e.quote.span(), |d| d.span());
            diags.push(
                Diagnostic::warning(
                    "event-after-publication",
                    format!("the event is said to have happened on {happened_date}, after the article was published ({})", published.0),
                )
                .at(src, span, "later than publication")
                .hint("if the event was only planned when the article appeared, set `status = \"planned\"`"),
            );
        }
        let target = e
            .event
            .as_ref()
            .map_or(String::new(), |s| s.get_ref().clone());
        let Some((anchor, range, passage)) =
            place(e.selector(), e.id.as_ref(), "e", &target, diags)
        else {
            continue;
        };
        people.extend(def_people);
        issues.extend(def_issues);
        ev_set.insert(event_ref);
        let is_registry = matches!(event_ref, EventRef::Registry(_));
        annotations.push(Annotation {
            anchor,
            range,
            passage,
            kind: AnnKind::Event {
                event_ref,
                event: usize::MAX, // set by `Site::reindex`

                reported_date: if is_registry {
                    reported_date.filter(|d| *d != event_date)
                } else {
                    None
                },
                reported_status: if is_registry {
                    e.status.as_ref().map(|s| *s.get_ref())
                } else {
                    None
                },
                date_note: e.date_note.clone(),
            },
        });
    }

    for n in &a.notes {
        let kind = match &n.kind {
            Some(k) if NOTE_KINDS.contains(&k.get_ref().as_str()) => k.get_ref().clone(),
            Some(k) => {
                let hint = did_you_mean(k.get_ref(), NOTE_KINDS)
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| format!("use one of: {}", NOTE_KINDS.join(", ")));
                diags.push(
                    Diagnostic::error(
                        "unknown-value",
                        format!("`{}` is not a note kind", k.get_ref()),
                    )
                    .at(src, k.span(), "unknown kind")
                    .hint(hint),
                );
                continue;
            }
            None => "context".to_string(),
        };
        let Some((anchor, range, passage)) = place(n.selector(), n.id.as_ref(), "n", &kind, diags)
        else {
            continue;
        };
        // `see` links are checked against the whole site in `check_note_links` (they may name other articles).
        let see = n.see.iter().map(|s| s.get_ref().clone()).collect();
        annotations.push(Annotation {
            anchor,
            range,
            passage,
            kind: AnnKind::Note {
                kind,
                body: n.body.get_ref().clone(),
                see,
            },
        });
    }

    let (outlet, (published, published_time)) = (outlet?, published?);
    annotations.sort_by_key(|x| (x.range.start, std::cmp::Reverse(x.range.end)));
    // Other articles this one's notes link to: their titles and anchors appear on this page.
    let mut links_to: Vec<String> = a
        .notes
        .iter()
        .flat_map(|n| {
            n.see
                .iter()
                .map(|s| s.get_ref().clone())
                .chain(internal_links(n.body.get_ref()))
        })
        .filter_map(|l| {
            l.strip_prefix("article:")
                .map(|r| r.split('#').next().unwrap_or(r).to_string())
        })
        .filter(|slug| *slug != a.slug)
        .collect();
    links_to.sort();
    links_to.dedup();
    Some(Article {
        slug: a.slug.clone(),
        title: meta.title.clone(),
        outlet,
        published,
        published_time,
        url: meta.url.clone(),
        byline: meta.byline.clone(),
        language: meta.language.clone(),
        trimmed: meta.trimmed.clone(),
        text: sources.shared(a.text_source),
        annotations,
        issues: issues.into_iter().collect(),
        people: people.into_iter().collect(),
        event_refs: ev_set.into_iter().collect(),
        events: Vec::new(), // set by `Site::reindex`
        inline_events,
        links_to,
    })
}

/// Anchors one selector, turning each way it can fail into a diagnostic.
fn anchor_selector(
    plain: &ArticleText,
    sel: &Selector,
    src: SourceId,
    text_src: SourceId,
    sources: &Sources,
    diags: &mut Diagnostics,
) -> Option<Range<usize>> {
    let q = Query {
        quote: sel.quote.get_ref(),
        prefix: sel.prefix.as_ref().map(|p| p.get_ref().as_str()),
        suffix: sel.suffix.as_ref().map(|s| s.get_ref().as_str()),
        occurrence: sel.occurrence.as_ref().map(|o| *o.get_ref()),
    };
    let md_path = sources.path(text_src).display().to_string();
    let where_is = |r: &Range<usize>| {
        let (l, c) = sources.line_col(text_src, plain.source_offset(r.start));
        format!("{md_path}:{l}:{c}")
    };
    let span = sel.quote.span();
    match plain.anchor(&q) {
        Ok(r) => Some(r),
        Err(AnchorError::Empty) => {
            diags.push(
                Diagnostic::error("empty-quote", "the quote is empty")
                    .at(src, span, "nothing to anchor")
                    .hint("copy the passage from the article"),
            );
            None
        }
        Err(AnchorError::NotFound { nearest }) => {
            let mut d = Diagnostic::error("orphan-quote", "quote not found in the article").at(
                src,
                span,
                format!("not in {md_path}"),
            );
            match nearest {
                Some(n) if n.similarity >= 0.5 => {
                    let start = plain.source_offset(n.plain.start);
                    let end = plain.source_offset(n.plain.end.saturating_sub(1)) + 1;
                    d = d
                        .related(text_src, start..end.max(start), format!("closest passage ({:.0}% similar)", n.similarity * 100.0))
                        .note(format!("closest passage, {:.0}% similar, at {}: \u{201C}{}\u{201D}", n.similarity * 100.0, where_is(&n.plain), elide(&n.text)))
                        .hint("copy the passage exactly as the article reads (line breaks and curly quotes do not matter)");
                    for diff in crate::textnorm::differences(q.quote, &plain.plain[n.plain.clone()])
                    {
                        d = d.note(format!("{diff}, which looks the same but does not match"));
                    }
                }
                _ => {
                    d = d.hint(
                        "nothing in the article is close: is this annotation in the right file?",
                    )
                }
            }
            diags.push(d);
            None
        }
        Err(AnchorError::InHtmlBlock { source }) => {
            let (l, c) = sources.line_col(text_src, source.start);
            diags.push(
                Diagnostic::error(
                    "quote-in-html-block",
                    "the quote is inside a raw HTML block, which cannot be annotated",
                )
                .at(src, span, format!("in the HTML block at {md_path}:{l}:{c}"))
                .related(text_src, source, "this HTML block")
                .note(format!(
                    "raw HTML blocks (<div>, <table>, <pre>, comments ...) go to the page as \
                     they are, sanitised: highlighting a passage inside one would mean rewriting \
                     its HTML, which could change how it renders (the HTML block at \
                     {md_path}:{l}:{c})"
                ))
                .hint("quote a passage outside the HTML block, or write the passage as Markdown"),
            );
            None
        }
        Err(AnchorError::Ambiguous { at }) => {
            let places: Vec<String> = at.iter().map(&where_is).collect();
            diags.push(
                Diagnostic::error(
                    "ambiguous-quote",
                    format!("the quote occurs {} times in the article", at.len()),
                )
                .at(src, span, "which one?")
                .note(format!("found at {}", places.join(", ")))
                .hint(
                    "add `prefix` or `suffix` (the text just before or after), or `occurrence = N`",
                ),
            );
            None
        }
        Err(AnchorError::ContextMismatch { which, at }) => {
            let ctx = if which == "prefix" {
                sel.prefix.as_ref()
            } else {
                sel.suffix.as_ref()
            };
            let places: Vec<String> = at.iter().map(&where_is).collect();
            let mut d = Diagnostic::error(
                "context-mismatch",
                format!("no occurrence of the quote has this {which}"),
            );
            d = match ctx {
                Some(c) => d.at(
                    src,
                    c.span(),
                    format!(
                        "not found {} the quote",
                        if which == "prefix" {
                            "just before"
                        } else {
                            "just after"
                        }
                    ),
                ),
                None => d.at(src, span, "here"),
            };
            diags.push(
                d.note(format!("the quote itself occurs at {}", places.join(", ")))
                    .hint(format!(
                        "copy the {which} from the article text next to the passage"
                    )),
            );
            None
        }
        Err(AnchorError::OccurrenceOutOfRange { count }) => {
            let o = sel
                .occurrence
                .as_ref()
                .expect("only occurrence fails this way");
            diags.push(
                Diagnostic::error(
                    "occurrence-out-of-range",
                    format!(
                        "occurrence {} asked for, but the quote occurs {count} time{}",
                        o.get_ref(),
                        if count == 1 { "" } else { "s" }
                    ),
                )
                .at(src, o.span(), format!("must be between 1 and {count}"))
                .hint("occurrences are counted from 1, in reading order"),
            );
            None
        }
    }
}

/// A long passage shown in a message: its start and end, the middle elided.
fn elide(text: &str) -> String {
    let n = text.chars().count();
    if n <= 200 {
        return text.to_string();
    }
    let head: String = text.chars().take(120).collect();
    let tail: String = text.chars().skip(n - 60).collect();
    format!("{head} … {tail}")
}

/// Registry events no article reports or mentions are probably a mistake (or dead weight).
fn warn_unreported(site: &Site, dossier: &Dossier, diags: &mut Diagnostics) {
    for (i, e) in dossier.events.iter().enumerate() {
        if site.events[i].reports.is_empty() && site.events[i].mentions.is_empty() {
            diags.push(
                Diagnostic::warning(
                    "unused-event",
                    format!("no article reports or mentions the event `{}`", e.id),
                )
                .at(e.source, e.id_span.clone(), "defined here")
                .hint("annotate the passage that reports it with [[event]] event = \"...\""),
            );
        }
    }
}

/// Checks note bodies' internal links and `see` lists, now that every article is known.
pub const LINK_HINT: &str = "internal links are written person:ID, issue:ID, event:ID, outlet:ID, article:SLUG, article:SLUG#ANNOTATION-ID or date:YYYY-MM-DD";

pub use crate::links::LINK_SCHEMES;

/// Internal links in a Markdown body.
pub fn internal_links(md: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Tag};
    crate::anchor::parser(md)
        .filter_map(|(e, _)| match e {
            Event::Start(Tag::Link { dest_url, .. })
                if LINK_SCHEMES.iter().any(|s| dest_url.starts_with(s)) =>
            {
                Some(dest_url.to_string())
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_folds_case_punctuation_and_diacritics() {
        assert_eq!(slugify("Alexander Darchiyev"), "alexander-darchiyev");
        assert_eq!(slugify("Inès Okafor"), "ines-okafor");
        assert_eq!(slugify("  Łukasz  Żółć! "), "lukasz-zolc");
    }
}
