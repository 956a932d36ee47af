//! Quantities as people type them ("30k", "15,000", "15 000", "thirty thousand") and as the facts
//! write them, read as values, so a question's figure is matched against the facts' figures by
//! value rather than by the words its digits fold into ("30,000" folds into "30" and "000", and
//! "20,000" would then look covered by any "20" and any "000").

/// Smallest value treated as a quantity: smaller numbers are days, points and counts, which the
/// word index already matches digit for digit.
pub const MIN_QUANTITY: u64 = 1000;

/// A number word's value. A `match`, not a list searched in order: the fact load reads every
/// word of the facts' text with a digit in it through here (`Index::terms_into`), and 28
/// comparisons per word were a tenth of a load (the `scale` bench, `load+validate/100`).
fn unit(w: &str) -> Option<u64> {
    Some(match w {
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "hundred" => 100,
        _ => return None,
    })
}

fn multiplier(w: &str) -> Option<u64> {
    match w {
        "thousand" | "k" => Some(1000),
        "million" | "m" | "mn" => Some(1_000_000),
        // "£2.26bn", "$50 billion": the London facts count money in billions.
        "billion" | "bn" | "b" => Some(1_000_000_000),
        _ => None,
    }
}

/// A quantity found in a text: its value and the byte range it was written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    pub value: u64,
    pub start: usize,
    pub end: usize,
}

/// Every quantity of at least [`MIN_QUANTITY`] in `text`: digits with thousands separators
/// ("15,000", "15 000", "15.000"), a `k`/`m` suffix or a "thousand"/"million" word ("30k", "2.5
/// million"), and number words ("thirty thousand"). Four plain digits ("2026") are a year, not a
/// quantity.
pub fn quantities(text: &str) -> Vec<Quantity> {
    // Only ASCII letters make number words, so only they are lowered, which keeps every byte
    // offset. (`str::to_lowercase` was half the cost of reading a fact file's quantities, and
    // where it changed a text's length, as for "İ", the text was read with its capitals.)
    let lower = text.to_ascii_lowercase();
    let t: &str = &lower;
    let b = t.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let word_at = |i: usize| -> (&str, usize) {
        let end = b[i..]
            .iter()
            .position(|c| !c.is_ascii_alphabetic())
            .map_or(b.len(), |p| i + p);
        (&t[i..end], end)
    };
    while i < b.len() {
        let boundary = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        if b[i].is_ascii_digit() && boundary {
            let start = i;
            let mut value: u64 = 0;
            let mut digits = 0;
            while i < b.len() && b[i].is_ascii_digit() {
                value = value
                    .saturating_mul(10)
                    .saturating_add(u64::from(b[i] - b'0'));
                digits += 1;
                i += 1;
            }
            let mut grouped = false;
            // Thousands groups: a separator followed by exactly three digits.
            while i + 3 < b.len()
                && matches!(b[i], b',' | b' ' | b'.')
                && b[i + 1..i + 4].iter().all(u8::is_ascii_digit)
                && b.get(i + 4).is_none_or(|c| !c.is_ascii_digit())
                && digits <= 3
            {
                value = value.saturating_mul(1000).saturating_add(
                    b[i + 1..i + 4]
                        .iter()
                        .fold(0, |v, c| v * 10 + u64::from(c - b'0')),
                );
                grouped = true;
                i += 4;
            }
            // A decimal part before a multiplier ("2.5 million").
            let mut frac: Option<(u64, u32)> = None;
            if !grouped && i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
                let mut j = i + 1;
                let (mut f, mut n) = (0u64, 0u32);
                while j < b.len() && b[j].is_ascii_digit() && n < 6 {
                    f = f * 10 + u64::from(b[j] - b'0');
                    n += 1;
                    j += 1;
                }
                frac = Some((f, n));
                i = j;
            }
            // A multiplier, attached ("30k") or as the next word ("30 thousand").
            let mut end = i;
            let mut mult = None;
            if i < b.len() && b[i].is_ascii_alphabetic() {
                let (w, e) = word_at(i);
                if let Some(m) = multiplier(w) {
                    mult = Some(m);
                    end = e;
                }
            } else if i + 1 < b.len() && b[i] == b' ' && b[i + 1].is_ascii_alphabetic() {
                let (w, e) = word_at(i + 1);
                if w.len() > 1 {
                    if let Some(m) = multiplier(w) {
                        mult = Some(m);
                        end = e;
                    }
                }
            }
            let v = match (mult, frac) {
                (Some(m), Some((f, n))) => value
                    .saturating_mul(m)
                    .saturating_add(f.saturating_mul(m) / 10u64.pow(n)),
                (Some(m), None) => value.saturating_mul(m),
                (None, _) => value,
            };
            let year = !grouped && mult.is_none() && digits == 4;
            if v >= MIN_QUANTITY && !year && (grouped || mult.is_some() || digits >= 5) {
                out.push(Quantity {
                    value: v,
                    start,
                    end,
                });
            }
            i = end.max(i);
            continue;
        }
        if b[i].is_ascii_alphabetic() && boundary {
            // Number words: "thirty thousand", "fifteen hundred", "two million".
            let start = i;
            let (mut total, mut current, mut any, mut scaled) = (0u64, 0u64, false, false);
            let mut j = i;
            let mut end = i;
            loop {
                let (w, e) = word_at(j);
                if let Some(u) = unit(w) {
                    if u == 100 {
                        current = current.max(1) * 100;
                    } else {
                        current += u;
                    }
                    any = true;
                } else if let Some(m) = multiplier(w).filter(|_| any && w.len() > 1) {
                    total += current.max(1) * m;
                    current = 0;
                    scaled = true;
                } else {
                    break;
                }
                end = e;
                // Words may be joined by a space or a hyphen ("thirty-five thousand").
                if e < b.len() && matches!(b[e], b' ' | b'-') && e + 1 < b.len() {
                    j = e + 1;
                } else {
                    break;
                }
            }
            let v = total + current;
            if any && scaled && v >= MIN_QUANTITY {
                out.push(Quantity {
                    value: v,
                    start,
                    end,
                });
                i = end;
                continue;
            }
            let (_, e) = word_at(i);
            i = e.max(i + 1);
            continue;
        }
        i += 1;
    }
    out
}

