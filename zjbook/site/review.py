"""Look at a built edition as readers do: serve it on localhost and take screenshots of every page."""
from __future__ import annotations

import functools
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path

from .. import paths
from .browser import chromium

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(out_root: Path):
    """Serve ``out_root`` (the folder holding ``<year>/html``) on 127.0.0.1; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(out_root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def content_pages(html_dir: Path) -> list[str]:
    """Every reader-facing page of an edition, relative to its html folder."""
    return sorted(str(p.relative_to(html_dir)) for p in html_dir.rglob("*.html")
                  if not any(part.startswith("_") for part in p.relative_to(html_dir).parts))


def shot_name(rel: str, prefix: str = "") -> str:
    return prefix + rel.replace("/", "_").removesuffix(".html") + ".png"


def take_screenshots(browser, base_url: str, html_dir: Path, dest: Path) -> list[Path]:
    """A full-page desktop shot and a phone-width shot of every page into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for rel in content_pages(html_dir):
        for viewport, prefix in ((DESKTOP, ""), (PHONE, "phone_")):
            page = browser.new_page(viewport=viewport)
            page.goto(base_url + rel, wait_until="networkidle")
            path = dest / shot_name(rel, prefix)
            page.screenshot(path=str(path), full_page=True)
            page.close()
            written.append(path)
    return written


def screenshots(year: int, out_root: Path = paths.BUILD, report=print) -> Path:
    """``make screenshots``: every page of ``_build/<year>/html`` into ``_build/<year>/screenshots/``."""
    html_dir = Path(out_root) / str(year) / "html"
    if not (html_dir / "index.html").exists():
        raise FileNotFoundError(f"还没有构建 {year} 年版：先运行 make book YEAR={year}")
    dest = html_dir.parent / "screenshots"
    with serve(Path(out_root)) as base, chromium() as browser:
        written = take_screenshots(browser, f"{base}{year}/html/", html_dir, dest)
    report(f"截图 {len(written)} 张：{dest}")
    return dest
