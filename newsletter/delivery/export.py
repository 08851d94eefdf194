"""Request bodies for mailing-service APIs, filled from a build with the service's merge tags.

Each service has one small function returning the JSON body its API takes; values the
builder cannot know (recipients, list ids) are flags or ``REPLACE_WITH_...`` placeholders.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from email.utils import formataddr
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsletter.delivery.publish.model import campaign_name
from newsletter.errors import ContentError, Problem
from newsletter.services import EXPORTS as SERVICES
from newsletter.services import campaign_metadata, campaign_tags

if TYPE_CHECKING:
    from newsletter.images.resolve import Placed
    from newsletter.models import Settings
    from newsletter.pipeline import Newsletter

RECIPIENT = "REPLACE_WITH_RECIPIENT_ADDRESS"
LIST_ID = "REPLACE_WITH_LIST_ID"
_PLACEHOLDER = re.compile(r"REPLACE_WITH_[A-Z_]+")
# Services' integer ids are 64-bit at most: 18 digits always fit.
_NUMBER = re.compile(r"[0-9]{1,18}")

Body = dict[str, Any]


@dataclass(frozen=True)
class Campaign:
    """What every payload is made of: one issue rendered with one service's merge tags."""

    name: str
    slug: str
    subject: str
    preheader: str
    from_name: str
    from_email: str
    reply_to: str | None
    html: str
    text: str
    headers: dict[str, str]
    settings: Settings
    """The settings it was rendered with: an edition's own, for an edition's campaign."""
    images: tuple[Placed, ...] = ()
    """The picture files the build made for the email; each must be pushed first."""
    edition: str | None = None
    """The edition's id, for an edition's campaign."""

    @property
    def mailbox(self) -> str:
        """Return the From mailbox, the name RFC 2047 encoded when it is not ASCII."""
        return formataddr((self.from_name, self.from_email))


@dataclass(frozen=True)
class Options:
    """Who the payload goes to: test recipients, list and segment, Postmark stream.

    They come from the command line, or from the settings' `publish:` target for the
    service (an edition's own); the command line wins.
    """

    to: tuple[str, ...] = ()
    list_id: str | None = None
    stream: str | None = None
    segment: str | None = None

    def given(self) -> list[str]:
        """Return the command-line options these values came from, e.g. ['--to']."""
        names = {"--to": bool(self.to), "--list-id": self.list_id is not None}
        return [
            name for name, set_ in {**names, "--stream": self.stream is not None}.items() if set_
        ]

    def recipients(self) -> list[str]:
        """Return the --to addresses, or one placeholder."""
        return list(self.to) or [RECIPIENT]

    def list_text(self, placeholder: str = LIST_ID) -> str:
        """Return --list-id as a string, for APIs that name lists by string, or the placeholder."""
        return placeholder if self.list_id is None else self.list_id

    def list_number(self, placeholder: str = LIST_ID, *, service: str) -> int | str:
        """Return --list-id as an integer, for APIs with numeric ids, or the placeholder."""
        if self.list_id is None:
            return placeholder
        return _number(self.list_id, service=service)


def _number(value: str, *, service: str) -> int:
    """Return --list-id as the integer the service's API takes."""
    if not _NUMBER.fullmatch(value):
        raise ContentError(
            [
                Problem(
                    "--list-id",
                    f"{value[:40]!r}: {service} ids are numbers of up to 18 digits; give "
                    "the number, e.g. --list-id 7",
                )
            ]
        )
    return int(value)


def mailchimp(email: Campaign, options: Options) -> Body:
    """Two Mailchimp Marketing API bodies: create the campaign, then set its content."""
    # https://mailchimp.com/developer/marketing/api/campaigns/add-campaign/
    # https://mailchimp.com/developer/marketing/api/campaign-content/set-campaign-content/
    recipients: Body = {"list_id": options.list_text()}
    if options.segment is not None:
        # A number: the settings' validation checked it.
        recipients["segment_opts"] = {"saved_segment_id": int(options.segment)}
    return {
        "campaign": {
            "type": "regular",
            "recipients": recipients,
            "settings": {
                "subject_line": email.subject,
                "preview_text": email.preheader,
                "title": email.name,
                "from_name": email.from_name,
                "reply_to": email.reply_to or email.from_email,
            },
        },
        "content": {"html": email.html, "plain_text": email.text},
    }


