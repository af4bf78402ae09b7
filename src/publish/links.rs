//! `dossier check --links`: every internal `href` and `src` of every page must name a file of
//! the site, and every `#fragment` an id on the page it names. External links (with a scheme,
//! or `//host`) are not followed.

use crate::diagnostics::Diagnostic;
use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// One broken link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// The page it is on (output path).
    pub page: String,
    /// The link as written.
    pub link: String,
    /// What is wrong.
    pub why: String,
}

impl Broken {
    /// As a diagnostic naming the page and the link.
    pub fn diagnostic(&self) -> Diagnostic {
        Diagnostic::error(
            "broken-link",
            format!("{}: broken link `{}`: {}", self.page, self.link, self.why),
        )
        .hint("a template or a static file links to something the build does not write")
    }
}

/// Checks every HTML file of `files` (output path to bytes). `files` may be a whole site in
/// memory or read back from an output directory.
pub fn check<K: Borrow<str> + Ord, B: AsRef<[u8]>>(files: &BTreeMap<K, B>) -> Vec<Broken> {
    let html: HashMap<&str, &str> = files
        .iter()
        .map(|(p, b)| (p.borrow(), b))
        .filter(|(p, _)| p.ends_with(".html"))
        .filter_map(|(p, b)| Some((p, std::str::from_utf8(b.as_ref()).ok()?)))
        .collect();
    let ids: HashMap<&str, HashSet<String>> = html
        .iter()
        .map(|(p, text)| (*p, attributes(text, &["id", "name"]).into_iter().collect()))
        .collect();
    let mut broken = Vec::new();
    let mut pages: Vec<_> = html.iter().collect();
    pages.sort();
    for (page, text) in pages {
        for link in attributes(text, &["href", "src"]) {
            if let Err(why) = resolve(page, &link, files, &ids) {
                broken.push(Broken {
                    page: page.to_string(),
                    link,
                    why,
                });
            }
        }
    }
    broken
}

/// Every file under `dir` (a built site), by `/`-separated path relative to it.
pub fn read_dir(dir: &Path) -> std::io::Result<crate::output::Files> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(dir) {
                let rel = rel.to_string_lossy().replace('\\', "/");
                out.insert(rel.into(), std::fs::read(&path)?.into());
            }
        }
    }
    Ok(out)
}

/// Whether `link` on `page` names a file of the site, and its fragment an id there.
fn resolve<K: Borrow<str> + Ord, B>(
    page: &str,
    link: &str,
    files: &BTreeMap<K, B>,
    ids: &HashMap<&str, HashSet<String>>,
) -> Result<(), String> {
    let external = link.starts_with("//")
        || link
            .split_once(':')
            .is_some_and(|(scheme, _)| !scheme.contains(['/', '?', '#']));
    if external || link.is_empty() {
        return Ok(());
    }
    let (rest, fragment) = match link.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (link, None),
    };
    let rest = rest.split('?').next().unwrap_or_default();
    let target = if rest.is_empty() {
        page.to_string()
    } else {
        let decoded = percent_encoding::percent_decode_str(rest)
            .decode_utf8()
            .map_err(|_| "not UTF-8 once decoded".to_string())?;
        let joined = join(page, &decoded).ok_or("leads outside the site")?;
        if joined.is_empty() || joined.ends_with('/') {
            format!("{joined}index.html")
        } else {
            joined
        }
    };
    if !files.contains_key(target.as_str()) {
        return Err(format!("no file `{target}` in the site"));
    }
    match fragment {
        Some(f) if !f.is_empty() && f != "top" => {
            let f = percent_encoding::percent_decode_str(f).decode_utf8_lossy();
            match ids.get(target.as_str()) {
                Some(set) if set.contains(f.as_ref()) => Ok(()),
                Some(_) => Err(format!("`{target}` has no element with id `{f}`")),
                None => Ok(()),
            }
        }
        _ => Ok(()),
    }
}

/// `link` resolved against the folder of `page` (a root-relative path); a link starting with
/// `/` is taken from the site root. `None` when it climbs above the root.
fn join(page: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = if link.starts_with('/') {
        Vec::new()
    } else {
        let mut p: Vec<&str> = page.split('/').collect();
        p.pop();
        p
    };
    let trailing = link.ends_with('/');
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if trailing && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// The values of the attributes `names` in `html`, entities decoded. The pages are the
/// build's own output (attributes double-quoted, text escaped), so a scan is exact: the
/// text `href="` can only occur inside a tag.
pub(crate) fn attributes(html: &str, names: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    // Script contents (JSON-LD, inline scripts) are not markup.
    let mut rest = html;
    let mut markup = String::new();
    while let Some(start) = rest.find("<script") {
        markup.push_str(&rest[..start]);
        let end = rest[start..]
            .find("</script>")
            .map_or(rest.len(), |e| start + e);
        let open_end = rest[start..].find('>').map_or(end, |e| start + e + 1);
        markup.push_str(&rest[start..open_end.min(end)]);
        rest = &rest[end..];
    }
    markup.push_str(rest);
    for name in names {
        let pat = format!(" {name}=\"");
        let mut from = 0;
        while let Some(i) = markup[from..].find(&pat) {
            let start = from + i + pat.len();
            let Some(len) = markup[start..].find('"') else {
                break;
            };
            out.push(unescape(&markup[start..start + len]));
            from = start + len;
        }
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_missing_files_and_fragments() {
        let files: BTreeMap<String, &str> = [
            ("index.html", "<a href=\"people/a.html#x\">a</a> <a href=\"people/\">p</a> <a href=\"https://e.org/\">e</a><script type=\"application/ld+json\">{\"u\": \" href=\\\"zzz\\\"\"}</script>"),
            ("people/index.html", "<p id=\"top\"><a href=\"../index.html#nope\">home</a> <a href=\"gone.html\">g</a>"),
            ("people/a.html", "<p id=\"x\"><a href=\"../people/index.html#top\">up</a>"),
        ]
        .into_iter()
        .map(|(p, t)| (p.to_string(), t))
        .collect();
        let broken = check(&files);
        let found: Vec<(&str, &str)> = broken
            .iter()
            .map(|b| (b.page.as_str(), b.link.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("people/index.html", "../index.html#nope"),
                ("people/index.html", "gone.html")
            ],
            "{broken:?}"
        );
    }
}
