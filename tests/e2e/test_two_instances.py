"""Two app instances against one PostgreSQL, as a state program behind a load balancer runs
them: what a member saves through one is what the other shows, even where the other had read
it before (each process caches reads by the task force's data version, which lives in the database)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from contextlib import ExitStack

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, func, select

from assessments.store.rows import AnswerRow
from tests.e2e.conftest import ROOT, run_server

WAIT = 60_000
NOTE_LABEL = "Evidence (optional): what makes you say so? A document, a meeting, a case."

pytestmark = pytest.mark.postgres


def _explore_as_member(browser, url: str):
    """Explore the demo as its member, then open the questionnaire as a fresh page load, once the
    session cookie is set: the page reads the answers from the database, not from a page state."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(url)
    page.get_by_role("button", name="Explore as a member").first.click(timeout=WAIT)
    page.get_by_text("Signed in as Aisha Karimi").first.wait_for(timeout=WAIT)
    deadline = time.monotonic() + WAIT / 1000
    while not any(c["name"] == "waypoint_session" for c in context.cookies()):
        assert time.monotonic() < deadline, "the session cookie was never set"
        page.wait_for_timeout(200)
    page.goto(f"{url}/questionnaire")
    note_box(page).wait_for(timeout=WAIT)
    return page


def note_box(page):
    """The evidence box of the first element of the first function, which the questionnaire opens on."""
    return page.get_by_role("textbox", name=NOTE_LABEL).first


def test_a_note_saved_through_one_instance_is_shown_by_the_other(postgres_url, browser, tmp_path):
    loaded = subprocess.run(
        [sys.executable, "-m", "assessments", "--db", postgres_url, "demo"], cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=300,
    )
    assert loaded.returncode == 0, loaded.stderr[-2000:]
    with ExitStack() as servers:
        urls = []
        for name in ("first", "second"):
            folder = tmp_path / name
            folder.mkdir()
            urls.append(servers.enter_context(_server(folder, postgres_url)))
        note = f"Written in the first instance {uuid.uuid4().hex[:8]}"

        # The second instance shows the questionnaire first, so it holds the member's answers in its
        # cache (ui/cached.py); the save through the first must still show there at the next load.
        second = _explore_as_member(browser, urls[1])
        expect(note_box(second)).not_to_have_value(note)
        first = _explore_as_member(browser, urls[0])
        box = note_box(first)
        box.fill(note)
        box.press("Control+Enter")  # as the help says: the note saves
        _wait_until_stored(postgres_url, note)

        second.reload()
        expect(note_box(second)).to_have_value(note, timeout=WAIT)


def _wait_until_stored(url: str, note: str) -> None:
    engine = create_engine(url)
    try:
        deadline = time.monotonic() + WAIT / 1000
        while time.monotonic() < deadline:
            with engine.connect() as connection:
                if connection.scalar(select(func.count()).where(AnswerRow.note == note)):
                    return
            time.sleep(0.2)
        raise AssertionError("the first instance never stored the note")
    finally:
        engine.dispose()


def _server(folder, url):
    from contextlib import contextmanager

    @contextmanager
    def running():
        generator = run_server(folder, extra_env={"DATABASE_URL": url})
        try:
            yield next(generator)
        finally:
            next(generator, None)

    return running()
