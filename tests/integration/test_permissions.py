"""The permission table: every use case x {administrator, lead, member, funder, signed out}
x {own task force, another task force}, each allowed or refused.

A use case is a public function in assessments/usecases/ whose first parameter is `db`.
Adding one without a row here (or an @host_only mark) fails test_every_use_case_has_a_row.
A refused call raises NotAllowed and changes nothing in the database.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import pkgutil
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

import assessments.usecases as usecases
from assessments.domain.model import Discipline, NotAllowed, Role
from assessments.domain.passwords import hash_password
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import (
    accounts,
    backups,
    consensus,
    cycles,
    demo,
    exports,
    frameworks,
    installation,
    members,
    paper_round,
    planning,
    progress,
    questionnaire,
    report_notes,
    report_settings,
    results,
    task_force_data,
    task_forces,
    team,
)
from tests.conftest import SMALL_FRAMEWORK_FILE, snapshot

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "the world's shared passphrase"
ACTORS = ["administrator", "lead", "member", "funder", "signed out"]
SIDES = ["own", "other"]

# Who may, on their own task force. On another task force nobody may, except where a use case
# is not about a task force at all (marked tf_free).
EVERYONE = frozenset(ACTORS)
SIGNED_IN = frozenset({"administrator", "lead", "member", "funder"})
ADMIN = frozenset({"administrator"})
LEAD = frozenset({"lead"})
ANSWER = frozenset({"lead", "member"})
READ_RESULTS = frozenset({"lead", "member", "funder"})
READ_PLAN = frozenset({"lead", "funder"})
NOBODY = frozenset()


@dataclass(frozen=True)
class World:
    """Ids in a copy of the template database; each side is one task force."""

    db: Database
    actors: dict[str, object]
    tf: dict[str, int]
    cycle: dict[str, int]
    closed_cycle: dict[str, int]
    member: dict[str, int]
    action: dict[str, int]
    link_id: dict[str, int]
    token: dict[str, str]
    element: str
    element_2: str
    function: str
    emails: dict[str, str]


@dataclass(frozen=True)
class Row:
    call: Callable[[World, object, str], object]
    allowed: frozenset[str]
    tf_free: bool = False  # not about one task force: the same answer on either side
    anywhere: frozenset[str] = frozenset()  # allowed on either side (the administrator, who is in no task force)
    # What must be true first (done as the host or that side's lead), before the "changes nothing" snapshot.
    setup: Callable[[World, object, str], None] | None = None


def _close_open(w: World, a, side: str) -> None:
    cycles.close_cycle_unchecked(w.db, w.cycle[side])


def _lead(w: World, side: str):
    return w.actors[f"lead@{side}"]


def _record_consensus(w: World, a, side: str) -> None:
    consensus.record_consensus(w.db, _lead(w, side), w.cycle[side], w.element, 3, "agreed at the meeting")


def _submit_if_allowed(w: World, a, side: str) -> None:
    try:
        questionnaire.submit_answers(w.db, a, w.cycle[side])
    except NotAllowed:
        pass


def _set_target(w: World, a, side: str) -> None:
    planning.set_target(w.db, _lead(w, side), w.tf[side], w.cycle[side], w.element)


def _proposal(w: World, side: str):
    return planning.proposals_for_cycle(w.db, _lead(w, side), w.tf[side], w.cycle[side])[0]


_BACKUPS: dict[str, bytes] = {}


def _take_backup(w: World, a, side: str) -> None:
    """A backup of the side's task force under a new name, so that it can be restored beside it."""
    document = json.loads(backups.backup_task_force(w.db, w.actors["administrator"], w.tf[side]))
    document["task_force"]["name"] += " (restored)"
    _BACKUPS[side] = json.dumps(document).encode()


