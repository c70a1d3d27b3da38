"""The policy's own date in more French and German long forms (dateparser behind the keyword anchor),
and words written apart or joined ("can not" / "cannot") as editorial differences."""

from __future__ import annotations

import pytest

from tracker.diff.sections import diff_documents
from tracker.diff.words import editorial_key
from tracker.extract import extract
from tracker.extract.dates import find_last_updated, is_date_line
from tracker.models import DocumentRef


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Politique de confidentialité mise à jour le 26 novembre 2025.", "2025-11-26"),
        ("Cette politique s'applique à partir du 1er janvier 2024.", "2024-01-01"),
        ("La présente politique s’applique dès le 1er févr. 2024 à tous les utilisateurs.", "2024-02-01"),
        ("En vigueur à compter du 2 avril 2021", "2021-04-02"),
        ("Version du 7 juillet 2020", "2020-07-07"),
        ("Stand: 1. März 2024", "2024-03-01"),
        ("Diese Datenschutzerklärung ist wirksam ab 1. Okt. 2024.", "2024-10-01"),
        ("In Kraft seit 15. Jänner 2023", "2023-01-15"),
        ("Last updated: Jan. 2023", "2023-01-01"),
        ("Version: 09.12.2025", "2025-12-09"),
        ("Version : 9 décembre 2025", "2025-12-09"),
        ("Revision date: 2024-03-01", "2024-03-01"),
        ("Datum der letzten Aktualisierung: 1. März 2024", "2024-03-01"),
        ("Inkrafttreten: 1. März 2024", "2024-03-01"),
        ("This Privacy Policy applies from May 21, 2025. The previous version is archived.", "2025-05-21"),
        ("Last update: 16 July 2024", "2024-07-16"),
        ("These answers took effect June 3, 2020.", "2020-06-03"),
        ("La présente politique s’applique à partir de 01/02/2026.", "2026-02-01"),
        ("Politique de confidentialité – mise à jour du 10/12/2021", "2021-12-10"),
        ("Dernière mise à jour du 3 mars 2024", "2024-03-03"),
        # the forms read before stay as they were
        ("Last Updated On: 19 June 2024", "2024-06-19"),
        ("Effective date: 31/12/2023", "2023-12-31"),
        ("This policy was last updated on 12/31/2024.", "2024-12-31"),
    ],
)
def test_long_forms_behind_the_keyword(text: str, expected: str) -> None:
    assert find_last_updated(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Acme was founded on 5 May 1999 in Dublin.",  # a date with no keyword
        "We updated our practices in 2020 to add new rights.",  # a keyword, a year, no month
        "Nous avons été fondés le 3 mars 2001.",
        "Our app version: 3.2, released in 2024.",  # a version number, not a date
        "Version 2.1 of 12 May 2024 of the app",  # no colon after "version": not the anchor
    ],
)
def test_no_date_without_keyword_and_month(text: str) -> None:
    assert find_last_updated(text) is None


def test_a_french_page_gets_its_date_and_the_line_is_metadata() -> None:
    html = """<html><body><main><h1>Politique de confidentialité</h1>
    <p>Version du 1er févr. 2024</p>
    <h2>Données collectées</h2><p>Nous collectons votre nom et votre adresse électronique.</p>
    <h2>Vos droits</h2><p>Vous pouvez demander l'accès à vos données à tout moment.</p></main></body></html>"""
    document = extract(html.encode(), "text/html; charset=utf-8")
    assert document.last_updated == "2024-02-01"
    assert is_date_line("Version du 1er févr. 2024") and is_date_line("Stand: 1. März 2024")
    assert not is_date_line("Version du contrat") and not is_date_line("Nous collectons votre nom.")
    assert "Version du" not in document.to_markdown()


def test_spelling_joins_are_editorial() -> None:
    assert editorial_key("You can not opt out of our web site.") == editorial_key("You cannot opt out of our website.")
    assert editorial_key("We co-operate with on-line partners") == editorial_key("We cooperate with online partners")
    assert editorial_key("You can opt out") != editorial_key("You cannot opt out")  # a real change
    old = extract(b"<h2>Choices</h2><p>You can not opt out of essential cookies.</p><h2>Contact</h2><p>Write.</p>",
                  "text/html")  # fmt: skip
    new = extract(b"<h2>Choices</h2><p>You cannot opt out of essential cookies.</p><h2>Contact</h2><p>Write.</p>",
                  "text/html")  # fmt: skip
    result = diff_documents(old, new, old_ref=DocumentRef("old"), new_ref=DocumentRef("new"))
    assert result.changes and all(c.editorial for c in result.changes) and not result.has_changes
