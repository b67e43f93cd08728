"""Stage counts: what scoring needs to know about a cycle's answers, without any answer.

Per element and discipline, how many members answered each stage 1-5 and how many
"don't know"; and per discipline, how many members answered anything. The store counts
these in SQL (CycleRepository.stage_counts); ``counts_of`` counts a list of answers the
same way, for tests and callers that hold answers. Stages are whole numbers, so a median
or a quartile taken from the counts is exactly the one taken from the sorted answers.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import accumulate
from types import MappingProxyType

from assessments.domain.model import Answer, Member

STAGES = (1, 2, 3, 4, 5)
NO_COUNTS: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)


@dataclass(frozen=True, slots=True)
class Tally:
    """Answers at each stage (``at_stage[0]`` is stage 1) and "don't know" answers."""

    at_stage: tuple[int, int, int, int, int] = NO_COUNTS
    dont_know: int = 0
    stage_answers: int = field(init=False, compare=False, repr=False)
    """Answers with a stage (not "don't know"); kept, as scoring asks for it often."""
    _up_to: tuple[int, ...] = field(init=False, compare=False, repr=False)
    """Stage answers at or below each stage, for finding the n-th answer by bisection."""

    def __post_init__(self) -> None:
        up_to = tuple(accumulate(self.at_stage))
        object.__setattr__(self, "_up_to", up_to)
        object.__setattr__(self, "stage_answers", up_to[-1])

    @property
    def answers(self) -> int:
        """Every answer, "don't know" included."""
        return self.stage_answers + self.dont_know

    def __add__(self, other: Tally) -> Tally:
        return Tally(tuple(a + b for a, b in zip(self.at_stage, other.at_stage, strict=True)),
                     self.dont_know + other.dont_know)

    def nth(self, index: int) -> int:
        """The stage at ``index`` (from 0) of the stage answers sorted lowest first."""
        if not 0 <= index < self.stage_answers:
            raise IndexError("no stage answer at that position")
        return STAGES[bisect_right(self._up_to, index)]

    @property
    def distribution(self) -> dict[int, int]:
        return dict(zip(STAGES, self.at_stage, strict=True))


def tally_of(stages: Iterable[int | None]) -> Tally:
    counts = [0] * len(STAGES)
    dont_know = 0
    for stage in stages:
        if stage is None:
            dont_know += 1
        else:
            counts[stage - 1] += 1
    return Tally(tuple(counts), dont_know)


def total(tallies: Iterable[Tally]) -> Tally:
    tallies = list(tallies)
    if len(tallies) == 1:
        return tallies[0]
    return Tally(tuple(map(sum, zip(*(t.at_stage for t in tallies), strict=True))) or NO_COUNTS,
                 sum(t.dont_know for t in tallies))


@dataclass(frozen=True)
class CycleCounts:
    """One cycle's answers, counted. ``elements``: element id -> discipline (its value, None for
    a member without one, such as a funder who once answered) -> tally. ``respondents``:
    discipline -> members who answered at least one element."""

    elements: Mapping[str, Mapping[str | None, Tally]] = field(default_factory=lambda: MappingProxyType({}))
    respondents: Mapping[str | None, int] = field(default_factory=lambda: MappingProxyType({}))

    def by_discipline(self, element_id: str) -> Mapping[str | None, Tally]:
        return self.elements.get(element_id, {})

    def element_total(self, element_id: str) -> Tally:
        return total(self.by_discipline(element_id).values())

    @property
    def members_who_answered(self) -> int:
        return sum(self.respondents.values())


NO_ANSWERS = CycleCounts()


def counts_of(answers: Iterable[Answer], members: Iterable[Member] = ()) -> CycleCounts:
    """One cycle's answers counted as the store counts them; an answer from a member not in
    ``members``, or from one without a discipline, counts under discipline None."""
    disciplines = {m.id: m.discipline.value for m in members if m.discipline is not None}
    stages: dict[str, dict[str | None, list[int | None]]] = defaultdict(lambda: defaultdict(list))
    who: dict[str | None, set[int]] = defaultdict(set)
    for answer in answers:
        discipline = disciplines.get(answer.member_id)
        stages[answer.element_id][discipline].append(answer.stage)
        who[discipline].add(answer.member_id)
    return CycleCounts(
        elements={element_id: {d: tally_of(s) for d, s in by.items()} for element_id, by in stages.items()},
        respondents={d: len(ids) for d, ids in who.items()},
    )
