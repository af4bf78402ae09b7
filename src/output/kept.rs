//! The warnings of a recorded build, as its manifest keeps them.
//!
//! A build whose inputs are those the previous build recorded does nothing (see
//! [`super::fingerprint`]), but it must still say what that build said: the analyst who runs
//! `dossier build` twice sees the same warnings twice. A warning is kept with the path of the
//! file it points into and its byte span; the file is unchanged (the fingerprint says so), so
//! reading it again puts the warning back exactly where it was.

use crate::diagnostics::{Diagnostic, Location, Severity, Sources};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A file (as shown, relative to the dossier root) and a byte range in it.
type Place = (PathBuf, usize, usize);

/// One warning, serialised on a `# warning` line of the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeptWarning {
    code: String,
    message: String,
    label: String,
    at: Option<Place>,
    related: Vec<(Place, String)>,
    notes: Vec<String>,
    hint: Option<String>,
}

impl KeptWarning {
    /// `d` as the manifest keeps it (`None` for an error: a build with errors records nothing).
    pub fn of(d: &Diagnostic, sources: &Sources) -> Option<KeptWarning> {
        if d.severity != Severity::Warning {
            return None;
        }
        let place = |l: &Location| {
            (
                sources.path(l.source).to_path_buf(),
                l.span.start,
                l.span.end,
            )
        };
        Some(KeptWarning {
            code: d.code.to_string(),
            message: d.message.clone(),
            label: d.label.clone(),
            at: d.location.as_ref().map(place),
            related: d
                .related
                .iter()
                .map(|(l, s)| (place(l), s.clone()))
                .collect(),
            notes: d.notes.clone(),
            hint: d.hint.clone(),
        })
    }

    /// The warnings `kept` again, pointing into the files of `root` read anew into `sources`;
    /// `None` when a file cannot be read or a span no longer fits it (then build again).
    pub fn restore(
        kept: &[KeptWarning],
        root: &Path,
        sources: &mut Sources,
    ) -> Option<Vec<Diagnostic>> {
        let mut ids = HashMap::new();
        let mut locate = |(path, start, end): &Place| -> Option<Location> {
            let source = match ids.get(path) {
                Some(&id) => id,
                None => {
                    let text = std::fs::read_to_string(root.join(path)).ok()?;
                    let id = sources.add(path, text);
                    ids.insert(path.clone(), id);
                    id
                }
            };
            let fits = *start <= *end && sources.text(source).get(*start..*end).is_some();
            fits.then_some(Location {
                source,
                span: *start..*end,
            })
        };
        kept.iter()
            .map(|k| {
                // Codes are few and fixed; diagnostics name them with static strings.
                let code: &'static str = Box::leak(k.code.clone().into_boxed_str());
                let mut d = Diagnostic::warning(code, k.message.clone());
                d.label = k.label.clone();
                d.location = match &k.at {
                    Some(p) => Some(locate(p)?),
                    None => None,
                };
                for (p, s) in &k.related {
                    d.related.push((locate(p)?, s.clone()));
                }
                d.notes = k.notes.clone();
                d.hint = k.hint.clone();
                Some(d)
            })
            .collect()
    }
}
