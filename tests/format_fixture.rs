//! The `reservoir` fixture (tests/fixtures/reservoir), a dossier that uses the analyst's format
//! features: its pages must say exactly what its annotations say.

mod common;
use common::*;

fn fixture() -> std::path::PathBuf {
    repo().join("tests/fixtures/reservoir")
}

/// The text of a page's `<main>`, tags and line breaks dropped, quotes unescaped, spaces
/// collapsed.
fn main_text(html: &str) -> String {
    let main = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
    let mut out = String::new();
    let mut in_tag = false;
    for c in main.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&#39;", "'")
        .replace("&#8220;", "“")
        .replace("&#8221;", "”")
        .replace("&quot;", "\"")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_fixture_builds_without_a_diagnostic() {
    let (exit, diags) = check_json(&fixture());
    assert_eq!(exit, 0);
    assert!(diags.is_empty(), "{diags:#?}");
}

#[test]
fn the_copy_provenance_is_shown_apart_from_what_was_left_out() {
    let dir = copy_dossier(&fixture());
    let (site, _g) = build(dir.path());
    let text = main_text(&read(&site, "articles/courier-boil-notice/index.html"));
    assert!(
        text.contains("About this copy The text above was taken from an archived copy, Internet Archive ( the copy ↗ (external site) ). It is an excerpt: the article goes on beyond it. The archived page stops after the second paragraph."),
        "{text}"
    );
    // What was left out is its own section, and an excerpt's is not called site chrome.
    assert!(
        text.contains("Left out of this copy What the copy leaves out within the excerpt"),
        "{text}"
    );
    assert!(!text.contains("Site chrome"), "{text}");
    let html = read(&site, "articles/courier-boil-notice/index.html");
    assert!(html.contains(
        "href=\"https://web.archive.org/web/2025/https://valley-courier.example/boil-notice\" rel=\"external noopener\""
    ));
    let radio = main_text(&read(&site, "articles/radio-tests/index.html"));
    assert!(
        radio.contains("The text above was taken from the outlet's own site."),
        "{radio}"
    );
    assert!(!radio.contains("It is an excerpt"), "{radio}");
}

#[test]
fn a_person_page_lists_only_the_articles_that_name_the_person() {
    let dir = copy_dossier(&fixture());
    let (site, _g) = build(dir.path());
    let html = read(&site, "people/mara-lind/index.html");
    // The radio report reports the notice she issued but never names her.
    assert!(html.contains("courier-boil-notice/"), "{html}");
    assert!(!html.contains("radio-tests/"), "{html}");
}

#[test]
fn a_person_page_lists_the_forms_the_articles_name_them_by() {
    let dir = copy_dossier(&fixture());
    let (site, _g) = build(dir.path());
    let text = main_text(&read(&site, "people/mara-lind/index.html"));
    assert!(
        text.contains("How the articles name Mara Lind “Mara Lind”: Boil-water notice for the whole valley “Ms Lind”: Water chief apologises for late warning Events"),
        "{text}"
    );
    // The registry's aliases stay apart from what the articles write.
    assert!(text.contains("Also written: Director Lind"), "{text}");
}

#[test]
fn an_update_note_shows_what_was_known_when_on_the_event_page() {
    let dir = copy_dossier(&fixture());
    let (site, _g) = build(dir.path());
    let text = main_text(&read(&site, "events/boil-notice/index.html"));
    assert!(
        text.contains("What was known when 5 February 2025 , River Radio : “stays in force” 7 February 2025 , Valley Courier : “The boil-water notice was lifted on Thursday morning.” (supersedes the report above) The update note"),
        "{text}"
    );
    // An update is a disputed point: the index lists it with its kind.
    let index = main_text(&read(&site, "disputed/index.html"));
    assert!(
        index.contains("Update “stays in force” River Radio"),
        "{index}"
    );
    let json: serde_json::Value = serde_json::from_str(&read(&site, "dossier.json")).unwrap();
    let kinds: Vec<&str> = json["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["kind"].as_str())
        .collect();
    assert!(kinds.contains(&"update"), "{kinds:?}");
}

/// The texts of the `<mark>`s of a page with the class `class`, each with its id if any.
fn marks(html: &str, class: &str) -> Vec<(Option<String>, String)> {
    let mut out = Vec::new();
    for m in html.split("<mark ").skip(1) {
        let (open, rest) = m.split_once('>').unwrap();
        if !open
            .split('"')
            .nth(1)
            .unwrap()
            .split(' ')
            .any(|c| c == class)
        {
            continue;
        }
        let id = open
            .split_once("id=\"")
            .map(|(_, r)| r.split('"').next().unwrap().to_string());
        out.push((
            id,
            main_text(&format!(
                "<main>{}</main>",
                rest.split("</mark>").next().unwrap()
            )),
        ));
    }
    out
}

#[test]
fn a_quote_with_a_cut_highlights_each_part_and_shows_one_statement() {
    let dir = copy_dossier(&fixture());
    let (site, _g) = build(dir.path());
    // The article page highlights the two parts, not the attribution cut between them (where
    // the mention of the speaker is highlighted on its own).
    let article = read(&site, "articles/radio-interview/index.html");
    let quoted = marks(&article, "hl-quote");
    let texts: Vec<&str> = quoted.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(
        texts,
        [
            "The pipes are clean",
            "and the water is safe to drink",
            "again."
        ],
        "{article}"
    );
    let mentions = marks(&article, "hl-mention");
    assert_eq!(mentions.len(), 1, "{article}");
    assert_eq!(mentions[0].1, "Jonas Berg");
    // The anchor is on the first part; the sidenote marker after the last.
    let anchor = quoted[0]
        .0
        .clone()
        .expect("the first part carries the anchor id");
    assert!(quoted[1..].iter().all(|(id, _)| id.is_none()), "{quoted:?}");
    assert!(
        article.contains(&format!(
            "again.</mark><sup class=\"sn-ref\"><a href=\"#sn-{anchor}\""
        )),
        "{article}"
    );
    // The person and issue pages show one statement with the cut marked, linked to the passage.
    let statement = "The pipes are clean … and the water is safe to drink again.";
    for page in [
        "people/jonas-berg/index.html",
        "issues/water-safety/index.html",
    ] {
        let html = read(&site, page);
        assert!(
            html.contains(&format!(
                "<blockquote cite=\"../../articles/radio-interview/#{anchor}\"><p>{statement}</p></blockquote>"
            )),
            "{page}: {html}"
        );
    }
    assert!(broken_links(&site).is_empty(), "{:?}", broken_links(&site));
    // The exports: the statement's text with the cut; one Web Annotation target per part.
    let json: serde_json::Value = serde_json::from_str(&read(&site, "dossier.json")).unwrap();
    let texts: Vec<&str> = json["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["article"] == "radio-interview")
        .map(|q| q["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, [statement]);
    let ld: serde_json::Value = serde_json::from_str(&read(&site, "annotations.jsonld")).unwrap();
    let item = ld["first"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"].as_str().unwrap().ends_with(&format!("#{anchor}")))
        .unwrap();
    let exact: Vec<&str> = item["target"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["selector"][0]["exact"].as_str().unwrap())
        .collect();
    assert_eq!(
        exact,
        [
            "The pipes are clean",
            "and the water is safe to drink\nagain."
        ]
    );
}

#[test]
fn approximate_ranged_and_bounded_dates_are_said_as_the_sources_say_them() {
    let dir = copy_dossier(&fixture());
    let (site, _g) = build(dir.path());
    let event = |id: &str| {
        main_text(&read(
            &site,
            &format!("events/courier-repairs-{id}/index.html"),
        ))
    };
    for (id, said) in [
        (
            "mains-flushed",
            "Mains flushed between 10 and 12 February 2025",
        ),
        (
            "brown-water-reported",
            "Brown water reported about 7 February 2025",
        ),
        (
            "intake-valve-replaced",
            "Intake valve replaced by 4 February 2025",
        ),
        ("corrosion-began", "Corrosion began after 2019"),
        (
            "inspections-lapsed",
            "Inspections lapsed between November 2024 and January 2025",
        ),
        (
            "crack-found-in-the-main-pipe",
            "Crack found in the main pipe between 8 and 9 February 2025",
        ),
    ] {
        let text = event(id);
        assert!(text.contains(said), "{id}: {text}");
    }
    // A range of a week or less is on the page of every day it covers, and says so there.
    for day in ["2025-02-10", "2025-02-11", "2025-02-12"] {
        let text = main_text(&read(&site, &format!("dates/{day}/index.html")));
        assert!(
            text.contains("What happened Mains flushed between 10 and 12 February 2025"),
            "{day}: {text}"
        );
    }
    for day in ["2025-02-09", "2025-02-13"] {
        let text = main_text(&read(&site, &format!("dates/{day}/index.html")));
        assert!(!text.contains("Mains flushed"), "{day}: {text}");
    }
    // A longer one is on its month pages, not "dated only to" them.
    for month in ["2024-11", "2024-12", "2025-01"] {
        let text = main_text(&read(&site, &format!("dates/{month}/index.html")));
        assert!(
            text.contains(
                "What happened Inspections lapsed between November 2024 and January 2025"
            ),
            "{month}: {text}"
        );
    }
    // A bound and an approximate date are filed under their date.
    let text = main_text(&read(&site, "dates/2025-02-04/index.html"));
    assert!(
        text.contains("Intake valve replaced by 4 February 2025"),
        "{text}"
    );
    let text = main_text(&read(&site, "dates/2025-02-07/index.html"));
    assert!(
        text.contains("Brown water reported about 7 February 2025"),
        "{text}"
    );
    // The chronology lists a range once, at its start, in date order.
    let chron = main_text(&read(&site, "dates/index.html"));
    assert_eq!(chron.matches("Mains flushed").count(), 1, "{chron}");
    // Dates only a range covers have no empty rows there.
    for covered in ["December 2024", "11 February 2025"] {
        assert!(!chron.contains(covered), "{covered}: {chron}");
    }
    let at = |s: &str| chron.find(s).unwrap_or_else(|| panic!("{s}: {chron}"));
    assert!(at("2019 Corrosion began after 2019") < at("November 2024 Inspections lapsed"));
    assert!(
        at("7 February 2025 Brown water reported about 7 February 2025")
            < at("8 February 2025 Crack found")
    );
    assert!(at("8 February 2025 Crack found") < at("10 February 2025 Mains flushed"));
    // The exports keep the form the analyst wrote.
    let json: serde_json::Value = serde_json::from_str(&read(&site, "dossier.json")).unwrap();
    let dates: Vec<&str> = json["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["date"].as_str())
        .collect();
    for form in [
        "2025-02-10/2025-02-12",
        "~2025-02-07",
        "before 2025-02-04",
        "after 2019",
    ] {
        assert!(dates.contains(&form), "{form} not in {dates:?}");
    }
}

#[test]
fn organisations_and_places_have_pages_and_an_organisation_or_unnamed_source_can_speak() {
    let dir = copy_dossier(&fixture());
    let (site, _g) = build(dir.path());
    let org = main_text(&read(&site, "organisations/valley-water-board/index.html"));
    assert!(
        org.contains(
            "Organisation · public utility Valley Water Board Also written: VWB, the water board"
        ),
        "{org}"
    );
    // Its map draws what the articles naming it also name.
    let page = read(&site, "organisations/valley-water-board/index.html");
    let map = &page[page.find("<svg class=\"map-svg").expect("a map")..];
    let map = &map[..map.find("</svg>").unwrap()];
    for linked in [
        "events/courier-repairs-mains-flushed/",
        "issues/water-safety/",
    ] {
        assert!(
            map.contains(&format!("href=\"../../{linked}\"")),
            "{linked}: {map}"
        );
    }
    // Its summary's `place:` link leads to the place's page.
    let html = read(&site, "organisations/valley-water-board/index.html");
    assert!(html.contains("href=\"../../places/eastbrook/\""), "{html}");
    assert!(
        org.contains("Statements, in the order they were made fully sound by March reported 13 February 2025 · Valley Courier"),
        "{org}"
    );
    assert!(
        org.contains("Passages that name Valley Water Board Valley Water Board in Crews find crack in main pipe"),
        "{org}"
    );
    let place = main_text(&read(&site, "places/eastbrook/index.html"));
    assert!(
        place.contains("Place · town Eastbrook Also written: East Brook Passages that name Eastbrook East Brook in Crews find crack in main pipe"),
        "{place}"
    );
    assert!(!place.contains("Statements"), "{place}");
    // The indexes exist because the registries have entries, and the menu leads to them.
    let index = main_text(&read(&site, "places/index.html"));
    assert!(
        index.contains("Places Name What Country Articles Eastbrook town 1"),
        "{index}"
    );
    let home = read(&site, "index.html");
    assert!(
        home.contains("<a href=\"organisations/\">Organisations</a>"),
        "{home}"
    );
    assert!(home.contains("<a href=\"places/\">Places</a>"), "{home}");
    // An unnamed source speaks without a page: its name is not a link.
    let article = read(&site, "articles/courier-repairs/index.html");
    assert!(
        article.contains("<span class=\"sn-kind\">Quote</span> a senior engineer, reported"),
        "{article}"
    );
    assert!(article.contains(
        "<span class=\"sn-kind\">Quote</span> <a href=\"../../organisations/valley-water-board/\">Valley Water Board</a>, reported"
    ));
    // The exports name the speaker by id, or say the source is unnamed.
    let json: serde_json::Value = serde_json::from_str(&read(&site, "dossier.json")).unwrap();
    let said = |text: &str| {
        json["quotes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["text"] == text)
            .unwrap_or_else(|| panic!("{text}: {json}"))
            .clone()
    };
    assert_eq!(
        said("fully sound by March")["speaker"],
        "valley-water-board"
    );
    let unnamed = said("the pipe should have been replaced years ago");
    assert!(unnamed["speaker"].is_null());
    assert_eq!(unnamed["unnamed"], "a senior engineer");
    assert_eq!(json["organisations"][0]["aliases"][0], "VWB");
    assert_eq!(json["places"][0]["page"], "places/eastbrook/");
    // Search knows them, by name and alias.
    let shards: String = std::fs::read_dir(site.join("search/t"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(shards.contains("\"Valley Water Board\"") && shards.contains("\"Eastbrook\""));
}

#[test]
fn a_dossier_without_organisations_or_places_has_no_pages_for_them() {
    let dir = copy_dossier(&repo().join("tests/fixtures/harbour"));
    let (site, _g) = build(dir.path());
    assert!(!site.join("organisations").exists());
    assert!(!site.join("places").exists());
    assert!(!read(&site, "index.html").contains("Organisations"));
}
