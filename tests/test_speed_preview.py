"""The preview rebuilds only what an edit touches, and shows the email before its checks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from benchmarks.generate import write_issue as generate_issue
from newsletter.commands import build as build_module
from newsletter.preview.server import Preview
from tests.support import EXAMPLE_SLUG, issue_data, own_template, write_issue


@pytest.fixture
def preview(site: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Preview, list[list[str]]]:
    """A preview of two issues, built once, and the slugs each later build rendered."""
    generate_issue(site, "2026-06-12", 12, seed=4)
    shown = Preview(site)
    shown.rebuild()
    rendered: list[list[str]] = []
    real = build_module.build

    def counting(*args: Any, **kwargs: Any) -> Any:
        report = real(*args, **kwargs)
        rendered.append([b.slug for b in report.built if not b.reused])
        return report

    monkeypatch.setattr("newsletter.preview.server.build", counting)
    return shown, rendered


def edit_subject(site: Path, subject: str) -> Path:
    data, body = issue_data(site)
    data["subject"] = subject
    return write_issue(site, data, body)


def test_an_edited_issue_rebuilds_alone(site: Path, preview: tuple[Preview, list]) -> None:
    shown, rendered = preview
    version = shown.state["version"]
    shown.rebuild({edit_subject(site, "Only this one")})
    assert rendered == [[EXAMPLE_SLUG]]
    assert shown.state["version"] > version
    assert shown.issue(EXAMPLE_SLUG)["subject"] == "Only this one"  # type: ignore[index]
    assert shown.issue("2026-06-12")["built"] is True  # type: ignore[index]


def test_a_template_edit_rebuilds_every_issue(site: Path, preview: tuple[Preview, list]) -> None:
    shown, rendered = preview
    partial = own_template(site, "blocks/divider.html")
    partial.write_text("<!-- edited -->\n" + partial.read_text(encoding="utf-8"), "utf-8")
    shown.rebuild({partial})
    assert rendered == [[EXAMPLE_SLUG, "2026-06-12"]]


def test_an_editors_swap_file_rebuilds_nothing(site: Path, preview: tuple[Preview, list]) -> None:
    shown, rendered = preview
    version = shown.state["version"]
    swap = site / "content" / "issues" / f".{EXAMPLE_SLUG}.md.swp"
    swap.write_bytes(b"\0")
    shown.rebuild({swap, swap.with_name("4913")})
    assert rendered == []
    assert shown.state["version"] == version


def test_a_removed_issue_leaves_the_state(site: Path, preview: tuple[Preview, list]) -> None:
    shown, rendered = preview
    path = site / "content" / "issues" / "2026-06-12.md"
    path.unlink()
    shown.rebuild({path})
    assert rendered == []
    assert [issue["slug"] for issue in shown.state["issues"]] == [EXAMPLE_SLUG]


def test_a_single_issue_preview_ignores_other_issues(site: Path) -> None:
    generate_issue(site, "2026-06-12", 12, seed=4)
    shown = Preview(site, slug=EXAMPLE_SLUG)
    shown.rebuild()
    version = shown.state["version"]
    other = generate_issue(site, "2026-06-12", 12, seed=5)
    shown.rebuild({other})
    assert shown.state["version"] == version


def published_states(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Return the list that each state the preview puts out from now on is added to."""
    states: list[dict[str, Any]] = []
    real = Preview._publish

    def recording(self: Preview) -> None:
        real(self)
        states.append(self.state)

    monkeypatch.setattr(Preview, "_publish", recording)
    return states


def test_the_email_is_shown_before_its_checks(
    site: Path, preview: tuple[Preview, list], monkeypatch: pytest.MonkeyPatch
) -> None:
    shown, _ = preview
    states = published_states(monkeypatch)
    # A subject in capitals: the checks warn about it, so the two states differ.
    shown.rebuild({edit_subject(site, "ALL IN CAPITALS FOR ONCE, THE WHOLE SUBJECT LINE")})
    first, last = (
        next(i for i in state["issues"] if i["slug"] == EXAMPLE_SLUG) for state in states
    )
    assert first["subject"] == last["subject"]
    assert first["checking"] is True and first["warnings"] == []
    assert last["checking"] is False and last["warnings"]
    # The same files: the page keeps its frames instead of loading them again.
    assert first["html_version"] == last["html_version"]
    assert first["text_version"] == last["text_version"]
    assert states[0]["version"] < states[1]["version"]


