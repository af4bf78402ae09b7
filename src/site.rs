//! The resolved model: what **resolve** produces and **render** reads.
//!
//! Entities refer to each other by index into the [`Site`] vectors, never by scanning, and
//! every back-reference a page needs (a person's quotes, an issue's events, a date's articles)
//! is computed once by `resolve`. URLs are relative to the site root; a page prefixes them with
//! its own `root` (`""` or `"../"`) so that links work from any host and from `file://`.

use crate::date::PartialDate;
pub use crate::ids::{
    ArticleId, EventId, Idx, IssueId, OrganisationId, OutletId, PersonId, PlaceId, Table,
};
use crate::model::{Config, Status, Trimmed};
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;
use std::ops::Range;

/// Points at one annotation: the article's index and the annotation's index in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AnnRef {
    pub article: ArticleId,
    pub ann: usize,
}

/// An event as an article refers to it: in the registry, or the article's own k-th inline event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventRef {
    Registry(EventId),
    /// The k-th event the article defines inline.
    Inline(usize),
}

/// What a mention names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    Person(PersonId),
    Issue(IssueId),
    Event(EventId),
    Outlet(OutletId),
    Organisation(OrganisationId),
    Place(PlaceId),
}

impl Target {
    pub fn kind(self) -> EntityKind {
        match self {
            Target::Person(_) => EntityKind::Person,
            Target::Issue(_) => EntityKind::Issue,
            Target::Event(_) => EntityKind::Event,
            Target::Outlet(_) => EntityKind::Outlet,
            Target::Organisation(_) => EntityKind::Organisation,
            Target::Place(_) => EntityKind::Place,
        }
    }
}

/// The kinds of entity that have a registry and pages of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityKind {
    Person,
    Issue,
    Event,
    Outlet,
    Organisation,
    Place,
}

impl EntityKind {
    /// The kind as the format and the messages name it.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Issue => "issue",
            EntityKind::Event => "event",
            EntityKind::Outlet => "outlet",
            EntityKind::Organisation => "organisation",
            EntityKind::Place => "place",
        }
    }

    /// The folder of its pages (`people/`, ...), without the slash.
    pub fn folder(self) -> &'static str {
        match self {
            EntityKind::Person => "people",
            EntityKind::Issue => "issues",
            EntityKind::Event => "events",
            EntityKind::Outlet => "outlets",
            EntityKind::Organisation => "organisations",
            EntityKind::Place => "places",
        }
    }
}

impl std::fmt::Display for EntityKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The id type of one entity kind: lets a lookup by id say which kind it wants.
pub trait EntityId: Idx {
    const KIND: EntityKind;
    /// The id, if `t` is of this kind.
    fn of(t: Target) -> Option<Self>;
}

macro_rules! entity_id {
    ($id:ident, $variant:ident) => {
        impl EntityId for $id {
            const KIND: EntityKind = EntityKind::$variant;
            fn of(t: Target) -> Option<Self> {
                match t {
                    Target::$variant(i) => Some(i),
                    _ => None,
                }
            }
        }
    };
}
entity_id!(PersonId, Person);
entity_id!(IssueId, Issue);
entity_id!(EventId, Event);
entity_id!(OutletId, Outlet);
entity_id!(OrganisationId, Organisation);
entity_id!(PlaceId, Place);

/// Who a statement is attributed to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Speaker {
    Person(PersonId),
    /// An institution speaking as one ("the IAEA said").
    Organisation(OrganisationId),
    /// A source the article does not name ("a senior official"), as the analyst wrote it; it
    /// has no page.
    Unnamed(String),
}

impl Speaker {
    /// The entity with a page, if the speaker has one.
    pub fn target(&self) -> Option<Target> {
        match self {
            Speaker::Person(p) => Some(Target::Person(*p)),
            Speaker::Organisation(o) => Some(Target::Organisation(*o)),
            Speaker::Unnamed(_) => None,
        }
    }
}

