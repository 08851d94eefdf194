"""newsletter publish: one draft campaign per issue and service, against fake service APIs.

Every fake runs on 127.0.0.1, validates each request body against a schema derived from
the service's API reference, and can fail the way real services do.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsletter.delivery.publish import Options, RetryPolicy, publish, sync
from newsletter.errors import CommandFailed, ContentError
from tests.fakeservices import FAKES, SECRET, Fake, Fault, serving
from tests.support import (
    EXAMPLE_SLUG,
    copy_example,
    edit_settings,
    issue_data,
    run_cli,
    write_issue,
)

SERVICES = sorted(FAKES)
FAST = RetryPolicy(attempts=4, first_wait=0.01, max_wait=5, timeout=1.0)
TARGETS = {
    "listmonk": {"list": "3"},
    "mailchimp": {"list": "a1b2c3"},
    "buttondown": {},
    "brevo": {"list": "7"},
    "kit": {"list": "42"},
    "sendgrid": {"list": "list-uuid", "sender_id": "5", "unsubscribe_group": "9"},
    "resend": {"list": "seg-uuid"},
}
NOW = dt.datetime(2026, 6, 4, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = copy_example(tmp_path / "news")
    edit_settings(folder, publish=TARGETS, timezone="Europe/London")
    return folder


class Service:
    """A running fake and the options that point publish at it."""

    def __init__(self, fake: Fake, url: str) -> None:
        self.fake = fake
        self.url = url

    def options(self, **changes: object) -> Options:
        env = {**type(self.fake).env, f"NEWSLETTER_{self.fake.name.upper()}_URL": self.url}
        values: dict = {"service": self.fake.name, "env": env, "retry": FAST, "now": NOW}
        values.update(changes)
        return Options(**values)

    def creates(self) -> int:
        return sum(
            1
            for verb, target, _ in self.fake.requests
            if verb == "POST"
            and target.split("?")[0]
            .rstrip("/")
            .endswith(("/campaigns", "/emails", "/emailCampaigns", "/broadcasts", "/singlesends"))
        )


@pytest.fixture(params=SERVICES)
def service(request: pytest.FixtureRequest) -> Iterator[Service]:
    fake = FAKES[request.param]()
    with serving(fake) as url:
        yield Service(fake, url)
    assert fake.invalid == [], f"{fake.name} requests broke the published schema"


def run(root: Path, service: Service, *, plan: bool = False, **changes: object) -> list[str]:
    done = publish(root, [EXAMPLE_SLUG], options=service.options(**changes), plan_only=plan)
    return [line for item in done for line in item.lines()]


def ledger(root: Path) -> dict:
    return json.loads((root / "published.json").read_text())


def test_plan_then_three_publishes_make_one_draft(root: Path, service: Service) -> None:
    planned = run(root, service, plan=True)
    assert planned == [
        f"{EXAMPLE_SLUG} {service.fake.name}: create: no campaign named "
        f"[{EXAMPLE_SLUG}] at {service.fake.name}"
    ]
    assert service.fake.campaigns == {} and not (root / "published.json").exists()
    assert {verb for verb, _, _ in service.fake.requests} == {"GET"}
    first = run(root, service)
    assert ": create:" in first[0]
    second, third = run(root, service), run(root, service)
    assert len(service.fake.campaigns) == 1
    assert service.creates() == 1
    assert ": no-op:" in second[0] and ": no-op:" in third[0]
    (remote_id,) = service.fake.campaigns
    entry = ledger(root)[EXAMPLE_SLUG][service.fake.name]
    assert entry["remote_id"] == remote_id
    assert entry["content_hash"].startswith("sha256:")
    assert entry["remote_status"] in ("draft", "save")
    assert entry["scheduled_at"] is None
    # Nothing scheduled or sent without --schedule.
    paths = [target for verb, target, _ in service.fake.requests if verb != "GET"]
    assert not any(path.endswith(("/schedule", "/send", "/status")) for path in paths)
    for campaign in service.fake.campaigns.values():
        assert campaign.get("status") in (None, "draft", "save")
        assert not campaign.get("send_at") and not campaign.get("scheduledAt")
    for path in root.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


def test_a_changed_issue_updates_the_same_draft(root: Path, service: Service) -> None:
    run(root, service)
    front, body = issue_data(root)
    front["subject"] = "A new subject line for the week"
    write_issue(root, front, body)
    lines = run(root, service)
    assert ": update:" in lines[0] and "content changed" in lines[0]
    assert len(service.fake.campaigns) == 1
    assert "A new subject line" in json.dumps(service.fake.campaigns)


def test_a_lost_ledger_finds_the_campaign_by_its_name(root: Path, service: Service) -> None:
    run(root, service)
    (root / "published.json").unlink()
    lines = run(root, service)
    assert ": update:" in lines[0] and "found by its name" in lines[0]
    assert len(service.fake.campaigns) == 1
    assert ledger(root)[EXAMPLE_SLUG][service.fake.name]["remote_id"] in service.fake.campaigns


def test_a_dropped_connection_after_the_create_does_not_duplicate(
    root: Path, service: Service
) -> None:
    create_path = {
        "listmonk": "/api/campaigns",
        "sendgrid": "/v3/marketing/singlesends",
        "brevo": "/emailCampaigns",
        "buttondown": "/emails",
    }.get(service.fake.name, "/campaigns" if service.fake.name == "mailchimp" else "/broadcasts")
    service.fake.faults.append(Fault("POST", create_path, "drop-after"))
    lines = run(root, service)
    assert ": create:" in lines[0]
    assert len(service.fake.campaigns) == 1
    assert service.creates() == 1
    assert run(root, service)[0].split(": ")[1] == "no-op"


def test_rate_limits_and_server_errors_are_retried(root: Path, service: Service) -> None:
    service.fake.faults.append(Fault("GET", r".*", "429", retry_after="0"))
    service.fake.faults.append(Fault("GET", r".*", "500"))
    lines = run(root, service)
    assert ": create:" in lines[0]
    assert len(service.fake.campaigns) == 1


def test_retry_after_is_honoured(root: Path) -> None:
    fake = FAKES["listmonk"]()
    fake.faults.append(Fault("GET", r".*", "429", retry_after="1"))
    with serving(fake) as url:
        service = Service(fake, url)
        started = time.monotonic()
        lines = run(root, service)
        waited = time.monotonic() - started
    assert ": create:" in lines[0]
    assert waited >= 1.0


def test_a_500_to_a_create_is_looked_up_before_trying_again(root: Path) -> None:
    fake = FAKES["brevo"]()
    fake.faults.append(Fault("POST", "/emailCampaigns", "500"))
    with serving(fake) as url:
        lines = run(root, Service(fake, url))
    assert ": create:" in lines[0]
    assert len(fake.campaigns) == 1
    assert fake.count("POST", "/emailCampaigns") == 2


def test_scheduled_and_sent_campaigns_are_never_modified(root: Path, service: Service) -> None:
    run(root, service)
    (remote_id,) = service.fake.campaigns
    front, body = issue_data(root)
    front["subject"] = "Changed after scheduling"
    write_issue(root, front, body)
    for state in ("scheduled", "sent"):
        service.fake.set_state(remote_id, state)
        before = json.dumps(service.fake.campaigns, sort_keys=True)
        writes = _writes(service.fake)
        lines = run(root, service)
        assert ": refuse:" in lines[0] and remote_id in lines[0], lines
        assert json.dumps(service.fake.campaigns, sort_keys=True) == before
        assert _writes(service.fake) == writes


def _writes(fake: Fake) -> int:
    return sum(1 for verb, target, _ in fake.requests if verb != "GET")


def test_schedule_with_a_zone_schedules_the_draft(root: Path, service: Service) -> None:
    lines = run(root, service, schedule="2026-06-12T07:00")
    assert "then schedule for 2026-06-12T06:00:00Z" in lines[0]
    entry = ledger(root)[EXAMPLE_SLUG][service.fake.name]
    assert entry["remote_status"] in ("scheduled", "schedule", "queued")


def test_wrong_credentials_give_one_line_without_the_key(root: Path, service: Service) -> None:
    options = service.options()
    env = {name: value.replace(SECRET, SECRET[::-1]) for name, value in options.env.items()}
    with pytest.raises(CommandFailed) as caught:
        publish(root, [EXAMPLE_SLUG], options=service.options(env=env), plan_only=False)
    message = str(caught.value)
    assert "\n" not in message and "HTTP 40" in message
    assert SECRET not in message and SECRET[::-1] not in message


@pytest.mark.parametrize("name", SERVICES)
def test_a_missing_credential_names_the_variable(root: Path, name: str) -> None:
    with pytest.raises(CommandFailed, match="set the environment variable NEWSLETTER_"):
        publish(root, [EXAMPLE_SLUG], options=Options(service=name), plan_only=True)


def test_a_timeout_on_a_read_is_retried(root: Path) -> None:
    fake = FAKES["listmonk"]()
    fake.faults.append(Fault("GET", r".*", "slow"))
    with serving(fake) as url:
        lines = run(root, Service(fake, url), retry=RetryPolicy(first_wait=0.01, timeout=0.3))
    assert ": create:" in lines[0]
    assert len(fake.campaigns) == 1
    assert fake.count("GET", r"/api/campaigns/?") >= 2


def test_the_service_s_changes_are_reported_after_create(root: Path) -> None:
    fake = FAKES["mailchimp"]()
    fake.modify_html = lambda html: html.replace(
        'href="https://', 'href="https://track.example/?u=https://'
    ).replace("</body>", "<p>Sent with a service footer</p></body>")
    with serving(fake) as url:
        lines = run(root, Service(fake, url))
    changed = "\n".join(line for line in lines if "service changed" in line)
    assert "links rewritten" in changed
    assert "Sent with a service footer" in changed


def test_mailchimp_unschedules_only_with_reschedule(root: Path) -> None:
    fake = FAKES["mailchimp"]()
    with serving(fake) as url:
        service = Service(fake, url)
        run(root, service, schedule="2026-06-12T07:00")
        front, body = issue_data(root)
        front["subject"] = "Changed while scheduled"
        write_issue(root, front, body)
        assert ": refuse:" in run(root, service)[0]
        lines = run(root, service, reschedule=True)
        assert "unschedule, update, schedule for 2026-06-12T06:00:00Z" in lines[0]
        paths = [target for verb, target, _ in fake.requests if verb == "POST"]
        assert paths[-2:] == ["/campaigns/c1/actions/unschedule", "/campaigns/c1/actions/schedule"]
        assert len(fake.campaigns) == 1


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-06-01T07:00", "is in the past"),
        ("2026-10-25T01:30", "happens twice"),
        ("2026-03-29T01:30+00:00", "is in the past"),
        ("soon", "is not a time"),
    ],
)
def test_schedule_is_refused_in_the_past_or_when_unclear(
    root: Path, value: str, message: str
) -> None:
    options = Options(service="listmonk", schedule=value, now=NOW)
    with pytest.raises(ContentError, match=message):
        publish(root, [EXAMPLE_SLUG], options=options, plan_only=True)


def test_schedule_without_a_zone_needs_the_newsletter_s_time_zone(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "news")
    edit_settings(folder, publish=TARGETS)
    options = Options(service="listmonk", schedule="2026-06-12T07:00", now=NOW)
    with pytest.raises(ContentError, match="add an offset"):
        publish(folder, [EXAMPLE_SLUG], options=options, plan_only=True)


@pytest.mark.parametrize("name", ["ses", "postmark", "mailgun"])
def test_services_without_drafts_are_refused_in_one_line(root: Path, name: str) -> None:
    with pytest.raises(CommandFailed, match=rf"use 'newsletter export SLUG --service {name}'"):
        publish(root, [EXAMPLE_SLUG], options=Options(service=name), plan_only=True)


def test_a_draft_issue_is_refused_unless_allowed(root: Path) -> None:
    front, body = issue_data(root)
    write_issue(root, {**front, "status": "draft"}, body)
    fake = FAKES["listmonk"]()
    with serving(fake) as url:
        service = Service(fake, url)
        lines = run(root, service)
        assert ": refuse:" in lines[0] and "--allow-draft" in lines[0]
        assert fake.campaigns == {}
        assert ": create:" in run(root, service, allow_draft=True)[0]


def test_an_issue_with_placeholders_is_refused(root: Path) -> None:
    front, body = issue_data(root)
    write_issue(root, {**front, "subject": "[[Write the subject]]"}, body)
    fake = FAKES["listmonk"]()
    with serving(fake) as url:
        lines = run(root, Service(fake, url))
    assert ": refuse:" in lines[0] and "placeholders" in lines[0]
    assert fake.campaigns == {}


def test_sync_records_sent_in_the_ledger_and_the_issue(root: Path) -> None:
    fake = FAKES["listmonk"]()
    with serving(fake) as url:
        service = Service(fake, url)
        run(root, service)
        (remote_id,) = fake.campaigns
        assert "draft" in sync(root, [EXAMPLE_SLUG], options=service.options())[0]
        assert issue_data(root)[0].get("status", "ready") == "ready"
        fake.set_state(remote_id, "sent")
        lines = sync(root, [EXAMPLE_SLUG], options=service.options())
    assert "now has status: sent" in lines[0]
    assert issue_data(root)[0]["status"] == "sent"
    assert ledger(root)[EXAMPLE_SLUG]["listmonk"]["remote_status"] == "finished"


# -- the command ---------------------------------------------------------------------


def test_the_command_plans_publishes_and_never_prints_the_key(root: Path) -> None:
    fake = FAKES["listmonk"]()
    with serving(fake) as url:
        env = {**fake.env, "NEWSLETTER_LISTMONK_URL": url}
        planned = run_cli(
            "publish", EXAMPLE_SLUG, "--service", "listmonk", "--plan", root=root, env=env
        )
        done = run_cli("publish", EXAMPLE_SLUG, "--service", "listmonk", root=root, env=env)
        again = run_cli("publish", EXAMPLE_SLUG, "--service", "listmonk", root=root, env=env)
        wrong = run_cli(
            "publish",
            EXAMPLE_SLUG,
            "--service",
            "listmonk",
            root=root,
            env={**env, "NEWSLETTER_LISTMONK_TOKEN": SECRET + "x"},
        )
    assert planned.returncode == 0 and ": create:" in planned.stdout
    assert done.returncode == 0 and "[campaign 1]" in done.stdout
    assert again.returncode == 0 and ": no-op:" in again.stdout
    assert wrong.returncode == 1 and "HTTP 403" in wrong.stderr
    assert len(wrong.stderr.strip().splitlines()) == 1 and "Traceback" not in wrong.stderr
    assert len(fake.campaigns) == 1
    for result in (planned, done, again, wrong):
        assert SECRET not in result.stdout + result.stderr


def test_the_command_refuses_ses_in_one_line(root: Path) -> None:
    result = run_cli("publish", EXAMPLE_SLUG, "--service", "ses", root=root)
    assert result.returncode == 1
    assert "use 'newsletter export SLUG --service ses'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_command_exits_1_when_an_issue_is_refused(root: Path) -> None:
    front, body = issue_data(root)
    write_issue(root, {**front, "status": "draft"}, body)
    fake = FAKES["listmonk"]()
    with serving(fake) as url:
        env = {**fake.env, "NEWSLETTER_LISTMONK_URL": url}
        result = run_cli("publish", EXAMPLE_SLUG, "--service", "listmonk", root=root, env=env)
    assert result.returncode == 1
    assert ": refuse:" in result.stdout and "--allow-draft" in result.stdout


@pytest.mark.skipif(
    not os.environ.get("LISTMONK_URL"),
    reason="LISTMONK_URL is not set: no "
    "listmonk server to publish to (also LISTMONK_USER, LISTMONK_TOKEN, "
    "LISTMONK_LIST)",
)
def test_a_real_listmonk_server(root: Path) -> None:
    edit_settings(root, publish={"listmonk": {"list": os.environ.get("LISTMONK_LIST", "1")}})
    env = {
        "NEWSLETTER_LISTMONK_URL": os.environ["LISTMONK_URL"],
        "NEWSLETTER_LISTMONK_USER": os.environ.get("LISTMONK_USER", ""),
        "NEWSLETTER_LISTMONK_TOKEN": os.environ.get("LISTMONK_TOKEN", ""),
    }
    options = Options(service="listmonk", env=env, retry=FAST)
    first = publish(root, [EXAMPLE_SLUG], options=options, plan_only=False)
    second = publish(root, [EXAMPLE_SLUG], options=options, plan_only=False)
    assert first[0].step.action in ("create", "update")
    assert second[0].step.action == "no-op"
    assert first[0].remote_id == second[0].remote_id


# Where each service's API creates the campaign that its export payload describes.
CREATES = {
    "brevo": "/emailCampaigns",
    "buttondown": "/emails",
    "kit": "/broadcasts",
    "listmonk": "/campaigns",
    "resend": "/broadcasts",
}


@pytest.mark.parametrize("name", sorted(CREATES))
def test_a_draft_posted_from_an_export_is_found_by_publish_not_made_again(
    root: Path, name: str
) -> None:
    from newsletter.delivery.export import Options as ExportOptions
    from newsletter.delivery.export import export
    from newsletter.delivery.publish.adapters import ADAPTERS

    fake = FAKES[name]()
    with serving(fake) as url:
        service = Service(fake, url)
        path, placeholders = export(
            root, EXAMPLE_SLUG, service=name, options=ExportOptions(), allow_draft=True
        )
        assert placeholders == []  # addressed to the settings' publish: target
        # Posted by hand, as the export's file is meant to be.
        options = service.options()
        adapter = ADAPTERS[name].connect(options.env, retry=FAST)
        try:
            adapter.client.call(
                "POST", CREATES[name], body=json.loads(path.read_text("utf-8")), creates=True
            )
        finally:
            adapter.close()
        assert len(fake.campaigns) == 1
        lines = run(root, service)
    assert ": update:" in lines[0] and "found by its name" in lines[0], lines
    assert len(fake.campaigns) == 1 and service.creates() == 1
    assert fake.invalid == [], f"{name}: the export broke the published schema"
