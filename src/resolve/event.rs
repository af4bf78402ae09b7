//! `[[event]]` annotations: a report of a registry event, or an event defined inline.

use super::article::Builder;
use super::fields::{parse_event_date, slugify};
use super::registry::event_from;
use crate::date::EventDate;
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::model::*;
use crate::site::*;

impl Builder<'_> {
    /// An `[[event]]`: the passage reports an event, from the registry or defined here.
    pub(super) fn event(&mut self, e: &EventAnnIn, diags: &mut Diagnostics) {
        // An inline event's date is its definition's, read (and reported) once, there.
        let reported_date = e
            .date
            .as_ref()
            .filter(|_| e.event.is_some())
            .and_then(|d| parse_event_date(d, self.src, diags));
        let resolved = match &e.event {
            Some(id) => self.registry_event(e, id, diags),
            None => self.inline_event(e, diags),
        };
        let Some((event_ref, status)) = resolved else {
            return;
        };
        let def = match event_ref {
            EventRef::Registry(i) => &self.events[i],
            EventRef::Inline(k) => &self.inline_events[k],
        };
        let (event_date, def_issues) = (def.when, def.issues.clone());
        let happened = reported_date.unwrap_or(event_date);
        if status == Status::Happened {
            self.warn_after_publication(e, happened, diags);
        }
        let target = e
            .event
            .as_ref()
            .map_or(String::new(), |s| s.get_ref().clone());
        let Some(placed) = self.place(e.selector(), e.id.as_ref(), "e", &target, diags) else {
            return;
        };
        // An event's participants are the event's: the article names only the people it
        // mentions or quotes.
        self.issues.extend(def_issues);
        self.ev_set.insert(event_ref);
        let is_registry = matches!(event_ref, EventRef::Registry(_));
        let kind = AnnKind::Event {
            event_ref,
            event: EventId::new(u32::MAX as usize), // set by `Site::reindex`
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
        };
        self.push(placed, kind);
    }

    /// A report of a registry event; `title` and `place` belong to the registry entry.
    fn registry_event(
        &self,
        e: &EventAnnIn,
        id: &SStr,
        diags: &mut Diagnostics,
    ) -> Option<(EventRef, Status)> {
        let i = self.reg.index(id, self.src, diags)?;
        for (what, present) in [("title", e.title.is_some()), ("place", e.place.is_some())] {
            if present {
                diags.push(
                    Diagnostic::warning(
                        "ignored-field",
                        format!(
                            "`{what}` is ignored on an event annotation that names a registry event"
                        ),
                    )
                    .at(self.src, id.span(), "the registry entry defines the event")
                    .hint(format!(
                        "set `{what}` in {} instead",
                        crate::load::EVENTS_FILE
                    )),
                );
            }
        }
        let status = e
            .status
            .as_ref()
            .map(|s| *s.get_ref())
            .unwrap_or(self.events[i].status);
        Some((EventRef::Registry(i), status))
    }

    /// An event defined by the annotation itself, with a page id from the article and title.
    fn inline_event(
        &mut self,
        e: &EventAnnIn,
        diags: &mut Diagnostics,
    ) -> Option<(EventRef, Status)> {
        let src = self.src;
        let (Some(title), Some(date)) = (&e.title, &e.date) else {
            diags.push(
                Diagnostic::error(
                    "incomplete-event",
                    "an event annotation needs either `event = \"id\"` or both `title` and `date`",
                )
                .at(src, e.quote.span(), "which event is this?")
                .hint(format!(
                    "name an event from {}, or define it here with title and date",
                    crate::load::EVENTS_FILE
                )),
            );
            return None;
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
        let k = self.inline_events.len();
        let id = format!("{}-{}", self.a.slug, slugify(title));
        let here = Location {
            source: src,
            span: e.quote.span(),
        };
        // The page id comes from the title; two titles that differ only in case or
        // punctuation would share one page.
        if let Some(first) = self.inline_events.iter().find(|x| x.id == id) {
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
            return None;
        }
        // `defined_in` is set by `Site::reindex`, once the article has its place.
        let mut ev = event_from(&def, id, None, src, self.reg, diags);
        // An event without a real date would stand in the chronology at year 0.
        if crate::load::date_text(date).is_none_or(|t| EventDate::parse(&t).is_err()) {
            return None;
        }
        ev.origin = Some(here);
        let status = ev.status;
        self.inline_events.push(ev);
        Some((EventRef::Inline(k), status))
    }

    /// An event said to have happened after the article appeared was probably planned.
    fn warn_after_publication(&self, e: &EventAnnIn, happened: EventDate, diags: &mut Diagnostics) {
        if let Some(published) = &self.published
            && let Some(earliest) = happened.earliest()
            && earliest.certainly_after(&published.0)
        {
            let span = e.date.as_ref().map_or(e.quote.span(), |d| d.span());
            diags.push(
                Diagnostic::warning(
                    "event-after-publication",
                    format!("the event is dated {happened}, after the article was published ({})", published.0),
                )
                .at(self.src, span, "later than publication")
                .hint("if the event was only planned when the article appeared, set `status = \"planned\"`"),
            );
        }
    }
}
