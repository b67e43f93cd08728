"""Plotly figures of progress over cycles, and the tables behind them.

Built from assessments/domain/progress_rules.py output only; no score is computed
here. Okabe-Ito colours with a second cue (line dash or marker shape) so nothing rests
on colour alone; stages 1-5 on the score axis with their names; answer counts in
every hover. A count or figure the reporting threshold withholds (None) is shown as the
words "fewer than k answers", never as 0 or "None".
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from assessments.domain.progress_rules import (
    OVERALL,
    Comparison,
    Direction,
    ElementChange,
    ElementTrend,
    FrameworkChange,
    TargetProgress,
    Trend,
    TrendPoint,
)
from assessments.domain.scoring import ElementScore, ScoreSource
from reports.charts import laid_out, short_label, wrap
from roadmap.model import Framework

# Yellow is left out of lines and markers: it disappears on a white background.
LINE_COLOURS = ["#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7"]
DASHES = ["dot", "dash", "longdash", "dashdot", "longdashdot", "solid"]
DIRECTION_STYLE = {
    Direction.UP: ("#009E73", "triangle-right", "▲ up"),
    Direction.DOWN: ("#D55E00", "triangle-left", "▼ down"),
    Direction.UNCHANGED: ("#0072B2", "circle", "= unchanged"),
    Direction.WITHIN: ("#E69F00", "diamond", "≈ within disagreement"),
    Direction.CARRIED: ("#56B4E9", "square", "↻ carried, not reassessed"),
    Direction.NOT_COMPARABLE: ("#999999", "x", "– not comparable"),
}
BAND_COLOUR = "rgba(86, 180, 233, 0.25)"


def direction_label(direction: Direction) -> str:
    return DIRECTION_STYLE[direction][2]


def direction_symbol(direction: Direction) -> str:
    return DIRECTION_STYLE[direction][2].split(" ")[0]


def _laid_out(data: list, title: str, height: int, **layout) -> go.Figure:
    # Hover texts here run to several lines (score, counts, why): left-aligned they read as a list.
    return laid_out(data, title, height, hoverlabel=dict(align="left"), **layout)


def _stage_axis(framework: Framework, title: str) -> dict:
    return dict(
        title_text=title, range=[0.8, 5.2], tickvals=[1, 2, 3, 4, 5],
        ticktext=[f"{s.number} {s.name}" for s in sorted(framework.stages, key=lambda s: s.number)],
        showgrid=True, gridcolor="#DDDDDD", zeroline=False,
    )


def _cycle_tick(label: str, is_open: bool, count: str) -> str:
    """"2026-Q4 (open)" over "n=13": short enough to stand level, or turned, under a phone's narrow plot."""
    return f"{label}{'<br>(open)' if is_open else ''}<br>{count}"


def _n(count: int | None, threshold: int) -> str:
    """A count under a quarter: "n=13", or "n<3" where it is withheld."""
    return f"n={count}" if count is not None else f"n<{threshold}"


# Legends sit at the foot of the figure, below the axis title, where they cover nothing at any width.
LEGEND_AT_FOOT = dict(orientation="h", yref="container", y=0, yanchor="bottom", x=0, title=dict(text=""))


def respondents_text(point: TrendPoint) -> str:
    """"12 respondents", or "fewer than 3 respondents" when the count is withheld."""
    return f"{point.count} respondents" if point.count is not None else f"fewer than {point.threshold} respondents"


def function_answers_text(point: TrendPoint) -> str:
    """A function's answers summed over its elements whose count is shown."""
    if point.elements == 0:
        return "not in this cycle's framework"
    if point.carried:
        return f"not assessed this cycle: {point.carried}"
    return f"{point.count} answers" if point.count is not None else point.withheld_text


def answers_text(score: ElementScore | None) -> str:
    """"12 answers", "fewer than 3 answers" when withheld, "not in this framework" without a score."""
    if score is None:
        return "not in this framework"
    return score.answers_text


