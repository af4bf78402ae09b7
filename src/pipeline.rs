//! The pipeline, end to end: **load** → **resolve** → **render** → **write**.
//!
//! `dossier build` runs all four; `dossier check` runs the same first three and renders every
//! page without writing, so a template that fails at render time is caught by `check` too.

use crate::diagnostics::{Diagnostic, Diagnostics, Sources};
use crate::load::{self, Dossier};
use crate::render::{self, Page, SiteGlobal, Templates};
use crate::site::Site;
use crate::write::{self, Staging};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The outcome of `check` or `build`: diagnostics with their sources, and what was done.
pub struct Report {
    pub diagnostics: Diagnostics,
    pub sources: Sources,
    /// Pages by kind (rendered, for check; written, for build).
    pub pages: BTreeMap<&'static str, usize>,
    /// Where the site was written, if it was.
    pub output: Option<PathBuf>,
    pub elapsed: Duration,
}

impl Report {
    pub fn ok(&self) -> bool {
        !self.diagnostics.has_errors()
    }
}

/// Options of a build.
#[derive(Default, Clone)]
pub struct BuildOptions {
    /// Overrides `output_dir` of site.toml (relative paths are relative to the current directory).
    pub output: Option<PathBuf>,
    /// Show a progress bar on long builds.
    pub progress: bool,
}

/// Prints how long a stage took when `DOSSIER_TIMINGS` is set (a profiling aid).
pub fn timing(stage: &str, since: Instant) {
    if std::env::var_os("DOSSIER_TIMINGS").is_some() {
        // The peak resident memory so far (Linux), to see which stage sets it.
        let peak = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmHWM:"))
                    .map(|l| l[6..].trim().to_string())
            })
            .unwrap_or_default();
        eprintln!(
            "[timing] {stage}: {:.1} ms (peak memory so far {peak})",
            since.elapsed().as_secs_f64() * 1000.0
        );
    }
}

/// Load and resolve: the stages every command shares.
pub fn load_and_resolve(root: &Path, diags: &mut Diagnostics) -> Option<(Dossier, Site)> {
    let t = Instant::now();
    let dossier = load::load(root, diags)?;
    timing("load", t);
    let t = Instant::now();
    let site = crate::resolve::resolve(&dossier, diags);
    timing("resolve", t);
    Some((dossier, site))
}

fn finish(
    mut diagnostics: Diagnostics,
    sources: Sources,
    pages: BTreeMap<&'static str, usize>,
    output: Option<PathBuf>,
    start: Instant,
) -> Report {
    diagnostics.sort(&sources);
    Report {
        diagnostics,
        sources,
        pages,
        output,
        elapsed: start.elapsed(),
    }
}

/// Validates the dossier at `root` without writing anything.
pub fn check(root: &Path) -> Report {
    let start = Instant::now();
    let mut diags = Diagnostics::default();
    let Some((dossier, site)) = load_and_resolve(root, &mut diags) else {
        return finish(diags, Sources::default(), BTreeMap::new(), None, start);
    };
    let mut pages = BTreeMap::new();
    if let Some(templates) = render::templates::load(&dossier, &SiteGlobal::new(&site), &mut diags)
    {
        check_static(&dossier, &site, &mut diags);
        let all = render::all_pages(&site);
        let errors: Vec<Diagnostic> = all
            .par_iter()
            .filter_map(|&p| render::render_page(&site, &templates, p).err())
            .collect();
        dedup_into(errors, &mut diags);
        pages = count(&all);
    }
    finish(diags, dossier.sources, pages, None, start)
}

/// The same template error on ten thousand pages is one diagnostic.
fn dedup_into(errors: Vec<Diagnostic>, diags: &mut Diagnostics) {
    let mut seen = HashSet::new();
    for e in errors {
        if seen.insert((
            e.message.clone(),
            e.location.as_ref().map(|l| (l.source, l.span.clone())),
        )) {
            diags.push(e);
        }
    }
}

fn count(pages: &[Page]) -> BTreeMap<&'static str, usize> {
    let mut m = BTreeMap::new();
    for p in pages {
        *m.entry(p.kind()).or_insert(0) += 1;
    }
    m
}

/// A static file may replace a built-in asset, but never a generated page.
fn check_static(dossier: &Dossier, site: &Site, diags: &mut Diagnostics) {
    if dossier.static_files.is_empty() {
        return;
    }
    let pages: HashSet<String> = render::all_pages(site)
        .iter()
        .map(|p| p.path(site))
        .collect();
    for f in &dossier.static_files {
        let rel = f.to_string_lossy().replace('\\', "/");
        if pages.contains(&rel) || rel.starts_with("search/") || rel == write::MANIFEST {
            diags.push(
                Diagnostic::error(
                    "static-overwrites-page",
                    format!("static/{rel} would overwrite a generated page"),
                )
                .hint("rename or move the file; to change how pages look, edit templates/ instead"),
            );
        }
    }
}

/// A site just built, with everything it was built from: what a live session keeps.
pub struct Built {
    pub dossier: Dossier,
    pub site: Site,
    pub templates: Templates,
    /// The output directory (absolute).
    pub output: PathBuf,
    /// Every file the build wrote (the manifest).
    pub written: BTreeSet<String>,
    pub diagnostics: Diagnostics,
    pub pages: BTreeMap<&'static str, usize>,
}