def sendgrid(email: Campaign, options: Options) -> Body:
    """SendGrid v3 Mail Send; the unsubscribe tag needs an unsubscribe group (asm)."""
    # https://www.twilio.com/docs/sendgrid/api-reference/mail-send/mail-send
    body: Body = {
        "personalizations": [{"to": [{"email": to} for to in options.recipients()]}],
        "from": {"email": email.from_email, "name": email.from_name},
        "subject": email.subject,
        # SendGrid requires text/plain before text/html.
        "content": [
            {"type": "text/plain", "value": email.text},
            {"type": "text/html", "value": email.html},
        ],
        "asm": {
            "group_id": options.list_number("REPLACE_WITH_UNSUBSCRIBE_GROUP_ID", service="sendgrid")
        },
    }
    if email.reply_to:
        body["reply_to"] = {"email": email.reply_to}
    if email.headers:
        body["headers"] = email.headers
    return body


def postmark(email: Campaign, options: Options) -> Body:
    """Postmark Campaign API, single message, on a broadcast stream by default."""
    # https://postmarkapp.com/developer/api/email-api#send-a-single-email
    body: Body = {
        "From": email.mailbox,
        "To": ", ".join(options.recipients()),
        "Subject": email.subject,
        "HtmlBody": email.html,
        "TextBody": email.text,
        "MessageStream": options.stream or "broadcast",
    }
    if email.reply_to:
        body["ReplyTo"] = email.reply_to
    if email.headers:
        body["Headers"] = [{"Name": k, "Value": v} for k, v in email.headers.items()]
    return body


def mailgun(email: Campaign, options: Options) -> Body:
    """Mailgun Messages API form fields, as JSON; a list value is a repeated field."""
    # https://documentation.mailgun.com/docs/mailgun/api-reference/openapi-final/tag/Messages/
    body: Body = {
        "from": email.mailbox,
        "to": options.recipients(),
        "subject": email.subject,
        "text": email.text,
        "html": email.html,
    }
    if email.reply_to:
        body["h:Reply-To"] = email.reply_to
    body.update({f"h:{name}": value for name, value in email.headers.items()})
    return body


def ses(email: Campaign, options: Options) -> Body:
    """Amazon SES v2 SendEmail (POST /v2/email/outbound-emails) with Simple content."""
    # https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendEmail.html
    # https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_Message.html
    simple: Body = {
        "Subject": {"Data": email.subject, "Charset": "UTF-8"},
        "Body": {
            "Text": {"Data": email.text, "Charset": "UTF-8"},
            "Html": {"Data": email.html, "Charset": "UTF-8"},
        },
    }
    if email.headers:
        simple["Headers"] = [{"Name": k, "Value": v} for k, v in email.headers.items()]
    body: Body = {
        "FromEmailAddress": email.mailbox,
        "Destination": {"ToAddresses": options.recipients()},
        "Content": {"Simple": simple},
        # {{amazonSESUnsubscribeUrl}} is filled only when a contact list is named.
        "ListManagementOptions": {
            "ContactListName": options.list_text("REPLACE_WITH_CONTACT_LIST_NAME"),
        },
    }
    if email.reply_to:
        body["ReplyToAddresses"] = [email.reply_to]
    return body


def brevo(email: Campaign, options: Options) -> Body:
    """Brevo create email campaign (POST /v3/emailCampaigns); Brevo makes its own text part."""
    # https://developers.brevo.com/reference/create-email-campaign
    body: Body = {
        "name": email.name,
        "subject": email.subject,
        "previewText": email.preheader,
        "sender": {"name": email.from_name, "email": email.from_email},
        "htmlContent": email.html,
        "recipients": {"listIds": [options.list_number(service="brevo")]},
    }
    if options.segment is not None:
        body["recipients"]["segmentIds"] = [int(options.segment)]
    if email.reply_to:
        body["replyTo"] = email.reply_to
    return body


def listmonk(email: Campaign, options: Options) -> Body:
    """listmonk create campaign (POST /api/campaigns) with an HTML body and text altbody."""
    # https://listmonk.app/docs/apis/campaigns/#post-apicampaigns
    headers = dict(email.headers)
    if email.reply_to:
        headers["Reply-To"] = email.reply_to
    body: Body = {
        "name": email.name,
        "subject": email.subject,
        "lists": [options.list_number(service="listmonk")],
        "from_email": email.mailbox,
        "type": "regular",
        "content_type": "html",
        "body": email.html,
        "altbody": email.text,
        "messenger": "email",
        "tags": campaign_tags(email.slug, email.edition),
    }
    if headers:
        body["headers"] = [{name: value} for name, value in headers.items()]
    return body


def kit(email: Campaign, options: Options) -> Body:
    """Kit v4 create broadcast, saved as a draft (send_at null) for a segment."""
    # https://developers.kit.com/api-reference/broadcasts/create-a-broadcast
    return {
        "subject": email.subject,
        "preview_text": email.preheader,
        "description": email.name,
        "content": email.html,
        "email_address": email.from_email,
        "public": False,
        "send_at": None,
        "subscriber_filter": [
            {
                "all": [
                    {
                        "type": "segment",
                        "ids": [options.list_number("REPLACE_WITH_SEGMENT_ID", service="kit")],
                    }
                ]
            }
        ],
    }


