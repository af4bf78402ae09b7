//! Pure request logic of the preview server: which in-memory file a URL names, its content
//! type, and whether a conditional request can be answered with 304. No I/O here, so every
//! rule is unit-tested.

use percent_encoding::percent_decode_str;
use std::time::{SystemTime, UNIX_EPOCH};

/// Where a request goes.
#[derive(Debug, PartialEq, Eq)]
pub enum Route {
    /// The server's own script (live reload, overlay, passage picker).
    Script,
    /// The live-reload event stream.
    Events,
    /// The passage picker's endpoint.
    Pick,
    /// An output file, by its key in the in-memory files (`/`-separated, no leading `/`).
    File(String),
}

/// Why a request target was refused: always 400, and never a lookup.
#[derive(Debug, PartialEq, Eq)]
pub struct BadPath(pub &'static str);

/// Maps a request target (`/path?query`) to a route.
///
/// The path is percent-decoded exactly once, then refused if it could name anything outside
/// the site: `..` or `.` segments (however encoded: `%2e%2e` decodes to `..` before the
/// segments are checked), an encoded `/` or `\\` (`%2f`, `%5c`: no file name has one), empty
/// segments (`//`), backslashes, NUL, or a target that is not origin-form (`http://host/...`,
/// `*`). `/` and `dir/` map to their `index.html`.
pub fn route(target: &str) -> Result<Route, BadPath> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let Some(rest) = path.strip_prefix('/') else {
        return Err(BadPath("the request target is not an absolute path"));
    };
    let lower = rest.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") {
        return Err(BadPath("an encoded `/` or `\\` in the path"));
    }
    let decoded = percent_decode_str(rest)
        .decode_utf8()
        .map_err(|_| BadPath("the path is not UTF-8"))?;
    if decoded.contains(['\\', '\0']) {
        return Err(BadPath("backslash or NUL in the path"));
    }
    let mut segments: Vec<&str> = decoded.split('/').collect();
    let dir = segments.last() == Some(&"");
    if dir {
        segments.pop();
    }
    if segments
        .iter()
        .any(|s| s.is_empty() || *s == "." || *s == "..")
    {
        return Err(BadPath("empty, `.` or `..` segment in the path"));
    }
    let mut key = segments.join("/");
    match key.as_str() {
        "_dossier/live.js" => return Ok(Route::Script),
        "_dossier/events" => return Ok(Route::Events),
        "_dossier/pick" => return Ok(Route::Pick),
        _ => {}
    }
    if dir || key.is_empty() {
        if !key.is_empty() {
            key.push('/');
        }
        key.push_str("index.html");
    }
    Ok(Route::File(key))
}

/// The value of `name` in a query string (`a=1&b=2`), percent- and `+`-decoded.
pub fn query_param(target: &str, name: &str) -> Option<String> {
    let query = target.split_once('?')?.1.split('#').next()?;
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == name).then(|| {
            percent_decode_str(&v.replace('+', " "))
                .decode_utf8_lossy()
                .into_owned()
        })
    })
}

/// The content type of an output file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "txt" | "md" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// True when the file is an HTML page (which gets the injected script).
pub fn is_html(path: &str) -> bool {
    content_type(path).starts_with("text/html")
}

/// The article slug of an article page (`articles/SLUG/index.html`), where the passage picker
/// runs. The article indexes (`articles/index.html`, `articles/index-2/index.html`) are not
/// articles: `index` and `index-N` cannot be slugs.
pub fn article_slug(path: &str) -> Option<&str> {
    let slug = path
        .strip_prefix("articles/")?
        .strip_suffix("/index.html")?;
    let index = slug == "index"
        || slug
            .strip_prefix("index-")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    (!slug.is_empty() && !slug.contains('/') && !index).then_some(slug)
}

/// A strong entity tag for a body: a hash of its bytes.
pub fn etag(parts: &[&[u8]]) -> String {
    use std::hash::{DefaultHasher, Hasher};
    let mut h = DefaultHasher::new();
    for p in parts {
        h.write_usize(p.len());
        h.write(p);
    }
    format!("\"{:016x}\"", h.finish())
}

