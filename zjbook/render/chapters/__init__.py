"""The book's pages, one module per chapter: what each part of a page shows, in which order, and its figures.

A notebook opens its :class:`~zjbook.render.page.Page` and calls these, one cell per part of the page."""

from __future__ import annotations

import importlib

MODULES = ("appendix", "districts", "review", "trends", "zhangjiang", "zizhu")


def load() -> None:
    """Import every chapter module now (a build does it once, before its workers fork)."""
    for name in MODULES:
        importlib.import_module(f"{__name__}.{name}")
