"""The lead's paper-round import on Task force settings and the administrator's restore on
the Installation page, driven through the real st.file_uploader: a broken file lists its
problems and changes nothing; a good one comes in and the page says what came in."""

from __future__ import annotations

import json

from assessments.domain.model import Role
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import accounts, backups, demo, paper_round, task_forces
from tests.conftest import snapshot
from tests.ui.conftest import app, demo_member


def plain(markdown: str) -> str:
    return markdown.replace("\\", "")


def _quiet_member(db, lead):
    """A member who has not answered the open cycle yet, with their pseudonym, and the open cycle."""
    with UnitOfWork(db) as uow:
        cycle = uow.cycles.open_cycle(lead.task_force_id)
        answered = {a.member_id for a in uow.cycles.cycle_answers(cycle.id)}
        members = {m.id: m for m in uow.task_forces.list_members(lead.task_force_id)}
    for respondent in paper_round.respondents(db, lead.actor, lead.task_force_id):
        member = next(m for m in members.values() if m.name == respondent.name)
        if member.id not in answered and member.role is Role.MEMBER:
            return member, respondent.pseudonym, cycle
    raise AssertionError("every demo member answered the open cycle")


def test_the_lead_imports_a_paper_round_after_fixing_the_rows_it_names(demo_db):
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    member, pseudonym, cycle = _quiet_member(demo_db, lead)
    at = app("ui/admin.py", lead.id)
    assert not at.exception, at.exception
    assert any(b.label == "Download the CSV template" for b in at.get("download_button"))
    uploader = at.file_uploader(key="paper-round-file")

    broken = f"member,discipline,element_id,stage,note\n{pseudonym},,IF-1,7,\nnobody@x.example,,IF-2,3,\n"
    before = snapshot(demo_db)
    uploader.set_value(("round.csv", broken.encode(), "text/csv")).run()
    next(b for b in at.button if plain(b.label).startswith("Import round.csv")).click().run()
    assert not at.exception, at.exception
    error = plain(at.error[0].value)
    assert "row 2, column D (stage): '7' is not a stage" in error
    assert "row 3, column A (member): 'nobody@x.example' is not a member of this task force" in error
    assert snapshot(demo_db) == before

    good = f"member,discipline,element_id,stage,note\n{pseudonym},,IF-1,3,Two MOUs on paper\n{pseudonym},,IF-2,don't know,\n"
    at.file_uploader(key="paper-round-file").set_value(("round.csv", good.encode(), "text/csv")).run()
    next(b for b in at.button if plain(b.label).startswith("Import round.csv")).click().run()
    assert not at.exception, at.exception
    assert any(f"Imported 2 answers from 1 members into {cycle.label}" in plain(s.value) for s in at.success)
    with UnitOfWork(demo_db) as uow:
        mine = {a.element_id: a for a in uow.cycles.member_answers(cycle.id, member.id)}
        assert uow.cycles.submitted_at(cycle.id, member.id) is not None
    assert (mine["IF-1"].stage, mine["IF-1"].note, mine["IF-2"].stage) == (3, "Two MOUs on paper", None)


def test_the_administrator_restores_a_backup_and_gets_the_leads_link(demo_db):
    admin = accounts.create_first_administrator(demo_db, "ada@county.example", "admin passphrase 12", "Ada")
    task_force = task_forces.find_task_force(demo_db, demo.DEMO_TASK_FORCE)
    document = json.loads(backups.backup_task_force(demo_db, admin.account.actor, task_force.id))
    document["task_force"]["name"] = "Riverside, restored"
    for person in document["members"]:  # other people, so that the leads get new accounts and invites
        person["account"]["email"] = person["account"]["email"].replace("@", ".restored@")
    at = app("ui/installation.py", token=admin.token)
    assert not at.exception, at.exception
    offered = {plain(b.label) for b in at.get("download_button")}
    assert {f"Download the backup of {demo.DEMO_TASK_FORCE}", "All of its data as a workbook (.xlsx)"} <= offered

    broken = json.loads(json.dumps(document))
    broken["cycles"][0]["answers"][0]["stage"] = 7
    before = snapshot(demo_db)
    at.file_uploader(key="installation-backup").set_value(("backup.json", json.dumps(broken).encode(), "application/json")).run()
    next(b for b in at.button if plain(b.label) == "Restore from backup.json").click().run()
    assert not at.exception, at.exception
    assert "$.cycles[0].answers[0].stage: Input should be less than or equal to 5" in plain(at.error[0].value)
    assert snapshot(demo_db) == before

    at.file_uploader(key="installation-backup").set_value(("backup.json", json.dumps(document).encode(), "application/json")).run()
    next(b for b in at.button if plain(b.label) == "Restore from backup.json").click().run()
    assert not at.exception, at.exception
    assert any("Restored" in s.value and "Riverside, restored" in plain(s.value) for s in at.success)
    assert "link=" in at.code[0].value
    restored = task_forces.find_task_force(demo_db, "Riverside, restored")
    assert json.loads(backups.backup_task_force(demo_db, admin.account.actor, restored.id)) == document
