"""Plotly figures of a cycle's scores, built from scoring output, shared by the app.

Colour-blind-safe throughout: Okabe-Ito for categories (functions, disciplines),
cividis for stage scores 1-5. Every figure has a title and axis titles, and every
number it prints says what it counts.
"""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from assessments.domain.model import Discipline
from assessments.domain.scoring import ElementScore, ScoreSource
from reports.tables import STAGE_COLUMNS as STAGE_TOTALS
from reports.tables import CycleReport, answers_text, disagreement_table, discipline_label, score_text

OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
STAGE_SCALE = "Cividis"
STAGE_COLOURS = sample_colorscale(STAGE_SCALE, [i / 4 for i in range(5)])
MISSING_COLOUR = "#EEEEEE"
FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=13)
ALL_MEMBERS = "All members"


def short_label(element_id: str, name: str, width: int = 26, lines: int = 2) -> str:
    """An element's id and name as a tick label: wrapped onto at most two short lines, so the plot
    keeps its width on a phone; past that, cut with an ellipsis (the hover and the table name it whole)."""
    wrapped = textwrap.wrap(f"{element_id} {name}", width)
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return "<br>".join(wrapped)


def wrap(text: str, width: int = 28) -> str:
    return "<br>".join(textwrap.wrap(text, width)) or text


def laid_out(data: list, title: str, height: int, subtitle: str = "", **layout) -> go.Figure:
    """A figure with its traces and whole layout given at once: Plotly checks a layout given to the
    constructor in about 1 ms, and takes about 5 ms for each later update_layout or update_xaxes.
    ``layout`` adds to the shared settings or replaces them (margin, for one)."""
    heading = dict(text=title, x=0, xanchor="left", font=dict(size=17))
    if subtitle:
        heading["subtitle"] = dict(text=subtitle, font=dict(size=13, color="#444444"))
    settings = dict(
        title=heading,
        font=FONT, height=height, plot_bgcolor="white", paper_bgcolor="white",
        margin=dict(l=10, r=10, t=90, b=60),
    )
    return go.Figure(data=data, layout=settings | layout)


def _disciplines_present(report: CycleReport) -> list[str]:
    present = {g.group for g in report.breakdown}
    ordered = [d.value for d in Discipline if d.value in present]
    return ordered + sorted(present - set(ordered))


HEATMAP_TITLE = "Scores by element and discipline"


def heatmap_subtitle(report: CycleReport) -> str:
    return (f"{report.cycle.label}: each cell is a score (consensus where agreed, else the median), coloured from "
            "dark blue (stage 1) to yellow (stage 5), over the number of answers behind it (n); "
            f"grey cells marked – are not shown: {report.withheld_text}, or for a discipline, fewer than "
            f"{report.threshold} from it or from the rest of the task force")


def element_heatmaps(report: CycleReport) -> list[go.Figure]:
    """One heatmap per function: its elements (rows) by discipline; colour is the score, the cell
    says the score and the answers behind it.

    The first column is the element's score for the whole task force (consensus where recorded);
    the others are each discipline's median, left grey and marked "–" where the reporting threshold
    withholds it. One figure per function, titled by the function, so that the titles are text
    above each figure (they wrap on a phone) rather than annotations that run off its edge.
    """
    disciplines = _disciplines_present(report)
    columns = [ALL_MEMBERS] + [discipline_label(d) for d in disciplines]
    return [_function_heatmap(report, function, disciplines, columns) for function in report.framework.functions]


