//! A live dossier: built once, then brought up to date after each batch of file changes.
//!
//! [`Session::apply`] takes any changed paths. An edit to one article (its text or its
//! annotations) re-resolves that article alone, patches the site's back-references, and
//! re-renders only the pages that show something of it ([`touched`]). Any other change (a
//! registry, a template, a static file, `site.toml`, several articles at once) loads and
//! renders the whole dossier again through the same [`pipeline::prepare`] as a build. Either
//! way the result goes through [`pipeline::emit`], and only files whose bytes changed are
//! written: into memory (the preview server serves an `Arc` snapshot, swapped whole) or into
//! the output directory as one transaction.
//!
//! A change with errors changes nothing: the last good site stays.

use crate::diagnostics::Diagnostics;
use crate::load::{self, ARTICLES_DIR};
use crate::output::dir::{self, DirOutput};
use crate::output::{Files, Item, Manifest, Memory, Plan, digest};
use crate::pipeline::{self, Prepared, Report};
use crate::publish::Extra;
use crate::publish::cache::{Changed, ExportCache};
use crate::render::deps::{self, Dep, DepIndex, DepKey};
use crate::resolve::{self, Resolver};
use crate::site::{ArticleId, Site};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Where a session keeps its output.
pub enum OutputTarget {
    /// In memory (the preview server).
    Memory,
    /// In this directory, as `dossier build` writes it.
    Dir(PathBuf),
}

/// Where the current output is.
enum Output {
    Memory(Arc<Files>),
    Dir(PathBuf),
}

/// A built site kept in memory with what it was built from.
pub struct Session {
    root: PathBuf,
    prepared: Prepared,
    resolver: Resolver,
    output: Output,
    /// Content hashes of the output as it is now.
    hashes: Manifest,
    /// What each page read when it was last rendered.
    deps: DepIndex,
    /// Set when an incremental edit was refused after the site had been patched: the site in
    /// memory no longer matches the output, so the next change rebuilds everything.
    stale: bool,
    /// In memory, the whole-dossier exports are made only when asked for ([`Self::flush`]):
    /// at 10,000 articles, putting 160 MB together again after every edit was most of the
    /// time of an annotation edit, for files a preview rarely opens. These are the ones not
    /// made since the last change (absent from the snapshot until then).
    deferred: Vec<(String, Item)>,
}

/// What one [`Session::apply`] did.
pub struct Update {
    /// Output files rendered again (pages, search scripts...).
    pub rendered: Vec<String>,
    /// Those of them whose bytes changed, and so were written.
    pub written: Vec<String>,
    /// Output files that no longer exist and were removed.
    pub removed: Vec<String>,
    /// True when the whole dossier was loaded and rendered again.
    pub full_rebuild: bool,
    /// Diagnostics; when there are errors, nothing was changed.
    pub report: Report,
    pub elapsed: Duration,
}

impl Update {
    /// True when the change was applied (no errors).
    pub fn ok(&self) -> bool {
        self.report.ok()
    }
}

/// What a batch of changed paths asks for.
#[derive(Debug, PartialEq)]
enum Change {
    Nothing,
    Article(String),
    /// Files under `templates/` only.
    Templates,
    Everything,
}

