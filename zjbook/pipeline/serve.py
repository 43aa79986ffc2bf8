"""``make serve``: a live preview of one edition that rebuilds only what a change affects.

Pieces, each a kept tool or a part of the build:
- :class:`Watcher` (sphinx-autobuild's :class:`RebuildServer`, on watchfiles) watches the data root,
  ``notebooks/``, ``book/``, the helper package, ``_config.yml`` and ``_toc.yml``;
- on a change, :class:`RebuildLoop` runs :meth:`Preview.rebuild` in its one long-lived thread: it
  validates the data, re-stages only the sources whose content changed, re-executes only the
  notebooks whose cache key changed (on :class:`~zjbook.pipeline.execute.WarmPool`, whose workers
  keep their kernels warm), and runs an incremental Sphinx build
  (:class:`~zjbook.pipeline.sphinx_worker.WarmSphinx`) in a stage that persists under
  ``_build/<year>/preview/``;
- after each successful Sphinx build, :class:`Snapshots` copies its output into a new, complete folder and only
  then makes it the one served (files that did not change are hard links to the previous snapshot), so a
  reader never gets a page Sphinx is halfway through writing;
- Starlette + uvicorn (:func:`create_app`, :class:`PreviewServer`) serve the result; sphinx-autobuild's
  script reloads the open page after every rebuild, and :class:`ProblemsMiddleware` puts the
  current problems (bad data, a failed notebook or Sphinx run) on every page, or an error page
  where there is no page yet.

The published ``_build/<year>/html`` is never touched; the preview holds its own lock. A year
without data fails at once in one line, as ``make book`` does; bad data is served with its problems.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import asynccontextmanager
from pathlib import Path

import uvicorn
import watchfiles
import yaml
from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
from sphinx_autobuild.server import RebuildServer
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles

from .. import paths
from ..data.edition import Edition, UnknownYear
from ..data.validate import DataError
from ..paths import PREVIEW_SUBSTITUTIONS as SUBSTITUTIONS
from ..render.page import voice_for
from .build import BuildError, NotebookKeys, chapters, data_root_parameter, failure_line, stage_sources
from .cache import NotebookCache
from .execute import WarmPool
from .publishing import (
    BuildInterrupted,
    BuildLock,
    interruptible,
    raise_if_interrupted,
    stop_children,
    write_atomic,
)
from .sphinx_worker import SphinxFailed, WarmSphinx
from .stamp import package_digest

PREVIEW_EXTENSION = "zjbook.site.preview_ext"
STATE = "state.json"


def _write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` unless ``path`` already holds it: Sphinx re-reads what has a new mtime."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


class Snapshots:
    """Complete copies of the preview's HTML, the newest one served.

    Sphinx rewrites its output files in place, so serving them directly could send half a page. :meth:`take`
    copies the finished output into ``<folder>/.new-N``, renames it to ``<folder>/N`` and only then makes it
    :attr:`current`: a reader finds either the old snapshot or the new one, both whole. Snapshot files are
    never written again, so a file that did not change is a hard link to the previous snapshot's copy. The
    snapshot before the current one is kept for readers still reading it; older ones are removed."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.current: Path | None = None
        self._stats: dict[Path, tuple[int, int]] = {}  # what the current snapshot copied: size, mtime

    def open(self) -> None:
        """Serve the newest complete snapshot a previous session left; drop unfinished ones."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for unfinished in self.folder.glob(".new-*"):
            shutil.rmtree(unfinished, ignore_errors=True)
        done = sorted((p for p in self.folder.iterdir() if p.name.isdigit()), key=lambda p: int(p.name))
        self.current = done[-1] if done else None
        self._prune()

    def take(self, html: Path) -> Path:
        """Make a complete copy of ``html`` the served snapshot; return it."""
        number = int(self.current.name) + 1 if self.current is not None else 1
        new = self.folder / f".new-{number}"
        shutil.rmtree(new, ignore_errors=True)
        stats: dict[Path, tuple[int, int]] = {}
        for src in sorted(html.rglob("*")):
            rel = src.relative_to(html)
            if src.is_dir():
                (new / rel).mkdir(parents=True, exist_ok=True)
                continue
            st = src.stat()
            stats[rel] = (st.st_size, st.st_mtime_ns)
            (new / rel).parent.mkdir(parents=True, exist_ok=True)
            if self.current is not None and self._stats.get(rel) == stats[rel] and (self.current / rel).is_file():
                os.link(self.current / rel, new / rel)
            else:
                shutil.copy2(src, new / rel)
        new.mkdir(parents=True, exist_ok=True)
        final = self.folder / str(number)
        shutil.rmtree(final, ignore_errors=True)
        new.rename(final)
        self.current, self._stats = final, stats
        self._prune()
        return final

    def _prune(self) -> None:
        if self.current is None:
            return
        keep = {self.current.name, str(int(self.current.name) - 1)}
        for old in self.folder.iterdir():
            if old.name.isdigit() and old.name not in keep:
                shutil.rmtree(old, ignore_errors=True)


class RebuildFailed(Exception):
    """A step of a rebuild found problems: what kind, and one line each."""

    def __init__(self, what: str, lines: list[str]):
        super().__init__(what)
        self.what, self.lines = what, lines


class _Stopwatch:
    """How long each step of a rebuild took, for the line that reports it."""

    def __init__(self):
        self.started = self.last = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, step: str) -> None:
        raise_if_interrupted()  # between steps: a Ctrl-C that a library swallowed still stops the preview
        now = time.perf_counter()
        self.laps[step], self.last = now - self.last, now

    def __str__(self) -> str:
        spent = " · ".join(f"{k} {v:.1f}" for k, v in self.laps.items())
        return f"{time.perf_counter() - self.started:.1f} s：{spent}"


class Preview:
    """The preview's build state: a persistent stage, warm workers, the current problems."""

    def __init__(
        self,
        year: int,
        data_root: str | Path | None = None,
        out_root: Path = paths.BUILD,
        jobs: int | None = None,
        report=print,
        lang: str = "zh",
    ):
        self.year, self.data_root, self.report, self.lang = year, data_root, report, lang
        self.folder = Path(out_root) / str(year) / ("preview" if lang == "zh" else f"preview-{lang}")
        self.stage = self.folder / "stage"
        self.html = self.stage / "_build" / "html"
        self.served = Snapshots(self.folder / "served")
        self.cache = NotebookCache(Path(out_root) / ".cache")
        self.pool = WarmPool(jobs)
        self.sphinx = WarmSphinx()
        self.problems: list[str] = []
        self.generation = 0
        self._keys: dict[str, str] = {}
        self._package: str | None = None
        self._lock = BuildLock(self.folder, report=report)

    # -- life cycle -----------------------------------------------------------------------------
    def open(self) -> Preview:
        self._lock.__enter__()  # raises Busy when another preview of this year runs
        try:
            state = json.loads((self.folder / STATE).read_text(encoding="utf-8"))
            self._keys, self._package = dict(state["keys"]), state["package"]
        except (OSError, ValueError, KeyError, TypeError):
            self._keys, self._package = {}, None
        if self._package != package_digest():  # extensions may have changed: start Sphinx afresh
            shutil.rmtree(self.stage / "_build", ignore_errors=True)
            self._keys, self._package = {}, package_digest()
        for leftover in self.folder.glob(".sources-*"):
            shutil.rmtree(leftover, ignore_errors=True)
        self.served.open()
        self.pool.warm_up()
        return self

    def close(self, now: bool = False) -> None:
        """Stop the workers, their kernels and Sphinx; release the lock."""
        self.sphinx.stop()
        self.pool.close(now=now)
        self._lock.__exit__(None, None, None)

    # -- one rebuild ----------------------------------------------------------------------------
    def rebuild(self) -> bool:
        """Bring the preview up to date with the sources; True when it shows them, False on problems."""
        watch = _Stopwatch()
        self._follow_package()
        try:
            ed = self._edition()
            watch.lap("校验")
            self._stage(ed)
            watch.lap("源文件")
            self._notebooks(ed)
            watch.lap("笔记本")
            warnings = self._sphinx_build()
            watch.lap("Sphinx")
        except RebuildFailed as p:
            return self.fail(p.lines, p.what)
        self.served.take(self.html)
        watch.lap("发布")
        for w in warnings[:5]:
            self.report(f"  ⚠ {w}")
        self.problems = []
        self.generation += 1
        self.report(f"预览已更新（{watch}）")
        return True

    def fail(self, lines: list[str], what: str) -> bool:
        """Show these problems on every page and in the terminal; the pages stay as last built."""
        self.problems = [f"{what}：{line}" if i == 0 and len(lines) == 1 else line for i, line in enumerate(lines)]
        if len(lines) > 1:
            self.problems.insert(0, f"{what}（{len(lines)} 条）：")
        self.generation += 1
        self.report(f"预览未更新，页面显示上一次成功的版本。{self.problems[0]}")
        for line in self.problems[1:]:
            self.report(f"  {line}")
        return False

    def _follow_package(self) -> None:
        """After a change to the helper package, restart the kernels and Sphinx, which have the old one imported."""
        package = package_digest()
        if package != self._package:
            self.report("辅助代码已改动：重启内核与 Sphinx")
            self.pool.restart()
            self.sphinx.restart()
            self._package = package

    def _edition(self) -> Edition:
        try:
            return Edition(self.year, self.data_root)
        except DataError as e:  # one line a problem, the file-grouping and count lines left out
            raise RebuildFailed("数据有问题", [str(p) for p in e.problems] or [str(e)]) from None
        except UnknownYear as e:  # the folder went away while serving
            raise RebuildFailed("数据有问题", [str(e)]) from None

    def _stage(self, ed: Edition) -> None:
        """Copy into the stage only the sources whose content changed; regenerate conf.py when needed."""
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".sources-", dir=self.folder))
        try:
            stage_sources(ed, voice_for(ed, self.lang), tmp)
            _preview_config(tmp)
            changed = self._sync(tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        if changed & {"_config.yml", "_toc.yml"} or not (self.stage / "conf.py").exists():
            self._configure()

    def _sync(self, sources: Path) -> set[str]:
        """Make the stage hold ``sources`` (generated notebooks aside), rewriting only changed files; return those."""
        changed, wanted = set(), set()
        for src in sources.rglob("*"):
            if src.is_file():
                rel = src.relative_to(sources)
                wanted.add(rel)
                if _write_if_changed(self.stage / rel, src.read_bytes()):
                    changed.add(rel.as_posix())
        for old in (self.stage / "book").rglob("*") if (self.stage / "book").exists() else []:
            rel = old.relative_to(self.stage)
            if old.is_file() and rel.parts[1] != "generated" and rel not in wanted:
                old.unlink()
        return changed

    def _configure(self) -> None:
        """conf.py from _config.yml and _toc.yml, as jupyter-book writes it."""
        exe = Path(sys.executable).with_name("jupyter-book")
        try:
            subprocess.run(
                [str(exe), "config", "sphinx", str(self.stage)],
                check=True,
                capture_output=True,
                text=True,
                cwd=self.stage,
            )
        except subprocess.CalledProcessError as e:
            raise RebuildFailed(
                "配置有问题", [f"jupyter-book config sphinx 失败：{(e.stderr or '').strip().splitlines()[-1:]}"]
            ) from None

    def _notebooks(self, ed: Edition) -> None:
        """Put every chapter's executed notebook in the stage, executing only those whose key changed."""
        dest = self.stage / "book" / "generated"
        dest.mkdir(parents=True, exist_ok=True)
        keys = NotebookKeys(ed, self.lang, data_root_parameter(self.data_root))
        wanted = chapters(ed, self.lang)
        to_run = [nb for nb in wanted if not self._reuse(nb, keys, dest)]
        for gone in set(p.stem for p in dest.glob("*.ipynb")) - {nb.stem for nb in wanted}:
            (dest / f"{gone}.ipynb").unlink()
            self._keys.pop(gone, None)
        runs = self.pool.run(dest, keys.params, to_run, report=self.report, failed_dir=self.folder / "failed")
        for run in runs:
            self._record(run, keys, ed, dest)
        write_atomic(self.folder / STATE, json.dumps({"keys": self._keys, "package": self._package}))
        failures = [failure_line(ed, run) for run in runs if run.error]
        if failures:
            raise RebuildFailed("笔记本执行失败", failures)

    def _reuse(self, nb: Path, keys: NotebookKeys, dest: Path) -> bool:
        """True when the stage already holds this notebook as its inputs make it, or the cache had it."""
        key = keys.current_key(self.cache, nb.stem)
        if key is not None and key == self._keys.get(nb.stem) and (dest / nb.name).exists():
            return True
        if key is not None and self.cache.restore(key, nb.stem, dest, keys.params(nb.stem)):
            os.utime(dest / nb.name)  # restored files keep their old mtime; Sphinx must see the change
            self._keys[nb.stem] = key
            self.report(f"  ↺ {nb.stem:<28} 取自缓存")
            return True
        return False

    def _record(self, run, keys: NotebookKeys, ed: Edition, dest: Path) -> None:
        """Remember (and cache) a notebook that ran; forget one that failed."""
        if run.error:
            self._keys.pop(run.notebook, None)
            return
        self._keys[run.notebook] = keys.run_key(run)
        self.cache.store(self._keys[run.notebook], run.notebook, ed.year, list(run.reads), dest, self.lang)

    def _sphinx_build(self) -> list[str]:
        """The incremental Sphinx build; its warnings."""
        log = self.folder / "sphinx.log"
        try:
            code = self.sphinx.build(self.stage, self.html, self.stage / "_build" / "doctrees", log)
        except SphinxFailed as e:
            raise RebuildFailed("Sphinx 失败", [str(e)]) from None
        messages = log.read_text(encoding="utf-8", errors="replace").splitlines() if log.exists() else []
        warnings = [re.sub(r"\x1b\[[0-9;]*m", "", m) for m in messages if "WARNING" in m or "ERROR" in m]
        if code != 0:
            raise RebuildFailed("Sphinx 构建失败", warnings[:10] or messages[-3:] or [f"sphinx-build exit {code}"])
        return warnings


def _preview_config(sources: Path) -> None:
    """The staged _config.yml with the preview's extension, which reads the substitutions from a file
    of their own: a changed number then re-reads only the pages that use it."""
    config = yaml.safe_load((sources / "_config.yml").read_text(encoding="utf-8"))
    subs = config.get("parse", {}).pop("myst_substitutions", {})
    config.setdefault("sphinx", {}).setdefault("extra_extensions", []).append(PREVIEW_EXTENSION)
    (sources / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (sources / SUBSTITUTIONS).write_text(json.dumps(subs, ensure_ascii=False, sort_keys=True), encoding="utf-8")


# -- rebuilding on changes --------------------------------------------------------------------------


class RebuildLoop:
    """Rebuilds the preview in one long-lived thread, so the warm workers survive from change to change;
    changes saved during a rebuild make one more rebuild after it. ``rebuilt`` is called (in that
    thread) after each rebuild."""

    def __init__(self, preview: Preview, rebuilt: Callable[[], None]):
        self.preview, self.rebuilt = preview, rebuilt
        self.pending = threading.Event()
        self.stopping = False
        self.thread = threading.Thread(target=self._run, name="zjbook-preview-build", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def request(self) -> None:
        self.pending.set()

    def _run(self) -> None:
        while True:
            self.pending.wait()
            if self.stopping:
                return
            self.pending.clear()
            self._rebuild()
            if self.stopping:
                return
            self.rebuilt()

    def _rebuild(self) -> None:
        try:
            self.preview.rebuild()
        except Exception as e:  # noqa: BLE001 - the preview must survive anything a change does
            if not self.stopping:  # a rebuild cut short by stop() is no problem to show
                self.preview.fail([f"{type(e).__name__}: {e}"], "重建出错")

    def stop(self) -> None:
        """End the loop; a rebuild under way is cut short by stopping the workers and Sphinx under it."""
        if self.stopping:
            return
        self.stopping = True
        self.pending.set()
        self.preview.sphinx.stop()
        self.preview.pool.close(now=True)
        if self.thread.is_alive():
            self.thread.join(10)


def watched(preview: Preview) -> list[Path]:
    root = Path(preview.data_root) if preview.data_root else paths.DATA
    return [
        root,
        paths.NOTEBOOKS,
        paths.BOOK,
        paths.ROOT / "zjbook",
        paths.ROOT / "_config.yml",
        paths.ROOT / "_toc.yml",
    ]


def ignored(path: str) -> bool:
    """Temporary, hidden, compiled and generated files never trigger a rebuild."""
    p = Path(path)
    return any(
        part.startswith(".") or part in ("__pycache__", "generated") for part in p.parts[-4:]
    ) or p.name.endswith(("~", ".pyc", ".swp", ".swx"))


class Watcher(RebuildServer):
    """sphinx-autobuild's watcher and reload socket, driving a :class:`RebuildLoop`: every saved change
    asks for a rebuild, and a rebuild that changed what the preview shows reloads the open pages."""

    def __init__(self, preview: Preview):
        super().__init__([p for p in watched(preview) if p.exists()], ignore_filter=ignored, change_callback=None)
        self.preview = preview
        self.rebuilds = RebuildLoop(preview, self._rebuilt)
        self.loop: asyncio.AbstractEventLoop | None = None

    def _rebuilt(self) -> None:
        with contextlib.suppress(RuntimeError):  # the server stopped meanwhile
            if self.loop is not None:
                self.loop.call_soon_threadsafe(self.flag.set)

    async def watch(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.rebuilds.start()
        async for _ in watchfiles.awatch(
            *self.paths, watch_filter=lambda _, path: not ignored(path), stop_event=self.should_exit
        ):
            self.rebuilds.request()

    async def watch_reloads(self, ws) -> None:
        seen = self.preview.generation
        while True:
            await self.flag.wait()
            if self.preview.generation != seen:
                seen = self.preview.generation
                await ws.send_text("refresh")
            await asyncio.sleep(0.05)
            self.flag.clear()

    @asynccontextmanager
    async def serving(self, app):
        """The app's lifespan: watch while it serves; then stop the rebuilds. Cancelled at the end of the event
        loop (the server no longer waits for it), it ends quietly: the preview stops its processes afterwards
        anyway (:func:`_stop`), and the cancellation is no error to print."""
        try:
            async with self.lifespan(app):
                yield
            await asyncio.to_thread(self.rebuilds.stop)
        except asyncio.CancelledError:
            return


# -- the web side -------------------------------------------------------------------------------


def problems_html(problems: list[str]) -> str:
    items = "".join(f"<li>{html.escape(p)}</li>" for p in problems[1:])
    return (
        '<div id="zjbook-preview-problems" role="alert" style="background:#fde8e8;color:#611;'
        'border:2px solid #c33;padding:.8em 1.2em;margin:0;font-size:15px;position:relative;z-index:9999">'
        f"<strong>预览未更新：{html.escape(problems[0])}</strong>"
        f"{'<ul>' + items + '</ul>' if items else ''}"
        "<div>改正后保存，预览会自动重建并刷新；下面是上一次成功构建的版本。</div></div>"
    )


def error_page(problems: list[str]) -> bytes:
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>预览：有问题</title></head>'
        f"<body>{problems_html(problems)}</body></html>\n"
    ).encode()


def with_problems(problems: list[str], status: int, headers: dict[str, str], content: bytes) -> tuple[int, bytes]:
    """A response with the problems on it: the banner atop an HTML page, an error page (503) for a
    missing one; anything else as it is. ``headers`` are updated to match."""
    if status == 404:
        content, status = error_page(problems), 503
    elif headers.get("content-type", "").startswith("text/html"):
        banner = problems_html(problems).encode()
        content = re.sub(rb"(<body[^>]*>)", lambda m: m.group(1) + banner, content, count=1)
    else:
        return status, content
    headers["content-type"] = "text/html; charset=utf-8"
    headers.pop("etag", None)
    headers.pop("last-modified", None)
    return status, content


class _HeldResponse:
    """An ASGI response kept back instead of sent, to be changed first."""

    def __init__(self):
        self.start: dict = {}
        self.body: list[bytes] = []

    async def send(self, message) -> None:
        if message["type"] == "http.response.start":
            self.start.update(message)
        else:
            self.body.append(message.get("body", b""))


class ProblemsMiddleware:
    """Put the preview's current problems on every HTML page; an error page where there is none."""

    def __init__(self, app, preview: Preview):
        self.app, self.preview = app, preview

    async def __call__(self, scope, receive, send):
        problems = list(self.preview.problems)
        if scope["type"] != "http" or not problems:
            await self.app(scope, receive, send)
            return
        held = _HeldResponse()
        await self.app(scope, receive, held.send)
        headers = {k.decode().lower(): v.decode() for k, v in held.start.get("headers", [])}
        status, content = with_problems(problems, held.start.get("status", 200), headers, b"".join(held.body))
        headers["content-length"] = str(len(content))
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(k.encode(), v.encode()) for k, v in headers.items()],
            }
        )
        await send({"type": "http.response.body", "body": content})


