"""A document spread over several pages (``urls``): fetched in order from 127.0.0.1, joined into one
document with one history; a section moving from one page to another is one ``moved`` record."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from tests.checks_helpers import FAST
from tests.conftest import LocalServer, Response
from tracker.check import run_check
from tracker.check.reextract import reextract
from tracker.config import load_config
from tracker.errors import ConfigError
from tracker.extract import extract
from tracker.store import Store

HTML = {"Content-Type": "text/html; charset=utf-8"}
PAGE_1 = [
    ("Who we are", "Acme Ltd. of 1 Main Street, Dublin, is the controller of your personal data."),
    ("What we collect", "We collect your name, email address, and the pages of our service you visit."),
]
PAGE_2 = [
    ("How we use it", "We use your data to run the service, to secure it, and to answer your requests."),
    ("Who we share it with", "We share your data with hosting providers bound by contracts to protect it."),
]
PAGE_3 = [
    ("How long we keep it", "We keep your data for as long as your account is open and two years after."),
    ("Your rights", "You may access, correct, or delete your data by writing to privacy@acme.example."),
]


def page(title: str, sections: list[tuple[str, str]], ad: bool = False) -> str:
    body = "".join(f"<h2>{h}</h2><p>{t}</p>" for h, t in sections)
    promo = '<div class="ad"><p>Try Acme Premium free for thirty days with this special offer.</p></div>' if ad else ""
    return f"<html><body><nav><a href='/'>Home</a></nav><main><h1>{title}</h1>{body}{promo}</main></body></html>"


def serve(
    server: LocalServer, one: list[tuple[str, str]], two: list[tuple[str, str]], three: list[tuple[str, str]]
) -> None:
    server.routes["/privacy/1"] = Response(page("Privacy policy (1 of 3)", one), headers=HTML)
    server.routes["/privacy/2"] = Response(page("Privacy policy (2 of 3)", two, ad=True), headers=HTML)
    server.routes["/privacy/3"] = Response(page("Privacy policy (3 of 3)", three), headers=HTML)


def write_config(tmp: Path, policies: list[dict[str, Any]]) -> Path:
    path = tmp / "policies.toml"
    data = {"settings": {"store": "snapshots", "retries": 0, "render": "static"}, "policy": policies}
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def combined_policy(server: LocalServer) -> dict[str, Any]:
    return {
        "id": "acme",
        "name": "Acme Privacy Policy",
        "urls": [
            server.url("/privacy/1"),
            {"url": server.url("/privacy/2"), "remove": ".ad"},
            server.url("/privacy/3"),
        ],
    }


def test_three_pages_are_one_document_with_one_history(tmp_path: Path, http_server: LocalServer) -> None:
    serve(http_server, PAGE_1, PAGE_2, PAGE_3)
    cfg = write_config(tmp_path, [combined_policy(http_server)])
    store = Store(tmp_path / "snapshots")
    first = run_check(load_config(cfg), fetch_options=FAST, send_alerts=False).outcomes[0]
    assert first.status == "new", first.error
    snap = store.load("acme", first.snapshot_id or "")
    headings = [s.heading for s in snap.document.sections]
    assert headings == [h for h, _ in PAGE_1 + PAGE_2 + PAGE_3]  # every page, in order
    assert "Premium" not in snap.document.to_markdown()  # page 2's own remove applied
    assert snap.document.title == "Privacy policy (1 of 3)"
    assert snap.meta.raw_filename == "raw.mime" and snap.meta.content_type.startswith("multipart/mixed")
    assert [p for _, p, _ in http_server.requests if p.startswith("/privacy/")] == [
        "/privacy/1",
        "/privacy/2",
        "/privacy/3",
    ]
    # the stored body reads back to the same document (reextract, a later extractor)
    raw = (store.snapshot_dir("acme", snap.meta.snapshot_id) / "raw.mime").read_bytes()
    again = extract(raw, snap.meta.content_type, name="Acme Privacy Policy")
    assert again.to_markdown() == snap.document.to_markdown()
    assert [o.status for o in reextract(store, ["acme"], load_config(cfg))] == ["unchanged"]
    # nothing changed on any page: unchanged
    assert run_check(load_config(cfg), fetch_options=FAST, send_alerts=False).outcomes[0].status == "unchanged"


def test_section_moving_from_page_two_to_page_one_is_one_move(tmp_path: Path, http_server: LocalServer) -> None:
    serve(http_server, PAGE_1, PAGE_2, PAGE_3)
    cfg = write_config(tmp_path, [combined_policy(http_server)])
    assert run_check(load_config(cfg), fetch_options=FAST, send_alerts=False).outcomes[0].status == "new"
    # "Who we share it with" leaves page 2 and is now the first section of page 1
    serve(http_server, [PAGE_2[1], *PAGE_1], PAGE_2[:1], PAGE_3)
    out = run_check(load_config(cfg), fetch_options=FAST, send_alerts=False).outcomes[0]
    assert out.status == "changed", out.error
    diff = json.loads((Path(out.report_path or "").parent / "diff.json").read_text())
    kinds = [c["kind"] for c in diff["changes"]]
    assert kinds == ["moved"], diff["changes"]
    assert diff["changes"][0]["new_heading"] == "Who we share it with"


def test_a_failing_page_fails_the_whole_document(tmp_path: Path, http_server: LocalServer) -> None:
    serve(http_server, PAGE_1, PAGE_2, PAGE_3)
    cfg = write_config(tmp_path, [combined_policy(http_server)])
    assert run_check(load_config(cfg), fetch_options=FAST, send_alerts=False).outcomes[0].status == "new"
    http_server.routes["/privacy/3"] = Response("gone", 404, HTML)
    out = run_check(load_config(cfg), fetch_options=FAST, send_alerts=False).outcomes[0]
    assert out.status == "error" and out.cause == "http_404" and "/privacy/3" in (out.error or "")
    assert len(Store(tmp_path / "snapshots").snapshots("acme")) == 1  # never a partial document


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"urls": ["https://a.example/1"]}, "must be a list of at least two pages"),
        ({"urls": ["https://a.example/1", "https://a.example/2"], "url": "https://a.example/1"}, "either url or urls"),
        ({"urls": ["https://a.example/1", "ftp://a.example/2"]}, "page 2, url: must be an http(s) URL"),
        ({"urls": ["https://a.example/1", {"url": "https://a.example/2", "select": "p[["}]}, "invalid CSS selector"),
        ({"urls": ["https://a.example/1", {"url": "https://a.example/2", "wait": 1}]}, "unknown field 'wait'"),
    ],
)
def test_urls_are_validated_at_load(tmp_path: Path, fields: dict[str, Any], message: str) -> None:
    cfg = write_config(tmp_path, [{"id": "p", "name": "P", **fields}])
    with pytest.raises(ConfigError, match=None) as info:
        load_config(cfg)
    assert message in str(info.value)
