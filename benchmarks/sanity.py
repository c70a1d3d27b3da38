"""Is this the policy? How the "same document" rule does on real versions and on pages that are not.

- *Genuine versions*: every consecutive pair of versions of one document in the shared corpus
  (``*/versions/*.md``) whose text differs. Each should pass: the count held (and which, why)
  is the rule's false holds.
- *Other documents*: the latest version of each document against the latest of every other
  one, by kind: the same service's other document (its terms instead of its privacy policy),
  another service's document of the same type, another service's other type. Held is right;
  the count that passes is the rule's misses (another service's policy of the same type is the
  hardest, and the least likely to be served at a policy's URL).
- *Walls and broken pages*: the fault suite's sign-in page, error page, cookie wall and seller
  terms, and each document cut to its first three sections, against each document's latest
  version: all must be held.

Each pair goes through what ``check`` applies: ``same_document_reason``, then ``shrink_reason``
at the default ``max_shrink``.

Run: ``.venv/bin/python benchmarks/sanity.py [--corpus DIR] [--show]``
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections import Counter
from pathlib import Path

from corpus_path import FULL_CORPUS, corpus_versions, require_corpus

from tracker.extract import extract
from tracker.extract.sanity import same_document_reason
from tracker.fetch.challenge import shrink_reason
from tracker.models import PolicyDocument

MAX_SHRINK = 0.5  # the default ``max_shrink``

PAGES = {
    "login_wall": "<h1>Sign in</h1><p>Log in to continue. Username</p><p>Password</p><p>Forgot password?</p>"
    "<p>Create an account</p>",
    "error_page": "<h1>Page not found</h1><p>Sorry, something went wrong.</p>",
    "cookie_wall": "<h1>We value your privacy</h1><p>We use cookies. Accept all or reject all, or manage "
    "preferences.</p>",
    "seller_terms": "".join(
        f"<h2>Article {n}</h2><p>{f'The seller ships goods within {n} days of payment by card or by wire. ' * 3}</p>"
        for n in range(1, 8)
    ),
}


def held(old: PolicyDocument, new: PolicyDocument) -> str | None:
    """The cause ``check`` would hold ``new`` for, or None."""
    reason = same_document_reason(old, new)
    if reason:
        return reason[0]
    return "shrank" if shrink_reason(old, new, MAX_SHRINK) else None


def kind_of(a: str, b: str) -> str:
    """How two corpus documents (``service__type``) differ."""
    (service_a, type_a), (service_b, type_b) = a.split("__", 1), b.split("__", 1)
    if service_a == service_b:
        return "same service, other document"
    return "other service, same type" if type_a == type_b else "other service, other type"


def genuine(documents: dict[str, list[tuple[str, PolicyDocument]]], show: bool) -> None:
    """Consecutive versions: how many pass."""
    pairs = held_pairs = 0
    causes: Counter[str] = Counter()
    for name, versions in documents.items():
        for (a_name, a), (b_name, b) in itertools.pairwise(versions):
            if a.to_markdown() == b.to_markdown():
                continue
            pairs += 1
            cause = held(a, b)
            if cause:
                held_pairs += 1
                causes[cause] += 1
                if show:
                    print(f"  held: {name} {a_name} -> {b_name}: {cause}")
    passed = pairs - held_pairs
    print(f"genuine versions (consecutive, text differs): {passed} of {pairs} pass, {held_pairs} held {dict(causes)}")


def others(documents: dict[str, list[tuple[str, PolicyDocument]]], show: bool) -> None:
    """Latest version of one document against another's: how many are held."""
    totals: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    for a, b in itertools.permutations([n for n, v in documents.items() if v], 2):
        kind = kind_of(a, b)
        totals[kind] += 1
        if held(documents[a][-1][1], documents[b][-1][1]):
            caught[kind] += 1
        elif show and kind != "other service, same type":
            print(f"  passed: {a} -> {b}")
    for kind in sorted(totals):
        print(f"other documents, {kind}: {caught[kind]} of {totals[kind]} held")


def walls(documents: dict[str, list[tuple[str, PolicyDocument]]], show: bool) -> None:
    """Walls, error pages, other pages and cut documents: how many are held."""
    pages = {k: extract(f"<html><body>{v}</body></html>".encode(), "text/html") for k, v in PAGES.items()}
    for label, page in pages.items():
        caught = [held(v[-1][1], page) for v in documents.values() if v]
        count = sum(1 for c in caught if c)
        print(f"{label:>13} instead of the policy: {count} of {len(caught)} held {dict(Counter(caught))}")
    cut = []
    for name, versions in documents.items():
        if versions and len(versions[-1][1].sections) > 6:
            latest = versions[-1][1]
            part = PolicyDocument(latest.title, latest.last_updated, latest.sections[:3])
            cut.append(held(latest, part))
            if show and not cut[-1]:
                print(f"  passed: {name} cut to 3 sections")
    count = sum(1 for c in cut if c)
    print(f"{'first 3 sections':>13} of a longer policy: {count} of {len(cut)} held {dict(Counter(cut))}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=FULL_CORPUS)
    parser.add_argument("--show", action="store_true", help="name the pairs held or missed")
    args = parser.parse_args()
    documents = corpus_versions(require_corpus(args.corpus, "sanity.py"))
    genuine(documents, args.show)
    others(documents, args.show)
    walls(documents, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
