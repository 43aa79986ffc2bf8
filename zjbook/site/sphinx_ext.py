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
"""

from __future__ import annotations

import string


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


def setup(app):
    # after Sphinx's own numbering (priority 500), every build: the pages it numbers anew get their letters again
    app.connect("env-get-updated", _lettered_appendices, priority=900)
    app.connect("html-page-context", _single_title, priority=900)
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    app.connect("html-page-context", _fill_banner, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
