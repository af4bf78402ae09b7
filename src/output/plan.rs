//! The one place that knows every output file a site has, and what makes each one.
//!
//! A [`Plan`] lists [`Item`]s with their output paths before anything is rendered, so that
//! problems with paths (two pages on one path, a path too long for the file system, a user's
//! file where a page must go) are found by `check` and `build` alike, before anything is
//! written.

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::load::{Dossier, Entry};
use crate::render::{self, Page};
use crate::site::Site;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::{Path, PathBuf};

/// One output file and what makes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Item {
    /// A page, rendered from a template.
    Page(Page),
    /// A built-in asset (stylesheet, script), by output path.
    Asset(&'static str),
    /// A search index script, by output path.
    Search(String),
    /// A file of the dossier's `static/`, relative to it.
    Static(PathBuf),
    /// A published file that is not a page: sitemap, robots.txt, a feed, an export.
    Publish(crate::publish::Extra),
}

impl Item {
    /// The whole-dossier exports (the pages of `dossier.json` and of the Web Annotations):
    /// what only another program reads, so a live session makes them when asked for, and `check`,
    /// which they cannot fail, does not make them.
    pub fn is_export(&self) -> bool {
        use crate::publish::Extra;
        matches!(
            self,
            Item::Publish(
                Extra::Json | Extra::JsonPage(_) | Extra::Annotations | Extra::AnnotationPage(_)
            )
        )
    }
}

/// Every output file of a site, with its path. (`Default`, an empty plan, is what a session
/// leaves in place while it patches its plan.)
#[derive(Default)]
pub struct Plan {
    pub items: Vec<(String, Item)>,
}

/// The search index's files, path to text, made once per site state (analysing every
/// article for them is the dearest part of the index).
pub type SearchFiles = std::collections::BTreeMap<String, String>;

/// The search index of `site` with its files (none when search is off). A live session keeps
/// it and updates it in place.
pub fn search_files(site: &Site) -> crate::search::Index {
    crate::search::Index::new(site)
}

/// The longest file name most file systems accept, in bytes.
const MAX_NAME: usize = 255;

impl Plan {
    /// Lists every file the site writes, in a stable order.
    pub fn of(dossier: &Dossier, site: &Site, search: &crate::search::Index) -> Plan {
        let mut items: Vec<(String, Item)> = render::all_pages(site)
            .into_par_iter()
            .map(|p| (p.path(site), Item::Page(p)))
            .collect();
        items.extend(Self::files(dossier, site, search));
        Plan { items }
    }

    /// The plan of `site` after an edit that can change the path of no page but those that
    /// `moved` names (an edited article's own pages), with how it differs from `self`, the
    /// plan before the edit. Every other page keeps the path `self` gave it, moved out of
    /// `self`, so that only new and moved pages have their paths made (at 10,000 articles,
    /// making or copying all 30,000 costs more than rendering the pages an edit changes).
    pub fn patched(
        self,
        dossier: &Dossier,
        site: &Site,
        search: &crate::search::Index,
        moved: impl Fn(&Page) -> bool,
    ) -> (Plan, PlanChange) {
        let mut old: FxHashMap<Page, String> = FxHashMap::default();
        old.reserve(self.items.len());
        let mut old_files = Vec::new();
        for (path, item) in self.items {
            match item {
                Item::Page(p) => drop(old.insert(p, path)),
                other => old_files.push((path, other)),
            }
        }
        let mut added = Vec::new();
        // Paths that moved pages left.
        let mut left = Vec::new();
        let mut items: Vec<(String, Item)> = Vec::with_capacity(old.len() + old_files.len());
        for p in render::all_pages(site) {
            let path = match old.remove(&p) {
                Some(path) if !moved(&p) => path,
                before => {
                    let now = p.path(site);
                    if before.as_ref() != Some(&now) {
                        added.push(now.clone());
                        left.extend(before);
                    }
                    now
                }
            };
            items.push((path, Item::Page(p)));
        }
        // A path that a moved page left may be one another moved page took (an annotation
        // removed before a disputed point shifts its index): it stays.
        let came: FxHashSet<&str> = added.iter().map(String::as_str).collect();
        let mut removed: Vec<String> = (left.into_iter().chain(old.into_values()))
            .filter(|path| !came.contains(path.as_str()))
            .collect();
        // The other files are few: compared whole when they are not the same list.
        let files: Vec<(String, Item)> = Self::files(dossier, site, search).collect();
        let same = |a: &[(String, Item)], b: &[(String, Item)]| {
            a.iter().map(|x| &x.0).eq(b.iter().map(|x| &x.0))
        };
        if !same(&old_files, &files) {
            let c = PlanChange::of(
                old_files.iter().map(|(p, _)| p.as_str()).collect(),
                files.iter().map(|(p, _)| p.as_str()).collect(),
            );
            added.extend(c.added);
            removed.extend(c.removed);
        }
        items.extend(files);
        (Plan { items }, PlanChange { added, removed })
    }

