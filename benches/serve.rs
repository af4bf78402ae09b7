//! Latency of `dossier serve`: `cargo bench --bench serve [-- OPTIONS]`.
//!
//! On the seed dossier and on a generated one (tools/corpus.rs, kept in target/bench/),
//! runs the real binary, and for each kind of edit (an annotation, the article text, the
//! person registry, a template, site.toml) measures, from just before the file is written:
//! - until the reload event arrives on the live-reload stream (it leaves the server when the
//!   new files are in place; loopback adds microseconds);
//! - until the edited page has been fetched again, as the reloading tab does, and checked to
//!   show the edit.
//!
//! Then the server's CPU time over an idle period, and `dossier build` on the same dossier for
//! comparison with the full rebuild that a site.toml edit causes.
//!
//! Options: `--articles N` (default 10000; 0 runs the seed alone), `--reps N` edits of each
//! kind (default 7), `--idle SECONDS` (default 30).

#[path = "../tests/common/mod.rs"]
mod common;
#[path = "../tests/common/serve.rs"]
mod serve;

use common::{copy_dossier, copy_tree, repo};
use serve::{Events, Serve};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// One kind of edit: which file, how to change it (a unique marker each time), which page
/// must then show the marker.
struct Edit {
    kind: &'static str,
    file: PathBuf,
    page: String,
    apply: fn(&str, &str) -> String,
}

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A working copy of a dossier, with templates/base.html present (so a template edit is an
/// edit, not the creation of an override).
fn working_copy(from: &Path) -> tempfile::TempDir {
    let dir = copy_dossier(from);
    let base = dir.path().join("templates/base.html");
    if !base.exists() {
        copy_tree(&repo().join("templates/base.html"), &base);
    }
    dir
}

/// The selector lines (quote, prefix, suffix, occurrence) of the first annotation in `toml`.
fn first_selector(toml: &str) -> String {
    let selector = |block: &str| -> String {
        block
            .lines()
            .skip(1)
            .filter(|l| {
                ["quote", "prefix", "suffix", "occurrence"]
                    .iter()
                    .any(|k| l.starts_with(&format!("{k} = ")))
            })
            .map(|l| format!("{l}\n"))
            .collect()
    };
    toml.split("\n[[")
        .skip(1)
        .map(selector)
        .find(|s| s.starts_with("quote = "))
        .expect("an annotation with a quote")
}

fn edits(root: &Path, slug: &str) -> Vec<Edit> {
    let people = std::fs::read_to_string(root.join("content/people.toml")).unwrap();
    let first_person = people
        .lines()
        .find_map(|l| l.strip_prefix('[').and_then(|l| l.strip_suffix(']')))
        .unwrap()
        .to_string();
    let article = root.join(format!("content/articles/{slug}"));
    vec![
        Edit {
            kind: "annotation",
            file: article.with_extension("toml"),
            page: format!("articles/{slug}/index.html"),
            apply: |text, marker| {
                let sel = first_selector(text);
                format!("{text}\n[[note]]\n{sel}kind = \"context\"\nbody = \"{marker}\"\n")
            },
        },
        Edit {
            kind: "article text",
            file: article.with_extension("md"),
            page: format!("articles/{slug}/index.html"),
            apply: |text, marker| format!("{text}\n\nA paragraph added: {marker}.\n"),
        },
        Edit {
            kind: "person registry",
            file: root.join("content/people.toml"),
            page: format!("people/{first_person}/index.html"),
            apply: |text, marker| text.replacen("role = \"", &format!("role = \"{marker} "), 1),
        },
        Edit {
            kind: "template",
            file: root.join("templates/base.html"),
            page: "index.html".into(),
            apply: |text, marker| text.replacen("</footer>", &format!("{marker}</footer>"), 1),
        },
        Edit {
            kind: "site.toml",
            file: root.join("site.toml"),
            page: "index.html".into(),
            apply: |text, marker| {
                text.replacen("description = \"", &format!("description = \"{marker} "), 1)
            },
        },
    ]
}

struct Sample {
    event: Duration,
    page: Duration,
    /// The session's own time for the change (`Update::elapsed`).
    apply: f64,
    /// The server's CPU time from the save to the page served (10 ms ticks).
    cpu: Duration,
    rendered: u64,
}

/// Makes one edit and times it.
fn measure(s: &Serve, events: &Events, edit: &Edit, original: &str, rep: u64) -> Sample {
    let marker = format!("BENCH{rep}X{}", edit.kind.len());
    let text = (edit.apply)(original, &marker);
    let cpu = cpu_time(s.pid());
    let start = Instant::now();
    std::fs::write(&edit.file, text).unwrap();
    let (name, data) = events.next();
    let event = start.elapsed();
    assert_eq!(name, "reload", "{}: {data}", edit.kind);
    let body = s.get(&format!("/{}", edit.page)).text();
    let page = start.elapsed();
    let cpu = cpu_time(s.pid()) - cpu;
    assert!(
        body.contains(&marker),
        "{}: {} lacks the edit",
        edit.kind,
        edit.page
    );
    Sample {
        event,
        page,
        apply: data["ms"].as_f64().unwrap_or(0.0),
        cpu,
        rendered: data["rendered"].as_u64().unwrap_or(0),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// CPU time (user + system) of a process so far, from /proc (Linux).
fn cpu_time(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .unwrap()
        .1
        .split_whitespace()
        .collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as u64;
    Duration::from_millis(ticks * 1000 / hz)
}

/// CPU time (user + system) of the finished children of this process so far.
fn children_cpu() -> Duration {
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut u) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(u.ru_utime) + tv(u.ru_stime)
}

fn bench(name: &str, source: &Path, slug: &str, reps: u64, idle: u64) {
    let dir = working_copy(source);
    let root = dir.path();
    let start = Instant::now();
    let s = Serve::start(root, &[]);
    println!("\n## {name}: server ready in {:.0} ms", ms(start.elapsed()));
    let events = s.events();
    println!(
        "| edit | reload event: median (max) ms | page served: median (max) ms | \
         of which Session::apply, median ms | server CPU, median ms | files re-rendered |"
    );
    println!("| --- | --- | --- | --- | --- | --- |");
    for edit in edits(root, slug) {
        let original = std::fs::read_to_string(&edit.file).unwrap();
        let samples: Vec<Sample> = (0..reps)
            .map(|rep| measure(&s, &events, &edit, &original, rep))
            .collect();
        std::fs::write(&edit.file, &original).unwrap();
        assert_eq!(events.next().0, "reload", "restoring {}", edit.kind);
        let ev: Vec<f64> = samples.iter().map(|x| ms(x.event)).collect();
        let pg: Vec<f64> = samples.iter().map(|x| ms(x.page)).collect();
        let max = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
        println!(
            "| {} | {:.1} ({:.1}) | {:.1} ({:.1}) | {:.0} | {:.0} | {} |",
            edit.kind,
            median(ev.clone()),
            max(&ev),
            median(pg.clone()),
            max(&pg),
            median(samples.iter().map(|x| x.apply).collect()),
            median(samples.iter().map(|x| ms(x.cpu)).collect()),
            samples[0].rendered
        );
    }
    if idle > 0 {
        let before = cpu_time(s.pid());
        std::thread::sleep(Duration::from_secs(idle));
        let used = cpu_time(s.pid()) - before;
        println!(
            "\nidle for {idle} s with one tab connected: {} ms of CPU",
            used.as_millis()
        );
    }
    let out = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let cpu = children_cpu();
    let status = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "-q", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out.path().join("site"))
        .status()
        .unwrap();
    assert!(status.success());
    println!(
        "`dossier build` of the same dossier: {:.0} ms wall, {:.0} ms CPU",
        ms(start.elapsed()),
        ms(children_cpu() - cpu)
    );
}

fn main() {
    let articles = arg("--articles", 10_000);
    let reps = arg("--reps", 7);
    let idle = arg("--idle", 30);
    bench(
        "seed dossier",
        &repo(),
        "moscow-times-2025-06-16-us-canceled-talks",
        reps,
        idle,
    );
    if articles > 0 {
        let corpus = repo().join(format!("target/bench/serve-{articles}"));
        if !corpus.join("site.toml").exists() {
            common::corpus::generate(&corpus, articles as usize, 1, None).expect("corpus");
        }
        let slug = format!("article-{:06}", articles / 2);
        bench(&format!("{articles} articles"), &corpus, &slug, reps, idle);
    }
}
