"""Every job of the project, as one nox session each.

``nox`` runs the default sessions: every check a change must pass.
``nox -s docs`` builds the site in English and Chinese; ``nox -s site`` tests
it in Chromium; ``nox -s audit`` runs axe-core and Lighthouse on it;
``nox -s serve`` previews it live; ``nox -s bench`` times the library;
``nox -s translations`` updates the Chinese catalogs after an English change,
and ``nox -s translations -- --check`` fails while one is incomplete. Every
session installs from the pinned ``constraints.txt``, and the npm tools from
``package-lock.json``.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import nox

nox.needs_version = ">=2024.10.9"
nox.options.default_venv_backend = "virtualenv"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["lint", "tests", "doctests", "docs", "translations-check"]

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")
BUILD_DIR = ROOT / "docs" / "_build"
HTML_DIR = BUILD_DIR / "html"  # one folder per language: html/en/, html/zh_CN/
DOCTREES_DIR = BUILD_DIR / "doctrees"  # one folder per language, and gettext/
GETTEXT_DIR = BUILD_DIR / "gettext"
LOCALE_DIR = ROOT / "docs" / "locale"
LANGUAGES = ["zh_CN"]  # the translations; English is the source
CHECK_TRANSLATIONS = ROOT / "docs" / "_ext" / "check_translations.py"
# The site's root: it sends readers to the English site.
ROOT_INDEX = """\
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>clsloss</title>
  <meta http-equiv="refresh" content="0; url=en/index.html">
  <link rel="canonical" href="en/index.html">
  <link rel="alternate" hreflang="en" href="en/index.html">
  <link rel="alternate" hreflang="zh-CN" href="zh_CN/index.html">
</head>
<body>
  <p><a href="en/index.html">clsloss, in English</a></p>
  <p lang="zh-CN"><a href="zh_CN/index.html" hreflang="zh-CN">clsloss 中文版</a></p>
</body>
</html>
"""
# Babel flags every message with braces ({term}, LaTeX) or a percent sign ("90%
# of") as a Python format string, and `msgfmt -c` would then reject good
# translations. Sphinx formats no message, so the flags are dropped.
BRACE_FLAG = re.compile(
    r"^#, python-(?:brace-)?format\n|, python-(?:brace-)?format(?=[,\n])", re.MULTILINE
)
# A new catalog's header is marked fuzzy, and `pybabel compile` skips it then.
HEADER_FUZZY = re.compile(r"\A((?:#[^,].*\n|#\n)*)#, fuzzy\n(?=msgid \"\"\n)")


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


def sphinx_build(
    session: nox.Session, builder: str, language: str, outdir: Path, *args: str
) -> float:
    """Run a strict ``sphinx-build`` for one language; return its wall time."""
    start = time.perf_counter()
    session.run(
        "sphinx-build",
        "-W",
        "--keep-going",
        "-n",
        "-b",
        builder,
        "-d",  # each language and builder reads the sources into its own doctrees
        str(DOCTREES_DIR / (language if builder == "html" else builder)),
        *(["-D", f"language={language}"] if language != "en" else []),
        "docs",
        str(outdir),
        *args,
    )
    return time.perf_counter() - start


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site strictly: any warning or failing example fails the build.

    English goes to ``docs/_build/html/en/`` and executes the gallery scripts
    and notebooks that changed; each translation (``html/zh_CN/``) then reuses
    their output (the gallery's md5 files, the myst-nb cache), so nothing runs
    twice. An untranslated message shows in English; the check that none is
    left is ``nox -s translations -- --check``. ``html/index.html`` redirects
    to ``en/``; ``html/404.html`` is the English 404 page (absolute links).
    """
    install(session, "docs")
    npm_ci(session, "--omit=dev")  # KaTeX only, for the formulas
    for path in HTML_DIR.glob("*"):  # a site built before it had languages
        if path.name not in {"en", *LANGUAGES, "index.html", "404.html"}:
            session.log(f"removing {path.relative_to(ROOT)}: not a language's site")
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
    times = {
        "en": sphinx_build(session, "html", "en", HTML_DIR / "en", *session.posargs)
    }
    for lang in LANGUAGES:
        times[lang] = sphinx_build(
            session, "html", lang, HTML_DIR / lang, *session.posargs
        )
    (HTML_DIR / "index.html").write_text(ROOT_INDEX, encoding="utf-8")
    shutil.copyfile(HTML_DIR / "en" / "404.html", HTML_DIR / "404.html")
    session.log(
        "build times: " + ", ".join(f"{lang} {s:.0f} s" for lang, s in times.items())
    )


