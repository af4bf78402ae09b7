//! The output directory, updated in place as one transaction.
//!
//! A build never swaps whole trees: the output stays the same directory (a git checkout, a
//! web server's open handle and the user's own files and folders in it all stay valid). It
//! works in four steps, under a lock that keeps a second build out:
//! 1. **stage**: every file whose bytes changed (by the manifest's content hashes) is written
//!    into a staging directory beside the output; nothing of the output is touched yet;
//! 2. **journal**: the staging directory gets a journal listing the files to move in and the
//!    stale files to delete (files the previous build wrote that this one does not);
//! 3. **apply**: each staged file is renamed into place (atomic per file), keeping a hard link
//!    to the file it replaces (a folder the output lacks is renamed whole); if any step
//!    fails, everything is put back as it was;
//! 4. **finish**: stale files are deleted, the new manifest is renamed in, the staging
//!    directory is removed.
//!
//! A build killed before step 2 leaves only a staging directory without a journal, which the
//! next build discards; killed after it, the next build finds the journal and completes it
//! (roll forward). Either way the output ends up wholly the old or wholly the new site. Only
//! files listed in the previous manifest are ever replaced or deleted.

use super::{Built, MANIFEST, Manifest, Sink, digest};
use crate::diagnostics::{Diagnostic, Diagnostics};
use std::io;
use std::path::{Component, Path, PathBuf};

/// Makes a path absolute and removes `.` and `..` without touching the file system (the output
/// may not exist yet); existing prefixes are canonicalised so symlinks compare equal.
pub fn absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    // Canonicalise the longest existing ancestor.
    let mut existing = out.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut canon = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        canon.push(name);
    }
    canon
}

/// Refuses output directories that could destroy sources or someone else's files.
pub fn check_output(root: &Path, out: &Path, diags: &mut Diagnostics) -> bool {
    let root = absolute(root);
    let out_abs = absolute(out);
    let shown = out.display();
    let protected = ["content", "templates", "static"].map(|d| root.join(d));
    let refuse = |why: String, hint: &str, diags: &mut Diagnostics| {
        diags.push(
            Diagnostic::error(
                "unsafe-output",
                format!("refusing to write the site to {shown}: {why}"),
            )
            .hint(hint.to_string()),
        );
        false
    };
    if out_abs == root || root.starts_with(&out_abs) {
        return refuse(
            "it is the dossier root or contains it".into(),
            "set output_dir in site.toml to a directory of its own, such as \"public\"",
            diags,
        );
    }
    if let Some(p) = protected
        .iter()
        .find(|p| out_abs.starts_with(p) || p.starts_with(&out_abs))
    {
        return refuse(
            format!(
                "it overlaps the dossier's {} directory",
                p.file_name().unwrap_or_default().to_string_lossy()
            ),
            "set output_dir to a directory of its own, such as \"public\"",
            diags,
        );
    }
    if out_abs.exists() {
        if !out_abs.is_dir() {
            return refuse("it is a file".into(), "choose a directory path", diags);
        }
        let empty = std::fs::read_dir(&out_abs)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        // A build in progress (its lock) or an interrupted one (its staging) explains files
        // without a manifest yet; opening the output waits for or finishes it.
        let ours = sibling(&out_abs, "lock").exists()
            || sibling(&out_abs, "staging").join(STAGING_MARK).is_file();
        if !empty && !ours && !out_abs.join(MANIFEST).is_file() {
            return refuse(
                "it is not empty and no previous build made it (it has no .dossier-manifest)"
                    .into(),
                "empty it yourself, or choose another output directory with --output",
                diags,
            );
        }
    }
    true
}

/// Writes a file, creating its directory only when the write says it is missing: a site has
/// a handful of directories and a hundred thousand files, so checking first for every file
/// would cost a system call each.
pub fn write_creating_dirs(path: &Path, bytes: &[u8]) -> io::Result<()> {
    match std::fs::write(path, bytes) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(p) = path.parent() {
                std::fs::create_dir_all(p)?;
            }
            std::fs::write(path, bytes)
        }
        r => r,
    }
}

