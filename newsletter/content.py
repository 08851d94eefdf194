"""Load content files into validated models, collecting every problem with its place."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from newsletter.errors import ContentError, Problem
from newsletter.models import BLOCK_TYPES, Issue, Settings, check_slug

SETTINGS_FILE = "content/newsletter.yaml"
ISSUES_DIR = "content/issues"



class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader that leaves dates as text, so pydantic reports bad ones in place."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if not tag.endswith(":timestamp")]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
}
Lines = dict[tuple[Any, ...], int]
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Loaded:
    """A valid issue and where it came from."""

    slug: str
    path: Path
    issue: Issue


def load_settings(root: Path) -> Settings:
    """Read and validate content/newsletter.yaml, or raise ContentError."""
    path = root / SETTINGS_FILE
    if not path.is_file():
        raise ContentError([Problem(SETTINGS_FILE, "file not found; create it (see README)")])
    data, lines = _parse_yaml(read_text(path, file=SETTINGS_FILE), file=SETTINGS_FILE, offset=0)
    return _validate(Settings, data, file=SETTINGS_FILE, lines=lines)


def issue_paths(root: Path, slugs: list[str] | None = None) -> list[Path]:
    """Return the issue files to build: the named ones, or all of them, sorted."""
    folder = root / ISSUES_DIR
    if not slugs:
        return sorted(folder.glob("*.md"))
    problems = []
    for slug in slugs:
        if not (folder / f"{slug}.md").is_file():
            problems.append(
                Problem(f"{ISSUES_DIR}/{slug}.md", "no such issue; run 'newsletter new' to add it")
            )
    if problems:
        raise ContentError(problems)
    return [folder / f"{slug}.md" for slug in slugs]


def load_issue(path: Path, *, root: Path) -> Loaded:
    """Read and validate one issue file, or raise ContentError."""
    file = path.relative_to(root).as_posix()
    try:
        slug = check_slug(path.stem)
    except ValueError as error:
        raise ContentError([Problem(file, f"{error}; rename the file")]) from None
    front, body = _split_front_matter(read_text(path, file=file), file=file)
    data, lines = _parse_yaml(front, file=file, offset=1)
    body_line = front.count("\n") + 3
    if not isinstance(data, dict):
        raise ContentError([Problem(file, "front matter must be a mapping of fields", line=2)])
    if "intro" in data:
        raise ContentError(
            [Problem(file, "the intro is the Markdown after the front matter; "
                     "move it there", field="intro", line=lines.get(("intro",)))]
        )
    data["intro"] = body.strip()
    lines[("intro",)] = body_line + len(body) - len(body.lstrip("\n"))
    return Loaded(slug, path, _validate(Issue, data, file=file, lines=lines))


def read_text(path: Path, *, file: str) -> str:
    """Read a content file as UTF-8 (with or without a byte-order mark), or raise ContentError."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ContentError(
            [Problem(file, "is not UTF-8 text; save it with UTF-8 encoding", line=line)]
        ) from None


def _split_front_matter(text: str, *, file: str) -> tuple[str, str]:
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise ContentError(
            [Problem(file, "must start with YAML front matter between '---' lines", line=1)]
        )
    for number, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            return "".join(lines[1:number]), "".join(lines[number + 1 :])
    raise ContentError([Problem(file, "front matter has no closing '---' line", line=1)])


def _parse_yaml(text: str, *, file: str, offset: int) -> tuple[Any, Lines]:
    """Parse YAML, returning the data and the line of every key and list item."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 + offset if mark else None
        raise ContentError(
            [Problem(file, f"invalid YAML: {error.problem}; check indentation and quoting",
                     line=line)]
        ) from None
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
                    Problem(file, "appears twice; keep one", field=_dotted(here), line=line)
                )
            seen.add(key.value)
            lines[here] = line
            _walk(value, here, lines=lines, duplicates=duplicates, file=file, offset=offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            here = (*path, index)
            lines[here] = item.start_mark.line + 1 + offset
            _walk(item, here, lines=lines, duplicates=duplicates, file=file, offset=offset)


def _validate(model: type[M], data: Any, *, file: str, lines: Lines) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ContentError(_problems(error, data=data, file=file, lines=lines)) from None


def _problems(error: ValidationError, *, data: Any, file: str, lines: Lines) -> list[Problem]:
    problems = []
    for detail in error.errors(include_url=False):
        path = _clean_loc(detail["loc"], data)
        problems.append(
            Problem(file, _message(detail), field=_dotted(path), line=_line(path, lines))
        )
    return problems


def _clean_loc(loc: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    """Drop the union tag pydantic inserts after a block's index, e.g. blocks.3.lead.url."""
    path: list[Any] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part not in node and part == node.get("type"):
            continue
        path.append(part)
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            node = None
    return tuple(path)


def _dotted(path: tuple[Any, ...]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _line(path: tuple[Any, ...], lines: Lines) -> int | None:
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def _message(detail: dict[str, Any]) -> str:
    kind = detail["type"]
    ctx = detail.get("ctx") or {}
    if kind == "missing":
        return "is required; add it"
    if kind == "extra_forbidden":
        return "unknown field; check its spelling or remove it"
    if kind == "union_tag_invalid":
        return f"unknown block type {ctx.get('tag')!r}; use one of: {', '.join(BLOCK_TYPES)}"
    if kind == "union_tag_not_found":
        return f"needs a type: one of {', '.join(BLOCK_TYPES)}"
    if kind.startswith("date"):
        return "must be a real date written YYYY-MM-DD"
    if kind == "value_error":
        return str(ctx.get("error", detail["msg"]))
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected')}"
    message = detail["msg"]
    return message[0].lower() + message[1:]
