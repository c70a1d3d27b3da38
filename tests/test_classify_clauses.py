"""Per-clause judgement (issue 17): every clause change carries its own materiality, topics and
reasons; the rules for contact details, both directions, the richer lexicon, paraphrases and
text that only moved. Passages are written for these tests (realistic policy wording)."""

from __future__ import annotations

import pytest

from tests.diff_helpers import doc, run_diff
from tests.redline_helpers import demo_comparison
from tracker.classify import classify
from tracker.models import ClauseChange, DiffResult
from tracker.report.render import render_markdown, render_report_html

INTRO = ("Who we are", ["Northwind Travel Ltd runs the Northwind booking app and website."])


def _diff(old: list[str], new: list[str], heading: str = "Sharing your information") -> DiffResult:
    a, b = doc(INTRO, (heading, old)), doc(INTRO, (heading, new))
    return classify(run_diff(a, b), a, b)


def _clause(old: str, new: str, heading: str = "Sharing your information") -> ClauseChange:
    """The one clause change of a section whose single clause goes from ``old`` to ``new``."""
    diff = _diff([old] if old else [], [new] if new else [], heading)
    (change,) = diff.changes
    (clause,) = change.clauses
    return clause


# --------------------------------------------------------------------------- granularity


def test_each_clause_carries_its_own_judgement_and_the_section_sums_them_up() -> None:
    old = [
        "We share booking details with the airline or hotel you book with.",
        "We keep your booking history for one year.",
        "Our partners gathers feedback about your stay.",
    ]
    new = [
        "We share booking details with the airline or hotel you book with.",
        "We keep your booking history for ten years.",
        "Our partners gather feedback about your stay.",
    ]
    (change,) = _diff(old, new, "Your bookings").changes
    by_text = {c.new_text: c for c in change.clauses}
    retention = by_text["We keep your booking history for ten years."]
    grammar = by_text["Our partners gather feedback about your stay."]
    assert retention.materiality == "material" and "data_retention" in retention.topics
    assert any("retention period" in r for r in retention.reasons)
    assert grammar.materiality == "editorial", grammar.reasons
    assert change.materiality == "material"  # the highest of its clauses
    assert {t.topic for t in change.topics} >= set(retention.topics) | set(grammar.topics)


def test_a_policy_without_headings_is_judged_clause_by_clause() -> None:
    old = ["We collect your name and e-mail address.", "We do not sell your data.", "Our office is in Leeds."]
    new = ["We collect your name and e-mail address.", "We may sell your data.", "Our office is in Leeds, UK."]
    (change,) = _diff(old, new, "").changes
    judged = {c.new_text: c.materiality for c in change.clauses}
    assert judged["We may sell your data."] == "material"
    assert judged["Our office is in Leeds, UK."] != "material"


def test_clause_judgements_are_in_the_json_and_the_report() -> None:
    diff = _diff(["We keep your booking history for one year."], ["We keep your booking history for ten years."])
    data = diff.to_dict()
    clause = data["changes"][0]["clauses"][0]
    assert clause["materiality"] == "material" and "data_retention" in clause["topics"] and clause["reasons"]
    html = render_report_html(diff)
    assert 'class="clause-judgement"' in html and "longer or new retention period" in html
    assert "*material · Retention — longer or new retention period" in render_markdown(diff)


def test_the_demo_change_is_right_on_each_clause() -> None:
    clauses = [c for change in demo_comparison().diff.changes for c in change.clauses]

    def judged(words: str) -> ClauseChange:
        return next(c for c in clauses if words in (c.new_text or c.old_text or ""))

    assert judged("We also gather and store").materiality == "editorial"
    assert judged("may disclose Information received by them").materiality == "material"
    assert any("negation removed" in r for r in judged("may disclose Information received by them").reasons)
    assert judged("five years after your account is closed").materiality == "material"
    assert judged("Advertising and analytics partners").materiality == "material"


# --------------------------------------------------------------------------- contact details


