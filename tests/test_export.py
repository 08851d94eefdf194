"""API payloads per mailing service: field names from each public reference, service tags."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from newsletter.commands.build import build
from newsletter.delivery.export import SERVICES, Options, export
from newsletter.errors import ContentError
from newsletter.render.mergetags import PLACEHOLDERS
from newsletter.services import PROFILES
from tests.support import EXAMPLE_SLUG, edit_settings, run_cli

ONE_CLICK = "https://www.millbrookweekly.example/newsletter/one-click?list=weekly"

# Field names allowed at each place of each payload, copied from the service's reference.
# A path is a dotted list of keys; "[]" steps into every item of a list.
FIELDS: dict[str, dict[str, set[str]]] = {
    # https://mailchimp.com/developer/marketing/api/campaigns/add-campaign/
    # https://mailchimp.com/developer/marketing/api/campaign-content/set-campaign-content/
    "mailchimp": {
        "": {"campaign", "content"},  # the two request bodies, one after the other
        "campaign": {
            "type",
            "recipients",
            "settings",
            "variate_settings",
            "tracking",
            "rss_opts",
            "social_card",
            "content_type",
        },
        "campaign.recipients": {"list_id", "segment_opts"},
        "campaign.settings": {
            "subject_line",
            "preview_text",
            "title",
            "from_name",
            "reply_to",
            "use_conversation",
            "to_name",
            "folder_id",
            "authenticate",
            "auto_footer",
            "inline_css",
            "auto_tweet",
            "auto_fb_post",
            "fb_comments",
            "template_id",
        },
        "content": {"plain_text", "html", "url", "template", "archive", "variate_contents"},
    },
    # https://www.twilio.com/docs/sendgrid/api-reference/mail-send/mail-send
    "sendgrid": {
        "": {
            "personalizations",
            "from",
            "reply_to",
            "reply_to_list",
            "subject",
            "content",
            "attachments",
            "template_id",
            "headers",
            "categories",
            "custom_args",
            "send_at",
            "batch_id",
            "asm",
            "ip_pool_name",
            "mail_settings",
            "tracking_settings",
        },
        "personalizations.[]": {
            "from",
            "to",
            "cc",
            "bcc",
            "subject",
            "headers",
            "substitutions",
            "dynamic_template_data",
            "custom_args",
            "send_at",
        },
        "personalizations.[].to.[]": {"email", "name"},
        "from": {"email", "name"},
        "reply_to": {"email", "name"},
        "content.[]": {"type", "value"},
        "asm": {"group_id", "groups_to_display"},
    },
    # https://postmarkapp.com/developer/api/email-api#send-a-single-email
    "postmark": {
        "": {
            "From",
            "To",
            "Cc",
            "Bcc",
            "Subject",
            "Tag",
            "HtmlBody",
            "TextBody",
            "ReplyTo",
            "Metadata",
            "Headers",
            "TrackOpens",
            "TrackLinks",
            "Attachments",
            "MessageStream",
        },
        "Headers.[]": {"Name", "Value"},
    },
    # https://documentation.mailgun.com/docs/mailgun/api-reference/openapi-final/tag/Messages/
    # (plus any h:<header> and v:<variable>, checked in test_field_names)
    "mailgun": {
        "": {
            "from",
            "to",
            "cc",
            "bcc",
            "subject",
            "text",
            "html",
            "amp-html",
            "template",
            "t:version",
            "t:text",
            "o:tag",
            "o:dkim",
            "o:deliverytime",
            "o:testmode",
            "o:tracking",
            "o:tracking-clicks",
            "o:tracking-opens",
            "o:require-tls",
            "o:skip-verification",
            "recipient-variables",
        },
    },
    # https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendEmail.html
    "ses": {
        "": {
            "FromEmailAddress",
            "FromEmailAddressIdentityArn",
            "Destination",
            "ReplyToAddresses",
            "FeedbackForwardingEmailAddress",
            "FeedbackForwardingEmailAddressIdentityArn",
            "Content",
            "EmailTags",
            "ConfigurationSetName",
            "EndpointId",
            "TenantName",
            "ListManagementOptions",
        },
        "Destination": {"ToAddresses", "CcAddresses", "BccAddresses"},
        "Content": {"Simple", "Raw", "Template"},
        "Content.Simple": {"Subject", "Body", "Headers", "Attachments"},
        "Content.Simple.Subject": {"Data", "Charset"},
        "Content.Simple.Body": {"Text", "Html"},
        "Content.Simple.Body.Text": {"Data", "Charset"},
        "Content.Simple.Body.Html": {"Data", "Charset"},
        "Content.Simple.Headers.[]": {"Name", "Value"},
        "ListManagementOptions": {"ContactListName", "TopicName"},
    },
    # https://developers.brevo.com/reference/create-email-campaign
    "brevo": {
        "": {
            "tag",
            "sender",
            "name",
            "htmlContent",
            "htmlUrl",
            "templateId",
            "scheduledAt",
            "subject",
            "previewText",
            "replyTo",
            "toField",
            "recipients",
            "attachmentUrl",
            "inlineImageActivation",
            "mirrorActive",
            "footer",
            "header",
            "utmCampaign",
            "params",
            "sendAtBestTime",
            "abTesting",
            "subjectA",
            "subjectB",
            "splitRule",
            "winnerCriteria",
            "winnerDelay",
            "ipWarmupEnable",
            "initialQuota",
            "increaseRate",
            "unsubscriptionPageId",
            "updateFormId",
        },
        "sender": {"name", "email", "id"},
        "recipients": {"listIds", "exclusionListIds", "segmentIds"},
    },
    # https://listmonk.app/docs/apis/campaigns/#post-apicampaigns
    "listmonk": {
        "": {
            "name",
            "subject",
            "lists",
            "from_email",
            "type",
            "content_type",
            "body",
            "altbody",
            "send_at",
            "messenger",
            "template_id",
            "tags",
            "headers",
        },
    },
    # https://developers.kit.com/api-reference/broadcasts/create-a-broadcast
    # EmailInput of POST /v1/emails in https://github.com/buttondown/openapi (openapi.json)
    "buttondown": {
        "": {
            "attachments",
            "publish_date",
            "subject",
            "slug",
            "description",
            "canonical_url",
            "image",
            "body",
            "archival_mode",
            "email_type",
            "status",
            "metadata",
            "secondary_id",
            "filters",
            "template",
            "commenting_mode",
            "related_email_ids",
            "featured",
            "should_trigger_pay_per_email_billing",
        },
    },
    # https://resend.com/docs/api-reference/broadcasts/create-broadcast
    "resend": {
        "": {
            "segment_id",
            "audience_id",
            "from",
            "subject",
            "reply_to",
            "preview_text",
            "html",
            "text",
            "name",
            "topic_id",
            "send",
            "scheduled_at",
        },
    },
    "kit": {
        "": {
            "email_template_id",
            "email_address",
            "content",
            "description",
            "public",
            "published_at",
            "send_at",
            "thumbnail_alt",
            "thumbnail_url",
            "preview_text",
            "subject",
            "subscriber_filter",
        },
        "subscriber_filter.[]": {"all", "any", "none"},
        "subscriber_filter.[].all.[]": {"type", "ids"},
    },
}

# Where each payload carries the HTML and the plain text (None: the service makes its own).
BODIES: dict[str, tuple[str, str | None]] = {
    "mailchimp": ("content.html", "content.plain_text"),
    "sendgrid": ("content.1.value", "content.0.value"),
    "postmark": ("HtmlBody", "TextBody"),
    "mailgun": ("html", "text"),
    "ses": ("Content.Simple.Body.Html.Data", "Content.Simple.Body.Text.Data"),
    "brevo": ("htmlContent", None),
    "listmonk": ("body", "altbody"),
    "kit": ("content", None),
    "buttondown": ("body", None),
    "resend": ("html", "text"),
}


def at(data: Any, path: str) -> list[Any]:
    """Return every value found at a dotted path ("[]" expands list items)."""
    values = [data]
    for step in [s for s in path.split(".") if s]:
        if step == "[]":
            values = [item for value in values for item in value]
        elif step.isdigit():
            values = [value[int(step)] for value in values]
        else:
            values = [value[step] for value in values if step in value]
    return values


def prepare(site: Path) -> None:
    """Add the list headers to the example's settings."""
    edit_settings(site, list_unsubscribe_url=ONE_CLICK, list_id="weekly.millbrookweekly.example")


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_every_service_has_a_reference_and_the_cli_lists_them() -> None:
    from newsletter.cli.deliver import EXPORT_SERVICES

    assert set(FIELDS) == set(SERVICES) == set(BODIES) == set(EXPORT_SERVICES)


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_payload_fields_and_bodies_match_a_build_with_the_service(site: Path, service: str) -> None:
    prepare(site)
    build(site)
    content_before = files_of(site / "content")
    out_before = files_of(site / "out")

    path, placeholders = export(site, EXAMPLE_SLUG, service=service, options=Options())

    assert path == site / "out" / EXAMPLE_SLUG / f"{service}.json"
    payload = json.loads(path.read_text(encoding="utf-8"))
    for place, allowed in FIELDS[service].items():
        for value in at(payload, place):
            keys = set(value)
            if service == "mailgun":
                keys = {k for k in keys if not k.startswith(("h:", "v:"))}
            assert keys <= allowed, (place, keys - allowed)
    # Buttondown sends a draft to the whole list: it needs neither recipients nor a list.
    assert (placeholders == []) == (service == "buttondown")
    assert all(p.startswith("REPLACE_WITH_") for p in placeholders)
    # Exporting touches neither content/ nor the built files.
    assert files_of(site / "content") == content_before
    after = files_of(site / "out")
    assert after.pop(f"{EXAMPLE_SLUG}/{service}.json")
    assert after == out_before

    edit_settings(site, mailing_service=SERVICES[service])
    build(site)
    out = site / "out" / EXAMPLE_SLUG
    html_path, text_path = BODIES[service]
    assert at(payload, html_path) == [(out / "email.html").read_text(encoding="utf-8")]
    if text_path:
        assert at(payload, text_path) == [(out / "email.txt").read_text(encoding="utf-8")]
    unsubscribe = PROFILES[SERVICES[service]].unsubscribe
    assert unsubscribe and unsubscribe in at(payload, html_path)[0]


