//! `dossier bundle`: the zip is deterministic, self-contained, and works from `file://` in a
//! real browser (Debian's chromium driven by playwright-core; `bash .ci/install` installs both).

mod common;
use common::*;
use dossier::site::{Site, url};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

const BASE: &str = "https://dossier.example.net/irritants/";

/// The seed dossier, copied, with a base_url so that a canonical link would have somewhere to
/// point (the bundle must not keep it).
fn seed_with_base_url() -> tempfile::TempDir {
    let dir = copy_dossier(&repo());
    let toml = std::fs::read_to_string(dir.path().join("site.toml")).unwrap();
    let toml = format!("base_url = \"{BASE}\"\n{toml}");
    std::fs::write(dir.path().join("site.toml"), toml).unwrap();
    dir
}

fn bundle(root: &Path, out: Option<&Path>) -> std::process::Output {
    let mut args = vec!["bundle", "--root", root.to_str().unwrap()];
    if let Some(o) = out {
        args.extend(["-o", o.to_str().unwrap()]);
    }
    run(&args)
}

/// Every entry of a zip, by path.
fn unzip(zip: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        out.insert(f.name().unwrap().to_string(), bytes);
    }
    out
}

/// The opening tags named `tag` in `html`, each as its attribute text.
fn tags<'h>(html: &'h str, tag: &str) -> Vec<&'h str> {
    let open = format!("<{tag} ");
    html.match_indices(&open)
        .map(|(i, _)| {
            let rest = &html[i + open.len()..];
            &rest[..rest.find('>').unwrap()]
        })
        .collect()
}

fn attr<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let needle = format!("{name}=\"");
    let i = tag.find(&needle)? + needle.len();
    Some(&tag[i..i + tag[i..].find('"')?])
}

/// `link` (relative to the file `from`) as a path inside the bundle, without fragment or query.
fn resolve(from: &str, link: &str) -> String {
    let path = link.split(['#', '?']).next().unwrap();
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    if path.is_empty() {
        return from.to_string();
    }
    for seg in path.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[test]
fn bundle_is_deterministic_and_points_only_inside_itself() {
    let root = seed_with_base_url();
    let out = bundle(root.path(), None);
    assert!(out.status.success(), "{}", stderr(&out));
    // The default name is a slug of the title in site.toml.
    let zip = root
        .path()
        .join("dist/irritants-the-2025-russia-us-embassy-talks.zip");
    assert!(
        stdout(&out).contains(&zip.display().to_string()),
        "{}",
        stdout(&out)
    );
    let again = root.path().join("again.zip");
    assert!(bundle(root.path(), Some(&again)).status.success());
    assert!(
        std::fs::read(&zip).unwrap() == std::fs::read(&again).unwrap(),
        "two bundles of the same dossier differ"
    );

    let files = unzip(&zip);
    let paths: BTreeSet<&str> = files.keys().map(String::as_str).collect();
    for p in [
        "index.html",
        "search/index.html",
        "search.js",
        "search/index.js",
        "dossier.css",
    ] {
        assert!(paths.contains(p), "{p} missing from the bundle");
    }
    let mut external = 0;
    let mut checked = 0;
    for (path, bytes) in &files {
        let Ok(text) = std::str::from_utf8(bytes) else {
            continue;
        };
        let host = BASE.trim_start_matches("https://").trim_end_matches('/');
        assert!(!text.contains(host), "{path} names the published site");
        for bad in ["href=\"/", "src=\"/", "url(/", "url(\"/"] {
            assert!(
                !text.contains(bad),
                "{path} has a root-relative link ({bad})"
            );
        }
        // Search loads scripts only: nothing a file:// page may not do.
        for banned in [
            "fetch(",
            "XMLHttpRequest",
            "type=\"module\"",
            "serviceWorker",
            "WebAssembly",
            "import(",
        ] {
            assert!(!text.contains(banned), "{path} uses {banned}");
        }
        if !path.ends_with(".html") {
            continue;
        }
        let links = tags(text, "a")
            .into_iter()
            .chain(tags(text, "link"))
            .filter_map(|t| attr(t, "href").map(|h| (t, h)))
            .chain(
                tags(text, "script")
                    .into_iter()
                    .filter_map(|t| attr(t, "src").map(|s| (t, s))),
            )
            .chain(
                tags(text, "form")
                    .into_iter()
                    .filter_map(|t| attr(t, "action").map(|s| (t, s))),
            );
        for (tag, link) in links {
            let link = link.replace("&amp;", "&");
            if link.starts_with("http://") || link.starts_with("https://") {
                // Only links to the original articles (and outlets) leave, marked as such.
                let rel = attr(tag, "rel").unwrap_or("");
                assert!(
                    rel.contains("external") && rel.contains("noopener"),
                    "{path}: {link} leaves the bundle unmarked"
                );
                let after = &text[text.find(tag).unwrap()..];
                let anchor = &after[..after.find("</a>").unwrap()];
                assert!(
                    anchor.contains("(external site)"),
                    "{path}: {link} has no visible marker"
                );
                external += 1;
                continue;
            }
            assert!(!link.contains(':'), "{path}: unexpected scheme in {link}");
            let target = resolve(path, &link);
            assert!(
                !link.split('#').next().unwrap().ends_with('/'),
                "{path}: {link} names a directory"
            );
            assert!(
                paths.contains(target.as_str()),
                "{path}: {link} → {target} is not in the bundle"
            );
            checked += 1;
        }
    }
    assert!(checked > 1000, "only {checked} links checked");
    assert!(
        external >= 4,
        "only {external} external links: the originals should be there"
    );
}

#[test]
fn bundle_never_replaces_a_file_it_did_not_make() {
    let root = copy_dossier(&repo());
    let target = root.path().join("notes.zip");
    std::fs::write(&target, b"my own notes").unwrap();
    let out = bundle(root.path(), Some(&target));
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("is not a bundle made by dossier"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&target).unwrap(), b"my own notes");
    // A bundle it made is replaced.
    let ours = root.path().join("ours.zip");
    assert!(bundle(root.path(), Some(&ours)).status.success());
    assert!(bundle(root.path(), Some(&ours)).status.success());
}

