"""The translation check (docs/_ext/check_translations.py) fails on what it must.

Each test writes a tiny catalog and, where the staleness check needs one, the
template a fresh ``sphinx-build -b gettext`` would have written, then runs the
check as ``nox -s translations -- --check`` does and reads its report.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "docs" / "_ext" / "check_translations.py"
_spec = importlib.util.spec_from_file_location("check_translations", SCRIPT)
assert _spec is not None
assert _spec.loader is not None
check_translations = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_translations)

HEADER = """\
msgid ""
msgstr ""
"Project-Id-Version: clsloss\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: zh_CN\\n"

"""
TEMPLATE = HEADER + 'msgid "Cross-entropy"\nmsgstr ""\n\nmsgid "Logits"\nmsgstr ""\n'
COMPLETE = (
    HEADER
    + 'msgid "Cross-entropy"\nmsgstr "交叉熵"\n\nmsgid "Logits"\nmsgstr "logit"\n'
)


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], *, templates: bool = True
) -> tuple[int, list[str]]:
    args = ["--locale-dir", str(tmp_path / "locale"), "zh_CN"]
    if templates:
        args += ["--templates", str(tmp_path / "gettext")]
    code = check_translations.main(args)
    return code, capsys.readouterr().out.splitlines()


def catalog(tmp_path: Path, text: str, page: str = "guides/training") -> Path:
    return write(tmp_path / "locale" / "zh_CN" / "LC_MESSAGES", f"{page}.po", text)


def template(
    tmp_path: Path, text: str = TEMPLATE, page: str = "guides/training"
) -> None:
    write(tmp_path / "gettext", f"{page}.pot", text)


def test_a_complete_current_catalog_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog(tmp_path, COMPLETE)
    template(tmp_path)
    code, lines = run_check(tmp_path, capsys)
    assert code == 0
    assert lines == ["zh_CN: complete: 2 of 2 messages translated"]


def test_an_untranslated_message_fails_naming_file_and_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = catalog(tmp_path, COMPLETE.replace('msgstr "logit"', 'msgstr ""'))
    template(tmp_path)
    code, lines = run_check(tmp_path, capsys)
    assert code == 1
    assert f'{path}: untranslated: "Logits"' in lines
    assert "zh_CN: incomplete: 1 of 2 messages translated, 1 problems" in lines


def test_a_fuzzy_message_fails_even_with_a_translation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fuzzy = COMPLETE.replace('msgid "Logits"', '#, fuzzy\nmsgid "Logits"')
    path = catalog(tmp_path, fuzzy)
    template(tmp_path)
    code, lines = run_check(tmp_path, capsys)
    assert code == 1
    assert lines[0] == f'{path}: fuzzy: "Logits"'


def test_a_catalog_behind_the_english_text_is_stale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = catalog(tmp_path, COMPLETE)
    template(tmp_path, TEMPLATE.replace('"Logits"', '"The logits"'))
    code, lines = run_check(tmp_path, capsys)
    assert code == 1
    assert f'{path}: stale: not in the catalog: "The logits"' in lines
    assert f'{path}: stale: no longer in the page: "Logits"' in lines


def test_a_page_without_a_catalog_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog(tmp_path, COMPLETE)
    template(tmp_path)
    template(tmp_path, page="guides/new_page")
    code, lines = run_check(tmp_path, capsys)
    assert code == 1
    missing = tmp_path / "locale" / "zh_CN" / "LC_MESSAGES" / "guides" / "new_page.po"
    assert f"{missing}: missing: the page guides/new_page has no catalog" in lines


def test_the_catalog_of_a_removed_page_is_stale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog(tmp_path, COMPLETE)
    old = catalog(tmp_path, COMPLETE, page="guides/old_page")
    template(tmp_path)
    code, lines = run_check(tmp_path, capsys)
    assert code == 1
    assert f"{old}: stale: the page guides/old_page is gone" in lines


def test_a_catalog_with_a_syntax_error_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = catalog(tmp_path, COMPLETE.replace('msgstr "logit"', 'msgstr "logit'))
    template(tmp_path)
    code, lines = run_check(tmp_path, capsys)
    assert code == 1
    assert any(line.startswith(f"{path}: cannot be read:") for line in lines)


def test_without_templates_only_the_translations_are_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog(tmp_path, COMPLETE)
    code, lines = run_check(tmp_path, capsys, templates=False)
    assert code == 0
    assert lines == ["zh_CN: complete: 2 of 2 messages translated"]


PLAYGROUND = (
    HEADER
    + 'msgid "class {index}"\nmsgstr "类别 {index}"\n\n'
    + 'msgid "Logit z{index} of {name}, slider"\nmsgstr "{name} 的 logit z{index} 滑块"\n'
)


def test_a_dropped_placeholder_fails_in_a_catalog_the_code_fills_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dropped = PLAYGROUND.replace('"{name} 的 logit z{index} 滑块"', '"logit z{index}"')
    path = catalog(tmp_path, dropped, page="loss_playground")
    template(tmp_path, PLAYGROUND.replace("类别 {index}", ""), page="loss_playground")
    code, lines = run_check(tmp_path, capsys)
    assert code == 1
    assert (
        f'{path}: placeholders differ: "Logit z{{index}} of {{name}}, slider" has '
        "['{index}', '{name}'], its translation ['{index}']"
    ) in lines


def test_a_renamed_template_placeholder_fails_in_sphinx_po(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        HEADER + 'msgid "© Copyright %(copyright)s."\nmsgstr "© 版权所有 %(year)s。"\n'
    )
    path = catalog(tmp_path, text, page="sphinx")
    code, lines = run_check(tmp_path, capsys, templates=False)
    assert code == 1
    assert lines[0].startswith(f'{path}: placeholders differ: "© Copyright')


def test_page_catalogs_may_reorder_or_drop_braces(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A page message's braces are MyST roles, not placeholders.
    text = HEADER + 'msgid "The {term}`logit` of {math}`z`"\nmsgstr "logit $z$"\n'
    catalog(tmp_path, text, page="playground")
    code, _ = run_check(tmp_path, capsys, templates=False)
    assert code == 0