    /// The files that are not pages: built-in assets, search scripts, published files and
    /// the dossier's static files, each unless a static file takes its place.
    fn files<'a>(
        dossier: &'a Dossier,
        site: &'a Site,
        search: &'a crate::search::Index,
    ) -> impl Iterator<Item = (String, Item)> + 'a {
        // A static file of the same name replaces a built-in asset.
        let overridden = |name: &str| dossier.static_files.iter().any(|f| f == Path::new(name));
        let assets = (render::templates::ASSETS.iter())
            .filter(move |(name, _)| !overridden(name))
            .map(|(name, _)| (name.to_string(), Item::Asset(name)));
        let search = search.paths().map(|p| (p.clone(), Item::Search(p)));
        // A static file replaces a published one too (a hand-written robots.txt).
        let published = (crate::publish::extras(site).into_iter())
            .map(|x| (x.path(site), Item::Publish(x)))
            .filter(move |(path, _)| !overridden(path));
        let statics = dossier.static_files.iter().map(|f| {
            (
                f.to_string_lossy().replace('\\', "/"),
                Item::Static(f.clone()),
            )
        });
        assets.chain(search).chain(published).chain(statics)
    }

    /// [`Self::check`] of `self`, made from a plan that passed it by `change`: only a path
    /// that came can collide, be too long or be a static file where the build's own go, so
    /// each is compared with every path (without allocating, for the usual ASCII paths), and
    /// the whole check runs only when one might fail (it alone words the diagnostics).
    pub fn check_change(
        &self,
        change: &PlanChange,
        dossier: &Dossier,
        site: &Site,
        diags: &mut Diagnostics,
    ) {
        let suspect = change.added.iter().any(|added| {
            let a = added.to_lowercase();
            let folders: Vec<&str> = (a.match_indices('/').map(|(k, _)| &a[..k])).collect();
            let mut same = 0;
            added.split('/').any(|part| part.len() > MAX_NAME)
                || self.items.iter().any(|(path, item)| {
                    let q = fold(path);
                    same += usize::from(*q == a);
                    let reserved = path == super::MANIFEST || path.starts_with("search/");
                    same > 1
                        || (matches!(item, Item::Static(_)) && path == added && reserved)
                        || folders.contains(&&*q)
                        || (q.len() > a.len() && q.starts_with(&a) && q.as_bytes()[a.len()] == b'/')
                })
        });
        if suspect {
            self.check(dossier, site, diags);
        }
    }

    /// Reports paths that two items share (also when they differ only by case, which is one
    /// file on macOS and Windows), paths where one item's file is another's folder, and names
    /// too long for a file system.
    pub fn check(&self, dossier: &Dossier, site: &Site, diags: &mut Diagnostics) {
        // Folded once, in parallel (most paths are lower case already and are borrowed); the
        // checks of each path against the others read the map of folded paths in parallel.
        let folded: Vec<std::borrow::Cow<str>> =
            self.items.par_iter().map(|(path, _)| fold(path)).collect();
        let mut seen: FxHashMap<&str, &Item> = FxHashMap::default();
        seen.reserve(self.items.len());
        for ((path, item), key) in self.items.iter().zip(&folded) {
            if let Some(first) = seen.get(&**key) {
                if matches!(item, Item::Static(_)) {
                    diags.push(
                        Diagnostic::error(
                            "static-overwrites-page",
                            format!("static/{path} would overwrite a generated page"),
                        )
                        .note(format!("{} is written there", describe(site, first)))
                        .hint("rename or move the file; to change how pages look, edit templates/ instead"),
                    );
                } else {
                    diags.push(collision(dossier, site, path, first, item));
                }
                continue;
            }
            seen.insert(key, item);
        }
        let found: Vec<Diagnostic> = (self.items.par_iter().zip(&folded))
            .flat_map_iter(|((path, item), key)| {
                let mut found = Vec::new();
                if matches!(item, Item::Static(_))
                    && (path == super::MANIFEST || path.starts_with("search/"))
                {
                    found.push(
                        Diagnostic::error(
                            "static-overwrites-page",
                            format!("static/{path} would overwrite a generated file"),
                        )
                        .hint("`search/` and `.dossier-manifest` are the build's own; rename or move the file"),
                    );
                }
                // A file whose path is another file's folder: `a.html` and `a.html/b`. Folding
                // keeps every `/`, so the folded path's folders are the path's folders folded.
                for (n, (k, _)) in key.match_indices('/').enumerate() {
                    if let Some(other) = seen.get(&key[..k]) {
                        let prefix = path.split('/').take(n + 1).collect::<Vec<_>>().join("/");
                        found.push(collision(dossier, site, path, other, item).hint(format!(
                            "`{prefix}` would have to be both a file and a folder; rename one"
                        )));
                    }
                }
                if let Some(part) = path.split('/').find(|p| p.len() > MAX_NAME) {
                    let mut d = Diagnostic::error(
                        "path-too-long",
                        format!(
                            "the output file name `{}…` is {} bytes, more than file systems accept ({MAX_NAME})",
                            &part[..part.floor_char_boundary(40)],
                            part.len()
                        ),
                    )
                    .hint("give it a shorter id or slug");
                    if let Some(l) = origin(dossier, site, item) {
                        d = d.at(l.source, l.span, "this makes the long name");
                    }
                    found.push(d);
                }
                found
            })
            .collect();
        diags.items.extend(found);
    }

    /// What makes the file at `path` ("person `zed`", "the built-in `dossier.css`").
    pub fn describe(&self, site: &Site, path: &str) -> String {
        self.items
            .iter()
            .find(|(p, _)| p == path)
            .map_or_else(|| "a file".to_string(), |(_, item)| describe(site, item))
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.items.iter().map(|(p, _)| p.as_str())
    }
}

