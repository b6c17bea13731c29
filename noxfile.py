"""Every job of the project, as one nox session each.

``nox`` runs the default sessions: every check a change must pass.
``nox -s docs`` builds the site; ``nox -s site`` tests it in Chromium;
``nox -s audit`` runs axe-core and Lighthouse on it; ``nox -s serve`` previews
it live; ``nox -s bench`` times the library. Every session installs from the
pinned ``constraints.txt``, and the npm tools from ``package-lock.json``.
"""

from __future__ import annotations

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


def npm_ci(session: nox.Session, *args: str) -> None:
    """Install the npm packages pinned in package-lock.json (`npm ci`)."""
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        session.error(
            f"{' and '.join(missing)} not found: the site needs Node.js 20 or later "
            "and npm (KaTeX renders the formulas at build time; axe-core and "
            "Lighthouse audit the site). Install them, for example on Debian with "
            "`apt-get install -y nodejs npm` (as root), then run nox again."
        )
    session.run(
        "npm",
        "ci",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        *args,
        external=True,
    )


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
    npm_ci(session, "--omit=dev")  # KaTeX only, for the formulas
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
    session.run(
        "pytest",
        "site_tests",
        "--ignore=site_tests/audit",  # nox -s audit
        "-p",
        "no:cacheprovider",
        *session.posargs,
    )


@nox.session(default=False)
def audit(session: nox.Session) -> None:
    """Audit the built site as a reader's phone loads it: axe-core and Lighthouse.

    Serves the site gzip-compressed on 127.0.0.1, runs axe-core on every page
    in the light and the dark theme, and Lighthouse (mobile, median of three
    runs) on six pages, failing on any axe violation, a Lighthouse score below
    90 (performance) or 100 (the rest), or a math script. Needs Debian's
    Chromium, Node.js and npm; reports go to ``docs/_build/audit``.
    """
    if shutil.which("chromium") is None:
        session.error(
            "Chromium is not installed: run `apt-get update && apt-get install -y "
            "chromium` (as root), then `nox -s audit` again."
        )
    if not (HTML_DIR / "index.html").exists():
        session.error("No built site: run `nox -s docs` first.")
    npm_ci(session)  # axe-core and Lighthouse too
    install(session, "site")
    session.run(
        "pytest", "site_tests/audit", "-p", "no:cacheprovider", *session.posargs
    )


@nox.session(default=False)
def serve(session: nox.Session) -> None:
    """Preview the site on http://127.0.0.1:8000, rebuilt once per change."""
    install(session, "serve")
    npm_ci(session, "--omit=dev")  # KaTeX, for the formulas
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
