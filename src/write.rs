//! Stage 4, **write**: the site onto disk, without ever losing anything.
//!
//! A build writes into a fresh staging directory beside the output and swaps it in only when
//! every page rendered. The output keeps a manifest (`.dossier-manifest`) of the files a build
//! wrote; the next build removes only those, and moves any file the user added into the new
//! output. An output directory that holds files no build made is refused, as is one that is
//! (or contains) the dossier's own sources.

use crate::diagnostics::{Diagnostic, Diagnostics};
use std::collections::BTreeSet;
use std::io;
use std::path::{Component, Path, PathBuf};

/// The name of the file listing what a build wrote.
pub const MANIFEST: &str = ".dossier-manifest";
/// Marks a staging directory as ours, so a leftover one can be cleared safely.
const STAGING_MARK: &str = ".dossier-staging";

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
        if !empty && !out_abs.join(MANIFEST).is_file() {
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

/// A staging directory being filled by a build.
pub struct Staging {
    pub dir: PathBuf,
    out: PathBuf,
    /// Deletes the output the build before the last one left aside, while this build renders.
    clearing: Option<std::thread::JoinHandle<io::Result<()>>>,
}

/// Where a build puts the output it replaces: beside it, hidden. The next build deletes it (in
/// the background, while it renders), so replacing a large site costs no time at the end.
fn previous_dir(out: &Path) -> PathBuf {
    let name = out
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    out.with_file_name(format!(".{name}.dossier-old"))
}

impl Staging {
    /// Creates (or clears a leftover of our own) staging directory beside `out`.
    pub fn new(out: &Path) -> io::Result<Self> {
        let out = absolute(out);
        let parent = out
            .parent()
            .ok_or_else(|| io::Error::other("the output has no parent directory"))?;
        std::fs::create_dir_all(parent)?;
        let name = out.file_name().unwrap_or_default().to_string_lossy();
        let dir = parent.join(format!(".{name}.dossier-staging"));
        if dir.exists() {
            if dir.join(STAGING_MARK).is_file() {
                std::fs::remove_dir_all(&dir)?;
            } else {
                return Err(io::Error::other(format!(
                    "{} exists and was not made by dossier; remove it",
                    dir.display()
                )));
            }
        }
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(STAGING_MARK), b"")?;
        // An output set aside by the last build holds only files a build wrote (the user's own
        // files were moved out of it): its manifest is the proof.
        let previous = previous_dir(&out);
        let clearing = previous
            .join(MANIFEST)
            .is_file()
            .then(|| std::thread::spawn(move || remove_previous(&previous)));
        Ok(Staging { dir, out, clearing })
    }

    /// Writes one file into the staging directory (safe to call from many threads).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        write_creating_dirs(&self.dir.join(rel), bytes)
    }

    /// Abandons the build: removes the staging directory, which only this build wrote.
    pub fn discard(mut self) {
        if let Some(h) = self.clearing.take() {
            let _ = h.join();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }

    /// Swaps the staging directory in as the output. `written` lists every file written.
    pub fn commit(mut self, written: &BTreeSet<String>) -> io::Result<PathBuf> {
        if let Some(h) = self.clearing.take() {
            h.join()
                .map_err(|_| io::Error::other("clearing the previous output failed"))??;
        }
        let mut manifest = String::new();
        for f in written {
            manifest.push_str(f);
            manifest.push('\n');
        }
        std::fs::remove_file(self.dir.join(STAGING_MARK))?;
        std::fs::write(self.dir.join(MANIFEST), manifest)?;
        if !self.out.exists() {
            std::fs::rename(&self.dir, &self.out)?;
            return Ok(self.out);
        }
        let old: BTreeSet<String> = std::fs::read_to_string(self.out.join(MANIFEST))
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect();
        // Files the user added to the output survive: they move into the new output.
        for f in walk_all(&self.out) {
            if f == MANIFEST || old.contains(&f) {
                continue;
            }
            let dest = self.dir.join(&f);
            if dest.exists() {
                return Err(io::Error::other(format!(
                    "{} in the output was not written by dossier, and this build writes a file of that name; move it away",
                    f
                )));
            }
            if let Some(p) = dest.parent() {
                std::fs::create_dir_all(p)?;
            }
            std::fs::rename(self.out.join(&f), dest)?;
        }
        // Only files a previous build wrote are left in the old output; the next build deletes
        // it while it renders.
        let previous = previous_dir(&self.out);
        if previous.exists() {
            return Err(io::Error::other(format!(
                "{} is in the way; remove it",
                previous.display()
            )));
        }
        std::fs::rename(&self.out, &previous)?;
        std::fs::rename(&self.dir, &self.out)?;
        Ok(self.out)
    }
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

/// Deletes an output set aside by a build, its manifest last: if this is interrupted, what is
/// left is still recognisably ours and the next build finishes the job.
fn remove_previous(dir: &Path) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name() == MANIFEST {
            continue;
        }
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(entry.path())?;
        } else {
            std::fs::remove_file(entry.path())?;
        }
    }
    std::fs::remove_file(dir.join(MANIFEST))?;
    std::fs::remove_dir(dir)
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
