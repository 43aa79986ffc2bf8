"""jieba's word list for the Chinese search, loaded in a third of the time.

jieba keeps its prefix dictionary (about 500,000 entries) as a ``marshal`` file in the temporary folder and reads
it back on every start of a process that splits Chinese text: about a second of CPU for each Jupyter Book driver and
each preview worker. The same dictionary kept with ``pickle`` loads in about 0.4 s. :func:`load` keeps it in the
user's cache folder (:data:`zjbook.paths.USER_CACHE`), never in a folder another user can write, as the temporary
folder is: a pickle runs what it holds. The file is named by what it is made of (jieba's version, the digest of its
dictionary file, Python's version). A file that fails to load is made again by jieba's own loading, never used; the
tokenizer ends up exactly as ``initialize()`` leaves it (the test compares the two).
"""

from __future__ import annotations

import logging
import pickle
import sys
from pathlib import Path

import jieba

from ..data.digest import sha
from ..paths import USER_CACHE
from .publishing import write_atomic

CACHE = USER_CACHE / "jieba"


def _key(tokenizer: jieba.Tokenizer) -> str:
    with tokenizer.get_dict_file() as f:
        dictionary = sha(f.read())[:16]
    python = "".join(map(str, sys.version_info[:2]))
    return f"jieba-{jieba.__version__}-{dictionary}-py{python}-p{pickle.HIGHEST_PROTOCOL}"


def load(tokenizer: jieba.Tokenizer | None = None, cache: Path = CACHE, quiet: bool = False) -> None:
    """Initialize ``tokenizer`` (jieba's default one unless given) with its default dictionary, from ``cache``
    when a whole copy is kept there; else by jieba itself, keeping a copy for the next process. ``quiet``: jieba
    logs warnings only (it says what it loads, and how fast, on the standard error)."""
    if quiet:
        jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.dt if tokenizer is None else tokenizer
    if tokenizer.initialized or tokenizer.dictionary != jieba.DEFAULT_DICT:
        tokenizer.initialize()  # already done, or another dictionary: jieba's own way
        return
    kept = cache / f"{_key(tokenizer)}.pickle"
    try:
        with kept.open("rb") as f:
            freq, total = pickle.load(f)
        if not isinstance(freq, dict) or not isinstance(total, int) or total <= 0:
            raise ValueError(kept)
    except Exception:  # noqa: BLE001 - missing, cut short or damaged in any way: made again
        tokenizer.initialize()
        try:
            cache.mkdir(parents=True, exist_ok=True)
            write_atomic(kept, pickle.dumps((tokenizer.FREQ, tokenizer.total), protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # a folder that can't be written: the next process loads it jieba's way too
        return
    with tokenizer.lock:
        tokenizer.FREQ, tokenizer.total = freq, total
        tokenizer.initialized = True