/// Whether a conditional GET or HEAD can be answered with 304 Not Modified.
///
/// As RFC 9110 §13.2.2 says, `If-None-Match` decides when present (a list of tags, or `*`,
/// compared weakly); `If-Modified-Since` is looked at only without it, at one-second precision.
pub fn not_modified(
    etag: &str,
    modified: SystemTime,
    if_none_match: Option<&str>,
    if_modified_since: Option<&str>,
) -> bool {
    if let Some(inm) = if_none_match {
        let tag = etag.trim_start_matches("W/");
        return inm
            .split(',')
            .map(|t| t.trim().trim_start_matches("W/"))
            .any(|t| t == "*" || t == tag);
    }
    let Some(since) = if_modified_since.and_then(|s| httpdate::parse_http_date(s).ok()) else {
        return false;
    };
    let secs = |t: SystemTime| t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    secs(modified) <= secs(since)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn file(t: &str) -> Route {
        route(t).unwrap_or_else(|e| panic!("{t}: {e:?}"))
    }

    #[test]
    fn maps_directories_to_their_index() {
        assert_eq!(file("/"), Route::File("index.html".into()));
        assert_eq!(file("/?x=1"), Route::File("index.html".into()));
        assert_eq!(file("/people/"), Route::File("people/index.html".into()));
        assert_eq!(
            file("/articles/a%20b.html#x"),
            Route::File("articles/a b.html".into())
        );
        assert_eq!(file("/dossier.css"), Route::File("dossier.css".into()));
        assert_eq!(file("/_dossier/events"), Route::Events);
    }

    #[test]
    fn refuses_every_way_out_of_the_site() {
        for t in [
            "/../etc/passwd",
            "/articles/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/articles%2f..%2f..%2fsecret",
            "/..%5c..%5cwindows",
            "/a\\b",
            "//etc/passwd",
            "/%2fetc/passwd",
            "/./index.html",
            "/a%00.html",
            "http://example.org/index.html",
            "*",
            "/%ff%fe",
        ] {
            assert!(route(t).is_err(), "{t} was accepted: {:?}", route(t));
        }
        // Decoded once only: a doubly encoded dot-dot is a literal name, which no file has.
        assert_eq!(
            file("/%252e%252e/x"),
            Route::File("%2e%2e/x".into()),
            "decoded twice"
        );
    }

    #[test]
    fn content_types() {
        for (p, t) in [
            ("index.html", "text/html; charset=utf-8"),
            ("dossier.css", "text/css; charset=utf-8"),
            ("search/entities.js", "text/javascript; charset=utf-8"),
            ("a.json", "application/json"),
            ("feed.xml", "application/xml"),
            ("logo.SVG", "image/svg+xml"),
            ("a.png", "image/png"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("favicon.ico", "image/x-icon"),
            ("f.woff2", "font/woff2"),
            ("noext", "application/octet-stream"),
        ] {
            assert_eq!(content_type(p), t, "{p}");
        }
    }

    #[test]
    fn article_pages_are_recognised() {
        assert_eq!(article_slug("articles/tass-1/index.html"), Some("tass-1"));
        assert_eq!(article_slug("articles/index.html"), None);
        assert_eq!(article_slug("articles/index-3/index.html"), None);
        assert_eq!(article_slug("articles/index-x/index.html"), Some("index-x"));
        assert_eq!(article_slug("articles/tass-1.html"), None);
        assert_eq!(article_slug("people/x/index.html"), None);
        assert_eq!(article_slug("articles/a/b/index.html"), None);
    }

    #[test]
    fn query_parameters_are_decoded() {
        let t = "/_dossier/pick?article=a-b&text=Maria+Zakharova%E2%80%99s&at=12";
        assert_eq!(query_param(t, "article").as_deref(), Some("a-b"));
        assert_eq!(
            query_param(t, "text").as_deref(),
            Some("Maria Zakharova\u{2019}s")
        );
        assert_eq!(query_param(t, "at").as_deref(), Some("12"));
        assert_eq!(query_param(t, "none"), None);
    }

    #[test]
    fn conditional_requests() {
        let t = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let tag = etag(&[b"hello"]);
        assert_ne!(tag, etag(&[b"hellp"]));
        assert!(not_modified(&tag, t, Some(&tag), None));
        assert!(not_modified(
            &tag,
            t,
            Some(&format!("\"x\", W/{tag}")),
            None
        ));
        assert!(not_modified(&tag, t, Some("*"), None));
        assert!(!not_modified(&tag, t, Some("\"other\""), None));
        let date = httpdate::fmt_http_date(t);
        assert!(not_modified(&tag, t, None, Some(&date)));
        let earlier = httpdate::fmt_http_date(t - Duration::from_secs(1));
        assert!(!not_modified(&tag, t, None, Some(&earlier)));
        // If-None-Match wins over If-Modified-Since.
        assert!(!not_modified(&tag, t, Some("\"other\""), Some(&date)));
        assert!(!not_modified(&tag, t, None, Some("not a date")));
        assert!(!not_modified(&tag, t, None, None));
    }
}
