//! The search index kept between changes, so that a live session re-analyses only the article
//! an edit touched and rewrites only the scripts whose bytes change.
//!
//! A build makes an [`Index`] once ([`Index::new`]); a session keeps it and calls
//! [`Index::article_changed`] after an edit that left every article in its place. Both end in
//! the same [`Index::refresh`], which derives the vocabulary, the shard plan, the entities and
//! the scripts from what is kept, so the scripts of an updated index are byte for byte those
//! of a new one (`tests/session_props.rs` and `tests/incremental.rs` compare them).

use super::normalise::stem;
use super::shards::{
    EntityRow, Postings, ShardSource, entity_rows, index_js, listed, plan, planned_shard,
};
use super::{
    ARTICLES_PER_SCRIPT, ArticleIndex, INDEX, Word, article_path, articles_js, entities, json,
    name_words, previews, term_path,
};
use crate::output::SearchFiles;
use crate::site::{ArticleId, Idx, Site};
use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde_json::value::RawValue;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The search index of a site: what each article contributes, the postings, and the scripts.
#[derive(Default)]
pub struct Index {
    /// How many articles the site has. Their items are not kept but derived again where
    /// needed ([`ArticleIndex`]).
    articles: usize,
    /// For each word form, how many article items hold it (a form with none is not kept).
    refs: HashMap<Word, u32>,
    /// The stem of every word form met so far (a memo: stemming is the dear part).
    stems: HashMap<Word, Word>,
    /// Each stem's postings from the articles, in (article, item code) order; stems that only
    /// entities or names use have none and are not kept.
    pub(super) post: HashMap<Word, Postings>,
    /// The word forms of the entities and of the name vocabulary, as of the last refresh.
    extra: HashSet<Word>,
    /// The term shards' prefixes, as of the last refresh.
    prefixes: BTreeSet<String>,
    /// What each shard holds besides its own words, as written at the last refresh: the
    /// entities it lists and its prefix counts (`super::unions`; a prefix's completions and
    /// names may lie in other shards). Edits elsewhere change them, so a shard where they
    /// changed is written again even if none of its words did.
    beyond: BTreeMap<String, String>,
    /// The hit previews of the stems that have one (see `previews`), as of the last refresh.
    pub(super) previewed: HashMap<Word, Box<RawValue>>,
    /// Every search script but the item scripts, by output path. The item scripts
    /// (`search/a/K.js`, most of the index's bytes: the text of every article again) are
    /// printed from the site when written ([`Index::script`]), so no copy of them is held.
    files: SearchFiles,
    /// Changes noted but not yet written into the scripts ([`Index::note_article`]): the
    /// word forms they touched, and the articles whose item scripts must be made again.
    pending: Option<(HashSet<Word>, BTreeSet<usize>)>,
}

/// Articles analysed at a time when a whole index is made: their word lists (most of the
/// memory of analysing) are held only until their postings are made; two chunks at most are
/// held at once (see [`Index::in_chunks`]).
const CHUNK: usize = 1024;

/// What [`Index::term_scripts`] makes.
struct TermScripts {
    /// The term shards' scripts to write, by path.
    scripts: Vec<(String, String)>,
    /// The shard plan.
    prefixes: BTreeSet<String>,
    /// What each shard holds besides its own words (see [`Index::beyond`]).
    beyond: BTreeMap<String, String>,
}

/// The postings of a stem that has none.
static NO_POSTINGS: Postings = Vec::new();