impl Session {
    /// Builds the dossier at `root` and keeps it for updates. On errors, returns the report.
    pub fn open(root: &Path, target: OutputTarget) -> Result<(Session, Report), Report> {
        let start = Instant::now();
        let mut prepared = pipeline::prepare(root)?;
        prepared.dossier.sources.reuse_paths();
        prepared.exports = Some(ExportCache::new(&prepared.site));
        let mut scratch = crate::diagnostics::Diagnostics::default();
        let (resolver, _) = Resolver::new(&prepared.dossier, &mut scratch);
        let mut session = Session {
            root: root.to_path_buf(),
            prepared,
            resolver,
            output: match target {
                OutputTarget::Memory => Output::Memory(Arc::default()),
                OutputTarget::Dir(d) => Output::Dir(dir::absolute(&d)),
            },
            hashes: Manifest::default(),
            deps: DepIndex::default(),
            stale: false,
            deferred: Vec::new(),
        };
        if let Output::Dir(out) = &session.output
            && !dir::check_output(root, out, &mut session.prepared.diagnostics)
        {
            return Err(session.prepared.report(start));
        }
        let items = session.prepared.plan.items.clone();
        match session.commit(&items, &[], true) {
            Ok(_) => {
                let warnings = std::mem::take(&mut session.prepared.diagnostics);
                let report = subset_report(&session.prepared, warnings, start);
                Ok((session, report))
            }
            Err(errors) => {
                session.prepared.diagnostics.items.extend(errors);
                Err(session.prepared.report(start))
            }
        }
    }

    /// The snapshot of the output in memory (empty for a session writing to a directory).
    pub fn files(&self) -> Arc<Files> {
        match &self.output {
            Output::Memory(f) => f.clone(),
            Output::Dir(_) => Arc::default(),
        }
    }

    /// The output files made only when asked for, and not made since the last change: in
    /// memory, the whole-dossier exports (`dossier.json`, `annotations.jsonld`), and
    /// `search/` (the folder: every search script) after an article edit.
    pub fn deferred(&self) -> Vec<String> {
        let mut out: Vec<String> = self.deferred.iter().map(|(p, _)| p.clone()).collect();
        if self.prepared.search.is_pending() {
            out.push("search/".to_string());
        }
        out
    }

    /// Whether the output is a snapshot in memory (a preview), not a directory.
    fn in_memory(&self) -> bool {
        matches!(self.output, Output::Memory(_))
    }

    /// Makes the deferred files, so that [`Self::files`] holds them. Returns the files made
    /// (`None` when there was nothing to make). It makes none while the site in memory is
    /// ahead of the output (after a refused change), as they would describe a site that is
    /// not served.
    pub fn flush(&mut self) -> Result<Option<Vec<String>>, Vec<crate::diagnostics::Diagnostic>> {
        let search = self.prepared.search.is_pending();
        let Output::Memory(files) = &mut self.output else {
            return Ok(None);
        };
        if (self.deferred.is_empty() && !search) || self.stale {
            return Ok(None);
        }
        let mut items = std::mem::take(&mut self.deferred);
        let mut gone = Vec::new();
        if search {
            let p = &mut self.prepared;
            let changed = p.search.write_pending(&p.site);
            // The shards may have been planned anew: some paths come, some go.
            let plan = Plan::of(&p.dossier, &p.site, p.search.files());
            let searched = |plan: &Plan| -> HashSet<String> {
                (plan.items.iter())
                    .filter(|(_, i)| matches!(i, Item::Search(_)))
                    .map(|(path, _)| path.clone())
                    .collect()
            };
            let now = searched(&plan);
            gone.extend(searched(&p.plan).into_iter().filter(|q| !now.contains(q)));
            items.extend(changed.into_iter().map(|q| (q.clone(), Item::Search(q))));
            p.plan = plan;
        }
        let sink = Memory::default();
        if let Err(e) = pipeline::emit(&self.prepared, &items, &sink, false) {
            // The output is behind the site now: the next change rebuilds everything.
            self.stale = true;
            return Err(e);
        }
        let mut next = (**files).clone();
        let mut made = Vec::new();
        for path in gone {
            next.remove(&path);
            self.hashes.0.remove(&path);
        }
        for (path, bytes) in sink.into_files() {
            self.hashes.0.insert(path.clone(), digest(&bytes));
            made.push(path.clone());
            next.insert(path, bytes);
        }
        *files = Arc::new(next);
        Ok(Some(made))
    }

    /// The resolved site as of the last good change.
    pub fn site(&self) -> &Site {
        &self.prepared.site
    }

