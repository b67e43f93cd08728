"""Emailing a single-use link, where the host configured an SMTP server. Optional:
without settings nothing is sent and the lead hands the link over themselves.

Settings (environment): WAYPOINT_SMTP_HOST, WAYPOINT_SMTP_PORT (default 587 with
STARTTLS, or what you set), WAYPOINT_SMTP_FROM, WAYPOINT_SMTP_USER and
WAYPOINT_SMTP_PASSWORD (both optional), WAYPOINT_SMTP_STARTTLS (1 or 0, default 1)."""

from __future__ import annotations

import os
import smtplib
from email.message import EmailMessage

from assessments.domain.accounts import LinkKind


def smtp_configured() -> bool:
    return bool(os.environ.get("WAYPOINT_SMTP_HOST") and os.environ.get("WAYPOINT_SMTP_FROM"))


def link_message(kind: LinkKind, to: str, name: str, address: str, task_force_name: str | None, expires: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = os.environ.get("WAYPOINT_SMTP_FROM", "")
    message["To"] = to
    if kind is LinkKind.INVITE:
        message["Subject"] = f"Your invitation to Waypoint{f' ({task_force_name})' if task_force_name else ''}"
        opening = f"You are invited to join {task_force_name or 'Waypoint'}'s self-assessment in Waypoint."
    else:
        message["Subject"] = "A new Waypoint password"
        opening = "Your task force lead made you a link to choose a new Waypoint password."
    message.set_content(
        f"Hello {name},\n\n{opening}\n\nOpen this link to choose your password. It works once, until {expires} UTC:\n"
        f"{address}\n\nIf you did not expect this email, ignore it; nothing happens until the link is used.\n"
    )
    return message


def send_link(kind: LinkKind, to: str, name: str, address: str, task_force_name: str | None, expires: str) -> None:
    """Send the link; raise OSError (smtplib's errors included) when the server refuses."""
    port = int(os.environ.get("WAYPOINT_SMTP_PORT", "587"))
    with smtplib.SMTP(os.environ["WAYPOINT_SMTP_HOST"], port, timeout=20) as server:
        if os.environ.get("WAYPOINT_SMTP_STARTTLS", "1") == "1":
            server.starttls()
        if os.environ.get("WAYPOINT_SMTP_USER"):
            server.login(os.environ["WAYPOINT_SMTP_USER"], os.environ.get("WAYPOINT_SMTP_PASSWORD", ""))
        server.send_message(link_message(kind, to, name, address, task_force_name, expires))
