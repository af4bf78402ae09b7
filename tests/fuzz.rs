//! Property tests: random bytes and random mutations of the seed annotation files go through
//! the real pipeline (load, resolve, and render of every page, as `dossier check` does).
//! Properties: it never panics, and every input that is not valid UTF-8 TOML is an error
//! pointing into the file.
//!
//! Runs 48 cases per property by default; `PROPTEST_CASES=20000 cargo test --release --test fuzz`
//! runs longer.

mod common;
use common::*;
use proptest::prelude::*;
use std::path::Path;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(48)
}

const SEEDS: [&str; 5] = [
    "content/articles/tass-2025-07-06-no-date-for-third-round.toml",
    "content/articles/moscow-times-2025-06-10-talks-very-soon.toml",
    "content/articles/moscow-times-2025-06-16-us-canceled-talks.toml",
    "content/articles/rt-2025-04-08-next-round-istanbul.toml",
    "content/articles/wire-2025-11-08-lavrov-dialogue-slower.toml",
];

/// Checks the dossier and returns the codes of its errors located in `file`.
fn errors_in(root: &Path, file: &str) -> (usize, Vec<String>) {
    let report = dossier::pipeline::check(root);
    let d = &report.diagnostics;
    let here = d
        .items
        .iter()
        .filter(|x| x.severity == dossier::diagnostics::Severity::Error)
        .filter(|x| {
            x.location
                .as_ref()
                .is_some_and(|l| report.sources.path(l.source) == Path::new(file))
        })
        .map(|x| x.code.to_string())
        .collect();
    (d.error_count(), here)
}

fn is_toml(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok_and(|s| s.parse::<toml::Table>().is_ok())
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, text: String },
    DuplicateLine { line: usize },
    SwapLines { a: usize, b: usize },
    ReplaceByte { at: usize, byte: u8 },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1usize..40).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (
            any::<usize>(),
            "[\\[\\]\"=#\\n a-z0-9_.,{}'\\\\\u{00e9}\u{201c}-]{1,12}"
        )
            .prop_map(|(at, text)| Mutation::Insert { at, text }),
        any::<usize>().prop_map(|line| Mutation::DuplicateLine { line }),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines { a, b }),
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::ReplaceByte { at, byte }),
    ]
}

fn apply(original: &[u8], m: &Mutation) -> Vec<u8> {
    let mut b = original.to_vec();
    let n = b.len().max(1);
    match m {
        Mutation::Delete { at, len } => {
            let s = at % n;
            let e = (s + len).min(b.len());
            b.drain(s..e);
        }
        Mutation::Insert { at, text } => {
            let s = at % (b.len() + 1);
            b.splice(s..s, text.bytes());
        }
        Mutation::ReplaceByte { at, byte } => {
            let i = at % n;
            if i < b.len() {
                b[i] = *byte;
            }
        }
        Mutation::DuplicateLine { line } | Mutation::SwapLines { a: line, .. } => {
            let text = String::from_utf8_lossy(original).into_owned();
            let mut lines: Vec<&str> = text.split('\n').collect();
            let i = line % lines.len();
            if let Mutation::SwapLines { b: other, .. } = m {
                let j = other % lines.len();
                lines.swap(i, j);
            } else {
                lines.insert(i, lines[i]);
            }
            b = lines.join("\n").into_bytes();
        }
    }
    b
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_seed_annotations_never_panic_and_invalid_toml_is_an_error(
        which in 0usize..SEEDS.len(),
        muts in prop::collection::vec(mutation(), 1..4),
    ) {
        let dir = copy_dossier(&repo());
        let file = SEEDS[which];
        let original = std::fs::read(dir.path().join(file)).unwrap();
        let mutated = muts.iter().fold(original.clone(), |b, m| apply(&b, m));
        std::fs::write(dir.path().join(file), &mutated).unwrap();
        let (total, here) = errors_in(dir.path(), file);
        if !is_toml(&mutated) {
            prop_assert!(!here.is_empty(), "invalid TOML gave no error in {file}: {:?}", String::from_utf8_lossy(&mutated));
        }
        if mutated == original {
            prop_assert_eq!(total, 0);
        }
    }

    #[test]
    fn random_bytes_as_an_annotation_file(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let dir = copy_dossier(&repo().join("tests/fixtures/harbour"));
        let file = "content/articles/post-closure.toml";
        std::fs::write(dir.path().join(file), &bytes).unwrap();
        let (_, here) = errors_in(dir.path(), file);
        // Random bytes are never a complete annotation file (title, outlet, published).
        prop_assert!(!here.is_empty(), "no error for {:?}", String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn random_text_as_an_article(text in "([a-zA-Z \u{e9}\u{201c}\u{201d}\"'*_`#>\\-\\[\\]()!<>/\n]|<u>|</u>|<script>|\\*\\*){0,300}") {
        let dir = copy_dossier(&repo().join("tests/fixtures/harbour"));
        let file = "content/articles/post-closure.md";
        std::fs::write(dir.path().join(file), &text).unwrap();
        // Must not panic; the annotations' quotes are (almost surely) orphaned now.
        let report = dossier::pipeline::check(dir.path());
        let orphans = report.diagnostics.items.iter().filter(|d| d.code == "orphan-quote" || d.code == "empty-file").count();
        prop_assert!(orphans > 0 || text.contains("Inès Okafor"));
    }
}
