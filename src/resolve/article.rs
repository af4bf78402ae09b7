//! One article resolved: its metadata, then each annotation anchored and its ids resolved, one
//! small function per annotation kind feeding a shared [`Builder`].

use super::fields::{parse_date, parse_published, short_hash};
use super::links::{NoteLinks, NoteSet};
use super::registry::Registry;
use super::selector::anchor_selector;
use crate::anchor::{Anchored, ArticleText};
use crate::date::PartialDate;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceId, Sources, did_you_mean};
use crate::load::{ArticleIn, valid_slug};
use crate::model::*;
use crate::site::*;
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

/// What an article's annotations build up as they are resolved in turn.
pub(super) struct Builder<'a> {
    pub(super) a: &'a ArticleIn,
    pub(super) sources: &'a Sources,
    pub(super) reg: &'a Registry,
    /// The site's events, looked up by registry id only (inline events are the article's own,
    /// in `inline_events`).
    pub(super) events: &'a Table<EventId, Event>,
    /// The annotation file.
    pub(super) src: SourceId,
    plain: ArticleText,
    pub(super) published: Option<(PartialDate, Option<String>)>,
    pub(super) annotations: Vec<Annotation>,
    pub(super) inline_events: Vec<Event>,
    pub(super) people: BTreeSet<PersonId>,
    pub(super) issues: BTreeSet<IssueId>,
    pub(super) ev_set: BTreeSet<EventRef>,
    /// Anchor ids given so far, with where each was given.
    anchors: HashMap<String, Range<usize>>,
    /// Each note's links as written, resolved once every article is known.
    note_links: Vec<NoteSet>,
    /// Ids of annotations left out for an error, with the index of that error in `diags`.
    dropped: Vec<(String, usize)>,
    /// The passages quoted so far (plain-text range), with where each `quote` is written.
    quoted: HashMap<Range<usize>, Range<usize>>,
}

/// An annotation's passage, placed: its anchor id, its range in the plain text (with the
/// cuts a quote makes), the passage.
pub(super) type Placed = (String, Anchored, String);

/// Anchors one article's annotations and resolves their ids. Returns `None` when the article
/// cannot be part of the site (no annotation file, or unusable metadata); else the article
/// and its notes' links, which resolve once every article is known.
pub(super) fn resolve_article(
    a: &ArticleIn,
    sources: &Sources,
    reg: &Registry,
    events: &Table<EventId, Event>,
    diags: &mut Diagnostics,
) -> Option<(Article, NoteLinks)> {
    let meta = a.meta.as_ref()?;
    let src = a.notes_source?;
    crate::validate::check_article_meta(meta, src, sources, diags);
    let outlet = reg.index(&meta.outlet, src, diags);
    let published = parse_published(&meta.published, src, diags);
    let issues = reg.indexes(&meta.issues, src, diags);
    let plain = ArticleText::new(sources.text(a.text_source));
    super::warnings::warn_unsafe_article(&plain, a.text_source, diags);
    let mut b = Builder {
        a,
        sources,
        reg,
        events,
        src,
        plain,
        published,
        annotations: Vec::new(),
        inline_events: Vec::new(),
        people: BTreeSet::new(),
        issues: issues.into_iter().collect(),
        ev_set: BTreeSet::new(),
        anchors: HashMap::new(),
        note_links: Vec::new(),
        dropped: a.dropped.clone(),
        quoted: HashMap::new(),
    };
    for m in &a.mentions {
        let at = b.mark(diags);
        b.mention(m, diags);
        b.dropped_if_failed(at, m.id.as_ref(), diags);
    }
    for q in &a.quotes {
        let at = b.mark(diags);
        b.quote(q, diags);
        b.dropped_if_failed(at, q.id.as_ref(), diags);
    }
    for e in &a.events {
        let at = b.mark(diags);
        b.event(e, diags);
        b.dropped_if_failed(at, e.id.as_ref(), diags);
    }
    for n in &a.notes {
        let at = b.mark(diags);
        b.note(n, diags);
        b.dropped_if_failed(at, n.id.as_ref(), diags);
    }
    let outlet = outlet?;
    b.finish(meta, outlet)
}

