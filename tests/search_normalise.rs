//! The search script normalises a query exactly as the index normalised the text: Node runs
//! the functions of `static/search.js` on the same words as `dossier::search::normalise`.

mod common;
use common::*;
use dossier::search::normalise::{surface, words};
use std::io::Write;
use std::process::{Command, Stdio};

#[test]
fn script_folds_and_spells_like_the_index() {
    let mut list: Vec<String> = Vec::new();
    // Every word of the seed dossier...
    for dir in ["content", "content/articles"] {
        for e in std::fs::read_dir(repo().join(dir)).unwrap().flatten() {
            if e.path().is_file() {
                let text = std::fs::read_to_string(e.path()).unwrap();
                list.extend(words(&text).map(str::to_string));
            }
        }
    }
    // ...and words that exercise every rule, its limits and its exceptions.
    for base in [
        "cancel", "travel", "label", "call", "fill", "install", "fuel",
    ] {
        for tail in ["led", "ling", "ler", "lers", "ed", "ing"] {
            list.push(format!("{base}{tail}"));
        }
    }
    for base in [
        "colo", "behavio", "favo", "o", "fo", "ho", "to", "conto", "deto", "od",
    ] {
        for tail in ["ur", "urs", "urite", "urful", "urable", "urhood", "r"] {
            list.push(format!("{base}{tail}"));
        }
    }
    for base in ["organ", "recogn", "anal", "w", "r", "prom", "real"] {
        for tail in ["ise", "ised", "isation", "isations", "ysing", "ize", "yse"] {
            list.push(format!("{base}{tail}"));
        }
    }
    list.extend(
        [
            "centre",
            "centres",
            "centred",
            "fibre",
            "metre",
            "tre",
            "defence",
            "offences",
            "licence",
            "fence",
            "catalogue",
            "dialogues",
            "rogue",
            "programme",
            "grey",
            "this",
            "Sérgej",
            "ŁÓDŹ",
            "Straße",
            "Æsir",
            "Øresund",
            "İstanbul",
            "Se\u{301}rgei",
            "ĐORĐE",
            "Þór",
            "naïve",
            "DARCHIYEV",
            "Ryabkóv",
            "2025",
            "Москва",
        ]
        .map(str::to_string),
    );
    let script = repo().join("static/search.js");
    let mut child = Command::new("node")
        .arg("-e")
        .arg(format!(
            "const s = require({:?}); const w = JSON.parse(require('fs').readFileSync(0, 'utf8')); process.stdout.write(JSON.stringify(w.map(s.surface)));",
            script.display().to_string()
        ))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node is installed (run `bash .ci/install`)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(&list).unwrap().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let js: Vec<String> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(js.len(), list.len());
    let mut differ = Vec::new();
    for (w, j) in list.iter().zip(&js) {
        if surface(w) != *j {
            differ.push(format!("{w}: Rust {} / script {j}", surface(w)));
        }
    }
    assert!(
        differ.is_empty(),
        "the script normalises differently:\n{}",
        differ.join("\n")
    );
    assert!(list.len() > 1000, "only {} words compared", list.len());
}