def buttondown(email: Campaign, options: Options) -> Body:
    """Buttondown create email (POST /v1/emails), saved as a draft to send from Buttondown."""
    # https://docs.buttondown.com/api-reference (EmailInput in buttondown/openapi)
    return {
        "subject": email.subject,
        "body": email.html,
        "description": email.preheader,
        "status": "draft",
        "metadata": {**campaign_metadata(email.slug, email.edition), "name": email.name},
    }


def resend(email: Campaign, options: Options) -> Body:
    """Resend create broadcast (POST /broadcasts) without ``send``: a draft for a segment."""
    # https://resend.com/docs/api-reference/broadcasts/create-broadcast
    body: Body = {
        "segment_id": options.list_text("REPLACE_WITH_SEGMENT_ID"),
        "from": email.mailbox,
        "subject": email.subject,
        "name": email.name,
        "preview_text": email.preheader,
        "html": email.html,
        "text": email.text,
    }
    if email.reply_to:
        body["reply_to"] = [email.reply_to]
    return body


PAYLOADS: dict[str, Callable[[Campaign, Options], Body]] = {
    "brevo": brevo,
    "buttondown": buttondown,
    "kit": kit,
    "listmonk": listmonk,
    "mailchimp": mailchimp,
    "mailgun": mailgun,
    "postmark": postmark,
    "resend": resend,
    "sendgrid": sendgrid,
    "ses": ses,
}


# The command-line options each service's payload uses; any other is refused.
USES: dict[str, frozenset[str]] = {
    "brevo": frozenset({"--list-id"}),
    "buttondown": frozenset(),
    "kit": frozenset({"--list-id"}),
    "listmonk": frozenset({"--list-id"}),
    "mailchimp": frozenset({"--list-id"}),
    "mailgun": frozenset({"--to"}),
    "postmark": frozenset({"--to", "--stream"}),
    "resend": frozenset({"--list-id"}),
    "sendgrid": frozenset({"--to", "--list-id"}),
    "ses": frozenset({"--to", "--list-id"}),
}


def refuse_unused(service: str, options: Options) -> None:
    """Raise ContentError, one line per option, for options the service's payload ignores."""
    unused = [name for name in options.given() if name not in USES[service]]
    if unused:
        takes = ", ".join(sorted(USES[service])) or "none of --to, --list-id and --stream"
        raise ContentError(
            [
                Problem(name, f"{service} does not use it (it takes {takes}); leave it out")
                for name in unused
            ]
        )


