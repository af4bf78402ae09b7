//! The benchmark harness: `cargo bench --bench perf [-- OPTIONS]`.
//!
//! Measures, on synthetic corpora from tools/corpus.rs (kept in target/bench/), or on a
//! corpus from an outside generator (`--corpus DIR`, with its Hugo twin as `--hugo-dir DIR`):
//! - the full build at each size into an empty folder: wall time, CPU time and peak RSS of
//!   the real binary; then a rebuild with no change, and `dossier check`;
//! - the incremental rebuild after editing one annotation at 10,000 articles (library level,
//!   `Session::apply`), in memory as `serve` keeps the site (and then the deferred search
//!   scripts and exports, as the first request for one makes them) and into a folder, with
//!   how many pages it re-rendered;
//! - the output size;
//! - Hugo (Debian's `hugo`) on the same corpus, built alternately with ours several times,
//!   and the median ratio of wall times (ours / Hugo) with its min and max.
//!
//! Options: `--sizes 1000,10000,100000` (default 1000,10000), `--runs N` full builds per size
//! (default 3), `--hugo-size N` (default 10000; 0 skips Hugo), `--hugo-runs N` (default 5),
//! `--edits N` incremental edits (default 9), `--corpus DIR` (measure this dossier instead of
//! generated ones; its size is its number of articles), `--hugo-dir DIR` (its Hugo twin).

#[path = "../tools/corpus.rs"]
#[allow(dead_code)]
mod corpus;

use dossier::session::{OutputTarget, Session};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

struct Run {
    wall: Duration,
    cpu: Duration,
    max_rss_mb: f64,
    ok: bool,
}

/// Runs a command and measures it with wait4, which reports the child's own CPU and peak RSS.
// wait4 reaps the child, so `Child::wait` must not be called as well.
#[allow(clippy::zombie_processes)]
fn measure(cmd: &mut Command) -> Run {
    let start = Instant::now();
    let child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let mut status = 0;
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pid is our child's, and `status`/`ru` are valid for writes.
    let r = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut ru) };
    assert!(r > 0, "wait4 failed");
    let wall = start.elapsed();
    let tv = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    Run {
        wall,
        cpu: tv(ru.ru_utime) + tv(ru.ru_stime),
        max_rss_mb: ru.ru_maxrss as f64 / 1024.0,
        ok: libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// What a build wrote: total bytes, files, and HTML pages.
fn dir_size(dir: &Path) -> (u64, usize, usize) {
    let (mut bytes, mut files, mut html) = (0, 0, 0);
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let m = e.metadata().unwrap();
            if m.is_dir() {
                stack.push(e.path());
            } else {
                bytes += m.len();
                files += 1;
                html += usize::from(e.path().extension().is_some_and(|x| x == "html"));
            }
        }
    }
    (bytes, files, html)
}

fn arg(args: &[String], name: &str, default: &str) -> String {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
        .unwrap_or_else(|| default.to_string())
}

fn corpus(base: &Path, n: usize, hugo: bool) -> (PathBuf, PathBuf) {
    let (c, h) = (
        base.join(format!("corpus-{n}")),
        base.join(format!("hugo-{n}")),
    );
    if !c.join("site.toml").is_file() || (hugo && !h.join("config.toml").is_file()) {
        let _ = std::fs::remove_dir_all(&c);
        let _ = std::fs::remove_dir_all(&h);
        let t = Instant::now();
        corpus::generate(&c, n, 1, Some(&h)).expect("corpus");
        eprintln!(
            "generated {n} articles in {:.1} s",
            t.elapsed().as_secs_f64()
        );
    }
    (c, h)
}

/// The corpora to measure: an outside one if given, else generated ones of each size.
fn corpora(
    args: &[String],
    sizes: &[usize],
    hugo_size: usize,
    base: &Path,
) -> Vec<(usize, PathBuf, PathBuf)> {
    let outside = arg(args, "--corpus", "");
    if outside.is_empty() {
        return sizes
            .iter()
            .map(|&n| {
                let (c, h) = corpus(base, n, n == hugo_size);
                (n, c, h)
            })
            .collect();
    }
    let c = PathBuf::from(outside);
    let n = std::fs::read_dir(c.join("content/articles"))
        .expect("--corpus DIR holds a dossier (content/articles)")
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .count();
    vec![(n, c, PathBuf::from(arg(args, "--hugo-dir", "")))]
}

