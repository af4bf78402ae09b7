//! Full-text search: the index, written as classic scripts that `static/search.js` loads.
//!
//! Scripts rather than JSON, because a page opened from `file://` may load a script but may not
//! fetch a file, and the offline bundle must search with no server. Nothing is loaded until the
//! reader searches, and then only what the query needs:
//!
//! - `search/index.js`: the list of term shards, the stop words and the vocabulary of names
//!   for typo tolerance. Small, and loaded before any query.
//! - `search/t/PREFIX.js`: term shards. Each maps the word forms starting with PREFIX to their
//!   stem, each stem to its postings (article, item), and lists the entities (people with
//!   their aliases and the name forms the articles use, issues, events, outlets,
//!   organisations, places) with a key stem in it. A shard whose prefix holds too much is split
//!   by one more character, so no shard grows with the corpus.
//!   Each also holds the counts per item kind of its previewed stems and of the sets of stems
//!   its prefixes stand for (see `unions`).
//!   And for a stem whose first hits are spread over many item scripts, the items the
//!   header's panel shows for it (see [`previews`]).
//! - `search/p/STEM.js`: the postings of such a stem when it has many, kept out of its shard:
//!   a query for that word alone needs only the counts and the preview.
//! - `search/a/K.js`: the searchable items (title, paragraphs, quotes, notes, events) of
//!   articles `K * ARTICLES_PER_SCRIPT` on, loaded only for the results shown, to build
//!   snippets. A few articles to a script, because the results shown cluster among the newest
//!   articles and every script loaded costs the browser a few milliseconds.
//!
//! Words are keyed by [`normalise::key`]: folded, British spellings made American, stemmed.

pub mod normalise;

use crate::anchor::parser;
use crate::site::{AnnKind, ArticleId, Idx, Site, Target, url};
use normalise::{indexable, surface, words};
use pulldown_cmark::{Event, Tag, TagEnd};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::sync::Arc;

/// The script every search loads first.
pub const INDEX: &str = "search/index.js";
/// Bytes of JSON above which a term shard is split by one more character of its prefix.
const SHARD_LIMIT: usize = 24 * 1024;
/// Prefixes never grow longer than this (a term shard of four letters holds few words).
const MAX_PREFIX: usize = 4;
/// Name words shorter than this get no typo tolerance (too many neighbours).
const TYPO_MIN: usize = 4;

/// Item kinds in an article's list, as the script groups them.
#[derive(Clone, Copy)]
enum ItemKind {
    Title = 0,
    Text = 1,
    Quote = 2,
    Note = 3,
    Event = 4,
}

/// One searchable item of an article: serialised as `[kind, anchor, text, meta]`.
#[derive(Serialize)]
struct Item(u32, String, String, String);

/// An article's searchable items, derived from the site whenever they are needed: to make the
/// postings, to print an item script or a preview, and (taken before an edit) to take the
/// article's old words out of the index. The index keeps none: they are the text of every
/// article again, the largest part of a large dossier's index.
#[derive(Default)]
pub struct ArticleIndex {
    items: Vec<Item>,
}

impl ArticleIndex {
    /// Per item, the surface forms of its indexable words (each once), shared with every
    /// other item that has them.
    fn words(&self) -> Vec<Vec<Word>> {
        self.items
            .iter()
            .map(|i| {
                if i.0 == ItemKind::Note as u32 {
                    // A note is found by its body and by the passage it is on (its meta).
                    surfaces(&format!("{} {}", i.2, i.3))
                } else {
                    surfaces(&i.2)
                }
            })
            .collect()
    }

