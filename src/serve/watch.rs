//! Watching the dossier, and the session thread that owns the [`Session`]: it applies each
//! burst of changes at once, publishes the result to the [`Live`] state, and answers the
//! passage picker (which needs the resolved site).
//!
//! Events come from `notify` through `notify-debouncer-mini`, which reports each changed path
//! once it has been quiet for [`DEBOUNCE`]. It waits on a channel, so an idle server never
//! wakes up (notify-debouncer-full polls every few milliseconds, idle or not); `notify`'s
//! rename pairs still reach it as both paths, which is all a `Session::apply` needs. The
//! debouncer times each path on its own, so one burst (a `git checkout` of 500 files) comes out
//! as several batches; the session thread merges batches that follow each other within
//! [`SETTLE`] into one `apply`.

use super::live::{Change, Live};
use super::picker;
use crate::anchor::ArticleText;
use crate::session::{OutputTarget, Session, Update};
use notify_debouncer_mini::notify::{
    self, Event, EventHandler, EventKind, RecommendedWatcher, RecursiveMode, WatcherKind,
};
use notify_debouncer_mini::{Config, DebounceEventResult, Debouncer, new_debouncer_opt};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a file must be quiet before the debouncer reports it. An editor's save (a write,
/// or a temporary renamed over the file) takes well under a millisecond.
pub const DEBOUNCE: Duration = Duration::from_millis(10);
/// Batches closer together than this are one burst (the debouncer times each path on its own,
/// so the batches of one burst are as far apart as the tool's writes). The environment variable
/// `DOSSIER_SERVE_BURST_MS` sets another value, for a slow disk or a busy machine where a tool
/// writing many files may pause longer than this between two.
const SETTLE: Duration = Duration::from_millis(5);
/// Once a burst holds more than [`FEW`] files, a tool is at work (a checkout, a script): the
/// next batch is waited for this long (or `DOSSIER_SERVE_BURST_MS`, if longer). A single save
/// does not pay for it.
const SETTLE_BUSY: Duration = Duration::from_millis(50);
/// How many files one save may touch (an article's two files).
const FEW: usize = 2;
/// A burst that goes on longer than this is applied anyway (its rest comes in the next one).
const MAX_BURST: Duration = Duration::from_secs(1);

/// [`SETTLE`], or the value of `DOSSIER_SERVE_BURST_MS`.
fn settle() -> Duration {
    std::env::var("DOSSIER_SERVE_BURST_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(SETTLE, Duration::from_millis)
}

/// The top-level entries of a dossier that are watched.
const WATCHED_DIRS: [&str; 3] = ["content", "templates", "static"];

/// What the session thread is asked to do.
pub enum Msg {
    /// These files (or directories) changed.
    Changed(Vec<PathBuf>),
    /// The passage picker's request: answer with a JSON reply.
    Pick(PickRequest, Sender<Value>),
    /// A deferred file was asked for: make the deferred files, publish them, then answer.
    Flush(Sender<()>),
    /// Ctrl-C: return.
    Stop,
}

/// A selection on an article page.
pub struct PickRequest {
    pub article: String,
    pub text: String,
    /// Non-whitespace characters of the article text before the selection.
    pub at: Option<usize>,
}

/// The platform's watcher, passing on changes only. Reads are events too (inotify reports
/// every open and close), and the build reads every file: let through, they would make each
/// rebuild trigger the next. When the event queue overflowed, anything may have changed: the
/// watched directories are reported as changed, and the session thread reads them again.
pub struct ChangesOnly {
    inner: RecommendedWatcher,
    watched: Arc<Mutex<Vec<PathBuf>>>,
}

impl notify::Watcher for ChangesOnly {
    fn new<F: EventHandler>(mut handler: F, config: notify::Config) -> notify::Result<Self> {
        let watched = Arc::new(Mutex::new(Vec::<PathBuf>::new()));
        let roots = watched.clone();
        let inner = RecommendedWatcher::new(
            move |e: notify::Result<Event>| match e {
                Ok(e) if matches!(e.kind, EventKind::Access(_)) => {}
                Ok(e) if e.need_rescan() => {
                    let roots = roots.lock().map(|r| r.clone()).unwrap_or_default();
                    let mut all = Event::new(EventKind::Any);
                    all.paths = roots;
                    handler.handle_event(Ok(all));
                }
                e => handler.handle_event(e),
            },
            config,
        )?;
        Ok(ChangesOnly { inner, watched })
    }

    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        self.inner.watch(path, mode)?;
        if mode == RecursiveMode::Recursive
            && let Ok(mut w) = self.watched.lock()
        {
            w.push(path.to_path_buf());
        }
        Ok(())
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        self.inner.unwatch(path)
    }

    fn configure(&mut self, option: notify::Config) -> notify::Result<bool> {
        self.inner.configure(option)
    }

    fn kind() -> WatcherKind {
        RecommendedWatcher::kind()
    }
}

