//! Text folding and fuzzy matching shared by entity lookup, autocomplete, validation and `/ask`.

use std::borrow::Cow;

/// English month names, for writing `YYYY-MM-DD` dates the way people read them.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Characters (Unicode code points) in `s`, which is how Discord counts its limits. Most text is
/// ASCII, where bytes are chars; checking that is a fast word-at-a-time scan.
pub fn char_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// Appends `n` in decimal. Answers number their citations on every line, and `write!` costs
/// about ten times this through the formatting machinery.
pub fn push_number(out: &mut String, n: usize) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// Folds text for matching: accents transliterated (`Türkiye` → `turkiye`, `Nicușor` → `nicusor`),
/// lowercase, and every run of non-alphanumerics collapsed to one space, trimmed. `U.K.` folds to
/// `u k`; callers that want `uk` can also compare [`compact`] forms.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    // Transliterate one character at a time: `deunicode::deunicode` on a whole string drops
    // control characters such as `\n` once it holds any non-ASCII letter, gluing the words on
    // either side together ("Élysée\nHost" → "elyseehost").
    let mut push = |b: u8, out: &mut String| {
        if b.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(char::from(b.to_ascii_lowercase()));
        } else {
            pending_space = true;
        }
    };
    // ASCII, most of any text, is handled byte by byte; only other characters go through
    // `transliterate` (the chained iterator per character cost more than the folding itself
    // for `/ask` and autocomplete, which fold many fact texts per request).
    let mut rest = s;
    while !rest.is_empty() {
        let ascii = rest.bytes().take_while(u8::is_ascii).count();
        for b in rest[..ascii].bytes() {
            push(b, &mut out);
        }
        rest = &rest[ascii..];
        let Some(c) = rest.chars().next() else {
            break;
        };
        for t in transliterate(c) {
            // `transliterate` yields ASCII only; a char that is not is a separator, like any
            // other non-alphanumeric.
            push(u8::try_from(t).unwrap_or(b' '), &mut out);
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// One character as ASCII: itself when ASCII, else its transliteration (possibly several letters,
/// possibly none).
fn transliterate(c: char) -> impl Iterator<Item = char> {
    let (own, ascii) = if c.is_ascii() {
        (Some(c), "")
    } else {
        (None, deunicode::deunicode_char(c).unwrap_or(" "))
    };
    own.into_iter().chain(ascii.chars())
}

/// [`fold`] with the spaces removed, so `U.K.`, `uk` and `u-k` compare equal.
pub fn compact(s: &str) -> String {
    fold(s).replace(' ', "")
}

/// The characters of [`compact`]`(s)`, produced lazily without allocating, so a lookup can compare
/// a user's compacted text against every id, name and alias of the facts on each request without
/// folding (and allocating) each candidate. `compact_chars(s).collect::<String>() == compact(s)`.
pub fn compact_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .flat_map(transliterate)
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
}

/// Whether `candidate` compacts to `compacted` (already the output of [`compact`]); the cheap
/// exact-match path of entity lookup.
pub fn compact_eq(compacted: &str, candidate: &str) -> bool {
    if compacted.is_empty() {
        return false;
    }
    if candidate.is_ascii() {
        // ASCII transliterates to itself, so ids and most names compare byte by byte, without
        // the per-character transliteration chain (this runs for every id, name and alias).
        let bytes = candidate
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| b.to_ascii_lowercase());
        return compacted.bytes().eq(bytes);
    }
    compacted.chars().eq(compact_chars(candidate))
}

/// Longest query the fuzzy matcher looks at. Entity options are at most 100 characters in
/// Discord, but console lines and button ids are not; capping keeps the quadratic edit distances
/// cheap on a 6000-character paste instead of letting one request take milliseconds.
const MAX_FUZZY_CHARS: usize = 64;

/// How well a user's text matches one candidate string, from 0 (nothing alike) to 1 (the same once
/// folded). Both arguments must already be [`fold`]ed. The score is tiered so that the kinds of
/// match people expect to win do win: an exact match, then a prefix (`starm` → `starmer`), then
/// every typed word starting a word of the candidate (`keir` → `keir starmer`), then a substring,
/// and only then typo tolerance (`macorn` → `macron`), via Jaro–Winkler on the whole text and on
/// word pairs, and normalised Damerau–Levenshtein (which counts a swap of two letters as one edit).
pub fn similarity(query: &str, candidate: &str) -> f64 {
    let query = truncate_chars(query, MAX_FUZZY_CHARS);
    let candidate = truncate_chars(candidate, MAX_FUZZY_CHARS);
    if query.is_empty() || candidate.is_empty() {
        return 0.0;
    }
    // Folded text is ASCII: its space-free forms fit buffers on the stack, so scoring one
    // candidate allocates nothing (autocomplete scores every name of the facts per keystroke).
    if query.is_ascii() && candidate.is_ascii() {
        let (mut qb, mut cb) = ([0u8; MAX_FUZZY_CHARS], [0u8; MAX_FUZZY_CHARS]);
        let qc = without_spaces(query, &mut qb);
        let cc = without_spaces(candidate, &mut cb);
        return tiers(query, candidate, qc, cc);
    }
    let qc: String = query.chars().filter(|c| *c != ' ').collect();
    let cc: String = candidate.chars().filter(|c| *c != ' ').collect();
    tiers(query, candidate, &qc, &cc)
}

