"""Issue 17, seventh round (h17i): small edits that shift a clause's meaning are never editorial.

The paraphrase, minor-rewording and other meaning-reading editorial rules set function words
aside and let one word stand for another; a connective swapped, a list member joined with
"and", a quantifier, a condition, an acronym read as a pronoun ("US"), a word swapped for its
opposite or an opt-in turned opt-out must reach a person (``tracker/classify/shift.py``), and
a consent condition dropped is material. The rewordings next to them stay editorial.

Every passage is written for these tests (realistic policy wording, not copied from a policy and
not from the labelled set).
"""

from __future__ import annotations

import pytest

from tests.test_classify_language import _one_change
from tests.test_classify_light import _clause
from tracker.classify.language import rules_for, use
from tracker.classify.shift import meaning_shift
from tracker.models import ClauseChange


def _judged(lang: str, heading: str, old: str, new: str) -> ClauseChange:
    if lang == "en":
        return _clause(old, new, heading)
    (clause,) = _one_change(lang, heading, old, new).clauses
    return clause


SHIFTS = [
    # a connective swapped
    ("en", "Who can see your data", "Your coach and your physiotherapist can see your training plan.",
     "Your coach or your physiotherapist can see your training plan."),
    ("de", "Empfänger", "Ihren Trainingsplan sehen Ihr Trainer und Ihre Physiotherapeutin.",
     "Ihren Trainingsplan sehen Ihr Trainer oder Ihre Physiotherapeutin."),
    # a list member joined with "and" / « et »
    ("en", "Who can see your data", "Teachers can see the homework you hand in.",
     "Teachers and tutors can see the homework you hand in."),
    ("fr", "Accès aux devoirs", "Les enseignants consultent les devoirs rendus.",
     "Les enseignants et les tuteurs consultent les devoirs rendus."),
    # a quantifier
    ("en", "Your messages", "Moderators read all of the messages you report.",
     "Moderators read some of the messages you report."),
    ("fr", "Vos messages", "Nos modérateurs lisent tous les messages signalés.",
     "Nos modérateurs lisent les messages signalés."),
    # a condition gained
    ("en", "Your messages", "Moderators read the messages you report.",
     "Moderators read the messages you report where the law allows."),
    ("de", "Ihre Nachrichten", "Unsere Moderatoren lesen die gemeldeten Nachrichten.",
     "Unsere Moderatoren lesen die gemeldeten Nachrichten, sofern zulässig."),
    # a word swapped for its opposite
    ("en", "Policy changes", "We will tell you before we change how your data is used.",
     "We will tell you after we change how your data is used."),
    ("en", "Your profile", "Your training diary is private by default.",
     "Your training diary is public by default."),
    ("fr", "Modifications", "Nous vous informerons avant de modifier l'usage de vos données.",
     "Nous vous informerons après avoir modifié l'usage de vos données."),
    ("de", "Protokolle", "Wir bewahren Protokolle mindestens 30 Tage auf.",
     "Wir bewahren Protokolle höchstens 30 Tage auf."),
    # an opt-in turned opt-out
    ("en", "Newsletter", "Our newsletter is opt-in.", "Our newsletter is opt-out."),
    ("fr", "Lettre d'information", "Notre lettre d'information fonctionne en opt-in.",
     "Notre lettre d'information fonctionne en opt-out."),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "heading", "old", "new"), SHIFTS)
def test_a_small_edit_that_shifts_the_meaning_is_not_editorial(lang: str, heading: str, old: str, new: str) -> None:
    clause = _judged(lang, heading, old, new)
    assert clause.materiality in {"review", "material"}, clause.reasons


@pytest.mark.parametrize(("lang", "heading", "old", "new"), SHIFTS)
def test_a_review_says_which_shift_refused_the_editorial_verdict(lang: str, heading: str, old: str, new: str) -> None:
    clause = _judged(lang, heading, old, new)
    if clause.materiality == "review":
        assert clause.reasons[0].startswith("wording changed ("), clause.reasons


def test_an_acronym_that_reads_as_a_pronoun_is_a_name() -> None:
    """The acronym "US" is no "us": a country added to a list is no paraphrase."""
    clause = _clause("We host your data on servers in the EU.", "We host your data on servers in the EU and the US.",
                     "Where we host data")  # fmt: skip
    assert clause.materiality != "editorial", clause.reasons


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        ("en", "Analytics", "We set analytics cookies if you accept them.", "We set analytics cookies."),
        ("en", "Activity", "If you agree, we read your step count to suggest workouts.",
         "We read your step count to suggest workouts."),
        ("fr", "Cookies", "Nous déposons des cookies de mesure d'audience si vous l'acceptez.",
         "Nous déposons des cookies de mesure d'audience."),
        ("de", "Cookies", "Wir setzen Analyse-Cookies, falls Sie dies erlauben.", "Wir setzen Analyse-Cookies."),
    ],
)  # fmt: skip
def test_a_consent_condition_dropped_is_material(lang: str, heading: str, old: str, new: str) -> None:
    clause = _judged(lang, heading, old, new)
    assert clause.materiality == "material", clause.reasons
    assert any(r.startswith("condition removed") for r in clause.reasons), clause.reasons


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        # synonyms inside one group of opposites
        ("en", "Policy changes", "We will tell you prior to any change of purpose.",
         "We will tell you before any change of purpose."),
        ("de", "Änderungen", "Wir informieren Sie vorab über jede Änderung.",
         "Wir informieren Sie zuvor über jede Änderung."),
        # a gloss in brackets is no new list member
        ("en", "Who we are", "Acme Fitness Ltd is the controller of your data.",
         "Acme Fitness Ltd is the controller (or business responsible for) your data."),
        # "can not" → "cannot", a typo: no shift
        ("en", "Your choices", "You can not switch off service e-mails.", "You cannot switch off service e-mails."),
    ],
)  # fmt: skip
def test_rewordings_without_a_shift_stay_editorial(lang: str, heading: str, old: str, new: str) -> None:
    clause = _judged(lang, heading, old, new)
    assert clause.materiality == "editorial", clause.reasons


