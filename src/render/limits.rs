//! Discord's limits, in one place, and the text helpers that keep every string within them.
//!
//! Discord rejects a whole reply (HTTP 400, and the user sees "The application did not respond")
//! when any single string is one character too long, so every string the renderer emits passes
//! through [`fit`] or [`cut`]. Lengths are counted in Unicode code points (`char`s), which is what
//! Discord's documented limits and its OpenAPI `maxLength` count; cutting at a `char` boundary
//! never splits a character's UTF-8 bytes.

use std::borrow::Cow;

/// Message `content`.
pub const CONTENT: usize = 2000;
/// Embed title.
pub const EMBED_TITLE: usize = 256;
/// Embed description.
pub const EMBED_DESCRIPTION: usize = 4096;
/// Embed field name.
pub const FIELD_NAME: usize = 256;
/// Embed field value.
pub const FIELD_VALUE: usize = 1024;
/// Embed footer text.
pub const FOOTER_TEXT: usize = 2048;
/// Embed author name.
pub const AUTHOR_NAME: usize = 256;
/// Fields in one embed.
pub const FIELDS_PER_EMBED: usize = 25;
/// Embeds in one message.
pub const EMBEDS_PER_MESSAGE: usize = 10;
/// Characters across all embeds of one message: titles, descriptions, field names and values,
/// footer texts and author names together.
pub const EMBEDS_TOTAL: usize = 6000;
/// A component's `custom_id`.
pub const CUSTOM_ID: usize = 100;
/// A button's label.
pub const BUTTON_LABEL: usize = 80;
/// Buttons in one action row.
pub const BUTTONS_PER_ROW: usize = 5;
/// Action rows in one message.
pub const ACTION_ROWS: usize = 5;
/// Choices in one autocomplete result.
pub const AUTOCOMPLETE_CHOICES: usize = 25;
/// An autocomplete (or fixed) choice's name.
pub const CHOICE_NAME: usize = 100;
/// A string choice's value.
pub const CHOICE_VALUE: usize = 100;
/// An embed or button URL.
pub const URL: usize = 2048;

/// Not Discord's limit but ours, so the engine, which pages by it, owns it.
pub use crate::engine::ANSWER_BUDGET;

/// Length as Discord counts it: Unicode code points.
pub use crate::text::char_len as len;

/// `len(s).min(cap)`, reading at most `4 * cap` bytes of `s`: enough to tell whether a text of
/// any size is within a budget without counting all of it.
pub fn len_at_most(s: &str, cap: usize) -> usize {
    if s.len() <= cap {
        return len(s);
    }
    // A char is at most 4 bytes, so `4 * cap` bytes start at least `cap` chars; counting the
    // bytes that start a char (everything but 0b10xx_xxxx) in a prefix counts its chars.
    let head = &s.as_bytes()[..s.len().min(cap.saturating_mul(4))];
    let starts = head.iter().filter(|&&b| (b as i8) >= -0x40).count();
    starts.min(cap)
}

use crate::text::byte_index;
/// The one cut with an ellipsis, shared with the engine (which cuts names and labels too).
pub use crate::text::{fit, ELLIPSIS};

/// [`fit`] for an owned string, reusing its buffer.
pub fn fit_owned(s: String, max: usize) -> String {
    match fit(&s, max) {
        Cow::Borrowed(b) if b.len() == s.len() => s,
        other => other.into_owned(),
    }
}

/// Whitespace-trimmed `s` cut to at most `max` chars *without* an ellipsis, for values that are
/// sent back to the bot (autocomplete choice values), where an added "…" would only stop them
/// from matching.
pub fn cut(s: &str, max: usize) -> &str {
    let s = s.trim();
    s[..byte_index(s, max)].trim_end()
}

/// `s` fitted to `max`, or `placeholder` when it is blank: Discord rejects empty field names and
/// values, and an empty reply is still a reply.
pub fn fit_or<'a>(s: &'a str, max: usize, placeholder: &'static str) -> Cow<'a, str> {
    let fitted = fit(s, max);
    if fitted.is_empty() {
        Cow::Borrowed(placeholder)
    } else {
        fitted
    }
}

/// The one rule for text continued over several fields, shared with the engine's sections.
pub use crate::text::split;

