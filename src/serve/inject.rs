//! The one thing the preview server adds to pages: a `<script>` tag before `</body>`, loading
//! [`SCRIPT`] (live reload, the error overlay, the passage picker). It is added to HTML
//! responses as they are sent; the files themselves, and so `dossier build`, never contain it.

use crate::render::markdown::esc as escape;

/// The script the server injects, served at `/_dossier/live.js`.
pub const SCRIPT: &str = include_str!("live.js");

/// `html` with the script tag inserted before its last `</body>` (or appended, if it has
/// none). The tag carries the generation the page was served at and, on article pages, the
/// article's slug for the passage picker.
pub fn inject(html: &[u8], generation: u64, article: Option<&str>) -> Vec<u8> {
    let mut tag = format!("<script src=\"/_dossier/live.js\" data-generation=\"{generation}\"");
    if let Some(slug) = article {
        tag.push_str(" data-article=\"");
        tag.push_str(&escape(slug));
        tag.push('"');
    }
    tag.push_str("></script>\n");
    let at = rfind_ascii_ci(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The last position of `needle` in `hay`, ignoring ASCII case.
fn rfind_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=hay.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// A minimal page of the server's own (no dossier page to show), readable without JavaScript.
pub fn plain_page(title: &str, message: &str) -> Vec<u8> {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{t}</title></head>\n<body style=\"font-family: system-ui, sans-serif; \
         max-width: 40rem; margin: 3rem auto; padding: 0 1rem\">\n<h1>{t}</h1>\n<p>{m}</p>\n\
         </body>\n</html>\n",
        t = escape(title),
        m = escape(message)
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goes_before_the_last_body_end() {
        let html = b"<html><body><p>a</body> x </BODY></html>";
        let out = String::from_utf8(inject(html, 3, Some("s\"x"))).unwrap();
        assert_eq!(
            out,
            "<html><body><p>a</body> x <script src=\"/_dossier/live.js\" data-generation=\"3\" \
             data-article=\"s&quot;x\"></script>\n</BODY></html>"
        );
        let out = String::from_utf8(inject(b"<p>no body end", 1, None)).unwrap();
        assert!(out.starts_with("<p>no body end<script src=\"/_dossier/live.js\""));
        assert!(inject(b"", 1, None).starts_with(b"<script"));
    }

    #[test]
    fn own_pages_escape_their_text() {
        let page = String::from_utf8(plain_page("a<b", "c & <d>")).unwrap();
        assert!(page.contains("<h1>a&lt;b</h1>") && page.contains("c &amp; &lt;d&gt;"));
    }
}