/// `s` (ASCII, at most [`MAX_FUZZY_CHARS`] bytes) without its spaces, written into `buf`.
fn without_spaces<'b>(s: &str, buf: &'b mut [u8; MAX_FUZZY_CHARS]) -> &'b str {
    let mut n = 0;
    for b in s.bytes().filter(|&b| b != b' ') {
        buf[n] = b;
        n += 1;
    }
    std::str::from_utf8(&buf[..n]).unwrap_or_default()
}

/// [`similarity`] once the space-free forms `qc` and `cc` are made.
fn tiers(query: &str, candidate: &str, qc: &str, cc: &str) -> f64 {
    if let Some(score) = literal(query, candidate, qc, cc) {
        return score;
    }
    // One or two letters match almost anything by typo tolerance; only literal matches count.
    if qc.chars().count() < 3 {
        return 0.0;
    }
    fuzzy(query, candidate, qc, cc)
}

/// The literal tiers of [`similarity`]: exact, prefix, word starts, substring. Every score here
/// is above 0.8, and no typo-tolerant score is (those are scaled to at most 0.8).
fn literal(query: &str, candidate: &str, qc: &str, cc: &str) -> Option<f64> {
    if qc == cc {
        return Some(1.0);
    }
    // How much of the candidate the query covers: a longer partial match is a better one.
    let coverage = qc.len() as f64 / cc.len().max(qc.len()) as f64;
    if cc.starts_with(qc) {
        return Some(0.9 + 0.09 * coverage);
    }
    if query
        .split(' ')
        .all(|q| candidate.split(' ').any(|w| w.starts_with(q)))
    {
        return Some(0.85 + 0.04 * coverage);
    }
    if qc.len() >= 3 && cc.contains(qc) {
        return Some(0.8 + 0.04 * coverage);
    }
    None
}

/// The typo-tolerant tier of [`similarity`], at most 0.8.
fn fuzzy(query: &str, candidate: &str, qc: &str, cc: &str) -> f64 {
    let words = || candidate.split(' ');
    let jaro = jaro_winkler(query, candidate);
    // Each typed word against its best word of the candidate, so `macorn` finds `emmanuel macron`.
    let mut per_word = 0.0;
    let mut typed = 0usize;
    for q in query.split(' ') {
        per_word += words().map(|w| jaro_winkler(q, w)).fold(0.0, f64::max);
        typed += 1;
    }
    let per_word = if typed == 0 {
        0.0
    } else {
        per_word / typed as f64
    };
    let best = jaro.max(per_word);
    // Normalised Damerau–Levenshtein is 1 − edits / longer length, and every char one text has
    // beyond the other is an edit, so it is at most 1 − difference / longer length. When that
    // cannot beat the other scores the maximum is the same without it, and the quadratic edit
    // distance (most of an autocomplete request, where partials are far shorter than names) is
    // skipped.
    let (lq, lc) = (qc.chars().count(), cc.chars().count());
    let bound = 1.0 - lq.abs_diff(lc) as f64 / lq.max(lc) as f64;
    let whole = if bound > best {
        best.max(normalized_damerau_levenshtein(qc, cc))
    } else {
        best
    };
    // Scaled below the substring tier: a typo is a worse match than anything literally typed.
    whole * 0.8
}

/// The literal tiers of [`similarity`] alone (exact, prefix, word starts, substring: all above
/// 0.8), or `None` when only typo tolerance could match.
pub fn literal_similarity(query: &str, candidate: &str) -> Option<f64> {
    let query = truncate_chars(query, MAX_FUZZY_CHARS);
    let candidate = truncate_chars(candidate, MAX_FUZZY_CHARS);
    if query.is_empty() || candidate.is_empty() {
        return None;
    }
    if query.is_ascii() && candidate.is_ascii() {
        let (mut qb, mut cb) = ([0u8; MAX_FUZZY_CHARS], [0u8; MAX_FUZZY_CHARS]);
        let qc = without_spaces(query, &mut qb);
        let cc = without_spaces(candidate, &mut cb);
        return literal(query, candidate, qc, cc);
    }
    let qc: String = query.chars().filter(|c| *c != ' ').collect();
    let cc: String = candidate.chars().filter(|c| *c != ' ').collect();
    literal(query, candidate, &qc, &cc)
}

