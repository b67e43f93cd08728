"""A task force's full backup, as one JSON document: what it holds, and the checks a file
must pass before anything of it is restored.

It holds the framework files its cycles used, its people (accounts without passwords:
invites are issued again after a restore), their memberships and roles, its cycles with
answers, submissions and consensus, its plan (targets, actions, both with their history,
outcomes), the evidence notes chosen for reports, and its settings (reporting threshold
k, k_notes, which functions each discipline answers).

Members are named in answers and histories by a stable pseudonym ("M001": the order in
which they joined), not by name or email; only the members list ties a pseudonym to an
account. The document holds no export time and lists everything in a fixed order, so the
same task force always gives the same bytes: back up, restore, back up again, and the two
files are equal.

Versions: ``schema_version`` counts changes of this format. This code reads every version
up to SCHEMA_VERSION; a later version adds fields with a default, so older files still read.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, NaiveDatetime, ValidationError

from assessments.domain import text
from assessments.domain.confidentiality import HIGHEST_THRESHOLD, LOWEST_THRESHOLD
from assessments.domain.errors import DomainError
from assessments.domain.imports import ImportRefused, check_size, utf8_text
from assessments.domain.model import CYCLE_LABEL, ActionStatus, CycleStatus, Discipline, Role
from roadmap.load import FrameworkError, parse_framework
from roadmap.model import Framework

FORMAT = "waypoint-task-force-backup"
SCHEMA_VERSION = 1
WHAT = "The backup"
PSEUDONYM = re.compile(r"^M\d{3,}$")
CHANGED_FIELD = text.Field("The name of a changed field", 50)

Stage = Annotated[int, Field(ge=1, le=5)]
# Times as the store keeps them: naive, in UTC (model.utc_now); a time with a zone is refused.
Pseudonym = Annotated[str, Field(pattern=PSEUDONYM.pattern)]


def pseudonym(ordinal: int) -> str:
    """The stable id of a task force's ``ordinal``-th member (1 for the first to join)."""
    return f"M{ordinal:03d}"


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class BackupTaskForce(_Part):
    name: str
    jurisdiction: str
    framework_id: str
    framework_version: str
    is_demo: bool
    created_at: NaiveDatetime


class FunctionRelevance(_Part):
    discipline: Discipline
    function: str
    relevant: bool


class BackupSettings(_Part):
    reporting_threshold: Annotated[int, Field(ge=LOWEST_THRESHOLD, le=HIGHEST_THRESHOLD)]
    notes_threshold: Annotated[int, Field(ge=LOWEST_THRESHOLD, le=HIGHEST_THRESHOLD)] | None
    function_relevance: list[FunctionRelevance]


class BackupFramework(_Part):
    id: str
    version: str
    shared: bool
    """True: the installation's, for every task force; False: this task force's own upload."""
    source: str


class BackupAccount(_Part):
    email: str | None
    name: str


class BackupMember(_Part):
    id: Pseudonym
    account: BackupAccount
    name: str
    discipline: Discipline | None
    role: Role
    organisation: str
    removed_at: NaiveDatetime | None


class BackupAnswer(_Part):
    member: Pseudonym
    element: str
    stage: Stage | None
    note: str
    note_in_report: bool
    updated_at: NaiveDatetime


class BackupSubmission(_Part):
    member: Pseudonym
    submitted_at: NaiveDatetime


class BackupConsensus(_Part):
    element: str
    stage: Stage
    rationale: str
    recorded_by: Pseudonym | None
    recorded_at: NaiveDatetime


class BackupCycle(_Part):
    label: str
    framework_id: str
    framework_version: str
    status: CycleStatus
    opened_at: NaiveDatetime
    closed_at: NaiveDatetime | None
    functions: list[str] | None = None  # rotation: the functions the cycle assesses; None, every one
    answers: list[BackupAnswer]
    submissions: list[BackupSubmission]
    consensus: list[BackupConsensus]


