"""The sections of the PDF as lists of flowables: cover, contents, summary, charts,
method and the evidence appendix. Every text a person typed goes through ``esc``."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.tableofcontents import TableOfContents

from assessments.domain import confidentiality, progress_rules, rotation
from reports import pdf_charts, pdf_text
from reports import pdf_words as words
from reports.pdf_data import ReportData
from reports.pdf_styles import ACCENT, BAND, FRAME_WIDTH, RULE, esc, styles


class Heading(Paragraph):
    """A section heading: listed in the contents, linked, and in the PDF outline."""

    def __init__(self, text: str, level: int, key: str) -> None:
        super().__init__(esc(text), styles()["h1" if level == 0 else "h2"])
        self.plain, self.level, self.key = text, level, key


def grid(rows: Sequence[Sequence], widths: Sequence[float], zebra: bool = True) -> Table:
    table = Table(list(rows), colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    commands = [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
    ]
    if zebra:
        commands += [("BACKGROUND", (0, r), (-1, r), BAND) for r in range(2, len(rows), 2)]
    table.setStyle(TableStyle(commands))
    return table


def cell(text: str, style: str = "cell") -> Paragraph:
    """A table cell from markup we wrote; callers escape what people typed."""
    return Paragraph(text, styles()[style])


def head(*labels: str) -> list[Paragraph]:
    return [cell(esc(label), "cell_head") for label in labels]


def cover(data: ReportData) -> list:
    s = styles()
    cycle = data.cycle
    status = "closed" if not cycle.is_open else "still open: answers may change before it closes"
    framework = data.framework
    lines = [
        Spacer(1, 4.5 * cm),
        Paragraph("Self-assessment and improvement plan", s["cover_sub"]),
        Paragraph(esc(data.task_force.name), s["cover_title"]),
        Paragraph(esc(data.task_force.jurisdiction), s["cover_sub"]),
        Spacer(1, 1.2 * cm),
        Paragraph(f"<b>Cycle</b> {esc(cycle.label)} ({status})", s["cover_meta"]),
        Paragraph(f"<b>Report date</b> {data.report_date:%d %B %Y}", s["cover_meta"]),
        Paragraph(f"<b>Framework</b> {esc(framework.title)}, version {esc(framework.version)}", s["cover_meta"]),
        Paragraph(f"<b>Members who answered</b>: {words.members(data.scores.respondents, data.threshold)}",
                  s["cover_meta"]),
        Spacer(1, 2 * cm),
        Paragraph(
            "The framework is a planning resource for reflection, not a pass/fail checklist. Scores describe "
            "where the task force members see their collaboration today, element by element, on five stages "
            "of development.", s["small"]),
    ]
    if data.task_force.is_demo:
        lines += [Spacer(1, 0.5 * cm), Paragraph(
            "<b>Demo data.</b> This task force is fictional and its answers are made up, to show what a report "
            "looks like.", s["body"])]
    return lines


def contents() -> list:
    s = styles()
    toc = TableOfContents(dotsMinLevel=0)
    toc.levelStyles = [s["toc0"], s["toc1"]]
    return [PageBreak(), Paragraph("Contents", s["h1"]), Spacer(1, 6), toc]


def key_figures(data: ReportData) -> Table:
    s = styles()
    scores, change = data.scores, data.change
    scored = len(scores.elements) - len(scores.gaps)
    if change is not None and change.overall_change is not None:
        delta, delta_note = f"{change.overall_change:+.2f}", words.change_headline(change)
    elif change is not None:
        delta, delta_note = "not comparable", words.change_headline(change)
    else:
        delta, delta_note = "none", "no earlier cycle to compare"
    overall_label = "overall score, mean of the function scores" + (
        ", carried ones included" if scores.overall_includes_carried else "")
    figures = [
        ("gap" if scores.overall is None else words.score(scores.overall), overall_label),
        (delta, delta_note),
        (words.members(scores.respondents, data.threshold), "members answered"),
        (f"{scored} of {len(scores.elements)}", f"elements scored; {words.plural(len(scores.gaps), 'gap')}"),
    ]
    row = [[Paragraph(esc(value), s["big_number"]), Paragraph(esc(label), s["figure_label"])] for value, label in figures]
    table = Table([row], colWidths=[FRAME_WIDTH / 4] * 4)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), BAND), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEAFTER", (0, 0), (-2, -1), 2, "white"),
        ("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
    ]))
    return table


def summary(data: ReportData) -> list:
    s = styles()
    scores, previous, first = data.scores, data.previous, data.first
    version = data.framework.version
    out: list = [PageBreak(), Heading("Executive summary", 0, "summary")]
    k = data.threshold
    answered = words.plural(data.respondents, "member", threshold=k)
    out.append(Paragraph(
        f"In {esc(data.cycle.label)}, {answered} of {esc(data.task_force.name)} rated "
        f"{len(scores.elements)} elements of {esc(data.framework.title)} on five stages of development. "
        + ("The cycle is still open, so these figures may change. " if data.cycle.is_open else ""), s["body"]))

    out += [key_figures(data), Spacer(1, 8)]
    if data.change is not None:
        out.append(Paragraph(f"<b>Change</b>: {esc(words.change_line(data.change, k))}", s["body"]))
    out.append(Spacer(1, 4))
    rows = [head("", "Score", f"Change since {previous.cycle.label}" if previous else "Change since previous cycle",
                 f"Change since {first.cycle.label}" if first else "Change since first cycle")]
    rows.append([cell("<b>Overall</b>"), cell(f"<b>{esc(words.overall(scores))}</b>"),
                 cell(esc(words.change(scores.overall, previous, previous and previous.scores.overall, version))),
                 cell(esc(words.change(scores.overall, first, first and first.scores.overall, version)))])
    for f in scores.functions:
        name = next(fn.name for fn in data.framework.functions if fn.id == f.function_id)
        then = [pdf_charts._function_score(p, f.function_id) if p else None for p in (previous, first)]
        rows.append([cell(esc(name)), cell(esc(words.function(f))),
                     cell(esc(words.change(f.score, previous, then[0], version, f.carried_from))),
                     cell(esc(words.change(f.score, first, then[1], version, f.carried_from)))])
    out += [grid(rows, [0.29 * FRAME_WIDTH, 0.25 * FRAME_WIDTH, 0.23 * FRAME_WIDTH, 0.23 * FRAME_WIDTH]), Spacer(1, 8)]

    out.append(Paragraph(_head_counts(data), s["body"]))

    def listing(elements) -> list:
        return [cell(f"<b>{esc(e.element_id)}</b> {esc(data.element_name(e.element_id))}: {esc(words.element(e))}")
                for e in elements] or [cell("No element has a score yet.")]

    strengths, weakest = listing(data.strengths()), listing(data.weakest())
    pairs = [head("Top three strengths (highest scores)", "Top three gaps (lowest scores)")]
    pairs += [[strengths[i] if i < len(strengths) else "", weakest[i] if i < len(weakest) else ""]
              for i in range(max(len(strengths), len(weakest)))]
    out += [Spacer(1, 4), grid(pairs, [FRAME_WIDTH / 2] * 2, zebra=False), Spacer(1, 8)]

    unanswered = scores.gaps
    if unanswered:
        listed = "; ".join(f"{esc(e)} {esc(data.element_name(e))}" for e in unanswered)
        out.append(Paragraph(f"<b>Not scored ({words.plural(len(unanswered), 'element')})</b>: {listed}. Each had "
                             f"{esc(confidentiality.fewer_than(k))} and no consensus stage. These are gaps in what we "
                             "know, not zeros, and are left out of the function scores.", s["body"]))
    else:
        out.append(Paragraph(f"<b>Not scored</b>: none. Every element has at least {k} stage answers or a "
                             "consensus stage.", s["body"]))
    flagged = [e for e in scores.elements if e.disagreement]
    out.append(Paragraph(
        f"<b>Where members disagree</b>: {words.plural(len(flagged), 'element')} of {len(scores.elements)} "
        "have answers spanning two or more stages, or two disciplines whose medians differ by two or more; "
        "they are marked in the element tables.", s["body"]))
    plan = data.plan
    out.append(Paragraph(
        f"<b>Improvement plan</b>: {words.plural(len(plan.open_actions), 'open action')} "
        f"({len(plan.overdue)} overdue on the report date), {words.plural(len(plan.done_since_last_cycle), 'action')} "
        f"done since {esc(plan.previous_cycle_label or data.cycle.label)}, "
        f"{words.plural(len(plan.targets), 'element')} with a target.", s["body"]))
    return out


def _head_counts(data: ReportData) -> str:
    """The head counts per discipline the threshold lets show, and what it leaves out, in words."""
    k, total = data.threshold, data.respondents
    lead = "<b>Members who answered, by discipline</b>"
    if total is None:
        return (f"{lead}: fewer than {k} members answered, so no head count is shown, in all or by discipline "
                f"(reporting threshold: {k}).")
    listed = "; ".join(f"{esc(label)}: {count}" for label, count in data.head_counts.items())
    text = f"{lead} ({total} in all): {listed}." if listed else f"{lead} ({total} in all)."
    if sum(data.head_counts.values()) < total:
        text += (f" Disciplines with fewer than {k} respondents are not named; together still fewer than {k}, "
                 "they are counted only in the total.")
    return text + " These are head counts only; this report shows no score for any discipline."


def charts(data: ReportData) -> list:
    s = styles()
    label = esc(data.cycle.label)
    shown = data.up_to_cycle[-6:]
    return [
        PageBreak(), Heading("Charts", 0, "charts"),
        KeepTogether([
            Paragraph(f"Function scores, {label}", s["figure"]),
            Paragraph("Each bar is the mean of the function's scored elements; the diamond marks the previous "
                      "cycle's score.", s["small"]),
            Spacer(1, 6), pdf_charts.function_chart(data, FRAME_WIDTH),
        ]),
        Spacer(1, 14),
        KeepTogether([
            Paragraph(f"Scores over the cycles up to {label}", s["figure"]),
            Paragraph("The overall score and each function's score per cycle; a missing point is a cycle "
                      "without a score for that function.", s["small"]),
            Spacer(1, 6), pdf_charts.trend_chart(data, FRAME_WIDTH),
        ]),
        PageBreak(),
        Paragraph(f"Element scores, {esc(shown[0].cycle.label)} to {label}", s["figure"]),
        Paragraph("One row per element, one column per cycle; darker is an earlier stage, lighter a later one.",
                  s["small"]),
        Spacer(1, 6), pdf_charts.heatmap(data, FRAME_WIDTH),
    ]


def method(data: ReportData) -> list:
    s = styles()
    k = data.task_force.reporting_threshold
    out: list = [PageBreak(), Heading("How to read the scores", 0, "method")]
    for text in (
        "A member's answer for an element is a stage from 1 to 5, or \"don't know\", which is not a score.",
        ("An element's score is the stage the task force agreed on in its consensus meeting where one was "
         f"recorded, otherwise the median of the members' answers, computed only from {k} or more answers. A median "
         f"is always shown with the number of answers and their spread, so a score from {k} answers never looks "
         "like a score from 20. A consensus stage is a decision, not a figure computed from answers: it is shown "
         f"even where fewer than {k} members gave a stage, with \"{confidentiality.fewer_than(k)}\" in place of "
         "the count."),
        ("A function's score is the mean of its scored elements, and the overall score the mean of the function "
         f"scores. Elements with fewer than {k} stage answers and no consensus stage are gaps: they are named, "
         "never counted as zero."),
        ("An element is marked where members disagree: answers span two or more stages, or two disciplines' "
         f"medians differ by two or more. A discipline's median counts here only where that discipline and the "
         f"rest of the task force each gave at least {k} answers to the element; this report prints no discipline's "
         "score."),
    ):
        out.append(Paragraph(esc(text), s["body"]))
    if any(p.scores.carried_functions for p in data.up_to_cycle):
        out.append(Paragraph(esc(rotation.RULE), s["body"]))
    if len({(p.framework.id, p.framework.version) for p in data.up_to_cycle}) > 1:
        out.append(Paragraph(esc(progress_rules.COMPARABLE_RULE), s["body"]))
    rule = confidentiality.rule_text(k, data.task_force.notes_shown_from)
    first, stop, rest = rule.partition(". ")
    out.append(Paragraph(f"<b>{esc(first + stop.strip())}</b> {esc(rest)}", s["body"]))
    rows = [head("Stage", "Name", "What it looks like")]
    rows += [[cell(str(stage.number)), cell(f"<b>{esc(stage.name)}</b>"), cell(esc(stage.summary))]
             for stage in data.framework.stages]
    out += [Spacer(1, 4), grid(rows, [0.1 * FRAME_WIDTH, 0.25 * FRAME_WIDTH, 0.65 * FRAME_WIDTH])]
    out.append(Paragraph(esc(pdf_text.FONTS_NOTE), s["body"]))
    return out


def _note(text: str) -> Paragraph:
    """A note as written; one that starts right to left is broken into lines first and set flush right,
    so its lines read top to bottom (pdf_text.wrapped)."""
    style = styles()["note"]
    if not pdf_text.is_rtl_paragraph(text):
        return Paragraph(esc(text), style)
    width = FRAME_WIDTH - style.leftIndent - style.rightIndent - 4
    rtl = ParagraphStyle(f"{style.name}_rtl", parent=style, alignment=TA_RIGHT)
    return Paragraph(esc(pdf_text.wrapped(text, width * 0.95, style.fontSize)), rtl)


def appendix(data: ReportData) -> list:
    s = styles()
    out: list = [PageBreak(), Heading("Appendix: evidence notes", 0, "appendix")]
    notes_k = data.task_force.notes_shown_from
    out.append(Paragraph(
        f"{words.plural(len(data.notes), 'note')} of the {data.notes_written} evidence notes members wrote in "
        f"{esc(data.cycle.label)} on elements at least {notes_k} members answered, chosen by the task force lead. "
        "They are printed as written, without the names of the members who wrote them. Notes on elements fewer "
        f"members answered are never shown, so every note hides among at least {notes_k} answers.", s["body"]))
    if not data.notes:
        out.append(Paragraph("The lead chose no notes for this report.", s["body"]))
    current = None
    for note in data.notes:
        if note.element_id != current:
            current = note.element_id
            out.append(Paragraph(f"{esc(note.element_id)} {esc(data.element_name(note.element_id))}", s["h3"]))
        out.append(_note(note.text))
    return out
