//! The Tera environment: built-in templates, overridden by the dossier's own `templates/`.

use crate::diagnostics::{Diagnostic, Diagnostics, SourceId};
use crate::load::Dossier;
use std::collections::HashMap;

/// The built-in templates, embedded so a dossier with no `templates/` still builds.
pub const BUILTIN: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    (
        "partials/article_item.html",
        include_str!("../../templates/partials/article_item.html"),
    ),
    (
        "partials/quote.html",
        include_str!("../../templates/partials/quote.html"),
    ),
    (
        "partials/event.html",
        include_str!("../../templates/partials/event.html"),
    ),
    (
        "partials/pager.html",
        include_str!("../../templates/partials/pager.html"),
    ),
    (
        "partials/more.html",
        include_str!("../../templates/partials/more.html"),
    ),
    (
        "partials/timeline_list.html",
        include_str!("../../templates/partials/timeline_list.html"),
    ),
    (
        "partials/status.html",
        include_str!("../../templates/partials/status.html"),
    ),
    (
        "partials/report.html",
        include_str!("../../templates/partials/report.html"),
    ),
    (
        "partials/event_entry.html",
        include_str!("../../templates/partials/event_entry.html"),
    ),
    (
        "partials/timeline_svg.html",
        include_str!("../../templates/partials/timeline_svg.html"),
    ),
    (
        "partials/map_svg.html",
        include_str!("../../templates/partials/map_svg.html"),
    ),
    (
        "partials/highlight.html",
        include_str!("../../templates/partials/highlight.html"),
    ),
    (
        "partials/sidenote_ref.html",
        include_str!("../../templates/partials/sidenote_ref.html"),
    ),
    (
        "partials/sidenote.html",
        include_str!("../../templates/partials/sidenote.html"),
    ),
    (
        "partials/dispute_item.html",
        include_str!("../../templates/partials/dispute_item.html"),
    ),
    (
        "partials/disputes.html",
        include_str!("../../templates/partials/disputes.html"),
    ),
    (
        "partials/previews.html",
        include_str!("../../templates/partials/previews.html"),
    ),
    (
        "partials/head.html",
        include_str!("../../templates/partials/head.html"),
    ),
    ("404.html", include_str!("../../templates/404.html")),
    ("home.html", include_str!("../../templates/home.html")),
    ("search.html", include_str!("../../templates/search.html")),
    (
        "articles.html",
        include_str!("../../templates/articles.html"),
    ),
    ("people.html", include_str!("../../templates/people.html")),
    ("issues.html", include_str!("../../templates/issues.html")),
    ("outlets.html", include_str!("../../templates/outlets.html")),
    ("events.html", include_str!("../../templates/events.html")),
    ("dates.html", include_str!("../../templates/dates.html")),
    ("article.html", include_str!("../../templates/article.html")),
    ("print.html", include_str!("../../templates/print.html")),
    ("person.html", include_str!("../../templates/person.html")),
    ("issue.html", include_str!("../../templates/issue.html")),
    ("list.html", include_str!("../../templates/list.html")),
    ("outlet.html", include_str!("../../templates/outlet.html")),
    ("named.html", include_str!("../../templates/named.html")),
    (
        "named_index.html",
        include_str!("../../templates/named_index.html"),
    ),
    ("event.html", include_str!("../../templates/event.html")),
    ("date.html", include_str!("../../templates/date.html")),
    (
        "disputes.html",
        include_str!("../../templates/disputes.html"),
    ),
    (
        "disputed.html",
        include_str!("../../templates/disputed.html"),
    ),
];

/// Built-in static assets, written before the dossier's `static/` (which may replace them).
pub const ASSETS: &[(&str, &str)] = &[
    ("dossier.css", include_str!("../../static/dossier.css")),
    ("search.js", include_str!("../../static/search.js")),
    ("sidenotes.js", include_str!("../../static/sidenotes.js")),
    ("previews.js", include_str!("../../static/previews.js")),
    ("favicon.svg", include_str!("../../static/favicon.svg")),
];