/// The kind-specific part of an annotation.
#[derive(Debug, Clone)]
pub enum AnnKind {
    Mention(Target),
    Quote {
        speaker: Speaker,
        said: PartialDate,
        /// True when `said` was not given and is the publication date.
        said_is_publication: bool,
        issues: Vec<IssueId>,
        event: Option<EventId>,
        via: Option<String>,
        date_note: Option<String>,
    },
    Event {
        /// How the article refers to the event (stable across reindexing).
        event_ref: EventRef,
        /// The event's index in `Site::events` (set by `Site::reindex`).
        event: EventId,
        /// The date as this article gives it, when it differs from the registry.
        reported_date: Option<crate::date::EventDate>,
        /// The status as this article reports it.
        reported_status: Option<Status>,
        date_note: Option<String>,
    },
    Note {
        kind: NoteKind,
        /// Markdown.
        body: String,
        /// What each link of `body` leads to, in reading order (set by resolve once every
        /// article is known).
        links: Vec<LinkDest>,
        /// The entities, articles or annotations the note refers to (set likewise).
        see: Vec<Link>,
    },
}

impl AnnKind {
    pub fn name(&self) -> &'static str {
        match self {
            AnnKind::Mention(_) => "mention",
            AnnKind::Quote { .. } => "quote",
            AnnKind::Event { .. } => "event",
            AnnKind::Note { .. } => "note",
        }
    }
}

/// What a note is: the kinds the format accepts (`kind = "..."` in a `[[note]]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoteKind {
    Context,
    Contradiction,
    Correction,
    Question,
    Translation,
    /// A later report supersedes the one the note is on ("expected to reply" → "sent a
    /// reply"): the event page shows the passages as the sequence of what was known when.
    Update,
    Other,
}

impl NoteKind {
    /// Every kind, in the order the format documents them.
    pub const ALL: [NoteKind; 7] = [
        NoteKind::Context,
        NoteKind::Contradiction,
        NoteKind::Correction,
        NoteKind::Question,
        NoteKind::Translation,
        NoteKind::Update,
        NoteKind::Other,
    ];

    /// The kind as written in the file (and in the page's class names).
    pub fn as_str(self) -> &'static str {
        match self {
            NoteKind::Context => "context",
            NoteKind::Contradiction => "contradiction",
            NoteKind::Correction => "correction",
            NoteKind::Question => "question",
            NoteKind::Translation => "translation",
            NoteKind::Update => "update",
            NoteKind::Other => "other",
        }
    }

    /// The kind written `s`, if there is one.
    pub fn parse(s: &str) -> Option<NoteKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The kinds that mark a disputed point, each with a page of its own (`disputed/`): the
    /// one list to extend when a new kind disputes what a passage says.
    pub const DISPUTED: &'static [NoteKind] = &[
        NoteKind::Contradiction,
        NoteKind::Correction,
        NoteKind::Update,
    ];

    /// Whether a note of this kind is a disputed point.
    pub fn is_disputed(self) -> bool {
        Self::DISPUTED.contains(&self)
    }
}

impl std::fmt::Display for NoteKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an internal link leads, resolved once by resolve: render only looks it up.
#[derive(Debug, Clone, PartialEq)]
pub enum Link {
    /// A person, issue, outlet or registry event (their indexes never move).
    Entity(Target),
    /// An event defined inline, by its page id (its index moves when articles are reordered).
    InlineEvent(String),
    /// An article, or one annotation on it (by anchor id).
    Article {
        slug: String,
        anchor: Option<String>,
    },
    /// A date's page.
    Date(PartialDate),
}

/// What one link written in the dossier's Markdown becomes.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkDest {
    /// A page of the site.
    Internal(Link),
    /// Not internal (`https://…`, `#fragment`, a file): kept as written, if safe.
    AsWritten,
    /// An internal link that leads nowhere (an error was reported): the text, unlinked.
    Broken,
}