/// A value as the facts usually write it: "30,000".
pub fn written(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(t: &str) -> Vec<u64> {
        quantities(t).into_iter().map(|q| q.value).collect()
    }

    #[test]
    fn quantities_are_read_as_people_type_them() {
        assert_eq!(values("30k troops?"), [30_000]);
        assert_eq!(values("15,000 to 30,000 troops"), [15_000, 30_000]);
        assert_eq!(values("15 000 soldiers"), [15_000]);
        assert_eq!(values("thirty thousand troops"), [30_000]);
        assert_eq!(values("thirty-five thousand"), [35_000]);
        assert_eq!(values("800k"), [800_000]);
        assert_eq!(values("2.5 million euros"), [2_500_000]);
        assert_eq!(values("20 thousand"), [20_000]);
        assert_eq!(values("50000 troops"), [50_000]);
        assert_eq!(values("the £2.26bn loan"), [2_260_000_000]);
        assert_eq!(
            values("£1.6bn for missiles, $50 billion"),
            [1_600_000_000, 50_000_000_000]
        );
        assert_eq!(values("two billion"), [2_000_000_000]);
    }

    #[test]
    fn dates_years_and_small_numbers_are_not_quantities() {
        assert!(values("2026-01-06").is_empty());
        assert!(values("the 2027 summit").is_empty());
        assert!(values("27 heads of state, 35 countries, point 4").is_empty());
        assert!(values("one of them, ten days").is_empty());
        assert!(values("").is_empty());
        assert!(values("k m thousand").is_empty());
        assert_eq!(written(30_000), "30,000");
        assert_eq!(written(800), "800");
        assert_eq!(written(1_500_000), "1,500,000");
    }

    #[test]
    fn any_text_is_read_without_panicking() {
        for t in [
            "9999999999999999999999999,000k",
            "1,",
            "1,00",
            "é1 000",
            "1.",
            "k1",
            "1 k",
        ] {
            let _ = quantities(t);
        }
    }
}