class NoStoreMiddleware:
    """The preview changes under the browser: never let it cache a page."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        async def wrapped(message):
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [h for h in message["headers"] if h[0].lower() not in (b"etag", b"last-modified")]
                message["headers"].append((b"cache-control", b"no-store"))
            await send(message)

        await self.app(scope, receive, wrapped if scope["type"] == "http" else send)


class SnapshotFiles(StaticFiles):
    """Static files from the preview's current snapshot (looked up afresh for every request)."""

    def __init__(self, snapshots: Snapshots):
        super().__init__(directory=None, html=True, check_dir=False)
        self.snapshots = snapshots

    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        root = self.snapshots.current
        if root is None or path.startswith(("/", "\\")):
            return "", None
        directory = os.path.realpath(root)
        full = os.path.realpath(os.path.join(directory, path))
        if os.path.commonpath([full, directory]) != directory:  # no way out of the snapshot
            return "", None
        try:
            return full, os.stat(full)
        except (FileNotFoundError, NotADirectoryError):
            return "", None


async def status(request) -> JSONResponse:
    preview = request.app.state.preview
    return JSONResponse({"generation": preview.generation, "problems": preview.problems})


def create_app(preview: Preview, host: str, port: int) -> Starlette:
    """The preview's web app: the built pages (with the current problems), the reload socket, a status."""
    watcher = Watcher(preview)
    app = Starlette(
        routes=[
            WebSocketRoute("/websocket-reload", watcher, name="reload"),
            Route("/_preview/status.json", status),
            Mount("/", app=SnapshotFiles(preview.served), name="static"),
        ],
        middleware=[
            Middleware(NoStoreMiddleware),
            Middleware(JavascriptInjectorMiddleware, ws_url=f"{host}:{port}"),
            Middleware(ProblemsMiddleware, preview=preview),
        ],
        lifespan=watcher.serving,
    )
    app.state.watcher, app.state.preview = watcher, preview
    return app


