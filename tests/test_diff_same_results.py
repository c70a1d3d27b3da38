"""Issue 20, the diff made cheaper with the same output: each rewritten helper against the algorithm
it replaced (kept here as the reference) or the rapidfuzz call it stands for, on random texts built
to hit the edge cases and on the clause and section texts of the test corpus (tests/data/corpus)."""

from __future__ import annotations

import random
import re
from collections import defaultdict
from pathlib import Path

from rapidfuzz import fuzz, process

from tracker.diff import engine, fuzzy, joins, moves, words
from tracker.diff.align import section_key_text
from tracker.diff.fuzzy import RatioChoices, TokenSetChoices, WordSet, token_set
from tracker.diff.words import cosmetic_key
from tracker.extract.dates import masked_date_line
from tracker.extract.document import extract
from tracker.models import Clause, ClauseChange, WordDiff

_WORD_GAP = re.compile(" ")


def _probes_reference(part_keys: list[str]) -> dict[str, list[int]]:
    """``joins._probes`` before issue 20: the parts by their first ``PROBE`` characters."""
    probes: dict[str, list[int]] = defaultdict(list)
    for p, key in enumerate(part_keys):
        if len(key) >= joins.PROBE:
            probes[key[: joins.PROBE]].append(p)
    return probes


def _inside_reference(whole: str, probes: dict[str, list[int]], part_keys: list[str], used: set[int]) -> list[int]:
    """``joins._inside`` before issue 20: one dictionary look-up per word start of ``whole``."""
    found: set[int] = set()
    for start in (0, *(m.end() for m in _WORD_GAP.finditer(whole))):
        for p in probes.get(whole[start : start + joins.PROBE], ()):
            key = part_keys[p]
            if p not in used and len(key) < len(whole) and whole.startswith(key, start):
                found.add(p)
    return sorted(found)


def _corpus_clauses(corpus_dir: Path) -> list[str]:
    texts: list[str] = []
    for path in sorted(corpus_dir.glob("*/versions/*.md"))[:60]:
        try:
            document = extract(path.read_bytes(), "text/markdown")
        except Exception:  # an empty capture: nothing to take
            continue
        texts.extend(cosmetic_key(c.text) for s in document.sections for c in s.clauses)
    return texts


def _random_words(rng: random.Random, n: int) -> str:
    vocabulary = ["we", "share", "data", "with", "partners", "your", "a", "b", " ", "", "e-mail", "\n", "x" * 17]
    return " ".join(rng.choice(vocabulary) for _ in range(n))


def _check_inside(wholes: list[str], parts: list[str], rng: random.Random) -> int:
    probes, index = _probes_reference(parts), joins._Parts(parts)
    hits = 0
    for whole in wholes:
        used = {p for p in range(len(parts)) if rng.random() < 0.2}
        expected = _inside_reference(whole, probes, parts, used)
        assert index.inside(whole, used) == expected, whole
        hits += len(expected)
    return hits


def test_inside_matches_the_reference_on_random_texts() -> None:
    rng = random.Random(20)
    hits = 0
    for _ in range(300):
        parts = [_random_words(rng, rng.randint(1, 12)) for _ in range(rng.randint(1, 20))]
        wholes = []
        for _ in range(10):  # wholes made of parts and noise, some starting or ending with a space
            pieces = [rng.choice(parts) if rng.random() < 0.5 else _random_words(rng, 3) for _ in range(6)]
            wholes.append(rng.choice(["", " ", "  "]).join(pieces) + rng.choice(["", " "]))
        wholes.append(parts[0])  # a part equal to the whole is not inside it
        hits += _check_inside(wholes, parts, rng)
    assert hits > 500  # the cases found something, not only nothing


def test_inside_matches_the_reference_on_corpus_clauses(corpus_dir: Path) -> None:
    texts = _corpus_clauses(corpus_dir)
    rng = random.Random(7)
    parts = rng.sample(texts, 400)
    # wholes: real clauses, and runs of parts joined (what joined moves look for)
    wholes = rng.sample(texts, 300) + [" ".join(rng.sample(parts, rng.randint(2, 4))) for _ in range(200)]
    assert _check_inside(wholes, parts, rng) > 200


def _section_texts(corpus_dir: Path) -> list[str]:
    texts: list[str] = []
    for path in sorted(corpus_dir.glob("*/versions/*.md"))[::3]:
        try:
            document = extract(path.read_bytes(), "text/markdown")
        except Exception:  # an empty capture: nothing to take
            continue
        texts.extend(section_key_text(s) for s in document.sections)
    return texts


