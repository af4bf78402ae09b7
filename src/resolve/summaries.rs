//! The links of the registries' Markdown summaries and of the home page's story, resolved
//! like every dossier link (`links.rs`), each stored beside its text.

use super::links::{Cascade, resolve_written, written_in};
use crate::diagnostics::{Diagnostics, Sources};
use crate::load::{Dossier, Entry};
use crate::site::{LinkDest, Site};

/// Resolves the links of the registries' Markdown summaries and stores them with their
/// entries; those that lead nowhere are reported.
pub fn resolve_summary_links(
    dossier: &Dossier,
    site: &mut Site,
    cascade: &mut Cascade,
    diags: &mut Diagnostics,
) {
    fn each<T>(
        entries: &[Entry<T>],
        summary: fn(&T) -> Option<&str>,
        (site, sources): (&Site, &Sources),
        cascade: &mut Cascade,
        diags: &mut Diagnostics,
    ) -> Vec<Vec<LinkDest>> {
        entries
            .iter()
            .map(|e| {
                let Some(md) = summary(&e.value) else {
                    return Vec::new();
                };
                // Summaries are plain strings: find each link in the entry's own text.
                let text = sources.text(e.source);
                let from = e.id_span.end.min(text.len());
                let label = format!("link in the summary of `{}`", e.id);
                written_in(md, text, &(from..text.len()), &label)
                    .into_iter()
                    .map(|mut w| {
                        // Not found in the file (escaped): point at the entry's id.
                        if w.span == (from..text.len()) {
                            w.span = e.id_span.clone();
                        }
                        resolve_written(site, &w, e.source, &[], cascade, diags)
                    })
                    .collect()
            })
            .collect()
    }
    let s = (&*site, &dossier.sources);
    let c = cascade;
    let people = each(&dossier.people, |p| p.summary.as_deref(), s, c, diags);
    let issues = each(&dossier.issues, |i| i.summary.as_deref(), s, c, diags);
    let outlets = each(&dossier.outlets, |o| o.summary.as_deref(), s, c, diags);
    let events = each(&dossier.events, |e| e.summary.as_deref(), s, c, diags);
    let organisations = each(
        &dossier.organisations,
        |o| o.summary.as_deref(),
        s,
        c,
        diags,
    );
    let places = each(&dossier.places, |p| p.summary.as_deref(), s, c, diags);
    for (p, l) in site.people.iter_mut().zip(people) {
        p.summary_links = l;
    }
    for (p, l) in site.issues.iter_mut().zip(issues) {
        p.summary_links = l;
    }
    for (p, l) in site.outlets.iter_mut().zip(outlets) {
        p.summary_links = l;
    }
    for (p, l) in site.events.iter_mut().zip(events) {
        p.summary_links = l;
    }
    for (n, l) in site.organisations.iter_mut().zip(organisations) {
        n.summary_links = l;
    }
    for (n, l) in site.places.iter_mut().zip(places) {
        n.summary_links = l;
    }
    resolve_story(dossier, site, c, diags);
}

/// Resolves the links of the home page's story (`content/index.md`): the file is the
/// Markdown, so each link is located exactly.
fn resolve_story(
    dossier: &Dossier,
    site: &mut Site,
    cascade: &mut Cascade,
    diags: &mut Diagnostics,
) {
    site.story = dossier.story.map(|src| {
        let md = dossier.sources.text(src);
        let links = written_in(md, md, &(0..md.len()), "link in the story so far")
            .iter()
            .map(|w| resolve_written(site, w, src, &[], cascade, diags))
            .collect();
        crate::site::Story {
            markdown: md.to_string(),
            links,
        }
    });
}
