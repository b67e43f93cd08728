"""Vector charts for the PDF, drawn with reportlab.graphics from the scoring output.

Every chart draws numbers it is given; none computes a score. Colours are
Okabe-Ito for series and cividis-like for stage scores, both safe for colour-blind
readers, and every series also differs by marker shape, so nothing depends on colour.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from assessments.domain import progress_rules
from reports.pdf_data import CyclePoint, ReportData
from reports.pdf_styles import (
    BOLD,
    FONT,
    GAP_STROKE,
    INK,
    MUTED,
    OKABE_ITO,
    RULE,
    SERIES,
    register_fonts,
    stage_colour,
    text_colour_on,
)
from reports.pdf_text import drawn_runs, drawn_width

STAGES = (1, 2, 3, 4, 5)


def fit(text: str, width: float, size: float, font: str = FONT) -> str:
    """The text, shortened with an ellipsis to fit ``width`` points, measured in the fonts it is drawn in."""
    bold = font == BOLD
    if drawn_width(text, size, bold) <= width:
        return text
    while text and drawn_width(text + "…", size, bold) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _label(x: float, y: float, text: str, size: float = 7.5, anchor: str = "start", font: str = FONT,
           colour=INK) -> Group:
    """A label as one String per font run (pdf_text.drawn_runs), so any script shows."""
    runs = drawn_runs(text, bold=font == BOLD, size=size)
    total = sum(width for _, _, width in runs)
    left = x - {"start": 0, "middle": total / 2, "end": total}[anchor]
    group = Group()
    for name, run, width in runs:
        group.add(String(left, y, run, fontName=name, fontSize=size, fillColor=colour, textAnchor="start"))
        left += width
    return group


def function_chart(data: ReportData, width: float) -> Drawing:
    """One bar per function on the 1-5 stage scale, with the previous cycle's score marked."""
    register_fonts()
    previous = data.previous
    row, top, bottom = 36, 6, 40
    functions = data.scores.functions
    drawing = Drawing(width, top + row * len(functions) + bottom)
    label_w, value_w = width * 0.34, width * 0.22
    plot = width - label_w - value_w - 16
    x = lambda v: label_w + 8 + (v - 1) / 4 * plot  # noqa: E731
    plot_top = drawing.height - top
    for stage in STAGES:
        drawing.add(Line(x(stage), bottom - 3, x(stage), plot_top, strokeColor=RULE, strokeWidth=0.5))
        drawing.add(_label(x(stage), bottom - 13, f"{stage}", anchor="middle"))
    drawing.add(_label(x(3), bottom - 25, "Score on the stage scale (1 = first stage, 5 = most developed)",
                       anchor="middle", colour=MUTED))
    for index, function_score in enumerate(functions):
        y = plot_top - row * (index + 1) + (row - 14) / 2
        name = next(f.name for f in data.framework.functions if f.id == function_score.function_id)
        lines = [fit(line, label_w, 8, BOLD) for line in simpleSplit(name, BOLD, 8, label_w)[:2]]
        for n, line in enumerate(lines):
            drawing.add(_label(0, y + 7 + 5 * (len(lines) - 1) - 10 * n - 3, line, size=8, font=BOLD))
        if function_score.score is None:
            drawing.add(Rect(x(1), y, plot, 14, fillColor=None, strokeColor=GAP_STROKE, strokeDashArray=[2, 2]))
            drawing.add(_label(x(1) + 4, y + 4, "gap: no element scored", colour=MUTED))
            continue
        drawing.add(Rect(x(1), y, max(x(function_score.score) - x(1), 1.5), 14, fillColor=SERIES[index % len(SERIES)],
                         strokeColor=None))
        drawing.add(_label(x(5) + 10, y + 6, f"{function_score.score:.2f}", size=9, font=BOLD))
        drawing.add(_label(x(5) + 10, y - 3, f"mean of {function_score.scored_elements} of "
                           f"{function_score.elements} elements", size=6.8, colour=MUTED))
        if function_score.carried:
            drawing.add(_label(x(5) + 10, y - 11, f"carried from {function_score.carried_from}", size=6.8,
                               font=BOLD, colour=MUTED))
        # Across a framework version change a function's mean averages other elements: no marker.
        if previous is not None and previous.framework.version == data.framework.version:
            before = _function_score(previous, function_score.function_id)
            if before is not None:
                drawing.add(_marker("diamond", x(before), y + 7, 4.5, colors.white, INK))
    if previous is not None and previous.framework.version == data.framework.version:
        drawing.add(_marker("diamond", x(5) + 14, bottom - 10, 4, colors.white, INK))
        drawing.add(_label(x(5) + 22, bottom - 13, f"{previous.cycle.label} score", colour=MUTED))
    return drawing


