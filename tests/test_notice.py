"""Notice drafts: escaping, no empty sections, effective dates, template override, the command."""

from __future__ import annotations

import html
import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from tests.checks_helpers import FAST, SECTIONS, policy_page, write_config
from tests.conftest import LocalServer, Response
from tests.diff_helpers import BASE, doc, run_diff
from tracker.check import run_check
from tracker.classify import classify
from tracker.cli import main
from tracker.config import NoticeSettings, PolicyConfig, load_config
from tracker.models import DiffResult, PolicyDocument
from tracker.report.notice import draft_notices
from tracker.report.notice_text import notice_text
from tracker.store import Store

HTML = {"Content-Type": "text/html; charset=utf-8"}
HOSTILE = 'We may share your data with <script>alert("x")</script> partners [click](javascript:alert(1)).'


def _policy(**notice: object) -> PolicyConfig:
    return PolicyConfig(id="acme", name="Acme Privacy Policy", url="https://acme.example/privacy",
                        notice=NoticeSettings(**notice))  # type: ignore[arg-type]  # fmt: skip


def _edited(sharing: list[str], contact: list[str] | None = None) -> tuple[DiffResult, PolicyDocument]:
    sections = [list(s) for s in BASE]
    sections[4] = ["Sharing", sharing]
    if contact is not None:
        sections[6] = ["Contact", contact]
    old, new = doc(*BASE), doc(*[tuple(s) for s in sections])  # type: ignore[misc]
    return classify(run_diff(old, new), old, new), new


def test_hostile_policy_text_is_escaped_in_every_draft() -> None:
    diff, new = _edited([HOSTILE, BASE[4][1][1]])
    notices = draft_notices(diff, policy=_policy(), new_document=new, today=date(2025, 1, 1))
    assert "<script>" not in notices.email_html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in notices.email_html
    assert len(re.findall(r"<script\b", notices.email_html)) == 0
    # Markdown: no live link or raw tag can come out of the policy text
    assert "<script>" not in notices.changelog
    assert r"\<script\>" in notices.changelog and r"\[click\](javascript:alert(1))" in notices.changelog
    rendered = MarkdownIt("commonmark").render(notices.changelog)  # as a reader of the changelog sees it
    assert "<script" not in rendered and "<a " not in rendered.replace('<a href="https://acme.example', "")
    assert "[click](javascript:alert(1))" in html.unescape(rendered)  # the words, as written
    # plain text keeps the words as written (no markup to inject into, and no &amp; noise)
    assert HOSTILE in notices.email_text


def test_drafts_group_material_changes_and_quote_the_new_clause() -> None:
    diff, new = _edited(["We may sell your data to data brokers.", BASE[4][1][1]])
    notices = draft_notices(diff, policy=_policy(company="Acme Inc."), new_document=new, today=date(2025, 1, 1))
    assert [g.label for g in notices.groups] == ["Sharing with third parties"]
    assert "“We may sell your data to data brokers.”" in notices.email_html
    assert '"We may sell your data to data brokers."' in notices.email_text
    assert "  - Now: We may sell your data to data brokers.\n" in notices.changelog
    assert "sharing with third parties" in notices.banner and len(notices.banner) < 300
    assert "Acme Inc. is updating its Acme Privacy Policy" in notices.email_text
    assert "privacy@acme.example" in notices.email_html  # the contact found in the policy


def test_without_a_company_the_notice_says_we_instead_of_naming_the_policy_twice() -> None:
    diff, new = _edited(["We may sell your data to data brokers.", BASE[4][1][1]])
    notices = draft_notices(diff, policy=_policy(), new_document=new, today=date(2025, 1, 1))
    assert "We are updating our Acme Privacy Policy. The new version takes effect on" in notices.email_text
    assert "We are updating our Acme Privacy Policy." in notices.email_html
    assert "is updating its" not in notices.email_text + notices.email_html
    for lang in ("en", "fr", "de"):  # every language has the sentence, naming the policy and no company
        unnamed = str(notice_text(lang)["intro_unnamed"])
        assert "{policy}" in unnamed and "{company}" not in unnamed


