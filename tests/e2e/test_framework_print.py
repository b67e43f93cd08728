"""Printing the framework page gives every function's grid, landscape, with no row split across pages."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from roadmap.load import bundled_frameworks, load_framework
from tests.e2e.visits import settle

pytestmark = pytest.mark.browser


def _squeezed(text: str) -> str:
    # Compare without line breaks, spaces and hyphens, which depend on where a cell wraps,
    # and with ligatures such as "ﬀ" spelled out again.
    return re.sub(r"[\s\-\u00ad]+", "", unicodedata.normalize("NFKC", text))


def test_printing_the_framework_page_shows_every_function_and_keeps_each_row_on_one_page(server, browser):
    # Signed out, the page shows the newest stored framework: the last bundled file.
    framework = load_framework(bundled_frameworks()[-1])
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{server}/framework")
    # The grids arrive one by one as the page runs: print only once every function's grid and the
    # glossary after them are there (CI once printed after the first grid alone).
    expect(page.locator("table.wp-grid")).to_have_count(len(framework.functions), timeout=60_000)
    if framework.glossary:
        page.get_by_role("heading", name="Glossary").wait_for(timeout=60_000)
    settle(page)
    page.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))

    pages = [_squeezed(p.extract_text()) for p in pdf.pages]
    assert all(p.mediabox.width > p.mediabox.height for p in pdf.pages), "the grid prints landscape"
    for function in framework.functions:
        assert any(_squeezed(function.name) in text for text in pages), function.name
    for element in framework.elements:
        holding_id = [i for i, text in enumerate(pages) if _squeezed(f"{element.id}{element.name}") in text]
        assert len(holding_id) == 1, f"{element.id} is printed once"
        row_page = pages[holding_id[0]]
        for stage in (1, 5):
            # The end of the first and last descriptors sits on the row's page: the row was not cut.
            assert _squeezed(element.descriptor(stage))[-40:] in row_page, (element.id, stage)
    assert "Reflectionprompts" not in "".join(pages), "collapsed expanders are left off the printout"
