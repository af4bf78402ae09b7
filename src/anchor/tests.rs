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

fn cut<'a>(t: &'a ArticleText, q: &Query) -> (Vec<&'a str>, Vec<&'a str>) {
    let a = t.anchor_cut(q).unwrap_or_else(|e| panic!("{e:?}"));
    let mut parts = Vec::new();
    let mut from = a.range.start;
    for g in a.gaps.iter().chain([&(a.range.end..a.range.end)]) {
        parts.push(&t.plain[from..g.start]);
        from = g.end;
    }
    (parts, a.gaps.iter().map(|g| &t.plain[g.clone()]).collect())
}

#[test]
fn an_ellipsis_is_a_cut_and_each_part_anchors_in_order() {
    let t = ArticleText::new(
        "\u{201C}We are ready,\u{201D} said *Condoleezza Rice*, \u{201C}to engage\nin talks.\u{201D}",
    );
    for quote in [
        "We are ready … to engage in talks",
        "We are ready ... to engage in talks",
        "We are ready [\u{2026}] to engage in talks",
        "We are ready [...]to engage in talks",
    ] {
        assert_eq!(
            cut(&t, &q(quote)),
            (
                vec!["We are ready", "to engage\nin talks"],
                vec![",\u{201D} said Condoleezza Rice, \u{201C}"]
            ),
            "{quote}"
        );
    }
    // An ellipsis at either end cuts nothing between parts.
    assert_eq!(cut(&t, &q("… to engage")), (vec!["to engage"], vec![]));
    // An ordinary quote has no gaps.
    assert_eq!(cut(&t, &q("said Condoleezza")).1, Vec::<&str>::new());
}

#[test]
fn an_ellipsis_the_article_has_is_quoted_as_written() {
    let t =
        ArticleText::new("He said: \u{201C}Well... we will see.\u{201D} Then well we will see.");
    let a = t.anchor_cut(&q("Well... we will see")).unwrap();
    assert!(a.gaps.is_empty());
    assert_eq!(&t.plain[a.range], "Well... we will see");
}

#[test]
fn context_and_occurrence_choose_among_whole_cut_passages() {
    let t = ArticleText::new("First: ready, he said, to go. Later: ready, she said, to go.");
    assert!(matches!(
        t.anchor_cut(&q("ready … to go")),
        Err(AnchorError::Ambiguous { ref at }) if at.len() == 2
    ));
    let a = t
        .anchor_cut(&Query {
            quote: "ready … to go",
            prefix: Some("Later:"),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(&t.plain[a.range], "ready, she said, to go");
    let a = t
        .anchor_cut(&Query {
            quote: "ready … to go",
            occurrence: Some(1),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(&t.plain[a.gaps[0].clone()], ", he said, ");
}

#[test]
fn a_later_part_out_of_reach_tries_the_next_occurrence_of_the_one_before() {
    // The first "we act" is too far from "now"; the second is close.
    let filler = "x ".repeat(MAX_CUT);
    let t = ArticleText::new(&format!("we act {filler} we act, he said, now."));
    let (parts, gaps) = cut(&t, &q("we act … now"));
    assert_eq!((parts, gaps), (vec!["we act", "now"], vec![", he said, "]));
}

#[test]
fn a_missing_part_is_named_with_the_closest_passage_after_the_part_before() {
    let t = ArticleText::new(
        "\u{201C}We are ready,\u{201D} said Rice, \u{201C}to engage in talks.\u{201D}",
    );
    match t.anchor_cut(&q("We are ready … to engage in tasks")) {
        Err(AnchorError::CutPart {
            part: 2,
            parts: 2,
            after: Some(after),
            nearest: Some(n),
            farther: None,
        }) => {
            assert_eq!(&t.plain[after], "We are ready");
            assert_eq!(n.text, "to engage in talks");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        t.anchor_cut(&q("We were ready … to engage")),
        Err(AnchorError::CutPart {
            part: 1,
            after: None,
            ..
        })
    ));
    assert_eq!(
        word_differences("to engage in tasks", "to engage in talks"),
        ["the quote has \u{201C}tasks\u{201D} where the article has \u{201C}talks\u{201D}"]
    );
    assert_eq!(
        word_differences("a b c d", "a x b d"),
        [
            "the article has \u{201C}x\u{201D} here, the quote does not",
            "the quote has \u{201C}c\u{201D}, the article does not"
        ]
    );
}

#[test]
fn a_cut_longer_than_the_bound_is_refused_and_measured() {
    let filler = "y ".repeat(MAX_CUT / 2 + 1);
    let t = ArticleText::new(&format!("We are ready. {filler}To engage."));
    match t.anchor_cut(&q("We are ready … To engage")) {
        Err(AnchorError::CutPart {
            part: 2,
            farther: Some((at, gap)),
            ..
        }) => {
            assert_eq!(&t.plain[at], "To engage");
            assert_eq!(gap, MAX_CUT + 4);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_quote_cut_without_an_ellipsis_is_recognised() {
    let t = ArticleText::new(
        "\u{201C}We are ready,\u{201D} said Rice, \u{201C}to engage in talks.\u{201D}",
    );
    assert!(matches!(
        t.anchor(&q("We are ready to engage in talks")),
        Err(AnchorError::NotFound { .. })
    ));
    let h = t.cut_hint("We are ready to engage in talks").unwrap();
    assert_eq!(
        (h.before.as_str(), h.after.as_str()),
        ("We are ready", "to engage in talks")
    );
    assert_eq!(&t.plain[h.between], ",\u{201D} said Rice, \u{201C}");
    assert_eq!(t.cut_hint("We are not ready at all"), None);
}

#[test]
fn plain_text_alone_equals_the_plain_text_of_matching() {
    for md in [
        "Before ![embassy photo](x.png) after",
        "One\nline  break<br>and *emphasis* `code`.\n\n> quoted\n\n- item\n- item two\n",
        "Before.\n\n<div class=\"box\">\n<b>Tolls</b> will rise.\n</div>\n\nAfter, <span>in</span> text.\n",
        "| a | b |\n|---|---|\n| c | [link](https://e.org) |\n\n```\ncode block\n```\n",
        "Cafe\u{301} \u{fb01}nal \u{201C}quoted\u{201D}\u{a0}here",
    ] {
        assert_eq!(plain_text(md), ArticleText::new(md).plain, "{md:?}");
    }
}