/// Template name to its source id and text, for templates from the dossier's `templates/`.
pub type UserTemplates = HashMap<String, (SourceId, String)>;

/// Tera plus where each template came from, to point template errors at the right file.
pub struct Templates {
    pub tera: tera::Tera,
    /// The dossier's own templates: name to source id and text (to point errors into them).
    pub user: UserTemplates,
    /// The annotation partials rendered once with placeholders.
    pub stencils: super::markdown::markup::Stencils,
    /// The templates the dossier changes (see [`Templates::is_dossiers`]).
    changed: Changed,
}

/// The built-in templates that the dossier's own replace with other text.
#[derive(Default)]
struct Changed {
    /// Page templates (`person.html`), each used by its own pages only.
    pages: std::collections::HashSet<String>,
    /// Whether a template that any page may extend or include is the dossier's own (`base.html`,
    /// a partial, a file no built-in has).
    shared: bool,
}

impl Changed {
    fn of(user: &UserTemplates) -> Changed {
        let mut changed = Changed::default();
        for (name, (_, text)) in user {
            match BUILTIN.iter().find(|(n, _)| n == name) {
                Some((_, builtin)) if builtin == text => {}
                Some(_) if name != "base.html" && !name.starts_with("partials/") => {
                    changed.pages.insert(name.clone());
                }
                _ => changed.shared = true,
            }
        }
        changed
    }
}

impl Templates {
    /// Whether pages rendered with `template` go through a template of the dossier's own: it,
    /// or one that it may extend or include. Only those can fail for a reason in the dossier
    /// (the built-in templates render any dossier: the tests build generated dossiers of every
    /// shape with them), so `dossier check` renders only those pages.
    pub fn is_dossiers(&self, template: &str) -> bool {
        self.changed.shared || self.changed.pages.contains(template)
    }
}

