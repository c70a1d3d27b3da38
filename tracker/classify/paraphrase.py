"""Rewording that keeps the meaning, recognised before any commitment or topic rule fires.

- **Paraphrase**: the old and new clause have the same meaning-bearing words (function words,
  connectives and word order aside), the same number of negations, of restrictive "only" words
  and the same strongest modal ("shall disclose no" = "shall not disclose any").
- **Text found elsewhere** (``DocumentText``): a clause removed while its text survives elsewhere
  in the new version (a duplicate dropped), a clause added whose text was already in the old
  version (split from a neighbour), a modified clause whose new words were a neighbour's (merged).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable
from difflib import SequenceMatcher

from tracker.classify.compounds import joined_compounds
from tracker.classify.equivalents import equivalents, join_particles
from tracker.classify.language import LanguageRules, active, use
from tracker.classify.memo import per_classification
from tracker.classify.own_name import own_names
from tracker.classify.rules import NAMED, SENTENCE_END, strip_markup, unnumbered, word_stems
from tracker.classify.vocabulary import vocabulary
from tracker.models import ClauseChange, PolicyDocument

# Connectives spelled as phrases: removed before the words are compared.
_CONNECTIVES = re.compile(
    r"\b(at the same time|in addition|as well as|for example|for instance|that is|in other words|such as"
    r"|in order to|so as to)\b",
    re.IGNORECASE,
)
_GRAMMAR = {
    w for w in ("not", "no", "never", "only", "solely", "will", "shall", "must", "may", "might", "can", "could")
}


@functools.lru_cache(maxsize=16)
def _skipped_stems(rules: LanguageRules) -> frozenset[str]:
    """The stems ``meaning_words`` leaves out in the language ``rules`` reads (function words and
    the grammar compared separately): made once per language, not once per clause."""
    with use(rules):
        return frozenset({*word_stems(" ".join(vocabulary().function_words)), *word_stems(" ".join(_GRAMMAR))})


def meaning_words(text: str) -> Counter[str]:
    """Stems of the words that carry meaning: no function words, connectives, negations or modals
    (those are compared separately), numbers kept."""
    return Counter(_meaning_words(active(), text))  # a copy: the caller may change its own


@per_classification(maxsize=2048)  # the rules ask about the same clause and runs many times
def _meaning_words(rules: LanguageRules, text: str) -> Counter[str]:
    table = equivalents()
    # a hedge ("may", « le cas échéant », „gegebenenfalls“) is compared by ``polarity``, in every
    # language: « nous pouvons recevoir » → « nous recevons …, le cas échéant » keeps one
    hedged = rules.weak_modal.sub(" ", vocabulary().expand(strip_markup(text)))
    plain = table.rewrite(_CONNECTIVES.sub(" ", hedged))
    words = [table.stem(w) for w in word_stems(plain)]  # a listed synonym read as its group's first
    skip = _skipped_stems(rules)  # the rules the cache is keyed on (``active()`` when asked)
    negations = rules.negation
    # a negation is told by the word as written: the stems of "jamais", "niemals" match no pattern
    written = re.findall(r"[^\W_]+", plain.lower().replace("’", "'"))
    if len(written) != len(words):
        written = words
    return Counter(w for w, raw in zip(words, written, strict=True) if w not in skip and not negations.fullmatch(raw))


def polarity(text: str) -> tuple[int, ...]:
    """How many negations, restrictive "only" words, firm and weak modals ``text`` holds."""
    text, grammar = vocabulary().expand(strip_markup(text)), active()
    patterns = (grammar.negation, grammar.only, grammar.strong_modal, grammar.weak_modal)
    return tuple(sum(1 for _ in p.finditer(text)) for p in patterns)


def derived(before: set[str], after: set[str]) -> tuple[set[str], set[str]]:
    """Both sets of stems with the stems of one word family read as one, in a language whose
    stemmer leaves a noun and its verb apart (``suffix_slack``, German: "Speicherung" /
    "speichern" stem to "speicher" / "speich", "Löschung" / "löschen" to "loschung" / "losch"):
    a noun's "-ung" set aside, a stem of four letters or more stands for a longer one that only
    adds up to ``suffix_slack`` letters to it."""
    slack = vocabulary().suffix_slack
    if not slack:
        return before, after
    roots: list[str] = []
    base: dict[str, str] = {}
    for stem in sorted(before | after, key=lambda s: (len(s), s)):
        root = stem[:-3] if stem.endswith("ung") and len(stem) >= 7 else stem
        short = next((r for r in roots if root.startswith(r) and len(root) - len(r) <= slack), None)
        base[stem] = short or root
        if short is None and len(root) >= 4:
            roots.append(root)
    return {base[s] for s in before}, {base[s] for s in after}


def same_meaning(old: str, new: str) -> bool:
    """The two texts have the same meaning-bearing words (function words, order and, where the
    language needs it, a noun for its verb aside: ``derived``) and the same numbers of negations,
    "only" words, firm and weak modals."""
    old, new = unnumbered(old), unnumbered(new)  # the number of a list item is no meaning of its own
    if polarity(old) != polarity(new):
        return False
    before, after = set(meaning_words(old)), set(meaning_words(new))
    before, after = join_particles(before, old, after), join_particles(after, new, before)
    before, after = derived(*joined_compounds(before, after))
    return before == after


def paraphrase_reason(clause: ClauseChange) -> str | None:
    """Why a modified clause is a rewording with the same meaning, or None."""
    if clause.kind not in {"modified", "moved"} or not clause.old_text or not clause.new_text:
        return None
    if not same_meaning(clause.old_text, clause.new_text):
        return None
    return "reworded with the same meaning-bearing words, negations and modality"


# Words that only introduce a citation: "in accordance with", "consistent with", "as required by".
_CITING = frozenset((
    "accordance", "consistent", "line", "pursuant", "required", "require", "compliance", "comply", "complies",
    "applicable", "law", "laws", "relevant", "statutory", "regulation", "regulations", "under",
))  # fmt: skip


def citation_reason(clause: ClauseChange) -> str | None:
    """Why a modified clause only gained or lost a reference to a statute, or None ("..., and
    consistent with the Children's Online Privacy Protection Act, we do not ...")."""
    if clause.kind != "modified":
        return None
    runs = [(w.op, meaning_words(NAMED.sub(" ", w.text))) for w in clause.words if w.op != "equal"]
    named = any(NAMED.search(w.text) for w in clause.words if w.op != "equal")
    citing = set(word_stems(" ".join(_CITING)))
    if not named or any(set(words) - citing for _, words in runs):
        return None
    return "only a reference to a statute or authority added or removed"


_DIGIT_DATE = re.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\b(?:19|20)\d{2}\b")
# what a run of a changed date holds: "29/04", "2022", "3rd", "1er"
_DATE_PART = re.compile(r"\b\d{1,4}(?:st|nd|rd|th|er)?(?:[./-]\d{1,4})*[./-]?(?!\w)")


def date_reason(clause: ClauseChange) -> str | None:
    """Why a modified clause stating the policy's own date ("last updated", "s'applique à partir
    de") only changed that date, or None."""
    if clause.kind != "modified" or not vocabulary().policy_date.search(clause.new_text or ""):
        return None
    runs = [strip_markup(w.text) for w in clause.words if w.op != "equal"]
    months, new = vocabulary().months, clause.new_text or ""
    if not (_DIGIT_DATE.search(new) or months.search(new)) or not any(re.search(r"\d", r) for r in runs):
        return None
    rest = [months.sub(" ", _DATE_PART.sub(" ", r)) for r in runs]
    if any(meaning_words(r) for r in rest):
        return None
    return "only the policy's own date changed"


def _edits(old: str, new: str) -> int:
    """Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
    neighbouring letters ("retian" / "retain" is one edit; "retain" / "remain" is one too, so
    ``_typo`` asks for the same letters)."""
    rows = [list(range(len(new) + 1))]
    for i, a in enumerate(old, 1):
        row = [i]
        for j, b in enumerate(new, 1):
            cost = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (a != b))
            if i > 1 and j > 1 and a == new[j - 2] and old[i - 2] == b:
                cost = min(cost, rows[-2][j - 2] + 1)
            row.append(cost)
        rows.append(row)
    return rows[-1][-1]