/// An annotation anchored to a passage of its article.
#[derive(Debug, Clone)]
pub struct Annotation {
    /// The stable anchor id on the article page.
    pub anchor: String,
    /// Byte range in the article's plain text.
    pub range: Range<usize>,
    /// The text a quote with cuts leaves out, inside `range` (empty for most annotations):
    /// not highlighted, not part of the passage.
    pub gaps: Vec<Range<usize>>,
    /// The passage as a reader sees it, whitespace normalised; each cut an ellipsis (`…`).
    pub passage: String,
    pub kind: AnnKind,
}

impl Annotation {
    /// Whether the annotation's passage covers the plain range `s..e` (which lies within
    /// one piece between annotation boundaries, gaps included): inside `range` and in no gap.
    pub fn covers(&self, s: usize, e: usize) -> bool {
        self.range.start <= s
            && self.range.end >= e
            && !self
                .gaps
                .iter()
                .any(|g| g.start <= s && g.end >= e && s < e)
    }

    /// Where highlighting starts or stops: the range's ends and each gap's.
    pub fn boundaries(&self) -> impl Iterator<Item = usize> + '_ {
        [self.range.start, self.range.end]
            .into_iter()
            .chain(self.gaps.iter().flat_map(|g| [g.start, g.end]))
    }
}

pub struct Article {
    pub slug: String,
    pub title: String,
    pub outlet: OutletId,
    pub published: PartialDate,
    /// Time of day and offset, when the annotation gives a date-time.
    pub published_time: Option<String>,
    pub url: Option<String>,
    pub byline: Option<String>,
    pub language: Option<String>,
    pub trimmed: Vec<Trimmed>,
    /// Where the copy of the text came from (`[copy]`).
    pub copy: Option<crate::model::CopyIn>,
    /// The Markdown text as published; never modified (shared with `Sources`).
    pub text: crate::diagnostics::Text,
    pub annotations: Vec<Annotation>,
    /// Issues the article touches (its own list and every annotation's), sorted.
    pub issues: Vec<IssueId>,
    /// People mentioned or quoted, sorted.
    pub people: Vec<PersonId>,
    /// Events reported or mentioned, as the article refers to them.
    pub event_refs: Vec<EventRef>,
    /// The same, as indexes into `Site::events` (set by `Site::reindex`).
    pub events: Vec<EventId>,
    /// Events this article defines inline (copied into `Site::events` by `reindex`).
    pub inline_events: Vec<Event>,
    /// Slugs of the other articles its notes link to.
    pub links_to: Vec<String>,
}

pub struct Person {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub role: Option<String>,
    pub affiliation: Option<String>,
    pub summary: Option<String>,
    /// What each link of `summary` leads to, in reading order (set by resolve).
    pub summary_links: Vec<LinkDest>,
    /// Quotes by this person, in order of the date said.
    pub quotes: Vec<AnnRef>,
    /// Articles that mention or quote the person, newest first.
    pub articles: Vec<ArticleId>,
    /// Events the person took part in, by date.
    pub events: Vec<EventId>,
}

pub struct Issue {
    pub id: String,
    pub title: String,
    pub summary: Option<String>,
    /// What each link of `summary` leads to, in reading order (set by resolve).
    pub summary_links: Vec<LinkDest>,
    pub parent: Option<IssueId>,
    pub children: Vec<IssueId>,
    pub articles: Vec<ArticleId>,
    pub quotes: Vec<AnnRef>,
    pub events: Vec<EventId>,
}

pub struct Outlet {
    pub id: String,
    pub name: String,
    pub country: Option<String>,
    pub kind: Option<String>,
    pub url: Option<String>,
    pub summary: Option<String>,
    /// What each link of `summary` leads to, in reading order (set by resolve).
    pub summary_links: Vec<LinkDest>,
    pub articles: Vec<ArticleId>,
    /// Passages that name the outlet (as a source cited by other outlets).
    pub mentions: Vec<AnnRef>,
}

