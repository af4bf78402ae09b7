//! Links written in the dossier's Markdown (note bodies, `see` lists, registry summaries),
//! resolved once, against the whole site, into typed [`Link`]s that render only looks up.
//!
//! A destination is internal when it is written `kind:ID` (`person:ID`, `article:SLUG#ANCHOR`,
//! `date:YYYY-MM-DD`...), as a bare id (`javier-solana`, when one entity or article has it),
//! or as a path to a page of the site (`people/javier-solana/`, `../dates/2025-06/`; the file
//! `people/javier-solana/index.html` and the name of earlier versions, `people/javier-solana.html`,
//! too).
//! An internal link that leads nowhere is a located error with a suggestion; anything else
//! (`https://…`, `#fragment`, a file) is left as written.

use crate::date::PartialDate;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceId, Sources, did_you_mean};
pub use crate::links::LINK_SCHEMES;
use crate::load::Dossier;
use crate::model::NoteIn;
use crate::site::{Link, LinkDest, Site, Target};
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

/// How internal links are written, for hints.
pub const LINK_HINT: &str = "internal links are written person:ID, issue:ID, event:ID, outlet:ID, organisation:ID, place:ID, article:SLUG, article:SLUG#ANNOTATION-ID or date:YYYY-MM-DD; a bare id or a page's path (people/ID/) works too";

/// Internal links (`kind:…`) in a Markdown body.
pub fn internal_links(md: &str) -> Vec<String> {
    link_dests(md)
        .into_iter()
        .filter(|d| LINK_SCHEMES.iter().any(|s| d.starts_with(s)))
        .collect()
}

/// Every link destination in a Markdown body, in reading order (images are not links).
fn link_dests(md: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Tag};
    crate::anchor::parser(md)
        .filter_map(|(e, _)| match e {
            Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.to_string()),
            _ => None,
        })
        .collect()
}

/// A link destination as written, and where.
pub(super) struct Written {
    dest: String,
    pub(super) span: Range<usize>,
    label: String,
}

/// Every link of one Markdown string held in a TOML string at `span` of `src`: the string's
/// offsets are not the file's (escapes), so each destination is looked for in the span.
pub(super) fn written_in(md: &str, text: &str, span: &Range<usize>, label: &str) -> Vec<Written> {
    let within = &text[span.clone()];
    let mut from = 0;
    link_dests(md)
        .into_iter()
        .map(|dest| {
            let at = within[from.min(within.len())..]
                .find(&dest)
                .map(|s| from + s);
            let span = at.map_or(span.clone(), |s| {
                from = s + dest.len();
                span.start + s..span.start + s + dest.len()
            });
            Written {
                dest,
                span,
                label: label.to_string(),
            }
        })
        .collect()
}

/// One note's links, and the anchor of its annotation (`None` when it could not be placed).
pub(super) struct NoteSet {
    anchor: Option<String>,
    see: Vec<Written>,
    body: Vec<Written>,
    /// Where `kind = "update"` is written, for an update note: it must link to the later
    /// passage that supersedes its own.
    update_at: Option<Range<usize>>,
}

impl NoteSet {
    /// The links of note `n`, written in `src`.
    pub(super) fn of(n: &NoteIn, anchor: Option<String>, src: SourceId, sources: &Sources) -> Self {
        let text = sources.text(src);
        let see = n
            .see
            .iter()
            .map(|s| Written {
                dest: s.get_ref().clone(),
                span: s.span(),
                label: "in `see`".to_string(),
            })
            .collect();
        let body = written_in(
            n.body.get_ref(),
            text,
            &n.body.span(),
            "link in the note body",
        );
        let update_at = n
            .kind
            .as_ref()
            .filter(|k| k.get_ref() == crate::site::NoteKind::Update.as_str())
            .map(|k| k.span());
        NoteSet {
            anchor,
            see,
            body,
            update_at,
        }
    }
}

/// The links an article's notes make, with where they are written: all that the site-wide
/// link pass needs of a parsed annotation file.
pub struct NoteLinks {
    pub(super) slug: String,
    pub(super) source: SourceId,
    pub(super) notes: Vec<NoteSet>,
    /// Ids of this article's annotations that an error left out, with that error's index
    /// in the diagnostics the article was resolved into.
    pub(super) dropped: Vec<(String, usize)>,
}

