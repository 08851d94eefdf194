"""newsletter check: render issues in memory and run the pre-send checks on each."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from newsletter import checks
from newsletter.checks import Finding
from newsletter.errors import ContentError, Problem
from newsletter.opening import open_folder
from newsletter.pipeline import Rendered, render_all


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
            report.slugs.append(result.slug)
    results = _fetch_links(rendered) if links else None
    pixels = _fetch_pixels(rendered, results) if links else None
    looked = _look(rendered, pixels, shots) if render or shots is not None else {}
    for item in rendered:
        report.findings.extend(
            checks.check(item, links=results, pixels=pixels, looked=looked.get(item.slug))
        )
    return report


def _look(rendered: list[Rendered], pixels: dict | None, shots: Path | None) -> dict:
    """Look at every email in the browser's client modes; return what it saw by slug."""
    from newsletter.checks.render.look import look_all

    emails = [checks.Email.of(item) for item in rendered]
    for email in emails:
        email.pixels = dict(pixels or {})
    look_all(emails, shots=shots)
    return {email.slug: email.looked for email in emails}


def _fetch_links(rendered: list[Rendered]) -> dict:
    """Request every web URL of the emails once; return the results by URL."""
    from newsletter.checks.linkcheck import check_links

    wanted: set[str] = set()
    for item in rendered:
        wanted.update(checks.link_urls(checks.Email.of(item)))
    return check_links(wanted)


def _fetch_pixels(rendered: list[Rendered], results: dict | None) -> dict:
    """Read the pixel size of every image that answered; return them by URL."""
    from newsletter.checks.imagefetch import fetch_pixels

    wanted: set[str] = set()
    for item in rendered:
        wanted.update(checks.image_urls(checks.Email.of(item)))
    answered = {url for url in wanted if results is None or (url in results and results[url].ok)}
    return fetch_pixels(answered)
