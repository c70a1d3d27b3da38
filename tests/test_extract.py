"""Extraction on crafted pages: noise, body detection, sections, clauses, dates, formats, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import LocalServer, Response
from tracker.errors import ExtractionError
from tracker.extract.document import extract, extract_file, find_last_updated
from tracker.fetch.once import fetch
from tracker.models import PolicyDocument

CHROME_TOP = """<!doctype html><html><head><title>Acme | Privacy</title>
<script>var token = "SECRET-SCRIPT-TEXT"; function track(){}</script>
<style>.x{color:red} /* SECRET-STYLE-TEXT */</style></head><body>
<header><a href="/">Acme home</a> Acme header slogan</header>
<nav><a href="/a">Products</a> <a href="/b">Pricing</a></nav>
<div id="onetrust-banner-sdk">We use cookies to improve your experience. Accept all cookies</div>
<div class="share-buttons"><a href="https://twitter.com/share">Share on Twitter</a></div>
<div style="display:none">Hidden promo text</div>
<div hidden>Another hidden box</div>
<form action="/newsletter"><label>Subscribe to our newsletter</label><input name="csrf" value="tok123"></form>
<img src="https://tracker.example/pixel.gif?id=8843" width="1" height="1" alt="pixel">
"""
CHROME_BOTTOM = """<aside class="related-links"><h3>Related articles</h3><a href="/x">Ten tips</a></aside>
<footer>© 2024 Acme Inc. <a href="/terms">Terms</a></footer></body></html>"""

POLICY_BODY = """<h1>Privacy Policy</h1>
<p>Last updated: January 5, 2023</p>
<p>Acme Inc. respects your privacy. This policy explains what personal data we collect and why.</p>
<h2>1. Information We Collect</h2>
<p>We collect your name, email address and phone number when you register an account with us.</p>
<h3>1.1 Device data</h3>
<ul><li>IP address and browser type.<ul><li>Collected on every visit.</li></ul></li><li>Crash reports.</li></ul>
<h2>2. Retention</h2>
<table><tr><th>Data</th><th>Period</th></tr><tr><td>Account data</td><td>12 months</td></tr></table>
<dl><dt>Controller</dt><dd>Acme Inc., 1 Main Street, Springfield.</dd></dl>
<h2>3. Contact</h2>
<p>Write to privacy@acme.example with any question about this policy or your personal data.</p>
"""


def page(body: str = POLICY_BODY, *, wrap: str = "main") -> bytes:
    return (CHROME_TOP + f"<{wrap}>{body}</{wrap}>" + CHROME_BOTTOM).encode("utf-8")


def all_text(document: PolicyDocument) -> str:
    return document.to_markdown()


def test_noise_is_removed_and_policy_kept() -> None:
    document = extract(page(), "text/html; charset=utf-8")
    text = all_text(document)
    for noise in (
        "SECRET-SCRIPT-TEXT",
        "SECRET-STYLE-TEXT",
        "Acme header slogan",
        "Products",
        "Accept all cookies",
        "Share on Twitter",
        "Hidden promo text",
        "Another hidden box",
        "newsletter",
        "tok123",
        "pixel",
        "Related articles",
        "2024 Acme Inc.",
    ):
        assert noise not in text, noise
    assert "We collect your name, email address and phone number" in text
    assert "privacy@acme.example" in text


def test_sections_levels_and_stable_ids() -> None:
    document = extract(page(), "text/html")
    assert document.title == "Privacy Policy"
    assert document.last_updated == "2023-01-05"
    ids = [s.id for s in document.sections]
    assert ids == [
        "preamble",
        "1-information-we-collect",
        "1-information-we-collect-1-1-device-data",
        "2-retention",
        "3-contact",
    ]
    device = document.sections[2]
    assert device.path == ("1. Information We Collect", "1.1 Device data")
    # the date line is metadata, not a clause
    assert all("Last updated" not in c.text for s in document.sections for c in s.clauses)


def test_nested_lists_tables_and_definitions_are_clauses() -> None:
    document = extract(page(), "text/html")
    device = next(s for s in document.sections if s.heading == "1.1 Device data")
    assert [(c.kind, c.depth, c.text) for c in device.clauses] == [
        ("list_item", 0, "IP address and browser type."),
        ("list_item", 1, "Collected on every visit."),
        ("list_item", 0, "Crash reports."),
    ]
    retention = next(s for s in document.sections if s.heading == "2. Retention")
    assert [(c.kind, c.text) for c in retention.clauses] == [
        ("table_row", "Data | Period"),
        ("table_row", "Account data | 12 months"),
        ("definition", "Controller: Acme Inc., 1 Main Street, Springfield."),
    ]


def test_pseudo_headings_bold_caps_and_numbered() -> None:
    body = """<div class="content">
