//! The pipeline, end to end: **load** → **resolve** → **render** → **output**.
//!
//! Every command goes through [`prepare`] (load, resolve, templates, the output plan and its
//! checks) and then [`emit`], the one function that renders output files into a [`Sink`]:
//! `check` into [`Discard`], `build` into the output directory ([`DirOutput`], committed as a
//! transaction), a live session into memory or the directory.

use crate::diagnostics::{Diagnostic, Diagnostics, Sources};
use crate::load::{self, Dossier};
use crate::output::dir::{self, DirOutput};
use crate::output::kept::KeptWarning;
use crate::output::{Discard, Item, Plan, Sink};
use crate::render::deps::DepKey;
use crate::render::{self, SiteGlobal, Templates};
use crate::site::Site;
use crate::site::url::UrlStyle;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The outcome of a command: diagnostics with their sources, and what was done.
pub struct Report {
    pub diagnostics: Diagnostics,
    pub sources: Sources,
    /// Pages by kind (rendered, for check; in the site, for build).
    pub pages: BTreeMap<&'static str, usize>,
    /// Where the site was written, if it was.
    pub output: Option<PathBuf>,
    /// Output files whose bytes changed (a build writes only those).
    pub written: usize,
    /// The build found the inputs of the previous one and its files intact: nothing was done.
    pub unchanged: bool,
    pub elapsed: Duration,
}

impl Report {
    /// True when there is no error.
    pub fn ok(&self) -> bool {
        !self.diagnostics.has_errors()
    }

    /// The diagnostics in the words `dossier check` prints (file:line:column, the source
    /// line underlined, the hint), without colour.
    pub fn render_human(&self) -> String {
        self.diagnostics.render_human(&self.sources)
    }

    fn new(mut diagnostics: Diagnostics, sources: Sources, start: Instant) -> Report {
        diagnostics.sort(&sources);
        Report {
            diagnostics,
            sources,
            pages: BTreeMap::new(),
            output: None,
            written: 0,
            unchanged: false,
            elapsed: start.elapsed(),
        }
    }
}

/// Options of a build.
#[derive(Default, Clone)]
pub struct BuildOptions {
    /// Overrides `output_dir` of site.toml (relative paths are relative to the current directory).
    pub output: Option<PathBuf>,
    /// Show a progress bar on long builds.
    pub progress: bool,
    /// Overrides `base_url` of site.toml (`dossier build --base-url`).
    pub base_url: Option<String>,
}

/// Prints how long a stage took when `DOSSIER_TIMINGS` is set (a profiling aid).
pub fn timing(stage: &str, since: Instant) {
    if std::env::var_os("DOSSIER_TIMINGS").is_some() {
        // The peak resident memory so far (Linux), to see which stage sets it.
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .map_or("", str::trim)
                .to_string()
        };
        // CPU time of the process so far (user + system, in clock ticks of 10 ms), to see
        // which stages keep both cores busy.
        let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
        let ticks: u64 = stat
            .rsplit_once(')')
            .map(|(_, rest)| rest.split_whitespace().skip(11).take(2))
            .into_iter()
            .flatten()
            .filter_map(|t| t.parse::<u64>().ok())
            .sum();
        eprintln!(
            "[timing] {stage}: {:.1} ms (memory {}, peak so far {}, CPU so far {} ms)",
            since.elapsed().as_secs_f64() * 1000.0,
            field("VmRSS:"),
            field("VmHWM:"),
            ticks * 10
        );
    }
}

/// A dossier loaded, resolved and ready to render: what every command starts from.
pub struct Prepared {
    pub dossier: Dossier,
    pub site: Site,
    pub templates: Templates,
    pub plan: Plan,
    /// The search index and its files, made with the plan.
    pub search: crate::search::Index,
    /// The printed exports of each article, kept by a live session (`None` in a one-shot
    /// build, which prints them once and needs no copy).
    pub exports: Option<crate::publish::cache::ExportCache>,
    pub diagnostics: Diagnostics,
}