fn build_cmd(bin: &str, c: &Path, out: &Path) -> Command {
    let mut cmd = Command::new(bin);
    cmd.args(["build", "-q", "--root"])
        .arg(c)
        .arg("--output")
        .arg(out);
    cmd
}

/// Median, min and max of some runs' wall times in seconds.
fn spread(runs: &[Run]) -> String {
    let w: Vec<f64> = runs.iter().map(|r| r.wall.as_secs_f64()).collect();
    format!(
        "{:.2} s ({:.2}–{:.2})",
        median(w.clone()),
        w.iter().cloned().fold(f64::MAX, f64::min),
        w.iter().cloned().fold(0.0, f64::max)
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let sizes: Vec<usize> = arg(&args, "--sizes", "1000,10000")
        .split(',')
        .map(|s| s.parse().expect("sizes"))
        .collect();
    let runs: usize = arg(&args, "--runs", "3").parse().unwrap();
    let hugo_size: usize = arg(&args, "--hugo-size", "10000").parse().unwrap();
    let hugo_runs: usize = arg(&args, "--hugo-runs", "5").parse().unwrap();
    let edits: usize = arg(&args, "--edits", "9").parse().unwrap();
    let bin = env!("CARGO_BIN_EXE_dossier");
    let base = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&base).unwrap();
    let corpora = corpora(&args, &sizes, hugo_size, &base);
    full_builds(bin, &corpora, runs, &base);
    incremental(&corpora, edits, &base);
    if hugo_size > 0 {
        hugo_comparison(bin, &corpora, hugo_size, hugo_runs, &base);
    }
}

/// The table of full builds into an empty folder, no-change rebuilds and checks.
fn full_builds(bin: &str, corpora: &[(usize, PathBuf, PathBuf)], runs: usize, base: &Path) {
    println!(
        "| articles | pages | full build, median of {runs} (min–max) | CPU | peak RSS | output | no-change rebuild | check |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (n, c, _) in corpora {
        let n = *n;
        let out = base.join(format!("out-{n}"));
        let (mut results, mut again, mut checks) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..runs {
            // Into an empty folder, as Hugo is measured.
            let _ = std::fs::remove_dir_all(&out);
            let r = measure(&mut build_cmd(bin, c, &out));
            assert!(r.ok, "build of {n} failed");
            results.push(r);
            let r = measure(&mut build_cmd(bin, c, &out));
            assert!(r.ok, "rebuild of {n} failed");
            again.push(r);
            let r = measure(Command::new(bin).args(["check", "--root"]).arg(c));
            assert!(r.ok, "check of {n} failed");
            checks.push(r);
        }
        let peak = results.iter().map(|r| r.max_rss_mb).fold(0.0, f64::max);
        let cpu = median(results.iter().map(|r| r.cpu.as_secs_f64()).collect());
        let (bytes, files, _) = dir_size(&out);
        println!(
            "| {n} | {files} files | {} | {cpu:.2} s | {peak:.0} MB | {:.0} MB | {} | {} |",
            spread(&results),
            bytes as f64 / 1e6,
            spread(&again),
            spread(&checks),
        );
    }
}

