"""A task force's whole history moves to another installation and back without losing a
character: back up the demo, restore it into a fresh database, back up again, and the two
files are equal; also from SQLite to PostgreSQL."""

from __future__ import annotations

import json
from datetime import date

import pytest
import sqlalchemy

from assessments.domain.imports import ImportRefused
from assessments.store.database import Database
from assessments.usecases import accounts, backups, cycles, demo, frameworks, team
from tests.conftest import snapshot
from tests.ui.conftest import demo_member

PASSWORD = "the world's shared passphrase"


@pytest.fixture(scope="module")
def demo_backup(tmp_path_factory) -> bytes:
    db = Database(f"sqlite:///{tmp_path_factory.mktemp('source') / 'source.db'}")
    task_force = demo.load_demo(db, today=date(2026, 11, 23))
    admin = accounts.create_administrator(db, "admin@county.example", PASSWORD, "Ada").account
    data = backups.backup_task_force(db, admin.actor, task_force.id)
    db.dispose()
    return data


def fresh_installation(url: str):
    db = Database(url)
    frameworks.install_bundled_frameworks(db)
    admin = accounts.create_administrator(db, "it@other.example", PASSWORD, "Ian").account
    return db, admin


@pytest.mark.parametrize("target", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_a_restored_backup_backs_up_to_the_same_bytes(demo_backup, target, request):
    db, admin = fresh_installation(request.getfixturevalue("sqlite_url" if target == "sqlite" else "postgres_url"))
    try:
        restored = backups.restore_backup(db, admin.actor, demo_backup, "demo.json")
        again = backups.backup_task_force(db, admin.actor, restored.task_force.id)
    finally:
        db.dispose()
    assert sorted(again.splitlines()) == sorted(demo_backup.splitlines())
    assert again == demo_backup  # the order is fixed too
    document = json.loads(demo_backup)
    assert restored.answers == sum(len(c["answers"]) for c in document["cycles"]) > 1000
    assert restored.cycles == 6 and restored.members == len(demo.MEMBERS)


def test_the_backup_holds_no_password_and_names_no_member_in_answers(demo_backup):
    document = json.loads(demo_backup)
    assert document["format"] == "waypoint-task-force-backup" and document["schema_version"] == 1
    assert "password" not in demo_backup.decode().lower().replace("password changed", "")
    names = {m["name"] for m in document["members"]}
    answer_keys = {key for cycle in document["cycles"] for answer in cycle["answers"] for key in answer}
    assert answer_keys == {"member", "element", "stage", "note", "note_in_report", "updated_at"}
    assert {a["member"] for c in document["cycles"] for a in c["answers"]} <= {m["id"] for m in document["members"]}
    assert not names & {a["member"] for c in document["cycles"] for a in c["answers"]}
    assert document["settings"]["reporting_threshold"] == 3
    assert any(a["note_in_report"] for c in document["cycles"] for a in c["answers"])


def test_a_restore_beside_another_task_force_and_a_second_restore_is_refused(demo_backup, db, task_force):
    admin = accounts.create_administrator(db, "it@other.example", PASSWORD, "Ian").account
    frameworks.install_bundled_frameworks(db)
    restored = backups.restore_backup(db, admin.actor, demo_backup)
    assert restored.task_force.name == demo.DEMO_TASK_FORCE and restored.lead_links
    before = snapshot(db)
    with pytest.raises(ImportRefused) as refused:
        backups.restore_backup(db, admin.actor, demo_backup)
    assert "already in this installation" in str(refused.value)
    assert snapshot(db) == before


def test_restored_leads_get_an_invite_and_the_others_wait_for_one(demo_backup, tmp_path):
    db, admin = fresh_installation(f"sqlite:///{tmp_path / 'fresh.db'}")
    restored = backups.restore_backup(db, admin.actor, demo_backup)
    document = json.loads(demo_backup)
    leads = {m["account"]["email"] for m in document["members"] if m["role"] == "lead"}
    assert {link.email for link in restored.lead_links} == leads
    events = team.audit_log(db, admin.actor)
    assert any(e.action == "task force restored" for e in events)
    db.dispose()


TYPED = {
    "es": "Niños y niñas: protocolo de remisión firmado",
    "vi": "Đã ký biên bản ghi nhớ với sở cảnh sát",
    "zh": "与警方签署了谅解备忘录",
    "ko": "경찰과 양해각서 체결",
    "ar": "تم توقيع مذكرة تفاهم مع الشرطة",
    "he": "נחתם מזכר הבנות עם המשטרה",
    "ru": "Подписан меморандум с полицией",
    "th": "ลงนามบันทึกความเข้าใจกับตำรวจแล้ว",
    "hi": "पुलिस के साथ समझौता ज्ञापन पर हस्ताक्षर",
    "marks": "<b>&amp;</b> *not bold* [link](http://x.example) $x$ =SUM(1) 👩🏽‍⚖️",
}


def test_text_in_every_script_comes_back_as_typed(db, framework, tmp_path):
    from assessments.domain.model import Discipline, Role
    from assessments.usecases import consensus, cycles, planning, questionnaire
    from tests.conftest import make_member, make_task_force

    task_force = make_task_force(db, framework, "Equipo de Tareas — 河畔 — فريق")
    lead = make_member(db, task_force, "Đặng Thị Hoa", Discipline.LAW_ENFORCEMENT, Role.LEAD, email="hoa@tf.example")
    cycle = cycles.open_cycle_unchecked(db, task_force.id, "2026-Q4")
    for element, (_, typed) in zip(["IF-1", "IF-2", "CO-1", "CO-2"], list(TYPED.items())[:4], strict=True):
        questionnaire.save_answer(db, lead.actor, cycle.id, element, 3, typed)
    consensus.record_consensus(db, lead.actor, cycle.id, "IF-1", 4, TYPED["ar"])
    action = planning.add_action(db, lead.actor, task_force.id, "IF-1", TYPED["th"], cycle_id=cycle.id)
    planning.update_action(db, lead.actor, action.id, 1, {"note": TYPED["marks"] + "\n" + TYPED["hi"]})
    planning.set_function_outcome(db, lead.actor, task_force.id, "IF", TYPED["he"] + "\n" + TYPED["ru"])
    admin = accounts.create_administrator(db, "admin@county.example", PASSWORD, "Ada").account
    data = backups.backup_task_force(db, admin.actor, task_force.id)

    other, other_admin = fresh_installation(f"sqlite:///{tmp_path / 'other.db'}")
    restored = backups.restore_backup(other, other_admin.actor, data)
    again = backups.backup_task_force(other, other_admin.actor, restored.task_force.id)
    other.dispose()
    assert again == data
    text = again.decode("utf-8")
    for typed in TYPED.values():
        assert json.dumps(typed, ensure_ascii=False)[1:-1] in text, typed


def test_a_rotation_cycle_keeps_its_functions_through_a_backup(tmp_path):
    """A cycle that assesses two functions is restored assessing the same two, so its carried
    scores are carried again after the move; a backup that names an unknown function is refused."""
    db = Database(f"sqlite:///{tmp_path / 'source.db'}")
    task_force = demo.load_demo(db, today=date(2026, 11, 23))
    admin = accounts.create_administrator(db, "admin@county.example", PASSWORD, "Ada").account
    actor = demo_member(db, demo.DEMO_LEAD).actor
    current = cycles.open_cycle_of(db, actor, task_force.id)
    cycles.close_cycle(db, actor, current.id)
    cycles.open_cycle(db, actor, task_force.id, "2027-Q1", functions=["CO", "DR"])
    data = backups.backup_task_force(db, admin.actor, task_force.id)
    db.dispose()
    assert [c["functions"] for c in json.loads(data)["cycles"]][-1] == ["CO", "DR"]

    target, other_admin = fresh_installation(f"sqlite:///{tmp_path / 'target.db'}")
    restored = backups.restore_backup(target, other_admin.actor, data)
    with target.engine.connect() as connection:  # the administrator sees no results, so read the row itself
        stored = connection.execute(sqlalchemy.text("SELECT functions FROM cycles WHERE label = '2027-Q1'")).scalar_one()
    assert json.loads(stored) == ["CO", "DR"]
    assert backups.backup_task_force(target, other_admin.actor, restored.task_force.id) == data

    broken = json.loads(data)
    broken["cycles"][-1]["functions"] = ["CO", "XX"]
    with pytest.raises(ImportRefused) as refused:
        backups.restore_backup(target, other_admin.actor, json.dumps(broken).encode())
    assert "$.cycles[6].functions[1]: 'XX' is not a function" in str(refused.value)
    target.dispose()
