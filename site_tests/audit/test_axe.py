"""axe-core on every page of the built site, in the light and the dark theme.

Any violation of the rules tagged below fails, and so does a page that loads a
math script (formulas are rendered when the site is built). The violations of
every page are written to ``docs/_build/audit/axe.json``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pages import HTML_DIR
from playwright.sync_api import Browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
THEMES = ["light", "dark"]
# Every page of both languages (not the theme's templates under _static/);
# not the root index.html, which only redirects
# to en/ (the page navigates away before axe could run).
PAGES = sorted(
    str(path.relative_to(HTML_DIR))
    for path in HTML_DIR.rglob("*.html")
    if not any(part.startswith("_") for part in path.relative_to(HTML_DIR).parts)
    and path.relative_to(HTML_DIR).as_posix() != "index.html"
)
# MathJax (any build), KaTeX's script or its auto-render, a TeX-to-anything script.
MATH_SCRIPT = re.compile(
    r"mathjax|katex[^/]*\.js|auto-render|tex-(mml|chtml|svg)", re.IGNORECASE
)
RESULTS: dict[str, Any] = {}


@pytest.fixture(scope="module", autouse=True)
def write_report(reports: Path) -> Iterator[None]:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm ci` at the repository root.")
    yield
    counts = {key: len(value) for key, value in RESULTS.items()}
    (reports / "axe.json").write_text(
        json.dumps({"counts": counts, "violations": RESULTS}, indent=1)
    )


def summary(violation: dict[str, Any]) -> str:
    targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
    return (
        f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])}x): "
        f"{violation['help']} at {targets}"
    )


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_axe_violation_and_no_math_script(
    browser: Browser, gzip_url: str, path: str, theme: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # pydata-sphinx-theme reads the reader's choice (mode) from localStorage.
    context.add_init_script(
        f"localStorage.setItem('mode', '{theme}');"
        f"localStorage.setItem('theme', '{theme}');"
    )
    page = context.new_page()
    scripts: list[str] = []
    page.on(
        "request",
        lambda request: (
            scripts.append(request.url) if request.resource_type == "script" else None
        ),
    )
    try:
        page.goto(f"{gzip_url}/{path}", wait_until="load")
        assert page.evaluate("document.documentElement.dataset.theme") == theme
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            TAGS,
        )
    finally:
        context.close()
    violations = result["violations"]
    RESULTS[f"{theme} {path}"] = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [node["target"] for node in v["nodes"]],
        }
        for v in violations
    ]
    math_scripts = [url for url in scripts if MATH_SCRIPT.search(url)]
    assert math_scripts == [], f"{path} loads a math script: {math_scripts}"
    assert violations == [], "\n".join(summary(v) for v in violations)