def test_headers_and_addresses_in_message_apis(site: Path) -> None:
    prepare(site)
    options = Options(to=("ana@example.org", "bo@example.net"), list_id="7")
    one_click = {
        "List-Unsubscribe": f"<{ONE_CLICK}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": "The Millbrook Weekly <weekly.millbrookweekly.example>",
    }
    payloads = {}
    for service in ("postmark", "mailgun", "ses", "sendgrid"):
        path, placeholders = export(site, EXAMPLE_SLUG, service=service, options=options)
        assert placeholders == []
        payloads[service] = json.loads(path.read_text(encoding="utf-8"))

    postmark = payloads["postmark"]
    assert postmark["To"] == "ana@example.org, bo@example.net"
    assert postmark["MessageStream"] == "broadcast"
    assert postmark["From"] == "The Millbrook Weekly <newsletter@millbrookweekly.example>"
    assert {h["Name"]: h["Value"] for h in postmark["Headers"]} == one_click
    mailgun = payloads["mailgun"]
    assert mailgun["to"] == ["ana@example.org", "bo@example.net"]
    assert {k[2:]: v for k, v in mailgun.items() if k.startswith("h:")} == {
        **one_click,
        "Reply-To": "editor@millbrookweekly.example",
    }
    ses = payloads["ses"]
    assert ses["Destination"]["ToAddresses"] == ["ana@example.org", "bo@example.net"]
    assert {h["Name"]: h["Value"] for h in ses["Content"]["Simple"]["Headers"]} == one_click
    assert ses["ListManagementOptions"] == {"ContactListName": "7"}
    sendgrid = payloads["sendgrid"]
    assert sendgrid["headers"] == one_click
    assert sendgrid["asm"] == {"group_id": 7}
    assert [c["type"] for c in sendgrid["content"]] == ["text/plain", "text/html"]


