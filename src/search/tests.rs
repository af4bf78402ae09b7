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

/// The paragraphs of a rendered article body as `search.js` counts them: every `<p>` outside
/// the sidenotes, in document order, each with its text from its opening tag on.
fn page_paragraphs(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<p") {
        let before = &rest[..i];
        if let Some(a) = before.rfind("<aside")
            && before[a..].find("</aside>").is_none()
        {
            // Inside a sidenote: skip to its end.
            let end = rest[a..].find("</aside>").map_or(rest.len(), |e| a + e + 8);
            rest = &rest[end..];
            continue;
        }
        let tag_end = i + rest[i..].find('>').unwrap() + 1;
        if matches!(rest.as_bytes()[i + 2], b'>' | b' ') {
            out.push(&rest[tag_end..]);
        }
        rest = &rest[tag_end..];
    }
    out
}

#[test]
fn paragraphs_are_numbered_as_the_page_numbers_them() {
    let site = seed();
    for a in &site.articles {
        let html = crate::render::markdown::article_body(
            &site,
            a,
            "../",
            &crate::render::markdown::Markup::builtin(),
        );
        let on_page = page_paragraphs(&html);
        let paras = paragraphs(&a.text);
        let anchored: Vec<&(String, String)> = paras.iter().filter(|p| !p.0.is_empty()).collect();
        assert_eq!(anchored.len(), on_page.len(), "{}", a.slug);
        for (n, (id, text)) in anchored.iter().enumerate() {
            assert_eq!(*id, paragraph_id(n + 1));
            // The page's n-th paragraph starts with the same word.
            let first = words(text).next().unwrap();
            let page_text = on_page[n];
            let shown = &page_text[..page_text.find("</p>").unwrap_or(page_text.len())];
            assert!(
                shown.contains(first),
                "{}#{id}: {first} not in {shown}",
                a.slug
            );
        }
    }
}

#[test]
fn analysing_in_chunks_gives_the_same_index() {
    let site = seed();
    let whole = Index::new(&site);
    for chunk in [1, 2, 3] {
        assert!(
            Index::in_chunks(&site, chunk).all_files(&site) == whole.all_files(&site),
            "chunks of {chunk}"
        );
    }
}

#[test]
fn files_are_deterministic() {
    let site = seed();
    let a = Index::new(&site).all_files(&site);
    assert_eq!(a, Index::new(&site).all_files(&site));
    assert!(a[INDEX].starts_with("DOSSIER_SEARCH.index("));
    assert!(a.contains_key(&article_path(site.articles.len() - 1)));
    // Each stem is in the shard the script will look in: the longest listed prefix.
    let stem = key("consultations");
    let shard = a
        .iter()
        .find(|(p, js)| p.starts_with("search/t/") && js.contains(&format!("\"{stem}\":\"")))
        .expect("the stem is indexed");
    assert!(
        shard.0.starts_with(&format!("search/t/{}", &stem[..2])),
        "{}",
        shard.0
    );
}

#[test]
fn an_updated_index_equals_a_new_one_and_rewrites_few_scripts() {
    let mut site = seed();
    let mut ix = Index::new(&site);
    let total = ix.all_files(&site).len();
    let k = site.articles.len() / 2;
    let id = crate::site::ArticleId::new(k);
    let old = ArticleIndex::of(&site, id);
    // New words (one a new stem in a new place), one word gone: the title's words change.
    std::sync::Arc::make_mut(&mut site.articles[id].text.0)
        .push_str("\n\nZanzibarian envoys cancelled their quarrelsome talks.\n");
    site.articles[id].title = "Retitled".into();
    let changed = ix.article_changed(&site, id, old);
    let fresh = Index::new(&site);
    let files = ix.all_files(&site);
    assert_eq!(
        files,
        fresh.all_files(&site),
        "updated in place vs made anew"
    );
    assert!(changed.contains(&article_path(k)), "{changed:?}");
    let zan = key("Zanzibarian");
    assert!(
        changed
            .iter()
            .any(|p| p.starts_with("search/t/") && files[p].contains(&format!("\"{zan}\":\""))),
        "the shard of a new word is rewritten: {changed:?}"
    );
    // The seed is small: the new words and the old title's touch about half of its shards
    // (tests/incremental.rs checks a quarter on a larger dossier).
    assert!(
        changed.len() <= total / 2 + 1,
        "{} of {total} scripts rewritten",
        changed.len()
    );
    // And back: the words leave the postings and the vocabulary again.
    let mut again = seed();
    again.articles[id].title = site.articles[id].title.clone();
    let mut back = Index::new(&site);
    back.article_changed(&again, id, ArticleIndex::of(&site, id));
    assert_eq!(back.all_files(&again), Index::new(&again).all_files(&again));
}

