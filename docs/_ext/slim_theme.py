"""The theme's stylesheet and icon fonts cut down to what the site uses.

pydata-sphinx-theme ships one stylesheet for every site (Bootstrap and all of
Font Awesome's two thousand icons: 378 kB, 65 kB compressed) and Font
Awesome's fonts (115 kB for the solid icons alone). A phone on a slow network
downloads and parses all of it before it paints a page. When every page is
written, this extension

- runs PurgeCSS (``purge_theme_css.mjs``; the npm package pinned in
  ``package.json``) on the theme's stylesheets, which keeps the rules whose
  classes, ids and tags appear in a page or in one of the site's scripts;
- writes Sphinx's ``basic.css`` into the theme's ``theme.css``, which only
  imports it: a phone then waits for one stylesheet, not for one and then the
  stylesheet it imports;
- cuts each Font Awesome font down to the icons the remaining rules draw
  (fontTools, writing WOFF2 with Brotli), under the same file name.

Icons in the page itself (``<i class="fa-...">``) are drawn by the theme's
``fontawesome.js`` as SVG and do not need the fonts.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

from fontTools import subset
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

PURGE_SCRIPT = Path(__file__).with_name("purge_theme_css.mjs")
#: The theme's stylesheets and those of Sphinx and extensions linked on every page.
STYLESHEETS = (
    "_static/styles/pydata-sphinx-theme.css",
    "_static/basic.css",
    "_static/sphinx-design.min.css",
)
#: The theme's first stylesheet, which imports Sphinx's basic.css.
IMPORTING, IMPORTED = "_static/styles/theme.css", "_static/basic.css"
FONTS = "_static/vendor/fontawesome/webfonts/*.woff2"
#: A CSS string ("\f05a", or the character itself), and an escape in it.
CSS_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6}) ?")


def purge_stylesheets(outdir: Path) -> None:
    """Remove the theme's CSS rules that no page or script of the site uses."""
    stylesheets = [name for name in STYLESHEETS if (outdir / name).is_file()]
    result = subprocess.run(
        ["node", str(PURGE_SCRIPT), str(outdir), *stylesheets],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        msg = f"PurgeCSS failed on the theme's stylesheets:\n{result.stderr}"
        raise ExtensionError(msg)
    for line in result.stdout.splitlines():
        logger.info("slim_theme: %s", line)
    # The source map describes the stylesheet before it was cut.
    (outdir / f"{STYLESHEETS[0]}.map").unlink(missing_ok=True)


def flatten_import(outdir: Path) -> None:
    """Put the stylesheet that theme.css imports in place of its @import."""
    importing = outdir / IMPORTING
    statement = f'@import "../{Path(IMPORTED).name}";'
    css = importing.read_text(encoding="utf-8")
    if statement not in css:
        msg = f"{IMPORTING} no longer has {statement}: update docs/_ext/slim_theme.py"
        raise ExtensionError(msg)
    imported = (outdir / IMPORTED).read_text(encoding="utf-8")
    importing.write_text(css.replace(statement, imported), encoding="utf-8")


def icon_code_points(css: str) -> list[int]:
    """The icons a stylesheet can draw: the characters of its strings beyond ASCII.

    Font Awesome's icons are characters of Unicode's private use area, written
    in a ``content`` or a variable (``--pst-icon-github: "\\f09b"``). ASCII
    characters of the strings are font names and text such as ``"#"``.
    """
    points = set()
    for string in CSS_STRING.findall(css):
        text = CSS_ESCAPE.sub(lambda escape: chr(int(escape[1], 16)), string)
        points.update(ord(char) for char in text if ord(char) > 0x7F)
    return sorted(points)


def subset_icon_fonts(outdir: Path) -> None:
    """Keep in each Font Awesome font only the icons the stylesheets still draw."""
    css = "".join(
        (outdir / name).read_text(encoding="utf-8")
        for name in STYLESHEETS
        if (outdir / name).is_file()
    )
    code_points = icon_code_points(css)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    for path in sorted(outdir.glob(FONTS)):
        font = subset.load_font(str(path), options)
        before = path.stat().st_size
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=code_points)
        subsetter.subset(font)
        subset.save_font(font, str(path), options)
        logger.info(
            "slim_theme: %s: %d -> %d bytes",
            path.relative_to(outdir),
            before,
            path.stat().st_size,
        )


def slim_theme(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    purge_stylesheets(outdir)
    flatten_import(outdir)
    subset_icon_fonts(outdir)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("build-finished", slim_theme)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
