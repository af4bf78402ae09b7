//! The passage picker: from the text a reader selected on an article page to the annotation
//! to paste into the article's `.toml`.
//!
//! The selector is computed with the anchoring code that checks annotations
//! ([`ArticleText::anchor`]): the quote as the article reads it, and a `prefix`, `suffix` or
//! `occurrence` only when the quote occurs more than once, each one verified to anchor to the
//! selected passage before it is offered.

use crate::anchor::{AnchorError, ArticleText, Query};
use crate::site::{AnnKind, Article, Site, Speaker, Target};
use std::ops::Range;

/// The longest prefix or suffix offered, in words; beyond it `occurrence` is clearer.
const MAX_CONTEXT_WORDS: usize = 8;

/// A selector that anchors to exactly one passage.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Selector {
    pub quote: String,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    /// 1-based.
    pub occurrence: Option<usize>,
}

impl Selector {
    /// The selector as the anchoring code takes it.
    pub fn query(&self) -> Query<'_> {
        Query {
            quote: &self.quote,
            prefix: self.prefix.as_deref(),
            suffix: self.suffix.as_deref(),
            occurrence: self.occurrence.map(|n| n as i64),
        }
    }
}

/// What the picker found for a selection.
#[derive(Debug)]
pub struct Picked {
    pub selector: Selector,
    /// The passage, as a byte range of the article's plain text.
    pub range: Range<usize>,
    /// How many times the quote occurs in the article.
    pub count: usize,
}

/// Finds the selected passage and the shortest selector for it.
///
/// `at` is where the selection starts, counted in non-whitespace characters of the article
/// text (whitespace differs between the browser's text and the Markdown's, characters do
/// not); among repeated passages it chooses the nearest.
pub fn pick(text: &ArticleText, selection: &str, at: Option<usize>) -> Result<Picked, String> {
    let all = match text.anchor(&Query {
        quote: selection,
        ..Query::default()
    }) {
        Ok(r) => vec![r],
        Err(AnchorError::Ambiguous { at }) => at,
        Err(AnchorError::Empty) => return Err("Select some words of the article.".into()),
        Err(_) => {
            return Err(
                "The selection is not the article's text as written: select within \
                        the article, without headings above it or sidenotes."
                    .into(),
            );
        }
    };
    let index = match at {
        Some(at) => (0..all.len())
            .min_by_key(|&i| nonspace_before(&text.plain, all[i].start).abs_diff(at))
            .unwrap_or(0),
        None => 0,
    };
    let range = all[index].clone();
    let mut selector = Selector {
        quote: collapse(&text.plain[range.clone()]),
        ..Selector::default()
    };
    if all.len() > 1 {
        disambiguate(text, &mut selector, &range, index);
    }
    match text.anchor(&selector.query()) {
        Ok(r) if r == range => Ok(Picked {
            selector,
            range,
            count: all.len(),
        }),
        other => Err(format!(
            "no selector found for this passage ({other:?}); please report this"
        )),
    }
}

/// Adds the shortest prefix or suffix (in words) that picks `range` out of the passages equal
/// to it, or else its occurrence number.
fn disambiguate(text: &ArticleText, sel: &mut Selector, range: &Range<usize>, index: usize) {
    let before: Vec<&str> = text.plain[..range.start].split_whitespace().collect();
    let after: Vec<&str> = text.plain[range.end..].split_whitespace().collect();
    let quote = sel.quote.clone();
    let picks = |prefix: Option<&str>, suffix: Option<&str>| {
        let q = Query {
            quote: &quote,
            prefix,
            suffix,
            occurrence: None,
        };
        text.anchor(&q).as_ref() == Ok(range)
    };
    for n in 1..=MAX_CONTEXT_WORDS {
        if let Some(words) = before.len().checked_sub(n).map(|i| &before[i..]) {
            let prefix = words.join(" ");
            if picks(Some(&prefix), None) {
                sel.prefix = Some(prefix);
                return;
            }
        }
        if let Some(words) = after.get(..n) {
            let suffix = words.join(" ");
            if picks(None, Some(&suffix)) {
                sel.suffix = Some(suffix);
                return;
            }
        }
    }
    sel.occurrence = Some(index + 1);
}

fn nonspace_before(s: &str, at: usize) -> usize {
    s[..at].chars().filter(|c| !c.is_whitespace()).count()
}

