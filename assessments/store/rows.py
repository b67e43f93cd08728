"""SQLAlchemy row classes. Kept apart from the domain models on purpose:
the store converts rows to domain objects, so nothing above it sees a session."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from assessments.domain import text
from assessments.domain.confidentiality import DEFAULT_THRESHOLD
from assessments.domain.model import NotFound

# Named constraints so migrations are reproducible on SQLite and PostgreSQL alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class FrameworkRow(Base):
    """Every framework version ever used, kept verbatim so old cycles stay readable."""

    __tablename__ = "frameworks"
    __table_args__ = (UniqueConstraint("framework_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[str] = mapped_column(String(text.FRAMEWORK_ID.limit))
    version: Mapped[str] = mapped_column(String(text.FRAMEWORK_VERSION.limit))
    title: Mapped[str] = mapped_column(String(text.FRAMEWORK_TITLE.limit))
    source: Mapped[str] = mapped_column(Text)
    added_at: Mapped[datetime] = mapped_column(DateTime)
    # None: the administrator's, for every task force. Otherwise the one task force whose lead uploaded it.
    task_force_id: Mapped[int | None] = mapped_column(
        ForeignKey("task_forces.id", ondelete="CASCADE"), nullable=True, index=True
    )


class TaskForceRow(Base):
    __tablename__ = "task_forces"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(text.TASK_FORCE_NAME.limit), unique=True)
    jurisdiction: Mapped[str] = mapped_column(String(text.JURISDICTION.limit))
    framework_id: Mapped[str] = mapped_column(String(text.FRAMEWORK_ID.limit))
    framework_version: Mapped[str] = mapped_column(String(text.FRAMEWORK_VERSION.limit))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    reporting_threshold: Mapped[int] = mapped_column(
        Integer, default=DEFAULT_THRESHOLD, server_default=str(DEFAULT_THRESHOLD))
    notes_threshold: Mapped[int | None] = mapped_column(Integer, nullable=True)
    paper_size: Mapped[str] = mapped_column(String(8), default="letter", server_default="letter")
    # Raised by every unit of work that writes the task force's data (unit_of_work.py): caches key on it.
    data_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class AccountRow(Base):
    """A person: one email, one password, any number of task forces (see MemberRow)."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    # None until an invite names one (members carried over from access codes).
    email: Mapped[str | None] = mapped_column(String(text.EMAIL.limit), unique=True, nullable=True)
    display_name: Mapped[str] = mapped_column(String(text.PERSON_NAME.limit))
    # Argon2id; None until the person sets a password through an invite.
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class MemberRow(Base):
    """An account's membership of one task force. A removed member's row stays, so their
    answers stay counted and as anonymous as before; removed_at ends their access."""

    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("task_force_id", "account_id", name="uq_members_task_force_account"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_force_id: Mapped[int] = mapped_column(ForeignKey("task_forces.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    name: Mapped[str] = mapped_column(String(text.PERSON_NAME.limit))
    discipline: Mapped[str | None] = mapped_column(String(50), nullable=True)
    role: Mapped[str] = mapped_column(String(20))
    organisation: Mapped[str] = mapped_column(String(text.ORGANISATION.limit), default="")
    removed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class SessionRow(Base):
    """A signed-in browser. Only the SHA-256 of the cookie's token is kept."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class AccessLinkRow(Base):
    """A single-use invite or password-reset link. Only the SHA-256 of its token is kept."""

    __tablename__ = "access_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    task_force_id: Mapped[int | None] = mapped_column(ForeignKey("task_forces.id", ondelete="CASCADE"), nullable=True)
    role: Mapped[str | None] = mapped_column(String(20), nullable=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class SignInFailureRow(Base):
    """One failed sign-in, counted per email and per client address for the lockout."""

    __tablename__ = "sign_in_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(text.EMAIL.limit), index=True)
    client: Mapped[str] = mapped_column(String(text.CLIENT_ADDRESS.limit), index=True)
    failed_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class AuditEventRow(Base):
    """Who did what and when. Never a password, a token or an answer."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), nullable=True)
    # The name or email as it was, so the trail still reads after a change.
    who: Mapped[str] = mapped_column(String(text.EMAIL.limit))
    task_force_id: Mapped[int | None] = mapped_column(
        ForeignKey("task_forces.id", ondelete="CASCADE"), nullable=True, index=True
    )
    action: Mapped[str] = mapped_column(String(50))
    detail: Mapped[str] = mapped_column(Text, default="")


class CycleRow(Base):
    __tablename__ = "cycles"
    __table_args__ = (UniqueConstraint("task_force_id", "label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_force_id: Mapped[int] = mapped_column(ForeignKey("task_forces.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(text.CYCLE_LABEL.limit))
    framework_id: Mapped[str] = mapped_column(String(text.FRAMEWORK_ID.limit))
    framework_version: Mapped[str] = mapped_column(String(text.FRAMEWORK_VERSION.limit))
    status: Mapped[str] = mapped_column(String(20))
    opened_at: Mapped[datetime] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # Rotation: the function ids the cycle covers, as a JSON list; NULL covers every function.
    functions: Mapped[str | None] = mapped_column(Text, nullable=True)


class AnswerRow(Base):
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("cycle_id", "member_id", "element_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    element_id: Mapped[str] = mapped_column(String(text.ELEMENT_ID.limit))
    # NULL means "don't know / not my area": an answer, but not a score.
    stage: Mapped[int | None] = mapped_column(Integer, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    note_in_report: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class SubmissionRow(Base):
    """A member's answers for a cycle marked final (deleted again on reopen)."""

    __tablename__ = "submissions"
    __table_args__ = (UniqueConstraint("cycle_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    submitted_at: Mapped[datetime] = mapped_column(DateTime)


class FunctionRelevanceRow(Base):
    """A function the lead marked as not relevant for a discipline (absent = relevant)."""

    __tablename__ = "function_relevance"
    __table_args__ = (UniqueConstraint("task_force_id", "discipline", "function_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_force_id: Mapped[int] = mapped_column(ForeignKey("task_forces.id", ondelete="CASCADE"), index=True)
    discipline: Mapped[str] = mapped_column(String(50))
    function_id: Mapped[str] = mapped_column(String(text.FUNCTION_ID.limit))
    relevant: Mapped[bool] = mapped_column(Boolean, default=True)


class ConsensusRow(Base):
    """The stage a task force agreed on for an element in a cycle's consensus meeting."""

    __tablename__ = "consensus"
    __table_args__ = (UniqueConstraint("cycle_id", "element_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"), index=True)
    element_id: Mapped[str] = mapped_column(String(text.ELEMENT_ID.limit))
    stage: Mapped[int] = mapped_column(Integer)
    rationale: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"), nullable=True)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class TargetRow(Base):
    __tablename__ = "targets"
    __table_args__ = (UniqueConstraint("task_force_id", "element_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_force_id: Mapped[int] = mapped_column(ForeignKey("task_forces.id", ondelete="CASCADE"), index=True)
    element_id: Mapped[str] = mapped_column(String(text.ELEMENT_ID.limit))
    target_stage: Mapped[int] = mapped_column(Integer)
    by_cycle_label: Mapped[str] = mapped_column(String(text.CYCLE_LABEL.limit))
    set_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"), nullable=True)
    set_at: Mapped[datetime] = mapped_column(DateTime)


class ActionRow(Base):
    """An improvement action. Belongs to the task force, not a cycle, so open
    actions carry over from quarter to quarter without being copied."""

    __tablename__ = "actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_force_id: Mapped[int] = mapped_column(ForeignKey("task_forces.id", ondelete="CASCADE"), index=True)
    element_id: Mapped[str] = mapped_column(String(text.ELEMENT_ID.limit))
    title: Mapped[str] = mapped_column(String(text.ACTION_TITLE.limit))
    owner: Mapped[str] = mapped_column(String(text.ACTION_OWNER.limit), default="")
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    created_in_cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycles.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # Optimistic locking: a save names the version it edited; a stale one is refused.
    version: Mapped[int] = mapped_column(Integer, default=1)


class ActionChangeRow(Base):
    """Who changed what on an action and when, so "when did this slip?" has an answer."""

    __tablename__ = "action_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    changed_at: Mapped[datetime] = mapped_column(DateTime)
    changed_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"), nullable=True)
    field: Mapped[str] = mapped_column(String(50))
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")


class FunctionOutcomeRow(Base):
    """What success would look like for the community, per function (outcomes, not outputs)."""

    __tablename__ = "function_outcomes"
    __table_args__ = (UniqueConstraint("task_force_id", "function_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_force_id: Mapped[int] = mapped_column(ForeignKey("task_forces.id", ondelete="CASCADE"), index=True)
    function_id: Mapped[str] = mapped_column(String(text.FUNCTION_ID.limit))
    text: Mapped[str] = mapped_column(Text, default="")
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class TargetChangeRow(Base):
    """Who set or moved a target and when, so a postponed target is visible later."""

    __tablename__ = "target_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_force_id: Mapped[int] = mapped_column(ForeignKey("task_forces.id", ondelete="CASCADE"), index=True)
    element_id: Mapped[str] = mapped_column(String(text.ELEMENT_ID.limit))
    changed_at: Mapped[datetime] = mapped_column(DateTime)
    changed_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"), nullable=True)
    field: Mapped[str] = mapped_column(String(50))
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")


def get_row(session: Session, row_class: type[Base], key: int, what: str):
    """The row with this primary key, or NotFound naming what was looked for."""
    row = session.get(row_class, key)
    if row is None:
        raise NotFound(f"No {what} with id {key}.")
    return row