/// The heading each page should show, from the dossier's data.
fn expected_headings(site: &Site) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    m.insert("index.html".to_string(), site.config.title.clone());
    for a in &site.articles {
        m.insert(url::page_file(&url::article(&a.slug)), a.title.clone());
    }
    for p in &site.people {
        m.insert(url::page_file(&url::person(&p.id)), p.name.clone());
    }
    for i in &site.issues {
        m.insert(url::page_file(&url::issue(&i.id)), i.title.clone());
    }
    for e in &site.events {
        m.insert(url::page_file(&url::event(&e.id)), e.title.clone());
    }
    for d in site.dates.keys() {
        m.insert(url::page_file(&url::date(d)), d.to_string());
    }
    m
}

#[test]
fn bundle_works_offline_in_chromium() {
    let (chromium, _, _) = playwright();
    let root = copy_dossier(&repo());
    let zip = root.path().join("seed.zip");
    let out = bundle(root.path(), Some(&zip));
    assert!(out.status.success(), "{}", stderr(&out));
    let unpacked = tempfile::tempdir().unwrap();
    zip::ZipArchive::new(std::fs::File::open(&zip).unwrap())
        .unwrap()
        .extract(unpacked.path())
        .unwrap();

    let query = "Darchiyev";
    let steps = r#"["articles/","people/","issues/index.html","issues/","events/","dates/"]"#;
    let r = browser_script(
        "tests/bundle_walk.js",
        &[
            "walk".as_ref(),
            unpacked.path().as_os_str(),
            chromium.as_os_str(),
            steps.as_ref(),
            query.as_ref(),
        ],
    );
    let list = |k: &str| r[k].as_array().unwrap().clone();
    assert!(
        list("outside").is_empty(),
        "requests left the bundle: {:?}",
        r["outside"]
    );
    assert!(
        list("failed").is_empty(),
        "failed requests: {:?}",
        r["failed"]
    );
    assert!(
        list("console").is_empty(),
        "console errors: {:?}",
        r["console"]
    );
    assert!(r["stuck"].is_null(), "{}", r["stuck"]);

    let Ok(prepared) = dossier::pipeline::prepare(&repo()) else {
        panic!("the seed loads")
    };
    let site = prepared.site;
    let headings = expected_headings(&site);
    let pages = list("pages");
    let visited: Vec<&str> = pages.iter().map(|p| p["url"].as_str().unwrap()).collect();
    assert_eq!(visited.len(), 7, "{visited:?}");
    for (p, prefix) in visited.iter().zip([
        "index.html",
        "articles/",
        "people/",
        "issues/index.html",
        "issues/",
        "events/",
        "dates/",
    ]) {
        assert!(p.starts_with(prefix), "walked to {p}, expected {prefix}…");
    }
    for p in pages.iter().filter(|p| p["url"] != "issues/index.html") {
        let url = p["url"].as_str().unwrap();
        assert_eq!(
            p["h1"].as_str(),
            Some(headings[url].as_str()),
            "heading of {url}"
        );
    }
    let followed = list("followed");
    assert!(
        followed.len() > 100,
        "only {} distinct links followed",
        followed.len()
    );
    for f in followed.iter().filter(|f| f["external"].is_null()) {
        assert!(f["h1"] == true, "{f} opened a page without a heading");
        assert!(f["target"] == true, "{f}: the fragment is not on the page");
    }

    // The name as The Moscow Times spells it finds the person and the passages that spell it.
    let search = &r["search"];
    assert_eq!(search["expanded"], "true");
    let options: Vec<&serde_json::Value> = search["groups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["options"].as_array().unwrap())
        .collect();
    let darchiev = site
        .people
        .iter()
        .find(|p| p.aliases.iter().any(|a| a.contains(query)))
        .unwrap();
    // The search index names files too: a folder does not open from file://.
    assert_eq!(
        options[0]["href"],
        url::page_file(&url::person(&darchiev.id)),
        "{search}"
    );
    let spelled: BTreeSet<String> = site
        .articles
        .iter()
        .filter(|a| a.text.contains(query))
        .map(|a| url::page_file(&url::article(&a.slug)))
        .collect();
    assert!(!spelled.is_empty());
    for a in &spelled {
        let hit = options
            .iter()
            .find(|o| o["href"].as_str().unwrap().starts_with(&format!("{a}#P")));
        let hit = hit.unwrap_or_else(|| panic!("no passage of {a} in {search}"));
        assert!(
            hit["marked"].as_array().unwrap().iter().any(|m| m == query),
            "{hit}"
        );
    }
    let landed = &r["landed"];
    assert_eq!(
        landed["url"], landed["chosen"]["href"],
        "Enter opens the chosen result"
    );
    assert_eq!(search["active"], landed["chosen"]["id"]);
    assert!(
        landed["inView"] == true,
        "the passage is not in view: {landed}"
    );
    assert!(landed["text"].as_str().unwrap().contains(query), "{landed}");
    let page = landed["url"].as_str().unwrap().split('#').next().unwrap();
    assert_eq!(landed["h1"].as_str(), Some(headings[page].as_str()));
}
