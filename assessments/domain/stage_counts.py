"""Stage counts: what scoring needs to know about a cycle's answers, without any answer.

Per element and discipline, how many members answered each stage 1-5 and how many
"don't know"; and per discipline, how many members answered anything. The store counts
these in SQL (CycleRepository.stage_counts); ``counts_of`` counts a list of answers the
same way, for tests and callers that hold answers. Stages are whole numbers, so a median
or a quartile taken from the counts is exactly the one taken from the sorted answers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from assessments.domain.model import Answer, Member

STAGES = (1, 2, 3, 4, 5)
NO_COUNTS: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)


@dataclass(frozen=True, slots=True)
class Tally:
    """Answers at each stage (``at_stage[0]`` is stage 1) and "don't know" answers."""

    at_stage: tuple[int, int, int, int, int] = NO_COUNTS
    dont_know: int = 0

    @property
    def stage_answers(self) -> int:
        return sum(self.at_stage)

    @property
    def answers(self) -> int:
        """Every answer, "don't know" included."""
        return self.stage_answers + self.dont_know

    def __add__(self, other: Tally) -> Tally:
        return Tally(tuple(a + b for a, b in zip(self.at_stage, other.at_stage, strict=True)),
                     self.dont_know + other.dont_know)

    def nth(self, index: int) -> int:
        """The stage at ``index`` (from 0) of the stage answers sorted lowest first."""
        for stage, count in zip(STAGES, self.at_stage, strict=True):
            if index < count:
                return stage
            index -= count
        raise IndexError("no stage answer at that position")

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
    out = Tally()
    for tally in tallies:
        out = out + tally
    return out


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
