"""Read a framework file and say exactly where it is wrong when it is."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import ValidationError

from roadmap.model import Framework

BUNDLED_DIR = Path(__file__).parent / "frameworks"
DEFAULT_FRAMEWORK_FILE = BUNDLED_DIR / "waypoint-roadmap-1.0.yaml"
# A framework file is a few hundred kilobytes at most; refuse anything far larger
# before parsing so an accidental upload of a big file fails fast and clearly.
MAX_FRAMEWORK_BYTES = 2_000_000


class FrameworkError(ValueError):
    """A framework file that cannot be used, with the place to fix."""


def load_framework(path: str | Path) -> Framework:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise FrameworkError(f"{path}: cannot read the file ({error.strerror or error})") from None
    return parse_framework(raw, source=str(path))


def parse_framework(raw: bytes | str, source: str = "framework file") -> Framework:
    if isinstance(raw, bytes):
        if len(raw) > MAX_FRAMEWORK_BYTES:
            raise FrameworkError(f"{source}: the file is {len(raw):,} bytes; a framework file may be at most {MAX_FRAMEWORK_BYTES:,}")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise FrameworkError(f"{source}: not UTF-8 text (byte {error.start}); save the file as UTF-8") from None
    else:
        text = raw
    try:
        data = yaml.safe_load(text)
        root = yaml.compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise FrameworkError(f"{source}: not valid YAML{where}: {problem}") from None
    if not isinstance(data, dict):
        raise FrameworkError(f"{source}: expected a mapping with id, version, title, stages, seeds and functions at the top")
    try:
        return Framework.model_validate(data)
    except ValidationError as error:
        raise FrameworkError(_describe(error, root, source)) from None


def _describe(error: ValidationError, root: yaml.Node | None, source: str) -> str:
    problems = error.errors(include_url=False)
    first = problems[0]
    location = list(first["loc"])
    message = first["msg"].removeprefix("Value error, ")
    # Validators that check a whole element or framework name the inner place
    # at the start of their message; fold it into the location.
    inner = _location_in(message)
    if inner:
        location += inner
        message = message.split(": ", 1)[1]
    place = _format_location(location)
    text = f"{place}: {message}" if place else message
    line = _line_of(root, location)
    suffix = f" (line {line})" if line else ""
    more = f"; {len(problems) - 1} more problem(s) after this one" if len(problems) > 1 else ""
    return f"{source}: {text}{suffix}{more}"


def _format_location(location: list[str | int]) -> str:
    out = ""
    for part in location:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


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
