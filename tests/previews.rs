//! Hover previews in a real browser (Debian's chromium driven by playwright-core; `bash
//! .ci/install` installs both), from the unzipped `dossier bundle` opened by `file://`: a
//! person's mention on hover, and a quote's speaker link on keyboard focus, show a tooltip with
//! that person's role and summary from the registry (escaped), Escape closes it without moving
//! focus, nothing is fetched, and axe-core finds nothing with it open, in light and dark.

mod common;
use common::*;

/// The role the test gives person `id`: markup in it must reach the reader as text.
fn role_of(id: &str) -> String {
    format!("Role of <i>{id}</i> & co")
}

/// The person id of a link to a person's page.
fn person_of(href: &str) -> String {
    let rest = &href[href.find("people/").expect("a person link") + "people/".len()..];
    rest.split('/').next().unwrap().to_string()
}

#[test]
fn previews_show_the_registry_role_and_summary_from_file_urls() {
    let (chromium, _, modules) = playwright();
    let root = copy_dossier(&repo());
    // Every person gets a role with markup in it, and no affiliation, so the preview's role
    // line is exactly that text.
    let people_file = root.path().join("content/people.toml");
    let mut people: toml::Table = toml::from_str(&std::fs::read_to_string(&people_file).unwrap())
        .expect("people.toml parses");
    for (id, p) in people.iter_mut() {
        let p = p.as_table_mut().unwrap();
        p.insert("role".into(), role_of(id).into());
        p.remove("affiliation");
    }
    std::fs::write(&people_file, toml::to_string(&people).unwrap()).unwrap();

    let zip = root.path().join("seed.zip");
    let out = run(&[
        "bundle",
        "--root",
        root.path().to_str().unwrap(),
        "-o",
        zip.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let unpacked = tempfile::tempdir().unwrap();
    zip::ZipArchive::new(std::fs::File::open(&zip).unwrap())
        .unwrap()
        .extract(unpacked.path())
        .unwrap();
    let page = unpacked
        .path()
        .join("articles/moscow-times-2025-06-10-talks-very-soon/index.html");
    let axe = modules.join("axe-core/axe.min.js");
    let r = browser_script(
        "tests/previews.js",
        &[chromium.as_os_str(), axe.as_os_str(), page.as_os_str()],
    );
    assert_eq!(r["outside"], serde_json::json!([]), "requests left file://");

    let summary = |id: &str| people[id]["summary"].as_str().unwrap().to_string();
    let name = |id: &str| people[id]["name"].as_str().unwrap().to_string();
    let schemes = r["schemes"].as_array().unwrap();
    assert_eq!(schemes.len(), 2);
    for s in schemes {
        let scheme = &s["scheme"];
        // Hover on a mention.
        let id = person_of(s["mention_href"].as_str().unwrap());
        let tip = &s["hover"];
        assert_eq!(tip["role"], "tooltip", "{scheme}: {tip}");
        assert_eq!(tip["visible"], true, "{scheme}: no preview on hover: {tip}");
        assert_eq!(tip["title"].as_str(), Some(name(&id).as_str()), "{scheme}");
        assert_eq!(
            tip["kind_role"].as_str(),
            Some(role_of(&id).as_str()),
            "{scheme}"
        );
        let shown = tip["summary"].as_str().unwrap_or_default();
        let from_registry = summary(&id);
        assert!(
            shown.starts_with(&from_registry[..60]),
            "{scheme}: preview summary {shown:?} is not {from_registry:?}"
        );
        let elements: Vec<&str> = tip["elements"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e.as_str().unwrap())
            .collect();
        assert!(
            !elements.contains(&"i"),
            "{scheme}: the role's markup was not escaped"
        );
        assert_eq!(
            s["described"], "preview-tip",
            "{scheme}: the link is not described by it"
        );
        assert_eq!(
            s["axe"],
            serde_json::json!([]),
            "{scheme}: axe with the preview open"
        );
        assert_eq!(
            s["after_escape"]["visible"], false,
            "{scheme}: Escape did not close it"
        );

        // Keyboard focus on a quote's speaker link.
        assert_eq!(
            s["focused_href"], s["speaker_href"],
            "{scheme}: Tab did not reach it"
        );
        let id = person_of(s["speaker_href"].as_str().unwrap());
        let tip = &s["focus"];
        assert_eq!(tip["visible"], true, "{scheme}: no preview on focus: {tip}");
        assert_eq!(
            tip["kind_role"].as_str(),
            Some(role_of(&id).as_str()),
            "{scheme}"
        );
        assert_eq!(s["focus_after_escape"]["visible"], false, "{scheme}");
        assert_eq!(
            s["focused_after_escape"], s["speaker_href"],
            "{scheme}: Escape moved focus"
        );
    }
}