impl Prepared {
    /// Pages by kind.
    pub fn page_counts(&self) -> BTreeMap<&'static str, usize> {
        let mut m = BTreeMap::new();
        for (_, item) in &self.plan.items {
            if let Item::Page(p) = item {
                *m.entry(p.kind()).or_insert(0) += 1;
            }
        }
        m
    }

    /// [`Prepared::report`] for a process that exits next (`dossier build`, `dossier check`):
    /// what the report does not need is left for the system to reclaim at exit, not freed a
    /// piece at a time (millions of small allocations: at 10,000 articles, the time from the
    /// summary to the exit went from 80–100 ms to 40–50).
    fn report_at_exit(mut self, start: Instant) -> Report {
        let pages = self.page_counts();
        let sources = std::mem::take(&mut self.dossier.sources);
        let diagnostics = std::mem::take(&mut self.diagnostics);
        std::mem::forget(self);
        let mut r = Report::new(diagnostics, sources, start);
        r.pages = pages;
        r
    }

    /// Turns what is left into a report.
    pub fn report(self, start: Instant) -> Report {
        let pages = self.page_counts();
        let mut r = Report::new(self.diagnostics, self.dossier.sources, start);
        r.pages = pages;
        r
    }
}

/// Load, resolve, templates and the output plan, with every check that needs no rendering.
/// `Err` carries the report when there are errors.
pub fn prepare(root: &Path) -> Result<Prepared, Report> {
    prepare_with(root, None, UrlStyle::Pretty)
}

/// [`prepare`], with `base_url` replaced by `base_url` when it is given (`Some("")` for a
/// site with no address, such as a bundle), and links to pages written in `style` (folders
/// for a published site, their `index.html` for one read from `file://`).
pub fn prepare_with(
    root: &Path,
    base_url: Option<&str>,
    style: UrlStyle,
) -> Result<Prepared, Report> {
    prepare_inner(root, base_url, style, true)
}

/// [`prepare_with`]; the search index is made only when `search` is set. `check` has no use
/// for it: it cannot fail, and at 10,000 articles it is a fifth of the time and most of the
/// memory. Its paths stay reserved all the same (the plan reserves `search/` whole).
fn prepare_inner(
    root: &Path,
    base_url: Option<&str>,
    style: UrlStyle,
    search: bool,
) -> Result<Prepared, Report> {
    let start = Instant::now();
    let mut diags = Diagnostics::default();
    let t = Instant::now();
    let Some(dossier) = load::load(root, &mut diags) else {
        return Err(Report::new(diags, Sources::default(), start));
    };
    timing("load", t);
    let t = Instant::now();
    let mut site = crate::resolve::resolve(&dossier, &mut diags);
    site.url_style = style;
    timing("resolve", t);
    if let Some(url) = base_url {
        match crate::publish::check_base_url(url) {
            Err(d) if !url.is_empty() => diags.push(d),
            _ => site.config.base_url = url.to_string(),
        }
    }
    let templates = render::templates::load(&dossier, &SiteGlobal::new(&site), &mut diags);
    let search = if search {
        crate::output::search_files(&site)
    } else {
        crate::search::Index::default()
    };
    let plan = Plan::of(&dossier, &site, &search);
    plan.check(&dossier, &site, &mut diags);
    match templates {
        Some(templates) if !diags.has_errors() => Ok(Prepared {
            dossier,
            site,
            templates,
            plan,
            search,
            exports: None,
            diagnostics: diags,
        }),
        _ => Err(Report::new(diags, dossier.sources, start)),
    }
}

/// Renders the output files `items` (paths with what makes them) into `sink`: pages through
/// the templates, assets, search scripts and static files. This is the one emit path.
pub fn emit(
    p: &Prepared,
    items: &[(String, Item)],
    sink: &dyn Sink,
    progress: bool,
) -> Result<(), Vec<Diagnostic>> {
    emit_recording(p, items, sink, progress, false).map(|_| ())
}

/// [`emit`] of the whole plan for a one-shot command (build, bundle): the search scripts
/// first, after which the index is let go, so that its memory (the largest part of a large
/// dossier's) is free again before the pages are rendered.
fn emit_once(p: &mut Prepared, sink: &dyn Sink, progress: bool) -> Result<(), Vec<Diagnostic>> {
    let items = std::mem::take(&mut p.plan.items);
    let (search, rest): (Vec<_>, Vec<_>) = items
        .iter()
        .cloned()
        .partition(|(_, i)| matches!(i, Item::Search(_)));
    let done = emit(p, &search, sink, progress);
    let index = std::mem::take(&mut p.search);
    // Freeing the index (millions of small allocations) goes on beside the first pages.
    let shared = &*p;
    let ((), done) = rayon::join(
        || drop(index),
        || done.and_then(|()| emit(shared, &rest, sink, progress)),
    );
    p.plan.items = items;
    done
}

/// What each page read, by output path (see [`crate::render::deps`]).
pub type PageDeps = Vec<(String, Vec<DepKey>)>;