def _typo(old: str, new: str) -> bool:
    """One word respelled by a letter or two: same first letter, same length give or take one,
    nearly the same letters ("abbestellen" / "abbestelen", "recieve" / "receive", "retian" /
    "retain", "thrid" / "third"); a prefix that reverses the word ("inaccurate", "unlawful")
    changes the first letter."""
    if min(len(old), len(new)) < 5 or abs(len(old) - len(new)) > 1 or old[0] != new[0]:
        return False
    swapped = sorted(old) == sorted(new) and _edits(old, new) <= 1  # two letters swapped, nothing else
    # a five-letter word only with two letters swapped ("thrid" / "third"): a letter changed in so
    # short a word is often another word ("share" / "shame")
    return swapped or (min(len(old), len(new)) >= 6 and SequenceMatcher(None, old, new).ratio() >= 0.85)


_NUMBER = re.compile(r"^\s*\(?\d+(?:[.-]\d+)*[a-z]?\)?[.,;:]?\s*$")
_REFERENCE_WORD = re.compile(r"^\s*[^\W\d_]+\s*$")  # one word
# what stands between a cross-reference word and the number changed: the numbers it heads before
# it ("Sections 22 (Arbitration) and/or ", "Articles 15 à ", "Ziffern 3, 4 und ") and the head of
# the number itself ("Section 22." of "Section 22.8" → "Section 22.11")
_REFERENCE_LIST = re.compile(
    r"(?:\s*\d+(?:\.\d+)*[a-z]?(?:\s*\([^()]{0,40}\))?\s*(?:,|and/or|and|or|to|&|-|–|et|ou|à|und|oder|bis))*"
    r"(?:\s*\d+(?:\.\d+)*\.)?\s*$"
)


