//! Stage 1, **load**: files on disk to the typed input model.
//!
//! Reads `site.toml`, the registries, every article and its annotation file, the user's
//! templates and the list of static files. Every file's text is registered in [`Sources`] so
//! later stages can point into it. Problems become diagnostics; loading never stops at the
//! first one.

use crate::diagnostics::{Diagnostic, Diagnostics, SourceId, Sources, did_you_mean};
use crate::model::*;
pub use crate::tomlin::{deserialize, deserialize_all, parse_table};
use crate::tomlin::{partial, push_some, table_value, written_id};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A registry entry: its id, where the id is written, and the entry.
#[derive(Debug, Clone)]
pub struct Entry<T> {
    pub id: String,
    pub source: SourceId,
    pub id_span: Range<usize>,
    pub value: T,
}

/// One article: its Markdown text and its annotation file, parsed.
#[derive(Debug, Clone)]
pub struct ArticleIn {
    /// From the file name; also the page name.
    pub slug: String,
    /// The Markdown source (text kept in [`Sources`]).
    pub text_source: SourceId,
    /// The annotation file, if there is one.
    pub notes_source: Option<SourceId>,
    /// `None` when the annotation file is missing or could not be read as a whole.
    pub meta: Option<ArticleMetaIn>,
    pub mentions: Vec<MentionIn>,
    pub quotes: Vec<QuoteIn>,
    pub events: Vec<EventAnnIn>,
    pub notes: Vec<NoteIn>,
    /// Annotations with an `id` that could not be read at all, with the index (in the
    /// diagnostics given to [`ArticleFiles::parse`]) of the first error that dropped each:
    /// links to those ids follow from that error and are not reported again.
    pub dropped: Vec<(String, usize)>,
}

/// An article's two files, read and registered but not parsed yet.
#[derive(Debug, Clone)]
pub struct ArticleFiles {
    pub slug: String,
    md: Registered,
    notes: Registered,
}

impl ArticleFiles {
    /// Parses the annotation file (and checks the pair), reporting problems to `diags`.
    pub fn parse(&self, sources: &Sources, diags: &mut Diagnostics) -> Option<ArticleIn> {
        article_from(
            sources,
            &self.slug,
            self.md.clone(),
            self.notes.clone(),
            diags,
        )
    }

    /// The Markdown file's source, or the annotation file's when there is no Markdown.
    pub fn source(&self) -> Option<SourceId> {
        let id = |r: &Registered| r.as_ref().and_then(|(_, id)| *id);
        id(&self.md).or_else(|| id(&self.notes))
    }
}

/// A template file from the dossier's `templates/`, overriding the built-in one of that name.
#[derive(Debug, Clone)]
pub struct TemplateIn {
    pub name: String,
    pub source: SourceId,
}

/// Everything read from a dossier directory.
pub struct Dossier {
    pub root: PathBuf,
    pub sources: Sources,
    pub config: Config,
    pub config_source: Option<SourceId>,
    pub people: Vec<Entry<PersonIn>>,
    pub issues: Vec<Entry<IssueIn>>,
    pub outlets: Vec<Entry<OutletIn>>,
    pub events: Vec<Entry<EventIn>>,
    pub organisations: Vec<Entry<NamedIn>>,
    pub places: Vec<Entry<NamedIn>>,
    /// Registry ids whose entries could not be read at all (already reported): references
    /// to them are not reported again as unknown ids.
    pub unusable_ids: Vec<String>,
    /// The articles' files, read and registered; `resolve` parses each one as it resolves it,
    /// so a large dossier never holds every parsed annotation file at once.
    pub articles: Vec<ArticleFiles>,
    pub templates: Vec<TemplateIn>,
    /// Files under `static/`, relative to it.
    pub static_files: Vec<PathBuf>,
    /// The analyst's "story so far" (`content/index.md`), when there is one.
    pub story: Option<SourceId>,
}

/// The registry files, relative to the dossier root.
pub const PEOPLE_FILE: &str = "content/people.toml";
pub const ISSUES_FILE: &str = "content/issues.toml";
pub const OUTLETS_FILE: &str = "content/outlets.toml";
pub const EVENTS_FILE: &str = "content/events.toml";
pub const ORGANISATIONS_FILE: &str = "content/organisations.toml";
pub const PLACES_FILE: &str = "content/places.toml";
pub const ARTICLES_DIR: &str = "content/articles";
/// The home page's "story so far", in Markdown, relative to the dossier root.
pub const STORY_FILE: &str = "content/index.md";

