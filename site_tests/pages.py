"""The built site for the browser tests: where it is, serving it, opening a page.

Shared by the browser tests and the audit (``pyproject.toml`` puts
``site_tests`` on the import path, as pytest's importlib mode does not let
tests import conftest).
"""

from __future__ import annotations

import http.server
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from playwright.sync_api import Browser, Page

# CLSLOSS_HTML_DIR tests a site built elsewhere (for example a private copy).
HTML_DIR = Path(
    os.environ.get(
        "CLSLOSS_HTML_DIR",
        Path(__file__).resolve().parents[1] / "docs" / "_build" / "html",
    )
)
#: Every language of the site: a folder of HTML_DIR each, with the same pages.
LANGUAGES = ["en", "zh_CN"]

# Every image loaded now (the site loads all but a page's first lazily), and
# every font the page uses.
WAIT_FOR_FONTS_AND_IMAGES = """
async () => {
  await document.fonts.ready;
  const images = Array.from(document.images);
  images.forEach((img) => { img.loading = 'eager'; });
  await Promise.all(images.map((img) => img.complete ? null : new Promise((resolve) => {
    img.addEventListener('load', resolve); img.addEventListener('error', resolve);
  })));
}
"""


@contextmanager
def serve(handler: Callable[..., http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve with `handler` on a free port of 127.0.0.1; yield the address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def open_page(
    browser: Browser, url: str, width: int = 1280, *, wait_for: str | None = None
) -> tuple[Page, dict[str, Any]]:
    """Open `url` at `width` CSS px, once loaded with its images and fonts.

    The record holds the HTTP status of the page, the console errors and
    uncaught exceptions, the requests that failed or got a 4xx/5xx answer, and
    every host a request went to. `wait_for` is a CSS selector to wait for
    after the load event (a script's output, for example).
    """
    page = browser.new_page(viewport={"width": width, "height": 900})
    record: dict[str, Any] = {"errors": [], "hosts": set(), "failed": []}
    page.on(
        "console",
        lambda message: (
            record["errors"].append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: record["errors"].append(str(error)))
    page.on(
        "request", lambda request: record["hosts"].add(urlparse(request.url).hostname)
    )
    page.on("requestfailed", lambda request: record["failed"].append(request.url))
    page.on(
        "response",
        lambda response: (
            record["failed"].append(f"{response.status} {response.url}")
            if response.status >= 400
            else None
        ),
    )
    response = page.goto(url, wait_until="load")
    record["status"] = None if response is None else response.status
    if wait_for is not None:
        page.wait_for_selector(wait_for)
    page.evaluate(WAIT_FOR_FONTS_AND_IMAGES)
    return page, record
