//! Site-wide warnings, made once every article is resolved.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Dossier;
use crate::site::Site;

/// Registry events no article reports or mentions are probably a mistake (or dead weight).
pub(super) fn warn_unreported(site: &Site, dossier: &Dossier, diags: &mut Diagnostics) {
    for (i, e) in site.events.ids().zip(&dossier.events) {
        if site.events[i].reports.is_empty() && site.events[i].mentions.is_empty() {
            diags.push(
                Diagnostic::warning(
                    "unused-event",
                    format!("no article reports or mentions the event `{}`", e.id),
                )
                .at(e.source, e.id_span.clone(), "defined here")
                .hint("annotate the passage that reports it with [[event]] event = \"...\""),
            );
        }
    }
}

/// Markup the page leaves out of the article (the source text itself is kept as it is).
pub(super) fn warn_unsafe_article(
    plain: &crate::anchor::ArticleText,
    text_source: crate::diagnostics::SourceId,
    diags: &mut Diagnostics,
) {
    for (range, why) in &plain.unsafe_markup {
        diags.push(
            Diagnostic::warning("unsafe-html", format!("the article contains {why}, which is removed from the output"))
                .at(text_source, range.clone(), "removed when rendered")
                .hint("the source text is kept as it is; only the page leaves it out. Harmless formatting such as <u> or <em> is kept"),
        );
    }
}

/// A note's executable HTML or unsafe links are left out of the page.
pub(super) fn warn_unsafe_note(
    n: &crate::model::NoteIn,
    src: crate::diagnostics::SourceId,
    diags: &mut Diagnostics,
) {
    let body = n.body.get_ref();
    if crate::anchor::parser(body).any(|(e, _)| crate::anchor::unsafe_markup(&e).is_some()) {
        diags.push(
            Diagnostic::warning("unsafe-html", "the note contains executable HTML or an unsafe link, which is removed from the output")
                .at(src, n.body.span(), "in this note")
                .hint("write notes in Markdown; harmless formatting such as <u> is kept"),
        );
    }
}
