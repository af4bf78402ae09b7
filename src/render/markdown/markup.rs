//! Annotation markup from templates: `partials/highlight.html` (a highlighted piece),
//! `partials/sidenote_ref.html` (a sidenote's marker) and `partials/sidenote.html` (the note),
//! which a dossier overrides like any template by a file of the same name in its `templates/`.
//!
//! A page may hold hundreds of highlights and markers, and a Tera render per piece would cost
//! more than the rest of the page. Their partials take only strings that are written as they
//! are (`classes`, `id`, `content`; `anchor`, `number`), so each is rendered once per variant,
//! when the templates are loaded, with a placeholder in each variable, and becomes a
//! [`Stencil`]: the text between the placeholders, filled in per piece. The note itself has
//! real structure (optional parts, lists), so it is rendered per note.

use super::esc;
use serde::Serialize;
use std::sync::{Mutex, OnceLock};

/// The marker kinds with a stencil of their own (the kind is fixed text in each).
const KINDS: [&str; 3] = ["quote", "event", "note"];

/// A placeholder for variable `i`: private-use characters, untouched by escaping.
fn slot(i: usize) -> String {
    format!("\u{E000}{i}\u{E001}")
}

/// A partial rendered once with placeholders: the text around them, and which variable each
/// placeholder stands for.
#[derive(Debug, Clone)]
pub struct Stencil {
    pieces: Vec<String>,
    slots: Vec<usize>,
}

impl Stencil {
    /// Renders `name` with `ctx`, in which variable `i` of `vars` holds placeholder `i`.
    fn render(tera: &tera::Tera, name: &str, ctx: &tera::Context) -> Result<Self, tera::Error> {
        let text = tera.render(name, ctx)?;
        // The file's final line break is not part of the markup.
        let text = text.trim_end_matches('\n');
        let (mut pieces, mut slots) = (vec![String::new()], Vec::new());
        let mut rest = text;
        while let Some(start) = rest.find('\u{E000}') {
            let after = &rest[start + '\u{E000}'.len_utf8()..];
            let parsed = after
                .find('\u{E001}')
                .and_then(|end| Some((after[..end].parse::<usize>().ok()?, end)));
            let last = pieces.last_mut().expect("never empty");
            match parsed {
                Some((i, end)) => {
                    last.push_str(&rest[..start]);
                    slots.push(i);
                    pieces.push(String::new());
                    rest = &after[end + '\u{E001}'.len_utf8()..];
                }
                None => {
                    last.push_str(&rest[..start + '\u{E000}'.len_utf8()]);
                    rest = after;
                }
            }
        }
        pieces.last_mut().expect("never empty").push_str(rest);
        Ok(Stencil { pieces, slots })
    }

    /// Writes the stencil with `values[i]` in place of placeholder `i`, from piece `from` up
    /// to (not including) the placeholder of variable `stop`, if any; returns where it stopped.
    fn write_until(&self, out: &mut String, values: &[&str], from: usize, stop: usize) -> usize {
        let mut k = from;
        while k < self.pieces.len() {
            out.push_str(&self.pieces[k]);
            match self.slots.get(k) {
                Some(&s) if s == stop => return k + 1,
                Some(&s) => out.push_str(values.get(s).copied().unwrap_or_default()),
                None => {}
            }
            k += 1;
        }
        k
    }
}

/// The stencils of the annotation partials, made when the templates are loaded.
#[derive(Debug, Clone)]
pub struct Stencils {
    /// Highlight with an id, then without.
    highlight: [Stencil; 2],
    /// Marker per kind, in the order of [`KINDS`].
    marker: Vec<Stencil>,
}

impl Stencils {
    /// Renders the highlight and marker partials of `tera` with placeholders.
    pub fn new(tera: &tera::Tera) -> Result<Self, tera::Error> {
        let hl = |with_id: bool| {
            let mut ctx = tera::Context::new();
            ctx.insert("classes", &slot(0));
            ctx.insert("id", &with_id.then(|| slot(1)));
            ctx.insert("content", &slot(2));
            Stencil::render(tera, "partials/highlight.html", &ctx)
        };
        let marker = KINDS
            .iter()
            .map(|kind| {
                let mut ctx = tera::Context::new();
                ctx.insert("kind", kind);
                ctx.insert("anchor", &slot(0));
                ctx.insert("number", &slot(1));
                Stencil::render(tera, "partials/sidenote_ref.html", &ctx)
            })
            .collect::<Result<_, _>>()?;
        Ok(Stencils {
            highlight: [hl(true)?, hl(false)?],
            marker,
        })
    }
}

