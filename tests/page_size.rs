//! Pages stay bounded however large the dossier: a generated dossier where one person is in
//! every article builds with no HTML page over the bound, and that person's paginated lists
//! together name every article and every statement the annotations give them.

mod common;
use common::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// No page of a 100,000-article dossier may be larger (issue 9).
const BOUND: u64 = 300 * 1024;
const ARTICLES: usize = 2500;

/// The links (resolved, fragment kept) in attribute `attr` of every page under `prefix`
/// (a list's pages: `people/x/articles/index.html`, `…/articles-2/index.html`).
fn links_on(site: &Path, prefix: &str, attr: &str) -> BTreeSet<(String, Option<String>)> {
    let pages: Vec<String> = files(site)
        .into_iter()
        .filter(|f| f.starts_with(prefix) && f.ends_with(".html"))
        .collect();
    assert!(!pages.is_empty(), "no pages under {prefix}");
    pages
        .iter()
        .flat_map(|p| {
            let html = read(site, p);
            attr_values(&html, attr)
                .into_iter()
                .map(|h| resolve_href(p, &h))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// A generated dossier of `articles` articles in `dir`.
fn generated(dir: &Path, articles: usize, seed: u64, one_person_everywhere: bool) -> PathBuf {
    let root = dir.join("d");
    let opts = corpus::Options {
        seed,
        hugo: None,
        one_person_everywhere,
    };
    corpus::generate_with(&root, articles, &opts).unwrap();
    root
}

#[test]
fn one_person_in_every_article_gives_bounded_pages_that_list_everything() {
    let dir = tempfile::tempdir().unwrap();
    let root = generated(dir.path(), ARTICLES, 5, true);
    let (site, _out) = build(&root);

    // Every page under the bound.
    let big: Vec<String> = files(&site)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .filter(|f| std::fs::metadata(site.join(f)).unwrap().len() > BOUND)
        .collect();
    assert!(big.is_empty(), "pages over {BOUND} bytes: {big:?}");

    // The person in every article, and their statements, from the annotations.
    let people = std::fs::read_to_string(root.join("content/people.toml")).unwrap();
    let id = people
        .lines()
        .find_map(|l| l.strip_prefix('[')?.strip_suffix(']'))
        .unwrap()
        .to_string();
    let mut slugs = BTreeSet::new();
    let mut statements = 0;
    let mut annotations = 0;
    for e in std::fs::read_dir(root.join("content/articles")).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "toml") {
            let ann: toml::Table = std::fs::read_to_string(&path).unwrap().parse().unwrap();
            annotations += ["mention", "quote", "event", "note"]
                .iter()
                .filter_map(|k| ann.get(*k)?.as_array().map(Vec::len))
                .sum::<usize>();
            let quotes = ann.get("quote").and_then(|q| q.as_array());
            statements += quotes
                .into_iter()
                .flatten()
                .filter(|q| q.get("speaker").and_then(|s| s.as_str()) == Some(id.as_str()))
                .count();
            slugs.insert(path.file_stem().unwrap().to_string_lossy().to_string());
        }
    }
    assert_eq!(slugs.len(), ARTICLES);
    assert!(
        statements > 200,
        "the generator gives them {statements} statements"
    );

    // The person's page shows a part and links to the whole; the whole lists every article.
    let page = read(&site, &format!("people/{id}/index.html"));
    assert!(
        page.contains(&format!("All {ARTICLES} articles")),
        "the person page links to all {ARTICLES} articles"
    );
    let listed: BTreeSet<String> = links_on(&site, &format!("people/{id}/articles"), "href")
        .into_iter()
        .filter_map(|(p, frag)| {
            let slug = p.strip_prefix("articles/")?.strip_suffix("/index.html")?;
            (frag.is_none() && !slug.starts_with("index")).then(|| slug.to_string())
        })
        .collect();
    assert_eq!(listed, slugs, "the article list pages name every article");

    // Every statement once: each quote cites its passage.
    let cited = links_on(&site, &format!("people/{id}/statements"), "cite");
    assert_eq!(
        cited.len(),
        statements,
        "the statement pages hold every statement"
    );
    assert!(
        cited
            .iter()
            .all(|(p, f)| p.starts_with("articles/") && f.is_some())
    );

    annotation_pages_hold_every_annotation_once(&site, annotations);
    json_pages_hold_every_article_once(&site, &slugs);
}

/// `dossier.json` lists its further pages; each holds its share of the articles, with their
/// quotes and notes, and together they hold every article once.
fn json_pages_hold_every_article_once(site: &Path, slugs: &BTreeSet<String>) {
    use dossier::publish::export::PER_PAGE;
    let json = |f: &str| -> serde_json::Value { serde_json::from_str(&read(site, f)).unwrap() };
    let first = json("dossier.json");
    let more: Vec<String> = (first["pages"].as_array().unwrap().iter())
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    assert_eq!(more.len(), slugs.len().div_ceil(PER_PAGE) - 1, "{more:?}");
    let mut listed = Vec::new();
    for (k, page) in std::iter::once(first)
        .chain(more.iter().map(|f| json(f)))
        .enumerate()
    {
        assert_eq!(page["format"], "dossier-json/2");
        assert!(k == 0 || page["page"] == k + 1, "{}", page["page"]);
        let here: BTreeSet<&str> = (page["articles"].as_array().unwrap().iter())
            .map(|a| a["slug"].as_str().unwrap())
            .collect();
        assert!(!here.is_empty() && here.len() <= PER_PAGE);
        for list in ["quotes", "notes"] {
            for x in page[list].as_array().unwrap() {
                let article = x["article"].as_str().unwrap();
                assert!(
                    here.contains(article),
                    "page {}: {list} of {article}",
                    k + 1
                );
            }
        }
        listed.extend(here.into_iter().map(String::from));
    }
    let once: BTreeSet<String> = listed.iter().cloned().collect();
    assert_eq!(listed.len(), once.len(), "an article on two pages");
    assert_eq!(&once, slugs);
    let mut written: Vec<String> = (files(site).into_iter())
        .filter(|f| f.starts_with("dossier/"))
        .collect();
    written.sort();
    let mut more = more;
    more.sort();
    assert_eq!(written, more);
}

/// The Web Annotation collection is paged: from the collection, `next` leads through every
/// page file once, each page starts where the one before ended and is no longer than a page,
/// `prev` leads back, and together they hold every annotation once.
fn annotation_pages_hold_every_annotation_once(site: &Path, annotations: usize) {
    use dossier::publish::annotations::PER_PAGE;
    let json = |f: &str| -> serde_json::Value { serde_json::from_str(&read(site, f)).unwrap() };
    let collection = json("annotations.jsonld");
    assert_eq!(collection["type"], "AnnotationCollection");
    assert_eq!(collection["total"].as_u64(), Some(annotations as u64));
    let (mut file, mut page) = (
        "annotations.jsonld".to_string(),
        collection["first"].clone(),
    );
    let (mut ids, mut read_files, mut count) = (BTreeSet::new(), vec![file.clone()], 0);
    loop {
        assert_eq!(page["type"], "AnnotationPage", "{file}");
        assert_eq!(page["startIndex"].as_u64(), Some(count as u64), "{file}");
        let items = page["items"].as_array().unwrap();
        assert!(!items.is_empty() && items.len() <= PER_PAGE, "{file}");
        count += items.len();
        ids.extend(items.iter().map(|i| i["id"].as_str().unwrap().to_string()));
        let Some(next) = page["next"].as_str() else {
            break;
        };
        let prev = file.clone();
        file = next.to_string();
        page = json(&file);
        assert_eq!(page["prev"].as_str(), Some(prev.as_str()), "{file}");
        assert_eq!(page["partOf"]["id"], "annotations.jsonld", "{file}");
        read_files.push(file.clone());
    }
    assert!(
        read_files.len() > 2,
        "{annotations} annotations fill only {read_files:?}"
    );
    assert_eq!(collection["last"].as_str(), Some(file.as_str()));
    assert_eq!((count, ids.len()), (annotations, annotations));
    let mut written: Vec<String> = files(site)
        .into_iter()
        .filter(|f| f.ends_with(".jsonld"))
        .collect();
    written.sort();
    read_files.sort();
    assert_eq!(written, read_files, "page files that no page leads to");
}

/// The ids of a registry: its table headers.
fn registry_ids(root: &Path, file: &str) -> BTreeSet<String> {
    std::fs::read_to_string(root.join("content").join(file))
        .unwrap()
        .lines()
        .filter_map(|l| Some(l.strip_prefix('[')?.strip_suffix(']')?.to_string()))
        .collect()
}

#[test]
fn every_entity_index_is_paginated_and_its_pages_together_list_each_entity_once() {
    const SIZE: usize = 2;
    let dir = tempfile::tempdir().unwrap();
    let root = generated(dir.path(), 600, 7, false);
    let toml = root.join("site.toml");
    let mut site_toml = std::fs::read_to_string(&toml).unwrap();
    assert!(!site_toml.contains("[options]"));
    site_toml.push_str(&format!("\n[options]\nindex_page_size = {SIZE}\n"));
    std::fs::write(&toml, site_toml).unwrap();
    let (site, _out) = build(&root);
    let all = files(&site);
    for (folder, registry) in [
        ("people", "people.toml"),
        ("issues", "issues.toml"),
        ("outlets", "outlets.toml"),
    ] {
        let ids = registry_ids(&root, registry);
        assert!(ids.len() > 2 * SIZE, "{registry}: {} ids", ids.len());
        // The index pages: the folder's own, then `index-2/` on.
        let pages: Vec<&String> = all
            .iter()
            .filter(|f| {
                let rest = f.strip_prefix(&format!("{folder}/")).unwrap_or("");
                rest == "index.html"
                    || rest
                        .strip_prefix("index-")
                        .is_some_and(|r| r.ends_with("/index.html"))
            })
            .collect();
        assert_eq!(pages.len(), ids.len().div_ceil(SIZE), "{folder}: {pages:?}");
        let mut listed = Vec::new();
        for p in &pages {
            let html = read(&site, p);
            let here: Vec<String> = attr_values(&html, "href")
                .into_iter()
                .filter_map(|h| {
                    let (target, _) = resolve_href(p, &h);
                    let id = target
                        .strip_prefix(&format!("{folder}/"))?
                        .strip_suffix("/index.html")?;
                    (!id.contains('/') && ids.contains(id)).then(|| id.to_string())
                })
                .collect();
            assert!(
                !here.is_empty() && here.len() <= SIZE,
                "{p} lists {} entities",
                here.len()
            );
            // Its pager leads to every other page of the index.
            let linked: BTreeSet<String> = attr_values(&html, "href")
                .into_iter()
                .map(|h| resolve_href(p, &h).0)
                .collect();
            for other in &pages {
                assert!(other == p || linked.contains(*other), "{p} lacks {other}");
            }
            listed.extend(here);
        }
        listed.sort();
        let expected: Vec<String> = ids.into_iter().collect();
        assert_eq!(listed, expected, "{folder}: each entity once");
    }
}