def _reference_words_swapped(clause: ClauseChange, pointer: re.Pattern[str]) -> bool:
    """Every change swaps one word naming a part of the policy for another, the number after it
    kept: "Clause 1.2" → "section 1.2", "Ziffer 3" → "Abschnitt 3"."""
    words = clause.words
    changed = [k for k, w in enumerate(words) if w.op != "equal"]
    deletes = sum(1 for k in changed if words[k].op == "delete")
    if deletes * 2 != len(changed):
        return False
    for k in changed:
        if not (_REFERENCE_WORD.match(words[k].text) and pointer.search(words[k].text.strip())):
            return False
        following = next((w.text for w in words[k + 1 :] if w.op == "equal"), "")
        if not re.match(r"\s*\(?\d", following):
            return False
    return True


def cross_reference_reason(clause: ClauseChange) -> str | None:
    """Why a modified clause only renumbered a cross-reference ("section 4" → "section 5"), or None."""
    if clause.kind != "modified":
        return None
    pointer = vocabulary().cross_reference
    changed = [(k, w) for k, w in enumerate(clause.words) if w.op != "equal"]
    if changed and _reference_words_swapped(clause, pointer):
        return "only the word naming a cross-reference changed ('Clause 1.2' → 'section 1.2')"
    if not changed or not all(_NUMBER.match(w.text) for _, w in changed):
        return None
    for k, _ in changed:
        before = "".join(w.text for w in clause.words[:k] if w.op == "equal")
        if not pointer.search(_REFERENCE_LIST.sub("", before.rstrip()[-80:])[-30:]):
            return None
    return "only the number of a cross-reference changed"


def typo_reason(clause: ClauseChange) -> str | None:
    """Why a modified clause only had words misspelt or corrected, or None."""
    if clause.kind != "modified":
        return None
    deleted = [w.lower() for r in clause.words if r.op == "delete" for w in re.findall(r"[^\W\d_]+", r.text)]
    inserted = [w.lower() for r in clause.words if r.op == "insert" for w in re.findall(r"[^\W\d_]+", r.text)]
    if not deleted or len(deleted) != len(inserted) or not all(map(_typo, deleted, inserted)):
        return None
    return "only the spelling of a word changed"


_FLAT_WORD = re.compile(r"[^\W_]+")


def _flat(text: str) -> str:
    return " " + " ".join(_flat_words(text)) + " "


def _flat_words(text: str) -> list[str]:
    """``_flat(text).split()`` (its words hold no white space) without the join and the split."""
    return _FLAT_WORD.findall(strip_markup(text).casefold())


# a heading's or a contents entry's number, also set tight against its words ("1.Introduction")
_HEADING_NUMBER = re.compile(r"^\s*(?:§\s*)?(?:\d{1,3}(?:\.\d{1,3})*(?!\d)[.):]?|[IVXivx]{1,4}[.)])\s*")


@functools.lru_cache(maxsize=4096)
def flat_heading(text: str) -> str:
    """A heading (or a line naming one) compared as words: without its number ("1. Qui
    sommes-nous ?" = "Qui sommes-nous"), punctuation and case."""
    return _flat(_HEADING_NUMBER.sub("", text, count=1)).strip()


_SHINGLE = 4  # words per shingle: a text is "in" a document when every run of 4 of its words is


def _shingles(words: list[str]) -> set[int]:
    # zip builds the 4-word tuples in C: the same tuples, so the same hashes, as words[k : k + 4]
    return set(map(hash, zip(words, words[1:], words[2:], words[3:], strict=False)))


