//! What quote matching ignores, and what it names when a quote still does not match.
//!
//! Articles copied from the web carry differences a reader cannot see: accents stored as a
//! letter plus a combining mark (NFD) or as one character (NFC), soft hyphens and zero-width
//! characters, typographic ligatures (`ﬁ`), non-breaking and other Unicode spaces, curly
//! quotes. [`normalise_into`] folds all of these, one source character cluster at a time, and
//! tells its caller which source bytes each output byte came from, so a match in the
//! normalised text maps back to the original text exactly. [`lookalikes`] names the visible
//! but deceptive differences it does not fold (a Cyrillic `о` in a Latin word, a
//! non-breaking hyphen), for the orphan-quote diagnostic.

use std::ops::Range;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

/// Characters that take no room and are dropped before matching: soft hyphen, zero-width
/// space, non-joiner and joiner, word joiner, Mongolian vowel separator, byte-order mark.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{180E}' | '\u{FEFF}'
    )
}

/// Typographic ligatures, expanded to their letters (their NFKC form; NFKC is applied to
/// these only, as it would also fold distinctions that matter, such as superscripts).
fn is_ligature(c: char) -> bool {
    matches!(c, '\u{FB00}'..='\u{FB06}' | '\u{0132}' | '\u{0133}' | '\u{01C4}'..='\u{01CC}')
}

/// One character's normalised form: typographic quotes become straight ones, every kind of
/// whitespace becomes a space.
fn simple(c: char) -> char {
    match c {
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => '"',
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => '\'',
        c if c.is_whitespace() => ' ',
        c => c,
    }
}

/// Whitespace among ASCII characters, as [`char::is_whitespace`] has it (which, unlike
/// [`u8::is_ascii_whitespace`], counts the vertical tab).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// Told, as [`normalise_into`] appends to its output, which source bytes each piece came from.
pub trait Origins {
    /// `pushed` bytes were appended, all from the character cluster `src`.
    fn cluster(&mut self, pushed: usize, src: Range<usize>);
    /// Bytes were appended one for one from the bytes `src` (part of an ASCII word).
    fn copied(&mut self, src: Range<usize>);
}

/// Origins not wanted (normalising a selector).
impl Origins for () {
    fn cluster(&mut self, _: usize, _: Range<usize>) {}
    fn copied(&mut self, _: Range<usize>) {}
}

/// One `(start, len)` source range per output byte: how [`crate::anchor::ArticleText`] maps
/// a match in the normalised text back to the text the reader sees. (`u32` halves the map,
/// which is as long as the text; an article is far below 4 GB.)
impl Origins for Vec<(u32, u32)> {
    fn cluster(&mut self, pushed: usize, src: Range<usize>) {
        let from = (src.start as u32, src.len() as u32);
        self.extend(std::iter::repeat_n(from, pushed));
    }
    fn copied(&mut self, src: Range<usize>) {
        // One extend of the whole word: filled a byte at a time, this map showed in the
        // profile of `check`.
        self.extend((src.start as u32..src.end as u32).map(|p| (p, 1)));
    }
}

/// Normalises `text` onto `out`: NFC, invisible characters dropped, ligatures expanded,
/// quotes straightened, runs of whitespace collapsed to one space (none at the start).
/// `map` is told of every piece appended, which bytes of `text` it came from. A combining
/// sequence maps as a whole, so a match can never start or end inside one.
pub fn normalise_into(text: &str, out: &mut String, map: &mut impl Origins) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Most text is ASCII: an ASCII byte not followed by a combining mark (which would
        // join its cluster) is a cluster of its own, and only whitespace changes. So a run of
        // ASCII bytes, less its last when something else follows, is copied a word at a
        // time (the profile's largest entry of analysing text was this loop done a
        // character at a time).
        let run = ascii_prefix(&bytes[i..]);
        let run = if i + run < bytes.len() {
            run.saturating_sub(1)
        } else {
            run
        };
        if run > 0 {
            ascii_into(&text[i..i + run], i, out, map);
            i += run;
            continue;
        }
        // A cluster: this character and the combining marks that follow it.
        let c = text[i..]
            .chars()
            .next()
            .expect("i is at a character boundary");
        let mut end = i + c.len_utf8();
        while let Some(next) = text[end..].chars().next() {
            if next.is_ascii() || canonical_combining_class(next) == 0 {
                break;
            }
            end += next.len_utf8();
        }
        for n in text[i..end].nfc() {
            if is_invisible(n) {
                continue;
            }
            if is_ligature(n) {
                for l in std::iter::once(n).nfkc() {
                    push_char(l, i..end, out, map);
                }
            } else {
                push_char(n, i..end, out, map);
            }
        }
        i = end;
    }
}

/// Appends one normalised character `c` that came from `src`, but no space at the start or
/// after a space.
fn push_char(c: char, src: Range<usize>, out: &mut String, map: &mut impl Origins) {
    let c = simple(c);
    if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
        return;
    }
    out.push(c);
    map.cluster(c.len_utf8(), src);
}

