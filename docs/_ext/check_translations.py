"""Check that every translation catalog is complete and current.

Run by ``nox -s translations -- --check`` (after a fresh ``-b gettext``
extraction into ``docs/_build/gettext``)::

    python docs/_ext/check_translations.py --templates docs/_build/gettext \\
        --locale-dir docs/locale zh_CN

The catalogs are one per page, ``docs/locale/<lang>/LC_MESSAGES/<page>.po``,
and two more from the same extraction: ``sphinx.po`` (the words of the site's
templates and of the theme, ``docs/_ext/theme_messages.py``) and
``loss_playground.po`` (the playground panel, ``docs/_ext/loss_playground.py``).
A catalog fails the check when

- it is missing: the page has a template ``<page>.pot`` but no catalog;
- it is stale: its messages are not the template's (the English text changed
  and ``nox -s translations`` was not run), or its page is gone;
- a message is untranslated (empty) or fuzzy (``#, fuzzy``: the English
  changed and the old translation was kept as a guess); Sphinx would show
  either in English;
- it cannot be read: a syntax error, such as a string without its closing
  quote (Babel would read ``msgstr "logit`` as "logi", without a word);
- in ``sphinx.po`` or ``loss_playground.po``, whose messages the code fills
  in, a translation drops, adds or misspells a placeholder (``{name}``,
  ``%(copyright)s``): a class name or a copyright line would vanish.

Every problem is printed as ``<catalog>: <problem>: "<msgid>"``, and the exit
code is 1. Without ``--templates`` only the catalogs themselves are checked.
Catalogs are read with Babel's ``read_po``, the reader Sphinx compiles them with.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po

SHOWN_CHARACTERS = 70  # of a long msgid in a report line
# A line of a catalog that is not a comment: an optional keyword, then one
# complete quoted string (a backslash escapes the next character).
STRING_LINE = re.compile(
    r'((msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)\s+)?"([^"\\]|\\.)*"'
)
#: The catalogs whose messages are templates the code fills in (Jinja's
#: ``{% trans %}``, ``str.format``, the playground's script), not page text.
FORMATTED_CATALOGS = frozenset({Path("sphinx"), Path("loss_playground")})
PLACEHOLDER = re.compile(r"\{[A-Za-z_]\w*\}|%\([A-Za-z_]\w*\)[sdr]")


def _key(message: Message) -> tuple[str | None, str]:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return (message.context, msgid)


def _show(msgid: str) -> str:
    text = msgid.replace("\n", " ")
    if len(text) > SHOWN_CHARACTERS:
        text = text[: SHOWN_CHARACTERS - 3] + "..."
    return f'"{text}"'


def _read(path: Path) -> Catalog:
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if text and not text.startswith("#") and not STRING_LINE.fullmatch(text):
            msg = f"line {number} is not a keyword and one quoted string: {text!r}"
            raise ValueError(msg)
    with path.open("rb") as file:
        return read_po(file, abort_invalid=True)


def _messages(catalog: Catalog) -> Iterable[Message]:
    return (message for message in catalog if message.id)  # not the header


def _strings(message: Message) -> tuple[str, ...]:
    string = message.string
    return tuple(string) if isinstance(string, (tuple, list)) else (string,)


def _translated(message: Message) -> bool:
    return all(_strings(message))


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def _placeholder_problems(path: Path, message: Message) -> list[str]:
    msgid = _key(message)[1]
    expected = _placeholders(msgid)
    return [
        f"{path}: placeholders differ: {_show(msgid)} has {expected}, "
        f"its translation {_placeholders(string)}"
        for string in _strings(message)
        if _placeholders(string) != expected
    ]


def check_language(
    locale_dir: Path, language: str, templates: Path | None = None
) -> tuple[list[str], int, int]:
    """Problems in one language's catalogs, and its (translated, total) messages."""
    messages_dir = locale_dir / language / "LC_MESSAGES"
    catalogs = {
        p.relative_to(messages_dir).with_suffix(""): p
        for p in messages_dir.rglob("*.po")
    }
    problems: list[str] = []
    translated = total = 0
    pots = {}
    if templates is not None:
        pots = {
            p.relative_to(templates).with_suffix(""): p
            for p in templates.rglob("*.pot")
        }
        for page in sorted(pots.keys() - catalogs.keys()):
            path = messages_dir / page.with_suffix(".po")
            problems.append(f"{path}: missing: the page {page} has no catalog")
        for page in sorted(catalogs.keys() - pots.keys()):
            problems.append(f"{catalogs[page]}: stale: the page {page} is gone")
    for page, path in sorted(catalogs.items()):
        try:
            catalog = _read(path)
        except (PoFileError, ValueError, UnicodeDecodeError) as error:
            problems.append(f"{path}: cannot be read: {error}")
            continue
        keys = set()
        for message in _messages(catalog):
            keys.add(_key(message))
            total += 1
            if message.fuzzy:
                problems.append(f"{path}: fuzzy: {_show(_key(message)[1])}")
            elif not _translated(message):
                problems.append(f"{path}: untranslated: {_show(_key(message)[1])}")
            else:
                translated += 1
                if page in FORMATTED_CATALOGS:
                    problems += _placeholder_problems(path, message)
        for key in catalog.obsolete:
            problems.append(f"{path}: stale: obsolete message {_show(str(key))}")
        if page in pots:
            english = {_key(message) for message in _messages(_read(pots[page]))}
            for _, msgid in sorted(english - keys, key=str):
                problems.append(f"{path}: stale: not in the catalog: {_show(msgid)}")
            for _, msgid in sorted(keys - english, key=str):
                problems.append(f"{path}: stale: no longer in the page: {_show(msgid)}")
    return problems, translated, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("languages", nargs="+", help="for example zh_CN")
    parser.add_argument("--locale-dir", type=Path, required=True)
    parser.add_argument(
        "--templates", type=Path, help="a fresh `sphinx-build -b gettext` output"
    )
    args = parser.parse_args(argv)
    failed = False
    for language in args.languages:
        problems, translated, total = check_language(
            args.locale_dir, language, args.templates
        )
        for problem in problems:
            print(problem)
        verdict = "incomplete" if problems else "complete"
        print(
            f"{language}: {verdict}: {translated} of {total} messages translated"
            f"{f', {len(problems)} problems' if problems else ''}"
        )
        if problems:
            print(
                f"{language}: run `nox -s translations`, translate every empty or "
                "fuzzy message (and delete its `#, fuzzy` line), then `nox -s docs`."
            )
        failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
