"""``find_last_updated`` searches only the windows where an anchor may be followed by a date
(issue 20, h20l): it must give the answer of the plain search of the whole text on every text.

The windows rest on three facts (``tracker.extract.dates.date_windows``): every date holds a
year, a date starts at most ``_LOOSE_REACH`` characters or a strict date's length before its
year, and an anchor holds only letters, white space and ``_ANCHOR_MARKS``. The texts below are
made to sit at each of those edges, and a generated set is checked to catch each bound made
one step too tight.
"""

from __future__ import annotations

import gzip
import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tracker.extract import dates
from tracker.extract.blocks import normalize_text
from tracker.extract.tree import parse_html, text_content

CORPUS = Path(__file__).parent / "data" / "corpus"


def plain_find(text: str) -> str | None:
    """The search ``find_last_updated`` made before: every anchor of the whole text, in order."""
    for anchor in dates._ANCHOR.finditer(text):
        iso = dates._date_after(text, anchor)
        if iso:
            return iso
    return None


EDGES = [
    ("Last updated: 5 March 2024", "2024-03-05"),
    ("We changed it. Last updated:    12th  \t of \n  September.,    2024 and more", "2024-09-12"),
    ("Last updated: 12th  of  September.,  2024", "2024-09-12"),
    ("Effective: The earlier of these two, 2023", None),  # dateparser reads no month here
    ("Effective: 1 — the 2nd of March xx 2023", None),
    ("Effective: 1er" + " " * 23 + "f\u00e9vr. 2024", "2024-02-01"),  # dateparser, the year 32 characters on
    ("Effective: 1er" + " " * 24 + "f\u00e9vr. 2024", None),  # 33: too far for a loose date
    ("Effective: 1st" + " " * 14 + "day of Feb. in 2024", "2024-02-01"),  # 32, and a digit near the anchor
    ("Last updated: 12th" + " " * 20 + "of" + " " * 5 + "September., 2024", "2024-09-12"),  # strict, 43 on
    ("Updated 2020201 and 2019-05-04", None),  # a year inside a longer number: read as written
    ("Updated 2019-05-04", "2019-05-04"),
    ("updated202020 Revised 2020-01-02", "2020-01-02"),
    ("Version du 3 mai 2021, version of 2019-01-01", "2021-05-03"),
    ("Date d\u2019entr\u00e9e en vigueur : 1er janvier 2024", "2024-01-01"),
    ("Stand \u2013 5. Januar 2023", "2023-01-05"),
    ("Updated 20\u0662\u0664-01-02", "2024-01-02"),  # \d is any decimal digit
    ("(c) 2019 Acme. Nothing else.", None),
    ("no year at all, last updated recently", None),
    ("Last updated " + " " * 500 + "5 March 2024", "2024-03-05"),
    ("Last updated" + "x" * 40 + " 5 March 2024", None),
    ("LAST MODIFIED 5th March 2023; effective 2021-01-01", "2023-03-05"),
    ("1999 Last updated on 2024-02-03", "2024-02-03"),
]


@pytest.mark.parametrize(("text", "expected"), EDGES)
def test_the_windowed_search_reads_the_edge_cases_as_the_whole_search(text: str, expected: str | None) -> None:
    assert plain_find(text) == expected
    assert dates.find_last_updated(text) == expected


_PIECES = [
    "Last updated", "last modified on", "Effective", "effective date", "Updated", "Revised", "Stand",
    "en vigueur le", "mise à jour :", "d’entrée", "s'applique à partir du", "gültig ab", "updated",
    "5", "12th", "1er", "of", "March", "Sept.", "janvier", "Mai", "2024", "1999", "2021-02-03",
    "01/02/2023", "20", "19", "202", "2020201", "in the year", "the earlier of", "—", "–", ":", "-",
    ",", ".", ";", "(", ")", "'", "’", "_", "x", "policy", "text", "\n", "  ", "\t", "", "7",
]  # fmt: skip


def _generated_texts(count: int = 1500, seed: int = 20) -> list[str]:
    draw = random.Random(seed)
    texts = []
    for _ in range(count):
        pieces = [draw.choice(_PIECES) for _ in range(draw.randint(1, 14))]
        texts.append("".join(piece + draw.choice(["", " ", " ", "  ", "\n"]) for piece in pieces))
    return texts


GENERATED = _generated_texts()


def test_the_windowed_search_answers_as_the_whole_search_on_generated_texts() -> None:
    answers = [dates.find_last_updated(text) for text in GENERATED]
    assert answers == [plain_find(text) for text in GENERATED]
    assert sum(answer is not None for answer in answers) >= 80  # (the texts hold many dates)


@pytest.mark.parametrize(
    "tighten",
    [
        lambda: setattr(dates, "_LOOSE_REACH", 24),
        lambda: setattr(dates, "_STRICT_CHARS", 10),
        lambda: setattr(dates, "_STRICT_SPACES", 1),
        lambda: setattr(dates, "_ANCHOR_MARKS", frozenset()),
    ],
)
def test_each_bound_made_tighter_gives_other_answers(
    tighten: Callable[[], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("_LOOSE_REACH", "_STRICT_CHARS", "_STRICT_SPACES", "_ANCHOR_MARKS"):
        monkeypatch.setattr(dates, name, getattr(dates, name))  # restored after the test
    tighten()
    texts = [text for text, _ in EDGES] + GENERATED
    assert [dates.find_last_updated(text) for text in texts] != [plain_find(text) for text in texts]


def test_an_anchor_holds_only_the_characters_a_window_is_widened_over() -> None:
    anchors = [m.group() for text in GENERATED for m in dates._ANCHOR.finditer(text)]
    assert len(anchors) > 1000
    for anchor in anchors:
        assert all(c.isalpha() or c.isspace() or c in dates._ANCHOR_MARKS for c in anchor), anchor


def test_year_starts_finds_every_place_the_year_pattern_matches() -> None:
    overlapping = re.compile(r"(?=(?:19|20)\d\d)")
    for text in [*GENERATED, "2020201", "1920192", "20\u0662\u0664", "192", "20", "x2019y", ""]:
        assert dates.year_starts(text) == [m.start() for m in overlapping.finditer(text)]


def _page_texts() -> list[str]:
    texts = []
    for page in sorted(CORPUS.glob("*/snapshots/*.html.gz")):
        root = parse_html(gzip.decompress(page.read_bytes()).decode("utf-8", errors="replace"))
        assert root is not None
        texts += [text_content(root, " "), normalize_text(text_content(root, " "))]
    return texts


def test_the_windowed_search_answers_as_the_whole_search_on_the_test_corpus() -> None:
    texts = _page_texts()
    assert len(texts) >= 40
    answers = [dates.find_last_updated(text) for text in texts]
    assert answers == [plain_find(text) for text in texts]
    assert sum(answer is not None for answer in answers) >= 10
