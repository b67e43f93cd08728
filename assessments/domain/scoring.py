"""The scoring rules, stated once. Every screen, the PDF and the exports call these.

- A member's answer is a stage 1-5 or "don't know" (not a score).
- Element score: the consensus stage where recorded, else the median of answers.
- Disagreement: answers span 2+ stages, or two disciplines' medians differ by 2+.
- Function score: mean of its scored elements; overall: mean of the scored functions.
  Unanswered elements are gaps, never zero.
- The reporting threshold (assessments/domain/confidentiality.py) is applied here, while
  scoring: a figure from fewer than k answers is never computed into a result, so no
  screen, export or PDF can show it by mistake.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from assessments.domain import confidentiality
from assessments.domain.confidentiality import DEFAULT_THRESHOLD
from assessments.domain.model import Answer, Discipline, Member
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


def median(stages: list[int]) -> float | None:
    return float(statistics.median(stages)) if stages else None


def quartiles(stages: list[int]) -> tuple[float | None, float | None]:
    if not stages:
        return None, None
    if len(stages) == 1:
        return float(stages[0]), float(stages[0])
    q1, _, q3 = statistics.quantiles(stages, n=4, method="inclusive")
    return q1, q3


def group_medians(
    element_id: str, stages_by_group: Mapping[str, list[int]], total: int, threshold: int = DEFAULT_THRESHOLD,
) -> list[GroupMedian]:
    """Medians of the groups that may be shown; ``total`` is every stage answer to the element,
    including those from members in no group. The others are left out entirely."""
    return [
        GroupMedian(element_id=element_id, group=group, answers=len(stages), median=median(stages))
        for group, stages in sorted(stages_by_group.items())
        if confidentiality.group_shown(len(stages), total, threshold)
    ]


def score_element(
    element_id: str,
    function_id: str,
    answers: Iterable[Answer],
    disciplines: Mapping[int, Discipline | str] | None = None,
    consensus_stage: int | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> ElementScore:
    answers = [a for a in answers if a.element_id == element_id]
    stages = sorted(a.stage for a in answers if a.stage is not None)
    dont_know = sum(1 for a in answers if a.stage is None)
    if consensus_stage is not None:
        score, source = float(consensus_stage), ScoreSource.CONSENSUS
    else:
        score, source = None, ScoreSource.NONE
    if not confidentiality.shown(len(stages), threshold):
        return ElementScore(
            element_id=element_id, function_id=function_id, threshold=threshold, score=score, source=source,
            median=None, consensus_stage=consensus_stage, answers=None,
            dont_know=dont_know if confidentiality.shown(len(answers), threshold) else None,
            minimum=None, maximum=None, q1=None, q3=None, distribution=None, disagreement=False,
        )
    element_median = median(stages)
    q1, q3 = quartiles(stages)
    reasons: list[str] = []
    if stages[-1] - stages[0] >= DISAGREEMENT_SPREAD:
        reasons.append(f"answers span stages {stages[0]} to {stages[-1]}")
    if disciplines:
        by_group: dict[str, list[int]] = defaultdict(list)
        for a in answers:
            if a.stage is not None and a.member_id in disciplines:
                by_group[str(disciplines[a.member_id])].append(a.stage)
        # Only groups the threshold shows count, so the flag never tells anything about a small group.
        shown = group_medians(element_id, by_group, len(stages), threshold)
        if shown:
            low = min(shown, key=lambda g: g.median)
            high = max(shown, key=lambda g: g.median)
            if high.median - low.median >= DISAGREEMENT_SPREAD:
                reasons.append(
                    f"{_group_label(high.group)} median {high.median:g} vs {_group_label(low.group)} median {low.median:g}"
                )
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
        answers=len(stages),
        dont_know=dont_know,
        minimum=stages[0],
        maximum=stages[-1],
        q1=q1,
        q3=q3,
        distribution={n: stages.count(n) for n in range(1, 6)},
        disagreement=bool(reasons),
        disagreement_reasons=tuple(reasons),
    )


def _group_label(group: str) -> str:
    try:
        return Discipline(group).label
    except ValueError:
        return group


def mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def score_cycle(
    framework: Framework,
    answers: Iterable[Answer],
    members: Iterable[Member] = (),
    consensus: Mapping[str, int] | None = None,
    threshold: int = DEFAULT_THRESHOLD,
) -> CycleScores:
    answers = list(answers)
    consensus = consensus or {}
    # Funders have no discipline (and a member made a funder keeps their answers): no group for them.
    disciplines = {m.id: m.discipline for m in members if m.discipline is not None}
    by_element: dict[str, list[Answer]] = defaultdict(list)
    for answer in answers:
        by_element[answer.element_id].append(answer)
    element_scores: list[ElementScore] = []
    function_scores: list[FunctionScore] = []
    for function in framework.functions:
        scored = [
            score_element(e.id, function.id, by_element.get(e.id, []), disciplines, consensus.get(e.id), threshold)
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
        respondents=_at_least(len({a.member_id for a in answers}), threshold),
        threshold=threshold,
    )


def _at_least(count: int, threshold: int) -> int | None:
    return count if confidentiality.shown(count, threshold) else None


def discipline_breakdown(
    framework: Framework, answers: Iterable[Answer], members: Iterable[Member], threshold: int = DEFAULT_THRESHOLD,
) -> list[GroupMedian]:
    """Each element's median per discipline, for the disciplines the threshold lets show."""
    disciplines = {m.id: m.discipline.value for m in members if m.discipline is not None}
    stages: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    totals: dict[str, int] = defaultdict(int)
    for a in answers:
        if a.stage is not None:
            totals[a.element_id] += 1
            if a.member_id in disciplines:
                stages[a.element_id][disciplines[a.member_id]].append(a.stage)
    out: list[GroupMedian] = []
    for element in framework.elements:
        out.extend(group_medians(element.id, stages.get(element.id, {}), totals[element.id], threshold))
    return out


def respondents_by_discipline(
    answers: Iterable[Answer], members: Iterable[Member], threshold: int = DEFAULT_THRESHOLD,
) -> tuple[dict[str, int], int | None]:
    """How many members answered at least one element, per discipline label, pooled and
    folded by the threshold (confidentiality.head_counts); and the total, None under k."""
    answered = {a.member_id for a in answers}
    counts: dict[str, int] = defaultdict(int)
    # Funders have no discipline and never answer.
    for member in members:
        if member.id in answered and member.discipline is not None:
            counts[member.discipline.label] += 1
    return confidentiality.head_counts(counts, threshold)


def elements_whose_notes_show(answers: Iterable[Answer], notes_threshold: int) -> set[str]:
    """Elements at least ``notes_threshold`` members answered (a stage or "don't know"): only
    their evidence notes may be shown, so a note always hides among that many answers."""
    counts: dict[str, int] = defaultdict(int)
    for a in answers:
        counts[a.element_id] += 1
    return {element_id for element_id, count in counts.items() if confidentiality.shown(count, notes_threshold)}