@pytest.mark.parametrize(
    ("old", "new", "material"),
    [
        ("Questions? E-mail privacy@northwind.example.", "Questions? E-mail dataprotection@northwind-group.example.",
         True),
        ("Our data protection officer is Dana Whitfield, dpo@northwind.example.",
         "Our data protection officer is Marek Nowak, dpo@northwind.example.", True),
        ("Our EU representative is Lex Rep GmbH, Torstraße 1, 10119 Berlin.",
         "Our EU representative is EuroPrivacy BV, Keizersgracht 2, 1015 Amsterdam.", True),
        ("The controller of your data is Northwind Travel Ltd.",
         "The controller of your data is Northwind Holdings SA.", True),
        ("Write to us at 4 Mill Lane, Leeds LS1 4AB.", "Write to us at 9 Canal Street, Manchester M1 3HE.", True),
        ("If we cannot resolve a complaint, you may refer it to JAMS, an independent dispute resolution provider.",
         "If we cannot resolve a complaint, you may refer it to BBB National Programs, an independent dispute "
         "resolution provider.", True),
        ("E-mail us at [privacy@northwind.example](mailto:privacy@northwind.example).",
         "E-mail us at [privacy@northwind.example](https://northwind.example/contact).", False),
        ("E-mail us at privacy@nortwind.example.", "E-mail us at privacy@northwind.example.", False),  # typo fixed
        ("Call our privacy team on +44 113 496 0000.", "Call our privacy team on +44 161 496 0999.", True),
        ("E-mail us at privacy@northwind.example.",
         "E-mail us at privacy@northwind.example or call +44 113 496 0000 on weekdays.", True),
    ],
)  # fmt: skip
def test_who_is_responsible_and_how_to_reach_them(old: str, new: str, material: bool) -> None:
    clause = _clause(old, new, "Contact us")
    assert (clause.materiality == "material") is material, clause.reasons
    if not material:
        assert clause.materiality == "editorial", clause.reasons


# --------------------------------------------------------------------------- both directions


@pytest.mark.parametrize(
    ("old", "new", "heading", "expected"),
    [
        ("", "You have the right to ask us to restrict how we use your data.", "Your rights", "new right"),
        ("", "We do not sell your personal information to anyone.", "Sharing your information",
         "new negative commitment"),
        ("We may change this policy.", "We may change this policy. We will e-mail you 30 days before a change applies.",
         "Changes", "new commitment"),
        ("We share your data with payment processors and marketing partners.",
         "We share your data with payment processors.", "Sharing your information", "removed"),
        ("California residents may ask us to delete their data.",
         "Residents of any U.S. state may ask us to delete their data.", "Your rights", "regions or users covered"),
        ("We use cookies to remember your language.",
         "We use cookies to remember your language and to show you interest-based advertising.", "Cookies",
         "new purpose"),
        ("We record pages viewed and browsing activity on our site.", "We record pages viewed on our site.",
         "What we collect", "removed"),
    ],
)  # fmt: skip
def test_rules_fire_in_both_directions(old: str, new: str, heading: str, expected: str) -> None:
    clause = _clause(old, new, heading)
    assert clause.materiality == "material", clause.reasons
    assert any(expected in r for r in clause.reasons), clause.reasons


def test_a_new_obligation_on_users_in_terms_of_service_is_material() -> None:
    clause = _clause("Bookings can be cancelled free of charge.",
                     "Bookings can be cancelled free of charge. You must cancel at least 48 hours before arrival.",
                     "Cancellations")  # fmt: skip
    assert clause.materiality == "material" and any("new obligation on users" in r for r in clause.reasons)


def test_a_stronger_modal_on_the_same_practice_is_no_new_commitment() -> None:
    clause = _clause("We may share booking details with hotels.", "We will share booking details with hotels.")
    assert not any("new commitment" in r for r in clause.reasons)


def test_new_vendor_named_in_a_list_of_processors() -> None:
    old = ["Payments: Stripe, Inc. (United States)"]
    new = ["Payments: Stripe, Inc. (United States)", "Customer support: Zendesk, Inc. (United States)"]
    (change,) = _diff(old, new, "Our processors").changes
    added = next(c for c in change.clauses if c.kind == "added")
    assert added.materiality == "material" and "third_party_sharing" in added.topics, added.reasons