/// Loads the dossier at `root`. Returns `None` only when there is no dossier there at all.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Dossier> {
    let mut sources = Sources::default();
    let config_path = root.join("site.toml");
    if !config_path.is_file() {
        diags.push(
            Diagnostic::error(
                "no-dossier",
                format!("no site.toml in {}: this is not a dossier", root.display()),
            )
            .hint("run `dossier init DIR` to make one, or pass --root DIR"),
        );
        return None;
    }
    let (config, config_source) = match read_text(root, Path::new("site.toml"), &mut sources, diags)
    {
        Some(id) => {
            let text = sources.text(id).to_string();
            let config = parse_table(&text, id, diags)
                .and_then(|t| deserialize_all::<Config>(table_value(t), id, diags))
                .map(|(c, _)| c);
            (config, Some(id))
        }
        None => (None, None),
    };
    let config = config.unwrap_or_else(|| Config {
        title: String::new(),
        description: String::new(),
        base_url: String::new(),
        language: "en".into(),
        author: String::new(),
        output_dir: "public".into(),
        options: Options::default(),
    });

    // The registries are read first and parsed beside the listing and reading of the
    // articles, which is mostly waiting on the file system (a large dossier's events file is
    // tens of milliseconds of parsing).
    let [people, issues, outlets, events, organisations, places] = [
        PEOPLE_FILE,
        ISSUES_FILE,
        OUTLETS_FILE,
        EVENTS_FILE,
        ORGANISATIONS_FILE,
        PLACES_FILE,
    ]
    .map(|rel| read_registry(root, rel, &mut sources, diags));
    let mut unusable = Vec::new();
    let (mut registry_diags, mut article_diags) = (Diagnostics::default(), Diagnostics::default());
    let (registries, articles) = rayon::join(
        || {
            let (u, d) = (&mut unusable, &mut registry_diags);
            (
                parse_registry::<PersonIn>(PEOPLE_FILE, people, u, d),
                parse_registry::<IssueIn>(ISSUES_FILE, issues, u, d),
                parse_registry::<OutletIn>(OUTLETS_FILE, outlets, u, d),
                parse_registry::<EventIn>(EVENTS_FILE, events, u, d),
                parse_registry::<NamedIn>(ORGANISATIONS_FILE, organisations, u, d),
                parse_registry::<NamedIn>(PLACES_FILE, places, u, d),
            )
        },
        || load_articles(root, &mut sources, &mut article_diags),
    );
    let (people, issues, outlets, events, organisations, places) = registries;
    diags.extend(registry_diags);
    diags.extend(article_diags);
    let templates = load_templates(root, &mut sources, diags);
    let static_files = crate::walk::list_files(root, "static", true, &mut sources, diags);
    let story = root
        .join(STORY_FILE)
        .is_file()
        .then(|| read_text(root, Path::new(STORY_FILE), &mut sources, diags))
        .flatten();

    Some(Dossier {
        root: root.to_path_buf(),
        sources,
        config,
        config_source,
        people,
        issues,
        outlets,
        events,
        organisations,
        places,
        unusable_ids: unusable,
        articles,
        templates,
        static_files,
        story,
    })
}

mod text;
pub use text::read_text;
use text::{Decoded, register_bytes, register_decoded};

/// A registry file's text, registered, when the file exists and reads as text.
fn read_registry(
    root: &Path,
    rel: &str,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Option<(SourceId, crate::diagnostics::Text)> {
    let rel = Path::new(rel);
    if !root.join(rel).is_file() {
        return None;
    }
    let id = read_text(root, rel, sources, diags)?;
    Some((id, sources.shared(id)))
}

/// The entries of the registry file `rel`, from its text read by [`read_registry`].
fn parse_registry<T: DeserializeOwned + Send>(
    rel: &str,
    file: Option<(SourceId, crate::diagnostics::Text)>,
    unusable: &mut Vec<String>,
    diags: &mut Diagnostics,
) -> Vec<Entry<T>> {
    let rel = Path::new(rel);
    let Some((id, text)) = file else {
        return Vec::new();
    };
    let Some(table) = parse_table(&text, id, diags) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, value) in table.into_inner() {
        if !value.get_ref().is_table() {
            diags.push(
                Diagnostic::error(
                    "not-a-table",
                    format!("`{}` in {} should be a table", key.get_ref(), rel.display()),
                )
                .at(id, key.span(), "expected [id] followed by its fields")
                .hint(format!("write it as\n[{}]\nname = \"...\"", key.get_ref())),
            );
            continue;
        }
        // An entry with a mistake keeps its id (with what its good fields say), so that the
        // references to it are not reported as unknown too.
        match deserialize_all::<T>(value, id, diags) {
            Some((v, _)) => out.push(Entry {
                id: key.get_ref().to_string(),
                source: id,
                id_span: key.span(),
                value: v,
            }),
            None => unusable.push(key.get_ref().to_string()),
        }
    }
    out
}

