"""Every text field refuses over-long and control-character input the same way on SQLite
and PostgreSQL: before the store sees it, with a sentence that names the field, and
changing nothing. (SQLite alone would store what crashes PostgreSQL.)"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assessments.domain import text
from assessments.domain.model import DomainError
from assessments.usecases import consensus, cycles, frameworks, planning, questionnaire, task_forces, team
from tests.conftest import SMALL_FRAMEWORK_FILE, snapshot


@pytest.fixture
def world(open_cycle_world):
    return open_cycle_world


def _framework_file(**replace: str) -> str:
    source = SMALL_FRAMEWORK_FILE.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in source
        source = source.replace(old, new, 1)
    return source


# field -> how a person or a file puts a text into it
FIELDS: dict[text.Field, Callable[[dict, str], object]] = {
    text.TASK_FORCE_NAME: lambda w, v: task_forces.create_task_force(w["db"], v, "Somewhere"),
    text.JURISDICTION: lambda w, v: task_forces.create_task_force(w["db"], "Another Task Force", v),
    text.PERSON_NAME: lambda w, v: team.invite(w["db"], w["lead"].actor, w["task_force"].id, "new@example.org", v, "member", "ngo"),
    text.ORGANISATION: lambda w, v: team.invite(w["db"], w["lead"].actor, w["task_force"].id, "new@example.org", "Ana", "member", "ngo", v),
    text.EMAIL: lambda w, v: team.invite(w["db"], w["lead"].actor, w["task_force"].id, v, "Ana", "member", "ngo"),
    text.EVIDENCE_NOTE: lambda w, v: questionnaire.save_answer(w["db"], w["member"].actor, w["cycle"].id, "IF-1", 3, v),
    text.RATIONALE: lambda w, v: consensus.record_consensus(w["db"], w["lead"].actor, w["cycle"].id, "IF-1", 3, v),
    text.ACTION_TITLE: lambda w, v: planning.add_action(w["db"], w["lead"].actor, w["task_force"].id, "IF-1", v),
    text.ACTION_OWNER: lambda w, v: planning.add_action(w["db"], w["lead"].actor, w["task_force"].id, "IF-1", "Write the MOU", v),
    text.ACTION_NOTE: lambda w, v: planning.add_action(w["db"], w["lead"].actor, w["task_force"].id, "IF-1", "Write the MOU", note=v),
    text.OUTCOME: lambda w, v: planning.set_function_outcome(w["db"], w["lead"].actor, w["task_force"].id, "IF", v),
    text.CYCLE_LABEL: lambda w, v: cycles.open_cycle(w["db"], w["lead"].actor, w["task_force"].id, v),
    text.ELEMENT_ID: lambda w, v: frameworks.upload_framework(
        w["db"], w["lead"].actor, w["task_force"].id, _framework_file(**{"id: IF-1": f"id: IF-1{v}"}), "mine.yaml"),
    text.FRAMEWORK_TITLE: lambda w, v: frameworks.upload_framework(
        w["db"], w["lead"].actor, w["task_force"].id, _framework_file(**{"title: Test framework": f"title: {v!r}"}), "mine.yaml"),
}

HOSTILE = {
    "NUL": "before\x00after",
    "vertical tab": "before\x0bafter",
    "escape": "before\x1bafter",
    "C1 next line": "before\x85after",
    "lone surrogate": "before\ud800after",
}


def _refusal(world: dict, field: text.Field, value: str) -> str:
    before = snapshot(world["db"])
    with pytest.raises(DomainError) as refused:
        FIELDS[field](world, value)
    assert snapshot(world["db"]) == before, "a refused text changed the database"
    return str(refused.value)


@pytest.mark.parametrize("field", list(FIELDS), ids=lambda f: f.name)
def test_a_text_one_character_over_its_limit_is_refused_naming_the_field_and_the_limit(world, field):
    message = _refusal(world, field, "x" * (field.limit + 1))
    assert field.name in message
    assert f"the limit is {field.limit:,}" in message


@pytest.mark.parametrize("field", [f for f in FIELDS if f not in (text.ELEMENT_ID, text.FRAMEWORK_TITLE)],
                         ids=lambda f: f.name)
def test_control_and_broken_characters_are_refused_naming_the_field(world, field):
    for kind, value in HOSTILE.items():
        message = _refusal(world, field, value)
        assert message.startswith(field.name), (kind, message)
        assert "Nothing was saved" in message, kind


@pytest.mark.parametrize("field", [text.EVIDENCE_NOTE, text.ACTION_TITLE, text.PERSON_NAME], ids=lambda f: f.name)
def test_a_text_at_its_limit_in_any_script_is_kept_exactly(world, field):
    value = ("Thông dịch viên 通訳 مترجم " * 400)[: field.limit].strip()
    FIELDS[field](world, value)
    assert text.clean(value, field) == value
