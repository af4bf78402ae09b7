//! Running `dossier serve` in tests: the real binary on an ephemeral port, plain HTTP/1.1
//! requests over a TCP socket, and the live-reload event stream read on a thread.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long anything may take: generous, as the tests run on a loaded machine.
pub const WAIT: Duration = Duration::from_secs(60);

/// A running `dossier serve`; killed when dropped.
pub struct Serve {
    child: Child,
    pub port: u16,
    lines: Receiver<String>,
    /// Everything the server wrote to stderr so far.
    pub stderr: Arc<Mutex<String>>,
}

impl Serve {
    /// Starts `dossier serve --root ROOT --port 0 EXTRA...` and waits for its address line.
    pub fn start(root: &Path, extra: &[&str]) -> Serve {
        Self::start_with_env(root, extra, &[])
    }

    /// [`Serve::start`], with environment variables set.
    pub fn start_with_env(root: &Path, extra: &[&str], env: &[(&str, &str)]) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .envs(env.iter().copied())
            .args(["serve", "--root", root.to_str().unwrap()])
            .args(if extra.contains(&"--port") {
                &[][..]
            } else {
                &["--port", "0"][..]
            })
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("dossier serve starts");
        let (tx, lines) = channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let (err, sink) = (child.stderr.take().unwrap(), stderr.clone());
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
        });
        let mut serve = Serve {
            child,
            port: 0,
            lines,
            stderr,
        };
        let line = serve.line_containing("Serving ");
        let port = line
            .rsplit_once(':')
            .and_then(|(_, rest)| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        serve.port = port;
        serve
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The next line of stdout containing `needle` (earlier lines are dropped).
    pub fn line_containing(&self, needle: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(l) if l.contains(needle) => return l,
                Ok(_) => {}
                Err(e) => panic!(
                    "no line with {needle:?} on stdout ({e}); stderr:\n{}",
                    self.stderr.lock().unwrap()
                ),
            }
        }
    }

    /// The lines of stdout up to and including the next one containing `needle`.
    pub fn lines_until(&self, needle: &str) -> Vec<String> {
        let mut out = Vec::new();
        loop {
            let l = self.next_line();
            let done = l.contains(needle);
            out.push(l);
            if done {
                return out;
            }
        }
    }

    /// Waits until stderr contains `needle` (it is read on another thread).
    pub fn stderr_contains(&self, needle: &str) -> bool {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if self.stderr.lock().unwrap().contains(needle) {
                return true;
            }
            std::thread::yield_now();
        }
        false
    }

    /// The next line of stdout, whatever it is.
    pub fn next_line(&self) -> String {
        self.lines
            .recv_timeout(WAIT)
            .unwrap_or_else(|e| panic!("no line on stdout: {e}"))
    }

    pub fn get(&self, path: &str) -> Resp {
        self.request("GET", path, &[])
    }

    /// Sends one request (and `Connection: close`) and reads the whole response.
    pub fn request(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> Resp {
        request(self.port, method, path, headers, b"")
    }

    /// Opens the live-reload stream and returns its events as they come.
    pub fn events(&self) -> Events {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            s,
            "GET /_dossier/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(s).lines().map_while(Result::ok);
            // The status line and headers.
            for l in lines.by_ref() {
                if l.is_empty() {
                    break;
                }
            }
            let (mut name, mut data) = (String::new(), String::new());
            for l in lines {
                if let Some(v) = l.strip_prefix("event: ") {
                    name = v.to_string();
                } else if let Some(v) = l.strip_prefix("data: ") {
                    data.push_str(v);
                } else if l.is_empty() {
                    if !name.is_empty() {
                        let value = serde_json::from_str(&data).unwrap();
                        if tx.send((name.clone(), value)).is_err() {
                            return;
                        }
                    }
                    name.clear();
                    data.clear();
                }
            }
        });
        let events = Events { rx };
        let (name, _) = events.next();
        assert_eq!(name, "hello", "the stream starts with a greeting");
        events
    }

    /// Sends SIGINT, as Ctrl-C does, and waits for the process to end.
    pub fn interrupt(&mut self) -> std::process::ExitStatus {
        unsafe { libc::kill(self.child.id() as i32, libc::SIGINT) };
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not stop");
            std::thread::yield_now();
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The events of one live-reload stream.
pub struct Events {
    rx: Receiver<(String, serde_json::Value)>,
}

impl Events {
    /// The next event (name, JSON data), within [`WAIT`].
    pub fn next(&self) -> (String, serde_json::Value) {
        self.rx
            .recv_timeout(WAIT)
            .unwrap_or_else(|e| panic!("no live-reload event: {e}"))
    }

    /// Whether an event is waiting now (without waiting).
    pub fn pending(&self) -> Option<(String, serde_json::Value)> {
        self.rx.try_recv().ok()
    }
}

/// An HTTP response.
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One HTTP/1.1 request on a new connection.
pub fn request(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Resp {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if !body.is_empty() {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end: {}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Resp {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}