/// Whitespace runs (line breaks of PDF copies included) as one space, trimmed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A TOML string literal.
fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The selector's lines of an annotation.
fn selector_lines(sel: &Selector) -> String {
    let mut out = format!("quote = {}\n", toml_str(&sel.quote));
    if let Some(p) = &sel.prefix {
        out.push_str(&format!("prefix = {}\n", toml_str(p)));
    }
    if let Some(s) = &sel.suffix {
        out.push_str(&format!("suffix = {}\n", toml_str(s)));
    }
    if let Some(n) = sel.occurrence {
        out.push_str(&format!("occurrence = {n}\n"));
    }
    out
}

/// One annotation to paste, of one kind.
#[derive(Debug, serde::Serialize)]
pub struct Snippet {
    pub kind: &'static str,
    pub toml: String,
}

/// The annotation of each kind (mention, quote, event, note) for a picked passage, with the
/// fields to fill in. Where the site suggests a value (a registry entry named exactly like the
/// quote; the last person named before the passage) it is filled in, with a comment.
pub fn snippets(picked: &Picked, site: &Site, article: &Article) -> Vec<Snippet> {
    let sel = selector_lines(&picked.selector);
    let mention = match named(site, &picked.selector.quote) {
        Some((field, id)) => format!("{field} = {}   # named so in the registry\n", toml_str(id)),
        None => "person = \"\"   # or issue, event, outlet: the id of whom or what it names\n"
            .to_string(),
    };
    let speaker = match last_person_before(site, article, picked.range.start) {
        Some(id) => format!(
            "speaker = {}   # the last person named before the passage: check\n",
            toml_str(id)
        ),
        None => "speaker = \"\"   # the id of the person speaking\n".to_string(),
    };
    vec![
        Snippet {
            kind: "mention",
            toml: format!("[[mention]]\n{sel}{mention}"),
        },
        Snippet {
            kind: "quote",
            toml: format!(
                "[[quote]]\n{sel}{speaker}# said = \"YYYY-MM-DD\"   # if not the publication date\n"
            ),
        },
        Snippet {
            kind: "event",
            toml: format!(
                "[[event]]\n{sel}event = \"\"   # an id from events.toml; or, for an event of \
                 this article only, title, date and status instead\n"
            ),
        },
        Snippet {
            kind: "note",
            toml: format!(
                "[[note]]\n{sel}kind = \"context\"   # context | contradiction | correction | \
                 question | translation | update | other\nbody = \"\"\n"
            ),
        },
    ]
}

/// A sentence on how the selector was chosen.
pub fn explain(picked: &Picked) -> String {
    let s = &picked.selector;
    let how = if s.prefix.is_some() {
        "the prefix (the words just before) picks this one"
    } else if s.suffix.is_some() {
        "the suffix (the words just after) picks this one"
    } else if let Some(n) = s.occurrence {
        return format!(
            "This passage occurs {} times; it is occurrence {n} in reading order.",
            picked.count
        );
    } else {
        return "This passage occurs once in the article.".into();
    };
    format!("This passage occurs {} times; {how}.", picked.count)
}

/// The registry entry whose name (or alias, or title) is the quote, ignoring case.
fn named<'s>(site: &'s Site, quote: &str) -> Option<(&'static str, &'s str)> {
    let q = crate::anchor::normalise(quote).to_lowercase();
    let is = |name: &str| crate::anchor::normalise(name).to_lowercase() == q;
    let person = site
        .people
        .iter()
        .find(|p| is(&p.name) || p.aliases.iter().any(|a| is(a)));
    if let Some(p) = person {
        return Some(("person", &p.id));
    }
    if let Some(o) = site.outlets.iter().find(|o| is(&o.name)) {
        return Some(("outlet", &o.id));
    }
    if let Some(i) = site.issues.iter().find(|i| is(&i.title)) {
        return Some(("issue", &i.id));
    }
    site.events
        .iter()
        .take(site.registry_events)
        .find(|e| is(&e.title))
        .map(|e| ("event", e.id.as_str()))
}

