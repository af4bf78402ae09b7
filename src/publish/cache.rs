//! What a live session keeps of the exports: each article's share of `dossier.json` and of
//! the Web Annotation pages, printed. An edit prints one article again, and each file is put
//! together by copying; a 10,000-article dossier's exports take seconds to print and tens of
//! milliseconds to put together.

use super::{annotations, export};
use crate::site::Site;
use rayon::prelude::*;
use std::collections::HashMap;

/// The printed export items of every article, by slug.
#[derive(Default)]
pub struct ExportCache {
    articles: HashMap<String, Entry>,
}

/// Which of the two exports an edit changed the items of.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changed {
    /// `dossier.json`'s articles, quotes or notes.
    pub json: bool,
    /// `annotations.jsonld`'s annotations.
    pub annotations: bool,
}

impl Changed {
    /// Both.
    pub const ALL: Changed = Changed {
        json: true,
        annotations: true,
    };
}

/// One article's items.
#[derive(PartialEq)]
struct Entry {
    json: export::Parts,
    annotations: Vec<String>,
}

impl Entry {
    fn of(site: &Site, a: &crate::site::Article) -> Entry {
        Entry {
            json: export::Parts::of(site, a),
            annotations: annotations::items(site, a),
        }
    }
}

impl ExportCache {
    /// Every article of `site`, printed (in parallel).
    pub fn new(site: &Site) -> ExportCache {
        let articles = site
            .articles
            .as_slice()
            .par_iter()
            .map(|a| (a.slug.clone(), Entry::of(site, a)))
            .collect();
        ExportCache { articles }
    }

    /// Prints article `slug` again, or forgets it when it is gone, and the articles that link
    /// to it (the `see` lists of their notes name its passages). Says which export's items
    /// changed (an edited note's kind leaves every annotation as it was); what lies outside
    /// the items (`dossier.json`'s events, inline ones among them) is the caller's to judge.
    pub fn article_changed(&mut self, site: &Site, slug: &str) -> Changed {
        let mut changed = Changed::default();
        let mut note = |old: Option<&Entry>, new: Option<&Entry>| {
            changed.json |= old.map(|e| &e.json) != new.map(|e| &e.json);
            changed.annotations |= old.map(|e| &e.annotations) != new.map(|e| &e.annotations);
        };
        let linking = site.linked_from.get(slug).into_iter().flatten();
        for &i in site.article_by_slug.get(slug).into_iter().chain(linking) {
            let a = &site.articles[i];
            let entry = Entry::of(site, a);
            note(self.articles.get(&a.slug), Some(&entry));
            self.articles.insert(a.slug.clone(), entry);
        }
        if !site.article_by_slug.contains_key(slug) {
            note(self.articles.remove(slug).as_ref(), None);
        }
        changed
    }

    /// The entry of article `a`.
    fn entry(&self, a: &crate::site::Article) -> &Entry {
        (self.articles.get(&a.slug)).expect("every article of the site is in the cache")
    }

    /// The printed parts of article `a` of `dossier.json`'s pages, as [`export::Parts::of`]
    /// prints them.
    pub fn parts(&self, a: &crate::site::Article) -> &export::Parts {
        &self.entry(a).json
    }

    /// The printed annotations of article `a` of `site`, as [`annotations::items`] prints
    /// them.
    pub fn annotations(&self, a: &crate::site::Article) -> &[String] {
        &self.entry(a).annotations
    }
}
