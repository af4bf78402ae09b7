//! `dossier bundle`: the whole site in one zip that works from the file system.
//!
//! The pages are the same as a build's (the same templates and the same page-relative URLs);
//! [`ZipSink`] receives them through the one emit path and writes a deterministic archive:
//! entries sorted by path, every timestamp 1980-01-01 00:00, permissions 0644, deflate only,
//! so two bundles of the same dossier are byte-identical. What differs from the published
//! site is only what would point back at it: the canonical link is left out.

use crate::output::Sink;
use crate::pipeline::{Report, emit_offline};
use std::collections::BTreeMap;
use std::io::{self, Cursor, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// The archive comment that marks a zip as a dossier bundle: only such a file is replaced.
pub const COMMENT: &str = "dossier bundle";
/// A sink collecting the site in memory, then written as one deterministic zip.
///
/// Each file is compressed as it arrives, by the thread that rendered it, into an archive of
/// its own; [`ZipSink::finish`] joins them in path order. So compressing runs in parallel with
/// rendering, and the sink holds the compressed site, not the whole site.
#[derive(Default)]
pub struct ZipSink {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

/// How entries are stored: deflate, no time, no permissions beyond reading.
fn options() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644)
        // Fast deflate: the bundle of a large dossier must not take longer than its build.
        .compression_level(Some(1))
}

impl Sink for ZipSink {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let (head, tail) = if path.ends_with(".html") {
            offline(bytes)
        } else {
            (bytes, &[][..])
        };
        let mut w = ZipWriter::new(Cursor::new(Vec::new()));
        w.start_file(path, options()).map_err(zip_err)?;
        w.write_all(head)?;
        w.write_all(tail)?;
        let one = w.finish().map_err(zip_err)?.into_inner();
        self.files
            .lock()
            .map_err(|_| io::Error::other("a writer panicked"))?
            .insert(path.to_string(), one);
        Ok(())
    }
}

/// A page without its canonical link (the one URL that names the published site), as the
/// text before and after it.
fn offline(html: &[u8]) -> (&[u8], &[u8]) {
    const OPEN: &[u8] = b"<link rel=\"canonical\" href=\"";
    let Some(start) = html.windows(OPEN.len()).position(|w| w == OPEN) else {
        return (html, &[]);
    };
    let mut end = start
        + html[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(html.len() - start, |e| e + 1);
    if html.get(end) == Some(&b'\n') {
        end += 1;
    }
    (&html[..start], &html[end..])
}

fn zip_err(e: zip::result::ZipError) -> io::Error {
    io::Error::other(e)
}

impl ZipSink {
    /// How many files it holds.
    pub fn len(&self) -> usize {
        self.files.lock().map(|f| f.len()).unwrap_or(0)
    }

    /// Whether it holds no file.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The zip: the entries, each already compressed, joined in path order.
    pub fn finish(self) -> io::Result<Vec<u8>> {
        let files = self
            .files
            .into_inner()
            .map_err(|_| io::Error::other("a writer panicked"))?;
        let size = files.values().map(Vec::len).sum();
        let mut out = ZipWriter::new(Cursor::new(Vec::with_capacity(size)));
        for one in files.into_values() {
            out.merge_archive(ZipArchive::new(Cursor::new(one)).map_err(zip_err)?)
                .map_err(zip_err)?;
        }
        out.set_comment(COMMENT).map_err(zip_err)?;
        Ok(out.finish().map_err(zip_err)?.into_inner())
    }
}

/// The bundle's default file name: a slug of the site title, or of the dossier folder's name.
pub fn default_name(root: &Path) -> String {
    let title = std::fs::read_to_string(root.join("site.toml"))
        .ok()
        .and_then(|s| s.parse::<toml::Table>().ok())
        .and_then(|t| t.get("title").and_then(|v| v.as_str()).map(str::to_string))
        .unwrap_or_default();
    let folder = crate::output::dir::absolute(root)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    [title, folder]
        .iter()
        .map(|s| slug(s))
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| "dossier".into())
}

/// Lowercase ASCII letters and digits, words joined by `-` ("Russia–US talks" → "russia-us-talks").
fn slug(s: &str) -> String {
    let folded = crate::search::normalise::fold(s);
    let mut out = String::new();
    for w in folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(w);
    }
    out
}

/// Writes `bytes` to `path` by way of a temporary file beside it and a rename, so a reader
/// never sees half a zip. An existing file is replaced only if it is a bundle dossier made.
pub fn write_bundle(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if path.exists() {
        let ours = std::fs::File::open(path)
            .ok()
            .and_then(|f| ZipArchive::new(f).ok())
            .is_some_and(|z| z.comment() == COMMENT.as_bytes());
        if !ours {
            return Err(io::Error::other(format!(
                "{} exists and is not a bundle made by dossier; move it away or choose another file with -o",
                path.display()
            )));
        }
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let tmp = path.with_file_name(format!(".{name}.dossier-tmp"));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// What `dossier bundle` did.
pub struct Bundled {
    pub report: Report,
    /// The zip written, with its size and number of files, when the dossier had no errors.
    pub written: Option<(PathBuf, u64, usize)>,
}

/// Renders the dossier at `root` into a zip at `out` (default `ROOT/dist/NAME.zip`).
pub fn bundle(root: &Path, out: Option<&Path>) -> io::Result<Bundled> {
    let sink = ZipSink::default();
    let report = emit_offline(root, &sink);
    if !report.ok() {
        return Ok(Bundled {
            report,
            written: None,
        });
    }
    let path = out.map(Path::to_path_buf).unwrap_or_else(|| {
        root.join("dist")
            .join(format!("{}.zip", default_name(root)))
    });
    let count = sink.len();
    let t = std::time::Instant::now();
    let bytes = sink.finish()?;
    crate::pipeline::timing("zip", t);
    let t = std::time::Instant::now();
    write_bundle(&path, &bytes)?;
    crate::pipeline::timing("write the zip", t);
    Ok(Bundled {
        report,
        written: Some((path, bytes.len() as u64, count)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_canonical_links() {
        assert_eq!(
            slug("Irritants: the 2025 Russia–US embassy talks"),
            "irritants-the-2025-russia-us-embassy-talks"
        );
        assert_eq!(slug("Łódź café"), "lodz-cafe");
        let page = b"<title>x</title>\n<link rel=\"canonical\" href=\"https://example.org/a.html\">\n<meta>";
        assert_eq!(offline(page).0, b"<title>x</title>\n");
        assert_eq!(offline(page).1, b"<meta>");
        let plain = b"<p>no link</p>";
        assert_eq!(offline(plain), (&plain[..], &[][..]));
    }
}