class BackupTarget(_Part):
    element: str
    target_stage: Stage
    by_cycle: str
    set_by: Pseudonym | None
    set_at: NaiveDatetime


class BackupChange(_Part):
    changed_at: NaiveDatetime
    changed_by: Pseudonym | None
    field: str
    old_value: str
    new_value: str


class BackupTargetChange(BackupChange):
    element: str


class BackupAction(_Part):
    element: str
    title: str
    owner: str
    due_date: date | None
    status: ActionStatus
    note: str
    pinned: bool
    created_in_cycle: str | None
    created_at: NaiveDatetime
    updated_at: NaiveDatetime
    completed_at: NaiveDatetime | None
    version: Annotated[int, Field(ge=1, le=2**31 - 1)]
    history: list[BackupChange]


class BackupOutcome(_Part):
    function: str
    text: str
    updated_by: Pseudonym | None
    updated_at: NaiveDatetime


class Backup(_Part):
    format: Literal["waypoint-task-force-backup"]
    schema_version: Annotated[int, Field(ge=1, le=SCHEMA_VERSION)]
    task_force: BackupTaskForce
    settings: BackupSettings
    frameworks: list[BackupFramework]
    members: list[BackupMember]
    cycles: list[BackupCycle]
    targets: list[BackupTarget]
    target_history: list[BackupTargetChange]
    actions: list[BackupAction]
    outcomes: list[BackupOutcome]


# writing ------------------------------------------------------------------------------------


_SURROGATE = re.compile("[\ud800-\udfff]")


