"""Editions of an issue: building them into out/<slug>/<edition>/, and comparing them.

The issue folder holds one subfolder per edition, each with the four files of an
email, and one manifest listing the editions. Each edition is recorded with a key
made of what it was derived from (its settings, its blocks, the templates, code and
pictures): an edition whose key and files are unchanged is not rendered again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsletter.checks import Finding
from newsletter.project import HTML_FILE, MANIFEST_FILE

if TYPE_CHECKING:
    from newsletter.commands import buildkey
    from newsletter.content.editions import Split
    from newsletter.content.loader import Loaded
    from newsletter.pipeline import Newsletter, Rendered


@dataclass(frozen=True)
class EditionBuilt:
    """One edition's files (below its folder's name), findings and whether it was reused."""

    id: str
    files: dict[str, bytes]
    findings: list[Finding]
    key: str
    reused: bool
    summary: dict[str, Any]


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


def build_editions(
    newsletter: Newsletter, loaded: Loaded, *, inputs: buildkey.Inputs | None, folder: Path
) -> tuple[list[EditionBuilt], dict[str, bytes]]:
    """Render and check each edition not already built as it is; return them and all files."""
    from newsletter.pipeline import split_editions

    previous = _previous(folder)
    built = []
    for part in split_editions(newsletter, loaded):
        key = inputs.edition_key(loaded.slug, made_of(part)) if inputs else ""
        built.append(_reused(folder, previous, part, key) or _made(newsletter, loaded, part, key))
    files: dict[str, bytes] = {}
    for edition in built:
        files.update({f"{edition.id}/{name}": body for name, body in edition.files.items()})
    files[MANIFEST_FILE] = top_manifest(loaded.slug, built, files)
    return built, files


def _made(newsletter: Newsletter, loaded: Loaded, part: Split, key: str) -> EditionBuilt:
    """Render, check and describe one edition."""
    from newsletter import checks, output
    from newsletter.pipeline import render_part

    rendered = render_part(newsletter, loaded, part)
    findings = checks.check(rendered)
    files = output.email_files(rendered, findings=findings)
    return EditionBuilt(
        part.edition.id, files, findings, key, False, summary(part, rendered, key=key)
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
        own = json.loads(files[MANIFEST_FILE])
        findings = [Finding(**finding) for finding in own["checks"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return EditionBuilt(part.edition.id, files, findings, key, True, known)


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
