"""Sphinx extension for the live preview: page substitutions without a configuration change.

In the published build the figures reach the hand-written pages as ``myst_substitutions`` in
the configuration. Sphinx re-reads *every* page when such a value changes, so one edited figure
would cost a full rebuild. The preview instead keeps them in ``substitutions.json`` beside
``conf.py``: this extension hands them to MyST and re-reads only the pages whose
``{{ name }}`` values changed.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

from jinja2 import FileSystemBytecodeCache

from ..paths import PREVIEW_SUBSTITUTIONS

FILE = PREVIEW_SUBSTITUTIONS


def _load(app) -> dict[str, str]:
    try:
        return json.loads((Path(app.srcdir) / FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _set_substitutions(app) -> None:
    subs = _load(app)
    app.env.myst_config = dataclasses.replace(app.env.myst_config, substitutions=subs)
    app.zjbook_substitutions = subs


def _outdated(app, env, added, changed, removed) -> list[str]:
    """Pages that use a substitution whose value changed since the last build."""
    new = getattr(app, "zjbook_substitutions", {})
    old = getattr(env, "zjbook_substitutions", None)
    env.zjbook_substitutions = new
    if old is None or old == new:
        return []
    keys = {k for k in set(old) | set(new) if old.get(k) != new.get(k)}
    pattern = re.compile(r"\{\{\s*(" + "|".join(map(re.escape, keys)) + r")\s*\}\}")
    pages = []
    for docname in env.found_docs - set(changed) - set(added):
        try:
            if pattern.search(Path(env.doc2path(docname)).read_text(encoding="utf-8")):
                pages.append(docname)
        except OSError:
            continue
    return pages


def _cache_templates(app) -> None:
    """Keep compiled page templates between builds (each preview build is a fresh process)."""
    templates = getattr(getattr(app, "builder", None), "templates", None)
    environment = getattr(templates, "environment", None)
    if environment is not None:
        folder = Path(app.doctreedir).parent / "jinja-cache"
        folder.mkdir(parents=True, exist_ok=True)
        environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def setup(app):
    app.connect("builder-inited", _cache_templates, priority=950)
    app.connect("builder-inited", _set_substitutions, priority=900)  # after MyST builds its config
    app.connect("env-get-outdated", _outdated)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