def export(
    root: Path, slug: str, *, service: str, options: Options, allow_draft: bool = False
) -> tuple[Path, list[str]]:
    """Write out/<slug>/<service>.json; return its path and the placeholders left in it.

    Refuse a draft (unless ``allow_draft``) and an issue or settings with placeholders.
    """
    from newsletter.delivery.send import check_addresses
    from newsletter.opening import open_folder
    from newsletter.output import write_folder
    from newsletter.project import Project, check_slug

    project = Project(root)
    try:
        check_slug(slug)
    except ValueError as error:
        raise ContentError([Problem(slug, str(error))]) from None
    if options.to:
        options = replace(options, to=tuple(check_addresses(list(options.to))))
    newsletter = open_folder(project)
    _refuse_unready(newsletter, slug, allow_draft=allow_draft)
    campaign = campaign_for(newsletter, slug, service=service)
    body = PAYLOADS[service](campaign, addressed(options, campaign.settings, service=service))
    refuse_unpushed(newsletter, slug, campaign.images)
    data = (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode()
    folder = project.out_folder(slug)
    write_folder(folder, {f"{service}.json": data})
    placeholders = sorted(set(_PLACEHOLDER.findall(data.decode())))
    return folder / f"{service}.json", placeholders


def _refuse_unready(newsletter: Newsletter, slug: str, *, allow_draft: bool) -> None:
    """Raise ContentError for a draft (unless allowed) or for placeholders left to fill in."""
    from newsletter.content.loader import load_issue
    from newsletter.content.placeholders import refuse_unfilled

    project = newsletter.project
    (path,) = project.issue_sources([slug])
    issue = load_issue(path, project=project).issue
    if issue.status == "draft" and not allow_draft:
        raise ContentError(
            [
                Problem(
                    project.issue_file(slug),
                    f"is a draft; mark it ready first (newsletter mark {slug} ready), "
                    "or pass --allow-draft to export it anyway",
                    field="status",
                )
            ]
        )
    refuse_unfilled(newsletter.settings, issue, slug=slug, doing="export it")


def export_editions(
    root: Path,
    slug: str,
    *,
    service: str,
    options: Options,
    allow_draft: bool = False,
    only: str | None = None,
) -> list[tuple[Path, list[str]]]:
    """Write out/<slug>/<edition>/<service>.json for each edition (or ``only`` that one).

    Each payload goes to its edition's own target (its `publish:` list for the service)
    unless --list-id names one; every payload is made before any is written.
    """
    from newsletter.delivery.send import check_addresses
    from newsletter.opening import open_folder
    from newsletter.output import write_folder
    from newsletter.project import Project, check_slug

    project = Project(root)
    try:
        check_slug(slug)
    except ValueError as error:
        raise ContentError([Problem(slug, str(error))]) from None
    if options.to:
        options = replace(options, to=tuple(check_addresses(list(options.to))))
    newsletter = open_folder(project)
    ids = [edition.id for edition in newsletter.settings.editions]
    if not ids and only is None:
        return [export(root, slug, service=service, options=options, allow_draft=allow_draft)]
    if only is not None and only not in ids:
        raise ContentError(
            [
                Problem(
                    slug,
                    f"no edition {only!r}; use one of {', '.join(ids) or '(none)'}",
                    field="--edition",
                )
            ]
        )
    _refuse_unready(newsletter, slug, allow_draft=allow_draft)
    files: dict[str, bytes] = {}
    for edition in [only] if only else ids:
        campaign = campaign_for(newsletter, slug, service=service, edition=edition)
        body = PAYLOADS[service](campaign, addressed(options, campaign.settings, service=service))
        refuse_unpushed(newsletter, slug, campaign.images)
        data = (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode()
        files[f"{edition}/{service}.json"] = data
    folder = project.out_folder(slug)
    write_folder(folder, files)
    return [
        (folder / name, sorted(set(_PLACEHOLDER.findall(data.decode()))))
        for name, data in files.items()
    ]


# The field of a `publish:` target that fills a service's --list-id: SendGrid's payload
# takes the unsubscribe group there, every other service its list.
_LIST_FIELD = {"sendgrid": "unsubscribe_group"}


def addressed(options: Options, settings: Settings, *, service: str) -> Options:
    """Return the options with the settings' `publish:` target, unless --list-id names one.

    --list-id replaces the whole target: a segment of the settings' list is left out.
    """
    audience = settings.publish.get(service)
    if options.list_id is not None or audience is None:
        return options
    listed = getattr(audience, _LIST_FIELD.get(service, "list"))
    return replace(options, list_id=listed, segment=audience.segment)


def campaign_for(
    newsletter: Newsletter, slug: str, *, service: str, edition: str | None = None
) -> Campaign:
    """Render the issue in memory with the service's merge tags; content/ and out/ stay as is."""
    from newsletter.mail.message import list_headers
    from newsletter.pipeline import render_edition, render_slug

    settings = with_service(newsletter.settings, SERVICES[service], service=service)
    serviced = replace(newsletter, settings=settings)
    if edition is None:
        rendered = render_slug(serviced, slug)
    else:
        rendered = render_edition(serviced, slug, edition)
        settings = rendered.settings
    return Campaign(
        # The name publish gives the campaign: publish finds a draft posted from this
        # payload by it, and updates that draft instead of making a second one.
        name=campaign_name(settings.name, rendered.slug, rendered.edition),
        slug=rendered.slug,
        edition=rendered.edition,
        subject=rendered.subject,
        preheader=rendered.preheader,
        from_name=settings.sender.name,
        from_email=str(settings.sender.email),
        reply_to=str(settings.reply_to) if settings.reply_to else None,
        html=rendered.html,
        text=rendered.text,
        headers=list_headers(settings),
        images=rendered.images,
        settings=settings,
    )


def refuse_unpushed(newsletter: Newsletter, slug: str, images: tuple[Placed, ...]) -> None:
    """Raise ContentError naming a picture of the issue that was never pushed to its host."""
    from newsletter.images import ledger

    missing = ledger.unpushed(newsletter.project, images)
    if missing:
        first = missing[0]
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        raise ContentError(
            [
                Problem(
                    first.source,
                    f"is not pushed to its host yet{more}; run "
                    f"'newsletter images push {slug}' first",
                )
            ]
        )


def with_service(settings: Settings, profile: str, *, service: str) -> Settings:
    """Return a copy of the settings with another mailing_service, validated again."""
    from pydantic import ValidationError

    from newsletter.models import Settings
    from newsletter.project import SETTINGS_FILE

    if settings.mailing_service == profile:
        return settings
    try:
        return Settings.model_validate({**settings.model_dump(), "mailing_service": profile})
    except ValidationError as error:
        message = " ".join(error.errors()[0]["msg"].removeprefix("Value error, ").split())
        raise ContentError(
            [Problem(SETTINGS_FILE, f"cannot export for {service}: {message}")]
        ) from None
