"""Editions of an issue: building them into out/<slug>/<edition>/, and comparing them.

The issue folder holds one subfolder per edition, each with the four files of an
email, and one manifest listing the editions. Each edition is recorded with a key
made of what it was derived from (its settings, its blocks, the templates, code and
pictures): an edition whose key and files are unchanged is not rendered again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsletter.checks import Finding
from newsletter.output import BuiltEmail, read_email
from newsletter.project import HTML_FILE, MANIFEST_FILE, TEXT_FILE

if TYPE_CHECKING:
    from newsletter.commands import buildkey
    from newsletter.content.editions import Split
    from newsletter.content.loader import Loaded
    from newsletter.pipeline import Newsletter, Rendered


@dataclass(frozen=True, kw_only=True)
class EditionEmail(BuiltEmail):
    """One edition's email as built: its id and name, its envelope, findings and two parts.

    Its findings are the edition's own, not yet labelled with it (see ``label``).
    """

    id: str
    name: str

    @property
    def labelled(self) -> list[Finding]:
        """Return the findings labelled with the edition, as the issue's manifest lists them."""
        return label(list(self.findings), self.id)


def as_edition(email: BuiltEmail, *, edition: str, name: str) -> EditionEmail:
    """Return an email as the one of the edition ``edition``, called ``name``."""
    return EditionEmail(id=edition, name=name, **vars(email))


@dataclass(frozen=True)
class EditionBuilt:
    """One edition's files (below its folder's name), findings and whether it was reused."""

    id: str
    files: dict[str, bytes]
    findings: list[Finding]
    key: str
    reused: bool
    summary: dict[str, Any]
    email: EditionEmail


def label(findings: list[Finding], edition: str) -> list[Finding]:
    """Return findings labelled with their edition: its folder before the file and place."""
    return [
        replace(
            finding,
            where=f"[{edition}] {finding.where}",
            file=f"{edition}/{finding.file}" if finding.file else finding.file,
        )
        for finding in findings
    ]


def made_of(part: Split) -> bytes:
    """Return what an edition is derived from, as bytes for its key."""
    return (
        part.settings.model_dump_json(exclude={"editions"}).encode()
        + b"\0"
        + part.edition.model_dump_json().encode()
        + b"\0"
        + part.issue.model_dump_json().encode()
        + b"\0"
        + repr(part.notes).encode()
    )


# An edition rendered but not checked yet: its part, its render and its key.
_Unchecked = tuple["Split", "Rendered", str]
Editions = tuple[list["EditionBuilt"], dict[str, bytes]]


def build_editions(
    newsletter: Newsletter,
    loaded: Loaded,
    *,
    inputs: buildkey.Inputs | None,
    folder: Path,
    unchecked: Callable[[Editions], None] | None = None,
) -> Editions:
    """Render and check each edition not already built as it is; return them and all files.

    ``unchecked`` is given every edition rendered, before any is checked (with no
    findings), so that a preview can show the new emails sooner.
    """
    from newsletter.pipeline import render_part, split_editions

    # --force (a store that is not read) renders every edition again.
    previous = _previous(folder) if newsletter.cache.read else {}
    items: list[EditionBuilt | _Unchecked] = []
    for part in split_editions(newsletter, loaded):
        key = inputs.edition_key(loaded.slug, made_of(part)) if inputs else ""
        reused = _reused(folder, previous, part, key)
        items.append(reused or (part, render_part(newsletter, loaded, part), key))
    if unchecked is not None:
        unchecked(_gathered(loaded, [_described(item, early=True) for item in items]))
    built = [_described(item) for item in items]
    return _gathered(loaded, built)


def _described(item: EditionBuilt | _Unchecked, *, early: bool = False) -> EditionBuilt:
    """Return an edition as built: reused as it is, or checked.

    ``early``, unchecked: no findings, and no key, so that no later build takes it for
    the edition checked.
    """
    from newsletter import checks

    if isinstance(item, EditionBuilt):
        return item
    part, rendered, key = item
    if early:
        return _made(part, rendered, "", findings=[])
    return _made(part, rendered, key, findings=checks.check(rendered))


