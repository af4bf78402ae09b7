//! `dossier init`: a new dossier that builds at once.

use std::io;
use std::path::Path;

const FILES: &[(&str, &str)] = &[
    (
        "site.toml",
        r#"title = "My dossier"
description = "Sources, statements and events, annotated and cross-linked."
# base_url = "https://example.org/my-dossier/"
language = "en"
author = ""
output_dir = "public"

[options]
search = true
"#,
    ),
    (
        "content/people.toml",
        r#"[ada-lovelace]
name = "Ada Lovelace"
aliases = ["Augusta Ada King", "Countess of Lovelace"]
role = "Mathematician"
summary = "Wrote the first published algorithm for Babbage's Analytical Engine."
"#,
    ),
    (
        "content/issues.toml",
        r#"[computing]
title = "Computing"
summary = "Machines that calculate."

[analytical-engine]
title = "The Analytical Engine"
parent = "computing"
"#,
    ),
    (
        "content/outlets.toml",
        r#"[example-gazette]
name = "The Example Gazette"
country = "United Kingdom"
kind = "newspaper"
url = "https://example.org/"
"#,
    ),
    (
        "content/events.toml",
        r#"[notes-published]
title = "Lovelace's notes are published"
date = "1843-09"
status = "happened"
people = ["ada-lovelace"]
issues = ["analytical-engine"]
"#,
    ),
    (
        "content/articles/example.md",
        r#"In September 1843 the *Scientific Memoirs* printed a translation of a paper on the
Analytical Engine, with notes by Ada Lovelace three times its length.

"The Analytical Engine weaves algebraical patterns just as the Jacquard loom weaves
flowers and leaves," Lovelace wrote.
"#,
    ),
    (
        "content/articles/example.toml",
        r#"title = "Lovelace's notes on the Analytical Engine"
outlet = "example-gazette"
published = "1843-10-02"
url = "https://example.org/lovelace-notes"
issues = ["computing"]

[[mention]]
quote = "Ada Lovelace"
person = "ada-lovelace"

[[event]]
quote = "In September 1843 the Scientific Memoirs printed a translation"
event = "notes-published"

[[quote]]
quote = "The Analytical Engine weaves algebraical patterns just as the Jacquard loom weaves flowers and leaves"
speaker = "ada-lovelace"
said = "1843"
issues = ["analytical-engine"]

[[note]]
quote = "three times its length"
kind = "context"
body = "The notes are longer than the paper they annotate; see [Lovelace](person:ada-lovelace)."
"#,
    ),
];

/// Writes a new dossier into `dir`, which must not exist or be empty; never overwrites.
pub fn init(dir: &Path) -> io::Result<Vec<String>> {
    if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} is not empty; init only writes into a new or empty directory",
                dir.display()
            ),
        ));
    }
    let mut written = Vec::new();
    for (rel, text) in FILES {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("files are below dir"))?;
        std::fs::write(&path, text)?;
        written.push(rel.to_string());
    }
    std::fs::create_dir_all(dir.join("static"))?;
    Ok(written)
}
