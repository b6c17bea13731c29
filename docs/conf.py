"""Sphinx configuration of the clsloss site.

The build is strict and self-contained: ``nox -s docs`` runs
``sphinx-build -W --keep-going -n``, every example and notebook is executed,
and the pages load nothing from other hosts (intersphinx falls back to local
inventories). Formulas are rendered by KaTeX when the site is built (Node and
the npm package pinned in package.json, which `nox -s docs` installs): no math
script runs in the reader's browser.
"""

from __future__ import annotations

import os
import sys
import zlib
from pathlib import Path

import clsloss

DOCS = Path(__file__).parent
ROOT = DOCS.parent
sys.path.insert(0, str(DOCS / "_ext"))  # the site's own extensions

project = "clsloss"
author = "The clsloss developers"
copyright = "2026, The clsloss developers"
release = clsloss.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "numpydoc",
    "myst_nb",
    "sphinx_gallery.gen_gallery",
    "sphinx_copybutton",
    "sphinx_design",
    "notfound.extension",
    "sphinx_sitemap",
    "sphinxext.opengraph",
    "loss_playground",  # docs/_ext: the interactive loss panel
    "katex_math",  # docs/_ext: formulas rendered by KaTeX at build time
    "site_html",  # docs/_ext: deferred scripts, meta descriptions, named toggles
]

templates_path = ["_templates"]
exclude_patterns = [
    "_build",
    "_inventories",
    "jupyter_execute",
    "**.ipynb_checkpoints",
    # sphinx-gallery writes notebooks next to its pages: they are downloads,
    # not pages for myst-nb to parse.
    "auto_examples/**.ipynb",
]

# -- API reference --------------------------------------------------------------
autosummary_generate = True
autodoc_typehints = "none"  # numpydoc's Parameters sections carry the types
autodoc_default_options = {"members": False}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
default_role = "autolink"

# -- Links into other projects, with an offline fallback ----------------------------
INTERSPHINX = {
    "python": "https://docs.python.org/3/",
    "numpy": "https://numpy.org/doc/stable/",
    "scipy": "https://docs.scipy.org/doc/scipy/",
    "torch": "https://docs.pytorch.org/docs/stable/",
    "sklearn": "https://scikit-learn.org/stable/",
}
INVENTORY_DIR = DOCS / "_build" / "inventories"


def write_local_inventory(name: str) -> Path:
    """Write ``_build/inventories/NAME.inv`` from ``_inventories/NAME.txt``."""
    entries = []
    for line in (DOCS / "_inventories" / f"{name}.txt").read_text().splitlines():
        target, role, uri = line.split()
        entries.append(f"{target} {role} 1 {uri} -\n")
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {name}\n"
        "# Version: \n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    INVENTORY_DIR.mkdir(parents=True, exist_ok=True)
    path = INVENTORY_DIR / f"{name}.inv"
    path.write_bytes(header.encode() + zlib.compress("".join(entries).encode()))
    return path


intersphinx_mapping = {
    name: (url, (None, str(write_local_inventory(name))))
    for name, url in INTERSPHINX.items()
}
intersphinx_timeout = 5

# -- Notebooks (the guides), executed by myst-nb -----------------------------------------
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
nb_execution_mode = "cache"
nb_execution_cache_path = str(DOCS / "_build" / ".jupyter_cache")
nb_execution_raise_on_error = True
nb_execution_timeout = 180
nb_execution_show_tb = True
nb_merge_streams = True
nb_render_markdown_format = "myst"  # tables computed by the guides
nb_ipywidgets_js = {}  # no widgets: do not load require.js from a CDN

# -- Gallery (the derivations), executed by sphinx-gallery ------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": str(ROOT / "gallery"),
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "doc_module": ("clsloss",),
    "backreferences_dir": "api/backreferences",
    "run_stale_examples": False,
    "remove_config_comments": True,
    "within_subsection_order": "FileNameSortKey",
    "matplotlib_animations": False,
    "write_computation_times": False,  # its page loads scripts from CDNs
    "show_memory": False,
    "min_reported_time": 0,
    # sphinx-gallery's matplotlib scraper, with each figure's label as its alt
    # text (docs/_ext/figure_alt.py).
    "image_scrapers": ("figure_alt",),
    "default_thumb_file": None,
    # Each figure also saved at twice its resolution, chosen by 2x screens.
    "image_srcset": ["2x"],
}

# -- Math: KaTeX at build time (docs/_ext/katex_math.py) --------------------------------
html_math_renderer = "katex_prerendered"
katex_dist_dir = str(ROOT / "node_modules" / "katex" / "dist")  # from `npm ci`

# -- HTML -----------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = "clsloss"
html_favicon = "_static/favicon.svg"
html_context = {"default_mode": "light"}
html_static_path = ["_static"]
html_css_files = ["clsloss.css"]
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc", "sourcelink"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
html_sidebars = {"index": [], "404": []}
# The 404 page is served at any missing address, so its links are absolute:
# under /en/latest/ on Read the Docs (read from its environment), else under /.
if not os.environ.get("READTHEDOCS"):
    notfound_urls_prefix = "/"
html_show_sourcelink = True

# -- Discovery: meta descriptions, Open Graph tags, sitemap.xml --------------------------
# The site's address. A placeholder until the site has a host: replace it with
# the real address (Read the Docs sets its own). It makes the canonical links,
# the sitemap and the og:url tags absolute.
html_baseurl = os.environ.get(
    "READTHEDOCS_CANONICAL_URL", "https://clsloss.example.org/"
)
sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "genindex.html", "404.html"]
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}  # no generated images per page
ogp_description_length = 155
site_description = (  # pages without a paragraph of their own (search, index)
    "clsloss teaches how images are labelled for classification and how "
    "classification losses work, every number computed and checked against PyTorch."
)
copybutton_prompt_text = r">>> |\.\.\. "
copybutton_prompt_is_regexp = True