# --------------------------------------------------------------------------- rewording


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("They shall not pass on any booking details they receive.",
         "They shall pass on no booking details they receive."),
        ("Each part of the notice has examples.", "Each part of this notice has examples."),
        ("These measures are technical as well as organisational but at the same time no system is perfectly secure.",
         "These measures are technical and organisational, but no system is perfectly secure."),
        ("We do not knowingly collect data from children under 13.",
         "Consistent with the Children's Online Privacy Protection Act, we do not knowingly collect data from "
         "children under 13."),
    ],
)  # fmt: skip
def test_paraphrases_are_editorial(old: str, new: str) -> None:
    clause = _clause(old, new, "How we protect your data")
    assert clause.materiality == "editorial", clause.reasons
    assert not any("commitment" in r for r in clause.reasons)


def test_a_real_reversal_is_not_a_paraphrase() -> None:
    clause = _clause("We will not share your booking details.", "We will share your booking details.")
    assert clause.materiality == "material" and any("negation removed" in r for r in clause.reasons)


def test_a_duplicate_removed_while_its_text_remains_elsewhere_is_editorial() -> None:
    duplicate = "You can object to any use of your data for marketing by writing to privacy@northwind.example."
    old = doc(INTRO, ("Marketing", [duplicate, "We send offers by e-mail."]), ("Your rights", [duplicate]))
    new = doc(INTRO, ("Marketing", [duplicate, "We send offers by e-mail."]), ("Your rights", []))
    diff = classify(run_diff(old, new), old, new)
    removed = [c for change in diff.changes for c in change.clauses if c.kind == "removed"]
    assert removed and all(c.materiality == "editorial" for c in removed), [c.reasons for c in removed]
    assert "remains elsewhere" in removed[0].reasons[0]


def test_a_sentence_moved_into_a_neighbouring_clause_is_editorial() -> None:
    servers = "We store booking records on servers in Ireland."
    backups = "Backups are kept in an encrypted vault in Frankfurt for disaster recovery purposes."
    logged, europe = "Staff access to these records is logged.", "Nothing else is kept outside Europe."
    old = doc(INTRO, ("Storage", [f"{servers} {backups}", logged, europe]))
    new = doc(INTRO, ("Storage", [servers, logged, f"{backups} {europe}"]))
    diff = classify(run_diff(old, new), old, new)
    clauses = [c for change in diff.changes for c in change.clauses]
    assert clauses and all(c.materiality == "editorial" for c in clauses), [(c.kind, c.reasons) for c in clauses]
    assert diff.changes[0].materiality == "editorial"


# --------------------------------------------------------------------------- topics


def test_security_is_not_tagged_for_data_protection_law_and_authorities() -> None:
    clause = _clause("", "You may complain to the Data Protection Commission or contact our Data Protection Officer.",
                     "Your rights")  # fmt: skip
    assert "data_security" not in clause.topics
    clause = _clause("We protect your data.", "We protect your data with encryption at rest.", "Security")
    assert "data_security" in clause.topics


def test_statute_names_do_not_tag_their_words() -> None:
    old = "We keep rental records as the law requires."
    clause = _clause(old, "We keep rental records as the Video Privacy Protection Act requires.", "Rentals")
    assert "data_security" not in clause.topics
    assert clause.materiality == "editorial", clause.reasons


# --------------------------------------------------------------------------- small edits


@pytest.mark.parametrize(
    ("old", "new", "heading", "reason"),
    [
        ("You can unsubscribe using the link at the foot of every newsletter we send.",
         "You can unsubcribe using the link at the foot of every newsletter we send.", "Newsletters", "spelling"),
        ("We delete your account data as described in section 4 above.",
         "We delete your account data as described in section 5 above.", "Deletion", "cross-reference"),
    ],
)  # fmt: skip
def test_small_edits_are_editorial(old: str, new: str, heading: str, reason: str | None) -> None:
    clause = _clause(old, new, heading)
    assert clause.materiality == "editorial", clause.reasons
    assert reason is None or reason in clause.reasons[0]


def test_a_change_of_the_policys_own_date_alone_is_editorial() -> None:
    # a short date sentence is no clause change at all (diff.words.is_date_line_change); a long one
    # is a change the classifier calls editorial
    old = (
        "La présente charte s’applique à partir du 14/02/2023 à tous les membres du service, qu’ils "
        "utilisent l’application de réservation, le site web ou le service client par téléphone, "
        "ainsi qu’à toute personne qui nous contacte."
    )
    assert len(old) > 200
    clause = _language_clause(FRENCH_INTRO, "Préambule", old, old.replace("14/02/2023", "02/09/2024"))
    assert clause.materiality == "editorial" and "own date" in clause.reasons[0], clause.reasons
    short = "La présente charte s’applique à partir du 14/02/2023 à tous les membres du service."
    before, after = (
        doc(FRENCH_INTRO, ("Préambule", [short])),
        doc(FRENCH_INTRO, ("Préambule", [short.replace("14/02/2023", "02/09/2024")])),
    )
    assert run_diff(before, after).changes == ()