/// The annotation kinds, as the arrays of tables that hold them.
const ANNOTATION_KEYS: [&str; 4] = ["mention", "quote", "event", "note"];

fn load_articles(root: &Path, sources: &mut Sources, diags: &mut Diagnostics) -> Vec<ArticleFiles> {
    // Pair `<slug>.md` with `<slug>.toml`.
    let mut pairs: BTreeMap<String, (Option<PathBuf>, Option<PathBuf>)> = BTreeMap::new();
    for rel in crate::walk::list_files(root, ARTICLES_DIR, false, sources, diags) {
        let path = Path::new(ARTICLES_DIR).join(&rel);
        let stem = rel.file_stem().unwrap_or_default();
        let key = rel
            .with_file_name(stem)
            .to_string_lossy()
            .replace('\\', "/");
        match rel.extension().and_then(|e| e.to_str()) {
            Some("md") => pairs.entry(key).or_default().0 = Some(path),
            Some("toml") => pairs.entry(key).or_default().1 = Some(path),
            ext => diags.push(crate::walk::unused_file(&path, ext, sources)),
        }
    }
    // Read and decode in parallel (large dossiers are I/O- and parse-bound), register
    // sequentially.
    let read: Vec<(String, Option<FileRead>, Option<FileRead>)> = pairs
        .into_par_iter()
        .map(|(slug, (md, toml))| {
            let rd = |p: Option<PathBuf>| {
                p.map(|p| {
                    let b = std::fs::read(root.join(&p)).map(Decoded::of);
                    (p, b)
                })
            };
            (slug, rd(md), rd(toml))
        })
        .collect();
    let mut registered = Vec::with_capacity(read.len());
    for (slug, md, notes) in read {
        let mut local = Vec::new();
        let mut reg = |file: Option<FileRead>, local: &mut Vec<Diagnostic>| match file {
            None => None,
            Some((p, Err(e))) => {
                local.push(Diagnostic::error(
                    "io",
                    format!("cannot read {}: {e}", p.display()),
                ));
                None
            }
            Some((p, Ok(decoded))) => {
                let (id, d) = register_decoded(&p, decoded, sources);
                local.extend(d);
                Some((p, id))
            }
        };
        let md = reg(md, &mut local);
        let notes = reg(notes, &mut local);
        diags.items.extend(local);
        registered.push(ArticleFiles { slug, md, notes });
    }
    registered
}

/// A file's path and what reading it gave.
type FileRead = (PathBuf, std::io::Result<Decoded>);

type Registered = Option<(PathBuf, Option<SourceId>)>;

fn article_from(
    sources: &Sources,
    slug: &str,
    md: Registered,
    notes: Registered,
    diags: &mut Diagnostics,
) -> Option<ArticleIn> {
    let (md_path, md_id) = match md {
        Some(m) => m,
        None => {
            let (p, id) = notes.expect("a pair has at least one file");
            let mut d = Diagnostic::error(
                "annotation-without-article",
                format!("{} annotates an article that does not exist", p.display()),
            )
            .hint(format!("put the article text in {ARTICLES_DIR}/{slug}.md, or rename this file to match its article"));
            if let Some(id) = id {
                d = d.at(id, 0..0, "no matching .md file");
            }
            diags.push(d);
            return None;
        }
    };
    let text_source = md_id?;
    check_slug(slug, text_source, diags);
    let mut article = ArticleIn {
        slug: slug.to_string(),
        text_source,
        notes_source: None,
        meta: None,
        mentions: Vec::new(),
        quotes: Vec::new(),
        events: Vec::new(),
        notes: Vec::new(),
        dropped: Vec::new(),
    };
    let Some((_, notes_id)) = notes else {
        diags.push(
            Diagnostic::warning(
                "article-without-annotations",
                format!("{} has no annotation file", md_path.display()),
            )
            .at(text_source, 0..0, "this article")
            .hint(format!(
                "create {ARTICLES_DIR}/{slug}.toml with at least title, outlet and published"
            )),
        );
        return Some(article);
    };
    let notes_id = notes_id?;
    article.notes_source = Some(notes_id);
    let Some(table) = parse_table(sources.text(notes_id), notes_id, diags) else {
        return Some(article);
    };
    let span = table.span();
    let mut meta = table.into_inner();
    read_annotations(&mut meta, &mut article, notes_id, diags);
    let before = diags.items.len();
    article.meta = partial(Spanned::new(span, DeValue::Table(meta)), notes_id, diags);
    for d in diags.items[before..]
        .iter_mut()
        .filter(|d| d.code == "unknown-field")
    {
        // At the top level, an unknown key may be a misspelt annotation kind.
        let word = d
            .message
            .trim_start_matches("unknown field `")
            .trim_end_matches('`')
            .to_string();
        if let Some(kind) = did_you_mean(&word, ANNOTATION_KEYS) {
            d.hint = Some(format!("did you mean `[[{kind}]]`?"));
        }
    }
    Some(article)
}