<p><strong>WHAT WE COLLECT</strong></p><p>We collect the data you give us when you sign up for the service.</p>
<p><b>How we use it:</b></p><p>We use the data to run the service and to keep your account secure.</p>
<p>SHARING WITH OTHERS</p><p>We never sell your data to anyone, for any reason, at any time.</p>
<p>3.2 Retention</p><p>We keep data for as long as your account exists and then delete it.</p>
<p>Cookies: small files stored by your browser to remember your preferences.</p>
</div>"""
    document = extract(page(body, wrap="div"), "text/html")
    headings = [s.heading for s in document.sections if s.heading]
    assert headings == ["WHAT WE COLLECT", "How we use it", "SHARING WITH OTHERS", "3.2 Retention"]
    retention = document.sections[-1]
    # "3.2" is one level below the pseudo-headings, so its id is the slug of its heading path
    assert retention.path == ("SHARING WITH OTHERS", "3.2 Retention")
    assert retention.id == "sharing-with-others-3-2-retention"
    assert [(c.kind, c.text) for c in retention.clauses][-1] == (
        "definition",
        "Cookies: small files stored by your browser to remember your preferences.",
    )


def test_automatic_body_detection_without_main_element() -> None:
    # No main/article: the densest container wins over a link-heavy sidebar.
    links = "".join(f'<li><a href="/p{i}">Product number {i} with a long descriptive name</a></li>' for i in range(40))
    html = (
        CHROME_TOP
        + f'<div class="layout"><div class="menu"><ul>{links}</ul></div>'
        + f'<div class="legal-text">{POLICY_BODY}</div></div>'
        + CHROME_BOTTOM
    )
    text = all_text(extract(html.encode(), "text/html"))
    assert "Product number 3" not in text
    assert "phone number when you register" in text


def test_declared_select_and_remove_win_over_detection() -> None:
    html = page(POLICY_BODY + '<div class="legal-note">Note kept only by the selector.</div>')
    document = extract(html, "text/html", select=[".legal-note"])
    assert all_text(document).strip().endswith("Note kept only by the selector.")
    assert "phone number" not in all_text(document)
    removed = extract(page(), "text/html", remove=["table"])
    assert "12 months" not in all_text(removed) and "phone number" in all_text(removed)


def test_selector_errors_are_clear() -> None:
    with pytest.raises(ExtractionError) as info:
        extract(page(), "text/html", url="https://acme.example/privacy", select=[".nope"])
    assert info.value.cause == "selector_matched_nothing"
    assert "https://acme.example/privacy" in str(info.value) and ".nope" in str(info.value)
    with pytest.raises(ExtractionError) as bad:
        extract(page(), "text/html", select=["p[["])
    assert bad.value.cause == "bad_selector"


def test_volatile_tokens_do_not_reach_the_text() -> None:
    def with_token(token: str) -> bytes:
        return page(
            POLICY_BODY + f'<p>See our <a href="/cookies?sig={token}">cookie notice</a>.</p>'
            f'<input type="hidden" value="{token}"><!-- build {token} -->'
        )

    first = extract(with_token("a1b2c3"), "text/html").to_markdown()
    second = extract(with_token("z9y8x7"), "text/html").to_markdown()
    assert first == second
    assert "cookie notice" in first and "a1b2c3" not in first


def test_words_in_adjacent_blocks_stay_apart() -> None:
    body = "<table><tr><td><p><b>Usage</b></p><p><b>Data</b></p></td><td><p>Pages you visit.</p></td></tr></table>"
    body += "<span class='wrapper'><h2>Scope</h2><p>This policy covers the app.</p></span>"
    document = extract(page(body), "text/html")
    text = all_text(document)
    assert "Usage Data | Pages you visit." in text
    assert "## Scope" in text and "This policy covers the app." in text


def test_hub_page_keeps_the_named_document() -> None:
    def part(title: str, sentence: str) -> str:
        return f"<h2>{title}</h2>" + "".join(f"<p>{sentence} Clause {i}.</p>" for i in range(8))

    body = (
        part("Terms of Service", "You agree to these terms when you use the service.")
        + part("Privacy Policy", "We collect and process your personal data as described here.")
        + part("Copyright Policy", "Send copyright notices to our designated agent.")
    )
    html = page(body)
    privacy = extract(html, "text/html", name="Acme Privacy Policy")
    assert [s.heading for s in privacy.sections] == ["Privacy Policy"]
    by_url = extract(html, "text/html", url="https://acme.example/legal/terms-of-service")
    assert [s.heading for s in by_url.sections] == ["Terms of Service"]
    everything = extract(html, "text/html", url="https://acme.example/legal")
    assert [s.heading for s in everything.sections] == ["Terms of Service", "Privacy Policy", "Copyright Policy"]


def test_ordinary_policy_with_a_small_terms_section_is_not_split() -> None:
    body = "".join(
        f"<h2>{h}</h2><p>We describe {h.lower()} in detail here so that you understand it well.</p>" * 3
        for h in ("Data we collect", "Privacy Policy changes", "How we share data", "Cookie Policy")
    )
    body += "<h2>Additional terms for the Inbox feature</h2><p>Short.</p>"
    document = extract(page(body), "text/html", name="Acme Privacy Policy")
    assert len([s for s in document.sections if s.heading]) == 13


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Last Updated On: 19 June 2024", "2024-06-19"),
        ("Effective: 2024-06-19", "2024-06-19"),
        ("Updated January 5, 2023", "2023-01-05"),
        ("This policy was last revised on March 26, 2020.", "2020-03-26"),
        ("Effective date: 31/12/2023", "2023-12-31"),
        ("Last modified 5th March 2023", "2023-03-05"),
        ("We were founded on 19 June 2001.", None),
    ],
)
def test_last_updated_dates(text: str, expected: str | None) -> None:
    assert find_last_updated(text) == expected


def test_plain_text_and_markdown() -> None:
    text = b"PRIVACY POLICY\n\nEffective: 2024-06-19\n\nDATA WE COLLECT\nWe collect your email address.\n"
    document = extract(text, "text/plain; charset=utf-8")
    assert document.last_updated == "2024-06-19"
    assert [s.heading for s in document.sections if s.heading][-1] == "DATA WE COLLECT"
    md = b"# Policy\n\n## Sharing\n\n- We share with processors.\n  - Only under contract.\n"
    sharing = extract(md, "text/markdown").sections[-1]
    assert [(c.kind, c.depth) for c in sharing.clauses] == [("list_item", 0), ("list_item", 1)]


def _pdf(lines: list[str]) -> bytes:
    """A minimal one-page PDF showing ``lines`` in Helvetica."""
    stream = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({line}) Tj T*" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_pdf_policy_is_extracted(tmp_path: Path) -> None:
    pdf = _pdf(["PRIVACY NOTICE", "Last updated: 2 March 2024", "", "We collect your email address to send receipts."])
    document = extract(pdf, "application/pdf")
    assert document.last_updated == "2024-03-02"
    assert "We collect your email address to send receipts." in document.to_markdown()
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf)
    assert extract_file(path).to_markdown() == document.to_markdown()


def test_bad_inputs_give_clear_errors(tmp_path: Path) -> None:
    cases = [
        (b"\x89PNG\r\n", "image/png", "unsupported_content_type"),
        (b"%PDF-1.4 garbage", "application/pdf", "bad_pdf"),
        (b"<html><body><nav>Home</nav><script>x()</script></body></html>", "text/html", "empty"),
        (b"", "text/html", "empty"),
    ]
    for content, ctype, cause in cases:
        with pytest.raises(ExtractionError) as info:
            extract(content, ctype, url="https://acme.example/p")
        assert info.value.cause == cause, ctype
        assert str(info.value).startswith("https://acme.example/p: ")
        assert "\n" not in str(info.value)
    odd = tmp_path / "policy.docx"
    odd.write_bytes(b"PK")
    with pytest.raises(ExtractionError, match=r"policy\.docx.*unsupported"):
        extract_file(odd)


def test_an_unreadable_pdf_is_named_in_words_a_user_can_act_on(tmp_path: Path) -> None:
    cases = [
        (b"GIF89a" + bytes(range(256)) * 4, "not a PDF file (no %PDF- header)"),  # mislabelled bytes
        (b"%PDF-1.7\n" + b"\x00garbage" * 50, "unreadable PDF: No /Root object"),  # a PDF header, no PDF
    ]
    for content, words in cases:
        path = tmp_path / "notice.pdf"
        path.write_bytes(content)
        for source in ("bytes", "file"):
            with pytest.raises(ExtractionError) as info:
                if source == "bytes":
                    extract(content, "application/pdf", url="https://acme.example/p.pdf")
                else:
                    extract_file(path)
            message = str(info.value)
            assert info.value.cause == "bad_pdf" and words in message, message
            assert "Exception" not in message and "\n" not in message


def test_fetched_over_http_then_extracted(http_server: LocalServer) -> None:
    # Windows-1252 bytes declared in the header: the charset is honoured.
    body = page().replace(b"respects your privacy", "respects your privacy \u2013 always".encode("cp1252"))
    http_server.routes["/privacy"] = Response(body, headers={"Content-Type": "text/html; charset=windows-1252"})
    http_server.routes["/policy.pdf"] = Response(
        _pdf(["Effective: 2024-06-19", "", "We keep logs for 30 days."]), headers={"Content-Type": "application/pdf"}
    )
    fetched = fetch(http_server.url("/privacy"))
    document = extract(fetched.content, fetched.content_type, url=fetched.final_url)
    assert "respects your privacy \u2013 always" in document.to_markdown()
    assert document.last_updated == "2023-01-05"
    pdf = fetch(http_server.url("/policy.pdf"))
    assert extract(pdf.content, pdf.content_type).last_updated == "2024-06-19"


def test_cloudflare_obfuscated_email_reads_as_the_address() -> None:
    key = 0x42
    encoded = f"{key:02x}" + "".join(f"{b ^ key:02x}" for b in b"dpo@acme.example")
    obfuscated = (
        '<p>Write to <a href="/cdn-cgi/l/email-protection">'
        f'<span class="__cf_email__" data-cfemail="{encoded}">[email&#160;protected]</span></a> today.</p>'
    )
    plain = '<p>Write to <a href="mailto:dpo@acme.example">dpo@acme.example</a> today.</p>'
    first = extract(page(POLICY_BODY + obfuscated), "text/html").to_markdown()
    assert "Write to dpo@acme.example today." in first
    assert first == extract(page(POLICY_BODY + plain), "text/html").to_markdown()


def test_list_items_holding_headings_keep_their_sections() -> None:
    body = (
        "<ol>"
        + "".join(
            f"<li><h2>{title}</h2><p>{title} clause text that is long enough to matter.</p></li>"
            for title in ("Introduction", "Eligibility", "Content")
        )
        + "</ol>"
    )
    document = extract(page(body), "text/html")
    assert [s.heading for s in document.sections] == ["Introduction", "Eligibility", "Content"]
    assert [c.kind for c in document.sections[1].clauses] == ["paragraph"]


def test_an_address_line_is_not_a_numbered_heading() -> None:
    body = "<h2>Contact</h2><p>Acme Ltd.</p><p>10 Earlsfort Terrace</p><p>Dublin 2, Ireland</p>"
    document = extract(page(body), "text/html")
    assert [s.heading for s in document.sections] == ["Contact"]
    assert [c.text for c in document.sections[0].clauses] == ["Acme Ltd.", "10 Earlsfort Terrace", "Dublin 2, Ireland"]
