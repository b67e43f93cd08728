"""Which glossary terms a text uses, so a page can define them where they appear.

A term matches as whole words, in any letter case, with any run of spaces or a
line break between its words: "Trigger  Points" uses "trigger points". A letter,
digit or underscore next to it makes a longer word ("deconflictions" does not use
"deconfliction"); punctuation does not ("(deconfliction)" and "pre-deconfliction" do).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from roadmap.model import GlossaryEntry


@lru_cache(maxsize=1024)
def _pattern(form: str) -> re.Pattern[str]:
    words = r"\s+".join(re.escape(word) for word in form.split())
    # \w on both sides: a term inside a longer word ("PMTs", "subTIMS") is not the term.
    return re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)


def uses(text: str, entry: GlossaryEntry) -> bool:
    return any(_pattern(form).search(text) for form in entry.forms)


def terms_used(text: str, glossary: Iterable[GlossaryEntry]) -> list[GlossaryEntry]:
    """The entries whose term (or another form of it) the text uses, in glossary order."""
    return [entry for entry in glossary if uses(text, entry)]