/// How a plan differs from the one before it.
#[derive(Debug)]
pub struct PlanChange {
    /// Paths that came, or that a page moved to (which may be where another was before):
    /// each is rendered again.
    pub added: Vec<String>,
    /// Paths that went.
    pub removed: Vec<String>,
}

impl PlanChange {
    /// How `now` differs from `before`, path by path.
    pub fn between(before: &Plan, now: &Plan) -> PlanChange {
        Self::of(before.paths().collect(), now.paths().collect())
    }

    /// How the paths `new` differ from `old`.
    fn of(old: FxHashSet<&str>, new: FxHashSet<&str>) -> PlanChange {
        PlanChange {
            added: new.difference(&old).map(|p| p.to_string()).collect(),
            removed: old.difference(&new).map(|p| p.to_string()).collect(),
        }
    }
}

/// `path` in lower case, as [`Plan::check`] compares paths; borrowed when it is already.
fn fold(path: &str) -> std::borrow::Cow<'_, str> {
    if path
        .bytes()
        .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
    {
        std::borrow::Cow::Owned(path.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(path)
    }
}

/// Two items on one output path, located at both sources where they have one.
fn collision(
    dossier: &Dossier,
    site: &Site,
    path: &str,
    first: &Item,
    second: &Item,
) -> Diagnostic {
    let mut d = Diagnostic::error(
        "output-collision",
        format!(
            "{} and {} would both be written to `{path}`",
            describe(site, first),
            describe(site, second)
        ),
    )
    .hint("give one of them another id (ids that differ only in case or punctuation make the same file name)");
    match (origin(dossier, site, second), origin(dossier, site, first)) {
        (Some(a), Some(b)) => {
            d = d.at(a.source, a.span, "this one").related(
                b.source,
                b.span,
                "collides with this one",
            );
        }
        (Some(a), None) | (None, Some(a)) => d = d.at(a.source, a.span, "here"),
        (None, None) => {}
    }
    d
}

