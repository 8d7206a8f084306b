"""The one PDF renderer: the same HTML gives the same bytes, and it never calls the network."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from sunbula.core.pdf import html_pdf

PAGE = '<html lang="ar" dir="rtl"><body><h1>{title}</h1>{extra}</body></html>'


class _Recorder(BaseHTTPRequestHandler):
    paths: list[str] = []

    def do_GET(self) -> None:
        self.paths.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def listening() -> Iterator[tuple[str, list[str]]]:
    """A local web server that records every request it gets."""
    _Recorder.paths = []
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", _Recorder.paths
    finally:
        server.shutdown()
        server.server_close()


def test_the_same_html_gives_the_same_bytes() -> None:
    html = PAGE.format(title="برنامج الأمن الغذائي", extra="<p>Продовольственная помощь</p>")
    first, second = html_pdf(html), html_pdf(html)
    assert first.startswith(b"%PDF-")
    assert first == second


def test_a_link_in_the_html_is_never_fetched(listening: tuple[str, list[str]]) -> None:
    address, requests = listening
    extra = (
        f'<img src="{address}/tracker.png">'
        f'<link rel="stylesheet" href="{address}/theme.css">'
        f'<div style="background: url({address}/background.png)">x</div>'
    )
    assert html_pdf(PAGE.format(title="Waybill", extra=extra)).startswith(b"%PDF-")
    assert requests == []
