//! The build-time relationship maps: well-formed XML, one node link for every entity the map
//! claims to show (worked out here from the dossier's own data, not from the HTML), captions
//! whose counts are right, capped on a large dossier, and the same bytes on every build.

mod common;

use common::*;
use dossier::render::map_svg::{MAX_NEIGHBOURS, MAX_OVERVIEW};
use dossier::site::{ArticleId, Site, Target, url};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The map of page `rel` (a file relative to the site root): the pages its nodes link to
/// (as files relative to the root), how many links it has, and its caption's text.
struct Drawn {
    links: BTreeSet<String>,
    count: usize,
    caption: String,
    svg: String,
}

fn map(site: &Path, rel: &str) -> Option<Drawn> {
    let html = std::fs::read_to_string(site.join(rel)).unwrap();
    let start = html.find("<svg class=\"map-svg")?;
    let end = start + html[start..].find("</svg>").unwrap() + "</svg>".len();
    let svg = &html[start..end];
    let doc = roxmltree::Document::parse(svg)
        .unwrap_or_else(|e| panic!("{rel}: the map is not XML: {e}"));
    let root = doc.root_element();
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    assert!(
        root.children().any(|n| n.has_tag_name("title")) || root.attribute("aria-label").is_some(),
        "{rel}: the map is named"
    );
    let hrefs: Vec<String> = root
        .descendants()
        .filter(|n| n.has_tag_name("a"))
        .map(|a| {
            assert!(
                a.children()
                    .any(|c| c.has_tag_name("title") && c.text().is_some_and(|t| !t.is_empty())),
                "{rel}: every node has a name"
            );
            resolve_href(rel, a.attribute("href").unwrap()).0
        })
        .collect();
    let cap_start = end + html[end..].find("<figcaption").unwrap();
    let cap_end = cap_start + html[cap_start..].find("</figcaption>").unwrap();
    Some(Drawn {
        count: hrefs.len(),
        links: hrefs.into_iter().collect(),
        caption: text(&html[cap_start..cap_end]),
        svg: svg.to_string(),
    })
}

fn target_page(site: &Site, t: Target) -> String {
    url::page_file(&site.target_url(t))
}

/// What a local map around `centre` may show: everything the `articles` name, with the
/// number of those articles naming it, and `linked` (weighing at least one).
fn neighbours(
    site: &Site,
    centre: Target,
    articles: &[ArticleId],
    linked: &[Target],
) -> BTreeMap<Target, usize> {
    let mut all: BTreeMap<Target, usize> = BTreeMap::new();
    let articles: BTreeSet<ArticleId> = articles.iter().copied().collect();
    for a in articles {
        let a = &site.articles[a];
        let named: BTreeSet<Target> = a
            .people
            .iter()
            .map(|&p| Target::Person(p))
            .chain(a.issues.iter().map(|&i| Target::Issue(i)))
            .chain(a.events.iter().map(|&e| Target::Event(e)))
            .collect();
        for t in named {
            *all.entry(t).or_insert(0) += 1;
        }
    }
    for &t in linked {
        let w = all.entry(t).or_insert(0);
        *w = (*w).max(1);
    }
    all.remove(&centre);
    all
}

/// Every entity page's local map links to the entity and to each neighbour, and to no more
/// than [`MAX_NEIGHBOURS`], saying how many it leaves out. Returns how many maps were
/// checked and how many of them were capped.
fn check_local_maps(site: &Site, out: &Path) -> (usize, usize) {
    let mut checked = 0;
    let mut capped = 0;
    let mut pages: Vec<(Target, Vec<ArticleId>, Vec<Target>)> = Vec::new();
    for (k, p) in site.people.enumerate() {
        let t = Target::Person(k);
        let linked = p.events.iter().map(|&e| Target::Event(e)).collect();
        pages.push((t, p.articles.clone(), linked));
    }
    for (k, i) in site.issues.enumerate() {
        let t = Target::Issue(k);
        let linked = i
            .parent
            .iter()
            .chain(&i.children)
            .map(|&x| Target::Issue(x))
            .chain(i.events.iter().map(|&e| Target::Event(e)))
            .collect();
        pages.push((t, i.articles.clone(), linked));
    }
    for (k, e) in site.events.enumerate() {
        let t = Target::Event(k);
        let arts = e.reports.iter().chain(&e.mentions).map(|r| r.article);
        let linked = e
            .people
            .iter()
            .map(|&p| Target::Person(p))
            .chain(e.issues.iter().map(|&x| Target::Issue(x)))
            .collect();
        pages.push((t, arts.collect(), linked));
    }
    for (k, o) in site.outlets.enumerate() {
        pages.push((Target::Outlet(k), o.articles.clone(), Vec::new()));
    }
    for (t, articles, linked) in pages {
        let page = target_page(site, t);
        let around = neighbours(site, t, &articles, &linked);
        let n = around.len();
        let Some(d) = map(out, &page) else {
            assert_eq!(n, 0, "{page}: no map, though it has {n} neighbours");
            continue;
        };
        assert_eq!(d.count, d.links.len(), "{page}: one link per node");
        assert!(
            d.links.contains(&page),
            "{page}: the centre links to its page"
        );
        let shown = n.min(MAX_NEIGHBOURS);
        assert_eq!(d.links.len(), shown + 1, "{page}: the neighbours drawn");
        if n <= MAX_NEIGHBOURS {
            let mut want: BTreeSet<String> = around.keys().map(|&x| target_page(site, x)).collect();
            want.insert(page.clone());
            assert_eq!(d.links, want, "{page}");
            assert!(!d.caption.contains("most linked"), "{page}: {}", d.caption);
        } else {
            capped += 1;
            let says = format!(
                "The {MAX_NEIGHBOURS} most linked of {n}; {} more left out",
                n - MAX_NEIGHBOURS
            );
            assert!(d.caption.contains(&says), "{page}: {:?}", d.caption);
            // The most linked are drawn: none left out is linked more than one drawn.
            let (drawn, left): (Vec<_>, Vec<_>) = around
                .iter()
                .partition(|(x, _)| d.links.contains(&target_page(site, **x)));
            let least_drawn = drawn.iter().map(|(_, w)| **w).min().unwrap();
            let most_left = left.iter().map(|(_, w)| **w).max().unwrap();
            assert!(
                least_drawn >= most_left,
                "{page}: {least_drawn} < {most_left}"
            );
        }
        checked += 1;
    }
    (checked, capped)
}