/// What every literal match of `query` (folded) contains once its spaces are removed: the first
/// word of the part [`similarity`] looks at. A substring search for it finds every candidate
/// that can match literally.
pub fn literal_needle(query: &str) -> &str {
    let query = truncate_chars(query, MAX_FUZZY_CHARS);
    query.split(' ').next().unwrap_or_default()
}

/// [`similarity`] when it is at least `floor`, and 0 when it is provably below: autocomplete
/// keeps only candidates above a threshold, and most names are nowhere near a typed partial, so
/// the typo-tolerant scores (most of the cost) are skipped where a cheap bound shows they cannot
/// reach `floor`. The bound counts, in one pass over the candidate, the letters the query also
/// has: Jaro–Winkler cannot match more letters than that. Scoring many candidates against one
/// query, [`Typed::similarity_above`] prepares the query once.
pub fn similarity_above(query: &str, candidate: &str, floor: f64) -> f64 {
    Typed::new(query).similarity_above(candidate, floor)
}

/// Query words the letter bound of [`Typed`] looks at one by one; a longer query gets only the
/// trivial bound.
const BOUND_WORDS: usize = 8;

/// A typed (folded) query prepared for [`Typed::similarity_above`] against many candidates: its
/// truncated form, its space-free form and the letters of each word, made once per keystroke
/// rather than once per name compared.
pub struct Typed<'q> {
    query: &'q str,
    ascii: bool,
    compact: [u8; MAX_FUZZY_CHARS],
    compact_len: usize,
    /// The query's words (the first `word_count`), when there are at most [`BOUND_WORDS`].
    words: [&'q str; BOUND_WORDS],
    word_count: Option<usize>,
    /// Per word, the set of its letters (ASCII, as bits).
    masks: [u128; BOUND_WORDS],
    /// The letters of the whole query.
    all: u128,
}

/// Bit `b & 0x7f` of a letter set.
fn letter(b: u8) -> u128 {
    1u128 << (b & 0x7f)
}