def _score(value: float | None) -> str:
    return "no score" if value is None else f"{value:.2f}"


def _line_between(labels: list[str], cycle_label: str) -> dict:
    """A dashed line, as a layout shape, between a cycle's tick and the one before it."""
    position = labels.index(cycle_label) - 0.5
    return dict(type="line", x0=position, x1=position, xref="x", y0=0, y1=1, yref="y domain",
                line=dict(color="#000000", dash="dash", width=1.5))


def _note_on_line(line: dict, text: str, **style) -> dict:
    return dict(x=line["x0"], y=1, yref="paper", yanchor="bottom", xanchor="left", showarrow=False, text=text, **style)


def _framework_change_marks(labels: list[str], changes: list[FrameworkChange]) -> dict:
    """The shapes and notes that mark where the framework changed, as layout entries."""
    lines = [_line_between(labels, change.after_cycle) for change in changes]
    notes = [
        _note_on_line(
            line,
            (f"Framework version changed: {len(change.compared)} element(s) compared,<br>"
             f"{change.not_comparable} not comparable across this line") if change.mapped
            else f"Framework changed: {change.not_comparable} element(s)<br>not comparable across this line",
            align="left", font=dict(size=11), bgcolor="rgba(255,255,255,0.85)",
        )
        for line, change in zip(lines, changes)
    ]
    return dict(shapes=lines, annotations=notes) if changes else {}


def trend_chart(trends: list[Trend], framework: Framework, changes: list[FrameworkChange]) -> go.Figure:
    """The overall score and each function's score per cycle; respondents under each quarter."""
    overall = next(t for t in trends if t.key == OVERALL)
    labels = [p.cycle_label for p in overall.points]
    ticks = [_cycle_tick(p.cycle_label, p.cycle_open, _n(p.count, p.threshold)) for p in overall.points]
    traces = []
    for index, trend in enumerate(t for t in trends if t.key != OVERALL):
        colour, dash = LINE_COLOURS[index % len(LINE_COLOURS)], DASHES[index % len(DASHES)]
        traces.append(go.Scatter(
            x=labels, y=[p.score for p in trend.points], name=wrap(trend.name, 30), mode="lines+markers",
            line=dict(color=colour, width=2, dash=dash),
            # A carried score is an open marker: the function was not assessed that quarter.
            marker=dict(size=7, color=colour, symbol=["circle-open" if p.carried else "circle" for p in trend.points]),
            customdata=[[_score(p.score), function_answers_text(p), p.scored_elements, p.elements,
                         f"<br>{p.carried}" if p.carried else ""] for p in trend.points],
            hovertemplate=(f"<b>{trend.name}</b><br>%{{x}}: %{{customdata[0]}}<br>"
                           "%{customdata[1]}; %{customdata[2]} of %{customdata[3]} elements scored"
                           "%{customdata[4]}<extra></extra>"),
        ))
    traces.append(go.Scatter(
        x=labels, y=[p.score for p in overall.points], name="Overall", mode="lines+markers",
        line=dict(color="#000000", width=4), marker=dict(size=10, color="#000000"),
        customdata=[[_score(p.score), respondents_text(p), p.scored_elements, p.elements,
                     f"<br>{p.carried}" if p.carried else ""] for p in overall.points],
        hovertemplate=("<b>Overall</b><br>%{x}: %{customdata[0]}<br>%{customdata[1]}; "
                       "%{customdata[2]} of %{customdata[3]} elements scored%{customdata[4]}<extra></extra>"),
    ))
    return _laid_out(
        traces, "Overall and function scores per quarter", 600, margin=dict(l=10, r=10, t=80, b=190),
        xaxis=dict(title_text="Quarterly cycle, with how many members answered (n)", type="category",
                   tickvals=labels, ticktext=ticks, automargin=True),
        yaxis=_stage_axis(framework, "Score (stage 1-5)"),
        legend=LEGEND_AT_FOOT,
        **_framework_change_marks(labels, changes),
    )