def test_token_set_choices_match_rapidfuzz_on_section_texts(corpus_dir: Path) -> None:
    texts = _section_texts(corpus_dir)
    rng = random.Random(4)
    choices = rng.sample(texts, 120) + ["", " ", "a  b", " leading and trailing "]  # spaces as keys join them
    by_words = TokenSetChoices(choices)
    queries = sorted(texts, key=len)[-12:] + rng.sample(texts, 30)  # the longest: what stage 4 searches so
    hits = 0
    for query in queries:
        for cutoff in (30.0, 41.7, 55.0):
            expected = process.extract(query, choices, scorer=fuzz.token_set_ratio, score_cutoff=cutoff, limit=8)
            assert by_words.extract(query, cutoff, 8) == expected
            hits += len(expected)
        for k in rng.sample(range(len(choices)), 10):
            assert by_words.score(token_set(query), k, 30) == fuzz.token_set_ratio(query, choices[k], score_cutoff=30)
    assert hits > 100


def test_token_set_is_the_same_score_on_random_spaced_texts() -> None:
    rng = random.Random(5)
    vocabulary = ["we", "We", "data", "dátá", "’s", "a", "", "b-c", "x" * 30]
    for _ in range(20_000):
        a, b = (" ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 9))) for _ in range(2))
        cutoff = rng.choice([0.0, 30.0, 60.0, 90.0])
        assert fuzz.token_set_ratio(token_set(a), token_set(b), score_cutoff=cutoff) == fuzz.token_set_ratio(
            a, b, score_cutoff=cutoff
        )


_QUOTE_RE = re.compile("[" + "".join(chr(c) for c in words._QUOTES) + "]")


def _cosmetic_key_reference(text: str) -> str:
    """``words.cosmetic_key`` before issue 20: one regex pass for the quotes, then split and join."""
    if not text.isascii() or "`" in text:
        text = _QUOTE_RE.sub(lambda m: words._QUOTES[ord(m.group())], text)
    return " ".join(text.split())


def test_every_whitespace_character_but_the_space_is_unprintable() -> None:
    # what lets cosmetic_key return a printable text without double or outer spaces as it is
    spaces = [c for c in map(chr, range(0x110000)) if c.isspace()]
    assert len(spaces) > 20 and " " in spaces
    assert [c for c in spaces if c != " " and c.isprintable()] == []


def test_cosmetic_key_matches_the_reference(corpus_dir: Path) -> None:
    rng = random.Random(6)
    pieces = ["we", "’s", "“x”", "a\u00a0b", "`", "--", "\u2014", " ", "  ", "\t", "\n", "\u2028", "\u3000", "é", ""]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(20_000)]
    clauses = [c.text for path in sorted(corpus_dir.glob("*/versions/*.md"))[:40] for c in _clauses(path)]
    assert len(clauses) > 1000
    for text in texts + clauses:
        assert words.cosmetic_key.__wrapped__(text) == _cosmetic_key_reference(text), repr(text)


def _clauses(path: Path) -> list[Clause]:
    try:
        document = extract(path.read_bytes(), "text/markdown")
    except Exception:  # an empty capture: nothing to take
        return []
    return [c for s in document.sections for c in s.clauses]


def _encode_reference(tokens_a: list[str], tokens_b: list[str]) -> tuple[str, str, dict[str, str]]:
    """``words._encode`` before issue 20: the code points made anew for every pair."""
    table = dict.fromkeys(tokens_a)
    table.update(dict.fromkeys(tokens_b))
    codes = [chr(k + 0x100 if k + 0x100 < 0xD800 else k + 0x900) for k in range(len(table))]
    char_of = dict(zip(table, codes, strict=True))
    a = "".join(map(char_of.__getitem__, tokens_a))
    b = "".join(map(char_of.__getitem__, tokens_b))
    return a, b, dict(zip(codes, table, strict=True))


