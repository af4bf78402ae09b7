//! What the session thread shares with the HTTP workers: the snapshot being served, and the
//! open live-reload streams (Server-Sent Events) of every tab.
//!
//! The snapshot is an `Arc` swapped whole under a lock held for a pointer copy, so a request
//! sees either the old site or the new one, never a mix, and the server keeps answering while
//! a rebuild runs. The same lock that guards the list of streams orders publishing and
//! subscribing: a tab that connects during a publish gets either the new state in its greeting
//! or the event, never neither.

use super::SharedFiles;
use serde_json::json;
use std::collections::HashMap;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, RwLock};
use std::time::SystemTime;

/// The site as served at one moment.
pub struct Snapshot {
    /// The output files (empty until the first successful build).
    pub files: Arc<SharedFiles>,
    /// When the first build was published: the `Last-Modified` of files unchanged since.
    built: SystemTime,
    /// When each file changed since then (only those: a map of the whole site, copied on every
    /// change, would cost more than the change at 10,000 pages).
    changed: Arc<HashMap<String, SystemTime>>,
    /// Counts successful builds; a page carries the generation it was served at, so a tab that
    /// missed a reload (it connected late) notices and reloads.
    pub generation: u64,
    /// The diagnostics of the last failed change, shown as an overlay until a change succeeds.
    pub problems: Option<Problems>,
    /// Output files the session makes only when asked for (see `Session::deferred`): a
    /// request for one asks the session thread to make them.
    pub deferred: Arc<[String]>,
}

/// Errors that stopped a change, as `dossier check` words them.
#[derive(Clone)]
pub struct Problems {
    pub errors: usize,
    pub text: String,
}

impl Snapshot {
    /// When the content of `path` last changed, for `Last-Modified`.
    pub fn modified(&self, path: &str) -> SystemTime {
        self.changed.get(path).copied().unwrap_or(self.built)
    }
}

/// What a successful change did, for the reload message.
pub struct Change {
    /// How many output files were rendered again.
    pub rendered: usize,
    /// The output files whose bytes changed.
    pub written: Vec<String>,
    pub removed: usize,
    pub elapsed_ms: u128,
    /// The files made only when asked for, not made yet.
    pub deferred: Vec<String>,
}

/// The shared state. See the module documentation for the ordering it guarantees.
pub struct Live {
    current: RwLock<Arc<Snapshot>>,
    /// One sender of SSE frames per open stream.
    streams: Mutex<Vec<Sender<Arc<str>>>>,
}

impl Default for Live {
    fn default() -> Self {
        Live {
            current: RwLock::new(Arc::new(Snapshot {
                files: Arc::default(),
                built: SystemTime::now(),
                changed: Arc::default(),
                generation: 0,
                problems: None,
                deferred: Arc::default(),
            })),
            streams: Mutex::default(),
        }
    }
}

impl Live {
    /// The snapshot to answer one request from.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Serves `files` from now on, clears any overlay, and tells every tab to reload.
    /// Returns the new generation.
    pub fn publish_site(&self, files: Arc<SharedFiles>, change: Change) -> u64 {
        let mut streams = self.streams.lock().unwrap_or_else(|e| e.into_inner());
        let old = self.snapshot();
        let now = SystemTime::now();
        let (built, changed) = if old.generation == 0 {
            (now, Arc::default())
        } else {
            let mut changed = HashMap::clone(&old.changed);
            changed.extend(change.written.iter().map(|p| (p.clone(), now)));
            (old.built, Arc::new(changed))
        };
        let generation = old.generation + 1;
        self.swap(Snapshot {
            files,
            built,
            changed,
            generation,
            problems: None,
            deferred: change.deferred.into(),
        });
        let frame = event(
            "reload",
            &json!({
                "generation": generation,
                "rendered": change.rendered,
                "written": change.written.len(),
                "removed": change.removed,
                "ms": change.elapsed_ms,
            }),
        );
        broadcast(&mut streams, frame);
        generation
    }

    /// Keeps serving the last good files and shows `problems` in every tab (replacing any
    /// overlay shown before).
    pub fn publish_problems(&self, problems: Problems) {
        let mut streams = self.streams.lock().unwrap_or_else(|e| e.into_inner());
        let old = self.snapshot();
        let frame = problems_event(&problems);
        self.swap(Snapshot {
            files: old.files.clone(),
            built: old.built,
            changed: old.changed.clone(),
            generation: old.generation,
            problems: Some(problems),
            deferred: old.deferred.clone(),
        });
        broadcast(&mut streams, frame);
    }