def element_trend_chart(trend: ElementTrend, framework: Framework) -> go.Figure:
    """One element's score per quarter, the band of the middle half of the answers, and the answer count."""
    points = trend.points
    labels = [p.cycle_label for p in points]
    ticks = [_cycle_tick(p.cycle_label, p.cycle_open, "–" if p.score is None else _n(
        None if p.score.withheld else p.score.answers, p.score.threshold)) for p in points]
    q1 = [p.score.q1 if p.score is not None else None for p in points]
    q3 = [p.score.q3 if p.score is not None else None for p in points]
    band = [
        go.Scatter(x=labels, y=q3, mode="lines", line=dict(width=0), hoverinfo="skip", showlegend=False),
        go.Scatter(x=labels, y=q1, mode="lines", line=dict(width=0), fill="tonexty", fillcolor=BAND_COLOUR,
                   hoverinfo="skip", name="Middle half of the answers (IQR)"),
    ]
    hover, text, symbols = [], [], []
    for p in points:
        s = p.score
        if s is None:
            hover.append("not in this cycle's framework"), text.append(""), symbols.append("circle")
            continue
        if s.is_gap:
            hover.append(f"gap: {_counts_text(s)}"), text.append(""), symbols.append("circle")
            continue
        consensus = s.source is ScoreSource.CONSENSUS
        parts = [f"score {s.score:g}" + (" (consensus)" if consensus else " (median)"), _counts_text(s)]
        if not s.withheld:
            parts.append(f"answers from stage {s.minimum} to {s.maximum}, middle half {s.q1:g} to {s.q3:g}")
        if p.note:
            parts.append(p.note)
        hover.append("<br>".join(parts))
        withheld = f" ({s.withheld_text})" if s.withheld else ""
        text.append(f"{s.score:g}" + (" consensus" if consensus else "") + withheld)
        symbols.append("diamond" if consensus else "circle")
    scores = go.Scatter(
        x=labels, y=[p.value for p in points], mode="lines+markers+text", name="Score (median; ◆ consensus)",
        line=dict(color="#0072B2", width=3), marker=dict(size=11, color="#0072B2", symbol=symbols, line=dict(width=2)),
        text=text, textposition="top center", customdata=hover, hovertemplate="%{x}<br>%{customdata}<extra></extra>",
    )
    lines = [_line_between(labels, point.cycle_label) for previous, point in zip(points, points[1:])
             if point.in_framework and previous.in_framework and not point.comparable_with_previous]
    notes = [_note_on_line(line, "Descriptors changed: not comparable<br>across this line", font=dict(size=11))
             for line in lines]
    return _laid_out(
        [*band, scores], f"{trend.element_id} {trend.name}: score per quarter", 480,
        margin=dict(l=10, r=10, t=80, b=150),
        xaxis=dict(title_text="Quarterly cycle, with how many answers scored this element (n)", type="category",
                   tickvals=labels, ticktext=ticks, automargin=True),
        yaxis=_stage_axis(framework, "Score (stage 1-5)"),
        legend=LEGEND_AT_FOOT,
        **(dict(shapes=lines, annotations=notes) if lines else {}),
    )


def _row_label(change: ElementChange) -> str:
    """The element on two short lines, and under them its answers then and now. The counts stand in the
    label, beside their element at any width: a column of them to the right of the plot ran off a phone."""
    counts = f"answers {short_count(change.before)} → {short_count(change.after)}"
    return f"{short_label(change.element_id, change.name)}<br><span style='font-size:11px'>{counts}</span>"


