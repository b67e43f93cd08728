"""Showing people's text, and text from uploaded framework files, exactly as written."""

from __future__ import annotations

import re

# Every character Markdown (and Streamlit's LaTeX `$`) could read as markup.
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&])")


def literal(text: object) -> str:
    """Text for st.markdown that renders as typed: no emphasis, links, HTML or maths, and each
    line on a line of its own (Markdown would run single line breaks together)."""
    return "  \n".join(MARKDOWN_SPECIAL.sub(r"\\\1", line) for line in str(text).splitlines() or [""])
