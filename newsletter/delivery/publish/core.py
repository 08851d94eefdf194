"""Plan, then apply: one draft campaign per issue (and edition) and service, never two, never sent.

The plan reads the ledger and the service (never writes) and says per issue: create,
update, no-op or refuse, with why. Applying does exactly that, records each result in
the ledger as soon as the service confirms it, and reports what the service changed.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from newsletter.delivery.publish import gates, ledger
from newsletter.delivery.publish.adapters import ADAPTERS, Adapter
from newsletter.delivery.publish.changes import summary
from newsletter.delivery.publish.http import Ambiguous, RetryPolicy
from newsletter.delivery.publish.model import Draft, Remote, Target, campaign_name, utc_text
from newsletter.delivery.publish.schedule import send_time
from newsletter.errors import CommandFailed, ContentError, Problem
from newsletter.project import SETTINGS_FILE, Project
from newsletter.services import NO_DRAFTS, PUBLISHERS

if TYPE_CHECKING:
    from newsletter.models import Settings
    from newsletter.pipeline import Rendered

Action = Literal["create", "update", "no-op", "refuse"]


@dataclass(frozen=True)
class Options:
    """How to publish: the service, its credentials' environment and the flags."""

    service: str
    env: Mapping[str, str] = field(default_factory=dict)
    allow_draft: bool = False
    schedule: str | None = None
    reschedule: bool = False
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    now: dt.datetime | None = None
    edition: str | None = None
    """Publish only this edition (a newsletter with editions publishes each by default)."""


@dataclass(frozen=True)
class Step:
    """What publishing one issue to one service will do, and why."""

    slug: str
    service: str
    action: Action
    why: str
    draft: Draft | None = None
    remote: Remote | None = None
    send_at: dt.datetime | None = None
    unschedule_first: bool = False
    edition: str | None = None

    @property
    def label(self) -> str:
        """Return the issue, with its edition when it has one, as messages name it."""
        return label(self.slug, self.edition)

    def line(self) -> str:
        """Return the step as the plan prints it."""
        return f"{self.label} {self.service}: {self.action}: {self.why}"


@dataclass(frozen=True)
class Done:
    """What applying a step did: the campaign's id and what the service changed."""

    step: Step
    remote_id: str | None = None
    changes: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        """Return the result as publish prints it."""
        head = self.step.line()
        if self.remote_id is not None and self.step.action != "refuse":
            head += f" [campaign {self.remote_id}]"
        return [head, *(f"  service changed: {line}" for line in self.changes)]


def refuse_unsupported(service: str) -> None:
    """Raise one line for a service publish cannot or will not make drafts at."""
    if service in NO_DRAFTS:
        raise CommandFailed(
            f"{service} keeps no draft campaigns and publish never sends; use "
            f"'newsletter export SLUG --service {service}' or {service}'s own tools"
        )
    if service not in PUBLISHERS:
        raise CommandFailed(
            f"unknown service {service!r}; publish knows " + ", ".join(sorted(PUBLISHERS))
        )


def label(slug: str, edition: str | None) -> str:
    """Return an issue, with its edition when it has one, as messages name it."""
    return slug if edition is None else f"{slug} ({edition} edition)"


def ledger_key(service: str, edition: str | None) -> str:
    """Return the ledger's key of an issue's campaign at a service: per edition with editions."""
    return service if edition is None else f"{service}:{edition}"


def chosen_editions(settings: Settings, only: str | None) -> list[str | None]:
    """Return the editions to publish (``[None]`` without editions); refuse an unknown one."""
    ids = [edition.id for edition in settings.editions]
    if only is None:
        return list(ids) or [None]
    if not ids:
        message = (
            f"the newsletter has no editions (no `editions:` in {SETTINGS_FILE}); "
            "leave out --edition"
        )
    elif only not in ids:
        message = f"no edition {only!r}; use one of {', '.join(ids)}"
    else:
        return [only]
    raise ContentError([Problem(SETTINGS_FILE, message, field="--edition")])


