"""Parse YAML content safely, keeping the line of every key and list item."""

from __future__ import annotations

from typing import Any

import yaml

from newsletter.errors import ContentError, Problem

Lines = dict[tuple[Any, ...], int]


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader that leaves dates as text, so pydantic reports bad ones in place."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if not tag.endswith(":timestamp")]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
}


def parse_yaml(text: str, *, file: str, offset: int) -> tuple[Any, Lines]:
    """Parse YAML, returning the data and the line of every key and list item."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 + offset if mark else None
        source = text.splitlines()[mark.line] if mark and mark.line < text.count("\n") + 1 else ""
        raise ContentError([Problem(file, _yaml_message(error, source), line=line)]) from None
    except yaml.YAMLError as error:
        raise ContentError([Problem(file, f"invalid YAML: {error}")]) from None
    finally:
        loader.dispose()
    lines: Lines = {}
    duplicates: list[Problem] = []
    if node is not None:
        _walk(node, (), lines=lines, duplicates=duplicates, file=file, offset=offset)
    if duplicates:
        raise ContentError(duplicates)
    return data, lines


def _walk(
    node: yaml.Node,
    path: tuple[Any, ...],
    *,
    lines: Lines,
    duplicates: list[Problem],
    file: str,
    offset: int,
) -> None:
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key, value in node.value:
            here = (*path, key.value)
            line = key.start_mark.line + 1 + offset
            if key.value in seen:
                duplicates.append(
                    Problem(file, "appears twice; keep one", field=dotted(here), line=line)
                )
            seen.add(key.value)
            lines[here] = line
            _walk(value, here, lines=lines, duplicates=duplicates, file=file, offset=offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            here = (*path, index)
            lines[here] = item.start_mark.line + 1 + offset
            _walk(item, here, lines=lines, duplicates=duplicates, file=file, offset=offset)


def dotted(path: tuple[Any, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _yaml_message(error: yaml.MarkedYAMLError, source: str) -> str:
    """Say what is wrong with the YAML, with a hint for the usual slips."""
    problem = error.problem or "it cannot be read"
    if "tab" in problem or "\t" in source[: len(source) - len(source.lstrip())]:
        return "invalid YAML: a tab is used for indenting; indent with spaces instead"
    return f"invalid YAML: {problem}; check indentation and quoting"
