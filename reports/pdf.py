"""The PDF report for funders: cover, contents, executive summary, charts, element
tables, improvement plan and the evidence appendix, with reportlab platypus.

The same data gives the same bytes: the document is built with ``invariant=1`` and
the only date in it is the report date the caller passes.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageTemplate

from assessments.domain.model import Actor
from assessments.store.database import Database
from reports import pdf_plan, pdf_sections, pdf_versions
from reports.pdf_charts import fit
from reports.pdf_data import ReportData, read_report
from reports.pdf_sections import Heading
from reports.pdf_styles import BOLD, FONT, MARGIN, MUTED, PAGE_SIZE, RULE, register_fonts
from reports.pdf_text import drawn_runs

Progress = Callable[[float, str], None]
SECTION_TITLES = (
    "Contents", "Executive summary", "Charts", "Element scores by function", "Improvement plan",
    "How to read the scores", "Appendix: evidence notes",
)


class ReportTemplate(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, data: ReportData) -> None:
        framework = data.framework
        super().__init__(
            buffer, pagesize=PAGE_SIZE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
            bottomMargin=MARGIN, invariant=1,
            title=f"{data.task_force.name}: self-assessment and improvement plan, {data.cycle.label}",
            author=data.task_force.name,
            subject=f"Self-assessment against {framework.title} version {framework.version}, cycle "
                    f"{data.cycle.label}, with the improvement plan. Report date {data.report_date.isoformat()}.",
            creator="Waypoint", keywords="anti-human-trafficking task force; self-assessment; improvement plan",
            lang="en",
        )
        self.data = data
        # multiBuild lays the story out until the contents stop changing; each pass prints
        # the page total the previous pass ended with, so the last pass prints the right one.
        self.known_total: int | None = None
        frame = Frame(MARGIN, MARGIN, PAGE_SIZE[0] - 2 * MARGIN, PAGE_SIZE[1] - 2 * MARGIN, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate("cover", [frame]),
            PageTemplate("body", [frame], onPage=self._running_header),
        ])

    def _running_header(self, canvas: Canvas, _doc) -> None:
        data, width = self.data, PAGE_SIZE[0]
        top = PAGE_SIZE[1] - MARGIN + 0.55 * cm
        canvas.saveState()
        canvas.setFillColor(MUTED)
        _draw(canvas, MARGIN, top, fit(data.task_force.name, width * 0.55, 8, BOLD), bold=True)
        canvas.setFont(FONT, 8)
        canvas.drawRightString(width - MARGIN, top, f"Self-assessment {data.cycle.label} · {data.report_date.isoformat()}")
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, top - 5, width - MARGIN, top - 5)
        footer = fit(data.framework.title, width * 0.5, 8) + f", version {data.framework.version}"
        _draw(canvas, MARGIN, MARGIN - 1.0 * cm, footer)
        canvas.setFont(FONT, 8)
        total = f" of {self.known_total}" if self.known_total else ""
        canvas.drawRightString(width - MARGIN, MARGIN - 1.0 * cm, f"Page {self.page}{total}")
        canvas.restoreState()

    def build(self, flowables, **kwargs) -> None:
        self.printed_total = self.known_total
        super().build(flowables, **kwargs)
        self.known_total = self.page

    def afterFlowable(self, flowable) -> None:  # noqa: N802 (reportlab's name)
        if isinstance(flowable, Heading):
            self.canv.bookmarkPage(flowable.key)
            self.canv.addOutlineEntry(flowable.plain, flowable.key, level=flowable.level, closed=False)
            self.notify("TOCEntry", (flowable.level, flowable.text, self.page, flowable.key))


def _draw(canvas: Canvas, x: float, y: float, text: str, bold: bool = False, size: float = 8) -> None:
    """Text a person typed on the page itself, one font run at a time (pdf_text.drawn_runs)."""
    for name, run, width in drawn_runs(text, bold, size):
        canvas.setFont(name, size)
        canvas.drawString(x, y, run)
        x += width


def build_pdf(db: Database, actor: Actor | None, task_force_id: int, cycle_id: int, report_date: date,
              progress: Progress | None = None) -> bytes:
    """The report of one cycle as PDF bytes, read with the actor's rights (a lead's). Raises NotAllowed
    for an actor outside the task force and NotFound for a cycle of another task force."""
    report = progress or (lambda fraction, text: None)
    register_fonts()
    report(0.05, "Reading scores, plan and notes")
    data = read_report(db, actor, task_force_id, cycle_id, report_date)
    return render(data, report)


def story(data: ReportData) -> list:
    return [
        *pdf_sections.cover(data), NextPageTemplate("body"), *pdf_sections.contents(),
        *pdf_sections.summary(data), *pdf_versions.section(data), *pdf_sections.charts(data), *pdf_plan.element_tables(data),
        *pdf_plan.plan_section(data), *pdf_sections.method(data), *pdf_sections.appendix(data),
    ]


def render(data: ReportData, progress: Progress | None = None) -> bytes:
    report = progress or (lambda fraction, text: None)
    report(0.4, "Laying out the pages")
    known_total = None
    for attempt in range(3):
        buffer = io.BytesIO()
        report(0.6 + 0.1 * attempt, "Numbering pages and linking the contents")
        document = ReportTemplate(buffer, data)
        document.known_total = known_total
        document.multiBuild(story(data))
        if document.printed_total == document.known_total:
            break
        known_total = document.known_total  # the last pass changed the page count: lay out once more
    report(1.0, "PDF ready")
    return buffer.getvalue()