def test_export_command(site: Path) -> None:
    result = run_cli(
        "export", EXAMPLE_SLUG, "--service", "listmonk", "--list-id", "3", root=site, check=True
    )
    assert result.stdout.splitlines() == [f"wrote out/{EXAMPLE_SLUG}/listmonk.json"]
    payload = json.loads((site / "out" / EXAMPLE_SLUG / "listmonk.json").read_text("utf-8"))
    assert payload["lists"] == [3]
    assert payload["content_type"] == "html"
    assert "{{ UnsubscribeURL }}" in payload["body"]
    assert "{{ .Subscriber.FirstName }}" in payload["altbody"]

    result = run_cli("export", EXAMPLE_SLUG, "--service", "kit", root=site, check=True)
    assert result.stdout.splitlines()[1] == "  fill in before posting: REPLACE_WITH_SEGMENT_ID"


def test_export_addresses_the_payload_to_the_settings_publish_target(site: Path) -> None:
    edit_settings(
        site,
        publish={
            "kit": {"list": "12"},
            "sendgrid": {"list": "uuid-of-a-list", "unsubscribe_group": "31"},
        },
    )
    result = run_cli("export", EXAMPLE_SLUG, "--service", "kit", root=site, check=True)
    assert result.stdout.splitlines() == [f"wrote out/{EXAMPLE_SLUG}/kit.json"]
    kit = json.loads((site / "out" / EXAMPLE_SLUG / "kit.json").read_text("utf-8"))
    assert kit["subscriber_filter"] == [{"all": [{"type": "segment", "ids": [12]}]}]
    # SendGrid's payload takes the unsubscribe group where other services take the list.
    run_cli("export", EXAMPLE_SLUG, "--service", "sendgrid", root=site, check=True)
    sendgrid = json.loads((site / "out" / EXAMPLE_SLUG / "sendgrid.json").read_text("utf-8"))
    assert sendgrid["asm"] == {"group_id": 31}
    # --list-id wins over the settings.
    run_cli("export", EXAMPLE_SLUG, "--service", "kit", "--list-id", "4", root=site, check=True)
    kit = json.loads((site / "out" / EXAMPLE_SLUG / "kit.json").read_text("utf-8"))
    assert kit["subscriber_filter"][0]["all"][0]["ids"] == [4]