/// Builds the dossier at `root` into its output directory.
pub fn build(root: &Path, opts: &BuildOptions) -> Report {
    let start = Instant::now();
    match build_keep(root, opts) {
        Ok(b) => finish(
            b.diagnostics,
            b.dossier.sources,
            b.pages,
            Some(b.output),
            start,
        ),
        Err(report) => report,
    }
}

/// Builds like [`build`], and keeps the loaded, resolved and rendered state on success.
pub fn build_keep(root: &Path, opts: &BuildOptions) -> Result<Built, Report> {
    let start = Instant::now();
    let mut diags = Diagnostics::default();
    let Some((dossier, site)) = load_and_resolve(root, &mut diags) else {
        return Err(finish(
            diags,
            Sources::default(),
            BTreeMap::new(),
            None,
            start,
        ));
    };
    let out = opts
        .output
        .clone()
        .unwrap_or_else(|| root.join(&site.config.output_dir));
    let templates = render::templates::load(&dossier, &SiteGlobal::new(&site), &mut diags);
    check_static(&dossier, &site, &mut diags);
    write::check_output(root, &out, &mut diags);
    let Some(templates) = templates.filter(|_| !diags.has_errors()) else {
        return Err(finish(diags, dossier.sources, BTreeMap::new(), None, start));
    };
    let staging = match Staging::new(&out) {
        Ok(s) => s,
        Err(e) => {
            diags.push(Diagnostic::error(
                "io",
                format!("cannot prepare the output: {e}"),
            ));
            return Err(finish(diags, dossier.sources, BTreeMap::new(), None, start));
        }
    };
    let all = render::all_pages(&site);
    let t = Instant::now();
    let written = match write_site(&dossier, &site, &templates, &all, &staging, opts.progress) {
        Ok(w) => w,
        Err(errors) => {
            staging.discard();
            dedup_into(errors, &mut diags);
            return Err(finish(diags, dossier.sources, BTreeMap::new(), None, start));
        }
    };
    timing("render and write", t);
    let t = Instant::now();
    let committed = staging.commit(&written);
    timing("swap into place", t);
    match committed {
        Ok(output) => {
            diags.sort(&dossier.sources);
            Ok(Built {
                dossier,
                site,
                templates,
                output,
                written,
                diagnostics: diags,
                pages: count(&all),
            })
        }
        Err(e) => {
            diags.push(
                Diagnostic::error("io", format!("cannot put the new site in place: {e}"))
                    .hint("the previous output is unchanged"),
            );
            Err(finish(diags, dossier.sources, BTreeMap::new(), None, start))
        }
    }
}

/// Renders `pages` into the staging directory, with the assets and static files.
fn write_site(
    dossier: &Dossier,
    site: &Site,
    templates: &Templates,
    pages: &[Page],
    staging: &Staging,
    progress: bool,
) -> Result<BTreeSet<String>, Vec<Diagnostic>> {
    let bar = if progress && pages.len() > 2000 {
        indicatif::ProgressBar::new(pages.len() as u64).with_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} rendering {pos}/{len} pages {wide_bar} {eta}",
            )
            .expect("valid template"),
        )
    } else {
        indicatif::ProgressBar::hidden()
    };
    let errors = Mutex::new(Vec::new());
    let io_err = |e: std::io::Error, what: &str| {
        Diagnostic::error("io", format!("cannot write {what}: {e}"))
    };
    let by_kind: Option<Mutex<BTreeMap<&str, Duration>>> =
        std::env::var_os("DOSSIER_TIMINGS").map(|_| Mutex::default());
    let written: Vec<String> = pages
        .par_iter()
        .filter_map(|&p| {
            bar.inc(1);
            let path = p.path(site);
            let t = Instant::now();
            let html = render::render_page(site, templates, p);
            if let Some(k) = &by_kind {
                *k.lock()
                    .expect("no panics while holding")
                    .entry(p.kind())
                    .or_default() += t.elapsed();
            }
            let r = html.and_then(|html| {
                staging
                    .write(&path, html.as_bytes())
                    .map_err(|e| io_err(e, &path))
            });
            match r {
                Ok(()) => Some(path),
                Err(d) => {
                    errors.lock().expect("no panics while holding").push(d);
                    None
                }
            }
        })
        .collect();
    bar.finish_and_clear();
    if let Some(k) = by_kind {
        for (kind, d) in k.into_inner().expect("no panics while holding") {
            eprintln!(
                "[timing]   rendering {kind} pages: {:.1} ms (summed over threads)",
                d.as_secs_f64() * 1000.0
            );
        }
    }
    let mut errors = errors.into_inner().expect("no panics while holding");
    let mut files: BTreeSet<String> = written.into_iter().collect();
    for (name, text) in render::templates::ASSETS {
        match staging.write(name, text.as_bytes()) {
            Ok(()) => {
                files.insert(name.to_string());
            }
            Err(e) => errors.push(io_err(e, name)),
        }
    }
    let t = Instant::now();
    if site.config.options.search {
        for (path, text) in crate::search::files(site) {
            match staging.write(&path, text.as_bytes()) {
                Ok(()) => {
                    files.insert(path);
                }
                Err(e) => errors.push(io_err(e, &path)),
            }
        }
    }
    timing("search index", t);
    for f in &dossier.static_files {
        let rel = f.to_string_lossy().replace('\\', "/");
        let r = std::fs::read(dossier.root.join("static").join(f))
            .and_then(|b| staging.write(&rel, &b));
        match r {
            Ok(()) => {
                files.insert(rel);
            }
            Err(e) => errors.push(io_err(e, &format!("static/{rel}"))),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}
