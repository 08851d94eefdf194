"""The first hour of a new editor: each step says what it did, and placeholders never go out."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
import yaml

from tests.support import EXAMPLE_SLUG, edit_settings, run_cli, tree_bytes
from tests.test_ingest_fetch import FeedServer

ISSUE = f"content/issues/{EXAMPLE_SLUG}.md"
STARTER = (
    "--name",
    "Kenilworth Voice",
    "--website",
    "https://www.kenilworthvoice.example/",
    "--sender-email",
    "news@kenilworthvoice.example",
    "--address",
    "1 High Street, Kenilworth",
)


@pytest.fixture(scope="module")
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        yield running


def findings(root: Path, *slugs: str) -> list[dict]:
    result = run_cli("check", *slugs, "--json", root=root)
    return json.loads(result.stdout)


def rules(root: Path, *slugs: str) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for finding in findings(root, *slugs):
        found.setdefault(finding["rule"], []).append(finding)
    return found


def set_front(root: Path, slug: str, **changes: object) -> None:
    path = root / f"content/issues/{slug}.md"
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    data = yaml.safe_load(front) | changes
    path.write_text(f"---\n{yaml.safe_dump(data, sort_keys=False)}---\n{body}", encoding="utf-8")


# -- placeholders ------------------------------------------------------------------------


def test_placeholders_build_but_check_export_and_send_refuse_them(tmp_path: Path) -> None:
    run_cli("init", str(tmp_path), "--name", "Kenilworth Voice", check=True)
    (slug,) = [p.stem for p in (tmp_path / "content/issues").iterdir()]
    assert run_cli("build", root=tmp_path).returncode == 0
    assert (tmp_path / "out" / slug / "email.html").is_file()

    starter = rules(tmp_path)["content.starter"]
    assert {f["severity"] for f in starter} == {"error"}
    assert [f["where"].split(" in ")[0] for f in starter] == [
        "website",
        "sender.email",
        "postal_address",
        "unsubscribe_url",
    ]

    export = run_cli("export", slug, "--service", "mailchimp", "--allow-draft", root=tmp_path)
    assert export.returncode == 2
    lines = export.stderr.splitlines()
    assert "content/newsletter.yaml: website: still holds the starter's placeholder" in lines[0]
    assert all(line.endswith("before you export it") for line in lines)
    assert any("content/issues/" in line and "[[" in line for line in lines)
    assert not (tmp_path / "out" / slug / "mailchimp.json").exists()

    send = run_cli(
        "send", slug, "--to", "ed@example.org", "--smtp-host", "127.0.0.1", root=tmp_path
    )
    assert send.returncode == 2 and "before you send it" in send.stderr
    dry = run_cli("send", slug, "--to", "ed@example.org", "--dry-run", root=tmp_path)
    assert dry.returncode == 0


# -- init ------------------------------------------------------------------------------


def test_init_checks_every_option_at_once_and_writes_nothing(tmp_path: Path) -> None:
    result = run_cli(
        "init",
        str(tmp_path / "town"),
        "--website",
        "www.town.example",
        "--sender-email",
        "news@",
        "--unsubscribe-url",
        "javascript:alert(1)",
    )
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert [line.split(": ")[1] for line in lines] == [
        "--website",
        "--sender-email",
        "--unsubscribe-url",
    ]
    assert "must be an absolute http:// or https:// URL" in lines[0]
    assert "must be an email address" in lines[1]
    assert not (tmp_path / "town").exists()


def test_init_takes_the_unsubscribe_url_and_prints_the_next_three_commands(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "kv"
    url = "https://www.kenilworthvoice.example/unsubscribe"
    result = run_cli("init", str(folder), *STARTER, "--unsubscribe-url", url, check=True)
    settings = yaml.safe_load((folder / "content/newsletter.yaml").read_text(encoding="utf-8"))
    assert settings["unsubscribe_url"] == url
    after = result.stdout.split("next:\n", 1)[1].splitlines()
    assert after[0] == f"  cd {folder}"
    assert [line.split("#")[0].strip() for line in after[1:]] == [
        "newsletter build",
        "newsletter preview --open",
        "newsletter check",
    ]
    findings_ = rules(folder)
    assert "content.starter" not in findings_


def test_init_with_a_service_uses_its_unsubscribe_tag(tmp_path: Path) -> None:
    run_cli("init", str(tmp_path), *STARTER, "--service", "mailchimp", check=True)
    run_cli("build", root=tmp_path, check=True)
    (html,) = (tmp_path / "out").glob("*/email.html")
    assert 'href="*|UNSUB|*"' in html.read_text(encoding="utf-8")
    assert "content.starter" not in rules(tmp_path)


# -- status ------------------------------------------------------------------------------


def test_check_warns_on_a_draft_and_export_refuses_it(site: Path) -> None:
    set_front(site, EXAMPLE_SLUG, status="draft")
    (draft,) = rules(site)["content.draft"]
    assert draft["severity"] == "warning"
    assert f"newsletter mark {EXAMPLE_SLUG} ready" in draft["message"]

    refused = run_cli("export", EXAMPLE_SLUG, "--service", "mailchimp", root=site)
    assert refused.returncode == 2
    (line,) = refused.stderr.splitlines()
    assert line.startswith(f"error: {ISSUE}: status: is a draft") and "--allow-draft" in line
    allowed = run_cli("export", EXAMPLE_SLUG, "--service", "mailchimp", "--allow-draft", root=site)
    assert allowed.returncode == 0, allowed.stderr


def test_a_draft_has_no_view_online_link_to_its_missing_archive_page(site: Path) -> None:
    edit_settings(site, archive={"base_url": "https://www.millbrookweekly.example/letters/"})
    page = f"https://www.millbrookweekly.example/letters/{EXAMPLE_SLUG}/"

    def hrefs() -> list[str]:
        run_cli("build", root=site, check=True)
        html = (site / "out" / EXAMPLE_SLUG / "email.html").read_text(encoding="utf-8")
        return [a.get("href") for a in lxml.html.fromstring(html).iter("a")]

    assert page in hrefs()
    set_front(site, EXAMPLE_SLUG, status="draft")
    assert not any(
        href.startswith("https://www.millbrookweekly.example/letters/") for href in hrefs()
    )
    text = (site / "out" / EXAMPLE_SLUG / "email.txt").read_text(encoding="utf-8")
    assert page not in text


def test_mark_changes_only_the_status_line(site: Path) -> None:
    path = site / ISSUE
    original = path.read_bytes().replace(b"\n", b"\r\n")
    assert b"\r\nstatus:" not in original
    path.write_bytes(original)

    result = run_cli("mark", EXAMPLE_SLUG, "sent", root=site, check=True)
    assert result.stdout.strip() == f"marked {ISSUE} sent (was ready)"
    marked = path.read_bytes()
    added = re.search(rb"\r\nstatus: sent\r\n", marked)
    assert added is not None
    assert marked[: added.start()] + marked[added.end() - 2 :] == original

    run_cli("mark", EXAMPLE_SLUG, "ready", root=site, check=True)
    assert path.read_bytes() == marked.replace(b"status: sent", b"status: ready")
    again = run_cli("mark", EXAMPLE_SLUG, "ready", root=site, check=True)
    assert "already ready" in again.stdout

    bad = run_cli("mark", "no-such-issue", "ready", root=site)
    assert bad.returncode == 2 and "no such issue" in bad.stderr


# -- feed drafts ----------------------------------------------------------------------------


def test_a_feed_draft_says_what_it_took_and_why_it_skipped_the_rest(
    site: Path, server: FeedServer
) -> None:
    feed = server.url("/feeds/rss2.xml")
    edit_settings(site, feeds=[{"url": feed, "exclude_tags": ["Sponsored"], "max": 1}])
    result = run_cli("new", "2026-06-12", "--from-feeds", "--since", "2026-05-15", root=site)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"feed {feed}: 1 taken, 6 skipped "
        "(1 unreadable, 3 already in issue 2026-06-05, 1 excluded tag, 1 over max)"
    )
    assert lines[1] == "  took: Parking charges on the High Street to stay the same this year"
    skipped = dict(
        line.removeprefix("  skipped: ").rsplit(": ", 1)
        for line in lines
        if line.startswith("  skipped: ")
    )
    assert skipped == {
        "Win a weekend at the Vale Spa": "excluded tag (Sponsored)",
        "Riverside lido opens a fortnight early with free swims for under-16s": (
            "already in issue 2026-06-05"
        ),
        "Mill Lane footbridge reopens after eight months of repairs": "already in issue 2026-06-05",
        # The same address with tracking parameters.
        "Mill Lane footbridge reopens (syndicated copy)": "already in issue 2026-06-05",
        "Library opening hours change": "over max (1 taken)",
        # The feed's item without a link.
        "item 7 ('An item without a web link')": (
            "unreadable (its link is not a usable http(s) address)"
        ),
    }
    assert lines[-1].startswith("created content/issues/2026-06-12.md")

    later = run_cli("new", "2026-06-19", "--from-feed", feed, "--since", "2026-05-25", root=site)
    assert (
        "  skipped: Library opening hours change: outside the window (2026-05-25 00:00 to "
        "before 2026-06-20 00:00)" in later.stdout.splitlines()
    )


def test_a_feed_draft_with_nothing_new_writes_nothing_and_fails(
    site: Path, server: FeedServer
) -> None:
    feed = server.url("/feeds/rss2.xml")
    run_cli(
        "new", "2026-06-12", "--from-feed", feed, "--since", "2026-05-29", root=site, check=True
    )
    before = tree_bytes(site)
    again = run_cli("new", "2026-06-13", "--from-feed", feed, "--since", "2026-05-29", root=site)
    assert again.returncode == 1
    assert "0 taken" in again.stdout
    # The stories are in 2026-06-12, a later, unsent draft: they count as used too.
    assert "already in issue 2026-06-12" in again.stdout
    (line,) = again.stderr.splitlines()
    assert line.startswith("error: nothing new in the feeds") and line.endswith(
        "nothing was written"
    )
    assert tree_bytes(site) == before


# -- copies ---------------------------------------------------------------------------------


def test_a_copy_asks_for_a_new_subject_and_check_flags_what_repeats_a_sent_issue(
    site: Path,
) -> None:
    run_cli("mark", EXAMPLE_SLUG, "sent", root=site, check=True)
    old = yaml.safe_load((site / ISSUE).read_text(encoding="utf-8").split("---\n")[1])
    made = run_cli("new", "2026-06-12", "--copy-from", EXAMPLE_SLUG, root=site, check=True)
    assert "fill in its 2 [[...]] prompts" in made.stdout
    copy = yaml.safe_load(
        (site / "content/issues/2026-06-12.md").read_text(encoding="utf-8").split("---\n")[1]
    )
    assert copy["subject"] == f"[[was: {old['subject']}]]"
    assert copy["preheader"] == f"[[was: {old['preheader']}]]"

    set_front(site, "2026-06-12", subject=old["subject"], preheader="Something new this week")
    found = rules(site, "2026-06-12")
    wheres = [f["where"] for f in found["content.repeat"]]
    assert "subject in content/issues/2026-06-12.md" in wheres
    assert "preheader in content/issues/2026-06-12.md" not in wheres
    assert "blocks[0].url in content/issues/2026-06-12.md" in wheres
    assert all("issue 2026-06-05" in f["message"] for f in found["content.repeat"])


# -- outside a newsletter folder ---------------------------------------------------------------


def test_outside_a_newsletter_folder_commands_point_to_init(tmp_path: Path) -> None:
    for command in (["build"], ["check"], ["new", "2026-06-12"], ["mark", "x", "ready"]):
        result = run_cli(*command, root=tmp_path)
        assert result.returncode == 2, command
        (line,) = result.stderr.splitlines()
        assert "newsletter init" in line and "see README" not in line, line
    assert list(tmp_path.iterdir()) == []


# -- export -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "flag", "value"),
    [("brevo", "--to", "ana@example.org"), ("mailgun", "--list-id", "7"), ("kit", "--stream", "x")],
)
def test_export_refuses_an_option_its_service_does_not_use(
    site: Path, service: str, flag: str, value: str
) -> None:
    result = run_cli("export", EXAMPLE_SLUG, "--service", service, flag, value, root=site)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {flag}: {service} does not use it")
    assert not (site / "out" / EXAMPLE_SLUG / f"{service}.json").exists()


def test_every_service_the_settings_accept_can_be_exported(site: Path) -> None:
    from newsletter.services import EXPORTS, PROFILES

    for service in sorted(set(PROFILES) - {"none"}):
        edit_settings(site, mailing_service=service)
        target = (
            service
            if service in EXPORTS
            else next(name for name, profile in EXPORTS.items() if profile == service)
        )
        result = run_cli("export", EXAMPLE_SLUG, "--service", target, root=site)
        assert result.returncode == 0, (service, result.stderr)


# -- check --links, warnings, headings -------------------------------------------------------


def test_check_links_on_a_machine_that_cannot_look_up_hosts_says_so_once(site: Path) -> None:
    # .invalid never resolves (RFC 6761): every lookup fails as it does offline.
    for path in (site / "content/newsletter.yaml", site / ISSUE):
        text = path.read_text(encoding="utf-8")
        path.write_text(
            re.sub(r"https://[^/\s)\"']+", "https://www.millbrookweekly.invalid", text),
            encoding="utf-8",
        )
    result = run_cli("check", "--links", root=site)
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert "could be looked up (DNS)" in line and "offline" in line
    assert "link.broken" not in result.stdout


def test_one_warning_prefix(site: Path) -> None:
    set_front(site, EXAMPLE_SLUG, subject="BIG NEWS!!")
    dry = run_cli("send", EXAMPLE_SLUG, "--to", "ed@example.org", "--dry-run", root=site)
    verbose = run_cli("build", "-v", root=site, check=True)
    for output in (dry.stdout, verbose.stdout):
        assert "warning: subject.shouting" in output
        assert "warning: warning" not in output and "warning: error" not in output


def test_a_markdown_heading_where_none_is_shown_is_a_warning_naming_the_field(
    site: Path,
) -> None:
    data = yaml.safe_load((site / ISSUE).read_text(encoding="utf-8").split("---\n")[1])
    blocks = data["blocks"]
    index = next(i for i, block in enumerate(blocks) if block["type"] == "story")
    blocks[index]["summary"] = "## Update\n\nThe bridge is open."
    set_front(site, EXAMPLE_SLUG, blocks=blocks)
    (hit,) = rules(site)["content.heading"]
    assert hit["where"] == f"blocks[{index}].summary in {ISSUE}"
    assert hit["severity"] == "warning" and "## starts a heading" in hit["message"]
