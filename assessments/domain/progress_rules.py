"""Progress over quarterly cycles: trends, two cycles compared, progress against targets.

Every score comes from assessments/domain/scoring.py (read through the use case
progress.history); this module only lines those scores up across cycles and judges
which movements are real.
The rules, stated once (the progress page and the PDF quote them):

- Comparable: an element's scores in two cycles are compared only when its id exists in
  both cycles' frameworks and its five stage descriptors are word for word the same.
  Otherwise the element is "not comparable": the stages meant different things.
  Where the newer framework names the older one as its previous version (same framework
  id, ``previous_version``), its own mapping decides instead: an element is compared with
  the older element it ``continues`` where ``same_stages`` is true, and with nothing else.
  Function and overall scores are means over whatever elements a framework holds, so
  across a framework version change they carry a marker and a note instead.
- Gaps: an element without a score in either cycle is "not comparable", never a gain or a loss.
- The reporting threshold (assessments/domain/confidentiality.py): a score from fewer than k
  answers (and no consensus) is withheld at source, in scoring, so it is a gap; an element
  that is such a gap in either cycle is "not comparable", with the reason "fewer than k
  answers in <cycle>". No change is ever worked out from, or shown for, a withheld score.
- Within disagreement: a change smaller than the spread of members' answers is not
  progress. The spread is the interquartile range (IQR) of the answers, the larger of
  the two cycles'. Why the IQR and not min-max: the score is the median, and the IQR is
  the spread of the middle half of the same answers. Min-max is set by a single outlier
  and widens with every extra member, so on a task force of a dozen nearly every
  element spans two stages, and one dissenting answer could veto any progress.
- Consensus: a stage agreed in a consensus meeting has no spread (the meeting resolved
  the disagreement), so it contributes 0; the other cycle's IQR still applies.
- Unchanged: exactly the same score.
- Carried (rotation, assessments/domain/rotation.py): a score carried into a cycle that did
  not assess its function is not a new assessment. Where both scores come from the same
  assessment, the element is "carried", never "unchanged"; otherwise the change is worked
  out from the scores as they stand, the carried one named with the cycle it comes from.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from assessments.domain import confidentiality, rotation
from assessments.domain.confidentiality import DEFAULT_THRESHOLD
from assessments.domain.model import Cycle, Target
from assessments.domain.scoring import CycleScores, ElementScore, ScoreSource
from roadmap.model import Element, Framework

Scored = tuple[Cycle, Framework, CycleScores]

SPREAD_RULE = (
    "A change smaller than the spread of members' answers is shown as \"within disagreement\", not as progress. "
    "The spread is the interquartile range (the middle half of the answers), the larger of the two cycles'; "
    "a stage agreed by consensus has no spread. The IQR goes with the median the score is built on, while the "
    "full range would let one outlying answer hide any progress."
)
COMPARABLE_RULE = (
    "Scores from different framework versions are compared only element by element, where the element exists "
    "in both versions and its five stage descriptors are unchanged; other elements are \"not comparable\". "
    "Where the newer version names the older one as its previous version, its mapping decides: an element is "
    "compared only with the older element it continues, and only where its stages still mean the same. "
    "An element without a score in either cycle is also \"not comparable\", never a gain or a loss."
)
CARRIED_RULE = (
    "A score carried from an earlier cycle (a function the cycle did not assess) is not a new assessment: "
    "compared with the cycle it comes from, it is \"carried\", never \"unchanged\"."
)


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"
    UNCHANGED = "unchanged"
    WITHIN = "within disagreement"
    CARRIED = "carried, not reassessed"
    NOT_COMPARABLE = "not comparable"

    @property
    def is_real(self) -> bool:
        return self in (Direction.UP, Direction.DOWN)


class _Plain(BaseModel):
    model_config = ConfigDict(frozen=True)


# cycles with scores ------------------------------------------------------------------


def with_scores(scored: Sequence[Scored]) -> list[Scored]:
    """The cycles that have any score at all (a cycle opened a day ago has none yet)."""
    return [s for s in scored if any(not e.is_gap for e in s[2].elements)]


# comparability and framework changes ----------------------------------------------------


def _find(framework: Framework, element_id: str) -> Element | None:
    return next((e for e in framework.elements if e.id == element_id), None)


def same_framework(a: Framework, b: Framework) -> bool:
    return (a.id, a.version) == (b.id, b.version)


def continues_from(before: Framework, after: Framework) -> bool:
    """Whether ``after`` names ``before`` as its previous version, so its mapping applies."""
    return after.id == before.id and after.previous_version is not None and after.previous_version == before.version


class Pair(_Plain):
    """An element of the newer framework and the element of the older one its score is compared with."""

    after_id: str | None
    before_id: str | None
    reason: str = ""
    """Why the two cannot be compared; "" when they can."""


def element_pairs(before: Framework, after: Framework) -> list[Pair]:
    """Every element of ``after`` with its counterpart in ``before``, then the elements of
    ``before`` nothing in ``after`` carries on. The one place that decides comparability."""
    if not (continues_from(before, after) or continues_from(after, before)):
        pairs = [Pair(after_id=e.id, before_id=e.id if _find(before, e.id) else None,
                      reason=not_comparable_reason(e.id, before, after)) for e in after.elements]
        pairs += [Pair(after_id=None, before_id=e.id, reason=f"not in framework version {after.version}")
                  for e in before.elements if _find(after, e.id) is None]
        return pairs
    if continues_from(before, after):
        return _mapped(before, after)
    # Going back to the older version: the newer one's mapping read the other way round.
    return [Pair(after_id=p.before_id, before_id=p.after_id, reason=p.reason) for p in _mapped(after, before)]


def _mapped(older: Framework, newer: Framework) -> list[Pair]:
    pairs, continued = [], set()
    for element in newer.elements:
        link = element.continues
        if link is None or _find(older, link.element) is None:
            pairs.append(Pair(after_id=element.id, before_id=None, reason=f"new in framework version {newer.version}"))
            continue
        continued.add(link.element)
        reason = "" if link.same_stages else (
            f"its stages were rewritten in framework version {newer.version} (it continues {link.element} of "
            f"version {older.version}, but a stage no longer means the same)"
        )
        pairs.append(Pair(after_id=element.id, before_id=link.element, reason=reason))
    pairs += [Pair(after_id=None, before_id=e.id, reason=f"not continued in framework version {newer.version}")
              for e in older.elements if e.id not in continued]
    return pairs


def pair_for(element_id: str, before: Framework, after: Framework) -> Pair:
    """The pair for an element of ``after`` (or, failing that, one only ``before`` has)."""
    pairs = element_pairs(before, after)
    found = next((p for p in pairs if p.after_id == element_id), None)
    found = found or next((p for p in pairs if p.after_id is None and p.before_id == element_id), None)
    if found is None:
        raise KeyError(element_id)
    return found


def not_comparable_reason(element_id: str, before: Framework, after: Framework) -> str:
    """Why an element's scores in two frameworks cannot be compared; "" when they can."""
    if same_framework(before, after):
        return ""
    if continues_from(before, after) or continues_from(after, before):
        try:
            return pair_for(element_id, before, after).reason
        except KeyError:
            return f"not in framework version {after.version}"
    old, new = _find(before, element_id), _find(after, element_id)
    if old is None:
        return f"not in framework version {before.version}"
    if new is None:
        return f"not in framework version {after.version}"
    if old.descriptors != new.descriptors:
        return f"its stage descriptors changed between framework versions {before.version} and {after.version}"
    return ""


