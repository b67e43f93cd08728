"""Every page renders without an exception for everyone its menu offers it to, and the menu
offers each person exactly the pages of their role: signed out, member, funder, lead, administrator."""

from __future__ import annotations

import pytest

from assessments.usecases import accounts, demo
from tests.ui.conftest import PAGES, app, demo_member

SIGNED_OUT = {"ui/framework.py", "ui/sign_in.py"}
MEMBER = {"ui/framework.py", "ui/questionnaire.py", "ui/results.py", "ui/progress.py", "ui/account.py"}
FUNDER = {"ui/framework.py", "ui/results.py", "ui/progress.py", "ui/plan_view.py", "ui/reports.py", "ui/account.py"}
LEAD = MEMBER | {"ui/consensus.py", "ui/plan.py", "ui/reports.py", "ui/team.py", "ui/admin.py"}
ADMIN = {"ui/framework.py", "ui/installation.py", "ui/account.py"}
MENUS = {None: SIGNED_OUT, "Aisha Karimi": MEMBER, demo.DEMO_FUNDER: FUNDER, demo.DEMO_LEAD: LEAD, "admin": ADMIN}


def pytest_generate_tests(metafunc):
    if "page" in metafunc.fixturenames:
        metafunc.parametrize("page", PAGES)


@pytest.mark.parametrize("who", list(MENUS))
def test_each_page_renders_for_whoever_its_menu_offers_it_to(demo_db, page, who):
    if who == "admin":
        admin = accounts.create_first_administrator(demo_db, "ada@county.example", "admin passphrase 12", "Ada")
        member_id, token = None, admin.token
    else:
        member_id, token = (demo_member(demo_db, who).id if who else None), None
    try:
        at = app(page, member_id, token=token)
    except ValueError as error:
        assert "Could not find a navigation page" in str(error)
        assert page not in MENUS[who], f"{who}'s menu lacks {page}"
        return
    assert page in MENUS[who], f"{who}'s menu offers {page}"
    assert not at.exception, at.exception


def test_the_router_knows_every_page():
    assert set(PAGES) >= SIGNED_OUT | MEMBER | FUNDER | LEAD | ADMIN
