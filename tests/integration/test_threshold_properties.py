"""Property tests of the reporting threshold: for random answers, a random k and every viewer,
changing the answers to an element under k, or a discipline's answers where it is under k,
leaves everything that viewer can see unchanged."""

from __future__ import annotations

import io
import itertools
import json
from datetime import date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pypdf import PdfReader

from assessments.domain import progress_rules
from assessments.domain.model import Answer, Cycle, CycleStatus, Discipline, Member, Role, TaskForce
from assessments.domain.scoring import discipline_breakdown, respondents_by_discipline, score_cycle
from assessments.domain.stage_counts import counts_of
from assessments.store.database import Database
from assessments.store.unit_of_work import UnitOfWork
from assessments.usecases import cycles, frameworks, members, progress, questionnaire, task_forces
from reports import charts, export, progress_charts, tables
from reports.pdf import build_pdf
from roadmap.load import load_framework
from tests.conftest import SMALL_FRAMEWORK_FILE

FRAMEWORK = load_framework(SMALL_FRAMEWORK_FILE)
ELEMENTS = [e.id for e in FRAMEWORK.elements]
DISCIPLINES = [Discipline.LAW_ENFORCEMENT, Discipline.VICTIM_SERVICES, Discipline.PROSECUTION]
NOT_ANSWERED, DONT_KNOW = -1, 0
WHEN = datetime(2026, 11, 1)

# One member's answers: per element, not answered, "don't know" or a stage.
answer_values = st.sampled_from([NOT_ANSWERED, DONT_KNOW, 1, 2, 3, 4, 5])
team = st.lists(
    st.tuples(st.sampled_from(DISCIPLINES), st.lists(answer_values, min_size=len(ELEMENTS), max_size=len(ELEMENTS))),
    min_size=2, max_size=10,
)


def _answers(cycle_id: int, grid: list[tuple[Discipline, list[int]]], member_ids: list[int]) -> list[Answer]:
    return [
        Answer(cycle_id=cycle_id, member_id=member_id, element_id=element_id,
               stage=None if value == DONT_KNOW else value, updated_at=WHEN)
        for (_, values), member_id in zip(grid, member_ids)
        for element_id, value in zip(ELEMENTS, values) if value != NOT_ANSWERED
    ]


def _under_k(grid, element_index: int, k: int):
    """The grid with at most k - 1 members answering the element."""
    answering = [i for i, (_, values) in enumerate(grid) if values[element_index] != NOT_ANSWERED]
    keep = set(answering[:k - 1])
    return [(d, [v if j != element_index or i in keep else NOT_ANSWERED for j, v in enumerate(values)])
            for i, (d, values) in enumerate(grid)]


def _changed(grid, element_index: int, new_values: list[int]):
    """The same members answer the element, with new answers (a stage, or "don't know")."""
    values_iter = iter(new_values)
    return [(d, [next(values_iter) if j == element_index and v != NOT_ANSWERED else v for j, v in enumerate(values)])
            for d, values in grid]


# In memory: the tables, files and charts every page and export is built from ----------------------


def _report(grid, k: int, consensus: dict[str, int]) -> tables.CycleReport:
    people = [Member(id=i + 1, task_force_id=1, account_id=i + 1, name=f"M{i}", discipline=d, role=Role.MEMBER)
              for i, (d, _) in enumerate(grid)]
    counts = counts_of(_answers(7, grid, [m.id for m in people]), people)
    return tables.CycleReport(
        task_force=TaskForce(id=1, name="Property Task Force", jurisdiction="Anywhere", framework_id=FRAMEWORK.id,
                             framework_version=FRAMEWORK.version, reporting_threshold=k),
        cycle=Cycle(id=7, task_force_id=1, label="2026-Q4", framework_id=FRAMEWORK.id,
                    framework_version=FRAMEWORK.version, status=CycleStatus.CLOSED, opened_at=WHEN),
        framework=FRAMEWORK,
        scores=score_cycle(FRAMEWORK, counts, consensus, k),
        breakdown=tuple(discipline_breakdown(FRAMEWORK, counts, k)),
        consensus=(),
        respondents_by_discipline=respondents_by_discipline(counts, k)[0],
    )