    /// The dossier's root directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Brings the output up to date after `changed` paths were created, modified, deleted or
    /// renamed (absolute, or relative to the root). Paths outside the dossier's inputs are
    /// ignored.
    pub fn apply(&mut self, changed: &[PathBuf]) -> Update {
        let start = Instant::now();
        match self.classify(changed) {
            Change::Nothing => Update {
                rendered: vec![],
                written: vec![],
                removed: vec![],
                full_rebuild: false,
                report: subset_report(&self.prepared, Diagnostics::default(), start),
                elapsed: start.elapsed(),
            },
            Change::Article(slug) if !self.stale => self.article_changed(&slug, start),
            Change::Templates if !self.stale => self.templates_changed(start),
            _ => self.rebuild(start),
        }
    }

    /// Sorts the changed paths into what they ask for.
    fn classify(&self, changed: &[PathBuf]) -> Change {
        let mut change = Change::Nothing;
        for p in changed {
            let rel = p.strip_prefix(&self.root).unwrap_or(p);
            let rel = rel.to_string_lossy().replace('\\', "/");
            let this = if let Some(name) = rel.strip_prefix(&format!("{ARTICLES_DIR}/")) {
                match name.rsplit_once('.') {
                    Some((slug, "md" | "toml")) if !slug.contains('/') => {
                        Change::Article(slug.to_string())
                    }
                    // A folder renamed or removed, or a stray file: let a full load decide.
                    _ => Change::Everything,
                }
            } else if rel.starts_with("templates/") {
                Change::Templates
            } else if rel == "site.toml"
                || rel.starts_with("content/")
                || rel.starts_with("static/")
                || rel == "content"
                || rel == "templates"
                || rel == "static"
            {
                Change::Everything
            } else {
                Change::Nothing
            };
            change = match (change, this) {
                (c, Change::Nothing) | (Change::Nothing, c) => c,
                (Change::Article(a), Change::Article(b)) if a == b => Change::Article(a),
                (Change::Templates, Change::Templates) => Change::Templates,
                _ => Change::Everything,
            };
        }
        change
    }

    /// Loads and renders the whole dossier again; writes only what changed.
    fn rebuild(&mut self, start: Instant) -> Update {
        let mut prepared = match pipeline::prepare(&self.root) {
            Ok(p) => p,
            Err(report) => return refused(report, true, start),
        };
        prepared.dossier.sources.reuse_paths();
        prepared.exports = Some(ExportCache::new(&prepared.site));
        let mut scratch = Diagnostics::default();
        let (resolver, _) = Resolver::new(&prepared.dossier, &mut scratch);
        let old = std::mem::replace(&mut self.prepared, prepared);
        let items = self.prepared.plan.items.clone();
        match self.commit(&items, &[], true) {
            Ok((written, removed)) => {
                self.resolver = resolver;
                self.stale = false;
                let warnings = std::mem::take(&mut self.prepared.diagnostics);
                Update {
                    rendered: items.into_iter().map(|(p, _)| p).collect(),
                    written,
                    removed,
                    full_rebuild: true,
                    report: subset_report(&self.prepared, warnings, start),
                    elapsed: start.elapsed(),
                }
            }
            Err(errors) => {
                let mut failed = std::mem::replace(&mut self.prepared, old);
                failed.diagnostics.items.extend(errors);
                refused(failed.report(start), true, start)
            }
        }
    }

