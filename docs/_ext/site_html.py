r"""What every page needs beyond the theme: fast scripts, a description, sized figures.

- Scripts: the script files that Sphinx and the extensions link in the head
  load with ``defer``, so they do not block the first paint. Deferred scripts
  still run in document order, after the page is parsed and before
  ``DOMContentLoaded``, which is when these scripts start their work. One
  stays as it is: ``documentation_options.js`` (half a kilobyte), because
  inline scripts of the theme and of Sphinx's templates set values in its
  ``DOCUMENTATION_OPTIONS`` while the page is parsed.
  (The theme's head loaded the search tools and index on every page: the
  ``layout.html`` template beside ``conf.py`` leaves them to the search page.)
- Stylesheets and scripts that extensions link on every page load only on the
  pages whose content uses them (the table ``USED_BY``): each stylesheet in
  the head delays the first paint of a phone on a slow network.
- Description: ``sphinxext-opengraph`` writes ``<meta name="description">``
  and ``og:description`` from the page's first paragraphs, here with each
  formula's TeX turned into plain text (symbols as Unicode characters). A page can
  set its own with MyST front matter (``myst: html_meta: description: ...``)
  or ``.. meta:: :description: ...`` in reStructuredText. Pages without text
  of their own (search, the general index) get ``site_description`` from
  ``conf.py``.
- Figures: every ``<img>`` of the site's own images without a size gets its
  ``width`` and ``height`` (read from the file; an SVG's from its root, in CSS
  pixels), so the browser reserves its box before it arrives and nothing below
  it shifts (``clsloss.css`` keeps ``height: auto`` so a narrow screen scales
  it without distortion).
  Every image after the first of a page loads lazily (``loading="lazy"``):
  the browser fetches it when it nears the screen, so the thumbnails at the
  foot of an API page do not take a phone's bandwidth from what is on
  screen. The first stays eager: it may be what the page paints largest.
- Hidden code cells: myst-nb names the toggle of a hidden cell "Toggle hidden
  content", a name that does not contain the text it shows ("Show code cell
  source"); without that ``aria-label`` its name is its visible text (WCAG
  2.5.3, label in name).
- Navigation: the theme's buttons that open and close a section of the
  sidebar (``<summary>`` with a chevron only) get a name, "Pages under"
  and the section's title (translated), read by screen readers.
"""

from __future__ import annotations

import re
from html import escape, unescape
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from bs4 import BeautifulSoup
from docutils import nodes
from docutils.utils import new_document
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.html._assets import _JavaScript
from sphinx.locale import _
from sphinxext.opengraph import get_description

# TeX commands spelled as the characters they print, for plain-text descriptions.
TEX_WORDS = {
    "alpha": "\u03b1",
    "beta": "\u03b2",
    "gamma": "\u03b3",
    "delta": "\u03b4",
    "Delta": "\u0394",
    "varepsilon": "\u03b5",
    "epsilon": "\u03b5",
    "theta": "\u03b8",
    "lambda": "\u03bb",
    "mu": "\u03bc",
    "pi": "\u03c0",
    "sigma": "\u03c3",
    "tau": "\u03c4",
    "ell": "\u2113",
    "sum": "\u03a3",
    "prod": "\u220f",
    "le": "\u2264",
    "leq": "\u2264",
    "ge": "\u2265",
    "geq": "\u2265",
    "ne": "\u2260",
    "neq": "\u2260",
    "approx": "\u2248",
    "cdot": "\u00b7",
    "times": "\u00d7",
    "infty": "\u221e",
    "in": "\u2208",
    "to": "\u2192",
    "mid": "|",
    "partial": "\u2202",
    "nabla": "\u2207",
}
# Commands that only style or size what follows: dropped, their argument kept.
DROPPED = {
    "left",
    "right",
    "big",
    "Big",
    "bigl",
    "bigr",
    "displaystyle",
    "mathrm",
    "mathbf",
    "mathit",
    "operatorname",
    "text",
    "textrm",
    "mathcal",
    "boldsymbol",
    "quad",
    "qquad",
}


