//! The registries: ids to indexes, with alias-aware suggestions, and the entities they define.

use super::fields::{parse_event_date, slugify};
use crate::date::{EventDate, PartialDate};
use crate::diagnostics::{Diagnostic, Diagnostics, SourceId, did_you_mean};
use crate::load::{Dossier, Entry, valid_slug};
use crate::model::*;
use crate::site::*;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeSet;
use std::ops::Range;

/// Id lookups shared by every article while anchoring.
pub(super) struct Registry {
    pub(super) ids: HashMap<String, Target>,
    /// Slugified names, aliases and their words, to suggest an id from a name variant.
    pub(super) by_name: HashMap<String, String>,
    /// Ids of registry entries that could not be read (already reported): references to
    /// them resolve to nothing, silently, instead of cascading into "unknown id" errors.
    pub(super) unusable: BTreeSet<String>,
}

impl Registry {
    /// Resolves an id that must be of `want` kind, or explains why not.
    pub(super) fn lookup(
        &self,
        want: EntityKind,
        id: &SStr,
        src: SourceId,
    ) -> Result<Target, Diagnostic> {
        let key = id.get_ref();
        match self.ids.get(key.as_str()) {
            Some(&t) if t.kind() == want => Ok(t),
            Some(&t) => Err(Diagnostic::error(
                "wrong-kind",
                format!("`{key}` is a {}, not a {want}", t.kind().as_str()),
            )
            .at(src, id.span(), format!("expected a {want} id"))
            .hint(format!(
                "use the `{}` field for a {}",
                t.kind().as_str(),
                t.kind().as_str()
            ))),
            None => {
                let same_kind = self
                    .ids
                    .iter()
                    .filter(|(_, t)| t.kind() == want)
                    .map(|(k, _)| k.as_str());
                let hint = self
                    .by_name
                    .get(&slugify(key))
                    .filter(|id| self.ids.get(id.as_str()).is_some_and(|t| t.kind() == want))
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

    /// The id of the entity `id` names, which must be of `I`'s kind; reports why not.
    pub(super) fn index<I: EntityId>(
        &self,
        id: &SStr,
        src: SourceId,
        diags: &mut Diagnostics,
    ) -> Option<I> {
        if self.unusable.contains(id.get_ref()) {
            return None;
        }
        match self.lookup(I::KIND, id, src) {
            Ok(t) => I::of(t),
            Err(d) => {
                diags.push(d);
                None
            }
        }
    }

    pub(super) fn indexes<I: EntityId>(
        &self,
        ids: &[SStr],
        src: SourceId,
        diags: &mut Diagnostics,
    ) -> Vec<I> {
        ids.iter()
            .filter_map(|id| self.index(id, src, diags))
            .collect()
    }
}

fn registry_file(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => crate::load::PEOPLE_FILE,
        EntityKind::Issue => crate::load::ISSUES_FILE,
        EntityKind::Event => crate::load::EVENTS_FILE,
        EntityKind::Outlet => crate::load::OUTLETS_FILE,
        EntityKind::Organisation => crate::load::ORGANISATIONS_FILE,
        EntityKind::Place => crate::load::PLACES_FILE,
    }
}

/// Every registry id with its index, and the names people go by, checked for clashes.
pub(super) fn build(dossier: &Dossier, diags: &mut Diagnostics) -> Registry {
    let mut ids: HashMap<String, Target> = HashMap::default();
    let mut first: HashMap<String, (SourceId, Range<usize>)> = HashMap::default();
    let (ids_, first_) = (&mut ids, &mut first);
    add(
        &dossier.people,
        |i| Target::Person(Idx::new(i)),
        ids_,
        first_,
        diags,
    );
    add(
        &dossier.issues,
        |i| Target::Issue(Idx::new(i)),
        ids_,
        first_,
        diags,
    );
    add(
        &dossier.events,
        |i| Target::Event(Idx::new(i)),
        ids_,
        first_,
        diags,
    );
    add(
        &dossier.outlets,
        |i| Target::Outlet(Idx::new(i)),
        ids_,
        first_,
        diags,
    );
    add(
        &dossier.organisations,
        |i| Target::Organisation(Idx::new(i)),
        ids_,
        first_,
        diags,
    );
    add(
        &dossier.places,
        |i| Target::Place(Idx::new(i)),
        ids_,
        first_,
        diags,
    );

    let by_name = names(dossier, diags);
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

/// Registers the ids of one registry, reporting bad, reserved and duplicate ones.
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
                .hint("ids are shared by people, issues, events, outlets, organisations and places: rename one of them"),
            );
            continue;
        }
        first.insert(e.id.clone(), (e.source, e.id_span.clone()));
        ids.insert(e.id.clone(), kind(i));
    }
}

