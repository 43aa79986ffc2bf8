"""A small Sphinx extension for the book: each script once per page.

sphinx-thebe registers its configuration script at every ``env-before-read-docs``; a full
(``--all``) build can fire that more than once, and the page then declares ``THEBE_JS_URL``
twice, which is a JavaScript error in the reader's browser.
"""
from __future__ import annotations


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


def setup(app):
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
