"""Browser tests drive the system Chromium (never a downloaded one) through Playwright's sync API."""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def chromium_or_skip() -> str:
    if CHROMIUM.exists():
        return str(CHROMIUM)
    reason = f"BROWSER TESTS SKIPPED: {CHROMIUM} is missing (apt-get install -y chromium)"
    if os.environ.get("WENMING_REQUIRE_BROWSER") == "1":
        pytest.fail(reason + " and WENMING_REQUIRE_BROWSER=1 requires them", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def browser_page():  # type: ignore[no-untyped-def]
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        try:
            yield page
        finally:
            context.close()
            browser.close()