def _seen_in_memory(report: tables.CycleReport, before: tables.CycleReport) -> dict:
    """Everything built from one cycle's report: tables, the three files, the charts, and the
    progress comparison and trends against a fixed earlier cycle."""
    document = json.loads(export.to_json(report))
    document.pop("generated_at")
    workbook = load_workbook(io.BytesIO(export.to_excel(report)))
    pairs = itertools.combinations([d.value for d in DISCIPLINES], 2)
    scored = [(before.cycle, FRAMEWORK, before.scores), (report.cycle.model_copy(update={"id": 8}), FRAMEWORK, report.scores)]
    comparison = progress_rules.compare_cycles(*scored)
    return {
        "tables": [t.to_json() for t in (tables.element_table(report), tables.function_table(report),
                                         tables.discipline_table(report), tables.summary_table(report))],
        "csv": [export.to_csv(report, name) for name in export.TABLES],
        "json": document,
        "excel": [[c.value for row in sheet.iter_rows() for c in row] for sheet in workbook],
        "charts": [f.to_json() for f in (*charts.element_heatmaps(report), charts.function_chart(report),
                                         charts.disagreement_chart(report),
                                         *(charts.discipline_comparison(report, a, b) for a, b in pairs))],
        "progress": [comparison.model_dump_json(), progress_charts.comparison_table(comparison).to_json(),
                     progress_charts.trend_table(progress_rules.trends(scored)).to_json(),
                     *(progress_charts.element_trend_table(progress_rules.element_trend(scored, e)).to_json()
                       for e in ELEMENTS)],
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grid=team, k=st.integers(3, 6), element_index=st.integers(0, len(ELEMENTS) - 1),
       new_values=st.lists(st.sampled_from([DONT_KNOW, 1, 2, 3, 4, 5]), min_size=6, max_size=6),
       consensus=st.dictionaries(st.sampled_from(ELEMENTS), st.integers(1, 5), max_size=3), earlier=team)
def test_changing_an_element_under_k_changes_nothing_built_from_the_scores(grid, k, element_index, new_values,
                                                                           consensus, earlier):
    grid = _under_k(grid, element_index, k)
    before = _report(earlier, k, {})
    seen = _seen_in_memory(_report(grid, k, consensus), before)
    assert _seen_in_memory(_report(_changed(grid, element_index, new_values), k, consensus), before) == seen


def _discipline_seen(report: tables.CycleReport) -> dict:
    pairs = itertools.combinations([d.value for d in DISCIPLINES], 2)
    return {
        "table": tables.discipline_table(report).to_json(),
        "head counts": report.respondents_by_discipline,
        "discipline flags": [[r for r in e.disagreement_reasons if " median " in r] for e in report.scores.elements],
        "charts": [charts.discipline_comparison(report, a, b).to_json() for a, b in pairs],
    }


@settings(max_examples=60, deadline=None)
@given(grid=team, k=st.integers(3, 6), discipline=st.sampled_from(DISCIPLINES),
       new_stages=st.lists(st.integers(1, 5), min_size=60, max_size=60))
def test_changing_a_disciplines_answers_where_it_is_under_k_changes_no_discipline_figure(grid, k, discipline,
                                                                                          new_stages):
    seen = _discipline_seen(_report(grid, k, {}))
    stages = iter(new_stages)
    changed = []
    for d, values in grid:
        if d is discipline:
            counts = [sum(1 for dd, vv in grid if dd is discipline and vv[j] > 0) for j in range(len(ELEMENTS))]
            # Only where the discipline gave fewer than k stages; a stage stays a stage.
            values = [next(stages) if v > 0 and counts[j] < k else v for j, v in enumerate(values)]
        changed.append((d, values))
    assert _discipline_seen(_report(changed, k, {})) == seen


# Through the database, as each role reads it: services, pages' tables, exports and the PDF's text ----

_DB: list[Database] = []


