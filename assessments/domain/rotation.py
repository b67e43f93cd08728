"""Rotation: a cycle may assess a subset of the functions, so a member's sitting stays short.
The rules, stated once (Results, Progress, the PDF and the exports quote them):

- A function the cycle does not assess keeps the scores of the last earlier cycle that assessed
  it on the same framework version. They are carried as that cycle's scoring left them, with
  the reporting threshold already applied, so a carried score never shows more than it did
  there; no answer is ever read again. Each carried score names the cycle it comes from.
- A function can be left out of a cycle only when such an earlier cycle exists: the first cycle
  on a framework version assesses every function.
- The overall score is the mean of every function's score, carried ones included, and says so
  wherever it is shown. Leaving the carried functions out would make it a mean of different
  functions every quarter, so it would move for no reason but the rotation.
- A carried score is not a new assessment: Progress shows it as "carried", never as unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence

from assessments.domain.model import Cycle, DomainError
from assessments.domain.scoring import CycleScores, FunctionScore, mean
from roadmap.model import Framework

CARRIED = "carried"
RULE = (
    "Rotation: a cycle may assess only some functions. A function it does not assess keeps the scores of the last "
    "earlier cycle that assessed it on the same framework version, marked \"carried from\" that cycle and "
    "unchanged, with the reporting threshold as applied there. The overall score is the mean of every function's "
    "score, carried ones included, and is marked wherever it includes one; a carried score is never counted as "
    "a change."
)

Scored = tuple[Cycle, Framework, CycleScores]


def source_cycle(
    label: str, framework: tuple[str, str], function_id: str, others: Sequence[Cycle],
) -> Cycle | None:
    """The last cycle before ``label`` on the same framework (id, version) that assessed the function."""
    candidates = [
        c for c in others
        if c.label < label and (c.framework_id, c.framework_version) == framework and c.covers(function_id)
    ]
    return max(candidates, key=lambda c: c.label, default=None)


def check_leaving_out(
    label: str, framework: tuple[str, str], left_out: Sequence[str], others: Sequence[Cycle],
) -> None:
    """Refuse a new cycle that leaves out a function no earlier cycle on its framework version assessed."""
    missing = [f for f in left_out if source_cycle(label, framework, f, others) is None]
    version = framework[1]
    if missing:
        raise DomainError(
            f"No earlier cycle on framework version {version} assessed {', '.join(missing)}, so there is no score "
            f"to carry forward; include {'it' if len(missing) == 1 else 'them'} in {label}. No cycle was opened."
        )


def carry_forward(cycle: Cycle, fresh: CycleScores, earlier: Sequence[Scored]) -> CycleScores:
    """The cycle's scores with each function it does not assess carried from its source cycle.
    ``earlier`` holds other cycles of the task force with their own scores; the source's
    scores for a function it assessed are its own, so nothing is carried twice."""
    if cycle.functions is None:
        return fresh
    by_id = {c.id: s for c, _, s in earlier}
    cycles = [c for c, _, _ in earlier]
    elements, functions = [], []
    for function in fresh.functions:
        source = None if cycle.covers(function.function_id) else source_cycle(
            cycle.label, (cycle.framework_id, cycle.framework_version), function.function_id, cycles,
        )
        if source is None:
            elements += [e for e in fresh.elements if e.function_id == function.function_id]
            functions.append(function)
            continue
        then = by_id[source.id]
        elements += [e.model_copy(update={"carried_from": source.label})
                     for e in then.elements if e.function_id == function.function_id]
        functions.append(_carried(then.function(function.function_id), source.label))
    return fresh.model_copy(update={
        "elements": tuple(elements), "functions": tuple(functions), "overall": mean(f.score for f in functions),
    })


def _carried(function: FunctionScore, label: str) -> FunctionScore:
    return function.model_copy(update={"carried_from": label})


def overall_note(scores: CycleScores) -> str:
    """"includes scores carried from earlier cycles for IF (2026-Q1), DR (2026-Q1)", or ""."""
    carried = [f for f in scores.carried_functions if f.score is not None]
    if not carried:
        return ""
    listed = ", ".join(f"{f.function_id} ({f.carried_from})" for f in carried)
    return f"includes scores carried from earlier cycles for {listed}"

