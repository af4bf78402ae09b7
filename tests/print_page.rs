//! The printable dossier (`print/`): linked from the home page, it holds the story so far,
//! each article's text with its annotations (note bodies included), the people, issues and
//! disputed points, with no id used twice and no broken link; and on a dossier larger than
//! its cap, it holds the full text of only the newest articles and says how many it leaves out.

mod common;
use common::*;

/// The body of the first `[[note]]` of an article's annotation file, as TOML reads it.
fn first_note_body(toml_file: &std::path::Path) -> String {
    let t: toml::Table = toml::from_str(&std::fs::read_to_string(toml_file).unwrap()).unwrap();
    t["note"].as_array().unwrap()[0]["body"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The count of `needle` in `hay`.
fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

#[test]
fn print_page_holds_the_whole_seed_dossier() {
    let root = copy_dossier(&repo());
    let (site, _guard) = build(root.path());
    let home = read(&site, "index.html");
    assert!(
        attr_values(&home, "href").contains(&"print/".to_string()),
        "the home page does not link to print/"
    );
    let html = read(&site, "print/index.html");
    let page = text(&html);
    let articles = root.path().join("content/articles");
    let mut slugs: Vec<String> = std::fs::read_dir(&articles)
        .unwrap()
        .filter_map(|e| {
            let p = e.unwrap().path();
            (p.extension()? == "md").then(|| p.file_stem()?.to_str().map(String::from))?
        })
        .collect();
    slugs.sort();
    assert_eq!(count(&html, "class=\"print-article"), slugs.len());
    for slug in &slugs {
        // The article's last line of text (a plain line of the Markdown) is on the page.
        let md = std::fs::read_to_string(articles.join(format!("{slug}.md"))).unwrap();
        let line = md
            .lines()
            .rev()
            .find(|l| l.len() > 40 && l.chars().all(|c| !"*_[]`#<>\\".contains(c)))
            .unwrap_or_else(|| panic!("{slug}: no plain line"));
        let words: String = line
            .split_whitespace()
            .take(6)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(page.contains(&words), "{slug}: {words:?} is not on print/");
    }
    // A note's body, as the analyst wrote it (its first plain words).
    let note = first_note_body(&articles.join("moscow-times-2025-06-10-talks-very-soon.toml"));
    let words = note.split('[').next().unwrap().trim();
    assert!(
        words.len() > 10 && page.contains(words),
        "{words:?} is not on print/"
    );
    // The story so far, from content/index.md.
    assert!(html.contains("id=\"story\""), "no story on print/");
    // Articles share no id on one page, and every link (fragments included) leads somewhere.
    let ids = attr_values(&html, "id");
    let unique: std::collections::BTreeSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "an id is used twice on print/");
    let broken: Vec<String> = broken_links(&site)
        .into_iter()
        .filter(|b| b.starts_with("print/"))
        .collect();
    assert!(broken.is_empty(), "broken links: {broken:?}");
}

#[test]
fn print_page_is_bounded_on_a_large_dossier() {
    const ARTICLES: usize = 120;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    corpus::generate(&root, ARTICLES, 7, None).unwrap();
    let (site, _guard) = build(&root);
    let html = read(&site, "print/index.html");
    let shown = count(&html, "class=\"print-article");
    assert!(
        (1..=dossier::render::pages::PRINT_ARTICLES).contains(&shown),
        "{shown} articles in full on print/"
    );
    // The articles' text stays within its byte cap (with the lists and chrome around it).
    let cap = dossier::render::pages::PRINT_BYTES;
    assert!(html.len() < cap * 2, "print/ is {} bytes", html.len());
    let says = format!("newest {shown} of {ARTICLES} articles");
    assert!(text(&html).contains(&says), "print/ does not say {says:?}");
    // The newest article is there, the oldest is not.
    let articles = read(&site, "articles/index.html");
    let slugs: Vec<String> = attr_values(&articles, "href")
        .into_iter()
        .filter_map(|h| h.strip_prefix("../articles/").map(String::from))
        .filter(|s| !s.is_empty() && !s.starts_with("index-"))
        .collect();
    let (newest, on_page_one_last) = (&slugs[0], &slugs[slugs.len() - 1]);
    assert!(
        html.contains(&format!("../articles/{newest}\"")),
        "{newest} not on print/"
    );
    // The index's first page lists the newest 500: its last is older than the newest 50.
    assert!(!html.contains(&format!("../articles/{on_page_one_last}\"")));
}
