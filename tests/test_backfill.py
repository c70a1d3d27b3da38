"""Backfill from a local server that imitates the Wayback Machine's CDX API and id_ captures."""

from __future__ import annotations

import hashlib
import json
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from tests.checks_helpers import SECTIONS, policy_page
from tests.conftest import LocalServer, Response
from tracker.cli import main
from tracker.config import PolicyConfig
from tracker.errors import FetchError
from tracker.evidence.backfill import Capture, backfill, parse_cdx, thin
from tracker.evidence.verify import verify
from tracker.fetch.http import FetchOptions
from tracker.store import Store

FAST = FetchOptions(backoff=0.01, max_backoff=0.05, max_retry_after=2.0, timeout=5.0, retries=2)
POLICY_URL = "https://example.com/privacy"


def page(revision: str, token: str = "t") -> str:
    return policy_page([(h, f"{t} {revision}") for h, t in SECTIONS], token=token)


class FakeWayback:
    """CDX listing (JSON rows, ``from``/``to`` honoured) and ``/web/<ts>id_/<url>`` captures."""

    def __init__(self, server: LocalServer, captures: dict[str, str | Response], *, collapse: bool = True) -> None:
        self.server = server
        self.collapse = collapse  # honour collapse=digest (the real archive does)
        self.captures = captures
        self.cdx_queries: list[dict[str, list[str]]] = []
        server.routes["/cdx/search/cdx"] = self.cdx
        for timestamp, body in captures.items():
            server.routes[f"/web/{timestamp}id_/{POLICY_URL}"] = body if isinstance(body, Response) else Response(body)

    def cdx(self, handler: BaseHTTPRequestHandler) -> Response:
        query = parse_qs(urlsplit(handler.path).query)
        self.cdx_queries.append(query)
        rows: list[list[str]] = [["timestamp", "original", "statuscode", "digest", "mimetype"]]
        for timestamp, body in sorted(self.captures.items()):
            if "from" in query and timestamp < query["from"][0]:
                continue
            if "to" in query and timestamp[: len(query["to"][0])] > query["to"][0]:
                continue
            raw = body.body if isinstance(body, Response) else body
            data = raw.encode() if isinstance(raw, str) else raw
            digest = hashlib.sha1(data).hexdigest().upper()
            if self.collapse and query.get("collapse") == ["digest"] and rows[-1][3] == digest:
                continue
            rows.append([timestamp, POLICY_URL, "200", digest, "text/html"])
        return Response(json.dumps(rows), headers={"Content-Type": "application/json"})

    def fetched(self) -> list[str]:
        return [path.split("id_/")[0].removeprefix("/web/") for _, path, _ in self.server.requests if "id_/" in path]


POLICY = PolicyConfig(id="acme", name="Acme", url=POLICY_URL)


def test_backfill_stores_dated_wayback_snapshots_and_skips_unchanged(tmp_path: Path, http_server: LocalServer) -> None:
    wayback = FakeWayback(
        http_server,
        {
            "20220110120000": page("First."),
            "20220301080000": page("First.", token="other"),  # new bytes, same policy text
            "20220302080000": page("First.", token="other"),  # same bytes: not even fetched
            "20230515000000": page("Second."),
            "20240101000000": page("Third."),
        },
        collapse=False,  # an archive that ignores collapse=digest: same bytes are skipped client-side
    )
    store = Store(tmp_path / "snaps")
    seen: list[tuple[str, str]] = []
    result = backfill(
        store, POLICY, archive_url=http_server.url(), delay=0, options=FAST,
        on_capture=lambda c, outcome: seen.append((c.timestamp, outcome)),
    )  # fmt: skip
    assert seen == [
        ("20220110120000", "stored"),
        ("20220301080000", "unchanged"),
        ("20220302080000", "same_digest"),
        ("20230515000000", "stored"),
        ("20240101000000", "stored"),
    ]
    assert result.stored == ["20220110T120000Z", "20230515T000000Z", "20240101T000000Z"]
    metas = store.snapshots("acme")
    assert [(m.source, m.fetched_at) for m in metas] == [
        ("wayback", "2022-01-10T12:00:00Z"),
        ("wayback", "2023-05-15T00:00:00Z"),
        ("wayback", "2024-01-01T00:00:00Z"),
    ]
    assert metas[0].url == POLICY_URL
    assert metas[0].final_url == http_server.url(f"/web/20220110120000id_/{POLICY_URL}")
    assert "Second." in store.markdown_path("acme", "20230515T000000Z").read_text()
    assert wayback.fetched() == ["20220110120000", "20220301080000", "20230515000000", "20240101000000"]
    query = wayback.cdx_queries[0]
    assert query["url"] == [POLICY_URL] and query["output"] == ["json"] and query["collapse"] == ["digest"]
    assert store.resolve("acme", "2023-12-31").snapshot_id == "20230515T000000Z"  # in force that day
    assert verify(store).ok