impl<'q> Typed<'q> {
    pub fn new(query: &'q str) -> Typed<'q> {
        let query = truncate_chars(query, MAX_FUZZY_CHARS);
        let ascii = query.is_ascii();
        let mut compact = [0u8; MAX_FUZZY_CHARS];
        let compact_len = if ascii {
            without_spaces(query, &mut compact).len()
        } else {
            0
        };
        let mut masks = [0u128; BOUND_WORDS];
        let mut words = [""; BOUND_WORDS];
        let mut word_count = Some(0);
        for (i, w) in query.split(' ').enumerate() {
            if i == BOUND_WORDS {
                word_count = None;
                break;
            }
            words[i] = w;
            masks[i] = w.bytes().fold(0, |m, b| m | letter(b));
            word_count = Some(i + 1);
        }
        let all = query.bytes().fold(0, |m, b| m | letter(b));
        Typed {
            query,
            ascii,
            compact,
            compact_len,
            words,
            word_count,
            masks,
            all,
        }
    }

    /// [`similarity_above`] for this query.
    pub fn similarity_above(&self, candidate: &str, floor: f64) -> f64 {
        let query = self.query;
        let candidate = match self.fast_path(candidate) {
            Ok(c) => c,
            Err(score) => return score,
        };
        let qc = std::str::from_utf8(&self.compact[..self.compact_len]).unwrap_or_default();
        let mut cb = [0u8; MAX_FUZZY_CHARS];
        let cc = without_spaces(candidate, &mut cb);
        if let Some(score) = literal(query, candidate, qc, cc) {
            return score;
        }
        if qc.len() < 3 {
            return 0.0;
        }
        // Fuzzy scores are scaled by 0.8; a little slack keeps float rounding on the safe side.
        if 0.8 * self.fuzzy_bound(candidate, qc.len(), cc.len()) < floor - 1e-9 {
            return 0.0;
        }
        fuzzy(query, candidate, qc, cc)
    }

    /// [`Typed::similarity_above`] for a candidate known not to match literally: one whose
    /// space-free form does not contain [`Typed::needle`] (which every literal match contains).
    /// The literal tiers are skipped, and the space-free form is only made for the few
    /// candidates the letter bound lets through.
    pub fn fuzzy_above(&self, candidate: &str, floor: f64) -> f64 {
        let query = self.query;
        let candidate = match self.fast_path(candidate) {
            Ok(c) => c,
            Err(score) => return score,
        };
        let lq = self.compact_len;
        if lq < 3 {
            return 0.0;
        }
        let lc = candidate.bytes().filter(|&b| b != b' ').count();
        if 0.8 * self.fuzzy_bound(candidate, lq, lc) < floor - 1e-9 {
            return 0.0;
        }
        let qc = std::str::from_utf8(&self.compact[..lq]).unwrap_or_default();
        let mut cb = [0u8; MAX_FUZZY_CHARS];
        let cc = without_spaces(candidate, &mut cb);
        fuzzy(query, candidate, qc, cc)
    }

    /// The candidate cut to [`MAX_FUZZY_CHARS`] when the fast scoring of this query applies to
    /// it; otherwise its score: 0 with nothing to compare, or [`similarity`]'s own for text that
    /// is not all ASCII. Both [`Typed::similarity_above`] and [`Typed::fuzzy_above`] start here.
    fn fast_path<'c>(&self, candidate: &'c str) -> Result<&'c str, f64> {
        let candidate = truncate_chars(candidate, MAX_FUZZY_CHARS);
        if self.query.is_empty() || candidate.is_empty() {
            return Err(0.0);
        }
        if !(self.ascii && candidate.is_ascii()) {
            return Err(similarity(self.query, candidate));
        }
        Ok(candidate)
    }

    /// An upper bound of the unscaled fuzzy score of [`similarity`] (ASCII text, already
    /// truncated; `lq` and `lc` the space-free lengths).
    fn fuzzy_bound(&self, candidate: &str, lq: usize, lc: usize) -> f64 {
        // Jaro is at most (m/|a| + m/|b| + 1) / 3 with m matches, and Winkler's boost adds
        // 0.1 × (common prefix, at most 4) × (1 − jaro) above 0.7, increasing with jaro.
        let winkler = |j: f64, a: &str, b: &str| {
            if j > 0.7 {
                let prefix = a.bytes().take(4).zip(b.bytes()).take_while(|(x, y)| x == y);
                j + 0.1 * prefix.count() as f64 * (1.0 - j)
            } else {
                j
            }
        };
        let jaro_ub = |m: usize, la: usize, lb: usize| -> f64 {
            if la == 0 || lb == 0 {
                return if la == lb { 1.0 } else { 0.0 };
            }
            let m = m.min(la).min(lb);
            if m == 0 {
                0.0
            } else {
                (m as f64 / la as f64 + m as f64 / lb as f64 + 1.0) / 3.0
            }
        };
        let Some(count) = self.word_count else {
            // A long query: no per-word bound, only the trivial one.
            return 1.0;
        };
        let words = &self.words[..count];
        let masks = &self.masks[..words.len()];
        // Letters of the whole candidate the query has, and per candidate word, the letters
        // each query word has; each query word keeps its best word's bound.
        let whole = candidate
            .bytes()
            .filter(|&b| self.all & letter(b) != 0)
            .count();
        let mut best = [0f64; BOUND_WORDS];
        let mut hits = [0usize; BOUND_WORDS];
        let bytes = candidate.as_bytes();
        let mut start = 0;
        // One pass over the candidate's bytes; a space (or the end) closes a word.
        for at in 0..=bytes.len() {
            match bytes.get(at) {
                Some(&b) if b != b' ' => {
                    let bit = letter(b);
                    for (hit, mask) in hits.iter_mut().zip(masks) {
                        *hit += usize::from(mask & bit != 0);
                    }
                }
                _ => {
                    let w = &candidate[start..at];
                    for (i, q) in words.iter().enumerate() {
                        best[i] = best[i].max(winkler(jaro_ub(hits[i], q.len(), w.len()), q, w));
                        hits[i] = 0;
                    }
                    start = at + 1;
                }
            }
        }
        let per_word = best[..words.len()].iter().sum::<f64>() / words.len().max(1) as f64;
        let query = self.query;
        let whole = winkler(
            jaro_ub(whole, query.len(), candidate.len()),
            query,
            candidate,
        );
        let dl = lq.min(lc) as f64 / lq.max(lc).max(1) as f64;
        whole.max(per_word).max(dl)
    }

    /// [`literal_similarity`] for this query.
    pub fn literal(&self, candidate: &str) -> Option<f64> {
        literal_similarity(self.query, candidate)
    }

    /// [`literal_needle`] for this query.
    pub fn needle(&self) -> &'q str {
        literal_needle(self.query)
    }

    pub fn is_empty(&self) -> bool {
        self.query.is_empty()
    }
}

/// Whether both texts are ASCII and short enough for the stack-buffer versions below.
fn short_ascii(a: &str, b: &str) -> bool {
    a.len() <= MAX_FUZZY_CHARS && b.len() <= MAX_FUZZY_CHARS && a.is_ascii() && b.is_ascii()
}

