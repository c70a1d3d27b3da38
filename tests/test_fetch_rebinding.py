"""DNS rebinding (issue 14): a redirect target whose name answers a public address to the check
and 127.0.0.1 to the connection is blocked when connecting, and connections go to the address
that was vetted. Names are answered by a resolver the test installs (nothing asks real DNS)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.checks_helpers import FAST, policy_page, snapshot_fingerprint, write_config
from tests.conftest import LocalServer, Response
from tracker.check import run_check
from tracker.config import load_config
from tracker.errors import FetchError
from tracker.fetch import address
from tracker.fetch.address import IPAddress
from tracker.fetch.once import fetch
from tracker.store import Store

HTML = {"Content-Type": "text/html; charset=utf-8"}
PUBLIC = ipaddress.IPv4Address("93.184.215.14")  # never connected to: the test fails before that
LOOPBACK = ipaddress.IPv4Address("127.0.0.1")


class Answers:
    """A resolver: each name answers the next of its scripted answers (the last one repeats)."""

    def __init__(self, script: dict[str, list[list[IPAddress]]]) -> None:
        self.script = script
        self.asked: list[str] = []

    async def __call__(self, host: str, port: int) -> list[IPAddress]:
        self.asked.append(host)
        answers = self.script.get(host)
        if not answers:
            raise OSError(f"{host}: no such name (test resolver)")
        return answers.pop(0) if len(answers) > 1 else answers[0]


@pytest.fixture
def resolver() -> Iterator[Answers]:
    answers = Answers({})
    previous = address.set_resolver(answers)
    try:
        yield answers
    finally:
        address.set_resolver(previous)


def test_a_name_rebinding_to_loopback_after_the_check_is_blocked(
    tmp_path: Path, http_server: LocalServer, resolver: Answers
) -> None:
    internal = LocalServer().start()
    try:
        internal.routes["/admin"] = Response(policy_page([("Secret", "Internal admin data " * 20)]), headers=HTML)
        internal.routes["/robots.txt"] = Response("User-agent: *\nAllow: /\n")
        http_server.routes["/robots.txt"] = Response("User-agent: *\nAllow: /\n")
        http_server.routes["/p"] = Response(policy_page(), headers=HTML)
        cfg = write_config(tmp_path, [{"id": "acme", "name": "Acme", "url": http_server.url("/p")}], retries=0)
        store = Store(tmp_path / "snapshots")
        assert run_check(load_config(cfg), fetch_options=FAST, send_alerts=False).outcomes[0].status == "new"
        before = snapshot_fingerprint(store.root)

        resolver.script["rebind.test"] = [[PUBLIC], [LOOPBACK]]  # public to the check, loopback after
        target = f"http://rebind.test:{internal.port}/admin"
        http_server.routes["/p"] = Response("", 302, {"Location": target})
        outcome = run_check(load_config(cfg), fetch_options=FAST, send_alerts=False).outcomes[0]

        assert (outcome.status, outcome.cause) == ("error", "redirect_blocked"), outcome.error
        assert "rebind.test" in str(outcome.error) and "127.0.0.1" in str(outcome.error)
        assert resolver.asked.count("rebind.test") >= 2  # the check's answer was public: caught when connecting
        assert internal.requests == []  # neither the page nor its robots.txt was requested
        assert store.checks("acme")[-1].details.get("cause") == "redirect_blocked"
        assert snapshot_fingerprint(store.root) == before
    finally:
        internal.stop()


def test_connections_go_to_the_vetted_address_and_keep_the_name(http_server: LocalServer, resolver: Answers) -> None:
    # "pinned.test" exists only in the test resolver: the page is reached only if the connection
    # uses the address the resolver gave, while the request still names the host
    resolver.script["pinned.test"] = [[LOOPBACK]]
    http_server.routes["/p"] = Response(policy_page(), headers=HTML)
    fetched = fetch(f"http://pinned.test:{http_server.port}/p", retries=0, timeout=5)
    assert b"<html" in fetched.content
    assert http_server.requests[-1][2]["Host"] == f"pinned.test:{http_server.port}"
    assert resolver.asked == ["pinned.test"]  # resolved once, for the connection


def test_the_configured_url_may_be_internal_and_redirect_on_its_own_origin(
    http_server: LocalServer, resolver: Answers
) -> None:
    resolver.script["intranet.test"] = [[LOOPBACK]]
    http_server.routes["/p"] = Response("", 302, {"Location": "/privacy"})
    http_server.routes["/privacy"] = Response(policy_page(), headers=HTML)
    fetched = fetch(f"http://intranet.test:{http_server.port}/p", retries=0, timeout=5)
    assert fetched.final_url.endswith("/privacy")


def test_an_unresolvable_redirect_target_is_a_connect_error(http_server: LocalServer, resolver: Answers) -> None:
    http_server.routes["/p"] = Response("", 302, {"Location": "http://nowhere.test/p"})
    with pytest.raises(FetchError) as caught:
        fetch(http_server.url("/p"), retries=0, timeout=5)
    assert caught.value.cause == "connect"


def test_an_address_that_refuses_gives_way_to_the_next_one(http_server: LocalServer, resolver: Answers) -> None:
    # 127.0.0.2 is loopback too but nothing listens there: refused, then the next address answers
    resolver.script["two.test"] = [[ipaddress.IPv4Address("127.0.0.2"), LOOPBACK]]
    http_server.routes["/p"] = Response(policy_page(), headers=HTML)
    fetched = fetch(f"http://two.test:{http_server.port}/p", retries=0, timeout=5)
    assert b"<html" in fetched.content
