"""A CycleReport of the small framework built straight from domain objects, for the tests of
the tables and exports: six members, three in law enforcement and three in victim services."""

from __future__ import annotations

from datetime import datetime

from assessments.domain.model import Answer, Consensus, Cycle, CycleStatus, Discipline, Member, Role, TaskForce
from assessments.domain.scoring import discipline_breakdown, score_cycle
from assessments.domain.stage_counts import counts_of
from reports import tables
from roadmap.model import Framework

WHEN = datetime(2026, 11, 1)
MEMBERS = [
    Member(id=i + 1, task_force_id=1, account_id=i + 1, name=f"Member {i + 1}", discipline=d, role=Role.MEMBER)
    for i, d in enumerate([Discipline.LAW_ENFORCEMENT] * 3 + [Discipline.VICTIM_SERVICES] * 3)
]


def cycle_report(framework: Framework, answers: list[Answer], rationale: str,
                 task_force_name: str = "Ρόδος Task Force") -> tables.CycleReport:
    """Cycle 2026-Q4 (open) with the given answers and a consensus of stage 4 on CO-1."""
    agreed = Consensus(cycle_id=7, element_id="CO-1", stage=4, rationale=rationale, recorded_by=1, recorded_at=WHEN)
    return tables.CycleReport(
        task_force=TaskForce(id=1, name=task_force_name, jurisdiction="Rhodes", framework_id=framework.id,
                             framework_version=framework.version),
        cycle=Cycle(id=7, task_force_id=1, label="2026-Q4", framework_id=framework.id,
                    framework_version=framework.version, status=CycleStatus.OPEN, opened_at=WHEN),
        framework=framework,
        scores=score_cycle(framework, counts_of(answers, MEMBERS), {"CO-1": 4}),
        breakdown=tuple(discipline_breakdown(framework, counts_of(answers, MEMBERS))),
        consensus=(agreed,),
        respondents_by_discipline={"Law enforcement": 3, "Victim services": 3},
    )
