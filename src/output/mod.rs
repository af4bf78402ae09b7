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
pub mod plan;

use std::collections::BTreeMap;
use std::io;
use std::sync::{Arc, Mutex};

pub use plan::{Item, Plan, SearchFiles, search_files};

/// Somewhere to put output files. Called from many threads at once.
pub trait Sink: Sync {
    /// Writes one output file; `path` is relative to the output root, `/`-separated.
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()>;
}

/// A site in memory: output path to bytes.
pub type Files = BTreeMap<String, Arc<[u8]>>;

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
            .insert(path.to_string(), Arc::from(bytes));
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

/// What a build wrote: output path to content hash.
#[derive(Default, Debug, Clone, PartialEq, Eq)]
pub struct Manifest(pub BTreeMap<String, u128>);

/// The name of the manifest file in the output.
pub const MANIFEST: &str = ".dossier-manifest";

impl Manifest {
    /// Parses a manifest: one `HASH PATH` line per file. Lines of older manifests (a path
    /// alone) get hash 0, which matches nothing, so those files are rewritten once.
    pub fn parse(text: &str) -> Manifest {
        let entries = text.lines().filter(|l| !l.is_empty()).map(|l| {
            let hash = l.get(..32).map(|h| u128::from_str_radix(h, 16));
            match (hash, l.as_bytes().get(32)) {
                (Some(Ok(h)), Some(b' ')) => (l[33..].to_string(), h),
                _ => (l.to_string(), 0),
            }
        });
        Manifest(entries.collect())
    }

    pub fn render(&self) -> String {
        let mut s = String::with_capacity(self.0.len() * 64);
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
        let old = Manifest::parse("index.html\npeople/x.html\n");
        assert_eq!(old.0.get("people/x.html"), Some(&0));
    }
}
