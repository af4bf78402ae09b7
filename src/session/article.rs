//! The incremental path of one article edit: re-resolve that article alone, patch the site's
//! back-references, and re-render only the pages that read something the edit changed.

use super::{Session, Update, refused, subset_report};
use crate::diagnostics::Diagnostics;
use crate::load;
use crate::output::{Item, Plan, PlanChange};
use crate::pipeline;
use crate::publish::Extra;
use crate::publish::cache::Changed;
use crate::render::deps::{self, Dep, DepKey};
use crate::resolve;
use crate::search::ArticleIndex;
use crate::site::{ArticleId, Site};
use std::collections::HashSet;
use std::time::Instant;

impl Session {
    /// Re-resolves one article and re-renders the pages that read something it changed.
    pub(super) fn article_changed(&mut self, slug: &str, start: Instant) -> Update {
        let mut diags = Diagnostics::default();
        let site = &self.prepared.site;
        let before = Snapshot::of(site, site.article_by_slug.get(slug).copied());
        // The index keeps no article's items: an edit in place takes out the words of these.
        let items_before = (before.index)
            .filter(|_| site.config.options.search)
            .map(|i| ArticleIndex::of(site, i));
        let linked_to = site.linked_from.get(slug).is_some_and(|l| !l.is_empty());
        let ids_before = linked_to.then(|| anchors(site, slug));
        if !self.relink(slug, &mut diags) {
            return refused(subset_report(&self.prepared, diags, start), false, start);
        }
        // Other articles' notes link to this one, by its annotations' ids: when an id came,
        // went or the article did, only the whole link pass can say whether their links
        // still hold, so the dossier is loaded again (stale until that succeeds).
        if ids_before.is_some_and(|ids| anchors(&self.prepared.site, slug) != ids) {
            self.stale = true;
            return self.rebuild(start);
        }
        pipeline::timing("edit: article loaded, resolved, linked", start);
        let t = Instant::now();
        let site = &self.prepared.site;
        let index_after = site.article_by_slug.get(slug).copied();
        let after = Snapshot::of(site, index_after);
        let same_place = before.same_place(&after);
        let in_place = index_after.filter(|_| same_place);
        let search_changed = self.search_after(in_place.zip(items_before));
        pipeline::timing("edit: search index", t);
        let t = Instant::now();
        let site = &self.prepared.site;
        // An export is made again when its items changed, or their order (an article came,
        // went or moved), or (`dossier.json`, which lists the events) an inline event.
        let exports = match &mut self.prepared.exports {
            Some(e) if same_place => e.article_changed(site, slug),
            Some(e) => {
                e.article_changed(site, slug);
                Changed::ALL
            }
            None => Changed::ALL,
        };
        let (plan, change) = self.plan_after(in_place, &mut diags);
        pipeline::timing("edit: exports' items, plan", t);
        if diags.has_errors() {
            // The plan describes the site, which is ahead of the output now.
            self.prepared.plan = plan;
            self.stale = true;
            return refused(subset_report(&self.prepared, diags, start), false, start);
        }
        let edit = Edit {
            dirty: before.changes(&after),
            plan: &plan,
            change,
            search: search_changed,
            exports,
        };
        let (items, removed) = self.edit_items(&edit);
        self.prepared.plan = plan;
        let t = Instant::now();
        let update = self.patch(items, &removed, diags, start);
        pipeline::timing("edit: rendered and put in place", t);
        update
    }

    /// The output plan after the edit, with the paths that came and went, checked. After an
    /// edit of article `in_place` that kept every article in its place, only that article's
    /// own pages (its page, its disputed points, named by its annotations' ids) can move, and
    /// pages can come or go (a date, a disputed point, a list's page): the plan is patched.
    /// Takes the session's plan (patching moves its paths); the caller puts the new one in.
    fn plan_after(
        &mut self,
        in_place: Option<ArticleId>,
        diags: &mut Diagnostics,
    ) -> (Plan, PlanChange) {
        use crate::render::Page;
        let p = &mut self.prepared;
        let before = std::mem::take(&mut p.plan);
        let (dossier, site, search) = (&p.dossier, &p.site, &p.search);
        match in_place {
            Some(i) => {
                let own = |page: &Page| match page {
                    Page::Article(a) => *a == i,
                    Page::Disputed(r) => r.article == i,
                    _ => false,
                };
                let (plan, change) = before.patched(dossier, site, search, own);
                plan.check_change(&change, dossier, site, diags);
                (plan, change)
            }
            None => {
                let plan = Plan::of(dossier, site, search);
                plan.check(dossier, site, diags);
                let change = PlanChange::between(&before, &plan);
                (plan, change)
            }
        }
    }

