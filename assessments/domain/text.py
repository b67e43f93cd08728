"""One way in for text: every text a person, a lead or a file supplies passes `clean`.

- Unicode NFC, so the same word typed on two keyboards is stored, compared and
  counted the same.
- NUL, the other C0 and the C1 control characters are refused, tab and line breaks
  excepted: they crash PostgreSQL (NUL), Excel and XML, and nobody types them.
- Lone surrogates are refused: no encoding can store them.
- One-line fields fold runs of white space (line breaks included) into one space.
- Every field has one limit, which is also the width of the column it lands in
  (store/rows.py reads it from here), so SQLite and PostgreSQL refuse the same
  text with the same sentence, before the store sees it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from assessments.domain.errors import DomainError


@dataclass(frozen=True)
class Field:
    """A text field as the person filling it in knows it."""

    name: str
    limit: int
    lines: bool = False  # may hold line breaks


TASK_FORCE_NAME = Field("The task force's name", 200)
JURISDICTION = Field("The jurisdiction", 200)
PERSON_NAME = Field("The name", 200)
ORGANISATION = Field("The organisation", 200)
EMAIL = Field("The email address", 320)
EVIDENCE_NOTE = Field("The evidence note", 5_000, lines=True)
RATIONALE = Field("The rationale", 500)
ACTION_TITLE = Field("The action's title", 500)
ACTION_OWNER = Field("The action's owner", 200)
ACTION_NOTE = Field("The action's note", 5_000, lines=True)
OUTCOME = Field("The outcome text", 5_000, lines=True)
CYCLE_LABEL = Field("The cycle label", 20)
CLIENT_ADDRESS = Field("The client address", 100)
# What a framework file names; answers, targets and actions refer to its ids.
FRAMEWORK_ID = Field("The framework's id", 100)
FRAMEWORK_VERSION = Field("The framework's version", 50)
FRAMEWORK_TITLE = Field("The framework's title", 300)
ELEMENT_ID = Field("An element id", 50)
FUNCTION_ID = Field("A function id", 50)

_ALLOWED_CONTROLS = {"\t", "\n"}
_NOTHING_SAVED = "Nothing was saved."


def clean(value: object, field: Field) -> str:
    """The text in the one form we store, or a DomainError that names the field and what to fix."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise DomainError(f"{field.name} must be text. {_NOTHING_SAVED}")
    for position, character in enumerate(value, start=1):
        if 0xD800 <= ord(character) <= 0xDFFF:
            raise DomainError(
                f"{field.name} holds a broken character (a lone surrogate, U+{ord(character):04X}) at position "
                f"{position}; type that part again. {_NOTHING_SAVED}"
            )
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    for position, character in enumerate(text, start=1):
        if unicodedata.category(character) == "Cc" and character not in _ALLOWED_CONTROLS:
            raise DomainError(
                f"{field.name} holds an invisible control character (U+{ord(character):04X}) at position "
                f"{position}; remove it (it often comes with text pasted from another program). {_NOTHING_SAVED}"
            )
    text = text.strip() if field.lines else " ".join(text.split())
    if len(text) > field.limit:
        raise DomainError(
            f"{field.name} has {len(text):,} characters; the limit is {field.limit:,}. Shorten it. {_NOTHING_SAVED}"
        )
    return text


def required(value: object, field: Field, missing: str) -> str:
    """Like clean, for a field that may not be empty; ``missing`` says what to write."""
    text = clean(value, field)
    if not text:
        raise DomainError(missing)
    return text


def for_the_record(value: str, field: Field) -> str:
    """What someone typed into a field we refused, fit to log (the audit trail, the sign-in
    failures): control characters and broken ones dropped, cut to the field's limit."""
    kept = "".join(
        character for character in value
        if not 0xD800 <= ord(character) <= 0xDFFF and unicodedata.category(character) != "Cc"
    )
    return " ".join(unicodedata.normalize("NFC", kept).split())[: field.limit]
