//! A build with no edit since the last one writes nothing: every output file keeps its inode
//! and modification time (the manifest too), and the bytes are the same. An edit, a file
//! changed by hand in the output or a new input file brings a real build, which rewrites only
//! the files whose bytes changed.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// Every output file: (inode, modification time in ns, bytes).
fn snapshot(dir: &Path) -> BTreeMap<String, (u64, i128, Vec<u8>)> {
    files(dir)
        .into_iter()
        .map(|f| {
            let m = std::fs::metadata(dir.join(&f)).unwrap();
            let mtime = m.mtime() as i128 * 1_000_000_000 + m.mtime_nsec() as i128;
            let bytes = std::fs::read(dir.join(&f)).unwrap();
            (f, (m.ino(), mtime, bytes))
        })
        .collect()
}

fn build_into(root: &Path, out: &Path) -> String {
    let o = run(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    stdout(&o)
}

const UNCHANGED: &str = "no input changed since the last build";

/// The files whose inode or time changed between two snapshots, and those whose bytes did.
fn touched_and_changed(
    a: &BTreeMap<String, (u64, i128, Vec<u8>)>,
    b: &BTreeMap<String, (u64, i128, Vec<u8>)>,
) -> (Vec<String>, Vec<String>) {
    let touched = b
        .iter()
        .filter(|(f, (i, t, _))| a.get(*f).is_none_or(|(i0, t0, _)| (i0, t0) != (i, t)))
        .map(|(f, _)| f.clone())
        .collect();
    let changed = b
        .iter()
        .filter(|(f, (_, _, x))| a.get(*f).is_none_or(|(_, _, x0)| x0 != x))
        .map(|(f, _)| f.clone())
        .collect();
    (touched, changed)
}

#[test]
fn building_twice_without_edits_rewrites_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("d");
    corpus::generate(&root, 60, 3, None).unwrap();
    let out = dir.path().join("site");
    let first = build_into(&root, &out);
    assert!(!first.contains(UNCHANGED), "{first}");
    let before = snapshot(&out);
    assert!(before.len() > 100, "{} files", before.len());

    let again = build_into(&root, &out);
    assert!(again.contains(UNCHANGED), "{again}");
    assert!(again.contains("(0 file(s) changed"), "{again}");
    let after = snapshot(&out);
    let (touched, changed) = touched_and_changed(&before, &after);
    assert_eq!(touched, Vec::<String>::new(), "no file may be rewritten");
    assert_eq!(changed, Vec::<String>::new());
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );

    // One article edited: a real build, which rewrites exactly the files whose bytes changed.
    let md = root.join("content/articles/article-000007.md");
    let text = std::fs::read_to_string(&md).unwrap();
    std::fs::write(&md, format!("{text}\nA paragraph added by the analyst.\n")).unwrap();
    let edited = build_into(&root, &out);
    assert!(!edited.contains(UNCHANGED), "{edited}");
    let after_edit = snapshot(&out);
    let (touched, changed) = touched_and_changed(&after, &after_edit);
    let page = "articles/article-000007/index.html".to_string();
    assert!(changed.contains(&page), "{changed:?}");
    assert_eq!(
        touched
            .iter()
            .filter(|f| *f != ".dossier-manifest")
            .collect::<Vec<_>>(),
        changed
            .iter()
            .filter(|f| *f != ".dossier-manifest")
            .collect::<Vec<_>>(),
        "only the files whose bytes changed are rewritten"
    );
    assert!(after_edit[&page].2.windows(9).any(|w| w == b"paragraph"));

    // A page changed by hand in the output: the next build puts the built page back.
    let home = out.join("index.html");
    std::fs::write(&home, "edited by hand").unwrap();
    let repaired = build_into(&root, &out);
    assert!(!repaired.contains(UNCHANGED), "{repaired}");
    assert_eq!(std::fs::read(&home).unwrap(), after_edit["index.html"].2);

    // A new input file (a static file) is an input too.
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::fs::write(root.join("static/extra.txt"), "new").unwrap();
    let with_static = build_into(&root, &out);
    assert!(!with_static.contains(UNCHANGED), "{with_static}");
    assert_eq!(std::fs::read(out.join("extra.txt")).unwrap(), b"new");
    assert!(build_into(&root, &out).contains(UNCHANGED));
}

#[test]
fn a_build_with_nothing_to_do_says_the_warnings_again() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("d");
    corpus::generate(&root, 12, 3, None).unwrap();
    // An event no article reports: a warning, located in events.toml.
    let events = root.join("content/events.toml");
    let text = std::fs::read_to_string(&events).unwrap();
    let line = text.lines().count() + 2;
    std::fs::write(
        &events,
        format!(
            "{text}\n[never-reported]\ntitle = \"Nobody wrote of it\"\ndate = \"2024-01-02\"\n"
        ),
    )
    .unwrap();
    let build = || {
        let o = run(&[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--output",
            dir.path().join("site").to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        (stdout(&o), stderr(&o))
    };
    let (first, said) = build();
    assert!(!first.contains(UNCHANGED), "{first}");
    let at = format!("content/events.toml:{line}:2");
    assert!(
        said.contains("warning[unused-event]") && said.contains(&at),
        "{said}"
    );
    // Skipped, and the same words: the warning with its place and underlined source.
    let (again, said_again) = build();
    assert!(again.contains(UNCHANGED), "{again}");
    assert_eq!(said_again, said);
}
