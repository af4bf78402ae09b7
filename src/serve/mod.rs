//! `dossier serve`: the dossier built into memory, served over HTTP, rebuilt on every save.
//!
//! Three kinds of thread share a [`live::Live`] state:
//! - the **session thread** ([`watch::SessionThread`]) owns the `Session`; it receives the
//!   watcher's debounced changes, applies each burst at once, and publishes either the new
//!   files (and a reload event) or the diagnostics (and an overlay event);
//! - **HTTP workers** ([`http::worker`]) answer requests from the snapshot of the moment;
//! - one thread per open tab streams the live-reload events (Server-Sent Events).
//!
//! The server adds one script to the HTML it sends (see [`inject`]); the files in memory, and
//! therefore `dossier build`, never contain it.

mod http;
mod inject;
mod live;
pub mod picker;
pub mod route;
mod watch;

use crate::output::SharedFiles;
use crate::pipeline::Report;
use crate::session::{OutputTarget, Session};
use live::{Change, Live, Problems};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::channel;
use std::time::Instant;
use watch::{Msg, SessionThread};

/// HTTP worker threads. Requests are answered from memory. With 4, an article page's fifth
/// script was sometimes never answered while Chromium held six connections open
/// (`tests/serve_browser.rs` caught it when `previews.js` came); why a worker stays busy
/// there is not yet known. Idle threads cost nothing here.
const WORKERS: usize = 16;
/// How many ports after the one asked for are tried when it is in use.
const PORT_TRIES: u16 = 20;

/// What `dossier serve` was asked.
pub struct Options {
    /// The dossier directory.
    pub root: PathBuf,
    /// The port to listen on; 0 picks a free one. When it is in use, the next free one is taken.
    pub port: u16,
    /// The address to listen on (loopback unless told otherwise).
    pub bind: IpAddr,
    /// Open the site in the default browser.
    pub open: bool,
}

/// Runs the server until Ctrl-C. An error is returned only when it cannot start.
pub fn run(opts: Options) -> Result<(), String> {
    let root = std::fs::canonicalize(&opts.root)
        .map_err(|e| format!("cannot open the dossier {}: {e}", opts.root.display()))?;
    if !root.join("site.toml").is_file() {
        return Err(format!(
            "{} has no site.toml: it is not a dossier (`dossier init DIR` creates one)",
            root.display()
        ));
    }
    let listener = bind(opts.bind, opts.port)?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    if !opts.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: anyone who can reach this machine can read the dossier \
             and its drafts; the preview server is meant for 127.0.0.1",
            opts.bind
        );
    }
    // Handle Ctrl-C before anything announces the server: a Ctrl-C right after the
    // "Serving" line must stop it cleanly, not kill it.
    let (stop_tx, stop_rx) = channel();
    ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    })
    .map_err(|e| format!("cannot handle Ctrl-C: {e}"))?;
    let live = Arc::new(Live::default());
    let (tx, rx) = channel();
    // Watch before the first build, so that a save during it is not lost.
    let watcher = watch::watch(&root, tx.clone())
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    let session = first_build(&root, &live);
    let server =
        Arc::new(tiny_http::Server::from_listener(listener, None).map_err(|e| e.to_string())?);
    let _ = http::LISTENING.set(loopback(addr));
    let url = format!("http://{}/", display_addr(addr));
    // Tests and scripts read this line for the port (with --port 0).
    println!("Serving {} at {url} (Ctrl-C to stop)", root.display());

    let workers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let (server, live, tx) = (server.clone(), live.clone(), tx.clone());
            std::thread::spawn(move || http::worker(server, live, tx))
        })
        .collect();
    let session_thread = {
        let thread = SessionThread::new(root, session, live.clone(), rx, watcher);
        std::thread::spawn(move || thread.run())
    };
    if opts.open {
        open_browser(&url);
    }

    let _ = stop_rx.recv();
    println!("Stopping.");
    let _ = tx.send(Msg::Stop);
    for _ in 0..WORKERS {
        server.unblock();
    }
    for w in workers {
        let _ = w.join();
    }
    let _ = session_thread.join();
    live.close_streams();
    Ok(())
}

/// Builds the dossier; on errors, serves the error page (and overlay) until a save fixes it.
fn first_build(root: &std::path::Path, live: &Live) -> Option<Session> {
    let start = Instant::now();
    match Session::open(root, OutputTarget::Memory) {
        Ok((session, report)) => {
            watch::print_warnings(&report);
            let files = session.files();
            let ms = start.elapsed().as_millis();
            println!("Built {} files in {ms} ms", files.len());
            let change = Change {
                rendered: files.len(),
                written: Vec::new(),
                removed: 0,
                elapsed_ms: ms,
                deferred: session.deferred(),
            };
            live.publish_site(files, change);
            Some(session)
        }
        Err(report) => {
            let problems = problems(&report);
            eprint!("{}", problems.text);
            println!(
                "The build failed with {} error(s): serving an error page until a save fixes them",
                problems.errors
            );
            live.publish_problems(problems);
            None
        }
    }
}

/// The errors of a report, for the overlay.
pub(crate) fn problems(report: &Report) -> Problems {
    Problems {
        errors: report.diagnostics.error_count(),
        text: report.render_human(),
    }
}

/// Listens on `ip:port`, or on the next free port when that one is in use (saying so).
fn bind(ip: IpAddr, port: u16) -> Result<TcpListener, String> {
    let last = if port == 0 {
        0
    } else {
        port.saturating_add(PORT_TRIES)
    };
    for p in port..=last {
        match TcpListener::bind((ip, p)) {
            Ok(listener) => {
                if p != port {
                    eprintln!("note: port {port} is in use; serving on port {p} instead");
                }
                return Ok(listener);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(e) => return Err(format!("cannot listen on {ip} port {p}: {e}")),
        }
    }
    Err(format!(
        "ports {port} to {last} on {ip} are all in use: choose another with --port (0 picks any \
         free port)"
    ))
}

/// `127.0.0.1:1111`, or `[::1]:1111`; the unspecified address shows as localhost.
fn display_addr(addr: SocketAddr) -> String {
    if addr.ip().is_unspecified() {
        format!("localhost:{}", addr.port())
    } else {
        addr.to_string()
    }
}

/// Opens `url` in the desktop's browser; a failure is only reported.
fn open_browser(url: &str) {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    if let Err(e) = cmd.arg(url).spawn() {
        eprintln!("note: cannot open a browser ({e}); open {url} yourself");
    }
}

/// The address to reach the server at from this machine: `addr`, or the loopback address
/// when it listens on every interface.
fn loopback(addr: std::net::SocketAddr) -> std::net::SocketAddr {
    let ip = match addr.ip() {
        IpAddr::V4(v) if v.is_unspecified() => IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
        IpAddr::V6(v) if v.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    std::net::SocketAddr::new(ip, addr.port())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_port_in_use_moves_to_the_next() {
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        let taken = TcpListener::bind((ip, 0)).unwrap();
        let port = taken.local_addr().unwrap().port();
        let next = bind(ip, port).unwrap().local_addr().unwrap().port();
        assert!(next > port && next <= port + PORT_TRIES, "{port} -> {next}");
    }
}
