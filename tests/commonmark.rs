//! The CommonMark 0.31.2 spec, annotated: each of its 652 examples (tests/data/commonmark/,
//! vendored with its licence) is made into an article of a real dossier, once with generated
//! annotations (a word that occurs once, a quote of 2 to 4 words crossing inline markup where
//! possible, an overlapping note and mention) and once without, and built through load,
//! resolve and render. Two properties:
//!
//! 1. annotations never change the rendering: the annotated body with the highlight markup
//!    removed is the same normalised tree as the unannotated body;
//! 2. the unannotated body is the spec's HTML (as normalised trees), except for the
//!    deliberate differences listed in [`DIFFERENCES`], each with its reason.

mod highlights;
use highlights::*;
use std::collections::BTreeMap;

/// Examples whose rendering deliberately differs from the spec's, and why. The test fails if
/// one of these renders as the spec says (so the list stays exact) or if any other does not.
const DIFFERENCES: &[(&str, &[u32])] = &[
    (
        "sanitised raw HTML: elements outside the allowed list (<foo>, <Warning>, <bar>, \
         <responsive-image>, <bab>, <b2>, <textarea>) are removed and their text kept",
        &[150, 163, 171, 201, 491, 524, 536, 613, 614, 617],
    ),
    (
        "sanitised raw HTML: attributes outside the allowed list are removed",
        &[169, 615, 616],
    ),
    (
        "sanitised raw HTML: <script> and <style> are removed with their content",
        &[170, 172, 173, 176, 178],
    ),
    (
        "sanitised raw HTML: comments, processing instructions and CDATA are removed",
        &[177, 179, 180, 182, 183, 308, 309, 625, 626, 627, 628, 629],
    ),
    (
        "dropped scheme: a link whose scheme is not http, https or mailto points to #",
        &[596, 598, 599, 601],
    ),
];

struct Example {
    number: u32,
    section: String,
    markdown: String,
    html: String,
}

fn examples() -> Vec<Example> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/commonmark/spec.jsonl"
    );
    std::fs::read_to_string(path)
        .expect("the vendored spec examples")
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
            Example {
                number: v["example"].as_u64().unwrap() as u32,
                section: v["section"].as_str().unwrap().to_string(),
                markdown: v["markdown"].as_str().unwrap().to_string(),
                html: v["html"].as_str().unwrap().to_string(),
            }
        })
        .collect()
}

fn slug(n: u32) -> String {
    format!("example-{n:03}")
}

#[test]
fn every_spec_example_renders_the_same_with_annotations_and_as_the_spec_says() {
    let examples = examples();
    assert_eq!(examples.len(), 652, "CommonMark 0.31.2 has 652 examples");
    let docs: Vec<_> = examples
        .iter()
        .map(|e| (slug(e.number), e.markdown.clone(), annotations(&e.markdown)))
        .collect();
    let annotated = docs.iter().filter(|d| !d.2.is_empty()).count();
    let annotation_count: usize = docs.iter().map(|d| d.2.len()).sum();
    // Quotes whose words are not together in the source: they cross inline markup.
    let crossing = docs
        .iter()
        .flat_map(|(_, md, anns)| anns.iter().map(move |a| (md, a)))
        .filter(|(md, a)| a.table == "quote" && !dossier::anchor::normalise(md).contains(&a.quote))
        .count();
    let dir = tempfile::tempdir().unwrap();
    write_dossier(dir.path(), &docs);
    let rendered: BTreeMap<String, Rendered> = render_articles(dir.path(), From::Page)
        .into_iter()
        .map(|r| (r.slug.clone(), r))
        .collect();
    let listed: BTreeMap<u32, &str> = DIFFERENCES
        .iter()
        .flat_map(|(why, ns)| ns.iter().map(move |&n| (n, *why)))
        .collect();
    let (mut changed, mut unlisted, mut stale) = (Vec::new(), Vec::new(), Vec::new());
    let mut as_spec = 0;
    for e in &examples {
        let with = &rendered[&slug(e.number)];
        let without = &rendered[&format!("{}-plain", slug(e.number))];
        if let Err(why) = check_pair(with, without) {
            changed.push(format!("example {} ({}): {why}", e.number, e.section));
        }
        let (got, want) = (tree(&without.body, false), fragment_tree(&e.html));
        match (got == want, listed.get(&e.number)) {
            (true, None) => as_spec += 1,
            (true, Some(why)) => stale.push(format!(
                "example {} renders as the spec says, but is listed as a difference ({why})",
                e.number
            )),
            (false, Some(_)) => {}
            (false, None) => unlisted.push(format!(
                "example {} ({}):\n  markdown: {:?}\n  spec:     {}\n  dossier:  {}",
                e.number,
                e.section,
                e.markdown,
                show(&want),
                show(&got)
            )),
        }
    }
    eprintln!(
        "{} examples ({annotated} annotated, {annotation_count} annotations, {crossing} quotes across inline markup): {} unchanged by annotations, {as_spec} as the spec says, {} deliberate differences",
        examples.len(),
        examples.len() - changed.len(),
        listed.len()
    );
    let mut failures = changed;
    failures.extend(unlisted);
    failures.extend(stale);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
