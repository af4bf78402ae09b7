//! `dossier check --links --external`: every `http`/`https` link of the built pages is
//! requested once, politely, and a link that does not answer is an error naming the pages
//! that carry it.
//!
//! Politeness: one request at a time per host, at least [`Options::interval`] apart (hosts are
//! worked in parallel), `HEAD` first and `GET` only when a server refuses `HEAD`. Answers are
//! kept in a cache file (by default `.dossier-cache/external-links.tsv` in the dossier), so a
//! second run within [`Options::max_age`] asks nothing again of links that answered. Failures
//! are always asked again: a dead link must not stay dead in the cache after it is fixed.
//! Nothing here runs during `build` or `check` without `--external`.

use crate::diagnostics::Diagnostic;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How external links are checked.
#[derive(Debug, Clone)]
pub struct Options {
    /// The cache file (created with its folder when missing).
    pub cache: PathBuf,
    /// How long an answer that worked is trusted.
    pub max_age: Duration,
    /// The least time between two requests to one host.
    pub interval: Duration,
    /// How long one request may take, connection included.
    pub timeout: Duration,
    /// How many hosts are asked at once.
    pub hosts_at_once: usize,
}

impl Options {
    /// The defaults, with the cache in `root`'s `.dossier-cache/`.
    pub fn new(root: &Path) -> Options {
        Options {
            cache: root.join(".dossier-cache").join("external-links.tsv"),
            max_age: Duration::from_secs(7 * 24 * 3600),
            interval: Duration::from_secs(1),
            timeout: Duration::from_secs(15),
            hosts_at_once: 4,
        }
    }
}

/// What one link answered.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Answer {
    /// A status below 400 (after redirects).
    Ok(u16),
    /// The host asks us to slow down (429): not the link's fault, so a warning.
    Busy,
    /// A status of 400 or more, or no answer at all.
    Broken(String),
}

/// Every external link of the `.html` files in `files`, with the pages that carry it (sorted).
pub fn collect<K: std::borrow::Borrow<str> + Ord, B: AsRef<[u8]>>(
    files: &BTreeMap<K, B>,
) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let html = (files.iter()).map(|(p, b)| (p.borrow(), b));
    for (page, bytes) in html.filter(|(p, _)| p.ends_with(".html")) {
        let Ok(text) = std::str::from_utf8(bytes.as_ref()) else {
            continue;
        };
        for link in super::links::attributes(text, &["href", "src"]) {
            let lower = link.to_ascii_lowercase();
            if !(lower.starts_with("http://") || lower.starts_with("https://")) {
                continue;
            }
            // The fragment is the browser's business, not the server's.
            let url = link.split('#').next().unwrap_or_default().to_string();
            let pages = out.entry(url).or_default();
            if pages.last().map(String::as_str) != Some(page) {
                pages.push(page.to_string());
            }
        }
    }
    out
}

/// Checks `links` (from [`collect`]) and returns one diagnostic per link that failed.
pub fn check(links: &BTreeMap<String, Vec<String>>, opts: &Options) -> Vec<Diagnostic> {
    let now = unix_now();
    let mut cache = read_cache(&opts.cache);
    let mut by_host: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for url in links.keys() {
        let fresh = cache.get(url).is_some_and(|(at, a)| {
            matches!(a, Answer::Ok(_)) && now.saturating_sub(*at) < opts.max_age.as_secs()
        });
        if !fresh {
            by_host.entry(host(url)).or_default().push(url.clone());
        }
    }
    let answers = ask_all(by_host, opts);
    for (url, a) in answers {
        cache.insert(url, (now, a));
    }
    let mut diags = Vec::new();
    for (url, pages) in links {
        match cache.get(url).map(|(_, a)| a) {
            Some(Answer::Broken(why)) => diags.push(
                Diagnostic::error("broken-external-link", format!("`{url}`: {why}"))
                    .hint(format!("{}; fix it in the dossier's sources, or link an archived copy (for example on web.archive.org)", on_pages(pages))),
            ),
            Some(Answer::Busy) => diags.push(
                Diagnostic::warning(
                    "external-link-unchecked",
                    format!("`{url}`: the host asked us to slow down (429)"),
                )
                .hint(format!("{}; run the check again later", on_pages(pages))),
            ),
            _ => {}
        }
    }
    if let Err(e) = write_cache(&opts.cache, &cache) {
        diags.push(
            Diagnostic::warning("io", format!("cannot write {}: {e}", opts.cache.display()))
                .hint("the next run will ask every link again"),
        );
    }
    diags
}

/// "on articles/a.html" or "on articles/a.html and 3 more pages".
fn on_pages(pages: &[String]) -> String {
    match pages {
        [] => "on no page".into(),
        [one] => format!("on {one}"),
        [first, rest @ ..] => format!(
            "on {first} and {} more page{}",
            rest.len(),
            if rest.len() == 1 { "" } else { "s" }
        ),
    }
}

