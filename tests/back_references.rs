//! What person, outlet and article pages say about each other comes from the annotations
//! themselves: an article names a person only if it mentions or quotes them (an event's
//! participants are the event's), an outlet's own articles do not cite it, and every link a
//! note writes (as `kind:ID`, a bare id or a page's path) reaches its page.

mod common;
use common::*;
use std::path::Path;

/// The harbour fixture, edited: Tom Reyes takes part in the closure (reported only by the
/// Post, which never names him); the Post names itself, and Harbour FM cites the Post; the FM
/// note links by bare id and by path.
fn dossier() -> tempfile::TempDir {
    let dir = copy_dossier(&repo().join("tests/fixtures/harbour"));
    let root = dir.path();
    edit(
        root,
        "content/events.toml",
        "people = [\"ines-okafor\"]",
        "people = [\"ines-okafor\", \"tom-reyes\"]",
    );
    append(
        root,
        "content/articles/post-closure.toml",
        "\n[[mention]]\nquote = \"Post\"\noutlet = \"portmere-post\"\n",
    );
    append(
        root,
        "content/articles/fm-engineer.md",
        "\nThe Portmere Post first reported the closure.\n",
    );
    append(
        root,
        "content/articles/fm-engineer.toml",
        "\n[[mention]]\nquote = \"Portmere Post\"\noutlet = \"portmere-post\"\n\n[[note]]\nquote = \"first reported the closure\"\nbody = \"[Okafor](ines-okafor) announced [it](events/closure.html); see [the Post](../articles/post-closure.html) and [the map](https://example.org/map).\"\n",
    );
    dir
}

fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let p = root.join(file);
    let s = std::fs::read_to_string(&p).unwrap();
    assert!(s.contains(from), "{file} has no {from:?}");
    std::fs::write(&p, s.replacen(from, to, 1)).unwrap();
}

fn append(root: &Path, file: &str, more: &str) {
    let p = root.join(file);
    let s = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, s + more).unwrap();
}

/// The HTML of the `<section>` headed by the element with id `h`.
fn section<'a>(html: &'a str, h: &str) -> &'a str {
    let Some(at) = html.find(&format!("id=\"{h}\"")) else {
        return "";
    };
    let end = html[at..].find("</section>").map_or(html.len(), |e| at + e);
    &html[at..end]
}

#[test]
fn a_person_page_lists_the_articles_that_name_them_not_those_reporting_their_events() {
    let d = dossier();
    let (site, _g) = build(d.path());
    let page = read(&site, "people/tom-reyes/index.html");
    let mut articles: Vec<String> = attr_values(section(&page, "h-articles"), "href")
        .into_iter()
        .filter(|h| h.starts_with("../../articles/"))
        .collect();
    articles.dedup();
    assert_eq!(
        articles,
        vec!["../../articles/fm-engineer/".to_string()],
        "{page}"
    );
    // The closure is his as a participant, in the events section.
    let events = section(&page, "h-events");
    assert!(events.contains("../../events/closure/"), "{page}");
    // Appears with: only people named in the articles that name him.
    let co = attr_values(section(&page, "h-co"), "href");
    assert_eq!(co, vec!["../../people/ines-okafor/".to_string()], "{page}");
    assert!(section(&page, "h-co").contains("in 1 article<"), "{page}");
    // The Post's article names Inès Okafor only.
    let post = read(&site, "articles/post-closure/index.html");
    assert!(!post.contains("people/tom-reyes/"), "{post}");
}

#[test]
fn an_outlet_is_not_cited_by_its_own_articles() {
    let d = dossier();
    let (site, _g) = build(d.path());
    let page = read(&site, "outlets/portmere-post/index.html");
    let cited: Vec<String> = attr_values(section(&page, "h-cited"), "href")
        .into_iter()
        .filter(|h| h.starts_with("../../articles/") && !h.contains('#'))
        .collect();
    assert!(
        cited.iter().all(|h| h == "../../articles/fm-engineer/") && !cited.is_empty(),
        "{cited:?}\n{page}"
    );
}

#[test]
fn note_links_written_as_bare_ids_and_paths_reach_their_pages() {
    let d = dossier();
    let (exit, diags) = check_json(d.path());
    assert_eq!(exit, 0, "{diags:#?}");
    let (site, _g) = build(d.path());
    let page = read(&site, "articles/fm-engineer/index.html");
    let hrefs = attr_values(&page, "href");
    for want in [
        "../../people/ines-okafor/",
        "../../events/closure/",
        "../../articles/post-closure/",
        "https://example.org/map",
    ] {
        assert!(hrefs.iter().any(|h| h == want), "no {want} in {hrefs:?}");
    }
    assert!(!hrefs.iter().any(|h| h == "#"), "{hrefs:?}");
    assert!(!hrefs.iter().any(|h| h == "ines-okafor"), "{hrefs:?}");
    let broken = broken_links(&site);
    assert!(broken.is_empty(), "{broken:?}");
}