def test_fixing_an_invalid_issue_clears_its_problems(
    site: Path, preview: tuple[Preview, list]
) -> None:
    shown, _ = preview
    data, body = issue_data(site)
    path = write_issue(site, {k: v for k, v in data.items() if k != "subject"}, body)
    shown.rebuild({path})
    assert shown.issue(EXAMPLE_SLUG)["problems"]  # type: ignore[index]
    assert shown.state["problems"]
    shown.rebuild({write_issue(site, data, body)})
    assert shown.issue(EXAMPLE_SLUG)["problems"] == []  # type: ignore[index]
    assert shown.state["problems"] == []


@pytest.mark.parametrize("limit", [1, 60, 140, 141, 5000, 10**6])
def test_the_inbox_line_is_what_reading_the_whole_email_gives(site: Path, limit: int) -> None:
    from newsletter.mail.inbox import _BodyText, _inbox_line, inbox_text

    generate_issue(site, "2026-06-12", 30, seed=6)
    shown = Preview(site)
    shown.rebuild()
    for slug in (EXAMPLE_SLUG, "2026-06-12"):
        html = (site / "out" / slug / "email.html").read_text(encoding="utf-8")
        whole = _BodyText()
        whole.feed(html)
        whole.close()
        assert inbox_text(html, limit=limit) == _inbox_line(whole.parts)[:limit]


def test_each_edition_is_shown_before_its_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_editions import SLUG, copy_fixture

    root = copy_fixture(tmp_path)
    shown = Preview(root)
    shown.rebuild()
    states = published_states(monkeypatch)
    data, body = issue_data(root, SLUG)
    data["subject"] = "ALL IN CAPITALS FOR ONCE, THE WHOLE SUBJECT LINE"
    shown.rebuild({write_issue(root, data, body, slug=SLUG)})
    first, last = (next(i for i in state["issues"] if i["slug"] == SLUG) for state in states)
    assert [e["subject"] for e in first["editions"]] == [e["subject"] for e in last["editions"]]
    assert first["editions"][0]["subject"] == data["subject"]
    # The Welsh edition, its subject unchanged, is reused with its findings at once.
    english = [w for w in first["warnings"] if "[en] " in w]
    assert first["checking"] is True and english == [] and first["warnings"]
    # The page shows one edition's warnings: the English ones are not known yet.
    assert {e["id"]: e["checking"] for e in first["editions"]} == {"en": True, "cy": False}
    assert last["checking"] is False
    assert not any(e["checking"] for e in last["editions"])
    assert any("[en] " in w and "capitals" in w for w in last["warnings"]), last["warnings"]
    # The same files: the page keeps its frames instead of loading them again.
    assert first["html_version"] == last["html_version"]
    assert [e["html_version"] for e in first["editions"]] == [
        e["html_version"] for e in last["editions"]
    ]


def test_editions_written_before_their_checks_are_not_taken_for_checked_ones(
    tmp_path: Path,
) -> None:
    """A build stopped between the two writes leaves nothing a later build reuses."""
    import json

    from newsletter.commands.build import build
    from tests.test_editions import SLUG, copy_fixture

    root = copy_fixture(tmp_path)
    data, body = issue_data(root, SLUG)
    data["subject"] = "ALL IN CAPITALS FOR ONCE, THE WHOLE SUBJECT LINE"
    write_issue(root, data, body, slug=SLUG)

    class Stopped(Exception):
        pass

    def stop(_built: object) -> None:
        raise Stopped

    with pytest.raises(Stopped):
        build(root, on_unchecked=stop)
    manifest = json.loads((root / "out" / SLUG / "manifest.json").read_text(encoding="utf-8"))
    assert [edition["key"] for edition in manifest["editions"]] == ["", ""]
    (again,) = build(root).built
    assert again.editions == ("en", "cy")  # rendered and checked, not reused
    assert any(
        finding.where.startswith("[en] ") and "capitals" in finding.message
        for finding in again.findings
    )
