//! Property: annotations never change how an article renders. Random Markdown documents
//! (nested emphasis, Markdown links, raw inline HTML including `<a>` open or closed and
//! `<textarea>`, code spans, images, hard and soft line breaks, headings, lists, quotes, HTML blocks), each with
//! random annotations (mentions, quotes and notes on 1 to 4 words, overlapping as they fall),
//! are built through load, resolve and render, with and without the annotations; the
//! annotated body, highlight markup removed, must be the unannotated body.
//!
//! Runs proptest's default 256 cases; `PROPTEST_CASES=N` runs more.

mod highlights;
use highlights::*;
use proptest::prelude::*;

const WORDS: &[&str] = &[
    "alpha",
    "beta",
    "gamma",
    "link",
    "text",
    "raw",
    "x1",
    "caf\u{e9}",
    "Foo",
    "bar",
];

fn word() -> impl Strategy<Value = String> {
    prop::sample::select(WORDS).prop_map(str::to_string)
}

/// Inline Markdown, nested up to a few levels.
fn inline() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        4 => prop::collection::vec(word(), 1..4).prop_map(|w| w.join(" ")),
        1 => prop::collection::vec(word(), 1..3).prop_map(|w| format!("`{}`", w.join(" "))),
        1 => word().prop_map(|w| format!("![{w} photo](p.png)")),
        1 => Just("<a href=\"https://x.org\">".to_string()),
        1 => Just("</a>".to_string()),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        let seq = prop::collection::vec(inner, 1..4);
        (
            seq,
            0..13u8,
            prop::sample::select(&["\n", "  \n", "\\\n", " "][..]),
        )
            .prop_map(|(parts, how, sep)| {
                let body = parts.join(sep);
                match how {
                    0 => format!("*{body}*"),
                    1 => format!("**{body}**"),
                    2 => format!("_{body}_"),
                    3 => format!("[{body}](https://x.org/a)"),
                    4 => format!("[{body}](foo):)"),
                    5 => format!("<a href=\"https://x.org/r\">{body}</a>"),
                    6 => format!("<a href=\"/open\">{body}"),
                    7 => format!("<span>{body}</span>"),
                    8 => format!("<u>{body}</u>"),
                    9 => format!("<b title=\"t\">{body}</b>"),
                    // Its content is read as text by an HTML parser, tags included.
                    10 => format!("<textarea>{body}</textarea>"),
                    _ => body,
                }
            })
    })
}

/// A block: a paragraph, heading, list, quote or HTML block.
fn block() -> impl Strategy<Value = String> {
    (inline(), inline(), 0..8u8).prop_map(|(a, b, how)| match how {
        0 => format!("# {}", a.replace('\n', " ")),
        1 => format!("- {a}\n- {b}"),
        2 => format!("> {a}\n> {b}"),
        3 => format!("<div>\n{a}\n</div>"),
        4 => format!("1. {a}\n\n   {b}"),
        _ => format!("{a}\n{b}"),
    })
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(block(), 1..5).prop_map(|b| b.join("\n\n"))
}

/// Random annotations on the words of `md`: each a kind and a span of 1 to 4 words, given as
/// fractions of the word count so that they fit any document.
fn annotate(md: &str, picks: &[(u8, u16, usize)]) -> Vec<Ann> {
    let text = dossier::anchor::ArticleText::new(md);
    let norm = dossier::anchor::normalise(&text.plain);
    let spans = word_spans(&norm);
    if spans.is_empty() {
        return Vec::new();
    }
    picks
        .iter()
        .map(|&(kind, at, len)| {
            let first = at as usize % spans.len();
            let last = (first + len).min(spans.len() - 1);
            let kind = [
                KIND_MENTION_PERSON,
                KIND_MENTION_ISSUE,
                KIND_QUOTE,
                KIND_NOTE,
            ][kind as usize % 4];
            span_annotation(&norm, spans[first].start..spans[last].end, kind)
        })
        .collect()
}

fn check(md: &str, anns: Vec<Ann>) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    write_dossier(dir.path(), &[("doc".to_string(), md.to_string(), anns)]);
    let rendered = render_articles(dir.path(), From::Body);
    let annotated = rendered.iter().find(|r| r.slug == "doc").unwrap();
    let plain = rendered.iter().find(|r| r.slug == "doc-plain").unwrap();
    check_pair(annotated, plain)
}

proptest! {
    #[test]
    fn annotations_never_change_the_rendering(
        md in document(),
        picks in prop::collection::vec((any::<u8>(), any::<u16>(), 0usize..4), 1..6),
    ) {
        let anns = annotate(&md, &picks);
        if let Err(why) = check(&md, anns) {
            prop_assert!(false, "{why}\nmarkdown: {md:?}");
        }
    }
}

/// The case the issue reported: a mention inside a raw link must not split the link.
#[test]
fn a_mention_inside_a_raw_link_is_not_a_link() {
    let md = "Hello <a href=\"https://x.org\">raw link text</a> here.\n";
    let norm = dossier::anchor::normalise(&dossier::anchor::ArticleText::new(md).plain);
    let at = norm.find("link").unwrap();
    let anns = vec![
        span_annotation(&norm, at..at + 4, KIND_MENTION_PERSON),
        span_annotation(&norm, at..at + 9, KIND_QUOTE),
    ];
    check(md, anns).unwrap();
}

/// Article text may hold the characters the renderer uses as placeholders: they are shown as
/// they are, in text and in raw HTML, and do not become links or markers.
#[test]
fn placeholder_characters_in_the_text_are_kept() {
    let odd = "\u{FDD0}0\u{FDD3}\u{FDD1}\u{FDD2}0\u{FDD3}\u{FDD4}a";
    let md = format!("Alpha {odd} beta.\n\nGamma <span title=\"{odd}\">{odd} delta</span>.\n");
    let norm = dossier::anchor::normalise(&dossier::anchor::ArticleText::new(&md).plain);
    let anns = vec![
        span_annotation(&norm, 0..norm.find(" beta").unwrap(), KIND_MENTION_PERSON),
        span_annotation(&norm, norm.find("Gamma").unwrap()..norm.len(), KIND_NOTE),
    ];
    check(&md, anns.clone()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    write_dossier(dir.path(), &[("doc".to_string(), md.clone(), anns)]);
    for r in render_articles(dir.path(), From::Body) {
        let html = r.body.html();
        assert_eq!(html.matches(odd).count(), 3, "{}: {html}", r.slug);
    }
}

/// A case the property test found: the parser lifts a misnested raw `<a>` to the top level,
/// followed directly (no line break) by a `<u>`; the quote's sidenote goes after that `<a>`,
/// and a line break written after the sidenote became a space between the two inline
/// elements.
#[test]
fn a_sidenote_after_a_top_level_inline_element_adds_no_space() {
    let md = "1. alpha\n\n   <a href=\"/open\"><a href=\"/open\"><a href=\"https://x.org\">\n\n\
              alpha\n<u>alpha\n<textarea>alpha</textarea>\n<a href=\"https://x.org\"></u>";
    check(md, annotate(md, &[(2, 0, 1)])).unwrap();
}
