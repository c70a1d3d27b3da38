"""``own_name._names_of`` reads a definition of "we" only when some parentheses of the clause
hold a quote (the aliases are quoted inside them): the names must be those the definition regex
finds without that shortcut, on real clauses (tests/data/corpus) and on random ones."""

from __future__ import annotations

import random
from pathlib import Path

from tracker.classify import own_name
from tracker.extract.document import extract


def _names_without_shortcut(text: str) -> set[str]:
    names: set[str] = set()
    for match in own_name._DEFINITION.finditer(text):
        aliases = [a.strip() for a in own_name._QUOTED.findall(match.group(2))]
        if not any(own_name._US.match(a) for a in aliases):
            continue
        name = match.group(1).strip()
        names |= {name, own_name._LEGAL_FORM.sub("", name)}
        names |= {a for a in aliases if a[:1].isupper() and not own_name._US.match(a)}
    return names


def test_the_definitions_found_are_kept() -> None:
    text = 'Acme Dating Ltd ("Acme", "we", "us") and Beta SAS (« Beta » ou « nous ») run the app.'
    assert own_name._names_of(text) == {"Acme Dating Ltd", "Acme Dating", "Acme", "Beta SAS", "Beta"}
    assert own_name._names_of('Acme Ltd (the "Company") says "we" (in short).') == set()


def test_same_names_on_corpus_clauses(corpus_dir: Path) -> None:
    texts = []
    for path in sorted(corpus_dir.glob("*/versions/*.md")):
        try:
            document = extract(path.read_bytes(), "text/markdown")
        except Exception:  # an empty capture: nothing to take
            continue
        texts += [c.text for s in document.sections for c in s.clauses if "(" in c.text]
    assert len(texts) > 200
    found = 0
    for text in texts:
        names = own_name._names_of(text)
        assert names == _names_without_shortcut(text), text
        found += bool(names)
    assert found >= 3  # some clauses do define "we": the comparison is not only of empty sets


def test_same_names_on_random_clauses() -> None:
    rng = random.Random(3)
    pieces = ["Acme", "Ltd", "Dating", "of", "and", "(", ")", '"', "“", "”", "«", "»", "„", "we", "us", "Us",
              "nous", ",", " ", "the", "Company", "x" * 170, '("Acme",', '"we")', '(“we”)', "(« nous »)"]  # fmt: skip
    found = 0
    for _ in range(4000):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        names = own_name._names_of(text)
        assert names == _names_without_shortcut(text), text
        found += bool(names)
    assert found > 20
