"""The PDF's paper on the Task force settings page and the Reports page, through AppTest on the demo."""

from __future__ import annotations

from assessments.domain.paper import Paper
from assessments.usecases import demo, task_forces, team
from tests.ui.conftest import app, demo_member


def test_the_lead_switches_the_pdf_to_a4_and_the_reports_page_says_so(demo_db):
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    reports = app("ui/reports.py", lead.id)
    assert any("Laid out on US Letter" in c.value for c in reports.caption)

    at = app("ui/admin.py", lead.id)
    paper = at.radio(key="admin_paper")
    assert paper.value is Paper.LETTER
    paper.set_value(Paper.A4).run()

    assert not at.exception and not at.error, at.error
    assert task_forces.get_task_force(demo_db, lead.actor, lead.task_force_id).paper is Paper.A4
    assert any("A4" in s.value for s in at.success)
    assert [e.detail for e in team.audit_log(demo_db, lead.actor, lead.task_force_id)
            if e.action == "report paper size changed"] == ["letter -> a4"]
    assert any("Laid out on A4" in c.value for c in app("ui/reports.py", lead.id).caption)


def test_a_funder_is_told_the_paper_but_not_offered_the_setting(demo_db):
    funder = demo_member(demo_db, demo.DEMO_FUNDER)
    captions = [c.value for c in app("ui/reports.py", funder.id).caption]
    assert any(c.endswith("Laid out on US Letter (8.5 × 11 in).") for c in captions)
