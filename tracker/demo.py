"""The offline demo: two versions of a real policy served on a loopback port, checked for real.

``run_demo`` starts a small HTTP server on 127.0.0.1 that serves the bundled IndiaMART policy
page (version 1, then version 2 with substantive edits), each response carrying a fresh CSRF
token and cache-buster like a real page. It writes a ``policies.toml`` pointing at that server
and runs ``check`` three times through the real fetch → extract → store → diff → classify →
render → notice path: the first check stores the policy, the second (same policy, new tokens)
must report no change, the third (version 2) reports the change and writes the redline report
and the notice drafts.
"""

from __future__ import annotations

import secrets
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path

from tracker.check import CheckOutcome, run_check
from tracker.config import load_config

POLICY_PATH = "/privacy-policy.html"


def demo_page(version: int) -> str:
    """The bundled demo page for version 1 or 2, with token placeholders still in it."""
    return resources.files("tracker").joinpath("data", "demo", f"policy-v{version}.html").read_text(encoding="utf-8")


class DemoServer:
    """Serves the demo policy on 127.0.0.1; ``version`` picks which page is served."""

    def __init__(self) -> None:
        self.version = 1
        self.pages = {1: demo_page(1), 2: demo_page(2)}
        server = self

        class _Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                if self.path == "/robots.txt":
                    body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
                elif self.path.split("?")[0] == POLICY_PATH:
                    page = server.pages[server.version]
                    page = page.replace("__CSRF__", secrets.token_hex(16)).replace(
                        "__CACHEBUST__", secrets.token_hex(4)
                    )
                    body, ctype = page.encode("utf-8"), "text/html; charset=utf-8"
                else:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{POLICY_PATH}"

    def __enter__(self) -> DemoServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


CONFIG_TEMPLATE = """# Written by `policy-tracker demo`: the IndiaMART privacy policy, served from a loopback port.
[settings]
store = "snapshots"

[[policy]]
id = "indiamart-privacy"
name = "IndiaMART Privacy Policy"
url = "{url}"

[policy.notice]
company = "IndiaMART InterMESH Ltd."
contact = "customercare@indiamart.com"
period_days = 30
policy_url = "https://www.indiamart.com/privacy-policy.html"
"""


@dataclass
class DemoResult:
    """What the demo did: where it worked and the outcome of each of its three checks."""

    workdir: Path
    config_path: Path
    outcomes: list[CheckOutcome] = field(default_factory=list)

    @property
    def change(self) -> CheckOutcome:
        """The outcome of the check that saw version 2."""
        return self.outcomes[-1]


def run_demo(workdir: Path | None = None, *, echo: Callable[[str], None] = print) -> DemoResult:
    """Run the demo into ``workdir`` (a new temporary folder when None) and return what it did."""
    if workdir is None:
        workdir = Path(tempfile.mkdtemp(prefix="policy-tracker-demo-"))
    workdir.mkdir(parents=True, exist_ok=True)
    config_path = workdir / "policies.toml"
    result = DemoResult(workdir=workdir, config_path=config_path)
    with DemoServer() as server:
        config_path.write_text(CONFIG_TEMPLATE.format(url=server.url), encoding="utf-8")
        config = load_config(config_path)
        steps = [
            (1, "first check of version 1"),
            (1, "re-check of version 1 (new CSRF token and cache-buster in the page)"),
            (2, "check of version 2 (edited policy, reworded cookie banner)"),
        ]
        for version, label in steps:
            server.version = version
            run = run_check(config)
            outcome = run.outcomes[0]
            result.outcomes.append(outcome)
            echo(f"{label}: {outcome.status}" + (f" - {outcome.summary}" if outcome.summary else ""))
    return result
