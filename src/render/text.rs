//! Reply → terminal text: the same content as the Discord reply (title, body, sections,
//! suggestions, paging, numbered sources), laid out for a terminal and without Discord's markdown
//! noise, so the console shows what Discord would.

use std::fmt::Write as _;

use super::discord::citation_line;
use crate::reply::{Reply, ReplyKind};
use crate::request::OptionValue;

/// The reply as plain text, ending with a newline.
pub fn render(reply: &Reply) -> String {
    let mut out = String::new();
    let title = plain(reply.title.trim());
    if !title.is_empty() {
        out.push_str(&title);
        out.push('\n');
        out.push_str(&"─".repeat(title.lines().map(|l| l.chars().count()).max().unwrap_or(0)));
        out.push('\n');
        if let Some(url) = reply
            .url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
        {
            out.push_str(url);
            out.push('\n');
        }
    }
    let body = plain(reply.body.trim());
    if !body.is_empty() {
        paragraph(&mut out, &body);
    }
    for section in &reply.sections {
        let name = plain(section.name.trim());
        let body = plain(section.body.trim());
        if name.is_empty() && body.is_empty() {
            continue;
        }
        let mut block = name;
        if !body.is_empty() {
            if !block.is_empty() {
                block.push('\n');
            }
            block.push_str(&indent(&body));
        }
        paragraph(&mut out, &block);
    }
    let suggestions: Vec<&str> = reply
        .suggestions
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    if !reply.actions.is_empty() {
        // Discord's buttons, as the lines that do the same: "Did you mean …?" for a miss.
        let mut block = String::new();
        if reply.kind == ReplyKind::NotFound {
            block.push_str("Did you mean:");
        }
        for a in &reply.actions {
            if !block.is_empty() {
                block.push('\n');
            }
            let _ = write!(block, "→ {}", a.request);
        }
        paragraph(&mut out, &block);
    } else if !suggestions.is_empty() {
        paragraph(
            &mut out,
            &format!("Did you mean: {}?", suggestions.join(", ")),
        );
    }
    if let Some(hint) = paging_hint(reply) {
        paragraph(&mut out, &hint);
    }
    if !reply.citations.is_empty() {
        let mut block = String::from("Sources:");
        for (i, c) in reply.citations.iter().enumerate() {
            block.push('\n');
            block.push_str(&citation_line(i + 1, c, false));
        }
        paragraph(&mut out, &block);
    }
    out
}

/// "Page 2 of 3 — next: /pledges by:united-kingdom page:3"; on the last page, the previous one.
fn paging_hint(reply: &Reply) -> Option<String> {
    let p = reply.paging.as_ref()?;
    if p.pages <= 1 {
        return None;
    }
    let (label, page) = if p.page < p.pages {
        ("next", p.page.saturating_add(1))
    } else {
        ("previous", p.pages - 1)
    };
    let request = p
        .request
        .clone()
        .with("page", OptionValue::Integer(page.into()));
    let mut hint = format!("Page {} of {}", p.page, p.pages);
    let _ = write!(hint, " — {label}: {request}");
    Some(hint)
}

/// Appends a block, separated from the previous one by a blank line.
fn paragraph(out: &mut String, block: &str) {
    if !out.is_empty() && !out.ends_with("─\n") {
        out.push('\n');
    }
    out.push_str(block);
    out.push('\n');
}

fn indent(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if !line.trim().is_empty() {
            out.push_str("  ");
            out.push_str(line);
        }
    }
    out
}

/// Discord markdown made plain: `**bold**` and `` `code` `` markers dropped, and backslash escapes (which the
/// engine adds to echoed user text so Discord shows it literally) resolved to the character
/// Discord would show.
pub fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        let next = rest[c.len_utf8()..].chars().next();
        let mut skip = c.len_utf8();
        match c {
            // A masked link `[text](url)` reads as `text <url>`.
            '[' if masked_link(rest).is_some() => {
                if let Some((text, url, len)) = masked_link(rest) {
                    out.push_str(&plain(text));
                    out.push_str(" <");
                    out.push_str(url);
                    out.push('>');
                    skip = len;
                }
            }
            '*' if next == Some('*') => skip += 1,
            '`' => {}
            '\\' if next.is_some_and(|n| n.is_ascii_punctuation()) => {
                if let Some(n) = next {
                    out.push(n);
                    skip += n.len_utf8();
                }
            }
            _ => out.push(c),
        }
        rest = &rest[skip..];
    }
    out
}

/// `[text](url)` at the start of `s`: its text, its address and its length in bytes. The text
/// holds no brackets and the address no spaces or parentheses (the renderer encodes them).
fn masked_link(s: &str) -> Option<(&str, &str, usize)> {
    let inner = s.strip_prefix('[')?;
    let close = inner.find(']')?;
    let text = &inner[..close];
    if text.contains('[') || text.contains('\n') {
        return None;
    }
    let after = inner[close + 1..].strip_prefix('(')?;
    let end = after.find(')')?;
    let url = &after[..end];
    if !(url.starts_with("https://") || url.starts_with("http://"))
        || url.contains(char::is_whitespace)
    {
        return None;
    }
    Some((text, url, 1 + close + 2 + end + 1))
}

#[cfg(test)]
mod tests {
    use super::super::paged;
    use super::*;
    use crate::reply::Citation;

    #[test]
    fn full_layout() {
        let mut r = Reply::new(ReplyKind::Answer, "The summit", "Held in **Paris**.")
            .section("Host", "Emmanuel Macron\nFrance");
        r.citations.push(Citation {
            key: "a".into(),
            title: "Article".into(),
            publisher: "Paper".into(),
            kind: "press".into(),
            url: Some("https://example.org/a".into()),
            date: Some("2026-01-06".into()),
            finds: Vec::new(),
        });
        assert_eq!(
            render(&r),
            "The summit\n──────────\nHeld in Paris.\n\nHost\n  Emmanuel Macron\n  France\n\n\
             Sources:\n1. Article — Paper · press, 2026-01-06 <https://example.org/a>\n"
        );
    }

    #[test]
    fn paging_hint_uses_the_console_syntax() {
        assert!(
            render(&paged(2, 3)).contains("Page 2 of 3 — next: /pledges by:united-kingdom page:3")
        );
        assert!(render(&paged(3, 3))
            .contains("Page 3 of 3 — previous: /pledges by:united-kingdom page:2"));
        assert!(!render(&paged(1, 1)).contains("Page"));
    }

    #[test]
    fn suggestions_and_escapes() {
        let mut r = Reply::new(ReplyKind::NotFound, "Not found", r"No participant \@\_x\_");
        r.suggestions = vec!["Keir Starmer".into(), "Kaja Kallas".into()];
        let text = render(&r);
        assert!(text.contains("No participant @_x_"), "{text}");
        assert!(text.contains("Did you mean: Keir Starmer, Kaja Kallas?"));
        assert_eq!(plain(r"`/pledge id:<id>` \` **x**"), "/pledge id:<id> ` x");
    }

    #[test]
    fn empty_reply_renders_nothing_noisy() {
        assert_eq!(render(&Reply::new(ReplyKind::Answer, "", "")), "");
    }
}