/// The distinct word forms of `words` (articles, their items, each item's forms), each with
/// how many items hold it, counted in parallel. A form is one shared [`Word`] per analysing
/// thread (see `super::surfaces`), so forms are told apart by pointer, without reading or
/// hashing their text; a form met on both threads is listed twice, once per pointer.
fn count_forms(words: &[Vec<Vec<Word>>]) -> HashMap<usize, (Word, u32)> {
    words
        .par_iter()
        .fold(
            HashMap::default,
            |mut m: HashMap<usize, (Word, u32)>, art| {
                for w in art.iter().flatten() {
                    m.entry(form_key(w)).or_insert_with(|| (w.clone(), 0)).1 += 1;
                }
                m
            },
        )
        .reduce(HashMap::default, |mut a, b| {
            for (p, (w, k)) in b {
                a.entry(p).or_insert((w, 0)).1 += k;
            }
            a
        })
}

/// A word form's key in [`count_forms`]: the address of its text.
fn form_key(w: &Word) -> usize {
    Arc::as_ptr(w).cast::<u8>() as usize
}

/// Makes room in each stem's postings for a chunk's (`per_article`: stem number and item
/// code), growing a list by a quarter rather than doubling it: the postings are the largest
/// part of the index (43 million at 100,000 articles), and doubling left a third of their
/// memory unused.
fn grow(lists: &mut [(Word, Postings)], per_article: &[Vec<(u32, u32)>]) {
    let mut add = vec![0usize; lists.len()];
    for &(sid, _) in per_article.iter().flatten() {
        add[sid as usize] += 1;
    }
    for ((_, list), add) in lists.iter_mut().zip(add) {
        if list.capacity() - list.len() < add {
            list.reserve_exact(add.max(list.len() / 4));
        }
    }
}

/// The item code of an article's `ii`-th item: its index times 8 plus its kind, so the script
/// can group and rank before loading any article.
fn code(ii: usize, kind: u32) -> u32 {
    ii as u32 * 8 + kind
}

/// A chunk of articles analysed: each article's items, and the word forms of each item,
/// held only until their postings are made.
struct Analysed {
    arts: Vec<ArticleIndex>,
    words: Vec<Vec<Vec<Word>>>,
}

impl Analysed {
    /// The articles of `range`, analysed in parallel.
    fn of(site: &Site, range: std::ops::Range<usize>) -> Analysed {
        let (arts, words) = range
            .into_par_iter()
            .map(|i| {
                let a = ArticleIndex::of(site, ArticleId::new(i));
                let w = a.words();
                (a, w)
            })
            .unzip();
        Analysed { arts, words }
    }
}

/// The postings of a whole index as its chunks are added, by stem number (keyed by stem once
/// at the end).
#[derive(Default)]
struct Posting {
    number: HashMap<Word, u32>,
    /// The stem number of each word form, so a posting costs one lookup.
    form_number: HashMap<Word, u32>,
    lists: Vec<(Word, Postings)>,
}

impl Posting {
    /// Counts the word forms of `chunk` (articles from `first`) into `ix` and appends their
    /// postings.
    fn add(&mut self, ix: &mut Index, first: usize, chunk: Analysed) {
        let Analysed { arts, words } = chunk;
        let counts = count_forms(&words);
        // The chunk's forms are looked up by text once each, not once per item that
        // holds them: on a large vocabulary these maps outgrow the caches.
        let mut fresh = Vec::new();
        for (w, k) in counts.values() {
            *ix.refs.entry(w.clone()).or_default() += k;
            if !ix.stems.contains_key(w) {
                fresh.push(w.clone());
            }
        }
        // Only a form met for the first time can bring a stem not numbered yet.
        for form in ix.stem_new_forms(fresh) {
            let st = &ix.stems[&form];
            let sid = *self.number.entry(st.clone()).or_insert_with(|| {
                self.lists.push((st.clone(), Vec::new()));
                self.lists.len() as u32 - 1
            });
            self.form_number.insert(form, sid);
        }
        let sid_of: HashMap<usize, u32> = (counts.iter())
            .map(|(&p, (w, _))| (p, self.form_number[w]))
            .collect();
        let per_article: Vec<Vec<(u32, u32)>> = arts
            .par_iter()
            .zip(&words)
            .map(|(a, words)| {
                let mut v = Vec::new();
                for (ii, (item, words)) in a.items.iter().zip(words).enumerate() {
                    let c = code(ii, item.0);
                    v.extend(words.iter().map(|w| (sid_of[&form_key(w)], c)));
                }
                v
            })
            .collect();
        grow(&mut self.lists, &per_article);
        for (k, v) in per_article.into_iter().enumerate() {
            let ai = (first + k) as u32;
            for (sid, c) in v {
                let list = &mut self.lists[sid as usize].1;
                if list.last() != Some(&(ai, c)) {
                    list.push((ai, c));
                }
            }
        }
    }
}

