"""Load content files into validated models, collecting every problem with its place."""

from __future__ import annotations

import os
import stat
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from newsletter.content import messages
from newsletter.content.editions import unknown_feed_editions
from newsletter.content.yaml import Lines, dotted, parse_yaml
from newsletter.errors import ContentError, Problem
from newsletter.models import Issue, Settings
from newsletter.models.fields import REFUSED_CHARACTER, refused_character
from newsletter.project import SETTINGS_FILE, Project, check_slug

# Content files are hand-written text: anything larger is a mistake (or /dev/zero).
MAX_FILE_BYTES = 5_000_000
M = TypeVar("M", bound=BaseModel)
# What a command run outside a newsletter folder says.
NOT_A_NEWSLETTER = (
    "not found: this is not a newsletter folder; run 'newsletter init FOLDER' to start one, "
    "or pass --root FOLDER"
)


@dataclass(frozen=True)
class Loaded:
    """A valid issue and where it came from."""

    slug: str
    path: Path
    issue: Issue
    lines: dict[tuple[Any, ...], int] = field(default_factory=dict, compare=False, repr=False)
    """The line of each field of the front matter, for messages."""


def load_settings(project: Project, *, rule_ids: Collection[str] | None = None) -> Settings:
    """Read and validate content/newsletter.yaml, or raise ContentError.

    With ``rule_ids``, every id in ``checks.disable`` must be one of them.
    """
    path = project.settings_path
    if not (path.exists() or path.is_symlink()):
        raise ContentError([Problem(SETTINGS_FILE, NOT_A_NEWSLETTER)])
    text = read_text(path, file=SETTINGS_FILE, project=project)
    _refuse_characters(text, file=SETTINGS_FILE, front=(0, text.count("\n") + 1))
    data, lines = parse_yaml(text, file=SETTINGS_FILE, offset=0)
    settings = _validate(Settings, data, file=SETTINGS_FILE, lines=lines, source=text)
    unknown = unknown_feed_editions(settings, file=SETTINGS_FILE, lines=lines)
    if unknown:
        raise ContentError(unknown)
    if rule_ids is not None:
        _refuse_unknown_rules(settings, rule_ids=rule_ids, lines=lines)
    return settings


def _refuse_unknown_rules(settings: Settings, *, rule_ids: Collection[str], lines: Lines) -> None:
    """Raise ContentError naming each id in ``checks.disable`` that is not a rule."""
    unknown = [
        Problem(
            SETTINGS_FILE,
            f"unknown check rule {rule!r}; 'newsletter help checks' lists the rule ids",
            field=f"checks.disable[{index}]",
            line=lines.get(("checks", "disable", index)),
        )
        for index, rule in enumerate(settings.checks.disable)
        if rule not in rule_ids
    ]
    if unknown:
        raise ContentError(unknown)


def load_issue(path: Path, *, project: Project) -> Loaded:
    """Read and validate one issue file, or raise ContentError."""
    file = project.relative(path)
    try:
        slug = check_slug(path.name.removesuffix(".md"))
    except ValueError as error:
        raise ContentError([Problem(file, f"{error}; rename the file")]) from None
    text = read_text(path, file=file, project=project)
    front, body = split_front_matter(text, file=file)
    body_line = front.count("\n") + 3
    _refuse_characters(text, file=file, front=(1, body_line - 2))
    data, lines = parse_yaml(front, file=file, offset=1)
    if not isinstance(data, dict):
        raise ContentError([Problem(file, "front matter must be a mapping of fields", line=2)])
    if "intro" in data:
        raise ContentError(
            [
                Problem(
                    file,
                    "the intro is the Markdown after the front matter; move it there",
                    field="intro",
                    line=lines.get(("intro",)),
                )
            ]
        )
    data["intro"] = body.strip()
    lines[("intro",)] = body_line + len(body) - len(body.lstrip("\n"))
    return Loaded(slug, path, _validate(Issue, data, file=file, lines=lines, source=front), lines)


