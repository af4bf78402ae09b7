//! The input model: what the analyst writes, as it is read from TOML.
//!
//! These types mirror the files one to one (`site.toml`, the registries, one annotation file per
//! article). Values that later stages must point back at are [`Spanned`], so a diagnostic can
//! underline them. Nothing here is validated beyond TOML types; `resolve` does the rest.

use serde::Deserialize;
use toml::Spanned;

/// A string with its place in the source.
pub type SStr = Spanned<String>;

/// `site.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Shown in every page's header and title.
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// The absolute URL the site is published at; used only where an absolute URL is required.
    #[serde(default)]
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default)]
    pub author: String,
    /// Where `dossier build` writes, relative to the dossier root.
    #[serde(default = "default_output")]
    pub output_dir: String,
    #[serde(default)]
    pub options: Options,
}

/// `[options]` in `site.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// Write the search page and its index scripts under `search/` (works from file:// too).
    #[serde(default = "yes")]
    pub search: bool,
    /// How many days of chronology the home page shows.
    #[serde(default = "default_home_items")]
    pub home_timeline_items: usize,
    /// Entries per page of every index (articles, events, disputed points, people, issues,
    /// outlets, organisations, places), which keeps every page bounded.
    #[serde(default = "default_page_size")]
    pub index_page_size: usize,
    /// Above this many dates, the chronology index lists months (each month page lists its days).
    #[serde(default = "default_chronology_rows")]
    pub chronology_max_rows: usize,
    /// Entries of each long list an entity page shows (the newest); the whole list gets pages
    /// of its own.
    #[serde(default = "default_list_items")]
    pub list_items: usize,
    /// Entries per page of an entity's whole list.
    #[serde(default = "default_list_page_size")]
    pub list_page_size: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            search: true,
            home_timeline_items: default_home_items(),
            index_page_size: default_page_size(),
            chronology_max_rows: default_chronology_rows(),
            list_items: default_list_items(),
            list_page_size: default_list_page_size(),
        }
    }
}

fn default_language() -> String {
    "en".into()
}
fn default_output() -> String {
    "public".into()
}
fn yes() -> bool {
    true
}
fn default_home_items() -> usize {
    12
}
fn default_page_size() -> usize {
    500
}
fn default_chronology_rows() -> usize {
    400
}
fn default_list_items() -> usize {
    50
}
fn default_list_page_size() -> usize {
    200
}

/// An entry of `content/people.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonIn {
    pub name: String,
    /// Other spellings and names the person is known by (transliterations, short forms).
    #[serde(default)]
    pub aliases: Vec<SStr>,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub affiliation: Option<String>,
    /// Markdown.
    #[serde(default)]
    pub summary: Option<String>,
}

/// An entry of `content/issues.toml`: a topic the dossier follows.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueIn {
    pub title: String,
    #[serde(default)]
    pub summary: Option<String>,
    /// The id of a broader issue.
    #[serde(default)]
    pub parent: Option<SStr>,
}

/// An entry of `content/outlets.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutletIn {
    pub name: String,
    #[serde(default)]
    pub country: Option<String>,
    /// For example "state news agency", "independent newspaper".
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
}

/// An entry of `content/organisations.toml` or `content/places.toml`: an institution (the
/// IAEA, a ministry, "the P5+1") or a place (Geneva, Tehran), with the other names it goes by.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedIn {
    pub name: String,
    /// Other names and spellings (`Teheran`, `the agency`).
    #[serde(default)]
    pub aliases: Vec<SStr>,
    /// What it is: "intergovernmental body", "ministry", "city".
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    /// Markdown.
    #[serde(default)]
    pub summary: Option<String>,
}

/// Whether an event happened, as far as the analyst (or an article) can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Happened,
    Planned,
    Postponed,
    Canceled,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Happened => "happened",
            Status::Planned => "planned",
            Status::Postponed => "postponed",
            Status::Canceled => "canceled",
        }
    }
}

/// An entry of `content/events.toml`, or the event an `[[event]]` annotation defines inline.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventIn {
    pub title: String,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (a TOML date works too).
    pub date: Spanned<toml::Value>,
    #[serde(default)]
    pub status: Option<Spanned<Status>>,
    #[serde(default)]
    pub place: Option<String>,
    #[serde(default)]
    pub people: Vec<SStr>,
    #[serde(default)]
    pub issues: Vec<SStr>,
    /// Markdown.
    #[serde(default)]
    pub summary: Option<String>,
}

/// Site chrome left out of the article text, recorded so nothing is silently lost.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Trimmed {
    /// What it was and where it stood, e.g. "related-article link after paragraph 4".
    pub what: String,
    /// The text as it stood, when worth keeping.
    #[serde(default)]
    pub text: Option<String>,
}

/// Where the copy of an article was taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CopyFrom {
    /// The outlet's own site.
    Outlet,
    /// A republication or mirror of the article elsewhere.
    Mirror,
    /// A web archive (the Wayback Machine, the End of Term archive).
    Archive,
    /// A PDF (a press digest, a clipping service).
    Pdf,
    /// The printed edition.
    Print,
    /// Not said (also what a misspelt `from` falls back to, so the mistake is one error).
    #[default]
    Other,
}