/// `strsim::jaro_winkler`, computed the same way (same matches, transpositions, prefix boost and
/// order of float operations, so the same bits), without its allocation for short ASCII text.
fn jaro_winkler(a: &str, b: &str) -> f64 {
    if !short_ascii(a, b) {
        return strsim::jaro_winkler(a, b);
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let sim = jaro(a, b);
    if sim > 0.7 {
        let prefix = a.iter().take(4).zip(b).take_while(|(x, y)| x == y).count();
        sim + 0.1 * prefix as f64 * (1.0 - sim)
    } else {
        sim
    }
}

/// `strsim::jaro` on bytes, at most [`MAX_FUZZY_CHARS`] each.
fn jaro(a: &[u8], b: &[u8]) -> f64 {
    let (la, lb) = (a.len(), b.len());
    if la == 0 && lb == 0 {
        return 1.0;
    } else if la == 0 || lb == 0 {
        return 0.0;
    }
    let range = (la.max(lb) / 2).saturating_sub(1);
    let mut a_flags = [false; MAX_FUZZY_CHARS];
    let mut b_flags = [false; MAX_FUZZY_CHARS];
    let mut matches = 0usize;
    for (i, &x) in a.iter().enumerate() {
        let lo = i.saturating_sub(range);
        let hi = lb.min(i + range + 1);
        for j in lo..hi {
            if x == b[j] && !b_flags[j] {
                a_flags[i] = true;
                b_flags[j] = true;
                matches += 1;
                break;
            }
        }
    }
    if matches == 0 {
        return 0.0;
    }
    let mut transpositions = 0usize;
    let mut j = 0;
    for (i, &x) in a.iter().enumerate() {
        if a_flags[i] {
            while !b_flags[j] {
                j += 1;
            }
            if x != b[j] {
                transpositions += 1;
            }
            j += 1;
        }
    }
    transpositions /= 2;
    ((matches as f64 / la as f64)
        + (matches as f64 / lb as f64)
        + ((matches - transpositions) as f64 / matches as f64))
        / 3.0
}

/// `strsim::normalized_damerau_levenshtein` (the same Zhao–Sahni linear-space algorithm), with
/// its rows on the stack for short ASCII text.
fn normalized_damerau_levenshtein(a: &str, b: &str) -> f64 {
    if !short_ascii(a, b) {
        return strsim::normalized_damerau_levenshtein(a, b);
    }
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (s1, s2) = (a.as_bytes(), b.as_bytes());
    let (len1, len2) = (s1.len(), s2.len());
    let max_val = len1.max(len2) as isize + 1;
    const ROW: usize = MAX_FUZZY_CHARS + 2;
    let mut last_row_id = [-1isize; 128];
    let mut fr = [max_val; ROW];
    let mut row_a = [max_val; ROW];
    let mut row_b = [0isize; ROW];
    row_b[0] = max_val;
    for (k, cell) in row_b.iter_mut().enumerate().skip(1) {
        *cell = k as isize - 1;
    }
    let (mut r1, mut r) = (&mut row_a, &mut row_b);
    for (i, &ch1) in s1.iter().enumerate().map(|(i, c)| (i as isize + 1, c)) {
        std::mem::swap(&mut r, &mut r1);
        let mut last_col_id: isize = -1;
        let mut last_i2l1 = r[1];
        r[1] = i;
        let mut t = max_val;
        for (j, &ch2) in s2.iter().enumerate().map(|(j, c)| (j + 1, c)) {
            let diag = r1[j] + isize::from(ch1 != ch2);
            let left = r[j] + 1;
            let up = r1[j + 1] + 1;
            let mut temp = diag.min(left.min(up));
            if ch1 == ch2 {
                last_col_id = j as isize;
                fr[j + 1] = r1[j - 1];
                t = last_i2l1;
            } else {
                let k = last_row_id[usize::from(ch2)];
                let l = last_col_id;
                if j as isize - l == 1 {
                    temp = temp.min(fr[j + 1] + (i - k));
                } else if i - k == 1 {
                    temp = temp.min(t + (j as isize - l));
                }
            }
            last_i2l1 = r[j + 1];
            r[j + 1] = temp;
        }
        last_row_id[usize::from(ch1)] = i;
    }
    let dist = r[len2 + 1] as usize;
    1.0 - (dist as f64) / (len1.max(len2) as f64)
}

/// Below this [`similarity`], a candidate is not worth offering as "did you mean".
pub const SUGGEST_THRESHOLD: f64 = 0.62;

/// Ranks candidates against a user's text, best first. Each candidate is a value with the strings
/// it answers to (id, name, aliases), already [`fold`]ed; its score is its best string's. Ties keep
/// the candidates' order, so callers put the most useful entries first. Only scores of at least
/// `threshold` are kept, and at most `limit` results.
pub fn rank<T, I, L, S>(query: &str, candidates: I, threshold: f64, limit: usize) -> Vec<(T, f64)>
where
    I: IntoIterator<Item = (T, L)>,
    L: AsRef<[S]>,
    S: AsRef<str>,
{
    let query = fold(truncate_chars(query, MAX_FUZZY_CHARS * 4));
    let mut scored: Vec<(usize, T, f64)> = candidates
        .into_iter()
        .enumerate()
        .filter_map(|(i, (value, strings))| {
            let best = strings
                .as_ref()
                .iter()
                .map(|s| similarity(&query, s.as_ref()))
                .fold(0.0, f64::max);
            (best >= threshold).then_some((i, value, best))
        })
        .collect();
    scored.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
    scored
        .into_iter()
        .take(limit)
        .map(|(_, v, s)| (v, s))
        .collect()
}

/// Marks text that was cut, so a reader knows there is more.
pub const ELLIPSIS: char = '…';

/// Byte index just after the first `n` chars of `s` (or `s.len()` if it is shorter).
pub(crate) fn byte_index(s: &str, n: usize) -> usize {
    // Fast paths: no more bytes than `n` means no more chars; `n` ASCII bytes are `n` chars,
    // and the byte after an ASCII byte always starts a char.
    if s.len() <= n {
        return s.len();
    }
    if s.as_bytes()[..n].is_ascii() {
        return n;
    }
    // Counting the bytes that start a char costs about a third of `char_indices().nth(n)`, which
    // was 12k of /help's 62k instructions (callgrind), walking its 1,000-char section.
    let mut chars = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if !is_continuation(b) {
            if chars == n {
                return i;
            }
            chars += 1;
        }
    }
    s.len()
}

