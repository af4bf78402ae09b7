//! Sidenotes in a real browser (Debian's chromium driven by playwright-core; `bash .ci/install`
//! installs both): at 1280 px, on every article page of the seed dossier and of a generated
//! one, each note in the margin sits level with its marker (or has fallen back inline), no two
//! notes overlap, and no note runs past the end of the main column.

mod common;
use common::*;

/// How far below its marker a note in the margin may start.
const LEVEL: f64 = 40.0;

/// Every article page of the built site at `site`.
fn article_pages(site: &std::path::Path) -> Vec<String> {
    // Each article is its folder's index.html; the folders `index-N` are the index's pages.
    let mut pages: Vec<String> = std::fs::read_dir(site.join("articles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| !n.to_string_lossy().starts_with("index-"))
        })
        .map(|p| p.join("index.html").to_str().unwrap().to_string())
        .collect();
    pages.sort();
    pages
}

/// The layout the browser reports for `pages` at `width` px.
fn measure(pages: &[String], width: u32) -> Vec<serde_json::Value> {
    let (chromium, _, _) = playwright();
    let width = width.to_string();
    let mut args: Vec<&std::ffi::OsStr> = vec![chromium.as_os_str(), width.as_ref(), "-".as_ref()];
    args.extend(pages.iter().map(std::ffi::OsStr::new));
    browser_script("tests/sidenotes.js", &args)
        .as_array()
        .unwrap()
        .clone()
}

/// The problems with the sidenotes of one measured page, and how many notes it has.
fn problems(page: &serde_json::Value) -> (Vec<String>, usize) {
    let f = |v: &serde_json::Value, k: &str| v[k].as_f64().unwrap();
    let file = page["file"].as_str().unwrap();
    let column_end = f(&page["body"], "bottom");
    let notes = page["notes"].as_array().unwrap();
    let mut out = Vec::new();
    for n in notes {
        let id = n["id"].as_str().unwrap();
        let (note, marker) = (&n["note"], &n["marker"]);
        if marker.is_null() {
            out.push(format!("{file}: {id} has no marker"));
            continue;
        }
        let floated = n["float"] == "right";
        let drift = f(note, "top") - f(marker, "top");
        if floated && drift.abs() > LEVEL {
            out.push(format!("{file}: {id} is {drift:.0} px from its marker"));
        }
        if f(note, "bottom") > column_end + 0.5 {
            out.push(format!(
                "{file}: {id} ends at {:.0}, past the column's end at {column_end:.0}",
                f(note, "bottom")
            ));
        }
    }
    if let Some(next) = page["next"].as_object() {
        let top = next["top"].as_f64().unwrap();
        if top < column_end - 0.5 {
            out.push(format!("{file}: the next section starts inside the column"));
        }
    }
    for (i, a) in notes.iter().enumerate() {
        for b in &notes[i + 1..] {
            let (a, b) = (&a["note"], &b["note"]);
            let apart = f(a, "bottom") <= f(b, "top") + 0.5
                || f(b, "bottom") <= f(a, "top") + 0.5
                || f(a, "right") <= f(b, "left") + 0.5
                || f(b, "right") <= f(a, "left") + 0.5;
            if !apart {
                out.push(format!("{file}: two notes overlap"));
            }
        }
    }
    (out, notes.len())
}

fn check(site: &std::path::Path) -> usize {
    let pages = article_pages(site);
    assert!(!pages.is_empty());
    let measured = measure(&pages, 1280);
    assert_eq!(measured.len(), pages.len());
    let mut all = Vec::new();
    let mut notes = 0;
    for p in &measured {
        let (problems, n) = problems(p);
        all.extend(problems);
        notes += n;
    }
    assert!(all.is_empty(), "{}", all.join("\n"));
    notes
}

#[test]
fn sidenotes_sit_level_with_their_markers_in_the_seed_dossier() {
    let (site, _g) = build(&repo());
    assert_eq!(
        check(&site),
        79,
        "every sidenote of the five articles measured"
    );
}

#[test]
fn sidenotes_sit_level_with_their_markers_in_a_generated_dossier() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    common::corpus::generate(&root, 6, 1, None).unwrap();
    let (site, _g) = build(&root);
    assert!(check(&site) > 0, "the generated articles have sidenotes");
}