def comparison_chart(comparison: Comparison, framework: Framework) -> go.Figure:
    """Each element's score in both cycles joined by a line; shape and colour say which way it moved."""
    a, b = comparison.before.label, comparison.after.label
    changes = list(comparison.changes)
    labels = [_row_label(c) for c in changes]
    label_of = dict(zip((c.element_id for c in changes), labels))
    # The lines joining each element's two scores, one trace per direction's colour, kept apart by gaps (None).
    traces = []
    for which, (colour, _, _) in DIRECTION_STYLE.items():
        joined = [(c, label) for c, label in zip(changes, labels) if c.change is not None and c.direction is which]
        if joined:
            traces.append(go.Scatter(
                x=[x for c, _ in joined for x in (c.before.score, c.after.score, None)],
                y=[y for _, label in joined for y in (label, label, None)], mode="lines",
                line=dict(color=colour, width=3), showlegend=False, hoverinfo="skip"))
    before = [c for c in changes if c.before is not None and not c.before.is_gap]
    traces.append(go.Scatter(
        x=[c.before.score for c in before], y=[label_of[c.element_id] for c in before], mode="markers", name=f"{a} (before)",
        marker=dict(color="#FFFFFF", size=10, line=dict(color="#555555", width=2)),
        customdata=[_answers_text(c.before) for c in before],
        hovertemplate=f"%{{y}}<br>{a}: %{{x:g}}, %{{customdata}}<extra></extra>",
    ))
    for which, (colour, symbol, name) in DIRECTION_STYLE.items():
        rows = [c for c in changes if c.direction is which and c.after is not None and not c.after.is_gap]
        if which is Direction.NOT_COMPARABLE:
            rows = [c for c in changes if c.direction is which]
        if not rows:
            continue
        traces.append(go.Scatter(
            x=[c.after.score if c.after is not None and not c.after.is_gap else 0.9 for c in rows],
            y=[label_of[c.element_id] for c in rows], mode="markers", name=f"{b}: {name}",
            marker=dict(color=colour, size=13, symbol=symbol, line=dict(color="#333333", width=1)),
            customdata=[_hover(c, a, b) for c in rows], hovertemplate="%{y}<br>%{customdata}<extra></extra>",
        ))
    axis = _stage_axis(framework, "Score (stage 1-5); an x at the left edge means no score to compare")
    axis["range"] = [0.7, 5.3]  # room for a stage-5 marker's half
    note = " (framework changed between them)" if comparison.framework_changed else ""
    return _laid_out(
        # 50 px a row: each label is three lines (the element on two, its answers on the third). The right
        # margin holds the end of the last stage's name, which a phone's narrow plot turns and pushes out.
        traces, f"Element scores, {a} to {b}{note}", 260 + 50 * len(changes), margin=dict(l=10, r=50, t=70, b=170),
        xaxis=axis | dict(side="bottom"),
        yaxis=dict(autorange="reversed", automargin=True, type="category"),
        legend=LEGEND_AT_FOOT,
    )


def short_count(score: ElementScore | None) -> str:
    """A count for a narrow column headed "answers": "12", "fewer than 3", or "–" (not in the framework)."""
    if score is None:
        return "–"
    return f"fewer than {score.threshold}" if score.withheld else str(score.answers)


def _counts_text(score: ElementScore) -> str:
    """"12 answers, 1 don't know", or the withheld words; the "don't know" count only where it is shown."""
    text = answers_text(score)
    return text + (f", {score.dont_know} don't know" if score.dont_know is not None else "")


def _answers_text(score: ElementScore) -> str:
    text = answers_text(score)
    if score.source is ScoreSource.CONSENSUS:
        return text + ", consensus"
    return text + (f", middle half {score.q1:g}-{score.q3:g}" if score.q1 is not None else "")


def _hover(c: ElementChange, a: str, b: str) -> str:
    parts = []
    for label, score in ((a, c.before), (b, c.after)):
        parts.append(f"{label}: " + ("not in this framework" if score is None
                                     else f"no score, {score.withheld_text}" if score.is_gap
                                     else f"{score.score:g}, {_answers_text(score)}"))
    parts.append(direction_label(c.direction) + (f" ({c.change:+g})" if c.change is not None else ""))
    if c.explanation:
        parts.append(c.explanation)
    return "<br>".join(parts)


# the tables behind the charts ----------------------------------------------------------------
# A withheld count is an empty cell with the words next to it (or the words in its place),
# never 0: pandas' nullable Int64 keeps counts whole numbers with empty cells.


