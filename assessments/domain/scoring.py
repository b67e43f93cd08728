"""The scoring rules, stated once. Every screen, the PDF and the exports call these.

- A member's answer is a stage 1-5 or "don't know" (not a score).
- Element score: the consensus stage where recorded, else the median of answers.
- Disagreement: answers span 2+ stages, or two disciplines' medians differ by 2+.
- Function score: mean of its scored elements; overall: mean of the scored functions.
  Unanswered elements are gaps, never zero.
- The reporting threshold (assessments/domain/confidentiality.py) is applied here, while
  scoring: a figure from fewer than k answers is never computed into a result, so no
  screen, export or PDF can show it by mistake.

Everything here works from answers counted per stage and discipline (stage_counts.py), never
from the answers themselves: the store counts them in one GROUP BY for any set of cycles.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from assessments.domain import confidentiality, stage_counts
from assessments.domain.confidentiality import DEFAULT_THRESHOLD
from assessments.domain.model import Discipline
from assessments.domain.stage_counts import CycleCounts, Tally
from roadmap.model import Framework

DISAGREEMENT_SPREAD = 2


class ScoreSource(StrEnum):
    CONSENSUS = "consensus"
    MEDIAN = "median"
    NONE = "none"


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True)


class ElementScore(_Result):
    """One element's score and the figures behind it. Every figure from fewer than
    ``threshold`` stage answers is None (withheld), the count of answers included;
    ``dont_know`` is None unless at least ``threshold`` members answered the element."""

    element_id: str
    function_id: str
    threshold: int = DEFAULT_THRESHOLD
    score: float | None
    source: ScoreSource
    median: float | None
    consensus_stage: int | None
    answers: int | None
    dont_know: int | None
    minimum: int | None
    maximum: int | None
    q1: float | None
    q3: float | None
    distribution: dict[int, int] | None
    disagreement: bool
    disagreement_reasons: tuple[str, ...] = ()
    carried_from: str | None = None
    """Rotation (assessments/domain/rotation.py): the label of the earlier cycle this score is
    carried from, unchanged; None for a score from this cycle's own answers."""

    @property
    def carried(self) -> bool:
        return self.carried_from is not None

    @property
    def withheld(self) -> bool:
        """True when the answers' figures are withheld: fewer than ``threshold`` stage answers."""
        return self.answers is None

    @property
    def withheld_text(self) -> str:
        return confidentiality.fewer_than(self.threshold)

    @property
    def answers_text(self) -> str:
        """"12 answers", or "fewer than 3 answers" where the count is withheld."""
        return self.withheld_text if self.withheld else f"{self.answers} answers"

    @property
    def spread(self) -> int | None:
        return None if self.minimum is None else self.maximum - self.minimum

    @property
    def iqr(self) -> float | None:
        return None if self.q1 is None else self.q3 - self.q1

    @property
    def is_gap(self) -> bool:
        return self.score is None


class FunctionScore(_Result):
    function_id: str
    score: float | None
    scored_elements: int
    elements: int
    gaps: tuple[str, ...]
    carried_from: str | None = None
    """The earlier cycle this function's scores are carried from (rotation); None when assessed now."""

    @property
    def carried(self) -> bool:
        return self.carried_from is not None


class CycleScores(_Result):
    elements: tuple[ElementScore, ...]
    functions: tuple[FunctionScore, ...]
    overall: float | None
    respondents: int | None
    """Members who answered anything; None when fewer than ``threshold``."""
    threshold: int = DEFAULT_THRESHOLD

    @property
    def has_figures(self) -> bool:
        """Whether anything at all can be shown: a respondent count, or a consensus stage."""
        return self.respondents is not None or any(not e.is_gap for e in self.elements)

    def element(self, element_id: str) -> ElementScore:
        return next(e for e in self.elements if e.element_id == element_id)

    def function(self, function_id: str) -> FunctionScore:
        return next(f for f in self.functions if f.function_id == function_id)

    @property
    def gaps(self) -> tuple[str, ...]:
        return tuple(e.element_id for e in self.elements if e.is_gap)

    @property
    def unscored_functions(self) -> tuple[str, ...]:
        return tuple(f.function_id for f in self.functions if f.score is None)

    @property
    def carried_functions(self) -> tuple[FunctionScore, ...]:
        """The functions whose scores are carried from an earlier cycle (rotation)."""
        return tuple(f for f in self.functions if f.carried)

    @property
    def overall_includes_carried(self) -> bool:
        return any(f.carried and f.score is not None for f in self.functions)