/// [`emit`], and when `record`, what each page read.
pub fn emit_recording(
    p: &Prepared,
    items: &[(String, Item)],
    sink: &dyn Sink,
    progress: bool,
    record: bool,
) -> Result<PageDeps, Vec<Diagnostic>> {
    let bar = progress_bar(progress, items.len());
    let by_kind: Option<Mutex<BTreeMap<&str, Duration>>> =
        std::env::var_os("DOSSIER_TIMINGS").map(|_| Mutex::default());
    let one = |(path, item): &(String, Item)| -> Result<Option<Vec<DepKey>>, Diagnostic> {
        bar.inc(1);
        let t = Instant::now();
        let (bytes, deps) = produce(p, item, record)?;
        if let (Some(k), Item::Page(page)) = (&by_kind, item) {
            *k.lock()
                .expect("no panic while holding")
                .entry(page.kind())
                .or_default() += t.elapsed();
        }
        sink.write(path, &bytes)
            .map_err(|e| Diagnostic::error("io", format!("cannot write {path}: {e}")))?;
        Ok(deps)
    };
    // Pieces of at most 16 files: rayon splits a list only while threads steal from each
    // other, and the pieces it left were hundreds of event pages long, rendered by one thread
    // while the other sat idle (0.9 s at the end of a 10,000-article build).
    let results: Vec<(&String, _)> = (items.par_iter().with_max_len(16))
        .map(|x| (&x.0, one(x)))
        .collect();
    let mut errors = Vec::new();
    let mut deps = Vec::new();
    for (path, r) in results {
        match r {
            Ok(Some(d)) => deps.push((path.clone(), d)),
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    bar.finish_and_clear();
    if let Some(k) = by_kind {
        for (kind, d) in k.into_inner().expect("no panic while holding") {
            eprintln!(
                "[timing]   rendering {kind} pages: {:.1} ms (summed over threads)",
                d.as_secs_f64() * 1000.0
            );
        }
    }
    if errors.is_empty() {
        Ok(deps)
    } else {
        Err(dedup(errors))
    }
}

/// The bytes of one output file, and what it read when it is a page and `record` is set.
fn produce(
    p: &Prepared,
    item: &Item,
    record: bool,
) -> Result<(Vec<u8>, Option<Vec<DepKey>>), Diagnostic> {
    let bytes = match item {
        Item::Page(page) => {
            let (html, deps) = render::render_recording(&p.site, &p.templates, *page, record)?;
            return Ok((html.into_bytes(), record.then_some(deps)));
        }
        Item::Asset(name) => render::templates::ASSETS
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, text)| text.as_bytes().to_vec())
            .unwrap_or_default(),
        Item::Search(path) => p
            .search
            .script(&p.site, path)
            .map(String::into_bytes)
            .ok_or_else(|| Diagnostic::error("internal", format!("no search file {path}")))?,
        Item::Publish(x) => x.produce(&p.site, p.exports.as_ref()),
        Item::Static(f) => std::fs::read(p.dossier.root.join("static").join(f)).map_err(|e| {
            Diagnostic::error("io", format!("cannot read static/{}: {e}", f.display()))
        })?,
    };
    Ok((bytes, None))
}

fn progress_bar(progress: bool, len: usize) -> indicatif::ProgressBar {
    if progress && len > 2000 {
        indicatif::ProgressBar::new(len as u64).with_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} rendering {pos}/{len} files {wide_bar} {eta}",
            )
            .expect("valid template"),
        )
    } else {
        indicatif::ProgressBar::hidden()
    }
}

/// The same template error on ten thousand pages is one diagnostic.
fn dedup(errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    errors
        .into_iter()
        .filter(|e| {
            seen.insert((
                e.message.clone(),
                e.location.as_ref().map(|l| (l.source, l.span.clone())),
            ))
        })
        .collect()
}

/// Validates the dossier at `root`: loads, resolves and plans it as a build does, then renders
/// the pages that go through a template of the dossier's own and reads the static files, and
/// writes nothing. What it leaves out (the other pages, the search index, the exports, feeds
/// and sitemap) is made from the resolved site by code (and built-in templates) that cannot
/// fail on it; at 10,000 articles, rendering every page was two thirds of check's time, and
/// the feeds 5% of what was left.
pub fn check(root: &Path) -> Report {
    check_with(root, Prepared::report)
}

/// [`check`] for a process that exits next (`dossier check`): the report takes what it needs
/// and the rest is left for the exit (see [`Prepared::report_at_exit`]).
pub fn check_then_exit(root: &Path) -> Report {
    check_with(root, Prepared::report_at_exit)
}