    /// Reads `templates/` again and re-renders the pages whose template changed, or every page
    /// when a template that others include or extend changed (base, partials). The site, the
    /// search index and the exports do not depend on templates and stay as they are.
    fn templates_changed(&mut self, start: Instant) -> Update {
        let mut diags = Diagnostics::default();
        let dossier = &mut self.prepared.dossier;
        let texts = |d: &crate::load::Dossier| -> HashMap<String, String> {
            d.templates
                .iter()
                .map(|t| (t.name.clone(), d.sources.text(t.source).to_string()))
                .collect()
        };
        let before = texts(dossier);
        let fresh = load::load_templates(&self.root, &mut dossier.sources, &mut diags);
        let old_list = std::mem::replace(&mut dossier.templates, fresh);
        let after = texts(dossier);
        let global = crate::render::SiteGlobal::new(&self.prepared.site);
        let templates = crate::render::templates::load(dossier, &global, &mut diags);
        let Some(templates) = templates.filter(|_| !diags.has_errors()) else {
            // Keep the templates in use; their sources were read again, so rebuild next time.
            dossier.templates = old_list;
            self.stale = true;
            return refused(subset_report(&self.prepared, diags, start), false, start);
        };
        let changed: HashSet<&str> = before
            .keys()
            .chain(after.keys())
            .filter(|n| before.get(*n) != after.get(*n))
            .map(|n| n.as_str())
            .collect();
        let page_templates: HashSet<&str> = self
            .prepared
            .plan
            .items
            .iter()
            .filter_map(|(_, i)| match i {
                Item::Page(p) => Some(p.template()),
                _ => None,
            })
            .collect();
        let everything = changed.iter().any(|n| !page_templates.contains(n));
        let items: Vec<(String, Item)> = self
            .prepared
            .plan
            .items
            .iter()
            .filter(
                |(_, i)| matches!(i, Item::Page(p) if everything || changed.contains(p.template())),
            )
            .cloned()
            .collect();
        self.prepared.templates = templates;
        self.patch(items, &[], diags, start)
    }

