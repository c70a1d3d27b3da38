"""SHA-256 of the classified diff JSON of the demo (seed) v1→v2 and of every consecutive pair of
corpus versions: run before and after a change to the diff or classifier to prove the output on
ordinary policies is byte-identical.

Run: ``.venv/bin/python tools/diff_hashes.py [--corpus DIR] > hashes.txt`` (needs ../shared/corpus).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from tracker.classify import classify
from tracker.demo import demo_page
from tracker.diff.sections import diff_documents
from tracker.errors import ExtractionError
from tracker.extract.document import extract
from tracker.models import DocumentRef, PolicyDocument

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def _digest(old: PolicyDocument, new: PolicyDocument) -> str:
    diff = diff_documents(old, new, old_ref=DocumentRef("old"), new_ref=DocumentRef("new"), policy_id="x")
    diff = classify(diff, old, new)
    return hashlib.sha256(json.dumps(diff.to_dict(), ensure_ascii=False, indent=2).encode()).hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"error: corpus {args.corpus} missing: clone it to ../shared/corpus or pass --corpus", file=sys.stderr)
        return 2
    v1, v2 = (extract(demo_page(v).encode(), "text/html") for v in (1, 2))
    print(f"demo-v1-v2 {_digest(v1, v2)}")
    for folder in sorted(args.corpus.glob("*/versions")):
        docs = []
        for path in sorted(folder.glob("*.md")):
            try:
                docs.append((path.name, extract(path.read_bytes(), "text/markdown")))
            except ExtractionError:
                continue
        for (a_name, a), (b_name, b) in zip(docs, docs[1:], strict=False):
            print(f"{folder.parent.name}/{a_name}->{b_name} {_digest(a, b)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
