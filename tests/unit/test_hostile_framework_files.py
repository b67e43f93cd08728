"""Hostile framework files are refused while they are read, each problem named with its
place and line, before anything is expanded or built."""

from __future__ import annotations

import copy

import pytest
import yaml

from roadmap import bounded_yaml
from roadmap.bounded_yaml import Problem
from roadmap.load import DEFAULT_FRAMEWORK_FILE, FrameworkError, load_framework, parse_framework
from tests import hostile_frameworks as hostile
from tests.conftest import SMALL_FRAMEWORK_FILE

ALIAS = "aliases (*name) are not allowed in a framework file; write the text out in full"


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based number of the line holding the occurrence-th `needle`."""
    lines = [number for number, line in enumerate(text.splitlines(), start=1) if needle in line]
    return lines[occurrence - 1]


def refusal(text: str) -> FrameworkError:
    with pytest.raises(FrameworkError) as raised:
        parse_framework(text, source="hostile.yaml")
    error = raised.value
    lines = str(error).splitlines()
    assert lines[0].startswith("hostile.yaml: cannot be used as a framework; fix ")
    assert lines[1:] == [f"  {problem}" for problem in error.problems]
    assert all(problem.line for problem in error.problems), "every problem names its line"
    return error


def test_the_billion_laughs_are_refused_at_their_first_anchor_and_twenty_problems_are_named():
    error = refusal(hostile.billion_laughs())
    assert error.problems[:3] == [
        Problem(("lol0",), "anchor &lol0: anchors (&name) are not allowed in a framework file; remove it", 1),
        Problem(("lol1",), "anchor &lol1: anchors (&name) are not allowed in a framework file; remove it", 2),
        Problem(("lol1", 0), f"alias *lol0: {ALIAS}", 2),
    ]
    assert len(error.problems) == 20 and not error.complete
    assert "(reading stopped after the last one; there may be more)" in str(error).splitlines()[0]


def test_a_framework_grown_from_aliases_is_refused_where_the_first_alias_is():
    text = hostile.alias_framework(1_200_000)
    error = refusal(text)
    assert error.problems[0].place == "description" and error.problems[0].line == line_of(text, "description: &t")
    assert error.problems[1] == Problem(("functions", 0, "elements", 0, "prompts", 0), f"alias *t: {ALIAS}",
                                        line_of(text, "- *t"))
    assert len(error.problems) == 20


def test_a_merge_key_is_refused_at_its_line():
    text = hostile.merge_key()
    assert [(p.place, p.message, p.line) for p in refusal(text).problems] == [
        ("functions[0].elements[0]", "anchor &first: anchors (&name) are not allowed in a framework file; remove it",
         line_of(text, "- &first")),
        ("functions[0].elements[1]", "merge keys (<<) are not allowed in a framework file; write the keys out in full",
         line_of(text, "<<: *first")),
    ]


def test_a_duplicate_key_is_refused_at_its_second_appearance():
    text = hostile.duplicate_key()
    first = line_of(text, "      3: 'Shared goals at stage 3")
    assert refusal(text).problems == [
        Problem(("functions", 0, "elements", 0, "descriptors", 3),
                f"the key '3' appears twice in this mapping (first at line {first}); keep one", first + 1),
    ]


def test_ten_thousand_elements_are_refused_at_the_first_one_too_many():
    text = hostile.many_elements(10_000)
    error = refusal(text)
    assert error.problems[0] == Problem(
        ("functions", 0, "elements"), "more than 200 elements in this list; a framework may have at most 200",
        line_of(text, "{id: E-200,"))


def test_elements_beyond_200_across_functions_are_refused_too():
    document = copy.deepcopy(hostile.SMALL)
    element = document["functions"][0]["elements"][0]
    for function in document["functions"]:
        function["elements"] = [dict(copy.deepcopy(element), id=f"{function['id']}-{n}") for n in range(60)]
    error = refusal(hostile.dump(document))
    assert [p.place for p in error.problems] == ["functions[3].elements"]
    assert error.problems[0].message == "more than 200 elements in the framework; a framework may have at most 200"


def test_a_prompt_of_a_million_characters_is_refused_with_its_place():
    text = hostile.long_prompt(1_000_000)
    assert refusal(text).problems == [
        Problem(("functions", 1, "elements", 0, "prompts", 1),
                "text of 1,000,000 characters; a field may hold at most 5,000", line_of(text, "Why? Why?")),
    ]


def test_a_wrong_type_at_ten_places_names_all_ten_with_their_lines():
    text = hostile.wrong_types(10)
    error = refusal(text)
    assert len(error.problems) == 10 and error.complete
    lines = text.splitlines()
    for problem in error.problems:
        key = problem.location[-1]
        assert lines[problem.line - 1].strip().startswith(f"{key}:"), problem
        assert problem.message in ("Input should be a valid list", "Input should be a valid string")
    assert {p.place for p in error.problems} >= {
        f"functions[{f}].elements[{e}].prompts" for f in range(4) for e in range(2)}


def test_more_than_twenty_problems_are_cut_at_twenty_and_say_so():
    document = copy.deepcopy(hostile.SMALL)
    for function in document["functions"]:
        for element in function["elements"]:
            element["prompts"] = 1
            element["descriptors"] = {n: ["not text"] for n in range(1, 6)}
    error = refusal(hostile.dump(document))
    assert len(error.problems) == 20 and not error.complete
    assert "there may be more" in str(error).splitlines()[0]


@pytest.mark.parametrize(
    "text, place, message",
    [
        ("id: !!python/object:os.system x\n", "id", "the tag tag:yaml.org,2002:python/object:os.system is not allowed"),
        ("id: a\n---\nid: b\n", "", "a second YAML document starts here"),
        ("id: " + "[" * 10_000, "id[0][0][0][0][0][0][0][0][0][0][0]", "nested more than 12 levels deep"),
        ("id: 2024-13-45\n", "id", "'2024-13-45' is not a valid timestamp (month must be in 1..12)"),
        ("? [a, b]\n: c\n", "", "a key must be a name or a number, not a list or mapping"),
        ("extra: {" + ", ".join(f"k{n}: 1" for n in range(60)) + "}\n", "extra",
         "more than 50 keys in this mapping"),
        ("id: a\nid: b\n", "id", "the key 'id' appears twice in this mapping (first at line 1)"),
        ("? *a\n: b\n", "", "alias *a: aliases"),
    ],
)
def test_what_a_framework_file_never_needs_is_refused_with_its_place(text: str, place: str, message: str):
    error = refusal(text)
    assert any(p.place == place and message in p.message for p in error.problems), error


def test_the_same_checks_hold_with_the_pure_python_parser(monkeypatch):
    """Where PyYAML was built without libyaml, the same files load and are refused alike."""
    monkeypatch.setattr(bounded_yaml, "Loader", yaml.SafeLoader)
    assert len(load_framework(DEFAULT_FRAMEWORK_FILE).elements) == 29
    assert len(load_framework(SMALL_FRAMEWORK_FILE).elements) == 8
    text = hostile.merge_key()
    assert [p.line for p in refusal(text).problems] == [line_of(text, "- &first"), line_of(text, "<<: *first")]
    assert refusal(hostile.duplicate_key()).problems[0].place == "functions[0].elements[0].descriptors[3]"


def test_the_bundled_and_test_frameworks_load_unchanged():
    bundled = load_framework(DEFAULT_FRAMEWORK_FILE)
    assert bundled.model_dump() == _model_of(yaml.safe_load(DEFAULT_FRAMEWORK_FILE.read_text("utf-8")))
    small = load_framework(SMALL_FRAMEWORK_FILE)
    assert small.model_dump() == _model_of(hostile.SMALL)


def _model_of(document: dict) -> dict:
    from roadmap.model import Framework

    return Framework.model_validate(document).model_dump()
