"""The mailing services the newsletter knows, by name: one registry for every consumer.

Each service's merge tags fill the unsubscribe, view-online and first-name slots of
the email; the export payloads (newsletter.delivery.export) are keyed by the same names.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    """A service's tags for the unsubscribe link, the web version and the first name."""

    unsubscribe: str | None
    view_online: str | None
    first_name: str | None


# Tag spellings from each service's documentation of its merge tags.
PROFILES: dict[str, Profile] = {
    "none": Profile(None, None, None),
    "mailchimp": Profile("*|UNSUB|*", "*|ARCHIVE|*", "*|FNAME|*"),
    # Marketing Campaigns single sends; "sendgrid-api" is for the v3 mail/send API
    # with an unsubscribe group (ASM).
    "sendgrid": Profile("{{{unsubscribe}}}", None, "{{first_name}}"),
    "sendgrid-api": Profile("<%asm_group_unsubscribe_raw_url%>", None, None),
    "postmark": Profile("{{{ pm:unsubscribe }}}", None, None),
    "mailgun": Profile("%unsubscribe_url%", None, "%recipient.first_name%"),
    "ses": Profile("{{amazonSESUnsubscribeUrl}}", None, None),
    "brevo": Profile("{{ unsubscribe }}", "{{ mirror }}", "{{ contact.FIRSTNAME }}"),
    "listmonk": Profile("{{ UnsubscribeURL }}", "{{ MessageURL }}", "{{ .Subscriber.FirstName }}"),
    "buttondown": Profile("{{ unsubscribe_url }}", "{{ email_url }}", None),
    "kit": Profile("{{ unsubscribe_url }}", None, "{{ subscriber.first_name }}"),
}


# Export name -> the merge-tag profile its HTML and text use (newsletter export --service).
EXPORTS: dict[str, str] = {
    "brevo": "brevo",
    "kit": "kit",
    "listmonk": "listmonk",
    "mailchimp": "mailchimp",
    "mailgun": "mailgun",
    "postmark": "postmark",
    "sendgrid": "sendgrid-api",
    "ses": "ses",
}
