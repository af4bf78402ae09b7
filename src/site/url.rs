//! Root-relative URLs of every page kind, in one place. A page's URL is its folder
//! (`people/ID/`), written as `people/ID/index.html` ([`page_file`]): hosts serve the folder's
//! `index.html`, so published links name the folder ([`UrlStyle::Pretty`]), and a bundle read
//! from `file://`, where a folder does not open its `index.html`, names the file
//! ([`UrlStyle::Explicit`]).

use crate::date::PartialDate;
pub fn article(slug: &str) -> String {
    format!("articles/{slug}/")
}
pub fn person(id: &str) -> String {
    format!("people/{id}/")
}
pub fn issue(id: &str) -> String {
    format!("issues/{id}/")
}
pub fn outlet(id: &str) -> String {
    format!("outlets/{id}/")
}
pub fn organisation(id: &str) -> String {
    format!("organisations/{id}/")
}
pub fn place(id: &str) -> String {
    format!("places/{id}/")
}
pub fn event(id: &str) -> String {
    format!("events/{id}/")
}
pub fn date(d: &PartialDate) -> String {
    format!("dates/{}/", d.key())
}
/// The page of a disputed point: the note's article and its anchor.
pub fn disputed(slug: &str, anchor: &str) -> String {
    format!("disputed/{slug}/{anchor}/")
}

/// The file of the page at root-relative URL `url`: a folder's `index.html` (`""`, the
/// home page, is `index.html`); any other URL is a file already.
pub fn page_file(url: &str) -> String {
    if url.is_empty() || url.ends_with('/') {
        format!("{url}index.html")
    } else {
        url.to_string()
    }
}

/// How links name a page that is a folder's `index.html`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum UrlStyle {
    /// The folder (`people/ID/`), as static hosts serve it: `dossier build` and `serve`.
    #[default]
    Pretty,
    /// The file (`people/ID/index.html`), which opens from `file://`: `dossier bundle`.
    Explicit,
}

impl UrlStyle {
    /// Root-relative `url` (`articles/x/#p-3`) as links of this style write it
    /// (`articles/x/index.html#p-3` when explicit).
    pub fn form(self, url: &str) -> String {
        match self {
            UrlStyle::Pretty => url.to_string(),
            UrlStyle::Explicit => {
                let (path, frag) = url
                    .split_once('#')
                    .map_or((url, None), |(p, f)| (p, Some(f)));
                let file = page_file(path);
                match frag {
                    Some(f) => format!("{file}#{f}"),
                    None => file,
                }
            }
        }
    }

    /// Root-relative `url` made relative to a page whose way back to the root is `root`
    /// (`""`, `"../"`, or the 404 page's `/base/path/`). The home page's link to itself
    /// is `./`, never an empty `href`.
    pub fn href(self, root: &str, url: &str) -> String {
        let s = format!("{root}{}", self.form(url));
        if s.is_empty() { "./".into() } else { s }
    }
}