/// Every file below `dir`, hidden ones included, relative and with `/` separators.
pub fn walk_all(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            match e.file_type() {
                Ok(t) if t.is_dir() => walk(base, &p, out),
                Ok(_) => out.push(
                    p.strip_prefix(base)
                        .expect("below base")
                        .to_string_lossy()
                        .replace('\\', "/"),
                ),
                Err(_) => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Marks a staging directory as ours, so a leftover one can be cleared safely.
const STAGING_MARK: &str = ".dossier-staging";
/// The journal of a commit in progress, in the staging directory.
const JOURNAL: &str = ".dossier-journal";
/// The new manifest, staged.
const NEW_MANIFEST: &str = ".dossier-manifest.new";
/// Hard links to the files a commit replaces, kept until it is complete (for rollback).
const BACKUP: &str = ".dossier-backup";

/// A sibling of the output: `.NAME.dossier-SUFFIX`.
fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out.file_name().unwrap_or_default().to_string_lossy();
    out.with_file_name(format!(".{name}.dossier-{suffix}"))
}

/// An output directory opened for one build or one incremental update.
pub struct DirOutput {
    out: PathBuf,
    staging: PathBuf,
    /// Held for as long as this value lives.
    _lock: Lock,
    old: Manifest,
    /// Every file emitted so far, with its hash.
    new: std::sync::Mutex<Manifest>,
    /// Files written into staging (their bytes differ from the output's).
    staged: std::sync::Mutex<Vec<String>>,
    /// What a complete build records it was made from (nothing, unless [`Self::record`]).
    built: Built,
}

/// What a commit changed.
#[derive(Debug, Default)]
pub struct Committed {
    /// Files whose bytes changed (written).
    pub written: Vec<String>,
    /// Stale files deleted.
    pub removed: Vec<String>,
    /// The manifest as written: the content hash of every file of the output now.
    pub manifest: Manifest,
}

impl DirOutput {
    /// Takes the output's lock, finishes or discards what an interrupted build left, and
    /// reads the previous manifest.
    pub fn open(out: &Path) -> io::Result<DirOutput> {
        let out = absolute(out);
        let parent = out
            .parent()
            .ok_or_else(|| io::Error::other("the output has no parent directory"))?;
        std::fs::create_dir_all(parent)?;
        let lock = Lock::take(&sibling(&out, "lock"), &out)?;
        let staging = sibling(&out, "staging");
        recover(&out, &staging)?;
        std::fs::create_dir_all(&out)?;
        std::fs::create_dir(&staging)?;
        std::fs::write(staging.join(STAGING_MARK), b"")?;
        let old = Manifest::read(&out)?;
        Ok(DirOutput {
            out,
            staging,
            _lock: lock,
            new: std::sync::Mutex::new(Manifest::default()),
            staged: std::sync::Mutex::default(),
            built: Built::default(),
            old,
        })
    }

    /// The output directory (absolute).
    pub fn path(&self) -> &Path {
        &self.out
    }

    /// The previous build's manifest.
    pub fn previous(&self) -> &Manifest {
        &self.old
    }

    /// Records, for the manifest of a complete build, what it was made from.
    pub fn record(&mut self, built: Built) {
        self.built = built;
    }

    /// Gives up: removes the staging directory; the output is untouched.
    pub fn discard(self) {
        let _ = remove_staging(&self.staging);
    }

    /// Puts the staged files in place. With `complete`, the emitted files are the whole site
    /// and every other file of the previous manifest is stale; otherwise (an incremental
    /// update) the previous manifest is kept, less `removed`.
    pub fn commit(self, complete: bool, removed: &[String]) -> io::Result<Committed> {
        let new = self.new.lock().expect("no panic while holding").clone();
        let mut staged = self.staged.lock().expect("no panic while holding").clone();
        staged.sort();
        // An incremental update drops the record of the inputs: only a complete build vouches
        // for the whole output.
        let mut manifest = if complete {
            Manifest(Default::default(), self.built)
        } else {
            Manifest(self.old.0.clone(), Built::default())
        };
        manifest.0.extend(new.0);
        let mut stale: Vec<String> = if complete {
            self.old
                .0
                .keys()
                .filter(|p| !manifest.contains(p))
                .cloned()
                .collect()
        } else {
            removed
                .iter()
                .filter(|p| self.old.contains(p))
                .cloned()
                .collect()
        };
        for p in &stale {
            manifest.0.remove(p);
        }
        stale.sort();
        std::fs::write(self.staging.join(NEW_MANIFEST), manifest.render())?;
        let mut journal = String::new();
        for p in &staged {
            journal.push_str(&format!("M {p}\n"));
        }
        for p in &stale {
            journal.push_str(&format!("D {p}\n"));
        }
        write_synced(&self.staging.join(JOURNAL), journal.as_bytes())?;
        staged.dedup();
        if let Err(e) = move_in(&self.out, &self.staging, &staged) {
            let _ = remove_staging(&self.staging);
            return Err(io::Error::new(
                e.kind(),
                format!("{e}; the previous output was restored"),
            ));
        }
        finish(&self.out, &self.staging, &stale)?;
        Ok(Committed {
            written: staged,
            removed: stale,
            manifest,
        })
    }
}

impl Sink for DirOutput {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let hash = digest(bytes);
        self.new
            .lock()
            .expect("no panic while holding")
            .0
            .insert(path.to_string(), hash);
        // Unchanged bytes: nothing to write (the manifest's hash is of what is on disk, unless
        // someone edited the file, which the length check catches cheaply in most cases).
        if self.old.0.get(path) == Some(&hash)
            && std::fs::metadata(self.out.join(path)).is_ok_and(|m| m.len() == bytes.len() as u64)
        {
            return Ok(());
        }
        write_creating_dirs(&self.staging.join(path), bytes)?;
        self.staged
            .lock()
            .expect("no panic while holding")
            .push(path.to_string());
        Ok(())
    }
}

