//! The index on the seed dossier: aliases and the name forms of mentions, paragraphs as the
//! renderer numbers them, shards, determinism.

use super::normalise::key;
use super::*;

fn seed() -> Site {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    match crate::pipeline::prepare(root) {
        Ok(p) => p.site,
        Err(_) => panic!("the seed loads"),
    }
}

fn keys_of(site: &Site, title: &str) -> Vec<String> {
    let ents = entities(site);
    let (_, words) = ents.iter().find(|(e, _)| e.1 == title).expect("entity");
    words.iter().map(|w| super::normalise::stem(w)).collect()
}

#[test]
fn people_are_found_by_name_alias_and_the_forms_articles_use() {
    let site = seed();
    let keys = keys_of(&site, "Alexander Darchiev");
    for form in [
        "Darchiev",
        "Darchiyev",
        "Aleksandr",
        "ALEXANDER",
        "ambassador",
    ] {
        assert!(
            keys.contains(&key(form)),
            "{form} is not a key of the person"
        );
    }
    let lavrov = keys_of(&site, "Sergey Lavrov");
    assert!(lavrov.contains(&key("Lavrov")));
    // The typo vocabulary holds every spelling of a name.
    let names = name_words(&site);
    assert!(names.contains("darchiyev") && names.contains("darchiev"));
}

#[test]
fn paragraphs_are_numbered_as_the_page_numbers_them() {
    let site = seed();
    for a in &site.articles {
        let html = crate::render::markdown::article_body(&site, a, "../");
        let paras = paragraphs(&a.text);
        let anchored: Vec<&String> = paras
            .iter()
            .map(|p| &p.0)
            .filter(|p| !p.is_empty())
            .collect();
        assert_eq!(
            anchored.len(),
            html.matches("<p id=\"P").count(),
            "{}",
            a.slug
        );
        for (id, text) in paras.iter().filter(|p| !p.0.is_empty()) {
            // The page's paragraph of that id starts with the same words.
            let at = html
                .find(&format!("<p id=\"{id}\">"))
                .expect("paragraph id on the page");
            let first = words(text).next().unwrap();
            assert!(html[at..].contains(first), "{}#{id}", a.slug);
        }
    }
}

#[test]
fn files_are_deterministic_and_listed_by_paths() {
    let site = seed();
    let a = files(&site);
    assert_eq!(a, files(&site));
    let listed: Vec<String> = a.iter().map(|f| f.0.clone()).collect();
    assert_eq!(listed, paths(&site));
    assert_eq!(listed[0], INDEX);
    assert!(listed.contains(&article_path(site.articles.len() - 1)));
    // Each stem is in the shard the script will look in: the longest listed prefix.
    let index = &a[0].1;
    assert!(index.starts_with("DOSSIER_SEARCH.index("));
    let stem = key("consultations");
    let shard = a
        .iter()
        .find(|(_, js)| js.contains(&format!("\"{stem}\":[")))
        .expect("the stem is indexed");
    assert!(
        shard.0.starts_with(&format!("search/t/{}", &stem[..2])),
        "{}",
        shard.0
    );
}
