#!/usr/bin/env python3
"""Compiles data/lexicon/wordnet.tsv, the table /ask uses to bridge everyday English to the facts'
words, from the WordNet 3.0 database (Debian: `apt-get install wordnet-base`, files under
/usr/share/wordnet). The build and the tests never read WordNet; they read the vendored table.

Usage: python3 scripts/lexicon.py [WORDNET_DIR [OUT_DIR]]   (default: /usr/share/wordnet data/lexicon)

One line per headword (a single lowercase word that WordNet's sense-tagged corpus has seen), then
a tab, then the words and phrases it may stand for, separated by "|" (none for some words: the
line still says the word is English, see `lexicon::is_word`):

* synonyms: the other lemmas of its most frequent senses (at most MAX_SENSES);
* broader words: for verbs and adjectives, the direct hypernyms of its first MAX_LINK_SENSES
  senses (a noun's hypernym is a wider class, which does not answer for its member);
* sister words: the other hyponyms of those hypernyms, when the hypernym is specific (at most
  MAX_SIBLINGS hyponyms), so "job" (a task, a duty) meets "role" (a duty);
* derived forms: the derivationally related lemmas of those senses in another part of speech,
  and pertainyms ("fortify" for "fortification", "europe" for "european").

A relation reached only through a verb's or an adjective's senses is written with a leading "~":
a word used as a noun ("what's the budget") does not follow it ("budget" → "figure", as in "to
figure"), since its noun senses do not say that.

Only the most frequent senses are followed, and only one step: WordNet's rare senses and long
chains reach almost anything ("guard" as a military unit is a "force"), and a word that reaches
a fact's word counts as covered, so a loose link would turn an honest refusal into a wrong answer.
data/lexicon/wordnet-exc.tsv lists WordNet's irregular forms ("went\tgo").
Every link is made symmetric, as only the question's words are looked up.
"""

import os
import sys

MAX_SENSES = 2
MAX_LINK_SENSES = 1
MAX_SIBLINGS = 8
MAX_GENERAL = 60
MIN_SHARE = 0.34
POS = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}


def lemma(w):
    return w.lower().replace("_", " ")