class Publisher:
    """One service's campaigns for one newsletter folder: plan, apply, sync."""

    def __init__(self, root: Path, *, options: Options) -> None:
        from newsletter.opening import open_folder

        refuse_unsupported(options.service)
        self.options = options
        self.project = Project(root)
        self.newsletter = open_folder(self.project)
        self.ledger_path = self.project.published_path
        self.ledger = ledger.load(self.ledger_path)
        self.now = options.now or dt.datetime.now(dt.timezone.utc)
        self.adapter_type: type[Adapter] = ADAPTERS[options.service]
        self.send_at = self._send_at()
        self._adapter: Adapter | None = None

    @property
    def adapter(self) -> Adapter:
        """Return the service's adapter, connected on first use."""
        if self._adapter is None:
            self._adapter = self.adapter_type.connect(self.options.env, retry=self.options.retry)
            self._adapter.now = self.now
        return self._adapter

    def close(self) -> None:
        """Close the connection to the service."""
        if self._adapter is not None:
            self._adapter.close()

    def __enter__(self) -> Publisher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _send_at(self) -> dt.datetime | None:
        if self.options.schedule is None:
            return None
        settings = self.newsletter.settings
        return send_time(
            self.options.schedule,
            timezone=settings.timezone,
            zone_explicit="timezone" in settings.model_fields_set,
            now=self.now,
            quarter_hours=self.adapter_type.quarter_hours,
        )

    # -- plan ------------------------------------------------------------------

    def plan(self, slugs: list[str]) -> list[Step]:
        """Return a step per issue, reading the ledger and the service, changing nothing."""
        self.project.issue_sources(slugs)
        editions = chosen_editions(self.newsletter.settings, self.options.edition)
        return [step for slug in slugs for step in self._plan_issue(slug, editions)]

    def _plan_issue(self, slug: str, editions: list[str | None]) -> list[Step]:
        """Return a step per edition of the issue (one step without editions)."""
        service = self.options.service
        try:
            renders = self._render(slug, editions)
        except ContentError as error:
            why = str(error.problems[0])
            return [Step(slug, service, "refuse", why, edition=each) for each in editions]
        return [replace(self._plan_one(rendered), edition=rendered.edition) for rendered in renders]

    def _plan_one(self, rendered: Rendered) -> Step:
        service = self.options.service
        why = gates.refusal(rendered, service=service, allow_draft=self.options.allow_draft)
        if why:
            return Step(rendered.slug, service, "refuse", why)
        draft = _draft(rendered, service=service)
        remote, how = self._look_up(draft)
        return self._decide(draft, remote, how)

    def _render(self, slug: str, editions: list[str | None]) -> tuple[Rendered, ...]:
        from newsletter.content.loader import load_issue
        from newsletter.delivery.export import with_service
        from newsletter.pipeline import render_editions, render_slug

        settings = with_service(
            self.newsletter.settings, PUBLISHERS[self.options.service], service=self.options.service
        )
        serviced = replace(self.newsletter, settings=settings)
        if editions == [None]:
            return (render_slug(serviced, slug),)
        (path,) = self.project.issue_sources([slug])
        loaded = load_issue(path, project=self.project)
        return render_editions(serviced, loaded, only={each for each in editions if each})

    def _entry(self, slug: str, edition: str | None = None) -> ledger.Entry | None:
        return self.ledger.get(slug, {}).get(ledger_key(self.options.service, edition))

    def _look_up(self, draft: Draft) -> tuple[Remote | None, str]:
        """Find the issue's campaign by the ledger's id, else by the marker in its name."""
        entry = self._entry(draft.slug, draft.edition)
        if entry is not None:
            remote = self.adapter.get(entry.remote_id)
            if remote is not None:
                return remote, "ledger"
        remote = self.adapter.find(draft)
        if remote is not None:
            return remote, "name"
        gone = f"; campaign {entry.remote_id} of the ledger is gone" if entry else ""
        return None, f"no campaign named {draft.marker} at {self.options.service}{gone}"

    def _decide(self, draft: Draft, remote: Remote | None, how: str) -> Step:
        slug, service, send_at = draft.slug, self.options.service, self.send_at
        then = f", then schedule for {utc_text(send_at)}" if send_at else ""
        if remote is None:
            return Step(slug, service, "create", how + then, draft=draft, send_at=send_at)
        found = "found by its name, not in the ledger" if how == "name" else "in the ledger"
        if remote.state in ("sent", "busy"):
            return Step(
                slug,
                service,
                "refuse",
                f"{remote.describe()} is {remote.state}; never modified",
                remote=remote,
            )
        entry = self._entry(slug, draft.edition)
        same = how == "ledger" and entry is not None and entry.content_hash == draft.content_hash
        if remote.state == "scheduled":
            return self._decide_scheduled(draft, remote, same=same)
        if same and send_at is None:
            return Step(
                slug,
                service,
                "no-op",
                f"{remote.describe()} {found}, content unchanged",
                draft=draft,
                remote=remote,
            )
        change = "content unchanged" if same else "content changed"
        if how == "name":
            change = "content replaced"
        return Step(
            slug,
            service,
            "update",
            f"{remote.describe()} {found}, {change}{then}",
            draft=draft,
            remote=remote,
            send_at=send_at,
        )

    def _decide_scheduled(self, draft: Draft, remote: Remote, *, same: bool) -> Step:
        slug, service = draft.slug, self.options.service
        if same and self.send_at is None:
            return Step(
                slug,
                service,
                "no-op",
                f"{remote.describe()} is scheduled, content unchanged",
                draft=draft,
                remote=remote,
            )
        if not self.options.reschedule or not self.adapter_type.can_unschedule:
            hint = " (pass --reschedule to unschedule, update and schedule it again)"
            return Step(
                slug,
                service,
                "refuse",
                f"{remote.describe()} is scheduled; never modified"
                + (hint if self.adapter_type.can_unschedule else ""),
                remote=remote,
            )
        send_at = self.send_at or _parse_time(remote.scheduled_at)
        if send_at is None or send_at <= self.now:
            return Step(
                slug,
                service,
                "refuse",
                f"{remote.describe()}: give --schedule with a new time to reschedule",
                remote=remote,
            )
        return Step(
            slug,
            service,
            "update",
            f"{remote.describe()}: unschedule, update, schedule for {utc_text(send_at)}",
            draft=draft,
            remote=remote,
            send_at=send_at,
            unschedule_first=True,
        )

    # -- apply -----------------------------------------------------------------

    def apply(self, steps: list[Step]) -> list[Done]:
        """Carry out each step, recording every confirmed change in the ledger at once."""
        return [self._apply_one(step) for step in steps]

    def _apply_one(self, step: Step) -> Done:
        if step.action == "refuse" or step.draft is None:
            return Done(step)
        draft = step.draft
        if step.action == "no-op":
            assert step.remote is not None
            self._record(draft, step.remote.id, draft.content_hash, step.remote, keep=True)
            return Done(step, step.remote.id)
        if step.action == "create":
            remote_id = self._create_once(draft)
        else:
            assert step.remote is not None
            remote_id = step.remote.id
            if step.unschedule_first:
                self.adapter.unschedule(remote_id)
            self.adapter.update(remote_id, draft)
        self._record(draft, remote_id, draft.content_hash, None)
        if step.send_at is not None:
            self.adapter.schedule(remote_id, step.send_at, draft)
        back = self.adapter.get(remote_id)
        self._record(draft, remote_id, draft.content_hash, back)
        changes = summary(draft.html, back.html if back else None)
        return Done(step, remote_id, tuple(changes) if step.action == "create" else ())

    def _create_once(self, draft: Draft) -> str:
        """Create the campaign; after an unclear failure, adopt it if the service made it."""
        retry = self.options.retry
        for attempt in range(1, retry.attempts + 1):
            try:
                return self.adapter.create(draft)
            except Ambiguous as error:
                found = self.adapter.find(draft)
                if found is not None:
                    self.adapter.update(found.id, draft)
                    return found.id
                if attempt == retry.attempts:
                    raise CommandFailed(
                        f"{self.options.service}: {self.adapter.client.redact(str(error))} "
                        f"(gave up after {attempt} tries; no campaign was made)"
                    ) from None
                time.sleep(error.retry_after or retry.first_wait * 2 ** (attempt - 1))
        raise AssertionError("unreachable")  # pragma: no cover

    def _record(
        self,
        which: Draft | tuple[str, str],
        remote_id: str,
        content_hash: str | None,
        remote: Remote | None,
        *,
        keep: bool = False,
    ) -> None:
        entry = ledger.Entry(
            remote_id=remote_id,
            content_hash=content_hash,
            remote_status=remote.status if remote else "draft",
            scheduled_at=remote.scheduled_at if remote else None,
            updated_at=utc_text(self.now),
        )
        slug, key = (
            (which.slug, ledger_key(self.options.service, which.edition))
            if isinstance(which, Draft)
            else which
        )
        old = self.ledger.get(slug, {}).get(key)
        if keep and old is not None and replace(old, updated_at=entry.updated_at) == entry:
            return
        self.ledger.setdefault(slug, {})[key] = entry
        ledger.record(self.ledger_path, slug, key, entry)

    # -- sync ------------------------------------------------------------------

    def sync(self, slugs: list[str]) -> list[str]:
        """Record each campaign's status from the service; a sent one marks the issue sent."""
        lines = []
        for slug in slugs:
            keys = self._keys(slug)
            if not keys:
                lines.append(f"{slug} {self.options.service}: not published")
                continue
            states = [self._sync_one(slug, key, lines) for key in keys]
            if all(state == "sent" for state in states) and mark_sent(
                self.project.issue_path(slug)
            ):
                lines[-1] += f"; {self.project.issue_file(slug)} now has status: sent"
        return lines

    def _keys(self, slug: str) -> list[str]:
        """Return the ledger keys of the issue's campaigns at the service (one per edition)."""
        service, only = self.options.service, self.options.edition
        return [
            key
            for key in sorted(self.ledger.get(slug, {}))
            if key == service
            or (key.startswith(f"{service}:") and only in (None, key.partition(":")[2]))
        ]

    def _sync_one(self, slug: str, key: str, lines: list[str]) -> str | None:
        """Record one campaign's status; append its line and return its state."""
        entry = self.ledger[slug][key]
        edition = key.partition(":")[2] or None
        who = f"{label(slug, edition)} {self.options.service}"
        remote = self.adapter.get(entry.remote_id)
        if remote is None:
            lines.append(f"{who}: campaign {entry.remote_id} is gone")
            return None
        self._record((slug, key), remote.id, entry.content_hash, remote, keep=True)
        lines.append(f"{who}: {remote.describe()}")
        return remote.state


