"""The language model mapped from its decompressed copy in the cache folder gives py3langid's own scores.

The passages are written for these tests (policy-like wording in six languages).
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from tracker.classify import langmodel
from tracker.models import Clause, PolicyDocument, Section

PASSAGES = [
    "We collect your name and e-mail address when you create an account, and we keep them while it is open.",
    "Nous collectons votre nom et votre adresse électronique lorsque vous créez un compte sur notre site.",
    "Wir erheben Ihren Namen und Ihre E-Mail-Adresse, wenn Sie ein Konto bei uns eröffnen.",
    "Recopilamos su nombre y su dirección de correo electrónico cuando crea una cuenta en nuestro sitio.",
    "Raccogliamo il tuo nome e il tuo indirizzo email quando crei un account sul nostro sito.",
    "Мы собираем ваше имя и адрес электронной почты, когда вы создаёте учётную запись.",
    "ok",
    "",
]


@pytest.fixture(scope="module")
def reference() -> object:
    """py3langid's own loader: the whole model decompressed into memory."""
    from py3langid.langid import LanguageIdentifier

    return LanguageIdentifier.from_model_file(langmodel.model_file(), norm_probs=True)


def _ranks(identifier: object) -> list[list[tuple[str, float]]]:
    return [identifier.rank(text) for text in PASSAGES]  # type: ignore[attr-defined]


def test_the_mapped_model_scores_every_text_as_py3langids_loader_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: object
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    mapped = langmodel.load_identifier()
    (copy,) = (tmp_path / "policy-tracker").glob("py3langid-*.npz")
    assert isinstance(mapped.tk_nextmove, memoryview)  # read in place from the file, not loaded
    assert _ranks(mapped) == _ranks(reference)  # the same floats, the same order
    assert mapped.classify(PASSAGES[1])[0] == "fr" and mapped.classify(PASSAGES[2])[0] == "de"
    written = copy.stat().st_mtime_ns
    again = langmodel.load_identifier()  # the copy is made once, then only mapped
    assert copy.stat().st_mtime_ns == written and list(copy.parent.iterdir()) == [copy]
    assert _ranks(again) == _ranks(reference)


def test_without_a_usable_cache_folder_the_model_loads_in_memory_with_the_same_scores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: object
) -> None:
    (tmp_path / "policy-tracker").write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    loaded = langmodel.load_identifier()
    assert not isinstance(loaded.tk_nextmove, memoryview)
    assert _ranks(loaded) == _ranks(reference)


def test_copies_left_half_written_long_ago_are_removed_and_recent_ones_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "policy-tracker"
    folder.mkdir()
    stale, recent = folder / ".py3langid-0.npz.111.tmp", folder / ".py3langid-0.npz.222.tmp"
    stale.write_bytes(b"cut short by a kill")
    recent.write_bytes(b"another run, still writing")
    hours_ago = os.path.getmtime(stale) - 2 * 3600
    os.utime(stale, (hours_ago, hours_ago))
    assert isinstance(langmodel.load_identifier().tk_nextmove, memoryview)  # a copy written and mapped
    assert not stale.exists()
    assert recent.exists()


def test_copies_of_other_model_versions_unused_for_a_month_are_removed_and_used_ones_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "policy-tracker"
    folder.mkdir()
    unused, recent = folder / "py3langid-old0.npz", folder / "py3langid-old1.npz"
    unused.write_bytes(b"an older model's copy")
    recent.write_bytes(b"another installation's copy")
    for path, days in ((unused, 31), (recent, 29)):
        then = os.path.getmtime(path) - days * 86400
        os.utime(path, (then, then))
    langmodel.load_identifier()
    assert not unused.exists()
    assert recent.exists()
    (current,) = set(folder.glob("py3langid-*.npz")) - {recent}
    weeks_ago = os.path.getmtime(current) - 40 * 86400
    os.utime(current, (weeks_ago, weeks_ago))
    langmodel.load_identifier()  # read again: marked as used, so never taken for an unused one
    assert os.path.getmtime(current) > weeks_ago + 39 * 86400


def test_a_damaged_copy_is_written_again_and_gives_the_same_scores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: object
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    langmodel.load_identifier()
    (copy,) = (tmp_path / "policy-tracker").glob("py3langid-*.npz")
    whole = os.path.getsize(copy)
    with copy.open("r+b") as f:  # cut short: its zip directory (at the end) is gone
        f.truncate(whole // 2)
    loaded = langmodel.load_identifier()
    assert isinstance(loaded.tk_nextmove, memoryview)  # mapped again, from a copy written anew
    assert os.path.getsize(copy) == whole
    assert _ranks(loaded) == _ranks(reference)


def test_a_copy_that_stays_unreadable_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: object
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(langmodel, "_cached_copy", lambda source: _garbled(tmp_path / "garbled.npz"))
    loaded = langmodel.load_identifier()
    assert not isinstance(loaded.tk_nextmove, memoryview)  # py3langid's own loader
    assert _ranks(loaded) == _ranks(reference)


def _garbled(path: Path) -> Path:
    path.write_bytes(b"not a zip file at all")
    return path


def test_a_documents_markdown_is_made_once_and_is_not_part_of_the_document() -> None:
    clauses = (Clause("We keep your data."),)
    document = PolicyDocument(
        "T", "2024-01-02", (Section(id="s1", heading="Data", path=("Data",), level=2, clauses=clauses),)
    )
    twin = PolicyDocument.from_dict(document.to_dict())
    first = document.to_markdown()
    assert first == "<!-- last-updated: 2024-01-02 -->\n\n## Data\n\nWe keep your data.\n"
    assert document.to_markdown() is first  # remembered
    assert document.word_count == twin.word_count == 5 and document.word_count == 5  # counted once, the same
    assert document == twin and hash(document) == hash(twin)  # equality ignores it
    assert document.to_dict() == twin.to_dict()
    copy = pickle.loads(pickle.dumps(document))
    assert copy == document and copy.to_markdown() == first
