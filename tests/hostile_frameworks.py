"""Framework files built to hurt the loader, shared by the tests and bench/bench_framework_files.py.

Each is text a person could upload: most start from the small test framework, so that
everything but the one hostile part is valid and the refusal is about that part alone.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import yaml

SMALL_FRAMEWORK_FILE = Path(__file__).parent / "fixtures" / "small-framework.yaml"
SMALL_TEXT = SMALL_FRAMEWORK_FILE.read_text(encoding="utf-8")
SMALL = yaml.safe_load(SMALL_TEXT)


def dump(document: dict) -> str:
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=10_000)


def alias_framework(size_bytes: int) -> str:
    """A framework that is valid to the old loader: every element's prompts repeat one
    anchored 4,000-character text through aliases until the file has the given size.
    1.2 MB expands to about 1.2 GB of prompt text; the old loader stored it."""
    long_text = "Who keeps the record of this practice, and how would a new partner find it? " * 52
    head, _, tail = SMALL_TEXT.partition("functions:\n")
    text = head + f"x-shared: &t {long_text!r}\nfunctions:\n" + tail
    text = text.replace("x-shared: &t", "description: &t", 1).replace(
        "description: A small framework used by the tests.\n", "", 1)
    aliases_per_element = max(1, (size_bytes - len(text)) // (8 * len("    - *t\n")))
    prompts = "    prompts:\n" + "    - *t\n" * aliases_per_element
    return text.replace("    prompts:\n", prompts)


def billion_laughs() -> str:
    """The classic: ten levels of ten aliases each, a billion strings from 1 KB."""
    lines = ['lol0: &lol0 "lol"']
    for level in range(1, 10):
        lines.append(f"lol{level}: &lol{level} [" + ", ".join([f"*lol{level - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n" + SMALL_TEXT.replace(
        "description: A small framework used by the tests.", "description: *lol9", 1)


def merge_key() -> str:
    """The second element borrows the first one's fields through a merge key."""
    return SMALL_TEXT.replace("  - id: IF-1\n", "  - &first\n    id: IF-1\n", 1).replace(
        "  - id: IF-2\n", "  - <<: *first\n    id: IF-2\n", 1)


def duplicate_key() -> str:
    """Stage 3's descriptor written twice in the first element: YAML keeps the last silently."""
    line = "      3: 'Shared goals at stage 3: written practice is used by most partners in most cases.'\n"
    return SMALL_TEXT.replace(line, line + "      3: 'Shared goals at stage 3, second try.'\n", 1)


def many_elements(count: int = 10_000) -> str:
    """One function with `count` valid elements, in flow style to stay under the byte cap."""
    element = ("{{id: E-{n}, name: Element {n}, intent: I, descriptors: {{1: a, 2: b, 3: c, 4: d, 5: e}}, "
               "prompts: [p], next_steps: {{1: [s], 2: [s], 3: [s], 4: [s]}}, seeds: ['000']}}")
    head, _, _ = SMALL_TEXT.partition("functions:\n")
    body = "\n".join(f"  - {element.format(n=n)}" for n in range(count))
    return head + "functions:\n- id: ALL\n  name: Everything\n  elements:\n" + body + "\n"


def long_prompt(characters: int = 1_000_000) -> str:
    document = copy.deepcopy(SMALL)
    document["functions"][1]["elements"][0]["prompts"][1] = "Why? " * (characters // 5)
    return dump(document)


def wrong_types(places: int = 10) -> str:
    """A number where a list of prompts belongs, in `places` elements (the fixture has 8, so
    the rest go to descriptors)."""
    document = copy.deepcopy(SMALL)
    elements = [e for f in document["functions"] for e in f["elements"]]
    for n in range(places):
        element = elements[n % len(elements)]
        if n < len(elements):
            element["prompts"] = 42
        else:
            element["descriptors"][2] = ["not", "a", "text"]
    return dump(document)


def deep_nesting(levels: int = 1_000_000) -> str:
    """Open brackets only: libyaml's scanner slows quadratically with the depth."""
    return "description: " + "[" * levels


def many_values(count: int = 400_000) -> str:
    """A flat list of short values in a field the model does not know, under the byte cap."""
    return SMALL_TEXT + "extra: [" + ",".join("1" for _ in range(count)) + "]\n"


HOSTILE: dict[str, Callable[[], str]] = {
    "alias-framework-1.2MB": lambda: alias_framework(1_200_000),
    "alias-framework-1.99MB": lambda: alias_framework(1_990_000),
    "billion-laughs": billion_laughs,
    "merge-key": merge_key,
    "duplicate-key": duplicate_key,
    "10000-elements": many_elements,
    "1MB-prompt": long_prompt,
    "wrong-type-at-10-places": wrong_types,
    "1M-open-brackets": deep_nesting,
    "400k-values": many_values,
}
