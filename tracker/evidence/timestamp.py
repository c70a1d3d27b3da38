"""RFC 3161 time-stamps: a Time-Stamping Authority vouches that some bytes existed at a time.

``request_timestamp`` sends the SHA-256 of the bytes to the TSA (HTTP POST of a
``application/timestamp-query``) and returns the DER ``TimeStampResp``, which is stored as it
came, so that ``openssl ts -verify -data FILE -in TOKEN.tsr -CAfile CA.pem`` checks it with no
help from this tool. ``check_timestamp`` does the same check here (rfc3161-client).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import httpx
from cryptography import x509
from rfc3161_client import (
    HashAlgorithm,
    TimestampRequestBuilder,
    VerificationError,
    VerifierBuilder,
    decode_timestamp_response,
)

from tracker.errors import TrackerError


@dataclass(frozen=True)
class Stamp:
    """What a verified token says: when, and who vouches for it."""

    time: str  # ISO 8601, UTC
    tsa: str  # the TSA certificate's subject


def request_timestamp(url: str, data: bytes, *, timeout: float = 30.0) -> bytes:
    """The TSA's DER time-stamp response for ``data``; ``TrackerError`` naming the TSA on failure."""
    builder = TimestampRequestBuilder().data(data).hash_algorithm(HashAlgorithm.SHA256)
    request = builder.nonce(nonce=True).cert_request(cert_request=True).build()
    try:
        response = httpx.post(
            url,
            content=request.as_bytes(),
            headers={"Content-Type": "application/timestamp-query"},
            timeout=timeout,
        )
    except httpx.HTTPError as exc:
        raise TrackerError(f"time-stamp authority {url}: {type(exc).__name__}: {exc}") from None
    if response.status_code != 200:
        raise TrackerError(f"time-stamp authority {url}: HTTP {response.status_code}")
    try:
        decoded = decode_timestamp_response(response.content)
    except ValueError as exc:
        raise TrackerError(f"time-stamp authority {url}: not a time-stamp response ({exc})") from None
    if decoded.tst_info.message_imprint.message != _sha256(data):
        raise TrackerError(f"time-stamp authority {url}: the token is for other data")
    return response.content


def load_certificates(path: Path) -> list[x509.Certificate]:
    """The PEM certificates in ``path`` (the TSA's root CA, and intermediates if any)."""
    try:
        return x509.load_pem_x509_certificates(path.read_bytes())
    except FileNotFoundError:
        raise TrackerError(f"{path}: no such certificate file") from None
    except ValueError as exc:
        raise TrackerError(f"{path}: not PEM certificates ({exc})") from None


def check_timestamp(token: bytes, data: bytes, roots: list[x509.Certificate]) -> Stamp:
    """Verify a stored token against ``data`` and the trusted ``roots``; ``ValueError`` saying why not.

    Without roots only the token's message imprint is checked (the time is then the TSA's word,
    unverified): the caller says which it was.
    """
    try:
        response = decode_timestamp_response(token)
    except ValueError as exc:
        raise ValueError(f"not a time-stamp response ({exc})") from None
    if response.tst_info.message_imprint.message != _sha256(data):
        raise ValueError("the token is for other data")
    if roots:
        builder = VerifierBuilder()
        for root in roots:
            builder = builder.add_root_certificate(root)
        try:
            builder.build().verify_message(response, data)
        except VerificationError as exc:
            raise ValueError(f"the token does not verify: {exc}") from None
    when = response.tst_info.gen_time.strftime("%Y-%m-%dT%H:%M:%SZ")
    return Stamp(time=when, tsa=_tsa_name(response))


def _tsa_name(response: object) -> str:
    certs = getattr(getattr(response, "signed_data", None), "certificates", None) or []
    for der in certs:
        try:
            return x509.load_der_x509_certificate(der).subject.rfc4514_string()
        except ValueError:
            continue
    return "unknown TSA"


def _sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()
