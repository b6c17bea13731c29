"""The theme's words in the site's catalogs: its header, menus and search field.

pydata-sphinx-theme translates its words with Sphinx's gettext, in the
``sphinx`` message domain, and ships a catalog per language. Its ``zh``
catalog leaves some messages untranslated ("Color mode", "Breadcrumb",
"Collapse Sidebar") or translates them loosely, and three words of the page
are theme options, not template text: the header's "More" menu
(``header_dropdown_text``, which the theme translates in Python), the search
field's "Search the docs ..." (``search_bar_text``) and the label of the icon
links (``icon_links_label``), which the theme shows as they are.

Sphinx reads the ``sphinx`` domain of the site's own catalogs first
(``docs/locale/<language>/LC_MESSAGES/sphinx.po``, which holds the messages
of the site's templates), before its own and the theme's. So this extension

- on ``-b gettext`` (``nox -s translations``), adds every message of the
  theme's templates and those three option texts to the template
  ``sphinx.pot``, beside the site's template messages: the catalog
  ``sphinx.po`` is then updated and checked (untranslated, fuzzy, stale) with
  the pages' catalogs, and a theme upgrade that adds a message fails the check
  until it is translated;
- on the HTML build, passes the two option texts the theme shows as they are
  through the ``sphinx`` domain, so they are translated too;
- does the same for myst-nb's labels of hidden cells ("Show code cell
  source", ``nb_code_prompt_show`` and ``nb_code_prompt_hide``), which
  myst-nb writes into the page in English;
- writes every page again when ``sphinx.mo`` changed since the last build
  (Sphinx compiles it from ``sphinx.po`` but writes again only the pages whose
  own catalog changed), so a corrected translation reaches every header.
"""

from __future__ import annotations

import configparser
from html import escape
from pathlib import Path
from typing import Any

import pydata_sphinx_theme
import site_html  # docs/_ext
from sphinx.application import Sphinx
from sphinx.builders.gettext import MessageCatalogBuilder, MsgOrigin
from sphinx.environment import BuildEnvironment
from sphinx.locale import _

THEME = "pydata_sphinx_theme"
THEME_DIR = Path(pydata_sphinx_theme.__file__).parent / "theme" / THEME
#: Theme options whose text is shown on every page.
OPTION_TEXTS = ("header_dropdown_text", "search_bar_text", "icon_links_label")
#: Those the theme shows untranslated: translated here, in the page's context.
SHOWN_AS_IS = ("search_bar_text", "icon_links_label")


#: What myst-nb puts for ``{type}`` in its labels of hidden cells (myst_nb/sphinx_.py).
NB_PROMPT_TYPES = ("content", "source", "output", "outputs")


def notebook_prompts(app: Sphinx) -> list[str]:
    """myst-nb's labels of hidden cells, as it writes them into the pages."""
    templates = (app.config.nb_code_prompt_show, app.config.nb_code_prompt_hide)
    return [
        template.replace("{type}", kind)
        for template in templates
        for kind in NB_PROMPT_TYPES
    ]


def option_texts(app: Sphinx) -> dict[str, str]:
    """The texts of ``OPTION_TEXTS``: the theme's defaults, or ``conf.py``'s."""
    conf = configparser.ConfigParser(interpolation=None)
    conf.read(THEME_DIR / "theme.conf", encoding="utf-8")
    options = app.config.html_theme_options
    return {name: options.get(name, conf.get("options", name)) for name in OPTION_TEXTS}


def extract_theme_messages(app: Sphinx) -> None:
    """On ``-b gettext``: the theme's messages go to ``sphinx.pot``."""
    if not isinstance(app.builder, MessageCatalogBuilder):
        return
    if app.config.html_theme != THEME:
        return
    catalog = app.builder.catalogs["sphinx"]
    extract = app.builder.templates.environment.extract_translations  # type: ignore[attr-defined]
    for template in sorted(THEME_DIR.rglob("*.html")):
        source = template.read_text(encoding="utf-8")
        for line, _function, message in extract(source):
            # A plural (ngettext) is a tuple; the theme has none so far.
            for text in (message,) if isinstance(message, str) else message:
                if text:
                    catalog.add(text, MsgOrigin(str(template), line))
    conf = str(app.confdir / "conf.py")
    for text in option_texts(app).values():
        catalog.add(text, MsgOrigin(conf, 0))
    notebooks = str(app.confdir / "conf.py")  # nb_code_prompt_show/_hide
    for text in notebook_prompts(app):
        catalog.add(text, MsgOrigin(notebooks, 0))
    # The name site_html gives the sidebar's toggles.
    catalog.add(site_html.NAV_TOGGLE_LABEL, MsgOrigin(site_html.__file__, 0))


def translate_option_texts(
    app: Sphinx,
    pagename: str,  # noqa: ARG001 (the event's signature)
    templatename: str,  # noqa: ARG001
    context: dict[str, Any],
    doctree: object,  # noqa: ARG001
) -> None:
    """The option texts the theme shows as they are, in the page's language."""
    if app.config.html_theme != THEME:
        return
    for name in SHOWN_AS_IS:
        key = f"theme_{name}"
        if isinstance(context.get(key), str):
            context[key] = _(context[key])


def translate_notebook_prompts(
    app: Sphinx,
    pagename: str,  # noqa: ARG001 (the event's signature)
    templatename: str,  # noqa: ARG001
    context: dict[str, Any],
    doctree: object,  # noqa: ARG001
) -> None:
    """myst-nb's labels of hidden cells, in the page's language."""
    body = context.get("body", "")
    for text in notebook_prompts(app):
        label = f'admonition-title">{escape(text)}</p>'
        if label in body:
            body = body.replace(label, f'admonition-title">{escape(_(text))}</p>')
    context["body"] = body


def pages_to_rewrite(
    app: Sphinx,
    env: BuildEnvironment,
    added: set[str],  # noqa: ARG001 (the event's signature)
    changed: set[str],  # noqa: ARG001
    removed: set[str],  # noqa: ARG001
) -> list[str]:
    """Every page, when the language's ``sphinx.mo`` changed since the last build."""
    language = app.config.language
    compiled = [
        app.srcdir / locale_dir / language / "LC_MESSAGES" / "sphinx.mo"
        for locale_dir in app.config.locale_dirs
    ]
    stamp = sorted(str(p.stat().st_mtime_ns) for p in compiled if p.exists())
    previous = getattr(env, "theme_messages_stamp", stamp)
    env.theme_messages_stamp = stamp  # type: ignore[attr-defined]
    return sorted(env.found_docs) if stamp != previous else []


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", extract_theme_messages)
    app.connect("html-page-context", translate_option_texts)
    app.connect("html-page-context", translate_notebook_prompts)
    app.connect("env-get-outdated", pages_to_rewrite)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