/// The running watcher; dropping it stops watching.
pub type Watcher = Debouncer<ChangesOnly>;

/// Starts watching `root` (absolute): site.toml, content/, templates/ and static/. Relevant
/// changes go to `tx` as [`Msg::Changed`].
pub fn watch(root: &Path, tx: Sender<Msg>) -> notify::Result<Watcher> {
    let base = root.to_path_buf();
    let handler = move |r: DebounceEventResult| match r {
        Ok(events) => {
            let paths: BTreeSet<PathBuf> = events
                .into_iter()
                .map(|e| e.path)
                .filter(|p| relevant(&base, p))
                .collect();
            if !paths.is_empty() {
                let _ = tx.send(Msg::Changed(paths.into_iter().collect()));
            }
        }
        Err(e) => eprintln!("warning: file watcher: {e}"),
    };
    let config = Config::default()
        .with_timeout(DEBOUNCE)
        .with_batch_mode(false);
    let mut debouncer = new_debouncer_opt::<_, ChangesOnly>(config, handler)?;
    let watcher = debouncer.watcher();
    // The root itself, not recursively: site.toml, and the watched directories appearing.
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    for dir in WATCHED_DIRS {
        let path = root.join(dir);
        if path.is_dir() {
            watcher.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    Ok(debouncer)
}

/// Temporary and backup files of editors and tools, never part of a dossier: Vim's swap files
/// and its `4913` write test, Emacs's `#autosave#` and `.#lock`, `~` backups, `.tmp` files,
/// GNOME's `.goutputstream-*` (a save renamed over the file).
pub fn is_editor_litter(name: &str) -> bool {
    name == "4913"
        || name.ends_with('~')
        || name.starts_with(".#")
        || name.starts_with(".goutputstream-")
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swo", ".swx", ".tmp", ".crswap"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// Whether a changed path can matter to the site: site.toml, or something under a watched
/// directory, that is not editor litter.
pub fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let top = rel.components().next().and_then(|c| c.as_os_str().to_str());
    let inside = rel == Path::new("site.toml") || top.is_some_and(|t| WATCHED_DIRS.contains(&t));
    inside && !is_editor_litter(name)
}

/// The session thread: the state it keeps between messages.
pub struct SessionThread {
    root: PathBuf,
    session: Option<Session>,
    live: Arc<Live>,
    rx: Receiver<Msg>,
    watcher: Watcher,
    settle: Duration,
}

impl SessionThread {
    /// `session` is `None` when the first build failed: each change then retries it.
    pub fn new(
        root: PathBuf,
        session: Option<Session>,
        live: Arc<Live>,
        rx: Receiver<Msg>,
        watcher: Watcher,
    ) -> Self {
        SessionThread {
            root,
            session,
            live,
            rx,
            watcher,
            settle: settle(),
        }
    }

    /// Runs until [`Msg::Stop`] (or every sender is gone); then the watcher stops with it.
    pub fn run(mut self) {
        loop {
            match self.rx.recv() {
                Ok(Msg::Changed(paths)) => match self.burst(paths) {
                    Some(paths) => self.apply(&paths),
                    None => return,
                },
                Ok(Msg::Pick(request, reply)) => {
                    let _ = reply.send(self.pick(&request));
                }
                Ok(Msg::Flush(reply)) => self.flush(reply),
                Ok(Msg::Stop) | Err(_) => return,
            }
        }
    }

    /// Collects the batches that follow `first` closely into one burst; `None` on Stop.
    fn burst(&mut self, first: Vec<PathBuf>) -> Option<Vec<PathBuf>> {
        let start = Instant::now();
        let mut paths: BTreeSet<PathBuf> = first.into_iter().collect();
        while start.elapsed() < MAX_BURST {
            let wait = if paths.len() > FEW {
                self.settle.max(SETTLE_BUSY)
            } else {
                self.settle
            };
            match self.rx.recv_timeout(wait) {
                Ok(Msg::Changed(more)) => paths.extend(more),
                Ok(Msg::Pick(request, reply)) => {
                    let _ = reply.send(self.pick(&request));
                }
                Ok(Msg::Flush(reply)) => self.flush(reply),
                Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => return None,
                Err(RecvTimeoutError::Timeout) => break,
            }
        }
        Some(self.expand(paths))
    }

    /// Directories stand for the files in them (a directory moved in, or a watched one
    /// created); a directory appearing at the top is watched from now on.
    fn expand(&mut self, paths: BTreeSet<PathBuf>) -> Vec<PathBuf> {
        let mut out = BTreeSet::new();
        for p in paths {
            if p.is_dir() {
                if p.parent() == Some(&self.root) {
                    let _ = self.watcher.watcher().watch(&p, RecursiveMode::Recursive);
                }
                walk(&p, &mut out);
            } else {
                out.insert(p);
            }
        }
        out.into_iter()
            .filter(|p| relevant(&self.root, p))
            .collect()
    }

    /// Brings the site up to date with `paths`, and tells the tabs.
    fn apply(&mut self, paths: &[PathBuf]) {
        let what = describe(&self.root, paths);
        let Some(session) = self.session.as_mut() else {
            return self.retry_open(&what);
        };
        let update: Update = session.apply(paths);
        let report = &update.report;
        if !report.ok() {
            let problems = super::problems(report);
            eprint!("{}", problems.text);
            println!(
                "{what}: {} error(s); still serving the last good build ({} ms)",
                problems.errors,
                update.elapsed.as_millis()
            );
            self.live.publish_problems(problems);
            return;
        }
        if update.written.is_empty()
            && update.removed.is_empty()
            && self.live.snapshot().problems.is_none()
        {
            // A save without a change (or a touch): no need to disturb the tabs.
            println!(
                "{what}: no page changed ({} ms)",
                update.elapsed.as_millis()
            );
            return;
        }
        let change = Change {
            rendered: update.rendered.len(),
            written: update.written.clone(),
            removed: update.removed.len(),
            elapsed_ms: update.elapsed.as_millis(),
            deferred: session.deferred(),
        };
        let full = if update.full_rebuild {
            " (full rebuild)"
        } else {
            ""
        };
        self.live.publish_site(session.files(), change);
        println!(
            "{what}: {} page(s) re-rendered ({} changed), {} removed, in {} ms{full}",
            update.rendered.len(),
            update.written.len(),
            update.removed.len(),
            update.elapsed.as_millis()
        );
    }

    /// Makes the deferred files and serves them, then answers `reply`.
    fn flush(&mut self, reply: Sender<()>) {
        if let Some(session) = self.session.as_mut() {
            match session.flush() {
                Ok(Some(made)) => self.live.publish_made(session.files(), &made),
                Ok(None) => {}
                Err(errors) => {
                    for e in errors {
                        eprintln!(
                            "cannot make {}: {}",
                            session.deferred().join(", "),
                            e.message
                        );
                    }
                }
            }
        }
        let _ = reply.send(());
    }

    /// No site yet (the first build failed): build it again from scratch.
    fn retry_open(&mut self, what: &str) {
        let start = Instant::now();
        match Session::open(&self.root, OutputTarget::Memory) {
            Ok((session, report)) => {
                let files = session.files();
                let change = Change {
                    rendered: files.len(),
                    // The first site served: every file is as new as the build.
                    written: Vec::new(),
                    removed: 0,
                    elapsed_ms: start.elapsed().as_millis(),
                    deferred: session.deferred(),
                };
                println!(
                    "{what}: built, {} file(s) in {} ms",
                    files.len(),
                    change.elapsed_ms
                );
                print_warnings(&report);
                self.session = Some(session);
                self.live.publish_site(files, change);
            }
            Err(report) => {
                let problems = super::problems(&report);
                eprint!("{}", problems.text);
                println!("{what}: {} error(s); nothing to serve yet", problems.errors);
                self.live.publish_problems(problems);
            }
        }
    }

    /// The picker's answer: the snippets, or why there are none.
    fn pick(&self, rq: &PickRequest) -> Value {
        let Some(session) = &self.session else {
            return json!({ "error": "The dossier has not built yet." });
        };
        let site = session.site();
        let Some(&i) = site.article_by_slug.get(&rq.article) else {
            return json!({ "error": format!("No article {:?} in the dossier.", rq.article) });
        };
        let article = &site.articles[i];
        let text = ArticleText::new(&article.text);
        match picker::pick(&text, &rq.text, rq.at) {
            Ok(picked) => json!({
                "quote": picked.selector.quote,
                "note": picker::explain(&picked),
                "snippets": picker::snippets(&picked, site, article),
            }),
            Err(e) => json!({ "error": e }),
        }
    }
}

/// Prints the warnings of a report, if any, to stderr.
pub fn print_warnings(report: &crate::pipeline::Report) {
    if report.diagnostics.warning_count() > 0 {
        eprint!("{}", report.render_human());
    }
}

/// Every file below `dir`.
fn walk(dir: &Path, out: &mut BTreeSet<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.insert(p);
        }
    }
}