@nox.session(default=False)
def translations(session: nox.Session) -> None:
    """Extract the site's English messages and update every language's catalogs.

    Writes the templates to ``docs/_build/gettext`` (executed gallery pages and
    the myst-nb cache are reused: nothing runs again unless its source changed),
    then merges them into ``docs/locale/<lang>/LC_MESSAGES/<page>.po``: new
    messages are added untranslated, changed ones are marked fuzzy with the old
    translation, removed ones are dropped, as are catalogs of removed pages.
    The same extraction writes two catalogs that are not pages: ``sphinx.po``,
    the words of the site's templates and of the theme (header, menus, search
    field: ``docs/_ext/theme_messages.py``), and ``loss_playground.po``, the
    playground panel's labels, notes and class names
    (``docs/_ext/loss_playground.py``). Last, it lists the messages left to
    translate.

    ``nox -s translations -- --check`` changes nothing, and fails when a catalog
    is missing, stale (its messages differ from the English text's), or has an
    untranslated or fuzzy message, naming the file and the message.
    """
    check = "--check" in session.posargs
    args = [arg for arg in session.posargs if arg != "--check"]
    update_catalogs(session, args, check=check)


@nox.session(name="translations-check")
def translations_check(session: nox.Session) -> None:
    """Fail if a Chinese catalog is missing, stale, untranslated or fuzzy.

    The same as ``nox -s translations -- --check``, run by ``nox`` by default.
    """
    update_catalogs(session, list(session.posargs), check=True)


def update_catalogs(session: nox.Session, args: list[str], *, check: bool) -> None:
    """Extract the English messages; check the catalogs, or update them."""
    install(session, "translations")
    npm_ci(session, "--omit=dev")  # KaTeX, which the configuration loads
    shutil.rmtree(GETTEXT_DIR, ignore_errors=True)  # no templates of removed pages
    sphinx_build(session, "gettext", "en", GETTEXT_DIR, *args)
    check_args = ["python", str(CHECK_TRANSLATIONS), "--templates", str(GETTEXT_DIR)]
    check_args += ["--locale-dir", str(LOCALE_DIR), *LANGUAGES]
    if check:
        session.run(*check_args)
        return
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
                # Its page was removed (every extraction writes sphinx.pot
                # and loss_playground.pot, so their catalogs stay).
                session.log(f"removing {po.relative_to(ROOT)}: its page is gone")
                po.unlink()
                continue
            text = po.read_text(encoding="utf-8")
            tidy = HEADER_FUZZY.sub(r"\1", BRACE_FLAG.sub("", text))
            if tidy != text:
                po.write_text(tidy, encoding="utf-8")
    # What is left to translate (exit code 1 then, which is not an error here).
    session.run(*check_args, success_codes=[0, 1])


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
    if not all(
        (HTML_DIR / lang / "index.html").exists() for lang in ["en", *LANGUAGES]
    ):
        session.error("No built site in every language: run `nox -s docs` first.")
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
    runs) on six English pages and two Chinese ones, failing on any axe
    violation, a Lighthouse score below 90 (performance) or 100 (the rest), or
    a math script. Needs Debian's Chromium, Node.js and npm; reports go to
    ``docs/_build/audit``.
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
    """Preview the site on http://127.0.0.1:8000, rebuilt once per change.

    English by default; ``nox -s serve -- -D language=zh_CN`` previews the
    Chinese site (into ``docs/_build/html/zh_CN``).
    """
    install(session, "serve")
    language = next(
        (
            arg.partition("=")[2]
            for arg in session.posargs
            if arg.startswith("language=")
        ),
        "en",
    )
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
        "--ignore",
        "*.mo",  # Sphinx compiles the catalogs next to them
        "-d",
        str(DOCTREES_DIR / language),
        "docs",
        str(HTML_DIR / language),
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