#[test]
fn entities_are_listed_in_the_shards_of_their_keys_and_not_in_the_index() {
    let mut site = seed();
    let mut ix = Index::new(&site);
    let files = ix.all_files(&site);
    // index.js holds no entity: it is loaded before any query, whatever the registries' size.
    assert!(!files[INDEX].contains("Alexander Darchiev"));
    // Each shard of a key of Darchiev's lists him: a query for any key finds him in the shard
    // it loads for that word.
    for form in ["Darchiev", "Darchiyev", "Aleksandr"] {
        let stem = key(form);
        let (path, js) = files
            .iter()
            .find(|(p, js)| p.starts_with("search/t/") && js.contains(&format!("\"{stem}\":\"")))
            .expect("the stem is indexed");
        assert!(
            js.contains("[\"person\",\"Alexander Darchiev\","),
            "{path} holds {stem} but does not list Darchiev"
        );
    }
    // An entity's row changing without any word changing (an event's status: its meta) is
    // written again by an update. The article updated is first emptied, so that its words
    // rewrite no shard the second time.
    let a = crate::site::ArticleId::new(0);
    let old = ArticleIndex::of(&site, a);
    std::sync::Arc::make_mut(&mut site.articles[a].text.0).clear();
    site.articles[a].title = "Q".into();
    site.articles[a].annotations.clear();
    ix.article_changed(&site, a, old);
    let e = crate::site::EventId::new(0);
    let title = site.events[e].title.clone();
    site.events[e].status = match site.events[e].status {
        crate::model::Status::Canceled => crate::model::Status::Happened,
        _ => crate::model::Status::Canceled,
    };
    let changed = ix.article_changed(&site, a, ArticleIndex::of(&site, a));
    let files = ix.all_files(&site);
    assert_eq!(
        files,
        Index::new(&site).all_files(&site),
        "updated vs made anew"
    );
    assert!(
        changed
            .iter()
            .any(|p| p.starts_with("search/t/") && files[p].contains(&title)),
        "no shard listing {title} was rewritten: {changed:?}"
    );
}

#[test]
fn an_update_that_splits_a_shard_equals_a_new_index() {
    // Another article has the word "ta", so the shard "ta" stays when it splits.
    let base = || {
        let mut site = seed();
        let first = crate::site::ArticleId::new(0);
        std::sync::Arc::make_mut(&mut site.articles[first].text.0).push_str("\n\nTa.\n");
        site
    };
    let site = base();
    let mut ix = Index::new(&site);
    let id = crate::site::ArticleId::new(site.articles.len() / 2);
    // 676 new words under "ta", each in 45 paragraphs: more postings than one shard holds,
    // so "ta" splits, and words of other articles ("talks") move out of it to new shards.
    let words: Vec<String> = (b'a'..=b'z')
        .flat_map(|a| (b'a'..=b'z').map(move |b| format!("ta{}{}x", a as char, b as char)))
        .collect();
    let paragraph = words.join(" ");
    let mut split = base();
    let text = std::sync::Arc::make_mut(&mut split.articles[id].text.0);
    for _ in 0..45 {
        text.push_str("\n\n");
        text.push_str(&paragraph);
    }
    let planned = |ix: &Index| -> Vec<String> {
        let mut v: Vec<String> = (ix.paths())
            .filter(|p| p.starts_with("search/t/ta"))
            .collect();
        v.sort();
        v
    };
    assert_eq!(planned(&ix), ["search/t/ta.js"], "one shard before");
    let changed = ix.article_changed(&split, id, ArticleIndex::of(&site, id));
    assert_eq!(
        ix.all_files(&split),
        Index::new(&split).all_files(&split),
        "split in place vs anew"
    );
    assert!(planned(&ix).len() > 10, "{:?}", planned(&ix));
    let talk = format!("\"{}\":", key("talks"));
    let moved = planned(&ix)
        .into_iter()
        .find(|p| ix.script(&split, p).unwrap().contains(&talk));
    assert!(moved.is_some_and(|p| p != "search/t/ta.js" && changed.contains(&p)));
    assert!(
        changed.contains(&"search/t/ta.js".to_string()),
        "{changed:?}"
    );
    // And back: the shards under "ta" merge again.
    ix.article_changed(&site, id, ArticleIndex::of(&split, id));
    assert_eq!(
        ix.all_files(&site),
        Index::new(&site).all_files(&site),
        "merged in place vs anew"
    );
    assert_eq!(planned(&ix), ["search/t/ta.js"]);
}

