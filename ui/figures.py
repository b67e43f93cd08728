"""Showing a Plotly figure so that nothing in it is cut off, at 1400 px or on a 390 px phone.

Plotly never wraps a title: one wider than the figure is clipped ("Where members disagree
most … widest spre"). So the title and subtitle come out of the figure and go above it as
text, which wraps; long axis titles and notes written on the plot are broken onto short lines."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import plotly.graph_objects as go
import streamlit as st

from ui.text import literal

AXIS_TITLE_WIDTH = 24  # characters per line: fits under the narrow plot a 390 px phone leaves
NOTE_WIDTH = 24  # a note written on the plot, such as "Descriptors changed: not comparable …"
LINE_HEIGHT = 16  # px a line of an 11-13 px note takes


def _lines(text: str, width: int) -> str:
    flat = text.replace("<br>", " ")
    return "<br>".join(textwrap.wrap(flat, width)) or flat


@dataclass(frozen=True)
class Prepared:
    """A figure ready to show: its title and subtitle as text for above it, the figure without them."""

    title: str
    subtitle: str
    figure: go.Figure


def prepare(figure: go.Figure) -> Prepared:
    """Take the titles out and wrap long axis titles and notes. The figure is changed in place, so
    prepare a figure once, then show the Prepared as often as needed (ui/cached.py keeps it)."""
    title = figure.layout.title
    text = title.text.replace("<br>", " ") if title.text else ""
    subtitle = title.subtitle.text.replace("<br>", " ") if title.subtitle and title.subtitle.text else ""
    top = figure.layout.margin.t or 0
    # The figure's top margin held the title and subtitle (about 80-90 px); keep 20 px, or the room
    # a note standing on the plot's top edge needs (the overall score's mark, a framework change).
    above = [a for a in figure.layout.annotations or () if a.yref == "paper" and a.y == 1 and a.yanchor == "bottom"]
    room = max((LINE_HEIGHT * (1 + (a.text or "").count("<br>")) + 8 for a in above), default=0)
    figure.update_layout(title=None, margin=dict(t=max(top - 70, 20, room)))
    for axis in [figure.layout[name] for name in figure.layout if name.startswith(("xaxis", "yaxis"))]:
        if axis.title and axis.title.text and len(axis.title.text) > AXIS_TITLE_WIDTH:
            axis.title.text = _lines(axis.title.text, AXIS_TITLE_WIDTH)
            axis.automargin = True
    for annotation in figure.layout.annotations or ():
        if annotation.text and len(annotation.text) > NOTE_WIDTH and annotation.xref == "paper":
            annotation.update(text=_lines(annotation.text, NOTE_WIDTH), align="left")
    return Prepared(title=text, subtitle=subtitle, figure=figure)


def show(figure: go.Figure | Prepared, **kwargs) -> None:
    shown = figure if isinstance(figure, Prepared) else prepare(figure)
    if shown.title:
        st.markdown(f"**{literal(shown.title)}**")
    if shown.subtitle:
        st.caption(literal(shown.subtitle))
    st.plotly_chart(shown.figure, width="stretch", **kwargs)
