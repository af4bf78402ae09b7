//! Root-relative URLs of every page kind, in one place. A page's URL is its folder
//! (`people/ID/`), written as `people/ID/index.html` ([`page_file`]): hosts serve the folder's
//! `index.html`, so published links name the folder ([`UrlStyle::Pretty`]), and a bundle read
//! from `file://`, where a folder does not open its `index.html`, names the file
//! ([`UrlStyle::Explicit`]).

use crate::date::PartialDate;

// URLs are made for every link of every page (hundreds of thousands at 10,000 articles), so
// they are joined with `concat`, one allocation of the right size, rather than `format!`.

pub fn article(slug: &str) -> String {
    ["articles/", slug, "/"].concat()
}
pub fn person(id: &str) -> String {
    ["people/", id, "/"].concat()
}
pub fn issue(id: &str) -> String {
    ["issues/", id, "/"].concat()
}
pub fn outlet(id: &str) -> String {
    ["outlets/", id, "/"].concat()
}
pub fn organisation(id: &str) -> String {
    ["organisations/", id, "/"].concat()
}
pub fn place(id: &str) -> String {
    ["places/", id, "/"].concat()
}
pub fn event(id: &str) -> String {
    ["events/", id, "/"].concat()
}
pub fn date(d: &PartialDate) -> String {
    ["dates/", &d.key(), "/"].concat()
}
/// The page of a disputed point: the note's article and its anchor.
pub fn disputed(slug: &str, anchor: &str) -> String {
    ["disputed/", slug, "/", anchor, "/"].concat()
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
        let s = match self {
            UrlStyle::Pretty => [root, url].concat(),
            UrlStyle::Explicit => [root, &self.form(url)].concat(),
        };
        if s.is_empty() { "./".into() } else { s }
    }
}
