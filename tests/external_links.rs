//! `dossier check --links --external` against a real HTTP server on 127.0.0.1 (never the
//! network): broken links are errors naming the page, a host that asks to slow down is a
//! warning, `HEAD` refused falls back to `GET`, requests to one host are spaced, and answers
//! that worked are cached.

mod common;
use common::*;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One request the server saw: when, the method, the path.
type Log = Arc<Mutex<Vec<(Instant, String, String)>>>;

/// A server answering by path: `/gone…` 404, `/busy` 429, `/nohead` 405 to HEAD and 200 to
/// GET, anything else 200.
fn server() -> (u16, Log) {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("bind 127.0.0.1");
    let port = server.server_addr().to_ip().expect("an IP address").port();
    let log: Log = Arc::default();
    let seen = log.clone();
    std::thread::spawn(move || {
        for req in server.incoming_requests() {
            let (method, path) = (req.method().to_string(), req.url().to_string());
            seen.lock()
                .unwrap()
                .push((Instant::now(), method.clone(), path.clone()));
            let code = if path.starts_with("/gone") {
                404
            } else if path == "/busy" {
                429
            } else if path == "/nohead" && method == "HEAD" {
                405
            } else {
                200
            };
            let _ = req.respond(tiny_http::Response::empty(code));
        }
    });
    (port, log)
}

/// The seed dossier with every external URL pointed at the local server, plus a static page
/// carrying the special links.
fn dossier(port: u16) -> tempfile::TempDir {
    let root = copy_dossier(&repo());
    let local = format!("http://127.0.0.1:{port}/");
    let mut stack = vec![root.path().join("content"), root.path().join("site.toml")];
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            stack.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        } else if p.extension().is_some_and(|e| e == "toml" || e == "md") {
            let text = std::fs::read_to_string(&p).unwrap();
            let text = text
                .replace("https://", &local)
                .replace("http://www", &local);
            std::fs::write(&p, text).unwrap();
        }
    }
    std::fs::write(
        root.path().join("static/extra.html"),
        format!(
            "<!DOCTYPE html><title>x</title><a href=\"{local}gone/a#frag\">a</a> \
             <a href=\"{local}busy\">b</a> <a href=\"{local}nohead\">c</a>"
        ),
    )
    .unwrap();
    root
}

fn check(root: &std::path::Path) -> std::process::Output {
    let r = root.to_str().unwrap();
    run(&[
        "check",
        "--links",
        "--external",
        "--external-wait-ms",
        "150",
        "--root",
        r,
    ])
}

#[test]
fn external_links_are_checked_politely_and_cached() {
    let (port, log) = server();
    let root = dossier(port);
    let first = check(root.path());
    let err = stderr(&first);
    assert_eq!(first.status.code(), Some(1), "{err}");
    let local = format!("http://127.0.0.1:{port}/");
    assert!(
        err.contains(&format!(
            "error[broken-external-link]: `{local}gone/a`: the server answered 404 Not Found"
        )),
        "{err}"
    );
    assert!(
        err.contains("on extra.html; fix it in the dossier's sources"),
        "{err}"
    );
    assert_eq!(
        err.matches("error[broken-external-link]").count(),
        1,
        "{err}"
    );
    assert!(
        err.contains(&format!("warning[external-link-unchecked]: `{local}busy`")),
        "{err}"
    );
    assert!(
        !err.contains("nohead"),
        "GET after a refused HEAD answers: {err}"
    );

    let seen = log.lock().unwrap().clone();
    // Every external link of the site reached the local server: the articles' and outlets'.
    let paths: std::collections::BTreeSet<&str> = seen.iter().map(|(_, _, p)| p.as_str()).collect();
    assert!(paths.len() > 5, "{paths:?}");
    assert!(
        paths
            .iter()
            .any(|p| p.contains("themoscowtimes.com/2025/06/10/")),
        "{paths:?}"
    );
    assert!(
        seen.iter().any(|(_, m, p)| m == "GET" && p == "/nohead"),
        "{seen:?}"
    );
    // One host: each link's first request comes at least the wait after the previous link's.
    let mut firsts: Vec<Instant> = Vec::new();
    let mut last_path = "";
    for (at, _, p) in &seen {
        if p != last_path {
            firsts.push(*at);
            last_path = p;
        }
    }
    for w in firsts.windows(2) {
        assert!(
            w[1] - w[0] >= Duration::from_millis(140),
            "requests {:?} apart",
            w[1] - w[0]
        );
    }
    assert!(
        root.path()
            .join(".dossier-cache/external-links.tsv")
            .is_file()
    );

    // Again: what answered is not asked again; failures are.
    let before = seen.len();
    let second = check(root.path());
    assert_eq!(second.status.code(), Some(1), "{}", stderr(&second));
    let again: Vec<String> = log.lock().unwrap()[before..]
        .iter()
        .map(|(_, m, p)| format!("{m} {p}"))
        .collect();
    assert_eq!(again, vec!["HEAD /busy", "HEAD /gone/a"], "{again:?}");
}
