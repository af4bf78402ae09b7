//! The core issue: building the seed dossier and a second, unrelated one, and checking the
//! generated site (links, anchors, and what each page lists).

mod common;
use common::*;

#[test]
fn seed_dossier_checks_clean_with_every_annotation_anchored() {
    let (exit, diags) = check_json(&repo());
    assert_eq!(exit, 0);
    assert_eq!(
        diags.len(),
        0,
        "the seed dossier has diagnostics: {diags:#?}"
    );
}

#[test]
fn seed_site_has_every_page_and_no_broken_link() {
    let (site, _g) = build(&repo());
    let all = files(&site);
    for slug in [
        "tass-2025-07-06-no-date-for-third-round",
        "moscow-times-2025-06-10-talks-very-soon",
        "moscow-times-2025-06-16-us-canceled-talks",
        "rt-2025-04-08-next-round-istanbul",
        "wire-2025-11-08-lavrov-dialogue-slower",
    ] {
        assert!(
            all.contains(&format!("articles/{slug}/index.html")),
            "missing article {slug}"
        );
    }
    for page in [
        "index.html",
        "people/index.html",
        "issues/index.html",
        "dates/index.html",
        "events/index.html",
        "outlets/index.html",
        "search/index.html",
        "people/alexander-darchiev/index.html",
        "issues/irritants/index.html",
        "outlets/tass/index.html",
        "dates/2025-06-16/index.html",
        "dates/2025-06/index.html",
        "dates/2025/index.html",
        "events/third-round/index.html",
    ] {
        assert!(all.contains(&page.to_string()), "missing {page}");
    }
    let broken = broken_links(&site);
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );
}

/// Each annotation's anchor is on the article page exactly once, and the passage it marks is
/// the quoted text.
#[test]
fn every_annotation_has_exactly_one_anchor_on_its_article() {
    let (site, _g) = build(&repo());
    let html = read(
        &site,
        "articles/moscow-times-2025-06-16-us-canceled-talks/index.html",
    );
    for id in ["canceled-quote", "pause-quote", "canceled-report"] {
        assert_eq!(
            html.matches(&format!("id=\"{id}\"")).count(),
            1,
            "anchor {id}"
        );
    }
    // The quote spans a line of raw HTML (<u>said</u>) and still anchors, with <u> kept.
    assert!(
        html.contains("<u><mark class=\"hl hl-event\">said</mark></u>"),
        "passage across <u> not highlighted"
    );
    // Every sidenote ref points at its note and back.
    let refs = attr_values(&html, "href")
        .into_iter()
        .filter(|h| h.starts_with("#sn-"))
        .count();
    let notes = html.matches("class=\"sidenote ").count();
    assert_eq!(refs, notes);
    assert_eq!(notes, 17, "5 quotes, 9 events and 3 notes have sidenotes");
    // Each note follows its marker inside the paragraph (so it floats level with it).
    assert_eq!(
        html.matches("</a></sup><span class=\"sidenote ").count(),
        17,
        "every note right after its marker"
    );
}

#[test]
fn person_page_lists_quotes_in_order_with_links_to_passages() {
    let (site, _g) = build(&repo());
    let html = read(&site, "people/maria-zakharova/index.html");
    let t = text(&html);
    let take_break = t.find("take a break.").expect("the 16 June quote");
    let postpone = t
        .find("the American side decided to postpone it.")
        .expect("the July quote");
    assert!(
        take_break < postpone,
        "statements are in the order they were made"
    );
    assert!(html.contains(
        "href=\"../../articles/moscow-times-2025-06-16-us-canceled-talks/#canceled-quote\""
    ));
    // The people she appears with: those of the articles that quote her, from the dossier.
    let co = section(&html, "h-co");
    assert!(
        co.contains("href=\"../../people/sergey-ryabkov/\"")
            && co.contains("href=\"../../people/alexander-darchiev/\""),
        "co-appearing people: {co}"
    );
    assert!(!co.contains("maria-zakharova/"), "not herself: {co}");
    assert!(
        html.contains("href=\"../../issues/irritants/\""),
        "issues she spoke on"
    );
    // Darchiev's aliases cover the Moscow Times spelling.
    assert!(
        text(&read(&site, "people/alexander-darchiev/index.html")).contains("Alexander Darchiyev")
    );
}

#[test]
fn issue_and_event_pages_show_the_disagreement() {
    let (site, _g) = build(&repo());
    let event = text(&read(&site, "events/third-round/index.html"));
    assert!(
        event.contains("reports it as canceled"),
        "the Moscow Times report"
    );
    assert!(event.contains("postponed"), "the dossier's status");
    let issue = text(&read(&site, "issues/irritants/index.html"));
    let r1 = issue
        .find("First round of the irritants consultations")
        .unwrap();
    let r3 = issue
        .find("Third round of the irritants consultations")
        .unwrap();
    assert!(r1 < r3, "timeline in date order");
    // Its narrower issues, as issues.toml nests them.
    let issue_html = read(&site, "issues/irritants/index.html");
    for child in [
        "diplomatic-missions",
        "diplomatic-property",
        "direct-flights",
    ] {
        assert!(
            issue_html.contains(&format!("href=\"../../issues/{child}/\"")),
            "narrower issue {child}"
        );
    }
}

