//! What a site needs to be published beyond its pages: the files of [`Extra`] (sitemap,
//! robots.txt, Atom feeds, the JSON exports) and each page's `<head>` metadata ([`head`]:
//! canonical link, Open Graph, feeds, JSON-LD).
//!
//! Every extra file is an [`crate::output::Item::Publish`] of the output plan, so `build`,
//! `check`, `serve` and `bundle` all make them through the one emit path. Files that need
//! absolute URLs (sitemap, feeds) are planned only when `base_url` is set; [`missing_base_url`]
//! is the one warning that says so.

pub mod annotations;
pub mod cache;
pub mod export;
pub mod external;
pub mod feed;
pub mod head;
pub mod jsonld;
pub mod links;
pub mod sitemap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Dossier;
use crate::site::Site;
use std::borrow::Cow;

/// A published file that is not a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Extra {
    /// `sitemap.xml`: every page (needs `base_url`).
    Sitemap,
    /// `robots.txt`, naming the sitemap when there is one.
    Robots,
    /// An Atom feed (needs `base_url`).
    Feed(feed::Feed),
    /// `dossier.json`: the whole graph but the articles past its first page.
    Json,
    /// `dossier/page-N.json`: page N (from 2) of the graph's articles.
    JsonPage(usize),
    /// `dossier.schema.json`: the JSON Schema of `dossier.json`.
    JsonSchema,
    /// `annotations.jsonld`: the W3C Web Annotation collection of every annotation, with
    /// its first page.
    Annotations,
    /// `annotations/page-N.jsonld`: page N (from 2) of that collection.
    AnnotationPage(usize),
}

/// The JSON Schema of `dossier.json`, shipped beside it.
pub const JSON_SCHEMA: &str = include_str!("dossier.schema.json");

impl Extra {
    /// Its output path.
    pub fn path(&self, site: &Site) -> String {
        match self {
            Extra::Sitemap => "sitemap.xml".into(),
            Extra::Robots => "robots.txt".into(),
            Extra::Feed(f) => f.path(site),
            Extra::Json => export::page_path(1),
            Extra::JsonPage(n) => export::page_path(*n),
            Extra::JsonSchema => "dossier.schema.json".into(),
            Extra::Annotations => annotations::page_path(1),
            Extra::AnnotationPage(n) => annotations::page_path(*n),
        }
    }

    /// What makes it, for diagnostics ("the sitemap").
    pub fn describe(&self) -> String {
        match self {
            Extra::Sitemap => "the sitemap".into(),
            Extra::Robots => "robots.txt".into(),
            Extra::Feed(_) => "an Atom feed".into(),
            Extra::Json => "the JSON export".into(),
            Extra::JsonPage(n) => format!("page {n} of the JSON export"),
            Extra::JsonSchema => "the JSON export's schema".into(),
            Extra::Annotations => "the Web Annotation export".into(),
            Extra::AnnotationPage(n) => format!("page {n} of the Web Annotation export"),
        }
    }

    /// Its bytes; the exports from `cache` when there is one.
    pub fn produce(&self, site: &Site, cache: Option<&cache::ExportCache>) -> Vec<u8> {
        let text = match self {
            Extra::Sitemap => sitemap::sitemap(site),
            Extra::Robots => sitemap::robots(site),
            Extra::Feed(f) => f.atom(site),
            Extra::Json => json_page(site, 1, cache),
            Extra::JsonPage(n) => json_page(site, *n, cache),
            Extra::JsonSchema => JSON_SCHEMA.to_string(),
            Extra::Annotations => annotations_page(site, 1, cache),
            Extra::AnnotationPage(n) => annotations_page(site, *n, cache),
        };
        text.into_bytes()
    }
}

/// The output path of page `n` (counted from 1) of an export whose first page is `first`:
/// the others are in a folder named after it (`dossier.json`, then `dossier/page-2.json`).
fn page_path(first: &str, n: usize) -> String {
    match first.rsplit_once('.') {
        Some((stem, ext)) if n > 1 => format!("{stem}/page-{n}.{ext}"),
        _ => first.to_string(),
    }
}

/// Page `n` of the JSON export, from the printed parts of `cache` when there is one.
fn json_page(site: &Site, n: usize, cache: Option<&cache::ExportCache>) -> String {
    export::page(site, n, |a| match cache {
        Some(c) => Cow::Borrowed(c.parts(a)),
        None => Cow::Owned(export::Parts::of(site, a)),
    })
}

/// Page `n` of the Web Annotation export, from the printed items of `cache` when there is one.
fn annotations_page(site: &Site, n: usize, cache: Option<&cache::ExportCache>) -> String {
    annotations::page(site, n, |a| match cache {
        Some(c) => Cow::Borrowed(c.annotations(a)),
        None => Cow::Owned(annotations::items(site, a)),
    })
}

/// Every extra file of `site`, in a stable order: those that need absolute URLs only when
/// `base_url` is set.
pub fn extras(site: &Site) -> Vec<Extra> {
    let mut out = vec![
        Extra::Robots,
        Extra::Json,
        Extra::JsonSchema,
        Extra::Annotations,
    ];
    out.extend((2..=export::pages(site)).map(Extra::JsonPage));
    out.extend((2..=annotations::pages(site)).map(Extra::AnnotationPage));
    if has_base(site) {
        out.push(Extra::Sitemap);
        out.extend(feed::all(site).into_iter().map(Extra::Feed));
    }
    out
}

