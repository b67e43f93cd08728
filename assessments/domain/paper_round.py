"""A round answered on paper (or in a form tool), typed into a CSV file: the template, and the
rules each row must pass before any of it counts.

One row per answer, in the template's five columns:

- member: the member's email, or their pseudonym (M001...: the order they joined, as the
  lead's Cycles section lists it), so a sheet need not carry names;
- discipline: optional; when given it must be the member's discipline in the task force
  (its name or its code), a check that the right person was typed;
- element_id: an element of the cycle's framework, for example IF-1;
- stage: 1 to 5, or "don't know";
- note: the evidence note, optional, kept exactly as typed (it is text: a note that starts
  with = is stored as typed, and every export defuses it, as it does any note).

The file is checked whole and every problem is named by row and column (row 1 is the
header). A row for someone who is not a current member who answers (a lead or member) is
refused, as is an answer the member has already given in this cycle: a file never replaces
an answer, so none is lost. Blank rows are skipped."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass

from assessments.domain import text
from assessments.domain.errors import DomainError
from assessments.domain.imports import MAX_PROBLEMS, ImportRefused, Progress, check_size, no_progress, utf8_text
from assessments.domain.model import Discipline, Member

COLUMNS = ("member", "discipline", "element_id", "stage", "note")
COLUMN_HELP = {
    "member": "the member's email, or their pseudonym (M001...)",
    "discipline": "optional: the member's discipline, as a check",
    "element_id": "an element of the cycle's framework, for example IF-1",
    "stage": "1 to 5, or don't know",
    "note": "optional evidence note",
}
WHAT = "The paper-round file"
DONT_KNOW = frozenset({"don't know", "dont know", "don’t know", "do not know", "dk", "?"})
PSEUDONYM = re.compile(r"^[Mm]\d{3,}$")


@dataclass(frozen=True)
class Respondent:
    """Someone a row may name: their membership and the two names a sheet may use."""

    member: Member
    pseudonym: str
    email: str | None


@dataclass(frozen=True)
class PaperAnswer:
    row: int
    member: Member
    element_id: str
    stage: int | None
    note: str


def template() -> bytes:
    """The CSV template a lead hands out: the header row, UTF-8 with a byte-order mark (Excel reads it right)."""
    return ("\ufeff" + ",".join(COLUMNS) + "\r\n").encode("utf-8")


def read_paper_round(
    data: bytes, respondents: list[Respondent], element_ids: frozenset[str], answered: set[tuple[int, str]],
    progress: Progress = no_progress,
) -> list[PaperAnswer]:
    """The file's answers, each checked; or ImportRefused naming every problem by row and column.
    ``answered``: (member id, element id) pairs already answered in the cycle."""
    check_size(data, WHAT)
    document = utf8_text(data, WHAT)
    by_name = _lookup(respondents)
    rows = _rows(document)
    header, body = rows[0], rows[1:]
    problems = _header_problems(header)
    if problems:
        raise ImportRefused(WHAT, problems)
    place = {name: (index, _letter(index)) for index, name in enumerate(_names(header))}
    out: list[PaperAnswer] = []
    complete = True
    seen: dict[tuple[int, str], int] = {}
    for offset, cells in enumerate(body):
        row = offset + 2
        if len(problems) > 5 * MAX_PROBLEMS:  # plenty to show: stop reading a file that is wrong throughout
            complete = False
            break
        if offset % 500 == 0:
            progress(0.8 * offset / max(1, len(body)), f"Checking row {row:,} of {len(body) + 1:,}")
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            problems.append(f"row {row}: {len(cells)} cells; the header has {len(header)}. "
                            "A note with a comma or a line break must be in double quotes")
            continue

        def cell(name: str) -> tuple[str, str]:
            index, letter = place[name]
            return cells[index], f"row {row}, column {letter} ({name})"

        before = len(problems)
        member = _member(*cell("member"), by_name, problems)
        if member is not None:
            _check_discipline(*cell("discipline"), member, problems)
        element_id, where = cell("element_id")
        element_id = element_id.strip()
        if element_id not in element_ids:
            shown = repr(element_id[:40]) if element_id else "nothing"
            problems.append(f"{where}: {shown} is not an element of this cycle's framework")
        stage = _stage(*cell("stage"), problems)
        note_text, where = cell("note")
        try:
            note = text.clean(note_text, text.EVIDENCE_NOTE)
        except DomainError as error:
            problems.append(f"{where}: {str(error).removesuffix(' Nothing was saved.')}")
            note = ""
        if len(problems) > before or member is None:
            continue
        key = (member.id, element_id)
        if key in seen:
            problems.append(f"row {row}: a second answer from this member for {element_id} (the first is on row {seen[key]})")
        elif key in answered:
            problems.append(f"row {row}: this member has already answered {element_id} in this cycle "
                            "(in the app or an earlier import); remove the row, an import never replaces an answer")
        seen.setdefault(key, row)
        out.append(PaperAnswer(row=row, member=member, element_id=element_id, stage=stage, note=note))
    if problems:
        raise ImportRefused(WHAT, problems, complete)
    if not out:
        raise ImportRefused(WHAT, ["file: it has the header row but no answers"])
    return out


def _rows(document: str) -> list[list[str]]:
    first_line = document.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)  # Excel in many locales writes ";"
    try:
        rows = list(csv.reader(io.StringIO(document, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as error:
        raise ImportRefused(WHAT, [f"file: not a CSV file Waypoint can read ({error})"]) from None
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ImportRefused(WHAT, ["row 1: the header row is missing; start from the template"])
    return rows


def _names(header: list[str]) -> list[str]:
    return [cell.strip().lower().replace(" ", "_") for cell in header]


def _header_problems(header: list[str]) -> list[str]:
    names = _names(header)
    problems = []
    for index, name in enumerate(names):
        if name not in COLUMNS:
            problems.append(f"row 1, column {_letter(index)}: {header[index][:40]!r} is not a column of the template; "
                            f"the columns are {', '.join(COLUMNS)}")
        elif names.index(name) != index:
            problems.append(f"row 1, column {_letter(index)}: the column {name} appears twice")
    for name in COLUMNS:
        if name not in names:
            problems.append(f"row 1: the column {name} ({COLUMN_HELP[name]}) is missing")
    return problems


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _lookup(respondents: list[Respondent]) -> dict[str, Member]:
    out = {}
    for r in respondents:
        out[r.pseudonym.upper()] = r.member
        if r.email:
            out[r.email.lower()] = r.member
    return out


def _member(value: str, where: str, by_name: Mapping[str, Member], problems: list[str]) -> Member | None:
    key = value.strip()
    key = key.upper() if PSEUDONYM.match(key) else key.lower()
    if not key:
        problems.append(f"{where}: empty; write the member's email or pseudonym")
        return None
    member = by_name.get(key)
    if member is None:
        problems.append(f"{where}: {value.strip()[:80]!r} is not a member of this task force who answers (a lead or "
                        "member); add them on the Team page first, or correct the row")
    return member


def _check_discipline(value: str, where: str, member: Member, problems: list[str]) -> None:
    value = value.strip()
    if not value or member.discipline is None:
        return
    if value.lower() not in (member.discipline.value, member.discipline.label.lower()):
        known = {d.value for d in Discipline} | {d.label.lower() for d in Discipline}
        what = "is not a discipline" if value.lower() not in known else "is not this member's discipline"
        problems.append(f"{where}: {value[:40]!r} {what}; the member is in {member.discipline.label} "
                        "(leave the cell empty to skip this check)")


def _stage(value: str, where: str, problems: list[str]) -> int | None:
    value = value.strip()
    if value.lower() in DONT_KNOW:
        return None
    if value in {"1", "2", "3", "4", "5"}:
        return int(value)
    shown = repr(value[:20]) if value else "nothing"
    problems.append(f"{where}: {shown} is not a stage; write 1, 2, 3, 4, 5 or don't know")
    return None
