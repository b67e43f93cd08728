"""A realistic demo task force, so every screen has something true to show.

Deterministic (fixed seed): the same database every time, which the tests rely on.
The story: most elements improve slowly, some stall, one regresses after a key
partner left, and law enforcement rates case operations higher than victim
services do. The current quarter makes the reporting threshold visible: only two
members have answered cross-border cooperation so far, and the task force's one
labor inspector has answered, so labor shows only among "other disciplines".
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta

from assessments.domain import plan_rules
from assessments.domain.model import Answer, Discipline, NotAllowed, NotFound, Role, TaskForce
from assessments.store.database import DEMO_LOCK, Database, default_database_url
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import accounts, cycles, frameworks, members, planning, results, task_forces
from assessments.usecases.access import host_only
from roadmap.model import Framework

DEMO_TASK_FORCE = "Riverside County Anti-Trafficking Task Force"
DEMO_JURISDICTION = "Riverside County (fictional)"
DEMO_LEAD = "Dana Whitfield"
DEMO_MEMBER = "Aisha Karimi"
DEMO_FUNDER = "Frances Hale"
# A reserved top-level domain: these addresses can never reach anyone.
DEMO_EMAIL_DOMAIN = "riverside-demo.example"
KEEN_THIS_QUARTER = {Discipline.LAW_ENFORCEMENT, Discipline.VICTIM_SERVICES, Discipline.LABOR}
# In the current quarter only these two have answered this element: under the threshold, so it shows as withheld.
SPARSE_ELEMENT = "CO-7"
SPARSE_ANSWERERS = {DEMO_LEAD, "Daniel Brooks"}

MEMBERS: list[tuple[str, Discipline | None, Role, str]] = [
    (DEMO_LEAD, Discipline.LAW_ENFORCEMENT, Role.LEAD, "Riverside County Sheriff's Office"),
    ("Marcus Bell", Discipline.LAW_ENFORCEMENT, Role.MEMBER, "Riverside Police Department"),
    ("Priya Raman", Discipline.LAW_ENFORCEMENT, Role.MEMBER, "State Bureau of Investigation"),
    ("Tomás Ortega", Discipline.LAW_ENFORCEMENT, Role.MEMBER, "Riverside Police Department"),
    ("Helen Okafor", Discipline.PROSECUTION, Role.MEMBER, "County Prosecutor's Office"),
    ("James Lindqvist", Discipline.PROSECUTION, Role.MEMBER, "U.S. Attorney's Office"),
    ("Rosa Delgado", Discipline.PROSECUTION, Role.MEMBER, "County Prosecutor's Office, Victim-Witness Unit"),
    ("Aisha Karimi", Discipline.VICTIM_SERVICES, Role.MEMBER, "Safe Harbor Survivor Services"),
    ("Nguyễn Thị Mai", Discipline.VICTIM_SERVICES, Role.MEMBER, "Asian Pacific Family Center"),
    ("Grace Mbeki", Discipline.VICTIM_SERVICES, Role.MEMBER, "Safe Harbor Survivor Services"),
    ("Daniel Brooks", Discipline.LABOR, Role.MEMBER, "State Department of Labor"),
    ("Olena Kovalenko", Discipline.NGO, Role.MEMBER, "Migrant Workers' Rights Coalition"),
    ("Samuel Yazzie", Discipline.HEALTH, Role.MEMBER, "Riverside Community Health Clinic"),
    ("Ruth Abernathy", Discipline.FAITH, Role.MEMBER, "Interfaith Refuge Network"),
    (DEMO_FUNDER, None, Role.FUNDER, "State Office for Victims of Crime (fictional)"),
]


def demo_email(name: str) -> str:
    """dana.whitfield@riverside-demo.example, for the demo's made-up people."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return ".".join(ascii_name.split()) + "@" + DEMO_EMAIL_DOMAIN

NOTES = [
    "Discussed at the monthly case review; the written protocol was used in most referrals.",
    "Based on the MOU signed last spring and how often partners actually follow it.",
    "We saw this in two labor cases this quarter: the referral worked, but only because people knew each other.",
    "No written document yet; this is my impression from meetings.",
    "Training log shows 31 of 40 officers completed the trauma-informed interviewing module.",
    "Survivor advisory group reviewed our outreach materials in September.",
    "Interpreters were available within 2 hours in 5 of 6 interviews < last year's 3 of 6 was worse & we noticed.",
    "Thông dịch viên tiếng Việt đã có mặt trong các buổi phỏng vấn nạn nhân quý này.",
    "Партнёры из трудовой инспекции начали передавать нам дела о принудительном труде.",
    "The case tracking spreadsheet is kept by one analyst; if she leaves it stops.",
    "Funding for the shelter coordinator ends next June; no plan yet to replace it.",
]