def _database(tmp_path_factory) -> Database:
    if not _DB:
        db = Database(f"sqlite:///{tmp_path_factory.mktemp('properties') / 'waypoint.db'}")
        frameworks.add_framework(db, SMALL_FRAMEWORK_FILE.read_bytes(), SMALL_FRAMEWORK_FILE.name)
        _DB.append(db)
    return _DB[0]


def _world(db: Database, grid, k: int, number: int):
    task_force = task_forces.create_task_force(db, f"Property Task Force {number}", "Anywhere", FRAMEWORK)
    lead = members.add_member(db, task_force.id, "Lead", Discipline.NGO, Role.LEAD, email=f"lead{number}@x.example")
    people = [members.add_member(db, task_force.id, f"Member {i}", d, Role.MEMBER, email=f"m{i}.{number}@x.example")
              for i, (d, _) in enumerate(grid)]
    funder = members.add_member(db, task_force.id, "Funder", None, Role.FUNDER, email=f"funder{number}@x.example")
    task_forces.set_thresholds(db, lead.actor, task_force.id, k)
    cycle = cycles.open_cycle_unchecked(db, task_force.id, "2026-Q4", opened_at=WHEN)
    with UnitOfWork(db, writes=True) as uow:
        uow.cycles.add_answers(_answers(cycle.id, grid, [m.id for m in people]))
        uow.changed(task_force.id)
        uow.commit()
    for person, (_, values) in zip(people, grid):
        if any(v != NOT_ANSWERED for v in values):
            questionnaire.submit_answers(db, person.actor, cycle.id)
    return task_force, cycle, {"lead": lead, "member": people[0], "funder": funder}, people


def _seen_through_the_app(db: Database, task_force, cycle, viewer: Member, role: str) -> dict:
    report = tables.cycle_report(db, viewer.actor, cycle.id)
    document = json.loads(export.to_json(report))
    document.pop("generated_at")
    history = progress.history(db, viewer.actor, task_force.id)
    seen = {
        "tables": [t.to_json() for t in (tables.element_table(report), tables.function_table(report),
                                         tables.discipline_table(report), tables.summary_table(report))],
        "json": document, "csv": [export.to_csv(report, name) for name in export.TABLES],
        "heatmap": [f.to_json() for f in charts.element_heatmaps(report)],
        "trends": progress_charts.trend_table(progress_rules.trends(history)).to_json(),
    }
    if role == "member":
        # Beside the task force's figure the member sees their own answer, which of course may change.
        seen["comparison"] = [(r.element_id, r.task_force_score, r.answers, r.hidden_reason)
                              for r in questionnaire.member_comparison(db, viewer.actor, cycle.id)]
    else:
        pdf = build_pdf(db, viewer.actor, task_force.id, cycle.id, date(2026, 11, 23))
        seen["pdf"] = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    return seen


_COUNTER = itertools.count()


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(grid=team.filter(lambda g: any(v != NOT_ANSWERED for v in g[0][1])), k=st.integers(3, 5),
       element_index=st.integers(0, len(ELEMENTS) - 1), role=st.sampled_from(["lead", "member", "funder"]),
       new_values=st.lists(st.sampled_from([DONT_KNOW, 1, 2, 3, 4, 5]), min_size=6, max_size=6))
def test_every_role_sees_the_same_pages_files_and_pdf_whatever_an_element_under_k_was_answered(
    tmp_path_factory, grid, k, element_index, role, new_values,
):
    db = _database(tmp_path_factory)
    grid = _under_k(grid, element_index, k)
    task_force, cycle, viewers, people = _world(db, grid, k, next(_COUNTER))
    seen = _seen_through_the_app(db, task_force, cycle, viewers[role], role)
    for person, (_, values) in zip(people, _changed(grid, element_index, new_values)):
        if values[element_index] != NOT_ANSWERED:
            with UnitOfWork(db, writes=True) as uow:
                uow.cycles.put_answer(cycle.id, person.id, ELEMENTS[element_index],
                                      None if values[element_index] == DONT_KNOW else values[element_index], "")
                uow.changed(task_force.id)
                uow.commit()
    assert _seen_through_the_app(db, task_force, cycle, viewers[role], role) == seen