    /// Article `ai`'s items as `site` has them: its title, paragraphs, quotes, notes and
    /// event reports.
    pub fn of(site: &Site, ai: ArticleId) -> ArticleIndex {
        let a = &site.articles[ai];
        let outlet = &site.outlets[a.outlet].name;
        let mut items = vec![Item(
            ItemKind::Title as u32,
            String::new(),
            a.title.clone(),
            format!("{outlet} · {}", a.published),
        )];
        for (anchor, text) in paragraphs(&a.text) {
            items.push(Item(ItemKind::Text as u32, anchor, text, String::new()));
        }
        for ann in &a.annotations {
            let item = match &ann.kind {
                AnnKind::Quote { speaker, said, .. } => Item(
                    ItemKind::Quote as u32,
                    ann.anchor.clone(),
                    ann.passage.clone(),
                    format!("{} · {said}", site.speaker_label(speaker)),
                ),
                AnnKind::Note { kind, body, .. } => Item(
                    ItemKind::Note as u32,
                    ann.anchor.clone(),
                    md_plain(body),
                    format!("{kind} note on “{}”", ann.passage),
                ),
                AnnKind::Event { event, .. } => {
                    let e = &site.events[*event];
                    Item(
                        ItemKind::Event as u32,
                        ann.anchor.clone(),
                        ann.passage.clone(),
                        format!("{} · {}", e.title, e.when),
                    )
                }
                AnnKind::Mention(_) => continue,
            };
            items.push(item);
        }
        ArticleIndex { items }
    }
}

/// The fragment naming an article's `n`-th paragraph (1-based, in reading order, nested ones
/// included, as pulldown-cmark reports them). `render::markdown` gives each article paragraph
/// this id, so a result's link lands on it without JavaScript.
/// Capitalised, so it never equals an annotation id (those are lowercase).
pub fn paragraph_id(n: usize) -> String {
    format!("P{n}")
}

/// Articles whose items share one script. Ties rank newest first, so the dozen or so article
/// results a query shows mostly fall in one or two scripts; more per script would make a rare
/// word's scattered results load much text they do not show.
pub const ARTICLES_PER_SCRIPT: usize = 8;

/// The path of the item script holding article `n`.
pub fn article_path(n: usize) -> String {
    format!("search/a/{}.js", n / ARTICLES_PER_SCRIPT)
}

/// A prefix or stem as a file name: letters and digits as they are, anything else as `_HEX`
/// (so words in any script make portable names). `search.js` encodes the same way.
fn encoded(word: &str) -> String {
    let mut name = String::new();
    for c in word.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            name.push(c);
        } else {
            name.push_str(&format!("_{:x}", c as u32));
        }
    }
    name
}

/// The path of the term shard of `prefix`.
pub fn term_path(prefix: &str) -> String {
    format!("search/t/{}.js", encoded(prefix))
}

/// A script calling `DOSSIER_SEARCH.<method>(args)`. `</` is escaped so the JSON could never
/// close a script element, even if inlined.
fn script(method: &str, args: &str) -> String {
    format!("DOSSIER_SEARCH.{method}({});\n", args.replace("</", "<\\/"))
}

fn json<T: Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).expect("plain data serializes")
}