def braced(tex: str, start: int) -> tuple[str, int]:
    """The group ``{...}`` opening at ``tex[start]``, and the index after it."""
    depth = 0
    for index in range(start, len(tex)):
        depth += {"{": 1, "}": -1}.get(tex[index], 0)
        if depth == 0:
            return tex[start + 1 : index], index + 1
    return tex[start + 1 :], len(tex)


def tex_as_text(tex: str) -> str:
    r"""Plain text for a formula, as a description shows it: ``\ell_n`` is ``ℓ_n``."""  # noqa: RUF002
    while (at := tex.find("\\frac{")) >= 0:
        numerator, after = braced(tex, at + 5)
        denominator, end = (
            braced(tex, after) if tex[after : after + 1] == "{" else ("", after)
        )
        tex = f"{tex[:at]}({numerator})/({denominator}){tex[end:]}"
    tex = tex.replace("\\\\", " ").replace("&", "")  # line breaks, alignment
    text = re.sub(
        r"\\([A-Za-z]+)",
        lambda m: "" if m[1] in DROPPED else TEX_WORDS.get(m[1], m[1]),
        tex,
    )
    text = re.sub(r"\\[,;:! ]", " ", text).replace("{", "").replace("}", "")
    return " ".join(text.split())


# Asset (the start of its file name) -> text that the page's body contains
# where the asset is needed. sphinx-gallery, myst-nb, sphinx-design and
# sphinx-copybutton link theirs on every page.
USED_BY = {
    "sg_gallery.css": "sphx-glr",
    "sg_gallery-binder.css": "binder-badge",
    "sg_gallery-dataframe.css": "dataframe",
    "sg_gallery-rendered-html.css": "rendered_html",
    "sg-tags.js": "sphx-glr-tag",
    "mystnb.": 'class="cell',
    "sphinx-design.min.css": " sd-",
    "design-tabs.js": "sd-tab",
    "copybutton.css": 'class="highlight',
    "copybutton.js": 'class="highlight',
    "clipboard.min.js": 'class="highlight',
}


def unused(asset: Any, body: str) -> bool:
    name = str(getattr(asset, "filename", "") or "").rsplit("/", 1)[-1]
    return any(
        name.startswith(prefix) and marker not in body
        for prefix, marker in USED_BY.items()
    )


def drop_unused_assets(
    app: Sphinx,  # noqa: ARG001
    pagename: str,  # noqa: ARG001
    templatename: str,  # noqa: ARG001
    context: dict[str, Any],
    doctree: nodes.document | None,  # noqa: ARG001
) -> None:
    """Leave out the stylesheets and scripts that the page's content does not use."""
    body = context.get("body", "")
    for key in ("css_files", "script_files"):
        context[key] = [a for a in context.get(key, []) if not unused(a, body)]


KEPT_IN_ORDER = ("documentation_options.js",)  # read by inline scripts


def deferred(script: _JavaScript) -> _JavaScript:
    """Return the same script file, loaded without blocking the parser."""
    name = str(script.filename or "").rsplit("/", 1)[-1]
    attributes = dict(script.attributes)
    if (
        not script.filename
        or name in KEPT_IN_ORDER
        or {"async", "defer"} & attributes.keys()
        or attributes.get("type") == "module"
    ):
        return script
    attributes["defer"] = "defer"
    return _JavaScript(script.filename, priority=script.priority, **attributes)


def defer_scripts(
    app: Sphinx,  # noqa: ARG001
    pagename: str,  # noqa: ARG001
    templatename: str,  # noqa: ARG001
    context: dict[str, Any],
    doctree: nodes.document | None,  # noqa: ARG001
) -> None:
    context["script_files"] = [
        deferred(script) if isinstance(script, _JavaScript) else script
        for script in context.get("script_files", [])
    ]