class DocumentText:
    """Both versions as sets of hashed four-word shingles, to find a clause's text elsewhere in
    linear time however many clauses were added or removed (built on first use), and their
    titles and headings."""

    def __init__(self, old: PolicyDocument | None = None, new: PolicyDocument | None = None) -> None:
        self._documents = (old, new)
        self._sets: list[set[int] | None] = [None, None]  # each version's, built when first asked for
        self._of_text: dict[str, set[int]] = {}  # most clauses are in both versions: each text is read once
        self._own_names: frozenset[str] | None = None
        # titles and headings both versions have: a paragraph repeating one adds nothing (a new
        # section whose text is its own new heading still says something)
        both = [{flat_heading(h) for h in (d.title or "", *(s.heading for s in d.sections))} for d in (old, new) if d]
        self.headings = frozenset(both[0] & both[1]) - {""} if len(both) == 2 else frozenset()

    def clause_kind(self, side: int, section_id: str | None, index: int | None) -> str | None:
        """The kind ("paragraph", "list_item", ...) of clause ``index`` of section ``section_id``
        in the old (0) or the new (1) version, or None when it is not there."""
        document = self._documents[side]
        if document is None or section_id is None or index is None:
            return None
        section = next((s for s in document.sections if s.id == section_id), None)
        if section is None or not 0 <= index < len(section.clauses):
            return None
        return section.clauses[index].kind

    def own_names(self) -> frozenset[str]:
        """The names the policy gives itself (``tracker.classify.own_name``), found on first use."""
        if self._own_names is None:
            self._own_names = own_names(self._documents)
        return self._own_names

    @classmethod
    def of(cls, old: PolicyDocument | None, new: PolicyDocument | None) -> DocumentText:
        """The text of both documents (either may be None: then nothing is found in it)."""
        return cls(old, new)

    def _shingle_set(self, side: int) -> set[int]:
        """The shingles of the old (0) or the new (1) version (a removed clause is looked for in
        the new version only, an added one in the old)."""
        found = self._sets[side]
        if found is None:
            found = set()
            document, of_text = self._documents[side], self._of_text
            for section in document.sections if document else ():
                for clause in section.clauses:
                    shingles = of_text.get(clause.text)
                    if shingles is None:
                        shingles = of_text[clause.text] = _shingles(_flat_words(clause.text))
                    found |= shingles
            self._sets[side] = found
        return found

    def found_elsewhere(self, clause: ClauseChange) -> str | None:
        """Why this clause change only moves text the policy holds anyway, or None."""
        if (
            clause.kind in {"added", "removed"}
            and flat_heading(clause.new_text or clause.old_text or "") in self.headings
        ):
            return f"clause {clause.kind}, but it only repeats the policy's title or a heading"
        if clause.kind not in {"added", "removed", "modified"}:
            return None
        if clause.kind == "removed" and self._in(clause.old_text, self._shingle_set(1)):
            return "clause removed, but its text remains elsewhere in the policy (a duplicate dropped)"
        if clause.kind == "added" and self._in(clause.new_text, self._shingle_set(0)):
            return "clause added, but its text was already in the policy (split from a neighbour)"
        if clause.kind == "modified" and any(w.op != "equal" and meaning_words(w.text) for w in clause.words):
            # each version's shingles read only when a run needs them (the answer is both runs' "and")
            inserted = all(self._run_found(w.text, self._shingle_set, 0) for w in clause.words if w.op == "insert")
            deleted = inserted and all(
                self._run_found(w.text, self._shingle_set, 1) for w in clause.words if w.op == "delete"
            )
            if inserted and deleted:
                return "text merged with or split from a neighbouring clause; no wording of its own changed"
        return None

    @classmethod
    def _run_found(cls, run: str, shingle_set: Callable[[int], set[int]], side: int) -> bool:
        """A run of changed words carries no meaning, or is a long run found in the version ``side``."""
        return not meaning_words(run) or (len(_flat(run).split()) >= 6 and cls._in(run, shingle_set(side)))

    @staticmethod
    def _in(text: str | None, document: set[int]) -> bool:
        """The text (at least four words) is in ``document``: its whole text, or each of its
        sentences (sentences moved from several places), every four words of it found."""
        words = _flat_words(text or "")
        if len(words) < _SHINGLE:
            return False
        if _shingles(words) <= document:
            return True
        sentences = [_flat_words(s) for s in SENTENCE_END.split(text or "")]
        return all(_shingles(s) <= document for s in sentences if len(s) >= _SHINGLE) and all(
            len(s) >= _SHINGLE for s in sentences if s
        )