def test_an_id_that_is_not_a_number_is_refused_with_an_example_that_loads(site: Path) -> None:
    import yaml

    edit_settings(site, publish={"kit": {"list": "twelve"}})
    result = run_cli("export", EXAMPLE_SLUG, "--service", "kit", root=site)
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.splitlines()
    assert "kit.list: 'twelve' is not a number" in line, line
    # Written into the settings as the message shows it, the example is taken.
    example = yaml.safe_load(line.partition("e.g. ")[2])
    edit_settings(site, publish={"kit": example})
    result = run_cli("export", EXAMPLE_SLUG, "--service", "kit", root=site)
    assert result.returncode == 0, result.stderr


# Where each service takes the --list-id, and whether its API reference says integer.
LIST_IDS: dict[str, tuple[str, bool]] = {
    "mailchimp": ("campaign.recipients.list_id", False),
    "ses": ("ListManagementOptions.ContactListName", False),
    "brevo": ("recipients.listIds.0", True),
    "listmonk": ("lists.0", True),
    "kit": ("subscriber_filter.0.all.0.ids.0", True),
    "sendgrid": ("asm.group_id", True),
}


@pytest.mark.parametrize("service", sorted(LIST_IDS))
def test_list_id_is_a_string_or_an_integer_as_each_api_takes_it(site: Path, service: str) -> None:
    prepare(site)
    path, _ = export(site, EXAMPLE_SLUG, service=service, options=Options(list_id="0042"))
    place, numeric = LIST_IDS[service]
    (value,) = at(json.loads(path.read_text(encoding="utf-8")), place)
    assert value == (42 if numeric else "0042")
    assert type(value) is (int if numeric else str)

    if numeric:
        path.unlink()
        with pytest.raises(ContentError) as error:
            export(site, EXAMPLE_SLUG, service=service, options=Options(list_id="weekly"))
        (problem,) = error.value.problems
        assert str(problem) == (
            f"--list-id: 'weekly': {service} ids are numbers of up to 18 digits; "
            "give the number, e.g. --list-id 7"
        )
        assert not path.exists()
    else:
        path, _ = export(site, EXAMPLE_SLUG, service=service, options=Options(list_id="weekly"))
        assert at(json.loads(path.read_text(encoding="utf-8")), place) == ["weekly"]


def test_recipients_are_normalised_bare_addresses(site: Path) -> None:
    prepare(site)
    path, _ = export(
        site, EXAMPLE_SLUG, service="mailgun", options=Options(to=(" ana@Example.ORG ",))
    )
    assert json.loads(path.read_text(encoding="utf-8"))["to"] == ["ana@example.org"]
    with pytest.raises(ContentError, match=r"give a bare address, e\.g\. eve@example\.org$"):
        export(
            site, EXAMPLE_SLUG, service="postmark", options=Options(to=("Eve <eve@example.org>",))
        )