/// Loads the templates: the built-ins, then the dossier's, which replace those of the same name.
pub fn load(
    dossier: &Dossier,
    site_global: &impl serde::Serialize,
    diags: &mut Diagnostics,
) -> Option<Templates> {
    let mut sources: Vec<(String, String)> = BUILTIN
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    let mut user = HashMap::new();
    for t in &dossier.templates {
        let text = dossier.sources.text(t.source).to_string();
        match sources.iter_mut().find(|(n, _)| *n == t.name) {
            Some(slot) => slot.1 = text,
            None => sources.push((t.name.clone(), text)),
        }
        user.insert(
            t.name.clone(),
            (t.source, dossier.sources.text(t.source).to_string()),
        );
    }
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    tera.global_context().insert("site", site_global);
    // Add one by one first so a syntax error is reported for every broken template, then all
    // together so inheritance is resolved.
    let mut ok = true;
    for (name, text) in &sources {
        let mut probe = tera::Tera::new();
        if let Err(e) = probe.add_raw_template(name, text)
            && matches!(e.kind(), tera::ErrorKind::SyntaxError(_))
        {
            diags.push(template_diagnostic(&e, "template-syntax", &user));
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    if let Err(e) = tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
        diags.push(template_diagnostic(&e, "template-syntax", &user));
        return None;
    }
    match super::markdown::markup::Stencils::new(&tera) {
        Ok(stencils) => Some(Templates {
            changed: Changed::of(&user),
            tera,
            user,
            stencils,
        }),
        Err(e) => {
            diags.push(template_diagnostic(&e, "template-render", &user));
            None
        }
    }
}

/// Turns a Tera error into a diagnostic at the template's file, line and column. `code` is
/// `template-syntax` for errors found when loading and `template-render` for errors found when
/// rendering a page.
pub fn template_diagnostic(
    e: &tera::Error,
    code: &'static str,
    user: &UserTemplates,
) -> Diagnostic {
    use std::error::Error as _;
    let hint = if code == "template-syntax" {
        "see https://keats.github.io/tera/docs/ for Tera's syntax and built-in filters"
    } else {
        "the variables each template receives are listed in README.md (Templates)"
    };
    if let tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) = e.kind() {
        let span = r.span();
        let d = Diagnostic::error(
            code,
            format!("in template `{}`: {}", r.filename(), r.message()),
        );
        return locate(
            d,
            r.filename(),
            span.start_line,
            span.start_col + 1,
            span.range.len(),
            r.message(),
            user,
        )
        .hint(hint);
    }
    // Other errors (an unknown filter, a missing parent template) carry their report as text:
    // `error: MESSAGE` then ` --> NAME:LINE:COL`.
    let mut text = e.kind().to_string();
    let mut src = e.source();
    while let Some(s) = src {
        text.push_str(&format!(": {s}"));
        src = s.source();
    }
    let first = text
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches("error: ")
        .to_string();
    let place = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("--> "))
        .and_then(|p| {
            let mut it = p.rsplitn(3, ':');
            let col = it.next()?.parse::<usize>().ok()?;
            let line = it.next()?.parse::<usize>().ok()?;
            Some((it.next()?.to_string(), line, col))
        });
    match place {
        Some((name, line, col)) => {
            let d = Diagnostic::error(code, format!("in template `{name}`: {first}"));
            locate(d, &name, line, col, 1, &first, user).hint(hint)
        }
        None => match missing_or_circular(&first, user) {
            Some((name, line, col, len)) => {
                let d = Diagnostic::error(code, format!("in template `{name}`: {first}"));
                locate(d, &name, line, col, len, &first, user)
                    .hint("extends and include name templates of the dossier's templates/ folder or the built-in ones, and a template may not include itself")
            }
            None => Diagnostic::error(code, format!("template error: {first}"))
                .hint("check the template names used in extends and include"),
        },
    }
}

/// Where an `extends` of a missing template, or the first `include` of a circular chain, is
/// written: (template, line, column, length). Tera gives these errors without a place.
fn missing_or_circular(
    message: &str,
    user: &UserTemplates,
) -> Option<(String, usize, usize, usize)> {
    let quoted: Vec<&str> = message.split('\'').skip(1).step_by(2).collect();
    let (name, target) = if message.contains("is inheriting from") {
        (quoted.first()?.to_string(), quoted.get(1)?.to_string())
    } else if message.contains("Circular include") {
        // The chain is written as `["a.html", "b.html", "a.html"]`.
        let chain: Vec<&str> = message.split('"').skip(1).step_by(2).collect();
        (chain.first()?.to_string(), chain.get(1)?.to_string())
    } else {
        return None;
    };
    let (_, text) = user.get(name.as_str())?;
    let (line, at) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find(&format!("\"{target}\"")).map(|c| (i, c)))?;
    let col = text.lines().nth(line)?[..at].chars().count() + 1;
    Some((name, line + 1, col, target.len() + 2))
}

/// Points a template diagnostic at the user's file, or names the built-in template's line.
fn locate(
    d: Diagnostic,
    name: &str,
    line: usize,
    col: usize,
    len: usize,
    label: &str,
    user: &UserTemplates,
) -> Diagnostic {
    match user.get(name) {
        Some((src, text)) => {
            let src = *src;
            let line_start: usize = text
                .split_inclusive('\n')
                .take(line.saturating_sub(1))
                .map(str::len)
                .sum();
            let start = text[line_start..]
                .char_indices()
                .nth(col.saturating_sub(1))
                .map_or(text.len(), |(i, _)| line_start + i);
            d.at(
                src,
                start..(start + len.max(1)).min(text.len()),
                label.to_string(),
            )
        }
        None => d.note(format!(
            "in the built-in template {name}, line {line}, column {col}"
        )),
    }
}
