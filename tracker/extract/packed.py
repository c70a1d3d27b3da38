"""A document as an extraction worker hands it to the run: what the run asks of every page made
in the worker, the sections read only when something asks for them.

For a policy's first snapshot the run needs of its document only its text's hash, its word count,
its section count and the bytes of ``policy.md`` and ``policy.json``; unpickling the sections in
the run's process (its one busy core) was the largest cost of receiving a result, and freeing
them the next. A ``PackedDocument`` carries those made in the worker (by the same
``PolicyDocument`` methods, so the bytes are the same) and its sections either as the
``policy.json`` bytes (a first snapshot: they are made anyway) or as one pickled blob (a page
with a previous version: a change's diff reads them), rebuilt on first use and then like any
document's."""

from __future__ import annotations

import hashlib
import json
import pickle
import threading
from functools import cached_property
from typing import Any

from tracker.models import PolicyDocument, Section

_UNPACKING = threading.Lock()


class PackedDocument(PolicyDocument):
    """A ``PolicyDocument`` whose sections stay packed (its ``policy.json`` bytes or a pickled
    blob) until first read. Equal to (and hashed as) the plain document it packs; pickles as itself
    while still packed."""

    __hash__ = PolicyDocument.__hash__

    @cached_property
    def sections(self) -> tuple[Section, ...]:
        state = self.__dict__
        with _UNPACKING:  # two threads asking at once: one rebuilds them, the other takes its result
            if "sections" not in state:
                blob = state["_blob"]
                if blob is None:  # packed with its policy.json: read back as a stored snapshot is (``Store.load``)
                    sections = PolicyDocument.from_dict(json.loads(state["_structured"])).sections
                else:
                    sections = pickle.loads(blob)
                state["sections"] = sections
                del state["_blob"]  # from now on sent on as the plain document
        return state["sections"]

    # made as a dataclass is (``dataclasses.replace``), it has no packed facts: the plain way then
    @cached_property
    def _markdown(self) -> str:
        data = self.__dict__.get("_markdown_bytes")
        return data.decode("utf-8") if data is not None else PolicyDocument._markdown.func(self)  # type: ignore[attr-defined]

    def markdown_utf8(self) -> bytes:
        data = self.__dict__.get("_markdown_bytes")
        return data if data is not None else super().markdown_utf8()

    def structured_utf8(self) -> bytes:
        structured = self.__dict__.get("_structured")
        return structured if structured is not None else super().structured_utf8()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PolicyDocument):
            return NotImplemented
        return (self.title, self.last_updated, self.sections) == (other.title, other.last_updated, other.sections)

    def __reduce__(self) -> tuple[Any, ...]:
        state = self.__dict__
        if "_blob" not in state:  # unpacked already: sent on as the plain document
            return PolicyDocument, (self.title, self.last_updated, self.sections)
        facts = (state["markdown_sha256"], state["word_count"], state["_section_count"], state.get("_structured"))
        return _unpack, (self.title, self.last_updated, state["_blob"], state["_markdown_bytes"], *facts)

    @property
    def section_count(self) -> int:
        count = self.__dict__.get("_section_count")
        return count if count is not None else len(self.sections)


def _unpack(
    title: str | None,
    last_updated: str | None,
    blob: bytes | None,
    markdown: bytes,
    sha256: str,
    words: int,
    sections: int,
    structured: bytes | None,
) -> PackedDocument:
    doc = object.__new__(PackedDocument)
    doc.__dict__.update(
        title=title,
        last_updated=last_updated,
        _blob=blob,
        _markdown_bytes=markdown,
        markdown_sha256=sha256,
        word_count=words,
        _section_count=sections,
        _structured=structured,
    )
    return doc


def pack(document: PolicyDocument, *, structured: bool) -> PackedDocument:
    """``document`` packed to be sent to the run's process; ``structured``: with the bytes of its
    ``policy.json`` made here too (a first snapshot: it is stored), which then stand for its
    sections too (``to_dict``/``from_dict`` is lossless, ``Store.load`` reads snapshots so),
    instead of pickling them as well."""
    markdown = document.markdown_utf8()
    return _unpack(
        document.title,
        document.last_updated,
        None if structured else pickle.dumps(document.sections, protocol=pickle.HIGHEST_PROTOCOL),
        markdown,
        hashlib.sha256(markdown).hexdigest(),  # = document.markdown_sha256, the text encoded once
        document.word_count,
        len(document.sections),
        document.structured_utf8() if structured else None,
    )