def _function_heatmap(report: CycleReport, function, disciplines: list[str], columns: list[str]) -> go.Figure:
    scores = report.scores
    groups = {(g.element_id, g.group): g for g in report.breakdown}
    labels, z, text, hover, grey_z, grey_text = [], [], [], [], [], []
    for element in function.elements:
        e = scores.element(element.id)
        labels.append(short_label(element.id, element.name))
        z_row, text_row, hover_row, grey_row, grey_text_row = [], [], [], [], []
        if e.is_gap:
            cell = (None, "", "", 1, f"gap<br>{_cell_count(e, report.threshold)}")
        else:
            marker = (" consensus" if e.source is ScoreSource.CONSENSUS else "") + (" carried" if e.carried else "")
            cell = (e.score, f"{e.score:g}{marker}<br>{_cell_count(e, report.threshold)}",
                    f"score {score_text(e)}; {answers_text(e)}", None, "")
        for values, cell_value in zip((z_row, text_row, hover_row, grey_row, grey_text_row), cell):
            values.append(cell_value)
        for discipline in disciplines:
            g = groups.get((element.id, discipline))
            if g is None:
                cell = (None, "", "", 1, "–")
            else:
                cell = (g.median, f"{g.median:g}<br>n={g.answers}", f"median {g.median:g} from {g.answers} answers", None, "")
            for values, cell_value in zip((z_row, text_row, hover_row, grey_row, grey_text_row), cell):
                values.append(cell_value)
        z.append(z_row), text.append(text_row), hover.append(hover_row)
        grey_z.append(grey_row), grey_text.append(grey_text_row)
    traces = [
        go.Heatmap(
            z=grey_z, x=columns, y=labels, text=grey_text, texttemplate="%{text}", hoverinfo="skip",
            colorscale=[[0, MISSING_COLOUR], [1, MISSING_COLOUR]], showscale=False, xgap=2, ygap=2,
            textfont=dict(color="#444444", size=11),
        ),
        go.Heatmap(
            z=z, x=columns, y=labels, text=text, customdata=hover, texttemplate="%{text}",
            hovertemplate="%{y}<br>%{x}: %{customdata}<extra></extra>", coloraxis="coloraxis",
            xgap=2, ygap=2, textfont=dict(size=11),
        ),
    ]
    return laid_out(
        traces, _function_title(report, function.id, function.name), 90 + 36 * len(function.elements),
        yaxis=dict(title_text="Element", autorange="reversed", ticks="", automargin=True),
        # Column names on top, level where they fit and turned by Plotly where they would collide (a phone).
        xaxis=dict(side="top", automargin=True),
        # No colour bar: every cell prints its score, and a bar would take a phone's last 60 px from the cells.
        coloraxis=dict(colorscale=STAGE_SCALE, cmin=1, cmax=5, showscale=False),
        margin=dict(l=10, r=10, t=20, b=10),
    )


def _cell_count(element: ElementScore, threshold: int) -> str:
    """"n=11", or "n<3" where the count is withheld: a heatmap cell on a phone has about 40 px."""
    return f"n<{threshold}" if element.withheld else f"n={element.answers}"


def _function_title(report: CycleReport, function_id: str, name: str) -> str:
    f = report.scores.function(function_id)
    score = "no score" if f.score is None else f"score {f.score:.2f}"
    carried = f", carried from {f.carried_from} (not assessed in {report.cycle.label})" if f.carried else ""
    return f"{name}: {score}, {f.scored_elements} of {f.elements} elements scored{carried}"


