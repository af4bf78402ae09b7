//! A build with nothing to do: the fingerprint of everything a build reads.
//!
//! A complete build without any diagnostic records in its manifest a fingerprint of every
//! input file (path and bytes: `site.toml`, `content/`, `templates/`, `static/`), of the tool
//! itself (its version, size and modification time) and of the options that change the output
//! (`--base-url`); not of the output path, which the output may not name (it is published). The
//! next build computes the fingerprint first; when it matches and every file of the manifest is
//! on disk, unmodified since the manifest was written, the output is exactly what a build would
//! write, so it stops there
//! without loading, rendering or writing anything. Any difference (an edit, a new file, a
//! deleted one, a file changed in the output, another binary) means a full build.

use super::{Manifest, digest};
use rayon::prelude::*;
use std::path::Path;

/// The folders a build reads below the dossier root, besides `site.toml`.
const INPUT_DIRS: [&str; 3] = ["content", "templates", "static"];

/// The fingerprint of the dossier at `root` built with `base_url`, or `None` when a file cannot be
/// listed or read (then there is no shortcut: the build reports the problem).
pub fn inputs(root: &Path, base_url: Option<&str>) -> Option<u128> {
    let mut sources = crate::diagnostics::Sources::default();
    let mut diags = crate::diagnostics::Diagnostics::default();
    let mut files = vec![std::path::PathBuf::from("site.toml")];
    for dir in INPUT_DIRS {
        // Hidden files too: a superset of what the loader reads can only cause a rebuild.
        let listed = crate::walk::list_files(root, dir, true, &mut sources, &mut diags);
        files.extend(listed.into_iter().map(|f| Path::new(dir).join(f)));
    }
    if !diags.items.is_empty() {
        return None;
    }
    let hashes: Vec<Option<u128>> = files
        .par_iter()
        .map(|f| {
            let bytes = std::fs::read(root.join(f)).ok()?;
            Some(digest(f.to_string_lossy().as_bytes()) ^ digest(&bytes).rotate_left(1))
        })
        .collect();
    let mut all = Vec::with_capacity(hashes.len() * 16 + 256);
    for h in hashes {
        all.extend_from_slice(&h?.to_le_bytes());
    }
    all.extend_from_slice(env!("CARGO_PKG_VERSION").as_bytes());
    let exe = std::env::current_exe().and_then(std::fs::metadata).ok()?;
    all.extend_from_slice(&exe.len().to_le_bytes());
    let modified = exe
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    all.extend_from_slice(&modified.as_nanos().to_le_bytes());
    // Options that change the output without changing a file: `build --base-url`.
    all.extend_from_slice(format!("\0base_url={base_url:?}").as_bytes());
    Some(digest(&all))
}

/// True when every file the manifest lists is in `out` and none was modified after the
/// manifest was written (a build writes every file before its manifest, and moving a file in
/// keeps its time). Reading the files back to compare hashes would cost more than the whole
/// shortcut may (350 MB at 10,000 articles); a file changed by hand gets a later time, unless
/// whoever changed it also set its time back.
pub fn intact(out: &Path, manifest: &Manifest) -> bool {
    let Ok(written) = std::fs::metadata(out.join(super::MANIFEST)).and_then(|m| m.modified())
    else {
        return false;
    };
    let files: Vec<&String> = manifest.0.keys().collect();
    files.par_iter().all(|path| {
        std::fs::symlink_metadata(out.join(path))
            .is_ok_and(|m| m.is_file() && m.modified().is_ok_and(|t| t <= written))
    })
}
