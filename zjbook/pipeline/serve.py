"""``make serve``: a live preview of one edition that rebuilds only what a change affects.

Pieces, each a kept tool or a part of the build:
- watchfiles (through sphinx-autobuild's :class:`RebuildServer`) watches the data root,
  ``notebooks/``, ``book/``, the helper package, ``_config.yml`` and ``_toc.yml``;
- on a change, :meth:`Preview.rebuild` validates the data, re-stages only the sources whose
  content changed, re-executes only the notebooks whose cache key changed (on
  :class:`~zjbook.pipeline.execute.WarmPool`, whose workers keep their kernels warm), and runs an
  incremental Sphinx build (:class:`~zjbook.pipeline.sphinx_worker.WarmSphinx`) in a stage that
  persists under ``_build/<year>/preview/``;
- Starlette + uvicorn serve the result; sphinx-autobuild's script reloads the open page after
  every rebuild, and :class:`ProblemsMiddleware` puts the current problems (bad data, a failed
  notebook or Sphinx run) on every page, or an error page where there is no page yet.

The published ``_build/<year>/html`` is never touched; the preview holds its own lock.
"""
from __future__ import annotations

import asyncio
import contextlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import asynccontextmanager
from pathlib import Path

import yaml

from .. import paths
from ..data.edition import Edition, UnknownYear
from ..render.page import voice_for
from ..data.validate import DataError
from .build import BuildError, NotebookKeys, chapters, data_root_parameter, failure_line, stage_sources
from .cache import NotebookCache, package_digest
from .execute import WarmPool
from ..paths import PREVIEW_SUBSTITUTIONS as SUBSTITUTIONS
from .publishing import BuildLock, stop_children, write_atomic
from .sphinx_worker import SphinxFailed, WarmSphinx

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


