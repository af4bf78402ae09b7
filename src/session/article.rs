//! The incremental path of one article edit: re-resolve that article alone, patch the site's
//! back-references, and re-render only the pages that read something the edit changed.

use super::{Session, Update, refused, subset_report};
use crate::diagnostics::Diagnostics;
use crate::load;
use crate::output::{Item, Plan};
use crate::pipeline;
use crate::publish::Extra;
use crate::publish::cache::Changed;
use crate::render::deps::{self, Dep, DepKey};
use crate::resolve;
use crate::site::{ArticleId, Site};
use std::collections::HashSet;
use std::time::Instant;

impl Session {
    /// Re-resolves one article and re-renders the pages that read something it changed.
    pub(super) fn article_changed(&mut self, slug: &str, start: Instant) -> Update {
        let mut diags = Diagnostics::default();
        let site = &self.prepared.site;
        let before = Snapshot::of(site, site.article_by_slug.get(slug).copied());
        if !self.relink(slug, &mut diags) {
            return refused(subset_report(&self.prepared, diags, start), false, start);
        }
        pipeline::timing("edit: article loaded, resolved, linked", start);
        let t = Instant::now();
        let site = &self.prepared.site;
        let index_after = site.article_by_slug.get(slug).copied();
        let after = Snapshot::of(site, index_after);
        let same_place = before.same_place(&after);
        let in_place = index_after.filter(|_| same_place);
        let search_changed = self.search_after(in_place);
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
        // Most edits leave every output path as it was: the plan and its checks then stand.
        let reuse = in_place
            .is_some_and(|i| same_paths(&self.prepared.plan, site, i, &self.prepared.search));
        let plan = (!reuse).then(|| {
            let plan = Plan::of(&self.prepared.dossier, site, self.prepared.search.files());
            plan.check(&self.prepared.dossier, site, &mut diags);
            plan
        });
        pipeline::timing("edit: exports' items, plan", t);
        if diags.has_errors() {
            self.stale = true;
            return refused(subset_report(&self.prepared, diags, start), false, start);
        }
        let edit = Edit {
            dirty: before.changes(&after),
            plan: plan.as_ref(),
            search: search_changed,
            exports,
        };
        let (items, removed) = self.edit_items(&edit);
        if let Some(plan) = plan {
            self.prepared.plan = plan;
        }
        let t = Instant::now();
        let update = self.patch(items, &removed, diags, start);
        pipeline::timing("edit: rendered and put in place", t);
        update
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
    /// every article in its place and brought or took no inline event), or of any article
    /// (`None`: the index is made again). Returns the scripts whose bytes changed, or `None`
    /// for all of them.
    fn search_after(&mut self, in_place: Option<ArticleId>) -> Option<Vec<String>> {
        let site = &self.prepared.site;
        match in_place {
            // In memory (a preview), the scripts are written when a search asks for them.
            Some(i) if self.in_memory() => {
                self.prepared.search.note_article(site, i);
                Some(Vec::new())
            }
            // Only this article's words again: other articles' items read as before.
            Some(i) => Some(self.prepared.search.article_changed(site, i)),
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
        // The paths before and after, when they may differ (else no path is new or gone).
        let (old, now): (HashSet<&str>, HashSet<&str>) = match edit.plan {
            Some(p) => (self.prepared.plan.paths().collect(), p.paths().collect()),
            None => Default::default(),
        };
        let plan = edit.plan.unwrap_or(&self.prepared.plan);
        let readers = self.deps.readers(&edit.dirty);
        let new_path = |p: &str| edit.plan.is_some() && !old.contains(p);
        let search = |p: &str| (edit.search.as_ref()).is_none_or(|c| c.iter().any(|s| s == p));
        let items: Vec<(String, Item)> = (plan.items.iter())
            .filter(|(p, i)| match i {
                Item::Search(_) => search(p),
                Item::Publish(Extra::Json) => edit.exports.json,
                Item::Publish(Extra::Annotations) => edit.exports.annotations,
                Item::Publish(_) => true,
                _ => readers.contains(p.as_str()) || new_path(p),
            })
            .cloned()
            .collect();
        let removed: Vec<String> = (old.iter())
            .filter(|p| !now.contains(*p))
            .map(|p| p.to_string())
            .collect();
        (items, removed)
    }
}

/// What one article edit changed.
struct Edit<'p> {
    /// The dependencies whose value changed.
    dirty: HashSet<DepKey>,
    /// The new output plan, when some path may have come or gone.
    plan: Option<&'p Plan>,
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

/// Whether `plan` still lists every output file of `site` at its path after article `i`
/// changed in place (no article came, went or moved, no inline event): the same pages in the
/// same order, the edited article's own pages (its page, its disputed points, named by its
/// annotations' ids) at the same paths, and the same search scripts. The other items come
/// from the registries, `site.toml` and `static/`, which an article edit leaves alone.
fn same_paths(plan: &Plan, site: &Site, i: ArticleId, search: &crate::search::Index) -> bool {
    use crate::render::Page;
    let pages = crate::render::all_pages(site);
    let mut planned = plan.items.iter();
    let pages_same = pages.iter().all(|page| match planned.next() {
        Some((path, Item::Page(p))) if p == page => match page {
            Page::Article(a) if *a == i => page.path(site) == *path,
            Page::Disputed(r) if r.article == i => page.path(site) == *path,
            _ => true,
        },
        _ => false,
    });
    let scripts = plan.items.iter().filter_map(|(path, item)| match item {
        Item::Search(_) => Some(path),
        _ => None,
    });
    pages_same
        && planned
            .next()
            .is_none_or(|(_, item)| !matches!(item, Item::Page(_)))
        && scripts.eq(search.files().keys())
}