def test_an_office_spelled_out_is_not_a_new_responsible_party() -> None:
    clause = _clause("Please write to our DPO at the address below.",
                     "Please write to our Data Protection Officer at the address below.", "Contact us")  # fmt: skip
    assert clause.materiality != "material", clause.reasons


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("We keep your data for 4 years after your account is closed.",
         "We keep your data for 5 years after your account is closed."),  # a number, not a cross-reference
        ("We never share accurate location data.", "We never share inaccurate location data."),  # a reversing prefix
    ],
)  # fmt: skip
def test_numbers_and_prefixes_that_change_meaning_are_not_small_edits(old: str, new: str) -> None:
    assert _clause(old, new, "Retention").materiality != "editorial"


def test_a_retention_date_is_not_the_policys_own_date() -> None:
    clause = _clause("We keep invoices until 31/12/2025.", "We keep invoices until 31/12/2030.", "Retention")
    assert clause.materiality != "editorial", clause.reasons


def test_the_title_repeated_as_a_paragraph_is_editorial() -> None:
    old = doc(INTRO, ("Sharing", ["We share booking details with hotels."]))
    new = doc(INTRO, ("Sharing", ["Privacy Policy", "We share booking details with hotels."]))
    diff = classify(run_diff(old, new), old, new)
    (clause,) = [c for change in diff.changes for c in change.clauses]
    assert clause.materiality == "editorial" and "title or a heading" in clause.reasons[0]


def test_a_new_section_whose_text_is_its_own_heading_is_not_editorial() -> None:
    old = doc(INTRO)
    new = doc(INTRO, ("We sell your data.", ["We sell your data."]))
    diff = classify(run_diff(old, new), old, new)
    (clause,) = [c for change in diff.changes for c in change.clauses]
    assert clause.materiality == "material", clause.reasons


# --------------------------------------------------------------------------- French and German


FRENCH_INTRO = ("Qui sommes-nous", ["Voyages Exemple SAS exploite l’application de réservation et le site web."])
GERMAN_INTRO = ("Wer wir sind", ["Die Beispiel Reisen GmbH betreibt die Buchungs-App und die Website."])


def _language_clause(intro: tuple[str, list[str]], heading: str, old: str, new: str) -> ClauseChange:
    before, after = doc(intro, (heading, [old] if old else [])), doc(intro, (heading, [new] if new else []))
    diff = classify(run_diff(before, after), before, after)
    (clause,) = [c for change in diff.changes for c in change.clauses]
    return clause


@pytest.mark.parametrize(
    ("intro", "heading", "old", "new", "expected"),
    [
        (FRENCH_INTRO, "Partage de vos données", "",
         "Nous ne vendons pas vos données personnelles à des annonceurs ni à des courtiers en données.",
         "new negative commitment"),
        (GERMAN_INTRO, "Weitergabe", "",
         "Wir verkaufen Ihre personenbezogenen Daten nicht an Werbetreibende oder Datenhändler.",
         "new negative commitment"),
        (GERMAN_INTRO, "Verantwortlicher",
         "Verantwortlich für die Datenverarbeitung ist die Beispiel Reisen GmbH, Hauptstraße 5, 10115 Berlin.",
         "Verantwortlich für die Datenverarbeitung ist die Beispiel Holding SE, Hauptstraße 5, 10115 Berlin.",
         "responsible party"),
        (FRENCH_INTRO, "Vos droits", "",
         "Vous avez le droit d’introduire une réclamation auprès de la CNIL si vous estimez que vos droits "
         "ne sont pas respectés.",
         "new right"),
    ],
)  # fmt: skip
def test_the_clause_rules_read_french_and_german(
    intro: tuple[str, list[str]], heading: str, old: str, new: str, expected: str
) -> None:
    clause = _language_clause(intro, heading, old, new)
    assert clause.materiality == "material", clause.reasons
    assert any(expected in r for r in clause.reasons), clause.reasons
