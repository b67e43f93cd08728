"""Row 5: the first page in Chromium, as a ratio to an empty Streamlit app.

Both apps run as tests/e2e/conftest.py runs the app (`streamlit run` on a free loopback port; the
app on the embedded database in WAYPOINT_DATA_DIR, here a copy of the one-task-force data).
Each visit is a new browser context, so a new Streamlit session: the lead's session cookie is
set first (the app reads it as after any sign-in), and the time runs from navigation until
Results has drawn its first chart or table; for the empty app, until its title shows. One
visit to each server first, untimed, so neither pays for its process warming up.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from figures import Row
from world import World

from assessments.store.database import Database
from assessments.usecases import accounts
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, run_server
from tests.ui.conftest import db_member

BROWSER_RATIO = 1.5
WAIT_MS = 120_000
EMPTY_APP = "import streamlit as st\nst.title('Empty')\n"
FIRST_DRAWN = "[data-testid='stPlotlyChart'], [data-testid='stDataFrame'], [data-testid='stTable']"
COOKIE = "waypoint_session"
SIGNED_IN = "text=Signed in as"  # the sidebar's line: the page drawn was the lead's, not the sign-in page


def browser_rows(world: World, folder: Path, repeat: int) -> list[Row]:
    if not CHROMIUM.exists():
        return [Row("browser: first Results page", None, "ms", max_ratio=BROWSER_RATIO,
                    note=f"{CHROMIUM} is not installed")]
    from playwright.sync_api import sync_playwright

    app_dir, empty_dir = folder / "browser-app", folder / "browser-empty"
    app_dir.mkdir(exist_ok=True)
    empty_dir.mkdir(exist_ok=True)
    shutil.copy(world.url.removeprefix("sqlite:///"), app_dir / "waypoint.db")
    (empty_dir / "empty_app.py").write_text(EMPTY_APP, encoding="utf-8")
    token = _lead_session(f"sqlite:///{app_dir / 'waypoint.db'}", world.lead_member_id)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            empty = _median_visit(chromium, _serve(empty_dir, script=empty_dir / "empty_app.py"),
                                  "", "h1:has-text('Empty')", None, repeat)
            results = _median_visit(chromium, _serve(app_dir), "/results", FIRST_DRAWN, token, repeat,
                                    then_check=SIGNED_IN)
        finally:
            chromium.close()
    return [Row("browser: first Results page", results, "ms", empty, max_ratio=BROWSER_RATIO,
                note=f"new session each visit; floor: an empty app's title; {repeat} visits")]


def _lead_session(url: str, member_id: int) -> str:
    db = Database(url, run_migrations=False)
    token = accounts.issue_session(db, db_member(db, member_id).account_id)
    db.dispose()
    return token


def _serve(data_dir: Path, script: Path | None = None):
    """A server as a generator, as in tests/e2e/conftest.py: the first next() starts it and yields its
    address, the second stops it."""
    if script is None:
        return run_server(data_dir)
    return _run_script(data_dir, script)


def _run_script(data_dir: Path, script: Path):
    """Like tests/e2e/conftest.py's run_server, for a script other than the app."""
    port = free_port()
    log = (data_dir / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1"],
        cwd=data_dir, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def _median_visit(chromium, server, path: str, drawn: str, token: str | None, repeat: int,
                  then_check: str | None = None) -> float:
    url = next(server)
    try:
        times = [_visit(chromium, url + path, drawn, token, then_check) for _ in range(repeat + 1)]
    finally:
        next(server, None)  # runs the generator past its yield: the server stops
    return statistics.median(times[1:])  # the first warmed the server up


def _visit(chromium, url: str, drawn: str, token: str | None, then_check: str | None) -> float:
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    try:
        if token is not None:
            context.add_cookies([{"name": COOKIE, "value": token, "domain": "127.0.0.1", "path": "/",
                                  "sameSite": "Strict"}])
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url)
        page.locator(drawn).first.wait_for(state="visible", timeout=WAIT_MS)
        elapsed = (time.perf_counter() - start) * 1000
        if then_check is not None:  # untimed: that the right page was measured
            page.locator(then_check).first.wait_for(timeout=WAIT_MS)
        return elapsed
    finally:
        context.close()
