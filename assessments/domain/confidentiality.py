"""The reporting threshold: one rule for every number any viewer sees, stated once.

Members answer honestly only if no answer can be traced back to them. So:

- Each task force has a reporting threshold k (3 by default; a lead may set 3 to 10).
- No aggregate computed from fewer than k answers is shown to anyone, lead and funder
  included: an element's median, quartiles, spread and range, its distribution by
  stage and its "don't know" count, a discipline's median, and head counts per
  discipline. In its place the output says "fewer than k answers". Zero answers read
  the same, so not even whether anyone answered is told.
- A consensus stage agreed in the meeting is a decision, not an aggregate: always shown.
- An element under k (without consensus) is a gap in function and overall scores and in
  comparisons between cycles, so no mean or difference can be worked back to it.
- A discipline's figure for an element is shown only when that discipline and the rest
  of the task force each gave at least k stage answers to it; otherwise the
  whole-task-force figure minus the group would give the rest away.
- Head counts: disciplines with fewer than k respondents are pooled as "other
  disciplines"; a pool still under k is only part of the total.
- Evidence notes follow their own threshold k_notes >= k (a note's voice can identify
  its writer): an element's notes appear once at least k_notes members answered it.

assessments/domain/scoring.py applies this while it scores, so nothing downstream
ever holds a figure it could show by mistake.
"""

from __future__ import annotations

from collections.abc import Mapping

from assessments.domain.model import DomainError

DEFAULT_THRESHOLD = 3
LOWEST_THRESHOLD = 3
HIGHEST_THRESHOLD = 10
OTHER_DISCIPLINES = "Other disciplines"


def check_thresholds(reporting: int, notes: int | None) -> tuple[int, int | None]:
    """A lead's choice of k and k_notes, or a message saying what to change. ``notes=None`` means "same as k"."""
    for label, value in (("The reporting threshold", reporting), ("The notes threshold", notes)):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise DomainError(f"{label} must be a whole number from {LOWEST_THRESHOLD} to {HIGHEST_THRESHOLD}.")
        if not LOWEST_THRESHOLD <= value <= HIGHEST_THRESHOLD:
            raise DomainError(
                f"{label} must be from {LOWEST_THRESHOLD} to {HIGHEST_THRESHOLD} answers; {value} is not. Nothing was changed."
            )
    if notes is not None and notes < reporting:
        raise DomainError(
            f"The notes threshold ({notes}) cannot be lower than the reporting threshold ({reporting}): "
            "a note can identify its writer more easily than a number. Nothing was changed."
        )
    return reporting, (None if notes == reporting else notes)


def fewer_than(threshold: int) -> str:
    """The words every output puts in place of a withheld figure."""
    return f"fewer than {threshold} answers"


def shown(count: int, threshold: int) -> bool:
    return count >= threshold


def group_shown(group_count: int, total_count: int, threshold: int) -> bool:
    """A group's figure shows only when the group and everyone else each reach the threshold."""
    return shown(group_count, threshold) and shown(total_count - group_count, threshold)


def head_counts(by_group: Mapping[str, int], threshold: int) -> tuple[dict[str, int], int | None]:
    """Respondents per group as they may be shown, and the total (None when it is under k).

    Groups under k are pooled as "other disciplines"; a pool still under k is left out
    of the list and counted only in the total."""
    total = sum(by_group.values())
    if not shown(total, threshold):
        return {}, None
    listed = {group: count for group, count in sorted(by_group.items()) if shown(count, threshold)}
    pooled = total - sum(listed.values())
    if shown(pooled, threshold):
        listed[OTHER_DISCIPLINES] = pooled
    return listed, total


def rule_text(threshold: int, notes: int | None = None) -> str:
    """The rule in one paragraph, as the pages and the PDF's method section state it."""
    text = (
        f"Reporting threshold: {threshold} answers. No figure computed from fewer than {threshold} answers is shown "
        "to anyone, the lead and funders included: an element with fewer reads "
        f"\"{fewer_than(threshold)}\" and counts as a gap unless the task force agreed a consensus stage for it. "
        f"A discipline's figure for an element appears only when that discipline and the rest of the task force "
        f"each gave at least {threshold} answers; disciplines with fewer than {threshold} respondents are counted "
        "together as \"other disciplines\"."
    )
    if notes is not None and notes > threshold:
        text += f" Evidence notes on an element appear once at least {notes} members answered it."
    return text
