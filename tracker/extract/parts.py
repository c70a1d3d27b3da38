"""Pages that hold several documents: keep only the one being tracked.

Legal hubs put a service's terms, privacy policy, copyright policy ... on one page, each under a
top-level heading ("Terms of Service", "Privacy Policy", "DMCA Takedown Policy"). A privacy
tracker watching such a page should see the privacy policy change, not the terms. Given the
tracked document's name (the config's ``name``, e.g. "Buffer Privacy Policy") or failing that
its URL path, ``keep_tracked_document`` keeps the top-level parts whose titles name the same kind
of document. It acts only when the page is clearly such a hub: at least two top-level headings
are document titles of different kinds, titled parts hold most of the text, and documents of
other kinds hold a good share of it. Otherwise (an
ordinary policy whose sections merely mention "cookies" or "terms") every section is kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tracker.models import Section

# A heading names a whole document when it is short and carries a document noun ...
_DOCUMENT_NOUN = re.compile(
    r"\b(polic(?:y|ies)|terms|conditions|notice|statement|agreement|compliance|copyright|dmca|gdpr|eula)\b",
    re.IGNORECASE,
)
# ... and its kind is read from these words (a title may name no kind: "Security Notice").
_KINDS: dict[str, re.Pattern[str]] = {
    "privacy": re.compile(
        r"\b(privacy|gdpr|ccpa|personal data|data|confidentialité|données personnelles|datenschutz\w*)\b",
        re.IGNORECASE,
    ),
    "cookies": re.compile(r"\bcookies?\b", re.IGNORECASE),
    "terms": re.compile(r"\b(terms|conditions|tos|eula|agreement|terms-of-(?:use|service))\b", re.IGNORECASE),
    "copyright": re.compile(r"\b(copyright|dmca|intellectual property)\b", re.IGNORECASE),
}
_MAX_TITLE_WORDS = 10
_MIN_TITLED_SHARE = 0.8  # titled parts must hold this share of the page's text ...
_MIN_OTHER_SHARE = 0.25  # ... and documents of other kinds at least this share
_MAX_APPENDED_SHARE = 0.5  # an appended document holds less of the page's text than this


# A part opening (a pseudo-heading naming a document) is stricter than a hub's title: a noun phrase
# naming a document, not a section about it ("Changes to this Policy", "Contact us about our Notice").
_PART_NOUN = re.compile(
    r"\b(polic(?:y|ies)|notice|statement|terms|conditions|addendum|politique|charte|mentions)\b|"
    r"(erklärung|richtlinie|hinweise|bedingungen)\b",
    re.IGNORECASE,
)
_NOT_A_PART = re.compile(
    r"\b(this|these|that|our|your|its|changes?|updates?|amendments?|contact|about|how|what|when|why|"
    r"cette|ce|notre|votre|vos|modifications?|diese[rsmn]?|unsere[rsmn]?|änderungen?)\b",
    re.IGNORECASE,
)
_MAX_PART_WORDS = 12


def is_part_title(text: str) -> bool:
    """True for a line that names a whole document ("Cookie Notice", "Supplemental Privacy Notice for
    U.S. State Residents", "Politique relative aux cookies") rather than a section of one."""
    words = text.split()
    return (
        2 <= len(words) <= _MAX_PART_WORDS
        and text[:1].isupper()
        and bool(_PART_NOUN.search(text))
        and not _NOT_A_PART.search(text)
    )


def document_kinds(text: str) -> set[str]:
    """The kinds of document ("privacy", "cookies", "terms", "copyright") a name or title speaks of.

    A privacy title that mentions cookies ("Privacy and Cookie Policy") counts as both.
    """
    spaced = re.sub(r"[-_/]+", " ", text)
    return {kind for kind, pattern in _KINDS.items() if pattern.search(spaced)}


def _is_document_title(heading: str) -> bool:
    return len(heading.split()) <= _MAX_TITLE_WORDS and bool(_DOCUMENT_NOUN.search(heading))


def _size(sections: Sequence[Section]) -> int:
    return sum(len(s.heading) + sum(len(c.text) for c in s.clauses) for s in sections)


def _parts(sections: Sequence[Section], level: int) -> list[tuple[str | None, list[Section]]]:
    """Runs of sections, each opened by a heading at ``level`` (None heads the leading run)."""
    parts: list[tuple[str | None, list[Section]]] = [(None, [])]
    for section in sections:
        if section.heading and section.level == level:
            parts.append((section.heading, [section]))
        else:
            parts[-1][1].append(section)
    return [p for p in parts if p[1]]


def _drop_appended_documents(sections: Sequence[Section], wanted: set[str]) -> list[Section]:
    """Below a page title naming the tracked kind, the top-level parts at the end of the page that
    open other kinds of document (a cookie notice appended to a privacy policy) are not the
    tracked document. A part followed by more of the document's own top-level sections, or
    holding half the page's text or more (a "Copyright Policy" heading in the middle of terms of
    service, the rest of the terms under it), is the document's, and stays."""

    def other_kind(section: Section) -> bool:
        kinds = document_kinds(section.heading)
        return is_part_title(section.heading) and bool(kinds) and not kinds & wanted

    cut = len(sections)
    for index in range(len(sections) - 1, 0, -1):  # never the first section: the document comes first
        section = sections[index]
        if section.level == 1 and section.heading:
            if not other_kind(section):
                break
            cut = index
    if _size(sections[cut:]) >= _MAX_APPENDED_SHARE * _size(sections):
        return list(sections)  # more than the document itself: not something appended to it
    return list(sections[:cut])


def keep_tracked_document(sections: Sequence[Section], hint: str | None, title: str | None = None) -> list[Section]:
    """The sections of the tracked document when the page is a hub of several documents.

    ``hint`` is the document's name or URL; without a kind in it, or when the page is not a hub,
    ``sections`` come back unchanged. ``title`` is the page's own title (its single ``h1``, else its
    first ``h1`` or ``<title>``): unless it names another kind only, parts appended after the
    document that open another kind go.
    """
    wanted = document_kinds(hint or "")
    title_kinds = document_kinds(title or "")
    if wanted and (not title_kinds or wanted & title_kinds):  # the page is (or may be) the tracked document
        sections = _drop_appended_documents(sections, wanted)
    headed = [s for s in sections if s.heading]
    if not wanted or not headed:
        return list(sections)
    level = min(s.level for s in headed)
    parts = _parts(sections, level)
    titled = [(heading, run) for heading, run in parts if heading and _is_document_title(heading)]
    kinds_seen = set().union(*(document_kinds(heading) for heading, _ in titled)) if titled else set()
    if len(titled) < 2 or len(kinds_seen) < 2 or not wanted & kinds_seen:
        return list(sections)
    total = _size(sections)
    others = [run for heading, run in titled if not wanted & document_kinds(heading)]
    if sum(_size(run) for _, run in titled) < _MIN_TITLED_SHARE * total:
        return list(sections)
    if sum(_size(run) for run in others) < _MIN_OTHER_SHARE * total:
        return list(sections)  # a policy with a small "Additional terms" section is not a hub
    kept = [s for heading, run in titled if wanted & document_kinds(heading) for s in run]
    return kept or list(sections)