fn describe(site: &Site, item: &Item) -> String {
    match item {
        Item::Page(p) => match p {
            Page::Article(i) => format!("article `{}`", site.articles[*i].slug),
            Page::Person(i) => format!("person `{}`", site.people[*i].id),
            Page::Issue(i) => format!("issue `{}`", site.issues[*i].id),
            Page::Outlet(i) => format!("outlet `{}`", site.outlets[*i].id),
            Page::Event(i) => format!("event `{}`", site.events[*i].id),
            other => format!("the {} page", other.kind()),
        },
        Item::Asset(a) => format!("the built-in `{a}`"),
        Item::Search(p) => format!("the search index `{p}`"),
        Item::Static(f) => format!("static/{}", f.display()),
        Item::Publish(x) => x.describe(),
    }
}

/// Where in the sources an item comes from, when it comes from one place.
fn origin(dossier: &Dossier, site: &Site, item: &Item) -> Option<Location> {
    fn entry<T>(list: &[Entry<T>], id: &str) -> Option<Location> {
        list.iter().find(|e| e.id == id).map(|e| Location {
            source: e.source,
            span: e.id_span.clone(),
        })
    }
    let Item::Page(page) = item else {
        return None;
    };
    match *page {
        Page::Person(i) => entry(&dossier.people, &site.people[i].id),
        Page::Issue(i) => entry(&dossier.issues, &site.issues[i].id),
        Page::Outlet(i) => entry(&dossier.outlets, &site.outlets[i].id),
        Page::Event(i) => match &site.events[i].origin {
            Some(l) => Some(l.clone()),
            None => entry(&dossier.events, &site.events[i].id),
        },
        Page::Article(i) => dossier
            .articles
            .iter()
            .find(|a| a.slug == site.articles[i].slug)
            .and_then(|a| a.source())
            .map(|source| Location { source, span: 0..0 }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The codes `check_change` reports when `extra` paths join the plan of the harbour
    /// fixture (which passes the whole check).
    fn codes_with(extra: &[&str]) -> Vec<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/harbour");
        let p = crate::pipeline::prepare(&root).unwrap_or_else(|r| panic!("{}", r.render_human()));
        let mut now = Plan {
            items: p.plan.items.clone(),
        };
        (now.items).extend(
            extra
                .iter()
                .map(|x| (x.to_string(), Item::Search(x.to_string()))),
        );
        let change = PlanChange::between(&p.plan, &now);
        assert_eq!(change.added.len(), extra.len());
        let mut diags = Diagnostics::default();
        now.check_change(&change, &p.dossier, &p.site, &mut diags);
        diags.items.iter().map(|d| d.code.to_string()).collect()
    }

    #[test]
    fn a_path_that_came_is_checked_against_every_path() {
        assert!(codes_with(&["search/new.js"]).is_empty());
        // Differs from a page's path only by case.
        assert_eq!(codes_with(&["Index.html"]), ["output-collision"]);
        // A page's path would have to be a folder, or a new path's folder is a file.
        assert_eq!(codes_with(&["index.html/x.js"]), ["output-collision"]);
        let folder = codes_with(&["articles"]);
        assert!(!folder.is_empty() && folder.iter().all(|c| c == "output-collision"));
        assert_eq!(codes_with(&[&"x".repeat(256)]), ["path-too-long"]);
        // Two new paths that collide with each other.
        assert_eq!(codes_with(&["a/b.js", "A/B.js"]), ["output-collision"]);
    }
}
