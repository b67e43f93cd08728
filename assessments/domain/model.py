"""Domain objects and domain errors; nothing here knows about the database.

Times are naive datetimes in UTC throughout (see utc_now)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from assessments.domain import text
from assessments.domain.errors import DomainError, NotAllowed, NotFound
from assessments.domain.paper import DEFAULT_PAPER, Paper

__all__ = ["DomainError", "NotAllowed", "NotFound"]  # re-exported: most callers import them from here

NOTE_MAX_CHARS = text.EVIDENCE_NOTE.limit
RATIONALE_MAX_CHARS = text.RATIONALE.limit
CYCLE_LABEL = re.compile(r"^(\d{4})-Q([1-4])$")


def utc_now() -> datetime:
    # Stored naive in UTC: SQLite has no time zones and PostgreSQL must match it.
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)




class Discipline(StrEnum):
    LAW_ENFORCEMENT = "law_enforcement"
    PROSECUTION = "prosecution"
    VICTIM_SERVICES = "victim_services"
    LABOR = "labor"
    NGO = "ngo"
    HEALTH = "health"
    FAITH = "faith"
    GOVERNMENT = "government"

    @property
    def label(self) -> str:
        return DISCIPLINE_LABELS[self]


DISCIPLINE_LABELS = {
    Discipline.LAW_ENFORCEMENT: "Law enforcement",
    Discipline.PROSECUTION: "Prosecution",
    Discipline.VICTIM_SERVICES: "Victim services",
    Discipline.LABOR: "Labor inspection",
    Discipline.NGO: "Community NGO",
    Discipline.HEALTH: "Health",
    Discipline.FAITH: "Faith-based partner",
    Discipline.GOVERNMENT: "Government and other",
}


class Role(StrEnum):
    """A person's role in one task force. The installation administrator is not a role in a
    task force but a flag on the account (see Account.is_admin)."""

    LEAD = "lead"
    MEMBER = "member"
    FUNDER = "funder"

    @property
    def label(self) -> str:
        return {"lead": "Lead", "member": "Member", "funder": "Funder (read-only)"}[self.value]


class CycleStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class _Domain(BaseModel):
    model_config = ConfigDict(frozen=True)


class TaskForce(_Domain):
    id: int
    name: str
    jurisdiction: str
    framework_id: str
    framework_version: str
    is_demo: bool = False
    reporting_threshold: int = 3
    """k: no figure from fewer answers is shown (assessments/domain/confidentiality.py)."""
    notes_threshold: int | None = None
    """k_notes, when the lead set it above k; None means the same as k."""
    paper: Paper = DEFAULT_PAPER
    """The paper the funder PDF is laid out on (assessments/domain/paper.py)."""
    data_version: int = 0
    """Raised by every write to this task force's data: figures computed from an earlier
    version may be stale, figures computed from this one are not."""

    @property
    def notes_shown_from(self) -> int:
        """Members who must have answered an element before its evidence notes show."""
        return max(self.reporting_threshold, self.notes_threshold or self.reporting_threshold)


class Actor(_Domain):
    """Who is asking: an account, nothing more. Every use case reads that account's
    rights again from the database, so a role taken away counts at once."""

    account_id: int


class Member(_Domain):
    """One account's membership of one task force. Funders have no discipline: they never answer."""

    id: int
    task_force_id: int
    account_id: int
    name: str
    discipline: Discipline | None
    role: Role
    organisation: str = ""

    @property
    def is_lead(self) -> bool:
        return self.role is Role.LEAD

    @property
    def actor(self) -> Actor:
        return Actor(account_id=self.account_id)


class Cycle(_Domain):
    id: int
    task_force_id: int
    label: str
    framework_id: str
    framework_version: str
    status: CycleStatus
    opened_at: datetime
    closed_at: datetime | None = None
    functions: tuple[str, ...] | None = None
    """Rotation: the ids of the functions this cycle assesses; None assesses every function."""

    @property
    def is_open(self) -> bool:
        return self.status is CycleStatus.OPEN

    def covers(self, function_id: str) -> bool:
        return self.functions is None or function_id in self.functions


class Answer(_Domain):
    """One member's answer for one element in one cycle.

    ``stage`` is None for "don't know / not my area", which is not a score.
    """

    cycle_id: int
    member_id: int
    element_id: str
    stage: int | None
    note: str = ""
    updated_at: datetime
    note_in_report: bool = False

    @property
    def is_dont_know(self) -> bool:
        return self.stage is None


class EvidenceNote(_Domain):
    """An evidence note as a report sees it: anonymous. ``key`` only lets the lead toggle it."""

    key: int
    element_id: str
    text: str
    in_report: bool


class StoredFramework(_Domain):
    framework_id: str
    version: str
    title: str
    source: str
    added_at: datetime
    task_force_id: int | None = None  # None: shared by the whole installation


def cycle_label_for(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def check_cycle_label(label: str) -> str:
    label = text.clean(label, text.CYCLE_LABEL)
    if not CYCLE_LABEL.match(label):
        raise DomainError(f"Cycle label {label!r} is not of the form YYYY-QN, for example 2026-Q4.")
    return label


def check_note(note: str) -> str:
    return text.clean(note, text.EVIDENCE_NOTE)


def check_rationale(rationale: str) -> str:
    if isinstance(rationale, str) and ("\n" in rationale.strip() or "\r" in rationale.strip()):
        raise DomainError("Keep the rationale to one line (no line breaks). Nothing was saved.")
    return text.required(
        rationale, text.RATIONALE,
        "Write a one-line rationale: why the task force agreed on this stage. Nothing was saved.",
    )


class Consensus(_Domain):
    """The stage the task force agreed on for an element in a consensus meeting."""

    cycle_id: int
    element_id: str
    stage: int
    rationale: str = ""
    recorded_by: int | None = None
    recorded_at: datetime


class ActionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def is_open(self) -> bool:
        return self in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


class Target(_Domain):
    task_force_id: int
    element_id: str
    target_stage: int
    by_cycle_label: str
    set_by: int | None = None
    set_at: datetime


class Action(_Domain):
    id: int
    task_force_id: int
    element_id: str
    title: str
    owner: str = ""
    due_date: date | None = None
    status: ActionStatus
    note: str = ""
    pinned: bool = False
    created_in_cycle_id: int | None = None
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None = None
    version: int = 1


class ActionChange(_Domain):
    action_id: int
    changed_at: datetime
    changed_by: int | None = None
    field: str
    old_value: str = ""
    new_value: str = ""


class FunctionOutcome(_Domain):
    task_force_id: int
    function_id: str
    text: str = ""
    updated_by: int | None = None
    updated_at: datetime


class TargetChange(_Domain):
    task_force_id: int
    element_id: str
    changed_at: datetime
    changed_by: int | None = None
    field: str
    old_value: str = ""
    new_value: str = ""
