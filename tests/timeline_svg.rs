//! The build-time SVG timelines: well-formed XML, one mark for every event and statement the
//! page lists (from the dossier's own data), and the same bytes on every build.

mod common;

use common::{build, repo};
use dossier::site::url;
use std::collections::BTreeSet;
use std::path::Path;

/// The timeline drawing of a page, parsed as XML: the set of links its marks make.
fn marks(page: &Path) -> Option<BTreeSet<String>> {
    let html = std::fs::read_to_string(page).unwrap();
    let start = html.find("<svg class=\"timeline-svg\"")?;
    let end = start + html[start..].find("</svg>").unwrap() + "</svg>".len();
    let svg = &html[start..end];
    let doc = roxmltree::Document::parse(svg)
        .unwrap_or_else(|e| panic!("{}: the timeline is not XML: {e}", page.display()));
    let root = doc.root_element();
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    Some(
        root.descendants()
            .filter(|n| n.has_tag_name("a"))
            .map(|a| a.attribute("href").unwrap().to_string())
            .collect(),
    )
}

#[test]
fn every_listed_event_and_statement_has_a_mark() {
    let (out, _g) = build(&repo());
    let Ok(prepared) = dossier::pipeline::prepare(&repo()) else {
        panic!("the seed loads")
    };
    let site = &prepared.site;
    let from_page = |u: String| format!("../../{u}");
    let mut checked = 0;
    for p in &site.people {
        let mut want: BTreeSet<String> = p
            .events
            .iter()
            .map(|&e| from_page(url::event(&site.events[e].id)))
            .collect();
        want.extend(p.quotes.iter().map(|&q| from_page(site.ann_url(q))));
        let got = marks(&out.join(url::page_file(&url::person(&p.id))));
        assert_eq!(got.unwrap_or_default(), want, "person {}", p.id);
        checked += 1;
    }
    for i in &site.issues {
        let mut want: BTreeSet<String> = i
            .events
            .iter()
            .map(|&e| from_page(url::event(&site.events[e].id)))
            .collect();
        want.extend(i.quotes.iter().map(|&q| from_page(site.ann_url(q))));
        let got = marks(&out.join(url::page_file(&url::issue(&i.id))));
        assert_eq!(got.unwrap_or_default(), want, "issue {}", i.id);
        checked += 1;
    }
    for e in &site.events {
        let mut want = BTreeSet::from([from_page(url::event(&e.id))]);
        want.extend(
            e.mentions
                .iter()
                .filter(|&&m| matches!(site.ann(m).kind, dossier::site::AnnKind::Quote { .. }))
                .map(|&m| from_page(site.ann_url(m))),
        );
        let got = marks(&out.join(url::page_file(&url::event(&e.id))));
        assert_eq!(got, Some(want), "event {}", e.id);
        checked += 1;
    }
    assert!(checked > 30, "only {checked} pages checked");
}

#[test]
fn two_builds_draw_the_same_bytes() {
    let ((a, _ga), (b, _gb)) = (build(&repo()), build(&repo()));
    let page = url::page_file(&url::issue("irritants"));
    let svg = |d: &Path| {
        let html = std::fs::read_to_string(d.join(&page)).unwrap();
        let s = html.find("<svg").expect("the issue page has a timeline");
        html[s..s + html[s..].find("</svg>").unwrap()].to_string()
    };
    assert_eq!(svg(&a), svg(&b));
}
