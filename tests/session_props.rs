//! Property: whatever sequence of edits an analyst makes, a live session's output equals a
//! fresh full build of the same files, byte for byte, after every step.
//!
//! Each case generates a dossier of a few hundred articles, opens a session writing into a
//! directory, then applies random edits through `Session::apply`: article text, annotation
//! files (dates, titles, removed annotations, inline events), new and deleted articles,
//! registries, templates, `site.toml`, static files, and edits that fail (followed by their
//! fix). A failing edit must change nothing. `PROPTEST_CASES` sets the number of cases.

#[path = "../tools/corpus.rs"]
#[allow(dead_code)]
mod corpus;

use dossier::output::Memory;
use dossier::session::{OutputTarget, Session};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const ARTICLES: usize = 300;

#[derive(Debug, Clone)]
enum Edit {
    QuoteDate(usize, u32),
    Retitle(usize, u32),
    MoveInTime(usize, u32),
    AppendText(usize),
    DropFirstMention(usize),
    /// Gives the article's first note an id of its own (its anchor, and the path of its
    /// disputed-point page when it is a contradiction).
    NoteId(usize, u32),
    AddInlineEvent(usize, u32),
    BreakThenFix(usize),
    NewArticle(usize, u32),
    DeleteArticle(usize),
    RenamePerson(usize, u32),
    Template(u32),
    SiteTitle(u32),
    StaticFile(u32),
}

fn edit() -> impl Strategy<Value = Edit> {
    let k = 0..ARTICLES;
    prop_oneof![
        (k.clone(), 1u32..28).prop_map(|(a, d)| Edit::QuoteDate(a, d)),
        (k.clone(), any::<u32>()).prop_map(|(a, n)| Edit::Retitle(a, n)),
        (k.clone(), 0u32..3000).prop_map(|(a, n)| Edit::MoveInTime(a, n)),
        k.clone().prop_map(Edit::AppendText),
        k.clone().prop_map(Edit::DropFirstMention),
        (k.clone(), any::<u32>()).prop_map(|(a, n)| Edit::NoteId(a, n)),
        (k.clone(), 1u32..28).prop_map(|(a, d)| Edit::AddInlineEvent(a, d)),
        k.clone().prop_map(Edit::BreakThenFix),
        (k.clone(), any::<u32>()).prop_map(|(a, n)| Edit::NewArticle(a, n)),
        k.clone().prop_map(Edit::DeleteArticle),
        (0usize..10, any::<u32>()).prop_map(|(p, n)| Edit::RenamePerson(p, n)),
        any::<u32>().prop_map(Edit::Template),
        any::<u32>().prop_map(Edit::SiteTitle),
        any::<u32>().prop_map(Edit::StaticFile),
    ]
}

/// The articles of the dossier, by slug, sorted (so an index picks one whatever was deleted).
fn slugs(root: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root.join("content/articles"))
        .unwrap()
        .flatten()
        .filter_map(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.strip_suffix(".toml").map(str::to_string)
        })
        .collect();
    v.sort();
    v
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap()
}

fn write(p: &Path, s: &str) {
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, s).unwrap();
}

