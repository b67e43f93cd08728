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
from assessments.domain.paper import Paper, check_paper
from assessments.store.database import Database
from reports import pdf_plan, pdf_sections, pdf_versions
from reports.pdf_charts import fit
from reports.pdf_data import ReportData, read_report
from reports.pdf_sections import Heading
from reports.pdf_styles import BOLD, FONT, FRAME_WIDTH, MARGIN, MUTED, PAGE_SIZES, RULE, register_fonts
from reports.pdf_text import drawn_runs

Progress = Callable[[float, str], None]
SECTION_TITLES = (
    "Contents", "Executive summary", "Charts", "Element scores by function", "Improvement plan",
    "How to read the scores", "Appendix: evidence notes",
)


class ReportTemplate(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, data: ReportData, paper: Paper) -> None:
        framework = data.framework
        page_width, page_height = PAGE_SIZES[paper]
        self.left = (page_width - FRAME_WIDTH) / 2
        super().__init__(
            buffer, pagesize=(page_width, page_height), leftMargin=self.left, rightMargin=self.left, topMargin=MARGIN,
            bottomMargin=MARGIN, invariant=1,
            title=f"{data.task_force.name}: self-assessment and improvement plan, {data.cycle.label}",
            author=data.task_force.name,
            subject=f"Self-assessment against {framework.title} version {framework.version}, cycle "
                    f"{data.cycle.label}, with the improvement plan. Report date {data.report_date.isoformat()}.",
            creator="Waypoint", keywords="anti-human-trafficking task force; self-assessment; improvement plan",
            lang="en-US",
        )
        self.data = data
        # multiBuild lays the story out until the contents stop changing; each pass prints
        # the page total the previous pass ended with, so the last pass prints the right one.
        self.known_total: int | None = None
        frame = Frame(self.left, MARGIN, FRAME_WIDTH, page_height - 2 * MARGIN, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate("cover", [frame]),
            PageTemplate("body", [frame], onPage=self._running_header),
        ])

    def _running_header(self, canvas: Canvas, _doc) -> None:
        data, left, right = self.data, self.left, self.left + FRAME_WIDTH
        top = self.pagesize[1] - MARGIN + 0.55 * cm
        canvas.saveState()
        canvas.setFillColor(MUTED)
        _draw(canvas, left, top, fit(data.task_force.name, FRAME_WIDTH * 0.6, 8, BOLD), bold=True)
        canvas.setFont(FONT, 8)
        canvas.drawRightString(right, top, f"Self-assessment {data.cycle.label} · {data.report_date.isoformat()}")
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(left, top - 5, right, top - 5)
        footer = fit(data.framework.title, FRAME_WIDTH * 0.6, 8) + f", version {data.framework.version}"
        _draw(canvas, left, MARGIN - 1.0 * cm, footer)
        canvas.setFont(FONT, 8)
        total = f" of {self.known_total}" if self.known_total else ""
        canvas.drawRightString(right, MARGIN - 1.0 * cm, f"Page {self.page}{total}")
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
              progress: Progress | None = None, paper: Paper | str | None = None) -> bytes:
    """The report of one cycle as PDF bytes, read with the actor's rights (a lead's), on ``paper``
    (default: the task force's setting, US Letter unless the lead chose A4). Raises NotAllowed
    for an actor outside the task force and NotFound for a cycle of another task force."""
    paper = None if paper is None else check_paper(paper)
    report = progress or (lambda fraction, text: None)
    register_fonts()
    report(0.05, "Reading scores, plan and notes")
    data = read_report(db, actor, task_force_id, cycle_id, report_date)
    return render(data, report, paper)


def story(data: ReportData) -> list:
    return [
        *pdf_sections.cover(data), NextPageTemplate("body"), *pdf_sections.contents(),
        *pdf_sections.summary(data), *pdf_versions.section(data), *pdf_sections.charts(data), *pdf_plan.element_tables(data),
        *pdf_plan.plan_section(data), *pdf_sections.method(data), *pdf_sections.appendix(data),
    ]


def render(data: ReportData, progress: Progress | None = None, paper: Paper | None = None) -> bytes:
    report = progress or (lambda fraction, text: None)
    paper = paper or data.task_force.paper
    report(0.4, "Laying out the pages")
    known_total = None
    for attempt in range(3):
        buffer = io.BytesIO()
        report(0.6 + 0.1 * attempt, "Numbering pages and linking the contents")
        document = ReportTemplate(buffer, data, paper)
        document.known_total = known_total
        document.multiBuild(story(data))
        if document.printed_total == document.known_total:
            break
        known_total = document.known_total  # the last pass changed the page count: lay out once more
    report(1.0, "PDF ready")
    return buffer.getvalue()
