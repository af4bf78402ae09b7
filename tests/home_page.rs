//! The home page tells the story: the analyst's "story so far" from `content/index.md`, with
//! its links resolved like every other dossier link, the disputed points, and a live session
//! that re-renders it when the story changes.

mod common;
use common::*;
use dossier::session::{OutputTarget, Session};
use std::path::PathBuf;

/// The `<section class="story">` of a home page.
fn story_section(home: &str) -> &str {
    let start = home
        .find("<section class=\"story\"")
        .expect("the home page has a story section");
    let end = start + home[start..].find("</section>").unwrap();
    &home[start..end]
}

#[test]
fn the_seed_story_is_on_the_home_page_with_resolved_links() {
    let (site, _g) = build(&repo());
    let home = read(&site, "index.html");
    let story = story_section(&home);
    let hrefs = attr_values(story, "href");
    // Written `person:marco-rubio`, `issue:irritants`, `event:third-round` in content/index.md.
    for want in [
        "people/marco-rubio/",
        "issues/irritants/",
        "events/third-round/",
    ] {
        assert!(hrefs.iter().any(|h| h == want), "{want} not in {hrefs:?}");
    }
    assert!(
        !hrefs.iter().any(|h| h.contains(':')),
        "an internal link left unresolved: {hrefs:?}"
    );
    assert!(broken_links(&site).is_empty(), "{:?}", broken_links(&site));
    // The disputed points are on the home page, each linking to its page.
    let disputes = read(&site, "disputed/index.html")
        .matches("class=\"dispute-item\"")
        .count();
    let listed = home.matches("class=\"dispute-item\"").count();
    assert!(listed > 0 && listed <= disputes, "{listed} of {disputes}");
}

#[test]
fn a_bad_link_in_the_story_is_a_located_error() {
    let dir = copy_dossier(&repo());
    let p = dir.path().join("content/index.md");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(
        &p,
        text.replacen("person:marco-rubio", "person:marco-rubo", 1),
    )
    .unwrap();
    let o = run(&["check", "--root", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o) + &stdout(&o);
    let line = text
        .lines()
        .position(|l| l.contains("person:marco-rubio"))
        .unwrap();
    let col = text
        .lines()
        .nth(line)
        .unwrap()
        .find("person:marco-rubio")
        .unwrap();
    let at = format!("content/index.md:{}:{}", line + 1, col + 1);
    assert!(err.contains(&at), "no {at} in:\n{err}");
    assert!(err.contains("did you mean `marco-rubio`"), "{err}");
}

#[test]
fn without_a_story_the_home_page_has_no_story_section() {
    let dir = copy_dossier(&repo());
    std::fs::remove_file(dir.path().join("content/index.md")).unwrap();
    let (site, _g) = build(dir.path());
    assert!(!read(&site, "index.html").contains("class=\"story\""));
}

#[test]
fn a_session_rerenders_the_home_page_when_the_story_changes() {
    let dir = copy_dossier(&repo());
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let (mut s, _) = Session::open(dir.path(), OutputTarget::Dir(site.clone()))
        .unwrap_or_else(|r| panic!("{}", r.render_human()));
    let p = dir.path().join("content/index.md");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, text.replacen("Riyadh", "Riyadh (Saudi Arabia)", 1)).unwrap();
    let u = s.apply(&[PathBuf::from("content/index.md")]);
    assert!(u.ok(), "{:?}", u.report.diagnostics);
    assert!(
        u.written.contains(&"index.html".to_string()),
        "{:?}",
        u.written
    );
    assert!(story_section(&read(&site, "index.html")).contains("Riyadh (Saudi Arabia)"));
    // A broken link in the edit is refused with its location; the page stays as it was.
    std::fs::write(&p, "See [nobody](person:nobody).\n").unwrap();
    let u = s.apply(&[PathBuf::from("content/index.md")]);
    assert!(!u.ok());
    assert!(story_section(&read(&site, "index.html")).contains("Riyadh (Saudi Arabia)"));
}