def function_chart(report: CycleReport) -> go.Figure:
    """The four function scores as bars, each saying how many elements were scored and which are gaps."""
    scores, framework = report.scores, report.framework
    names, values, bar_text, notes, colours = [], [], [], [], []
    for index, f in enumerate(scores.functions):
        function = next(fn for fn in framework.functions if fn.id == f.function_id)
        consensus = sum(1 for e in scores.elements if e.function_id == f.function_id and e.source is ScoreSource.CONSENSUS)
        parts = [f"{f.scored_elements} of {f.elements} scored", ("gaps: " + ", ".join(f.gaps)) if f.gaps else "no gaps"]
        if consensus:
            parts.append(f"{consensus} by consensus")
        if f.carried:
            parts.append(f"carried from {f.carried_from}")
        # What was scored sits under the function's name, in the label: it stays beside its bar at any width.
        names.append(f"{wrap(function.name, 24)}<br><span style='font-size:11px;color:#444444'>{' · '.join(parts)}</span>")
        values.append(f.score if f.score is not None else 0)
        bar_text.append(f"{f.score:.2f}" if f.score is not None else "")
        colours.append(OKABE_ITO[index % len(OKABE_ITO)])
        notes.append(("no score" if f.score is None else f"{f.score:.2f}") + " · " + " · ".join(parts))
    bars = go.Bar(
        x=values, y=names, orientation="h", marker_color=colours, text=bar_text, textposition="inside",
        insidetextanchor="end", customdata=notes, hovertemplate="%{customdata}<extra></extra>", width=0.6,
    )
    marks = {}
    if scores.overall is not None:
        marks = dict(
            shapes=[dict(type="line", x0=scores.overall, x1=scores.overall, y0=0, y1=1, yref="paper",
                         line=dict(dash="dash", color="#000000"), layer="below")],
            annotations=[dict(
                x=scores.overall, y=1, yref="paper", yanchor="bottom", showarrow=False,
                text=f"Overall {scores.overall:.2f}" + (" (includes carried)" if scores.overall_includes_carried else ""),
                font=dict(size=12),
            )],
        )
    return laid_out(
        [bars], "Function scores", 420, showlegend=False,
        subtitle=f"{report.cycle.label}: mean of each function's element scores, with what was scored",
        xaxis=dict(
            title_text="Mean of element scores (stage 1-5); gaps are left out, not counted as zero",
            range=[0, 5.3], tickvals=[1, 2, 3, 4, 5], showgrid=True, gridcolor="#DDDDDD",
        ),
        yaxis=dict(autorange="reversed", automargin=True),
        **marks,
    )