/// Replaces the first line starting with `key = ` in `text`.
fn set_line(text: &str, key: &str, value: &str) -> String {
    let mut done = false;
    text.lines()
        .map(|l| {
            if !done && l.starts_with(&format!("{key} = ")) {
                done = true;
                format!("{key} = {value}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// Applies an edit to the files; returns the changed paths and whether the edit is valid.
fn apply_edit(root: &Path, e: &Edit) -> Vec<(Vec<PathBuf>, bool)> {
    let all = slugs(root);
    let pick = |k: usize| all[k % all.len()].clone();
    let toml = |s: &str| root.join(format!("content/articles/{s}.toml"));
    let md = |s: &str| root.join(format!("content/articles/{s}.md"));
    let one = |p: PathBuf| vec![(vec![p], true)];
    match *e {
        Edit::QuoteDate(k, d) => {
            let s = pick(k);
            let t = read(&toml(&s));
            if !t.contains("said = ") {
                return vec![];
            }
            write(
                &toml(&s),
                &set_line(&t, "said", &format!("\"2016-03-{d:02}\"")),
            );
            one(toml(&s))
        }
        Edit::Retitle(k, n) => {
            let s = pick(k);
            write(
                &toml(&s),
                &set_line(&read(&toml(&s)), "title", &format!("\"Retitled {n}\"")),
            );
            one(toml(&s))
        }
        Edit::MoveInTime(k, n) => {
            let s = pick(k);
            let date = chrono_like(n);
            write(
                &toml(&s),
                &set_line(&read(&toml(&s)), "published", &format!("\"{date}\"")),
            );
            one(toml(&s))
        }
        Edit::AppendText(k) => {
            let s = pick(k);
            write(&md(&s), &(read(&md(&s)) + "\nA paragraph added later.\n"));
            one(md(&s))
        }
        Edit::DropFirstMention(k) => {
            let s = pick(k);
            let t = read(&toml(&s));
            let Some(i) = t.find("[[mention]]") else {
                return vec![];
            };
            let j = t[i + 1..].find("[[").map_or(t.len(), |j| i + 1 + j);
            write(&toml(&s), &format!("{}{}", &t[..i], &t[j..]));
            one(toml(&s))
        }
        Edit::NoteId(k, n) => {
            let s = pick(k);
            let t = read(&toml(&s));
            if !t.contains("[[note]]\n") {
                return vec![];
            }
            let t = if t.contains("\nid = \"note-") {
                set_line(&t, "id", &format!("\"note-{n}\""))
            } else {
                t.replacen("[[note]]\n", &format!("[[note]]\nid = \"note-{n}\"\n"), 1)
            };
            write(&toml(&s), &t);
            one(toml(&s))
        }
        Edit::AddInlineEvent(k, d) => {
            let s = pick(k);
            let first: String = read(&md(&s))
                .split_whitespace()
                .take(4)
                .collect::<Vec<_>>()
                .join(" ");
            let t = read(&toml(&s))
                + &format!(
                    "\n[[event]]\nquote = \"{first}\"\noccurrence = 1\ntitle = \"Inline event {k} {d}\"\ndate = \"2015-05-{d:02}\"\npeople = [\"anna-abbott\"]\n"
                );
            write(&toml(&s), &t);
            one(toml(&s))
        }
        Edit::BreakThenFix(k) => {
            let s = pick(k);
            let good = read(&toml(&s));
            write(
                &toml(&s),
                &(good.clone()
                    + "\n[[mention]]\nquote = \"no such passage anywhere\"\nperson = \"anna-abbott\"\n"),
            );
            let broken = vec![toml(&s)];
            // The fix is applied by the caller after the broken state was checked.
            std::fs::write(root.join(".fix"), format!("{}\n{good}", toml(&s).display())).unwrap();
            vec![(broken, false)]
        }
        Edit::NewArticle(k, n) => {
            let s = pick(k);
            let new = format!("zz-new-{n}");
            write(&md(&new), &read(&md(&s)));
            write(&toml(&new), &read(&toml(&s)));
            vec![(vec![md(&new), toml(&new)], true)]
        }
        Edit::DeleteArticle(k) => {
            let s = pick(k);
            std::fs::remove_file(md(&s)).unwrap();
            std::fs::remove_file(toml(&s)).unwrap();
            vec![(vec![md(&s), toml(&s)], true)]
        }
        Edit::RenamePerson(p, n) => {
            let f = root.join("content/people.toml");
            let t = read(&f);
            let names: Vec<&str> = t.lines().filter(|l| l.starts_with("name = ")).collect();
            let old = names[p % names.len()];
            write(&f, &t.replacen(old, &format!("name = \"Renamed {n}\""), 1));
            one(f)
        }
        Edit::Template(n) => {
            let f = root.join("templates/person.html");
            write(
                &f,
                &format!(
                    "{{% extends \"base.html\" %}}{{% block content %}}<h1>{{{{ person.name }}}} ({n})</h1><p>{{{{ articles | length }}}} articles</p>{{% endblock content %}}"
                ),
            );
            one(f)
        }
        Edit::SiteTitle(n) => {
            let f = root.join("site.toml");
            write(
                &f,
                &set_line(&read(&f), "title", &format!("\"Dossier {n}\"")),
            );
            one(f)
        }
        Edit::StaticFile(n) => {
            let f = root.join("static/notes/extra.txt");
            write(&f, &format!("extra {n}\n"));
            one(f)
        }
    }
}

/// A date from a number of days after 2014-01-01 (without a date crate in the test).
fn chrono_like(n: u32) -> String {
    let (mut y, mut d) = (2014u32, n);
    loop {
        let len = if y % 4 == 0 { 366 } else { 365 };
        if d < len {
            break;
        }
        d -= len;
        y += 1;
    }
    let months = [
        31,
        if y % 4 == 0 { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let mut m = 0;
    while d >= months[m] {
        d -= months[m];
        m += 1;
    }
    format!("{y}-{:02}-{:02}", m + 1, d + 1)
}

/// The output directory's files (without the manifest).
fn on_disk(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                if rel != ".dossier-manifest" {
                    out.insert(rel, std::fs::read(&p).unwrap());
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// A fresh full build of `root`, in memory.
fn full_build(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let sink = Memory::default();
    let r = dossier::pipeline::emit_all(root, &sink);
    assert!(r.ok(), "the full build fails: {}", r.render_human());
    sink.into_files()
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_vec()))
        .collect()
}

fn assert_same(step: &str, got: &BTreeMap<String, Vec<u8>>, want: &BTreeMap<String, Vec<u8>>) {
    let only_got: Vec<_> = got.keys().filter(|k| !want.contains_key(*k)).collect();
    let only_want: Vec<_> = want.keys().filter(|k| !got.contains_key(*k)).collect();
    let differ: Vec<_> = got
        .keys()
        .filter(|k| want.get(*k).is_some_and(|w| w != &got[*k]))
        .collect();
    assert!(
        only_got.is_empty() && only_want.is_empty() && differ.is_empty(),
        "after {step}: only in the session's output {only_got:?}, only in the full build {only_want:?}, different {differ:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(4),
        max_shrink_iters: 20,
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_session_equals_a_full_build_after_every_edit(edits in proptest::collection::vec(edit(), 1..9)) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("dossier");
        corpus::generate(&root, ARTICLES, 7, None).unwrap();
        // Short lists, so that edits make list pages come and go (see render/pages/lists.rs).
        let mut config = std::fs::read_to_string(root.join("site.toml")).unwrap();
        config.push_str("\n[options]\nlist_items = 3\nlist_page_size = 4\nindex_page_size = 30\n");
        std::fs::write(root.join("site.toml"), config).unwrap();
        let out = dir.path().join("site");
        let (mut session, _) = Session::open(&root, OutputTarget::Dir(out.clone()))
            .unwrap_or_else(|r| panic!("{}", r.render_human()));
        assert_same("opening", &on_disk(&out), &full_build(&root));
        for (n, e) in edits.iter().enumerate() {
            for (paths, valid) in apply_edit(&root, e) {
                let before = on_disk(&out);
                let u = session.apply(&paths);
                let step = format!("step {n} ({e:?})");
                if valid {
                    prop_assert!(u.ok(), "{step} was refused: {}", u.report.render_human());
                    assert_same(&step, &on_disk(&out), &full_build(&root));
                } else {
                    prop_assert!(!u.ok(), "{step} should fail");
                    assert_same(&step, &on_disk(&out), &before);
                    let fix = read(&root.join(".fix"));
                    let (path, good) = fix.split_once('\n').unwrap();
                    write(Path::new(path), good);
                    let u = session.apply(&[PathBuf::from(path)]);
                    prop_assert!(u.ok(), "the fix of {step} was refused: {}", u.report.render_human());
                    assert_same(&format!("the fix of {step}"), &on_disk(&out), &full_build(&root));
                }
            }
        }
    }
}
