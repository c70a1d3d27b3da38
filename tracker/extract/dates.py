"""Finding a policy's own "last updated / effective" date in its text.

English, French and German forms: "Last Updated On: 19 June 2024", "Effective: 2024-06-19",
"Updated January 5, 2023", "Last modified 5th March 2023", "Effective date: 01/02/2024",
"Dernière mise à jour : 5 janvier 2023", "Stand: 5. Januar 2023". Purely numeric dates such as
01/02/2024 are read day-first (the international form) unless only the month-first reading is
valid (e.g. 12/31/2024).

A date is only ever taken right after a keyword (the anchor): "founded on 5 May 1999" is not
the policy's date. The common forms are read by the patterns below (fast, and exact on the
corpus); any other form behind an anchor ("s'applique à partir du 1er févr. 2024", "Jan. 2023",
"wirksam ab 1. Okt. 2024") is handed to dateparser (English, French, German; a month and a year
required, day-first), imported only when a page needs it.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from tracker.extract.scan import EXTRA_FOLDS as _EXTRA_FOLDS

MONTHS = {
    # English
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
    # French
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
    # German
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "juni": 6, "juli": 7,
    "oktober": 10, "dezember": 12,
}  # fmt: skip

_MONTH = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_KEYWORDS = (
    r"last\s+updated(?:\s+on)?|last\s+modified(?:\s+on)?|last\s+revised(?:\s+on)?|updated(?:\s+on)?|"
    r"revised(?:\s+on)?|effective(?:\s+date)?(?:\s+of\s+this\s+policy)?|effective\s+(?:as\s+of|from|on)|"
    r"date\s+of\s+last\s+(?:update|revision)|version\s+(?:dated|of)|"
    r"derni[eè]re\s+mise\s+[àa]\s+jour(?:\s+(?:le|du))?|mis\s+[àa]\s+jour\s+le|mise\s+[àa]\s+jour(?:\s+du)?\s*:?|"
    r"en\s+vigueur(?:\s+(?:au|le|depuis\s+le))?|date\s+d['’]entr[ée]e\s+en\s+vigueur|"
    r"zuletzt\s+(?:aktualisiert|ge[äa]ndert)(?:\s+am)?|stand|g[üu]ltig\s+ab|letzte\s+aktualisierung|"
    r"s['’]applique\s+(?:[àa]\s+(?:partir|compter)\s+du|d[èe]s\s+le)|[àa]\s+compter\s+du|"
    r"en\s+vigueur\s+[àa]\s+(?:partir|compter)\s+du|version\s+du|wirksam\s+(?:ab|seit)|"
    r"in\s+kraft\s+(?:seit|ab)|g[üu]ltig\s+seit|version(?=\s*:)|revision\s+date|"
    r"datum\s+der\s+letzten\s+(?:aktualisierung|[äa]nderung)|letzten\s+aktualisierung|inkrafttreten|"
    r"last\s+update|[àa]ppl(?:ies|y)\s+(?:from|as\s+of)|t(?:ook|akes)\s+effect(?:\s+on)?|"
    r"s['’]applique\s+[àa]\s+partir\s+de"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er|\.)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATE_FORMS = [
    r"(?P<iso>(?:19|20)\d\d)-(?P<im>\d\d)-(?P<id>\d\d)",
    rf"{_DAY}\s+(?:of\s+)?(?P<month>{_MONTH})\.?,?\s+{_YEAR}",
    rf"(?P<month2>{_MONTH})\.?\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year2>(?:19|20)\d\d)",
    r"(?P<n1>\d{1,2})[/.](?P<n2>\d{1,2})[/.](?P<n3>(?:19|20)\d\d)",
    rf"(?P<month3>{_MONTH})\s+(?P<year3>(?:19|20)\d\d)",
]
_DATE = "(?:" + "|".join(f"(?:{form})" for form in _DATE_FORMS) + ")"
# A clause that is nothing but the date line (dropped from the body: the date lives in metadata).
_DATE_ONLY = re.compile(
    rf"^\W*(?:{_KEYWORDS})\b\s*(?:[:\-–—]|is|on|le|am)?\s*(?:[:\-–—]\s*)?{_DATE}\W*$", re.IGNORECASE
)


def _to_iso(match: re.Match[str]) -> str | None:
    g = match.groupdict()
    try:
        if g.get("iso"):
            return date(int(g["iso"]), int(g["im"]), int(g["id"])).isoformat()
        if g.get("month"):
            return date(int(g["year"]), MONTHS[g["month"].lower()], int(g["day"])).isoformat()
        if g.get("month2"):
            return date(int(g["year2"]), MONTHS[g["month2"].lower()], int(g["day2"])).isoformat()
        if g.get("n1"):
            a, b, year = int(g["n1"]), int(g["n2"]), int(g["n3"])
            day, month = (a, b) if b <= 12 else (b, a)
            return date(year, month, day).isoformat()
        if g.get("month3"):
            return date(int(g["year3"]), MONTHS[g["month3"].lower()], 1).isoformat()
    except (ValueError, KeyError):
        return None
    return None


def _top_level(pattern: str) -> list[str]:
    """The alternatives of ``pattern`` at its top level (split at ``|`` outside groups and sets)."""
    parts, depth, in_set, start, index = [], 0, False, 0, 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 1  # the escaped character is skipped
        elif in_set:
            in_set = char != "]"
        elif char == "[":
            in_set = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
        index += 1
    return [*parts, pattern[start:]]


def _by_first_letter(pattern: str) -> str:
    """``pattern``'s alternatives grouped by their first letter (or set of letters), each group
    opened by those letters in every case as a case-sensitive set. Matches exactly what
    ``pattern`` matches, under re.IGNORECASE: alternatives of different first letters never match
    at the same place, and within a group they keep their order. A keyword scan then tries one
    group where a word starts, not every keyword (the engine skips a group on its first set)."""
    groups: dict[str, list[str]] = {}
    for alternative in _top_level(pattern):
        head = alternative[: alternative.index("]") + 1] if alternative.startswith("[") else alternative[0]
        groups.setdefault(head, []).append(alternative[len(head) :])
    opened = []
    for head, rests in groups.items():
        letters = head.strip("[]")
        if any(set(letters) & set(other.strip("[]")) for other in groups if other != head):
            raise ValueError(f"keywords opened by {head} and by another set sharing a letter")
        cases = {c for letter in letters for c in (letter, letter.upper(), *_EXTRA_FOLDS.get(letter, ""))}
        opened.append(f"(?-i:[{''.join(sorted(cases))}])(?:{'|'.join(rests)})")
    return "|".join(opened)


# every keyword starts with one of these letters: the look-ahead lets the scan skip the other
# positions without trying each keyword there (twice as fast on a long page, same matches)
_ANCHOR = re.compile(
    rf"\b(?=[ludrevmzsgàawit])(?:{_by_first_letter(_KEYWORDS)})\b\s*(?:[:\-–—]|is|on|le|am)?\s*(?:[:\-–—]\s*)?",
    re.IGNORECASE,
)
_STRICT = re.compile(_DATE, re.IGNORECASE)
_LOOSE = re.compile(r"[^\n;:!?]{3,32}?\b(?:19|20)\d\d\b")  # what may follow an anchor up to a year
_DATEPARSER_SETTINGS = {
    "DATE_ORDER": "DMY",
    "PREFER_DAY_OF_MONTH": "first",
    "REQUIRE_PARTS": ["month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
}


@lru_cache(maxsize=4096)  # dateparser takes ~50 ms a call; pages of one site repeat their date line
def _loose_date(snippet: str) -> str | None:
    """``snippet`` (the text after an anchor, up to a year) read by dateparser, or None."""
    import dateparser  # about a second to load its language data: only for pages that need it

    parsed = dateparser.parse(snippet.strip(" ,."), languages=["en", "fr", "de"], settings=_DATEPARSER_SETTINGS)
    return parsed.date().isoformat() if parsed is not None and 1900 <= parsed.year < 2100 else None


def _date_after(text: str, anchor: re.Match[str]) -> str | None:
    """The date read right after ``anchor`` (strict forms, else dateparser behind a year), or None."""
    strict = _STRICT.match(text, anchor.end())
    iso = _to_iso(strict) if strict else None
    if iso is None and strict is None:
        loose = _LOOSE.match(text, anchor.end())
        iso = _loose_date(loose.group()) if loose else None
    return iso


def find_last_updated(text: str) -> str | None:
    """The first "last updated / effective" date stated in ``text``, as ``YYYY-MM-DD``, or None.

    Only the stretches of ``text`` where an anchor could be followed by a date are searched
    (``date_windows``): the same anchors, in the same order, as a search of the whole text."""
    for start, end in date_windows(text):
        # (the year's first digit, at ``end``, is read by the anchor's closing ``\b``; no anchor
        # holds it, so this search finds every anchor of the whole text's that starts in the window)
        for anchor in _ANCHOR.finditer(text, start, end + 1):
            iso = _date_after(text, anchor)
            if iso:
                return iso
    return None


def year_starts(text: str) -> list[int]:
    """Every place in ``text`` where ``(?:19|20)\\d\\d`` matches (overlapping ones too), in order:
    ``str.find`` scans for the two openings far faster than a regex search (``\\d`` is ``isdecimal``)."""
    starts = []
    for opening in ("19", "20"):
        index = text.find(opening)
        while index >= 0:
            digits = text[index + 2 : index + 4]
            if len(digits) == 2 and digits.isdecimal():
                starts.append(index)
            index = text.find(opening, index + 1)
    starts.sort()
    return starts


_LOOSE_REACH = 32  # _LOOSE: a year at most 32 characters after the anchor
_STRICT_CHARS, _STRICT_SPACES = 17, 3  # a strict date's text before its year, besides white space:
# "12th of September., " (day, suffix, "of", the longest month, "." and ","), in at most 3 runs of it
_ANCHOR_MARKS = frozenset("'’:-–—")  # what an anchor holds besides letters and white space


def _strict_reach(text: str, year: int) -> int:
    """How far before ``year`` a strict date holding it may start (or further: never nearer)."""
    index, chars, spaces = year, 0, 0
    while index > 0:
        if text[index - 1].isspace():
            spaces += 1
            if spaces > _STRICT_SPACES:
                break
            while index > 0 and text[index - 1].isspace():
                index -= 1
        else:
            chars += 1
            if chars > _STRICT_CHARS:
                break
            index -= 1
    return index


def date_windows(text: str) -> list[tuple[int, int]]:
    """Where in ``text`` an anchor followed by a date may start: (start, end) pairs in order, apart.

    Every date form holds a year, and a date starts where its anchor ends, at most
    ``_LOOSE_REACH`` characters (``_LOOSE``) or a strict date's length before its year; an anchor
    is letters, white space and ``_ANCHOR_MARKS`` (no digit, no other punctuation), so it starts
    in the run of those characters that ends where its date may start. A window begins after a
    character no anchor holds, so a search starting there finds the anchors a search of the whole
    text finds from there on (none of those runs across that character)."""
    windows: list[tuple[int, int]] = []
    for year in year_starts(text):
        start = max(0, min(year - _LOOSE_REACH, _strict_reach(text, year)))
        while start > 0 and (
            text[start - 1].isalpha() or text[start - 1].isspace() or text[start - 1] in _ANCHOR_MARKS
        ):
            start -= 1
        while windows and start <= windows[-1][1]:  # overlapping the windows before it: one window
            start = min(start, windows.pop()[0])
        windows.append((start, year))
    return windows


_LOOSE_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# Any date in a line, for masking (``masked_date_line``): the anchored forms above and English
# spellings they leave out (two-digit years, "March 2024", abbreviations with a dot).
_ANY_DATE = re.compile(
    rf"\b(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}"
    rf"|{_LOOSE_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_LOOSE_MONTH},?\s+\d{{4}}|{_LOOSE_MONTH}\s+\d{{4}})\b"
    rf"|{_DATE}",
    re.IGNORECASE,
)
_DATE_WORD = re.compile(rf"\b(?:updated|effective|revised|modified|last|date[d]?|{_KEYWORDS})\b", re.IGNORECASE)


def masked_date_line(text: str) -> str | None:
    """A short line that states a date and a word of the policy's date wording ("updated",
    « mise à jour », „Stand"), with each date replaced by ``<date>``; None for any other text.
    Two versions of a line with equal masks differ only in the date they state."""
    if len(text) > 200 or not _DATE_WORD.search(text):
        return None
    masked = _ANY_DATE.sub("<date>", text)
    return masked if masked != text else None


@lru_cache(maxsize=8192)  # sectioning asks it of every line, some lines twice (a pure function of the text)
def is_date_line(text: str) -> bool:
    """True when a clause is only a "last updated" line (so it is metadata, not policy text)."""
    text = text.strip()
    if len(text) > 120:
        return False
    if _DATE_ONLY.match(text):
        return True
    anchor = _ANCHOR.match(text, len(text) - len(text.lstrip("*_#([ ")))
    rest = text[anchor.end() :].strip(" .)]*_") if anchor else ""
    loose = _LOOSE.fullmatch(rest)
    return bool(loose) and _loose_date(rest) is not None
