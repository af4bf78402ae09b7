//! The benchmark corpus generator: its output is a valid dossier, deterministic for a seed,
//! and its Hugo twin holds the same articles.

mod common;
use common::*;

#[test]
fn a_generated_dossier_checks_clean_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    let hugo = dir.path().join("hugo");
    corpus::generate(&root, 120, 7, Some(&hugo)).unwrap();
    let (exit, diags) = check_json(&root);
    assert_eq!(exit, 0);
    assert!(
        diags.iter().all(|d| d["severity"] == "warning"),
        "{diags:#?}"
    );
    let (site, _g) = build(&root);
    assert!(broken_links(&site).is_empty());
    assert_eq!(
        files(&site)
            .iter()
            .filter(|f| f.starts_with("articles/article-"))
            .count(),
        120
    );
    // Every article carries the annotations the benchmark promises.
    let toml = std::fs::read_to_string(root.join("content/articles/article-000042.toml")).unwrap();
    assert_eq!(toml.matches("[[mention]]").count(), 8);
    assert_eq!(toml.matches("[[quote]]").count(), 3);
    assert_eq!(toml.matches("[[event]]").count(), 2);
    assert_eq!(toml.matches("[[note]]").count(), 1);
    let words = std::fs::read_to_string(root.join("content/articles/article-000042.md"))
        .unwrap()
        .split_whitespace()
        .count();
    assert!((450..800).contains(&words), "{words} words");
    // The Hugo twin has the same articles.
    assert_eq!(
        std::fs::read_dir(hugo.join("content/articles"))
            .unwrap()
            .count(),
        120
    );
    assert!(
        hugo.join("config.toml").is_file() && hugo.join("layouts/_default/single.html").is_file()
    );
}

#[test]
fn the_corpus_is_deterministic_for_a_seed() {
    let dir = tempfile::tempdir().unwrap();
    let generate = |name: &str, seed: u64| {
        let p = dir.path().join(name);
        corpus::generate(&p, 40, seed, None).unwrap();
        files(&p)
            .into_iter()
            .map(|f| (f.clone(), std::fs::read(p.join(&f)).unwrap()))
            .collect::<Vec<_>>()
    };
    let (a, b, c) = (generate("a", 3), generate("b", 3), generate("c", 4));
    assert_eq!(a, b);
    assert_ne!(a, c);
}