def _gathered(loaded: Loaded, built: list[EditionBuilt]) -> Editions:
    """Return the editions with the issue folder's files: theirs and one manifest."""
    files: dict[str, bytes] = {}
    for edition in built:
        files.update({f"{edition.id}/{name}": body for name, body in edition.files.items()})
    files[MANIFEST_FILE] = top_manifest(loaded.slug, built, files)
    return built, files


def _made(part: Split, rendered: Rendered, key: str, *, findings: list[Finding]) -> EditionBuilt:
    """Describe one rendered edition with its findings."""
    from newsletter import output

    files = output.email_files(rendered, findings=findings)
    email = as_edition(
        output.built_email(rendered, files=files, findings=findings),
        edition=part.edition.id,
        name=part.edition.name,
    )
    return EditionBuilt(
        part.edition.id, files, findings, key, False, summary(part, rendered, key=key), email
    )


def summary(part: Split, rendered: Rendered, *, key: str) -> dict[str, Any]:
    """Return what the issue's manifest says of one edition."""
    return {
        "id": part.edition.id,
        "name": part.edition.name,
        "language": rendered.settings.language,
        "direction": rendered.settings.direction,
        "subject": rendered.subject,
        "blocks": list(part.blocks),
        "key": key,
        "image_bytes": rendered.image_bytes,
    }


def _previous(folder: Path) -> dict[str, Any]:
    """Return the issue's last manifest if it lists editions, else an empty one."""
    try:
        data = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and isinstance(data.get("editions"), list) else {}


def _reused(folder: Path, previous: dict[str, Any], part: Split, key: str) -> EditionBuilt | None:
    """Return an edition built before from the same inputs, its files intact; else None."""
    if not key:
        return None
    known = next(
        (
            e
            for e in previous.get("editions", [])
            if isinstance(e, dict) and e.get("id") == part.edition.id
        ),
        None,
    )
    if known is None or known.get("key") != key:
        return None
    prefix = f"{part.edition.id}/"
    files = {}
    try:
        for name, described in previous["files"].items():
            if not name.startswith(prefix):
                continue
            body = (folder / name).read_bytes()
            if hashlib.sha256(body).hexdigest() != described["sha256"]:
                return None
            files[name.removeprefix(prefix)] = body
        email = email_of(part.edition.id, part.edition.name, files)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return EditionBuilt(part.edition.id, files, list(email.findings), key, True, known, email)


def email_of(edition: str, name: str, files: dict[str, bytes]) -> EditionEmail:
    """Return an edition's email as its files, written by an earlier build, describe it.

    Raise ValueError, KeyError or TypeError for files no build wrote.
    """
    own = json.loads(files[MANIFEST_FILE])
    email = read_email(own, html=files[HTML_FILE], text=files[TEXT_FILE])
    return as_edition(email, edition=edition, name=name)


def emails_in(manifest: dict[str, Any], files: dict[str, bytes]) -> tuple[EditionEmail, ...]:
    """Return the emails of an issue whose manifest lists editions, in its order.

    ``files`` are the issue folder's, by name below it, as the manifest describes them
    (the caller verified them); raise ValueError, KeyError or TypeError for a folder no
    build wrote.
    """
    from newsletter.models.routing import check_edition_id

    emails = []
    for edition in manifest["editions"]:
        # Only ever an id the settings could have given.
        edition_id = check_edition_id(str(edition["id"]))
        own = {
            name: files[f"{edition_id}/{name}"] for name in (HTML_FILE, TEXT_FILE, MANIFEST_FILE)
        }
        emails.append(email_of(edition_id, str(edition["name"]), own))
    return tuple(emails)


def top_manifest(slug: str, built: list[EditionBuilt], files: dict[str, bytes]) -> bytes:
    """Describe an issue's editions and every file of its folder."""
    findings = [f for edition in built for f in label(edition.findings, edition.id)]
    data = {
        "issue": slug,
        "editions": [edition.summary for edition in built],
        "checks": [finding.as_dict() for finding in findings],
        "files": {
            name: {"bytes": len(body), "sha256": hashlib.sha256(body).hexdigest()}
            for name, body in sorted(files.items())
            if name != MANIFEST_FILE
        },
        "warnings": [str(finding) for finding in findings],
        "html_bytes": sum(len(e.files[HTML_FILE]) for e in built),
        "image_bytes": sum(int(e.summary.get("image_bytes") or 0) for e in built),
    }
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


