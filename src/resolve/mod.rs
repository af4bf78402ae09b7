//! Stage 2, **resolve**: anchor every quote, link every id, validate, and build the indexes.
//!
//! Input is the loaded [`Dossier`]; output is the [`Site`] graph that render reads. Articles
//! are anchored in parallel, each independently of the others; the cross-references (a person's
//! quotes, a date's events) are then built in one sequential pass that is linear in the number
//! of annotations.
//!
//! - `registry`: ids to indexes (with alias-aware suggestions), the registries' entities.
//! - `article`: one article's annotations anchored and resolved, one function per kind.
//! - `event`: `[[event]]` annotations, registry or inline.
//! - `selector`: anchoring one selector, each way it can fail a diagnostic.
//! - `cut`: the diagnostics of quotes with cuts (a part not found, a cut not marked).
//! - `backrefs`: the back-references (`Site::reindex`, `Site::replace_article`).
//! - `links`: internal links in notes and summaries, checked against the whole site.
//! - `fields`: dates, slugs, hashes: field-level helpers.
//! - `warnings`: site-wide warnings.

mod article;
mod backrefs;
mod cut;
mod event;
mod fields;
mod links;
mod registry;
mod selector;
mod summaries;
mod warnings;

use crate::diagnostics::{Diagnostics, Severity};
use crate::load::{ArticleIn, Dossier};
use crate::site::*;
use rayon::prelude::*;
use registry::Registry;
use std::collections::BTreeMap;

pub use fields::slugify;
pub use links::{
    Cascade, LINK_HINT, LINK_SCHEMES, NoteLinks, internal_links, link_article, resolve_dest,
};

/// The most articles one thread resolves without a chance to share them (see [`resolve`]).
const PIECE: usize = 32;

/// Resolves a loaded dossier. Diagnostics go to `diags`; the site is returned even when there
/// are errors (what could not be resolved is left out), so `check` can report everything.
pub fn resolve(dossier: &Dossier, diags: &mut Diagnostics) -> Site {
    let (resolver, mut site) = Resolver::new(dossier, diags);
    // Parse and anchor every article independently, in parallel; each parsed annotation file
    // is dropped as soon as its article is resolved, keeping only its notes' links. Rayon
    // splits a list only while threads steal from each other, so a thread could be left
    // alone with a piece of hundreds of articles at the end (150 ms of one idle core in
    // `check` at 10,000 articles); pieces of at most `PIECE` articles end together.
    let resolved: Vec<(Option<(Article, NoteLinks)>, Diagnostics)> = dossier
        .articles
        .par_iter()
        .with_max_len(PIECE)
        .map(|files| {
            let mut d = Diagnostics::default();
            let Some(ain) = files.parse(&dossier.sources, &mut d) else {
                return (None, d);
            };
            let r = resolver.article(&ain, &dossier.sources, &site, &mut d);
            (r, d)
        })
        .collect();
    let mut links = Vec::new();
    let mut cascade = Cascade::default();
    site.articles.reserve(resolved.len());
    for ((r, d), files) in resolved.into_iter().zip(&dossier.articles) {
        let base = diags.items.len();
        match &r {
            Some((_, l)) => cascade.annotations_left_out(l, base),
            // Links to an article left out follow from why it was: its first error, or
            // the warning that it has no annotation file yet.
            None => {
                let root = d.items.iter().position(|x| x.severity == Severity::Error);
                if let Some(root) = root.or((!d.items.is_empty()).then_some(0)) {
                    cascade.article_left_out(&files.slug, base + root);
                }
            }
        }
        diags.extend(d);
        if let Some((a, l)) = r {
            site.articles.push(a);
            links.push(l);
        }
    }
    site.reindex_unlinked();
    warnings::warn_unreported(&site, dossier, diags);
    // Links resolve against the whole site, so only now; they name other articles.
    for l in &links {
        l.apply(&mut site, &dossier.unusable_ids, &mut cascade, diags);
    }
    site.relink_from();
    summaries::resolve_summary_links(dossier, &mut site, &mut cascade, diags);
    cascade.report(diags);
    site
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
        let registry = registry::build(dossier, diags);
        let registry::Entities {
            people,
            issues,
            outlets,
            events,
            organisations,
            places,
        } = registry::entities(dossier, &registry, diags);
        let site = Site {
            config: dossier.config.clone(),
            articles: Table::new(),
            people,
            issues,
            outlets,
            registry_events: events.len(),
            events,
            organisations,
            places,
            dates: BTreeMap::new(),
            registry_ids: registry.ids.clone(),
            ids: registry.ids.clone(),
            article_by_slug: Default::default(),
            linked_from: Default::default(),
            disputes: Default::default(),
            url_style: Default::default(),
            story: None,
        };
        (Resolver { registry }, site)
    }

    /// Anchors and resolves one article against the registries of `site`.
    pub fn article(
        &self,
        a: &ArticleIn,
        sources: &crate::diagnostics::Sources,
        site: &Site,
        diags: &mut Diagnostics,
    ) -> Option<(Article, NoteLinks)> {
        article::resolve_article(a, sources, &self.registry, &site.events, diags)
    }
}