def test_rerun_stores_nothing_twice(tmp_path: Path, http_server: LocalServer) -> None:
    FakeWayback(http_server, {"20220110120000": page("First."), "20230515000000": page("Second.")})
    store = Store(tmp_path / "snaps")
    backfill(store, POLICY, archive_url=http_server.url(), delay=0, options=FAST)
    again = backfill(store, POLICY, archive_url=http_server.url(), delay=0, options=FAST)
    assert again.stored == [] and again.already == 2
    assert len(store.snapshots("acme")) == 2


def test_from_date_and_every_month(tmp_path: Path, http_server: LocalServer) -> None:
    wayback = FakeWayback(
        http_server,
        {
            "20210605000000": page("Old."),
            "20220110120000": page("Jan a."),
            "20220120120000": page("Jan b."),
            "20220201000000": page("Feb."),
            "20220215000000": page("Feb b."),
        },
    )
    store = Store(tmp_path / "snaps")
    result = backfill(store, POLICY, archive_url=http_server.url(), since="2022-01-01", every="month", delay=0,
                      options=FAST)  # fmt: skip
    assert wayback.cdx_queries[0]["from"] == ["20220101"]
    assert (result.listed, result.considered) == (4, 2)
    assert result.stored == ["20220110T120000Z", "20220201T000000Z"]
    assert wayback.fetched() == ["20220110120000", "20220201000000"]


def test_rate_limit_is_respected_with_retry_after(tmp_path: Path, http_server: LocalServer) -> None:
    answers = [Response("slow down", 429, {"Content-Type": "text/plain", "Retry-After": "1"}), Response(page("First."))]

    def limited(handler: BaseHTTPRequestHandler) -> Response:
        return answers.pop(0) if len(answers) > 1 else answers[0]

    wayback = FakeWayback(http_server, {"20220110120000": page("First.")})
    http_server.routes[f"/web/20220110120000id_/{POLICY_URL}"] = limited
    store = Store(tmp_path / "snaps")
    result = backfill(store, POLICY, archive_url=http_server.url(), delay=0, options=FAST)
    assert result.stored == ["20220110T120000Z"]
    assert wayback.fetched() == ["20220110120000", "20220110120000"]  # the 429, then the retry


def test_a_bad_capture_is_reported_and_the_rest_stored(tmp_path: Path, http_server: LocalServer) -> None:
    FakeWayback(
        http_server,
        {
            "20220110120000": page("First."),
            "20220601000000": Response("<html><body></body></html>"),  # an archived empty page
            "20230101000000": page("Second."),
        },
    )
    store = Store(tmp_path / "snaps")
    result = backfill(store, POLICY, archive_url=http_server.url(), delay=0, options=FAST)
    assert result.stored == ["20220110T120000Z", "20230101T000000Z"]
    assert len(result.failed) == 1 and result.failed[0].startswith("20220601000000: ")
    assert "no policy text" in result.failed[0]


def test_listing_failure_is_one_line_naming_the_policy(tmp_path: Path, http_server: LocalServer) -> None:
    http_server.routes["/cdx/search/cdx"] = Response("<html>maintenance</html>")
    store = Store(tmp_path / "snaps")
    with pytest.raises(FetchError, match="policy 'acme': archive listing is not CDX JSON"):
        backfill(store, POLICY, archive_url=http_server.url(), delay=0, options=FAST)
    http_server.routes["/cdx/search/cdx"] = Response("gone", 404, {"Content-Type": "text/plain"})
    with pytest.raises(FetchError, match="policy 'acme': archive listing failed: .*404"):
        backfill(store, POLICY, archive_url=http_server.url(), delay=0, options=FAST)
    assert store.snapshots("acme") == []


