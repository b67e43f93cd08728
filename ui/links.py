"""Showing a fresh invite or reset link once, and emailing it where SMTP is configured."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import streamlit as st

from assessments.domain.accounts import link_address
from assessments.usecases import mail
from assessments.usecases.team import IssuedLink
from ui import state
from ui.text import literal

log = logging.getLogger("waypoint")


def app_address() -> str:
    url = urlsplit(state.page_address())
    return f"{url.scheme}://{url.netloc}"


def hand_over(link: IssuedLink, task_force_name: str | None) -> None:
    address = link_address(app_address(), link.token)
    expires = f"{link.expires_at:%d %b %Y %H:%M}"
    sent = False
    if mail.smtp_configured():
        try:
            mail.send_link(link.kind, link.email, link.display_name, address, task_force_name, expires)
            sent = True
        except OSError as error:
            log.warning("could not email a %s link: %s", link.kind.value, error)
            st.warning("The email could not be sent; hand the link over yourself.")
    st.success(
        f"A single-use link for **{literal(link.email)}**{' was emailed and' if sent else ''} is below. "
        f"It works once, until {expires} UTC. Hand it over through a channel you trust: it is shown only now, "
        "and Waypoint keeps only a scrambled form of it."
    )
    st.code(address, language=None)
