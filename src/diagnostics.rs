//! Diagnostics: every problem found in a dossier, with the file, the span and a hint.
//!
//! Every stage pushes into one [`Diagnostics`] collector instead of returning at the first
//! error, so `dossier check` can report all problems at once. Sources are kept (by
//! [`SourceId`]) so that a message can show the offending line with its span underlined.

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::{self, Files};
use codespan_reporting::term;
use serde::Serialize;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

mod window;
use window::Windowed;

/// Index of a source text held by [`Sources`].
pub type SourceId = usize;

/// How bad a diagnostic is: errors fail the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a source file: the file and a byte range in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub source: SourceId,
    pub span: Range<usize>,
}

/// One problem, in the words shown to the analyst.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable short code, for example `orphan-quote`; tests and editors match on it.
    pub code: &'static str,
    pub message: String,
    /// Where it is; `None` for problems of the dossier as a whole.
    pub location: Option<Location>,
    /// The label under the underlined span.
    pub label: String,
    /// Other places that help explain (e.g. the first definition of a duplicate id).
    pub related: Vec<(Location, String)>,
    pub notes: Vec<String>,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    fn new(severity: Severity, code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            location: None,
            label: String::new(),
            related: Vec::new(),
            notes: Vec::new(),
            hint: None,
        }
    }

    /// Points at a span of a source, with a label under it.
    pub fn at(mut self, source: SourceId, span: Range<usize>, label: impl Into<String>) -> Self {
        self.location = Some(Location { source, span });
        self.label = label.into();
        self
    }

    pub fn related(
        mut self,
        source: SourceId,
        span: Range<usize>,
        label: impl Into<String>,
    ) -> Self {
        self.related.push((Location { source, span }, label.into()));
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn maybe_hint(mut self, hint: Option<String>) -> Self {
        if hint.is_some() {
            self.hint = hint;
        }
        self
    }
}

/// A source text, shared: the resolved model holds an article's text without a second copy,
/// and registering a file moves its buffer instead of copying it.
#[derive(Clone, Debug, Default)]
pub struct Text(pub Arc<String>);

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

/// The texts diagnostics point into, with the paths shown to the user. Line starts are found
/// only for the files a diagnostic points into, the first time one does: a large dossier has
/// hundreds of thousands of files and almost none of them needs it.
#[derive(Default)]
pub struct Sources {
    paths: Vec<PathBuf>,
    texts: Vec<Text>,
    line_starts: Vec<OnceLock<Vec<usize>>>,
    /// Path to id, kept only by a live session (see [`Sources::reuse_paths`]).
    by_path: Option<std::collections::HashMap<PathBuf, SourceId>>,
}

impl Sources {
    /// Registers a source; `shown` is the path printed in messages (relative to the dossier root).
    pub fn add(&mut self, shown: &Path, text: String) -> SourceId {
        if let Some(&id) = self.by_path.as_ref().and_then(|m| m.get(shown)) {
            self.texts[id] = Text(Arc::new(text));
            self.line_starts[id] = OnceLock::new();
            return id;
        }
        if let Some(m) = &mut self.by_path {
            m.insert(shown.to_path_buf(), self.paths.len());
        }
        self.paths.push(shown.to_path_buf());
        self.texts.push(Text(Arc::new(text)));
        self.line_starts.push(OnceLock::new());
        self.texts.len() - 1
    }

    /// From now on, registering a path again replaces its text instead of adding a source, so
    /// that a live session, which reads edited files again and again, does not grow.
    pub fn reuse_paths(&mut self) {
        let map = self
            .paths
            .iter()
            .enumerate()
            .map(|(i, p)| (p.clone(), i))
            .collect();
        self.by_path = Some(map);
    }