#[test]
fn date_pages_separate_what_happened_from_what_was_reported() {
    let (site, _g) = build(&repo());
    let day = read(&site, "dates/2025-06-16/index.html");
    let t = text(&day);
    assert!(
        t.contains("Foreign Ministry says the third round is off"),
        "event that day"
    );
    // Zakharova's statement of that day, in the statements section.
    assert!(
        text(section(&day, "statements"))
            .contains("has been canceled at the initiative of the American negotiators"),
        "statements that day"
    );
    assert!(
        t.contains("Russian MFA Claims U.S. Canceled Next Round of Embassy Talks"),
        "article published that day"
    );
    assert!(
        day.contains("href=\"../../dates/2025-06/\""),
        "up to the month"
    );
    let month = text(&read(&site, "dates/2025-06/index.html"));
    assert!(
        month.contains("Third round of the irritants consultations"),
        "month-precision event on the month page"
    );
    assert!(month.contains("16 June 2025"), "days within the month");
    // The chronology links the months the dossier's dates fall in, and no other.
    let chron = read(&site, "dates/index.html");
    assert!(chron.contains("href=\"../dates/2025-06/\""), "June 2025");
    assert!(
        chron.contains("href=\"../dates/2016-12/\""),
        "December 2016"
    );
    assert!(
        !chron.contains("href=\"../dates/2016-11/\""),
        "no date in November 2016"
    );
}

#[test]
fn a_second_unrelated_dossier_builds_through_root() {
    let root = repo().join("tests/fixtures/harbour");
    let (site, _g) = build(&root);
    let broken = broken_links(&site);
    assert!(broken.is_empty(), "{}", broken.join("\n"));
    let art = read(&site, "articles/post-closure/index.html");
    // A quote spanning **bold** is highlighted in both pieces.
    assert!(
        art.contains("<strong><mark class=\"hl hl-event\">closed on Monday</mark>"),
        "{art}"
    );
    let person = text(&read(&site, "people/ines-okafor/index.html"));
    assert!(person.contains("We will not take risks with people's lives,"));
    assert!(person.contains("six months at least"));
    // An inline event defined in an annotation gets its own page and a year page.
    assert!(
        site.join("events/fm-engineer-council-learns-of-the-cracks/index.html")
            .is_file()
    );
    assert!(text(&read(&site, "dates/2021/index.html")).contains("Council learns of the cracks"));
    // Date-times keep their date; the site language comes from site.toml.
    assert!(read(&site, "index.html").contains("<html lang=\"en-GB\">"));
    assert!(site.join("dates/2024-03-08/index.html").is_file());
}

#[test]
fn init_scaffolds_a_dossier_that_builds_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("new");
    let o = run(&["init", root.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(check_json(&root), (0, vec![]));
    let (site, _g) = build(&root);
    assert!(broken_links(&site).is_empty());
    // init never writes into a non-empty directory.
    let o = run(&["init", root.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("not empty"));
}

#[test]
fn build_prints_a_summary_and_quiet_silences_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    let o = run(&[
        "build",
        "--root",
        repo().to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    let s = stdout(&o);
    assert!(
        s.contains("5 article")
            && s.contains("10 person")
            && s.contains("2 organisation")
            && s.contains("ms"),
        "{s}"
    );
    let o = run(&[
        "build",
        "-q",
        "--root",
        repo().to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    assert_eq!(stdout(&o), "");
}

#[test]
fn a_dossier_overriding_the_annotation_partials_sees_its_markup() {
    let root = copy_dossier(&repo());
    let partials = root.path().join("templates/partials");
    std::fs::create_dir_all(&partials).unwrap();
    std::fs::write(
        partials.join("sidenote.html"),
        "<small class=\"my-note\" id=\"sn-{{ note.anchor }}\">{{ note.number }}: {% if note.kind == \"quote\" %}{{ note.speaker.title }}{% endif %}</small>\n",
    )
    .unwrap();
    std::fs::write(
        partials.join("sidenote_ref.html"),
        "<sup class=\"my-ref\" id=\"ref-{{ anchor }}\">[{{ number }}]</sup>\n",
    )
    .unwrap();
    std::fs::write(
        partials.join("highlight.html"),
        "<mark class=\"mine {{ classes }}\"{% if id %} id=\"{{ id }}\"{% endif %}>{{ content }}</mark>\n",
    )
    .unwrap();
    let (site, _g) = build(root.path());
    let html = read(
        &site,
        "articles/rt-2025-04-08-next-round-istanbul/index.html",
    );
    // The partials' markup, filled with the dossier's data: the quote's number and speaker.
    assert!(
        html.contains(
            "<sup class=\"my-ref\" id=\"ref-q-f4ab36\">[2]</sup><small class=\"my-note\" id=\"sn-q-f4ab36\">2: Russian Foreign Ministry</small>"
        ),
        "{html}"
    );
    assert_eq!(html.matches("class=\"my-note\"").count(), 15);
    assert!(
        !html.contains("class=\"sidenote"),
        "no built-in note is left"
    );
    assert!(html.contains("<mark class=\"mine hl hl-"));
}

/// The part of `html` from the element with id `id` to the end of its section.
fn section<'h>(html: &'h str, id: &str) -> &'h str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let end = html[start..]
        .find("</section>")
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}
