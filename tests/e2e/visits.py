"""What every page visit in a browser test checks: the page settled, no exception box or
traceback, axe-core (WCAG 2.1 A and AA) finds nothing serious or critical, and a screenshot
is saved for a person to look at.

axe-core comes from the npm registry (package.json; `.ci/run` runs `npm ci`). Under CI a
missing axe-core fails the test; elsewhere the browser tests skip without it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}

# Violations that live inside Streamlit itself, which the app cannot change: rule id -> where and why.
# (None today: the menu is a flat list, and the theme colours pass contrast.)
STREAMLIT_OWN: dict[str, str] = {}


def axe_source() -> str:
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail("axe-core is not installed: run `npm ci` (bash .ci/run does)")
        pytest.skip("axe-core is not installed (npm ci; bash .ci/run does it)")
    return AXE.read_text(encoding="utf-8")


def settle(page, timeout: int = 60_000) -> None:
    """Wait until Streamlit has finished running the page (its status widget is gone)."""
    page.wait_for_timeout(400)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)
    page.wait_for_timeout(600)


@dataclass
class Visits:
    """Checks each page as it is shown, and keeps the screenshots in one folder."""

    folder: Path
    axe: str
    seen: list[str] = field(default_factory=list)

    def check(self, page, name: str) -> None:
        settle(page)
        assert page.locator("[data-testid='stException']").count() == 0, f"{name}: an exception box"
        body = page.locator("body").inner_text()
        assert "Traceback" not in body, f"{name}: a traceback"
        assert "Something went wrong on our side" not in body, f"{name}: an incident"
        width = page.viewport_size["width"]
        scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{name}: the page scrolls sideways ({scroll_width} px in {width} px)"
        page.evaluate(self.axe)
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
        blocking = [
            f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes'][0]['target']}"
            for v in result["violations"] if v["impact"] in BLOCKING and v["id"] not in STREAMLIT_OWN
        ]
        assert not blocking, f"{name}: axe-core found " + "; ".join(blocking)
        shot = self.folder / f"{len(self.seen) + 1:02d}-{name}-{width}.png"
        # Streamlit scrolls inside its main section, so a "full page" shot shows one screen: make the
        # window as tall as the page for the shot, then put it back.
        size = page.viewport_size
        height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight || 0")
        page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(height, 8000))})
        page.wait_for_timeout(300)
        page.screenshot(path=shot)
        page.set_viewport_size(size)
        self.seen.append(shot.name)
