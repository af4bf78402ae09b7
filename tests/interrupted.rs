//! Builds that are killed at random points, and builds that run at the same time, on a
//! generated dossier of a few thousand articles: the output is always wholly the old site or
//! wholly the new one, and the next build succeeds.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

/// The output's files and bytes, without the manifest.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    files(dir)
        .into_iter()
        .filter(|f| f != ".dossier-manifest")
        .map(|f| {
            let b = std::fs::read(dir.join(&f)).unwrap();
            (f, b)
        })
        .collect()
}

fn generate(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    corpus::generate(&dir.path().join("d"), n, 1, None).unwrap();
    dir
}

fn build_cmd(root: &Path, out: &Path) -> std::process::Command {
    let mut c = bin();
    c.args(["build", "-q", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out);
    c
}

fn set_title(root: &Path, title: &str) {
    let f = root.join("site.toml");
    let t = std::fs::read_to_string(&f).unwrap();
    let rest: Vec<&str> = t.lines().filter(|l| !l.starts_with("title = ")).collect();
    std::fs::write(f, format!("title = \"{title}\"\n{}\n", rest.join("\n"))).unwrap();
}

/// Kill delays sweeping the whole build evenly, from start-up to the last file put in place
/// (deterministic, so a failure can be reproduced).
fn delays(n: usize, full_ms: u64) -> Vec<u64> {
    (0..n as u64)
        .map(|k| full_ms * (2 * k + 1) / (2 * n as u64))
        .collect()
}

#[test]
fn a_build_killed_at_any_point_leaves_the_old_site_or_the_new_one() {
    let dir = generate(1500);
    let root = dir.path().join("d");
    let out = dir.path().join("site");
    // The two sites the loop alternates between: every page differs (the title is on each).
    let mut sites = Vec::new();
    for t in ["Site A", "Site B"] {
        set_title(&root, t);
        let o = build_cmd(&root, &out).output().unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        sites.push(snapshot(&out));
    }
    // How long a whole build takes here, to spread the kills over it.
    let t = std::time::Instant::now();
    set_title(&root, "Site A");
    assert!(build_cmd(&root, &out).status().unwrap().success());
    let full = t.elapsed().as_millis() as u64;
    let (mut old_site, mut new_site, mut in_progress, mut done) = (0, 0, 0, 0);
    let tries = delays(20, full.max(20));
    for (k, delay) in tries.iter().enumerate() {
        let (from, to) = (k % 2, 1 - k % 2);
        assert_eq!(
            snapshot(&out),
            sites[from],
            "try {k}: not the old site to start with"
        );
        set_title(&root, ["Site A", "Site B"][to]);
        let mut child = build_cmd(&root, &out).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(*delay));
        let finished = child.try_wait().unwrap().is_some();
        let _ = child.kill();
        let _ = child.wait();
        let staging = dir.path().join(".site.dossier-staging");
        let journal = staging.join(".dossier-journal").is_file();
        let now = snapshot(&out);
        if now == sites[from] {
            old_site += 1;
        } else if now == sites[to] {
            new_site += usize::from(!finished);
            done += usize::from(finished);
        } else {
            assert!(
                journal,
                "try {k} (killed after {delay} ms): a mix of old and new without a journal to finish it"
            );
            in_progress += 1;
        }
        // The next build finishes or discards what was left, then builds the same site.
        let o = build_cmd(&root, &out).output().unwrap();
        assert!(
            o.status.success(),
            "try {k}: the next build fails: {}",
            stderr(&o)
        );
        assert_eq!(
            snapshot(&out),
            sites[to],
            "try {k}: the next build is not the new site"
        );
        assert!(!staging.exists(), "try {k}: staging left behind");
    }
    eprintln!(
        "{} kills: {old_site} left the old site, {new_site} the new one, {in_progress} mid-commit (finished by the next build), {done} had finished",
        tries.len()
    );
    assert!(
        old_site > 0,
        "no kill landed before the commit; the test proves little"
    );
}

#[test]
fn two_builds_at_once_never_corrupt_the_output() {
    let dir = generate(1500);
    let root = dir.path().join("d");
    let out = dir.path().join("site");
    let a = build_cmd(&root, &out)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let b = build_cmd(&root, &out).output().unwrap();
    let a = a.wait_with_output().unwrap();
    let failed: Vec<_> = [&a, &b]
        .into_iter()
        .filter(|o| !o.status.success())
        .collect();
    for o in &failed {
        assert!(
            stderr(o).contains("another build (pid"),
            "a build failed for another reason: {}",
            stderr(o)
        );
    }
    // Whatever happened, the output equals a clean build.
    let clean = dir.path().join("clean");
    assert!(build_cmd(&root, &clean).status().unwrap().success());
    let o = build_cmd(&root, &out).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(snapshot(&out), snapshot(&clean));
}
