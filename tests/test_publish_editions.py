"""newsletter publish with editions: one draft per issue, service and edition, never twice.

The English and Welsh newsletter of tests/editions against the fake service APIs of
tests/fakeservices.py, which validate every request against the service's API reference.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import pytest

from newsletter.delivery.publish import publish, sync
from newsletter.delivery.publish.model import Draft, Target
from newsletter.errors import ContentError
from tests.fakeservices import FAKES, serving
from tests.support import (
    EXAMPLE_SLUG,
    copy_example,
    edit_settings,
    issue_data,
    run_cli,
    write_issue,
)
from tests.test_editions import SLUG, copy_fixture, settings_data
from tests.test_publish import TARGETS, Service

SERVICES = sorted(FAKES)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    copy_fixture(tmp_path)
    # Every service gets the newsletter's target; listmonk's editions have their own lists.
    data = settings_data(tmp_path)
    edit_settings(tmp_path, publish={**TARGETS, **data["publish"]})
    return tmp_path


@pytest.fixture(params=SERVICES)
def service(request: pytest.FixtureRequest) -> Iterator[Service]:
    fake = FAKES[request.param]()
    with serving(fake) as url:
        yield Service(fake, url)
    assert fake.invalid == [], f"{fake.name} requests broke the published schema"


@pytest.fixture
def listmonk() -> Iterator[Service]:
    fake = FAKES["listmonk"]()
    with serving(fake) as url:
        yield Service(fake, url)
    assert fake.invalid == []


def run(root: Path, service: Service, *, plan: bool = False, **changes: object) -> list[str]:
    done = publish(root, [SLUG], options=service.options(**changes), plan_only=plan)
    return [line for item in done for line in item.lines()]


def ledger(root: Path) -> dict:
    return json.loads((root / "published.json").read_text())


def campaign_text(campaign: dict) -> str:
    return json.dumps(campaign, ensure_ascii=False)


def test_one_draft_per_edition_planned_made_once_each(root: Path, service: Service) -> None:
    name = service.fake.name
    planned = run(root, service, plan=True)
    assert planned == [
        f"{SLUG} (en edition) {name}: create: no campaign named [{SLUG}/en] at {name}",
        f"{SLUG} (cy edition) {name}: create: no campaign named [{SLUG}/cy] at {name}",
    ]
    assert service.fake.campaigns == {} and not (root / "published.json").exists()
    first = run(root, service)
    assert [": create:" in line for line in first if not line.startswith(" ")] == [True, True]
    second = run(root, service)
    assert len(second) == 2 and all(": no-op:" in line for line in second), second
    assert len(service.fake.campaigns) == 2 and service.creates() == 2
    entries = ledger(root)[SLUG]
    assert sorted(entries) == [f"{name}:cy", f"{name}:en"]
    by_id = {entries[f"{name}:{edition}"]["remote_id"]: edition for edition in ("en", "cy")}
    assert sorted(by_id) == sorted(service.fake.campaigns)
    for remote_id, edition in by_id.items():
        text = campaign_text(service.fake.campaigns[remote_id])
        assert f"[{SLUG}/{edition}]" in text
        # Each draft holds its own edition's email only.
        assert ("Eisteddfod y Fro" in text) == (edition == "cy")
        assert ("Parking charges" in text) == (edition == "en")


@pytest.fixture(params=["buttondown", "listmonk"])
def tagging(request: pytest.FixtureRequest) -> Iterator[Service]:
    fake = FAKES[request.param]()
    with serving(fake) as url:
        yield Service(fake, url)
    assert fake.invalid == [], f"{fake.name} requests broke the published schema"


def labels(service: str, body: dict) -> object:
    """Return what a created campaign says of its issue: metadata or tags."""
    return body["metadata"] if service == "buttondown" else body["tags"]


def expected_labels(service: str, slug: str, edition: str | None, name: str) -> object:
    if service == "buttondown":
        marker = f"[{slug}/{edition}]" if edition else f"[{slug}]"
        found = {"newsletter_issue": slug, "name": f"{name} {marker}"}
        return found | {"newsletter_edition": edition} if edition else found
    return [f"newsletter-{slug}"] + ([f"newsletter-edition-{edition}"] if edition else [])


def test_each_edition_s_campaign_carries_its_issue_and_edition(
    root: Path, tagging: Service
) -> None:
    name = tagging.fake.name
    run(root, tagging)
    created = [body for verb, _, body in tagging.fake.requests if verb == "POST"]
    courier = settings_data(root)["name"]
    assert [labels(name, body) for body in created] == [
        expected_labels(name, SLUG, edition, courier) for edition in ("en", "cy")
    ]
    # An update sends them again; the stored campaign keeps them.
    front, body = issue_data(root, SLUG)
    front["translations"]["cy"]["subject"] = "Pwnc newydd yr wythnos"
    write_issue(root, front, body, slug=SLUG)
    run(root, tagging)
    updated = [body for verb, _, body in tagging.fake.requests if verb in ("PUT", "PATCH")]
    assert [labels(name, body) for body in updated] == [expected_labels(name, SLUG, "cy", courier)]
    stored = ledger(root)[SLUG][f"{name}:cy"]["remote_id"]
    assert labels(name, tagging.fake.campaigns[stored]) == expected_labels(
        name, SLUG, "cy", courier
    )


def test_a_campaign_without_editions_carries_only_its_issue(
    tmp_path: Path, tagging: Service
) -> None:
    folder = copy_example(tmp_path / "news")
    edit_settings(folder, publish=TARGETS)
    publish(folder, [EXAMPLE_SLUG], options=tagging.options(), plan_only=False)
    name = tagging.fake.name
    (created,) = [body for verb, _, body in tagging.fake.requests if verb == "POST"]
    wanted = expected_labels(name, EXAMPLE_SLUG, None, settings_data(folder)["name"])
    assert labels(name, created) == wanted


def test_each_edition_s_draft_goes_to_its_own_list(root: Path, listmonk: Service) -> None:
    run(root, listmonk)
    entries = ledger(root)[SLUG]
    lists = {
        edition: listmonk.fake.campaigns[entries[f"listmonk:{edition}"]["remote_id"]]["lists"]
        for edition in ("en", "cy")
    }
    assert lists == {"en": [2], "cy": [3]}
    posted = [body["lists"] for verb, _, body in listmonk.fake.requests if verb == "POST"]
    assert posted == [[2], [3]]


def test_a_changed_translation_updates_only_that_edition(root: Path, listmonk: Service) -> None:
    run(root, listmonk)
    front, body = issue_data(root, SLUG)
    front["translations"]["cy"]["subject"] = "Pwnc newydd yr wythnos"
    write_issue(root, front, body, slug=SLUG)
    lines = run(root, listmonk)
    assert ": no-op:" in lines[0] and lines[0].startswith(f"{SLUG} (en edition)")
    assert ": update:" in lines[1] and "content changed" in lines[1]
    assert len(listmonk.fake.campaigns) == 2 and listmonk.creates() == 2
    assert "Pwnc newydd" in campaign_text(
        listmonk.fake.campaigns[ledger(root)[SLUG]["listmonk:cy"]["remote_id"]]
    )


def test_a_lost_ledger_finds_each_edition_s_campaign_by_its_marker(
    root: Path, service: Service
) -> None:
    run(root, service)
    before = ledger(root)[SLUG]
    (root / "published.json").unlink()
    lines = run(root, service)
    assert all("found by its name" in line for line in lines if not line.startswith(" "))
    assert len(service.fake.campaigns) == 2 and service.creates() == 2
    after = ledger(root)[SLUG]
    assert {key: entry["remote_id"] for key, entry in after.items()} == {
        key: entry["remote_id"] for key, entry in before.items()
    }


def test_edition_option_publishes_only_that_edition(root: Path, listmonk: Service) -> None:
    lines = [line for line in run(root, listmonk, edition="cy") if not line.startswith(" ")]
    assert len(lines) == 1 and lines[0].startswith(f"{SLUG} (cy edition) listmonk: create:")
    assert list(ledger(root)[SLUG]) == ["listmonk:cy"]
    lines = [line for line in run(root, listmonk) if not line.startswith(" ")]
    assert ": create:" in lines[0] and ": no-op:" in lines[1]


@pytest.mark.parametrize(
    ("edition", "said"),
    [("fr", "no edition 'fr'; use one of en, cy"), ("../en", "no edition '../en'")],
)
def test_an_unknown_edition_is_refused_in_one_line_before_the_service(
    root: Path, listmonk: Service, edition: str, said: str
) -> None:
    env = {**listmonk.fake.env, "NEWSLETTER_LISTMONK_URL": listmonk.url}
    result = run_cli(
        "publish", SLUG, "--service", "listmonk", "--edition", edition, root=root, env=env
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and said in lines[0] and "--edition" in lines[0], result.stderr
    assert listmonk.fake.requests == [] and not (root / "published.json").exists()


def test_edition_option_is_refused_without_editions(tmp_path: Path) -> None:
    from tests.support import copy_example

    folder = copy_example(tmp_path / "news")
    with pytest.raises(ContentError, match="has no editions"):
        fake = FAKES["listmonk"]()
        with serving(fake) as url:
            publish(
                folder,
                [issue_slug(folder)],
                options=Service(fake, url).options(edition="en"),
                plan_only=True,
            )


def issue_slug(folder: Path) -> str:
    (path,) = sorted((folder / "content" / "issues").glob("*.md"))[:1]
    return path.stem


def test_the_command_publishes_every_edition(root: Path, listmonk: Service) -> None:
    env = {**listmonk.fake.env, "NEWSLETTER_LISTMONK_URL": listmonk.url}
    result = run_cli("publish", SLUG, "--service", "listmonk", root=root, env=env)
    assert result.returncode == 0, result.stderr
    assert f"{SLUG} (en edition) listmonk: create:" in result.stdout
    assert f"{SLUG} (cy edition) listmonk: create:" in result.stdout
    assert len(listmonk.fake.campaigns) == 2


def test_sync_marks_the_issue_sent_when_every_edition_is_sent(
    root: Path, listmonk: Service
) -> None:
    run(root, listmonk)
    ids = {key: entry["remote_id"] for key, entry in ledger(root)[SLUG].items()}
    listmonk.fake.set_state(ids["listmonk:en"], "sent")
    lines = sync(root, [SLUG], options=listmonk.options())
    assert len(lines) == 2 and "now has status" not in " ".join(lines)
    assert issue_data(root, SLUG)[0].get("status", "ready") != "sent"
    listmonk.fake.set_state(ids["listmonk:cy"], "sent")
    lines = sync(root, [SLUG], options=listmonk.options())
    assert "now has status: sent" in lines[-1]
    assert issue_data(root, SLUG)[0]["status"] == "sent"
    assert {entry["remote_status"] for entry in ledger(root)[SLUG].values()} == {"finished"}


def test_a_draft_without_an_edition_keeps_its_content_hash() -> None:
    """Ledgers written before editions existed still say no-op for unchanged issues."""
    draft = Draft(
        slug="2026-06-05",
        name="Weekly [2026-06-05]",
        subject="Subject",
        preheader="Preheader",
        from_name="Weekly",
        from_email="news@example.org",
        reply_to=None,
        html="<p>Hi</p>",
        text="Hi",
        target=Target(list="3"),
    )
    fields = {key: value for key, value in asdict(draft).items() if key != "edition"}
    before = hashlib.sha256(json.dumps(fields, sort_keys=True, ensure_ascii=False).encode())
    assert draft.content_hash == "sha256:" + before.hexdigest()
    assert draft.marker == "[2026-06-05]"
    edition = Draft(**{**asdict(draft), "target": draft.target, "edition": "cy"})
    assert edition.content_hash != draft.content_hash and edition.marker == "[2026-06-05/cy]"