/// What an error already reported leaves out of the site (an article, an annotation), so
/// that links to it are counted on that error ("3 more errors follow from this one") instead
/// of each being reported: one mistake, one error.
#[derive(Default)]
pub struct Cascade {
    /// Articles not in the site, by slug, with the index of the diagnostic that says why.
    articles: HashMap<String, usize>,
    /// Annotations (article slug, id) left out, with the index of their error.
    anchors: HashMap<(String, String), usize>,
    /// How many link errors each of those diagnostics stands for.
    follow: BTreeMap<usize, usize>,
}

impl Cascade {
    /// An article left out of the site by the diagnostic at `root`.
    pub fn article_left_out(&mut self, slug: &str, root: usize) {
        self.articles.insert(slug.to_string(), root);
    }

    /// The annotations `links` says were left out; `base` is where the article's own
    /// diagnostics start in the whole list.
    pub fn annotations_left_out(&mut self, links: &NoteLinks, base: usize) {
        for (id, at) in &links.dropped {
            self.anchors
                .insert((links.slug.clone(), id.clone()), base + at);
        }
    }

    /// Whether a link error follows from an error already reported; if so it is counted.
    fn absorbs(&mut self, e: &LinkError) -> bool {
        let Some((slug, frag)) = &e.article else {
            return false;
        };
        let root = self.articles.get(slug).or_else(|| {
            frag.as_ref()
                .and_then(|f| self.anchors.get(&(slug.clone(), f.clone())))
        });
        match root {
            Some(&r) => {
                *self.follow.entry(r).or_default() += 1;
                true
            }
            None => false,
        }
    }

    /// Says on each root diagnostic how many errors follow from it.
    pub fn report(self, diags: &mut Diagnostics) {
        for (root, n) in self.follow {
            let Some(d) = diags.items.get_mut(root) else {
                continue;
            };
            let links = if n == 1 { "link" } else { "links" };
            d.notes.push(match d.severity {
                crate::diagnostics::Severity::Error => format!(
                    "{n} more {} follow{} from this one: {n} {links} to what it leaves out of the site, not reported one by one",
                    if n == 1 { "error" } else { "errors" },
                    if n == 1 { "s" } else { "" },
                ),
                _ => format!(
                    "{n} {links} to this article {} left as plain text until it is in the site",
                    if n == 1 { "is" } else { "are" }
                ),
            });
        }
    }
}

impl NoteLinks {
    /// Resolves every link against the whole site, reports those that lead nowhere, and
    /// stores the resolved ones in the article's notes and `links_to`.
    pub fn apply(
        &self,
        site: &mut Site,
        unusable: &[String],
        cascade: &mut Cascade,
        diags: &mut Diagnostics,
    ) {
        let Some(&i) = site.article_by_slug.get(&self.slug) else {
            return;
        };
        let mut resolved = Vec::new();
        let mut links_to = Vec::new();
        for n in &self.notes {
            let mut one = |w: &Written| {
                let d = resolve_written(site, w, self.source, unusable, cascade, diags);
                if let LinkDest::Internal(Link::Article { slug, .. }) = &d
                    && *slug != self.slug
                {
                    links_to.push(slug.clone());
                }
                d
            };
            let see: Vec<LinkDest> = n.see.iter().map(&mut one).collect();
            let body: Vec<LinkDest> = n.body.iter().map(&mut one).collect();
            if let Some(at) = &n.update_at {
                update_needs_a_passage(&see, &body, self.source, at, diags);
            }
            resolved.push((n.anchor.as_deref(), see, body));
        }
        links_to.sort();
        links_to.dedup();
        let a = &mut site.articles[i];
        for (anchor, see_d, body_d) in resolved {
            let Some(ann) = anchor.and_then(|x| a.annotations.iter_mut().find(|y| y.anchor == x))
            else {
                continue;
            };
            if let crate::site::AnnKind::Note { see, links, .. } = &mut ann.kind {
                *see = see_d
                    .into_iter()
                    .filter_map(|d| match d {
                        LinkDest::Internal(l) => Some(l),
                        _ => None,
                    })
                    .collect();
                *links = body_d;
            }
        }
        a.links_to = links_to;
    }
}

/// An update note links to the later passage that supersedes its own; one that does not
/// (and has no broken link already reported that may have been meant as it) is an error.
fn update_needs_a_passage(
    see: &[LinkDest],
    body: &[LinkDest],
    src: SourceId,
    at: &Range<usize>,
    diags: &mut Diagnostics,
) {
    let all = || see.iter().chain(body);
    let passage = all().any(|d| {
        matches!(
            d,
            LinkDest::Internal(Link::Article {
                anchor: Some(_),
                ..
            })
        )
    });
    if passage || all().any(|d| matches!(d, LinkDest::Broken)) {
        return;
    }
    diags.push(
        Diagnostic::error(
            "update-without-later-report",
            "an update note links to no later passage",
        )
        .at(src, at.clone(), "an update")
        .hint(
            "link the passage that supersedes this one: see = [\"article:SLUG#ANNOTATION-ID\"] (give that annotation an `id`)",
        ),
    );
}

