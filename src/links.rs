//! Link destinations: which are safe to emit and which are internal (`person:ID`...).
//!
//! The lowest layer: anchoring (to flag unsafe links in an article), resolve (to check
//! internal links) and render (to drop unsafe ones) all ask the same questions, so the
//! answers live here, importing nothing from the crate.

/// The link kinds a note body may use, resolved by `Site::resolve_link`.
pub const LINK_SCHEMES: [&str; 8] = [
    "person:",
    "issue:",
    "event:",
    "outlet:",
    "organisation:",
    "place:",
    "article:",
    "date:",
];

/// Whether a destination is an internal link (`person:ID`, `article:SLUG#ID`...).
pub fn is_internal(dest: &str) -> bool {
    LINK_SCHEMES.iter().any(|s| dest.starts_with(s))
}

/// Whether a link destination is safe to emit: relative, fragment, or http(s)/mailto.
///
/// A destination has a scheme only as the URL standard parses one: after dropping tabs and
/// newlines anywhere and control characters and spaces at the ends (as browsers do), an ASCII
/// letter, then letters, digits, `+`, `-` or `.`, then `:`. Anything else before the first
/// colon (`/`, `?`, `#`, `)`, ...) makes the colon part of a relative path, as in `foo):`.
pub fn safe_url(dest: &str) -> bool {
    let url: String = dest
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    match url.split_once(':') {
        Some((scheme, _)) if is_scheme(scheme) => ["http", "https", "mailto"]
            .iter()
            .any(|s| s.eq_ignore_ascii_case(scheme)),
        _ => true,
    }
}

/// Whether `s` is a URL scheme: an ASCII letter, then letters, digits, `+`, `-` or `.`.
fn is_scheme(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_links_are_the_six_kinds() {
        assert!(is_internal("person:x"));
        assert!(is_internal("article:a#b"));
        assert!(!is_internal("https://x.org"));
        assert!(!is_internal("people:x"));
    }

    #[test]
    fn url_safety() {
        assert!(safe_url("https://x.org/a:b"));
        assert!(safe_url("../people/x.html"));
        assert!(safe_url("#frag"));
        assert!(safe_url("mailto:a@b.c"));
        assert!(!safe_url("javascript:alert(1)"));
        assert!(!safe_url(" JavaScript:alert(1)"));
        assert!(!safe_url("data:text/html,x"));
    }

    #[test]
    fn a_scheme_is_what_the_url_standard_parses_as_one() {
        // A colon after anything but scheme characters is part of a relative path.
        for relative in [
            "foo):",
            "foo%20bar:baz",
            "./a:b",
            "a/b:c",
            "?q=a:b",
            "#x:y",
            "1abc:x",
            ":x",
            "",
            "\u{e9}t\u{e9}:x",
        ] {
            assert!(safe_url(relative), "{relative:?} is relative");
        }
        for allowed in ["HTTPS://x.org", "mailto:a@b.c", "http:x", "\u{1}http://x"] {
            assert!(safe_url(allowed), "{allowed:?} is allowed");
        }
        // Browsers drop tabs and newlines inside and controls or spaces at the ends first.
        for dropped in [
            "javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:x",
            "\u{0}javascript:x",
            " \u{1f}JavaScript:x",
            "a+b.c-d:x",
            "c:/windows",
            "vbscript:x",
        ] {
            assert!(
                !safe_url(dropped),
                "{dropped:?} has a scheme that is dropped"
            );
        }
    }
}