class Preview:
    """The preview's build state: a persistent stage, warm workers, the current problems."""

    def __init__(self, year: int, data_root: str | Path | None = None, out_root: Path = paths.BUILD,
                 jobs: int | None = None, report=print, lang: str = "zh"):
        self.year, self.data_root, self.report, self.lang = year, data_root, report, lang
        self.folder = Path(out_root) / str(year) / ("preview" if lang == "zh" else f"preview-{lang}")
        self.stage = self.folder / "stage"
        self.html = self.stage / "_build" / "html"
        self.cache = NotebookCache(Path(out_root) / ".cache")
        self.pool = WarmPool(jobs)
        self.sphinx = WarmSphinx()
        self.problems: list[str] = []
        self.generation = 0
        self._keys: dict[str, str] = {}
        self._package: str | None = None
        self._lock = BuildLock(self.folder)

    # -- life cycle -----------------------------------------------------------------------------
    def open(self) -> "Preview":
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
        started = time.perf_counter()
        package = package_digest()
        if package != self._package:  # the kernels and Sphinx have the old package imported
            self.report("辅助代码已改动：重启内核与 Sphinx")
            self.pool.restart()
            self.sphinx.restart()
            self._package = package
        try:
            ed = Edition(self.year, self.data_root)
        except DataError as e:  # one line a problem, the file-grouping and count lines left out
            return self._fail([str(p) for p in e.problems] or [str(e)], "数据有问题")
        except UnknownYear as e:
            return self._fail([str(e)], "数据有问题")
        times = {"校验": time.perf_counter() - started}
        try:
            self._stage(ed)
            times["源文件"] = time.perf_counter() - started - sum(times.values())
        except subprocess.CalledProcessError as e:
            return self._fail([f"jupyter-book config sphinx 失败：{(e.stderr or '').strip().splitlines()[-1:]}"], "配置有问题")
        failures = self._notebooks(ed)
        times["笔记本"] = time.perf_counter() - started - sum(times.values())
        if failures:
            return self._fail(failures, "笔记本执行失败")
        log = self.folder / "sphinx.log"
        try:
            code = self.sphinx.build(self.stage, self.html, self.stage / "_build" / "doctrees", log)
        except SphinxFailed as e:
            return self._fail([str(e)], "Sphinx 失败")
        times["Sphinx"] = time.perf_counter() - started - sum(times.values())
        messages = log.read_text(encoding="utf-8", errors="replace").splitlines() if log.exists() else []
        warnings = [re.sub(r"\x1b\[[0-9;]*m", "", m) for m in messages if "WARNING" in m or "ERROR" in m]
        if code != 0:
            return self._fail(warnings[:10] or messages[-3:] or [f"sphinx-build exit {code}"], "Sphinx 构建失败")
        for w in warnings[:5]:
            self.report(f"  ⚠ {w}")
        self.problems = []
        self.generation += 1
        spent = " · ".join(f"{k} {v:.1f}" for k, v in times.items())
        self.report(f"预览已更新（{time.perf_counter() - started:.1f} s：{spent}）")
        return True

    def _fail(self, lines: list[str], what: str) -> bool:
        self.problems = [f"{what}：{line}" if i == 0 and len(lines) == 1 else line for i, line in enumerate(lines)]
        if len(lines) > 1:
            self.problems.insert(0, f"{what}（{len(lines)} 条）：")
        self.generation += 1
        self.report(f"预览未更新，页面显示上一次成功的版本。{self.problems[0]}")
        for line in self.problems[1:]:
            self.report(f"  {line}")
        return False

    def _stage(self, ed: Edition) -> None:
        """Copy into the stage only the sources whose content changed; regenerate conf.py when needed."""
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".sources-", dir=self.folder))
        try:
            stage_sources(ed, voice_for(ed, self.lang), tmp)
            config = yaml.safe_load((tmp / "_config.yml").read_text(encoding="utf-8"))
            subs = config.get("parse", {}).pop("myst_substitutions", {})
            extensions = config.setdefault("sphinx", {}).setdefault("extra_extensions", [])
            extensions.append(PREVIEW_EXTENSION)
            (tmp / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
            (tmp / SUBSTITUTIONS).write_text(json.dumps(subs, ensure_ascii=False, sort_keys=True), encoding="utf-8")
            changed = set()
            wanted = set()
            for src in tmp.rglob("*"):
                if src.is_file():
                    rel = src.relative_to(tmp)
                    wanted.add(rel)
                    if _write_if_changed(self.stage / rel, src.read_bytes()):
                        changed.add(rel.as_posix())
            for old in (self.stage / "book").rglob("*") if (self.stage / "book").exists() else []:
                rel = old.relative_to(self.stage)
                if old.is_file() and rel.parts[1] != "generated" and rel not in wanted:
                    old.unlink()
            if changed & {"_config.yml", "_toc.yml"} or not (self.stage / "conf.py").exists():
                exe = Path(sys.executable).with_name("jupyter-book")
                subprocess.run([str(exe), "config", "sphinx", str(self.stage)], check=True, capture_output=True,
                               text=True, cwd=self.stage)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def _notebooks(self, ed: Edition) -> list[str]:
        """Put every chapter's executed notebook in the stage, executing only those whose key changed."""
        dest = self.stage / "book" / "generated"
        dest.mkdir(parents=True, exist_ok=True)
        keys = NotebookKeys(ed, self.lang, data_root_parameter(self.data_root))
        wanted, to_run = chapters(ed, self.lang), []
        for nb in wanted:
            key = keys.current_key(self.cache, nb.stem)
            if key is not None and key == self._keys.get(nb.stem) and (dest / nb.name).exists():
                continue
            if key is not None and self.cache.restore(key, nb.stem, dest):
                os.utime(dest / nb.name)  # restored files keep their old mtime; Sphinx must see the change
                self._keys[nb.stem] = key
                self.report(f"  ↺ {nb.stem:<28} 取自缓存")
                continue
            to_run.append(nb)
        for gone in set(p.stem for p in dest.glob("*.ipynb")) - {nb.stem for nb in wanted}:
            (dest / f"{gone}.ipynb").unlink()
            self._keys.pop(gone, None)
        runs = self.pool.run(dest, keys.params, to_run, report=self.report, failed_dir=self.folder / "failed")
        failures = []
        for run in runs:
            if run.error:
                self._keys.pop(run.notebook, None)
                failures.append(failure_line(ed, run))
                continue
            self._keys[run.notebook] = keys.run_key(run)
            self.cache.store(self._keys[run.notebook], run.notebook, ed.year, list(run.reads), dest, self.lang)
        write_atomic(self.folder / STATE, json.dumps({"keys": self._keys, "package": self._package}))
        return failures


# -- the web side -------------------------------------------------------------------------------

def problems_html(problems: list[str]) -> str:
    items = "".join(f"<li>{html.escape(p)}</li>" for p in problems[1:])
    return ('<div id="zjbook-preview-problems" role="alert" style="background:#fde8e8;color:#611;'
            'border:2px solid #c33;padding:.8em 1.2em;margin:0;font-size:15px;position:relative;z-index:9999">'
            f"<strong>预览未更新：{html.escape(problems[0])}</strong>"
            f"{'<ul>' + items + '</ul>' if items else ''}"
            "<div>改正后保存，预览会自动重建并刷新；下面是上一次成功构建的版本。</div></div>")


def error_page(problems: list[str]) -> bytes:
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>预览：有问题</title></head>"
            f"<body>{problems_html(problems)}</body></html>\n").encode()