#[test]
fn previews_show_the_items_of_the_item_scripts() {
    // The seed's articles eight times over: a word of one article then has hits in several
    // item scripts, so it gets a preview.
    let mut site = seed();
    for _ in 1..8 {
        let mut more = seed();
        let n = more.articles.len();
        for _ in 0..n {
            site.articles.push(more.articles.remove(ArticleId::new(0)));
        }
    }
    let ix = Index::new(&site);
    assert!(!ix.previewed.is_empty(), "40 articles give previews");
    // A previewed stem's postings have a script of their own only when they are many; the
    // shard lists the others with the stem.
    let files = ix.all_files(&site);
    let shards: Vec<&String> = (files.iter())
        .filter(|(p, _)| p.starts_with("search/t/"))
        .map(|(_, js)| js)
        .collect();
    let (mut apart, mut here) = (0, 0);
    for stem in ix.previewed.keys() {
        let has_script = files.contains_key(&previews::postings_path(stem));
        assert_eq!(has_script, previews::kept_apart(&ix.post[stem]), "{stem}");
        // A shard lists postings kept apart as 0.
        let zero = format!("\"{stem}\":0");
        let listed_apart = shards.iter().any(|js| js.contains(&zero));
        assert_eq!(listed_apart, has_script, "{stem}");
        if has_script { apart += 1 } else { here += 1 }
    }
    assert!(
        apart > 0 && here > 0,
        "{apart} apart, {here} in their shards"
    );
    // Every article's items, as the item scripts hold them.
    let mut items: Vec<serde_json::Value> = Vec::new();
    for k in 0..site.articles.len().div_ceil(ARTICLES_PER_SCRIPT) {
        let js = &files[&article_path(k * ARTICLES_PER_SCRIPT)];
        let args = js
            .trim_end()
            .strip_prefix("DOSSIER_SEARCH.articles(")
            .unwrap();
        let docs = args.split_once(',').unwrap().1.strip_suffix(");").unwrap();
        let docs: serde_json::Value = serde_json::from_str(docs).unwrap();
        items.extend(docs.as_array().unwrap().iter().map(|d| d["i"].clone()));
    }
    let mut shown = 0;
    for (stem, preview) in &ix.previewed {
        let docs: serde_json::Value = serde_json::from_str(preview.get()).unwrap();
        for doc in docs.as_array().unwrap() {
            let a = doc[0].as_u64().unwrap() as usize;
            assert_eq!(doc[1], site.articles[ArticleId::new(a)].title, "{stem}");
            for hit in doc[3].as_array().unwrap() {
                let i = hit[0].as_u64().unwrap() as usize;
                assert_eq!(hit[1], items[a][i], "{stem}: article {a}, item {i}");
                shown += 1;
            }
        }
    }
    assert!(shown > 100, "{shown} items shown");
}
