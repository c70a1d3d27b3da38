"""Word-level redlines and the text keys that decide what counts as a change.

Three levels of sameness:

- ``cosmetic_key``: whitespace collapsed, typographic quotes/dashes folded. Texts equal under
  it are the same text: no change at all.
- ``editorial_key``: also case, punctuation, list numbering and spelling variants
  (British/American, and words written apart or joined: "can not"/"cannot") folded. Texts
  equal under it differ only editorially.
- anything else is a substantive change.

Word diffs use diff-match-patch over word tokens (each distinct word mapped to one character,
the library's line-mode trick applied to words) followed by its semantic cleanup, so a redline
shows whole words and phrases, never fragments of words. The same algorithm runs in one of two
implementations (``tracker.diff.engine``): Google's C++ port where the texts are close enough that
the Python one's work budget cannot be reached, the Python one (with that budget) otherwise.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain

from tracker.diff import engine
from tracker.extract.dates import masked_date_line
from tracker.extract.tree import is_collapsed
from tracker.models import WordDiff, WordOp

_QUOTES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
        "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ",
    }
)  # fmt: skip
_QUOTE_PAIRS = tuple((chr(c), plain) for c, plain in _QUOTES.items())
_WS = re.compile(r"\s+")
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_NUMBERING = re.compile(r"^\s*(?:\(?[0-9ivxlcIVXLC]{1,6}[.)]|\(?[a-zA-Z][.)]|[0-9]+(?:\.[0-9]+)+\.?)\s+")
_PUNCT = re.compile(r"[^\w\s]")

# Spelling variants folded by the editorial key (British → American stems; applied to words).
SPELLING_VARIANTS = {
    "organisation": "organization", "organisations": "organizations", "authorise": "authorize",
    "authorised": "authorized", "recognise": "recognize", "recognised": "recognized",
    "personalise": "personalize", "personalised": "personalized", "personalisation": "personalization",
    "analyse": "analyze", "analysed": "analyzed", "analysing": "analyzing", "minimise": "minimize",
    "customise": "customize", "customised": "customized", "anonymise": "anonymize",
    "anonymised": "anonymized", "pseudonymised": "pseudonymized", "licence": "license", "behaviour": "behavior",
    "behavioural": "behavioral", "favour": "favor", "colour": "color", "centre": "center",
    "programme": "program", "cancelled": "canceled", "utilise": "utilize", "optimise": "optimize",
    "e-mail": "email", "emails": "emails", "whilst": "while", "amongst": "among", "judgement": "judgment",
    "enquiry": "inquiry", "enquiries": "inquiries", "cheque": "check", "travelling": "traveling",
}  # fmt: skip
# Words written apart or hyphenated in one version and joined in the other: the same word.
SPELLING_JOINS = {
    "can not": "cannot", "web site": "website", "web sites": "websites", "web page": "webpage",
    "web pages": "webpages", "on-line": "online", "on line": "online", "e mail": "email",
    "co-operate": "cooperate", "co-operation": "cooperation", "co-ordinate": "coordinate",
    "pre-requisite": "prerequisite", "non-personal": "nonpersonal", "non personal": "nonpersonal",
}  # fmt: skip
# Both folds in one scan, the variants first: a variant is one whole word (its "e-mail" is folded
# before the scan), and no variant, nor what it becomes, is a word of a joined pair, so no match of
# one overlaps, makes or unmakes a match of the other, and one scan finds what a scan for each did
# (tests/test_diff_same_results.py checks both lists for that). The look-ahead lets the scan pass
# over, in C, every word start whose letter begins no key.
_FOLD_KEYS = [
    *(re.escape(k) for k in SPELLING_VARIANTS),
    *(re.escape(k).replace("\\ ", r"\s+") for k in SPELLING_JOINS),
]
_FOLD_FIRST = re.escape("".join(sorted({k[0] for k in (*SPELLING_VARIANTS, *SPELLING_JOINS)})))
_FOLD_RE = re.compile(r"\b(?=[" + _FOLD_FIRST + r"])(" + "|".join(_FOLD_KEYS) + r")\b")


def _fold(match: re.Match[str]) -> str:
    found = match.group(1)
    variant = SPELLING_VARIANTS.get(found)
    return variant if variant is not None else SPELLING_JOINS[_WS.sub(" ", found)]


@lru_cache(maxsize=1 << 18)  # alignment asks for the same clause's key several times (cleared per diff)
def cosmetic_key(text: str) -> str:
    """The text with whitespace and quote/dash style folded (equal keys = no change)."""
    if not text.isascii() or "`" in text:
        # each is one character for one, none of them a source again: the same as one pass of the
        # table (str.translate looks up every character; a search for each source is far cheaper)
        for char, plain in _QUOTE_PAIRS:
            if char in text:
                text = text.replace(char, plain)
    return text if is_collapsed(text) else " ".join(text.split())  # as _WS.sub(" ", text).strip()


def editorial_key(text: str) -> str:
    """The text with case, punctuation, numbering and spelling variants also folded."""
    folded = cosmetic_key(text).lower()
    folded = _NUMBERING.sub("", folded)
    folded = _FOLD_RE.sub(_fold, folded.replace("e-mail", "email"))  # spelling variants, then joined words
    folded = _PUNCT.sub(" ", folded)
    return " ".join(folded.split())


def is_date_line_change(old: str, new: str) -> bool:
    """True when two clauses are the policy's own date line and only the date in it differs.

    Such a change is reported through ``DiffResult.date_changed``, not as a section change.
    """
    old_mask = masked_date_line(old)
    if old_mask is None:  # most modified clauses: the new side need not be read
        return False
    new_mask = masked_date_line(new)
    return new_mask is not None and editorial_key(old_mask) == editorial_key(new_mask)


# a heading's leading number ("4.2. ", "§ 3 ", "IV) "), the number its group: folded away by
# ``heading_key``, read by ``renumber.heading_number``
HEADING_NUMBER = re.compile(r"^\s*(?:§\s*)?([\dIVXivx]+(?:\.\d+)*)[.):]?\s+")


@lru_cache(maxsize=1 << 16)  # alignment folds each heading up to four times (cleared per diff)
def heading_key(text: str) -> str:
    """A heading with numbering, case and punctuation folded ("4. Sharing" == "5) SHARING")."""
    return editorial_key(HEADING_NUMBER.sub("", text))


def _code(k: int) -> str:
    """The character standing for the ``k``-th distinct token: from U+0100 up, the surrogates skipped."""
    return chr(k + 0x100 if k + 0x100 < 0xD800 else k + 0x900)


_CODES = [_code(k) for k in range(2048)]  # made once: a clause pair rarely has more distinct tokens


def _encode(tokens_a: list[str], tokens_b: list[str]) -> tuple[str, str]:
    """Both token lists as strings of one character per distinct token (code points from U+0100 in
    order of first appearance, the surrogates skipped)."""
    table = dict.fromkeys(chain(tokens_a, tokens_b))  # distinct tokens in order of first appearance
    count = len(table)
    codes = _CODES if count <= len(_CODES) else [_code(k) for k in range(count)]
    char_of = dict(zip(table, codes, strict=False))  # the first ``count`` codes
    a = "".join(map(char_of.__getitem__, tokens_a))
    b = "".join(map(char_of.__getitem__, tokens_b))
    return a, b


_OPS: dict[int, WordOp] = {0: "equal", 1: "insert", -1: "delete"}


def word_diff(old: str, new: str) -> tuple[WordDiff, ...]:
    """Word-level redline of ``old`` → ``new`` as equal/insert/delete runs of whole words.

    The bisection is bounded by work (``engine.BISECT_BUDGET``), not time: the same texts give the
    same redline on every run."""
    tokens_a, tokens_b = _TOKEN.findall(old), _TOKEN.findall(new)
    a, b = _encode(tokens_a, tokens_b)
    diffs = engine.semantic_diff(a, b)
    runs: list[WordDiff] = []
    # each character stands for one token and the runs cut both strings in order (equal and
    # delete runs make up ``a``, equal and insert runs ``b``): a run's words are the next ones
    # of its side's token list, joined, without looking up each character
    at_a = at_b = 0
    for op, chunk in diffs:
        count = len(chunk)
        if op == 1:
            text = "".join(tokens_b[at_b : at_b + count])
            at_b += count
        else:
            text = "".join(tokens_a[at_a : at_a + count])
            at_a += count
            at_b += count if op == 0 else 0
        if not text:
            continue
        kind = _OPS[op]
        if runs and runs[-1].op == kind:
            runs[-1] = WordDiff(kind, runs[-1].text + text)
        else:
            runs.append(WordDiff(kind, text))
    return tuple(runs)


def changed_words(runs: tuple[WordDiff, ...]) -> tuple[int, int]:
    """(words inserted, words deleted) in a redline."""
    inserted = sum(len(r.text.split()) for r in runs if r.op == "insert")
    deleted = sum(len(r.text.split()) for r in runs if r.op == "delete")
    return inserted, deleted