/// Whether Discord will accept `url` as an embed or button URL: `http`/`https`, a host, at most
/// [`URL`] chars, and RFC 3986 syntax (no spaces or raw non-ASCII, every `%` a hex escape, no
/// user info, a numeric port, brackets only around an IPv6 host, at most one `#`). Discord
/// rejects the whole message over a malformed URL, so the renderer drops any URL this refuses.
pub fn is_valid_url(url: &str) -> bool {
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return false;
    };
    if url.len() > URL {
        return false;
    }
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(host_end);
    valid_authority(authority) && valid_tail(tail)
}

/// `unreserved / sub-delims` of RFC 3986, the characters allowed anywhere outside the syntax.
fn plain_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=".contains(&b)
}

/// Checks `s` byte by byte: `%XX` escapes, [`plain_char`], and the bytes in `extra`.
fn all_allowed(s: &str, extra: &[u8]) -> bool {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = |j: usize| bytes.get(j).is_some_and(u8::is_ascii_hexdigit);
            if !(hex(i + 1) && hex(i + 2)) {
                return false;
            }
            i += 3;
        } else if plain_char(bytes[i]) || extra.contains(&bytes[i]) {
            i += 1;
        } else {
            return false;
        }
    }
    true
}

/// `host [":" port]`, where host is a registered name or a bracketed IPv6 address.
fn valid_authority(authority: &str) -> bool {
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let Some((addr, after)) = v6.split_once(']') else {
            return false;
        };
        let addr_ok = !addr.is_empty()
            && addr
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.');
        if !addr_ok {
            return false;
        }
        match after {
            "" => return true,
            _ => match after.strip_prefix(':') {
                Some(port) => ("v6", port),
                None => return false,
            },
        }
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, port),
            None => (authority, ""),
        }
    };
    !host.is_empty() && all_allowed(host, b"") && port.bytes().all(|b| b.is_ascii_digit())
}

