"""How numbers read in the PDF: always with what they count, and gaps named as gaps.

Function and overall scores use two decimals and element scores ``:g``, exactly as
the Results page shows them, so a funder and a lead quote the same figures.

A count or figure the reporting threshold withholds (None, see
assessments/domain/confidentiality.py) reads "fewer than k answers"; no helper here
prints "None" or a zero in its place.
"""

from __future__ import annotations

from assessments.domain import rotation
from assessments.domain.change_summary import ChangeSummary
from assessments.domain.progress_rules import Direction
from assessments.domain.scoring import CycleScores, ElementScore, FunctionScore, ScoreSource
from reports.pdf_data import CyclePoint
from reports.tables import stage_range


def plural(count: int | None, word: str, many: str | None = None, threshold: int | None = None) -> str:
    """"1 member", "4 members"; a withheld count (None) reads "fewer than k members"."""
    if count is None:
        return f"fewer than {threshold} {many or word + 's'}" if threshold else f"{many or word + 's'}: not shown"
    return f"{count} {word if count == 1 else (many or word + 's')}"


def members(count: int | None, threshold: int) -> str:
    """Members who answered, as a figure: "4", or "fewer than 3" when the count is withheld."""
    return f"fewer than {threshold}" if count is None else str(count)


def dont_know(e: ElementScore) -> str:
    """"; 2 don't know", or nothing: none given, or the count is withheld."""
    return f"; {e.dont_know} don't know" if e.dont_know else ""


def score(value: float) -> str:
    return f"{value:.2f}"


def overall(scores: CycleScores) -> str:
    if scores.overall is None:
        return "gap: no function scored"
    scored = len(scores.functions) - len(scores.unscored_functions)
    carried = rotation.overall_note(scores)
    return (f"{score(scores.overall)} (mean of {scored} of {len(scores.functions)} function scores"
            + (f"; {carried}" if carried else "") + ")")


def carried(item: FunctionScore | ElementScore) -> str:
    """"; carried from 2026-Q3", or nothing for a score from this cycle's answers."""
    return f"; carried from {item.carried_from}" if item.carried else ""


def function(f: FunctionScore) -> str:
    if f.score is None:
        return f"gap: none of its {plural(f.elements, 'element')} scored{carried(f)}"
    gaps = f"; {plural(len(f.gaps), 'gap')}" if f.gaps else ""
    return f"{score(f.score)} (mean of {f.scored_elements} of {plural(f.elements, 'element')}{gaps}{carried(f)})"


def element(e: ElementScore) -> str:
    if e.is_gap:
        return f"gap: {e.answers_text}{dont_know(e)}{carried(e)}"
    if e.source is ScoreSource.CONSENSUS:
        return f"{e.score:g} (consensus stage; {e.answers_text}{carried(e)})"
    return f"{e.score:g} (median of {e.answers_text}{carried(e)})"


def spread(e: ElementScore) -> str:
    """The lowest to the highest stage given; "not shown" when the threshold withholds it."""
    if e.withheld:
        return "not shown"
    return stage_range(e) or "none"


def change(now: float | None, then: CyclePoint | None, then_value: float | None, framework_version: str,
           carried_from: str | None = None) -> str:
    """The change since an earlier cycle, with the earlier value, or why there is none. Across a
    framework version change a mean is not compared: it averages different elements (the
    element comparison in the report's version section is the honest one)."""
    if then is None:
        return "no earlier cycle"
    if then.framework.version != framework_version:
        return f"not comparable: {then.cycle.label} used framework version {then.framework.version}"
    if carried_from is not None and carried_from <= then.cycle.label:
        return f"carried from {carried_from}: not reassessed since {then.cycle.label}"
    if now is None or then_value is None:
        return f"not comparable: no score in {'this cycle' if now is None else then.cycle.label}"
    return f"{now - then_value:+.2f} since {then.cycle.label} (then {score(then_value)})"


def respondents_then_and_now(s: ChangeSummary, threshold: int) -> str:
    """"respondents down from 13 to 10", or with "fewer than k" where a count is withheld."""
    before, after = (members(n, threshold) for n in (s.before_respondents, s.after_respondents))
    if s.before_respondents is None or s.after_respondents is None or s.before_respondents == s.after_respondents:
        return f"respondents {before} in {s.before_label}, {after} in {s.after_label}"
    way = "up" if s.after_respondents > s.before_respondents else "down"
    return f"respondents {way} from {before} to {after}"


def change_headline(s: ChangeSummary) -> str:
    """Under the overall change in the key figures: the real changes and those within disagreement
    (across a framework version change, among the elements whose stages still mean the same)."""
    if s.framework_changed:
        return (f"framework version changed since {s.before_label}: of the elements still comparable, "
                f"{plural(s.real, 'element')} changed for real, {s.count(Direction.WITHIN)} within disagreement")
    return (f"since {s.before_label}: {plural(s.real, 'element')} changed for real, "
            f"{s.count(Direction.WITHIN)} within disagreement")


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def change_line(s: ChangeSummary, threshold: int) -> str:
    """The summary's change line: the overall change, the element changes as the Progress page
    classifies them, and the respondents, with a caution when they changed by more than a quarter."""
    overall = ("the overall change is not shown, because the framework changed" if s.framework_changed
               else "no overall change can be given (an overall score is a gap)" if s.overall_change is None
               else f"overall {s.overall_change:+.2f}")
    elements = sum(s.counts.values())
    text = (
        f"Since {s.before_label}: {overall}. Of {plural(elements, 'element')}, {s.real} changed by at least the "
        f"spread of members' answers ({s.count(Direction.UP)} up, {s.count(Direction.DOWN)} down); "
        f"{s.count(Direction.WITHIN)} moved within members' disagreement, which is not counted as progress; "
        f"{s.count(Direction.UNCHANGED)} {'is' if s.count(Direction.UNCHANGED) == 1 else 'are'} unchanged and "
        f"{s.count(Direction.NOT_COMPARABLE)} not comparable"
        # Rotation: a carried score is neither progress nor standing still; it was not assessed.
        + (f"; {s.count(Direction.CARRIED)} carried from an earlier cycle, not reassessed" if s.count(Direction.CARRIED) else "")
        + f". {_sentence_case(respondents_then_and_now(s, threshold))}."
    )
    if s.respondents_shifted:
        text += (f" That is a change of more than a quarter ({s.respondents_shift:+.0%}), so part of any change may "
                 "come from who answered rather than from what the task force does.")
    return text