def test_the_plain_text_draft_does_not_repeat_a_contact_line_it_quotes() -> None:
    # The policy's contact clause already says "Write to privacy@acme.example ...": the text draft
    # quotes it once and adds only the e-mail it does not show (the configured one).
    diff, new = _edited(["We may sell your data to data brokers.", BASE[4][1][1]])
    notices = draft_notices(diff, policy=_policy(), new_document=new, today=date(2025, 1, 1))
    assert notices.email_text.count("privacy@acme.example") == 1
    assert "\nWrite to privacy@acme.example." not in notices.email_text
    configured = _policy(contact="dpo@acme.example")
    notices = draft_notices(diff, policy=configured, new_document=new, today=date(2025, 1, 1))
    assert "\nWrite to dpo@acme.example.\n" in notices.email_text
    assert notices.email_text.count("privacy@acme.example") == 1
    assert 'href="mailto:privacy@acme.example"' in notices.email_html  # the HTML draft keeps its links


def test_no_empty_sections() -> None:
    # no contact section in the policy, no report URL: no empty "Questions" block, no dangling link
    diff, new = _edited(["We may sell your data to data brokers."], contact=[])
    new = PolicyDocument(new.title, new.last_updated, tuple(s for s in new.sections if s.heading != "Contact"))
    notices = draft_notices(diff, policy=_policy(), new_document=new, today=date(2025, 1, 1))
    assert "Questions" not in notices.email_html and "QUESTIONS" not in notices.email_text
    assert "marked up" not in notices.email_html and "marked up" not in notices.changelog
    for heading_block in re.findall(r"<h3[^>]*>[^<]*</h3>\s*<ul>(.*?)</ul>", notices.email_html, re.S):
        assert "<li>" in heading_block
    assert notices.email_html.count("<h3") == len(notices.groups) >= 1
    for text in (notices.email_text, notices.changelog):
        assert "\n\n\n\n" not in text
    for draft in (notices.email_html, notices.email_text, notices.banner, notices.changelog):
        assert "None" not in draft


@pytest.mark.parametrize(
    ("today", "period", "expected", "text"),
    [
        (date(2025, 1, 1), 30, date(2025, 1, 31), "31 January 2025"),
        (date(2024, 12, 20), 14, date(2025, 1, 3), "3 January 2025"),  # across a year end
        (date(2024, 2, 15), 30, date(2024, 3, 16), "16 March 2024"),  # leap year: 29 days in February
        (date(2023, 2, 15), 30, date(2023, 3, 17), "17 March 2023"),
        (date(2025, 6, 1), 0, date(2025, 6, 1), "1 June 2025"),  # immediately
    ],
)
def test_effective_date_is_today_plus_the_notice_period(today: date, period: int, expected: date, text: str) -> None:
    diff, new = _edited(["We may sell your data to data brokers."])
    notices = draft_notices(diff, policy=_policy(period_days=period), new_document=new, today=today)
    assert notices.effective_date == expected
    assert text in notices.subject and text in notices.email_html and text in notices.changelog
    assert (f"{period} days from today" in notices.email_text) == (period > 0)


def test_user_template_directory_overrides_one_template(tmp_path: Path) -> None:
    (tmp_path / "notice_banner.txt").write_text("CUSTOM {{ policy_name }} from {{ effective_date_text }}\n")
    diff, new = _edited(["We may sell your data to data brokers."])
    notices = draft_notices(diff, policy=_policy(), new_document=new, today=date(2025, 1, 1), templates_dir=tmp_path)
    assert notices.banner == "CUSTOM Acme Privacy Policy from 31 January 2025\n"
    assert "What’s changing" in notices.email_html  # the others are still the shipped ones


# --------------------------------------------------------------------------- check + notice command


def _two_checks(tmp_path: Path, server: LocalServer, edited: list[tuple[str, str]], **settings: object) -> Path:
    server.routes["/p"] = Response(policy_page(), headers=HTML)
    policy = {"id": "acme", "name": "Acme", "url": server.url("/p")}
    cfg = write_config(tmp_path, [policy], **settings)
    run_check(load_config(cfg), fetch_options=FAST)
    server.routes["/p"] = Response(policy_page(edited), headers=HTML)
    out = run_check(load_config(cfg), fetch_options=FAST).outcomes[0]
    assert out.status == "changed"
    return cfg


MATERIAL_EDIT = [*SECTIONS[:2], ("Sharing", "We may disclose your personal information to advertising partners."),
                 *SECTIONS[3:]]  # fmt: skip
EDITORIAL_EDIT = [*SECTIONS[:1], ("How we use information", SECTIONS[1][1].replace("service", "Service")),
                  *SECTIONS[2:]]  # fmt: skip
# "provide" → "run" alone is a minor rewording (editorial); a new use in words no rule knows is review
REVIEW_EDIT = [*SECTIONS[:1], ("How we use information", SECTIONS[1][1].replace("improve it", "develop new products")),
               *SECTIONS[2:]]  # fmt: skip


