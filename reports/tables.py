"""A cycle's scores as pandas tables: what the app shows behind each chart, and
what the exports and the PDF write. Only aggregates; no individual answer, and no
figure the reporting threshold withholds: those cells are empty and the row's
"Withheld" column says why, in words.

Every number here comes from assessments/domain/scoring.py through
assessments/usecases/results.py; these functions only arrange it in rows and columns.
"""

from __future__ import annotations

import pandas as pd

from assessments.domain import confidentiality, rotation
from assessments.domain.model import Actor, Discipline
from assessments.domain.scoring import CycleScores, ElementScore, ScoreSource
from assessments.store.database import Database
from assessments.usecases import results
from roadmap.model import Framework

STAGE_COLUMNS = [f"Answers at stage {n}" for n in range(1, 6)]
SCORING_RULES = (
    "Element score: the consensus stage where the task force recorded one, else the median of members' answers "
    "(stages 1-5; \"don't know\" is not a score). Function score: the mean of its scored elements; overall: the mean "
    "of the scored functions. Elements without a score are gaps, never counted as zero. Disagreement: answers span "
    "2 or more stages, or two disciplines' medians differ by 2 or more."
)


def source_label(element: ElementScore) -> str:
    carried = f", carried from {element.carried_from}" if element.carried else ""
    if element.source is ScoreSource.CONSENSUS:
        return "consensus" + carried
    if element.source is ScoreSource.MEDIAN:
        return "median of answers" + carried
    return f"gap: {element.withheld_text}{carried}"


def scoring_rules(scores: CycleScores) -> str:
    """The scoring rules and the reporting threshold these scores follow, as every export states them;
    and the rotation rule where some scores are carried from an earlier cycle."""
    carried = f" {rotation.RULE}" if scores.carried_functions else ""
    return f"{SCORING_RULES} {confidentiality.rule_text(scores.threshold)}{carried}"


def carried_text(scores: CycleScores) -> str:
    """"IF, PE: carried from 2026-Q3 (not assessed in this cycle)", or "none"."""
    carried = scores.carried_functions
    if not carried:
        return "none"
    by_source: dict[str, list[str]] = {}
    for f in carried:
        by_source.setdefault(f.carried_from, []).append(f.function_id)
    return "; ".join(f"{', '.join(ids)}: carried from {label}" for label, ids in by_source.items()) + (
        " (not assessed in this cycle)")


CycleReport = results.CycleResults


def cycle_report(db: Database, actor: Actor | None, cycle_id: int) -> CycleReport:
    """Needs Permission.READ_RESULTS in the cycle's task force; read in one unit of work
    (results.cycle_results): the cycle, the framework and the counted answers once each."""
    return results.cycle_results(db, actor, cycle_id)


def respondents_text(report: CycleReport) -> str:
    """"13 members answered (Law enforcement 4, Other disciplines 3, ...)", as the threshold lets it read."""
    total = report.scores.respondents
    if total is None:
        return f"fewer than {report.threshold} members answered"
    listed = ", ".join(f"{label} {count}" for label, count in report.respondents_by_discipline.items())
    return f"{total} members answered" + (f" ({listed})" if listed else "")


def score_text(element: ElementScore) -> str:
    """How a score reads wherever it appears: consensus marked, gaps named, never a zero."""
    carried = f", carried from {element.carried_from}" if element.carried else ""
    if element.score is None:
        return f"gap ({element.withheld_text}{carried})"
    if element.source is ScoreSource.CONSENSUS:
        return f"{element.score:g} (consensus{carried})"
    return f"{element.score:g}" + (f" (carried from {element.carried_from})" if element.carried else "")


def answers_text(element: ElementScore) -> str:
    """"5 answers, 1 don't know", or the withheld words."""
    return element.answers_text + (f", {element.dont_know} don't know" if element.dont_know else "")


def stage_range(element: ElementScore) -> str:
    if element.minimum is None:
        return ""
    # "3 to 5", not "3-5", which a spreadsheet would read as a date.
    return f"{element.minimum}" if element.minimum == element.maximum else f"{element.minimum} to {element.maximum}"


def discipline_label(group: str) -> str:
    try:
        return Discipline(group).label
    except ValueError:
        return group


def element_table(report: CycleReport) -> pd.DataFrame:
    framework, rationale = report.framework, report.rationale
    rows = []
    for e in report.scores.elements:
        rows.append({
            "Function id": e.function_id,
            "Function": _function_name(framework, e.function_id),
            "Element id": e.element_id,
            "Element": framework.element(e.element_id).name,
            "Score": e.score,
            "Score source": source_label(e),
            "Carried from": e.carried_from or "",
            "Withheld": e.withheld_text if e.withheld else "",
            "Median of answers": e.median,
            "Consensus stage": e.consensus_stage,
            "Consensus rationale": rationale.get(e.element_id, ""),
            "Answers": e.answers,
            "Don't know": e.dont_know,
            "Lowest stage": e.minimum,
            "Highest stage": e.maximum,
            "Range": stage_range(e),
            "IQR": e.iqr,
            "Disagreement": e.disagreement,
            "Why flagged": "; ".join(e.disagreement_reasons),
            **{column: None if e.distribution is None else e.distribution[n]
               for n, column in enumerate(STAGE_COLUMNS, start=1)},
        })
    table = pd.DataFrame(rows, columns=_ELEMENT_COLUMNS)
    for column in ("Consensus stage", "Answers", "Don't know", "Lowest stage", "Highest stage", *STAGE_COLUMNS):
        table[column] = table[column].astype("Int64")
    return table


