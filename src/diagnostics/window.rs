//! A window onto long lines: a diagnostic on a line of hundreds of characters shows the part
//! around its span, as a file of one line, so the terminal shows what matters.

use super::{Diagnostic, Location, SourceId, Sources, clamp};
use codespan_reporting::files::{self, Files};
use std::ops::Range;

/// Marks where a long line was cut.
const ELLIPSIS: &str = "\u{2026}";
/// Lines longer than this are shown as a window around the span, so that a diagnostic in a
/// 5 MB single-line file is a few lines long, not 5 MB.
const LONG_LINE: usize = 400;
/// How much of a long line is shown on each side of the span, in bytes (about).
const CONTEXT: usize = 60;
/// How much of a long span is shown.
const LONG_SPAN: usize = 200;

/// The part of a long line a diagnostic shows, as a file of one line.
struct Window {
    /// Where the shown text starts in the source.
    start: usize,
    /// The shown text, with an ellipsis where the line was cut.
    text: String,
    /// Bytes of ellipsis before the source text starts.
    lead: usize,
    line: usize,
}

/// [`Sources`] as one diagnostic sees them: a source whose labels all sit on one long line
/// shows only a window of that line; line and column numbers stay the source's own.
pub(super) struct Windowed<'a> {
    sources: &'a Sources,
    windows: std::collections::HashMap<SourceId, Window>,
}

impl<'a> Windowed<'a> {
    pub(super) fn new(sources: &'a Sources, d: &Diagnostic) -> Self {
        let mut spans: std::collections::HashMap<SourceId, Vec<Range<usize>>> = Default::default();
        for loc in d.location.iter().chain(d.related.iter().map(|(l, _)| l)) {
            spans
                .entry(loc.source)
                .or_default()
                .push(clamp(sources, loc));
        }
        let windows = spans
            .into_iter()
            .filter_map(|(id, spans)| Some((id, Self::window(sources, id, &spans)?)))
            .collect();
        Windowed { sources, windows }
    }

    /// The window for `spans` of source `id`, if they sit on one line that is too long.
    fn window(sources: &Sources, id: SourceId, spans: &[Range<usize>]) -> Option<Window> {
        let lo = spans.iter().map(|s| s.start).min()?;
        let hi = spans.iter().map(|s| s.end).max()?;
        let line = sources.line_index(id, lo).ok()?;
        let range = sources.line_range(id, line).ok()?;
        if range.len() <= LONG_LINE || sources.line_index(id, hi).ok()? != line {
            return None;
        }
        let text = sources.text(id);
        let floor = |mut i: usize| {
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let start = floor(lo.saturating_sub(CONTEXT).max(range.start));
        let end = floor((hi.min(lo + LONG_SPAN) + CONTEXT).min(range.end));
        let (before, after) = (start > range.start, end < range.end);
        let shown = format!(
            "{}{}{}",
            if before { ELLIPSIS } else { "" },
            text[start..end].trim_end_matches(['\n', '\r']),
            if after { ELLIPSIS } else { "" }
        );
        Some(Window {
            start,
            text: shown,
            lead: if before { ELLIPSIS.len() } else { 0 },
            line,
        })
    }

    /// A location's span in what this view shows.
    pub(super) fn span(&self, loc: &Location) -> Range<usize> {
        let span = clamp(self.sources, loc);
        match self.windows.get(&loc.source) {
            None => span,
            Some(w) => {
                let max = w.text.len();
                let map = |i: usize| (i.saturating_sub(w.start) + w.lead).min(max);
                map(span.start)..map(span.end)
            }
        }
    }
}

impl<'a> Files<'a> for Windowed<'_> {
    type FileId = SourceId;
    type Name = std::path::Display<'a>;
    type Source = &'a str;

    fn name(&'a self, id: SourceId) -> Result<Self::Name, files::Error> {
        self.sources.name(id)
    }

    fn source(&'a self, id: SourceId) -> Result<&'a str, files::Error> {
        match self.windows.get(&id) {
            Some(w) => Ok(&w.text),
            None => self.sources.source(id),
        }
    }

    fn line_index(&'a self, id: SourceId, byte_index: usize) -> Result<usize, files::Error> {
        match self.windows.get(&id) {
            Some(w) => Ok(w.line),
            None => self.sources.line_index(id, byte_index),
        }
    }

    fn line_range(&'a self, id: SourceId, line_index: usize) -> Result<Range<usize>, files::Error> {
        match self.windows.get(&id) {
            Some(w) if line_index == w.line => Ok(0..w.text.len()),
            Some(w) => Err(files::Error::LineTooLarge {
                given: line_index,
                max: w.line,
            }),
            None => self.sources.line_range(id, line_index),
        }
    }

    fn location(
        &'a self,
        id: SourceId,
        byte_index: usize,
    ) -> Result<files::Location, files::Error> {
        match self.windows.get(&id) {
            Some(w) => {
                let at =
                    (byte_index.saturating_sub(w.lead) + w.start).min(self.sources.text(id).len());
                self.sources.location(id, at)
            }
            None => self.sources.location(id, byte_index),
        }
    }
}