def _counts(values: list[int | None]) -> pd.Series:
    return pd.Series(values, dtype="Int64")


def trend_table(trends: list[Trend]) -> pd.DataFrame:
    rows = []
    for trend in trends:
        for p in trend.points:
            if p.count is not None:
                counts = trend.count_label
            else:
                counts = respondents_text(p) if trend.key == OVERALL else function_answers_text(p)
            rows.append({
                "Cycle": p.cycle_label + (" (open)" if p.cycle_open else ""),
                "Series": trend.name,
                "Score": None if p.score is None else round(p.score, 2),
                "Count": p.count,
                "Counts": counts,
                "Elements scored": f"{p.scored_elements} of {p.elements}",
                "Framework": p.framework + (" (changed)" if p.framework_changed else ""),
                "Carried": p.carried,
            })
    frame = pd.DataFrame(rows)
    if rows:
        frame["Count"] = _counts([row["Count"] for row in rows])
    return frame


def element_trend_table(trend: ElementTrend) -> pd.DataFrame:
    rows = []
    for p in trend.points:
        s = p.score
        rows.append({
            "Cycle": p.cycle_label + (" (open)" if p.cycle_open else ""),
            "Score": None if s is None else s.score,
            "How scored": "not in framework" if s is None else (s.source.value if not s.is_gap else "gap")
            + (f", carried from {s.carried_from}" if s is not None and s.carried else ""),
            "Answers": p.answers,
            "Don't know": None if s is None else s.dont_know,
            "Lowest": None if s is None else s.minimum,
            "Q1": None if s is None else s.q1,
            "Q3": None if s is None else s.q3,
            "Highest": None if s is None else s.maximum,
            "Withheld": s.withheld_text if s is not None and s.withheld else "",
            "Note": p.note,
        })
    frame = pd.DataFrame(rows)
    for column in ("Answers", "Don't know", "Lowest", "Highest") if rows else ():
        frame[column] = _counts([row[column] for row in rows])
    return frame


def comparison_table(comparison: Comparison) -> pd.DataFrame:
    a, b = comparison.before.label, comparison.after.label
    rows = []
    for c in comparison.changes:
        rows.append({
            "Element": f"{c.element_id} {c.name}",
            "Function": c.function_id,
            f"{a} score": _plain(c.before),
            f"{a} answers": _answers_cell(c.before),
            f"{b} score": _plain(c.after),
            f"{b} answers": _answers_cell(c.after),
            "Change": c.change,
            "Spread (IQR)": c.spread,
            "Direction": direction_label(c.direction),
            "Why": c.explanation,
            "Carried": "; ".join(f"{label}: from {score.carried_from}" for label, score in ((a, c.before), (b, c.after))
                                 if score is not None and score.carried),
        })
    return pd.DataFrame(rows)


def _answers_cell(score: ElementScore | None) -> str | None:
    """The count as text, so a withheld one can read "fewer than 3 answers"; empty when not in the framework."""
    if score is None:
        return None
    return score.withheld_text if score.withheld else str(score.answers)


def _plain(score) -> float | None:
    return None if score is None or score.is_gap else score.score


def target_table(progress: list[TargetProgress]) -> pd.DataFrame:
    rows = []
    for p in progress:
        share = p.share_of_way
        rows.append({
            "Element": f"{p.target.element_id} {p.name}",
            "Target": f"stage {p.target.target_stage} by {p.target.by_cycle_label}",
            "From": "" if p.start is None else f"{p.baseline_cycle}: {_score(p.baseline)}",
            "Now": "" if p.now is None else f"{p.latest_cycle}: {_score(p.latest)}",
            "Way covered": None if share is None else round(100 * share),
            "Status": p.status.value + (" (past its date)" if p.overdue else ""),
            "Answers then → now": "" if p.start is None else f"{short_count(p.start)} → {short_count(p.now)}",
            "Measured": p.since,
        })
    return pd.DataFrame(rows)
