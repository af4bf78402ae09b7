//! Writes a synthetic dossier for benchmarks (deterministic for a seed):
//! `cargo run --release --example gen_corpus -- --articles N --out DIR [--seed S] [--hugo DIR]
//! [--one-person-everywhere]`.

#[path = "../tools/corpus.rs"]
#[allow(dead_code)]
mod corpus;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let (Some(articles), Some(out)) = (
        value("--articles").and_then(|s| s.parse::<usize>().ok()),
        value("--out").map(PathBuf::from),
    ) else {
        eprintln!(
            "usage: gen_corpus --articles N --out DIR [--seed S] [--hugo DIR] [--one-person-everywhere]"
        );
        return ExitCode::FAILURE;
    };
    if std::fs::read_dir(&out).is_ok_and(|mut d| d.next().is_some()) {
        eprintln!(
            "error: {} is not empty; gen_corpus only writes into a new or empty directory",
            out.display()
        );
        return ExitCode::FAILURE;
    }
    let opts = corpus::Options {
        seed: value("--seed").and_then(|s| s.parse().ok()).unwrap_or(1),
        hugo: value("--hugo").map(PathBuf::from),
        one_person_everywhere: args.iter().any(|a| a == "--one-person-everywhere"),
    };
    match corpus::generate_with(&out, articles, &opts) {
        Ok(s) => {
            println!(
                "Wrote {} articles, {} people, {} issues, {} events, {} outlets to {}",
                s.articles,
                s.people,
                s.issues,
                s.events,
                s.outlets,
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