def test_meaning_shift_names_the_shift() -> None:
    (clause,) = _one_change("de", "Protokolle", "Wir bewahren Protokolle mindestens 30 Tage auf.",
                            "Wir bewahren Protokolle höchstens 30 Tage auf.").clauses  # fmt: skip
    with use(rules_for("de")):
        assert meaning_shift(clause) == "a word swapped for one of another meaning ('mindestens' → 'höchstens')"
    (same,) = _one_change("de", "Änderungen", "Wir informieren Sie vorab über jede Änderung.",
                          "Wir informieren Sie zuvor über jede Änderung.").clauses  # fmt: skip
    with use(rules_for("de")):
        assert meaning_shift(same) is None


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        # an age or a number written out ("sixteen" → "thirteen", « seize » → « treize »)
        ("en", "Children", "You must be sixteen or older to use the app.",
         "You must be thirteen or older to use the app."),
        ("fr", "Mineurs", "Vous devez avoir seize ans pour utiliser l'application.",
         "Vous devez avoir treize ans pour utiliser l'application."),
        ("de", "Mindestalter", "Sie müssen mindestens sechzehn Jahre alt sein.",
         "Sie müssen mindestens vierzehn Jahre alt sein."),
        # another acronym is no acronym spelled out ("the EU" → "the U.S.", « l'UE » → « l'EEE »)
        ("en", "Sharing", "We share data with our partners in the EU.", "We share data with our partners in the U.S."),
        ("fr", "Hébergement", "Nos serveurs sont situés dans l'UE et gérés par OVH.",
         "Nos serveurs sont situés dans l'EEE et gérés par OVH."),
        ("de", "Hosting", "Die Daten liegen bei einem Anbieter aus der EU.",
         "Die Daten liegen bei einem Anbieter aus der CH."),
        # another legal entity, another frequency, another channel
        ("en", "Who we are", "Acme Ltd is the controller of your data.", "Acme Inc is the controller of your data."),
        ("fr", "Responsable", "Le responsable du traitement est Horizon SAS.",
         "Le responsable du traitement est Horizon SARL."),
        ("en", "Newsletter", "We send promotional e-mails weekly.", "We send promotional e-mails daily."),
        ("fr", "Prospection", "Nous envoyons une lettre d'information hebdomadaire.",
         "Nous envoyons une lettre d'information quotidienne."),
        ("de", "Newsletter", "Wir versenden den Newsletter wöchentlich.", "Wir versenden den Newsletter täglich."),
        ("en", "Marketing", "We contact you by e-mail.", "We contact you by phone."),
    ],
)  # fmt: skip
def test_another_number_entity_frequency_or_channel_is_not_editorial(
    lang: str, heading: str, old: str, new: str
) -> None:
    clause = _judged(lang, heading, old, new)
    assert clause.materiality in {"review", "material"}, clause.reasons


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        ("en", "Contact", "Write to privacy@acme.com for help.", "Write to privacy@acme.co for help."),
        ("fr", "Contact", "Écrivez à dpo@mutuelle-horizon.fr pour toute question.",
         "Écrivez à dpo@mutuelle-horizon.com pour toute question."),
        ("de", "Kontakt", "Schreiben Sie an datenschutz@sparbank.de.", "Schreiben Sie an datenschutz@sparbank.com."),
    ],
)  # fmt: skip
def test_an_address_moved_to_another_top_level_domain_is_no_typo(lang: str, heading: str, old: str, new: str) -> None:
    clause = _judged(lang, heading, old, new)
    assert clause.materiality == "material", clause.reasons
    assert any(r.startswith("contact e-mail address changed") for r in clause.reasons), clause.reasons


def test_an_address_typo_fixed_stays_editorial() -> None:
    clause = _clause("Write to privacy@acme.con for help.", "Write to privacy@acme.com for help.", "Contact")
    assert clause.materiality == "editorial", clause.reasons


@pytest.mark.parametrize(
    ("lang", "heading", "old", "new"),
    [
        # the company for another party ("on our behalf" → "on their behalf")
        ("en", "Processors", "Our processors use your data on our behalf.",
         "Our processors use your data on their behalf."),
        ("fr", "Sous-traitants", "Nos sous-traitants utilisent vos données pour notre compte.",
         "Nos sous-traitants utilisent vos données pour leur compte."),
        # a safeguard for another state
        ("en", "Security", "Your password is stored in hashed form.", "Your password is stored in plain form."),
        ("en", "Security", "Data is encrypted at rest.", "Data is encrypted in transit."),
        ("fr", "Sécurité", "Vos données sont chiffrées au repos.", "Vos données sont chiffrées en transit."),
        # an ordinal party, another audience, another channel
        ("en", "Cookies", "We use first-party cookies.", "We use third-party cookies."),
        ("en", "Audience", "Our service is intended for adults.", "Our service is intended for teenagers."),
        ("fr", "Public", "Notre service s'adresse aux adultes.", "Notre service s'adresse aux adolescents."),
        ("en", "Policy changes", "We will notify you by e-mail.", "We will notify you on our website."),
    ],
)  # fmt: skip
def test_another_party_safeguard_or_audience_is_not_editorial(lang: str, heading: str, old: str, new: str) -> None:
    clause = _judged(lang, heading, old, new)
    assert clause.materiality in {"review", "material"}, clause.reasons
