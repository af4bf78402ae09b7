//! A live dossier: built once, then updated one edit at a time.
//!
//! An edit to an article (its text or its annotations) re-resolves that article alone,
//! reindexes the site (linear, no anchoring), and re-renders only the pages that show
//! something of the article, before or after the edit: the article and its neighbours, the
//! people, issues, events, outlets and dates it touches, the articles whose notes link to it,
//! and the index pages. `dossier serve` calls [`Session::article_changed`] on every save; the
//! benchmark measures it.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{self, Dossier};
use crate::pipeline::{self, BuildOptions, Built, Report};
use crate::render::{self, Page, Templates};
use crate::resolve::{self, Resolver};
use crate::search;
use crate::site::{AnnKind, Site, Target};
use crate::write::MANIFEST;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A built site kept in memory with what it was built from.
pub struct Session {
    pub root: PathBuf,
    pub dossier: Dossier,
    pub site: Site,
    resolver: Resolver,
    templates: Templates,
    pub output: PathBuf,
    written: BTreeSet<String>,
}

/// What an incremental update did.
#[derive(Debug)]
pub struct Update {
    /// Pages rendered again (paths relative to the output).
    pub rendered: Vec<String>,
    /// Pages that no longer exist and were removed.
    pub removed: Vec<String>,
    /// Diagnostics of the edited article; when there are errors nothing was changed.
    pub diagnostics: Diagnostics,
    pub elapsed: Duration,
}

impl Update {
    pub fn ok(&self) -> bool {
        !self.diagnostics.has_errors()
    }
}

impl Session {
    /// Builds the dossier at `root` (as `dossier build` does) and keeps it for updates.
    pub fn open(root: &Path, opts: &BuildOptions) -> Result<(Session, Diagnostics), Report> {
        let Built {
            dossier,
            site,
            templates,
            output,
            written,
            diagnostics,
            ..
        } = pipeline::build_keep(root, opts)?;
        // The resolver only holds the registry lookups; building it again is cheap and keeps
        // `build` free of session concerns.
        let mut scratch = Diagnostics::default();
        let (resolver, _) = Resolver::new(&dossier, &mut scratch);
        Ok((
            Session {
                root: root.to_path_buf(),
                dossier,
                site,
                resolver,
                templates,
                output,
                written,
            },
            diagnostics,
        ))
    }

    /// The article `slug` was created, edited or deleted on disk: bring the output up to date.
    pub fn article_changed(&mut self, slug: &str) -> Update {
        let start = Instant::now();
        let mut diags = Diagnostics::default();
        let shards_before = search::shard_count(&self.site);
        let (count_before, index_before) = (
            self.site.articles.len(),
            self.site.article_by_slug.get(slug).copied(),
        );
        let before: BTreeSet<String> = self
            .site
            .article_by_slug
            .get(slug)
            .map_or_else(BTreeSet::new, |&i| {
                paths(&self.site, &touched(&self.site, i))
            });

        let fresh = load::load_article(&self.root, slug, &mut self.dossier.sources, &mut diags);
        let resolved = fresh.as_ref().and_then(|a| {
            self.resolver
                .article(a, &self.dossier.sources, &self.site, &mut diags)
        });
        if diags.has_errors() || (fresh.is_some() && resolved.is_none()) {
            // Keep the last good state: the site and the output stay as they were.
            return self.rejected(diags, start);
        }
        self.site.replace_article(slug, resolved);
        if let Some(a) = &fresh {
            resolve::check_article_links(&self.dossier, &self.site, a, &mut diags);
        }
        if diags.has_errors() {
            return self.rejected(diags, start);
        }

        let mut pages: BTreeSet<Page> = self
            .site
            .article_by_slug
            .get(slug)
            .map_or_else(BTreeSet::new, |&i| touched(&self.site, i));
        // When the article moved in the list (or came or went), every later index page shifts.
        if self.site.articles.len() != count_before
            || self.site.article_by_slug.get(slug) != index_before.as_ref()
        {
            pages.extend(
                (0..render::pages::page_count(self.site.articles.len(), &self.site))
                    .map(Page::Articles),
            );
        }
        let mut removed = Vec::new();
        for path in before {
            match Page::from_path(&self.site, &path) {
                Some(p) => {
                    pages.insert(p);
                }
                None => removed.push(path),
            }
        }
        // The search scripts: the article's shard and the entities, or all of them (and the
        // search page, which lists them) when the number of shards changed.
        let mut search_files = Vec::new();
        if self.site.config.options.search {
            let count = search::shard_count(&self.site);
            if count == shards_before {
                let k = search::shard_of(slug, count);
                search_files.push((
                    search::ENTITIES.to_string(),
                    search::entities_js(&self.site),
                ));
                search_files.push((
                    search::shard_path(k),
                    search::shard_js(&self.site, k, count),
                ));
            } else {
                pages.insert(Page::Search);
                search_files = search::files(&self.site);
                removed.extend((count..shards_before).map(search::shard_path));
            }
        }
        let (rendered, errors) = self.render(&pages, search_files);
        for e in errors {
            diags.push(e);
        }
        for path in &removed {
            if self.written.remove(path) {
                let _ = std::fs::remove_file(self.output.join(path));
            }
        }
        self.write_manifest();
        diags.sort(&self.dossier.sources);
        Update {
            rendered,
            removed,
            diagnostics: diags,
            elapsed: start.elapsed(),
        }
    }

    /// The answer to an edit with errors: nothing changed (the last good state stays).
    fn rejected(&self, mut diagnostics: Diagnostics, start: Instant) -> Update {
        diagnostics.sort(&self.dossier.sources);
        Update {
            rendered: vec![],
            removed: vec![],
            diagnostics,
            elapsed: start.elapsed(),
        }
    }

    /// Renders `pages`, and writes the `search` scripts, straight into the output.
    fn render(
        &mut self,
        pages: &BTreeSet<Page>,
        search: Vec<(String, String)>,
    ) -> (Vec<String>, Vec<Diagnostic>) {
        let results: Vec<Result<String, Diagnostic>> = pages
            .par_iter()
            .map(|&p| {
                let path = p.path(&self.site);
                let html = render::render_page(&self.site, &self.templates, p)?;
                write_atomic(&self.output.join(&path), html.as_bytes())
                    .map_err(|e| Diagnostic::error("io", format!("cannot write {path}: {e}")))?;
                Ok(path)
            })
            .collect();
        let mut rendered = Vec::new();
        let mut errors = Vec::new();
        for r in results {
            match r {
                Ok(p) => rendered.push(p),
                Err(e) => errors.push(e),
            }
        }
        for (path, text) in search {
            match write_atomic(&self.output.join(&path), text.as_bytes()) {
                Ok(()) => {
                    self.written.insert(path);
                }
                Err(e) => errors.push(Diagnostic::error("io", format!("cannot write {path}: {e}"))),
            }
        }
        self.written.extend(rendered.iter().cloned());
        (rendered, errors)
    }

    fn write_manifest(&self) {
        let mut m = String::new();
        for f in &self.written {
            m.push_str(f);
            m.push('\n');
        }
        let _ = write_atomic(&self.output.join(MANIFEST), m.as_bytes());
    }
}

/// Writes a file so that a reader (the preview server) never sees half of it.
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension("dossier-tmp");
    crate::write::write_creating_dirs(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

fn paths(site: &Site, pages: &BTreeSet<Page>) -> BTreeSet<String> {
    pages.iter().map(|p| p.path(site)).collect()
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