TABLE: dict[str, Row] = {
    # turning credentials into a session: no actor to check, open to everyone
    "accounts.accept_link": Row(lambda w, a, s: accounts.accept_link(w.db, w.token[s], PASSWORD), EVERYONE, True),
    "accounts.link_info": Row(lambda w, a, s: accounts.link_info(w.db, w.token[s]), EVERYONE, True),
    "accounts.sign_in": Row(lambda w, a, s: accounts.sign_in(w.db, w.emails[s], PASSWORD), EVERYONE, True),
    "accounts.sign_in_verified_email": Row(lambda w, a, s: accounts.sign_in_verified_email(w.db, w.emails[s], "sso"), EVERYONE, True),
    "accounts.session_account": Row(lambda w, a, s: accounts.session_account(w.db, "no such token"), EVERYONE, True),
    "accounts.sign_out": Row(lambda w, a, s: accounts.sign_out(w.db, "no such token"), EVERYONE, True),
    "accounts.needs_administrator": Row(lambda w, a, s: accounts.needs_administrator(w.db), EVERYONE, True),
    "accounts.installation_is_empty": Row(lambda w, a, s: accounts.installation_is_empty(w.db), EVERYONE, True),
    # this world has an administrator already, so nobody may create the first one
    "accounts.create_first_administrator": Row(
        lambda w, a, s: accounts.create_first_administrator(w.db, "new@county.example", PASSWORD, "New"), NOBODY, True),
    "accounts.my_task_forces": Row(lambda w, a, s: accounts.my_task_forces(w.db, a), SIGNED_IN, True),
    "accounts.change_password": Row(
        lambda w, a, s: accounts.change_password(w.db, a, PASSWORD, "another shared passphrase"), SIGNED_IN, True),
    # the demo: this world is not the demo alone, so nobody may explore
    "demo.demo_alone": Row(lambda w, a, s: demo.demo_alone(w.db), EVERYONE, True),
    "demo.explore_as": Row(lambda w, a, s: demo.explore_as(w.db, Role.LEAD), NOBODY, True),
    # a framework's text is the public roadmap
    "frameworks.get_framework": Row(lambda w, a, s: frameworks.get_framework(w.db, "test-roadmap", "0.1"), EVERYONE, True),
    "frameworks.framework_of_cycle": Row(
        lambda w, a, s: frameworks.framework_of_cycle(w.db, _raw_cycle(w, s)), EVERYONE, True),
    "frameworks.framework_of_task_force": Row(
        lambda w, a, s: frameworks.framework_of_task_force(w.db, w.tf[s]), EVERYONE, True),
    "frameworks.list_frameworks": Row(lambda w, a, s: frameworks.list_frameworks(w.db, a, w.tf[s]), READ_RESULTS),
    "frameworks.framework_usage": Row(lambda w, a, s: frameworks.framework_usage(w.db, a, w.tf[s]), LEAD),
    "frameworks.choose_framework": Row(
        lambda w, a, s: frameworks.choose_framework(w.db, a, w.tf[s], "test-roadmap", "0.1"), LEAD),
    "frameworks.upload_framework": Row(
        lambda w, a, s: frameworks.upload_framework(w.db, a, w.tf[s], _edited_framework(), "mine.yaml"), LEAD),
    "frameworks.upload_shared_framework": Row(
        lambda w, a, s: frameworks.upload_shared_framework(w.db, a, _edited_framework(), "shared.yaml"), ADMIN, True),
    # the administrator's
    "installation.list_task_forces": Row(lambda w, a, s: installation.list_task_forces(w.db, a), ADMIN, True),
    "installation.create_task_force": Row(
        lambda w, a, s: installation.create_task_force(w.db, a, "Third Task Force", "Third County", "t@third.example",
                                                      "Tia", "labor"), ADMIN, True),
    "installation.reset_link": Row(lambda w, a, s: installation.reset_link(w.db, a, w.emails[s]), ADMIN, True),
    "team.audit_log[installation]": Row(lambda w, a, s: team.audit_log(w.db, a, None), ADMIN, True),
    # the task force itself
    "task_forces.get_task_force": Row(lambda w, a, s: task_forces.get_task_force(w.db, a, w.tf[s]), READ_RESULTS),
    "task_forces.set_thresholds": Row(lambda w, a, s: task_forces.set_thresholds(w.db, a, w.tf[s], 4, 5), LEAD),
    "report_settings.set_paper": Row(lambda w, a, s: report_settings.set_paper(w.db, a, w.tf[s], "a4"), LEAD),
    "team.audit_log": Row(lambda w, a, s: team.audit_log(w.db, a, w.tf[s]), LEAD),
    "team.team_status": Row(lambda w, a, s: team.team_status(w.db, a, w.tf[s]), LEAD),
    "team.list_members": Row(lambda w, a, s: team.list_members(w.db, a, w.tf[s]), LEAD),
    "team.invite": Row(lambda w, a, s: team.invite(w.db, a, w.tf[s], "x@county.example", "X", "member", "ngo"), LEAD),
    "team.new_link": Row(lambda w, a, s: team.new_link(w.db, a, w.tf[s], w.member[s]), LEAD),
    "team.revoke_invite": Row(lambda w, a, s: team.revoke_invite(w.db, a, w.tf[s], w.link_id[s]), LEAD),
    "team.change_role": Row(lambda w, a, s: team.change_role(w.db, a, w.tf[s], w.member[s], "lead"), LEAD),
    "team.remove_member": Row(lambda w, a, s: team.remove_member(w.db, a, w.tf[s], w.member[s]), LEAD),
    # cycles
    "cycles.list_cycles": Row(lambda w, a, s: cycles.list_cycles(w.db, a, w.tf[s]), READ_RESULTS),
    "cycles.get_cycle": Row(lambda w, a, s: cycles.get_cycle(w.db, a, w.cycle[s]), READ_RESULTS),
    "cycles.find_cycle": Row(lambda w, a, s: cycles.find_cycle(w.db, a, w.tf[s], "2026-Q4"), READ_RESULTS),
    "cycles.open_cycle_of": Row(lambda w, a, s: cycles.open_cycle_of(w.db, a, w.tf[s]), READ_RESULTS),
    "cycles.proposed_label": Row(lambda w, a, s: cycles.proposed_label(w.db, a, w.tf[s], date(2027, 2, 1)), LEAD),
    "cycles.open_cycle": Row(lambda w, a, s: cycles.open_cycle(w.db, a, w.tf[s], "2027-Q1"), LEAD, setup=_close_open),
    "cycles.close_cycle_summary": Row(lambda w, a, s: cycles.close_cycle_summary(w.db, a, w.cycle[s]), LEAD),
    "cycles.close_cycle": Row(lambda w, a, s: cycles.close_cycle(w.db, a, w.cycle[s]), LEAD),
    "cycles.reopen_cycle": Row(lambda w, a, s: cycles.reopen_cycle(w.db, a, w.closed_cycle[s]), LEAD, setup=_close_open),
    # the questionnaire
    "questionnaire.member_sheet": Row(lambda w, a, s: questionnaire.member_sheet(w.db, a, w.cycle[s]), ANSWER),
    "questionnaire.progress": Row(lambda w, a, s: questionnaire.progress(w.db, a, w.cycle[s]), ANSWER),
    "questionnaire.relevant_functions": Row(lambda w, a, s: questionnaire.relevant_functions(w.db, a, w.cycle[s]), ANSWER),
    "questionnaire.my_answers": Row(lambda w, a, s: questionnaire.my_answers(w.db, a, w.cycle[s]), ANSWER),
    "questionnaire.save_answer": Row(
        lambda w, a, s: questionnaire.save_answer(w.db, a, w.cycle[s], w.element, 3, "a note"), ANSWER),
    "questionnaire.record_answer": Row(
        lambda w, a, s: questionnaire.record_answer(w.db, a, w.cycle[s], w.element, 2), ANSWER),
    "questionnaire.submit_answers": Row(lambda w, a, s: questionnaire.submit_answers(w.db, a, w.cycle[s]), ANSWER),
    "questionnaire.reopen_answers": Row(
        lambda w, a, s: (questionnaire.submit_answers(w.db, a, w.cycle[s]),
                         questionnaire.reopen_answers(w.db, a, w.cycle[s])), ANSWER),
    "questionnaire.member_comparison": Row(
        lambda w, a, s: questionnaire.member_comparison(w.db, a, w.cycle[s]), ANSWER, setup=_submit_if_allowed),
    "questionnaire.function_relevance": Row(lambda w, a, s: questionnaire.function_relevance(w.db, a, w.tf[s]), LEAD),
    "questionnaire.set_function_relevance": Row(
        lambda w, a, s: questionnaire.set_function_relevance(w.db, a, w.tf[s], Discipline.NGO, w.function, False), LEAD),
    # results and progress
    "results.cycle_scores": Row(lambda w, a, s: results.cycle_scores(w.db, a, w.cycle[s]), READ_RESULTS),
    "results.cycle_breakdown": Row(lambda w, a, s: results.cycle_breakdown(w.db, a, w.cycle[s]), READ_RESULTS),
    "results.respondents_by_discipline": Row(
        lambda w, a, s: results.respondents_by_discipline(w.db, a, w.cycle[s]), READ_RESULTS),
    "results.scores_by_cycle": Row(lambda w, a, s: results.scores_by_cycle(w.db, a, w.tf[s]), READ_RESULTS),
    "results.starting_cycle": Row(lambda w, a, s: results.starting_cycle(w.db, a, w.tf[s]), READ_RESULTS),
    "results.cycle_results": Row(lambda w, a, s: results.cycle_results(w.db, a, w.cycle[s]), READ_RESULTS),
    "results.histories": Row(lambda w, a, s: results.histories(w.db, a, [w.tf[s]]), READ_RESULTS),
    "progress.history": Row(lambda w, a, s: progress.history(w.db, a, w.tf[s]), READ_RESULTS),
    "progress.targets": Row(lambda w, a, s: progress.targets(w.db, a, w.tf[s]), READ_RESULTS),
    # consensus
    "consensus.recorded_consensus": Row(lambda w, a, s: consensus.recorded_consensus(w.db, a, w.cycle[s]), READ_RESULTS),
    "consensus.element_review": Row(lambda w, a, s: consensus.element_review(w.db, a, w.cycle[s], w.element), LEAD),
    "consensus.record_consensus": Row(
        lambda w, a, s: consensus.record_consensus(w.db, a, w.cycle[s], w.element, 3, "agreed at the meeting"), LEAD),
    "consensus.clear_consensus": Row(
        lambda w, a, s: consensus.clear_consensus(w.db, a, w.cycle[s], w.element), LEAD, setup=_record_consensus),
    # evidence notes
    "report_notes.notes_for_lead": Row(lambda w, a, s: report_notes.notes_for_lead(w.db, a, w.cycle[s]), LEAD),
    "report_notes.set_note_in_report": Row(
        lambda w, a, s: report_notes.set_note_in_report(w.db, a, w.cycle[s], _note_key(w, s), True), LEAD),
    "report_notes.notes_in_report": Row(lambda w, a, s: report_notes.notes_in_report(w.db, a, w.cycle[s]), READ_PLAN),
    "report_notes.count_notes": Row(lambda w, a, s: report_notes.count_notes(w.db, a, w.cycle[s]), READ_PLAN),
    "exports.record_export": Row(lambda w, a, s: exports.record_export(w.db, a, w.cycle[s], "PDF report"), READ_PLAN),
    # the plan
    "planning.list_targets": Row(lambda w, a, s: planning.list_targets(w.db, a, w.tf[s]), READ_PLAN),
    "planning.function_outcomes": Row(lambda w, a, s: planning.function_outcomes(w.db, a, w.tf[s]), READ_PLAN),
    "planning.element_standings": Row(
        lambda w, a, s: planning.element_standings(w.db, a, w.tf[s], w.cycle[s]), READ_PLAN),
    "planning.plan_for_cycle": Row(lambda w, a, s: planning.plan_for_cycle(w.db, a, w.tf[s], w.cycle[s]), READ_PLAN),
    "planning.list_actions": Row(lambda w, a, s: planning.list_actions(w.db, a, w.tf[s]), READ_PLAN),
    "planning.target_history": Row(lambda w, a, s: planning.target_history(w.db, a, w.tf[s]), LEAD),
    "planning.set_target": Row(lambda w, a, s: planning.set_target(w.db, a, w.tf[s], w.cycle[s], w.element), LEAD),
    "planning.proposals_for_cycle": Row(
        lambda w, a, s: planning.proposals_for_cycle(w.db, a, w.tf[s], w.cycle[s]), LEAD),
    "planning.accept_proposal": Row(
        lambda w, a, s: planning.accept_proposal(w.db, a, w.tf[s], w.cycle[s], _proposal(w, s).element_id,
                                                 _proposal(w, s).title), LEAD, setup=_set_target),
    "planning.add_action": Row(
        lambda w, a, s: planning.add_action(w.db, a, w.tf[s], w.element, "Write the MOU", cycle_id=w.cycle[s]), LEAD),
    "planning.update_action": Row(
        lambda w, a, s: planning.update_action(w.db, a, w.action[s], 1, {"note": "Patrol sergeant agreed"}), LEAD),
    "planning.pin_action": Row(lambda w, a, s: planning.pin_action(w.db, a, w.action[s]), LEAD),
    "planning.unpin_action": Row(lambda w, a, s: planning.unpin_action(w.db, a, w.action[s]), LEAD),
    "planning.action_history": Row(lambda w, a, s: planning.action_history(w.db, a, w.action[s]), LEAD),
    "planning.set_function_outcome": Row(
        lambda w, a, s: planning.set_function_outcome(w.db, a, w.tf[s], w.function, "Survivors are safer."), LEAD),
    # data in and out
    "backups.backup_task_force": Row(lambda w, a, s: backups.backup_task_force(w.db, a, w.tf[s]), LEAD, anywhere=ADMIN),
    "task_force_data.task_force_data": Row(
        lambda w, a, s: task_force_data.task_force_data(w.db, a, w.tf[s], "xlsx"), LEAD, anywhere=ADMIN),
    "backups.restore_backup": Row(lambda w, a, s: backups.restore_backup(w.db, a, _BACKUPS[s]), ADMIN, True,
                                  setup=_take_backup),
    "paper_round.respondents": Row(lambda w, a, s: paper_round.respondents(w.db, a, w.tf[s]), LEAD),
    "paper_round.import_paper_round": Row(
        lambda w, a, s: paper_round.import_paper_round(w.db, a, w.cycle[s], _paper_sheet(w)), LEAD),
}