/// How many bytes `b` starts with are ASCII, found eight at a time.
fn ascii_prefix(b: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut n = 0;
    while let Some(w) = b.get(n..n + 8) {
        if u64::from_le_bytes(w.try_into().expect("eight bytes")) & HIGH != 0 {
            break;
        }
        n += 8;
    }
    n + b[n..].iter().take_while(|b| b.is_ascii()).count()
}

/// How many bytes, a multiple of eight, ASCII `b` starts with that need no folding: no
/// whitespace but single spaces, the last of them followed by something else. Eight bytes
/// are tested at once (this loop a byte at a time was three quarters of normalising); the
/// tests may flag a byte that needs nothing, which only ends the count early.
fn plain_words(b: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut n = 0;
    while let Some(w) = b.get(n..n + 8) {
        let w = u64::from_le_bytes(w.try_into().expect("eight bytes"));
        // Bytes below 0x20: every ASCII whitespace byte but the space.
        let low = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
        // Spaces: the bytes that are zero once every byte is XORed with a space.
        let x = w ^ (ONES * 0x20);
        let spaces = x.wrapping_sub(ONES) & !x & HIGH;
        let last_space = spaces >> 63 == 1;
        let next_space = b.get(n + 8).is_none_or(|&c| is_ascii_space(c));
        if low != 0 || spaces & (spaces >> 8) != 0 || (last_space && next_space) {
            break;
        }
        n += 8;
    }
    n
}

/// Appends `run`, ASCII text found at byte `at` of the source, with its whitespace folded as
/// [`push_char`] folds it, each byte mapped on its own. A stretch that needs no folding
/// (words with single spaces between them, the bulk of any text) is appended whole.
fn ascii_into(run: &str, at: usize, out: &mut String, map: &mut impl Origins) {
    let b = run.as_bytes();
    let mut k = 0;
    while k < b.len() {
        if is_ascii_space(b[k]) {
            if !(out.is_empty() || out.ends_with(' ')) {
                out.push(' ');
                map.cluster(1, at + k..at + k + 1);
            }
            k += 1;
            continue;
        }
        let stretch = k;
        loop {
            k += plain_words(&b[k..]);
            match b.get(k) {
                Some(b' ') if b.get(k + 1).is_some_and(|&c| !is_ascii_space(c)) => k += 1,
                Some(&c) if !is_ascii_space(c) => k += 1,
                _ => break,
            }
        }
        out.push_str(&run[stretch..k]);
        map.copied(at + stretch..at + k);
    }
}

/// Normalises a selector string the way article text is normalised, trimmed at both ends.
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalise_into(s, &mut out, &mut ());
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Characters that look like others but do not match them, with their names.
const LOOKALIKES: [(char, &str); 11] = [
    ('\u{2010}', "a Unicode hyphen"),
    ('\u{2011}', "a non-breaking hyphen"),
    ('\u{2012}', "a figure dash"),
    ('\u{2013}', "an en dash"),
    ('\u{2014}', "an em dash"),
    ('\u{2212}', "a minus sign"),
    ('\u{2026}', "an ellipsis character"),
    ('\u{00B4}', "an acute accent used as an apostrophe"),
    ('\u{02BC}', "a modifier-letter apostrophe"),
    ('\u{FF0C}', "a full-width comma"),
    ('\u{3000}', "an ideographic space"),
];

/// The script of a letter, as far as telling lookalikes apart needs.
fn script(c: char) -> Option<&'static str> {
    match c {
        'a'..='z' | 'A'..='Z' | '\u{00C0}'..='\u{024F}' => Some("Latin"),
        '\u{0370}'..='\u{03FF}' => Some("Greek"),
        '\u{0400}'..='\u{04FF}' => Some("Cyrillic"),
        _ => None,
    }
}

