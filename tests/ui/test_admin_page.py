"""The lead's admin page: upload a framework file, choose it, open and close cycles."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from assessments.domain.model import Role
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import accounts, cycles, demo, frameworks, task_forces, team
from roadmap.load import DEFAULT_FRAMEWORK_FILE
from tests.ui.conftest import ROOT, TIMEOUT, app, demo_member

BUNDLED = DEFAULT_FRAMEWORK_FILE.read_text(encoding="utf-8")
EDITED = BUNDLED.replace('version: "1.0"', 'version: "1.1-riverside"')
BROKEN = EDITED.replace('        name: "Delivery of comprehensive victim services"\n', "", 1)


def plain(markdown: str) -> str:
    """The text a person reads: the page escapes Markdown in names and messages."""
    return markdown.replace("\\", "")


def button(at: AppTest, starts_with: str):
    return next(b for b in at.button if b.label.startswith(starts_with))


def lead_on_admin_page(demo_db) -> AppTest:
    at = app("ui/admin.py", demo_member(demo_db, demo.DEMO_LEAD).id)
    assert not at.exception, at.exception
    return at


def test_a_broken_upload_names_the_place_and_a_good_one_is_listed(demo_db):
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    at = lead_on_admin_page(demo_db)
    stored_before = frameworks.list_frameworks(demo_db, lead.actor, lead.task_force_id)

    # AppTest drives the real st.file_uploader: the bytes go through upload_framework as in the browser.
    at.file_uploader[0].set_value(("riverside.yaml", BROKEN.encode("utf-8"), "application/x-yaml")).run()
    assert not at.exception, at.exception
    errors = [plain(e.value) for e in at.error]
    assert any(
        e.startswith("riverside.yaml: cannot be used as a framework")
        and "functions[1].elements[2].name: Field required (line 323)" in e and "Nothing was saved" in e
        for e in errors
    ), errors
    assert frameworks.list_frameworks(demo_db, lead.actor, lead.task_force_id) == stored_before

    at.file_uploader[0].set_value(("riverside.yaml", EDITED.encode("utf-8"), "application/x-yaml")).run()
    assert not at.exception, at.exception
    assert any("Stored" in s.value and "1.1-riverside" in plain(s.value) for s in at.success)
    listed = at.table[0].value
    assert "1.1-riverside" in set(listed["Version"])
    assert "1.1-riverside" in [f.version for f in frameworks.list_frameworks(demo_db, lead.actor, lead.task_force_id)]


def test_the_lead_chooses_the_framework_for_the_next_cycle(demo_db):
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    task_force = task_forces.find_task_force(demo_db, demo.DEMO_TASK_FORCE)
    frameworks.add_framework(demo_db, EDITED, "riverside.yaml")
    at = lead_on_admin_page(demo_db)
    choice = at.selectbox(key="admin_framework_choice")
    choice.select_index(next(i for i, label in enumerate(choice.options) if "1.1-riverside" in label)).run()
    button(at, "Use this framework").click().run()
    assert not at.exception, at.exception
    assert task_forces.get_task_force(demo_db, lead.actor, task_force.id).framework_version == "1.1-riverside"
    assert any("next cycle will use" in plain(s.value) for s in at.success)


def test_the_lead_closes_the_open_cycle_after_confirming_and_opens_the_next(demo_db):
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    task_force_id = lead.task_force_id
    open_cycle = cycles.open_cycle_of(demo_db, lead.actor, task_force_id)
    at = lead_on_admin_page(demo_db)

    button(at, f"Close {open_cycle.label}").click().run()
    warning = next(w.value for w in at.warning if "have not submitted" in w.value)
    answering = [m for m in team.list_members(demo_db, lead.actor, task_force_id) if m.role is not Role.FUNDER]
    assert f"of {len(answering)} members have not submitted" in warning
    assert cycles.get_cycle(demo_db, lead.actor, open_cycle.id).is_open  # nothing happens before the confirmation

    button(at, "Cancel").click().run()
    assert not any("have not submitted" in w.value for w in at.warning)
    button(at, f"Close {open_cycle.label}").click().run()
    button(at, f"Yes, close {open_cycle.label}").click().run()
    assert not at.exception, at.exception
    assert not cycles.get_cycle(demo_db, lead.actor, open_cycle.id).is_open
    assert any(f"Cycle {open_cycle.label} is closed" in s.value for s in at.success)

    at.text_input[0].set_value("2027-Q1")
    button(at, "Open cycle").click().run()
    assert not at.exception, at.exception
    assert cycles.find_cycle(demo_db, lead.actor, task_force_id, "2027-Q1").is_open
    with UnitOfWork(demo_db) as uow:
        logged = [(e.action, e.detail) for e in uow.audit.events(task_force_id)][:2]
    assert logged == [("cycle opened", "2027-Q1"), ("cycle closed", open_cycle.label)]


def test_reopening_is_offered_only_while_no_cycle_is_open(demo_db):
    at = lead_on_admin_page(demo_db)
    assert button(at, "Reopen").disabled
    assert any("only one cycle can be open at a time" in c.value for c in at.caption)


def test_a_refused_label_shows_the_reason_and_opens_nothing(demo_db):
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    at = lead_on_admin_page(demo_db)
    button(at, "Close").click().run()
    button(at, "Yes, close").click().run()
    cycles_before = cycles.list_cycles(demo_db, lead.actor, lead.task_force_id)
    at.text_input[0].set_value("next quarter")
    button(at, "Open cycle").click().run()
    assert any("YYYY-QN" in plain(e.value) for e in at.error)
    assert cycles.list_cycles(demo_db, lead.actor, lead.task_force_id) == cycles_before


def test_a_member_who_opens_the_admin_page_directly_is_turned_away(demo_db):
    aisha = demo_member(demo_db, "Aisha Karimi")
    at = AppTest.from_file(str(ROOT / "ui" / "admin.py"), default_timeout=TIMEOUT)
    at.session_state["session_token"] = accounts.issue_session(demo_db, aisha.account_id)
    at.session_state["task_force_id"] = aisha.task_force_id
    at.run()
    assert not at.exception, at.exception
    assert any("does not include this page" in w.value for w in at.warning)
    assert not at.file_uploader and not at.button