def test_encode_matches_the_reference() -> None:
    rng = random.Random(8)
    for size in (0, 1, 5, 300, 2047, 2048, 2049, 60_000):  # past 55,040 distinct the surrogates are skipped
        vocabulary = [f"w{k}" for k in range(max(size, 1))]
        tokens_a = [rng.choice(vocabulary) for _ in range(size)]
        tokens_b = [rng.choice(vocabulary) for _ in range(size // 2)] + vocabulary[: size // 3]
        assert words._encode(tokens_a, tokens_b) == _encode_reference(tokens_a, tokens_b)[:2]
    a, b = words._encode([f"t{k}" for k in range(56_000)], [])
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in a) and len(set(a)) == 56_000


def test_ratio_choices_match_rapidfuzz_with_ties_and_windows(corpus_dir: Path) -> None:
    rng = random.Random(9)
    found = 0
    for _ in range(400):  # few letters: many equal scores, so the order of ties is tested
        choices = ["".join(rng.choice("ab ") for _ in range(rng.randint(0, 30))) for _ in range(rng.randint(1, 40))]
        by_ratio = RatioChoices(choices)
        for _ in range(5):
            query = "".join(rng.choice("ab ") for _ in range(rng.randint(1, 30)))
            cutoff, limit = rng.choice([30.0, 50.0, 55.0, 66.66666666666667, 75.0]), rng.choice([1, 3, 8])
            expected = process.extract(query, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
            assert by_ratio.extract(query, cutoff, limit) == expected
            found += len(expected)
    texts = _corpus_clauses(corpus_dir)
    choices = rng.sample(texts, 300)
    by_ratio = RatioChoices(choices)
    for query in rng.sample(texts, 100):
        expected = process.extract(query, choices, scorer=fuzz.ratio, score_cutoff=50.0, limit=8)
        assert by_ratio.extract(query, 50.0, 8) == expected
        found += len(expected)
    assert found > 2000


def _move_candidates_reference(
    removed: list[tuple[int, ClauseChange]], added: list[tuple[int, ClauseChange]]
) -> list[tuple[float, int, int]]:
    """``moves._candidates`` before issue 20's fifth attempt: similar candidates of every removed clause."""
    found: list[tuple[float, int, int]] = []
    waiting: dict[str, list[int]] = defaultdict(list)
    for b, (_, change) in enumerate(added):
        waiting[cosmetic_key(change.new_text or "")].append(b)
    for a, (d, change) in enumerate(removed):
        key = cosmetic_key(change.old_text or "")
        for b in waiting.get(key, ()):
            if added[b][0] == d or len(key) >= moves.EXACT_MOVE_MIN_CHARS:
                found.append((101.0, a, b))
    if len(removed) * len(added) <= moves.FUZZY_MOVE_BUDGET:
        texts = [cosmetic_key(c.new_text or "") for _, c in added]
        for a, (_, change) in enumerate(removed):
            key = cosmetic_key(change.old_text or "")
            if len(key) < moves.MOVE_MIN_CHARS:
                continue
            for _, score, b in process.extract(key, texts, scorer=fuzz.ratio, score_cutoff=moves.MOVE_CUTOFF, limit=3):
                if len(texts[b]) >= moves.MOVE_MIN_CHARS and score < 100:
                    found.append((float(score), a, b))
    found.sort(key=lambda f: (-f[0], f[1], f[2]))
    return found


def _walk(candidates: list[tuple[float, int, int]]) -> list[tuple[float, int, int]]:
    """The pairs ``moves.apply_clause_moves`` takes from candidates, in its order."""
    used_a: set[int] = set()
    used_b: set[int] = set()
    taken = []
    for score, a, b in candidates:
        if a not in used_a and b not in used_b:
            used_a.add(a)
            used_b.add(b)
            taken.append((score, a, b))
    return taken


def _check_moves(removed_texts: list[str], added_texts: list[str], rng: random.Random) -> tuple[int, int]:
    removed = [(rng.randrange(4), ClauseChange("removed", t, None, k, None)) for k, t in enumerate(removed_texts)]
    added = [(rng.randrange(4), ClauseChange("added", None, t, None, k)) for k, t in enumerate(added_texts)]
    expected = _walk(_move_candidates_reference(removed, added))
    assert _walk(moves._candidates(removed, added)) == expected
    return sum(s == 101.0 for s, _, _ in expected), sum(s < 100 for s, _, _ in expected)


def test_move_candidates_take_the_same_moves_on_random_texts() -> None:
    # few words: texts repeat on both sides (identical moves competing for one copy) and are similar
    rng = random.Random(21)
    identical = similar = 0
    for _ in range(300):
        pool = [_random_words(rng, rng.randint(4, 14)) for _ in range(rng.randint(2, 12))]
        removed = [rng.choice(pool) if rng.random() < 0.6 else _random_words(rng, 8) for _ in range(rng.randint(1, 15))]
        added = [rng.choice(pool) if rng.random() < 0.6 else _random_words(rng, 8) for _ in range(rng.randint(1, 15))]
        added += [rng.choice(pool) + " partners" for _ in range(rng.randint(0, 5))]  # edited: similar
        found = _check_moves(removed, added, rng)
        identical, similar = identical + found[0], similar + found[1]
    assert identical > 300 and similar > 150  # both kinds of move were taken, and competed


def test_move_candidates_take_the_same_moves_on_corpus_clauses(corpus_dir: Path) -> None:
    texts = _corpus_clauses(corpus_dir)
    rng = random.Random(22)
    identical = similar = 0
    for _ in range(20):
        removed = rng.sample(texts, 60)
        # the new side: some removed clauses again, some edited by a word, the rest other clauses
        added = [t if rng.random() < 0.5 else t.replace(" ", " new ", 1) for t in rng.sample(removed, 25)]
        added += rng.sample(texts, 40)
        rng.shuffle(added)
        found = _check_moves(removed, added, rng)
        identical, similar = identical + found[0], similar + found[1]
    assert identical > 100 and similar > 50


def test_token_set_bound_is_never_under_rapidfuzzs_score() -> None:
    # few words of varied length: shared, own, subsets, empty sides and equal lengths all occur
    rng = random.Random(23)
    vocabulary = ["we", "data", "dátá", "a", "b-c", "partners", "x" * 30, "’s", "share"]
    tight = 0
    for _ in range(30_000):
        a, b = (" ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 9))) for _ in range(2))
        bound, score = fuzzy.token_set_bound(WordSet(a), WordSet(b)), fuzz.token_set_ratio(a, b)
        assert score <= bound + 1e-9, (a, b)
        tight += abs(score - bound) < 1e-9
    assert tight > 15_000  # the bound is the score itself in most cases (18,121), so it is not trivially high


def test_token_set_choices_match_rapidfuzz_on_random_texts() -> None:
    rng = random.Random(24)
    vocabulary = ["we", "data", "a", "b-c", "partners", "x" * 30, "share", "your"] + [f"w{k}" for k in range(40)]
    found = 0
    for _ in range(200):
        choices = [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 60))) for _ in range(30)]
        by_words = TokenSetChoices(choices)
        for _ in range(5):
            query = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 200)))
            cutoff, limit = rng.choice([30.0, 41.7, 55.0, 75.0]), rng.choice([1, 3, 8])
            expected = process.extract(query, choices, scorer=fuzz.token_set_ratio, score_cutoff=cutoff, limit=limit)
            assert by_words.extract(query, cutoff, limit) == expected
            found += len(expected)
    assert found > 1000


