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
    ("person.html", include_str!("../../templates/person.html")),
    ("issue.html", include_str!("../../templates/issue.html")),
    ("outlet.html", include_str!("../../templates/outlet.html")),
    ("event.html", include_str!("../../templates/event.html")),
    ("date.html", include_str!("../../templates/date.html")),
];

/// Built-in static assets, written before the dossier's `static/` (which may replace them).
pub const ASSETS: &[(&str, &str)] = &[
    ("dossier.css", include_str!("../../static/dossier.css")),
    ("search.js", include_str!("../../static/search.js")),
];

/// Tera plus where each template came from, to point template errors at the right file.
pub struct Templates {
    pub tera: tera::Tera,
    /// Template name to the user's source file, for templates the dossier overrides.
    pub user: HashMap<String, SourceId>,
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
        user.insert(t.name.clone(), t.source);
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
            diags.push(template_diagnostic(&e, &user));
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    if let Err(e) = tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
        diags.push(template_diagnostic(&e, &user));
        return None;
    }
    Some(Templates { tera, user })
}

/// Turns a Tera error into a diagnostic at the template's file, line and column.
pub fn template_diagnostic(e: &tera::Error, user: &HashMap<String, SourceId>) -> Diagnostic {
    use std::error::Error as _;
    let report = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let code = if matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) {
        "template-syntax"
    } else {
        "template-render"
    };
    let Some(r) = report else {
        let mut msg = e.kind().to_string();
        let mut src = e.source();
        while let Some(s) = src {
            msg.push_str(&format!(": {s}"));
            src = s.source();
        }
        return Diagnostic::error(code, format!("template error: {msg}"))
            .hint("check the template names used in extends and include");
    };
    let name = r.filename();
    let span = r.span();
    let hint = if code == "template-syntax" {
        "see https://keats.github.io/tera/docs/ for Tera's syntax".to_string()
    } else {
        "the variables each template receives are listed in README.md (Templates)".to_string()
    };
    let mut d = Diagnostic::error(code, format!("in template `{name}`: {}", r.message()));
    match user.get(name) {
        Some(&src) => d = d.at(src, span.range.clone(), r.message()),
        None => {
            d = d.note(format!(
                "in the built-in template {name}, line {}, column {}",
                span.start_line,
                span.start_col + 1
            ));
        }
    }
    d.hint(hint)
}
