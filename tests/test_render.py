"""Render tests: escaping of hostile policy text, CSP, markers, folding, both views, Markdown."""

from __future__ import annotations

import base64
import hashlib
import re

from tests.diff_helpers import BASE, doc, run_diff
from tracker.models import ClauseChange, DiffResult, DocumentRef, SectionChange
from tracker.report.render import VIEW_SCRIPT, render_markdown, render_report_html, render_whole_html

HOSTILE = "Contact <script>alert(1)</script> or <img src=x onerror=alert(1)> us."


def _mixed_diff() -> DiffResult:
    """A diff with a move, a rename, an editorial edit and a hostile substantive edit."""
    sections = [list(s) for s in BASE]
    sections[6] = ["Contact", [HOSTILE]]  # substantive, hostile text
    sections[2] = ["How We Use Information", ["We use your data to provide the service", BASE[2][1][1]]]  # editorial
    sections[0] = ["About This Policy", BASE[0][1]]  # renamed
    order = [0, 1, 2, 4, 5, 3, 6]  # Cookies moved after Your Rights
    return run_diff(doc(*BASE), doc(*[tuple(sections[i]) for i in order]))  # type: ignore[misc]


def test_hostile_policy_text_is_escaped() -> None:
    html = render_report_html(_mixed_diff())
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    # exactly one script element: our own toggle
    assert len(re.findall(r"<script\b", html)) == 1


def test_csp_allows_only_our_script_by_hash() -> None:
    html = render_report_html(_mixed_diff())
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp is not None
    policy = csp.group(1)
    expected = "sha256-" + base64.b64encode(hashlib.sha256(VIEW_SCRIPT.encode()).digest()).decode()
    assert f"script-src '{expected}'" in policy
    assert "default-src 'none'" in policy and "unsafe-inline' ;" not in policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";")[0]
    body = re.search(r"<script>(.*?)</script>", html, re.S)
    assert body is not None and body.group(1) == VIEW_SCRIPT
    assert "http://" not in html.split("<body", 1)[0] and "https://" not in html.split("<body", 1)[0]


def test_moved_and_renamed_markers() -> None:
    html = render_report_html(_mixed_diff())
    assert "moved from §4 to §6" in html
    assert "renamed from “Introduction”" in html


def test_editorial_changes_fold_under_details() -> None:
    html = render_report_html(_mixed_diff())
    details = re.search(r'<details class="editorial" id="toggle-editorial">(.*?)</details>', html, re.S)
    assert details is not None
    assert "How We Use Information" in details.group(1)
    assert "Contact" not in details.group(1)  # the substantive change stays outside


def test_both_views_and_toggle_ids_present() -> None:
    html = render_report_html(_mixed_diff(), title="Acme <b>policy</b>", links={"source": "https://acme.example/p"})
    assert 'id="view-inline"' in html and 'id="view-side"' in html
    assert html.count('class="inline-view"') == html.count('class="side-view"') >= 3
    assert "<ins>" in html and "<del>" in html
    assert "<title>Acme &lt;b&gt;policy&lt;/b&gt;</title>" in html
    assert 'href="https://acme.example/p"' in html
    assert "@media print" in html
    for anchor in re.findall(r'href="#(change-\d+)"', html):
        assert f'id="{anchor}"' in html


def test_no_changes_report() -> None:
    html = render_report_html(run_diff(doc(*BASE), doc(*BASE)))
    assert "No changes to the policy text." in html


def test_markdown_redline() -> None:
    md = render_markdown(_mixed_diff())
    assert "moved from §4" in md
    assert "renamed from “Introduction”" in md
    assert "## Editorial changes" in md
    assert "<script>" not in md and "\\<script\\>" in md
    sections = list(BASE)
    sections[4] = ("Sharing", ["We sell data to advertising partners.", BASE[4][1][1]])
    md = render_markdown(run_diff(doc(*BASE), doc(*sections)))
    assert "~~share~~ **sell**" in md
    assert "~~with service providers~~ **to advertising partners**" in md


def test_only_http_and_relative_links_are_rendered() -> None:
    links = {"source": "https://acme.example/p", "previous": "../old/report.html", "evil": "javascript:alert(1)"}
    html = render_report_html(_mixed_diff(), links=links)
    assert 'href="https://acme.example/p"' in html and 'href="../old/report.html"' in html
    assert "javascript:" not in html


def test_a_reason_is_shown_once_under_its_clause_not_again_for_the_section() -> None:
    clause = ClauseChange("modified", "We keep data for 30 days.", "We keep data for 90 days.", 0, 0,
                          materiality="material", topics=("data_retention",),
                          reasons=("longer or new retention period (90 days)",))  # fmt: skip
    reasons = ("longer or new retention period (90 days)", "section renamed in the index")
    change = SectionChange("modified", "s", "s", "Retention", "Retention", 0, 0, clause.old_text, clause.new_text,
                           clauses=(clause,), materiality="material", reasons=reasons)  # fmt: skip
    diff = DiffResult(DocumentRef("a"), DocumentRef("b"), (change,), 0)
    page = render_report_html(diff)
    inline = page[page.index('class="inline-view"') : page.index('class="side-view"')]
    assert inline.count("longer or new retention period (90 days)") == 1  # the clause's judgement
    assert re.search(r'<ul class="reasons"><li>section renamed in the index</li></ul>', page)  # only the section's own
    markdown = render_markdown(diff)
    assert markdown.count("longer or new retention period (90 days)") == 1
    assert "- section renamed in the index" in markdown


def test_one_unchanged_section_is_counted_in_the_singular() -> None:
    one = doc(("Scope", ["This policy covers the Acme app."]))
    assert "no changes; 1 section unchanged." in render_markdown(run_diff(one, one))
    two = doc(("Scope", ["This policy covers the Acme app."]), ("Rights", ["You may ask for a copy."]))
    assert "no changes; 2 sections unchanged." in render_markdown(run_diff(two, two))


def test_html_reports_count_unchanged_sections_as_the_text_reports_do() -> None:
    one = doc(("Scope", ["This policy covers the Acme app."]))
    two = doc(("Scope", ["This policy covers the Acme app."]), ("Rights", ["You may ask for a copy."]))
    for old, new, line in [(one, one, "1 section unchanged."), (two, two, "2 sections unchanged.")]:
        diff = run_diff(old, new)
        assert line in render_report_html(diff)
        assert line in render_whole_html(diff, old, new)
