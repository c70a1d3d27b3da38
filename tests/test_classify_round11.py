"""Issue 17, eleventh round (h17p): a German verb of passing data on, reworded, is no new text on
sharing. Every passage is written for these tests (realistic policy wording, not copied from a
policy and not from the labelled set).
"""

from __future__ import annotations

import pytest

from tests.test_classify_round10 import _judged


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # a separable verb whose object changed between its parts ("geben … weiter")
        (
            "Wir geben Ihre Kundendaten nicht an Dritte weiter, es sei denn, Sie haben eingewilligt.",
            "Ohne Ihre Einwilligung geben wir Ihre Kundendaten nicht an Dritte weiter.",
        ),
        # one verb of the act for another
        (
            "Ihre Lieferanschrift übermitteln wir an das Logistikunternehmen, damit es die Ware zustellen kann.",
            "Ihre Lieferanschrift geben wir an das Logistikunternehmen weiter, damit es die Ware zustellen kann.",
        ),
    ],
)
def test_passing_on_reworded_is_not_material(old: str, new: str) -> None:
    clause = _judged("de", "Weitergabe von Daten", old, new)
    assert clause.materiality != "material", clause.reasons
    assert not any("sharing" in r for r in clause.reasons), clause.reasons


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # a new recipient between the verb's parts stays a change
        (
            "Wir geben Ihre Daten an unseren Zahlungsdienstleister weiter.",
            "Wir geben Ihre Daten an unseren Zahlungsdienstleister und an Werbepartner weiter.",
        ),
        # passing data on that was not there before stays new text on sharing
        (
            "Ihre Daten speichern wir auf Servern in Deutschland.",
            "Ihre Daten speichern wir auf Servern in Deutschland und geben sie an Dienstleister weiter.",
        ),
    ],
)
def test_passing_on_added_or_widened_stays_material(old: str, new: str) -> None:
    clause = _judged("de", "Weitergabe von Daten", old, new)
    assert clause.materiality == "material", clause.reasons
