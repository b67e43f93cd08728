"""Read a framework file and say exactly where it is wrong when it is: every problem
(up to 20), each with its place and line, and nothing built from a hostile file."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import ValidationError

from roadmap.bounded_yaml import Limits, Location, Problem, Reading, format_location, read_yaml
from roadmap.model import Framework

BUNDLED_DIR = Path(__file__).parent / "frameworks"
DEFAULT_FRAMEWORK_FILE = BUNDLED_DIR / "waypoint-roadmap-1.0.yaml"
# The bundled framework is 82 KB; a 200-element one would be about 600 KB. The cap (also the
# upload widgets' 2 MB) makes an accidental upload of a big file fail before parsing.
MAX_FRAMEWORK_BYTES = 2_000_000
MAX_PROBLEMS = 20

# Caps on what a framework holds, checked while reading, before any object is built.
# The bundled framework: 4 functions, 29 elements (at most 8 per function), 5 stages,
# 5 seeds, at most 3 prompts and 2 next steps a stage per element, longest text 480
# characters, 1,753 YAML values, nesting 8 deep. Each cap leaves several times that room.
FRAMEWORK_LIMITS = Limits(
    text_characters=5_000,  # ten times the longest bundled text; a descriptor is a paragraph
    lists={
        "functions": (20, "functions"),  # the Roadmap has 4 areas of function
        "functions.elements": (200, "elements"),
        "stages": (10, "stages"),  # the model wants exactly 5; past 10 it is not a framework
        "seeds": (50, "seeds"),
        "functions.elements.prompts": (20, "prompts"),  # members answer 2-4 in one sitting
        "functions.elements.next_steps": (20, "next steps"),
        "functions.elements.seeds": (50, "seeds"),
    },
    list_items=50,
    totals={"functions.elements": (200, "elements")},  # seven times the bundled 29
    mapping_keys=50,  # the largest framework mapping has 7 keys
    depth=12,  # a framework nests 8 deep; libyaml slows quadratically with unbounded depth
    values=50_000,  # a 200-element framework has about 12,000 keys, texts and numbers
    problems=MAX_PROBLEMS,
)


class FrameworkError(ValueError):
    """A framework file that cannot be used: `problems` lists each place to fix (at most 20).
    The message names the source on its first line, then one problem a line."""

    def __init__(self, source: str, problems: list[Problem], complete: bool = True) -> None:
        self.source = source
        self.problems = list(problems[:MAX_PROBLEMS])
        self.complete = complete and len(problems) <= MAX_PROBLEMS
        super().__init__(self._message())

    def _message(self) -> str:
        count = len(self.problems)
        these = "this problem" if count == 1 else f"these {count} problems"
        more = "" if self.complete else " (reading stopped after the last one; there may be more)"
        return "\n".join([f"{self.source}: cannot be used as a framework; fix {these}{more}:"]
                         + [f"  {problem}" for problem in self.problems])


def read_framework_file(path: str | Path) -> bytes:
    """A framework file's bytes, refusing a file too large before reading all of it."""
    try:
        with open(path, "rb") as file:
            raw = file.read(MAX_FRAMEWORK_BYTES + 1)
    except OSError as error:
        raise FrameworkError(str(path), [Problem((), f"cannot read the file ({error.strerror or error})")]) from None
    if len(raw) > MAX_FRAMEWORK_BYTES:
        raise FrameworkError(str(path), [_too_large(f"more than {MAX_FRAMEWORK_BYTES:,}")])
    return raw


def load_framework(path: str | Path) -> Framework:
    return parse_framework(read_framework_file(path), source=str(path))


def parse_framework(raw: bytes | str, source: str = "framework file") -> Framework:
    text = _text(raw, source)
    reading = read_yaml(text, FRAMEWORK_LIMITS)
    problems = list(reading.problems)
    if reading.complete:
        if not isinstance(reading.data, dict):
            problems.append(Problem((), "expected a mapping with id, version, title, stages, seeds and functions "
                                    "at the top", 1 if reading.root is None else reading.root.start_mark.line + 1))
        else:
            try:
                framework = Framework.model_validate(reading.data)
            except ValidationError as error:
                problems += _validation_problems(error, reading)
            else:
                if not problems:
                    return framework
    raise FrameworkError(source, problems, reading.complete)


def _text(raw: bytes | str, source: str) -> str:
    if isinstance(raw, str):
        try:
            raw = raw.encode("utf-8")
        except UnicodeEncodeError as error:
            raise FrameworkError(source, [Problem((), f"the text holds a character that is not valid Unicode "
                                                      f"(at character {error.start})")]) from None
    if len(raw) > MAX_FRAMEWORK_BYTES:
        raise FrameworkError(source, [_too_large(f"{len(raw):,}")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise FrameworkError(source, [Problem((), f"not UTF-8 text (byte {error.start}); save the file as UTF-8")]) from None


def _too_large(size: str) -> Problem:
    return Problem((), f"the file is {size} bytes; a framework file may be at most {MAX_FRAMEWORK_BYTES:,}")


def _validation_problems(error: ValidationError, reading: Reading) -> list[Problem]:
    problems = []
    for found in error.errors(include_url=False):
        location: list[str | int] = list(found["loc"])
        message = found["msg"].removeprefix("Value error, ")
        # Validators that check a whole element or framework name the inner place
        # at the start of their message; fold it into the location.
        inner = _location_in(message)
        if inner:
            location += inner
            message = message.split(": ", 1)[1]
        if any(_within(location, replaced) for replaced in reading.replaced):
            continue  # already named where the file was read: an alias, a refused tag, an unreadable value
        problems.append(Problem(tuple(location), message, _line_of(reading.root, location)))
    return problems


def _within(location: list[str | int], outer: Location) -> bool:
    return len(outer) <= len(location) and format_location(location[: len(outer)]) == format_location(outer)


_PLACE = re.compile(r"^([A-Za-z_]+(?:\[\d+\]|\.[A-Za-z_]+)*):")


def _location_in(message: str) -> list[str | int]:
    match = _PLACE.match(message)
    if not match:
        return []
    return [int(part) if part.isdigit() else part for part in re.findall(r"[A-Za-z_]+|\d+", match.group(1))]


def _line_of(node: yaml.Node | None, location: list[str | int]) -> int | None:
    """Line (1-based) of the deepest YAML node that the error location reaches."""
    if node is None:
        return None
    line = node.start_mark.line + 1
    for part in location:
        child, child_line = None, None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if str(key.value) == str(part):
                    # The key's line, where a person looks, not where its value starts.
                    child, child_line = value, key.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
            child_line = child.start_mark.line + 1
        if child is None:
            break
        node, line = child, child_line
    return line


def bundled_frameworks() -> list[Path]:
    return sorted(BUNDLED_DIR.glob("*.yaml"))
