//! Selectors copied from the Markdown source instead of the article as read.
//!
//! Analysts often copy a quote, prefix or suffix out of the `.md` file, with its `## `,
//! `*emphasis*` or `[link](url)` syntax. The reader never sees that syntax, so it is not in the
//! plain text that selectors match. When a selector does not match as written, anchoring tries
//! it once more as the reader would read it, with the syntax left out.

/// `s` with Markdown syntax left out: heading, block-quote and list markers at line starts,
/// emphasis and code marks, link brackets and destinations (also a destination cut off by the
/// end of the string), and inline HTML tags. A backslash escape keeps its character. `None`
/// when there is nothing to leave out, so that a caller can tell a second try is pointless.
pub(super) fn without_markdown(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut line_start = true;
    while i < chars.len() {
        let c = chars[i];
        if line_start {
            let marker = line_marker(&chars[i..]);
            line_start = false;
            if marker > 0 {
                i += marker;
                continue;
            }
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        match c {
            '\\' if next.is_some_and(|n| n.is_ascii_punctuation()) => {
                out.push(chars[i + 1]);
                i += 2;
                continue;
            }
            '\n' => line_start = true,
            // A link's destination: `](…)`, to its closing parenthesis or the end of `s`.
            ']' if next == Some('(') => {
                let mut depth = 0;
                i += 1;
                while i < chars.len() {
                    match chars[i] {
                        '(' => depth += 1,
                        ')' if depth == 1 => break,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
                continue;
            }
            '*' | '`' | '[' | ']' => {
                i += 1;
                continue;
            }
            '!' if next == Some('[') => {
                i += 1;
                continue;
            }
            // `_` marks emphasis only at a word's edge; inside a word it is a character.
            '_' if !(prev.is_some_and(char::is_alphanumeric)
                && next.is_some_and(char::is_alphanumeric)) =>
            {
                i += 1;
                continue;
            }
            '<' if next.is_some_and(|n| n.is_ascii_alphabetic() || n == '/') => {
                if let Some(len) = chars[i..].iter().position(|&c| c == '>') {
                    i += len + 1;
                    continue;
                }
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    (out != s).then_some(out)
}

/// The length of a block marker at the start of a line (`## `, `> `, `- `, `1. `), with the
/// indentation before it; 0 when there is none.
fn line_marker(line: &[char]) -> usize {
    let indent = line.iter().take_while(|c| **c == ' ').count();
    let rest = &line[indent..];
    let spaced = |n: usize| rest.get(n).is_some_and(|c| *c == ' ');
    let hashes = rest.iter().take_while(|c| **c == '#').count();
    let len = if (1..=6).contains(&hashes) && spaced(hashes) {
        hashes + 1
    } else if rest.first() == Some(&'>') {
        1 + usize::from(spaced(1))
    } else if matches!(rest.first(), Some('-' | '+' | '*')) && spaced(1) {
        2
    } else {
        let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits > 0 && matches!(rest.get(digits), Some('.' | ')')) && spaced(digits + 1) {
            digits + 2
        } else {
            return 0;
        }
    };
    indent + len
}

#[cfg(test)]
mod tests {
    use super::without_markdown as w;

    #[test]
    fn leaves_out_what_the_reader_does_not_see() {
        assert_eq!(w("told the *").as_deref(), Some("told the "));
        assert_eq!(
            w("**closed on Monday**").as_deref(),
            Some("closed on Monday")
        );
        assert_eq!(
            w("via [Quay Road](https://x.org/a_(b))").as_deref(),
            Some("via Quay Road")
        );
        assert_eq!(w("](https://example.org/ma").as_deref(), Some(""));
        assert_eq!(
            w("## Bridge shut\n\n> She said").as_deref(),
            Some("Bridge shut\n\nShe said")
        );
        assert_eq!(
            w("the <u>first</u> round").as_deref(),
            Some("the first round")
        );
        assert_eq!(
            w("_talks_ and snake_case").as_deref(),
            Some("talks and snake_case")
        );
        assert_eq!(
            w(r"a \*literal\* star").as_deref(),
            Some("a *literal* star")
        );
        assert_eq!(w("1. first\n- second").as_deref(), Some("first\nsecond"));
    }

    #[test]
    fn selectors_copied_from_the_source_anchor_as_the_reader_reads_them() {
        use crate::anchor::{ArticleText, Query};
        let md = "# Bridge shut\n\nThe Bridge **closed on Monday**, Cllr Okafor told the *Post*. \
                  Buses use [Quay Road](https://example.org/map) and the Post says so.\n";
        let t = ArticleText::new(md);
        let at = |q: Query| t.anchor(&q).map(|r| &t.plain[r.clone()]);
        let q = |quote| Query {
            quote,
            ..Query::default()
        };
        assert_eq!(at(q("**closed on Monday**")), Ok("closed on Monday"));
        let post = |prefix, suffix| Query {
            prefix,
            suffix,
            ..q("Post")
        };
        assert_eq!(at(post(Some("told the *"), Some("*. Buses"))), Ok("Post"));
        let r = t.anchor(&post(Some("told the *"), None)).unwrap();
        assert_eq!(&t.plain[r.start - 9..r.start], "told the ");
        let bridge = |prefix| Query {
            prefix,
            ..q("Bridge")
        };
        assert!(t.anchor(&bridge(Some("# Bridge shut\n\nThe "))).is_ok());
        assert!(
            t.anchor(&q("Quay Road](https://example.org/map) and"))
                .is_ok()
        );
        // Still a mismatch when the words themselves differ.
        assert!(t.anchor(&post(Some("told the *Times"), None)).is_err());
    }

    #[test]
    fn plain_text_is_left_alone() {
        assert_eq!(w("We will not take risks with people's lives,"), None);
        assert_eq!(w("3 < 4 and a - b"), None);
    }
}