def _paper_sheet(w: World) -> bytes:
    # The first answering member joined first: the lead, who answered the first element already.
    return f"member,discipline,element_id,stage,note\nM001,,{w.element_2},4,On paper\n".encode()


def _raw_cycle(w: World, side: str):
    with UnitOfWork(w.db) as uow:
        return uow.cycles.get_cycle(w.cycle[side])


def _note_key(w: World, side: str) -> int:
    lead = w.actors[f"lead@{side}"]
    return report_notes.notes_for_lead(w.db, lead, w.cycle[side])[0].key


def _edited_framework() -> str:
    return SMALL_FRAMEWORK_FILE.read_text(encoding="utf-8").replace("version: '0.1'", "version: '0.9-local'")


# the world -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory, framework) -> tuple[Path, dict]:
    """Two task forces, each with a lead, a member and a funder (accounts with passwords), an open
    cycle with answers and a note, a closed cycle, an action and a pending invite; and an administrator."""
    path = tmp_path_factory.mktemp("permissions") / "world.db"
    db = Database(f"sqlite:///{path}")
    frameworks.add_framework(db, SMALL_FRAMEWORK_FILE.read_bytes(), SMALL_FRAMEWORK_FILE.name)
    frameworks.install_bundled_frameworks(db)
    password_hash = hash_password(PASSWORD)  # once: Argon2 is slow on purpose
    ids: dict = {key: {} for key in ("tf", "cycle", "closed_cycle", "member", "action", "link_id", "token", "emails")}
    ids["actors"] = {}
    admin = accounts.create_administrator(db, "admin@county.example", PASSWORD, "Ada Admin").account
    ids["actors"]["administrator"] = admin.actor
    for side, name in (("own", "Own Task Force"), ("other", "Other Task Force")):
        tf = task_forces.create_task_force(db, name, "County", framework)
        ids["tf"][side] = tf.id
        people = {
            "lead": members.add_member(db, tf.id, "Lead", Discipline.LAW_ENFORCEMENT, Role.LEAD, email=f"lead@{side}.example"),
            "member": members.add_member(db, tf.id, "Member", Discipline.VICTIM_SERVICES, Role.MEMBER, email=f"member@{side}.example"),
            "funder": members.add_member(db, tf.id, "Funder", None, Role.FUNDER, email=f"funder@{side}.example"),
        }
        target = members.add_member(db, tf.id, "Another member", Discipline.NGO, Role.MEMBER, email=f"another@{side}.example")
        with UnitOfWork(db, writes=True) as uow:
            for person in [*people.values(), target]:
                uow.accounts.set_password_hash(person.account_id, password_hash)
            uow.commit()
        for role, person in people.items():
            ids["actors"][f"{role}@{side}"] = person.actor
        ids["member"][side] = target.id
        ids["emails"][side] = f"member@{side}.example"
        closed = cycles.open_cycle_unchecked(db, tf.id, "2026-Q3")
        cycles.close_cycle_unchecked(db, closed.id)
        cycle = cycles.open_cycle_unchecked(db, tf.id, "2026-Q4")
        ids["closed_cycle"][side], ids["cycle"][side] = closed.id, cycle.id
        for person in (people["lead"], people["member"], target):
            questionnaire.save_answer(db, person.actor, cycle.id, framework.elements[0].id, 3, "Seen in two cases")
        ids["action"][side] = planning.add_action(
            db, people["lead"].actor, tf.id, framework.elements[0].id, "Train the patrol", cycle_id=cycle.id).id
        link = team.invite(db, people["lead"].actor, tf.id, f"invitee@{side}.example", "Ivy Invitee", "member", "labor")
        ids["token"][side] = link.token
        ids["link_id"][side] = team.team_status(db, people["lead"].actor, tf.id).pending[0].link.id
    ids["element"], ids["function"] = framework.elements[0].id, framework.functions[0].id
    ids["element_2"] = framework.elements[1].id
    db.dispose()
    return path, ids