class FrameworkChange(_Plain):
    """The framework changed between two consecutive cycles."""

    before_cycle: str
    after_cycle: str
    before_framework: str
    after_framework: str
    changed: tuple[str, ...]
    added: tuple[str, ...]
    removed: tuple[str, ...]
    mapped: bool = False
    """The newer version names the older as its previous version: its ``continues`` mapping decided."""
    compared: tuple[str, ...] = ()
    """Elements (ids in the newer version) whose scores are compared across the change."""
    unscored: tuple[str, ...] = ()
    """Elements that could be compared but are a gap in either cycle."""

    @property
    def not_comparable(self) -> int:
        return len(self.changed) + len(self.added) + len(self.removed)

    @property
    def note(self) -> str:
        parts = []
        if self.mapped:
            parts.append(f"{len(self.compared)} element(s) compared, each with the element it continues, whose "
                         f"stages mean the same ({', '.join(self.compared) or 'none'})")
        if self.unscored:
            parts.append(f"{len(self.unscored)} more without a score in either cycle ({', '.join(self.unscored)})")
        if self.changed:
            what = "with stages rewritten" if self.mapped else "with changed descriptors"
            parts.append(f"{len(self.changed)} element(s) {what} ({', '.join(self.changed)})")
        if self.added:
            parts.append(f"{len(self.added)} added ({', '.join(self.added)})")
        if self.removed:
            parts.append(f"{len(self.removed)} removed ({', '.join(self.removed)})")
        detail = "; ".join(parts) if parts else "no element's descriptors changed"
        return (
            f"Framework changed between {self.before_cycle} and {self.after_cycle}: {self.before_framework} to "
            f"{self.after_framework}: {detail}. Function and overall scores on either side average different "
            "elements, so compare them element by element."
        )


