"""Alt text written by the author of a gallery script, one per figure.

sphinx-gallery (0.22) gives each figure, as alt text, the figure's titles or
its file name. A gallery script writes what a reader who cannot see the figure
needs to know as the figure's label, matplotlib's own property of every artist
(so the script still runs on its own)::

    fig, ax = plt.subplots(
        layout="constrained",
        label="The loss -log p falls from 4.6 at p = 0.01 to 0 at p = 1.",
    )

(``fig.set_label(...)`` does the same later.) ``conf.py`` names this module in
``sphinx_gallery_conf["image_scrapers"]``: it runs sphinx-gallery's matplotlib
scraper and puts each labelled figure's label in the ``:alt:`` of its image.

The alt text is translated like the page's other text. sphinx-gallery draws
its figures with a node of its own (``imgsgnode``), which Sphinx's gettext
workflow does not see, so this module, listed in ``extensions`` too, adds
each figure's alt text to the page's catalog (``-b gettext``) and puts the
translation in its place when a translation is built. It also escapes the
alt text, which sphinx-gallery writes into the HTML as it is.

A script formats the numbers of its alt text from what it computed, so the
message to translate has each number replaced by a numbered placeholder
(``z_max = 0.1152`` becomes ``z_max = {0}``) and the translation gets the
numbers of this run back: a number that changes does not make the
translation stale. A translation that loses or adds a placeholder is a build
warning, so the strict build fails.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import init as init_locale
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain
from sphinx_gallery.directives import imgsgnode
from sphinx_gallery.scrapers import matplotlib_scraper

ALT_OPTION = re.compile(r"^(?P<indent>[ \t]*):alt:.*$", re.MULTILINE)
# A number in a sentence ("0.1152", "-0.67", "5.0e-03"), not a digit of a name
# ("float32", "z_1", "plot_08").
NUMBER = re.compile(r"(?<![\w.{])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\w}])")
PLACEHOLDER = re.compile(r"\{(\d+)\}")
logger = logging.getLogger(__name__)


def matplotlib_alt_scraper(
    block: Any, block_vars: dict[str, Any], gallery_conf: dict[str, Any], **kwargs: Any
) -> str:
    """Scrape the block's figures as sphinx-gallery does, with their labels as alt text."""
    import matplotlib.pyplot as plt  # noqa: PLC0415 (sphinx-gallery sets the backend)

    labels = [plt.figure(number).get_label() for number in plt.get_fignums()]
    rst = str(matplotlib_scraper(block, block_vars, gallery_conf, **kwargs))
    options = list(ALT_OPTION.finditer(rst))
    if len(options) != len(labels):  # not one image per figure: leave it alone
        return rst
    for option, label in reversed(list(zip(options, labels, strict=True))):
        if label.strip():
            alt = f"{option['indent']}:alt: {' '.join(label.split())}"
            rst = rst[: option.start()] + alt + rst[option.end() :]
    return rst


def _get_sg_image_scraper() -> Any:
    """Return the scraper: sphinx-gallery calls this for a module named in image_scrapers."""
    return matplotlib_alt_scraper


def message_of(alt: str) -> tuple[str, list[str]]:
    """The alt text with its numbers as placeholders {0}, {1}, ..., and the numbers."""
    numbers: list[str] = []

    def placeholder(number: re.Match[str]) -> str:
        numbers.append(number[0])
        return f"{{{len(numbers) - 1}}}"

    return NUMBER.sub(placeholder, alt), numbers


def filled(message: str, numbers: list[str]) -> str:
    """The message with each placeholder {i} replaced by the i-th number."""
    return PLACEHOLDER.sub(lambda index: numbers[int(index[1])], message)


def offer_alt_for_translation(
    app: Sphinx, doctree: nodes.document, _docname: str
) -> None:
    """For ``-b gettext``: show each figure's alt text as an image Sphinx extracts."""
    if app.builder.name != "gettext":
        return
    for figure in list(doctree.findall(imgsgnode)):
        if figure["alt"]:
            image = nodes.image(uri=figure["uri"], alt=message_of(figure["alt"])[0])
            image.source, image.line = figure.source, figure.line
            image.uid = ""  # type: ignore[attr-defined]  # the catalog takes only nodes with one
            figure.replace_self(image)


def translate_alt(app: Sphinx, doctree: nodes.document) -> None:
    """Put each figure's alt text in the page's language, escaped for HTML."""
    if app.builder.name == "gettext":
        return
    translator = None
    if app.config.language not in (None, "en"):
        domain = docname_to_domain(app.env.docname, app.config.gettext_compact)
        dirs = [str(Path(app.srcdir) / d) for d in app.config.locale_dirs]
        translator, _ = init_locale(dirs, app.config.language, domain)
    for figure in doctree.findall(imgsgnode):
        alt = figure["alt"]
        if translator is not None and alt:
            message, numbers = message_of(alt)
            translation = translator.gettext(message)
            used = sorted({int(index) for index in PLACEHOLDER.findall(translation)})
            if translation != message and used != list(range(len(numbers))):
                logger.warning(
                    "the translation of a figure's alt text has the placeholders "
                    "%s, its English {0}..{%d}: %r",
                    used,
                    len(numbers) - 1,
                    translation,
                    location=figure,
                )
            else:
                alt = filled(translation, numbers)
        figure["alt"] = escape(alt, quote=True)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", translate_alt)
    app.connect("doctree-resolved", offer_alt_for_translation)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