/// Resolves one written link; an internal one that leads nowhere is reported and `Broken`.
pub(super) fn resolve_written(
    site: &Site,
    w: &Written,
    src: SourceId,
    unusable: &[String],
    cascade: &mut Cascade,
    diags: &mut Diagnostics,
) -> LinkDest {
    match resolve_dest(site, &w.dest) {
        Ok(Some(l)) => LinkDest::Internal(l),
        Ok(None) => LinkDest::AsWritten,
        Err(e) => {
            let id = w.dest.split_once(':').map_or(w.dest.as_str(), |(_, id)| id);
            if !unusable.iter().any(|u| u == id) && !cascade.absorbs(&e) {
                let d = Diagnostic::error("bad-link", e.message).at(
                    src,
                    w.span.clone(),
                    w.label.as_str(),
                );
                diags.push(match e.hint {
                    Some(h) => d.hint(h).note(LINK_HINT),
                    None => d.hint(LINK_HINT),
                });
            }
            LinkDest::Broken
        }
    }
}

/// Why a link leads nowhere, and a suggestion when there is one.
pub struct LinkError {
    pub message: String,
    pub hint: Option<String>,
    /// The article (and annotation id) a link to an article names, when that is what is
    /// missing: an error already reported may account for it.
    pub article: Option<(String, Option<String>)>,
}

fn err(message: String) -> LinkError {
    LinkError {
        message,
        hint: None,
        article: None,
    }
}

/// The page folders of the site and the link kind of each.
const PAGE_FOLDERS: [(&str, &str); 8] = [
    ("people/", "person"),
    ("issues/", "issue"),
    ("events/", "event"),
    ("outlets/", "outlet"),
    ("organisations/", "organisation"),
    ("places/", "place"),
    ("articles/", "article"),
    ("dates/", "date"),
];

/// Resolves a destination: `Ok(None)` when it is not internal (left as written).
pub fn resolve_dest(site: &Site, dest: &str) -> Result<Option<Link>, LinkError> {
    if let Some((kind, rest)) = dest.split_once(':')
        && let Some(k) = LINK_SCHEMES.iter().find(|s| s[..s.len() - 1] == *kind)
    {
        return typed(site, &k[..k.len() - 1], rest).map(Some);
    }
    if let Some(path) = site_path(dest) {
        for (folder, kind) in PAGE_FOLDERS {
            if let Some(file) = path.strip_prefix(folder) {
                let (name, frag) = split_fragment(file);
                // The page's folder (`people/ID/`), its file (`people/ID/index.html`), or the
                // file name of earlier versions (`people/ID.html`).
                let id = name
                    .strip_suffix("/index.html")
                    .or_else(|| name.strip_suffix('/'))
                    .or_else(|| name.strip_suffix(".html"))
                    .filter(|id| !id.is_empty() && !id.contains('/'));
                if let Some(id) = id {
                    let rest = frag.map_or(id.to_string(), |f| format!("{id}#{f}"));
                    return typed(site, kind, &rest).map(Some);
                }
            }
        }
        return Ok(None);
    }
    let (id, frag) = split_fragment(dest);
    if !id.is_empty() && crate::load::valid_slug(id) {
        return bare(site, id, frag).map(Some);
    }
    Ok(None)
}

/// A relative path that may name a page: no scheme, not a fragment; `./`, `../` and a leading
/// `/` dropped.
fn site_path(dest: &str) -> Option<&str> {
    if dest.starts_with('#') || dest.starts_with("//") || !dest.contains('/') {
        return None;
    }
    if let Some((scheme, _)) = dest.split_once(':')
        && !scheme.contains('/')
    {
        return None;
    }
    let mut p = dest.trim_start_matches('/');
    loop {
        if let Some(r) = p.strip_prefix("../").or_else(|| p.strip_prefix("./")) {
            p = r;
        } else {
            break Some(p);
        }
    }
}

fn split_fragment(s: &str) -> (&str, Option<&str>) {
    match s.split_once('#') {
        Some((a, b)) => (a, Some(b)),
        None => (s, None),
    }
}

