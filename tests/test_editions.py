"""Editions: routing blocks by list and by tags, translations, and hostile edition ids."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import lxml.html
import pytest

from tests.support import edit_settings, issue_data, run_cli, write_issue

FIXTURE = Path(__file__).resolve().parent / "editions"
SLUG = "2026-07-03"


def copy_fixture(root: Path) -> Path:
    """Copy the two-edition (English and Welsh) newsletter to ``root``."""
    shutil.copytree(FIXTURE / "content", root / "content")
    return root


def settings_data(root: Path) -> dict:
    import yaml

    return yaml.safe_load((root / "content" / "newsletter.yaml").read_text(encoding="utf-8"))


def built(root: Path) -> dict:
    run_cli("build", "--quiet", root=root, check=True)
    return json.loads((root / "out" / SLUG / "manifest.json").read_text(encoding="utf-8"))


def headlines(root: Path, edition: str) -> list[str]:
    html = (root / "out" / SLUG / edition / "email.html").read_text(encoding="utf-8")
    return [" ".join(h.text_content().split()) for h in lxml.html.fromstring(html).iter("h2")]


def test_each_edition_gets_its_folder_and_the_manifest_lists_them(tmp_path: Path) -> None:
    manifest = built(copy_fixture(tmp_path))
    assert [e["id"] for e in manifest["editions"]] == ["en", "cy"]
    for edition in ("en", "cy"):
        folder = tmp_path / "out" / SLUG / edition
        assert sorted(p.name for p in folder.iterdir()) == [
            "email.eml",
            "email.html",
            "email.txt",
            "manifest.json",
        ]
        own = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        assert own["edition"] == edition


def test_blocks_are_routed_by_list_and_by_tags(tmp_path: Path) -> None:
    built(copy_fixture(tmp_path))
    english, welsh = headlines(tmp_path, "en"), headlines(tmp_path, "cy")
    # editions: [en] -> English only; tag cymraeg -> excluded from en, included in cy.
    assert "Parking charges stay the same this year" in english
    assert not any("Parking" in h for h in welsh)
    assert "Dosbarthiadau Cymraeg yn dechrau ym mis Medi" in welsh
    assert not any("Welsh classes" in h for h in english)
    # A block without editions or tags goes to both, translated for cy.
    assert "Vale Show" in english and "Sioe'r Fro" in welsh


def test_the_welsh_edition_is_in_welsh_with_its_own_accent_and_promo(tmp_path: Path) -> None:
    built(copy_fixture(tmp_path))
    html = (tmp_path / "out" / SLUG / "cy" / "email.html").read_text(encoding="utf-8")
    tree = lxml.html.fromstring(html)
    assert tree.get("lang") == "cy"
    assert "#00712d" in html.lower()
    assert "Eisteddfod y Fro" in html
    english = (tmp_path / "out" / SLUG / "en" / "email.html").read_text(encoding="utf-8")
    assert "Eisteddfod" not in english and "#00712d" not in english.lower()


def test_each_edition_has_its_own_utm_campaign(tmp_path: Path) -> None:
    built(copy_fixture(tmp_path))
    for edition in ("en", "cy"):
        text = (tmp_path / "out" / SLUG / edition / "email.txt").read_text(encoding="utf-8")
        assert f"utm_campaign=courier-{SLUG}-{edition}&" in text
        other = "cy" if edition == "en" else "en"
        assert f"courier-{SLUG}-{other}" not in text


def test_a_missing_translation_falls_back_with_a_warning(tmp_path: Path) -> None:
    copy_fixture(tmp_path)
    data, body = issue_data(tmp_path, SLUG)
    del data["blocks"][3]["translations"]
    write_issue(tmp_path, data, body, slug=SLUG)
    manifest = built(tmp_path)
    rules = [(f["rule"], f["where"]) for f in manifest["checks"]]
    assert ("edition.translation", "[cy] blocks[3].title in content/issues/2026-07-03.md") in rules
    assert "Vale Show" in headlines(tmp_path, "cy")


def test_a_missing_translation_is_an_error_for_a_strict_edition(tmp_path: Path) -> None:
    copy_fixture(tmp_path)
    data, body = issue_data(tmp_path, SLUG)
    del data["blocks"][3]["translations"]
    write_issue(tmp_path, data, body, slug=SLUG)
    settings = settings_data(tmp_path)
    settings["editions"][1]["strict"] = True
    edit_settings(tmp_path, editions=settings["editions"])
    result = run_cli("build", "--quiet", root=tmp_path)
    assert result.returncode == 2
    assert "blocks[3].title" in result.stderr and "'cy' (strict)" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_block_routed_nowhere_is_a_warning(tmp_path: Path) -> None:
    copy_fixture(tmp_path)
    data, body = issue_data(tmp_path, SLUG)
    data["blocks"][3]["tags"] = ["cymraeg"]
    data["blocks"][3]["editions"] = []
    write_issue(tmp_path, data, body, slug=SLUG)
    manifest = built(tmp_path)
    assert any(f["rule"] == "edition.unrouted" for f in manifest["checks"])


def test_an_edition_without_stories_is_an_error(tmp_path: Path) -> None:
    copy_fixture(tmp_path)
    settings = settings_data(tmp_path)
    settings["editions"].append({"id": "tiers", "name": "Members", "include": ["members"]})
    edit_settings(tmp_path, editions=settings["editions"])
    data, body = issue_data(tmp_path, SLUG)
    for block in data["blocks"]:
        block.setdefault("tags", ["vale"]) if "editions" not in block else None
    write_issue(tmp_path, data, body, slug=SLUG)
    result = run_cli("build", "--quiet", root=tmp_path)
    assert result.returncode == 2
    assert "edition 'tiers' gets no stories" in result.stderr


def test_a_block_naming_an_unknown_edition_is_refused_with_its_line(tmp_path: Path) -> None:
    copy_fixture(tmp_path)
    data, body = issue_data(tmp_path, SLUG)
    data["blocks"][1]["editions"] = ["warwick"]
    write_issue(tmp_path, data, body, slug=SLUG)
    result = run_cli("build", "--quiet", root=tmp_path)
    assert result.returncode == 2
    line = result.stderr.strip().splitlines()[0]
    assert line.startswith("error: content/issues/2026-07-03.md:")
    assert "blocks[1].editions[0]" in line and "'warwick'" in line


@pytest.mark.parametrize(
    ("edition_id", "said"),
    [("..", "must use only lowercase"), ("archive", "is reserved"), ("../x", "must use only")],
)
def test_hostile_edition_ids_are_refused_in_one_line(
    tmp_path: Path, edition_id: str, said: str
) -> None:
    copy_fixture(tmp_path)
    settings = settings_data(tmp_path)
    settings["editions"][0]["id"] = edition_id
    edit_settings(tmp_path, editions=settings["editions"])
    result = run_cli("build", "--quiet", root=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: content/newsletter.yaml:") and "editions[0].id" in lines[0]
    assert said in lines[0]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("email.html"))


def test_two_hundred_editions_are_refused(tmp_path: Path) -> None:
    copy_fixture(tmp_path)
    many = [{"id": f"e{n}", "name": f"Edition {n}"} for n in range(200)]
    edit_settings(tmp_path, editions=many)
    result = run_cli("build", "--quiet", root=tmp_path)
    assert result.returncode == 2
    assert "editions" in result.stderr and "50" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_unchanged_edition_is_not_rendered_again(tmp_path: Path) -> None:
    from newsletter.commands.build import build

    copy_fixture(tmp_path)
    first = build(tmp_path, jobs=1)
    assert first.built[0].editions == ("en", "cy")
    settings = settings_data(tmp_path)
    settings["editions"][1]["accent"] = "#123456"
    edit_settings(tmp_path, editions=settings["editions"])
    second = build(tmp_path, jobs=1)
    assert second.built[0].editions == ("cy",)
    html = (tmp_path / "out" / SLUG / "cy" / "email.html").read_text(encoding="utf-8")
    assert "#123456" in html


def test_a_build_reports_each_editions_email_made_or_reused(tmp_path: Path) -> None:
    from newsletter.commands.build import build

    copy_fixture(tmp_path)
    out = tmp_path / "out" / SLUG
    (made,) = build(tmp_path, jobs=1).built
    assert [(e.id, e.name) for e in made.parts] == [
        ("en", "English edition"),
        ("cy", "Rhifyn Cymraeg"),
    ]
    for email in made.parts:
        own = json.loads((out / email.id / "manifest.json").read_text(encoding="utf-8"))
        assert (email.subject, email.sender, email.date.isoformat()) == (
            own["subject"],
            own["from"],
            own["date"],
        )
        for part, name in (("html", "email.html"), ("text", "email.txt")):
            data = (out / email.id / name).read_bytes()
            assert getattr(email, f"{part}_sha256") == hashlib.sha256(data).hexdigest()
            assert getattr(email, f"{part}_bytes") == len(data)
        assert [str(finding) for finding in email.findings] == own["warnings"]
        assert all(f" at [{email.id}] " in str(finding) for finding in email.labelled)
    assert made.parts[1].subject.startswith("Y bont yn ailagor")
    assert made.email is None and made.loaded is not None and made.loaded.slug == SLUG
    # The whole issue reused, then one edition: the same emails, from out/.
    (reused,) = build(tmp_path, jobs=1).built
    assert reused.reused and reused.parts == made.parts
    assert reused.email is None and reused.loaded is None
    settings = settings_data(tmp_path)
    settings["editions"][1]["accent"] = "#123456"
    edit_settings(tmp_path, editions=settings["editions"])
    (again,) = build(tmp_path, jobs=1).built
    assert again.editions == ("cy",)
    assert again.parts[0] == made.parts[0] and again.parts[1] != made.parts[1]
    welsh = (tmp_path / "out" / SLUG / "cy" / "email.html").read_bytes()
    assert b"#123456" in welsh and again.parts[1].html_sha256 == hashlib.sha256(welsh).hexdigest()


def test_export_writes_one_payload_per_edition_with_its_target_and_utm(tmp_path: Path) -> None:
    copy_fixture(tmp_path)
    result = run_cli("export", SLUG, "--service", "listmonk", root=tmp_path, check=True)
    assert f"out/{SLUG}/en/listmonk.json" in result.stdout
    for edition, wanted in (("en", 2), ("cy", 3)):
        path = tmp_path / "out" / SLUG / edition / "listmonk.json"
        body = json.loads(path.read_text(encoding="utf-8"))
        assert body["lists"] == [wanted]
        assert f"utm_campaign=courier-{SLUG}-{edition}&" in body["altbody"]
        assert body["name"] == f"The Vale Courier [{SLUG}/{edition}]"
        assert body["tags"] == [f"newsletter-{SLUG}", f"newsletter-edition-{edition}"]


def test_export_carries_each_editions_segment_and_metadata(tmp_path: Path) -> None:
    copy_fixture(tmp_path)
    settings = settings_data(tmp_path)
    english, welsh = settings["editions"]
    english["publish"] = {"mailchimp": {"list": "a1b2c3", "segment": "42"}}
    welsh["publish"] = {"brevo": {"list": "5", "segment": "9"}}
    edit_settings(tmp_path, editions=settings["editions"])

    def payload(edition: str, service: str) -> dict:
        path = tmp_path / "out" / SLUG / edition / f"{service}.json"
        return json.loads(path.read_text(encoding="utf-8"))

    for service in ("mailchimp", "brevo", "buttondown"):
        run_cli("export", SLUG, "--service", service, root=tmp_path, check=True)
    assert payload("en", "mailchimp")["campaign"]["recipients"] == {
        "list_id": "a1b2c3",
        "segment_opts": {"saved_segment_id": 42},
    }
    # The Welsh edition names no Mailchimp audience: its payload keeps the placeholder.
    assert payload("cy", "mailchimp")["campaign"]["recipients"] == {
        "list_id": "REPLACE_WITH_LIST_ID"
    }
    assert payload("cy", "brevo")["recipients"] == {"listIds": [5], "segmentIds": [9]}
    for edition in ("en", "cy"):
        assert payload(edition, "buttondown")["metadata"] == {
            "newsletter_issue": SLUG,
            "newsletter_edition": edition,
            "name": f"The Vale Courier [{SLUG}/{edition}]",
        }
    # --list-id names another audience: the settings' segment of theirs is left out.
    run_cli("export", SLUG, "--service", "mailchimp", "--list-id", "zz9", root=tmp_path, check=True)
    assert payload("en", "mailchimp")["campaign"]["recipients"] == {"list_id": "zz9"}


def test_a_segment_id_that_is_not_a_number_is_refused_with_its_line(tmp_path: Path) -> None:
    copy_fixture(tmp_path)
    settings = settings_data(tmp_path)
    settings["editions"][1]["publish"] = {"brevo": {"list": "5", "segment": "welsh"}}
    edit_settings(tmp_path, editions=settings["editions"])
    result = run_cli("export", SLUG, "--service", "brevo", root=tmp_path)
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: content/newsletter.yaml:"), line
    assert "brevo.segment: 'welsh' is not a number" in line
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()

    settings["editions"][1]["publish"] = {"brevo": {"list": "5" * 5000}}
    edit_settings(tmp_path, editions=settings["editions"])
    result = run_cli("export", SLUG, "--service", "brevo", root=tmp_path)
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.splitlines()
    assert "brevo.list: an id of 5000 digits is too long" in line and len(line) < 300


def test_export_of_one_unknown_edition_is_refused(tmp_path: Path) -> None:
    copy_fixture(tmp_path)
    result = run_cli("export", SLUG, "--service", "listmonk", "--edition", "fr", root=tmp_path)
    assert result.returncode == 2
    assert "no edition 'fr'" in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.json"))
