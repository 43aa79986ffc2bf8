"""A small Sphinx extension for the book: each script once per page; the banner's links made relative; the
book's own title once in the introduction's browser title.

The build writes the edition banner once for the whole book (``html.announcement``) with two
placeholders (see :func:`zjbook.pipeline.build.announcement`): the path from the page up to its
language's root, and the page's own path. Filled in here for each page, the link to the other
language leads to the same page there, and the links to other editions work from any depth,
with plain ``href`` values (no script needed).

sphinx-thebe registers its configuration script at every ``env-before-read-docs``; a full
(``--all``) build can fire that more than once, and the page then declares ``THEBE_JS_URL``
twice, which is a JavaScript error in the reader's browser.

Sphinx compiles the theme's Jinja templates afresh in every build, a sixth of a build's time: they are kept
compiled in the user's cache (:func:`keep_compiled_templates`).
"""

from __future__ import annotations

import string
import sys
from pathlib import Path

import jinja2

from ..data.digest import sha
from ..paths import USER_CACHE

#: Where Sphinx's compiled templates are kept: one folder per setting of Jinja that changes the compiled code.
TEMPLATE_CACHE = USER_CACHE / "jinja"


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for js in scripts:
        attributes = dict(getattr(js, "attributes", {}))
        key = ("body", attributes["body"]) if attributes.get("body") else (str(js), repr(attributes))
        if key not in seen:
            seen.add(key)
            unique.append(js)
    context["script_files"] = unique


ROOT_MARK, PAGE_MARK = "__ZJBOOK_ROOT__", "__ZJBOOK_PAGE__"


def _fill_banner(app, pagename, templatename, context, doctree):
    banner = context.get("theme_announcement")
    if not banner or ROOT_MARK not in banner:
        return
    root = "../" * pagename.count("/")
    context["theme_announcement"] = banner.replace(ROOT_MARK, root).replace(PAGE_MARK, f"{pagename}.html")


def _single_title(app, pagename, templatename, context, doctree):
    """A page titled as the book itself (the introduction) reads "Book", not "Book — Book" in the browser's tab."""
    title, docstitle = context.get("title"), context.get("docstitle")
    if title and docstitle and str(title).strip() == str(docstitle).strip():
        context["titlesuffix"] = ""


def _reading_order(env) -> list[str]:
    order: list[str] = []

    def walk(doc: str) -> None:
        if doc not in order:
            order.append(doc)
            for child in env.toctree_includes.get(doc, []):
                walk(child)

    walk(env.config.root_doc)
    return order


def _lettered_appendices(app, env) -> list[str]:
    """Figures and tables of the pages outside the numbered chapters (the appendix, the analysts' part) numbered
    page by page with a letter, A.1, A.2 … then B.1 … in reading order (editor 86: their 图1, 表1–31 read as if they
    belonged to the chapters, whose numbers are 1.1, 2.1 …)."""
    chapters = {doc for doc, numbers in env.toc_secnumbers.items() if numbers}
    pages = [doc for doc in _reading_order(env) if doc in env.toc_fignumbers and doc not in chapters]
    for letter, doc in zip(string.ascii_uppercase, pages):
        for ids in env.toc_fignumbers[doc].values():
            for i, figure_id in enumerate(sorted(ids, key=lambda k: ids[k]), 1):
                ids[figure_id] = (letter, i)
    return pages


def keep_compiled_templates(env: jinja2.Environment, root: Path = TEMPLATE_CACHE) -> Path:
    """Give ``env`` Jinja's own bytecode cache, in a folder of ``root`` named by everything the compiled code depends
    on besides a template's source (which Jinja checks itself): Jinja's and Python's versions, the environment's
    kind, extensions and syntax, and each filter and test with what it is passed (decided when compiling). Returns
    the folder."""
    syntax = [
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
        env.is_async,
        env.finalize is not None,
        env.autoescape if isinstance(env.autoescape, bool) else getattr(env.autoescape, "__qualname__", "?"),
    ]
    functions = [
        f"{kind} {name} {getattr(function, 'jinja_pass_arg', None)}"
        for kind, table in (("filter", env.filters), ("test", env.tests))
        for name, function in sorted(table.items())
    ]
    settings = [jinja2.__version__, sys.version, type(env).__qualname__, *sorted(env.extensions), *map(repr, syntax)]
    folder = Path(root) / sha(*(str(x).encode() for x in settings + functions))[:16]
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
    return folder


def _compiled_templates(app) -> None:
    env = getattr(getattr(app.builder, "templates", None), "environment", None)
    if isinstance(env, jinja2.Environment):
        try:
            keep_compiled_templates(env)
        except OSError:  # no cache folder to be had: the templates are compiled as before
            pass


def setup(app):
    app.connect("builder-inited", _compiled_templates, priority=900)  # after the theme's own set-up
    # after Sphinx's own numbering (priority 500), every build: the pages it numbers anew get their letters again
    app.connect("env-get-updated", _lettered_appendices, priority=900)
    app.connect("html-page-context", _single_title, priority=900)
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    app.connect("html-page-context", _fill_banner, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
