"""Single sign-on through st.login against a real OIDC provider on loopback (oidc-provider-mock):
a known, verified email lands in its account; an unknown one is refused with a message."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessments.store.database import Database
from assessments.usecases import accounts, frameworks, installation
from tests.e2e.conftest import free_port, run_server

pytestmark = pytest.mark.browser
WAIT = 30_000


@pytest.fixture
def provider():
    from oidc_provider_mock import User, run_server_in_thread

    users = [
        User(sub="lena", claims={"email": "Lena@Harbor.example", "email_verified": True, "name": "Lena"}),
        User(sub="stranger", claims={"email": "stranger@elsewhere.example", "email_verified": True}),
        User(sub="unverified", claims={"email": "lena@harbor.example", "email_verified": False}),
    ]
    with run_server_in_thread(user_claims=users) as server:
        yield f"http://127.0.0.1:{server.server_port}"


@pytest.fixture
def app_url(tmp_path: Path, provider: str):
    db = Database(f"sqlite:///{tmp_path / 'waypoint.db'}")
    frameworks.install_bundled_frameworks(db)
    created = installation.create_task_force_from_command_line(
        db, "Harbor City Task Force", "Harbor City", "lena@harbor.example", "Lena Lead", "law_enforcement")
    accounts.accept_link(db, created.lead_link.token, "a long browser passphrase")
    db.dispose()
    port = free_port()
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "test-cookie-secret-0123456789abcdef0123456789abcdef"\n'
        "[auth.harbor]\n"
        'display_name = "Harbor City accounts"\n'
        'client_id = "waypoint"\n'
        'client_secret = "waypoint-test-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    yield from run_server(tmp_path, port=port, secrets=secrets)


def _through_the_provider(page, url: str, subject: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Sign in with Harbor City accounts").first.click()
    page.get_by_role("button", name=subject, exact=True).first.click()


def test_a_known_verified_email_lands_in_its_account(app_url, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    _through_the_provider(page, app_url, "lena")
    page.get_by_text("Signed in as Lena Lead").first.wait_for(timeout=WAIT)
    page.reload()
    page.get_by_text("Signed in as Lena Lead").first.wait_for(timeout=WAIT)
    page.screenshot(path=tmp_path / "sso-signed-in.png", full_page=True)


def test_an_unknown_email_is_refused_with_a_message(app_url, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    _through_the_provider(page, app_url, "stranger")
    page.get_by_text("stranger@elsewhere.example has no Waypoint account here").first.wait_for(timeout=WAIT)
    assert page.get_by_text("Signed in as").count() == 0
    page.screenshot(path=tmp_path / "sso-refused.png", full_page=True)


def test_an_unverified_email_is_refused(app_url, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    _through_the_provider(page, app_url, "unverified")
    page.get_by_text("did not confirm an email address").first.wait_for(timeout=WAIT)
    assert page.get_by_text("Signed in as").count() == 0
