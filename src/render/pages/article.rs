//! An article page: the text with its highlights and sidenotes.

use super::super::deps::Dep;
use super::super::markdown::{Markup, article_body};
use super::super::views::{ArticleV, DateV, EventV, LinkV, Views};
use crate::links::safe_url;
use crate::site::{ArticleId, Idx, Target};
use serde::Serialize;

#[derive(Serialize)]
pub struct ArticlePage<'s> {
    title: &'s str,
    article: ArticleView<'s>,
    prev: Option<ArticleV>,
    next: Option<ArticleV>,
    /// The entities its annotations link to, for the hover previews.
    previews: Vec<super::preview::PreviewV>,
}

#[derive(Serialize)]
struct ArticleView<'s> {
    title: &'s str,
    outlet: LinkV,
    published: DateV,
    published_time: Option<&'s str>,
    url: Option<&'s str>,
    byline: Option<&'s str>,
    language: Option<&'s str>,
    issues: Vec<LinkV>,
    people: Vec<LinkV>,
    events: Vec<EventV>,
    trimmed: &'s [crate::model::Trimmed],
    copy: Option<CopyV<'s>>,
    body: String,
    /// (kind, how many), in a fixed order.
    counts: Vec<(&'static str, usize)>,
}

/// Where the copy of the text came from, as the page says it.
#[derive(Serialize)]
struct CopyV<'s> {
    from: &'static str,
    name: Option<&'s str>,
    url: Option<&'s str>,
    excerpt: bool,
    note: Option<&'s str>,
}

fn copy_view(c: &crate::model::CopyIn) -> CopyV<'_> {
    CopyV {
        from: c.from.label(),
        name: c.name.as_deref(),
        url: c.url.as_deref().filter(|u| safe_url(u)),
        excerpt: c.excerpt,
        note: c.note.as_deref(),
    }
}

pub fn article<'s>(v: &Views<'s>, i: ArticleId, markup: &Markup) -> ArticlePage<'s> {
    let site = v.site;
    let a = v.article_data(i);
    v.read(Dep::Neighbours(&a.slug));
    // Its notes show the titles and passages of the articles they link to.
    for slug in &a.links_to {
        v.read(Dep::Article(slug));
    }
    let counts = ["mention", "quote", "event", "note"]
        .into_iter()
        .map(|k| {
            (
                k,
                a.annotations.iter().filter(|x| x.kind.name() == k).count(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    ArticlePage {
        title: &a.title,
        article: ArticleView {
            title: &a.title,
            outlet: v.target(Target::Outlet(a.outlet)),
            published: v.date(&a.published),
            published_time: a.published_time.as_deref(),
            url: a.url.as_deref().filter(|u| safe_url(u)),
            byline: a.byline.as_deref(),
            language: a.language.as_deref(),
            issues: a.issues.iter().map(|&x| v.issue(x)).collect(),
            people: a.people.iter().map(|&x| v.person(x)).collect(),
            events: a.events.iter().map(|&x| v.event(x, false)).collect(),
            trimmed: &a.trimmed,
            copy: a.copy.as_ref().map(copy_view),
            body: article_body(site, a, v.root, markup),
            counts,
        },
        previews: super::preview::previews(v, a),
        prev: i
            .index()
            .checked_sub(1)
            .map(|p| v.article(ArticleId::new(p))),
        next: (i.index() + 1 < site.articles.len())
            .then(|| v.article(ArticleId::new(i.index() + 1))),
    }
}