class GroupMedian(_Result):
    """One group's (one discipline's) median for one element. Only groups the
    threshold lets show are ever built: the group and the rest each gave at least k answers."""

    element_id: str
    group: str
    answers: int
    median: float


def median(tally: Tally) -> float | None:
    """The median of the stage answers, as statistics.median takes it from the sorted list."""
    n = tally.stage_answers
    if not n:
        return None
    if n % 2:
        return float(tally.nth(n // 2))
    return float((tally.nth(n // 2 - 1) + tally.nth(n // 2)) / 2)


def quartiles(tally: Tally) -> tuple[float | None, float | None]:
    """Q1 and Q3 as statistics.quantiles(n=4, method="inclusive") takes them from the sorted list."""
    n = tally.stage_answers
    if not n:
        return None, None
    if n == 1:
        only = float(tally.nth(0))
        return only, only
    q1, q3 = (_inclusive_quartile(tally, i, n - 1) for i in (1, 3))
    return q1, q3


def _inclusive_quartile(tally: Tally, i: int, m: int) -> float:
    # The same integer arithmetic as the standard library's, so the float is the same to the last bit.
    j, delta = divmod(i * m, 4)
    return (tally.nth(j) * (4 - delta) + tally.nth(j + 1) * delta) / 4


def group_medians(
    element_id: str, tallies_by_group: Mapping[str | None, Tally], total: int, threshold: int = DEFAULT_THRESHOLD,
) -> list[GroupMedian]:
    """Medians of the groups that may be shown; ``total`` is every stage answer to the element,
    including those from members in no group. The others are left out entirely."""
    return [
        GroupMedian(element_id=element_id, group=group, answers=tally.stage_answers, median=median(tally))
        for group, tally in _shown_groups(tallies_by_group, total, threshold)
    ]


def _shown_groups(tallies_by_group: Mapping[str | None, Tally], total: int, threshold: int) -> list[tuple[str, Tally]]:
    # Funders have no discipline (and a member made a funder keeps their answers): no group for them.
    return sorted(
        (group, tally) for group, tally in tallies_by_group.items()
        if group is not None and confidentiality.group_shown(tally.stage_answers, total, threshold)
    )


def score_element(
    element_id: str,
    function_id: str,
    by_discipline: Mapping[str | None, Tally],
    consensus_stage: int | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> ElementScore:
    """One element from its answers counted per discipline (stage_counts.CycleCounts.by_discipline)."""
    tally = stage_counts.total(by_discipline.values())
    stage_answers = tally.stage_answers
    if consensus_stage is not None:
        score, source = float(consensus_stage), ScoreSource.CONSENSUS
    else:
        score, source = None, ScoreSource.NONE
    if not confidentiality.shown(stage_answers, threshold):
        return ElementScore(
            element_id=element_id, function_id=function_id, threshold=threshold, score=score, source=source,
            median=None, consensus_stage=consensus_stage, answers=None,
            dont_know=tally.dont_know if confidentiality.shown(tally.answers, threshold) else None,
            minimum=None, maximum=None, q1=None, q3=None, distribution=None, disagreement=False,
        )
    element_median = median(tally)
    q1, q3 = quartiles(tally)
    lowest, highest = tally.nth(0), tally.nth(stage_answers - 1)
    reasons: list[str] = []
    if highest - lowest >= DISAGREEMENT_SPREAD:
        reasons.append(f"answers span stages {lowest} to {highest}")
    # Only groups the threshold shows count, so the flag never tells anything about a small group.
    groups = _shown_groups(by_discipline, stage_answers, threshold)
    shown = [(group, median(tally)) for group, tally in groups] if len(groups) > 1 else []
    if shown:
        low = min(shown, key=lambda g: g[1])
        high = max(shown, key=lambda g: g[1])
        if high[1] - low[1] >= DISAGREEMENT_SPREAD:
            reasons.append(f"{_group_label(high[0])} median {high[1]:g} vs {_group_label(low[0])} median {low[1]:g}")
    if source is ScoreSource.NONE:
        score, source = element_median, ScoreSource.MEDIAN
    return ElementScore(
        element_id=element_id,
        function_id=function_id,
        threshold=threshold,
        score=score,
        source=source,
        median=element_median,
        consensus_stage=consensus_stage,
        answers=stage_answers,
        dont_know=tally.dont_know,
        minimum=lowest,
        maximum=highest,
        q1=q1,
        q3=q3,
        distribution=tally.distribution,
        disagreement=bool(reasons),
        disagreement_reasons=tuple(reasons),
    )


def _group_label(group: str) -> str:
    return _LABELS.get(group, group)


_LABELS = {d.value: d.label for d in Discipline}


def mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def score_cycle(
    framework: Framework,
    counts: CycleCounts,
    consensus: Mapping[str, int] | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> CycleScores:
    """A cycle's scores from its answers counted (stage_counts; ``counts_of`` counts a list of answers)."""
    consensus = consensus or {}
    element_scores: list[ElementScore] = []
    function_scores: list[FunctionScore] = []
    for function in framework.functions:
        scored = [
            score_element(e.id, function.id, counts.by_discipline(e.id), consensus.get(e.id), threshold)
            for e in function.elements
        ]
        element_scores.extend(scored)
        function_scores.append(
            FunctionScore(
                function_id=function.id,
                score=mean(s.score for s in scored),
                scored_elements=sum(1 for s in scored if not s.is_gap),
                elements=len(scored),
                gaps=tuple(s.element_id for s in scored if s.is_gap),
            )
        )
    return CycleScores(
        elements=tuple(element_scores),
        functions=tuple(function_scores),
        overall=mean(f.score for f in function_scores),
        respondents=_at_least(counts.members_who_answered, threshold),
        threshold=threshold,
    )


def _at_least(count: int, threshold: int) -> int | None:
    return count if confidentiality.shown(count, threshold) else None


def discipline_breakdown(framework: Framework, counts: CycleCounts, threshold: int = DEFAULT_THRESHOLD) -> list[GroupMedian]:
    """Each element's median per discipline, for the disciplines the threshold lets show."""
    out: list[GroupMedian] = []
    for element in framework.elements:
        by_discipline = counts.by_discipline(element.id)
        total = stage_counts.total(by_discipline.values()).stage_answers
        out.extend(group_medians(element.id, by_discipline, total, threshold))
    return out


def respondents_by_discipline(counts: CycleCounts, threshold: int = DEFAULT_THRESHOLD) -> tuple[dict[str, int], int | None]:
    """How many members answered at least one element, per discipline label, pooled and
    folded by the threshold (confidentiality.head_counts); and the total, None under k."""
    # Members without a discipline (funders) are in no group, and so not in this total either.
    by_label = {_group_label(group): count for group, count in counts.respondents.items() if group is not None}
    return confidentiality.head_counts(by_label, threshold)


def elements_whose_notes_show(counts: CycleCounts, notes_threshold: int) -> set[str]:
    """Elements at least ``notes_threshold`` members answered (a stage or "don't know"): only
    their evidence notes may be shown, so a note always hides among that many answers."""
    return {
        element_id for element_id in counts.elements
        if confidentiality.shown(counts.element_total(element_id).answers, notes_threshold)
    }
