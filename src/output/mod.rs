//! Stage 4, **output**: where rendered files go.
//!
//! Every command renders through one function, [`crate::pipeline::emit`], into a [`Sink`]:
//! - [`dir::DirOutput`]: the output directory, updated in place as one transaction (build,
//!   and a session on disk);
//! - [`Memory`]: a map of files in memory (the preview server);
//! - [`Discard`]: nothing kept (check renders every page only to find its errors).
//!
//! The [`Manifest`] records the content hash of every file a build wrote, so the next build
//! writes only files whose bytes changed and deletes only files a build made.

pub mod dir;
pub mod fingerprint;
pub mod kept;
pub mod plan;

use std::collections::BTreeMap;
use std::io;
use std::sync::{Arc, Mutex};

pub use plan::{Item, Plan, PlanChange, SearchFiles, search_files};

/// Somewhere to put output files. Called from many threads at once.
pub trait Sink: Sync {
    /// Writes one output file; `path` is relative to the output root, `/`-separated.
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()>;
}

/// A site in memory: output path to bytes.
pub type Files = BTreeMap<Arc<str>, Arc<[u8]>>;

/// A live session's site in memory, shared with the preview server: output path to bytes,
/// in shards that an edit copies one at a time. A session makes the next snapshot from the
/// one the server is serving; with one map, that copied every entry (36,000 at 10,000
/// articles, ~8 ms an edit, and as long again to free the old one); here it copies the
/// handles of the shards and the few shards the edit touches.
#[derive(Clone)]
pub struct SharedFiles {
    shards: Vec<Arc<Files>>,
}

impl SharedFiles {
    /// Enough that an edit's dozen files touch shards of about a hundred entries each.
    const SHARDS: usize = 256;

    fn shard(path: &str) -> usize {
        (xxhash_rust::xxh3::xxh3_64(path.as_bytes()) % Self::SHARDS as u64) as usize
    }

    pub fn get(&self, path: &str) -> Option<&Arc<[u8]>> {
        self.shards[Self::shard(path)].get(path)
    }

