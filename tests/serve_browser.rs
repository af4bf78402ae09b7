//! `dossier serve` in real headless Chromium (Debian's), driven by playwright-core
//! (`tests/js/serve_browser.js`): live reload after an edit, the error overlay, and the passage
//! picker's TOML pasted back into the annotation file. `bash .ci/install` installs both.

mod common;
#[path = "common/serve.rs"]
mod serve;
use common::*;
use serve::*;
use std::path::PathBuf;
use std::process::Command;

/// The Chromium executable: Debian's binary itself (its `/usr/bin/chromium` is a wrapper).
fn chromium() -> PathBuf {
    let found = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.is_file());
    found.unwrap_or_else(|| {
        panic!("Chromium is missing: run `bash .ci/install` (it installs Debian's `chromium`)")
    })
}

fn playwright() -> PathBuf {
    let dir = repo().join(".tools/node_modules/playwright-core");
    assert!(
        dir.join("package.json").is_file(),
        "playwright-core is missing: run `bash .ci/install`"
    );
    dir
}

#[test]
fn edits_reload_the_tab_and_the_picker_round_trips() {
    const ARTICLE: &str = "moscow-times-2025-06-16-us-canceled-talks";
    let dir = copy_dossier(&repo());
    let s = Serve::start(dir.path(), &[]);
    let out = Command::new("node")
        .arg(repo().join("tests/js/serve_browser.js"))
        .env("PLAYWRIGHT", playwright())
        .env("CHROMIUM", chromium())
        .env("BASE", format!("http://127.0.0.1:{}/", s.port))
        .env("ROOT", dir.path())
        .env("ARTICLE", ARTICLE)
        .output()
        .expect("node runs (run `bash .ci/install`)");
    assert!(
        out.status.success(),
        "the browser script failed:\n{}\nserver stderr:\n{}",
        stderr(&out),
        s.stderr.lock().unwrap()
    );
    let seen: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = |k: &str| seen[k].as_str().unwrap_or_default().to_string();

    assert_eq!(seen["consoleErrors"], serde_json::json!([]), "{seen:#}");
    // The reload kept the scroll position (layout may move it by a few pixels).
    let (before, after) = (
        seen["scrollBefore"].as_f64().unwrap(),
        seen["scrollAfter"].as_f64().unwrap(),
    );
    assert!(
        before > 0.0 && (before - after).abs() < 40.0,
        "{before} -> {after}"
    );
    assert!(text("noteAfterEdit").contains("Edited in the browser BROWSER-1A."));

    // The overlay shows the diagnostics in `dossier check`'s words.
    let overlay = text("overlay");
    assert!(overlay.contains(&format!("{ARTICLE}.toml:")), "{overlay}");
    assert!(overlay.contains("\"<i>speakr</i>\" = "), "{overlay}");
    assert_eq!(
        seen["overlayElements"], 0,
        "the overlay's text is text, not HTML"
    );
    // Its title counts the errors it lists.
    let count = overlay.matches("error[").count();
    assert!(
        text("overlayTitle").starts_with(&format!("{count} error")),
        "{seen:#}"
    );

    // The picker: every kind, a selector that tells the second "Feb. 27" from the first.
    assert_eq!(
        seen["pickerKinds"],
        serde_json::json!(["mention", "quote", "event", "note"])
    );
    let picked = text("picked");
    assert!(
        picked.starts_with("[[note]]\nquote = \"Feb. 27\"\n"),
        "{picked}"
    );
    assert!(
        picked.contains("\nprefix = ") || picked.contains("\nsuffix = "),
        "{picked}"
    );
    assert!(text("pickerNote").contains("occurs 2 times"), "{seen:#}");
    assert_eq!(
        text("clipboard"),
        picked,
        "Copy puts the snippet on the clipboard"
    );
    // Pasted into the file, it highlights the selected passage.
    assert_eq!(seen["highlight"]["mark"], "Feb. 27", "{seen:#}");
    let paragraph = seen["highlight"]["paragraph"].as_str().unwrap();
    assert!(
        paragraph.starts_with("Russia first proposed"),
        "{paragraph}"
    );
}
