//! TOML to the input model with every mistake reported: syntax errors the parser recovers
//! from, and every bad field of a table (not only the first), each a diagnostic with a hint.

use crate::diagnostics::{Diagnostic, Diagnostics, SourceId, did_you_mean};
use serde::de::DeserializeOwned;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

/// Parses a TOML document, reporting every syntax error it can recover from.
pub fn parse_table<'a>(
    text: &'a str,
    source: SourceId,
    diags: &mut Diagnostics,
) -> Option<Spanned<DeTable<'a>>> {
    let (table, errors) = DeTable::parse_recoverable(text);
    if errors.is_empty() {
        return Some(table);
    }
    for e in errors {
        let span = e.span().unwrap_or(0..0);
        let message = format!("TOML syntax error: {}", e.message().trim());
        let d = match inner_quote(text, span.start) {
            Some(q) => Diagnostic::error("toml-syntax", message)
                .at(source, q.quote..q.quote + 1, "this `\"` ends the string early")
                .hint(q.hint),
            None => Diagnostic::error("toml-syntax", message)
                .at(source, span, "here")
                .hint("see https://toml.io for the syntax; strings need double quotes, arrays of tables use [[name]]"),
        };
        diags.push(d);
    }
    None
}

/// The likeliest syntax error in an annotation file: a passage copied with its own double
/// quotes into a `"…"` string, which the first inner `"` ends.
struct InnerQuote {
    /// Byte offset of the `"` that ends the string early.
    quote: usize,
    hint: String,
}

/// Recognises `key = "text "inner" text"` on the line of the error at `at`: a basic string
/// that closes before the error and a `"` later on the same line.
fn inner_quote(text: &str, at: usize) -> Option<InnerQuote> {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[start..end];
    let (key, value) = line.split_once('=')?;
    let key = key.trim();
    let value_at = start + key.len() + (line.len() - key.len() - value.len());
    let open = value_at + value.len() - value.trim_start().len();
    if !key
        .chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        || text[open..].starts_with("\"\"\"")
        || !text[open..].starts_with('"')
    {
        return None;
    }
    // The `"` that closed the string: the first unescaped one after the opening quote.
    let mut escaped = false;
    let close = text[open + 1..end].char_indices().find_map(|(i, c)| {
        let hit = c == '"' && !escaped;
        escaped = c == '\\' && !escaped;
        hit.then_some(open + 1 + i)
    })?;
    if close >= at || !text[at..end].contains('"') {
        return None;
    }
    let inner = text[open + 1..end].trim_end();
    let inner = inner.strip_suffix('"').unwrap_or(inner);
    let fix = if inner.contains('\'') {
        format!("{key} = \"\"\"{inner}\"\"\"")
    } else {
        format!("{key} = '{inner}'")
    };
    Some(InnerQuote {
        quote: close,
        hint: format!(
            "the value contains double quotes copied from the text; write it between single quotes, which take any `\"` as it is: {fix} (or use \"\"\"…\"\"\", or escape each inner quote as \\\")"
        ),
    })
}