def add_description(
    app: Sphinx,
    pagename: str,  # noqa: ARG001
    templatename: str,  # noqa: ARG001
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Describe the page from a copy of it whose formulas are plain text."""
    meta = context.get("meta") or {}
    if doctree is None or "og:description" in meta or "ogp_disable" in meta:
        return
    if 'name="description"' in context.get("metatags", ""):
        return
    plain = doctree.deepcopy()
    for math in list(
        plain.findall(lambda n: isinstance(n, (nodes.math, nodes.math_block)))
    ):
        math["ids"] = []  # a copy: its labels are not needed
        math.replace_self(nodes.Text(tex_as_text(math.astext())))
    title = unescape(re.sub(r"<[^>]+>", "", context.get("title") or ""))
    # An API page: its summary line (the first paragraph of the docstring).
    summary = next(plain.findall(addnodes.desc_content), None)
    if summary is not None and (first := summary.next_node(nodes.paragraph)):
        plain = new_document("")
        plain += first.deepcopy()
    description = unescape(
        get_description(plain, app.config.ogp_description_length, {title})
    )
    if description:
        # sphinxext-opengraph takes both from these and writes the tags.
        context["meta"] = {**meta, "og:description": description}
        context["metatags"] = context.get("metatags", "") + (
            f'\n    <meta name="description" content="{escape(description)}" />'
        )


def add_fallback_description(
    app: Sphinx,
    pagename: str,  # noqa: ARG001
    templatename: str,  # noqa: ARG001
    context: dict[str, Any],
    doctree: nodes.document | None,  # noqa: ARG001
) -> None:
    if 'name="description"' in context.get("metatags", ""):
        return
    title = unescape(re.sub(r"<[^>]+>", "", context.get("title") or ""))
    description = app.config.site_description
    if title:
        description = f"{title}: {description}"
    context["metatags"] = context.get("metatags", "") + (
        f'\n    <meta name="description" content="{escape(description)}" />'
    )


# An <img> of the site's own images (under _images/) with no width yet.
SITE_IMAGE = re.compile(
    r'<img\b(?![^>]*\bwidth=)[^>]*?\bsrc="(?:\.\./)*_images/([^"/]+)"'
)


MYST_NB_TOGGLE = '<summary aria-label="Toggle hidden content">'


def name_toggles_by_their_text(
    app: Sphinx,  # noqa: ARG001
    pagename: str,  # noqa: ARG001
    templatename: str,  # noqa: ARG001
    context: dict[str, Any],
    doctree: nodes.document | None,  # noqa: ARG001
) -> None:
    """Let myst-nb's toggles of hidden cells be named by the text they show."""
    if MYST_NB_TOGGLE in context.get("body", ""):
        context["body"] = context["body"].replace(MYST_NB_TOGGLE, "<summary>")


#: CSS pixels per unit of an SVG's width and height (matplotlib writes "pt").
SVG_UNITS = {"": 1.0, "px": 1.0, "pt": 96 / 72, "pc": 16.0, "in": 96.0, "mm": 96 / 25.4}
SVG_LENGTH = re.compile(r"\s*([0-9.]+)\s*([a-z]*)\s*")


def svg_size(path: Path) -> tuple[int, int] | None:
    """The size in CSS pixels an SVG file declares on its root, if in absolute units."""
    root = next(ET.iterparse(path, events=("start",)))[1]
    size = []
    for attribute in ("width", "height"):
        length = SVG_LENGTH.fullmatch(root.get(attribute, ""))
        if length is None or length[2] not in SVG_UNITS:
            return None
        size.append(round(float(length[1]) * SVG_UNITS[length[2]]))
    return size[0], size[1]


def add_image_sizes(
    app: Sphinx,
    pagename: str,  # noqa: ARG001
    templatename: str,  # noqa: ARG001
    context: dict[str, Any],
    doctree: nodes.document | None,  # noqa: ARG001
) -> None:
    """Write each figure's size into its <img>, so that nothing shifts as it loads."""
    body = context.get("body")
    if not body or "_images/" not in body:
        return
    from PIL import Image  # matplotlib's dependency  # noqa: PLC0415

    sources = {name: source for source, name in app.builder.images.items()}  # type: ignore[attr-defined]

    def sized(match: re.Match[str]) -> str:
        name = unescape(match[1])
        if name in sources:  # an image Sphinx copies when the pages are written
            path = Path(app.srcdir) / sources[name].lstrip("/")  # srcdir-relative
        else:  # sphinx-gallery's figures, already copied to _images
            path = Path(app.outdir) / "_images" / name
        if not path.is_file():
            return match[0]
        if path.suffix.lower() == ".svg":
            size = svg_size(path)
            if size is None:
                return match[0]
            width, height = size
        else:
            with Image.open(path) as image:
                width, height = image.size
        return f'{match[0]} width="{width}" height="{height}"'

    context["body"] = SITE_IMAGE.sub(sized, body)


IMG_TAG = re.compile(r"<img\b(?![^>]*\bloading=)")


def lazy_load_images(
    app: Sphinx,  # noqa: ARG001
    pagename: str,  # noqa: ARG001
    templatename: str,  # noqa: ARG001
    context: dict[str, Any],
    doctree: nodes.document | None,  # noqa: ARG001
) -> None:
    """Let every image of the page but the first load when it nears the screen."""
    body = context.get("body", "")
    first = IMG_TAG.search(body)
    if first is not None:
        rest = IMG_TAG.sub('<img loading="lazy"', body[first.end() :])
        context["body"] = body[: first.end()] + rest


# A sidebar link followed by the theme's <details> toggle of its subpages.
NAV_TOGGLE = re.compile(
    r"(<a\b[^>]*>(?P<title>(?:(?!</a>).)*)</a>\s*<details\b[^>]*>\s*)<summary>",
    re.DOTALL,
)


#: The name of a sidebar toggle, in the page's language (docs/_ext/theme_messages
#: puts it in the ``sphinx`` catalog).
NAV_TOGGLE_LABEL = "Pages under %(title)s"


def name_nav_toggles(html: str) -> str:
    """Give each toggle of the sidebar's sections an accessible name."""

    def named(match: re.Match[str]) -> str:
        title = unescape(re.sub(r"<[^>]+>", "", match["title"])).strip()
        label = escape(_(NAV_TOGGLE_LABEL) % {"title": title}, quote=True)
        return f'{match[1]}<summary aria-label="{label}">'

    return NAV_TOGGLE.sub(named, html)


def wrap_toctree(
    app: Sphinx,  # noqa: ARG001
    pagename: str,  # noqa: ARG001
    templatename: str,  # noqa: ARG001
    context: dict[str, Any],
    doctree: nodes.document | None,  # noqa: ARG001
) -> None:
    """Name the toggles in the sidebar that pydata-sphinx-theme generates."""
    generate = context.get("generate_toctree_html")
    if generate is None:
        return

    def generate_named(*args: Any, **kwargs: Any) -> Any:
        html = generate(*args, **kwargs)
        named = name_nav_toggles(str(html))
        if isinstance(html, BeautifulSoup):  # the theme's "soup" kind
            return BeautifulSoup(named, "html.parser")
        return type(html)(named)  # str or Markup, as given

    context["generate_toctree_html"] = generate_named


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("site_description", "", "html", types=[str])
    # Before sphinxext-opengraph writes its tags (default priority 500).
    app.connect("html-page-context", add_description, priority=400)
    # After the other extensions have added their scripts and tags.
    app.connect("html-page-context", defer_scripts, priority=900)
    app.connect("html-page-context", drop_unused_assets, priority=900)
    app.connect("html-page-context", add_fallback_description, priority=900)
    app.connect("html-page-context", wrap_toctree, priority=900)
    app.connect("html-page-context", add_image_sizes, priority=900)
    app.connect("html-page-context", lazy_load_images, priority=900)
    app.connect("html-page-context", name_toggles_by_their_text, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