def framework_change(before: Scored, after: Scored) -> FrameworkChange | None:
    (cycle_a, old, scores_a), (cycle_b, new, scores_b) = before, after
    if same_framework(old, new):
        return None
    pairs = element_pairs(old, new)
    comparable = [p for p in pairs if p.after_id and p.before_id and not p.reason]
    scored = [p for p in comparable
              if not scores_a.element(p.before_id).is_gap and not scores_b.element(p.after_id).is_gap]
    return FrameworkChange(
        before_cycle=cycle_a.label, after_cycle=cycle_b.label,
        before_framework=old.label, after_framework=new.label,
        changed=tuple(p.after_id for p in pairs if p.after_id and p.before_id and p.reason),
        added=tuple(p.after_id for p in pairs if p.after_id and not p.before_id),
        removed=tuple(p.before_id for p in pairs if not p.after_id),
        mapped=continues_from(old, new) or continues_from(new, old),
        compared=tuple(p.after_id for p in scored) if continues_from(old, new) or continues_from(new, old) else (),
        unscored=tuple(p.after_id for p in comparable if p not in scored)
        if continues_from(old, new) or continues_from(new, old) else (),
    )


def framework_changes(scored: Sequence[Scored]) -> list[FrameworkChange]:
    return [c for a, b in zip(scored, scored[1:]) if (c := framework_change(a, b)) is not None]


# trends --------------------------------------------------------------------------------


class TrendPoint(_Plain):
    cycle_id: int
    cycle_label: str
    cycle_open: bool
    score: float | None
    count: int | None
    """Respondents for the overall score; answers (summed over the function's elements whose count is
    shown) for a function. None when withheld: fewer than ``threshold`` respondents, or no element of
    the function with at least ``threshold`` answers."""
    threshold: int = DEFAULT_THRESHOLD
    scored_elements: int
    elements: int
    framework: str
    framework_changed: bool
    """The framework differs from the previous cycle's: this point is not directly comparable with the one before."""
    carried: str = ""
    """Rotation: "" for a score from this cycle's answers; else what is carried, in words
    ("carried from 2026-Q1", or for the overall score which functions' scores it includes)."""

    @property
    def withheld_text(self) -> str:
        return confidentiality.fewer_than(self.threshold)


class Trend(_Plain):
    key: str
    """"overall" or a function id."""
    name: str
    count_label: str
    points: tuple[TrendPoint, ...]


OVERALL = "overall"