/// Whether `b` continues a UTF-8 char rather than starting one (`0b10xx_xxxx`).
fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// Where [`clip`] may cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// At the last char that fits, even inside a word.
    Anywhere,
    /// Before the last word that does not fit whole, and before any `,;:` left at the end, so a
    /// clipped lead never shows half a word (a text with no space is cut anywhere).
    AtWord,
}

/// Whitespace-trimmed `s` in at most `max` chars: [`clip`] anywhere.
pub fn fit(s: &str, max: usize) -> Cow<'_, str> {
    clip(s, max, Cut::Anywhere)
}

/// The one cut with an ellipsis: whitespace-trimmed `s` in at most `max` chars. When it is cut,
/// the kept text is trimmed again at its end and "…" is added, within `max`. Borrows when nothing
/// has to change, which is the common case on the hot path.
pub fn clip(s: &str, max: usize, cut: Cut) -> Cow<'_, str> {
    let s = s.trim();
    let end = byte_index(s, max);
    if end == s.len() {
        return Cow::Borrowed(s);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let mut keep = &s[..byte_index(s, max - 1)];
    if cut == Cut::AtWord {
        if let Some(i) = keep.rfind(' ') {
            keep = keep[..i].trim_end().trim_end_matches([',', ';', ':']);
        }
    }
    let keep = keep.trim_end();
    let mut out = String::with_capacity(keep.len() + ELLIPSIS.len_utf8());
    out.push_str(keep);
    out.push(ELLIPSIS);
    Cow::Owned(out)
}

/// Splits `s` into pieces of at most `max` chars: the one rule for text continued over several
/// sections or fields. Lines are packed whole while they fit; a line longer than `max` is first
/// broken at the last space that fits (a word longer than `max` is cut where it must be), and
/// its parts are packed like lines. The newline or space broken at is dropped, and so are empty
/// lines at the start of a piece, so no piece is empty. Each piece is a slice of `s`.
pub fn split(s: &str, max: usize) -> Vec<&str> {
    let mut pieces = Vec::new();
    if max == 0 {
        return pieces;
    }
    // The usual text fits whole: std's char count says so faster than a walk to `max` chars.
    if char_len(s) <= max {
        if !s.trim_start_matches('\n').is_empty() {
            pieces.push(s.trim_start_matches('\n'));
        }
        return pieces;
    }
    // The piece being packed: its byte range in `s` and its length in chars.
    let mut open: Option<(usize, usize, usize)> = None;
    let mut line_start = 0;
    for line in s.split('\n') {
        let mut rest = line;
        let mut at = line_start;
        line_start += line.len() + 1;
        loop {
            // The next part of the line: all of it if it fits, else up to its last space that
            // fits (the char just past `max` may be that space), else `max` chars of a word.
            let end = byte_index(rest, max);
            let (part, skip) = if end == rest.len() {
                (rest.len(), 0)
            } else {
                let past = rest[end..].chars().next().map_or(0, char::len_utf8);
                match rest[..end + past].rfind(' ').filter(|&i| i > 0) {
                    Some(i) => (i, 1),
                    None => (end, 0),
                }
            };
            let n = char_len(&rest[..part]);
            open = match open {
                Some((from, _, len)) if len + 1 + n <= max => Some((from, at + part, len + 1 + n)),
                Some((from, to, _)) => {
                    pieces.push(&s[from..to]);
                    (n > 0).then_some((at, at + part, n))
                }
                None => (n > 0).then_some((at, at + part, n)),
            };
            if part == rest.len() {
                break;
            }
            at += part + skip;
            rest = &rest[part + skip..];
        }
    }
    if let Some((from, to, _)) = open {
        pieces.push(&s[from..to]);
    }
    pieces
}

/// The first `max` characters of `s` (not bytes, so it never splits a character).
fn truncate_chars(s: &str, max: usize) -> &str {
    // byte_index's fast paths: no more bytes than `max`, or `max` ASCII bytes, need no walk.
    &s[..byte_index(s, max)]
}

