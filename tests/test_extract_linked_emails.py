"""E-mail addresses shown only as a link's target are written into the text (issue 17, cause 2):
a privacy contact replaced behind the same link text is a change, and an address moved from the
text into a link is not a removal."""

from __future__ import annotations

from pathlib import Path

from tests.checks_helpers import FAST, SECTIONS, policy_page, write_config
from tests.conftest import LocalServer, Response
from tracker.check import run_check
from tracker.classify import classify
from tracker.config import load_config
from tracker.diff import diff_documents
from tracker.extract import extract
from tracker.extract.linked_emails import decode_cloudflare_email
from tracker.models import DocumentRef, PolicyDocument

HTML = {"Content-Type": "text/html; charset=utf-8"}


def _encoded(address: str, key: int = 0x42) -> str:
    return f"{key:02x}" + "".join(f"{b ^ key:02x}" for b in address.encode())


def _page(contact: str) -> bytes:
    sections = "".join(f"<h2>{heading}</h2><p>{text}</p>" for heading, text in SECTIONS[:-1])
    return (
        "<html><body><main><article><h1>Privacy Policy</h1>"
        f"{sections}<h2>Contact</h2><p>{contact}</p></article></main></body></html>"
    ).encode()


def _words(document: PolicyDocument) -> str:
    return " ".join(c.text for s in document.sections for c in s.clauses)


def test_an_address_behind_link_text_is_written_after_the_link() -> None:
    page = _page('Write to <a href="mailto:Privacy%40acme.example?subject=Policy">our privacy team</a> today.')
    assert "our privacy team (Privacy@acme.example) today." in _words(extract(page, "text/html"))


def test_a_link_whose_text_is_blank_reads_as_the_address() -> None:
    page = _page('Write to <a href="mailto:dpo@acme.example"><img src="mail.png"></a> today.')
    assert "Write to dpo@acme.example today." in _words(extract(page, "text/html"))


def test_an_address_the_text_already_shows_is_not_repeated() -> None:
    page = _page(
        'Write to <a href="mailto:privacy@acme.example">privacy@acme.example</a> or '
        '<a href="MAILTO:privacy@acme.example">here</a>.'
    )
    assert _words(extract(page, "text/html")).count("privacy@acme.example") == 1


def test_every_address_of_a_list_and_none_that_is_malformed() -> None:
    page = _page('Write <a href="mailto:a@acme.example,b@acme.example">to both</a> or <a href="mailto:nobody">x</a>.')
    words = _words(extract(page, "text/html"))
    assert "to both (a@acme.example) (b@acme.example)" in words or "to both (b@acme.example) (a@acme.example)" in words
    assert "nobody" not in words


def test_a_cloudflare_link_target_is_decoded() -> None:
    href = f"/cdn-cgi/l/email-protection#{_encoded('dpo@acme.example')}"
    page = _page(f'Our data protection officer is <a href="{href}">reachable by e-mail</a>.')
    assert "reachable by e-mail (dpo@acme.example)." in _words(extract(page, "text/html"))
    assert decode_cloudflare_email("zz") is None and decode_cloudflare_email("42") is None


def test_links_without_addresses_leave_the_text_as_it_was() -> None:
    plain = _page("Write to our privacy team today.")
    linked = _page('Write to <a href="https://acme.example/contact">our privacy team</a> today.')
    assert _words(extract(plain, "text/html")) == _words(extract(linked, "text/html"))


def _classified(old: bytes, new: bytes):  # type: ignore[no-untyped-def]
    before, after = extract(old, "text/html"), extract(new, "text/html")
    diff = diff_documents(before, after, old_ref=DocumentRef("v1"), new_ref=DocumentRef("v2"), policy_id="own")
    return classify(diff, before, after)


def test_a_contact_replaced_behind_the_same_link_text_is_material() -> None:
    result = _classified(
        _page('Questions? Write to <a href="mailto:privacy@acme.example">our privacy team</a>.'),
        _page('Questions? Write to <a href="mailto:legal@other-group.example">our privacy team</a>.'),
    )
    clauses = [clause for change in result.changes for clause in change.clauses]
    assert clauses and all(c.materiality == "material" for c in clauses)


def test_an_address_moved_into_a_link_is_not_a_removal() -> None:
    result = _classified(
        _page("Questions? Write to our privacy team at privacy@acme.example."),
        _page('Questions? Write to <a href="mailto:privacy@acme.example">our privacy team</a>.'),
    )
    clauses = [clause for change in result.changes for clause in change.clauses]
    assert clauses and all(c.materiality != "material" for c in clauses)


def test_check_sees_a_contact_changed_only_in_a_link_target(tmp_path: Path, http_server: LocalServer) -> None:
    def page(address: str) -> str:
        contact = ("Contact", f'Write to <a href="mailto:{address}">our privacy team</a> with any question.')
        return policy_page([*SECTIONS[:-1], contact])

    http_server.routes["/p"] = Response(page("privacy@example.com"), headers=HTML)
    cfg = write_config(tmp_path, [{"id": "acme", "name": "Acme", "url": http_server.url("/p")}])
    assert run_check(load_config(cfg), fetch_options=FAST).outcomes[0].status == "new"
    http_server.routes["/p"] = Response(page("dpo@newowner.example"), headers=HTML)
    outcome = run_check(load_config(cfg), fetch_options=FAST).outcomes[0]
    assert outcome.status == "changed" and outcome.changed_sections == ("Contact",)
    assert outcome.materiality == "material"