def quarters_ending(today: date, count: int) -> list[tuple[str, date]]:
    """The last ``count`` quarter labels up to and including today's, oldest first."""
    year, quarter = today.year, (today.month - 1) // 3 + 1
    out = []
    for _ in range(count):
        out.append((f"{year}-Q{quarter}", date(year, 3 * quarter - 2, 1)))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return list(reversed(out))


@host_only("the command line and the app's first start load the demo")
def load_demo(
    db: Database,
    today: date | None = None,
    cycle_count: int = 6,
    progress: Callable[[float, str], None] | None = None,
) -> TaskForce:
    """Create the demo task force with members and ``cycle_count`` quarterly cycles of answers,
    in one transaction: a load that fails or is killed half way leaves nothing behind."""
    frameworks.install_bundled_frameworks(db)
    with db.one_transaction(lock_key=DEMO_LOCK) as one:
        return _load_demo(one, today or date.today(), cycle_count, progress or (lambda fraction, text: None))


def _load_demo(db: Database, today: date, cycle_count: int, report: Callable[[float, str], None]) -> TaskForce:
    framework = frameworks.default_framework()
    rng = random.Random(20261123)

    report(0.05, "Creating the task force and its members")
    task_force = task_forces.create_task_force(db, DEMO_TASK_FORCE, DEMO_JURISDICTION, framework, is_demo=True)
    demo_members = [
        members.add_member(db, task_force.id, name, discipline, role, organisation, email=demo_email(name))
        for name, discipline, role, organisation in MEMBERS
    ]
    trajectories = _trajectories(framework, rng)
    bias = _discipline_bias(framework)
    sparse = SPARSE_ELEMENT if SPARSE_ELEMENT in {e.id for e in framework.elements} else framework.elements[-1].id
    quarters = quarters_ending(today, cycle_count)
    for index, (label, start) in enumerate(quarters):
        report(0.1 + 0.85 * index / len(quarters), f"Answers for {label}")
        is_current = index == len(quarters) - 1
        opened_at = datetime.combine(start, datetime.min.time()) + timedelta(hours=9)
        cycle = cycles.open_cycle_unchecked(db, task_force.id, label, opened_at=opened_at)
        answers = []
        for member in (m for m in demo_members if m.role is not Role.FUNDER):
            # Not everyone answers every quarter; the current quarter is still under way,
            # though law enforcement and victim services have answered ahead of the
            # consensus meeting, so the discipline comparison has something to show,
            # and so has the labor inspector, the only member of that discipline.
            keen = member.role is Role.LEAD or (is_current and member.discipline in KEEN_THIS_QUARTER)
            if rng.random() > (0.6 if is_current else 0.85) and not keen:
                continue
            answered_at = opened_at + timedelta(days=rng.randint(5, 40), hours=rng.randint(0, 8))
            for function in framework.functions:
                for element in function.elements:
                    skipped = is_current and rng.random() < 0.2
                    if is_current and element.id == sparse:
                        skipped = member.name not in SPARSE_ANSWERERS
                    if skipped:
                        continue
                    stage = _answer(rng, trajectories[element.id][index], bias.get((element.id, member.discipline), 0.0),
                                    member.discipline, function.id)
                    if stage is None and is_current and element.id == sparse:
                        stage = round(trajectories[element.id][index])
                    note = rng.choice(NOTES) if rng.random() < 0.12 else ""
                    answers.append(Answer(
                        cycle_id=cycle.id, member_id=member.id, element_id=element.id, stage=stage, note=note,
                        updated_at=answered_at, note_in_report=bool(note) and rng.random() < 0.5,
                    ))
        with UnitOfWork(db, writes=True) as uow:
            uow.cycles.add_answers(answers)
            uow.changed(cycle.task_force_id)
            if not is_current:
                for member_id in {a.member_id for a in answers}:
                    uow.cycles.add_submission(cycle.id, member_id, at=opened_at + timedelta(days=45))
            uow.commit()
        if not is_current:
            closed_at = datetime.combine(start + timedelta(days=88), datetime.min.time()) + timedelta(hours=17)
            cycles.close_cycle_unchecked(db, cycle.id, closed_at=closed_at)
    report(0.97, "An improvement plan with targets, owners and due dates")
    _load_plan(db, task_force, demo_members, quarters, today)
    report(1.0, "Demo task force ready")
    return task_force


