//! Raw HTML blocks in anchoring: their text is not part of the plain text (the renderer
//! passes the blocks through as they are, so nothing in them can be highlighted), but a quote
//! of it is recognised, so that the diagnostic can say why it cannot be annotated.

/// The text of raw HTML as a reader might copy it: tags left out (a tag ends a word), the
/// text of comments kept (so a quote of it is recognised too).
pub(super) fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            let end = comment.find("-->").unwrap_or(comment.len());
            out.push_str(&comment[..end]);
            rest = comment.get(end + 3..).unwrap_or("");
        } else if rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || "/!?".contains(c)) {
            let end = tag_len(rest);
            out.push(' ');
            rest = &rest[end..];
        } else {
            out.push('<');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The length of the tag at the start of `s`, to its `>` (not one inside a quoted value).
fn tag_len(s: &str) -> usize {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '>') => return i + 1,
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
    }
    s.len()
}

#[cfg(test)]
mod tests {
    use super::strip_tags;

    #[test]
    fn tags_are_left_out_and_comment_text_kept() {
        assert_eq!(
            strip_tags("<div class=\"a>b\">x<b>y</b> 1 < 2 <!-- c -->"),
            " x y  1 < 2  c "
        );
    }
}