    pub fn contains_key(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    /// Puts `bytes` at `path`, copying its shard first if another snapshot shares it.
    pub fn insert(&mut self, path: Arc<str>, bytes: Arc<[u8]>) {
        Arc::make_mut(&mut self.shards[Self::shard(&path)]).insert(path, bytes);
    }

    pub fn remove(&mut self, path: &str) {
        let shard = &mut self.shards[Self::shard(path)];
        if shard.contains_key(path) {
            Arc::make_mut(shard).remove(path);
        }
    }

    pub fn len(&self) -> usize {
        self.shards.iter().map(|s| s.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.shards.iter().all(|s| s.is_empty())
    }

    /// Every path, in no particular order.
    pub fn keys(&self) -> impl Iterator<Item = &Arc<str>> {
        self.shards.iter().flat_map(|s| s.keys())
    }
}

impl Default for SharedFiles {
    fn default() -> Self {
        SharedFiles {
            shards: vec![Arc::default(); Self::SHARDS],
        }
    }
}

impl FromIterator<(Arc<str>, Arc<[u8]>)> for SharedFiles {
    fn from_iter<I: IntoIterator<Item = (Arc<str>, Arc<[u8]>)>>(iter: I) -> Self {
        let mut files = SharedFiles::default();
        for (path, bytes) in iter {
            files.insert(path, bytes);
        }
        files
    }
}

/// A sink that keeps every file in memory.
#[derive(Default)]
pub struct Memory(Mutex<Files>);

impl Memory {
    pub fn into_files(self) -> Files {
        self.0
            .into_inner()
            .expect("no panic while holding the lock")
    }
}

impl Sink for Memory {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        self.0
            .lock()
            .expect("no panic while holding the lock")
            .insert(path.into(), Arc::from(bytes));
        Ok(())
    }
}

/// A sink that keeps nothing: rendering still runs, so every error is found.
pub struct Discard;

impl Sink for Discard {
    fn write(&self, _: &str, _: &[u8]) -> io::Result<()> {
        Ok(())
    }
}

/// The content hash a manifest records (xxh3, 128 bits: fast, and collisions are not a
/// practical concern for telling changed files from unchanged ones).
pub fn digest(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// What a build wrote: output path to content hash, and what it was built from.
#[derive(Default, Debug, Clone, PartialEq, Eq)]
pub struct Manifest(pub BTreeMap<String, u128>, pub Built);

/// What a complete build without errors was made from (see [`fingerprint`]): when
/// the next build finds the same inputs and intact files, it has nothing to do.
#[derive(Default, Debug, Clone, PartialEq, Eq)]
pub struct Built {
    /// The fingerprint of every input file, the tool and the output path.
    pub inputs: Option<u128>,
    /// Pages by kind, for the report of a build that had nothing to do.
    pub pages: Vec<(String, usize)>,
    /// Its warnings, which a build that has nothing to do says again.
    pub warnings: Vec<kept::KeptWarning>,
}

/// The name of the manifest file in the output.
pub const MANIFEST: &str = ".dossier-manifest";

impl Manifest {
    /// Parses a manifest: one `HASH PATH` line per file. Lines of older manifests (a path
    /// alone) get hash 0, which matches nothing, so those files are rewritten once.
    pub fn parse(text: &str) -> Manifest {
        let mut built = Built::default();
        for l in text.lines().filter_map(|l| l.strip_prefix("# ")) {
            if let Some(h) = l.strip_prefix("inputs ") {
                built.inputs = u128::from_str_radix(h, 16).ok();
            } else if let Some(kinds) = l.strip_prefix("pages ") {
                built.pages = kinds
                    .split(' ')
                    .filter_map(|kv| kv.split_once('='))
                    .filter_map(|(k, n)| Some((k.to_string(), n.parse().ok()?)))
                    .collect();
            } else if let Some(w) = l.strip_prefix("warning ") {
                // A line that does not parse (a manifest of another version) is dropped, and
                // with it the fingerprint: the next build then builds.
                match serde_json::from_str(w) {
                    Ok(w) => built.warnings.push(w),
                    Err(_) => built.inputs = None,
                }
            }
        }
        let lines = text
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with("# "));
        let entries = lines.map(|l| {
            let hash = l.get(..32).map(|h| u128::from_str_radix(h, 16));
            match (hash, l.as_bytes().get(32)) {
                (Some(Ok(h)), Some(b' ')) => (l[33..].to_string(), h),
                _ => (l.to_string(), 0),
            }
        });
        Manifest(entries.collect(), built)
    }

    pub fn render(&self) -> String {
        let mut s = String::with_capacity(self.0.len() * 64);
        if let Some(h) = self.1.inputs {
            s.push_str(&format!("# inputs {h:032x}\n# pages"));
            for (k, n) in &self.1.pages {
                s.push_str(&format!(" {k}={n}"));
            }
            s.push('\n');
            for w in &self.1.warnings {
                let line = serde_json::to_string(w).expect("plain data serializes");
                s.push_str(&format!("# warning {line}\n"));
            }
        }
        for (path, hash) in &self.0 {
            s.push_str(&format!("{hash:032x} {path}\n"));
        }
        s
    }

    /// Reads the manifest of the output at `out`; an absent one is empty.
    pub fn read(out: &std::path::Path) -> io::Result<Manifest> {
        match std::fs::read_to_string(out.join(MANIFEST)) {
            Ok(t) => Ok(Manifest::parse(&t)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Manifest::default()),
            Err(e) => Err(e),
        }
    }

    pub fn contains(&self, path: &str) -> bool {
        self.0.contains_key(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_round_trips_and_reads_old_format() {
        let mut m = Manifest::default();
        m.0.insert("a b/c.html".into(), digest(b"x"));
        m.0.insert("index.html".into(), 7);
        assert_eq!(Manifest::parse(&m.render()), m);
        m.1.inputs = Some(u128::MAX - 5);
        m.1.pages = vec![("article".into(), 3), ("person".into(), 12)];
        assert_eq!(Manifest::parse(&m.render()), m);
        // Kept warnings: one line each, whatever their text holds.
        let mut sources = crate::diagnostics::Sources::default();
        let id = sources.add(std::path::Path::new("content/a.toml"), "x = 1\ny\n".into());
        let d = crate::diagnostics::Diagnostic::warning("w", "two\nlines \"quoted\"")
            .at(id, 6..7, "here")
            .hint("h");
        m.1.warnings = vec![kept::KeptWarning::of(&d, &sources).unwrap()];
        assert_eq!(Manifest::parse(&m.render()), m);
        let old = Manifest::parse("index.html\npeople/x.html\n");
        assert_eq!(old.0.get("people/x.html"), Some(&0));
    }

    /// A snapshot being served is never changed by the next one made from it.
    #[test]
    fn a_shared_snapshot_is_copied_before_it_changes() {
        let file = |k: usize| {
            (
                Arc::<str>::from(format!("p/{k}.html")),
                Arc::<[u8]>::from(vec![k as u8]),
            )
        };
        let served: SharedFiles = (0..1000).map(file).collect();
        let mut next = served.clone();
        next.insert("p/1.html".into(), Arc::from(&b"new"[..]));
        next.remove("p/2.html");
        next.remove("p/absent.html");
        next.insert("p/new.html".into(), Arc::from(&b"n"[..]));
        assert_eq!((served.len(), next.len()), (1000, 1000));
        assert_eq!(&**served.get("p/1.html").unwrap(), &[1]);
        assert_eq!(&**next.get("p/1.html").unwrap(), b"new");
        assert!(served.contains_key("p/2.html") && !next.contains_key("p/2.html"));
        assert!(!served.contains_key("p/new.html") && next.contains_key("p/new.html"));
        let mut keys: Vec<&str> = next.keys().map(|k| &**k).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), 1000);
        // Only the shards the edit touched were copied.
        let copied = (served.shards.iter().zip(&next.shards))
            .filter(|(a, b)| !Arc::ptr_eq(a, b))
            .count();
        assert!(copied <= 3, "{copied} shards copied");
    }
}