/// How much of a user's text (a name, an option value, a command) a reply quotes, whatever the
/// door: enough to recognise what was typed, too little to turn a reply into an echo chamber.
pub const ECHO_MAX: usize = 100;

/// User text made safe to echo inside a reply: control and invisible formatting characters
/// dropped, [`fit`] to `max` characters, markdown escaped, and mentions defused with a zero-width
/// space so `@everyone` or `<@123>` can never ping even if a client ignored `allowed_mentions`.
pub fn quote_user(s: &str, max: usize) -> String {
    let visible: String = s
        .chars()
        .filter(|&c| !c.is_control() && !is_invisible(c))
        .collect();
    let visible = fit(&visible, max);
    let mut out = String::with_capacity(visible.len() + 8);
    for c in visible.chars() {
        match c {
            '\\' | '*' | '_' | '~' | '`' | '|' | '>' | '#' | '[' | ']' | '(' | ')' | '-' | ':' => {
                out.push('\\');
                out.push(c);
            }
            '@' => out.push_str("@\u{200B}"),
            '<' => out.push_str("<\u{200B}"),
            _ => out.push(c),
        }
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
    use proptest::prelude::*;

    fn same_as_strsim(a: &str, b: &str) -> Result<(), TestCaseError> {
        prop_assert_eq!(
            jaro_winkler(a, b).to_bits(),
            strsim::jaro_winkler(a, b).to_bits()
        );
        prop_assert_eq!(
            normalized_damerau_levenshtein(a, b).to_bits(),
            strsim::normalized_damerau_levenshtein(a, b).to_bits()
        );
        Ok(())
    }

    /// A bounded score is the full score when that reaches the floor, and below the floor
    /// otherwise.
    fn keeps_above_floor(full: f64, bounded: f64, floor: f64) -> Result<(), TestCaseError> {
        if full >= floor {
            prop_assert_eq!(bounded.to_bits(), full.to_bits());
        } else {
            prop_assert!(
                bounded < floor,
                "full {} bounded {} floor {}",
                full,
                bounded,
                floor
            );
        }
        Ok(())
    }

    proptest! {
        /// The allocation-free versions give strsim's results bit for bit, so autocomplete ranks
        /// exactly as it did with strsim.
        #[test]
        fn fast_fuzzy_scores_are_strsims(a in "[a-e0-1 ]{0,70}", b in "[a-e0-1 ]{0,70}") {
            same_as_strsim(&a, &b)?;
        }

        /// The bounded score is the score whenever that reaches the floor, and below the floor
        /// otherwise.
        #[test]
        fn bounded_scores_keep_everything_above_the_floor(
            q in "[a-e ]{1,12}",
            c in "[a-f ]{1,40}",
            floor in 0.5f64..0.9,
        ) {
            let (q, c) = (fold(&q), fold(&c));
            let full = similarity(&q, &c);
            keeps_above_floor(full, similarity_above(&q, &c, floor), floor)?;
        }

        /// A candidate that cannot match literally (autocomplete knows which from the names'
        /// substring index) gets the same score, or one as far below the floor, without the
        /// literal tiers.
        #[test]
        fn fuzzy_only_scores_keep_everything_above_the_floor(
            q in "[a-e ]{1,12}",
            c in "[a-f ]{1,40}",
            floor in 0.5f64..0.9,
        ) {
            let (q, c) = (fold(&q), fold(&c));
            prop_assume!(literal_similarity(&q, &c).is_none());
            let full = similarity(&q, &c);
            keeps_above_floor(full, Typed::new(&q).fuzzy_above(&c, floor), floor)?;
        }

        /// The byte-counting walk finds the char boundary `char_indices` would.
        #[test]
        fn byte_index_is_the_nth_char_boundary(s in "[a-zé€😀 ]{0,40}", n in 0usize..50) {
            let expected = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
            prop_assert_eq!(byte_index(&s, n), expected);
        }

        #[test]
        fn fast_fuzzy_scores_agree_on_words(a in "[a-z]{0,12}", b in "[a-z]{0,12}") {
            same_as_strsim(&a, &b)?;
        }
    }

    #[test]
    fn fold_agrees_with_the_char_by_char_definition() {
        let reference = |s: &str| {
            let mut out = String::new();
            let mut pending_space = false;
            for c in s.chars().flat_map(transliterate) {
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
        };
        for s in [
            "",
            " ",
            "Türkiye",
            "  Nicușor   DAN ",
            "Élysée\nHost",
            "U.K.",
            "日本 and 東京",
            "Zelenskyy’s “plan” — 30,000 troops",
            "ß æ œ ø ĳ",
            "a\u{301}b",
            "🇺🇦 Ukraine 🙂",
            "x\u{200B}y",
            "ÀÉÎÕÜ-ñ_ç",
            "end é",
        ] {
            assert_eq!(fold(s), reference(s), "{s:?}");
        }
    }

    #[test]
    fn edit_similarity_never_beats_its_length_bound() {
        // `similarity` skips the edit distance when this bound says it cannot win.
        let words = [
            "starm",
            "starmer",
            "keirstarmer",
            "macorn",
            "emmanuelmacron",
            "uk",
            "nato",
            "zelenskyy",
            "zelensky",
            "turkiye",
            "ab",
            "ba",
            "abc",
            "cab",
            "x",
        ];
        for a in words {
            for b in words {
                let (la, lb) = (a.chars().count(), b.chars().count());
                let bound = 1.0 - la.abs_diff(lb) as f64 / la.max(lb) as f64;
                assert!(
                    strsim::normalized_damerau_levenshtein(a, b) <= bound,
                    "{a} {b}"
                );
            }
        }
    }

    #[test]
    fn compact_eq_agrees_with_compact() {
        let texts = [
            "",
            "uk",
            "U.K.",
            "u-k",
            "UK ",
            "Keir Starmer",
            "keirstarmer",
            "Türkiye",
            "turkiye",
            "Nicușor Dan",
            "nicusordan",
            "E.U.",
            "eu",
            "日本",
            "a b",
            "ab",
            "x1",
            "X-1",
        ];
        for a in texts {
            let compacted = compact(a);
            for b in texts {
                assert_eq!(
                    compact_eq(&compacted, b),
                    !compacted.is_empty() && compacted == compact(b),
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn numbers_read_as_formatted() {
        for n in [0, 7, 10, 99, 100, 12_345, usize::MAX] {
            let mut s = "x".to_owned();
            push_number(&mut s, n);
            assert_eq!(s, format!("x{n}"));
        }
    }

    #[test]
    fn folds_case_accents_and_punctuation() {
        assert_eq!(fold("Türkiye"), "turkiye");
        assert_eq!(fold("  Nicușor   DAN "), "nicusor dan");
        assert_eq!(fold("U.K."), "u k");
        assert_eq!(compact("U.K."), "uk");
        assert_eq!(fold("von der Leyen!"), "von der leyen");
        assert_eq!(fold("Élysée, France\nHost"), "elysee france host");
        assert_eq!(
            compact_chars("Élysée\nU.K.").collect::<String>(),
            "elyseeuk"
        );
    }

    #[test]
    fn quoting_defuses_mentions_and_markdown() {
        let q = quote_user("@everyone **hi** <@123>\u{202E}", 100);
        assert!(!q.contains("@everyone"));
        assert!(!q.contains("<@"));
        assert!(q.contains("\\*\\*hi\\*\\*"));
        assert!(!q.contains('\u{202E}'));
        assert_eq!(quote_user("abcdef", 3), "ab…");
    }

    #[test]
    fn compact_chars_agrees_with_compact() {
        for s in [
            "U.K.",
            "Türkiye",
            "Nicușor Dan",
            "Zelenskyy!",
            "北京",
            "",
            "  -- ",
            "Ünited-Kingdom",
        ] {
            assert_eq!(compact_chars(s).collect::<String>(), compact(s), "{s}");
        }
        assert!(compact_eq("unitedkingdom", "United Kingdom"));
        assert!(compact_eq("uk", "U.K."));
        assert!(!compact_eq("", "--"));
        assert!(!compact_eq("uk", "ukraine"));
    }

    #[test]
    fn similarity_prefers_literal_matches_over_typos() {
        let exact = similarity("macron", "macron");
        let prefix = similarity("macr", "macron");
        let word = similarity("macron", "emmanuel macron");
        let typo = similarity("macorn", "emmanuel macron");
        let unrelated = similarity("macorn", "keir starmer");
        assert_eq!(exact, 1.0);
        assert!(
            exact > prefix && prefix > word && word > typo,
            "{prefix} {word} {typo}"
        );
        assert!(typo >= SUGGEST_THRESHOLD, "{typo}");
        assert!(unrelated < SUGGEST_THRESHOLD, "{unrelated}");
        assert_eq!(similarity("", "macron"), 0.0);
    }

    #[test]
    fn rank_orders_best_first_and_keeps_ties_in_order() {
        let candidates = vec![
            ("starmer", vec![fold("Keir Starmer"), fold("starmer")]),
            ("macron", vec![fold("Emmanuel Macron"), fold("macron")]),
            ("merz", vec![fold("Friedrich Merz"), fold("merz")]),
        ];
        let ranked = rank("Macorn", candidates.clone(), SUGGEST_THRESHOLD, 5);
        assert_eq!(ranked.first().map(|r| r.0), Some("macron"));
        let all = rank("", candidates.clone(), 0.0, 5);
        assert_eq!(
            all.iter().map(|r| r.0).collect::<Vec<_>>(),
            ["starmer", "macron", "merz"]
        );
        let long = "é".repeat(6000);
        assert!(rank(&long, candidates, SUGGEST_THRESHOLD, 5).is_empty());
    }
}