def _members(point: CyclePoint, width: float, size: float) -> str:
    """"5 members" under a cycle's label, or "fewer than k members" (shortened to fit) when withheld."""
    count, k = point.scores.respondents, point.scores.threshold
    if count is not None:
        return f"{count} members"
    for text in (f"fewer than {k} members", f"fewer than {k}", f"< {k}"):
        if stringWidth(text, FONT, size) <= width:
            return text
    return f"< {k}"


def _function_score(point: CyclePoint, function_id: str) -> float | None:
    return next((f.score for f in point.scores.functions if f.function_id == function_id), None)


def trend_chart(data: ReportData, width: float) -> Drawing:
    """The overall score and each function's score over the cycles up to this one."""
    register_fonts()
    points = data.up_to_cycle[-8:]
    functions = data.framework.functions
    legend_rows = len(functions) + 1
    height = 270 + 12 * legend_rows
    drawing = Drawing(width, height)
    left, right, bottom, top = 34, 22, 52 + 12 * legend_rows, 10
    plot_w, plot_h = width - left - right, height - bottom - top
    y = lambda v: bottom + (v - 1) / 4 * plot_h  # noqa: E731
    step = plot_w / max(len(points) - 1, 1)
    x = lambda i: left + (i * step if len(points) > 1 else plot_w / 2)  # noqa: E731
    for stage in STAGES:
        drawing.add(Line(left, y(stage), left + plot_w, y(stage), strokeColor=RULE, strokeWidth=0.5))
        drawing.add(_label(left - 6, y(stage) - 2.5, f"{stage}", anchor="end"))
    axis = _label(0, 0, "Score (stage 1-5)", anchor="middle", colour=MUTED)
    group = Group(axis)
    group.translate(9, bottom + plot_h / 2)
    group.rotate(90)
    drawing.add(group)
    for i, point in enumerate(points):
        drawing.add(_label(x(i), bottom - 14, point.cycle.label, anchor="middle", font=BOLD if point.cycle.id == data.cycle.id else FONT))
        drawing.add(_label(x(i), bottom - 24, _members(point, step - 4 if len(points) > 1 else plot_w, 6.5), size=6.5,
                           anchor="middle", colour=MUTED))
    drawing.add(_label(left + plot_w / 2, bottom - 38, "Cycle (members who answered)", anchor="middle", colour=MUTED))

    shapes = ["square", "triangle", "diamond", "circle_open", "square_open", "triangle_open"]
    series = [("Overall", INK, "circle", 2.2, [p.scores.overall for p in points])]
    for index, function in enumerate(functions):
        series.append((function.name, SERIES[index % len(SERIES)], shapes[index % len(shapes)], 1.3,
                       [_function_score(p, function.id) for p in points]))
    # A line never joins two framework versions: their means average different elements.
    run_of = [0]
    for before, after in zip(points, points[1:]):
        run_of.append(run_of[-1] + (before.framework.version != after.framework.version))
    for name, colour, shape, stroke, values in reversed(series):
        for run in sorted(set(run_of)):
            _draw_series(drawing, [(x(i), y(v)) if v is not None and run_of[i] == run else None
                                   for i, v in enumerate(values)], colour, shape, stroke)
    _mark_versions_and_carried(drawing, data, points, functions, x, y, bottom, plot_h)
    column_w = width
    for index, (name, colour, shape, stroke, _) in enumerate(series):
        lx, ly = 0, bottom - 54 - 12 * index
        drawing.add(Line(lx, ly + 3, lx + 18, ly + 3, strokeColor=colour, strokeWidth=stroke))
        drawing.add(_marker(shape, lx + 9, ly + 3, 3, colour, colour))
        label = "Overall (mean of the function scores)" if index == 0 else name
        drawing.add(_label(lx + 24, ly, fit(label, column_w - 30, 7.5), colour=INK))
    return drawing