/// The lock that keeps a second build out of an output directory: a file beside the output,
/// locked (the OS releases the lock if the process dies, so a killed build leaves no stale
/// lock) and holding the pid for the message another build shows. Removed when released.
struct Lock {
    file: std::fs::File,
    path: PathBuf,
}

impl Lock {
    /// Takes the lock, or says who holds it.
    fn take(path: &Path, out: &Path) -> io::Result<Lock> {
        use std::io::{Read, Seek, Write};
        loop {
            let mut file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    let mut pid = String::new();
                    let _ = file.read_to_string(&mut pid);
                    return Err(io::Error::new(
                        io::ErrorKind::WouldBlock,
                        format!(
                            "another build (pid {}) is writing to {}; wait for it to finish",
                            pid.trim(),
                            out.display()
                        ),
                    ));
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(e),
            }
            // The holder before us removes the file as it lets go; if we locked a file that
            // is no longer at the path, someone else may lock a new one: try again.
            if !same_file(&file, path) {
                continue;
            }
            file.set_len(0)?;
            file.rewind()?;
            write!(file, "{}", std::process::id())?;
            return Ok(Lock {
                file,
                path: path.to_path_buf(),
            });
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Remove the file while still holding the lock, then release it.
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

#[cfg(unix)]
fn same_file(file: &std::fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::File, path: &Path) -> bool {
    path.exists()
}

/// Completes or discards what an interrupted build left in `staging`.
fn recover(out: &Path, staging: &Path) -> io::Result<()> {
    if !staging.exists() {
        return Ok(());
    }
    let empty = std::fs::read_dir(staging).is_ok_and(|mut d| d.next().is_none());
    if empty {
        // Killed between making the folder and marking it: an empty folder loses nothing.
        return std::fs::remove_dir(staging);
    }
    if !staging.join(STAGING_MARK).is_file() {
        return Err(io::Error::other(format!(
            "{} exists and was not made by dossier; move it away",
            staging.display()
        )));
    }
    if let Ok(journal) = std::fs::read_to_string(staging.join(JOURNAL)) {
        // The journal is written only once every file is staged: finish what it lists.
        let (mut moves, mut stale) = (Vec::new(), Vec::new());
        for line in journal.lines() {
            match line.split_at_checked(2) {
                Some(("M ", p)) => moves.push(p.to_string()),
                Some(("D ", p)) => stale.push(p.to_string()),
                _ => {}
            }
        }
        for p in &moves {
            let from = staging.join(p);
            if from.exists() {
                let to = out.join(p);
                if let Some(dir) = to.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                std::fs::rename(from, to)?;
            }
        }
        return finish(out, staging, &stale);
    }
    remove_staging(staging)
}

/// How one staged path was put in place, for rollback.
enum Moved<'a> {
    /// A file that replaced the output's file of that path (kept in the backup).
    Replaced(&'a str),
    /// A file the output did not have.
    NewFile(&'a str),
    /// A folder the output did not have, moved whole.
    NewFolder(&'a str),
}

/// Renames each staged file into the output; on failure, puts back what was moved. A staged
/// folder that the output lacks altogether (every folder of a first build, a new article's)
/// is renamed whole: one system call instead of one per file and folder in it.
fn move_in(out: &Path, staging: &Path, staged: &[String]) -> io::Result<()> {
    let backup = staging.join(BACKUP);
    let mut done: Vec<Moved> = Vec::new();
    // The folder last moved whole, with a trailing `/`: the sorted paths below it follow it.
    let mut moved = String::new();
    for p in staged {
        if !moved.is_empty() && p.starts_with(&moved) {
            continue;
        }
        let step = || -> io::Result<Moved> {
            if let Some(dir) = missing_folder(out, p) {
                std::fs::rename(staging.join(dir), out.join(dir))?;
                return Ok(Moved::NewFolder(dir));
            }
            let (from, to) = (staging.join(p), out.join(p));
            if !to.is_file() {
                std::fs::rename(&from, &to)?;
                return Ok(Moved::NewFile(p));
            }
            let b = backup.join(p);
            if let Some(dir) = b.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::hard_link(&to, &b).or_else(|_| std::fs::copy(&to, &b).map(|_| ()))?;
            std::fs::rename(&from, &to)?;
            Ok(Moved::Replaced(p))
        };
        match step() {
            Ok(m) => {
                if let Moved::NewFolder(d) = m {
                    moved = format!("{d}/");
                }
                done.push(m);
            }
            Err(e) => {
                for m in done.into_iter().rev() {
                    let _ = match m {
                        Moved::Replaced(q) => std::fs::rename(backup.join(q), out.join(q)),
                        Moved::NewFile(q) => std::fs::remove_file(out.join(q)),
                        // Back into staging, which is discarded with everything in it.
                        Moved::NewFolder(q) => std::fs::rename(out.join(q), staging.join(q)),
                    };
                }
                // Without the journal, the staging directory is only a discarded build.
                let _ = std::fs::remove_file(staging.join(JOURNAL));
                return Err(io::Error::new(
                    e.kind(),
                    format!("cannot write {}: {e}", out.join(p).display()),
                ));
            }
        }
    }
    Ok(())
}

/// The outermost folder on the way to `rel` that the output does not have, if any.
fn missing_folder<'a>(out: &Path, rel: &'a str) -> Option<&'a str> {
    rel.match_indices('/')
        .map(|(i, _)| &rel[..i])
        .find(|dir| !out.join(dir).exists())
}

/// The last steps of a commit, each safe to repeat: delete stale files (and the folders they
/// leave empty), put the new manifest in place, remove the staging directory.
fn finish(out: &Path, staging: &Path, stale: &[String]) -> io::Result<()> {
    for p in stale {
        match std::fs::remove_file(out.join(p)) {
            Ok(()) => remove_empty_parents(out, p),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    let manifest = staging.join(NEW_MANIFEST);
    if manifest.exists() {
        std::fs::rename(manifest, out.join(MANIFEST))?;
    }
    remove_staging(staging)
}

/// Removes the folders above a deleted file that it left empty (never the output itself).
fn remove_empty_parents(out: &Path, rel: &str) {
    let mut dir = Path::new(rel).parent();
    while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
        if std::fs::remove_dir(out.join(d)).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// Writes a file and flushes it to disk, for the journal that recovery relies on.
fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut f = std::fs::File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// User files at paths this build must write: a file no build wrote (not in the previous
/// manifest) where a page goes, or a folder where a file goes. Found before anything is
/// written, so the build fails cleanly and the user's file is kept.
pub fn in_the_way<'a>(
    out: &Path,
    previous: &Manifest,
    paths: impl Iterator<Item = &'a str>,
    what_needs: &dyn Fn(&str) -> String,
) -> Vec<Diagnostic> {
    // Folders found absent: whatever a build puts under one is absent too, so a build into
    // an empty output asks the file system once per folder, not once per file.
    let mut absent: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
    paths
        .filter(|p| !previous.contains(p))
        .filter_map(|p| {
            let full = out.join(p);
            let inside = |a: &&Path| *a != out;
            if (full.ancestors().skip(1).take_while(inside)).any(|a| absent.contains(a)) {
                return None;
            }
            let Ok(meta) = std::fs::symlink_metadata(&full) else {
                for a in full.ancestors().skip(1).take_while(inside) {
                    if std::fs::symlink_metadata(a).is_ok() {
                        break;
                    }
                    absent.insert(a.to_path_buf());
                }
                return None;
            };
            let what = if meta.is_dir() { "a folder" } else { "a file" };
            Some(
                Diagnostic::error(
                    "output-in-the-way",
                    format!(
                        "{} has {what} `{p}` that no build wrote, and this build must write {} there",
                        out.display(),
                        what_needs(p)
                    ),
                )
                .hint("move your file elsewhere (it is left as it is), or rename what makes that page"),
            )
        })
        .collect()
}

/// Removes a staging directory, its mark last: if this is interrupted, what is left is still
/// recognisably ours (marked, or empty) and the next build finishes the job.
fn remove_staging(staging: &Path) -> io::Result<()> {
    for entry in std::fs::read_dir(staging)? {
        let entry = entry?;
        if entry.file_name() == STAGING_MARK {
            continue;
        }
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(entry.path())?;
        } else {
            std::fs::remove_file(entry.path())?;
        }
    }
    match std::fs::remove_file(staging.join(STAGING_MARK)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    std::fs::remove_dir(staging)
}
