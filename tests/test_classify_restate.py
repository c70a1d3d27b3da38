"""Issue 17 (h17b): rules found on the tuning errors — rights and choices removed, a denial with
an exception restated as a restriction, pointers to another text, names listed as examples, and
short lines already in the policy.

Every passage is written for these tests (realistic policy wording, not copied from a policy).
"""

from __future__ import annotations

import pytest

from tests.test_classify_language import _one_change
from tests.test_classify_light import _clause

# --------------------------------------------------------------------------- rights removed


def test_a_removed_right_to_appeal_is_material() -> None:
    clause = _clause("Depending on where you live, you may be able to appeal our decision on your privacy request "
                     "by replying to our e-mail.", "", "Your rights")  # fmt: skip
    assert clause.materiality == "material", clause.reasons
    assert any(r.startswith("right or choice removed") for r in clause.reasons), clause.reasons


def test_a_right_no_longer_stated_in_a_modified_clause_is_material() -> None:
    clause = _clause("You can opt out of marketing e-mails at any time from your account settings.",
                     "Marketing e-mails are managed from your account settings.", "Marketing")  # fmt: skip
    assert clause.materiality == "material", clause.reasons
    assert any(r.startswith("right or choice removed") for r in clause.reasons), clause.reasons


def test_a_right_restated_as_another_right_is_not_a_removal() -> None:
    clause = _clause("You have the right to ask us for a copy of your data.",
                     "You may request a copy of your data.", "Your rights")  # fmt: skip
    assert not any(r.startswith("right or choice removed") for r in clause.reasons), clause.reasons


def test_a_removed_french_right_is_material() -> None:
    change = _one_change("fr", "Vos droits",
                         "Vous pouvez demander la suppression de votre compte depuis l’application.", "")  # fmt: skip
    (clause,) = change.clauses
    assert clause.materiality == "material", clause.reasons


# --------------------------------------------------------------------------- restrictions


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("We will not keep your booking history for longer than we need it.",
         "We keep your booking history only for as long as we need it."),
        ("We do not share your location with partners unless you switch on location sharing.",
         "We share your location with partners only if you switch on location sharing."),
        ("We share your location with partners only if you switch on location sharing.",
         "We do not share your location with partners unless you switch on location sharing."),
    ],
)  # fmt: skip
def test_a_denial_with_an_exception_restated_as_a_restriction_is_editorial(old: str, new: str) -> None:
    clause = _clause(old, new, "Sharing")
    assert clause.materiality == "editorial", clause.reasons
    assert "restriction" in clause.reasons[0], clause.reasons


def test_a_denial_dropped_without_a_restriction_stays_material() -> None:
    clause = _clause("We do not share your location with partners unless you switch on location sharing.",
                     "We share your location with partners when you switch on location sharing.",
                     "Sharing")  # fmt: skip
    assert clause.materiality == "material", clause.reasons


def test_a_restriction_that_changes_the_condition_is_not_editorial() -> None:
    clause = _clause("We do not share your location with partners unless you switch on location sharing.",
                     "We share your location with partners only if it helps us show you offers.",
                     "Sharing")  # fmt: skip
    assert clause.materiality != "editorial", clause.reasons


def test_a_french_denial_restated_as_a_restriction_is_not_a_reversal() -> None:
    change = _one_change("fr", "Partage",
                         "Nous ne partageons pas vos données avec nos partenaires, sauf si vous l’acceptez.",
                         "Nous partageons vos données avec nos partenaires uniquement si vous l’acceptez.")  # fmt: skip
    (clause,) = change.clauses
    assert not any("negation removed" in r or "removed" in r for r in clause.reasons), clause.reasons


# --------------------------------------------------------------------------- pointers


def test_a_reworded_pointer_is_editorial() -> None:
    clause = _clause("More information on the data we process, for which purposes and on which legal basis "
                     "is available in our Privacy Policy.",
                     "More information on this is available in our Privacy Policy.", "Your account")  # fmt: skip
    assert clause.materiality == "editorial", clause.reasons
    assert "pointer" in clause.reasons[0], clause.reasons


def test_a_pointer_that_names_a_new_practice_is_not_editorial() -> None:
    clause = _clause("For more information on cookies, see our Cookie Policy.",
                     "For more information on cookies and how we sell your data, see our Cookie Policy.",
                     "Cookies")  # fmt: skip
    assert clause.materiality != "editorial", clause.reasons


