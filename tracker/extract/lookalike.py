"""Text that cannot lie to its reader: bidirectional controls and look-alike letters.

Bidirectional control characters (LRE/RLE/PDF/LRO/RLO U+202A–E, the isolates U+2066–9, the
marks U+200E/F and U+061C) change the order text is *displayed* in: "ton" wrapped in a
right-to-left override shows as "not". Normalisation removes them (``strip_bidi``), so what is
stored, diffed and shown is the order the characters really are in.

A word mixing Latin letters with Cyrillic or Greek ones ("nеvеr" with Cyrillic е) looks like a
Latin word but is not one: rules looking for "never" would miss it. ``mixed_script_words`` names
such words (the report and the classification say the text holds look-alike characters), and
``fold_lookalikes`` reads them as the Latin word they imitate, for the rules only; the stored
text keeps the characters as they are, so a word changed only by a look-alike is still a change.
"""

from __future__ import annotations

import functools
import re
import unicodedata

BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_WORD = re.compile(r"[^\W\d_]+")
# Cyrillic and Greek letters drawn like Latin ones (Unicode confusables, the common cases)
_LATIN_OF = str.maketrans(
    "аеорсухіјѕԁӏАВЕКМНОРСТХІЈЅԛԝαοορνκιτυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "aeopcyxijsdlABEKMHOPCTXIJSqwaoopvkituxABEZHIKMNOPTYX",
)


def strip_bidi(text: str) -> str:
    """``text`` without bidirectional control characters."""
    return BIDI_CONTROLS.sub("", text)


@functools.lru_cache(maxsize=4096)
def _script(char: str) -> str | None:
    """ "LATIN", "CYRILLIC" or "GREEK" when the character's Unicode name starts so, else None."""
    name = unicodedata.name(char, "")
    return next((script for script in ("LATIN", "CYRILLIC", "GREEK") if name.startswith(script)), None)


def _scripts(word: str) -> set[str]:
    return {script for char in word if (script := _script(char))}


def mixed_script_words(text: str) -> list[str]:
    """Words mixing Latin letters with Cyrillic or Greek ones, in order, each once."""
    if text.isascii():  # no word of it is mixed (the common case)
        return []
    # a mixed word holds a Cyrillic or Greek letter: without one in the text, none is mixed
    if not any(_imitating(char) for char in set(text) if not char.isascii()):
        return []
    found = []
    for word in _WORD.findall(text):
        if not word.isascii() and len(scripts := _scripts(word)) > 1 and "LATIN" in scripts:
            found.append(word)
    return list(dict.fromkeys(found))


@functools.lru_cache(maxsize=4096)
def _imitating(char: str) -> bool:
    """A Cyrillic or Greek character (by its Unicode name, as ``_scripts`` reads it)."""
    return unicodedata.name(char, "").startswith(("CYRILLIC", "GREEK"))


def fold_lookalikes(text: str) -> str:
    """``text`` with each mixed-script word read as the Latin word it imitates."""
    if text.isascii():
        return text
    # a mixed-script word holds a Cyrillic or Greek character: without one, nothing is folded
    if not any(_imitating(char) for char in set(text) if not char.isascii()):
        return text
    return _WORD.sub(lambda m: m.group(0).translate(_LATIN_OF) if mixed_script_words(m.group(0)) else m.group(0), text)
