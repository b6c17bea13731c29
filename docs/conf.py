"""Sphinx configuration of the clsloss site.

The build is strict and self-contained: ``nox -s docs`` runs
``sphinx-build -W --keep-going -n``, every example and notebook is executed,
and the pages load nothing from other hosts (intersphinx falls back to local
inventories). Formulas are rendered by KaTeX when the site is built (Node and
the npm package pinned in package.json, which `nox -s docs` installs): no math
script runs in the reader's browser.
"""

from __future__ import annotations

import json
import os
import sys
import zlib
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

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
    "theme_messages",  # docs/_ext: the theme's words in the catalogs (sphinx.po)
    "keep_english",  # docs/_ext: outputs, math and code stay out of the catalogs
    "figure_alt",  # docs/_ext: gallery figures' alt text, translated
    "language_switcher",  # docs/_ext: the header link to the other language
    "zh_search",  # docs/_ext: glossary terms for jieba, Sphinx issue 14229
    "katex_math",  # docs/_ext: formulas rendered by KaTeX at build time
    "site_html",  # docs/_ext: deferred scripts, meta descriptions, named toggles
    "slim_theme",  # docs/_ext: the theme's CSS and icon fonts cut to what is used
]

templates_path = ["_templates"]
exclude_patterns = [
    "_build",
    "_inventories",
    "locale",  # the translation catalogs and the translators' GLOSSARY_zh.md
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
# The translations' extraction (-b gettext) sees a figure as myst-nb shows it,
# an image with its alt text, not as its text/plain repr, so the alt text is
# offered for translation.
nb_mime_priority_overrides = [
    ("gettext", "image/svg+xml", 25),
    ("gettext", "image/png", 26),
]
nb_ipywidgets_js = {}  # no widgets: do not load require.js from a CDN

# The notebooks name the kernel "python3"; they run in "clsloss-docs": ipykernel's
# kernel spec for the Python running this build (written under _build/jupyter,
# found through JUPYTER_PATH) with one setting added. Its figures are SVG: sharp
# on every screen, and lighter than PNGs once compressed (measured on these
# pages: 162 kB gzipped for the 18 figures, against 680 kB of 1x PNGs and
# 1.5 MB of 2x ones); docs/_ext/site_html.py gives each its width and height.
NB_KERNEL = "clsloss-docs"
NB_KERNEL_ARGUMENTS = ["--InlineBackend.figure_formats=svg"]
JUPYTER_DATA = DOCS / "_build" / "jupyter"
nb_kernel_rgx_aliases = {"python3": NB_KERNEL}


def write_notebook_kernel() -> None:
    """Write the notebooks' kernel spec and put it where Jupyter looks for kernels."""
    from ipykernel.kernelspec import get_kernel_dict  # noqa: PLC0415

    spec = get_kernel_dict(extra_arguments=NB_KERNEL_ARGUMENTS)
    spec["display_name"] = "Python 3 (clsloss docs)"
    folder = JUPYTER_DATA / "kernels" / NB_KERNEL
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")
    path = [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    if str(JUPYTER_DATA) not in path:
        os.environ["JUPYTER_PATH"] = os.pathsep.join([str(JUPYTER_DATA), *path])


def encrypt_kernel_traffic() -> None:
    """Start kernels with CurveZMQ keys, as ipykernel asks.

    Over TCP without encryption, ipykernel logs "Kernel is running over TCP
    without encryption" once per notebook. The remedy it names is keys
    provisioned by the kernel manager: jupyter_client's
    ``KernelManager.transport_encryption``, "auto" to encrypt when the kernel
    spec declares support (ipykernel's spec does, from the version that warns).
    myst-nb creates its kernel managers through jupyter-cache and nbclient
    without a configuration (``NotebookClient.create_kernel_manager`` passes
    its own empty one, and no Jupyter config file is read in this process),
    so the setting is the trait's default.
    """
    from jupyter_client.manager import KernelManager  # noqa: PLC0415

    trait = KernelManager.class_traits().get("transport_encryption")
    if trait is not None:  # a jupyter_client with transport encryption
        trait.default_value = "auto"


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
    # The theme's defaults, after the link to the same page in the other language.
    "navbar_end": ["language-switcher", "theme-switcher", "navbar-icon-links"],
    # Four section links, then "More": with the language link, the English
    # header then stays on one line down to 1200 px wide.
    "header_links_before_dropdown": 4,
}
html_sidebars = {"index": [], "404": []}
# The 404 page is served at any missing address, so its links are absolute:
# under /en/latest/ on Read the Docs (read from its environment), else under
# /en/ or /zh_CN/, the folder `nox -s docs` builds the language into (set in
# setup() below, once `-D language=...` is known).
html_show_sourcelink = True

# -- Discovery: meta descriptions, Open Graph tags, sitemap.xml --------------------------
# The site's address. A placeholder until the site has a host: replace it with
# the real address (Read the Docs sets its own). It makes the canonical links,
# the sitemap and the og:url tags absolute. Each language's site is a folder of
# it (per_language_config below).
SITE_URL = "https://clsloss.example.org/"
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", SITE_URL)
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

# -- Translations (gettext; `nox -s translations` updates the catalogs) ------------------------
# One catalog per page (docs/locale/zh_CN/LC_MESSAGES/<page>.po), messages in
# reading order. No "#:" line numbers: they would change every catalog below an
# edited line, and the page a message belongs to is already its catalog's name.
# Code and raw HTML stay English: literal blocks, doctest blocks and raw nodes
# are not extracted (no gettext_additional_targets); notebook outputs, display
# math and text without words are marked untranslatable by docs/_ext/keep_english.
# Alt text is extracted without the "image" target (which would add image paths).
locale_dirs = ["locale/"]
gettext_compact = False
gettext_uuid = False
gettext_location = False
gettext_additional_targets: list[str] = []


def per_language_config(_app: Sphinx, config: Config) -> None:
    """Settings that depend on the language given on the command line (``-D``)."""
    if not os.environ.get("READTHEDOCS"):
        language = config.language or "en"
        config.notfound_urls_prefix = f"/{language}/"
        config.html_baseurl = f"{SITE_URL}{language}/"
        config.ogp_site_url = config.html_baseurl


def shared_notebook_outputs(app: Sphinx) -> None:
    """Keep myst-nb's image outputs out of the served folder.

    myst-nb writes them to ``jupyter_execute`` next to the output folder, which
    is ``docs/_build/html`` when the site is built into ``html/en`` and
    ``html/zh_CN``; Sphinx copies the images it uses into ``_images`` anyway.
    """
    app.env.mystnb_config = app.env.mystnb_config.copy(
        output_folder=str(DOCS / "_build" / "jupyter_execute")
    )


def setup(app: Sphinx) -> None:
    write_notebook_kernel()
    encrypt_kernel_traffic()
    app.connect("config-inited", per_language_config)
    app.connect("builder-inited", shared_notebook_outputs, priority=900)