def _word_diff_reference(old: str, new: str) -> tuple[WordDiff, ...]:
    """``words.word_diff`` before issue 20's fifth attempt: each run decoded character by character."""
    a, b, decode = _encode_reference(words._TOKEN.findall(old), words._TOKEN.findall(new))
    runs: list[WordDiff] = []
    for op, chunk in engine.semantic_diff(a, b):
        text = "".join(map(decode.__getitem__, chunk))
        if not text:
            continue
        kind = words._OPS[op]
        if runs and runs[-1].op == kind:
            runs[-1] = WordDiff(kind, runs[-1].text + text)
        else:
            runs.append(WordDiff(kind, text))
    return tuple(runs)


def test_word_diff_matches_the_reference_on_random_and_corpus_texts(corpus_dir: Path) -> None:
    rng = random.Random(25)
    pairs = []
    for _ in range(400):  # few words, spaces and signs: many equal runs and runs of one token
        a = _random_words(rng, rng.randint(0, 40)) + rng.choice(["", ".", " (a)", "\n"])
        b = " ".join(w if rng.random() < 0.8 else rng.choice(["sell", "", ",", "x" * 17]) for w in a.split(" "))
        pairs.append((a, b))
    texts = _corpus_clauses(corpus_dir)
    for a in rng.sample(texts, 300):
        b = " ".join(w if rng.random() < 0.9 else rng.choice(["sell", "third parties", "(b)", "—"]) for w in a.split())
        pairs.append((a, b))
    # unrelated long texts: indel distance past the C++ port's bound, so the budgeted Python engine runs
    pairs.append((" ".join(rng.sample(texts, 40)), " ".join(rng.sample(texts, 40))))
    changed = 0
    for a, b in pairs:
        assert words.word_diff(a, b) == _word_diff_reference(a, b), (a, b)
        changed += any(r.op != "equal" for r in words.word_diff(a, b))
    assert changed > 500


def test_word_diff_matches_the_reference_past_the_basic_plane() -> None:
    # 70,000 distinct words: their characters reach past U+FFFF, where a run's length still counts tokens
    vocabulary = [f"w{k}" for k in range(70_000)]
    old = " ".join(vocabulary)
    new = " ".join([*vocabulary[:50_000], "changed", *vocabulary[50_001:69_990], "added"])
    found = words.word_diff(old, new)
    assert found == _word_diff_reference(old, new)
    assert [r.text for r in found if r.op != "equal"] == [
        "w50000",
        "changed",
        "w69990 w69991 w69992 w69993 w69994 w69995 w69996 w69997 w69998 w69999",
        "added",
    ]