def trends(scored: Sequence[Scored]) -> list[Trend]:
    """The overall score and each function's score per cycle, oldest first."""
    changed = _changed_flags(scored)
    overall = [
        TrendPoint(
            cycle_id=cycle.id, cycle_label=cycle.label, cycle_open=cycle.is_open, score=scores.overall,
            count=scores.respondents, threshold=scores.threshold,
            scored_elements=sum(1 for e in scores.elements if not e.is_gap),
            elements=len(scores.elements), framework=framework.label, framework_changed=flag,
            carried=rotation.overall_note(scores),
        )
        for (cycle, framework, scores), flag in zip(scored, changed)
    ]
    out = [Trend(key=OVERALL, name="Overall", count_label="respondents", points=tuple(overall))]
    for function_id, name in _functions(scored):
        points = []
        for (cycle, framework, scores), flag in zip(scored, changed):
            present = next((f for f in scores.functions if f.function_id == function_id), None)
            # A carried function's answers were counted in the cycle it comes from, not this one.
            shown = [e.answers for e in scores.elements
                     if e.function_id == function_id and e.answers is not None and not e.carried]
            points.append(TrendPoint(
                cycle_id=cycle.id, cycle_label=cycle.label, cycle_open=cycle.is_open,
                score=present.score if present else None,
                count=sum(shown) if shown else None, threshold=scores.threshold,
                scored_elements=present.scored_elements if present else 0,
                elements=present.elements if present else 0,
                framework=framework.label, framework_changed=flag,
                carried=f"carried from {present.carried_from}" if present and present.carried else "",
            ))
        out.append(Trend(key=function_id, name=name, count_label="answers", points=tuple(points)))
    return out


def _changed_flags(scored: Sequence[Scored]) -> list[bool]:
    return [False] + [not same_framework(a[1], b[1]) for a, b in zip(scored, scored[1:])]


def _functions(scored: Sequence[Scored]) -> list[tuple[str, str]]:
    """Function ids in the newest framework's order, then any only older frameworks had."""
    seen: dict[str, str] = {}
    for _, framework, _ in reversed(scored):
        for function in framework.functions:
            seen.setdefault(function.id, function.name)
    return list(seen.items())


def elements(scored: Sequence[Scored]) -> list[tuple[str, str]]:
    """(id, name) of every element any cycle was scored on, newest framework's order first."""
    seen: dict[str, str] = {}
    for _, framework, _ in reversed(scored):
        for element in framework.elements:
            seen.setdefault(element.id, element.name)
    return list(seen.items())


class ElementPoint(_Plain):
    cycle_id: int
    cycle_label: str
    cycle_open: bool
    in_framework: bool
    score: ElementScore | None
    """None when the element is not part of this cycle's framework."""
    comparable_with_previous: bool
    note: str = ""

    @property
    def value(self) -> float | None:
        return None if self.score is None else self.score.score

    @property
    def answers(self) -> int | None:
        """Stage answers; None when the element is not in the framework or its count is withheld."""
        return None if self.score is None else self.score.answers


class ElementTrend(_Plain):
    element_id: str
    name: str
    points: tuple[ElementPoint, ...]


def element_trend(scored: Sequence[Scored], element_id: str) -> ElementTrend:
    """One element's score per cycle with its answer count and spread; a break where its meaning changed."""
    points: list[ElementPoint] = []
    previous: Framework | None = None
    name = dict(elements(scored)).get(element_id, element_id)
    for cycle, framework, scores in scored:
        present = _find(framework, element_id) is not None
        score = scores.element(element_id) if present else None
        reason = not_comparable_reason(element_id, previous, framework) if previous is not None else ""
        note = reason if present and reason else ("" if present else f"not in framework version {framework.version}")
        points.append(ElementPoint(
            cycle_id=cycle.id, cycle_label=cycle.label, cycle_open=cycle.is_open, in_framework=present,
            score=score, comparable_with_previous=previous is not None and present and not reason, note=note,
        ))
        previous = framework if present else None
    return ElementTrend(element_id=element_id, name=name, points=tuple(points))


# comparing two cycles -------------------------------------------------------------------


def spread_of(score: ElementScore) -> float:
    """The spread a change must exceed: the IQR of the answers; 0 for a consensus stage or a gap."""
    if score.source is ScoreSource.CONSENSUS or score.iqr is None:
        return 0.0
    return score.iqr


def direction(change: float, spread: float) -> Direction:
    """Up or down only when the change is at least the spread; exactly no change is unchanged."""
    if change == 0:
        return Direction.UNCHANGED
    if abs(change) < spread:
        return Direction.WITHIN
    return Direction.UP if change > 0 else Direction.DOWN


class ElementChange(_Plain):
    element_id: str
    name: str
    function_id: str
    before: ElementScore | None
    after: ElementScore | None
    change: float | None
    spread: float | None
    direction: Direction
    reason: str = ""

    @property
    def explanation(self) -> str:
        if self.direction in (Direction.NOT_COMPARABLE, Direction.CARRIED):
            return self.reason
        if self.direction is Direction.WITHIN:
            return f"moved {self.change:+g}, less than the spread of answers ({self.spread:g})"
        return ""