def _mark_versions_and_carried(drawing: Drawing, data: ReportData, points, functions, x, y, bottom, plot_h) -> None:
    """A dashed line where the framework version changes, and a ring around each carried score."""
    for i in range(1, len(points)):
        if points[i].framework.version != points[i - 1].framework.version:
            mid = (x(i) + x(i - 1)) / 2
            drawing.add(Line(mid, bottom, mid, bottom + plot_h, strokeColor=INK, strokeWidth=0.8, strokeDashArray=[3, 2]))
            drawing.add(_label(mid + 3, bottom + plot_h - 8, f"framework version {points[i].framework.version}",
                               size=6.5, colour=MUTED))
    for i, point in enumerate(points):
        for f in point.scores.carried_functions:
            if f.score is not None and any(fn.id == f.function_id for fn in functions):
                drawing.add(Circle(x(i), y(f.score), 5.5, fillColor=None, strokeColor=INK, strokeWidth=0.8,
                                   strokeDashArray=[1.2, 1.2]))
    if any(p.scores.carried_functions for p in points):
        drawing.add(Circle(drawing.width - 118, 6, 4, fillColor=None, strokeColor=INK, strokeWidth=0.8,
                           strokeDashArray=[1.2, 1.2]))
        drawing.add(_label(drawing.width - 110, 3.5, "carried from an earlier cycle", size=6.5, colour=MUTED))


def _draw_series(drawing: Drawing, points: Sequence[tuple[float, float] | None], colour, shape: str, stroke: float) -> None:
    run: list[tuple[float, float]] = []
    for point in [*points, None]:
        if point is None:
            if len(run) > 1:
                drawing.add(PolyLine([c for p in run for c in p], strokeColor=colour, strokeWidth=stroke))
            run = []
        else:
            run.append(point)
    for point in points:
        if point is not None:
            drawing.add(_marker(shape, point[0], point[1], 3.2, colour, colour))


def _marker(shape: str, cx: float, cy: float, r: float, fill, stroke):
    hollow = shape.endswith("_open")
    kind = shape.removesuffix("_open")
    fill = colors.white if hollow else fill
    if kind == "circle":
        return Circle(cx, cy, r, fillColor=fill, strokeColor=stroke, strokeWidth=1)
    if kind == "square":
        return Rect(cx - r, cy - r, 2 * r, 2 * r, fillColor=fill, strokeColor=stroke, strokeWidth=1)
    if kind == "triangle":
        return Polygon([cx - r, cy - r, cx + r, cy - r, cx, cy + r * 1.1], fillColor=fill, strokeColor=stroke, strokeWidth=1)
    return Polygon([cx, cy + r * 1.2, cx + r, cy, cx, cy - r * 1.2, cx - r, cy], fillColor=fill, strokeColor=stroke, strokeWidth=1)


def heatmap(data: ReportData, width: float, cycles: int = 6) -> Drawing:
    """Every element's score per cycle: rows are elements, columns the last ``cycles`` cycles."""
    register_fonts()
    points = data.up_to_cycle[-cycles:]
    elements = data.framework.elements
    row_h, head, legend = 16, 30, 62
    label_w = width * 0.42
    cell_w = min((width - label_w) / max(len(points), 1), 62)
    gaps_between_functions = len(data.framework.functions) - 1
    drawing = Drawing(width, head + row_h * len(elements) + 6 * gaps_between_functions + legend)
    top = drawing.height - head
    for c, point in enumerate(points):
        cx = label_w + cell_w * (c + 0.5)
        bold = BOLD if point.cycle.id == data.cycle.id else FONT
        drawing.add(_label(cx, top + 16, point.cycle.label, size=7.5, anchor="middle", font=bold))
        drawing.add(_label(cx, top + 6, _members(point, cell_w - 2, 6.3), size=6.3, anchor="middle", colour=MUTED))
    y = top
    for f_index, function in enumerate(data.framework.functions):
        if f_index:
            y -= 6
        for element in function.elements:
            y -= row_h
            drawing.add(_label(0, y + 4.5, fit(f"{element.id}  {element.name}", label_w - 6, 7), size=7))
            for c, point in enumerate(points):
                shown_id, reason = _counterpart(point, data, element.id)
                if reason:
                    _blank_cell(drawing, label_w + cell_w * c, y, cell_w, row_h, "not comparable")
                else:
                    _heat_cell(drawing, point, shown_id, label_w + cell_w * c, y, cell_w, row_h)
    for c in range(1, len(points)):
        if points[c].framework.version != points[c - 1].framework.version:
            lx = label_w + cell_w * c
            drawing.add(Line(lx, y - 2, lx, top + 2, strokeColor=INK, strokeWidth=1, strokeDashArray=[3, 2]))
    _stage_legend(drawing, label_w, 6, min(width - label_w, 5 * 44))
    k = data.threshold
    lines = [f"gap = fewer than {k} answers and no consensus.", f"No count is shown where fewer than {k} answers;",
             "Cell: element score (answers); * consensus stage."]
    if any(c > 0 and points[c].framework.version != points[c - 1].framework.version for c in range(len(points))):
        lines.append("dashed line = new framework version.")
    if any(p.scores.carried_functions for p in points):
        lines.append("c = score carried from an earlier cycle;")
    for index, text in enumerate(lines):
        drawing.add(_label(0, 4 + 10 * index, fit(text, label_w - 6, 7), size=7, colour=MUTED))
    return drawing


