//! `dossier serve` on the real binary: HTTP on an ephemeral port, the real file watcher, and
//! the live-reload stream. Every wait has a deadline (no sleeps).

mod common;
#[path = "common/serve.rs"]
mod serve;
use common::*;
use serve::*;
use std::path::Path;

const ARTICLE: &str = "moscow-times-2025-06-16-us-canceled-talks";

fn article_toml(root: &Path) -> std::path::PathBuf {
    root.join(format!("content/articles/{ARTICLE}.toml"))
}

/// Replaces `from` (which must be there) by `to` in a file.
fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// The script tag the server adds to a page.
fn script_tag(html: &str) -> &str {
    let start = html
        .find("<script src=\"/_dossier/live.js\"")
        .expect("the page has the live-reload script");
    let end = start + html[start..].find("</script>\n").unwrap() + "</script>\n".len();
    &html[start..end]
}

/// A served page without the script tag the server added: the page as built.
fn bare(r: Resp) -> String {
    let html = r.text();
    html.replacen(script_tag(&html), "", 1)
}

/// Waits for the reload after an edit: its stdout line and its event must agree on the count.
fn reloaded(s: &Serve, events: &Events) -> (String, usize) {
    let (name, data) = events.next();
    assert_eq!(name, "reload", "{data}");
    let line = s.line_containing("re-rendered");
    let n: usize = line
        .split(": ")
        .last()
        .and_then(|t| t.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {line:?}"));
    assert_eq!(data["rendered"], n, "{line}");
    (line, n)
}

#[test]
fn serves_the_built_site_with_the_script_added() {
    let dir = copy_dossier(&repo());
    let root = dir.path();
    for (name, bytes) in [
        ("t.xml", &b"<a/>"[..]),
        ("t.json", b"{}"),
        ("t.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
        ("t.png", b"\x89PNG\r\n"),
        ("t.txt", b"text"),
        ("favicon.ico", b"\0\0\x01\0"),
        ("f.woff2", b"wOF2"),
    ] {
        std::fs::write(root.join("static").join(name), bytes).unwrap();
    }
    let s = Serve::start(root, &[]);
    let (built, _g) = build(root);

    let home = s.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    let html = home.text();
    let tag = script_tag(&html);
    // The page is the built page with the tag before </body>, and nothing else.
    assert_eq!(html.replacen(tag, "", 1), read(&built, "index.html"));
    assert!(html.find(tag).unwrap() < html.rfind("</body>").unwrap());
    assert!(!read(&built, "index.html").contains("_dossier"));
    let article = s.get(&format!("/articles/{ARTICLE}/")).text();
    assert!(script_tag(&article).contains(&format!("data-article=\"{ARTICLE}\"")));
    assert!(!script_tag(&html).contains("data-article"));

    for (path, kind) in [
        ("/dossier.css", "text/css; charset=utf-8"),
        ("/t.xml", "application/xml"),
        ("/t.json", "application/json"),
        ("/t.svg", "image/svg+xml"),
        ("/t.png", "image/png"),
        ("/t.txt", "text/plain; charset=utf-8"),
        ("/favicon.ico", "image/x-icon"),
        ("/f.woff2", "font/woff2"),
        ("/_dossier/live.js", "text/javascript; charset=utf-8"),
    ] {
        let r = s.get(path);
        assert_eq!(
            (r.status, r.header("Content-Type")),
            (200, Some(kind)),
            "{path}"
        );
    }
    assert_eq!(s.get("/t.txt").body, b"text");
    let icon = s.get("/favicon.ico");
    assert_eq!(
        (icon.status, icon.body.len()),
        (200, 4),
        "the dossier's own icon"
    );
    assert_eq!(s.get("/people/").status, 200);
    let moved = s.get("/people");
    assert_eq!(
        (moved.status, moved.header("Location")),
        (301, Some("/people/"))
    );
    // A page's folder without its slash moves to the folder, as static hosts do.
    let moved = s.get("/people/maria-zakharova?x=1");
    assert_eq!(
        (moved.status, moved.header("Location")),
        (301, Some("/people/maria-zakharova/?x=1"))
    );
    let person = s.get("/people/maria-zakharova/");
    assert_eq!(person.status, 200);
    assert!(person.text().contains("href=\"../../issues/irritants/\""));
}

#[test]
fn head_and_conditional_requests() {
    let dir = copy_dossier(&repo());
    let s = Serve::start(dir.path(), &[]);
    let get = s.get("/index.html");
    let head = s.request("HEAD", "/index.html", &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("Content-Length").unwrap(),
        get.body.len().to_string()
    );
    let etag = get.header("ETag").expect("an ETag");
    let modified = get.header("Last-Modified").expect("a Last-Modified");
    let r = s.request("GET", "/index.html", &[("If-None-Match", etag)]);
    assert_eq!((r.status, r.body.len()), (304, 0));
    assert_eq!(r.header("ETag"), Some(etag));
    let r = s.request("GET", "/index.html", &[("If-Modified-Since", modified)]);
    assert_eq!(r.status, 304);
    let old = "Mon, 01 Jan 2001 00:00:00 GMT";
    let r = s.request("GET", "/index.html", &[("If-Modified-Since", old)]);
    assert_eq!((r.status, r.body.len()), (200, get.body.len()));
    let r = s.request("GET", "/index.html", &[("If-None-Match", "\"stale\"")]);
    assert_eq!(r.status, 200);
    // The seed has no icon: browsers that ask get nothing, and log no error.
    assert_eq!(s.get("/favicon.ico").status, 204);
    let r = s.request("DELETE", "/index.html", &[]);
    assert_eq!((r.status, r.header("Allow")), (405, Some("GET, HEAD")));
}

#[test]
fn nothing_outside_the_site_is_ever_served() {
    let dir = copy_dossier(&repo());
    let root = dir.path();
    std::fs::write(root.join("secret.txt"), "TOP-SECRET").unwrap();
    let s = Serve::start(root, &[]);
    let events = s.events();
    for path in [
        "/../secret.txt",
        "/static/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/people/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/%252e%252e/secret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/secret.txt",
        "/content/people.toml",
        "/site.toml",
        "http://localhost/../secret.txt",
        "/%00",
    ] {
        let r = s.get(path);
        assert!(
            r.status == 400 || r.status == 404,
            "{path}: {} {}",
            r.status,
            r.text()
        );
        let body = r.text();
        assert!(
            !body.contains("TOP-SECRET") && !body.contains("root:"),
            "{path}"
        );
    }
    // A symlink in static/ to a file outside the dossier is refused, and never served.
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("key.txt"), "OUTSIDE-KEY").unwrap();
    std::os::unix::fs::symlink(outside.path().join("key.txt"), root.join("static/leak.txt"))
        .unwrap();
    let (name, data) = events.next();
    assert_eq!(name, "problems");
    assert!(
        data["text"].as_str().unwrap().contains("static/leak.txt"),
        "{data}"
    );
    let r = s.get("/leak.txt");
    assert_eq!(r.status, 404);
    assert!(!r.text().contains("OUTSIDE-KEY"));
}

#[test]
fn not_found_uses_the_dossiers_404_page_once_it_has_one() {
    let dir = copy_dossier(&repo());
    let root = dir.path();
    let s = Serve::start(root, &[]);
    let events = s.events();
    // Every build writes a 404 page, which the server shows with its script.
    let r = s.get("/no-such-page.html");
    assert_eq!(r.status, 404);
    let page = r.text();
    let built = std::fs::read_to_string(repo().join("templates/404.html")).unwrap();
    assert!(built.contains("There is no page at this address"));
    assert!(page.contains("There is no page at this address"), "{page}");
    script_tag(&page);
    // A dossier's own 404 template replaces it, and is what the server then answers with.
    std::fs::write(
        root.join("templates/404.html"),
        "<!DOCTYPE html><html lang=\"en\"><head><title>Lost</title></head><body><p>Lost in the dossier</p></body></html>",
    )
    .unwrap();
    reloaded(&s, &events);
    let r = s.get("/no-such-page.html");
    assert_eq!(r.status, 404);
    let page = r.text();
    assert!(page.starts_with("<!DOCTYPE html><html lang=\"en\"><head><title>Lost</title>"));
    assert!(page.contains("<p>Lost in the dossier</p>"));
    assert!(page.find(script_tag(&page)).unwrap() < page.find("</body>").unwrap());
}

#[test]
fn edits_reload_every_tab_with_the_new_pages() {
    let dir = copy_dossier(&repo());
    let root = dir.path();
    let s = Serve::start(root, &[]);
    let events = s.events();
    let page = format!("/articles/{ARTICLE}/");

    // An annotation.
    edit(
        &article_toml(root),
        "The Moscow Times's translation has *canceled*.",
        "Edited note REVISED-7Q.",
    );
    let (_, n) = reloaded(&s, &events);
    assert!(n >= 1);
    assert!(s.get(&page).text().contains("Edited note REVISED-7Q."));

    // A registry.
    edit(
        &root.join("content/people.toml"),
        "role = \"Spokeswoman\"",
        "role = \"Chief spokeswoman ROLE-3X\"",
    );
    reloaded(&s, &events);
    let person = s.get("/people/maria-zakharova/").text();
    assert!(person.contains("Chief spokeswoman ROLE-3X"), "{person}");

    // A template: every page that uses it.
    edit(
        &root.join("templates/base.html"),
        "made with {{ site.generator }}",
        "made with {{ site.generator }} FOOTER-9K",
    );
    let (_, n) = reloaded(&s, &events);
    for p in ["/", page.as_str(), "/people/maria-zakharova/"] {
        assert!(s.get(p).text().contains("FOOTER-9K"), "{p}");
    }
    let pages = files(&build(root).0)
        .iter()
        .filter(|f| f.ends_with(".html"))
        .count();
    assert!(
        n >= pages,
        "a template edit re-renders every page: {n} < {pages}"
    );

    // A page template: exactly the pages it renders.
    edit(
        &root.join("templates/person.html"),
        "<p class=\"kicker\">Person</p>",
        "<p class=\"kicker\">Person KICKER-7Q</p>",
    );
    let (_, n) = reloaded(&s, &events);
    let person = s.get("/people/maria-zakharova/").text();
    assert!(person.contains("KICKER-7Q"), "{person}");
    let people = std::fs::read_to_string(root.join("content/people.toml"))
        .unwrap()
        .lines()
        .filter(|l| l.starts_with('[') && !l.starts_with("[["))
        .count();
    assert_eq!(
        n, people,
        "a person template edit re-renders the person pages only"
    );
}

/// The whole-dossier exports and the search scripts are made when first asked for after a
/// change, not on every edit, and are then the bytes a build of the same files writes.
#[test]
fn exports_and_search_are_made_when_asked_for_and_follow_edits() {
    let dir = copy_dossier(&repo());
    let root = dir.path();
    let s = Serve::start(root, &[]);
    let events = s.events();
    let same_as_build = |what: &str| {
        let (site, _keep) = build(root);
        let mut made: Vec<String> = files(&site)
            .into_iter()
            .filter(|f| f.starts_with("search/") && f.ends_with(".js"))
            .collect();
        assert!(made.len() > 10, "{made:?}");
        made.extend(["dossier.json".into(), "annotations.jsonld".into()]);
        for f in made {
            let served = s.get(&format!("/{f}"));
            assert_eq!(served.status, 200, "{what}: {f}");
            let built = std::fs::read(site.join(&f)).unwrap();
            assert!(
                served.body == built,
                "{what}: the served {f} is not the built one"
            );
        }
    };
    same_as_build("first build");
    edit(
        &article_toml(root),
        "The Moscow Times's translation has *canceled*.",
        "Edited note EXPORT-4T.",
    );
    reloaded(&s, &events);
    // The search scripts first: asking for one makes them (and the exports).
    same_as_build("after an annotation edit");
    assert!(
        s.get("/dossier.json")
            .text()
            .contains("Edited note EXPORT-4T.")
    );
    // Asking again serves what was made, and no tab is told to reload for it.
    assert!(
        s.get("/annotations.jsonld")
            .text()
            .contains("Edited note EXPORT-4T.")
    );
    assert!(
        events.pending().is_none(),
        "making the exports reloaded the tabs"
    );
}

#[test]
fn articles_come_go_and_move() {
    let dir = copy_dossier(&repo());
    let root = dir.path();
    let s = Serve::start(root, &[]);
    let events = s.events();
    let articles = root.join("content/articles");
    let copy = |from: &str, to: &str| {
        for ext in ["md", "toml"] {
            let text = std::fs::read_to_string(articles.join(format!("{from}.{ext}"))).unwrap();
            std::fs::write(articles.join(format!("{to}.{ext}")), text).unwrap();
        }
    };
    let status = |slug: &str| s.get(&format!("/articles/{slug}/")).status;

    copy(ARTICLE, "copy-of-the-article");
    reloaded(&s, &events);
    assert_eq!(status("copy-of-the-article"), 200);
    assert!(
        s.get("/articles/")
            .text()
            .contains("href=\"../articles/copy-of-the-article/\"")
    );

    for ext in ["md", "toml"] {
        std::fs::rename(
            articles.join(format!("copy-of-the-article.{ext}")),
            articles.join(format!("moved-article.{ext}")),
        )
        .unwrap();
    }
    reloaded(&s, &events);
    assert_eq!(
        (status("copy-of-the-article"), status("moved-article")),
        (404, 200)
    );

    for ext in ["md", "toml"] {
        std::fs::remove_file(articles.join(format!("moved-article.{ext}"))).unwrap();
    }
    let (name, data) = events.next();
    assert_eq!(name, "reload");
    assert!(
        data["removed"].as_u64() >= Some(1),
        "its page is removed: {data}"
    );
    assert_eq!(status("moved-article"), 404);
    assert!(!s.get("/articles/").text().contains("moved-article"));
}

#[test]
fn a_bad_edit_shows_the_overlay_and_keeps_the_last_good_site() {
    let dir = copy_dossier(&repo());
    let root = dir.path();
    let s = Serve::start(root, &[]);
    let events = s.events();
    let page = format!("/articles/{ARTICLE}/");
    let before = bare(s.get(&page));
    let toml = article_toml(root);
    let original = std::fs::read_to_string(&toml).unwrap();
    let line_of = |needle: &str| original.lines().position(|l| l == needle).unwrap() + 1;

    edit(
        &toml,
        "quote = \"Maria Zakharova\"",
        "quote = \"Maria Zakharov-a\"",
    );
    let (name, data) = events.next();
    assert_eq!(name, "problems");
    let text = data["text"].as_str().unwrap();
    let at = format!("{ARTICLE}.toml:{}:", line_of("quote = \"Maria Zakharova\""));
    assert!(text.contains(&at), "no {at} in:\n{text}");
    assert!(data["errors"].as_u64() >= Some(1));
    s.line_containing("still serving the last good build");
    assert!(bare(s.get(&page)) == before, "the last good page is served");

    // A second error replaces the first.
    std::fs::write(&toml, original.replace("speaker = ", "speakr = ")).unwrap();
    let (name, data) = events.next();
    assert_eq!(name, "problems");
    let second = data["text"].as_str().unwrap();
    assert!(second.contains("speakr"), "{second}");
    assert!(!second.contains("Zakharov-a"), "{second}");
    // A tab opened now gets the overlay at once.
    let late = s.events();
    assert_eq!(late.next().0, "problems");

    // The fix reloads every tab.
    std::fs::write(&toml, &original).unwrap();
    let (name, _) = events.next();
    assert_eq!(name, "reload");
    assert_eq!(late.next().0, "reload");
    assert!(bare(s.get(&page)) == before);
}

#[test]
fn a_failed_first_build_is_served_as_an_error_page_until_fixed() {
    let dir = copy_dossier(&repo());
    let root = dir.path();
    let toml = article_toml(root);
    edit(&toml, "speaker = ", "speakr = ");
    let s = Serve::start(root, &[]);
    let r = s.get("/");
    assert_eq!(r.status, 503);
    script_tag(&r.text());
    let events = s.events();
    let (name, data) = events.next();
    assert_eq!(name, "problems");
    assert!(data["text"].as_str().unwrap().contains("speakr"));
    edit(&toml, "speakr = ", "speaker = ");
    assert_eq!(events.next().0, "reload");
    let r = s.get("/");
    assert_eq!(r.status, 200);
    let (built, _g) = build(root);
    assert!(bare(r) == read(&built, "index.html"));
}

#[test]
fn a_burst_of_file_events_is_one_rebuild_and_editor_litter_is_ignored() {
    let dir = copy_dossier(&repo());
    let root = dir.path();
    // On a loaded test machine the writing thread can be held up for longer than the default
    // burst window (12 ms): widen it, so that the test checks the merging, not the scheduler.
    let s = Serve::start_with_env(root, &[], &[("DOSSIER_SERVE_BURST_MS", "500")]);
    let events = s.events();
    std::fs::create_dir(root.join("static/burst")).unwrap();
    for i in 0..200 {
        std::fs::write(root.join(format!("static/burst/f{i}.txt")), format!("{i}")).unwrap();
    }
    let (name, _) = events.next();
    assert_eq!(name, "reload");
    let line = s.next_line();
    assert!(line.starts_with("200 files changed"), "{line}");
    assert_eq!(s.get("/burst/f199.txt").body, b"199");

    // Swap, backup and lock files are not changes; a file that vanishes at once is no crash.
    let content = root.join("content");
    for litter in [
        ".people.toml.swp",
        "people.toml~",
        "4913",
        ".#people.toml",
        "x.tmp",
    ] {
        std::fs::write(content.join(litter), "junk").unwrap();
    }
    std::fs::write(content.join("articles/gone.md"), "Gone.").unwrap();
    std::fs::remove_file(content.join("articles/gone.md")).unwrap();
    // An atomic save, as editors do it: write a temporary, rename it over the file.
    let people = std::fs::read_to_string(content.join("people.toml")).unwrap();
    std::fs::write(
        content.join("people.toml.tmp"),
        people.replace("Spokeswoman", "Spokesperson"),
    )
    .unwrap();
    std::fs::rename(content.join("people.toml.tmp"), content.join("people.toml")).unwrap();
    let (name, _) = events.next();
    assert_eq!(name, "reload");
    for line in s.lines_until("content/people.toml") {
        assert!(
            !["~", ".swp", "4913", ".#", ".tmp"]
                .iter()
                .any(|l| line.contains(l)),
            "{line}"
        );
    }
    assert!(
        s.get("/people/maria-zakharova/")
            .text()
            .contains("Spokesperson")
    );
}

#[test]
fn the_picker_gives_a_snippet_that_anchors() {
    let dir = copy_dossier(&repo());
    let root = dir.path();
    let s = Serve::start(root, &[]);
    let events = s.events();
    // "Feb. 27" occurs twice in the article: the picker must say which.
    let md = std::fs::read_to_string(root.join(format!("content/articles/{ARTICLE}.md"))).unwrap();
    let second = md.rfind("Feb. 27").unwrap();
    let at = md[..second].chars().filter(|c| !c.is_whitespace()).count();
    let r = s.get(&format!(
        "/_dossier/pick?article={ARTICLE}&text=Feb.%2027&at={at}"
    ));
    assert_eq!(r.status, 200);
    let reply: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    let note = reply["snippets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "note")
        .unwrap()["toml"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        note.contains("prefix = ") || note.contains("suffix = ") || note.contains("occurrence"),
        "{note}"
    );
    let toml = article_toml(root);
    let mut text = std::fs::read_to_string(&toml).unwrap();
    text.push('\n');
    text.push_str(&note.replace("body = \"\"", "body = \"PICKED-NOTE-5Z\""));
    std::fs::write(&toml, text).unwrap();
    let (name, data) = events.next();
    assert_eq!(name, "reload", "the snippet anchors: {data}");
    let page = s.get(&format!("/articles/{ARTICLE}/")).text();
    let note_at = page.find("PICKED-NOTE-5Z").expect("the new sidenote");
    // Its marker is in the paragraph of the second "Feb. 27", not the first.
    let id_at = page[..note_at]
        .rfind("<span class=\"sidenote sn-note\" id=\"")
        .unwrap();
    let id = page[id_at..].split('"').nth(3).unwrap();
    let marker = format!("href=\"#{id}\"");
    let line = page.lines().find(|l| l.contains(&marker)).unwrap();
    assert!(line.contains("Russia first proposed"), "{line}");

    let bad = s.get(&format!(
        "/_dossier/pick?article={ARTICLE}&text=not%20in%20it"
    ));
    let reply: serde_json::Value = serde_json::from_slice(&bad.body).unwrap();
    assert!(reply["error"].as_str().unwrap().contains("not the article"));
}

#[test]
fn a_port_in_use_moves_to_the_next_and_other_interfaces_warn() {
    let dir = copy_dossier(&repo());
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let s = Serve::start(dir.path(), &["--port", &port]);
    assert_ne!(s.port.to_string(), port);
    assert!(s.stderr_contains(&format!(
        "port {port} is in use; serving on port {}",
        s.port
    )));
    assert_eq!(s.get("/").status, 200);

    let wide = Serve::start(dir.path(), &["--bind", "0.0.0.0"]);
    assert!(wide.stderr_contains("warning: listening on 0.0.0.0"));
}

#[test]
fn ctrl_c_stops_cleanly() {
    let dir = copy_dossier(&repo());
    let mut s = Serve::start(dir.path(), &[]);
    let _events = s.events();
    let status = s.interrupt();
    assert!(status.success(), "{status:?}");
    s.line_containing("Stopping.");
}
