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
use std::collections::HashMap;
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
    /// The exports that grow with the whole dossier (`dossier.json`, `annotations.jsonld`):
    /// each is made in parallel by itself, so they are made one at a time rather than side by
    /// side (at 10,000 articles each takes a few hundred megabytes while it is printed).
    pub fn is_whole_dossier(&self) -> bool {
        use crate::publish::Extra;
        matches!(self, Item::Publish(Extra::Json | Extra::Annotations))
    }
}

/// Every output file of a site, with its path.
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
    pub fn of(dossier: &Dossier, site: &Site, search: &SearchFiles) -> Plan {
        let mut items: Vec<(String, Item)> = render::all_pages(site)
            .into_iter()
            .map(|p| (p.path(site), Item::Page(p)))
            .collect();
        // A static file of the same name replaces a built-in asset.
        let overridden = |name: &str| dossier.static_files.iter().any(|f| f == Path::new(name));
        items.extend(
            render::templates::ASSETS
                .iter()
                .filter(|(name, _)| !overridden(name))
                .map(|(name, _)| (name.to_string(), Item::Asset(name))),
        );
        items.extend(search.keys().map(|p| (p.clone(), Item::Search(p.clone()))));
        items.extend(
            // A static file replaces a published one too (a hand-written robots.txt).
            crate::publish::extras(site)
                .into_iter()
                .map(|x| (x.path(site), Item::Publish(x)))
                .filter(|(path, _)| !overridden(path)),
        );
        items.extend(dossier.static_files.iter().map(|f| {
            (
                f.to_string_lossy().replace('\\', "/"),
                Item::Static(f.clone()),
            )
        }));
        Plan { items }
    }

    /// Reports paths that two items share (also when they differ only by case, which is one
    /// file on macOS and Windows), paths where one item's file is another's folder, and names
    /// too long for a file system.
    pub fn check(&self, dossier: &Dossier, site: &Site, diags: &mut Diagnostics) {
        let mut seen: HashMap<String, &Item> = HashMap::with_capacity(self.items.len());
        for (path, item) in &self.items {
            let key = path.to_lowercase();
            if let Some(first) = seen.get(&key) {
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
        for (path, item) in &self.items {
            if matches!(item, Item::Static(_))
                && (path == super::MANIFEST || path.starts_with("search/"))
            {
                diags.push(
                    Diagnostic::error(
                        "static-overwrites-page",
                        format!("static/{path} would overwrite a generated file"),
                    )
                    .hint("`search/` and `.dossier-manifest` are the build's own; rename or move the file"),
                );
            }
            // A file whose path is another file's folder: `a.html` and `a.html/b`.
            let mut prefix = String::new();
            for part in path.split('/').take(path.split('/').count() - 1) {
                if !prefix.is_empty() {
                    prefix.push('/');
                }
                prefix.push_str(part);
                if let Some(other) = seen.get(&prefix.to_lowercase()) {
                    diags.push(collision(dossier, site, path, other, item).hint(format!(
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
                diags.push(d);
            }
        }
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