    /// A copy holding only the sources that `diags` point into, with their locations
    /// renumbered: what a report of a few diagnostics needs, without every text of the dossier.
    pub fn subset(&self, diags: &mut Diagnostics) -> Sources {
        let mut out = Sources::default();
        let mut ids = std::collections::HashMap::new();
        let mut map = |l: &mut Location| {
            l.source = *ids.entry(l.source).or_insert_with(|| {
                out.paths.push(self.paths[l.source].clone());
                out.texts.push(self.texts[l.source].clone());
                out.line_starts.push(OnceLock::new());
                out.paths.len() - 1
            });
        };
        for d in &mut diags.items {
            if let Some(l) = &mut d.location {
                map(l);
            }
            for (l, _) in &mut d.related {
                map(l);
            }
        }
        out
    }

    /// The text of a source, shared.
    pub fn shared(&self, id: SourceId) -> Text {
        self.texts[id].clone()
    }

    pub fn text(&self, id: SourceId) -> &str {
        &self.texts[id]
    }

    pub fn path(&self, id: SourceId) -> &Path {
        &self.paths[id]
    }

    fn starts(&self, id: SourceId) -> &[usize] {
        self.line_starts[id].get_or_init(|| files::line_starts(&self.texts[id]).collect())
    }

    /// One-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, id: SourceId, offset: usize) -> (usize, usize) {
        let line = self.line_index(id, offset).unwrap_or(0);
        let col = self.column_number(id, line, offset).unwrap_or(1);
        (line + 1, col)
    }
}

impl<'a> Files<'a> for Sources {
    type FileId = SourceId;
    type Name = std::path::Display<'a>;
    type Source = &'a str;

    fn name(&'a self, id: SourceId) -> Result<Self::Name, files::Error> {
        self.paths
            .get(id)
            .map(|p| p.display())
            .ok_or(files::Error::FileMissing)
    }

    fn source(&'a self, id: SourceId) -> Result<&'a str, files::Error> {
        self.texts
            .get(id)
            .map(|t| &**t)
            .ok_or(files::Error::FileMissing)
    }

    fn line_index(&'a self, id: SourceId, byte_index: usize) -> Result<usize, files::Error> {
        let starts = self.starts(id);
        Ok(starts
            .binary_search(&byte_index)
            .unwrap_or_else(|next| next - 1))
    }

    fn line_range(&'a self, id: SourceId, line_index: usize) -> Result<Range<usize>, files::Error> {
        let starts = self.starts(id);
        let start = |i: usize| match i.cmp(&starts.len()) {
            std::cmp::Ordering::Less => Ok(starts[i]),
            std::cmp::Ordering::Equal => Ok(self.texts[id].len()),
            std::cmp::Ordering::Greater => Err(files::Error::LineTooLarge {
                given: i,
                max: starts.len() - 1,
            }),
        };
        Ok(start(line_index)?..start(line_index + 1)?)
    }
}

/// Collects diagnostics from every stage.
#[derive(Default, Debug)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warning_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// Orders diagnostics by file and position, so output is stable run to run.
    pub fn sort(&mut self, sources: &Sources) {
        self.items.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                d.location
                    .as_ref()
                    .map(|l| (sources.path(l.source).to_path_buf(), l.span.start))
            };
            key(a).cmp(&key(b))
        });
    }

    /// Renders every diagnostic as rustc does: header, `--> file:line:col`, the source line
    /// with the span underlined, notes and the hint.
    pub fn render_human(&self, sources: &Sources) -> String {
        let config = term::Config::default();
        let mut out = String::new();
        for d in &self.items {
            let view = Windowed::new(sources, d);
            let mut cs = match d.severity {
                Severity::Error => CsDiagnostic::error(),
                Severity::Warning => CsDiagnostic::warning(),
            }
            .with_code(d.code)
            .with_message(&d.message);
            if let Some(loc) = &d.location {
                cs = cs
                    .with_label(Label::primary(loc.source, view.span(loc)).with_message(&d.label));
            }
            for (loc, label) in &d.related {
                cs =
                    cs.with_label(Label::secondary(loc.source, view.span(loc)).with_message(label));
            }
            let mut notes = d.notes.clone();
            if let Some(h) = &d.hint {
                notes.push(format!("help: {h}"));
            }
            cs = cs.with_notes(notes);
            if term::emit_to_string(&mut out, &config, &view, &cs).is_err() {
                out.push_str(&format!("{:?}: {}\n", d.severity, d.message));
            }
        }
        out
    }

    /// Machine-readable diagnostics for editors and CI: one JSON array.
    pub fn render_json(&self, sources: &Sources) -> String {
        #[derive(Serialize)]
        struct Json<'a> {
            severity: Severity,
            code: &'a str,
            message: &'a str,
            file: Option<String>,
            line: Option<usize>,
            column: Option<usize>,
            end_line: Option<usize>,
            end_column: Option<usize>,
            label: &'a str,
            notes: &'a [String],
            hint: Option<&'a str>,
        }
        let items: Vec<Json> = self
            .items
            .iter()
            .map(|d| {
                let (file, start, end) = match &d.location {
                    Some(l) => {
                        let span = clamp(sources, l);
                        (
                            Some(sources.path(l.source).display().to_string()),
                            Some(sources.line_col(l.source, span.start)),
                            Some(sources.line_col(l.source, span.end)),
                        )
                    }
                    None => (None, None, None),
                };
                Json {
                    severity: d.severity,
                    code: d.code,
                    message: &d.message,
                    file,
                    line: start.map(|p| p.0),
                    column: start.map(|p| p.1),
                    end_line: end.map(|p| p.0),
                    end_column: end.map(|p| p.1),
                    label: &d.label,
                    notes: &d.notes,
                    hint: d.hint.as_deref(),
                }
            })
            .collect();
        serde_json::to_string_pretty(&items).expect("plain data serializes")
    }
}

