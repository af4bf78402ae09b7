//! A live dossier: built once, then brought up to date after each batch of file changes.
//!
//! [`Session::apply`] takes any changed paths. An edit to one article (its text or its
//! annotations) re-resolves that article alone, patches the site's back-references, and
//! re-renders only the pages that read something it changed (`article.rs`; what each page
//! read is recorded when it is rendered, `render::deps`). Any other change (a
//! registry, a template, a static file, `site.toml`, several articles at once) loads and
//! renders the whole dossier again through the same [`pipeline::prepare`] as a build. Either
//! way the result goes through [`pipeline::emit`], and only files whose bytes changed are
//! written: into memory (the preview server serves an `Arc` snapshot, swapped whole) or into
//! the output directory as one transaction.
//!
//! A change with errors changes nothing: the last good site stays.

mod article;
mod commit;

use crate::diagnostics::Diagnostics;
use crate::load::{self, ARTICLES_DIR};
use crate::output::dir;
use crate::output::{Item, Manifest, Memory, Plan, SharedFiles, digest};
use crate::pipeline::{self, Prepared, Report};
use crate::publish::cache::ExportCache;
use crate::render::deps::DepIndex;
use crate::resolve::Resolver;
use crate::site::Site;
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
    Memory(Arc<SharedFiles>),
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
    pub fn files(&self) -> Arc<SharedFiles> {
        match &self.output {
            Output::Memory(f) => f.clone(),
            Output::Dir(_) => Arc::default(),
        }
    }

    /// The output files made only when asked for, and not made since the last change: in
    /// memory, the whole-dossier exports (`dossier.json`, the Web Annotation pages), and
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
            let plan = Plan::of(&p.dossier, &p.site, &p.search);
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
            next.remove(path.as_str());
            self.hashes.0.remove(&path);
        }
        for (path, bytes) in sink.into_files() {
            self.hashes.0.insert(path.to_string(), digest(&bytes));
            made.push(path.to_string());
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
