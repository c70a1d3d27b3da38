"""Helpers for the failure tests: run the real CLI in a subprocess, hash a store, small policy pages."""

from __future__ import annotations

import hashlib
import os
import re
import resource
import subprocess
import sys
from pathlib import Path

ERROR_LINE = re.compile(r"^error: .+: .+$")


def run_cli(
    *args: str | Path, cwd: Path, timeout: float = 120, max_file_bytes: int | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m tracker ARGS`` in ``cwd``, as a user runs it (stdout, stderr captured).

    ``max_file_bytes``: the process may not grow any file past this (RLIMIT_FSIZE): a write
    beyond it fails with EFBIG, as a full disk fails with ENOSPC, with no privileges needed.
    """
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200"}

    def limit() -> None:
        if max_file_bytes is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (max_file_bytes, max_file_bytes))

    return subprocess.run(
        [sys.executable, "-m", "tracker", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
        preexec_fn=limit if max_file_bytes is not None else None,  # noqa: PLW1509 - no threads started
    )


def assert_one_error(result: subprocess.CompletedProcess[str], *, code: int = 2, contains: str = "") -> str:
    """The run failed with exit ``code`` and exactly one ``error: <what>: <cause>`` line on stderr."""
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert ERROR_LINE.match(lines[0]), lines[0]
    assert "Traceback" not in result.stderr
    assert contains in lines[0], (contains, lines[0])
    return lines[0]


def tree_hashes(root: Path) -> dict[str, str]:
    """SHA-256 of every file under ``root`` (and the set of folders), to prove nothing was touched."""
    if not root.exists():
        return {}
    if root.is_file():
        return {".": hashlib.sha256(root.read_bytes()).hexdigest()}
    out: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        out[rel] = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return out


RETENTION = "We keep your information for as long as your account is active and for 30 days afterwards."


def policy_page(title: str = "Privacy Policy", retention: str = RETENTION, sharing_tail: str = "") -> str:
    """A small but real privacy-policy page (three sections)."""
    return f"""<!doctype html><html><head><title>{title}</title></head><body><main>
<h1>{title}</h1>
<h2>Information we collect</h2>
<p>We collect your name, email address and phone number when you register for an account with us.</p>
<h2>How we share information</h2>
<p>We do not sell your personal information to third parties. We share it only with service
providers who help us run the service{sharing_tail}.</p>
<h2>Retention</h2>
<p>{retention}</p>
</main></body></html>
"""


def write_config(path: Path, policies: list[tuple[str, str]], settings: str = "retries = 0\n") -> Path:
    """A policies.toml with ``[settings]`` lines and one ``[[policy]]`` per (id, url)."""
    text = "[settings]\n" + settings
    for pid, url in policies:
        text += f'\n[[policy]]\nid = "{pid}"\nname = "{pid} policy"\nurl = "{url}"\n'
    path.write_text(text, encoding="utf-8")
    return path


def fill_disk(disk: Path) -> Path:
    """Write zeros into ``disk/filler`` until the (small, mounted) disk is full; returns the file."""
    filler = disk / "filler"
    with open(filler, "wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError:
            pass
    return filler