def main(argv):
    wn = argv[1] if len(argv) > 1 else "/usr/share/wordnet"
    # Sense-tagged frequencies: only words seen in the tagged corpus become headwords.
    seen = set()
    counts = {}  # (word, pos, sense number) -> tag count
    ss_pos = {"1": "n", "2": "v", "3": "a", "4": "r", "5": "a"}
    with open(os.path.join(wn, "cntlist.rev")) as f:
        for line in f:
            key, sense, count = line.split()
            word, rest = key.split("%", 1)
            word = word.replace("_", " ")
            seen.add(word)
            k = (word, ss_pos[rest[0]], int(sense))
            counts[k] = counts.get(k, 0) + int(count)
    top = {}
    for (word, _, _), c in counts.items():
        top[word] = max(top.get(word, 0), c)
    # Lemmas so general that they stand for almost anything ("be", "act", "activity"): the
    # hypernyms of very many synsets. Reaching one says nothing about a question's meaning.
    general = set()
    synsets = {}  # (pos, offset) -> (lemmas, pointers)
    for p, name in POS.items():
        with open(os.path.join(wn, "data." + name), encoding="latin-1") as f:
            for line in f:
                if line.startswith("  "):
                    continue
                head = line.split("|", 1)[0].split()
                off, ss = head[0], head[2]
                n = int(head[3], 16)
                words = [lemma(head[4 + 2 * i]) for i in range(n)]
                # adjective markers like "(a)"
                words = [w.split("(")[0] for w in words]
                i = 4 + 2 * n
                pc = int(head[i])
                ptrs = []
                for k in range(pc):
                    sym, toff, tpos, st = head[i + 1 + 4 * k: i + 5 + 4 * k]
                    tpos = "a" if tpos == "s" else tpos
                    ptrs.append((sym, tpos, toff, int(st[:2], 16), int(st[2:], 16)))
                synsets[(p, off)] = (words, ptrs)
    hyponyms = {}
    for key, (words, ptrs) in synsets.items():
        for sym, tpos, toff, _, _ in ptrs:
            if sym in ("@", "@i"):
                hyponyms[(tpos, toff)] = hyponyms.get((tpos, toff), 0) + 1
    for key, n in hyponyms.items():
        if n > MAX_GENERAL:
            general.update(synsets[key][0])
    # Every lemma of each part of speech, to spot a synonym that is only the plural of another
    # lemma ("conditions" for "weather"): the index stems it to the singular, whose own senses
    # ("the conditions of a pledge") it would then stand for.
    lemmas = {}
    for p, name in POS.items():
        with open(os.path.join(wn, "index." + name), encoding="latin-1") as f:
            lemmas[p] = {lemma(line.split()[0]) for line in f if not line.startswith("  ")}
    related = {}
    for p, name in POS.items():
        with open(os.path.join(wn, "index." + name), encoding="latin-1") as f:
            for line in f:
                if line.startswith("  "):
                    continue
                parts = line.split()
                word = lemma(parts[0])
                if " " in word or "-" in word or not word.isalpha() or word not in seen:
                    continue
                pcnt = int(parts[3])
                nsyn = int(parts[2])
                offs = parts[4 + pcnt + 2: 4 + pcnt + 2 + nsyn]
                out = related.setdefault(word, {})
                # A relation reached only through a verb's or adjective's sense is marked, so a
                # word used as a noun ("the budget") does not follow it ("budget" → "figure",
                # as in to figure out).
                verbal = p != "n"

                def plural_of_another(w, ws):
                    # Not when the singular shares the sense ("afterwards", "afterward"), nor
                    # for short words ("us" is not the plural of the letter "u").
                    singulars = (w[: -len(e)] + r for e, r in (("s", ""), ("es", ""), ("ies", "y"))
                                 if w.endswith(e))
                    return len(w) >= 5 and any(
                        s in lemmas[p] and s != word and s not in ws for s in singulars
                    )

                def add(ws):
                    for w in ws:
                        if w != word and w not in general and not plural_of_another(w, ws):
                            out[w] = out.get(w, True) and verbal

                for rank, off in enumerate(offs[:MAX_SENSES]):
                    # A sense the tagged corpus rarely uses next to the word's main sense (the
                    # verb "job", to cheat) is left out.
                    c = counts.get((word, p, rank + 1), 0)
                    if c == 0 or c < MIN_SHARE * top.get(word, 0):
                        continue
                    words, ptrs = synsets[(p, off)]
                    add(words)
                    if rank >= MAX_LINK_SENSES:
                        continue
                    me = words.index(word) + 1 if word in words else 0
                    for sym, tpos, toff, src, dst in ptrs:
                        target = synsets.get((tpos, toff))
                        if target is None:
                            continue
                        if sym in ("@", "@i"):
                            # A noun's broader word names a wider class ("hotel" → "building",
                            # "budget" → "fund"): facts about the class do not answer a question
                            # about the member. A verb's broader word is usually the same act
                            # said more generally ("guard" → "watch").
                            if p != "n":
                                add(target[0])
                            hypos = [q for q in target[1] if q[0] in ("~", "~i")]
                            if len(hypos) <= MAX_SIBLINGS:
                                for q in hypos:
                                    sib = synsets.get((q[1], q[2]))
                                    if sib:
                                        add(sib[0])
                        # Derived forms across parts of speech only ("fortify" for
                        # "fortification"; "europe" for "european"): within one part of speech a
                        # derivation names another thing ("king", "kingdom").
                        elif sym in ("+", "\\") and tpos != p and (src == 0 or src == me):
                            add([target[0][dst - 1]] if dst else target[0])
    # The links are made symmetric: "job" reaches "role" because "role" reaches "job". A
    # question's word is looked up, never a fact's, so each direction must be in the table.
    for word in list(related):
        for r, verbal in list(related[word].items()):
            if r in related:
                related[r][word] = related[r].get(word, True) and verbal
    out_dir = argv[2] if len(argv) > 2 else "data/lexicon"
    with open(os.path.join(out_dir, "wordnet.tsv"), "w") as out:
        out.write("# Compiled from WordNet 3.0 by scripts/lexicon.py; see data/lexicon/LICENSE.\n")
        for word in sorted(related):
            # Phrases ("time plan", "keep an eye on") are left out: matched word by word they
            # reach unrelated facts ("salary" → "time plan"), and they are most of the size.
            rel = [
                ("~" if verbal else "") + r
                for r, verbal in related[word].items()
                if "|" not in r and "\t" not in r and " " not in r
            ]
            # A word with nothing related is still listed: it is English, so no typo of a
            # fact's word ("journalists" is not "jurnalista", a source's name).
            out.write(word + "\t" + "|".join(rel) + "\n")
    exc = {}
    for name in POS.values():
        with open(os.path.join(wn, name + ".exc"), encoding="latin-1") as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 2 and parts[0].isalpha() and parts[1] in related:
                    exc.setdefault(parts[0], parts[1])
    with open(os.path.join(out_dir, "wordnet-exc.tsv"), "w") as out:
        out.write("# WordNet 3.0's irregular forms (went -> go), by scripts/lexicon.py.\n")
        for form in sorted(exc):
            out.write(form + "\t" + exc[form] + "\n")


if __name__ == "__main__":
    main(sys.argv)
