//! Discord markdown for masked links, `[text](address)`: link text and addresses that cannot
//! end the link early or be refused. Below both the engine, whose `/sources` view writes such
//! links, and the render, which writes every source line with them.

use std::borrow::Cow;

use crate::text::fit;

/// Longest link text: a title longer than this is cut, so each source stays about one line.
pub const LINK_TEXT: usize = 80;

/// The text of a masked link: the English translation when the title gives one in brackets
/// (`Паризька декларація… [Paris Declaration…]`), at most [`LINK_TEXT`] characters, with no
/// brackets or markdown that would end the link early, and no word Discord would take for an
/// address (it refuses masked links whose text looks like one).
pub fn link_text(title: &str) -> String {
    let title = title.trim();
    let text = match (title.rfind(" ["), title.ends_with(']')) {
        (Some(i), true) if i > 0 => &title[i + 2..title.len() - 1],
        _ => title,
    };
    let text = fit(text.trim(), LINK_TEXT);
    let mut out = String::with_capacity(text.len() + 8);
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        // Whether the word is an address only changes how its dots are written.
        let address = word.contains('.') && looks_like_address(word);
        for ch in word.chars() {
            match ch {
                '[' => out.push('('),
                ']' => out.push(')'),
                '*' | '_' | '~' | '`' | '|' | '\\' => {
                    out.push('\\');
                    out.push(ch);
                }
                // ONE DOT LEADER: reads as a dot, is not one, so no address is formed.
                '.' if address => out.push('\u{2024}'),
                _ => out.push(ch),
            }
        }
    }
    out
}

/// Whether a word reads as a web address: a scheme, `www.`, or a dotted name ending in a
/// top-level domain (`president.gov.ua`).
pub fn looks_like_address(word: &str) -> bool {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    // `www.` compared in place: only ASCII can match it, so a word whose fourth byte is inside
    // a character is not an address by this rule either.
    if word.contains("://")
        || word
            .get(..4)
            .is_some_and(|w| w.eq_ignore_ascii_case("www."))
    {
        return true;
    }
    // At least two dot-separated parts, every one a non-empty run of letters, digits and
    // hyphens, the first of at least two characters, the last a lowercase ASCII domain.
    let Some((first, rest)) = word.split_once('.') else {
        return false;
    };
    let part = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric() || c == '-');
    let tld = rest.rsplit('.').next().unwrap_or(rest);
    part(first)
        && rest.split('.').all(part)
        && (2..=6).contains(&tld.len())
        && tld.bytes().all(|b| b.is_ascii_lowercase())
        && first.chars().nth(1).is_some()
}

/// An address safe inside `(…)` of a masked link: parentheses, spaces and angle brackets
/// percent-encoded, which any server reads as the same address.
pub fn markdown_safe_url(url: &str) -> Cow<'_, str> {
    encoded_url(url).map_or(Cow::Borrowed(url), Cow::Owned)
}

/// [`markdown_safe_url`] when something needs encoding; most addresses need nothing and are
/// used as they are, without a copy.
pub(crate) fn encoded_url(url: &str) -> Option<String> {
    // Every character to encode is ASCII, so a byte scan finds them.
    let at = url
        .bytes()
        .position(|b| matches!(b, b'(' | b')' | b' ' | b'<' | b'>'))?;
    let mut out = String::with_capacity(url.len() + 8);
    out.push_str(&url[..at]);
    for ch in url[at..].chars() {
        match ch {
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            ' ' => out.push_str("%20"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            _ => out.push(ch),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_text_shows_no_address_and_cannot_end_the_link() {
        assert_eq!(
            link_text("Паризька декларація [Paris Declaration: robust guarantees]"),
            "Paris Declaration: robust guarantees"
        );
        assert_eq!(
            link_text("Report (via president.gov.ua)"),
            "Report (via president\u{2024}gov\u{2024}ua)"
        );
        assert_eq!(link_text("a [b] c"), "a (b) c");
        assert_eq!(link_text("a_b*c"), "a\\_b\\*c");
        assert!(looks_like_address("https://x.org"));
        assert!(looks_like_address("www.example.com"));
        assert!(looks_like_address("news.online.ua"));
        assert!(!looks_like_address("U.S."));
        assert!(!looks_like_address("2.5%"));
        assert_eq!(
            markdown_safe_url("https://e.org/a_(b) c"),
            "https://e.org/a_%28b%29%20c"
        );
    }
}