    /// Serves `files`, which now hold the deferred files that were `made`, in the same
    /// generation: the pages did not change, so no tab reloads.
    pub fn publish_made(&self, files: Arc<SharedFiles>, made: &[String]) {
        let _streams = self.streams.lock().unwrap_or_else(|e| e.into_inner());
        let old = self.snapshot();
        let mut changed = HashMap::clone(&old.changed);
        let now = SystemTime::now();
        changed.extend(made.iter().map(|p| (p.clone(), now)));
        self.swap(Snapshot {
            files,
            built: old.built,
            changed: Arc::new(changed),
            generation: old.generation,
            problems: old.problems.clone(),
            deferred: Arc::default(),
        });
    }

    /// Opens a stream for one tab: the greeting to send first (the generation, and the overlay
    /// if there are problems), and the receiver of every later event.
    pub fn subscribe(&self) -> (String, Receiver<Arc<str>>) {
        let mut streams = self.streams.lock().unwrap_or_else(|e| e.into_inner());
        let now = self.snapshot();
        // `retry`: how soon the browser reconnects after the server restarts.
        let mut greeting = String::from("retry: 500\n\n");
        greeting.push_str(&event("hello", &json!({ "generation": now.generation })));
        if let Some(p) = &now.problems {
            greeting.push_str(&problems_event(p));
        }
        let (tx, rx) = channel();
        streams.push(tx);
        (greeting, rx)
    }

    /// Closes every stream (on shutdown): their threads see the channel end and return.
    pub fn close_streams(&self) {
        self.streams
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    fn swap(&self, next: Snapshot) {
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(next);
    }
}

/// Sends a frame to every stream, dropping those whose tab has gone.
fn broadcast(streams: &mut Vec<Sender<Arc<str>>>, frame: String) {
    let frame: Arc<str> = frame.into();
    streams.retain(|s| s.send(frame.clone()).is_ok());
}

/// One Server-Sent Event. The data is JSON, which has no raw newline, so one `data:` line.
fn event(name: &str, data: &serde_json::Value) -> String {
    format!("event: {name}\ndata: {data}\n\n")
}

fn problems_event(p: &Problems) -> String {
    event("problems", &json!({ "errors": p.errors, "text": p.text }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> Arc<SharedFiles> {
        Arc::new(
            pairs
                .iter()
                .map(|(k, v)| (Arc::from(*k), Arc::from(v.as_bytes())))
                .collect(),
        )
    }

    fn change(written: &[&str]) -> Change {
        Change {
            rendered: 1,
            written: written.iter().map(|s| s.to_string()).collect(),
            removed: 0,
            elapsed_ms: 3,
            deferred: Vec::new(),
        }
    }

    #[test]
    fn subscribers_get_every_later_event_and_the_overlay_state() {
        let live = Live::default();
        let (hello, rx) = live.subscribe();
        assert!(hello.contains("event: hello\ndata: {\"generation\":0}"));
        assert_eq!(live.publish_site(files(&[("a.html", "1")]), change(&[])), 1);
        let frame = rx.try_recv().unwrap();
        assert!(frame.starts_with("event: reload\ndata: {"), "{frame}");
        live.publish_problems(Problems {
            errors: 1,
            text: "error: <b>\nline two".into(),
        });
        let frame = rx.try_recv().unwrap();
        let data_lines = frame.lines().filter(|l| l.starts_with("data:")).count();
        assert_eq!(data_lines, 1, "one data line: {frame}");
        assert!(frame.contains("\\nline two"));
        // A tab opened now sees the overlay at once, and the last good files are still served.
        let (hello, _rx2) = live.subscribe();
        assert!(hello.contains("event: problems"));
        assert_eq!(&**live.snapshot().files.get("a.html").unwrap(), b"1");
        // A fix clears it.
        live.publish_site(files(&[("a.html", "2")]), change(&["a.html"]));
        assert!(live.snapshot().problems.is_none());
        let (hello, _rx3) = live.subscribe();
        assert!(!hello.contains("problems"));
        // Closed tabs are dropped at the next broadcast.
        drop(rx);
        live.publish_site(files(&[("a.html", "3")]), change(&["a.html"]));
        assert_eq!(live.streams.lock().unwrap().len(), 2);
    }

    #[test]
    fn modification_times_follow_the_changes() {
        let live = Live::default();
        live.publish_site(files(&[("a", "x"), ("b", "y")]), change(&[]));
        let first = live.snapshot();
        live.publish_site(files(&[("a", "x"), ("b", "z")]), change(&["b"]));
        let second = live.snapshot();
        assert_eq!(second.modified("a"), first.modified("a"));
        assert!(second.modified("b") >= first.modified("b"));
        assert_eq!(second.changed.keys().collect::<Vec<_>>(), ["b"]);
    }
}
