"""Stored text made fit to leave the app in a file: CSV, Excel or JSON.

Old rows may hold anything: control characters, lone surrogates, very long text, any
script. Each format gets the text as stored, changed only where the format cannot hold it
or a spreadsheet would run it, and always in the same way:

- A surrogate code point (half of a UTF-16 pair, left in a Python string by a broken decode)
  cannot be written as UTF-8: it becomes U+FFFD, the replacement character, in every format.
- CSV: a cell a spreadsheet would read as a formula, the whole text or the part after a
  separator inside it, starts with an apostrophe (OWASP's CSV-injection rule; see for_csv).
- Excel (XML 1.0): characters XML cannot hold are dropped (C0 controls other than tab, line feed
  and carriage return; U+FFFE, U+FFFF); a carriage return becomes a line feed, as any XML reader
  reads it; a text longer than a cell holds is cut and ends with CUT_MARKER.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata

from pydantic import BaseModel

REPLACEMENT = "\ufffd"
EXCEL_CELL_LIMIT = 32_767
"""Excel's limit on the characters in one cell (counted in UTF-16 units, as Excel counts)."""
CUT_MARKER = " [… cut: Excel holds 32,767 characters in a cell; the CSV and JSON exports hold the whole text]"
EXCEL_TEXT_RULES = (
    "Text is as stored, except: characters a spreadsheet cannot hold (control characters such as a vertical "
    "tab) are left out, a carriage return is written as a line break, and a text longer than Excel's "
    f"{EXCEL_CELL_LIMIT:,} characters per cell is cut and ends with \"{CUT_MARKER.strip()}\". "
    f"A broken character (a UTF-16 surrogate) reads as {REPLACEMENT} in every export."
)

_SURROGATE = re.compile("[\ud800-\udfff]")
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FORMULA_START = frozenset("=+-@\t\r")
_FIELD_SEPARATORS = frozenset(",;\t")


def encodable(text: str) -> str:
    """The text as UTF-8 can carry it: each surrogate code point as U+FFFD."""
    return _SURROGATE.sub(REPLACEMENT, text)


def encodable_copy(value):
    """A copy of a report (dataclasses, pydantic models, tuples, lists, dicts) with every text
    encodable, or the value itself when no text needs it. pandas keeps text as UTF-8, so a
    surrogate (which a framework file can spell as "\\ud800") must go before any table is built."""
    if not _has_surrogate(value):
        return value
    return _encodable_copy(value)


def _has_surrogate(value) -> bool:
    if type(value) is str:
        return _SURROGATE.search(value) is not None
    return any(_has_surrogate(part) for part in _parts(value))


def _parts(value):
    if isinstance(value, BaseModel):
        return [v for _, v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [getattr(value, f.name) for f in dataclasses.fields(value)]
    if isinstance(value, dict):
        return [*value.keys(), *value.values()]
    if isinstance(value, (list, tuple)):
        return value
    return []


def _encodable_copy(value):
    if type(value) is str:  # not a StrEnum member, which stays what it is
        return encodable(value)
    if isinstance(value, BaseModel):
        return value.model_copy(update={name: _encodable_copy(v) for name, v in value})
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: _encodable_copy(getattr(value, f.name))
                                             for f in dataclasses.fields(value) if f.init})
    if isinstance(value, dict):
        return {_encodable_copy(k): _encodable_copy(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_encodable_copy(v) for v in value)
    return value


def for_csv(text: str) -> str:
    """As stored and UTF-8-encodable, with an apostrophe at the start of every cell a spreadsheet
    could run as a formula (OWASP's CSV-injection rule):

    - the text itself, when its first character that is not blank is = + - @ tab or CR; fullwidth
      and other compatibility forms count as what they fold to (NFKC: "＝" is "="), and blank is
      whitespace, control and format characters (zero-width space, byte-order mark), which a
      reader may skip: " =1+1" becomes "' =1+1";
    - the part after each field separator inside it (, ; tab), by the same test, because a
      spreadsheet in another locale splits the text there and starts a new cell: "x;=cmd" becomes
      "x;'=cmd". A leading apostrophe on the whole text would not help that new cell.
    """
    text = encodable(text)
    cuts, cell_start, at_cell_start = [], 0, True
    for index, ch in enumerate(text):
        if at_cell_start:
            if _starts_formula(ch):
                cuts.append(cell_start)
                at_cell_start = False
            elif not (ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf")):
                at_cell_start = False
        if ch in _FIELD_SEPARATORS:
            cell_start, at_cell_start = index + 1, True
    if not cuts:
        return text
    pieces, previous = [], 0
    for cut in cuts:
        pieces += [text[previous:cut], "'"]
        previous = cut
    return "".join(pieces) + text[previous:]


def _starts_formula(ch: str) -> bool:
    return ch in _FORMULA_START or (ch > "\x7f" and unicodedata.normalize("NFKC", ch)[:1] in _FORMULA_START)


def for_excel(text: str) -> str:
    """As stored, minus what XML 1.0 cannot hold, carriage returns as line feeds, cut to one cell."""
    text = _NOT_IN_XML.sub("", encodable(text)).replace("\r\n", "\n").replace("\r", "\n")
    return _cut_to_cell(text)


def _cut_to_cell(text: str) -> str:
    if len(text) <= EXCEL_CELL_LIMIT // 2 or _utf16_units(text) <= EXCEL_CELL_LIMIT:
        return text
    room = EXCEL_CELL_LIMIT - _utf16_units(CUT_MARKER)
    kept, used = [], 0
    for ch in text:
        used += _utf16_units(ch)
        if used > room:
            break
        kept.append(ch)
    return "".join(kept) + CUT_MARKER


def _utf16_units(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)