class PreviewServer(uvicorn.Server):
    """uvicorn, but SIGINT/SIGTERM only ask it to stop: the preview then stops its own processes
    (uvicorn would re-raise the signal inside its event loop, before anything could clean up)."""

    def capture_signals(self):
        return _signals_to(self.handle_exit)

    def handle_exit(self, sig, frame) -> None:
        """Every signal only asks to stop: a second one (make's, the process group's) does not force an exit that
        would skip the app's shutdown (uvicorn escalates the second to ``force_exit``)."""
        self.should_exit = True


# -- the command ----------------------------------------------------------------------------------


def _say(line: str) -> None:
    print(line, flush=True)


def serve(
    year: int,
    port: int = 8000,
    data_root: str | Path | None = None,
    out_root: Path = paths.BUILD,
    host: str = "127.0.0.1",
    jobs: int | None = None,
    report=None,
    lang: str = "zh",
) -> None:
    """Build the preview, serve it until Ctrl-C or SIGTERM, then stop everything it started."""
    require_year(year, data_root, lang)
    preview = Preview(year, data_root, out_root, jobs, report=report or _say, lang=lang)
    app = None
    try:
        with interruptible():
            preview.open()
            preview.rebuild()
            raise_if_interrupted()
            app = create_app(preview, host, port)
            _run_server(app, host, port, preview.report)
    except BuildInterrupted:
        pass
    finally:
        _stop(preview, app)
    preview.report("预览已停止。")


