"""Fonts, colours and paragraph styles of the PDF report.

The fonts ship in reports/fonts/ (see the LICENSE files there), so every script renders
the same on any machine, without apt: DejaVu Sans for Latin, Cyrillic, Greek and
Vietnamese, with per-character fallbacks for the rest (reports/pdf_text.py).
"""

from __future__ import annotations

from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm

from assessments.domain.paper import Paper
from reports import pdf_text

FONT_DIR = pdf_text.FONT_DIR
FONT = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"

PAGE_SIZES = {Paper.LETTER: LETTER, Paper.A4: A4}
MARGIN = 2 * cm
# One text block for both papers, as wide as A4 allows (Letter is 17 pt wider and 50 pt shorter):
# lines and tables wrap alike on either, and Letter's block is centred with a little more margin.
FRAME_WIDTH = min(width for width, _ in PAGE_SIZES.values()) - 2 * MARGIN

# Okabe-Ito: distinguishable with every common colour-vision deficiency.
OKABE_ITO = {
    "black": colors.HexColor("#000000"),
    "orange": colors.HexColor("#E69F00"),
    "sky_blue": colors.HexColor("#56B4E9"),
    "green": colors.HexColor("#009E73"),
    "yellow": colors.HexColor("#F0E442"),
    "blue": colors.HexColor("#0072B2"),
    "vermillion": colors.HexColor("#D55E00"),
    "purple": colors.HexColor("#CC79A7"),
}
SERIES = [OKABE_ITO[name] for name in ("blue", "orange", "green", "purple", "sky_blue", "vermillion", "yellow")]
INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#5F6B7A")
RULE = colors.HexColor("#C9D1DB")
BAND = colors.HexColor("#EEF2F6")
ACCENT = OKABE_ITO["blue"]
GAP_FILL = colors.HexColor("#FFFFFF")
GAP_STROKE = colors.HexColor("#9AA5B1")

# Cividis at 0, 0.25, 0.5, 0.75 and 1: monotone in lightness and safe for colour-blind readers.
_CIVIDIS = ["#00224E", "#3B496C", "#7C7B78", "#BCAF6F", "#FEE838"]


def stage_colour(score: float) -> colors.Color:
    """A cividis-like colour for a score on the 1-5 stage scale."""
    position = (min(max(score, 1.0), 5.0) - 1.0) / 4.0 * (len(_CIVIDIS) - 1)
    low = int(position)
    high = min(low + 1, len(_CIVIDIS) - 1)
    fraction = position - low
    a, b = colors.HexColor(_CIVIDIS[low]), colors.HexColor(_CIVIDIS[high])
    return colors.Color(*(a_ + (b_ - a_) * fraction for a_, b_ in zip(a.rgb(), b.rgb())))


def text_colour_on(fill: colors.Color) -> colors.Color:
    red, green, blue = fill.rgb()
    return colors.black if 0.2126 * red + 0.7152 * green + 0.0722 * blue > 0.45 else colors.white


def register_fonts() -> None:
    pdf_text.register_fonts()


def esc(text: object) -> str:
    """Text a person typed, made safe for Paragraph markup: line breaks kept, every character in
    a font that has it (or the marker), right-to-left runs in display order. The one way text
    becomes markup in the PDF."""
    return pdf_text.markup(text)


def _style(name: str, **values) -> ParagraphStyle:
    # shaping: ReportLab hands words in a shaped face (Arabic, Hebrew, Devanagari, Thai) to HarfBuzz.
    base = {"fontName": FONT, "fontSize": 9.5, "leading": 13, "textColor": INK, "shaping": 1}
    return ParagraphStyle(name, **{**base, **values})


@cache
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    return {
        "body": _style("body", spaceAfter=5),
        "small": _style("small", fontSize=8, leading=10.5, textColor=MUTED),
        "cell": _style("cell", fontSize=8.5, leading=11),
        "cell_bold": _style("cell_bold", fontName=BOLD, fontSize=8.5, leading=11),
        "cell_head": _style("cell_head", fontName=BOLD, fontSize=8, leading=10, textColor=colors.white),
        "cell_small": _style("cell_small", fontSize=7.5, leading=9.5, textColor=MUTED),
        "h1": _style("h1", fontName=BOLD, fontSize=17, leading=21, spaceBefore=0, spaceAfter=10,
                     textColor=ACCENT, keepWithNext=1),
        "h2": _style("h2", fontName=BOLD, fontSize=12.5, leading=16, spaceBefore=12, spaceAfter=5, keepWithNext=1),
        "h3": _style("h3", fontName=BOLD, fontSize=10.5, leading=13.5, spaceBefore=8, spaceAfter=3, keepWithNext=1),
        "note": _style("note", fontSize=9, leading=12.5, leftIndent=8, rightIndent=6, borderPadding=(4, 6, 4, 6),
                       spaceBefore=4, spaceAfter=9, backColor=BAND),
        "cover_title": _style("cover_title", fontName=BOLD, fontSize=26, leading=32, textColor=ACCENT, spaceAfter=14),
        "cover_sub": _style("cover_sub", fontSize=14, leading=19, spaceAfter=6),
        "cover_meta": _style("cover_meta", fontSize=10.5, leading=15, textColor=MUTED),
        "figure": _style("figure", fontName=BOLD, fontSize=10, leading=13, spaceBefore=6, spaceAfter=2),
        "big_number": _style("big_number", fontName=BOLD, fontSize=22, leading=26, textColor=ACCENT,
                             alignment=TA_CENTER),
        "figure_label": _style("figure_label", fontSize=7.5, leading=9.5, textColor=MUTED, alignment=TA_CENTER),
        "toc0": _style("toc0", fontSize=11, leading=17, leftIndent=0),
        "toc1": _style("toc1", fontSize=9.5, leading=14, leftIndent=16, textColor=MUTED),
    }