class ProblemsMiddleware:
    """Put the preview's current problems on every HTML page; an error page where there is none."""

    def __init__(self, app, preview: Preview):
        self.app, self.preview = app, preview

    async def __call__(self, scope, receive, send):
        problems = list(self.preview.problems)
        if scope["type"] != "http" or not problems:
            await self.app(scope, receive, send)
            return
        start, body = {}, []

        async def hold(message):
            if message["type"] == "http.response.start":
                start.update(message)
            else:
                body.append(message.get("body", b""))

        await self.app(scope, receive, hold)
        headers = {k.decode().lower(): v.decode() for k, v in start.get("headers", [])}
        content = b"".join(body)
        status = start.get("status", 200)
        if status == 404 or headers.get("content-type", "").startswith("text/html"):
            if status == 404:
                content, status = error_page(problems), 503
            else:
                banner = problems_html(problems).encode()
                content = re.sub(rb"(<body[^>]*>)", lambda m: m.group(1) + banner, content, count=1)
            headers["content-type"] = "text/html; charset=utf-8"
            headers.pop("etag", None)
            headers.pop("last-modified", None)
        headers["content-length"] = str(len(content))
        await send({"type": "http.response.start", "status": status,
                    "headers": [(k.encode(), v.encode()) for k, v in headers.items()]})
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


def watched(preview: Preview) -> list[Path]:
    root = Path(preview.data_root) if preview.data_root else paths.DATA
    return [root, paths.NOTEBOOKS, paths.BOOK, paths.ROOT / "zjbook", paths.ROOT / "_config.yml", paths.ROOT / "_toc.yml"]


def ignored(path: str) -> bool:
    """Temporary, hidden, compiled and generated files never trigger a rebuild."""
    p = Path(path)
    return (any(part.startswith(".") or part in ("__pycache__", "generated") for part in p.parts[-4:])
            or p.name.endswith(("~", ".pyc", ".swp", ".swx")))


