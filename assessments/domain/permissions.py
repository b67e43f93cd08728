"""What each role in a task force may do. One table, read by every use case."""

from __future__ import annotations

from enum import StrEnum

from assessments.domain.model import Member, NotAllowed, Role


class Permission(StrEnum):
    ANSWER = "answer"                # the questionnaire: one's own answers
    READ_RESULTS = "read_results"    # aggregates: results and progress
    READ_PLAN = "read_plan"          # targets, actions and the funder report
    READ_NOTES = "read_notes"        # the evidence notes members wrote, anonymously
    LEAD = "lead"                    # cycles, consensus, plan changes, team, framework choice


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.LEAD: frozenset(Permission),
    Role.MEMBER: frozenset({Permission.ANSWER, Permission.READ_RESULTS}),
    Role.FUNDER: frozenset({Permission.READ_RESULTS, Permission.READ_PLAN}),
}

REFUSALS = {
    Permission.ANSWER: "Only members of this task force can answer its questionnaire.",
    Permission.READ_RESULTS: "Only the members, leads and funders of this task force can see its results.",
    Permission.READ_PLAN: "Only the leads and funders of this task force can see its plan and reports.",
    Permission.READ_NOTES: "Only a lead of this task force can read its evidence notes.",
    Permission.LEAD: "Only a lead of this task force can do this.",
}


def may(member: Member | None, permission: Permission) -> bool:
    return member is not None and permission in ROLE_PERMISSIONS[member.role]


def require(member: Member | None, permission: Permission) -> Member:
    if not may(member, permission):
        raise NotAllowed(REFUSALS[permission])
    return member
