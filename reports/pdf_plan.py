"""The element tables per function and the improvement plan, from the scoring output
and the CyclePlan of assessments/usecases/planning.py. Owners, titles, rationales and
outcomes are typed by people, so every one of them goes through ``esc``."""

from __future__ import annotations

from collections import OrderedDict

from reportlab.lib.units import cm
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Paragraph, Spacer

from assessments.domain import confidentiality
from assessments.domain.model import Target
from assessments.domain.plan_rules import STATUS_LABELS, PlanItem, current_stage
from reports import pdf_words as words
from reports.pdf_data import ReportData
from reports.pdf_sections import Heading, cell, grid, head
from reports.pdf_styles import FRAME_WIDTH, esc, styles

ELEMENT_WIDTHS = [w * FRAME_WIDTH for w in (0.35, 0.11, 0.14, 0.11, 0.14, 0.15)]


def target_text(target: Target | None) -> str:
    return "not set" if target is None else f"stage {target.target_stage} by {esc(target.by_cycle_label)}"


def element_tables(data: ReportData) -> list:
    s = styles()
    targets = {t.element_id: t for t in data.plan.targets}
    outcomes = {o.function_id: o.text for o in data.plan.outcomes if o.text.strip()}
    rationale = data.rationale
    k = data.threshold
    out: list = [PageBreak(), Heading("Element scores by function", 0, "elements")]
    out.append(Paragraph(
        "Score: the consensus stage where one was recorded, else the median of answers. Answers: members who "
        "gave a stage; \"don't know\" answers are counted apart. Spread: the lowest to the highest stage given. "
        f"Where fewer than {k} members gave a stage, the count, the spread and the median are not shown and the "
        f"row reads \"{esc(confidentiality.fewer_than(k))}\"; a consensus stage is still shown. "
        "⚑ marks an element where members disagree.", s["small"]))
    for function in data.framework.functions:
        score = data.scores.function(function.id)
        intro = [Heading(function.name, 1, f"function-{function.id}"),
                 Paragraph(f"Function score: <b>{esc(words.function(score))}</b>.", s["body"])]
        if function.id in outcomes:
            intro.append(Paragraph(f"<b>What success looks like</b>: {esc(outcomes[function.id])}", s["body"]))
        rows = [head("Element", "Score", "Answers", "Spread", "Consensus", "Target")]
        for element in function.elements:
            e = data.scores.element(element.id)
            name = f"<b>{esc(element.id)}</b> {esc(element.name)}"
            if e.disagreement:
                name += f"<br/><font size=7.5>⚑ {esc('; '.join(e.disagreement_reasons))}</font>"
            if element.id in rationale:
                name += f"<br/><font size=7.5><i>Agreed because: {esc(rationale[element.id])}</i></font>"
            if e.is_gap:
                score_cell = "<b>gap</b><br/><font size=7>no consensus" + (
                    f"<br/>carried,<br/>{esc(e.carried_from)}" if e.carried else "") + "</font>"
            else:
                kind = "consensus" if e.source.value == "consensus" else "median"
                kind += f"<br/>carried,<br/>{esc(e.carried_from)}" if e.carried else ""
                score_cell = f"<b>{e.score:g}</b><br/><font size=7>{kind}</font>"
            answers = (esc(e.withheld_text) if e.withheld else f"{e.answers}") + (
                f"<br/><font size=7>+{e.dont_know} don't know</font>" if e.dont_know else "")
            spread = words.spread(e) + (" ⚑" if e.disagreement else "")
            agreed = f"✓ stage {e.consensus_stage}" if e.consensus_stage is not None else "none"
            rows.append([cell(name), cell(score_cell), cell(answers), cell(spread), cell(agreed),
                         cell(target_text(targets.get(element.id)))])
        # A function starts on a new page only when its heading and first rows would not fit.
        out += [CondPageBreak(7 * cm), *intro, grid(rows, ELEMENT_WIDTHS), Spacer(1, 10)]
    return out


def _action_rows(items: list[PlanItem], with_element: bool, data: ReportData) -> list:
    rows = [head("Action", *(["Element"] if with_element else []), "Owner", "Due", "Status")]
    for item in items:
        action = item.action
        title = f"{esc(action.title)}"
        if item.carried_over:
            title += "<br/><font size=7>carried over from an earlier cycle</font>"
        status = STATUS_LABELS[action.status]
        if item.overdue:
            status = f"<b>overdue</b>, {status}"
        if action.completed_at is not None and action.status.value == "done":
            status += f"<br/><font size=7>{action.completed_at:%Y-%m-%d}</font>"
        row = [cell(title)]
        if with_element:
            row.append(cell(f"{esc(action.element_id)} {esc(data.element_name(action.element_id))}"))
        row += [cell(esc(action.owner) or "<i>no owner yet</i>"),
                cell(action.due_date.isoformat() if action.due_date else "<i>no date</i>"), cell(status)]
        rows.append(row)
    return rows


def plan_section(data: ReportData) -> list:
    s = styles()
    plan = data.plan
    out: list = [PageBreak(), Heading("Improvement plan", 0, "plan")]
    if not (plan.open_actions or plan.done_since_last_cycle or plan.targets or plan.dropped):
        out.append(Paragraph(
            f"No targets or improvement actions have been recorded for {esc(data.task_force.name)} yet. The lead "
            "sets targets and actions on the plan page; they will appear here.", s["body"]))
        return out
    out.append(Paragraph(
        f"{words.plural(len(plan.open_actions), 'open action')}, {len(plan.overdue)} of them overdue on "
        f"{data.report_date:%d %B %Y}; {words.plural(len(plan.done_since_last_cycle), 'action')} done since "
        f"{esc(plan.previous_cycle_label or data.cycle.label)} opened. Order: {esc(plan.priority_rule)}", s["body"]))

    groups: OrderedDict[str, list[PlanItem]] = OrderedDict()
    for item in plan.open_actions:
        groups.setdefault(item.action.element_id, []).append(item)
    targets = {t.element_id: t for t in plan.targets}
    out.append(Heading("Open actions by element", 1, "plan-open"))
    if not groups:
        out.append(Paragraph("No open actions.", s["body"]))
    for element_id, items in groups.items():
        e = next((x for x in data.scores.elements if x.element_id == element_id), None)
        now = "not in this cycle's framework" if e is None else words.element(e)
        stage = None if e is None else current_stage(e.score)
        standing = f"now {esc(now)}" + (f", so at stage {stage}" if stage and e.score != stage else "")
        title = Paragraph(f"{esc(element_id)} {esc(data.element_name(element_id))}", s["h3"])
        line = Paragraph(f"{standing}; target: {target_text(targets.get(element_id))}.", s["small"])
        table = grid(_action_rows(items, False, data), [w * FRAME_WIDTH for w in (0.47, 0.21, 0.14, 0.18)])
        out.append(KeepTogether([title, line, Spacer(1, 3), table]))

    out.append(Heading(f"Done since {plan.previous_cycle_label or data.cycle.label}", 1, "plan-done"))
    if plan.done_since_last_cycle:
        out.append(grid(_action_rows(list(plan.done_since_last_cycle), True, data),
                        [w * FRAME_WIDTH for w in (0.34, 0.25, 0.15, 0.13, 0.13)]))
    else:
        out.append(Paragraph("No action was completed in this period.", s["body"]))
    if plan.dropped:
        out.append(Heading("Dropped in this period", 1, "plan-dropped"))
        out.append(grid(_action_rows(list(plan.dropped), True, data),
                        [w * FRAME_WIDTH for w in (0.34, 0.25, 0.15, 0.13, 0.13)]))
    return out
