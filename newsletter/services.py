"""The mailing services the newsletter knows, by name: one registry for every consumer.

Each service's merge tags fill the unsubscribe, view-online, preferences and first-name
slots of the email, and its if/else tags wrap the greeting so that a subscriber without
a first name gets the fallback greeting; the export payloads
(newsletter.delivery.export) are keyed by the same names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class IfFirstName(NamedTuple):
    """A service's tags for "if the subscriber has a first name ... else ... end"."""

    start: str
    otherwise: str
    end: str


@dataclass(frozen=True)
class Profile:
    """A service's merge tags; None where the service has no tag for a slot.

    The first-name tag comes with the service's if/else tags or not at all: a name
    the service cannot test for would greet a subscriber without one as "Hello ,".
    """

    unsubscribe: str | None
    view_online: str | None
    preferences: str | None = None
    first_name: str | None = None
    if_first_name: IfFirstName | None = None

    def __post_init__(self) -> None:
        if (self.first_name is None) != (self.if_first_name is None):
            raise ValueError("a first-name tag needs the service's if/else tags, and back")

    def tags(self) -> set[str]:
        """Return the tags that may stand in for a URL or a name in the email."""
        slots = (self.unsubscribe, self.view_online, self.preferences, self.first_name)
        return {tag for tag in slots if tag}


# Tag spellings from each service's documentation, cited per profile.
PROFILES: dict[str, Profile] = {
    "none": Profile(None, None),
    # https://mailchimp.com/help/all-the-merge-tags-cheat-sheet/ (UNSUB, ARCHIVE,
    # UPDATE_PROFILE, FNAME); *|IF:MERGE|* ... *|ELSE:|* ... *|END:IF|*, false when MERGE
    # has no value: https://mailchimp.com/help/use-conditional-merge-tag-blocks/ and
    # https://mailchimp.com/developer/transactional/docs/templates-dynamic-content/
    "mailchimp": Profile(
        "*|UNSUB|*",
        "*|ARCHIVE|*",
        preferences="*|UPDATE_PROFILE|*",
        first_name="*|FNAME|*",
        if_first_name=IfFirstName("*|IF:FNAME|*", "*|ELSE:|*", "*|END:IF|*"),
    ),
    # Marketing Campaigns single sends: designs are Handlebars templates
    # (https://www.twilio.com/docs/sendgrid/for-developers/sending-email/using-handlebars);
    # the unsubscribe module's tags {{{unsubscribe}}} and {{{unsubscribe_preferences}}}
    # (https://support.sendgrid.com/hc/en-us/articles/1260806604209-Unsubscribe-Methods).
    "sendgrid": Profile(
        "{{{unsubscribe}}}",
        None,
        preferences="{{{unsubscribe_preferences}}}",
        first_name="{{first_name}}",
        if_first_name=IfFirstName("{{#if first_name}}", "{{else}}", "{{/if}}"),
    ),
    # v3 mail/send with an unsubscribe group (asm): substitution tags only, no
    # conditionals outside dynamic templates, so no first name.
    # https://www.twilio.com/docs/sendgrid/ui/sending-email/recipient-subscription-preferences
    "sendgrid-api": Profile(
        "<%asm_group_unsubscribe_raw_url%>", None, preferences="<%asm_preferences_raw_url%>"
    ),
    # Broadcast streams fill only the unsubscribe link in a message sent with an HtmlBody.
    # https://postmarkapp.com/support/article/1215-managing-message-streams-with-postmarks-api
    "postmark": Profile("{{{ pm:unsubscribe }}}", None),
    # %recipient.x% variables are plain substitutions without conditionals (Handlebars
    # works only in stored templates, which the export does not use), so no first name.
    # https://documentation.mailgun.com/docs/mailgun/user-manual/sending-messages/batch-sending
    # https://documentation.mailgun.com/docs/mailgun/user-manual/sending-messages/send-templates
    "mailgun": Profile("%unsubscribe_url%", None),
    # Simple content is sent as it is; only list management fills its unsubscribe tag.
    # https://docs.aws.amazon.com/ses/latest/dg/sending-email-subscription-management.html
    "ses": Profile("{{amazonSESUnsubscribeUrl}}", None),
    # Brevo Template Language: {{ mirror }}, {{ unsubscribe }}, {{ update_profile }},
    # {{ contact.FIRSTNAME }}, {% if %}...{% else %}...{% endif %}.
    # https://help.brevo.com/hc/en-us/articles/4402386448530
    # https://help.brevo.com/hc/en-us/articles/360001030599
    "brevo": Profile(
        "{{ unsubscribe }}",
        "{{ mirror }}",
        preferences="{{ update_profile }}",
        first_name="{{ contact.FIRSTNAME }}",
        if_first_name=IfFirstName("{% if contact.FIRSTNAME %}", "{% else %}", "{% endif %}"),
    ),
    # Go templates: https://listmonk.app/docs/templating/ and
    # https://pkg.go.dev/text/template (an empty string is false). ManageURL is the
    # unsubscribe URL with ?manage=true (internal/manager/manager.go in knadh/listmonk).
    "listmonk": Profile(
        "{{ UnsubscribeURL }}",
        "{{ MessageURL }}",
        preferences="{{ ManageURL }}",
        first_name="{{ .Subscriber.FirstName }}",
        if_first_name=IfFirstName("{{ if .Subscriber.FirstName }}", "{{ else }}", "{{ end }}"),
    ),
    # No first-name or preferences variable (subscriber.metadata holds what you import):
    # https://github.com/buttondown/docs/blob/main/pages/odds-and-ends/template-variables.mdx
    "buttondown": Profile("{{ unsubscribe_url }}", "{{ email_url }}"),
    # Broadcasts fill {{{RESEND_UNSUBSCRIBE_URL}}}; contact fields take a fallback
    # ({{{contact.first_name|there}}}) but no if/else, so no first name here.
    # https://resend.com/docs/dashboard/broadcasts/send-broadcast-with-api
    "resend": Profile("{{{RESEND_UNSUBSCRIBE_URL}}}", None),
    # Kit renders Liquid, where an empty string is true, hence != blank; and a Liquid
    # without Rails' blank? takes nil != blank as true, hence the first test too.
    # https://shopify.github.io/liquid/basics/truthy-and-falsy/ and, for the
    # preferences link, https://help.kit.com/en/articles/4600311-subscriber-preferences-link
    "kit": Profile(
        "{{ unsubscribe_url }}",
        None,
        preferences="{{ subscriber_preferences_url }}",
        first_name="{{ subscriber.first_name }}",
        if_first_name=IfFirstName(
            "{% if subscriber.first_name and subscriber.first_name != blank %}",
            "{% else %}",
            "{% endif %}",
        ),
    ),
}


