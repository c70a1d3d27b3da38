"""A policy naming its own kind of document ("the Privacy Policy", "our Cookie Notice",
« la Politique de confidentialité ») names no party: no "names … changed" reason comes of it,
while a party named anew still gives one."""

from __future__ import annotations

import pytest

from tests.classify_helpers import classified_clauses

INTRO = {"en": "Acme Ltd runs the Acme app.", "fr": "Acme SAS édite l’application Acme."}


def _reasons(lang: str, heading: str, old: str, new: str) -> list[str]:
    (clause,) = classified_clauses(lang, INTRO[lang], heading, [old], [new])
    return list(clause.reasons)


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        ("en", "Sharing", "Our partners may use the data only for the services they provide to us.",
         "Our partners may use the data only for the services they provide to us, as the Privacy Policy says."),
        ("en", "Cookies", "We use cookies to keep you signed in.",
         "We use cookies to keep you signed in, as our Cookie Notice explains."),
        ("fr", "Partage", "Nos partenaires utilisent les données pour nous fournir leurs services.",
         "Nos partenaires utilisent les données pour nous fournir leurs services (Politique de Confidentialité)."),
    ],
)  # fmt: skip
def test_the_policys_own_document_name_is_no_party(lang: str, heading: str, old: str, new: str) -> None:
    assert not [r for r in _reasons(lang, heading, old, new) if r.startswith(("names in", "noms", "Namen"))]


def test_a_processor_named_anew_still_changes_the_names() -> None:
    reasons = _reasons("en", "Sharing", "We use Stripe to take payments.", "We use Stripe and Adyen to take payments.")
    assert any(r.startswith("names in a clause on sharing") and "Adyen" in r for r in reasons), reasons
