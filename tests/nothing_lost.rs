//! Nothing is ever lost: failed builds leave the output as it was, rebuilds delete only what a
//! build wrote, dangerous output directories are refused, and output is reproducible.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::Path;

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut m = BTreeMap::new();
    for f in files(dir) {
        m.insert(f.clone(), std::fs::read(dir.join(&f)).unwrap());
    }
    m
}

fn build_into(root: &Path, out: &Path) -> std::process::Output {
    run(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ])
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let dossier = copy_dossier(&repo());
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("public");
    assert!(build_into(dossier.path(), &site).status.success());
    let before = snapshot(&site);
    assert!(before.len() > 80);
    // Break an annotation: its quote no longer anchors.
    let f = dossier
        .path()
        .join("content/articles/tass-2025-07-06-no-date-for-third-round.toml");
    let text = std::fs::read_to_string(&f)
        .unwrap()
        .replace("take a break.", "take a brake.");
    std::fs::write(&f, text).unwrap();
    let o = build_into(dossier.path(), &site);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("the previous output is unchanged"));
    assert_eq!(
        snapshot(&site),
        before,
        "the output changed after a failed build"
    );
    // And no staging directory is left beside it.
    let leftovers: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
}

#[test]
fn a_broken_template_also_leaves_the_output_untouched() {
    let dossier = copy_dossier(&repo().join("tests/fixtures/harbour"));
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    assert!(build_into(dossier.path(), &site).status.success());
    let before = snapshot(&site);
    std::fs::create_dir_all(dossier.path().join("templates")).unwrap();
    std::fs::write(
        dossier.path().join("templates/date.html"),
        "{% extends \"base.html\" %}{% block content %}{{ nope }}{% endblock content %}",
    )
    .unwrap();
    let o = build_into(dossier.path(), &site);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("templates/date.html:1:"),
        "{}",
        stderr(&o)
    );
    assert_eq!(snapshot(&site), before);
}

#[test]
fn a_rebuild_removes_only_what_a_build_wrote() {
    let dossier = copy_dossier(&repo().join("tests/fixtures/harbour"));
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    assert!(build_into(dossier.path(), &site).status.success());
    // The user adds files to the output (a host's config, say).
    std::fs::write(site.join("CNAME"), "dossier.example.org\n").unwrap();
    std::fs::write(site.join(".nojekyll"), "").unwrap();
    std::fs::create_dir_all(site.join("extra")).unwrap();
    std::fs::write(site.join("extra/notes.txt"), "mine").unwrap();
    // An article is removed from the dossier.
    std::fs::remove_file(dossier.path().join("content/articles/fm-engineer.md")).unwrap();
    std::fs::remove_file(dossier.path().join("content/articles/fm-engineer.toml")).unwrap();
    let o = build_into(dossier.path(), &site);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        !site.join("articles/fm-engineer.html").exists(),
        "the stale page stays"
    );
    assert_eq!(
        std::fs::read_to_string(site.join("CNAME")).unwrap(),
        "dossier.example.org\n"
    );
    assert!(site.join(".nojekyll").exists());
    assert_eq!(
        std::fs::read_to_string(site.join("extra/notes.txt")).unwrap(),
        "mine"
    );
    assert!(broken_links(&site).is_empty());
    // Nothing is left beside the output: no staging folder, no old copy, no lock.
    let beside: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(beside, vec![std::ffi::OsString::from("site")]);
}

#[test]
fn building_twice_gives_byte_identical_output() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    assert!(build_into(&repo(), &a.path().join("s")).status.success());
    assert!(build_into(&repo(), &b.path().join("s")).status.success());
    let (sa, sb) = (snapshot(&a.path().join("s")), snapshot(&b.path().join("s")));
    assert_eq!(sa.keys().collect::<Vec<_>>(), sb.keys().collect::<Vec<_>>());
    for (k, v) in &sa {
        assert!(v == &sb[k], "{k} differs between two builds");
    }
}

#[test]
fn dangerous_output_directories_are_refused_and_nothing_is_deleted() {
    let dossier = copy_dossier(&repo().join("tests/fixtures/harbour"));
    let root = dossier.path();
    let before = snapshot(root);
    let foreign = tempfile::tempdir().unwrap();
    std::fs::write(foreign.path().join("thesis.docx"), "years of work").unwrap();
    let cases: Vec<(std::path::PathBuf, &str)> = vec![
        (root.to_path_buf(), "it is the dossier root or contains it"),
        (
            root.join("content"),
            "overlaps the dossier's content directory",
        ),
        (
            root.join("content/articles/out"),
            "overlaps the dossier's content directory",
        ),
        (
            root.parent().unwrap().to_path_buf(),
            "it is the dossier root or contains it",
        ),
        (
            root.join("static"),
            "overlaps the dossier's static directory",
        ),
        (
            foreign.path().to_path_buf(),
            "not empty and no previous build made it",
        ),
    ];
    for (out, why) in cases {
        let o = build_into(root, &out);
        assert_eq!(
            o.status.code(),
            Some(1),
            "{}: {}",
            out.display(),
            stderr(&o)
        );
        let err = stderr(&o);
        assert!(
            err.contains("error[unsafe-output]") && err.contains(why),
            "{}: {err}",
            out.display()
        );
    }
    assert_eq!(snapshot(root), before, "the dossier changed");
    assert_eq!(
        std::fs::read_to_string(foreign.path().join("thesis.docx")).unwrap(),
        "years of work"
    );
    assert_eq!(files(foreign.path()).len(), 1);
}