impl CopyFrom {
    /// How an article page says where its copy came from.
    pub fn label(self) -> &'static str {
        match self {
            CopyFrom::Outlet => "the outlet's own site",
            CopyFrom::Mirror => "a mirror of the article on another site",
            CopyFrom::Archive => "an archived copy",
            CopyFrom::Pdf => "a PDF",
            CopyFrom::Print => "the printed edition",
            CopyFrom::Other => "another source",
        }
    }
}

/// `[copy]`: the provenance of the article's text, shown on its page apart from what was
/// left out of it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CopyIn {
    /// outlet, mirror, archive, pdf, print or other.
    #[serde(default)]
    pub from: CopyFrom,
    /// The archive, mirror or document by name ("End of Term Archive 2008").
    #[serde(default)]
    pub name: Option<String>,
    /// Where the copy can be found.
    #[serde(default)]
    pub url: Option<String>,
    /// The copy is an excerpt: the article goes on beyond the text kept.
    #[serde(default)]
    pub excerpt: bool,
    /// Anything else worth knowing about the copy ("ends mid-sentence after the fourth paragraph").
    #[serde(default)]
    pub note: Option<String>,
}

/// The article-level part of `content/articles/<slug>.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleMetaIn {
    pub title: String,
    pub outlet: SStr,
    /// A date, a partial date, or an RFC 3339 date-time with offset.
    pub published: Spanned<toml::Value>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub byline: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    /// The issues the article as a whole touches.
    #[serde(default)]
    pub issues: Vec<SStr>,
    #[serde(default)]
    pub trimmed: Vec<Trimmed>,
    /// Where the text was taken from, and whether it is an excerpt.
    #[serde(default)]
    pub copy: Option<CopyIn>,
}

/// Fields every annotation has: the quote selector and an optional stable id.
#[derive(Debug, Clone)]
pub struct Selector {
    pub quote: SStr,
    pub prefix: Option<SStr>,
    pub suffix: Option<SStr>,
    pub occurrence: Option<Spanned<i64>>,
}

macro_rules! annotation_struct {
    ($(#[$doc:meta])* $name:ident { $($(#[$fdoc:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// An anchor id to use instead of the derived one (lets notes link here).
            #[serde(default)]
            pub id: Option<SStr>,
            /// The exact passage, after whitespace and typographic-quote normalisation.
            pub quote: SStr,
            /// Text just before the passage, to choose among repeated passages.
            #[serde(default)]
            pub prefix: Option<SStr>,
            /// Text just after the passage.
            #[serde(default)]
            pub suffix: Option<SStr>,
            /// Which occurrence (1-based) when the passage repeats.
            #[serde(default)]
            pub occurrence: Option<Spanned<i64>>,
            $($(#[$fdoc])* pub $field: $ty,)*
        }

        impl $name {
            pub fn selector(&self) -> Selector {
                Selector {
                    quote: self.quote.clone(),
                    prefix: self.prefix.clone(),
                    suffix: self.suffix.clone(),
                    occurrence: self.occurrence.clone(),
                }
            }
        }
    };
}

annotation_struct!(
    /// `[[mention]]`: the passage names an entity. Exactly one target is given.
    MentionIn {
        person: Option<SStr>,
        issue: Option<SStr>,
        event: Option<SStr>,
        outlet: Option<SStr>,
        organisation: Option<SStr>,
        place: Option<SStr>,
    }
);

annotation_struct!(
    /// `[[quote]]`: a statement attributed to a person or an organisation (`speaker`), or to
    /// a source the article does not name (`unnamed`).
    QuoteIn {
        speaker: Option<SStr>,
        /// A source the article does not name: "a senior U.S. official", "analysts".
        unnamed: Option<SStr>,
        /// When it was said; defaults to the publication date, marked as such.
        said: Option<Spanned<toml::Value>>,
        #[serde(default)]
        issues: Vec<SStr>,
        /// The event at which it was said, if any.
        event: Option<SStr>,
        /// Whom the article credits for the quote (e.g. "Interfax").
        via: Option<String>,
        /// How the date was worked out (e.g. "'Tuesday' before publication on 10 June").
        date_note: Option<String>,
    }
);

annotation_struct!(
    /// `[[event]]`: the passage reports a dated event, by registry id or defined inline.
    EventAnnIn {
        /// The registry id; without it the fields below define the event inline.
        event: Option<SStr>,
        title: Option<String>,
        /// With `event`: the date as this article gives it.
        date: Option<Spanned<toml::Value>>,
        /// With `event`: the status as this article reports it.
        status: Option<Spanned<Status>>,
        place: Option<String>,
        #[serde(default)]
        people: Vec<SStr>,
        #[serde(default)]
        issues: Vec<SStr>,
        /// How a relative date was resolved.
        date_note: Option<String>,
    }
);

annotation_struct!(
    /// `[[note]]`: the analyst's comment on the passage.
    NoteIn {
        /// context, contradiction, correction, question, translation, update or other.
        kind: Option<SStr>,
        /// Markdown; links may use `person:ID`, `issue:ID`, `event:ID`, `outlet:ID`,
        /// `article:SLUG`, `article:SLUG#ANCHOR` and `date:YYYY-MM-DD`.
        body: SStr,
        /// Entities, articles or annotations the note refers to, in the same link syntax.
        #[serde(default)]
        see: Vec<SStr>,
    }
);
