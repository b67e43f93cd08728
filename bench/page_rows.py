"""Rows 1: every signed-in page's rerun through AppTest, as a ratio to the rerun of an empty page.

Pages open exactly as tests/ui/conftest.py opens them (a real session for a real membership,
on the app at DATABASE_URL). Warm: a widget changed and no data did (the page's first
selectbox with two options or more set to another one, else a plain rerun). After a data
change: one answer saved through the questionnaire use case, untimed, then a plain rerun.
The questionnaire's own save is a stage clicked through AppTest, so the save is in the time.
"""

from __future__ import annotations

import os

from figures import Row, median_ms
from streamlit.testing.v1 import AppTest
from world import World

from assessments.domain.model import Cycle
from assessments.store.database import Database
from assessments.usecases import cycles, questionnaire
from tests.ui.conftest import TIMEOUT, app, db_member

EMPTY_PAGE = "import streamlit as st\nst.title('Empty')\n"
WARM_RATIO, DATA_CHANGE_RATIO, SAVE_RATIO = 4, 15, 4
DATA_CHANGE_TARGETS = {"ui/results.py", "ui/progress.py"}
# (page, who opens it, its name in the table); the administrator's Installation page is left out:
# it shows no task force data.
PAGES = [
    ("ui/results.py", "lead", "Results"), ("ui/progress.py", "lead", "Progress"),
    ("ui/reports.py", "lead", "Reports"), ("ui/plan.py", "lead", "Plan"),
    ("ui/consensus.py", "lead", "Consensus"), ("ui/questionnaire.py", "member", "Questionnaire"),
    ("ui/framework.py", "lead", "Framework"), ("ui/team.py", "lead", "Team"),
    ("ui/admin.py", "lead", "Task force settings"), ("ui/account.py", "lead", "Your account"),
    ("ui/plan_view.py", "funder", "Plan (funder)"),
]
STAGE_QUESTION = "Where is the task force today"


def compile_once_as_a_server_does() -> None:
    """`streamlit run` compiles each page script once and keeps the bytecode (ScriptCache) until the
    file changes; AppTest makes a new cache, so compiles again, on every run. The page rows measure
    what a server's rerun costs, so every AppTest here shares one cache (the empty page's too)."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = ScriptCache()
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared


def empty_page_ms(repeat: int) -> float:
    at = AppTest.from_string(EMPTY_PAGE, default_timeout=TIMEOUT)
    at.run()
    return median_ms(at.run, 4 * repeat)  # cheap, and every page's ratio rests on it


def page_rows(world: World, repeat: int) -> list[Row]:
    os.environ["DATABASE_URL"] = world.url
    compile_once_as_a_server_does()
    empty = empty_page_ms(repeat)
    rows = [Row("page: empty page rerun (the floor)", empty, "ms",
                note="AppTest of one st.title; scripts compiled once, as a server does")]
    who = {"lead": world.lead_member_id, "member": world.member_member_id, "funder": world.funder_member_id}
    saver = _Saver(world)
    for path, person, title in PAGES:
        rows += _one_page(path, who[person], title, empty, saver, saver.cycles, repeat)
    rows.append(_questionnaire_save(world.member_member_id, empty, repeat))
    return rows


def _one_page(path: str, member_id: int, title: str, empty: float, saver: _Saver, cycles: list[Cycle],
              repeat: int) -> list[Row]:
    at = app(path, member_id)
    if at.exception:
        return [Row(f"page: {title}", None, "ms", note=f"the page raised: {at.exception[0].message[:60]}")]
    change = _WidgetChange(at, cycles)
    warm = median_ms(change.flip, repeat)
    change.restore()
    warm_row = Row(f"page: {title} warm rerun", warm, "ms", empty, max_ratio=WARM_RATIO, note=change.what)
    data = median_ms(at.run, repeat, prepare=saver.save)
    data_row = Row(f"page: {title} after a data change", data, "ms", empty,
                   max_ratio=DATA_CHANGE_RATIO if path in DATA_CHANGE_TARGETS else None)
    return [warm_row, data_row]


class _WidgetChange:
    """A rerun after one widget changed and no data did: the page's first selectbox or radio that can be
    set to another value without saving anything (a cycle picker to another cycle, or a choice among
    plain texts), back and forth in turns; else a plain rerun. ``restore`` puts the first value back."""

    def __init__(self, at: AppTest, cycles: list[Cycle]) -> None:
        self.at, self.widget, self.values = at, None, []
        for widget in [*at.main.selectbox, *at.main.radio]:
            if widget.label.startswith(STAGE_QUESTION) or len(widget.options) < 2:
                continue  # a stage clicked on the questionnaire saves an answer
            values = _other_values(widget, cycles)
            if values:
                self.widget, self.values = (type(widget).__name__, widget.key, widget.label), values
                break
        self.flips = 0
        self.what = f"{self.widget[0].lower()} {self.widget[2]!r}" if self.widget else "plain rerun: no widget to change"

    def flip(self) -> None:
        if self.widget is None:
            self.at.run()
            return
        self.flips += 1
        self._find().set_value(self.values[self.flips % 2]).run()

    def restore(self) -> None:
        if self.flips % 2:
            self.flip()

    def _find(self):
        # Found again each time: AppTest rebuilds its element tree after every run.
        kind, key, label = self.widget
        widgets = self.at.main.selectbox if kind == "Selectbox" else self.at.main.radio
        return next(w for w in widgets if (w.key == key if key is not None else w.label == label))


def _other_values(widget, cycles: list[Cycle]) -> list:
    """The widget's value and another it can take, as raw values (AppTest shows options formatted)."""
    value = widget.value
    if isinstance(value, Cycle):
        # Another cycle this widget lists, of the same kind (a picker of closed cycles lists only those).
        listed = [c for c in cycles if c.id != value.id and any(o.startswith(c.label) for o in widget.options)]
        alike = [c for c in listed if c.is_open == value.is_open] or listed
        return [value, alike[-1]] if alike else []
    if isinstance(value, str) and value in widget.options:
        return [value, next(o for o in widget.options if o != value)]
    return []


class _Saver:
    """One answer changed through the questionnaire's save use case, as a member saving it would."""

    def __init__(self, world: World) -> None:
        self.db = Database(world.url)
        with_member = db_member(self.db, world.member_member_id)
        self.actor, self.cycle_id, self.element_id = with_member.actor, world.open_cycle_id, world.element_ids[-1]
        self.stage = 1
        self.cycles = cycles.list_cycles(self.db, self.actor, with_member.task_force_id)

    def save(self) -> None:
        self.stage = self.stage % 5 + 1
        questionnaire.save_answer(self.db, self.actor, self.cycle_id, self.element_id, self.stage)


def _questionnaire_save(member_id: int, empty: float, repeat: int) -> Row:
    at = app("ui/questionnaire.py", member_id)
    stages = [2, 3]

    def click_a_stage() -> None:
        stages.reverse()
        radio = next(r for r in at.main.radio if r.label.startswith(STAGE_QUESTION))
        radio.set_value(stages[0]).run()

    if not any(r.label.startswith(STAGE_QUESTION) for r in at.main.radio):
        return Row("page: Questionnaire save rerun", None, "ms", empty, max_ratio=SAVE_RATIO, note="no stage to click")
    return Row("page: Questionnaire save rerun", median_ms(click_a_stage, repeat), "ms", empty, max_ratio=SAVE_RATIO,
               note="a stage clicked: save and rerun")
