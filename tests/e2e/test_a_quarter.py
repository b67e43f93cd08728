"""A whole quarter in a real browser, as the people who live it: the administrator sets up the
task force, the lead opens a cycle and invites people, two members answer (one at a desk, one on
a 390 px phone), the lead reads the results, agrees a stage, plans and closes the quarter, and a
funder reads progress and the plan without seeing any member's note.

Every page visited is checked by tests/e2e/visits.py: no exception, no sideways scroll, axe-core
finds nothing serious or critical, and a screenshot is kept in the test's folder."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.conftest import run_server
from tests.e2e.visits import Visits, axe_source, settle

pytestmark = pytest.mark.browser

WAIT = 60_000
PASSWORD = "a long shared passphrase"
DESKTOP = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}
TASK_FORCE = "Lakeshore Anti-Trafficking Task Force"
# Markup and Vietnamese in a member's note: shown as typed to the lead, never to the funder.
NOTE = "Chúng tôi họp <b>hàng tháng</b> với các đối tác"


@pytest.fixture
def app_url(tmp_path):
    """The app on a database of its own that is not the embedded default, so no demo loads:
    the installation starts empty, as a real one does."""
    yield from run_server(tmp_path, extra_env={"DATABASE_URL": f"sqlite:///{tmp_path / 'quarter.db'}"})


def fill(page, label: str, value: str) -> None:
    page.get_by_label(label, exact=True).first.fill(value)


def choose(page, label: str, option: str) -> None:
    page.get_by_label(label, exact=True).first.click()
    page.get_by_role("option", name=option, exact=True).first.click()


def choose_first(page, label: str) -> None:
    box = page.get_by_label(label, exact=True).first
    box.click()
    box.press("ArrowDown")
    box.press("Enter")
    settle(page)


def press(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).first.click()
    settle(page)


def open_page(page, url: str, title: str) -> None:
    page.goto(url)
    page.get_by_role("heading", name=title, level=1).first.wait_for(timeout=WAIT)


def signed_in(context, page) -> None:
    """The session cookie is written by a component just after the sign-in; wait for it."""
    for _ in range(120):
        if any(c["name"] == "waypoint_session" for c in context.cookies()):
            return
        page.wait_for_timeout(250)
    raise AssertionError("no session cookie after signing in")


def link_shown(page) -> str:
    """The single-use link the page hands over once."""
    code = page.locator("[data-testid='stCode'] code").last
    code.wait_for(timeout=WAIT)
    return re.search(r"https?://\S+", code.inner_text()).group(0)


def accept_link(browser, link: str, viewport: dict, landing: str, visits: Visits, who: str):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(link)
    page.get_by_role("heading", name="Set your password").first.wait_for(timeout=WAIT)
    visits.check(page, f"{who}-set-password")
    fill(page, "Password (at least 12 characters)", PASSWORD)
    fill(page, "The same password again", PASSWORD)
    press(page, "Set password and sign in")
    page.get_by_role("heading", name=landing, level=1).first.wait_for(timeout=WAIT)
    signed_in(context, page)
    return context, page


def answer_function(page, visits: Visits, who: str, note: str | None) -> None:
    """Answer every element of the function shown, one open element at a time, with Next."""
    for step in range(20):
        current = page.locator("[data-testid='stExpander'] details[open]").first
        current.wait_for(timeout=WAIT)
        stage = 3 + step % 2
        current.get_by_role("radiogroup").locator("label").nth(stage - 1).click()
        settle(page)
        current = page.locator("[data-testid='stExpander'] details[open]").first
        expect(current.get_by_role("radio").nth(stage - 1)).to_be_checked(timeout=WAIT)
        current = page.locator("[data-testid='stExpander'] details[open]").first
        if note is not None and step == 0:
            box = current.get_by_role("textbox").first
            box.fill(note)
            box.press("Control+Enter")
            settle(page)
            current = page.locator("[data-testid='stExpander'] details[open]").first
            expect(current.get_by_text("Saved ")).to_be_visible(timeout=WAIT)
        if step == 0:
            visits.check(page, f"{who}-questionnaire")
        forward = current.get_by_role("button", name="Next element")
        if forward.count() == 0:
            return
        forward.click()
        settle(page)
    raise AssertionError("the function never ended")


def test_a_quarter_from_set_up_to_the_funder(app_url, browser, tmp_path):
    visits = Visits(tmp_path, axe_source())
    try:
        walk_the_quarter(app_url, browser, visits)
    except Exception:
        # What each browser showed when the walk stopped, for whoever reads the failure.
        for number, context in enumerate(browser.contexts):
            for page in context.pages:
                page.screenshot(path=tmp_path / f"failed-{number}.png")
        raise


def walk_the_quarter(app_url, browser, visits: Visits) -> None:
    # 1. The administrator sets up the installation, the task force and its first lead.
    admin_context = browser.new_context(viewport=DESKTOP)
    admin = admin_context.new_page()
    admin.goto(app_url)
    admin.get_by_role("heading", name="Sign in").first.wait_for(timeout=WAIT)
    visits.check(admin, "sign-in")
    fill(admin, "Administrator's name", "Ada Admin")
    fill(admin, "Administrator's email", "ada@lakeshore.example")
    fill(admin, "Administrator's password (at least 12 characters)", PASSWORD)
    fill(admin, "The administrator's password again", PASSWORD)
    press(admin, "Create the administrator account")
    admin.get_by_role("heading", name="Installation", level=1).first.wait_for(timeout=WAIT)
    signed_in(admin_context, admin)
    fill(admin, "Task force name", TASK_FORCE)
    fill(admin, "Jurisdiction it serves", "Lakeshore County")
    fill(admin, "First lead's email", "lee@lakeshore.example")
    fill(admin, "First lead's name", "Lee Lead")
    choose(admin, "First lead's discipline", "Victim services")
    press(admin, "Create task force")
    lead_link = link_shown(admin)
    visits.check(admin, "installation")

    # 2. The lead opens a cycle and invites two members and a funder.
    lead_context, lead = accept_link(browser, lead_link, DESKTOP, "Results", visits, "lead")
    visits.check(lead, "lead-results-before-any-cycle")
    open_page(lead, f"{app_url}/admin", "Task force settings")
    press(lead, "Open cycle")
    lead.get_by_text(re.compile(r"Open cycle: \d{4}-Q\d")).first.wait_for(timeout=WAIT)
    visits.check(lead, "lead-settings")
    links = {}
    open_page(lead, f"{app_url}/team", "Team")
    for email, name, role, discipline in [
        ("mia@lakeshore.example", "Mia Member", None, "Law enforcement"),
        ("pat@lakeshore.example", "Pat Phone", None, "Prosecution"),
        ("fay@lakeshore.example", "Fay Funder", "Funder (read-only)", None),
    ]:
        fill(lead, "Email", email)
        fill(lead, "Name as the team sees it", name)
        if role:
            choose(lead, "Role", role)
        if discipline:
            choose(lead, "Discipline (not for funders)", discipline)
        press(lead, "Invite")
        links[name] = link_shown(lead)
    visits.check(lead, "lead-team")

    # 3. Each member answers one function: Mia at a desk, Pat on a phone; the lead answers too,
    # so that three answers per element reach the reporting threshold.
    mia_context, mia = accept_link(browser, links["Mia Member"], DESKTOP, "Questionnaire", visits, "mia")
    answer_function(mia, visits, "mia", NOTE)
    pat_context, pat = accept_link(browser, links["Pat Phone"], PHONE, "Questionnaire", visits, "pat")
    answer_function(pat, visits, "pat", "Hồ sơ được chia sẻ trong vòng 24 giờ")
    open_page(lead, f"{app_url}/questionnaire", "Questionnaire")
    answer_function(lead, visits, "lead", None)

    # 4. The lead reads the results and records an agreed stage.
    open_page(lead, f"{app_url}/results", "Results")
    expect(lead.get_by_text("3 members answered").first).to_be_visible(timeout=WAIT)
    visits.check(lead, "lead-results")
    open_page(lead, f"{app_url}/consensus", "Consensus meeting")
    expect(lead.get_by_text(NOTE, exact=False).first).to_be_visible(timeout=WAIT)  # as typed, markup and all
    fill(lead, "Rationale (one line)", "We agreed after reading the protocol together")
    press(lead, "Record agreed stage")
    expect(lead.get_by_text("by consensus for").first).to_be_visible(timeout=WAIT)
    visits.check(lead, "lead-consensus")

    # 5. The lead sets targets, closes the cycle and opens the next; on that day the plan still
    # plans from the quarter just closed: its proposals, and an own action with an owner and a due date.
    open_page(lead, f"{app_url}/plan", "Improvement plan")
    press(lead, "Save target")  # the first element, one stage up, two quarters out: the page's defaults
    expect(lead.get_by_text(re.compile(r"^Target for .*: stage \d by \d{4}-Q\d")).first).to_be_visible(timeout=WAIT)
    visits.check(lead, "lead-plan-targets")
    open_page(lead, f"{app_url}/admin", "Task force settings")
    lead.get_by_role("button", name=re.compile(r"^Close \d{4}-Q\d")).first.click()
    settle(lead)
    lead.get_by_role("button", name=re.compile(r"^Yes, close")).first.click()
    lead.get_by_text(re.compile(r"Cycle \d{4}-Q\d is closed")).first.wait_for(timeout=WAIT)
    closed = re.search(r"Cycle (\d{4}-Q\d) is closed", lead.locator("body").inner_text()).group(1)
    press(lead, "Open cycle")
    lead.get_by_text(re.compile(r"Open cycle: \d{4}-Q\d")).first.wait_for(timeout=WAIT)
    open_page(lead, f"{app_url}/plan", "Improvement plan")
    expect(lead.get_by_text(f"Planning from {closed}").first).to_be_visible(timeout=WAIT)
    lead.get_by_role("checkbox").first.check(force=True)
    press(lead, "Add the ticked proposals to the plan")
    expect(lead.get_by_text(re.compile(r"Added 1 action")).first).to_be_visible(timeout=WAIT)
    choose_first(lead, "1. Element it serves")
    fill(lead, "2. Action (required)", "Agree a written referral protocol with the shelter")
    fill(lead, "Owner", "Lee Lead")
    # A date field of year, month and day parts: type into the first, it moves on by itself.
    lead.get_by_label("Due", exact=True).first.locator("[role=spinbutton]").first.click()
    lead.keyboard.type("20270331")
    press(lead, "Add the action to the plan")
    expect(lead.get_by_text("Added “Agree a written referral protocol").first).to_be_visible(timeout=WAIT)
    visits.check(lead, "lead-plan")

    open_page(lead, f"{app_url}/reports", "Reports")
    visits.check(lead, "lead-reports")
    press(lead, "Build PDF")
    with lead.expect_download(timeout=WAIT) as download:
        lead.get_by_role("button", name="Download the PDF").first.click()
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    assert TASK_FORCE in "".join(page.extract_text() for page in pdf.pages[:2])
    assert {(round(p.mediabox.width), round(p.mediabox.height)) for p in pdf.pages} == {(612, 792)}  # US Letter
    assert "Agree a written referral protocol" in "".join(page.extract_text() for page in pdf.pages)

    # 6. The funder reads progress and the plan, and no member's note.
    funder_context, funder = accept_link(browser, links["Fay Funder"], DESKTOP, "Progress", visits, "funder")
    visits.check(funder, "funder-progress")
    open_page(funder, f"{app_url}/plan_view", "Improvement plan")
    visits.check(funder, "funder-plan")
    for path, title in [("progress", "Progress"), ("plan_view", "Improvement plan"), ("results", "Results"),
                        ("reports", "Reports")]:
        open_page(funder, f"{app_url}/{path}", title)
        settle(funder)
        assert "hàng tháng" not in funder.locator("body").inner_text()
