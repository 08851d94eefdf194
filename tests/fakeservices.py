"""Fake mailing-service campaign APIs on 127.0.0.1, one per service publish supports.

Each fake implements the endpoints the adapter uses, checks the credentials, validates
every request body against a JSON Schema derived from the service's published API
reference (tests/schemas/<service>.json, sources cited there), records every request,
and can be told to misbehave: 429 with Retry-After, 500, a slow reply, a connection
dropped after the work is done.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import jsonschema

SCHEMAS = Path(__file__).resolve().parent / "schemas"
SECRET = "s3cr3t-KEY-do-not-print-7f2a"


@dataclass
class Fault:
    """A misbehaviour for matching requests: kind is 429, 500, slow or drop-after."""

    method: str
    path: str
    kind: str
    times: int = 1
    retry_after: str | None = None


@dataclass
class Reply:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


class Fake:
    """A service's campaigns in memory, served over HTTP."""

    name = ""
    # State name -> the fields that put a campaign in that state at this service.
    states: ClassVar[dict[str, dict[str, Any]]] = {}
    env: ClassVar[dict[str, str]] = {}

    def __init__(self) -> None:
        self.campaigns: dict[str, dict[str, Any]] = {}
        self.requests: list[tuple[str, str, Any]] = []
        self.invalid: list[str] = []
        self.faults: list[Fault] = []
        self.lock = threading.Lock()
        self.next_id = 1
        self.schema = json.loads((SCHEMAS / f"{self.name}.json").read_text())
        self.modify_html: Callable[[str], str] | None = None
        self.slow = 0.6

    # -- helpers for tests
    def set_state(self, remote_id: str, state: str) -> None:
        """Put a campaign into a state, as if someone pressed a button in the service."""
        self.campaigns[remote_id].update(self.states[state])

    def validate(self, part: str, body: Any) -> None:
        """Record a body that breaks the service's schema."""
        validator = jsonschema.Draft202012Validator({**self.schema, "$ref": f"#/{part}"})
        for error in validator.iter_errors(body):
            self.invalid.append(f"{part}: {error.message} at {list(error.absolute_path)}")

    def new_id(self) -> str:
        value = str(self.next_id)
        self.next_id += 1
        return value

    def stored_html(self, html: str) -> str:
        return self.modify_html(html) if self.modify_html else html

    # -- to be filled in by each service
    def authorised(self, headers: Any) -> bool:
        raise NotImplementedError

    def routes(self) -> list[tuple[str, str, Callable[..., Reply]]]:
        raise NotImplementedError

    def denied(self) -> Reply:
        return Reply(401, {"message": "Invalid API key"})

    def missing(self) -> Reply:
        return Reply(404, {"message": "Not found"})

    # -- dispatch
    def handle(self, method: str, target: str, headers: Any, body: Any) -> Reply | str:
        url = urlsplit(target)
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        with self.lock:
            self.requests.append((method, target, body))
            fault = self._fault(method, url.path)
        if fault == "slow":
            time.sleep(self.slow)
            fault = None
        with self.lock:
            if fault in ("429", "500"):
                assert isinstance(fault, str)
                return fault
            if not self.authorised(headers):
                return self.denied()
            for verb, pattern, action in self.routes():
                match = re.fullmatch(pattern, url.path)
                if verb == method and match:
                    reply = action(*match.groups(), body=body, query=query)
                    return "drop-after" if fault == "drop-after" else reply
        return Reply(404, {"message": f"no route {method} {url.path}"})

    def _fault(self, method: str, path: str) -> str | None:
        for fault in self.faults:
            if fault.times and fault.method == method and re.fullmatch(fault.path, path):
                fault.times -= 1
                if fault.kind == "429":
                    self._retry_after = fault.retry_after
                return fault.kind
        return None

    def count(self, method: str, pattern: str) -> int:
        return sum(
            1
            for verb, target, _ in self.requests
            if verb == method and re.fullmatch(pattern, urlsplit(target).path)
        )


def _handler(fake: Fake) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            reply = fake.handle(self.command, self.path, self.headers, body)
            if reply == "drop-after":
                self.close_connection = True
                self.connection.close()
                return
            if reply == "429":
                retry = getattr(fake, "_retry_after", None)
                reply = Reply(
                    429, {"message": "Too many requests"}, {"Retry-After": retry} if retry else {}
                )
            elif reply == "500":
                reply = Reply(500, {"message": "Internal error"})
            assert isinstance(reply, Reply)
            data = b"" if reply.body is None else json.dumps(reply.body).encode()
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

    return Handler


