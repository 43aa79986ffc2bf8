"""Headless Chromium (Debian's ``/usr/bin/chromium``) driven by Playwright, and how to make sure it is there."""

from __future__ import annotations

import base64
import math
import os
import shutil
import subprocess
from contextlib import contextmanager
from http import HTTPStatus
from pathlib import Path
from typing import NamedTuple

CHROMIUM = "/usr/bin/chromium"
#: The first HTTP status that is an error (client or server).
HTTP_ERROR = HTTPStatus.BAD_REQUEST
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSTALL_HINT = "sudo apt-get install -y chromium"


class BrowserMissing(RuntimeError):
    pass


def ensure_chromium(report=print) -> str:
    """Install Debian's chromium when missing and running as root; otherwise say how. Never downloads a browser."""
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise BrowserMissing(f"缺少 {CHROMIUM}；请运行：{INSTALL_HINT}")
    report("安装 chromium …")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        if subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env).returncode:
            raise BrowserMissing(f"安装失败：{' '.join(cmd)}；请手动运行：{INSTALL_HINT}")
    return CHROMIUM


@contextmanager
def chromium():
    """A Playwright browser on Debian's Chromium."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 — heavy; only when a browser is wanted

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=ensure_chromium(), args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


class Problem(NamedTuple):
    """Something that went wrong while a page loaded, with the URL it concerns."""

    kind: str  # "console", "page error", "failed" or "HTTP <status>"
    url: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.kind}: {self.url}" + (f" ({self.detail})" if self.detail else "")


#: Resolves once the page is drawn as a reader sees it: every image loaded (or failed) and the fonts ready.
#: Lazy images are made eager first, so that a full-page screenshot shows them too.
DRAWN = """async () => {
    for (const img of document.images) if (img.loading === 'lazy') img.loading = 'eager';
    await Promise.all([...document.images].filter(img => !img.complete).map(img => new Promise(done => {
        img.addEventListener('load', done, {once: true});
        img.addEventListener('error', done, {once: true});
    })));
    await document.fonts.ready;
}"""


class Tab:
    """One tab of ``context`` that opens page after page (:meth:`open`). A page opened in a tab of its own costs
    Chromium a renderer process (about three times the processor time of a page opened in a tab already showing one
    of the same site); a tab that navigates keeps its process, and each page still starts from a fresh document.

    What went wrong while a page loaded is kept per page: a request belongs to the page that made it, so one the
    last page left in flight, cancelled by the next navigation, is counted against neither."""

    def __init__(self, context):
        self.page = context.new_page()
        self._problems: list[Problem] = []
        self._made_by: dict = {}  # request -> the problems of the page that made it (this page's only)
        page = self.page
        page.on(
            "console",
            lambda m: (
                self._problems.append(Problem("console", m.location.get("url") or page.url, m.text))
                if m.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda e: self._problems.append(Problem("page error", page.url, str(e))))
        page.on("request", lambda r: self._made_by.__setitem__(r, self._problems))
        page.on("requestfailed", lambda r: self._made_by.get(r, []).append(Problem("failed", r.url, r.failure or "")))
        page.on(
            "response",
            lambda r: (
                self._made_by.get(r.request, []).append(Problem(f"HTTP {r.status}", r.url))
                if r.status >= HTTP_ERROR
                else None
            ),
        )

    def open(self, url: str, lands_on: str | None = None) -> list[Problem]:
        """Go to ``url``; wait for its ``load`` event, then until it is drawn (``DRAWN``). A redirect page
        (``<meta http-equiv="refresh">``) is followed: pass the URL it ``lands_on`` to wait for that page.

        Returns the page's problems, one ``Problem`` each for a console error (with the URL it names), an uncaught
        script error, a request that failed and an HTTP error response (a 4xx or 5xx status); the list keeps filling
        until the tab opens another page or closes."""
        self._problems, self._made_by = [], {}
        problems = self._problems
        self.page.goto(url, wait_until="load")
        if lands_on:
            self.page.wait_for_url(lands_on, wait_until="load")
        self.page.evaluate(DRAWN)
        return problems

    def close(self) -> None:
        self.page.close()


def screenshot_full_page(page, path: Path) -> None:
    """A PNG of the whole page, as Playwright's ``full_page=True`` takes it (the same protocol call), but encoded for
    speed rather than size (``optimizeForSpeed``): about half the time for long pages."""
    cdp = page.context.new_cdp_session(page)
    try:
        size = cdp.send("Page.getLayoutMetrics")["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": math.ceil(size["width"]), "height": math.ceil(size["height"]), "scale": 1}
        shot = cdp.send(
            "Page.captureScreenshot",
            {"format": "png", "clip": clip, "captureBeyondViewport": True, "optimizeForSpeed": True},
        )
    finally:
        cdp.detach()
    Path(path).write_bytes(base64.b64decode(shot["data"]))
