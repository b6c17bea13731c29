"""Every gallery script runs on its own, from any folder, as readers copy it."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

GALLERY = Path(__file__).resolve().parents[1] / "gallery"
SCRIPTS = sorted(GALLERY.rglob("plot_*.py"), key=lambda path: path.name)
ALLOWED_IMPORTS = {"numpy", "torch", "matplotlib", "sklearn", "clsloss", "__future__"}


def test_the_gallery_pages_are_numbered_without_gaps() -> None:
    numbers = [int(script.name.split("_")[1]) for script in SCRIPTS]
    assert len(numbers) >= 14
    assert numbers == list(range(1, len(numbers) + 1))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.stem)
def test_script_imports_only_the_standard_library_and_the_documented_packages(
    script: Path,
) -> None:
    tree = ast.parse(script.read_text())
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            roots.add(node.module.split(".")[0])
    third_party = roots - set(sys.stdlib_module_names)
    extra = third_party - ALLOWED_IMPORTS
    assert not extra, f"{script.name} imports {extra}"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.stem)
def test_script_runs_standalone_from_another_folder(
    script: Path, tmp_path: Path
) -> None:
    copy = tmp_path / script.name
    copy.write_text(script.read_text())
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONWARNINGS": "error"}
    result = subprocess.run(
        [sys.executable, copy.name],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip(), f"{script.name} printed nothing"
