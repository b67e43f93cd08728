"""A framework file loads, or fails naming the file and, for every problem, the place and line."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from roadmap.load import FrameworkError, load_framework
from tests.conftest import SMALL_FRAMEWORK_FILE

VALID = yaml.safe_load(SMALL_FRAMEWORK_FILE.read_text(encoding="utf-8"))


def test_a_valid_file_loads_with_every_function_element_and_stage():
    framework = load_framework(SMALL_FRAMEWORK_FILE)
    assert [f.id for f in framework.functions] == ["IF", "CO", "DR", "PE"]
    assert len(framework.elements) == 8
    assert [s.name for s in framework.stages] == ["Exploring", "Forming", "Establishing", "Performing", "Sustaining"]
    assert framework.element("CO-2").descriptor(5).startswith("Referral protocols at stage 5")
    assert framework.function_of("DR-1").name == "Data, Reporting, and Assessment"


def _without_stage_5(doc):
    del doc["functions"][2]["elements"][1]["descriptors"][5]


def _duplicate_element(doc):
    doc["functions"][3]["elements"][1]["id"] = "IF-1"


def _unknown_seed(doc):
    doc["functions"][1]["elements"][0]["seeds"] = ["000", "999"]


def _prompts_not_a_list(doc):
    doc["functions"][0]["elements"][1]["prompts"] = 42


def _stage_number_text(doc):
    doc["stages"][2]["number"] = "three"


def _missing_next_steps_for_stage_4(doc):
    del doc["functions"][0]["elements"][0]["next_steps"][4]


def _empty_name(doc):
    doc["functions"][1]["elements"][1]["name"] = "   "


def _stage_missing_from_stage_list(doc):
    doc["stages"] = doc["stages"][:4]


def _unexpected_field(doc):
    doc["functions"][0]["elements"][0]["score"] = 3


@pytest.mark.parametrize(
    "break_it, expected",
    [
        (_without_stage_5, "functions[2].elements[1].descriptors: stage 5 missing"),
        (_duplicate_element, "functions[3].elements[1].id: duplicate element id 'IF-1' (also at functions[0].elements[0])"),
        (_unknown_seed, "functions[1].elements[0].seeds[1]: unknown seed '999'"),
        (_prompts_not_a_list, "functions[0].elements[1].prompts: Input should be a valid list"),
        (_stage_number_text, "stages[2].number: Input should be a valid integer"),
        (_missing_next_steps_for_stage_4, "functions[0].elements[0].next_steps: stage 4 missing"),
        (_empty_name, "functions[1].elements[1].name: String should have at least 1 character"),
        (_stage_missing_from_stage_list, "stages: expected stages 1-5 once each; stage 5 missing"),
        (_unexpected_field, "functions[0].elements[0].score: Extra inputs are not permitted"),
    ],
)
def test_each_malformation_names_the_file_and_the_place(tmp_path: Path, break_it, expected):
    doc = copy.deepcopy(VALID)
    break_it(doc)
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    with pytest.raises(FrameworkError) as raised:
        load_framework(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: ")
    assert expected in message
    assert "(line " in message


def test_the_line_points_at_the_broken_element(tmp_path: Path):
    doc = copy.deepcopy(VALID)
    _without_stage_5(doc)
    path = tmp_path / "broken.yaml"
    text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FrameworkError) as raised:
        load_framework(path)
    line = int(str(raised.value).split("(line ")[1].split(")")[0])
    assert "descriptors:" in text.splitlines()[line - 1]


@pytest.mark.parametrize(
    "content, expected",
    [
        # libyaml notices at the end of the text, and names where the bracket opened.
        ("id: [unclosed", r"not valid YAML at line 2, column 1: did not find expected ',' or '\]' "
                          r"\(while parsing a flow sequence at line 1, column 5\)"),
        ("- just\n- a list\n", "expected a mapping"),
        ("", "expected a mapping"),
    ],
)
def test_text_that_is_not_a_framework_is_refused_clearly(tmp_path: Path, content: str, expected: str):
    path = tmp_path / "nonsense.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FrameworkError, match=expected):
        load_framework(path)


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("title: Gewalt\xe4".encode("latin-1"))
    with pytest.raises(FrameworkError, match="not UTF-8"):
        load_framework(path)


def test_a_missing_file_is_named(tmp_path: Path):
    with pytest.raises(FrameworkError, match=r"nowhere.yaml: cannot be used as a framework; fix this problem:\n  cannot read"):
        load_framework(tmp_path / "nowhere.yaml")


def test_frameworks_are_frozen():
    framework = load_framework(SMALL_FRAMEWORK_FILE)
    with pytest.raises(Exception):
        framework.title = "changed"
