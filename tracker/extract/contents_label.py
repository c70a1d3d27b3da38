"""The label a table of contents leaves behind: "Contents", « Sommaire », „Inhalt“, "On this page".

When ``tracker.extract.contents`` empties a table of contents, the line naming it would stay as a
heading (or a bold line, a clause) with nothing under it. It goes with the list when the page's
structure says it is the list's label: it is the text right before the list (the previous
element, the text opening the list's container, or the container's own previous element when the
list opens it), nothing else of the page's text stands between them, it is a heading's length (a
plain line, neither a heading nor bold, a caption's: five words), no sentence, holds no link, and
its section would be empty: what follows the list is a heading of its rank or higher, or the end
of the page. A name for a contents list ("Contents", « Table des matières », „Inhaltsverzeichnis“)
stands in for that last sign only, when the list is followed by the section's text; it is never
enough alone. A heading whose section holds text after the list stays, as does any heading before
a list that is not removed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from tracker.extract.tree import Element, is_live, page_text, visible_strings

__all__ = ["Label", "label_before"]

_MAX_WORDS = 12  # a heading's length: the corpus's labels have one to five words
# a plain line (no heading, not all bold) of more words is an introducing sentence ("This policy
# is set out in parts you can click through:"), not a caption
_MAX_PLAIN_WORDS = 5
_MAX_CHARS = 80
_LEFTOVER = re.compile(r"[\W\d_]*")  # numbering and separators: no words
_SENTENCE = re.compile(r"[.!;](?:\s|$)")
_STOPS = frozenset({"body", "html", "main", "article"})
_BOLD = ("strong", "b", "dt", "summary", "caption")
_LOWEST = 7  # the rank of a bold line or plain caption: below every h1–h6
# names of a contents list, case, accents and punctuation folded: an extra sign, never the only one
_NAMES = frozenset(
    {
        "contents", "content", "table of contents", "on this page", "in this policy", "in this article",
        "contenu", "contenus", "sommaire", "table des matieres", "sur cette page", "dans cette politique",
        "inhalt", "inhaltsverzeichnis", "auf dieser seite", "in dieser erklarung",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Label:
    """A label found: an element, or the text opening ``holder`` (``place`` "text") or following
    it (``place`` "tail")."""

    holder: Element
    place: str  # "element", "text" or "tail"
    text: str

    def remove(self) -> None:
        """Take the label out of the page, keeping the words after an element label."""
        if self.place == "text":
            self.holder.text = None
        elif self.place == "tail":
            self.holder.tail = None
        else:
            self.holder.text = None
            for child in list(self.holder):
                self.holder.remove(child)


def _words(text: str | None) -> bool:
    return bool(text and text.strip() and not _LEFTOVER.fullmatch(text))


def _before(first: Element, root: Element) -> Label | None:
    """The first text before ``first`` in the page, as a label candidate: the nearest previous
    sibling with words (or words following it), else the text opening the parent, else the same
    read from the parent, up to the page's body."""
    node = first
    while True:
        for previous in node.itersiblings(preceding=True):
            if _words(previous.tail):
                return Label(previous, "tail", " ".join(str(previous.tail).split()))
            if is_live(previous) and any(text.strip() for text, _ in visible_strings(previous)):
                return Label(previous, "element", " ".join(page_text(previous, " ").split()))
        parent = node.getparent()
        if parent is None:
            return None
        if _words(parent.text):
            return Label(parent, "text", " ".join(str(parent.text).split()))
        if parent is root or parent.tag in _STOPS:
            return None
        node = parent


def _rank(holder: Element, top: Element | None = None) -> int | None:
    """The rank of the heading ``holder`` is or is in (1–6 for ``h1``–``h6``, ``_LOWEST`` for a
    line that is all bold); None when it is no heading. ``top``: read no higher."""
    for node in (holder, *holder.iterancestors()):
        if isinstance(node.tag, str) and len(node.tag) == 2 and node.tag[0] == "h" and node.tag[1] in "123456":
            return int(node.tag[1])
        if node.tag in _BOLD:
            block = node.getparent()
            whole = page_text(block, " ") if block is not None else ""
            if " ".join(whole.split()) == " ".join(page_text(node, " ").split()):
                return _LOWEST
        if node is top:
            break
    return None


def _label_rank(label: Label) -> int:
    if label.place != "element":
        return _LOWEST
    own = _rank(label.holder, label.holder)
    if own is not None:
        return own
    inner = [r for r in (_rank(node, label.holder) for node in label.holder.iter() if node.text) if r is not None]
    return min(inner, default=_LOWEST)


def _bold(label: Label) -> bool:
    """Whether the label is an element whose words are all in one bold line."""
    if label.place != "element":
        return False
    return _rank(label.holder, label.holder) is not None or any(
        _rank(node, label.holder) is not None for node in label.holder.iter(*_BOLD)
    )


def _after(last: Element, root: Element) -> Element | None:
    """The element holding the first words after ``last`` in the page; None at the page's end."""
    node = last
    while node is not None and node is not root:
        if _words(node.tail):
            return node.getparent()
        for following in node.itersiblings():
            if is_live(following):
                for text, holder in visible_strings(following):
                    if text.strip():
                        return holder
            if _words(following.tail):
                return following.getparent()
        node = node.getparent()
    return None


def _name_key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    return " ".join(re.sub(r"[\W\d_]+", " ", "".join(c for c in folded if not unicodedata.combining(c))).split())


def label_before(first: Element, last: Element, root: Element) -> Label | None:
    """The label of the table of contents from ``first`` to ``last``, None when it has none."""
    label = _before(first, root)
    if label is None or not label.text:
        return None
    text = label.text
    if len(text) > _MAX_CHARS or len(text.split()) > _MAX_WORDS or _SENTENCE.search(text):
        return None
    if label.place == "element" and next(label.holder.iter("a", "input", "button", "select", "img"), None) is not None:
        return None
    own = _label_rank(label)
    if own == _LOWEST and not _bold(label) and len(text.split()) > _MAX_PLAIN_WORDS:
        return None
    following = _after(last, root)
    rank = None if following is None else _rank(following)
    empty = following is None or (rank is not None and rank <= own)
    return label if empty or _name_key(text) in _NAMES else None
