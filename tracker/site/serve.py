"""Previewing the static site on 127.0.0.1, rebuilt whenever the store changes.

Every change to a store appends to some ``<policy>/log.jsonl`` (or adds a policy), so the
watcher polls those files' sizes and modification times; when they differ from the last build
it runs ``build_site`` again. Files are replaced whole, so a page being served during a rebuild
is the old one or the new one. The server binds 127.0.0.1 only.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tracker.config import Config
from tracker.errors import TrackerError
from tracker.site.build import SiteStats, build_site
from tracker.store import LOG_NAME, Store

HOST = "127.0.0.1"


def store_fingerprint(store: Store) -> tuple[tuple[str, int, int], ...]:
    """Size and modification time of every policy log: it changes whenever the store does."""
    marks = []
    for pid in store.policy_ids():
        stat = (store.policy_dir(pid) / LOG_NAME).stat()
        marks.append((pid, stat.st_size, stat.st_mtime_ns))
    return tuple(marks)


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves the site folder; no request logging, and no content-type sniffing by browsers."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def end_headers(self) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


@dataclass
class SitePreview:
    """A running preview: the HTTP server and the watcher that rebuilds the site."""

    store: Store
    out: Path
    config: Config | None = None
    port: int = 8000
    interval: float = 1.0
    on_rebuild: Callable[[SiteStats | None, str | None], None] | None = None  # (stats, error) after each rebuild
    builds: int = 0
    last_stats: SiteStats | None = None
    last_error: str | None = None
    _server: ThreadingHTTPServer | None = field(default=None, repr=False)
    _stop: threading.Event = field(default_factory=threading.Event, repr=False)
    _threads: list[threading.Thread] = field(default_factory=list, repr=False)

    @property
    def url(self) -> str:
        """The preview's address, e.g. ``http://127.0.0.1:8000/``."""
        port = self._server.server_address[1] if self._server else self.port
        return f"http://{HOST}:{port}/"

    def rebuild(self) -> SiteStats:
        """Build the site now (``build_site``) and remember the outcome."""
        stats = build_site(self.store, self.out, config=self.config)
        self.builds += 1
        self.last_stats, self.last_error = stats, None
        return stats

    def _watch(self) -> None:
        seen = store_fingerprint(self.store)
        while not self._stop.wait(self.interval):
            try:
                now = store_fingerprint(self.store)
                if now != seen:
                    seen = now
                    stats = self.rebuild()
                    if self.on_rebuild:
                        self.on_rebuild(stats, None)
            except (TrackerError, OSError) as exc:  # keep serving what was built
                self.last_error = str(exc)
                if self.on_rebuild:
                    self.on_rebuild(None, self.last_error)

    def start(self) -> SitePreview:
        """Build once, then serve ``out`` and watch the store in background threads."""
        self.rebuild()
        handler = functools.partial(_QuietHandler, directory=str(self.out))
        try:
            self._server = ThreadingHTTPServer((HOST, self.port), handler)
        except OSError as exc:
            raise TrackerError(f"serve: cannot listen on {HOST}:{self.port}: {exc.strerror or exc}") from None
        self._server.daemon_threads = True
        self._threads = [
            threading.Thread(target=self._server.serve_forever, daemon=True),
            threading.Thread(target=self._watch, daemon=True),
        ]
        for thread in self._threads:
            thread.start()
        return self

    def wait(self) -> None:
        """Block until ``stop`` is called (or the process is interrupted)."""
        self._stop.wait()

    def stop(self) -> None:
        """Stop watching and serving."""
        self._stop.set()
        if self._server:
            self._server.shutdown()
            self._server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)


def serve_site(
    store: Store,
    out: Path,
    *,
    config: Config | None = None,
    port: int = 8000,
    interval: float = 1.0,
    on_rebuild: Callable[[SiteStats | None, str | None], None] | None = None,
) -> SitePreview:
    """Build the site into ``out``, serve it on 127.0.0.1:``port`` (0: any free port) and rebuild it
    whenever the store changes (checked every ``interval`` seconds), calling ``on_rebuild(stats,
    error)`` after each rebuild. Returns the running preview."""
    preview = SitePreview(store=store, out=Path(out), config=config, port=port, interval=interval)
    preview.on_rebuild = on_rebuild
    return preview.start()
