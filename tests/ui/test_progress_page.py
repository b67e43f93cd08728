"""The Progress page through AppTest: the demo's six quarters, and a task force with one cycle only."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from assessments.domain import confidentiality
from assessments.domain.model import Discipline, Role
from assessments.usecases import consensus, cycles, demo, frameworks, members, planning, questionnaire, task_forces
from tests.conftest import answer_closed_quarters
from tests.ui.conftest import app, demo_member

PAGE = "ui/progress.py"


def _text(at) -> str:
    parts = [e.value for kind in ("markdown", "caption", "info", "warning") for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def _charts(at) -> int:
    return len(at.get("plotly_chart"))


def test_the_lead_sees_what_changed_since_last_quarter_and_since_the_start(demo_db):
    at = app(PAGE, demo_member(demo_db, demo.DEMO_LEAD).id)
    assert not at.exception
    text = _text(at)
    assert "Since last quarter: 2026-Q3 → 2026-Q4" in text
    assert "Since we started: 2025-Q3 → 2026-Q4" in text
    assert "Of 29 elements:" in text
    assert "2026-Q4 is still open" in text
    assert "respondents in 2026-Q3" in text
    assert "Biggest gain: " in text
    assert "Reporting threshold: 3 answers." in text  # the rule, with the demo's k
    assert _charts(at) == 3  # trends, one element, the comparison
    assert at.radio(key="progress_preset").value.startswith("Last two (2026-Q3 → 2026-Q4)")


def test_a_member_sees_the_page_too_and_can_compare_last_against_first(demo_db):
    at = app(PAGE, demo_member(demo_db, "Aisha Karimi").id)
    at.radio(key="progress_preset").set_value("Last against first (2025-Q3 → 2026-Q4)").run()
    assert not at.exception
    assert "Biggest gains" in _text(at)
    table = next(d.value for d in at.dataframe if "Direction" in d.value.columns)
    assert {"2025-Q3 score", "2026-Q4 score", "2025-Q3 answers", "2026-Q4 answers"} <= set(table.columns)
    assert len(table) == 29


def test_a_funder_sees_the_progress_page(demo_db):
    at = app(PAGE, demo_member(demo_db, demo.DEMO_FUNDER).id)
    assert not at.exception
    assert "Since last quarter: 2026-Q3 → 2026-Q4" in _text(at)
    assert not at.error


def test_choosing_two_cycles_in_the_wrong_order_asks_for_an_earlier_one_first(demo_db):
    at = app(PAGE, demo_member(demo_db, demo.DEMO_LEAD).id)
    at.radio(key="progress_preset").set_value("Choose two cycles").run()
    at.selectbox(key="progress_before").set_value("2026-Q4").run()
    at.selectbox(key="progress_after").set_value("2025-Q4").run()
    assert not at.exception
    assert any("earlier cycle on the left" in w.value for w in at.warning)


def test_an_element_trend_shows_its_answer_counts_behind_the_chart(demo_db):
    at = app(PAGE, demo_member(demo_db, demo.DEMO_LEAD).id)
    framework = frameworks.framework_of_task_force(demo_db, task_forces.find_task_force(demo_db, demo.DEMO_TASK_FORCE))
    at.selectbox(key="progress_element").set_value(("CO-1", framework.element("CO-1").name)).run()
    assert not at.exception
    assert at.selectbox(key="progress_element").value[0] == "CO-1"
    answers = at.dataframe[1].value["Answers"].tolist()
    assert len(answers) == 6 and all(n > 0 for n in answers)


def test_progress_against_targets_shows_each_target_measured_from_when_it_was_set(demo_db):
    lead = demo_member(demo_db, demo.DEMO_LEAD)
    task_force_cycles = cycles.list_cycles(demo_db, lead.actor, lead.task_force_id)
    planning.set_target(demo_db, lead.actor, lead.task_force_id, task_force_cycles[1].id, "IF-1", target_stage=5, at=datetime(2025, 11, 1))
    at = app(PAGE, lead.id)
    assert not at.exception
    assert "targets reached" in _text(at)
    table = next(d.value for d in at.dataframe if "Way covered" in d.value.columns)
    assert len(table) == len(planning.list_targets(demo_db, lead.actor, lead.task_force_id))
    row = table[table["Element"].str.startswith("IF-1 ")].iloc[0]
    assert (row["Target"], row["Measured"]) == ("stage 5 by 2026-Q2", "since the target was set, in 2025-Q4")


def test_with_one_cycle_only_the_page_says_there_is_no_trend_yet(demo_db):
    task_force = task_forces.create_task_force(demo_db, "Lakeside Task Force", "Lakeside County")
    lead = members.add_member(demo_db, task_force.id, "Lee Park", Discipline.PROSECUTION, Role.LEAD)
    cycle = cycles.open_cycle_unchecked(demo_db, task_force.id, "2026-Q4")
    questionnaire.record_answer(demo_db, lead.actor, cycle.id, "IF-1", 3)
    at = app(PAGE, lead.id)
    assert not at.exception
    # One answer is under the threshold: the cycle has no score at all yet.
    assert any("No trend yet" in i.value and "no cycle with a score yet (2026-Q4 is the latest)" in i.value
               for i in at.info)
    assert _charts(at) == 0


def _hillside(db):
    """k = 5. 2026-Q2: two members answered, and the lead recorded a consensus stage for IF-1.
    2026-Q3: four answered IF-1 (withheld), five IF-2. 2026-Q4: five answered both."""
    task_force = task_forces.create_task_force(db, "Hillside Task Force", "Hillside County")
    lead = members.add_member(db, task_force.id, "Ana Ruiz", Discipline.NGO, Role.LEAD)
    task_forces.set_thresholds(db, lead.actor, task_force.id, 5)
    everyone = [lead] + [
        members.add_member(db, task_force.id, f"Member {i}", Discipline.NGO, Role.MEMBER) for i in range(4)
    ]
    answered = {"2026-Q2": {"IF-1": everyone[:2]},
                "2026-Q3": {"IF-1": everyone[:4], "IF-2": everyone},
                "2026-Q4": {"IF-1": everyone, "IF-2": everyone}}
    first, *_ = answer_closed_quarters(db, task_force.id, answered, [datetime(2026, month, 1) for month in (4, 7, 10)],
                                       lambda label: 4 if label == "2026-Q4" else 2)
    consensus.record_consensus(db, lead.actor, first.id, "IF-1", 2, "Agreed in the April meeting.")
    return lead


def test_the_page_states_the_task_forces_own_threshold_rule(demo_db):
    lead = _hillside(demo_db)
    at = app(PAGE, lead.id)
    assert not at.exception
    text = _text(at)
    assert confidentiality.rule_text(5, 5) in text
    assert "Reporting threshold: 5 answers" in text and "Reporting threshold: 3" not in text
    assert "fewer than 3" not in text.lower()


def test_withheld_counts_read_fewer_than_k_never_none_or_zero(demo_db):
    lead = _hillside(demo_db)
    at = app(PAGE, lead.id)
    assert not at.exception
    text = _text(at)
    assert "fewer than 5 respondents in 2026-Q2, 5 respondents in 2026-Q4" in text
    assert "None" not in text and " 0 respondents" not in text
    # The trend: 2026-Q2's respondents are withheld, in the chart's ticks and in the table behind it.
    trend_chart = at.get("plotly_chart")[0].proto.spec
    assert "fewer than 5 respondents" in trend_chart and "None" not in trend_chart
    trend = next(d.value for d in at.dataframe if "Series" in d.value.columns)
    q2 = trend[(trend["Series"] == "Overall") & (trend["Cycle"] == "2026-Q2")].iloc[0]
    assert pd.isna(q2["Count"]) and q2["Counts"] == "fewer than 5 respondents"
    # Since last quarter: IF-1 had four answers in 2026-Q3, so it is not compared.
    comparison = next(d.value for d in at.dataframe if "Direction" in d.value.columns)
    if_1 = comparison[comparison["Element"].str.startswith("IF-1 ")].iloc[0]
    assert (if_1["2026-Q3 answers"], if_1["2026-Q4 answers"]) == ("fewer than 5 answers", "5")
    assert (if_1["Direction"], if_1["Why"]) == ("– not comparable", "fewer than 5 answers in 2026-Q3")
    assert comparison[comparison["Direction"] == "▲ up"]["Element"].str[:4].tolist() == ["IF-2"]
    assert "Fewer than 3 answers" not in comparison.columns


def test_one_elements_withheld_counts_are_words_in_its_chart_and_table(demo_db):
    lead = _hillside(demo_db)
    at = app(PAGE, lead.id)
    framework = frameworks.framework_of_task_force(demo_db, task_forces.find_task_force(demo_db, "Hillside Task Force"))
    at.selectbox(key="progress_element").set_value(("IF-1", framework.element("IF-1").name)).run()
    assert not at.exception
    chart = at.get("plotly_chart")[1].proto.spec
    assert "2 consensus (fewer than 5 answers)" in chart and "None" not in chart
    table = next(d.value for d in at.dataframe if "Withheld" in d.value.columns)
    assert table["Withheld"].tolist() == ["fewer than 5 answers", "fewer than 5 answers", ""]
    assert table["Answers"].isna().tolist() == [True, True, False]
    assert table["How scored"].tolist() == ["consensus", "gap", "median"]