def test_an_added_pointer_to_a_new_notice_is_never_editorial() -> None:
    # h17c: added / removed pointers go through the material rules like any clause (the special
    # case that capped them at review fixed one tuning family only); a new notice must be read
    clause = _clause("", "For the processing of health data of residents of Washington, please click here "
                     "to read our Consumer Health Data Notice.", "Privacy Policy")  # fmt: skip
    assert clause.materiality in {"review", "material"}, clause.reasons


def test_a_choice_offered_through_a_link_is_not_a_pointer() -> None:
    clause = _clause("", "You can opt out of interest-based advertising by clicking here.", "Advertising")
    assert clause.materiality == "material", clause.reasons


def test_a_french_pointer_reworded_is_editorial() -> None:
    change = _one_change("fr", "Résiliation",
                         "Des informations détaillées concernant la résiliation sont disponibles via ce lien.",
                         "Vous trouverez des informations détaillées sur la résiliation ici.")  # fmt: skip
    (clause,) = change.clauses
    assert clause.materiality == "editorial", clause.reasons


# --------------------------------------------------------------------------- names listed as examples


def test_a_name_struck_from_a_list_of_examples_is_editorial() -> None:
    clause = _clause("You may add the names of your profiles on social networks like Instagram and TikTok "
                     "to your public page.",
                     "You may add the names of your profiles on social networks like Instagram to your public page.",
                     "Your public page")  # fmt: skip
    assert clause.materiality == "editorial", clause.reasons
    assert clause.reasons == ("only an example struck out",), clause.reasons


def test_names_added_as_examples_of_a_category_are_not_new_recipients() -> None:
    clause = _clause("We share payment data with our payment service providers.",
                     "We share payment data with our payment service providers, such as Stripe and Adyen.",
                     "Sharing")  # fmt: skip
    assert not any(r.startswith("names in a clause") for r in clause.reasons), clause.reasons


def test_a_new_named_recipient_outside_a_list_of_examples_is_material() -> None:
    clause = _clause("We share payment data with Stripe.", "We share payment data with Stripe and Adyen.", "Sharing")
    assert clause.materiality == "material", clause.reasons
    assert any(r.startswith("names in a clause") for r in clause.reasons), clause.reasons


def test_the_last_example_struck_out_is_not_editorial() -> None:
    clause = _clause("We use analytics providers such as Mixpanel to understand how the app is used.",
                     "We use analytics providers to understand how the app is used.", "Analytics")  # fmt: skip
    assert clause.reasons != ("only an example struck out",), clause.reasons


def test_a_name_struck_from_a_plain_list_is_not_an_example() -> None:
    clause = _clause("We share your order data with DHL and Hermes for delivery.",
                     "We share your order data with DHL for delivery.", "Delivery")  # fmt: skip
    assert clause.materiality == "material", clause.reasons


def test_an_illustration_struck_from_a_commitment_is_review() -> None:
    clause = _clause("If we make material changes, we will notify you in advance (e.g., in the app or by e-mail).",
                     "If we make material changes, we will notify you in advance (e.g., in the app).",
                     "Changes to this policy")  # fmt: skip
    assert clause.materiality == "review", clause.reasons


def test_a_channel_struck_outside_a_list_of_examples_stays_material() -> None:
    clause = _clause("If we make material changes, we will notify you in advance in the app or by e-mail.",
                     "If we make material changes, we will notify you in advance in the app.",
                     "Changes to this policy")  # fmt: skip
    assert clause.materiality == "material", clause.reasons


# --------------------------------------------------------------------------- cross-references, reach


def test_a_cross_reference_word_swapped_is_editorial() -> None:
    old = "The data types listed under Clause 2.1 are examples; we collect only those needed under Clause 2.1."
    clause = _clause(old, old.replace("Clause", "section"), "What we collect")
    assert clause.materiality == "editorial", clause.reasons
    assert "cross-reference" in clause.reasons[0], clause.reasons


def test_a_cross_reference_pointing_elsewhere_is_not_a_swap() -> None:
    clause = _clause("We share the data listed under Clause 2 with our processors.",
                     "We share the data listed under Annex 3 with our processors.", "Sharing")  # fmt: skip
    assert clause.materiality != "editorial" or "word naming" not in clause.reasons[0], clause.reasons


def test_a_word_cut_by_the_reach_of_a_denial_is_no_new_word() -> None:
    old = (
        "We will only collect data that is necessary for us to run our Services for you, it does not mean "
        "all types of data listed here will be collected."
    )
    clause = _clause(old, old.replace("listed here", "listed below"), "What we collect")
    assert not any(r.startswith("new negative commitment") for r in clause.reasons), clause.reasons
