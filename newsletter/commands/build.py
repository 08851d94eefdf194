"""newsletter build: render each issue, check it, and write it to out/<slug>/."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from newsletter import checks, output
from newsletter.archive import Published, publish
from newsletter.checks import Finding
from newsletter.errors import ContentError, Problem
from newsletter.pipeline import Newsletter, Rendered, open_newsletter, render_all
from newsletter.project import EMAIL_FILES, MANIFEST_FILE, Project


@dataclass(frozen=True)
class Built:
    """One issue rendered, checked and written."""

    rendered: Rendered
    findings: list[Finding]
    folder: Path
    changed: bool

    @property
    def slug(self) -> str:
        """Return the issue's slug."""
        return self.rendered.slug

    @property
    def html_bytes(self) -> int:
        """Return the size of the HTML email in bytes."""
        return len(self.rendered.html.encode())


@dataclass
class BuildReport:
    """What a build did: the issues built, in order, and the problems of the others."""

    built: list[Built] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    archive: Published | None = None


class BuildFailed(ContentError):
    """Some issues were invalid; the report says which were built all the same."""

    def __init__(self, report: BuildReport) -> None:
        super().__init__(report.problems)
        self.report = report


def open_checked(root: Path) -> Newsletter:
    """Open the newsletter folder and refuse settings that name unknown check rules."""
    newsletter = open_newsletter(root)
    unknown = checks.unknown_rules(newsletter.settings)
    if unknown:
        raise ContentError(unknown)
    return newsletter


def build(
    root: Path, *, slugs: list[str] | None = None, on_built: Callable[[Built], None] | None = None
) -> BuildReport:
    """Build the named issues (or all) into out/, reporting each as it is written.

    Valid issues are written even when others are not; an invalid one leaves its
    previous output untouched, and BuildFailed is raised at the end.
    """
    newsletter = open_checked(root)
    report = BuildReport()
    for result in render_all(newsletter, slugs):
        if isinstance(result, ContentError):
            report.problems.extend(result.problems)
            continue
        built = write(newsletter, result)
        report.built.append(built)
        if on_built is not None:
            on_built(built)
    report.archive = publish(newsletter)
    if report.archive is not None:
        report.problems.extend(p for p in report.archive.problems if p not in report.problems)
    if report.problems:
        raise BuildFailed(report)
    return report


def stale_folders(project: Project) -> list[Path]:
    """Return the issue folders in out/ that a build made but whose issue file is gone."""
    if not project.out_dir.is_dir():
        return []
    slugs = set(project.issue_slugs())
    return [
        folder
        for folder in sorted(project.out_dir.iterdir())
        if folder.is_dir()
        and not folder.is_symlink()
        and folder.name not in slugs
        and _made_by_build(folder)
    ]


def _made_by_build(folder: Path) -> bool:
    """Tell whether a folder holds an issue build: a manifest naming it and its files."""
    try:
        data = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        isinstance(data, dict)
        and data.get("issue") == folder.name
        and set(EMAIL_FILES) - {MANIFEST_FILE} <= set(data.get("files") or {})
    )


def remove_stale(project: Project) -> list[Path]:
    """Remove the stale issue folders of out/; return them."""
    removed = stale_folders(project)
    for folder in removed:
        shutil.rmtree(folder)
    return removed


def write(newsletter: Newsletter, rendered: Rendered) -> Built:
    """Check a rendered issue and write its four files to out/<slug>/."""
    findings = checks.check(rendered)
    folder = newsletter.project.out_folder(rendered.slug)
    changed = output.write_folder(folder, output.email_files(rendered, findings=findings))
    return Built(rendered, findings, folder, changed)
