"""A link in the header to the same page in the other language.

The English site is built into ``<html>/en/`` and each translation into
``<html>/<language>/`` (``nox -s docs``), so the same page in another
language is ``../`` up from the language root, then that language's folder,
then the same page name. This extension puts that address, and the words to
show, into the page context as ``language_switch``; the template
``_templates/language-switcher.html`` draws the link in the header
(``navbar_end``). Every page also gets a ``<link rel="alternate"
hreflang=...>`` to itself and to each of its translations, with an absolute
address (search engines ignore relative ones) built on ``html_baseurl``, the
address of this language's folder.

The 404 page is served at any missing address, so its links are absolute
(sphinx-notfound-page's ``notfound_urls_prefix``, ``/en/`` or ``/zh_CN/``):
its switcher is absolute too.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from sphinx.application import Sphinx

#: The site's languages: Sphinx's code -> (BCP 47 tag, name in the language itself).
LANGUAGES = {"en": ("en", "English"), "zh_CN": ("zh-CN", "中文")}
#: The accessible name of the switcher, in the language of the page it is on.
NAV_LABEL = {"en": "Language", "zh_CN": "语言"}


def _href(app: Sphinx, pagename: str, language: str, target: str) -> str:
    """The address of ``pagename`` in ``target``, from ``pagename`` in ``language``."""
    if pagename == app.config.notfound_pagename:
        prefix = app.config.notfound_urls_prefix or "/"
        return prefix.replace(f"/{language}/", f"/{target}/", 1) + f"{pagename}.html"
    up = "../" * (
        pagename.count("/") + 1
    )  # from the page to the folder of all languages
    return f"{up}{target}/{pagename}.html"


def add_language_switch(
    app: Sphinx,
    pagename: str,
    _templatename: str,
    context: dict[str, Any],
    _doctree: object,
) -> None:
    language = app.config.language or "en"
    if language not in LANGUAGES:
        return
    links = []
    for code, (tag, name) in LANGUAGES.items():
        if code != language:
            href = _href(app, pagename, language, code)
            links.append({"href": href, "hreflang": tag, "name": name})
        absolute = urljoin(app.config.html_baseurl, f"../{code}/{pagename}.html")
        context["metatags"] = (
            context.get("metatags", "")
            + f'\n    <link rel="alternate" hreflang="{tag}" href="{absolute}" />'
        )
    context["language_switch"] = {"label": NAV_LABEL[language], "links": links}


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", add_language_switch)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
