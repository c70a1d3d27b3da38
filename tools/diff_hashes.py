"""SHA-256 of the classified diff JSON of the demo (seed) v1→v2 and of every consecutive pair of
corpus versions: run before and after a change to the diff or classifier to prove the output on
ordinary policies is byte-identical.

Run: ``.venv/bin/python tools/diff_hashes.py [--corpus DIR] > hashes.txt`` (needs ../shared/corpus).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from corpus_path import corpus_versions  # noqa: E402

from tracker.classify import classify
from tracker.demo import demo_page
from tracker.diff.sections import diff_documents
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
    for name, docs in corpus_versions(args.corpus).items():
        for (a_name, a), (b_name, b) in itertools.pairwise(docs):
            print(f"{name}/{a_name}->{b_name} {_digest(a, b)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
