"""Start things: a newsletter folder, a draft issue, an editable copy of a template."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

import yaml

from newsletter.content.loader import (
    NOT_A_NEWSLETTER,
    load_settings,
    read_text,
    split_front_matter,
)
from newsletter.content.yaml import parse_yaml
from newsletter.errors import ContentError, Problem
from newsletter.models.fields import (
    STARTER_DOMAIN,
    check_characters,
    check_email,
    check_one_line,
    check_url,
    is_placeholder,
    prompt,
)
from newsletter.models.settings import Theme
from newsletter.project import (
    BUILTIN_TEMPLATES,
    SETTINGS_FILE,
    TEMPLATES_DIR,
    Project,
    check_slug,
)

# What every draft asks for first, whether a skeleton or made from feeds.
SUBJECT_PROMPT = prompt("Subject: the week's main story in a few words")
PREHEADER_PROMPT = prompt("Preview text shown after the subject in the inbox")
INTRO_PROMPT = prompt("A few sentences to open the issue: what is in it this week")
# Block types an issue carries over from the one before, as empty sections to fill.
REGULAR_SECTIONS = ("events", "jobs", "promo")
_DATE_SLUG = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Starter:
    """What `newsletter init` puts in the settings; None leaves a placeholder to fill in."""

    name: str | None = None
    website: str | None = None
    sender_email: str | None = None
    address: str | None = None
    service: str = "none"
    unsubscribe_url: str | None = None

    def problems(self) -> list[Problem]:
        """Return one problem per option whose value the settings would refuse."""
        checks = (
            ("--name", self.name, check_one_line),
            ("--website", self.website, check_url),
            ("--sender-email", self.sender_email, check_email),
            ("--address", self.address, check_characters),
            ("--unsubscribe-url", self.unsubscribe_url, check_url),
        )
        found = []
        for option, value, check in checks:
            if value is None:
                continue
            try:
                if not value.strip() or is_placeholder(value):
                    raise ValueError("must be your own value, not empty or a placeholder")
                check(value)
            except ValueError as error:
                found.append(Problem(option, f"{value!r} {error}"))
        return found


def init_folder(
    root: Path, *, starter: Starter, today: dt.date, with_templates: bool = False
) -> list[Path]:
    """Create a newsletter folder: settings, a first draft, out/ and .gitignore; never overwrite.

    With ``with_templates`` the built-in templates are copied too. The options and every
    target are checked before the first write, and the files are written all or not at all.
    """
    problems = starter.problems()
    if problems:
        raise ContentError(problems)
    project = Project(root)
    slug = today.isoformat()
    files = {
        project.settings_path: settings_text(starter).encode(),
        project.issue_path(slug): skeleton_text(
            date=today, number=1, previous=None, width=Theme().column_width
        ).encode(),
        root / ".gitignore": _starter_file("gitignore").encode(),
    }
    if with_templates:
        files.update(_template_files(project, []))
    made_out = not (project.out_dir.exists() or project.out_dir.is_symlink())
    _refuse_in_the_way(project, list(files), folders=(project.out_dir,))
    write_all(files)
    project.out_dir.mkdir(exist_ok=True)
    return [*files, *([project.out_dir] if made_out else [])]


def settings_text(starter: Starter) -> str:
    """Return the commented starter settings, with the values given and placeholders else."""
    site = starter.website or f"https://www.{STARTER_DOMAIN}/"
    values = {
        "name": starter.name or prompt("Name of your newsletter"),
        "website": site,
        "sender_email": starter.sender_email or f"newsletter@{STARTER_DOMAIN}",
        "postal_address": starter.address or prompt("Your postal address"),
        "mailing_service": starter.service,
        "unsubscribe_url": starter.unsubscribe_url or prompt("Address of your unsubscribe page"),
    }
    # JSON strings are valid YAML scalars, quoted and escaped.
    quoted = {key: json.dumps(value, ensure_ascii=False) for key, value in values.items()}
    text = Template(_starter_file("newsletter.yaml")).substitute(quoted)
    if starter.service != "none" and not starter.unsubscribe_url:
        # The service's own unsubscribe tag is used instead.
        text = text.replace(
            f"unsubscribe_url: {quoted['unsubscribe_url']}",
            "# unsubscribe_url: https://www.example.org/unsubscribe",
        )
    return text


def new_issue(
    project: Project,
    slug: str,
    *,
    date: dt.date | None = None,
    copy_from: str | None = None,
    today: dt.date,
) -> Path:
    """Write content/issues/<slug>.md as a draft: a skeleton, or a copy of another issue."""
    target = new_issue_path(project, slug)
    when = issue_date(slug, date=date, today=today)
    if copy_from is not None:
        text = _copy_text(project, copy_from, date=when)
    else:
        previous = latest_issue(project)
        text = skeleton_text(
            date=when, number=next_number(previous), previous=previous, width=_column_width(project)
        )
    write_new(target, text)
    return target


def require_folder(project: Project) -> Project:
    """Return the project if it is a newsletter folder (it has settings), else raise."""
    path = project.settings_path
    if not (path.exists() or path.is_symlink()):
        raise ContentError([Problem(SETTINGS_FILE, NOT_A_NEWSLETTER)])
    return project


def new_issue_path(project: Project, slug: str) -> Path:
    """Return where a new issue goes; raise if the name is not a slug or the file exists.

    Outside a newsletter folder nothing is started: a stray content/issues/ helps no one.
    """
    require_folder(project)
    where = project.issue_file(slug)
    try:
        check_slug(slug)
    except ValueError as error:
        raise ContentError([Problem(where, str(error))]) from None
    target = project.issue_path(slug)
    if target.exists() or target.is_symlink():
        raise ContentError([Problem(where, "already exists; pick another name or edit it")])
    return target


def issue_date(slug: str, *, date: dt.date | None, today: dt.date) -> dt.date:
    """Return a new issue's date: the one given, else the slug's when it is a date, else today."""
    return date or _date_of_slug(slug) or today


def next_number(previous: dict[str, Any] | None) -> int | None:
    """Return the number after the previous issue's, or None if it has none."""
    number = (previous or {}).get("number")
    return number + 1 if isinstance(number, int) and not isinstance(number, bool) else None