impl Index {
    /// The whole index of `site` (none when search is off).
    pub fn new(site: &Site) -> Index {
        Index::in_chunks(site, CHUNK)
    }

    /// [`Index::new`], analysing `chunk` articles at a time.
    pub(super) fn in_chunks(site: &Site, chunk: usize) -> Index {
        let mut ix = Index::default();
        if !site.config.options.search {
            return ix;
        }
        let t = std::time::Instant::now();
        let n = site.articles.len();
        ix.articles = n;
        let mut posting = Posting::default();
        let starts: Vec<usize> = (0..n).step_by(chunk).collect();
        let analyse = |first: usize| Analysed::of(site, first..(first + chunk).min(n));
        // The analysis of a chunk runs beside the postings of the one before: these are
        // mostly one thread's work (the index's maps take the words one at a time), and the
        // other thread would otherwise wait.
        let mut next = starts.first().map(|&f| analyse(f));
        for (k, &first) in starts.iter().enumerate() {
            let chunk = next.take().expect("analysed before its turn");
            let ((), following) = rayon::join(
                || posting.add(&mut ix, first, chunk),
                || starts.get(k + 1).map(|&f| analyse(f)),
            );
            next = following;
        }
        ix.post = posting.lists.into_iter().collect();
        crate::pipeline::timing("  search: postings", t);
        // The rest of the stage: `refresh` times its steps.
        ix.refresh(site, None, &[]);
        crate::pipeline::timing("search index", t);
        ix
    }

    /// Stems `fresh`, word forms that have no stem yet, in parallel (stemming is the dear part
    /// of analysing a word); returns those forms, sorted and each once.
    fn stem_new_forms(&mut self, mut fresh: Vec<Word>) -> Vec<Word> {
        fresh.sort_unstable();
        fresh.dedup();
        let stemmed: Vec<(Word, Word)> = fresh
            .into_par_iter()
            .map(|w| {
                let st = Word::from(stem(&w));
                (w, st)
            })
            .collect();
        let forms = stemmed.iter().map(|(form, _)| form.clone()).collect();
        self.stems.extend(stemmed);
        forms
    }