# The example's greeting, "Good morning {first_name}," with the fallback "Good morning,",
# as each service's payload must carry it: its own if/else tags, or the fallback alone.
GREETINGS: dict[str, str] = {
    "brevo": "{% if contact.FIRSTNAME %}Good morning {{ contact.FIRSTNAME }},"
    "{% else %}Good morning,{% endif %}",
    "kit": "{% if subscriber.first_name and subscriber.first_name != blank %}"
    "Good morning {{ subscriber.first_name }},{% else %}Good morning,{% endif %}",
    "listmonk": "{{ if .Subscriber.FirstName }}Good morning {{ .Subscriber.FirstName }},"
    "{{ else }}Good morning,{{ end }}",
    "mailchimp": "*|IF:FNAME|*Good morning *|FNAME|*,*|ELSE:|*Good morning,*|END:IF|*",
    "mailgun": "Good morning,",
    "postmark": "Good morning,",
    "sendgrid": "Good morning,",
    "ses": "Good morning,",
    "buttondown": "Good morning,",
    "resend": "Good morning,",
}

# The footer's links in each payload: (unsubscribe, manage preferences, view online).
FOOTER: dict[str, tuple[str, str | None, str | None]] = {
    "brevo": ("{{ unsubscribe }}", "{{ update_profile }}", "{{ mirror }}"),
    "kit": ("{{ unsubscribe_url }}", "{{ subscriber_preferences_url }}", None),
    "listmonk": ("{{ UnsubscribeURL }}", "{{ ManageURL }}", "{{ MessageURL }}"),
    "mailchimp": ("*|UNSUB|*", "*|UPDATE_PROFILE|*", "*|ARCHIVE|*"),
    "mailgun": ("%unsubscribe_url%", None, None),
    "postmark": ("{{{ pm:unsubscribe }}}", None, None),
    "sendgrid": ("<%asm_group_unsubscribe_raw_url%>", "<%asm_preferences_raw_url%>", None),
    "ses": ("{{amazonSESUnsubscribeUrl}}", None, None),
    "buttondown": ("{{ unsubscribe_url }}", None, "{{ email_url }}"),
    "resend": ("{{{RESEND_UNSUBSCRIBE_URL}}}", None, None),
}


def hrefs(page: str, label: str) -> list[str]:
    """Return the href of each link whose text is ``label``."""
    return [
        a.get("href") for a in lxml.html.fromstring(page).iter("a") if a.text_content() == label
    ]


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_tag_is_byte_exact_in_the_payload(site: Path, service: str) -> None:
    """The example as it is exports for every service, each tag exactly as the service spells it."""
    path, _ = export(site, EXAMPLE_SLUG, service=service, options=Options())
    raw = path.read_text(encoding="utf-8")
    payload = json.loads(raw)
    html_path, text_path = BODIES[service]
    (page,) = at(payload, html_path)
    greeting = GREETINGS[service]
    unsubscribe, preferences, view_online = FOOTER[service]

    assert f">{greeting}</p>" in page
    (intro,) = lxml.html.fromstring(page).find_class("intro")
    assert intro.find(".//p").text_content() == greeting
    assert f'href="{unsubscribe}"' in page
    assert hrefs(page, "Unsubscribe") == [unsubscribe]
    assert hrefs(page, "Manage preferences") == ([preferences] if preferences else [])
    assert hrefs(page, "View online") == ([view_online] if view_online else [])
    if text_path:
        (text,) = at(payload, text_path)
        assert f"\n{greeting}\n" in text
        assert f"\nUnsubscribe: {unsubscribe}\n" in text
        if preferences:
            assert f"\nManage preferences: {preferences}\n" in text
        else:
            assert "Manage preferences" not in text
    profile = PROFILES[SERVICES[service]]
    assert (profile.unsubscribe, profile.preferences, profile.view_online) == FOOTER[service]
    assert not [token for token in PLACEHOLDERS if token in raw]


def test_export_errors_are_one_line(site: Path) -> None:
    result = run_cli("export", EXAMPLE_SLUG, "--service", "brevo", "--list-id", "weekly", root=site)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: --list-id: 'weekly': brevo ids are numbers of up to 18 digits; "
        "give the number, e.g. --list-id 7"
    ]
    assert not (site / "out" / EXAMPLE_SLUG / "brevo.json").exists()

    # Python refuses to read an integer of over 4,300 digits: one line, not its error.
    huge = "7" * 5000
    result = run_cli("export", EXAMPLE_SLUG, "--service", "brevo", "--list-id", huge, root=site)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert "ids are numbers of up to 18 digits" in line and len(line) < 200

    result = run_cli("export", EXAMPLE_SLUG, "--service", "mailgun", "--to", "ana@", root=site)
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["error: --to: 'ana@' is not an email address"]