def write_new(target: Path, text: str) -> None:
    """Write a new file whole or not at all, never over one that appeared meanwhile."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.new")
    temp.write_text(text, encoding="utf-8")
    try:
        os.link(temp, target)
    except FileExistsError:
        raise ContentError([Problem(target.name, "already exists; pick another name")]) from None
    finally:
        temp.unlink(missing_ok=True)


def skeleton_text(
    *, date: dt.date, number: int | None, previous: dict[str, Any] | None, width: int
) -> str:
    """Return a draft issue whose every text says what to write there."""
    front: dict[str, Any] = {
        "subject": SUBJECT_PROMPT,
        "preheader": PREHEADER_PROMPT,
        "date": date,
    }
    if number is not None:
        front["number"] = number
    front["status"] = "draft"
    front["blocks"] = [
        _lead(width=width),
        _story("second"),
        _story("third"),
        *(_section(block, date=date) for block in _regular_sections(previous)),
    ]
    intro = INTRO_PROMPT
    return f"---\n{_dump(front)}---\n{intro}\n"


def copy_templates(project: Project, names: list[str]) -> list[Path]:
    """Copy built-in templates (all, or those named) into the folder's templates/ to edit.

    Every target is checked before the first copy, and they are copied all or not at all.
    """
    files = _template_files(project, names)
    _refuse_in_the_way(project, list(files))
    write_all(files)
    return list(files)


def _template_files(project: Project, names: list[str]) -> dict[Path, bytes]:
    """Return the built-in templates named (or all) by where their copies go."""
    available = sorted(
        path.relative_to(BUILTIN_TEMPLATES).as_posix()
        for path in BUILTIN_TEMPLATES.rglob("*")
        if path.is_file()
    )
    wanted = names or available
    unknown = [name for name in wanted if name not in available]
    if unknown:
        raise ContentError(
            [
                Problem(
                    f"{TEMPLATES_DIR}/{name}",
                    "is not a built-in template; run "
                    "'newsletter templates list' to see their names",
                )
                for name in unknown
            ]
        )
    return {
        project.templates_dir / name: (BUILTIN_TEMPLATES / name).read_bytes() for name in wanted
    }


def _refuse_in_the_way(
    project: Project, paths: list[Path], *, folders: tuple[Path, ...] = ()
) -> None:
    """Raise one problem naming the first thing in the way of writing ``paths``, if any.

    A file may not exist yet, and each folder it goes in (and each of ``folders``) must
    be a folder or not exist yet.
    """
    in_the_way = [path for path in paths if path.exists() or path.is_symlink()]
    if in_the_way:
        more = f" (and {len(in_the_way) - 1} more)" if len(in_the_way) > 1 else ""
        message = f"already exists{more}; nothing was written: move it away, or use another folder"
        raise ContentError([Problem(project.relative(in_the_way[0]), message)])
    needed = {parent for path in paths for parent in _parents(path, project.root)} | set(folders)
    for folder in sorted(needed):
        if (folder.exists() or folder.is_symlink()) and not folder.is_dir():
            raise ContentError(
                [
                    Problem(
                        project.relative(folder),
                        "is a file where a folder is needed; nothing was written: "
                        "move it away, or use another folder",
                    )
                ]
            )


def _parents(path: Path, root: Path) -> list[Path]:
    """Return the folders between ``root`` (included) and ``path``."""
    parents = []
    for parent in path.parents:
        parents.append(parent)
        if parent == root:
            break
    return parents


def write_all(files: dict[Path, bytes]) -> None:
    """Write new files all or not at all: on any failure, remove what this call made."""
    made: list[Path] = []
    try:
        for path, body in files.items():
            made.extend(_make_folders(path.parent))
            _write_new_file(path, body)
            made.append(path)
    except BaseException:
        for path in reversed(made):
            _undo(path)
        raise


def _undo(path: Path) -> None:
    """Remove a file or an (empty) folder this command made."""
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            path.rmdir()
        else:
            path.unlink()


def _make_folders(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; return those made, outermost first."""
    missing = [parent for parent in (folder, *folder.parents) if not parent.exists()]
    for parent in reversed(missing):
        parent.mkdir()
    return list(reversed(missing))