    /// Re-resolves one article and re-renders the pages that read something it changed.
    fn article_changed(&mut self, slug: &str, start: Instant) -> Update {
        let mut diags = Diagnostics::default();
        let site = &self.prepared.site;
        let index_before = site.article_by_slug.get(slug).copied();
        let before = Snapshot::of(site, index_before);

        let sources = &mut self.prepared.dossier.sources;
        let fresh = load::load_article(&self.root, slug, sources, &mut diags);
        let resolved = fresh
            .as_ref()
            .and_then(|a| self.resolver.article(a, sources, site, &mut diags));
        if diags.has_errors() || (fresh.is_some() && resolved.is_none()) {
            return refused(subset_report(&self.prepared, diags, start), false, start);
        }
        let (resolved, links) = resolved.map_or((None, None), |(a, l)| (Some(a), Some(l)));
        // From here on the site is patched; a refusal leaves it ahead of the output.
        self.prepared.site.replace_article(slug, resolved);
        if let Some(l) = &links {
            let (dossier, site) = (&self.prepared.dossier, &mut self.prepared.site);
            resolve::link_article(dossier, site, l, &mut diags);
        }
        pipeline::timing("edit: article loaded, resolved, linked", start);
        let t = Instant::now();
        let site = &self.prepared.site;
        let index_after = site.article_by_slug.get(slug).copied();
        let after = Snapshot::of(site, index_after);
        // The search index: only this article's words again when every article kept its place
        // and no inline event came or went (else other articles' items may read differently).
        let search_changed = match index_after {
            // In memory (a preview), the scripts are written when a search asks for them.
            Some(i) if before.same_place(&after) && self.in_memory() => {
                self.prepared.search.note_article(site, i);
                Some(Vec::new())
            }
            Some(i) if before.same_place(&after) => {
                Some(self.prepared.search.article_changed(site, i))
            }
            _ => {
                self.prepared.search = crate::output::search_files(site);
                None
            }
        };
        pipeline::timing("edit: search index", t);
        let t = Instant::now();
        // An export is made again when its items changed, or their order (an article came,
        // went or moved), or (`dossier.json`, which lists the events) an inline event.
        let exports = match &mut self.prepared.exports {
            Some(e) if before.same_place(&after) => e.article_changed(site, slug),
            Some(e) => {
                e.article_changed(site, slug);
                Changed::ALL
            }
            None => Changed::ALL,
        };
        // Most edits leave every output path as it was: the plan and its checks then stand.
        let reuse = index_after.is_some_and(|i| {
            before.same_place(&after)
                && same_paths(&self.prepared.plan, site, i, &self.prepared.search)
        });
        let plan = if reuse {
            None
        } else {
            let plan = Plan::of(&self.prepared.dossier, site, self.prepared.search.files());
            plan.check(&self.prepared.dossier, site, &mut diags);
            Some(plan)
        };
        pipeline::timing("edit: exports' items, plan", t);
        if diags.has_errors() {
            self.stale = true;
            return refused(subset_report(&self.prepared, diags, start), false, start);
        }

        // What changed: the edit's effects before and after, and the lists it reordered.
        let dirty = before.changes(&after);
        let (items, removed) = {
            // The paths before and after, when they may differ (else no path is new or gone).
            let (old, now): (HashSet<&str>, HashSet<&str>) = match &plan {
                Some(p) => (self.prepared.plan.paths().collect(), p.paths().collect()),
                None => Default::default(),
            };
            let plan = plan.as_ref().unwrap_or(&self.prepared.plan);
            let readers = self.deps.readers(&dirty);
            let wanted = |p: &str| readers.contains(p) || (!reuse && !old.contains(p));
            let search = |p: &str| {
                search_changed
                    .as_ref()
                    .is_none_or(|c| c.iter().any(|s| s == p))
            };
            // The feeds and sitemap are made again, the exports whose items changed, and the
            // search scripts the index rewrote; only those whose bytes changed are written.
            let items: Vec<(String, Item)> = plan
                .items
                .iter()
                .filter(|(p, i)| match i {
                    Item::Search(_) => search(p),
                    Item::Publish(Extra::Json) => exports.json,
                    Item::Publish(Extra::Annotations) => exports.annotations,
                    Item::Publish(_) => true,
                    _ => wanted(p),
                })
                .cloned()
                .collect();
            let removed: Vec<String> = old
                .iter()
                .filter(|p| !now.contains(*p))
                .map(|p| p.to_string())
                .collect();
            (items, removed)
        };
        if let Some(plan) = plan {
            self.prepared.plan = plan;
        }
        let t = Instant::now();
        let update = self.patch(items, &removed, diags, start);
        pipeline::timing("edit: rendered and put in place", t);
        update
    }

    /// Renders `items` of the patched site and puts them in place with `removed` gone. On
    /// failure the output may be behind the site, so the next change rebuilds everything.
    fn patch(
        &mut self,
        items: Vec<(String, Item)>,
        removed: &[String],
        mut diags: Diagnostics,
        start: Instant,
    ) -> Update {
        match self.commit(&items, removed, false) {
            Ok((written, removed)) => Update {
                rendered: items.into_iter().map(|(p, _)| p).collect(),
                written,
                removed,
                full_rebuild: false,
                report: subset_report(&self.prepared, diags, start),
                elapsed: start.elapsed(),
            },
            Err(errors) => {
                self.stale = true;
                diags.items.extend(errors);
                refused(subset_report(&self.prepared, diags, start), false, start)
            }
        }
    }

