"""Every page of the built site, in every language, checked in a real browser."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from pages import HTML_DIR, LANGUAGES, open_page
from playwright.sync_api import Browser, Page

#: The pages of each language, relative to its folder ("auto_examples/...").
PAGES_OF = {
    lang: sorted(
        path.relative_to(HTML_DIR / lang).as_posix()
        for path in (HTML_DIR / lang).rglob("*.html")
        if not path.relative_to(HTML_DIR / lang).parts[0].startswith("_")
    )
    for lang in LANGUAGES
}
#: Every page of the site, relative to its root ("zh_CN/auto_examples/...").
PAGES = [f"{lang}/{page}" for lang, pages in PAGES_OF.items() for page in pages]
SCREENSHOTS = HTML_DIR.parent / "screenshots"


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


def test_the_site_has_the_same_pages_in_every_language() -> None:
    english = PAGES_OF["en"]
    assert "index.html" in english
    assert any(page.startswith("auto_examples/") for page in english)
    assert any(page.startswith("api/generated/") for page in english)
    for lang in LANGUAGES:
        assert PAGES_OF[lang] == english, f"{lang} has other pages than en"


def test_the_root_redirects_to_the_english_site(
    browser: Browser, base_url: str
) -> None:
    page = browser.new_page()
    try:
        page.goto(f"{base_url}/", wait_until="load")
        page.wait_for_url(f"{base_url}/en/index.html", timeout=10_000)
        assert page.locator("html").get_attribute("lang") == "en"
    finally:
        page.close()


def test_the_root_404_page_links_into_the_english_site() -> None:
    html = (HTML_DIR / "404.html").read_text(encoding="utf-8")
    assert html == (HTML_DIR / "en" / "404.html").read_text(encoding="utf-8")
    assert 'href="/en/index.html"' in html


def language_switch(page: Page) -> list[dict[str, str | None]]:
    """The header's links to the page in the other languages, as the browser sees them."""
    return page.eval_on_selector_all(
        "header nav.clsloss-language-switcher a",
        """(links) => links.map((a) => ({
            href: a.href, hreflang: a.hreflang, lang: a.lang, text: a.textContent.trim(),
            nav: a.closest('nav').getAttribute('aria-label'),
        }))""",
    )


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
        failed_fonts = page.evaluate(
            "[...document.fonts].filter((font) => font.status === 'error')"
            ".map((font) => font.family)"
        )
        assert failed_fonts == [], f"fonts that did not load: {failed_fonts}"
        raw_tex = page.evaluate(RAW_TEX_IN_TEXT)
        assert raw_tex == [], f"TeX shown as text: {raw_tex[:3]}"
        assert not page.evaluate("'MathJax' in window || 'katex' in window")
        broken = page.evaluate(
            "Array.from(document.images).filter((img) => !(img.naturalWidth > 0))"
            ".map((img) => img.src)"
        )
        assert broken == [], f"images that did not load: {broken}"
        # The language switcher: the same page, in the other language.
        lang, _, rest = path.partition("/")
        (other,) = (code for code in LANGUAGES if code != lang)
        links = language_switch(page)
        assert links, "no language switcher in the header"
        for link in links:
            assert link["href"] == f"{base_url}/{other}/{rest}", link
            assert link["hreflang"] == link["lang"] == other.replace("_", "-")
            assert link["text"], "the link has no text"
            assert link["nav"], "the switcher has no accessible name"
            target = unquote(urlparse(link["href"]).path).lstrip("/")
            assert (HTML_DIR / target).is_file(), f"{target} does not exist"
        if lang != "en":  # myst-nb's labels of hidden cells, in the page's language
            assert "code cell" not in page.inner_text("body")
        # Search engines: the canonical address and one absolute hreflang
        # alternate per language, each the same page in that language.
        head = page.eval_on_selector_all(
            "head link[rel=canonical], head link[rel=alternate][hreflang]",
            "(links) => links.map((l) => [l.rel, l.hreflang, l.getAttribute('href')])",
        )
        (canonical,) = (href for rel, _, href in head if rel == "canonical")
        site = f"{urlparse(canonical).scheme}://{urlparse(canonical).netloc}"
        assert canonical == f"{site}/{path}", head
        alternates = {tag: href for rel, tag, href in head if rel == "alternate"}
        assert alternates == {
            code.replace("_", "-"): f"{site}/{code}/{rest}" for code in LANGUAGES
        }, head
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


SEARCHES = [
    ("en", "softmax"),
    ("zh_CN", "交叉熵"),
    ("zh_CN", "损失"),
    ("zh_CN", "softmax"),
]


@pytest.mark.parametrize(("lang", "query"), SEARCHES)
def test_search_finds_pages(
    browser: Browser, base_url: str, lang: str, query: str
) -> None:
    page, record = open_page(browser, f"{base_url}/{lang}/search.html?q={query}")
    try:
        page.wait_for_selector("#search-results ul.search li", timeout=15_000)
        assert page.locator("#search-results ul.search li").count() > 0
        assert record["errors"] == [], f"console errors: {record['errors']}"
        assert record["hosts"] <= {"127.0.0.1"}
    finally:
        page.close()


def test_the_language_switcher_opens_the_same_page_in_chinese(
    browser: Browser, base_url: str
) -> None:
    page, _ = open_page(browser, f"{base_url}/en/auto_examples/index.html")
    try:
        page.locator("header nav.clsloss-language-switcher a:visible").first.click()
        page.wait_for_url(f"{base_url}/zh_CN/auto_examples/index.html")
        assert page.locator("html").get_attribute("lang") == "zh-CN"
        page.locator("header nav.clsloss-language-switcher a:visible").first.click()
        page.wait_for_url(f"{base_url}/en/auto_examples/index.html")
    finally:
        page.close()


def test_code_blocks_have_a_copy_button(browser: Browser, base_url: str) -> None:
    page, _ = open_page(browser, f"{base_url}/en/api/generated/clsloss.softmax.html")
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
    gallery_pages = sorted(
        p for p in PAGES_OF["en"] if Path(p).name.startswith("plot_")
    )
    targets = {}
    for lang in LANGUAGES:
        targets[f"home-{lang}.png"] = f"{lang}/index.html"
        if gallery_pages:
            targets[f"gallery-{lang}.png"] = f"{lang}/{gallery_pages[0]}"
    for name, path in targets.items():
        page, _ = open_page(browser, f"{base_url}/{path}")
        try:
            page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
        finally:
            page.close()
        assert (SCREENSHOTS / name).stat().st_size > 10_000


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_gallery_page_has_its_own_thumbnail(
    browser: Browser, base_url: str, lang: str
) -> None:
    page, _ = open_page(browser, f"{base_url}/{lang}/auto_examples/index.html")
    try:
        thumbnails = page.eval_on_selector_all(
            ".sphx-glr-thumbcontainer img", "(images) => images.map((img) => img.src)"
        )
    finally:
        page.close()
    gallery_pages = [p for p in PAGES_OF[lang] if Path(p).name.startswith("plot_")]
    assert len(thumbnails) == len(gallery_pages)
    assert not [src for src in thumbnails if "no_image" in src]
