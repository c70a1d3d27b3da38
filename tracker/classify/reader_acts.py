"""Whether an inserted piece of a clause says what the reader does: the words just before it name
the reader as its subject ("you can share posts", « vous pouvez partager des photos », "members may
post"). Sharing the reader does is no disclosure by the policy's author, so the topic rules do not
read such a piece as new text on sharing with third parties (h17m).
"""

from __future__ import annotations

import re

from tracker.classify.rules import strip_markup
from tracker.classify.vocabulary import vocabulary

__all__ = ["reader_acts"]

_UP_TO_TWO_WORDS = r"\s+(?:[^\W\d_]+\s+){0,2}$"  # "you can", "vous pouvez", "members may also"


def reader_acts(before: str) -> bool:
    """The text ``before`` an inserted piece ends with the reader as a subject and at most two
    more words ("you can", "vous pouvez", "members may")."""
    words = vocabulary()
    tail = strip_markup(before)[-40:]
    subject = rf"(?:{words.second_person.pattern}|{words.reader_nouns.pattern})"
    return re.search(subject + _UP_TO_TWO_WORDS, tail, re.IGNORECASE) is not None