/// The plain text of a Markdown fragment (a note body, a summary).
fn md_plain(md: &str) -> String {
    let mut out = String::new();
    for (e, _) in parser(md) {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    crate::anchor::normalise(&out)
}

/// A surface form, shared: a corpus has millions of words but a small vocabulary.
type Word = Arc<str>;

/// The indexable surface forms of `text`, each once, in no particular order (every use of
/// them counts or sets them). Each distinct word as written is folded and checked once per
/// thread (a memo of the vocabulary), and each surface form is one shared `Word` per thread,
/// so telling the forms apart compares pointers, not strings.
fn surfaces(text: &str) -> Vec<Word> {
    #[derive(Default)]
    struct Memo {
        /// Each word as written, with its surface form if it is indexable.
        written: HashMap<Box<str>, Option<Word>>,
        /// Each surface form met, once.
        forms: rustc_hash::FxHashSet<Word>,
    }
    thread_local! {
        static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
    }
    let mut out: Vec<Word> = MEMO.with_borrow_mut(|memo| {
        words(text)
            .filter_map(|w| {
                if let Some(s) = memo.written.get(w) {
                    return s.clone();
                }
                let s = surface(w);
                let s = indexable(&s).then(|| match memo.forms.get(s.as_str()) {
                    Some(form) => form.clone(),
                    None => {
                        let form = Word::from(s);
                        memo.forms.insert(form.clone());
                        form
                    }
                });
                memo.written.insert(w.into(), s.clone());
                s
            })
            .collect()
    });
    out.sort_unstable_by_key(|w| Arc::as_ptr(w).cast::<u8>());
    out.dedup_by(|a, b| Arc::ptr_eq(a, b));
    out
}

/// The paragraphs of an article as the renderer numbers them (`paragraph_id`), and the text
/// outside any paragraph (headings, tight list items), which links to the article itself.
fn paragraphs(md: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut n = 0;
    let mut in_para = false;
    let mut image = 0usize;
    let mut buf = String::new();
    let flush = |buf: &mut String, anchor: String, out: &mut Vec<(String, String)>| {
        let text = crate::anchor::normalise(buf);
        if !text.is_empty() {
            out.push((anchor, text));
        }
        buf.clear();
    };
    for (e, _) in parser(md) {
        match e {
            Event::Start(Tag::Paragraph) => {
                flush(&mut buf, String::new(), &mut out);
                n += 1;
                in_para = true;
            }
            Event::End(TagEnd::Paragraph) => {
                flush(&mut buf, paragraph_id(n), &mut out);
                in_para = false;
            }
            Event::Start(Tag::Image { .. }) => image += 1,
            Event::End(TagEnd::Image) => image = image.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if image == 0 => buf.push_str(&t),
            Event::SoftBreak | Event::HardBreak => buf.push(' '),
            Event::End(_) if !in_para => buf.push(' '),
            _ => {}
        }
    }
    flush(&mut buf, String::new(), &mut out);
    out
}

/// The item script of the articles whose index is in `first..first + arts.len()`, each with
/// its items.
fn articles_js(site: &Site, first: usize, arts: &[ArticleIndex]) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        t: &'a str,
        u: String,
        i: &'a [Item],
    }
    let docs: Vec<Doc> = arts
        .iter()
        .enumerate()
        .map(|(k, items)| {
            let a = &site.articles[ArticleId::new(first + k)];
            Doc {
                t: &a.title,
                u: site.url_form(&url::article(&a.slug)),
                i: &items.items,
            }
        })
        .collect();
    script("articles", &format!("{first},{}", json(&docs)))
}