/// An article's file name must make a page name that no index page takes.
fn check_slug(slug: &str, text_source: SourceId, diags: &mut Diagnostics) {
    if reserved_slug(slug) {
        diags.push(
            Diagnostic::error(
                "reserved-name",
                format!("`{slug}` is the name of an index page"),
            )
            .at(text_source, 0..0, "in this file's name")
            .hint("rename the article's two files (.md and .toml)"),
        );
    }
    if !valid_slug(slug) {
        diags.push(
            Diagnostic::error(
                "bad-slug",
                format!("article file name `{slug}` cannot be a page name"),
            )
            .at(text_source, 0..0, "in this file's name")
            .hint(
                "use lowercase letters, digits, `-` and `_` only (for example `tass-2025-07-06`)",
            ),
        );
    }
}

/// Takes every `[[mention]]`, `[[quote]]`, `[[event]]` and `[[note]]` out of the annotation
/// file's table into `article`.
fn read_annotations(
    meta: &mut DeTable<'_>,
    article: &mut ArticleIn,
    notes_id: SourceId,
    diags: &mut Diagnostics,
) {
    for key in ANNOTATION_KEYS {
        let Some(list) = meta.remove(key) else {
            continue;
        };
        let list_span = list.span();
        let DeValue::Array(items) = list.into_inner() else {
            diags.push(
                Diagnostic::error("not-a-list", format!("`{key}` must be a list of tables"))
                    .at(notes_id, list_span, "a single value")
                    .hint(format!(
                        "write each annotation under its own [[{key}]] header"
                    )),
            );
            continue;
        };
        // An annotation with a mistake is still resolved with its good fields, so that the
        // mistakes in those are reported in the same run.
        for item in items {
            let (before, id) = (diags.items.len(), written_id(&item));
            let read = match key {
                "mention" => push_some(&mut article.mentions, partial(item, notes_id, diags)),
                "quote" => push_some(&mut article.quotes, partial(item, notes_id, diags)),
                "event" => push_some(&mut article.events, partial(item, notes_id, diags)),
                _ => push_some(&mut article.notes, partial(item, notes_id, diags)),
            };
            if let (false, Some(id)) = (read, id) {
                article.dropped.push((id, before));
            }
        }
    }
}

/// Names the index pages use (`index`, `index-2`, ...): no article or entity may take them.
pub fn reserved_slug(s: &str) -> bool {
    s == "index"
        || s.strip_prefix("index-")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Ids and slugs become file names and URL parts, so they are kept to a safe alphabet.
pub fn valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 120
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && !s.starts_with('-')
}

/// Reads every file of `templates/` (a live session reads them again after a template edit).
pub fn load_templates(
    root: &Path,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Vec<TemplateIn> {
    let mut out = Vec::new();
    for rel in crate::walk::list_files(root, "templates", false, sources, diags) {
        let name = rel.to_string_lossy().replace('\\', "/");
        if let Some(source) = read_text(root, &Path::new("templates").join(&rel), sources, diags) {
            out.push(TemplateIn { name, source });
        }
    }
    out
}

/// Reads a `Spanned<toml::Value>` date field as text: a string, or a TOML date written bare.
pub fn date_text(v: &Spanned<toml::Value>) -> Option<String> {
    match v.get_ref() {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Datetime(d) => Some(d.to_string()),
        _ => None,
    }
}

/// Reads one article (its `.md` and `.toml`) again, for a live session. `None` when neither
/// file exists any more (the article was deleted).
pub fn load_article(
    root: &Path,
    slug: &str,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Option<ArticleIn> {
    let mut read = |ext: &str| -> Registered {
        let rel = Path::new(ARTICLES_DIR).join(format!("{slug}.{ext}"));
        let bytes = std::fs::read(root.join(&rel)).ok()?;
        let (id, d) = register_bytes(&rel, bytes, sources);
        diags.items.extend(d);
        Some((rel, id))
    };
    let (md, notes) = (read("md"), read("toml"));
    if md.is_none() && notes.is_none() {
        return None;
    }
    article_from(sources, slug, md, notes, diags)
}
