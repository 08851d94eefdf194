"""newsletter check: render issues in memory and run the pre-send checks on each."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from newsletter import checks
from newsletter.checks import Finding
from newsletter.commands.editions import label
from newsletter.content.loader import load_issue
from newsletter.errors import CommandFailed, ContentError, Problem
from newsletter.models import Issue
from newsletter.opening import open_folder
from newsletter.pipeline import Rendered, render_all
from newsletter.project import Project


@dataclass
class Report:
    """The outcome of checking issues: which were checked, findings, and invalid content."""

    slugs: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def check_issues(
    root: Path,
    *,
    slugs: list[str] | None = None,
    links: bool = False,
    render: bool = False,
    shots: Path | None = None,
) -> Report:
    """Render the issues in memory and check each valid one once.

    With ``render`` (or ``shots``), also look at each in the machine's browser in the
    client modes, writing screenshots and a contact sheet to ``shots`` when given.
    Invalid issues are listed in the report's problems rather than raised, so that the
    findings of the valid ones are not lost; invalid settings raise ContentError.
    """
    newsletter = open_folder(root)
    report = Report()
    rendered: list[Rendered] = []
    for result in render_all(newsletter, slugs):
        if isinstance(result, ContentError):
            report.problems.extend(result.problems)
        else:
            rendered.append(result)
            if result.slug not in report.slugs:
                report.slugs.append(result.slug)
    results = _fetch_links(rendered) if links else None
    pixels = _fetch_pixels(rendered, results) if links else None
    looked = _look(rendered, pixels, shots) if render or shots is not None else {}
    sent = sent_issues(newsletter.project)
    for item in rendered:
        found = checks.check(
            item,
            links=results,
            pixels=pixels,
            looked=looked.get((item.slug, item.edition)),
            sent=sent,
        )
        report.findings.extend(found if item.edition is None else label(found, item.edition))
    return report


def _look(rendered: list[Rendered], pixels: dict | None, shots: Path | None) -> dict:
    """Look at every email in the browser's client modes; return what it saw by slug."""
    from newsletter.checks.render.look import look_all

    emails = [checks.Email.of(item) for item in rendered]
    for email in emails:
        email.pixels = dict(pixels or {})
    look_all(emails, shots=shots)
    pairs = zip(rendered, emails, strict=True)
    return {(item.slug, item.edition): email.looked for item, email in pairs}


def sent_issues(project: Project) -> dict[str, Issue]:
    """Return every valid issue of the folder marked sent, by slug."""
    found: dict[str, Issue] = {}
    for path in project.issue_sources():
        try:
            loaded = load_issue(path, project=project)
        except ContentError:
            continue
        if loaded.issue.status == "sent":
            found[loaded.slug] = loaded.issue
    return found


def _fetch_links(rendered: list[Rendered]) -> dict:
    """Request every web URL of the emails once; return the results by URL.

    Raise CommandFailed, one line, when no host could be looked up: the machine is
    offline, which says nothing about the links.
    """
    from newsletter.checks.linkcheck import check_links, offline

    wanted: set[str] = set()
    for item in rendered:
        wanted.update(checks.link_urls(checks.Email.of(item)))
    results = check_links(wanted)
    if offline(results):
        hosts = len({urlsplit(url).hostname for url in results})
        raise CommandFailed(
            f"--links: none of the {hosts} host{'s' * (hosts != 1)} could be looked up (DNS): "
            "this machine seems to be offline; connect to the internet and run it again"
        )
    return results


def _fetch_pixels(rendered: list[Rendered], results: dict | None) -> dict:
    """Read the pixel size of every image that answered; return them by URL."""
    from newsletter.checks.imagefetch import fetch_pixels

    wanted: set[str] = set()
    for item in rendered:
        wanted.update(checks.image_urls(checks.Email.of(item)))
    answered = {url for url in wanted if results is None or (url in results and results[url].ok)}
    return fetch_pixels(answered)
