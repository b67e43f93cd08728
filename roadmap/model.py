"""Frozen models of an assessment framework: stages, functions, elements.

A framework is content, not code: every label here comes from a framework file,
so a task force holding the official Roadmap can load its own.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

STAGE_NUMBERS = (1, 2, 3, 4, 5)
# Next steps lead *up* from a stage, so the top stage has none.
STAGES_WITH_NEXT_STEPS = (1, 2, 3, 4)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Identifier = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")]
# A glossary term is found by whole words, so it must start and end with a letter or digit.
Term = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\w(?:.*\w)?$")]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=False)


class Stage(_Frozen):
    number: Annotated[int, Field(ge=1, le=5)]
    name: Text
    summary: Text


class Seed(_Frozen):
    """A source text the framework content was written from."""

    id: Identifier
    file: Text
    title: Text


class GlossaryEntry(_Frozen):
    """A term a member from another discipline may not know, defined in plain words."""

    term: Term
    definition: Text
    # Other forms the text uses, such as a plural ("trigger points").
    also: list[Term] = []

    @property
    def forms(self) -> list[str]:
        return [self.term, *self.also]


class Continuation(_Frozen):
    """The element of the framework's previous version that this element carries on.

    same_stages says whether an answer at a stage means the same in both versions,
    so that scores may be compared across the change only where it is true.
    """

    element: Identifier
    same_stages: bool


def _require_stage_keys(mapping: dict[int, object], expected: tuple[int, ...]) -> None:
    missing = [n for n in expected if n not in mapping]
    if missing:
        raise ValueError(f"stage {', '.join(map(str, missing))} missing")
    extra = sorted(n for n in mapping if n not in expected)
    if extra:
        allowed = f"{expected[0]}-{expected[-1]}"
        raise ValueError(f"stage {', '.join(map(str, extra))} not allowed (stages {allowed} only)")


class Element(_Frozen):
    """A key element of development, described at each of the five stages."""

    id: Identifier
    name: Text
    intent: Text
    descriptors: dict[int, Text]
    prompts: Annotated[list[Text], Field(min_length=1)]
    next_steps: dict[int, Annotated[list[Text], Field(min_length=1)]]
    seeds: list[Identifier] = []
    # Public sources other than the seeds, for an element no seed discusses.
    sources: list[Text] = []
    # None: a new element, or a framework with no previous version.
    continues: Continuation | None = None

    @model_validator(mode="after")
    def _every_stage_described(self) -> Element:
        if not self.seeds and not self.sources:
            raise ValueError("seeds: cite at least one seed, or name the public sources it draws on in sources")
        try:
            _require_stage_keys(self.descriptors, STAGE_NUMBERS)
        except ValueError as error:
            raise ValueError(f"descriptors: {error}") from None
        try:
            _require_stage_keys(self.next_steps, STAGES_WITH_NEXT_STEPS)
        except ValueError as error:
            raise ValueError(f"next_steps: {error}") from None
        return self

    def descriptor(self, stage: int) -> str:
        return self.descriptors[stage]

    def next_steps_from(self, stage: int) -> list[str]:
        return list(self.next_steps.get(stage, []))


class Function(_Frozen):
    """An area of function, such as Case Operations."""

    id: Identifier
    name: Text
    summary: Text = ""
    elements: Annotated[list[Element], Field(min_length=1)]


class Framework(_Frozen):
    id: Identifier
    version: Text
    title: Text
    description: Text
    stages: list[Stage]
    seeds: list[Seed]
    functions: Annotated[list[Function], Field(min_length=1)]
    glossary: list[GlossaryEntry] = []
    # The version whose element ids the elements' `continues` refer to.
    previous_version: Text | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Framework:
        numbers = [stage.number for stage in self.stages]
        if sorted(numbers) != list(STAGE_NUMBERS):
            missing = [n for n in STAGE_NUMBERS if n not in numbers]
            raise ValueError(
                "stages: expected stages 1-5 once each; "
                + (f"stage {', '.join(map(str, missing))} missing" if missing else f"got {numbers}")
            )
        _unique("functions", [f.id for f in self.functions], "function id")
        seed_ids = {seed.id for seed in self.seeds}
        _unique("seeds", [s.id for s in self.seeds], "seed id")
        seen: dict[str, str] = {}
        for f_index, function in enumerate(self.functions):
            for e_index, element in enumerate(function.elements):
                place = f"functions[{f_index}].elements[{e_index}]"
                if element.id in seen:
                    raise ValueError(f"{place}.id: duplicate element id {element.id!r} (also at {seen[element.id]})")
                seen[element.id] = place
                for s_index, seed in enumerate(element.seeds):
                    if seed not in seed_ids:
                        known = ", ".join(sorted(seed_ids)) or "none"
                        raise ValueError(f"{place}.seeds[{s_index}]: unknown seed {seed!r} (known seeds: {known})")
        _check_continuations(self)
        _check_glossary(self.glossary)
        return self

    @property
    def elements(self) -> list[Element]:
        return [element for function in self.functions for element in function.elements]

    def element(self, element_id: str) -> Element:
        for element in self.elements:
            if element.id == element_id:
                return element
        raise KeyError(element_id)

    def function_of(self, element_id: str) -> Function:
        for function in self.functions:
            if any(element.id == element_id for element in function.elements):
                return function
        raise KeyError(element_id)

    def stage(self, number: int) -> Stage:
        return next(stage for stage in self.stages if stage.number == number)

    @property
    def label(self) -> str:
        return f"{self.title} (version {self.version})"


def _check_continuations(framework: Framework) -> None:
    continued: dict[str, str] = {}
    for f_index, function in enumerate(framework.functions):
        for e_index, element in enumerate(function.elements):
            if element.continues is None:
                continue
            place = f"functions[{f_index}].elements[{e_index}].continues"
            if framework.previous_version is None:
                raise ValueError(f"{place}: set previous_version, the version whose element {element.continues.element!r} this continues")
            old = element.continues.element
            if old in continued:
                raise ValueError(f"{place}.element: {old!r} is already continued by {continued[old]}; an element continues once")
            continued[old] = element.id


def _check_glossary(glossary: list[GlossaryEntry]) -> None:
    seen: dict[str, int] = {}
    for index, entry in enumerate(glossary):
        for form in entry.forms:
            key = " ".join(form.casefold().split())
            if key in seen:
                raise ValueError(f"glossary[{index}].term: {form!r} is already defined at glossary[{seen[key]}]")
            seen[key] = index


def _unique(place: str, values: list[str], what: str) -> None:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            raise ValueError(f"{place}[{index}].id: duplicate {what} {value!r}")
        seen.add(value)
