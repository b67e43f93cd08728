"""The paper the funder PDF is laid out on: US Letter by default (its readers are US
agencies), A4 as a task force's setting or the command line's ``--paper``."""

from __future__ import annotations

from enum import StrEnum

from assessments.domain.errors import DomainError


class Paper(StrEnum):
    LETTER = "letter"
    A4 = "a4"

    @property
    def label(self) -> str:
        return {Paper.LETTER: "US Letter (8.5 × 11 in)", Paper.A4: "A4 (210 × 297 mm)"}[self]


DEFAULT_PAPER = Paper.LETTER


def check_paper(value: object) -> Paper:
    """The paper named by ``value`` ("letter" or "a4", in any case); a DomainError naming the choices otherwise."""
    try:
        return Paper(str(value).strip().lower())
    except ValueError:
        choices = " or ".join(repr(p.value) for p in Paper)
        raise DomainError(f"Paper size {str(value)[:30]!r} is not offered; choose {choices}.") from None
