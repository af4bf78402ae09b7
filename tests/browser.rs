//! Real tools on the real output: the Nu HTML checker for validity, and headless Chromium for
//! what a browser does (search from file://, pages readable without JavaScript).
//! `bash .ci/install` installs both.

mod common;
use common::*;
use std::path::Path;
use std::process::Command;

fn vnu_jar() -> std::path::PathBuf {
    let jar = repo().join(".tools/node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(
        jar.is_file(),
        "the Nu HTML checker is missing: run `bash .ci/install`"
    );
    jar
}

fn chromium(args: &[&str]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .output()
        .expect("chromium is installed (run `bash .ci/install`)");
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn validate(site: &Path) {
    let out = Command::new("java")
        .arg("-jar")
        .arg(vnu_jar())
        .args(["--skip-non-html", "--errors-only", "--format", "text"])
        .arg(site)
        .output()
        .expect("java runs");
    let report = String::from_utf8_lossy(&out.stderr);
    let errors: Vec<&str> = report
        .lines()
        .filter(|l| l.contains(": error:") || l.contains("fatal"))
        .collect();
    assert!(
        out.status.success() && errors.is_empty(),
        "invalid HTML in {}:\n{report}",
        site.display()
    );
}

#[test]
fn generated_html_is_valid() {
    let (seed, _g1) = build(&repo());
    validate(&seed);
    let (harbour, _g2) = build(&repo().join("tests/fixtures/harbour"));
    validate(&harbour);
}

#[test]
fn search_works_from_the_file_system() {
    let (site, _g) = build(&repo());
    let url = format!("file://{}/search.html?q=darchiyev", site.display());
    let dom = chromium(&["--dump-dom", &url]);
    assert!(
        dom.contains("href=\"people/alexander-darchiev.html\""),
        "no result for a name variant:\n{dom}"
    );
    assert!(dom.contains("result"), "status line");
    // A quote is found by its words and links to its passage.
    let url = format!("file://{}/search.html?q=pause%20too%20long", site.display());
    let dom = chromium(&["--dump-dom", &url]);
    assert!(
        dom.contains("articles/moscow-times-2025-06-16-us-canceled-talks.html#pause-quote"),
        "{dom}"
    );
}

#[test]
fn pages_are_readable_without_javascript() {
    let (site, _g) = build(&repo());
    for f in files(&site)
        .iter()
        .filter(|f| f.ends_with(".html") && *f != "search.html")
    {
        assert!(!read(&site, f).contains("<script"), "{f} uses a script");
    }
    // The pages carry no script, so the DOM Chromium parses is what a reader without JavaScript
    // gets: the article text, its highlights and its sidenotes.
    let url = format!(
        "file://{}/articles/rt-2025-04-08-next-round-istanbul.html",
        site.display()
    );
    let dom = chromium(&["--dump-dom", &url]);
    assert!(dom.contains("Aleksandr Darchiev"));
    assert!(dom.contains("<aside class=\"sidenote sn-note\""));
}