def _write_new_file(path: Path, body: bytes) -> None:
    """Create ``path`` with ``body``; never replace a file that appeared meanwhile."""
    with path.open("xb") as stream:
        stream.write(body)


def _starter_file(name: str) -> str:
    starter = resources.files("newsletter").joinpath("starter")
    return starter.joinpath(name).read_text(encoding="utf-8")


def _date_of_slug(slug: str) -> dt.date | None:
    if not _DATE_SLUG.fullmatch(slug):
        return None
    try:
        return dt.date.fromisoformat(slug)
    except ValueError:
        return None


def _column_width(project: Project) -> int:
    try:
        return load_settings(project).theme.column_width
    except ContentError:
        return Theme().column_width


def latest_issue(project: Project, *, before: dt.date | None = None) -> dict[str, Any] | None:
    """Return the front matter of the newest issue (before a date), parsed, not validated."""
    found = [
        (date, data)
        for date, data in ((str(d.get("date", "")), d) for d in issue_fronts(project))
        if before is None or date < before.isoformat()
    ]
    return max(found, key=lambda item: item[0])[1] if found else None


def earlier_urls(project: Project) -> set[str]:
    """Return every url of every issue, so a draft does not repeat a story."""
    return set(used_urls(project))


def used_urls(project: Project) -> dict[str, str]:
    """Return every url of every issue file, whatever its status, with where: 'issue SLUG'."""
    found: dict[str, str] = {}
    for slug, data in issue_fronts_by_slug(project).items():
        urls: set[str] = set()
        _collect_urls(data, urls)
        for url in sorted(urls):
            found.setdefault(url, f"issue {slug}")
    return found