def _draft(rendered: Rendered, *, service: str) -> Draft:
    settings = rendered.settings
    target = settings.publish.get(service)
    return Draft(
        slug=rendered.slug,
        name=campaign_name(settings.name, rendered.slug, rendered.edition),
        subject=rendered.subject,
        preheader=rendered.preheader,
        from_name=settings.sender.name,
        from_email=str(settings.sender.email),
        reply_to=str(settings.reply_to) if settings.reply_to else None,
        html=rendered.html,
        text=rendered.text,
        target=Target(**target.model_dump()) if target else Target(),
        edition=rendered.edition,
    )


def _parse_time(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


_STATUS_LINE = re.compile(r"(?m)^status:[^\n]*$")


def mark_sent(path: Path) -> bool:
    """Set ``status: sent`` in an issue's front matter; return whether the file changed."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return False
    end = text.find("\n---", 3)
    if end < 0:
        return False
    front, rest = text[:end], text[end:]
    if _STATUS_LINE.search(front):
        new_front = _STATUS_LINE.sub("status: sent", front, count=1)
    else:
        new_front = front + "\nstatus: sent"
    if new_front == front:
        return False
    temporary = path.with_name(f".{path.name}.publish")
    temporary.write_text(new_front + rest, encoding="utf-8")
    temporary.replace(path)
    return True


def publish(root: Path, slugs: list[str], *, options: Options, plan_only: bool) -> list[Done]:
    """Plan the issues' drafts at the service and, unless ``plan_only``, apply the plan."""
    with Publisher(root, options=options) as publisher:
        steps = publisher.plan(slugs)
        if plan_only:
            return [Done(step) for step in steps]
        return publisher.apply(steps)


def sync(root: Path, slugs: list[str], *, options: Options) -> list[str]:
    """Record the campaigns' remote status; mark issues the service has sent."""
    with Publisher(root, options=replace(options, schedule=None)) as publisher:
        known = slugs or sorted(publisher.ledger)
        return publisher.sync(known)


__all__ = ["Done", "Options", "Step", "publish", "sync"]
