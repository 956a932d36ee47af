//! Everyday English → the facts' words, from WordNet 3.0.
//!
//! `data/lexicon/wordnet.tsv` is compiled from WordNet by `scripts/lexicon.py` (see its doc for
//! which relations are kept and why: one step from a word's most frequent senses only). The
//! table is embedded as text and searched in place, by bisecting its sorted lines, so loading a
//! fact file costs nothing here and a question pays only for the words the facts do not know.
//!
//! Lookups go through a light version of WordNet's own morphology: a word is tried as typed,
//! then as the base form of an irregular inflection (`wordnet-exc.tsv`), then with the regular
//! endings taken off ("guarding" → "guard", "fortifications" → "fortification").

/// Headword, a tab, related lemmas separated by `|` (a leading `~` marks a relation reached only
/// through a verb's or adjective's senses); sorted by headword; `#` lines are comments.
const TABLE: &str = include_str!("../../data/lexicon/wordnet.tsv");
/// Irregular form, a tab, its base form; sorted.
const EXCEPTIONS: &str = include_str!("../../data/lexicon/wordnet-exc.tsv");

/// Regular endings, as WordNet's morphy detaches them: (ending, replacement).
const DETACH: &[(&str, &str)] = &[
    ("ies", "y"),
    ("ches", "ch"),
    ("shes", "sh"),
    ("sses", "ss"),
    ("xes", "x"),
    ("zes", "z"),
    ("men", "man"),
    ("ing", ""),
    ("ing", "e"),
    ("ied", "y"),
    ("ed", ""),
    ("ed", "e"),
    ("es", "e"),
    ("es", ""),
    ("s", ""),
    ("er", ""),
    ("est", ""),
];

/// The value of `key` in a sorted `key\tvalue` table, found by bisection over its bytes.
fn lookup<'t>(table: &'t str, key: &str) -> Option<&'t str> {
    let bytes = table.as_bytes();
    let (mut lo, mut hi) = (0usize, bytes.len());
    // Invariant: every line starting before `lo` sorts before `key`; the answer, if any, is a
    // line starting in lo..hi.
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        // The start of the line containing `mid`.
        let start = bytes[..mid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |p| start + p);
        let line = table.get(start..end)?;
        let head = line.split('\t').next().unwrap_or("");
        if line.starts_with('#') || head < key {
            lo = end + 1;
        } else if head > key {
            hi = start;
        } else {
            return line.split_once('\t').map(|(_, v)| v);
        }
    }
    None
}

/// The words and phrases WordNet relates to `word` (a folded word), for each base form it may
/// have: synonyms, broader and sister words, derived forms. Empty for a word WordNet lacks.
pub fn related(word: &str) -> Vec<&'static str> {
    related_as(word, false)
}

/// [`related`], without the relations reached only through a verb's or adjective's senses when
/// the word is used as a `noun` ("the budget" does not reach "figure", as "to budget" does).
pub fn related_as(word: &str, noun: bool) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for list in bases(word).iter().filter_map(|b| lookup(TABLE, b)) {
        for r in list.split('|').filter(|r| !r.is_empty()) {
            let (verbal, r) = match r.strip_prefix('~') {
                Some(rest) => (true, rest),
                None => (false, r),
            };
            let skipped = noun && verbal;
            if !skipped && !out.contains(&r) {
                out.push(r);
            }
        }
    }
    out
}

/// Whether WordNet's tagged corpus has `word` (a folded word) in one of its forms, related words
/// or not: an English word the facts do not use is no typo of one they do.
pub fn is_word(word: &str) -> bool {
    bases(word).iter().any(|b| lookup(TABLE, b).is_some())
}

/// The forms `word` may be an inflection of, itself first, as WordNet's morphy finds them.
fn bases(word: &str) -> Vec<String> {
    let mut bases: Vec<String> = vec![word.to_owned()];
    if let Some(base) = lookup(EXCEPTIONS, word) {
        bases.push(base.to_owned());
    }
    for (ending, with) in DETACH {
        if let Some(stem) = word.strip_suffix(ending) {
            if stem.len() >= 2 {
                bases.push(format!("{stem}{with}"));
            }
        }
    }
    bases
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_so_bisection_finds_every_line() {
        let mut last = "";
        for line in TABLE.lines().filter(|l| !l.starts_with('#')) {
            let head = line.split('\t').next().unwrap_or("");
            assert!(head > last, "{head:?} after {last:?}");
            last = head;
        }
        for line in TABLE.lines().filter(|l| !l.starts_with('#')).step_by(97) {
            let (head, value) = line.split_once('\t').expect("a tab");
            assert_eq!(lookup(TABLE, head), Some(value), "{head}");
        }
        assert_eq!(lookup(TABLE, "zzzzzz"), None);
        assert_eq!(lookup(TABLE, ""), None);
        assert_eq!(lookup(TABLE, "a"), lookup(TABLE, "a"));
    }

    #[test]
    fn words_with_nothing_related_are_still_english() {
        assert!(related("journalists").is_empty());
        assert!(is_word("journalists") && is_word("journalist"));
        assert!(!is_word("jurnalista") && !is_word(""));
    }

    #[test]
    fn the_issue_s_words_reach_the_facts_words_and_tanks_do_not_reach_troops() {
        let has = |w: &str, r: &str| related(w).contains(&r);
        assert!(has("job", "role"), "{:?}", related("job"));
        assert!(
            has("fortifications", "fortify"),
            "{:?}",
            related("fortifications")
        );
        // "guard" is a kind of watching; the synonym table reads "observe" as "monitor".
        assert!(has("guarding", "observe"), "{:?}", related("guarding"));
        assert!(has("went", "go") || lookup(EXCEPTIONS, "went") == Some("go"));
        assert!(has("budget", "figure"), "{:?}", related("budget"));
        assert!(
            !related_as("budget", true).contains(&"figure"),
            "{:?}",
            related_as("budget", true)
        );
        // A plural-only synonym is left out: "weather" is not the conditions of a pledge.
        assert!(!related("weather").contains(&"conditions"));
        for w in ["tank", "tanks"] {
            let r = related(w);
            assert!(
                !r.iter()
                    .any(|x| x.contains("troop") || *x == "force" || *x == "soldier"),
                "{w}: {r:?}"
            );
        }
    }
}
