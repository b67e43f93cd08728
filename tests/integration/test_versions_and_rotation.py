"""Framework 1.0 to 1.1, and a cycle that assesses two functions: what Progress and Results read."""

from __future__ import annotations

from datetime import datetime

import pytest

from assessments.domain import progress_rules
from assessments.domain.model import DomainError, Role
from assessments.domain.progress_rules import OVERALL, Direction
from assessments.store.database import Database
from assessments.usecases import cycles, frameworks, progress, questionnaire, results, task_forces
from roadmap.reading import sitting
from tests import versions_world
from tests.conftest import make_member, make_task_force, snapshot


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    db = Database(f"sqlite:///{tmp_path_factory.mktemp('versions') / 'waypoint.db'}")
    yield versions_world.build(db)
    db.dispose()


def _history(world):
    return progress.history(world["db"], world["lead"].actor, world["task_force"].id)


# opening a rotation cycle ------------------------------------------------------------------


def test_a_cycle_keeps_the_functions_it_was_opened_with(world):
    labels = [(c.label, c.framework_version, c.functions) for c in
              cycles.list_cycles(world["db"], world["lead"].actor, world["task_force"].id)]
    assert labels == [("2026-Q1", "1.0", None), ("2026-Q2", "1.0", None), ("2026-Q3", "1.1", None),
                      ("2026-Q4", "1.1", ("CO", "DR"))]


@pytest.mark.parametrize(("functions", "message"), [
    ([], "Choose at least one function"),
    (["CO", "XX"], "'XX' is not a function of"),
    (["CO"], "No earlier cycle on framework version 0.1 assessed"),
])
def test_a_bad_choice_of_functions_is_refused_and_changes_nothing(db, framework, functions, message):
    task_force = make_task_force(db, framework)
    lead = make_member(db, task_force, "Dana", role=Role.LEAD)
    before = snapshot(db)
    with pytest.raises(DomainError, match=message):
        cycles.open_cycle(db, lead.actor, task_force.id, "2026-Q4", functions=functions)
    assert snapshot(db) == before


def test_choosing_every_function_is_no_rotation(db, framework):
    task_force = make_task_force(db, framework)
    lead = make_member(db, task_force, "Dana", role=Role.LEAD)
    cycle = cycles.open_cycle(db, lead.actor, task_force.id, "2026-Q4", functions=[f.id for f in framework.functions])
    assert cycle.functions is None


# the questionnaire ----------------------------------------------------------------------------


def test_the_questionnaire_holds_only_the_cycle_s_functions(world):
    rotation = world["cycles"][-1]
    sheet = questionnaire.member_sheet(world["db"], world["members"][1].actor, rotation.id)
    assert [f.id for f in sheet.functions] == ["CO", "DR"]
    assert [f.function_id for f in sheet.progress.functions] == ["CO", "DR"]


def test_an_answer_to_a_function_the_cycle_does_not_assess_is_refused_and_changes_nothing(world):
    db, rotation = world["db"], world["cycles"][-1]
    before = snapshot(db)
    with pytest.raises(DomainError, match="does not assess"):
        questionnaire.save_answer(db, world["members"][1].actor, rotation.id, "IF-1", 2)
    assert snapshot(db) == before


def test_a_rotated_sitting_stays_within_20_minutes_for_every_discipline(world):
    rotation, v11 = world["cycles"][-1], world["v11"]
    relevance = questionnaire.function_relevance(world["db"], world["lead"].actor, world["task_force"].id)
    for discipline, relevant in relevance.items():
        chosen = [f for f, is_relevant in relevant.items() if is_relevant]
        assert sitting(v11, chosen, rotation.functions).minutes <= 20, discipline
    sheet = questionnaire.member_sheet(world["db"], world["members"][1].actor, rotation.id)
    minutes = sum(sheet.reading_minutes(f.id) for f in sheet.functions)
    # Per-function figures each define their own terms, so their sum is at least the sitting's.
    assert sitting(v11, [f.id for f in v11.functions], rotation.functions).minutes <= minutes <= 20


# results: carried scores ---------------------------------------------------------------------


def test_functions_not_assessed_carry_the_last_assessment_unchanged_and_marked(world):
    scores = results.cycle_scores(world["db"], world["lead"].actor, world["cycles"][-1].id)
    q3 = results.cycle_scores(world["db"], world["lead"].actor, world["cycles"][2].id)
    for function in scores.functions:
        carried = function.function_id not in versions_world.ROTATION
        assert function.carried_from == ("2026-Q3" if carried else None)
        for element in (e for e in scores.elements if e.function_id == function.function_id):
            if carried:
                then = q3.element(element.element_id)
                assert element.model_copy(update={"carried_from": None}) == then
            else:
                assert (element.carried_from, element.score) == (None, 5.0)
    assert scores.overall == pytest.approx((4 + 5 + 5 + 4) / 4)
    assert scores.overall_includes_carried


def test_a_carried_score_keeps_the_threshold_applied_where_it_was_scored(world):
    scores = results.cycle_scores(world["db"], world["lead"].actor, world["cycles"][-1].id)
    thin = scores.element(versions_world.THIN_ELEMENT)
    assert (thin.carried_from, thin.answers, thin.median, thin.distribution, thin.is_gap) == (
        "2026-Q3", None, None, None, True)


def test_the_trend_marks_carried_points_and_their_answers_are_not_counted_again(world):
    series = {t.key: t for t in progress_rules.trends(_history(world))}
    last = {key: trend.points[-1] for key, trend in series.items()}
    assert last["IF"].carried == "carried from 2026-Q3" and last["IF"].count is None
    assert last["CO"].carried == "" and last["CO"].count == 3 * len(world["v11"].functions[1].elements)
    assert "IF (2026-Q3)" in last[OVERALL].carried and "PE (2026-Q3)" in last[OVERALL].carried


