//! The HTTP side of `dossier serve`: answers from the in-memory snapshot, streams live-reload
//! events, and passes picker requests to the session thread.
//!
//! The stack is `tiny_http`: a synchronous HTTP/1.1 server with four small dependencies. A
//! preview server on the loopback interface serves a handful of tabs from memory; it needs no
//! async runtime, and the rest of `dossier` is synchronous (rayon) too. hyper or axum would
//! bring tokio and some sixty crates for nothing this server does. Server-Sent Events need no
//! extra crate either: a stream is a raw writer (`Request::into_writer`) on its own thread.

use super::inject::{SCRIPT, inject, plain_page};
use super::live::{Live, Snapshot};
use super::route::{self, BadPath, Route};
use super::watch::{Msg, PickRequest};
use std::io::{Cursor, Read, Write};
use std::sync::Arc;
use std::sync::mpsc::{Sender, channel};
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

/// How often an idle event stream sends a comment, so that a closed tab's thread notices.
const KEEPALIVE: Duration = Duration::from_secs(30);
/// The longest picker request accepted (a selection is a few hundred bytes).
const MAX_PICK_BODY: u64 = 1 << 20;
/// How long a picker request may wait for the session thread (which may be rebuilding).
const PICK_TIMEOUT: Duration = Duration::from_secs(30);

/// Where the server listens, for [`kick`]; set once at start-up.
pub static LISTENING: std::sync::OnceLock<std::net::SocketAddr> = std::sync::OnceLock::new();

/// Works around a race in tiny_http 0.12's connection pool (`util::TaskPool::spawn`): when
/// two connections arrive while a single pool thread is waking, the second is queued behind a
/// thread that then serves the first for as long as the browser keeps it alive, and no
/// thread is added for it. Its requests are not even read until another connection ends, so
/// a page's last script (`previews.js`, say) never loads: `tests/serve_browser.rs` timed out
/// in 2 runs of 4 on a loaded machine. After an HTML page, whose scripts and styles come in
/// such a burst, a few connections to the server itself that close at once make the pool
/// add threads, which then take what is queued. They cost a connect each and send nothing.
fn kick() {
    let Some(&addr) = LISTENING.get() else {
        return;
    };
    std::thread::spawn(move || {
        for wait in [50, 150, 400, 1000] {
            std::thread::sleep(Duration::from_millis(wait));
            let _ = std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(500));
        }
    });
}

/// A response body: shared bytes of the snapshot, or bytes made for this response.
struct Body(Arc<[u8]>);

impl AsRef<[u8]> for Body {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

type Reply = Response<Cursor<Body>>;

/// Answers requests until the server is unblocked.
pub fn worker(server: Arc<Server>, live: Arc<Live>, session: Sender<Msg>) {
    for rq in server.incoming_requests() {
        // A bug in one answer must not take a worker down with it.
        let answered =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handle(rq, &live, &session)));
        if answered.is_err() {
            eprintln!("warning: a request failed (see the message above)");
        }
    }
}

