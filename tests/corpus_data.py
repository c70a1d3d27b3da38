"""Where the tests' real data lives (``tests/data/``), and the one reader of its compressed pages.

``tests/data/corpus`` is a compact copy of the shared corpus (same layout; snapshot pages are
stored gzip-compressed as ``*.html.gz``), built by ``tools/make_test_corpus.py``; ``SOURCES.md``
says where each file comes from.
"""

from __future__ import annotations

import gzip
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
CORPUS = DATA / "corpus"
SEED = DATA / "seeds" / "indiamart-privacy-policy-2024-06-19.md"


def corpus_pages(corpus: Path = CORPUS, name: str = "*") -> list[Path]:
    """The snapshot pages of the corpus (``<document>/snapshots/<name>.html.gz``), sorted."""
    return sorted(corpus.glob(f"*/snapshots/{name}.html.gz"))


def read_page(path: Path) -> bytes:
    """The bytes of a corpus file, decompressed when it is stored as ``.gz``."""
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data
