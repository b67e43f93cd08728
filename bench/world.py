"""Generated data for bench/run.py: task forces with members, quarterly cycles and answers,
in an SQLite file whose schema comes from the app's own migrations.

The task forces come from the app's use case (so any column a later migration adds gets its
value); people, cycles, answers, consensus and submissions go in with SQLAlchemy Core
executemany in a few big transactions, because millions of answers through the use cases
would take hours. Stages are realistic enough to score: each element has a level that moves
from quarter to quarter, disciplines see it a little differently, about 7 % answer "don't
know", the last cycle is open and partly answered (programs: every cycle closed and fully answered, as
issue 17 counts them), a few answers carry an evidence note and a few elements have a consensus.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

from assessments.domain.model import Discipline, Role
from assessments.store.database import Database
from assessments.store.rows import (
    AccountRow,
    AnswerRow,
    ConsensusRow,
    CycleRow,
    MemberRow,
    SubmissionRow,
)
from assessments.usecases import demo, frameworks, task_forces

DISCIPLINES = [Discipline.LAW_ENFORCEMENT, Discipline.PROSECUTION, Discipline.VICTIM_SERVICES,
               Discipline.NGO, Discipline.HEALTH, Discipline.LABOR]
DONT_KNOW_SHARE = 0.07
NOTE_SHARE = 0.04
NOTES = ["Based on the referral protocol and how often partners follow it.",
         "No written document yet; my impression from meetings.",
         "Training log: most officers completed the trauma-informed module.",
         "Thông dịch viên đã có mặt trong các buổi phỏng vấn quý này."]
CONSENSUS_PER_CYCLE = 3
DEMO_DAY = date(2026, 11, 23)  # the day tests/ui/conftest.py loads the demo on


@dataclass(frozen=True)
class Size:
    task_forces: int
    cycles: int
    members: int
    open_last: bool = True  # the newest cycle open and partly answered; else every cycle closed and full

    def __str__(self) -> str:
        shape = f"{self.task_forces} TF x {self.cycles} cycles x {self.members} members"
        return shape + (", the last cycle open" if self.open_last else ", every cycle closed")


@dataclass(frozen=True)
class World:
    """A generated database and the people and cycles the rows act on."""

    url: str
    size: Size
    task_force_ids: list[int]
    lead_member_id: int       # the first task force's lead
    member_member_id: int     # a member (not a lead) of the first task force
    funder_member_id: int     # the program reader's membership of the first task force
    reader_account_id: int    # a funder of every task force: reads the whole program
    cycle_ids: list[int]      # the first task force's cycles, oldest first
    open_cycle_id: int
    element_ids: list[str]
    answer_count: int
    seconds: float            # how long generating took


class Worlds:
    """Generated files, one per size, kept in one folder for the run only."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._made: dict[Size, World] = {}

    def get(self, size: Size) -> World:
        if size not in self._made:
            path = self.folder / f"world-{size.task_forces}-{size.cycles}-{size.members}.db"
            self._made[size] = generate(path, size)
        return self._made[size]

    def made(self) -> list[World]:
        return list(self._made.values())

    def demo(self) -> Path:
        path = self.folder / "demo.db"
        if not path.exists():
            db = Database(f"sqlite:///{path}")
            demo.load_demo(db, today=DEMO_DAY)
            db.dispose()
        return path


def generate(path: Path, size: Size, seed: int = 17) -> World:
    import time

    started = time.perf_counter()
    url = f"sqlite:///{path}"
    db = Database(url)
    frameworks.install_bundled_frameworks(db)
    framework = frameworks.default_framework()
    element_ids = [e.id for e in framework.elements]
    task_force_ids = [
        task_forces.create_task_force(db, f"Bench Task Force {t + 1:03d}", f"Bench County {t + 1}", framework).id
        for t in range(size.task_forces)
    ]
    rng = random.Random(seed)
    with db.engine.connect() as connection:
        # Generation only, so a crash just means generating again; outside SQLAlchemy, which would BEGIN first.
        connection.connection.driver_connection.execute("PRAGMA synchronous=OFF")
        with connection.begin():
            first_account = (connection.scalar(select(func.max(AccountRow.id))) or 0) + 1
            first_member = (connection.scalar(select(func.max(MemberRow.id))) or 0) + 1
            people = _people(task_force_ids, size.members, first_account, first_member)
            connection.execute(insert(AccountRow), people.accounts)
            connection.execute(insert(MemberRow), people.members)
        with connection.begin():
            first_cycle = (connection.scalar(select(func.max(CycleRow.id))) or 0) + 1
            cycles = _cycles(task_force_ids, size.cycles, first_cycle, framework.id, framework.version, size.open_last)
            connection.execute(insert(CycleRow), cycles)
        answer_count = 0
        for task_force_id in task_force_ids:
            answers, consensus, submissions = _task_force_answers(
                rng, [c for c in cycles if c["task_force_id"] == task_force_id],
                people.answering[task_force_id], element_ids,
            )
            with connection.begin():
                connection.execute(insert(AnswerRow), answers)
                connection.execute(insert(ConsensusRow), consensus)
                connection.execute(insert(SubmissionRow), submissions)
            answer_count += len(answers)
        connection.connection.driver_connection.execute("PRAGMA optimize")
    db.dispose()
    first = task_force_ids[0]
    own_cycles = [c for c in cycles if c["task_force_id"] == first]
    lead, member = people.answering[first][0], people.answering[first][1]
    return World(
        url=url, size=size, task_force_ids=task_force_ids, lead_member_id=lead["id"], member_member_id=member["id"],
        funder_member_id=people.reader_members[first], reader_account_id=people.reader_account_id,
        cycle_ids=[c["id"] for c in own_cycles], open_cycle_id=own_cycles[-1]["id"], element_ids=element_ids,
        answer_count=answer_count, seconds=time.perf_counter() - started,
    )