#[derive(Debug, Clone)]
pub struct Event {
    pub id: String,
    pub title: String,
    /// Where the event is filed: `when`'s anchor (a range's start, a bound's date).
    pub date: PartialDate,
    /// The date as firmly as the sources give it (about, between, by, after).
    pub when: crate::date::EventDate,
    pub status: Status,
    pub place: Option<String>,
    pub people: Vec<PersonId>,
    pub issues: Vec<IssueId>,
    pub summary: Option<String>,
    /// What each link of `summary` leads to, in reading order (set by resolve).
    pub summary_links: Vec<LinkDest>,
    /// The article that defines this event inline, if it is not in the registry.
    pub defined_in: Option<ArticleId>,
    /// Where an inline event is defined (its title in the annotation file); `None` for
    /// registry events, whose entries locate them.
    pub origin: Option<crate::diagnostics::Location>,
    /// `[[event]]` annotations reporting it.
    pub reports: Vec<AnnRef>,
    /// Mentions and quotes that refer to it.
    pub mentions: Vec<AnnRef>,
}

/// An organisation or a place: a registry entity that articles mention and (an organisation)
/// that can be quoted.
#[derive(Debug, Clone)]
pub struct Named {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    /// What it is ("intergovernmental body", "city").
    pub kind: Option<String>,
    pub country: Option<String>,
    pub url: Option<String>,
    pub summary: Option<String>,
    /// What each link of `summary` leads to, in reading order (set by resolve).
    pub summary_links: Vec<LinkDest>,
    /// Articles that mention or quote it, newest first.
    pub articles: Vec<ArticleId>,
    /// Passages that name it, in reading order.
    pub mentions: Vec<AnnRef>,
    /// Statements attributed to it, in the order said.
    pub quotes: Vec<AnnRef>,
}

/// Everything that falls on one date (of any precision).
#[derive(Default, Debug, Clone)]
pub struct DateEntry {
    /// Articles published that day.
    pub published: Vec<ArticleId>,
    /// Events that happened (or are planned) then.
    pub events: Vec<EventId>,
    /// Statements made then.
    pub quotes: Vec<AnnRef>,
}

impl DateEntry {
    pub fn is_empty(&self) -> bool {
        self.published.is_empty() && self.events.is_empty() && self.quotes.is_empty()
    }
}

/// The whole resolved dossier.
pub struct Site {
    pub config: Config,
    /// Sorted by publication date, then slug.
    pub articles: Table<ArticleId, Article>,
    pub people: Table<PersonId, Person>,
    pub issues: Table<IssueId, Issue>,
    pub outlets: Table<OutletId, Outlet>,
    /// Registry events first (`..registry_events`), then inline events in article order.
    pub events: Table<EventId, Event>,
    pub registry_events: usize,
    pub organisations: Table<OrganisationId, Named>,
    pub places: Table<PlaceId, Named>,
    pub dates: BTreeMap<PartialDate, DateEntry>,
    /// Every id: the registries' and the inline events'.
    pub ids: HashMap<String, Target>,
    /// The registries' ids alone (inline event ids are added by `reindex`).
    pub registry_ids: HashMap<String, Target>,
    pub article_by_slug: HashMap<String, ArticleId>,
    /// For each article slug, the articles whose notes link to it.
    pub linked_from: HashMap<String, Vec<ArticleId>>,
    /// The disputed points and whom they concern (set with `linked_from`).
    pub disputes: crate::disputes::Disputes,
    /// How links name pages: folders when published, files in a bundle (see [`url`]).
    pub url_style: url::UrlStyle,
    /// The analyst's "story so far" for the home page, when the dossier has one.
    pub story: Option<Story>,
}

/// The home page's "story so far": Markdown from `content/index.md`, with its links resolved
/// like every other dossier Markdown link.
#[derive(Debug, Clone)]
pub struct Story {
    pub markdown: String,
    /// What each link of `markdown` leads to, in reading order (set by resolve).
    pub links: Vec<LinkDest>,
}

pub mod url;

impl Site {
    /// Root-relative `url` made relative to a page at `root`, in this site's URL style.
    pub fn href(&self, root: &str, url: &str) -> String {
        self.url_style.href(root, url)
    }