/// "3 files changed (content/a.toml, content/b.md, and 1 more)".
fn describe(root: &Path, paths: &[PathBuf]) -> String {
    let names: Vec<String> = paths
        .iter()
        .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
        .collect();
    let shown = names.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
    let more = names.len().saturating_sub(3);
    let s = if names.len() == 1 { "" } else { "s" };
    if more > 0 {
        format!("{} file{s} changed ({shown}, and {more} more)", names.len())
    } else {
        format!("{} file{s} changed ({shown})", names.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_litter_is_ignored() {
        for name in [
            ".people.toml.swp",
            "people.toml~",
            ".#people.toml",
            "#people.toml#",
            "4913",
            "x.toml.tmp",
            "a.swx",
            ".goutputstream-X1Y2Z3",
        ] {
            assert!(is_editor_litter(name), "{name}");
        }
        for name in ["people.toml", "a.md", "site.toml", "x.swp.md", "4913.md"] {
            assert!(!is_editor_litter(name), "{name}");
        }
    }

    #[test]
    fn only_dossier_files_are_relevant() {
        let root = Path::new("/d");
        for p in [
            "/d/site.toml",
            "/d/content/people.toml",
            "/d/content/articles/a.md",
            "/d/templates/base.html",
            "/d/static/x/y.css",
            "/d/content",
        ] {
            assert!(relevant(root, Path::new(p)), "{p}");
        }
        for p in [
            "/d/public/index.html",
            "/d/README.md",
            "/d/content/.a.md.swp",
            "/d/contented/x",
            "/e/content/a.md",
            "/d/sub/site.toml",
        ] {
            assert!(!relevant(root, Path::new(p)), "{p}");
        }
    }

    #[test]
    fn descriptions_name_a_few_files() {
        let root = Path::new("/d");
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(
            describe(root, &[p("/d/site.toml")]),
            "1 file changed (site.toml)"
        );
        let many: Vec<PathBuf> = (0..5).map(|i| p(&format!("/d/static/{i}"))).collect();
        assert_eq!(
            describe(root, &many),
            "5 files changed (static/0, static/1, static/2, and 2 more)"
        );
    }
}
