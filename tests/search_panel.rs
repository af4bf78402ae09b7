//! The header's search panel in a real browser (Debian's chromium driven by playwright-core;
//! `bash .ci/install` installs both), on a generated dossier large enough for hit previews
//! (in the term shards): for common words, names and prefixes, every group of the panel shows
//! exactly the first results of the same group on the search page (which never reads a
//! preview), and a word with a preview is answered from it without loading item scripts or
//! decoding postings.

mod common;
use common::*;

/// Common words, prefixes, and a word standing for two stems (the word and its completions).
const QUERIES: &[&str] = &[
    "agreement",
    "talks",
    "sanctions",
    "pres",
    "pro",
    "president",
];

#[test]
fn the_panel_shows_the_first_results_of_the_search_page() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    common::corpus::generate(&root, 200, 3, None).unwrap();
    let (site, _g) = build(&root);
    let previews = std::fs::read_dir(site.join("search/p")).map_or(0, |d| d.count());
    assert!(previews > 0, "a 200-article dossier has previewed stems");
    let (chromium, _, _) = playwright();
    // And the family name of the first person of the registry.
    let people = std::fs::read_to_string(root.join("content/people.toml")).unwrap();
    let name = people
        .lines()
        .find_map(|l| l.strip_prefix("name = \""))
        .and_then(|n| n.trim_end_matches('"').split(' ').next_back())
        .expect("a person");
    let mut queries: Vec<&str> = QUERIES.to_vec();
    queries.push(name);
    let queries = serde_json::to_string(&queries).unwrap();
    let r = browser_script(
        "tests/search_panel.js",
        &[chromium.as_os_str(), site.as_os_str(), queries.as_ref()],
    );
    assert_eq!(r["outside"], serde_json::json!([]), "requests left file://");
    assert_eq!(r["errors"], serde_json::json!([]), "console errors");
    let mut answered_from_previews = 0;
    let mut without_postings = Vec::new();
    for q in r["queries"].as_array().unwrap() {
        let name = q["q"].as_str().unwrap();
        let panel = q["panel"].as_array().unwrap();
        let page = q["page"].as_array().unwrap();
        assert!(!panel.is_empty(), "{name}: an empty panel");
        for g in panel {
            let label = g["label"].as_str().unwrap();
            let full = page
                .iter()
                .find(|p| p["label"] == g["label"])
                .unwrap_or_else(|| panic!("{name}: no group {label} on the search page"));
            let (shown, all) = (
                g["links"].as_array().unwrap(),
                full["links"].as_array().unwrap(),
            );
            // Every hit of the group is shown (none dropped for want of its item), and they
            // are the page's first, in its order.
            let wanted = all
                .len()
                .min(if label.starts_with("Passages") { 6 } else { 4 });
            assert_eq!(
                shown.len(),
                wanted,
                "{name}: {label} shows {shown:?} of {all:?}"
            );
            assert_eq!(shown[..], all[..wanted], "{name}: {label}");
        }
        let scripts: Vec<&str> = q["scripts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        if q["decoded"] == 0 {
            without_postings.push(name);
        }
        // Article hits shown with no item script loaded: they came from previews.
        if !scripts.iter().any(|s| s.starts_with("search/a/"))
            && panel.iter().any(|g| {
                let l = g["label"].as_str().unwrap();
                ["Articles", "Passages", "Quotes", "Notes"]
                    .iter()
                    .any(|k| l.starts_with(k))
            })
        {
            answered_from_previews += 1;
        }
    }
    // A common word's panel comes from its stem's counts and preview, and a prefix standing
    // for two common stems ("pro": propos, protest) from the counts of the pair and the
    // better one's preview: neither decodes postings (src/search/unions.rs). ("pres" cannot:
    // its best stem is in fewer titles than the panel shows, and its other stem in more.)
    for q in ["agreement", "talks", "pro"] {
        assert!(
            without_postings.contains(&q),
            "{q} decoded postings; answered without: {without_postings:?}"
        );
    }
    assert!(
        answered_from_previews >= 2,
        "queries answered from previews alone: {answered_from_previews}\n{r}"
    );
}
