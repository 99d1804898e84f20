"""Serve a built site on loopback the way a real host does: gzip for text, so measurements mean something.

``python -m http.server`` sends every file uncompressed, and Lighthouse then reports the transfer a
course's web host would never make. This server gzips text types (HTML, CSS, JavaScript, SVG, JSON)
when the browser asks for it, as nginx's ``gzip on`` does, and caches the compressed bytes.

    python benchmarks/serve_compressed.py _build/html --port 8000
"""
from __future__ import annotations

import argparse
import functools
import gzip
import os
import threading
from io import BytesIO
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class CompressingHandler(SimpleHTTPRequestHandler):
    """Static files, gzip-encoded for text types when the client accepts gzip."""

    _cache: dict[tuple[str, float], bytes] = {}
    _lock = threading.Lock()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's signature
        pass

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        kind = self.guess_type(str(path))
        if (not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", "")
                or not kind.startswith(COMPRESSIBLE)):
            return super().send_head()
        key = (str(path), path.stat().st_mtime)
        with self._lock:
            body = self._cache.get(key)
            if body is None:
                body = self._cache[key] = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return BytesIO(body)


def serve(site: Path, port: int = 0) -> ThreadingHTTPServer:
    """Start serving ``site`` on 127.0.0.1 in a daemon thread; the caller reads ``server_port``."""
    handler = functools.partial(CompressingHandler, directory=os.fspath(site))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    server = serve(args.site, args.port)
    print(f"Serving {args.site} compressed on http://127.0.0.1:{server.server_port}/ (Ctrl-C to stop)")
    threading.Event().wait()


if __name__ == "__main__":
    main()
