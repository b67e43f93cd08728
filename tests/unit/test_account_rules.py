"""The account rules: email normalising, display names, the password rule, tokens, the lockout."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.domain.accounts import (
    LOCKOUT_FAILURES,
    LOCKOUT_WINDOW,
    check_display_name,
    locked_until,
    normalise_email,
)
from assessments.domain.model import DomainError
from assessments.domain.passwords import MIN_PASSWORD_CHARS, check_new_password
from assessments.domain.tokens import new_token, token_hash

T0 = datetime(2026, 11, 23, 9, 0)


@given(st.text(max_size=400))
def test_normalise_email_accepts_or_refuses_with_a_message_and_is_idempotent(text):
    try:
        email = normalise_email(text)
    except DomainError as error:
        assert "not an email address" in str(error) or str(error).startswith("The email address ")
    else:
        assert normalise_email(email) == email
        assert email == email.lower() and "@" in email and email.strip() == email


@pytest.mark.parametrize("text, expected", [
    ("  Dana.Whitfield@Riverside.Example ", "dana.whitfield@riverside.example"),
    ("mai@xn--bcher-kva.example", "mai@bücher.example"),
])
def test_normalise_email_examples(text, expected):
    assert normalise_email(text) == expected


@given(st.text(max_size=300))
def test_display_names_are_one_line_of_collapsed_spaces_or_refused(text):
    try:
        name = check_display_name(text)
    except DomainError as error:
        assert "name" in str(error)
    else:
        assert name == " ".join(name.split()) and name and "\n" not in name and len(name) <= 200


@given(st.text(max_size=300))
@settings(max_examples=200)
def test_the_password_rule_accepts_only_long_uncommon_passwords(password):
    try:
        assert check_new_password(password) == password
    except DomainError as error:
        assert len(password) < MIN_PASSWORD_CHARS or len(password) > 256 or "common" in str(error)
    else:
        assert MIN_PASSWORD_CHARS <= len(password) <= 256


@pytest.mark.parametrize("password", ["Password1234", "qwertyuiop12", "CORRECTHORSEBATTERYSTAPLE"])
def test_common_passwords_are_refused_whatever_their_case(password):
    with pytest.raises(DomainError, match="common"):
        check_new_password(password)


def test_a_password_may_not_be_the_email():
    with pytest.raises(DomainError):
        check_new_password("lee@county.example", "Lee@County.example")


def test_tokens_are_256_random_bits_and_only_their_hash_is_kept():
    tokens = {new_token() for _ in range(100)}
    assert len(tokens) == 100 and all(len(t) == 43 for t in tokens)
    token = next(iter(tokens))
    assert token_hash(token) != token and len(token_hash(token)) == 64 and token not in token_hash(token)


@given(st.lists(st.integers(min_value=0, max_value=3600), max_size=30))
def test_the_lock_needs_ten_failures_inside_one_window_and_lasts_one_window(offsets):
    failures = [T0 + timedelta(seconds=s) for s in offsets]
    now = T0 + timedelta(seconds=3600)
    until = locked_until(failures, now)
    if until is not None:
        assert now < until <= max(failures) + LOCKOUT_WINDOW
        started = until - LOCKOUT_WINDOW
        assert sum(started - LOCKOUT_WINDOW <= f <= started for f in failures) >= LOCKOUT_FAILURES


def test_the_lock_engages_at_the_tenth_failure():
    nine = [T0 + timedelta(seconds=i) for i in range(LOCKOUT_FAILURES - 1)]
    assert locked_until(nine, T0 + timedelta(seconds=10)) is None
    ten = [*nine, T0 + timedelta(seconds=9)]
    assert locked_until(ten, T0 + timedelta(seconds=10)) == T0 + timedelta(seconds=9) + LOCKOUT_WINDOW
    assert locked_until(ten, T0 + timedelta(seconds=9) + LOCKOUT_WINDOW) is None
