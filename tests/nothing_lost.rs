//! Nothing is ever lost: failed builds leave the output as it was, rebuilds delete only what a
//! build wrote, dangerous output directories are refused, and output is reproducible.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
    let (dossier, _out, site) = built_harbour();
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
    let (dossier, out, site) = built_harbour();
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
        !site.join("articles/fm-engineer/index.html").exists(),
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

/// A copy of the harbour fixture, built into `site` in a folder of its own (kept alive by the
/// second value).
fn built_harbour() -> (tempfile::TempDir, tempfile::TempDir, PathBuf) {
    let dossier = copy_dossier(&repo().join("tests/fixtures/harbour"));
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    assert!(build_into(dossier.path(), &site).status.success());
    (dossier, out, site)
}

/// Appends a person to the harbour fixture's registry.
fn add_person(root: &Path, id: &str) {
    let f = root.join("content/people.toml");
    let t = std::fs::read_to_string(&f).unwrap();
    std::fs::write(f, format!("{t}\n[{id}]\nname = \"New Person {id}\"\n")).unwrap();
}

#[test]
fn a_user_file_where_a_new_page_goes_is_an_error_naming_both_and_is_kept() {
    let (dossier, _out, site) = built_harbour();
    std::fs::write(site.join("CNAME"), "example.org\n").unwrap();
    std::fs::create_dir_all(site.join("people/zed")).unwrap();
    std::fs::write(site.join("people/zed/index.html"), "my own page").unwrap();
    let before = snapshot(&site);
    add_person(dossier.path(), "zed");
    let o = build_into(dossier.path(), &site);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("error[output-in-the-way]"), "{err}");
    assert!(
        err.contains(
            "`people/zed/index.html` that no build wrote, and this build must write person `zed` there"
        ),
        "{err}"
    );
    assert_eq!(snapshot(&site), before, "the output changed");
    // Once the user moves the file away, the build goes through and keeps CNAME.
    std::fs::remove_file(site.join("people/zed/index.html")).unwrap();
    let o = build_into(dossier.path(), &site);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read(&site, "people/zed/index.html").contains("New Person zed"));
    assert_eq!(read(&site, "CNAME"), "example.org\n");
}

#[test]
fn a_user_file_is_found_behind_new_pages_whose_folders_are_absent() {
    // The check skips what lies under a folder it found absent. Here the first new person's
    // folder is absent but `people/` is not, and the user's file is in the second's.
    let (dossier, _out, site) = built_harbour();
    std::fs::create_dir_all(site.join("people/zz-last")).unwrap();
    std::fs::write(site.join("people/zz-last/index.html"), "my own page").unwrap();
    let before = snapshot(&site);
    add_person(dossier.path(), "aa-first");
    add_person(dossier.path(), "zz-last");
    let o = build_into(dossier.path(), &site);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "`people/zz-last/index.html` that no build wrote, and this build must write person `zz-last` there"
        ),
        "{}",
        stderr(&o)
    );
    assert_eq!(snapshot(&site), before, "the output changed");
}

#[test]
fn a_failure_halfway_through_putting_files_in_place_rolls_everything_back() {
    let (dossier, out, site) = built_harbour();
    // A page the next build must replace is now a folder with the user's file in it, so the
    // rename of that page fails after others (sorted before it) were already put in place.
    std::fs::remove_file(site.join("people/tom-reyes/index.html")).unwrap();
    std::fs::create_dir(site.join("people/tom-reyes/index.html")).unwrap();
    std::fs::write(site.join("people/tom-reyes/index.html/keep.txt"), "mine").unwrap();
    let before = snapshot(&site);
    // Every page changes: the site title is on each of them.
    let cfg = dossier.path().join("site.toml");
    let t = std::fs::read_to_string(&cfg).unwrap();
    let t = t.replacen("title = \"", "title = \"Renamed: ", 1);
    std::fs::write(&cfg, t).unwrap();
    // And a new person, whose page's folder (new to the output) is moved in whole before
    // the failure: it must be taken out again.
    add_person(dossier.path(), "aaron-new");
    let o = build_into(dossier.path(), &site);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("the previous output was restored"),
        "{}",
        stderr(&o)
    );
    assert_eq!(snapshot(&site), before, "not rolled back");
    let beside: Vec<_> = std::fs::read_dir(out.path()).unwrap().flatten().collect();
    assert_eq!(beside.len(), 1, "something left beside the output");
}

#[test]
fn folders_of_the_user_and_a_git_checkout_in_the_output_survive_rebuilds() {
    let (dossier, _out, site) = built_harbour();
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(&site)
            .args(["-c", "user.name=t", "-c", "user.email=t@t"])
            .args(args)
            .output()
            .unwrap()
    };
    assert!(git(&["init", "-q"]).status.success());
    assert!(git(&["add", "-A"]).status.success());
    assert!(git(&["commit", "-qm", "site"]).status.success());
    std::fs::create_dir_all(site.join("uploads/2025")).unwrap();
    add_person(dossier.path(), "zed");
    for _ in 0..2 {
        let o = build_into(dossier.path(), &site);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    assert!(
        site.join("uploads/2025").is_dir(),
        "the empty folder is gone"
    );
    let log = git(&["log", "--oneline"]);
    assert!(
        log.status.success(),
        "{}",
        String::from_utf8_lossy(&log.stderr)
    );
    let status = String::from_utf8_lossy(&git(&["status", "--porcelain"]).stdout).into_owned();
    assert!(status.contains("people/zed/"), "{status}");
    // Removing the person deletes the page the build made, and nothing of the user's.
    let f = dossier.path().join("content/people.toml");
    let t = std::fs::read_to_string(&f).unwrap();
    std::fs::write(&f, &t[..t.find("\n[zed]").unwrap()]).unwrap();
    assert!(build_into(dossier.path(), &site).status.success());
    assert!(!site.join("people/zed/index.html").exists());
    assert!(site.join("uploads/2025").is_dir());
    assert!(git(&["log", "--oneline"]).status.success());
}
