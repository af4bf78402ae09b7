//! Search normalisation: how a word in an article and a word a reader types become the same
//! key. The steps are, in order: [`fold`] (case, diacritics, a few letters with no
//! decomposition), [`variant`] (British spellings to American ones), then the Snowball English
//! stemmer (Porter2). `static/search.js` mirrors `fold` and `variant` exactly (a test runs both
//! on the same words); it never stems: the index maps every word form it holds to its stem.

use std::borrow::Cow;
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Words too common to be worth indexing; the script skips them in queries too.
pub const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "but", "by", "can", "could", "did", "do", "does", "for", "from", "had", "has", "have", "he",
    "her", "his", "if", "in", "into", "is", "it", "its", "more", "no", "not", "of", "on", "or",
    "our", "over", "she", "so", "such", "than", "that", "the", "their", "them", "then", "there",
    "these", "they", "this", "those", "to", "was", "we", "were", "what", "when", "which", "while",
    "who", "will", "with", "would", "you",
];

/// Whether `c` belongs to a word: letters, digits and combining marks (so a decomposed accent
/// does not split a word). The script's tokenizer is `/[\p{L}\p{N}\p{M}]+/gu`.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// The words of `text`, as written.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
}

/// Lowercase, without diacritics: "Sergéj" → "sergej", "Straße" → "strasse".
pub fn fold(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(word.len());
    for c in word.to_lowercase().nfd().filter(|&c| !is_combining_mark(c)) {
        match c {
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ø' => out.push('o'),
            'ł' => out.push('l'),
            'đ' | 'ð' => out.push('d'),
            'þ' => out.push_str("th"),
            'ı' => out.push('i'),
            c => out.push(c),
        }
    }
    out
}

/// Whole words spelled differently in British and American English (British first).
const WORD_VARIANTS: &[(&str, &str)] = &[
    ("acknowledgement", "acknowledgment"),
    ("ageing", "aging"),
    ("cheque", "check"),
    ("grey", "gray"),
    ("judgement", "judgment"),
    ("manoeuvre", "maneuver"),
    ("plough", "plow"),
    ("programme", "program"),
    ("programmes", "programs"),
    ("sceptic", "skeptic"),
    ("sceptical", "skeptical"),
    ("tyre", "tire"),
];

/// Suffixes an `-our` word may carry ("colourful", "favourite").
const OUR_TAILS: &[&str] = &[
    "", "s", "ed", "ing", "ite", "ites", "able", "ably", "er", "ers", "ful", "less", "hood",
    "hoods", "ism", "ist", "ists",
];
/// `-our` words whose American form keeps it.
const OUR_KEEP: &[&str] = &["cont", "det", "dev", "param", "troubad"];
/// Suffixes after `-is`/`-ys` that make the `-ise`/`-yse` spelling ("organisation").
const ISE_TAILS: &[&str] = &[
    "e", "ed", "es", "ing", "er", "ers", "ation", "ations", "ational",
];
/// Suffixes after the doubled `l` of "cancelled", "travelling", "modeller".
const LL_TAILS: &[&str] = &["ed", "ing", "er", "ers"];

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

fn vowel_groups(s: &[u8]) -> usize {
    let mut n = 0;
    let mut prev = false;
    for &c in s {
        let v = is_vowel(c);
        if v && !prev {
            n += 1;
        }
        prev = v;
    }
    n
}

/// British spellings to American ones, on a folded word: "cancelled" → "canceled",
/// "behaviour" → "behavior", "organise" → "organize", "analyse" → "analyze",
/// "centre" → "center", "defence" → "defense", "catalogue" → "catalog". The rules may also
/// touch words that have no variant ("promise" → "promize"): harmless, since queries and
/// the index go through the same rules, and no two real words are merged.
pub fn variant(w: &str) -> Cow<'_, str> {
    if let Some((_, us)) = WORD_VARIANTS.iter().find(|(uk, _)| *uk == w) {
        return Cow::Borrowed(us);
    }
    // cancelled → canceled: a doubled l after a vowel, in a word of two syllables or more.
    for tail in LL_TAILS {
        if let Some(base) = w.strip_suffix(tail).and_then(|s| s.strip_suffix("ll"))
            && base.chars().count() >= 3
            && is_vowel(*base.as_bytes().last().unwrap_or(&b'x'))
            && vowel_groups(base.as_bytes()) >= 2
        {
            return Cow::Owned(format!("{base}l{tail}"));
        }
    }
    for tail in OUR_TAILS {
        if let Some(base) = w.strip_suffix(tail).and_then(|s| s.strip_suffix("our"))
            && (base.chars().count() >= 3 || base == "od")
            && !OUR_KEEP.contains(&base)
        {
            return Cow::Owned(format!("{base}or{tail}"));
        }
    }
    for tail in ISE_TAILS {
        for (uk, us) in [("is", "iz"), ("ys", "yz")] {
            if let Some(base) = w.strip_suffix(tail).and_then(|s| s.strip_suffix(uk))
                && base.chars().count() >= 2
            {
                return Cow::Owned(format!("{base}{us}{tail}"));
            }
        }
    }
    // centre → center, fibres → fibers, centred → centered.
    for (uk, us) in [
        ("tre", "ter"),
        ("tres", "ters"),
        ("tred", "tered"),
        ("bre", "ber"),
        ("bres", "bers"),
    ] {
        if let Some(base) = w.strip_suffix(uk)
            && base.chars().count() >= 2
        {
            return Cow::Owned(format!("{base}{us}"));
        }
    }
    for stem in ["def", "off", "pret", "lic"] {
        for (uk, us) in [("ence", "ense"), ("ences", "enses")] {
            if w.len() == stem.len() + uk.len() && w.starts_with(stem) && w.ends_with(uk) {
                return Cow::Owned(format!("{stem}{us}"));
            }
        }
    }
    for (uk, us) in [("ogue", "og"), ("ogues", "ogs")] {
        if let Some(base) = w.strip_suffix(uk)
            && base.chars().count() >= 3
        {
            return Cow::Owned(format!("{base}{us}"));
        }
    }
    Cow::Borrowed(w)
}