    /// The output path of every search script, the item scripts first.
    pub fn paths(&self) -> impl Iterator<Item = String> + '_ {
        let items = (0..self.articles).step_by(ARTICLES_PER_SCRIPT);
        items.map(article_path).chain(self.files.keys().cloned())
    }

    /// The search script at `path`, if the index has one there.
    pub fn script(&self, site: &Site, path: &str) -> Option<String> {
        if let Some(js) = self.files.get(path) {
            return Some(js.clone());
        }
        let k: usize = path
            .strip_prefix("search/a/")?
            .strip_suffix(".js")?
            .parse()
            .ok()?;
        let first = k.checked_mul(ARTICLES_PER_SCRIPT)?;
        (first < self.articles && article_path(first) == path)
            .then(|| self.item_script(site, first))
    }

    /// Every search script, by output path (printing each item script: for tests).
    pub fn all_files(&self, site: &Site) -> SearchFiles {
        (self.paths())
            .map(|p| {
                let js = self.script(site, &p).expect("a path of the index");
                (p, js)
            })
            .collect()
    }

    /// Brings the index up to date after article `id` changed in place (same index, same
    /// number of articles, no inline events before or after, registries untouched: what else
    /// each article's items show is then unchanged). `old` is the article's items as the
    /// index last saw them ([`ArticleIndex::of`] the site before the edit): their words are
    /// taken out. Returns the scripts whose bytes changed or that are new.
    pub fn article_changed(
        &mut self,
        site: &Site,
        id: ArticleId,
        old: ArticleIndex,
    ) -> Vec<String> {
        self.note_article(site, id, old);
        self.write_pending(site)
    }

    /// The first half of [`Index::article_changed`]: analyses the article again and patches
    /// the counts and postings, but leaves the scripts as they were until
    /// [`Index::write_pending`] (a preview makes them when a search asks for them).
    pub fn note_article(&mut self, site: &Site, id: ArticleId, old: ArticleIndex) {
        if !site.config.options.search {
            return;
        }
        let ai = id.index();
        let (dirty, articles) = self.pending.get_or_insert_default();
        let mut dirty = std::mem::take(dirty);
        articles.insert(ai);
        self.unpost(ai, &old, &mut dirty);
        self.enter(ai, &ArticleIndex::of(site, id), &mut dirty);
        self.pending.as_mut().expect("set above").0 = dirty;
    }

    /// Whether changes were noted that the scripts do not show yet.
    pub fn is_pending(&self) -> bool {
        self.pending.is_some()
    }

    /// Writes the changes noted since the scripts were last written. Returns the scripts
    /// whose bytes changed or that are new.
    pub fn write_pending(&mut self, site: &Site) -> Vec<String> {
        match self.pending.take() {
            Some((dirty, articles)) => {
                let articles: Vec<usize> = articles.into_iter().collect();
                self.refresh(site, Some(dirty), &articles)
            }
            None => Vec::new(),
        }
    }

    /// Takes article `ai`'s words (as they were, `old`) out of the counts and postings.
    fn unpost(&mut self, ai: usize, old: &ArticleIndex, dirty: &mut HashSet<Word>) {
        let a = ai as u32;
        for w in old.words().iter().flatten() {
            if let Some(n) = self.refs.get_mut(w) {
                *n -= 1;
                if *n == 0 {
                    self.refs.remove(w);
                }
            }
            dirty.insert(w.clone());
            let st = &self.stems[w];
            if let Some(list) = self.post.get_mut(st) {
                let from = list.partition_point(|x| x.0 < a);
                let to = list.partition_point(|x| x.0 <= a);
                list.drain(from..to);
                if list.is_empty() {
                    self.post.remove(st);
                }
            }
        }
    }

    /// Puts article `ai`'s words (`new`) into the counts and postings.
    fn enter(&mut self, ai: usize, new: &ArticleIndex, dirty: &mut HashSet<Word>) {
        let a = ai as u32;
        let mut pairs: Vec<(Word, u32)> = Vec::new();
        for (ii, (item, words)) in new.items.iter().zip(new.words()).enumerate() {
            for w in &words {
                *self.refs.entry(w.clone()).or_default() += 1;
                dirty.insert(w.clone());
                let st = self
                    .stems
                    .entry(w.clone())
                    .or_insert_with(|| Word::from(stem(w)));
                pairs.push((st.clone(), code(ii, item.0)));
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        for (st, c) in pairs {
            let list = self.post.entry(st).or_default();
            let at = list.partition_point(|x| *x <= (a, c));
            list.insert(at, (a, c));
        }
    }

    /// Takes the words of the entities and names (not of any article) as `extra`, with their
    /// stems; returns the words that came or went, whose shards must be written again.
    fn set_extra(
        &mut self,
        ents: &[(super::Entity, Vec<Word>)],
        names: &BTreeSet<String>,
    ) -> Vec<Word> {
        let extra: HashSet<Word> = ents
            .iter()
            .flat_map(|e| e.1.iter().cloned())
            .chain(names.iter().map(|n| Word::from(n.as_str())))
            .collect();
        let fresh = (extra.iter())
            .filter(|w| !self.stems.contains_key(*w))
            .cloned()
            .collect();
        self.stem_new_forms(fresh);
        let moved = self.extra.symmetric_difference(&extra).cloned().collect();
        self.extra = extra;
        moved
    }

    /// Derives the vocabulary, the shard plan and the entities from what is kept, and writes
    /// the scripts: every one when `dirty` is `None`, else the index, the shards holding a
    /// dirty word form or its stem, those of prefixes that came or went and the shards above
    /// them, those whose entities or prefix counts changed. Returns the scripts whose bytes
    /// changed or that are new, and the item scripts of `articles` (printed when written).
    fn refresh(
        &mut self,
        site: &Site,
        dirty: Option<HashSet<Word>>,
        articles: &[usize],
    ) -> Vec<String> {
        // Each step's time, for DOSSIER_TIMINGS.
        let mut step = std::time::Instant::now();
        let mut lap = |name: &str| {
            crate::pipeline::timing(name, step);
            step = std::time::Instant::now();
        };
        let ents = entities(site);
        let names = name_words(site);
        let moved = self.set_extra(&ents, &names);
        lap("  search: entities");
        let dirty = dirty.map(|mut d| {
            d.extend(moved);
            d
        });
        let previews = self.previews(site, dirty.as_ref());
        lap("  search: previews");
        let TermScripts {
            scripts: mut out,
            prefixes,
            beyond,
        } = self.term_scripts(&ents, &names, dirty.as_ref(), &mut lap);
        out.push((
            INDEX.to_string(),
            index_js(site, &prefixes, &names, &self.stems),
        ));
        self.beyond = beyond;
        let mut gone = Vec::new();
        for (path, js) in previews {
            match js {
                Some(js) => out.push((path, js)),
                None => gone.push(path),
            }
        }
        let mut changed = self.store(out, &gone, prefixes, dirty.is_none());
        // The item scripts of the articles that changed, printed when written.
        let mut items: Vec<String> = articles.iter().map(|&i| article_path(i)).collect();
        items.dedup();
        changed.extend(items);
        changed
    }

    /// The term shards' scripts to write (every one when `dirty` is `None`, else as
    /// [`Index::refresh`] says), with the shard plan and what each shard holds besides its
    /// own words.
    fn term_scripts(
        &self,
        ents: &[(super::Entity, Vec<Word>)],
        names: &BTreeSet<String>,
        dirty: Option<&HashSet<Word>>,
        lap: &mut dyn FnMut(&str),
    ) -> TermScripts {
        // The vocabulary (forms to stems), and what each term costs in its shard.
        // Sorted in parallel first, so the map is built from sorted pairs in one pass.
        let mut pairs: Vec<(&str, &str)> = (self.refs.keys().chain(&self.extra))
            .map(|w| (&**w, &*self.stems[w]))
            .collect();
        pairs.par_sort_unstable();
        pairs.dedup();
        let vocab: BTreeMap<&str, &str> = pairs.into_iter().collect();
        let stems: BTreeSet<&str> = vocab.values().copied().collect();
        let rows = entity_rows(ents, &self.stems);
        let cost = self.costs(&vocab, &stems, &rows);
        let terms: Vec<(&str, usize)> = cost.iter().map(|(t, c)| (*t, *c)).collect();
        let mut prefixes = BTreeSet::new();
        plan(&terms, 2, &mut prefixes);
        let listed = listed(&rows, &prefixes);
        let name_stems: BTreeMap<&str, &str> = names
            .iter()
            .map(|w| (w.as_str(), &*self.stems[w.as_str()]))
            .collect();
        lap("  search: plan");
        let postings = |st: &str| self.post.get(st).unwrap_or(&NO_POSTINGS);
        let unions = super::unions::unions(&vocab, &name_stems, &postings, &prefixes);
        lap("  search: unions");
        let source = ShardSource {
            vocab: &vocab,
            stems: &stems,
            cost: &cost,
            prefixes: &prefixes,
            postings: &postings,
            previewed: &self.previewed,
            rows: &rows,
            listed: &listed,
            unions: &unions,
        };
        let beyond = source.beyond();
        let write = match dirty {
            Some(d) => self.shards_to_write(d, &prefixes, &beyond),
            None => prefixes.iter().collect(),
        };
        let scripts = (write.par_iter())
            .map(|p| (term_path(p), source.script(p)))
            .collect();
        lap("  search: shards");
        drop(write);
        TermScripts {
            scripts,
            prefixes,
            beyond,
        }
    }

    /// What each term costs in its shard (in bytes, about), to plan the shards: a previewed
    /// stem its preview and counts (its postings being apart), an entity's row each shard
    /// that lists it.
    fn costs<'a>(
        &self,
        vocab: &BTreeMap<&'a str, &'a str>,
        stems: &BTreeSet<&'a str>,
        rows: &[(EntityRow<'_>, BTreeSet<&'a str>)],
    ) -> BTreeMap<&'a str, usize> {
        // Each term's parts listed, then summed in order: inserting them one by one into the
        // map was a third of planning at 10,000 articles.
        let mut parts: Vec<(&str, usize)> = (vocab.iter())
            .filter(|(w, st)| w != st)
            .map(|(w, st)| (*w, w.len() + st.len() + 6))
            .collect();
        parts.par_extend(stems.par_iter().map(|st| {
            let postings = self.post.get(*st).unwrap_or(&NO_POSTINGS);
            let here = match self.previewed.get(*st) {
                Some(preview) if previews::kept_apart(postings) => preview.get().len() / 3 + 10,
                Some(preview) => preview.get().len() / 3 + 10 + postings.len(),
                None => postings.len(),
            };
            (*st, st.len() + 5 + here * 3)
        }));
        for (row, keys) in rows {
            let n = json(row).len();
            parts.extend(keys.iter().map(|k| (*k, n)));
        }
        parts.par_sort_unstable_by_key(|p| p.0);
        parts.dedup_by(|later, first| {
            let same = later.0 == first.0;
            if same {
                first.1 += later.1;
            }
            same
        });
        parts.into_iter().collect()
    }

    /// The shards to write after an edit that touched the word forms `dirty`: those holding
    /// one of them or its stem, those whose entities or prefix counts changed (`beyond`), and
    /// where a prefix came or went, its shard and the nearest shard above it (a prefix moves
    /// terms between the two: a new word can split a shard).
    fn shards_to_write<'p>(
        &self,
        dirty: &HashSet<Word>,
        prefixes: &'p BTreeSet<String>,
        beyond: &BTreeMap<String, String>,
    ) -> Vec<&'p String> {
        let mut w: BTreeSet<&String> = dirty_shards(dirty, &self.stems, prefixes)
            .into_iter()
            .collect();
        w.extend(
            prefixes
                .iter()
                .filter(|p| beyond.get(*p) != self.beyond.get(*p)),
        );
        for p in prefixes.symmetric_difference(&self.prefixes) {
            w.extend(prefixes.get(p));
            let above = (1..p.chars().count()).rev().find_map(|l| {
                let up: String = p.chars().take(l).collect();
                prefixes.get(&up)
            });
            w.extend(above);
        }
        w.into_iter().collect()
    }

    /// The item script of the articles from `first` (a multiple of [`ARTICLES_PER_SCRIPT`]).
    fn item_script(&self, site: &Site, first: usize) -> String {
        let last = (first + ARTICLES_PER_SCRIPT).min(self.articles);
        let arts: Vec<ArticleIndex> = (first..last)
            .map(|i| ArticleIndex::of(site, ArticleId::new(i)))
            .collect();
        articles_js(site, first, &arts)
    }

    /// Makes the previews again: every one when `dirty` is `None`, else those of the stems of
    /// the dirty word forms (a preview shows only articles holding its stem, so an edited
    /// article's previews are all among them), with the scripts of those stems' postings
    /// that are kept out of the shards ([`previews::kept_apart`]). Notes which stems have
    /// one; returns each script's path with the script, or `None` where a stem's postings no
    /// longer have one.
    fn previews(
        &mut self,
        site: &Site,
        dirty: Option<&HashSet<Word>>,
    ) -> Vec<(String, Option<String>)> {
        let stems: Vec<&Word> = match dirty {
            None => self.post.keys().collect(),
            Some(d) => {
                let mut v: Vec<&Word> = d.iter().filter_map(|w| self.stems.get(w)).collect();
                v.sort_unstable();
                v.dedup();
                v
            }
        };
        let hits: Vec<(&Word, Option<previews::Hits>)> = (stems.par_iter())
            .map(|st| (*st, self.post.get(*st).and_then(previews::previewed_hits)))
            .collect();
        let shown = previews::shown(site, hits.iter().filter_map(|(_, h)| h.as_deref()));
        type Made = (Word, Option<(Box<RawValue>, Option<String>)>);
        let made: Vec<Made> = (hits.par_iter())
            .map(|(st, hits)| {
                let js = hits.as_ref().map(|hits| {
                    // Checked as it is made, in parallel: checking parses the JSON.
                    let preview = RawValue::from_string(previews::preview(site, &shown, hits))
                        .expect("serialised as JSON");
                    let postings = &self.post[*st];
                    let apart = (previews::kept_apart(postings))
                        .then(|| previews::postings_script(st, postings));
                    (preview, apart)
                });
                ((*st).clone(), js)
            })
            .collect();
        if dirty.is_none() {
            self.previewed.clear();
        }
        let mut out = Vec::new();
        for (st, js) in made {
            let apart = match js {
                Some((preview, apart)) => {
                    self.previewed.insert(st.clone(), preview);
                    apart
                }
                None => {
                    self.previewed.remove(&st);
                    None
                }
            };
            let path = previews::postings_path(&st);
            match apart {
                Some(js) => out.push((path, Some(js))),
                // Its postings are no longer apart (or it has none): their script goes.
                None if self.files.contains_key(&path) => out.push((path, None)),
                None => {}
            }
        }
        out
    }

    /// Puts the scripts `out` in place (dropping `gone`, shards no longer planned, and
    /// everything else when `complete`); returns those whose bytes changed or that are new.
    fn store(
        &mut self,
        out: Vec<(String, String)>,
        gone: &[String],
        prefixes: BTreeSet<String>,
        complete: bool,
    ) -> Vec<String> {
        for p in gone {
            self.files.remove(p);
        }
        if complete {
            self.files.clear();
        } else if prefixes != self.prefixes {
            for p in self.prefixes.difference(&prefixes) {
                self.files.remove(&term_path(p));
            }
        }
        self.prefixes = prefixes;
        let mut changed = Vec::new();
        for (path, text) in out {
            if self.files.get(&path) != Some(&text) {
                changed.push(path.clone());
                self.files.insert(path, text);
            }
        }
        changed
    }
}
/// The shards holding a term of `dirty` or its stem (a term that left the vocabulary is dirty
/// too: its shard loses it).
fn dirty_shards<'p>(
    dirty: &HashSet<Word>,
    stems: &HashMap<Word, Word>,
    prefixes: &'p BTreeSet<String>,
) -> Vec<&'p String> {
    let mut set: BTreeSet<&String> = BTreeSet::new();
    for w in dirty {
        for t in [&**w, stems.get(w).map_or(&**w, |s| &**s)] {
            if let Some(p) = planned_shard(t, prefixes) {
                set.insert(prefixes.get(p).expect("planned"));
            }
        }
    }
    set.into_iter().collect()
}
