"""Serve the built site gzip-compressed, as a real host does, for axe-core and Lighthouse.

``nox -s audit`` installs the pinned npm tools (``npm ci``) before running this.
"""

from __future__ import annotations

import gzip
import http.server
import mimetypes
from collections.abc import Iterator
from pathlib import Path

import pytest
from pages import HTML_DIR, serve

REPORTS = HTML_DIR.parent / "audit"
COMPRESSED = {
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/json",
    "image/svg+xml",
    "text/plain",
    "application/xml",
    "text/xml",
}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text ones gzip-compressed when the client accepts it."""

    extensions_map = {  # noqa: RUF012
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".woff2": "font/woff2",
        ".svg": "image/svg+xml",
    }

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        ctype = self.guess_type(str(path)) or mimetypes.guess_type(str(path))[0]
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and ctype in COMPRESSED and accepts_gzip):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", f"{ctype}; charset=utf-8")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)
        return None

    def log_message(self, format: str, *args: object) -> None:
        """Keep the server's access log out of the test output."""


@pytest.fixture(scope="session")
def gzip_url() -> Iterator[str]:
    """The built site, served gzip-compressed on a free port of 127.0.0.1."""
    if not (HTML_DIR / "index.html").exists():
        pytest.fail(f"No built site in {HTML_DIR}: run `nox -s docs` first.")

    def handler(*args: object, **kwargs: object) -> GzipHandler:
        return GzipHandler(*args, directory=str(HTML_DIR), **kwargs)  # type: ignore[arg-type]

    with serve(handler) as url:
        yield url


@pytest.fixture(scope="session")
def reports() -> Path:
    REPORTS.mkdir(parents=True, exist_ok=True)
    return REPORTS
