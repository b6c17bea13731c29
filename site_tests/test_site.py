"""Every page of the built site, checked in a real browser."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page

HTML_DIR = Path(
    os.environ.get(
        "CLSLOSS_HTML_DIR",
        Path(__file__).resolve().parents[1] / "docs" / "_build" / "html",
    )
)
PAGES = sorted(
    str(path.relative_to(HTML_DIR))
    for path in HTML_DIR.rglob("*.html")
    if not path.relative_to(HTML_DIR).parts[0].startswith("_")
)
SCREENSHOTS = HTML_DIR.parent / "screenshots"

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


# Text a reader sees (outside code, KaTeX's hidden MathML and its TeX annotation)
# that still looks like TeX: math delimiters or a command with an argument.
RAW_TEX_IN_TEXT = r"""
() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const found = [];
  const tex = /\\[()\[\]]|\$\$|\\(frac|sum|log|ell|mathrm|operatorname|left|right|begin)\b/;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent.closest('pre, code, .katex-mathml, script, style, textarea')) continue;
    if (tex.test(node.textContent)) found.push(node.textContent.trim().slice(0, 80));
  }
  return found;
}
"""


def open_page(
    browser: Browser, url: str, width: int = 1280
) -> tuple[Page, dict[str, Any]]:
    """Open `url`, recording console errors and every host a request went to."""
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
    page.evaluate(WAIT_FOR_FONTS_AND_IMAGES)
    return page, record


def test_the_site_has_pages() -> None:
    assert "index.html" in PAGES
    assert any(page.startswith("auto_examples/") for page in PAGES)
    assert any(page.startswith("api/generated/") for page in PAGES)


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_offline_and_cleanly(
    browser: Browser, base_url: str, path: str
) -> None:
    page, record = open_page(browser, f"{base_url}/{path}")
    try:
        assert record["status"] == 200
        assert record["errors"] == [], f"console errors: {record['errors']}"
        assert record["hosts"] <= {"127.0.0.1"}, (
            f"requests to other hosts: {record['hosts']}"
        )
        assert record["failed"] == [], f"failed requests: {record['failed']}"
        # Formulas are rendered by KaTeX when the site is built: each one has
        # KaTeX's HTML (drawn in KaTeX's fonts) and MathML, and no math script.
        unrendered = page.evaluate(
            "Array.from(document.querySelectorAll('.math'))"
            ".filter((m) => !m.querySelector('.katex .katex-html')"
            " || !m.querySelector('.katex math') || m.querySelector('.katex-error'))"
            ".map((m) => m.textContent)"
        )
        assert unrendered == [], f"formulas left as raw TeX: {unrendered[:3]}"
        if page.locator(".katex").count():
            assert page.evaluate(
                "[...document.fonts].some((font) =>"
                " font.family.includes('KaTeX_Main') && font.status === 'loaded')"
            ), "KaTeX's fonts did not load"
        raw_tex = page.evaluate(RAW_TEX_IN_TEXT)
        assert raw_tex == [], f"TeX shown as text: {raw_tex[:3]}"
        assert not page.evaluate("'MathJax' in window || 'katex' in window")
        broken = page.evaluate(
            "Array.from(document.images).filter((img) => !(img.naturalWidth > 0))"
            ".map((img) => img.src)"
        )
        assert broken == [], f"images that did not load: {broken}"
    finally:
        page.close()


@pytest.mark.parametrize("path", PAGES)
def test_page_does_not_scroll_sideways_on_a_phone(
    browser: Browser, base_url: str, path: str
) -> None:
    page, _ = open_page(browser, f"{base_url}/{path}", width=375)
    try:
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"the page body scrolls {overflow} px sideways at 375 px"
    finally:
        page.close()


def test_search_finds_softmax(browser: Browser, base_url: str) -> None:
    page, record = open_page(browser, f"{base_url}/search.html?q=softmax")
    try:
        page.wait_for_selector("#search-results ul.search li", timeout=15_000)
        assert page.locator("#search-results ul.search li").count() > 0
        assert record["hosts"] <= {"127.0.0.1"}
    finally:
        page.close()


def test_code_blocks_have_a_copy_button(browser: Browser, base_url: str) -> None:
    page, _ = open_page(browser, f"{base_url}/api/generated/clsloss.softmax.html")
    try:
        blocks = page.locator("div.highlight").count()
        assert blocks > 0
        assert page.locator("button.copybtn").count() == blocks
    finally:
        page.close()


def test_screenshots_of_the_home_page_and_a_gallery_page(
    browser: Browser, base_url: str
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    gallery_pages = sorted(p for p in PAGES if Path(p).name.startswith("plot_"))
    targets = {"home.png": "index.html"}
    if gallery_pages:
        targets["gallery.png"] = gallery_pages[0]
    for name, path in targets.items():
        page, _ = open_page(browser, f"{base_url}/{path}")
        try:
            page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
        finally:
            page.close()
        assert (SCREENSHOTS / name).stat().st_size > 10_000


def test_every_gallery_page_has_its_own_thumbnail(
    browser: Browser, base_url: str
) -> None:
    page, _ = open_page(browser, f"{base_url}/auto_examples/index.html")
    try:
        thumbnails = page.eval_on_selector_all(
            ".sphx-glr-thumbcontainer img", "(images) => images.map((img) => img.src)"
        )
    finally:
        page.close()
    gallery_pages = [p for p in PAGES if Path(p).name.startswith("plot_")]
    assert len(thumbnails) == len(gallery_pages)
    assert not [src for src in thumbnails if "no_image" in src]
