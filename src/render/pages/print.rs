//! The printable dossier (`print/`): the story so far, the articles with their annotations
//! inline (the sidenotes read as marked notes in the text under the print stylesheet), the
//! people and issues, and the disputed points, on one page.
//!
//! The page is bounded however large the dossier: it prints the full text of the newest
//! articles (in the order they were published), at most [`PRINT_ARTICLES`] of them and
//! [`PRINT_BYTES`] of their HTML, and lists at most
//! [`PRINT_ENTRIES`] people, issues and disputed points, and says how many it leaves out and
//! where to find them.

use super::super::markdown::{Markup, article_body, markdown};
use super::super::views::{ArticleV, Views};
use super::disputed::DisputeV;
use super::index::{IssueRow, issue_tree};
use crate::site::{ArticleId, Idx};
use serde::Serialize;

/// How many articles the printable page holds in full (the newest).
pub const PRINT_ARTICLES: usize = 50;
/// How much article text (HTML bytes) it holds at most: at least one article, however long.
pub const PRINT_BYTES: usize = 120_000;
/// How many people, issues and disputed points it lists at most.
pub const PRINT_ENTRIES: usize = 100;

#[derive(Serialize)]
pub struct PrintPage {
    title: &'static str,
    story: Option<String>,
    articles: Vec<PrintArticle>,
    /// Articles in the dossier, and how many this page leaves out (the oldest).
    articles_total: usize,
    articles_left_out: usize,
    people: Vec<PersonRow>,
    people_left_out: usize,
    issues: Vec<IssueRow>,
    issues_left_out: usize,
    disputes: Vec<DisputeV>,
    disputes_left_out: usize,
    /// The caps, for the page to state them.
    cap_articles: usize,
    cap_kb: usize,
    cap_entries: usize,
}

#[derive(Serialize)]
struct PrintArticle {
    /// The id of its section on this page.
    id: String,
    #[serde(flatten)]
    article: ArticleV,
    byline: Option<String>,
    /// The body, its ids (paragraphs, marks, notes) and fragment links prefixed with `id`
    /// so that the articles on one page never share one.
    body: String,
}

#[derive(Serialize)]
struct PersonRow {
    url: String,
    title: String,
    role: Option<String>,
    affiliation: Option<String>,
}

pub fn print(v: &Views, markup: &Markup) -> PrintPage {
    let site = v.site;
    let list = v.article_list();
    // The newest articles, back from the last, while they fit the caps.
    let (mut articles, mut bytes) = (Vec::new(), 0);
    for k in (0..list.len()).rev().take(PRINT_ARTICLES) {
        let a = print_article(v, ArticleId::new(k), markup);
        bytes += a.body.len();
        if bytes > PRINT_BYTES && !articles.is_empty() {
            break;
        }
        articles.push(a);
    }
    articles.reverse();
    let first = list.len() - articles.len();
    let people: Vec<PersonRow> = site
        .people
        .ids()
        .take(PRINT_ENTRIES)
        .map(|p| {
            let x = &site.people[p];
            PersonRow {
                url: v.person(p).url,
                title: x.name.clone(),
                role: x.role.clone(),
                affiliation: x.affiliation.clone(),
            }
        })
        .collect();
    let mut issues = issue_tree(v);
    let issues_left_out = issues.len().saturating_sub(PRINT_ENTRIES);
    issues.truncate(PRINT_ENTRIES);
    let all = &v.disputes().all;
    let disputes = all
        .iter()
        .take(PRINT_ENTRIES)
        .map(|&r| v.dispute(r))
        .collect();
    PrintPage {
        title: "The whole dossier, for print",
        story: site
            .story
            .as_ref()
            .map(|s| markdown(&s.markdown, Some((site, &s.links)), v.root)),
        articles,
        articles_total: list.len(),
        articles_left_out: first,
        people_left_out: site.people.len() - people.len(),
        people,
        issues,
        issues_left_out,
        disputes_left_out: all.len().saturating_sub(PRINT_ENTRIES),
        disputes,
        cap_articles: PRINT_ARTICLES,
        cap_kb: PRINT_BYTES / 1000,
        cap_entries: PRINT_ENTRIES,
    }
}

fn print_article(v: &Views, i: ArticleId, markup: &Markup) -> PrintArticle {
    let a = v.article_data(i);
    // Its notes show the titles and passages of the articles they link to.
    for slug in &a.links_to {
        v.read(crate::render::deps::Dep::Article(slug));
    }
    // Its event notes show the events' titles and dates (an inline event's come from the
    // article that defines it).
    for &e in &a.events {
        v.event_data(e);
    }
    let id = format!("a{}", i.index() + 1);
    let mut body = article_body(v.site, a, v.root, markup)
        .replace(" id=\"", &format!(" id=\"{id}-"))
        .replace("href=\"#", &format!("href=\"#{id}-"));
    // The article's own headings (a headline, subheads) sit under its h3 here: three levels
    // down, the deepest first so none moves twice. Text is escaped, so `<h1` is only ever a tag.
    for (from, to) in [(5, 6), (4, 6), (3, 6), (2, 5), (1, 4)] {
        body = body
            .replace(&format!("<h{from}"), &format!("<h{to}"))
            .replace(&format!("</h{from}>"), &format!("</h{to}>"));
    }
    PrintArticle {
        article: v.article(i),
        byline: a.byline.clone(),
        body,
        id,
    }
}
