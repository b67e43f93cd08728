"""Exports with any stored text: CSV cells a spreadsheet would run are defused, Excel drops only what
XML cannot hold, and no text (control characters, surrogates, 40,000 characters, any script) makes
the CSV, Excel or JSON export fail. Each file is read back with the csv module, openpyxl and json."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from datetime import datetime

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from reports import export, tables
from tests.conftest import make_answers
from tests.report_factory import cycle_report

WHEN = datetime(2026, 11, 1)
C0 = "".join(chr(c) for c in range(32))
DROPPED_IN_EXCEL = set(C0) - {"\t", "\n", "\r"} | {"\ufffe", "\uffff"}
EXCEL_CELL_LIMIT = 32_767


def hostile_report(framework, task_force_name: str, element_name: str, rationale: str) -> tables.CycleReport:
    """A cycle of the small framework whose task force, element CO-1 and CO-1's consensus rationale
    hold the given text, as an old row might (no validation in the way)."""
    functions = [
        f.model_copy(update={"elements": [e.model_copy(update={"name": element_name}) if e.id == "CO-1" else e
                                          for e in f.elements]})
        for f in framework.functions
    ]
    framework = framework.model_copy(update={"functions": functions})
    answers = make_answers(7, "IF-1", [2, 3, 3, 4, 4, 3]) + make_answers(7, "CO-1", [3, 3, 4, 4, 2, 3])
    return cycle_report(framework, answers, rationale, task_force_name)


def csv_rows(data: bytes) -> list[dict]:
    header, *rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    return [dict(zip(header, row)) for row in rows]


def excel_sheets(data: bytes) -> dict[str, list[dict]]:
    workbook = load_workbook(io.BytesIO(data))
    sheets = {}
    for sheet in workbook:
        header, *rows = list(sheet.iter_rows())
        sheets[sheet.title] = [{h.value: c for h, c in zip(header, row)} for row in rows]
    return sheets


def replaced_surrogates(text: str) -> str:
    return re.sub("[\ud800-\udfff]", "\ufffd", text)


def as_excel_keeps_it(text: str) -> str:
    """The text minus exactly the characters XML 1.0 cannot hold; CR read back as LF, as XML reads it."""
    kept = "".join(ch for ch in replaced_surrogates(text) if ch not in DROPPED_IN_EXCEL)
    return kept.replace("\r\n", "\n").replace("\r", "\n")


# --- CSV: defused exactly where a spreadsheet would run the cell ------------------------------------

RUNS = object()  # shorthand: the whole text runs, so it gets a leading apostrophe
CSV_TEXT = [
    # (stored text, the CSV cell: RUNS, or the text itself, or the text with the apostrophe inside)
    ("=1+1", RUNS),
    ("+1", RUNS),
    ("-1+1", RUNS),
    ("-1", RUNS),  # text, not a number: a text column holding "-1" is still text
    ("@SUM(1)", RUNS),
    ("\t=1+1", "'\t'=1+1"),  # a tab starts a formula, and is a separator too: split there, "=1+1" runs
    ("\r=1+1", RUNS),
    (" =1+1", RUNS),
    ("\u00a0\u00a0=1+1", RUNS),  # no-break spaces
    ("\u200b=1+1", RUNS),  # a zero-width space in front
    ("\ufeff@x", RUNS),  # a byte-order mark in front
    ("＝1+1", RUNS),  # fullwidth equals sign
    ("＋1", RUNS),
    ("﹦1", RUNS),  # small equals sign
    # A spreadsheet in a ";" (or ",", or tab) locale starts a new cell after the separator, and runs it:
    ("x;=cmd|' /C calc'!A0", "x;'=cmd|' /C calc'!A0"),
    ("x,=1", "x,'=1"),
    ("x\t=1", "x\t'=1"),
    ("Reviewed; -2 since Q3", "Reviewed;' -2 since Q3"),
    ("x;  ＠SUM(1)", "x;'  ＠SUM(1)"),
    ("=1;=2", "'=1;'=2"),
    # Harmless: left exactly as stored.
    ("x；＝1", "x；＝1"),  # a fullwidth semicolon separates nothing
    ("e-mail", "e-mail"),
    ("Q4 - review", "Q4 - review"),
    ("−1", "−1"),  # U+2212 minus sign: no spreadsheet reads it as a formula
    ("PE-1, PE-2", "PE-1, PE-2"),
    ("2 to 4", "2 to 4"),
    ("Ρόδος Task Force", "Ρόδος Task Force"),
    ("Reviewed 12 case files; Đồng thuận & согласие", "Reviewed 12 case files; Đồng thuận & согласие"),
    ("'=1+1", "'=1+1"),  # already shown as text
    ("", ""),
]


def csv_cell(text: str, expected) -> str:
    return "'" + text if expected is RUNS else expected


@pytest.mark.parametrize(("text", "expected"), CSV_TEXT, ids=[repr(t) for t, _ in CSV_TEXT])
def test_a_csv_text_cell_gets_an_apostrophe_exactly_where_a_spreadsheet_would_run_it(text, expected):
    frame = pd.DataFrame({"Text": [text], "Score": [-1.5], "Answers": pd.array([-1], dtype="Int64")})
    data = export.csv_bytes(frame)
    row = csv_rows(data)[0]
    assert row["Text"] == csv_cell(text, expected)
    # Numbers in numeric columns are written as they are and unquoted: a spreadsheet reads them as numbers.
    assert (row["Score"], row["Answers"]) == ("-1.5", "-1") and data.endswith(b'",-1.5,-1\n')


@pytest.mark.parametrize(("text", "expected"), CSV_TEXT[::3], ids=[repr(t) for t, _ in CSV_TEXT[::3]])
def test_the_element_csv_defuses_the_task_force_name_element_name_and_rationale(framework, text, expected):
    rows = csv_rows(export.to_csv(hostile_report(framework, text, text, text)))
    co1 = next(r for r in rows if r["Element id"] == "CO-1")
    cell = csv_cell(text, expected)
    assert (co1["Task force"], co1["Element"], co1["Consensus rationale"]) == (cell, cell, cell)
    assert (co1["Score"], co1["Answers"]) == ("4.0", "6")


def formula_cells(line: str, delimiter: str) -> list[str]:
    """The cells of one CSV line, read by a spreadsheet splitting on this delimiter, that would run."""
    cells = next(csv.reader([line], delimiter=delimiter))
    return [c for c in cells if unicodedata.normalize("NFKC", c).lstrip()[:1] in ("=", "+", "-", "@")]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_a_spreadsheet_splitting_on_any_separator_finds_no_formula(framework, delimiter):
    payloads = [text for text, expected in CSV_TEXT if expected is not RUNS and expected != text]
    for payload in payloads:
        data = export.to_csv(hostile_report(framework, "Rhodes", "Shared data", payload)).decode("utf-8-sig")
        for line in data.splitlines():
            assert not formula_cells(line, delimiter), (payload, line)
    # The same payload, stored as it was before this defusing, would run in a ";" locale.
    assert formula_cells('"Rhodes","x;=cmd|\' /C calc\'!A0",6', ";")


# --- Excel and JSON: any stored text ----------------------------------------------------------------

def hostile(length: int) -> str:
    """Every C0 control character, a lone surrogate of each half, U+FFFE/U+FFFF, other scripts, and
    a formula start, padded to the given length."""
    text = "=1+1 " + C0 + " \ud800 and \udc00 " + "\ufffe\uffff" + " Ρόδος 東京 عربى 😀 "
    return text + "x" * (length - len(text))


@pytest.mark.parametrize("length", [200, 40_000])
def test_excel_holds_hostile_text_minus_exactly_what_xml_cannot_hold(framework, length):
    name, element, rationale = hostile(length), "E " + hostile(length), "R " + hostile(length)
    sheets = excel_sheets(export.to_excel(hostile_report(framework, name, element, rationale)))
    co1 = next(r for r in sheets["Elements"] if r["Element id"].value == "CO-1")
    about = {r["Item"].value: r["Value"].value for r in sheets["About"]}
    for stored, cell in [(name, co1["Task force"]), (element, co1["Element"]),
                         (rationale, co1["Consensus rationale"]), (name, sheets["About"][0]["Value"])]:
        expected = as_excel_keeps_it(stored)
        assert cell.data_type == "s"  # text, not a formula
        if length < EXCEL_CELL_LIMIT:
            assert cell.value == expected
        else:
            # Cut to Excel's limit, the end marked in words that say where the whole text is.
            assert len(cell.value.encode("utf-16-le")) // 2 == EXCEL_CELL_LIMIT  # as Excel counts: 😀 is two
            assert cell.value.endswith("Excel holds 32,767 characters in a cell; the CSV and JSON exports hold "
                                       "the whole text]")
            kept = cell.value[: cell.value.index(" [… cut")]
            assert expected.startswith(kept) and len(kept) > 32_000
    assert "32,767" in about["Text in this workbook"] and "vertical tab" in about["Text in this workbook"]


def test_csv_and_json_keep_hostile_text_whole_with_surrogates_shown_as_replacement_characters(framework):
    text = hostile(40_000)
    report = hostile_report(framework, text, text, text)
    document = json.loads(export.to_json(report))
    co1 = next(e for e in document["elements"] if e["Element id"] == "CO-1")
    assert document["task_force"]["name"] == co1["Element"] == co1["Consensus rationale"] == replaced_surrogates(text)
    assert "\ufffd and \ufffd" in co1["Consensus rationale"] and len(co1["Consensus rationale"]) == 40_000
    row = next(r for r in csv_rows(export.to_csv(report)) if r["Element id"] == "CO-1")
    # It starts with "=", and its tab (a separator) is followed by blanks and a CR: two cells that would run.
    kept, after_tab = replaced_surrogates(text), text.index("\t") + 1
    assert row["Consensus rationale"] == "'" + kept[:after_tab] + "'" + kept[after_tab:]


# --- Any text at all ----------------------------------------------------------------------------------

# Any character, surrogates included (hypothesis leaves them out unless asked), and often the
# characters that start a formula or separate cells.
ANY_TEXT = st.text(st.one_of(st.characters(exclude_categories=()), st.characters(categories=["Cs"]),
                             st.sampled_from("=+-@\t\r\n,; ＝\u200b")), max_size=60)
FORMULA_AT_A_CELL_START = re.compile(r"(^|[,;\t])\s*[=+\-@\t\r]")


def only_apostrophes_added(stored: str, cell: str) -> bool:
    """The cell is the stored text with apostrophes put in only at the start or after a separator."""
    i = j = 0
    while i < len(cell):
        if j < len(stored) and cell[i] == stored[j]:
            i, j = i + 1, j + 1
        elif cell[i] == "'" and (j == 0 or stored[j - 1] in ",;\t"):
            i += 1
        else:
            return False
    return j == len(stored)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=ANY_TEXT, element=ANY_TEXT, rationale=ANY_TEXT)
def test_no_stored_text_makes_an_export_fail_or_leaves_a_csv_formula_undefused(framework, name, element, rationale):
    report = hostile_report(framework, name, element, rationale)
    for table in export.TABLES:
        for row in csv_rows(export.to_csv(report, table)):
            for cell in row.values():
                if isinstance(cell, str) and FORMULA_AT_A_CELL_START.search(unicodedata.normalize("NFKC", cell)):
                    assert cell.startswith("'"), cell
    co1 = next(r for r in csv_rows(export.to_csv(report)) if r["Element id"] == "CO-1")
    assert only_apostrophes_added(replaced_surrogates(rationale), co1["Consensus rationale"])

    document = json.loads(export.to_json(report))
    assert next(e for e in document["elements"] if e["Element id"] == "CO-1")["Consensus rationale"] == (
        replaced_surrogates(rationale))

    sheets = excel_sheets(export.to_excel(report))
    cell = next(r for r in sheets["Elements"] if r["Element id"].value == "CO-1")["Consensus rationale"]
    assert (cell.value or "") == as_excel_keeps_it(rationale)
    assert not {c.data_type for r in sheets["Elements"] for c in r.values()} & {"f", "e"}  # no formula, no error