def _is_date_line_change_reference(old: str, new: str) -> bool:
    """``words.is_date_line_change`` before: both sides masked, then compared."""
    old_mask, new_mask = masked_date_line(old), masked_date_line(new)
    if old_mask is None or new_mask is None:
        return False
    return words.editorial_key(old_mask) == words.editorial_key(new_mask)


def test_is_date_line_change_matches_the_reference(corpus_dir: Path) -> None:
    rng = random.Random(32)
    dated = ["Last updated: 1 March 2024", "Last updated: April 2, 2025", "Mise à jour : 3 mai 2024",
             "Stand: 04.05.2023", "Effective date: 2024-06-01", "Updated", "", "We share data."]  # fmt: skip
    texts = _corpus_clauses(corpus_dir)
    pairs = [(rng.choice(dated), rng.choice(dated)) for _ in range(300)]
    pairs += [(rng.choice(texts), rng.choice(dated)) for _ in range(300)]
    pairs += [(rng.choice(dated), rng.choice(texts)) for _ in range(300)]
    pairs += [(rng.choice(texts), rng.choice(texts)) for _ in range(300)]
    changes = 0
    for old, new in pairs:
        expected = _is_date_line_change_reference(old, new)
        assert words.is_date_line_change(old, new) == expected, (old, new)
        changes += expected
    assert changes > 25  # date lines whose date alone changed (34)


_VARIANT_RE = re.compile(r"\b(" + "|".join(re.escape(k) for k in words.SPELLING_VARIANTS) + r")\b")
_JOIN_RE = re.compile(r"\b(" + "|".join(re.escape(k).replace("\\ ", r"\s+") for k in words.SPELLING_JOINS) + r")\b")


def _editorial_key_reference(text: str) -> str:
    """``words.editorial_key`` before: a scan for the spelling variants, then one for joined words."""
    folded = cosmetic_key(text).lower()
    folded = words._NUMBERING.sub("", folded)
    folded = _VARIANT_RE.sub(lambda m: words.SPELLING_VARIANTS[m.group(1)], folded.replace("e-mail", "email"))
    folded = _JOIN_RE.sub(lambda m: words.SPELLING_JOINS[re.sub(r"\s+", " ", m.group(1))], folded)
    folded = words._PUNCT.sub(" ", folded)
    return " ".join(folded.split())


def test_spelling_variants_and_joined_words_cannot_interact() -> None:
    # what lets one scan fold both: a variant is one word, and neither it nor what it becomes is a word
    # of a joined pair ("e-mail" excepted: editorial_key folds it to "email" before the scan)
    joined_words = {w for key in words.SPELLING_JOINS for w in re.split(r"[\s-]+", key)}
    for variant, plain in words.SPELLING_VARIANTS.items():
        if variant == "e-mail":
            continue
        assert re.fullmatch(r"\w+", variant) and re.fullmatch(r"\w+", plain), variant
        assert variant not in joined_words and plain not in joined_words, variant
    assert not set(words.SPELLING_VARIANTS) & set(words.SPELLING_JOINS)


def test_editorial_key_matches_the_reference_on_random_and_corpus_texts(corpus_dir: Path) -> None:
    # every key, what it becomes and each word of a joined pair, next to each other, inside other
    # words, hyphenated, capitalised, numbered and spaced oddly: matches that touch or nest are tried
    rng = random.Random(33)
    pieces = [*words.SPELLING_VARIANTS, *words.SPELLING_VARIANTS.values(), *words.SPELLING_JOINS,
              *words.SPELLING_JOINS.values(), "can", "not", "web", "on", "line", "e", "mail", "co", "non",
              "x", "re", "s", "-", "'s", ".", "Über", "données", "E-Mail", "Web  Site", "1.", "(a)"]  # fmt: skip
    glue = [" ", "", "-", "  ", "\n", " (", ") ", "_", "é"]
    folded = 0
    for _ in range(20_000):
        parts = [rng.choice(pieces) for _ in range(rng.randint(1, 8))]
        text = "".join(p + rng.choice(glue) for p in parts)
        text = text.upper() if rng.random() < 0.1 else text
        expected = _editorial_key_reference(text)
        assert words.editorial_key(text) == expected, text
        folded += expected != " ".join(words._PUNCT.sub(" ", cosmetic_key(text).lower()).split())
    for text in _corpus_clauses(corpus_dir):
        assert words.editorial_key(text) == _editorial_key_reference(text)
    assert folded > 5_000  # texts where a variant or a joined pair was folded
