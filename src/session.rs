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
use crate::output::{Files, Item, Manifest, Memory, Plan, Sink, digest};
use crate::pipeline::{self, Prepared, Report};
use crate::render::{self, Page};
use crate::resolve::{self, Resolver};
use crate::site::{AnnKind, Site, Target};
use std::collections::BTreeSet;
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
    /// Set when an incremental edit was refused after the site had been patched: the site in
    /// memory no longer matches the output, so the next change rebuilds everything.
    stale: bool,
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
    Everything,
}

impl Session {
    /// Builds the dossier at `root` and keeps it for updates. On errors, returns the report.
    pub fn open(root: &Path, target: OutputTarget) -> Result<(Session, Report), Report> {
        let start = Instant::now();
        let mut prepared = pipeline::prepare(root)?;
        prepared.dossier.sources.reuse_paths();
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
            stale: false,
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
            } else if rel == "site.toml"
                || rel.starts_with("content/")
                || rel.starts_with("templates/")
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

    /// Re-resolves one article and re-renders the pages that show something of it.
    fn article_changed(&mut self, slug: &str, start: Instant) -> Update {
        let mut diags = Diagnostics::default();
        let site = &self.prepared.site;
        let shards_before = crate::search::paths(site);
        let (count_before, index_before) =
            (site.articles.len(), site.article_by_slug.get(slug).copied());
        let before: BTreeSet<String> = index_before.map_or_else(BTreeSet::new, |i| {
            touched(site, i).iter().map(|p| p.path(site)).collect()
        });

        let sources = &mut self.prepared.dossier.sources;
        let fresh = load::load_article(&self.root, slug, sources, &mut diags);
        let resolved = fresh
            .as_ref()
            .and_then(|a| self.resolver.article(a, sources, site, &mut diags));
        if diags.has_errors() || (fresh.is_some() && resolved.is_none()) {
            return refused(subset_report(&self.prepared, diags, start), false, start);
        }
        // From here on the site is patched; a refusal leaves it ahead of the output.
        self.prepared.site.replace_article(slug, resolved);
        let site = &self.prepared.site;
        if let Some(a) = &fresh {
            resolve::check_article_links(&self.prepared.dossier, site, a, &mut diags);
        }
        let plan = Plan::of(&self.prepared.dossier, site);
        plan.check(&self.prepared.dossier, site, &mut diags);
        if diags.has_errors() {
            self.stale = true;
            return refused(subset_report(&self.prepared, diags, start), false, start);
        }

        let mut pages: BTreeSet<Page> = site
            .article_by_slug
            .get(slug)
            .map_or_else(BTreeSet::new, |&i| touched(site, i));
        // When the article moved in the list (or came or went), every later index page shifts.
        if site.articles.len() != count_before
            || site.article_by_slug.get(slug) != index_before.as_ref()
        {
            pages.extend(
                (0..render::pages::page_count(site.articles.len(), site)).map(Page::Articles),
            );
        }
        let mut removed = Vec::new();
        for path in before {
            match Page::from_path(site, &path) {
                Some(p) => {
                    pages.insert(p);
                }
                None => removed.push(path),
            }
        }
        let mut items: Vec<(String, Item)> = pages
            .into_iter()
            .map(|p| (p.path(site), Item::Page(p)))
            .collect();
        if site.config.options.search {
            let now = crate::search::paths(site);
            if now.len() != shards_before.len() {
                items.push((Page::Search.path(site), Item::Page(Page::Search)));
            }
            removed.extend(shards_before.into_iter().filter(|p| !now.contains(p)));
            items.extend(now.into_iter().map(|p| (p.clone(), Item::Search(p))));
        }
        self.prepared.plan = plan;
        match self.commit(&items, &removed, false) {
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
                let sink = Memory::default();
                pipeline::emit(&self.prepared, items, &sink, false)?;
                let fresh = sink.into_files();
                let mut next: Files = if complete {
                    Files::new()
                } else {
                    (**files).clone()
                };
                let mut gone: Vec<String> = if complete {
                    files
                        .keys()
                        .filter(|k| !fresh.contains_key(*k))
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
                let output = DirOutput::open(out).map_err(io)?;
                let fresh: Vec<&str> = items.iter().map(|(p, _)| p.as_str()).collect();
                let blocked = dir::in_the_way(output.path(), output.previous(), fresh.into_iter());
                if !blocked.is_empty() {
                    output.discard();
                    return Err(blocked);
                }
                if let Err(e) = pipeline::emit(&self.prepared, items, &output as &dyn Sink, false) {
                    output.discard();
                    return Err(e);
                }
                let c = output.commit(complete, removed).map_err(io)?;
                self.hashes = Manifest::read(out).unwrap_or_default();
                Ok((c.written, c.removed))
            }
        }
    }
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
        elapsed: start.elapsed(),
    }
}

/// Every page that shows something of article `i`.
pub fn touched(site: &Site, i: usize) -> BTreeSet<Page> {
    let a = &site.articles[i];
    let mut pages: BTreeSet<Page> = [
        Page::Home,
        Page::People,
        Page::Issues,
        Page::Outlets,
        Page::Dates,
        Page::Article(i),
    ]
    .into_iter()
    .collect();
    pages.insert(render::pages::articles_page_of(site, i));
    // Inline events are listed among all events, in date order.
    if !a.inline_events.is_empty() {
        pages.extend((0..render::pages::page_count(site.events.len(), site)).map(Page::Events));
    }
    // The pager of the neighbours shows this article's title.
    if i > 0 {
        pages.insert(Page::Article(i - 1));
    }
    if i + 1 < site.articles.len() {
        pages.insert(Page::Article(i + 1));
    }
    // Articles whose notes link here show its title or passages.
    for &j in site.linked_from.get(&a.slug).into_iter().flatten() {
        pages.insert(Page::Article(j));
    }
    pages.insert(Page::Outlet(a.outlet));
    pages.extend(a.people.iter().map(|&p| Page::Person(p)));
    pages.extend(a.issues.iter().map(|&x| Page::Issue(x)));
    pages.extend(a.events.iter().map(|&e| Page::Event(e)));
    let mut dates = vec![a.published];
    for ann in &a.annotations {
        match &ann.kind {
            AnnKind::Quote { said, .. } => dates.push(*said),
            AnnKind::Event {
                event,
                reported_date,
                ..
            } => {
                dates.push(site.events[*event].date);
                dates.extend(*reported_date);
            }
            AnnKind::Mention(Target::Outlet(o)) => {
                pages.insert(Page::Outlet(*o));
            }
            _ => {}
        }
    }
    for d in dates {
        // The date, the month and year pages above it, and the neighbours whose pager links it.
        for x in std::iter::once(d).chain(d.month_of()).chain(d.year_of()) {
            if site.dates.contains_key(&x) {
                pages.insert(Page::Date(x));
                let same = |k: &&crate::date::PartialDate| k.precision() == x.precision();
                if let Some(p) = site.dates.range(..x).rev().map(|(k, _)| k).find(same) {
                    pages.insert(Page::Date(*p));
                }
                if let Some(n) = site.dates.range(x..).skip(1).map(|(k, _)| k).find(same) {
                    pages.insert(Page::Date(*n));
                }
            }
        }
    }
    pages
}
