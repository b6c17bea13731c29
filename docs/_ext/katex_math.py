"""Formulas rendered to HTML when the site is built, so no math script runs in the browser.

KaTeX renders every ``math`` and ``math_block`` node while Sphinx writes the
pages: one Node process for the whole build (the render server of
``sphinxcontrib-katex``), fed one formula after another over a socket. The
reader downloads KaTeX's stylesheet and the few fonts a page uses, served from
the site itself, and only on pages that have a formula.

- KaTeX itself (script, stylesheet, fonts) comes from the npm package pinned in
  ``package.json``: ``npm ci --omit=dev`` installs it into ``node_modules``
  (``nox -s docs`` does it). Nothing of it is committed, nothing comes from a CDN.
- A formula KaTeX cannot render (unknown command, or LaTeX that KaTeX accepts
  only with a warning, ``strict: "error"``) is a Sphinx warning at the
  formula's source line, so the strict build (``-W``) fails on it.
- Besides the HTML, KaTeX writes the formula as MathML for screen readers.
"""

from __future__ import annotations

import shutil
import socket
import time
from html import escape
from pathlib import Path
from subprocess import PIPE, Popen
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number
from sphinxcontrib import katex as katex_server

logger = logging.getLogger(__name__)

RENDERER = "katex_prerendered"
STATIC_DIR = "katex"  # under _static of the built site
# Passed to katex.renderToString for every formula.
OPTIONS = {"throwOnError": True, "strict": "error", "output": "htmlAndMathml"}
# The fonts of nearly every formula (upright and italic), fetched with the
# stylesheet rather than once it is parsed: a line laid out in a fallback font
# and again in KaTeX's would shift what follows.
PRELOADED_FONTS = ("KaTeX_Main-Regular.woff2", "KaTeX_Math-Italic.woff2")


def display_latex(node: nodes.Element) -> str:
    r"""The TeX of a display formula, wrapped as Sphinx wraps it for MathJax.

    Paragraphs (formulas apart by a blank line) are aligned one under the
    other, and a paragraph with a line break ``\\`` is a ``split``.
    """
    latex = node.astext()
    if node.get("no-wrap", node.get("nowrap", False)):
        return latex
    parts = [part for part in latex.split("\n\n") if part.strip()]
    parts = [
        rf"\begin{{split}}{part}\end{{split}}" if r"\\" in part else part
        for part in parts
    ]
    if len(parts) > 1:
        return r"\begin{aligned}" + r"\\".join(parts) + r"\end{aligned}"
    return "".join(parts)


def render(node: nodes.Element, *, display: bool) -> str:
    """KaTeX's HTML for one formula, or its TeX and a warning if KaTeX fails."""
    latex = display_latex(node) if display else node.astext()
    try:
        return str(
            katex_server.render_latex(latex, {**OPTIONS, "displayMode": display})
        )
    except katex_server.KaTeXError as error:
        logger.warning(
            "KaTeX cannot render %r: %s", latex, error, location=node, type="katex"
        )
        return f'<span class="katex-error">{escape(latex)}</span>'


def visit_math(self: Any, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate"))
    self.body.append(render(node, display=False))
    self.body.append("</span>")
    raise nodes.SkipNode


def visit_displaymath(self: Any, node: nodes.Element) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math notranslate"))
    if node["number"]:
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, "Link to this equation")
        self.body.append("</span>")
    self.body.append(render(node, display=True))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def start_server_process(
    cls: type[katex_server.KaTeXServer], rundir: Path, timeout: float
) -> tuple[Popen[bytes], socket.socket]:
    """Start KaTeX's render server and connect to it, once it listens.

    sphinxcontrib-katex (0.9) connects as soon as the server's socket file
    exists, but the server creates the file a moment before it listens on it:
    on a busy machine the connection is refused and the build fails. This is
    its ``KaTeXServer.start_server_process`` with that wait added.
    """
    socket_path = rundir / "katex.sock"
    process = Popen(
        cls.build_command(socket=socket_path), stdin=PIPE, stdout=PIPE, cwd=rundir
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if socket_path.is_socket():
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.connect(str(socket_path))
            except ConnectionRefusedError:  # there, but not listening yet
                sock.close()
            else:
                return process, sock
        time.sleep(0.01)
    process.kill()
    raise cls.timeout_error(timeout)


def dist_dir(app: Sphinx) -> Path:
    return Path(app.config.katex_dist_dir)


def check_katex(app: Sphinx) -> None:
    """Fail early, saying what to install, when Node or the KaTeX package is missing."""
    if app.builder.format != "html":
        return
    if shutil.which(katex_server.NODEJS_BINARY) is None:
        msg = (
            "Node.js is not installed, and KaTeX needs it to render the formulas: "
            "install Node 20 and npm (Debian: `apt-get install -y nodejs npm`), "
            "then run `npm ci --omit=dev` at the repository root."
        )
        raise ExtensionError(msg)
    script = dist_dir(app) / "katex.min.js"
    if not script.is_file():
        msg = (
            f"KaTeX is not installed ({script} is missing): run `npm ci --omit=dev` "
            "at the repository root (`nox -s docs` does it)."
        )
        raise ExtensionError(msg)
    # The render server `require`s this file: the same KaTeX as the stylesheet.
    katex_server.KaTeXServer.katex_path = str(script)
    katex_server.KaTeXServer.start_server_process = classmethod(start_server_process)  # type: ignore[method-assign,assignment]
    copy_assets(app)


def add_stylesheet(
    app: Sphinx,
    pagename: str,
    templatename: str,  # noqa: ARG001
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """Link KaTeX's stylesheet and preload its main fonts on the pages with a formula."""
    if doctree is None or app.builder.math_renderer_name != RENDERER:  # type: ignore[attr-defined]
        return
    if app.env.get_domain("math").has_equations(pagename):  # type: ignore[attr-defined]
        app.add_css_file(f"{STATIC_DIR}/katex.min.css")
        app.add_css_file(f"{STATIC_DIR}/katex-math.css")
        for font in PRELOADED_FONTS:
            href = context["pathto"](f"_static/{STATIC_DIR}/fonts/{font}", 1)
            context["metatags"] = context.get("metatags", "") + (
                f'\n    <link rel="preload" href="{href}" as="font" '
                'type="font/woff2" crossorigin="anonymous" />'
            )


def copy_assets(app: Sphinx) -> None:
    """Copy KaTeX's stylesheet and fonts (from node_modules) into _static/katex.

    Copied before the pages are written, so their links carry a checksum.
    """
    target = Path(app.outdir) / "_static" / STATIC_DIR
    shutil.copytree(dist_dir(app) / "fonts", target / "fonts", dirs_exist_ok=True)
    shutil.copy2(dist_dir(app) / "katex.min.css", target)
    # sphinxcontrib-katex's own rules: wide display formulas scroll in their box,
    # equation numbers sit on the right.
    shutil.copy2(Path(katex_server.__file__).parent / "katex-math.css", target)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("katex_dist_dir", "", "env", types=[str])
    app.add_html_math_renderer(
        RENDERER,
        inline_renderers=(visit_math, None),
        block_renderers=(visit_displaymath, None),
    )
    app.connect("builder-inited", check_katex)
    app.connect("html-page-context", add_stylesheet)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": False}
