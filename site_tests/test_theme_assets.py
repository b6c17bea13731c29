"""The theme's stylesheets and icon fonts, as docs/_ext/slim_theme.py leaves them.

The stylesheets keep only the rules the site uses and the icon fonts only the
icons those rules draw: every icon a stylesheet can still ask for must be in a
font, and no stylesheet may wait on another through ``@import``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pages import HTML_DIR, LANGUAGES

# Unicode's private use area, where Font Awesome puts its icons: as a
# character, or as a CSS escape ("\f05a").
PRIVATE_USE = re.compile(
    r"[\ue000-\uf8ff]|\\(e[0-9a-f]{3}|f[0-8][0-9a-f]{2})\b", re.IGNORECASE
)
#: Font Awesome's fonts for three styles, 243 kB before they are cut.
ICON_FONTS = "_static/vendor/fontawesome/webfonts/*.woff2"


def stylesheets(lang: str) -> list[Path]:
    static = HTML_DIR / lang / "_static"
    return sorted(static.glob("styles/*.css")) + sorted(static.glob("*.css"))


def icons_asked_for(css: str) -> set[int]:
    return {
        ord(match[0]) if len(match[0]) == 1 else int(match[1], 16)
        for match in PRIVATE_USE.finditer(css)
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_icon_the_stylesheets_use_is_in_a_font(lang: str) -> None:
    asked = set().union(
        *(
            icons_asked_for(path.read_text(encoding="utf-8"))
            for path in stylesheets(lang)
        )
    )
    fonts = sorted((HTML_DIR / lang).glob(ICON_FONTS))
    assert fonts, f"no icon font under {lang}/"
    drawn: set[int] = set()
    for path in fonts:
        drawn |= set(TTFont(path).getBestCmap())
    assert asked, "no stylesheet draws an icon: has the theme changed?"
    assert asked <= drawn, f"icons in no font: {sorted(map(hex, asked - drawn))}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_icon_fonts_hold_only_the_icons_the_site_uses(lang: str) -> None:
    for path in sorted((HTML_DIR / lang).glob(ICON_FONTS)):
        icons = len(TTFont(path).getBestCmap())
        assert icons <= 100, f"{path.name} still has {icons} characters"
        assert path.stat().st_size < 10_000, f"{path.name}: {path.stat().st_size} bytes"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_stylesheet_imports_another(lang: str) -> None:
    importing = [
        path.name
        for path in stylesheets(lang)
        if "@import" in path.read_text(encoding="utf-8")
    ]
    assert importing == []