/// A link as the note partial receives it.
#[derive(Serialize)]
pub struct NoteLink {
    pub url: String,
    pub title: String,
}

/// What `partials/sidenote.html` receives as `note`.
#[derive(Serialize)]
pub struct SidenoteV<'a> {
    /// `quote`, `event` or `note`.
    pub kind: &'static str,
    pub number: usize,
    /// The annotation's anchor: the note's id is `sn-ANCHOR`, the marker's `ref-ANCHOR`.
    pub anchor: &'a str,
    /// True when the note is written after the block its passage ends in, not beside its
    /// marker (its body holds block elements, which a paragraph cannot contain).
    pub block: bool,
    #[serde(flatten)]
    pub what: super::sidenote::NoteKindV<'a>,
}

/// The annotation partials of one page render, and the first error one of them raised.
pub struct Markup<'t> {
    tera: &'t tera::Tera,
    stencils: &'t Stencils,
    error: Mutex<Option<tera::Error>>,
}

impl<'t> Markup<'t> {
    /// The partials of `tera`, whose stencils are `stencils`.
    pub fn new(tera: &'t tera::Tera, stencils: &'t Stencils) -> Self {
        Markup {
            tera,
            stencils,
            error: Mutex::new(None),
        }
    }

    /// The built-in partials (for callers with no dossier templates: tests, the search index).
    pub fn builtin() -> Markup<'static> {
        static B: OnceLock<(tera::Tera, Stencils)> = OnceLock::new();
        let (tera, stencils) = B.get_or_init(|| {
            let mut tera = tera::Tera::new();
            tera.autoescape_on(vec![".html"]);
            tera.add_raw_templates(
                crate::render::templates::BUILTIN
                    .iter()
                    .filter(|(n, _)| n.starts_with("partials/"))
                    .copied(),
            )
            .expect("the built-in partials parse");
            let stencils = Stencils::new(&tera).expect("the built-in partials render");
            (tera, stencils)
        });
        Markup::new(tera, stencils)
    }

    /// The first error a partial raised while rendering this page, if any.
    pub fn take_error(&self) -> Option<tera::Error> {
        self.error.lock().map(|mut e| e.take()).unwrap_or(None)
    }

    /// The opening markup of a highlight (escaped `classes`, optional `id`).
    pub fn highlight_open(&self, classes: &str, id: Option<&str>) -> String {
        let mut out = String::new();
        let id = id.map(esc);
        let (st, values) = match &id {
            Some(id) => (&self.stencils.highlight[0], [classes, id.as_str()]),
            None => (&self.stencils.highlight[1], [classes, ""]),
        };
        st.write_until(&mut out, &values, 0, 2);
        out
    }

    /// The closing markup of a highlight: what its partial writes after `content`.
    pub fn highlight_close(&self, with_id: bool) -> String {
        let st = &self.stencils.highlight[usize::from(!with_id)];
        let start = st
            .slots
            .iter()
            .position(|&s| s == 2)
            .map_or(st.pieces.len(), |k| k + 1);
        let mut out = String::new();
        st.write_until(&mut out, &["", ""], start, usize::MAX);
        out
    }

    /// A sidenote's marker.
    pub fn marker(&self, out: &mut String, kind: &str, anchor: &str, number: usize) {
        let k = KINDS.iter().position(|x| *x == kind).unwrap_or(0);
        let (anchor, number) = (esc(anchor), number.to_string());
        self.stencils.marker[k].write_until(out, &[&anchor, &number], 0, usize::MAX);
    }

    /// A sidenote, rendered by `partials/sidenote.html`; empty (and the error kept) if the
    /// partial fails.
    pub fn sidenote(&self, out: &mut String, note: &SidenoteV) {
        let mut ctx = tera::Context::new();
        ctx.insert("note", note);
        match self.tera.render("partials/sidenote.html", &ctx) {
            Ok(html) => out.push_str(html.trim_end_matches('\n')),
            Err(e) => {
                if let Ok(mut slot) = self.error.lock() {
                    slot.get_or_insert(e);
                }
            }
        }
    }
}
