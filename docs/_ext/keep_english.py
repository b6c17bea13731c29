"""Keep out of the translation catalogs what must stay as the build wrote it.

Sphinx extracts every paragraph, title, list item and table cell for
translation, and skips literal blocks: code, and what scripts and notebook
cells print. The Markdown tables the guides compute are page text, so their
words are translated (their numbers are not, by the last rule below). This
transform marks as not translatable:

- display math (``$$``, ``.. math::``): it is the same in every language;
- sphinx-gallery's run time of a script, which changes at every run;
- the names and types of numpydoc's parameters;
- text with no word outside code and math (``0.500``, ````classes````,
  ``:func:`softmax```), identifiers (``clsloss.cross_entropy``), dtypes with
  shapes (``float64 (8, 10)``), and a lone
  cross-reference whose text comes from its target (``:doc:`page```).

It runs before Sphinx's ``Locale`` transform (priority 20), so the catalogs
written by ``-b gettext`` and the messages looked up in a translated build are
the same set.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

WORD = re.compile(r"[^\W\d_]")  # a letter, in any script
IDENTIFIER = re.compile(r"[A-Za-z_][\w]*(\.[A-Za-z_]\w*)+|[A-Za-z]\w*_\w+")
DTYPE_SHAPE = re.compile(r"(u?int|float|complex)\d+|bool")  # "float64 (8, 10)"


def _words(node: nodes.Node) -> str:
    """The text of ``node`` outside code, math and implicit cross-references."""
    if isinstance(node, (nodes.literal, nodes.math)):
        return ""
    if isinstance(node, addnodes.pending_xref) and not node.get("refexplicit"):
        return ""
    if isinstance(node, nodes.Text):
        return str(node)
    return "".join(_words(child) for child in node.children)


def _in_class(node: nodes.Node, cls: str) -> bool:
    while node is not None:
        if isinstance(node, nodes.Element) and cls in node.get("classes", ()):
            return True
        node = node.parent
    return False


def _numpydoc_parameter(node: nodes.Element) -> bool:
    """A parameter's name (``term``) or type (``classifier``) in an API entry."""
    if not isinstance(node, (nodes.term, nodes.classifier)):
        return False
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.field_body):
            return isinstance(parent.parent.parent.parent, addnodes.desc_content)
        parent = parent.parent
    return False


def stays_english(node: nodes.Element) -> bool:
    """Whether a text element must not be offered for translation."""
    if isinstance(node, nodes.math_block):
        return True
    if _in_class(node, "sphx-glr-timing"):
        return True
    if _numpydoc_parameter(node):
        return True
    text = node.astext().strip()
    if DTYPE_SHAPE.fullmatch(text.split(" (")[0]) and not WORD.search(
        text.partition(" (")[2]
    ):
        return True
    return not WORD.search(_words(node)) or IDENTIFIER.fullmatch(text) is not None


class KeepEnglish(SphinxTransform):
    """Mark the text elements that stay English as not translatable."""

    default_priority = 15  # after PreserveTranslatableMessages, before Locale

    def apply(self, **_kwargs: Any) -> None:
        for node in self.document.findall(nodes.TextElement):
            if not isinstance(node, nodes.Inline) and stays_english(node):
                node["translatable"] = False


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_transform(KeepEnglish)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
