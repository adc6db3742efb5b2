"""Secrets of the page: device tokens, one-time pairing codes, and the CSRF token of each device's forms.

A token and a code are 32 random bytes from `secrets`, URL-safe base64 (43
characters). The store keeps only their SHA-256 (hex): with 256 bits of
randomness a fast hash is enough (no password to stretch), and a stolen store
opens nothing. A form's CSRF token is an HMAC of a fixed label under the
device's token: it needs no table, changes when the device pairs again, and
cannot be made by a page that cannot read the device's HttpOnly cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

TOKEN_BYTES = 32


def new_secret() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hashed(secret: str) -> str:
    """What the store keeps of a token or a pairing code."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def csrf_for(token: str) -> str:
    """The CSRF token of a device's forms."""
    return hmac.new(token.encode("utf-8", "surrogatepass"), b"cadence csrf v1", hashlib.sha256).hexdigest()


def csrf_matches(token: str, given: str) -> bool:
    return hmac.compare_digest(csrf_for(token), given.encode("ascii", "replace").decode())