/// [`check`], its report made by `finish`.
fn check_with(root: &Path, finish: fn(Prepared, Instant) -> Report) -> Report {
    let start = Instant::now();
    let mut p = match prepare_inner(root, None, UrlStyle::Pretty, false) {
        Ok(p) => p,
        Err(r) => return r,
    };
    timing("prepared", start);
    let t = Instant::now();
    // Pages whose templates are all built-in are not rendered: only the dossier's own templates
    // can fail on its data (see `Templates::is_dossiers`).
    let items: Vec<(String, Item)> = (p.plan.items.iter())
        .filter(|(_, i)| match i {
            Item::Page(page) => p.templates.is_dossiers(page.template()),
            // Reading a static file can fail; nothing else can.
            Item::Static(_) => true,
            _ => false,
        })
        .cloned()
        .collect();
    if let Err(errors) = emit(&p, &items, &Discard, false) {
        p.diagnostics.items.extend(errors);
    }
    timing("render, discarded", t);
    finish(p, start)
}

/// Renders the whole site of `root` into `sink` (a memory snapshot).
pub fn emit_all(root: &Path, sink: &dyn Sink) -> Report {
    emit_site(root, sink, None)
}

/// Renders the site of `root` as it works with no address (a bundle opened from the file
/// system): no `base_url`, so nothing absolute names the published site; links that name
/// each page's `index.html`, since `file://` does not open a folder's; and no 404 page,
/// whose links start at the host's root.
pub fn emit_offline(root: &Path, sink: &dyn Sink) -> Report {
    emit_site(root, sink, Some(""))
}

fn emit_site(root: &Path, sink: &dyn Sink, base_url: Option<&str>) -> Report {
    let start = Instant::now();
    let offline = base_url == Some("");
    let style = if offline {
        UrlStyle::Explicit
    } else {
        UrlStyle::Pretty
    };
    let mut p = match prepare_with(root, base_url, style) {
        Ok(p) => p,
        Err(r) => return r,
    };
    if offline {
        p.plan
            .items
            .retain(|(_, i)| *i != Item::Page(render::Page::NotFound));
    }
    if let Err(errors) = emit_once(&mut p, sink, false) {
        p.diagnostics.items.extend(errors);
    }
    p.report(start)
}

/// `dossier check --links`: renders the site of `root` into memory (or reads the built site
/// in `dir`) and reports every internal link or fragment that leads nowhere, naming the page
/// and the link.
pub fn check_links(
    root: &Path,
    dir: Option<&Path>,
    external: Option<&crate::publish::external::Options>,
) -> Report {
    let start = Instant::now();
    let (mut report, files) = match dir {
        Some(d) => match crate::publish::links::read_dir(d) {
            Ok(files) => (
                Report::new(Diagnostics::default(), Sources::default(), start),
                files,
            ),
            Err(e) => {
                let mut diags = Diagnostics::default();
                diags.push(Diagnostic::error(
                    "io",
                    format!("cannot read {}: {e}", d.display()),
                ));
                return Report::new(diags, Sources::default(), start);
            }
        },
        None => {
            let sink = crate::output::Memory::default();
            let report = emit_all(root, &sink);
            if !report.ok() {
                return report;
            }
            (report, sink.into_files())
        }
    };
    for b in crate::publish::links::check(&files) {
        report.diagnostics.push(b.diagnostic());
    }
    if let Some(opts) = external {
        let links = crate::publish::external::collect(&files);
        for d in crate::publish::external::check(&links, opts) {
            report.diagnostics.push(d);
        }
    }
    report.elapsed = start.elapsed();
    report
}

/// Where the site of `root` goes: `--output`, or `output_dir` of site.toml.
pub fn output_dir(root: &Path, site: &Site, opts: &BuildOptions) -> PathBuf {
    opts.output
        .clone()
        .unwrap_or_else(|| root.join(&site.config.output_dir))
}

/// Builds the dossier at `root` into its output directory.
pub fn build(root: &Path, opts: &BuildOptions) -> Report {
    let start = Instant::now();
    if let Some(r) = unchanged(root, opts, start) {
        return r;
    }
    match build_keep(root, opts) {
        Ok((p, written)) => {
            let mut r = p.report_at_exit(start);
            r.output = Some(written.0);
            r.written = written.1;
            r
        }
        Err(r) => r,
    }
}

/// Where the output goes, read before loading (`--output`, or `output_dir` of a `site.toml`
/// that parses); `None` when that takes the loader.
fn early_output_dir(root: &Path, opts: &BuildOptions) -> Option<PathBuf> {
    if let Some(o) = &opts.output {
        return Some(o.clone());
    }
    let config: toml::Table = std::fs::read_to_string(root.join("site.toml"))
        .ok()?
        .parse()
        .ok()?;
    match config.get("output_dir") {
        None => Some(root.join("public")),
        Some(toml::Value::String(d)) => Some(root.join(d)),
        Some(_) => None,
    }
}