/// A folded word as the index and the script key it: [`fold`], then [`variant`]. The index
/// maps each such form to its [`stem`].
pub fn surface(word: &str) -> String {
    let f = fold(word);
    match variant(&f) {
        Cow::Borrowed(v) if std::ptr::eq(v, f.as_str()) => f,
        v => v.into_owned(),
    }
}

/// The Snowball English (Porter2) stem of a surface form: "talks" → "talk".
pub fn stem(surface: &str) -> String {
    static STEMMER: OnceLock<rust_stemmers::Stemmer> = OnceLock::new();
    STEMMER
        .get_or_init(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English))
        .stem(surface)
        .into_owned()
}

/// The key of a word as written: what the index files it under.
pub fn key(word: &str) -> String {
    stem(&surface(word))
}

/// Whether a surface form is worth indexing: not a stop word, and more than one character.
pub fn indexable(surface: &str) -> bool {
    static STOP: OnceLock<std::collections::HashSet<&str>> = OnceLock::new();
    let stop = STOP.get_or_init(|| STOP_WORDS.iter().copied().collect());
    surface.chars().nth(1).is_some() && !stop.contains(surface)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_and_diacritics() {
        assert_eq!(fold("Lavrov"), "lavrov");
        assert_eq!(fold("LAVROV"), "lavrov");
        assert_eq!(fold("Sergéj"), "sergej");
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("Straße"), "strasse");
        // Decomposed input (e + combining acute) folds like the composed form.
        assert_eq!(fold("Se\u{301}rgei"), fold("Sérgei"));
        assert_eq!(key("Ryabkóv"), key("ryabkov"));
        let w: Vec<&str> = words("Sergei Lavrov's “talks”, 2025—and Se\u{301}rgei").collect();
        assert_eq!(
            w,
            [
                "Sergei",
                "Lavrov",
                "s",
                "talks",
                "2025",
                "and",
                "Se\u{301}rgei"
            ]
        );
    }

    #[test]
    fn stems() {
        assert_eq!(key("talks"), key("talk"));
        assert_eq!(key("talked"), key("talk"));
        assert_eq!(key("consultations"), key("consultation"));
        assert_eq!(key("embassies"), key("embassy"));
        assert_eq!(key("postponed"), key("postpone"));
        assert_ne!(key("talk"), key("tall"));
    }

    #[test]
    fn british_and_american_spellings() {
        for (uk, us) in [
            ("cancelled", "canceled"),
            ("cancelling", "canceling"),
            ("travelled", "traveled"),
            ("behaviour", "behavior"),
            ("colourful", "colorful"),
            ("favourite", "favorite"),
            ("odour", "odor"),
            ("organise", "organize"),
            ("organisation", "organization"),
            ("recognised", "recognized"),
            ("analyse", "analyze"),
            ("centre", "center"),
            ("centred", "centered"),
            ("defence", "defense"),
            ("catalogue", "catalog"),
            ("programme", "program"),
            ("judgement", "judgment"),
            ("grey", "gray"),
        ] {
            assert_eq!(surface(uk), surface(us), "{uk} / {us}");
            assert_eq!(key(uk), key(us), "{uk} / {us}");
        }
        // Inflections meet across spellings too.
        assert_eq!(key("Cancelled"), key("cancel"));
        assert_eq!(key("cancellation"), key("cancel"));
        // Words that only look like a variant are left alone, and stay apart.
        for w in [
            "four", "hour", "your", "tour", "contour", "called", "filled", "rogue", "this",
        ] {
            assert_eq!(surface(w), w);
        }
        assert_ne!(key("filled"), key("filed"));
    }

    #[test]
    fn stop_words_and_short_words_are_not_indexed() {
        assert!(!indexable("the"));
        assert!(!indexable("s"));
        assert!(indexable("talks"));
        assert!(indexable("us"));
    }
}