@dataclass
class _People:
    accounts: list[dict]
    members: list[dict]
    answering: dict[int, list[dict]]  # per task force: its lead first, then its members
    reader_members: dict[int, int]    # per task force: the program reader's membership
    reader_account_id: int


def _people(task_force_ids: list[int], member_count: int, first_account: int, first_member: int) -> _People:
    now = datetime(2020, 1, 1)
    accounts, members, answering, reader_members = [], [], {}, {}
    reader_account_id = first_account
    accounts.append({"id": reader_account_id, "email": "reader@bench.example", "display_name": "Program reader",
                     "created_at": now})
    account_id = first_account + 1
    member_id = first_member
    for t, task_force_id in enumerate(task_force_ids):
        answering[task_force_id] = []
        for m in range(member_count):
            role = Role.LEAD if m == 0 else Role.MEMBER
            email = f"{'lead' if m == 0 else 'member'}{m}.tf{t + 1}@bench.example"
            accounts.append({"id": account_id, "email": email, "display_name": f"Person {m + 1} of TF {t + 1}",
                             "created_at": now})
            member = {"id": member_id, "task_force_id": task_force_id, "account_id": account_id,
                      "name": f"Person {m + 1}", "discipline": DISCIPLINES[m % len(DISCIPLINES)].value,
                      "role": role.value, "organisation": "Bench agency"}
            members.append(member)
            answering[task_force_id].append(member)
            account_id, member_id = account_id + 1, member_id + 1
        members.append({"id": member_id, "task_force_id": task_force_id, "account_id": reader_account_id,
                        "name": "Program reader", "discipline": None, "role": Role.FUNDER.value,
                        "organisation": "State office"})
        reader_members[task_force_id] = member_id
        member_id += 1
    return _People(accounts, members, answering, reader_members, reader_account_id)


def _cycles(task_force_ids: list[int], count: int, first_id: int, framework_id: str, version: str,
            open_last: bool) -> list[dict]:
    rows, cycle_id = [], first_id
    for task_force_id in task_force_ids:
        for c in range(count):
            year, quarter = 2021 + c // 4, c % 4 + 1
            opened = datetime(year, 3 * quarter - 2, 1, 9)
            is_open = open_last and c == count - 1
            rows.append({"id": cycle_id, "task_force_id": task_force_id, "label": f"{year}-Q{quarter}",
                         "framework_id": framework_id, "framework_version": version,
                         "status": "open" if is_open else "closed", "opened_at": opened,
                         "closed_at": None if is_open else opened + timedelta(days=88)})
            cycle_id += 1
    return rows


def _task_force_answers(rng: random.Random, cycles: list[dict], people: list[dict], element_ids: list[str]):
    """Answers, consensus and submissions for one task force's cycles."""
    start = {e: rng.uniform(1.2, 3.0) for e in element_ids}
    pace = {e: rng.uniform(-0.02, 0.12) for e in element_ids}
    bias = {(e, d): rng.uniform(-0.6, 0.6) for e in element_ids for d in DISCIPLINES}
    answers, consensus, submissions = [], [], []
    lead_id = people[0]["id"]
    for index, cycle in enumerate(cycles):
        is_open = cycle["status"] == "open"
        answered_at = cycle["opened_at"] + timedelta(days=20)
        for person in people:
            # In the open cycle about 60 % have started; the lead and the first member always have.
            if is_open and person["id"] not in (lead_id, people[1]["id"]) and rng.random() > 0.6:
                continue
            discipline = Discipline(person["discipline"])
            for element_id in element_ids:
                if is_open and rng.random() < 0.2:
                    continue
                stage = None
                if rng.random() >= DONT_KNOW_SHARE:
                    level = start[element_id] + pace[element_id] * index + bias[element_id, discipline]
                    stage = min(5, max(1, round(level + rng.gauss(0, 0.7))))
                note = rng.choice(NOTES) if rng.random() < NOTE_SHARE else ""
                answers.append({"cycle_id": cycle["id"], "member_id": person["id"], "element_id": element_id,
                                "stage": stage, "note": note, "note_in_report": bool(note) and rng.random() < 0.5,
                                "updated_at": answered_at})
            if not is_open:
                submissions.append({"cycle_id": cycle["id"], "member_id": person["id"],
                                    "submitted_at": answered_at + timedelta(days=5)})
        if not is_open:
            for element_id in rng.sample(element_ids, CONSENSUS_PER_CYCLE):
                consensus.append({"cycle_id": cycle["id"], "element_id": element_id,
                                  "stage": min(5, max(1, round(start[element_id] + pace[element_id] * index))),
                                  "rationale": "Agreed at the quarterly meeting", "recorded_by": lead_id,
                                  "recorded_at": cycle["closed_at"]})
    return answers, consensus, submissions
