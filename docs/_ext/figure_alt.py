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
"""

from __future__ import annotations

import re
from typing import Any

from sphinx_gallery.scrapers import matplotlib_scraper

ALT_OPTION = re.compile(r"^(?P<indent>[ \t]*):alt:.*$", re.MULTILINE)


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