/// An entity as the index lists it: `[kind, title, url, meta, keys]`.
#[derive(Serialize)]
struct Entity(&'static str, String, String, String, String);

/// The entities with the surface forms their keys come from.
fn entities(site: &Site) -> Vec<(Entity, Vec<Word>)> {
    // The passages that mention each person or outlet: the spellings the articles use.
    let named: HashMap<Target, BTreeSet<&str>> = (site.articles.as_slice().par_iter())
        .fold(HashMap::default, |mut m: HashMap<_, BTreeSet<&str>>, a| {
            for ann in &a.annotations {
                if let AnnKind::Mention(t) = ann.kind {
                    m.entry(t).or_default().insert(&ann.passage);
                }
            }
            m
        })
        .reduce(HashMap::default, |mut m, other| {
            for (t, forms) in other {
                m.entry(t).or_default().extend(forms);
            }
            m
        });
    let forms = |t: Target| -> String {
        named
            .get(&t)
            .map(|s| s.iter().copied().collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for (i, p) in site.people.enumerate() {
        let mut meta = p.aliases.join(", ");
        for r in p.role.iter().chain(&p.affiliation) {
            if !meta.is_empty() {
                meta.push_str(" · ");
            }
            meta.push_str(r);
        }
        let text = format!("{} {meta} {}", p.name, forms(Target::Person(i)));
        let e = Entity(
            "person",
            p.name.clone(),
            site.url_form(&url::person(&p.id)),
            meta,
            String::new(),
        );
        out.push((e, text));
    }
    for x in &site.issues {
        let summary = x.summary.as_deref().map(md_plain).unwrap_or_default();
        let text = format!("{} {summary}", x.title);
        let e = Entity(
            "issue",
            x.title.clone(),
            site.url_form(&url::issue(&x.id)),
            String::new(),
            String::new(),
        );
        out.push((e, text));
    }
    for (i, x) in site.events.enumerate() {
        let meta = format!("{} · {}", x.when, x.status.as_str());
        let text = format!(
            "{} {} {}",
            x.title,
            x.place.as_deref().unwrap_or(""),
            forms(Target::Event(i))
        );
        let e = Entity(
            "event",
            x.title.clone(),
            site.url_form(&url::event(&x.id)),
            meta,
            String::new(),
        );
        out.push((e, text));
    }
    for (i, o) in site.outlets.enumerate() {
        let text = format!("{} {}", o.name, forms(Target::Outlet(i)));
        let meta = o.kind.clone().unwrap_or_default();
        let e = Entity(
            "outlet",
            o.name.clone(),
            site.url_form(&url::outlet(&o.id)),
            meta,
            String::new(),
        );
        out.push((e, text));
    }
    out.extend(named_entities(site, &forms));
    // The words of each entity's text (with every form the articles name it by), in parallel.
    let mut out: Vec<(Entity, Vec<Word>)> = (out.into_par_iter())
        .map(|(e, text)| (e, surfaces(&text)))
        .collect();
    // In title order, so the script breaks ties between entities by their place in the list
    // (comparing titles there with `localeCompare` costs a first query some 25 ms in Chromium).
    out.sort_by_cached_key(|(e, _)| (e.1.to_lowercase(), e.1.clone(), e.0));
    out
}

/// The organisations and places, each with the text of its name, its aliases and the forms
/// the articles name it by.
fn named_entities(site: &Site, forms: &dyn Fn(Target) -> String) -> Vec<(Entity, String)> {
    let bodies = (site.organisations.ids().map(Target::Organisation))
        .chain(site.places.ids().map(Target::Place));
    bodies
        .map(|t| {
            let n = site.named(t);
            let meta = n.aliases.join(", ");
            let text = format!("{} {meta} {}", n.name, forms(t));
            let e = Entity(
                t.kind().as_str(),
                n.name.clone(),
                site.url_form(&site.target_url(t)),
                meta,
                String::new(),
            );
            (e, text)
        })
        .collect()
}

/// The name vocabulary for typo tolerance: the words of people's names, aliases and the
/// passages that mention them, and of outlet names.
fn name_words(site: &Site) -> BTreeSet<String> {
    let mut text = String::new();
    for p in &site.people {
        text.push_str(&p.name);
        text.push(' ');
        text.push_str(&p.aliases.join(" "));
        text.push(' ');
    }
    for o in &site.outlets {
        text.push_str(&o.name);
        text.push(' ');
    }
    for n in site.organisations.iter().chain(site.places.iter()) {
        text.push_str(&n.name);
        text.push(' ');
        text.push_str(&n.aliases.join(" "));
        text.push(' ');
    }
    // The passages, a few thousand articles' worth at a time, in parallel.
    let passages = (site.articles.as_slice().par_chunks(4096)).map(|arts| {
        let mut text = String::new();
        for ann in arts.iter().flat_map(|a| &a.annotations) {
            if let AnnKind::Mention(
                Target::Person(_) | Target::Outlet(_) | Target::Organisation(_) | Target::Place(_),
            ) = ann.kind
            {
                text.push_str(&ann.passage);
                text.push(' ');
            }
        }
        surfaces(&text)
    });
    let mut forms: Vec<Word> = passages.flatten_iter().collect();
    forms.extend(surfaces(&text));
    forms
        .into_iter()
        .filter(|w| w.chars().count() >= TYPO_MIN)
        .map(|w| w.to_string())
        .collect()
}

mod index;
mod previews;
mod shards;
mod unions;
pub use index::Index;
pub use previews::PANEL;

#[cfg(test)]
mod tests;
