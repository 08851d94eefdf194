"""Parse YAML content safely, keeping the line of every key and list item.

Content files are small and hand-written, so parsing is bounded: nesting deeper than
MAX_DEPTH, more than MAX_VALUES values (an alias counting as everything it stands
for, which stops "billion laughs" alias bombs) and numbers longer than MAX_NUMBER_CHARS
are refused, each with the file and line, before any of it is expanded. The nodes are
composed here from the parser's events, without recursion: PyYAML's composers (the C
one too) recurse once per level and overflow the stack on deep input.
"""

from __future__ import annotations

from typing import Any, NoReturn

import yaml

from newsletter.errors import ContentError, Problem

Lines = dict[tuple[Any, ...], int]

# Lists and mappings inside each other; an issue needs about six levels.
MAX_DEPTH = 50
# Keys and values in one file, each alias counted as the whole value it repeats.
MAX_VALUES = 20_000
# Characters in a number; anything longer is a mistake, and slow to convert.
MAX_NUMBER_CHARS = 100
_MERGE = "tag:yaml.org,2002:merge"


class _BadValue(Exception):
    """A scalar the constructor could not turn into a value."""

    def __init__(self, node: yaml.Node, message: str) -> None:
        super().__init__(message)
        self.node = node
        self.message = message


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader that leaves dates as text, so pydantic reports bad ones in place."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """Construct one value; a scalar it cannot read becomes an error naming its node."""
        try:
            return super().construct_object(node, deep=deep)
        except (yaml.YAMLError, _BadValue):
            raise
        except (ValueError, TypeError, ArithmeticError, AttributeError, LookupError):
            # e.g. "!!timestamp 2026-13-45", "!!float x": the constructors assume valid text.
            raise _BadValue(node, f"is not a valid {_tag_name(node.tag)}") from None

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        """Read an integer, refusing ones too long to be a number anyone meant."""
        _check_number(node)
        return super().construct_yaml_int(node)

    def construct_yaml_float(self, node: yaml.ScalarNode) -> float:
        """Read a float, refusing ones too long to be a number anyone meant."""
        _check_number(node)
        return super().construct_yaml_float(node)


_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_yaml_float)
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if not tag.endswith(":timestamp")]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
}


def _check_number(node: yaml.ScalarNode) -> None:
    if len(node.value) > MAX_NUMBER_CHARS:
        raise _BadValue(
            node,
            f"is a number of more than {MAX_NUMBER_CHARS} characters; "
            "quote it if it is text, else shorten it",
        )


def _tag_name(tag: str) -> str:
    return tag.rsplit(":", 1)[-1] if tag.startswith("tag:yaml.org,2002:") else f"{tag} value"


def parse_yaml(text: str, *, file: str, offset: int) -> tuple[Any, Lines]:
    """Parse YAML, returning the data and the line of every key and list item."""
    loader = _Loader(text)
    try:
        node = _Composer(loader, file=file, offset=offset).document()
        lines, paths = _walk(node, file=file, offset=offset)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 + offset if mark else None
        rows = text.split("\n")
        source = rows[mark.line] if mark and mark.line < len(rows) else ""
        raise ContentError([Problem(file, _yaml_message(error, source), line=line)]) from None
    except yaml.reader.ReaderError as error:
        raise ContentError([_reader_problem(error, text=text, file=file, offset=offset)]) from None
    except yaml.YAMLError as error:
        raise ContentError([Problem(file, f"invalid YAML: {_one_line(str(error))}")]) from None
    except _BadValue as bad:
        path = paths.get(id(bad.node), ())
        line = bad.node.start_mark.line + 1 + offset
        raise ContentError([Problem(file, bad.message, field=dotted(path), line=line)]) from None
    finally:
        loader.dispose()
    return data, lines


class _Composer:
    """Build the node graph from parser events, with a stack instead of recursion.

    Enforces MAX_DEPTH and MAX_VALUES as it goes, counting an alias as the whole
    value it refers to, so no input can make the parsing, the walk or the
    validation after it do unbounded work.
    """

    def __init__(self, loader: Any, *, file: str, offset: int) -> None:
        self.loader = loader
        self.file = file
        self.offset = offset
        self.anchors: dict[str, yaml.Node] = {}
        # Per finished collection: values it stands for, and levels below it.
        self.sizes: dict[int, int] = {}
        self.heights: dict[int, int] = {}
        self.values = 0
        self.aliased = False

    def document(self) -> yaml.Node | None:
        """Return the root node of the only document, or None for an empty stream."""
        loader = self.loader
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            loader.get_event()
            return None
        loader.get_event()  # document start
        node = self._node()
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            event = loader.get_event()
            self._fail("holds a second YAML document; keep one", event.start_mark)
        return node

    def _node(self) -> yaml.Node:
        loader = self.loader
        # Each open collection: the node, values counted in it, its deepest level.
        stack: list[list[Any]] = []
        while True:
            event = loader.get_event()
            if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                node, size, height = stack.pop()
                node.end_mark = event.end_mark
                self.sizes[id(node)] = size
                self.heights[id(node)] = height
                done, size, height = node, size, height
            elif isinstance(event, yaml.AliasEvent):
                done, size, height = self._alias(event, depth=len(stack))
            elif isinstance(event, yaml.ScalarEvent):
                done = yaml.ScalarNode(
                    self._tag(yaml.ScalarNode, event, event.value),
                    event.value,
                    # libyaml's marks stand in for yaml.error.Mark, which the stubs expect.
                    event.start_mark,  # type: ignore[arg-type]
                    event.end_mark,  # type: ignore[arg-type]
                    style=event.style,
                )
                size, height = 1, 0
                self._count(1, event.start_mark)
                self._anchor(event, done)
            else:
                if len(stack) >= MAX_DEPTH:
                    self._fail(
                        f"nests lists and mappings more than {MAX_DEPTH} levels deep",
                        event.start_mark,
                    )
                kind = (
                    yaml.SequenceNode
                    if isinstance(event, yaml.SequenceStartEvent)
                    else yaml.MappingNode
                )
                node = kind(
                    self._tag(kind, event, None),
                    [],
                    event.start_mark,
                    None,
                    flow_style=event.flow_style,
                )
                self._count(1, event.start_mark)
                self._anchor(event, node)
                stack.append([node, 1, 1])
                continue
            if not stack:
                return done
            self._add(stack[-1], done, size=size, height=height)

    def _add(self, frame: list[Any], child: yaml.Node, *, size: int, height: int) -> None:
        node = frame[0]
        if isinstance(node, yaml.MappingNode):
            if node.value and len(node.value[-1]) == 1:
                node.value[-1] = (node.value[-1][0], child)
            else:
                node.value.append((child,))
        else:
            node.value.append(child)
        frame[1] += size
        frame[2] = max(frame[2], height + 1)

    def _alias(self, event: Any, *, depth: int) -> tuple[yaml.Node, int, int]:
        node = self.anchors.get(event.anchor)
        if node is None:
            self._fail(f"alias *{event.anchor} has no anchor &{event.anchor} before it", event)
        if id(node) not in self.sizes and not isinstance(node, yaml.ScalarNode):
            self._fail(f"alias *{event.anchor} is inside the value it refers to", event)
        size = self.sizes.get(id(node), 1)
        height = self.heights.get(id(node), 0)
        self.aliased = True
        if depth + height > MAX_DEPTH:
            self._fail(
                f"alias *{event.anchor} nests values more than {MAX_DEPTH} levels deep",
                event.start_mark,
            )
        self._count(size, event.start_mark)
        return node, size, height

    def _anchor(self, event: Any, node: yaml.Node) -> None:
        if event.anchor is None:
            return
        if event.anchor in self.anchors:
            self._fail(f"anchor &{event.anchor} is defined twice; rename one", event.start_mark)
        self.anchors[event.anchor] = node

    def _tag(self, kind: type[yaml.Node], event: Any, value: str | None) -> str:
        if event.tag is None or event.tag == "!":
            return self.loader.resolve(kind, value, event.implicit)
        return event.tag

    def _count(self, size: int, mark: Any) -> None:
        self.values += size
        if self.values > MAX_VALUES:
            limit = f"{MAX_VALUES:,}".replace(",", " ")
            if self.aliased:
                message = (
                    f"aliases (*name) repeat values more than {limit} times in all; "
                    "write the values out instead"
                )
            else:
                message = f"has more than {limit} values; shorten it"
            self._fail(message, mark)

    def _fail(self, message: str, mark: Any) -> NoReturn:
        mark = getattr(mark, "start_mark", mark)
        line = mark.line + 1 + self.offset if mark is not None else None
        raise ContentError([Problem(self.file, message, line=line)])


def _walk(
    root: yaml.Node | None, *, file: str, offset: int
) -> tuple[Lines, dict[int, tuple[Any, ...]]]:
    """Return the line of every key and item, and a path to every node; refuse duplicate keys.

    Iterative, and bounded by the composer's limits. Merge keys (``<<``) are skipped:
    their values keep the lines of where they were written.
    """
    lines: Lines = {}
    paths: dict[int, tuple[Any, ...]] = {}
    duplicates: list[Problem] = []
    stack: list[tuple[yaml.Node, tuple[Any, ...]]] = [(root, ())] if root is not None else []
    while stack:
        node, path = stack.pop()
        paths.setdefault(id(node), path)
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            children = []
            for key, value in node.value:
                if key.tag == _MERGE or not isinstance(key, yaml.ScalarNode):
                    continue
                here = (*path, key.value)
                line = key.start_mark.line + 1 + offset
                if key.value in seen:
                    duplicates.append(
                        Problem(file, "appears twice; keep one", field=dotted(here), line=line)
                    )
                seen.add(key.value)
                lines[here] = line
                paths.setdefault(id(key), here)
                children.append((value, here))
            stack.extend(reversed(children))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                lines[tuple([*path, index])] = item.start_mark.line + 1 + offset
            stack.extend(reversed([(item, (*path, i)) for i, item in enumerate(node.value)]))
    if duplicates:
        raise ContentError(duplicates)
    return lines, paths


def _reader_problem(error: Any, *, text: str, file: str, offset: int) -> Problem:
    """Describe a character YAML refuses, with its line (the C reader counts UTF-8 bytes)."""
    position = getattr(error, "position", 0) or 0
    encoded = text.encode("utf-8", "surrogatepass")
    before = encoded[:position] if yaml.__with_libyaml__ else text[:position].encode()
    line = before.count(b"\n") + 1 + offset
    character = getattr(error, "character", None)
    code = f"U+{character:04X}" if isinstance(character, int) else "a character"
    return Problem(
        file, f"has {code}, a control character YAML does not allow; remove it", line=line
    )


def _yaml_message(error: yaml.MarkedYAMLError, source: str) -> str:
    """Say what is wrong with the YAML, with a hint for the usual slips."""
    problem = _one_line(error.problem or error.context or "it cannot be read")
    if "nesting depth" in problem:  # PyYAML 6.0.4 and later stop deep nesting themselves
        return f"nests lists and mappings more than {MAX_DEPTH} levels deep"
    if "tab" in problem or "\t" in source[: len(source) - len(source.lstrip())]:
        return "invalid YAML: a tab is used for indenting; indent with spaces instead"
    return f"invalid YAML: {problem}; check indentation and quoting"


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def dotted(path: tuple[Any, ...]) -> str:
    """Return a path such as blocks[2].image.alt."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