    /// Root-relative `url` as this site's links write it (for exports and the search index,
    /// whose URLs are root-relative).
    pub fn url_form(&self, url: &str) -> String {
        self.url_style.form(url)
    }

    /// Whether event `e` is defined inline by an article (not in the registry).
    pub fn is_inline(&self, e: EventId) -> bool {
        e.index() >= self.registry_events
    }

    pub fn ann(&self, r: AnnRef) -> &Annotation {
        &self.articles[r.article].annotations[r.ann]
    }

    /// URL of an annotation's passage on its article page.
    pub fn ann_url(&self, r: AnnRef) -> String {
        let a = &self.articles[r.article];
        [&url::article(&a.slug), "#", &a.annotations[r.ann].anchor].concat()
    }

    pub fn target_url(&self, t: Target) -> String {
        match t {
            Target::Person(i) => url::person(&self.people[i].id),
            Target::Issue(i) => url::issue(&self.issues[i].id),
            Target::Event(i) => url::event(&self.events[i].id),
            Target::Outlet(i) => url::outlet(&self.outlets[i].id),
            Target::Organisation(i) => url::organisation(&self.organisations[i].id),
            Target::Place(i) => url::place(&self.places[i].id),
        }
    }

    /// The id of what `t` names.
    pub fn target_id(&self, t: Target) -> &str {
        match t {
            Target::Person(i) => &self.people[i].id,
            Target::Issue(i) => &self.issues[i].id,
            Target::Event(i) => &self.events[i].id,
            Target::Outlet(i) => &self.outlets[i].id,
            Target::Organisation(i) => &self.organisations[i].id,
            Target::Place(i) => &self.places[i].id,
        }
    }

    /// The organisation or place `t` names.
    ///
    /// # Panics
    /// When `t` is another kind of entity.
    pub fn named(&self, t: Target) -> &Named {
        match t {
            Target::Organisation(i) => &self.organisations[i],
            Target::Place(i) => &self.places[i],
            _ => panic!("only organisations and places are `Named`"),
        }
    }

    /// A speaker's name: a person's or an organisation's, or the unnamed source as written.
    pub fn speaker_label<'a>(&'a self, s: &'a Speaker) -> &'a str {
        match s {
            Speaker::Unnamed(u) => u,
            _ => self.target_label(s.target().expect("a named speaker")),
        }
    }

    /// A speaker's page, when it has one.
    pub fn speaker_url(&self, s: &Speaker) -> Option<String> {
        s.target().map(|t| self.target_url(t))
    }

    pub fn target_label(&self, t: Target) -> &str {
        match t {
            Target::Person(i) => &self.people[i].name,
            Target::Issue(i) => &self.issues[i].title,
            Target::Event(i) => &self.events[i].title,
            Target::Outlet(i) => &self.outlets[i].name,
            Target::Organisation(i) => &self.organisations[i].name,
            Target::Place(i) => &self.places[i].name,
        }
    }

    /// The URL and label of a resolved link; `None` only if what it led to has gone since
    /// (a live session's edit), never for a link resolved against this site.
    pub fn link_target(&self, l: &Link) -> Option<(String, String)> {
        match l {
            Link::Entity(t) => Some((self.target_url(*t), self.target_label(*t).to_string())),
            Link::InlineEvent(id) => self
                .ids
                .get(id)
                .map(|&t| (self.target_url(t), self.target_label(t).to_string())),
            Link::Article { slug, anchor } => {
                let a = &self.articles[*self.article_by_slug.get(slug)?];
                match anchor {
                    None => Some((url::article(slug), a.title.clone())),
                    Some(f) => {
                        let x = a.annotations.iter().find(|x| x.anchor == *f)?;
                        Some((
                            format!("{}#{f}", url::article(slug)),
                            format!("\u{201C}{}\u{201D}", x.passage),
                        ))
                    }
                }
            }
            Link::Date(d) => Some((url::date(d), d.to_string())),
        }
    }
}
