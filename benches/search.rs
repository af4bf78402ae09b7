//! Search and bundle figures: `cargo bench --bench search [-- --articles N]`.
//!
//! On the seed dossier and on a generated one (tools/corpus.rs, kept in target/bench/, shared
//! with `benches/serve.rs`): `dossier build` and `dossier bundle` timed (wall and CPU, since
//! the machine may be shared), the bundle's size, the search index's size (total, number of
//! term shards, largest shard), then the bundle unzipped and searched in Debian's chromium
//! from file:// by `benches/search_query.js`: per query, the result count, the time from
//! entering the query to the results panel cold (fresh page: index, shards and article
//! scripts loaded), paused (fresh page after the index loaded at idle) and warm, and the
//! scripts and bytes the query loaded.
//!
//! Options: `--articles N` (default 10000; 0 runs the seed alone), `--rounds R` (cold and
//! paused queries each measured R times on fresh pages, median and slowest reported; default 5). Needs chromium, node and
//! playwright-core (`bash .ci/install`).

#[path = "../tests/common/mod.rs"]
mod common;

use common::{browser_script, playwright, repo};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const QUERIES: &[&str] = &[
    "Darchiyev",
    "Darchiev",
    "Sergej",
    "Lavrov",
    "Lavrow",
    "cancelled",
    "canceled",
    "talks",
    "Zakharova",
    "Zaharova",
    "sanctions",
    "Trump Putin",
    // Words and names of the generated dossier (tools/corpus.rs): common words, a prefix, a
    // name and a typo of it.
    "agreement",
    "pres",
    "Eriksen",
    "Eriksem",
];

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// CPU time (user + system) of the finished children of this process so far.
fn children_cpu() -> Duration {
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut u) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(u.ru_utime) + tv(u.ru_stime)
}

/// Runs `dossier ARGS`, returning (wall, CPU) time.
fn timed(args: &[&str]) -> (Duration, Duration) {
    let cpu = children_cpu();
    let start = Instant::now();
    let o = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .output()
        .unwrap();
    let wall = start.elapsed();
    assert!(
        o.status.success(),
        "dossier {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    (wall, children_cpu() - cpu)
}

/// Every file under `dir` with its size.
fn sizes(dir: &Path, out: &mut Vec<(String, u64)>, base: &Path) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            sizes(&p, out, base);
        } else {
            let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
            out.push((rel, e.metadata().unwrap().len()));
        }
    }
}

fn kb(b: u64) -> String {
    format!("{:.1} KB", b as f64 / 1024.0)
}

fn bench(name: &str, root: &Path) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let zip = tmp.path().join("bundle.zip");
    let r = root.to_str().unwrap();
    let (bw, bc) = timed(&[
        "build",
        "-q",
        "--root",
        r,
        "--output",
        site.to_str().unwrap(),
    ]);
    let (zw, zc) = timed(&["bundle", "--root", r, "-o", zip.to_str().unwrap()]);
    let unpacked = tmp.path().join("unpacked");
    zip::ZipArchive::new(std::fs::File::open(&zip).unwrap())
        .unwrap()
        .extract(&unpacked)
        .unwrap();
    let mut files = Vec::new();
    sizes(&unpacked, &mut files, &unpacked);
    let search: Vec<&(String, u64)> = files
        .iter()
        .filter(|(f, _)| f.starts_with("search/"))
        .collect();
    let under = |dir: &str| -> Vec<&(String, u64)> {
        let dir = format!("search/{dir}/");
        search
            .iter()
            .filter(|(f, _)| f.starts_with(&dir))
            .copied()
            .collect()
    };
    let (shards, articles, apart) = (under("t"), under("a"), under("p"));
    let total = |v: &[&(String, u64)]| v.iter().map(|(_, b)| *b).sum::<u64>();
    let largest = |v: &[&(String, u64)]| {
        v.iter()
            .max_by_key(|(_, b)| *b)
            .map_or(("-".to_string(), 0), |(f, b)| (f.clone(), *b))
    };
    let index = search.iter().find(|(f, _)| f == "search/index.js").unwrap();
    println!("\n## {name}");
    println!(
        "- `dossier build`: {} ms wall, {} ms CPU; `dossier bundle`: {} ms wall, {} ms CPU",
        bw.as_millis(),
        bc.as_millis(),
        zw.as_millis(),
        zc.as_millis()
    );
    println!(
        "- bundle: {} zipped, {} unzipped in {} files",
        kb(std::fs::metadata(&zip).unwrap().len()),
        kb(files.iter().map(|(_, b)| b).sum()),
        files.len()
    );
    let (ls, lp) = (largest(&shards), largest(&apart));
    println!(
        "- search index: {} in {} files: search/index.js {}, {} term shards {} (largest {} {}), \
         {} article scripts {}, {} postings kept apart {} (largest {} {})",
        kb(total(&search)),
        search.len(),
        kb(index.1),
        shards.len(),
        kb(total(&shards)),
        ls.0,
        kb(ls.1),
        articles.len(),
        kb(total(&articles)),
        apart.len(),
        kb(total(&apart)),
        lp.0,
        kb(lp.1),
    );
    queries(&unpacked);
}

/// Runs the queries in headless Chromium on the unpacked bundle and prints their table.
fn queries(unpacked: &Path) {
    let (chromium, _, _) = playwright();
    let queries = serde_json::to_string(QUERIES).unwrap();
    let rounds = arg("--rounds", 5).to_string();
    let r = browser_script(
        "benches/search_query.js",
        &[
            unpacked.as_os_str(),
            chromium.as_os_str(),
            queries.as_ref(),
            rounds.as_ref(),
        ],
    );
    assert_eq!(
        r["outside"].as_array().unwrap().len(),
        0,
        "{}",
        r["outside"]
    );
    assert_eq!(r["errors"].as_array().unwrap().len(), 0, "{}", r["errors"]);
    println!(
        "\n| query | results | cold: search.js ms, median (max) [driver ms] \
         | paused: search.js ms, median (max) [driver ms] \
         | warm: search.js ms (driver ms) | scripts loaded cold | bytes loaded | term shards \
         | largest shard loaded |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for q in r["queries"].as_array().unwrap() {
        println!(
            "| {} | {} | {} ({}) [{}] | {} ({}) [{}] | {} ({}) | {} | {} | {} | {} {} |",
            q["q"].as_str().unwrap(),
            q["results"],
            q["coldMs"],
            q["coldMax"],
            q["coldWall"],
            q["pausedMs"],
            q["pausedMax"],
            q["pausedWall"],
            q["warmMs"],
            q["warmWall"],
            q["scripts"],
            kb(q["bytes"].as_u64().unwrap()),
            q["shards"],
            q["largestShard"]["file"].as_str().unwrap_or("-"),
            kb(q["largestShard"]["bytes"].as_u64().unwrap()),
        );
    }
}

fn main() {
    let articles = arg("--articles", 10_000);
    bench("seed dossier", &repo());
    if articles > 0 {
        let corpus = repo().join(format!("target/bench/serve-{articles}"));
        if !corpus.join("site.toml").exists() {
            common::corpus::generate(&corpus, articles as usize, 1, None).expect("corpus");
        }
        bench(&format!("{articles} articles"), &corpus);
    }
}