@contextmanager
def serving(fake: Fake) -> Iterator[str]:
    """Serve the fake on a free port of 127.0.0.1; yield its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


# -- the services ---------------------------------------------------------------


class Listmonk(Fake):
    name = "listmonk"
    env: ClassVar[dict[str, str]] = {
        "NEWSLETTER_LISTMONK_USER": "api",
        "NEWSLETTER_LISTMONK_TOKEN": SECRET,
    }
    states: ClassVar[dict[str, dict[str, Any]]] = {
        "scheduled": {"status": "scheduled", "send_at": "2030-01-01T07:00:00Z"},
        "sent": {"status": "finished"},
        "draft": {"status": "draft"},
    }

    def authorised(self, headers: Any) -> bool:
        return headers.get("Authorization") == f"token api:{SECRET}"

    def denied(self) -> Reply:
        return Reply(403, {"message": f"invalid API credentials for token {SECRET[:4]}"})

    def routes(self) -> list[tuple[str, str, Callable[..., Reply]]]:
        return [
            ("POST", r"/api/campaigns", self.create),
            ("GET", r"/api/campaigns", self.listing),
            ("GET", r"/api/campaigns/(\d+)", self.get),
            ("PUT", r"/api/campaigns/(\d+)", self.update),
            ("PUT", r"/api/campaigns/(\d+)/status", self.status),
        ]

    def create(self, *, body: Any, query: Any) -> Reply:
        self.validate("create", body)
        remote_id = self.new_id()
        self.campaigns[remote_id] = {
            **body,
            "id": int(remote_id),
            "status": "draft",
            "body": self.stored_html(body.get("body", "")),
        }
        return Reply(200, {"data": self.campaigns[remote_id]})

    def listing(self, *, body: Any, query: Any) -> Reply:
        items = list(self.campaigns.values())
        return Reply(
            200, {"data": {"results": items, "total": len(items), "page": 1, "per_page": 100}}
        )

    def get(self, remote_id: str, *, body: Any, query: Any) -> Reply:
        found = self.campaigns.get(remote_id)
        return Reply(200, {"data": found}) if found else self.missing()

    def update(self, remote_id: str, *, body: Any, query: Any) -> Reply:
        self.validate("create", body)
        found = self.campaigns.get(remote_id)
        if found is None:
            return self.missing()
        if found["status"] not in ("draft", "paused", "scheduled"):
            return Reply(400, {"message": "Cannot update a running or finished campaign."})
        found.update(body)
        return Reply(200, {"data": found})

    def status(self, remote_id: str, *, body: Any, query: Any) -> Reply:
        self.validate("status", body)
        found = self.campaigns.get(remote_id)
        if found is None:
            return self.missing()
        found["status"] = body["status"]
        return Reply(200, {"data": found})


class Mailchimp(Fake):
    name = "mailchimp"
    env: ClassVar[dict[str, str]] = {"NEWSLETTER_MAILCHIMP_KEY": f"{SECRET}-us9"}
    states: ClassVar[dict[str, dict[str, Any]]] = {
        "scheduled": {"status": "schedule", "send_time": "2030-01-01T07:00:00+00:00"},
        "sent": {"status": "sent"},
        "draft": {"status": "save"},
    }

    def authorised(self, headers: Any) -> bool:
        import base64

        value = headers.get("Authorization", "")
        if not value.startswith("Basic "):
            return False
        return base64.b64decode(value[6:]).decode().partition(":")[2] == f"{SECRET}-us9"

    def denied(self) -> Reply:
        return Reply(
            401,
            {
                "type": "about:blank",
                "title": "API Key Invalid",
                "status": 401,
                "detail": "Your API key may be invalid.",
                "instance": "x",
            },
        )

    def routes(self) -> list[tuple[str, str, Callable[..., Reply]]]:
        return [
            ("POST", r"/campaigns", self.create),
            ("GET", r"/campaigns", self.listing),
            ("GET", r"/campaigns/(\w+)", self.get),
            ("PATCH", r"/campaigns/(\w+)", self.update),
            ("GET", r"/campaigns/(\w+)/content", self.get_content),
            ("PUT", r"/campaigns/(\w+)/content", self.content),
            ("POST", r"/campaigns/(\w+)/actions/schedule", self.schedule),
            ("POST", r"/campaigns/(\w+)/actions/unschedule", self.unschedule),
        ]

    def create(self, *, body: Any, query: Any) -> Reply:
        self.validate("create", body)
        remote_id = f"c{self.new_id()}"
        self.campaigns[remote_id] = {**body, "id": remote_id, "status": "save", "html": ""}
        return Reply(200, self.campaigns[remote_id])

    def listing(self, *, body: Any, query: Any) -> Reply:
        items = list(self.campaigns.values())
        return Reply(200, {"campaigns": items, "total_items": len(items)})

    def get(self, remote_id: str, *, body: Any, query: Any) -> Reply:
        found = self.campaigns.get(remote_id)
        return Reply(200, found) if found else self.missing()

    def update(self, remote_id: str, *, body: Any, query: Any) -> Reply:
        self.validate("update", body)
        found = self.campaigns.get(remote_id)
        if found is None:
            return self.missing()
        if found["status"] != "save":
            return Reply(
                400,
                {
                    "title": "Bad Request",
                    "detail": "Cannot update a campaign "
                    "that is scheduled or sent; unschedule first",
                },
            )
        found.update(body)
        return Reply(200, found)

    def get_content(self, remote_id: str, *, body: Any, query: Any) -> Reply:
        found = self.campaigns.get(remote_id)
        return Reply(200, {"html": found["html"]}) if found else self.missing()

    def content(self, remote_id: str, *, body: Any, query: Any) -> Reply:
        self.validate("content", body)
        found = self.campaigns.get(remote_id)
        if found is None:
            return self.missing()
        if found["status"] != "save":
            return Reply(400, {"title": "Bad Request", "detail": "unschedule first"})
        found["html"] = self.stored_html(body["html"])
        return Reply(200, {"html": found["html"]})

    def schedule(self, remote_id: str, *, body: Any, query: Any) -> Reply:
        self.validate("schedule", body)
        self.campaigns[remote_id].update(status="schedule", send_time=body["schedule_time"])
        return Reply(204)

    def unschedule(self, remote_id: str, *, body: Any, query: Any) -> Reply:
        self.campaigns[remote_id].update(status="save", send_time=None)
        return Reply(204)


class Buttondown(Fake):
    name = "buttondown"
    env: ClassVar[dict[str, str]] = {"NEWSLETTER_BUTTONDOWN_KEY": SECRET}
    states: ClassVar[dict[str, dict[str, Any]]] = {
        "scheduled": {"status": "scheduled", "publish_date": "2030-01-01T07:00:00Z"},
        "sent": {"status": "sent"},
        "draft": {"status": "draft"},
    }

    def authorised(self, headers: Any) -> bool:
        return headers.get("Authorization") == f"Token {SECRET}"

    def routes(self) -> list[tuple[str, str, Callable[..., Reply]]]:
        return [
            ("POST", r"/emails", self.create),
            ("GET", r"/emails", self.listing),
            ("GET", r"/emails/(\w+)", self.get),
            ("PATCH", r"/emails/(\w+)", self.update),
        ]

    def create(self, *, body: Any, query: Any) -> Reply:
        self.validate("create", body)
        remote_id = f"em_{self.new_id()}"
        self.campaigns[remote_id] = {
            **body,
            "id": remote_id,
            "body": self.stored_html(body.get("body", "")),
        }
        return Reply(201, self.campaigns[remote_id])

    def listing(self, *, body: Any, query: Any) -> Reply:
        items = list(self.campaigns.values())
        return Reply(200, {"results": items, "next": None, "count": len(items)})

    def get(self, remote_id: str, *, body: Any, query: Any) -> Reply:
        found = self.campaigns.get(remote_id)
        return Reply(200, found) if found else self.missing()

    def update(self, remote_id: str, *, body: Any, query: Any) -> Reply:
        self.validate("update", body)
        found = self.campaigns.get(remote_id)
        if found is None:
            return self.missing()
        found.update(body)
        return Reply(200, found)


class Brevo(Fake):
    name = "brevo"
    env: ClassVar[dict[str, str]] = {"NEWSLETTER_BREVO_KEY": SECRET}
    states: ClassVar[dict[str, dict[str, Any]]] = {
        "scheduled": {"status": "queued", "scheduledAt": "2030-01-01T07:00:00Z"},
        "sent": {"status": "sent"},
        "draft": {"status": "draft"},
    }

    def authorised(self, headers: Any) -> bool:
        return headers.get("api-key") == SECRET

    def denied(self) -> Reply:
        return Reply(401, {"code": "unauthorized", "message": "Key not found"})

    def routes(self) -> list[tuple[str, str, Callable[..., Reply]]]:
        return [
            ("POST", r"/emailCampaigns", self.create),
            ("GET", r"/emailCampaigns", self.listing),
            ("GET", r"/emailCampaigns/(\d+)", self.get),
            ("PUT", r"/emailCampaigns/(\d+)", self.update),
        ]

    def create(self, *, body: Any, query: Any) -> Reply:
        self.validate("create", body)
        remote_id = self.new_id()
        self.campaigns[remote_id] = {
            **body,
            "id": int(remote_id),
            "status": "draft",
            "htmlContent": self.stored_html(body.get("htmlContent", "")),
        }
        return Reply(201, {"id": int(remote_id)})

    def listing(self, *, body: Any, query: Any) -> Reply:
        items = list(self.campaigns.values())
        return Reply(200, {"campaigns": items, "count": len(items)})

    def get(self, remote_id: str, *, body: Any, query: Any) -> Reply:
        found = self.campaigns.get(remote_id)
        return Reply(200, found) if found else self.missing()

    def update(self, remote_id: str, *, body: Any, query: Any) -> Reply:
        self.validate("update", body)
        found = self.campaigns.get(remote_id)
        if found is None:
            return self.missing()
        found.update(body)
        if "scheduledAt" in body:
            found["status"] = "queued"
        return Reply(204)


class Kit(Fake):
    name = "kit"
    env: ClassVar[dict[str, str]] = {"NEWSLETTER_KIT_KEY": SECRET}
    states: ClassVar[dict[str, dict[str, Any]]] = {
        "scheduled": {"send_at": "2030-01-01T07:00:00Z"},
        "sent": {"send_at": "2020-01-01T07:00:00Z"},
        "draft": {"send_at": None},
    }

    def authorised(self, headers: Any) -> bool:
        return headers.get("X-Kit-Api-Key") == SECRET

    def denied(self) -> Reply:
        return Reply(401, {"errors": ["The access token is invalid"]})

    def routes(self) -> list[tuple[str, str, Callable[..., Reply]]]:
        return [
            ("POST", r"/broadcasts", self.create),
            ("GET", r"/broadcasts", self.listing),
            ("GET", r"/broadcasts/(\d+)", self.get),
            ("PUT", r"/broadcasts/(\d+)", self.update),
        ]

    def create(self, *, body: Any, query: Any) -> Reply:
        self.validate("create", body)
        remote_id = self.new_id()
        self.campaigns[remote_id] = {
            **body,
            "id": int(remote_id),
            "content": self.stored_html(body.get("content") or ""),
        }
        return Reply(201, {"broadcast": self.campaigns[remote_id]})

    def listing(self, *, body: Any, query: Any) -> Reply:
        return Reply(
            200,
            {
                "broadcasts": list(self.campaigns.values()),
                "pagination": {"has_next_page": False, "end_cursor": None},
            },
        )

    def get(self, remote_id: str, *, body: Any, query: Any) -> Reply:
        found = self.campaigns.get(remote_id)
        return Reply(200, {"broadcast": found}) if found else self.missing()

    def update(self, remote_id: str, *, body: Any, query: Any) -> Reply:
        self.validate("create", body)
        found = self.campaigns.get(remote_id)
        if found is None:
            return self.missing()
        if found.get("send_at") and found["send_at"] < "2026":
            return Reply(422, {"errors": ["Broadcast has already been sent"]})
        found.update(body)
        return Reply(200, {"broadcast": found})


class Sendgrid(Fake):
    name = "sendgrid"
    env: ClassVar[dict[str, str]] = {"NEWSLETTER_SENDGRID_KEY": SECRET}
    states: ClassVar[dict[str, dict[str, Any]]] = {
        "scheduled": {"status": "scheduled", "send_at": "2030-01-01T07:00:00Z"},
        "sent": {"status": "triggered"},
        "draft": {"status": "draft"},
    }
    base = "/v3/marketing/singlesends"

    def authorised(self, headers: Any) -> bool:
        return headers.get("Authorization") == f"Bearer {SECRET}"

    def denied(self) -> Reply:
        return Reply(401, {"errors": [{"field": None, "message": "authorization required"}]})

    def routes(self) -> list[tuple[str, str, Callable[..., Reply]]]:
        return [
            ("POST", self.base, self.create),
            ("GET", self.base, self.listing),
            ("GET", rf"{self.base}/([\w-]+)", self.get),
            ("PATCH", rf"{self.base}/([\w-]+)", self.update),
            ("PUT", rf"{self.base}/([\w-]+)/schedule", self.schedule),
        ]

    def create(self, *, body: Any, query: Any) -> Reply:
        self.validate("create", body)
        remote_id = f"ss-{self.new_id()}"
        config = dict(body.get("email_config") or {})
        config["html_content"] = self.stored_html(config.get("html_content", ""))
        self.campaigns[remote_id] = {
            **body,
            "email_config": config,
            "id": remote_id,
            "status": "draft",
        }
        return Reply(201, self.campaigns[remote_id])

    def listing(self, *, body: Any, query: Any) -> Reply:
        return Reply(200, {"result": list(self.campaigns.values()), "_metadata": {}})

    def get(self, remote_id: str, *, body: Any, query: Any) -> Reply:
        found = self.campaigns.get(remote_id)
        return Reply(200, found) if found else self.missing()

    def update(self, remote_id: str, *, body: Any, query: Any) -> Reply:
        self.validate("create", body)
        found = self.campaigns.get(remote_id)
        if found is None:
            return self.missing()
        found.update(body)
        return Reply(202, found)

    def schedule(self, remote_id: str, *, body: Any, query: Any) -> Reply:
        self.validate("schedule", body)
        self.campaigns[remote_id].update(status="scheduled", send_at=body["send_at"])
        return Reply(201, {"send_at": body["send_at"], "status": "scheduled"})


class Resend(Fake):
    name = "resend"
    env: ClassVar[dict[str, str]] = {"NEWSLETTER_RESEND_KEY": f"re_{SECRET}"}
    states: ClassVar[dict[str, dict[str, Any]]] = {
        "scheduled": {"status": "scheduled", "scheduled_at": "2030-01-01T07:00:00Z"},
        "sent": {"status": "sent"},
        "draft": {"status": "draft"},
    }

    def authorised(self, headers: Any) -> bool:
        return headers.get("Authorization") == f"Bearer re_{SECRET}"

    def denied(self) -> Reply:
        return Reply(
            401, {"statusCode": 401, "name": "validation_error", "message": "API key is invalid"}
        )

    def routes(self) -> list[tuple[str, str, Callable[..., Reply]]]:
        return [
            ("POST", r"/broadcasts", self.create),
            ("GET", r"/broadcasts", self.listing),
            ("GET", r"/broadcasts/([\w-]+)", self.get),
            ("PATCH", r"/broadcasts/([\w-]+)", self.update),
            ("POST", r"/broadcasts/([\w-]+)/send", self.send),
        ]

    def create(self, *, body: Any, query: Any) -> Reply:
        self.validate("create", body)
        remote_id = f"b-{self.new_id()}"
        self.campaigns[remote_id] = {
            **body,
            "id": remote_id,
            "status": "draft",
            "html": self.stored_html(body.get("html", "")),
        }
        return Reply(201, {"id": remote_id, "object": "broadcast"})

    def listing(self, *, body: Any, query: Any) -> Reply:
        return Reply(
            200, {"object": "list", "has_more": False, "data": list(self.campaigns.values())}
        )

    def get(self, remote_id: str, *, body: Any, query: Any) -> Reply:
        found = self.campaigns.get(remote_id)
        return Reply(200, found) if found else self.missing()

    def update(self, remote_id: str, *, body: Any, query: Any) -> Reply:
        self.validate("update", body)
        found = self.campaigns.get(remote_id)
        if found is None:
            return self.missing()
        if found["status"] != "draft":
            return Reply(
                422,
                {
                    "statusCode": 422,
                    "name": "validation_error",
                    "message": "only drafts can be updated",
                },
            )
        found.update(body)
        return Reply(200, {"id": remote_id, "object": "broadcast"})

    def send(self, remote_id: str, *, body: Any, query: Any) -> Reply:
        self.validate("send", body)
        self.campaigns[remote_id].update(status="scheduled", scheduled_at=body.get("scheduled_at"))
        return Reply(200, {"id": remote_id})


FAKES: dict[str, type[Fake]] = {
    fake.name: fake for fake in (Listmonk, Mailchimp, Buttondown, Brevo, Kit, Sendgrid, Resend)
}
