"""Look at a built edition as readers do: serve it on localhost and take screenshots of every page."""

from __future__ import annotations

import functools
import http.server
import posixpath
import re
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .. import paths
from .browser import Problem, Tab, chromium, screenshot_full_page

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # not a tab that closed before reading its answer
            super().handle_error(request, client_address)


@contextmanager
def serve(out_root: Path):
    """Serve ``out_root`` (the folder holding ``<year>/html``) on 127.0.0.1; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(out_root))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def content_pages(html_dir: Path) -> list[str]:
    """Every reader-facing page of an edition, relative to its html folder."""
    return sorted(
        str(p.relative_to(html_dir))
        for p in html_dir.rglob("*.html")
        if not any(part.startswith("_") for part in p.relative_to(html_dir).parts)
    )


def shot_name(rel: str, prefix: str = "") -> str:
    return prefix + rel.replace("/", "_").removesuffix(".html") + ".png"


_REFRESH = re.compile(r"""<meta\s+http-equiv=["']?refresh["']?\s+content=["']\s*0\s*;\s*url=([^"'\s>]+)""", re.I)
#: How far into a page its refresh tag is looked for.
REFRESH_HEAD = 4096


def redirect_target(html_dir: Path, rel: str) -> str | None:
    """Where the page ``rel`` sends its reader at once (``<meta http-equiv="refresh">``, followed to the page that
    stays), relative to ``html_dir``; None for a page that stays."""
    target = None
    for _ in range(5):
        found = _REFRESH.search((html_dir / rel).read_text(encoding="utf-8", errors="replace")[:REFRESH_HEAD])
        if not found:
            break
        target = rel = posixpath.normpath(posixpath.join(posixpath.dirname(rel), found[1]))
    return target


#: Each viewport a page is seen in: its size and the prefix of its screenshots' names.
VIEWPORTS = {"desktop": (DESKTOP, ""), "phone": (PHONE, "phone_")}


@dataclass
class Visit:
    """One page seen in one viewport: where it landed, what went wrong, its screenshot and what ``look`` found."""

    rel: str
    viewport: str  # a name in VIEWPORTS
    url: str
    problems: list[Problem]
    screenshot: Path | None = None
    size: tuple[int, int] = (0, 0)  # the document's scroll width and height when the screenshot was taken
    facts: dict = field(default_factory=dict)


def survey(browser, base_url: str, html_dir: Path, dest: Path | None = None, look=None) -> list[Visit]:
    """Visit every reader-facing page once per viewport, one after the other in one tab (one browser context, thus
    one cache, per viewport), each drawn before it is looked at (``browser.Tab``).
    With ``dest``, a full-page screenshot of each into ``dest``; ``look(page, rel, viewport)`` returns what else to
    keep of the page, taken after the screenshot and before the tab opens the next page.

    The first viewport's pass uses ``browser``; each other viewport's runs beside it, in a thread with a browser of
    its own (Playwright's synchronous API wants one per thread). Loading a page is mostly waiting, so the passes
    together take little longer than the longest. The visits come back in the order of ``VIEWPORTS``."""
    first, *others = VIEWPORTS
    passes: dict[str, list[Visit]] = {}
    failed: list[BaseException] = []

    def beside(viewport: str) -> None:
        try:
            with chromium() as own:
                passes[viewport] = _survey_pass(own, viewport, base_url, html_dir, dest, look)
        except BaseException as e:  # noqa: BLE001 - raised again in the caller's thread
            failed.append(e)

    threads = [threading.Thread(target=beside, args=(viewport,), name=f"survey-{viewport}") for viewport in others]
    for thread in threads:
        thread.start()
    try:
        passes[first] = _survey_pass(browser, first, base_url, html_dir, dest, look)
    finally:
        for thread in threads:
            thread.join()
    if failed:
        raise failed[0]
    return [visit for viewport in VIEWPORTS for visit in passes[viewport]]


def _survey_pass(browser, viewport: str, base_url: str, html_dir: Path, dest: Path | None, look) -> list[Visit]:
    """Every page in one viewport (see :func:`survey`)."""
    size, prefix = VIEWPORTS[viewport]
    visits = []
    context = browser.new_context(viewport=size)
    try:
        tab = Tab(context)
        page = tab.page
        for rel in content_pages(html_dir):
            target = redirect_target(html_dir, rel)
            problems = tab.open(base_url + rel, lands_on=target and base_url + target)
            visit = Visit(rel, viewport, page.url, problems)
            if dest:
                visit.size = tuple(
                    page.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
                )
                visit.screenshot = dest / shot_name(rel, prefix)
                screenshot_full_page(page, visit.screenshot)
            if look:
                visit.facts = look(page, rel, viewport)
            visits.append(visit)
    finally:
        context.close()
    return visits


def take_screenshots(browser, base_url: str, html_dir: Path, dest: Path) -> list[Path]:
    """A full-page desktop shot and a phone-width shot of every page into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    return [visit.screenshot for visit in survey(browser, base_url, html_dir, dest) if visit.screenshot is not None]


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
