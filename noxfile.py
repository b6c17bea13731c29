"""Every job of the project, as one nox session each.

``nox`` runs the default sessions: every check a change must pass.
``nox -s docs`` builds the site; ``nox -s site`` tests it in Chromium;
``nox -s serve`` previews it live; ``nox -s bench`` times the library;
``nox -s translations`` updates the Chinese catalogs after an English change.
Every session installs from the pinned ``constraints.txt``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nox

nox.needs_version = ">=2024.10.9"
nox.options.default_venv_backend = "virtualenv"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["lint", "tests", "doctests", "docs"]

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
BUILD_DIR = ROOT / "docs" / "_build"
HTML_DIR = BUILD_DIR / "html"
GETTEXT_DIR = BUILD_DIR / "gettext"
LOCALE_DIR = ROOT / "docs" / "locale"
LANGUAGES = ["zh_CN"]
# Babel flags every message with braces ({term}, LaTeX) as a Python format
# string, and `msgfmt -c` would then reject good translations.
BRACE_FLAG = re.compile(
    r"^#, python-brace-format\n|, python-brace-format(?=[,\n])", re.MULTILINE
)
# A new catalog's header is marked fuzzy, and `pybabel compile` skips it then.
HEADER_FUZZY = re.compile(r"\A((?:#[^,].*\n|#\n)*)#, fuzzy\n(?=msgid \"\"\n)")


def install(session: nox.Session, *groups: str) -> None:
    """Install clsloss (editable) and the given dependency groups, pinned."""
    requirements = nox.project.dependency_groups(PYPROJECT, *groups)
    session.install("-c", "constraints.txt", *requirements, "-e", ".")


@nox.session
def lint(session: nox.Session) -> None:
    """Check style with ruff and types with mypy --strict."""
    install(session, "lint")
    session.run("ruff", "check", ".", *session.posargs)
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite against torch and mpmath, with line coverage."""
    install(session, "test")
    session.run(
        "pytest",
        "--cov=clsloss",
        "--cov-report=term-missing",
        *session.posargs,
    )


@nox.session
def doctests(session: nox.Session) -> None:
    """Run every example in the docstrings with scipy-doctest."""
    install(session, "doctest")
    session.run("pytest", "--doctest-modules", "src", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site strictly: any warning or failing example fails the build."""
    install(session, "docs")
    session.run(
        "sphinx-build",
        "-W",
        "--keep-going",
        "-n",
        "-b",
        "html",
        "docs",
        str(HTML_DIR),
        *session.posargs,
    )


@nox.session(default=False)
def translations(session: nox.Session) -> None:
    """Extract the site's English messages and update every language's catalogs.

    Writes the templates to ``docs/_build/gettext`` (executed gallery pages and
    the myst-nb cache are reused: nothing runs again unless its source changed),
    then merges them into ``docs/locale/<lang>/LC_MESSAGES/<page>.po``: new
    messages are added untranslated, changed ones are marked fuzzy with the old
    translation, removed ones are dropped, as are catalogs of removed pages.
    """
    install(session, "translations")
    shutil.rmtree(GETTEXT_DIR, ignore_errors=True)  # no templates of removed pages
    session.run(
        "sphinx-build",
        "-W",
        "--keep-going",
        "-n",
        "-b",
        "gettext",
        "docs",
        str(GETTEXT_DIR),
        *session.posargs,
    )
    for lang in LANGUAGES:
        session.run(
            "sphinx-intl",
            "update",
            "--pot-dir",
            str(GETTEXT_DIR),
            "--locale-dir",
            str(LOCALE_DIR),
            "--language",
            lang,
            "--line-width",
            "0",  # one line per message: one changed line per changed message
            "--no-obsolete",
        )
        messages = LOCALE_DIR / lang / "LC_MESSAGES"
        for po in sorted(messages.rglob("*.po")):
            pot = GETTEXT_DIR / po.relative_to(messages).with_suffix(".pot")
            if not pot.exists():
                session.log(f"removing {po.relative_to(ROOT)}: its page is gone")
                po.unlink()
                continue
            text = po.read_text(encoding="utf-8")
            tidy = HEADER_FUZZY.sub(r"\1", BRACE_FLAG.sub("", text))
            if tidy != text:
                po.write_text(tidy, encoding="utf-8")


@nox.session(default=False)
def site(session: nox.Session) -> None:
    """Open every page of the built site in headless Chromium and check it.

    Needs Debian's Chromium (``apt-get install -y chromium``) and a site built
    by ``nox -s docs``. Screenshots go to ``docs/_build/screenshots``.
    """
    if shutil.which("chromium") is None:
        session.error(
            "Chromium is not installed: run `apt-get update && apt-get install -y "
            "chromium` (as root), then `nox -s site` again."
        )
    if not (HTML_DIR / "index.html").exists():
        session.error("No built site: run `nox -s docs` first.")
    install(session, "site")
    session.run("pytest", "site_tests", "-p", "no:cacheprovider", *session.posargs)


@nox.session(default=False)
def serve(session: nox.Session) -> None:
    """Preview the site on http://127.0.0.1:8000, rebuilt once per change."""
    install(session, "serve")
    session.run(
        "sphinx-autobuild",
        "--host",
        "127.0.0.1",
        "--port",
        "8000",
        "--watch",
        "gallery",
        "--watch",
        "src",
        # Files the build itself writes: watching them would rebuild forever.
        "--ignore",
        "*/auto_examples/*",
        "--ignore",
        "*/api/backreferences/*",
        "--ignore",
        "*/api/generated/*",
        "--ignore",
        "*/jupyter_execute/*",
        "--ignore",
        "*/_build/*",
        "docs",
        str(HTML_DIR),
        *session.posargs,
    )


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Time clsloss against scipy.special and torch, and measure peak memory."""
    install(session, "bench")
    session.run("python", "benchmarks/run.py", *session.posargs)


@nox.session(default=False)
def clean(session: nox.Session) -> None:
    """Remove the built site and the gallery's generated pages."""
    for path in (
        BUILD_DIR,
        ROOT / "docs" / "auto_examples",
        ROOT / "docs" / "jupyter_execute",
    ):
        session.log(f"removing {path}")
        shutil.rmtree(path, ignore_errors=True)
