"""How long a member reads in one sitting, from the text the questionnaire shows.

Counted: each function's name and summary; each element's name, intent and
reflection prompts; each stage's name with the element's descriptor for it; and,
once per sitting, the glossary definitions of the terms that text uses (the
questionnaire defines a term where it is used). Not counted: the page's own fixed
wording, and next steps, which the questionnaire does not show. Words are runs of
non-space characters, read at 200 a minute.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from roadmap.glossary import terms_used
from roadmap.model import Element, Framework, Function

WORDS_PER_MINUTE = 200


class Sitting(BaseModel):
    """The functions a member reads in one sitting, and how many words that is."""

    model_config = ConfigDict(frozen=True)

    functions: tuple[str, ...]
    text_words: int
    glossary_words: int

    @property
    def words(self) -> int:
        return self.text_words + self.glossary_words

    @property
    def minutes(self) -> float:
        return self.words / WORDS_PER_MINUTE


def word_count(text: str) -> int:
    return len(text.split())


def element_text(framework: Framework, element: Element) -> list[str]:
    stages = [f"{stage.name}: {element.descriptor(stage.number)}" for stage in framework.stages]
    return [element.id, element.name, element.intent, *element.prompts, *stages]


def function_text(framework: Framework, function: Function) -> list[str]:
    texts = [function.name, function.summary]
    for element in function.elements:
        texts += element_text(framework, element)
    return texts


def sitting(
    framework: Framework, relevant_functions: Iterable[str], covered_functions: Iterable[str] | None = None
) -> Sitting:
    """The sitting of a member whose discipline has these functions relevant, in a cycle
    covering covered_functions (every function when None: no rotation)."""
    relevant = _known(framework, relevant_functions, "relevant_functions")
    covered = _known(framework, covered_functions, "covered_functions") if covered_functions is not None else None
    read = [f for f in framework.functions if f.id in relevant and (covered is None or f.id in covered)]
    texts = [text for function in read for text in function_text(framework, function)]
    defined = terms_used("\n".join(texts), framework.glossary)
    return Sitting(
        functions=tuple(f.id for f in read),
        text_words=sum(word_count(text) for text in texts),
        glossary_words=sum(word_count(entry.term) + word_count(entry.definition) for entry in defined),
    )


def _known(framework: Framework, function_ids: Iterable[str], what: str) -> set[str]:
    if isinstance(function_ids, str):
        # A lone id would otherwise be read letter by letter.
        function_ids = [function_ids]
    ids = set(function_ids)
    known = [f.id for f in framework.functions]
    unknown = sorted(ids - set(known))
    if unknown:
        raise ValueError(
            f"{what}: {', '.join(map(repr, unknown))} is not a function of {framework.label} "
            f"(its functions: {', '.join(known)})"
        )
    return ids
