//! TEMPORARY stand-in for the session/output API of API.md, until it lands on main: every
//! `apply` is a full build into a scratch directory read back into memory. Deleted on rebase.
#![allow(missing_docs)]

use crate::pipeline::{self, BuildOptions, Report};
use crate::site::Site;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub type Files = BTreeMap<String, Arc<[u8]>>;

pub enum OutputTarget {
    Memory,
}

pub struct Session {
    root: PathBuf,
    site: Site,
    files: Arc<Files>,
}

pub struct Update {
    pub rendered: Vec<String>,
    pub removed: Vec<String>,
    pub full_rebuild: bool,
    pub report: Report,
    pub elapsed: Duration,
}

pub trait RenderHuman {
    fn render_human(&self) -> String;
}

impl RenderHuman for Report {
    fn render_human(&self) -> String {
        self.diagnostics.render_human(&self.sources)
    }
}

fn scratch() -> PathBuf {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    std::env::temp_dir().join(format!("dossier-shim-{}-{n}", std::process::id()))
}

fn read_tree(base: &Path, dir: &Path, out: &mut Files) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            read_tree(base, &p, out);
        } else if let Ok(bytes) = std::fs::read(&p) {
            let rel = p
                .strip_prefix(base)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if rel != crate::write::MANIFEST {
                out.insert(rel, bytes.into());
            }
        }
    }
}

fn build(root: &Path) -> Result<(Site, Files, Report), Report> {
    let start = Instant::now();
    let out = scratch();
    let opts = BuildOptions {
        output: Some(out.clone()),
        progress: false,
    };
    let built = pipeline::build_keep(root, &opts)?;
    let mut files = Files::new();
    read_tree(&out, &out, &mut files);
    let _ = std::fs::remove_dir_all(&out);
    let report = Report {
        diagnostics: built.diagnostics,
        sources: built.dossier.sources,
        pages: built.pages,
        output: None,
        elapsed: start.elapsed(),
    };
    Ok((built.site, files, report))
}

impl Session {
    pub fn open(root: &Path, _target: OutputTarget) -> Result<(Session, Report), Report> {
        let (site, files, report) = build(root)?;
        Ok((
            Session {
                root: root.to_path_buf(),
                site,
                files: Arc::new(files),
            },
            report,
        ))
    }

    pub fn apply(&mut self, _changed: &[PathBuf]) -> Update {
        let start = Instant::now();
        match build(&self.root) {
            Ok((site, files, report)) => {
                let rendered = files
                    .iter()
                    .filter(|(k, v)| self.files.get(*k).is_none_or(|o| o != *v))
                    .map(|(k, _)| k.clone())
                    .collect();
                let removed = self
                    .files
                    .keys()
                    .filter(|k| !files.contains_key(*k))
                    .cloned()
                    .collect();
                // Keep the old Arc of unchanged files, as the real session does.
                let files: Files = files
                    .into_iter()
                    .map(|(k, v)| match self.files.get(&k) {
                        Some(o) if *o == v => (k, o.clone()),
                        _ => (k, v),
                    })
                    .collect();
                self.site = site;
                self.files = Arc::new(files);
                Update {
                    rendered,
                    removed,
                    full_rebuild: true,
                    report,
                    elapsed: start.elapsed(),
                }
            }
            Err(report) => Update {
                rendered: vec![],
                removed: vec![],
                full_rebuild: false,
                report,
                elapsed: start.elapsed(),
            },
        }
    }

    pub fn files(&self) -> Arc<Files> {
        self.files.clone()
    }

    pub fn site(&self) -> &Site {
        &self.site
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
}
