"""The theme's search dialog, now that only the search page loads the search index."""

from __future__ import annotations

from playwright.sync_api import Browser, expect


def test_search_dialog_opens_and_sends_the_query_to_the_search_page(
    browser: Browser, base_url: str
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        page.goto(f"{base_url}/en/guides/pitfalls.html", wait_until="load")
        # Only the search page loads Sphinx's search tools and index.
        assert not [url for url in requested if "searchindex.js" in url]
        button = page.locator("button.search-button-field").first
        # Its accessible name contains its visible text (WCAG 2.5.3).
        expect(button).to_have_accessible_name("Search Ctrl + K")
        button.click()
        dialog = page.locator("#pst-search-dialog")
        expect(dialog).to_have_attribute("open", "")
        field = dialog.locator("input[name=q]")
        expect(field).to_be_focused()
        field.fill("softmax")
        field.press("Enter")
        page.wait_for_url("**/search.html?q=softmax*")
        page.wait_for_selector("#search-results ul.search li", timeout=15_000)
        assert page.locator("#search-results ul.search li").count() > 0
        # The keyboard shortcut opens the dialog too.
        page.goto(f"{base_url}/en/index.html", wait_until="load")
        page.keyboard.press("Control+k")
        expect(page.locator("#pst-search-dialog")).to_have_attribute("open", "")
    finally:
        page.close()
