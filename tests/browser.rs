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

/// The search page's DOM after its scripts ran, for query `q`.
fn search_dom(site: &Path, q: &str) -> String {
    let url = format!("file://{}/search/index.html?q={q}", site.display());
    // Virtual time runs the on-demand script loads to completion without waiting in real time.
    chromium(&["--virtual-time-budget=10000", "--dump-dom", &url])
}

/// The number of results the search page's status line reports.
fn result_count(dom: &str) -> usize {
    let status = &dom[dom.find("id=\"search-status\"").expect("status line")..];
    let text = &status[status.find('>').unwrap() + 1..status.find("</p>").unwrap()];
    let n = text.split(' ').next().unwrap();
    assert!(
        text.contains(" result"),
        "no result count in the status: {text}"
    );
    n.parse().unwrap_or_else(|_| panic!("status: {text}"))
}

/// The number of results in group `label` ("Passages", "People"...) of the search page.
fn group_count(dom: &str, label: &str) -> usize {
    let head = format!("<h2>{label} (");
    let Some(at) = dom.find(&head) else { return 0 };
    let rest = &dom[at + head.len()..];
    rest[..rest.find(')').unwrap()].parse().unwrap()
}

/// Slugs of the seed articles whose text contains `word`.
fn articles_with(word: &str) -> Vec<String> {
    let dir = repo().join("content/articles");
    let mut out: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter(|p| std::fs::read_to_string(p).unwrap().contains(word))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

#[test]
fn search_works_from_the_file_system() {
    let (site, _g) = build(&repo());
    // A name as one outlet spells it finds the person, and every passage that spells it so,
    // linked to its paragraph with the match marked.
    let dom = search_dom(&site, "darchiyev");
    assert!(
        dom.contains("href=\"../people/alexander-darchiev/\""),
        "no result for a name variant:\n{dom}"
    );
    let spelled = articles_with("Darchiyev");
    assert!(!spelled.is_empty());
    for slug in &spelled {
        assert!(
            dom.contains(&format!("href=\"../articles/{slug}/#P")),
            "no passage of {slug}:\n{dom}"
        );
    }
    assert!(dom.contains("<mark>Darchiyev</mark>"), "{dom}");
    assert!(result_count(&dom) > spelled.len(), "{dom}");
    // A quote is found by its words and links to its passage.
    let dom = search_dom(&site, "pause%20too%20long");
    assert!(
        dom.contains("articles/moscow-times-2025-06-16-us-canceled-talks/#pause-quote"),
        "{dom}"
    );
    // British and American spellings find the same passages.
    let canceled = articles_with("canceled");
    assert!(!canceled.is_empty());
    let (us, uk) = (
        search_dom(&site, "canceled"),
        search_dom(&site, "cancelled"),
    );
    assert!(result_count(&us) >= canceled.len(), "{us}");
    assert_eq!(result_count(&uk), result_count(&us), "{uk}");
    assert!(uk.contains("<mark>canceled</mark>"), "{uk}");
    // A word that only an entity has (no article uses it) finds that entity, whether it is
    // its own stem ("keep") or not ("expires").
    let dom = search_dom(&site, "keep");
    assert!(dom.contains("href=\"../issues/new-start/\""), "{dom}");
    let dom = search_dom(&site, "expires");
    assert!(
        dom.contains("href=\"../events/new-start-expiry/\""),
        "{dom}"
    );
    // A typo of one letter in a name still finds the person.
    let dom = search_dom(&site, "Zakharva");
    assert!(dom.contains("href=\"../people/maria-zakharova/\""), "{dom}");
    // Two words find the passages that hold both: fewer than either word alone, and some.
    let passages = |q: &str| group_count(&search_dom(&site, q), "Passages");
    let (talks, lavrov, both) = (
        passages("talks"),
        passages("Lavrov"),
        passages("Lavrov%20talks"),
    );
    assert!(
        both > 0 && both < talks.min(lavrov),
        "{both} of {talks} and {lavrov}"
    );
    // A word in no article finds nothing, and says so.
    assert_eq!(result_count(&search_dom(&site, "xylophone")), 0);
}

#[test]
fn pages_are_readable_without_javascript() {
    let (site, _g) = build(&repo());
    for f in files(&site)
        .iter()
        // The 404 page's links start at the host's root (tests/publish.rs).
        .filter(|f| f.ends_with(".html") && *f != "search/index.html" && *f != "404.html")
    {
        // The one script is the search box's, deferred; without it the box is a plain form.
        // Article pages add sidenotes.js, which only moves crowded margin notes inline, and
        // previews.js, which only shows what a linked entity's page says on hover.
        // (A JSON-LD block is data, not a script that runs.)
        let html = read(&site, f);
        let root = "../".repeat(f.matches('/').count());
        let article = f.starts_with("articles/") && *f != "articles/index.html";
        let data = html
            .matches("<script type=\"application/ld+json\">")
            .count();
        let previews = html.contains(&format!("<script src=\"{root}previews.js\" defer>"));
        assert!(article || !previews, "{f}");
        assert_eq!(
            html.matches("<script").count() - data,
            1 + usize::from(article) + usize::from(previews),
            "{f}"
        );
        assert_eq!(
            html.contains(&format!("<script src=\"{root}sidenotes.js\" defer>")),
            article,
            "{f}"
        );
        assert!(
            html.contains(&format!(
                "<script src=\"{root}search.js\" data-root=\"{root}\" data-search=\"{root}search/\" defer>"
            )),
            "{f} has another script"
        );
        assert!(html.contains(&format!("action=\"{root}search/\" method=\"get\"")));
    }
    // The one script only fills the search panel, so the DOM Chromium parses is what a reader
    // without JavaScript gets: the article text, its highlights and its sidenotes.
    let url = format!(
        "file://{}/articles/rt-2025-04-08-next-round-istanbul/index.html",
        site.display()
    );
    let dom = chromium(&["--dump-dom", &url]);
    assert!(dom.contains("Aleksandr Darchiev"));
    // (sidenotes.js may set a note after its paragraph, and mark it so.)
    assert!(dom.contains("<span class=\"sidenote sn-note"));
}
