//! Atom feeds (RFC 4287): the whole site's, and one per person and per issue, so a reader can
//! follow a person or a topic. Entries are articles; every date comes from the articles, so
//! two builds give the same bytes.

use super::{absolute, rfc3339, xml_escape};
use crate::site::{ArticleId, IssueId, PersonId, Site, url};
use std::fmt::Write;

/// Which feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Feed {
    /// Every article: `feed.xml`.
    Site,
    /// Articles that mention or quote a person: `feeds/people/ID.xml`.
    Person(PersonId),
    /// Articles on an issue: `feeds/issues/ID.xml`.
    Issue(IssueId),
}

/// The most entries a feed holds (the newest).
const MAX_ENTRIES: usize = 50;

/// Every feed of the site, in a stable order.
pub fn all(site: &Site) -> Vec<Feed> {
    let mut out = vec![Feed::Site];
    out.extend(site.people.ids().map(Feed::Person));
    out.extend(site.issues.ids().map(Feed::Issue));
    out
}

impl Feed {
    /// Its output path.
    pub fn path(&self, site: &Site) -> String {
        match self {
            Feed::Site => "feed.xml".into(),
            Feed::Person(i) => format!("feeds/people/{}.xml", site.people[*i].id),
            Feed::Issue(i) => format!("feeds/issues/{}.xml", site.issues[*i].id),
        }
    }

    /// Its title, also the title of the page's `<link rel="alternate">`.
    pub fn title(&self, site: &Site) -> String {
        let t = &site.config.title;
        match self {
            Feed::Site => t.clone(),
            Feed::Person(i) => format!("{}: {t}", site.people[*i].name),
            Feed::Issue(i) => format!("{}: {t}", site.issues[*i].title),
        }
    }

    /// The page the feed follows.
    fn page(&self, site: &Site) -> String {
        match self {
            Feed::Site => String::new(),
            Feed::Person(i) => url::person(&site.people[*i].id),
            Feed::Issue(i) => url::issue(&site.issues[*i].id),
        }
    }

    /// Its articles, newest first.
    fn articles(&self, site: &Site) -> Vec<ArticleId> {
        let mut list: Vec<ArticleId> = match self {
            Feed::Site => site.articles.ids().collect(),
            Feed::Person(i) => site.people[*i].articles.clone(),
            Feed::Issue(i) => site.issues[*i].articles.clone(),
        };
        // `Site::articles` is sorted by date then slug: newest first is the reverse index order.
        list.sort_unstable_by(|a, b| b.cmp(a));
        list.dedup();
        list.truncate(MAX_ENTRIES);
        list
    }

    /// The feed as Atom XML; empty without `base_url` (it is then not planned).
    pub fn atom(&self, site: &Site) -> String {
        let (Some(self_url), Some(page_url)) = (
            absolute(site, &self.path(site)),
            absolute(site, &self.page(site)),
        ) else {
            return String::new();
        };
        let articles = self.articles(site);
        let updated = |i: ArticleId| {
            let a = &site.articles[i];
            rfc3339(&a.published, a.published_time.as_deref())
        };
        // The newest entry's date; a feed with none takes the site's newest article's, and a
        // site with no article a fixed date, never the build time.
        let feed_updated = articles
            .iter()
            .map(|&i| updated(i))
            .max()
            .or_else(|| site.articles.ids().map(updated).max())
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
        let author = if site.config.author.is_empty() {
            &site.config.title
        } else {
            &site.config.author
        };
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        let _ = write!(
            out,
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n  <id>{self_url}</id>\n  <title>{title}</title>\n",
            lang = xml_escape(&site.config.language),
            self_url = xml_escape(&self_url),
            title = xml_escape(&self.title(site)),
        );
        if !site.config.description.is_empty() {
            let _ = writeln!(
                out,
                "  <subtitle>{}</subtitle>",
                xml_escape(&site.config.description)
            );
        }
        let _ = write!(
            out,
            "  <updated>{feed_updated}</updated>\n  <author><name>{}</name></author>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <generator>dossier</generator>\n",
            xml_escape(author),
            xml_escape(&self_url),
            xml_escape(&page_url),
        );
        for i in articles {
            entry(&mut out, site, i, &updated(i));
        }
        out.push_str("</feed>\n");
        out
    }
}

/// One article as an Atom entry.
fn entry(out: &mut String, site: &Site, i: ArticleId, updated: &str) {
    let a = &site.articles[i];
    let link = absolute(site, &url::article(&a.slug)).unwrap_or_default();
    let outlet = &site.outlets[a.outlet].name;
    let mut summary = format!("{outlet}, {}", a.published);
    if let Some(by) = &a.byline {
        let _ = write!(summary, ", {by}");
    }
    let quotes = a
        .annotations
        .iter()
        .filter(|x| matches!(x.kind, crate::site::AnnKind::Quote { .. }))
        .count();
    if quotes > 0 {
        let _ = write!(
            summary,
            ". {quotes} statement{} annotated",
            if quotes == 1 { "" } else { "s" }
        );
    }
    let _ = write!(
        out,
        "  <entry>\n    <id>{link}</id>\n    <title>{title}</title>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{link}\"/>\n    <published>{updated}</published>\n    <updated>{updated}</updated>\n    <author><name>{outlet}</name></author>\n    <summary>{summary}</summary>\n",
        link = xml_escape(&link),
        title = xml_escape(&a.title),
        outlet = xml_escape(outlet),
        summary = xml_escape(&summary),
    );
    for &k in &a.issues {
        let _ = writeln!(
            out,
            "    <category term=\"{}\" label=\"{}\"/>",
            xml_escape(&site.issues[k].id),
            xml_escape(&site.issues[k].title)
        );
    }
    out.push_str("  </entry>\n");
}
