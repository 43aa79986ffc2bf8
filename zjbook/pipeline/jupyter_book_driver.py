"""Jupyter Book, started while the notebooks still run, once for every language.

Half of a small build's Jupyter Book time is starting up: importing Jupyter Book, Sphinx and the extensions the
configuration names, and (for Chinese) loading the search's word list. The build starts this driver as soon as
the sources are staged::

    python -m zjbook.pipeline.jupyter_book_driver <stage> <lang> [<stage> <lang> ...]

It does all that once, while the notebooks execute, then waits for one line on its standard input: a JSON
list of builds, each ``{"folder", "options", "log"}``. It forks one child per build, which runs
``jupyter-book build <folder> --path-output <folder> <options>`` exactly as the command line would, its output
in ``log``; when all have ended it writes their exit statuses as a JSON list on standard output. It then waits
for the next line (a process that builds several editions, or tests, keeps it for every build: see
:func:`main`); end of input: it exits. Children die with the driver, the driver with the process that started it.
"""

from __future__ import annotations

import gc
import importlib
import importlib.util
import json
import os
import signal
import sys
from pathlib import Path

import soupsieve
from jupyter_book.cli.main import main as jupyter_book
from jupyter_book.config import get_final_config
from sphinx.application import builtin_extensions

from .. import languages
from . import wordlist
from .publishing import die_with_parent

#: What ``jupyter-book build`` imports besides the extensions a configuration names: its Sphinx entry point, the
#: notebook parser and the extensions Jupyter Book adds itself (imported here once, not in every language's child).
BUILD_MODULES = (
    "sphinx.application",
    "sphinx.builders.html",
    "sphinx.cmd.build",
    "sphinx.jinja2glue",
    "jinja2.sandbox",
    "jinja2.ext",
    "jupyter_book.sphinx",
    "jupyter_book.pdf",
    "myst_parser.sphinx_ext",
    "myst_nb.sphinx_ext",
    "myst_nb.sphinx_",
    "sphinx_design.extension",
    "sphinx_external_toc.events",
    "sphinx_jupyterbook_latex.events",
    "sphinxcontrib.applehelp",
    "sphinxcontrib.devhelp",
    "sphinxcontrib.htmlhelp",
    "sphinxcontrib.qthelp",
    "sphinxcontrib.serializinghtml",
    "alabaster",
)


def warm(stages: list[tuple[Path, str]]) -> None:
    """Import what a build imports (:data:`BUILD_MODULES`, Sphinx's built-in extensions), every extension the staged
    configurations name and each language's search module; load the Chinese search's word list; compile the CSS
    selectors' patterns. Nothing is set up: no language's state reaches another's child."""
    modules = [*BUILD_MODULES, *builtin_extensions]  # Sphinx loads its own extensions in every build
    for stage, lang in stages:
        config, _ = get_final_config(
            user_yaml=stage / "_config.yml", cli_config={"latex_individualpages": False}, sourcedir=stage
        )
        modules += config.get("extensions", [])
        search = languages.get(lang).sphinx.split("_")[0]
        if importlib.util.find_spec(f"sphinx.search.{search}") is not None:  # none for some: English words
            modules.append(f"sphinx.search.{search}")
        if search == "zh":
            wordlist.load()  # the word list Sphinx's Chinese search splits text with
    for module in dict.fromkeys(modules):
        try:
            importlib.import_module(module)
        except ImportError:  # an optional part of a build that has none: the child goes without it, as it would
            if module not in BUILD_MODULES and module not in builtin_extensions:
                raise
    # The book theme's sidebar is rewritten with CSS selectors, whose patterns soupsieve compiles on first use (a
    # quarter of a second): compiled once here, not in every child.
    soupsieve.compile("li.toctree-l1 > details > a.reference, .toc-h1 p.caption")


def _child(order: dict) -> int:
    """One build, in a forked child: its output into the order's log; the command line's exit status."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent()
    fd = os.open(order["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    os.chdir(order["folder"])
    try:
        jupyter_book(["build", order["folder"], "--path-output", order["folder"], *order["options"]])
    except SystemExit as e:  # how the command line ends, always
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    else:
        code = 0
    sys.stdout.flush()
    sys.stderr.flush()
    return code


def _pairs(flat: list[str]) -> list[tuple[Path, str]]:
    return [(Path(stage), lang) for stage, lang in zip(flat[::2], flat[1::2], strict=True)]


def build(orders: list[dict]) -> list[int]:
    """Fork one child per order, wait for them all; their exit statuses, in order."""
    children = []
    gc.freeze()  # a child's garbage collector never walks what it inherits (and never copies the pages it lies on)
    for order in orders:
        pid = os.fork()
        if pid == 0:
            os._exit(_child(order))
        children.append(pid)
    return [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children]


def main(argv: list[str]) -> None:
    """Warm up for the stages in ``argv``, then serve one request a line until the end of input: a JSON list of
    builds is answered by a line of their exit statuses; ``{"warm": [stage, lang, ...]}`` (the next build's
    sources, staged while its notebooks run) warms up for them and is not answered. A build that keeps the driver
    for its next build (:class:`zjbook.pipeline.build.JupyterBooks`) starts no other process and pays for the
    imports and the word list once; one that closes the input after its line gets the one-shot protocol."""
    die_with_parent()
    warm(_pairs(argv))
    for line in sys.stdin:
        if not line.strip():
            return
        request = json.loads(line)
        if isinstance(request, dict):
            warm(_pairs(request.get("warm", [])))
            continue
        print(json.dumps(build(request)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
