//! Checks on values that TOML types cannot express: `site.toml` (the site's address, option
//! bounds, an empty title), empty names in the registries, an article's `url`, annotation ids
//! that would collide with the page's own element ids, and the internal links of every
//! Markdown field (registry summaries), so that no page gets a dead `href="#"`.
//!
//! The model keeps plain strings for most of these fields, so the span of a bad value is
//! found by parsing its file again, which happens only when a value is bad.

use crate::diagnostics::{Diagnostic, Diagnostics, SourceId, Sources};
use crate::load::{Dossier, Entry};
use std::ops::Range;
use toml::de::{DeTable, DeValue};

/// Where the value at `path` (table keys) is written in a TOML source; the whole file's
/// start when it cannot be found.
pub fn value_span(sources: &Sources, src: SourceId, path: &[&str]) -> Range<usize> {
    let (table, _) = DeTable::parse_recoverable(sources.text(src));
    let mut table = table.into_inner();
    for (i, key) in path.iter().enumerate() {
        let Some(v) = table.remove(*key) else {
            return 0..0;
        };
        if i + 1 == path.len() {
            return v.span();
        }
        match v.into_inner() {
            DeValue::Table(t) => table = t,
            _ => return 0..0,
        }
    }
    0..0
}

/// The largest page size the indexes accept: larger pages are too slow to open.
pub const MAX_PAGE_SIZE: usize = 10_000;

/// Checks `site.toml` beyond its types.
pub fn check_config(dossier: &Dossier, diags: &mut Diagnostics) {
    let Some(src) = dossier.config_source else {
        return;
    };
    let c = &dossier.config;
    let span = |path: &[&str]| value_span(&dossier.sources, src, path);
    // Read from the file, not from `c`: when site.toml could not be read, `c` is a default
    // whose empty title is not the user's mistake.
    let title = span(&["title"]);
    let written = &dossier.sources.text(src)[title.clone()];
    if !title.is_empty() && written.trim_matches(['"', '\'']).trim().is_empty() {
        diags.push(
            Diagnostic::error("empty-title", "the site title is empty")
                .at(src, title, "empty")
                .hint("give the dossier a title: it is shown on every page"),
        );
    }
    if !c.base_url.is_empty()
        && let Err(why) = check_url(&c.base_url, true)
    {
        diags.push(
            Diagnostic::error(
                "bad-base-url",
                format!("base_url `{}` is not a site address: {why}", c.base_url),
            )
            .at(src, span(&["base_url"]), why)
            .hint(
                "write it as https://example.org/dossier/ (scheme, host and path), or leave it out",
            ),
        );
    }
    let o = &c.options;
    for (key, value, range) in [
        ("index_page_size", o.index_page_size, 1..=MAX_PAGE_SIZE),
        ("chronology_max_rows", o.chronology_max_rows, 1..=1_000_000),
        ("list_items", o.list_items, 1..=MAX_PAGE_SIZE),
        ("list_page_size", o.list_page_size, 1..=MAX_PAGE_SIZE),
        ("home_timeline_items", o.home_timeline_items, 0..=10_000),
    ] {
        if !range.contains(&value) {
            diags.push(
                Diagnostic::error(
                    "out-of-range",
                    format!(
                        "`{key}` is {value}, outside {}..={}",
                        range.start(),
                        range.end()
                    ),
                )
                .at(src, span(&["options", key]), "out of range")
                .hint(format!(
                    "use a number from {} to {}",
                    range.start(),
                    range.end()
                )),
            );
        }
    }
}

/// Why a URL is not an absolute http(s) address, if it is not. `site` also refuses a query
/// or fragment (a site's address is a folder).
pub fn check_url(text: &str, site: bool) -> Result<(), String> {
    if text.chars().any(char::is_whitespace) {
        return Err("it contains a space".into());
    }
    let u = match url::Url::parse(text) {
        Ok(u) => u,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            return Err("it has no scheme (https://)".into());
        }
        Err(e) => return Err(format!("{e}")),
    };
    if !matches!(u.scheme(), "http" | "https") {
        return Err(format!("the scheme is `{}`, not http or https", u.scheme()));
    }
    if u.host_str().is_none_or(str::is_empty) {
        return Err("it has no host".into());
    }
    if site && (u.query().is_some() || u.fragment().is_some()) {
        return Err("it has a query (?) or fragment (#)".into());
    }
    Ok(())
}

/// Checks the registries' names and titles: an empty one gives pages with no heading.
pub fn check_registries(dossier: &Dossier, diags: &mut Diagnostics) {
    fn empty<T>(
        entries: &[Entry<T>],
        field: &str,
        get: fn(&T) -> &str,
        sources: &Sources,
        diags: &mut Diagnostics,
    ) {
        for e in entries.iter().filter(|e| get(&e.value).trim().is_empty()) {
            diags.push(
                Diagnostic::error("empty-name", format!("`{}` has an empty {field}", e.id))
                    .at(
                        e.source,
                        value_span(sources, e.source, &[&e.id, field]),
                        "empty",
                    )
                    .hint(format!(
                        "give `{}` a {field}: it heads its page and every link to it",
                        e.id
                    )),
            );
        }
    }
    let s = &dossier.sources;
    empty(&dossier.people, "name", |p| &p.name, s, diags);
    empty(&dossier.outlets, "name", |o| &o.name, s, diags);
    empty(&dossier.issues, "title", |i| &i.title, s, diags);
    empty(&dossier.events, "title", |e| &e.title, s, diags);
}

/// Checks an article's title and `url`.
pub fn check_article_meta(
    meta: &crate::model::ArticleMetaIn,
    src: SourceId,
    sources: &Sources,
    diags: &mut Diagnostics,
) {
    if meta.title.trim().is_empty() {
        diags.push(
            Diagnostic::error("empty-title", "the article's title is empty")
                .at(src, value_span(sources, src, &["title"]), "empty")
                .hint("copy the headline from the article"),
        );
    }
    if let Some(u) = &meta.url
        && let Err(why) = check_url(u, false)
    {
        diags.push(
            Diagnostic::error(
                "bad-url",
                format!("the article's url `{u}` is not a web address: {why}"),
            )
            .at(src, value_span(sources, src, &["url"]), why)
            .hint("copy the full address from the browser, starting with https://"),
        );
    }
}

/// Element ids the page templates use themselves; an annotation may not take them.
const PAGE_IDS: [&str; 8] = [
    "main",
    "content",
    "search",
    "search-results",
    "search-status",
    "q",
    "statements",
    "top",
];

/// Prefixes of element ids the pages generate (headings, sidenotes and their references).
const PAGE_ID_PREFIXES: [&str; 3] = ["h-", "sn-", "ref-"];

/// Whether an annotation id would collide with an element id of the page itself.
pub fn page_element_id(id: &str) -> bool {
    PAGE_IDS.contains(&id) || PAGE_ID_PREFIXES.iter().any(|p| id.starts_with(p))
}
