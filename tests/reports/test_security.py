"""Security audit: PDF rendering fetches nothing from the network (SSRF)."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from disclosure.annual_report import render as report_render


def test_pdf_rendering_does_not_fetch_urls_in_the_body():
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server API
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/internal-admin.png"
        pdf = report_render.render_pdf(f'<p>正文</p><p><img src="{url}" alt="x"></p>', title="测试")
    finally:
        server.shutdown()
        server.server_close()
    assert pdf.startswith(b"%PDF")
    assert hits == []
