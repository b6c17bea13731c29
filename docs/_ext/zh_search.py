"""Chinese search: the site's terms for jieba, and a repaired search script.

Sphinx's Chinese search (``sphinx/search/zh.py``) cuts the text into words
with jieba (``cut_for_search``) and stems Latin words with the English
stemmer. Two things are added here for ``language = "zh_CN"``.

**The site's terms.** jieba's dictionary cuts 交叉熵 into 交叉 + 熵 and drops
the one-character word, so a search for 交叉熵 would find nothing (the search
page does not cut the query, it looks the whole word up). The Chinese terms of
``docs/locale/GLOSSARY_zh.md`` (its table's 中文 column) are written to a
jieba user dictionary in the doctree folder and passed as
``html_search_options["dict"]``: 交叉熵, 独热编码, 负对数似然 and the others
are then words of the index, besides their parts.

**Sphinx 9.0.4's broken search script** (sphinx issue 14229,
https://github.com/sphinx-doc/sphinx/issues/14229). The Chinese language
ships ``english-stemmer.js``, which defines ``EnglishStemmer``, but
``IndexBuilder.get_js_stemmer_code`` ends ``_static/language_data.js`` with
``window.Stemmer = {language_name}Stemmer;``, and the language's name is
"Chinese": the line reads ``window.Stemmer = ChineseStemmer;``, throws
"ReferenceError: ChineseStemmer is not defined", and ``search.html`` then
stays at "Searching..." ("Stemmer is not defined"). After the build,
``fix_language_data`` points the line at ``EnglishStemmer``. Upstream fixed it
in sphinx pull request 14416 (the class name comes from the stemmer's file
name), not in a release when this was written. Remove ``fix_language_data``
once the Sphinx pinned in ``constraints.txt`` has the fix: the build then warns
(and ``-W`` fails) with "no longer needed", because Sphinx no longer writes the
broken line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

logger = logging.getLogger(__name__)

GLOSSARY = Path(__file__).parents[1] / "locale" / "GLOSSARY_zh.md"
HAN_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")  # two or more Chinese characters
BROKEN = "window.Stemmer = ChineseStemmer;"
FIXED = "window.Stemmer = EnglishStemmer;"  # the class english-stemmer.js defines


def _chinese(config: Config) -> bool:
    return (config.language or "").startswith("zh")


def glossary_terms(text: str) -> list[str]:
    """The Chinese words of the 中文 column of the glossary's table."""
    words: dict[str, None] = {}  # in order, once each
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) >= 2 and cells[1] != "中文":
            words.update(dict.fromkeys(HAN_WORD.findall(cells[1])))
    return list(words)


def add_user_dictionary(app: Sphinx, config: Config) -> None:
    """Give jieba the glossary's terms, unless ``conf.py`` names a dictionary."""
    if not _chinese(config) or "dict" in config.html_search_options:
        return
    path = Path(app.doctreedir) / "jieba_userdict.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    terms = glossary_terms(GLOSSARY.read_text(encoding="utf-8"))
    path.write_text("".join(f"{term}\n" for term in terms), encoding="utf-8")
    config.html_search_options = {**config.html_search_options, "dict": str(path)}


def fix_language_data(app: Sphinx, exception: Exception | None) -> None:
    """Replace the undefined ``ChineseStemmer`` in ``_static/language_data.js``."""
    if exception is not None or app.builder.format != "html":
        return
    indexer = getattr(app.builder, "indexer", None)
    if not _chinese(app.config) or indexer is None:  # no search page
        return
    if (
        indexer.lang.js_stemmer_rawcode != "english-stemmer.js"
        or BROKEN not in indexer.get_js_stemmer_code()
    ):
        logger.warning(
            "the workaround for sphinx issue 14229 is no longer needed: this "
            "Sphinx no longer writes %r; remove fix_language_data from "
            "docs/_ext/zh_search.py",
            BROKEN,
        )
        return
    path = Path(app.outdir) / "_static" / "language_data.js"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(BROKEN, FIXED), encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", add_user_dictionary)
    app.connect("build-finished", fix_language_data)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