def disagreement_chart(report: CycleReport, limit: int = 8, flagged: pd.DataFrame | None = None) -> go.Figure:
    """The most disputed elements, each with its distribution of answers across the stages. ``flagged``:
    the report's disagreement_table, where the caller has built it already."""
    table = (disagreement_table(report) if flagged is None else flagged).head(limit)
    labels = [short_label(element_id, name) for element_id, name in zip(table["Element id"], table["Element"])]
    traces = []
    for number in range(1, 6):
        stage = report.framework.stage(number)
        counts = [int(count) for count in table[f"Answers at stage {number}"]]
        traces.append(go.Bar(
            x=counts, y=labels, orientation="h", name=f"{number} {stage.name}", marker_color=STAGE_COLOURS[number - 1],
            text=[str(c) if c else "" for c in counts], textposition="inside", insidetextanchor="middle",
            customdata=list(table["Why flagged"]),
            hovertemplate=f"%{{y}}<br>{number} {stage.name}: %{{x}} answers<br>%{{customdata}}<extra></extra>",
        ))
    none_flagged = [dict(text="No element is flagged: answers span at most one stage everywhere.",
                         showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")]
    most = int(table[STAGE_TOTALS].sum(axis=1).max()) if not table.empty else 1
    height = 250 + 42 * max(len(table), 2)
    return laid_out(
        traces, "Where members disagree most", height,
        subtitle=f"{report.cycle.label}: answers per stage for the flagged elements, widest spread first",
        barmode="stack",
        # The legend sits at the very bottom of the figure, below the axis title, where it cannot cover anything.
        legend=dict(orientation="h", yref="container", y=0, yanchor="bottom", x=0, traceorder="normal"),
        xaxis=dict(title_text="Number of answers at each stage", dtick=1 if most <= 8 else 2 if most <= 16 else None,
                   tickformat="d", showgrid=True, gridcolor="#DDDDDD"),
        yaxis=dict(autorange="reversed", automargin=True),
        margin=dict(l=10, r=10, t=90, b=120),
        **(dict(annotations=none_flagged) if table.empty else {}),
    )


def discipline_comparison(report: CycleReport, first: str, second: str) -> go.Figure:
    """Two disciplines' medians side by side, for the elements where both groups are big enough to show."""
    groups = {(g.element_id, g.group): g for g in report.breakdown}
    pairs = []
    for element in report.framework.elements:
        a, b = groups.get((element.id, first)), groups.get((element.id, second))
        if a is not None and b is not None:
            pairs.append((abs(a.median - b.median), element, a, b))
    pairs.sort(key=lambda p: (-p[0], p[1].id))
    labels = [short_label(e.id, e.name) for _, e, _, _ in pairs]
    # Every element's connecting line in one trace, the lines kept apart by gaps (None).
    segments = [(a.median, b.median, None, label, label, None) for label, (_, _, a, b) in zip(labels, pairs)]
    traces = [go.Scatter(x=[x for s in segments for x in s[:3]], y=[y for s in segments for y in s[3:]], mode="lines",
                         line=dict(color="#999999", width=2), showlegend=False, hoverinfo="skip")]
    # A big circle under a small diamond: where both medians are equal, both marks stay visible.
    for group, colour, symbol, size, index in ((first, OKABE_ITO[5], "circle", 16, 2),
                                               (second, OKABE_ITO[4], "diamond", 9, 3)):
        traces.append(go.Scatter(
            x=[p[index].median for p in pairs], y=labels, mode="markers", name=discipline_label(group),
            marker=dict(color=colour, size=size, symbol=symbol, line=dict(color="white", width=1)),
            customdata=[p[index].answers for p in pairs],
            hovertemplate=f"%{{y}}<br>{discipline_label(group)}: median %{{x:g}} from %{{customdata}} answers<extra></extra>",
        ))
    none_shown = [dict(
        text=f"No element shows a median for both {discipline_label(first)} and {discipline_label(second)}.",
        showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")]
    return laid_out(
        traces, f"{discipline_label(first)} vs {discipline_label(second)}",
        190 + 34 * max(len(pairs), 2), subtitle=f"{report.cycle.label}: each discipline's median, widest difference first",
        xaxis=dict(title_text="Median stage (1-5)", range=[0.5, 5.5],
                   tickvals=[1, 2, 3, 4, 5], showgrid=True, gridcolor="#DDDDDD"),
        yaxis=dict(autorange="reversed", automargin=True),
        legend=dict(orientation="h", yref="container", y=0, yanchor="bottom", x=0),
        margin=dict(l=10, r=10, t=90, b=110),
        **({} if pairs else dict(annotations=none_shown)),
    )


def distribution_chart(report: CycleReport, element_id: str) -> go.Figure:
    """How many members chose each stage for one element, with the score marked."""
    e = report.scores.element(element_id)
    if e.distribution is None:
        raise ValueError(f"{element_id} has {e.withheld_text}: its distribution is withheld")
    element = report.framework.element(element_id)
    stages = [report.framework.stage(n) for n in range(1, 6)]
    counts = [e.distribution[s.number] for s in stages]
    bars = go.Bar(
        x=[f"{s.number} {s.name}" for s in stages], y=counts, marker_color=STAGE_COLOURS,
        text=[f"{c} answer{'s' if c != 1 else ''}" for c in counts], textposition="outside", cliponaxis=False,
        hovertemplate="%{x}: %{y} answers<extra></extra>",
    )
    return laid_out(
        [bars], f"Answers per stage: {element.id}", 360, showlegend=False, margin=dict(l=10, r=10, t=80, b=50),
        subtitle=f"{answers_text(e)}; score {score_text(e)}",
        xaxis=dict(title_text="Stage"),
        yaxis=dict(title_text="Number of answers", dtick=1, rangemode="tozero", range=[0, max(counts + [1]) * 1.25],
                   showgrid=True, gridcolor="#DDDDDD"),
    )
