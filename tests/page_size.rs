//! Pages stay bounded however large the dossier: a generated dossier where one person is in
//! every article builds with no HTML page over the bound, and that person's paginated lists
//! together name every article and every statement the annotations give them.

mod common;
use common::*;
use std::collections::BTreeSet;
use std::path::Path;

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

#[test]
fn one_person_in_every_article_gives_bounded_pages_that_list_everything() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("d");
    let opts = corpus::Options {
        seed: 5,
        hugo: None,
        one_person_everywhere: true,
    };
    corpus::generate_with(&root, ARTICLES, &opts).unwrap();
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
    for e in std::fs::read_dir(root.join("content/articles")).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "toml") {
            let ann: toml::Table = std::fs::read_to_string(&path).unwrap().parse().unwrap();
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
}