def compare_element(element_id: str, before: Scored, after: Scored) -> ElementChange:
    """``element_id`` names the element in the later cycle's framework (or, for an element that
    framework dropped, in the earlier one's); its counterpart comes from element_pairs."""
    (cycle_a, framework_a, scores_a), (cycle_b, framework_b, scores_b) = before, after
    if same_framework(framework_a, framework_b):
        if _find(framework_b, element_id) is None:
            raise KeyError(element_id)
        pair = Pair(after_id=element_id, before_id=element_id)
    else:
        pair = pair_for(element_id, framework_a, framework_b)
    element = _find(framework_b, pair.after_id) if pair.after_id else framework_a.element(pair.before_id)
    function = framework_b.function_of(pair.after_id) if pair.after_id else framework_a.function_of(pair.before_id)
    a = scores_a.element(pair.before_id) if pair.before_id else None
    b = scores_b.element(pair.after_id) if pair.after_id else None
    base = dict(element_id=element_id, name=element.name, function_id=function.id, before=a, after=b)
    reason = pair.reason
    if not reason and _source(a, cycle_a) == _source(b, cycle_b):
        return ElementChange(**base, change=None, spread=None, direction=Direction.CARRIED,
                             reason=f"not assessed in {cycle_b.label}; its score is carried from {b.carried_from}")
    if not reason:
        # Both scores exist here (an element missing from a framework has its reason above); a gap
        # is a score withheld under the threshold, since a consensus stage would have been a score.
        gaps = [(c.label, s) for c, s in ((cycle_a, a), (cycle_b, b)) if s.is_gap]
        if gaps:
            reason = f"{gaps[0][1].withheld_text} in {' and '.join(label for label, _ in gaps)}"
    if reason:
        return ElementChange(**base, change=None, spread=None, direction=Direction.NOT_COMPARABLE, reason=reason)
    change = b.score - a.score
    spread = max(spread_of(a), spread_of(b))
    return ElementChange(**base, change=change, spread=spread, direction=direction(change, spread))


class Comparison(_Plain):
    before: Cycle
    after: Cycle
    before_framework: str
    after_framework: str
    framework_changed: bool
    changes: tuple[ElementChange, ...]

    def count(self, which: Direction) -> int:
        return sum(1 for c in self.changes if c.direction is which)

    def gains(self, limit: int = 5) -> list[ElementChange]:
        return _biggest(self.changes, Direction.UP, limit)

    def losses(self, limit: int = 5) -> list[ElementChange]:
        return _biggest(self.changes, Direction.DOWN, limit)

    @property
    def summary(self) -> str:
        parts = [f"{self.count(d)} {d.value}" for d in Direction if self.count(d)]
        return f"{self.before.label} to {self.after.label}: " + ", ".join(parts)


def _source(score: ElementScore | None, cycle: Cycle) -> str | None:
    """The cycle whose assessment a score comes from: its own, or the one it is carried from."""
    return None if score is None else (score.carried_from or cycle.label)


def compare_cycles(a: Scored, b: Scored) -> Comparison:
    """Per element of either framework, the change from cycle ``a`` to cycle ``b``."""
    if same_framework(a[1], b[1]):
        ids = [e.id for e in b[1].elements]
    else:
        ids = [p.after_id or p.before_id for p in element_pairs(a[1], b[1])]
    return Comparison(
        before=a[0], after=b[0], before_framework=a[1].label, after_framework=b[1].label,
        framework_changed=not same_framework(a[1], b[1]),
        changes=tuple(compare_element(element_id, a, b) for element_id in ids),
    )


def _biggest(changes: Iterable[ElementChange], which: Direction, limit: int) -> list[ElementChange]:
    real = [c for c in changes if c.direction is which]
    return sorted(real, key=lambda c: (-abs(c.change), c.element_id))[:limit]


# progress against targets -----------------------------------------------------------------