/// A bare id: the one entity or article that has it.
fn bare(site: &Site, id: &str, frag: Option<&str>) -> Result<Link, LinkError> {
    let entity = site.ids.get(id).copied();
    let article = site.article_by_slug.contains_key(id);
    match (entity, article) {
        (Some(t), true) => Err(LinkError {
            message: format!("`{id}` is both a {} and an article", t.kind().as_str()),
            hint: Some(format!(
                "write `{}:{id}` or `article:{id}` to say which",
                t.kind().as_str()
            )),
            article: None,
        }),
        (Some(_), false) if frag.is_some() => Err(err(format!(
            "`{id}` is not an article, so it has no annotation ids"
        ))),
        (Some(t), false) => Ok(entity_link(site, t)),
        (None, true) => article_link(site, id, frag),
        (None, false) => {
            let ids = site.ids.keys().map(String::as_str);
            let slugs = site.article_by_slug.keys().map(String::as_str);
            let mut all: Vec<&str> = ids.chain(slugs).collect();
            all.sort_unstable();
            Err(LinkError {
                message: format!("no person, issue, event, outlet or article has the id `{id}`"),
                hint: did_you_mean(id, all).map(|s| format!("did you mean `{s}`?")),
                article: Some((id.to_string(), frag.map(str::to_string))),
            })
        }
    }
}

/// An entity as a link: registry entries by index, inline events by id (their index moves
/// when articles are reordered).
fn entity_link(site: &Site, t: Target) -> Link {
    match t {
        Target::Event(i) if site.is_inline(i) => Link::InlineEvent(site.events[i].id.clone()),
        t => Link::Entity(t),
    }
}

/// An article, or one of its annotations.
fn article_link(site: &Site, slug: &str, frag: Option<&str>) -> Result<Link, LinkError> {
    let Some(&i) = site.article_by_slug.get(slug) else {
        let hint = did_you_mean(slug, site.article_by_slug.keys().map(String::as_str))
            .map(|s| format!("did you mean `{s}`?"));
        return Err(LinkError {
            message: format!("there is no article `{slug}`"),
            hint,
            article: Some((slug.to_string(), frag.map(str::to_string))),
        });
    };
    if let Some(f) = frag {
        let anchors = site.articles[i]
            .annotations
            .iter()
            .map(|x| x.anchor.as_str());
        if !site.articles[i].annotations.iter().any(|x| x.anchor == f) {
            return Err(LinkError {
                message: format!("article `{slug}` has no annotation with id `{f}`"),
                hint: did_you_mean(f, anchors).map(|s| format!("did you mean `{s}`?")),
                article: Some((slug.to_string(), Some(f.to_string()))),
            });
        }
    }
    Ok(Link::Article {
        slug: slug.to_string(),
        anchor: frag.map(str::to_string),
    })
}

/// A link of a known kind (`person`, `article`, `date`...) to `rest` (`ID`, `SLUG#ANCHOR`).
fn typed(site: &Site, kind: &str, rest: &str) -> Result<Link, LinkError> {
    let (id, frag) = split_fragment(rest);
    match kind {
        "article" => article_link(site, id, frag),
        "date" => match PartialDate::parse(id) {
            Ok(d) if site.dates.contains_key(&d) => Ok(Link::Date(d)),
            Ok(d) => Err(err(format!(
                "nothing in the dossier falls on {d}, so it has no page"
            ))),
            Err(e) => Err(err(e.message)),
        },
        want => match site.ids.get(id) {
            Some(&t) if t.kind().as_str() == want => Ok(entity_link(site, t)),
            Some(&t) => Err(LinkError {
                message: format!("`{id}` is a {}, not a {want}", t.kind().as_str()),
                hint: Some(format!("write `{}:{id}`", t.kind().as_str())),
                article: None,
            }),
            None => {
                let same = site
                    .ids
                    .iter()
                    .filter(|(_, t)| t.kind().as_str() == want)
                    .map(|(k, _)| k.as_str());
                Err(LinkError {
                    message: format!("there is no {want} with id `{id}`"),
                    hint: did_you_mean(id, same).map(|s| format!("did you mean `{s}`?")),
                    article: None,
                })
            }
        },
    }
}

/// Resolves one re-resolved article's note links against the site (a live session's edit).
pub fn link_article(
    dossier: &Dossier,
    site: &mut Site,
    links: &NoteLinks,
    diags: &mut Diagnostics,
) {
    // A session refuses an edit with errors, so there is nothing for a cascade to hide.
    links.apply(site, &dossier.unusable_ids, &mut Cascade::default(), diags);
    site.relink_from();
}
