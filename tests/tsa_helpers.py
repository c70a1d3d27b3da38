"""A real RFC 3161 Time-Stamping Authority on 127.0.0.1 for tests: ``openssl ts -reply`` behind a
tiny HTTP server, with a test CA made on the spot (Debian's ``openssl``)."""

from __future__ import annotations

import subprocess
import tempfile
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tracker.evidence.keys import load_private_key
from tracker.evidence.timestamp import load_certificates
from tracker.evidence.verify import VerifyReport, verify
from tracker.store import Store

TSA_CONFIG = """
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = policy-tracker test TSA
[ tsa_ext ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, nonRepudiation
extendedKeyUsage = critical, timeStamping
[ ca_ext ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = {dir}
serial = $dir/serial
signer_cert = $dir/tsa.crt
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha512
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


def _run(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


class LocalTSA:
    """A time-stamping authority on 127.0.0.1; ``ca_file`` is the root to trust, ``requests`` counts calls."""

    def __init__(self) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="tsa-")
        self.dir = Path(self._tmp.name)
        (self.dir / "openssl.cnf").write_text(TSA_CONFIG.format(dir=self.dir))
        (self.dir / "serial").write_text("01\n")
        cnf = str(self.dir / "openssl.cnf")
        root = ("-subj", "/CN=policy-tracker test root", "-config", cnf, "-extensions", "ca_ext")
        _run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "30",
             *root, cwd=self.dir)  # fmt: skip
        _run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "tsa.key", "-out", "tsa.csr", "-config", cnf,
             cwd=self.dir)  # fmt: skip
        _run("x509", "-req", "-in", "tsa.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
             "-out", "tsa.crt", "-days", "30", "-extfile", cnf, "-extensions", "tsa_ext", cwd=self.dir)  # fmt: skip
        self.ca_file = self.dir / "ca.crt"
        self.requests = 0
        self.fail = False
        tsa = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                tsa.requests += 1
                query = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if tsa.fail:
                    self.send_response(503)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = tsa.reply(query)
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/tsa"
        self._lock = threading.Lock()
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def reply(self, query: bytes) -> bytes:
        """What ``openssl ts -reply`` answers to a DER time-stamp query."""
        with self._lock, tempfile.TemporaryDirectory(dir=self.dir) as work:
            (Path(work) / "q.tsq").write_bytes(query)
            _run("ts", "-reply", "-config", str(self.dir / "openssl.cnf"), "-queryfile", "q.tsq", "-out", "r.tsr",
                 cwd=Path(work))  # fmt: skip
            return (Path(work) / "r.tsr").read_bytes()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self._tmp.cleanup()


@dataclass(frozen=True)
class Signing:
    """A signing key outside the store and the local TSA whose root verify trusts."""

    key: Path
    tsa: LocalTSA

    def toml(self) -> str:
        return (
            f'\n[evidence]\nsigning_key = "{self.key}"\ntsa_url = "{self.tsa.url}"\n'
            f'tsa_certificates = "{self.tsa.ca_file}"\n'
        )

    def verify(self, store: Store, *, deep: bool = False) -> VerifyReport:
        """``verify`` as a reader with the public key and the TSA root runs it: signed heads expected."""
        keys, roots = [load_private_key(self.key).public_key()], load_certificates(self.tsa.ca_file)
        return verify(store, trusted_keys=keys, tsa_roots=roots, expect_signed=True, deep=deep)
