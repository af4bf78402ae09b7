//! Stage 3, **render**: pages through Tera templates.
//!
//! Rendering is a pure function of the resolved [`Site`] and a [`Page`]; pages are independent
//! of each other, so any subset can be rendered (all of them for a build, only the ones an edit
//! touches for a rebuild) and in parallel.

pub mod deps;
pub mod map_svg;
pub mod markdown;
pub mod pages;
pub mod templates;
pub mod timeline_svg;
pub mod views;

use crate::diagnostics::Diagnostic;
use crate::site::Site;
pub use pages::{Page, all_pages};
use serde::Serialize;
pub use templates::Templates;

/// The site-wide data every template sees as `site`.
#[derive(Serialize)]
pub struct SiteGlobal<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    pub author: &'a str,
    pub base_url: &'a str,
    pub search: bool,
    pub generator: &'static str,
}

impl<'a> SiteGlobal<'a> {
    pub fn new(site: &'a Site) -> Self {
        let c = &site.config;
        SiteGlobal {
            title: &c.title,
            description: &c.description,
            language: &c.language,
            author: &c.author,
            base_url: &c.base_url,
            search: c.options.search,
            generator: concat!("dossier ", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// Renders one page to HTML.
pub fn render_page(site: &Site, templates: &Templates, page: Page) -> Result<String, Diagnostic> {
    render_recording(site, templates, page, false).map(|(html, _)| html)
}

/// Renders one page to HTML, and (when `record`) says what of the site it read.
pub fn render_recording(
    site: &Site,
    templates: &Templates,
    page: Page,
    record: bool,
) -> Result<(String, Vec<deps::DepKey>), Diagnostic> {
    let markup = markdown::Markup::new(&templates.tera, &templates.stencils);
    let (ctx, deps) = pages::context(site, page, record, &markup);
    if let Some(e) = markup.take_error() {
        return Err(templates::template_diagnostic(
            &e,
            "template-render",
            &templates.user,
        ));
    }
    let html = templates
        .tera
        .render(page.template(), &ctx)
        .map_err(|e| templates::template_diagnostic(&e, "template-render", &templates.user))?;
    Ok((html, deps))
}