/// Keeps a span inside its source (an empty file still gets a zero-width span).
pub(crate) fn clamp(sources: &Sources, loc: &Location) -> Range<usize> {
    let len = sources.text(loc.source).len();
    let start = loc.span.start.min(len);
    start..loc.span.end.clamp(start, len)
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word_l = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&word_l, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count().max(word.chars().count()) / 3).max(1))
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_words_only() {
        let fields = ["speaker", "said", "issues", "quote"];
        assert_eq!(did_you_mean("speker", fields), Some("speaker"));
        assert_eq!(did_you_mean("qoute", fields), Some("quote"));
        assert_eq!(did_you_mean("banana", fields), None);
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_around_the_span() {
        let mut sources = Sources::default();
        let line = format!(
            "{}needle{}\nnext\n",
            "a\u{e9}".repeat(1_000_000),
            "b".repeat(1_000_000)
        );
        let at = line.find("needle").unwrap();
        let id = sources.add(Path::new("big.md"), line);
        let mut diags = Diagnostics::default();
        diags.push(Diagnostic::error("x", "found").at(id, at..at + 6, "here"));
        let text = diags.render_human(&sources);
        assert!(
            text.len() < 1000,
            "{} bytes:\n{}",
            text.len(),
            &text[..2000.min(text.len())]
        );
        assert!(text.contains("big.md:1:2000001"), "{text}");
        assert!(
            text.contains("\u{2026}a\u{e9}") && text.contains("needlebbb"),
            "{text}"
        );
        assert!(text.contains("^^^^^^"), "{text}");
    }

    #[test]
    fn renders_file_line_column() {
        let mut sources = Sources::default();
        let id = sources.add(
            Path::new("content/a.toml"),
            "x = 1\nspeker = \"y\"\n".into(),
        );
        let mut diags = Diagnostics::default();
        diags.push(
            Diagnostic::error("unknown-field", "unknown field `speker`")
                .at(id, 6..12, "here")
                .hint("did you mean `speaker`?"),
        );
        let text = diags.render_human(&sources);
        assert!(text.contains("content/a.toml:2:1"), "{text}");
        assert!(text.contains("^^^^^^"), "{text}");
        assert!(text.contains("did you mean `speaker`?"), "{text}");
        let json = diags.render_json(&sources);
        assert!(
            json.contains("\"line\": 2") && json.contains("\"column\": 1"),
            "{json}"
        );
    }
}
