//! `sitemap.xml` (every page but the 404 page) and `robots.txt`.

use super::{absolute, xml_escape};
use crate::render::{Page, all_pages};
use crate::site::Site;
use std::fmt::Write;

/// The sitemap: every page's absolute URL, in the plan's order; empty without `base_url`.
pub fn sitemap(site: &Site) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in all_pages(site) {
        if page == Page::NotFound {
            continue;
        }
        let Some(loc) = absolute(site, &page.path(site)) else {
            continue;
        };
        let _ = write!(out, "  <url><loc>{}</loc>", xml_escape(&loc));
        if let Page::Article(i) = page {
            // The publication date as W3C Datetime (year, year-month or full date).
            let _ = write!(
                out,
                "<lastmod>{}</lastmod>",
                site.articles[i].published.key()
            );
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// robots.txt: everything may be crawled; the sitemap is named when there is one.
pub fn robots(site: &Site) -> String {
    let mut out = String::from("User-agent: *\nAllow: /\n");
    if let Some(map) = absolute(site, "sitemap.xml") {
        let _ = write!(out, "\nSitemap: {map}\n");
    }
    out
}
