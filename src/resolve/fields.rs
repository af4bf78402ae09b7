//! Field-level helpers: dates, slugs, and content hashes for anchor ids.

use crate::date::{EventDate, PartialDate};
use crate::diagnostics::{Diagnostic, Diagnostics, SourceId};
use crate::load::date_text;
use toml::Spanned;

/// Folds the Latin letters with diacritics that transliterations drop (`Inès` → `Ines`).
fn fold_diacritic(c: char) -> char {
    const FROM: &str = "àáâãäåāăąçćčďđèéêëēėęěìíîïīįıñńňòóôõöøōőùúûüūůűųýÿžźżšśşřŕľĺłťţğ";
    const TO: &str = "aaaaaaaaacccddeeeeeeeeiiiiiiinnnoooooooouuuuuuuuyyzzzsssrrlllttg";
    FROM.chars()
        .position(|f| f == c)
        .and_then(|i| TO.chars().nth(i))
        .unwrap_or(c)
}

/// `Alexander Darchiyev` → `alexander-darchiyev`; `Inès Okafor` → `ines-okafor`.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase).map(fold_diacritic) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Parses a date field, reporting a malformed or impossible date at its span.
pub(super) fn parse_date(
    v: &Spanned<toml::Value>,
    src: SourceId,
    diags: &mut Diagnostics,
) -> Option<PartialDate> {
    parse_with(v, src, diags, PartialDate::parse, "")
}

/// Parses an event's date, which may be approximate, a range or bounded ([`EventDate`]),
/// reporting a malformed one at its span.
pub(super) fn parse_event_date(
    v: &Spanned<toml::Value>,
    src: SourceId,
    diags: &mut Diagnostics,
) -> Option<EventDate> {
    parse_with(
        v,
        src,
        diags,
        EventDate::parse,
        "; an event's date may also be \"~2008-08-02\" (about), \"2008-08-02/2008-08-03\" (between) or \"before 2008-08-04\"",
    )
}

fn parse_with<T>(
    v: &Spanned<toml::Value>,
    src: SourceId,
    diags: &mut Diagnostics,
    parse: fn(&str) -> Result<T, crate::date::DateError>,
    more_forms: &str,
) -> Option<T> {
    let Some(text) = date_text(v) else {
        diags.push(
            Diagnostic::error("bad-date", "a date must be a string such as \"2025-06-16\"")
                .at(src, v.span(), "not a date")
                .hint(format!(
                    "write dates as \"YYYY-MM-DD\", \"YYYY-MM\" or \"YYYY\"{more_forms}"
                )),
        );
        return None;
    };
    match parse(&text) {
        Ok(d) => Some(d),
        Err(e) => {
            diags.push(
                Diagnostic::error("bad-date", e.message)
                    .at(src, v.span(), "invalid date")
                    .hint(e.hint),
            );
            None
        }
    }
}

/// Parses `published`: a (partial) date, or an RFC 3339 date-time whose local date is used.
pub(super) fn parse_published(
    v: &Spanned<toml::Value>,
    src: SourceId,
    diags: &mut Diagnostics,
) -> Option<(PartialDate, Option<String>)> {
    if let Some(text) = date_text(v)
        && text.contains('T')
    {
        return match chrono::DateTime::parse_from_rfc3339(&text) {
            Ok(dt) => {
                use chrono::Datelike;
                let d = PartialDate::ymd(dt.year(), dt.month() as u8, dt.day() as u8);
                Some((d, Some(dt.format("%H:%M (UTC%:z)").to_string())))
            }
            Err(e) => {
                diags.push(
                    Diagnostic::error(
                        "bad-date",
                        format!("`{text}` is not a valid date-time: {e}"),
                    )
                    .at(src, v.span(), "invalid date-time")
                    .hint("write a date-time as 2025-04-08T22:47:00+10:00, with its UTC offset"),
                );
                None
            }
        };
    }
    parse_date(v, src, diags).map(|d| (d, None))
}

/// A short stable hash (FNV-1a), for anchor ids derived from an annotation's content.
pub(super) fn short_hash(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    format!("{:06x}", h & 0xff_ffff)
}

/// A long passage shown in a message: its start and end, the middle elided.
pub(super) fn elide(text: &str) -> String {
    let n = text.chars().count();
    if n <= 200 {
        return text.to_string();
    }
    let head: String = text.chars().take(120).collect();
    let tail: String = text.chars().skip(n - 60).collect();
    format!("{head} … {tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_folds_case_punctuation_and_diacritics() {
        assert_eq!(slugify("Alexander Darchiyev"), "alexander-darchiyev");
        assert_eq!(slugify("Inès Okafor"), "ines-okafor");
        assert_eq!(slugify("  Łukasz  Żółć! "), "lukasz-zolc");
    }
}
