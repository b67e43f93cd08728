"""Opaque tokens for sessions and single-use links: 256 random bits; only a hash is stored.

A SHA-256 of a 256-bit random token is enough: unlike a password it cannot be guessed,
so a slow hash would add nothing but latency to every page view."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 32


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
