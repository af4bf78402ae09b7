//! Incremental rebuilds: after an edit, the pages `Session::apply` re-renders must
//! leave the output byte-identical to a full rebuild of the edited dossier, while rendering far
//! fewer pages.

mod common;
use common::*;
use dossier::session::{OutputTarget, Session, Update};
use std::collections::BTreeMap;
use std::path::Path;
use std::path::PathBuf;

/// Every output file's bytes. The manifest's `# ` lines are left out: they record how the
/// output was made (a full build's fingerprint and page counts, which a session's commit
/// clears), not what it contains.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap();
            let bytes = if f == ".dossier-manifest" {
                String::from_utf8(bytes)
                    .unwrap()
                    .lines()
                    .filter(|l| !l.starts_with("# "))
                    .flat_map(|l| [l, "\n"])
                    .collect::<String>()
                    .into_bytes()
            } else {
                bytes
            };
            (f, bytes)
        })
        .collect()
}

fn assert_same_as_full_build(root: &Path, incremental: &Path) {
    let full = tempfile::tempdir().unwrap();
    let out = full.path().join("site");
    let o = run(&[
        "build",
        "-q",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (a, b) = (snapshot(incremental), snapshot(&out));
    let only_inc: Vec<_> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_full: Vec<_> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    assert!(
        only_inc.is_empty() && only_full.is_empty(),
        "files differ: only incremental {only_inc:?}, only full {only_full:?}"
    );
    let differ: Vec<_> = a.keys().filter(|k| a[*k] != b[*k]).collect();
    assert!(
        differ.is_empty(),
        "pages differ from a full rebuild: {differ:?}"
    );
}

fn open(root: &Path) -> (Session, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let (s, _) = Session::open(root, OutputTarget::Dir(out.path().join("site")))
        .unwrap_or_else(|r| panic!("{}", r.render_human()));
    (s, out)
}

fn edit(root: &Path, rel: &str, f: impl FnOnce(String) -> String) {
    let p = root.join(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    let new = f(text.clone());
    assert_ne!(text, new, "the edit changed nothing");
    std::fs::write(p, new).unwrap();
}

/// Tells the session that article `slug` changed (its annotation file, as an editor saves it).
fn changed(s: &mut Session, slug: &str) -> Update {
    let p = PathBuf::from(format!("content/articles/{slug}.toml"));
    s.apply(&[p])
}

const TASS: &str = "tass-2025-07-06-no-date-for-third-round";

#[test]
fn editing_a_quote_date_matches_a_full_rebuild() {
    let dir = copy_dossier(&repo());
    let (mut s, out) = open(dir.path());
    let total = files(&out.path().join("site")).len();
    edit(dir.path(), &format!("content/articles/{TASS}.toml"), |t| {
        t.replacen("said = \"2025-06-24\"", "said = \"2025-06-23\"", 1)
    });
    let u = changed(&mut s, TASS);
    assert!(u.ok(), "{:?}", u.report.diagnostics);
    assert!(
        u.rendered
            .contains(&"dates/2025-06-23/index.html".to_string()),
        "the new date page"
    );
    assert!(
        u.removed
            .contains(&"dates/2025-06-24/index.html".to_string())
            || u.rendered
                .contains(&"dates/2025-06-24/index.html".to_string())
    );
    assert!(
        u.rendered.len() < total,
        "rendered {} of {total}",
        u.rendered.len()
    );
    // Pages that show nothing of the TASS article are left alone.
    for untouched in [
        "organisations/kremlin/index.html",
        "events/israel-strikes-iran/index.html",
        "outlets/rt/index.html",
    ] {
        assert!(
            !u.rendered.contains(&untouched.to_string()),
            "{untouched} was rendered"
        );
    }
    assert_same_as_full_build(dir.path(), &out.path().join("site"));
}

#[test]
fn retitling_moving_adding_and_deleting_articles_match_full_rebuilds() {
    let dir = copy_dossier(&repo());
    // Two articles per index page, so moves shift pages.
    edit(dir.path(), "site.toml", |t| {
        t.replace("[options]\n", "[options]\nindex_page_size = 2\n")
    });
    let (mut s, out) = open(dir.path());
    let site = out.path().join("site");
    assert!(
        site.join("articles/index-3/index.html").is_file(),
        "five articles, two per page"
    );
    // Retitle: the neighbours' pagers, the linking articles' notes and every list change.
    edit(dir.path(), &format!("content/articles/{TASS}.toml"), |t| {
        t.replacen("title = \"No date yet", "title = \"Still no date", 1)
    });
    assert!(changed(&mut s, TASS).ok());
    assert_same_as_full_build(dir.path(), &site);
    // Move it in time: its place among the articles changes.
    edit(dir.path(), &format!("content/articles/{TASS}.toml"), |t| {
        t.replacen(
            "published = \"2025-07-06\"",
            "published = \"2025-05-01\"",
            1,
        )
    });
    let u = changed(&mut s, TASS);
    assert!(u.ok(), "{:?}", u.report.diagnostics);
    assert_same_as_full_build(dir.path(), &site);
    // A new article.
    std::fs::write(
        dir.path().join("content/articles/new-one.md"),
        "Sergey Lavrov spoke again.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("content/articles/new-one.toml"), "title = \"New\"\noutlet = \"tass\"\npublished = \"2025-12-01\"\n\n[[mention]]\nquote = \"Sergey Lavrov\"\nperson = \"sergey-lavrov\"\n").unwrap();
    assert!(changed(&mut s, "new-one").ok());
    assert!(site.join("articles/new-one/index.html").is_file());
    assert_same_as_full_build(dir.path(), &site);
    // Deleting it removes its pages (and its date page, which had nothing else).
    std::fs::remove_file(dir.path().join("content/articles/new-one.md")).unwrap();
    std::fs::remove_file(dir.path().join("content/articles/new-one.toml")).unwrap();
    let u = changed(&mut s, "new-one");
    assert!(
        u.removed
            .contains(&"articles/new-one/index.html".to_string()),
        "{:?} {:?}",
        u.rendered,
        u.removed
    );
    assert_same_as_full_build(dir.path(), &site);
}

#[test]
fn an_inline_event_and_text_edit_match_a_full_rebuild() {
    let dir = copy_dossier(&repo().join("tests/fixtures/harbour"));
    let (mut s, out) = open(dir.path());
    edit(dir.path(), "content/articles/fm-engineer.toml", |t| {
        t.replace(
            "title = \"Council learns of the cracks\"",
            "title = \"Council told of the cracks\"",
        )
        .replace("date = \"2021\"", "date = \"2021-05\"")
    });
    assert!(changed(&mut s, "fm-engineer").ok());
    assert_same_as_full_build(dir.path(), &out.path().join("site"));
    edit(dir.path(), "content/articles/post-closure.md", |t| {
        t.replace("Buses will divert", "Buses and lorries will divert")
    });
    assert!(changed(&mut s, "post-closure").ok());
    assert_same_as_full_build(dir.path(), &out.path().join("site"));
}

#[test]
fn a_broken_edit_changes_nothing_and_reports_the_error() {
    let dir = copy_dossier(&repo());
    let (mut s, out) = open(dir.path());
    let site = out.path().join("site");
    let before = snapshot(&site);
    edit(dir.path(), &format!("content/articles/{TASS}.toml"), |t| {
        t.replacen("take a break.", "take a brake.", 1)
    });
    let u = changed(&mut s, TASS);
    assert!(!u.ok());
    assert!(
        u.report
            .diagnostics
            .items
            .iter()
            .any(|d| d.code == "orphan-quote")
    );
    assert!(u.rendered.is_empty());
    assert_eq!(snapshot(&site), before);
    // Fixing it brings the site back in line.
    edit(dir.path(), &format!("content/articles/{TASS}.toml"), |t| {
        t.replacen("take a brake.", "take a break.", 1)
    });
    assert!(changed(&mut s, TASS).ok());
    assert_same_as_full_build(dir.path(), &site);
}

#[test]
fn retargeting_and_removing_annotations_in_place_match_a_full_rebuild() {
    let dir = copy_dossier(&repo());
    let (mut s, out) = open(dir.path());
    let site = out.path().join("site");
    // Same date, so the article keeps its place and the back-references are patched in place.
    edit(dir.path(), &format!("content/articles/{TASS}.toml"), |t| {
        t.replacen("person = \"joe-biden\"", "person = \"marco-rubio\"", 1)
            .replacen("[[mention]]\nquote = \"Izvestia\"\noutlet = \"izvestia\"\n", "", 1)
            .replacen("[[quote]]\nquote = \"They are obviously talking about this, their representatives in various spheres.\"\nspeaker = \"maria-zakharova\"\nissues = [\"russia-us-relations\"]\n", "", 1)
    });
    let u = changed(&mut s, TASS);
    assert!(u.ok(), "{:?}", u.report.diagnostics);
    assert!(
        u.rendered
            .contains(&"people/joe-biden/index.html".to_string())
            && u.rendered
                .contains(&"people/marco-rubio/index.html".to_string())
    );
    assert!(
        u.rendered
            .contains(&"outlets/izvestia/index.html".to_string())
    );
    assert_same_as_full_build(dir.path(), &site);
}

#[test]
fn a_text_edit_rewrites_only_the_search_scripts_it_touches() {
    let dir = copy_dossier(&repo());
    let (mut s, out) = open(dir.path());
    let site = out.path().join("site");
    let scripts = files(&site.join("search")).len();
    edit(dir.path(), &format!("content/articles/{TASS}.md"), |t| {
        t + "\nZanzibarian envoys cancelled the talks.\n"
    });
    let u = s.apply(&[PathBuf::from(format!("content/articles/{TASS}.md"))]);
    assert!(u.ok(), "{:?}", u.report.diagnostics);
    assert!(!u.full_rebuild);
    let search: Vec<&String> = u
        .rendered
        .iter()
        .filter(|p| p.starts_with("search/"))
        .collect();
    assert!(
        search.len() * 4 < scripts,
        "{} of {scripts} search scripts made again: {search:?}",
        search.len()
    );
    // The new word is findable: its shard and the article's script were written.
    let key = dossier::search::normalise::key("Zanzibarian");
    let read = |p: &String| std::fs::read_to_string(site.join(p)).unwrap();
    assert!(
        u.written
            .iter()
            .any(|p| p.starts_with("search/t/") && read(p).contains(&format!("\"{key}\":\""))),
        "no written shard holds {key}: {:?}",
        u.written
    );
    assert!(
        u.written.iter().any(|p| p.starts_with("search/a/")
            && std::fs::read_to_string(site.join(p))
                .unwrap()
                .contains("Zanzibarian envoys")),
        "{:?}",
        u.written
    );
    assert_same_as_full_build(dir.path(), &site);
}

/// Organisations, places, unnamed sources and dates that are not firm, edited in a session:
/// the organisation's and place's pages, the date pages a range covers and the chronology
/// follow, byte for byte as a full rebuild.
#[test]
fn editing_speakers_mentions_and_loose_dates_matches_a_full_rebuild() {
    let dir = copy_dossier(&repo().join("tests/fixtures/reservoir"));
    let (mut s, out) = open(dir.path());
    let site = out.path().join("site");
    // The organisation's statement becomes an unnamed source's; the range grows.
    edit(dir.path(), "content/articles/courier-repairs.toml", |t| {
        t.replace(
            "quote = \"fully sound by March\"\nspeaker = \"valley-water-board\"",
            "quote = \"fully sound by March\"\nunnamed = \"a board spokesman\"",
        )
        .replace("2025-02-10/2025-02-12", "2025-02-10/2025-02-14")
    });
    let u = changed(&mut s, "courier-repairs");
    assert!(u.ok(), "{:?}", u.report.diagnostics);
    assert!(
        u.rendered
            .contains(&"organisations/valley-water-board/index.html".to_string()),
        "{:?}",
        u.rendered
    );
    assert!(site.join("dates/2025-02-14/index.html").is_file());
    assert_same_as_full_build(dir.path(), &site);
    // The place is no longer mentioned; the approximate date becomes a bound.
    edit(dir.path(), "content/articles/courier-repairs.toml", |t| {
        t.replace(
            "[[mention]]\nquote = \"East Brook\"\nplace = \"eastbrook\"\n",
            "",
        )
        .replace("~2025-02-07", "before 2025-02-07")
    });
    let u = changed(&mut s, "courier-repairs");
    assert!(u.ok(), "{:?}", u.report.diagnostics);
    assert!(
        u.rendered
            .contains(&"places/eastbrook/index.html".to_string()),
        "{:?}",
        u.rendered
    );
    assert_same_as_full_build(dir.path(), &site);
}

/// Writes article `slug` (one paragraph) dated `date`, with one disputed note per entry of
/// `notes` (id, kind).
fn disputed_article(root: &Path, slug: &str, date: &str, notes: &[(&str, &str)]) {
    let dir = root.join("content/articles");
    std::fs::write(
        dir.join(format!("{slug}.md")),
        "The mayor said the bridge was safe. Later she said it was not.\n",
    )
    .unwrap();
    let mut toml =
        format!("title = \"Article {slug}\"\noutlet = \"harbour-fm\"\npublished = \"{date}\"\n");
    for (id, kind) in notes {
        toml.push_str(&format!(
            "\n[[note]]\nid = \"{id}\"\nquote = \"the bridge was safe\"\nkind = \"{kind}\"\nbody = \"Not so.\"\n"
        ));
    }
    std::fs::write(dir.join(format!("{slug}.toml")), toml).unwrap();
}

#[test]
fn an_article_moved_past_others_re_renders_the_disputed_index_pages_it_shifts() {
    // One disputed point per index page. Moving `a1` to after `b3` shifts every article's
    // place: a page can then hold a point with the same position in the list (article
    // number, annotation number) that is another article's note.
    let dir = copy_dossier(&repo().join("tests/fixtures/harbour"));
    let root = dir.path();
    let site_toml = std::fs::read_to_string(root.join("site.toml")).unwrap();
    std::fs::write(
        root.join("site.toml"),
        format!("{site_toml}\n[options]\nindex_page_size = 1\n"),
    )
    .unwrap();
    disputed_article(root, "a1", "2024-04-01", &[("n-a1", "contradiction")]);
    disputed_article(root, "a2", "2024-04-02", &[("n-a2", "contradiction")]);
    disputed_article(
        root,
        "b3",
        "2024-04-03",
        &[("n1", "contradiction"), ("n2", "correction")],
    );
    let (mut s, out) = open(root);
    let site = out.path().join("site");
    assert_same_as_full_build(root, &site);
    edit(root, "content/articles/a1.toml", |t| {
        t.replace("2024-04-01", "2024-04-05")
    });
    let u = changed(&mut s, "a1");
    assert!(u.ok(), "{:?}", u.report.diagnostics);
    assert_same_as_full_build(root, &site);
}

#[test]
fn an_edit_that_breaks_another_articles_link_is_refused_as_a_full_build_would() {
    let dir = copy_dossier(&repo().join("tests/fixtures/harbour"));
    let root = dir.path();
    disputed_article(root, "a1", "2024-04-01", &[("n-a1", "contradiction")]);
    disputed_article(root, "a2", "2024-04-02", &[("n-a2", "contradiction")]);
    // a1's note points at a2's note by its id.
    edit(root, "content/articles/a1.toml", |t| {
        t.replace(
            "body = \"Not so.\"",
            "body = \"Not so.\"\nsee = [\"article:a2#n-a2\"]",
        )
    });
    let (mut s, out) = open(root);
    let site = out.path().join("site");
    let before = snapshot(&site);
    // a2 renames its note: a1's link no longer finds it.
    edit(root, "content/articles/a2.toml", |t| {
        t.replace("n-a2", "n-renamed")
    });
    let u = changed(&mut s, "a2");
    assert!(!u.ok(), "the broken link was accepted");
    let codes: Vec<&str> = (u.report.diagnostics.items.iter())
        .map(|d| d.code)
        .collect();
    assert!(codes.contains(&"bad-link"), "{codes:?}");
    assert_eq!(snapshot(&site), before, "a refused edit changed the output");
    // Renamed back, the session is in line with a full build again.
    edit(root, "content/articles/a2.toml", |t| {
        t.replace("n-renamed", "n-a2")
    });
    assert!(changed(&mut s, "a2").ok());
    assert_same_as_full_build(root, &site);
}

/// Drops every `[[mention]]` table of an annotation file.
fn without_mentions(toml: String) -> String {
    toml.split("\n[[")
        .filter(|t| !t.starts_with("mention]]"))
        .collect::<Vec<_>>()
        .join("\n[[")
}

#[test]
fn edits_that_shift_and_drop_an_annotation_page_match_full_rebuilds() {
    use dossier::publish::annotations::PER_PAGE;
    // 14 annotations an article (8 of them mentions): 12 past the first page.
    let articles = PER_PAGE / 14 + 1;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("d");
    corpus::generate(&root, articles, 3, None).unwrap();
    let (mut s, out) = open(&root);
    let site = out.path().join("site");
    assert!(site.join("annotations/page-2.jsonld").exists());
    let slug = |k: usize| format!("article-{k:06}");
    let toml = |k: usize| format!("content/articles/{}.toml", slug(k));
    let original = std::fs::read_to_string(root.join(toml(1))).unwrap();
    // Eight fewer: still two pages, the second shifted.
    edit(&root, &toml(1), without_mentions);
    assert!(changed(&mut s, &slug(1)).ok());
    assert_same_as_full_build(&root, &site);
    assert!(site.join("annotations/page-2.jsonld").exists());
    // Eight fewer again: one page.
    edit(&root, &toml(2), without_mentions);
    assert!(changed(&mut s, &slug(2)).ok());
    assert_same_as_full_build(&root, &site);
    assert!(!site.join("annotations/page-2.jsonld").exists());
    // And back.
    std::fs::write(root.join(toml(1)), original).unwrap();
    assert!(changed(&mut s, &slug(1)).ok());
    assert_same_as_full_build(&root, &site);
    assert!(site.join("annotations/page-2.jsonld").exists());
}

#[test]
fn deleting_and_restoring_an_article_past_a_json_page_matches_full_rebuilds() {
    use dossier::publish::export::PER_PAGE;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("d");
    corpus::generate(&root, PER_PAGE + 1, 4, None).unwrap();
    let (mut s, out) = open(&root);
    let site = out.path().join("site");
    let page = site.join("dossier/page-2.json");
    assert!(page.exists());
    let files: Vec<PathBuf> = ["md", "toml"]
        .iter()
        .map(|x| PathBuf::from(format!("content/articles/article-000007.{x}")))
        .collect();
    let kept: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(root.join(f)).unwrap())
        .collect();
    for f in &files {
        std::fs::remove_file(root.join(f)).unwrap();
    }
    assert!(s.apply(&files).ok());
    assert_same_as_full_build(&root, &site);
    assert!(!page.exists(), "every article fits on one page again");
    for (f, bytes) in files.iter().zip(&kept) {
        std::fs::write(root.join(f), bytes).unwrap();
    }
    assert!(s.apply(&files).ok());
    assert_same_as_full_build(&root, &site);
    assert!(page.exists());
}
