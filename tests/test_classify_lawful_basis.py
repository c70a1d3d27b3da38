"""The GDPR point a clause cites as its lawful basis, compared between versions (issue 17).
Every passage is written for these tests (realistic policy wording, not from the labelled set)."""

from __future__ import annotations

import pytest

from tests.test_classify_light import _clause
from tests.test_classify_round10 import _judged
from tracker.classify.lawful_basis import lawful_bases


def test_citations_are_read_in_the_forms_policies_write_them() -> None:
    assert lawful_bases("on the basis of Article 6(1)(f) GDPR") == {"6(1)(f)"}
    assert lawful_bases("Art. 6 para. 1 lit. b and Art. 9(2)(a) of the UK GDPR") == {"6(1)(b)", "9(2)(a)"}
    assert lawful_bases("sur le fondement de l’article 6.1.e du RGPD") == {"6(1)(e)"}
    assert lawful_bases("article 6, paragraphe 1, point c) du RGPD") == {"6(1)(c)"}
    assert lawful_bases("gemäß Art. 6 Abs. 1 lit. f DSGVO") == {"6(1)(f)"}
    assert lawful_bases("Art. 9 Abs. 2 Buchst. a Datenschutz-Grundverordnung") == {"9(2)(a)"}
    assert lawful_bases("as described in section 6(1)(f) of these terms") == set()  # no regulation named


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        ("en", "Legal basis",
         "We process your contact details on the basis of Article 6(1)(f) GDPR.",
         "We process your contact details on the basis of Article 6(1)(a) GDPR."),
        ("de", "Rechtsgrundlage",
         "Rechtsgrundlage für den Versand des Newsletters ist Art. 6 Abs. 1 lit. f DSGVO.",
         "Rechtsgrundlage für den Versand des Newsletters ist Art. 6 Abs. 1 lit. a DSGVO."),
        ("fr", "Base juridique",
         "Ce traitement repose sur l’article 6.1.b du RGPD.",
         "Ce traitement repose sur l’article 6.1.f du RGPD."),
    ],
)  # fmt: skip
def test_another_lawful_basis_cited_is_material(lang: str, heading: str, old: str, new: str) -> None:
    clause = _judged(lang, heading, old, new)
    assert clause.materiality == "material", clause.reasons
    assert any(r.startswith("lawful basis changed (Art. 6(1)") for r in clause.reasons), clause.reasons


def test_the_same_basis_cited_another_way_is_no_lawful_basis_change() -> None:
    clause = _clause("We rely on Art. 6(1)(f) GDPR to keep our service secure.",
                     "We rely on Art. 6 para. 1 lit. f GDPR to keep our service secure.", "Legal basis")  # fmt: skip
    assert not any(r.startswith("lawful basis changed") for r in clause.reasons), clause.reasons


def test_a_policys_own_numbered_point_is_no_lawful_basis() -> None:
    clause = _clause("See section 6(1)(f) below for details.", "See section 6(1)(a) below for details.", "Legal basis")
    assert not any(r.startswith("lawful basis changed") for r in clause.reasons), clause.reasons
    # nor is "(f)" the title of the section a pointer names
    assert "only the title of the section a pointer names changed" not in clause.reasons
