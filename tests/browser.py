"""Headless Debian chromium for browser tests, driven by Playwright's Python package."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str:
    path = os.environ.get("SUPPLIERBOT_CHROMIUM") or shutil.which("chromium")
    if not path:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI needs Debian's chromium (scripts/ensure-chromium.sh installs it)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return path


@asynccontextmanager
async def browser_page() -> AsyncIterator[object]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        try:
            page = await browser.new_page()
            yield page
        finally:
            await browser.close()