def test_parse_cdx_and_thin() -> None:
    body = json.dumps(
        [
            ["timestamp", "original", "statuscode"],
            ["20220301000000", "u", "200"],
            ["20220101000000", "u", "200"],
            ["2022", "u", "200"],  # not a capture timestamp: left out
        ]
    ).encode()
    captures = parse_cdx(body, "x")
    assert [c.timestamp for c in captures] == ["20220101000000", "20220301000000"]
    assert parse_cdx(b"[]", "x") == [] and parse_cdx(b"", "x") == []
    weekly = [Capture(ts, "u", "200", "", "") for ts in ("20220103000000", "20220109000000", "20220110000000")]
    assert [c.timestamp for c in thin(weekly, "week")] == ["20220103000000", "20220110000000"]
    assert len(thin(weekly, "year")) == 1


def test_backfill_cli(tmp_path: Path, http_server: LocalServer) -> None:
    FakeWayback(http_server, {"20220110120000": page("First."), "20230515000000": page("Second.")})
    config = tmp_path / "policies.toml"
    config.write_text(
        f'[settings]\nstore = "snaps"\nuser_agent = "evidence-test/1"\n\n'
        f'[[policy]]\nid = "acme"\nname = "Acme"\nurl = "{POLICY_URL}"\n'
    )
    runner = CliRunner()
    args = ["backfill", "acme", "--config", str(config), "--delay", "0", "--archive-url", http_server.url()]
    result = runner.invoke(main, [*args, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["schema"] == "policy-tracker/backfill/1"
    assert data["stored"] == ["20220110T120000Z", "20230515T000000Z"]
    assert {headers.get("User-Agent") for _, _, headers in http_server.requests} == {"evidence-test/1"}
    text = runner.invoke(main, args, env={"POLICY_TRACKER_ARCHIVE_URL": "http://ignored.invalid"})
    assert text.exit_code == 0, text.output
    assert "2022-01-10T12:00:00Z already" in text.output
    bad = runner.invoke(main, [*args, "--from", "2022-13-01"])
    assert bad.exit_code == 2 and "not a date" in bad.output
    unknown = runner.invoke(main, ["backfill", "nope", "--config", str(config), "--archive-url", http_server.url()])
    assert unknown.exit_code == 2 and "no policy with id 'nope'" in unknown.output


def test_still_rate_limited_after_retries_stops_the_backfill(tmp_path: Path, http_server: LocalServer) -> None:
    wayback = FakeWayback(
        http_server,
        {
            "20220110120000": page("First."),
            "20220601000000": Response("slow down", 429, {"Content-Type": "text/plain", "Retry-After": "0"}),
            "20230101000000": page("Second."),
            "20240101000000": page("Third."),
        },
    )
    store = Store(tmp_path / "snaps")
    result = backfill(store, POLICY, archive_url=http_server.url(), delay=0, options=FAST)
    assert result.stored == ["20220110T120000Z"]
    assert result.failed[-1] == "rate limited by the archive: stopped, 2 captures left for a later run"
    assert wayback.fetched() == ["20220110120000"] + ["20220601000000"] * 3  # 1 try + 2 retries, then no more
    # the next run continues: what is stored is skipped, the rest is fetched
    http_server.routes[f"/web/20220601000000id_/{POLICY_URL}"] = Response(page("First."))
    again = backfill(store, POLICY, archive_url=http_server.url(), delay=0, options=FAST)
    assert (again.already, again.unchanged, again.stored) == (1, 1, ["20230101T000000Z", "20240101T000000Z"])


def test_collapse_digest_leaves_repeated_captures_out_of_the_listing(tmp_path: Path, http_server: LocalServer) -> None:
    same = page("First.")
    wayback = FakeWayback(http_server, {"20220110120000": same, "20220201000000": same, "20220301000000": same})
    result = backfill(Store(tmp_path / "snaps"), POLICY, archive_url=http_server.url(), delay=0, options=FAST)
    assert (result.listed, result.stored) == (1, ["20220110T120000Z"])
    assert wayback.fetched() == ["20220110120000"]