def read_text(path: Path, *, file: str, project: Project | None = None) -> str:
    """Read a content file as UTF-8 (with or without a byte-order mark), or raise ContentError.

    Links are followed only to regular files inside the newsletter folder, and a file
    over MAX_FILE_BYTES is refused before it is read. Line ends become ``\\n``.
    """
    raw = _read_bytes(path, file=file, project=project)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ContentError(
            [Problem(file, "is not UTF-8 text; save it with UTF-8 encoding", line=line)]
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_bytes(path: Path, *, file: str, project: Project | None) -> bytes:
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        raise ContentError([Problem(file, "is a link to nothing; fix or remove it")]) from None
    except (RuntimeError, OSError):
        raise ContentError([Problem(file, "is a link that loops; fix or remove it")]) from None
    if project is not None and not target.is_relative_to(project.root.resolve()):
        raise ContentError(
            [Problem(file, "is a link to a file outside the newsletter folder; copy the file in")]
        )
    not_regular = ContentError([Problem(file, "is not a regular file; it must be a text file")])
    if not target.is_file():
        raise not_regular
    # Opened without blocking and checked again once open: the entry may have been
    # swapped for a FIFO or a device since, which would block or never end.
    try:
        handle = os.open(target, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as error:
        raise ContentError(
            [Problem(file, f"cannot be read: {(error.strerror or str(error)).lower()}")]
        ) from None
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise not_regular
        raw = stream.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise ContentError(
            [
                Problem(
                    file,
                    f"is larger than {MAX_FILE_BYTES // 1_000_000} MB; "
                    "a content file should be a few KB of text",
                )
            ]
        )
    return raw


def _refuse_characters(text: str, *, file: str, front: tuple[int, int]) -> None:
    """Refuse a file holding characters no content may hold, naming the line and field.

    ``front`` is the range of the file's lines (0-based, end excluded) that are YAML;
    they are parsed with the characters blanked out to find the field they are in.
    Lines after it are the Markdown body, the intro.
    """
    reason = refused_character(text)
    if reason is None:
        return
    lines = text.split("\n")
    index = next(i for i, line in enumerate(lines) if refused_character(line))
    first, end = front
    field = "intro" if index >= end else _field_at(lines[first:end], index - first, offset=first)
    raise ContentError([Problem(file, reason, field=field, line=index + 1)])


def _field_at(lines: list[str], index: int, *, offset: int) -> str:
    """Return the field written on ``lines[index]`` of a YAML text, or '' if unknown."""
    blanked = "\n".join(REFUSED_CHARACTER.sub(" ", line) for line in lines)
    try:
        _, found = parse_yaml(blanked, file="", offset=offset)
    except ContentError:
        return ""
    here = [path for path, line in found.items() if line <= index + 1 + offset]
    return dotted(max(here, key=lambda path: (found[path], len(path)))) if here else ""


def split_front_matter(text: str, *, file: str) -> tuple[str, str]:
    # Split at line feeds only (read_text made every line end one), as YAML counts lines.
    lines = text.split("\n")
    lines = [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    if not lines or lines[0].strip() != "---":
        raise ContentError(
            [Problem(file, "must start with YAML front matter between '---' lines", line=1)]
        )
    for number, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            return "".join(lines[1:number]), "".join(lines[number + 1 :])
    raise ContentError([Problem(file, "front matter has no closing '---' line", line=1)])


def _validate(model: type[M], data: Any, *, file: str, lines: Lines, source: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ContentError(
            _problems(error, model=model, data=data, file=file, lines=lines, source=source)
        ) from None


def _problems(
    error: ValidationError,
    *,
    model: type[BaseModel],
    data: Any,
    file: str,
    lines: Lines,
    source: str,
) -> list[Problem]:
    problems = []
    text_lines = source.splitlines()
    for detail in error.errors(include_url=False):
        path = _clean_loc(detail["loc"], data)
        line = _line(path, lines)
        own = (
            text_lines[line - 1 - _offset(file)]
            if line and line - 1 - _offset(file) < len(text_lines)
            else ""
        )
        text = messages.message(detail, model=model, data=data, path=path, source_line=own)
        problems.append(Problem(file, text, field=dotted(path), line=line))
    return problems


def _offset(file: str) -> int:
    """Return how many lines come before the YAML in the file: 1 for front matter's ---."""
    return 0 if file == SETTINGS_FILE else 1


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


def _line(path: tuple[Any, ...], lines: Lines) -> int | None:
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None
