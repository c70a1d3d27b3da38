"""Issue 17, sixth round (h17g): rules found on fresh tuning items — a member added to or struck
from a list of recipients, data or purposes (``tracker.classify.members``); a condition put on or
taken off a right or a duty (``tracker.classify.conditions``); a region named anew in a clause
that covers people by where they live (``tracker.classify.scope.region_reasons``). Each with the
passages that must NOT fire: lists of examples, reordered lists, conditions reworded, clauses with
no right or no residence in them.

Every passage is written for these tests (realistic policy wording, not copied from a policy) and
goes through the public pipeline (``extract`` → ``diff_documents`` → ``classify``).
"""

# ruff: noqa: E501  (the passages are data: one clause per string)
from __future__ import annotations

import pytest

from tests.test_classify_edit_kinds import judged
from tracker.classify.members import members_changed

SEVERITY = {"editorial": 0, "review": 1, "material": 2}


def _level(lang: str, heading: str, old: str, new: str) -> tuple[str, list[tuple[str, ...]]]:
    clauses = judged(lang, heading, old, new)
    if not clauses:
        return "editorial", []  # folded away
    level = max((c.materiality or "review" for c in clauses), key=SEVERITY.__getitem__)
    return level, [c.reasons for c in clauses]


LIST_MEMBERS = [
    # (language, heading, old, new)
    (
        "en",
        "Who we share your data with",
        "We disclose booking details to our hotel partners, our payment processor and our insurance broker.",
        "We disclose booking details to our hotel partners and our payment processor.",
    ),
    (
        "en",
        "What we collect",
        "When you register we collect your name, your e-mail address and your date of birth.",
        "When you register we collect your name, your e-mail address, your phone number and your date of birth.",
    ),
    (
        "fr",
        "Destinataires",
        "Vos données de commande sont transmises à notre transporteur et à notre prestataire de paiement.",
        "Vos données de commande sont transmises à notre transporteur, à notre prestataire de paiement et à notre agence de publicité.",
    ),
    (
        "de",
        "Empfänger",
        "Wir übermitteln Ihre Bestelldaten an unseren Paketdienst, unseren Zahlungsdienstleister und unsere Auskunftei.",
        "Wir übermitteln Ihre Bestelldaten an unseren Paketdienst und unseren Zahlungsdienstleister.",
    ),
]


@pytest.mark.parametrize(("lang", "heading", "old", "new"), LIST_MEMBERS)
def test_a_recipient_or_category_added_to_or_struck_from_a_list_is_material(
    lang: str, heading: str, old: str, new: str
) -> None:
    level, reasons = _level(lang, heading, old, new)
    assert level == "material", reasons
    assert any(r.startswith("list member") for rs in reasons for r in rs), reasons


def test_list_members_are_compared_as_items() -> None:
    gone, added = members_changed("We share it with A, B and C.", "We share it with A and B.")
    assert (gone, added) == (["c"], [])
    assert members_changed("We share it with A, B and C.", "We share it with C, A and B.") == ([], [])
    # a list rewritten whole is not a member changed
    assert members_changed("with A and B", "with C and D") == ([], [])


def test_a_name_struck_from_a_list_of_examples_is_not_a_recipient_removed() -> None:
    level, reasons = _level(
        "en",
        "Who we share your data with",
        "We use payment processors, such as Stripe and Adyen, to take your payments.",
        "We use payment processors, such as Stripe, to take your payments.",
    )
    assert level == "editorial", reasons
    assert not any(r.startswith("list member") for rs in reasons for r in rs)


def test_a_list_reordered_is_editorial() -> None:
    level, reasons = _level(
        "en",
        "Who we share your data with",
        "We share booking details with our hotel partners, our payment processor and our insurance broker.",
        "We share booking details with our payment processor, our insurance broker and our hotel partners.",
    )
    assert level == "editorial", reasons


CONDITIONS = [
    # (language, heading, old, new): a right or duty gains or loses a condition
    (
        "en",
        "Your rights",
        "You can object to the use of your data for marketing at any time.",
        "You can object to the use of your data for marketing at any time, if you live in the European Union.",
    ),
    (
        "en",
        "Your rights",
        "To the extent your local law provides for it, you may request a copy of your booking history.",
        "You may request a copy of your booking history.",
    ),
    (
        "fr",
        "Vos droits",
        "Vous pouvez demander la suppression de votre compte à tout moment.",
        "Vous pouvez demander la suppression de votre compte, si votre abonnement est résilié.",
    ),
    (
        "de",
        "Ihre Rechte",
        "Sie können der Nutzung Ihrer Daten für Newsletter jederzeit widersprechen.",
        "Sie können der Nutzung Ihrer Daten für Newsletter jederzeit widersprechen, soweit Sie Kunde unseres Shops sind.",
    ),
]


@pytest.mark.parametrize(("lang", "heading", "old", "new"), CONDITIONS)
def test_a_condition_put_on_or_taken_off_a_right_is_material(lang: str, heading: str, old: str, new: str) -> None:
    level, reasons = _level(lang, heading, old, new)
    assert level == "material", reasons


def test_a_condition_reworded_is_not_a_condition_added() -> None:
    level, reasons = _level(
        "en",
        "Your rights",
        "If you live in the European Union, you may request a copy of your data.",
        "Where you live in the European Union, you may request a copy of your data.",
    )
    assert not any("condition" in r for rs in reasons for r in rs), reasons
    assert level != "material", reasons


def test_a_condition_added_where_nothing_is_granted_is_no_condition_rule() -> None:
    _, reasons = _level(
        "en",
        "Contact us",
        "Our support team answers questions about your booking.",
        "Our support team answers questions about your booking, if you write to them.",
    )
    assert not any("condition" in r for rs in reasons for r in rs), reasons


REGIONS = [
    (
        "en",
        "Your rights",
        "Residents of the Designated Countries may have additional rights under their laws.",
        "Residents of the Designated Countries and the UK may have additional rights under their laws.",
    ),
    (
        "fr",
        "Vos droits",
        "Les membres résidant dans les pays désignés disposent de droits supplémentaires.",
        "Les membres résidant dans les pays désignés et en Suisse disposent de droits supplémentaires.",
    ),
]


@pytest.mark.parametrize(("lang", "heading", "old", "new"), REGIONS)
def test_a_region_added_to_the_residents_a_clause_covers_is_material(
    lang: str, heading: str, old: str, new: str
) -> None:
    level, reasons = _level(lang, heading, old, new)
    assert level == "material", reasons
    assert any("regions or users covered changed" in r for rs in reasons for r in rs), reasons


def test_a_region_named_without_residents_is_left_to_the_other_rules() -> None:
    _, reasons = _level(
        "en",
        "Where we store data",
        "Our servers are operated by a hosting provider.",
        "Our servers are operated by a hosting provider in the United Kingdom.",
    )
    assert not any("regions or users covered changed" in r for rs in reasons for r in rs), reasons


def test_a_list_member_reworded_is_not_a_member_replaced() -> None:
    assert members_changed(
        "We collect your name, your email and your phone number.",
        "We collect your name, your email address and your phone number.",
    ) == ([], [])
    gone, added = members_changed(
        "We share it with our bank, our courier and our marketing agency.",
        "We share it with our bank, our courier and our analytics provider.",
    )
    assert (gone, added) == (["our marketing agency"], ["our analytics provider"])
