"""The pages through AppTest for the task force of tests/versions_world.py: framework 1.0 then
1.1, and 2026-Q4 open on CO and DR only."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import cycles
from tests import versions_world
from tests.conftest import snapshot
from tests.ui.conftest import app, copy_for_the_app


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("versions-ui") / "template.db"
    db = Database(f"sqlite:///{path}")
    versions_world.build(db)
    db.dispose()
    return path


@pytest.fixture
def world(template: Path, tmp_path: Path, monkeypatch) -> dict:
    db = Database(copy_for_the_app(template, tmp_path, monkeypatch))
    # The same rows as the template: rebuilding would add a second task force, so only read them.
    with UnitOfWork(db) as uow:
        task_force = uow.task_forces.list_task_forces()[0]
        members = {m.name: m for m in uow.task_forces.list_members(task_force.id)}
    yield {"db": db, "task_force": task_force, "lead": members["Dana"], "member": members["Aisha"]}
    db.dispose()


def plain(markdown: str) -> str:
    """What a person reads: no escapes, no bold markers."""
    return markdown.replace("\\", "").replace("**", "")


def texts(at) -> str:
    parts = [*at.markdown, *at.caption, *at.info, *at.warning, *at.success, *at.error]
    return plain(" ".join(p.value for p in parts))


def test_the_questionnaire_shows_only_the_cycle_s_functions_with_reading_time_and_best_fit(world):
    at = app("ui/questionnaire.py", world["member"].id)
    assert not at.exception, at.exception
    control = at.selectbox(key=next(b.key for b in at.selectbox if b.key and b.key.startswith("q-function-")))
    assert len(control.options) == 2
    shown = texts(at)
    assert "a stage is the best fit, not a checklist every clause must meet. Stage 1 is a normal place to start" in shown
    assert "assesses Case Operations, Data, Reporting, and Assessment only" in shown
    assert "Reading time for this function: about" in shown
    radios = [r.key for r in at.radio]
    assert radios and all(key.split("-", 3)[3].startswith(("CO-", "DR-")) for key in radios)


def _blocks(node, kind: str) -> list:
    """Blocks of one kind anywhere on the page (AppTest has no accessor for popovers)."""
    found = [node] if getattr(node, "type", None) == kind else []
    for child in getattr(node, "children", {}).values():
        found += _blocks(child, kind)
    return found


def test_the_questionnaire_defines_the_glossary_terms_each_element_uses(world):
    at = app("ui/questionnaire.py", world["member"].id)
    popovers = [p for p in _blocks(at._tree, "popover") if p.proto.popover.label.startswith("Terms used")]
    assert popovers
    definitions = plain(" ".join(m.value for p in popovers for m in p.markdown))
    assert "Continued Presence" in definitions or "T visa" in definitions


def test_results_mark_the_carried_functions_and_the_overall_that_includes_them(world):
    at = app("ui/results.py", world["lead"].id)
    assert not at.exception, at.exception
    shown = texts(at)
    assert "Carried scores. 2026-Q4 did not assess every function" in shown
    assert "Internal Foundations, Operation, and Collaboration (from 2026-Q3)" in shown
    assert "includes scores carried from earlier cycles for IF (2026-Q3), PE (2026-Q3)" in shown
    assert shown.count("carried from 2026-Q3, not assessed in 2026-Q4") == 2


def test_progress_marks_the_version_change_and_the_carried_scores(world):
    at = app("ui/progress.py", world["lead"].id)
    assert not at.exception, at.exception
    shown = texts(at)
    assert "Framework changed between 2026-Q2 and 2026-Q3" in shown
    assert "element(s) compared, each with the element it continues" in shown
    assert "2026-Q4 did not assess every function: IF, PE: carried from 2026-Q3" in shown
    assert "carried, not reassessed" in shown


def _close_open_cycle(world):
    open_cycle = cycles.open_cycle_of(world["db"], world["lead"].actor, world["task_force"].id)
    cycles.close_cycle(world["db"], world["lead"].actor, open_cycle.id)


def test_the_lead_chooses_the_functions_when_opening_a_cycle(world):
    _close_open_cycle(world)
    at = app("ui/admin.py", world["lead"].id)
    assert not at.exception, at.exception
    at.text_input[0].set_value("2027-Q1")
    at.multiselect(key="admin_cycle_functions").set_value(["IF", "PE"])
    next(b for b in at.button if b.label == "Open cycle").click().run()
    assert not at.exception, at.exception
    opened = cycles.find_cycle(world["db"], world["lead"].actor, world["task_force"].id, "2027-Q1")
    assert opened.functions == ("IF", "PE")
    assert any("assessing functions IF, PE" in plain(s.value) for s in at.success)


@pytest.mark.parametrize("chosen", [[]], ids=["none"])
def test_opening_a_cycle_with_no_function_chosen_shows_why_and_opens_nothing(world, chosen):
    _close_open_cycle(world)
    at = app("ui/admin.py", world["lead"].id)
    before = snapshot(world["db"])
    at.text_input[0].set_value("2027-Q1")
    at.multiselect(key="admin_cycle_functions").set_value(chosen)
    next(b for b in at.button if b.label == "Open cycle").click().run()
    assert any("Choose at least one function" in plain(e.value) for e in at.error)
    assert snapshot(world["db"]) == before


def test_the_framework_page_shows_sources_where_no_seed_is_cited_and_the_glossary(world):
    at = app("ui/framework.py", world["lead"].id)
    assert not at.exception, at.exception
    assert at.selectbox[0].value.version == "1.1"  # the task force's framework comes first
    captions = plain(" ".join(c.value for c in at.caption))
    assert "Drawn from: Office for Victims of Crime, Vicarious Trauma Toolkit" in captions
    assert "Continues IF-4 of version 1.0: its stages were rewritten" in captions
    assert any(h.value == "Glossary" for h in at.header)
    glossary = plain(" ".join(m.value for m in at.markdown))
    assert "analytical product: A written result of analysis" in glossary