def _counterpart(point: CyclePoint, data: ReportData, element_id: str) -> tuple[str | None, str]:
    """The id of the reported framework's element in an earlier cycle's framework, and why its score
    there cannot be read beside this one ("" when it can); progress_rules decides, as on the Progress page."""
    if (point.framework.id, point.framework.version) == (data.framework.id, data.framework.version):
        return element_id, ""
    pair = progress_rules.pair_for(element_id, point.framework, data.framework)
    if pair.before_id is None:
        return None, ""
    return pair.before_id, pair.reason


def _blank_cell(drawing: Drawing, x: float, y: float, w: float, h: float, text: str) -> None:
    inset = 0.6
    drawing.add(Rect(x + inset, y + inset, w - 2 * inset, h - 2 * inset, fillColor=colors.HexColor("#F4F4F4"), strokeColor=None))
    drawing.add(_label(x + w / 2, y + 4.5, text, size=5.5, anchor="middle", colour=MUTED))


def _heat_cell(drawing: Drawing, point: CyclePoint, element_id: str | None, x: float, y: float, w: float, h: float) -> None:
    score = next((e for e in point.scores.elements if e.element_id == element_id), None)
    inset = 0.6
    if score is None:
        _blank_cell(drawing, x, y, w, h, "not in framework")
        return
    if score.is_gap:
        drawing.add(Rect(x + inset, y + inset, w - 2 * inset, h - 2 * inset, fillColor=colors.white,
                         strokeColor=GAP_STROKE, strokeWidth=0.6, strokeDashArray=[1.5, 1.5]))
        drawing.add(_label(x + w / 2, y + 4.5, "gap c" if score.carried else "gap", size=6.5, anchor="middle",
                           colour=MUTED))
        return
    fill = stage_colour(score.score)
    drawing.add(Rect(x + inset, y + inset, w - 2 * inset, h - 2 * inset, fillColor=fill, strokeColor=None))
    mark = ("*" if score.source.value == "consensus" else "") + (" c" if score.carried else "")
    # A consensus stage shows even under the threshold, without its withheld count.
    count = "" if score.answers is None else f" ({score.answers})"
    drawing.add(_label(x + w / 2, y + 4.5, f"{score.score:g}{mark}{count}", size=6.8, anchor="middle",
                       colour=text_colour_on(fill)))


def _stage_legend(drawing: Drawing, x: float, y: float, width: float) -> None:
    steps = 40
    for i in range(steps):
        value = 1 + 4 * i / (steps - 1)
        drawing.add(Rect(x + width * i / steps, y + 12, width / steps + 0.3, 8, fillColor=stage_colour(value), strokeColor=None))
    for stage in STAGES:
        drawing.add(_label(x + width * (stage - 1) / 4, y + 2, f"{stage}", size=7, anchor="middle"))
    drawing.add(_label(x + width / 2, y + 24, "Score (stage 1-5)", size=7, anchor="middle", colour=MUTED))
    drawing.add(Rect(x, y + 12, width, 8, fillColor=None, strokeColor=OKABE_ITO["black"], strokeWidth=0.3))
