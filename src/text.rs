//! Text folding and fuzzy matching shared by entity lookup, autocomplete, validation and `/ask`.

/// Folds text for matching: accents transliterated (`Türkiye` → `turkiye`, `Nicușor` → `nicusor`),
/// lowercase, and every run of non-alphanumerics collapsed to one space, trimmed. `U.K.` folds to
/// `u k`; callers that want `uk` can also compare [`compact`] forms.
pub fn fold(s: &str) -> String {
    let ascii = deunicode::deunicode(s);
    let mut out = String::with_capacity(ascii.len());
    let mut pending_space = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c.to_ascii_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// [`fold`] with the spaces removed, so `U.K.`, `uk` and `u-k` compare equal.
pub fn compact(s: &str) -> String {
    fold(s).replace(' ', "")
}

/// User text made safe to echo inside a reply: at most `max` characters (with an ellipsis),
/// control and invisible formatting characters dropped, markdown escaped, and mentions defused
/// with a zero-width space so `@everyone` or `<@123>` can never ping even if a client ignored
/// `allowed_mentions`.
pub fn quote_user(s: &str, max: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    for c in s.chars() {
        if c.is_control() || is_invisible(c) {
            continue;
        }
        if count == max {
            out.push('…');
            break;
        }
        match c {
            '\\' | '*' | '_' | '~' | '`' | '|' | '>' | '#' | '[' | ']' | '(' | ')' | '-' | ':' => {
                out.push('\\');
                out.push(c);
            }
            '@' => out.push_str("@\u{200B}"),
            '<' => out.push_str("<\u{200B}"),
            _ => out.push(c),
        }
        count += 1;
    }
    out
}

/// Zero-width and bidirectional-override characters that can hide or reorder echoed text.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_and_punctuation() {
        assert_eq!(fold("Türkiye"), "turkiye");
        assert_eq!(fold("  Nicușor   DAN "), "nicusor dan");
        assert_eq!(fold("U.K."), "u k");
        assert_eq!(compact("U.K."), "uk");
        assert_eq!(fold("von der Leyen!"), "von der leyen");
    }

    #[test]
    fn quoting_defuses_mentions_and_markdown() {
        let q = quote_user("@everyone **hi** <@123>\u{202E}", 100);
        assert!(!q.contains("@everyone"));
        assert!(!q.contains("<@"));
        assert!(q.contains("\\*\\*hi\\*\\*"));
        assert!(!q.contains('\u{202E}'));
        assert_eq!(quote_user("abcdef", 3), "abc…");
    }
}
