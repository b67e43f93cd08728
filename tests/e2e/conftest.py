"""A real Streamlit server on a free port and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path):
    """The app as a newcomer starts it: an empty database, so the demo loads on first visit."""
    yield from run_server(tmp_path)


def run_server(data_dir: Path, extra_env: dict[str, str] | None = None, port: int | None = None,
               secrets: Path | None = None):
    """Streamlit on a free loopback port, on the embedded database in data_dir; stops after the test."""
    port = port or free_port()
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["WAYPOINT_DATA_DIR"] = str(data_dir)  # the embedded default, in a folder of its own
    env.update(extra_env or {})
    # The server's output goes to a file beside the database: a pipe nobody reads would fill and stall it.
    log = (data_dir / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1",
         *(["--secrets.files", str(secrets)] if secrets else [])],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
            break
        except OSError:
            if process.poll() is not None:
                raise RuntimeError((data_dir / "server.log").read_text())
            time.sleep(0.3)
    yield url
    process.terminate()
    process.wait(timeout=20)
    log.close()


@pytest.fixture
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (bash .ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
