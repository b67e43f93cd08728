"""Which cycle Results, Progress and the plan start from, and the one sentence that says why.

- A cycle is ready to read when most of its elements (more than half) have a score the
  confidentiality rule lets show: a median from at least k answers, or a consensus stage.
- Start from the newest ready cycle, open or closed. A cycle opened yesterday with a handful
  of answers is not ready, so on the day a quarter opens every page still starts from the
  quarter just closed, which is when a lead plans.
- No cycle ready: the newest closed cycle with any score, else the newest cycle with any
  score, else the newest cycle.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from assessments.domain.model import Cycle
from assessments.domain.scoring import CycleScores

READY_RULE = (
    "A page starts from the newest cycle in which most elements have enough answers to show "
    "(or a consensus stage), so a quarter that has just opened does not replace the one just closed."
)


class CycleChoice(BaseModel):
    model_config = ConfigDict(frozen=True)

    cycle: Cycle
    why: str
    """What the cycle is, to follow its label: "the newest cycle with enough answers to show (...)"."""

    @property
    def label(self) -> str:
        """"2026-Q4 (closed)"."""
        return f"{self.cycle.label} ({'open' if self.cycle.is_open else 'closed'})"

    @property
    def reason(self) -> str:
        """One sentence: which cycle, and why this one."""
        return f"{self.label} is {self.why}."


def scored_elements(scores: CycleScores) -> int:
    return sum(1 for e in scores.elements if not e.is_gap)


def is_ready(scores: CycleScores) -> bool:
    """More than half of the elements have a score that may be shown."""
    return 2 * scored_elements(scores) > len(scores.elements) > 0


def _share(scores: CycleScores) -> str:
    return f"{scored_elements(scores)} of {len(scores.elements)} elements"


def choose(entries: Sequence[tuple[Cycle, CycleScores]]) -> CycleChoice | None:
    """The cycle to start from, among ``entries`` (oldest first); None when there is no cycle."""
    if not entries:
        return None
    newest_cycle, newest_scores = entries[-1]
    newest_first = list(reversed(entries))
    ready = next(((c, s) for c, s in newest_first if is_ready(s)), None)
    if ready is not None:
        cycle, scores = ready
        if cycle.id == newest_cycle.id:
            return CycleChoice(cycle=cycle, why=f"the newest cycle, with enough answers to show in {_share(scores)}")
        return CycleChoice(cycle=cycle, why=(
            f"the newest cycle with enough answers to show ({_share(scores)}); in {newest_cycle.label} only "
            f"{_share(newest_scores)} have enough answers yet"))
    fallbacks = (
        ("the latest closed cycle with any score", lambda c, s: not c.is_open and scored_elements(s) > 0),
        ("the newest cycle with any score", lambda c, s: scored_elements(s) > 0),
    )
    for what, fits in fallbacks:
        found = next(((c, s) for c, s in newest_first if fits(c, s)), None)
        if found is not None:
            cycle, scores = found
            return CycleChoice(cycle=cycle, why=(
                f"{what} ({_share(scores)}); no cycle yet has most of its elements with enough answers to show"))
    return CycleChoice(cycle=newest_cycle, why=(
        "the newest cycle; no cycle has an element with enough answers to show yet"))