_ELEMENT_COLUMNS = [
    "Function id", "Function", "Element id", "Element", "Score", "Score source", "Carried from", "Withheld",
    "Median of answers",
    "Consensus stage", "Consensus rationale", "Answers", "Don't know", "Lowest stage", "Highest stage", "Range",
    "IQR", "Disagreement", "Why flagged", *STAGE_COLUMNS,
]


def function_table(report: CycleReport) -> pd.DataFrame:
    rows = []
    for f in report.scores.functions:
        elements = [e for e in report.scores.elements if e.function_id == f.function_id]
        rows.append({
            "Function id": f.function_id,
            "Function": _function_name(report.framework, f.function_id),
            "Score": f.score,
            "Carried from": f.carried_from or "",
            "Elements scored": f.scored_elements,
            "Elements": f.elements,
            "Gaps": len(f.gaps),
            "Gap elements": ", ".join(f.gaps),
            "Consensus elements": sum(1 for e in elements if e.source is ScoreSource.CONSENSUS),
            "Elements with disagreement": sum(1 for e in elements if e.disagreement),
            # Only elements whose figures show: a withheld count must not be recoverable by subtraction.
            "Answers": sum(e.answers for e in elements if e.answers is not None),
        })
    return pd.DataFrame(rows, columns=_FUNCTION_COLUMNS)


_FUNCTION_COLUMNS = [
    "Function id", "Function", "Score", "Carried from", "Elements scored", "Elements", "Gaps", "Gap elements",
    "Consensus elements", "Elements with disagreement", "Answers",
]


def discipline_table(report: CycleReport) -> pd.DataFrame:
    """One row per element and discipline whose median the threshold lets show: the discipline and the
    rest of the task force each gave at least k answers. Other groups have no row at all."""
    framework = report.framework
    rows = []
    for g in report.breakdown:
        rows.append({
            "Function id": framework.function_of(g.element_id).id,
            "Element id": g.element_id,
            "Element": framework.element(g.element_id).name,
            "Discipline": discipline_label(g.group),
            "Answers": g.answers,
            "Median": g.median,
        })
    return pd.DataFrame(rows, columns=_DISCIPLINE_COLUMNS)


_DISCIPLINE_COLUMNS = ["Function id", "Element id", "Element", "Discipline", "Answers", "Median"]


def discipline_rule(report: CycleReport) -> str:
    k = report.threshold
    return (f"A discipline's median for an element is shown only when that discipline and the rest of the task "
            f"force each gave at least {k} answers to it; otherwise the task force's figure minus the discipline's "
            "could give the others away.")


def disagreement_table(report: CycleReport, limit: int | None = None, elements: pd.DataFrame | None = None) -> pd.DataFrame:
    """Flagged elements, the widest spread first, then the widest interquartile range. ``elements``:
    the report's element_table, where the caller has built it already."""
    table = element_table(report) if elements is None else elements
    flagged = table[table["Disagreement"]].assign(_spread=lambda t: t["Highest stage"] - t["Lowest stage"])
    flagged = flagged.sort_values(["_spread", "IQR", "Answers", "Element id"], ascending=[False, False, False, True])
    columns = ["Element id", "Element", "Function", "Score", "Score source", "Carried from", "Answers", "Range", "IQR",
               "Why flagged", *STAGE_COLUMNS]
    ranked = flagged[columns].reset_index(drop=True)
    return ranked if limit is None else ranked.head(limit)


def summary_table(report: CycleReport) -> pd.DataFrame:
    """What the numbers are about, as label/value rows: the first sheet of a spreadsheet."""
    scores = report.scores
    scored = sum(1 for e in scores.elements if not e.is_gap)
    rows = [
        ("Task force", report.task_force.name),
        ("Jurisdiction", report.task_force.jurisdiction),
        ("Cycle", report.cycle.label),
        ("Cycle status", report.cycle.status.value),
        ("Framework id", report.framework.id),
        ("Framework version", report.framework.version),
        ("Framework title", report.framework.title),
        ("Overall score", "gap: no function scored" if scores.overall is None else scores.overall),
        ("Functions assessed in this cycle",
         "all" if report.cycle.functions is None else ", ".join(report.cycle.functions)),
        ("Scores carried from earlier cycles", carried_text(scores)),
        ("Overall score includes carried scores", "yes" if scores.overall_includes_carried else "no"),
        ("Functions scored", f"{len(scores.functions) - len(scores.unscored_functions)} of {len(scores.functions)}"),
        ("Elements scored", f"{scored} of {len(scores.elements)}"),
        (f"Gaps (elements with {report.withheld_text} and no consensus)", ", ".join(scores.gaps) or "none"),
        ("Consensus stages recorded", len(report.consensus)),
        ("Members who answered", report.withheld_text if scores.respondents is None else scores.respondents),
        ("Members who answered, by discipline",
         "; ".join(f"{label}: {count}" for label, count in report.respondents_by_discipline.items()) or "not shown"),
        ("Reporting threshold", scores.threshold),
        ("Scoring rules", scoring_rules(scores)),
    ]
    return pd.DataFrame(rows, columns=["Item", "Value"])


def _function_name(framework: Framework, function_id: str) -> str:
    return next(f.name for f in framework.functions if f.id == function_id)