impl Builder<'_> {
    /// Anchors an annotation's passage and gives it its anchor id: the one written, checked,
    /// or one derived from its content (`kind_letter`, selector and `target`).
    pub(super) fn place(
        &mut self,
        sel: Selector,
        explicit: Option<&SStr>,
        kind_letter: &str,
        target: &str,
        diags: &mut Diagnostics,
    ) -> Option<Placed> {
        let (src, text_src) = (self.src, self.a.text_source);
        let found = anchor_selector(&self.plain, &sel, src, text_src, self.sources, diags)?;
        let anchor = match explicit {
            Some(id) => self.explicit_anchor(id, diags),
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
                while self.anchors.contains_key(&id) {
                    id = format!("{base}-{n}");
                    n += 1;
                }
                self.anchors.insert(id.clone(), sel.quote.span());
                id
            }
        };
        Some((anchor, found.clone(), self.passage(&found)))
    }

    /// The passage as a reader sees it, whitespace normalised; each cut an ellipsis.
    fn passage(&self, found: &Anchored) -> String {
        let mut from = found.range.start;
        let mut parts = Vec::new();
        for gap in found
            .gaps
            .iter()
            .chain([&(found.range.end..found.range.end)])
        {
            parts.push(crate::anchor::normalise(&self.plain.plain[from..gap.start]));
            from = gap.end;
        }
        parts.join(" \u{2026} ")
    }

    /// An anchor id written in the file: valid, not the page's own, not used twice.
    fn explicit_anchor(&mut self, id: &SStr, diags: &mut Diagnostics) -> String {
        let src = self.src;
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
        if let Some(prev) = self.anchors.get(id.get_ref()) {
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
        self.anchors.insert(id.get_ref().clone(), id.span());
        id.get_ref().clone()
    }

    /// Where the annotation list and the diagnostics stand before an annotation is resolved.
    fn mark(&self, diags: &Diagnostics) -> (usize, usize) {
        (self.annotations.len(), diags.items.len())
    }

    /// An annotation with an `id` that an error kept out of the page: links to that id
    /// follow from the error, and are counted on it rather than reported.
    fn dropped_if_failed(
        &mut self,
        (n, d): (usize, usize),
        id: Option<&SStr>,
        diags: &Diagnostics,
    ) {
        let first_error = diags.items[d..]
            .iter()
            .position(|x| x.severity == crate::diagnostics::Severity::Error);
        if let (true, Some(id), Some(e)) = (self.annotations.len() == n, id, first_error) {
            self.dropped.push((id.get_ref().clone(), d + e));
        }
    }

    /// Adds an anchored annotation.
    pub(super) fn push(&mut self, (anchor, found, passage): Placed, kind: AnnKind) {
        self.annotations.push(Annotation {
            anchor,
            range: found.range,
            gaps: found.gaps,
            passage,
            kind,
        });
    }

    /// The one entity a mention names, or why it names none.
    fn mention_target(&self, m: &MentionIn, diags: &mut Diagnostics) -> Option<Target> {
        let targets = mention_targets(m);
        let src = self.src;
        match targets.as_slice() {
            [(_, id)] if self.reg.unusable.contains(id.get_ref()) => None,
            [(k, id)] => self.reg.lookup(*k, id, src).map_err(|d| diags.push(d)).ok(),
            [] => {
                diags.push(
                    Diagnostic::error("mention-without-target", "this mention names nobody")
                        .at(src, m.quote.span(), "whom does this passage name?")
                        .hint("add one of `person = \"id\"`, `issue = \"id\"`, `event = \"id\"`, `outlet = \"id\"`, `organisation = \"id\"` or `place = \"id\"`"),
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
        }
    }

    /// A `[[mention]]`: the passage names one person, issue, event or outlet.
    fn mention(&mut self, m: &MentionIn, diags: &mut Diagnostics) {
        let target = self.mention_target(m, diags);
        let tkey = mention_targets(m)
            .first()
            .map_or(String::new(), |(k, v)| format!("{k}:{}", v.get_ref()));
        let placed = self.place(m.selector(), m.id.as_ref(), "m", &tkey, diags);
        let (Some(t), Some(placed)) = (target, placed) else {
            return;
        };
        match t {
            Target::Person(p) => {
                self.people.insert(p);
            }
            Target::Issue(i) => {
                self.issues.insert(i);
            }
            Target::Event(e) => {
                self.ev_set.insert(EventRef::Registry(e));
            }
            Target::Outlet(_) | Target::Organisation(_) | Target::Place(_) => {}
        }
        self.push(placed, AnnKind::Mention(t));
    }

    /// A `[[quote]]`: a statement, its speaker, when it was said, what it is about.
    fn quote(&mut self, q: &QuoteIn, diags: &mut Diagnostics) {
        let (src, reg) = (self.src, self.reg);
        let speaker = self.speaker(q, diags);
        let said = q.said.as_ref().map(|s| parse_date(s, src, diags));
        let qi = reg.indexes(&q.issues, src, diags);
        let event = q.event.as_ref().and_then(|e| reg.index(e, src, diags));
        self.warn_said_after_publication(q, said.flatten(), diags);
        let speaker_id = q
            .speaker
            .as_ref()
            .or(q.unnamed.as_ref())
            .map_or("", |s| s.get_ref());
        let placed = self.place(q.selector(), q.id.as_ref(), "q", speaker_id, diags);
        let (Some(speaker), Some(placed), Some(published)) = (speaker, placed, &self.published)
        else {
            return;
        };
        let said_date = match said {
            Some(Some(d)) => d,
            Some(None) => return,
            None => published.0,
        };
        self.warn_quoted_twice(q, &placed.1.range, diags);
        if let Speaker::Person(p) = speaker {
            self.people.insert(p);
        }
        self.issues.extend(qi.iter().copied());
        if let Some(e) = event {
            self.ev_set.insert(EventRef::Registry(e));
        }
        let kind = AnnKind::Quote {
            speaker,
            said: said_date,
            said_is_publication: q.said.is_none(),
            issues: qi,
            event,
            via: q.via.clone(),
            date_note: q.date_note.clone(),
        };
        self.push(placed, kind);
    }

    /// Who said it: a person or an organisation (`speaker`), or an unnamed source.
    fn speaker(&self, q: &QuoteIn, diags: &mut Diagnostics) -> Option<Speaker> {
        let (src, reg) = (self.src, self.reg);
        match (&q.speaker, &q.unnamed) {
            (Some(s), None) => match reg.ids.get(s.get_ref().as_str()) {
                Some(&Target::Organisation(o)) => Some(Speaker::Organisation(o)),
                _ => reg.index(s, src, diags).map(Speaker::Person),
            },
            (None, Some(u)) if !u.get_ref().trim().is_empty() => {
                Some(Speaker::Unnamed(u.get_ref().trim().to_string()))
            }
            (None, Some(u)) => {
                diags.push(
                    Diagnostic::error("empty-field", "`unnamed` is empty")
                        .at(src, u.span(), "who said this?")
                        .hint("describe the source as the article does, for example `unnamed = \"a senior official\"`"),
                );
                None
            }
            (Some(_), Some(u)) => {
                diags.push(
                    Diagnostic::error(
                        "speaker-and-unnamed",
                        "a quote has either a `speaker` or an `unnamed` source, not both",
                    )
                    .at(src, u.span(), "second speaker")
                    .hint("keep `speaker` when the article names who said it, `unnamed` when it does not"),
                );
                None
            }
            (None, None) => {
                diags.push(
                    Diagnostic::error("missing-field", "missing required field `speaker`")
                        .at(src, q.quote.span(), "who said this?")
                        .hint("add `speaker = \"person-id\"` (or an organisation's id), or `unnamed = \"a senior official\"` for a source the article does not name"),
                );
                None
            }
        }
    }

    /// The same passage annotated twice as a quote: two statements where the article has one.
    fn warn_quoted_twice(&mut self, q: &QuoteIn, range: &Range<usize>, diags: &mut Diagnostics) {
        if let Some(first) = self.quoted.get(range) {
            diags.push(
                Diagnostic::warning(
                    "duplicate-quote",
                    "this passage is already annotated as a quote",
                )
                .at(self.src, q.quote.span(), "quoted again here")
                .related(self.src, first.clone(), "first quoted here")
                .hint("keep one [[quote]] per statement; to add a comment on it, use a [[note]]"),
            );
        } else {
            self.quoted.insert(range.clone(), q.quote.span());
        }
    }

    /// A statement dated after the article that reports it is probably a mistyped date.
    fn warn_said_after_publication(
        &self,
        q: &QuoteIn,
        said: Option<PartialDate>,
        diags: &mut Diagnostics,
    ) {
        if let (Some(published), Some(said)) = (&self.published, said)
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
                .at(self.src, span, "later than publication")
                .hint("a statement is reported after it is made: check the date"),
            );
        }
    }

    /// A `[[note]]`: the analyst's comment, of a known kind. Its links are kept as written
    /// (with where) until every article is known.
    fn note(&mut self, n: &NoteIn, diags: &mut Diagnostics) {
        super::warnings::warn_unsafe_note(n, self.src, diags);
        let kind = match &n.kind {
            Some(k) => match NoteKind::parse(k.get_ref()) {
                Some(kind) => Some(kind),
                None => {
                    let names = NoteKind::ALL.map(NoteKind::as_str);
                    let hint = did_you_mean(k.get_ref(), names)
                        .map(|s| format!("did you mean `{s}`?"))
                        .unwrap_or_else(|| format!("use one of: {}", names.join(", ")));
                    diags.push(
                        Diagnostic::error(
                            "unknown-value",
                            format!("`{}` is not a note kind", k.get_ref()),
                        )
                        .at(self.src, k.span(), "unknown kind")
                        .hint(hint),
                    );
                    None
                }
            },
            None => Some(NoteKind::Context),
        };
        let placed = kind.and_then(|k| {
            let placed = self.place(n.selector(), n.id.as_ref(), "n", k.as_str(), diags)?;
            Some((k, placed))
        });
        let anchor = placed.as_ref().map(|(_, p)| p.0.clone());
        self.note_links
            .push(NoteSet::of(n, anchor, self.src, self.sources));
        let Some((kind, placed)) = placed else {
            return;
        };
        let kind = AnnKind::Note {
            kind,
            body: n.body.get_ref().clone(),
            links: Vec::new(),
            see: Vec::new(),
        };
        self.push(placed, kind);
    }

    /// The resolved article, once every annotation is in.
    fn finish(mut self, meta: &ArticleMetaIn, outlet: OutletId) -> Option<(Article, NoteLinks)> {
        let (published, published_time) = self.published.take()?;
        let a = self.a;
        self.annotations
            .sort_by_key(|x| (x.range.start, std::cmp::Reverse(x.range.end)));
        let links = NoteLinks {
            slug: a.slug.clone(),
            source: self.src,
            notes: self.note_links,
            dropped: self.dropped,
        };
        let article = Article {
            slug: a.slug.clone(),
            title: meta.title.clone(),
            outlet,
            published,
            published_time,
            url: meta.url.clone(),
            byline: meta.byline.clone(),
            language: meta.language.clone(),
            trimmed: meta.trimmed.clone(),
            copy: meta.copy.clone(),
            text: self.sources.shared(a.text_source),
            annotations: self.annotations,
            issues: self.issues.into_iter().collect(),
            people: self.people.into_iter().collect(),
            event_refs: self.ev_set.into_iter().collect(),
            events: Vec::new(), // set by `Site::reindex`
            inline_events: self.inline_events,
            links_to: Vec::new(), // set once links are resolved
        };
        Some((article, links))
    }
}

/// The ids a mention names, with their kinds, in field order.
fn mention_targets(m: &MentionIn) -> Vec<(EntityKind, &SStr)> {
    [
        (EntityKind::Person, &m.person),
        (EntityKind::Issue, &m.issue),
        (EntityKind::Event, &m.event),
        (EntityKind::Outlet, &m.outlet),
        (EntityKind::Organisation, &m.organisation),
        (EntityKind::Place, &m.place),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.as_ref().map(|v| (k, v)))
    .collect()
}