# -- the editions report ----------------------------------------------------------------


def _block_title(block: Any) -> str:
    """Return a short name of a block for the report: its headline, or its type."""
    for name in ("title", "text", "label"):
        value = getattr(block, name, None)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())[:60]
    return block.type


def table(root: Path, slug: str) -> str:
    """Return the story x edition table of an issue: which block goes to which edition."""
    from newsletter.content.editions import routes
    from newsletter.content.loader import load_issue
    from newsletter.opening import open_folder

    newsletter = open_folder(root)
    settings = newsletter.settings
    (path,) = newsletter.project.issue_sources([slug])
    issue = load_issue(path, project=newsletter.project).issue
    ids = [edition.id for edition in settings.editions]
    if not ids:
        return f"{slug}: no editions in the settings; every block goes to the one email"
    rows = [("#", "block", *ids)]
    for index, (block, routed) in enumerate(
        zip(issue.blocks, routes(settings, issue), strict=True)
    ):
        marks = ["x" if edition in routed else "-" for edition in ids]
        rows.append((str(index), f"{block.type}: {_block_title(block)}", *marks))
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def diff(root: Path, slug: str, first: str, second: str) -> str:
    """Return what differs between two editions' emails: subject, blocks and links."""
    from newsletter.opening import open_folder
    from newsletter.pipeline import render_edition

    newsletter = open_folder(root)
    ids = [edition.id for edition in newsletter.settings.editions]
    for name in (first, second):
        if name not in ids:
            from newsletter.errors import ContentError, Problem

            raise ContentError(
                [Problem(slug, f"no edition {name!r}; use one of {', '.join(ids) or '(none)'}")]
            )
    one, other = (render_edition(newsletter, slug, name) for name in (first, second))
    blocks = _source_blocks(newsletter, slug)
    lines = []
    if one.subject != other.subject:
        lines += ["subject:", f"  {first}: {one.subject}", f"  {second}: {other.subject}"]
    lines += _differ("blocks", blocks[first], blocks[second], first, second)
    lines += _differ("links", _links(one), _links(other), first, second)
    return "\n".join(lines) or f"{first} and {second} have the same subject, blocks and links"


def _source_blocks(newsletter: Newsletter, slug: str) -> dict[str, list[str]]:
    """Return, per edition, the blocks it takes, named as written (before translation)."""
    from newsletter.content.loader import load_issue
    from newsletter.pipeline import split_editions

    (path,) = newsletter.project.issue_sources([slug])
    loaded = load_issue(path, project=newsletter.project)
    named = {}
    for part in split_editions(newsletter, loaded):
        own = [
            f"{index} {block.type}: {_block_title(block)}"
            for index in part.blocks
            for block in [loaded.issue.blocks[index]]
        ]
        if part.edition.promo is not None:
            own.append(f"promo of the edition: {_block_title(part.edition.promo)}")
        named[part.edition.id] = own
    return named


def _links(rendered: Rendered) -> list[str]:
    """Return the email's link targets without their campaign parameters."""
    import lxml.html

    found = []
    for element in lxml.html.fromstring(rendered.html).iter("a"):
        href = (element.get("href") or "").split("?")[0]
        if href.startswith("http") and href not in found:
            found.append(href)
    return found


def _differ(title: str, one: list[str], other: list[str], first: str, second: str) -> list[str]:
    """Return the lines of one part of the diff: what only one edition has."""
    only_one = [item for item in one if item not in other]
    only_other = [item for item in other if item not in one]
    if not (only_one or only_other):
        return []
    return [
        f"{title}:",
        *(f"  only in {first}: {item}" for item in only_one),
        *(f"  only in {second}: {item}" for item in only_other),
    ]
