"""Notice wording: one sentence per clause, before/after text, reversals, review items kept for the
drafter, editorial edits left out, the summary's topics, French and German drafts, and the
continued-use sentence. Every passage is written for these tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from tests.diff_helpers import BASE, doc, run_diff
from tracker.classify import classify, summarize
from tracker.config import ConfigError, NoticeSettings, PolicyConfig, load_config
from tracker.errors import TrackerError
from tracker.models import ClauseChange, DiffResult, DocumentRef, PolicyDocument, SectionChange, TopicTag
from tracker.report.notice import Notices, draft_notices
from tracker.templating import check_user_templates

TODAY = date(2025, 1, 1)


def _policy(**notice: object) -> PolicyConfig:
    return PolicyConfig(id="acme", name="Acme Privacy Policy", url="https://acme.example/privacy",
                        notice=NoticeSettings(**notice))  # type: ignore[arg-type]  # fmt: skip


def _edit(sections: list[tuple[str, list[str]]], **edits: list[str]) -> tuple[DiffResult, PolicyDocument]:
    """Classify ``sections`` against themselves with the sections named in ``edits`` (spaces as
    underscores) replaced."""
    changed = [(h, edits.get(h.replace(" ", "_"), clauses)) for h, clauses in sections]
    old, new = doc(*sections), doc(*changed)
    return classify(run_diff(old, new), old, new), new


def _drafts(diff: DiffResult, new: PolicyDocument, **notice: object) -> Notices:
    return draft_notices(diff, policy=_policy(**notice), new_document=new, today=TODAY)


def _all_user_drafts(notices: Notices) -> str:
    return "\n".join((notices.email_html, notices.email_text, notices.banner, notices.changelog))


# --------------------------------------------------------------------------- English


def test_reversal_is_said_as_a_reversal_with_before_and_after() -> None:
    base_old = doc(*[(h, ["They shall not disclose your data to advertisers.", c[1]] if h == "Sharing" else c)
                     for h, c in BASE])  # fmt: skip
    new = doc(*[(h, ["They may disclose your data to advertisers.", c[1]] if h == "Sharing" else c) for h, c in BASE])
    diff = classify(run_diff(base_old, new), base_old, new)
    notices = _drafts(diff, new)
    (group,) = notices.groups
    (item,) = group.items
    assert item.reversal and item.what.startswith("We reversed a commitment on who we share your data with")
    assert item.before == "They shall not disclose your data to advertisers."
    assert item.after == "They may disclose your data to advertisers."
    assert 'Before: "They shall not disclose your data to advertisers."' in notices.email_text
    assert 'Now: "They may disclose your data to advertisers."' in notices.email_text
    assert (
        "  - Before: ~~They shall not disclose your data to advertisers.~~\n"
        "  - Now: They may disclose your data to advertisers.\n"
    ) in notices.changelog  # both labelled, as in the e-mail


def test_each_material_clause_gets_its_own_sentence_and_editorial_edits_are_left_out() -> None:
    sections = [*BASE, ("Retention", ["We keep your data for two years."])]
    diff, new = _edit(
        sections,
        Introduction=["Acme Inc. respects your privacy.", "This policy explain what we collect and why."],
        Sharing=["We share data with service providers and data brokers.", BASE[4][1][1]],
        Retention=["We keep your data for ten years."],
    )
    notices = _drafts(diff, new)
    sentences = [item.what for group in notices.groups for item in group.items]
    assert sentences == [
        "We changed a passage on who we share your data with (in “Sharing”).",
        "We changed a passage on how long we keep your data (in “Retention”).",
    ]
    drafts = _all_user_drafts(notices)
    assert "explain what we collect" not in drafts and "Introduction" not in drafts
    assert "wording and layout" not in drafts
    assert "1 editorial change (grammar, punctuation, links, dates) is left out" in notices.drafting_notes


def test_review_items_are_listed_for_the_drafter_only() -> None:
    diff, new = _edit(
        BASE,
        Sharing=["We share data with service providers and data brokers.", BASE[4][1][1]],
        # "provide" → "run" alone is a minor rewording (editorial); a use in words no rule knows is review
        How_We_Use_Information=["We use your data to run the service and to develop new products.", BASE[2][1][1]],
    )
    assert {c.materiality for c in diff.changes} == {"material", "review"}
    notices = _drafts(diff, new)
    drafts = _all_user_drafts(notices)
    assert "run the service" not in drafts and "wording and layout" not in drafts
    notes = notices.drafting_notes.replace("\\", "")
    assert "For the person drafting this notice" in notes
    assert "run the service" in notes and "How We Use Information" in notes


def test_the_summary_names_every_topic_or_says_how_many_more() -> None:
    names = ["third_party_sharing", "data_retention", "children", "cookies_tracking", "user_access",
             "user_choice", "data_security", "contact"]  # fmt: skip

    def summary(count: int) -> str:
        change = SectionChange("modified", "s", "s", "S", "S", 0, 0, "a", "b", materiality="material",
                               topics=tuple(TopicTag(n, ("w",)) for n in names[:count]))  # fmt: skip
        return summarize(DiffResult(DocumentRef("a"), DocumentRef("b"), (change,), 0))

    assert summary(4) == (
        "1 change: 1 material (sharing with third parties, retention, children, cookies and tracking)"
    )
    assert summary(8).endswith("access, correction and deletion, your choices and consent and 2 more)")


def test_the_summary_names_the_topics_of_the_clauses_that_are_not_editorial() -> None:
    # A retention period set and a typo fixed in a sentence on collection, in one section: the
    # material change is about retention, not about collection.
    clauses = (
        ClauseChange("modified", "We keep data.", "We keep data for 5 years.", 0, 0,
                     materiality="material", topics=("data_retention",)),
        ClauseChange("modified", "We colect your e-mail.", "We collect your e-mail.", 1, 1,
                     materiality="editorial", topics=("first_party_collection",)),
    )  # fmt: skip
    section_topics = (TopicTag("data_retention", ("keep",)), TopicTag("first_party_collection", ("collect",)))
    change = SectionChange("modified", "s", "s", "S", "S", 0, 0, "a", "b", clauses=clauses,
                           materiality="material", topics=section_topics)  # fmt: skip
    assert summarize(DiffResult(DocumentRef("a"), DocumentRef("b"), (change,), 0)) == "1 change: 1 material (retention)"
    # a record whose clauses carry no rating keeps the section's topics
    unrated = replace(change, clauses=tuple(replace(c, materiality=None) for c in clauses))
    assert summarize(DiffResult(DocumentRef("a"), DocumentRef("b"), (unrated,), 0)) == (
        "1 change: 1 material (retention, collection and use)"
    )


# --------------------------------------------------------------------------- the continued-use sentence

CONTINUED = "By continuing to use our services after 31 January 2025, you accept the updated policy."


@pytest.mark.parametrize(
    ("setting", "adds_purpose", "shown"),
    [("auto", True, False), ("auto", False, True), ("always", True, True), ("never", False, False)],
)
def test_continued_use_sentence(setting: str, adds_purpose: bool, shown: bool) -> None:
    sections = [*BASE, ("Retention", ["We keep your data for two years."])]
    if adds_purpose:  # a new recipient
        diff, new = _edit(sections, Sharing=["We share data with service providers and data brokers.", BASE[4][1][1]])
    else:  # a longer retention period adds no purpose
        diff, new = _edit(sections, Retention=["We keep your data for ten years."])
    notices = _drafts(diff, new, continued_use=setting)
    assert (CONTINUED in notices.email_text) == shown and (CONTINUED in notices.email_html) == shown
    assert ("consent by continued use is not valid" in notices.drafting_notes) == (adds_purpose and not shown)


def test_continued_use_setting_is_validated(tmp_path: Path) -> None:
    config = tmp_path / "policies.toml"
    config.write_text(
        '[notice]\ncontinued_use = "sometimes"\n\n[[policy]]\nid = "a"\nname = "A"\nurl = "https://a.example/"\n'
    )
    with pytest.raises(ConfigError, match=r"field 'notice.continued_use': must be one of auto, always, never"):
        load_config(config)
    config.write_text(
        '[notice]\ncontinued_use = "never"\n\n[[policy]]\nid = "a"\nname = "A"\nurl = "https://a.example/"\n'
    )
    assert load_config(config).policies[0].notice.continued_use == "never"


# --------------------------------------------------------------------------- French and German drafts

FRENCH = [
    ("Qui sommes-nous", ["Exemple SAS, 12 rue de la Paix, 75002 Paris, est responsable du traitement des données."]),
    ("Partage", ["Nous ne communiquons jamais vos données à des annonceurs.",
                 "Nous partageons vos données avec nos prestataires."]),
    ("Nous contacter", ["Écrivez à dpo@exemple.fr pour toute question sur vos données."]),
]  # fmt: skip
GERMAN = [
    ("Wer wir sind", ["Verantwortlich für die Datenverarbeitung ist die Beispiel GmbH, Hauptstraße 1, Berlin."]),
    ("Speicherdauer", ["Ihr Kundenkonto wird nach 24 Monaten Inaktivität gelöscht."]),
    ("Kontakt", ["Unseren Datenschutzbeauftragten erreichen Sie unter dsb@beispiel.de."]),
]  # fmt: skip


def test_a_french_policy_gets_french_notices() -> None:
    diff, new = _edit(FRENCH, Partage=["Nous pouvons communiquer vos données à des annonceurs.", FRENCH[1][1][1]])
    notices = _drafts(diff, new)
    assert notices.lang == "fr"
    # the policy's English name is no French noun phrase: the notice says "notre politique de confidentialité"
    assert notices.subject == "Modification de notre politique de confidentialité, applicable le 31 janvier 2025"
    assert "Nous mettons à jour notre politique de confidentialité." in notices.email_text
    assert "Acme Privacy Policy" not in _all_user_drafts(notices)
    (group,) = notices.groups
    assert group.label == "Partage avec des tiers"
    (item,) = group.items
    assert item.what.startswith("Nous revenons sur un engagement concernant les destinataires de vos données")
    assert 'Avant : "Nous ne communiquons jamais vos données à des annonceurs."' in notices.email_text
    assert "Ce qui change" in notices.email_html and '<html lang="fr">' in notices.email_html
    assert "dpo@exemple.fr" in notices.email_text  # the French contact section is found
    assert "\nNous contacter :\n" in notices.email_text and "<p>Nous contacter :</p>" in notices.email_html
    assert "What" not in _all_user_drafts(notices)


def test_a_german_policy_gets_german_notices() -> None:
    diff, new = _edit(GERMAN, Speicherdauer=["Ihr Kundenkonto wird nach 36 Monaten Inaktivität gelöscht."])
    notices = _drafts(diff, new)
    assert notices.lang == "de"
    assert notices.subject == "Änderungen unserer Datenschutzerklärung, gültig ab 31. Januar 2025"
    assert "Acme Privacy Policy" not in _all_user_drafts(notices)
    (group,) = notices.groups
    assert group.label == "Speicherdauer"
    (item,) = group.items
    assert item.what == "Wir haben einen Abschnitt über die Speicherdauer Ihrer Daten geändert (in „Speicherdauer“)."
    # the company's gender does not matter ("die Beispiel GmbH … ihre", "Beispiel … seine")
    named = _drafts(diff, new, company="Beispiel").email_text
    assert "Beispiel aktualisiert die Datenschutzerklärung. Die neue Fassung gilt ab dem" in named
    assert "Was sich ändert" in notices.email_html and "Bisher:" in notices.email_text
    assert "dsb@beispiel.de" in notices.email_text
    # a longer period adds no purpose: the (German) continued-use sentence stays
    assert "Wenn Sie unsere Dienste nach dem 31. Januar 2025 weiter nutzen" in notices.email_text


def test_notice_document_names_the_document_in_every_language() -> None:
    diff, new = _edit(FRENCH, Partage=["Nous pouvons communiquer vos données à des annonceurs.", FRENCH[1][1][1]])
    policy = _policy(document="charte de confidentialité", company="Exemple SAS")
    notices = draft_notices(diff, policy=policy, new_document=new, today=TODAY)
    assert notices.subject == "Modification de notre charte de confidentialité, applicable le 31 janvier 2025"
    assert notices.email_text.startswith("Modification de notre charte")
    assert "Chez Exemple SAS, nous mettons à jour notre charte de confidentialité." in notices.email_text
    # the company's and the document's gender do not matter: « notre » for either, no « sa » / « son »
    masculine = _policy(document="règlement sur la vie privée", company="Exemple SAS")
    text = draft_notices(diff, policy=masculine, new_document=new, today=TODAY).email_text
    assert "Chez Exemple SAS, nous mettons à jour notre règlement sur la vie privée." in text
    english, english_new = _edit(
        BASE, Sharing=["We share data with service providers and data brokers.", BASE[4][1][1]]
    )
    assert draft_notices(english, policy=_policy(), new_document=english_new, today=TODAY).subject.startswith(
        "Changes to Acme Privacy Policy,"
    )


def test_notice_document_is_read_from_the_config(tmp_path: Path) -> None:
    config = tmp_path / "policies.toml"
    config.write_text(
        '[notice]\ndocument = "Datenschutzhinweise"\n\n[[policy]]\nid = "a"\nname = "A"\nurl = "https://a.example/"\n'
    )
    assert load_config(config).policies[0].notice.document == "Datenschutzhinweise"
    config.write_text('[notice]\ndocument = 3\n\n[[policy]]\nid = "a"\nname = "A"\nurl = "https://a.example/"\n')
    with pytest.raises(ConfigError, match="notice.document"):
        load_config(config)


# --------------------------------------------------------------------------- user templates


def test_user_templates_may_use_the_new_variables_and_stay_sandboxed(tmp_path: Path) -> None:
    (tmp_path / "notice_email.txt").write_text(
        "{{ text.intro.format(company=company, policy=policy_name) }} {{ effective_date_text }}\n"
        "{% for item in review_items %}{{ item.what }}{% endfor %}{{ lang }} {{ editorial_count }} "
        "{{ adds_purpose }} {{ continued_use }} {% for g in groups %}{% for i in g.items %}{{ i.before }}"
        "{{ i.after }}{{ i.reversal }}{% endfor %}{% endfor %}\n"
    )
    check_user_templates(tmp_path)
    diff, new = _edit(BASE, Sharing=["We share data with service providers and data brokers.", BASE[4][1][1]])
    notices = draft_notices(diff, policy=_policy(), new_document=new, today=TODAY, templates_dir=tmp_path)
    assert notices.email_text.startswith("Acme Privacy Policy is updating its Acme Privacy Policy.")
    (tmp_path / "notice_email.txt").write_text("{{ text.__class__ }}\n")
    with pytest.raises(TrackerError, match="access to '__class__' is not allowed"):
        check_user_templates(tmp_path)
    (tmp_path / "notice_email.txt").write_text("{{ secret_setting }}\n")
    with pytest.raises(TrackerError, match="undefined variable 'secret_setting'"):
        check_user_templates(tmp_path)


def test_the_demo_policy_change_is_drafted_clause_by_clause() -> None:
    """The shipped demo (IndiaMART v1 → v2): the "shall not disclose" → "may disclose" reversal, the
    new advertising recipients and the longer retention are told; no continued-use sentence."""
    from tracker.demo import demo_page
    from tracker.extract import extract

    old, new = (extract(demo_page(v).encode("utf-8"), "text/html") for v in (1, 2))
    diff = classify(run_diff(old, new), old, new)
    notices = _drafts(diff, new)
    items = [item for group in notices.groups for item in group.items]
    (reversal,) = [item for item in items if item.reversal]
    assert reversal.before and "shall not disclose" in reversal.before
    assert reversal.after and "may disclose" in reversal.after
    assert any(item.after and "five years" in item.after for item in items)
    assert "By continuing to use our services" not in notices.email_text
    assert "consent by continued use is not valid" in notices.drafting_notes


# --------------------------------------------------------------------------- text before the first heading


def _markdown_policy(lang: str, opening: str, rest: str) -> PolicyDocument:
    from tracker.extract import extract

    title = {"en": "Privacy Policy", "fr": "Politique de confidentialité", "de": "Datenschutzerklärung"}[lang]
    return extract(f"# {title}\n\n{opening}\n\n{rest}\n".encode(), "text/markdown")


@pytest.mark.parametrize(
    ("lang", "old", "new", "rest", "expected"),
    [
        ("en", "We never sell your data.", "We never sell your data. We share your data with advertising partners.",
         "## Contact\n\nWrite to privacy@acme.example.",
         "(in the opening of the policy)"),
        ("fr", "Nous ne vendons jamais vos données.",
         "Nous ne vendons jamais vos données. Nous partageons vos données avec des partenaires publicitaires.",
         "## Contact\n\nÉcrivez à dpo@exemple.fr.", "(dans l’introduction de la politique)"),
        ("de", "Wir verkaufen Ihre Daten niemals.",
         "Wir verkaufen Ihre Daten niemals. Wir geben Ihre Daten an Werbepartner weiter.",
         "## Kontakt\n\nSchreiben Sie an datenschutz@beispiel.de.", "(in der Einleitung)"),
    ],
)  # fmt: skip
def test_a_change_before_the_first_heading_is_placed_in_the_opening(
    lang: str, old: str, new: str, rest: str, expected: str
) -> None:
    before, after = _markdown_policy(lang, old, rest), _markdown_policy(lang, new, rest)
    diff = classify(run_diff(before, after), before, after)
    notices = _drafts(diff, after)
    whats = [item.what for group in notices.groups for item in group.items]
    assert whats and all(expected in what for what in whats), whats
    drafts = _all_user_drafts(notices)
    assert "“”" not in drafts and "«  »" not in drafts and "„“" not in drafts
