"""Whatever a file holds, the loader answers with a framework or a FrameworkError that
names at most 20 problems, one a line: never another exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmap.load import FrameworkError, parse_framework
from roadmap.model import Framework
from tests.hostile_frameworks import SMALL_TEXT

# Pieces of YAML syntax, so random text reaches anchors, tags, keys and nesting, not only scanner errors.
YAML_PIECES = ["\n", "  ", ": ", "- ", "[", "]", "{", "}", ", ", "&a ", "*a", "<<: ", "!!str ", "!!int ", "!x ",
               "? ", "---\n", "'", '"', "#", "|\n", ">\n", "1", "2024-13-45", "id", "functions", "elements",
               "prompts", "\t", "\x00", "\ud800", "é", "~", ".nan", "0x", "1" * 5000]


def check(raw: bytes | str) -> None:
    try:
        framework = parse_framework(raw, source="random.yaml")
    except FrameworkError as error:
        lines = str(error).splitlines()
        assert lines[0].startswith("random.yaml: cannot be used as a framework; fix ")
        assert 1 <= len(error.problems) <= 20
        assert lines[1:] == [f"  {problem}" for problem in error.problems]
    else:
        assert isinstance(framework, Framework)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_random_bytes_give_a_framework_error_and_nothing_else(raw: bytes):
    check(raw)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=3000))
def test_random_text_gives_a_framework_error_and_nothing_else(text: str):
    check(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(YAML_PIECES), max_size=200).map("".join))
def test_random_yaml_shaped_text_gives_a_framework_error_and_nothing_else(text: str):
    check(text)


@st.composite
def mutated_framework(draw) -> str:
    """The small valid framework with a few random edits: deletions, insertions of YAML
    pieces, repeated, swapped or re-indented lines."""
    lines = SMALL_TEXT.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["delete", "insert", "repeat", "swap", "indent", "piece"]))
        if edit == "delete":
            del lines[at]
        elif edit == "insert":
            lines.insert(at, draw(st.text(max_size=40)) + "\n")
        elif edit == "repeat":
            lines.insert(at, lines[at])
        elif edit == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif edit == "indent":
            lines[at] = draw(st.sampled_from(["", " ", "  ", "\t"])) + lines[at].lstrip(" ")
        else:
            column = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:column] + draw(st.sampled_from(YAML_PIECES)) + lines[at][column:]
        if not lines:
            break
    return "".join(lines)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_framework())
def test_random_edits_of_a_valid_file_give_a_framework_or_a_framework_error(text: str):
    check(text)
    check(text.encode("utf-8", "surrogatepass"))