@pytest.fixture
def world(template, tmp_path) -> World:
    path, ids = template
    copy = tmp_path / "world.db"
    shutil.copy(path, copy)
    db = Database(f"sqlite:///{copy}", run_migrations=False)
    yield World(db=db, **ids)
    db.dispose()


def _actor(world: World, who: str):
    if who == "signed out":
        return None
    if who == "administrator":
        return world.actors["administrator"]
    return world.actors[f"{who}@own"]


def _use_cases() -> dict[str, Callable]:
    found = {}
    for info in pkgutil.iter_modules(usecases.__path__):
        module = importlib.import_module(f"assessments.usecases.{info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            parameters = list(inspect.signature(function).parameters)
            if function.__module__ == module.__name__ and not name.startswith("_") and parameters[:1] == ["db"]:
                found[f"{info.name}.{name}"] = function
    return found


# the tests -----------------------------------------------------------------------------------


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("who", ACTORS)
@pytest.mark.parametrize("use_case", sorted(TABLE))
def test_the_permission_table(world, use_case, who, side):
    row = TABLE[use_case]
    allowed = who in row.anywhere or (who in row.allowed and (side == "own" or row.tf_free))
    actor = _actor(world, who)
    if row.setup:
        row.setup(world, actor, side)
    before = snapshot(world.db)
    try:
        row.call(world, actor, side)
    except NotAllowed as refusal:
        assert not allowed, f"{use_case} refused {who} on the {side} task force: {refusal}"
        assert snapshot(world.db) == before, f"{use_case} refused {who} but changed the database"
    else:
        assert allowed, f"{use_case} let {who} in on the {side} task force"


def test_every_use_case_has_a_row_or_is_host_only():
    found = _use_cases()
    host_only = {name for name, function in found.items() if hasattr(function, "__host_only__")}
    rows = {name.split("[")[0] for name in TABLE}
    assert sorted(set(found) - host_only - rows) == [], "use cases without a row in the permission table"
    assert sorted(rows - set(found)) == [], "rows for use cases that no longer exist"
    assert not rows & host_only, "a host-only use case has a row; it takes no actor"


def test_the_app_never_calls_a_host_only_use_case():
    host_only = {name for name, function in _use_cases().items() if hasattr(function, "__host_only__")}
    # ui/state.py runs the app's first start (bundled frameworks, the demo on the embedded default).
    first_start = {"frameworks.install_bundled_frameworks", "demo.wants_demo", "demo.ensure_demo"}
    calls = set()
    for path in [ROOT / "streamlit_app.py", *(ROOT / "ui").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                name = f"{node.value.id}.{node.attr}"
                if name in host_only and not (path.name == "state.py" and name in first_start):
                    calls.add(f"{path.name}: {name}")
    assert sorted(calls) == []