    /// Emits `items` and puts them in place with `removed` gone. With `complete`, `items` is
    /// the whole site and anything else of the previous output is removed. Returns the files
    /// whose bytes changed and the files removed.
    fn commit(
        &mut self,
        items: &[(String, Item)],
        removed: &[String],
        complete: bool,
    ) -> Result<(Vec<String>, Vec<String>), Vec<crate::diagnostics::Diagnostic>> {
        let io =
            |e: std::io::Error| vec![crate::diagnostics::Diagnostic::error("io", e.to_string())];
        match &mut self.output {
            Output::Memory(files) => {
                let (later, now): (Vec<_>, Vec<_>) = items
                    .iter()
                    .cloned()
                    .partition(|(_, i)| i.is_whole_dossier());
                let sink = Memory::default();
                let deps = pipeline::emit_recording(&self.prepared, &now, &sink, false, true)?;
                self.deps.update(deps, removed, complete);
                let fresh = sink.into_files();
                // What is deferred now: `later`, and what was deferred before and is neither
                // made now (a static file in its place) nor removed.
                if complete {
                    self.deferred.clear();
                }
                self.deferred.retain(|(p, _)| {
                    !fresh.contains_key(p)
                        && !removed.contains(p)
                        && !later.iter().any(|l| l.0 == *p)
                });
                self.deferred.extend(later);
                let is_deferred = |p: &String| self.deferred.iter().any(|d| d.0 == *p);
                let mut next: Files = if complete {
                    Files::new()
                } else {
                    (**files).clone()
                };
                let mut gone: Vec<String> = if complete {
                    files
                        .keys()
                        .filter(|k| !fresh.contains_key(*k) && !is_deferred(k))
                        .cloned()
                        .collect()
                } else {
                    removed
                        .iter()
                        .filter(|p| files.contains_key(*p))
                        .cloned()
                        .collect()
                };
                gone.sort();
                for p in &gone {
                    next.remove(p);
                }
                // A deferred file is out of date: it leaves the snapshot until it is made.
                for (p, _) in &self.deferred {
                    next.remove(p);
                    self.hashes.0.remove(p);
                }
                let mut changed = Vec::new();
                for (path, bytes) in fresh {
                    if files.get(&path).is_none_or(|old| **old != *bytes) {
                        changed.push(path.clone());
                    }
                    self.hashes.0.insert(path.clone(), digest(&bytes));
                    next.insert(path, bytes);
                }
                for p in &gone {
                    self.hashes.0.remove(p);
                }
                *files = Arc::new(next);
                Ok((changed, gone))
            }
            Output::Dir(out) => {
                let t = Instant::now();
                let output = DirOutput::open(out).map_err(io)?;
                pipeline::timing("  output opened", t);
                let fresh: Vec<&str> = items.iter().map(|(p, _)| p.as_str()).collect();
                let what = |path: &str| self.prepared.plan.describe(&self.prepared.site, path);
                let blocked =
                    dir::in_the_way(output.path(), output.previous(), fresh.into_iter(), &what);
                if !blocked.is_empty() {
                    output.discard();
                    return Err(blocked);
                }
                let t = Instant::now();
                match pipeline::emit_recording(&self.prepared, items, &output, false, true) {
                    Ok(deps) => self.deps.update(deps, removed, complete),
                    Err(e) => {
                        output.discard();
                        return Err(e);
                    }
                }
                pipeline::timing("  emitted", t);
                let t = Instant::now();
                let c = output.commit(complete, removed).map_err(io)?;
                pipeline::timing("  committed", t);
                let t = Instant::now();
                self.hashes = Manifest::read(out).unwrap_or_default();
                pipeline::timing("  manifest read again", t);
                Ok((c.written, c.removed))
            }
        }
    }
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

/// The answer to a change with errors: nothing changed.
fn refused(report: Report, full_rebuild: bool, start: Instant) -> Update {
    Update {
        rendered: vec![],
        written: vec![],
        removed: vec![],
        full_rebuild,
        report,
        elapsed: start.elapsed(),
    }
}

/// A report of `diagnostics` that carries only the sources they point into, so that a long
/// session does not copy every text of the dossier for each change.
fn subset_report(p: &Prepared, mut diagnostics: Diagnostics, start: Instant) -> Report {
    let sources = p.dossier.sources.subset(&mut diagnostics);
    diagnostics.sort(&sources);
    Report {
        diagnostics,
        sources,
        pages: p.page_counts(),
        output: None,
        written: 0,
        unchanged: false,
        elapsed: start.elapsed(),
    }
}