def _trajectories(framework: Framework, rng: random.Random) -> dict[str, list[float]]:
    """The 'true' stage of each element per quarter, which members see through noise."""
    elements = framework.elements
    # One element regresses (a key partner left); a handful stall; the rest improve unevenly.
    regressing = elements[len(elements) // 2].id
    stalling = {e.id for e in elements[1::5]}
    out: dict[str, list[float]] = {}
    for element in elements:
        start = rng.uniform(1.3, 2.6)
        if element.id == regressing:
            path = [start + 0.5 * q if q < 3 else start + 1.5 - 0.8 * (q - 2) for q in range(12)]
        elif element.id in stalling:
            path = [start + rng.uniform(-0.1, 0.1) for _ in range(12)]
        else:
            slope = rng.uniform(0.15, 0.45)
            path = [start + slope * q for q in range(12)]
        out[element.id] = [min(max(v, 1.0), 4.8) for v in path]
    return out


def regressing_element(framework: Framework) -> str:
    return framework.elements[len(framework.elements) // 2].id


def _discipline_bias(framework: Framework) -> dict[tuple[str, Discipline], float]:
    """Law enforcement sees case operations rosier than victim services do."""
    bias: dict[tuple[str, Discipline], float] = {}
    case_elements = [e.id for f in framework.functions if f.id == "CO" for e in f.elements] or [
        e.id for e in framework.functions[min(1, len(framework.functions) - 1)].elements
    ]
    for element_id in case_elements[:3]:
        bias[(element_id, Discipline.LAW_ENFORCEMENT)] = 0.9
        bias[(element_id, Discipline.VICTIM_SERVICES)] = -0.9
    return bias


def _answer(rng: random.Random, true_stage: float, bias: float, discipline: Discipline, function_id: str) -> int | None:
    far_from_work = {
        Discipline.FAITH: {"CO", "DR"},
        Discipline.HEALTH: {"DR"},
        Discipline.LABOR: {"PE"},
    }
    if rng.random() < (0.45 if function_id in far_from_work.get(discipline, set()) else 0.06):
        return None
    return int(min(5, max(1, round(true_stage + bias + rng.gauss(0, 0.45)))))


@host_only("app start on the embedded default database")
def wants_demo(db: Database, url: str) -> bool:
    """Only the embedded default SQLite database gets the demo by itself, and only while it is empty.
    A real installation (PostgreSQL, or any DATABASE_URL) gets it only on request."""
    if url != default_database_url():
        return False
    with UnitOfWork(db) as uow:
        return not uow.task_forces.list_task_forces() and not uow.accounts.list_accounts()


@host_only("app start on the embedded default database")
def ensure_demo(db: Database, progress: Callable[[float, str], None] | None = None) -> TaskForce | None:
    """Load the demo on a database with no task force at all; otherwise do nothing. Two app
    processes starting at once on an empty database load it once: the second waits for the
    first's lock and then finds a task force. (load_demo stores the bundled frameworks it needs.)"""
    with db.one_transaction(lock_key=DEMO_LOCK) as one:
        if task_forces.list_task_forces(one):
            return None
        return load_demo(one, progress=progress)


def demo_alone(db: Database) -> bool:
    """True while the only task force in the database is the demo: then the sign-in page may
    offer to explore it, because there is nobody else's data to reach."""
    with UnitOfWork(db) as uow:
        return _lone_demo(uow) is not None


def _lone_demo(uow: UnitOfWork) -> TaskForce | None:
    held = uow.task_forces.list_task_forces()
    return held[0] if len(held) == 1 and held[0].is_demo else None


def explore_as(db: Database, role: Role | str) -> str:
    """A session as the demo's lead, a member or its funder, without a password, while the
    demo is alone in the database. Its accounts belong to the demo task force only."""
    role = Role(role)
    with UnitOfWork(db) as uow:
        task_force = _lone_demo(uow)
        if task_force is None:
            raise NotAllowed("Exploring the demo without a password is only offered while it is alone in the database.")
        wanted = {Role.LEAD: DEMO_LEAD, Role.MEMBER: DEMO_MEMBER, Role.FUNDER: DEMO_FUNDER}[role]
        team = uow.task_forces.list_members(task_force.id)
        member = next((m for m in team if m.role is role and m.name == wanted), None) or next(
            (m for m in team if m.role is role), None)
        if member is None:
            raise NotFound(f"The demo task force has no {role.value}.")
    return accounts.issue_session(db, member.account_id)


OUTCOMES = {
    0: "Every partner agency can say what the task force is for, and a survivor's needs shape its decisions "
       "rather than any one agency's caseload.",
    1: "Survivors of sex and labor trafficking are identified earlier, are offered services before they are asked "
       "for anything, and fewer are treated as offenders.",
    2: "We know how many people in the county are affected and whether their situations improve, not only how "
       "many trainings and arrests we counted.",
}


def _load_plan(db: Database, task_force: TaskForce, demo_members: list, quarters: list[tuple[str, date]], today: date) -> None:
    """A plan a lead made after last quarter's consensus meeting, and what became of it since:
    two actions done, one dropped, one overdue, one whose due date slipped, the rest under way."""
    lead = next(m for m in demo_members if m.role is Role.LEAD).actor
    by_name = {m.name: m for m in demo_members}
    task_force_cycles = cycles.list_cycles(db, lead, task_force.id)
    previous, current = task_force_cycles[-2], task_force_cycles[-1]
    framework = frameworks.framework_of_cycle(db, previous)
    start = datetime.combine(quarters[-2][1], datetime.min.time()) + timedelta(hours=10)
    now = datetime.combine(today, datetime.min.time()) + timedelta(hours=9)

    def day(offset: int) -> datetime:
        return start + timedelta(days=offset)

    for index, text in OUTCOMES.items():
        if index < len(framework.functions):
            planning.set_function_outcome(db, lead, task_force.id, framework.functions[index].id, text, at=day(30))

    scores = results.cycle_scores(db, lead, previous.id)
    weakest = sorted(
        (e for e in scores.elements if e.score is not None and e.score < 5),
        key=lambda e: (e.score, e.element_id),
    )[:8]
    for number, element in enumerate(weakest):
        planning.set_target(db, lead, task_force.id, previous.id, element.element_id, at=day(31 + number % 2))
    # This quarter the lead moved one target half a year later: the history shows when and who.
    moved = next(t for t in planning.list_targets(db, lead, task_force.id) if t.element_id == weakest[1].element_id)
    planning.set_target(db, lead, task_force.id, current.id, moved.element_id, moved.target_stage,
                        plan_rules.quarter_after(moved.by_cycle_label, 2), at=max(day(92), min(now, day(100))))

    def step(element_index: int, which: int = 0) -> tuple[str, str]:
        element = framework.element(weakest[element_index % len(weakest)].element_id)
        stage = max(1, min(4, int(weakest[element_index % len(weakest)].score)))
        steps = element.next_steps_from(stage)
        return element.id, steps[which % len(steps)]

    quarter_end = start.date() + timedelta(days=88)
    plan_rows = [
        # (element, title, owner, due, pinned)
        (*step(0), "Helen Okafor", quarter_end - timedelta(days=30), False),
        (*step(1), "County Health Department", quarter_end - timedelta(days=20), False),
        (*step(2), "", quarter_end + timedelta(days=60), False),
        (*step(3), "Marcus Bell", quarter_end - timedelta(days=14), False),
        (*step(4), "Aisha Karimi", quarter_end, False),
        (*step(5), "Samuel Yazzie", quarter_end + timedelta(days=75), True),
        (*step(6), "Migrant Workers' Rights Coalition", quarter_end + timedelta(days=100), False),
        (*step(7), "Nguyễn Thị Mai", quarter_end + timedelta(days=120), False),
        (*step(0, 1), "County Prosecutor's Office", quarter_end + timedelta(days=150), False),
        (*step(1, 1), "", quarter_end + timedelta(days=170), False),
    ]
    actions = [
        planning.add_action(db, lead, task_force.id, element_id, title, owner, due, cycle_id=previous.id,
                            at=day(33 + index))
        for index, (element_id, title, owner, due, _) in enumerate(plan_rows)
    ]
    for action, (*_, pinned) in zip(actions, plan_rows):
        if pinned:
            planning.pin_action(db, lead, action.id, at=day(45))
    # Two done last quarter, one dropped, one in progress whose due date slipped; action 3 is left overdue.
    planning.update_action(db, lead, actions[0].id, 1, {"status": "in_progress"}, at=day(40))
    planning.update_action(db, lead, actions[0].id, 2, {"status": "done"}, at=day(70))
    planning.update_action(db, lead, actions[1].id, 1, {"status": "done", "note": "Signed by all partners."}, at=day(80))
    planning.update_action(db, lead, actions[2].id, 1, {
        "status": "dropped", "note": "Overtaken by the state's new protocol; revisit if the state drops it.",
    }, at=day(55))
    planning.update_action(db, lead, actions[4].id, 1, {"status": "in_progress"}, at=day(50))
    planning.update_action(db, lead, actions[4].id, 2, {
        "due_date": quarter_end + timedelta(days=100),
        "note": "Interpreter contract delayed the work; new date agreed at the meeting.",
    }, at=day(84))
    planning.update_action(db, by_name[DEMO_LEAD].actor, actions[5].id, 1, {"status": "in_progress"}, at=day(60))
