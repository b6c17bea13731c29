"""Serve the built site on 127.0.0.1 and open it in Debian's headless Chromium.

The site is one folder per language, ``en/`` and ``zh_CN/``, under
``docs/_build/html``; its root ``index.html`` redirects to ``en/``.
"""

from __future__ import annotations

import functools
import http.server
import shutil
from collections.abc import Iterator

import pytest
from pages import HTML_DIR, LANGUAGES, serve
from playwright.sync_api import Browser, sync_playwright

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail(
            "Chromium is not installed. Install Debian's package with "
            "`apt-get install -y chromium` (as root, after `apt-get update`)."
        )
    return path


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keep the server's access log out of the test output."""


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    """The built site, served on a free port of 127.0.0.1 for the whole session."""
    for index in ["index.html", *(f"{lang}/index.html" for lang in LANGUAGES)]:
        if not (HTML_DIR / index).exists():
            pytest.fail(f"No {index} in {HTML_DIR}: run `nox -s docs` first.")
    handler = functools.partial(QuietHandler, directory=str(HTML_DIR))
    with serve(handler) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS
        )
        try:
            yield browser
        finally:
            browser.close()
