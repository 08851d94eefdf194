"""One adapter per mailing service with draft campaigns, by publish name."""

from __future__ import annotations

from newsletter.delivery.publish.adapters.base import Adapter
from newsletter.delivery.publish.adapters.brevo import Brevo
from newsletter.delivery.publish.adapters.buttondown import Buttondown
from newsletter.delivery.publish.adapters.kit import Kit
from newsletter.delivery.publish.adapters.listmonk import Listmonk
from newsletter.delivery.publish.adapters.mailchimp import Mailchimp
from newsletter.delivery.publish.adapters.resend import Resend
from newsletter.delivery.publish.adapters.sendgrid import Sendgrid

ADAPTERS: dict[str, type[Adapter]] = {
    adapter.name: adapter
    for adapter in (Listmonk, Mailchimp, Buttondown, Brevo, Kit, Sendgrid, Resend)
}

__all__ = ["ADAPTERS", "Adapter"]
