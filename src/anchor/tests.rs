//! Anchoring: normalisation, context, occurrence, the nearest passage, source offsets.

use super::*;

fn at<'a>(t: &'a ArticleText, q: &Query) -> &'a str {
    let r = t.anchor(q).unwrap_or_else(|e| panic!("{e:?}"));
    &t.plain[r]
}

fn q(quote: &str) -> Query<'_> {
    Query {
        quote,
        ..Default::default()
    }
}

#[test]
fn normalises_whitespace_and_typographic_quotes() {
    let t = ArticleText::new(
        "Officials could meet \u{201C}very soon\u{201D} for another round of talks aimed at\nrestoring the operations",
    );
    assert_eq!(
        at(&t, &q("meet \"very soon\"")),
        "meet \u{201C}very soon\u{201D}"
    );
    assert_eq!(at(&t, &q("aimed at restoring")), "aimed at\nrestoring");
    assert_eq!(
        at(&t, &q("  aimed   at\n\n restoring ")),
        "aimed at\nrestoring"
    );
    assert_eq!(normalise(" a\u{a0} \u{2018}b\u{2019} "), "a 'b'");
}

#[test]
fn invisible_differences_match_and_map_back_exactly() {
    let md = "Ine\u{300}s Okafor said the negoti\u{ad}ations were \u{fb01}nal,<br>\u{a0}for\u{200b} now.";
    let t = ArticleText::new(md);
    assert_eq!(
        at(&t, &q("In\u{e8}s Okafor said the negotiations")),
        "Ine\u{300}s Okafor said the negoti\u{ad}ations"
    );
    assert_eq!(
        at(&t, &q("were final, for now")),
        "were \u{fb01}nal,\n\u{a0}for\u{200b} now"
    );
    // The other way round: the quote has the invisible characters, the article has none.
    let t = ArticleText::new("In\u{e8}s said the negotiations were final.");
    assert_eq!(
        at(
            &t,
            &q("Ine\u{300}s said the negoti\u{ad}ations were \u{fb01}nal")
        ),
        "In\u{e8}s said the negotiations were final"
    );
}

#[test]
fn spans_inline_markdown() {
    let t = ArticleText::new(
        "Maria Zakharova <u>said</u> Monday that *the talks* were [canceled](https://x.org) today.",
    );
    assert_eq!(at(&t, &q("Zakharova said Monday")), "Zakharova said Monday");
    assert_eq!(
        at(&t, &q("the talks were canceled today")),
        "the talks were canceled today"
    );
}

#[test]
fn prefix_suffix_and_occurrence_choose() {
    let t = ArticleText::new("On Feb. 27 talks. Then on Feb. 27 again, and Feb. 27 once more.");
    assert!(
        matches!(t.anchor(&q("Feb. 27")), Err(AnchorError::Ambiguous { ref at }) if at.len() == 3)
    );
    let r = t
        .anchor(&Query {
            quote: "Feb. 27",
            prefix: Some("Then on"),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(r.start, t.plain.find("Feb. 27 again").unwrap());
    let r = t
        .anchor(&Query {
            quote: "Feb. 27",
            suffix: Some("once"),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(r.start, t.plain.find("Feb. 27 once").unwrap());
    let r = t
        .anchor(&Query {
            quote: "Feb. 27",
            occurrence: Some(2),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(r.start, t.plain.find("Feb. 27 again").unwrap());
    assert_eq!(
        t.anchor(&Query {
            quote: "Feb. 27",
            occurrence: Some(4),
            ..Default::default()
        }),
        Err(AnchorError::OccurrenceOutOfRange { count: 3 })
    );
    assert!(matches!(
        t.anchor(&Query {
            quote: "Feb. 27",
            prefix: Some("Before"),
            ..Default::default()
        }),
        Err(AnchorError::ContextMismatch {
            which: "prefix",
            ..
        })
    ));
    assert!(matches!(
        t.anchor(&Query {
            quote: "Feb. 27",
            suffix: Some("never"),
            ..Default::default()
        }),
        Err(AnchorError::ContextMismatch {
            which: "suffix",
            ..
        })
    ));
}

#[test]
fn overlapping_quotes_anchor_independently() {
    let t = ArticleText::new(
        "Russian Deputy Foreign Minister Sergey Ryabkov said in a June 24 interview.",
    );
    let a = t
        .anchor(&q("Deputy Foreign Minister Sergey Ryabkov"))
        .unwrap();
    let b = t
        .anchor(&q("Sergey Ryabkov said in a June 24 interview"))
        .unwrap();
    assert!(a.start < b.start && b.start < a.end && a.end < b.end);
}

#[test]
fn nearest_passage_is_whole_words_from_the_earliest_start() {
    let t = ArticleText::new(
        "\"We hope that the pause they have taken won't last too long,\" she added.",
    );
    match t.anchor(&q(
        "We hope the pause they have taken will not last too long,",
    )) {
        Err(AnchorError::NotFound { nearest: Some(n) }) => {
            assert_eq!(
                n.text,
                "We hope that the pause they have taken won't last too long,"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn orphan_reports_nearest_passage() {
    let t =
        ArticleText::new("The third round of bilateral consultations on irritants is approaching.");
    match t.anchor(&q("third round of bilateral consultation on iritants")) {
        Err(AnchorError::NotFound { nearest: Some(n) }) => {
            assert_eq!(
                n.text,
                "third round of bilateral consultations on irritants"
            );
            assert!(n.similarity > 0.9 && n.similarity < 1.0, "{}", n.similarity);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn image_alt_text_is_not_plain_text() {
    let t = ArticleText::new("Before ![embassy photo](x.png) after");
    assert!(matches!(
        t.anchor(&q("embassy photo")),
        Err(AnchorError::NotFound { .. })
    ));
    assert_eq!(normalise(&t.plain), "Before after");
}

#[test]
fn quotes_inside_html_blocks_are_refused_as_such() {
    let md = "Before.\n\n<div class=\"box\">\n<b>Tolls</b> will rise.\n</div>\n\n<!-- an aside -->\n\nAfter, <span>inline</span> text.\n";
    let t = ArticleText::new(md);
    let div = md.find("<div").unwrap();
    assert_eq!(
        t.anchor(&q("Tolls will rise")),
        Err(AnchorError::InHtmlBlock {
            source: div..md.find("</div>").unwrap() + 6
        })
    );
    assert!(matches!(
        t.anchor(&q("an aside")),
        Err(AnchorError::InHtmlBlock { source }) if source.start == md.find("<!--").unwrap()
    ));
    // Inline HTML is not a block: its text anchors like any other.
    assert_eq!(at(&t, &q("After, inline text")), "After, inline text");
    // Not found anywhere: the usual error.
    assert!(matches!(
        t.anchor(&q("class box")),
        Err(AnchorError::NotFound { .. })
    ));
}

#[test]
fn source_offsets_point_into_markdown() {
    let md = "First para.\n\nSecond *para* here.";
    let t = ArticleText::new(md);
    let r = t.anchor(&q("para here")).unwrap();
    assert_eq!(
        &md[t.source_offset(r.start)..t.source_offset(r.start) + 4],
        "para"
    );
}
