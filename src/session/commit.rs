//! Putting a session's rendered items in place: into the snapshot in memory, or into the
//! output directory as one transaction.

use super::{Output, Session};
use crate::diagnostics::Diagnostic;
use crate::output::dir::{self, DirOutput};
use crate::output::{Item, Memory, SharedFiles, digest};
use crate::pipeline;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

/// The files whose bytes changed and the files removed, or why nothing was.
type Committed = Result<(Vec<String>, Vec<String>), Vec<Diagnostic>>;

impl Session {
    /// Emits `items` and puts them in place with `removed` gone. With `complete`, `items` is
    /// the whole site and anything else of the previous output is removed. Returns the files
    /// whose bytes changed and the files removed.
    pub(super) fn commit(
        &mut self,
        items: &[(String, Item)],
        removed: &[String],
        complete: bool,
    ) -> Committed {
        match &self.output {
            Output::Memory(_) => self.commit_memory(items, removed, complete),
            Output::Dir(out) => {
                let out = out.clone();
                self.commit_dir(&out, items, removed, complete)
            }
        }
    }

    /// [`Self::commit`] into the snapshot in memory. The whole-dossier exports are not made
    /// but deferred ([`Self::flush`] makes them).
    fn commit_memory(
        &mut self,
        items: &[(String, Item)],
        removed: &[String],
        complete: bool,
    ) -> Committed {
        let (later, now): (Vec<_>, Vec<_>) =
            (items.iter().cloned()).partition(|(_, i)| i.is_export());
        let sink = Memory::default();
        let deps = pipeline::emit_recording(&self.prepared, &now, &sink, false, true)?;
        self.deps.update(deps, removed, complete);
        let fresh = sink.into_files();
        // What is deferred now: `later`, and what was deferred before and is neither made now
        // (a static file in its place) nor removed.
        if complete {
            self.deferred.clear();
        }
        self.deferred.retain(|(p, _)| {
            !fresh.contains_key(p.as_str())
                && !removed.contains(p)
                && !later.iter().any(|l| l.0 == *p)
        });
        self.deferred.extend(later);
        let Output::Memory(files) = &mut self.output else {
            unreachable!("commit_memory is called for a session in memory");
        };
        let is_deferred = |p: &str| self.deferred.iter().any(|d| d.0 == p);
        let mut next = if complete {
            SharedFiles::default()
        } else {
            (**files).clone()
        };
        let mut gone: Vec<String> = if complete {
            (files.keys())
                .filter(|k| !fresh.contains_key(*k) && !is_deferred(k))
                .map(|k| k.to_string())
                .collect()
        } else {
            (removed.iter())
                .filter(|p| files.contains_key(p.as_str()))
                .cloned()
                .collect()
        };
        gone.sort();
        for p in &gone {
            next.remove(p.as_str());
        }
        // A deferred file is out of date: it leaves the snapshot until it is made.
        for (p, _) in &self.deferred {
            next.remove(p.as_str());
            self.hashes.0.remove(p);
        }
        let mut changed = Vec::new();
        for (path, bytes) in fresh {
            if files.get(&path).is_none_or(|old| **old != *bytes) {
                changed.push(path.to_string());
            }
            self.hashes.0.insert(path.to_string(), digest(&bytes));
            next.insert(path, bytes);
        }
        for p in &gone {
            self.hashes.0.remove(p);
        }
        *files = Arc::new(next);
        Ok((changed, gone))
    }

    /// [`Self::commit`] into the output directory `out`, as one transaction: refused when a
    /// file the dossier did not make is in the way, discarded when rendering fails.
    fn commit_dir(
        &mut self,
        out: &Path,
        items: &[(String, Item)],
        removed: &[String],
        complete: bool,
    ) -> Committed {
        let io = |e: std::io::Error| vec![Diagnostic::error("io", e.to_string())];
        let t = Instant::now();
        let output = DirOutput::open(out).map_err(io)?;
        pipeline::timing("  output opened", t);
        let fresh: Vec<&str> = items.iter().map(|(p, _)| p.as_str()).collect();
        let what = |path: &str| self.prepared.plan.describe(&self.prepared.site, path);
        let blocked = dir::in_the_way(output.path(), output.previous(), fresh.into_iter(), &what);
        if !blocked.is_empty() {
            output.discard();
            return Err(blocked);
        }
        let t = Instant::now();
        match pipeline::emit_recording(&self.prepared, items, &output, false, true) {
            Ok(deps) => self.deps.update(deps, removed, complete),
            Err(e) => {
                output.discard();
                return Err(e);
            }
        }
        pipeline::timing("  emitted", t);
        let t = Instant::now();
        let c = output.commit(complete, removed).map_err(io)?;
        pipeline::timing("  committed", t);
        self.hashes = c.manifest;
        Ok((c.written, c.removed))
    }
}