# Export name -> the merge-tag profile its HTML and text use (newsletter export --service).
EXPORTS: dict[str, str] = {
    "brevo": "brevo",
    "buttondown": "buttondown",
    "kit": "kit",
    "listmonk": "listmonk",
    "mailchimp": "mailchimp",
    "mailgun": "mailgun",
    "postmark": "postmark",
    "resend": "resend",
    "sendgrid": "sendgrid-api",
    "ses": "ses",
}


# Publish name -> the merge-tag profile of the draft campaign it creates (newsletter publish).
PUBLISHERS: dict[str, str] = {
    "brevo": "brevo",
    "buttondown": "buttondown",
    "kit": "kit",
    "listmonk": "listmonk",
    "mailchimp": "mailchimp",
    "resend": "resend",
    # Single Sends, whose designs take the Handlebars unsubscribe-module tags.
    "sendgrid": "sendgrid",
}

# Services that send messages but keep no draft campaign: publish refuses them.
NO_DRAFTS: frozenset[str] = frozenset({"mailgun", "postmark", "ses"})


def campaign_tags(slug: str, edition: str | None) -> list[str]:
    """Return the tags that tie a campaign to its issue, and to its edition when it has one."""
    found = [f"newsletter-{slug}"]
    if edition is not None:
        found.append(f"newsletter-edition-{edition}")
    return found


def campaign_metadata(slug: str, edition: str | None) -> dict[str, str]:
    """Return the key-value metadata that ties a campaign to its issue (and edition)."""
    metadata = {"newsletter_issue": slug}
    if edition is not None:
        metadata["newsletter_edition"] = edition
    return metadata
