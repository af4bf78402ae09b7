//! Disputed points on the seed dossier's real build: the index lists exactly the dossier's
//! contradiction and correction notes (read from the annotation files here, not from the
//! generator), each page sets at least two passages side by side, each linked to a passage
//! that exists, carries a Claim, and is linked from the pages its note's `see` list names.

mod common;

use common::{bin, repo};
use std::collections::BTreeSet;

/// (article slug, quote, see) of every disputed note in the seed's annotation files.
fn disputed_notes() -> Vec<(String, String, Vec<String>)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(repo().join("content/articles")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "toml") {
            continue;
        }
        let slug = p.file_stem().unwrap().to_str().unwrap().to_string();
        let t: toml::Table = std::fs::read_to_string(&p).unwrap().parse().unwrap();
        for n in t
            .get("note")
            .and_then(|n| n.as_array())
            .into_iter()
            .flatten()
        {
            let kind = n["kind"].as_str().unwrap();
            if ["contradiction", "correction", "update"].contains(&kind) {
                let see = n
                    .get("see")
                    .and_then(|s| s.as_array())
                    .map(|s| s.iter().map(|x| x.as_str().unwrap().to_string()).collect())
                    .unwrap_or_default();
                out.push((slug.clone(), n["quote"].as_str().unwrap().to_string(), see));
            }
        }
    }
    out
}

fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].replace("&#x2F;", "/"))
        .collect()
}

#[test]
fn disputed_points_list_every_contradiction_with_its_passages() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let o = bin()
        .args(["build", "-q", "--root"])
        .arg(repo())
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let notes = disputed_notes();
    assert!(notes.len() >= 4, "the seed has contradiction notes");
    let index = std::fs::read_to_string(out.join("disputed/index.html")).unwrap();
    let pages: BTreeSet<String> = hrefs(&index)
        .into_iter()
        .filter_map(|h| h.strip_prefix("../disputed/").map(str::to_string))
        .filter(|h| !h.is_empty())
        .collect();
    assert_eq!(pages.len(), notes.len(), "one entry per note: {pages:?}");
    for (slug, quote, see) in &notes {
        // Typographic and straight apostrophes are one to the reader (and to anchoring).
        let plain = |t: &str| t.replace("&#x27;", "'").replace('\u{2019}', "'");
        let shows = |p: &String| {
            plain(
                &std::fs::read_to_string(out.join("disputed").join(p).join("index.html")).unwrap(),
            )
            .contains(&plain(quote))
        };
        let page = pages
            .iter()
            .find(|p| p.starts_with(&format!("{slug}/")) && shows(p))
            .unwrap_or_else(|| panic!("no disputed page shows {quote:?} of {slug}"));
        let html =
            std::fs::read_to_string(out.join("disputed").join(page).join("index.html")).unwrap();
        let cards: Vec<&str> = html.split("class=\"passage-card\"").skip(1).collect();
        assert!(
            cards.len() >= 2,
            "{page}: {} passages side by side",
            cards.len()
        );
        for c in cards {
            let link = hrefs(c)
                .into_iter()
                .find(|h| h.contains("articles/"))
                .expect("each passage links to its article");
            let (folder, frag) = link
                .trim_start_matches("../../../")
                .split_once('#')
                .unwrap();
            let art = std::fs::read_to_string(out.join(folder).join("index.html")).unwrap();
            assert!(
                art.contains(&format!("id=\"{frag}\"")),
                "{link} leads to a passage"
            );
        }
        let ld = html.split("application/ld+json\">").nth(1).unwrap();
        let ld: serde_json::Value =
            serde_json::from_str(&ld[..ld.find("</script>").unwrap()]).unwrap();
        assert_eq!(ld["@type"], "Claim");
        assert!(ld["appearance"].as_array().unwrap().len() >= 2);
        for s in see {
            let (kind, id) = s.split_once(':').unwrap();
            let dir = match kind {
                "person" => "people",
                "issue" => "issues",
                "event" => "events",
                _ => continue,
            };
            let entity =
                std::fs::read_to_string(out.join(format!("{dir}/{id}/index.html"))).unwrap();
            assert!(
                hrefs(&entity).contains(&format!("../../disputed/{page}")),
                "{dir}/{id}/ links to {page}"
            );
        }
    }
}