    /// Loads and resolves the article `slug` again and puts it into the site, with its
    /// back-references. False (and the site untouched) when that has errors; after it, a
    /// refusal leaves the site ahead of the output.
    fn relink(&mut self, slug: &str, diags: &mut Diagnostics) -> bool {
        let site = &self.prepared.site;
        let sources = &mut self.prepared.dossier.sources;
        let fresh = load::load_article(&self.root, slug, sources, diags);
        let resolved =
            (fresh.as_ref()).and_then(|a| self.resolver.article(a, sources, site, diags));
        if diags.has_errors() || (fresh.is_some() && resolved.is_none()) {
            return false;
        }
        let (resolved, links) = resolved.map_or((None, None), |(a, l)| (Some(a), Some(l)));
        self.prepared.site.replace_article(slug, resolved);
        if let Some(l) = &links {
            let (dossier, site) = (&self.prepared.dossier, &mut self.prepared.site);
            resolve::link_article(dossier, site, l, diags);
        }
        true
    }

    /// Brings the search index up to date after an edit of article `in_place` (which kept
    /// every article in its place and brought or took no inline event; with its items before
    /// the edit), or of any article (`None`: the index is made again). Returns the scripts
    /// whose bytes changed, or `None` for all of them.
    fn search_after(&mut self, in_place: Option<(ArticleId, ArticleIndex)>) -> Option<Vec<String>> {
        let site = &self.prepared.site;
        match in_place {
            // In memory (a preview), the scripts are written when a search asks for them.
            Some((i, old)) if self.in_memory() => {
                self.prepared.search.note_article(site, i, old);
                Some(Vec::new())
            }
            // Only this article's words again: other articles' items read as before.
            Some((i, old)) => Some(self.prepared.search.article_changed(site, i, old)),
            None => {
                self.prepared.search = crate::output::search_files(site);
                None
            }
        }
    }

    /// The items an edit renders again and the paths it removes: the pages that read what it
    /// changed, pages at new paths, the feeds and sitemap, the exports whose items changed and
    /// the search scripts the index rewrote (only those whose bytes changed are written).
    fn edit_items(&self, edit: &Edit) -> (Vec<(String, Item)>, Vec<String>) {
        let readers = self.deps.readers(&edit.dirty);
        let added: HashSet<&str> = edit.change.added.iter().map(String::as_str).collect();
        let search = |p: &str| (edit.search.as_ref()).is_none_or(|c| c.iter().any(|s| s == p));
        let items: Vec<(String, Item)> = (edit.plan.items.iter())
            .filter(|(p, i)| match i {
                Item::Search(_) => search(p),
                Item::Publish(Extra::Json | Extra::JsonPage(_)) => edit.exports.json,
                Item::Publish(Extra::Annotations | Extra::AnnotationPage(_)) => {
                    edit.exports.annotations
                }
                Item::Publish(_) => true,
                _ => readers.contains(p.as_str()) || added.contains(p.as_str()),
            })
            .cloned()
            .collect();
        (items, edit.change.removed.clone())
    }
}

/// What one article edit changed.
struct Edit<'p> {
    /// The dependencies whose value changed.
    dirty: HashSet<DepKey>,
    /// The output plan after the edit.
    plan: &'p Plan,
    /// The paths that came and went.
    change: PlanChange,
    /// The search scripts whose bytes changed (`None`: all of them).
    search: Option<Vec<String>>,
    /// The exports whose items changed.
    exports: Changed,
}

/// What an article edit can change, taken before and after it.
struct Snapshot {
    effects: deps::Effects,
    index: Option<ArticleId>,
    articles: usize,
    inline_events: bool,
    dates: Vec<crate::date::PartialDate>,
}

impl Snapshot {
    fn of(site: &Site, index: Option<ArticleId>) -> Snapshot {
        let mut effects = deps::Effects::new();
        if let Some(i) = index {
            deps::article_effects(site, i, &mut effects);
        }
        Snapshot {
            effects,
            index,
            articles: site.articles.len(),
            inline_events: index.is_some_and(|i| !site.articles[i].inline_events.is_empty()),
            dates: site.dates.keys().copied().collect(),
        }
    }

    /// True when every article kept its index and no inline event came or went.
    fn same_place(&self, after: &Snapshot) -> bool {
        self.index == after.index
            && self.articles == after.articles
            && !self.inline_events
            && !after.inline_events
    }

    /// The dependencies that changed between two snapshots.
    fn changes(self, after: &Snapshot) -> HashSet<DepKey> {
        let mut dirty = deps::changed(self.effects, &after.effects);
        let mut add = |changed: bool, d: Dep| {
            if changed {
                dirty.insert(d.key());
            }
        };
        add(
            self.index != after.index || self.articles != after.articles,
            Dep::ArticleList,
        );
        add(self.inline_events || after.inline_events, Dep::EventList);
        add(self.dates != after.dates, Dep::DateList);
        dirty
    }
}

/// The ids of article `slug`'s annotations, sorted (`None` when there is no such article).
fn anchors(site: &Site, slug: &str) -> Option<Vec<String>> {
    site.article_by_slug.get(slug).map(|&i| {
        let mut ids: Vec<String> = (site.articles[i].annotations.iter())
            .map(|a| a.anchor.clone())
            .collect();
        ids.sort();
        ids
    })
}
