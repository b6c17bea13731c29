"""Lighthouse (mobile, default throttling) on six kinds of page, median of three runs.

The six are English pages; the landing and gallery pages are audited in Chinese too.

Fails below performance 90, accessibility 100, best practices 100 and SEO 100,
and on any math script. Lighthouse runs Debian's Chromium (``CHROME_PATH``);
its reports and a summary go to ``docs/_build/audit/``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
PAGES = {
    "landing": "en/index.html",
    "gallery": "en/auto_examples/plot_04_cross_entropy.html",
    "guide with training output": "en/guides/training.html",
    "API": "en/api/generated/clsloss.cross_entropy.html",
    "pitfalls": "en/guides/pitfalls.html",
    "search": "en/search.html",
    "landing, Chinese": "zh_CN/index.html",
    "gallery, Chinese": "zh_CN/auto_examples/plot_04_cross_entropy.html",
}
THRESHOLDS = {
    "performance": 0.90,
    "accessibility": 1.0,
    "best-practices": 1.0,
    "seo": 1.0,
}
RUNS = 3
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --no-first-run --disable-sync"
)
MATH_SCRIPT = re.compile(
    r"mathjax|katex[^/]*\.js|auto-render|tex-(mml|chtml|svg)", re.IGNORECASE
)
SUMMARY: dict[str, dict[str, Any]] = {}


@pytest.fixture(scope="module", autouse=True)
def write_summary(reports: Path) -> Iterator[None]:
    if not LIGHTHOUSE.is_file():
        pytest.fail(f"{LIGHTHOUSE} is missing: run `npm ci` at the repository root.")
    yield
    (reports / "lighthouse.json").write_text(json.dumps(SUMMARY, indent=1))
    columns = [
        "page",
        "performance",
        "accessibility",
        "best-practices",
        "seo",
        "LCP (s)",
        "CLS",
        "TBT (ms)",
        "bytes",
    ]
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for name, row in SUMMARY.items():
        lines.append(
            "| "
            + " | ".join(
                [f"{name} ({row['path']})"]
                + [str(round(100 * row["scores"][c])) for c in THRESHOLDS]
                + [
                    f"{row['lcp_ms'] / 1000:.1f}",
                    f"{row['cls']:.3f}",
                    f"{row['tbt_ms']:.0f}",
                    str(row["bytes"]),
                ]
            )
            + " |"
        )
    (reports / "lighthouse.md").write_text("\n".join(lines) + "\n")


def run_lighthouse(url: str, output: Path) -> dict[str, Any]:
    chrome = shutil.which("chromium") or "/usr/bin/chromium"
    subprocess.run(
        [
            "node",
            str(LIGHTHOUSE),
            url,
            "--output=json",
            f"--output-path={output}",
            f"--only-categories={','.join(THRESHOLDS)}",
            f"--chrome-flags={CHROME_FLAGS}",
            "--quiet",
        ],
        check=True,
        timeout=300,
        env={**os.environ, "CHROME_PATH": chrome},
    )
    result: dict[str, Any] = json.loads(output.read_text())
    return result


def failing_audits(report: dict[str, Any], category: str) -> list[str]:
    refs = report["categories"][category]["auditRefs"]
    return [
        f"{ref['id']}: {report['audits'][ref['id']]['title']}"
        for ref in refs
        if ref["weight"] > 0 and (report["audits"][ref["id"]]["score"] or 0) < 1
    ]


@pytest.mark.parametrize("name", PAGES)
def test_lighthouse_scores(gzip_url: str, reports: Path, name: str) -> None:
    path = PAGES[name]
    runs = []
    for run in range(RUNS):
        stem = path.removesuffix(".html").replace("/", "-")
        output = reports / f"lighthouse-{stem}-{run + 1}.json"
        runs.append(run_lighthouse(f"{gzip_url}/{path}", output))
    scores = {
        c: statistics.median(r["categories"][c]["score"] for r in runs)
        for c in THRESHOLDS
    }

    def median_metric(audit: str) -> float:
        return statistics.median(r["audits"][audit]["numericValue"] for r in runs)

    requests = runs[0]["audits"]["network-requests"]["details"]["items"]
    math_scripts = [
        item["url"]
        for item in requests
        if item.get("resourceType") == "Script" and MATH_SCRIPT.search(item["url"])
    ]
    SUMMARY[name] = {
        "path": path,
        "scores": scores,
        "lcp_ms": median_metric("largest-contentful-paint"),
        "cls": median_metric("cumulative-layout-shift"),
        "tbt_ms": median_metric("total-blocking-time"),
        "bytes": median_metric("total-byte-weight"),
        "runs": [{c: r["categories"][c]["score"] for c in THRESHOLDS} for r in runs],
        "math_scripts": math_scripts,
    }
    assert math_scripts == [], f"{path} loads a math script: {math_scripts}"
    low = {c: s for c, s in scores.items() if s < THRESHOLDS[c]}
    details = {c: failing_audits(runs[-1], c) for c in low}
    assert low == {}, f"{path}: median scores below the thresholds {low}: {details}"