/// The incremental rebuild at 10,000 articles (or the largest corpus) after editing one
/// annotation, through `Session::apply`.
fn incremental(corpora: &[(usize, PathBuf, PathBuf)], edits: usize, base: &Path) {
    // Incremental: edit one annotation (a note's kind, then back) and update the session,
    // in memory as `serve` keeps it, then writing to a folder.
    let (n, c, _) = corpora
        .iter()
        .find(|(n, _, _)| *n == 10000)
        .unwrap_or(&corpora[corpora.len() - 1])
        .clone();
    let mut tomls: Vec<PathBuf> = std::fs::read_dir(c.join("content/articles"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    tomls.sort();
    let file = tomls[tomls.len() / 2].clone();
    let original = std::fs::read_to_string(&file).unwrap();
    for (name, target) in [
        ("in memory (serve)", OutputTarget::Memory),
        (
            "into a folder",
            OutputTarget::Dir(base.join(format!("incr-{n}"))),
        ),
    ] {
        let memory = matches!(target, OutputTarget::Memory);
        let (mut session, _) = Session::open(&c, target).unwrap_or_else(|_| panic!("session"));
        // The preview server keeps serving the last snapshot while the next edit is applied:
        // held here too, so that an edit shares it and frees the older one as under `serve`.
        let mut served = session.files();
        let (mut times, mut pages, mut written, mut flushes) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for i in 0..edits {
            // Alternate between the original and a version whose first note changes kind (or,
            // in an outside corpus without one, with a comment added).
            let text = if i % 2 == 0 {
                if original.contains("kind = \"") {
                    original.replacen("kind = \"", "kind = \"other\"\n# was: \"", 1)
                } else {
                    format!("{original}\n# edited {i}\n")
                }
            } else {
                original.clone()
            };
            std::fs::write(&file, text).unwrap();
            let u = session.apply(std::slice::from_ref(&file));
            assert!(u.ok(), "{}", u.report.render_human());
            times.push(u.elapsed.as_secs_f64() * 1000.0);
            pages.push(u.rendered.len() as f64);
            written.push(u.written.len() as f64);
            if memory {
                // What the first request for a search script or an export costs after it.
                let t = Instant::now();
                session.flush().unwrap_or_else(|_| panic!("flush"));
                flushes.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            served = session.files();
        }
        std::fs::write(&file, &original).unwrap();
        drop(served);
        println!(
            "\nincremental rebuild at {n} articles {name}, one annotation edited ({edits} edits): {}, {:.0} files made again, {:.0} of them changed",
            ms_spread(&times),
            median(pages),
            median(written)
        );
        if memory {
            println!(
                "  then the deferred search scripts and exports, on first request: {}",
                ms_spread(&flushes)
            );
        }
    }
}

/// "median X ms (min Y, max Z)".
fn ms_spread(times: &[f64]) -> String {
    format!(
        "median {:.1} ms (min {:.1}, max {:.1})",
        median(times.to_vec()),
        times.iter().cloned().fold(f64::MAX, f64::min),
        times.iter().cloned().fold(0.0, f64::max)
    )
}

/// Hugo on the twin of the corpus of `hugo_size` articles (or an outside corpus with a twin),
/// built alternately with ours.
fn hugo_comparison(
    bin: &str,
    corpora: &[(usize, PathBuf, PathBuf)],
    hugo_size: usize,
    hugo_runs: usize,
    base: &Path,
) {
    let (hugo_size, c, h) = match corpora
        .iter()
        .find(|(n, _, h)| *n == hugo_size || h.join("config.toml").is_file())
    {
        Some(x) => x.clone(),
        None => return,
    };
    if !h.join("config.toml").is_file() {
        println!("\nno Hugo twin at {}: comparison skipped", h.display());
        return;
    }
    if Command::new("hugo").arg("version").output().is_err() {
        println!("\nhugo is not installed (apt-get install hugo): comparison skipped");
        return;
    }
    let (ours_out, hugo_out) = (base.join("cmp-ours"), base.join("cmp-hugo"));
    let (mut ratios, mut ours_w, mut hugo_w, mut hugo_rss) =
        (Vec::new(), Vec::new(), Vec::new(), 0.0f64);
    for _ in 0..hugo_runs {
        // Both from empty folders: into its own last output, ours would find nothing
        // changed and stop at once.
        let _ = std::fs::remove_dir_all(&ours_out);
        let o = measure(
            Command::new(bin)
                .args(["build", "-q", "--root"])
                .arg(&c)
                .arg("--output")
                .arg(&ours_out),
        );
        let _ = std::fs::remove_dir_all(&hugo_out);
        let hg = measure(
            Command::new("hugo")
                .args(["--quiet", "-s"])
                .arg(&h)
                .arg("-d")
                .arg(&hugo_out),
        );
        assert!(o.ok && hg.ok, "a build failed");
        ratios.push(o.wall.as_secs_f64() / hg.wall.as_secs_f64());
        ours_w.push(o.wall.as_secs_f64());
        hugo_w.push(hg.wall.as_secs_f64());
        hugo_rss = hugo_rss.max(hg.max_rss_mb);
    }
    let html = |d: &Path| dir_size(d).2;
    println!(
        "\nHugo comparison at {hugo_size} articles, {hugo_runs} alternating runs: ours median {:.2} s, Hugo median {:.2} s (peak RSS {:.0} MB); HTML pages: ours {}, Hugo {}",
        median(ours_w),
        median(hugo_w),
        hugo_rss,
        html(&ours_out),
        html(&hugo_out)
    );
    println!(
        "ratio ours/Hugo: median {:.3}, min {:.3}, max {:.3}",
        median(ratios.clone()),
        ratios.iter().cloned().fold(f64::MAX, f64::min),
        ratios.iter().cloned().fold(0.0, f64::max)
    );
}
