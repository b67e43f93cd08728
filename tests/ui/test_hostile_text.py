"""Text that people, leads and framework files supply renders as typed on every page: a
Markdown link, an image, `$...$` maths, HTML, right-to-left and CJK script and emoji show
literally (escaped), never as a live link, a picture request, a formula or markup.

The hostile texts go in through the use cases (they are valid input: no control
characters, within every limit), except the task force's name, which no page can change
and which an old row may hold; the framework's through a framework file a lead uploads.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import update

from assessments.store.rows import TaskForceRow
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import consensus, cycles, demo, frameworks, planning, questionnaire, task_forces
from tests.conftest import SMALL_FRAMEWORK_FILE
from tests.ui.conftest import app, demo_member
from ui.text import literal

LINK, IMAGE, MATHS, HTML = "[memo](http://example.org/x)", "![x](http://example.org/x.png)", \
    "$25,000 grant, $5,000 pending", "<b>bold</b><img src=x onerror=alert(1)>"
SCRIPTS = "מרכז הסיוע · مركز · 受害者 · 피해자 · 🙂"
RAW = [LINK, IMAGE, MATHS, HTML]


def hostile(field: str) -> str:
    return f"{field} {LINK} {IMAGE} {MATHS} {HTML} {SCRIPTS}"


PAGES_BY_ROLE = {
    demo.DEMO_LEAD: ["ui/results.py", "ui/progress.py", "ui/consensus.py", "ui/plan.py", "ui/reports.py",
                     "ui/team.py", "ui/admin.py", "ui/questionnaire.py", "ui/framework.py", "ui/account.py"],
    "Aisha Karimi": ["ui/questionnaire.py", "ui/results.py", "ui/progress.py"],
    demo.DEMO_FUNDER: ["ui/plan_view.py", "ui/results.py", "ui/progress.py", "ui/reports.py"],
}


# Element kinds whose value Streamlit renders as Markdown, and widgets whose options it does.
# (A text input's value, a selectbox's options and a table's cells are plain text.)
MARKDOWN_VALUES = {"Markdown", "Caption", "Title", "Header", "Subheader", "Error", "Info", "Success", "Warning",
                   "Toast", "Latex"}
MARKDOWN_OPTIONS = {"Radio", "ButtonGroup"}


def shown_texts(at) -> list[str]:
    """Every text the page hands to Streamlit's Markdown: element values, labels and options.
    HTML blocks (st.html) are checked apart: Markdown does not run there, HTML must not."""
    out: list[str] = []

    def walk(node) -> None:
        if type(node).__name__ == "Html":
            body = str(getattr(node, "value", "") or getattr(node, "body", ""))
            assert "<img src=x" not in body and "<b>bold</b>" not in body, f"unescaped HTML in {body[:200]!r}"
            return
        kind = type(node).__name__
        value, label = getattr(node, "value", None), getattr(node, "label", None)
        if kind in MARKDOWN_VALUES and isinstance(value, str):
            out.append(value)
        if isinstance(label, str):  # widget, expander and tab labels are Markdown
            out.append(label)
        options = getattr(node, "options", None)
        if kind in MARKDOWN_OPTIONS and isinstance(options, list):
            out.extend(o for o in options if isinstance(o, str))
        children = getattr(node, "children", None)
        for child in children.values() if isinstance(children, dict) else []:
            walk(child)

    walk(at._tree)
    return out


def assert_nothing_live(texts: list[str]) -> None:
    for text in texts:
        assert "incident number" not in text, text
        for raw in RAW:
            assert raw not in text, f"unescaped {raw!r} in {text[:200]!r}"


@pytest.fixture
def hostile_demo(demo_db):
    """The demo, with hostile text in the task force name, a rationale, an action, an outcome
    and an evidence note of the open cycle."""
    task_force = task_forces.find_task_force(demo_db, demo.DEMO_TASK_FORCE)
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    member = demo_member(demo_db, "Aisha Karimi")
    ids = {who: demo_member(demo_db, who).id for who in PAGES_BY_ROLE}
    with UnitOfWork(demo_db, writes=True) as uow:
        uow.session.execute(update(TaskForceRow).where(TaskForceRow.id == task_force.id).values(name=hostile("TF")))
        uow.changed(task_force.id)
        uow.commit()
    open_cycle = next(c for c in cycles.list_cycles(demo_db, lead.actor, task_force.id) if c.is_open)
    consensus.record_consensus(demo_db, lead.actor, open_cycle.id, "IF-1", 3, hostile("Rationale"))
    planning.add_action(demo_db, lead.actor, task_force.id, "IF-1", hostile("Action")[:500], hostile("Owner")[:200],
                        note=hostile("Action note"))
    planning.set_function_outcome(demo_db, lead.actor, task_force.id, "IF", hostile("Outcome"))
    questionnaire.save_answer(demo_db, member.actor, open_cycle.id, "IF-1", 3, hostile("Note"))
    return ids


@pytest.mark.parametrize("who, page", [(who, page) for who, pages in PAGES_BY_ROLE.items() for page in pages])
def test_hostile_text_shows_literally_on_every_page(hostile_demo, who, page):
    at = app(page, hostile_demo[who])
    assert not at.exception, at.exception
    texts = shown_texts(at)
    assert_nothing_live(texts)
    if page in ("ui/results.py", "ui/admin.py", "ui/account.py"):
        assert any(literal(hostile("TF")) in text for text in texts), "the task force name is not shown escaped"


def test_the_rationale_and_the_outcome_show_escaped(hostile_demo):
    lead = hostile_demo[demo.DEMO_LEAD]
    plan = shown_texts(app("ui/plan.py", lead))
    assert_nothing_live(plan)
    assert any(literal(hostile("Outcome")) in text for text in plan)
    review = shown_texts(app("ui/consensus.py", lead))
    assert_nothing_live(review)
    assert any(literal(hostile("Rationale")) in text for text in review)


def test_framework_texts_from_a_lead_upload_show_escaped_on_every_lead_page(demo_db):
    """A lead uploads a framework whose names are hostile, opens a cycle on it, and members answer."""
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    source = SMALL_FRAMEWORK_FILE.read_text(encoding="utf-8")
    replacements = {"id: test-roadmap": "id: hostile-roadmap", "title: Test framework": f"title: {hostile('Title')!r}",
                    "name: Shared goals": f"name: {hostile('Element')!r}", "name: Forming": f"name: {hostile('Stage')!r}",
                    "name: Case Operations": f"name: {hostile('Function')!r}"}
    for old, new in replacements.items():
        assert old in source
        source = source.replace(old, new, 1)
    task_force_id = lead.task_force_id
    frameworks.upload_framework(demo_db, lead.actor, task_force_id, source, "hostile.yaml")
    frameworks.choose_framework(demo_db, lead.actor, task_force_id, "hostile-roadmap", "0.1")
    open_cycle = next(c for c in cycles.list_cycles(demo_db, lead.actor, task_force_id) if c.is_open)
    cycles.close_cycle(demo_db, lead.actor, open_cycle.id)
    cycle = cycles.open_cycle(demo_db, lead.actor, task_force_id, "2099-Q1")
    for name in ("Aisha Karimi", "Marcus Bell", "Helen Okafor", demo.DEMO_LEAD):
        for element_id, stage in (("IF-1", 2), ("CO-1", 3)):
            questionnaire.save_answer(demo_db, demo_member(demo_db, name).actor, cycle.id, element_id, stage)
    for page in PAGES_BY_ROLE[demo.DEMO_LEAD]:
        at = app(page, lead.id)
        if page == "ui/framework.py":
            for box in at.selectbox:
                if box.label == "Framework":
                    box.select(next(o for o in box.options if "Title" in o))
            at.run()
        assert not at.exception, (page, at.exception)
        assert_nothing_live(shown_texts(at))


# Any text a person can type: every character but the controls and broken ones, which the
# normaliser refuses (test_text_limits), with something besides white space in it.
TYPED = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=300).filter(str.strip)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(note=TYPED, rationale=TYPED.map(lambda t: " ".join(t.split())), title=TYPED, outcome=TYPED)
def test_any_text_a_person_can_save_never_breaks_the_pages_that_show_it(demo_db, note, rationale, title, outcome):
    member = demo_member(demo_db, "Aisha Karimi")
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    open_cycle = next(c for c in cycles.list_cycles(demo_db, lead.actor, lead.task_force_id) if c.is_open)
    questionnaire.save_answer(demo_db, member.actor, open_cycle.id, "IF-2", 2, note)
    consensus.record_consensus(demo_db, lead.actor, open_cycle.id, "IF-2", 2, rationale)
    planning.add_action(demo_db, lead.actor, lead.task_force_id, "IF-2", title)
    planning.set_function_outcome(demo_db, lead.actor, lead.task_force_id, "IF", outcome)
    pages = [("ui/questionnaire.py", member.id), ("ui/reports.py", lead.id), ("ui/consensus.py", lead.id),
             ("ui/plan.py", lead.id), ("ui/results.py", lead.id)]
    for page, who in pages:
        at = app(page, who)
        assert not at.exception, (page, at.exception)
        assert_nothing_live(shown_texts(at))