def test_check_writes_notices_only_for_material_changes(tmp_path: Path, http_server: LocalServer) -> None:
    (tmp_path / "a").mkdir()
    _two_checks(tmp_path / "a", http_server, MATERIAL_EDIT)
    reports = list((tmp_path / "a" / "snapshots" / "acme" / "reports").iterdir())
    assert [p.name for p in sorted(reports[0].iterdir())] == [
        "diff.json", "notice-banner.txt", "notice-changelog.md", "notice-drafting-notes.md", "notice-email.html",
        "notice-email.txt", "report.html",
    ]  # fmt: skip
    (tmp_path / "b").mkdir()
    _two_checks(tmp_path / "b", http_server, EDITORIAL_EDIT)
    reports = list((tmp_path / "b" / "snapshots" / "acme" / "reports").iterdir())
    assert [p.name for p in sorted(reports[0].iterdir())] == ["diff.json", "report.html"]
    assert json.loads((reports[0] / "diff.json").read_text())["changes"][0]["materiality"] == "editorial"
    (tmp_path / "c").mkdir()
    _two_checks(tmp_path / "c", http_server, REVIEW_EDIT)
    reports = list((tmp_path / "c" / "snapshots" / "acme" / "reports").iterdir())
    assert [p.name for p in sorted(reports[0].iterdir())] == ["diff.json", "report.html"]
    assert json.loads((reports[0] / "diff.json").read_text())["changes"][0]["materiality"] == "review"


def test_notice_command_drafts_the_latest_material_change(tmp_path: Path, http_server: LocalServer) -> None:
    templates = tmp_path / "my-templates"
    templates.mkdir()
    (templates / "notice_banner.txt").write_text("Ours: {{ policy_name }} changes on {{ effective_date }}\n")
    cfg = _two_checks(tmp_path, http_server, MATERIAL_EDIT, templates=str(templates))
    out = tmp_path / "drafts"
    result = CliRunner().invoke(
        main, ["notice", "acme", "--config", str(cfg), "--today", "2025-01-01", "--out", str(out), "--json"]
    )
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["schema"] == "policy-tracker/notice/1" and record["materiality"] == "material"
    assert record["effective_date"] == "2025-01-31"
    assert set(record["paths"]) == {"report", "email_html", "email_text", "banner", "changelog", "drafting_notes"}
    assert (out / "notice-banner.txt").read_text() == "Ours: Acme changes on 2025-01-31\n"
    assert "advertising partners" in (out / "notice-email.txt").read_text()
    assert "advertising partners" in (out / "report.html").read_text()

    text = CliRunner().invoke(main, ["notice", "acme", "--config", str(cfg), "--since", "2000-01-01"])
    assert text.exit_code == 2 and "error: policy 'acme': no snapshot on or before 2000-01-01" in text.output


def test_notice_command_without_material_change_writes_nothing(tmp_path: Path, http_server: LocalServer) -> None:
    cfg = _two_checks(tmp_path, http_server, EDITORIAL_EDIT)
    out = tmp_path / "drafts"
    result = CliRunner().invoke(main, ["notice", "acme", "--config", str(cfg), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "no material change: no notice drafted" in result.output
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "last week"], "policy 'acme': --since 'last week' is not a date YYYY-MM-DD"),
        (["--today", "2025-13-01"], "policy 'acme': --today '2025-13-01' is not a date YYYY-MM-DD"),
    ],
)
def test_notice_command_bad_input(tmp_path: Path, http_server: LocalServer, args: list[str], message: str) -> None:
    cfg = _two_checks(tmp_path, http_server, MATERIAL_EDIT)
    before = sorted(p.name for p in (Store(tmp_path / "snapshots").policy_dir("acme") / "snap").iterdir())
    result = CliRunner().invoke(main, ["notice", "acme", "--config", str(cfg), *args])
    assert result.exit_code == 2 and f"error: {message}" in result.output
    after = sorted(p.name for p in (Store(tmp_path / "snapshots").policy_dir("acme") / "snap").iterdir())
    assert before == after


def test_notice_command_needs_two_snapshots(tmp_path: Path, http_server: LocalServer) -> None:
    http_server.routes["/p"] = Response(policy_page(), headers=HTML)
    cfg = write_config(tmp_path, [{"id": "acme", "name": "Acme", "url": http_server.url("/p")}])
    run_check(load_config(cfg), fetch_options=FAST)
    result = CliRunner().invoke(main, ["notice", "acme", "--config", str(cfg)])
    assert result.exit_code == 2
    assert "error: policy 'acme': 1 snapshot(s) stored, need two to find a change" in result.output
