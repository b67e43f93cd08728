"""Where SMTP settings are present, a link is also emailed: to a real SMTP server on loopback."""

from __future__ import annotations

import email
import socket
from datetime import datetime

import pytest
from aiosmtpd.controller import Controller

from assessments.domain.accounts import LinkKind, link_address
from assessments.usecases import mail


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp(monkeypatch):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("WAYPOINT_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("WAYPOINT_SMTP_PORT", str(port))
    monkeypatch.setenv("WAYPOINT_SMTP_FROM", "waypoint@county.example")
    monkeypatch.setenv("WAYPOINT_SMTP_STARTTLS", "0")
    yield inbox
    controller.stop()


def test_without_settings_nothing_is_configured(monkeypatch):
    monkeypatch.delenv("WAYPOINT_SMTP_HOST", raising=False)
    assert not mail.smtp_configured()


def test_an_invite_link_reaches_the_inbox(smtp):
    assert mail.smtp_configured()
    address = link_address("https://waypoint.county.example", "T" * 43)
    mail.send_link(LinkKind.INVITE, "mo@county.example", "Mo Member", address, "Riverside Task Force",
                   f"{datetime(2026, 11, 30, 9):%d %b %Y %H:%M}")
    [message] = smtp.messages
    assert message["To"] == "mo@county.example"
    assert "Riverside Task Force" in message["Subject"]
    body = message.get_payload(decode=True).decode()
    assert address in body and "30 Nov 2026" in body
