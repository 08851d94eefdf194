"""What must be true of an issue before a draft campaign is made from it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsletter.models.fields import PROMPT, STARTER_DOMAIN
from newsletter.project import issue_file

if TYPE_CHECKING:
    from newsletter.pipeline import Rendered

# Services that address a draft to nobody unless a list (or segment) id is given.
NEEDS_LIST = frozenset({"brevo", "kit", "listmonk", "mailchimp", "resend"})


def refusal(rendered: Rendered, *, service: str, allow_draft: bool) -> str | None:
    """Return why the issue may not be published to ``service``, or None when it may."""
    from newsletter.checks import check

    file = issue_file(rendered.slug)
    status = rendered.issue.status
    if status == "draft" and not allow_draft:
        return f"{file} has status: draft; set status: ready, or pass --allow-draft"
    if status == "sent":
        return f"{file} has status: sent; a sent issue is not published again"
    if _has_placeholder(rendered):
        return f"{file} still holds placeholders ([[...]] or {STARTER_DOMAIN}); fill them in"
    errors = [finding for finding in check(rendered) if finding.severity == "error"]
    if errors:
        first = errors[0]
        return (
            f"{len(errors)} check error(s), first {first.rule} at {first.where}; "
            f"run 'newsletter check {rendered.slug}'"
        )
    unhosted = local_images_not_yet_hosted(rendered)
    if unhosted:
        return f"{len(unhosted)} local image(s) not yet hosted, first {unhosted[0]}"
    if service in NEEDS_LIST:
        target = rendered.settings.publish.get(service)
        if target is None or not target.list:
            return f"set publish.{service}.list in the settings: the list the draft goes to"
    return None


def local_images_not_yet_hosted(rendered: Rendered) -> list[str]:
    """Return the images the email names by a local path rather than a hosted URL.

    The hook for local images: today every image in the content is an absolute URL (the
    models refuse anything else), so there is none; when local images are accepted, this
    returns those the build has not uploaded yet, and publish refuses the issue.
    """
    return []


def _has_placeholder(rendered: Rendered) -> bool:
    texts = (rendered.subject, rendered.preheader, rendered.html, rendered.text)
    return any(PROMPT.search(text) or STARTER_DOMAIN in text.lower() for text in texts)
