//! Reading a file as text: UTF-8 (a byte-order mark dropped with a warning), UTF-16 detected
//! by its byte-order mark, invalid or empty files reported; every text registered in `Sources`.

use super::*;

/// Reads a file as UTF-8 text and registers it. Invalid UTF-8 and empty files are reported;
/// a byte-order mark is dropped with a warning.
pub fn read_text(
    root: &Path,
    rel: &Path,
    sources: &mut Sources,
    diags: &mut Diagnostics,
) -> Option<SourceId> {
    let bytes = match std::fs::read(root.join(rel)) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::error(
                "io",
                format!("cannot read {}: {e}", rel.display()),
            ));
            return None;
        }
    };
    let (id, d) = register_bytes(rel, bytes, sources);
    diags.items.extend(d);
    id
}

/// Registers file bytes as a source, with the diagnostics their encoding deserves.
pub(super) fn register_bytes(
    rel: &Path,
    bytes: Vec<u8>,
    sources: &mut Sources,
) -> (Option<SourceId>, Vec<Diagnostic>) {
    register_decoded(rel, Decoded::of(bytes), sources)
}

/// File bytes made text, before they are registered: the part of [`register_bytes`] that
/// needs no `Sources`, so that many files can be decoded in parallel.
pub(super) enum Decoded {
    /// UTF-8, with the byte-order mark (if any) dropped.
    Utf8 { text: String, had_bom: bool },
    /// UTF-16 in the byte order named, decoded to be shown.
    Utf16 { order: &'static str, shown: String },
    /// Not UTF-8 from byte `at` on; `shown` is the bytes decoded lossily.
    Invalid { at: usize, shown: String },
}

impl Decoded {
    pub(super) fn of(bytes: Vec<u8>) -> Decoded {
        if let Some(order) = utf16(&bytes) {
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|p| match order {
                    "UTF-16LE" => u16::from_le_bytes([p[0], p[1]]),
                    _ => u16::from_be_bytes([p[0], p[1]]),
                })
                .collect();
            let shown = String::from_utf16_lossy(&units);
            return Decoded::Utf16 { order, shown };
        }
        match String::from_utf8(bytes) {
            Ok(t) => match t.strip_prefix('\u{feff}') {
                Some(rest) => Decoded::Utf8 {
                    text: rest.to_string(),
                    had_bom: true,
                },
                None => Decoded::Utf8 {
                    text: t,
                    had_bom: false,
                },
            },
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                // Keep the valid prefix so the message can point at the line where decoding
                // stopped.
                let shown = String::from_utf8_lossy(&e.into_bytes()).into_owned();
                Decoded::Invalid { at, shown }
            }
        }
    }
}

/// Registers decoded file bytes as a source, with the diagnostics their encoding deserves.
pub(super) fn register_decoded(
    rel: &Path,
    decoded: Decoded,
    sources: &mut Sources,
) -> (Option<SourceId>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let (text, had_bom) = match decoded {
        Decoded::Utf8 { text, had_bom } => (text, had_bom),
        Decoded::Utf16 { order, shown } => {
            // Show the text decoded, so the message can point into it.
            let id = sources.add(rel, shown);
            diags.push(
                Diagnostic::error(
                    "utf16",
                    format!("{} is encoded as {order}, not UTF-8", rel.display()),
                )
                .at(id, 0..0, "this file")
                .hint("save the file as UTF-8 (in the editor's Save As dialog, or with `iconv -f UTF-16 -t UTF-8`)"),
            );
            return (None, diags);
        }
        Decoded::Invalid { at, shown } => {
            let id = sources.add(rel, shown);
            let (line, col) = sources.line_col(id, at);
            diags.push(
                Diagnostic::error(
                    "not-utf8",
                    format!(
                        "{} is not valid UTF-8 (at byte {at}, line {line}, column {col})",
                        rel.display()
                    ),
                )
                .at(id, at..at + 1, "invalid byte here")
                .hint("save the file as UTF-8 (for example with `iconv -f WINDOWS-1251 -t UTF-8`)"),
            );
            return (None, diags);
        }
    };
    let id = sources.add(rel, text);
    if had_bom {
        diags.push(
            Diagnostic::warning(
                "byte-order-mark",
                format!("{} starts with a byte-order mark", rel.display()),
            )
            .at(id, 0..0, "ignored")
            .hint("save the file as UTF-8 without BOM"),
        );
    }
    if sources.text(id).trim().is_empty() {
        diags.push(
            Diagnostic::error("empty-file", format!("{} is empty", rel.display()))
                .at(id, 0..0, "nothing here")
                .hint("remove the file, or give it content"),
        );
        return (None, diags);
    }
    (Some(id), diags)
}

/// Whether bytes are UTF-16 text, and which byte order: a byte-order mark, or the pattern of
/// zero bytes that ASCII text has in UTF-16 (every other byte).
fn utf16(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some("UTF-16LE"),
        [0xFE, 0xFF, ..] => return Some("UTF-16BE"),
        _ => {}
    }
    let head = &bytes[..bytes.len().min(1024) & !1];
    if head.len() < 4 {
        return None;
    }
    let zeros = |odd: usize| {
        head.iter()
            .skip(odd)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    let half = head.len() / 2;
    if odd * 10 >= half * 4 && even == 0 {
        Some("UTF-16LE")
    } else if even * 10 >= half * 4 && odd == 0 {
        Some("UTF-16BE")
    } else {
        None
    }
}