/// Names the deceptive characters of `text`: lookalike punctuation, and letters of another
/// script inside a word (a Cyrillic `о` in `Harbоur`). Each is described with the word it
/// stands in, e.g. "a Cyrillic letter `о` (U+043E) inside 'Harbоur'".
pub fn lookalikes(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in text.split(|c: char| c.is_whitespace()) {
        let mut latin = 0;
        let mut other = 0;
        for c in word.chars() {
            match script(c) {
                Some("Latin") => latin += 1,
                Some(_) => other += 1,
                None => {}
            }
        }
        // In a word of mixed scripts, the letters of the rarer script are the odd ones out.
        let odd = |s: &str| latin > 0 && other > 0 && ((s == "Latin") == (latin < other));
        for c in word.chars() {
            let name = match (script(c), LOOKALIKES.iter().find(|(l, _)| *l == c)) {
                (_, Some((_, name))) => name.to_string(),
                (Some(s), None) if odd(s) => format!("a {s} letter `{c}`"),
                _ => continue,
            };
            let shown: String = word.chars().take(40).collect();
            out.push(format!("{name} (U+{:04X}) inside '{shown}'", c as u32));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The deceptive differences between a quote and the passage closest to it: what one has
/// that the other does not, each said of the side that has it.
pub fn differences(quote: &str, passage: &str) -> Vec<String> {
    let q = lookalikes(quote);
    let p = lookalikes(passage);
    let mut out: Vec<String> = p
        .iter()
        .filter(|d| !q.contains(d))
        .map(|d| format!("the article has {d}"))
        .collect();
    out.extend(
        q.iter()
            .filter(|d| !p.contains(d))
            .map(|d| format!("the quote has {d}")),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_what_a_reader_cannot_see() {
        let nfd = "Ine\u{0300}s";
        assert_eq!(normalise(nfd), "In\u{e8}s");
        assert_eq!(normalise("negoti\u{ad}ations"), "negotiations");
        assert_eq!(
            normalise("zero\u{200b}width\u{feff} join\u{200d}er"),
            "zerowidth joiner"
        );
        assert_eq!(normalise("\u{fb01}nal \u{fb02}ow"), "final flow");
        assert_eq!(normalise("a\u{a0}b\u{202f}c\u{2009}d"), "a b c d");
        assert_eq!(normalise(" \u{201C}very\n soon\u{201D} "), "\"very soon\"");
    }

    #[test]
    fn maps_every_output_byte_to_its_source() {
        let text = "Ine\u{0300}s \u{fb01}x\u{ad}y";
        let (out, src) = mapped(text);
        assert_eq!(out, "In\u{e8}s fixy");
        assert_eq!(src.len(), out.len());
        // `è` (2 bytes) came from `e` + U+0300 (3 bytes).
        assert_eq!(src[2], 2..5);
        assert_eq!(&text[src[2].clone()], "e\u{0300}");
        // Both letters of the ligature came from the ligature.
        assert_eq!(&text[src[6].clone()], "\u{fb01}");
        assert_eq!(&text[src[7].clone()], "\u{fb01}");
    }

    /// `text` normalised, with the source range of each output byte.
    fn mapped(text: &str) -> (String, Vec<Range<usize>>) {
        let (mut out, mut map) = (String::new(), Vec::<(u32, u32)>::new());
        normalise_into(text, &mut out, &mut map);
        let src = map.iter().map(|&(s, n)| s as usize..(s + n) as usize);
        (out, src.collect())
    }

    /// The normalisation one source character cluster at a time, with no fast path for ASCII
    /// runs: what `normalise_into` must equal.
    fn by_cluster(text: &str) -> (String, Vec<Range<usize>>) {
        let (mut out, mut map) = (String::new(), Vec::<(u32, u32)>::new());
        let mut i = 0;
        while i < text.len() {
            let c = text[i..].chars().next().expect("a boundary");
            let mut end = i + c.len_utf8();
            while let Some(next) = text[end..].chars().next() {
                if next.is_ascii() || canonical_combining_class(next) == 0 {
                    break;
                }
                end += next.len_utf8();
            }
            for n in text[i..end].nfc().filter(|n| !is_invisible(*n)) {
                let expanded: Vec<char> = if is_ligature(n) {
                    std::iter::once(n).nfkc().collect()
                } else {
                    vec![n]
                };
                for l in expanded {
                    push_char(l, i..end, &mut out, &mut map);
                }
            }
            i = end;
        }
        let src = map.iter().map(|&(s, n)| s as usize..(s + n) as usize);
        (out, src.collect())
    }

    proptest::proptest! {
        #[test]
        fn ascii_runs_fold_as_single_clusters_would(
            text in "([a-z \t\n\x0b\x0c\r\"'.]{0,6}|e\u{301}|\u{fb01}|\u{ad}|\u{a0}|\u{201c}|\u{300}){0,12}"
        ) {
            proptest::prop_assert_eq!(mapped(&text), by_cluster(&text));
        }

        /// Long stretches of words and spaces, where eight bytes are taken at a time.
        #[test]
        fn stretches_of_words_fold_as_single_clusters_would(
            text in "([a-z!]{1,9}( {1,2}|[\t\n])){0,12}[a-z ]{0,3}"
        ) {
            proptest::prop_assert_eq!(mapped(&text), by_cluster(&text));
        }
    }

    #[test]
    fn names_lookalikes() {
        let d = differences("the Old Harbour Bridge", "the Old Harb\u{43e}ur Bridge");
        assert_eq!(
            d,
            ["the article has a Cyrillic letter `\u{43e}` (U+043E) inside 'Harb\u{43e}ur'"]
        );
        let d = differences("state\u{2011}owned", "state-owned");
        assert_eq!(
            d,
            ["the quote has a non-breaking hyphen (U+2011) inside 'state\u{2011}owned'"]
        );
        assert!(differences("Москва", "Москва").is_empty());
    }
}
