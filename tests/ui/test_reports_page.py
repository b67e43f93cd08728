"""The Reports page: lead only, notes chosen one by one without authors, PDF built on demand."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from assessments.usecases import accounts, cycles, demo, report_notes, team
from tests.ui.conftest import ROOT, app, demo_member


def test_a_member_cannot_reach_the_reports_page_by_url(demo_db):
    # The router leaves the page out of a member's menu, so run the page file itself (through
    # runpy, so ui/ is not put on sys.path, where ui/reports.py would shadow the reports package).
    at = AppTest.from_string(f"import runpy; runpy.run_path({str(ROOT / 'ui/reports.py')!r})", default_timeout=60)
    marcus = demo_member(demo_db, "Marcus Bell")
    at.session_state["session_token"] = accounts.issue_session(demo_db, marcus.account_id)
    at.session_state["task_force_id"] = marcus.task_force_id
    at.run()
    assert not at.exception
    assert any("does not include this page" in w.value for w in at.warning)
    assert not at.button


def test_the_lead_chooses_a_note_and_builds_the_pdf(demo_db):
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    at = app("ui/reports.py", lead.id)
    assert not at.exception
    cycle = cycles.list_cycles(demo_db, lead.actor, lead.task_force_id)[-1]
    notes = report_notes.notes_for_lead(demo_db, lead.actor, cycle.id)
    off = next(n for n in notes if not n.in_report)
    names = [m.name for m in team.list_members(demo_db, lead.actor, lead.task_force_id)]
    # The page itself; the sidebar names the signed-in lead.
    shown = " ".join(t.value for t in at.main.text) + " ".join(c.value for c in at.main.caption)
    assert not any(name in shown for name in names)

    at.checkbox(key=f"note-{off.key}").check().run()
    assert not at.exception
    assert next(n for n in report_notes.notes_for_lead(demo_db, lead.actor, cycle.id) if n.key == off.key).in_report

    at.button[0].click().run()
    assert not at.exception and not at.error
    assert at.session_state[f"pdf-{cycle.id}"].startswith(b"%PDF")


def test_a_funder_builds_the_pdf_but_chooses_no_notes_and_an_export_is_audited(demo_db):
    from assessments.usecases import exports

    lead = demo_member(demo_db, demo.DEMO_LEAD)
    funder = demo_member(demo_db, demo.DEMO_FUNDER)
    at = app("ui/reports.py", funder.id)
    assert not at.exception
    assert not [c for c in at.checkbox if c.label == "Include in the PDF"]
    assert "Evidence notes in the PDF appendix" not in [h.value for h in at.subheader]
    next(b for b in at.button if b.label == "Build PDF").click().run()
    assert not at.exception
    # The download buttons call this when clicked (AppTest cannot click a download).
    exports.record_export(demo_db, funder.actor, cycles.open_cycle_of(demo_db, lead.actor, lead.task_force_id).id,
                          "PDF report")
    event = team.audit_log(demo_db, lead.actor, lead.task_force_id)[0]
    assert (event.action, event.who) == ("exported", "frances.hale@riverside-demo.example")