/// A response header. Bytes that may not appear in a header value (non-ASCII, control
/// characters: a `Location` built from a request path may hold them) are percent-encoded.
fn header(name: &str, value: &str) -> Header {
    let value: String = value
        .bytes()
        .map(|b| {
            if b.is_ascii_graphic() || b == b' ' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("an ASCII header")
}

fn reply(status: u16, content_type: &str, body: impl Into<Arc<[u8]>>) -> Reply {
    let body: Arc<[u8]> = body.into();
    let len = body.len();
    Response::new(
        StatusCode(status),
        vec![
            header("Content-Type", content_type),
            header("Cache-Control", "no-cache"),
            header("X-Content-Type-Options", "nosniff"),
        ],
        Cursor::new(Body(body)),
        Some(len),
        None,
    )
    // Always a Content-Length (HEAD answers carry it too); never chunked.
    .with_chunked_threshold(usize::MAX)
}

fn request_header<'r>(rq: &'r Request, name: &'static str) -> Option<&'r str> {
    rq.headers()
        .iter()
        .find(|h| h.field.equiv(name))
        .map(|h| h.value.as_str())
}

fn handle(rq: Request, live: &Live, session: &Sender<Msg>) {
    let target = rq.url().to_string();
    let route = match route::route(&target) {
        Ok(r) => r,
        Err(BadPath(why)) => {
            let _ = rq.respond(reply(400, "text/plain; charset=utf-8", why.as_bytes()));
            return;
        }
    };
    let method = rq.method().clone();
    let read_only = matches!(method, Method::Get | Method::Head);
    match route {
        Route::Events if method == Method::Get => stream(rq, live),
        Route::Pick if method == Method::Post || method == Method::Get => {
            pick(rq, &target, session)
        }
        Route::Script if read_only => {
            let r = reply(200, "text/javascript; charset=utf-8", SCRIPT.as_bytes());
            let _ = rq.respond(r);
        }
        Route::File(key) if read_only => {
            let mut snap = live.snapshot();
            let deferred =
                |d: &String| *d == key || (d.ends_with('/') && key.starts_with(d.as_str()));
            if snap.deferred.iter().any(deferred) {
                // Made on demand by the session thread (after any change it is applying).
                let (tx, rx) = channel();
                if session.send(Msg::Flush(tx)).is_ok() {
                    let _ = rx.recv();
                }
                snap = live.snapshot();
            }
            file(rq, &snap, &key, &target)
        }
        _ => {
            let r = reply(405, "text/plain; charset=utf-8", &b"method not allowed"[..])
                .with_header(header("Allow", "GET, HEAD"));
            let _ = rq.respond(r);
        }
    }
}

/// Serves one output file (or a redirect to a directory's index, or the 404 page).
fn file(rq: Request, snap: &Snapshot, key: &str, target: &str) {
    if snap.generation == 0 {
        let page = plain_page(
            "The dossier has errors",
            "The first build failed: the errors are listed over this page (and in the \
             terminal). Fix them and save: this page reloads when the dossier builds.",
        );
        let _ = rq.respond(html(503, &page, snap, None));
        return;
    }
    if let Some(bytes) = snap.files.get(key) {
        return found(rq, snap, key, bytes);
    }
    let index = format!("{key}/index.html");
    if snap.files.contains_key(index.as_str()) {
        // `/people` → `/people/`, so that the page's relative links resolve.
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let mut location = format!("{path}/");
        if !query.is_empty() {
            location = format!("{location}?{query}");
        }
        let r = reply(301, "text/plain; charset=utf-8", &b"moved"[..])
            .with_header(header("Location", &location));
        let _ = rq.respond(r);
        return;
    }
    if key == "favicon.ico" {
        // Browsers ask for it unbidden; a dossier without one gets no error in the console.
        let _ = rq.respond(reply(204, "image/x-icon", &b""[..]));
        return;
    }
    let page: Arc<[u8]> = match snap.files.get("404.html") {
        Some(p) => p.clone(),
        None => plain_page("Not found", &format!("There is no page at /{key}.")).into(),
    };
    let _ = rq.respond(html(404, &page, snap, None));
}

/// An HTML response, with the script injected.
fn html(status: u16, page: &[u8], snap: &Snapshot, article: Option<&str>) -> Reply {
    let body = inject(page, snap.generation, article);
    reply(status, "text/html; charset=utf-8", body)
}

/// A file that exists: 200 with validators, or 304 when the client's copy is current.
fn found(rq: Request, snap: &Snapshot, key: &str, bytes: &Arc<[u8]>) {
    let kind = route::content_type(key);
    let body: Arc<[u8]> = if route::is_html(key) {
        kick();
        inject(bytes, snap.generation, route::article_slug(key)).into()
    } else {
        bytes.clone()
    };
    // The tag of what is sent: for a page, with the script (and the generation) in.
    let tag = route::etag(&[&body]);
    let modified = snap.modified(key);
    let fresh = route::not_modified(
        &tag,
        modified,
        request_header(&rq, "If-None-Match"),
        request_header(&rq, "If-Modified-Since"),
    );
    // A 304 carries the Content-Length a 200 would (tiny_http sends no body with a 304).
    let r = reply(if fresh { 304 } else { 200 }, kind, body);
    let r = r
        .with_header(header("ETag", &tag))
        .with_header(header("Last-Modified", &httpdate::fmt_http_date(modified)));
    let _ = rq.respond(r);
}

/// A live-reload stream: the greeting, then every event, on a thread of its own.
fn stream(rq: Request, live: &Live) {
    let (greeting, events) = live.subscribe();
    let mut out = rq.into_writer();
    std::thread::spawn(move || {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\
                    Cache-Control: no-cache\r\nConnection: close\r\n\r\n";
        let mut send = |text: &str| {
            out.write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .is_ok()
        };
        if !send(head) || !send(&greeting) {
            return;
        }
        loop {
            let ok = match events.recv_timeout(KEEPALIVE) {
                Ok(frame) => send(&frame),
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => send(": keep-alive\n\n"),
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
            };
            if !ok {
                return; // the tab is gone
            }
        }
    });
}

/// The passage picker: `?article=SLUG`, and the selection as a JSON body `{"text", "at"}`
/// (POST) or as `&text=...&at=N` (GET). Answers JSON from the session thread.
fn pick(mut rq: Request, target: &str, session: &Sender<Msg>) {
    let article = route::query_param(target, "article").unwrap_or_default();
    let (text, at) = if *rq.method() == Method::Post {
        let mut body = String::new();
        let read = rq.as_reader().take(MAX_PICK_BODY).read_to_string(&mut body);
        let v: serde_json::Value = match read.ok().and_then(|_| serde_json::from_str(&body).ok()) {
            Some(v) => v,
            None => return json(rq, 400, &serde_json::json!({ "error": "bad JSON" })),
        };
        (
            v["text"].as_str().unwrap_or_default().to_string(),
            v["at"].as_u64().map(|n| n as usize),
        )
    } else {
        (
            route::query_param(target, "text").unwrap_or_default(),
            route::query_param(target, "at").and_then(|n| n.parse().ok()),
        )
    };
    let (tx, rx) = channel();
    let request = PickRequest { article, text, at };
    let answer = session
        .send(Msg::Pick(request, tx))
        .ok()
        .and_then(|()| rx.recv_timeout(PICK_TIMEOUT).ok());
    match answer {
        Some(v) => json(rq, 200, &v),
        None => json(
            rq,
            503,
            &serde_json::json!({ "error": "the server is busy" }),
        ),
    }
}

fn json(rq: Request, status: u16, v: &serde_json::Value) {
    let _ = rq.respond(reply(
        status,
        "application/json",
        v.to_string().into_bytes(),
    ));
}

#[cfg(test)]
mod tests {
    #[test]
    fn header_values_are_ascii_and_single_line() {
        let h = super::header("Location", "/pé\r\nSet-Cookie: x/");
        assert_eq!(h.value.as_str(), "/p%C3%A9%0D%0ASet-Cookie: x/");
    }
}
