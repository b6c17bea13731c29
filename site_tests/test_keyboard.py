"""Keyboard: every interactive element can be reached with Tab and shows its focus."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

PAGES = [
    "en/index.html",
    "zh_CN/index.html",
    "en/auto_examples/index.html",
    "en/auto_examples/plot_04_cross_entropy.html",
    "zh_CN/auto_examples/plot_04_cross_entropy.html",
    "en/guides/pitfalls.html",
    "en/playground.html",
    "en/api/generated/clsloss.cross_entropy.html",
]
# The focused element, and whether anything marks it: an outline, a ring
# (box-shadow), or a change of its own or its parent's look on :focus-visible.
FOCUSED = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const ring = style.boxShadow !== 'none';
  return {
    tag: el.tagName, text: (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40),
    visible: box.width > 0 && box.height > 0 && style.visibility !== 'hidden',
    marked: outlined || ring || el.matches(':focus-visible') && (outlined || ring),
  };
}
"""
# Everything a reader can act on, as the browser's Tab order would reach it.
INTERACTIVE = """
() => {
  // The content of a closed <details> is skipped by Tab (its <summary> is not).
  const inClosedDetails = (el) => {
    const details = el.parentElement && el.parentElement.closest('details:not([open])');
    return details !== null && !details.querySelector(':scope > summary').contains(el);
  };
  return Array.from(document.querySelectorAll(
  'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])'
)).filter((el) => {
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return !el.disabled && box.width > 0 && box.height > 0 && style.visibility !== 'hidden'
    && !el.closest('[inert], dialog:not([open])') && !inClosedDetails(el);
}).length;
}
"""


@pytest.mark.parametrize("path", PAGES)
def test_tab_reaches_every_control_and_shows_focus(
    browser: Browser, base_url: str, path: str
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(f"{base_url}/{path}", wait_until="load")
        expected = page.evaluate(INTERACTIVE)
        reached, unmarked = 0, []
        for _ in range(expected + 20):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED)
            if focused is None:
                break  # past the last element: back to the page itself
            reached += 1
            if focused["visible"] and not focused["marked"]:
                unmarked.append(f"{focused['tag']} {focused['text']!r}")
        assert reached >= expected, f"Tab reached {reached} of {expected} controls"
        assert unmarked == [], f"focused with no visible focus mark: {unmarked[:5]}"
    finally:
        page.close()