def require_year(year: int, data_root: str | Path | None, lang: str) -> None:
    """A year without data fails at once, as ``make book`` does: there is no edition to show yet."""
    if not paths.data_dir(year, data_root).is_dir():
        Edition(year, data_root)  # raises UnknownYear naming the years there are


def _run_server(app: Starlette, host: str, port: int, report) -> None:
    server = PreviewServer(uvicorn.Config(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=1))
    report(f"预览地址：http://{host}:{port}/ （修改数据、笔记本或页面后自动重建；Ctrl-C 停止）")
    server.run()
    if not server.started:
        raise BuildError(f"无法在端口 {port} 上提供预览（端口已被占用？）")


def _stop(preview: Preview, app: Starlette | None) -> None:
    """Stop the rebuilds, the workers, their kernels and Sphinx, and release the lock, however serving ended.
    Another Ctrl-C meanwhile is ignored: stopping is bounded, and cut short it would leave processes behind."""
    with _signals_to(signal.SIG_IGN):
        steps = ([app.state.watcher.rebuilds.stop] if app is not None else []) + [lambda: preview.close(now=True)]
        for step in steps:
            with contextlib.suppress(Exception):  # each step is tried; stop_children ends whatever is left
                step()
        stop_children()


def _signals_to(handler) -> contextlib.ExitStack:
    """SIGINT and SIGTERM go to ``handler`` until the returned context exits (only the main thread can
    set them; elsewhere nothing changes)."""
    restore = contextlib.ExitStack()
    if threading.current_thread() is threading.main_thread():
        for s in (signal.SIGINT, signal.SIGTERM):
            restore.callback(signal.signal, s, signal.signal(s, handler))
    return restore
