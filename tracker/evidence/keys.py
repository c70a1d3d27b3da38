"""The Ed25519 key that signs a store's heads: made once, kept outside the store.

The private key is a PEM file (PKCS#8, mode 0600) whose path the config names
(``[evidence] signing_key``); the store only ever holds the public key, so a person who can
write to the store cannot sign a history of their own making with it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from tracker.errors import TrackerError


def key_id(public: Ed25519PublicKey) -> str:
    """A short, stable name of a public key: the first 16 hex digits of SHA-256 of its raw bytes."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_pem(public: Ed25519PublicKey) -> bytes:
    """The public key as a PEM ``PUBLIC KEY`` block (what ``openssl pkey -pubin`` reads)."""
    return public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def generate_key(path: Path) -> Ed25519PublicKey:
    """Write a new private key to ``path`` (refusing to overwrite one) and return its public key."""
    if path.exists():
        raise TrackerError(f"{path}: a key is already there (remove it first to make a new one)")
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    return key.public_key()


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """The signing key at ``path``; ``TrackerError`` naming the file when it is missing or not Ed25519."""
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError:
        raise TrackerError(f"{path}: no signing key (make one with `policy-tracker keygen`)") from None
    except (ValueError, TypeError) as exc:
        raise TrackerError(f"{path}: not a PEM private key ({exc})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise TrackerError(f"{path}: not an Ed25519 key")
    return key


def load_public_key(data: bytes, source: str) -> Ed25519PublicKey:
    """A public key from PEM bytes (a public key, or a private key whose public half is wanted)."""
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError:
        try:
            private = serialization.load_pem_private_key(data, password=None)
        except (ValueError, TypeError):
            raise TrackerError(f"{source}: not a PEM public or private key") from None
        if not isinstance(private, Ed25519PrivateKey):
            raise TrackerError(f"{source}: not an Ed25519 key") from None
        return private.public_key()
    if not isinstance(key, Ed25519PublicKey):
        raise TrackerError(f"{source}: not an Ed25519 public key")
    return key


def signature_valid(public: Ed25519PublicKey, signature: bytes, data: bytes) -> bool:
    """True when ``signature`` is ``public``'s Ed25519 signature of ``data``."""
    try:
        public.verify(signature, data)
    except InvalidSignature:
        return False
    return True
