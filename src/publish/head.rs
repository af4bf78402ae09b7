//! The `<head>` metadata of a page, as the template receives it (`meta`): the canonical URL,
//! Open Graph and Twitter card fields, the Atom feeds the page offers, and its JSON-LD.

use super::feed::Feed;
use super::{absolute, has_base, jsonld};
use crate::render::Page;
use crate::site::Site;
use serde::Serialize;

/// The browser UI colour: the stylesheet's paper colour.
pub const THEME_COLOR: &str = "#fffdf8";
/// The browser UI colour in the dark scheme: the stylesheet's dark paper colour.
pub const THEME_COLOR_DARK: &str = "#16181b";

/// A feed a page links to with `<link rel="alternate">`.
#[derive(Serialize)]
pub struct FeedLink {
    pub title: String,
    /// Relative to the page.
    pub url: String,
}

/// What `templates/partials/head.html` writes.
#[derive(Serialize)]
pub struct Meta {
    /// The page's absolute URL (needs `base_url`).
    pub canonical: Option<String>,
    /// `og:type`: `article`, `profile` or `website`.
    pub og_type: &'static str,
    pub description: String,
    pub feeds: Vec<FeedLink>,
    /// schema.org JSON-LD, already safe inside `<script>`.
    pub jsonld: Option<String>,
    pub theme_color: &'static str,
    /// The same for `prefers-color-scheme: dark`.
    pub theme_color_dark: &'static str,
    /// `og:locale`: the site's language with an underscore (`en_GB`).
    pub locale: String,
}

/// The metadata of `page`; `root` leads from it to the site root.
pub fn meta(site: &Site, page: Page, root: &str) -> Meta {
    let canonical = match page {
        Page::NotFound => None,
        _ => absolute(site, &page.path(site)),
    };
    let og_type = match page {
        Page::Article(_) => "article",
        Page::Person(_) => "profile",
        _ => "website",
    };
    let description = match page {
        Page::Article(i) => {
            let a = &site.articles[i];
            format!("{}, {}", site.outlets[a.outlet].name, a.published)
        }
        Page::Person(i) => {
            let p = &site.people[i];
            match (&p.role, &p.affiliation) {
                (Some(r), Some(a)) => format!("{}: {r}, {a}", p.name),
                (Some(x), None) | (None, Some(x)) => format!("{}: {x}", p.name),
                (None, None) => site.config.description.clone(),
            }
        }
        _ => site.config.description.clone(),
    };
    let mut feeds = Vec::new();
    if has_base(site) {
        let mut offer = |f: Feed| {
            feeds.push(FeedLink {
                title: f.title(site),
                url: format!("{root}{}", f.path(site)),
            })
        };
        offer(Feed::Site);
        match page {
            Page::Person(i) => offer(Feed::Person(i)),
            Page::Issue(i) => offer(Feed::Issue(i)),
            _ => {}
        }
    }
    Meta {
        canonical,
        og_type,
        description,
        feeds,
        jsonld: jsonld::for_page(site, page, root),
        theme_color: THEME_COLOR,
        theme_color_dark: THEME_COLOR_DARK,
        locale: site.config.language.replace('-', "_"),
    }
}
