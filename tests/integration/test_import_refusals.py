"""Broken files are refused whole: each gives a message that names the place to fix (row and
column, or a JSON path), and every table of the database is exactly as it was."""

from __future__ import annotations

import copy
import json

import pytest

from assessments.domain.imports import MAX_IMPORT_BYTES, ImportRefused
from assessments.domain.model import Discipline, Role
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import accounts, backups, cycles, paper_round, questionnaire
from tests.conftest import make_member, make_task_force, snapshot

HEADER = "member,discipline,element_id,stage,note\n"
PASSWORD = "the world's shared passphrase"


@pytest.fixture
def world(db, framework):
    task_force = make_task_force(db, framework)
    other = make_task_force(db, framework, "Other Task Force")
    lead = make_member(db, task_force, "Dana", Discipline.LAW_ENFORCEMENT, Role.LEAD, email="dana@tf.example")
    member = make_member(db, task_force, "Aisha", Discipline.VICTIM_SERVICES, email="aisha@tf.example")
    make_member(db, task_force, "Fay", None, Role.FUNDER, email="fay@tf.example")
    make_member(db, other, "Otto", Discipline.NGO, email="otto@other.example")
    cycle = cycles.open_cycle_unchecked(db, task_force.id, "2026-Q4")
    questionnaire.record_answer(db, member.actor, cycle.id, "IF-2", 3, "seen in two cases")
    admin = accounts.create_administrator(db, "admin@county.example", PASSWORD, "Ada").account
    return {"db": db, "task_force": task_force, "lead": lead, "member": member, "cycle": cycle, "admin": admin}