/// Path, query and fragment: `pchar`s plus `/` and `?`, and one `#` that starts the fragment.
fn valid_tail(tail: &str) -> bool {
    let (before, fragment) = tail.split_once('#').unwrap_or((tail, ""));
    all_allowed(before, b":@/?") && all_allowed(fragment, b":@/?")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_count_code_points_not_bytes() {
        assert_eq!(len("Türkiye"), 7);
        assert_eq!(len("🇺🇦"), 2);
        assert_eq!(len(""), 0);
    }

    #[test]
    fn len_at_most_is_the_capped_length() {
        let long = format!("{}{}", "é🇺🇦a".repeat(50), "x".repeat(300));
        for s in [
            "",
            "abc",
            "äbc",
            "日本語",
            "a🇺🇦b",
            "🇺🇦🇺🇦🇺🇦🇺🇦",
            long.as_str(),
        ] {
            for cap in 0..s.len() + 3 {
                assert_eq!(len_at_most(s, cap), len(s).min(cap), "{s:?} {cap}");
            }
        }
    }

    #[test]
    fn byte_index_agrees_with_the_char_walk() {
        for s in ["", "abc", "äbc", "abä", "日本語", "a🇺🇦b", "   x"] {
            for n in 0..8 {
                let walk = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
                assert_eq!(byte_index(s, n), walk, "{s:?} {n}");
            }
            assert_eq!(len(s), s.chars().count());
        }
    }

    #[test]
    fn fit_trims_and_borrows_when_it_fits() {
        assert!(matches!(fit("abc", 3), Cow::Borrowed("abc")));
        assert_eq!(fit("  abc \n", 3), "abc");
        assert_eq!(fit("", 5), "");
        assert_eq!(fit("   ", 5), "");
    }

    #[test]
    fn fit_cuts_with_an_ellipsis_within_the_limit() {
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(len(&fit("abcdef", 4)), 4);
        // The text before the ellipsis is trimmed, so no "word …".
        assert_eq!(fit("ab   cdef", 4), "ab…");
        assert_eq!(fit("abcdef", 1), "…");
        assert_eq!(fit("abcdef", 0), "");
    }

    #[test]
    fn fit_never_splits_a_character() {
        let s = "ééééé";
        for max in 0..7 {
            let f = fit(s, max);
            assert!(len(&f) <= max, "{max}: {f}");
        }
        assert_eq!(fit("日本語テキスト", 4), "日本語…");
        assert_eq!(fit_owned("🇺🇦🇺🇦🇺🇦".to_owned(), 3), "🇺🇦…");
    }

    #[test]
    fn fit_owned_keeps_the_buffer_when_it_fits() {
        let s = String::from("fits");
        let ptr = s.as_ptr();
        let out = fit_owned(s, 10);
        assert_eq!(out.as_ptr(), ptr);
        assert_eq!(fit_owned(" x ".to_owned(), 10), "x");
    }

    #[test]
    fn cut_adds_no_ellipsis() {
        assert_eq!(cut("  united-kingdom ", 6), "united");
        assert_eq!(cut("ab  cd", 3), "ab");
        assert_eq!(cut("äöü", 2), "äö");
    }

    #[test]
    fn fit_or_replaces_blank_text() {
        assert_eq!(fit_or("  ", 10, "—"), "—");
        assert_eq!(fit_or("x", 10, "—"), "x");
    }

    #[test]
    fn split_prefers_line_then_word_breaks() {
        assert_eq!(split("aaa\nbbb ccc", 8), vec!["aaa", "bbb ccc"]);
        assert_eq!(split("aaa\nbbbb\ncc", 8), vec!["aaa\nbbbb", "cc"]);
        assert_eq!(split("\n\naaa\n\n\nbbbbbbb", 8), vec!["aaa\n\n", "bbbbbbb"]);
        assert_eq!(split("one two three", 8), vec!["one two", "three"]);
        assert_eq!(split("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert!(split("\n\n", 4).is_empty());
        assert_eq!(split("ab cdefghij k", 4), vec!["ab", "cdef", "ghij", "k"]);
        let long = "word ".repeat(500);
        let pieces = split(&long, FIELD_VALUE);
        assert!(pieces
            .iter()
            .all(|p| len(p) <= FIELD_VALUE && !p.is_empty()));
        assert_eq!(pieces.concat().replace(' ', ""), long.replace(' ', ""));
        let accents = "é".repeat(10);
        assert_eq!(split(&accents, 4), vec!["éééé", "éééé", "éé"]);
    }

    #[test]
    fn urls_discord_would_reject_are_refused() {
        assert!(is_valid_url(
            "https://www.elysee.fr/en/emmanuel-macron/2026/01/06"
        ));
        assert!(is_valid_url("http://example.org/a%20b?q=1#x"));
        assert!(!is_valid_url("ftp://example.org"));
        assert!(!is_valid_url("https://"));
        assert!(!is_valid_url("https://example.org/a b"));
        assert!(!is_valid_url("https://example.org/é"));
        assert!(!is_valid_url("https://example.org/%zz"));
        assert!(!is_valid_url("javascript:alert(1)"));
        assert!(!is_valid_url(&format!("https://e.org/{}", "a".repeat(URL))));
        assert!(is_valid_url("http://[::1]:8080/x"));
        assert!(is_valid_url("https://example.org:443"));
        assert!(!is_valid_url("https://example.org:abc/"));
        assert!(!is_valid_url("https://user@example.org/"));
        assert!(!is_valid_url("https://example.org/a[1]"));
        assert!(!is_valid_url("https://example.org/#a#b"));
        assert!(!is_valid_url("https://[::1/"));
        assert!(!is_valid_url("https://exa mple.org/"));
    }

    #[test]
    fn limits_match_discord() {
        assert_eq!(
            (
                CONTENT,
                EMBED_TITLE,
                EMBED_DESCRIPTION,
                FIELD_NAME,
                FIELD_VALUE
            ),
            (2000, 256, 4096, 256, 1024)
        );
        assert_eq!(
            (FOOTER_TEXT, AUTHOR_NAME, FIELDS_PER_EMBED),
            (2048, 256, 25)
        );
        assert_eq!(
            (EMBEDS_PER_MESSAGE, EMBEDS_TOTAL, CUSTOM_ID),
            (10, 6000, 100)
        );
        assert_eq!((BUTTONS_PER_ROW, ACTION_ROWS), (5, 5));
        assert_eq!(
            (AUTOCOMPLETE_CHOICES, CHOICE_NAME, CHOICE_VALUE),
            (25, 100, 100)
        );
    }
}
