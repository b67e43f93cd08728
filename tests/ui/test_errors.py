"""An unexpected error shows a short message with an incident number; the traceback goes to
the server log under that number, never to the page. A refusal shows its own plain sentence."""

from __future__ import annotations

import logging
import re

from assessments.domain.model import NotAllowed
from assessments.usecases import demo, results
from tests.ui.conftest import app, demo_member
from ui.text import literal


def test_an_unexpected_error_shows_an_incident_number_and_logs_the_traceback(demo_db, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("SELECT secret FROM answers; internal detail")

    monkeypatch.setattr(results, "cycle_results", broken)
    caplog.set_level(logging.ERROR, logger="waypoint")
    at = app("ui/results.py", demo_member(demo_db, demo.DEMO_LEAD).id)
    assert not at.exception
    [message] = [e.value for e in at.error]
    incident = re.search(r"incident number \*\*([0-9a-f]{8})\*\*", message).group(1)
    assert "SELECT" not in repr(at.main) and "internal detail" not in repr(at.main)
    logged = [r for r in caplog.records if incident in r.getMessage()]
    assert logged and "internal detail" in caplog.text and logged[0].exc_info


def test_a_refusal_the_page_did_not_expect_is_shown_plainly(demo_db, monkeypatch):
    refusal = "Only the members, leads and funders of this task force can see its results."

    def refused(*args, **kwargs):
        raise NotAllowed(refusal)

    monkeypatch.setattr(results, "cycle_results", refused)
    at = app("ui/results.py", demo_member(demo_db, "Aisha Karimi").id)
    assert not at.exception
    assert [e.value for e in at.error] == [literal(refusal)]  # shown as written, never as Markdown