PAPER_CASES = {
    "wrong column": (
        "member,discipline,element,stage,note\naisha@tf.example,,IF-1,3,\n",
        ["row 1, column C: 'element' is not a column of the template", "row 1: the column element_id"]),
    "unknown element id": (HEADER + "aisha@tf.example,,XX-9,3,\n",
                           ["row 2, column C (element_id): 'XX-9' is not an element of this cycle's framework"]),
    "stage 7": (HEADER + "aisha@tf.example,,IF-1,7,\n",
                ["row 2, column D (stage): '7' is not a stage; write 1, 2, 3, 4, 5 or don't know"]),
    "duplicate answer": (HEADER + "aisha@tf.example,,IF-1,3,\nM002,,IF-1,4,\n",
                         ["row 3: a second answer from this member for IF-1 (the first is on row 2)"]),
    "member not in the task force": (
        HEADER + "otto@other.example,,IF-1,3,\n",
        ["row 2, column A (member): 'otto@other.example' is not a member of this task force who answers"]),
    "a funder, who does not answer": (HEADER + "fay@tf.example,,IF-1,3,\n",
                                      ["row 2, column A (member): 'fay@tf.example' is not a member"]),
    "an answer the member already gave": (HEADER + "aisha@tf.example,,IF-2,4,\n",
                                          ["row 2: this member has already answered IF-2 in this cycle"]),
    "the wrong discipline": (HEADER + "aisha@tf.example,Health,IF-1,3,\n",
                             ["row 2, column B (discipline): 'Health' is not this member's discipline"]),
    "a note with a comma, unquoted": (HEADER + "aisha@tf.example,,IF-1,3,yes, in two cases\n",
                                      ["row 2: 6 cells; the header has 5"]),
    "a control character in a note": (HEADER + "aisha@tf.example,,IF-1,3,bad\x07bell\n",
                                      ["row 2, column E (note): The evidence note holds an invisible control"]),
    "wrong encoding": (HEADER.encode() + "aisha@tf.example,,IF-1,3,Niño\n".encode("latin-1"),
                       ["line 2: byte 0xF1 is not UTF-8"]),
    "empty file": (b"", ["file: it is empty"]),
    "header only": (HEADER, ["file: it has the header row but no answers"]),
    "25 MB file": (HEADER.encode() + b"aisha@tf.example,,IF-1,3,x\n" * (25 * 1024 * 1024 // 27),
                   ["file: it holds 25.0 MB; the limit is 20 MB"]),
    "not a CSV at all": (b"\x89PNG\r\n\x1a\n\x00\x00", ["line 1: byte 0x89 is not UTF-8"]),
}


@pytest.mark.parametrize("case", PAPER_CASES)
def test_a_broken_paper_round_is_refused_with_its_places_and_changes_nothing(world, case):
    content, expected = PAPER_CASES[case]
    data = content.encode() if isinstance(content, str) else content
    before = snapshot(world["db"])
    with pytest.raises(ImportRefused) as refused:
        paper_round.import_paper_round(world["db"], world["lead"].actor, world["cycle"].id, data, "round.csv")
    message = str(refused.value)
    assert message.startswith("The paper-round file was not imported, and nothing was changed.")
    for part in expected:
        assert part in message, message
    assert snapshot(world["db"]) == before


def test_every_problem_is_named_up_to_fifty(world):
    rows = "".join(f"aisha@tf.example,,IF-1,{9 + n},\n" for n in range(60))
    with pytest.raises(ImportRefused) as refused:
        paper_round.import_paper_round(world["db"], world["lead"].actor, world["cycle"].id, (HEADER + rows).encode())
    assert refused.value.total == 60 and len(refused.value.problems) == 50
    assert "Fix 60 problems (the first 50 are listed)" in str(refused.value)
    assert refused.value.problems[-1].startswith("row 51, column D (stage): '58'")


def test_a_paper_round_counts_like_any_answer_and_the_audit_log_names_the_file(world):
    db, lead = world["db"], world["lead"]
    sheet = (HEADER + "dana@tf.example,Law enforcement,IF-1,4,Two MOUs signed\n"
             "M002,victim_services,IF-1,don't know,\n"
             "Dana@TF.example,,CO-1,2,\"=HYPERLINK(\"\"http://x.example\"\",\"\"click\"\")\"\n")
    seen = []
    imported = paper_round.import_paper_round(db, lead.actor, world["cycle"].id, sheet.encode("utf-8-sig"), "round.csv",
                                              progress=lambda fraction, text: seen.append(fraction))
    assert (imported.answers, imported.members) == (3, 2)
    assert seen[-1] == 1.0 and seen == sorted(seen)
    mine = {a.element_id: a for a in questionnaire.my_answers(db, lead.actor, world["cycle"].id)}
    assert (mine["IF-1"].stage, mine["IF-1"].note) == (4, "Two MOUs signed")
    # A note is text: a formula stays as typed here, and every export defuses it (reports/outgoing_text.py).
    assert mine["CO-1"].note == '=HYPERLINK("http://x.example","click")'
    with UnitOfWork(db) as uow:
        submitted = uow.cycles.submitted_member_ids(world["cycle"].id)
        events = uow.audit.events(world["task_force"].id)
    assert {lead.id, world["member"].id} <= submitted
    assert any(e.action == "answers imported from a file" and "round.csv" in e.detail and "3 answers" in e.detail
               for e in events)


def test_a_paper_round_goes_only_into_an_open_cycle(world):
    cycles.close_cycle_unchecked(world["db"], world["cycle"].id)
    before = snapshot(world["db"])
    with pytest.raises(Exception, match="closed"):
        paper_round.import_paper_round(world["db"], world["lead"].actor, world["cycle"].id,
                                       (HEADER + "M002,,IF-1,3,\n").encode())
    assert snapshot(world["db"]) == before


# the backup --------------------------------------------------------------------------------


@pytest.fixture
def document(world) -> dict:
    raw = backups.backup_task_force(world["db"], world["admin"].actor, world["task_force"].id)
    document = json.loads(raw)
    document["task_force"]["name"] = "Restored Task Force"
    return document


def _answer(d):
    return d["cycles"][0]["answers"][0]


BACKUP_CASES = {
    "truncated JSON": (lambda d: json.dumps(d).encode()[:-40], ["line 1, column", "not valid JSON"]),
    "wrong encoding": (lambda d: json.dumps(d, ensure_ascii=False).encode("utf-16"), ["is not UTF-8"]),
    "empty file": (lambda d: b"  \n", ["file: it is empty"]),
    "25 MB file": (lambda d: json.dumps({**d, "padding": "x" * (25 * 1024 * 1024)}).encode(), ["the limit is 20 MB"]),
    "not a backup": (lambda d: b'{"hello": "world"}', ["$.format: this is not a Waypoint task force backup"]),
    "a newer schema": (lambda d: {**d, "schema_version": 2}, ["$.schema_version: Input should be less than or equal to 1"]),
    "wrong column": (lambda d: _answer(d).update(colour="red"), ["$.cycles[0].answers[0].colour: Extra inputs"]),
    "a missing column": (lambda d: _answer(d).pop("stage") and None, ["$.cycles[0].answers[0].stage: Field required"]),
    "stage 7": (lambda d: _answer(d).update(stage=7), ["$.cycles[0].answers[0].stage: Input should be less than or equal to 5"]),
    "unknown element id": (lambda d: _answer(d).update(element="XX-9"),
                           ["$.cycles[0].answers[0].element: 'XX-9' is not an element of the cycle's framework"]),
    "duplicate answer": (lambda d: d["cycles"][0]["answers"].append(copy.deepcopy(_answer(d))),
                         ["$.cycles[0].answers[1]: M002 answered IF-2 twice"]),
    "a member not in the task force": (lambda d: _answer(d).update(member="M999"),
                                       ["$.cycles[0].answers[0].member: M999 is not in $.members"]),
    "a control character in a note": (lambda d: _answer(d).update(note="bad\x00note"),
                                      ["$.cycles[0].answers[0].note: The evidence note holds an invisible control"]),
    "an edited framework file": (lambda d: d["frameworks"][0].update(source=d["frameworks"][0]["source"][:200]),
                                 ["$.frameworks[0].source"]),
    "a name already in the installation": (lambda d: d["task_force"].update(name="Test Task Force"),
                                           ["$.task_force.name: a task force named 'Test Task Force' is already"]),
}


@pytest.mark.parametrize("case", BACKUP_CASES)
def test_a_broken_backup_is_refused_with_its_json_paths_and_changes_nothing(world, document, case):
    mutate, expected = BACKUP_CASES[case]
    changed = mutate(document)
    if changed is None:
        data = json.dumps(document).encode()
    else:
        data = changed if isinstance(changed, bytes) else json.dumps(changed).encode()
    before = snapshot(world["db"])
    with pytest.raises(ImportRefused) as refused:
        backups.restore_backup(world["db"], world["admin"].actor, data, "backup.json")
    message = str(refused.value)
    assert message.startswith("The backup was not imported, and nothing was changed.")
    for part in expected:
        assert part in message, message
    assert snapshot(world["db"]) == before


def test_the_size_limit_is_twenty_megabytes():
    assert MAX_IMPORT_BYTES == 20 * 1024 * 1024


def test_a_file_wrong_throughout_is_read_only_until_there_is_plenty_to_show(world):
    rows = "".join(f"nobody{n}@x.example,,IF-1,3,\n" for n in range(1000))
    with pytest.raises(ImportRefused) as refused:
        paper_round.import_paper_round(world["db"], world["lead"].actor, world["cycle"].id, (HEADER + rows).encode())
    assert "Fix at least 251 problems (reading stopped there) (the first 50 are listed)" in str(refused.value)


def test_an_old_row_that_clean_would_refuse_is_backed_up_as_stored_and_named_on_restore(world):
    """Rows from before the text rule may hold a control character. The backup keeps the text as stored
    (it loses nothing); a restore passes every text through clean(), so it names the place to fix."""
    with UnitOfWork(world["db"], writes=True) as uow:
        uow.cycles.put_consensus(world["cycle"].id, "IF-1", 3, "Agreed\x0bafter review", world["lead"].id)
        uow.changed(world["cycle"].task_force_id)
        uow.commit()
    document = json.loads(backups.backup_task_force(world["db"], world["admin"].actor, world["task_force"].id))
    assert document["cycles"][0]["consensus"][0]["rationale"] == "Agreed\x0bafter review"
    document["task_force"]["name"] = "Restored Task Force"
    with pytest.raises(ImportRefused) as refused:
        backups.restore_backup(world["db"], world["admin"].actor, json.dumps(document).encode())
    assert refused.value.problems == [
        "$.cycles[0].consensus[0].rationale: The rationale holds an invisible control character (U+000B) at "
        "position 7; remove it (it often comes with text pasted from another program)."]