class TargetStatus(StrEnum):
    REACHED = "reached"
    MOVING = "moving toward the target"
    STILL = "no real movement yet"
    AWAY = "moved away from the target"
    NOT_COMPARABLE = "not comparable"
    NO_LATER_CYCLE = "no later cycle yet"
    NO_SCORE = "no score yet"


class TargetProgress(_Plain):
    target: Target
    name: str
    since: str
    """Why the baseline is the cycle it is: when the target was set, or the first cycle."""
    change: ElementChange | None
    """Baseline to latest scored cycle; None when there is no score or only one cycle to look at."""
    baseline_cycle: str | None
    latest_cycle: str | None
    start: ElementScore | None = None
    """The element's score in the baseline cycle (the first scored cycle from there on)."""
    now: ElementScore | None = None
    """The element's score in the newest cycle that scored it."""
    status: TargetStatus
    overdue: bool

    @property
    def baseline(self) -> float | None:
        return None if self.start is None else self.start.score

    @property
    def latest(self) -> float | None:
        return None if self.now is None else self.now.score

    @property
    def needed(self) -> float | None:
        """Stages the element had to climb from the baseline to the target."""
        return None if self.baseline is None else max(0.0, self.target.target_stage - self.baseline)

    @property
    def share_of_way(self) -> float | None:
        """How much of the way from baseline to target was covered, counting only real movement."""
        if self.needed is None or self.latest is None or self.status is TargetStatus.NOT_COMPARABLE:
            return None
        if self.latest >= self.target.target_stage:
            return 1.0
        if self.change is None:
            return None
        if not self.needed or self.change.direction is not Direction.UP:
            return 0.0
        return min(1.0, (self.latest - self.baseline) / self.needed)


def target_progress(scored: Sequence[Scored], targets: Iterable[Target], since_first: bool = False) -> list[TargetProgress]:
    """How far each targeted element moved toward its target: from the cycle current when the
    target was set (or from the first cycle) to the newest cycle that scored the element."""
    names = dict(elements(scored))
    out = []
    for target in targets:
        start, since = _baseline_index(scored, target.set_at, since_first)
        scored_at = [i for i in range(start, len(scored)) if _has_score(scored[i], target.element_id)]
        change, baseline, latest, status = None, None, None, TargetStatus.NO_SCORE
        start = now = None
        if scored_at:
            baseline, latest = scored[scored_at[0]][0].label, scored[scored_at[-1]][0].label
            start = scored[scored_at[0]][2].element(target.element_id)
            now = scored[scored_at[-1]][2].element(target.element_id)
            if len(scored_at) == 1:
                status = TargetStatus.REACHED if now.score >= target.target_stage else TargetStatus.NO_LATER_CYCLE
            else:
                change = compare_element(target.element_id, scored[scored_at[0]], scored[scored_at[-1]])
                status = _target_status(change, target.target_stage)
        last_label = scored[-1][0].label if scored else ""
        out.append(TargetProgress(
            target=target, name=names.get(target.element_id, target.element_id), since=since, change=change,
            baseline_cycle=baseline, latest_cycle=latest, start=start, now=now, status=status,
            overdue=status is not TargetStatus.REACHED and bool(last_label) and last_label > target.by_cycle_label,
        ))
    return out


def _baseline_index(scored: Sequence[Scored], set_at: datetime, since_first: bool) -> tuple[int, str]:
    if since_first:
        return 0, "since the first cycle"
    current = [i for i, (cycle, _, _) in enumerate(scored) if cycle.opened_at <= set_at]
    if not current:
        return 0, "since the first cycle (the target was set before any cycle)"
    return current[-1], f"since the target was set, in {scored[current[-1]][0].label}"


def _has_score(entry: Scored, element_id: str) -> bool:
    return _find(entry[1], element_id) is not None and not entry[2].element(element_id).is_gap


def _target_status(change: ElementChange, target_stage: int) -> TargetStatus:
    if change.direction is Direction.NOT_COMPARABLE:
        return TargetStatus.NOT_COMPARABLE
    if change.after.score >= target_stage:
        return TargetStatus.REACHED
    if change.direction is Direction.UP:
        return TargetStatus.MOVING
    if change.direction is Direction.DOWN:
        return TargetStatus.AWAY
    return TargetStatus.STILL
