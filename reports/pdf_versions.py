"""The PDF's section on what a reader must know before comparing cycles: a framework version
change (and which elements are compared across it) and scores carried from an earlier cycle.

Every judgement comes from assessments/domain/progress_rules.py and rotation.py, the code the
Progress page uses; this module only lays it out. Left out when neither applies."""

from __future__ import annotations

from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer

from assessments.domain import progress_rules, rotation
from assessments.domain.progress_rules import Direction
from reports import tables
from reports.pdf_data import ReportData
from reports.pdf_sections import Heading, cell, grid, head
from reports.pdf_styles import FRAME_WIDTH, esc, styles


def _scored(data: ReportData) -> list[progress_rules.Scored]:
    return [(p.cycle, p.framework, p.scores) for p in data.up_to_cycle]


def applies(data: ReportData) -> bool:
    return bool(progress_rules.framework_changes(_scored(data)) or data.scores.carried_functions)


def section(data: ReportData) -> list:
    if not applies(data):
        return []
    out: list = [PageBreak(), Heading("Framework versions and carried scores", 0, "versions")]
    scored = _scored(data)
    for change in progress_rules.framework_changes(scored):
        before = next(x for x in scored if x[0].label == change.before_cycle)
        after = next(x for x in scored if x[0].label == change.after_cycle)
        out += _version_change(change, progress_rules.compare_cycles(before, after))
    if data.scores.carried_functions:
        out += _carried(data)
    return out


def _version_change(change: progress_rules.FrameworkChange, comparison: progress_rules.Comparison) -> list:
    s = styles()
    out: list = [Heading(f"Version change between {change.before_cycle} and {change.after_cycle}", 1,
                         f"version-{change.after_cycle}")]
    out.append(Paragraph(esc(change.note), s["body"]))
    out.append(Paragraph(esc(
        "Function and overall scores are not compared across this change: they average different elements. "
        "Only the elements below are compared, each with the element of the earlier version it continues, where "
        "its stages still mean the same."), s["body"]))
    compared = [c for c in comparison.changes if c.direction is not Direction.NOT_COMPARABLE]
    rows = [head("Element", change.before_cycle, change.after_cycle, "Change")]
    for c in compared:
        rows.append([cell(f"<b>{esc(c.element_id)}</b> {esc(c.name)}"), cell(esc(tables.score_text(c.before))),
                     cell(esc(tables.score_text(c.after))), cell(esc(_direction(c)))])
    if compared:
        out += [grid(rows, [0.46 * FRAME_WIDTH, 0.15 * FRAME_WIDTH, 0.15 * FRAME_WIDTH, 0.24 * FRAME_WIDTH]),
                Spacer(1, 6)]
    else:
        out.append(Paragraph("No element can be compared across this change.", s["body"]))
    skipped = [c for c in comparison.changes if c.direction is Direction.NOT_COMPARABLE]
    if skipped:
        listed = "; ".join(f"<b>{esc(c.element_id)}</b>: {esc(c.reason)}" for c in skipped)
        out.append(Paragraph(f"<b>Not compared ({len(skipped)})</b>: {listed}.", s["small"]))
    return out


def _direction(c: progress_rules.ElementChange) -> str:
    if c.change is None:
        return c.direction.value
    return f"{c.change:+g}, {c.direction.value}"


def _carried(data: ReportData) -> list:
    s = styles()
    names = {f.id: f.name for f in data.framework.functions}
    rows = [head("Function", "Score", "Carried from")]
    rows += [[cell(esc(names[f.function_id])), cell("gap" if f.score is None else f"{f.score:.2f}"),
              cell(esc(f"{f.carried_from} (not assessed in {data.cycle.label})"))]
             for f in data.scores.carried_functions]
    return [KeepTogether([
        Heading(f"Scores carried into {data.cycle.label}", 1, "carried"),
        Paragraph(esc(f"{data.cycle.label} assessed {', '.join(data.cycle.functions or ())} only. {rotation.RULE}"),
                  s["body"]),
        grid(rows, [0.5 * FRAME_WIDTH, 0.15 * FRAME_WIDTH, 0.35 * FRAME_WIDTH]),
    ])]