def test_progress_shows_carried_elements_as_carried_never_unchanged(world):
    scored = _history(world)
    comparison = progress_rules.compare_cycles(scored[2], scored[3])
    by_id = {c.element_id: c for c in comparison.changes}
    assert by_id["IF-1"].direction is Direction.CARRIED
    assert by_id["IF-1"].explanation == "not assessed in 2026-Q4; its score is carried from 2026-Q3"
    assert by_id["CO-1"].direction is Direction.UP
    assert comparison.count(Direction.UNCHANGED) == 0


# the version change ---------------------------------------------------------------------------


def test_the_version_change_compares_only_elements_whose_stages_still_mean_the_same(world):
    scored = _history(world)
    v11 = world["v11"]
    change = progress_rules.framework_changes(scored)
    assert len(change) == 1 and change[0].mapped
    assert (change[0].before_cycle, change[0].after_cycle) == ("2026-Q2", "2026-Q3")
    same = {e.id for e in v11.elements if e.continues and e.continues.same_stages}
    rewritten = {e.id for e in v11.elements if e.continues and not e.continues.same_stages}
    new = {e.id for e in v11.elements if e.continues is None}
    thin = versions_world.THIN_ELEMENT
    assert set(change[0].compared) == same - {thin} and change[0].unscored == (thin,)
    assert set(change[0].changed) == rewritten and set(change[0].added) == new
    assert f"{len(same) - 1} element(s) compared" in change[0].note
    assert f"1 more without a score in either cycle ({thin})" in change[0].note
    comparison = progress_rules.compare_cycles(scored[1], scored[2])
    compared = {c.element_id for c in comparison.changes if c.direction is not Direction.NOT_COMPARABLE}
    # PE-7 is mapped, but fewer than k members answered it in 2026-Q3: a gap is never a change.
    assert compared == same - {versions_world.THIN_ELEMENT}
    assert all(c.direction is Direction.UP for c in comparison.changes if c.element_id in compared)
    reasons = {c.element_id: c.reason for c in comparison.changes}
    assert reasons[versions_world.THIN_ELEMENT] == "fewer than 3 answers in 2026-Q3"
    assert "stages were rewritten in framework version 1.1" in reasons["IF-4"]
    assert reasons["CO-8"] == "new in framework version 1.1"


def test_without_a_declared_previous_version_only_unchanged_descriptors_compare(world):
    v10, v11 = world["v10"], world["v11"]
    unlinked = v11.model_copy(update={"previous_version": None})
    assert not progress_rules.continues_from(v10, unlinked)
    pairs = progress_rules.element_pairs(v10, unlinked)
    compared = {p.after_id for p in pairs if not p.reason}
    assert compared == {e.id for e in v11.elements if e.id in {x.id for x in v10.elements}
                        and e.descriptors == v10.element(e.id).descriptors}


def test_going_back_to_the_older_version_reads_the_mapping_the_other_way(world):
    v10, v11 = world["v10"], world["v11"]
    back = {p.after_id: p for p in progress_rules.element_pairs(v11, v10) if p.after_id}
    assert back["IF-1"].before_id == "IF-1" and not back["IF-1"].reason
    assert back["IF-4"].reason


def test_an_element_trend_breaks_where_the_stages_were_rewritten(world):
    scored = _history(world)
    kept = progress_rules.element_trend(scored, "IF-1").points
    rewritten = progress_rules.element_trend(scored, "IF-4").points
    assert [p.comparable_with_previous for p in kept] == [False, True, True, True]
    assert [p.comparable_with_previous for p in rewritten] == [False, True, False, True]


def test_a_task_force_opening_a_1_1_cycle_after_1_0_gets_1_1_while_old_cycles_keep_1_0(world):
    scored = _history(world)
    assert [f.version for _, f, _ in scored] == ["1.0", "1.0", "1.1", "1.1"]
    assert frameworks.framework_of_task_force(world["db"], world["task_force"].id).version == "1.1"


def test_the_first_cycle_on_a_new_version_must_assess_every_function(world, tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'fresh.db'}")
    try:
        frameworks.install_bundled_frameworks(db)
        v10 = frameworks.get_framework(db, "waypoint-roadmap", "1.0")
        task_force = task_forces.create_task_force(db, "T", "C", v10)
        lead = make_member(db, task_force, "Dana", role=Role.LEAD)
        cycles.open_cycle_unchecked(db, task_force.id, "2026-Q1", datetime(2026, 1, 5))
        cycles.close_cycle_unchecked(db, cycles.list_cycles(db, lead.actor, task_force.id)[0].id)
        frameworks.choose_framework(db, lead.actor, task_force.id, "waypoint-roadmap", "1.1")
        with pytest.raises(DomainError, match="No earlier cycle on framework version 1.1 assessed IF, PE"):
            cycles.open_cycle(db, lead.actor, task_force.id, "2026-Q2", functions=["CO", "DR"])
    finally:
        db.dispose()


def test_a_consensus_on_a_carried_element_is_refused_and_changes_nothing(world):
    from assessments.usecases import consensus
    db, rotation = world["db"], world["cycles"][-1]
    before = snapshot(db)
    with pytest.raises(DomainError, match="does not assess Internal Foundations"):
        consensus.record_consensus(db, world["lead"].actor, rotation.id, "IF-1", 3, "We agreed.")
    assert snapshot(db) == before
    consensus.record_consensus(db, world["lead"].actor, rotation.id, "CO-1", 3, "We agreed.")
    assert results.cycle_scores(db, world["lead"].actor, rotation.id).element("CO-1").score == 3
    consensus.clear_consensus(db, world["lead"].actor, rotation.id, "CO-1")