/// The host part of a URL, lower-cased (for the per-host queue).
fn host(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .unwrap_or_default()
}

/// Asks every host's links, `hosts_at_once` hosts in parallel, each host's one at a time.
fn ask_all(by_host: BTreeMap<String, Vec<String>>, opts: &Options) -> Vec<(String, Answer)> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(opts.timeout))
        .http_status_as_error(false)
        .user_agent(concat!("dossier-link-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let queue = Mutex::new(by_host.into_iter().collect::<Vec<_>>());
    let answers = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..opts.hosts_at_once.max(1) {
            s.spawn(|| {
                loop {
                    let Some((_, urls)) = queue.lock().expect("queue lock").pop() else {
                        break;
                    };
                    for (k, url) in urls.into_iter().enumerate() {
                        if k > 0 {
                            // The rate limit: a pause between two requests to one host.
                            std::thread::sleep(opts.interval);
                        }
                        let a = ask(&agent, &url);
                        answers.lock().expect("answers lock").push((url, a));
                    }
                }
            });
        }
    });
    answers.into_inner().expect("answers lock")
}

/// One link: `HEAD`, then `GET` when the server will not answer `HEAD` properly.
fn ask(agent: &ureq::Agent, url: &str) -> Answer {
    let status = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| {
        r.map(|resp| resp.status().as_u16())
    };
    let mut got = status(agent.head(url).call());
    if matches!(got, Ok(403 | 405 | 501) | Err(_)) {
        got = status(agent.get(url).call());
    }
    match got {
        Ok(429) => Answer::Busy,
        Ok(code) if code < 400 => Answer::Ok(code),
        Ok(code) => Answer::Broken(format!(
            "the server answered {code}{}",
            reason(code).map(|r| format!(" {r}")).unwrap_or_default()
        )),
        Err(e) => Answer::Broken(format!("no answer: {e}")),
    }
}

fn reason(code: u16) -> Option<&'static str> {
    ureq::http::StatusCode::from_u16(code)
        .ok()
        .and_then(|c| c.canonical_reason())
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

type Cache = BTreeMap<String, (u64, Answer)>;

/// The cache: one line per link, `url TAB unix-time TAB status-or-0 TAB why`. A missing or
/// unreadable cache is an empty one.
fn read_cache(path: &Path) -> Cache {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Cache::new();
    };
    text.lines()
        .filter_map(|line| {
            let mut f = line.splitn(4, '\t');
            let (url, at, code, why) = (f.next()?, f.next()?, f.next()?, f.next()?);
            let code: u16 = code.parse().ok()?;
            let a = match code {
                429 => Answer::Busy,
                1..400 => Answer::Ok(code),
                _ => Answer::Broken(why.to_string()),
            };
            Some((url.to_string(), (at.parse().ok()?, a)))
        })
        .collect()
}

fn write_cache(path: &Path, cache: &Cache) -> std::io::Result<()> {
    let mut text = String::from("");
    for (url, (at, a)) in cache {
        let (code, why) = match a {
            Answer::Ok(c) => (*c, ""),
            Answer::Busy => (429, ""),
            Answer::Broken(w) => (0, w.as_str()),
        };
        let why = why.replace(['\t', '\n'], " ");
        text.push_str(&format!("{url}\t{at}\t{code}\t{why}\n"));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    // Written beside and renamed, so an interrupted run never leaves half a cache.
    let tmp = path.with_extension("tsv.tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_http_links_once_per_page_without_fragments() {
        let mut files = BTreeMap::new();
        files.insert(
            "a.html".to_string(),
            r#"<a href="https://x.org/p#f">1</a><a href="https://x.org/p">2</a><a href="b.html">3</a><a href="mailto:m@x.org">4</a>"#
                .as_bytes()
                .to_vec(),
        );
        files.insert(
            "b.html".to_string(),
            br#"<img src="HTTP://y.org/i.png" alt="">"#.to_vec(),
        );
        let got = collect(&files);
        assert_eq!(
            got.into_iter().collect::<Vec<_>>(),
            vec![
                ("HTTP://y.org/i.png".to_string(), vec!["b.html".to_string()]),
                ("https://x.org/p".to_string(), vec!["a.html".to_string()]),
            ]
        );
    }

    #[test]
    fn the_cache_reads_back_what_it_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c").join("links.tsv");
        let mut c = Cache::new();
        c.insert("https://a/".into(), (5, Answer::Ok(200)));
        c.insert(
            "https://b/".into(),
            (6, Answer::Broken("the server\tanswered 404".into())),
        );
        c.insert("https://c/".into(), (7, Answer::Busy));
        write_cache(&path, &c).unwrap();
        let back = read_cache(&path);
        assert_eq!(back["https://a/"], (5, Answer::Ok(200)));
        assert_eq!(
            back["https://b/"],
            (6, Answer::Broken("the server answered 404".into()))
        );
        assert_eq!(back["https://c/"], (7, Answer::Busy));
    }
}
