"""Text a printed web page repeats over its content: what the PDF reader drops before it reads lines.

A browser printing a page draws a fixed-position element (a cookie panel, a "Download the app" bar,
a consent dialog) again on every page, at the same place, and over the page's own text: pdfplumber
then interleaves the two into one line ("WCeo Cmamruen iAtyb ..."). The HTML reading drops such
an element by the DOM; the PDF reader drops it by the layout: a run of characters (one line of one
text object, in the order the PDF draws them) whose text comes back at the same position on most
pages (at least three, and at least half of them), or on two pages or more and drawn over the
page's own text on one of them, is not the document's. Running headers and footers in the
margins are caught by the same test; their page numbers by ``tracker.extract.pdf``. A table
header row that a browser repeats on every page of a table running over most pages goes too,
every copy of it (a known loss: the HTML reading keeps it once).
"""

from __future__ import annotations

from collections.abc import Sequence

_MIN_LETTERS = 6  # a shorter run ("OK", a bullet) may repeat at one place by chance
MARGIN = 0.1  # top and bottom tenth of a page: running headers and footers (as tracker.extract.pdf)
_MAX_STRETCH = 3  # runs drawn between two pieces of a repeated panel that belong to it
_Char = dict[str, object]
_Key = tuple[str, int, int]  # a run's text (spaces aside) and where it starts


def _runs(chars: Sequence[_Char]) -> list[list[_Char]]:
    """The page's characters in drawing order, cut into runs: one line of one text object each
    (a new run where the baseline moves or the pen goes back left; a kerned pair such as "Yo"
    overlaps a little and stays in its run)."""
    runs: list[list[_Char]] = []
    previous: _Char | None = None
    for char in chars:
        top, x0 = float(char["top"]), float(char["x0"])  # type: ignore[arg-type]
        if (
            previous is None
            or abs(top - float(previous["top"])) > 0.3 * float(previous["size"])  # type: ignore[arg-type]
            or x0 < float(previous["x0"]) - 0.5  # type: ignore[arg-type]
        ):
            runs.append([char])
        else:
            runs[-1].append(char)
        previous = char
    return runs


def _key(run: list[_Char]) -> _Key:
    text = "".join(str(c["text"]) for c in run)
    return "".join(text.split()), round(float(run[0]["x0"])), round(float(run[0]["top"]))  # type: ignore[arg-type]


def _letters(run: list[_Char]) -> int:
    return sum(str(c["text"]).isalpha() for c in run)


def repeated_chars(pages: Sequence[Sequence[_Char]], heights: Sequence[float]) -> list[set[int]]:
    """For each page (its characters in drawing order), the ``id`` of every character of a run
    repeated at the same position on most pages (at least three and at least half of them), or
    on two pages or more and drawn over earlier text on one. A short run (under six letters) goes
    only beside a long one that goes, on the same line."""
    by_page = [_runs(chars) for chars in pages]
    keys = [[_key(run) for run in runs] for runs in by_page]
    seen: dict[_Key, set[int]] = {}
    for number, page_keys in enumerate(keys):
        for key in page_keys:
            seen.setdefault(key, set()).add(number)
    needed = max(3.0, len(pages) / 2)
    repeated = {key for key, on in seen.items() if len(on) >= needed}
    for runs, page_keys in zip(by_page, keys, strict=True):  # on two pages, drawn over the text of one
        for index, (run, key) in enumerate(zip(runs, page_keys, strict=True)):
            if key not in repeated and len(seen[key]) >= 2 and _over_text(run, runs[:index]):
                repeated.add(key)
    out: list[set[int]] = []
    for runs, page_keys, height in zip(by_page, keys, heights, strict=True):
        dropped = _dropped(runs, page_keys, repeated)
        _sandwiched(runs, dropped, height)
        out.append({id(char) for run, flag in zip(runs, dropped, strict=True) if flag for char in run})
    return out


def _dropped(runs: list[list[_Char]], keys: list[_Key], repeated: set[_Key]) -> list[bool]:
    """Per run: repeated, and long enough (or on the same line as a long repeated run beside it)."""
    long = [key in repeated and _letters(run) >= _MIN_LETTERS for run, key in zip(runs, keys, strict=True)]
    out = []
    for index, key in enumerate(keys):
        beside = any(0 <= o < len(runs) and long[o] and keys[o][2] == key[2] for o in (index - 1, index + 1))
        out.append(long[index] or (key in repeated and beside))
    return out


def _sandwiched(runs: list[list[_Char]], dropped: list[bool], height: float) -> None:
    """Mark as dropped the short stretches (up to three runs) drawn after a dropped run and before
    another one or the page's margins (its running header), each of their runs within three lines
    (of that run's size) of a dropped run: the buttons and links of a repeated panel that only one
    page shows ("I Accept", "Reject All")."""

    def margin(run: list[_Char]) -> bool:
        top = float(run[0]["top"])  # type: ignore[arg-type]
        return top < height * MARGIN or top > height * (1 - MARGIN)

    anchors = [run for run, flag in zip(runs, dropped, strict=True) if flag]
    index = 0
    while index < len(runs):
        if dropped[index]:
            index += 1
            continue
        end = index
        while end < len(runs) and not dropped[end] and not margin(runs[end]):
            end += 1
        stretch = runs[index:end]
        if index > 0 and dropped[index - 1] and end < len(runs) and 0 < len(stretch) <= _MAX_STRETCH:
            dropped[index:end] = [all(_near(run, anchors) for run in stretch)] * len(stretch)
        index = max(end, index + 1)


def _near(run: list[_Char], anchors: list[list[_Char]]) -> bool:
    top = float(run[0]["top"])  # type: ignore[arg-type]
    return any(abs(top - float(a[0]["top"])) <= 3 * float(a[0]["size"]) for a in anchors)  # type: ignore[arg-type]


def _box(run: list[_Char]) -> tuple[float, float, float, float]:
    return (
        min(float(c["x0"]) for c in run),  # type: ignore[arg-type]
        max(float(c["x1"]) for c in run),  # type: ignore[arg-type]
        min(float(c["top"]) for c in run),  # type: ignore[arg-type]
        max(float(c["bottom"]) for c in run),  # type: ignore[arg-type]
    )


def _over_text(run: list[_Char], before: list[list[_Char]]) -> bool:
    """True when ``run`` is drawn over text drawn before it: the boxes cross by more than half a
    line's height and a few characters' width (kerning and tight lines never do)."""
    x0, x1, top, bottom = _box(run)
    for other in before:
        ox0, ox1, otop, obottom = _box(other)
        tall, wide = min(bottom, obottom) - max(top, otop), min(x1, ox1) - max(x0, ox0)
        if tall > 0.5 * (bottom - top) and wide > 2 * (bottom - top):
            return True
    return False