/// Whether `base_url` is set, so absolute URLs can be made.
pub fn has_base(site: &Site) -> bool {
    !site.config.base_url.is_empty()
}

/// The absolute URL of a root-relative URL or output path (`people/x/`, `people/x/index.html`), with `index.html`
/// dropped so a folder is named as hosts serve it. `None` without `base_url`.
pub fn absolute(site: &Site, path: &str) -> Option<String> {
    has_base(site).then(|| {
        let base = site.config.base_url.trim_end_matches('/');
        let path = match path.strip_suffix("index.html") {
            Some(dir) if dir.is_empty() || dir.ends_with('/') => dir,
            _ => path,
        };
        format!("{base}/{path}")
    })
}

/// The site's path on its host (`/dossiers/irritants/` for
/// `https://example.org/dossiers/irritants/`; `/` without `base_url`): where the 404 page's
/// links start, since a host serves it at any missing path.
pub fn base_path(site: &Site) -> String {
    let path = url::Url::parse(&site.config.base_url)
        .map(|u| u.path().to_string())
        .unwrap_or_default();
    let path = path.trim_matches('/');
    if path.is_empty() {
        "/".into()
    } else {
        format!("/{path}/")
    }
}

/// The one warning when `base_url` is missing: what is left out, and how to set it.
pub fn missing_base_url(dossier: &Dossier, site: &Site, diags: &mut Diagnostics) {
    if has_base(site) {
        return;
    }
    let mut d = no_base_url();
    if let Some(src) = dossier.config_source {
        d = d.at(src, 0..0, "site.toml has no base_url");
    }
    diags.push(d);
}

/// The warning that the site has no `base_url`, without a location.
pub fn no_base_url() -> Diagnostic {
    Diagnostic::warning(
        "no-base-url",
        "no base_url: the sitemap, the Atom feeds, canonical links and Open Graph URLs are not written",
    )
    .hint("set base_url = \"https://example.org/dossier/\" in site.toml (where the site is published), or pass --base-url")
}

/// Checks a `--base-url` given on the command line, as site.toml's is checked.
pub fn check_base_url(url: &str) -> Result<(), Diagnostic> {
    crate::validate::check_url(url, true).map_err(|why| {
        Diagnostic::error(
            "bad-base-url",
            format!("--base-url `{url}` is not a site address: {why}"),
        )
        .hint("write it as https://example.org/dossier/ (scheme, host and path)")
    })
}

/// Text escaped for XML content and attribute values.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids (control characters other than tab and newlines).
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// An RFC 3339 date-time for a (partial) date: the article's time and offset when it gives
/// them (`22:47 (UTC+10:00)`, as resolve keeps it), else midnight UTC; a missing month or day
/// is the first. Deterministic: never the build time.
pub fn rfc3339(d: &crate::date::PartialDate, time: Option<&str>) -> String {
    let date = format!(
        "{:04}-{:02}-{:02}",
        d.year,
        d.month.unwrap_or(1),
        d.day.unwrap_or(1)
    );
    let parsed = time.and_then(|t| {
        let (hm, rest) = t.split_once(" (UTC")?;
        let offset = rest.strip_suffix(')')?;
        Some(format!("{hm}:00{offset}"))
    });
    match parsed {
        Some(t) => format!("{date}T{t}"),
        None => format!("{date}T00:00:00Z"),
    }
}

/// The placeholder a big list takes in a JSON envelope until [`splice_lists`] puts it in.
pub(crate) fn list_slot(key: &str) -> serde_json::Value {
    serde_json::Value::String(format!("\u{0}list:{key}\u{0}"))
}

/// The envelope as compact JSON, with each `list_slot(key)` replaced by the items of its list,
/// one item per line (so the file diffs line by line and streams through `jq`, at little more
/// than the size of the data: indenting made a 10,000-article export 1.7 times larger). The
/// whole is never one `Value` tree: at 10,000 articles the annotation and export trees took
/// over a gigabyte, where their text takes a tenth of that. Each item comes printed by
/// [`item`], so that a live session can keep the items and put a document together again by
/// copying.
pub(crate) fn splice_lists(envelope: &serde_json::Value, lists: Vec<(&str, Vec<&str>)>) -> String {
    let head = serde_json::to_string(envelope).expect("JSON values serialize");
    let mut slots: Vec<(usize, usize, Vec<&str>)> = lists
        .into_iter()
        .map(|(key, items)| {
            let slot = serde_json::to_string(&list_slot(key)).expect("a string serializes");
            let at = head
                .find(&slot)
                .expect("the envelope holds the list's slot");
            (at, slot.len(), items)
        })
        .collect();
    slots.sort_by_key(|s| s.0);
    let size: usize = slots
        .iter()
        .flat_map(|s| s.2.iter().map(|i| i.len() + 2))
        .sum();
    let mut out = String::with_capacity(head.len() + size + 1);
    let mut done = 0;
    for (at, len, items) in slots {
        out.push_str(&head[done..at]);
        done = at + len;
        if items.is_empty() {
            out.push_str("[]");
            continue;
        }
        out.push_str("[\n");
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                out.push_str(",\n");
            }
            out.push_str(item);
        }
        out.push_str("\n]");
    }
    out.push_str(&head[done..]);
    out.push('\n');
    out
}

/// One list item as compact JSON, as [`splice_lists`] puts it in.
pub(crate) fn item(v: &impl serde::Serialize) -> String {
    serde_json::to_string(v).expect("JSON values serialize")
}