def create_app(preview: Preview, host: str, port: int):
    import watchfiles
    from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
    from sphinx_autobuild.server import RebuildServer
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.responses import JSONResponse
    from starlette.routing import Mount, Route, WebSocketRoute
    from starlette.staticfiles import StaticFiles

    class Watcher(RebuildServer):
        """sphinx-autobuild's reload socket; the rebuild runs in one long-lived thread, so the
        warm workers survive from change to change, and changes during a rebuild queue up."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.pending = threading.Event()
            self.stopping = False
            self.clients: set = set()
            self.loop = None
            self.thread = threading.Thread(target=self.builder, name="zjbook-preview-build", daemon=True)

        def builder(self) -> None:
            while True:
                self.pending.wait()
                if self.stopping:
                    return
                self.pending.clear()
                try:
                    preview.rebuild()
                except Exception as e:  # noqa: BLE001 - the preview must survive anything a change does
                    if self.stopping:
                        return
                    preview._fail([f"{type(e).__name__}: {e}"], "重建出错")
                if self.stopping:
                    return
                with contextlib.suppress(RuntimeError):  # the server stopped meanwhile
                    self.loop.call_soon_threadsafe(self.flag.set)

        async def watch(self) -> None:
            self.loop = asyncio.get_running_loop()
            self.thread.start()
            async for _ in watchfiles.awatch(*self.paths, watch_filter=lambda _, path: not ignored(path),
                                             stop_event=self.should_exit):
                self.pending.set()

        async def watch_reloads(self, ws) -> None:
            seen = preview.generation
            while True:
                await self.flag.wait()
                if preview.generation != seen:
                    seen = preview.generation
                    await ws.send_text("refresh")
                await asyncio.sleep(0.05)
                self.flag.clear()

        def stop(self) -> None:
            if self.stopping:
                return
            self.stopping = True
            self.pending.set()
            preview.sphinx.stop()
            preview.pool.close(now=True)
            if self.thread.is_alive():
                self.thread.join(10)

    watcher = Watcher([p for p in watched(preview) if p.exists()], ignore_filter=ignored, change_callback=None)

    @asynccontextmanager
    async def lifespan(app):
        async with watcher.lifespan(app):
            yield
        await asyncio.to_thread(watcher.stop)

    async def status(request):
        return JSONResponse({"generation": preview.generation, "problems": preview.problems})

    preview.html.mkdir(parents=True, exist_ok=True)
    app = Starlette(
        routes=[WebSocketRoute("/websocket-reload", watcher, name="reload"),
                Route("/_preview/status.json", status),
                Mount("/", app=StaticFiles(directory=preview.html, html=True), name="static")],
        middleware=[Middleware(NoStoreMiddleware), Middleware(JavascriptInjectorMiddleware, ws_url=f"{host}:{port}"),
                    Middleware(ProblemsMiddleware, preview=preview)],
        lifespan=lifespan)
    app.state.watcher = watcher
    return app


def _uvicorn_server():
    import signal

    import uvicorn

    class Server(uvicorn.Server):
        """uvicorn, but SIGINT/SIGTERM only ask it to stop: the preview then stops its own processes
        (uvicorn would re-raise the signal inside its event loop, before anything could clean up)."""

        @contextlib.contextmanager
        def capture_signals(self):
            previous = {s: signal.signal(s, self.handle_exit) for s in (signal.SIGINT, signal.SIGTERM)}
            try:
                yield
            finally:
                for s, h in previous.items():
                    signal.signal(s, h)

    return Server


def _say(line: str) -> None:
    print(line, flush=True)


def serve(year: int, port: int = 8000, data_root: str | Path | None = None, out_root: Path = paths.BUILD,
          host: str = "127.0.0.1", jobs: int | None = None, report=None, lang: str = "zh") -> None:
    """Build the preview, serve it until Ctrl-C or SIGTERM, then stop everything it started."""
    import uvicorn
    from .publishing import BuildInterrupted, interruptible
    _Server = _uvicorn_server()

    preview = Preview(year, data_root, out_root, jobs, report=report or _say, lang=lang)
    app = None
    try:
        with interruptible():
            preview.open()
            preview.rebuild()
            app = create_app(preview, host, port)
            server = _Server(uvicorn.Config(app, host=host, port=port, log_level="warning",
                                            timeout_graceful_shutdown=2))
            preview.report(f"预览地址：http://{host}:{port}/ （修改数据、笔记本或页面后自动重建；Ctrl-C 停止）")
            server.run()
            if not server.started:
                raise BuildError(f"无法在端口 {port} 上提供预览（端口已被占用？）")
    except BuildInterrupted:
        pass
    finally:
        with contextlib.suppress(BaseException):
            if app is not None:
                app.state.watcher.stop()
            preview.close(now=True)
        stop_children()
    preview.report("预览已停止。")
