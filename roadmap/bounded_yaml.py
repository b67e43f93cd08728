"""Read one YAML document under fixed limits, naming every refusal with its place and line.

The checks run on the parser's event stream, before any node is expanded or any
Python object is built, so a small file cannot grow into a huge one:
- aliases, anchors and merge keys (`<<`) are refused where they appear; nothing is expanded;
- a key that appears twice in a mapping is refused at its second appearance;
- explicit tags other than the plain YAML types are refused;
- text, lists, mappings, nesting and the total number of values are capped.
One composition pass builds the nodes; the same nodes give the Python data and,
later, the line of any problem the model finds.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import yaml
from yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    MappingEndEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

try:  # libyaml, about 40 times faster than the pure-Python parser on the bundled file
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as Loader

Location = tuple[str | int, ...]
_YAML = "tag:yaml.org,2002:"
# The plain types a person may still name explicitly, such as `version: !!str 1.0`.
ALLOWED_TAGS = {_YAML + name for name in ("str", "int", "float", "bool", "null", "seq", "map")}
MERGE_TAG = _YAML + "merge"
VALUE_TAG = _YAML + "value"
REFUSED_TAG = "!refused"


@dataclass(frozen=True)
class Problem:
    location: Location
    message: str
    line: int | None = None

    @property
    def place(self) -> str:
        return format_location(self.location)

    def __str__(self) -> str:
        text = f"{self.place}: {self.message}" if self.location else self.message
        return f"{text} (line {self.line})" if self.line else text


@dataclass(frozen=True)
class Limits:
    """`lists` maps a place pattern (keys joined by dots, list indices left out, e.g.
    "functions.elements") to (items allowed per list, what the items are); `totals`
    caps the items of a pattern across the whole file."""

    text_characters: int
    lists: dict[str, tuple[int, str]]
    list_items: int
    totals: dict[str, tuple[int, str]]
    mapping_keys: int
    depth: int
    values: int
    problems: int


@dataclass
class Reading:
    root: yaml.Node | None
    data: object
    problems: list[Problem]
    # False when reading stopped early (a syntax error, a cap that ends reading, or enough
    # problems): the nodes are then incomplete and no more problems should be looked for.
    complete: bool
    # Places whose node was replaced by a stand-in (an alias, an unreadable value), so a
    # later check does not report them a second time.
    replaced: set[Location] = field(default_factory=set)


def format_location(location: Location | list[str | int]) -> str:
    out = ""
    for part in location:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class _Stop(Exception):
    """Reading cannot usefully go on; the problems so far are what there is to say."""


_SKIP_VALUE = object()  # the pending key's pair is dropped (refused key); its value is read and discarded


@dataclass
class _Frame:
    node: SequenceNode | MappingNode | None  # None: a refused part, read and discarded
    location: Location
    count: int = 0
    key: tuple[ScalarNode, object] | object | None = None
    seen: dict[object, int] = field(default_factory=dict)
    over: bool = False  # the cap was reported; later items are discarded


def read_yaml(text: str, limits: Limits) -> Reading:
    return _Reader(text, limits).read()


class _Reader:
    def __init__(self, text: str, limits: Limits) -> None:
        self.text = text
        self.loader = Loader(text)
        self.limits = limits
        self.problems: list[Problem] = []
        self.replaced: set[Location] = set()
        self.values = 0
        self.totals: Counter[str] = Counter()
        self.reported_totals: set[str] = set()

    def read(self) -> Reading:
        root, complete = None, True
        try:
            root = self._document()
        except _Stop:
            complete = False
        except yaml.reader.ReaderError as error:
            # libyaml counts the position in UTF-8 bytes, the pure-Python reader in characters.
            before = self.text.encode("utf-8")[: error.position] if Loader is not yaml.SafeLoader else self.text[: error.position]
            line = before.count(b"\n" if isinstance(before, bytes) else "\n") + 1
            code = error.character if isinstance(error.character, int) else ord(error.character[:1] or "\0")
            self.problems.append(Problem((), f"not valid YAML at line {line}: the character U+{code:04X} is not "
                                         "allowed (a control character); remove it"))
            complete = False
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            problem = getattr(error, "problem", None) or str(error)
            context, context_mark = getattr(error, "context", None), getattr(error, "context_mark", None)
            if context and context_mark:  # where the unclosed bracket or quote began, often the real place
                problem += f" ({context} at line {context_mark.line + 1}, column {context_mark.column + 1})"
            self.problems.append(Problem((), f"not valid YAML{where}: {' '.join(problem.split())}"))
            complete = False
        data = None
        if complete and root is not None:
            try:
                data = self.loader.construct_document(root)
            except Exception as error:  # pragma: no cover - every scalar was constructed once already
                self.problems.append(Problem((), f"cannot read the file's values: {error}"))
                complete = False
        self.loader.dispose()
        return Reading(root, data, self.problems[: self.limits.problems], complete, self.replaced)

    def _problem(self, location: Location, message: str, mark) -> None:
        self.problems.append(Problem(tuple(location), message, mark.line + 1 if mark is not None else None))
        if len(self.problems) >= self.limits.problems:
            raise _Stop

    # the document ---------------------------------------------------------------

    def _document(self) -> yaml.Node | None:
        loader = self.loader
        loader.get_event()  # stream start
        if loader.check_event(StreamEndEvent):
            return None
        loader.get_event()  # document start
        root = self._nodes()
        loader.get_event()  # document end
        if loader.check_event(DocumentStartEvent):
            self._problem((), "a second YAML document starts here (after ---); a framework file holds one",
                          loader.peek_event().start_mark)
            raise _Stop
        return root

    def _nodes(self) -> yaml.Node:
        """Compose the document's nodes without recursion, checking each event as it comes."""
        stack: list[_Frame] = []
        while True:
            event = self.loader.get_event()
            self.values += 1
            if self.values > self.limits.values:
                self._problem((), f"more than {self.limits.values:,} values in the file; reading stopped here",
                              event.start_mark)
                raise _Stop
            if isinstance(event, (SequenceEndEvent, MappingEndEvent)):
                frame = stack.pop()
                if frame.node is not None:
                    frame.node.end_mark = event.end_mark
                if not stack:
                    return frame.node
                continue
            parent = stack[-1] if stack else None
            is_key = parent is not None and isinstance(parent.node, MappingNode) and parent.key is None
            location, keep = self._slot(parent, event)
            node = self._node(event, location, keep, is_key)
            if isinstance(event, CollectionStartEvent):
                if len(stack) >= self.limits.depth:
                    self._problem(location, f"nested more than {self.limits.depth} levels deep; a framework needs "
                                  "about 8; reading stopped here", event.start_mark)
                    raise _Stop
                stack.append(_Frame(node if keep else None, location))
            if keep:
                self._attach(parent, node)
            if not stack:
                return node

    def _slot(self, parent: _Frame | None, event) -> tuple[Location, bool]:
        """Where the new node goes, and whether it is kept (False: read and discard)."""
        if parent is None:
            return (), True
        if parent.node is None:
            return parent.location, False
        if isinstance(parent.node, SequenceNode):
            index = parent.count
            parent.count += 1
            return parent.location + (index,), self._within_list_caps(parent, event)
        if parent.key is None:  # this node is a key
            return parent.location, True
        if parent.key is _SKIP_VALUE:
            parent.key = None
            return parent.location, False
        return parent.location + (parent.key[1],), True

    def _within_list_caps(self, parent: _Frame, event) -> bool:
        if parent.over:
            return False
        pattern = _pattern(parent.location)
        limit, what = self.limits.lists.get(pattern, (self.limits.list_items, "items"))
        if parent.count > limit:
            parent.over = True
            self._problem(parent.location, f"more than {limit} {what} in this list; a framework may have at most "
                          f"{limit}", event.start_mark)
            return False
        if pattern in self.limits.totals:
            total, what = self.limits.totals[pattern]
            self.totals[pattern] += 1
            if self.totals[pattern] > total:
                parent.over = True
                if pattern not in self.reported_totals:
                    self.reported_totals.add(pattern)
                    self._problem(parent.location, f"more than {total} {what} in the framework; a framework may "
                                  f"have at most {total}", event.start_mark)
                return False
        return True

    def _node(self, event, location: Location, keep: bool, is_key: bool) -> yaml.Node | None:
        """The node for an event, or a stand-in where the event is refused. A refused key
        gets the private tag !refused, so its pair is dropped."""
        if not keep:
            return None
        mark = event.start_mark
        if isinstance(event, AliasEvent):
            self._problem(location, f"alias *{event.anchor}: aliases (*name) are not allowed in a framework file; "
                          "write the text out in full", mark)
            return self._stand_in(location, is_key, "", mark, event.end_mark, _YAML + "null")
        if event.anchor is not None:
            self._problem(location, f"anchor &{event.anchor}: anchors (&name) are not allowed in a framework file; "
                          "remove it", mark)
        tag = event.tag
        if tag is not None and tag != "!" and tag not in ALLOWED_TAGS:
            self._problem(location, f"the tag {tag} is not allowed in a framework file; remove it", mark)
            if not is_key:
                self.replaced.add(location)
            tag = None
        if isinstance(event, ScalarEvent):
            return self._scalar(event, location, tag, is_key)
        # A collection is what its brackets or indentation say; an explicit !!seq or !!map adds nothing.
        kind = SequenceNode if isinstance(event, SequenceStartEvent) else MappingNode
        return kind(self.loader.resolve(kind, None, True), [], mark, None, flow_style=event.flow_style)

    def _stand_in(self, location: Location, is_key: bool, value: str, mark, end_mark, tag: str) -> ScalarNode:
        if is_key:
            return ScalarNode(REFUSED_TAG, value, mark, end_mark)
        self.replaced.add(location)
        return ScalarNode(tag, value, mark, end_mark)

    def _scalar(self, event: ScalarEvent, location: Location, tag: str | None, is_key: bool) -> ScalarNode:
        mark = event.start_mark
        if len(event.value) > self.limits.text_characters:
            self._problem(location, f"text of {len(event.value):,} characters; a field may hold at most "
                          f"{self.limits.text_characters:,}", mark)
        if tag is None or tag == "!":
            tag = self.loader.resolve(ScalarNode, event.value, event.implicit)
        if tag == VALUE_TAG:  # a lone "=", which the safe constructor has no reading for: it is text
            tag = _YAML + "str"
        node = ScalarNode(tag, event.value, mark, event.end_mark, style=event.style)
        if tag == MERGE_TAG:
            return node  # refused by _attach, where it is known to be a key
        try:
            self.loader.construct_object(node)
        # PyYAML's constructors fail in several ways on one bad scalar (ValueError for
        # 2024-13-45, IndexError for an empty !!int); each means the same to the person.
        except Exception as error:
            shown = event.value if len(event.value) <= 40 else event.value[:40] + "..."
            reason = " ".join(str(getattr(error, "problem", None) or error).split())
            self._problem(location, f"{shown!r} is not a valid {tag.removeprefix(_YAML)} ({reason}); put it in "
                          "quotes if it is text", mark)
            node = self._stand_in(location, is_key, event.value, mark, event.end_mark, _YAML + "str")
        return node

    def _attach(self, parent: _Frame | None, node: yaml.Node) -> None:
        if parent is None:
            return
        if isinstance(parent.node, SequenceNode):
            parent.node.value.append(node)
        elif parent.key is None:
            parent.key = self._key(parent, node)
        else:
            key_node, _ = parent.key
            parent.node.value.append((key_node, node))
            parent.key = None

    def _key(self, parent: _Frame, node: yaml.Node):
        mark = node.start_mark
        if not isinstance(node, ScalarNode):
            self._problem(parent.location, "a key must be a name or a number, not a list or mapping", mark)
            return _SKIP_VALUE
        if node.tag == REFUSED_TAG:
            return _SKIP_VALUE
        if node.tag == MERGE_TAG:
            self._problem(parent.location, "merge keys (<<) are not allowed in a framework file; write the keys "
                          "out in full", mark)
            return _SKIP_VALUE
        key = self.loader.construct_object(node)
        identity = key if _hashable(key) else (node.tag, node.value)
        if identity in parent.seen:
            self._problem(parent.location + (key,), f"the key {node.value!r} appears twice in this mapping (first at "
                          f"line {parent.seen[identity]}); keep one", mark)
            return _SKIP_VALUE
        if len(parent.seen) >= self.limits.mapping_keys:
            if len(parent.seen) == self.limits.mapping_keys:
                self._problem(parent.location, f"more than {self.limits.mapping_keys} keys in this mapping; a "
                              f"framework needs at most 8", mark)
            parent.seen[object()] = 0  # counts the refused key so the cap is reported once
            return _SKIP_VALUE
        parent.seen[identity] = mark.line + 1
        return node, key


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _pattern(location: Location) -> str:
    return ".".join(part for part in location if isinstance(part, str))