/// People's names and aliases (and their words) to ids, for suggestions; an alias may belong
/// to one person only.
fn names(dossier: &Dossier, diags: &mut Diagnostics) -> HashMap<String, String> {
    let mut alias_owner: HashMap<String, (usize, SourceId, Range<usize>)> = HashMap::default();
    let mut by_name: HashMap<String, String> = HashMap::default();
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
    // An organisation's or a place's name or alias suggests its id ("Teheran" → `tehran`).
    for e in dossier.organisations.iter().chain(&dossier.places) {
        let names = std::iter::once(e.value.name.as_str())
            .chain(e.value.aliases.iter().map(|a| a.get_ref().as_str()));
        for n in names {
            by_name.entry(slugify(n)).or_insert_with(|| e.id.clone());
        }
    }
    by_name
}

fn check_issue_cycles(dossier: &Dossier, issues: &Table<IssueId, Issue>, diags: &mut Diagnostics) {
    for (start, e) in issues.ids().zip(&dossier.issues) {
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

pub(super) fn event_from(
    e: &EventIn,
    id: String,
    defined_in: Option<ArticleId>,
    src: SourceId,
    reg: &Registry,
    diags: &mut Diagnostics,
) -> Event {
    let when = parse_event_date(&e.date, src, diags).unwrap_or(EventDate::On(PartialDate {
        year: 0,
        month: None,
        day: None,
    }));
    Event {
        id,
        title: e.title.clone(),
        date: when.anchor(),
        when,
        status: e.status.as_ref().map_or(Status::Happened, |s| *s.get_ref()),
        place: e.place.clone(),
        people: reg.indexes(&e.people, src, diags),
        issues: reg.indexes(&e.issues, src, diags),
        summary: e.summary.clone(),
        summary_links: vec![],
        defined_in,
        origin: None,
        reports: vec![],
        mentions: vec![],
    }
}

/// The registries' entities, their references resolved (back-references empty until
/// `Site::reindex`).
pub(super) fn entities(
    dossier: &Dossier,
    registry: &Registry,
    diags: &mut Diagnostics,
) -> Entities {
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
            summary_links: vec![],
            quotes: vec![],
            articles: vec![],
            events: vec![],
        })
        .collect();
    let issues: Table<IssueId, Issue> = dossier
        .issues
        .iter()
        .map(|e| Issue {
            id: e.id.clone(),
            title: e.value.title.clone(),
            summary: e.value.summary.clone(),
            summary_links: vec![],
            parent: e
                .value
                .parent
                .as_ref()
                .and_then(|p| registry.index(p, e.source, diags)),
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
            summary_links: vec![],
            articles: vec![],
            mentions: vec![],
        })
        .collect();
    let events = dossier
        .events
        .iter()
        .map(|e| event_from(&e.value, e.id.clone(), None, e.source, registry, diags))
        .collect();
    Entities {
        people,
        issues,
        outlets,
        events,
        organisations: dossier.organisations.iter().map(named).collect(),
        places: dossier.places.iter().map(named).collect(),
    }
}

/// An organisation or a place, its back-references empty.
fn named(e: &Entry<NamedIn>) -> Named {
    let v = &e.value;
    Named {
        id: e.id.clone(),
        name: v.name.clone(),
        aliases: v.aliases.iter().map(|a| a.get_ref().clone()).collect(),
        kind: v.kind.clone(),
        country: v.country.clone(),
        url: v.url.clone(),
        summary: v.summary.clone(),
        summary_links: vec![],
        articles: vec![],
        mentions: vec![],
        quotes: vec![],
    }
}

/// The registries' entities, each kind in its table.
pub(super) struct Entities {
    pub(super) people: Table<PersonId, Person>,
    pub(super) issues: Table<IssueId, Issue>,
    pub(super) outlets: Table<OutletId, Outlet>,
    pub(super) events: Table<EventId, Event>,
    pub(super) organisations: Table<OrganisationId, Named>,
    pub(super) places: Table<PlaceId, Named>,
}