def to_bytes(backup: Backup) -> bytes:
    """The document as UTF-8 JSON, keys and lists in a fixed order, one line per value. Text is as stored;
    a lone surrogate in an old row, which UTF-8 cannot carry, is written as U+FFFD, as every export does
    (reports/outgoing_text.py)."""
    document = json.dumps(backup.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n"
    return _SURROGATE.sub("\ufffd", document).encode("utf-8")


# reading ------------------------------------------------------------------------------------


class CheckedBackup(BaseModel):
    """A backup that passed every check, its text cleaned, with its frameworks parsed."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    backup: Backup
    frameworks: dict[tuple[str, str], Framework]


def read_backup(data: bytes) -> CheckedBackup:
    """The backup in ``data``, checked whole; or ImportRefused listing every problem (JSON paths)."""
    check_size(data, WHAT)
    document = utf8_text(data, WHAT)
    try:
        raw = json.loads(document)
    except json.JSONDecodeError as error:
        raise ImportRefused(WHAT, [f"line {error.lineno}, column {error.colno}: not valid JSON ({error.msg}); "
                                   "the file may be cut short or edited by hand"]) from None
    except RecursionError:
        raise ImportRefused(WHAT, ["file: the JSON is nested too deeply to be a backup"]) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ImportRefused(WHAT, ["$.format: this is not a Waypoint task force backup (it should say "
                                   f"\"format\": \"{FORMAT}\")"])
    try:
        backup = Backup.model_validate(raw)
    except ValidationError as error:
        raise ImportRefused(WHAT, [_problem(e) for e in error.errors()]) from None
    except (RecursionError, ValueError) as error:  # pragma: no cover - pydantic reports these as ValidationError
        raise ImportRefused(WHAT, [f"$: {error}"]) from None
    problems: list[str] = []
    frameworks = _frameworks(backup, problems)
    cleaned = _Cleaner(problems).backup(backup)
    problems += _reference_problems(cleaned, frameworks)
    if problems:
        raise ImportRefused(WHAT, problems)
    return CheckedBackup(backup=cleaned, frameworks=frameworks)


def _problem(error: dict) -> str:
    path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error["loc"])
    return f"{path}: {error['msg']}"


def _frameworks(backup: Backup, problems: list[str]) -> dict[tuple[str, str], Framework]:
    parsed = {}
    for index, stored in enumerate(backup.frameworks):
        place = f"$.frameworks[{index}]"
        try:
            framework = parse_framework(stored.source, source=f"{place}.source")
        except FrameworkError as error:
            problems.extend(f"{place}.source: {p}" for p in error.problems)
            continue
        if (framework.id, framework.version) != (stored.id, stored.version):
            problems.append(f"{place}: the file is framework {framework.id!r} version {framework.version!r}, "
                            f"not {stored.id!r} version {stored.version!r}")
        elif (stored.id, stored.version) in parsed:
            problems.append(f"{place}: framework {stored.id!r} version {stored.version!r} is listed twice")
        else:
            parsed[(stored.id, stored.version)] = framework
    return parsed


class _Cleaner:
    """Every text of the file through text.clean with its field, as if typed into the app."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems

    def text(self, value: str, field: text.Field, place: str) -> str:
        try:
            return text.clean(value, field)
        except DomainError as error:
            self.problems.append(f"{place}: {str(error).removesuffix(' Nothing was saved.')}")
            return value

    def backup(self, b: Backup) -> Backup:
        t = self.text
        tf = b.task_force
        task_force = tf.model_copy(update={
            "name": t(tf.name, text.TASK_FORCE_NAME, "$.task_force.name"),
            "jurisdiction": t(tf.jurisdiction, text.JURISDICTION, "$.task_force.jurisdiction"),
            "framework_id": t(tf.framework_id, text.FRAMEWORK_ID, "$.task_force.framework_id"),
            "framework_version": t(tf.framework_version, text.FRAMEWORK_VERSION, "$.task_force.framework_version"),
        })
        if not task_force.name:
            self.problems.append("$.task_force.name: the task force needs a name")
        members = [m.model_copy(update={
            "name": t(m.name, text.PERSON_NAME, f"$.members[{i}].name"),
            "organisation": t(m.organisation, text.ORGANISATION, f"$.members[{i}].organisation"),
            "account": m.account.model_copy(update={
                "name": t(m.account.name, text.PERSON_NAME, f"$.members[{i}].account.name"),
                "email": None if m.account.email is None else self.email(m.account.email, f"$.members[{i}].account.email"),
            }),
        }) for i, m in enumerate(b.members)]
        cycles = [self.cycle(c, f"$.cycles[{i}]") for i, c in enumerate(b.cycles)]
        targets = [x.model_copy(update={
            "element": t(x.element, text.ELEMENT_ID, f"$.targets[{i}].element"),
            "by_cycle": t(x.by_cycle, text.CYCLE_LABEL, f"$.targets[{i}].by_cycle"),
        }) for i, x in enumerate(b.targets)]
        target_history = [self.change(x, f"$.target_history[{i}]").model_copy(update={
            "element": t(x.element, text.ELEMENT_ID, f"$.target_history[{i}].element")})
            for i, x in enumerate(b.target_history)]
        actions = [a.model_copy(update={
            "element": t(a.element, text.ELEMENT_ID, f"$.actions[{i}].element"),
            "title": t(a.title, text.ACTION_TITLE, f"$.actions[{i}].title"),
            "owner": t(a.owner, text.ACTION_OWNER, f"$.actions[{i}].owner"),
            "note": t(a.note, text.ACTION_NOTE, f"$.actions[{i}].note"),
            "history": [self.change(c, f"$.actions[{i}].history[{j}]") for j, c in enumerate(a.history)],
        }) for i, a in enumerate(b.actions)]
        outcomes = [o.model_copy(update={
            "function": t(o.function, text.FUNCTION_ID, f"$.outcomes[{i}].function"),
            "text": t(o.text, text.OUTCOME, f"$.outcomes[{i}].text"),
        }) for i, o in enumerate(b.outcomes)]
        settings = b.settings.model_copy(update={"function_relevance": [
            r.model_copy(update={"function": t(r.function, text.FUNCTION_ID, f"$.settings.function_relevance[{i}].function")})
            for i, r in enumerate(b.settings.function_relevance)]})
        return b.model_copy(update={
            "task_force": task_force, "settings": settings, "members": members, "cycles": cycles, "targets": targets,
            "target_history": target_history, "actions": actions, "outcomes": outcomes,
        })

    def email(self, value: str, place: str) -> str:
        cleaned = self.text(value, text.EMAIL, place)
        if cleaned != cleaned.lower() or "@" not in cleaned or " " in cleaned:
            self.problems.append(f"{place}: {value[:80]!r} is not an email address as Waypoint stores one "
                                 "(lower case, with an @)")
        return cleaned

    def cycle(self, c: BackupCycle, place: str) -> BackupCycle:
        t = self.text
        return c.model_copy(update={
            "label": t(c.label, text.CYCLE_LABEL, f"{place}.label"),
            "answers": [a.model_copy(update={
                "element": t(a.element, text.ELEMENT_ID, f"{place}.answers[{i}].element"),
                "note": t(a.note, text.EVIDENCE_NOTE, f"{place}.answers[{i}].note"),
            }) for i, a in enumerate(c.answers)],
            "consensus": [x.model_copy(update={
                "element": t(x.element, text.ELEMENT_ID, f"{place}.consensus[{i}].element"),
                "rationale": t(x.rationale, text.RATIONALE, f"{place}.consensus[{i}].rationale"),
            }) for i, x in enumerate(c.consensus)],
        })

    def change(self, c: BackupChange, place: str) -> BackupChange:
        # Old and new values are what the fields held: any of the plan's texts, notes included.
        return c.model_copy(update={
            "field": self.text(c.field, CHANGED_FIELD, f"{place}.field"),
            "old_value": self.text(c.old_value, text.ACTION_NOTE, f"{place}.old_value"),
            "new_value": self.text(c.new_value, text.ACTION_NOTE, f"{place}.new_value"),
        })


def _reference_problems(b: Backup, frameworks: dict[tuple[str, str], Framework]) -> list[str]:
    """What pydantic cannot see: ids that must exist, things that must be unique."""
    problems: list[str] = []
    add = problems.append
    members = {}
    emails = set()
    for i, m in enumerate(b.members):
        if m.id in members:
            add(f"$.members[{i}].id: {m.id} is listed twice")
        members[m.id] = m
        if m.account.email is not None:
            if m.account.email in emails:
                add(f"$.members[{i}].account.email: {m.account.email} belongs to two members")
            emails.add(m.account.email)
        if (m.role is Role.FUNDER) != (m.discipline is None):
            add(f"$.members[{i}].discipline: a {m.role.value} " + ("has no discipline" if m.role is Role.FUNDER
                                                                    else "needs a discipline"))
    if not any(m.role is Role.LEAD and m.removed_at is None for m in b.members):
        add("$.members: the task force needs at least one lead who was not removed")

    def member(ref: str | None, place: str) -> None:
        if ref is not None and ref not in members:
            add(f"{place}: {ref} is not in $.members")

    def framework_of(framework_id: str, version: str, place: str) -> Framework | None:
        found = frameworks.get((framework_id, version))
        if found is None:
            add(f"{place}: framework {framework_id!r} version {version!r} is not in $.frameworks")
        return found

    tf = b.task_force
    current = framework_of(tf.framework_id, tf.framework_version, "$.task_force.framework_version")
    labels: set[str] = set()
    open_cycles = 0
    for i, c in enumerate(b.cycles):
        place = f"$.cycles[{i}]"
        if not CYCLE_LABEL.match(c.label):
            add(f"{place}.label: {c.label!r} is not of the form YYYY-QN")
        if c.label in labels:
            add(f"{place}.label: cycle {c.label} is listed twice")
        labels.add(c.label)
        open_cycles += c.status is CycleStatus.OPEN
        if (c.status is CycleStatus.OPEN) != (c.closed_at is None):
            add(f"{place}.closed_at: an open cycle has no closing time and a closed one has one")
        framework = framework_of(c.framework_id, c.framework_version, f"{place}.framework_version")
        elements = {e.id for e in framework.elements} if framework else None
        if c.functions is not None:
            if not c.functions or len(set(c.functions)) != len(c.functions):
                add(f"{place}.functions: list each function the cycle assesses once, or leave the field out for all")
            elif framework is not None:
                for j, function_id in enumerate(c.functions):
                    if function_id not in {f.id for f in framework.functions}:
                        add(f"{place}.functions[{j}]: {function_id!r} is not a function of the cycle's framework")
        seen: set[tuple[str, str]] = set()
        for j, a in enumerate(c.answers):
            member(a.member, f"{place}.answers[{j}].member")
            if elements is not None and a.element not in elements:
                add(f"{place}.answers[{j}].element: {a.element!r} is not an element of the cycle's framework")
            if (a.member, a.element) in seen:
                add(f"{place}.answers[{j}]: {a.member} answered {a.element} twice")
            seen.add((a.member, a.element))
            if a.note_in_report and not a.note:
                add(f"{place}.answers[{j}].note_in_report: an empty note cannot be in the report")
        submitted = set()
        for j, s in enumerate(c.submissions):
            member(s.member, f"{place}.submissions[{j}].member")
            if s.member in submitted:
                add(f"{place}.submissions[{j}]: {s.member} submitted twice")
            submitted.add(s.member)
        agreed = set()
        for j, x in enumerate(c.consensus):
            member(x.recorded_by, f"{place}.consensus[{j}].recorded_by")
            if elements is not None and x.element not in elements:
                add(f"{place}.consensus[{j}].element: {x.element!r} is not an element of the cycle's framework")
            if x.element in agreed:
                add(f"{place}.consensus[{j}]: a second consensus for {x.element}")
            agreed.add(x.element)
    if open_cycles > 1:
        add("$.cycles: a task force has at most one open cycle")
    current_elements = {e.id for e in current.elements} if current else set()
    current_functions = {f.id for f in current.functions} if current else set()
    known_elements = current_elements | {e.id for f in frameworks.values() for e in f.elements}
    known_functions = current_functions | {f.id for fw in frameworks.values() for f in fw.functions}
    targeted = set()
    for i, x in enumerate(b.targets):
        member(x.set_by, f"$.targets[{i}].set_by")
        if x.element not in known_elements:
            add(f"$.targets[{i}].element: {x.element!r} is not an element of the task force's frameworks")
        if x.element in targeted:
            add(f"$.targets[{i}]: a second target for {x.element}")
        targeted.add(x.element)
        if not CYCLE_LABEL.match(x.by_cycle):
            add(f"$.targets[{i}].by_cycle: {x.by_cycle!r} is not of the form YYYY-QN")
    for i, x in enumerate(b.target_history):
        member(x.changed_by, f"$.target_history[{i}].changed_by")
    for i, a in enumerate(b.actions):
        if a.element not in known_elements:
            add(f"$.actions[{i}].element: {a.element!r} is not an element of the task force's frameworks")
        if a.created_in_cycle is not None and a.created_in_cycle not in labels:
            add(f"$.actions[{i}].created_in_cycle: {a.created_in_cycle!r} is not in $.cycles")
        for j, c in enumerate(a.history):
            member(c.changed_by, f"$.actions[{i}].history[{j}].changed_by")
    functions = set()
    for i, o in enumerate(b.outcomes):
        member(o.updated_by, f"$.outcomes[{i}].updated_by")
        if o.function not in known_functions:
            add(f"$.outcomes[{i}].function: {o.function!r} is not a function of the task force's frameworks")
        if o.function in functions:
            add(f"$.outcomes[{i}]: a second outcome for {o.function}")
        functions.add(o.function)
    relevance = set()
    for i, r in enumerate(b.settings.function_relevance):
        if (r.discipline, r.function) in relevance:
            add(f"$.settings.function_relevance[{i}]: listed twice")
        relevance.add((r.discipline, r.function))
    if b.settings.notes_threshold is not None and b.settings.notes_threshold < b.settings.reporting_threshold:
        add("$.settings.notes_threshold: k_notes is never below the reporting threshold k")
    return problems
