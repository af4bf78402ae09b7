//! Helpers shared by the integration tests: running the real binary, copying dossiers into
//! temporary directories, and reading the generated HTML.
#![allow(dead_code)]

/// The synthetic dossier generator (outside the library; see tools/corpus.rs).
#[path = "../../tools/corpus.rs"]
pub mod corpus;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `dossier ARGS` and returns its output.
pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the dossier binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs `dossier check --format json` on `root`: (exit code, the diagnostics).
pub fn check_json(root: &Path) -> (i32, Vec<serde_json::Value>) {
    let o = run(&[
        "check",
        "--root",
        root.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o))
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {}", stdout(&o)));
    (o.status.code().unwrap(), v.as_array().unwrap().clone())
}

/// Copies a dossier (site.toml, content/, templates/, static/) into a fresh temp dir.
pub fn copy_dossier(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in ["site.toml", "content", "templates", "static"] {
        let src = from.join(entry);
        if src.exists() {
            copy_tree(&src, &dir.path().join(entry));
        }
    }
    dir
}

pub fn copy_tree(from: &Path, to: &Path) {
    if from.is_file() {
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, to).unwrap();
        return;
    }
    for e in std::fs::read_dir(from).unwrap().flatten() {
        copy_tree(&e.path(), &to.join(e.file_name()));
    }
}

/// Every file below `dir`, relative, sorted.
pub fn files(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, d: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.push(
                    p.strip_prefix(base)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The values of `attr="..."` in an HTML document (attributes are always double-quoted).
pub fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        let end = rest.find('"').expect("attribute closes");
        out.push(rest[..end].replace("&amp;", "&"));
        rest = &rest[end..];
    }
    out
}

/// Resolves a relative href from page `from` (a path relative to the site root).
pub fn resolve_href(from: &str, href: &str) -> (String, Option<String>) {
    let (path, frag) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (href, None),
    };
    if path.is_empty() {
        return (from.to_string(), frag);
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in path.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    // A folder (`../people/x/`, `./`, `..`) is its index.html, as static hosts serve it.
    let folder = path.ends_with('/') || matches!(path.rsplit('/').next(), Some("." | ".."));
    if folder {
        parts.push("index.html");
    }
    (parts.join("/"), frag)
}

/// Checks every internal link and #fragment of a built site. Returns the broken ones.
pub fn broken_links(site: &Path) -> Vec<String> {
    let pages: Vec<String> = files(site)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect();
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut texts = BTreeMap::new();
    for p in &pages {
        let html = std::fs::read_to_string(site.join(p)).unwrap();
        ids.insert(p.clone(), attr_values(&html, "id").into_iter().collect());
        texts.insert(p.clone(), html);
    }
    let mut broken = Vec::new();
    for (p, html) in &texts {
        for attr in ["href", "src"] {
            for href in attr_values(html, attr) {
                if href.starts_with("http://")
                    || href.starts_with("https://")
                    || href.starts_with("mailto:")
                {
                    continue;
                }
                let (target, frag) = resolve_href(p, &href);
                if !site.join(&target).is_file() {
                    broken.push(format!("{p}: {href} (no file {target})"));
                    continue;
                }
                if let Some(f) = frag
                    && !ids.get(&target).is_some_and(|s| s.contains(&f))
                {
                    broken.push(format!("{p}: {href} (no id {f} in {target})"));
                }
            }
        }
    }
    broken
}

/// Builds `root` into a fresh output directory and returns (output dir, its guard).
pub fn build(root: &Path) -> (PathBuf, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let o = run(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        site.to_str().unwrap(),
    ]);
    assert!(
        o.status.success(),
        "build failed:\n{}\n{}",
        stdout(&o),
        stderr(&o)
    );
    (site, out)
}

pub fn read(site: &Path, rel: &str) -> String {
    std::fs::read_to_string(site.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Text content of HTML, roughly: tags dropped, entities for quotes decoded.
pub fn text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// The program on PATH, or a failure saying how to install it.
pub fn need(program: &str, hint: &str) -> PathBuf {
    let found = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|d| d.join(program))
        .find(|p| p.is_file());
    found.unwrap_or_else(|| panic!("`{program}` not found: {hint}"))
}

/// Debian's chromium, node and the node_modules holding playwright-core, or a failure saying
/// how to install them.
pub fn playwright() -> (PathBuf, PathBuf, PathBuf) {
    let chromium = need(
        "chromium",
        "install Debian's chromium with `bash .ci/install` (apt-get install chromium)",
    );
    let node = need(
        "node",
        "install Node.js with `bash .ci/install` (apt-get install npm)",
    );
    let modules = repo().join(".tools/node_modules");
    assert!(
        modules.join("playwright-core/package.json").is_file(),
        "playwright-core is missing: run `bash .ci/install`"
    );
    (chromium, node, modules)
}

/// Runs the browser script `script` (a path from the repository root) with `args`, through
/// node with playwright-core on `NODE_PATH`, and returns the JSON it prints; a failed run
/// fails the caller with the script's stderr.
pub fn browser_script(script: &str, args: &[&std::ffi::OsStr]) -> serde_json::Value {
    let (_, node, modules) = playwright();
    let run = Command::new(node)
        .arg(repo().join(script))
        .args(args)
        .env("NODE_PATH", &modules)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "the browser run of {script} failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    serde_json::from_slice(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "{script} printed no JSON ({e}): {}",
            String::from_utf8_lossy(&run.stdout)
        )
    })
}
