"""Single sign-on through st.login, where the host configured an OIDC provider in
.streamlit/secrets.toml (see .streamlit/secrets.toml.example).

The provider says who the person is; Waypoint still decides what they may do: the
verified email must belong to an account, and the session is Waypoint's own, so
sign-out, removal and role changes work exactly as for a password sign-in."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from assessments.domain.model import DomainError
from assessments.usecases import accounts
from ui import state
from ui.text import literal

REFUSED_KEY = "sso-refused"


def providers() -> dict[str | None, str]:
    """Configured providers: name (None for the unnamed default) -> the button's wording."""
    try:
        auth = st.secrets.get("auth")
    except Exception:  # no secrets.toml at all: Streamlit raises rather than return nothing
        return {}
    if not auth:
        return {}
    if "client_id" in auth:
        return {None: auth.get("display_name", "single sign-on")}
    return {name: section.get("display_name", name) for name, section in auth.items() if isinstance(section, Mapping)}


def offer_provider_button() -> None:
    for name, label in providers().items():
        if st.button(f"Sign in with {label}", key=f"sso-{name or 'default'}"):
            st.login(name) if name else st.login()


def sign_in_with_provider_result() -> None:
    """After the provider sent the person back: map the verified email to a Waypoint session."""
    if not providers() or not st.user.is_logged_in or state.signed_in() is not None:
        return
    email = str(st.user.get("email") or "")
    refused = st.session_state.get(REFUSED_KEY)
    if refused is None or refused[0] != email:
        try:
            if not email or st.user.get("email_verified") is not True:
                raise DomainError("Your identity provider did not confirm an email address, so Waypoint cannot tell "
                                  "which account is yours. Sign in with your email and password instead.")
            signed = accounts.sign_in_verified_email(state.database(), email, "single sign-on")
        except DomainError as error:
            refused = (email, str(error))
            st.session_state[REFUSED_KEY] = refused
        else:
            state.start_session(signed.token)
            st.rerun()
    st.error(literal(refused[1]))
    if st.button("Sign in with another account"):
        st.session_state.pop(REFUSED_KEY, None)
        st.logout()


def sign_out_of_provider() -> None:
    if providers() and st.user.is_logged_in:
        st.logout()
