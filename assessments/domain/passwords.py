"""Passwords: Argon2id hashes through argon2-cffi, and the rule a new password must meet."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from assessments.domain.model import DomainError

MIN_PASSWORD_CHARS = 12
# Long enough for any passphrase, short enough that hashing it costs nothing extra.
MAX_PASSWORD_CHARS = 256
COMMON_PASSWORDS_FILE = Path(__file__).parent / "data" / "common-passwords.txt"

# argon2-cffi's defaults are RFC 9106's second recommended profile (Argon2id, t=3, 64 MiB, p=4),
# above OWASP's minimum.
_hasher = PasswordHasher()


@cache
def _common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().casefold() for line in lines if line.strip() and not line.startswith("#"))


def check_new_password(password: str, email: str = "") -> str:
    """The password if it may be used; otherwise a DomainError that says what to change."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise DomainError(
            f"Choose a password of at least {MIN_PASSWORD_CHARS} characters; this one has {len(password)}. "
            "A few unrelated words make a long password that is easy to remember."
        )
    if len(password) > MAX_PASSWORD_CHARS:
        raise DomainError(f"Choose a password of at most {MAX_PASSWORD_CHARS} characters.")
    if password.casefold() in _common_passwords() or (email and password.casefold() == email.casefold()):
        raise DomainError("That password is on the list of common passwords that are guessed first. Choose another.")
    return password


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(password: str, stored: str | None) -> bool:
    """True when the password fits the stored hash. Without a hash the work is done anyway,
    against a hash of nothing, so an unknown email takes as long as a wrong password."""
    try:
        return _hasher.verify(stored or _dummy_hash(), password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return _hasher.check_needs_rehash(stored)


@cache
def _dummy_hash() -> str:
    return _hasher.hash("no account has this password")