/// The build with nothing to do (see [`crate::output::fingerprint`]): the report of the
/// previous build, when the inputs are those it recorded and its files are intact.
fn unchanged(root: &Path, opts: &BuildOptions, start: Instant) -> Option<Report> {
    let out = early_output_dir(root, opts)?;
    let previous = crate::output::Manifest::read(&out).ok()?;
    let recorded = previous.1.inputs?;
    let t = Instant::now();
    let inputs = crate::output::fingerprint::inputs(root, opts.base_url.as_deref())?;
    timing("fingerprint", t);
    if inputs != recorded || !dir::check_output(root, &out, &mut Diagnostics::default()) {
        return None;
    }
    // Under the lock, so no other build is half-way through this output.
    let output = DirOutput::open(&out).ok()?;
    let same = output.previous().1.inputs == Some(inputs)
        && crate::output::fingerprint::intact(output.path(), output.previous());
    let pages = output.previous().1.pages.clone();
    let warnings = output.previous().1.warnings.clone();
    let path = output.path().to_path_buf();
    output.discard();
    timing("unchanged", t);
    if !same {
        return None;
    }
    // The warnings the recorded build had are said again, where they were.
    let mut sources = Sources::default();
    let diags = Diagnostics {
        items: KeptWarning::restore(&warnings, root, &mut sources)?,
    };
    let mut r = Report::new(diags, sources, start);
    // Kinds are few and fixed; the report names them with static strings.
    r.pages = pages
        .into_iter()
        .map(|(k, n)| (&*Box::leak(k.into_boxed_str()), n))
        .collect();
    r.output = Some(path);
    r.unchanged = true;
    Some(r)
}

/// Builds like [`build`], and keeps what it prepared, with the output directory and how many
/// files changed.
pub fn build_keep(
    root: &Path,
    opts: &BuildOptions,
) -> Result<(Prepared, (PathBuf, usize)), Report> {
    let start = Instant::now();
    // Before anything is read: an input changed during the build changes the next fingerprint.
    let early = early_output_dir(root, opts);
    let inputs = early
        .as_ref()
        .and_then(|_| crate::output::fingerprint::inputs(root, opts.base_url.as_deref()));
    timing("fingerprint", start);
    let mut p = prepare_with(root, opts.base_url.as_deref(), UrlStyle::Pretty)?;
    crate::publish::missing_base_url(&p.dossier, &p.site, &mut p.diagnostics);
    let out = output_dir(root, &p.site, opts);
    let fail = |mut p: Prepared, d: Vec<Diagnostic>| {
        p.diagnostics.items.extend(d);
        Err(p.report(start))
    };
    if !dir::check_output(root, &out, &mut p.diagnostics) {
        return Err(p.report(start));
    }
    let mut output = match DirOutput::open(&out) {
        Ok(o) => o,
        Err(e) => {
            let d = Diagnostic::error("io", format!("cannot open the output: {e}"))
                .hint("the previous output is unchanged");
            return fail(p, vec![d]);
        }
    };
    let what = |path: &str| p.plan.describe(&p.site, path);
    let blocked = dir::in_the_way(output.path(), output.previous(), p.plan.paths(), &what);
    if !blocked.is_empty() {
        output.discard();
        return fail(p, blocked);
    }
    let t = Instant::now();
    if let Err(errors) = emit_once(&mut p, &output, opts.progress) {
        output.discard();
        return fail(p, errors);
    }
    timing("render and stage", t);
    let t = Instant::now();
    // A build without errors may be skipped next time, saying its warnings again, but only
    // when the fingerprint was taken for this very output.
    if !p.diagnostics.has_errors() && early.as_deref() == Some(out.as_path()) {
        let pages = p.page_counts().into_iter();
        let warnings = p.diagnostics.items.iter();
        output.record(crate::output::Built {
            inputs,
            pages: pages.map(|(k, n)| (k.to_string(), n)).collect(),
            warnings: warnings
                .filter_map(|d| KeptWarning::of(d, &p.dossier.sources))
                .collect(),
        });
    }
    let path = output.path().to_path_buf();
    let committed = output.commit(true, &[]);
    timing("commit", t);
    match committed {
        Ok(c) => Ok((p, (path, c.written.len()))),
        Err(e) => {
            let d = Diagnostic::error("io", format!("cannot put the new site in place: {e}"));
            fail(p, vec![d])
        }
    }
}