/// The people and issues a home map may show, with the articles naming each.
fn ranked(site: &Site) -> Vec<(String, usize)> {
    let people = site
        .people
        .iter()
        .map(|p| (url::page_file(&url::person(&p.id)), p.articles.len()));
    let issues = site
        .issues
        .iter()
        .map(|i| (url::page_file(&url::issue(&i.id)), i.articles.len()));
    people.chain(issues).collect()
}

#[test]
fn every_map_of_the_seed_links_each_entity_it_shows() {
    let (out, _g) = build(&repo());
    let Ok(prepared) = dossier::pipeline::prepare(&repo()) else {
        panic!("the seed loads")
    };
    let site = &prepared.site;

    // The home page: every person and issue named in an article (the seed has fewer than the cap).
    let all = ranked(site);
    let named: BTreeSet<String> = all
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(p, _)| p.clone())
        .collect();
    assert!(named.len() <= MAX_OVERVIEW && named.len() > 10);
    let home = map(&out, "index.html").expect("the home page has a map");
    assert_eq!(home.links, named);
    assert_eq!(home.count, named.len());
    assert!(
        home.caption.contains(&format!(
            "Every person and issue named in an article ({})",
            named.len()
        )),
        "{:?}",
        home.caption
    );

    let (checked, _) = check_local_maps(site, &out);
    assert!(checked > 30, "only {checked} maps checked");
}

#[test]
fn two_builds_draw_the_same_bytes() {
    let ((a, _ga), (b, _gb)) = (build(&repo()), build(&repo()));
    for page in [
        "index.html".to_string(),
        url::page_file(&url::issue("irritants")),
    ] {
        let svg = |d: &Path| map(d, &page).expect("a map").svg;
        assert_eq!(svg(&a), svg(&b), "{page}");
    }
}

#[test]
fn a_large_dossier_s_maps_are_capped_and_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("d");
    corpus::generate(&root, 1000, 3, None).unwrap();
    let (out, _keep) = build(&root);
    let Ok(prepared) = dossier::pipeline::prepare(&root) else {
        panic!("the corpus loads")
    };
    let site = &prepared.site;
    let all = ranked(site);
    assert!(all.len() > MAX_OVERVIEW, "{} people and issues", all.len());

    let home = map(&out, "index.html").expect("the home page has a map");
    assert_eq!(home.count, MAX_OVERVIEW);
    assert_eq!(home.links.len(), MAX_OVERVIEW);
    let says = format!(
        "The {MAX_OVERVIEW} people and issues named in the most articles, of {}",
        all.len()
    );
    assert!(home.caption.contains(&says), "{:?}", home.caption);
    // Those shown are named in at least as many articles as any left out.
    let least_shown = all
        .iter()
        .filter(|(p, _)| home.links.contains(p))
        .map(|(_, n)| *n)
        .min()
        .unwrap();
    let most_left = all
        .iter()
        .filter(|(p, _)| !home.links.contains(p))
        .map(|(_, n)| *n)
        .max()
        .unwrap();
    assert!(least_shown >= most_left, "{least_shown} < {most_left}");
    assert!(home.links.iter().all(|p| all.iter().any(|(q, _)| q == p)));

    let (checked, capped) = check_local_maps(site, &out);
    assert!(checked > 100, "only {checked} maps checked");
    assert!(capped > 10, "only {capped} local maps were capped");
}
