"""The change between two cycles in figures a headline can carry honestly: the overall change,
how many element changes are real and how many lie within members' disagreement (counted by
progress_rules.compare_cycles, the classification the Progress page shows), and whether the
respondents changed by more than a quarter, which can move a score as much as practice can."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from assessments.domain import progress_rules
from assessments.domain.progress_rules import Direction, Scored

RESPONDENT_SHIFT = 0.25
"""Respondents changed "a lot" when the count moved by more than this share of the earlier count."""


class ChangeSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    before_label: str
    after_label: str
    overall_change: float | None
    """None when either overall score is a gap, or the framework changed between the cycles."""
    counts: dict[Direction, int]
    before_respondents: int | None
    after_respondents: int | None
    """None where the reporting threshold withholds the count."""
    framework_changed: bool

    def count(self, which: Direction) -> int:
        return self.counts.get(which, 0)

    @property
    def real(self) -> int:
        return self.count(Direction.UP) + self.count(Direction.DOWN)

    @property
    def respondents_shift(self) -> float | None:
        """The respondents' change as a share of the earlier count; None when either count is withheld."""
        if self.before_respondents is None or self.after_respondents is None or not self.before_respondents:
            return None
        return (self.after_respondents - self.before_respondents) / self.before_respondents

    @property
    def respondents_shifted(self) -> bool:
        return self.respondents_shift is not None and abs(self.respondents_shift) > RESPONDENT_SHIFT


def summarise(before: Scored, after: Scored) -> ChangeSummary:
    comparison = progress_rules.compare_cycles(before, after)
    a, b = before[2], after[2]
    overall = None if a.overall is None or b.overall is None or comparison.framework_changed else b.overall - a.overall
    return ChangeSummary(
        before_label=before[0].label, after_label=after[0].label, overall_change=overall,
        counts={d: comparison.count(d) for d in Direction}, before_respondents=a.respondents,
        after_respondents=b.respondents, framework_changed=comparison.framework_changed,
    )