/// A parsed document as one value, to deserialize.
pub fn table_value(t: Spanned<DeTable<'_>>) -> Spanned<DeValue<'_>> {
    let span = t.span();
    Spanned::new(span, DeValue::Table(t.into_inner()))
}

/// Deserializes one TOML value into `T`, turning serde's message into a diagnostic with a hint.
/// Every mistake in the table is reported, not only the first; `None` if there was any.
pub fn deserialize<T: DeserializeOwned>(
    value: Spanned<DeValue<'_>>,
    source: SourceId,
    diags: &mut Diagnostics,
) -> Option<T> {
    match deserialize_all(value, source, diags) {
        Some((v, true)) => Some(v),
        _ => None,
    }
}

/// Deserializes one TOML value, reporting every mistake in it: after each error the field at
/// fault is set aside (a misspelt field is read under the name it was meant to have) and the
/// rest is tried again. Returns what the good fields make, and whether there was no mistake;
/// `None` when even the good fields do not make a `T` (a required field is missing).
pub fn deserialize_all<T: DeserializeOwned>(
    mut value: Spanned<DeValue<'_>>,
    source: SourceId,
    diags: &mut Diagnostics,
) -> Option<(T, bool)> {
    let whole = value.span();
    let mut clean = true;
    // Each round removes or renames one field, so a table of n fields takes n + 1 rounds.
    for _ in 0..256 {
        match T::deserialize(ValueDeserializer::from(value.clone())) {
            Ok(v) => return Some((v, clean)),
            Err(e) => {
                let span = e.span().unwrap_or(whole.clone());
                let d = serde_diagnostic(e.message(), source, span.clone());
                let meant = (d.code == "unknown-field")
                    .then(|| {
                        d.hint
                            .as_deref()
                            .and_then(|h| backticked(h).first().map(|s| s.to_string()))
                    })
                    .flatten();
                diags.push(d);
                clean = false;
                let set_aside = match value.get_mut() {
                    DeValue::Table(t) => set_aside(t, &span, meant.as_deref()),
                    _ => false,
                };
                if !set_aside {
                    return None;
                }
            }
        }
    }
    None
}

fn contains(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// Takes out of `table` the field an error points at (in nested tables too). A misspelt
/// field whose intended name is free is renamed instead, so its value is still checked
/// and the mistake does not cascade ("missing field `speaker`" after "unknown `speker`").
fn set_aside(table: &mut DeTable<'_>, span: &Range<usize>, meant: Option<&str>) -> bool {
    let key = table
        .iter()
        .find(|(k, v)| contains(&k.span(), span) || contains(&v.span(), span))
        .map(|(k, _)| k.clone());
    let Some(key) = key else {
        // The span of a `[table]` written under its own header does not cover its fields:
        // look into each sub-table.
        return table.iter_mut().any(|(_, v)| match v.get_mut() {
            DeValue::Table(inner) => set_aside(inner, span, meant),
            _ => false,
        });
    };
    let mut entry = table.remove(&key).expect("the key was just found");
    if !contains(&key.span(), span)
        && entry.span() != *span
        && let DeValue::Table(inner) = entry.get_mut()
        && set_aside(inner, span, meant)
    {
        table.insert(key, entry);
        return true;
    }
    if contains(&key.span(), span)
        && let Some(m) = meant.filter(|m| !table.keys().any(|k| k.get_ref() == m))
    {
        let renamed = Spanned::new(key.span(), std::borrow::Cow::Owned(m.to_string()));
        table.insert(renamed, entry);
    }
    true
}

/// Words serde puts in backticks, in order.
fn backticked(s: &str) -> Vec<&str> {
    s.split('`').skip(1).step_by(2).collect()
}

fn serde_diagnostic(message: &str, source: SourceId, span: Range<usize>) -> Diagnostic {
    let message = message.trim();
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let words = backticked(rest);
        let (field, expected) = words
            .split_first()
            .map(|(f, e)| (*f, e.to_vec()))
            .unwrap_or(("", vec![]));
        let hint = match did_you_mean(field, expected.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("the fields allowed here are: {}", expected.join(", ")),
        };
        return Diagnostic::error("unknown-field", format!("unknown field `{field}`"))
            .at(source, span, "not a field here")
            .hint(hint);
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let words = backticked(rest);
        let (value, expected) = words
            .split_first()
            .map(|(f, e)| (*f, e.to_vec()))
            .unwrap_or(("", vec![]));
        let hint = match did_you_mean(value, expected.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("use one of: {}", expected.join(", ")),
        };
        return Diagnostic::error("unknown-value", format!("`{value}` is not allowed here"))
            .at(source, span, "not one of the allowed values")
            .hint(hint);
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        let field = backticked(rest)
            .first()
            .copied()
            .unwrap_or(rest)
            .to_string();
        return Diagnostic::error("missing-field", format!("missing required field `{field}`"))
            .at(source, span, format!("`{field}` is missing in this table"))
            .hint(format!("add `{field} = ...` to this table"));
    }
    if message.starts_with("invalid type") {
        let hint = if message.contains("expected a boolean") {
            "write true or false, without quotes"
        } else if ["expected usize", "expected i64", "expected u"]
            .iter()
            .any(|e| message.contains(e))
        {
            "write a whole number, without quotes"
        } else {
            "strings are written in double quotes, lists in [brackets]"
        };
        return Diagnostic::error("wrong-type", message.to_string())
            .at(source, span, "wrong type")
            .hint(hint);
    }
    Diagnostic::error("invalid-value", message.to_string()).at(source, span, "here")
}

/// What the good fields of a value make, its mistakes reported.
pub fn partial<T: DeserializeOwned>(
    value: Spanned<DeValue<'_>>,
    source: SourceId,
    diags: &mut Diagnostics,
) -> Option<T> {
    deserialize_all(value, source, diags).map(|(v, _)| v)
}

/// Pushes a value that was read; whether there was one.
pub fn push_some<T>(list: &mut Vec<T>, v: Option<T>) -> bool {
    let read = v.is_some();
    list.extend(v);
    read
}

/// The `id = "…"` of an annotation table, read before the table is deserialized, so that
/// an annotation dropped for a mistake still tells which links follow from that mistake.
pub fn written_id(item: &Spanned<DeValue<'_>>) -> Option<String> {
    let DeValue::Table(t) = item.get_ref() else {
        return None;
    };
    t.iter()
        .find_map(|(k, v)| match (k.get_ref().as_ref(), v.get_ref()) {
            ("id", DeValue::String(s)) => Some(s.to_string()),
            _ => None,
        })
}