/// The person of the mention or quote that ends last before `start`, if any.
fn last_person_before<'s>(site: &'s Site, article: &Article, start: usize) -> Option<&'s str> {
    article
        .annotations
        .iter()
        .filter(|a| a.range.end <= start)
        .filter_map(|a| match a.kind {
            AnnKind::Mention(Target::Person(p)) => Some((a.range.end, p)),
            AnnKind::Quote {
                speaker: Speaker::Person(p),
                ..
            } => Some((a.range.end, p)),
            _ => None,
        })
        .max_by_key(|&(end, _)| end)
        .map(|(_, p)| site.people[p].id.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MD: &str = "On Feb. 27 the talks began.\n\nThen on *Feb. 27* again, and on\nFeb. 27 \
                      once more. \u{201C}Soon,\u{201D} she said; soon, he said.";

    /// Parses a snippet back as TOML and anchors its selector: the round trip.
    fn anchors_back(text: &ArticleText, toml_text: &str) -> Range<usize> {
        let table: toml::Table = toml::from_str(toml_text).expect("the snippet is TOML");
        let (_, list) = table.iter().next().unwrap();
        let ann = &list.as_array().unwrap()[0];
        let get = |k: &str| ann.get(k).and_then(|v| v.as_str());
        let q = Query {
            quote: get("quote").unwrap(),
            prefix: get("prefix"),
            suffix: get("suffix"),
            occurrence: ann.get("occurrence").and_then(|v| v.as_integer()),
        };
        text.anchor(&q).expect("the snippet anchors")
    }

    #[test]
    fn unique_quotes_need_no_context() {
        let t = ArticleText::new(MD);
        let p = pick(&t, "the talks\n began", None).unwrap();
        assert_eq!(p.selector.quote, "the talks began");
        assert_eq!((p.selector.prefix.as_ref(), p.count), (None, 1));
        assert_eq!(&t.plain[p.range.clone()], "the talks began");
        // The quote reads as the article does: typographic quotes kept.
        let p = pick(&t, "\"Soon,\" she", None).unwrap();
        assert_eq!(p.selector.quote, "\u{201C}Soon,\u{201D} she");
    }

    #[test]
    fn repeated_quotes_get_the_shortest_context_that_works() {
        let t = ArticleText::new(MD);
        let second = nonspace_before(&t.plain, t.plain.find("Feb. 27 again").unwrap());
        let p = pick(&t, "Feb. 27", Some(second)).unwrap();
        assert_eq!(p.count, 3);
        // "on" comes before the second and the third: one word after is shorter than two before.
        assert_eq!(p.selector.suffix.as_deref(), Some("again,"));
        assert_eq!(p.range.start, t.plain.find("Feb. 27 again").unwrap());
        let third = nonspace_before(&t.plain, t.plain.find("Feb. 27 once").unwrap());
        let p = pick(&t, "Feb. 27", Some(third + 1)).unwrap();
        assert_eq!(p.selector.suffix.as_deref(), Some("once"));
        assert_eq!(p.range.start, t.plain.find("Feb. 27 once").unwrap());
        let first = pick(&t, "Feb. 27", Some(0)).unwrap();
        assert_eq!(first.selector.prefix.as_deref(), Some("On"));
    }

    #[test]
    fn falls_back_to_the_occurrence() {
        let t = ArticleText::new("x a x a x a");
        let p = pick(&t, "x a", Some(2)).unwrap();
        assert_eq!(p.selector.occurrence, Some(2), "{:?}", p.selector);
    }

    #[test]
    fn refuses_what_is_not_the_article() {
        let t = ArticleText::new(MD);
        assert!(
            pick(&t, "   ", None)
                .unwrap_err()
                .contains("Select some words")
        );
        assert!(
            pick(&t, "1 Feb. 27", None)
                .unwrap_err()
                .contains("not the article")
        );
    }

    #[test]
    fn every_snippet_round_trips_on_a_seed_article() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let md = std::fs::read_to_string(
            root.join("content/articles/moscow-times-2025-06-10-talks-very-soon.md"),
        )
        .unwrap();
        let t = ArticleText::new(&md);
        let words: Vec<(usize, &str)> = t
            .plain
            .split_whitespace()
            .map(|w| (w.as_ptr() as usize - t.plain.as_ptr() as usize, w))
            .collect();
        let mut repeated = 0;
        for len in [1, 2, 4] {
            for win in words.windows(len) {
                let (start, last) = (win[0].0, win[len - 1]);
                let passage = &t.plain[start..last.0 + last.1.len()];
                let at = nonspace_before(&t.plain, start);
                let p = pick(&t, passage, Some(at)).unwrap();
                assert_eq!(p.range.start, start, "{passage:?}");
                repeated += usize::from(p.count > 1);
                let toml = selector_lines(&p.selector);
                assert_eq!(anchors_back(&t, &format!("[[x]]\n{toml}")), p.range);
            }
        }
        assert!(
            repeated > 20,
            "the article has repeated words to choose among"
        );
    }
}