def _collect_urls(value: Any, urls: set[str]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "url" and isinstance(item, str):
                urls.add(item)
            else:
                _collect_urls(item, urls)
    elif isinstance(value, list):
        for item in value:
            _collect_urls(item, urls)


def issue_fronts(project: Project) -> list[dict[str, Any]]:
    """Return the parsed front matter of every readable issue file."""
    return list(issue_fronts_by_slug(project).values())


def issue_fronts_by_slug(project: Project) -> dict[str, dict[str, Any]]:
    """Return the parsed front matter of every readable issue file, by slug."""
    found: dict[str, dict[str, Any]] = {}
    for slug in project.issue_slugs():
        path = project.issue_path(slug)
        try:
            front, _ = split_front_matter(
                read_text(path, file=project.relative(path), project=project),
                file=project.relative(path),
            )
            data, _ = parse_yaml(front, file=project.relative(path), offset=1)
        except ContentError:
            continue
        if isinstance(data, dict):
            found[slug] = data
    return found


def _copy_text(project: Project, source: str, *, date: dt.date) -> str:
    """Return another issue's text with the new date, the next number and status draft."""
    try:
        check_slug(source)
    except ValueError as error:
        raise ContentError([Problem(source, str(error))]) from None
    path = project.issue_path(source)
    if not path.exists():
        raise ContentError([Problem(project.issue_file(source), "no such issue to copy from")])
    text = read_text(path, file=project.relative(path), project=project)
    text = _as_prompts(text, ("subject", "preheader"), file=project.relative(path))
    text = re.sub(r"(?m)^date:.*$", f"date: {date.isoformat()}", text, count=1)
    text = re.sub(
        r"(?m)^number:\s*(\d+)\s*$", lambda m: f"number: {int(m.group(1)) + 1}", text, count=1
    )
    if re.search(r"(?m)^status:", text):
        return re.sub(r"(?m)^status:.*$", "status: draft", text, count=1)
    return re.sub(r"(?m)^(date:.*)$", r"\1\nstatus: draft", text, count=1)


def _as_prompts(text: str, fields: tuple[str, ...], *, file: str) -> str:
    """Turn the named top-level fields into prompts that keep the copied text: [[was: ...]]."""
    front, _ = split_front_matter(text, file=file)
    data, _ = parse_yaml(front, file=file, offset=1)
    for name in fields:
        old = data.get(name) if isinstance(data, dict) else None
        if not isinstance(old, str):
            continue
        was = " ".join(old.translate({ord("["): "(", ord("]"): ")"}).split())
        value = json.dumps(prompt(f"was: {was}") if was else prompt(name), ensure_ascii=False)
        # The field's line and any indented continuation lines of a multi-line value.
        line = re.compile(rf"(?m)^{name}:.*(?:\n[ \t]+.*)*")
        found = line.search(text)
        if found is not None:
            text = f"{text[: found.start()]}{name}: {value}{text[found.end() :]}"
    return text


def _lead(*, width: int) -> dict[str, Any]:
    return {
        "type": "lead",
        "label": prompt("Section, e.g. Council"),
        "title": prompt("Headline of the main story"),
        "url": prompt("Address of the story on your website"),
        "byline": prompt("By ..."),
        "image": {
            "src": prompt("Address of the lead image (https)"),
            "alt": prompt("What the image shows, for readers who cannot see it"),
            "width": width,
        },
        "summary": prompt("The first paragraph or two of the story"),
    }


def _story(which: str) -> dict[str, Any]:
    return {
        "type": "story",
        "title": prompt(f"Headline of the {which} story"),
        "url": prompt("Address of the story on your website"),
        "summary": prompt("One or two paragraphs"),
    }


def _regular_sections(previous: dict[str, Any] | None) -> list[dict[str, Any]]:
    blocks = (previous or {}).get("blocks")
    if not isinstance(blocks, list):
        return []
    seen: dict[str, dict[str, Any]] = {}
    for block in blocks:
        if isinstance(block, dict) and block.get("type") in REGULAR_SECTIONS:
            seen.setdefault(str(block["type"]), block)
    return list(seen.values())


def _section(block: dict[str, Any], *, date: dt.date) -> dict[str, Any]:
    """Return an empty copy of a regular section: its title kept, one item to fill in."""
    kind = block["type"]
    title = block.get("title") if isinstance(block.get("title"), str) else None
    if kind == "events":
        item = {
            "date": date,
            "time": prompt("Time, e.g. 19:30"),
            "title": prompt("Name of the event"),
            "place": prompt("Where it happens"),
        }
        return {"type": "events", **({"title": title} if title else {}), "items": [item]}
    if kind == "jobs":
        item = {
            "title": prompt("Job title"),
            "employer": prompt("Who is hiring"),
            "location": prompt("Where"),
            "url": prompt("Address of the advert"),
        }
        section: dict[str, Any] = {
            "type": "jobs",
            **({"title": title} if title else {}),
            "items": [item],
        }
        if isinstance(block.get("more"), dict):
            section["more"] = block["more"]
        return section
    label = block.get("label") if isinstance(block.get("label"), str) else prompt("Sponsored")
    return {
        "type": "promo",
        "label": label,
        "title": prompt("Headline of the promotion"),
        "body": prompt("A sentence or two"),
        "button": {"text": prompt("Button text"), "url": prompt("Address it opens")},
    }


class _Dumper(yaml.SafeDumper):
    """Write every value out in full: content files never use anchors and aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000)
